"""State in and out: the JSON document (strict) and the URL-query codec (lenient).

Over 300 lines on purpose: the two codecs share one table of fields, and their round trips are
tested against each other here."""

import json
import math
from urllib.parse import parse_qs, urlencode

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import model.document as document
import model.state as state
from model import (
    ACTIVATIONS,
    NEURON_COLORS,
    Network,
    StateError,
    from_query,
    load_json,
    to_json,
    to_query,
)
from model.article import FIGURES, figure
from model.state import (
    FALLBACK_NOTICE,
    FREE,
    MAX_DOCUMENT_BYTES,
    QUERY_KEYS,
    SCHEMA,
    VERSION,
    VIEW_KEYS,
    canonical_color,
    default_view,
    nesting_depth,
)

FIGURE_IDS = list(FIGURES)


def spec(net: Network, canonical: bool = False):
    """Everything that defines a network, numbers as repr: equal means equal to the last digit."""

    def colour(c):
        return canonical_color(c) if canonical else c

    return (
        net.activation,
        [(repr(float(n.weight)), repr(float(n.bias)), colour(n.color)) for n in net.neurons],
        (net.second.enabled, repr(float(net.second.weight)), repr(float(net.second.bias))),
        tuple(repr(float(v)) for v in net.grid),
    )


def doc_of(figure_id: str = "nn9") -> dict:
    net = figure(figure_id)
    return json.loads(to_json(net, default_view(figure_id, len(net.neurons))))


def refused(doc_or_text, match: str):
    text = doc_or_text if isinstance(doc_or_text, (str, bytes)) else json.dumps(doc_or_text)
    with pytest.raises(StateError, match=match) as info:
        load_json(text)
    return str(info.value)


def assert_valid(net: Network):
    assert 1 <= len(net.neurons) <= 64
    c = net.curves()
    for y in [*c["neurons"], c["sum"], *([c["deep"]] if c["deep"] is not None else [])]:
        assert np.all(np.isfinite(y))


def assert_view_shape(view, n: int):
    view = view.to_dict()
    assert tuple(view) == VIEW_KEYS
    assert view["figure"] == FREE or view["figure"] in FIGURES
    assert view["ylim"] is None or (len(view["ylim"]) == 2 and view["ylim"][0] < view["ylim"][1])
    assert all(isinstance(view[k], bool) for k in ("y_auto", "show_sum", "show_deep"))
    assert view["hidden"] == sorted(set(view["hidden"]))
    assert all(0 <= i < n for i in view["hidden"])


# -- round trips: the article's figures ------------------------------------------------------

OTHER_VIEW = {"ylim": [-0.25, 7.5], "y_auto": True, "hidden": [0], "show_sum": False}


@pytest.mark.parametrize("figure_id", FIGURE_IDS)
@pytest.mark.parametrize("view_kind", ["default", "changed"])
def test_figures_round_trip_through_json_and_url(figure_id, view_kind):
    net = figure(figure_id)
    view = default_view(figure_id, len(net.neurons))
    if view_kind == "changed":
        view.update(OTHER_VIEW)
    text = to_json(net, view)
    loaded = load_json(text)
    assert loaded.network is not net
    assert spec(loaded.network) == spec(net)
    assert loaded.view == view
    assert loaded.notices == [] and loaded.source_version == VERSION
    assert to_json(loaded.network, loaded.view) == text

    query = to_query(net, view)
    assert query["figure"] == figure_id
    back = from_query(query)
    assert back.notices == []
    assert spec(back.network) == spec(net)
    assert back.view == view
    assert to_query(back.network, back.view) == query
    for key, value in back.network.curves().items():
        if value is not None:
            np.testing.assert_array_equal(np.asarray(value), np.asarray(net.curves()[key]))


def test_a_figure_link_alone_gives_the_figure_and_its_view():
    for figure_id in FIGURE_IDS:
        got = from_query({"figure": [figure_id]})
        assert got.notices == []
        assert spec(got.network) == spec(figure(figure_id))
        fig = FIGURES[figure_id]
        assert got.view.ylim == fig.ylim
        assert got.view.show_sum == ("sum" in fig.shows)
        assert got.view.show_deep == ("deep" in fig.shows)
        assert (got.view.hidden == []) == ("neurons" in fig.shows)


def test_default_views():
    assert default_view(FREE) == {
        "figure": FREE,
        "ylim": None,
        "y_auto": True,
        "hidden": [],
        "show_sum": True,
        "show_deep": True,
    }
    assert default_view("nn16")["ylim"] is None and default_view("nn16")["y_auto"] is True
    assert default_view("nn13", 5)["hidden"] == [0, 1, 2, 3, 4]
    with pytest.raises(ValueError, match=r"figure must be one of free, nn6, .*, not 'nn14'"):
        default_view("nn14")


