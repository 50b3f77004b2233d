"""The model at its limits: the steepest network the sliders allow, and where no float may warn.

Used by the tests that prove the curves, their slopes and the depth stack finite and silent for
weights, biases and inputs at ±1e6.
"""

from __future__ import annotations

import contextlib
import warnings

import numpy as np

#: Three neurons at the limits, every sign: repeated, they fill a layer with the steepest
#: kinks at the grid's ends.
STEEPEST = [(1e6, -1e6), (-1e6, 1e6), (1e6, 1e6)]


def extreme_network(activation: str, copies: int = 20, second: bool = True, step: float = 1e3):
    """A ``Network`` of ``copies`` × ``STEEPEST`` neurons at ``activation``, on a grid over
    -1e6 … 1e6 in steps of ``step``; with ``second``, its second layer on at (1e6, -1e6)."""
    from model import Network

    net = Network()
    net.configure(
        activation=activation,
        neurons=STEEPEST * copies,
        second=(1e6, -1e6) if second else None,
        second_enabled=True if second else None,
        grid=(-1e6, 1e6, step),
    )
    return net


@contextlib.contextmanager
def finite_and_silent():
    """Any warning raises, and so does every floating-point problem but underflow: overflow,
    0/0, inf − inf, division by zero. Underflow to 0 is the right answer at the extremes, and
    numpy ignores it by default."""
    with warnings.catch_warnings(), np.errstate(over="raise", invalid="raise", divide="raise"):
        warnings.simplefilter("error")
        yield
