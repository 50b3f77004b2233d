"""The depth explorer's drawing: the output after each stacked layer, and the charts of range
and steepest slope against depth, drawn by the page (``dashboard/js/depth.js``).

A ``DepthState`` holds what the explorer shows (``model.depth.Explorer`` read off: depth, the
shared w and b, every layer's pair); the page reads it together with the page's ``NetState``
(the network, ``dashboard.plots``) and redraws when either changes: a hidden neuron's slider
moves the stack at once, in the served page, the notebook and the exported file alike. Nothing
computed in the page goes back to the server.
"""

from __future__ import annotations

import panel as pn
from bokeh.core.properties import Bool, Float, Int, List, String
from bokeh.layouts import column
from bokeh.model import DataModel
from bokeh.models import (
    BasicTicker,
    ColorBar,
    ColumnDataSource,
    CustomJS,
    Div,
    FixedTicker,
    Legend,
    LegendItem,
    LinearColorMapper,
    Range1d,
    Span,
)
from bokeh.palettes import Viridis256
from bokeh.plotting import figure

from model import SUM_COLOR
from model.depth import MAX_DEPTH, Explorer

from .js import call
from .plots import page_words

#: The charts' activations: the article's three first, then two more that keep a signal alive.
CHART = ("sigmoid", "relu", "mish", "tanh", "elu")
#: Their lines: colour and dash (told apart without colour too).
CHART_COLORS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e")
CHART_DASHES = ("solid", "dashed", "dotdash", "dotted", "dashdot")
#: The layers' colours: a sequential palette spread over the layers on screen, dark (layer 1)
#: to light (the last), its palest
#: yellows left out (unreadable on white).
PALETTE = tuple(Viridis256[:225])


def layer_color(k: int, depth: int) -> str:
    """Layer k's colour in a stack of ``depth`` (as ``nnshape.depth_draw`` picks it); a layer
    past the depth (not drawn) has the last one's."""
    at = (min(k, depth) - 1) / max(1, depth - 1) * (len(PALETTE) - 1)
    return PALETTE[int(at + 0.5)]


class DepthState(DataModel):
    """The page's copy of the depth explorer: all ``nnshape.depth_draw`` reads besides the
    network."""

    shown = Bool(False)
    depth = Int(5)
    weight = Float(1.0)  # the shared w and b (the sentence names them)
    bias = Float(0.0)
    weights = List(Float)  # every layer's w, 1 to MAX_DEPTH: its own or the shared one
    biases = List(Float)
    own = List(Bool)  # which layers have values of their own
    chart = List(String)  # the charted activations (their names: the page's words)
    colors = List(String)
    dashes = List(String)
    palette = List(String)
    revision = Int(0)  # bumped to ask the page to draw again


def depth_values(explorer: Explorer) -> dict:
    """Everything the page draws the explorer from, read off the model: DepthState's values."""
    layers = explorer.layers(MAX_DEPTH)
    return {
        "shown": bool(explorer.shown),
        "depth": int(explorer.depth),
        "weight": float(explorer.weight),
        "bias": float(explorer.bias),
        "weights": [w for w, _ in layers],
        "biases": [b for _, b in layers],
        "own": [k in explorer.own for k in range(1, MAX_DEPTH + 1)],
    }


def _figure(title: str, height: int, **kw):
    fig = figure(
        title=title, height=height, sizing_mode="stretch_width", min_width=200,
        tools="pan,box_zoom,reset,save", toolbar_location="above", output_backend="canvas",
        min_border_right=20, **kw,
    )  # fmt: skip
    fig.title.syncable = False
    fig.toolbar.active_scroll = None
    return fig


