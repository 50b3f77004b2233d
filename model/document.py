"""The state as a versioned JSON document: written exactly, read strictly.

One file over 300 lines on purpose: the reader checks every field of every version in one
place, so that what a document may hold can be read top to bottom next to how it is written.

::

    {"schema": "nnshape.network", "version": 2,
     "network": {"activation": "sigmoid",
                 "neurons": [{"weight": 2.0, "bias": -2.0, "color": "#ff0000"}, ...],
                 "second": {"enabled": true, "weight": 1.0, "bias": 0.0},
                 "grid": {"start": -5.0, "stop": 5.0, "step": 0.1},
                 "output": {"enabled": true, "bias": 0.5, "weights": [1.5, -2.0, ...]}},
     "view": {"figure": "nn11", "ylim": [0.5, 2.5], "y_auto": false, "hidden": [0, 1, 2],
              "show_sum": true, "show_deep": true},
     "fit": {"target": {"kind": "formula", "formula": "sin(x)"},
             "training": {"optimiser": "adam", "learning_rate": 0.03, "seed": 0}}}

A document either loads exactly or is refused with one ``StateError`` that says what is wrong
and where (``network.neurons[2].weight must be a finite number, not 'abc'``). Size (1 MB) and
nesting (20 levels) are checked before parsing. Version 2 is current: it is version 1 plus
optional parts, each absent when it holds nothing beyond the article (``network.output``: output
weights, left out while they are off with every v = 1 and c = 0; ``fit``: the target to fit
and the training settings; ``depth``: the depth explorer's state, ``model.depth.Explorer``,
left out while it is as a new one's). Every document is written as
version 2, even one without those parts, so that the version names the format that wrote it.
Version-1 documents open unchanged (``upgrade_v1``); version-0 documents (the legacy plain
layout, see ``upgrade_v0``) are upgraded on load; documents from a newer nnshape are refused
with a message saying so. Numbers are written as the shortest text that reads back as
the same float, so a document reproduces a network exactly. The fields and their rules come
from ``model.fields``.
"""

from __future__ import annotations

import json
import math
import numbers
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from . import fields as F
from .article import FREE
from .messages import Message, Refusal, Unrepresentable, cut, show
from .network import NEURON_COLORS, Network
from .parameters import HexColor, check_finite
from .target import Target
from .training import TrainingSettings, check_settings
from .view import View

#: The ``schema`` every document carries.
SCHEMA = "nnshape.network"
#: The document version this nnshape writes. It reads this one and every older one.
VERSION = 2
#: Documents larger than this (in UTF-8 bytes) are refused before they are parsed.
MAX_DOCUMENT_BYTES = 1_000_000
#: Documents nested deeper than this are refused before they are parsed (a valid one needs 4).
MAX_DEPTH = 20


class StateError(Refusal):
    """A document was refused; the message says what is wrong and where."""


@dataclass
class LoadedState:
    """What ``load_json`` read: a new network and a complete view."""

    network: Network
    view: View
    #: View settings that were ignored (unknown keys), as messages.
    notices: list[Message] = field(default_factory=list)
    #: The version the document was written in (0 for a legacy document, upgraded on load).
    source_version: int = VERSION
    #: The target to fit and the training settings (``optimiser``, ``learning_rate``, ``seed``),
    #: if the document has them (version 2's optional ``fit``).
    target: Target | None = None
    training: dict | None = None
    #: The depth explorer's state (a ``model.depth.Explorer``), if the document has one.
    depth: object | None = None


def _refuse(id: str, **args) -> StateError:
    return StateError(id, **args)


def _checked(check, *args) -> None:
    """Run a parameter's check; its Refusal becomes a StateError with the same message."""
    try:
        check(*args)
    except Refusal as error:
        raise StateError(error.message.id, **error.message.args) from None


# -- the view, strictly -----------------------------------------------------------------------


_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,39}")


def key_path(path: str, key) -> str:
    """Where ``key`` sits under ``path``, e.g. ``network.foo`` or ``view['a b']``."""
    if isinstance(key, str) and _PLAIN_KEY.fullmatch(key):
        return f"{path}.{key}" if path else key
    return f"{path}[{show(key)}]" if path else f"[{show(key)}]"


