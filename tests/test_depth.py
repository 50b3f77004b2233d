"""The depth stack (model.depth): against a stack computed again from the oracle's formulas, its
slopes against finite differences, the article's claim as numbers, and refusals."""

import numpy as np
import pytest

from harness.extremes import extreme_network, finite_and_silent
from harness.oracle import DERIVATIVE, STABLE
from model import ACTIVATIONS, Network, Refusal
from model.article import figure
from model.depth import MAX_DEPTH, profile, shared, stack

NAMES = list(ACTIVATIONS)
KINKED = {"relu", "leaky_relu", "elu", "step"}


def oracle_stack(activation, neurons, layers, x):
    """Outputs, slopes and every pre-activation of the stack, from the oracle alone."""
    act, dact = STABLE[activation], DERIVATIVE[activation]
    with np.errstate(under="ignore"):
        zs = [w * x - b for w, b in neurons]
        y = np.sum([act(z) for z in zs], axis=0)
        slope = np.sum([w * dact(z) for (w, _), z in zip(neurons, zs, strict=True)], axis=0)
        outputs, slopes = [y], [slope]
        for w, b in layers:
            z = w * y - b
            zs.append(z)
            y, slope = act(z), w * dact(z) * slope
            outputs.append(y)
            slopes.append(slope)
    return outputs, slopes, zs


def random_case(rng, depth):
    neurons = [tuple(float(v) for v in p) for p in rng.uniform(-3, 3, (int(rng.integers(1, 5)), 2))]
    layers = [tuple(float(v) for v in p) for p in rng.uniform(-1.5, 1.5, (depth, 2))]
    return neurons, layers


def network(activation, neurons) -> Network:
    net = Network()
    net.configure(activation=activation, neurons=neurons)
    return net


def assert_close(got, want, rtol):
    scale = max(1.0, float(np.max(np.abs(want))))
    np.testing.assert_allclose(got, want, rtol=0, atol=rtol * scale)


