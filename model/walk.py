"""The guided walk through the article: its figures in order, each with tasks that check
themselves against the network.

A step is a figure of the article (``model.article``), the key of its explanation in the text
catalogues (``model.lang``) and one or two tasks. A task's check is data, not code: a list of
conditions, each a *quantity* of the network (from the closed table ``QUANTITIES``), a
comparison and a value::

    Task("double", [Condition("weight_ratio", 0, "≈", 2.0, tol=0.05)])

holds when neuron 1's weight is twice what it was when the step opened (within 0.05). A view
shows a ✓ for each task whose ``holds(network, start)`` is true, and never decides anything
itself. Every quantity is computed from the network's parameters and curves on its grid.

Public contract::

    from model.walk import STEPS, step_of
    STEPS[0].figure                      # "nn6"
    task = STEPS[0].tasks[0]
    task.holds(network, start)           # start: the network as the step opened it

A step always opens its figure as the article draws it, so ``start`` is that figure's network
(``model.article.figure``): the same after a reload or from a link. What a browser keeps of a
learner's walk (the last step reached and the tasks done) is a ``Progress``, written as short
JSON text and read back leniently, as anything a browser sends is.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from .network import Network

#: A condition's comparisons: about equal (within ``tol``), at least, at most, is exactly.
OPS = ("≈", "≥", "≤", "is")


def _neuron(net: Network, i: int):
    neurons = net.neurons
    return neurons[i] if 0 <= i < len(neurons) else None


def _param(name: str) -> Callable[[Network, Network, int], float]:
    def read(net: Network, _start: Network, i: int) -> float:
        neuron = _neuron(net, i)
        return float(getattr(neuron, name)) if neuron is not None else float("nan")

    return read


def _weight_ratio(net: Network, start: Network, i: int) -> float:
    """Neuron i's weight over its weight when the step opened (its steepness, relatively)."""
    now, then = _neuron(net, i), _neuron(start, i)
    if now is None or then is None or then.weight == 0:
        return float("nan")
    return float(now.weight / then.weight)


def _centre(net: Network, _start: Network, i: int) -> float:
    """Where neuron i's input w·x − b is 0: the middle of its step (b / w); NaN for w = 0."""
    neuron = _neuron(net, i)
    if neuron is None or neuron.weight == 0:
        return float("nan")
    return float(neuron.bias / neuron.weight)


def _curve(net: Network, name: str) -> np.ndarray | None:
    curves = net.curves()
    if name.startswith("n"):
        i = int(name[1:])
        return curves["neurons"][i] if 0 <= i < len(curves["neurons"]) else None
    return curves[name]


def _extreme(pick: Callable[[np.ndarray], float]):
    def read(net: Network, _start: Network, name: str) -> float:
        y = _curve(net, name)
        return float(pick(y)) if y is not None else float("nan")

    return read


def _lowest_at(net: Network, _start: Network, name: str) -> float:
    """The grid's x where curve ``name`` is lowest."""
    y = _curve(net, name)
    return float(net.x[int(np.argmin(y))]) if y is not None else float("nan")


def _turns(net: Network, _start: Network, name: str) -> float:
    """How many times curve ``name`` turns (rising to falling or back) over the grid."""
    y = _curve(net, name)
    if y is None:
        return float("nan")
    slope = np.sign(np.diff(y))
    slope = slope[slope != 0]
    return float(np.count_nonzero(np.diff(slope)))


def _gap(net: Network, _start: Network, offset: float) -> float:
    """How far the second layer's output strays from the sum lowered by ``offset``, at most."""
    curves = net.curves()
    if curves["deep"] is None:
        return float("inf")
    return float(np.max(np.abs(curves["deep"] - (curves["sum"] - offset))))


def _second(name: str):
    def read(net: Network, _start: Network, _arg) -> float:
        return float(getattr(net.second, name))

    return read


#: Every quantity a condition may name: what it reads, given the network, the network as the
#: step opened it and the condition's argument (a neuron index, a curve name or a number).
QUANTITIES: dict[str, Callable] = {
    "neurons": lambda net, _start, _arg: float(len(net.neurons)),
    "weight": _param("weight"),
    "bias": _param("bias"),
    "weight_ratio": _weight_ratio,
    "centre": _centre,
    "max": _extreme(np.max),
    "min": _extreme(np.min),
    "lowest_at": _lowest_at,
    "turns": _turns,
    "gap": _gap,
    "w2": _second("weight"),
    "b2": _second("bias"),
    "activation": lambda net, _start, _arg: net.activation,
}


@dataclass(frozen=True)
class Condition:
    """``quantity(arg) op value``, e.g. ``Condition("max", "sum", "≥", 2.0)``."""

    quantity: str
    arg: object
    op: str
    value: float | str
    tol: float = 0.0

    def __post_init__(self):
        if self.quantity not in QUANTITIES:
            raise ValueError(f"no quantity {self.quantity!r}; known: {', '.join(QUANTITIES)}")
        if self.op not in OPS:
            raise ValueError(f"no comparison {self.op!r}; known: {', '.join(OPS)}")

    def measure(self, net: Network, start: Network):
        return QUANTITIES[self.quantity](net, start, self.arg)

    def holds(self, net: Network, start: Network) -> bool:
        got = self.measure(net, start)
        if self.op == "is":
            return got == self.value
        if not np.isfinite(got):
            return False
        if self.op == "≈":
            return abs(got - self.value) <= self.tol
        if self.op == "≥":
            return got >= self.value - self.tol
        return got <= self.value + self.tol


