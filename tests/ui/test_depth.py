"""The depth explorer, in a served page and in the exported file: what it draws equals
``model.depth`` (each layer within 1e-12 × max(1, max |curve|), the charts within
``harness.depth.CHART_TOLERANCE``), the charts and the sentence equal numbers numpy computes
again from the article's formulas, and it follows real controls: the hidden layer's sliders,
its own sliders and its table, where a bad value is refused in words and changes nothing.
"""

from __future__ import annotations

import random
import re

import pytest

from harness import parity
from harness.browser import goto, open_offline, poll
from harness.depth import (
    COMPUTE_JS,
    READ_JS,
    chart_problems,
    depth_values,
    explorer_of,
    oracle_profile,
    output_problems,
)
from model import ACTIVATIONS, Network
from model.depth import MAX_DEPTH, Explorer

SEED = parity.seed()
OPEN = "Show the depth explorer"
NUMBER = r"(−?[0-9.]+(?:e[-+−]?\d+)?|undefined)"
SENTENCE = re.compile(
    rf"After (\d+) Sigmoid layers? the output's range is {NUMBER} of the sum's; "
    rf"after \d+ ReLU layers? it is {NUMBER}\."
)


def read(page) -> dict:
    return page.evaluate(READ_JS)


def drawn_problems(seen: dict) -> list[str]:
    """What the page shows, against the model and against numpy."""
    layers, total = seen["layers"], seen["sum"]
    outputs = [total["y"], *layers["ys"]]
    problems = output_problems(seen["net"], seen["depth"], total["x"], outputs)
    if not (layers["visible"] and total["visible"] and seen["ranges"]["visible"]):
        problems.append("a depth renderer is hidden")
    profiles = {}
    for i, name in enumerate(seen["depth"]["chart"]):
        profiles[name] = {
            "ranges": seen["ranges"]["ys"][i],
            "steepest": seen["steep"]["ys"][i],
        }
    # The charts leave a gap (NaN) where a value is 0: compare the values they plot.
    for source in ("model", "numpy"):
        problems += chart_problems(seen["net"], seen["depth"], _plotted(profiles), source)
    return problems


def _plotted(profiles: dict) -> dict:
    """The chart rows as numbers, a gap standing for 0 (the log axis cannot show it)."""
    return {
        name: {key: [0.0 if v is None else v for v in row] for key, row in p.items()}
        for name, p in profiles.items()
    }


def sentence_of(page) -> str:
    return page.get_by_text("of the sum's").first.inner_text()


def check_sentence(page, seen: dict) -> None:
    """The sentence the learner reads says what numpy computes for the depth on screen."""
    text = sentence_of(page)
    match = SENTENCE.search(text)
    assert match, text
    k = int(match.group(1))
    assert k == seen["depth"]["depth"]
    layers = explorer_of(seen["depth"]).layers(MAX_DEPTH)
    for name, said in (("sigmoid", match.group(2)), ("relu", match.group(3))):
        p = oracle_profile(seen["net"], layers, name)
        want = p["ranges"][k] / p["ranges"][0]
        got = float(said.replace("\u2212", "-"))
        assert got == pytest.approx(want, rel=6e-3, abs=1e-300), (name, text, want)


def wait_drawn(page, before: int) -> dict:
    """What the page shows once it has drawn after draw number ``before`` and written the
    sentence for its latest drawing (a task after the curves)."""
    page.wait_for_function(
        f"() => (window.nnshape.depth_draws || 0) > {before} && "
        "nnshape.depth_written === nnshape.depth_draws",
        timeout=20000,
    )
    page.wait_for_timeout(100)  # a burst of changes is drawn once: let it settle
    return read(page)


def press(page, handle, key: str, times: int = 1) -> None:
    handle.focus()
    for _ in range(times):
        handle.press(key)