def test_the_nn11_examples():
    net = figure("nn11")
    query = to_query(net, default_view("nn11", 3))
    assert query == {
        "figure": "nn11",
        "act": "sigmoid",
        "n": "2_-2~0.5_1~-2_-4",
        "l2": "on_1_0",
        "grid": "-5_5_0.1",
    }
    doc = json.loads(to_json(net, {"figure": "nn11"}))
    assert doc["schema"] == SCHEMA and doc["version"] == VERSION
    assert doc["network"]["neurons"][2] == {"weight": -2.0, "bias": -4.0, "color": "#ffa500"}
    assert doc["network"]["second"] == {"enabled": True, "weight": 1.0, "bias": 0.0}
    assert doc["network"]["grid"] == {"start": -5.0, "stop": 5.0, "step": 0.1}
    assert doc["view"] == {
        "figure": "nn11",
        "ylim": [0.5, 2.5],
        "y_auto": False,
        "hidden": [0, 1, 2],
        "show_sum": True,
        "show_deep": True,
    }


def test_colours_are_written_only_where_they_differ_from_the_palette():
    query = to_query(figure("nn6"), {"figure": "nn6"})
    assert query["n"] == "1_0~0.5_0~2_0_008000"  # the third neuron is green, not orange
    net = Network()
    net.configure(neurons=[(1, 0, "#FF0000"), (1, 0, "#008080"), (1, 0, "#0000FF")])
    assert to_query(net)["n"] == "1_0~1_0_008080~1_0_0000ff"
    assert from_query(to_query(net)).network.neurons[1].color == "#008080"


def test_network_methods_delegate_and_never_share_state():
    net = figure("nn15")
    text = net.to_json({"figure": "nn15"})
    assert text == to_json(net, {"figure": "nn15"})
    other = Network.from_json(text)
    assert isinstance(other, Network) and other is not net
    other.neurons[0].weight = 9.0
    other.second.enabled = False
    assert net.neurons[0].weight == 1.0 and net.second.enabled
    assert Network.from_json(net.to_json()).neurons[0] is not net.neurons[0]


def test_without_a_view_the_free_view_is_written_and_read():
    net = figure("nn9")
    doc = json.loads(net.to_json())
    assert doc["view"] == default_view(FREE)
    del doc["view"]
    assert load_json(json.dumps(doc)).view == default_view(FREE)
    partial = {"figure": "nn9", "show_sum": False}
    assert load_json(net.to_json(partial)).view == {**default_view("nn9", 3), "show_sum": False}


# -- round trips: random networks ------------------------------------------------------------

numbers = st.one_of(
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.sampled_from(
        [0.0, -0.0, 5e-324, -5e-324, 2.2250738585072014e-308, 1e-300, 0.1, 1 / 3, 1e-7, 2.5e-5]
    ),
    st.sampled_from([1e6, -1e6, 999999.9999999999, -123456.78901234567, 0.30000000000000004]),
)
colours = st.one_of(
    st.sampled_from(NEURON_COLORS),
    st.from_regex(r"#[0-9a-fA-F]{6}", fullmatch=True),
)


@st.composite
def grids(draw):
    if draw(st.booleans()):
        return draw(st.sampled_from([(-5.0, 5.0, 0.1), (-5.0, 10.0, 0.1), (-1e6, 1e6, 1e3)]))
    start = draw(st.floats(min_value=-1e6, max_value=1e6 - 1))
    stop = draw(st.floats(min_value=start, max_value=1e6, exclude_min=True))
    points = draw(st.integers(min_value=2, max_value=15_000))
    step = (stop - start) / points * draw(st.floats(min_value=0.75, max_value=1.0))
    try:
        Network.param.grid.check((start, stop, step), "grid")
    except ValueError:
        assume(False)
    return (start, stop, step)


