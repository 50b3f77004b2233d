"""Widgets bound to the model's parameters, and the per-neuron control cards."""

from __future__ import annotations

import html
import time
from decimal import Decimal
from functools import partial

import panel as pn
import param
from panel.io.state import set_curdoc

from model import Neuron

from .backlog import value_waiting
from .notebook import Text


class FastFloatSlider(pn.widgets.FloatSlider):
    """A FloatSlider whose value from the browser reaches the model at once, as in plain Bokeh.

    Panel would apply a browser change 50 ms later (its debounce), then walk it through the
    widget, the editable slider around it and a parameter link before the model sees it: about
    three quarters of the server's work per change, all before the curves can leave. Here the
    value goes straight to the model parameter ``target`` inside Bokeh's (or the notebook
    comm's) handling of the message, so the curves leave in the reply to it; the widgets (the
    typed box, Panel's own copy of the value) catch up when the hand pauses, at least every
    ``CATCH_UP_MAX_MS``. When the server has fallen behind a drag, a value whose successor is
    already waiting is skipped, not computed (``dashboard.backlog``): the hand never waits for
    stale curves. ``value_throttled`` (sent on release, and with every key press) is ignored:
    nothing here uses it. Panel and Bokeh internals used here are pinned by
    ``tests/test_panel_internals.py``.
    """

    _debounce = 0
    #: The widgets catch up once the slider has rested this long (ms)…
    CATCH_UP_MS = 40
    #: …or, during a long drag, at least this often (ms).
    CATCH_UP_MAX_MS = 250
    #: A skipped value is applied after this long (ms) if its successor has not been, by then.
    SKIPPED_MS = 100

    def __init__(self, **params):
        super().__init__(**params)
        #: ``(parameterized, name)``: where a value from the browser goes first; None: Panel's way.
        self.target: tuple[param.Parameterized, str] | None = None
        self.applying = False  # True while a browser value is being applied to ``target``
        self._skipped: float | None = None  # a value passed over for one already waiting
        self._behind: float | None = None  # the value the widgets have yet to catch up with
        self._behind_since = self._behind_at = 0.0

    @property
    def _linked_properties(self) -> tuple[str, ...]:
        return tuple(p for p in super()._linked_properties if p != "value_throttled")

    def _server_change(self, doc, ref, subpath, attr, old, new) -> None:
        if not self._takes(ref, subpath, attr):
            super()._server_change(doc, ref, subpath, attr, old, new)
        elif value_waiting(doc, self._models[ref][0].id):
            # The later value's message is already here and will be handled next; should it
            # somehow not be, this one is applied after all, a moment later.
            if self._skipped is None:
                doc.add_timeout_callback(partial(self._apply_skipped, doc), self.SKIPPED_MS)
            self._skipped = new
        else:
            self._skipped = None
            self._apply(doc, new, None)

    def _comm_change(self, doc, ref, comm, subpath, attr, old, new) -> None:
        if not self._takes(ref, subpath, attr):
            super()._comm_change(doc, ref, comm, subpath, attr, old, new)
        else:
            self._apply(doc, new, comm)

    def _takes(self, ref, subpath, attr) -> bool:
        """Whether this change is a browser's value for ``target`` (not Python's own echo)."""
        return (
            self.target is not None
            and not subpath
            and attr == "value"
            and attr not in self._changing.get(ref, ())
        )

    def _apply_skipped(self, doc) -> None:
        value, self._skipped = self._skipped, None
        if value is not None:
            self._apply(doc, value, None)

    def _apply(self, doc, value: float, comm) -> None:
        obj, name = self.target
        value = on_step(value, self.step)
        with set_curdoc(doc):
            self.applying = True
            try:
                # One message: every curve and range together (pushed at once in a notebook).
                with pn.io.hold(doc, comm=comm):
                    setattr(obj, name, value)
            except ValueError:
                self.applying = False  # before finally: Panel's pass must reach the widgets
                self._process_events({"value": value})  # refused: Panel's way reports it
                return
            finally:
                self.applying = False
        if comm is not None or doc.session_context is None:
            self._catch_up(doc, comm, value)  # a notebook: the curves have been pushed already
            return
        now = time.monotonic()
        if self._behind is None:
            self._behind_since = now
            doc.add_timeout_callback(partial(self._catch_up_when_due, doc), self.CATCH_UP_MS)
        self._behind, self._behind_at = value, now

    def yield_to_python(self) -> float | None:
        """The model was just set from Python: drop what the browser sent and is still pending.

        A skipped value must not be applied over Python's; Panel's copy of the value becomes the
        browser's, silently, so that Python's value counts as a change and reaches the browser,
        even when it equals the value from before the browser's. Returns that browser value,
        or None if nothing was pending.
        """
        browser = self._skipped if self._skipped is not None else self._behind
        self._skipped = self._behind = None
        if browser is not None:
            with param.parameterized.discard_events(self):
                self.value = browser
        return browser

    def _catch_up_when_due(self, doc) -> None:
        now = time.monotonic()
        due = min(
            self._behind_at + self.CATCH_UP_MS / 1000,
            self._behind_since + self.CATCH_UP_MAX_MS / 1000,
        )
        if now < due:
            doc.add_timeout_callback(
                partial(self._catch_up_when_due, doc), int((due - now) * 1000) + 1
            )
            return
        value, self._behind = self._behind, None
        self._catch_up(doc, None, value)

    def _catch_up(self, doc, comm, value: float | None) -> None:
        obj, name = self.target
        if value is None or getattr(obj, name) != value:
            return  # something else has set the model since; the widgets follow that instead
        with set_curdoc(doc), pn.io.hold(doc, comm=comm):
            self._process_events({"value": value})


