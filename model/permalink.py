"""The state as a URL query: written compactly, read leniently.

One file over 300 lines on purpose: each lenient reader sits beside the notice it gives, and
splitting the writer from the reader would separate the two halves of one format.

For nn11 (values need no percent-encoding; ``~`` separates neurons, ``_`` fields)::

    figure=nn11&act=sigmoid&n=2_-2~0.5_1~-2_-4&l2=on_1_0&grid=-5_5_0.1

``n`` is ``weight_bias[_colour]`` per neuron (the colour as hex without ``#``, only where it is
not the palette's default for that position); ``l2`` is ``on|off_w2_b2``; ``grid`` is
``start_stop_step``; ``out`` (output weights, only where they are not the article's: on, or
any v ≠ 1 or c ≠ 0) is ``on|off_c_v1~v2~…``. View settings are written only where they differ
from the figure's: ``ylim=low_high|none``, ``yauto=on|off``, ``hide=0_2|none``, ``sum=on|off``,
``deep=on|off``. The depth explorer, where it is not as a new one is: ``depth=on|off_layers_w_b``
and its layers with a w and b of their own, ``dlayers=k_w_b~k_w_b``.

``walk=N`` (optional; older links open as before) is the step of the
guided walk (``model.walk``) the page is at, counted from 1 as the page shows it, so a teacher
can send a class to ``?walk=4``. A step is a figure of the article: a link whose ``figure`` is
another (or which names none) opens the step as the article draws it, keeping only the
learner's preferences (``View.PREFERENCES``), and says so when it named another figure. A
``walk`` that is not a step's number is ignored with a notice.

A link typed, truncated or mangled by hand never raises: ``from_query`` builds the best valid
network it can and returns notices naming everything it ignored or clamped, in the same words
the model uses to refuse a value (``model.messages``), followed by what was done about it. A
value the link leaves out, or one that is ignored, comes from the figure named by ``figure``.
Echoed input is cut to 40 characters and written as a Python literal; there are at most 20
notices, then one saying how many more. Numbers are written as the shortest text that reads
back as the same float, so a link reproduces a network exactly.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache

from . import fields as F
from .article import FREE, preset
from .document import default_color, read_view
from .messages import Message, Refusal, cut, listing, number_text, show
from .network import Network, Neuron
from .parameters import HexColor
from .target import Target
from .training import TrainingSettings, check_settings
from .view import View
from .walk import STEPS

#: The fit's keys (version 2): the target (``Target.to_text``) and the training settings.
TARGET_KEY, TRAIN_KEY = "target", "train"
#: The depth explorer's keys: ``depth=on|off_layers_w_b`` and the layers with values of their
#: own, ``dlayers=k_w_b~k_w_b…``; written only where the explorer is not as a new one is.
DEPTH_KEY, LAYERS_KEY = "depth", "dlayers"
#: The guided walk's step (optional), counted from 1.
WALK_KEY = "walk"
QUERY_KEYS = (*F.QUERY_KEYS, TARGET_KEY, TRAIN_KEY, DEPTH_KEY, LAYERS_KEY, WALK_KEY)
#: A query value longer than this is ignored (with a notice)...
MAX_VALUE_CHARS = 4096
#: ...except the neuron list ``n``, which may be far longer so that a very long list is cut to
#: its first neurons rather than dropped (only those are ever split and read)...
MAX_NEURON_LIST_CHARS = 1_000_000
#: ...and each of whose neurons may be at most this long.
MAX_NEURON_CHARS = 256
#: ``from_query`` reports at most this many notices, then how many more there were.
MAX_NOTICES = 20
#: The notice ``from_query`` gives if reading a link fails in a way it did not foresee.
FALLBACK_NOTICE = Message("url.fallback")


@dataclass
class QueryState:
    """What ``from_query`` read: a new, valid network, a complete view and what was ignored."""

    network: Network
    view: View
    notices: list[Message] = field(default_factory=list)
    #: The target to fit and the training settings, if the link names them.
    target: Target | None = None
    training: dict | None = None
    #: The depth explorer (``model.depth.Explorer``), if the link names it.
    depth: object | None = None
    #: The walk's step the link opens (counted from 1), if it names one.
    walk: int | None = None


# -- out --------------------------------------------------------------------------------------


def _on(flag: bool) -> str:
    return "on" if flag else "off"


def _write(f: F.Field, value) -> str:
    if f.kind == F.NEURONS:
        tokens = []
        for i, (weight, bias, color) in enumerate(value):
            token = f"{number_text(weight)}_{number_text(bias)}"
            color = HexColor.canonical(color)
            if color is not None and color != default_color(i):
                token += "_" + color.removeprefix("#")
            tokens.append(token)
        return "~".join(tokens)
    if f.kind == F.SECOND:
        enabled, weight, bias = value
        return f"{_on(enabled)}_{number_text(weight)}_{number_text(bias)}"
    if f.kind == F.GRID:
        return "_".join(number_text(v) for v in value)
    if f.kind == F.OUTPUT:
        enabled, bias, weights = value
        return f"{_on(enabled)}_{number_text(bias)}_" + "~".join(number_text(v) for v in weights)
    if f.kind == F.RANGE:
        return "none" if value is None else f"{number_text(value[0])}_{number_text(value[1])}"
    if f.kind == F.FLAG:
        return _on(value)
    if f.kind == F.INDICES:
        return "_".join(str(i) for i in sorted(value)) or "none"
    return str(value)  # CHOICE


@cache
def _defaults(figure_id: str, n: int) -> View:
    """The view figure ``figure_id`` opens with for ``n`` neurons (read, never changed)."""
    return View.for_figure(figure_id, n)


def to_query(
    network: Network,
    view: View | Mapping | None = None,
    target: Target | None = None,
    training: Mapping | None = None,
    depth=None,
    walk: int | None = None,
) -> dict[str, str]:
    """The state as compact query parameters (a formula target needs percent-encoding).

    ``figure`` and the network's fields are always written; the view's other settings only
    where they differ from the figure's defaults; a ``target`` and the ``training`` settings
    (``optimiser``, ``learning_rate``, ``seed``) as ``target=`` and ``train=opt_rate_seed``;
    the depth explorer (a ``model.depth.Explorer``) as ``depth=`` and ``dlayers=``, unless it
    is as a new one is; the ``walk`` step (counted from 1) as ``walk=N``.
    """
    spec = network.spec()
    n = len(spec["neurons"])
    if not (isinstance(view, View) and all(0 <= i < n for i in view.hidden)):
        view = read_view({} if view is None else view, n)  # a View is checked as it is set
    defaults = _defaults(view.figure, n)
    query = {}
    for key in F.QUERY_KEYS:
        f = next(f for f in F.FIELDS if f.key == key)
        value = F.get(f, spec, view)
        if f.kind == F.OUTPUT and F.output_is_plain(value):
            continue
        text = _write(f, value)
        if (
            f.section == F.NETWORK
            or f.name == "figure"
            or text != _write(f, F.get(f, {}, defaults))
        ):
            query[key] = text
    if target is not None:
        query[TARGET_KEY] = target.to_text()
    if training is not None:
        check_settings(training["optimiser"], training["learning_rate"], training["seed"])
        rate = number_text(training["learning_rate"])
        query[TRAIN_KEY] = f"{training['optimiser']}_{rate}_{int(training['seed'])}"
    if depth is not None and not depth.is_default():
        query[DEPTH_KEY] = (
            f"{_on(depth.shown)}_{int(depth.depth)}_{number_text(depth.weight)}_"
            f"{number_text(depth.bias)}"
        )
        if depth.own:
            query[LAYERS_KEY] = "~".join(
                f"{k}_{number_text(w)}_{number_text(b)}" for k, (w, b) in sorted(depth.own.items())
            )
    if walk is not None:
        if isinstance(walk, bool) or not isinstance(walk, int) or not 1 <= walk <= len(STEPS):
            raise ValueError(Message("walk.range", last=len(STEPS), value=show(walk)))
        query[WALK_KEY] = str(walk)
    return query


# -- in: lenient ------------------------------------------------------------------------------


class _Notices:
    def __init__(self) -> None:
        self.items: list[Message] = []
        self.dropped = 0

    def add(self, message: Message) -> None:
        if len(self.items) < MAX_NOTICES:
            self.items.append(message)
        else:
            self.dropped += 1

    def ignored(self, problem: Message) -> None:
        self.add(Message("url.ignored", problem=problem))

    def result(self) -> list[Message]:
        more = [Message("url.more", count=f"{self.dropped:,}")] if self.dropped else []
        return self.items + more


_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)
_INDEX = re.compile(r"\d{1,6}", re.ASCII)
_INDEX_SEED = re.compile(r"\d{1,10}", re.ASCII)
_FLAGS = {"on": True, "off": False, "true": True, "false": False, "yes": True, "no": False}
_FLAGS.update({"1": True, "0": False})


def _number(token: str, where: str, bounds: tuple[float, float], notes: _Notices) -> float | None:
    """``token`` as a float clamped to ``bounds``; None (with a notice) if it is not a number."""
    if not _NUMBER.fullmatch(token):
        notes.ignored(Message("number.not_finite", where=where, value=cut(token)))
        return None
    value, (low, high) = float(token), bounds
    if value < low or value > high:
        bound = low if value < low else high
        problem = Message(
            "number.bounds",
            where=where,
            low=number_text(low),
            high=number_text(high),
            value=cut(token),
        )
        notes.add(Message("url.clamped", problem=problem, bound=number_text(bound)))
        return float(bound)
    return value


def _flag(token: str, where: str, notes: _Notices) -> bool | None:
    flag = _FLAGS.get(token.lower())
    if flag is None:
        notes.ignored(Message("flag.not_bool", where=where, value=cut(token)))
    return flag


def _read_args(args, notes: _Notices) -> dict[str, str]:
    """The last value of each known parameter, as text; notices for everything dropped."""
    if not isinstance(args, Mapping):
        notes.add(Message("url.not_query", type=type(args).__name__))
        return {}
    values: dict[str, str] = {}
    unknown: list[str] = []
    for key, raw in args.items():
        if isinstance(key, (bytes, bytearray)):
            key = bytes(key[:1000]).decode("utf-8", "replace")
        if not isinstance(key, str) or key not in QUERY_KEYS:
            unknown.append(cut(key) if isinstance(key, str) else show(key))
            continue
        items = [raw] if isinstance(raw, (str, bytes, bytearray)) else raw
        if not isinstance(items, (list, tuple)):
            notes.add(Message("url.not_text", key=key, type=type(raw).__name__))
            continue
        if not items:
            continue
        if len(items) > 1:
            notes.add(Message("url.repeated", key=key, count=f"{len(items):,}"))
        value = items[-1]
        limit = MAX_NEURON_LIST_CHARS if key == "n" else MAX_VALUE_CHARS
        if isinstance(value, (bytes, bytearray)):
            if len(value) > 4 * limit:  # more than 4 bytes per character cannot be UTF-8
                notes.add(Message("url.far_too_long", key=key, length=f"{len(value):,}"))
                continue
            value = bytes(value).decode("utf-8", "replace")
        if not isinstance(value, str):
            notes.add(Message("url.not_text", key=key, type=type(value).__name__))
            continue
        if len(value) > limit:
            notes.add(
                Message("url.too_long", key=key, length=f"{len(value):,}", limit=f"{limit:,}")
            )
            continue
        values[key] = value.strip()
    if unknown:
        notes.add(Message("url.unknown_keys", names=listing(unknown)))
    return values


def _neurons(value: str, fallback: list[tuple], notes: _Notices) -> list[tuple] | None:
    """The neurons of ``n``; a part left out or ignored comes from the figure's neuron there."""
    most = F.neuron_count_bounds()[1]
    tokens = value.split("~", most)
    if len(tokens) > most:
        total = value.count("~") + 1
        notes.add(Message("url.kept_first", count=f"{total:,}", most=most))
        tokens = tokens[:most]
    neurons: list[tuple] = []
    for number, token in enumerate(tokens, start=1):
        if not token:
            notes.add(Message("url.neuron_empty", number=number))
            continue
        if len(token) > MAX_NEURON_CHARS:
            notes.add(Message("url.neuron_long", number=number, length=f"{len(token):,}"))
            continue
        parts = token.split("_", 3)
        if len(parts) > 3:
            notes.add(Message("url.extra", key=f"n: neuron {number}", parts="weight, bias, colour"))
        index = len(neurons)
        base = fallback[index] if index < len(fallback) else (
            Neuron.param.weight.default, Neuron.param.bias.default, None
        )  # fmt: skip
        got = []
        for (name, part), token_part in zip(F.NEURON_PARTS[:2], parts, strict=False):
            where = f"n: neuron {number} {name}"
            got.append(_number(token_part, where, part.bounds, notes))
        color = default_color(index)
        if len(parts) > 2:
            canonical = HexColor.canonical(parts[2])
            if canonical is None:
                where = f"n: neuron {number} colour"
                notes.ignored(Message("color.format", where=where, value=cut(parts[2])))
            else:
                color = canonical
        if got and all(v is None for v in got) and len(parts) <= 2:
            continue  # nothing usable in it (each part has its notice)
        got += [None] * (2 - len(got))
        weight = base[0] if got[0] is None else got[0]
        bias = base[1] if got[1] is None else got[1]
        neurons.append((weight, bias, color))
    if not neurons:
        notes.add(Message("url.no_neurons"))
        return None
    return neurons