@dataclass(frozen=True)
class Task:
    """Something to do with the controls; done when every condition holds."""

    id: str
    conditions: tuple[Condition, ...]

    def holds(self, net: Network, start: Network) -> bool:
        return all(c.holds(net, start) for c in self.conditions)


@dataclass(frozen=True)
class Step:
    """One figure of the walk, its explanation (``walk.<figure>.text``) and its tasks (each
    worded by ``walk.<figure>.<task id>`` in the catalogues)."""

    figure: str
    tasks: tuple[Task, ...]

    @property
    def text_key(self) -> str:
        return f"walk.{self.figure}.text"

    def task_key(self, task: Task) -> str:
        return f"walk.{self.figure}.{task.id}"


def _task(id: str, *conditions: tuple) -> Task:
    return Task(id, tuple(Condition(*c) for c in conditions))


#: The walk, in the article's order: one step per figure.
STEPS: tuple[Step, ...] = (
    Step("nn6", (
        _task("double", ("weight_ratio", 0, "≈", 2.0, 0.05)),
        _task("mirror", ("weight", 1, "≈", -0.5, 0.05)),
    )),
    Step("nn7", (_task("slide", ("centre", 0, "≈", 2.0, 0.05)),)),
    Step("nn8", (_task("climb", ("neurons", None, "≥", 3), ("max", "sum", "≥", 2.0)),)),
    Step("nn9", (_task("turn", ("turns", "sum", "≥", 1)),)),
    Step("nn10", (_task("flatten", ("max", "sum", "≤", 2.0)),)),
    Step("nn11", (_task("squash", ("min", "deep", "≥", 0.99)),)),
    Step("nn12", (_task("touch", ("min", "sum", "≈", 0.0, 0.05)),)),
    Step("nn13", (_task("lower", ("gap", 1.0, "≤", 0.0, 1e-9)),)),
    Step("nn15", (_task("top", ("max", "deep", "≈", 5.0, 0.05)),)),
    Step("nn16", (_task("dip", ("lowest_at", "n0", "≈", 2.0, 0.15)),)),
    Step("nn17", (_task("corners", ("activation", None, "is", "relu")),)),
    Step("nn18", (_task("follow", ("w2", None, "≈", 1.0, 0.01), ("b2", None, "≈", 0.0, 0.01)),)),
)  # fmt: skip


def step_of(index: int) -> Step:
    """Step ``index`` (0-based); a clear IndexError outside the walk."""
    if not 0 <= index < len(STEPS):
        raise IndexError(f"the walk has steps 0 to {len(STEPS) - 1}, not {index}")
    return STEPS[index]


def step_for(figure_id: str) -> int | None:
    """The index of the step that shows figure ``figure_id``, or None (free play)."""
    return next((i for i, s in enumerate(STEPS) if s.figure == figure_id), None)


#: Stored progress longer than this is not read (every step and task fits in a few hundred).
MAX_PROGRESS_CHARS = 4096


@dataclass
class Progress:
    """How far one learner got: the last step reached (counted from 1, as the page shows it)
    and, for each step's figure, the ids of the tasks done there."""

    step: int | None = None
    done: dict[str, set[str]] = field(default_factory=dict)

    def record(self, figure_id: str, task_id: str) -> bool:
        """Task ``task_id`` of figure ``figure_id`` is done; whether that is news."""
        tasks = self.done.setdefault(figure_id, set())
        if task_id in tasks:
            return False
        tasks.add(task_id)
        return True

    def is_done(self, figure_id: str, task_id: str) -> bool:
        return task_id in self.done.get(figure_id, ())

    def count(self) -> int:
        return sum(len(tasks) for tasks in self.done.values())

    def to_text(self) -> str:
        """Short JSON: ``{"step": 4, "done": {"nn6": ["double"]}}``, in the walk's order."""
        done = {
            s.figure: [t.id for t in s.tasks if self.is_done(s.figure, t.id)]
            for s in STEPS
            if self.done.get(s.figure)
        }
        return json.dumps({"step": self.step, "done": done}, separators=(",", ":"))

    @classmethod
    def from_text(cls, text) -> Progress:
        """What ``text`` (from a browser's storage: anything at all) says of a real step and
        real tasks; everything else, and text that is not such JSON, is left out. Never raises."""
        progress = cls()
        if not isinstance(text, str) or not text or len(text) > MAX_PROGRESS_CHARS:
            return progress
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            return progress
        if not isinstance(data, dict):
            return progress
        step = data.get("step")
        if isinstance(step, int) and not isinstance(step, bool) and 1 <= step <= len(STEPS):
            progress.step = step
        done = data.get("done")
        if isinstance(done, dict):
            for s in STEPS:
                ids = done.get(s.figure)
                if isinstance(ids, list):
                    for t in s.tasks:
                        if t.id in ids:
                            progress.record(s.figure, t.id)
        return progress


def keys() -> list[str]:
    """Every catalogue key the walk uses: each step's explanation and each task's words."""
    return [k for s in STEPS for k in (s.text_key, *(s.task_key(t) for t in s.tasks))]


__all__ = [
    "OPS", "QUANTITIES", "STEPS", "Condition", "Progress", "Step", "Task", "keys", "step_for",
    "step_of",
]  # fmt: skip
