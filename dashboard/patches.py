"""Which changes from a page the server applies: what the page offers the learner, nothing else.

(Over 300 lines on purpose: the allowlist and its checks must be read as one table.)

Bokeh applies any change a client sends to any property of any model in the session's
document, and builds any model the message describes. A page only ever sends a handful of
kinds: a widget's value, a button's click, a plot's ranges after a pan or zoom, the size the
browser laid a plot out at, which toolbar tool is active, and what Panel reads about the
browser. This table is that handful, enumerated by logging every event a real session sent while
every control of the page was used (and the browser tests pass with it). Everything else in a
PATCH-DOC message is dropped before Bokeh reads it: a data source's ``data``, a button's
``label``, a new model, a new root, a streamed column.

Each kept value must be plain JSON (numbers, text, true/false, null and lists of them; Bokeh's
``{"type": "number", "value": "nan"}`` for NaN and the infinities), or a reference to a model
already in the document, and valid for the property it is written to; so applying it cannot
fail in Bokeh, and whatever the model then refuses (NaN, a weight out of bounds) is refused with
a message by the app, as from a typed box.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from bokeh.core.property.descriptors import PropertyDescriptor
from bokeh.events import Event
from bokeh.model import DataModel

from model.lang import Phrase

from . import notices

#: The message types a page sends; any other (a PUSH-DOC replacing the whole document) is dropped.
MESSAGES = frozenset({"PATCH-DOC", "PULL-DOC-REQ", "SERVER-INFO-REQ"})

#: Bokeh events a page may send (``MessageSent`` of type ``bokeh_event``), by name.
EVENTS = frozenset(
    {
        "document_ready",  # the page has rendered
        "button_click",  # + Add neuron, ✕, Save JSON, Download HTML
        "menu_item_click",
        "value_submit",  # Enter in a text box
        "legend_item_click",
        "reset",  # the plot's reset tool
        "rangesupdate",
        "lodstart",
        "lodend",
        "selectiongeometry",
        # A click or tap on a plot: a clicked point of the target (dashboard.targets), as
        # dashboard.plots.CLICKS names them (a tap, a slow click, a quick second click).
        "tap",
        "pressup",
        "doubletap",
    }
)

#: Browser layout reports: every laid-out element tells the server its size.
_SIZE = ("inner_width", "inner_height", "outer_width", "outer_height")


def _attributes() -> list[tuple[type, frozenset[str]]]:
    """(Bokeh model class, attributes a page may write), subclasses included."""
    from bokeh.models import (
        AbstractButton,
        AbstractGroup,
        AbstractSlider,
        FileInput,
        LayoutDOM,
        NumericInput,
        Range,
        Select,
        Spinner,
        Tabs,
        ToolProxy,
        Tooltip,
    )
    from bokeh.models.tools import Tool
    from bokeh.models.widgets.inputs import TextLikeInput, ToggleInput
    from panel.models import BrowserInfo, Card, FileDownload, Location

    return [
        # A slider's ends too: Panel's editable slider moves them to a value typed beyond them.
        (AbstractSlider, frozenset({"value", "value_throttled", "start", "end"})),
        (Spinner, frozenset({"value", "value_throttled"})),
        (NumericInput, frozenset({"value"})),
        (ToggleInput, frozenset({"active"})),  # Checkbox, Switch
        (AbstractGroup, frozenset({"active"})),  # radio and checkbox groups and button groups
        (AbstractButton, frozenset({"active"})),  # Toggle
        (Select, frozenset({"value"})),  # Panel's CustomSelect too
        (TextLikeInput, frozenset({"value", "value_input"})),
        (FileInput, frozenset({"value", "filename", "mime_type"})),
        (FileDownload, frozenset({"clicks"})),
        (Range, frozenset({"start", "end"})),  # pan and zoom
        (Tool, frozenset({"active"})),
        (ToolProxy, frozenset({"active"})),
        (Tooltip, frozenset({"visible"})),
        (Tabs, frozenset({"active"})),
        (Card, frozenset({"collapsed"})),
        (LayoutDOM, frozenset(_SIZE)),
        (
            BrowserInfo,
            frozenset(
                {
                    "dark_mode",
                    "device_pixel_ratio",
                    "language",
                    "timezone",
                    "timezone_offset",
                    "webdriver",
                    "webgl",
                }
            ),
        ),
        (
            Location,
            frozenset(
                {"href", "hostname", "pathname", "protocol", "port", "search", "hash", "reload"}
            ),
        ),
    ]


#: Panel's notifications are Bokeh models Panel makes at run time (``DataModel``s named after
#: the class): the page marks each shown, then gone (which lets the server drop it). The page's
#: outbox is one of ours.
_DATA_MODELS = {
    "Notification": frozenset({"_rendered", "_destroyed"}),
    "PageOutbox": frozenset({"message"}),  # the page's slider values (dashboard.outbox)
}

_TABLE: list[tuple[type, frozenset[str]]] | None = None
_DATA: dict[str, frozenset[str]] = {}


def _data_models() -> dict[str, frozenset[str]]:
    """``_DATA_MODELS`` and the walk's memory in the browser (``dashboard.walk``: what the
    browser kept, and where its Back or Forward landed), whose model Panel names."""
    from .walk import BrowserMemory

    return {**_DATA_MODELS, BrowserMemory.model_name(): BrowserMemory.FROM_PAGE}


def offered(model, attr: str) -> bool:
    """Whether the page offers the learner a way to change ``attr`` of ``model``."""
    global _TABLE, _DATA
    if _TABLE is None:
        _TABLE, _DATA = _attributes(), _data_models()
    if isinstance(model, DataModel):
        return attr in _DATA.get(type(model).__name__, ())
    return any(isinstance(model, cls) and attr in attrs for cls, attrs in _TABLE)


_SPECIAL = {"nan": math.nan, "-inf": -math.inf, "+inf": math.inf, "inf": math.inf}
#: Lists nest at most this deep in a kept value (a checkbox group's ``active`` is one level).
_DEPTH = 3


class NotPlain(ValueError):
    pass


def plain(value, doc, depth: int = 0):
    """``value`` decoded, if it is plain JSON or a reference to a model in ``doc``; raises
    ``NotPlain`` for anything Bokeh would build (a model, an array, bytes) or cannot find."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if depth >= _DEPTH:
        raise NotPlain("nested too deep")
    if isinstance(value, list):
        return [plain(v, doc, depth + 1) for v in value]
    if isinstance(value, dict):
        kind = value.get("type")
        if kind == "number" and set(value) == {"type", "value"} and value["value"] in _SPECIAL:
            return _SPECIAL[value["value"]]
        # A reference: {"id": …} from a browser; Bokeh's Python client writes the model out
        # ({"type": "object", "name": …, "id": …}), which Bokeh resolves to the one it has.
        if (set(value) == {"id"} or kind == "object") and isinstance(value.get("id"), str):
            model = doc.models.get_by_id(value["id"])
            if model is None:
                raise NotPlain("a reference to a model not in the document")
            return model
        if kind == "map" and set(value) <= {"type", "entries"}:
            entries = value.get("entries", [])
            if not isinstance(entries, list) or not all(
                isinstance(e, list) and len(e) == 2 for e in entries
            ):
                raise NotPlain("a malformed map")
            return {plain(k, doc, depth + 1): plain(v, doc, depth + 1) for k, v in entries}
        raise NotPlain(f"an encoded {str(kind)[:20]!r}")
    raise NotPlain(f"a {type(value).__name__}")


