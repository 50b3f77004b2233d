"""What depth does: the second layer's neuron stacked 1 to ``MAX_DEPTH`` times on the hidden sum.

Layer k computes ``y_k = act(w_k·y_(k−1) − b_k)`` with ``y_0`` the hidden sum, and its slope
by the chain rule, ``y_k′ = w_k·act′(w_k·y_(k−1) − b_k)·y_(k−1)′``. The article ends on a claim
it only states: stacked sigmoids fade, stacked ReLUs do not. ``profile`` turns it into numbers
for every activation: the output's range (max − min over the grid) and its steepest slope
(max |dy/dx|) after each layer, for the w and b on screen.

Layers are ``[(w_1, b_1), …]``; ``shared(w, b, depth)`` is one pair repeated. Each w and b is
checked by the second layer's own parameters (the same bounds as every weight), the depth
against ``MAX_DEPTH``: a refused stack raises a ``Refusal`` naming the layer.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from .activations import ACTIVATIONS, get_activation
from .calculus import derivatives, hidden_sum_of
from .messages import Refusal, show
from .network import Network, SecondLayer

#: The deepest stack offered.
MAX_DEPTH = 20


def shared(weight: float, bias: float, depth: int) -> list[tuple[float, float]]:
    """One (w, b) for every layer of a ``depth``-layer stack."""
    return checked([(weight, bias)] * _depth(depth))


def _depth(depth) -> int:
    if isinstance(depth, bool) or not isinstance(depth, (int, np.integer)):
        ok = False
    else:
        ok = 1 <= depth <= MAX_DEPTH
    if not ok:
        raise Refusal(
            "number.bounds", where="depth", low="1", high=str(MAX_DEPTH), value=show(depth)
        )
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
) -> Stack:
    """Stack ``layers`` on ``network``'s hidden sum (its second layer itself is not used).

    ``activation`` evaluates the same network with another activation everywhere, hidden
    neurons included (by default the network's own); ``network`` is never changed.
    ``output_weights`` (vᵢ, one per neuron) weigh the sum as ``model.calculus`` does.
    """
    layers = checked(layers)
    act = get_activation(network.activation if activation is None else activation)
    x = network.x
    y = hidden_sum_of(network, x, act.name, output_weights)
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
) -> dict[str, Profile]:
    """For each activation (all of them by default), how range and steepest slope change with
    depth, for this network's neurons and these layers."""
    layers = checked(layers)
    names = list(ACTIVATIONS) if activations is None else list(activations)
    out = {}
    for name in names:
        s = stack(network, layers, name, output_weights)
        out[s.activation] = Profile(s.activation, s.ranges(), s.steepest())
    return out
