"""Where a new neuron goes (model.placement.fresh_neuron) and which curves a y-range hides."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model import MAX_NEURONS, Network
from model.article import PRESETS, figure
from model.placement import fresh_neuron, step_position
from model.view import View

#: A curve this far from another, somewhere on the grid, is told apart on screen: 0.1 is 5% of
#: nn6's y-range (-0.5 to 1.5), 15 pixels of a 300-pixel plot.
VISIBLE = 0.1


def add_fresh(network: Network) -> tuple[float, float]:
    weight, bias = fresh_neuron(network)
    network.hidden.add_neuron(weight, bias)
    return weight, bias


@pytest.mark.parametrize("figure_id", list(PRESETS))
def test_neurons_added_one_by_one_are_each_visible_and_distinct(figure_id):
    network = PRESETS[figure_id].network()
    low, high = network.x[0], network.x[-1]
    while len(network.neurons) < 12:
        weight, bias = add_fresh(network)
        assert weight == 1.0
        assert low < step_position(weight, bias) < high
        assert bias == round(bias, 1)  # a value the slider can show
        *older, new = network.curves()["neurons"]
        for i, curve in enumerate(older):
            gap = np.max(np.abs(new - curve))
            assert gap >= VISIBLE, f"neuron {len(older) + 1} lies on neuron {i + 1} ({gap:.3f})"


@pytest.mark.parametrize("figure_id", [f for f in PRESETS if PRESETS[f].ylim is not None])
def test_a_new_neuron_shows_within_the_figures_y_range(figure_id):
    network = PRESETS[figure_id].network()
    view = View.for_figure(figure_id, len(network.neurons))
    add_fresh(network)
    new = network.curves()["neurons"][-1]
    low, high = view.ylim
    inside = (new >= low) & (new <= high)
    # Its bend is on screen: a good part of the curve, and not just a flat stretch of it.
    assert inside.mean() > 0.3
    assert np.ptp(new[inside]) > VISIBLE


def test_free_play_no_longer_adds_a_neuron_on_top_of_the_first():
    network = Network()  # one neuron, weight 1 and bias 0
    assert fresh_neuron(network) != (1.0, 0.0)


def test_the_layer_fills_up_with_distinct_steps():
    network = figure("nn9")
    while len(network.neurons) < MAX_NEURONS:
        add_fresh(network)
    steps = [step_position(n.weight, n.bias) for n in network.neurons]
    assert len(set(steps)) == len(steps) - 1  # nn9's blue and orange share x = 2 already
    assert all(-5.0 <= s < 5.0 for s in steps)


def test_steps_beyond_the_grid_and_flat_neurons_leave_room_inside():
    network = Network()
    network.configure(neurons=[(0.0, 3.0), (1.0, 1e6), (-1e-300, 1e6)], grid=(0.0, 2.0, 0.1))
    weight, bias = fresh_neuron(network)
    assert 0.0 < step_position(weight, bias) < 1.9


def test_a_grid_narrower_than_a_slider_step_keeps_the_exact_middle():
    network = Network()
    network.configure(neurons=[(1.0, 0.0)], grid=(0.0, 0.05, 0.01))
    _weight, bias = fresh_neuron(network)
    assert 0.0 < bias < 0.04


finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)


@settings(max_examples=80, deadline=None)
@given(params=st.lists(st.tuples(finite, finite), min_size=1, max_size=MAX_NEURONS - 1))
def test_any_network_gets_a_step_inside_its_grid_where_none_was(params):
    network = Network()
    network.configure(neurons=params)
    weight, bias = fresh_neuron(network)
    step = step_position(weight, bias)
    assert network.x[0] < step < network.x[-1]
    assert step not in {step_position(w, b) for w, b in params}


# -- curves a y-range hides -----------------------------------------------------------------


@pytest.mark.parametrize("figure_id", list(PRESETS))
def test_the_articles_figures_fit_their_y_ranges_except_nn18s_sum(figure_id):
    network = PRESETS[figure_id].network()
    view = View.for_figure(figure_id, len(network.neurons))
    assert view.clipped(network) == (["sum"] if figure_id == "nn18" else [])


def test_a_sum_that_outgrows_the_y_range_is_reported_until_the_axis_fits():
    network = figure("nn9")
    view = View.for_figure("nn9", 3)
    add_fresh(network)
    assert view.clipped(network) == ["sum"]  # four steps of 1 rise past the figure's 3
    view.show_sum = False
    assert view.clipped(network) == []
    view.show_sum = True
    view.y_auto = True
    assert view.clipped(network) == []
