"""The catalogue check of ``harness.words`` (used by the browser tests of issue 15): what it
takes as the catalogue's words and what it reports, on texts made here from the catalogues."""

from __future__ import annotations

import pytest

from harness.words import allowed, english_words, from_catalogue, offending
from model.lang import CATALOGUES, text


def item(value: str, kind: str = "text", toolbar: bool = False) -> dict:
    return {"text": value, "kind": kind, "where": "test", "toolbar": toolbar}


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_every_catalogue_text_without_fields_is_taken_whole_and_in_pieces(lang):
    for key, value in CATALOGUES[lang].items():
        if "{" in value:
            continue
        assert from_catalogue(value, lang), key
        # Cut in two by markup (<b>…</b>, <sub>…</sub>): each piece is from the catalogue.
        half = len(value) // 2
        if " " in value[half:]:
            cut = value.index(" ", half)
            assert from_catalogue(value[:cut], lang), (key, value[:cut])
            assert from_catalogue(value[cut:], lang), (key, value[cut:])


def test_fields_are_numbers_or_catalogue_text_themselves():
    name = text(
        "ui.number.aria",
        subject=text("ui.card.neuron", n=1),
        label=text("ui.card.weight"),
    )
    assert from_catalogue(text("ui.number.aria_box", name=name), "en")
    assert from_catalogue(text("ui.card.neuron", "ja", n=12), "ja")
    # A field filled with words from no catalogue is not taken.
    assert not from_catalogue(text("ui.number.aria_box", name="Frobnicate widget"), "en")
    assert not from_catalogue(text("ui.card.neuron", n="zebra"), "en")


def test_english_is_not_japanese_and_japanese_is_not_english():
    assert not from_catalogue(text("ui.edit.undo", "en"), "ja")
    assert not from_catalogue(text("ui.edit.undo", "ja"), "en")
    assert from_catalogue(text("ui.edit.undo", "ja"), "ja")


def test_the_allowlist_numbers_symbols_and_names_but_no_words():
    for ok in (
        "1.5",
        "−2.0",
        "1e6",
        "1,000",
        "σ(2.0·x − (−2.0))",
        "y = act(w2·sum − b2)",
        "n1",
        "w2",
        "nn9",
        "ReLU",
        "ReLU(x)",
        "Mish",
        "x",
        "⋮",
        "s = Σ v·σ(w·x − b) + c",
    ):
        assert allowed(ok), ok
    for word in ("sum", "xylophone", "the", "weight", "ideas", "Frobnicate", "neuron 1"):
        assert not allowed(word), word


def test_markup_glue_around_a_catalogue_text_is_not_a_word():
    assert from_catalogue("· " + text("ui.layer.count", "ja", n=3), "ja")
    assert from_catalogue(text("ui.card.weight", "ja") + ":", "ja")
    assert not from_catalogue("· Frobnicate", "en")


def test_a_piece_must_not_cut_a_word_in_two():
    assert not from_catalogue("is", "ja")  # inside "Mish", in a Japanese sentence


def test_bokehs_tooltips_only_in_its_toolbar_and_the_users_text():
    assert not offending([item("Box Zoom", "title", toolbar=True)], "ja")
    assert offending([item("Box Zoom", "text")], "ja")
    assert not offending([item("my own words")], "en", user=["my own words"])
    assert offending([item("my own words")], "en")


def test_english_words_finds_english_in_a_japanese_page():
    texts = [item("Copy link"), item("act(w·x − b) の ReLU"), item("重み w: 2.5"), item("sum")]
    found = english_words(texts)
    assert any("Copy link" in f for f in found)
    assert any("'sum'" in f for f in found)
    assert len(found) == 2, found


def test_the_japanese_catalogue_itself_has_no_english_word_the_check_would_report():
    """Every ja text, its fields left out, passes the English-word check: what it quotes of
    code (a document's keys, ``nnshape serve``) is on the allowlist, and nothing else is
    English."""
    import string

    texts = [
        item(" ".join(literal for literal, *_ in string.Formatter().parse(value)), key)
        for key, value in CATALOGUES["ja"].items()
    ]
    assert not english_words(texts)
