"""Shared pieces of the browser tests: a real server, and reading plotted data out of a page."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parents[2]

# Models BokehJS keeps after the server replaced them linger in doc.all_models, so the curves on
# screen are found by walking from the document roots through every property value.
_REACHABLE = r"""
const reachable = () => {
  const isModel = v => v && typeof v === "object" && typeof v.id === "string" &&
                       v.properties !== undefined;
  const seen = new Set(), stack = [];
  const push = v => {
    if (v == null || typeof v !== "object" || ArrayBuffer.isView(v)) return;
    if (isModel(v)) { if (!seen.has(v)) { seen.add(v); stack.push(v); } return; }
    if (Array.isArray(v)) { v.forEach(push); return; }
    if (v instanceof Map) { v.forEach((val, key) => { push(key); push(val); }); return; }
    if (Object.getPrototypeOf(v) === Object.prototype) Object.values(v).forEach(push);
  };
  for (const doc of (window.Bokeh ? Bokeh.documents : [])) doc.roots().forEach(push);
  while (stack.length) {
    const m = stack.pop();
    for (const p of Object.values(m.properties)) { try { push(p.get_value()); } catch (e) {} }
  }
  return [...seen];
};
"""

# Every named GlyphRenderer on screen (the dashboard names each curve: n0, n1, …, sum, sum2,
# deep) and its data.
PLOTTED_JS = (
    "() => {"
    + _REACHABLE
    + r"""
  const out = {};
  for (const m of reachable()) {
    if (m.type !== "GlyphRenderer" || !m.name) continue;
    const d = m.data_source.data;
    const ycol = Object.keys(d).find(k => k !== "x");
    out[m.name] = {x: Array.from(d.x), y: Array.from(d[ycol]), visible: m.visible};
  }
  return out;
}"""
)

READY_JS = r"""
() => window.Bokeh && Bokeh.documents.length > 0 &&
  [...Bokeh.documents[0].all_models].some(m => m.type === "GlyphRenderer" && m.name === "sum")
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, proc: subprocess.Popen, log: Path, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}:\n{log.read_text()}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listening on port {port} after {timeout} s:\n{log.read_text()}")


@contextlib.contextmanager
def running(cmd: list[str], port: int, log: Path, cwd: Path = ROOT, env: dict | None = None):
    """Run a server command until the block ends; its output goes to ``log``."""
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
            wait_for_port(port, proc, log)
            yield proc
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def nnshape_serve(port: int, *extra: str) -> list[str]:
    return [sys.executable, "-m", "dashboard.cli", "serve", "--port", str(port), *extra]


def expected(net) -> dict[str, np.ndarray]:
    """What the page must plot for a network: curve key -> (x, y)."""
    c = net.curves()
    out = {f"n{i}": (c["x"], y) for i, y in enumerate(c["neurons"])}
    out["sum"] = out["sum2"] = (c["x"], c["sum"])
    if c["deep"] is not None:
        out["deep"] = (c["x"], c["deep"])
    return out


def assert_plotted(plotted: dict, net) -> None:
    want = expected(net)
    neurons = sorted(k for k in plotted if k.startswith("n"))
    assert len(neurons) == len(net.neurons), (neurons, len(net.neurons))
    for key, (x, y) in want.items():
        assert key in plotted, f"curve {key} is not in the page"
        np.testing.assert_array_equal(np.asarray(plotted[key]["x"], dtype=float), x, err_msg=key)
        np.testing.assert_array_equal(np.asarray(plotted[key]["y"], dtype=float), y, err_msg=key)


def matches(plotted: dict, net) -> bool:
    try:
        assert_plotted(plotted, net)
    except AssertionError:
        return False
    return True


def wait_until_plotted(page, net, timeout: float = 10.0) -> dict:
    """Poll the page until its plotted data equal ``net``'s curves; fail with the difference."""
    deadline = time.monotonic() + timeout
    while True:
        plotted = page.evaluate(PLOTTED_JS)
        if matches(plotted, net) or time.monotonic() > deadline:
            assert_plotted(plotted, net)
            return plotted
        page.wait_for_timeout(50)
