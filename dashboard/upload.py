"""The *Open* file picker: our own button, in the page's language, and a check of the file's
size in the page itself.

The browser's own file input writes "Choose file" and "No file chosen" in the browser's
language, whatever the page's. So the input is hidden from sight (still the control a keyboard
reaches and a screen reader names: its focus ring shows on our button) and a ``<label>`` for it,
styled as a button, opens the same chooser; the chosen file's name is shown beside it as text.
The words come from the catalogue in the widget's tags (``nn-words=…``, set again at each
switch), since the page draws them itself.

Panel's ``FileInput`` reads any file the learner picks, whole, into the page and sends it to
the server in one websocket message: a file past the server's message limit closes the
connection, and the page stops answering with no word said. So the page checks the file's size
before reading it. A capture listener on the picker's shadow root runs before BokehJS's own
listener on the ``<input>`` and stops the ``change`` event of a file over the limit: nothing is
read or sent, the picker is emptied, and a message naming the file's size appears beside it,
as plain text. The server's own check (``model.document.as_text``) stays for everything else.
"""

from __future__ import annotations

import json

import panel as pn
from bokeh.models import CustomJS

from model.document import MAX_DOCUMENT_BYTES

from .controls import aria
from .notices import WORDS_TAG
from .words import Words

#: What the page writes, by the name ``GUARD_JS`` reads, and the catalogue key of each.
PICKER_WORDS = {
    "choose": "ui.files.choose",
    "none": "ui.files.none",
    "chosen": "ui.files.chosen",
    "too_big": "ui.files.too_big",
}

#: Our button and the file's name, beside the hidden input (inside the picker's shadow root).
PICKER_CSS = """
.nn-file-input { position: absolute !important; width: 1px !important; height: 1px !important;
  min-width: 0 !important; min-height: 0 !important;
  padding: 0 !important; margin: -1px !important; overflow: hidden !important; opacity: 0;
  clip: rect(0 0 0 0) !important; clip-path: inset(50%) !important; border: 0 !important; }
.nn-file-row { display: flex; align-items: center; gap: 8px; flex-wrap: wrap; }
.nn-file-button { display: inline-block; padding: 5px 12px; border: 1px solid #adb5bd;
  border-radius: 4px; background: #f8f9fa; color: #212529; cursor: pointer; font-size: 13px;
  line-height: 1.4; }
.nn-file-button:hover { background: #e9ecef; }
.nn-file-input:focus-visible + .nn-file-row .nn-file-button {
  outline: 3px solid #0b57d0; outline-offset: 2px; }
.nn-file-input:disabled + .nn-file-row .nn-file-button { opacity: 0.6; cursor: default; }
.nn-file-name { font-size: 13px; color: #495057; overflow-wrap: anywhere; min-width: 0; }
"""

