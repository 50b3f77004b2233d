"""Activation functions: each carries its maths, derivative, formula and a one-line description.

Every function here is written in a numerically stable form: for any finite input (tested up to
|z| = 1e12) it returns finite values and raises no floating-point warning. The textbook forms the
article uses, ``1/(1+exp(-z))`` with large negative z and ``log(1+exp(z))`` with large positive z,
overflow; the forms below never evaluate ``exp`` of a positive number.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .messages import Refusal, show

Array = np.ndarray


def _as_array(z) -> Array:
    return np.asarray(z, dtype=float)


def sigmoid(z) -> Array:
    z = _as_array(z)
    # exp(-|z|) is in (0, 1]: no overflow on either side.
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_derivative(z) -> Array:
    s = sigmoid(z)
    return s * (1.0 - s)


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
    t = np.tanh(_as_array(z))
    return 1.0 - t * t


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

    def __call__(self, z) -> Array:
        return self.fn(z)


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
        ),
        Activation(
            name="mish",
            label="Mish",
            symbol="mish",
            fn=mish,
            derivative=mish_derivative,
            latex=r"\mathrm{mish}(z) = z \tanh\left(\ln\left(1 + e^{z}\right)\right)",
            description="A smooth ReLU that dips slightly below zero for negative input.",
            # softplus as numpy's logaddexp(0, z) computes it: never e to a positive power.
            js=(
                "const sp = z === 0 ? Math.LN2 : z > 0 ? z + Math.log1p(Math.exp(-z))"
                " : Math.log1p(Math.exp(z)); return z * Math.tanh(sp);"
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
        ),
    )
}


def get_activation(name: str) -> Activation:
    """The registered activation called ``name``; a ``Refusal`` (a ValueError) for anything else."""
    try:
        return ACTIVATIONS[name]
    except (KeyError, TypeError):
        known = ", ".join(ACTIVATIONS)
        raise Refusal("choice.unknown", where="activation", known=known, value=show(name)) from None
