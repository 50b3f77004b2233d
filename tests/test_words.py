"""A playground's words follow its language: set at once, and again at a switch, in place."""

from __future__ import annotations

import gc

from dashboard.playground import Playground
from dashboard.plots import state_values
from dashboard.words import Words
from model.lang import CATALOGUES, Phrase

JA, EN = CATALOGUES["ja"], CATALOGUES["en"]


def labels(pg) -> dict:
    card = next(iter(pg._cards.values()))
    return {
        "ui.language": pg.language.name,
        "ui.figure": pg.figure_select.name,
        "ui.activation": pg.activation.name,
        "ui.edit.undo": pg.undo_button.name,
        "ui.layer.add": pg.add_button.name,
        "ui.card.weight": card.weight.slider.name,
        "ui.card.remove": card.remove.name,
        "ui.second.w2": pg.w2.slider.name,
        "ui.curves.sum": pg.sum_check.name,
        "ui.outputs.switch": pg.output_switch.name,
    }


def test_a_japanese_playground_shows_the_japanese_catalogue_and_a_switch_relabels_it():
    pg = Playground.from_figure("nn9", lang="ja")
    assert labels(pg) == {key: JA[key] for key in labels(pg)}
    assert "ニューロン 3 個" in pg.count.object
    assert state_values(*pg._drawn())["words"]["plot.hidden.both"] == JA["plot.hidden.both"]
    assert list(pg.figure_select.options)[1] == f"nn6: {JA['figure.nn6.title']}"
    pg.view.lang = "en"
    assert labels(pg) == {key: EN[key] for key in labels(pg)}
    assert "3 neurons" in pg.count.object
    assert list(pg.figure_select.options)[1] == f"nn6: {EN['figure.nn6.title']}"
    assert state_values(*pg._drawn())["words"]["plot.hidden.both"] == EN["plot.hidden.both"]


def test_a_switch_is_no_edit_and_keeps_the_network_and_its_undo():
    pg = Playground.from_figure("nn9")
    pg.network.neurons[0].weight = 3.5
    pg.view.lang = "ja"
    assert pg.network.neurons[0].weight == 3.5
    assert pg.undo()  # the weight's edit, not the switch
    assert pg.network.neurons[0].weight == 2.0
    assert pg.view.lang == "ja" and pg.undo_button.name == JA["ui.edit.undo"]
    assert "lang=ja" in pg.query_string()


def test_the_language_is_a_preference_kept_across_figures_and_documents():
    pg = Playground.from_figure("nn9", lang="ja")
    pg.view.figure = "nn11"
    assert pg.view.lang == "ja" and pg.w2.slider.name == JA["ui.second.w2"]
    other = Playground.from_figure("nn6")  # an English document opened on a Japanese page
    pg.open_document(other.to_json())
    assert pg.view.lang == "ja"


def test_cards_made_later_and_for_a_new_neuron_speak_the_page_language():
    pg = Playground.from_figure("nn6", lang="ja")
    pg._layer._add_neuron()
    pg._layer.sync()
    names = [card.header.object for card in pg._cards.values()]
    assert all("ニューロン" in name for name in names), names
    pg.view.lang = "en"
    assert all("Neuron" in card.header.object for card in pg._cards.values())
    assert all(card.weight.slider.name == EN["ui.card.weight"] for card in pg._cards.values())


def test_an_unknown_language_is_refused_with_the_known_ones():
    import pytest

    for bad in ("fr", "JA", "", None):
        with pytest.raises(ValueError, match="lang must be one of en, ja"):
            Playground.from_figure("nn9", lang=bad)


def test_words_hold_what_they_label_weakly():
    class Label:
        name = ""

    words = Words("ja")
    label = words.bind(Label(), "name", "ui.figure")
    assert label.name == JA["ui.figure"]
    del label
    gc.collect()
    words.lang = "en"  # the dead entry is dropped, nothing fails
    assert words._bound == []


def test_a_phrase_is_english_text_that_translates_whole():
    phrase = Phrase("ui.card.neuron", n=2)
    assert phrase == "Neuron 2" and Words("ja").say(phrase) == "ニューロン 2"
    assert Words("ja").say("typed by a user <b>") == "typed by a user <b>"  # as it is
