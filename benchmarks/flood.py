"""Flood benchmark: how long a connected learner waits while someone floods the server.

    python -m benchmarks.flood            # 100 plain GETs of / at once, then 200 clicks
    python -m benchmarks.flood --quick    # 8 GETs, 20 clicks, 5 changes: it must run (CI)

Starts ``nnshape serve`` on a free loopback port. A bystander, a Bokeh client session
(``bokeh.client.pull_session``, no browser) on figure nn11, changes neuron 1's weight and waits
until its document's hidden URL text input (the ``TextInput`` whose value starts with
``?figure=``) holds the new weight: the server has taken the change, the model and the
permalink have caught up. That wait is timed, first with nothing else going on, then while
``--gets`` plain GETs of ``/`` (no websocket: pages nobody opens) are sent at once from other
connections, until every one of them has its answer; then while another page (a websocket of
its own, its session built first) sends ``--clicks`` clicks of "+ Add neuron" as fast as they
go, until the server has answered the last of them (nothing more for 2 s). The median wait
during each flood is reported as a ratio to the median without one, measured in the same run on
the same server.

Prints a Markdown table; exits 1 if the bystander lost a change or the server logged an
error, never for slow numbers. Only 127.0.0.1 is contacted, for a bounded time.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import signal
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from harness.client import Learner, pull, signed_env
from harness.serve import cpu_seconds, free_port, nnshape_serve, rss_mb, running
from harness.wire import bokeh_event, button, client_token, connect, pull_doc, receive, send

#: A change whose URL has not caught up after this long counts as lost (and the run goes on).
CHANGE_TIMEOUT = 60.0
#: Seconds between the bystander's changes (a learner nudging a slider, not dragging it).
GAP = 0.1
#: The clicking page is done once the server has sent it nothing for this long.
QUIET = 2.0
#: Server log lines that mean something went wrong.
LOG_ERROR = re.compile(r"Traceback|\bERROR\b|Exception|exception")


@dataclass
class Flood:
    gets: int
    statuses: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    done: bool = False


async def flood(url: str, result: Flood) -> None:
    """``result.gets`` plain GETs of ``url`` at once, each on its own connection."""
    from tornado.httpclient import AsyncHTTPClient

    client = AsyncHTTPClient(force_instance=True, max_clients=result.gets)
    t0 = time.perf_counter()

    async def one() -> None:
        response = await client.fetch(url, raise_error=False, request_timeout=300)
        result.statuses[response.code if response.code != 599 else "no answer"] += 1

    try:
        await asyncio.gather(*(one() for _ in range(result.gets)))
    finally:
        result.seconds = time.perf_counter() - t0
        result.done = True
        client.close()


@dataclass
class Clicks:
    clicks: int
    sent_seconds: float = 0.0
    seconds: float = 0.0
    answers: int = 0
    done: bool = False


async def open_page(port: int):
    """A page's websocket, its session built and its document read: (socket, Add's id)."""
    ws = await connect(port, client_token())
    ack = await receive(ws)
    assert ack is not None and ack[0]["msgtype"] == "ACK", "the clicking page was refused"
    add = button(await pull_doc(ws), "+ Add neuron")
    await send(ws, "PATCH-DOC", {"events": [bokeh_event("document_ready")]})
    return ws, add


async def click_flood(ws, add: str, result: Clicks) -> None:
    """``result.clicks`` clicks of "+ Add neuron" at once, then read every answer."""
    t0 = time.perf_counter()
    try:
        for _ in range(result.clicks):
            await send(ws, "PATCH-DOC", {"events": [bokeh_event("button_click", add)]})
        result.sent_seconds = time.perf_counter() - t0
        last = time.perf_counter()
        while await receive(ws, QUIET) is not None:
            result.answers += 1
            last = time.perf_counter()
        result.seconds = last - t0
    finally:
        result.done = True
        ws.close()


def _ms(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    return 1000 * s[min(len(s) - 1, round(q * (len(s) - 1)))]


def run(port: int, pid: int, gets: int, clicks: int, changes: int) -> dict:
    from tornado.ioloop import IOLoop

    loop = IOLoop()
    base = f"http://127.0.0.1:{port}/"
    bystander = Learner(pull(base, {"figure": "nn11"}, io_loop=loop), timeout=CHANGE_TIMEOUT)

    async def timed(count: int | None, flood: Flood | None = None) -> list[float]:
        out: list[float] = []
        while (flood is not None and not flood.done) or (count is not None and len(out) < count):
            latency = await bystander.change()
            if latency is not None:
                out.append(latency)
            await asyncio.sleep(GAP)
        return out

    async def measure() -> dict:
        reader = asyncio.ensure_future(bystander.read())
        await timed(3)  # warm-up
        quiet = await timed(changes)
        cpu0, rss0 = cpu_seconds(pid), rss_mb(pid)
        result = Flood(gets)
        task = asyncio.ensure_future(flood(base, result))
        busy = await timed(None, result)
        await task
        cpu = cpu_seconds(pid) - cpu0
        rss_peak = rss_mb(pid)
        await asyncio.sleep(5)  # the pages nobody opened are released
        ws, add = await open_page(port)
        cpu1 = cpu_seconds(pid)
        clicked = Clicks(clicks)
        task = asyncio.ensure_future(click_flood(ws, add, clicked))
        during_clicks = await timed(None, clicked)
        await task
        click_cpu = cpu_seconds(pid) - cpu1
        bystander.close()
        await asyncio.wait_for(reader, 10)
        return {
            "quiet": quiet,
            "flood": busy,
            "statuses": result.statuses,
            "flood_seconds": result.seconds,
            "server_cpu": cpu,
            "rss": (rss0, rss_peak),
            "clicks": during_clicks,
            "clicked": clicked,
            "click_cpu": click_cpu,
            "lost": bystander.lost,
        }

    return loop.run_sync(measure)


def report(r: dict, gets: int, quick: bool) -> str:
    quiet, busy, clicks = r["quiet"], r["flood"], r["clicks"]
    clicked: Clicks = r["clicked"]

    def median(values: list[float]) -> float:
        return 1000 * statistics.median(values) if values else float("nan")

    base = median(quiet)
    columns = (quiet, busy, clicks)
    rows = [
        ("changes timed", *(f"{len(c)}" for c in columns)),
        ("median wait", *(f"{median(c):.1f} ms" for c in columns)),
        ("p95 wait", *(f"{_ms(c, 0.95):.1f} ms" for c in columns)),
        ("longest wait", *(f"{_ms(c, 1.0):.1f} ms" for c in columns)),
        ("median / no flood", "1.00×", *(f"{median(c) / base:.2f}×" for c in columns[1:])),
    ]
    statuses = ", ".join(f"{n} × {code}" for code, n in sorted(r["statuses"].items(), key=str))
    lines = [
        f"Floods: {gets} plain GETs of / at once, then {clicked.clicks} clicks of "
        '"+ Add neuron" from another page, while a connected learner changes a weight',
        "",
        f"| bystander | no flood | during {gets} GETs | during {clicked.clicks} clicks |",
        "|---|---|---|---|",
        *[f"| {' | '.join(row)} |" for row in rows],
        "",
        f"GET answers: {statuses}; all answered after {r['flood_seconds']:.1f} s; "
        f"server CPU meanwhile {r['server_cpu']:.1f} s; "
        f"RSS {r['rss'][0]:.0f} → {r['rss'][1]:.0f} MB",
        f"Clicks: sent in {1000 * clicked.sent_seconds:.0f} ms; {clicked.answers} answers, "
        f"the last {clicked.seconds:.1f} s after the first click; "
        f"server CPU meanwhile {r['click_cpu']:.1f} s",
        f"lost changes and server errors: {len(r['lost']) + len(r['errors'])}",
        "Wait: slider value set in the bystander's document → its hidden URL text holds it.",
    ]
    if quick:
        lines.append("(quick mode: a few changes; these numbers are not a measurement)")
    return "\n".join(lines)


def _out_of_time(_signum, _frame):
    raise TimeoutError("benchmarks.flood ran out of time (is the server hung?)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="8 GETs, 20 clicks, 5 changes: CI")
    parser.add_argument("--gets", type=int, help="plain GETs sent at once (default 100; quick 8)")
    parser.add_argument("--clicks", type=int, help="Add clicks sent at once (default 200)")
    parser.add_argument("--changes", type=int, help="changes timed without a flood (default 30)")
    parser.add_argument("--serve-arg", action="append", default=[], help="passed to nnshape serve")
    args = parser.parse_args(argv)
    gets = args.gets or (8 if args.quick else 100)
    clicks = args.clicks or (20 if args.quick else 200)
    changes = args.changes or (5 if args.quick else 30)
    if not all(1 <= n <= 1000 for n in (gets, clicks, changes)):
        parser.exit(2, "benchmarks.flood: --gets, --clicks and --changes must be 1 to 1000\n")

    import panel.models  # noqa: F401  (registers Panel's Bokeh models, to read its documents)

    signal.signal(signal.SIGALRM, _out_of_time)
    signal.alarm(int(120 + 3 * gets + clicks + 2 * changes + 10 * CHANGE_TIMEOUT))
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        log = Path(tmp) / "serve.log"
        command = nnshape_serve(port, *args.serve_arg)
        with running(command, port, log, env=signed_env()) as proc:
            result = run(port, proc.pid, gets, clicks, changes)
            alive = proc.poll() is None
        signal.alarm(0)
        errors = [
            line for line in log.read_text(errors="replace").splitlines() if LOG_ERROR.search(line)
        ]
        if not alive:
            errors.append("the server died during the run")
    result["errors"] = errors
    print(report(result, gets, args.quick))
    for line in (result["lost"] + errors)[:20]:
        print(f"- {line}")
    return 1 if result["lost"] or errors else 0


if __name__ == "__main__":
    sys.exit(main())
