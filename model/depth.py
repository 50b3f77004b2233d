"""What depth does: the second layer's neuron stacked 1 to ``MAX_DEPTH`` times on the hidden sum.

Layer k computes ``y_k = act(w_k·y_(k−1) − b_k)`` with ``y_0`` the hidden sum, and its slope
by the chain rule, ``y_k′ = w_k·act′(w_k·y_(k−1) − b_k)·y_(k−1)′``. The article ends on a claim
it only states: stacked sigmoids fade, stacked ReLUs do not. ``profile`` turns it into numbers
for every activation: the output's range (max − min over the grid) and its steepest slope
(max |dy/dx|) after each layer, for the w and b on screen.

Layers are ``[(w_1, b_1), …]``; ``shared(w, b, depth)`` is one pair repeated. Each w and b is
checked by the second layer's own parameters (the same bounds as every weight), the depth
against ``MAX_DEPTH``: a refused stack raises a ``Refusal`` naming the layer.

``Explorer`` is what the dashboard's depth explorer shows, as model state: the depth, the w
and b every layer shares, and the layers given values of their own; its rules are declared on
its parameters, and ``to_dict``/``from_dict`` carry it in the JSON document.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import param

from .activations import ACTIVATIONS, get_activation
from .calculus import derivatives, hidden_sum_of
from .messages import Refusal, show
from .network import Network, SecondLayer, _weight
from .parameters import Flag, _Checked

#: The deepest stack offered.
MAX_DEPTH = 20


def shared(weight: float, bias: float, depth: int) -> list[tuple[float, float]]:
    """One (w, b) for every layer of a ``depth``-layer stack."""
    return checked([(weight, bias)] * _depth(depth))


def _depth(depth, where: str = "depth") -> int:
    if isinstance(depth, bool) or not isinstance(depth, (int, np.integer)):
        ok = False
    else:
        ok = 1 <= depth <= MAX_DEPTH
    if not ok:
        raise Refusal("number.bounds", where=where, low="1", high=str(MAX_DEPTH), value=show(depth))
    return int(depth)


def checked(layers: Iterable[tuple[float, float]]) -> list[tuple[float, float]]:
    """``layers`` as floats, each refused as the second layer's weight and bias would be."""
    layers = list(layers)
    _depth(len(layers))
    out = []
    for k, pair in enumerate(layers, start=1):
        if not isinstance(pair, (tuple, list)) or len(pair) != 2:
            # The view builds the pairs; only a programming mistake gets here.
            raise ValueError(f"layer {k} must be a (weight, bias) pair, not {show(pair)}")
        w, b = pair
        SecondLayer.param.weight.check(w, f"layer {k} weight")
        SecondLayer.param.bias.check(b, f"layer {k} bias")
        out.append((float(w), float(b)))
    return out


@dataclass(frozen=True)
class Stack:
    """A stack's curves on the grid: ``outputs[k]`` and ``slopes[k]`` after k layers; k = 0 is
    the hidden sum itself, so both hold depth + 1 arrays."""

    activation: str
    layers: tuple[tuple[float, float], ...]
    x: np.ndarray
    outputs: tuple[np.ndarray, ...]
    slopes: tuple[np.ndarray, ...]

    @property
    def depth(self) -> int:
        return len(self.layers)

    def ranges(self) -> np.ndarray:
        """max − min of the output over the grid, after 0, 1, …, depth layers."""
        return np.array([float(np.max(y) - np.min(y)) for y in self.outputs])

    def steepest(self) -> np.ndarray:
        """max |dy/dx| over the grid, after 0, 1, …, depth layers."""
        return np.array([float(np.max(np.abs(d))) for d in self.slopes])


