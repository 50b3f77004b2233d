"""Edits a learner makes, as the page shows them: a new neuron is seen, a switch of activation
never leaves a blank plot, and Undo, Redo and Reset to figure bring back what was there.

Each check reads what the page drew (the curves' data, the plots' y-ranges, the caption), not
the server's objects.
"""

from __future__ import annotations

import numpy as np

from harness.app import handles, open_figure
from harness.browser import (
    PLOTTED_JS,
    activation_menu,
    poll,
    wait_for_slider,
    wait_until_plotted,
)
from model.article import FIGURES, figure
from model.placement import fresh_neuron

# Each plot's y-range and the lowest and highest finite value of the curves it draws.
RANGES_JS = r"""
() => {
  const out = {};
  for (const doc of Bokeh.documents) {
    for (const m of doc.all_models) {
      if (!(m.name === "hidden" || m.name === "second") || !m.y_range || !m.renderers) continue;
      if (!m.visible) continue;
      let lo = Infinity, hi = -Infinity;
      for (const r of m.renderers) {
        if (!r.visible || !["neurons", "sum", "deep"].includes(r.name)) continue;
        const d = r.data_source.data;
        const rows = r.name === "neurons" ? (d.ys || []).filter((_, i) => d.alpha[i] > 0) : [d.y];
        for (const y of rows) for (const v of y) if (Number.isFinite(v)) {
          lo = Math.min(lo, v); hi = Math.max(hi, v);
        }
      }
      out[m.name] = {start: m.y_range.start, end: m.y_range.end, lo, hi};
    }
  }
  return out;
}
"""


def outside(ranges: dict) -> list[str]:
    """The plots whose drawn data leave their y-range (empty: everything drawn is seen)."""
    return [
        f"{name}: data {r['lo']:.3g}…{r['hi']:.3g}, y-range {r['start']:.3g}…{r['end']:.3g}"
        for name, r in ranges.items()
        if r["lo"] <= r["hi"] and (r["lo"] < r["start"] - 1e-9 or r["hi"] > r["end"] + 1e-9)
    ]


def wait_until_all_seen(page) -> dict:
    ranges = poll(
        page, lambda: page.evaluate(RANGES_JS), lambda r: r and not outside(r), what="y-ranges"
    )
    assert {"hidden"} <= set(ranges), ranges
    return ranges


def caption(page) -> str:
    return page.locator("h3").first.inner_text()


def test_a_new_neuron_is_seen_apart_from_every_other(page, server):
    net = open_figure(page, server, "nn9")
    wait_until_all_seen(page)
    for _ in range(2):
        page.get_by_role("button", name="+ Add neuron").click()
        net.hidden.add_neuron(*fresh_neuron(net))
        plotted = wait_until_plotted(page, net)
    new = np.array(plotted[f"n{len(net.neurons) - 1}"]["y"])
    assert plotted[f"n{len(net.neurons) - 1}"]["visible"]
    for i in range(len(net.neurons) - 1):
        assert np.max(np.abs(new - np.array(plotted[f"n{i}"]["y"]))) > 0.1, i
    # Five sigmoids sum past nn9's y-limits (-0.5 to 3): the axis fits them, and says so.
    wait_until_all_seen(page)
    page.get_by_text("The y-axis now fits the curves", exact=False).wait_for()
    assert not page.errors


def test_switching_activation_never_leaves_curves_off_the_plot(page, server):
    net = open_figure(page, server, "nn10")
    before = wait_until_all_seen(page)
    assert before["hidden"]["start"] == FIGURES["nn10"].ylim[0]  # the figure's own limits
    for button, name in (("ReLU", "relu"), ("tanh", "tanh"), ("Mish", "mish")):
        activation_menu(page).select_option(label=button)
        net.activation = name
        wait_until_plotted(page, net)
        wait_until_all_seen(page)
    assert not page.errors


def test_undo_redo_and_reset_bring_back_what_was_drawn(page, server):
    net = open_figure(page, server, "nn9")
    title = FIGURES["nn9"].title
    assert caption(page) == title
    # A drag by keyboard (five steps, one edit), then a neuron added (another).
    handle = handles(page).nth(0)
    handle.focus()
    for _ in range(5):
        handle.press("ArrowRight")
    net.neurons[0].weight = wait_for_slider(page, 0, 2.5)
    dragged = figure("nn9")
    dragged.neurons[0].weight = net.neurons[0].weight
    page.get_by_role("button", name="+ Add neuron").click()
    net.hidden.add_neuron(*fresh_neuron(net))
    wait_until_plotted(page, net)
    poll(page, lambda: caption(page), lambda c: c.startswith("Edited from figure nn9"))

    undo = page.get_by_role("button", name="Undo")
    undo.click()  # the neuron goes
    wait_until_plotted(page, dragged)
    undo.click()  # the whole drag goes at once
    wait_until_plotted(page, figure("nn9"))
    poll(page, lambda: caption(page), lambda c: c == title)
    page.get_by_role("button", name="Redo").click()
    wait_until_plotted(page, dragged)

    # Choosing another figure puts the edits aside, says so, and Undo brings them back.
    nn10 = f"nn10: {FIGURES['nn10'].title}"  # the Figure menu (the language's comes first)
    page.get_by_label("Figure", exact=True).select_option(label=nn10)
    wait_until_plotted(page, figure("nn10"))
    page.get_by_text("Undo brings them back", exact=False).wait_for()
    undo.click()
    wait_until_plotted(page, dragged)
    poll(page, lambda: caption(page), lambda c: c.startswith("Edited from figure nn9"))

    page.get_by_role("button", name="Reset to figure").click()
    wait_until_plotted(page, figure("nn9"))
    poll(page, lambda: caption(page), lambda c: c == title)
    undo.click()  # Reset is an edit like any other
    wait_until_plotted(page, dragged)
    plotted = page.evaluate(PLOTTED_JS)
    assert all(plotted[f"n{i}"]["visible"] for i in range(3))
    assert not page.errors
