"""The permalink (``model.permalink``): the URL query a page keeps in its address. Lenient: a bad
part of a link is ignored or clamped with a short notice, and whatever a link holds gives a
valid network and view."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from harness.states import assert_valid, assert_view_shape, spec
from model import ACTIVATIONS, Network, from_query, to_query
from model.article import FIGURES, FREE, figure
from model.permalink import FALLBACK_NOTICE, MAX_NOTICES, QUERY_KEYS
from model.state import default_view

FIGURE_IDS = list(FIGURES)


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


def test_colours_are_written_only_where_they_differ_from_the_palette():
    query = to_query(figure("nn6"), {"figure": "nn6"})
    assert query["n"] == "1_0~0.5_0~2_0_008000"  # the third neuron is green, not orange
    net = Network()
    net.configure(neurons=[(1, 0, "#FF0000"), (1, 0, "#008080"), (1, 0, "#0000FF")])
    assert to_query(net)["n"] == "1_0~1_0_008080~1_0_0000ff"
    assert from_query(to_query(net)).network.neurons[1].color == "#008080"


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
    assert len(many.notices) == MAX_NOTICES + 1 and "more problem" in many.notices[-1]
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


def test_the_depth_explorer_goes_in_the_link_only_where_it_is_not_a_new_ones():
    from model.depth import Explorer

    net = figure("nn11")
    view = default_view("nn11", 3)
    assert "depth" not in to_query(net, view, depth=Explorer())
    assert from_query(to_query(net, view)).depth is None  # a link without it leaves it be
    explorer = Explorer(shown=True, depth=7, weight=2.5, bias=-0.5, own={3: (1.5, 0.25)})
    explorer.set_layer(12, -4.0, 1e-3)
    query = to_query(net, view, depth=explorer)
    assert query["depth"] == "on_7_2.5_-0.5" and query["dlayers"] == "3_1.5_0.25~12_-4_0.001"
    got = from_query(query)
    assert got.notices == [] and got.depth.to_dict() == explorer.to_dict()
    hidden = Explorer(depth=3)  # closed, but not a new one's: its depth is kept
    assert from_query(to_query(net, view, depth=hidden)).depth.to_dict() == hidden.to_dict()


def test_a_mangled_depth_explorer_link_keeps_what_it_can_and_says_what_it_did_not():
    got = from_query({"depth": "maybe_2.5_1e9_x_9", "dlayers": "3_1_2~3_4_5~0_1_1~x~-2_1_1"})
    e = got.depth
    assert (e.shown, e.depth, e.weight, e.bias) == (False, 5, 1e6, 0.0)  # a new one's, but w
    assert e.own == {3: (1.0, 2.0)}  # the first layer 3; no layer 0, -2 or "x"
    said = " | ".join(got.notices)
    for words in ("depth: more than", "depth must be true or false", "depth: layers: '2.5'",
                  "clamped to 1000000", "depth: b must be a finite number",
                  "dlayers gives layer 3 twice", "dlayers 3: layer must lie between 1 and 20",
                  "dlayers 4: 'x' is not layer_w_b", "not '-2'; ignored"):  # fmt: skip
        assert words in said, (words, said)
    assert from_query({"depth": "on_99"}).depth.depth == 20  # clamped, with a notice
    many = from_query({"dlayers": "~".join(f"{k}_1_1" for k in range(1, 51))})
    assert len(many.notices) == 1 and sorted(many.depth.own) == list(range(1, 21))


# -- the walk's step (optional) --------------------------------------------------------------


def test_a_walk_link_opens_its_step_figure():
    got, text = notices_for({"walk": "4"})
    assert got.walk == 4 and got.view.figure == "nn9" and text == ""
    assert spec(got.network) == spec(figure("nn9"))
    # The step's own figure with edits (a learner's URL mid-walk): the edits are kept.
    got, text = notices_for({"walk": "4", "figure": "nn9", "n": "3_0.5"})
    assert got.walk == 4 and [n.weight for n in got.network.neurons] == [3.0] and text == ""
    query = to_query(got.network, got.view, walk=got.walk)
    assert query["walk"] == "4" and from_query(query).walk == 4
    assert "walk" not in to_query(got.network, got.view)  # older links: no walk, as before


def test_a_walk_link_naming_another_figure_opens_the_step_as_the_article_draws_it():
    got, text = notices_for({"walk": "2", "figure": "nn11", "n": "9_9", "safe": "on"})
    assert got.walk == 2 and got.view.figure == "nn7" and spec(got.network) == spec(figure("nn7"))
    assert got.view.safe_colors  # a preference is the learner's, not the figure's
    assert text == "walk: step 2 is figure nn7, not 'nn11'; opened step 2 as the article draws it"


def test_a_bad_walk_step_is_ignored_with_a_notice():
    for bad in ["0", "13", "-1", "4.0", "abc", "", "٤", "1" * 20, "<b>4</b>"]:
        got, text = notices_for({"walk": bad, "figure": "nn8"})
        assert got.walk is None and got.view.figure == "nn8", bad
        assert text.startswith("walk must be a step of the walk from 1 to 12, not "), text
        assert text.endswith("; ignored"), text
    for bad in [0, 13, True, "4", 4.0]:
        with pytest.raises(ValueError, match="walk must be a step"):
            to_query(figure("nn6"), walk=bad)
