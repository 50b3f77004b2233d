"""The hand wins, to the value: a key pressed on a slider while training runs pauses training,
and the value the key gave is the model's afterwards, in the page's slider, its curves and on
the server. (Before, the page echoed the values training gave its sliders back through its
outbox, and an echo could overwrite the key's value before it was sent; and training's last
values, sent before the server heard of the hand, could reach the page after the key.)"""

from __future__ import annotations

from harness.app import handles, open_app
from harness.browser import DASHBOARD_SLIDERS_JS, STATE_JS, poll, slider_values
from harness.parity import wait_until_drawn
from tests.ui.test_training import START, server_network, steps

# One key press on the first weight's handle, in one go in the page: the slider's value before
# and after it (the key's value), read where nothing from the server can come between.
PRESS_JS = r"""
(handle) => {
  const before = window.__values()
  handle.dispatchEvent(new KeyboardEvent("keydown", {key: "ArrowRight", bubbles: true}))
  return [before[0], window.__values()[0]]
}
"""


def test_a_key_pressed_mid_run_pauses_training_and_its_value_stays(page, server):
    open_app(page, server, START)
    page.evaluate(f"window.__values = {DASHBOARD_SLIDERS_JS}")
    paused = page.get_by_text("Paused: your hand moved the network")
    for attempt in range(3):  # the crossing needs a push between the key and its sending
        page.get_by_role("button", name="▶ Train").click()
        poll(page, lambda: steps(page), lambda n: n > 20, timeout=30, what="training")
        before, key = page.evaluate(PRESS_JS, handles(page).nth(0).element_handle())
        assert key > before, (before, key)  # the key moved the slider up a step
        what = f"attempt {attempt}, the key {before} -> {key}"
        poll(page, lambda: paused.count() and paused.is_visible(), bool, what=f"pause, {what}")
        # The key's value is the model's, on the server and in the page, once all has arrived.
        # (The page's slider holds it as noUiSlider computes it, 0.09999999999999964 for 0.1;
        # the model takes it on the slider's step, as dashboard.controls.on_step does.)
        poll(page, lambda: server_network(page).neurons[0].weight,
             lambda w, k=key: abs(w - k) < 1e-9, timeout=15, what=f"server, {what}")  # fmt: skip
        page.wait_for_timeout(600)  # every message in flight has arrived (not a timing check)
        shown, kept = slider_values(page)[0], server_network(page)
        assert abs(shown - key) < 1e-9, (what, shown)
        assert abs(kept.neurons[0].weight - key) < 1e-9, (what, kept.spec())
        wait_until_drawn(page, kept, f"the page's curves, {what}")
        # Paused: nothing moves any more, and Train is there to start again.
        counted, state = steps(page), page.evaluate(STATE_JS)["weights"]
        page.wait_for_timeout(500)  # not a timing assertion: nothing may move once paused
        assert steps(page) == counted and page.evaluate(STATE_JS)["weights"] == state
        assert server_network(page).spec() == kept.spec()
        assert page.get_by_role("button", name="▶ Train").is_enabled()
    assert not page.errors, page.errors


def test_a_page_closed_mid_run_is_released_whole(browser, tmp_path):
    """A learner closes the tab while training runs: the session's end stops training and
    releases the playground whole (it used to fail half-way, catching up the sliders of a page
    that was gone, and leave Panel's registry holding the session)."""
    import re
    import time

    from harness.serve import free_port, nnshape_serve, running

    port = free_port()
    log = tmp_path / "serve.log"
    with running(nnshape_serve(port), port, log):
        page = browser.new_page()
        open_app(page, f"http://127.0.0.1:{port}", START)
        page.get_by_role("button", name="▶ Train").click()
        poll(page, lambda: steps(page), lambda n: n > 20, timeout=30, what="training")
        page.close()
        deadline = time.monotonic() + 60
        while "session(s) ended" not in log.read_text(errors="replace"):
            assert time.monotonic() < deadline, "the session's end was never logged"
            time.sleep(0.2)
        text = log.read_text(errors="replace")
    # (Whether the playground is then collected shows only after Panel's own collection, 5 s
    # later: tests/ui/test_load_memory.py measures that memory comes back.)
    assert "failed" not in text and "Traceback" not in text and "rror" not in text, text
    assert re.search(r"\b1 session\(s\) ended", text), text
