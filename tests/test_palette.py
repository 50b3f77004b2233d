"""The colour-blind-safe palette: one switch (``View.safe_colors``) away, kept by the JSON
document and the link, and its colours told apart under simulated colour blindness, as the
article's red neuron and green sum are not."""

from __future__ import annotations

import itertools
import json

import numpy as np
import pytest

from dashboard.diagram import diagram_svg
from dashboard.formula import formula_html
from dashboard.js import browser_state
from dashboard.plots import state_values
from model.article import figure
from model.network import DEEP_COLOR, SUM_COLOR, Network
from model.permalink import from_query, to_query
from model.state import load_json, to_json
from model.view import SAFE_DEEP, SAFE_NEURONS, SAFE_SUM, View

# Machado, Oliveira and Fernandes (2009): full-severity dichromacy, on linear RGB.
SIMULATIONS = {
    "protanopia": [
        [0.152286, 1.052583, -0.204868],
        [0.114503, 0.786281, 0.099216],
        [-0.003882, -0.048116, 1.051998],
    ],
    "deuteranopia": [
        [0.367322, 0.860646, -0.227968],
        [0.280085, 0.672501, 0.047413],
        [-0.011820, 0.042940, 0.968881],
    ],
    "tritanopia": [
        [1.255528, -0.076749, -0.178779],
        [-0.078411, 0.930809, 0.147602],
        [0.004733, 0.691367, 0.303900],
    ],
}
#: Colours this far apart (CIE76 ΔE) are told apart at a glance, thin lines included.
APART = 15.0


def _linear(hex_color: str) -> np.ndarray:
    c = np.array([int(hex_color[i : i + 2], 16) for i in (1, 3, 5)]) / 255
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _lab(linear: np.ndarray) -> np.ndarray:
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
    x = (xyz @ linear) / np.array([0.95047, 1.0, 1.08883])
    f = np.where(x > 0.008856, np.cbrt(x), 7.787 * x + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def seen_apart(a: str, b: str, simulation: str) -> float:
    m = np.array(SIMULATIONS[simulation])
    seen = [_lab(np.clip(m @ _linear(c), 0, 1)) for c in (a, b)]
    return float(np.linalg.norm(seen[0] - seen[1]))


@pytest.mark.parametrize("simulation", sorted(SIMULATIONS))
def test_every_pair_of_safe_colours_on_one_plot_is_told_apart(simulation):
    top = [*SAFE_NEURONS, SAFE_SUM]  # the hidden plot: the neurons and their sum
    bottom = [SAFE_SUM, SAFE_DEEP]  # the second plot
    for a, b in [*itertools.combinations(top, 2), *itertools.combinations(bottom, 2)]:
        assert seen_apart(a, b, simulation) >= APART, (simulation, a, b)


def test_the_articles_red_neuron_and_green_sum_are_not_told_apart_by_everyone():
    """Why the switch exists (the test that shows the yardstick can fail)."""
    red = figure("nn9").neurons[0].color
    assert seen_apart(red, SUM_COLOR, "protanopia") < APART


def test_the_view_draws_the_networks_own_colours_until_switched():
    net = figure("nn11")
    own = [n.color for n in net.neurons]
    assert View().colors(net) == (own, SUM_COLOR, DEEP_COLOR)
    net = Network()
    net.configure(neurons=[(1.0, float(i), "#ff0000") for i in range(8)])
    neurons, sum_color, deep_color = View(safe_colors=True).colors(net)
    assert neurons == [SAFE_NEURONS[i % len(SAFE_NEURONS)] for i in range(8)]
    assert (sum_color, deep_color) == (SAFE_SUM, SAFE_DEEP)
    assert [n.color for n in net.neurons] == ["#ff0000"] * 8  # the network is not changed


def test_every_place_a_colour_is_shown_takes_the_views():
    net = figure("nn11")
    view = View.for_figure("nn11", len(net.neurons))
    view.safe_colors = True
    colors = view.colors(net)
    values = state_values(net, view)
    assert values["colors"] == colors[0]
    assert (values["sum_color"], values["deep_color"]) == colors[1:]
    assert f"border-bottom:3px solid {SAFE_NEURONS[0]}" in formula_html(net, colors)
    assert f'color:{SAFE_SUM}"' in formula_html(net, colors)
    assert "#ff0000" not in formula_html(net, colors)
    assert f'fill="{SAFE_NEURONS[1]}"' in diagram_svg(net, colors)
    assert f'fill="{SUM_COLOR}"' not in diagram_svg(net, colors)
    state = browser_state(net, colors)
    assert [n["color"] for n in state["neurons"]] == colors[0]
    assert (state["sum_color"], state["deep_color"]) == colors[1:]


def test_the_switch_travels_in_the_json_document_and_the_link():
    net = figure("nn9")
    view = View.for_figure("nn9", len(net.neurons))
    assert "safe" not in to_query(net, view)  # off is the default: links stay as they were
    assert json.loads(to_json(net, view))["view"]["safe_colors"] is False
    view.safe_colors = True
    query = to_query(net, view)
    assert query["safe"] == "on"
    assert from_query({k: [v] for k, v in query.items()}).view.safe_colors is True
    assert load_json(to_json(net, view)).view.safe_colors is True
    # A document written before the switch existed opens with it off.
    old = json.loads(to_json(net, view))
    del old["view"]["safe_colors"]
    assert load_json(json.dumps(old)).view.safe_colors is False


@pytest.mark.parametrize("value", ["maybe", "2", "<b>on</b>", "on;off"])
def test_a_bad_switch_in_a_link_is_ignored_with_a_notice(value):
    read = from_query({"figure": ["nn9"], "safe": [value]})
    assert read.view.safe_colors is False
    assert any("safe" in str(m) for m in read.notices), read.notices
