"""Activations: known values, derivatives against finite differences, and extreme inputs."""

import math
import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from model import ACTIVATIONS, get_activation

NAMES = list(ACTIVATIONS)


def test_registry_has_the_articles_activations():
    assert {"sigmoid", "relu", "mish"} <= set(ACTIVATIONS)


@pytest.mark.parametrize("name", NAMES)
def test_each_entry_explains_itself(name):
    a = ACTIVATIONS[name]
    assert a.name == name
    assert a.label and a.symbol and a.description and a.latex
    assert callable(a.fn) and callable(a.derivative)
    assert "\n" not in a.description


KNOWN = {
    "sigmoid": [(0.0, 0.5), (2.0, 1 / (1 + math.exp(-2))), (-3.0, 1 / (1 + math.exp(3)))],
    "relu": [(-2.0, 0.0), (0.0, 0.0), (3.5, 3.5)],
    # mish(1) = tanh(ln(1+e)); values computed by hand from the definition.
    "mish": [
        (0.0, 0.0),
        (1.0, math.tanh(math.log1p(math.e))),
        (-1.0, -math.tanh(math.log1p(math.exp(-1)))),
    ],
    "tanh": [(0.0, 0.0), (1.0, math.tanh(1.0)), (-2.0, math.tanh(-2.0))],
}


@pytest.mark.parametrize("name", NAMES)
def test_known_values(name):
    a = ACTIVATIONS[name]
    for z, want in KNOWN[name]:
        assert float(a(np.array([z]))[0]) == pytest.approx(want, abs=1e-15, rel=1e-14)
    # A couple of widely published reference values.
    if name == "mish":
        assert float(a(np.array([1.0]))[0]) == pytest.approx(0.8650983882673103, abs=1e-15)
    if name == "sigmoid":
        assert float(a(np.array([1.0]))[0]) == pytest.approx(0.7310585786300049, abs=1e-15)


@pytest.mark.parametrize("name", NAMES)
def test_derivative_matches_central_difference(name):
    a = ACTIVATIONS[name]
    z = np.linspace(-8, 8, 321)
    if name == "relu":
        z = z[np.abs(z) > 1e-3]  # the kink at 0 has no derivative
    h = 1e-6
    fd = (a(z + h) - a(z - h)) / (2 * h)
    np.testing.assert_allclose(a.derivative(z), fd, rtol=0, atol=1e-7)


EXTREMES = np.array([-1e12, -1e6, -710.0, -50.0, -1e-300, 0.0, 1e-300, 50.0, 710.0, 1e6, 1e12])


@pytest.mark.parametrize("name", NAMES)
def test_extreme_inputs_are_finite_and_silent(name):
    a = ACTIVATIONS[name]
    with warnings.catch_warnings(), np.errstate(over="raise", invalid="raise", divide="raise"):
        warnings.simplefilter("error")
        y = a(EXTREMES)
        dy = a.derivative(EXTREMES)
    assert np.all(np.isfinite(y)) and np.all(np.isfinite(dy))


def test_extreme_limits_are_right():
    s = ACTIVATIONS["sigmoid"](np.array([-1e6, 1e6]))
    assert s[0] == 0.0 and s[1] == 1.0
    m = ACTIVATIONS["mish"](np.array([-1e6, 1e6]))
    assert m[0] == 0.0 and m[1] == 1e6
    r = ACTIVATIONS["relu"](np.array([-1e6, 1e6]))
    assert list(r) == [0.0, 1e6]


@given(st.floats(min_value=-700, max_value=700))
def test_stable_forms_agree_with_textbook_forms(z):
    # Within the range where the textbook forms do not overflow, they are the same function.
    assert float(ACTIVATIONS["sigmoid"](z)) == pytest.approx(1 / (1 + math.exp(-z)), rel=1e-12)
    textbook_mish = z * math.tanh(math.log1p(math.exp(z)))
    assert float(ACTIVATIONS["mish"](z)) == pytest.approx(textbook_mish, rel=1e-12, abs=1e-300)


def test_unknown_activation_is_a_clear_error():
    with pytest.raises(ValueError, match=r"activation must be one of sigmoid, .*, not 'swish'"):
        get_activation("swish")
    with pytest.raises(ValueError, match=r"activation must be one of .*, not null"):
        get_activation(None)
