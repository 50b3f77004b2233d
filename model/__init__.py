"""nnshape's model: neurons, layers and networks as param classes, in pure numpy.

Importing this package never imports panel, holoviews or bokeh.
"""

from .activations import ACTIVATIONS, Activation, get_activation
from .article import is_edited
from .document import LoadedState, StateError, load_json, to_json
from .history import History
from .messages import Message, Refusal
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
from .permalink import QueryState, from_query, to_query
from .placement import fresh_neuron
from .target import Target, score
from .training import Trainer
from .view import View

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
    "History",
    "LoadedState",
    "Message",
    "Network",
    "Neuron",
    "QueryState",
    "Refusal",
    "SecondLayer",
    "StateError",
    "Target",
    "Trainer",
    "View",
    "fresh_neuron",
    "from_query",
    "get_activation",
    "is_edited",
    "load_json",
    "score",
    "to_json",
    "to_query",
]
