"""The served app in a real browser: figures by URL, sliders, neurons, activation, isolation,
the permalink, hostile links and opening a file. (``--procs``: ``test_workers.py``.)"""

from __future__ import annotations

import numpy as np
import pytest

from harness.app import each_page_sees_only_its_own_change, handles, open_app, open_figure, pages_at
from harness.browser import (
    PLOTTED_JS,
    activation_menu,
    poll,
    slider_values,
    wait_for_slider,
    wait_until_plotted,
)
from model.article import FIGURES, figure
from model.placement import fresh_neuron


@pytest.mark.parametrize("figure_id", list(FIGURES))
def test_each_figure_loads_by_url_with_the_models_numbers(page, server, figure_id):
    open_figure(page, server, figure_id)
    title = FIGURES[figure_id].title
    # The caption may be laid out a moment after the curves arrive on a loaded machine.
    page.get_by_text(title, exact=True).first.wait_for(state="visible", timeout=10_000)
    assert not page.errors


def test_keyboard_on_a_weight_slider_moves_neuron_sum_and_second_layer(page, server):
    net = open_figure(page, server, "nn11")
    before = page.evaluate(PLOTTED_JS)
    handle = handles(page).nth(2)  # neuron 2's weight (0.5)
    handle.focus()
    for _ in range(3):
        handle.press("ArrowRight")
    net.neurons[1].weight = wait_for_slider(page, 2, 0.8)
    after = wait_until_plotted(page, net)
    for key in ("n1", "sum", "deep"):
        assert not np.array_equal(before[key]["y"], after[key]["y"]), key
    for key in ("n0", "n2"):
        assert before[key]["y"] == after[key]["y"], key
    assert not page.errors


def test_dragging_a_bias_slider_with_the_mouse(page, server):
    net = open_figure(page, server, "nn9")
    handle = handles(page).nth(1)  # neuron 1's bias (-2)
    box = handle.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + 60, box["y"] + box["height"] / 2, steps=8)
    page.mouse.up()
    new_bias = poll(page, lambda: slider_values(page)[1], lambda bias: bias > -2.0, what="bias")
    net.neurons[0].bias = new_bias
    wait_until_plotted(page, net)


def test_adding_a_neuron_adds_a_curve_and_activation_recomputes(page, server):
    net = open_figure(page, server, "nn8")
    page.get_by_role("button", name="+ Add neuron").click()
    net.hidden.add_neuron(*fresh_neuron(net))
    plotted = wait_until_plotted(page, net)
    assert {"n0", "n1", "n2"} <= set(plotted)
    activation_menu(page).select_option(label="ReLU")
    net.activation = "relu"
    wait_until_plotted(page, net)
    page.get_by_role("button", name="Remove").first.click()
    net.hidden.remove_neuron(0)
    plotted = wait_until_plotted(page, net)
    assert "n2" not in plotted


def test_the_page_loads_no_mathjax_and_its_text_shows(page, server):
    """Every pane has math off, so the page loads no MathJax bundle
    (``dashboard.server.keep_mathjax_out``); its text panes still show their text."""
    open_figure(page, server, "nn11")
    page.get_by_text(FIGURES["nn11"].title, exact=True).first.wait_for(state="visible")
    page.get_by_text("Network", exact=True).first.wait_for(state="visible")
    scripts = page.evaluate(
        "() => performance.getEntriesByType('resource').map(e => e.name)"
        ".filter(n => n.includes('.js'))"
    )
    assert any("/bokeh.min.js" in name for name in scripts), scripts  # what it looks for
    assert not [name for name in scripts if "mathjax" in name.lower()], scripts
    assert not page.errors


def test_two_pages_do_not_share_a_network(browser, server):
    with pages_at(browser, f"{server}/?figure=nn9", 2, timeout=30) as (a, b):
        each_page_sees_only_its_own_change(a, b, lambda: figure("nn9"))


def test_unknown_figure_opens_the_default_with_a_notice(page, server):
    open_app(page, server, "?figure=nn14")
    notice = page.get_by_text("not 'nn14'; started from free play", exact=False)
    notice.wait_for()
    assert notice.is_visible()
    from model import Network

    wait_until_plotted(page, Network())
    assert not page.errors


