"""The page's values on their way to the server, at a bounded rate.

Every tick of a slider redraws the curves in the page (``NetState``); the server needs the
values only for the model and what follows from it (formula, diagram, link, JSON). So the
sliders are not synced themselves: the page collects the values they take and writes them into
one hidden box: at most every ``SEND_INTERVAL`` seconds during a drag, the first at once, and
as soon as the hand rests (``REST`` without a new value, though never sooner than ``GAP`` after
the last message); ``nnshape.send`` in ``dashboard/js/curves.js``. A class dragging costs the
server a bounded rate of messages per learner, whatever their pace, and the model still reaches
the last value about ``REST`` after the hand stops. The typed boxes beside the sliders follow at
the rate of the formula and the link (``catch_up``), not of every message.

The box is a plain Bokeh model of its own (``PageOutbox``), one per rendering, beside the
page's NetState; the server takes its changes in a Bokeh ``on_change`` callback, as they are
applied, in a served page and in a notebook alike, not through Panel's widget machinery (about
13 % less server CPU per change in one A/B run). Its ``message`` is JSON,
``{"seq": n, "values": {key: number}, "ask": name?}``; each key names one
``NumberControl`` (``weights:<neuron id>``, ``biases:<neuron id>``, ``w2``, ``b2``). A message
may also ``ask`` for something that must follow every value the page has shown (Copy as code's
script: ``nnshape.ask``), which runs once its values are taken: in one message, the request
cannot overtake them, as a click of its own could (it reached the server first, now and then,
and the script was one value behind). Like
everything from a page it is checked: a message that is not such JSON, or too long, is ignored;
a key no control has (a neuron removed meanwhile) is passed over; a value goes through the
control, which the model refuses in words.
"""

from __future__ import annotations

import json
import logging
import math
import weakref
from functools import partial

from bokeh.core.properties import String
from bokeh.model import DataModel

#: During a drag, the page sends the values it collected at most this often (seconds)...
SEND_INTERVAL = 0.5
#: ...and at once when no new value has come for this long (the hand rests)...
REST = 0.15
#: ...though never sooner than this after the one before: at most 1 / GAP messages a second.
GAP = 0.25
#: Lines a page's refused values may write to the log, at most.
LOG_LINES = 5
#: A message longer than this is ignored (64 neurons' weight and bias fit in a tenth of it).
MAX_MESSAGE = 64 * 1024

log = logging.getLogger("nnshape")

#: JSON has no NaN or infinities: the page writes them as JavaScript names them.
_NOT_FINITE = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}


def control_key(key: str, neuron: str | None) -> str:
    """The key of a control's values: its NetState key, and its neuron's id if it has one."""
    return key if neuron is None else f"{key}:{neuron}"


class PageOutbox(DataModel):
    """What a page writes its slider values into (``nnshape.send``): the one model of the
    page the page itself changes for the server."""

    message = String("")


class Outbox:
    """A playground's outboxes (one ``PageOutbox`` per rendering), and who takes each value."""

    def __init__(self, refused=None):
        #: Who tells the learner that a value was refused (a sentence), if anyone.
        self.refused = refused
        self._controls: weakref.WeakValueDictionary = weakref.WeakValueDictionary()
        self._logged = 0
        #: Called between the values of one message, if set: the playground closes the action
        #: in progress there (``History.record``), so that two controls' values that travel
        #: together (a busy page, a kernel taking two messages at once) are two undo steps.
        self.between = None
        #: What the page may ask of the server after its values (a message's ``ask``): a
        #: name, and what runs then (``Playground`` adds "copy_code").
        self.asks: dict = {}

    def model(self, pane) -> PageOutbox:
        """A new rendering of ``pane`` (the plots) gets an outbox, whose messages this takes."""
        carrier = PageOutbox()
        carrier.on_change("message", partial(self._received, carrier, pane))
        return carrier

    #: The arguments ``nnshape.send`` takes after the value: its intervals, in ms.
    js_args = f"{SEND_INTERVAL * 1000:.0f}, {REST * 1000:.0f}, {GAP * 1000:.0f}"

    def register(self, key: str, control) -> None:
        """``control.from_page(value)`` takes the values sent for ``key``."""
        self._controls[key] = control

    def catch_up(self) -> None:
        """Every control's typed box shows its model's value again (``catch_up_box``): run at
        the rate the formula and the link are written."""
        for control in list(self._controls.values()):
            control.catch_up_box()

    def _received(self, carrier, pane, _attr, _old, text) -> None:
        doc = carrier.document
        if doc is None or doc.session_context is not None:
            self._take(text)  # served: Bokeh sends what changes once the message is applied
            return
        # A notebook: Panel sends a document's changes over its comm from what the held
        # document collected, and Bokeh runs this as Panel lets go of the document after
        # applying the page's message. Hold it again, and send what changed.
        import panel as pn

        with pn.io.hold(doc):
            self._take(text)
            pn.io.push_notebook(pane)

    def _take(self, text) -> None:
        if not isinstance(text, str) or not text or len(text) > MAX_MESSAGE:
            return
        try:
            message = json.loads(text, parse_constant=lambda name: math.nan)
        except ValueError:
            log.info("nnshape: ignored a page message that is not JSON")
            return
        values = message.get("values") if isinstance(message, dict) else None
        if not isinstance(values, dict):
            return
        self._values(values)
        # What the page asked for after these values (nnshape.ask), now that the model has them.
        ask = message.get("ask")
        then = self.asks.get(ask) if isinstance(ask, str) else None
        if then is not None:
            then()

    def _values(self, values: dict) -> None:
        several = len(values) > 1
        for key, value in values.items():
            if several and self.between is not None:
                self.between()  # what came before is an action of its own (an undo step)
            control = self._controls.get(key) if isinstance(key, str) else None
            if control is None:
                continue
            if isinstance(value, str) and value in _NOT_FINITE:  # how the page writes them
                value = _NOT_FINITE[value]
            sentence = control.from_page(value)
            if sentence is None:
                continue
            if self._logged < LOG_LINES:  # as the patch filter logs what it drops
                self._logged += 1
                log.info("nnshape: dropped a value from the page's outbox (%s)", sentence)
            if self.refused is not None:
                self.refused(sentence)
