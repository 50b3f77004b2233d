"""Every sentence the model says to a person: an id, its arguments, and its words in one table.

A refusal (a ``Refusal``, a ValueError) and a notice about a link (a ``Message``) both carry a
message id and the arguments that fill it, so a view can show them in another language; their
plain ``str`` is the English text from ``ENGLISH``. Arguments are already safe to show: echoed
user input is cut and written as a literal by ``show``, so control and bidi characters appear
escaped and nothing a user sent is longer than ``SHOW_CHARS``.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping

import numpy as np

#: Echoed user input is cut to this many characters.
SHOW_CHARS = 40

ENGLISH: dict[str, str] = {
    # -- a value and the rule its parameter declares --------------------------------------------
    "number.not_finite": "{where} must be a finite number, not {value}",
    "number.bounds": "{where} must lie between {low} and {high}, not {value}",
    "flag.not_bool": "{where} must be true or false, not {value}",
    "choice.unknown": "{where} must be one of {known}, not {value}",
    "color.format": "{where} must be a colour like '#ff0000', not {value}",
    "grid.shape": "{where} must be (start, stop, step), not {value}",
    "grid.ends": "{where} start and stop must lie within ±{limit}, not {value}",
    "grid.step": "{where} step must be positive, not {value}",
    "grid.order": "{where} stop must be greater than start, not {value}",
    "grid.points": "{where} must hold between 2 and {most} points; {value} holds {count}",
    "neurons.count": "{where} must hold 1 to {most} neurons, not {count}",
    "neurons.repeated": "{where} lists the same neuron twice",
    "depth.repeated": "{where} gives layer {layer} twice",
    "output.count": (
        "output weights must be one number for each of the {count} neurons, not {value}"
    ),
    "ylim.shape": "{where} must be none or [low, high], not {value}",
    "ylim.order": "{where} low must be less than high, not [{low}, {high}]",
    "indices.shape": "{where} must be a list of neuron indices, not {value}",
    "indices.range": "{where} must be a neuron index from 0 to {last}, not {value}",
    "indices.repeated": "{where} repeats the index {index}",
    # -- the JSON document ------------------------------------------------------------------------
    "doc.type": "a document must be text (str or bytes), not {type}",
    "doc.encoding": "the document is not UTF-8 text ({reason} at byte {position})",
    "doc.size": (
        "the document is too large: at least {size} bytes, and the limit is {limit} bytes "
        "(1 MB); it was not read"
    ),
    "doc.depth": "the document is nested more than {limit} levels deep; it was not read",
    "doc.constant": "the document contains {token}, which is not a number: numbers must be finite",
    "doc.duplicate": "the key {key} appears twice in one JSON object",
    "doc.syntax": "the document is not valid JSON: {reason} (line {line}, column {column})",
    "doc.syntax_other": "the document is not valid JSON: {reason}",
    "doc.not_object": "the document must be a JSON object, not {value}",
    "doc.schema": "schema must be {schema}, not {value}: this is not an nnshape network document",
    "doc.schema_missing": "schema is missing (expected {schema})",
    "doc.not_nnshape": "this is not an nnshape network document: schema is missing",
    "doc.version_missing": "version is missing",
    "doc.version_type": "version must be a whole number, not {value}",
    "doc.version_range": "version must be 0 to {current}, not {value}",
    "doc.version_newer": (
        "this document is version {version}, written by a newer nnshape; this one reads "
        "versions 0 to {current}. Update nnshape to open it."
    ),
    "doc.upgraded": "{problem} (in a version-{version} document, upgraded on loading)",
    "doc.object": "{where} must be an object, not {value}",
    "doc.list": "{where} must be a list, not {value}",
    "doc.unknown_field": "{where} is not a field nnshape knows (version {version})",
    "doc.missing": "{where} is missing",
    "doc.view_key": "{where} is not a view setting; known: {known}",
    "doc.view_key_ignored": "{where} is not a view setting nnshape knows; ignored",
    "doc.v0_field": "{key} is not a field of a version-0 document",
    "doc.v0_missing": "{key} is missing (a version-0 document)",
    "doc.v0_shape": "{key} must be {shape} (a version-0 document), not {value}",
    # -- reading a link: what was done with each problem ------------------------------------------
    "url.ignored": "{problem}; ignored",
    "url.clamped": "{problem}; clamped to {bound}",
    "url.used": "{problem}; used {fallback}",
    "url.free_play": "{problem}; started from free play",
    "url.repeated": "{key} is given {count} times; used the last",
    "url.not_text": "{key}: a value of type {type} is not text; ignored",
    "url.too_long": (
        "{key}: a value of {length} characters is too long (the limit is {limit}); ignored"
    ),
    "url.far_too_long": "{key}: a value of {length} bytes is far too long; ignored",
    "url.unknown_keys": "ignored unknown parameter(s): {names}",
    "url.not_query": "the query is not a set of parameters ({type}); ignored",
    "url.kept_first": "n: {count} neurons given; kept the first {most}",
    "url.neuron_empty": "n: neuron {number} is empty; ignored",
    "url.neuron_long": "n: neuron {number} is {length} characters long; ignored",
    "url.neuron_unusable": "n: neuron {number} has no usable number; ignored",
    "url.no_neurons": "n: no usable neurons; kept the figure's",
    "url.extra": "{key}: more than {parts}; extra ignored",
    "url.shape": "{key}: {value} is not {shape}; ignored",
    "url.more": "… and {count} more problem(s) with the link",
    "url.refused": "the network in the link was refused ({problem}); used the figure's",
    "url.fallback": "the link could not be read; showing free play",
    "walk.range": "walk must be a step of the walk from 1 to {last}, not {value}",
    "url.walk_figure": (
        "walk: step {step} is figure {figure}, not {other}; opened step {step} as the article "
        "draws it"
    ),
    # -- a typed formula (model.expr) --------------------------------------------------------------
    "expr.type": "a formula must be text, not {type}",
    "expr.empty": "the formula is empty: type an expression in x, such as sin(x)",
    "expr.length": "the formula is {length} characters long; the limit is {limit}",
    "expr.depth": "the formula nests parentheses more than {limit} deep",
    "expr.tree_depth": "the formula is too long a chain of operations (more than {limit} deep)",
    "expr.syntax": "the formula is not valid: {reason} (column {column})",
    "expr.name": "{name} is not a name a formula may use: it may use x, pi and e",
    "expr.bare_function": "{name} is a function: call it, as in {name}(x)",
    "expr.function": "{name} is not a function a formula may call; it may call {known}",
    "expr.call": "{what} cannot be called; a formula may call {known}",
    "expr.keyword": "{name} takes no named arguments",
    "expr.arity": "{name} takes {expected}, not {count}",
    "expr.caret": "^ is not a power in a formula: write x**2 for x squared",
    "expr.operator": "the operator {op} is not allowed; a formula may use + - * / and **",
    "expr.node": (
        "{what} is not allowed in a formula; it may hold numbers, x, pi, e, + - * / **, "
        "parentheses and the functions {known}"
    ),
    "expr.number": "the number {value} is too large to be a finite number",
    "expr.exponent": (
        "the exponent {value} is too large: a constant exponent must lie within ±{limit}"
    ),
    "expr.none_finite": "{formula} is not a finite number anywhere on the grid ({count} points)",
    "expr.masked": (
        "{formula} is not finite at {count} of {total} points (x = {where}); those points are "
        "left out"
    ),
    # -- a target to fit (model.target) ----------------------------------------------------------
    "target.points": "target points must be a list of (x, y), not {value}",
    "target.point": "{where} must be (x, y), not {value}",
    "target.too_many": "a target may hold at most {most} points, not {count}",
    "target.same_x": "two target points share one x: a function has one value at each x",
    "target.points_only": "clicked points have values only at their own x",
    "target.out_of_reach": (
        "{what} is never {side} {bound}, but the target reaches {value}: {hint} to reach it"
    ),
    "target.what_second": "the second layer's {activation} output",
    "target.what_sum": "a sum of {count} {activation} curve(s) without output weights",
    "target.hint_second": "switch the second layer off",
    "target.hint_output": "switch output weights on",
    # -- training (model.training) ---------------------------------------------------------------
    "train.not_finite": (
        "training diverged after {steps} steps: the loss became {loss}; stopped, keeping the "
        "last weights whose loss was finite"
    ),
    "train.grew": (
        "training diverged after {steps} steps: the loss grew from {start} to {loss}; stopped, "
        "keeping the weights before that step (try a smaller learning rate)"
    ),
    "train.too_large": (
        "training diverged after {steps} steps: a weight would pass ±{limit}; stopped, keeping "
        "the last weights within it"
    ),
    "train.seed": "the seed must be a whole number from 0 to 4294967295, not {value}",
    # -- words that fill other messages ---------------------------------------------------------
    "word.more": "{shown} and {count} more",
    "word.below": "below",
    "word.above": "above",
    # -- a value shown in a message (``show``) --------------------------------------------------
    "show.true": "the boolean true",
    "show.false": "the boolean false",
    "show.object": "an object with {count} field(s)",
    "show.list": "a list of {count} item(s)",
    "show.huge": "a very large integer",
    "show.type": "a value of type {type}",
    "show.trillion": "more than a trillion",
}


class Message(str):
    """A sentence for a person: a ``str`` (its English text) that also carries its id and args.

    Arguments are strings, numbers or other messages (translated with the one around them).
    """

    id: str
    args: Mapping

    def __new__(cls, id: str, **args) -> Message:
        text = ENGLISH[id].format(**{k: str(v) for k, v in args.items()})
        message = super().__new__(cls, text)
        message.id = id
        message.args = args
        return message

    def text(self, catalogue: Mapping[str, str]) -> str:
        """This message in the language of ``catalogue`` (id -> template), English if missing."""
        template = catalogue.get(self.id, ENGLISH[self.id])
        args = {
            k: v.text(catalogue) if isinstance(v, Message) else str(v) for k, v in self.args.items()
        }
        return template.format(**args)

    def __reduce__(self):
        return (_rebuild, (self.id, dict(self.args)))


def _rebuild(id: str, args: dict) -> Message:
    return Message(id, **args)


class Refusal(ValueError):
    """A value refused by a rule; ``message`` says which rule, where and what was given."""

    def __init__(self, id: str, **args):
        self.message = Message(id, **args)
        super().__init__(str(self.message))

    @property
    def id(self) -> str:
        return self.message.id


# -- showing values safely --------------------------------------------------------------------


class Unrepresentable:
    """A number token that no float can hold (``1e400``, a 5,000-digit integer), kept as text."""

    __slots__ = ("text",)

    def __init__(self, text: str):
        self.text = text


def cut(text: str) -> str:
    """User text as a short Python literal: cut to SHOW_CHARS, quotes and escapes shown."""
    return repr(text[:SHOW_CHARS]) + ("…" if len(text) > SHOW_CHARS else "")


def show(value) -> str:
    """A value as a short, safe text for a message: user input is cut and written as a literal.
    What it writes in words is a ``Message``, so it is translated with the message around it."""
    if isinstance(value, Message):
        return value
    if isinstance(value, Unrepresentable):
        return value.text[:SHOW_CHARS] + ("…" if len(value.text) > SHOW_CHARS else "")
    if isinstance(value, (bool, np.bool_)):
        return Message("show.true" if value else "show.false")
    if value is None:
        return "null"
    if isinstance(value, str):
        return cut(value)
    if isinstance(value, Mapping):
        return Message("show.object", count=len(value))
    if isinstance(value, (list, tuple, set, frozenset)):
        if 1 <= len(value) <= 4 and all(_is_plain_number(v) for v in value):
            return "(" + ", ".join(number_text(v) for v in value) + ")"
        return Message("show.list", count=len(value))
    if isinstance(value, numbers.Integral):
        value = int(value)
        return repr(value) if value.bit_length() <= 64 else Message("show.huge")
    if isinstance(value, numbers.Real):
        return repr(float(value))
    return Message("show.type", type=type(value).__name__)


def _is_plain_number(value) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))


def number_text(x: float) -> str:
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


def count_text(count: int) -> str | Message:
    """A count for a message: with thousands separators, and never hundreds of digits long."""
    return f"{count:,}" if count < 10**12 else Message("show.trillion")


def listing(items: list[str], most: int = 5) -> str:
    """Up to ``most`` items joined by commas, then how many more there were."""
    shown = ", ".join(items[:most])
    if len(items) <= most:
        return shown
    return Message("word.more", shown=shown, count=f"{len(items) - most:,}")
