"""Copy as code: a button that puts on the clipboard a Python script redrawing the figure.

The script is ``model.code.to_python`` of the network and view the server holds, made on the
server from validated numbers and names (never from text a user typed) and sent to the page,
which copies it. The page's slider values reach the server before the click does (the outbox
sends what it holds on any pointer-down: ``dashboard/js/curves.js``), so the script is of the
state on screen. Where the browser refuses the clipboard, the script shows in a read-only box
to copy from, escaped: it is shown as text, never as HTML.
"""

from __future__ import annotations

import html
import json

import panel as pn

from model import Network
from model.code import to_python
from model.view import View

from .notebook import Text

LABEL = "Copy as code"

#: Runs in the page when the server sends a script (``carrier``'s value: {n, code}).
COPY_JS = """
const say = (label) => button.setv({label}, {sync: false})  // the page's own: not synced
let code
try { code = JSON.parse(cb_obj.value).code } catch (e) { return }
if (typeof code !== "string") return
const refused = () => {
  say("Copy it from the box below")
  box.visible = true
}
const clipboard = navigator.clipboard
if (clipboard == null || typeof clipboard.writeText !== "function") {
  refused()
} else {
  clipboard.writeText(code).then(() => { say("Copied ✓"); box.visible = false }, refused)
}
clearTimeout(button.__nn_label)
button.__nn_label = setTimeout(() => say(LABEL), 4000)
""".replace("LABEL", json.dumps(LABEL))


def fallback_html(code: str) -> str:
    """The script in a read-only box to select and copy from (escaped: shown as text)."""
    return (
        "<p style='margin:4px 0;color:#555'>The browser did not let the page copy: select the "
        "script below and copy it.</p>"
        "<textarea readonly aria-label='The script, Python' rows='12' spellcheck='false' "
        "style='width:100%;box-sizing:border-box;font:12px monospace;white-space:pre'>"
        f"{html.escape(code)}</textarea>"
    )


class CopyCode:
    """The button, the hidden value that carries the script to the page, and the fallback box."""

    def __init__(self, network: Network, view: View):
        self._network, self._view = network, view
        self._sent = 0
        self.button = pn.widgets.Button(
            label=LABEL, sizing_mode="stretch_width",
            description="Copy a short Python script (numpy and matplotlib) that redraws these "
            "curves",
        )  # fmt: skip
        self.box = Text("", visible=False, sizing_mode="stretch_width")
        self.carrier = pn.widgets.TextInput(value="", visible=False)
        self.carrier.jscallback(value=COPY_JS, args={"button": self.button, "box": self.box})
        self.button.on_click(self._copy)
        #: What the page holds, in its place in the controls.
        self.column = pn.Column(self.button, self.box, self.carrier, margin=0,
                                sizing_mode="stretch_width")  # fmt: skip

    def script(self) -> str:
        return to_python(self._network, self._view)

    def _copy(self, _event=None) -> None:
        code = self.script()
        self._sent += 1  # the same script again is a new value: the page copies it again
        with pn.io.hold():
            self.box.object = fallback_html(code)
            self.carrier.value = json.dumps({"n": self._sent, "code": code})

    def sources(self) -> list:
        """Its widgets with a callback in the page (for release)."""
        return [self.carrier]
