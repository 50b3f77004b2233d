"""Where a new neuron goes: on a step of its own, so that it is seen.

``+ Add neuron`` used to add ``w=1, b=0``, which lies exactly on any older neuron with those
values and is invisible. ``fresh_neuron`` finds a place on the grid where no neuron bends yet.
"""

from __future__ import annotations

from itertools import pairwise

from .network import Network


def step_position(weight: float, bias: float) -> float | None:
    """Where ``act(weight * x - bias)`` is at its midpoint (z = 0): x = bias / weight.

    For every activation that is where the curve bends: the sigmoid's and tanh's steps, ReLU's
    and Mish's hinges. None for weight 0, a flat line with no step anywhere.
    """
    return bias / weight if weight else None


def fresh_neuron(network: Network) -> tuple[float, float]:
    """``(weight, bias)`` for a neuron to add to ``network`` that no other neuron hides.

    A plain ``w=1, b=0`` lies exactly on any older neuron with those values, so the new one has
    weight 1 and its step where no other neuron's is: in the middle of the widest stretch of
    the grid between neighbouring steps (or a grid end), rounded to the sliders' 0.1. Steps
    beyond the grid count as at its end, where they are seen to bend.
    """
    x = network.x
    low, high = float(x[0]), float(x[-1])
    steps = (step_position(n.weight, n.bias) for n in network.neurons)
    edges = [low, *sorted(min(max(p, low), high) for p in steps if p is not None), high]
    # max() keeps the first of equal gaps: on a tie, the leftmost.
    left, right = max(pairwise(edges), key=lambda gap: gap[1] - gap[0])
    middle = (left + right) / 2
    rounded = round(middle, 1)
    # A gap narrower than the sliders' step keeps its exact middle rather than leave it.
    return 1.0, rounded if left < rounded < right else middle
