"""Attacks sent for real to ``nnshape serve``: other hosts, other sessions, floods of clicks,
huge and forged messages, oversized links, and a fuzz of websocket messages.

One server serves the whole module (started with the test key, ``harness.client.SECRET``,
and ``--allow-host nnshape.test``); the requests are raw (``http.client``, tornado's
websocket client speaking Bokeh's protocol frame by frame) or Bokeh's own client, and a
browser where the page itself must be seen. Over 300 lines on purpose: one server, started
once, serves every attack (a server per file would cost more than the attacks).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import http.client
import json
import math
import random
import re
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from bokeh.util.token import generate_jwt_token, generate_session_id, get_session_id
from tornado.httpclient import HTTPClientError
from tornado.ioloop import IOLoop

from dashboard.server import MAX_MESSAGE_BYTES
from harness.browser import PLOTTED_JS, goto
from harness.client import Learner, pull, signed_env
from harness.serve import cpu_seconds, free_port, nnshape_serve, rss_mb, running
from harness.wire import (
    click_burst,
    client_token,
    connect,
    frames,
    models,
    opened,
    pull_doc,
    receive,
)
from model.article import figure

HOST = "nnshape.test"
#: Log records that show an exception nobody handled (Bokeh's, tornado's, asyncio's words).
UNHANDLED = re.compile(
    r"Unhandled exception|Handler or its work threw|Task exception was never retrieved|"
    r"Exception in callback|Uncaught exception|AssertionError|Failed sending message"
)
#: Log records whose traceback is of an exception the app caught and told the learner about.
REPORTED = ("nnshape: error in a session callback", "ERROR: panel.reactive - Callback failed")


@dataclass
class Served:
    port: int
    proc: object
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def mark(self) -> int:
        return len(self.log.read_text(errors="replace"))

    def log_since(self, mark: int = 0) -> str:
        return self.log.read_text(errors="replace")[mark:]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    port = free_port()
    log = tmp_path_factory.mktemp("attacks") / "serve.log"
    with running(nnshape_serve(port, "--allow-host", HOST), port, log, env=signed_env()) as proc:
        yield Served(port, proc, log)


def unhandled(text: str) -> list[str]:
    """The log records in ``text`` that show an unhandled exception."""
    records = re.split(r"\n(?=\S)", text)
    bad = [r for r in records if UNHANDLED.search(r)]
    bad += [r for r in records if "Traceback" in r and not r.lstrip().startswith(REPORTED)]
    bad += [r for r in records if r.startswith("Traceback")]  # a traceback with no record
    return [r[:600] for r in bad]


def get(port, path="/", host=None, headers=None, timeout=60, address="127.0.0.1"):
    """(status, headers, body) of a GET to the server, with the Host header ``host``."""
    conn = http.client.HTTPConnection(address, port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Host": host or f"{address}:{port}", **(headers or {})})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def token_of(page: bytes) -> str:
    return re.search(rb'"token":\s*"([^"]+)"', page).group(1).decode()


def in_thread(function, timeout: float = 180):
    """``function()`` on a thread of its own (its own event loop, whatever runs on this one:
    Playwright's, once a browser test has run)."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(function).result(timeout)


def run(coroutine_function, timeout: float = 120):
    def once():
        loop = IOLoop()
        try:
            return loop.run_sync(coroutine_function, timeout=timeout)
        finally:
            loop.close(all_fds=True)

    return in_thread(once, timeout + 30)


def answers(url: str, figure: str = "nn11") -> bool:
    """Whether a new session of the server at ``url`` takes a change (a learner's slider)."""
    return in_thread(lambda: _answers(url, figure))


def _answers(url: str, figure: str) -> bool:
    loop = IOLoop()
    learner = Learner(pull(url, {"figure": figure}, io_loop=loop), timeout=30)

    async def check() -> bool:
        reader = asyncio.ensure_future(learner.read())
        latency = await learner.change()
        learner.close()
        await asyncio.wait_for(reader, 10)
        return latency is not None

    try:
        return loop.run_sync(check, timeout=60)
    finally:
        loop.close()


# -- 5: hosts ----------------------------------------------------------------------------------


def test_a_request_for_another_host_is_refused_before_any_page_is_built(served):
    port = served.port
    before = cpu_seconds(served.proc.pid)
    for host in (f"evil.example:{port}", "evil.example", f"localhost.evil.example:{port}"):
        for _ in range(10):
            status, headers, body = get(port, "/?figure=nn9", host=host)
            assert status == 403, host
            assert b"does not answer to the name" in body
            assert headers["Content-Type"].startswith("text/html")
    # 30 refusals: no page built (one costs ~0.5 s of the server's time).
    assert cpu_seconds(served.proc.pid) - before < 1.0
    for host in (HOST, f"{HOST}:{port}", f"localhost:{port}"):
        assert get(port, host=host)[0] == 200, host
    assert get(port, host=f"{HOST}:1234")[0] == 403


def test_a_rebound_name_cannot_open_a_websocket(served):
    port = served.port
    evil = f"evil.example:{port}"

    async def attempt() -> int | None:
        try:
            await opened(port, client_token(), host=evil, origin=f"http://{evil}")
        except HTTPClientError as error:
            return error.code
        return None

    assert run(attempt) == 403
    ours = f"127.0.0.1:{port}"
    assert run(lambda: opened(port, client_token(), host=ours, origin=f"http://{ours}"))


def test_address_binds_beyond_loopback_and_the_host_must_still_be_allowed(tmp_path):
    """``--address`` (here 127.0.0.2, another loopback address) with ``--allow-host``."""
    import subprocess
    import sys

    from harness.serve import ROOT

    port = free_port()
    command = [sys.executable, "-m", "dashboard.cli", "serve", "--port", str(port),
               "--address", "127.0.0.2", "--allow-host", "127.0.0.2"]  # fmt: skip
    with open(tmp_path / "serve.log", "w") as out:
        proc = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(OSError):
                assert get(port, "/favicon.ico", address="127.0.0.2")[0] == 200
                break
            assert proc.poll() is None and time.monotonic() < deadline, "not listening"
            time.sleep(0.2)
        with pytest.raises(ConnectionRefusedError):  # not on 127.0.0.1
            get(port, "/favicon.ico")
        assert get(port, "/", address="127.0.0.2")[0] == 200
        status, _, _ = get(port, "/", host=f"localhost.evil.example:{port}", address="127.0.0.2")
        assert status == 403
    finally:
        proc.terminate()
        proc.wait(10)


# -- 4: sessions ------------------------------------------------------------------------------


def test_a_link_cannot_name_a_session(served):
    port = served.port
    status, _, page = get(port, "/?figure=nn9")
    assert status == 200
    token = token_of(page)
    session_id = get_session_id(token)
    for path, headers in (
        (f"/?bokeh-session-id={session_id}", {}),
        (f"/?figure=nn9&bokeh-session-id={session_id}", {}),
        ("/?bokeh-session-id=chosen-by-me", {}),
        (f"/?bokeh-token={token}", {}),
        ("/", {"Bokeh-Session-Id": session_id}),
    ):
        status, _, body = get(port, path, headers=headers)
        assert status == 403, path
        assert b"a link cannot open somebody else" in body
        assert token.encode() not in body and session_id.encode() not in body


def test_a_token_copied_from_a_page_cannot_open_a_second_socket(served):
    port = served.port
    token = token_of(get(port, "/?figure=nn9")[2])

    async def twice() -> tuple[bool, bool]:
        first = await connect(port, token, query="")
        try:
            ack = await receive(first)
            assert ack is not None and ack[0]["msgtype"] == "ACK"
            return True, await opened(port, token, query="")
        finally:
            first.close()

    assert run(twice) == (True, False)
    assert "refused a second connection to a session" in served.log_since()


def test_a_served_page_never_reconnects_to_its_session(served):
    """What makes "one socket per session" safe: Panel leaves Bokeh's reconnect off."""

    def reconnects() -> bool:
        loop = IOLoop()
        session = pull(f"{served.url}/", {"figure": "nn9"}, io_loop=loop)
        try:
            return session.document.config.reconnect_session
        finally:
            session.close()
            loop.close()

    assert in_thread(reconnects) is False


def test_only_tokens_signed_with_the_servers_key_open_a_socket(served):
    port = served.port
    unsigned = generate_jwt_token(generate_session_id(signed=False), signed=False)
    assert not run(lambda: opened(port, unsigned))
    assert not run(lambda: opened(port, client_token("another key, also long enough 1234")))
    assert run(lambda: opened(port, client_token()))


def test_servers_sharing_a_key_accept_each_others_sessions_and_others_do_not(served, tmp_path):
    """Several hosts behind one proxy, given one key: a page served by one opens on another
    (which builds the session from the page's token, its figure included). A server given no
    key makes its own, and its pages open nowhere else."""
    from bokeh.client.session import ClientSession
    from bokeh.models import Slider

    from harness.client import models_in_page_order

    token = token_of(get(served.port, "/?figure=nn9")[2])
    other = free_port()
    with running(nnshape_serve(other), other, tmp_path / "b.log", env=signed_env()):

        class Copied(ClientSession):
            @property
            def token(self):
                return token

        def first_slider() -> float:
            loop = IOLoop()
            session = Copied(
                session_id=get_session_id(token),
                websocket_url=f"ws://127.0.0.1:{other}/ws",
                io_loop=loop,
            )
            session.pull()
            doc = session.document
            session.close()
            loop.close()
            return next(m for m in models_in_page_order(doc) if isinstance(m, Slider)).value

        assert in_thread(first_slider) == figure("nn9").neurons[0].weight
    alone = free_port()
    env = {"BOKEH_SECRET_KEY": ""}
    with running(nnshape_serve(alone), alone, tmp_path / "c.log", env=env):
        foreign = token_of(get(alone, "/")[2])
    assert not run(lambda: opened(served.port, foreign, query=""))


# -- 7: a click flood, then the page goes ------------------------------------------------------


def test_clicks_queued_when_the_page_says_goodbye_do_not_run(served):
    """200 clicks of "+ Add neuron", as a browser sends them, then the page closes: the
    goodbye is behind the clicks, and none of them may run once it is there."""
    port = served.port
    mark = served.mark()

    async def flood():
        ws = await connect(port, client_token())
        assert (await receive(ws))[0]["msgtype"] == "ACK"
        await click_burst(ws, "+ Add neuron", 200)
        ws.close()  # the close frame follows the clicks
        # Keep the socket open (tornado's client waits up to 5 s for the server's close):
        # closed at once, with answers unread, it would be reset and the server's
        # unread bytes, the clicks among them, thrown away.
        while await asyncio.wait_for(ws.read_message(), 10) is not None:
            pass

    run(flood)
    deadline = time.monotonic() + 30
    while not re.search(r"dropped (\d+) frame", served.log_since(mark)):
        assert time.monotonic() < deadline, "the clicks after the goodbye were handled"
        time.sleep(0.2)
    late = int(re.search(r"dropped (\d+) frame", served.log_since(mark)).group(1))
    assert late >= 3 * 150  # three frames a message
    while "session(s) ended" not in served.log_since(mark):
        assert time.monotonic() < deadline, "the session was not released"
        time.sleep(0.2)
    time.sleep(0.5)
    cpu = cpu_seconds(served.proc.pid)
    time.sleep(2.0)
    assert cpu_seconds(served.proc.pid) - cpu < 0.5, "work went on after the page had gone"
    log = served.log_since(mark)
    assert not unhandled(log), unhandled(log)
    assert answers(f"{served.url}/")


# -- 9: huge messages, and changes the page does not offer --------------------------------------


def test_a_40_mb_message_closes_only_its_connection_and_costs_no_memory(served):
    port = served.port
    before = rss_mb(served.proc.pid)

    async def attack():
        ws = await connect(port, client_token())
        try:
            assert (await receive(ws))[0]["msgtype"] == "ACK"
            with contextlib.suppress(Exception):
                await ws.write_message("[" + "1," * (20 * 1024 * 1024) + "1]")
            return await receive(ws, 30)
        finally:
            ws.close()

    assert run(attack) is None  # closed by the server
    time.sleep(1.0)
    assert rss_mb(served.proc.pid) - before < 30
    assert answers(f"{served.url}/")


def test_changes_the_page_does_not_offer_are_dropped(served):
    mark = served.mark()
    before = rss_mb(served.proc.pid)
    result = in_thread(lambda: _offer_what_the_page_does_not(served.url))
    assert result["latency"] is not None  # what the page offers still goes through
    assert result["sources"] >= 5  # every data source of the page
    # Kept, the data would hold 2 × 40,000 floats in every source (~20 MB in all).
    assert rss_mb(served.proc.pid) - before < 12
    log = served.log_since(mark)
    # Bokeh's client sends a source's new data as its own kind of event.
    for dropped in ("Button.label", "Slider.title", "'ColumnDataChanged' event"):
        assert dropped in log, dropped
    assert not unhandled(log), unhandled(log)


def _offer_what_the_page_does_not(url: str) -> dict:
    from bokeh.models import Button, ColumnDataSource

    loop = IOLoop()
    learner = Learner(pull(f"{url}/", {"figure": "nn11"}, io_loop=loop), timeout=30)
    doc = learner.session.document
    sources = [m for m in doc.models if isinstance(m, ColumnDataSource)]

    async def attack():
        reader = asyncio.ensure_future(learner.read())
        next(m for m in doc.models if isinstance(m, Button)).label = "<b>hacked</b>"
        learner.slider.title = "<b>hacked</b>"
        big = [float(i) for i in range(40_000)]  # ~600 KB of JSON a message
        for source in sources:
            source.data = {"x": big, "y": big}
            await asyncio.sleep(0.05)
        await asyncio.sleep(1.0)
        latency = await learner.change()
        learner.close()
        await asyncio.wait_for(reader, 10)
        return latency

    try:
        return {"latency": loop.run_sync(attack, timeout=120), "sources": len(sources)}
    finally:
        loop.close()


# -- 11: links of every size ------------------------------------------------------------------


def test_links_up_to_32_kb_open_the_app_and_longer_ones_get_a_page(served):
    port = served.port
    many = "/?figure=nn9&" + "&".join(["a=1"] * 5000)
    assert many.count("&") > 1000 and len(many) < 32 * 1024
    status, _, body = get(port, many)
    assert status == 200 and b'"token"' in body  # tornado alone answered 400 past 1,000
    longest = "/?figure=nn9&n=" + "1_0~" * ((32 * 1024 - 16) // 4)
    assert len(longest) <= 32 * 1024
    assert get(port, longest)[0] == 200
    for path in (longest + "~1_0~1_0", "/?n=" + "1" * 66_000, "/?n=" + "1" * 200_000):
        status, headers, body = get(port, path)
        assert status == 414, len(path)
        assert b"This link is too long" in body and b"32,768" in body
        assert int(headers["Content-Length"]) == len(body) < 2000
    status, _, body = get(port, "/", headers={"Cookie": "c=" + "x" * 150_000})
    assert status == 431 and b"Clearing this site" in body
    # Past tornado's reading limit (256 KB of request head) nothing can answer: the
    # connection closes, and the server goes on.
    with pytest.raises((http.client.HTTPException, ConnectionError)):
        get(port, "/?n=" + "1" * 300_000)
    assert get(port, "/favicon.ico")[0] == 200


def test_a_long_link_in_a_browser_opens_the_app_with_notices_or_says_it_is_too_long(served, page):
    unknown = "&".join(f"p{i}=1" for i in range(4000))
    goto(page, f"{served.url}/?figure=nn9&{unknown}", timeout=60)
    page.get_by_text("ignored unknown parameter(s)", exact=False).first.wait_for()
    plotted = [k for k in page.evaluate(PLOTTED_JS) if re.fullmatch(r"n\d+", k)]
    assert len(plotted) == len(figure("nn9").neurons)
    page.goto(f"{served.url}/?n=" + "1_0~" * 17_000)
    page.get_by_text("This link is too long", exact=True).wait_for()
    page.get_by_role("link", name="Open nnshape without it").click()
    page.wait_for_function("() => window.Bokeh && Bokeh.documents.length > 0")
    assert not page.errors


# -- fuzz: websocket messages -------------------------------------------------------------------


def _value(rng: random.Random, ids: list[str]):
    choice = rng.randrange(14)
    if choice == 0:
        return rng.uniform(-1e6, 1e6)
    if choice == 1:
        return rng.choice([math.nan, math.inf, -math.inf])  # json.dumps writes NaN, Infinity
    if choice == 2:
        return {"type": "number", "value": rng.choice(["nan", "-inf", "+inf", "x"])}
    if choice == 3:
        return "x" * rng.choice([0, 1, 1000, 100_000])
    if choice == 4:
        return rng.choice([True, False, None, 0, -1, 2**70, 1e308])
    if choice == 5:
        return [rng.random() for _ in range(rng.randrange(50))]
    if choice == 6:
        return {"type": "object", "name": rng.choice(["ColumnDataSource", "Div", "Nope"]),
                "id": f"f{rng.random()}", "attributes": {"text": "<script>x</script>"}}  # fmt: skip
    if choice == 7:
        return {"id": rng.choice([*ids, "nope", ""])}
    if choice == 8:
        return {"type": "ndarray", "array": {"type": "bytes", "data": "AAAA"}, "shape": [1]}
    if choice == 9:
        return {"type": "map", "entries": [[rng.random(), {"id": "nope"}]]}
    if choice == 10:
        return [[[[[1]]]]]
    if choice == 11:
        return {"type": "slice", "start": 0}
    if choice == 12:
        return "<img src=x onerror=alert(1)>"
    return rng.choice(["nn9", "relu", "sigmoid", "?figure=nn9", "a.json"])


def _event(rng: random.Random, models, ids: list[str]):
    model_id, _name, attrs = rng.choice(models)
    others = ["ColumnsStreamed", "ColumnsPatched", "RootAdded", "RootRemoved", "TitleChanged", "?"]
    kind = rng.choice(["ModelChanged"] * 6 + ["MessageSent"] * 2 + others)
    if kind == "ModelChanged":
        attr = rng.choice([*attrs, "value", "data", "label", "active", "__class__", "tags", "js"])
        ref = rng.choice([{"id": model_id}] * 8 + [{"id": "nope"}, {}, None, model_id])
        return {"kind": kind, "model": ref, "attr": attr, "new": _value(rng, ids)}
    if kind == "MessageSent":
        name = rng.choice(["button_click", "document_ready", "reset", "tap", "nope", None])
        values = rng.choice(
            [{"type": "map", "entries": [["model", {"id": model_id}]]}, _value(rng, ids)]
        )
        return {"kind": kind, "msg_type": rng.choice(["bokeh_event", "x"]),
                "msg_data": {"type": "event", "name": name, "values": values}}  # fmt: skip
    return {"kind": kind, "model": {"id": model_id}, "data": _value(rng, ids),
            "title": _value(rng, ids)}  # fmt: skip


def _case(rng: random.Random, models) -> tuple[list[str], bool]:
    """One fuzzed message (its frames), and whether it may close the connection: a
    PATCH-DOC, whatever its content, must not (unless it is over the size limit)."""
    ids = [m[0] for m in models]
    roll = rng.random()
    if roll < 0.02:  # one huge text, just under the size limit
        event = _event(rng, models, ids) | {"new": "y" * (MAX_MESSAGE_BYTES - 4096)}
        message = frames("PATCH-DOC", {"events": [event]})
        return message, len(message[2]) > MAX_MESSAGE_BYTES
    if roll < 0.85:
        events = [_event(rng, models, ids) for _ in range(rng.randrange(1, 5))]
        message = frames("PATCH-DOC", {"events": events})
        return message, len(message[2]) > MAX_MESSAGE_BYTES  # tornado closes past the limit
    if roll < 0.97:
        content = rng.choice([[], "x", 5, None, {"events": "x"}, {"events": [1, "a", None]},
                              {"events": None, "references": [{"type": "object"}]}])  # fmt: skip
        # Bokeh never completes a message whose content is null: it waits for buffers.
        return frames("PATCH-DOC", content), content is None
    if roll < 0.985:
        # Bokeh closes a connection whose message it cannot assemble (any of these may be).
        kind = rng.choice(["PUSH-DOC", "FOO", "ACK", "OK", "ERROR", "SERVER-INFO-REQ"])
        return frames(kind, {"doc": {"roots": [_value(rng, ids)]}}), True
    broken = rng.choice(
        [
            ["{not json", "{}", "{}"],
            [json.dumps({"msgtype": "PATCH-DOC"}), "{}", "{}"],  # no msgid
            [json.dumps({"msgid": "1", "msgtype": "PATCH-DOC", "num_buffers": 3}), "{}", "{}"],
            [json.dumps({"msgid": "1", "msgtype": "PATCH-DOC"}), "{}", "{bad json"],
            [json.dumps([1, 2]), "{}", "{}"],
        ]
    )
    return broken, True


def test_fuzzed_websocket_messages_leave_no_unhandled_exception(served):
    mark = served.mark()
    rng = random.Random(20261201)
    port = served.port
    counts = {"sent": 0, "connections": 0}
    history: list = []

    async def fuzz():
        ws, present = None, []
        for _ in range(300):
            if ws is None:
                ws = await connect(port, client_token())
                counts["connections"] += 1
                assert (await receive(ws))[0]["msgtype"] == "ACK"
                present = models(await pull_doc(ws))
            message, may_close = _case(rng, present)
            history.append([f[:300] for f in message])
            for frame in message:
                with contextlib.suppress(Exception):
                    await ws.write_message(frame)
            counts["sent"] += 1
            if may_close:  # a connection Bokeh may close, or leave waiting: start afresh
                ws.close()
                ws = None
                continue
            if rng.random() < 0.1:  # is it still there, and answering?
                for frame in frames("PULL-DOC-REQ", {}):
                    with contextlib.suppress(Exception):
                        await ws.write_message(frame)
                while True:
                    reply = await receive(ws, 30)
                    assert reply is not None, (
                        f"the server closed ({ws.close_code} {ws.close_reason}) a connection "
                        "it should keep after "
                        f"{history[-3:]}\n{served.log_since(mark)[-2000:]}"
                    )
                    if reply[0]["msgtype"] == "PULL-DOC-REPLY":
                        break
        if ws is not None:
            ws.close()

    run(fuzz, timeout=150)
    assert counts["sent"] == 300
    # Most messages went down connections the server kept (only a case that may close starts
    # a new one: about one in fifteen, by the seeded draw over the page's models).
    assert counts["connections"] < 30
    assert answers(f"{served.url}/")
    log = served.log_since(mark)
    assert not unhandled(log), unhandled(log)
    assert served.proc.poll() is None
