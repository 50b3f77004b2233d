"""A target to fit, in the served page and in the exported file: picked, drawn on the plot whose
output is fitted, scored live as real sliders move (the text the learner reads equals
``model.target.score`` formatted by the same rule), clicked point by point, typed as a formula
(hostile ones refused in words, changing nothing), and carried by the link and the file."""

from __future__ import annotations

import math
import random
from urllib.parse import quote

from dashboard.fit_plot import fit_number, label, say, score_text
from harness.app import handles, open_figure
from harness.browser import REACHABLE_JS, goto, open_offline, poll, wait_until_plotted
from model.article import figure
from model.target import Target, out_of_reach, score

# What the page shows of the target: each target renderer's data and whether it is drawn, its
# legend entries, and the score line (text, and whether it is shown).
SHOWN_JS = (
    "() => {"
    + REACHABLE_JS
    + r"""
  const models = reachable();
  const out = {renderers: {}, legend: []};
  for (const m of models) {
    if (m.type === "GlyphRenderer" && /^(target|points)_/.test(m.name)) {
      out.renderers[m.name] = {x: Array.from(m.data_source.data.x || []),
                               y: Array.from(m.data_source.data.y || []), visible: m.visible};
    }
    if (m.type === "LegendItem" && m.label && m.label.value === "target" && m.visible) {
      out.legend.push(m.renderers[0].name);
    }
  }
  const score = models.find((m) => m.type === "Div" && m.name === "fit_score");
  out.score = score.visible ? score.text : null;
  return out;
}"""
)
FORMULA_BOX = "input[aria-label='Target formula in x']"


def target_menu(page):
    return page.locator("select").filter(has=page.locator("option", has_text="points I click"))


def shown(page) -> dict:
    return page.evaluate(SHOWN_JS)


def expected_score(net, target) -> str:
    s = score(net, target)
    return score_text(label(target), s.mse, s.max_error)


def drawn_target(page) -> tuple[str, dict] | None:
    """The one target renderer drawn, by name, with its data; None if none is."""
    drawn = [(k, v) for k, v in shown(page)["renderers"].items() if v["visible"]]
    assert len(drawn) <= 1, drawn
    return drawn[0] if drawn else None


def assert_drawn(page, net, target, name: str, reach: str = "") -> None:
    """``target`` is drawn by renderer ``name`` where it is compared, listed in the legend, and
    the score line reads the model's score, as the learner sees it (in the exported file,
    followed by ``reach``: why the target is out of reach, if it is)."""
    want = target.on(net.x)
    found = poll(page, lambda: drawn_target(page), lambda d: d is not None and d[0] == name,
                 what=f"the target drawn by {name}")  # fmt: skip
    assert found[1]["x"] == want.x.tolist() and found[1]["y"] == want.y.tolist()
    assert shown(page)["legend"] == [name]
    text = expected_score(net, target)
    lines = text + (f"\n{reach}" if reach else "")
    poll(page, lambda: shown(page)["score"], lambda t: t == lines, what="the score line")
    assert page.get_by_text(text, exact=False).is_visible()


def refusal(page) -> str:
    message = page.get_by_text("Not applied:")
    return message.text_content() if message.count() else ""


def press(page, index: int, key: str, times: int) -> None:
    handle = handles(page).nth(index)
    handle.focus()
    for _ in range(times):
        handle.press(key)


