"""The state facade (``model.state``): the JSON document and the permalink, tested against each
other. A network and its view written by either codec and read back are the same to the last
digit, for the article's figures and for random ones. Each codec alone: ``test_document.py``
(JSON, strict) and ``test_permalink.py`` (the URL query, lenient); the view: ``test_view.py``."""

import json
from urllib.parse import parse_qs, urlencode

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from harness.states import spec
from model import NEURON_COLORS, Network, from_query, load_json, to_json, to_query
from model.article import FIGURES, FREE, figure
from model.document import SCHEMA, VERSION
from model.lang import LANGUAGES
from model.state import default_view

FIGURE_IDS = list(FIGURES)


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
        "safe_colors": False,
    }


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
        "safe_colors": draw(st.booleans()),
        "slope": draw(st.booleans()),
        "lang": draw(st.sampled_from(LANGUAGES)),
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
