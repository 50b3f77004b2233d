"""Work that follows the model at a bounded rate: the text (formula, diagram, link, caption)
and the neuron cards.

New text makes the browser lay the page out again, so it waits for a pause in the edits; and a
class of learners each dragging costs the server a bounded rate of text, whatever their pace.
New cards are the dearest change a page gets (Panel builds and sends their models): a burst of
clicks on *+ Add neuron*, however long, lays them out a few times, not once a click.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial

import panel as pn

#: The text follows this long after the last change (the hand rests)…
TEXT_DELAY = 0.06
#: …at least this often during a long drag, and never more often than this (seconds).
TEXT_INTERVAL = 0.25
#: The cards follow a click this soon, and at most this often during a burst of clicks.
CARD_DELAY, CARD_INTERVAL = 0.05, 1.0


class Paced:
    """Runs ``write`` once the changes pause (``delay`` after the last), every ``interval``
    while they go on and never more often, always ending on the final state (within
    ``delay + interval`` of it). Outside a served session, at once."""

    def __init__(self, write: Callable[[], None], delay: float, interval: float):
        self._write, self._delay, self._interval = write, delay, interval
        self._pending = False  # a run is scheduled
        self._since = self._changed = 0.0  # first and last change it waits for
        self._last = -interval  # when it last ran

    def schedule(self) -> None:
        """The model changed: run when the rate allows."""
        doc = pn.state.curdoc
        if doc is None or doc.session_context is None:
            self._write()
            return
        now = time.monotonic()
        self._changed = now
        if self._pending:
            return
        self._pending = True
        self._since = now
        self._schedule_run(doc, now)

    def _due(self) -> float:
        return max(
            min(self._changed + self._delay, self._since + self._interval),
            self._last + self._interval,
        )

    def _schedule_run(self, doc, now: float) -> None:
        doc.add_timeout_callback(partial(self._run, doc), int(max(self._due() - now, 0) * 1000) + 1)

    def _run(self, doc) -> None:
        now = time.monotonic()
        if now < self._due():  # changed again meanwhile: wait for the pause, within limits
            self._schedule_run(doc, now)
            return
        self._pending = False
        self._last = now
        with pn.io.hold():
            self._write()
