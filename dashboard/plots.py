"""The two linked plots: every hidden neuron and their sum; the sum and the second layer.

HoloViews composes, styles and links them (x axes shared, y axes independent). After the first
render, a change never re-renders HoloViews: the Bokeh data sources captured by each curve's
render hook are written in place, and only the curves whose numbers changed are sent. Adding or
removing a neuron changes the set of curves, so that, and only that, renders anew.
"""

from __future__ import annotations

import weakref

import holoviews as hv

# The curves carry Bokeh-only options, which HoloViews refuses until its Bokeh backend is
# imported; a notebook cell that only builds a Playground has loaded no extension before.
import holoviews.plotting.bokeh
import numpy as np
import panel as pn
import param

from model import DEEP_COLOR, SUM_COLOR, Network

from .notebook import quicken_comm

X = hv.Dimension("x", label="x")
# HoloViews links axes whose dimensions share a label: distinct labels keep the y axes apart.
Y1 = hv.Dimension("y1", label="hidden layer output")
Y2 = hv.Dimension("y2", label="second layer output")

SUM, SUM2, DEEP = "sum", "sum2", "deep"
HEIGHT = 300


def neuron_key(i: int) -> str:
    return f"n{i}"


def auto_limits(arrays: list[np.ndarray]) -> tuple[float, float]:
    """Limits that show every finite value of ``arrays`` with a 5 % margin."""
    finite = [a[np.isfinite(a)] for a in arrays]
    finite = [a for a in finite if a.size]
    if not finite:
        return (-1.0, 1.0)
    lo = min(float(a.min()) for a in finite)
    hi = max(float(a.max()) for a in finite)
    pad = 0.05 * (hi - lo) if hi > lo else max(0.5, 0.05 * abs(hi))
    return (lo - pad, hi + pad)


