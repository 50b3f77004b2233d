"""The whole state in and out: a versioned JSON document and a URL-query codec.

State is the network (activation; hidden neurons in order, each with weight, bias and colour; the
second layer's switch, weight and bias; the grid) plus a *view* the dashboard owns::

    {"figure": "nn11",       # "free" or an article figure id: the preset the network started from
     "ylim": [0.5, 2.5],     # None (scale to the data) or [lo, hi], finite, lo < hi
     "y_auto": False,        # fit the y-axis to the data instead of ylim
     "hidden": [0, 1, 2],    # indices of the neurons whose curves are hidden
     "show_sum": True,       # draw the hidden layer's sum
     "show_deep": True}      # draw the second layer's output

Two ways to carry it, with opposite attitudes to bad input:

* **JSON** (``to_json`` / ``load_json``) is strict: a document either loads exactly or is refused
  with one ``StateError`` that says what is wrong and where (``network.neurons[2].weight must be a
  finite number, got 'abc'``). Size (1 MB) and nesting (20 levels) are checked before parsing.
  Version 1 is current; version-0 documents (the legacy plain layout, see ``upgrade_v0``) are
  upgraded on load; documents from a newer nnshape are refused with a message saying so.
* **URL queries** (``to_query`` / ``from_query``) are lenient: a link typed, truncated or mangled
  by hand never raises. ``from_query`` builds the best valid network it can and returns notices
  naming everything it ignored or clamped.

The query, for nn11 (values need no percent-encoding; ``~`` separates neurons, ``_`` fields)::

    figure=nn11&act=sigmoid&n=2_-2~0.5_1~-2_-4&l2=on_1_0&grid=-5_5_0.1

``n`` is ``weight_bias[_colour]`` per neuron (the colour, hex without ``#`` or a name, only when it
is not the palette's default for that position); ``l2`` is ``on|off_w2_b2``; ``grid`` is
``start_stop_step``. View parameters are written only where they differ from the figure's
defaults: ``ylim=lo_hi|none``, ``yauto=on|off``, ``hide=0_2|none``, ``sum=on|off``,
``deep=on|off``.

Rules for ``from_query``'s notices: each names the parameter and says what was done with the
value ("ignored", "clamped to 1000000", "used the last", "kept the first 64"); echoed input is cut
to 40 characters and written as a Python literal (so control and bidi characters show escaped);
there are at most 20, then one saying how many more. Unknown parameters get one notice listing
up to five of them. Missing parameters (and ignored ones) come from ``figure``'s preset.

Numbers round-trip exactly both ways: JSON and the query both write the shortest text that reads
back as the same float (``repr``). Colours are written in a canonical form: ``#rrggbb`` in lower
case, or a lower-case CSS colour name.

Pure Python and numpy: importing this never imports panel, holoviews or bokeh.
"""

from __future__ import annotations

import json
import math
import numbers
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from .activations import ACTIVATIONS
from .article import DEEP, FIGURES, NEURONS, SUM, figure, get_figure
from .network import MAX_NEURONS, NEURON_COLORS, Network, Neuron, SecondLayer

#: The ``schema`` every JSON document carries.
SCHEMA = "nnshape.network"
#: The JSON document version this nnshape writes. It reads this one and every older one.
VERSION = 1
#: The view's ``figure`` for a network that did not start from an article figure.
FREE = "free"

#: Documents larger than this (in UTF-8 bytes) are refused before they are parsed.
MAX_DOCUMENT_BYTES = 1_000_000
#: Documents nested deeper than this are refused before they are parsed (a valid one needs 4).
MAX_DEPTH = 20
#: y-limits must lie within this magnitude (64 neurons of weight 1e6 on x = ±1e6 stay within it).
Y_LIMIT = 1e15

#: The query parameters ``to_query`` writes and ``from_query`` reads.
QUERY_KEYS = ("figure", "act", "n", "l2", "grid", "ylim", "yauto", "hide", "sum", "deep")
#: The view's keys, in the order documents list them.
VIEW_KEYS = ("figure", "ylim", "y_auto", "hidden", "show_sum", "show_deep")
#: A query value longer than this is ignored (with a notice)...
MAX_VALUE_CHARS = 4096
#: ...except the neuron list ``n``, which may be far longer so that a very long list is cut to
#: its first ``MAX_NEURONS`` neurons rather than dropped (only those are ever split and read)...
MAX_NEURON_LIST_CHARS = 1_000_000
#: ...and each of whose neurons may be at most this long.
MAX_NEURON_CHARS = 256
#: ``from_query`` reports at most this many notices, then how many more there were.
MAX_NOTICES = 20
#: Echoed user input is cut to this many characters.
SHOW_CHARS = 40


class StateError(ValueError):
    """A JSON document was refused; the message says what is wrong and where."""


@dataclass
class LoadedState:
    """What ``load_json`` read: a new network and a complete view."""

    network: Network
    view: dict
    #: View settings that were ignored (unknown keys), as human-readable sentences.
    notices: list[str] = field(default_factory=list)
    #: The version the document was written in (0 for a legacy document, upgraded on load).
    source_version: int = VERSION


