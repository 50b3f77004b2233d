"""The formula parser: what it reads, what it refuses and why, and its canonical text."""

import math
import time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model.expr import (
    FUNCTIONS,
    MAX_CHARS,
    MAX_DEPTH,
    Binary,
    Call,
    Const,
    Num,
    Unary,
    Var,
    parse,
)
from model.messages import ENGLISH, Refusal

X = np.arange(-5.0, 5.0, 0.1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sin(x)", np.sin(X)),
        ("x**2", X**2),
        ("-x**2", -(X**2)),
        ("(-x)**2", X**2),
        ("2**-x", 2.0**-X),
        ("abs(x)", np.abs(X)),
        (
            "0.2 + 0.4*x**2 + 0.3*x*sin(15*x) + 0.05*cos(50*x)",
            0.2 + 0.4 * X**2 + 0.3 * X * np.sin(15 * X) + 0.05 * np.cos(50 * X),
        ),
        ("exp(-x**2/2)", np.exp(-(X**2) / 2)),
        ("min(x, 1, 2*x)", np.minimum(np.minimum(X, 1), 2 * X)),
        ("max(x, 0)", np.maximum(X, 0)),
        (
            "pi*e - tanh(x) + tan(x/10) + sqrt(abs(x))",
            np.pi * np.e - np.tanh(X) + np.tan(X / 10) + np.sqrt(np.abs(X)),
        ),
        ("3", np.full_like(X, 3.0)),
        ("  x - (x - 1)  ", np.ones_like(X)),
    ],
)
def test_formulas_compute_what_they_say(text, expected):
    np.testing.assert_allclose(parse(text)(X), expected, rtol=1e-15, atol=1e-15)


@pytest.mark.parametrize(
    ("text", "message_id", "words"),
    [
        ("9**9**9", "expr.exponent", "exponent"),
        ("().__class__", "expr.node", "attribute"),
        ("x.real", "expr.node", "attribute"),
        ("__import__('os')", "expr.function", "__import__"),
        ("(" * 10_000 + "x" + ")" * 10_000, "expr.depth", "parentheses"),
        ("x" * 1_000_000, "expr.length", "1,000,000 characters"),
        ("x+" * 300 + "x", "expr.length", "limit"),
        ("y", "expr.name", "'y'"),
        ("os", "expr.name", "'os'"),
        ("sin", "expr.bare_function", "call it"),
        ("x[0]", "expr.node", "subscript"),
        ("lambda: 1", "expr.node", "lambda"),
        ("'abc'", "expr.node", "string"),
        ("b'abc'", "expr.node", "string"),
        ("f'{x}'", "expr.node", "string"),
        ("x < 1", "expr.node", "comparison"),
        ("x if x else 1", "expr.node", "if/else"),
        ("[x]", "expr.node", "list"),
        ("x and 1", "expr.node", "and/or"),
        ("(y := 2)", "expr.node", "assignment"),
        ("sin(x)(1)", "expr.call", "result of a call"),
        ("sin(x, 1)", "expr.arity", "one argument"),
        ("min(x)", "expr.arity", "two or more"),
        ("sin(x=1)", "expr.keyword", "named"),
        ("sin(*x)", "expr.node", "starred"),
        ("x^2", "expr.caret", "x**2"),
        ("x % 2", "expr.operator", "%"),
        ("x // 2", "expr.operator", "//"),
        ("not x", "expr.operator", "not"),
        ("~x", "expr.operator", "~"),
        ("1e400", "expr.number", "1e400"),
        ("9" * 400, "expr.number", "too large"),
        ("1j", "expr.node", "complex"),
        ("True", "expr.node", "boolean"),
        ("None", "expr.node", "null"),
        ("x**(1/0)", "expr.exponent", "exponent"),
        ("x**101", "expr.exponent", "100"),
        ("", "expr.empty", "empty"),
        ("   ", "expr.empty", "empty"),
        ("x +", "expr.syntax", "not valid"),
        ("x\x00", "expr.syntax", "not valid"),
        ("import os", "expr.syntax", "not valid"),
        ("x; 1", "expr.syntax", "not valid"),
        ("-" * 400 + "x", "expr.tree_depth", "chain"),
    ],
)
def test_hostile_and_mistaken_input_is_refused_saying_why(text, message_id, words):
    start = time.perf_counter()
    with pytest.raises(Refusal) as caught:
        parse(text)
    assert time.perf_counter() - start < 1.0  # refused, not computed
    assert caught.value.id == message_id
    assert words in str(caught.value)
    assert len(str(caught.value)) < 300  # the input is echoed cut, never whole


