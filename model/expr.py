"""A formula in x, typed by a learner: parsed into a small whitelisted tree, never evaluated by
Python.

One file over 300 lines on purpose: the parser, the tree it builds, the tree's canonical text and
its evaluation are one grammar; apart, each would restate the node types and precedences.

``parse("0.5*sin(3*x) + x**2")`` reads the text with Python's ``ast`` module and rebuilds it from
five node types (a number, ``x``, a constant, a unary or binary operation, a function call);
anything else in the text (a name, an attribute, a subscript, a string, a comparison, a lambda)
is refused with a ``Refusal`` that says what was found. The tree is evaluated with numpy on a
grid and prints itself back (``str``) in one canonical form that parses to the same tree: that
text is what documents and links store.

Limits, each checked before the work it protects:

- the text is at most ``MAX_CHARS`` characters long;
- parentheses nest at most ``MAX_DEPTH`` deep, checked by scanning them *before* ``ast.parse``
  (which itself fails with RecursionError or MemoryError on deeply nested input), and the tree
  is at most ``MAX_TREE_DEPTH`` nodes deep;
- a constant exponent lies within ±``MAX_EXPONENT`` (``9**9**9`` is refused; ``x**x`` is
  allowed, and its non-finite values are masked like any other);
- every number is finite as a float.
"""

from __future__ import annotations

import ast
import functools
from dataclasses import dataclass

import numpy as np

from .messages import Message, Refusal, count_text, cut, listing, number_text, show

#: The longest formula accepted, in characters.
MAX_CHARS = 500
#: Parentheses (and calls' brackets) may nest at most this deep.
MAX_DEPTH = 20
#: The parsed tree may be at most this many nodes deep (``x+x+…+x`` is a deep left chain).
MAX_TREE_DEPTH = 100
#: A power's exponent, where it does not depend on x, must lie within ± this.
MAX_EXPONENT = 100.0
#: Texts longer than this are refused as too long without even scanning their parentheses.
_SCAN_CHARS = 1 << 16

#: The functions a formula may call: name -> (numpy function of its arguments, arity).
#: An arity of None means two or more.
FUNCTIONS: dict[str, tuple] = {
    "sin": (np.sin, 1),
    "cos": (np.cos, 1),
    "tan": (np.tan, 1),
    "exp": (np.exp, 1),
    "log": (np.log, 1),
    "sqrt": (np.sqrt, 1),
    "abs": (np.abs, 1),
    "tanh": (np.tanh, 1),
    "min": (lambda *a: functools.reduce(np.minimum, a), None),
    "max": (lambda *a: functools.reduce(np.maximum, a), None),
}
#: The constants a formula may name.
CONSTANTS = {"pi": np.pi, "e": np.e}
VARIABLE = "x"

_BINARY = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**"}
_UNARY = {ast.USub: "-", ast.UAdd: "+"}
#: Binding strength, as Python's grammar has it (the canonical text relies on it).
_PREC = {"+": 1, "-": 1, "*": 2, "/": 2, "unary": 3, "**": 4, "atom": 5}
#: Words for what a formula may not hold, by ast node type.
_WHAT = {
    ast.Attribute: "an attribute (.name)",
    ast.Subscript: "a subscript ([…])",
    ast.Lambda: "a lambda",
    ast.Compare: "a comparison",
    ast.BoolOp: "and/or",
    ast.IfExp: "if/else",
    ast.JoinedStr: "a string",
    ast.List: "a list",
    ast.Tuple: "a tuple",
    ast.Set: "a set",
    ast.Dict: "a dict",
    ast.ListComp: "a comprehension",
    ast.GeneratorExp: "a comprehension",
    ast.SetComp: "a comprehension",
    ast.DictComp: "a comprehension",
    ast.NamedExpr: "an assignment (:=)",
    ast.Starred: "a starred argument",
    ast.Await: "await",
    ast.Yield: "yield",
    ast.Slice: "a slice",
}


def _known_functions() -> str:
    return ", ".join(FUNCTIONS)


# -- the tree -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Num:
    value: float


@dataclass(frozen=True)
class Var:
    pass


@dataclass(frozen=True)
class Const:
    name: str


@dataclass(frozen=True)
class Unary:
    op: str
    operand: Node


@dataclass(frozen=True)
class Binary:
    op: str
    left: Node
    right: Node


@dataclass(frozen=True)
class Call:
    name: str
    args: tuple


Node = Num | Var | Const | Unary | Binary | Call


def _prec(node: Node) -> int:
    if isinstance(node, Binary):
        return _PREC[node.op]
    if isinstance(node, Unary):
        return _PREC["unary"]
    return _PREC["atom"]


