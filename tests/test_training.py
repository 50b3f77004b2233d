"""The trainer: exact gradients (against finite differences), optimisers, rewind, reset,
divergence, and the hand winning over training."""

import numpy as np
import pytest

from model import ACTIVATIONS, Network
from model.messages import Refusal
from model.target import Target, score
from model.training import OPTIMISERS, Trainer, random_start

KINK = 1e-3  # points this close to a kink (ReLU's, where z = 0) are not compared


def network(activation, weighted, deep, n=4, seed=1):
    rng = np.random.default_rng(seed)
    net = Network.from_spec(
        {
            "activation": activation,
            "neurons": [(float(w), float(b)) for w, b in rng.normal(0, 1, (n, 2))],
            "second": (float(rng.normal(0, 1)), float(rng.normal(0, 0.5))),
            "second_enabled": deep,
        }
    )
    net.configure(
        output_weights=weighted,
        output=([float(v) for v in rng.normal(0, 1, n)], float(rng.normal(0, 1))),
    )
    return net


def away_from_kinks(net: Network, x: np.ndarray) -> np.ndarray:
    """The points of ``x`` where no neuron (and not the second layer) sits within KINK of z = 0."""
    z = np.multiply.outer(x, [n.weight for n in net.neurons]) - [n.bias for n in net.neurons]
    keep = np.all(np.abs(z) > KINK, axis=1)
    if net.second.enabled:
        s = net.hidden.output(net.hidden(x, net.activation))
        keep &= np.abs(net.second.weight * s - net.second.bias) > KINK
    return x[keep]


@pytest.mark.parametrize("activation", list(ACTIVATIONS))
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("deep", [False, True])
def test_gradients_match_finite_differences(activation, weighted, deep):
    net = network(activation, weighted, deep)
    x = away_from_kinks(net, np.linspace(-3, 3, 61))
    target = Target.from_points([(float(a), float(np.sin(a))) for a in x])
    trainer = Trainer(net, target)
    theta = trainer.theta
    loss, grad = trainer.loss_and_gradient()
    assert loss == pytest.approx(score(net, target).mse, rel=1e-12)
    h = 1e-6
    numeric = np.empty_like(theta)
    for i in range(theta.size):
        up, down = theta.copy(), theta.copy()
        up[i] += h
        down[i] -= h
        numeric[i] = (trainer.loss(up) - trainer.loss(down)) / (2 * h)
    # Relative to each component, or to the gradient's size where a component is near zero.
    np.testing.assert_allclose(grad, numeric, rtol=1e-6, atol=1e-6 * np.abs(numeric).max())
    expected = 2 * len(net.neurons) + (len(net.neurons) + 1 if weighted else 0) + 2 * deep
    assert len(trainer.parameters) == theta.size == expected


@pytest.mark.parametrize("optimiser", OPTIMISERS)
def test_every_optimiser_lowers_the_loss(optimiser):
    net = network("tanh", True, False, n=6)
    trainer = Trainer(net, Target.preset("sin"), optimiser=optimiser, learning_rate=0.01, seed=3)
    trainer.reset()
    before = trainer.loss()
    assert trainer.step(300) == 300
    assert trainer.diverged is None
    assert len(trainer.history) == 300 and trainer.history[0] == before
    assert trainer.loss() < before / 4
    assert score(net, Target.preset("sin")).mse == pytest.approx(trainer.loss(), rel=1e-9)


def test_training_writes_every_trained_parameter_and_nothing_else():
    net = network("sigmoid", True, True)
    colours = [n.color for n in net.neurons]
    neurons = list(net.neurons)
    grid = net.grid
    trainer = Trainer(net, Target.preset("bump"))
    before = trainer.theta
    changed = []
    net.param.watch(lambda e: changed.append(e), "changed")
    trainer.step(5)
    assert len(changed) == 1  # written once per call, not per step
    after = trainer.theta
    assert np.all(after != before)  # w, b, v, c, w2, b2 all moved
    assert [n.color for n in net.neurons] == colours and net.neurons == neurons
    assert net.grid == grid


def test_off_switches_train_nothing_they_do_not_use():
    net = network("relu", False, False)
    net.configure(output=([2.0, 3.0, 4.0, 5.0], 1.5))
    trainer = Trainer(net, Target.preset("abs"))
    trainer.step(20)
    assert net.spec()["output"] == ([2.0, 3.0, 4.0, 5.0], 1.5)
    assert trainer.parameters == [f"w{i}" for i in range(1, 5)] + [f"b{i}" for i in range(1, 5)]