def test_the_url_is_a_permalink_that_follows_edits_without_history_entries(page, browser, server):
    net = open_figure(page, server, "nn11")
    history = page.evaluate("() => window.history.length")
    handle = handles(page).nth(3)  # neuron 2's bias (1.0)
    handle.focus()
    for _ in range(4):
        handle.press("ArrowLeft")
    net.neurons[1].bias = wait_for_slider(page, 3, 0.6)
    page.get_by_role("button", name="+ Add neuron").click()
    net.hidden.add_neuron(*fresh_neuron(net))
    page.get_by_text("show sum").locator("xpath=preceding-sibling::input").click()
    page.wait_for_function("() => window.location.search.includes('sum=off')")
    assert page.evaluate("() => window.history.length") == history
    link = page.url
    plotted = wait_until_plotted(page, net)
    context = browser.new_context()
    try:
        fresh = open_app(context.new_page(), server, link.removeprefix(server + "/"))
        again = wait_until_plotted(fresh, net)  # the link alone rebuilds the edited network
        for key in plotted:
            assert again[key]["x"] == plotted[key]["x"], key
            assert again[key]["y"] == plotted[key]["y"], key
            assert again[key]["visible"] == plotted[key]["visible"], key
        assert not again["sum"]["visible"]
        # The link holds the step's decimal (0.6); the first page's slider, 0.6 in binary steps.
        # (Sorted: the first page lists the added neuron's sliders after w2 and b2, in the order
        # its models were made.)
        assert sorted(slider_values(fresh)) == pytest.approx(sorted(slider_values(page)), rel=1e-12)
    finally:
        context.close()


def test_a_hostile_url_gets_a_notice_and_a_working_app(page, server):
    hostile = (
        "?figure=nn9&act=%3Cscript%3Ealert(1)%3C/script%3E&n=1_nan~inf_2~1e308_-1e308~abc"
        "&l2=on_1e99_x&grid=5_-5_0&ylim=nan_1&n=" + "~".join(["1_0"] * 7_000)
    )
    assert len(hostile) < 32 * 1024  # the longest link that opens the app
    open_app(page, server, hostile)
    notice = page.get_by_text("not '<script>alert(1)</script>'; used sigmoid", exact=False)
    notice.first.wait_for()
    for words in ("kept the first 64", "n is given 2 times", "step must be positive"):
        assert page.get_by_text(words, exact=False).first.is_visible(), words
    plotted = page.evaluate(PLOTTED_JS)
    assert len([k for k in plotted if k.startswith("n")]) == 64
    handle = handles(page).nth(0)
    handle.focus()
    handle.press("ArrowRight")
    # The app still answers: the key moves a neuron, so the sum comes back changed.
    poll(
        page,
        lambda: page.evaluate(PLOTTED_JS)["sum"]["y"],
        lambda y: y != plotted["sum"]["y"],
        what="the sum after a key press",
    )
    assert not page.errors
    assert page.evaluate("() => typeof window.alert") == "function"


def test_opening_a_json_file_in_the_page(page, server, tmp_path):
    open_figure(page, server, "nn6")
    wanted = figure("nn18")
    wanted.neurons[0].weight = -1.25
    good = tmp_path / "good.json"
    good.write_text(wanted.to_json({"figure": "nn18"}))
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema": "nnshape.network", "version": 1, "network": [NaN]}')
    chooser = page.locator("input[type=file]")
    chooser.set_input_files(str(bad))
    page.get_by_text("Did not open 'bad.json'", exact=False).first.wait_for()
    wait_until_plotted(page, figure("nn6"))  # unchanged
    chooser.set_input_files(str(good))
    wait_until_plotted(page, wanted)
    page.wait_for_function("() => window.location.search.includes('figure=nn18')")
    assert not page.errors


def test_a_burst_of_50_changes_ends_on_the_models_numbers(page, server):
    net = open_figure(page, server, "nn11")
    handle = handles(page).nth(0)  # neuron 1's weight (2.0)
    handle.focus()
    for i in range(50):  # no waiting between key presses: faster than any round trip
        handle.press("ArrowLeft" if i % 5 else "ArrowRight")
    net.neurons[0].weight = wait_for_slider(page, 0, 2.0 - 0.1 * 30)
    wait_until_plotted(page, net)
    assert not page.errors
