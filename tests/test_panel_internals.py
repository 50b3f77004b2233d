"""The Panel internals the fast path relies on, pinned: an upgrade that changes them fails here.

The sliders skip Panel's 50 ms debounce (``_debounce``), ignore ``value_throttled``, take a
browser's value in Panel's own model-change handlers (``_server_change``, ``_comm_change``,
registered by ``_link_props`` and skipping Python's own echoes through ``_changing``), and let
the widgets catch up through ``_process_events``.
"""

import inspect
from types import SimpleNamespace

import panel as pn
import param
import pytest
from bokeh.document import Document
from bokeh.server.connection import ServerConnection
from bokeh.server.contexts import BokehSessionContext
from bokeh.server.session import ServerSession
from panel.reactive import Syncable
from tornado.iostream import BaseIOStream
from tornado.websocket import WebSocketProtocol13

from dashboard.backlog import value_waiting
from dashboard.controls import FastFloatSlider, NumberSlider, number_slider
from model import Neuron
from tests.test_backlog import browser_frame, patch


def test_the_debounce_is_a_class_attribute_panel_reads_when_scheduling():
    assert Syncable._debounce == 50
    assert "self._debounce" in inspect.getsource(Syncable._server_change)
    assert FastFloatSlider._debounce == 0
    assert NumberSlider._slider_widget is FastFloatSlider


def test_value_throttled_is_not_linked():
    slider = FastFloatSlider(start=0, end=1, value=0.5)
    assert "value_throttled" in pn.widgets.FloatSlider(start=0, end=1)._linked_properties
    assert "value_throttled" not in slider._linked_properties
    assert "value" in slider._linked_properties


def test_panel_hands_browser_changes_to_the_handlers_the_slider_overrides():
    server = inspect.signature(Syncable._server_change).parameters
    comm = inspect.signature(Syncable._comm_change).parameters
    assert list(server) == ["self", "doc", "ref", "subpath", "attr", "old", "new"]
    assert list(comm) == ["self", "doc", "ref", "comm", "subpath", "attr", "old", "new"]
    source = inspect.getsource(Syncable._link_props)
    assert "partial(self._comm_change, doc, ref, comm, subpath)" in source
    assert "partial(self._server_change, doc, ref, subpath)" in source
    assert "self._changing.get(ref" in inspect.getsource(Syncable._server_change)


def _rendered(widget):
    doc = Document()
    root = widget.get_root(doc)
    doc.add_root(root)
    return widget._slider._models[root.ref["id"]][0]


def test_a_browser_value_reaches_the_model_first_and_the_widgets_follow():
    neuron = Neuron(weight=1.0)
    widget = number_slider(neuron.param.weight, "w")
    model = _rendered(widget)
    seen = []
    neuron.param.watch(lambda e: seen.append((e.new, widget.value)), "weight")
    model.value = 2.5  # as Bokeh applies a browser's change
    assert seen == [(2.5, 1.0)]  # the model moved before the widget did
    assert neuron.weight == 2.5
    assert widget.value == widget._slider.value == widget._value_edit.value == 2.5


def test_python_changes_go_out_to_the_slider_and_do_not_come_back_as_browser_values():
    neuron = Neuron(weight=1.0)
    widget = number_slider(neuron.param.weight, "w")
    model = _rendered(widget)
    neuron.weight = -3.0
    assert widget.value == model.value == -3.0
    widget.value = 4.0  # as the typed box does
    assert neuron.weight == model.value == 4.0
    assert not widget._slider.applying


def test_a_refused_value_is_reported_and_changes_nothing():
    neuron = Neuron(weight=1.0)
    widget = number_slider(neuron.param.weight, "w")
    model = _rendered(widget)
    with pytest.raises(ValueError):
        widget._slider._apply(model.document, float("nan"), None)
    assert neuron.weight == 1.0
    assert not widget._slider.applying


def _served_weight():
    """A neuron, its weight's NumberSlider rendered in a document, the Bokeh slider, the
    FastFloatSlider and the root's ref."""
    neuron = Neuron(weight=1.0)
    widget = number_slider(neuron.param.weight, "w")
    model = _rendered(widget)
    return neuron, widget, model, widget._slider, next(iter(widget._slider._models))