def _grid(value: str, where: str, f: F.Field, notes: _Notices) -> tuple | None:
    parts = value.split("_", 3)
    if len(parts) != 3:
        notes.add(Message("url.shape", key=where, value=cut(value), shape="start_stop_step"))
        return None
    numbers_ = []
    for name, token in zip(F.GRID_PARTS, parts, strict=True):
        if not _NUMBER.fullmatch(token) or not math.isfinite(float(token)):
            notes.ignored(Message("number.not_finite", where=f"{where} {name}", value=cut(token)))
            return None
        numbers_.append(float(token))
    try:
        f.parameter.check(tuple(numbers_), where)
    except Refusal as error:
        notes.ignored(error.message)
        return None
    return tuple(numbers_)


def _second(value: str, where: str, current: tuple, notes: _Notices) -> tuple:
    parts = value.split("_", 3)
    if len(parts) > 3:
        notes.add(Message("url.extra", key=where, parts="on/off, w2 and b2"))
    enabled, weight, bias = current
    flag = _flag(parts[0], where, notes)
    enabled = enabled if flag is None else flag
    names = {"weight": "w2", "bias": "b2"}
    got = [weight, bias]
    for i, ((name, part), token) in enumerate(zip(F.SECOND_PARTS[1:], parts[1:], strict=False)):
        number = _number(token, f"{where}: {names[name]}", part.bounds, notes)
        if number is not None:
            got[i] = number
    return (enabled, got[0], got[1])


