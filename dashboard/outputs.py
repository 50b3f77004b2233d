"""The hidden layer's output weights in the page: the switch, and the layer's output bias c.

Off by default, so every article figure is drawn exactly as the article draws it (v = 1, c = 0).
On, each neuron's card shows its output weight v (``controls.NeuronCard.set_outputs``) and this
shows c: the sum becomes Σ vᵢ·act(wᵢx − bᵢ) + c. Both are ``NumberControl``s, so they write the
page's state at once (``nnshape.set``) and reach the model through the page's outbox (keys
``v:<neuron id>`` and ``c``), like every other slider.

The c slider is made the first time the switch is on: until then the page holds the article's
sliders only, in the article's order.
"""

from __future__ import annotations

import panel as pn

from model import Network

from .controls import NumberControl, bind, state_js
from .notebook import Text
from .plots import CurvesPane
from .words import Words


class OutputControls:
    """The switch of ``network``'s output weights, and its c (while on)."""

    def __init__(self, network: Network, curves: CurvesPane, words: Words):
        self._hidden, self._curves, self._words = network.hidden, curves, words
        hidden = network.hidden
        self.switch = bind(
            words.bind(pn.widgets.Checkbox(value=hidden.output_weights), "name",
                       "ui.outputs.switch"),
            hidden, "output_weights", curves=curves,
            js=state_js("output_weights", None, "cb_obj.active"),
        )  # fmt: skip
        self.help = words.bind(
            Text("", margin=(0, 10), styles={"color": "#555", "font-size": "12px"}, visible=False),
            "object", "ui.outputs.help",
        )  # fmt: skip
        #: The layer's output bias c, made when first needed (``update``).
        self.c: NumberControl | None = None
        self.holder = pn.Column(margin=0, visible=False, sizing_mode="stretch_width")
        self.column = pn.Column(self.switch, self.help, self.holder, margin=0,
                                sizing_mode="stretch_width")  # fmt: skip
        self.update()

    def update(self) -> None:
        """c and the help follow the switch."""
        on = bool(self._hidden.output_weights)
        if on and self.c is None:
            self.c = NumberControl(
                self._hidden, "output_bias", "ui.outputs.c", "c", None, self._curves,
                subject="ui.outputs.subject", words=self._words,
            )  # fmt: skip
            self.holder.objects = [self.c]
        if self.holder.visible != on:
            self.holder.visible = self.help.visible = on

    def sources(self) -> list:
        """Its widgets with a callback in the page (for release)."""
        return [self.switch] + ([] if self.c is None else [self.c.slider])
