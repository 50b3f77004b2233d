"""Widgets bound to the model's parameters, and the per-neuron control cards.

(Over 300 lines on purpose: every control's two sides, its callback in the page and its binding
to the model, are written here once, for the sliders, boxes and cards alike.)

Every control is two things at once. In the page, its JavaScript callback writes the new value
into the page's NetState, so the curves move at once, with no round trip. Through Panel, the
value also reaches the model on the server, which owns everything else (formula, diagram,
link, JSON). A change that came from a widget is marked (``from_page``): the page already
shows it, so the server does not send it back as NetState (a value the server learned a moment
ago would pull the curves back to where the hand was).
"""

from __future__ import annotations

import html
import json
import math
import re
from contextlib import contextmanager
from decimal import Decimal
from functools import cache
from pathlib import Path

import panel as pn
import param

from model import Neuron
from model.lang import LANGUAGES, text
from model.messages import Refusal, number_text

from .notebook import Text
from .notices import plain
from .outbox import control_key
from .plots import neuron_id
from .words import Phrase, Words

#: How deep the handling of a change from a widget is. A plain counter, not a context
#: variable: asyncio copies context variables into tasks created meanwhile, and a later,
#: unrelated change would then look as if it came from the page. Changes are handled on one
#: thread, one at a time.
_from_page = 0


def from_page() -> bool:
    """Whether the model change being handled came from a widget (and so is in the page)."""
    return _from_page > 0


@contextmanager
def page_change():
    global _from_page
    _from_page += 1
    try:
        yield
    finally:
        _from_page -= 1


#: While above 0, the controls leave their slider and box behind the model, to catch up at the
#: rate of the text (``NumberControl.catch_up_box``): training writes the weights ten times a
#: second, and moving every slider and box of the page as often costs the page more than the
#: curves do.
_later = 0


@contextmanager
def controls_later():
    """Model changes made inside the block reach the sliders and boxes at the text's rate."""
    global _later
    _later += 1
    try:
        yield
    finally:
        _later -= 1


def state_js(key: str, neuron: str | None, value: str = "cb_obj.value", state="curves.tags[0]"):
    """JavaScript that writes ``value`` into the page's NetState (``key`` of neuron ``neuron``,
    or the scalar ``key``) and so redraws; nothing before the first drawing defines nnshape."""
    target = "null" if neuron is None else repr(neuron)
    return f"if (window.nnshape) nnshape.set({state}, {key!r}, {target}, {value});"


def aria(name: str) -> list[str]:
    """Widget ``tags`` that give its control the accessible name ``name`` in the page
    (``dashboard/js/a11y.js`` reads them: Bokeh has no property for it)."""
    return [f"aria-label={name}"]


@cache
def accessibility_js() -> str:
    """The page's accessibility layer (``dashboard/js/a11y.js``): run it once the page is built,
    as a ``CustomJS`` on the document's ``document_ready``. It finds a neuron's weight slider
    by its accessible name, in whichever language the page is in."""
    code = (Path(__file__).parent / "js" / "a11y.js").read_text(encoding="utf-8")
    return code.replace("WEIGHT_NAMES", json.dumps(weight_names()))


def weight_names() -> list[str]:
    """Regular expressions (JS and Python alike) for a neuron's weight slider's accessible
    name, one per language: "Neuron 2 weight w", "ニューロン 2 の重み w"."""
    names = []
    for lang in LANGUAGES:
        subject = text("ui.card.neuron", lang, n="0")
        name = text("ui.number.aria", lang, subject=subject, label=text("ui.card.weight", lang))
        head, _, tail = name.partition("0")
        names.append("^" + re.escape(head) + r"\d+" + re.escape(tail) + "$")
    return names


def accessibility_callback():
    """A fresh ``CustomJS`` that installs the accessibility layer (one per document)."""
    from bokeh.models import CustomJS

    return CustomJS(code=accessibility_js())


def bind(widget, obj: param.Parameterized, name: str, js: str | None = None, curves=None):
    """``widget.value`` and ``obj.name`` follow each other; ``js`` also runs in the page."""

    def to_model(event) -> None:
        if js is None:
            setattr(obj, name, event.new)
            return
        with page_change():  # its callback has drawn it in the page already
            setattr(obj, name, event.new)

    def to_widget(event) -> None:
        widget.value = event.new

    widget.param.watch(to_model, "value")
    obj.param.watch(to_widget, name)
    if js is not None:
        widget.jscallback(value=js, args={"curves": curves})
    return widget


