"""Neurons, the hidden layer, the optional second layer, and the network they form.

One file over 300 lines on purpose: the four classes compose (``Network.curves()`` calls the
layers, which call the neurons), as micrograd's ``nn.py`` keeps its three together.

The article's conventions throughout: a neuron computes ``act(weight * x - bias)`` (the bias is
*subtracted*), the hidden layer's output is the plain sum of its neurons (output weights fixed at
1), and the "second layer" is a single neuron applied to that sum, ``act(w2 * sum - b2)``.

Beyond the article, a switch gives each neuron an output weight v and the layer an output bias c:
``sum = Σ vᵢ·act(wᵢx − bᵢ) + c``, and each neuron's curve is its contribution ``vᵢ·act(…)``. Off
(the default), nothing is multiplied or added, so every figure is the article's bit for bit.
"""

from __future__ import annotations

from contextlib import contextmanager

import numpy as np
import param

from .activations import ACTIVATIONS, get_activation
from .messages import Refusal, show
from .parameters import Choice, Flag, Grid, HexColor, Real

#: Weights and biases are refused beyond this magnitude.
WEIGHT_LIMIT = 1e6
#: The slider range offered for weights and biases (typed values may go beyond, up to the limit).
SLIDER_RANGE = (-10.0, 10.0)
#: The hidden layer holds at least one and at most this many neurons.
MAX_NEURONS = 64

#: The sum's colour (the article's green) and the second layer's (black).
SUM_COLOR = "#008000"
DEEP_COLOR = "#000000"
#: Colours for hidden neurons, in order of addition. Green and black are kept for the sum and the
#: second layer, so no neuron is ever mistaken for them.
NEURON_COLORS = (
    "#ff0000",  # red     (article)
    "#0000ff",  # blue    (article)
    "#ffa500",  # orange  (article)
    "#9467bd",  # purple
    "#8c564b",  # brown
    "#e377c2",  # pink
    "#17becf",  # cyan
    "#bcbd22",  # olive
    "#7f7f7f",  # grey
    "#1f77b4",  # steel blue
)


def _weight(default: float, doc: str, **kw) -> Real:
    return Real(
        default,
        bounds=(-WEIGHT_LIMIT, WEIGHT_LIMIT),
        softbounds=SLIDER_RANGE,
        step=0.1,
        doc=doc,
        **kw,
    )


class Neuron(param.Parameterized):
    """One neuron: ``act(weight * x - bias)``."""

    weight = _weight(1.0, "Multiplies the input: sets the curve's steepness; negative mirrors it.")
    bias = _weight(0.0, "Subtracted from weight·x: a larger bias slides the curve to the right.")
    color = HexColor("#ff0000", doc="The colour of this neuron's curve.")
    output_weight = _weight(
        1.0,
        "v: multiplies this neuron's output in the sum, when output weights are on "
        "(negative turns its curve upside down).",
    )

    def pre_activation(self, x) -> np.ndarray:
        """``weight * x - bias``, the value fed to the activation."""
        return self.weight * np.asarray(x, dtype=float) - self.bias

    def __call__(self, x, activation: str) -> np.ndarray:
        return get_activation(activation)(self.pre_activation(x))

    def __repr__(self) -> str:
        extra = "" if self.output_weight == 1.0 else f", output_weight={self.output_weight!r}"
        return f"{type(self).__name__}(weight={self.weight!r}, bias={self.bias!r}{extra})"


class NeuronList(param.List):
    """A layer's neurons: as many as its ``bounds`` allow, each at most once (the same neuron
    twice would be counted twice in the sum)."""

    def check(self, value, where: str) -> None:
        low, high = self.bounds
        if not low <= len(value) <= high:
            raise Refusal("neurons.count", where=where, most=high, count=len(value))
        if len({id(n) for n in value}) != len(value):
            raise Refusal("neurons.repeated", where=where)

    def _validate_bounds(self, val, bounds):
        pass  # ``check`` does it, in the model's words

    def _validate(self, val):
        super()._validate(val)
        if self.owner is not None:  # None only for the declaration's placeholder default
            self.check(val, "the hidden layer")


