"""A shape for the network to approximate, and how far its output is from it.

(Over 300 lines on purpose: each kind of target with its codec and its score.)

A target is one of: a preset (sin x, |x|, a step, x², a Gaussian bump, a sawtooth, Nielsen's
function on [0, 1]), an article figure's own output ("rebuild nn11 with 2 neurons"), points a
learner clicked, or a typed formula (``model.expr``). ``Target.on(x)`` gives the x and y to
compare with, non-finite values left out and named; ``score(network, target)`` the mean squared
error and the largest error of the network's output there (the hidden sum, or the second layer's
output when it is on, with output weights when they are on: ``Network.__call__``).

Targets are immutable values; ``to_dict``/``from_dict`` are their form in documents and
``to_text``/``from_text`` in links.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from .expr import Formula, parse
from .messages import Message, Refusal, number_text, show
from .parameters import is_number

#: The most points a learner may click onto a plot.
MAX_POINTS = 200
#: Clicked points must lie within this magnitude.
POINT_LIMIT = 1e6

PRESET, FIGURE, POINTS, FORMULA = "preset", "figure", "points", "formula"
KINDS = (PRESET, FIGURE, POINTS, FORMULA)


@dataclass(frozen=True)
class Shape:
    """A preset target: a numpy function, its formula for people, and its own grid if it has one
    (Nielsen's function lives on [0, 1])."""

    id: str
    label: str
    text: str
    fn: Callable[[np.ndarray], np.ndarray]
    grid: tuple[float, float, float] | None = None


def _sawtooth(x: np.ndarray) -> np.ndarray:
    # Rises from -1 to 1 over each period of 2, then drops: -1 at x = -1, 1, 3, ...
    return x - 2.0 * np.floor((x + 1.0) / 2.0)


def _nielsen(x: np.ndarray) -> np.ndarray:
    return 0.2 + 0.4 * x**2 + 0.3 * x * np.sin(15 * x) + 0.05 * np.cos(50 * x)


SHAPES: dict[str, Shape] = {
    s.id: s
    for s in (
        Shape("sin", "sin x", "sin(x)", np.sin),
        Shape("abs", "|x|", "abs(x)", np.abs),
        Shape("step", "step", "0 for x < 0, 1 for x ≥ 0", lambda x: (x >= 0).astype(float)),
        Shape("square", "x²", "x**2", np.square),
        Shape("bump", "Gaussian bump", "exp(-x**2)", lambda x: np.exp(-np.square(x))),
        Shape("sawtooth", "sawtooth", "x - 2*floor((x + 1)/2)", _sawtooth),
        Shape(
            "nielsen",
            "Nielsen's function on [0, 1]",
            "0.2 + 0.4*x**2 + 0.3*x*sin(15*x) + 0.05*cos(50*x)",
            _nielsen,
            grid=(0.0, 1.0, 0.005),
        ),
    )
}


@dataclass(frozen=True)
class Sampled:
    """A target where it is compared: ``x`` and ``y`` (finite only), and a notice naming the x
    left out because the target is not finite there (None if none was)."""

    x: np.ndarray
    y: np.ndarray
    notice: Message | None = None


@dataclass(frozen=True)
class Target:
    """What the network's output should look like. Build one with the class methods."""

    kind: str
    name: str = ""  # a preset's or figure's id
    formula: Formula | None = None
    points: tuple[tuple[float, float], ...] = field(default_factory=tuple)

    # -- building ---------------------------------------------------------------------------
    @classmethod
    def preset(cls, name: str) -> Target:
        if name not in SHAPES:
            raise Refusal(
                "choice.unknown", where="target", known=", ".join(SHAPES), value=show(name)
            )
        return cls(PRESET, name=name)

    @classmethod
    def figure(cls, figure_id: str) -> Target:
        from .article import preset

        preset(figure_id)  # refuses an unknown id in the article's words
        return cls(FIGURE, name=figure_id)

    @classmethod
    def from_formula(cls, text: str) -> Target:
        return cls(FORMULA, formula=parse(text))

    @classmethod
    def from_points(cls, points) -> Target:
        """Clicked points, each (x, y); at most ``MAX_POINTS``, finite, and no two at one x."""
        if not isinstance(points, (list, tuple)):
            raise Refusal("target.points", value=show(points))
        if len(points) > MAX_POINTS:
            raise Refusal("target.too_many", most=MAX_POINTS, count=len(points))
        checked = []
        for i, p in enumerate(points):
            if not isinstance(p, (list, tuple)) or len(p) != 2:
                raise Refusal("target.point", where=f"target point {i}", value=show(p))
            for v in p:
                if not is_number(v) or not math.isfinite(v) or abs(v) > POINT_LIMIT:
                    raise Refusal(
                        "number.bounds",
                        where=f"target point {i}",
                        low=number_text(-POINT_LIMIT),
                        high=number_text(POINT_LIMIT),
                        value=show(v),
                    )
            checked.append((float(p[0]), float(p[1])))
        xs = [p[0] for p in checked]
        if len(set(xs)) != len(xs):
            raise Refusal("target.same_x")
        return cls(POINTS, points=tuple(sorted(checked)))

    def toggled(self, x: float, y: float, tolerance: float) -> Target:
        """These points with (x, y) added, or with the point within ``tolerance`` of it in x
        and y removed (a second click on a point takes it away). Another point at the same x is
        replaced."""
        kept = [
            p
            for p in self.points
            if not (abs(p[0] - x) <= tolerance and abs(p[1] - y) <= tolerance)
        ]
        if len(kept) < len(self.points):
            return Target.from_points(kept)
        return Target.from_points([p for p in kept if p[0] != x] + [(x, y)])

    # -- describing -------------------------------------------------------------------------
    @property
    def grid(self) -> tuple[float, float, float] | None:
        """The grid this target is meant for, if it has its own (Nielsen's [0, 1])."""
        return SHAPES[self.name].grid if self.kind == PRESET else None

    def label(self) -> str:
        if self.kind == PRESET:
            return SHAPES[self.name].label
        if self.kind == FIGURE:
            return f"the output of {self.name}"
        if self.kind == FORMULA:
            return str(self.formula)
        return f"{len(self.points)} point(s)"

    def __call__(self, x) -> np.ndarray:
        """The target's values at ``x`` (not defined for points: use ``on``)."""
        x = np.asarray(x, dtype=float)
        if self.kind == PRESET:
            with np.errstate(all="ignore"):
                return SHAPES[self.name].fn(x)
        if self.kind == FIGURE:
            from .article import preset

            with np.errstate(all="ignore"):
                return preset(self.name).network()(x)
        if self.kind == FORMULA:
            return self.formula(x)
        raise Refusal("target.points_only")

    def on(self, x) -> Sampled:
        """Where and what to compare: clicked points as they are; any other target at ``x``,
        non-finite values left out (with a notice) or refused if none is finite."""
        if self.kind == POINTS:
            pts = np.array(self.points, dtype=float).reshape(-1, 2)
            return Sampled(pts[:, 0], pts[:, 1])
        x = np.asarray(x, dtype=float)
        if self.kind == FORMULA:
            ev = self.formula.on_grid(x)
            return Sampled(x[ev.mask], ev.y[ev.mask], ev.notice)
        if self.grid is not None:  # a preset with its own domain is compared only there
            x = x[(x >= self.grid[0]) & (x <= self.grid[1])]
        y = self(x)
        keep = np.isfinite(y)
        return Sampled(x[keep], y[keep])

    # -- documents and links ----------------------------------------------------------------
    def to_dict(self) -> dict:
        if self.kind in (PRESET, FIGURE):
            return {"kind": self.kind, "name": self.name}
        if self.kind == FORMULA:
            return {"kind": FORMULA, "formula": str(self.formula)}
        return {"kind": POINTS, "points": [list(p) for p in self.points]}

    @classmethod
    def from_dict(cls, raw, where: str = "target") -> Target:
        """The target a document describes; a ``Refusal`` saying where for anything else."""
        if not isinstance(raw, dict):
            raise Refusal("doc.object", where=where, value=show(raw))
        kind = raw.get("kind")
        if kind not in KINDS:
            raise Refusal(
                "choice.unknown", where=f"{where}.kind", known=", ".join(KINDS), value=show(kind)
            )
        allowed = {PRESET: "name", FIGURE: "name", FORMULA: "formula", POINTS: "points"}[kind]
        for key in raw:
            if key not in ("kind", allowed):
                raise Refusal("doc.unknown_field", where=f"{where}.{key}", version=2)
        if allowed not in raw:
            raise Refusal("doc.missing", where=f"{where}.{allowed}")
        value = raw[allowed]
        if kind == PRESET:
            return cls.preset(value)
        if kind == FIGURE:
            return cls.figure(value)
        if kind == FORMULA:
            return cls.from_formula(value)
        return cls.from_points(value)

    def to_text(self) -> str:
        """The target in a link: ``sin``, ``fig.nn11``, ``f.<formula>``, ``p.x_y~x_y``."""
        if self.kind == PRESET:
            return self.name
        if self.kind == FIGURE:
            return f"fig.{self.name}"
        if self.kind == FORMULA:
            return f"f.{self.formula}"
        return "p." + "~".join(f"{number_text(x)}_{number_text(y)}" for x, y in self.points)

    @classmethod
    def from_text(cls, text: str) -> Target:
        """The target a link's text names; a ``Refusal`` for anything else."""
        if text.startswith("fig."):
            return cls.figure(text[4:])
        if text.startswith("f."):
            return cls.from_formula(text[2:])
        if text.startswith("p."):
            points = []
            body = text[2:]
            if body:
                tokens = body.split("~", MAX_POINTS + 1)
                for token in tokens:
                    parts = token.split("_")
                    try:
                        points.append(tuple(float(p) for p in parts))
                    except ValueError:
                        raise Refusal("target.point", where="target", value=show(token)) from None
            return cls.from_points(points)
        return cls.preset(text)


@dataclass(frozen=True)
class Score:
    """How far the network's output is from the target where they are compared.

    ``mse`` and ``max_error`` are None when there is nothing to compare (no points yet).
    """

    mse: float | None
    max_error: float | None
    count: int
    notice: Message | None = None


def score(network, target: Target) -> Score:
    """The mean squared error and largest absolute error of the network's output (the sum, or
    the second layer's when it is on) against ``target``, on the network's grid or at the
    clicked points."""
    sampled = target.on(network.x)
    if sampled.x.size == 0:
        return Score(None, None, 0, sampled.notice)
    with np.errstate(all="ignore"):
        error = network(sampled.x) - sampled.y
        mse = float(np.mean(error * error))
        worst = float(np.max(np.abs(error)))
    return Score(mse, worst, int(sampled.x.size), sampled.notice)


#: Where each activation's output can lie (mish's least value is at z ≈ −1.1924).
RANGES: dict[str, tuple[float, float]] = {
    "sigmoid": (0.0, 1.0),
    "tanh": (-1.0, 1.0),
    "relu": (0.0, math.inf),
    "mish": (-0.30884, math.inf),
}


def out_of_reach(network, target: Target) -> Message | None:
    """Why the network cannot draw ``target`` whatever its weights, or None if nothing forbids it.

    With the second layer on, the output is one activation's, so it stays within that
    activation's range; without it and without output weights, the sum of n curves stays within
    n times that range (a sum of sigmoids is never below 0). Output weights lift both limits.
    """
    sampled = target.on(network.x)
    if sampled.y.size == 0 or network.activation not in RANGES:
        return None
    low, high = RANGES[network.activation]
    label = network.activation
    n = len(network.neurons)
    if network.second.enabled:
        what = Message("target.what_second", activation=label)
        hint = Message("target.hint_second")
    elif not network.hidden.output_weights:
        low, high = n * low, n * high
        what = Message("target.what_sum", count=n, activation=label)
        hint = Message("target.hint_output")
    else:
        return None
    least, most = float(sampled.y.min()), float(sampled.y.max())
    if least < low:
        value, bound, side = least, low, Message("word.below")
    elif most > high:
        value, bound, side = most, high, Message("word.above")
    else:
        return None
    return Message(
        "target.out_of_reach",
        what=what,
        side=side,
        bound=number_text(round(bound, 4)),
        value=number_text(round(value, 4)),
        hint=hint,
    )
