"""The guided walk in the served page, as a learner takes it: every step, each task done with
the real controls (a slider's handle by keyboard, a typed box, a button, the menu) and ticked
off, a wrong attempt left open (read once the marks name the network they were checked on);
Back, Next, the browser's own Back and Forward, a link to a step; the progress kept in this
browser across a reload; and the walk readable on a laptop and a phone.

Whether a task is done is the model's to say (``model.walk``): the test does what the task asks
and reads the mark the page shows.
"""

from __future__ import annotations

import json
from urllib.parse import parse_qs

from axe_playwright_python.sync_playwright import Axe

from dashboard.walk import checked
from harness.app import open_app, press
from harness.browser import PHONE, activation_menu, goto, open_offline, poll, wait_until_plotted
from harness.states import spec
from model.article import figure
from model.lang import text
from model.permalink import from_query
from model.placement import fresh_neuron
from model.walk import STEPS

START, NEXT, BACK, LEAVE = (text(f"walk.ui.{k}") for k in ("start", "next", "back", "leave"))
KEY = "nnshape.walk"


def type_in(page, name: str, value: str) -> None:
    """Type ``value`` into the box beside the slider ``name``, and press Enter."""
    box = page.get_by_role("textbox", name=f"{name}, typed value")
    box.fill(value)
    box.press("Enter")


def heading(page) -> str:
    return page.locator(".nn-walk-heading").inner_text()


def states(page) -> dict[str, str]:
    """Each task of the step shown and its mark: holds (✓), done (before) or open (○)."""
    return dict(
        page.locator(".nn-walk-task").evaluate_all(
            "items => items.map(e => [e.dataset.task, e.dataset.state])"
        )
    )


def server_has(page, net) -> None:
    """The server has taken the page's edits: the link it writes is ``net``."""
    poll(
        page,
        lambda: spec(from_query(parse_qs(page.evaluate("location.search")[1:])).network),
        lambda got: got == spec(net),
        timeout=15,
        what="the network in the page's link",
    )


def at_step(page, index: int) -> None:
    """The page shows step ``index``: its heading, its words, its figure and its link."""
    step = STEPS[index]
    want = text("walk.ui.heading", step=index + 1, count=len(STEPS), figure=step.figure)
    poll(page, lambda: heading(page), lambda h: h == want, timeout=15, what="the heading")
    page.get_by_text(text(step.text_key)).wait_for()
    wait_until_plotted(page, figure(step.figure))
    poll(
        page,
        lambda: parse_qs(page.evaluate("location.search")[1:]).get("walk"),
        lambda walk: walk == [str(index + 1)],
        what="the link's walk",
    )


def checked_on(page, net) -> None:
    """The marks shown were checked on ``net`` (the list names the network it checked)."""
    name = checked(net)
    poll(
        page,
        lambda: page.locator(".nn-walk-tasks").get_attribute("data-checked"),
        lambda got: got == name,
        timeout=15,
        what="the network the marks were checked on",
    )


def marks(page, want: dict[str, str]) -> None:
    poll(page, lambda: states(page), lambda got: got == want, timeout=15, what="the ticks")


def kept(page) -> dict:
    return json.loads(page.evaluate(f"() => localStorage.getItem({KEY!r})") or "{}")


