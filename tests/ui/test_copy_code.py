"""Copy as code in a served page: the button puts ``model.code.to_python`` of the state on
screen on the clipboard and says so; where the browser refuses the clipboard, the script shows
in a read-only box, as text, to copy from."""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs

from harness.browser import DESKTOP, goto, poll
from model.code import to_python
from model.permalink import from_query

from .test_parity import server_network, settle

BUTTON = "Copy as code"


def moved_and_copied(page) -> None:
    """Neuron 1's weight moved with the keyboard, and at once (its value may still be held in
    the page) the button clicked, as a person does."""
    handle = page.locator(".noUi-handle").first
    handle.focus()
    for key in ("ArrowRight", "ArrowRight", "PageUp"):
        handle.press(key)
    page.get_by_role("button", name=BUTTON).click()


def script_of_the_server(page) -> str:
    """``to_python`` of the network and view the server holds once the page has settled (the
    link it keeps in the URL says which)."""
    settle(page, lambda: server_network(page))
    state = from_query(parse_qs(page.evaluate("location.search")[1:]))
    assert state.network.neurons[0].weight != 2.0, "the slider did not move"
    return to_python(state.network, state.view)


def test_the_script_of_the_state_on_screen_goes_on_the_clipboard(browser, server):
    context = browser.new_context(**DESKTOP, permissions=["clipboard-read", "clipboard-write"])
    try:
        page = goto(context.new_page(), f"{server}/?figure=nn9&slope=on", timeout=30)
        moved_and_copied(page)
        poll(page, lambda: page.get_by_role("button", name="Copied ✓").count(), bool,
             what="the button's word that it copied")  # fmt: skip
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied == script_of_the_server(page)
        assert "plt.show()" in copied and "import numpy as np" in copied
        assert not page.locator("textarea[readonly]").is_visible()
        assert not page.errors, page.errors
    finally:
        context.close()


def test_a_refused_clipboard_shows_the_script_to_copy_by_hand(browser, server):
    context = browser.new_context(**DESKTOP)
    # This browser refuses every write to the clipboard.
    context.add_init_script(
        "Object.defineProperty(navigator.clipboard, 'writeText', "
        "{value: () => Promise.reject(new DOMException('refused', 'NotAllowedError'))})"
    )
    try:
        page = goto(context.new_page(), f"{server}/?figure=nn9", timeout=30)
        moved_and_copied(page)
        box = page.locator("textarea[readonly]")
        box.wait_for(state="visible", timeout=10_000)
        assert box.input_value() == script_of_the_server(page)  # as text, not HTML
        assert page.get_by_role("button", name="Copy it from the box below").count() == 1
        assert not page.errors, page.errors
    finally:
        context.close()


class Overtaking:
    """Between the page and the server (Playwright's ``route_web_socket``): each message the
    page's outbox writes waits until the page's next other message has gone, so a click
    overtakes the values held before it. By itself that happened now and then (a click is a
    message of its own); here it happens every time. A Bokeh message is several frames: a
    header (which says how many buffers follow), metadata, content, then two a buffer."""

    def __init__(self):
        self.frames: list = []
        self.expected = 0
        self.held: list[list] = []
        self.overtaken = 0  # outbox messages a later message overtook

    def __call__(self, ws) -> None:
        server = ws.connect_to_server()

        def from_page(frame) -> None:
            if not self.frames:
                self.expected = 3 + 2 * (json.loads(frame).get("num_buffers") or 0)
            self.frames.append(frame)
            if len(self.frames) < self.expected:
                return
            message, self.frames = self.frames, []
            content = message[2]
            if isinstance(content, str) and '"attr":"message"' in content and "seq" in content:
                self.held.append(message)
                return
            self.overtaken += len(self.held)
            for each in (message, *self.held):
                for part in each:
                    server.send(part)
            self.held = []

        ws.on_message(from_page)


