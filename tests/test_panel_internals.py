"""The Panel internals the fast path relies on, pinned: an upgrade that changes them fails here.

The sliders skip Panel's 50 ms debounce (``_debounce``), ignore ``value_throttled``, and apply a
value inside Bokeh's handling of the browser's message (``_get_model`` + ``_process_events``).
"""

import inspect

import panel as pn
from bokeh.document import Document
from panel.reactive import Syncable

from dashboard.controls import FastFloatSlider, NumberSlider
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


def test_a_served_slider_applies_its_value_inside_bokehs_callback():
    neuron = Neuron(weight=1.0)
    widget = NumberSlider.from_param(neuron.param.weight)
    doc = Document()
    root = widget.get_root(doc)
    doc.add_root(root)
    model = widget._slider._models[root.ref["id"]][0]
    assert any(
        getattr(cb, "func", None) is not None and cb.func.__name__ == "_on_value_now"
        for cb in model._callbacks["value"]
    )
    model.value = 2.5  # as Bokeh applies a browser's change: the callback runs right away
    assert neuron.weight == 2.5


def test_panel_still_has_the_process_events_entry_point():
    assert "events" in inspect.signature(Syncable._process_events).parameters
