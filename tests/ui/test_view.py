"""What is drawn is what the controls say: curves, legend entries and check boxes agree.

For every figure and through sequences of toggles, in a real page: a curve's renderer is
visible exactly when its check box (and, for the second layer, its switch) says so, and a
legend entry is shown exactly when one of its curves is.
"""

from __future__ import annotations

import random
import re
import time

import numpy as np
import pytest

from harness.app import handles, open_figure
from harness.browser import REACHABLE_JS, poll, slider_values, wait_until_plotted
from model.article import FIGURES

# The page's check boxes (label, ticked) in page order, and every named curve's and legend
# entry's visibility, read from what the browser holds.
STATE_JS = (
    "() => {"
    + REACHABLE_JS
    + r"""
  const deep = (root, selector, found = []) => {
    found.push(...root.querySelectorAll(selector));
    for (const e of root.querySelectorAll("*")) {
      if (e.shadowRoot) deep(e.shadowRoot, selector, found);
    }
    return found;
  };
  const boxes = deep(document, "input[type=checkbox]").map(input => ({
    label: (input.parentNode.querySelector(".bk-label") || {textContent: ""}).textContent.trim(),
    ticked: input.checked,
  }));
  // A curve is drawn when its renderer is, and (a neuron, a row of the multi_line) when its
  // row is opaque; a legend entry names a renderer, or one row of it.
  // The derivative view's plot (its curves named slope_…; a neuron's share s0, s1, …) shows
  // nothing while the plot is hidden.
  const curves = {}, legend = [];
  const slope_fig = reachable().find(m => m.type === "Figure" && m.name === "slope");
  const seen = (r) => !r.name.startsWith("slope_") || slope_fig.visible;
  for (const m of reachable()) {
    if (m.type === "GlyphRenderer" && (m.name === "neurons" || m.name === "slope_neurons")) {
      const row = m.name === "neurons" ? "n" : "s";
      m.data_source.data.alpha.forEach((a, i) => {
        curves[`${row}${i}`] = seen(m) && m.visible && a > 0;
      });
    } else if (m.type === "GlyphRenderer" && /^(slope_)?(sum|deep)$/.test(m.name)) {
      curves[m.name] = seen(m) && m.visible;
    }
  }
  // Before the plot is first shown its neurons' source has no rows: no share is drawn.
  const count = Object.keys(curves).filter(k => /^n\d+$/.test(k)).length;
  for (let i = 0; i < count; i++) if (!(`s${i}` in curves)) curves[`s${i}`] = false;
  for (const m of reachable()) {
    if (m.type === "LegendItem") {
      const names = m.renderers.map(r => r.name === "neurons" ? `n${m.index}`
        : r.name === "slope_neurons" ? `s${m.index}` : r.name);
      const visible = m.visible && m.renderers.every(seen);
      legend.push({label: m.label.value, visible, renderers: names});
    }
  }
  return {boxes, curves, legend};
}"""
)

SECOND_SWITCH = "Second layer: y = act(w2·sum − b2)"
SLOPE_SWITCH = "Slope dy/dx (the derivative view)"


def problems(state: dict) -> list[str]:
    """Every way the page's curves and legend disagree with its check boxes."""
    boxes = {}
    shows = []
    for box in state["boxes"]:
        if box["label"] == "show":
            shows.append(box["ticked"])
        else:
            boxes[box["label"]] = box["ticked"]
    curves = state["curves"]
    want = {f"n{i}": ticked for i, ticked in enumerate(shows)}
    want["sum"] = boxes["show sum"]  # in both plots: one source, one box
    want["deep"] = boxes["show second layer"] and boxes[SECOND_SWITCH]
    slope = boxes[SLOPE_SWITCH]  # the same curves' slopes, in a plot of their own
    want.update({f"s{i}": ticked and slope for i, ticked in enumerate(shows)})
    want["slope_sum"], want["slope_deep"] = want["sum"] and slope, want["deep"] and slope
    out = []
    for key, shown in want.items():
        if key not in curves:
            out.append(f"curve {key} is not in the page")
        elif curves[key] != shown:
            out.append(f"curve {key} is {'drawn' if curves[key] else 'hidden'}, boxes say {shown}")
    drawn = {name for name, visible in curves.items() if visible}
    listed = set()
    for item in state["legend"]:
        should = any(curves.get(r) for r in item["renderers"])
        if item["visible"] != should:
            out.append(f"legend entry {item['label']!r} shown={item['visible']}, curve {should}")
        if item["visible"]:
            listed.update(item["renderers"])
    for name in drawn - listed:
        out.append(f"curve {name} is drawn with no legend entry")
    return out