def stack(
    network: Network,
    layers: Sequence[tuple[float, float]],
    activation: str | None = None,
    output_weights: Sequence[float] | None = None,
    output_bias: float = 0.0,
) -> Stack:
    """Stack ``layers`` on ``network``'s hidden sum (its second layer itself is not used).

    ``activation`` evaluates the same network with another activation everywhere, hidden
    neurons included (by default the network's own); ``network`` is never changed.
    ``output_weights`` (vᵢ, one per neuron) weigh the sum as ``model.calculus`` does, and
    ``output_bias`` (c) is then added to it, as ``Network.curves`` adds it.
    """
    layers = checked(layers)
    act = get_activation(network.activation if activation is None else activation)
    x = network.x
    y = hidden_sum_of(network, x, act.name, output_weights)
    if output_weights is not None:
        y = y + float(output_bias)
    slope = derivatives(network, x, output_weights, act.name)["sum"]
    outputs, slopes = [y], [slope]
    for w, b in layers:
        z = w * y - b
        y, slope = act.fn(z), w * act.derivative(z) * slope
        outputs.append(y)
        slopes.append(slope)
    return Stack(act.name, tuple(layers), x, tuple(outputs), tuple(slopes))


@dataclass(frozen=True)
class Profile:
    """One activation's stack, summarised: ``ranges[k]`` and ``steepest[k]`` after k layers."""

    activation: str
    ranges: np.ndarray
    steepest: np.ndarray

    def range_ratio(self, k: int) -> float | None:
        """The output's range after k layers as a fraction of the sum's; None for a flat sum."""
        return None if self.ranges[0] == 0 else float(self.ranges[k] / self.ranges[0])


def profile(
    network: Network,
    layers: Sequence[tuple[float, float]],
    activations: Iterable[str] | None = None,
    output_weights: Sequence[float] | None = None,
    output_bias: float = 0.0,
) -> dict[str, Profile]:
    """For each activation (all of them by default), how range and steepest slope change with
    depth, for this network's neurons and these layers."""
    layers = checked(layers)
    names = list(ACTIVATIONS) if activations is None else list(activations)
    out = {}
    for name in names:
        s = stack(network, layers, name, output_weights, output_bias)
        out[s.activation] = Profile(s.activation, s.ranges(), s.steepest())
    return out


class Depth(_Checked, param.Integer):
    """A stack's depth: a whole number of layers from 1 to ``MAX_DEPTH``."""

    def check(self, value, where: str) -> None:
        _depth(value, where)


