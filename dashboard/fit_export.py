"""What the exported HTML file adds for fitting a shape: output weights, the target, the score.

The file has no server: its controls are plain Bokeh widgets whose callbacks write the page's
state (``NetState``), as ``dashboard.export`` does for the rest. The target is the one the
page had when it was exported, drawn and scored by the page itself (``dashboard/js/fit.js``);
choosing another target, clicking points and training need the server, and the file says so
where those controls would be. Every word is in the file's language (``lang``).
"""

from __future__ import annotations

import html

from bokeh.models import Checkbox, Column, CustomJS, Div

from model.lang import text

from .controls import state_js
from .plots import neuron_id


def output_controls(net, state, lang: str = "en") -> list:
    """The output weights' switch, and each neuron's v and the layer's c while it is on."""
    from .export import _slider, neuron_label  # here: export imports this module

    hidden = net.hidden
    on = bool(hidden.output_weights)
    sliders = [
        _slider(neuron_label(lang, i + 1, "ui.card.output"), neuron.param.output_weight,
                neuron.output_weight, state, "v", neuron_id(neuron))
        for i, neuron in enumerate(net.neurons)
    ]  # fmt: skip
    sliders.append(
        _slider(text("ui.outputs.c", lang), hidden.param.output_bias, hidden.output_bias, state,
                "c", None)
    )  # fmt: skip
    help_text = Div(
        text=html.escape(text("ui.outputs.help", lang)),
        styles={"color": "#555", "font-size": "12px"},
    )
    group = Column(help_text, *sliders, visible=on, sizing_mode="stretch_width")
    switch = Checkbox(label=text("ui.outputs.switch", lang), active=on)
    code = state_js("output_weights", None, "cb_obj.active", "state")
    switch.js_on_change("active", CustomJS(args={"state": state}, code=code))
    switch.js_on_change(
        "active", CustomJS(args={"group": group}, code="group.visible = cb_obj.active;")
    )
    return [switch, group]


def target_note(has_target: bool, lang: str = "en") -> Div:
    """Where the server's target and training controls would be: what the file can't do."""
    from .export import _with_command

    shown = html.escape(text("ui.file.target_shown", lang)) + " " if has_target else ""
    return Div(
        text=(
            "<p style='color:#555'>" + shown + _with_command("ui.file.target_needs", lang) + "</p>"
        ),
        sizing_mode="stretch_width",
    )