def on_step(value: float, step: float) -> float:
    """A slider's value as the decimal its step makes it: ``1.1``, not ``1.1000000000000001``.

    The browser adds steps in binary floating point; the model (and so the link and the
    formula) must hold the number the box shows.
    """
    decimals = max(0, -Decimal(repr(float(step))).as_tuple().exponent)
    rounded = round(float(value), decimals)
    return rounded if abs(rounded - value) <= abs(step) * 1e-6 else float(value)


class PageSlider(pn.widgets.FloatSlider):
    """A slider whose moves the page keeps: its value is not synced to the server, which learns
    it through the page's outbox at a bounded rate (``dashboard.outbox``). The server's own
    changes (Undo, a figure) still reach the page."""

    def _get_model(self, doc, root=None, parent=None, comm=None):
        model = super()._get_model(doc, root, parent, comm)
        model.syncable = False
        return model

    def _update_model(self, events, msg, root, model, doc, comm) -> None:
        # The server's copy of the slider keeps the value the server last sent, while the
        # page's has moved on with the hand: a value the server sets may equal that copy and
        # so, to Bokeh, be no change at all (Undo back to where a drag began). Send it anyway.
        # (Panel's hook for a model update; pinned by tests/ui/test_outbox.py's Undo test.)
        unchanged = "value" in msg and model.value == msg["value"]
        super()._update_model(events, msg, root, model, doc, comm)
        if unchanged:
            model.trigger("value", model.value, model.value)


