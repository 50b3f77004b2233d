"""The derivative view: the "Slope dy/dx" switch shows dy/dx of every curve, and the page's
slopes equal ``model.calculus.derivatives()`` (within 1e-12 × max(1, max |curve|)), in a served
page, the exported file and a notebook output (there also Copy as code).

Each test opens one page with the view off (nothing drawn, nothing computed), switches it on
with the real check box, checks what is seen (the plot laid out, its legend, its colours)
and the slopes against the model, moves a real slider and checks again, then writes many
networks into the page's state as a slider does and checks each: every figure at every
activation and a random sample (``harness.parity``'s; the seed is printed and named in every
failure, ``NNSHAPE_PARITY_SEED`` repeats one, ``NNSHAPE_PARITY_SCALE`` enlarges it).
"""

from __future__ import annotations

import random
import re
from urllib.parse import parse_qs

import pytest

from harness import parity, slope_parity
from harness.browser import goto, open_offline, poll
from model import Network
from model.article import FIGURES, figure
from model.permalink import from_query
from model.view import SAFE_NEURONS

from .test_parity import model_spec, page_network, page_spec, server_network, settle

SEED = parity.seed()
SWITCH = "Slope dy/dx (the derivative view)"
#: Random networks drawn, and computed by the page's slope evaluator alone, per page.
DRAWN, COMPUTED = 6, 80


def fail_with(problems: list[str], where: str, stats: dict) -> None:
    if problems:
        head = f"{where}, NNSHAPE_PARITY_SEED={SEED}: {len(problems)} networks differ; {stats}"
        pytest.fail(head + "\n" + "\n".join(problems[:10]), pytrace=False)


def switched_on(page) -> dict:
    """Click the switch (off until then: nothing drawn or computed); what is drawn once on."""
    off = slope_parity.drawn(page)
    assert not off["figure"] and not off["laid_out"], "the slope plot shows while off"
    assert off["x"].size == 0, "the page computed slopes while the view was off"
    page.get_by_text(SWITCH, exact=True).first.click()
    return poll(
        page, lambda: slope_parity.drawn(page), lambda d: d["figure"] and d["laid_out"],
        what="the slope plot after its switch",
    )  # fmt: skip


def moved(page, reference, before: Network) -> Network:
    """Neuron 1's weight slider moved with the keyboard, as a person does; the new network."""
    handle = page.locator(".noUi-handle").first
    handle.focus()
    for key in ("ArrowRight", "ArrowRight", "PageUp"):
        handle.press(key)

    def changed():
        net = reference()
        return net if net is not None and net.spec() != before.spec() else None

    return settle(page, changed)


def sample(page, rng, where: str, same_count: int | None) -> tuple[list[str], dict]:
    """Every figure at every activation, and random networks: drawn (those the page can hold,
    ``same_count`` neurons in the file) or computed by the slope evaluator alone."""
    figures = [(n, Network.from_spec(s)) for n, s in parity.every_figure_and_activation()]
    randoms = [parity.random_spec(rng, neurons=same_count) for _ in range(parity.scaled(DRAWN))]
    candidates = [n for n in figures if n[0] in FIGURES] + parity.networks(randoms, "random drawn")
    drawn = [n for n in candidates if same_count in (None, len(n[1].neurons))]
    computed = [n for n in figures if n not in drawn]
    computed += parity.networks(parity.sample(rng, parity.scaled(COMPUTED)), "random")
    stats: dict = {}
    problems = slope_parity.check_all(page, drawn, stats)
    problems += slope_parity.check_all(page, computed, stats, draw=False)
    print(f"slope, {where}: {stats}")
    return problems, stats


def test_served_page_draws_the_models_slopes(page, server):
    rng = random.Random(f"{SEED}-slope-served")
    print(f"slope sample (served): NNSHAPE_PARITY_SEED={SEED}")
    goto(page, f"{server}/?figure=nn9", timeout=30)
    got = switched_on(page)
    # The server heard of it: the link it writes into the URL carries the view.
    poll(page, lambda: page.evaluate("location.search"), lambda q: "slope=on" in q)
    stats: dict = {}
    fail_with(slope_parity.slope_problems(figure("nn9"), got, stats), "nn9 served", stats)
    assert got["sum_visible"] and got["neurons_visible"] and not got["deep_visible"]
    assert got["legend"] == ["sum", "neuron 1", "neuron 2", "neuron 3"]
    assert got["alpha"] == [1, 1, 1] and got["color"] == [n.color for n in figure("nn9").neurons]
    assert got["title"] == "Slope dy/dx: each neuron and the sum"

    net = moved(page, lambda: server_network(page), figure("nn9"))
    fail_with(slope_parity.slope_problems(net, slope_parity.drawn(page), stats), "moved", stats)

    # A hidden neuron's share is hidden too; the palette switch recolours the slopes.
    page.get_by_text("show", exact=True).first.click()  # neuron 1's
    hidden = poll(page, lambda: slope_parity.drawn(page), lambda d: d["alpha"][0] == 0)
    assert hidden["legend"] == ["sum", "neuron 2", "neuron 3"]
    page.get_by_text("colour-blind-safe colours", exact=True).first.click()
    safe = poll(page, lambda: slope_parity.drawn(page), lambda d: d["color"][1] == SAFE_NEURONS[1])
    assert safe["color"] == list(SAFE_NEURONS[:3])

    found, more = sample(page, rng, "served", None)
    fail_with(found, "served", {**stats, **more})
    assert not page.errors, page.errors