@st.composite
def networks_and_views(draw):
    n = draw(st.integers(min_value=1, max_value=64))
    neurons = [
        (draw(numbers), draw(numbers), draw(colours)) if draw(st.booleans()) else (1.0, 0.0)
        for _ in range(n)
    ]
    net = Network()
    net.configure(
        activation=draw(st.sampled_from(["sigmoid", "relu", "mish", "tanh"])),
        neurons=neurons,
        second=(draw(numbers), draw(numbers)),
        second_enabled=draw(st.booleans()),
        grid=draw(grids()),
    )
    ys = st.floats(min_value=-1e15, max_value=1e15)
    ylim = draw(st.none() | st.tuples(ys, ys).filter(lambda p: p[0] < p[1]).map(list))
    view = {
        "figure": draw(st.sampled_from([FREE, *FIGURE_IDS])),
        "ylim": ylim,
        "y_auto": draw(st.booleans()),
        "hidden": sorted(draw(st.sets(st.integers(min_value=0, max_value=n - 1)))),
        "show_sum": draw(st.booleans()),
        "show_deep": draw(st.booleans()),
    }
    return net, view


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks_and_views())
def test_random_states_round_trip_exactly(net_view):
    net, view = net_view
    want = spec(net, canonical=True)

    text = to_json(net, view)
    loaded = load_json(text)
    assert spec(loaded.network) == want
    assert loaded.view == view
    assert to_json(loaded.network, loaded.view) == text

    query = to_query(net, view)
    assert "%" not in urlencode(query) and "+" not in urlencode(query)
    # As tornado and Panel hand them over: lists of bytes.
    back = from_query({k: [v.encode()] for k, v in query.items()})
    assert back.notices == []
    assert spec(back.network) == want
    assert back.view == view
    assert to_query(back.network, back.view) == query
    # And through a real query string.
    parsed = from_query(parse_qs(urlencode(query)))
    assert spec(parsed.network) == want and parsed.notices == []


# -- the URL codec is lenient: explicit cases ------------------------------------------------


def notices_for(args) -> tuple:
    got = from_query(args)
    assert_valid(got.network)
    assert_view_shape(got.view, len(got.network.neurons))
    assert FALLBACK_NOTICE not in got.notices
    return got, " | ".join(got.notices)


def test_bad_numbers_are_ignored_or_clamped_with_notices():
    got, text = notices_for({"n": ["abc_nan~1e7_-inf~-2e6_1e999~inf_-Infinity~0x10_1"]})
    # Neurons with no usable number are dropped; a bad part of another is the figure's (free
    # play: 1, 0) or, past the figure's neurons, the default (1, 0).
    assert [n.weight for n in got.network.neurons] == [1e6, -1e6, 1.0]
    assert [n.bias for n in got.network.neurons] == [0.0, 1e6, 1.0]
    assert "n: neuron 1 weight must be a finite number, not 'abc'; ignored" in text
    assert "n: neuron 1 bias must be a finite number, not 'nan'; ignored" in text
    assert "neuron 2 bias must be a finite number, not '-inf'; ignored" in text
    between = "must lie between -1000000 and 1000000"
    assert f"n: neuron 2 weight {between}, not '1e7'; clamped to 1000000" in text
    assert f"n: neuron 3 weight {between}, not '-2e6'; clamped to -1000000" in text
    assert f"n: neuron 3 bias {between}, not '1e999'; clamped to 1000000" in text
    assert "neuron 5 weight must be a finite number, not '0x10'; ignored" in text


def test_second_layer_grid_and_view_values():
    got, text = notices_for({"figure": "nn15", "l2": "maybe_-5e6_x", "grid": "5_-5_0.1"})
    assert got.network.second.enabled  # nn15's, as "maybe" was ignored
    assert (got.network.second.weight, got.network.second.bias) == (-1e6, -10.0)
    assert got.network.grid == figure("nn15").grid
    assert "l2 must be true or false, not 'maybe'; ignored" in text
    assert "grid stop must be greater than start, not (5, -5, 0.1); ignored" in text
    for bad_grid in ["0_1_1e-9", "-1e7_0_1", "1_2", "a_b_c", "0_1_0", "-1e6_1e6_5e-324", "0_1_1_1"]:
        got, text = notices_for({"grid": bad_grid})
        assert got.network.grid == (-5.0, 5.0, 0.1) and "grid" in text
    got, text = notices_for({"figure": "nn9", "ylim": "3_1", "hide": "0_9_x_2_2", "sum": "nah"})
    assert got.view.ylim == (-0.5, 3.0) and got.view.hidden == [0, 2]
    assert got.view.show_sum is True
    assert "ylim low must be less than high, not [3, 1]; ignored" in text
    assert "hide must be a neuron index from 0 to 2, not '9', 'x'; ignored" in text
    assert "sum must be true or false, not 'nah'; ignored" in text
    got, text = notices_for({"ylim": "-1e20_nan"})
    assert got.view.ylim is None and "clamped" in text and "'nan'" in text


