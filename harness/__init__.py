"""Shared machinery for driving nnshape from the outside, and the numbers it must show.

Serving on a free loopback port (``serve``), running the command line and a benchmark's quick
mode (``commands``), Chromium and reading plotted data out of a page (``browser``), the served
app in a page (``app``), the independent oracle of expected curves (``oracle``), the model at
its limits (``extremes``), what a state read back must be (``states``), a Playground rendered
without a browser (``dashboard``), a real JupyterLab (``jupyter``), Bokeh's client and its
protocol frame by frame (``client``, ``wire``), the page's evaluator against the model
(``parity``), the load benchmark's per-session weights (``load``), every word a page shows
against its language's catalogue (``words``) and how it draws them: overflow and tofu
(``glyphs``).

Used by the tests (``tests/``), the benchmarks (``benchmarks/``) and ``docs/screenshot.py``, so
each of these is written once. Development only: not part of the installed package, and it
imports no test module and no benchmark module.
"""