class Explorer(param.Parameterized):
    """What the depth explorer shows: how deep the stack is, the w and b every layer shares,
    and the layers given values of their own (typed in the explorer's table).

    Layer k computes ``act(w_k·y_(k−1) − b_k)`` with ``(w_k, b_k)`` its own pair if it has one,
    else the shared ``(weight, bias)``. Every value is checked as the second layer's is.
    """

    shown = Flag(False, doc="Show the depth explorer.")
    depth = Depth(5, bounds=(1, MAX_DEPTH), doc="How many layers are stacked on the hidden sum.")
    weight = _weight(1.0, "w: every layer's weight, unless the layer has its own.")
    bias = _weight(0.0, "b: every layer's bias, unless the layer has its own.")
    own = param.Dict(
        default={},
        doc="The layers with a (w, b) of their own: {k: (w, b)}, k from 1 to MAX_DEPTH. "
        "Replaced, never changed in place (set_layer, clear_layer).",
    )

    def layers(self, depth: int | None = None) -> list[tuple[float, float]]:
        """Layers 1 to ``depth`` (the explorer's own depth by default), each as (w, b)."""
        shared_pair = (self.weight, self.bias)
        count = self.depth if depth is None else _depth(depth)
        return checked([self.own.get(k, shared_pair) for k in range(1, count + 1)])

    def set_layer(self, k: int, weight, bias) -> None:
        """Give layer ``k`` a (w, b) of its own; a refused value raises and changes nothing."""
        k = _depth(k)
        SecondLayer.param.weight.check(weight, f"layer {k} weight")
        SecondLayer.param.bias.check(bias, f"layer {k} bias")
        pair = (float(weight), float(bias))
        if self.own.get(k) != pair:
            self.own = {**self.own, k: pair}

    def clear_layer(self, k: int) -> None:
        """Layer ``k`` uses the shared w and b again."""
        if k in self.own:
            self.own = {j: pair for j, pair in self.own.items() if j != k}

    def is_default(self) -> bool:
        """Whether nothing of the explorer differs from a new one's (a document leaves it out)."""
        return all(getattr(self, n) == p.default for n, p in self.param.objects().items()
                   if n != "name")  # fmt: skip

    def to_dict(self) -> dict:
        """The explorer as plain JSON values (``model.document``'s optional ``depth`` part)."""
        return {
            "shown": bool(self.shown),
            "depth": int(self.depth),
            "weight": float(self.weight),
            "bias": float(self.bias),
            "layers": [
                {"layer": k, "weight": w, "bias": b} for k, (w, b) in sorted(self.own.items())
            ],
        }

    @classmethod
    def from_dict(cls, raw, path: str = "depth") -> Explorer:
        """An explorer from ``to_dict``'s values, each checked by its parameter's rule; any
        other shape, key or value raises a ``Refusal`` that says what and where."""

        def fields(obj, where: str, required: tuple[str, ...], optional=()) -> None:
            if not isinstance(obj, dict):
                raise Refusal("doc.object", where=where, value=show(obj))
            for key in obj:
                if key not in required and key not in optional:
                    raise Refusal("doc.unknown_field", where=f"{where}.{show(key)}", version="2")
            for key in required:
                if key not in obj:
                    raise Refusal("doc.missing", where=f"{where}.{key}")

        fields(raw, path, ("depth", "weight", "bias"), ("shown", "layers"))
        p = cls.param
        p.shown.check(raw.get("shown", False), f"{path}.shown")
        p.depth.check(raw["depth"], f"{path}.depth")
        p.weight.check(raw["weight"], f"{path}.weight")
        p.bias.check(raw["bias"], f"{path}.bias")
        layers = raw.get("layers", [])
        if not isinstance(layers, list):
            raise Refusal("doc.list", where=f"{path}.layers", value=show(layers))
        own: dict[int, tuple[float, float]] = {}
        for i, item in enumerate(layers):
            where = f"{path}.layers[{i}]"
            fields(item, where, ("layer", "weight", "bias"))
            k = item["layer"]
            if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= MAX_DEPTH:
                raise Refusal(
                    "number.bounds", where=f"{where}.layer", low="1", high=str(MAX_DEPTH),
                    value=show(k),
                )  # fmt: skip
            if k in own:
                raise Refusal("depth.repeated", where=f"{path}.layers", layer=str(k))
            SecondLayer.param.weight.check(item["weight"], f"{where}.weight")
            SecondLayer.param.bias.check(item["bias"], f"{where}.bias")
            own[k] = (float(item["weight"]), float(item["bias"]))
        return cls(
            shown=raw.get("shown", False), depth=int(raw["depth"]),
            weight=float(raw["weight"]), bias=float(raw["bias"]), own=own,
        )  # fmt: skip

    def stack(self, network: Network, activation: str | None = None) -> Stack:
        """This explorer's stack on ``network``'s hidden sum, the sum the page draws (with
        the output weights and bias when the network's hidden layer has them on)."""
        return stack(network, self.layers(), activation, *self._output(network))

    def profile(
        self, network: Network, activations: Iterable[str] | None = None
    ) -> dict[str, Profile]:
        """Range and steepest slope after 1 to ``MAX_DEPTH`` of these layers, per activation."""
        layers = self.layers(MAX_DEPTH)
        return profile(network, layers, activations, *self._output(network))

    @staticmethod
    def _output(network: Network) -> tuple:
        hidden = network.hidden
        if not hidden.output_weights:
            return (None, 0.0)
        return ([float(n.output_weight) for n in network.neurons], float(hidden.output_bias))
