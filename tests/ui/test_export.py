"""The HTML snapshot, opened from disk with every network request blocked."""

from __future__ import annotations

import subprocess
import sys

from harness.browser import (
    PLOTTED_JS,
    assert_plotted,
    open_page,
    poll,
    wait_for_slider,
    wait_until_plotted,
)
from harness.serve import ROOT
from model.article import figure

from .test_server import handles, open_app


def open_offline(browser, path):
    """Open ``path`` with every request that is not for a local file refused and recorded."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    blocked, requested, failed = [], [], []

    def guard(route):
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    context.on("request", lambda r: requested.append(r.url))
    context.on("requestfailed", lambda r: failed.append(f"request failed: {r.url}"))
    page = open_page(context, path.as_uri(), viewport=None, timeout=30)
    # Every request the page makes has been made and answered (or refused): none is pending.
    page.wait_for_load_state("networkidle")
    return context, page, blocked, requested, page.errors + failed


def test_exported_file_works_with_no_server_and_no_network(browser, tmp_path):
    out = tmp_path / "nn9.html"
    done = subprocess.run(
        [sys.executable, "-m", "dashboard.cli", "export", "--figure", "nn9", "-o", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    context, page, blocked, requested, errors = open_offline(browser, out)
    try:
        assert blocked == []
        assert all(url.startswith(("file://", "data:")) for url in requested), requested
        assert not errors
        assert_plotted(page.evaluate(PLOTTED_JS), figure("nn9"))
        # The caption, the diagram and the formula are all there.
        assert page.get_by_text("Three neurons: a wavier function").first.is_visible()
        assert page.locator("svg.nn-diagram").count() == 1
        assert page.get_by_text("σ(2.0·x − (−2.0))", exact=False).first.is_visible()
        # No widget pretends to be live: the snapshot has no sliders, inputs or buttons.
        assert page.locator(".noUi-handle, input, select, button.bk-btn").count() == 0
        # Bokeh's own tools work from disk: hovering shows the values.
        box = page.locator("canvas").first.bounding_box()
        page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.5)
        page.wait_for_function(
            """() => [...document.querySelectorAll('*')].some(e => e.shadowRoot &&
                 e.shadowRoot.querySelector('.bk-tooltip-row-label, .bk-Tooltip, .bk-tooltip'))
                 || document.querySelector('.bk-Tooltip, .bk-tooltip')""",
            timeout=5_000,
        )
        # Wheel zoom changes the shared x range.
        before = _x_range(page)
        page.mouse.wheel(0, -400)
        poll(page, lambda: _x_range(page), lambda now: now != before, what="the x range")
    finally:
        context.close()


def _x_range(page):
    return page.evaluate(
        """() => { for (const d of Bokeh.documents) for (const m of d.all_models)
                   if (m.type === "Figure" && m.name === "hidden-plot")
                     return [m.x_range.start, m.x_range.end]; }"""
    )


def test_download_button_exports_the_current_state(page, server, browser, tmp_path):
    open_app(page, server, "?figure=nn11")
    net = figure("nn11")
    wait_until_plotted(page, net)
    handle = handles(page).nth(0)
    handle.focus()
    handle.press("ArrowRight")
    net.neurons[0].weight = wait_for_slider(page, 0, 2.1)
    wait_until_plotted(page, net)
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="Download HTML").click()
    path = tmp_path / "download.html"
    info.value.save_as(path)
    assert info.value.suggested_filename == "nnshape-nn11.html"
    context, snap, blocked, requested, errors = open_offline(browser, path)
    try:
        assert blocked == [] and not errors
        assert all(url.startswith(("file://", "data:")) for url in requested), requested
        assert_plotted(snap.evaluate(PLOTTED_JS), net)
    finally:
        context.close()
