"""The ``nnshape`` command line.

``nnshape curves --figure nn9`` prints a figure's curves as CSV. Bad arguments print one line and
exit with status 2 (argparse's convention).
"""

from __future__ import annotations

import argparse
import sys

from model.article import FIGURES, figure


def _figure_id(value: str) -> str:
    if value not in FIGURES:
        raise argparse.ArgumentTypeError(
            f"unknown figure {value!r}; choose one of: {', '.join(FIGURES)}"
        )
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nnshape",
        description="See what a neural network's weights, biases and activations do.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    curves = sub.add_parser("curves", help="print a figure's curves as CSV")
    curves.add_argument("--figure", type=_figure_id, default="nn9", help="article figure id")
    return parser


def print_curves(figure_id: str, out=sys.stdout) -> None:
    c = figure(figure_id).curves()
    columns = {"x": c["x"]}
    for i, y in enumerate(c["neurons"], start=1):
        columns[f"neuron{i}"] = y
    columns["sum"] = c["sum"]
    if c["deep"] is not None:
        columns["deep"] = c["deep"]
    out.write(",".join(columns) + "\n")
    for row in zip(*columns.values(), strict=True):
        out.write(",".join(repr(float(v)) for v in row) + "\n")


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "curves":
        print_curves(args.figure)
    return 0


if __name__ == "__main__":
    sys.exit(main())
