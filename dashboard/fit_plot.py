"""The target on the plots, and the fit score above them: drawn and computed by the page.

``add_target`` gives both plots a black dashed line (a target function) and black dots (points
clicked), each named for its plot and listed in its legend as "target", and a line of text
above the plots for the score; ``dashboard/js/fit.js`` draws them, on the plot whose output is
fitted (the second layer's when it is on, else the hidden layer's with its sum). The page's
NetState carries the target as ``target_values`` gives it, sampled where it is compared.

``fit_number`` writes a score's numbers as the page does (``nnshape.fit_number``). The
exported file, with no server to say why a target is out of reach, carries ``reach_table``:
the page shows, under the score, the sentence its activation, second layer and output weights
pick.
"""

from __future__ import annotations

from bokeh.models import ColumnDataSource, Div, LegendItem

from model.target import POINTS, Target

#: NetState's target properties (``dashboard.plots.NetState``), empty: no target.
NO_TARGET = {
    "target_x": [], "target_y": [], "target_kind": "", "target_label": "", "target_reach": {},
}  # fmt: skip
TARGET_STYLE = {"color": "black", "line_dash": "dashed", "line_width": 2}


def fit_number(value: float | None) -> str:
    """Three significant digits, plainly from 0.0001 up to 999, else as ``1.23e-5``: the
    page's rule (``fit.js``), from the same exponential form."""
    import math

    if value is None or not math.isfinite(value):
        return "not finite"
    mantissa, exp = f"{value:.2e}".split("e")
    e = int(exp)
    if e < -4 or e > 2:
        return f"{mantissa}e{e}"
    negative = mantissa.startswith("-")
    digits = mantissa.lstrip("-").replace(".", "")
    if e < 0:
        text = "0." + "0" * (-e - 1) + digits
    else:
        text = digits[: e + 1] + ("." + digits[e + 1 :] if e < 2 else "")
    return ("-" if negative else "") + text


def score_text(name: str, mse: float | None, max_error: float | None) -> str:
    """The score line as the page writes it (``nnshape.fit_text``)."""
    return f"Target {name}: MSE {fit_number(mse)} · max error {fit_number(max_error)}"


def sentence(text: str) -> str:
    """The model's words as the page shows them: a sentence, capitalised, with its full stop."""
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def reach_key(activation: str, second: bool, output: bool) -> str:
    """The key of ``reach_table`` (``nnshape.draw_fit`` writes the same from the page's state)."""
    return f"{activation}|{int(second)}|{int(output)}"


def reach_table(target: Target | None, network) -> dict[str, str]:
    """Why ``network`` cannot reach ``target`` (``model.target.out_of_reach``, as a sentence),
    for every activation, second layer on or off and output weights on or off: what the
    exported file's controls can change; its page shows the entry its state picks. Only the
    entries that say something are kept."""
    from model import ACTIVATIONS, Network
    from model.target import out_of_reach

    if target is None:
        return {}
    table = {}
    for activation in ACTIVATIONS:
        for second in (False, True):
            for output in (False, True):
                spec = network.spec()
                spec.update(activation=activation, second_enabled=second, output_weights=output)
                why = out_of_reach(Network.from_spec(spec), target)
                if why is not None:
                    table[reach_key(activation, second, output)] = sentence(str(why))
    return table


def target_values(target: Target | None, network) -> dict:
    """NetState's target properties for ``target`` on ``network``'s grid (or its points)."""
    if target is None:
        return dict(NO_TARGET)
    sampled = target.on(network.x)
    return {
        "target_x": [float(v) for v in sampled.x],
        "target_y": [float(v) for v in sampled.y],
        "target_kind": target.kind,
        "target_label": label(target),
    }


def label(target: Target) -> str:
    """The target's name on the score line (a formula as its canonical text)."""
    return "clicked points" if target.kind == POINTS else target.label()


def add_target(figures: dict, legends: dict) -> dict:
    """The target's renderers on each plot of ``figures`` (by name), listed in ``legends``;
    returns the drawing's handles (``target``, ``target_renderers``, ``score``)."""
    source = ColumnDataSource({"x": [], "y": []}, syncable=False)
    renderers = []
    for plot, fig in figures.items():
        line = fig.line("x", "y", source=source, name=f"target_{plot}", visible=False,
                        **TARGET_STYLE)  # fmt: skip
        dots = fig.scatter("x", "y", source=source, name=f"points_{plot}", visible=False,
                           color="black", size=8)  # fmt: skip
        for r in (line, dots):
            r.syncable = False
            legends[plot].items.append(LegendItem(label="target", renderers=[r], visible=False))
            renderers.append(r)
    score = Div(
        text="", visible=False, render_as_text=True, sizing_mode="stretch_width",
        styles={"font-weight": "bold", "font-size": "13px", "white-space": "pre-line"},
        name="fit_score", syncable=False,
    )  # fmt: skip
    return {"target": source, "target_renderers": renderers, "score": score}


__all__ = [
    "NO_TARGET",
    "add_target",
    "fit_number",
    "label",
    "reach_key",
    "reach_table",
    "score_text",
    "sentence",
    "target_values",
]
