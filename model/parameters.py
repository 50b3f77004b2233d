"""Parameter types that refuse what a plain ``param.Number`` lets through.

``param.Number`` accepts booleans and reports NaN as "must be at most 1e6, not nan"; a learner
typing into a box deserves a message that says what is wrong.
"""

from __future__ import annotations

import math
import numbers
import re
import sys

import numpy as np
import param

#: The largest number of x samples a grid may hold: enough for a smooth curve on any screen,
#: small enough that 64 neurons stay interactive.
MAX_GRID_POINTS = 20_000
#: Grid ends must stay within this magnitude (the same as weights and biases).
GRID_LIMIT = 1e6


def _where(p: param.Parameter) -> str:
    owner = getattr(p, "owner", None)
    owner_name = (
        owner.name if isinstance(owner, param.Parameterized) else getattr(owner, "__name__", "")
    )
    return f"{owner_name}.{p.name}" if owner_name else str(p.name)


def _check_real(where: str, value) -> None:
    if isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{where} must be a number, not the boolean {value!r}.")
    if not isinstance(value, numbers.Real):
        raise ValueError(f"{where} must be a number, not {type(value).__name__} {value!r}.")
    if not math.isfinite(value):
        raise ValueError(f"{where} must be a finite number, not {value!r}.")


class Real(param.Number):
    """A finite real number within its bounds: no booleans, NaN or infinities."""

    def _validate(self, val):
        if not (val is None and self.allow_None):
            _check_real(_where(self), val)
        super()._validate(val)


class Grid(param.NumericTuple):
    """An x grid ``(start, stop, step)``, sampled as ``numpy.arange(start, stop, step)``.

    Validated as a whole, so a grid can never be half-changed: stop must exceed start, step must
    be positive and the grid must hold between 2 and ``MAX_GRID_POINTS`` points.
    """

    def __init__(self, default=(-5.0, 5.0, 0.1), **params):
        super().__init__(default, length=3, **params)

    def _validate(self, val):
        where = _where(self)
        if not isinstance(val, tuple) or len(val) != 3:
            raise ValueError(f"{where} must be a tuple (start, stop, step), not {val!r}.")
        for part, v in zip(("start", "stop", "step"), val, strict=True):
            _check_real(f"{where} {part}", v)
        start, stop, step = val
        if abs(start) > GRID_LIMIT or abs(stop) > GRID_LIMIT:
            raise ValueError(
                f"{where} start and stop must lie within ±{GRID_LIMIT:g}, not {val!r}."
            )
        if step <= 0:
            raise ValueError(f"{where} step must be positive, not {step!r}.")
        if stop <= start:
            raise ValueError(f"{where} stop must be greater than start, not {val!r}.")
        n = grid_size(start, stop, step)
        if not 2 <= n <= MAX_GRID_POINTS:
            raise ValueError(
                f"{where} must hold between 2 and {MAX_GRID_POINTS} points; {val!r} holds {n}."
            )
        super()._validate(val)


def grid_size(start: float, stop: float, step: float) -> int:
    """How many points ``numpy.arange(start, stop, step)`` holds, without building it.

    A step so small that the count overflows a float counts as infinitely many points.
    """
    count = (stop - start) / step
    return max(0, math.ceil(count)) if math.isfinite(count) else sys.maxsize


class HexColor(param.Color):
    """A colour as ``#rrggbb``: exactly that, nothing before or after it (not even a newline)."""

    _pattern = re.compile(r"#[0-9a-fA-F]{6}")

    def _validate(self, val):
        if not (val is None and self.allow_None) and not (
            isinstance(val, str) and self._pattern.fullmatch(val)
        ):
            raise ValueError(f"{_where(self)} must be a colour like '#ff0000', not {val!r}.")
        super()._validate(val)
