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


#: The Jupyter client session (one per page: a reloaded tab is a new client) that last had the
#: extension's JavaScript loaded into it.
_loaded_into: str | None = None


def _client() -> str | None:
    """The client session id of the request being run (Jupyter messaging spec, message header:
    "When a client restarts, it should generate a new client session id")."""
    from IPython import get_ipython

    try:
        return get_ipython().kernel.get_parent()["header"]["session"] or None
    except Exception:
        return None


def ensure_extension() -> None:
    """In a kernel, load Panel's notebook extension, with its JavaScript inline, into each page.

    ``pn.extension._loaded`` is per kernel, but BokehJS lives in the page: a reloaded tab has
    none until the extension runs again (Panel re-publishes its resources on every call).
    """
    global _loaded_into
    if not in_kernel():
        return
    client = _client()
    if extension_loaded():
        if _loaded_into is None:
            _loaded_into = client  # the user loaded it their own way, into this page
        if client == _loaded_into:
            return
    pn.extension(inline=True)
    _loaded_into = client


class Text(pn.pane.HTML):
    """An HTML pane for text that follows the network: formula, diagram, counts, captions.

    A new text sends the text and nothing else. Panel 1.9 would re-send every property, the
    stylesheets rebuilt as links to its CDN (which an offline notebook fetches in vain),
    and putting them back makes Bokeh recompute the document's model graph on every tick.
    ``tests/test_notebook_display.py`` fails if a Panel upgrade stops calling ``_update``.
    """

    def _update(self, ref, model) -> None:
        model.update(text=self._transform_object(self.object)["object"])
