"""The client-side yardstick: a plain Bokeh file whose slider redraws its curves in the page.

One slider and three sigmoid lines of 100 points, as ``floor_app.py``; the slider's
``CustomJS`` recomputes the three curves in place and emits a change, with no server. Its
key-to-data latency is the floor of any page-side drawing on this machine (what nnshape's
served page, notebook output and file are compared with), measured the same way.

    python -m benchmarks.floor_file OUT.html
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from bokeh.embed import file_html
from bokeh.layouts import column
from bokeh.models import ColumnDataSource, CustomJS, Slider
from bokeh.plotting import figure
from bokeh.resources import INLINE

X = np.arange(-5, 5, 0.1)
SCALES = (1.0, 0.5, 2.0)

CODE = """
const w = cb_obj.value, x = sources[0].data.x;
for (let i = 0; i < sources.length; i++) {
  const y = sources[i].data.y, k = scales[i];
  for (let j = 0; j < x.length; j++) y[j] = 1 / (1 + Math.exp(-(w * k * x[j])));
  sources[i].change.emit();
}
"""


def floor_file_html() -> str:
    sources = [
        ColumnDataSource({"x": X, "y": 1 / (1 + np.exp(-(k * X)))}, name=f"source{i}")
        for i, k in enumerate(SCALES)
    ]
    plot = figure(height=300, sizing_mode="stretch_width", output_backend="canvas")
    for i, (source, colour) in enumerate(zip(sources, ("red", "blue", "orange"), strict=True)):
        plot.line("x", "y", source=source, color=colour, name=f"line{i}")
    slider = Slider(start=-10, end=10, step=0.1, value=1.0, title="weight")
    slider.js_on_change(
        "value", CustomJS(args={"sources": sources, "scales": list(SCALES)}, code=CODE)
    )
    return file_html(column(slider, plot, sizing_mode="stretch_width"), INLINE, "floor")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m benchmarks.floor_file OUT.html", file=sys.stderr)
        return 2
    Path(args[0]).write_text(floor_file_html(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
