"""The plots, formula, diagram, caption and walk of a served page in Japanese (``?lang=ja``), and
in English after the learner switches the language in the page: read from the Bokeh models the
page draws (titles, axis labels, legend entries, the hover tool's description) and from what
is on screen, with no reload and the network and its Undo kept.
"""

from __future__ import annotations

import re

from harness.app import open_app
from harness.browser import poll, wait_until_plotted
from model.article import figure
from model.lang import CATALOGUES, text

#: What the page shows of the plots and the text beside them, read off its Bokeh models.
READ_JS = """
() => {
  const doc = Bokeh.documents[0]
  const fig = (name) => doc.get_model_by_name(name)
  const label = (item) => item.label && typeof item.label === "object" ? item.label.value
    : item.label
  // Every entry of the network's curves (shown or not: nn11 hides its neurons' entries).
  const ours = ["sum", "neurons", "deep", "slope_sum", "slope_neurons", "slope_deep"]
  const legend = (f) => f.right.filter((r) => r.items != null).flatMap((l) => l.items
    .filter((i) => ours.includes(i.renderers[0].name)).map(label))
  const plot = (name) => {
    const f = fig(name)
    return {title: f.title.text, y: f.left.map((a) => a.axis_label), legend: legend(f),
            hover: f.toolbar.tools.map((t) => t.description).filter((d) => d)}
  }
  const aria = (name) => {
    const el = nnshape.element_of(fig(name))
    return el == null ? null : el.getAttribute("aria-label")
  }
  return {hidden: plot("hidden"), second: plot("second"), slope: plot("slope"),
          described: [aria("hidden"), aria("second")], marker: window.__nn_marker || null}
}
"""


#: The keys of the plots' text alternatives (hidden, second).
DESCRIBED = ("plot.describe.hidden", "plot.describe.second_plot")


def words(lang: str, key: str, **args) -> str:
    return text(key, lang, **args)


def expected(lang: str) -> dict:
    """The nn11 page's plots in ``lang`` (three neurons, the sum, the second layer on)."""
    neurons = [words(lang, "plot.legend.neuron", n=i) for i in range(1, 11)]
    hover = [words(lang, "plot.hover")]
    return {
        "hidden": {
            "title": words(lang, "plot.hidden.sum"),  # nn11 shows the sum alone
            "y": [words(lang, "plot.axis.output")],
            "legend": [words(lang, "plot.legend.sum"), *neurons],
            "hover": hover,
        },
        "second": {
            "title": words(lang, "plot.second.on"),
            "y": [words(lang, "plot.axis.output")],
            "legend": [words(lang, "plot.legend.sum"), words(lang, "plot.legend.second")],
            "hover": hover,
        },
    }


def prefix(lang: str, key: str) -> str:
    """The words of ``key`` before its first field."""
    return CATALOGUES[lang][key].split("{")[0]


def check_page(page, lang: str, edited: bool = False) -> dict:
    """The page's plots, formula, diagram, caption and walk are in ``lang``; the caption says
    the network was ``edited`` from nn11, or is nn11's."""
    want = expected(lang)
    seen = poll(
        page,
        lambda: page.evaluate(READ_JS),
        lambda got: {k: got[k] for k in ("hidden", "second")} == want
        and all(said and said.startswith(prefix(lang, key))
                for said, key in zip(got["described"], DESCRIBED, strict=True)),
        timeout=15,
        what=f"the plots' words in {lang}",
    )  # fmt: skip
    # The text alternatives name the curves in the same words.
    hidden_said, second_said = seen["described"]
    assert words(lang, "plot.describe.sum", n=3, span="") in hidden_said
    assert prefix(lang, "plot.describe.second") in second_said
    assert f"(1·{words(lang, 'plot.describe.sum_var')} − " in second_said  # w2·sum − b2
    # The formula's heading, the diagram's name, the caption and the walk beside the plots.
    page.get_by_text(words(lang, "ui.formula.heading"), exact=True).first.wait_for()
    count = words(lang, "ui.diagram.count", n=3) + " + 1"
    diagram = page.locator("svg.nn-diagram").first
    diagram.wait_for()
    poll(
        page,
        lambda: diagram.get_attribute("aria-label"),
        lambda said: said == words(lang, "ui.diagram.aria", label=count),
        what="the diagram's name",
    )
    title = words(lang, "figure.nn11.title")
    if edited:
        origin = words(lang, "ui.caption.figure", id="nn11", title=title)
        title = words(lang, "ui.caption.edited", origin=origin)
    page.locator("h3").filter(has_text=re.compile(f"^{re.escape(title)}$")).first.wait_for()
    page.get_by_role("button", name=words(lang, "walk.ui.start")).wait_for()
    return seen


