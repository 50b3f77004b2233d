"""Copy as code in the exported file, where no server writes the script: the page's own
``nnshape.to_python`` (``dashboard/js/code.js``) must give, character for character, what
``model.code.to_python`` gives for the network and view on screen, after real moves of its
controls; a refused clipboard shows the script, as text, in a read-only box."""

from __future__ import annotations

from harness.browser import REACHABLE_JS, activation_menu, open_offline, poll
from model import ACTIVATIONS, Network
from model.article import figure, preset
from model.code import to_python
from model.view import View

BUTTON = "Copy as code"
FIGURE = "nn11"

#: What the page's NetState holds, and whether the palette box is ticked.
STATE_JS = (
    "() => {"
    + REACHABLE_JS
    + r"""
  const s = reachable().find(m => /NetState/.test(m.type));
  const safe = reachable().find(m => m.type === "Checkbox" &&
                                     m.label === "colour-blind-safe colours");
  return {activation: s.activation, weights: [...s.weights], biases: [...s.biases],
          shown: [...s.shown], w2: s.w2, b2: s.b2, second_enabled: s.second_enabled,
          show_sum: s.show_sum, show_deep: s.show_deep, y_auto: s.y_auto, safe: safe.active,
          slope: s.slope};
}"""
)

#: Every script the page hands the clipboard is kept; ``refuse``: the clipboard says no.
CLIPBOARD_JS = """(refuse) => {
  window.__copied = [];
  Object.defineProperty(navigator.clipboard, "writeText", {value: (text) => {
    window.__copied.push(text);
    return refuse ? Promise.reject(new DOMException("refused", "NotAllowedError"))
                  : Promise.resolve();
  }});
}"""


def on_screen(page) -> tuple[Network, View]:
    """The network and view the file shows now, as the model would hold them."""
    s = page.evaluate(STATE_JS)
    own = figure(FIGURE)
    net = Network.from_spec(
        {
            **own.spec(),
            "activation": s["activation"],
            "neurons": [
                (w, b, n.color)
                for w, b, n in zip(s["weights"], s["biases"], own.neurons, strict=True)
            ],
            "second": (s["w2"], s["b2"]),
            "second_enabled": s["second_enabled"],
        }
    )
    view = View(
        figure=FIGURE, ylim=preset(FIGURE).ylim, y_auto=s["y_auto"],
        hidden=[i for i, shown in enumerate(s["shown"]) if not shown],
        show_sum=s["show_sum"], show_deep=s["show_deep"], safe_colors=s["safe"],
        slope=s["slope"],
    )  # fmt: skip
    return net, view


def copied(page, count: int) -> str:
    page.get_by_role("button", name=BUTTON).click()
    texts = poll(page, lambda: page.evaluate("window.__copied"), lambda t: len(t) == count)
    return texts[-1]


def test_the_files_script_is_the_models_character_for_character(browser, exported):
    context, page, blocked, _requested, errors = open_offline(browser, exported(FIGURE))
    try:
        assert blocked == [] and not errors, (blocked, errors)
        page.evaluate(CLIPBOARD_JS, False)
        assert copied(page, 1) == to_python(*on_screen(page))  # as exported: not edited
        assert "nn11: " in page.evaluate("window.__copied[0]")
        assert ", edited" not in page.evaluate("window.__copied[0]")
        handle = page.locator(".noUi-handle").first
        handle.focus()
        for key in ("ArrowRight", "PageUp"):
            handle.press(key)
        moves = [
            lambda: None,
            lambda: page.get_by_text("show sum", exact=True).first.click(),
            lambda: page.get_by_text("Slope dy/dx (the derivative view)").first.click(),
            lambda: activation_menu(page).select_option(label=ACTIVATIONS["tanh"].label),
            lambda: page.get_by_text("colour-blind-safe colours", exact=True).first.click(),
            lambda: page.get_by_text("Show neuron 2", exact=True).first.click(),
            lambda: page.get_by_text("auto y-range (fit the data)", exact=True).first.click(),
        ]
        for i, move in enumerate(moves, start=2):
            move()
            page.wait_for_timeout(100)  # the control's callback has written the state
            script = copied(page, i)
            net, view = on_screen(page)
            assert script == to_python(net, view), f"after move {i - 1}"
        assert ", edited" in script and "def tanh(z):" in script and "def tanh_slope(z):" in script
        poll(page, lambda: page.get_by_role("button", name="Copied ✓").count(), bool)
        assert not page.errors, page.errors
    finally:
        context.close()


def test_a_refused_clipboard_shows_the_files_script_to_copy_by_hand(browser, exported):
    context, page, blocked, _requested, errors = open_offline(browser, exported(FIGURE))
    try:
        assert blocked == [] and not errors, (blocked, errors)
        page.evaluate(CLIPBOARD_JS, True)
        script = copied(page, 1)
        box = page.locator("textarea[readonly]")
        box.wait_for(state="visible", timeout=10_000)
        assert box.input_value() == script == to_python(*on_screen(page))  # text, not HTML
        poll(
            page,
            lambda: page.get_by_role("button", name="Copy it from the box below").count(),
            bool,
        )
        assert not page.errors, page.errors
    finally:
        context.close()
