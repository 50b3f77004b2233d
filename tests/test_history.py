"""Undo, redo and Reset to figure (model.history); whether a network is edited from its figure.

Over 300 lines on purpose: one history, tested through every kind of edit it records."""

import asyncio

import pytest

from model.article import FIGURES, PRESETS, figure, is_edited, preset
from model.history import DEPTH, History, State, dragged
from model.network import Network
from model.view import View


class Clock:
    """Time that passes only when a test says so."""

    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def wait(self, seconds: float) -> None:
        self.now += seconds


class Loop:
    """Stands in for the event loop: deferred callbacks run when the test turns it."""

    def __init__(self):
        self.callbacks = []

    def defer(self, callback) -> bool:
        self.callbacks.append(callback)
        return True

    def turn(self) -> None:
        callbacks, self.callbacks = self.callbacks, []
        for callback in callbacks:
            callback()


def follow_figure(network: Network, view: View, history: History | None = None) -> None:
    """What the dashboard does when the figure menu changes: load that figure's network and view.

    With ``history``, it stands aside while history puts a state back (``History.applying``);
    without, it overwrites the network mid-undo, as a dashboard unaware of history would.
    """

    def load(event):
        if history is not None and history.applying:
            return
        network.configure(**preset(event.new).spec())
        view.update_from(View.for_figure(event.new, len(network.neurons)))

    view.param.watch(load, "figure")


def session(figure_id="nn9", **options):
    """A network and view as the dashboard holds them, its figure reaction, and their history."""
    network = figure(figure_id)
    view = View.for_figure(figure_id, len(network.neurons))
    clock = options.pop("clock", Clock())
    history = History(network, view, clock=clock, **options)
    return network, view, history, clock


def state(network, view) -> State:
    return State.of(network, view)


# -- recording and undoing ------------------------------------------------------------------


def test_twenty_five_edits_then_twenty_undos_walk_back_through_every_state():
    network, view, history, clock = session(defer=None)
    states = [state(network, view)]
    for i in range(25):
        clock.wait(5.0)  # a pause: each edit is its own action, even of the same value
        neuron = network.neurons[i % 3]
        if i % 2:
            neuron.bias = round(neuron.bias + 0.7, 1)
        else:
            neuron.weight = round(neuron.weight - 0.3, 1)
        states.append(state(network, view))
    for back in range(1, 21):
        assert history.undo()
        assert state(network, view) == states[-1 - back]
    assert history.can_undo and history.can_redo
    for forward in range(20):
        assert history.redo()
        assert state(network, view) == states[5 + forward + 1]
    assert not history.can_redo


def test_a_drag_of_fifty_ticks_is_undone_in_one_step():
    network, view, history, clock = session(defer=None)
    before = state(network, view)
    network.neurons[0].bias = 1.5  # an earlier, separate action
    clock.wait(3.0)
    after_first = state(network, view)
    for tick in range(50):
        clock.wait(0.02)
        network.neurons[1].weight = 0.5 + 0.1 * tick
    assert history.undo()
    assert state(network, view) == after_first
    assert history.undo()
    assert state(network, view) == before
    assert not history.can_undo


def test_a_drag_that_pauses_too_long_becomes_two_steps():
    network, _view, history, clock = session(defer=None, drag_seconds=1.0)
    network.second.weight = 2.0
    clock.wait(0.5)
    network.second.weight = 3.0
    clock.wait(1.5)  # let go and pick the slider up again
    network.second.weight = 4.0
    history.undo()
    assert network.second.weight == 3.0
    history.undo()
    assert network.second.weight == 1.0


def test_dragging_another_value_starts_a_new_step():
    network, _view, history, clock = session(defer=None)
    for v in (1.0, 1.1, 1.2):
        clock.wait(0.05)
        network.neurons[0].weight = v
    for v in (0.1, 0.2):
        clock.wait(0.05)
        network.neurons[0].bias = v
    history.undo()
    assert (network.neurons[0].weight, network.neurons[0].bias) == (1.2, -2.0)
    history.undo()
    assert (network.neurons[0].weight, network.neurons[0].bias) == (2.0, -2.0)


