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


def test_the_language_goes_in_the_link_and_the_document_only_where_it_is_not_english():
    import json

    from model.article import figure
    from model.document import load_json, to_json
    from model.permalink import from_query, to_query
    from model.view import View

    net = figure("nn9")
    view = View.for_figure("nn9", 3)
    assert "lang" not in to_query(net, view)  # older links and documents: as before
    assert "lang" not in json.loads(to_json(net, view))["view"]
    view.lang = "ja"
    query = to_query(net, view)
    assert query["lang"] == "ja" and from_query(query).view.lang == "ja"
    assert json.loads(to_json(net, view))["view"]["lang"] == "ja"
    assert load_json(to_json(net, view)).view.lang == "ja"
    # A hostile value is a notice, in words, and English.
    for bad in ("fr", "<b>ja</b>", "ja" * 40, ""):
        got = from_query({"figure": "nn9", "lang": bad})
        assert got.view.lang == "en" and len(got.notices) == 1, bad
        assert got.notices[0].startswith("lang must be one of en, ja"), got.notices
    # It is a preference: the walk's link to another figure keeps it, like the safe palette.
    got = from_query({"walk": "2", "figure": "nn11", "lang": "ja"})
    assert got.view.figure == "nn7" and got.view.lang == "ja"
    assert "lang" in View.PREFERENCES


def test_a_value_shown_in_a_refusal_is_translated_with_it():
    from model.document import load_json
    from model.messages import Refusal

    for bad, english, japanese in (
        ('{"schema": true}', "the boolean true", "真偽値 true"),
        ('{"schema": [1, 2, 3, 4, 5]}', "a list of 5 item(s)", "5 個の要素のリスト"),
        ('{"schema": {"a": 1}}', "an object with 1 field(s)", "1 個のフィールドを持つオブジェクト"),
    ):
        try:
            load_json(bad)
        except Refusal as error:
            assert english in str(error), str(error)
            shown = error.message.text(CATALOGUES["ja"])
            assert japanese in shown and english not in shown, shown
        else:
            raise AssertionError(f"{bad} was read")