def _output(value: str, where: str, current: tuple, count: int, notes: _Notices) -> tuple:
    """Output weights from ``on|off_c_v1~v2~…``; a part left out or ignored keeps ``current``
    (the figure's: off, c = 0, v = 1), and v for a neuron the link has no number for is 1."""
    enabled, bias, weights = current
    weights = (list(weights) + [1.0] * count)[:count]
    parts = value.split("_", 2)
    flag = _flag(parts[0], where, notes)
    enabled = enabled if flag is None else flag
    (_, _), (_, bias_part), (_, weight_part) = F.OUTPUT_PARTS
    if len(parts) > 1:
        number = _number(parts[1], f"{where}: c", bias_part.bounds, notes)
        bias = bias if number is None else number
    if len(parts) > 2 and parts[2]:
        tokens = parts[2].split("~", count)
        if len(tokens) > count:
            notes.add(Message("url.extra", key=where, parts=f"{count} output weight(s)"))
            tokens = tokens[:count]
        for i, token in enumerate(tokens):
            number = _number(token, f"{where}: v{i + 1}", weight_part.bounds, notes)
            if number is not None:
                weights[i] = number
    return (enabled, bias, weights)


def _range(value: str, where: str, f: F.Field, notes: _Notices, current):
    if value.lower() in ("none", "auto", ""):
        return None
    parts = value.split("_", 2)
    if len(parts) != 2:
        notes.add(Message("url.shape", key=where, value=cut(value), shape="low_high"))
        return current
    low = _number(parts[0], f"{where} low", f.parameter.bounds, notes)
    high = _number(parts[1], f"{where} high", f.parameter.bounds, notes)
    if low is None or high is None:
        return current
    try:
        f.parameter.check((low, high), where)
    except Refusal as error:
        notes.ignored(error.message)
        return current
    return (low, high)