def build(netstate, explorer: Explorer):
    """A fresh Bokeh layout of the explorer, drawn by the page from ``netstate`` (the page's
    NetState) and its own DepthState. Returns ``(layout, state, draw)``; ``draw`` must also run
    once when the page is ready."""
    values = depth_values(explorer)
    state = DepthState(
        **values, chart=list(CHART), colors=list(CHART_COLORS), dashes=list(CHART_DASHES),
        palette=list(PALETTE), syncable=False,
    )  # fmt: skip

    def source(**columns):
        return ColumnDataSource(columns, syncable=False)

    # The first words before the page draws, which writes them again from the page's words
    # (``netstate.words``): a language switch relabels the explorer.
    words = netstate.words or page_words("en")
    act = words.get(f"activation.{netstate.activation}.label", netstate.activation)
    plot = _figure(
        words["plot.depth.title"].format(name=act, k=values["depth"]), 300,
        x_range=Range1d(-5, 5, syncable=False), y_range=Range1d(-1, 1, syncable=False),
        x_axis_label="x", y_axis_label=words["plot.axis.output"],
    )  # fmt: skip
    layers = source(xs=[], ys=[], color=[], layer=[])
    sums = source(x=[], y=[])
    sum_line = plot.line("x", "y", source=sums, color=SUM_COLOR, line_width=4, line_alpha=0.5,
                         name="depth_sum")  # fmt: skip
    plot.multi_line("xs", "ys", source=layers, line_color="color", line_width=2,
                    name="depth_layers")  # fmt: skip
    sum_legend = Legend(items=[LegendItem(label=words["plot.depth.sum"], renderers=[sum_line])],
                        location="top_left", syncable=False)  # fmt: skip
    plot.add_layout(sum_legend)
    # The bar spans the layers on screen (the page sets its ends): layer k is where its colour is.
    mapper = LinearColorMapper(
        palette=list(PALETTE), low=0.5, high=values["depth"] + 0.5, syncable=False
    )
    bar = ColorBar(
        color_mapper=mapper, title=words["plot.depth.bar"], ticker=BasicTicker(min_interval=1),
        width=12, syncable=False,
    )  # fmt: skip
    plot.add_layout(bar, "right")

    charts, spans, sources = [], [], []
    for name, title, label in (
        ("depth_range", words["plot.depth.range_title"], words["plot.depth.range_axis"]),
        ("depth_steep", words["plot.depth.steep_title"], "max |dy/dx|"),
    ):
        fig = _figure(
            title, 240, y_axis_type="log", x_range=Range1d(-0.5, MAX_DEPTH + 0.5, syncable=False),
            y_range=Range1d(0.1, 10, syncable=False),
            x_axis_label=words["plot.depth.stacked_axis"], y_axis_label=label,
        )  # fmt: skip
        fig.xaxis.ticker = FixedTicker(ticks=list(range(0, MAX_DEPTH + 1, 2)))
        data = source(xs=[], ys=[], color=[], dash=[])
        lines = fig.multi_line(
            "xs", "ys", source=data, line_color="color", line_dash="dash", line_width=2.5,
            name=name,
        )  # fmt: skip
        items = [
            LegendItem(label=words.get(f"activation.{n}.label", n), renderers=[lines], index=i)
            for i, n in enumerate(CHART)
        ]
        fig.add_layout(Legend(items=items, syncable=False), "right")
        span = Span(location=values["depth"], dimension="height", line_color="#555",
                    line_dash="dashed", syncable=False)  # fmt: skip
        fig.add_layout(span)
        charts.append(fig)
        spans.append(span)
        sources.append(data)
    for fig in (plot, *charts):
        for r in fig.renderers:
            r.syncable = False
    sentence = Div(
        text="", sizing_mode="stretch_width", syncable=False,
        styles={"font-size": "15px", "margin": "4px 0", "min-height": "2.8em"},
    )  # fmt: skip
    handles = {
        "layers": layers, "sum": sums, "plot": plot, "ranges": sources[0], "steep": sources[1],
        "range_fig": charts[0], "steep_fig": charts[1], "spans": spans, "sentence": sentence,
        "mapper": mapper, "bar": bar, "sum_legend": sum_legend,
    }  # fmt: skip
    code = call("depth_schedule", "netstate", "state", "{" + ", ".join(handles) + "}",
                extra=("depth",))  # fmt: skip
    draw = CustomJS(args={"netstate": netstate, "state": state, **handles}, code=code)
    for prop in [*values, "revision"]:
        state.js_on_change(prop, draw)
    # The first drawing, by the page itself, once the plot is laid out (a layout shown after
    # the page loaded gets no document_ready; asked from the server on the next tick, the
    # change could reach the page before the models it names: "reference isn't known").
    plot.js_on_change("inner_width", draw)
    layout = column(sentence, plot, *charts, sizing_mode="stretch_width", tags=[state, draw])
    return layout, state, draw


