"""The HTML snapshot, opened from disk with every network request blocked."""

from __future__ import annotations

from harness.app import handles, open_figure
from harness.browser import (
    PHONE,
    PLOTTED_JS,
    READY_JS,
    activation_menu,
    assert_plotted,
    open_offline,
    open_page,
    poll,
    wait_for_slider,
    wait_until_plotted,
)
from model.article import figure


def test_exported_file_is_live_with_no_server_and_no_network(browser, exported):
    out = exported("nn9")
    assert out.stat().st_size <= 3.5e6
    context, page, blocked, requested, errors = open_offline(browser, out)
    try:
        assert blocked == []
        assert all(url.startswith(("file://", "data:")) for url in requested), requested
        assert not errors
        net = figure("nn9")
        assert_plotted(page.evaluate(PLOTTED_JS), net)
        # The caption, the diagram and the formula are all there.
        assert page.get_by_text("Three neurons: a wavier function").first.is_visible()
        assert page.locator("svg.nn-diagram").count() == 1
        assert page.get_by_text("σ(0.5·x − 1.0)", exact=False).first.is_visible()
        # The sliders work from disk: the curves and the formula follow.
        handle = handles(page).nth(2)  # neuron 2's weight (0.5)
        handle.focus()
        handle.press("ArrowRight")
        net.neurons[1].weight = 0.6
        wait_until_plotted(page, net)
        page.get_by_text("σ(0.6·x − 1.0)", exact=False).first.wait_for(timeout=5_000)
        # So do the activation, the second layer and the curve toggles.
        activation_menu(page).select_option(label="ReLU")
        net.activation = "relu"
        wait_until_plotted(page, net)
        # What the activation is follows the menu, and the figure's limits give way to a fit.
        page.get_by_text("the input itself otherwise: a hinge").wait_for(timeout=5_000)
        auto = page.locator(".bk-Checkbox").filter(has_text="auto y-range").locator("input")
        assert auto.is_checked()
        page.get_by_text("Second layer: y = act(w2·sum − b2)").click()
        net.second.enabled = True
        wait_until_plotted(page, net)
        poll(page, lambda: page.evaluate(PLOTTED_JS)["deep"]["visible"], bool, what="layer 2")
        page.get_by_text("show sum", exact=True).click()
        poll(page, lambda: page.evaluate(PLOTTED_JS)["sum"]["visible"], lambda v: not v,
             what="the sum, unticked")  # fmt: skip
        # Where a control would need the server, the file says so.
        assert page.get_by_text("Adding or removing neurons needs nnshape itself").is_visible()
        # The link and the JSON that reopen the network as exported are in the file.
        assert page.get_by_text("figure=nn9&act=sigmoid", exact=False).count() >= 1
        # Hovering shows one tooltip listing each drawn curve at the cursor's x.
        page.locator("canvas").first.scroll_into_view_if_needed()
        box = page.locator("canvas").first.bounding_box()
        for at in (0.45, 0.5):  # into the plot, then along it
            page.mouse.move(box["x"] + box["width"] * at, box["y"] + box["height"] * 0.5)
        tips = poll(page, lambda: page.evaluate(TOOLTIPS_JS), lambda t: len(t) > 0,
                    what="a tooltip")  # fmt: skip
        assert len(tips) == 1 and "neuron 1:" in tips[0] and "neuron 3:" in tips[0], tips
        assert "sum:" not in tips[0]  # hidden: not listed
        # The wheel scrolls the page; it does not zoom the plot.
        before = _x_range(page)
        page.mouse.wheel(0, 300)
        page.wait_for_timeout(300)
        assert _x_range(page) == before
    finally:
        context.close()


TOOLTIPS_JS = r"""
() => {
  const deep = (root, sel, found = []) => {
    found.push(...root.querySelectorAll(sel));
    for (const e of root.querySelectorAll("*")) if (e.shadowRoot) deep(e.shadowRoot, sel, found);
    return found;
  };
  return deep(document, ".bk-tooltip-content").map(e => e.textContent).filter(t => t.trim());
}
"""


def _x_range(page):
    return page.evaluate(
        """() => { for (const d of Bokeh.documents) for (const m of d.all_models)
                   if (m.type === "Figure" && m.name === "hidden")
                     return [m.x_range.start, m.x_range.end]; }"""
    )


def test_download_button_exports_the_current_state(page, server, browser, tmp_path):
    net = open_figure(page, server, "nn11")
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


def test_on_a_phone_the_file_stacks_the_plots_above_the_controls_with_no_sideways_scroll(
    browser, exported
):
    context = browser.new_context(**PHONE)
    try:
        local = lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort()  # noqa: E731
        context.route("**/*", local)
        page = open_page(context, exported("nn11").as_uri(), READY_JS, viewport=None, timeout=30)
        wait_until_plotted(page, figure("nn11"))
        # Laid out for the phone's width, not a desktop page shrunk to fit it.
        assert page.evaluate("window.innerWidth") == PHONE["viewport"]["width"]
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        plot = page.locator("canvas").first.bounding_box()
        slider = handles(page).first.bounding_box()
        assert plot["width"] >= 0.8 * PHONE["viewport"]["width"], plot
        assert plot["y"] + plot["height"] <= slider["y"], (plot, slider)  # the plots come first
        # The slider is as wide as the screen and still moves the curves.
        handle = handles(page).first
        handle.focus()
        handle.press("ArrowRight")
        net = figure("nn11")
        net.neurons[0].weight += 0.1
        wait_until_plotted(page, net)
    finally:
        context.close()
