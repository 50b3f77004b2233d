"""The served app in a real browser: figures by URL, sliders, neurons, activation, isolation.

(Over 300 lines on purpose: one served app per module costs less than one per file.)
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import time
from pathlib import Path

import numpy as np
import pytest

from harness.browser import (
    PLOTTED_JS,
    activation_menu,
    goto,
    poll,
    slider_values,
    wait_for_slider,
    wait_until_plotted,
    watch_curve,
    watched,
)
from harness.client import weight_in
from harness.oracle import close, expected
from harness.serve import free_port, nnshape_serve, running, workers
from model.article import FIGURES, figure
from model.placement import fresh_neuron


def open_app(page, server, query=""):
    return goto(page, f"{server}/{query}", timeout=30)


def handles(page):
    """The noUiSlider handles in page order: n1 weight, n1 bias, n2 weight, …, w2, b2."""
    return page.locator(".noUi-handle")


def each_page_sees_only_its_own_change(a, b, make) -> None:
    """Move neuron 1's weight down in page ``a`` and up in page ``b``, both showing ``make()``.

    Isolation shown by positive signals, not by a pause: each page ends on its own change, and
    neither page's neuron-1 curve ever received the value the other page set. The server
    answers ``a`` before ``b`` presses a key, and ``b``'s socket delivers in order, so a curve
    leaked from ``a`` would reach ``b`` before ``b``'s own change does.
    """
    start = make().neurons[0].weight
    for page in (a, b):
        wait_until_plotted(page, make())
        watch_curve(page, "sum")
    mine = []
    for page, key, sign in ((a, "ArrowLeft", -1), (b, "ArrowRight", +1)):
        handle = handles(page).nth(0)  # neuron 1's weight
        handle.focus()
        handle.press(key)
        handle.press(key)
        net = make()
        net.neurons[0].weight = wait_for_slider(page, 0, start + sign * 0.2)
        wait_until_plotted(page, net)
        mine.append(net)
    wait_until_plotted(a, mine[0])  # b's change did not move a
    for page, other in ((a, mine[1]), (b, mine[0])):
        theirs = expected(other)["sum"][1]
        received = watched(page, "sum")
        assert received, "the page never received its own change"
        assert not any(close(y, theirs) for y in received), "a curve from the other session"


def server_follows(page, weight: float, timeout: float = 15.0) -> None:
    """The server took the page's change: the permalink it writes names ``weight``."""
    poll(
        page,
        lambda: weight_in(page.evaluate("() => window.location.search")),
        until=lambda named: named is not None and abs(named - weight) < 1e-9,
        timeout=timeout,
        what="the URL the server writes",
    )


def wait_for_workers(pid: int, count: int, timeout: float = 30.0) -> list[int]:
    """The ``count`` workers of the server started as ``pid``, once they are all there."""
    deadline = time.monotonic() + timeout
    while len(found := workers(pid)) != count:
        assert time.monotonic() < deadline, f"workers of {pid}: {found}, expected {count}"
        time.sleep(0.1)
    return found


def gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    # A zombie (exited, not yet reaped by a parent that is itself gone) is gone too.
    with contextlib.suppress(OSError):
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    return True


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
    net.neurons[1].weight = wait_for_slider(page, 2, 0.8)
    after = wait_until_plotted(page, net)
    for key in ("n1", "sum", "deep"):
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
    new_bias = poll(page, lambda: slider_values(page)[1], lambda bias: bias > -2.0, what="bias")
    net.neurons[0].bias = new_bias
    wait_until_plotted(page, net)


def test_adding_a_neuron_adds_a_curve_and_activation_recomputes(page, server):
    open_app(page, server, "?figure=nn8")
    net = figure("nn8")
    wait_until_plotted(page, net)
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


def test_two_pages_do_not_share_a_network(browser, server):
    ctx_a, ctx_b = browser.new_context(), browser.new_context()
    try:
        a = open_app(ctx_a.new_page(), server, "?figure=nn9")
        b = open_app(ctx_b.new_page(), server, "?figure=nn9")
        each_page_sees_only_its_own_change(a, b, lambda: figure("nn9"))
        assert not a.errors and not b.errors
    finally:
        ctx_a.close()
        ctx_b.close()


def test_unknown_figure_opens_the_default_with_a_notice(page, server):
    open_app(page, server, "?figure=nn14")
    notice = page.get_by_text("not 'nn14'; started from free play", exact=False)
    notice.wait_for()
    assert notice.is_visible()
    from model import Network

    wait_until_plotted(page, Network())
    assert not page.errors