def read_view(raw, n_neurons: int, path: str = "view", notices: list | None = None) -> View:
    """A complete View from a (partial) mapping; missing settings take its figure's defaults.

    Unknown keys are refused (``notices is None``) or ignored with a notice.
    """
    if isinstance(raw, View):
        raw = raw.to_dict()
    if not isinstance(raw, Mapping):
        raise _refuse("doc.object", where=path, value=show(raw))
    for key in raw:
        if key not in View.KEYS:
            where = key_path(path, key)
            if notices is None:
                raise _refuse("doc.view_key", where=where, known=", ".join(View.KEYS))
            notices.append(Message("doc.view_key_ignored", where=where))
    figure_id = raw.get("figure", FREE)
    _checked(View.param.figure.check, figure_id, f"{path}.figure")
    view = View.for_figure(figure_id, n_neurons)
    values = {}
    for f in F.section(F.VIEW):
        if f.name == "figure" or f.name not in raw:
            continue
        value = raw[f.name]
        where = f"{path}.{f.name}"
        if f.kind == F.INDICES:
            _checked(f.parameter.check, value, where, n_neurons)
            value = sorted(int(i) for i in value)
        elif f.kind == F.RANGE:
            _checked(f.parameter.check, value, where)
            value = None if value is None else (float(value[0]), float(value[1]))
        elif f.kind == F.CHOICE:
            _checked(f.parameter.check, value, where)
        else:  # FLAG
            _checked(f.parameter.check, value, where)
            value = bool(value)
        values[f.name] = value
    view.param.update(**values)
    return view


# -- out --------------------------------------------------------------------------------------


#: View settings a document leaves out while they hold their default (added within version 2,
#: as links have them): a document without them opens as before.
OPTIONAL_VIEW = {"slope": False, "lang": View.param.lang.default}


def view_part(view) -> dict:
    """The document's ``view``: ``view.to_dict()`` without optional settings at their default."""
    shown = view.to_dict()
    for key, default in OPTIONAL_VIEW.items():
        if shown[key] == default:
            del shown[key]
    return shown


def to_json(
    network: Network,
    view: View | Mapping | None = None,
    target: Target | None = None,
    training: Mapping | None = None,
    depth=None,
) -> str:
    """The network and view as a version-2 JSON document (always with a complete view).

    ``view`` may be a View, a partial mapping (missing keys take its figure's defaults) or None
    (the free view); an unknown key or a bad value raises ``StateError``. A ``target`` and the
    ``training`` settings (``optimiser``, ``learning_rate``, ``seed``) go in the optional ``fit``
    part.
    """
    spec = network.spec()
    view = read_view({} if view is None else view, len(spec["neurons"]))
    net: dict = {}
    for f in F.section(F.NETWORK):
        value = F.get(f, spec, view)
        if f.kind == F.NEURONS:
            net[f.name] = [
                {"weight": w, "bias": b, "color": HexColor.canonical(c)} for w, b, c in value
            ]
        elif f.kind == F.SECOND:
            net[f.name] = dict(zip((name for name, _ in F.SECOND_PARTS), value, strict=True))
        elif f.kind == F.GRID:
            net[f.name] = dict(zip(F.GRID_PARTS, value, strict=True))
        elif f.kind == F.OUTPUT:
            if not F.output_is_plain(value):
                net[f.name] = dict(zip((name for name, _ in F.OUTPUT_PARTS), value, strict=True))
        else:  # CHOICE
            net[f.name] = value
    shown = view_part(view)
    doc = {"schema": SCHEMA, "version": VERSION, "network": net, "view": shown}
    fit = {}
    if target is not None:
        fit["target"] = target.to_dict()
    if training is not None:
        fit["training"] = _read_training(dict(training), "training")
    if fit:
        doc["fit"] = fit
    if depth is not None:  # the depth explorer (model.depth.Explorer), where it has a state
        doc["depth"] = depth.to_dict()
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
        f'    "grid": {c(net["grid"])}'
        + (f',\n    "output": {c(net["output"])}' if "output" in net else "")
        + "\n  },\n"
        f'  "view": {c(doc["view"])}'
        + (f',\n  "fit": {c(doc["fit"])}' if "fit" in doc else "")
        + (f',\n  "depth": {c(doc["depth"])}' if "depth" in doc else "")
        + "\n"
        "}\n"
    )


