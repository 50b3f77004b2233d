"""Neurons, layers and networks: the maths, the events, and refusing bad values.

Over 300 lines on purpose: it mirrors ``model/network.py``, class by class."""

import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from harness.extremes import extreme_network, finite_and_silent
from harness.oracle import ACT, network_curves
from model import ACTIVATIONS, MAX_NEURONS, HiddenLayer, Network, Neuron, SecondLayer
from model.article import figure


def snapshot(net: Network):
    """Everything that defines a network, to prove a refused change left it untouched."""
    return (
        net.activation,
        net.grid,
        [(n.weight, n.bias, n.color) for n in net.neurons],
        (net.second.enabled, net.second.weight, net.second.bias),
    )


class Recorder:
    def __init__(self, net: Network):
        self.changed = 0
        net.param.watch(self._count, "changed")

    def _count(self, _event):
        self.changed += 1


# -- maths -----------------------------------------------------------------------------------


def test_neuron_subtracts_the_bias():
    n = Neuron(weight=2.0, bias=3.0)
    x = np.array([0.0, 1.5, 4.0])
    np.testing.assert_array_equal(n.pre_activation(x), 2.0 * x - 3.0)
    np.testing.assert_allclose(n(x, "relu"), np.maximum(0, 2.0 * x - 3.0), atol=0)


