"""The page sends the server a dragged slider's values at a bounded rate (``dashboard.outbox``):
its sliders are not synced themselves, a burst of ticks becomes a few outbox messages, the
model (the link) still ends on the last value soon after the hand rests, and what the server
sets on a slider reaches the page."""

from __future__ import annotations

import itertools
import time

from dashboard.outbox import GAP, REST
from harness.app import handles, open_figure
from harness.browser import REACHABLE_JS, poll, wait_for_slider, wait_until_plotted

# Count the page's writes into its outbox, and say whether its sliders are synced.
WATCH_JS = (
    "() => {"
    + REACHABLE_JS
    + """
  const models = reachable();
  const outbox = models.find((m) => m.type === "dashboard.outbox.PageOutbox");
  window.__sent = [];
  window.__sent_at = [];
  outbox.properties.message.change.connect(() => {
    window.__sent.push(outbox.message);
    window.__sent_at.push(performance.now());
  });
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
    # At most one message per GAP, the first at once and the last once the hand rests.
    assert 1 <= len(sent) <= 2 + elapsed / GAP, (len(sent), elapsed)
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


def test_a_steady_drag_is_sent_at_a_bounded_rate_and_the_rest_at_once(page, server):
    open_figure(page, server, "nn11")
    page.evaluate(WATCH_JS)
    handle = handles(page).nth(0)
    handle.focus()
    # Ticks every 0.1 s for 1.5 s (a steady drag, as steady as this machine allows).
    t0 = page.evaluate("() => performance.now()")
    for k in range(15):
        handle.press("ArrowRight")
        page.wait_for_function(f"performance.now() >= {t0 + 100 * (k + 1)}")
    last = page.evaluate("() => performance.now()")
    poll(page, lambda: page.evaluate("() => window.__sent.at(-1) || ''"),
         lambda m: ":3.5}" in m, what="the last value, 2.0 + 15 × 0.1")  # fmt: skip
    page.wait_for_timeout(500)
    stamps, sent = page.evaluate("() => [window.__sent_at, window.__sent]")
    assert ":3.5}" in sent[-1], sent  # nothing after the last value
    gaps = [b - a for a, b in itertools.pairwise(stamps)]
    assert all(g >= GAP * 1000 - 5 for g in gaps), gaps  # never more often than GAP
    # Far fewer than the 15 ticks: once at the first, about every SEND_INTERVAL while the
    # ticks come steadily (a tick this busy machine delays past REST adds one, never sooner
    # than GAP after the last).
    elapsed = (last - t0) / 1000
    assert len(sent) <= 2 + elapsed / GAP and len(sent) < 15, (sent, elapsed)
    # The last goes once the hand rests (REST), or GAP after the one before; timers here
    # may run late on a loaded machine, hence the slack.
    assert stamps[-1] - last < (REST + GAP) * 1000 + 500, (stamps[-1], last)
    assert not page.errors
