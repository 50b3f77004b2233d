"""``nnshape serve --procs 2``: pages on two worker processes work and stay isolated, a dead
worker is replaced, and the workers stop with their supervisor (by SIGTERM, SIGKILL or Ctrl-C).

Each test starts its own server: the workers are what is tested.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import time
from pathlib import Path

from harness.app import each_page_sees_only_its_own_change, pages_at, server_follows
from harness.browser import wait_until_plotted
from harness.serve import ROOT, free_port, nnshape_serve, running, wait_for_port, workers
from model.article import figure


def wait_for_workers(pid: int, count: int, timeout: float = 30.0) -> list[int]:
    """The ``count`` workers of the server started as ``pid``, once they are all there."""
    deadline = time.monotonic() + timeout
    while len(found := workers(pid)) != count:
        assert time.monotonic() < deadline, f"workers of {pid}: {found}, expected {count}"
        time.sleep(0.1)
    return found


def gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    # A zombie (exited, not yet reaped by a parent that is itself gone) is gone too.
    with contextlib.suppress(OSError):
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    return True


def test_pages_on_two_worker_processes_work_and_stay_isolated(browser, tmp_path):
    """Four pages on ``--procs 2``: a page's HTML and its websocket reach whichever worker
    accepts them, so some pages are built again on the other worker from their signed token.
    Every page plots, the server follows its changes, and no page sees another's."""
    port = free_port()
    log = tmp_path / "serve.log"
    with running(nnshape_serve(port, "--procs", "2"), port, log) as proc:
        pids = wait_for_workers(proc.pid, 2)
        with pages_at(browser, f"http://127.0.0.1:{port}/?figure=nn9", 4, timeout=30) as pages:
            for page in pages:
                wait_until_plotted(page, figure("nn9"), timeout=30)
            each_page_sees_only_its_own_change(pages[0], pages[-1], lambda: figure("nn9"))
            start = figure("nn9").neurons[0].weight
            server_follows(pages[0], start - 0.2)
            server_follows(pages[-1], start + 0.2)
            for page in pages[1:-1]:  # untouched by the others' changes
                wait_until_plotted(page, figure("nn9"))
    # SIGTERM to the supervisor stopped both workers cleanly: none was started again.
    assert proc.returncode == 0, log.read_text()[-3000:]
    assert all(gone(pid) for pid in pids)
    text = log.read_text()
    assert "(2 processes)" in text
    assert len(re.findall(r"worker \d \(pid \d+\) serving", text)) == 2, text[-3000:]
    assert not re.search(r"Traceback|\bERROR\b|Exception|restarting", text), text[-3000:]


def test_a_dead_worker_is_replaced_and_workers_stop_with_their_supervisor(tmp_path):
    port = free_port()
    log = tmp_path / "serve.log"
    with running(nnshape_serve(port, "--procs", "2"), port, log) as proc:
        first, second = wait_for_workers(proc.pid, 2)
        os.kill(first, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while not ((now := workers(proc.pid)) and len(now) == 2 and first not in now):
            assert time.monotonic() < deadline, f"no new worker: {now}"
            time.sleep(0.1)
        assert second in now
        replaced = [pid for pid in now if pid != second]
        os.kill(proc.pid, signal.SIGKILL)  # the supervisor, without a chance to pass it on
        proc.wait(10)
        deadline = time.monotonic() + 15
        while not all(gone(pid) for pid in [second, *replaced]):
            assert time.monotonic() < deadline, "workers outlived their supervisor"
            time.sleep(0.1)


def test_ctrl_c_stops_every_worker_and_none_is_started_again(tmp_path):
    """Ctrl-C in a terminal: SIGINT to the whole process group (the supervisor also passes a
    SIGTERM on). A worker that died by a signal would be restarted by tornado's supervisor."""
    port = free_port()
    log = tmp_path / "serve.log"
    with open(log, "w") as out:
        proc = subprocess.Popen(
            nnshape_serve(port, "--procs", "2"),
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own group, as a terminal's foreground job
        )
        try:
            wait_for_port(port, proc, log)
            pids = wait_for_workers(proc.pid, 2)
            os.killpg(proc.pid, signal.SIGINT)
            assert proc.wait(20) == 0, log.read_text()[-3000:]
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
    assert all(gone(pid) for pid in pids)
    text = log.read_text()
    assert not re.search(r"Traceback|restarting", text), text[-3000:]