def test_a_click_right_after_a_drag_copies_the_last_value(browser, server):
    """A mouse drag of neuron 1's weight, and the click on the button at once after it, with
    the click overtaking the values the page sent before it: the script holds the value the
    slider shows, not one the server had not yet taken."""
    context = browser.new_context(**DESKTOP, permissions=["clipboard-read", "clipboard-write"])
    overtaking = Overtaking()
    try:
        page = context.new_page()
        page.route_web_socket(re.compile(r".*/ws(\?.*)?$"), overtaking)
        goto(page, f"{server}/?figure=nn9", timeout=30)
        for attempt in range(2):  # each drag ends on another value
            handle = page.locator(".noUi-handle").first
            handle.scroll_into_view_if_needed()
            box = handle.bounding_box()
            x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
            page.mouse.move(x, y)
            page.mouse.down()
            for step in range(1, 16):
                page.mouse.move(x + (4 if attempt % 2 == 0 else -4) * step, y)
            page.mouse.up()
            overtaken = overtaking.overtaken
            page.get_by_role("button", name=BUTTON).click()
            shown = float(handle.get_attribute("aria-valuenow"))
            done = page.get_by_role("button", name="Copied ✓")
            poll(page, done.count, bool, what="the button's word that it copied")
            assert overtaking.overtaken > overtaken, "the click overtook no value"
            copied = page.evaluate("navigator.clipboard.readText()")
            net = settle(page, lambda: server_network(page))
            assert net.neurons[0].weight == shown, (net.neurons[0].weight, shown)
            state = from_query(parse_qs(page.evaluate("location.search")[1:]))
            assert copied == to_python(state.network, state.view), f"drag {attempt + 1}"
            poll(page, done.count, lambda n: n == 0, timeout=10, what="the button's label back")
        assert not page.errors, page.errors
    finally:
        context.close()


def test_copy_link_and_copy_as_code_say_what_they_did_in_the_pages_language(browser, server):
    """The words the page writes itself after a click (and the label it goes back to) are the
    catalogue's, in the language the learner switched to."""
    from model.lang import CATALOGUES

    ja = CATALOGUES["ja"]
    context = browser.new_context(**DESKTOP, permissions=["clipboard-read", "clipboard-write"])
    try:
        page = goto(context.new_page(), f"{server}/?figure=nn9", timeout=30)
        menu = page.locator("select").filter(has=page.locator("option", has_text="日本語"))
        menu.select_option(label="日本語")
        link = page.get_by_role("button", name=ja["ui.link.copy"], exact=True)
        link.wait_for(timeout=10_000)
        code = page.get_by_role("button", name=ja["ui.code.copy"], exact=True)
        code.wait_for(timeout=10_000)
        # The switch reaches the page's own words in the same round as the labels; on a busy
        # machine the last of them can come a moment after the labels.
        page.wait_for_function(
            """(words) => [...Bokeh.documents[0]._all_models.values()].filter((m) =>
                 (m.tags || []).some((t) => typeof t === "string" && t.startsWith("nn-words=")))
               .every((m) => words.some((w) => m.tags.join().includes(w)))""",
            arg=[ja["ui.link.copied"], ja["ui.code.copied"], ja["ui.files.choose"]],
            timeout=30_000,
        )
        link.click()
        page.get_by_role("button", name=ja["ui.link.copied"]).wait_for(timeout=10_000)
        assert page.evaluate("navigator.clipboard.readText()") == page.evaluate("location.href")
        link.wait_for(timeout=10_000)  # and back to its label, in Japanese
        code.click()
        page.get_by_role("button", name=ja["ui.code.copied"]).wait_for(timeout=10_000)
        assert "import numpy as np" in page.evaluate("navigator.clipboard.readText()")
        code.wait_for(timeout=10_000)
        assert page.get_by_role("button", name="Copied ✓").count() == 0
        assert not page.errors, page.errors
    finally:
        context.close()
