"""By keyboard and by screen reader, in a real page: names, Tab stops, focus, and an audit.

What a learner without a mouse meets: every control is a Tab stop with a name that says what it
moves ("Neuron 2 weight w", "Remove neuron 2"), shows where the focus is, and a disabled one is
skipped; the plots say in words what they show; axe-core finds nothing critical or serious in
the served page or the exported file, on a desktop screen or a phone's, nor in the dashboard's
own element of a JupyterLab output.
"""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from harness.app import handles, open_figure
from harness.browser import DESKTOP, PHONE, goto, poll, wait_for_slider, wait_until_plotted
from harness.jupyter import KERNEL, is_loopback, jupyter_lab, open_notebook, show_dashboard
from model.article import figure

# The element that has the focus, through every shadow root: its tag, role, name and looks.
FOCUSED_JS = r"""
() => {
  let e = document.activeElement;
  while (e && e.shadowRoot && e.shadowRoot.activeElement) e = e.shadowRoot.activeElement;
  if (!e || e === document.body) return null;
  const style = getComputedStyle(e);
  const text = (e.getAttribute("aria-label") || e.textContent || "").trim();
  return {
    tag: e.tagName.toLowerCase(), type: e.type || null, role: e.getAttribute("role"),
    name: text || (e.getAttribute("title") || "").trim(), cls: String(e.className),
    disabled: !!e.disabled || e.getAttribute("aria-disabled") === "true",
    outline: style.outlineStyle !== "none" ? parseFloat(style.outlineWidth) : 0,
  };
}
"""


def tab_stops(page, most: int = 120) -> list[dict]:
    """Every Tab stop of the page in order, from the top, once round."""
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); }")
    page.evaluate("() => window.scrollTo(0, 0)")
    stops = []
    for _ in range(most):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED_JS)
        if focused is None or (stops and focused == stops[0]):
            break
        stops.append(focused)
    return stops


def severe(results) -> list[str]:
    return [
        f"{v['impact']} {v['id']}: {v['help']} ({len(v['nodes'])}×, e.g. {v['nodes'][0]['html']})"
        for v in results.response["violations"]
        if v["impact"] in ("critical", "serious")
    ]


def offline(context):
    """Refuse every request that is not for a local file; the refused ones, listed."""
    blocked = []

    def guard(route):
        if route.request.url.startswith(("file://", "data:")):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    return blocked


@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_axe_finds_nothing_critical_or_serious_in_the_served_page(browser, server, screen):
    context = browser.new_context(**(DESKTOP if screen == "desktop" else PHONE))
    try:
        page = context.new_page()
        open_figure(page, server, "nn11")
        # The names are given once the page is built: wait for the last control's.
        page.get_by_role("slider", name="Second layer bias b2").wait_for(state="attached")
        assert severe(Axe().run(page)) == []
    finally:
        context.close()


@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_axe_finds_nothing_critical_or_serious_in_the_exported_file(browser, exported, screen):
    context = browser.new_context(**(DESKTOP if screen == "desktop" else PHONE))
    try:
        blocked = offline(context)
        page = goto(context.new_page(), exported("nn11").as_uri(), timeout=30)
        wait_until_plotted(page, figure("nn11"))
        page.get_by_role("slider", name="Neuron 3 bias b").wait_for(state="attached")
        assert severe(Axe().run(page)) == []
        assert blocked == []
        assert not page.errors
    finally:
        context.close()


def test_every_control_has_a_name_that_says_what_it_moves(page, server):
    open_figure(page, server, "nn9")
    for role, name in [
        ("slider", "Neuron 2 weight w"),
        ("slider", "Neuron 2 bias b"),
        ("textbox", "Neuron 2 weight w, typed value"),
        ("textbox", "Neuron 2 bias b, typed value"),
        ("checkbox", "Show neuron 2"),
        ("button", "Remove neuron 2"),
        ("slider", "Second layer weight w2"),
        ("checkbox", "show sum"),
        ("button", "Copy link"),
        ("button", "Download HTML"),
        ("button", "Save JSON"),
    ]:
        target = page.get_by_role(role, name=name, exact=True)
        target.wait_for(state="attached", timeout=10_000)
        assert target.count() == 1, f"{target.count()} {role}s named {name!r}"
    # Every Tab stop says what it is.
    unnamed = [s for s in tab_stops(page) if not s["name"] and s["tag"] != "a"]
    assert unnamed == []


