"""The JavaScript the page runs, as text to embed in Bokeh ``CustomJS`` callbacks.

``curves.js`` is the page's evaluator of the network: one file for the served page, the notebook
output and the exported file alike; ``evaluator()`` prefixes it with the activations' JavaScript
forms from ``model.ACTIVATIONS``, where each sits next to its numpy form.

The formula and the diagram in JavaScript, for a page that redraws them as a slider moves:

``formula.js`` and ``diagram.js`` are ``dashboard.formula.formula_html`` and
``dashboard.diagram.diagram_svg`` written again in plain JavaScript (no modules, no imports):
for the same network they return the same string, character for character, because
``pyformat.js`` writes numbers exactly as Python does. Each file defines one name on
``window.nnshape``; ``bundle`` joins the ones asked for, with what they need, for a Bokeh
``CustomJS`` (the code runs as the callback's body, so it works served, saved and in a
notebook alike)::

    code = bundle("formula", "diagram") + (
        "const s = structuredClone(state); s.neurons[0].weight = cb_obj.value;"
        "formula.text = nnshape.formula_html(s);"
    )
    slider.js_on_change("value", CustomJS(code=code, args={"formula": div, "state": state}))

The JS takes the network as ``browser_state(network)`` describes it. Bokeh runs a CustomJS
asynchronously: a test waits for the text to change rather than reading it at once.

``walk.js`` is none of these: it is an ES module, the code of the guided walk's Panel
``JSComponent`` (``dashboard.walk.BrowserMemory``: localStorage and the browser's history).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from model import ACTIVATIONS, Network, get_activation
from model.view import own_colors

HERE = Path(__file__).parent

#: Each JS form, what it defines on ``window.nnshape``, and the forms it needs before it.
FORMS: dict[str, tuple[str, tuple[str, ...]]] = {
    "pyformat": ("pyformat", ()),
    "formula": ("formula_html", ("pyformat",)),
    "diagram": ("diagram_svg", ("pyformat",)),
    "curves": ("draw", ()),
    "depth": ("depth_draw", ("curves",)),
    "slope": ("draw_slope", ()),  # the derivative view, which nnshape.draw calls
    "code": ("to_python", ("pyformat",)),  # model.code.to_python, for the exported file
    "fit": ("draw_fit", ()),
}


@cache
def source(name: str) -> str:
    """The text of ``dashboard/js/<name>.js``; KeyError for a form that does not exist."""
    if name not in FORMS:
        raise KeyError(f"no JavaScript form {name!r}; known: {', '.join(FORMS)}")
    return (HERE / f"{name}.js").read_text(encoding="utf-8")


def bundle(*names: str) -> str:
    """The sources of ``names`` and everything they need, each once, needs first."""
    order: list[str] = []

    def add(name: str) -> None:
        for need in FORMS[name][1] if name in FORMS else ():
            add(need)
        if name not in order:
            source(name)  # refuses an unknown name
            order.append(name)

    for name in names:
        add(name)
    return "\n".join(source(name) for name in order)


def browser_state(network: Network, colors: tuple | None = None, lang: str = "en") -> dict:
    """What the JS forms read: the network as plain JSON-ready values, drawn in ``colors``
    (``View.colors``; default: the network's own), and their words in ``lang``."""
    from model.lang import CATALOGUES

    from ..diagram import DIAGRAM_WORDS

    second = network.second
    neuron_colors, sum_color, deep_color = colors or own_colors(network)
    return {
        "activation": network.activation,
        "symbol": get_activation(network.activation).symbol,
        "neurons": [
            {
                "weight": float(n.weight),
                "bias": float(n.bias),
                "color": color,
                "output_weight": float(n.output_weight),
            }
            for n, color in zip(network.neurons, neuron_colors, strict=True)
        ],
        "sum_color": sum_color,
        "deep_color": deep_color,
        "second": {
            "enabled": bool(second.enabled),
            "weight": float(second.weight),
            "bias": float(second.bias),
        },
        "output": {
            "enabled": bool(network.hidden.output_weights),
            "bias": float(network.hidden.output_bias),
        },
        "words": {key: CATALOGUES[lang][key] for key in DIAGRAM_WORDS},  # templates
    }


@cache
def evaluator(*extra: str) -> str:
    """Defines ``window.nnshape`` (once per page): the activations, the evaluator and the
    drawing, plus the forms named in ``extra`` (e.g. "formula", "diagram")."""

    def table(field: str) -> str:
        return ", ".join(
            f"{json.dumps(name)}: function (z) {{ {getattr(a, field)} }}"
            for name, a in ACTIVATIONS.items()
        )

    def both(name: str, a) -> str:
        if a.js_both:
            return f"{json.dumps(name)}: function (z, d, k) {{ {a.js_both} }}"
        # No work shared: the two forms, called in turn.
        return (
            f"{json.dumps(name)}: (function (act, dact) {{ return function (z, d, k) "
            f"{{ d[k] = dact(z); return act(z) }} }})(nn.ACT[{json.dumps(name)}], "
            f"nn.DACT[{json.dumps(name)}])"
        )

    symbols = json.dumps({name: a.symbol for name, a in ACTIVATIONS.items()})
    # ACT holds each activation, DACT its derivative, BOTH both at once (the derivative view).
    prelude = (
        "window.nnshape = window.nnshape || {};\n"
        f"window.nnshape.ACT = Object.assign(window.nnshape.ACT || {{}}, {{{table('js')}}});\n"
        "window.nnshape.DACT = Object.assign(window.nnshape.DACT || {}, "
        f"{{{table('js_derivative')}}});\n"
        "(function (nn) { nn.BOTH = Object.assign(nn.BOTH || {}, {"
        + ", ".join(both(name, a) for name, a in ACTIVATIONS.items())
        + "}) })(window.nnshape);\n"
        f"window.nnshape.SYMBOLS = {symbols};\n"
    )
    return prelude + bundle("curves", "slope", "fit", *extra)


def call(function: str, *args: str, extra: tuple[str, ...] = ()) -> str:
    """JavaScript that defines the evaluator, then returns ``nnshape.<function>(args…)``."""
    return f"{evaluator(*extra)}\nreturn window.nnshape.{function}({', '.join(args)});\n"
