"""Widgets generated from the model's parameters, and the per-neuron control cards.

Panel debounces every widget change by 50 ms on the server (``Syncable._debounce``); a curve
that trails the hand by that much no longer feels attached to it. The sliders here set it to 0,
which ``tests/test_panel_internals.py`` pins so that a Panel upgrade cannot silently undo it.
"""

from __future__ import annotations

import html
from functools import partial

import panel as pn
import param
from panel.io.state import set_curdoc

from model import Neuron

from .notebook import Text


class FastFloatSlider(pn.widgets.FloatSlider):
    """A FloatSlider whose changes reach Python at once, not 50 ms later.

    It also ignores ``value_throttled`` (sent on release, and with every key press): nothing
    here uses it, and processing it would queue a second change behind every tick.
    """

    _debounce = 0

    @property
    def _linked_properties(self) -> tuple[str, ...]:
        return tuple(p for p in super()._linked_properties if p != "value_throttled")

    def _get_model(self, doc, root=None, parent=None, comm=None):
        model = super()._get_model(doc, root, parent, comm)
        if comm is None:  # served by a Bokeh server (a notebook's comm keeps Panel's path)
            model.on_change("value", partial(self._on_value_now, doc))
        return model

    def _on_value_now(self, doc, _attr, _old, new) -> None:
        """Apply a value from the browser inside Bokeh's handling of its message.

        Panel would schedule it for the next turn of the event loop, behind whatever else the
        browser sent meanwhile (a key press also sends ``value_throttled``); this way the
        curves leave in the reply to the very message that moved the slider, as in a plain
        Bokeh app. Panel's own scheduled pass then finds the value already set.
        """
        with set_curdoc(doc):
            self._process_events({"value": new})


class NumberSlider(pn.widgets.EditableFloatSlider):
    """A slider with a box to type an exact value (beyond the slider's range, within bounds)."""

    _slider_widget = FastFloatSlider


def number_slider(parameter: param.Parameter, label: str, **kw) -> NumberSlider:
    """A NumberSlider bound both ways to a model parameter; its ranges come from the parameter."""
    return NumberSlider.from_param(parameter, label=label, format="0.0[00000]", width=310, **kw)


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
