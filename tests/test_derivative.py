"""The network's derivative (model.calculus): against finite differences of the network itself and
against the chain rule written again from the oracle's own formulas."""

import numpy as np
import pytest

from harness.extremes import extreme_network, finite_and_silent
from harness.oracle import DERIVATIVE, STABLE
from model import ACTIVATIONS, Network
from model.article import FIGURES, figure
from model.calculus import derivatives, output_derivative

NAMES = list(ACTIVATIONS)
#: Where these have a kink (or a jump), a finite difference straddling it means nothing.
KINKED = {"relu", "leaky_relu", "elu", "step"}
H = 1e-6


def random_network(rng, activation: str, second: bool) -> Network:
    net = Network()
    count = int(rng.integers(1, 7))
    net.configure(
        activation=activation,
        neurons=[(float(w), float(b)) for w, b in rng.uniform(-3, 3, (count, 2)).round(3)],
        second=tuple(float(v) for v in rng.uniform(-2, 2, 2).round(3)),
        second_enabled=second,
    )
    return net


def finite_differences(net: Network, x, factors=None):
    """Central differences of each neuron (times vᵢ), their sum and the second layer."""
    act = net.activation
    factors = factors or [1.0] * len(net.neurons)

    def curves(at):
        ys = [v * n(at, act) for v, n in zip(factors, net.neurons, strict=True)]
        s = np.sum(ys, axis=0)
        return ys, s, net.second(s, act)

    (ys_hi, s_hi, d_hi), (ys_lo, s_lo, d_lo) = curves(x + H), curves(x - H)
    shares = [(hi - lo) / (2 * H) for hi, lo in zip(ys_hi, ys_lo, strict=True)]
    return shares, (s_hi - s_lo) / (2 * H), (d_hi - d_lo) / (2 * H)


def near_kinks(net: Network, x, factors=None):
    """Points whose neurons or second layer sit within a few H of a kink."""
    if net.activation not in KINKED:
        return np.zeros_like(x, dtype=bool)
    eps = 1e-4
    factors = factors or [1.0] * len(net.neurons)
    near = np.zeros_like(x, dtype=bool)
    for n in net.neurons:
        near |= np.abs(n.pre_activation(x)) < eps
    s = np.sum([v * n(x, net.activation) for v, n in zip(factors, net.neurons, strict=True)], 0)
    return near | (np.abs(net.second.pre_activation(s)) < eps)


def assert_near(got, want, mask, scale_of):
    scale = max(1.0, float(np.max(np.abs(scale_of))))
    np.testing.assert_allclose(got[~mask], want[~mask], rtol=1e-6, atol=1e-6 * scale)


@pytest.mark.parametrize("name", NAMES)
def test_random_networks_against_finite_differences(name):
    rng = np.random.default_rng(NAMES.index(name))
    for trial in range(12):
        net = random_network(rng, name, second=trial % 2 == 0)
        x = net.x
        d = derivatives(net)
        shares, slope, deep = finite_differences(net, x)
        mask = near_kinks(net, x)
        for got, want in zip(d["neurons"], shares, strict=True):
            assert_near(got, want, mask, want)
        assert_near(d["sum"], slope, mask, slope)
        if net.second.enabled:
            assert_near(d["deep"], deep, mask, deep)
            np.testing.assert_array_equal(output_derivative(net), d["deep"])
        else:
            assert d["deep"] is None
            np.testing.assert_array_equal(output_derivative(net), d["sum"])


def oracle_derivatives(net: Network):
    """The chain rule again, from the oracle's own activations and derivatives."""
    act, dact = STABLE[net.activation], DERIVATIVE[net.activation]
    x = np.arange(*net.grid)
    shares = [n.weight * dact(n.weight * x - n.bias) for n in net.neurons]
    s = np.sum([act(n.weight * x - n.bias) for n in net.neurons], axis=0)
    w2, b2 = net.second.weight, net.second.bias
    return shares, np.sum(shares, axis=0), w2 * dact(w2 * s - b2) * np.sum(shares, axis=0)


