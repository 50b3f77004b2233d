"""Every word of the served page in its language (issue 15): English at ``?lang=en``, Japanese
at ``?lang=ja``, in the states that together show nearly every control; the language switch
relabels the page in place; no text overflows its box on a laptop's screen or a phone's.

What the learner sees is read from the page (``harness.words``: every visible text node, in
shadow roots too, the options of visible menus, placeholders, ``aria-label``s, ``title``s and
what Bokeh paints on its canvases) and must be a piece of the language's catalogue
(``model.lang``) or on the allowlist (numbers, the formula's symbols, proper names, Bokeh's
tool tooltips). A Japanese page is also searched for any English word at all. A failure lists
every offending text, with where it was found.
"""

from __future__ import annotations

import re

import pytest

from harness.app import handles, open_app, server_follows
from harness.browser import PHONE, poll, slider_values
from harness.glyphs import overflowing
from harness.words import check
from model.lang import text

LANGS = ("en", "ja")


def box_name(lang: str, n: int, what: str) -> str:
    """The screen reader's name of neuron ``n``'s ``what`` ("weight" or "bias") typed box."""
    subject = text("ui.card.neuron", lang, n=n)
    name = text("ui.number.aria", lang, subject=subject, label=text(f"ui.card.{what}", lang))
    return text("ui.number.aria_box", lang, name=name.strip())


def problems_in(page, lang: str, state: str, user=()) -> list[str]:
    """The catalogue check and the overflow check of ``page`` as it is, labelled ``state``."""
    found = [f"{state}: {p}" for p in check(page, lang, user)]
    found += [f"{state}: overflows: {p}" for p in overflowing(page)]
    return found


def settle(page) -> None:
    """Let the server's answer to the last change be drawn (the texts come in its patches)."""
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)


@pytest.mark.parametrize("lang", LANGS)
def test_every_word_of_the_page_is_from_the_catalogue_of_its_language(page, server, lang):
    problems = []
    # nn9: the start page's controls, the figure's caption and formula, the walk's start.
    open_app(page, server, f"?figure=nn9&lang={lang}")
    settle(page)
    problems += problems_in(page, lang, "nn9")

    # A typed value beyond ±1e6: refused beside its box, in words.
    typed = page.get_by_role("textbox", name=box_name(lang, 1, "weight"), exact=True)
    typed.fill("1e9")
    typed.press("Enter")
    poll(
        page,
        lambda: typed.input_value(),
        lambda value: value != "1e9",
        what="the refused box going back",
    )
    settle(page)
    problems += problems_in(page, lang, "nn9, 1e9 typed as a weight")

    # nn11's second layer, the slope view, output weights, a target with the training panel,
    # and the depth explorer: one link.
    query = f"?figure=nn11&slope=on&out=on&target=sin&depth=on&lang={lang}"
    open_app(page, server, query)
    page.wait_for_function("() => (window.nnshape.depth_draws || 0) > 0", timeout=30000)
    settle(page)
    problems += problems_in(page, lang, "nn11 + slope + output weights + target + depth")

    # The walk, at its first step (the link a teacher sends), once its tasks are shown.
    open_app(page, server, f"?walk=1&lang={lang}")
    page.locator(".nn-walk-tasks").wait_for(timeout=30000)
    settle(page)
    problems += problems_in(page, lang, "walk step 1")

    assert not page.errors, page.errors
    assert not problems, f"{len(problems)} texts not in the {lang} catalogue:\n" + "\n".join(
        problems
    )


def language_menu(page):
    """The language switch: the menu offering 日本語 (its options are the languages' own
    names, the same in every language)."""
    return page.locator("select").filter(has=page.locator("option", has_text="日本語"))


def test_the_language_switch_relabels_in_place_and_keeps_the_state_and_undo(page, server):
    open_app(page, server, "?figure=nn9&lang=en")
    page.evaluate("() => { window.__same_page = true; }")
    start = slider_values(page)[0]
    handle = handles(page).nth(0)  # neuron 1's weight
    handle.focus()
    handle.press("ArrowRight")
    edited = poll(page, lambda: slider_values(page)[0], lambda v: v > start, what="the edit")
    server_follows(page, edited)  # the server has the edit: it is in its history

    language_menu(page).select_option(label="日本語")
    poll(
        page,
        lambda: page.evaluate("() => window.location.search"),
        lambda search: "lang=ja" in search,
        what="the link after the switch",
    )
    undo = page.get_by_role("button", name=text("ui.edit.undo", "ja"))
    undo.wait_for(timeout=10000)
    page.get_by_text(text("ui.language", "ja"), exact=True).first.wait_for()
    assert page.evaluate("() => window.__same_page === true"), "the switch reloaded the page"
    assert slider_values(page)[0] == edited, "the switch lost the edit"
    settle(page)
    problems = problems_in(page, "ja", "switched to ja")

    undo.click()
    poll(page, lambda: slider_values(page)[0], lambda v: v == start, what="Undo after switch")
    assert "lang=ja" in page.evaluate("() => window.location.search")
    assert not page.errors, page.errors
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", LANGS)
def test_on_a_phone_no_text_overflows_and_every_word_is_from_the_catalogue(browser, server, lang):
    context = browser.new_context(**PHONE)
    try:
        page = context.new_page()
        open_app(page, server, f"?figure=nn11&slope=on&out=on&target=sin&lang={lang}")
        settle(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        problems = problems_in(page, lang, "phone, nn11 + slope + output weights + target")
        assert not page.errors, page.errors
        assert not problems, "\n".join(problems)
    finally:
        context.close()


def test_the_checks_find_a_word_that_is_not_there_and_a_text_that_overflows(page, server):
    """The checks themselves: text from no catalogue on an English page, English on a Japanese
    one, and a label wider than its box are all reported (so a pass above means something)."""
    open_app(page, server, "?figure=nn9&lang=en")
    page.evaluate(
        """() => {
        const p = document.createElement("p");
        p.textContent = "Frobnicate the widget";
        const narrow = document.createElement("div");
        narrow.style.cssText = "width: 40px; white-space: nowrap; overflow: hidden";
        narrow.textContent = "ニューロン 1";
        document.body.prepend(p, narrow);
    }"""
    )
    found = check(page, "en")
    assert any("Frobnicate the widget" in p for p in found), found
    assert any(re.search(r"English: .*Frobnicate", p) for p in check(page, "ja"))
    assert any("ニューロン 1" in p for p in overflowing(page)), overflowing(page)
    # A plot title too long for the room beside its toolbar (painted on the canvas).
    page.evaluate(
        """() => {
        const plot = [...Bokeh.index.all_views()].find(
            (v) => v.model.type === "Figure" && v.model.name === "hidden");
        plot.model.title.text = "長いタイトル".repeat(40);
    }"""
    )
    poll(
        page,
        lambda: overflowing(page),
        lambda found: any("plot title" in p for p in found),
        what="the overflow check after a long plot title",
    )