@dataclass
class QueryState:
    """What ``from_query`` read: a new, valid network, a complete view and what was ignored."""

    network: Network
    view: dict
    notices: list[str] = field(default_factory=list)


# -- shared helpers ---------------------------------------------------------------------------


class _Unrepresentable:
    """A JSON number token that no float can hold (``1e400``, a 5,000-digit integer)."""

    __slots__ = ("text",)

    def __init__(self, text: str):
        self.text = text


def _cut(text: str) -> str:
    return repr(text[:SHOW_CHARS]) + ("…" if len(text) > SHOW_CHARS else "")


def _show(value) -> str:
    """A value as a short, safe text for a message: user input is cut and written as a literal."""
    if isinstance(value, _Unrepresentable):
        return value.text[:SHOW_CHARS] + ("…" if len(value.text) > SHOW_CHARS else "")
    if isinstance(value, (bool, np.bool_)):
        return f"the boolean {'true' if value else 'false'}"
    if value is None:
        return "null"
    if isinstance(value, str):
        return _cut(value)
    if isinstance(value, Mapping):
        return f"an object with {len(value)} field(s)"
    if isinstance(value, (list, tuple, set, frozenset)):
        return f"a list of {len(value)} item(s)"
    if isinstance(value, numbers.Integral):
        value = int(value)
        return repr(value) if value.bit_length() <= 64 else "a very large integer"
    if isinstance(value, numbers.Real):
        return repr(float(value))
    return f"a value of type {type(value).__name__}"


_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,39}")


def _key_path(path: str, key) -> str:
    """Where ``key`` sits under ``path``, e.g. ``network.foo`` or ``view['a b']``."""
    if isinstance(key, str) and _PLAIN_KEY.fullmatch(key):
        return f"{path}.{key}" if path else key
    return f"{path}[{_show(key)}]" if path else f"[{_show(key)}]"


def _is_number(value) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))


def _is_index(value) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, (bool, np.bool_))


def _bounds(owner: type, name: str) -> tuple[float, float]:
    """A parameter's hard bounds, read from the model (never copied by hand)."""
    return owner.param[name].bounds


def _fmt(x: float) -> str:
    """The shortest text that reads back as exactly ``x``, without URL-unsafe characters.

    ``repr`` gives the shortest round-trip form; a trailing ``.0`` and an exponent's ``+`` and
    leading zeros are dropped (``5.0`` → ``5``, ``1e-07`` → ``1e-7``); ``-0.0`` stays ``-0``.
    """
    text = repr(float(x))
    mantissa, e, exponent = text.partition("e")
    if mantissa.endswith(".0"):
        mantissa = mantissa[:-2]
    if e:
        sign = "-" if exponent.startswith("-") else ""
        mantissa += "e" + sign + exponent.lstrip("+-").lstrip("0")
    return mantissa


_HEX = re.compile(r"#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})")


def canonical_color(value) -> str | None:
    """``value`` as ``#rrggbb`` (lower case), the one form the model keeps; None if not a colour.

    Accepts hex with or without ``#``, three or six digits, any case, but nothing around it:
    no whitespace, no newline.
    """
    if not isinstance(value, str) or len(value) > 32:
        return None
    m = _HEX.fullmatch(value)
    if not m:
        return None
    digits = m.group(1).lower()
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return "#" + digits


def _default_color(index: int) -> str:
    return NEURON_COLORS[index % len(NEURON_COLORS)]


def _network_spec(net: Network) -> dict:
    return {
        "activation": net.activation,
        "neurons": [(float(n.weight), float(n.bias), n.color) for n in net.neurons],
        "second": (float(net.second.weight), float(net.second.bias)),
        "second_enabled": bool(net.second.enabled),
        "grid": tuple(float(v) for v in net.grid),
    }


def _build(spec: dict) -> Network:
    """A new Network from a spec, validated by the model itself (``Network.configure``)."""
    net = Network()
    net.configure(
        activation=spec["activation"],
        neurons=spec["neurons"],
        second=spec["second"],
        second_enabled=spec["second_enabled"],
        grid=spec["grid"],
    )
    return net


def _grid_problem(start: float, stop: float, step: float) -> str | None:
    """Why the model refuses this grid (None if it accepts it), in the model's own words."""
    try:
        Network(grid=(start, stop, step))
    except OverflowError:  # the model counts the points as (stop - start) / step: infinite here
        return f"step {step!r} is far too small: the grid would hold too many points"
    except ValueError as e:
        return str(e).removeprefix("Network.grid ")
    return None


def default_view(figure_id: str = FREE, n_neurons: int = 1) -> dict:
    """The view a figure opens with (``"free"``: scale to the data, draw everything).

    ``hidden`` lists every neuron of an ``n_neurons`` network when the figure draws no neurons.
    An unknown figure raises ``model.article.UnknownFigureError``.
    """
    if figure_id == FREE:
        return {
            "figure": FREE,
            "ylim": None,
            "y_auto": True,
            "hidden": [],
            "show_sum": True,
            "show_deep": True,
        }
    fig = get_figure(figure_id)
    return {
        "figure": figure_id,
        "ylim": None if fig.ylim is None else [float(fig.ylim[0]), float(fig.ylim[1])],
        "y_auto": fig.ylim is None,
        "hidden": [] if NEURONS in fig.shows else list(range(n_neurons)),
        "show_sum": SUM in fig.shows,
        "show_deep": DEEP in fig.shows,
    }


