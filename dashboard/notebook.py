"""What the dashboard needs to show, and stay live, in a Jupyter notebook with no internet.

A notebook cell may be nothing but ``Playground.from_figure("nn9")``. Panel then refuses to draw
unless its extension was loaded, and ``pn.extension()`` would fetch BokehJS from a CDN: with no
network the output is silently blank. So the first Playground displayed in a kernel loads the
extension itself, with every script inline, unless the user already loaded it their own way.
"""

from __future__ import annotations

import sys

import panel as pn


def in_kernel() -> bool:
    """True in a Jupyter kernel; False under ``panel serve``, the CLI, pytest or plain Python."""
    if "IPython" not in sys.modules:
        return False
    from IPython import get_ipython

    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


def extension_loaded() -> bool:
    # Panel counts HoloViews' notebook extension as its own (Viewable._repr_mimebundle_).
    if pn.extension._loaded:
        return True
    hv = sys.modules.get("holoviews")
    return bool(hv is not None and getattr(hv.extension, "_loaded", False))


def ensure_extension() -> None:
    """In a kernel, load Panel's notebook extension once, with its JavaScript inline."""
    if in_kernel() and not extension_loaded():
        pn.extension(inline=True)
