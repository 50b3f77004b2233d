"""The derivative view's plot: dy/dx of every curve, drawn by the page (``js/slope.js``).

Each neuron's share wᵢ·act′(wᵢx − bᵢ) in its own colour and dash (one ``multi_line``, a row per
neuron, as the curves; during a drag the dragged neuron's share on a line of its own,
``slope_live``), the sum's slope and the second layer's, on the curves' x-range. Hidden until
the view's ``slope`` switch is on; the page computes it then, and only then, in the curves'
own loop, from the same ``NetState`` as the curves, so it follows every slider in the served
page, the notebook output and the exported file alike. Where a sigmoid's tail is flat, its
share is ~0: nothing there moves the output, which is why nothing there learns.
"""

from __future__ import annotations

from bokeh.models import ColumnDataSource, Legend, LegendItem

from .plots import _figure, _labels, neuron_items


def slope_plot(x_range, values: dict) -> tuple:
    """The slope's figure (hidden unless ``values["slope"]``) and the handles the page's
    ``draw_slope`` reads, for ``dashboard.plots.build``."""

    def source(**columns):
        return ColumnDataSource(columns, syncable=False)

    words = values["words"]  # the page's (plots.page_words); slope.js writes them again
    fig = _figure("slope", x_range, words["plot.slope.title"], words)
    fig.yaxis.axis_label = "dy/dx"
    fig.visible = bool(values["slope"])
    neurons = source(xs=[], ys=[], color=[], alpha=[], width=[], dash=[])
    sums, deep, labels = (
        source(x=[], y=[]),
        source(x=[], y=[]),
        source(x=[], y=[], text=[], color=[], dy=[]),
    )
    sum_line = fig.line(
        "x", "y", source=sums, color=values["sum_color"], line_width=4, name="slope_sum"
    )
    lines = fig.multi_line(
        "xs", "ys", source=neurons, line_color="color", line_alpha="alpha",
        line_width="width", line_dash="dash", name="slope_neurons",
    )  # fmt: skip
    # One neuron's share while it alone changes (a drag): see js/slope.js.
    live = source(x=[], y=[])
    live_line = fig.line("x", "y", source=live, line_width=2, name="slope_live", visible=False)
    deep_line = fig.line(
        "x", "y", source=deep, color=values["deep_color"], line_width=2.5, name="slope_deep"
    )
    _labels(fig, labels)
    items = [
        LegendItem(label=words["plot.legend.sum"], renderers=[sum_line]),
        LegendItem(label=words["plot.legend.second"], renderers=[deep_line]),
        *neuron_items(lines, words),
    ]
    legend = Legend(items=items, syncable=False)
    fig.add_layout(legend, "right")
    for r in fig.renderers:
        r.syncable = False
    handles = {
        "slope_fig": fig, "slope_neurons": neurons, "slope_sum": sums, "slope_deep": deep,
        "slope_labels": labels, "slope_legend": legend, "slope_sum_renderer": sum_line,
        "slope_deep_renderer": deep_line, "slope_live": live, "slope_live_renderer": live_line,
    }  # fmt: skip
    return fig, handles
