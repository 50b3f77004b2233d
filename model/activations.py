"""Activation functions: each carries its maths, derivative, formula and a one-line description.

One file over 300 lines on purpose: each activation's numpy form sits beside its JavaScript form,
its formula and the registry entry that names them, so a change to one is seen next to the others.

Every function here is written in a numerically stable form: for any finite input (tested up to
|z| = 1e12, and the ones that square or cube z for any finite z) it returns finite values and
raises no floating-point warning (an ``exp`` that underflows to 0 is the right answer, and numpy
ignores underflow by default). The textbook forms the article uses, ``1/(1+exp(-z))`` with large
negative z and ``log(1+exp(z))`` with large positive z, overflow; the forms below never evaluate
``exp`` of a positive number.

The JavaScript forms (``js``, ``js_derivative``) are the bodies of ``function (z) {…}``, written
operation for operation as the numpy forms, so the page and the model agree to the last bits
(tests/ui/test_activation_js.py checks them in Chromium).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .messages import Refusal, show

Array = np.ndarray


def _as_array(z) -> Array:
    return np.asarray(z, dtype=float)


def _sigmoid_parts(v: Array) -> tuple[Array, Array]:
    """``(e, σ(v))`` with ``e = e^−|v|``, which σ's slope is made of (``_sigmoid_slope``)."""
    # exp(-|v|) is in (0, 1]: no overflow on either side.
    e = np.exp(-np.abs(v))
    return e, np.where(v >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _sigmoid_slope(e: Array) -> Array:
    """σ'(v) = σ(1 − σ) = e/(1 + e)² from ``e = e^−|v|``, on either side of 0: accurate in the
    tails, where 1 − σ would cancel to 0 long before the slope is 0."""
    return e / ((1.0 + e) * (1.0 + e))


def sigmoid(z) -> Array:
    return _sigmoid_parts(_as_array(z))[1]


def sigmoid_derivative(z) -> Array:
    return _sigmoid_slope(np.exp(-np.abs(_as_array(z))))


def relu(z) -> Array:
    return np.maximum(0.0, _as_array(z))


def relu_derivative(z) -> Array:
    # The derivative at exactly 0 is undefined; 0 is the usual convention.
    return (_as_array(z) > 0).astype(float)


def softplus(z) -> Array:
    """ln(1 + e^z), stable: logaddexp never forms e^z for large z."""
    return np.logaddexp(0.0, _as_array(z))


def mish(z) -> Array:
    z = _as_array(z)
    return z * np.tanh(softplus(z))


def mish_derivative(z) -> Array:
    z = _as_array(z)
    t = np.tanh(softplus(z))
    # d/dz softplus(z) = sigmoid(z); d/du tanh(u) = 1 - tanh(u)^2
    return t + z * (1.0 - t * t) * sigmoid(z)


def tanh(z) -> Array:
    return np.tanh(_as_array(z))


def tanh_derivative(z) -> Array:
    # 1 − tanh² = 4e/(1 + e)² with e = e^−2|z|: 1 − t·t cancels once t rounds to ±1, and the two
    # maths libraries (numpy's, the page's) round t to ±1 at different z.
    # e^−|z| squared, since 2|z| overflows for the largest doubles.
    h = np.exp(-np.abs(_as_array(z)))
    e = h * h
    return 4.0 * e / ((1.0 + e) * (1.0 + e))


#: Leaky ReLU's slope for negative input.
LEAKY_SLOPE = 0.01
#: The step's value at exactly 0: the limit of a sigmoid made ever steeper, σ(w·0) = 1/2 for
#: every weight (numpy's ``heaviside(z, 0.5)``).
STEP_AT_ZERO = 0.5
#: GELU's tanh approximation, written as z·σ(2u): 0.5·(1 + tanh(u)) = σ(2u), which keeps its
#: negative tail accurate instead of cancelling 1 + tanh(u) to 0. ``GELU_K`` is 2·√(2/π).
GELU_A = 0.044715
GELU_K = 2.0 * 0.7978845608028654
#: Inputs are clipped to ±this before they are cubed or squared (GELU, Gaussian): beyond it the
#: result is already exactly saturated (σ is 0 or 1, e^(−z²) is 0), and cubing 1e103 overflows.
CLIP = 1e3


def leaky_relu(z) -> Array:
    z = _as_array(z)
    return np.where(z > 0, z, LEAKY_SLOPE * z)


def leaky_relu_derivative(z) -> Array:
    # At exactly 0 the slope is taken from the left, as ReLU's is.
    return np.where(_as_array(z) > 0, 1.0, LEAKY_SLOPE)


def elu(z) -> Array:
    z = _as_array(z)
    # expm1 is accurate near 0, where e^z − 1 cancels; min(z, 0) keeps e^z from overflowing in
    # the branch np.where evaluates but discards.
    return np.where(z > 0, z, np.expm1(np.minimum(z, 0.0)))


def elu_derivative(z) -> Array:
    z = _as_array(z)
    return np.where(z > 0, 1.0, np.exp(np.minimum(z, 0.0)))


def _gelu_parts(z: Array):
    c = np.clip(z, -CLIP, CLIP)
    v = GELU_K * (c + GELU_A * c * c * c)  # 2u, u = √(2/π)(z + 0.044715 z³)
    e, s = _sigmoid_parts(v)  # σ(2u)
    return c, e, s


def gelu(z) -> Array:
    z = _as_array(z)
    return z * _gelu_parts(z)[2]


def gelu_derivative(z) -> Array:
    z = _as_array(z)
    c, e, s = _gelu_parts(z)
    dv = GELU_K * (1.0 + 3.0 * GELU_A * c * c)
    # z times σ'(v) comes first: it is 0 wherever |z| is large, and z·dv could overflow.
    return s + z * _sigmoid_slope(e) * dv


def silu(z) -> Array:
    z = _as_array(z)
    return z * sigmoid(z)


def silu_derivative(z) -> Array:
    z = _as_array(z)
    e, s = _sigmoid_parts(z)
    return s + z * _sigmoid_slope(e)


def softplus_derivative(z) -> Array:
    return sigmoid(z)


def step(z) -> Array:
    z = _as_array(z)
    return np.where(z > 0, 1.0, np.where(z < 0, 0.0, STEP_AT_ZERO))


def step_derivative(z) -> Array:
    # 0 everywhere it exists (at 0 it does not; 0 by the same convention as ReLU's kink).
    return np.zeros_like(_as_array(z))


def gaussian(z) -> Array:
    c = np.clip(_as_array(z), -CLIP, CLIP)
    return np.exp(-(c * c))


def gaussian_derivative(z) -> Array:
    c = np.clip(_as_array(z), -CLIP, CLIP)
    return -2.0 * c * np.exp(-(c * c))


def sine(z) -> Array:
    return np.sin(_as_array(z))


def sine_derivative(z) -> Array:
    return np.cos(_as_array(z))


def identity(z) -> Array:
    return np.array(z, dtype=float)  # a copy: a caller may write into what it gets


def identity_derivative(z) -> Array:
    return np.ones_like(_as_array(z))


@dataclass(frozen=True)
class Activation:
    """One activation function with everything a view needs to explain it."""

    name: str  # registry key, used in URLs and JSON
    label: str  # human name
    symbol: str  # short symbol for formulas, e.g. "σ"
    fn: Callable[[Array], Array]
    derivative: Callable[[Array], Array]
    latex: str
    description: str
    #: The same function in JavaScript, for the page that draws the curves: the body of
    #: ``function (z) {…}`` for one number, in the same numerically stable form as ``fn``.
    js: str
    #: ``derivative`` in JavaScript, likewise.
    js_derivative: str
    #: The formula as plain text, for places that show no LaTeX.
    formula: str
    #: Where the picker lists it: one of ``GROUPS``.
    group: str
    #: The value and the derivative at once, where they share work (the derivative view
    #: computes both in one loop): the body of ``function (z, d, k) {…}`` that stores the
    #: derivative in ``d[k]`` and returns the value, each with the operations of ``js`` and
    #: ``js_derivative``, so the numbers are the same to the bit. Empty: the two called in turn.
    js_both: str = ""

    def __call__(self, z) -> Array:
        return self.fn(z)


#: The picker's groups, in its order: the article's three first.
ARTICLE, RELU_FAMILY, SQUASHING, OTHER = "From the article", "ReLU family", "Squashing", "Other"
GROUPS = (ARTICLE, RELU_FAMILY, SQUASHING, OTHER)

# JavaScript pieces the forms below share, each the numpy form's operations in the same order.
# σ(v) into ``s`` with e = e^−|v| kept in ``e``, as ``sigmoid`` computes it:
_JS_SIGMOID = "const e = Math.exp(-Math.abs({v})); const s = {v} >= 0 ? 1 / (1 + e) : e / (1 + e);"
# ln(1 + e^z) as numpy's logaddexp(0, z) computes it: never e to a positive power.
_JS_SOFTPLUS = (
    "const sp = z === 0 ? Math.LN2 : z > 0 ? z + Math.log1p(Math.exp(-z))"
    " : Math.log1p(Math.exp(z));"
)
_JS_CLIP = f"const c = Math.min(Math.max(z, {-CLIP!r}), {CLIP!r});"
_JS_GELU = f"{_JS_CLIP} const v = {GELU_K!r} * (c + {GELU_A!r} * c * c * c); " + (
    _JS_SIGMOID.format(v="v")
)

ACTIVATIONS: dict[str, Activation] = {
    a.name: a
    for a in (
        Activation(
            name="sigmoid",
            label="Sigmoid",
            symbol="σ",
            fn=sigmoid,
            derivative=sigmoid_derivative,
            latex=r"\sigma(z) = \frac{1}{1 + e^{-z}}",
            description="Squashes any input into (0, 1): a smooth step.",
            js="const e = Math.exp(-Math.abs(z)); return z >= 0 ? 1 / (1 + e) : e / (1 + e);",
            js_derivative="const e = Math.exp(-Math.abs(z)); return e / ((1 + e) * (1 + e));",
            formula="σ(z) = 1 / (1 + e^(−z))",
            group=ARTICLE,
            js_both=(
                "const e = Math.exp(-Math.abs(z)); d[k] = e / ((1 + e) * (1 + e));"
                " return z >= 0 ? 1 / (1 + e) : e / (1 + e);"
            ),
        ),
        Activation(
            name="relu",
            label="ReLU",
            symbol="ReLU",
            fn=relu,
            derivative=relu_derivative,
            latex=r"\mathrm{ReLU}(z) = \max(0, z)",
            description="Zero for negative input, the input itself otherwise: a hinge.",
            js="return z > 0 ? z : 0;",
            js_derivative="return z > 0 ? 1 : 0;",
            formula="ReLU(z) = max(0, z)",
            group=ARTICLE,
        ),
        Activation(
            name="mish",
            label="Mish",
            symbol="mish",
            fn=mish,
            derivative=mish_derivative,
            latex=r"\mathrm{mish}(z) = z \tanh\left(\ln\left(1 + e^{z}\right)\right)",
            description="A smooth ReLU that dips slightly below zero for negative input.",
            js=f"{_JS_SOFTPLUS} return z * Math.tanh(sp);",
            js_derivative=(
                f"{_JS_SOFTPLUS} const t = Math.tanh(sp); {_JS_SIGMOID.format(v='z')}"
                " return t + z * (1 - t * t) * s;"
            ),
            formula="mish(z) = z · tanh(ln(1 + e^z))",
            group=ARTICLE,
            js_both=(
                f"{_JS_SOFTPLUS} const t = Math.tanh(sp); {_JS_SIGMOID.format(v='z')}"
                " d[k] = t + z * (1 - t * t) * s; return z * t;"
            ),
        ),
        Activation(
            name="tanh",
            label="tanh",
            symbol="tanh",
            fn=tanh,
            derivative=tanh_derivative,
            latex=r"\tanh(z) = \frac{e^{z} - e^{-z}}{e^{z} + e^{-z}}",
            description="Squashes any input into (-1, 1): a sigmoid centred on zero.",
            js="return Math.tanh(z);",
            js_derivative=(
                "const h = Math.exp(-Math.abs(z)); const e = h * h;"
                " return 4 * e / ((1 + e) * (1 + e));"
            ),
            formula="tanh(z) = (e^z − e^(−z)) / (e^z + e^(−z))",
            group=SQUASHING,
        ),
        Activation(
            name="leaky_relu",
            label="Leaky ReLU",
            symbol="LReLU",
            fn=leaky_relu,
            derivative=leaky_relu_derivative,
            latex=rf"\mathrm{{LReLU}}(z) = \max({LEAKY_SLOPE!r}\,z,\ z)",
            description=(
                "ReLU with slope 0.01 below zero, so a neuron that is off still passes a "
                "gradient and cannot die; used in GAN discriminators."
            ),
            js=f"return z > 0 ? z : {LEAKY_SLOPE!r} * z;",
            js_derivative=f"return z > 0 ? 1 : {LEAKY_SLOPE!r};",
            formula=f"LReLU(z) = max({LEAKY_SLOPE!r}·z, z)",
            group=RELU_FAMILY,
        ),
        Activation(
            name="elu",
            label="ELU",
            symbol="ELU",
            fn=elu,
            derivative=elu_derivative,
            latex=r"\mathrm{ELU}(z) = \begin{cases} z & z > 0 \\ e^{z} - 1 & z \le 0 \end{cases}",
            description=(
                "ReLU above zero, a smooth curve down to −1 below it: outputs averaging near "
                "zero made deep networks train faster (Clevert et al., 2015)."
            ),
            js="return z > 0 ? z : Math.expm1(z);",
            js_derivative="return z > 0 ? 1 : Math.exp(z);",
            formula="ELU(z) = z if z > 0, else e^z − 1",
            group=RELU_FAMILY,
        ),
        Activation(
            name="gelu",
            label="GELU (tanh approx.)",
            symbol="GELU",
            fn=gelu,
            derivative=gelu_derivative,
            latex=(
                r"\mathrm{GELU}(z) \approx \tfrac{1}{2} z \left(1 + \tanh\left("
                r"\sqrt{2/\pi}\,\left(z + 0.044715\, z^{3}\right)\right)\right)"
            ),
            description=(
                "The tanh approximation of GELU, z·Φ(z), used by BERT and GPT-2: a smooth ReLU "
                "that scales z by the chance a standard normal value lies below it."
            ),
            js=f"{_JS_GELU} return z * s;",
            js_derivative=(
                f"{_JS_GELU} const dv = {GELU_K!r} * (1 + 3 * {GELU_A!r} * c * c);"
                " return s + z * (e / ((1 + e) * (1 + e))) * dv;"
            ),
            formula="GELU(z) ≈ ½·z·(1 + tanh(√(2/π)·(z + 0.044715·z³)))",
            group=RELU_FAMILY,
            js_both=(
                f"{_JS_GELU} const dv = {GELU_K!r} * (1 + 3 * {GELU_A!r} * c * c);"
                " d[k] = s + z * (e / ((1 + e) * (1 + e))) * dv; return z * s;"
            ),
        ),
        Activation(
            name="silu",
            label="SiLU / Swish",
            symbol="SiLU",
            fn=silu,
            derivative=silu_derivative,
            latex=r"\mathrm{SiLU}(z) = z\,\sigma(z) = \frac{z}{1 + e^{-z}}",
            description=(
                "z·σ(z), found by an automated search (Swish): a smooth ReLU with a small dip, "
                "used in EfficientNet and, as SwiGLU, in LLaMA."
            ),
            js=_JS_SIGMOID.format(v="z") + " return z * s;",
            js_derivative=_JS_SIGMOID.format(v="z") + " return s + z * (e / ((1 + e) * (1 + e)));",
            formula="SiLU(z) = z · σ(z) = z / (1 + e^(−z))",
            group=RELU_FAMILY,
            js_both=(
                _JS_SIGMOID.format(v="z") + " d[k] = s + z * (e / ((1 + e) * (1 + e)));"
                " return z * s;"
            ),
        ),
        Activation(
            name="softplus",
            label="Softplus",
            symbol="softplus",
            fn=softplus,
            derivative=softplus_derivative,
            latex=r"\mathrm{softplus}(z) = \ln\left(1 + e^{z}\right)",
            description=(
                "A smooth ReLU that is never zero and whose slope is the sigmoid; used where an "
                "output must stay positive, such as a standard deviation."
            ),
            js=f"{_JS_SOFTPLUS} return sp;",
            js_derivative=_JS_SIGMOID.format(v="z") + " return s;",
            formula="softplus(z) = ln(1 + e^z)",
            group=RELU_FAMILY,
        ),
        Activation(
            name="step",
            label="Step (Heaviside)",
            symbol="H",
            fn=step,
            derivative=step_derivative,
            latex=(
                r"H(z) = \begin{cases} 1 & z > 0 \\ \tfrac{1}{2} & z = 0 \\ 0 & z < 0 "
                r"\end{cases}"
            ),
            description=(
                "The first perceptrons' all-or-nothing output (½ at exactly 0): its slope is 0 "
                "wherever it has one, so gradient descent cannot train it."
            ),
            js=f"return z > 0 ? 1 : z < 0 ? 0 : {STEP_AT_ZERO!r};",
            js_derivative="return 0;",
            formula="H(z) = 1 if z > 0, ½ if z = 0, 0 if z < 0",
            group=SQUASHING,
        ),
        Activation(
            name="gaussian",
            label="Gaussian",
            symbol="gauss",
            fn=gaussian,
            derivative=gaussian_derivative,
            latex=r"\mathrm{gauss}(z) = e^{-z^{2}}",
            description=(
                "A bump instead of a step, as in radial basis function networks: each neuron "
                "answers only near w·x = b."
            ),
            js=f"{_JS_CLIP} return Math.exp(-(c * c));",
            js_derivative=f"{_JS_CLIP} return -2 * c * Math.exp(-(c * c));",
            formula="gauss(z) = e^(−z²)",
            group=OTHER,
            js_both=f"{_JS_CLIP} const g = Math.exp(-(c * c)); d[k] = -2 * c * g; return g;",
        ),
        Activation(
            name="sine",
            label="Sine",
            symbol="sin",
            fn=sine,
            derivative=sine_derivative,
            latex=r"\sin(z)",
            description=(
                "Periodic: SIREN networks use it to fit images, sounds and shapes in fine "
                "detail; a few neurons already make waves."
            ),
            js="return Math.sin(z);",
            js_derivative="return Math.cos(z);",
            formula="sin(z)",
            group=OTHER,
        ),
        Activation(
            name="identity",
            label="Identity (none)",
            symbol="id",
            fn=identity,
            derivative=identity_derivative,
            latex=r"\mathrm{id}(z) = z",
            description=(
                "No activation: the network stays a straight line however many neurons and "
                "layers it has; used for a regression's output."
            ),
            js="return z;",
            js_derivative="return 1;",
            formula="id(z) = z",
            group=OTHER,
        ),
    )
}


def grouped() -> dict[str, list[Activation]]:
    """The activations as the picker lists them: ``GROUPS`` in order, registry order within."""
    return {g: [a for a in ACTIVATIONS.values() if a.group == g] for g in GROUPS}


def get_activation(name: str) -> Activation:
    """The registered activation called ``name``; a ``Refusal`` (a ValueError) for anything else."""
    try:
        return ACTIVATIONS[name]
    except (KeyError, TypeError):
        known = ", ".join(ACTIVATIONS)
        raise Refusal("choice.unknown", where="activation", known=known, value=show(name)) from None