def test_a_drag_back_to_where_it_began_leaves_nothing_to_undo():
    network, _view, history, clock = session(defer=None)
    for v in (2.5, 3.0, 2.5, 2.0):
        clock.wait(0.05)
        network.neurons[0].weight = v
    assert not history.can_undo


def test_structural_changes_count_once_each_however_fast():
    network, view, history, _clock = session(defer=None)  # the clock never moves
    steps = [
        lambda: network.hidden.add_neuron(),
        lambda: network.hidden.add_neuron(),
        lambda: network.hidden.remove_neuron(0),
        lambda: setattr(network, "activation", "tanh"),
        lambda: setattr(network.second, "enabled", True),
        lambda: setattr(network, "grid", (-3.0, 3.0, 0.05)),
        lambda: setattr(view, "show_sum", False),
        lambda: setattr(view, "slope", True),
        lambda: setattr(view, "y_auto", True),
        lambda: setattr(view, "hidden", [1]),
    ]
    states = [state(network, view)]
    for step in steps:
        step()
        states.append(state(network, view))
    for back in range(len(steps)):
        history.undo()
        assert state(network, view) == states[-2 - back]
    assert not history.can_undo


def test_undo_after_undo_then_a_new_edit_clears_redo():
    network, _view, history, clock = session(defer=None)
    for v in (3.0, 4.0, 5.0):
        clock.wait(2.0)
        network.neurons[2].weight = v
    history.undo()
    history.undo()
    assert network.neurons[2].weight == 3.0 and history.can_redo
    clock.wait(2.0)
    network.neurons[0].bias = 0.5
    assert not history.can_redo and not history.redo()
    history.undo()
    assert (network.neurons[0].bias, network.neurons[2].weight) == (-2.0, 3.0)


def test_undo_and_redo_never_record_themselves():
    network, view, history, clock = session(defer=None)
    network.neurons[0].weight = 7.0
    clock.wait(2.0)
    view.show_sum = False
    assert len(history._undo) == 2
    history.undo()
    assert (len(history._undo), len(history._redo)) == (1, 1)
    history.undo()
    assert (len(history._undo), len(history._redo)) == (0, 2)
    history.redo()
    assert (len(history._undo), len(history._redo)) == (1, 1)
    assert not history.record()  # nothing is waiting to be recorded after a redo
    assert network.neurons[0].weight == 7.0 and view.show_sum


def test_depth_is_bounded_and_keeps_the_newest_actions():
    network, _view, history, _clock = session(defer=None, depth=20)
    for i in range(30):
        network.hidden.add_neuron() if i % 2 == 0 else network.hidden.remove_neuron()
    assert sum(history.undo() for _ in range(40)) == 20
    assert DEPTH >= 20


def test_undo_moves_the_same_neurons_when_their_count_is_unchanged():
    network, _view, history, _clock = session(defer=None)
    neurons = network.neurons
    network.neurons[1].bias = 3.0
    history.undo()
    assert network.neurons == neurons  # the very same objects: their sliders stay and move
    network.hidden.add_neuron()
    history.undo()
    assert len(network.neurons) == 3


def test_undo_fires_changed_once():
    network, _view, history, _clock = session(defer=None)
    network.configure(activation="relu", neurons=[(1.0, 0.0)] * 5)
    fired = []
    network.param.watch(fired.append, "changed")
    history.undo()
    assert len(fired) == 1 and network.activation == "sigmoid"


# -- actions that span several changes: a figure switch ---------------------------------------


def test_switching_figure_then_undo_brings_the_edits_back():
    loop = Loop()
    network, view, history, clock = session(defer=loop.defer)
    follow_figure(network, view, history)
    network.neurons[0].weight = -3.0
    network.hidden.add_neuron(weight=1.0, bias=2.0)
    loop.turn()
    edited = state(network, view)
    clock.wait(2.0)
    view.figure = "nn12"  # the dashboard's reaction follows within the same turn
    loop.turn()
    assert state(network, view) == State.for_figure("nn12")
    assert history.undo()  # one step back over the whole switch
    assert state(network, view) == edited
    assert history.redo()
    assert state(network, view) == State.for_figure("nn12")


