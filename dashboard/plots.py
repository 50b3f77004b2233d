"""The two linked plots, drawn by the page: every hidden neuron and their sum; the sum and the
second layer.

(Over 300 lines on purpose: the page's state, the plots drawn from it and the pane that gives
each rendering its own are one drawing.)

The page computes the curves itself (``dashboard/js/curves.js``): a ``NetState`` model holds
the network and the view's switches, and a change to it, from a slider in the page or from the
server, redraws every curve, legend entry, label and range in the browser. The server sends
parameters, never curves; the curves' data sources are not syncable, so nothing computed in
the page goes back either. The same layout, state and evaluator make the exported HTML file
live (``dashboard.export``).

The hidden neurons are one ``multi_line`` (a row per neuron): a drag redraws 64 curves with
one change to emit, not 65.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import panel as pn
from bokeh.core.properties import Bool, Dict, Float, Int, List, Nullable, String, Tuple
from bokeh.model import DataModel
from bokeh.models import (
    Column,
    ColumnDataSource,
    CustomJS,
    HoverTool,
    Legend,
    LegendItem,
    Range1d,
)
from bokeh.plotting import figure

from model import ACTIVATIONS, DEEP_COLOR, SUM_COLOR, Network
from model.lang import CATALOGUES, language
from model.view import View

from .diagram import DIAGRAM_WORDS
from .fit_plot import NO_TARGET, add_target
from .js import call

#: The plots share the height the page gives them (``dashboard.layout``), down to this.
MIN_HEIGHT = 150
#: The Bokeh events that are a learner's click on a plot: a tap, a click held over 300 ms (Bokeh
#: calls it a press; "pressup" is its release) and a second click within 300 ms (a double tap).
CLICKS = ("tap", "pressup", "doubletap")
#: Above this many neurons the legend lists only the sum and the second layer: each neuron is
#: named by its label at the line's end and in the tooltip instead. The legend holds this many
#: neuron entries from the start, each shown by the page while its neuron is listed (a legend
#: given new entries makes Bokeh walk every model of the document again, 85 ms a neuron added).
LEGEND_NEURONS = 10


class NetState(DataModel):
    """The page's copy of the network and of what is drawn: all the evaluator reads."""

    activation = String("sigmoid")
    ids = List(String)  # a stable id per neuron: a neuron's sliders find it by this
    weights = List(Float)
    biases = List(Float)
    colors = List(String)  # each neuron's curve's colour (View.colors)
    sum_color = String(SUM_COLOR)
    deep_color = String(DEEP_COLOR)
    shown = List(Bool)
    output_weights = Bool(False)  # each neuron's curve is v·act(w·x − b); the sum adds c
    v = List(Float)  # each neuron's output weight (used when output_weights is on)
    c = Float(0.0)  # the layer's output bias
    second_enabled = Bool(False)
    w2 = Float(1.0)
    b2 = Float(0.0)
    grid_start = Float(-5.0)
    grid_stop = Float(5.0)
    grid_step = Float(0.1)
    show_sum = Bool(True)
    show_deep = Bool(True)
    y_auto = Bool(True)
    ylim = Nullable(Tuple(Float, Float))
    selected = Int(-1)  # the neuron being edited, drawn wider; -1: none
    slope = Bool(False)  # the derivative view (dashboard.slope): drawn, and computed, only on
    # The target to fit, where it is compared (dashboard.fit_plot.target_values); "" kind: none.
    target_x = List(Float)
    target_y = List(Float)
    target_kind = String("")
    target_label = String("")
    # Why the target is out of reach, by "activation|second|output" (fit_plot.reach_table): in
    # the exported file only; a served page's server says it itself.
    target_reach = Dict(String, String)
    revision = Int(0)  # bumped to ask the page to draw (a notebook output's first drawing)
    # The words the page writes itself (plot titles, …), by catalogue key (``page_words``).
    words = Dict(String, String)


def neuron_id(neuron) -> str:
    return f"n{id(neuron):x}"


