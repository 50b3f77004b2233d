"""Editing in the dashboard without a browser: a new neuron and another activation fit the
y-axis when the figure's limits would hide a curve, the learner's own choice of limits stands,
and Undo, Redo and Reset to figure take edits back, with a caption that says what was edited.
(The same in a real page: ``tests/ui/test_edits.py``; the history itself: ``test_history.py``.)
"""

import pytest

from dashboard import Playground
from harness.dashboard import assert_state_is_model, render
from model.article import PRESETS, figure
from model.view import View


def test_a_new_neuron_gets_a_step_of_its_own_and_the_y_axis_fits_it():
    from model.placement import fresh_neuron

    pg = Playground.from_figure("nn9")
    _, state = render(pg)
    want = fresh_neuron(pg.network)
    pg.add_button.clicks += 1
    new = pg.network.neurons[-1]
    assert (new.weight, new.bias) == want != (1.0, 0.0)
    assert pg.view.clipped(pg.network) == [] and state.y_auto
    pg.add_button.clicks += 1
    assert pg.view.y_auto and state.y_auto  # four sigmoids outgrow nn9's limits (-0.5 to 3)
    assert "y-axis now fits" in pg.notices.text and "the sum" in pg.notices.text


@pytest.mark.parametrize("activation", ["relu", "tanh", "mish"])
def test_switching_activation_fits_the_y_axis_when_the_limits_would_hide_curves(activation):
    pg = Playground.from_figure("nn10")
    _, state = render(pg)
    assert not pg.view.y_auto and not state.y_auto
    pg.activation.value = activation
    assert pg.view.clipped(pg.network) == []  # nothing drawn is off the plot
    assert pg.view.y_auto and state.y_auto and pg.y_auto_check.value
    assert "Untick 'auto y-range'" in pg.notices.text


def test_the_learners_own_choice_of_limits_is_kept_until_an_edit_hides_more():
    pg = Playground.from_figure("nn10")
    pg.activation.value = "relu"
    pg.y_auto_check.value = False  # back to the figure's limits, clipped as they are
    assert pg.view.clipped(pg.network) and not pg.view.y_auto
    pg.network.neurons[0].weight += 0.1  # nothing newly hidden: the choice stands
    assert not pg.view.y_auto
    pg.add_button.clicks += 1  # a new curve off the plot: fitted again
    assert pg.view.y_auto


def test_undo_takes_back_at_least_20_edits_a_drag_counting_once():
    pg = Playground.from_figure("nn9")
    start = pg.network.spec()
    slider = pg._cards[id(pg.network.neurons[0])].weight.slider
    for value in (2.1, 2.2, 2.3, 2.4):  # one drag: four ticks
        slider.value = value
    after_drag = pg.network.spec()
    for _ in range(3):
        pg.add_button.clicks += 1
    for name in ["relu", "tanh", "mish", "sigmoid"] * 4:  # 16 structural edits
        pg.activation.value = name
    assert pg.history.can_undo and pg.undo_button.disabled is False
    for _ in range(16):
        assert pg.undo()
    assert len(pg.network.neurons) == 6 and pg.network.activation == "sigmoid"
    for _ in range(3):
        assert pg.undo()
    assert pg.network.spec() == after_drag
    assert pg.undo()  # the whole drag at once
    assert pg.network.spec() == start and not pg.undo()
    assert pg.undo_button.disabled and not pg.redo_button.disabled
    assert pg.redo() and pg.network.spec() == after_drag


def test_the_caption_says_the_network_was_edited_from_its_figure():
    pg = Playground.from_figure("nn9")
    title = PRESETS["nn9"].title
    assert title in pg.caption.object and "Edited" not in pg.caption.object
    assert pg.reset_button.disabled
    pg.network.neurons[1].bias = 0.5
    assert "Edited from figure nn9" in pg.caption.object
    assert PRESETS["nn9"].caption not in pg.caption.object
    assert not pg.reset_button.disabled
    pg.undo()
    assert "Edited" not in pg.caption.object and pg.reset_button.disabled


def test_another_figure_puts_the_edits_aside_with_a_word_and_undo_brings_them_back():
    pg = Playground.from_figure("nn9")
    _, state = render(pg)
    pg.network.neurons[0].weight = 4.0
    pg.add_button.clicks += 1
    edited = pg.network.spec()
    pg.figure_select.value = "nn12"
    assert pg.network.activation == "relu" and pg.view.figure == "nn12"
    assert "Undo brings them back" in pg.notices.text
    pg.undo()  # the figure and everything it loaded: one step
    assert pg.view.figure == "nn9" and pg.network.spec() == edited
    assert_state_is_model(state, pg)
    assert "Edited from figure nn9" in pg.caption.object


def test_reset_to_figure_is_an_edit_undo_takes_back():
    pg = Playground.from_figure("nn11")
    _, state = render(pg)
    pg.activation.value = "relu"
    pg.sum_check.value = False
    pg.network.hidden.remove_neuron(0)
    edited_net, edited_view = pg.network.spec(), pg.view.to_dict()
    assert pg.reset()
    assert pg.network.spec() == figure("nn11").spec()
    assert pg.view == View.for_figure("nn11", 3)
    assert_state_is_model(state, pg)
    assert len(pg.cards.objects) == 3
    assert not pg.reset()  # already the figure
    pg.undo()
    assert pg.network.spec() == edited_net and pg.view.to_dict() == edited_view
    assert_state_is_model(state, pg)
