"""The JavaScript formula and diagram equal the Python ones, character for character, in Chromium.

The JS runs on a blank page with nothing but its own source, so it cannot lean on anything a
served page happens to load. Numbers are where the two languages part (JS rounds ties up, Python
to even; they differ on when to use an exponent), so Python's formatting is checked first on its
own, on values chosen to break it and on random bit patterns.
"""

from __future__ import annotations

import html
import random
import struct

import pytest

from dashboard.diagram import diagram_svg
from dashboard.formula import formula_html, number
from dashboard.js import FORMS, browser_state, bundle
from model import ACTIVATIONS, MAX_NEURONS, WEIGHT_LIMIT, Network
from model.article import PRESETS

NASTY = [
    0.0, -0.0, 1e-5, -1e-5, 1e-4, 9.99995e-5, 123456.5, 123457.5, 1e6, -1e6, 999999.5,
    999999.4, 9999995.0, 0.1 + 0.2, 5e-324, -5e-324, 2.2250738585072014e-308,
    1.7976931348623157e308, 1e16, 1e15, 9.9999999999999e15, 0.5, 1.5, 2.5, 0.25, 0.125,
    0.375, 1.005, 2.675, 0.05, 0.15, 0.35, 1234.5, 100000.5, 1e21, 1e22, 123.456789,
    -2.0, 4.35, 0.30000000000000004, 70.0, 143.5, 144.88888888888889, 1 / 3, 2 / 3,
    float("inf"), float("-inf"),
]  # fmt: skip


def random_doubles(rng: random.Random, count: int) -> list[float]:
    """Finite doubles from random bit patterns: every exponent and mantissa is fair game."""
    values = []
    while len(values) < count:
        (x,) = struct.unpack("<d", rng.getrandbits(64).to_bytes(8, "little"))
        if x == x and abs(x) != float("inf"):
            values.append(x)
    return values


def py_repr(x: float) -> str:
    return repr(x) if x == x else "nan"


@pytest.fixture(scope="module")
def page(browser):
    page = browser.new_page()
    page.goto("about:blank")
    page.add_script_tag(content=bundle(*FORMS))
    yield page
    page.close()


def first_differences(name: str, inputs, want: list, have: list, most: int = 5) -> list[str]:
    assert len(want) == len(have)
    bad = [
        f"{name}({x!r}): Python {w!r}, JS {h!r}"
        for x, w, h in zip(inputs, want, have, strict=True)
        if w != h
    ]
    return bad[:most] + ([f"… {len(bad) - most} more"] if len(bad) > most else [])


# -- Python's number formatting ---------------------------------------------------------------

FORMAT_JS = """
values => {
  const p = nnshape.pyformat;
  return {
    g: values.map(x => p.g(x, 6)),
    f1: values.map(x => p.f(x, 1)),
    f0: values.map(x => p.f(x, 0)),
    repr: values.map(x => p.repr(x)),
    round2: values.map(x => p.repr(p.round(x, 2))),
    number: values.map(x => p.number(x)),
  };
}
"""


def test_numbers_are_written_as_python_writes_them(page):
    values = NASTY + [-x for x in NASTY] + random_doubles(random.Random(12), 3000)
    values += [random.Random(i).uniform(-1e6, 1e6) for i in range(500)]
    values += [round(random.Random(i).uniform(-500, 500), 1) + 0.05 for i in range(500)]
    have = page.evaluate(FORMAT_JS, values)
    want = {
        "g": [f"{x:.6g}" for x in values],
        "f1": [f"{x:.1f}" for x in values],
        "f0": [f"{x:.0f}" for x in values],
        "repr": [py_repr(x) for x in values],
        "round2": [py_repr(round(x, 2)) for x in values],
        "number": [number(x) for x in values],
    }
    problems = [p for key in want for p in first_differences(key, values, want[key], have[key])]
    assert not problems, "\n".join(problems)


def test_text_is_escaped_as_html_escape_does(page):
    texts = ["<b>&amp;\"'</b>", "σ(−2.0·x)", "&&<<>>\"\"''", "", "a'b\"c", "\u202e<script>"]
    have = page.evaluate("texts => texts.map(t => nnshape.pyformat.escape(t))", texts)
    assert have == [html.escape(t) for t in texts]


# -- the formula and the diagram --------------------------------------------------------------

RENDER_JS = """
states => states.map(s => [nnshape.formula_html(s), nnshape.diagram_svg(s)])
"""


def assert_same(page, networks: list[Network]) -> None:
    have = page.evaluate(RENDER_JS, [browser_state(net) for net in networks])
    for net, (formula, diagram) in zip(networks, have, strict=True):
        assert formula == formula_html(net), net
        assert diagram == diagram_svg(net), net