def _indices(value: str, where: str, n: int, notes: _Notices) -> list[int]:
    hidden: set[int] = set()
    bad: list[str] = []
    if value.lower() not in ("none", ""):
        for token in value.split("_"):
            if _INDEX.fullmatch(token) and int(token) < n:
                hidden.add(int(token))
            else:
                bad.append(cut(token))
    if bad:
        notes.ignored(Message("indices.range", where=where, last=n - 1, value=listing(bad)))
    return sorted(hidden)


def read_walk(text, notes: _Notices | None = None) -> int | None:
    """The walk's step ``text`` names (counted from 1), or None with a notice if it names none
    (the value of ``walk=`` in a link, or the one a page sends back from its history: hostile)."""
    if isinstance(text, str) and _INDEX.fullmatch(text) and 1 <= int(text) <= len(STEPS):
        return int(text)
    if notes is not None:
        shown = cut(text) if isinstance(text, str) else show(text)
        notes.ignored(Message("walk.range", last=len(STEPS), value=shown))
    return None


def _walk(values: dict[str, str], notes: _Notices) -> int | None:
    """The step ``walk`` names; ``values`` then opens that step's figure (in place)."""
    walk = read_walk(values[WALK_KEY], notes)
    if walk is None:
        return None
    step_figure = STEPS[walk - 1].figure
    named = values.get("figure", step_figure)
    if named != step_figure:  # the link's network is another figure's: not this step's
        notes.add(Message("url.walk_figure", step=walk, figure=step_figure, other=cut(named)))
        kept = {f.key for f in F.FIELDS if f.name in View.PREFERENCES}
        for key in [k for k in values if k not in kept]:
            del values[key]
    values["figure"] = step_figure
    return walk


