"""The page's outbox on the server side (``dashboard.outbox``): what a message from the page
does to the model and the controls, and what a forged one does not."""

import json

from dashboard import Playground
from dashboard.outbox import MAX_MESSAGE, PageOutbox, control_key
from dashboard.plots import neuron_id
from harness.dashboard import render


def outbox(layout) -> PageOutbox:
    """The outbox of a rendering (``harness.dashboard.render``), beside its NetState."""
    return next(m for m in layout.tags if isinstance(m, PageOutbox))


def send(layout, values: dict, seq: int = 1) -> None:
    outbox(layout).message = json.dumps({"seq": seq, "values": values})


def weight_key(pg, index: int = 0) -> str:
    return control_key("weights", neuron_id(pg.network.neurons[index]))


def test_a_value_from_the_page_sets_the_model_and_the_box_follows_with_the_text():
    pg = Playground.from_figure("nn11")
    layout, state = render(pg)
    card = pg._cards[id(pg.network.neurons[0])]
    send(layout, {weight_key(pg): 2.4000000000000004})  # as the browser's steps add up
    assert pg.network.neurons[0].weight == 2.4  # the step's decimal
    assert state.weights[0] == 2.0  # drawn in the page already: no echo
    assert card.weight.slider.value == 2.4
    # The typed box follows at the rate of the formula and link, not every message.
    assert card.weight.box.value == "2" and card.weight.box_behind
    pg._update_text()
    assert card.weight.box.value == "2.4" and not card.weight.box_behind
    assert "n=2.4_-2~" in pg.query_string()


def test_values_for_several_controls_in_one_message_all_arrive():
    pg = Playground.from_figure("nn11")
    layout, _ = render(pg)
    pg.network.second.enabled = True
    send(layout, {weight_key(pg, 0): 1.5, weight_key(pg, 1): -3.0, "w2": 2.5, "b2": -0.5})
    assert [n.weight for n in pg.network.neurons[:2]] == [1.5, -3.0]
    assert (pg.network.second.weight, pg.network.second.bias) == (2.5, -0.5)


def test_a_value_no_slider_could_send_is_refused_and_said():
    pg = Playground.from_figure("nn11")
    layout, _ = render(pg)
    told = []
    pg.plots.outbox.refused = told.append
    before = pg.network.neurons[0].weight
    for bad in (float("nan"), 1e9, "Infinity", "2", True, None, [1]):
        send(layout, {weight_key(pg): bad})
        assert pg.network.neurons[0].weight == before
    assert len(told) == 7 and all(t.startswith("Not applied:") for t in told), told


def test_messages_that_are_not_the_outbox_format_change_nothing():
    pg = Playground.from_figure("nn11")
    layout, _ = render(pg)
    before = pg.query_string()
    box = outbox(layout)
    too_long = json.dumps({"values": {weight_key(pg): 1.0}, "x": "y" * MAX_MESSAGE})
    for text in ("{not json", "[1, 2]", '{"values": 5}', '{"values": {"weights:nope": 1}}',
                 too_long):  # fmt: skip
        box.message = text
    assert pg.query_string() == before


def test_every_rendering_has_its_own_outbox_and_each_reaches_the_model():
    pg = Playground.from_figure("nn11")
    (a, _), (b, _) = render(pg), render(pg)  # two notebook outputs of one playground
    assert outbox(a) is not outbox(b)
    send(a, {weight_key(pg): 1.5})
    send(b, {weight_key(pg): -1.5})
    assert pg.network.neurons[0].weight == -1.5


def test_values_for_several_controls_in_one_message_are_an_undo_step_each():
    """A busy page (or a kernel taking two messages at once) can send the last value of one
    slider and the first of the next in one message: each control's change stays its own undo
    step, as it would have in two messages."""
    import asyncio

    async def served():  # as in a server: an action closes when the event loop next turns
        pg = Playground.from_figure("nn11")
        layout, _state = render(pg)
        send(layout, {weight_key(pg): 2.4, "w2": 1.5})
        await asyncio.sleep(0)
        assert pg.network.neurons[0].weight == 2.4 and pg.network.second.weight == 1.5
        pg.history.undo()
        assert pg.network.second.weight == 1.0 and pg.network.neurons[0].weight == 2.4
        pg.history.undo()
        assert pg.network.neurons[0].weight == 2.0

    asyncio.run(served())
