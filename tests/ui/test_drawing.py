"""What a change costs the page, as behaviour: a slider's move redraws the curves and leaves the
legends alone, and what it draws is what a full redraw of the same data draws.

The page announces new columns of unchanged shape with its sources' ``patching`` signal, on
which Bokeh's renderers take them up as on ``change``, while a Legend, which rebuilds every
entry on any ``change`` of a model its items reach, does not (``dashboard/js/curves.js``).
These tests pin both halves of that on the Bokeh the page runs: if an upgrade stopped a renderer
taking up a patch, the screenshots would differ; if the legend followed patches, its entries
would be new elements.
"""

from __future__ import annotations

import itertools
import re

from harness.app import handles
from harness.browser import REACHABLE_JS, goto, poll, wait_for_slider, wait_until_plotted
from model.article import figure

# Mark every legend entry (a ``.bk-item`` element, in the plots' shadow roots) as it is now;
# ``STILL_JS`` then says how many of the marked ones are still in the page.
MARK_JS = r"""
() => {
  const deep = (root, found = []) => {
    found.push(...root.querySelectorAll(".bk-item"));
    for (const e of root.querySelectorAll("*")) if (e.shadowRoot) deep(e.shadowRoot, found);
    return found;
  };
  window.__legend_items = deep(document);
  return window.__legend_items.length;
}
"""
STILL_JS = "() => window.__legend_items.filter(e => e.isConnected).length"

# Every curve's source announces a change (the documented full redraw), as on the first drawing.
REDRAW_JS = (
    "() => {"
    + REACHABLE_JS
    + r"""
  const sources = new Set(reachable()
    .filter(m => m.type === "GlyphRenderer" && m.data_source && m.glyph.type !== "Text")
    .map(m => m.data_source));
  for (const s of sources) s.change.emit();
  return sources.size;
}"""
)

FRAMES_JS = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"


def _settled(page) -> bytes:
    """A screenshot once the page has painted and nothing is left to follow, the legends
    masked: Bokeh clears a legend entry's swatch half a pixel short of its edge before painting
    it again, so a swatch repainted in place has its anti-aliased edge a shade darker than a new
    one (its pixels, not its entries, are not what is compared here)."""
    page.wait_for_timeout(600)  # the file's own formula and diagram follow in a later task
    page.evaluate(FRAMES_JS)
    return page.screenshot(mask=[page.locator(".bk-Legend")])


def test_a_slider_move_redraws_the_curves_and_leaves_the_legends_alone(page, exported):
    goto(page, exported("nn11").as_uri(), timeout=30)
    net = figure("nn11")
    wait_until_plotted(page, net)
    # The legends' entries are there, and stay the same elements through the moves.
    entries = page.evaluate(MARK_JS)
    assert entries >= 3
    handle = handles(page).nth(2)  # neuron 2's weight
    handle.focus()
    for key in ("ArrowRight", "ArrowRight", "ArrowLeft"):
        handle.press(key)
    net.neurons[1].weight = wait_for_slider(page, 2, net.neurons[1].weight + 0.1)
    wait_until_plotted(page, net)
    moved = _settled(page)
    assert page.evaluate(STILL_JS) == entries, "a slider's move rebuilt the legends"
    # What was drawn from the patches is what a full redraw of the same data draws.
    assert page.evaluate(REDRAW_JS) >= 3
    assert _settled(page) == moved, "the curves drawn from a patch differ from a full redraw"
    # The text alternative followed the move, after the frame: the sum's new range.
    hidden = page.get_by_role("figure", name=re.compile(r"^Hidden layer plot"))
    total = net.curves()["sum"]
    span = f"from {total.min():.3g} to {total.max():.3g}"
    poll(
        page,
        lambda: hidden.get_attribute("aria-label"),
        lambda text: f"thick green line: {span}." in text,
        what="the hidden plot's text alternative",
    )
    assert not page.errors


# Each plot's end labels: text, and where its baseline sits (pixels down from the frame's top).
END_LABELS_JS = (
    "() => {"
    + REACHABLE_JS
    + r"""
  const out = [];
  for (const fig of reachable().filter(m => m.renderers && m.y_range && m.inner_height > 0)) {
    for (const r of fig.renderers) {
      if (!r.glyph || r.glyph.type !== "Text") continue;
      const d = r.data_source.data, lo = fig.y_range.start, hi = fig.y_range.end;
      const ppu = fig.inner_height / (hi - lo);
      const dy = (i) => (d.dy ? d.dy[i] : r.glyph.y_offset.value);  // a column, or one for all
      out.push(Array.from(d.text, (t, i) => [t, (hi - d.y[i]) * ppu + dy(i), dy(i)]));
    }
  }
  return out;
}"""
)


def test_end_labels_of_curves_that_end_together_do_not_print_over_each_other(page, server):
    # Neurons 1 and 3 equal (the walk's first task makes them so): their curves, and their end
    # labels' places, coincide. Neuron 2 ends elsewhere; the sum near the frame's top.
    goto(page, f"{server}/?figure=free&act=sigmoid&n=2_0~-0.5_0~2_0&l2=off_1_0&grid=-5_5_0.1")
    plots = poll(page, lambda: page.evaluate(END_LABELS_JS),
                 lambda p: len(p) == 2 and len(p[0]) == 4, what="the end labels")  # fmt: skip
    hidden = {text: (y, dy) for text, y, dy in plots[0]}
    assert set(hidden) == {"n1", "n2", "n3", "Σ"}
    baselines = sorted(y for y, _ in hidden.values())
    gaps = [b - a for a, b in itertools.pairwise(baselines)]
    assert min(gaps) >= 12, hidden  # 12 px text: none over another
    assert min(baselines) >= 12, hidden  # none cut by the frame's top
    # n3 moved below the curve n1 is labelled above; n1 and n2 sit just above their curves.
    assert hidden["n1"][1] == hidden["n2"][1] == -3 and hidden["n3"][1] > 0, hidden
    assert all(y >= 12 for _, y, _ in plots[1]), plots[1]
    assert page.errors == []