def test_a_preset_is_drawn_and_scored_live_as_sliders_move(page, server):
    net = open_figure(page, server, "nn9")  # three sigmoids, no second layer
    assert shown(page)["score"] is None and drawn_target(page) is None
    target_menu(page).select_option(label="sin x")
    target = Target.preset("sin")
    assert_drawn(page, net, target, "target_hidden")  # on the plot with the sum
    for index, key, times in ((0, "ArrowLeft", 7), (3, "ArrowRight", 4), (4, "PageDown", 1)):
        press(page, index, key, times)
    net.neurons[0].weight = 1.3  # 2 - 0.7
    net.neurons[1].bias = 1.4  # 1 + 0.4
    net.neurons[2].weight = 1.5  # a page step down from 2 (five steps)
    wait_until_plotted(page, net)
    assert_drawn(page, net, target, "target_hidden")
    # The second layer on: its output is fitted, and the target moves to its plot.
    page.get_by_text("Second layer: y = act(w2·sum − b2)", exact=True).click()
    net.second.enabled = True
    wait_until_plotted(page, net)
    assert_drawn(page, net, target, "target_second")
    poll(page, lambda: page.evaluate("location.search"), lambda q: "target=sin" in q,
         what="the link")  # fmt: skip
    # It cannot reach sin x's negative half: the page says why.
    assert page.get_by_text("never below 0").is_visible()
    assert not page.errors, page.errors


def test_the_page_writes_numbers_by_the_models_rule(page, server):
    open_figure(page, server, "nn6")
    rng = random.Random(13)
    values = [0.0, 1.0, -2.5, 999.4, 999.5, 1e-4, 9.995e-5, 123.456, 0.012345, 5e-324, 1e300]
    values += [10 ** rng.uniform(-8, 8) for _ in range(300)]
    got = page.evaluate("(vs) => vs.map((v) => nnshape.fit_number(v))", values)
    assert got == [fit_number(v) for v in values]
    assert page.evaluate("() => nnshape.fit_number(NaN)") == fit_number(math.nan)


def test_hostile_formulas_are_refused_in_words_and_change_nothing(page, server):
    net = open_figure(page, server, "nn9")
    menu = target_menu(page)
    menu.select_option(label="|x|")
    abs_target = Target.preset("abs")
    assert_drawn(page, net, abs_target, "target_hidden")
    menu.select_option(label="a formula I type")
    # Nothing is fitted until a formula is typed.
    poll(page, lambda: shown(page)["score"], lambda t: t is None, what="no target")
    box = page.locator(FORMULA_BOX)
    hostile = {
        "__import__('os')": "'__import__' is not a function a formula may call",
        "9**9**9": "is too large: a constant exponent must lie within ±100",
        "(" * 10_000 + "x" + ")" * 10_000: "nests parentheses more than 20 deep",
        "().__class__": "an attribute (.name) is not allowed",
        "<img src=x onerror=alert(1)>": "not valid",
    }
    for text, why in hostile.items():
        box.fill(text)
        box.press("Enter")
        poll(page, lambda: refusal(page), lambda t, why=why: why in t,
             what=f"the refusal of {text[:20]!r}")  # fmt: skip
        assert shown(page)["score"] is None and drawn_target(page) is None
    assert page.locator("img[src=x]").count() == 0  # shown as text, never as HTML
    box.fill("0.5*sin(3*x) + x**2/10")
    box.press("Enter")
    typed = Target.from_formula("0.5*sin(3*x) + x**2/10")
    assert_drawn(page, net, typed, "target_hidden")
    poll(page, lambda: page.evaluate("location.search"), lambda q: "target=f." in q,
         what="the link")  # fmt: skip
    assert not page.errors, page.errors


def test_points_are_added_and_removed_by_clicks_and_scored(page, server):
    net = open_figure(page, server, "nn9")
    target_menu(page).select_option(label="points I click")
    poll(page, lambda: shown(page)["score"], lambda t: t is not None and "click or tap" in t,
         what="the invitation to click")  # fmt: skip
    plot = page.locator(".bk-Figure:visible").first  # the hidden layer's plot, with the sum
    spots = [(0.3, 0.4), (0.6, 0.7)]

    def click(fx, fy):  # where the plot is now: the line above it changes once points exist
        box = plot.bounding_box()
        plot.click(position={"x": box["width"] * fx, "y": box["height"] * fy})

    for count, (fx, fy) in enumerate(spots, start=1):

        def added(d, c=count):
            return d is not None and d[0] == "points_hidden" and len(d[1]["x"]) == c

        click(fx, fy)
        poll(page, lambda: drawn_target(page), added, what="the clicked points")
    _name, data = drawn_target(page)
    target = Target.from_points(list(zip(data["x"], data["y"], strict=True)))
    assert_drawn(page, net, target, "points_hidden")
    # A click on a point takes it away.
    click(*spots[0])
    left = lambda: len((drawn_target(page) or ("", {"x": []}))[1]["x"])  # noqa: E731
    poll(page, left, lambda n: n == 1, what="one point left")
    assert not page.errors, page.errors