def test_the_url_is_a_permalink_that_follows_edits_without_history_entries(page, browser, server):
    open_app(page, server, "?figure=nn11")
    net = figure("nn11")
    wait_until_plotted(page, net)
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


def test_a_burst_of_50_changes_ends_on_the_models_numbers(page, server):
    open_app(page, server, "?figure=nn11")
    net = figure("nn11")
    wait_until_plotted(page, net)
    handle = handles(page).nth(0)  # neuron 1's weight (2.0)
    handle.focus()
    for i in range(50):  # no waiting between key presses: faster than any round trip
        handle.press("ArrowLeft" if i % 5 else "ArrowRight")
    net.neurons[0].weight = wait_for_slider(page, 0, 2.0 - 0.1 * 30)
    wait_until_plotted(page, net)
    assert not page.errors


# -- nnshape serve --procs 2 ----------------------------------------------------------------


def test_pages_on_two_worker_processes_work_and_stay_isolated(browser, tmp_path):
    """Four pages on ``--procs 2``: a page's HTML and its websocket reach whichever worker
    accepts them, so some pages are built again on the other worker from their signed token.
    Every page plots, the server follows its changes, and no page sees another's."""
    port = free_port()
    log = tmp_path / "serve.log"
    with running(nnshape_serve(port, "--procs", "2"), port, log) as proc:
        pids = wait_for_workers(proc.pid, 2)
        contexts = [browser.new_context() for _ in range(4)]
        try:
            pages = [
                open_app(c.new_page(), f"http://127.0.0.1:{port}", "?figure=nn9") for c in contexts
            ]
            for page in pages:
                wait_until_plotted(page, figure("nn9"), timeout=30)
            each_page_sees_only_its_own_change(pages[0], pages[-1], lambda: figure("nn9"))
            start = figure("nn9").neurons[0].weight
            server_follows(pages[0], start - 0.2)
            server_follows(pages[-1], start + 0.2)
            for page in pages[1:-1]:  # untouched by the others' changes
                wait_until_plotted(page, figure("nn9"))
            assert not any(page.errors for page in pages)
        finally:
            for context in contexts:
                context.close()
    # SIGTERM to the supervisor stopped both workers cleanly: none was started again.
    assert proc.returncode == 0, log.read_text()[-3000:]
    assert all(gone(pid) for pid in pids)
    text = log.read_text()
    assert "(2 processes)" in text
    assert len(re.findall(r"worker \d \(pid \d+\) serving", text)) == 2, text[-3000:]
    assert not re.search(r"Traceback|\bERROR\b|Exception|restarting", text), text[-3000:]


def test_a_dead_worker_is_replaced_and_workers_stop_with_their_supervisor(tmp_path):
    port = free_port()
    log = tmp_path / "serve.log"
    with running(nnshape_serve(port, "--procs", "2"), port, log) as proc:
        first, second = wait_for_workers(proc.pid, 2)
        os.kill(first, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while not ((now := workers(proc.pid)) and len(now) == 2 and first not in now):
            assert time.monotonic() < deadline, f"no new worker: {now}"
            time.sleep(0.1)
        assert second in now
        replaced = [pid for pid in now if pid != second]
        os.kill(proc.pid, signal.SIGKILL)  # the supervisor, without a chance to pass it on
        proc.wait(10)
        deadline = time.monotonic() + 15
        while not all(gone(pid) for pid in [second, *replaced]):
            assert time.monotonic() < deadline, "workers outlived their supervisor"
            time.sleep(0.1)


def test_ctrl_c_stops_every_worker_and_none_is_started_again(tmp_path):
    """Ctrl-C in a terminal: SIGINT to the whole process group (the supervisor also passes a
    SIGTERM on). A worker that died by a signal would be restarted by tornado's supervisor."""
    import subprocess

    from harness.serve import ROOT, wait_for_port

    port = free_port()
    log = tmp_path / "serve.log"
    with open(log, "w") as out:
        proc = subprocess.Popen(
            nnshape_serve(port, "--procs", "2"),
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own group, as a terminal's foreground job
        )
        try:
            wait_for_port(port, proc, log)
            pids = wait_for_workers(proc.pid, 2)
            os.killpg(proc.pid, signal.SIGINT)
            assert proc.wait(20) == 0, log.read_text()[-3000:]
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
    assert all(gone(pid) for pid in pids)
    text = log.read_text()
    assert not re.search(r"Traceback|restarting", text), text[-3000:]
