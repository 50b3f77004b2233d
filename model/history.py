"""Undo and redo for one network and its view, and *Reset to figure*.

A state is the network's spec plus the view's settings (``Network.spec()``, ``View.to_dict()``),
and the depth explorer's (``Explorer.to_dict()``) when the history is given one (``explorer``):
its switch, depth, shared w and b and per-layer values are edits like any other, and a drag of
its depth, w or b slider is one action. *Reset to figure* leaves the explorer as it is.
``History(network, view)`` watches both and keeps the states *before* each of the last
``depth`` actions, so a dashboard only builds one and calls ``undo()`` and ``redo()``.

What counts as one action:

* Everything that changes in one turn of the event loop. A figure switch sets the view's figure,
  and the dashboard's reaction reconfigures the network and the rest of the view: one action,
  since the reaction runs before the loop turns. With no loop running (a script, a test) each
  change is recorded as it happens; ``with history.action():`` makes a group of them one action.
* A drag: consecutive actions that each change the same single continuous value (one neuron's
  weight, bias, colour or output weight, w2, b2, c or the y-limits) and nothing else, each within
  ``drag_seconds`` of the previous, are one action: undo returns to where the drag began.
  Everything else (a neuron added or removed, the activation, the second layer on or off, the
  grid, a view toggle, the figure) is an action of its own, however quickly it follows.

Undo and redo put a recorded state back on the *same* network and view, all at once, and are
never recorded themselves.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass

import param

from .article import preset
from .network import Network
from .view import View

#: Undo keeps at least this many actions (the issue asks for 20).
DEPTH = 50
#: A drag continues while its ticks come at most this many seconds apart.
DRAG_SECONDS = 1.0
#: History's watchers run after the others of the same event, so that with no event loop the
#: state it records includes their reactions.
PRECEDENCE = 100


#: The depth explorer's parameters an edit changes (``model.depth.Explorer``).
DEPTH_KEYS = ("shown", "depth", "weight", "bias", "own")
#: Of those, the ones a slider drags.
DEPTH_DRAGGED = ("depth", "weight", "bias")


@dataclass(frozen=True)
class State:
    """One network and view as plain values: ``Network.spec()`` and ``View.edits()`` (the view
    without the learner's preferences, such as the palette, which no edit changes), and the
    depth explorer's ``to_dict()`` where a dashboard has one (None: not part of the state)."""

    network: dict
    view: dict
    depth: dict | None = None

    @classmethod
    def of(cls, network: Network, view: View, depth=None) -> State:
        return cls(network.spec(), view.edits(), None if depth is None else depth.to_dict())

    @classmethod
    def for_figure(cls, figure_id: str, n_neurons: int | None = None) -> State:
        """The state a figure opens with (``n_neurons`` only matters to a view hiding them)."""
        spec = Network.from_spec(preset(figure_id).spec()).spec()
        count = len(spec["neurons"]) if n_neurons is None else n_neurons
        return cls(spec, View.for_figure(figure_id, count).edits())

    def apply(self, network: Network, view: View, depth=None) -> None:
        """Make ``network``, ``view`` and ``depth`` (an explorer, if the state has one) hold
        this state; ``changed`` fires once.

        With as many neurons as before, each neuron is updated in place, so whatever shows it
        (a card, a slider) stays and only moves; otherwise the layer is rebuilt.
        """
        spec = dict(self.network)
        with network.hold():
            if len(network.neurons) == len(spec["neurons"]):
                for neuron, (weight, bias, color) in zip(
                    network.neurons, spec.pop("neurons"), strict=True
                ):
                    neuron.param.update(weight=weight, bias=bias, color=color)
            network.configure(**spec)
        values = dict(self.view)
        values["ylim"] = None if values["ylim"] is None else tuple(values["ylim"])
        view.param.update(**values)
        if depth is not None and self.depth is not None:
            kept = type(depth).from_dict(self.depth)
            depth.param.update({name: getattr(kept, name) for name in DEPTH_KEYS})


def dragged(before: State, after: State) -> tuple | None:
    """The one continuous value ``after`` changed and nothing else, as a key like
    ``("neurons", 2, "weight")``; None when anything more, or anything discrete, changed."""
    if before.depth != after.depth:
        if before.network != after.network or before.view != after.view:
            return None
        old, new = before.depth or {}, after.depth or {}
        keys = [k for k in set(old) | set(new) if old.get(k) != new.get(k)]
        return ("depth", keys[0]) if len(keys) == 1 and keys[0] in DEPTH_DRAGGED else None
    if before.view != after.view:
        rest_before = {k: v for k, v in before.view.items() if k != "ylim"}
        rest_after = {k: v for k, v in after.view.items() if k != "ylim"}
        if before.network != after.network or rest_before != rest_after:
            return None
        return ("ylim",)
    old, new = before.network, after.network
    if any(old[k] != new[k] for k in old if k not in ("neurons", "second", "output")):
        return None
    if len(old["neurons"]) != len(new["neurons"]):
        return None
    (old_v, old_c), (new_v, new_c) = old["output"], new["output"]
    if len(old_v) != len(new_v):
        return None
    keys = [
        ("neurons", i, part)
        for i, (a, b) in enumerate(zip(old["neurons"], new["neurons"], strict=True))
        for part, u, v in zip(("weight", "bias", "color"), a, b, strict=True)
        if u != v
    ]
    keys += [
        ("second", part)
        for part, u, v in zip(("weight", "bias"), old["second"], new["second"], strict=True)
        if u != v
    ]
    keys += [("output", i) for i, (u, v) in enumerate(zip(old_v, new_v, strict=True)) if u != v]
    keys += [("output", "c")] if old_c != new_c else []
    return keys[0] if len(keys) == 1 else None


def call_soon(callback: Callable[[], object]):
    """Run ``callback`` when the running event loop next turns: its handle (to cancel it), or
    None if no loop is running."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return None
    return loop.call_soon(callback)


class History(param.Parameterized):
    """The last ``depth`` actions on one network and view, to undo and redo.

    ``clock`` (seconds) and ``defer`` (schedules a callback for the end of the event-loop turn,
    returning False when it cannot) can be replaced, so tests decide when time passes and when
    the loop turns.
    """

    can_undo = param.Boolean(False, constant=True, doc="There is an action to undo.")
    can_redo = param.Boolean(False, constant=True, doc="There is an undone action to redo.")

    def __init__(
        self,
        network: Network,
        view: View,
        *,
        explorer=None,
        depth: int = DEPTH,
        drag_seconds: float = DRAG_SECONDS,
        clock: Callable[[], float] = time.monotonic,
        defer: Callable[[Callable[[], object]], object] | None = call_soon,
    ):
        super().__init__()
        self.network, self.view = network, view
        #: The depth explorer (``model.depth.Explorer``) whose edits count too, if any.
        self.explorer = explorer
        self.drag_seconds = drag_seconds
        self._clock, self._defer = clock, defer
        self._undo: deque[State] = deque(maxlen=depth)  # the state before each action
        self._redo: list[State] = []  # the state after each undone action, newest last
        self._base = self._now()  # the state after the last recorded action
        self._drag: tuple | None = None  # the value the newest action dragged, if it did
        self._drag_time = float("-inf")
        self._applying = False
        self._grouped = 0
        self._scheduled = None  # what ``defer`` returned for the pending settle (its handle)
        self._watchers = [
            (network, network.param.watch(self._on_change, "changed", precedence=PRECEDENCE)),
            (view, view.param.watch(self._on_change, list(View.KEYS), precedence=PRECEDENCE)),
        ]
        if explorer is not None:
            watcher = explorer.param.watch(self._on_change, list(DEPTH_KEYS), precedence=PRECEDENCE)
            self._watchers.append((explorer, watcher))

    def _now(self) -> State:
        return State.of(self.network, self.view, self.explorer)

    @property
    def depth(self) -> int:
        return self._undo.maxlen

    @property
    def applying(self) -> bool:
        """True while undo, redo or reset puts a state back: a dashboard that reacts to a
        figure change by loading the figure should not do so then."""
        return self._applying

    # -- recording ----------------------------------------------------------------------------
    def _on_change(self, *_events) -> None:
        if self._applying or self._grouped or self._scheduled:
            return
        scheduled = self._defer(self._settle) if self._defer is not None else None
        if scheduled:
            self._scheduled = scheduled
        else:
            self.record()

    def _settle(self) -> None:
        self._scheduled = None
        self.record()

    def record(self) -> bool:
        """Close the action in progress: whatever changed since the last recorded state becomes
        one undo step, or extends the drag it continues. True if anything had changed."""
        if self._applying or self._grouped:
            return False
        return self._commit(continuous=True)

    def _commit(self, continuous: bool) -> bool:
        now = self._now()
        if now == self._base:
            return False
        key = dragged(self._base, now) if continuous else None
        t = self._clock()
        if key is not None and key == self._drag and t - self._drag_time <= self.drag_seconds:
            if self._undo and self._undo[-1] == now:  # dragged back to where it began
                self._undo.pop()
                key = None
        else:
            self._undo.append(self._base)
        self._redo.clear()
        self._base, self._drag, self._drag_time = now, key, t
        self._publish()
        return True

    @contextmanager
    def action(self):
        """Record everything changed inside the block as one action (never part of a drag)."""
        self.record()
        with self.reaction():
            yield self

    @contextmanager
    def reaction(self):
        """Changes made inside the block belong to the action in progress, the one the caller
        is reacting to (a dashboard loading the figure just chosen): the change that started
        it is not recorded on its own first, as ``action()`` would."""
        self._grouped += 1
        try:
            yield self
        finally:
            self._grouped -= 1
            if not self._grouped:
                self._commit(continuous=False)

    # -- going back ---------------------------------------------------------------------------
    def undo(self) -> bool:
        """Put back the state before the last action; False if there is none."""
        return self._step(self._undo, self._redo)

    def redo(self) -> bool:
        """Put back the state the last undo left; False if there is none (a new action
        since then discards what was undone)."""
        return self._step(self._redo, self._undo)

    def _step(self, back, forth) -> bool:
        """Undo or redo: close the action in progress, then put back the newest state of
        ``back`` and keep the one it replaces on ``forth``; False if ``back`` is empty."""
        self.record()  # may clear the redo list: emptied in place, so ``back`` sees it
        if not back:
            return False
        forth.append(self._base)
        self._put(back.pop())
        return True

    def reset(self) -> bool:
        """*Reset to figure*: the network and view as the view's figure opens them, as one
        action that undo takes back. False if they already are."""
        target = State.for_figure(self.view.figure)
        self.record()
        # The figure's own network and view; the depth explorer stays as it is.
        target = State(target.network, target.view, self._base.depth)
        if target == self._base:
            return False
        self._undo.append(self._base)
        self._redo.clear()
        self._put(target)
        return True

    def _put(self, state: State) -> None:
        self._applying = True
        try:
            # A dashboard that loads a figure when the view's figure changes may overwrite the
            # network while the state goes in; one more pass puts it back.
            for _ in range(2):
                state.apply(self.network, self.view, self.explorer)
                if self._now() == state:
                    break
        finally:
            self._applying = False
        self._base = self._now()
        self._drag = None
        self._publish()

    def _publish(self) -> None:
        with param.edit_constant(self):
            self.param.update(can_undo=bool(self._undo), can_redo=bool(self._redo))

    def clear(self) -> None:
        """Forget every action: the network and view as they are now become where undo stops
        (after a document or a link has been loaded, say)."""
        self.record()
        self._undo.clear()
        self._redo.clear()
        self._base, self._drag = self._now(), None
        self._publish()

    def close(self) -> None:
        """Stop watching the network and view, and drop a pending settle (at the end of a
        session: a loop that does not turn soon would hold this history, and its session, till
        it does)."""
        for owner, watcher in self._watchers:
            owner.param.unwatch(watcher)
        self._watchers = []
        cancel = getattr(self._scheduled, "cancel", None)
        if cancel is not None:
            cancel()
        self._scheduled = None

    def __repr__(self) -> str:
        return f"History(undo={len(self._undo)}, redo={len(self._redo)}, depth={self.depth})"