#: The catalogue keys of the words the page writes itself (dashboard/js/*.js reads them from
#: ``NetState.words``, e.g. ``s.words["plot.hidden.both"]``).
PAGE_WORDS = (
    "plot.hidden.both",
    "plot.hidden.sum",
    "plot.hidden.neurons",
    "plot.second.on",
    "plot.second.off",
    # The axes, legends, tooltips and text alternatives (curves.js, slope.js), and the formula's
    # and diagram's words where the page writes them (the exported file: curves.js, diagram.js).
    *(f"plot.{name}" for name in (
        "axis.output", "legend.sum", "legend.second", "legend.neuron", "hover",
        "tip.neuron_slope", "tip.sum_slope", "tip.second_slope",
        "dash.solid", "dash.dashed", "dash.dotted", "dash.dotdash", "dash.dashdot",
        "describe.over", "describe.span", "describe.no_values", "describe.neuron",
        "describe.sum_one", "describe.sum", "describe.second", "describe.second_off",
        "describe.sum_var", "describe.hidden", "describe.second_plot", "describe.nothing",
        "slope.title", "slope.deep", "slope.both", "slope.neuron", "slope.sum", "slope.second",
        "slope.describe",
        # the depth explorer's (depth.js)
        "depth.title_one", "depth.title", "depth.sum", "depth.bar", "depth.range_title",
        "depth.steep_title", "depth.range_axis", "depth.stacked_axis", "depth.layers_one",
        "depth.layers", "depth.flat", "depth.after", "depth.undefined", "depth.own",
        "depth.shared", "depth.describe_layer", "depth.describe_plot",
        "depth.describe_item", "depth.describe_range", "depth.describe_steep",
    )),
    *(f"activation.{name}.label" for name in ACTIVATIONS),  # the depth explorer names them
    "ui.formula.heading",
    "ui.network.heading",
    *DIAGRAM_WORDS,
    # The fit score's line and the target's legend entry (dashboard/js/fit.js).
    "plot.fit.score",
    "plot.fit.click",
    "plot.fit.nothing",
    "plot.fit.not_finite",
    "plot.fit.legend",
)  # fmt: skip


@cache
def _page_words(lang: str) -> tuple[tuple[str, str], ...]:
    # Templates as written: the page fills a text's {fields} itself (curves.js's ``nn.say``,
    # fit.js's ``nnshape.fill``).
    return tuple((key, CATALOGUES[lang][key]) for key in PAGE_WORDS)


def page_words(lang: str) -> dict[str, str]:
    """The words the page writes itself, in ``lang``."""
    return dict(_page_words(language(lang)))


def state_values(network: Network, view: View, selected: int = -1) -> dict:
    """Everything the page draws from, read off the model: NetState's properties."""
    neurons = network.neurons
    hidden = set(view.hidden)
    colors, sum_color, deep_color = view.colors(network)
    start, stop, step = (float(v) for v in network.grid)
    return {
        "activation": network.activation,
        "ids": [neuron_id(n) for n in neurons],
        "weights": [float(n.weight) for n in neurons],
        "biases": [float(n.bias) for n in neurons],
        "colors": colors,
        "sum_color": sum_color,
        "deep_color": deep_color,
        "shown": [i not in hidden for i in range(len(neurons))],
        "output_weights": bool(network.hidden.output_weights),
        "v": [float(n.output_weight) for n in neurons],
        "c": float(network.hidden.output_bias),
        "second_enabled": bool(network.second.enabled),
        "w2": float(network.second.weight),
        "b2": float(network.second.bias),
        "grid_start": start,
        "grid_stop": stop,
        "grid_step": step,
        "show_sum": bool(view.show_sum),
        "show_deep": bool(view.show_deep),
        "y_auto": bool(view.y_auto or view.ylim is None),
        "ylim": None if view.ylim is None else (float(view.ylim[0]), float(view.ylim[1])),
        "selected": selected,
        "slope": bool(view.slope),
        "words": page_words(view.lang),
    }


def auto_limits(arrays: list[np.ndarray]) -> tuple[float, float]:
    """Limits that show every finite value of ``arrays`` with a 5 % margin (as the page's)."""
    finite = [a[np.isfinite(a)] for a in arrays]
    finite = [a for a in finite if a.size]
    if not finite:
        return (-1.0, 1.0)
    lo = min(float(a.min()) for a in finite)
    hi = max(float(a.max()) for a in finite)
    pad = 0.05 * (hi - lo) if hi > lo else max(0.5, 0.05 * abs(hi))
    return (lo - pad, hi + pad)


def _figure(name: str, x_range, title: str, words: dict | None = None):
    """A plot on ``x_range``; ``words``: the page's (``page_words``), for its y-axis' label."""
    words = words or page_words("en")
    fig = figure(
        name=name,
        title=title,
        min_height=MIN_HEIGHT,
        sizing_mode="stretch_both",
        x_range=x_range,
        y_range=Range1d(-1, 1, syncable=False),
        tools="pan,wheel_zoom,box_zoom,reset,save",
        toolbar_location="above",
        # Canvas, not WebGL: WebGL line joins leave stray ticks in software-GL browsers.
        output_backend="canvas",
        x_axis_label="x",
        y_axis_label=words["plot.axis.output"],
        min_border_right=30,
    )
    fig.toolbar.active_scroll = None  # the wheel scrolls the page; zoom is in the toolbar
    fig.title.syncable = False
    return fig


def _labels(fig, source) -> None:
    fig.text(
        "x", "y", text="text", color="color", source=source, text_align="right",
        text_baseline="bottom", y_offset="dy", x_offset=-2, text_font_size="12px",
        text_font_style="bold",
    )  # fmt: skip