# For each step: (wrong attempt, what the model then is), (the task done, what the model then
# is), … in the page's terms. Each action takes the page and does it with the controls.
def _steps():
    def net_of(figure_id, edit):
        net = figure(figure_id)
        edit(net)
        return net

    def weight(i, value):
        return lambda net: setattr(net.neurons[i], "weight", value)

    def bias(i, value):
        return lambda net: setattr(net.neurons[i], "bias", value)

    def second(name, value):
        return lambda net: setattr(net.second, name, value)

    def both(*edits):
        return lambda net: [e(net) for e in edits]

    right = "ArrowRight"
    left = "ArrowLeft"
    return {
        "nn6": [
            # Neuron 1's weight, 1: 1.9 is not twice as steep, 2 is (by keyboard, 0.1 a key).
            ("double", False, lambda p: press(p, "Neuron 1 weight w", right, 9), weight(0, 1.9)),
            ("double", True, lambda p: press(p, "Neuron 1 weight w", right, 1), weight(0, 2.0)),
            (
                "mirror",
                False,
                lambda p: type_in(p, "Neuron 2 weight w", "-0.4"),
                both(weight(0, 2.0), weight(1, -0.4)),
            ),
            (
                "mirror",
                True,
                lambda p: type_in(p, "Neuron 2 weight w", "−0.5"),
                both(weight(0, 2.0), weight(1, -0.5)),
            ),
        ],
        "nn7": [
            ("slide", False, lambda p: type_in(p, "Neuron 1 bias b", "1.9"), bias(0, 1.9)),
            ("slide", True, lambda p: press(p, "Neuron 1 bias b", right, 1), bias(0, 2.0)),
        ],
        "nn8": [
            ("climb", False, lambda p: type_in(p, "Neuron 2 weight w", "3"), weight(1, 3.0)),
            (
                "climb",
                True,
                lambda p: p.get_by_role("button", name="+ Add neuron").click(),
                lambda net: (weight(1, 3.0)(net), net.hidden.add_neuron(*fresh_neuron(net))),
            ),
        ],
        "nn9": [
            ("turn", False, lambda p: type_in(p, "Neuron 3 weight w", "0.1"), weight(2, 0.1)),
            ("turn", True, lambda p: press(p, "Neuron 3 weight w", left, 21), weight(2, -2.0)),
        ],
        "nn10": [
            ("flatten", False, lambda p: type_in(p, "Neuron 3 bias b", "-2"), bias(2, -2.0)),
            ("flatten", True, lambda p: type_in(p, "Neuron 3 bias b", "0"), bias(2, 0.0)),
        ],
        "nn11": [
            (
                "squash",
                False,
                lambda p: type_in(p, "Second layer weight w2", "3"),
                second("weight", 3.0),
            ),
            (
                "squash",
                True,
                lambda p: press(p, "Second layer weight w2", right, 20),
                second("weight", 5.0),
            ),
        ],
        "nn12": [
            ("touch", False, lambda p: type_in(p, "Neuron 3 bias b", "0"), bias(2, 0.0)),
            ("touch", True, lambda p: type_in(p, "Neuron 3 bias b", "2"), bias(2, 2.0)),
        ],
        "nn13": [
            (
                "lower",
                False,
                lambda p: press(p, "Second layer bias b2", right, 9),
                second("bias", 0.9),
            ),
            (
                "lower",
                True,
                lambda p: press(p, "Second layer bias b2", right, 1),
                second("bias", 1.0),
            ),
        ],
        "nn15": [
            (
                "top",
                False,
                lambda p: type_in(p, "Second layer bias b2", "-6.5"),
                second("bias", -6.5),
            ),
            (
                "top",
                True,
                lambda p: press(p, "Second layer bias b2", left, 5),
                second("bias", -7.0),
            ),
        ],
        "nn16": [
            ("dip", False, lambda p: type_in(p, "Neuron 1 bias b", "2.5"), bias(0, 2.5)),
            ("dip", True, lambda p: type_in(p, "Neuron 1 bias b", "3.2"), bias(0, 3.2)),
        ],
        "nn17": [
            (
                "corners",
                False,
                lambda p: activation_menu(p).select_option(label="tanh"),
                lambda net: setattr(net, "activation", "tanh"),
            ),
            (
                "corners",
                True,
                lambda p: activation_menu(p).select_option(label="ReLU"),
                lambda net: setattr(net, "activation", "relu"),
            ),
        ],
        "nn18": [
            (
                "follow",
                False,
                lambda p: type_in(p, "Second layer weight w2", "1"),
                second("weight", 1.0),
            ),
            (
                "follow",
                True,
                lambda p: type_in(p, "Second layer bias b2", "0"),
                both(second("weight", 1.0), second("bias", 0.0)),
            ),
        ],
    }, net_of


