"""The JSON document (``model.document``): strict. A bad document is refused saying what is
wrong and where; limits on size and nesting hold before parsing; older versions are upgraded;
whatever the text, it loads as a valid network or is refused.

(Over 300 lines on purpose: a refusal for every rule of ``model/document.py``, in one table.)"""

import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import model.document as document
from harness.states import assert_valid, assert_view_shape, spec
from model import Network, StateError, load_json, to_json
from model.article import FIGURES, FREE, figure
from model.document import MAX_DOCUMENT_BYTES, SCHEMA, VERSION, nesting_depth, view_part
from model.state import default_view
from model.view import View

FIGURE_IDS = list(FIGURES)


def doc_of(figure_id: str = "nn9") -> dict:
    net = figure(figure_id)
    return json.loads(to_json(net, default_view(figure_id, len(net.neurons))))


def refused(doc_or_text, match: str):
    text = doc_or_text if isinstance(doc_or_text, (str, bytes)) else json.dumps(doc_or_text)
    with pytest.raises(StateError, match=match) as info:
        load_json(text)
    return str(info.value)


def test_network_methods_delegate_and_never_share_state():
    net = figure("nn15")
    text = net.to_json({"figure": "nn15"})
    assert text == to_json(net, {"figure": "nn15"})
    other = Network.from_json(text)
    assert isinstance(other, Network) and other is not net
    other.neurons[0].weight = 9.0
    other.second.enabled = False
    assert net.neurons[0].weight == 1.0 and net.second.enabled
    assert Network.from_json(net.to_json()).neurons[0] is not net.neurons[0]


def test_without_a_view_the_free_view_is_written_and_read():
    net = figure("nn9")
    doc = json.loads(net.to_json())
    assert doc["view"] == view_part(View.for_figure(FREE))
    assert "slope" not in doc["view"]  # optional, left out while off
    del doc["view"]
    assert load_json(json.dumps(doc)).view == default_view(FREE)
    partial = {"figure": "nn9", "show_sum": False}
    assert load_json(net.to_json(partial)).view == {**default_view("nn9", 3), "show_sum": False}


# -- JSON is strict: explicit refusals -------------------------------------------------------


def with_change(change, figure_id="nn9") -> dict:
    doc = doc_of(figure_id)
    change(doc)
    return doc


def set_(path, value):
    def change(doc):
        *parents, last = path
        for p in parents:
            doc = doc[p]
        doc[last] = value

    return change


def delete(path):
    def change(doc):
        *parents, last = path
        for p in parents:
            doc = doc[p]
        del doc[last]

    return change


W2 = ("network", "neurons", 2, "weight")