class HiddenLayer(param.Parameterized):
    """An ordered collection of neurons whose output is the plain sum of theirs, or, with
    output weights on, ``Σ vᵢ·(neuron i) + c``."""

    neurons = NeuronList(
        default=[],
        item_type=Neuron,
        bounds=(1, MAX_NEURONS),
        instantiate=False,
        doc=f"The layer's neurons, in order (1 to {MAX_NEURONS}).",
    )
    output_weights = Flag(
        False,
        doc="Give each neuron an output weight v and the layer an output bias c: "
        "sum = Σ v·neuron + c. Off, as in the article: v = 1 and c = 0.",
    )
    output_bias = _weight(0.0, "c: added to the weighted sum, when output weights are on.")

    def __init__(self, neurons=None, **params):
        if neurons is None:
            neurons = [Neuron(color=NEURON_COLORS[0])]
        super().__init__(neurons=list(neurons), **params)

    def next_color(self) -> str:
        """The first palette colour no neuron uses yet (cycling once all are taken)."""
        used = {n.color for n in self.neurons}
        for c in NEURON_COLORS:
            if c not in used:
                return c
        return NEURON_COLORS[len(self.neurons) % len(NEURON_COLORS)]

    def add_neuron(
        self, weight: float = 1.0, bias: float = 0.0, color: str | None = None
    ) -> Neuron:
        """Append a new neuron; refused, changing nothing, if the layer is full or a value bad."""
        neuron = Neuron(weight=weight, bias=bias, color=color or self.next_color())
        # Replace, never mutate: an in-place append would fire no event.
        self.neurons = [*self.neurons, neuron]
        return neuron

    def remove_neuron(self, index: int = -1) -> Neuron:
        """Remove the neuron at ``index`` (the last by default); the last neuron cannot go."""
        neurons = list(self.neurons)
        removed = neurons.pop(index)
        self.neurons = neurons
        return removed

    def __call__(self, x, activation: str) -> list[np.ndarray]:
        """Each neuron's contribution to the sum at ``x``, in order: its output, times its
        output weight when output weights are on."""
        if not self.output_weights:
            return [n(x, activation) for n in self.neurons]
        return [n.output_weight * n(x, activation) for n in self.neurons]

    def output(self, contributions: list[np.ndarray]) -> np.ndarray:
        """The layer's output from its neurons' contributions: their sum, plus c when output
        weights are on."""
        total = self.total(contributions)
        if self.output_weights:
            total += self.output_bias
        return total

    @staticmethod
    def total(outputs: list[np.ndarray]) -> np.ndarray:
        """The layer's output: its neurons' outputs added left to right, as the article writes
        n1 + n2 + n3 (floating-point addition is not associative)."""
        total = np.array(outputs[0], dtype=float)
        for y in outputs[1:]:
            total += y
        return total

    def __len__(self) -> int:
        return len(self.neurons)

    def __repr__(self) -> str:
        if not self.output_weights:
            return f"HiddenLayer({self.neurons!r})"
        return (
            f"HiddenLayer({self.neurons!r}, output_weights=True, output_bias={self.output_bias!r})"
        )


class SecondLayer(Neuron):
    """The article's second hidden layer: one neuron on the hidden sum, ``act(w2 * sum - b2)``.

    The article gives it a single weight and says so (a full layer would have one per incoming
    neuron). Switching it off keeps its weight and bias, so nothing is lost.
    """

    enabled = Flag(False, doc="Feed the hidden layer's sum through one more neuron.")
    weight = _weight(1.0, "w2: multiplies the hidden sum; negative flips the shape upside down.")
    bias = _weight(0.0, "b2: subtracted from w2·sum before the activation.")
    color = HexColor(DEEP_COLOR, doc="The colour of the second layer's curve.")

    def __repr__(self) -> str:
        return f"SecondLayer(enabled={self.enabled!r}, weight={self.weight!r}, bias={self.bias!r})"