def test_ten_thousand_neurons_keep_the_first_64():
    got, text = notices_for({"n": ["~".join(f"{i}_0" for i in range(10_000))]})
    assert [n.weight for n in got.network.neurons] == [float(i) for i in range(64)]
    assert "10,000 neurons given; kept the first 64" in text


def test_unknown_activation_and_figure_fall_back_with_notices():
    got, text = notices_for({"figure": ["nn14"], "act": ["swish"]})
    assert spec(got.network) == spec(Network()) and got.view == default_view(FREE)
    assert "figure must be one of free, nn6, nn7, nn8, nn9, nn10, nn11" in text
    assert "not 'nn14'; started from free play" in text
    known = ", ".join(ACTIVATIONS)  # the registry's names, in its order
    assert f"act must be one of {known}, not 'swish'; used sigmoid" in text
    got, text = notices_for({"figure": ["nn12"], "act": ["SIGMOID"]})
    assert got.network.activation == "relu" and got.view.figure == "nn12"


def test_missing_parameters_come_from_the_figure():
    got, text = notices_for({"figure": "nn11", "act": "relu"})
    want = figure("nn11")
    want.activation = "relu"
    assert spec(got.network) == spec(want) and text == ""
    got, _ = notices_for({"figure": "nn18", "n": "1_2"})
    assert got.network.grid == (-5.0, 10.0, 0.1) and got.network.second.enabled
    assert got.view.hidden == [0]  # nn18 draws no neurons: the one given is hidden too
    got, _ = notices_for({"n": "3~0.5_1"})  # trailing fields may be left out
    assert [(n.weight, n.bias) for n in got.network.neurons] == [(3.0, 0.0), (0.5, 1.0)]
    # A neuron's missing or unusable part is the figure's; a link with no usable neuron keeps
    # the figure's neurons.
    got, text = notices_for({"figure": "nn11", "n": "3~x_5"})
    assert [(n.weight, n.bias) for n in got.network.neurons] == [(3.0, -2.0), (0.5, 5.0)]
    got, text = notices_for({"figure": "nn11", "n": "abc"})
    assert spec(got.network) == spec(figure("nn11"))
    assert "n: neuron 1 weight must be a finite number, not 'abc'; ignored" in text
    assert "n: no usable neurons; kept the figure's" in text


def test_duplicated_oversized_and_unknown_parameters():
    got, text = notices_for({"figure": ["nn6", "nn9"], "act": ["tanh"] * 3})
    assert got.view.figure == "nn9" and got.network.activation == "tanh"
    assert "figure is given 2 times; used the last" in text
    got, text = notices_for({"act": "relu" + "x" * 5000, "n": "1_0~" * 300_000})
    assert got.network.activation == "sigmoid" and len(got.network.neurons) == 1
    assert "5,004 characters is too long" in text and "1,200,000 characters" in text
    got, text = notices_for({"n": "1" * 300 + "_0~2_0"})
    assert [n.weight for n in got.network.neurons] == [2.0]
    assert "neuron 1 is 302 characters long; ignored" in text
    got, text = notices_for({"act": [b"x" * 10**6]})
    assert "far too long" in text
    got, text = notices_for({f"k{i}": "v" for i in range(10_000)} | {"figure": "nn8"})
    assert got.view.figure == "nn8"
    assert "ignored unknown parameter(s): 'k0', 'k1', 'k2', 'k3', 'k4' and 9,995 more" in text


def test_hostile_shapes_of_input_never_raise():
    for args in [None, 42, "figure=nn9", [("figure", "nn9")], {1: [2]}, {"n": 5}, {"n": [None]}]:
        notices_for(args)
    for args in [{"n": [b"\xff\xfe1_0"]}, {b"figure": [b"nn13"]}, {"hide": ["_" * 4000]}]:
        notices_for(args)
    assert notices_for({b"figure": [b"nn13"]})[0].view.figure == "nn13"


def test_notices_are_short_safe_text():
    junk = "<script>alert(1)</script>\n\x00\u202e" + "A" * 1000
    got, _ = notices_for({"figure": junk, "act": junk, "n": f"{junk}_{junk}", junk: "1"})
    assert got.notices
    for notice in got.notices:
        assert isinstance(notice, str) and len(notice) < 200
        assert notice.isprintable()  # no newline, NUL or bidi override got through
        assert "A" * 41 not in notice
    many = from_query({"n": "~".join(["x_y_z"] * 64)})
    assert len(many.notices) == state.MAX_NOTICES + 1 and "more problem" in many.notices[-1]
    assert all(n.id for n in many.notices)  # each has a message id, for other languages


