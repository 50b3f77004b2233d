"""The target on the plots, and the fit score above them: drawn and computed by the page.

``add_target`` gives both plots a black dashed line (a target function) and black dots (points
clicked), each named for its plot and listed in its legend as "target", and a line of text
above the plots for the score; ``dashboard/js/fit.js`` draws them, on the plot whose output is
fitted (the second layer's when it is on, else the hidden layer's with its sum). The page's
NetState carries the target as ``target_values`` gives it, sampled where it is compared.

``fit_number`` writes a score's numbers as the page does (``nnshape.fit_number``).
"""

from __future__ import annotations

from bokeh.models import ColumnDataSource, Div, LegendItem

from model.target import POINTS, Target

#: NetState's target properties (``dashboard.plots.NetState``), empty: no target.
NO_TARGET = {"target_x": [], "target_y": [], "target_kind": "", "target_label": ""}
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
        styles={"font-weight": "bold", "font-size": "13px"}, name="fit_score", syncable=False,
    )  # fmt: skip
    return {"target": source, "target_renderers": renderers, "score": score}


__all__ = ["NO_TARGET", "add_target", "fit_number", "label", "score_text", "target_values"]
