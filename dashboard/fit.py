"""``nnshape fit``: train a network towards a target from the command line.

::

    nnshape fit --target "sin(x)" --neurons 8 --activation tanh --output-weights \\
        --steps 5000 --seed 0 -o fit.json

trains with ``model.training.Trainer`` (the same trainer the page and a notebook use), prints
the final MSE and writes a JSON document that ``nnshape serve --load fit.json`` opens, with the
target and the training settings in it. Bad input prints one line and exits with status 2; a
run that diverges says so, still writes the last finite weights, and exits with status 1.

``--lang ja`` prints its sentences (the result, a refusal of the settings, a divergence) in
Japanese and writes the document in that language; argparse's own help and its refusals of an
argument stay English.

``dashboard.cli`` wires this in with ``add_parser(subparsers)`` and ``run(args)``. It imports
no GUI library.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from model.article import FREE, PRESETS
from model.document import to_json
from model.lang import CATALOGUES, LANGUAGES, text
from model.messages import Refusal
from model.network import MAX_NEURONS, Network
from model.target import SHAPES, Target, score
from model.training import OPTIMISERS, TRAINABLE, Trainer, TrainingSettings, check_settings
from model.view import View

#: The most optimiser steps one command may take.
MAX_STEPS = 1_000_000


def _target(text: str) -> Target:
    """A preset (sin, abs, ...), an article figure's output (nn11) or a formula in x."""
    try:
        if text in SHAPES:
            return Target.preset(text)
        if text in PRESETS and text != FREE:
            return Target.figure(text)
        return Target.from_formula(text)
    except Refusal as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _count(low: int, high: int, what: str):
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"{what} must be a whole number, not {text[:20]!r}"
            ) from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{what} must be from {low} to {high}, not {value}")
        return value

    return parse


def _learning_rate(text: str) -> float:
    try:
        value = float(text)
        TrainingSettings.param.learning_rate.check(value, "the learning rate")
    except ValueError as error:  # a Refusal is a ValueError too
        message = str(error) if isinstance(error, Refusal) else f"not a number: {text[:20]!r}"
        raise argparse.ArgumentTypeError(message) from None
    return value


def _grid(text: str) -> tuple[float, float, float]:
    parts = text.split(",")
    try:
        value = tuple(float(p) for p in parts)
        Network.param.grid.check(value, "the grid")
    except ValueError as error:
        message = str(error) if isinstance(error, Refusal) else "numbers: start,stop,step"
        raise argparse.ArgumentTypeError(message) from None
    return value


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Add the ``fit`` command to ``nnshape``'s subcommands; returns its parser."""
    fit = subparsers.add_parser(
        "fit",
        help="train a network towards a target and write it as a JSON document",
        description="Train a network towards a target; print the final MSE; write a document "
        "that 'nnshape serve --load' opens.",
    )
    fit.add_argument(
        "--target",
        type=_target,
        required=True,
        metavar="TARGET",
        help=f"a preset ({', '.join(SHAPES)}), an article figure's output (nn11) or a formula "
        "in x such as 'sin(x)' or '0.5*x**2 - 1'",
    )
    fit.add_argument(
        "--neurons",
        type=_count(1, MAX_NEURONS, "neurons"),
        default=8,
        help=f"hidden neurons, 1 to {MAX_NEURONS} (default 8)",
    )
    fit.add_argument(
        "--activation",
        choices=list(TRAINABLE),
        default="tanh",
        help="default tanh (the step is not offered: its slope is zero, so nothing trains)",
    )
    fit.add_argument(
        "--output-weights",
        action="store_true",
        help="give each neuron an output weight v and the layer an output bias c",
    )
    fit.add_argument(
        "--second-layer", action="store_true", help="train the second layer's w2 and b2 too"
    )
    fit.add_argument("--optimiser", choices=OPTIMISERS, default="adam", help="default adam")
    fit.add_argument(
        "--learning-rate",
        type=_learning_rate,
        default=TrainingSettings.param.learning_rate.default,
        help=f"default {TrainingSettings.param.learning_rate.default}",
    )
    fit.add_argument(
        "--steps",
        type=_count(1, MAX_STEPS, "steps"),
        default=5000,
        help=f"optimiser steps, 1 to {MAX_STEPS:,} (default 5000)",
    )
    fit.add_argument(
        "--seed", type=_count(0, 2**32 - 1, "the seed"), default=0, help="the random start"
    )
    fit.add_argument(
        "--grid",
        type=_grid,
        metavar="START,STOP,STEP",
        help="the x grid (default: the target's own, else -5,5,0.1; write --grid=-2,2,0.01)",
    )
    fit.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=LANGUAGES[0],
        help="the language of what it prints, kept in the document (default en)",
    )
    fit.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE.json",
        help="write the trained network here ('-': standard output)",
    )
    return fit


