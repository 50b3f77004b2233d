"""The Playground's target and output weights, without a browser: the menu and the formula box
set the target the link and the document carry; a document or link brings its own back; a
refused formula changes nothing; clicked points come and go; Nielsen's function moves the grid.
(What the page draws and scores is tested in tests/ui/test_target.py.)"""

from __future__ import annotations

import json
import math
from types import SimpleNamespace
from urllib.parse import parse_qs

import pytest

from dashboard.fit_plot import fit_number, target_values
from dashboard.playground import Playground
from model.article import figure
from model.document import load_json
from model.permalink import from_query
from model.target import Target


def query_target(pg: Playground):
    return from_query(parse_qs(pg.query_string()[1:])).target


def test_the_menu_sets_the_target_the_link_and_document_carry():
    pg = Playground.from_figure("nn9")
    assert pg.target is None and "target=" not in pg.query_string()
    pg.target_select.value = "abs"
    assert pg.target == Target.preset("abs")
    assert query_target(pg) == Target.preset("abs")
    assert load_json(pg.to_json()).target == Target.preset("abs")
    pg.target_select.value = "fig.nn11"
    assert json.loads(pg.to_json())["fit"]["target"] == {"kind": "figure", "name": "nn11"}
    pg.target_select.value = ""
    assert pg.target is None and "fit" not in json.loads(pg.to_json())


def test_a_document_brings_its_target_and_one_without_clears_it():
    pg = Playground.from_figure("nn9")
    other = Playground.from_figure("nn6")
    other.set_target(Target.from_formula("x**2/10"))
    assert pg.open_document(other.to_json())
    assert pg.target == Target.from_formula("x**2/10")
    assert pg._target.formula.value == "x**2/10" and pg.target_select.value == "formula"
    assert pg.open_document(Playground.from_figure("nn6").to_json())
    assert pg.target is None


@pytest.mark.parametrize(
    "text", ["__import__('os')", "9**9**9", "(" * 10_000 + "x" + ")" * 10_000, "x" * 1_000_000]
)
def test_a_refused_formula_changes_nothing_and_says_why_as_text(text):
    pg = Playground.from_figure("nn9")
    pg.target_select.value = "sin"
    pg.target_select.value = "formula"
    assert pg.target is None  # nothing is fitted until a formula is typed
    pg._target.formula.value = "x/2"
    assert pg.target == Target.from_formula("x/2")
    pg._target.formula.value = text
    assert pg.target == Target.from_formula("x/2")
    message = pg._target.message
    assert message.visible and message.object.startswith("Not applied: ")
    assert "<" not in message.object.removeprefix("Not applied: ")  # escaped, never HTML


def test_clicks_add_and_remove_points_on_the_fitted_plot_only():
    pg = Playground.from_figure("nn9")
    pg.target_select.value = "points"
    tap = pg._target.tap
    tap("hidden", SimpleNamespace(x=1.23456, y=0.5))
    tap("second", SimpleNamespace(x=2.0, y=0.5))  # not the fitted plot: the layer is off
    assert pg.target.points == ((1.235, 0.5),)
    tap("hidden", SimpleNamespace(x=1.3, y=0.45))  # near it: taken away
    assert pg.target.points == ()
    assert target_values(pg.target, pg.network)["target_x"] == []


def test_nielsens_function_moves_the_grid_and_another_target_moves_it_back():
    pg = Playground.from_figure("nn9")
    pg.target_select.value = "nielsen"
    assert tuple(pg.network.grid) == (0.0, 1.0, 0.005)
    values = target_values(pg.target, pg.network)
    assert len(values["target_x"]) == len(pg.network.x)
    pg.target_select.value = "sin"
    assert tuple(pg.network.grid) == (-5.0, 5.0, 0.1)


def test_out_of_reach_is_said():
    pg = Playground.from_figure("nn9")  # three sigmoids, no output weights: never below 0
    pg.target_select.value = "sin"
    pg._update_text()
    assert pg._target.status.visible and "never below 0" in pg._target.status.object
    pg.network.hidden.output_weights = True
    pg._update_text()
    assert not pg._target.status.visible


