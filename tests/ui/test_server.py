"""The served app in a real browser: figures by URL, sliders, neurons, activation, isolation."""

from __future__ import annotations

import numpy as np
import pytest

from harness.browser import PLOTTED_JS, assert_plotted, goto, slider_values, wait_until_plotted
from model.article import FIGURES, figure


def open_app(page, server, query=""):
    return goto(page, f"{server}/{query}", timeout=30)


def handles(page):
    """The noUiSlider handles in page order: n1 weight, n1 bias, n2 weight, …, w2, b2."""
    return page.locator(".noUi-handle")


@pytest.mark.parametrize("figure_id", list(FIGURES))
def test_each_figure_loads_by_url_with_the_models_numbers(page, server, figure_id):
    open_app(page, server, f"?figure={figure_id}")
    wait_until_plotted(page, figure(figure_id))
    title = FIGURES[figure_id].title
    # The caption may be laid out a moment after the curves arrive on a loaded machine.
    page.get_by_text(title, exact=True).first.wait_for(state="visible", timeout=10_000)
    assert not page.errors


def test_keyboard_on_a_weight_slider_moves_neuron_sum_and_second_layer(page, server):
    open_app(page, server, "?figure=nn11")
    net = figure("nn11")
    wait_until_plotted(page, net)
    before = page.evaluate(PLOTTED_JS)
    handle = handles(page).nth(2)  # neuron 2's weight (0.5)
    handle.focus()
    for _ in range(3):
        handle.press("ArrowRight")
    page.wait_for_timeout(300)
    new_weight = slider_values(page)[2]
    assert new_weight == pytest.approx(0.8)
    net.neurons[1].weight = new_weight
    after = wait_until_plotted(page, net)
    for key in ("n1", "sum", "sum2", "deep"):
        assert not np.array_equal(before[key]["y"], after[key]["y"]), key
    for key in ("n0", "n2"):
        assert before[key]["y"] == after[key]["y"], key
    assert not page.errors


def test_dragging_a_bias_slider_with_the_mouse(page, server):
    open_app(page, server, "?figure=nn9")
    net = figure("nn9")
    wait_until_plotted(page, net)
    handle = handles(page).nth(1)  # neuron 1's bias (-2)
    box = handle.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + 60, box["y"] + box["height"] / 2, steps=8)
    page.mouse.up()
    page.wait_for_timeout(300)
    new_bias = slider_values(page)[1]
    assert new_bias > -2.0
    net.neurons[0].bias = new_bias
    wait_until_plotted(page, net)


def test_adding_a_neuron_adds_a_curve_and_activation_recomputes(page, server):
    open_app(page, server, "?figure=nn8")
    net = figure("nn8")
    wait_until_plotted(page, net)
    page.get_by_role("button", name="+ Add neuron").click()
    net.hidden.add_neuron(weight=1.0, bias=0.0)
    plotted = wait_until_plotted(page, net)
    assert {"n0", "n1", "n2"} <= set(plotted)
    page.get_by_role("button", name="ReLU").click()
    net.activation = "relu"
    wait_until_plotted(page, net)
    page.get_by_role("button", name="✕").first.click()
    net.hidden.remove_neuron(0)
    plotted = wait_until_plotted(page, net)
    assert "n2" not in plotted


def test_two_pages_do_not_share_a_network(browser, server):
    ctx_a, ctx_b = browser.new_context(), browser.new_context()
    a = open_app(ctx_a.new_page(), server, "?figure=nn9")
    b = open_app(ctx_b.new_page(), server, "?figure=nn9")
    net = figure("nn9")
    wait_until_plotted(a, net)
    wait_until_plotted(b, net)
    handle = handles(a).nth(0)
    handle.focus()
    handle.press("ArrowLeft")
    handle.press("ArrowLeft")
    a.wait_for_timeout(300)
    changed = figure("nn9")
    changed.neurons[0].weight = slider_values(a)[0]
    assert changed.neurons[0].weight == pytest.approx(1.8)
    wait_until_plotted(a, changed)
    b.wait_for_timeout(500)
    assert_plotted(b.evaluate(PLOTTED_JS), net)
    assert slider_values(b)[0] == 2.0
    ctx_a.close()
    ctx_b.close()


