"""Which events of a page's PATCH-DOC the server applies (``dashboard.patches``), on the
document a served session really builds. The same filter against a real server, with a real
browser's traffic, is in ``tests/ui/test_attacks.py``."""

from __future__ import annotations

import math

import pytest
from bokeh.document import Document
from bokeh.models import (
    Button,
    Checkbox,
    ColumnDataSource,
    FileInput,
    Range1d,
    Select,
    Slider,
    TextInput,
)

from dashboard import patches

#: NaN as BokehJS writes it.
NAN = {"type": "number", "value": "nan"}


def first(doc, cls, **where):
    return next(
        m
        for m in doc.models
        if isinstance(m, cls) and all(getattr(m, k) == v for k, v in where.items())
    )


def change(model, attr, new):
    return {"kind": "ModelChanged", "model": {"id": model.id}, "attr": attr, "new": new}


def event(name, model=None):
    entries = [["model", {"id": model.id}]] if model is not None else []
    values = {"type": "map", "entries": entries}
    return {
        "kind": "MessageSent",
        "msg_type": "bokeh_event",
        "msg_data": {"type": "event", "name": name, "values": values},
    }


def activation_select(doc):
    return next(m for m in doc.models if isinstance(m, Select) and m.value == "sigmoid")


def sift(doc, *events):
    kept, dropped = patches.sift({"events": list(events)}, doc)
    return kept, [f"{d.what}: {d.why}" for d in dropped]


def test_what_a_page_sends_is_kept(served_doc):
    slider = first(served_doc, Slider)
    url = next(m for m in served_doc.models if isinstance(m, TextInput))
    events = [
        change(slider, "value", 2.5),
        change(slider, "value_throttled", 2.5),
        change(slider, "value", slider.end),
        # Neuron 1's weight box (text: the dashboard reads and checks the number itself).
        change(first(served_doc, TextInput, value="2"), "value", "1.5"),
        change(first(served_doc, TextInput, value="2"), "value_input", "1.5"),
        change(first(served_doc, Checkbox), "active", False),
        change(activation_select(served_doc), "value", "relu"),
        # A figure from the menu (tests/test_forged.py: one that is not).
        change(first(served_doc, Select, title="Figure"), "value", "nn9"),
        change(url, "value_input", "?figure=nn9"),
        change(first(served_doc, FileInput), "filename", "a.json"),
        change(first(served_doc, FileInput), "value", "e30="),
        change(first(served_doc, Range1d), "start", -2.5),
        event("document_ready"),
        event("button_click", first(served_doc, Button, label="+ Add neuron")),
    ]
    kept, dropped = sift(served_doc, *events)
    assert dropped == []
    assert kept == events


def test_what_a_page_does_not_offer_is_dropped(served_doc):
    source = first(served_doc, ColumnDataSource)
    button = first(served_doc, Button, label="+ Add neuron")
    slider = first(served_doc, Slider)
    new_model = {"type": "object", "name": "ColumnDataSource", "id": "x1", "attributes": {}}
    cases = {
        "a data source's data": change(source, "data", {"type": "map", "entries": []}),
        "a button's label": change(button, "label", "<img src=x onerror=alert(1)>"),
        "a slider's title": change(slider, "title", "<b>x</b>"),
        "a slider's end made NaN": change(slider, "end", NAN),
        "a new model as a value": change(slider, "value", new_model),
        "an array as a value": change(slider, "value", {"type": "ndarray", "array": []}),
        "text for a number": change(slider, "value", "abc"),
        "NaN for a slider": change(slider, "value", NAN),
        "beyond a slider's end": change(slider, "value", slider.end + 1),
        "a number for a box's text": change(first(served_doc, TextInput), "value", 1e300),
        "a range made NaN": change(
            first(served_doc, Range1d), "start", {"type": "number", "value": "nan"}
        ),
        "an unknown model": change(slider, "value", 1.0) | {"model": {"id": "p999999"}},
        "no model": {"kind": "ModelChanged", "attr": "value", "new": 1},
        "a new root": {"kind": "RootAdded", "model": new_model},
        "streamed columns": {"kind": "ColumnsStreamed", "model": {"id": source.id}, "data": {}},
        "a title": {"kind": "TitleChanged", "title": "hacked"},
        "an unknown event": event("nonsense"),
        "an event naming no model": event("button_click") | {"msg_data": {"type": "event"}},
        "a reference to nothing": {
            **event("button_click"),
            "msg_data": {
                "type": "event",
                "name": "button_click",
                "values": {"type": "map", "entries": [["model", {"id": "nope"}]]},
            },
        },
        "a comm message": {"kind": "MessageSent", "msg_type": "comm", "msg_data": {}},
        "values not a map": {
            **event("document_ready"),
            "msg_data": {"type": "event", "name": "document_ready", "values": 1.5},
        },
        "a click on a slider": event("button_click", slider),
        "a reset of a button": event("reset", button),
        "a field the event lacks": {
            **event("document_ready"),
            "msg_data": {
                "type": "event",
                "name": "document_ready",
                "values": {"type": "map", "entries": [["model", {"id": slider.id}]]},
            },
        },
        "not an object": [1, 2],
        "nested too deep": change(slider, "value", [[[[1]]]]),
    }
    for what, bad in cases.items():
        kept, dropped = sift(served_doc, bad)
        assert kept == [], what
        assert len(dropped) == 1, what


def test_a_model_written_out_by_bokehs_python_client_becomes_a_reference(served_doc):
    button = first(served_doc, Button, label="+ Add neuron")
    written = {"type": "object", "name": "Button", "id": button.id, "attributes": {"x": 1}}
    click = event("button_click") | {
        "msg_data": {
            "type": "event",
            "name": "button_click",
            "values": {"type": "map", "entries": [["model", written]]},
        }
    }
    kept, dropped = sift(served_doc, click)
    assert dropped == []
    assert kept == [event("button_click", button)]


def test_panels_notifications_may_be_marked_shown_and_gone():
    from bokeh.core.properties import Bool
    from bokeh.model import DataModel

    class Notification(DataModel):  # as Panel makes it, under a name of its own
        __qualified_model__ = "tests.test_patches.Notification"
        _rendered = Bool(default=False)
        _destroyed = Bool(default=False)
        other = Bool(default=False)

    document = Document()
    note = Notification()
    document.add_root(note)
    kept, dropped = sift(
        document, change(note, "_rendered", True), change(note, "_destroyed", True)
    )
    assert dropped == [] and len(kept) == 2
    assert sift(document, change(note, "other", True))[0] == []


def test_a_message_without_events_keeps_nothing(served_doc):
    for content in (None, [], {"events": None}, {"events": "x"}, {}):
        kept, dropped = patches.sift(content, served_doc)
        assert kept == [] and len(dropped) == 1


def test_plain_values_decode_as_bokeh_sends_them(served_doc):
    slider = first(served_doc, Slider)
    assert math.isnan(patches.plain({"type": "number", "value": "nan"}, served_doc))
    assert patches.plain({"type": "number", "value": "-inf"}, served_doc) == -math.inf
    assert patches.plain({"id": slider.id}, served_doc) is slider
    assert patches.plain({"type": "map", "entries": [["a", [1, 2]]]}, served_doc) == {"a": [1, 2]}
    for bad in ({"type": "bytes"}, {"id": 3}, {"type": "map", "entries": [1]}, object()):
        with pytest.raises(patches.NotPlain):
            patches.plain(bad, served_doc)