def test_undo_survives_a_dashboard_that_reloads_the_figure_during_it():
    loop = Loop()
    network, view, history, _clock = session(defer=loop.defer)
    follow_figure(network, view)  # unaware of history.applying
    network.neurons[0].color = "#123456"
    loop.turn()
    edited = state(network, view)
    view.figure = "nn6"
    loop.turn()
    history.undo()
    assert state(network, view) == edited
    loop.turn()
    assert history.can_redo  # the reload inside the undo was not recorded


def test_one_turn_of_a_real_event_loop_is_one_action():
    network, view, history, _clock = session()  # the default: the running asyncio loop
    follow_figure(network, view, history)

    async def switch():
        network.neurons[1].weight = 4.0
        await asyncio.sleep(0)
        view.figure = "nn17"
        await asyncio.sleep(0)

    asyncio.run(switch())
    assert history.undo()
    assert view.figure == "nn9" and network.neurons[1].weight == 4.0
    assert history.undo()
    assert state(network, view) == State.for_figure("nn9")


def test_without_a_loop_an_action_block_groups_changes():
    network, view, history, _clock = session(defer=None)
    before = state(network, view)
    with history.action():
        network.neurons[0].weight = 1.0
        network.neurons[0].weight = 1.1  # inside a block, never mistaken for a drag
        view.ylim = (-5.0, 5.0)
    history.undo()
    assert state(network, view) == before


# -- reset to figure ------------------------------------------------------------------------


def test_reset_to_figure_is_an_action_undo_takes_back():
    network, view, history, clock = session("nn11", defer=None)
    assert not history.reset()  # nothing to reset
    network.second.weight = -4.0
    clock.wait(2.0)
    network.hidden.add_neuron()
    view.show_sum = False
    edited = state(network, view)
    assert is_edited(network, "nn11")
    assert history.reset()
    assert state(network, view) == State.for_figure("nn11")
    assert not is_edited(network, "nn11")
    history.undo()
    assert state(network, view) == edited


def test_reset_shows_a_figure_that_draws_no_neurons_without_its_neurons():
    network, view, history, _clock = session("nn13", defer=None)
    network.hidden.add_neuron()
    view.hidden = []
    history.reset()
    assert view.hidden == [0, 1, 2]


def test_clear_makes_the_present_where_undo_stops():
    network, view, history, _clock = session(defer=None)
    network.hidden.add_neuron()
    history.undo()
    network.configure(activation="mish")  # a document loaded, say
    history.clear()
    assert not history.can_undo and not history.can_redo
    assert not history.undo() and network.activation == "mish"
    view.show_sum = False
    assert history.undo() and view.show_sum


def test_close_stops_recording():
    network, _view, history, _clock = session(defer=None)
    history.close()
    network.neurons[0].weight = 9.0
    assert not history.can_undo


# -- which value a change dragged -----------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "key"),
    [
        (lambda n, v: setattr(n.neurons[2], "bias", 1.0), ("neurons", 2, "bias")),
        (lambda n, v: setattr(n.neurons[0], "color", "#00ff00"), ("neurons", 0, "color")),
        (lambda n, v: setattr(n.second, "bias", 1.0), ("second", "bias")),
        (lambda n, v: setattr(v, "ylim", (0.0, 1.0)), ("ylim",)),
        (lambda n, v: setattr(n.neurons[1], "output_weight", -2.0), ("output", 1)),
        (lambda n, v: setattr(n.hidden, "output_bias", 0.5), ("output", "c")),
        (lambda n, v: setattr(n.hidden, "output_weights", True), None),
        (lambda n, v: setattr(n.second, "enabled", True), None),
        (lambda n, v: setattr(n, "activation", "relu"), None),
        (lambda n, v: n.hidden.add_neuron(), None),
        (lambda n, v: setattr(v, "show_deep", False), None),
        (lambda n, v: n.configure(neurons=[(1.0, 1.0), (2.0, 2.0), (3.0, 3.0)]), None),
    ],
)
def test_dragged_names_one_continuous_value_or_nothing(change, key):
    network = figure("nn9")
    view = View.for_figure("nn9", 3)
    before = state(network, view)
    change(network, view)
    assert dragged(before, state(network, view)) == key


