"""Forged widget values: each is refused before Bokeh or Panel sees it, and the learner is
told in a sentence (``dashboard.patches``, on the document a served session really builds).
The same forgeries sent from a real page to a real server are in tests/ui/test_forged.py."""

from __future__ import annotations

import pytest
from bokeh.document import Document
from bokeh.models import Select, Slider

from dashboard import notices, patches


def model(doc, cls, title=None):
    return next(m for m in doc.models if isinstance(m, cls) and (title is None or m.title == title))


def change(target, attr, new):
    return {"kind": "ModelChanged", "model": {"id": target.id}, "attr": attr, "new": new}


def number(text):
    return {"type": "number", "value": text}


def forgeries(doc):
    slider = model(doc, Slider)
    figure = model(doc, Select, "Figure")
    picker = model(doc, Select, "Edit neuron")
    menu = model(doc, Select, "Activation")
    return {
        "NaN on a slider": (change(slider, "value", number("nan")), "nan"),
        "+inf on a slider": (change(slider, "value", number("+inf")), "inf"),
        "-inf on a slider": (change(slider, "value_throttled", number("-inf")), "-inf"),
        "1e300 on a slider": (change(slider, "value", 1e300), "1e+300"),
        "a figure not in the menu": (change(figure, "value", "nn99"), "'nn99'"),
        "an empty figure": (change(figure, "value", ""), "''"),
        "picker index 999": (change(picker, "value", "999"), "'999'"),
        "picker index 999 as a number": (change(picker, "value", 999), "999"),
        "an activation not in the menu": (change(menu, "value", "swish2"), "'swish2'"),
        "a number for the activation": (change(menu, "value", -1), "-1"),
        "no activation at all": (change(menu, "value", ""), "''"),
    }


@pytest.mark.parametrize(
    "case",
    [
        "NaN on a slider",
        "+inf on a slider",
        "-inf on a slider",
        "1e300 on a slider",
        "a figure not in the menu",
        "an empty figure",
        "picker index 999",
        "picker index 999 as a number",
        "an activation not in the menu",
        "a number for the activation",
        "no activation at all",
    ],
)
def test_a_forged_value_is_dropped_and_the_learner_is_told(served_doc, case, monkeypatch):
    told = []
    monkeypatch.setattr(notices, "tell", lambda d, message: told.append((d, message)))
    event, shown = forgeries(served_doc)[case]
    kept, dropped = patches.sift({"events": [event]}, served_doc)
    assert kept == [] and len(dropped) == 1
    assert len(told) == 1 and told[0][0] is served_doc
    message = told[0][1]
    assert message.startswith("Not applied: ") and f"set to {shown};" in message, message
    assert len(message) < 200


def test_a_slider_sending_both_of_its_values_is_told_once(served_doc, monkeypatch):
    told = []
    monkeypatch.setattr(notices, "tell", lambda d, message: told.append(message))
    slider = model(served_doc, Slider)
    both = [
        change(slider, "value", number("nan")),
        change(slider, "value_throttled", number("nan")),
    ]
    patches.sift({"events": both}, served_doc)
    assert len(told) == 1 and f"the slider '{slider.title}' cannot be set to nan;" in told[0]


def test_the_values_each_control_offers_are_kept(served_doc, monkeypatch):
    told = []
    monkeypatch.setattr(notices, "tell", lambda d, message: told.append(message))
    events = [
        change(model(served_doc, Select, "Figure"), "value", "nn6"),
        change(model(served_doc, Select, "Edit neuron"), "value", "0"),
        change(model(served_doc, Select, "Activation"), "value", "gelu"),
        change(model(served_doc, Slider), "value", 1.5),
    ]
    kept, dropped = patches.sift({"events": events}, served_doc)
    assert dropped == [] and len(kept) == 4 and told == []


def test_a_refusal_reaches_the_learner_of_that_document_only():
    seen = []

    class Context:  # what a served session's document has
        id = "s"

    documents = [Document(), Document()]
    for document in documents:
        document._session_context = lambda: Context()
        notices.listen(document, lambda message, d=document: seen.append((d, message)))
    notices.tell(documents[1], "Not applied: x")
    assert not documents[0].callbacks.session_callbacks
    (callback,) = documents[1].callbacks.session_callbacks  # the next tick, under the lock
    callback.callback()
    assert seen == [(documents[1], "Not applied: x")]
    notices.tell(Document(), "nobody listens")  # a document with no learner: nothing happens