def test_rewind_puts_back_exactly_the_start():
    net = network("mish", True, True)
    start = net.spec()
    trainer = Trainer(net, Target.preset("square"), learning_rate=0.01)
    trainer.step(50)
    assert net.spec() != start
    trainer.rewind()
    assert net.spec() == start
    assert trainer.history == []
    trainer.step(50)
    first = net.spec()
    trainer.rewind()
    trainer.step(50)
    assert net.spec() == first  # the same start, the same run


def test_reset_draws_a_seeded_start_that_rewind_returns_to():
    net = network("tanh", True, False, n=8)
    trainer = Trainer(net, Target.preset("sin"), seed=7)
    trainer.reset()
    a = net.spec()
    trainer.step(10)
    trainer.reset(7)
    assert net.spec() == a
    trainer.reset(8)
    assert net.spec() != a
    b = net.spec()
    trainer.step(10)
    trainer.rewind()
    assert net.spec() == b
    theta = random_start(net, net.x, 7)
    assert np.all(np.abs(theta) < 1e3)


def test_the_hand_wins_between_steps():
    net = network("tanh", True, False)
    trainer = Trainer(net, Target.preset("sin"), learning_rate=0.01)
    trainer.step(10)
    net.neurons[0].weight = 4.25  # a slider grabbed mid-training
    grabbed = Network.from_spec(net.spec())
    trainer.step(1)
    assert trainer.history[-1] == pytest.approx(score(grabbed, trainer.target).mse, rel=1e-12)
    net.hidden.add_neuron(1.0, 0.0)  # the structure changed: training follows it
    trainer.step(3)
    assert len(trainer.parameters) == 2 * 5 + 5 + 1


def test_a_diverging_run_stops_says_so_and_keeps_finite_weights():
    net = network("relu", True, False, n=6)
    trainer = Trainer(net, Target.preset("square"), optimiser="sgd", learning_rate=10.0)
    taken = trainer.step(1000)
    assert taken < 1000
    assert trainer.diverged is not None
    assert trainer.diverged.id in ("train.grew", "train.not_finite", "train.too_large")
    assert "diverged" in str(trainer.diverged)
    assert all(np.isfinite(trainer.theta))
    assert np.isfinite(score(net, trainer.target).mse)
    assert trainer.step(10) == 0  # stays stopped...
    trainer.rewind()  # ...until rewound
    assert trainer.diverged is None


@pytest.mark.parametrize(
    "settings",
    [
        {"optimiser": "rmsprop"},
        {"learning_rate": 0.0},
        {"learning_rate": float("nan")},
        {"learning_rate": 100.0},
        {"seed": -1},
        {"seed": 1.5},
        {"seed": True},
    ],
)
def test_bad_settings_are_refused(settings):
    with pytest.raises(Refusal):
        Trainer(Network(), Target.preset("sin"), **settings)


def test_points_and_formula_targets_train():
    net = network("sigmoid", True, False)
    trainer = Trainer(net, Target.from_points([(-1.0, 0.0), (0.0, 1.0), (1.0, 0.0)]))
    before = trainer.loss()
    trainer.step(200)
    assert trainer.loss() < before
    trainer = Trainer(net, Target.from_formula("sqrt(x)"))  # masked where x < 0
    assert trainer.notice is not None
    trainer.step(5)
    empty = Trainer(net, Target.from_points([]))
    assert empty.loss() == 0.0 and empty.step(3) == 3


def test_a_new_target_restarts_the_history_but_not_the_start():
    net = network("tanh", True, False)
    start = net.spec()
    trainer = Trainer(net, Target.preset("sin"), learning_rate=0.01)
    trainer.step(5)
    trainer.target = Target.preset("bump")
    assert trainer.history == []
    assert trainer.loss() == pytest.approx(score(net, Target.preset("bump")).mse, rel=1e-12)
    trainer.step(5)
    trainer.rewind()
    assert net.spec() == start


def test_after_divergence_the_hand_may_set_weights_and_training_goes_on():
    net = network("relu", True, False, n=6)
    trainer = Trainer(net, Target.preset("square"), optimiser="sgd", learning_rate=10.0)
    trainer.step(1000)
    assert trainer.diverged is not None
    net.neurons[0].weight = 0.5  # the hand
    trainer.settings.learning_rate = 1e-4
    assert trainer.step(5) == 5 and trainer.diverged is None
    assert all(np.isfinite(trainer.theta))
