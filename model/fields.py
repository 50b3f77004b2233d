"""The fields of the whole state, in one table that drives both the JSON and the URL codec.

Like TensorFlow Playground's ``state.ts``, one list of fields says what the state is made of and
how each field is named in a document and in a link; each codec then has one ``match`` on the
field's kind. Unlike it, nothing here trusts its input: every field points at the parameter
that declares its rule (bounds, choices, counts), and the codecs check raw values with that
parameter's own ``check``, so a rule is never restated and every path refuses a value in the
same words.

The state is a network spec (``Network.spec()``: ``configure``'s arguments) plus a ``View``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import param

from .network import HiddenLayer, Network, Neuron, SecondLayer
from .view import View

NETWORK, VIEW = "network", "view"

# The kinds of field; each codec has one branch per kind.
CHOICE = "choice"  # one name of the parameter's objects
NEURONS = "neurons"  # the hidden neurons: weight, bias and colour each
SECOND = "second"  # the second layer: on or off, weight, bias
OUTPUT = "output"  # output weights: on or off, one v per neuron, the output bias c
GRID = "grid"  # start, stop, step
RANGE = "range"  # None or (low, high)
FLAG = "flag"  # True or False
INDICES = "indices"  # distinct neuron indices


@dataclass(frozen=True)
class Field:
    name: str  # its name in the JSON document, within its section
    section: str  # NETWORK or VIEW
    key: str  # its URL query key
    kind: str
    parameter: param.Parameter  # the declaration that holds its rule


FIELDS: tuple[Field, ...] = (
    Field("activation", NETWORK, "act", CHOICE, Network.param.activation),
    Field("neurons", NETWORK, "n", NEURONS, HiddenLayer.param.neurons),
    Field("second", NETWORK, "l2", SECOND, Network.param.second),
    Field("grid", NETWORK, "grid", GRID, Network.param.grid),
    # Version 2: optional in documents and links, absent meaning off with v = 1 and c = 0.
    Field("output", NETWORK, "out", OUTPUT, HiddenLayer.param.output_weights),
    Field("figure", VIEW, "figure", CHOICE, View.param.figure),
    Field("ylim", VIEW, "ylim", RANGE, View.param.ylim),
    Field("y_auto", VIEW, "yauto", FLAG, View.param.y_auto),
    Field("hidden", VIEW, "hide", INDICES, View.param.hidden),
    Field("show_sum", VIEW, "sum", FLAG, View.param.show_sum),
    Field("show_deep", VIEW, "deep", FLAG, View.param.show_deep),
    Field("safe_colors", VIEW, "safe", FLAG, View.param.safe_colors),
    # Optional in documents and links, absent meaning off: old ones open as they were.
    Field("slope", VIEW, "slope", FLAG, View.param.slope),
    Field("lang", VIEW, "lang", CHOICE, View.param.lang),
)

#: Each neuron's parts, in the order a link writes them (``weight_bias[_colour]``).
NEURON_PARTS: tuple[tuple[str, param.Parameter], ...] = (
    ("weight", Neuron.param.weight),
    ("bias", Neuron.param.bias),
    ("color", Neuron.param.color),
)
#: The second layer's parts, in the order a link writes them (``on|off_w2_b2``).
SECOND_PARTS: tuple[tuple[str, param.Parameter], ...] = (
    ("enabled", SecondLayer.param.enabled),
    ("weight", SecondLayer.param.weight),
    ("bias", SecondLayer.param.bias),
)
#: Output weights' parts, in the order a link writes them (``on|off_c_v1~v2~…``).
OUTPUT_PARTS: tuple[tuple[str, param.Parameter], ...] = (
    ("enabled", HiddenLayer.param.output_weights),
    ("bias", HiddenLayer.param.output_bias),
    ("weights", Neuron.param.output_weight),
)
GRID_PARTS = ("start", "stop", "step")

#: The query keys a link may hold, in the order ``to_query`` writes them.
QUERY_KEYS = tuple(f.key for f in sorted(FIELDS, key=lambda f: f.key != "figure"))


def section(name: str) -> tuple[Field, ...]:
    return tuple(f for f in FIELDS if f.section == name)


def get(field: Field, spec: dict, view: View):
    """The field's value in a state (a network spec and a view)."""
    if field.section == VIEW:
        return getattr(view, field.name)
    if field.kind == SECOND:
        return (spec["second_enabled"], *spec["second"])
    if field.kind == OUTPUT:
        weights, bias = spec.get("output", ([1.0] * len(spec["neurons"]), 0.0))
        return (bool(spec.get("output_weights", False)), float(bias), list(weights))
    return spec[field.name]


def put(field: Field, spec: dict, value) -> None:
    """Set a network field's value in a spec (view fields are set on the View directly)."""
    if field.kind == SECOND:
        spec["second_enabled"], *pair = value
        spec["second"] = tuple(pair)
    elif field.kind == OUTPUT:
        enabled, bias, weights = value
        spec["output_weights"] = enabled
        spec["output"] = (list(weights), bias)
    else:
        spec[field.name] = value


def output_is_plain(value) -> bool:
    """Whether output weights ``(enabled, c, [v…])`` are the article's: off, c = 0, every v = 1
    (then documents and links leave them out)."""
    enabled, bias, weights = value
    plain_bias = bias == 0.0 and math.copysign(1.0, bias) > 0  # -0.0 is kept, exactly
    return not enabled and plain_bias and all(v == 1.0 for v in weights)


def default_of(part: param.Parameter):
    return part.default


def neuron_count_bounds() -> tuple[int, int]:
    """How many neurons a layer may hold, as its parameter declares."""
    return HiddenLayer.param.neurons.bounds
