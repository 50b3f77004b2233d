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

from model.lang import CATALOGUES, Phrase, language, text
from model.messages import Message
from model.target import FIGURE, POINTS, PRESET, Target

#: NetState's target properties (``dashboard.plots.NetState``), empty: no target.
NO_TARGET = {
    "target_x": [], "target_y": [], "target_kind": "", "target_label": "", "target_reach": {},
}  # fmt: skip
TARGET_STYLE = {"color": "black", "line_dash": "dashed", "line_width": 2}


def fit_number(value: float | None, lang: str = "en") -> str:
    """Three significant digits, plainly from 0.0001 up to 999, else as ``1.23e-5``: the
    page's rule (``fit.js``), from the same exponential form."""
    import math

    if value is None or not math.isfinite(value):
        return text("plot.fit.not_finite", lang)
    mantissa, exp = f"{value:.2e}".split("e")
    e = int(exp)
    if e < -4 or e > 2:
        return f"{mantissa}e{e}"
    negative = mantissa.startswith("-")
    digits = mantissa.lstrip("-").replace(".", "")
    if e < 0:
        plain = "0." + "0" * (-e - 1) + digits
    else:
        plain = digits[: e + 1] + ("." + digits[e + 1 :] if e < 2 else "")
    return ("-" if negative else "") + plain


def score_text(name: str, mse: float | None, max_error: float | None, lang: str = "en") -> str:
    """The score line as the page writes it (``nnshape.fit_text``)."""
    return text("plot.fit.score", lang, label=name, mse=fit_number(mse, lang),
                max=fit_number(max_error, lang))  # fmt: skip


def sentence(words: str, lang: str = "en") -> str:
    """The model's words as the page shows them: a sentence with its full stop (in English,
    capitalised)."""
    if language(lang) == "ja":
        return words + ("" if words.endswith(("。", ".")) else "。")
    return words[:1].upper() + words[1:] + ("" if words.endswith(".") else ".")


def _named(message: Message) -> Message:
    """``message`` with each activation named as the catalogue names it (the model's message
    names it by its id, which reads as English)."""
    args = {k: _named(v) if isinstance(v, Message) else v for k, v in message.args.items()}
    name = args.get("activation")
    if isinstance(name, str) and f"activation.{name}.label" in CATALOGUES["en"]:
        args["activation"] = Phrase(f"activation.{name}.label")
    return Phrase(message.id, **args) if message.id in CATALOGUES["en"] else message


def say(message, lang: str = "en") -> str:
    """A model's message (a ``Message`` or a ``Refusal``) as a sentence in ``lang``, naming
    each activation as the Activation menu does (the model's own words name it by its id)."""
    message = getattr(message, "message", message)
    if not isinstance(message, Message):
        return sentence(str(message), lang)
    return sentence(_named(message).text(CATALOGUES[language(lang)]), lang)


def reach_key(activation: str, second: bool, output: bool) -> str:
    """The key of ``reach_table`` (``nnshape.draw_fit`` writes the same from the page's state)."""
    return f"{activation}|{int(second)}|{int(output)}"


def reach_table(target: Target | None, network, lang: str = "en") -> dict[str, str]:
    """Why ``network`` cannot reach ``target`` (``model.target.out_of_reach``, as a sentence),
    for every activation, second layer on or off and output weights on or off: what the
    exported file's controls can change; its page shows the entry its state picks. Only the
    entries that say something are kept; in ``lang``, the file's language."""
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
                    table[reach_key(activation, second, output)] = say(why, lang)
    return table


def target_values(target: Target | None, network, lang: str = "en") -> dict:
    """NetState's target properties for ``target`` on ``network``'s grid (or its points), its
    label in ``lang``."""
    if target is None:
        return dict(NO_TARGET)
    sampled = target.on(network.x)
    return {
        "target_x": [float(v) for v in sampled.x],
        "target_y": [float(v) for v in sampled.y],
        "target_kind": target.kind,
        "target_label": label(target, lang),
    }


def label(target: Target, lang: str = "en") -> str:
    """The target's name on the score line in ``lang`` (a formula as its canonical text: what
    the learner typed, shown as text)."""
    if target.kind == POINTS:
        return text("ui.fit.label.points", lang)
    if target.kind == PRESET:
        return text(f"ui.fit.shape.{target.name}", lang)
    if target.kind == FIGURE:
        return text("ui.fit.label.figure", lang, id=target.name)
    return target.label()


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
    "say",
    "score_text",
    "sentence",
    "target_values",
]