def test_served_explorer_follows_its_controls_and_the_network(page, server):
    goto(page, server)
    handles = page.locator(".noUi-handle")
    before = handles.count()
    page.get_by_text(OPEN).click()
    seen = wait_drawn(page, 0)
    assert seen["depth"]["depth"] == 5 and len(seen["layers"]["ys"]) == 5
    assert drawn_problems(seen) == []
    check_sentence(page, seen)
    # The article's claim, as the page says it for w = 1, b = 0 on a sigmoid neuron's sum.
    assert "After 5 Sigmoid layers" in sentence_of(page)
    assert not page.get_by_text("Building the depth explorer").is_visible()

    # The hidden layer's weight, a real key press: the stack follows at once.
    draws = seen["draws"]
    press(page, handles.nth(0), "ArrowRight", 3)
    seen = wait_drawn(page, draws)
    assert seen["net"]["weights"][0] == pytest.approx(1.3)
    assert drawn_problems(seen) == []

    # Its own sliders: the depth (to 8) and the shared w.
    assert handles.count() == before + 3
    depth, weight = handles.nth(before), handles.nth(before + 1)
    draws = seen["draws"]
    press(page, depth, "ArrowRight", 3)
    press(page, weight, "ArrowRight", 5)
    seen = wait_drawn(page, draws)
    page.wait_for_function(
        "() => nnshape.depth_last && nnshape.depth_last.outputs.length === 9", timeout=10000
    )
    seen = read(page)
    assert seen["depth"]["depth"] == 8 and len(seen["layers"]["ys"]) == 8
    assert seen["depth"]["weight"] == pytest.approx(1.5)
    assert drawn_problems(seen) == []
    check_sentence(page, seen)
    # A screen reader hears what each plot shows, for the depth on screen.
    said = page.locator('[role="figure"][aria-label^="The hidden sum"]')
    poll(
        page,
        lambda: said.count() and said.first.get_attribute("aria-label"),
        lambda text: bool(text) and "through 8 Sigmoid layers" in text,
        what="the plot's words",
    )
    assert "layer 8 from" in said.first.get_attribute("aria-label")
    charts = page.locator('[role="figure"][aria-label^="The output\'s range after 0 to 20"]')
    assert charts.count() == 1 and "ReLU" in charts.first.get_attribute("aria-label")
    # The server learned both: its table has a row per layer on screen, with the shared w.
    row = page.get_by_label("layer 8 w", exact=True)
    poll(page, lambda: row.count() == 1 and row.is_visible(), bool, what="layer 8's row")
    poll(page, row.input_value, lambda v: v == "1.5", what="layer 8's w")
    assert not page.get_by_label("layer 9 w", exact=True).count()


def test_the_table_takes_a_layers_own_values_and_refuses_bad_ones(page, server):
    goto(page, server)
    page.get_by_text(OPEN).click()
    seen = wait_drawn(page, 0)
    box = page.get_by_label("layer 2 w", exact=True)
    box.fill("not a number")
    box.press("Enter")
    message = page.get_by_text("Not applied")
    message.wait_for(timeout=10000)
    assert "is not a number" in message.inner_text()
    box.fill("2000000")
    box.press("Enter")
    page.get_by_text("layer 2 weight must lie between").wait_for(timeout=10000)
    assert read(page)["depth"]["own"][1] is False  # nothing changed
    assert box.input_value() == "1"  # the box shows the model's value again

    draws = read(page)["draws"]
    box.fill("\u22123")  # a real minus sign, as typed or pasted
    box.press("Enter")
    page.wait_for_function(
        "() => window.nnshape.depth_last && nnshape.depth_draws > " + str(draws), timeout=10000
    )
    page.wait_for_function(
        r"""() => [...Bokeh.documents[0].all_models].some(m => /DepthState/.test(m.type)
              && m.own[1] && m.weights[1] === -3)""",
        timeout=10000,
    )
    seen = read(page)
    assert seen["depth"]["weights"][:3] == [1.0, -3.0, 1.0]
    assert drawn_problems(seen) == []
    check_sentence(page, seen)
    assert "except 1 with values of their own" in sentence_of(page)


