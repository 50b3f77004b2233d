"""Japanese drawn in real glyphs, not tofu, offline, with the system's fonts (issue 15): in the
served page, in an exported file and in JupyterLab. The file embeds no font: the browser's
fonts draw it (CI installs Debian's fonts-noto-cjk, ``.ci/run``).

A character is tofu when the browser draws it exactly as it draws an unassigned code point
(U+0378) in the same font: both are the missing-glyph box. And the font the browser actually
used for the text (``CSS.getPlatformFontsForNode``) must be a CJK one. The file and the notebook
also pass the catalogue check of ``tests/ui/test_lang_page.py``.
"""

from __future__ import annotations

import re

from harness.app import open_app
from harness.browser import open_offline
from harness.glyphs import glyph_problems
from harness.jupyter import notebook_page
from harness.words import check
from model.lang import CATALOGUES, text

#: Japanese labels the page shows from its first frame: the language switch's label and the
#: first neuron card's name (bold: another face of the font).
LABELS = (text("ui.language", "ja"), text("ui.card.neuron", "ja", n=1))
#: The README's notebook line, in Japanese.
JA_CELL = 'from dashboard import Playground; Playground.from_figure("nn9", lang="ja")'


def test_the_served_page_draws_japanese_in_real_glyphs(page, server):
    open_app(page, server, "?figure=nn9&lang=ja")
    problems = [p for label in LABELS for p in glyph_problems(page, label)]
    assert not problems, "\n".join(problems)


def test_the_check_knows_tofu_when_it_sees_it(page, server):
    """An unassigned code point is reported as tofu: the glyph check can fail."""
    open_app(page, server, "?figure=nn9&lang=ja")
    page.evaluate(
        """() => {
        const p = document.createElement("p");
        p.textContent = "\\u4e00\\u{E0100}\\u0fff";  // 一, then nothing any font draws
        document.body.prepend(p);
    }"""
    )
    found = glyph_problems(page, "\u4e00\U000e0100\u0fff")
    assert any("tofu" in p for p in found), found


def test_a_japanese_exported_file_opens_offline_in_japanese_with_the_systems_fonts(
    browser, tmp_path
):
    from dashboard import Playground
    from dashboard.export import snapshot_html

    html = snapshot_html(Playground.from_figure("nn9", lang="ja"))
    # No font is embedded: the only @font-face in the file is Panel's icon font.
    families = re.findall(r"@font-face\s*\{[^}]*?font-family:\s*[\"']?([^\"';]+)", html)
    assert set(families) <= {"tabler-icons"}, families
    path = tmp_path / "nn9-ja.html"
    path.write_text(html, encoding="utf-8")
    context, page, blocked, _requested, errors = open_offline(browser, path)
    try:
        # The file has no language switch (it is made in one language): the card's name.
        problems = glyph_problems(page, LABELS[1])
        problems += check(page, "ja")
        page.screenshot(path=str(tmp_path / "nn9-ja.png"))
        assert not blocked, blocked
        assert not errors, errors
        assert not problems, f"{len(problems)} problems in the file:\n" + "\n".join(problems)
    finally:
        context.close()


def test_a_japanese_playground_in_jupyterlab(browser, lab_root):
    with notebook_page(browser, lab_root, [JA_CELL], shot="notebook-ja.png") as (page, errors):
        output = ".jp-OutputArea-output"  # the cell's outputs
        page.get_by_text(LABELS[0], exact=True).first.wait_for(timeout=30000)
        page.wait_for_timeout(1000)  # the output's text laid out and painted
        problems = [p for label in LABELS for p in glyph_problems(page, label, output)]
        problems += check(page, "ja", root=output)
        # The file picker: our own button and words, not the browser's "Choose file".
        button = page.locator(f"{output} .nn-file-button")
        button.wait_for(timeout=15_000)
        assert button.inner_text() == CATALOGUES["ja"]["ui.files.choose"]
        assert (
            page.locator(f"{output} .nn-file-name").inner_text()
            == (CATALOGUES["ja"]["ui.files.none"])
        )
        assert not errors, errors
        assert not problems, "\n".join(problems)