# -- in: bytes → text → parsed, cheaply and safely --------------------------------------------

# A JSON string, or an unterminated one running to the end: always matches at its first try,
# so stripping strings is linear even for hostile input.
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*(?:"|\\?\Z)', re.DOTALL)
_OPEN = np.frombuffer(b"[{", dtype=np.uint8)
_CLOSE = np.frombuffer(b"]}", dtype=np.uint8)


def as_text(text) -> str:
    """A document's text, refused before anything else if it is not text or too large."""
    if isinstance(text, (bytes, bytearray)):
        if len(text) > MAX_DOCUMENT_BYTES:
            raise too_large(len(text))
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError as e:
            raise _refuse("doc.encoding", reason=e.reason, position=e.start) from None
    elif isinstance(text, str):
        if len(text) > MAX_DOCUMENT_BYTES:  # cheap: never fewer bytes than characters
            raise too_large(len(text))
        size = len(text.encode("utf-8", "surrogatepass"))
        if size > MAX_DOCUMENT_BYTES:
            raise too_large(size)
    else:
        raise _refuse("doc.type", type=type(text).__name__)
    return text.removeprefix("\ufeff")


def too_large(size: int) -> StateError:
    return _refuse("doc.size", size=f"{size:,}", limit=f"{MAX_DOCUMENT_BYTES:,}")


def nesting_depth(text: str) -> int:
    """How deeply ``text``'s brackets nest, outside strings, without parsing it (numpy-fast)."""
    skeleton = _JSON_STRING.sub("", text).encode("utf-8", "surrogatepass")
    codes = np.frombuffer(skeleton, dtype=np.uint8)
    steps = np.isin(codes, _OPEN).astype(np.int32) - np.isin(codes, _CLOSE)
    return int(np.cumsum(steps).max()) if steps.size else 0


def _refuse_constant(name: str):
    raise _refuse("doc.constant", token=name)


def _parse_float(text: str):
    value = float(text)
    return value if math.isfinite(value) else Unrepresentable(text)


def _parse_int(text: str):
    # Python refuses to read integers of more than 4,300 digits (a ValueError mid-parse).
    return int(text) if len(text) <= 20 else Unrepresentable(text)


def _object(pairs: list) -> dict:
    obj = {}
    for key, value in pairs:
        if key in obj:
            raise _refuse("doc.duplicate", key=cut(key))
        obj[key] = value
    return obj


def parse(text: str):
    """Parse ``text`` as JSON; every failure becomes a ``StateError``."""
    if nesting_depth(text) > MAX_DEPTH:
        raise _refuse("doc.depth", limit=MAX_DEPTH)
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
        raise _refuse("doc.syntax", reason=e.msg, line=e.lineno, column=e.colno) from None
    except RecursionError:  # only if the depth check above were bypassed
        raise _refuse("doc.depth", limit=MAX_DEPTH) from None
    except ValueError as e:
        raise _refuse("doc.syntax_other", reason=str(e)) from None


# -- in: versions -----------------------------------------------------------------------------

_LEGACY_KEYS = ("activation", "neurons", "second", "grid")


def _v0_shape(key: str, shape: str, value) -> StateError:
    return _refuse("doc.v0_shape", key=key, shape=shape, value=show(value))


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
    for key in doc:
        if key not in (*_LEGACY_KEYS, "schema", "version"):
            raise _refuse("doc.v0_field", key=show(key))
    for key in ("activation", "neurons"):
        if key not in doc:
            raise _refuse("doc.v0_missing", key=key)
    raw_neurons = doc["neurons"]
    if not isinstance(raw_neurons, list):
        raise _v0_shape("neurons", "a list", raw_neurons)
    neurons = []
    for i, item in enumerate(raw_neurons):
        if not isinstance(item, list) or len(item) not in (2, 3):
            raise _v0_shape(f"neurons[{i}]", "[weight, bias] or [weight, bias, colour]", item)
        color = item[2] if len(item) == 3 else default_color(i)
        neurons.append({"weight": item[0], "bias": item[1], "color": color})
    second = doc.get("second")
    if second is None:
        second = {"enabled": False, "weight": 1.0, "bias": 0.0}
    elif isinstance(second, list) and len(second) == 2:
        second = {"enabled": True, "weight": second[0], "bias": second[1]}
    else:
        raise _v0_shape("second", "[w2, b2] or null", second)
    grid = doc.get("grid", [-5.0, 5.0, 0.1])
    if not isinstance(grid, list) or len(grid) != 3:
        raise _v0_shape("grid", "[start, stop, step]", grid)
    return {
        "schema": SCHEMA,
        "version": 1,
        "network": {
            "activation": doc["activation"],
            "neurons": neurons,
            "second": second,
            "grid": dict(zip(F.GRID_PARTS, grid, strict=True)),
        },
    }


def upgrade_v1(doc: dict) -> dict:
    """Upgrade a version-1 document to version 2: the same document, which cannot hold what
    version 2 added (``network.output``, ``fit``)."""
    net = doc.get("network")
    if isinstance(net, dict) and "output" in net:
        raise _refuse("doc.unknown_field", where="network.output", version=1)
    if "fit" in doc:
        raise _refuse("doc.unknown_field", where="fit", version=1)
    return {**doc, "version": 2}


#: version -> the function that upgrades a document of that version to the next one.
UPGRADES = {0: upgrade_v0, 1: upgrade_v1}


def _is_index(value) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, (bool, np.bool_))