def random_pair(rng: random.Random) -> tuple[dict, dict]:
    """A random network (as NetState values) and explorer (as DepthState values)."""
    spec = parity.random_spec(rng, neurons=rng.randint(1, 6), points=rng.randint(2, 300))
    for key in ("neurons",):
        spec[key] = [(rng.uniform(-5, 5), rng.uniform(-5, 5)) for _ in spec[key]]
    spec["output"] = ([rng.uniform(-2, 2) for _ in spec["neurons"]], rng.uniform(-2, 2))
    net = Network.from_spec(spec)
    depth = rng.randint(1, MAX_DEPTH)
    own = {
        k: (round(rng.uniform(-3, 3), 1), round(rng.uniform(-2, 2), 1))
        for k in rng.sample(range(1, MAX_DEPTH + 1), rng.randint(0, 4))
    }
    explorer = Explorer(
        depth=depth, weight=round(rng.uniform(-3, 3), 1), bias=round(rng.uniform(-2, 2), 1),
        own=own,
    )  # fmt: skip
    return parity.page_state(net), depth_values(explorer)


def test_the_pages_evaluator_equals_the_model_for_a_random_sample(page, server):
    goto(page, server)
    page.get_by_text(OPEN).click()
    wait_drawn(page, 0)
    rng = random.Random(f"{SEED}-depth")
    print(f"depth sample: NNSHAPE_PARITY_SEED={SEED}")
    pairs = [random_pair(rng) for _ in range(parity.scaled(40))]
    # Every activation is the network's own somewhere (its outputs are checked layer by layer).
    for (net, _), name in zip(pairs, ACTIVATIONS, strict=False):
        net["activation"] = name
    computed = page.evaluate(COMPUTE_JS, [[net, d] for net, d in pairs])
    problems = []
    for (net, d), got in zip(pairs, computed, strict=True):
        where = f"{net['activation']}, depth {d['depth']}, NNSHAPE_PARITY_SEED={SEED}"
        found = output_problems(net, d, got["x"], got["outputs"])
        found += chart_problems(net, d, got["profiles"], "model")
        found += chart_problems(net, d, got["profiles"], "numpy")
        problems += [f"{where}: {p}" for p in found]
    assert problems == [], "\n".join(problems[:10])


def test_exported_file_draws_the_explorer_offline_and_follows_its_sliders(browser, tmp_path):
    from dashboard.export import snapshot_html
    from dashboard.playground import Playground

    pg = Playground.from_figure("nn9")
    pg.depth.explorer.param.update(shown=True, depth=4, weight=2.0, bias=0.5, own={2: (-1.0, 0.3)})
    path = tmp_path / "depth.html"
    path.write_text(snapshot_html(pg), encoding="utf-8")
    context, page, blocked, _requested, problems = open_offline(browser, path)
    try:
        assert blocked == [] and problems == []
        page.wait_for_function("() => (window.nnshape.depth_draws || 0) > 0", timeout=20000)
        seen = read(page)
        assert seen["depth"]["depth"] == 4 and seen["depth"]["own"][1] is True
        assert seen["depth"]["weights"][:3] == [2.0, -1.0, 2.0]
        assert drawn_problems(seen) == []
        check_sentence(page, seen)
        # The file's depth slider, by keyboard: two more layers, drawn from disk.
        handles = page.locator(".noUi-handle")
        depth = handles.nth(handles.count() - 3)
        draws = seen["draws"]
        press(page, depth, "ArrowRight", 2)
        seen = wait_drawn(page, draws)
        page.wait_for_function(
            "() => nnshape.depth_last && nnshape.depth_last.outputs.length === 7", timeout=10000
        )
        seen = read(page)
        assert seen["depth"]["depth"] == 6 and len(seen["layers"]["ys"]) == 6
        assert drawn_problems(seen) == []
        check_sentence(page, seen)
        # A hidden neuron's slider moves the stack in the file too.
        draws = seen["draws"]
        press(page, handles.nth(0), "ArrowLeft", 2)
        seen = wait_drawn(page, draws)
        assert drawn_problems(seen) == []
    finally:
        context.close()


