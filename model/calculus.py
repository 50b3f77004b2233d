"""The network's dy/dx in closed form: each neuron's share, the sum's and the second layer's.

By the chain rule, with a neuron computing ``act(wᵢ·x − bᵢ)``:

- neuron i's share of the sum's slope is ``wᵢ·act′(wᵢ·x − bᵢ)`` (times its output weight vᵢ,
  once the hidden layer has them: ``output_weights``);
- the sum's slope is the shares added, left to right as the sum itself is added;
- the second layer's is ``w2·act′(w2·s − b2)·s′``, s the sum and s′ its slope.

Where a learner sees why a flat sigmoid tail learns nothing: there every share is ~0. At a kink
(ReLU's, the step's) the slope is the activation's ``derivative`` convention (the left side's).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .activations import get_activation
from .network import HiddenLayer, Network


def derivatives(
    network: Network,
    x=None,
    output_weights: Sequence[float] | None = None,
    activation: str | None = None,
) -> dict:
    """dy/dx of every curve of ``network``, at ``x`` (its grid by default).

    ``{"x", "neurons": [each neuron's share], "sum": the sum's slope, "deep": the second
    layer's slope, or None when it is off}``, the same keys as ``Network.curves()``.

    ``output_weights`` multiplies each share by vᵢ (one per neuron) and weighs the sum the
    second layer sees (``hidden_sum_of``). By default: the network's own vᵢ and c when its
    output weights are on (the slopes of what ``Network.curves()`` draws), else 1, as in the
    article. ``activation``
    evaluates the same network with another activation everywhere (by default its own);
    nothing is changed.
    """
    x = network.x if x is None else np.asarray(x, dtype=float)
    act = get_activation(network.activation if activation is None else activation)
    neurons = network.neurons
    # The network's own output weights, when it has them on and none are given: then the
    # slopes are those of the curves Network.curves() draws (each vᵢ·act, the sum plus c).
    own = output_weights is None and bool(network.hidden.output_weights)
    if own:
        output_weights = [float(n.output_weight) for n in neurons]
    factors = _factors(neurons, output_weights)
    shares = []
    for neuron, v in zip(neurons, factors, strict=True):
        share = neuron.weight * act.derivative(neuron.pre_activation(x))
        shares.append(share if v == 1.0 else v * share)
    slope = HiddenLayer.total(shares)
    deep = None
    second = network.second
    if second.enabled:
        if own:  # the sum the second layer sees, as Network.curves() adds it (c included)
            hidden_sum = network.hidden.output(network.hidden(x, act.name))
        else:
            hidden_sum = hidden_sum_of(network, x, act.name, output_weights)
        deep = second.weight * act.derivative(second.pre_activation(hidden_sum)) * slope
    return {"x": x, "neurons": shares, "sum": slope, "deep": deep}


def hidden_sum_of(
    network: Network,
    x,
    activation: str,
    output_weights: Sequence[float] | None = None,
) -> np.ndarray:
    """The hidden layer's sum at ``x`` with ``activation``, added as ``Network.curves`` adds it:
    each neuron's output times vᵢ when ``output_weights`` are given (whether or not the network
    has its own on: the given vᵢ replace them), else each neuron's contribution as the network
    makes it. The output bias c is not added."""
    if output_weights is None:
        return HiddenLayer.total(network.hidden(x, activation))
    ys = [n(x, activation) for n in network.neurons]
    factors = _factors(ys, output_weights)
    return HiddenLayer.total([y if v == 1.0 else v * y for v, y in zip(factors, ys, strict=True)])


def _factors(items, output_weights) -> list[float]:
    if output_weights is None:
        return [1.0] * len(items)
    factors = [float(v) for v in output_weights]
    if len(factors) != len(items):
        raise ValueError(f"{len(factors)} output weights for {len(items)} neurons")
    return factors


def output_derivative(network: Network, x=None) -> np.ndarray:
    """dy/dx of the network's output: the second layer's if it is on, else the sum's."""
    d = derivatives(network, x)
    return d["deep"] if d["deep"] is not None else d["sum"]