def test_walk_every_step_doing_each_task_with_the_controls(page, server):
    plan, net_of = _steps()
    assert list(plan) == [s.figure for s in STEPS]
    assert {(f, t.id) for s in STEPS for f, t in [(s.figure, t) for t in s.tasks]} == {
        (f, task) for f, actions in plan.items() for task, *_ in actions
    }
    open_app(page, server)
    page.get_by_role("button", name=BACK).wait_for(state="hidden")
    page.get_by_role("button", name=START).click()
    for index, step in enumerate(STEPS):
        at_step(page, index)
        want = {t.id: "open" for t in step.tasks}
        marks(page, want)  # nothing is done as a step opens
        back = page.get_by_role("button", name=BACK)
        assert back.is_disabled() == (index == 0)
        for task, done, act, edit in plan[step.figure]:
            act(page)
            net = net_of(step.figure, edit)
            server_has(page, net)
            checked_on(page, net)  # the marks shown are this network's
            if done:
                want[task] = "holds"
            assert states(page) == want, (step.figure, task)  # a wrong attempt stays open
        progress = kept(page)
        assert progress["step"] == index + 1
        assert progress["done"].get(step.figure) == [t.id for t in step.tasks]
        if index < len(STEPS) - 1:
            page.get_by_role("button", name=NEXT).click()
    assert page.get_by_role("button", name=NEXT).is_disabled()  # the last step
    page.get_by_text(text("walk.ui.last")).wait_for()
    assert sum(len(v) for v in kept(page)["done"].values()) == sum(len(s.tasks) for s in STEPS)
    assert not page.errors, page.errors


def test_back_next_the_browser_history_and_a_link_to_a_step(page, server):
    open_app(page, server, "?walk=4")  # a teacher's link: step 4, figure nn9
    at_step(page, 3)
    page.get_by_role("button", name=BACK).click()
    at_step(page, 2)
    page.get_by_role("button", name=NEXT).click()
    at_step(page, 3)
    page.get_by_role("button", name=NEXT).click()
    at_step(page, 4)
    page.go_back()  # the browser's own Back: one entry a step
    at_step(page, 3)
    page.go_back()
    at_step(page, 2)
    page.go_forward()
    at_step(page, 3)
    # An edit replaces the step's entry (no entry per tick): Back still goes a step back.
    press(page, "Neuron 1 weight w", "ArrowRight", 3)
    edited = figure("nn9")
    edited.neurons[0].weight = 2.3
    server_has(page, edited)
    page.get_by_role("button", name=LEAVE).click()
    page.get_by_role("button", name=START).wait_for()
    poll(page, lambda: page.evaluate("location.search"), lambda q: "walk=" not in q)
    server_has(page, edited)  # leaving keeps the network as it is
    assert page.locator(".nn-walk-heading").is_hidden()
    page.go_back()  # back into the walk, at the step left
    at_step(page, 3)
    assert not page.errors, page.errors


def test_a_bad_step_in_a_link_is_named_and_the_page_works(page, server):
    for bad, shown in (("99", "'99'"), ("<b>2</b>", "'<b>2</b>'"), ("1e3", "'1e3'")):
        open_app(page, server, "?figure=nn8&walk=" + bad.replace("<", "%3C").replace(">", "%3E"))
        wait_until_plotted(page, figure("nn8"))
        notice = f"walk must be a step of the walk from 1 to 12, not {shown}; ignored"
        page.get_by_text(notice).wait_for()
        assert page.locator(".nn-walk-heading").is_hidden()
        page.get_by_role("button", name=START).wait_for()
    # A link to a step naming another figure opens the step as the article draws it.
    open_app(page, server, "?walk=2&figure=nn11&n=9_9")
    at_step(page, 1)
    page.get_by_text("walk: step 2 is figure nn7, not 'nn11'").wait_for()
    assert not page.errors, page.errors