def consistent(page, timeout: float = 10.0) -> dict:
    """Poll until the page agrees with itself; fail with what disagrees."""
    deadline = time.monotonic() + timeout
    while True:
        state = page.evaluate(STATE_JS)
        found = problems(state)
        if not found:
            return state
        if time.monotonic() > deadline:
            pytest.fail("; ".join(found), pytrace=False)
        page.wait_for_timeout(50)


def box(page, label: str, nth: int = 0):
    exact = re.compile(rf"^\s*{re.escape(label)}\s*$")
    return page.locator(".bk-Checkbox").filter(has_text=exact).nth(nth).locator("input")


def toggle(page, label: str, nth: int = 0) -> None:
    target = box(page, label, nth)
    before = target.is_checked()
    target.click()
    deadline = time.monotonic() + 10
    while target.is_checked() == before:  # the click took: the box changed
        assert time.monotonic() < deadline, f"clicking {label!r} did not toggle it"
        page.wait_for_timeout(20)


@pytest.mark.parametrize("figure_id", list(FIGURES))
def test_each_figure_draws_what_its_boxes_say_through_toggles(page, server, figure_id):
    open_figure(page, server, figure_id)
    state = consistent(page)
    fig = FIGURES[figure_id]
    ticked = {b["label"]: b["ticked"] for b in state["boxes"]}
    assert ticked["show sum"] == ("sum" in fig.shows)
    assert ticked[SECOND_SWITCH] == (fig.second is not None)
    labels = [SECOND_SWITCH, "show sum", "show second layer", SLOPE_SWITCH]
    labels += [("show", i) for i in range(len(fig.neurons))]
    rng = random.Random(figure_id)
    for _ in range(6):
        choice = rng.choice(labels)
        label, nth = choice if isinstance(choice, tuple) else (choice, 0)
        toggle(page, label, nth)
        consistent(page)
    assert not page.errors


def test_switching_the_second_layer_on_draws_it_and_w2_moves_it(page, server):
    net = open_figure(page, server, "nn10")
    toggle(page, SECOND_SWITCH)
    # Switching the layer on asks to see it: its curve's box follows.
    box(page, "show second layer").wait_for(state="attached")
    deadline = time.monotonic() + 10
    while not box(page, "show second layer").is_checked():
        assert time.monotonic() < deadline, "switching the layer on left its curve unticked"
        page.wait_for_timeout(20)
    state = consistent(page)
    assert state["curves"]["deep"], "the second layer's curve is not drawn"
    assert any(i["visible"] and i["renderers"] == ["deep"] for i in state["legend"])
    net.second.enabled = True
    before = wait_until_plotted(page, net)["deep"]["y"]
    assert np.all(np.isfinite(before))
    w2 = handles(page).nth(6)  # after three neurons' weight and bias: w2
    # Usable, as a learner sees it (it was disabled while the layer was off: a key pressed on a
    # disabled slider does nothing).
    poll(page, lambda: w2.get_attribute("aria-disabled"), lambda d: d != "true", what="w2 on")
    w2.focus()
    w2.press("ArrowRight")
    # The model holds the step's decimal, 1.1, as the box shows it (not 1.1000000000000001).
    page.wait_for_function("() => window.location.search.includes('l2=on_1.1_')")
    assert slider_values(page)[6] == pytest.approx(1.1)
    net.second.weight = 1.1
    after = wait_until_plotted(page, net)["deep"]["y"]
    assert after != before
