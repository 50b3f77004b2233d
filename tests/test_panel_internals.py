"""The Panel internals the fast path relies on, pinned: an upgrade that changes them fails here.

The sliders skip Panel's 50 ms debounce (``_debounce``), ignore ``value_throttled``, take a
browser's value in Panel's own model-change handlers (``_server_change``, ``_comm_change``,
registered by ``_link_props`` and skipping Python's own echoes through ``_changing``), and let
the widgets catch up through ``_process_events``.
"""

import inspect

import panel as pn
from bokeh.document import Document
from panel.reactive import Syncable

from dashboard.controls import FastFloatSlider, NumberSlider, number_slider
from model import Neuron


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


def test_a_refused_value_is_left_to_panel_and_changes_nothing():
    neuron = Neuron(weight=1.0)
    widget = number_slider(neuron.param.weight, "w")
    widget._slider.target = (neuron, "weight")
    assert not widget._slider._apply_now(Document(), "r", None, "value", float("nan"), None)
    assert neuron.weight == 1.0


def test_panel_still_has_the_process_events_entry_point():
    assert "events" in inspect.signature(Syncable._process_events).parameters