@pytest.mark.parametrize("name", NAMES)
def test_every_figure_in_every_activation_against_the_oracle(name):
    for fig in FIGURES.values():
        net = fig.network()
        net.configure(activation=name, second_enabled=True)
        d = derivatives(net)
        with np.errstate(under="ignore"):
            shares, slope, deep = oracle_derivatives(net)
        mask = near_kinks(net, net.x)  # the oracle takes the other side at some kinks
        for got, want in zip(d["neurons"], shares, strict=True):
            np.testing.assert_allclose(got[~mask], want[~mask], rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(d["sum"][~mask], slope[~mask], rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(d["deep"][~mask], deep[~mask], rtol=1e-12, atol=1e-12)


def test_output_weights_scale_each_share_and_feed_the_second_layer():
    net = figure("nn18")
    v = [2.0, -1.0, 0.5]
    d = derivatives(net, output_weights=v)
    plain = derivatives(net)
    for got, share, factor in zip(d["neurons"], plain["neurons"], v, strict=True):
        np.testing.assert_array_equal(got, factor * share)
    _, slope, deep = finite_differences(net, net.x, v)
    assert_near(d["sum"], slope, np.zeros_like(slope, bool), slope)
    assert_near(d["deep"], deep, near_kinks(net, net.x, v), deep)
    with pytest.raises(ValueError, match="2 output weights for 3 neurons"):
        derivatives(net, output_weights=[1.0, 2.0])


def test_a_flat_sigmoid_tail_has_almost_no_slope():
    # nn6's steepest neuron (w = 2): at x = ±5 its share is under 1e-3 of its slope at 0.
    d = derivatives(figure("nn6"))
    x, share = d["x"], d["neurons"][2]
    at = {v: share[np.argmin(np.abs(x - v))] for v in (-5.0, 0.0, 4.9)}
    assert at[0.0] == pytest.approx(0.5)  # w·σ′(0) = 2 · 1/4
    assert at[-5.0] < 1e-3 * at[0.0] and at[4.9] < 1e-3 * at[0.0]


@pytest.mark.parametrize("name", NAMES)
def test_extreme_weights_are_finite_and_silent(name):
    net = extreme_network(name)
    with finite_and_silent():
        d = derivatives(net)
    for y in [*d["neurons"], d["sum"], d["deep"]]:
        assert np.all(np.isfinite(y))


def test_another_activation_is_the_same_as_a_copy_with_it():
    net = figure("nn18")
    for name in NAMES:
        copy = Network.from_spec({**net.spec(), "activation": name})
        got, want = derivatives(net, activation=name), derivatives(copy)
        for key in ("sum", "deep"):
            np.testing.assert_array_equal(got[key], want[key])
    assert net.activation == "mish"


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "gelu"])
def test_a_network_with_its_own_output_weights_against_finite_differences_of_its_curves(name):
    """With output weights on, the slopes are those of the curves the network draws: each
    vᵢ·act(wᵢx − bᵢ), the sum plus c, and the second layer on that sum."""
    rng = np.random.default_rng(7)
    for _ in range(4):
        net = random_network(rng, name, second=True)
        count = len(net.neurons)
        v = [float(a) for a in rng.uniform(-2, 2, count).round(3)]
        net.configure(output_weights=True, output=(v, 0.75))
        d = derivatives(net)

        def at(shift, net=net):  # the network's own layers, at x shifted
            ys = net.hidden(net.x + shift, name)
            s = net.hidden.output(ys)
            return ys, s, net.second(s, name)

        (ys_hi, s_hi, d_hi), (ys_lo, s_lo, d_lo) = at(H), at(-H)
        for got, hi, lo in zip(d["neurons"], ys_hi, ys_lo, strict=True):
            want = (hi - lo) / (2 * H)
            assert_near(got, want, np.zeros_like(want, bool), want)
        slope = (s_hi - s_lo) / (2 * H)
        deep = (d_hi - d_lo) / (2 * H)
        assert_near(d["sum"], slope, np.zeros_like(slope, bool), slope)
        assert_near(d["deep"], deep, np.zeros_like(deep, bool), deep)


def test_given_output_weights_replace_the_networks_own_and_are_not_applied_twice():
    """``hidden_sum_of`` (and the second layer's slope that uses it) with vᵢ given equals the
    same network with its output weights off and those vᵢ given: a network's own vᵢ, when on,
    are replaced, never multiplied in a second time."""
    from model.calculus import hidden_sum_of

    on = figure("nn12")
    on.configure(second_enabled=True, output_weights=True)
    for i, neuron in enumerate(on.neurons):
        neuron.output_weight = 0.5 + i  # its own vᵢ: 0.5, 1.5, …
    off = Network.from_spec({**on.spec(), "output_weights": False})
    given = [2.0, -1.0, 0.25][: len(on.neurons)]
    x = on.x
    plain = sum(g * n(x, on.activation) for g, n in zip(given, off.neurons, strict=True))
    assert np.allclose(hidden_sum_of(on, x, on.activation, given), plain, rtol=1e-12, atol=0)
    assert np.array_equal(hidden_sum_of(on, x, on.activation, given),
                          hidden_sum_of(off, x, off.activation, given))  # fmt: skip
    assert np.array_equal(derivatives(on, x, given)["deep"], derivatives(off, x, given)["deep"])
    # Without vᵢ given, the network's own contributions (vᵢ·act, c not added), as curves() has.
    own = on.curves()
    assert np.allclose(hidden_sum_of(on, x, on.activation), own["sum"] - on.hidden.output_bias,
                       rtol=1e-12, atol=1e-12)  # fmt: skip
