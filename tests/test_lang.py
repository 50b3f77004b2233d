"""The catalogues: every language has every key, with the same fields, in its own words."""

from __future__ import annotations

import re

from model.lang import CATALOGUES, LANGUAGES, PROPER_NAMES, fields, language, text

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def test_every_language_has_every_key_with_the_same_fields():
    english = CATALOGUES["en"]
    for lang in LANGUAGES:
        catalogue = CATALOGUES[lang]
        assert set(catalogue) == set(english), (lang, set(english) ^ set(catalogue))
        for key, template in catalogue.items():
            assert template.strip(), (lang, key)
            assert fields(template) == fields(english[key]), (lang, key)


def test_japanese_is_written_in_japanese():
    for key, template in CATALOGUES["ja"].items():
        if key in PROPER_NAMES:
            assert template == CATALOGUES["en"][key], key
            continue
        assert JAPANESE.search(template), key
        assert template != CATALOGUES["en"][key], key


def test_a_language_code_from_a_link_is_only_ever_a_known_one():
    assert language("ja") == "ja"
    for hostile in ("JA", "fr", "", None, 3, "ja\n", "../en", ["ja"]):
        assert language(hostile) == "en"
    assert text("walk.nn7.slide", "ja").startswith("ニューロン1")
    assert text("walk.nn7.slide", "xx") == CATALOGUES["en"]["walk.nn7.slide"]


def test_a_refusal_is_translated_whole_with_the_messages_inside_it():
    from model.article import figure
    from model.target import Target, out_of_reach

    net = figure("nn8")
    english = out_of_reach(net, Target.preset("sin"))
    assert str(english).startswith("a sum of 2 sigmoid curve(s) without output weights")
    japanese = english.text(CATALOGUES["ja"])
    assert "出力の重みをオンにしてください" in japanese and "0 より下" in japanese, japanese
    assert not re.search(r"\b(below|switch|sum|reach)\b", japanese), japanese
