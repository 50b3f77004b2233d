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
) -> dict:
    """dy/dx of every curve of ``network``, at ``x`` (its grid by default).

    ``{"x", "neurons": [each neuron's share], "sum": the sum's slope, "deep": the second
    layer's slope, or None when it is off}``, the same keys as ``Network.curves()``.

    ``output_weights`` multiplies each share by vᵢ (one per neuron; 1 by default, as in the
    article). The second layer's slope reads the sum from ``network.curves`` arithmetic, so it
    follows whatever the network's sum is.
    """
    x = network.x if x is None else np.asarray(x, dtype=float)
    act = get_activation(network.activation)
    neurons = network.neurons
    if output_weights is None:
        factors = [1.0] * len(neurons)
    else:
        factors = [float(v) for v in output_weights]
        if len(factors) != len(neurons):
            raise ValueError(f"{len(factors)} output weights for {len(neurons)} neurons")
    shares = []
    for neuron, v in zip(neurons, factors, strict=True):
        share = neuron.weight * act.derivative(neuron.pre_activation(x))
        shares.append(share if v == 1.0 else v * share)
    slope = HiddenLayer.total(shares)
    deep = None
    second = network.second
    if second.enabled:
        hidden_sum = HiddenLayer.total(
            [
                v * y if v != 1.0 else y
                for v, y in zip(factors, network.hidden(x, act.name), strict=True)
            ]
        )
        deep = second.weight * act.derivative(second.pre_activation(hidden_sum)) * slope
    return {"x": x, "neurons": shares, "sum": slope, "deep": deep}


def output_derivative(network: Network, x=None) -> np.ndarray:
    """dy/dx of the network's output: the second layer's if it is on, else the sum's."""
    d = derivatives(network, x)
    return d["deep"] if d["deep"] is not None else d["sum"]
