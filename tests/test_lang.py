"""The catalogues: every language has every key, with the same fields, in its own words."""

from __future__ import annotations

import re

from model.lang import CATALOGUES, LANGUAGES, fields, language, text

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
        assert JAPANESE.search(template), key
        assert template != CATALOGUES["en"][key], key


def test_a_language_code_from_a_link_is_only_ever_a_known_one():
    assert language("ja") == "ja"
    for hostile in ("JA", "fr", "", None, 3, "ja\n", "../en", ["ja"]):
        assert language(hostile) == "en"
    assert text("walk.nn7.slide", "ja").startswith("ニューロン1")
    assert text("walk.nn7.slide", "xx") == CATALOGUES["en"]["walk.nn7.slide"]
