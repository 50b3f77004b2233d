"""Messages that help (issue 11, item 14): a grid with a tiny step gets a short notice with no
huge count, and the colour error does not offer colour names, which are refused everywhere."""

import json
import re

import pytest

from model import Network, load_json
from model.document import StateError
from model.permalink import from_query

TINY_STEPS = ["0_1_1e-300", "0_1_5e-324", "-1e6_1e6_1e-300", "0_1_1e-20", "-5_5_1e-12"]


def short_and_countless(text: str) -> None:
    assert len(text) < 160, text
    assert not re.search(r"\d{13,}", text.replace(",", "")), text  # no 300-digit count
    assert "9223372036854775807" not in text and "9,223,372" not in text


@pytest.mark.parametrize("grid", TINY_STEPS)
def test_a_link_with_a_tiny_grid_step_gets_a_short_notice(grid):
    state = from_query({"grid": [grid]})
    (notice,) = state.notices
    assert notice.startswith("grid must hold between 2 and 20,000 points")
    assert notice.endswith("ignored")
    short_and_countless(notice)
    assert state.network.grid == Network().grid  # the default grid, unchanged


@pytest.mark.parametrize("grid", TINY_STEPS)
def test_the_model_and_a_document_say_the_same_in_as_few_words(grid):
    start, stop, step = (float(v) for v in grid.split("_"))
    with pytest.raises(ValueError) as refused:
        Network().grid = (start, stop, step)
    short_and_countless(str(refused.value))
    doc = json.loads(Network().to_json())
    doc["network"]["grid"] = {"start": start, "stop": stop, "step": step}
    with pytest.raises(StateError) as refused:
        load_json(json.dumps(doc))
    short_and_countless(str(refused.value))


@pytest.mark.parametrize("colour", ["red", "Red", "#zzz", "rgb(1,2,3)", "#ff00000"])
def test_the_colour_error_names_the_form_taken_and_no_colour_names(colour):
    texts = [from_query({"n": [f"1_0_{colour}"]}).notices[0]]
    with pytest.raises(ValueError) as refused:
        Network().neurons[0].color = colour
    texts.append(str(refused.value))
    for text in texts:
        assert "'#ff0000'" in text and repr(colour) in text, text
        assert "'red'" not in text.replace(repr(colour), "") and "name" not in text, text
