"""The nnshape command line: one-line errors with status 2, CSV curves, HTML export."""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from model.article import figure

ROOT = Path(__file__).resolve().parents[1]


def nnshape(*args, timeout=120):
    return subprocess.run(
        [sys.executable, "-m", "dashboard.cli", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["fly"],
        ["serve", "--figure", "nn14"],
        ["serve", "--port", "eighty"],
        ["serve", "--port", "70000"],
        ["export", "--figure", "nn9"],  # no -o
        ["export", "--figure", "<script>", "-o", "x.html"],
        ["curves", "--figure", "nn9", "--bogus"],
    ],
    ids=repr,
)
def test_bad_arguments_give_one_line_and_status_2(args):
    done = nnshape(*args)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    error_lines = [line for line in done.stderr.splitlines() if "error" in line]
    assert len(error_lines) == 1, done.stderr


def test_curves_prints_the_figures_numbers_as_csv():
    done = nnshape("curves", "--figure", "nn11")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "x,neuron1,neuron2,neuron3,sum,deep"
    table = np.array([[float(v) for v in line.split(",")] for line in lines[1:]])
    c = figure("nn11").curves()
    np.testing.assert_array_equal(table[:, 0], c["x"])
    np.testing.assert_array_equal(table[:, 4], c["sum"])
    np.testing.assert_array_equal(table[:, 5], c["deep"])


def test_export_writes_a_self_contained_file(tmp_path):
    out = tmp_path / "nn12.html"
    done = nnshape("export", "--figure", "nn12", "-o", str(out))
    assert done.returncode == 0, done.stderr
    text = out.read_text(encoding="utf-8")
    assert "<script src=" not in text and "<link" not in text
    assert "ReLU sums are angular and convex" in text
    assert 'class=\\"nn-diagram' in text  # inside the document's JSON


def test_export_to_an_unwritable_place_is_one_line(tmp_path):
    done = nnshape("export", "--figure", "nn9", "-o", str(tmp_path / "no" / "such" / "dir.html"))
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0
    assert "cannot write" in done.stderr


def test_readme_has_exactly_the_two_setup_commands_and_ci_runs_the_test_one():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme.count("<!-- run-command -->") == 1
    assert readme.count("<!-- test-command -->") == 1
    block = readme.split("<!-- test-command -->")[1].split("```")[1]
    command = block.removeprefix("sh\n").strip()
    assert command.endswith("python -m pytest")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "<!-- test-command -->" in ci
    run = readme.split("<!-- run-command -->")[1].split("```")[1].removeprefix("sh\n").strip()
    assert run.endswith("nnshape serve")