def on_step(value: float, step: float) -> float:
    """A slider's value as the decimal its step makes it: ``1.1``, not ``1.1000000000000001``.

    The browser adds steps in binary floating point; the box shows the value rounded to the
    step's decimals, and the model (and so the permalink and the formula) must hold that
    same number.
    """
    decimals = max(0, -Decimal(repr(float(step))).as_tuple().exponent)
    rounded = round(float(value), decimals)
    return rounded if abs(rounded - value) <= abs(step) * 1e-6 else float(value)


class NumberSlider(pn.widgets.EditableFloatSlider):
    """A slider with a box to type an exact value (beyond the slider's range, within bounds)."""

    _slider_widget = FastFloatSlider


def number_slider(parameter: param.Parameter, label: str, **kw) -> NumberSlider:
    """A NumberSlider bound both ways to a model parameter; its ranges come from the parameter.

    The slider spans the parameter's soft bounds, the typed box its hard bounds. Moving the
    slider in a browser sets the parameter directly (``FastFloatSlider``); everything else
    (typing, Python) goes through the widget's ``value``.
    """
    obj, name = parameter.owner, parameter.name
    lo, hi = parameter.bounds
    start, end = parameter.get_soft_bounds()
    widget = NumberSlider(
        value=getattr(obj, name), start=start, end=end, fixed_start=lo, fixed_end=hi,
        step=parameter.step, label=label, format="0.0[00000]", width=310, **kw,
    )  # fmt: skip
    slider = widget._slider
    slider.target = (obj, name)

    def to_model(event) -> None:
        setattr(obj, name, event.new)

    def to_widget(event) -> None:
        if slider.applying:
            return  # a browser value: the widgets catch up later, in one go
        browser = slider.yield_to_python()
        if browser is not None:
            with param.parameterized.discard_events(widget):
                widget.value = browser
        widget.value = event.new

    widget.param.watch(to_model, "value")
    obj.param.watch(to_widget, name)
    return widget


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

    def __init__(self, neuron: Neuron, index: int, on_remove, **params):
        super().__init__(**params)
        self.neuron = neuron
        self.header = Text(swatch(neuron.color, f"Neuron {index + 1}"), margin=(0, 5))
        self.weight = number_slider(neuron.param.weight, "weight w")
        self.bias = number_slider(neuron.param.bias, "bias b")
        self.show = pn.widgets.Checkbox.from_param(self.param.shown, label="show", margin=(5, 5))
        self.remove = pn.widgets.Button(
            label="✕", width=32, height=30, margin=(0, 5), description="Remove this neuron"
        )
        self.remove.on_click(lambda _event: on_remove(self.neuron))
        self.view = pn.Column(
            pn.Row(self.header, pn.layout.HSpacer(), self.show, self.remove, margin=0),
            self.weight,
            self.bias,
            styles={"border-left": f"4px solid {neuron.color}", "padding-left": "6px"},
            sizing_mode="stretch_width",
            margin=(4, 0),
        )

    def set_index(self, index: int) -> None:
        self.header.object = swatch(self.neuron.color, f"Neuron {index + 1}")
