"""Training in the served page: play moves the curves and the step counter, pause stops them,
rewind puts back exactly the weights training began from (in the page's state and every
slider), a trained result opens from its permalink in a fresh page, and the page keeps
answering all along. (A slider grabbed mid-run: tests/ui/test_training_hand.py.)"""

from __future__ import annotations

import re
from urllib.parse import parse_qs

from harness.app import handles, open_app
from harness.browser import DESKTOP, PLOTTED_JS, open_page, poll
from harness.jupyter import notebook_page
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


# What the page holds: its state's trained parameters and target, and every slider's value.
PAGE_JS = r"""
() => {
  const docs = Bokeh.documents.filter(doc =>
    [...doc.all_models].some(m => m.type === "GlyphRenderer" && m.name === "neurons"));
  const models = [...docs[0].all_models];
  const s = models.find(m => /NetState/.test(m.type));
  return {
    w: Array.from(s.weights), b: Array.from(s.biases), v: Array.from(s.v), c: s.c,
    target: [s.target_kind, s.target_label, Array.from(s.target_x), Array.from(s.target_y)],
    sliders: models.filter(m => m.type === "Slider").map(m => [m.title, m.value]),
    boxes: models.filter(m => m.type === "TextInput" && /^(Learning rate|Seed)$/.test(m.title))
      .map(m => [m.title, m.value]),
  };
}
"""


def held(page) -> dict:
    return page.evaluate(PAGE_JS)


def weights_of(net) -> dict:
    """A network's trained parameters as the page's state holds them."""
    return {
        "w": [n.weight for n in net.neurons],
        "b": [n.bias for n in net.neurons],
        "v": [n.output_weight for n in net.neurons],
        "c": net.hidden.output_bias,
    }


def weights_held(page) -> dict:
    h = held(page)
    return {k: h[k] for k in ("w", "b", "v", "c")}


def train_then_pause(page, at_least: int) -> None:
    page.get_by_role("button", name="▶ Train").click()
    poll(page, lambda: page.get_by_text(re.compile(r"^Step \d+")).count(), bool, what="a counter")
    poll(page, lambda: steps(page), lambda n: n >= at_least, timeout=30, what="the counter")
    page.get_by_role("button", name="Pause", exact=True).click()
    poll(page, lambda: page.get_by_role("button", name="▶ Train").is_enabled(), bool,
         what="play again")  # fmt: skip


def test_pause_then_rewind_gives_back_exactly_the_start_in_the_page(page, server):
    open_app(page, server, START)
    start = weights_of(server_network(page))
    poll(page, lambda: weights_held(page), lambda w: w == start, what="the start in the page")
    sliders = held(page)["sliders"]
    assert len(sliders) >= 3 * 2 + 3 + 1  # each neuron's w, b and v, the layer's c, and more
    train_then_pause(page, 50)
    trained = weights_held(page)
    assert trained != start
    # Paused, the sliders follow where training left the weights (not where it began).
    poll(page, lambda: held(page)["sliders"], lambda s: s != sliders, what="the sliders moved")
    page.get_by_role("button", name="Rewind").click()
    # Exactly: the page's state and every slider hold the very floats they held at the start.
    poll(page, lambda: weights_held(page), lambda w: w == start, what="the rewound state")
    poll(page, lambda: held(page)["sliders"], lambda s: s == sliders, what="the rewound sliders")
    poll(page, lambda: weights_of(server_network(page)), lambda w: w == start,
         what="the rewound link")  # fmt: skip
    assert not page.errors, page.errors


def test_a_trained_result_opens_from_its_permalink_in_a_fresh_page(browser, page, server):
    open_app(page, server, START)
    train_then_pause(page, 40)
    trained = weights_held(page)
    # Once paused, the link names exactly the weights the page shows.
    poll(page, lambda: weights_of(server_network(page)), lambda w: w == trained,
         what="the link naming the trained weights")  # fmt: skip
    link = page.evaluate("location.href")
    first = held(page)
    context = browser.new_context(**DESKTOP)
    try:
        fresh = open_page(context, link, viewport=None)
        poll(fresh, lambda: weights_held(fresh), lambda w: w == trained,
             what="the trained weights in a fresh page")  # fmt: skip
        again = held(fresh)
        assert again["target"] == first["target"] and again["target"][0]  # the same target
        assert again["boxes"] == first["boxes"]  # the same training settings
        assert again["sliders"] == first["sliders"]
        assert not fresh.errors, fresh.errors
    finally:
        context.close()


# A notebook whose one cell shows a playground with a target, ready to train.
TRAIN_CELL = (
    "from dashboard import Playground\n"
    "from model.permalink import from_query\n"
    f"s = from_query({{k: v for k, v in (p.split('=') for p in {START[1:]!r}.split('&'))}})\n"
    "pg = Playground.from_state(s.network, s.view, s.target)\n"
    "pg"
)


def test_training_in_a_real_jupyterlab_moves_the_weights(browser, lab_root):
    with notebook_page(browser, lab_root, [TRAIN_CELL]) as (page, errors):
        start = weights_of(from_query(parse_qs(START[1:])).network)
        poll(page, lambda: weights_held(page), lambda w: w == start, timeout=30,
             what="the start in the notebook")  # fmt: skip
        page.get_by_role("button", name="▶ Train").click()
        # The kernel trains and pushes the weights: the page's state moves, and keeps moving.
        moved = poll(page, lambda: weights_held(page), lambda w: w != start, timeout=60,
                     what="the weights moving")  # fmt: skip
        poll(page, lambda: weights_held(page), lambda w: w != moved, timeout=60,
             what="the weights moving again")  # fmt: skip
        poll(page, lambda: steps(page), lambda n: n > 0, timeout=30, what="the counter")
        page.get_by_role("button", name="Pause", exact=True).click()
        poll(page, lambda: page.get_by_role("button", name="▶ Train").is_enabled(), bool,
             timeout=30, what="play again")  # fmt: skip
        page.get_by_role("button", name="Rewind").click()
        poll(page, lambda: weights_held(page), lambda w: w == start, timeout=30,
             what="the rewound start in the notebook")  # fmt: skip
        assert not errors, errors