REFUSALS = [
    (set_(W2, "abc"), r"network\.neurons\[2\]\.weight must be a finite number, not 'abc'"),
    (set_(W2, True), r"neurons\[2\]\.weight must be a finite number, not the boolean true"),
    (set_(W2, None), r"neurons\[2\]\.weight must be a finite number, not null"),
    (set_(W2, [1.0]), r"neurons\[2\]\.weight must be a finite number, not \(1\)"),
    (set_(W2, [1, 2, 3, 4, 5]), r"neurons\[2\]\.weight must be a finite number, not a list"),
    (set_(W2, 2e6), r"neurons\[2\]\.weight must lie between -1000000 and 1000000, not 2000000"),
    (set_(("network", "second", "bias"), -1e7), r"network\.second\.bias must lie between"),
    (set_(("network", "second", "enabled"), 1), r"second\.enabled must be true or false, not 1"),
    (set_(("network", "neurons", 0, "color"), "#ff00001"), r"neurons\[0\]\.color must be a"),
    (set_(("network", "neurons", 0, "color"), "#ff0000\n"), r"neurons\[0\]\.color must be a"),
    (set_(("network", "neurons"), []), r"network\.neurons must hold 1 to 64 neurons, not 0"),
    (set_(("network", "neurons"), {}), r"network\.neurons must be a list, not an object"),
    (set_(("network", "activation"), "swish"), r"network\.activation must be one of .*'swish'"),
    (set_(("network", "activation"), 3), r"network\.activation must be one of .*not 3"),
    (set_(("network", "grid", "step"), 0), r"network\.grid step must be positive, not 0"),
    (
        set_(("network", "grid", "stop"), -6.0),
        r"network\.grid stop must be greater than start, not \(-5, -6, 0\.1\)",
    ),
    (
        set_(("network", "grid", "step"), 1e-9),
        r"network\.grid must hold between 2 and 20,000 points; .* holds 10,000,000,000",
    ),
    (set_(("network", "grid", "start"), "-5"), r"network\.grid\.start must be a finite number"),
    (
        set_(("network", "grid"), [-5, 5, 0.1]),
        r"network\.grid must be an object, not \(-5, 5, 0\.1\)",
    ),
    (delete(("network", "grid", "step")), r"network\.grid\.step is missing"),
    (delete(("network", "neurons", 1, "bias")), r"network\.neurons\[1\]\.bias is missing"),
    (delete(("network", "second")), r"network\.second is missing"),
    (delete(("network",)), r"^network is missing"),
    (delete(("version",)), r"^version is missing"),
    (set_(("network", "extra"), 1), r"network\.extra is not a field nnshape knows"),
    (set_(("network", "neurons", 0, "w"), 1), r"network\.neurons\[0\]\.w is not a field"),
    (set_(("what is this",), 1), r"\['what is this'\] is not a field nnshape knows"),
    (set_(("schema",), "other.thing"), r"schema must be 'nnshape\.network', not 'other\.thing'"),
    (set_(("version",), "1"), r"version must be a whole number, not '1'"),
    (set_(("version",), 1.0), r"version must be a whole number, not 1\.0"),
    (set_(("version",), -1), r"version must be 0 to 2, not -1"),
    (set_(("view",), []), r"view must be an object, not a list"),
    (set_(("view", "figure"), "nn14"), r"view\.figure must be one of free, nn6, .*, not 'nn14'"),
    (set_(("view", "ylim"), [3, 1]), r"view\.ylim low must be less than high"),
    (
        set_(("view", "ylim"), [0, 1e300]),
        r"view\.ylim high must lie between -1000000000000000 and 1000000000000000, not 1e\+300",
    ),
    (set_(("view", "ylim"), [0, True]), r"view\.ylim high must be a finite number"),
    (set_(("view", "ylim"), 3), r"view\.ylim must be none or \[low, high\], not 3"),
    (set_(("view", "y_auto"), "yes"), r"view\.y_auto must be true or false, not 'yes'"),
    (set_(("view", "hidden"), [3]), r"view\.hidden\[0\] must be a neuron index from 0 to 2, not 3"),
    (set_(("view", "hidden"), [0, 0]), r"view\.hidden\[1\] repeats the index 0"),
    (set_(("view", "hidden"), [False]), r"view\.hidden\[0\] must be a neuron index"),
]


@pytest.mark.parametrize(("change", "match"), REFUSALS, ids=[m for _, m in REFUSALS])
def test_bad_documents_are_refused_saying_what_and_where(change, match):
    refused(with_change(change), match)


def test_too_many_neurons_are_refused():
    many = set_(("network", "neurons"), [{"weight": 1.0, "bias": 0.0, "color": "red"}] * 65)
    refused(with_change(many), r"network\.neurons must hold 1 to 64 neurons, not 65")


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("", r"not valid JSON: Expecting value \(line 1, column 1\)"),
        ('{"schema": "nnshape.network",', r"not valid JSON"),
        ("{'a': 1}", r"not valid JSON"),
        ("[1, 2]", r"must be a JSON object, not \(1, 2\)"),
        ('"nnshape"', r"must be a JSON object, not 'nnshape'"),
        ("null", r"must be a JSON object, not null"),
        ("9" * 5000, r"must be a JSON object, not 9999"),
        ("{}", r"not an nnshape network document"),
        ('{"a": 1, "a": 2}', r"the key 'a' appears twice"),
        (b"\xff\xfe{}", r"not UTF-8"),
    ],
)
def test_malformed_documents_are_refused(text, match):
    refused(text, match)


def test_only_text_is_read():
    for value in [3.5, None, {"schema": SCHEMA}, ["{}"]]:
        with pytest.raises(StateError, match=r"must be text \(str or bytes\), not"):
            load_json(value)