def _figure_network(figure_id: str) -> Network:
    return Network() if figure_id == FREE else figure(figure_id)


# -- the view, strictly (JSON and to_*) -------------------------------------------------------


def _check_view(raw, n_neurons: int, path: str, notices: list[str] | None) -> dict:
    """A complete, validated view from ``raw``; missing keys take the figure's defaults.

    Unknown keys are refused (``notices is None``) or ignored with a notice.
    """
    if not isinstance(raw, Mapping):
        raise StateError(f"{path} must be an object, got {_show(raw)}")
    for key in raw:
        if key not in VIEW_KEYS:
            where = _key_path(path, key)
            if notices is None:
                raise StateError(f"{where} is not a view setting; known: {', '.join(VIEW_KEYS)}")
            notices.append(f"{where} is not a view setting nnshape knows; ignored")
    figure_id = raw.get("figure", FREE)
    if not isinstance(figure_id, str) or not (figure_id == FREE or figure_id in FIGURES):
        raise StateError(
            f"{path}.figure must be {FREE!r} or one of the article's figures "
            f"({', '.join(FIGURES)}), got {_show(figure_id)}"
        )
    view = default_view(figure_id, n_neurons)
    if "ylim" in raw:
        view["ylim"] = _check_ylim(raw["ylim"], f"{path}.ylim")
    for key in ("y_auto", "show_sum", "show_deep"):
        if key in raw:
            value = raw[key]
            if not isinstance(value, (bool, np.bool_)):
                raise StateError(f"{path}.{key} must be true or false, got {_show(value)}")
            view[key] = bool(value)
    if "hidden" in raw:
        view["hidden"] = _check_hidden(raw["hidden"], n_neurons, f"{path}.hidden")
    return view


def _check_ylim(value, path: str):
    if value is None:
        return None
    if not isinstance(value, (list, tuple)) or len(value) != 2:
        raise StateError(f"{path} must be null or a list [low, high], got {_show(value)}")
    out = []
    for name, v in zip(("low", "high"), value, strict=True):
        if not _is_number(v) or not math.isfinite(v):
            raise StateError(f"{path} {name} must be a finite number, got {_show(v)}")
        if abs(v) > Y_LIMIT:
            raise StateError(f"{path} {name} must lie within ±{Y_LIMIT:g}, got {_show(v)}")
        out.append(float(v))
    if not out[0] < out[1]:
        raise StateError(f"{path} low must be less than high, got [{out[0]!r}, {out[1]!r}]")
    return out


def _check_hidden(value, n_neurons: int, path: str) -> list[int]:
    if not isinstance(value, (list, tuple, set, frozenset)):
        raise StateError(f"{path} must be a list of neuron indices, got {_show(value)}")
    seen = set()
    for i, v in enumerate(value):
        if not _is_index(v) or not 0 <= v < n_neurons:
            raise StateError(
                f"{path}[{i}] must be a neuron index from 0 to {n_neurons - 1}, got {_show(v)}"
            )
        if int(v) in seen:
            raise StateError(f"{path}[{i}] repeats the index {int(v)}")
        seen.add(int(v))
    return sorted(seen)


# -- JSON out ---------------------------------------------------------------------------------


def to_json(network: Network, view: Mapping | None = None) -> str:
    """The network and view as a version-1 JSON document (always with a complete view).

    ``view`` may be partial (missing keys take its figure's defaults) or None (the free view);
    an unknown key or a bad value raises ``StateError``.
    """
    n = len(network.neurons)
    neurons = []
    for i, neuron in enumerate(network.neurons):
        color = canonical_color(neuron.color) or canonical_color(str(neuron.color).rstrip("\n"))
        if color is None:
            raise StateError(f"network.neurons[{i}].color {_show(neuron.color)} is not a colour")
        neurons.append({"weight": float(neuron.weight), "bias": float(neuron.bias), "color": color})
    start, stop, step = (float(v) for v in network.grid)
    doc = {
        "schema": SCHEMA,
        "version": VERSION,
        "network": {
            "activation": network.activation,
            "neurons": neurons,
            "second": {
                "enabled": bool(network.second.enabled),
                "weight": float(network.second.weight),
                "bias": float(network.second.bias),
            },
            "grid": {"start": start, "stop": stop, "step": step},
        },
        "view": _check_view({} if view is None else view, n, "view", None),
    }
    return _dumps(doc)


def _dumps(doc: dict) -> str:
    """The document laid out for people: one line per neuron, small objects on one line."""

    def c(value) -> str:
        return json.dumps(value, allow_nan=False)

    net = doc["network"]
    neurons = ",\n".join(f"      {c(n)}" for n in net["neurons"])
    return (
        "{\n"
        f'  "schema": {c(doc["schema"])},\n'
        f'  "version": {c(doc["version"])},\n'
        '  "network": {\n'
        f'    "activation": {c(net["activation"])},\n'
        f'    "neurons": [\n{neurons}\n    ],\n'
        f'    "second": {c(net["second"])},\n'
        f'    "grid": {c(net["grid"])}\n'
        "  },\n"
        f'  "view": {c(doc["view"])}\n'
        "}\n"
    )


