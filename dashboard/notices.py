"""Messages for the learner, shown as plain text wherever they are echoed.

A message may quote what a visitor sent (a link's value, a file's name, a forged widget
value). It is never rendered as Markdown, HTML or TeX: each message is HTML-escaped into an
HTML pane, which Panel renders with MathJax off, so ``<img onerror=…>``, ``![x](url)`` and
``$$\\href{javascript:…}{…}$$`` all show as the characters they are. Notifications (Panel's
toasts render HTML) get the same escaping through ``plain``.
"""

from __future__ import annotations

import html
import weakref
from collections.abc import Callable
from functools import partial

import param

from .notebook import Text

#: The looks of each kind of notice (background, border, text colour).
STYLES = {
    "warning": ("#fff3cd", "#ffe69c", "#664d03"),
    "info": ("#cff4fc", "#9eeaf9", "#055160"),
    "danger": ("#f8d7da", "#f1aeb5", "#58151c"),
}


def plain(text: str) -> str:
    """``text`` escaped for an HTML renderer, so that it shows as exactly these characters."""
    return html.escape(str(text), quote=True)


class Notices(param.Parameterized):
    """A place on the page that shows a list of messages, or nothing."""

    messages = param.List(default=[], doc="The messages shown, each a line of plain text.")
    kind = param.Selector(objects=list(STYLES), default="warning")

    def __init__(self, **params):
        margin = params.pop("margin", (5, 10))
        super().__init__(**params)
        self.pane = Text("", visible=False, sizing_mode="stretch_width", margin=margin)
        self._render()

    def show(self, *messages: str, kind: str = "warning") -> None:
        self.param.update(messages=[str(m) for m in messages if str(m)], kind=kind)

    def clear(self) -> None:
        self.messages = []

    @property
    def text(self) -> str:
        """Everything shown, as one line of plain text."""
        return " ".join(self.messages)

    @param.depends("messages", "kind", watch=True)
    def _render(self) -> None:
        background, border, colour = STYLES[self.kind]
        role = "alert" if self.kind == "danger" else "status"
        items = "".join(f"<li>{plain(m)}</li>" for m in self.messages)
        listing = (
            f"<ul style='margin:0;padding-left:18px'>{items}</ul>"
            if len(self.messages) > 1
            else f"<div>{plain(self.messages[0])}</div>"
            if self.messages
            else ""
        )
        self.pane.object = (
            f"<div role='{role}' class='nn-notice' style='background:{background};"
            f"border:1px solid {border};color:{colour};padding:8px 10px;border-radius:6px;"
            f"font-size:13px;overflow-wrap:anywhere'>{listing}</div>"
        )
        self.pane.visible = bool(self.messages)


#: Who tells the learner of each served document about a change the server refused.
_LISTENERS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def listen(doc, callback: Callable[[str], object]) -> None:
    """Have ``callback(message)`` tell the learner of ``doc`` what ``tell`` says about it."""
    _LISTENERS[doc] = callback


def tell(doc, message: str) -> None:
    """Tell ``doc``'s learner ``message`` (plain text) once the document is free to change:
    called from outside its lock (the websocket's handler), so it runs as the next tick."""
    callback = _LISTENERS.get(doc)
    if callback is not None and doc.session_context is not None:
        doc.add_next_tick_callback(partial(callback, message))
