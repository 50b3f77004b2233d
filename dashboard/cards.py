"""The hidden layer's controls: its neuron count, Add neuron, and the neuron cards.

A neuron added or removed is an action of its own in the history of edits. A small layer has
one card per neuron; a large one, a picker and the card of the neuron it chooses. Each card's
*show* box and the view's hidden neurons follow each other, and hidden neurons stay hidden
when others come or go.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from contextlib import AbstractContextManager

import panel as pn
import param

from model import Network
from model.placement import fresh_neuron
from model.view import View

from .controls import NeuronCard
from .notebook import Text
from .notices import Notices
from .pace import CARD_DELAY, CARD_INTERVAL, Paced
from .plots import CurvesPane
from .words import Words

#: Up to this many neurons each has its own card; beyond it, a picker chooses the one to edit.
CARD_LIMIT = 8


class LayerControls:
    """The controls of ``network``'s hidden layer; the cards are laid out in ``column``.

    A neuron added or removed is one action of the history (``action()`` opens it); a refusal
    is shown in ``notices``. ``picked()`` follows a pick in the picker.
    """

    def __init__(
        self,
        network: Network,
        view: View,
        plots: CurvesPane,
        notices: Notices,
        action: Callable[[], AbstractContextManager],
        picked: Callable[[], None],
        words: Words,
    ):
        self.network, self.view, self.plots, self.notices = network, view, plots, notices
        self.words = words
        self._action, self._picked = action, picked
        self.add_button = words.bind(
            pn.widgets.Button(color="primary", sizing_mode="stretch_width"), "name", "ui.layer.add"
        )
        self.add_button.on_click(self._add_neuron)
        self.count = Text("", margin=(10, 10, 0, 10))
        #: Each card made, by ``id`` of its neuron.
        self.by_neuron: dict[int, NeuronCard] = {}
        self._order: list[int] = []  # the neurons (ids) the cards were last laid out for
        self._retired: list = []  # widgets of cards let go, with a callback in the page
        self._lay_out_later = Paced(self._lay_out, CARD_DELAY, CARD_INTERVAL)
        self._pick_last = False  # the picker moves to the neuron just added, when laid out
        self.column = pn.Column(sizing_mode="stretch_width", margin=0)
        self.picker = words.bind(
            pn.widgets.Select(
                options={words("ui.card.neuron", n=1): 0}, value=0, visible=False,
                sizing_mode="stretch_width",
            ), "name", "ui.layer.picker",
        )  # fmt: skip
        words.follow(self._relabel_picker)
        self.picker.param.watch(self._on_pick, "value")

    def selected(self) -> int:
        """The neuron being edited, drawn wider, when the picker chooses among many; else -1."""
        return self.picker.value if self.picker.visible else -1

    def stale(self) -> bool:
        """Whether neurons came or went since the layer last followed them (``follow``); the
        cards themselves may be laid out a moment later (``.pace``)."""
        return [id(n) for n in self.network.neurons] != self._order

    def update(self, colors: list[str]) -> None:
        """The count, whether a neuron may be added or removed, and each card's colour (its
        curve's, ``colors`` from ``View.colors``)."""
        n = len(self.network.neurons)
        most = self.network.hidden.param.neurons.bounds[1]
        words = self.words
        self.count.object = f"<b>{html.escape(words('ui.layer.heading'))}</b> · " + html.escape(
            words("ui.layer.count_one" if n == 1 else "ui.layer.count", n=n)
        )
        self.add_button.disabled = n >= most
        self.add_button.description = (
            words("ui.layer.full", most=most) if n >= most else words("ui.layer.add_about")
        )
        outputs = self.network.hidden.output_weights
        for card in self.by_neuron.values():
            card.remove.disabled = n <= 1
            card.set_outputs(outputs)
        for i, neuron in enumerate(self.network.neurons):
            card = self.by_neuron.get(id(neuron))
            if card is not None:
                card.set_color(colors[i])

    def sources(self) -> list:
        """Every card's widgets with a callback in the page, retired or live (for release)."""
        sources = list(self._retired)
        for card in self.by_neuron.values():
            sources += _linked(card)
        return sources

    def renew(self) -> None:
        """Let every card go and lay out new ones: the network or the view was replaced."""
        for card in self.by_neuron.values():
            self._retired += _linked(card)
        self.by_neuron = {}
        self._order = []
        self.sync()

    def sync(self) -> None:
        """Follow the neurons and lay the cards out now."""
        self._follow_neurons()
        self._lay_out()

    def follow(self) -> None:
        """Neurons came or went: follow them now, lay the cards out once a burst is over."""
        self._follow_neurons()
        self._lay_out_later.schedule()

    def _follow_neurons(self) -> None:
        """The view's hidden indices follow the neurons they named; cards of neurons gone go."""
        neurons = self.network.neurons
        current = {id(n) for n in neurons}
        if self._order:
            order = self._order
            hidden_ids = {order[i] for i in self.view.hidden if i < len(order)}
            hidden = [i for i, n in enumerate(neurons) if id(n) in hidden_ids]
            if hidden != self.view.hidden:
                with param.parameterized.discard_events(self.view):
                    self.view.hidden = hidden
        for key in [k for k in self.by_neuron if k not in current]:
            self._retired += _linked(self.by_neuron.pop(key))
        self._order = [id(n) for n in neurons]

    def _lay_out(self) -> None:
        """One card per neuron for a small layer; a picker and one card for a large one."""
        neurons = self.network.neurons
        picked = self.selected()
        if len(neurons) <= CARD_LIMIT:
            self.picker.visible = False
            indices = range(len(neurons))
        else:
            with param.parameterized.discard_events(self.picker):
                self.picker.options = self._picker_options()
                if self._pick_last or self.picker.value not in self.picker.options.values():
                    self.picker.value = len(neurons) - 1  # edit the neuron just added
            self.picker.visible = True
            indices = [self.picker.value]
        self._pick_last = False
        self.column.objects = [self._card(i).view for i in indices]
        if self.selected() != picked:
            self._picked()  # the picked neuron is drawn wider

    def _picker_options(self) -> dict[str, int]:
        words = self.words
        return {words("ui.card.neuron", n=i + 1): i for i in range(len(self.network.neurons))}

    def _relabel_picker(self) -> None:
        if self.picker.visible:
            with param.parameterized.discard_events(self.picker):
                self.picker.options = self._picker_options()

    def sync_shown(self) -> None:
        """Each card's *show* box follows the view's hidden neurons."""
        hidden = set(self.view.hidden)
        for i, neuron in enumerate(self.network.neurons):
            card = self.by_neuron.get(id(neuron))
            if card is not None and card.shown != (i not in hidden):
                with param.parameterized.discard_events(card):
                    card.set_shown(i not in hidden)

    def _card(self, index: int) -> NeuronCard:
        """The card of neuron ``index``, made the first time it is shown (cards are not cheap)."""
        neuron = self.network.neurons[index]
        card = self.by_neuron.get(id(neuron))
        if card is None:
            color = self.view.colors(self.network)[0][index]
            card = NeuronCard(
                neuron, index, self._remove_neuron, self.plots, self.words, color=color
            )
            card.shown = index not in self.view.hidden
            card.show.value = card.shown
            card.set_outputs(self.network.hidden.output_weights)
            card.param.watch(lambda event: self._on_shown(neuron, event.new), "shown")
            self.by_neuron[id(neuron)] = card
        card.set_index(index)
        return card

    def _on_shown(self, neuron, shown: bool) -> None:
        index = next(i for i, n in enumerate(self.network.neurons) if n is neuron)
        hidden = set(self.view.hidden)
        hidden = hidden - {index} if shown else hidden | {index}
        self.view.hidden = sorted(hidden)

    def _on_pick(self, _event) -> None:
        self.sync()
        self._picked()  # the picked neuron is drawn wider

    def _add_neuron(self, _event=None) -> None:
        # On a step of its own, where no other neuron bends: a neuron that lay on another
        # would be invisible.
        weight, bias = fresh_neuron(self.network)
        self._pick_last = True  # a large layer's picker moves to it when the cards follow
        try:
            with self._action():
                self.network.hidden.add_neuron(weight=weight, bias=bias)
        except ValueError as error:
            self._pick_last = False
            self.notices.show(error)

    def _remove_neuron(self, neuron) -> None:
        try:
            with self._action():
                self.network.hidden.remove_neuron(self.network.neurons.index(neuron))
        except ValueError as error:
            self.notices.show(error)


def _linked(card: NeuronCard) -> list:
    """The card's widgets with a callback in the page."""
    extra = [] if card.output is None else [card.output.slider]
    return [card.weight.slider, card.bias.slider, card.show, *extra]
