"""The bar the depth explorer's charts are held to (``harness.depth.chart_problems``): where the
layers grow differences it grows with them, as far as two honest evaluations can differ, and no
further: a wrong number at a layer where the numbers are well determined still fails."""

import numpy as np

from dashboard.depth import depth_values
from harness.depth import (
    CHART_TOLERANCE,
    chart_bounds,
    chart_problems,
    explorer_of,
    network_of,
    oracle_profile,
)
from model.depth import MAX_DEPTH, Explorer

NAMES = ["mish", "silu", "softplus", "sigmoid", "relu", "tanh"]

#: The sample NNSHAPE_PARITY_SEED=841662225 drew: twenty layers of w = 2.9, b = −0.6 grow a
#: last-bit difference ~3.2²⁰ times, and numpy's mish (the oracle's form) and the model's ended
#: 0.4 % apart on a steepest slope of 0.002 (8e-6), far beyond CHART_TOLERANCE.
GROWING = {
    "activation": "leaky_relu",
    "weights": [-3.2502624795352486, -2.2163911976312702],
    "biases": [0.7639591077101171, 0.1353756029504014],
    "grid": (-3.3615030461287034, -1.8955092830153915, 0.006834469758104019),
    "output_weights": True,
    "v": [-1.882724541604813, -0.4586203801012996],
    "c": 0.48005274160367195,
}


def _state(weight: float, bias: float) -> dict:
    return {**depth_values(Explorer(depth=10, weight=weight, bias=bias)), "shown": True}


def _model_profiles(net: dict, depth: dict) -> dict:
    model = explorer_of(depth).profile(network_of(net), NAMES)
    return {
        n: {"ranges": list(model[n].ranges), "steepest": list(model[n].steepest)} for n in NAMES
    }


def test_two_honest_evaluations_of_growing_layers_pass():
    depth = _state(2.9, -0.6)
    profiles = _model_profiles(GROWING, depth)
    layers = explorer_of(depth).layers(MAX_DEPTH)
    mish = oracle_profile(GROWING, layers, "mish")
    # The difference the bar has to hold is there, and beyond the old fixed bar.
    assert abs(profiles["mish"]["steepest"][-1] - mish["steepest"][-1]) > 1e3 * CHART_TOLERANCE
    assert chart_problems(GROWING, depth, profiles, "numpy") == []
    assert chart_problems(GROWING, depth, profiles, "model") == []


def test_a_wrong_number_fails_where_the_layers_leave_it_well_determined():
    depth = _state(2.9, -0.6)
    layers = explorer_of(depth).layers(MAX_DEPTH)
    for key, k in (("steepest", 1), ("ranges", 2)):
        bounds = chart_bounds(oracle_profile(GROWING, layers, "mish"), layers, "mish")
        profiles = _model_profiles(GROWING, depth)
        row = profiles["mish"][key]
        # Determined to 1e-11 of the row here; the last layers only loosely (the first test).
        assert bounds[key][k] < 1e-11 * max(1.0, max(row)) < bounds[key][-1]
        row[k] += 1e-7 * max(1.0, max(row))
        for source in ("numpy", "model"):
            found = chart_problems(GROWING, depth, profiles, source)
            assert [p.split(":")[0] for p in found] == [f"mish {key} against the {source}"]


def test_shrinking_layers_keep_the_fixed_bar():
    depth = _state(0.5, 0.2)
    layers = explorer_of(depth).layers(MAX_DEPTH)
    for name in NAMES:
        bounds = chart_bounds(oracle_profile(GROWING, layers, name), layers, name)
        for key in ("ranges", "steepest"):
            assert np.all(bounds[key] <= CHART_TOLERANCE), (name, key, bounds[key])
    profiles = _model_profiles(GROWING, depth)
    profiles["sigmoid"]["ranges"][-1] += 1e-8
    assert [p.split(":")[0] for p in chart_problems(GROWING, depth, profiles, "model")] == [
        "sigmoid ranges against the model"
    ]