def _from_query(args, notes: _Notices) -> QueryState:
    values = _read_args(args, notes)
    walk = _walk(values, notes) if WALK_KEY in values else None
    figure_id = values.get("figure", FREE)
    try:
        View.param.figure.check(figure_id, "figure")
    except Refusal as error:
        notes.add(Message("url.free_play", problem=error.message))
        figure_id = FREE
    base = preset(figure_id).spec()
    spec = dict(base)
    for f in F.section(F.NETWORK):
        if f.kind == F.OUTPUT and len(spec["output"][0]) != len(spec["neurons"]):
            # The link changed how many neurons there are: each has v = 1 unless it says more.
            spec["output"] = ([1.0] * len(spec["neurons"]), spec["output"][1])
        if f.key not in values:
            continue
        text, where = values[f.key], f.key
        if f.kind == F.CHOICE:
            try:
                f.parameter.check(text, where)
                spec[f.name] = text
            except Refusal as error:
                notes.add(Message("url.used", problem=error.message, fallback=spec[f.name]))
        elif f.kind == F.NEURONS:
            spec["neurons"] = _neurons(text, list(base["neurons"]), notes) or spec["neurons"]
        elif f.kind == F.SECOND:
            F.put(f, spec, _second(text, where, F.get(f, spec, None), notes))
        elif f.kind == F.OUTPUT:
            current = F.get(f, spec, None)
            F.put(f, spec, _output(text, where, current, len(spec["neurons"]), notes))
        else:  # GRID
            spec["grid"] = _grid(text, where, f, notes) or spec["grid"]
    try:
        network = Network.from_spec(spec)
    except Refusal as error:  # every value was checked; a last guard
        notes.add(Message("url.refused", problem=error.message))
        network = Network.from_spec(base)
    n = len(network.neurons)
    view = View.for_figure(figure_id, n)
    for f in F.section(F.VIEW):
        if f.name == "figure" or f.key not in values:
            continue
        text, where = values[f.key], f.key
        if f.kind == F.FLAG:
            flag = _flag(text, where, notes)
            if flag is not None:
                setattr(view, f.name, flag)
        elif f.kind == F.RANGE:
            view.ylim = _range(text, where, f, notes, view.ylim)
        elif f.kind == F.CHOICE:
            try:
                f.parameter.check(text, where)
                setattr(view, f.name, text)
            except Refusal as error:
                fallback = getattr(view, f.name)
                notes.add(Message("url.used", problem=error.message, fallback=fallback))
        else:  # INDICES
            view.hidden = _indices(text, where, n, notes)
    target = training = None
    if TARGET_KEY in values:
        try:
            target = Target.from_text(values[TARGET_KEY])
        except Refusal as error:
            notes.ignored(error.message)
    if TRAIN_KEY in values:
        training = _training(values[TRAIN_KEY], notes)
    depth = _depth(values, notes) if DEPTH_KEY in values or LAYERS_KEY in values else None
    return QueryState(
        network=network, view=view, notices=notes.result(), target=target, training=training,
        depth=depth,
        walk=walk,
    )  # fmt: skip