class Network(param.Parameterized):
    """The article's network: x → hidden neurons → their sum → (optionally) one more neuron.

    Every change, anywhere inside (a weight, a bias, the activation, the grid, the second layer,
    a neuron added or removed), fires that parameter's own event and then ``changed`` once, so a
    view can watch one thing or everything.
    """

    activation = Choice(
        objects=list(ACTIVATIONS),
        default="sigmoid",
        doc="The activation function, shared by every layer (as in the article).",
    )
    grid = Grid(
        (-5.0, 5.0, 0.1),
        doc="The x samples (start, stop, step), as numpy.arange(start, stop, step).",
    )
    hidden = param.ClassSelector(class_=HiddenLayer, constant=True, instantiate=False)
    second = param.ClassSelector(class_=SecondLayer, constant=True, instantiate=False)
    changed = param.Event(doc="Fires once after any change anywhere in the network.")

    def __init__(
        self, hidden: HiddenLayer | None = None, second: SecondLayer | None = None, **params
    ):
        super().__init__(
            hidden=hidden if hidden is not None else HiddenLayer(),
            second=second if second is not None else SecondLayer(),
            **params,
        )
        self._held = 0
        self._pending = False
        self._neuron_watchers: dict[int, tuple[Neuron, object]] = {}
        self.param.watch(self._on_change, ["activation", "grid"])
        self.second.param.watch(self._on_change, ["enabled", "weight", "bias", "color"])
        self.hidden.param.watch(self._on_neurons, "neurons")
        self.hidden.param.watch(self._on_change, ["output_weights", "output_bias"])
        self._watch_neurons()

    # -- events -------------------------------------------------------------------------------
    def _watch_neurons(self) -> None:
        current = {id(n): n for n in self.hidden.neurons}
        for key in list(self._neuron_watchers):
            if key not in current:
                neuron, watcher = self._neuron_watchers.pop(key)
                neuron.param.unwatch(watcher)
        for key, neuron in current.items():
            if key not in self._neuron_watchers:
                watcher = neuron.param.watch(
                    self._on_change, ["weight", "bias", "color", "output_weight"]
                )
                self._neuron_watchers[key] = (neuron, watcher)

    def _on_neurons(self, *_events) -> None:
        self._watch_neurons()
        self._on_change()

    def _on_change(self, *_events) -> None:
        if self._held:
            self._pending = True
        else:
            self.param.trigger("changed")

    @contextmanager
    def hold(self):
        """Batch many changes so that ``changed`` fires once, at the end (if anything changed)."""
        self._held += 1
        try:
            yield self
        finally:
            self._held -= 1
            if not self._held and self._pending:
                self._pending = False
                self.param.trigger("changed")

    # -- maths --------------------------------------------------------------------------------
    @property
    def x(self) -> np.ndarray:
        return np.arange(*self.grid, dtype=float)

    @property
    def neurons(self) -> list[Neuron]:
        return list(self.hidden.neurons)

    def curves(self) -> dict:
        """Every curve the network defines, on its grid: the layers, composed.

        ``{"x": grid, "neurons": [one array per hidden neuron], "sum": their sum,
        "deep": the second layer's output, or None when it is off}``. With output weights on,
        each neuron's array is its contribution ``vᵢ·act(wᵢx − bᵢ)`` and the sum adds c.
        """
        x = self.x
        neurons = self.hidden(x, self.activation)
        hidden_sum = self.hidden.output(neurons)
        deep = self.second(hidden_sum, self.activation) if self.second.enabled else None
        return {"x": x, "neurons": neurons, "sum": hidden_sum, "deep": deep}

    def __call__(self, x) -> np.ndarray:
        """The network's output at ``x``: the second layer's if it is on, else the hidden sum."""
        hidden_sum = self.hidden.output(self.hidden(x, self.activation))
        if self.second.enabled:
            return self.second(hidden_sum, self.activation)
        return hidden_sum

    # -- configuration ------------------------------------------------------------------------
    def spec(self) -> dict:
        """Everything that defines this network, as plain values: ``configure``'s arguments.

        ``Network.from_spec(net.spec())`` is an equal, independent network.
        """
        return {
            "activation": self.activation,
            "neurons": [(float(n.weight), float(n.bias), n.color) for n in self.neurons],
            "second": (float(self.second.weight), float(self.second.bias)),
            "second_enabled": bool(self.second.enabled),
            "grid": tuple(float(v) for v in self.grid),
            "output_weights": bool(self.hidden.output_weights),
            "output": (
                [float(n.output_weight) for n in self.neurons],
                float(self.hidden.output_bias),
            ),
        }

    @classmethod
    def from_spec(cls, spec: dict) -> Network:
        """A new Network configured as ``spec`` (``configure``'s arguments) says."""
        net = cls()
        net.configure(**spec)
        return net

    def configure(
        self,
        *,
        activation: str | None = None,
        neurons: list[tuple] | None = None,
        second: tuple | None = None,
        second_enabled: bool | None = None,
        grid: tuple | None = None,
        output_weights: bool | None = None,
        output: tuple | None = None,
    ) -> None:
        """Change several things at once, all or nothing.

        ``neurons`` is a list of ``(weight, bias)`` or ``(weight, bias, color)``; ``second`` is
        ``(w2, b2)``; ``output`` is ``([v for each neuron], c)``, one v per neuron (new neurons
        given without it have v = 1). Every value is checked by its parameter's own rule first,
        so a bad value raises a ``Refusal`` and leaves the network exactly as it was.
        ``changed`` fires once.
        """
        if activation is not None:
            type(self).param.activation.check(activation, "activation")
        if grid is not None:
            grid = tuple(grid)
            type(self).param.grid.check(grid, "grid")
        new_neurons = None
        if neurons is not None:
            new_neurons = [
                Neuron(
                    weight=w,
                    bias=b,
                    color=rest[0] if rest else NEURON_COLORS[i % len(NEURON_COLORS)],
                )
                for i, (w, b, *rest) in enumerate(neurons)
            ]
            HiddenLayer.param.neurons.check(new_neurons, "neurons")
        if second is not None:
            SecondLayer(weight=second[0], bias=second[1])
        if second_enabled is not None:
            SecondLayer.param.enabled.check(second_enabled, "second_enabled")
        if output_weights is not None:
            HiddenLayer.param.output_weights.check(output_weights, "output_weights")
        if output is not None:
            values, c = output
            count = len(new_neurons if new_neurons is not None else self.neurons)
            if not isinstance(values, (list, tuple)) or len(values) != count:
                raise Refusal("output.count", count=count, value=show(values))
            for i, v in enumerate(values):
                Neuron.param.output_weight.check(v, f"output weight {i}")
            HiddenLayer.param.output_bias.check(c, "output bias")
        # Then apply; nothing below can fail.
        with self.hold():
            if activation is not None:
                self.activation = activation
            if grid is not None:
                self.grid = tuple(float(v) for v in grid)
            if new_neurons is not None:
                self.hidden.neurons = new_neurons
            updates = {}
            if second is not None:
                updates.update(weight=second[0], bias=second[1])
            if second_enabled is not None:
                updates["enabled"] = bool(second_enabled)
            if updates:
                self.second.param.update(**updates)
            if output is not None:
                for neuron, v in zip(self.neurons, output[0], strict=True):
                    neuron.output_weight = float(v)
                self.hidden.output_bias = float(output[1])
            if output_weights is not None:
                self.hidden.output_weights = bool(output_weights)

    # -- state in and out (model.document) ----------------------------------------------------
    def to_json(self, view=None) -> str:
        """This network (and a ``model.view.View``, if given) as a versioned JSON document."""
        from .document import to_json

        return to_json(self, view)

    @classmethod
    def from_json(cls, text: str | bytes) -> Network:
        """A new Network read from a JSON document; ``model.document.StateError`` if refused."""
        from .document import load_json

        return load_json(text).network

    def __repr__(self) -> str:
        return (
            f"Network(activation={self.activation!r}, grid={self.grid!r}, "
            f"hidden={self.hidden!r}, second={self.second!r})"
        )
