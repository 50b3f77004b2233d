"""The permalink: the page's URL follows the whole state, and a button copies it.

Only where the page is the app's own (``Playground.template(permalink=True)``), never in a
notebook: until then the button is hidden and the URL is left alone.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

import panel as pn

from model import Network
from model.permalink import to_query
from model.view import View

from .notices import WORDS_JS, page_words
from .words import Words

#: What the page says itself about the link, by the name the JS reads, and each one's key.
LINK_WORDS = {"copy": "ui.link.copy", "copied": "ui.link.copied", "prompt": "ui.link.prompt"}


def to_query_string(
    network: Network, view: View, target=None, training=None, depth=None, walk: int | None = None
) -> str:
    """The whole state as a URL query, e.g. ``?figure=nn9&act=sigmoid&n=2_-2~…``, with the
    target to fit, the training settings, the depth explorer and the walk's step, if any."""
    return "?" + urlencode(to_query(network, view, target, training, depth, walk), safe="_~.-")


#: The page's URL follows the state by replacing its history entry (no entry per slider
#: tick), except when the walk's step changes (one entry per step: the browser's Back and
#: Forward move between steps, ``dashboard.walk``).
FOLLOW_JS = """
const step = (query) => new URLSearchParams(query).get("walk");
if (step(cb_obj.value) !== step(window.location.search)) {
  window.history.pushState(null, "", cb_obj.value);
} else {
  window.history.replaceState(window.history.state, "", cb_obj.value);
}
"""


class Permalink:
    """The Copy link button, and (once enabled) the hidden box whose value is the page's URL.

    ``query()`` is the state's query string, read whenever the URL follows it; ``words``: the
    page's words (the button's label, and what the page says once it has copied).
    """

    def __init__(self, query: Callable[[], str], words: Words | None = None):
        self._query = query
        words = words if words is not None else Words()
        self.copy_link = pn.widgets.Button(sizing_mode="stretch_width", visible=False)
        words.bind(self.copy_link, "label", "ui.link.copy")
        words.bind(self.copy_link, "description", "ui.link.copy_about")
        page_words(words, self.copy_link, LINK_WORDS)
        self.copy_link.js_on_click(
            args={"button": self.copy_link},
            code="""
            // The label changes in this page only: nothing for the server to hear about.
            // (``button``, not ``cb_obj``: that is the click event.)
            const said = nnshape_words(button);
            const say = (label) => button.setv({label}, {sync: false});
            navigator.clipboard.writeText(window.location.href).then(
              () => { say(said.copied); },
              () => { window.prompt(said.prompt, window.location.href); });
            clearTimeout(button.__nn_label);
            button.__nn_label = setTimeout(() => say(nnshape_words(button).copy), 2000);
            """.replace("nnshape_words", WORDS_JS),
        )
        #: Where the page holds the hidden box (it has to be in the page to run there).
        self.holder = pn.Column(margin=0, height=0)
        self._url: pn.widgets.TextInput | None = None

    def enable(self) -> None:
        """The URL follows every edit, replacing its history entry rather than adding one
        (but for a step of the walk: ``FOLLOW_JS``)."""
        # A hidden text holds the query; its change runs FOLLOW_JS in the browser.
        self._url = pn.widgets.TextInput(value=self._query(), visible=False)
        self._url.jscallback(value=FOLLOW_JS)
        self.copy_link.visible = True
        self.holder.objects = [self._url]

    def update(self) -> None:
        if self._url is not None:
            self._url.value = self._query()

    def sources(self) -> list:
        """Its widgets with a callback in the page (for release)."""
        return [self.copy_link] if self._url is None else [self.copy_link, self._url]
