"""The walk: its steps follow the article, and each task is not done at the start, is done by
the edit a learner would make with the controls, and is not done by a near miss."""

from __future__ import annotations

import math

import pytest

from model.article import FIGURES, figure
from model.lang import CATALOGUES
from model.walk import QUANTITIES, STEPS, Condition, Progress, keys, step_for, step_of


def _set(i, name, value):
    return lambda net: setattr(net.neurons[i], name, value)


def _second(name, value):
    return lambda net: setattr(net.second, name, value)


def _both(*edits):
    def edit(net):
        for e in edits:
            e(net)

    return edit


#: For each task: an edit that does it, and a near miss that must not get a ✓.
SOLUTIONS = {
    ("nn6", "double"): (_set(0, "weight", 2.0), _set(0, "weight", 1.9)),
    ("nn6", "mirror"): (_set(1, "weight", -0.5), _set(1, "weight", -0.4)),
    ("nn7", "slide"): (_set(0, "bias", 2.0), _set(0, "bias", 1.9)),
    ("nn8", "climb"): (lambda net: net.hidden.add_neuron(), _set(1, "weight", 3.0)),
    ("nn9", "turn"): (_set(2, "weight", -2.0), _set(2, "weight", 0.1)),
    ("nn10", "flatten"): (_set(2, "bias", 0.0), _set(2, "bias", -2.0)),
    ("nn11", "squash"): (_second("weight", 5.0), _second("weight", 3.0)),
    ("nn12", "touch"): (_set(2, "bias", 2.0), _set(2, "bias", 0.0)),
    ("nn13", "lower"): (_second("bias", 1.0), _second("bias", 0.9)),
    ("nn15", "top"): (_second("bias", -7.0), _second("bias", -6.5)),
    ("nn16", "dip"): (_set(0, "bias", 3.2), _set(0, "bias", 2.5)),
    ("nn17", "corners"): (lambda net: setattr(net, "activation", "relu"),
                          lambda net: setattr(net, "activation", "tanh")),
    ("nn18", "follow"): (_both(_second("weight", 1.0), _second("bias", 0.0)),
                         _second("weight", 1.0)),
}  # fmt: skip

TASKS = [(s.figure, t) for s in STEPS for t in s.tasks]


def test_the_walk_is_the_article_in_order():
    assert [s.figure for s in STEPS] == list(FIGURES)
    assert all(1 <= len(s.tasks) <= 2 for s in STEPS)
    assert step_of(0).figure == "nn6"
    with pytest.raises(IndexError, match="steps 0 to 11"):
        step_of(12)


def test_every_task_has_a_solution_here():
    assert set(SOLUTIONS) == {(f, t.id) for f, t in TASKS}


@pytest.mark.parametrize(("figure_id", "task"), TASKS, ids=[f"{f}-{t.id}" for f, t in TASKS])
def test_a_task_is_open_at_the_start_done_by_its_edit_and_not_by_a_near_miss(figure_id, task):
    start = figure(figure_id)
    assert not task.holds(figure(figure_id), start)
    solve, near_miss = SOLUTIONS[(figure_id, task.id)]
    done = figure(figure_id)
    solve(done)
    assert task.holds(done, start)
    missed = figure(figure_id)
    near_miss(missed)
    assert not task.holds(missed, start)


def test_quantities_read_what_they_say():
    net = figure("nn8")  # (2, -2), (0.5, 1)
    read = lambda name, arg=None: QUANTITIES[name](net, figure("nn8"), arg)  # noqa: E731
    assert read("neurons") == 2
    assert read("weight", 1) == 0.5 and read("bias", 0) == -2.0
    assert read("centre", 0) == -1.0  # 2x + 2 = 0
    net.neurons[0].weight = 0.0
    assert math.isnan(read("centre", 0))  # a flat neuron has no middle
    assert math.isnan(read("weight", 5))  # no such neuron: never done
    turns = QUANTITIES["turns"]
    assert turns(figure("nn9"), None, "sum") == 0  # positive weights: it only rises
    assert turns(figure("nn10"), None, "sum") == 2  # up, down, up
    assert turns(figure("nn16"), None, "n0") == 1  # Mish's dip
    assert QUANTITIES["lowest_at"](figure("nn16"), None, "n0") == pytest.approx(-1.2)
    assert QUANTITIES["gap"](figure("nn8"), None, 0.0) == math.inf  # no second layer
    assert QUANTITIES["gap"](figure("nn13"), None, 0.0) == 0.0  # ReLU passes the sum


def test_a_condition_names_only_known_quantities_and_comparisons():
    with pytest.raises(ValueError, match="no quantity"):
        Condition("__class__", None, "≈", 1.0)
    with pytest.raises(ValueError, match="no comparison"):
        Condition("neurons", None, "==", 1.0)
    assert not Condition("max", "deep", "≥", -1e9).holds(figure("nn8"), figure("nn8"))


def test_every_words_of_the_walk_are_in_every_catalogue():
    for lang, catalogue in CATALOGUES.items():
        missing = [k for k in keys() if k not in catalogue]
        assert not missing, (lang, missing)


def test_progress_goes_to_text_and_back():
    progress = Progress(step=4)
    assert progress.record("nn7", "slide") and not progress.record("nn7", "slide")
    progress.record("nn6", "double")
    text = progress.to_text()
    assert text == '{"step":4,"done":{"nn6":["double"],"nn7":["slide"]}}'  # the walk's order
    again = Progress.from_text(text)
    assert again == progress and again.count() == 2 and again.is_done("nn6", "double")


@pytest.mark.parametrize(
    "hostile",
    [None, 3, "", "not json", "[]", "null", '"text"', "[" * 5000, '{"step": true}',
     '{"step": 0}', '{"step": 13}', '{"step": 4.0}', '{"step": "4"}', '{"done": []}',
     '{"done": {"nn6": "double"}}', '{"done": {"nn14": ["double"]}}',
     '{"done": {"nn6": ["__class__", {"a": 1}]}}', '{"step": 1, "pad": "' + "x" * 5000 + '"}'],
)  # fmt: skip
def test_stored_progress_from_a_browser_is_read_leniently(hostile):
    progress = Progress.from_text(hostile)
    assert progress.step is None and progress.count() == 0


def test_stored_progress_keeps_what_names_a_real_step_and_task():
    got = Progress.from_text('{"step": 12, "done": {"nn6": ["x", "mirror"], "nn7": ["double"]}}')
    assert got.step == 12 and got.done == {"nn6": {"mirror"}}


def test_each_figure_of_the_walk_has_its_step():
    assert [step_for(s.figure) for s in STEPS] == list(range(len(STEPS)))
    assert step_for("free") is None and step_for("nn14") is None