class NumberControl(pn.viewable.Viewer):
    """A slider over the parameter's soft range and a box to type any value within its bounds.

    A refused value is explained next to the box, and the box shows the model's value again.
    Where the page has an outbox (``curves.outbox``), the slider's moves reach the model
    through it (``from_page``); elsewhere the slider itself is synced.
    """

    def __init__(self, obj, name: str, label, key: str, neuron: str | None, curves,
                 help_text="", subject="", words: Words | None = None):  # fmt: skip
        """``label``, ``help_text`` and ``subject`` are catalogue keys, or ``Phrase``s for
        text with fields, shown in the language of ``words`` (and again at each switch)."""
        super().__init__()
        self.words = words if words is not None else Words()
        self._label, self._help, self._subject = label, help_text, subject
        self.obj, self.name_, self.label = obj, name, self._say(label)
        parameter = obj.param[name]
        start, end = parameter.get_soft_bounds()
        value = getattr(obj, name)
        self.step = parameter.step
        outbox = getattr(curves, "outbox", None)
        slider_type = pn.widgets.FloatSlider if outbox is None else PageSlider
        self.slider = slider_type(
            start=min(start, value), end=max(end, value), step=self.step,
            value=value, show_value=False, sizing_mode="stretch_width", margin=(0, 8),
        )  # fmt: skip
        self.box = pn.widgets.TextInput(value=number_text(value), width=96, margin=(12, 8, 0, 0))
        value_js = f"nnshape.on_step(cb_obj.value, {self.step!r})"
        code, args = state_js(key, neuron, value_js), {"curves": curves}
        if outbox is not None:
            sent = control_key(key, neuron)
            send = f"nnshape.send(curves.tags[2], {sent!r}, {value_js}, {outbox.js_args})"
            # Only the hand's values go out: a value the server gave is the model's already
            # (``nnshape.from_server`` in dashboard/js/fit.js says which).
            code += f"\nif (window.nnshape && !nnshape.from_server(cb_obj)) {send};"
            # Where the page says a hand took hold of a slider (dashboard/js/fit.js).
            code += f"\nif (window.nnshape) nnshape.hand = [curves.tags[2], {outbox.js_args}];"
            outbox.register(sent, self)
        self.slider.jscallback(value=code, args=args)
        self.message = Text("", visible=False, margin=(0, 8), styles={"color": "#842029"})
        self.help = Text("", margin=(0, 8), styles={"color": "#555", "font-size": "12px"})
        self.help.visible = bool(help_text)
        self._told = None  # why the last value was not applied, if it was not
        self._relabel()
        self.words.follow(self._relabel)
        self._restoring = False
        #: While a value from the page's outbox is taken, the box is left for later; whether
        #: it is behind the model now (``catch_up_box``).
        self._box_later = False
        self.box_behind = False
        self.slider_behind = False  # left behind the model (``controls_later``)
        #: Whether training has moved the value since the hand's last one (``controls_later``):
        #: what the server sent the page then can reach it after the hand's value left it, and
        #: the page would show training's value (``from_page``).
        self._trained = False
        self.slider.param.watch(self._from_slider, "value")
        self.box.param.watch(self._from_box, "value")
        obj.param.watch(self._from_model, name)

    def _say(self, key) -> str:
        """A key's text (or a ``Phrase``'s) in the page's language."""
        if not key:
            return ""
        return self.words.say(key) if isinstance(key, Phrase) else self.words(key)

    def _relabel(self) -> None:
        self.label = label = self._say(self._label)
        self.slider.name = label
        self.box.description = self.words("ui.number.type", label=label)
        self.help.object = plain(self._say(self._help))
        self.set_subject(self._subject)
        if self._told is not None:  # what it said is said again
            self.message.object = plain(self.words.say(self._told))

    def set_subject(self, subject) -> None:
        """Name both controls for a screen reader: "Neuron 2 weight w", not "slider"
        (``subject``: a key or a ``Phrase``)."""
        self._subject = subject
        name = self.words("ui.number.aria", subject=self._say(subject), label=self.label).strip()
        self.slider.tags = aria(name)
        self.box.tags = aria(self.words("ui.number.aria_box", name=name))

    def set_disabled(self, disabled: bool) -> None:
        """Both controls at once: a disabled one is out of the Tab order (``a11y.js``)."""
        self.slider.disabled = self.box.disabled = disabled

    def _from_slider(self, event) -> None:
        with page_change():
            self._set(on_step(event.new, self.step))

    def from_page(self, value) -> str | None:
        """A value the page's slider took, sent through its outbox: the page shows it already,
        so the server's copy of the slider takes it silently, and the model follows.

        A value the slider cannot take (not a finite number between its ends: a forged
        message) changes nothing; the page's slider goes back, and the sentence that tells the
        learner is returned.
        """
        from .patches import refused_sentence

        slider = self.slider
        number = isinstance(value, (int, float)) and not isinstance(value, bool)
        if not (number and math.isfinite(value) and slider.start <= value <= slider.end):
            slider.param.trigger("value")  # the page's slider shows the model's value again
            return refused_sentence("slider", self.label, value)
        value = on_step(float(value), self.step)
        with param.parameterized.discard_events(slider):
            slider.value = value
        crossed, self._trained = self._trained, False
        if crossed:  # training's last values may have crossed the hand's: send it all back
            self._set(value)  # not the page's change: its curves are sent the model's value
            slider.param.trigger("value")  # and so is its slider
            return None
        self._box_later = True
        try:
            with page_change():
                if not self._set(value):
                    slider.param.trigger("value")  # the page's slider shows the model's value
        finally:
            self._box_later = False
        return None

    def catch_up_box(self) -> None:
        """The box shows the model's value, if values from the page have left it behind (it
        follows them at the rate of the formula and the link, not of every message)."""
        if self.slider_behind:
            self._show(getattr(self.obj, self.name_))
            return
        if self.box_behind:
            self.box_behind = False
            text = number_text(getattr(self.obj, self.name_))
            if self.box.value != text:
                self.box.value = text

    def _from_box(self, event) -> None:
        if self._restoring:
            return
        text = event.new.strip().replace("\u2212", "-")  # a real minus sign, typed or pasted
        try:
            value = float(text)
            self.obj.param[self.name_].check(value, self.slider.name)
        except ValueError as error:
            why = (
                error.message
                if isinstance(error, Refusal)
                else Phrase("ui.refused.not_number", text=repr(text[:20]))
            )
            self._tell(Phrase("ui.refused.not_applied", why=why))
            self._restoring = True  # the box shows the model's value again
            try:
                self.box.value = number_text(getattr(self.obj, self.name_))
            finally:
                self._restoring = False
            return
        setattr(self.obj, self.name_, value)
        self.message.visible = False

    def _set(self, value: float) -> bool:
        try:
            setattr(self.obj, self.name_, value)
        except Refusal as error:
            self._tell(error.message)
            return False
        return True

    def _tell(self, message) -> None:
        """Show why a value was not applied, in the page's language (again at a switch)."""
        self._told = message
        self.message.object = plain(self.words.say(message))
        self.message.visible = True

    def _from_model(self, event) -> None:
        if _later:
            self.slider_behind = self.box_behind = self._trained = True
            return
        self._show(event.new)

    def _show(self, value) -> None:
        self.slider_behind = False
        slider = self.slider
        if value < slider.start or value > slider.end:
            slider.param.update(start=min(slider.start, value), end=max(slider.end, value))
        if on_step(slider.value, self.step) != value:
            slider.value = value
        self.message.visible = False
        if self._box_later:
            self.box_behind = True
            return
        self.box_behind = False
        text = number_text(value)
        if self.box.value != text:
            self.box.value = text

    def __panel__(self):
        return pn.Column(
            pn.Row(self.slider, self.box, sizing_mode="stretch_width", margin=0),
            self.message,
            self.help,
            sizing_mode="stretch_width",
            margin=0,
        )


