"""The colour-blind-safe palette, one switch away, in a real page and in the exported file: every
curve, the formula's underlines, the diagram's nodes and the neurons' cards take its colours,
and it stays on through another figure, Reset, a reload of the page's link."""

from __future__ import annotations

from harness.app import handles, open_app
from harness.browser import REACHABLE_JS, open_offline, poll, wait_until_plotted
from model.article import FIGURES, figure
from model.network import DEEP_COLOR, SUM_COLOR
from model.view import SAFE_DEEP, SAFE_NEURONS, SAFE_SUM

SWITCH = "colour-blind-safe colours"

# The colours the page draws each curve in, and those its formula, diagram and cards show.
COLORS_JS = (
    "() => {"
    + REACHABLE_JS
    + r"""
  const out = {neurons: [], sum: [], deep: null, text: []};
  const color = (v) => (v != null && typeof v === "object" ? v.value : v);
  for (const m of reachable()) {
    if (m.type !== "GlyphRenderer") continue;
    if (m.name === "neurons") out.neurons = [...m.data_source.data.color];
    if (m.name === "sum") out.sum.push(color(m.glyph.line_color));
    if (m.name === "deep") out.deep = color(m.glyph.line_color);
  }
  const deep = (root, found = []) => {
    for (const e of root.querySelectorAll("*")) {
      if (e.shadowRoot) { found.push(e.shadowRoot.innerHTML); deep(e.shadowRoot, found); }
    }
    return found;
  };
  const body = document.body.cloneNode(true);  // what is shown, not the scripts' data
  body.querySelectorAll("script").forEach((s) => s.remove());
  const html = [body.innerHTML, ...deep(document)].join("\n");
  // Formula underlines, diagram nodes (circles), card and file swatches.
  const marks = /(?:border-bottom:3px solid |<circle[^>]*fill="|background:)(#[0-9a-f]{6})/gi;
  out.text = [...new Set([...html.matchAll(marks)].map(m => m[1].toLowerCase()))];
  return out;
}"""
)


def colors(page) -> dict:
    return page.evaluate(COLORS_JS)


def is_safe(seen: dict, n: int) -> bool:
    return (
        seen["neurons"] == [SAFE_NEURONS[i % len(SAFE_NEURONS)] for i in range(n)]
        and set(seen["sum"]) == {SAFE_SUM}
        and seen["deep"] == SAFE_DEEP
    )


def test_the_switch_recolours_everything_and_stays_on(page, server):
    net = figure("nn9")
    article = [n.color for n in net.neurons]
    open_app(page, server, "?figure=nn9")
    wait_until_plotted(page, net)
    seen = colors(page)
    assert seen["neurons"] == article and set(seen["sum"]) == {SUM_COLOR}, seen
    assert seen["deep"] == DEEP_COLOR
    page.get_by_text(SWITCH, exact=True).click()
    n = len(net.neurons)
    seen = poll(page, lambda: colors(page), lambda s: is_safe(s, n), what="the safe colours")
    # The formula's underlines, the diagram's nodes and the cards' swatches follow.
    poll(page, lambda: colors(page)["text"], lambda t: set(SAFE_NEURONS[:n]) <= set(t),
         what="the text in the safe colours")  # fmt: skip
    text = colors(page)["text"]
    assert not set(article) & set(text), (article, text)
    poll(page, lambda: page.url, lambda u: "safe=on" in u, what="the link")
    # The caption names the article's colours: a line says what they are now.
    note = page.get_by_text("Drawn in the colour-blind-safe palette", exact=False)
    note.first.wait_for(timeout=10_000)
    # Another figure, and Reset to figure: the learner's palette stays.
    page.get_by_label("Figure", exact=True).select_option(label=f"nn11: {FIGURES['nn11'].title}")
    nn11 = figure("nn11")
    wait_until_plotted(page, nn11)
    poll(page, lambda: colors(page), lambda s: is_safe(s, len(nn11.neurons)), what="nn11, safe")
    # The palette is no edit: Reset has nothing to undo until the learner edits.
    assert page.get_by_role("button", name="Reset to figure").is_disabled()
    handles(page).nth(0).focus()
    handles(page).nth(0).press("ArrowRight")
    reset = page.get_by_role("button", name="Reset to figure")
    poll(page, reset.is_enabled, bool, what="Reset, after an edit")
    reset.click()
    wait_until_plotted(page, nn11)
    assert is_safe(colors(page), len(nn11.neurons))
    # The link reopens it so.
    link = page.url
    page.goto(link)
    wait_until_plotted(page, nn11)
    assert is_safe(colors(page), len(nn11.neurons)), colors(page)
    page.get_by_text(SWITCH, exact=True).click()
    poll(page, lambda: colors(page)["neurons"], lambda c: c == [n.color for n in nn11.neurons],
         what="the article's colours again")  # fmt: skip
    poll(page, lambda: page.url, lambda u: "safe=" not in u, what="the link, switch off")
    poll(page, note.count, lambda n: n == 0, what="the caption's note, gone")
    assert not page.errors


def test_the_exported_file_has_the_switch_too(browser, exported):
    out = exported("nn11")
    context, page, blocked, _requested, errors = open_offline(browser, out)
    try:
        net = figure("nn11")
        wait_until_plotted(page, net)
        assert colors(page)["neurons"] == [n.color for n in net.neurons]
        page.get_by_text(SWITCH, exact=True).click()
        n = len(net.neurons)
        poll(page, lambda: colors(page), lambda s: is_safe(s, n), what="the file's safe colours")
        page.get_by_text("Drawn in the colour-blind-safe palette", exact=False).first.wait_for()
        text = poll(page, lambda: colors(page)["text"],
                    lambda t: set(SAFE_NEURONS[:n]) | {SAFE_SUM} <= set(t),
                    what="the file's formula, diagram and swatches")  # fmt: skip
        assert not {n.color for n in net.neurons} & set(text), text
        wait_until_plotted(page, net)  # the curves themselves are unchanged
        assert blocked == [] and not errors and not page.errors
    finally:
        context.close()