def test_numbers_keep_every_digit():
    got, text = notices_for({"n": "0.1_1e-7~-0_5e-324~123456.78901234567_-999999.9999999999"})
    assert text == ""
    assert [repr(n.weight) for n in got.network.neurons] == ["0.1", "-0.0", "123456.78901234567"]
    assert [repr(n.bias) for n in got.network.neurons] == ["1e-07", "5e-324", "-999999.9999999999"]
    assert to_query(got.network)["n"] == "0.1_1e-7~-0_5e-324~123456.78901234567_-999999.9999999999"


# -- the URL codec: fuzzed -------------------------------------------------------------------

PIECES = ["1", "-2.5", "0", "64", "nan", "inf", "-inf", "1e999", "1e-400", "abc", "", "_", "~"]
PIECES += ["ff0000", "red", "on", "off", "1e6", "-1e7", "0.1", "#", "%", "\x00", "é", "none"]
PIECES += [*FIGURE_IDS[:3], "sigmoid", "relu", "5e-324", "-0"]
junk = st.lists(st.sampled_from(PIECES), max_size=24).map("".join) | st.text(max_size=30)
# Text shaped like the real thing: numbers (good and bad) joined by "_", neurons by "~".
field = st.sampled_from(PIECES) | st.floats().map(repr) | st.integers().map(str)
fields = st.lists(field, max_size=4).map("_".join)
names = st.sampled_from([*FIGURE_IDS, FREE, "nn14", "sigmoid", "relu", "mish", "tanh", "ReLU"])
text_values = st.one_of(st.lists(fields, max_size=70).map("~".join), fields, names, junk)
values = text_values | st.lists(
    text_values | text_values.map(str.encode) | st.binary(max_size=20), max_size=3
)
keys = st.sampled_from(QUERY_KEYS) | st.text(max_size=8)
queries = st.builds(
    lambda real, other: {**other, **real},
    st.fixed_dictionaries({}, optional={k: values for k in QUERY_KEYS}),
    st.dictionaries(keys, values, max_size=6),
)


@settings(max_examples=300, deadline=None)
@given(queries)
def test_fuzzed_queries_never_raise_and_give_a_valid_network(args):
    got = from_query(args)
    assert_valid(got.network)
    assert_view_shape(got.view, len(got.network.neurons))
    assert all(isinstance(n, str) for n in got.notices)
    assert FALLBACK_NOTICE not in got.notices  # handled, not caught by the last resort
    assert from_query(to_query(got.network, got.view)).notices == []


# -- JSON is strict: explicit refusals -------------------------------------------------------


def with_change(change, figure_id="nn9") -> dict:
    doc = doc_of(figure_id)
    change(doc)
    return doc


def set_(path, value):
    def change(doc):
        *parents, last = path
        for p in parents:
            doc = doc[p]
        doc[last] = value

    return change


def delete(path):
    def change(doc):
        *parents, last = path
        for p in parents:
            doc = doc[p]
        del doc[last]

    return change


W2 = ("network", "neurons", 2, "weight")