# -- JSON in: bytes → text → parsed, cheaply and safely ---------------------------------------

# A JSON string, or an unterminated one running to the end: always matches at its first try,
# so stripping strings is linear even for hostile input.
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*(?:"|\\?\Z)', re.DOTALL)
_OPEN = np.frombuffer(b"[{", dtype=np.uint8)
_CLOSE = np.frombuffer(b"]}", dtype=np.uint8)


def _as_text(text) -> str:
    if isinstance(text, (bytes, bytearray)):
        if len(text) > MAX_DOCUMENT_BYTES:
            raise _too_large(len(text))
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError as e:
            raise StateError(
                f"the document is not UTF-8 text ({e.reason} at byte {e.start})"
            ) from None
    elif isinstance(text, str):
        if len(text) > MAX_DOCUMENT_BYTES:  # cheap: never fewer bytes than characters
            raise _too_large(len(text))
        size = len(text.encode("utf-8", "surrogatepass"))
        if size > MAX_DOCUMENT_BYTES:
            raise _too_large(size)
    else:
        raise StateError(f"a document must be text (str or bytes), not {type(text).__name__}")
    return text.removeprefix("\ufeff")


def _too_large(size: int) -> StateError:
    return StateError(
        f"the document is too large: at least {size:,} bytes, and the limit is "
        f"{MAX_DOCUMENT_BYTES:,} bytes (1 MB); it was not read"
    )


def nesting_depth(text: str) -> int:
    """How deeply ``text``'s brackets nest, outside strings, without parsing it (numpy-fast)."""
    skeleton = _JSON_STRING.sub("", text).encode("utf-8", "surrogatepass")
    codes = np.frombuffer(skeleton, dtype=np.uint8)
    steps = np.isin(codes, _OPEN).astype(np.int32) - np.isin(codes, _CLOSE)
    return int(np.cumsum(steps).max()) if steps.size else 0


def _refuse_constant(name: str):
    raise StateError(f"the document contains {name}, which is not a number: numbers must be finite")


def _parse_float(text: str):
    value = float(text)
    return value if math.isfinite(value) else _Unrepresentable(text)


def _parse_int(text: str):
    # Python refuses to read integers of more than 4,300 digits (a ValueError mid-parse).
    return int(text) if len(text) <= 20 else _Unrepresentable(text)


def _object(pairs: list) -> dict:
    obj = {}
    for key, value in pairs:
        if key in obj:
            raise StateError(f"the key {_cut(key)} appears twice in one JSON object")
        obj[key] = value
    return obj


def _parse(text: str):
    """Parse ``text`` as JSON; every failure becomes a ``StateError``."""
    if nesting_depth(text) > MAX_DEPTH:
        raise StateError(
            f"the document is nested more than {MAX_DEPTH} levels deep; it was not read"
        )
    try:
        return json.loads(
            text,
            parse_constant=_refuse_constant,
            parse_float=_parse_float,
            parse_int=_parse_int,
            object_pairs_hook=_object,
        )
    except StateError:
        raise
    except json.JSONDecodeError as e:
        raise StateError(
            f"the document is not valid JSON: {e.msg} (line {e.lineno}, column {e.colno})"
        ) from None
    except RecursionError:  # only if the depth check above were bypassed
        raise StateError(f"the document is nested more than {MAX_DEPTH} levels deep") from None
    except ValueError as e:
        raise StateError(f"the document is not valid JSON: {e}") from None


# -- JSON in: versions ------------------------------------------------------------------------

_LEGACY_KEYS = ("activation", "neurons", "second", "grid")


def upgrade_v0(doc: dict) -> dict:
    """Upgrade a version-0 document to version 1.

    Version 0 is the plain layout nnshape's first notebooks wrote, without ``schema``::

        {"activation": "sigmoid",
         "neurons": [[2.0, -2.0], [0.5, 1.0, "#0000ff"], ...],  # [weight, bias(, colour)]
         "second": [1.0, 0.0] or null,                          # optional; null: off
         "grid": [-5.0, 5.0, 0.1]}                              # optional; default -5, 5, 0.1

    It has no view. It may carry ``"version": 0`` (and then may carry the schema too). Shapes are
    checked here; values are checked as for any version-1 document.
    """
    where = "(a version-0 document)"
    for key in doc:
        if key not in (*_LEGACY_KEYS, "schema", "version"):
            raise StateError(f"{_show(key)} is not a field of a version-0 document {where}")
    for key in ("activation", "neurons"):
        if key not in doc:
            raise StateError(f"{key} is missing {where}")
    raw_neurons = doc["neurons"]
    if not isinstance(raw_neurons, list):
        raise StateError(f"neurons must be a list {where}, got {_show(raw_neurons)}")
    if not 1 <= len(raw_neurons) <= MAX_NEURONS:
        raise StateError(
            f"neurons must hold 1 to {MAX_NEURONS} neurons {where}, got {len(raw_neurons)}"
        )
    neurons = []
    for i, item in enumerate(raw_neurons):
        if not isinstance(item, list) or len(item) not in (2, 3):
            raise StateError(
                f"neurons[{i}] must be [weight, bias] or [weight, bias, colour] {where}, "
                f"got {_show(item)}"
            )
        color = item[2] if len(item) == 3 else _default_color(i)
        neurons.append({"weight": item[0], "bias": item[1], "color": color})
    second = doc.get("second")
    if second is None:
        second = {"enabled": False, "weight": 1.0, "bias": 0.0}
    elif isinstance(second, list) and len(second) == 2:
        second = {"enabled": True, "weight": second[0], "bias": second[1]}
    else:
        raise StateError(f"second must be [w2, b2] or null {where}, got {_show(second)}")
    grid = doc.get("grid", [-5.0, 5.0, 0.1])
    if not isinstance(grid, list) or len(grid) != 3:
        raise StateError(f"grid must be [start, stop, step] {where}, got {_show(grid)}")
    return {
        "schema": SCHEMA,
        "version": 1,
        "network": {
            "activation": doc["activation"],
            "neurons": neurons,
            "second": second,
            "grid": dict(zip(("start", "stop", "step"), grid, strict=True)),
        },
    }


#: version -> the function that upgrades a document of that version to the next one.
UPGRADES = {0: upgrade_v0}


def _version_of(doc: dict) -> int:
    has_schema = "schema" in doc
    if has_schema and doc["schema"] != SCHEMA:
        raise StateError(
            f"schema must be {SCHEMA!r}, got {_show(doc['schema'])}: "
            "this is not an nnshape network document"
        )
    if "version" not in doc:
        if has_schema:
            raise StateError("version is missing")
        if not any(key in doc for key in _LEGACY_KEYS):
            raise StateError("this is not an nnshape network document: schema is missing")
        return 0  # the legacy layout had neither schema nor version
    version = doc["version"]
    if not _is_index(version):
        raise StateError(f"version must be a whole number, got {_show(version)}")
    if version > VERSION:
        raise StateError(
            f"this document is version {version}, written by a newer nnshape; this one reads "
            f"versions 0 to {VERSION}. Update nnshape to open it."
        )
    if version < 0:
        raise StateError(f"version must be 0 to {VERSION}, got {version}")
    if version >= 1 and not has_schema:
        raise StateError(f"schema is missing (expected {SCHEMA!r})")
    return int(version)


def _fields(obj, path: str, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> None:
    if not isinstance(obj, dict):
        raise StateError(f"{path or 'the document'} must be an object, got {_show(obj)}")
    for key in obj:
        if key not in required and key not in optional:
            raise StateError(
                f"{_key_path(path, key)} is not a field nnshape knows (version {VERSION})"
            )
    for key in required:
        if key not in obj:
            raise StateError(f"{_key_path(path, key)} is missing")


def _number(value, path: str, owner: type, name: str) -> float:
    if not _is_number(value) or not math.isfinite(value):
        raise StateError(f"{path} must be a finite number, got {_show(value)}")
    lo, hi = _bounds(owner, name)
    if not lo <= value <= hi:
        raise StateError(f"{path} must lie between {_fmt(lo)} and {_fmt(hi)}, got {_show(value)}")
    return float(value)


def _read_v1(doc: dict, notices: list[str]) -> tuple[Network, dict]:
    _fields(doc, "", ("schema", "version", "network"), ("view",))
    net = doc["network"]
    _fields(net, "network", ("activation", "neurons", "second", "grid"))
    activation = net["activation"]
    if not isinstance(activation, str) or activation not in ACTIVATIONS:
        raise StateError(
            f"network.activation must be one of {', '.join(ACTIVATIONS)}, got {_show(activation)}"
        )
    raw_neurons = net["neurons"]
    if not isinstance(raw_neurons, list):
        raise StateError(f"network.neurons must be a list, got {_show(raw_neurons)}")
    if not 1 <= len(raw_neurons) <= MAX_NEURONS:
        raise StateError(
            f"network.neurons must hold 1 to {MAX_NEURONS} neurons, got {len(raw_neurons)}"
        )
    neurons = []
    for i, item in enumerate(raw_neurons):
        path = f"network.neurons[{i}]"
        _fields(item, path, ("weight", "bias", "color"))
        weight = _number(item["weight"], f"{path}.weight", Neuron, "weight")
        bias = _number(item["bias"], f"{path}.bias", Neuron, "bias")
        color = canonical_color(item["color"])
        if color is None:
            raise StateError(
                f"{path}.color must be a colour like '#ff0000' or 'red', got {_show(item['color'])}"
            )
        neurons.append((weight, bias, color))
    second = net["second"]
    _fields(second, "network.second", ("enabled", "weight", "bias"))
    if not isinstance(second["enabled"], bool):
        raise StateError(
            f"network.second.enabled must be true or false, got {_show(second['enabled'])}"
        )
    w2 = _number(second["weight"], "network.second.weight", SecondLayer, "weight")
    b2 = _number(second["bias"], "network.second.bias", SecondLayer, "bias")
    grid = net["grid"]
    _fields(grid, "network.grid", ("start", "stop", "step"))
    parts = []
    for name in ("start", "stop", "step"):
        value = grid[name]
        if not _is_number(value) or not math.isfinite(value):
            raise StateError(f"network.grid.{name} must be a finite number, got {_show(value)}")
        parts.append(float(value))
    problem = _grid_problem(*parts)
    if problem:
        raise StateError(f"network.grid is refused: {problem}")
    spec = {
        "activation": activation,
        "neurons": neurons,
        "second": (w2, b2),
        "second_enabled": second["enabled"],
        "grid": tuple(parts),
    }
    try:
        network = _build(spec)
    except (ValueError, OverflowError) as e:  # every value was checked above; a last guard
        raise StateError(f"network is refused by the model: {e}") from None
    view = _check_view(doc.get("view", {}), len(neurons), "view", notices)
    return network, view


def load_json(text: str | bytes) -> LoadedState:
    """Read a JSON document (any version up to ``VERSION``) into a new network and a full view.

    Raises ``StateError`` (a ValueError), saying what is wrong and where, for anything else.
    """
    doc = _parse(_as_text(text))
    if not isinstance(doc, dict):
        raise StateError(f"the document must be a JSON object, got {_show(doc)}")
    source = version = _version_of(doc)
    while version < VERSION:
        doc = UPGRADES[version](doc)
        version += 1
    notices: list[str] = []
    try:
        network, view = _read_v1(doc, notices)
    except StateError as e:
        if source == VERSION:
            raise
        raise StateError(f"{e} (in a version-{source} document, upgraded on loading)") from None
    return LoadedState(network=network, view=view, notices=notices, source_version=source)


# -- URL query out ----------------------------------------------------------------------------


def _on(flag: bool) -> str:
    return "on" if flag else "off"


def to_query(network: Network, view: Mapping | None = None) -> dict[str, str]:
    """The state as compact query parameters that need no percent-encoding.

    ``figure``, ``act``, ``n``, ``l2`` and ``grid`` are always written; the view's ``ylim``,
    ``yauto``, ``hide``, ``sum`` and ``deep`` only where they differ from the figure's defaults.
    A neuron is ``weight_bias`` plus ``_colour`` (hex without ``#``, or a name) when its colour is
    not the palette's default for its position; neurons are joined by ``~``.
    """
    n = len(network.neurons)
    view = _check_view({} if view is None else view, n, "view", None)
    tokens = []
    for i, neuron in enumerate(network.neurons):
        token = f"{_fmt(neuron.weight)}_{_fmt(neuron.bias)}"
        color = canonical_color(neuron.color) or canonical_color(str(neuron.color).rstrip("\n"))
        if color is not None and color != _default_color(i):
            token += "_" + color.removeprefix("#")
        tokens.append(token)
    second = network.second
    query = {
        "figure": view["figure"],
        "act": network.activation,
        "n": "~".join(tokens),
        "l2": f"{_on(second.enabled)}_{_fmt(second.weight)}_{_fmt(second.bias)}",
        "grid": "_".join(_fmt(v) for v in network.grid),
    }
    defaults = _view_query(default_view(view["figure"], n))
    for key, value in _view_query(view).items():
        if value != defaults[key]:
            query[key] = value
    return query


def _view_query(view: dict) -> dict[str, str]:
    ylim = view["ylim"]
    return {
        "ylim": "none" if ylim is None else f"{_fmt(ylim[0])}_{_fmt(ylim[1])}",
        "yauto": _on(view["y_auto"]),
        "hide": "_".join(str(i) for i in view["hidden"]) or "none",
        "sum": _on(view["show_sum"]),
        "deep": _on(view["show_deep"]),
    }


# -- URL query in: lenient --------------------------------------------------------------------


class _Notices:
    def __init__(self) -> None:
        self.items: list[str] = []
        self.dropped = 0

    def add(self, text: str) -> None:
        if len(self.items) < MAX_NOTICES:
            self.items.append(text)
        else:
            self.dropped += 1

    def result(self) -> list[str]:
        more = [f"… and {self.dropped} more problem(s) with the link"] if self.dropped else []
        return self.items + more


_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)
_INDEX = re.compile(r"\d{1,6}", re.ASCII)
_FLAGS = {"on": True, "off": False, "true": True, "false": False, "yes": True, "no": False}
_FLAGS.update({"1": True, "0": False})


def _query_number(token: str, what: str, lo: float, hi: float, notes: _Notices) -> float | None:
    """``token`` as a float clamped to [lo, hi]; None (with a notice) if it is not a number."""
    if not _NUMBER.fullmatch(token):
        bare = token.lower().lstrip("+-")
        if bare == "nan":
            notes.add(f"{what}: NaN is not a number; ignored")
        elif bare in ("inf", "infinity"):
            notes.add(f"{what}: {_cut(token)} is not a finite number; ignored")
        elif not token:
            notes.add(f"{what}: empty; ignored")
        else:
            notes.add(f"{what}: {_cut(token)} is not a number; ignored")
        return None
    value = float(token)
    if value < lo or value > hi:
        bound = lo if value < lo else hi
        notes.add(f"{what}: {_cut(token)} is beyond {_fmt(bound)}; clamped to {_fmt(bound)}")
        return float(bound)
    return value


def _query_flag(token: str, what: str, notes: _Notices) -> bool | None:
    flag = _FLAGS.get(token.lower())
    if flag is None:
        notes.add(f"{what}: {_cut(token)} is neither on nor off; ignored")
    return flag


def _read_args(args, notes: _Notices) -> dict[str, str]:
    """The last value of each known parameter, as text; notices for everything dropped."""
    if not isinstance(args, Mapping):
        notes.add(f"the query is not a set of parameters ({type(args).__name__}); ignored")
        return {}
    values: dict[str, str] = {}
    unknown: list[str] = []
    for key, raw in args.items():
        if isinstance(key, (bytes, bytearray)):
            key = bytes(key[:1000]).decode("utf-8", "replace")
        if not isinstance(key, str) or key not in QUERY_KEYS:
            unknown.append(_cut(key) if isinstance(key, str) else _show(key))
            continue
        items = [raw] if isinstance(raw, (str, bytes, bytearray)) else raw
        if not isinstance(items, (list, tuple)):
            notes.add(f"{key}: a value of type {type(raw).__name__} is not text; ignored")
            continue
        if not items:
            continue
        if len(items) > 1:
            notes.add(f"{key} is given {len(items):,} times; used the last")
        value = items[-1]
        limit = MAX_NEURON_LIST_CHARS if key == "n" else MAX_VALUE_CHARS
        if isinstance(value, (bytes, bytearray)):
            if len(value) > 4 * limit:  # more than 4 bytes per character cannot be UTF-8
                notes.add(f"{key}: a value of {len(value):,} bytes is far too long; ignored")
                continue
            value = bytes(value).decode("utf-8", "replace")
        if not isinstance(value, str):
            notes.add(f"{key}: a value of type {type(value).__name__} is not text; ignored")
            continue
        if len(value) > limit:
            notes.add(
                f"{key}: a value of {len(value):,} characters is too long "
                f"(the limit is {limit:,}); ignored"
            )
            continue
        values[key] = value.strip()
    if unknown:
        shown = ", ".join(unknown[:5])
        more = f" and {len(unknown) - 5:,} more" if len(unknown) > 5 else ""
        notes.add(f"ignored unknown parameter(s): {shown}{more}")
    return values


def _query_neurons(value: str, notes: _Notices) -> list[tuple] | None:
    tokens = value.split("~", MAX_NEURONS)
    if len(tokens) > MAX_NEURONS:
        total = value.count("~") + 1
        notes.add(f"n: {total:,} neurons given; kept the first {MAX_NEURONS}")
        tokens = tokens[:MAX_NEURONS]
    w_lo, w_hi = _bounds(Neuron, "weight")
    b_lo, b_hi = _bounds(Neuron, "bias")
    neurons: list[tuple] = []
    for number, token in enumerate(tokens, start=1):
        if not token:
            notes.add(f"n: neuron {number} is empty; ignored")
            continue
        if len(token) > MAX_NEURON_CHARS:
            notes.add(f"n: neuron {number} is {len(token):,} characters long; ignored")
            continue
        parts = token.split("_", 3)
        if len(parts) > 3:
            notes.add(f"n: neuron {number} has more than weight, bias and colour; extra ignored")
        weight = _query_number(parts[0], f"n: neuron {number} weight", w_lo, w_hi, notes)
        bias = None
        if len(parts) > 1:
            bias = _query_number(parts[1], f"n: neuron {number} bias", b_lo, b_hi, notes)
        index = len(neurons)
        color = _default_color(index)
        if len(parts) > 2:
            got = canonical_color(parts[2])
            if got is None:
                notes.add(f"n: neuron {number} colour {_cut(parts[2])} is not a colour; ignored")
            else:
                color = got
        neurons.append(
            (
                Neuron.param["weight"].default if weight is None else weight,
                Neuron.param["bias"].default if bias is None else bias,
                color,
            )
        )
    if not neurons:
        notes.add("n: no usable neurons; used the figure's")
        return None
    return neurons


def _query_grid(value: str, notes: _Notices) -> tuple | None:
    parts = value.split("_", 3)
    if len(parts) != 3:
        notes.add(f"grid: {_cut(value)} is not start_stop_step; ignored")
        return None
    numbers_ = []
    for name, token in zip(("start", "stop", "step"), parts, strict=True):
        if not _NUMBER.fullmatch(token) or not math.isfinite(float(token)):
            notes.add(f"grid: {name} {_cut(token)} is not a finite number; grid ignored")
            return None
        numbers_.append(float(token))
    problem = _grid_problem(*numbers_)
    if problem:
        notes.add(f"grid: {_cut(value)} ignored: {problem}")
        return None
    return tuple(numbers_)


def _query_second(value: str, spec: dict, notes: _Notices) -> None:
    parts = value.split("_", 3)
    if len(parts) > 3:
        notes.add("l2: more than on/off, w2 and b2; extra ignored")
    flag = _query_flag(parts[0], "l2", notes)
    if flag is not None:
        spec["second_enabled"] = flag
    w2, b2 = spec["second"]
    if len(parts) > 1:
        got = _query_number(parts[1], "l2: w2", *_bounds(SecondLayer, "weight"), notes)
        w2 = w2 if got is None else got
    if len(parts) > 2:
        got = _query_number(parts[2], "l2: b2", *_bounds(SecondLayer, "bias"), notes)
        b2 = b2 if got is None else got
    spec["second"] = (w2, b2)


def _query_view(values: dict[str, str], view: dict, n: int, notes: _Notices) -> None:
    if "ylim" in values:
        text = values["ylim"]
        if text.lower() in ("none", "auto", ""):
            view["ylim"] = None
        else:
            parts = text.split("_", 2)
            if len(parts) != 2:
                notes.add(f"ylim: {_cut(text)} is not low_high; ignored")
            else:
                lo = _query_number(parts[0], "ylim: low", -Y_LIMIT, Y_LIMIT, notes)
                hi = _query_number(parts[1], "ylim: high", -Y_LIMIT, Y_LIMIT, notes)
                if lo is not None and hi is not None:
                    if lo < hi:
                        view["ylim"] = [lo, hi]
                    else:
                        notes.add(f"ylim: {_cut(text)} has low not below high; ignored")
    for key, name in (("yauto", "y_auto"), ("sum", "show_sum"), ("deep", "show_deep")):
        if key in values:
            flag = _query_flag(values[key], key, notes)
            if flag is not None:
                view[name] = flag
    if "hide" in values:
        text = values["hide"]
        hidden: set[int] = set()
        bad: list[str] = []
        if text.lower() not in ("none", ""):
            for token in text.split("_"):
                if _INDEX.fullmatch(token) and int(token) < n:
                    hidden.add(int(token))
                else:
                    bad.append(token)
        if bad:
            shown = ", ".join(_cut(t) for t in bad[:5])
            more = f" and {len(bad) - 5:,} more" if len(bad) > 5 else ""
            notes.add(f"hide: {shown}{more} not a neuron index from 0 to {n - 1}; ignored")
        view["hidden"] = sorted(hidden)


def _from_query(args, notes: _Notices) -> QueryState:
    values = _read_args(args, notes)
    figure_id = values.get("figure", FREE)
    if figure_id != FREE and figure_id not in FIGURES:
        notes.add(f"figure: there is no figure {_cut(figure_id)}; started from free play")
        figure_id = FREE
    base = _network_spec(_figure_network(figure_id))
    spec = dict(base)
    if "act" in values:
        if values["act"] in ACTIVATIONS:
            spec["activation"] = values["act"]
        else:
            notes.add(
                f"act: unknown activation {_cut(values['act'])} "
                f"(known: {', '.join(ACTIVATIONS)}); used {spec['activation']}"
            )
    if "n" in values:
        spec["neurons"] = _query_neurons(values["n"], notes) or spec["neurons"]
    if "l2" in values:
        _query_second(values["l2"], spec, notes)
    if "grid" in values:
        spec["grid"] = _query_grid(values["grid"], notes) or spec["grid"]
    try:
        network = _build(spec)
    except (ValueError, OverflowError) as e:  # every value was checked; a last guard
        notes.add(f"the network in the link was refused ({_cut(str(e))}); used the figure's")
        network = _build(base)
    view = default_view(figure_id, len(network.neurons))
    _query_view(values, view, len(network.neurons), notes)
    return QueryState(network=network, view=view, notices=notes.result())


#: The notice ``from_query`` gives if reading a link fails in a way it did not foresee.
FALLBACK_NOTICE = "the link could not be read; showing free play"


def from_query(args: Mapping[str, list[str] | list[bytes] | str]) -> QueryState:
    """Read query parameters leniently: never raises; notices say what was ignored or clamped.

    ``args`` maps each parameter to a list of values (``str`` or ``bytes``, as tornado and Panel
    give them; the last one counts) or to one ``str``. Missing parameters come from the figure
    named by ``figure`` (free play if none). Unknown parameters are ignored with one notice.
    """
    notes = _Notices()
    try:
        return _from_query(args, notes)
    except Exception:  # from_query must never raise: fall back to free play, and say so
        notes.add(FALLBACK_NOTICE)
        return QueryState(network=Network(), view=default_view(FREE), notices=notes.result())


__all__ = [
    "FALLBACK_NOTICE",
    "FREE",
    "MAX_DEPTH",
    "MAX_DOCUMENT_BYTES",
    "QUERY_KEYS",
    "SCHEMA",
    "UPGRADES",
    "VERSION",
    "VIEW_KEYS",
    "LoadedState",
    "QueryState",
    "StateError",
    "canonical_color",
    "default_view",
    "from_query",
    "load_json",
    "nesting_depth",
    "to_json",
    "to_query",
    "upgrade_v0",
]
