"""The view fits its y-axis when the figure's limits would hide a curve (``View.fit``), and a
reaction to a change is one undo step with it (``History.reaction``)."""

from model.article import figure
from model.history import History, State
from model.view import View


def test_fit_turns_on_auto_y_only_for_newly_hidden_curves():
    network = figure("nn10")
    view = View.for_figure("nn10", 3)
    assert view.fit(network) == [] and not view.y_auto  # the figure shows its curves
    network.activation = "relu"
    hidden = view.clipped(network)
    assert "sum" in hidden
    assert view.fit(network, accepted=hidden) == [] and not view.y_auto  # seen and kept
    assert view.fit(network) == hidden and view.y_auto
    assert view.clipped(network) == []


def test_a_reaction_is_part_of_the_change_it_reacts_to():
    network, view = figure("nn9"), View.for_figure("nn9", 3)
    history = History(network, view, defer=None)
    before = State.of(network, view)

    def load(event):
        if history.applying:  # undo puts the figure back with its own network
            return
        with history.reaction():
            network.configure(**figure(event.new).spec())
            view.update_from(View.for_figure(event.new, len(network.neurons)))

    view.param.watch(load, "figure")
    view.figure = "nn12"
    assert network.activation == "relu"
    assert history.undo()
    assert State.of(network, view) == before and not history.can_undo