REFUSALS = [
    (set_(W2, "abc"), r"network\.neurons\[2\]\.weight must be a finite number, not 'abc'"),
    (set_(W2, True), r"neurons\[2\]\.weight must be a finite number, not the boolean true"),
    (set_(W2, None), r"neurons\[2\]\.weight must be a finite number, not null"),
    (set_(W2, [1.0]), r"neurons\[2\]\.weight must be a finite number, not \(1\)"),
    (set_(W2, [1, 2, 3, 4, 5]), r"neurons\[2\]\.weight must be a finite number, not a list"),
    (set_(W2, 2e6), r"neurons\[2\]\.weight must lie between -1000000 and 1000000, not 2000000"),
    (set_(("network", "second", "bias"), -1e7), r"network\.second\.bias must lie between"),
    (set_(("network", "second", "enabled"), 1), r"second\.enabled must be true or false, not 1"),
    (set_(("network", "neurons", 0, "color"), "#ff00001"), r"neurons\[0\]\.color must be a"),
    (set_(("network", "neurons", 0, "color"), "#ff0000\n"), r"neurons\[0\]\.color must be a"),
    (set_(("network", "neurons"), []), r"network\.neurons must hold 1 to 64 neurons, not 0"),
    (set_(("network", "neurons"), {}), r"network\.neurons must be a list, not an object"),
    (set_(("network", "activation"), "swish"), r"network\.activation must be one of .*'swish'"),
    (set_(("network", "activation"), 3), r"network\.activation must be one of .*not 3"),
    (set_(("network", "grid", "step"), 0), r"network\.grid step must be positive, not 0"),
    (
        set_(("network", "grid", "stop"), -6.0),
        r"network\.grid stop must be greater than start, not \(-5, -6, 0\.1\)",
    ),
    (
        set_(("network", "grid", "step"), 1e-9),
        r"network\.grid must hold between 2 and 20,000 points; .* holds 10,000,000,000",
    ),
    (set_(("network", "grid", "start"), "-5"), r"network\.grid\.start must be a finite number"),
    (
        set_(("network", "grid"), [-5, 5, 0.1]),
        r"network\.grid must be an object, not \(-5, 5, 0\.1\)",
    ),
    (delete(("network", "grid", "step")), r"network\.grid\.step is missing"),
    (delete(("network", "neurons", 1, "bias")), r"network\.neurons\[1\]\.bias is missing"),
    (delete(("network", "second")), r"network\.second is missing"),
    (delete(("network",)), r"^network is missing"),
    (delete(("version",)), r"^version is missing"),
    (set_(("network", "extra"), 1), r"network\.extra is not a field nnshape knows"),
    (set_(("network", "neurons", 0, "w"), 1), r"network\.neurons\[0\]\.w is not a field"),
    (set_(("what is this",), 1), r"\['what is this'\] is not a field nnshape knows"),
    (set_(("schema",), "other.thing"), r"schema must be 'nnshape\.network', not 'other\.thing'"),
    (set_(("version",), "1"), r"version must be a whole number, not '1'"),
    (set_(("version",), 1.0), r"version must be a whole number, not 1\.0"),
    (set_(("version",), -1), r"version must be 0 to 2, not -1"),
    (set_(("view",), []), r"view must be an object, not a list"),
    (set_(("view", "figure"), "nn14"), r"view\.figure must be one of free, nn6, .*, not 'nn14'"),
    (set_(("view", "ylim"), [3, 1]), r"view\.ylim low must be less than high"),
    (
        set_(("view", "ylim"), [0, 1e300]),
        r"view\.ylim high must lie between -1000000000000000 and 1000000000000000, not 1e\+300",
    ),
    (set_(("view", "ylim"), [0, True]), r"view\.ylim high must be a finite number"),
    (set_(("view", "ylim"), 3), r"view\.ylim must be none or \[low, high\], not 3"),
    (set_(("view", "y_auto"), "yes"), r"view\.y_auto must be true or false, not 'yes'"),
    (set_(("view", "hidden"), [3]), r"view\.hidden\[0\] must be a neuron index from 0 to 2, not 3"),
    (set_(("view", "hidden"), [0, 0]), r"view\.hidden\[1\] repeats the index 0"),
    (set_(("view", "hidden"), [False]), r"view\.hidden\[0\] must be a neuron index"),
]


@pytest.mark.parametrize(("change", "match"), REFUSALS, ids=[m for _, m in REFUSALS])
def test_bad_documents_are_refused_saying_what_and_where(change, match):
    refused(with_change(change), match)


def test_too_many_neurons_are_refused():
    many = set_(("network", "neurons"), [{"weight": 1.0, "bias": 0.0, "color": "red"}] * 65)
    refused(with_change(many), r"network\.neurons must hold 1 to 64 neurons, not 65")


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("", r"not valid JSON: Expecting value \(line 1, column 1\)"),
        ('{"schema": "nnshape.network",', r"not valid JSON"),
        ("{'a': 1}", r"not valid JSON"),
        ("[1, 2]", r"must be a JSON object, not \(1, 2\)"),
        ('"nnshape"', r"must be a JSON object, not 'nnshape'"),
        ("null", r"must be a JSON object, not null"),
        ("9" * 5000, r"must be a JSON object, not 9999"),
        ("{}", r"not an nnshape network document"),
        ('{"a": 1, "a": 2}', r"the key 'a' appears twice"),
        (b"\xff\xfe{}", r"not UTF-8"),
    ],
)
def test_malformed_documents_are_refused(text, match):
    refused(text, match)


def test_only_text_is_read():
    for value in [3.5, None, {"schema": SCHEMA}, ["{}"]]:
        with pytest.raises(StateError, match=r"must be text \(str or bytes\), not"):
            load_json(value)


