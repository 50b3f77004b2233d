"""The *Open* file picker, which refuses a file over the document limit in the page itself.

Panel's ``FileInput`` reads any file the learner picks, whole, into the page and sends it to
the server in one websocket message: a file past the server's message limit closes the
connection, and the page stops answering with no word said. So the page checks the file's size
before reading it. A capture listener on the picker's shadow root runs before BokehJS's own
listener on the ``<input>`` and stops the ``change`` event of a file over the limit: nothing is
read or sent, the picker is emptied, and a message naming the file's size appears beside it,
as plain text. The server's own check (``model.document.as_text``) stays for everything else.
"""

from __future__ import annotations

import panel as pn
from bokeh.models import CustomJS

from model.document import MAX_DOCUMENT_BYTES

#: Installs the check on the picker's view, once the page has built it (retrying briefly: the
#: sidebar may be laid out after the document says it is ready).
GUARD_JS = r"""
const install = (tries) => {
  const view = window.Bokeh && Bokeh.index.find_one(input);
  if (view == null || view.shadow_el == null || view.input_el == null) {
    if (tries > 0) setTimeout(() => install(tries - 1), 100);
    return;
  }
  const root = view.shadow_el;
  if (root.__nnSized) return;
  root.__nnSized = true;
  const mb = (bytes) => (bytes / 1e6).toFixed(bytes < 1e7 ? 1 : 0) + " MB";
  const say = (text) => {
    let note = root.querySelector(".nn-file-refused");
    if (note == null) {
      note = document.createElement("div");
      note.className = "nn-file-refused";
      note.setAttribute("role", "alert");
      note.style.cssText = "color:#842029;font-size:13px;margin-top:4px;overflow-wrap:anywhere";
      root.appendChild(note);
    }
    note.textContent = text;  // a file's name is shown as text, never as markup
    note.hidden = !text;
  };
  root.addEventListener("change", (event) => {
    const files = event.target && event.target.files;
    if (files == null) return;
    const big = [...files].find((file) => file.size > limit);
    if (big == null) { say(""); return; }
    event.stopImmediatePropagation();  // BokehJS never reads it, the server never gets it
    event.target.value = "";
    say(`Did not open '${big.name.slice(0, 60)}': it is ${mb(big.size)} ` +
        `(${big.size.toLocaleString("en")} bytes); nnshape opens documents of up to ` +
        `${mb(limit)} (${limit.toLocaleString("en")} bytes).`);
  }, true);
};
install(100);
"""


class SizedFileInput(pn.widgets.FileInput):
    """A ``FileInput`` whose page refuses, before reading it, a file over ``max_bytes``."""

    #: Not a parameter: Panel would try to send it to the Bokeh model, which has no such field.
    max_bytes: int = MAX_DOCUMENT_BYTES

    def _get_model(self, doc, root=None, parent=None, comm=None):
        model = super()._get_model(doc, root, parent, comm)
        # A notebook output gets no document_ready: there the kernel's own check (a comm
        # message has no size limit to break) refuses a large file, with the same words.
        if comm is None and doc is not None:
            limit = int(self.max_bytes)
            doc.js_on_event(
                "document_ready",
                CustomJS(args={"input": model, "limit": limit}, code=GUARD_JS),
            )
        return model
