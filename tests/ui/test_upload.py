"""A file over the document limit is refused in the page, before it is read or sent: a
message beside the picker names its size, and the session goes on working."""

from __future__ import annotations

import json

from harness.app import open_figure
from harness.browser import activation_menu, poll, wait_until_plotted
from model.article import figure
from model.document import MAX_DOCUMENT_BYTES


def test_a_file_over_the_limit_is_refused_in_the_page_and_the_session_goes_on(
    page, server, tmp_path
):
    sent = []  # the size of every frame the page sends its server
    page.on("websocket", lambda ws: ws.on("framesent", lambda frame: sent.append(len(frame))))
    open_figure(page, server, "nn6")
    big = tmp_path / "big.json"
    wanted = figure("nn18")
    doc = json.loads(wanted.to_json({"figure": "nn18"}))
    doc["padding"] = "x" * (MAX_DOCUMENT_BYTES + 200_000)  # valid JSON, 1.2 MB
    big.write_text(json.dumps(doc))
    size = big.stat().st_size
    chooser = page.locator("input[type=file]")
    chooser.set_input_files(str(big))
    note = page.locator(".nn-file-refused")
    note.wait_for(timeout=10_000)
    text = note.inner_text()
    assert "Did not open 'big.json'" in text and "1.2 MB" in text, text
    assert f"{size:,} bytes" in text and "up to 1.0 MB (1,000,000 bytes)" in text, text
    page.wait_for_timeout(500)
    assert sent and max(sent) < 100_000, "the file went to the server"
    wait_until_plotted(page, figure("nn6"))  # unchanged
    # The session goes on: a file within the limit opens, and the message goes.
    good = tmp_path / "good.json"
    good.write_text(wanted.to_json({"figure": "nn18"}))
    chooser.set_input_files(str(good))
    wait_until_plotted(page, wanted)
    assert note.is_hidden()
    assert max(sent) > len(good.read_text()), "the good file did not go to the server"
    activation_menu(page).select_option(label="ReLU")
    wanted.activation = "relu"
    wait_until_plotted(page, wanted)
    assert not page.errors


def _language_menu(page):
    return page.locator("select").filter(has=page.locator("option", has_text="日本語"))


def _visible_text(page) -> str:
    """Every visible word of the page, shadow roots included (Bokeh draws each widget in one)."""
    return page.evaluate(
        """() => {
        const out = [];
        const walk = (node) => {
          for (const child of node.childNodes) {
            if (child.nodeType === Node.TEXT_NODE) {
              const el = child.parentElement;
              if (el && el.checkVisibility && el.checkVisibility({opacityProperty: true,
                  visibilityProperty: true}) && child.textContent.trim()) {
                out.push(child.textContent.trim());
              }
            } else if (child.nodeType === Node.ELEMENT_NODE) {
              if (child.shadowRoot) walk(child.shadowRoot);
              walk(child);
            }
          }
        };
        walk(document.body);
        return out.join("\\n");
    }"""
    )


def test_our_own_button_opens_a_file_in_both_languages_and_no_native_words_show(
    page, server, tmp_path
):
    """The browser's "Choose file" / "No file chosen" are its own words, in its own language:
    the page shows our button and the chosen file's name instead, in the page's language, and
    the button opens the same chooser (the hidden input stays the named, focusable control)."""
    from model.lang import CATALOGUES

    open_figure(page, server, "nn6")
    button = page.locator(".nn-file-button")
    name = page.locator(".nn-file-name")
    button.wait_for(timeout=10_000)
    assert button.inner_text() == CATALOGUES["en"]["ui.files.choose"]
    assert name.inner_text() == CATALOGUES["en"]["ui.files.none"]
    native = page.locator("input[type=file]")
    box = native.bounding_box()
    assert box is None or (box["width"] <= 1 and box["height"] <= 1)  # out of sight
    assert native.get_attribute("aria-label") == CATALOGUES["en"]["ui.files.open_about"]
    shown = _visible_text(page)
    assert "Choose file" not in shown and "No file chosen" not in shown
    assert page.screenshot()  # drawn without error

    cases = [("en", "nn18", "first.json"), ("ja", "nn11", "二つ目<b>.json")]
    for lang, figure_id, filename in cases:
        if lang == "ja":
            _language_menu(page).select_option(label="日本語")
            poll(page, button.inner_text, lambda t: t == CATALOGUES["ja"]["ui.files.choose"],
                 what="the button in Japanese")  # fmt: skip
            assert name.inner_text() == CATALOGUES["ja"]["ui.files.chosen"].format(
                name="first.json"
            )
        wanted = figure(figure_id)
        path = tmp_path / filename
        path.write_text(wanted.to_json({"figure": figure_id}))
        with page.expect_file_chooser() as chooser:
            button.click()  # our button, not the hidden input
        chooser.value.set_files(str(path))
        wait_until_plotted(page, wanted)
        said = CATALOGUES[lang]["ui.files.chosen"].format(name=filename)
        poll(page, name.inner_text, lambda t, said=said: t == said, what="the file's name")
        shown = _visible_text(page)
        assert "Choose file" not in shown and "No file chosen" not in shown
        assert "ファイルを選択" not in shown and "選択されていません" not in shown
        opened = CATALOGUES[lang]["ui.files.opened"].format(name=repr(filename))
        page.get_by_text(opened).first.wait_for(timeout=10_000)  # shown as text: <b> stays
    # The size refusal is said in the page's language too.
    big = tmp_path / "big.json"
    big.write_text(" " * (MAX_DOCUMENT_BYTES + 10))
    native.set_input_files(str(big))
    note = page.locator(".nn-file-refused")
    poll(page, note.inner_text, lambda t: t.startswith("'big.json' を開けませんでした"),
         what="the refusal in Japanese")  # fmt: skip
    # Keyboard: the hidden input is reached by Tab, and our button shows its focus ring.
    native.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    ring = button.evaluate("b => getComputedStyle(b).outlineStyle")
    assert ring == "solid", ring
    assert not page.errors
