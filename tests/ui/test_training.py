"""Training in the served page: play moves the curves and the step counter, pause stops them,
rewind puts back exactly the weights training began from, a slider grabbed mid-run pauses it
(the hand wins), and the page keeps answering all along."""

from __future__ import annotations

import re
from urllib.parse import parse_qs

from harness.app import handles, open_app
from harness.browser import PLOTTED_JS, poll
from harness.parity import wait_until_drawn
from model.permalink import from_query

START = "?figure=free&act=tanh&n=0.5_1~-0.5_-1~1_0&out=on_0_1~-1~0.5&target=sin"


def steps(page) -> int:
    text = page.get_by_text(re.compile(r"^Step \d+ · loss")).text_content()
    return int(text.split()[1])


def server_network(page):
    return from_query(parse_qs(page.evaluate("location.search")[1:])).network


def test_play_pause_rewind_and_the_hand_wins(page, server):
    open_app(page, server, START)
    start = server_network(page)
    wait_until_drawn(page, start, "the start")
    before = page.evaluate(PLOTTED_JS)["sum"]["y"]
    page.get_by_role("button", name="▶ Train").click()
    # The curves move while it trains (the page is pushed the weights every tick).
    poll(page, lambda: page.evaluate(PLOTTED_JS)["sum"]["y"] != before, bool,
         what="the sum moving")  # fmt: skip
    poll(page, lambda: page.get_by_text(re.compile(r"^Step \d+")).count(), bool, what="a counter")
    poll(page, lambda: steps(page), lambda n: n > 100, timeout=30, what="the step counter")
    page.get_by_role("button", name="Pause", exact=True).click()
    poll(page, lambda: page.get_by_role("button", name="▶ Train").is_enabled(), bool,
         what="play again")  # fmt: skip
    paused = steps(page)
    page.wait_for_timeout(500)  # not a timing assertion: nothing may move while paused
    assert steps(page) == paused
    # Rewind: exactly the weights training began from, on the server and in the page.
    page.get_by_role("button", name="Rewind").click()
    poll(page, lambda: server_network(page).spec(), lambda s: s == start.spec(),
         what="the rewound network")  # fmt: skip
    wait_until_drawn(page, start, "the start")
    # Play again, and grab a slider: training pauses, the hand wins.
    page.get_by_role("button", name="▶ Train").click()
    poll(page, lambda: page.get_by_role("button", name="Pause", exact=True).is_enabled(), bool,
         what="training")  # fmt: skip
    handle = handles(page).nth(0)
    handle.focus()
    handle.press("ArrowRight")
    message = page.get_by_text("Paused: your hand moved the network")
    poll(page, lambda: message.count() and message.is_visible(), bool, what="the pause")
    assert page.get_by_role("button", name="▶ Train").is_enabled()
    assert not page.errors, page.errors
