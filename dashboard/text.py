"""The bounded rate of the text that follows the model (formula, diagram, link, caption).

New text makes the browser lay the page out again, so it waits for a pause in the edits; and a
class of learners each dragging costs the server a bounded rate of text, whatever their pace.
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


class TextFlush:
    """Runs ``write`` once the hand rests (TEXT_DELAY after the last change), every
    TEXT_INTERVAL during a long drag and never more often, always ending on the final state
    (within TEXT_DELAY + TEXT_INTERVAL of it). Outside a served session, at once."""

    def __init__(self, write: Callable[[], None]):
        self._write = write
        self._pending = False  # a flush is scheduled
        self._since = self._changed = 0.0  # first and last change it waits for
        self._last = -TEXT_INTERVAL  # when the text was last written

    def schedule(self) -> None:
        """The model changed: write the text when the rate allows."""
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
        self._schedule_flush(doc, now)

    def _due(self) -> float:
        return max(
            min(self._changed + TEXT_DELAY, self._since + TEXT_INTERVAL),
            self._last + TEXT_INTERVAL,
        )

    def _schedule_flush(self, doc, now: float) -> None:
        doc.add_timeout_callback(
            partial(self._flush, doc), int(max(self._due() - now, 0) * 1000) + 1
        )

    def _flush(self, doc) -> None:
        now = time.monotonic()
        if now < self._due():  # changed again meanwhile: wait for the hand to rest, within limits
            self._schedule_flush(doc, now)
            return
        self._pending = False
        self._last = now
        with pn.io.hold():
            self._write()
