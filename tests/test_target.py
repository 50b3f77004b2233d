"""Targets to approximate and the fit score, checked against the formulas they name."""

import numpy as np
import pytest

from model import Network
from model.article import figure
from model.messages import Refusal
from model.target import MAX_POINTS, SHAPES, Target, score

X = np.arange(-5.0, 5.0, 0.1)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("sin", np.sin(X)),
        ("abs", np.abs(X)),
        ("step", np.where(X < 0, 0.0, 1.0)),
        ("square", X * X),
        ("bump", np.exp(-X * X)),
    ],
)
def test_presets_are_the_functions_they_name(name, expected):
    np.testing.assert_allclose(Target.preset(name)(X), expected, rtol=1e-15)


def test_step_is_one_at_zero_and_sawtooth_rises_then_drops():
    step = Target.preset("step")
    assert step(np.array([-1e-300, 0.0, -0.0])).tolist() == [0.0, 1.0, 1.0]
    saw = Target.preset("sawtooth")(np.array([-1.0, 0.0, 0.5, 0.999, 1.0, 3.0]))
    np.testing.assert_allclose(saw, [-1.0, 0.0, 0.5, 0.999, -1.0, -1.0])


def test_nielsen_is_compared_on_its_own_grid():
    t = Target.preset("nielsen")
    assert t.grid == (0.0, 1.0, 0.005)
    x = np.arange(*t.grid)
    expected = 0.2 + 0.4 * x**2 + 0.3 * x * np.sin(15 * x) + 0.05 * np.cos(50 * x)
    np.testing.assert_allclose(t(x), expected, rtol=1e-15)
    sampled = t.on(X)
    assert sampled.x.min() >= 0 and sampled.x.max() <= 1


def test_a_figure_is_its_own_perfect_target():
    net = figure("nn11")
    result = score(net, Target.figure("nn11"))
    assert result.mse == 0.0 and result.max_error == 0.0 and result.count == len(net.x)
    other = score(net, Target.figure("nn9"))
    assert other.mse > 0


def test_score_is_mse_and_max_error_of_the_output_the_network_shows():
    net = Network.from_spec({"activation": "relu", "neurons": [(1.0, 0.0)]})
    s = score(net, Target.preset("abs"))
    error = np.maximum(X, 0) - np.abs(X)
    assert s.mse == pytest.approx(np.mean(error**2), rel=1e-15)
    assert s.max_error == pytest.approx(np.max(np.abs(error)), rel=1e-15)
    net.configure(second_enabled=True, second=(2.0, 1.0))  # now the second layer is fitted
    deep = np.maximum(2 * np.maximum(X, 0) - 1, 0)
    assert score(net, Target.preset("abs")).mse == pytest.approx(np.mean((deep - np.abs(X)) ** 2))


def test_points_are_compared_where_they_are():
    net = Network.from_spec({"activation": "relu", "neurons": [(1.0, 0.0)]})
    t = Target.from_points([(2.0, 1.0), (-1.0, 0.0)])
    assert t.points == ((-1.0, 0.0), (2.0, 1.0))  # kept in order of x
    s = score(net, t)
    assert s.count == 2 and s.mse == pytest.approx(0.5) and s.max_error == 1.0
    empty = score(net, Target.from_points([]))
    assert empty.mse is None and empty.count == 0


def test_clicking_a_point_again_removes_it():
    t = Target.from_points([]).toggled(1.0, 2.0, 0.1)
    t = t.toggled(3.0, 0.0, 0.1)
    assert t.points == ((1.0, 2.0), (3.0, 0.0))
    t = t.toggled(1.05, 1.95, 0.1)
    assert t.points == ((3.0, 0.0),)
    t = t.toggled(3.0, 5.0, 0.1)  # a second value at one x replaces the first
    assert t.points == ((3.0, 5.0),)


@pytest.mark.parametrize(
    "points",
    [
        [(0.0, float("nan"))],
        [(float("inf"), 1.0)],
        [(0.0, 1e7)],
        [(True, 1.0)],
        [(0.0, 1.0, 2.0)],
        [(0.0, 1.0), (0.0, 2.0)],
        [(float(i), 0.0) for i in range(MAX_POINTS + 1)],
        "0,1",
    ],
)
def test_bad_points_are_refused(points):
    with pytest.raises(Refusal):
        Target.from_points(points)


def test_formula_targets_mask_and_name_non_finite_points():
    sampled = Target.from_formula("sqrt(x)").on(X)
    assert sampled.x.min() >= 0 and len(sampled.x) == (X >= 0).sum()
    assert "left out" in str(sampled.notice)


@pytest.mark.parametrize(
    "target",
    [
        *(Target.preset(name) for name in SHAPES),
        Target.figure("nn18"),
        Target.from_formula("0.5*sin(3*x) + x**2/10"),
        Target.from_points([(0.1, -2.5), (1e-7, 3.0)]),
        Target.from_points([]),
    ],
)
def test_targets_round_trip_through_documents_and_links(target):
    assert Target.from_dict(target.to_dict()) == target
    assert Target.from_text(target.to_text()) == target


@pytest.mark.parametrize(
    "raw",
    [
        {"kind": "preset", "name": "cos"},
        {"kind": "figure", "name": "nn99"},
        {"kind": "formula", "formula": "__import__('os')"},
        {"kind": "formula", "name": "sin"},
        {"kind": "points"},
        {"kind": "python", "code": "1"},
        ["sin"],
    ],
)
def test_bad_target_documents_are_refused(raw):
    with pytest.raises(Refusal):
        Target.from_dict(raw)


@pytest.mark.parametrize("text", ["cos", "fig.nope", "f.os.system", "p.1_2_3", "p.a_b", "p.1_nan"])
def test_bad_target_links_are_refused(text):
    with pytest.raises(Refusal):
        Target.from_text(text)


def test_out_of_reach_says_why_a_target_cannot_be_drawn():
    from model.target import out_of_reach

    net = Network.from_spec({"activation": "sigmoid", "neurons": [(1.0, 0.0)] * 3})
    message = out_of_reach(net, Target.preset("sin"))
    assert message.id == "target.out_of_reach"
    assert str(message) == (
        "a sum of 3 sigmoid curve(s) without output weights is never below 0, but the target "
        "reaches -0.9999: switch output weights on to reach it"
    )
    assert out_of_reach(net, Target.preset("bump")) is None  # within (0, 3)
    assert "above 3" in str(out_of_reach(net, Target.preset("square")))
    net.configure(output_weights=True)
    assert out_of_reach(net, Target.preset("sin")) is None
    net.configure(second_enabled=True)
    assert "second layer" in str(out_of_reach(net, Target.preset("sin")))
    net.configure(activation="tanh")
    assert out_of_reach(net, Target.preset("sin")) is None
    relu = Network.from_spec({"activation": "relu", "neurons": [(1.0, 0.0)]})
    assert "below 0" in str(out_of_reach(relu, Target.from_points([(0.0, -0.5)])))
    assert out_of_reach(relu, Target.from_points([])) is None