def test_on_a_phone_the_explorer_fits_the_screen_and_says_what_each_control_moves(browser, server):
    from axe_playwright_python.sync_playwright import Axe

    from harness.browser import PHONE

    context = browser.new_context(**PHONE)
    try:
        page = goto(context.new_page(), f"{server}/?figure=nn11")
        page.get_by_text(OPEN).click()
        seen = wait_drawn(page, 0)
        assert drawn_problems(seen) == []
        for role, name in [
            ("slider", "depth: layers stacked"),
            ("slider", "w: every layer's weight"),
            ("slider", "b: every layer's bias"),
            ("textbox", "layer 1 w"),
            ("textbox", "layer 5 b"),
        ]:
            target = page.get_by_role(role, name=name, exact=True)
            target.wait_for(state="attached", timeout=10_000)
            assert target.count() == 1, f"{target.count()} {role}s named {name!r}"
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        # The drawing (its sentence on top) is on screen once scrolled to, above its controls.
        plot = page.get_by_text("of the sum's").first
        plot.scroll_into_view_if_needed()
        assert plot.is_visible()
        box, slider = plot.bounding_box(), page.get_by_role("slider", name="depth: layers stacked")
        assert box["y"] < slider.bounding_box()["y"]
        violations = [
            f"{v['impact']} {v['id']}: {v['help']} (e.g. {v['nodes'][0]['html']})"
            for v in Axe().run(page).response["violations"]
            if v["impact"] in ("critical", "serious")
        ]
        assert violations == []
    finally:
        context.close()


def test_notebook_output_opens_the_explorer_and_it_follows_a_hidden_slider(browser, lab_root):
    from harness.jupyter import KERNEL, is_loopback, jupyter_lab, open_notebook, show_dashboard

    with jupyter_lab(lab_root, KERNEL) as (base, token):
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        outside, errors = [], []
        context.route(lambda url: not is_loopback(url), lambda route: route.abort())
        context.on("request", lambda r: None if is_loopback(r.url) else outside.append(r.url))
        page = context.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        try:
            open_notebook(page, base, token)
            show_dashboard(page, outside=outside, errors=errors)
            handles = page.locator(".noUi-handle")
            page.get_by_text(OPEN).click()  # the kernel builds the explorer and sends it
            seen = wait_drawn(page, 0)
            assert seen["depth"]["shown"] and len(seen["layers"]["ys"]) == 5
            assert drawn_problems(seen) == []
            check_sentence(page, seen)
            draws = seen["draws"]
            press(page, handles.nth(2), "ArrowRight", 2)  # neuron 2's weight, in the page
            seen = wait_drawn(page, draws)
            assert seen["net"]["weights"][1] == pytest.approx(0.7)
            assert drawn_problems(seen) == []
            assert outside == [] and errors == []
        finally:
            context.close()


FORGE_JS = r"""
([title, value]) => {
  const model = [...Bokeh.documents[0].all_models].find(m => /Slider/.test(m.type) &&
                                                         m.title === title);
  const numbers = {NaN: NaN, Infinity: Infinity};
  model.value = typeof value === "string" && value in numbers ? numbers[value] : value;
  return true;
}
"""