def _waiting_doc(waiting: bytes, scheduled: list):
    """A stand-in for a served document with ``waiting`` bytes from its browser unread."""
    stream = SimpleNamespace(_read_buffer=bytearray(waiting))
    socket = SimpleNamespace(ws_connection=SimpleNamespace(stream=stream))
    session = SimpleNamespace(_current_patch_connection=SimpleNamespace(_socket=socket))
    return SimpleNamespace(
        session_context=SimpleNamespace(_session=session),
        add_timeout_callback=lambda callback, _ms: scheduled.append(callback),
    )


def _next_value(slider, ref, value=5.0) -> bytes:
    """The frames of a browser message setting ``slider``'s value again."""
    return b"".join(
        browser_frame(part) for part in patch(slider._models[ref][0].id, "value", value)
    )


def test_a_value_with_a_successor_already_waiting_is_skipped_and_the_latest_applied():
    neuron, widget, model, slider, ref = _served_weight()
    scheduled: list = []
    waiting = _waiting_doc(_next_value(slider, ref), scheduled)
    for value in (2.0, 3.0):  # the server is behind: both arrive with a later value waiting
        slider._server_change(waiting, ref, None, "value", 1.0, value)
    assert neuron.weight == 1.0  # nothing stale computed
    assert len(scheduled) == 1  # one pass will apply the latest, whatever comes next
    scheduled[0].func(model.document)
    assert neuron.weight == 3.0
    assert widget.value == 3.0


def test_a_skipped_value_is_dropped_once_a_later_one_is_applied():
    neuron, _widget, model, slider, ref = _served_weight()
    scheduled: list = []
    slider._server_change(
        _waiting_doc(_next_value(slider, ref), scheduled), ref, None, "value", 1.0, 2.0
    )
    slider._server_change(model.document, ref, None, "value", 2.0, 4.0)  # nothing waiting
    assert neuron.weight == 4.0  # the last arrival, applied at once
    scheduled[0].func(model.document)  # the skipped 2.0 must not come back
    assert neuron.weight == 4.0


def test_python_setting_the_old_value_before_the_widgets_caught_up_still_reaches_the_browser():
    neuron, widget, model, slider, ref = _served_weight()
    slider._behind = 2.0  # as after a served browser value, before the 40 ms catch-up
    slider._changing[ref] = ["value"]  # (so this Python-side write is not taken as a browser's)
    model.value = 2.0
    with param.parameterized.discard_events(neuron):
        neuron.weight = 2.0
    neuron.weight = 1.0  # e.g. the figure is loaded again
    assert model.value == 1.0 == widget.value == widget._value_edit.value
    assert slider._behind is None


def test_a_skipped_value_is_not_applied_over_a_later_change_from_python():
    neuron, _widget, model, slider, ref = _served_weight()
    scheduled: list = []
    slider._server_change(
        _waiting_doc(_next_value(slider, ref), scheduled), ref, None, "value", 1.0, 2.0
    )
    neuron.weight = 5.0  # the message waiting behind it loaded a figure, say
    scheduled[0].func(model.document)
    assert neuron.weight == 5.0 == model.value


def test_a_key_press_value_throttled_behind_it_does_not_make_a_value_stale():
    neuron = Neuron(weight=1.0)
    widget = number_slider(neuron.param.weight, "w")
    model = _rendered(widget)
    throttled = b"".join(browser_frame(p) for p in patch(model.id, "value_throttled", 2.0))
    assert not value_waiting(_waiting_doc(throttled, []), model.id)
    other = b"".join(browser_frame(p) for p in patch("p999", "value", 2.0))
    assert not value_waiting(_waiting_doc(other, []), model.id)  # another slider's value


def test_the_internals_that_tell_whether_a_later_value_is_waiting():
    assert "_current_patch_connection = connection" in inspect.getsource(
        ServerSession._handle_patch
    )
    assert "self._session = session" in inspect.getsource(BokehSessionContext._set_session)
    assert "self._socket = socket" in inspect.getsource(ServerConnection.__init__)
    assert "self._read_buffer = bytearray()" in inspect.getsource(BaseIOStream.__init__)
    assert "await self.stream.read_bytes" in inspect.getsource(WebSocketProtocol13._read_bytes)
    assert not value_waiting(Document(), "p1")  # not being served: never skip


def test_panel_still_has_the_process_events_entry_point():
    assert "events" in inspect.signature(Syncable._process_events).parameters
