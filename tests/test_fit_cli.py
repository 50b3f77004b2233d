"""``nnshape fit``: trains, prints the final MSE, writes a document that opens; bad input gets
one line and status 2. Run through ``dashboard.cli``, as a person runs it; in process, through
``add_parser`` on the subcommands, then ``run(args)``."""

import json

import pytest

from harness.commands import nnshape
from model.document import load_json
from model.target import Target, score


def test_fit_trains_prints_the_mse_and_writes_a_document_that_opens(tmp_path):
    out = tmp_path / "fit.json"
    fit = ("fit", "--target", "sin(x)", "--neurons", "8", "--activation", "tanh",
           "--output-weights", "--steps", "2000", "--seed", "0")  # fmt: skip
    done = nnshape(*fit, "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("final MSE ") and f"wrote {out}" in done.stdout, done.stdout
    mse = float(done.stdout.split("final MSE ")[1].split(",")[0])
    assert mse < 5e-3
    loaded = load_json(out.read_bytes())
    net = loaded.network
    assert len(net.neurons) == 8 and net.activation == "tanh"
    assert net.hidden.output_weights is True
    assert loaded.target == Target.from_formula("sin(x)")
    assert loaded.training == {"optimiser": "adam", "learning_rate": 0.03, "seed": 0}
    assert score(net, loaded.target).mse == pytest.approx(mse, rel=1e-3)
    # The same command, the same network, exactly.
    again = tmp_path / "again.json"
    nnshape(*fit, "-o", str(again))
    assert again.read_text() == out.read_text()


def test_run_in_process_with_presets_figures_and_the_second_layer(tmp_path, capsys):
    import argparse

    from dashboard import fit

    parser = argparse.ArgumentParser(prog="nnshape")
    fit.add_parser(parser.add_subparsers(dest="command"))
    out = tmp_path / "nielsen.json"
    args = parser.parse_args(
        ["fit", "--target", "nielsen", "--neurons", "6", "--second-layer", "--steps", "50",
         "--activation", "sigmoid", "--optimiser", "momentum", "--learning-rate", "0.01",
         "-o", str(out)]
    )  # fmt: skip
    assert fit.run(args) == 0
    loaded = load_json(out.read_bytes())
    assert loaded.network.grid == (0.0, 1.0, 0.005)  # the target's own grid
    assert loaded.network.second.enabled is True
    args = parser.parse_args(["fit", "--target", "nn11", "--neurons", "2", "--steps", "10"])
    assert fit.run(args) == 0
    assert "final MSE" in capsys.readouterr().out
    args = parser.parse_args(["fit", "--target", "abs", "--steps", "5", "-o", "-"])
    assert fit.run(args) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["fit"]["target"] == {"kind": "preset", "name": "abs"}
    assert "final MSE" in captured.err


@pytest.mark.parametrize(
    "args",
    [
        ["fit"],
        ["fit", "--target", "__import__('os')"],
        ["fit", "--target", "9**9**9"],
        ["fit", "--target", "sin(x)", "--neurons", "0"],
        ["fit", "--target", "sin(x)", "--neurons", "65"],
        ["fit", "--target", "sin(x)", "--activation", "step"],
        ["fit", "--target", "sin(x)", "--optimiser", "lbfgs"],
        ["fit", "--target", "sin(x)", "--learning-rate", "-1"],
        ["fit", "--target", "sin(x)", "--learning-rate", "fast"],
        ["fit", "--target", "sin(x)", "--steps", "1e9"],
        ["fit", "--target", "sin(x)", "--seed", "-3"],
        ["fit", "--target", "sin(x)", "--grid=5,-5,0.1"],
        ["fit", "--target", "sqrt(-1-x**2)"],  # finite nowhere on the grid
        ["fit", "--target", "sin(x)", "--steps", "1", "-o", "/nonexistent/dir/fit.json"],
    ],
    ids=repr,
)
def test_bad_input_gets_one_line_and_status_2(args):
    done = nnshape(*args)
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    # argparse's usage, then one line that says what is wrong (as for every command).
    lines = [line for line in done.stderr.splitlines() if line.startswith("nnshape fit:")]
    assert len(lines) == 1, done.stderr


def test_a_diverging_run_says_so_keeps_finite_weights_and_exits_1(tmp_path):
    out = tmp_path / "wild.json"
    done = nnshape(
        "fit", "--target", "square", "--activation", "relu", "--optimiser", "sgd",
        "--learning-rate", "10", "--output-weights", "--steps", "1000", "-o", str(out),
    )  # fmt: skip
    assert done.returncode == 1
    assert "diverged" in done.stderr
    load_json(out.read_bytes())  # written, and every weight finite
