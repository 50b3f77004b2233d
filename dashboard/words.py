"""The words of one playground's page, in the learner's language, and what shows them.

Every word the page shows comes from a catalogue (``model.lang``), looked up through the
playground's ``Words``. A widget's label, name or description is set with ``words.bind(widget,
"label", key)``: set now, and set again from the other catalogue when the learner switches
language. Text that is made again whenever the model changes (the formula, the counts, a
notice) just calls ``words(key, **args)`` where it is made; the playground makes it all again
after a switch. Messages kept to be shown later (a notice, a refusal) are ``Message`` or
``Phrase`` objects, shown with ``words.say``, so they too follow the switch.

No page reload: a switch keeps the network, its Undo history and a training run.
"""

from __future__ import annotations

import contextlib
import html
import weakref
from collections.abc import Callable

import param

from model.lang import CATALOGUES, LANGUAGES, Phrase, language, text

#: Each language's own name, in itself: the switch's options.
LANGUAGE_NAMES = {"en": "English", "ja": "日本語"}


class Words(param.Parameterized):
    """The catalogue of one page, by ``lang``, and the labels to set again when it changes."""

    lang = param.Selector(objects=list(LANGUAGES), default=LANGUAGES[0])

    def __init__(self, lang: str = LANGUAGES[0], **params):
        super().__init__(lang=language(lang), **params)
        # Weakly: a card let go during a session is not kept for its labels.
        self._bound: list[tuple[weakref.ref, str, str, dict]] = []
        self._followers: list[Callable[[], Callable | None]] = []

    def __call__(self, key: str, **args) -> str:
        """The text of ``key`` in this page's language, its fields filled from ``args``."""
        return text(key, self.lang, **args)

    @property
    def catalogue(self) -> dict[str, str]:
        return CATALOGUES[self.lang]

    def say(self, message) -> str:
        """A message (a ``Message``, ``Phrase`` or ``Refusal``) in this page's language; other
        text as it is."""
        message = getattr(message, "message", message)  # a Refusal: its Message
        if hasattr(message, "text") and hasattr(message, "id"):
            return message.text(self.catalogue)
        return str(message)

    def bind(self, obj, attribute: str, key: str, **args):
        """Set ``obj.attribute`` to ``key``'s text, now and at each switch; returns ``obj``.

        An HTML pane's ``object`` is given the text escaped: a catalogue holds text, not markup.
        """
        self._set(obj, attribute, key, args)
        self._bound.append((weakref.ref(obj), attribute, key, args))
        return obj

    def _set(self, obj, attribute: str, key: str, args: dict) -> None:
        value = self(key, **args)
        setattr(obj, attribute, html.escape(value) if attribute == "object" else value)

    def follow(self, callback: Callable[[], object]) -> None:
        """Call ``callback()`` after each switch (what makes text of its own); a method is
        held weakly, with its object."""
        if hasattr(callback, "__self__"):
            self._followers.append(weakref.WeakMethod(callback))
        else:
            self._followers.append(lambda: callback)

    @param.depends("lang", watch=True)
    def _switch(self) -> None:
        import panel as pn

        # Every label at once: one message to the page, not one a label; and Bokeh walks the
        # document's models once, not once for each label whose model holds others (a
        # control's description or aria tags), which took a second for a small network.
        doc = pn.state.curdoc
        frozen = doc.models.freeze() if doc is not None else contextlib.nullcontext()
        with pn.io.hold(), frozen:
            self._relabel()

    def _relabel(self) -> None:
        self._bound = [entry for entry in self._bound if entry[0]() is not None]
        for ref, attribute, key, args in self._bound:
            self._set(ref(), attribute, key, args)
        live = [(ref, ref()) for ref in self._followers]
        self._followers = [ref for ref, callback in live if callback is not None]
        for _ref, callback in live:
            if callback is not None:
                callback()

    def release(self) -> None:
        self._bound.clear()
        self._followers.clear()


__all__ = ["LANGUAGE_NAMES", "Phrase", "Words"]