@dataclass(frozen=True)
class Dropped:
    """One event left out of a message, and why (for the log)."""

    what: str
    why: str
    #: Routine (a change to a model the server had just replaced): not worth a log line.
    routine: bool = False
    #: What to tell the learner, for a value of a control that control cannot send.
    tell: str | None = None


def _as_refs(value):
    """``value`` with every model written out replaced by a bare reference to it (all of them
    known to be in the document: ``plain`` has checked)."""
    if isinstance(value, list):
        return [_as_refs(v) for v in value]
    if isinstance(value, dict):
        if value.get("type") == "object" and "id" in value:
            return {"id": value["id"]}
        return {k: _as_refs(v) for k, v in value.items()}
    return value


def _model_changed(event: dict, doc) -> Dropped | None:
    ref, attr = event.get("model"), event.get("attr")
    if not isinstance(ref, dict) or not isinstance(ref.get("id"), str) or not isinstance(attr, str):
        return Dropped("a malformed change", "no model id or attribute")
    model = doc.models.get_by_id(ref["id"])
    if model is None:  # removed meanwhile (the page had not heard yet), or never there
        return Dropped(f"a change of {attr[:40]!r}", "its model is not in the document", True)
    what = f"{type(model).__name__}.{attr[:40]}"
    if not offered(model, attr):
        return Dropped(what, "the page offers no such change")
    try:
        value = plain(event.get("new"), doc)
    except NotPlain as error:
        return Dropped(what, f"its value is {error}", tell=refusal(model, attr, _UNREADABLE))
    descriptor = model.lookup(attr, raises=False)
    if not isinstance(descriptor, PropertyDescriptor) or not descriptor.property.is_valid(value):
        why = "its value is not valid for the property"
        return Dropped(what, why, tell=refusal(model, attr, value))
    if not within_reach(model, attr, value):
        why = "the page's control cannot send that value"
        return Dropped(what, why, tell=refusal(model, attr, value))
    return None


#: The values of a control the learner sets, and so may be told about when refused.
_VALUES = ("value", "value_throttled", "active")
#: A value that could not be read (a model, an array): told as "that value".
_UNREADABLE = object()


def refusal(model, attr: str, value) -> str | None:
    """The sentence that tells the learner a value of one of the page's controls was refused
    (the control could not have sent it: a forged message); None for anything else."""
    from bokeh.models import AbstractGroup, AbstractSlider, InputWidget, Select
    from bokeh.models.widgets.inputs import ToggleInput

    if attr not in _VALUES:
        return None
    kinds = [(AbstractSlider, "slider"), (Select, "menu"), (AbstractGroup, "buttons"),
             (ToggleInput, "check box"), (InputWidget, "box")]  # fmt: skip
    kind = next((k for cls, k in kinds if isinstance(model, cls)), None)
    if kind is None:
        return None
    title = getattr(model, "title", None) or getattr(model, "label", None)
    if not title and isinstance(model, AbstractGroup):
        title = " / ".join(str(label) for label in model.labels[:6])
    return refused_sentence(kind, title, value)