class DepthPane(pn.pane.Bokeh):
    """The explorer's drawing as a Panel pane: each rendering gets its own layout and
    DepthState, on the NetState of the plots (``curves``) rendered in the same root."""

    def __init__(self, explorer: Explorer, curves, **params):
        super().__init__(object=None, sizing_mode="stretch_width", **params)
        self._explorer, self._curves = explorer, curves
        self._renderings: dict[str, DepthState] = {}

    def _get_model(self, doc, root=None, parent=None, comm=None):
        if root is None:
            return self.get_root(doc, comm)
        ref = root.ref["id"]
        netstates = self._curves._renderings
        netstate = netstates.get(ref)
        if netstate is None and netstates:  # the plots in another root of the same page
            netstate = list(netstates.values())[-1]
        if netstate is None:
            raise RuntimeError(
                "the depth explorer draws from the playground's plots: show the whole "
                "Playground, not its explorer alone"
            )
        layout, state, draw = build(netstate, self._explorer)
        doc.js_on_event("document_ready", draw)  # when the page opens with the explorer shown
        self._models[ref] = (layout, parent)
        self._renderings[ref] = state
        return layout

    def _cleanup(self, root=None) -> None:
        if root is not None:
            self._renderings.pop(root.ref["id"], None)
        super()._cleanup(root)

    def push(self) -> None:
        """Every rendering's DepthState takes the explorer's values (a change made in Python:
        a typed layer, a document opened)."""
        values = depth_values(self._explorer)
        for state in self._renderings.values():
            changed = {k: v for k, v in values.items() if getattr(state, k) != v}
            if changed:
                state.update(**changed)
        pn.io.push_notebook(self)


def set_js(key: str, step: float | None = None, state: str = "state") -> str:
    """JavaScript that writes a slider's value (on its ``step``'s decimals, if given: 1.1, not
    1.1000000000000001) into the page's DepthState, which redraws."""
    value = "cb_obj.value" if step is None else f"nnshape.on_step(cb_obj.value, {step!r})"
    call = f"nnshape.depth_set({state}, {key!r}, {value}, cb_obj.start, cb_obj.end)"
    return f"if (window.nnshape && nnshape.depth_set) {call};"


__all__ = ["CHART", "DepthPane", "DepthState", "build", "depth_values", "set_js"]


def file_section(explorer: Explorer, netstate, lang: str = "en"):
    """The explorer in the exported file: its sliders (plain Bokeh widgets writing into the
    page's DepthState) beside its drawing, which the file computes as the served page does;
    its words in ``lang``. Returns ``(layout, draw)``; ``draw`` must run when the file is
    opened."""
    import html

    from bokeh.layouts import row
    from bokeh.models import Slider

    from model.lang import text

    def say(key: str, **args) -> str:
        return text(key, lang, **args)

    layout, state, draw = build(netstate, explorer)
    state.shown = True
    p = Explorer.param

    def slider(title, key, **kw):
        s = Slider(title=title, sizing_mode="stretch_width", **kw)
        code = set_js(key, None if key == "depth" else kw["step"])
        s.js_on_change("value", CustomJS(args={"state": state}, code=code))
        return s

    items = [slider(say("ui.depth.depth"), "depth", start=1, end=MAX_DEPTH, step=1,
                    value=explorer.depth)]  # fmt: skip
    for key, title in (("weight", say("ui.depth.weight")), ("bias", say("ui.depth.bias"))):
        start, end = p[key].get_soft_bounds()
        value = getattr(explorer, key)
        items.append(slider(title, key, start=min(start, value), end=max(end, value),
                            step=p[key].step, value=value))  # fmt: skip
    own = sorted(explorer.own.items())
    layers = "; ".join(say("ui.depth.file_layer", k=k, w=f"{w:g}", b=f"{b:g}") for k, (w, b) in own)
    said = html.escape(say("ui.depth.file_own", layers=layers)) + " " if own else ""
    hole = "\x00"  # where the command goes, as markup: no catalogue text holds it
    note = html.escape(say("ui.depth.file_note", command=hole))
    note = note.replace(hole, "<code>nnshape serve</code>")
    items.append(Div(text=f"<p style='color:#555'>{said}{note}</p>",
                     sizing_mode="stretch_width"))  # fmt: skip
    head = Div(text=f"<h3 style='margin:8px 0 0 0'>{html.escape(say('ui.depth.file_heading'))}"
                    "</h3>", sizing_mode="stretch_width")  # fmt: skip
    controls = column(*items, width=320)
    return column(head, row(controls, layout, sizing_mode="stretch_width"),
                  sizing_mode="stretch_width"), draw  # fmt: skip
