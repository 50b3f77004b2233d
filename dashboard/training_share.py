"""One server process's training, shared by every session that trains at once.

Each session trains in a periodic callback of its own (``dashboard.training_panel``), on the
process's one thread. Left alone, each would spend ``BUDGET_S`` of CPU on steps every tick:
about 0.2 of a core a session, so that beyond four or five at once the ticks fall behind, every
page's curves stall (0.6 updates a second each, measured with 30), and the learners editing
meanwhile wait. So the process gives training a fixed part of a core, measured and divided
(``python -m benchmarks.training_load``):

- **Steps**: ``STEP_SHARE`` of a core for every training session's steps together: a tick's
  step budget is that share of a tick divided among the sessions training (at most
  ``BUDGET_S``, at least one step). Alone, a session trains at full speed; with 30, each takes
  fewer steps a second, and its page says how many, and with how many others.
- **Showing the weights**: a tick also writes the weights to the network and sends them to the
  page (``TICK_COST_S``, measured: the network's events, the push, the counter). Up to
  ``DISPLAY_SHARE`` of a core keeps every page at ``1 / TICK_S`` updates a second; past it, the
  ticks space out evenly, and the page says how often its curves follow.
- **The text** (formula, diagram, link, the sliders and their boxes) costs about ``TEXT_COST_S``
  each time it follows a trained network: while many train it follows less often, so that all
  of them together spend at most ``TEXT_SHARE`` of a core on it.

The shares are constants chosen from measurements, not a controller: the process's other work
(learners editing, pages being built) keeps the rest of the core.

Module-level on purpose: the one object here is the process's, shared by its sessions, and
holds nothing of theirs but weak references to the sessions training now.
"""

from __future__ import annotations

import time
import weakref

#: Every this many seconds a training session's page is sent its weights, while few train.
TICK_S = 0.1
#: The CPU (seconds) a session's tick may spend on steps while it trains alone.
BUDGET_S = 0.02
#: Parts of one core: all training sessions' steps; their ticks' showing the weights; the text.
STEP_SHARE = 0.4
DISPLAY_SHARE = 0.3
TEXT_SHARE = 0.1
#: What a tick costs besides its steps, to start with (seconds; then measured, a running mean).
TICK_COST_S = 0.002
#: What the text costs each time it follows a trained network (seconds, measured).
TEXT_COST_S = 0.04
#: While training runs, the text follows at most this often (seconds).
TEXT_EVERY_S = 1.0
#: A callback this part of TICK_S before a tick is due takes it (the callbacks come on a fixed
#: grid with some jitter: half would lose a tenth of the ticks at a spacing of 1.2 to 1.5 TICK_S).
EARLY = 0.7


class Share:
    """The sessions of this process that train now, and what each of their ticks may spend."""

    def __init__(self) -> None:
        self._training: weakref.WeakSet = weakref.WeakSet()
        self.tick_cost = TICK_COST_S

    def join(self, member) -> None:
        self._training.add(member)

    def leave(self, member) -> None:
        self._training.discard(member)

    @property
    def count(self) -> int:
        """How many sessions train now (at least 1: the one asking)."""
        return max(1, len(self._training))

    def step_budget(self) -> float:
        """The CPU (seconds) one session's tick may spend on steps now."""
        return min(BUDGET_S, STEP_SHARE * self.tick_every() / self.count)

    def tick_every(self) -> float:
        """Seconds between one session's ticks now: ``TICK_S`` while the ticks of all that
        train fit in ``DISPLAY_SHARE`` of a core, spaced out evenly beyond."""
        return max(TICK_S, self.count * self.tick_cost / DISPLAY_SHARE)

    def text_every(self) -> float:
        """Seconds between two times a training session's text follows its network."""
        return max(TEXT_EVERY_S, self.count * TEXT_COST_S / TEXT_SHARE)

    def note_tick(self, seconds: float) -> None:
        """A tick spent ``seconds`` besides its steps (a running mean over about 50 ticks)."""
        if seconds >= 0:
            self.tick_cost += (seconds - self.tick_cost) / 50


#: This process's training.
SHARE = Share()


class Pace:
    """When one training session's next tick is due, at the share's spacing (the periodic
    callback comes every ``TICK_S``; the ticks between are skipped, at the cost of a call)."""

    def __init__(self) -> None:
        self.due = 0.0

    def ready(self, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        if now < self.due - EARLY * TICK_S:  # on time: the callbacks come every TICK_S
            return False
        every = SHARE.tick_every()
        self.due = max(self.due, now) + every  # after a stall, no burst to catch up
        return True