def _text(node: Node) -> str:
    """The canonical text: fewest parentheses that parse back to exactly this tree."""
    if isinstance(node, Num):
        return number_text(node.value)
    if isinstance(node, Var):
        return VARIABLE
    if isinstance(node, Const):
        return node.name
    if isinstance(node, Call):
        return f"{node.name}({', '.join(_text(a) for a in node.args)})"
    if isinstance(node, Unary):
        inner = _text(node.operand)
        return node.op + (f"({inner})" if _prec(node.operand) < _PREC["unary"] else inner)
    p = _PREC[node.op]
    left, right = _text(node.left), _text(node.right)
    if node.op == "**":  # right-associative; a unary base needs parentheses: (-x)**2
        left_paren, right_paren = _prec(node.left) <= p, _prec(node.right) < p
        sep = "**"
    else:
        left_paren, right_paren = _prec(node.left) < p, _prec(node.right) <= p
        sep = f" {node.op} " if p == 1 else f"{node.op}"
    if left_paren:
        left = f"({left})"
    if right_paren:
        right = f"({right})"
    return f"{left}{sep}{right}"


def _depth(node: Node) -> int:
    if isinstance(node, Unary):
        return 1 + _depth(node.operand)
    if isinstance(node, Binary):
        return 1 + max(_depth(node.left), _depth(node.right))
    if isinstance(node, Call):
        return 1 + max(_depth(a) for a in node.args)
    return 1


def _uses_x(node: Node) -> bool:
    if isinstance(node, Var):
        return True
    if isinstance(node, Unary):
        return _uses_x(node.operand)
    if isinstance(node, Binary):
        return _uses_x(node.left) or _uses_x(node.right)
    if isinstance(node, Call):
        return any(_uses_x(a) for a in node.args)
    return False


def _evaluate(node: Node, x: np.ndarray) -> np.ndarray:
    if isinstance(node, Num):
        return np.full_like(x, node.value)
    if isinstance(node, Var):
        return x
    if isinstance(node, Const):
        return np.full_like(x, CONSTANTS[node.name])
    if isinstance(node, Unary):
        value = _evaluate(node.operand, x)
        return -value if node.op == "-" else +value
    if isinstance(node, Call):
        fn, _ = FUNCTIONS[node.name]
        return fn(*(_evaluate(a, x) for a in node.args))
    left, right = _evaluate(node.left, x), _evaluate(node.right, x)
    if node.op == "+":
        return left + right
    if node.op == "-":
        return left - right
    if node.op == "*":
        return left * right
    if node.op == "/":
        return left / right
    return np.power(left, right)


# -- from text ----------------------------------------------------------------------------------


def paren_depth(text: str) -> int:
    """How deeply ``text``'s brackets nest, without parsing it (numpy-fast)."""
    codes = np.frombuffer(text.encode("utf-8", "surrogatepass"), dtype=np.uint8)
    steps = np.isin(codes, np.frombuffer(b"([{", dtype=np.uint8)).astype(np.int32)
    steps -= np.isin(codes, np.frombuffer(b")]}", dtype=np.uint8))
    return int(np.cumsum(steps).max()) if steps.size else 0


def _number(value, text: str) -> Num:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        what = "a string" if isinstance(value, (str, bytes)) else show(value)
        raise Refusal("expr.node", what=what, known=_known_functions())
    try:
        number = float(value)
    except OverflowError:
        number = float("inf")
    if not np.isfinite(number):
        raise Refusal("expr.number", value=cut(text))
    return Num(number)


def _convert(node: ast.AST, source: str) -> Node:
    if isinstance(node, ast.Constant):
        return _number(node.value, ast.get_source_segment(source, node) or repr(node.value))
    if isinstance(node, ast.Name):
        if node.id == VARIABLE:
            return Var()
        if node.id in CONSTANTS:
            return Const(node.id)
        if node.id in FUNCTIONS:
            raise Refusal("expr.bare_function", name=node.id)
        raise Refusal("expr.name", name=cut(node.id))
    if isinstance(node, ast.UnaryOp) and type(node.op) in _UNARY:
        return Unary(_UNARY[type(node.op)], _convert(node.operand, source))
    if isinstance(node, ast.BinOp):
        if isinstance(node.op, ast.BitXor):
            raise Refusal("expr.caret")
        if type(node.op) not in _BINARY:
            raise Refusal("expr.operator", op=_operator_text(node.op))
        op = _BINARY[type(node.op)]
        left, right = _convert(node.left, source), _convert(node.right, source)
        if op == "**" and not _uses_x(right):
            with np.errstate(all="ignore"):
                exponent = float(_evaluate(right, np.zeros(1))[0])
            if not abs(exponent) <= MAX_EXPONENT:  # NaN fails this too
                raise Refusal(
                    "expr.exponent",
                    value=cut(_text(right)),
                    limit=number_text(MAX_EXPONENT),
                )
        return Binary(op, left, right)
    if isinstance(node, ast.Call):
        if not isinstance(node.func, ast.Name):
            raise Refusal("expr.call", what=_what(node.func), known=_known_functions())
        name = node.func.id
        if name not in FUNCTIONS:
            raise Refusal("expr.function", name=cut(name), known=_known_functions())
        if node.keywords:
            raise Refusal("expr.keyword", name=name)
        _, arity = FUNCTIONS[name]
        count = len(node.args)
        if (arity is not None and count != arity) or (arity is None and count < 2):
            expected = "one argument" if arity == 1 else "two or more arguments"
            raise Refusal("expr.arity", name=name, expected=expected, count=count)
        return Call(name, tuple(_convert(a, source) for a in node.args))
    if isinstance(node, ast.UnaryOp):
        raise Refusal("expr.operator", op=_operator_text(node.op))
    raise Refusal("expr.node", what=_what(node), known=_known_functions())


