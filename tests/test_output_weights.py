"""Output weights: each neuron's v and the layer's c, off by default (the article's network),
through curves, spec, JSON and links."""

import json

import numpy as np
import pytest

from model import Network, Neuron
from model.article import PRESETS, figure, is_edited, preset
from model.document import VERSION, StateError, load_json, to_json
from model.messages import Refusal
from model.permalink import from_query, to_query

X = np.arange(-5.0, 5.0, 0.1)


def weighted():
    net = Network.from_spec(
        {"activation": "tanh", "neurons": [(2.0, -2.0), (0.5, 1.0), (-1.0, 0.25)]}
    )
    net.configure(output_weights=True, output=([1.5, -2.0, 0.25], 0.5))
    return net


def test_off_by_default_and_the_article_is_unchanged():
    net = figure("nn11")
    assert net.hidden.output_weights is False and net.hidden.output_bias == 0.0
    assert all(n.output_weight == 1.0 for n in net.neurons)
    before = net.curves()
    net.configure(output=([3.0, -1.0, 2.0], 7.0))  # values kept, but off: not used
    after = net.curves()
    for a, b in zip(
        [before["sum"], *before["neurons"]], [after["sum"], *after["neurons"]], strict=True
    ):
        assert a.tobytes() == b.tobytes()


def test_curves_are_contributions_and_the_sum_adds_c():
    net = weighted()
    c = net.curves()
    raw = [np.tanh(w * X - b) for w, b in [(2.0, -2.0), (0.5, 1.0), (-1.0, 0.25)]]
    for got, v, y in zip(c["neurons"], [1.5, -2.0, 0.25], raw, strict=True):
        np.testing.assert_allclose(got, v * y, rtol=1e-15)
    np.testing.assert_allclose(c["sum"], 1.5 * raw[0] - 2.0 * raw[1] + 0.25 * raw[2] + 0.5)
    np.testing.assert_array_equal(net(X), c["sum"])
    net.configure(second_enabled=True, second=(0.5, -1.0))
    np.testing.assert_allclose(net.curves()["deep"], np.tanh(0.5 * c["sum"] + 1.0))


def test_switching_fires_changed_and_counts_as_an_edit():
    net = figure("nn9")
    seen = []
    net.param.watch(lambda e: seen.append(e), "changed")
    net.hidden.output_weights = True
    net.neurons[0].output_weight = 2.0
    net.hidden.output_bias = -1.0
    assert len(seen) == 3
    assert is_edited(net, "nn9")


@pytest.mark.parametrize(
    "change",
    [
        {"output": ([1.0, 2.0], 0.0)},  # three neurons, two weights
        {"output": ([1.0, 2.0, float("nan")], 0.0)},
        {"output": ([1.0, 2.0, 3.0], 1e7)},
        {"output_weights": 1},
    ],
)
def test_bad_output_weights_are_refused_changing_nothing(change):
    net = weighted()
    before = net.spec()
    with pytest.raises(Refusal):
        net.configure(**change)
    assert net.spec() == before


def test_bounds_are_declared_on_the_parameters():
    assert Neuron.param.output_weight.bounds == Neuron.param.weight.bounds
    with pytest.raises(Refusal):
        Neuron(output_weight=float("inf"))


def test_spec_round_trips_and_new_neurons_have_v_one():
    net = weighted()
    assert Network.from_spec(net.spec()).spec() == net.spec()
    net.hidden.add_neuron(1.0, 0.0)
    assert net.spec()["output"] == ([1.5, -2.0, 0.25, 1.0], 0.5)


def test_json_carries_output_weights_exactly():
    net = weighted()
    text = to_json(net)
    doc = json.loads(text)
    assert doc["version"] == VERSION == 2
    assert doc["network"]["output"] == {"enabled": True, "bias": 0.5, "weights": [1.5, -2.0, 0.25]}
    loaded = load_json(text).network
    assert loaded.spec() == net.spec()
    assert to_json(loaded) == text


@pytest.mark.parametrize("figure_id", list(PRESETS))
def test_article_documents_and_links_leave_output_weights_out(figure_id):
    net = preset(figure_id).network()
    assert "output" not in json.loads(to_json(net))["network"]
    assert "out" not in to_query(net)


def test_version_1_documents_open_and_cannot_hold_output_weights():
    doc = json.loads(to_json(figure("nn11")))
    doc["version"] = 1
    loaded = load_json(json.dumps(doc))
    assert loaded.source_version == 1
    assert loaded.network.spec() == figure("nn11").spec()
    doc["network"]["output"] = {"enabled": True, "bias": 0.0, "weights": [1, 1, 1]}
    with pytest.raises(StateError, match=r"network\.output is not a field"):
        load_json(json.dumps(doc))