def build(
    network: Network, view: View, selected: int = -1, text: dict | None = None,
    target: dict | None = None,
):  # fmt: skip
    """A fresh Bokeh layout of both plots, with its own NetState, drawn by the page.

    Each rendering of the dashboard (a served page, a notebook output, an exported file) gets
    its own: Bokeh models belong to one document. Returns ``(layout, state, draw)``: ``draw``
    (a CustomJS) runs on every change of ``state``, and must also run once when the page is
    ready (on the document's ``document_ready``). ``text``: Divs the page itself keeps the
    formula and diagram in (``{"formula": …, "diagram": …}``) where no server does, in the
    exported file. ``target``: NetState's target values (``fit_plot.target_values``), if any.
    """
    values = {**state_values(network, view, selected), **(target or NO_TARGET)}
    state = NetState(**values, syncable=False)
    x_range = Range1d(values["grid_start"], values["grid_stop"], syncable=False)
    # The first words before the page draws (it writes them again at each drawing, from
    # ``state.words``, so a language switch relabels it and the exported file is in its own).
    words = values["words"]
    hidden_fig = _figure("hidden", x_range, words["plot.hidden.both"], words)
    second_fig = _figure("second", x_range, words["plot.second.on"], words)

    def source(**columns):
        return ColumnDataSource(columns, syncable=False)

    neurons = source(xs=[], ys=[], color=[], alpha=[], width=[], dash=[])
    sums, deep = source(x=[], y=[]), source(x=[], y=[])
    labels, deep_labels = (source(x=[], y=[], text=[], color=[], dy=[]) for _ in range(2))
    # The sum underneath, a little wider: where it equals a neuron both stay visible.
    sum_color, deep_color = values["sum_color"], values["deep_color"]
    sum_top = hidden_fig.line("x", "y", source=sums, color=sum_color, line_width=4, name="sum")
    lines = hidden_fig.multi_line(
        "xs", "ys", source=neurons, line_color="color", line_alpha="alpha",
        line_width="width", line_dash="dash", name="neurons",
    )  # fmt: skip
    sum_bottom = second_fig.line("x", "y", source=sums, color=sum_color, line_width=4, name="sum")
    deep_line = second_fig.line(
        "x", "y", source=deep, color=deep_color, line_width=2.5, name="deep"
    )
    _labels(hidden_fig, labels)
    _labels(second_fig, deep_labels)

    hidden_legend = Legend(items=_hidden_items(sum_top, lines, words), syncable=False)
    second_legend = Legend(
        items=[LegendItem(label=words["plot.legend.sum"], renderers=[sum_bottom]),
               LegendItem(label=words["plot.legend.second"], renderers=[deep_line])],
        syncable=False,
    )  # fmt: skip
    fit = add_target(
        {"hidden": hidden_fig, "second": second_fig},
        {"hidden": hidden_legend, "second": second_legend},
    )
    hidden_fig.add_layout(hidden_legend, "right")
    second_fig.add_layout(second_legend, "right")

    # The hover's invisible lines have a source of their own, which the page brings up to date
    # after the frame that shows a change: on the sum's, every change would cost two more
    # renderers before the curves are drawn.
    hover = source(x=[], y=[])
    hovers = [[_hover(hidden_fig, hover, words), "hidden"],
              [_hover(second_fig, hover, words), "second"]]  # fmt: skip
    for fig in (hidden_fig, second_fig):
        for r in fig.renderers:
            r.syncable = False
    handles = {
        "hovers": hovers, "hover": hover,
        "neurons": neurons, "sum": sums, "deep": deep, "labels": labels,
        "deep_labels": deep_labels, "hidden_fig": hidden_fig, "second_fig": second_fig,
        "legends": [hidden_legend, second_legend], "sum_renderers": [sum_top, sum_bottom],
        "deep_renderer": deep_line,
    }  # fmt: skip
    from .slope import slope_plot  # the derivative view (it builds on this module's figures)

    slope_fig, slope_handles = slope_plot(x_range, values)
    slope_hover = source(x=[], y=[])  # x and each drawn dy/dx, on the sum's slope
    hovers.append([_hover(slope_fig, slope_hover, words), "slope"])
    handles.update(slope_handles, slope_hover=slope_hover)
    handles.update(fit)
    handles.update(text or {})  # the formula's and diagram's Divs, where the page writes them
    names = "{" + ", ".join(handles) + "}"
    extra = ("formula", "diagram") if text else ()
    code = call("schedule", "state", names, extra=extra)
    draw = CustomJS(args={"state": state, **handles}, code=code)
    for prop in [*values, "revision"]:
        state.js_on_change(prop, draw)
    layout = Column(
        fit["score"],
        hidden_fig,
        second_fig,
        slope_fig,
        sizing_mode="stretch_both",
        tags=[state, draw],
    )
    return layout, state, draw


