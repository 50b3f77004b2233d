"""The yardstick: a minimal plain-Bokeh app served by ``bokeh serve``.

One slider and three lines of 100 points; the slider's Python callback writes new data straight
into the lines' data sources. Its slider-to-data latency is the floor of a Python-served Bokeh
round trip on this machine, and nnshape's latencies are reported as ratios to it.
"""

import numpy as np
from bokeh.io import curdoc
from bokeh.layouts import column
from bokeh.models import ColumnDataSource, Slider
from bokeh.plotting import figure

x = np.arange(-5, 5, 0.1)


def curves(w):
    return [1 / (1 + np.exp(-(w * k * x))) for k in (1.0, 0.5, 2.0)]


sources = [ColumnDataSource({"x": x, "y": y}) for y in curves(1.0)]
plot = figure(height=300, sizing_mode="stretch_width", output_backend="canvas")
for i, (source, colour) in enumerate(zip(sources, ("red", "blue", "orange"), strict=True)):
    plot.line("x", "y", source=source, color=colour, name=f"line{i}")
slider = Slider(start=-10, end=10, step=0.1, value=1.0, title="weight")


def update(_attr, _old, new):
    for source, y in zip(sources, curves(new), strict=True):
        source.data = {"x": x, "y": y}


slider.on_change("value", update)
curdoc().add_root(column(slider, plot, sizing_mode="stretch_width"))