def _version_of(doc: dict) -> int:
    has_schema = "schema" in doc
    if has_schema and doc["schema"] != SCHEMA:
        raise _refuse("doc.schema", schema=repr(SCHEMA), value=show(doc["schema"]))
    if "version" not in doc:
        if has_schema:
            raise _refuse("doc.version_missing")
        if not any(key in doc for key in _LEGACY_KEYS):
            raise _refuse("doc.not_nnshape")
        return 0  # the legacy layout had neither schema nor version
    version = doc["version"]
    if not _is_index(version):
        raise _refuse("doc.version_type", value=show(version))
    if version > VERSION:
        raise _refuse("doc.version_newer", version=version, current=VERSION)
    if version < 0:
        raise _refuse("doc.version_range", current=VERSION, value=version)
    if version >= 1 and not has_schema:
        raise _refuse("doc.schema_missing", schema=repr(SCHEMA))
    return int(version)


def _fields(obj, path: str, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> None:
    if not isinstance(obj, dict):
        raise _refuse("doc.object", where=path or "the document", value=show(obj))
    for key in obj:
        if key not in required and key not in optional:
            raise _refuse("doc.unknown_field", where=key_path(path, key), version=VERSION)
    for key in required:
        if key not in obj:
            raise _refuse("doc.missing", where=key_path(path, key))


def default_color(index: int) -> str:
    """The palette's colour for the neuron at ``index``: what a link or a legacy document
    leaves unsaid."""
    return NEURON_COLORS[index % len(NEURON_COLORS)]


def _read_neuron(item, path: str) -> tuple:
    _fields(item, path, tuple(name for name, _ in F.NEURON_PARTS))
    values = []
    for name, part in F.NEURON_PARTS:
        value = item[name]
        if name == "color":
            value = HexColor.canonical(value) or value
            _checked(part.check, value, f"{path}.{name}")
        else:
            _checked(part.check, value, f"{path}.{name}")
            value = float(value)
        values.append(value)
    return tuple(values)


def _read_network(net, notices: list) -> dict:
    optional = tuple(f.name for f in F.section(F.NETWORK) if f.kind == F.OUTPUT)
    required = tuple(f.name for f in F.section(F.NETWORK) if f.name not in optional)
    _fields(net, "network", required, optional)
    spec: dict = {}
    for f in F.section(F.NETWORK):
        if f.name not in net:
            continue  # an optional part, absent: the article's (see model.fields)
        raw, path = net[f.name], f"network.{f.name}"
        if f.kind == F.CHOICE:
            _checked(f.parameter.check, raw, path)
            value = raw
        elif f.kind == F.NEURONS:
            if not isinstance(raw, list):
                raise _refuse("doc.list", where=path, value=show(raw))
            low, high = f.parameter.bounds
            if not low <= len(raw) <= high:
                raise _refuse("neurons.count", where=path, most=high, count=len(raw))
            value = [_read_neuron(item, f"{path}[{i}]") for i, item in enumerate(raw)]
        elif f.kind == F.SECOND:
            _fields(raw, path, tuple(name for name, _ in F.SECOND_PARTS))
            value = []
            for name, part in F.SECOND_PARTS:
                _checked(part.check, raw[name], f"{path}.{name}")
                value.append(raw[name])
            value = (bool(value[0]), float(value[1]), float(value[2]))
        elif f.kind == F.OUTPUT:
            value = _read_output(raw, path, len(spec["neurons"]))
        else:  # GRID
            _fields(raw, path, F.GRID_PARTS)
            parts = []
            for name in F.GRID_PARTS:
                _checked(check_finite, raw[name], f"{path}.{name}")
                parts.append(float(raw[name]))
            value = tuple(parts)
            _checked(f.parameter.check, value, path)
        F.put(f, spec, value)
    return spec


def _read_output(raw, path: str, count: int) -> tuple:
    (enabled_name, enabled), (bias_name, bias), (weights_name, weight) = F.OUTPUT_PARTS
    _fields(raw, path, (enabled_name, bias_name, weights_name))
    _checked(enabled.check, raw[enabled_name], f"{path}.{enabled_name}")
    _checked(bias.check, raw[bias_name], f"{path}.{bias_name}")
    weights = raw[weights_name]
    where = f"{path}.{weights_name}"
    if not isinstance(weights, list):
        raise _refuse("doc.list", where=where, value=show(weights))
    if len(weights) != count:
        raise _refuse("output.count", count=count, value=show(weights))
    for i, v in enumerate(weights):
        _checked(weight.check, v, f"{where}[{i}]")
    return (bool(raw[enabled_name]), float(raw[bias_name]), [float(v) for v in weights])


def _read_training(raw, path: str) -> dict:
    _fields(raw, path, ("optimiser", "learning_rate", "seed"))
    for name in ("optimiser", "learning_rate"):
        _checked(getattr(TrainingSettings.param, name).check, raw[name], f"{path}.{name}")
    _checked(check_settings, raw["optimiser"], raw["learning_rate"], raw["seed"])
    return {
        "optimiser": raw["optimiser"],
        "learning_rate": float(raw["learning_rate"]),
        "seed": int(raw["seed"]),
    }


def _read_fit(raw) -> tuple[Target | None, dict | None]:
    _fields(raw, "fit", (), ("target", "training"))
    target = training = None
    if "target" in raw:
        try:
            target = Target.from_dict(raw["target"], "fit.target")
        except Refusal as error:
            raise StateError(error.message.id, **error.message.args) from None
    if "training" in raw:
        training = _read_training(raw["training"], "fit.training")
    return target, training


def _read_depth(raw):
    from .depth import Explorer

    try:
        return Explorer.from_dict(raw, "depth")
    except Refusal as error:
        raise StateError(error.message.id, **error.message.args) from None


def _read_v2(doc: dict, notices: list) -> tuple[Network, View, Target | None, dict | None]:
    _fields(doc, "", ("schema", "version", "network"), ("view", "fit", "depth"))
    spec = _read_network(doc["network"], notices)
    target, training = _read_fit(doc["fit"]) if "fit" in doc else (None, None)
    network = Network.from_spec(spec)  # every value was checked above by the same rules
    view = read_view(doc.get("view", {}), len(spec["neurons"]), "view", notices)
    return network, view, target, training


def load_json(text: str | bytes) -> LoadedState:
    """Read a JSON document (any version up to ``VERSION``) into a new network and a full view.

    Raises ``StateError`` (a ValueError), saying what is wrong and where, for anything else.
    """
    doc = parse(as_text(text))
    if not isinstance(doc, dict):
        raise _refuse("doc.not_object", value=show(doc))
    source = version = _version_of(doc)
    while version < VERSION:
        doc = UPGRADES[version](doc)
        version += 1
    notices: list = []
    try:
        network, view, target, training = _read_v2(doc, notices)
    except StateError as e:
        if source == VERSION:
            raise
        raise _refuse("doc.upgraded", problem=e.message, version=source) from None
    return LoadedState(
        network=network,
        view=view,
        notices=notices,
        source_version=source,
        target=target,
        training=training,
        depth=_read_depth(doc["depth"]) if "depth" in doc else None,
    )
