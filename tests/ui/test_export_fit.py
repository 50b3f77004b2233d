"""The exported file fits its y-axis as the served page does (``model.view.View.fit``): a
curve an edit newly pushes off the figure's limits turns *auto y-range* on; once the learner
unticks it, the figure's limits stay, with what they hide accepted."""

from __future__ import annotations

from harness.app import handles
from harness.browser import REACHABLE_JS, open_offline, poll, wait_until_plotted
from model.article import figure

TOP_JS = (
    "() => {"
    + REACHABLE_JS
    + """
  const plot = reachable().find((m) => m.type === "Figure" && m.name === "hidden");
  return plot.y_range.end;
}"""
)


def test_a_curve_pushed_off_the_limits_fits_the_axis_until_the_learner_says_no(browser, exported):
    out = exported("nn12")
    context, page, blocked, _requested, errors = open_offline(browser, out)
    try:
        net = figure("nn12")
        low, high = net_limits = (-0.1, 15.0)
        wait_until_plotted(page, net)
        auto = page.locator(".bk-Checkbox").filter(has_text="auto y-range").locator("input")
        assert not auto.is_checked() and page.evaluate(TOP_JS) == high
        weight = handles(page).nth(0)  # neuron 1's weight, 1.0: relu(w·x + 2) reaches 5w + 2
        weight.focus()
        for _ in range(14):  # w = 2.4: the sum reaches 14 + 2.5 at x = 5
            weight.press("ArrowRight")
        net.neurons[0].weight = 2.4
        wait_until_plotted(page, net)
        sum_top = max(net.curves()["sum"])
        assert sum_top > high  # the sum has left them: the axis fits
        poll(page, auto.is_checked, bool, what="auto y-range, on by itself")
        poll(page, lambda: page.evaluate(TOP_JS), lambda end: end > sum_top, what="the fit")
        # The learner chooses the figure's limits: what they hide now is accepted…
        auto.click()
        poll(page, lambda: page.evaluate(TOP_JS), lambda end: end == high, what="the limits")
        weight.press("ArrowRight")  # the same curves, further off: no fit
        net.neurons[0].weight = 2.5
        wait_until_plotted(page, net)
        assert not auto.is_checked() and page.evaluate(TOP_JS) == high
        assert net_limits == (low, high)
        assert blocked == [] and not errors and not page.errors
    finally:
        context.close()
