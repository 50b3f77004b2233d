"""The controls bound one-to-one to a parameter of the network or its view: the Figure and
Activation menus, the second layer's switch and its w2 and b2, and the curves' boxes.

Each follows its parameter and edits it; those with a callback in the page write into the
page's state too (``controls.bind``), so the curves move at once.
"""

from __future__ import annotations

import json

import panel as pn

from model import Network
from model.activations import grouped
from model.lang import LANGUAGES
from model.view import View

from .controls import NumberControl, bind, state_js
from .figures import figure_options
from .plots import CurvesPane
from .words import LANGUAGE_NAMES, Words


def activation_groups(words: Words | None = None) -> dict[str, dict[str, str]]:
    """The activation picker's groups, the article's first: group -> {label: name}, in the
    language of ``words`` (English without)."""
    words = words or Words()
    return {
        words(f"group.{group}"): {words(f"activation.{a.name}.label"): a.name for a in acts}
        for group, acts in grouped().items()
        if acts
    }


#: Sets the page's ``lang`` from the language menu (its Bokeh value: a code or a name).
LANG_JS = (
    "const names = " + json.dumps({name: code for code, name in LANGUAGE_NAMES.items()}) + ";"
    " const code = names[cb_obj.value] || cb_obj.value;"
    f" if ({json.dumps(list(LANGUAGE_NAMES))}.includes(code)) document.documentElement.lang = code;"
)


class BoundControls:
    """The bound controls of ``network`` and ``view``, whose page callbacks redraw ``curves``."""

    def __init__(self, network: Network, view: View, curves: CurvesPane, words: Words):
        self._network, self._curves, self._words = network, curves, words
        self._linked: list = []  # widgets with a callback in the page
        self.language = words.bind(
            pn.widgets.Select.from_param(
                view.param.lang, options={LANGUAGE_NAMES[k]: k for k in LANGUAGES},
                sizing_mode="stretch_width",
            ), "name", "ui.language",
        )  # fmt: skip
        words.bind(self.language, "description", "ui.language_about")
        # The page says which language it is in (screen readers, fonts, hyphenation).
        self.language.jscallback(value=LANG_JS)
        self._linked.append(self.language)
        self.figure_select = words.bind(
            pn.widgets.Select.from_param(
                view.param.figure, options=figure_options(words), sizing_mode="stretch_width"
            ), "name", "ui.figure",
        )  # fmt: skip
        words.bind(self.figure_select, "description", "ui.figure_about")
        self.activation = words.bind(
            pn.widgets.Select(
                groups=activation_groups(words), value=network.activation,
                sizing_mode="stretch_width",
            ), "name", "ui.activation",
        )  # fmt: skip
        words.follow(self._relabel_menus)
        self._linked.append(bind(
            self.activation, network, "activation", curves=curves,
            js=state_js("activation", None, "cb_obj.value"),  # the model's value: the name
        ))  # fmt: skip
        second = network.second
        self.second_switch = words.bind(
            pn.widgets.Checkbox(value=second.enabled), "name", "ui.second.switch"
        )
        self._linked.append(bind(
            self.second_switch, second, "enabled", curves=curves,
            js=state_js("second_enabled", None, "cb_obj.active"),
        ))  # fmt: skip
        layer = "ui.second.subject"
        self.w2 = NumberControl(second, "weight", "ui.second.w2", "w2", None, curves,
                                subject=layer, words=words)  # fmt: skip
        self.b2 = NumberControl(second, "bias", "ui.second.b2", "b2", None, curves,
                                subject=layer, words=words)  # fmt: skip
        self._linked += [self.w2.slider, self.b2.slider]
        self.sum_check = self._check(view, "show_sum", "ui.curves.sum")
        self.deep_check = self._check(view, "show_deep", "ui.curves.deep")
        self.y_auto_check = self._check(view, "y_auto", "ui.curves.y_auto")
        self.slope_check = self._check(view, "slope", "ui.curves.slope")
        # The colours are the server's to change: they follow into the cards, the formula
        # and the diagram as well as the curves.
        self.safe_check = bind(
            words.bind(pn.widgets.Checkbox(value=view.safe_colors), "name", "ui.curves.safe"),
            view, "safe_colors",
        )  # fmt: skip

    def _relabel_menus(self) -> None:
        words = self._words
        self.figure_select.options = figure_options(words)
        self.activation.groups = activation_groups(words)

    def _check(self, view: View, name: str, key: str) -> pn.widgets.Checkbox:
        box = self._words.bind(pn.widgets.Checkbox(value=getattr(view, name)), "name", key)
        bind(box, view, name, js=state_js(name, None, "cb_obj.active"), curves=self._curves)
        self._linked.append(box)
        return box

    def update(self) -> None:
        """What follows the network: w2 and b2 only with the second layer, the description."""
        network = self._network
        for control in (self.w2, self.b2):  # the slider and its box alike
            control.set_disabled(not network.second.enabled)
        self.activation.description = self._words(f"activation.{network.activation}.description")

    def sources(self) -> list:
        """Its widgets with a callback in the page (for release)."""
        return list(self._linked)
