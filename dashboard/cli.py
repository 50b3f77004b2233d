"""The ``nnshape`` command line: serve the app, export a snapshot, print a figure's curves.

Bad arguments print one line and exit with status 2 (argparse's convention).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from model.article import FIGURES, figure

FREE = "free"


def _figure_id(value: str) -> str:
    if value != FREE and value not in FIGURES:
        raise argparse.ArgumentTypeError(
            f"unknown figure {value[:64]!r}; choose one of: free, {', '.join(FIGURES)}"
        )
    return value


def _port(value: str) -> int:
    try:
        port = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"port must be a whole number, not {value[:20]!r}"
        ) from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"port must be between 0 and 65535, not {port}")
    return port


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nnshape",
        description="See what a neural network's weights, biases and activations do.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    serve = sub.add_parser("serve", help="serve the dashboard at http://127.0.0.1:PORT/")
    serve.add_argument("--figure", type=_figure_id, default=FREE, help="figure to open first")
    serve.add_argument("--port", type=_port, default=5006, help="port (default 5006)")
    serve.add_argument("--show", action="store_true", help="open a browser tab")
    export = sub.add_parser("export", help="write a standalone HTML snapshot of a figure")
    export.add_argument("--figure", type=_figure_id, default="nn9", help="figure to export")
    export.add_argument("-o", "--output", type=Path, required=True, help="file to write")
    curves = sub.add_parser("curves", help="print a figure's curves as CSV")
    curves.add_argument("--figure", type=_figure_id, default="nn9", help="article figure id")
    return parser


def print_curves(figure_id: str, out=sys.stdout) -> None:
    c = (figure(figure_id) if figure_id != FREE else _free_network()).curves()
    columns = {"x": c["x"]}
    for i, y in enumerate(c["neurons"], start=1):
        columns[f"neuron{i}"] = y
    columns["sum"] = c["sum"]
    if c["deep"] is not None:
        columns["deep"] = c["deep"]
    out.write(",".join(columns) + "\n")
    for row in zip(*columns.values(), strict=True):
        out.write(",".join(repr(float(v)) for v in row) + "\n")


def _free_network():
    from model import Network

    return Network()


def export(figure_id: str, output: Path) -> None:
    from dashboard.export import snapshot_html
    from dashboard.playground import Playground
    from dashboard.server import _extensions

    _extensions()
    text = snapshot_html(Playground(figure=figure_id))
    output.write_text(text, encoding="utf-8")
    print(f"wrote {output} ({len(text.encode()) / 1e6:.1f} MB)")


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "curves":
        print_curves(args.figure)
    elif args.command == "export":
        try:
            export(args.figure, args.output)
        except OSError as error:
            parser.exit(2, f"nnshape export: cannot write {args.output}: {error.strerror}\n")
    elif args.command == "serve":
        from dashboard.server import serve

        serve(figure=args.figure, port=args.port, show=args.show)
    return 0


if __name__ == "__main__":
    sys.exit(main())