def build(args) -> Trainer:
    """The network and its trainer, at a seeded random start; a ``Refusal`` if refused."""
    grid = args.grid or args.target.grid or Network.param.grid.default
    network = Network.from_spec(
        {
            "activation": args.activation,
            "neurons": [(1.0, 0.0)] * args.neurons,
            "second": (1.0, 0.0),
            "second_enabled": args.second_layer,
            "grid": grid,
            "output_weights": args.output_weights,
            "output": ([1.0] * args.neurons, 0.0),
        }
    )
    check_settings(args.optimiser, args.learning_rate, args.seed)
    trainer = Trainer(
        network,
        args.target,
        optimiser=args.optimiser,
        learning_rate=args.learning_rate,
        seed=args.seed,
    )
    trainer.reset(args.seed)
    return trainer


def run(args) -> int:
    """Train as ``args`` says; 0 when done, 1 if the run diverged, 2 for refused input."""
    from dashboard.cli import write_replacing

    lang = getattr(args, "lang", LANGUAGES[0])

    def said(message) -> str:  # a model's message in the command's language
        message = getattr(message, "message", message)
        return str(message) if lang == LANGUAGES[0] else message.text(CATALOGUES[lang])

    try:
        trainer = build(args)
    except Refusal as error:
        print(f"nnshape fit: {_one_line(said(error))}", file=sys.stderr)
        return 2
    info = sys.stderr if args.output is not None and str(args.output) == "-" else sys.stdout
    if trainer.notice is not None:
        print(f"nnshape fit: {_one_line(said(trainer.notice))}", file=info)
    taken = trainer.step(args.steps)
    network = trainer.network
    result = score(network, args.target)
    settings = {
        "optimiser": args.optimiser,
        "learning_rate": args.learning_rate,
        "seed": args.seed,
    }
    activation = args.activation
    if lang != LANGUAGES[0]:
        activation = text(f"activation.{activation}.label", lang)
    result_text = text(
        "ui.fit.cli.result", lang, mse=f"{result.mse:.4g}", max=f"{result.max_error:.4g}",
        steps=f"{taken:,}", optimiser=text(f"ui.train.optimiser.{args.optimiser}", lang)
        if lang != LANGUAGES[0] else args.optimiser,
        count=len(network.neurons), activation=activation, target=_label(args.target, lang),
    )  # fmt: skip
    print(result_text, file=info)
    status = 0
    if trainer.diverged is not None:
        print(f"nnshape fit: {_one_line(said(trainer.diverged))}", file=sys.stderr)
        status = 1
    if args.output is not None:
        view = View.for_figure(FREE, len(network.neurons))
        view.lang = lang
        document = to_json(network, view, args.target, settings)
        if str(args.output) == "-":
            sys.stdout.write(document)
            sys.stdout.flush()
        else:
            try:
                write_replacing(args.output, document.encode())
            except OSError as error:
                reason = error.strerror or str(error)
                why = text("ui.fit.cli.cannot_write", lang, path=args.output, reason=reason)
                print(_one_line(f"nnshape fit: {why}"), file=sys.stderr)
                return 2
            print(text("ui.fit.cli.wrote", lang, path=args.output), file=info)
    return status


def _label(target: Target, lang: str) -> str:
    """The target's name in ``lang`` (as ``dashboard.fit_plot.label``, without its Bokeh)."""
    if target.kind == "preset":
        return text(f"ui.fit.shape.{target.name}", lang)
    if target.kind == "figure":
        return text("ui.fit.label.figure", lang, id=target.name)
    return target.label()


def _one_line(text: str) -> str:
    return " ".join(str(text).splitlines())


def main(argv: list[str] | None = None) -> int:
    """``python -m dashboard.fit …``: the fit command on its own, until the CLI wires it in."""
    parser = argparse.ArgumentParser(prog="nnshape")
    add_parser(parser.add_subparsers(dest="command", required=True, metavar="COMMAND"))
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