def test_the_plots_speak_japanese_and_english_after_a_switch(page, server):
    open_app(page, server, "?figure=nn11&lang=ja")
    net = figure("nn11")
    wait_until_plotted(page, net)
    check_page(page, "ja")
    page.screenshot(path="/tmp/nnshape-lang-plots-ja.png", full_page=False)

    # An edit, to be kept across the switch (and its Undo with it).
    page.evaluate("window.__nn_marker = 'same page'")
    name = words("ja", "ui.number.aria", subject=words("ja", "ui.card.neuron", n=1),
                 label=words("ja", "ui.card.weight"))  # fmt: skip
    box = page.get_by_role("textbox", name=words("ja", "ui.number.aria_box", name=name))
    box.fill("3")
    box.press("Enter")
    net.neurons[0].weight = 3.0
    wait_until_plotted(page, net)

    # The language switch: the first menu of the controls.
    menu = page.locator("select").first
    menu.select_option(label="English")
    seen = check_page(page, "en", edited=True)
    assert seen["marker"] == "same page"  # relabelled in place, no reload
    wait_until_plotted(page, net)  # the edit kept
    page.get_by_role("button", name=text("ui.edit.undo", "en")).first.wait_for()
    assert page.get_by_role("button", name=text("ui.edit.undo", "en")).first.is_enabled()

    # And back: the same page, in Japanese again.
    menu.select_option(label="日本語")
    check_page(page, "ja", edited=True)
    assert page.evaluate("window.__nn_marker") == "same page"


SLOPE_DEPTH_JS = """
() => {
  const doc = Bokeh.documents[0]
  const label = (item) => item.label && typeof item.label === "object" ? item.label.value
    : item.label
  const slope = doc.get_model_by_name("slope")
  const legends = (f) => f.right.filter((r) => r.items != null)
    .flatMap((l) => l.items.filter((i) => i.visible).map(label))
  const range = [...doc.all_models].find((m) => m.name === "depth_range")
  const chart = range == null ? null
    : [...doc.all_models].find((m) => m.renderers != null && m.renderers.includes(range))
  return {
    slope: {title: slope.title.text, legend: legends(slope)},
    chart: chart == null ? null : {title: chart.title.text, legend: legends(chart),
                                   x: chart.below.map((a) => a.axis_label)},
  }
}
"""


def hover_rows(page) -> list[str]:
    """The rows of the tooltip the learner sees with the pointer over the top plot."""
    box = page.evaluate(
        """() => {
          const el = nnshape.element_of(Bokeh.documents[0].get_model_by_name("hidden"))
          el.scrollIntoView({block: "center"})
          const r = el.getBoundingClientRect()
          return {x: r.x, y: r.y, width: r.width, height: r.height}
        }"""
    )
    # The first move brings the tooltip's line up to date (curves.js); the next shows it.
    for at in (0.45, 0.46):
        page.mouse.move(box["x"] + box["width"] * at, box["y"] + box["height"] * 0.5)
    shown = page.locator(".bk-tooltip-content:visible")
    texts = poll(page, shown.all_inner_texts, lambda texts: len(texts) == 1, what="the tooltip")
    return texts[0].splitlines()


def test_the_slope_tooltip_and_depth_explorer_follow_the_language(page, server):
    open_app(page, server, "?figure=nn9&lang=ja&slope=on")
    wait_until_plotted(page, figure("nn9"))

    def check(lang: str) -> None:
        act = words(lang, "activation.sigmoid.label")
        want = {
            "slope": {
                "title": words(lang, "plot.slope.both"),
                "legend": [
                    words(lang, "plot.legend.sum"),
                    *(words(lang, "plot.legend.neuron", n=i) for i in (1, 2, 3)),
                ],
            },
            "chart": {
                "title": words(lang, "plot.depth.range_title"),
                "legend": [words(lang, f"activation.{n}.label")
                           for n in ("sigmoid", "relu", "mish", "tanh", "elu")],
                "x": [words(lang, "plot.depth.stacked_axis")],
            },
        }  # fmt: skip
        poll(page, lambda: page.evaluate(SLOPE_DEPTH_JS), lambda got: got == want,
             timeout=15, what=f"the slope plot and the depth charts in {lang}")  # fmt: skip
        first = words(lang, "plot.depth.layers", k=5, name=act)
        page.get_by_text(first, exact=False).first.wait_for()
        rows = hover_rows(page)
        assert rows[0].startswith("x: ")
        names = [row.rsplit(": ", 1)[0] for row in rows[1:]]
        assert names == [*(words(lang, "plot.legend.neuron", n=i) for i in (1, 2, 3)),
                         words(lang, "plot.legend.sum")]  # fmt: skip
        page.mouse.move(0, 0)

    page.get_by_text(words("ja", "ui.depth.open")).click()
    check("ja")
    page.screenshot(path="/tmp/nnshape-lang-depth-ja.png", full_page=True)
    page.locator("select").first.select_option(label="English")
    check("en")
    page.get_by_role("slider", name=words("en", "ui.depth.depth")).wait_for()
