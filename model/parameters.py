"""Parameter types that declare their rule once and say, in the model's words, what breaks it.

``param.Number`` accepts booleans and reports NaN as "must be at most 1e6, not nan"; a learner
typing into a box deserves a message that says what is wrong. Each type here has a ``check``
that the parameter runs on every assignment, and that the JSON and URL codecs run on raw input
with their own ``where`` (``network.neurons[2].weight``), so every path refuses a value for the
same reason in the same words (``model.messages``).
"""

from __future__ import annotations

import math
import numbers
import re

import numpy as np
import param

from .messages import Refusal, count_text, number_text, show

#: The largest number of x samples a grid may hold: enough for a smooth curve on any screen,
#: small enough that 64 neurons stay interactive.
MAX_GRID_POINTS = 20_000
#: Grid ends must stay within this magnitude (the same as weights and biases).
GRID_LIMIT = 1e6


def where_of(p: param.Parameter) -> str:
    """``Owner.name`` of a parameter, for messages about assignments made in Python."""
    owner = getattr(p, "owner", None)
    if isinstance(owner, param.Parameterized):
        owner = type(owner)
    owner_name = getattr(owner, "__name__", "")
    return f"{owner_name}.{p.name}" if owner_name else str(p.name)


def is_number(value) -> bool:
    """A real number that is not a boolean (JSON's ``true`` is not 1)."""
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))


def check_finite(value, where: str) -> None:
    if not is_number(value) or not math.isfinite(value):
        raise Refusal("number.not_finite", where=where, value=show(value))


class _Checked:
    """Runs the parameter's ``check`` on every assignment, then param's own validation; None
    passes to param unchecked where the parameter allows None. Goes first among the bases."""

    __slots__ = ()

    def _validate(self, val):
        if not (val is None and self.allow_None):
            self.check(val, where_of(self))
        super()._validate(val)


class Real(_Checked, param.Number):
    """A finite real number within its bounds: no booleans, NaN or infinities."""

    def check(self, value, where: str) -> None:
        check_finite(value, where)
        if self.bounds is not None:
            low, high = self.bounds
            if (low is not None and value < low) or (high is not None and value > high):
                raise Refusal(
                    "number.bounds",
                    where=where,
                    low=number_text(low),
                    high=number_text(high),
                    value=show(value),
                )


class Flag(_Checked, param.Boolean):
    """True or False, and nothing that merely looks like it (1, "yes")."""

    def check(self, value, where: str) -> None:
        if not isinstance(value, (bool, np.bool_)):
            raise Refusal("flag.not_bool", where=where, value=show(value))


class Choice(_Checked, param.Selector):
    """One of a fixed list of names (an activation, a figure)."""

    def check(self, value, where: str) -> None:
        if not isinstance(value, str) or value not in self.objects:
            known = ", ".join(str(o) for o in self.objects)
            raise Refusal("choice.unknown", where=where, known=known, value=show(value))


def grid_size(start: float, stop: float, step: float) -> int:
    """How many points ``numpy.arange(start, stop, step)`` holds, without building it.

    A step so small that the count overflows a float counts as infinitely many points.
    """
    count = (stop - start) / step
    return max(0, math.ceil(count)) if math.isfinite(count) else 2**63 - 1


class Grid(_Checked, param.NumericTuple):
    """An x grid ``(start, stop, step)``, sampled as ``numpy.arange(start, stop, step)``.

    Validated as a whole, so a grid can never be half-changed: stop must exceed start, step must
    be positive and the grid must hold between 2 and ``MAX_GRID_POINTS`` points.
    """

    def __init__(self, default=(-5.0, 5.0, 0.1), **params):
        super().__init__(default, length=3, **params)

    def check(self, value, where: str) -> None:
        if not isinstance(value, tuple) or len(value) != 3:
            raise Refusal("grid.shape", where=where, value=show(value))
        for part, v in zip(("start", "stop", "step"), value, strict=True):
            check_finite(v, f"{where} {part}")
        start, stop, step = value
        shown = show(value)
        if abs(start) > GRID_LIMIT or abs(stop) > GRID_LIMIT:
            raise Refusal("grid.ends", where=where, limit=f"{GRID_LIMIT:g}", value=shown)
        if step <= 0:
            raise Refusal("grid.step", where=where, value=show(step))
        if stop <= start:
            raise Refusal("grid.order", where=where, value=shown)
        n = grid_size(start, stop, step)
        if not 2 <= n <= MAX_GRID_POINTS:
            raise Refusal(
                "grid.points",
                where=where,
                most=f"{MAX_GRID_POINTS:,}",
                value=shown,
                count=count_text(n),
            )


class HexColor(_Checked, param.Color):
    """A colour as ``#rrggbb``: exactly that, nothing before or after it (not even a newline).

    Colour names are not colours here: a name means different things to different renderers.
    """

    _pattern = re.compile(r"#[0-9a-fA-F]{6}")
    _loose = re.compile(r"#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})")

    @classmethod
    def canonical(cls, value) -> str | None:
        """``value`` as ``#rrggbb`` in lower case, the one form the model keeps; None if it is
        not hex with or without ``#``, of three or six digits, with nothing around it."""
        if not isinstance(value, str) or len(value) > 32:
            return None
        m = cls._loose.fullmatch(value)
        if not m:
            return None
        digits = m.group(1).lower()
        if len(digits) == 3:
            digits = "".join(c * 2 for c in digits)
        return "#" + digits

    def check(self, value, where: str) -> None:
        if not (isinstance(value, str) and self._pattern.fullmatch(value)):
            raise Refusal("color.format", where=where, value=show(value))


class YRange(param.Range):
    """None, or y-limits ``(low, high)``: finite, within the bounds, low below high."""

    def check(self, value, where: str) -> None:
        if value is None:
            return
        if not isinstance(value, (list, tuple)) or len(value) != 2:
            raise Refusal("ylim.shape", where=where, value=show(value))
        low_high = Real(bounds=self.bounds)
        for name, v in zip(("low", "high"), value, strict=True):
            low_high.check(v, f"{where} {name}")
        if not value[0] < value[1]:
            raise Refusal(
                "ylim.order", where=where, low=number_text(value[0]), high=number_text(value[1])
            )

    def _validate(self, val):
        self.check(val, where_of(self))
        super()._validate(None if val is None else tuple(val))


class Indices(_Checked, param.List):
    """Distinct neuron indices, in increasing order (which neurons' curves a view hides)."""

    def check(self, value, where: str, count: int | None = None) -> None:
        """``count``: how many neurons there are (indices must be below it), if known."""
        if not isinstance(value, (list, tuple)):
            raise Refusal("indices.shape", where=where, value=show(value))
        seen = set()
        last = "∞" if count is None else str(count - 1)
        for i, v in enumerate(value):
            ok = isinstance(v, numbers.Integral) and not isinstance(v, (bool, np.bool_))
            if not ok or v < 0 or (count is not None and v >= count):
                raise Refusal("indices.range", where=f"{where}[{i}]", last=last, value=show(v))
            if int(v) in seen:
                raise Refusal("indices.repeated", where=f"{where}[{i}]", index=int(v))
            seen.add(int(v))
