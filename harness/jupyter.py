"""A real JupyterLab on a free loopback port, a notebook for it, and running its cell by hand."""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from .browser import DASHBOARD_READY_JS
from .serve import ROOT, free_port, running

#: The README's line: one cell that shows the live dashboard.
CELL = 'from dashboard import Playground; Playground.from_figure("nn11")'
#: The kernelspec ``jupyter_lab`` writes: this very interpreter, with the checkout importable.
KERNEL = "nnshape-test"
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}


def is_loopback(url: str) -> bool:
    """A URL that stays on this machine (or in the page: data:, blob:, about:)."""
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or parts.hostname in LOOPBACK_HOSTS


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


def notebook_json(cells: list[str], kernel: str = KERNEL) -> str:
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
def jupyter_lab(root: Path, kernel: str = KERNEL):
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


def run_first_cell(page, timeout: float = 60.0) -> None:
    """Click into the first cell and press Shift+Enter, as a person would, until it runs.

    JupyterLab drops a run asked for in the first seconds after its kernel reports idle: the
    prompt stays ``[ ]`` and nothing executes (jupyterlab/jupyterlab#8490). A dropped run left
    no trace, so asking again is safe; once the prompt shows ``[*]`` or a number it ran.
    """
    cell = page.locator(".jp-Notebook .jp-CodeCell").first
    prompt = cell.locator(".jp-InputPrompt")
    page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']").wait_for(
        timeout=timeout * 1000
    )
    deadline = time.monotonic() + timeout
    dialogs = []
    while True:
        # A loaded machine can make JupyterLab ask something first (which kernel, say): take
        # its default answer, as a person would, and say so if the cell still never runs.
        dialog = page.locator(".jp-Dialog")
        if dialog.count():
            dialogs.append(dialog.first.inner_text()[:200])
            dialog.first.locator(".jp-mod-accept").first.click(timeout=5000)
            continue
        try:
            cell.locator(".jp-InputArea-editor").click(timeout=5000)
        except PlaywrightTimeout:
            if time.monotonic() > deadline:
                raise
            continue  # a dialog came up meanwhile, say
        page.keyboard.press("Shift+Enter")
        with contextlib.suppress(PlaywrightTimeout):
            page.wait_for_function(
                "p => p.textContent.trim() !== '[ ]:'", arg=prompt.element_handle(), timeout=3000
            )
            return
        if time.monotonic() > deadline:
            raise TimeoutError(
                f"the cell never ran in {timeout} s: {prompt.inner_text()!r}; dialogs: {dialogs}"
            )


def open_notebook(page, base: str, token: str) -> None:
    """The notebook of a ``jupyter_lab`` at ``base``, ``playground.ipynb``, in ``page``."""
    page.goto(f"{base}/lab/tree/playground.ipynb?token={token}")


def show_dashboard(page, failure: str = "no dashboard", **also) -> None:
    """Run the open notebook's first cell and wait (up to two minutes) for the dashboard.

    If it never comes, fail saying ``failure``, what the cell's output shows and each of
    ``also`` by name (read then: lists a page's handlers are still filling, say).
    """
    run_first_cell(page)
    try:
        page.wait_for_function(DASHBOARD_READY_JS, timeout=120_000)
    except PlaywrightTimeout:
        output = page.locator(".jp-OutputArea").first.inner_text()
        details = "".join(f"; {name}: {value}" for name, value in also.items())
        raise AssertionError(f"{failure}; output: {output!r}{details}") from None


@contextlib.contextmanager
def notebook_page(browser, root: Path, cells: list[str] | None = None, shot: str = "last.png"):
    """A real JupyterLab on ``root`` whose ``playground.ipynb`` holds ``cells`` (when given),
    open in a 1400×1000 page with its first cell run and the dashboard shown; yields
    (page, errors), the page's errors as they come. On the way out, pass or fail, the page is
    kept as ``root / shot`` for a person to look at."""
    if cells is not None:
        (root / "playground.ipynb").write_text(notebook_json(cells, KERNEL))
    with jupyter_lab(root, KERNEL) as (base, token):
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        try:
            open_notebook(page, base, token)
            show_dashboard(page, errors=errors)
            yield page, errors
        finally:
            page.screenshot(path=str(root / shot))
            context.close()
