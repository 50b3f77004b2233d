"""Copy as code: a button that puts on the clipboard a Python script redrawing the figure.

The script is ``model.code.to_python`` of the network and view the server holds, made on the
server from validated numbers and names (never from text a user typed) and sent to the page,
which copies it. The click asks for it through the page's outbox (``nnshape.ask``), in one
message with the slider values the page still holds, which the server takes first: so the
script is of the state on screen, however soon after a drag the click comes. Where the browser
refuses the clipboard, the script shows in a read-only box to copy from, escaped: it is shown
as text, never as HTML.
"""

from __future__ import annotations

import html
import json

import panel as pn

from model import Network
from model.code import to_python
from model.view import View

from .notebook import Text
from .notices import WORDS_JS, page_words
from .words import Words

#: What the page says itself about the script, by the name ``COPY_JS`` reads, and each one's
#: catalogue key.
CODE_WORDS = {"copy": "ui.code.copy", "copied": "ui.code.copied", "from_box": "ui.code.from_box"}

#: Runs in the page when the server sends a script (``carrier``'s value: {n, code}).
COPY_JS = """
const said = WORDS(button)
const say = (label) => button.setv({label}, {sync: false})  // the page's own: not synced
let code
try { code = JSON.parse(cb_obj.value).code } catch (e) { return }
if (typeof code !== "string") return
const refused = () => {
  say(said.from_box)
  box.visible = true
}
const clipboard = navigator.clipboard
if (clipboard == null || typeof clipboard.writeText !== "function") {
  refused()
} else {
  clipboard.writeText(code).then(() => { say(said.copied); box.visible = false }, refused)
}
clearTimeout(button.__nn_label)
button.__nn_label = setTimeout(() => say(WORDS(button).copy), 4000)
""".replace("WORDS", WORDS_JS)


#: The click, in the page: the request goes in the outbox, after the values it holds.
ASK_JS = "if (window.nnshape && nnshape.ask) nnshape.ask(button.document, ASK)"


def fallback_html(code: str, words: Words | None = None) -> str:
    """The script in a read-only box to select and copy from (escaped: shown as text)."""
    words = words if words is not None else Words()
    return (
        f"<p style='margin:4px 0;color:#555'>{html.escape(words('ui.code.refused'))}</p>"
        f"<textarea readonly aria-label='{html.escape(words('ui.code.box_aria'), quote=True)}' "
        "rows='12' spellcheck='false' "
        "style='width:100%;box-sizing:border-box;font:12px monospace;white-space:pre'>"
        f"{html.escape(code)}</textarea>"
    )


class CopyCode:
    """The button, the hidden value that carries the script to the page, and the fallback box."""

    #: The name the click asks for in the page's outbox (``dashboard.outbox``).
    ASK = "copy_code"

    def __init__(self, network: Network, view: View, outbox=None, words: Words | None = None):
        self._network, self._view = network, view
        self._words = words = words if words is not None else Words()
        self._sent = 0
        self._code: str | None = None  # the last script sent, shown again at a switch
        self.button = pn.widgets.Button(sizing_mode="stretch_width")
        words.bind(self.button, "label", "ui.code.copy")
        words.bind(self.button, "description", "ui.code.copy_about")
        page_words(words, self.button, CODE_WORDS)
        words.follow(self._relabel)
        self.box = Text("", visible=False, sizing_mode="stretch_width")
        self.carrier = pn.widgets.TextInput(value="", visible=False)
        self.carrier.jscallback(value=COPY_JS, args={"button": self.button, "box": self.box})
        if outbox is None:  # no outbox: the click itself asks
            self.button.on_click(self.copy)
        else:  # the page's outbox carries the request, after its values
            outbox.asks[self.ASK] = self.copy
            code = ASK_JS.replace("ASK", json.dumps(self.ASK))
            self.button.js_on_click(args={"button": self.button}, code=code)
        #: What the page holds, in its place in the controls.
        self.column = pn.Column(self.button, self.box, self.carrier, margin=0,
                                sizing_mode="stretch_width")  # fmt: skip

    def script(self) -> str:
        return to_python(self._network, self._view)

    def copy(self, _event=None) -> None:
        """Send the page the script of the state the server holds now."""
        code = self.script()
        self._sent += 1  # the same script again is a new value: the page copies it again
        self._code = code
        with pn.io.hold():
            self.box.object = fallback_html(code, self._words)
            self.carrier.value = json.dumps({"n": self._sent, "code": code})

    def _relabel(self) -> None:
        if self._code is not None:  # the box's words follow the page's language
            self.box.object = fallback_html(self._code, self._words)

    def sources(self) -> list:
        """Its widgets with a callback in the page (for release)."""
        return [self.carrier, self.button]
