"""The dashboard in a real JupyterLab, offline: a cell displays it, a slider drives the kernel.

JupyterLab runs on a free loopback port with this interpreter as its kernel; Chromium opens a
notebook whose one cell is the README's line, runs it with Shift+Enter, and must fetch nothing
from any other host: Bokeh's and Panel's JavaScript come inline in the cell's output.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import time
from urllib.parse import urlsplit

import numpy as np
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from model.article import figure

from .helpers import (
    DASHBOARD_READY_JS,
    DASHBOARD_SLIDERS_JS,
    LOOPBACK_HOSTS,
    PLOTTED_JS,
    jupyter_lab,
    notebook_json,
    wait_until_plotted,
)

CELL = 'from dashboard import Playground; Playground.from_figure("nn11")'
KERNEL = "nnshape-test"


@pytest.fixture
def lab_root(tmp_path):
    if importlib.util.find_spec("jupyterlab") is None:
        message = "JupyterLab is missing: pip install -e '.[test]' installs it"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true and {message}", pytrace=False)
        pytest.skip(message)
    (tmp_path / "playground.ipynb").write_text(notebook_json([CELL], KERNEL))
    return tmp_path


def is_loopback(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or parts.hostname in LOOPBACK_HOSTS


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


def test_notebook_cell_shows_the_live_dashboard_offline(browser, lab_root):
    with jupyter_lab(lab_root, KERNEL) as (base, token):
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        requested, outside, errors = [], [], []

        def record(request):
            requested.append(request.url)
            if not is_loopback(request.url):
                outside.append(request.url)

        # Anything bound elsewhere is refused as a network-less classroom would refuse it, and
        # recorded so that the test fails even where the network happens to be up.
        context.on("request", record)
        context.route(lambda url: not is_loopback(url), lambda route: route.abort())
        page = context.new_page()
        page.on("websocket", lambda ws: None if is_loopback(ws.url) else outside.append(ws.url))
        page.on("pageerror", lambda e: errors.append(str(e)))
        try:
            page.goto(f"{base}/lab/tree/playground.ipynb?token={token}")
            run_first_cell(page)
            try:
                page.wait_for_function(DASHBOARD_READY_JS, timeout=120_000)
            except PlaywrightTimeout:
                output = page.locator(".jp-OutputArea").first.inner_text()
                pytest.fail(f"no dashboard; output: {output!r}; outside: {outside}; {errors}")

            net = figure("nn11")
            before = wait_until_plotted(page, net, timeout=30)

            handle = page.locator(".noUi-handle").nth(2)  # neuron 2's weight (0.5)
            handle.focus()
            for _ in range(3):
                handle.press("ArrowRight")
            page.wait_for_timeout(300)
            new_weight = page.evaluate(DASHBOARD_SLIDERS_JS)[2]
            assert new_weight == pytest.approx(0.8)
            net.neurons[1].weight = new_weight
            after = wait_until_plotted(page, net, timeout=30)
            for key in ("n1", "sum", "sum2", "deep"):
                assert not np.array_equal(before[key]["y"], after[key]["y"]), key
            for key in ("n0", "n2"):
                assert before[key]["y"] == after[key]["y"], key

            # Kept beside the notebook in pytest's tmp dir, for a person to look at.
            page.locator(".jp-OutputArea").first.evaluate("e => e.scrollIntoView()")
            page.screenshot(path=str(lab_root / "notebook.png"))

            # Hiding the sum changes only a Bokeh renderer, no Panel pane: it must be pushed.
            show_sum = page.locator(".bk-Checkbox").filter(has_text="show sum").locator("input")
            show_sum.click()
            deadline = time.monotonic() + 10
            while page.evaluate(PLOTTED_JS)["sum"]["visible"]:
                assert time.monotonic() < deadline, "the unticked sum is still drawn"
                page.wait_for_timeout(50)

            assert not outside, f"the page reached beyond loopback: {outside}"
            assert any("/api/kernels" in url for url in requested)  # the recorder saw traffic
            assert not errors, errors
        finally:
            page.screenshot(path=str(lab_root / "last.png"))  # where it stopped, pass or fail
            context.close()
