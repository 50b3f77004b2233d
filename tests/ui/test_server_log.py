"""The server's log says each thing once: a session that ends is one line, not two (Panel and
nnshape both used to install a handler on the same logger)."""

from __future__ import annotations

import concurrent.futures
import itertools
import re
import time

from harness.client import signed_env
from harness.serve import free_port, nnshape_serve, running
from harness.wire import client_token, connect, receive


def test_each_ended_session_is_logged_once_and_no_line_is_doubled(tmp_path):
    import asyncio

    from tornado.ioloop import IOLoop

    port = free_port()
    log = tmp_path / "serve.log"
    with running(nnshape_serve(port), port, log, env=signed_env()):

        async def one_page() -> None:
            ws = await connect(port, client_token())
            ack = await receive(ws)
            assert ack is not None and ack[0]["msgtype"] == "ACK"
            ws.close()
            await asyncio.sleep(0.5)

        def in_a_thread() -> None:  # its own event loop, whatever runs on this thread's
            loop = IOLoop()
            try:
                loop.run_sync(one_page, timeout=60)
            finally:
                loop.close()

        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            pool.submit(in_a_thread).result(120)
        deadline = time.monotonic() + 30
        while "session(s) ended" not in log.read_text(errors="replace"):
            assert time.monotonic() < deadline, "the session's end was never logged"
            time.sleep(0.2)
        time.sleep(8)  # past the second sweep (SECOND_SWEEP_S), which must not log again
        text = log.read_text(errors="replace")
    ended = [line for line in text.splitlines() if "session(s) ended" in line]
    assert len(ended) == 1, ended
    assert re.search(r"\b1 session\(s\) ended", ended[0]), ended
    lines = [re.sub(r"^\S+ \S+ ", "", line) for line in text.splitlines() if line.strip()]
    doubled = [a for a, b in itertools.pairwise(lines) if a == b]
    assert not doubled, doubled
