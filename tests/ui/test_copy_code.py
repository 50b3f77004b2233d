"""Copy as code in a served page: the button puts ``model.code.to_python`` of the state on
screen on the clipboard and says so; where the browser refuses the clipboard, the script shows
in a read-only box, as text, to copy from."""

from __future__ import annotations

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
