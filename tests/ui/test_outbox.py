"""The page sends the server a dragged slider's values at a bounded rate (``dashboard.outbox``):
its sliders are not synced themselves, a burst of ticks becomes a few outbox messages, and the
model (the link) still ends on the last value."""

from __future__ import annotations

import time

from harness.app import handles, open_figure
from harness.browser import REACHABLE_JS, poll, wait_for_slider, wait_until_plotted

# Count the page's writes into its outbox, and say whether its sliders are synced.
WATCH_JS = (
    "() => {"
    + REACHABLE_JS
    + """
  const models = reachable();
  const outbox = models.find((m) => (m.tags || []).includes("nnshape-outbox"));
  window.__sent = [];
  outbox.properties.value.change.connect(() => window.__sent.push(outbox.value));
  return models.filter((m) => m.type === "Slider").map((m) => m.syncable);
}"""
)


def test_a_burst_of_ticks_reaches_the_server_as_a_few_messages_ending_on_the_last(page, server):
    net = open_figure(page, server, "nn11")
    synced = page.evaluate(WATCH_JS)
    assert synced and not any(synced)  # the server hears of a slider only through the outbox
    handle = handles(page).nth(0)  # neuron 1's weight, 2.0
    handle.focus()
    t0 = time.monotonic()
    for _ in range(20):
        handle.press("ArrowRight")
    net.neurons[0].weight = wait_for_slider(page, 0, 4.0)
    elapsed = time.monotonic() - t0
    wait_until_plotted(page, net)  # every tick drawn in the page
    poll(page, lambda: page.url, lambda u: "n=4_-2~" in u, what="the link, on the last value")
    sent = page.evaluate("() => window.__sent")
    # At most one message per 0.2 s, the first at once and the last after the burst.
    assert 1 <= len(sent) <= 2 + elapsed / 0.2, (len(sent), elapsed)
    assert len(sent) < 20, sent
    assert '"values":' in sent[-1] and ":4}" in sent[-1], sent[-1]
    assert not page.errors


def test_undo_after_a_drag_moves_the_slider_back(page, server):
    # The server's copy of a page slider takes dragged values silently; Undo must still move
    # the page's slider (and box) back, though the server never sent it the dragged value.
    net = open_figure(page, server, "nn11")
    handle = handles(page).nth(0)  # neuron 1's weight, 2.0
    handle.focus()
    for _ in range(4):
        handle.press("ArrowRight")
    wait_for_slider(page, 0, 2.4)
    poll(page, lambda: page.url, lambda u: "n=2.4_-2~" in u, what="the link, on 2.4")
    page.get_by_role("button", name="Undo").click()
    wait_for_slider(page, 0, 2.0)
    wait_until_plotted(page, net)
    page.get_by_role("button", name="Redo").click()
    wait_for_slider(page, 0, 2.4)
    # And the same value again, dragged by hand, after the server has set it.
    page.get_by_role("button", name="Undo").click()
    wait_for_slider(page, 0, 2.0)
    handle.focus()
    for _ in range(4):
        handle.press("ArrowRight")
    poll(page, lambda: page.url, lambda u: "n=2.4_-2~" in u, what="the link, on 2.4 again")
    page.get_by_role("button", name="Undo").click()
    wait_for_slider(page, 0, 2.0)
    assert not page.errors