@pytest.mark.parametrize(
    ("output", "match"),
    [
        ({"enabled": True, "bias": 0.0, "weights": [1.0]}, "one number for each of the 3"),
        ({"enabled": "yes", "bias": 0.0, "weights": [1, 1, 1]}, "enabled must be true or false"),
        ({"enabled": True, "bias": 0.0, "weights": [1, "a", 1]}, r"weights\[1\] must be a finite"),
        ({"enabled": True, "bias": 2e6, "weights": [1, 1, 1]}, "bias must lie between"),
        ({"enabled": True, "weights": [1, 1, 1]}, "bias is missing"),
        ({"enabled": True, "bias": 0, "weights": 1}, "weights must be a list"),
    ],
)
def test_bad_output_weights_in_documents_are_refused_saying_where(output, match):
    doc = json.loads(to_json(weighted()))
    doc["network"]["output"] = output
    with pytest.raises(StateError, match=match):
        load_json(json.dumps(doc))


def test_links_carry_output_weights_exactly():
    net = weighted()
    query = to_query(net)
    assert query["out"] == "on_0.5_1.5~-2~0.25"
    back = from_query(query)
    assert back.notices == []
    assert back.network.spec() == net.spec()


def test_links_read_output_weights_leniently():
    query = to_query(weighted())
    query["out"] = "on_abc_2~zz"
    back = from_query(query)
    assert back.network.hidden.output_weights is True
    assert back.network.spec()["output"] == ([2.0, 1.0, 1.0], 0.0)
    assert len(back.notices) == 2
    # A link with more neurons than its figure and no output weights: every v is 1.
    back = from_query({"figure": "nn9", "n": "1_0~2_0~3_0~4_0"})
    assert back.notices == [] and back.network.spec()["output"] == ([1.0] * 4, 0.0)
    back = from_query({"n": "1_0~2_0", "out": "on_0_1~2~3~4"})
    assert back.network.spec()["output"] == ([1.0, 2.0], 0.0) and len(back.notices) == 1


# -- the fit: a target and training settings in version 2 -----------------------------------------


def test_documents_carry_the_target_and_training_settings():
    from model.target import Target

    net = weighted()
    target = Target.from_formula("0.5*sin(3*x)")
    training = {"optimiser": "momentum", "learning_rate": 0.005, "seed": 42}
    text = to_json(net, None, target, training)
    doc = json.loads(text)
    assert doc["fit"] == {
        "target": {"kind": "formula", "formula": "0.5*sin(3*x)"},
        "training": training,
    }
    loaded = load_json(text)
    assert loaded.target == target and loaded.training == training
    assert to_json(loaded.network, loaded.view, loaded.target, loaded.training) == text
    plain = load_json(to_json(net))
    assert plain.target is None and plain.training is None


@pytest.mark.parametrize(
    ("fit", "match"),
    [
        ({"target": {"kind": "formula", "formula": "__import__('os')"}}, "__import__"),
        ({"target": {"kind": "preset", "name": "cos"}}, "must be one of"),
        ({"training": {"optimiser": "adam", "learning_rate": -1, "seed": 0}}, "learning_rate"),
        ({"training": {"optimiser": "lbfgs", "learning_rate": 0.1, "seed": 0}}, "optimiser"),
        ({"training": {"optimiser": "adam", "learning_rate": 0.1, "seed": 2**40}}, "seed"),
        ({"training": {"optimiser": "adam", "learning_rate": 0.1}}, "seed is missing"),
        ({"other": 1}, r"fit\.other is not a field"),
    ],
)
def test_bad_fits_are_refused(fit, match):
    doc = json.loads(to_json(weighted()))
    doc["fit"] = fit
    with pytest.raises(StateError, match=match):
        load_json(json.dumps(doc))
    doc["version"] = 1
    with pytest.raises(StateError):
        load_json(json.dumps(doc))


def test_links_carry_the_target_and_training_settings():
    from model.target import Target

    target = Target.from_formula("0.5*sin(3*x) + x**2/10")
    training = {"optimiser": "sgd", "learning_rate": 0.005, "seed": 12}
    query = to_query(weighted(), None, target, training)
    assert query["target"] == "f.0.5*sin(3*x) + x**2/10" and query["train"] == "sgd_0.005_12"
    back = from_query(query)
    assert back.notices == [] and back.target == target and back.training == training
    plain = from_query(to_query(weighted()))
    assert plain.target is None and plain.training is None


def test_links_read_the_fit_leniently():
    back = from_query({"target": "f.__import__('os')", "train": "rmsprop_1e9_-4"})
    assert back.target is None
    assert back.training == {"optimiser": "adam", "learning_rate": 10.0, "seed": 0}
    assert len(back.notices) == 4
    assert "__import__" in str(back.notices[0])
