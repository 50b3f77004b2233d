"""Copy as code in the exported file: the page writes the script itself (``js/code.js``).

There is no server in the file to run ``model.code.to_python``, so the page runs its twin, which
for the same network and view writes the same script, character for character. What the file
cannot change (the activations' numpy functions, the figure's title, the figure's own network)
is written here, by Python, into a table the twin reads; the rest comes from the page's state.
Where the browser refuses the clipboard, the script shows in a read-only box, escaped.
"""

from __future__ import annotations

from bokeh.models import Button, CustomJS, Div

from model import ACTIVATIONS, Network
from model.article import FREE, PRESETS, _plain, preset
from model.code import PY_FORMS, PY_SLOPES, _text
from model.lang import text
from model.view import View

from .js import bundle


def table(network: Network, view: View) -> dict:
    """What ``nnshape.to_python`` needs besides the page's state, for the file of ``network``
    shown as ``view`` (its figure, its neurons' count and colours, its grid never change)."""
    figure_id = view.figure
    title = PRESETS[figure_id].title
    forms = {name: PY_FORMS[name].rstrip() for name in ACTIVATIONS}
    slopes = {name: PY_SLOPES[name].rstrip() for name in ACTIVATIONS}
    if figure_id == FREE:
        return {"forms": forms, "slopes": slopes, "title": _text(title),
                "edited_title": _text(title), "figure": None, "fixed_edited": False}  # fmt: skip
    plain = f"{figure_id}: {title}"
    mine, own = _plain(network.spec()), _plain(preset(figure_id).spec())
    fixed = ("grid", "output_weights", "output")
    fixed_edited = any(mine[k] != own[k] for k in fixed) or [c for *_, c in mine["neurons"]] != [
        c for *_, c in own["neurons"]
    ]
    return {
        "forms": forms,
        "slopes": slopes,
        "title": _text(plain),
        "edited_title": _text(plain + ", edited"),
        "figure": {
            "activation": own["activation"],
            "neurons": [[w, b] for w, b, _ in own["neurons"]],
            "second": list(own["second"]),
            "second_enabled": own["second_enabled"],
        },
        "fixed_edited": fixed_edited,
    }


#: The button's click, in the page: the script from the state, to the clipboard or the box.
COPY_JS = """
const code = nnshape.to_python(state, table)
const say = (label) => { button.label = label }  // (cb_obj is the click event)
const escape = nnshape.pyformat.escape  // the catalogue's words are text, not markup
const refused = () => {
  box.text = "<p style='margin:4px 0;color:#555'>" + escape(words.refused) + "</p>" +
    "<textarea readonly aria-label='" + escape(words.box_aria).replace(/'/g, "&#39;") +
    "' rows='12' spellcheck='false' style='width:100%;box-sizing:border-box;" +
    "font:12px monospace;white-space:pre'>" + escape(code) + "</textarea>"
  box.visible = true
  say(words.from_box)
}
const clipboard = navigator.clipboard
if (clipboard == null || typeof clipboard.writeText !== "function") refused()
else clipboard.writeText(code).then(() => { say(words.copied); box.visible = false }, refused)
clearTimeout(button.__nn_label)
button.__nn_label = setTimeout(() => say(words.copy), 4000)
"""

#: The button's words, by catalogue key (the script itself is code: the same in any language).
WORDS = ("copy", "copied", "from_box", "refused", "box_aria")


def copy_controls(network: Network, view: View, state) -> list:
    """The file's Copy as code button and its fallback box, reading the page's ``state``."""
    words = {key: text(f"ui.code.{key}", view.lang) for key in WORDS}
    button = Button(label=words["copy"], sizing_mode="stretch_width")
    box = Div(text="", visible=False, sizing_mode="stretch_width")
    code = bundle("pyformat", "code") + "\n" + COPY_JS
    args = {"state": state, "table": table(network, view), "box": box, "button": button,
            "words": words}  # fmt: skip
    button.js_on_event("button_click", CustomJS(args=args, code=code))
    return [button, box]