def test_the_progress_is_kept_in_this_browser_across_a_reload(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = goto(context.new_page(), server + "/")
        page.get_by_role("button", name=START).click()
        at_step(page, 0)
        type_in(page, "Neuron 1 weight w", "2")
        marks(page, {"double": "holds", "mirror": "open"})
        page.get_by_role("button", name=NEXT).click()
        at_step(page, 1)
        poll(page, lambda: kept(page), lambda k: k == {"step": 2, "done": {"nn6": ["double"]}})

        page = goto(page, server + "/")  # a reload, without walk= in the link
        resume = page.get_by_role("button", name=text("walk.ui.continue", step=2))
        resume.click()
        at_step(page, 1)
        page.get_by_role("button", name=BACK).click()
        at_step(page, 0)
        # The figure opens afresh: a task done before is marked so, not as done now.
        marks(page, {"double": "done", "mirror": "open"})
        page.get_by_text(f"({text('walk.ui.done_before')})").wait_for()
        assert not page.errors, page.errors
    finally:
        context.close()
    other = browser.new_context(viewport={"width": 1280, "height": 800})
    try:  # another browser (another learner) keeps its own: nothing to continue
        page = goto(other.new_page(), server + "/")
        page.get_by_role("button", name=START).wait_for()
        assert kept(page) == {} or kept(page).get("step") is None
        assert page.get_by_role("button", name=text("walk.ui.continue", step=2)).count() == 0
    finally:
        other.close()


def severe(results) -> list[str]:
    """axe-core's critical and serious findings, one line each."""
    return [
        f"{v['impact']} {v['id']}: {v['help']} ({len(v['nodes'])}×, e.g. {v['nodes'][0]['html']})"
        for v in results.response["violations"]
        if v["impact"] in ("critical", "serious")
    ]


# Every element in the walk's box that shows text, however deep in shadow roots, and whether
# its text fits: scrollWidth ≤ clientWidth. The box's buttons are found by their labels.
FITS_JS = r"""
(labels) => {
  const all = [];
  const walk = (root) => {
    for (const el of root.querySelectorAll("*")) {
      all.push(el);
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(document);
  const ours = all.filter(el =>
    el.matches(".nn-walk-heading, .nn-walk-task, .nn-walk-task span, .nn-walk-text") ||
    (el.tagName === "BUTTON" && labels.includes(el.textContent.trim())));
  return ours.filter(el => el.getClientRects().length).map(el => ({
    text: el.textContent.trim().slice(0, 40), scroll: el.scrollWidth, client: el.clientWidth,
    right: el.getBoundingClientRect().right,
  }));
}
"""


def test_the_walk_fits_a_laptop_and_a_phone(browser, server, tmp_path):
    labels = [BACK, NEXT, LEAVE]
    for name, options in (("laptop", {"viewport": {"width": 1280, "height": 800}}),
                          ("phone", PHONE)):  # fmt: skip
        context = browser.new_context(**options)
        try:
            for index in (0, 6, 10):  # two tasks; the longest words; one short
                page = goto(context.new_page(), f"{server}/?walk={index + 1}")
                at_step(page, index)
                page.locator(".nn-walk-heading").scroll_into_view_if_needed()
                page.screenshot(path=str(tmp_path / f"walk-{name}-{index + 1}.png"))
                texts = page.evaluate(FITS_JS, labels)
                assert len(texts) >= 2 + len(STEPS[index].tasks) + len(labels), texts
                width = page.evaluate("() => innerWidth")
                for t in texts:
                    assert t["scroll"] <= t["client"], (name, t)
                    assert t["right"] <= width, (name, t)
                assert page.evaluate("() => document.documentElement.scrollWidth") <= width
                if index == 0:  # the walk's box, buttons and marks to a screen reader
                    page.get_by_role("slider", name="Neuron 3 bias b").wait_for(state="attached")
                    assert severe(Axe().run(page)) == []
                assert not page.errors, page.errors
                page.close()
        finally:
            context.close()


def test_the_exported_file_shows_the_walks_words_for_its_figure(browser, exported):
    step = STEPS[3]  # nn9
    context, page, blocked, _requested, problems = open_offline(browser, exported(step.figure))
    try:
        assert not blocked and not problems, (blocked, problems)
        section = page.locator(".nn-walk-file")
        heading = text("walk.ui.file_heading", step=4, count=len(STEPS))
        assert section.locator("div").first.inner_text() == heading
        assert section.locator("p").inner_text() == text(step.text_key)
        items = section.locator("li").all_inner_texts()
        assert items == [text(step.task_key(task)) for task in step.tasks]  # a list, no ✓
        assert section.is_visible()
    finally:
        context.close()