def test_a_link_opens_with_its_target(page, server):
    target = Target.from_formula("x**2/10")
    goto(page, f"{server}/?figure=nn9&target={quote(target.to_text())}", timeout=30)
    net = figure("nn9")
    wait_until_plotted(page, net)
    assert_drawn(page, net, target, "target_hidden")
    assert page.locator(FORMULA_BOX).input_value() == "x**2/10"


def test_the_exported_file_draws_the_target_and_scores_it_live(browser, tmp_path):
    from dashboard.export import snapshot_html
    from dashboard.playground import Playground

    pg = Playground.from_figure("nn9")
    target = Target.preset("abs")
    pg.set_target(target)
    path = tmp_path / "fit.html"
    path.write_text(snapshot_html(pg), encoding="utf-8")
    context, page, blocked, _requested, errors = open_offline(browser, path)
    try:
        net = figure("nn9")  # as exported
        wait_until_plotted(page, net)
        # |x| reaches 5; three sigmoids without output weights never go above 3: the file
        # says so, as the served page does, in the model's words.
        reach = say(out_of_reach(net, target))
        assert "never above 3" in reach
        assert_drawn(page, net, target, "target_hidden", reach)
        assert page.get_by_text(reach, exact=False).is_visible()
        press(page, 1, "ArrowRight", 6)  # neuron 1's bias, -2 → -1.4
        net.neurons[0].bias = -1.4
        wait_until_plotted(page, net)
        assert_drawn(page, net, target, "target_hidden", reach)
        assert page.get_by_text("training need nnshape itself", exact=False).is_visible()
        # Output weights lift the bound: the sentence goes; off again, it is back.
        switch = page.locator(".bk-Checkbox").filter(has_text="output weights").locator("input")
        switch.click()
        net.hidden.output_weights = True
        assert_drawn(page, net, target, "target_hidden")
        switch.click()
        net.hidden.output_weights = False
        assert_drawn(page, net, target, "target_hidden", reach)
        assert blocked == [] and not errors and not page.errors, (blocked, errors, page.errors)
    finally:
        context.close()


def test_a_slow_click_and_two_quick_clicks_each_add_a_point(page, server):
    """Bokeh calls a button held over 300 ms a press, and a second click within 300 ms of the
    first a double tap, and neither is a tap: a learner's slow click, or two quick ones, must
    still each add a point (a busy page stretches a click into a press too)."""
    open_figure(page, server, "nn9")
    target_menu(page).select_option(label="points I click")
    poll(page, lambda: shown(page)["score"], lambda t: t is not None and "click or tap" in t,
         what="the invitation to click")  # fmt: skip
    plot = page.locator(".bk-Figure:visible").first
    count = lambda: len((drawn_target(page) or ("", {"x": []}))[1]["x"])  # noqa: E731
    box = plot.bounding_box()
    plot.click(position={"x": box["width"] * 0.3, "y": box["height"] * 0.4}, delay=450)
    poll(page, count, lambda n: n == 1, what="the point of a slow click")
    box = plot.bounding_box()
    for fx in (0.5, 0.7):  # two clicks, 100 ms apart: Bokeh's second is a double tap
        plot.click(position={"x": box["width"] * fx, "y": box["height"] * 0.5})
        page.wait_for_timeout(100)
    poll(page, count, lambda n: n == 3, what="the points of two quick clicks")
    assert not page.errors, page.errors
