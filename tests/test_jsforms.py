"""The JS forms' sources as Python hands them out (their output is tested in tests/ui)."""

import json
import re

import pytest

from dashboard.js import FORMS, browser_state, bundle, source
from model.article import figure


def test_a_bundle_holds_each_form_once_after_what_it_needs():
    code = bundle("diagram", "formula", "diagram")
    assert code.count("nnshape.pyformat = ") == 1
    assert code.index("nnshape.pyformat = ") < code.index("nnshape.diagram_svg = ")
    assert code.index("nnshape.diagram_svg = ") < code.index("nnshape.formula_html = ")


def test_each_file_is_plain_script_defining_its_names_on_one_object():
    for name, (defines, _needs) in FORMS.items():
        text = source(name)
        assert not re.search(r"^\s*(import|export)\b", text, re.MULTILINE), name
        assert "window.nnshape = window.nnshape || {}" in text, name
        if name == "curves":  # the page's evaluator: its functions, on one object
            names = re.findall(r"^\s*nn\.(\w+) = ", text, re.MULTILINE)
            assert {"draw", "compute", "arange", "set", "schedule", "tooltip"} <= set(names)
        elif name == "slope":  # the derivative view, which the evaluator's drawing calls
            names = re.findall(r"^\s*nn\.(\w+) = ", text, re.MULTILINE)
            assert set(names) == {"draw_slope"}
        elif name == "fit":  # the target and the score, beside the evaluator
            names = re.findall(r"^\s*nn\.(\w+) = ", text, re.MULTILINE)
            assert {"draw_fit", "fit_score", "fit_number", "output_at"} <= set(names)
        elif name == "depth":  # the depth explorer, on the evaluator's object
            names = re.findall(r"^\s*nn\.(\w+) = ", text, re.MULTILINE)
            assert {"depth_draw", "depth_stack", "depth_sentence", "depth_set"} <= set(names)
        else:
            assert re.findall(r"^nnshape\.(\w+) = ", text, re.MULTILINE) == [defines]


def test_an_unknown_form_is_refused():
    with pytest.raises(KeyError, match="no JavaScript form 'plots'"):
        bundle("plots")


def test_the_state_is_plain_json():
    state = browser_state(figure("nn15"))
    assert json.loads(json.dumps(state)) == state
    assert state["symbol"] == "ReLU"
    assert state["neurons"][0] == {
        "weight": 1.0, "bias": -2.0, "color": "#ff0000", "output_weight": 1.0
    }  # fmt: skip
    assert state["second"] == {"enabled": True, "weight": -1.0, "bias": -10.0}
    assert state["output"] == {"enabled": False, "bias": 0.0}
