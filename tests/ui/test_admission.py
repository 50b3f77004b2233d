"""The queue in front of page builds (``dashboard.admission``), against real servers, its
limits scaled down through ``$NNSHAPE_ADMISSION`` so that a handful of GETs reach them. How
long a connected learner waits during a real flood is ``benchmarks.flood``'s to measure
(``tests/ui/test_flood_quick.py`` runs it)."""

from __future__ import annotations

import concurrent.futures
import http.client
import time
from collections import Counter

import pytest

from harness.client import signed_env
from harness.serve import free_port, nnshape_serve, running

from .test_attacks import Served, opened, run, token_of

LIMITS = "per_address=2,max_waiting=3,max_wait_s=4,abandoned_s=2,retry_s=5"


@pytest.fixture(scope="module")
def proxied(tmp_path_factory):
    """A server behind a (pretend) proxy: visitors' addresses come from X-Forwarded-For."""
    port = free_port()
    log = tmp_path_factory.mktemp("admission") / "serve.log"
    env = {**signed_env(), "NNSHAPE_ADMISSION": LIMITS}
    with running(nnshape_serve(port, "--trust-proxy"), port, log, env=env) as proc:
        yield Served(port, proc, log)


def get(port: int, path: str = "/", forwarded: str | None = None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    try:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def at_once(port: int, addresses: list[str | None], path: str = "/?figure=nn9"):
    """GETs of ``path`` sent together, one per address (X-Forwarded-For), answers in order."""
    with concurrent.futures.ThreadPoolExecutor(len(addresses)) as pool:
        return list(pool.map(lambda a: get(port, path, a), addresses))


def assert_retry_page(status, headers, body, words: str) -> None:
    retry = int(headers["Retry-After"])
    assert 5 <= retry <= 10
    assert words.encode() in body
    assert f'http-equiv="refresh" content="{retry}"'.encode() in body  # it retries by itself
    assert len(body) < 2000 and b"<script" not in body


def test_one_address_gets_at_most_its_share_of_pages_at_once(proxied):
    answers = at_once(proxied.port, ["10.0.0.1"] * 5)
    statuses = Counter(status for status, _, _ in answers)
    assert statuses == {200: 2, 429: 3}, statuses
    for status, headers, body in answers:
        if status == 429:
            assert_retry_page(status, headers, body, "Too many pages at once")
            assert b"10.0.0.1" in body
    assert at_once(proxied.port, ["10.0.0.2"])[0][0] == 200  # another address is served


def test_pages_beyond_the_queue_are_told_the_server_is_busy(proxied):
    answers = at_once(proxied.port, [f"10.0.1.{i}" for i in range(8)])
    statuses = Counter(status for status, _, _ in answers)
    assert statuses[503] >= 8 - 1 - 3, statuses  # one building, three waiting at most
    assert statuses[200] >= 1 and set(statuses) <= {200, 503}, statuses
    for status, headers, body in answers:
        if status == 503:
            assert_retry_page(status, headers, body, "nnshape is busy")


def test_a_page_nobody_opens_is_released_and_opens_later_all_the_same(proxied):
    from bokeh.util.token import get_session_id

    mark = proxied.mark()
    status, _, page = get(proxied.port, "/?figure=nn9", "10.0.2.1")
    assert status == 200
    served = time.monotonic()
    released = f"{get_session_id(token_of(page))[:8]}…"
    while released not in proxied.log_since(mark):
        assert time.monotonic() - served < 5, "the unopened page's session was not released"
        time.sleep(0.1)
    released_after = time.monotonic() - served
    assert released_after >= 2  # abandoned_s: not before its page had its chance
    while "session(s) ended" not in proxied.log_since(mark):  # and Bokeh let it go
        assert time.monotonic() - served < 8, "the session was not discarded"
        time.sleep(0.1)
    # Its websocket connects late: the session is built again from the page's token.
    assert run(lambda: opened(proxied.port, token_of(page), query=""))


def test_forwarded_addresses_count_only_behind_a_trusted_proxy(tmp_path):
    port = free_port()
    env = {**signed_env(), "NNSHAPE_ADMISSION": LIMITS}
    with running(nnshape_serve(port), port, tmp_path / "serve.log", env=env):
        answers = at_once(port, ["10.0.3.1", "10.0.3.2", "10.0.3.3", "10.0.3.4"])
    statuses = Counter(status for status, _, _ in answers)
    assert statuses == {200: 2, 429: 2}, statuses  # all from 127.0.0.1, whatever they claim
