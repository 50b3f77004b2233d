"""Shared machinery for driving nnshape from the outside, and the numbers it must show.

Serving on a free loopback port (``serve``), Chromium and reading plotted data out of a page
(``browser``), the independent oracle of expected curves (``oracle``), a real JupyterLab
(``jupyter``) and the load benchmark's per-session weights (``load``).

Used by the tests (``tests/``), the benchmarks (``benchmarks/``) and ``docs/screenshot.py``, so
each of these is written once. Development only: not part of the installed package, and it
imports no test module and no benchmark module.
"""