# -- edited from its figure -----------------------------------------------------------------


@pytest.mark.parametrize("figure_id", list(PRESETS))
def test_a_fresh_figure_is_not_edited_and_any_change_makes_it_so(figure_id):
    network = preset(figure_id).network()
    assert not is_edited(network, figure_id)
    others = [f for f in FIGURES if f != figure_id]
    assert any(is_edited(network, other) for other in others)
    network.neurons[0].bias += 0.1
    assert is_edited(network, figure_id)
    network.neurons[0].bias = float(preset(figure_id).neurons[0][1])
    assert not is_edited(network, figure_id)


def test_edited_ignores_how_a_colour_or_number_is_written():
    network = figure("nn8")
    network.neurons[0].color = "#FF0000"
    network.neurons[1].weight = 0.5  # an int would compare equal too: the spec holds floats
    assert not is_edited(network, "nn8")
    network.second.weight = 3.0  # invisible while the layer is off, but there if switched on
    assert is_edited(network, "nn8")


def test_closing_drops_a_pending_settle_so_the_session_can_go():
    """A change schedules its settle on the running loop; a session closed before the loop
    turns (a loop that other work keeps busy) must not be held by that handle till it does."""
    import gc
    import weakref

    async def main():
        network, view = figure("nn9"), View()
        history = History(network, view)
        network.neurons[0].weight = 3.0  # schedules the settle on this running loop
        assert history._scheduled
        ref = weakref.ref(history)
        history.close()
        del history
        gc.collect()
        assert ref() is None, "a pending settle still holds the closed history"
        await asyncio.sleep(0)  # the loop turns: nothing left to run, nothing fails

    asyncio.run(main())


def test_the_depth_explorer_is_undone_and_redone_with_the_network():
    from model.depth import Explorer

    network = figure("nn11")
    view = View.for_figure("nn11", 3)
    explorer = Explorer()
    clock = Clock()
    history = History(network, view, explorer=explorer, clock=clock, defer=None)
    explorer.shown = True
    clock.wait(5.0)
    for tick in range(30):  # a drag of its shared w: one action
        clock.wait(0.02)
        explorer.weight = round(1.0 + 0.1 * tick, 1)
    clock.wait(5.0)
    explorer.set_layer(4, -2.0, 0.5)  # typed: an action of its own
    clock.wait(5.0)
    network.neurons[0].weight = 3.0
    assert history.undo() and network.neurons[0].weight == 2.0 and explorer.own == {4: (-2.0, 0.5)}
    assert history.undo() and explorer.own == {} and explorer.weight == 3.9
    assert history.undo() and explorer.weight == 1.0 and explorer.shown
    assert history.undo() and not explorer.shown and not history.can_undo
    assert history.redo() and history.redo() and explorer.weight == 3.9 and explorer.shown
    # Reset to figure puts the figure's network and view back; the explorer stays.
    clock.wait(5.0)
    network.neurons[1].bias = 4.0
    assert history.reset() and network.neurons[1].bias == figure("nn11").neurons[1].bias
    assert explorer.weight == 3.9 and explorer.shown


def test_dragged_names_the_depth_explorers_sliders_and_nothing_typed():
    from model.depth import Explorer

    network, view = figure("nn9"), View.for_figure("nn9", 3)
    base = State.of(network, view, Explorer())
    for name, value, key in (("depth", 6, ("depth", "depth")), ("weight", 2.0, ("depth", "weight")),
                             ("bias", 1.0, ("depth", "bias")), ("shown", True, None)):  # fmt: skip
        assert dragged(base, State.of(network, view, Explorer(**{name: value}))) == key
    assert dragged(base, State.of(network, view, Explorer(own={2: (1.0, 0.0)}))) is None
    assert dragged(base, State.of(network, view, Explorer(weight=2.0, bias=1.0))) is None