def test_each_plot_says_in_words_what_it_shows_and_follows_a_change(page, server):
    net = open_figure(page, server, "nn9")
    hidden = page.get_by_role("figure", name=re.compile(r"^Hidden layer plot"))
    second = page.get_by_role("figure", name=re.compile(r"^Second layer plot"))
    said = hidden.get_attribute("aria-label")
    assert said.startswith("Hidden layer plot over x from −5 to 4.9. ")
    assert "neuron 1, sigmoid(2·x − (−2)), solid line: from 0 to 1; " in said
    assert "neuron 2, sigmoid(0.5·x − 1), dashed line: from 0.0293 to 0.81; " in said
    assert "sum of the 3 neurons" in said
    assert "second layer is off" in second.get_attribute("aria-label")
    handle = handles(page).nth(2)  # neuron 2's weight (0.5)
    handle.focus()
    handle.press("ArrowRight")
    net.neurons[1].weight = wait_for_slider(page, 2, 0.6)
    wait_until_plotted(page, net)
    poll(
        page,
        lambda: hidden.get_attribute("aria-label"),
        lambda text: "neuron 2, sigmoid(0.6·x − 1)" in text,
        what="the hidden plot's text alternative",
    )


def test_keyboard_reaches_every_control_with_a_visible_ring_and_skips_disabled_ones(page, server):
    open_figure(page, server, "nn9")  # no second layer: w2 and b2 are disabled
    page.get_by_role("slider", name="Second layer bias b2").wait_for(state="attached")
    stops = tab_stops(page)
    names = [s["name"] for s in stops]
    for wanted in ["Remove neuron 1", "Neuron 3 bias b", "Copy link", "Download HTML",
                   "Save JSON", "+ Add neuron", "show sum"]:  # fmt: skip
        assert wanted in names, f"{wanted!r} is no Tab stop: {names}"
    assert not [s for s in stops if s["disabled"]], "a disabled control is a Tab stop"
    assert not [n for n in names if n.startswith("Second layer weight w2")]
    # A neuron's card costs six stops: two sliders, two boxes, show, remove (no spin buttons).
    card = [n for n in names if re.search(r"\bneuron 2\b", n, re.IGNORECASE)]
    assert len(card) == 6, card
    faint = [s["name"] for s in stops if s["outline"] < 2 and s["tag"] != "a"]
    assert faint == [], f"no visible focus ring on {faint}"
    # Switched on, the second layer's controls are Tab stops again.
    page.get_by_role("checkbox", name="Second layer: y = act(w2·sum − b2)").check()
    poll(
        page,
        lambda: [s["name"] for s in tab_stops(page)],
        lambda names: "Second layer weight w2" in names and "Second layer bias b2" in names,
        what="the Tab stops once the second layer is on",
    )


def test_after_removing_a_neuron_the_focus_stays_among_the_cards(page, server):
    open_figure(page, server, "nn9")
    page.get_by_role("button", name="Remove neuron 3").wait_for(state="attached")
    page.get_by_role("button", name="Remove neuron 2", exact=True).focus()
    page.keyboard.press("Enter")

    def focused_name():
        focused = page.evaluate(FOCUSED_JS)
        return focused and focused["name"]

    # Neuron 3 is neuron 2 now; its Remove button has the focus, at the same place.
    poll(page, lambda: len(handles(page).all()), lambda n: n == 6, what="slider count")
    poll(page, focused_name, lambda name: name == "Remove neuron 2", what="the focus")
    page.keyboard.press("Enter")  # the last card: the focus goes to the one before
    poll(page, lambda: len(handles(page).all()), lambda n: n == 4, what="slider count")
    poll(page, focused_name, lambda name: name == "Neuron 1 weight w", what="the focus")


def test_axe_finds_nothing_critical_or_serious_in_the_notebook_output(browser, lab_root):
    """The dashboard's own element in a JupyterLab output (JupyterLab's page around it is not
    ours), with the same names as the served page."""
    with jupyter_lab(lab_root, KERNEL) as (base, token):
        context = browser.new_context(**DESKTOP)
        context.route(lambda url: not is_loopback(url), lambda route: route.abort())
        try:
            page = context.new_page()
            open_notebook(page, base, token)
            show_dashboard(page)
            wait_until_plotted(page, figure("nn11"), timeout=30)
            output = page.locator(".jp-Notebook .jp-OutputArea").first  # the cell's outputs
            for role, name in [
                ("slider", "Neuron 2 weight w"),
                ("button", "Remove neuron 2"),
                ("slider", "Second layer bias b2"),
            ]:
                target = output.get_by_role(role, name=name, exact=True)
                target.wait_for(state="attached", timeout=30_000)
            output.get_by_role("figure", name=re.compile(r"^Hidden layer plot")).wait_for(
                state="attached"
            )
            assert severe(Axe().run(page, context=".jp-Notebook .jp-OutputArea")) == []
        finally:
            context.close()
