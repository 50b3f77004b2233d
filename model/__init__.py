"""nnshape's model: neurons, layers and networks as param classes, in pure numpy.

Importing this package never imports panel, holoviews or bokeh.
"""

from .activations import ACTIVATIONS, Activation, get_activation
from .network import (
    DEEP_COLOR,
    MAX_NEURONS,
    NEURON_COLORS,
    SUM_COLOR,
    WEIGHT_LIMIT,
    HiddenLayer,
    Network,
    Neuron,
    SecondLayer,
)
from .parameters import MAX_GRID_POINTS

__all__ = [
    "ACTIVATIONS",
    "DEEP_COLOR",
    "MAX_GRID_POINTS",
    "MAX_NEURONS",
    "NEURON_COLORS",
    "SUM_COLOR",
    "WEIGHT_LIMIT",
    "Activation",
    "HiddenLayer",
    "Network",
    "Neuron",
    "SecondLayer",
    "get_activation",
]