def neuron_items(lines, words: dict) -> list[LegendItem]:
    """The legend's entries of the first ``LEGEND_NEURONS`` neurons (``lines`` draws them),
    each shown by the page while its neuron is listed."""
    name = words["plot.legend.neuron"]
    return [
        LegendItem(label=name.format(n=i + 1), renderers=[lines], index=i, visible=False)
        for i in range(LEGEND_NEURONS)
    ]


def _hidden_items(sum_line, lines, words: dict) -> list[LegendItem]:
    sum_item = LegendItem(label=words["plot.legend.sum"], renderers=[sum_line])
    return [sum_item, *neuron_items(lines, words)]


def _hover(fig, source, words: dict) -> HoverTool:
    """One tooltip at the cursor's x, listing every drawn curve: the page fills it in."""
    # An invisible copy of the sum's line (``source``) takes the hover: one renderer, one tooltip.
    target = fig.line("x", "y", source=source, line_alpha=0, line_width=8)
    target.syncable = False
    tool = HoverTool(
        renderers=[target], tooltips=None, mode="vline", syncable=False,
        description=words["plot.hover"],
    )  # fmt: skip
    fig.add_tools(tool)
    return tool


class CurvesPane(pn.pane.Bokeh):
    """The plots as a Panel pane: each rendering gets its own layout and NetState.

    ``source()`` gives what to draw (network, view, selected neuron) when a rendering is made;
    ``push()`` brings every rendering's NetState up to date after a change made in Python.
    """

    def __init__(self, source, **params):
        super().__init__(object=None, sizing_mode="stretch_both", **params)
        self._source = source
        #: The page's values on their way to the server (``dashboard.outbox``), if it has one.
        self.outbox = None
        #: NetState's target values for a new rendering (``dashboard.targets``), if any; and
        #: who takes a click or tap on a plot, ``on_tap(plot name, event)``.
        self.target_values = None
        self.on_tap = None
        self._renderings: dict[str, object] = {}  # root id -> its NetState
        self._pending: dict = {}  # values waiting for the document's next tick

    def _get_model(self, doc, root=None, parent=None, comm=None):
        if root is None:
            return self.get_root(doc, comm)
        target = self.target_values() if self.target_values is not None else None
        layout, state, draw = build(*self._source(), target=target)
        if self.on_tap is not None:
            from functools import partial

            for fig in layout.children:
                if fig.name in ("hidden", "second"):
                    for event in CLICKS:
                        fig.on_event(event, partial(self.on_tap, fig.name))
        # The first drawing, once the page is built. A notebook output gets no document_ready:
        # the kernel asks for it over the comm, which Panel sends once the output is there.
        doc.js_on_event("document_ready", draw)
        if comm is not None:
            from tornado.ioloop import IOLoop

            IOLoop.current().call_later(0.05, self._ask_to_draw, state)
        if self.outbox is not None:  # where the page's sliders send their values
            layout.tags = [*layout.tags, self.outbox.model(self)]
        ref = root.ref["id"]
        self._models[ref] = (layout, parent)
        self._renderings[ref] = state
        return layout

    def _ask_to_draw(self, state) -> None:
        state.revision += 1
        pn.io.push_notebook(self)

    def _cleanup(self, root=None) -> None:
        if root is not None:
            self._renderings.pop(root.ref["id"], None)
        super()._cleanup(root)

    def push(self, values: dict) -> None:
        """Send ``values`` (NetState properties) to every rendering that does not hold them.

        In a served session they go on the document's next tick, which Bokeh runs under the
        session's lock: Panel runs a button's click outside it, and a change to a Bokeh model
        made there fails when the socket is busy writing (Panel's ``unlocked()`` then hands the
        change back to Bokeh, which requires the lock). Pushes until then are merged, later
        values winning: one change for a burst.
        """
        doc = pn.state.curdoc
        if doc is None or doc.session_context is None:
            self._send(values)
            return
        first = not self._pending
        self._pending.update(values)
        if first:
            try:
                doc.add_next_tick_callback(self._send_pending)
            except Exception:  # the session is gone: nothing to draw
                self._pending = {}

    def _send_pending(self) -> None:
        values, self._pending = self._pending, {}
        self._send(values)

    def _send(self, values: dict) -> None:
        for state in self._renderings.values():
            changed = {k: v for k, v in values.items() if getattr(state, k) != v}
            if not changed:
                continue
            doc = state.document
            if doc is None or doc.session_context is None:
                state.update(**changed)
                continue
            # One message for all of them: the page then draws once, not once a property.
            with pn.io.hold(doc):
                state.update(**changed)
        pn.io.push_notebook(self)