def test_output_weights_switch_shows_v_and_c_and_they_reach_the_model():
    pg = Playground.from_figure("nn11")
    cards = list(pg._cards.values())
    assert all(card.output is None for card in cards) and pg._outputs.c is None
    pg.output_switch.value = True
    pg._update_text()
    assert all(card.output_row.visible for card in cards) and pg._outputs.holder.visible
    cards[0].output.box.value = "-2"
    pg._outputs.c.box.value = "0.5"
    assert pg.network.neurons[0].output_weight == -2.0 and pg.network.hidden.output_bias == 0.5
    assert "out=on_0.5_-2~1~1" in pg.query_string()


@pytest.mark.parametrize(
    ("value", "text"),
    [(0.0123456, "0.0123"), (12.345, "12.3"), (999.4, "999"), (999.5, "1.00e3"),
     (1e-4, "0.000100"), (9.9e-5, "9.90e-5"), (1.5, "1.50"), (0.0, "0.00"), (-0.5, "-0.500"),
     (math.inf, "not finite"), (None, "not finite")],
)  # fmt: skip
def test_fit_number(value, text):
    assert fit_number(value) == text


def training_playground() -> Playground:
    query = "figure=free&act=tanh&n=0.5_1~-0.5_-1~1_0&out=on_0_1~-1~0.5&target=sin"
    state = from_query(parse_qs(query))
    return Playground.from_state(state.network, state.view, state.target)


def test_training_steps_rewinds_exactly_and_the_hand_pauses_it():
    pg = training_playground()
    training = pg._training
    start = pg.network.spec()
    for _ in range(5):
        training._steps(20)
    assert len(training.trainer.history) == 100
    assert pg.network.spec() != start and training.counter.object.startswith("Step 100 · loss ")
    assert pg.query_string().endswith("&target=sin")
    training._rewind()
    assert pg.network.spec() == start
    training._callback = SimpleNamespace(stop=lambda: None)  # as if playing
    pg.network.neurons[0].weight = 2.0  # the hand
    assert training._callback is None and "the hand wins" in training.message.object


def test_training_needs_a_target_and_stops_when_it_diverges():
    pg = Playground.from_figure("nn9")
    pg._training._steps(1)
    assert "Choose a target" in pg._training.message.object
    pg = training_playground()
    pg._training.optimiser.value, pg._training.learning_rate.value = "sgd", "10"
    assert "train=sgd_10_0" in pg.query_string()
    for _ in range(50):
        pg._training._steps(10)
    assert pg._training.trainer.diverged is not None
    assert pg._training.message.object.startswith("Training stopped: ")
    assert all(math.isfinite(w) for w, _b, _c in pg.network.spec()["neurons"])


@pytest.mark.parametrize(
    ("box", "text"),
    [("learning_rate", "abc"), ("learning_rate", "100"), ("seed", "-1"), ("seed", "1e9")],
)
def test_bad_training_settings_are_refused_and_the_boxes_go_back(box, text):
    pg = training_playground()
    training = pg._training
    getattr(training, box).value = text
    assert training.message.object.startswith("Not applied: ")
    assert training.settings() == {"optimiser": "adam", "learning_rate": 0.03, "seed": 0}
    assert (training.learning_rate.value, training.seed.value) == ("0.03", "0")


def test_the_files_reach_table_is_the_models_word_for_each_choice_the_file_offers():
    from dashboard.fit_plot import reach_key, reach_table, sentence
    from model import ACTIVATIONS
    from model.target import out_of_reach

    net = figure("nn9")  # three sigmoids
    target = Target.preset("abs")  # reaches 5 on [-5, 5]
    table = reach_table(target, net)
    assert reach_table(None, net) == {}
    for activation in ACTIVATIONS:
        for second in (False, True):
            for output in (False, True):
                other = figure("nn9")
                other.configure(activation=activation, second_enabled=second,
                                output_weights=output)  # fmt: skip
                why = out_of_reach(other, target)
                key = reach_key(activation, second, output)
                # The model's words, the activation named as the Activation menu names it.
                label = ACTIVATIONS[activation].label
                named = None if why is None else str(why).replace(f" {activation} ", f" {label} ")
                assert table.get(key) == (None if why is None else sentence(named)), key
    assert "never above 3" in table["sigmoid|0|0"]  # 3 sigmoids stay below 3
    assert "sigmoid|0|1" not in table  # output weights lift the bound
    assert "1" in table["sigmoid|1|1"].split("never above ")[1]  # one sigmoid after a second layer