def test_a_dragged_neurons_share_is_drawn_by_a_line_of_its_own(page, server):
    """With more neurons than the legend lists, the share of the one neuron a slider moves is
    drawn by a line of its own (the others' multi_line, copied whole by Bokeh on any change,
    stays as it was): that line holds the model's share, in its place the multi_line's row is
    not drawn, and another neuron's slider hands the row back."""
    rng = random.Random(f"{SEED}-slope-live")
    pairs = [(round(rng.uniform(-3, 3), 1), round(rng.uniform(-3, 3), 1)) for _ in range(12)]
    neurons = "~".join(f"{w}_{b}" for w, b in pairs)
    goto(page, f"{server}/?figure=free&act=tanh&n={neurons}&l2=on_0.5_0.2", timeout=30)

    def held():  # the server's model once the page holds it (one neuron's sliders are shown)
        net = from_query(parse_qs(page.evaluate("location.search")[1:])).network
        return net if page_spec(page) == model_spec(net) else None

    start = settle(page, held)
    got = switched_on(page)
    assert got["live"] == -1 and len(got["neurons"]) == 12
    stats: dict = {}
    fail_with(slope_parity.slope_problems(start, got, stats), "12 neurons", stats)

    def dragged(before: Network) -> tuple[Network, int]:
        net = moved(page, held, before)
        changed = [i for i, (a, b) in enumerate(zip(before.neurons, net.neurons, strict=True))
                   if a.weight != b.weight]  # fmt: skip
        assert len(changed) == 1, changed
        return net, changed[0]

    net, first = dragged(start)
    got = poll(page, lambda: slope_parity.drawn(page), lambda d: d["live"] == first,
               what="the dragged share on its line")  # fmt: skip
    fail_with(slope_parity.slope_problems(net, got, stats), "dragged", stats)
    assert got["alpha"] == [0 if i == first else 1 for i in range(12)]

    other = (first + 5) % 12
    page.get_by_label("Edit neuron").select_option(f"Neuron {other + 1}")
    weight = page.locator(".noUi-handle").first
    poll(page, lambda: weight.get_attribute("aria-valuenow"),
         lambda v: v is not None and float(v) == pairs[other][0], what="its slider")  # fmt: skip
    net, second = dragged(net)
    assert second == other
    got = poll(page, lambda: slope_parity.drawn(page), lambda d: d["live"] == other,
               what="the other share on its line")  # fmt: skip
    fail_with(slope_parity.slope_problems(net, got, stats), "the other dragged", stats)
    assert got["alpha"] == [0 if i == other else 1 for i in range(12)]
    assert not page.errors, page.errors


def test_exported_file_draws_the_models_slopes(browser, exported):
    rng = random.Random(f"{SEED}-slope-file")
    print(f"slope sample (file): NNSHAPE_PARITY_SEED={SEED}")
    context, page, blocked, _requested, errors = open_offline(browser, exported("nn11"))
    try:
        assert blocked == [] and not errors, (blocked, errors)
        got = switched_on(page)
        stats: dict = {}
        fail_with(slope_parity.slope_problems(figure("nn11"), got, stats), "nn11 file", stats)
        # nn11 draws no neuron: their shares are hidden as their curves are.
        assert got["legend"] == ["sum", "second layer"] and got["alpha"] == [0, 0, 0]
        assert got["title"] == "Slope dy/dx: each neuron, the sum, layer 2"
        net = moved(page, lambda: page_network(page), figure("nn11"))
        found = slope_parity.slope_problems(net, slope_parity.drawn(page), stats)
        fail_with(found, "file, moved", stats)
        assert not page.errors, page.errors
        found, more = sample(page, rng, "file", len(figure("nn11").neurons))
        fail_with(found, "file", {**stats, **more})
    finally:
        context.close()


