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


# -- nginx in front ---------------------------------------------------------------------------

#: Where Debian puts nginx; not on a non-root user's PATH.
NGINX_PLACES = ("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/local/nginx/sbin/nginx")


def find_nginx() -> str | None:
    """The nginx binary: on PATH, else where Debian and a source build put it."""
    import shutil

    found = shutil.which("nginx")
    if found:
        return found
    return next((place for place in NGINX_PLACES if os.access(place, os.X_OK)), None)


def nginx_conf(site: str, directory: Path) -> str:
    """A whole nginx.conf around ``site`` (an ``http``-level block: upstreams, servers) that
    any user can run: pid file, logs and temp files in ``directory``, in the foreground. The
    access log names the upstream that answered each request."""
    d = directory
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers could not reach ``d`` else
    return f"""{user}daemon off;
worker_processes 1;
pid {d}/nginx.pid;
error_log {d}/error.log info;
events {{ worker_connections 256; }}
http {{
    log_format upstream '$request_method $uri $status upstream=$upstream_addr';
    access_log {d}/access.log upstream;
    client_body_temp_path {d}/client_body;
    proxy_temp_path {d}/proxy;
    fastcgi_temp_path {d}/fastcgi;
    uwsgi_temp_path {d}/uwsgi;
    scgi_temp_path {d}/scgi;
{site}
}}
"""


@contextlib.contextmanager
def running_nginx(site: str, port: int, directory: Path, nginx: str | None = None):
    """nginx serving ``site`` (which listens on ``port``) until the block ends; its config,
    pid file and logs in ``directory``. Yields the process."""
    nginx = nginx or find_nginx()
    if nginx is None:
        raise FileNotFoundError("nginx is not installed")
    directory.mkdir(parents=True, exist_ok=True)
    conf = directory / "nginx.conf"
    conf.write_text(nginx_conf(site, directory))
    # -e: the error log from the start (else nginx first opens /var/log/nginx/error.log).
    cmd = [nginx, "-p", str(directory), "-c", str(conf), "-e", str(directory / "error.log")]
    checked = subprocess.run([*cmd, "-t"], capture_output=True, text=True)
    if checked.returncode != 0:
        raise RuntimeError(f"nginx -t refused {conf}:\n{checked.stderr}\n{conf.read_text()}")
    with running(cmd, port, directory / "nginx.out") as proc:
        yield proc