#: Installs our button and the check on the picker's view, once the page has built it
#: (retrying briefly: the sidebar may be laid out after the document says it is ready).
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
  const words = () => {
    const tag = (input.tags || []).find((t) => typeof t === "string" && t.startsWith(TAG));
    try { return tag == null ? {} : JSON.parse(tag.slice(TAG.length)); } catch (e) { return {}; }
  };
  const fill = (template, args) =>
    String(template || "").replace(/\{(\w+)\}/g, (all, key) => key in args ? args[key] : all);
  let chosen = null;   // the chosen file's name, if any
  let refused = null;  // what the last refusal said, as arguments of its sentence
  const mb = (bytes) => (bytes / 1e6).toFixed(bytes < 1e7 ? 1 : 0) + " MB";
  // Our button (a label for the hidden input) and the file's name, made again if BokehJS
  // draws the input again.
  const decorate = () => {
    const field = view.input_el;
    if (field == null || !field.isConnected) return;
    if (!root.querySelector("style.nn-file-style")) {
      const style = document.createElement("style");
      style.className = "nn-file-style";
      style.textContent = CSS;
      root.appendChild(style);
    }
    field.id = "nn-file";
    field.classList.add("nn-file-input");
    let row = root.querySelector(".nn-file-row");
    if (row == null || row.previousElementSibling !== field) {
      if (row != null) row.remove();
      row = document.createElement("div");
      row.className = "nn-file-row";
      const button = document.createElement("label");
      button.className = "nn-file-button";
      button.htmlFor = "nn-file";
      button.setAttribute("aria-hidden", "true");  // the input itself is the named control
      const name = document.createElement("span");
      name.className = "nn-file-name";
      row.append(button, name);
      field.after(row);
    }
    const said = words();
    row.querySelector(".nn-file-button").textContent = said.choose || "";
    row.querySelector(".nn-file-name").textContent =  // a file's name is text, never markup
      chosen == null ? (said.none || "") : fill(said.chosen, { name: chosen });
    say(refused == null ? "" : fill(said.too_big, refused));
  };
  const say = (text) => {
    let note = root.querySelector(".nn-file-refused");
    if (note == null) {
      note = document.createElement("div");
      note.className = "nn-file-refused";
      note.setAttribute("role", "alert");
      note.style.cssText = "color:#842029;font-size:13px;margin-top:4px;overflow-wrap:anywhere";
      root.appendChild(note);
    }
    if (note.textContent !== text) note.textContent = text;  // shown as text, never as markup
    note.hidden = !text;
  };
  root.addEventListener("change", (event) => {
    const files = event.target && event.target.files;
    if (files == null) return;
    const big = [...files].find((file) => file.size > limit);
    if (big == null) {
      refused = null;
      chosen = files.length ? files[0].name.slice(0, 200) : null;
      decorate();
      return;
    }
    event.stopImmediatePropagation();  // BokehJS never reads it, the server never gets it
    event.target.value = "";
    chosen = null;
    refused = {
      name: big.name.slice(0, 60), size: mb(big.size), bytes: big.size.toLocaleString("en"),
      limit: mb(limit), limit_bytes: limit.toLocaleString("en"),
    };
    decorate();
  }, true);
  decorate();
  input.connect(input.properties.tags.change, decorate);  // the learner switched language
  new MutationObserver(() => {
    const field = view.input_el;
    if (field != null && !field.classList.contains("nn-file-input")) decorate();
  }).observe(root, { childList: true, subtree: true });
};
install(100);
""".replace("TAG", json.dumps(WORDS_TAG)).replace("CSS", json.dumps(PICKER_CSS))


class SizedFileInput(pn.widgets.FileInput):
    """A ``FileInput`` with our own button, in the page's language, whose page refuses, before
    reading it, a file over ``max_bytes``."""

    #: Not a parameter: Panel would try to send it to the Bokeh model, which has no such field.
    max_bytes: int = MAX_DOCUMENT_BYTES

    def __init__(self, words: Words | None = None, **params):
        super().__init__(**params)
        self._words = words if words is not None else Words()
        self._relabel()
        self._words.follow(self._relabel)

    def _relabel(self) -> None:
        """Its accessible name and the words the page writes beside it, in the page's
        language."""
        # As templates: the page fills in the file's name and sizes.
        said = {name: self._words.catalogue[key] for name, key in PICKER_WORDS.items()}
        self.description = self._words("ui.files.open_about")
        self.tags = [*aria(self.description), WORDS_TAG + json.dumps(said, ensure_ascii=False)]

    def _get_model(self, doc, root=None, parent=None, comm=None):
        model = super()._get_model(doc, root, parent, comm)
        install = CustomJS(args={"input": model, "limit": int(self.max_bytes)}, code=GUARD_JS)
        if comm is None and doc is not None:
            doc.js_on_event("document_ready", install)
        elif comm is not None:
            # A notebook output gets no document_ready: once the output is there, the kernel
            # changes the picker's tags over the comm, and the change installs our button
            # (once: it is idempotent) in place of the browser's words, as in a served page.
            model.js_on_change("tags", install)
            from tornado.ioloop import IOLoop

            IOLoop.current().call_later(0.1, self._install_in_notebook)
        return model

    def _install_in_notebook(self) -> None:
        self.tags = [*self.tags, "nn-picker"]
