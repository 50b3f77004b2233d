"""Running a server as a subprocess on a free loopback port, and reading what it costs."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

#: The checkout: servers run from here, so ``-m dashboard.cli`` imports this checkout's code.
ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, proc: subprocess.Popen, log: Path, timeout: float = 60.0) -> None:
    """Return once something accepts on ``port``; fail with ``log`` if ``proc`` exits first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}:\n{log.read_text()}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listening on port {port} after {timeout} s:\n{log.read_text()}")


@contextlib.contextmanager
def running(
    cmd: list[str],
    port: int,
    log: Path,
    cwd: Path = ROOT,
    env: dict | None = None,
    timeout: float = 60.0,
):
    """Run a server command until the block ends; its output goes to ``log``.

    Yields the process once ``port`` accepts. On exit it is terminated, then killed.
    """
    with open(log, "w") as out:
        proc = subprocess.Popen(
            cmd,
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, **(env or {})},
        )
        try:
            wait_for_port(port, proc, log, timeout)
            yield proc
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def nnshape_serve(port: int, *extra: str) -> list[str]:
    """The command line of ``nnshape serve`` on ``port``, run from the checkout (cwd ``ROOT``)."""
    return [sys.executable, "-m", "dashboard.cli", "serve", "--port", str(port), *extra]


def rss_mb(pid: int) -> float:
    """The resident set size of process ``pid``, in MB (``VmRSS`` in /proc/PID/status)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time process ``pid`` has used so far (from /proc/PID/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def workers(pid: int) -> list[int]:
    """The child processes of ``pid``: ``nnshape serve --procs N``'s workers (none for 1)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # it has just exited
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return sorted(found)


def serving_pids(pid: int) -> list[int]:
    """The processes that serve for the server started as ``pid``: its workers, or itself."""
    return workers(pid) or [pid]


def server_rss_mb(pid: int) -> float:
    """The resident set size of the server started as ``pid``, in MB: its own, or with
    ``--procs N`` the sum over its workers (the supervisor only waits). Pages the workers
    share since the fork (the imported code) count once per worker."""
    return sum(rss_mb(p) for p in serving_pids(pid))


def server_pss_mb(pid: int) -> float:
    """The proportional set size of the server started as ``pid`` and all its workers, in MB
    (``Pss`` of /proc/PID/smaps_rollup): shared pages are split among the processes sharing
    them, so this is what the server costs the machine."""
    total = 0.0
    for p in {pid, *workers(pid)}:
        for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                total += int(line.split()[1]) / 1024
                break
    return total


def server_cpu_seconds(pid: int) -> float:
    """User + system CPU time of the server started as ``pid`` and its workers (a worker's
    time counts while it runs: one that exits takes its seconds with it)."""
    return sum(cpu_seconds(p) for p in {pid, *workers(pid)})