finite = st.floats(min_value=-20, max_value=20, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(
    act=st.sampled_from(["sigmoid", "relu", "mish", "tanh"]),
    params=st.lists(st.tuples(finite, finite), min_size=1, max_size=8),
    second=st.one_of(st.none(), st.tuples(finite, finite)),
)
def test_random_networks_match_the_formula(act, params, second):
    net = Network()
    net.configure(
        activation=act,
        neurons=params,
        second=second or (1.0, 0.0),
        second_enabled=second is not None,
    )
    # The oracle's own stable forms: the textbook ones overflow for the sums random weights make.
    want = network_curves(act, params, second)
    x = want["x"]
    c = net.curves()
    np.testing.assert_array_equal(c["x"], x)
    for got, y in zip(c["neurons"], want["neurons"], strict=True):
        np.testing.assert_allclose(got, y, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(c["sum"], want["sum"], rtol=1e-12, atol=1e-12)
    if second:
        np.testing.assert_allclose(c["deep"], want["deep"], rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(net(x), want["deep"], rtol=1e-12, atol=1e-12)
    else:
        assert c["deep"] is None
        np.testing.assert_allclose(net(x), want["sum"], rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("act", list(ACTIVATIONS))
def test_extreme_weights_and_inputs_stay_finite_and_silent(act):
    net = extreme_network(act)
    with finite_and_silent():
        c = net.curves()
    for y in [*c["neurons"], c["sum"], c["deep"]]:
        assert np.all(np.isfinite(y))


def test_curves_follow_every_change():
    net = figure("nn11")
    before = net.curves()
    net.neurons[1].weight = -0.7
    after = net.curves()
    want = ACT["sigmoid"](-0.7 * after["x"] - 1.0)
    np.testing.assert_allclose(after["neurons"][1], want, atol=1e-12)
    assert not np.allclose(before["sum"], after["sum"])
    net.activation = "relu"
    np.testing.assert_allclose(net.curves()["neurons"][0], np.maximum(0, 2 * after["x"] + 2))


# -- events ----------------------------------------------------------------------------------


def test_each_kind_of_change_fires_its_event_and_changed():
    net = figure("nn9")
    rec = Recorder(net)
    seen = []
    n0 = net.neurons[0]
    n0.param.watch(lambda e: seen.append(("neuron", e.name)), ["weight", "bias"])
    net.hidden.param.watch(lambda e: seen.append(("hidden", e.name)), "neurons")
    net.second.param.watch(lambda e: seen.append(("second", e.name)), ["enabled", "weight", "bias"])
    net.param.watch(lambda e: seen.append(("net", e.name)), ["activation", "grid"])

    steps = [
        (lambda: setattr(n0, "weight", 3.0), ("neuron", "weight")),
        (lambda: setattr(n0, "bias", -1.5), ("neuron", "bias")),
        (lambda: setattr(net, "activation", "mish"), ("net", "activation")),
        (lambda: setattr(net, "grid", (-2.0, 2.0, 0.5)), ("net", "grid")),
        (lambda: net.hidden.add_neuron(0.3, 0.1), ("hidden", "neurons")),
        (lambda: net.hidden.remove_neuron(0), ("hidden", "neurons")),
        (lambda: setattr(net.second, "enabled", True), ("second", "enabled")),
        (lambda: setattr(net.second, "weight", -2.0), ("second", "weight")),
        (lambda: setattr(net.second, "bias", 4.0), ("second", "bias")),
    ]
    for i, (change, event) in enumerate(steps, start=1):
        change()
        assert seen[-1] == event
        assert rec.changed == i, f"'changed' did not fire for {event}"


def test_added_neurons_are_watched_and_removed_ones_are_not():
    net = Network()
    rec = Recorder(net)
    added = net.hidden.add_neuron()
    assert rec.changed == 1
    added.weight = 2.0
    assert rec.changed == 2
    net.hidden.remove_neuron()
    assert rec.changed == 3
    added.weight = 5.0  # no longer part of the network
    assert rec.changed == 3


def test_configure_fires_changed_once():
    net = Network()
    rec = Recorder(net)
    net.configure(activation="relu", neurons=[(1, 2), (3, 4)], second=(2, 1), second_enabled=True)
    assert rec.changed == 1
    assert snapshot(net)[2][1][:2] == (3, 4)


def test_new_neurons_get_distinct_colours_never_green_or_black():
    layer = HiddenLayer()
    for _ in range(MAX_NEURONS - 1):
        layer.add_neuron()
    colours = [n.color for n in layer.neurons]
    assert colours[:3] == ["#ff0000", "#0000ff", "#ffa500"]
    assert len(set(colours[:10])) == 10
    assert not {"#008000", "#000000"} & set(colours)


# -- refusing bad values ---------------------------------------------------------------------

BAD_NUMBERS = ["2", None, float("nan"), float("inf"), -float("inf"), True, 1e7, -1e7, [1.0]]


@pytest.mark.parametrize("bad", BAD_NUMBERS, ids=repr)
@pytest.mark.parametrize("target", ["neuron.weight", "neuron.bias", "second.weight", "second.bias"])
def test_bad_numbers_are_refused_and_change_nothing(target, bad):
    net = figure("nn11")
    before = snapshot(net)
    rec = Recorder(net)
    owner_name, attr = target.split(".")
    owner = net.neurons[1] if owner_name == "neuron" else net.second
    with pytest.raises(ValueError) as info:
        setattr(owner, attr, bad)
    assert attr in str(info.value)
    assert snapshot(net) == before
    assert rec.changed == 0


def test_messages_say_what_is_wrong():
    n = Neuron()
    with pytest.raises(ValueError, match="finite"):
        n.weight = float("nan")
    with pytest.raises(ValueError, match="boolean"):
        n.bias = False
    with pytest.raises(ValueError, match=r"Neuron\.weight must lie between -1000000 and 1000000"):
        n.weight = 2e6
    with pytest.raises(ValueError, match=r"numeric|number"):
        n.weight = "2"


@pytest.mark.parametrize(
    "bad",
    [
        (5, -5, 0.1),  # reversed
        (-5, 5, 0),  # zero step
        (-5, 5, -0.1),  # negative step
        (0, 1, 1e-9),  # far too many points
        (0, 1, 2),  # a single point
        (float("nan"), 5, 0.1),
        (-5, float("inf"), 0.1),
        (-5, 5),
        ("-5", 5, 0.1),
        (-1e7, 5, 1e3),
    ],
    ids=repr,
)
def test_bad_grids_are_refused(bad):
    net = figure("nn9")
    before = snapshot(net)
    with pytest.raises(ValueError, match="grid"):
        net.grid = bad
    assert snapshot(net) == before


def test_activation_must_be_registered():
    net = figure("nn9")
    with pytest.raises(ValueError):
        net.activation = "swish"
    assert net.activation == "sigmoid"


def test_layer_sizes_are_bounded():
    net = Network()
    with pytest.raises(ValueError, match="must hold 1 to 64 neurons, not 0"):
        net.hidden.remove_neuron()
    with pytest.raises(ValueError, match="1 to 64"):
        net.hidden.neurons = []
    for _ in range(MAX_NEURONS - 1):
        net.hidden.add_neuron()
    before = snapshot(net)
    with pytest.raises(ValueError, match="must hold 1 to 64 neurons, not 65"):
        net.hidden.add_neuron()
    assert snapshot(net) == before


def test_a_neuron_cannot_be_listed_twice():
    net = Network()
    with pytest.raises(ValueError, match="lists the same neuron twice"):
        net.hidden.neurons = [net.neurons[0], net.neurons[0]]
    assert len(net.hidden) == 1


def test_layers_cannot_be_swapped_out():
    net = Network()
    with pytest.raises(TypeError):
        net.hidden = HiddenLayer()
    with pytest.raises(TypeError):
        net.second = SecondLayer()


@pytest.mark.parametrize(
    "kwargs",
    [
        {"activation": "relu", "neurons": [(1, 2), ("x", 3)]},
        {"activation": "relu", "neurons": []},
        {"activation": "relu", "neurons": [(1, 0)] * 65},
        {"activation": "relu", "second": (float("nan"), 0)},
        {"activation": "relu", "grid": (1, 0, 0.1)},
        {"activation": "nope", "neurons": [(1, 2)]},
        {"neurons": [(1, 2)], "second_enabled": "yes"},
    ],
    ids=repr,
)
def test_configure_is_all_or_nothing(kwargs):
    net = figure("nn11")
    before = snapshot(net)
    rec = Recorder(net)
    with pytest.raises(ValueError):
        net.configure(**kwargs)
    assert snapshot(net) == before
    assert rec.changed == 0


# -- no GUI in the model ---------------------------------------------------------------------


def test_importing_the_model_loads_no_gui_library():
    code = (  # every module of the package, and the codecs run once
        "import importlib, pkgutil, sys, model\n"
        "for m in pkgutil.iter_modules(model.__path__):\n"
        "    importlib.import_module('model.' + m.name)\n"
        "model.article.figure('nn18').curves()\n"
        "model.state.from_query({'figure': ['nn9']})\n"
        "model.state.to_json(model.article.figure('nn9'))\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'panel','holoviews','bokeh'})\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


@pytest.mark.parametrize("bad", ["#ff0000\n", "red", "#ff00", "ff0000", "#gg0000", None, 0xFF0000])
def test_colours_must_be_exact_hex(bad):
    n = Neuron()
    with pytest.raises(ValueError, match="colour"):
        n.color = bad
    assert n.color == "#ff0000"


def test_a_grid_step_too_small_to_count_is_refused_not_overflowing():
    net = Network()
    with pytest.raises(ValueError, match="points"):
        net.grid = (-1e6, 1e6, 5e-324)
    assert net.grid == (-5.0, 5.0, 0.1)