def test_every_refusal_has_english_words():
    assert all(key in ENGLISH for key in ENGLISH if key.startswith("expr."))
    with pytest.raises(Refusal) as caught:
        parse(42)
    assert caught.value.id == "expr.type"


def test_limits_are_generous_enough_for_real_formulas():
    parse("(" * MAX_DEPTH + "x" + ")" * MAX_DEPTH)
    parse("x" + "+x" * ((MAX_CHARS - 1) // 2 // 3))
    parse("x**100 + 9**9 + x**x")


def test_non_finite_values_are_masked_and_named():
    ev = parse("1/x").on_grid(np.array([-1.0, 0.0, 1.0]))
    assert ev.mask.tolist() == [True, False, True]
    assert np.isnan(ev.y[1]) and ev.y[0] == -1.0
    assert ev.notice.id == "expr.masked"
    assert "x = 0" in str(ev.notice)
    ev = parse("log(x)").on_grid(X)
    assert ev.mask.sum() == (X > 0).sum()
    assert "more" in str(ev.notice)  # 51 x values: the first few, then how many more
    grid = np.arange(-5.0, 5.0, 0.1)  # the default grid: -4.800000000000001 is its third x
    assert "x = -5, -4.9, -4.8, -4.7, -4.6 and 46 more" in str(parse("log(x)").on_grid(grid).notice)
    assert parse("sin(x)").on_grid(X).notice is None


def test_nothing_finite_is_refused():
    with pytest.raises(Refusal) as caught:
        parse("sqrt(-1 - x**2)").on_grid(X)
    assert caught.value.id == "expr.none_finite"
    with pytest.raises(Refusal):
        parse("exp(exp(exp(x + 10)))").on_grid(np.array([1.0, 2.0]))


# -- the canonical text -------------------------------------------------------------------------

NAMES = [n for n, (_, arity) in FUNCTIONS.items() if arity == 1]
leaves = st.one_of(
    st.builds(Num, st.floats(0, 1e6, allow_nan=False, allow_infinity=False)),
    st.just(Var()),
    st.sampled_from([Const("pi"), Const("e")]),
)


def _extend(children):
    return st.one_of(
        st.builds(Unary, st.sampled_from(["-", "+"]), children),
        st.builds(Binary, st.sampled_from(["+", "-", "*", "/"]), children, children),
        st.builds(Binary, st.just("**"), children, st.one_of(st.just(Var()), leaves)),
        st.builds(Call, st.sampled_from(NAMES), st.tuples(children)),
        st.builds(Call, st.sampled_from(["min", "max"]), st.tuples(children, children)),
    )


trees = st.recursive(leaves, _extend, max_leaves=12)


def _small_exponents(node) -> bool:
    if isinstance(node, Binary) and node.op == "**":
        right = node.right
        if isinstance(right, Num) and right.value > 100:
            return False
    for child in getattr(node, "args", ()) + tuple(
        getattr(node, a) for a in ("left", "right", "operand") if hasattr(node, a)
    ):
        if not _small_exponents(child):
            return False
    return True


@settings(max_examples=300, deadline=None)
@given(trees)
def test_canonical_text_parses_back_to_the_same_tree(tree):
    from model.expr import Formula

    formula = Formula(tree)
    text = str(formula)
    if len(text) > MAX_CHARS or not _small_exponents(tree):
        return
    again = parse(text)
    assert again == formula
    assert str(again) == text
    a, b = formula(X), again(X)
    np.testing.assert_array_equal(a, b)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_any_text_is_read_or_refused_never_crashes(text):
    try:
        formula = parse(text)
    except Refusal as error:
        assert error.id.startswith("expr.")
    else:
        y = formula(X)
        assert y.shape == X.shape and y.dtype == float


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="x+-*/()0123456789.e sincotahpqrlbmx,", max_size=40))
def test_formula_like_text_is_read_or_refused_never_crashes(text):
    try:
        formula = parse(text)
    except Refusal:
        return
    assert parse(str(formula)) == formula
    with np.errstate(all="raise"):
        formula(X)  # never warns: evaluation runs with floating-point errors silenced


def test_numbers_print_exactly():
    for value in (0.1, 1e-7, 1e16, 123456789.125, math.pi):
        assert parse(str(parse(repr(value)))).tree == Num(value)
