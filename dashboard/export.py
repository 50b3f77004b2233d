"""A standalone HTML snapshot of a Playground: every plot, the diagram, formula and caption.

One file, all JavaScript inline, no stylesheet or font fetched from anywhere: it opens from disk
with no server and no network. Bokeh's own tools (pan, zoom, hover, reset, save) work in it.
The sliders are left out rather than shipped dead: the snapshot says where to go to edit.
"""

from __future__ import annotations

import html
import re
from datetime import datetime, timezone

import holoviews as hv
from bokeh.embed import file_html
from bokeh.layouts import column, row
from bokeh.models import Div
from bokeh.resources import INLINE

from model import get_activation
from model.article import preset

from .diagram import diagram_svg
from .formula import formula_html


def snapshot_html(playground) -> str:
    """The whole current state of ``playground`` as one self-contained HTML document."""
    net = playground.network
    fig = preset(playground.figure)
    plots = hv.render(playground.plots.build(live=False), backend="bokeh")
    plots.sizing_mode = "stretch_width"
    act = get_activation(net.activation)
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    head = Div(
        text=(
            f"<h2 style='margin:0'>nnshape: {html.escape(fig.title)}</h2>"
            f"<p style='margin:4px 0'>{html.escape(fig.caption)}</p>"
            f"<p style='margin:4px 0;color:#555'>Activation: {html.escape(act.label)}. "
            f"{html.escape(act.description)}</p>"
        ),
        sizing_mode="stretch_width",
    )
    foot = Div(
        text=(
            "<p style='color:#555;font-size:12px'>A snapshot exported from nnshape on "
            f"{when}. Pan, zoom and hover work here; to change weights, biases or neurons, "
            "open it in nnshape.</p>"
        ),
        sizing_mode="stretch_width",
    )
    diagram = Div(text="<b>Network</b>" + diagram_svg(net), width=380)
    formula = Div(text="<b>Formula</b>" + formula_html(net), sizing_mode="stretch_width")
    page = column(
        head, plots, row(diagram, formula, sizing_mode="stretch_width"), foot,
        sizing_mode="stretch_width",
    )  # fmt: skip
    document = file_html(page, resources=INLINE, title=f"nnshape: {fig.title}")
    return self_contained(document)


# Bokeh lists the external scripts of every model class that has been imported, used or not;
# importing Panel brings its ES-module shim, which the snapshot (plain Bokeh models) never uses.
_EXTERNAL = re.compile(r'<script[^>]*\ssrc="([^"]*)"[^>]*>\s*</script>\s*')
_UNUSED = ("static/extensions/panel/", "https://cdn.holoviz.org/panel/")


def self_contained(document: str) -> str:
    """``document`` without the unused external scripts; refuses any other outside reference."""
    document = _EXTERNAL.sub(
        lambda m: "" if m.group(1).startswith(_UNUSED) else m.group(0), document
    )
    leftover = _EXTERNAL.findall(document) + re.findall(r"<link[^>]*>", document)
    if leftover:
        raise RuntimeError(f"the snapshot would fetch {leftover!r}; it must be self-contained")
    return document
