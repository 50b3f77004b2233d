"""Output weights in the page: the switch, a v slider per neuron and the layer's c, in the served
page and in the exported file. Each move of a real handle is checked against the model: the
page's curves equal ``Network.curves()`` (``harness.parity``), and the served page's server
holds the same values (the link it writes)."""

from __future__ import annotations

from urllib.parse import parse_qs

from harness import parity
from harness.app import handle, open_figure, press
from harness.browser import open_offline, poll
from model.article import figure
from model.permalink import from_query

SWITCH = "Output weights: sum = Σ v·neuron + c"


def drawn_as(page, net, what: str) -> None:
    """Poll until the page's drawn curves equal ``net``'s (within ``parity.TOLERANCE``)."""
    poll(page, lambda: parity.parity_problems(net, parity.drawn(page)), lambda p: p == [],
         what=what)  # fmt: skip


def server_network(page):
    return from_query(parse_qs(page.evaluate("location.search")[1:])).network


def test_served_switch_and_sliders_change_the_curves_as_the_model_does(page, server):
    net = open_figure(page, server, "nn11")
    assert handle(page, "Neuron 1 output weight v").count() == 0  # off: the article's page
    page.get_by_text(SWITCH, exact=True).click()
    net.hidden.output_weights = True
    drawn_as(page, net, "output weights on, every v = 1")  # the article's curves still
    handle(page, "Neuron 1 output weight v").wait_for(state="visible")
    press(page, "Neuron 1 output weight v", "ArrowLeft", 15)  # v1 = 1 - 1.5
    press(page, "Neuron 3 output weight v", "ArrowRight", 2)  # v3 = 1.2
    # One step of c: a value of its own, one undo step whatever the machine's load (a longer
    # drag is one step only while its values come within DRAG_SECONDS: tests/test_history.py).
    press(page, "Hidden layer output bias c", "ArrowRight", 1)  # c = 0.1
    net.neurons[0].output_weight, net.neurons[2].output_weight = -0.5, 1.2
    net.hidden.output_bias = 0.1
    drawn_as(page, net, "v1, v3 and c moved")
    # The server took the same values through the page's outbox: its link names them.
    poll(page, lambda: server_network(page).spec(), lambda spec: spec == net.spec(),
         what="the server's network")  # fmt: skip
    assert "out=on_0.1_-0.5~1~1.2" in page.evaluate("location.search")
    # Undo takes back the last change (c), on the page and the server alike.
    page.get_by_role("button", name="Undo").click()
    net.hidden.output_bias = 0.0
    drawn_as(page, net, "after Undo")
    # Off again: the article's curves, whatever v and c hold.
    page.get_by_text(SWITCH, exact=True).click()
    drawn_as(page, figure("nn11"), "output weights off")
    assert not page.errors, page.errors


def test_exported_file_switch_and_sliders_change_the_curves(browser, exported):
    context, page, blocked, _requested, errors = open_offline(browser, exported("nn11"))
    try:
        net = figure("nn11")
        drawn_as(page, net, "as exported")
        assert not handle(page, "Neuron 1 output weight v").is_visible()
        page.get_by_text(SWITCH, exact=True).click()
        net.hidden.output_weights = True
        handle(page, "Neuron 2 output weight v").wait_for(state="visible")
        press(page, "Neuron 2 output weight v", "ArrowLeft", 20)  # v2 = -1
        press(page, "output bias c", "ArrowLeft", 5)  # c = -0.5
        net.neurons[1].output_weight, net.hidden.output_bias = -1.0, -0.5
        drawn_as(page, net, "v2 and c moved in the file")
        page.get_by_text(SWITCH, exact=True).click()
        drawn_as(page, figure("nn11"), "output weights off in the file")
        assert blocked == [] and not errors and not page.errors, (blocked, errors, page.errors)
    finally:
        context.close()