@pytest.mark.parametrize("token", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_tokens_are_refused(token):
    text = json.dumps(doc_of()).replace('"weight": 2.0', f'"weight": {token}', 1)
    assert token in text
    refused(text, rf"contains {token}, which is not a number")


@pytest.mark.parametrize("token", ["1e400", "-1e999", "1" * 400, "-" + "9" * 5000])
def test_numbers_no_float_can_hold_are_refused_with_their_path(token):
    text = json.dumps(doc_of()).replace('"bias": 4.0', f'"bias": {token}', 1)
    refused(text, rf"network\.neurons\[2\]\.bias must be a finite number, not {token[:12]}")


def test_duplicate_keys_are_refused_anywhere():
    text = json.dumps(doc_of()).replace('"bias": 4.0', '"bias": 4.0, "bias": 5.0', 1)
    refused(text, r"the key 'bias' appears twice")


def test_a_50_mb_document_is_refused_before_it_is_parsed(monkeypatch):
    def must_not_parse(_text):
        raise AssertionError("a document over the size limit was parsed")

    monkeypatch.setattr(document, "parse", must_not_parse)
    monkeypatch.setattr(document, "nesting_depth", must_not_parse)
    big = b"[" * 50_000_000
    refused(big, r"too large: at least 50,000,000 bytes.*limit is 1,000,000")
    refused(big.decode(), r"too large")
    refused("é" * (MAX_DOCUMENT_BYTES // 2 + 1), r"too large: at least 1,000,002 bytes")


def test_a_document_just_under_the_limit_is_read():
    text = to_json(figure("nn9"))
    padded = text[:-2] + " " * (MAX_DOCUMENT_BYTES - len(text)) + text[-2:]
    assert len(padded) == MAX_DOCUMENT_BYTES
    assert spec(load_json(padded).network) == spec(figure("nn9"))


@pytest.mark.parametrize(
    "text",
    [
        "[" * 100_000 + "]" * 100_000,
        "[" * 500_000,
        '{"a":' * 100_000,
        "[[[[...]]]]" * 50_000,
        '{"schema": "nnshape.network", "version": 1, "network": ' + "[" * 30 + "]" * 30 + "}",
    ],
    ids=["balanced", "unbalanced", "objects", "dots", "inside"],
)
def test_deeply_nested_junk_is_refused_cheaply(text):
    with pytest.raises(StateError) as info:
        load_json(text)
    assert "not valid JSON" in str(info.value) or "nested more than 20 levels" in str(info.value)


def test_nesting_is_measured_outside_strings_and_limited_to_20():
    assert nesting_depth('{"a": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}') == 1
    assert nesting_depth('["\\"[[[[", [[]]]') == 3
    assert nesting_depth('"unterminated [[[[[[[[\\') == 0
    assert nesting_depth("[" * 20 + "]" * 20) == 20
    refused('{"a":' + "[" * 20 + "]" * 20 + "}", r"nested more than 20 levels")
    # 20 levels pass the depth check (and are then refused as an unknown document).
    refused('{"a":' + "[" * 19 + "]" * 19 + "}", r"not an nnshape network document")


def test_recursion_error_from_the_parser_becomes_a_state_error(monkeypatch):
    monkeypatch.setattr(document, "nesting_depth", lambda _text: 0)
    with pytest.raises(StateError, match="nested more than 20 levels"):
        document.parse("[" * 200_000 + "]" * 200_000)


def test_unknown_view_keys_are_ignored_with_a_notice():
    doc = with_change(set_(("view", "zoom"), 3))
    loaded = load_json(json.dumps(doc))
    assert loaded.view == default_view("nn9", 3)
    assert loaded.notices == ["view.zoom is not a view setting nnshape knows; ignored"]


def test_bytes_and_a_byte_order_mark_are_read():
    text = to_json(figure("nn12"))
    assert spec(load_json(text.encode()).network) == spec(figure("nn12"))
    assert spec(load_json(b"\xef\xbb\xbf" + text.encode()).network) == spec(figure("nn12"))


# -- versions --------------------------------------------------------------------------------

LEGACY = {
    "activation": "relu",
    "neurons": [[1, -2], [0.5, 0.0, "#0000FF"], [-0.5, -1]],
    "second": [-1, -10],
    "grid": [-5, 10, 0.1],
}


def test_a_version_0_document_is_upgraded_on_loading():
    want = figure("nn18")
    want.activation = "relu"
    for doc in [LEGACY, {**LEGACY, "version": 0}, {**LEGACY, "version": 0, "schema": SCHEMA}]:
        loaded = load_json(json.dumps(doc))
        assert loaded.source_version == 0
        assert spec(loaded.network) == spec(want)
        assert loaded.view == default_view(FREE)
        # Saved again, it is a current document.
        assert json.loads(to_json(loaded.network))["version"] == VERSION
    # second and grid may be left out: off, and the article's grid.
    short = load_json('{"activation": "mish", "neurons": [[2, 1]]}').network
    want = Network(activation="mish")
    want.neurons[0].param.update(weight=2.0, bias=1.0)
    assert spec(short) == spec(want)


@pytest.mark.parametrize(
    ("doc", "match"),
    [
        ({**LEGACY, "neurons": [[1, 2, 3, 4]]}, r"neurons\[0\] must be \[weight, bias\]"),
        ({**LEGACY, "neurons": [[1, "abc"]]}, r"network\.neurons\[0\]\.bias .*version-0 document"),
        ({**LEGACY, "neurons": [[1, 0]] * 65}, r"neurons must hold 1 to 64 neurons"),
        ({**LEGACY, "second": {"w2": 1}}, r"second must be \[w2, b2\] or null"),
        ({**LEGACY, "grid": [0, 1]}, r"grid must be \[start, stop, step\]"),
        (
            {**LEGACY, "grid": [1, 0, 0.1]},
            r"network\.grid stop must be greater than start, not \(1, 0, 0\.1\) \(in a version-0",
        ),
        ({**LEGACY, "colour": "red"}, r"'colour' is not a field of a version-0 document"),
        ({"neurons": [[1, 0]]}, r"activation is missing \(a version-0 document\)"),
        ({**LEGACY, "version": 1}, r"schema is missing"),
    ],
)
def test_a_bad_version_0_document_is_refused_saying_why(doc, match):
    refused(doc, match)


def test_a_document_from_a_newer_nnshape_is_refused():
    doc = {"schema": SCHEMA, "version": VERSION + 1, "network": {"layers": "who knows"}}
    message = refused(doc, r"written by a newer nnshape")
    assert f"version {VERSION + 1}" in message and "Update nnshape" in message


# -- JSON: fuzzed ----------------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.floats() | st.integers() | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=20,
)


def load_or_refuse(text):
    try:
        loaded = load_json(text)
    except StateError as e:
        assert str(e)
        return None
    assert_valid(loaded.network)
    assert_view_shape(loaded.view, len(loaded.network.neurons))
    return loaded


@settings(max_examples=150, deadline=None)
@given(json_values)
def test_fuzzed_json_loads_or_is_refused(value):
    load_or_refuse(json.dumps(value))  # NaN and Infinity tokens included


def paths(value, prefix=()):
    if isinstance(value, dict):
        for k, v in value.items():
            yield (*prefix, k)
            yield from paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield (*prefix, i)
            yield from paths(v, (*prefix, i))


TOKENS = ["NaN", "Infinity", "-Infinity", "1e400", "1" * 30, "-0", "1e-400", "true", "{}", "[]"]


@settings(max_examples=150, deadline=None)
@given(
    figure_id=st.sampled_from(FIGURE_IDS),
    data=st.data(),
    how=st.sampled_from(["delete", "replace", "number", "token", "append"]),
)
def test_mutated_documents_load_or_are_refused(figure_id, data, how):
    doc = doc_of(figure_id)
    path = data.draw(st.sampled_from(list(paths(doc))))
    *parents, last = path
    parent = doc
    for p in parents:
        parent = parent[p]
    if how == "delete":
        del parent[last]
    elif how == "append" and isinstance(parent, list):
        parent.append(data.draw(json_values))
    elif how == "number":  # any float (NaN, ±inf, huge, tiny) or integer
        parent[last] = data.draw(st.floats() | st.integers() | st.sampled_from([1e300, -1e-320]))
    else:
        parent[last] = data.draw(json_values) if how == "replace" else "\x00TOKEN\x00"
    text = json.dumps(doc)
    if how == "token":
        text = text.replace('"\\u0000TOKEN\\u0000"', data.draw(st.sampled_from(TOKENS)))
    loaded = load_or_refuse(text)
    if loaded is not None and how == "token":
        assert all(math.isfinite(n.weight) for n in loaded.network.neurons)