def swatch(color: str, text: str) -> str:
    return (
        f'<span class="nn-swatch" style="display:inline-block;width:12px;height:12px;'
        f"border-radius:50%;background:{html.escape(color)};margin-right:6px;"
        f'vertical-align:middle;border:1px solid #555"></span>'
        f"<b>{html.escape(text)}</b>"
    )


class NeuronCard(param.Parameterized):
    """The controls of one hidden neuron: weight, bias, visibility and a remove button."""

    shown = param.Boolean(default=True, doc="Draw this neuron's curve.")

    def __init__(self, neuron: Neuron, index: int, on_remove, curves, words: Words, color=None,
                 **params):  # fmt: skip
        super().__init__(**params)
        self.words = words
        self.neuron = neuron
        self.id = neuron_id(neuron)
        self.color = color or neuron.color  # its curve's colour (View.colors)
        self.index = index
        self.header = Text("", margin=(0, 5))
        self.weight = NumberControl(
            neuron, "weight", "ui.card.weight", "weights", self.id, curves, words=words
        )
        self.bias = NumberControl(
            neuron, "bias", "ui.card.bias", "biases", self.id, curves,
            help_text="ui.card.bias_help", words=words,
        )  # fmt: skip
        #: Its output weight v, made when the layer first has output weights (``set_outputs``):
        #: until then the page holds no slider for it, and the sliders' order is the article's.
        self.output: NumberControl | None = None
        self._curves = curves
        self.output_row = pn.Column(visible=False, margin=0, sizing_mode="stretch_width")
        self.show = words.bind(
            pn.widgets.Checkbox(value=self.shown, margin=(5, 5)), "name", "ui.card.show"
        )
        self.show.jscallback(
            value=state_js("shown", self.id, "cb_obj.active"), args={"curves": curves}
        )
        self.show.param.watch(self._from_show, "value")
        self.remove = words.bind(
            pn.widgets.Button(width=80, height=30, margin=(0, 5)), "name", "ui.card.remove"
        )
        self.remove.on_click(lambda _event: on_remove(self.neuron))
        self.view = pn.Column(
            pn.Row(self.header, pn.layout.HSpacer(), self.show, self.remove, margin=0),
            self.weight,
            self.bias,
            self.output_row,
            styles={"border-left": f"4px solid {self.color}", "padding-left": "6px"},
            sizing_mode="stretch_width",
            margin=(4, 0),
        )
        self.set_index(index)
        words.follow(self._relabel)

    def _from_show(self, event) -> None:
        with page_change():
            self.shown = event.new

    def set_shown(self, shown: bool) -> None:
        """From the model's side: the box follows without counting as a change from the page."""
        self.shown = shown
        self.show.value = shown

    def set_color(self, color: str) -> None:
        """Its curve is drawn in ``color`` now (another palette)."""
        if color != self.color:
            self.color = color
            self.view.styles = {**self.view.styles, "border-left": f"4px solid {color}"}
            self._relabel()

    def set_index(self, index: int) -> None:
        self.index = index
        self._relabel()

    def _relabel(self) -> None:
        """Its words, for its place in the layer and the page's language."""
        words, n = self.words, self.index + 1
        self.header.object = swatch(self.color, words("ui.card.neuron", n=n))
        self.remove.description = words("ui.card.remove_about", n=n)
        self.remove.tags = aria(words("ui.card.remove_about", n=n))
        self.show.tags = aria(words("ui.card.show_about", n=n))
        subject = Phrase("ui.card.neuron", n=n)
        for control in (self.weight, self.bias, self.output):
            if control is not None:
                control.set_subject(subject)

    def set_outputs(self, on: bool) -> None:
        """Its output weight's slider is shown while the layer has output weights."""
        if on and self.output is None:
            self.output = NumberControl(
                self.neuron, "output_weight", "ui.card.output", "v", self.id, self._curves,
                subject=Phrase("ui.card.neuron", n=self.index + 1), words=self.words,
            )  # fmt: skip
            self.output_row.objects = [self.output]
        if self.output_row.visible != on:
            self.output_row.visible = on
