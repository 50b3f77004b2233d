"""Activations: known values, an independent oracle at every grid point, derivatives against
finite differences, extreme inputs, the picker's groups, and the codecs that name them."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from harness.extremes import finite_and_silent
from harness.oracle import DERIVATIVE, STABLE
from model import ACTIVATIONS, Network, from_query, get_activation, load_json, to_json, to_query
from model.activations import GROUPS, STEP_AT_ZERO, grouped
from model.article import FIGURES

NAMES = list(ACTIVATIONS)
ARTICLE_FOUR = ["sigmoid", "relu", "mish", "tanh"]
ADDED = ["leaky_relu", "elu", "gelu", "silu", "softplus", "step", "gaussian", "sine", "identity"]


def test_registry_holds_the_article_four_then_the_added_nine():
    assert NAMES == ARTICLE_FOUR + ADDED


@pytest.mark.parametrize("name", NAMES)
def test_each_entry_explains_itself(name):
    a = ACTIVATIONS[name]
    assert a.name == name
    assert a.label and a.symbol and a.description and a.latex and a.formula
    assert a.js and a.js_derivative
    assert callable(a.fn) and callable(a.derivative)
    assert "\n" not in a.description and len(a.description) <= 160
    assert a.group in GROUPS


def test_the_picker_lists_the_articles_activations_first():
    groups = grouped()
    assert list(groups) == list(GROUPS)
    article = [a.name for a in groups[GROUPS[0]]]
    # The article's figures use exactly these, in the order the article meets them.
    used = list(dict.fromkeys(fig.activation for fig in FIGURES.values()))
    assert article == used == ["sigmoid", "relu", "mish"]
    assert sorted(a.name for g in groups.values() for a in g) == sorted(NAMES)


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
    "leaky_relu": [(-2.0, -0.02), (0.0, 0.0), (3.5, 3.5)],
    "elu": [(-1.0, math.exp(-1) - 1), (0.0, 0.0), (2.0, 2.0), (-1e-10, math.expm1(-1e-10))],
    # The tanh approximation at 1 and −1 (PyTorch's gelu(approximate="tanh") prints 0.8412).
    "gelu": [
        (0.0, 0.0),
        (1.0, 0.5 * (1 + math.tanh(math.sqrt(2 / math.pi) * (1 + 0.044715)))),
        (-1.0, -0.5 * (1 - math.tanh(math.sqrt(2 / math.pi) * (1 + 0.044715)))),
    ],
    "silu": [(0.0, 0.0), (1.0, 0.7310585786300049), (-1.0, -0.2689414213699951)],
    "softplus": [(0.0, math.log(2)), (1.0, math.log1p(math.e)), (-30.0, math.log1p(math.exp(-30)))],
    "step": [(-1e-300, 0.0), (0.0, STEP_AT_ZERO), (1e-300, 1.0), (7.0, 1.0)],
    "gaussian": [(0.0, 1.0), (1.0, math.exp(-1)), (-2.0, math.exp(-4))],
    "sine": [(0.0, 0.0), (math.pi / 2, 1.0), (-1.0, math.sin(-1.0))],
    "identity": [(-2.5, -2.5), (0.0, 0.0), (1e6, 1e6)],
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
    if name == "gelu":
        assert float(a(np.array([1.0]))[0]) == pytest.approx(0.8411919906082768, abs=1e-15)


def test_the_step_is_one_half_at_zero_and_says_so():
    a = ACTIVATIONS["step"]
    assert STEP_AT_ZERO == 0.5 and float(a(0.0)) == 0.5 and float(a(-0.0)) == 0.5
    assert "½" in a.description and r"\tfrac{1}{2} & z = 0" in a.latex


#: Every grid the figures use, a dense one, and magnitudes up to what a second layer can see.
GRID = np.unique(
    np.concatenate(
        [
            np.arange(-5, 5, 0.1),
            np.arange(-5, 10, 0.1),
            np.linspace(-40, 40, 8001),
            np.geomspace(1e-12, 1e20, 400),
            -np.geomspace(1e-12, 1e20, 400),
        ]
    )
)


@pytest.mark.parametrize("name", NAMES)
def test_values_and_derivatives_match_the_oracle_at_every_grid_point(name):
    a = ACTIVATIONS[name]
    with np.errstate(under="ignore"):
        want, dwant = STABLE[name](GRID), DERIVATIVE[name](GRID)
    kink = (
        np.abs(GRID) == 0 if name in ("relu", "leaky_relu", "step") else np.zeros_like(GRID, bool)
    )
    np.testing.assert_allclose(a(GRID), want, rtol=1e-12, atol=1e-13)
    np.testing.assert_allclose(a.derivative(GRID)[~kink], dwant[~kink], rtol=1e-12, atol=1e-13)


KINKED = {"relu", "leaky_relu", "elu", "step"}


@pytest.mark.parametrize("name", NAMES)
def test_derivative_matches_central_difference(name):
    a = ACTIVATIONS[name]
    z = np.linspace(-8, 8, 321)
    if name in KINKED:
        z = z[np.abs(z) > 1e-3]  # at a kink the two sides' slopes differ
    h = 1e-6
    fd = (a(z + h) - a(z - h)) / (2 * h)
    np.testing.assert_allclose(a.derivative(z), fd, rtol=0, atol=1e-7)


EXTREMES = np.array([-1e12, -1e6, -710.0, -50.0, -1e-300, 0.0, 1e-300, 50.0, 710.0, 1e6, 1e12])
#: Where cubing or squaring z would overflow, and beyond: the largest doubles.
HUGE = np.array([-1.7976931348623157e308, -1e200, -1e103, -1e20, 1e20, 1e103, 1e200, 1.79e308])


@pytest.mark.parametrize("name", NAMES)
def test_extreme_inputs_are_finite_and_silent(name):
    a = ACTIVATIONS[name]
    with finite_and_silent():  # underflow to 0 is right there; any other problem is an error
        for z in (EXTREMES, HUGE):
            y, dy = a(z), a.derivative(z)
            assert np.all(np.isfinite(y)) and np.all(np.isfinite(dy)), (z, y, dy)


def test_extreme_limits_are_right():
    big = np.array([-1e6, 1e6])
    assert list(ACTIVATIONS["sigmoid"](big)) == [0.0, 1.0]
    assert list(ACTIVATIONS["mish"](big)) == [0.0, 1e6]
    assert list(ACTIVATIONS["relu"](big)) == [0.0, 1e6]
    assert list(ACTIVATIONS["leaky_relu"](big)) == [-1e4, 1e6]
    assert list(ACTIVATIONS["elu"](big)) == [-1.0, 1e6]
    assert list(ACTIVATIONS["gelu"](big)) == [0.0, 1e6]
    assert list(ACTIVATIONS["silu"](big)) == [0.0, 1e6]
    assert list(ACTIVATIONS["softplus"](big)) == [0.0, 1e6]
    assert list(ACTIVATIONS["step"](big)) == [0.0, 1.0]
    assert list(ACTIVATIONS["gaussian"](big)) == [0.0, 0.0]
    assert list(ACTIVATIONS["identity"](big)) == [-1e6, 1e6]
    slopes = {name: list(a.derivative(big)) for name, a in ACTIVATIONS.items()}
    assert slopes["leaky_relu"] == [0.01, 1.0] and slopes["elu"] == [0.0, 1.0]
    assert slopes["gelu"] == [0.0, 1.0] and slopes["silu"] == [0.0, 1.0]
    assert slopes["sigmoid"] == [0.0, 0.0] and slopes["tanh"] == [0.0, 0.0]


def test_the_identity_hands_out_a_copy():
    z = np.array([1.0, 2.0])
    y = ACTIVATIONS["identity"](z)
    y[0] = 9.0
    assert z[0] == 1.0


@given(st.floats(min_value=-700, max_value=700))
def test_stable_forms_agree_with_textbook_forms(z):
    # Within the range where the textbook forms do not overflow, they are the same function.
    assert float(ACTIVATIONS["sigmoid"](z)) == pytest.approx(1 / (1 + math.exp(-z)), rel=1e-12)
    textbook_mish = z * math.tanh(math.log1p(math.exp(z)))
    assert float(ACTIVATIONS["mish"](z)) == pytest.approx(textbook_mish, rel=1e-12, abs=1e-300)
    assert float(ACTIVATIONS["silu"](z)) == pytest.approx(z / (1 + math.exp(-z)), rel=1e-12)
    elu = z if z > 0 else math.expm1(z)
    assert float(ACTIVATIONS["elu"](z)) == pytest.approx(elu, rel=1e-15)
    u = math.sqrt(2 / math.pi) * (z + 0.044715 * z**3)
    textbook_gelu = 0.5 * z * (1 + math.tanh(u))
    # 1 + tanh(u) cancels in the textbook form's left tail: there it is only close absolutely.
    assert float(ACTIVATIONS["gelu"](z)) == pytest.approx(textbook_gelu, rel=1e-12, abs=1e-15)


def test_unknown_activation_is_a_clear_error():
    with pytest.raises(ValueError, match=r"activation must be one of sigmoid, .*, not 'swish'"):
        get_activation("swish")
    with pytest.raises(ValueError, match=r"activation must be one of .*, not null"):
        get_activation(None)


@pytest.mark.parametrize("name", ADDED)
def test_the_url_and_json_codecs_carry_every_new_name(name):
    net = Network()
    net.configure(activation=name, neurons=[(1.5, -0.5), (-2.0, 1.0)], second_enabled=True)
    query = to_query(net)
    assert query["act"] == name
    back = from_query({k: [v] for k, v in query.items()})
    assert back.network.activation == name and not back.notices
    assert load_json(to_json(net)).network.activation == name
    np.testing.assert_array_equal(back.network.curves()["deep"], net.curves()["deep"])