class CurvePlots(param.Parameterized):
    """A view of one Network's curves; one per session."""

    visible = param.Dict(
        default={}, doc="Curve key -> shown? Keys: n0, n1, …, sum, deep (``View.shown``)."
    )
    ylim = param.Range(default=None, allow_None=True, doc="Fixed y-limits; None: fit the data.")

    def __init__(self, network: Network, render: bool = True, **params):
        super().__init__(**params)
        self.network = network
        # key -> the Bokeh (source, renderer) pairs that show it: one per rendered root.
        self._handles: dict[str, list[tuple]] = {}
        self._plots: list = []  # the rendered HoloViews plots, for their ranges and titles
        self._sent: dict[str, np.ndarray] = {}
        self._rendered_colors: list[str] = []
        self.pane = pn.pane.HoloViews(
            sizing_mode="stretch_width", min_height=2 * HEIGHT + 40, linked_axes=True
        )
        if render:  # False: the owner renders once it has set everything up
            self.render()

    # -- building (only when the set of curves changes) ---------------------------------------
    # HoloViews keeps every element's options, hooks included, in a global store that outlives
    # the element. A hook holding ``self`` would keep this view, its network and its playground
    # alive after the session ends: hooks hold a weak reference instead.
    def _hook(self, key: str, live: bool):
        view = weakref.ref(self)

        def capture(plot, element):
            renderer = plot.handles["glyph_renderer"]
            renderer.name = key  # lets tests and benchmarks find each curve in the page
            me = view()
            if not live or me is None:
                return  # a snapshot: named, but never updated
            source = plot.handles["source"]
            pairs = me._handles.setdefault(key, [])
            if not any(s is source for s, _ in pairs):
                pairs.append((source, renderer))

        return capture

    def _plot_hook(self, name: str, live: bool):
        view = weakref.ref(self)

        def capture(plot, element):
            plot.state.name = name
            me = view()
            if live and me is not None:
                me._plots.append((name, plot.state))
                me._show_curves()  # the legend is built by now: hide curves and their entries

        return capture

    def _shown(self, key: str) -> bool:
        return self.visible.get(SUM if key == SUM2 else key, True)

    def _curve(self, x, y, ydim, label, key, color, live, width=2.0):
        fmt = "{0.0000}"
        return hv.Curve((x, y), X, ydim, label=label).opts(
            color=color,
            line_width=width,
            # A live curve renders visible whatever it shows: HoloViews leaves out of the legend
            # a curve invisible at render time, and it would never get an entry.
            visible=True if live else self._shown(key),
            hooks=[self._hook(key, live)],
            tools=["hover"],
            hover_tooltips=[("curve", label), ("x", "@x{0.000}"), ("y", f"@{ydim.name}{fmt}")],
            hover_mode="vline",
        )

    def build(self, live: bool = True) -> hv.Layout:
        """The HoloViews layout for the network as it is now.

        ``live`` plots register their data sources for in-place updates; a snapshot's do not.
        """
        c = self.network.curves()
        x = c["x"]
        neurons = self.network.neurons
        # The sum goes underneath, a little wider: where it equals a neuron (one neuron, or the
        # others flat at zero) both stay visible, the neuron inside a green border.
        hidden = [self._curve(x, c["sum"], Y1, "sum", SUM, SUM_COLOR, live, width=4.0)]
        hidden += [
            self._curve(x, y, Y1, f"neuron {i + 1}", neuron_key(i), n.color, live)
            for i, (n, y) in enumerate(zip(neurons, c["neurons"], strict=True))
        ]
        deep_y = c["deep"] if c["deep"] is not None else np.full_like(x, np.nan)
        second = [
            self._curve(x, c["sum"], Y2, "sum", SUM2, SUM_COLOR, live, width=4.0),
            self._curve(x, deep_y, Y2, "second layer", DEEP, DEEP_COLOR, live, width=2.5),
        ]
        common = dict(
            responsive=True,
            height=HEIGHT,
            min_height=HEIGHT,
            show_grid=True,
            xlim=(float(x[0]), float(x[-1])),
            legend_position="right",
            show_legend=len(neurons) <= 10,
            toolbar="above",
            default_tools=["pan", "wheel_zoom", "box_zoom", "reset", "save"],
            # Canvas, not WebGL: WebGL line joins leave stray ticks on curves in software-GL
            # browsers, and a few thousand points need no GPU.
            backend_opts={"plot.output_backend": "canvas"},
        )
        plot1 = hv.Overlay(hidden).opts(
            title="Hidden layer: each neuron and their sum",
            ylabel="output",
            hooks=[self._plot_hook("hidden-plot", live)],
            ylim=self._limits(c, hidden=True),
            **common,
        )
        plot2 = hv.Overlay(second).opts(
            title=self._second_title(),
            ylabel="output",
            hooks=[self._plot_hook("second-plot", live)],
            ylim=self._limits(c, hidden=False),
            **common,
        )
        return (plot1 + plot2).cols(1).opts(shared_axes=True)

    def render(self) -> None:
        self._handles = {}
        self._plots = []
        self._sent = {}
        self._rendered_colors = self._colors()
        self.pane.object = self.build()
        self._sent = self._current()
        self._apply_ranges(self._sent)

    def _colors(self) -> list[str]:
        return [n.color for n in self.network.neurons]

    # -- updating in place --------------------------------------------------------------------
    def _current(self) -> dict[str, np.ndarray]:
        c = self.network.curves()
        arrays = {"x": c["x"], SUM: c["sum"], SUM2: c["sum"]}
        arrays[DEEP] = c["deep"] if c["deep"] is not None else np.full_like(c["x"], np.nan)
        for i, y in enumerate(c["neurons"]):
            arrays[neuron_key(i)] = y
        return arrays

    def refresh(self) -> None:
        """Bring every plotted number in line with the network, sending only what changed."""
        if self._colors() != self._rendered_colors:
            self.render()  # a neuron came, went or changed colour: the set of curves changed
            return
        new = self._current()
        x_changed = not np.array_equal(new["x"], self._sent.get("x"))
        for key, pairs in self._handles.items():
            y = new[key]
            if not x_changed and np.array_equal(y, self._sent.get(key), equal_nan=True):
                continue
            ydim = "y2" if key in (SUM2, DEEP) else "y1"
            for source, _renderer in pairs:
                if x_changed:
                    source.data = {"x": new["x"], ydim: y}
                else:
                    source.data.update({ydim: y})
        self._show_curves()
        self._sent = new
        self._apply_ranges(new, x_changed=x_changed)
        for name, fig in self._plots:
            if name == "second-plot" and fig.title is not None:
                title = self._second_title()
                if fig.title.text != title:
                    fig.title.text = title
        # In a notebook, Bokeh models written directly reach the page only when pushed over the
        # comm; under a server there is no comm and this does nothing (Bokeh syncs the document).
        quicken_comm(self.pane)
        pn.io.push_notebook(self.pane)

    def _show_curves(self) -> None:
        """Draw each curve, and list it in its legend, only if ``visible`` says so."""
        for key, pairs in self._handles.items():
            shown = self._shown(key)
            for _source, renderer in pairs:
                if renderer.visible != shown:
                    renderer.visible = shown
        for _name, fig in self._plots:
            for legend in fig.legend:
                for item in legend.items:
                    shown = any(r.visible for r in item.renderers)
                    if item.visible != shown:
                        item.visible = shown

    def _limits(self, curves: dict, hidden: bool) -> tuple[float, float]:
        if self.ylim is not None:
            return tuple(self.ylim)
        if hidden:
            keyed = {neuron_key(i): y for i, y in enumerate(curves["neurons"])}
            keyed[SUM] = curves["sum"]
        else:
            keyed = {SUM2: curves["sum"]}
            if curves["deep"] is not None:
                keyed[DEEP] = curves["deep"]
        return auto_limits([y for k, y in keyed.items() if self._shown(k)])

    def _second_title(self) -> str:
        s = self.network.second
        if not s.enabled:
            return "Second layer: off (switch it on to feed the sum through one more neuron)"
        return "Second layer: the sum through one more neuron"

    def _apply_ranges(self, arrays, x_changed: bool = True) -> None:
        x = arrays["x"]
        for name, fig in self._plots:
            keys = [k for k in self._handles if (k in (SUM2, DEEP)) == (name == "second-plot")]
            if self.ylim is not None:
                lo, hi = self.ylim
            else:
                lo, hi = auto_limits([arrays[k] for k in keys if self._shown(k)])
            if (fig.y_range.start, fig.y_range.end) != (lo, hi):
                fig.y_range.update(start=lo, end=hi)
            if x_changed:
                fig.x_range.update(start=float(x[0]), end=float(x[-1]))
