"""On a phone and on a laptop's screen: the curves stay in view while the learner moves a control.

A phone is Chromium's mobile emulation at 390×844 (touch, a device pixel ratio of 3, the page's
own viewport meta tag honoured); a laptop is 1280×800. What is checked is what the learner sees:
boxes on the screen, what is under a point, what a gesture does.
"""

from __future__ import annotations

import re

import pytest

from harness.app import handles, open_app, open_figure
from harness.browser import PHONE, REACHABLE_JS, poll, slider_values

# Where an element is on the screen, and whether it is what a finger at its centre would touch
# (not something drawn over it, such as the plots that stay at the top).
ON_SCREEN_JS = r"""
(el) => {
  const r = el.getBoundingClientRect();
  const x = r.left + r.width / 2, y = r.top + r.height / 2;
  let hit = document.elementFromPoint(x, y);
  while (hit && hit.shadowRoot) {
    const inner = hit.shadowRoot.elementFromPoint(x, y);
    if (!inner || inner === hit) break;
    hit = inner;
  }
  return {top: r.top, bottom: r.bottom, left: r.left, right: r.right,
          width: innerWidth, height: innerHeight, reachable: hit === el || el.contains(hit)};
}
"""

# The hidden plot's x-range and whether each legend is shown.
PLOT_JS = (
    "() => {"
    + REACHABLE_JS
    + r"""
  const models = reachable();
  const fig = models.find(m => m.type === "Figure" && m.name === "hidden");
  return {x: [fig.x_range.start, fig.x_range.end],
          legends: models.filter(m => m.type === "Legend").map(m => m.visible)};
}"""
)


@pytest.fixture
def phone(browser):
    context = browser.new_context(**PHONE)
    yield context.new_page()
    context.close()


# The page's scroller: the template scrolls its main area, not the document.
SCROLLER_JS = r"""
() => [...document.querySelectorAll("*")].find(e =>
  /(auto|scroll)/.test(getComputedStyle(e).overflowY) && e.scrollHeight > e.clientHeight
) || document.scrollingElement
"""


def scrolled(page) -> float:
    return page.evaluate(f"() => ({SCROLLER_JS})().scrollTop")


def swipe(cdp, x: float, y0: float, y1: float, steps: int = 10) -> None:
    """A finger from (x, y0) to (x, y1), as the touch screen reports it."""
    touch = "Input.dispatchTouchEvent"
    cdp.send(touch, {"type": "touchStart", "touchPoints": [{"x": x, "y": y0}]})
    for k in range(1, steps + 1):
        point = {"x": x, "y": y0 + (y1 - y0) * k / steps}
        cdp.send(touch, {"type": "touchMove", "touchPoints": [point]})
    cdp.send(touch, {"type": "touchEnd", "touchPoints": []})


def box(page, locator) -> dict:
    return locator.evaluate(ON_SCREEN_JS)


def visible_height(b: dict) -> float:
    return max(0.0, min(b["bottom"], b["height"]) - max(b["top"], 0.0))


def hidden_plot(page):
    return page.get_by_role("figure", name=re.compile(r"^Hidden layer plot"))


def test_a_phone_shows_a_plot_and_the_slider_being_moved_with_no_sideways_scroll(phone, server):
    page = phone
    open_figure(page, server, "nn11")
    # Laid out for the phone's width, not a desktop page shrunk to fit.
    assert page.evaluate("innerWidth") == 390
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # No legend beside the plots (they need the width); each curve keeps its label.
    assert not any(page.evaluate(PLOT_JS)["legends"])
    # Down to the page's end, then back up to a slider above: it must not end up under the
    # plots that stay at the top. Then neuron 2's weight, the second layer's, and neuron 1's.
    page.evaluate(f"() => {{ const s = ({SCROLLER_JS})(); s.scrollTop = s.scrollHeight; }}")
    assert scrolled(page) > 500
    for index in (0, 2, 6, 0):
        handle = handles(page).nth(index)
        handle.evaluate("el => el.focus()")  # as Tab does: the browser scrolls it into view
        before = slider_values(page)[index]
        page.keyboard.press("ArrowRight")
        poll(page, lambda i=index: slider_values(page)[i], lambda v, b=before: v > b)
        plot, moved = box(page, hidden_plot(page)), box(page, handle)
        assert visible_height(plot) >= 150, f"slider {index}: the plot is off screen: {plot}"
        assert moved["top"] >= 0 and moved["bottom"] <= moved["height"], (index, moved)
        assert moved["reachable"], f"slider {index} is under something: {moved}"
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert not page.errors


def test_on_a_phone_a_pinch_zooms_a_plot_and_a_swipe_below_scrolls_the_page(phone, server):
    page = phone
    open_figure(page, server, "nn9")
    cdp = page.context.new_cdp_session(page)
    plot = box(page, hidden_plot(page))
    start = page.evaluate(PLOT_JS)["x"]
    cdp.send(
        "Input.synthesizePinchGesture",
        {
            "x": (plot["left"] + plot["right"]) / 2,
            "y": (max(plot["top"], 0) + plot["bottom"]) / 2,
            "scaleFactor": 3.0,
            "gestureSourceType": "touch",
        },
    )
    zoomed = poll(
        page,
        lambda: page.evaluate(PLOT_JS)["x"],
        lambda x: x[1] - x[0] < 0.95 * (start[1] - start[0]),  # zoomed in
        what="the x-range after a pinch",
    )
    assert zoomed[0] > start[0] and zoomed[1] < start[1]
    # A swipe up over the controls scrolls the page; the plots stay on top.
    assert scrolled(page) == 0
    # From a line of text in the controls (a swipe that starts on a slider moves the slider).
    text = box(page, page.get_by_text("Hidden layer", exact=True).first)
    assert 400 < text["top"] < text["height"], text
    y0 = (text["top"] + min(text["bottom"], text["height"])) / 2
    swipe(cdp, 195, y0, y0 - 300)
    poll(page, lambda: scrolled(page), lambda y: y > 100, what="the page's scroll")
    assert visible_height(box(page, hidden_plot(page))) >= 150
    assert not page.errors


def test_at_1280x800_the_formula_and_both_plots_stay_in_view_beside_any_neurons_card(page, server):
    # Eight neurons: the longest list of cards, the longest formula.
    n = "~".join(f"{w}_{b}" for w, b in [(2, -2), (0.5, 1), (2, 4), (1, 0), (2, 1), (3, 2),
                                         (4, 3), (5, 4)])  # fmt: skip
    open_app(page, server, f"?figure=nn9&n={n}")
    page.get_by_role("slider", name="Neuron 8 bias b").wait_for(state="attached")
    formula = page.locator(".nn-formula").first
    plots = [hidden_plot(page), page.get_by_role("figure", name=re.compile(r"^Second layer"))]
    scrolled = []
    for card in range(8):
        for what in ("weight w", "bias b"):
            handle = page.get_by_role("slider", name=f"Neuron {card + 1} {what}", exact=True)
            handle.evaluate("el => el.focus()")  # the controls scroll to it, as Tab does
            page.keyboard.press("ArrowRight")
            scrolled.append(page.locator(".nn-controls").evaluate("el => el.scrollTop"))
            moved = box(page, handle)
            assert moved["top"] >= 0 and moved["bottom"] <= 800, (card, what, moved)
            for thing in [formula, *plots]:
                seen = box(page, thing)
                assert seen["top"] >= 0 and seen["bottom"] <= 800, (card, what, seen)
                assert seen["left"] >= 0 and seen["right"] <= 1280, (card, what, seen)
    assert max(scrolled) > 0, "the controls never scrolled: the test shows nothing"
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