@pytest.mark.parametrize("token", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_tokens_are_refused(token):
    text = json.dumps(doc_of()).replace('"weight": 2.0', f'"weight": {token}', 1)
    assert token in text
    refused(text, rf"contains {token}, which is not a number")


@pytest.mark.parametrize("token", ["1e400", "-1e999", "1" * 400, "-" + "9" * 5000])
def test_numbers_no_float_can_hold_are_refused_with_their_path(token):
    text = json.dumps(doc_of()).replace('"bias": 4.0', f'"bias": {token}', 1)
    refused(text, rf"network\.neurons\[2\]\.bias must be a finite number, not {token[:12]}")


def test_duplicate_keys_are_refused_anywhere():
    text = json.dumps(doc_of()).replace('"bias": 4.0', '"bias": 4.0, "bias": 5.0', 1)
    refused(text, r"the key 'bias' appears twice")


def test_a_50_mb_document_is_refused_before_it_is_parsed(monkeypatch):
    def must_not_parse(_text):
        raise AssertionError("a document over the size limit was parsed")

    monkeypatch.setattr(document, "parse", must_not_parse)
    monkeypatch.setattr(document, "nesting_depth", must_not_parse)
    big = b"[" * 50_000_000
    refused(big, r"too large: at least 50,000,000 bytes.*limit is 1,000,000")
    refused(big.decode(), r"too large")
    refused("é" * (MAX_DOCUMENT_BYTES // 2 + 1), r"too large: at least 1,000,002 bytes")


def test_a_document_just_under_the_limit_is_read():
    text = to_json(figure("nn9"))
    padded = text[:-2] + " " * (MAX_DOCUMENT_BYTES - len(text)) + text[-2:]
    assert len(padded) == MAX_DOCUMENT_BYTES
    assert spec(load_json(padded).network) == spec(figure("nn9"))


@pytest.mark.parametrize(
    "text",
    [
        "[" * 100_000 + "]" * 100_000,
        "[" * 500_000,
        '{"a":' * 100_000,
        "[[[[...]]]]" * 50_000,
        '{"schema": "nnshape.network", "version": 1, "network": ' + "[" * 30 + "]" * 30 + "}",
    ],
    ids=["balanced", "unbalanced", "objects", "dots", "inside"],
)
def test_deeply_nested_junk_is_refused_cheaply(text):
    with pytest.raises(StateError) as info:
        load_json(text)
    assert "not valid JSON" in str(info.value) or "nested more than 20 levels" in str(info.value)


def test_nesting_is_measured_outside_strings_and_limited_to_20():
    assert nesting_depth('{"a": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}') == 1
    assert nesting_depth('["\\"[[[[", [[]]]') == 3
    assert nesting_depth('"unterminated [[[[[[[[\\') == 0
    assert nesting_depth("[" * 20 + "]" * 20) == 20
    refused('{"a":' + "[" * 20 + "]" * 20 + "}", r"nested more than 20 levels")
    # 20 levels pass the depth check (and are then refused as an unknown document).
    refused('{"a":' + "[" * 19 + "]" * 19 + "}", r"not an nnshape network document")


def test_recursion_error_from_the_parser_becomes_a_state_error(monkeypatch):
    monkeypatch.setattr(document, "nesting_depth", lambda _text: 0)
    with pytest.raises(StateError, match="nested more than 20 levels"):
        document.parse("[" * 200_000 + "]" * 200_000)


def test_unknown_view_keys_are_ignored_with_a_notice():
    doc = with_change(set_(("view", "zoom"), 3))
    loaded = load_json(json.dumps(doc))
    assert loaded.view == default_view("nn9", 3)
    assert loaded.notices == ["view.zoom is not a view setting nnshape knows; ignored"]


def test_to_json_and_to_query_refuse_a_bad_view():
    net = figure("nn9")
    for bad, match in [
        ({"zoom": 2}, r"view\.zoom is not a view setting"),
        ({"hidden": [3]}, r"view\.hidden\[0\] must be a neuron index from 0 to 2, not 3"),
        ({"ylim": (2, 1)}, r"view\.ylim low must be less than high"),
        ({"figure": "nn99"}, r"view\.figure must be"),
    ]:
        with pytest.raises(StateError, match=match):
            to_json(net, bad)
        with pytest.raises(StateError, match=match):
            to_query(net, bad)


def test_bytes_and_a_byte_order_mark_are_read():
    text = to_json(figure("nn12"))
    assert spec(load_json(text.encode()).network) == spec(figure("nn12"))
    assert spec(load_json(b"\xef\xbb\xbf" + text.encode()).network) == spec(figure("nn12"))


# -- versions --------------------------------------------------------------------------------

LEGACY = {
    "activation": "relu",
    "neurons": [[1, -2], [0.5, 0.0, "#0000FF"], [-0.5, -1]],
    "second": [-1, -10],
    "grid": [-5, 10, 0.1],
}


def test_a_version_0_document_is_upgraded_on_loading():
    want = figure("nn18")
    want.activation = "relu"
    for doc in [LEGACY, {**LEGACY, "version": 0}, {**LEGACY, "version": 0, "schema": SCHEMA}]:
        loaded = load_json(json.dumps(doc))
        assert loaded.source_version == 0
        assert spec(loaded.network) == spec(want)
        assert loaded.view == default_view(FREE)
        # Saved again, it is a current document.
        assert json.loads(to_json(loaded.network))["version"] == VERSION
    # second and grid may be left out: off, and the article's grid.
    short = load_json('{"activation": "mish", "neurons": [[2, 1]]}').network
    want = Network(activation="mish")
    want.neurons[0].param.update(weight=2.0, bias=1.0)
    assert spec(short) == spec(want)


@pytest.mark.parametrize(
    ("doc", "match"),
    [
        ({**LEGACY, "neurons": [[1, 2, 3, 4]]}, r"neurons\[0\] must be \[weight, bias\]"),
        ({**LEGACY, "neurons": [[1, "abc"]]}, r"network\.neurons\[0\]\.bias .*version-0 document"),
        ({**LEGACY, "neurons": [[1, 0]] * 65}, r"neurons must hold 1 to 64 neurons"),
        ({**LEGACY, "second": {"w2": 1}}, r"second must be \[w2, b2\] or null"),
        ({**LEGACY, "grid": [0, 1]}, r"grid must be \[start, stop, step\]"),
        (
            {**LEGACY, "grid": [1, 0, 0.1]},
            r"network\.grid stop must be greater than start, not \(1, 0, 0\.1\) \(in a version-0",
        ),
        ({**LEGACY, "colour": "red"}, r"'colour' is not a field of a version-0 document"),
        ({"neurons": [[1, 0]]}, r"activation is missing \(a version-0 document\)"),
        ({**LEGACY, "version": 1}, r"schema is missing"),
    ],
)
def test_a_bad_version_0_document_is_refused_saying_why(doc, match):
    refused(doc, match)


def test_a_document_from_a_newer_nnshape_is_refused():
    doc = {"schema": SCHEMA, "version": VERSION + 1, "network": {"layers": "who knows"}}
    message = refused(doc, r"written by a newer nnshape")
    assert f"version {VERSION + 1}" in message and "Update nnshape" in message


# -- JSON: fuzzed ----------------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.floats() | st.integers() | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=20,
)


def load_or_refuse(text):
    try:
        loaded = load_json(text)
    except StateError as e:
        assert str(e)
        return None
    assert_valid(loaded.network)
    assert_view_shape(loaded.view, len(loaded.network.neurons))
    return loaded


@settings(max_examples=150, deadline=None)
@given(json_values)
def test_fuzzed_json_loads_or_is_refused(value):
    load_or_refuse(json.dumps(value))  # NaN and Infinity tokens included


def paths(value, prefix=()):
    if isinstance(value, dict):
        for k, v in value.items():
            yield (*prefix, k)
            yield from paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield (*prefix, i)
            yield from paths(v, (*prefix, i))


TOKENS = ["NaN", "Infinity", "-Infinity", "1e400", "1" * 30, "-0", "1e-400", "true", "{}", "[]"]


@settings(max_examples=150, deadline=None)
@given(
    figure_id=st.sampled_from(FIGURE_IDS),
    data=st.data(),
    how=st.sampled_from(["delete", "replace", "number", "token", "append"]),
)
def test_mutated_documents_load_or_are_refused(figure_id, data, how):
    doc = doc_of(figure_id)
    path = data.draw(st.sampled_from(list(paths(doc))))
    *parents, last = path
    parent = doc
    for p in parents:
        parent = parent[p]
    if how == "delete":
        del parent[last]
    elif how == "append" and isinstance(parent, list):
        parent.append(data.draw(json_values))
    elif how == "number":  # any float (NaN, ±inf, huge, tiny) or integer
        parent[last] = data.draw(st.floats() | st.integers() | st.sampled_from([1e300, -1e-320]))
    else:
        parent[last] = data.draw(json_values) if how == "replace" else "\x00TOKEN\x00"
    text = json.dumps(doc)
    if how == "token":
        text = text.replace('"\\u0000TOKEN\\u0000"', data.draw(st.sampled_from(TOKENS)))
    loaded = load_or_refuse(text)
    if loaded is not None and how == "token":
        assert all(math.isfinite(n.weight) for n in loaded.network.neurons)
