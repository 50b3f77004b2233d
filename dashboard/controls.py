"""Widgets bound to the model's parameters, and the per-neuron control cards."""

from __future__ import annotations

import html
from functools import partial

import panel as pn
import param
from panel.io.state import set_curdoc

from model import Neuron

from .notebook import Text


class FastFloatSlider(pn.widgets.FloatSlider):
    """A FloatSlider whose value from the browser reaches the model at once, as in plain Bokeh.

    Panel would apply a browser change 50 ms later (its debounce), then walk it through the
    widget, the editable slider around it and a parameter link before the model sees it: about
    three quarters of the server's work per change, all before the curves can leave. Here the
    value goes straight to the model parameter ``target`` inside Bokeh's (or the notebook
    comm's) handling of the message, so the curves leave in the reply to it; the widgets (the
    typed box, Panel's own copy of the value) catch up a moment later, once for however many
    values arrived meanwhile. ``value_throttled`` (sent on release, and with every key press)
    is ignored: nothing here uses it, and processing it would queue a second change behind
    every tick. Panel internals used here are pinned by ``tests/test_panel_internals.py``.
    """

    _debounce = 0
    #: The widgets trail the curves by at most this much during a drag (ms).
    CATCH_UP_MS = 40

    def __init__(self, **params):
        super().__init__(**params)
        #: ``(parameterized, name)``: where a value from the browser goes first; None: Panel's way.
        self.target: tuple[param.Parameterized, str] | None = None
        self.applying = False  # True while a browser value is being applied to ``target``
        self._behind: float | None = None  # the value the widgets have yet to catch up with

    @property
    def _linked_properties(self) -> tuple[str, ...]:
        return tuple(p for p in super()._linked_properties if p != "value_throttled")

    def _server_change(self, doc, ref, subpath, attr, old, new) -> None:
        if not self._apply_now(doc, ref, subpath, attr, new, None):
            super()._server_change(doc, ref, subpath, attr, old, new)

    def _comm_change(self, doc, ref, comm, subpath, attr, old, new) -> None:
        if not self._apply_now(doc, ref, subpath, attr, new, comm):
            super()._comm_change(doc, ref, comm, subpath, attr, old, new)

    def _apply_now(self, doc, ref, subpath, attr, new, comm) -> bool:
        """Apply a value from the browser to the model now; False: leave it to Panel."""
        if self.target is None or subpath or attr != "value" or attr in self._changing.get(ref, ()):
            return False  # not ours, or Python's own change coming back
        obj, name = self.target
        with set_curdoc(doc):
            self.applying = True
            try:
                # One message: every curve and range together (pushed at once in a notebook).
                with pn.io.hold(doc, comm=comm):
                    setattr(obj, name, new)
            except ValueError:
                return False  # refused: Panel's way reports it
            finally:
                self.applying = False
        if comm is not None or doc.session_context is None:
            self._catch_up(doc, comm, new)  # a notebook: the curves have been pushed already
        elif self._behind is None:
            doc.add_timeout_callback(partial(self._catch_up, doc, None), self.CATCH_UP_MS)
        self._behind = new
        return True

    def _catch_up(self, doc, comm, value=None) -> None:
        value = self._behind if value is None else value
        self._behind = None
        obj, name = self.target
        if value is None or getattr(obj, name) != value:
            return  # something else has set the model since; the widgets follow that instead
        with set_curdoc(doc), pn.io.hold(doc, comm=comm):
            self._process_events({"value": value})


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
        if not slider.applying:  # a browser value: the widgets catch up later, in one go
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