def _what(node: ast.AST) -> str:
    if isinstance(node, ast.Constant) and isinstance(node.value, (str, bytes)):
        return "a string"
    if isinstance(node, ast.Call):
        return "the result of a call"
    return _WHAT.get(type(node), f"a {type(node).__name__} expression")


_OPERATORS = {
    ast.Mod: "%",
    ast.FloorDiv: "//",
    ast.MatMult: "@",
    ast.LShift: "<<",
    ast.RShift: ">>",
    ast.BitOr: "|",
    ast.BitAnd: "&",
    ast.Not: "not",
    ast.Invert: "~",
}


def _operator_text(op: ast.AST) -> str:
    return _OPERATORS.get(type(op), type(op).__name__)


@dataclass(frozen=True)
class Formula:
    """A parsed formula: a tree, and its canonical text (``str``)."""

    tree: Node

    def __str__(self) -> str:
        return _text(self.tree)

    def __call__(self, x) -> np.ndarray:
        """The formula's values at ``x`` (float64), NaN or ±inf where it is not finite."""
        x = np.asarray(x, dtype=float)
        with np.errstate(all="ignore"):
            return np.broadcast_to(_evaluate(self.tree, x), x.shape).astype(float)

    def on_grid(self, x) -> Evaluation:
        """The values at ``x`` with the non-finite ones masked; a ``Refusal`` if none is finite."""
        x = np.asarray(x, dtype=float)
        y = self(x)
        finite = np.isfinite(y)
        if not finite.any():
            raise Refusal("expr.none_finite", formula=cut(str(self)), count=count_text(x.size))
        notice = None
        if not finite.all():
            # A grid's x is start + i·step, which floats write as -4.800000000000001: the
            # learner reads it to 12 significant digits, -4.8.
            where = [number_text(float(f"{v:.12g}")) for v in x[~finite]]
            notice = Message(
                "expr.masked",
                formula=cut(str(self)),
                count=count_text(int((~finite).sum())),
                total=count_text(x.size),
                where=listing(where),
            )
        return Evaluation(x=x, y=np.where(finite, y, np.nan), mask=finite, notice=notice)


@dataclass(frozen=True)
class Evaluation:
    """A formula on a grid: ``y`` (NaN where masked), ``mask`` (True where finite), and a
    notice naming the x where it is not finite (None if it is finite everywhere)."""

    x: np.ndarray
    y: np.ndarray
    mask: np.ndarray
    notice: Message | None


def parse(text) -> Formula:
    """A typed formula as a ``Formula``; a ``Refusal`` saying why for anything else."""
    if not isinstance(text, str):
        raise Refusal("expr.type", type=type(text).__name__)
    if len(text) > _SCAN_CHARS:
        raise Refusal("expr.length", length=count_text(len(text)), limit=MAX_CHARS)
    if paren_depth(text) > MAX_DEPTH:
        raise Refusal("expr.depth", limit=MAX_DEPTH)
    if len(text) > MAX_CHARS:
        raise Refusal("expr.length", length=count_text(len(text)), limit=MAX_CHARS)
    if not text.strip():
        raise Refusal("expr.empty")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as e:
        raise Refusal("expr.syntax", reason=e.msg, column=e.offset or 0) from None
    except (ValueError, RecursionError, MemoryError, OverflowError):
        raise Refusal("expr.depth", limit=MAX_DEPTH) from None
    if _ast_depth(tree.body) > MAX_TREE_DEPTH:
        raise Refusal("expr.tree_depth", limit=MAX_TREE_DEPTH)
    return Formula(_convert(tree.body, text.strip()))


def _ast_depth(root: ast.AST) -> int:
    """The depth of an ast tree, without recursion (a long chain must not exhaust the stack)."""
    deepest, stack = 0, [(root, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth > MAX_TREE_DEPTH:
            break
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
    return deepest
