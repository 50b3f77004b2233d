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
from .state import (
    LoadedState,
    QueryState,
    StateError,
    from_query,
    load_json,
    to_json,
    to_query,
)

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
    "LoadedState",
    "Network",
    "Neuron",
    "QueryState",
    "SecondLayer",
    "StateError",
    "from_query",
    "get_activation",
    "load_json",
    "to_json",
    "to_query",
]
