"""Messages for the learner, shown as plain text wherever they are echoed.

A message may quote what a visitor sent (a link's value, a file's name, a forged widget
value). It is never rendered as Markdown, HTML or TeX: each message is HTML-escaped into an
HTML pane, which Panel renders with MathJax off, so ``<img onerror=…>``, ``![x](url)`` and
``$$\\href{javascript:…}{…}$$`` all show as the characters they are. Notifications (Panel's
toasts render HTML) get the same escaping through ``plain``.

A message is kept as it was given (a ``Message``, ``Phrase`` or ``Refusal`` carries its key) and
shown in the page's language (``Words.say``), again after each switch.
"""

from __future__ import annotations

import html
import json
import weakref
from collections.abc import Callable
from functools import partial

import param

from .notebook import Text
from .words import Words

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

    messages = param.List(
        default=[],
        doc="The messages shown, each a line: a Message or Phrase (said in the page's "
        "language) or plain text.",
    )
    kind = param.Selector(objects=list(STYLES), default="warning")

    def __init__(self, words: Words | None = None, **params):
        margin = params.pop("margin", (5, 10))
        super().__init__(**params)
        #: The page's words: each message is shown in its language, again after a switch.
        self.words = words if words is not None else Words()
        self.pane = Text("", visible=False, sizing_mode="stretch_width", margin=margin)
        self._render()
        self.words.follow(self._render)

    def show(self, *messages, kind: str = "warning") -> None:
        """Show ``messages``: each a ``Message``, ``Phrase``, ``Refusal`` (kept, to be said in
        the page's language) or plain text."""
        kept = [_kept(m) for m in messages]
        self.param.update(messages=[m for m in kept if str(m)], kind=kind)

    def clear(self) -> None:
        self.messages = []

    @property
    def text(self) -> str:
        """Everything shown, as one line of plain text."""
        return " ".join(self.said())

    def said(self) -> list[str]:
        """Each message in the page's language."""
        return [self.words.say(m) for m in self.messages]

    @param.depends("messages", "kind", watch=True)
    def _render(self) -> None:
        background, border, colour = STYLES[self.kind]
        role = "alert" if self.kind == "danger" else "status"
        said = self.said()
        items = "".join(f"<li>{plain(m)}</li>" for m in said)
        listing = (
            f"<ul style='margin:0;padding-left:18px'>{items}</ul>"
            if len(said) > 1
            else f"<div>{plain(said[0])}</div>"
            if said
            else ""
        )
        self.pane.object = (
            f"<div role='{role}' class='nn-notice' style='background:{background};"
            f"border:1px solid {border};color:{colour};padding:8px 10px;border-radius:6px;"
            f"font-size:13px;overflow-wrap:anywhere'>{listing}</div>"
        )
        self.pane.visible = bool(self.messages)


def _kept(message):
    """What a message is kept as: a refusal's ``Message`` (which says it in any language), a
    ``Message`` or ``Phrase`` as it is, anything else as its text."""
    message = getattr(message, "message", message)  # a Refusal
    return message if hasattr(message, "text") and hasattr(message, "id") else str(message)


#: The tag of a widget that carries the words its page writes itself (``page_words``).
WORDS_TAG = "nn-words="
#: A JS expression, called with a widget's model, that gives the words it carries, by name.
WORDS_JS = (
    "((m) => { const t = (m.tags || []).find((t) => typeof t === 'string' && "
    f"t.startsWith({WORDS_TAG!r})); try {{ return t ? JSON.parse(t.slice({len(WORDS_TAG)})) "
    ": {} } catch (e) { return {} } })"
)


def page_words(words: Words, widget, names: dict[str, str]) -> None:
    """Give ``widget``'s page the words its JS writes itself (``names``: each one's catalogue
    key, by the name the JS reads them by), in the page's language and again at each switch,
    in a tag (``WORDS_TAG``) beside any others. The JS reads them with ``WORDS_JS``."""

    def set_tag() -> None:
        said = {name: words.catalogue[key] for name, key in names.items()}  # as templates
        said = json.dumps(said, ensure_ascii=False)
        kept = [t for t in widget.tags if not (isinstance(t, str) and t.startswith(WORDS_TAG))]
        widget.tags = [*kept, WORDS_TAG + said]

    set_tag()
    words.follow(set_tag)  # held by the follower list as long as the page's words are


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