def _depth(values: dict, notes: _Notices):
    """The depth explorer from ``depth=on|off_layers_w_b`` and ``dlayers=k_w_b~…``; a part
    left out or ignored is a new explorer's."""
    from .depth import MAX_DEPTH, Explorer

    explorer = Explorer()
    p = Explorer.param
    layer_bounds = (1, MAX_DEPTH)

    def layer_number(token: str, where: str, clamp: bool = True) -> int | None:
        if not clamp and _NUMBER.fullmatch(token) and not 1 <= float(token) <= MAX_DEPTH:
            # A layer that is not there: ignored, not moved onto another layer.
            problem = Message("number.bounds", where=where, low="1", high=str(MAX_DEPTH),
                              value=cut(token))  # fmt: skip
            notes.ignored(problem)
            return None
        number = _number(token, where, layer_bounds, notes)
        if number is not None and not number.is_integer():
            notes.add(Message("url.shape", key=where, value=cut(token), shape="1…20"))
            return None
        return None if number is None else int(number)

    if DEPTH_KEY in values:
        parts = values[DEPTH_KEY].split("_", 4)
        if len(parts) > 4:
            notes.add(Message("url.extra", key=DEPTH_KEY, parts="on/off, layers, w and b"))
        flag = _flag(parts[0], DEPTH_KEY, notes)
        if flag is not None:
            explorer.shown = flag
        if len(parts) > 1:
            count = layer_number(parts[1], f"{DEPTH_KEY}: layers")
            if count is not None:
                explorer.depth = count
        for name, token in zip(("weight", "bias"), parts[2:4], strict=False):
            where = f"{DEPTH_KEY}: {'w' if name == 'weight' else 'b'}"
            number = _number(token, where, p[name].bounds, notes)
            if number is not None:
                setattr(explorer, name, number)
    if values.get(LAYERS_KEY):
        own: dict[int, tuple[float, float]] = {}
        tokens = values[LAYERS_KEY].split("~", MAX_DEPTH)
        if len(tokens) > MAX_DEPTH:
            notes.add(Message("url.extra", key=LAYERS_KEY, parts=f"{MAX_DEPTH} layers"))
            tokens = tokens[:MAX_DEPTH]
        for i, token in enumerate(tokens, start=1):
            parts = token.split("_", 3)
            if len(parts) != 3:
                where = f"{LAYERS_KEY} {i}"
                notes.add(Message("url.shape", key=where, value=cut(token), shape="layer_w_b"))
                continue
            k = layer_number(parts[0], f"{LAYERS_KEY} {i}: layer", clamp=False)
            w = _number(parts[1], f"{LAYERS_KEY} {i}: w", p.weight.bounds, notes)
            b = _number(parts[2], f"{LAYERS_KEY} {i}: b", p.bias.bounds, notes)
            if k is None or w is None or b is None:
                continue
            if k in own:
                notes.ignored(Message("depth.repeated", where=LAYERS_KEY, layer=str(k)))
                continue
            own[k] = (w, b)
        explorer.own = own
    return explorer


def _training(value: str, notes: _Notices) -> dict:
    """``opt_rate_seed``; a part left out or ignored takes ``TrainingSettings``' default."""
    defaults = TrainingSettings()
    parts = value.split("_", 3)
    if len(parts) > 3:
        notes.add(Message("url.extra", key=TRAIN_KEY, parts="optimiser, learning rate and seed"))
    optimiser, rate, seed = defaults.optimiser, defaults.learning_rate, defaults.seed
    if parts[0]:
        try:
            TrainingSettings.param.optimiser.check(parts[0], f"{TRAIN_KEY}: optimiser")
            optimiser = parts[0]
        except Refusal as error:
            notes.add(Message("url.used", problem=error.message, fallback=optimiser))
    if len(parts) > 1:
        where = f"{TRAIN_KEY}: learning rate"
        number = _number(parts[1], where, TrainingSettings.param.learning_rate.bounds, notes)
        rate = rate if number is None else number
    if len(parts) > 2:
        if _INDEX_SEED.fullmatch(parts[2]) and int(parts[2]) <= 2**32 - 1:
            seed = int(parts[2])
        else:
            notes.ignored(Message("train.seed", value=cut(parts[2])))
    return {"optimiser": optimiser, "learning_rate": rate, "seed": seed}


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
        return QueryState(
            network=preset(FREE).network(), view=View.for_figure(FREE), notices=notes.result()
        )