@pytest.mark.parametrize(
    ("title", "value", "depth"),
    [("depth: layers stacked", 2.5, 2), ("depth: layers stacked", 50, 5),
     ("depth: layers stacked", "NaN", 5), ("w: every layer's weight", "Infinity", 5)],
)  # fmt: skip
def test_a_forged_value_of_its_sliders_is_refused_or_taken_as_a_slider_would(
    page, tmp_path, title, value, depth
):
    """A depth between two whole numbers is taken as the server's slider takes it (2.5 → 2),
    in the page too; anything a slider cannot give is refused with a notice and changes
    nothing, and the server's log holds no traceback."""
    from harness.serve import free_port, nnshape_serve, running

    port = free_port()
    log = tmp_path / "serve.log"
    with running(nnshape_serve(port), port, log):
        goto(page, f"http://127.0.0.1:{port}/")
        page.get_by_text(OPEN).click()
        wait_drawn(page, 0)
        page.evaluate(FORGE_JS, [title, value])
        if depth == 5:
            toast = page.locator(".notyf__message", has_text="Not applied")
            toast.first.wait_for(timeout=10_000)
        # The server's model (its table ends at the depth) and the page's drawing agree.
        last = page.get_by_label(f"layer {depth} w", exact=True)
        poll(page, lambda: last.is_visible(), bool, what=f"layer {depth}'s row")
        page.wait_for_timeout(500)
        assert last.input_value() == "1"
        assert not page.get_by_label(f"layer {depth + 1} w", exact=True).is_visible()
        seen = read(page)
        assert seen["depth"]["depth"] == depth and seen["depth"]["weight"] == 1.0
        assert len(seen["layers"]["ys"]) == depth
        assert drawn_problems(seen) == []
        text = log.read_text(errors="replace")
        assert "Traceback" not in text and "error in a session callback" not in text, text


def test_a_document_with_the_explorer_opens_with_it_drawn(page, tmp_path):
    """``nnshape serve --load`` a document whose ``depth`` part has it open at depth 7 with a
    layer of its own: the page opens with the explorer drawn as the document says."""
    from harness.serve import free_port, nnshape_serve, running
    from model.article import figure
    from model.document import to_json

    explorer = Explorer(shown=True, depth=7, weight=1.2, bias=0.1, own={3: (-2.0, 0.5)})
    path = tmp_path / "deep.json"
    path.write_text(to_json(figure("nn11"), depth=explorer), encoding="utf-8")
    port = free_port()
    with running(nnshape_serve(port, "--load", str(path)), port, tmp_path / "serve.log"):
        goto(page, f"http://127.0.0.1:{port}/")
        seen = wait_drawn(page, 0)
        assert seen["depth"]["depth"] == 7 and seen["depth"]["own"][2] is True
        assert seen["depth"]["weights"][:4] == [1.2, 1.2, -2.0, 1.2]
        assert len(seen["layers"]["ys"]) == 7
        assert drawn_problems(seen) == []
        check_sentence(page, seen)
        assert page.get_by_label("layer 3 w", exact=True).input_value() == "-2"


def test_a_link_opens_the_explorer_as_it_was_and_undo_takes_back_its_edits(page, server):
    """The link carries the explorer (``depth=``, ``dlayers=``): opened, the page draws it as
    the link says, with nothing to undo; a drag of its w is written into the URL, and Undo
    takes it back, in the page's drawing, its slider and the URL."""
    goto(page, f"{server}/?figure=nn11&depth=on_7_1.2_0.1&dlayers=3_-2_0.5")
    seen = wait_drawn(page, 0)
    assert seen["depth"]["depth"] == 7 and seen["depth"]["weights"][:4] == [1.2, 1.2, -2.0, 1.2]
    assert drawn_problems(seen) == []
    undo = page.get_by_role("button", name="Undo")
    assert undo.is_disabled()
    handles = page.locator(".noUi-handle")
    weight = handles.nth(handles.count() - 2)  # the explorer's: depth, w, b
    press(page, weight, "ArrowRight", 3)
    poll(page, lambda: page.evaluate("location.search"), lambda q: "depth=on_7_1.5_0.1" in q,
         what="the link with the new w")  # fmt: skip
    assert "dlayers=3_-2_0.5" in page.evaluate("location.search")
    poll(page, undo.is_enabled, bool, what="Undo")
    undo.click()
    poll(page, lambda: page.evaluate("location.search"), lambda q: "depth=on_7_1.2_0.1" in q,
         what="the link after Undo")  # fmt: skip
    poll(page, lambda: weight.get_attribute("aria-valuenow"), lambda v: float(v) == 1.2,
         what="the explorer's w slider after Undo")  # fmt: skip
    seen = poll(page, lambda: read(page), lambda s: s["depth"]["weight"] == 1.2,
                what="the explorer drawn after Undo")  # fmt: skip
    assert drawn_problems(seen) == []
    assert not page.errors, page.errors