def test_notebook_output_draws_the_slopes_and_copies_the_script(browser, lab_root):
    """The same pane in a real JupyterLab: the switch shows the slopes, which follow a slider
    and equal the model's; Copy as code copies the kernel's script of the state on screen."""
    from harness.jupyter import KERNEL, is_loopback, jupyter_lab, open_notebook, show_dashboard
    from model.code import to_python
    from model.view import View

    with jupyter_lab(lab_root, KERNEL) as (base, token):
        context = browser.new_context(
            viewport={"width": 1400, "height": 1000},
            permissions=["clipboard-read", "clipboard-write"],
        )
        context.route(lambda url: not is_loopback(url), lambda route: route.abort())
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        try:
            open_notebook(page, base, token)
            show_dashboard(page, errors=errors)
            settle(page, lambda: page_network(page))
            got = switched_on(page)
            stats: dict = {}
            found = slope_parity.slope_problems(figure("nn11"), got, stats)
            fail_with(found, "nn11 in the notebook", stats)
            net = moved(page, lambda: page_network(page), figure("nn11"))
            found = slope_parity.slope_problems(net, slope_parity.drawn(page), stats)
            fail_with(found, "notebook, moved", stats)

            shown = figure("nn11")  # its colours, with the weights on screen
            shown.neurons[0].weight = net.neurons[0].weight
            # The click at once, the last value perhaps still held in the page: the request
            # goes to the kernel after it, in the same outbox message.
            view = View.for_figure("nn11", len(shown.neurons))
            view.slope = True
            want = to_python(shown, view)
            page.get_by_role("button", name="Copy as code").click()
            poll(page, lambda: page.evaluate("navigator.clipboard.readText()"),
                 lambda text: text == want, what="the clipboard")  # fmt: skip
            assert not errors, errors
        finally:
            context.close()


#: The slope plot's box, and that of the nearest box that scrolls it (none: the window's).
SLOPE_BOX_JS = r"""
() => {
  const fig = [...Bokeh.documents[0].all_models]
    .find(m => m.type === "Figure" && m.name === "slope");
  const el = nnshape.element_of(fig);
  if (el == null) return null;
  const box = el.getBoundingClientRect();
  let outer = {top: 0, bottom: innerHeight};
  for (let node = el; node != null;) {
    node = node.parentNode instanceof ShadowRoot ? node.parentNode.host : node.parentNode;
    if (!(node instanceof Element)) break;
    if (/(auto|scroll)/.test(getComputedStyle(node).overflowY) &&
        node.scrollHeight > node.clientHeight) {
      outer = node.getBoundingClientRect();
      break;
    }
  }
  return {top: box.top, bottom: box.bottom, height: box.height, left: box.left,
          width: box.width, outer_top: Math.max(0, outer.top),
          outer_bottom: Math.min(innerHeight, outer.bottom)};
}
"""
TIP = re.compile(r"(x|neuron \d+ dy/dx|sum dy/dx|second layer dy/dx): (−?-?\d+\.\d{4})")


def test_hovering_the_slope_plot_shows_x_and_each_drawn_dy_dx(browser, server):
    """One tooltip at the cursor's x on the slope plot: x, each shown neuron's share, the
    sum's slope, each as the model's ``derivatives()`` has it there (to the 4 decimals shown);
    a hidden neuron is not listed."""
    from model.calculus import derivatives

    from .test_export import TOOLTIPS_JS

    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = goto(context.new_page(), f"{server}/?figure=nn9&slope=on&hide=1", timeout=30)
        box = poll(page, lambda: page.evaluate(SLOPE_BOX_JS),
                   lambda b: b is not None and b["height"] > 100, what="the plot")  # fmt: skip
        y = (box["top"] + box["bottom"]) / 2
        for at in (0.45, 0.5):  # into the plot, then along it
            page.mouse.move(box["left"] + box["width"] * at, y)
        tips = poll(page, lambda: page.evaluate(TOOLTIPS_JS), lambda t: len(t) > 0,
                    what="a tooltip")  # fmt: skip
        assert len(tips) == 1, tips
        rows = {name: float(v.replace("−", "-")) for name, v in TIP.findall(tips[0])}
        assert set(rows) == {"x", "neuron 1 dy/dx", "neuron 3 dy/dx", "sum dy/dx"}, tips
        want = derivatives(figure("nn9"))
        k = int(abs(want["x"] - rows["x"]).argmin())
        assert abs(want["x"][k] - rows["x"]) < 5e-5
        share = want["neurons"]
        expected = {"neuron 1 dy/dx": share[0][k], "neuron 3 dy/dx": share[2][k],
                    "sum dy/dx": want["sum"][k]}  # fmt: skip
        for name, got in expected.items():
            assert abs(rows[name] - got) <= 5.01e-5, (name, rows[name], got)
        assert not page.errors, page.errors
    finally:
        context.close()


def test_on_a_phone_switching_the_slope_view_on_brings_it_into_view(browser, server):
    """At 390×844 the plots keep the top of the screen, where two fit: the slope plot, once
    switched on, is scrolled into that space, whole."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    try:
        page = goto(context.new_page(), f"{server}/?figure=nn9", timeout=30)
        switch = page.get_by_text(SWITCH, exact=True).first
        switch.scroll_into_view_if_needed()
        switch.click()
        box = poll(page, lambda: page.evaluate(SLOPE_BOX_JS),
                   lambda b: b is not None and b["height"] > 100
                   and b["outer_top"] - 1 <= b["top"] and b["bottom"] <= b["outer_bottom"] + 1,
                   what="the slope plot in view")  # fmt: skip
        assert box["outer_bottom"] - box["outer_top"] < 844 / 2  # the plots' own space
        assert switch.is_visible()  # the switch stays where the hand is
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert not page.errors, page.errors
    finally:
        context.close()