def test_every_figure_in_every_activation(page):
    networks = []
    for fig in PRESETS.values():
        for activation in ACTIVATIONS:
            for enabled in (False, True):
                net = fig.network()
                net.configure(activation=activation, second_enabled=enabled)
                networks.append(net)
    assert_same(page, networks)


def test_the_diagram_in_japanese_equals_pythons(page):
    """The page writes the diagram's words from its state's (the exported file's language)."""
    networks = [fig.network() for fig in PRESETS.values()]
    states = [browser_state(net, lang="ja") for net in networks]
    have = page.evaluate(RENDER_JS, states)
    for net, (_formula, diagram) in zip(networks, have, strict=True):
        assert diagram == diagram_svg(net, lang="ja"), net
        assert "ネットワークの図式" in diagram


def random_value(rng: random.Random) -> float:
    kind = rng.randrange(7)
    if kind == 0:
        return rng.choice([WEIGHT_LIMIT, -WEIGHT_LIMIT, 999999.5, -123456.5, 0.0, -0.0])
    if kind == 1:
        return rng.choice([5e-324, -1e-300, 1e-5, -2.5e-7, 0.1 + 0.2])
    if kind == 2:  # anywhere within the limits, every bit of the mantissa set at random
        x = random_doubles(rng, 1)[0]
        return x if abs(x) <= WEIGHT_LIMIT else rng.uniform(-WEIGHT_LIMIT, WEIGHT_LIMIT)
    if kind == 3:
        return rng.uniform(-WEIGHT_LIMIT, WEIGHT_LIMIT)
    return round(rng.uniform(-10, 10), 1)  # what a slider holds


def random_network(rng: random.Random) -> Network:
    count = rng.choice([1, 2, 3, 7, 8, 9, rng.randint(1, MAX_NEURONS), MAX_NEURONS])
    net = Network()
    net.configure(
        activation=rng.choice(list(ACTIVATIONS)),
        neurons=[
            (random_value(rng), random_value(rng), f"#{rng.getrandbits(24):06X}")
            for _ in range(count)
        ],
        second=(random_value(rng), random_value(rng)),
        second_enabled=rng.random() < 0.5,
        output_weights=rng.random() < 0.4,
        output=([random_value(rng) for _ in range(count)], random_value(rng)),
    )
    return net


def test_hundreds_of_random_networks(page):
    rng = random.Random(2024)
    networks = [random_network(rng) for _ in range(400)]
    for start in range(0, len(networks), 100):
        assert_same(page, networks[start : start + 100])


# -- embedded in a Bokeh CustomJS --------------------------------------------------------------


def test_a_customjs_draws_the_formula_and_diagram_as_a_slider_moves(browser, tmp_path):
    """The bundle runs as a CustomJS body in a saved, offline Bokeh file, as a page will use it."""
    from bokeh.embed import file_html
    from bokeh.layouts import column
    from bokeh.models import CustomJS, Div, Slider
    from bokeh.resources import INLINE

    from model.article import figure

    net = figure("nn10")
    state = browser_state(net)
    formula, diagram = Div(name="formula"), Div(name="diagram")
    slider = Slider(name="w3", start=-10, end=10, step=0.1, value=state["neurons"][2]["weight"])
    slider.js_on_change(
        "value",
        CustomJS(
            args={"formula": formula, "diagram": diagram, "state": state},
            code=bundle("formula", "diagram")
            + """
            const s = structuredClone(state);
            s.neurons[2].weight = cb_obj.value;
            formula.text = nnshape.formula_html(s);
            diagram.text = nnshape.diagram_svg(s);
            """,
        ),
    )
    path = tmp_path / "forms.html"
    path.write_text(file_html(column(slider, formula, diagram), INLINE), encoding="utf-8")
    page = browser.new_page()
    try:
        page.route("http*://**", lambda route: route.abort())  # offline: nothing may load
        page.goto(path.as_uri())
        page.wait_for_function("() => window.Bokeh && Bokeh.documents.length > 0")
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.evaluate('() => { Bokeh.documents[0].get_model_by_name("w3").value = 3.7; }')
        # Bokeh runs a CustomJS asynchronously (its code is compiled on first use).
        texts = page.wait_for_function(
            """() => {
              const doc = Bokeh.documents[0];
              const texts = ["formula", "diagram"].map(name => doc.get_model_by_name(name).text);
              return texts.every(Boolean) && texts;
            }""",
            timeout=10_000,
        ).json_value()
        assert not errors
    finally:
        page.close()
    net.neurons[2].weight = 3.7
    assert texts == [formula_html(net), diagram_svg(net)]
