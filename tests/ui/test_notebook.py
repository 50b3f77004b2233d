"""The dashboard in a real JupyterLab, offline: a cell displays it, a slider drives the kernel.

JupyterLab runs on a free loopback port with this interpreter as its kernel; Chromium opens a
notebook whose one cell is the README's line, runs it with Shift+Enter, and must fetch nothing
from any other host: Bokeh's and Panel's JavaScript come inline in the cell's output.
"""

from __future__ import annotations

import numpy as np

from harness.browser import PLOTTED_JS, poll, wait_for_slider, wait_until_plotted
from harness.jupyter import (
    KERNEL,
    is_loopback,
    jupyter_lab,
    notebook_page,
    open_notebook,
    show_dashboard,
)
from model.article import figure


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
            open_notebook(page, base, token)
            show_dashboard(page, outside=outside, errors=errors)

            net = figure("nn11")
            before = wait_until_plotted(page, net, timeout=30)

            handle = page.locator(".noUi-handle").nth(2)  # neuron 2's weight (0.5)
            handle.focus()
            for _ in range(3):
                handle.press("ArrowRight")
            net.neurons[1].weight = wait_for_slider(page, 2, 0.8)
            after = wait_until_plotted(page, net, timeout=30)
            for key in ("n1", "sum", "deep"):
                assert not np.array_equal(before[key]["y"], after[key]["y"]), key
            for key in ("n0", "n2"):
                assert before[key]["y"] == after[key]["y"], key
            # The kernel learned the value (the page's outbox): its formula says so.
            page.get_by_text("σ(0.8·x − 1.0)", exact=False).first.wait_for(timeout=10_000)

            # Kept beside the notebook in pytest's tmp dir, for a person to look at.
            page.locator(".jp-OutputArea").first.evaluate("e => e.scrollIntoView()")
            page.screenshot(path=str(lab_root / "notebook.png"))

            # Hiding the sum changes only a Bokeh renderer, no Panel pane: it must be pushed.
            show_sum = page.locator(".bk-Checkbox").filter(has_text="show sum").locator("input")
            show_sum.click()
            poll(
                page,
                lambda: page.evaluate(PLOTTED_JS)["sum"]["visible"],
                lambda visible: not visible,
                what="the unticked sum's visibility",
            )

            assert not outside, f"the page reached beyond loopback: {outside}"
            assert any("/api/kernels" in url for url in requested)  # the recorder saw traffic
            assert not errors, errors
        finally:
            page.screenshot(path=str(lab_root / "last.png"))  # where it stopped, pass or fail
            context.close()


def test_a_reloaded_tab_shows_the_dashboard_when_the_cell_runs_again(browser, lab_root):
    """Run the cell, reload the JupyterLab tab, run it again: the output is live again (it was
    empty once, with "Bokeh or Panel library is missing", until the kernel was restarted)."""
    with notebook_page(browser, lab_root, shot="reloaded.png") as (page, errors):
        page.reload()
        show_dashboard(page, "no dashboard after the reload", errors=errors)
        net = figure("nn11")
        wait_until_plotted(page, net, timeout=30)
        # And it is live: a slider still moves its curve.
        handle = page.locator(".noUi-handle").nth(2)  # neuron 2's weight (0.5)
        handle.focus()
        handle.press("ArrowRight")
        net.neurons[1].weight = wait_for_slider(page, 2, 0.6)
        wait_until_plotted(page, net, timeout=30)
        text = page.locator(".jp-OutputArea").first.inner_text()
        assert "library is missing" not in text, text
