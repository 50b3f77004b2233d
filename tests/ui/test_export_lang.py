"""The exported file in Japanese, opened from disk with every network request blocked: what a
reader sees is the Japanese catalogue's (labels, the walk's text, the plot titles the page
draws in its canvas, the score line and why the target is out of reach)."""

from __future__ import annotations

from harness.browser import open_offline, poll, wait_until_plotted
from harness.commands import nnshape
from model.article import figure
from model.lang import CATALOGUES
from model.target import Target

EN, JA = CATALOGUES["en"], CATALOGUES["ja"]

#: Each plot's title and each legend entry's label, read off the file's Bokeh models (the page
#: draws them in a canvas, where no text can be read).
TITLES_JS = """
() => {
  const doc = Bokeh.documents[0]
  const titles = {}, legends = []
  for (const m of doc.all_models) {
    if (m.name && m.title != null && m.title.text != null) titles[m.name] = m.title.text
    if (m.type === "LegendItem" || (m.label !== undefined && m.renderers !== undefined)) {
      if (m.visible !== false && m.label != null) legends.push(m.label.value)
    }
  }
  return {titles, legends}
}
"""

#: The text a reader sees: every text node that is laid out (not hidden, not in a closed
#: <details>), through Bokeh's shadow roots, with the select's chosen option and the titles of
#: its widgets (Bokeh draws those as text too).
SEEN_JS = """
() => {
  const out = []
  const shown = (el) => {
    if (el.closest("details:not([open])") && !el.closest("summary")) return false
    const rects = el.getClientRects()
    const style = getComputedStyle(el)
    return rects.length > 0 && style.visibility !== "hidden" && style.display !== "none"
  }
  const walk = (root) => {
    for (const node of root.childNodes) {
      if (node.nodeType === Node.TEXT_NODE) {
        const parent = node.parentElement
        if (node.textContent.trim() && parent && parent.tagName !== "STYLE" &&
            parent.tagName !== "SCRIPT" && parent.tagName !== "OPTION" && shown(parent)) {
          out.push(node.textContent.trim())
        }
      } else if (node.nodeType === Node.ELEMENT_NODE) {
        if (node.tagName === "SELECT") out.push(node.selectedOptions[0].textContent)
        if (node.shadowRoot) walk(node.shadowRoot)
        walk(node)
      }
    }
  }
  walk(document.body)
  return out.join("\\n")
}
"""

#: The fit score's line: its text and whether it is shown.
SCORE_JS = """
() => {
  const div = Bokeh.documents[0].get_model_by_name("fit_score")
  return [div.text, div.visible]
}
"""

#: Keys of what the file writes in its own words (no fields), shown whatever its state.
FILE_KEYS = (
    "ui.activation", "ui.second.switch", "ui.second.w2", "ui.second.b2", "ui.curves.heading",
    "ui.curves.sum", "ui.curves.deep", "ui.curves.slope", "ui.curves.safe", "ui.outputs.switch",
    "ui.formula.heading", "ui.network.heading", "ui.file.json", "walk.ui.file_tasks",
    "activation.sigmoid.description",
    "figure.nn9.title", "figure.nn9.caption", "walk.nn9.text", "walk.nn9.turn",
)  # fmt: skip


def test_the_japanese_file_says_everything_in_japanese_offline(browser, tmp_path):
    out = tmp_path / "nn9-ja.html"
    done = nnshape("export", "--figure", "nn9", "--lang", "ja", "-o", str(out), timeout=300)
    assert done.returncode == 0, done.stderr
    context, page, blocked, _requested, errors = open_offline(browser, out)
    try:
        net = figure("nn9")
        wait_until_plotted(page, net)
        assert page.evaluate("document.documentElement.lang") == "ja"
        seen = page.evaluate(SEEN_JS)
        for key in FILE_KEYS:
            assert JA[key] in seen, key
        for key in (*FILE_KEYS, "ui.file.no_neurons", "ui.file.target_needs", "ui.file.exported"):
            english = EN[key].split("{")[0].strip()
            assert english not in seen, (key, english)
        assert "ガイドより: ステップ 4/12" in seen
        assert "ニューロン 1 の重み w" in seen and "ニューロン 3 のバイアス b" in seen
        # The plot titles, drawn by the page from NetState.words.
        drawn = page.evaluate(TITLES_JS)
        assert drawn["titles"]["hidden"] == JA["plot.hidden.both"], drawn
        assert drawn["titles"]["second"] == JA["plot.second.off"], drawn
        # A switch in the file: the page's title follows, still in Japanese.
        page.get_by_text(JA["ui.second.switch"]).click()
        poll(page, lambda: page.evaluate(TITLES_JS)["titles"]["second"],
             lambda t: t == JA["plot.second.on"], what="the second plot's title")  # fmt: skip
        assert blocked == [] and not errors and not page.errors, (blocked, errors, page.errors)
    finally:
        context.close()


def test_the_japanese_files_score_and_out_of_reach_sentence(browser, tmp_path):
    from dashboard.export import snapshot_html
    from dashboard.playground import Playground

    pg = Playground.from_figure("nn9", lang="ja")
    pg.set_target(Target.preset("abs"))  # reaches 5; three sigmoids never go above 3
    path = tmp_path / "fit-ja.html"
    path.write_text(snapshot_html(pg), encoding="utf-8")
    context, page, blocked, _requested, errors = open_offline(browser, path)
    try:
        wait_until_plotted(page, figure("nn9"))
        said = poll(page, lambda: page.evaluate(SCORE_JS), lambda t: t and t[1],
                    what="the score line")[0]  # fmt: skip
        assert said.startswith("目標 絶対値 |x|: MSE ") and "最大誤差" in said, said
        reach = "3 より上になることがありませんが、目標は 5 に達します"
        assert reach in said and "出力の重みをオンにしてください。" in said, said
        assert page.get_by_text(reach, exact=False).is_visible()  # drawn as text, shown
        assert page.get_by_text(JA["ui.file.target_shown"], exact=False).is_visible()
        legends = page.evaluate(TITLES_JS)["legends"]
        assert JA["plot.fit.legend"] in legends and EN["plot.fit.legend"] not in legends, legends
        # Output weights lift the bound: the sentence goes, the score stays, in Japanese.
        page.get_by_text(JA["ui.outputs.switch"]).click()
        said = poll(page, lambda: page.evaluate(SCORE_JS)[0], lambda t: reach not in t,
                    what="the score without the sentence")  # fmt: skip
        assert said.startswith("目標 絶対値 |x|: MSE "), said
        assert blocked == [] and not errors and not page.errors, (blocked, errors, page.errors)
    finally:
        context.close()