def test_unknown_figure_opens_the_default_with_a_notice(page, server):
    open_app(page, server, "?figure=nn14")
    notice = page.get_by_text("there is no figure 'nn14'")
    notice.wait_for()
    assert notice.is_visible()
    from model import Network

    wait_until_plotted(page, Network())
    assert not page.errors


def test_the_url_is_a_permalink_that_follows_edits_without_history_entries(page, browser, server):
    open_app(page, server, "?figure=nn11")
    wait_until_plotted(page, figure("nn11"))
    history = page.evaluate("() => window.history.length")
    handle = handles(page).nth(3)  # neuron 2's bias (1.0)
    handle.focus()
    for _ in range(4):
        handle.press("ArrowLeft")
    page.get_by_role("button", name="+ Add neuron").click()
    page.get_by_text("show sum").locator("xpath=preceding-sibling::input").click()
    page.wait_for_function("() => window.location.search.includes('sum=off')")
    assert page.evaluate("() => window.history.length") == history
    link = page.url
    plotted = page.evaluate(PLOTTED_JS)
    context = browser.new_context()
    try:
        fresh = open_app(context.new_page(), server, link.removeprefix(server + "/"))
        fresh.wait_for_function("() => true")
        again = fresh.evaluate(PLOTTED_JS)
        for key in plotted:
            assert again[key]["x"] == plotted[key]["x"], key
            assert again[key]["y"] == plotted[key]["y"], key
            assert again[key]["visible"] == plotted[key]["visible"], key
        assert not again["sum"]["visible"]
        assert slider_values(fresh) == slider_values(page)
    finally:
        context.close()


def test_a_hostile_url_gets_a_notice_and_a_working_app(page, server):
    hostile = (
        "?figure=nn9&act=%3Cscript%3Ealert(1)%3C/script%3E&n=1_nan~inf_2~1e308_-1e308~abc"
        "&l2=on_1e99_x&grid=5_-5_0&ylim=nan_1&n=" + "~".join(["1_0"] * 10_000)
    )
    open_app(page, server, hostile)
    notice = page.get_by_text("unknown activation '<script>alert(1)</script>'", exact=False)
    notice.first.wait_for()
    for words in ("kept the first 64", "n is given 2 times", "step must be positive"):
        assert page.get_by_text(words, exact=False).first.is_visible(), words
    plotted = page.evaluate(PLOTTED_JS)
    assert len([k for k in plotted if k.startswith("n")]) == 64
    handle = handles(page).nth(0)
    handle.focus()
    handle.press("ArrowRight")
    page.wait_for_timeout(300)
    assert not page.errors
    assert page.evaluate("() => typeof window.alert") == "function"


def test_opening_a_json_file_in_the_page(page, server, tmp_path):
    open_app(page, server, "?figure=nn6")
    wait_until_plotted(page, figure("nn6"))
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


def test_a_50_mb_file_is_refused_with_a_message_and_the_page_lives_on(page, server, tmp_path):
    open_app(page, server, "?figure=nn11")
    net = figure("nn11")
    wait_until_plotted(page, net)
    huge = tmp_path / "huge.json"
    with open(huge, "wb") as out:  # deeply nested junk, 50 MB of it
        out.write(b"[" * (50 * 1024 * 1024))
    page.locator("input[type=file]").set_input_files(str(huge))
    notice = page.get_by_text("Did not open 'huge.json'", exact=False).first
    notice.wait_for(timeout=120_000)
    assert "MB" in notice.inner_text()  # says why: its size
    wait_until_plotted(page, net)  # unchanged
    handle = handles(page).nth(0)  # and still live
    handle.focus()
    handle.press("ArrowRight")
    net.neurons[0].weight = slider_values(page)[0]
    assert net.neurons[0].weight == pytest.approx(2.1)
    wait_until_plotted(page, net)
    assert not page.errors


def test_a_burst_of_50_changes_ends_on_the_models_numbers(page, server):
    open_app(page, server, "?figure=nn11")
    net = figure("nn11")
    wait_until_plotted(page, net)
    handle = handles(page).nth(0)  # neuron 1's weight (2.0)
    handle.focus()
    for i in range(50):  # no waiting between key presses: faster than any round trip
        handle.press("ArrowLeft" if i % 5 else "ArrowRight")
    page.wait_for_timeout(500)
    final = slider_values(page)[0]
    assert final == pytest.approx(2.0 - 0.1 * 30)
    net.neurons[0].weight = final
    wait_until_plotted(page, net)
    assert not page.errors
