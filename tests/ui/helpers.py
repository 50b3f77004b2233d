"""Shared pieces of the browser tests: a real server, and reading plotted data out of a page."""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
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


# -- JupyterLab ----------------------------------------------------------------------------------

# Every Bokeh document in the page: JupyterLab gives each output its own, so the dashboard is
# found by its curves rather than assumed to be Bokeh.documents[0] as on a served page.
DASHBOARD_READY_JS = (
    "() => {"
    + _REACHABLE
    + r"""
  return reachable().some(m => m.type === "GlyphRenderer" && m.name === "sum");
}"""
)

# The values of the dashboard's sliders in page order (n1 weight, n1 bias, n2 weight, …, w2, b2):
# the Slider models of the one document that holds the curves.
DASHBOARD_SLIDERS_JS = r"""
() => {
  const docs = (window.Bokeh ? Bokeh.documents : []).filter(doc =>
    [...doc.all_models].some(m => m.type === "GlyphRenderer" && m.name === "sum"));
  if (docs.length !== 1) throw new Error(`${docs.length} documents hold the dashboard`);
  return [...docs[0].all_models].filter(m => m.type === "Slider").map(m => m.value);
}
"""

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}


def kernelspec(data_dir: Path, name: str) -> None:
    """A kernelspec that runs this very interpreter with the checkout importable.

    ``jupyter lab`` started from a venv would find *a* python3 kernel, but maybe another
    interpreter's; this one is sys.executable, whatever venv (/work/venv, CI's .venv) runs pytest.
    """
    spec = data_dir / "kernels" / name
    spec.mkdir(parents=True)
    pythonpath = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)
    (spec / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": f"nnshape tests ({sys.executable})",
                "language": "python",
                "env": {"PYTHONPATH": pythonpath},
            }
        )
    )


def notebook_json(cells: list[str], kernel: str) -> str:
    return json.dumps(
        {
            "cells": [
                {
                    "cell_type": "code",
                    "execution_count": None,
                    "id": f"cell-{i}",
                    "metadata": {},
                    "outputs": [],
                    "source": source,
                }
                for i, source in enumerate(cells)
            ],
            "metadata": {
                "kernelspec": {"name": kernel, "display_name": kernel, "language": "python"},
                "language_info": {"name": "python"},
            },
            "nbformat": 4,
            "nbformat_minor": 5,
        }
    )


def _api(base: str, token: str, path: str, method: str = "GET", timeout: float = 5.0):
    request = urllib.request.Request(
        f"{base}{path}", method=method, headers={"Authorization": f"token {token}"}
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        body = response.read()
    return json.loads(body) if body else None


@contextlib.contextmanager
def jupyter_lab(root: Path, kernel: str = "nnshape-test"):
    """A real JupyterLab serving ``root`` on a free loopback port; yields (base url, token).

    Isolated from the user's Jupyter and IPython settings. On exit the server is asked to shut
    down (which ends its kernels), then terminated, then killed.
    """
    home = root / ".jupyter-home"
    data = home / "data"
    kernelspec(data, kernel)
    # No toast asking to fetch Jupyter news over the page: it would sit on the output.
    notification = home / "lab-settings" / "@jupyterlab" / "apputils-extension"
    notification.mkdir(parents=True)
    (notification / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False})
    )
    port, token = free_port(), secrets.token_hex(16)
    env = {
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_DATA_DIR": str(data),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(home / "lab-settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(home / "lab-workspaces"),
        "IPYTHONDIR": str(home / "ipython"),
        "JUPYTER_PLATFORM_DIRS": "1",
    }
    cmd = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--port-retries=0",
        f"--ServerApp.root_dir={root}",
        f"--IdentityProvider.token={token}",
        # No announcements, update checks or extension-manager look-ups: each tries the internet.
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")  # CI runs as root
    base = f"http://127.0.0.1:{port}"
    log = root / "jupyter.log"
    with running(cmd, port, log, cwd=root, env=env) as proc:
        try:
            deadline = time.monotonic() + 60
            while True:  # the port opens a moment before the API answers
                try:
                    _api(base, token, "/api/status")
                    break
                except OSError as error:
                    if time.monotonic() > deadline or proc.poll() is not None:
                        message = f"JupyterLab did not start:\n{log.read_text()}"
                        raise RuntimeError(message) from error
                    time.sleep(0.2)
            yield base, token
        finally:
            with contextlib.suppress(OSError):
                _api(base, token, "/api/shutdown", method="POST")
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(15)