def refused_sentence(kind: str, title, value) -> Phrase:
    """ "Not applied: the slider 'weight w' cannot be set to nan; it offers no such value.",
    as a ``Phrase`` that the page says in its language (``title`` is the control's own label,
    already in it; ``value`` what the page sent, shown as a literal)."""
    what = Phrase(f"ui.refused.kind.{kind.replace(' ', '_')}")
    shown = Phrase("ui.refused.that_value") if value is _UNREADABLE else repr(value)[:60]
    if title:
        return Phrase("ui.refused.named", kind=what, title=str(title)[:40], value=shown)
    return Phrase("ui.refused.unnamed", kind=what, value=shown)


def _finite(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def within_reach(model, attr: str, value) -> bool:
    """Whether the control itself could send ``value``: a slider only finite values between
    its ends, a number box only finite numbers within its limits, a plot only finite ranges.
    a menu only one of its options, a group of buttons only one of its buttons. (Nothing a
    browser's control sends, even typed, is refused here.) Which of those values the app takes
    is the app's to decide, and to tell the learner about."""
    from bokeh.models import AbstractGroup, AbstractSlider, NumericInput, Range, Select

    if isinstance(model, AbstractSlider) and attr in ("value", "value_throttled"):
        ends = (model.start, model.end)
        values = value if isinstance(value, (list, tuple)) else [value]
        return all(_finite(v) and min(ends) <= v <= max(ends) for v in values)
    if isinstance(model, NumericInput) and attr in ("value", "value_throttled"):
        if value is None:  # an empty box
            return True
        low = model.low if model.low is not None else -math.inf
        high = model.high if model.high is not None else math.inf
        return _finite(value) and low <= value <= high
    if isinstance(model, AbstractSlider) and attr in ("start", "end"):
        return _finite(value)
    if isinstance(model, Range) and attr in ("start", "end"):
        return value is None or _finite(value)
    if isinstance(model, Select) and attr == "value":
        return value in _choices(model.options)
    if isinstance(model, AbstractGroup) and attr == "active":
        # One button of a radio group (never none, once chosen), or a list of check boxes.
        indices = value if isinstance(value, list) else [value]
        return all(_index(i) and 0 <= i < len(model.labels) for i in indices)
    return True


def _index(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _choices(options) -> set:
    """The values a Select can send: its options (or each option's value), in groups too."""
    if isinstance(options, dict):
        return set().union(*(_choices(group) for group in options.values()))
    return {o[0] if isinstance(o, (tuple, list)) else o for o in options}


def _message_sent(event: dict, doc) -> Dropped | None:
    data = event.get("msg_data")
    if event.get("msg_type") != "bokeh_event" or not isinstance(data, dict):
        return Dropped("a message", f"of type {str(event.get('msg_type'))[:40]!r}")
    name = data.get("name")
    if data.get("type") != "event" or name not in EVENTS:
        return Dropped(f"an event {str(name)[:40]!r}", "the page sends no such event")
    values = data.get("values")
    if not isinstance(values, dict) or values.get("type") != "map":
        return Dropped(f"an event {name!r}", "its values are not a map")
    try:
        decoded = plain(values, doc)
    except NotPlain as error:
        return Dropped(f"an event {name!r}", f"its values hold {error}")
    try:  # as Bokeh will make it: an event checks its model's type, and takes only its fields
        Event.cls_for(name)(**decoded)
    except Exception as error:
        return Dropped(f"an event {name!r}", f"its values do not fit it ({type(error).__name__})")
    return None


def sift(content, doc) -> tuple[list, list[Dropped]]:
    """The events of PATCH-DOC ``content`` to apply to ``doc``, and those left out."""
    events = content.get("events") if isinstance(content, dict) else None
    if not isinstance(events, list):
        return [], [Dropped("a malformed message", "no list of events")]
    kept, dropped = [], []
    for event in events:
        why = _check(event, doc)
        if why is None:
            kept.append(_as_refs(event))
        else:
            dropped.append(why)
    # The learner hears of a refused value of a control, once per message (a slider sends
    # its value twice), with no traceback anywhere: nothing was applied that could raise.
    told = list(dict.fromkeys(d.tell for d in dropped if d.tell))
    if told:
        notices.tell(doc, told[-1])
    return kept, dropped


def _check(event, doc) -> Dropped | None:
    if not isinstance(event, dict):
        return Dropped("a malformed event", "not an object")
    kind = event.get("kind")
    if kind == "ModelChanged":
        return _model_changed(event, doc)
    if kind == "MessageSent":
        return _message_sent(event, doc)
    return Dropped(f"a {str(kind)[:40]!r} event", "the page sends no such event")
