"""The controls bound one-to-one to a parameter of the network or its view: the Figure and
Activation menus, the second layer's switch and its w2 and b2, and the curves' boxes.

Each follows its parameter and edits it; those with a callback in the page write into the
page's state too (``controls.bind``), so the curves move at once.
"""

from __future__ import annotations

import panel as pn

from model import Network, get_activation
from model.activations import grouped
from model.view import View

from .controls import NumberControl, bind, state_js
from .figures import figure_options
from .plots import CurvesPane


def activation_groups() -> dict[str, dict[str, str]]:
    """The activation picker's groups, the article's first: group -> {label: name}."""
    return {group: {a.label: a.name for a in acts} for group, acts in grouped().items() if acts}


class BoundControls:
    """The bound controls of ``network`` and ``view``, whose page callbacks redraw ``curves``."""

    def __init__(self, network: Network, view: View, curves: CurvesPane):
        self._network, self._curves = network, curves
        self._linked: list = []  # widgets with a callback in the page
        self.figure_select = pn.widgets.Select.from_param(
            view.param.figure, label="Figure", options=figure_options(),
            sizing_mode="stretch_width",
        )  # fmt: skip
        self.activation = pn.widgets.Select(
            label="Activation", groups=activation_groups(), value=network.activation,
            description=get_activation(network.activation).description,
            sizing_mode="stretch_width",
        )  # fmt: skip
        self._linked.append(bind(
            self.activation, network, "activation", curves=curves,
            js=state_js("activation", None, "cb_obj.value"),  # the model's value: the name
        ))  # fmt: skip
        second = network.second
        self.second_switch = pn.widgets.Checkbox(
            label="Second layer: y = act(w2·sum − b2)", value=second.enabled
        )
        self._linked.append(bind(
            self.second_switch, second, "enabled", curves=curves,
            js=state_js("second_enabled", None, "cb_obj.active"),
        ))  # fmt: skip
        layer = "Second layer"
        self.w2 = NumberControl(second, "weight", "weight w2", "w2", None, curves, subject=layer)
        self.b2 = NumberControl(second, "bias", "bias b2", "b2", None, curves, subject=layer)
        self._linked += [self.w2.slider, self.b2.slider]
        self.sum_check = self._check(view, "show_sum", "show sum")
        self.deep_check = self._check(view, "show_deep", "show second layer")
        self.y_auto_check = self._check(view, "y_auto", "auto y-range (fit the data)")
        self.slope_check = self._check(view, "slope", "Slope dy/dx (the derivative view)")
        # The colours are the server's to change: they follow into the cards, the formula
        # and the diagram as well as the curves.
        self.safe_check = bind(
            pn.widgets.Checkbox(label="colour-blind-safe colours", value=view.safe_colors),
            view, "safe_colors",
        )  # fmt: skip

    def _check(self, view: View, name: str, label: str) -> pn.widgets.Checkbox:
        box = pn.widgets.Checkbox(label=label, value=getattr(view, name))
        bind(box, view, name, js=state_js(name, None, "cb_obj.active"), curves=self._curves)
        self._linked.append(box)
        return box

    def update(self) -> None:
        """What follows the network: w2 and b2 only with the second layer, the description."""
        network = self._network
        for control in (self.w2, self.b2):  # the slider and its box alike
            control.set_disabled(not network.second.enabled)
        self.activation.description = get_activation(network.activation).description

    def sources(self) -> list:
        """Its widgets with a callback in the page (for release)."""
        return list(self._linked)