@pytest.mark.parametrize("name", NAMES)
def test_stacks_match_the_oracle_layer_by_layer(name):
    rng = np.random.default_rng(NAMES.index(name))
    for depth in (1, 2, 7, MAX_DEPTH):
        neurons, layers = random_case(rng, depth)
        net = network(name, neurons)
        s = stack(net, layers)
        outputs, slopes, _ = oracle_stack(name, neurons, layers, net.x)
        assert s.depth == depth and len(s.outputs) == len(s.slopes) == depth + 1
        np.testing.assert_array_equal(s.outputs[0], net.curves()["sum"])
        for k in range(depth + 1):
            assert_close(s.outputs[k], outputs[k], 1e-12)
            assert_close(s.slopes[k], slopes[k], 1e-10)
        ranges = [np.max(y) - np.min(y) for y in outputs]
        steepest = [np.max(np.abs(d)) for d in slopes]
        np.testing.assert_allclose(s.ranges(), ranges, rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(s.steepest(), steepest, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("name", NAMES)
def test_slopes_match_finite_differences(name):
    rng = np.random.default_rng(100 + NAMES.index(name))
    h = 1e-6
    for _ in range(4):
        neurons, layers = random_case(rng, 6)
        net = network(name, neurons)
        s = stack(net, layers)
        hi = oracle_stack(name, neurons, layers, net.x + h)[0]
        lo = oracle_stack(name, neurons, layers, net.x - h)[0]
        mask = np.zeros_like(net.x, dtype=bool)
        if name in KINKED:  # a difference straddling a kink means nothing
            for z in oracle_stack(name, neurons, layers, net.x)[2]:
                mask |= np.abs(z) < 1e-4
        for k in range(len(layers) + 1):
            fd = (hi[k] - lo[k]) / (2 * h)
            scale = max(1.0, float(np.max(np.abs(fd))))
            np.testing.assert_allclose(s.slopes[k][~mask], fd[~mask], rtol=0, atol=1e-6 * scale)


def test_profile_against_independent_stacks_for_every_activation():
    net = figure("nn11")
    layers = [(1.0, 0.0), (1.5, -0.5), (-0.8, 0.2), (2.0, 1.0), (1.0, 0.0)]
    p = profile(net, layers)
    assert list(p) == NAMES
    neurons = [(n.weight, n.bias) for n in net.neurons]
    for name, prof in p.items():
        outputs, slopes, _ = oracle_stack(name, neurons, layers, net.x)
        want_range = [np.max(y) - np.min(y) for y in outputs]
        want_steep = [np.max(np.abs(d)) for d in slopes]
        np.testing.assert_allclose(prof.ranges, want_range, rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(prof.steepest, want_steep, rtol=1e-10, atol=1e-12)
    assert net.activation == "sigmoid"  # evaluated on copies: the network is untouched


def test_the_articles_claim_in_numbers():
    # nn11's hidden layer with one shared w = 1, b = 0: sigmoid layers squeeze the output to
    # nothing, ReLU layers pass the (positive) sum through unchanged.
    p = profile(figure("nn11"), shared(1.0, 0.0, 5), ["sigmoid", "relu"])
    assert p["sigmoid"].range_ratio(5) < 1e-3
    assert p["relu"].range_ratio(5) == 1.0
    assert p["sigmoid"].steepest[5] < 1e-3 * p["sigmoid"].steepest[0]
    assert p["relu"].steepest[5] == p["relu"].steepest[0]
    flat = Network()
    flat.configure(activation="relu", neurons=[(0.0, 1.0)])
    assert profile(flat, shared(1.0, 0.0, 1), ["relu"])["relu"].range_ratio(1) is None


def test_refused_stacks_name_the_layer():
    net = figure("nn9")
    for depth in (0, MAX_DEPTH + 1, True, 2.0):
        with pytest.raises(Refusal, match="depth must lie between 1 and 20"):
            shared(1.0, 0.0, depth)
    with pytest.raises(Refusal, match="depth must lie between 1 and 20"):
        stack(net, [])
    with pytest.raises(Refusal, match="layer 3 weight must be a finite number"):
        stack(net, [(1.0, 0.0)] * 2 + [(float("nan"), 0.0)])
    with pytest.raises(Refusal, match="layer 2 bias must lie between"):
        stack(net, [(1.0, 0.0), (1.0, 2e6)])
    with pytest.raises(ValueError, match="layer 1 must be a"):
        stack(net, [(1.0,)])
    with pytest.raises(Refusal, match="activation must be one of"):
        stack(net, [(1.0, 0.0)], "swish")


@pytest.mark.parametrize("name", NAMES)
def test_the_deepest_steepest_stack_is_finite_and_silent(name):
    net = extreme_network(name, copies=21, second=False, step=1e4)
    with finite_and_silent():
        for w in (1e6, -1e6):
            s = stack(net, shared(w, -1e6, MAX_DEPTH))
            ranges, steepest = s.ranges(), s.steepest()
    assert all(np.all(np.isfinite(y)) for y in (*s.outputs, *s.slopes))
    assert np.all(np.isfinite(ranges)) and np.all(np.isfinite(steepest))


def test_output_weights_weigh_the_sum_the_stack_starts_from():
    net = figure("nn17")
    v = [1.5, -1.0, 0.25]
    s = stack(net, shared(0.7, -0.3, 4), output_weights=v)
    act, dact = STABLE["mish"], DERIVATIVE["mish"]
    zs = [n.weight * net.x - n.bias for n in net.neurons]
    y = np.sum([f * act(z) for f, z in zip(v, zs, strict=True)], axis=0)
    slope = np.sum(
        [f * n.weight * dact(z) for f, n, z in zip(v, net.neurons, zs, strict=True)], axis=0
    )
    for k in range(5):
        assert_close(s.outputs[k], y, 1e-12)
        assert_close(s.slopes[k], slope, 1e-10)
        z = 0.7 * y + 0.3
        y, slope = act(z), 0.7 * dact(z) * slope


def test_the_explorer_stacks_its_own_layers_and_the_shared_pair_elsewhere():
    from model.depth import Explorer

    e = Explorer(depth=4, weight=2.0, bias=0.5)
    assert e.layers() == [(2.0, 0.5)] * 4
    e.set_layer(3, -1.0, 0.25)
    e.set_layer(9, 3.0, 0.0)  # past the depth: kept for the charts' 20 layers
    assert e.layers() == [(2.0, 0.5), (2.0, 0.5), (-1.0, 0.25), (2.0, 0.5)]
    assert e.layers(MAX_DEPTH)[8] == (3.0, 0.0)
    net = network("sigmoid", [(1.0, 0.0), (2.0, 1.0)])
    s = e.stack(net)
    assert s.layers == tuple(e.layers())
    outputs, _, _ = oracle_stack("sigmoid", [(1.0, 0.0), (2.0, 1.0)], e.layers(), net.x)
    for got, want in zip(s.outputs, outputs, strict=True):
        assert_close(got, want, 1e-12)
    e.clear_layer(3)
    assert 3 not in e.own and e.layers()[2] == (2.0, 0.5)


def test_the_explorer_refuses_a_bad_value_in_words_and_changes_nothing():
    from model.depth import Explorer

    e = Explorer()
    e.set_layer(2, 1.5, 0.0)
    before = dict(e.own)
    for k, w, b, said in [
        (2, float("nan"), 0.0, "layer 2 weight must be a finite number"),
        (2, 1.0, 2e6, "layer 2 bias must lie between"),
        (2, True, 0.0, "layer 2 weight must be a finite number"),
        (21, 1.0, 0.0, "depth must lie between 1 and 20"),
        (0, 1.0, 0.0, "depth must lie between 1 and 20"),
    ]:
        with pytest.raises(Refusal, match=said):
            e.set_layer(k, w, b)
        assert e.own == before
    for value in (0, 21, 2.5, True, "5"):
        with pytest.raises(Refusal, match="depth must lie between 1 and 20"):
            e.depth = value
    assert e.depth == 5
    with pytest.raises(Refusal, match="must be a finite number"):
        e.weight = float("inf")


def test_the_explorer_stacks_on_the_sum_the_page_draws_with_output_weights_on():
    from model.depth import Explorer

    net = Network.from_spec(
        {"activation": "tanh", "neurons": [(1.0, 0.0), (-2.0, 1.0)],
         "output_weights": True, "output": ([2.0, -0.5], 0.75)}
    )  # fmt: skip
    e = Explorer(depth=3, weight=1.5, bias=-0.5)
    s = e.stack(net)
    np.testing.assert_array_equal(s.outputs[0], net.curves()["sum"])
    # The sum's slope, from the formula: Σ vᵢ·wᵢ·tanh′(wᵢ·x − bᵢ).
    x = net.x
    want = 2.0 * 1.0 * (1 - np.tanh(x) ** 2) + -0.5 * -2.0 * (1 - np.tanh(-2 * x - 1) ** 2)
    assert_close(s.slopes[0], want, 1e-12)
    p = e.profile(net, ["tanh"])["tanh"]
    assert p.ranges.shape == (MAX_DEPTH + 1,)
    np.testing.assert_allclose(p.ranges[: e.depth + 1], s.ranges(), rtol=0, atol=0)


def test_a_document_carries_the_explorer_and_one_without_it_still_opens():
    import json

    from model.depth import Explorer
    from model.document import StateError, load_json, to_json

    net = network("relu", [(1.0, 0.0)])
    explorer = Explorer(shown=True, depth=7, weight=1.5, bias=-0.25, own={3: (2.0, -1.0)})
    text = to_json(net, depth=explorer)
    loaded = load_json(text)
    assert loaded.depth.to_dict() == explorer.to_dict()
    assert loaded.depth.layers() == explorer.layers()
    plain = load_json(to_json(net))  # written without one, as every older document is
    assert plain.depth is None and "depth" not in json.loads(to_json(net))
    doc = json.loads(text)
    for part, said in [
        ({"depth": 3, "weight": 1.0}, "depth.bias is missing"),
        ({"depth": 0, "weight": 1.0, "bias": 0.0}, "depth.depth must lie between 1 and 20"),
        ({"depth": 3, "weight": "1", "bias": 0.0}, "depth.weight must be a finite number"),
        ({"depth": 3, "weight": 1.0, "bias": 0.0, "layers": {}}, "depth.layers must be a list"),
        ({"depth": 3, "weight": 1.0, "bias": 0.0, "shown": 1}, "depth.shown must be true or"),
        ({"depth": 3, "weight": 1.0, "bias": 0.0,
          "layers": [{"layer": 2, "weight": 1, "bias": 0}] * 2}, "gives layer 2 twice"),
        ({"depth": 3, "weight": 1.0, "bias": 0.0,
          "layers": [{"layer": 2, "weight": 1, "bias": 3e6}]}, r"depth.layers\[0\].bias must"),
        ("deep", "depth must be an object"),
    ]:  # fmt: skip
        with pytest.raises(StateError, match=said):
            load_json(json.dumps({**doc, "depth": part}))
