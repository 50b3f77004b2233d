"""The ``nnshape`` command line: serve the app, export a snapshot, print a figure's curves.

(Over 300 lines on purpose: every command's arguments are checked here, with one line each.)

Bad arguments print one line and exit with status 2 (argparse's convention).

Only the standard library is imported with this module: ``nnshape serve`` restarts itself on
the system allocator first thing (``_serve_on_system_malloc``), so whatever is imported before
that is paid twice on every start. The model and the GUI are imported where they are used.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import gc
import os
import stat
import sys
import tempfile
from pathlib import Path


def _figure_id(value: str) -> str:
    from model.article import preset
    from model.messages import Refusal

    try:
        preset(value)
    except Refusal as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    return value


def _lang(value: str) -> str:
    """A language of the exported file: one of the catalogues' (a hostile value is refused,
    shown cut and as a literal)."""
    from model.lang import LANGUAGES
    from model.messages import Message, show

    if value not in LANGUAGES:
        message = Message("choice.unknown", where="lang", known=", ".join(LANGUAGES),
                          value=show(value))  # fmt: skip
        raise argparse.ArgumentTypeError(str(message))
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


def _host(value: str) -> str:
    from dashboard.guard import parse_host

    try:
        parse_host(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    return value


def cpu_count() -> int:
    """The CPUs this process may run on (its affinity, where the system says)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _procs(value: str) -> int:
    try:
        procs = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, not {value[:20]!r}") from None
    # A page's build and a learner's changes are CPU work in one thread: a process per CPU
    # is the most that helps, and each one more is a whole server's memory.
    most = cpu_count()
    if not 1 <= procs <= most:
        raise argparse.ArgumentTypeError(
            f"must be between 1 and {most} (the CPUs this machine gives it), not {procs}"
        )
    return procs


#: The shortest secret key accepted (Bokeh's own keys are 44 characters).
MIN_SECRET_CHARS = 32


def build_parser() -> argparse.ArgumentParser:
    from dashboard import fit
    from model.article import FREE

    parser = argparse.ArgumentParser(
        prog="nnshape",
        description="See what a neural network's weights, biases and activations do.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    serve = sub.add_parser("serve", help="serve the dashboard at http://127.0.0.1:PORT/")
    start = serve.add_mutually_exclusive_group()
    start.add_argument("--figure", type=_figure_id, default=FREE, help="figure to open first")
    start.add_argument(
        "--load",
        type=Path,
        metavar="FILE.json",
        help="open every session on this saved network (a JSON document, as export writes)",
    )
    serve.add_argument("--port", type=_port, default=5006, help="port (default 5006)")
    serve.add_argument(
        "--address",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)",
    )
    serve.add_argument(
        "--allow-host",
        type=_host,
        action="append",
        default=[],
        metavar="NAME[:PORT]",
        help="also answer to this host name (repeatable; 127.0.0.1 and localhost always)",
    )
    serve.add_argument(
        "--secret-key",
        metavar="KEY",
        help="sign sessions with this key, shared by servers behind one proxy (default: "
        "$BOKEH_SECRET_KEY, else a new key per start)",
    )
    serve.add_argument(
        "--trust-proxy",
        action="store_true",
        help="a proxy in front sets X-Forwarded-For: take visitors' addresses from it",
    )
    serve.add_argument(
        "--procs",
        type=_procs,
        default=1,
        metavar="N",
        help="serve from N processes on one port (Bokeh's num_procs; default 1, at most one "
        "per CPU): each has its own sessions and limits, all share the secret key",
    )
    serve.add_argument("--show", action="store_true", help="open a browser tab")
    export = sub.add_parser(
        "export", help="write a figure as a standalone HTML snapshot or a JSON document"
    )
    export.add_argument("--figure", type=_figure_id, default="nn9", help="figure to export")
    export.add_argument(
        "--format",
        choices=("html", "json", "py"),
        default="html",
        help="html: a self-contained page (default); json: the network and view, for --load; "
        "py: a numpy + matplotlib script that redraws the figure",
    )
    export.add_argument(
        "--lang",
        type=_lang,
        default="en",
        metavar="{en,ja}",
        help="the language of the file's words (html), kept in its link and JSON (default en)",
    )
    export.add_argument(
        "-o", "--output", type=Path, required=True, help="file to write ('-': standard output)"
    )
    curves = sub.add_parser("curves", help="print a figure's curves as CSV")
    curves.add_argument("--figure", type=_figure_id, default="nn9", help="article figure id")
    fit.add_parser(sub)
    return parser


def print_curves(figure_id: str, out=sys.stdout) -> None:
    from model.article import preset

    c = preset(figure_id).network().curves()
    columns = {"x": c["x"]}
    for i, y in enumerate(c["neurons"], start=1):
        columns[f"neuron{i}"] = y
    columns["sum"] = c["sum"]
    if c["deep"] is not None:
        columns["deep"] = c["deep"]
    out.write(",".join(columns) + "\n")
    for row in zip(*columns.values(), strict=True):
        out.write(",".join(repr(float(v)) for v in row) + "\n")


def figure_json(figure_id: str, lang: str = "en") -> str:
    """Figure ``figure_id`` (or "free") as a versioned JSON document, with its default view
    (in ``lang``)."""
    from model.article import preset
    from model.document import to_json
    from model.view import View

    net = preset(figure_id).network()
    view = View.for_figure(figure_id, len(net.neurons))
    view.lang = lang
    return to_json(net, view)


def _is_stdout(output: Path) -> bool:
    return str(output) == "-"


def export(figure_id: str, output: Path, fmt: str = "html", lang: str = "en") -> None:
    if fmt == "json":
        text = figure_json(figure_id, lang)
    elif fmt == "py":
        from model.article import preset
        from model.code import to_python
        from model.view import View

        net = preset(figure_id).network()
        text = to_python(net, View.for_figure(figure_id, len(net.neurons)))
    else:
        from dashboard.export import snapshot_html
        from dashboard.playground import Playground
        from dashboard.server import load_extensions

        load_extensions()
        text = snapshot_html(Playground.from_figure(figure_id, lang=lang))
    if _is_stdout(output):
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    size = write_replacing(output, text.encode())
    print(
        f"wrote {output} ({size / 1e6:.1f} MB)"
        if size >= 100_000
        else f"wrote {output} ({size:,} bytes)"
    )


def write_replacing(path: Path, data: bytes) -> int:
    """Write ``data`` to ``path`` through a new file in the same folder, renamed into place.

    Whatever fails (a full disk, a dead drive), the file that was at ``path`` stays whole, and
    the new file is removed. Anything at ``path`` but a regular file (a FIFO that would block,
    a device, a directory) is refused with ``OSError``. Returns the size written.
    """
    target = Path(os.path.realpath(path))  # through a symlink, as a plain write would go
    try:
        info = os.stat(target)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    else:
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, "it is a directory")
        if not stat.S_ISREG(info.st_mode):
            raise OSError(0, "it is not a regular file")
        mode = stat.S_IMODE(info.st_mode)
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return len(data)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _one_line(text: str) -> str:
    return " ".join(str(text).splitlines())


def read_document(path: Path) -> str:
    """The text of the saved network at ``path``, checked by ``load_json``.

    Raises ``OSError`` (with a plain ``strerror``) or ``StateError``. A file larger than
    ``MAX_DOCUMENT_BYTES`` is refused after reading at most one byte more than the limit, and
    anything but a regular file (a directory, a FIFO that could block, a device) is refused.
    """
    from model.document import MAX_DOCUMENT_BYTES, load_json, too_large

    info = os.stat(path)
    if stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(21, "it is a directory, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise OSError(0, "it is not a regular file")
    if info.st_size > MAX_DOCUMENT_BYTES:
        raise too_large(info.st_size)
    with open(path, "rb") as f:
        data = f.read(MAX_DOCUMENT_BYTES + 1)  # the file may have grown since stat
    load_json(data)  # raises StateError, saying what is wrong and where
    return data.decode("utf-8")


def _serve_on_system_malloc() -> None:
    """Restart this process (same pid, same arguments) with ``PYTHONMALLOC=malloc``, on glibc.

    Python's own small-object allocator returns a 1 MB arena to the system only once every
    object in it is freed. A session's objects are spread over many arenas, and a few
    long-lived ones made at the same time keep each arena in place, so released sessions'
    memory stays with the server (the README's Reliability section has the figures). glibc's
    malloc, trimmed when a session ends (``malloc_trim`` in
    ``dashboard.server``), hands those pages back. Any ``PYTHONMALLOC`` already set wins
    (``PYTHONMALLOC=pymalloc`` keeps Python's allocator); so does ``-X dev``.
    """
    try:
        glibc = os.confstr("CS_GNU_LIBC_VERSION") or ""
    except (AttributeError, ValueError, OSError):  # not Linux, or not glibc
        glibc = ""
    if not glibc.startswith("glibc") or not sys.orig_argv or sys.flags.dev_mode:
        return
    if "PYTHONMALLOC" in os.environ:
        return
    sys.stdout.flush()
    sys.stderr.flush()
    # orig_argv: the interpreter's own command line (``-m dashboard.cli`` or the ``nnshape``
    # script, with any -X/-W options), so the restarted process is the same command.
    os.execve(sys.executable, sys.orig_argv, {**os.environ, "PYTHONMALLOC": "malloc"})


def _collect_later() -> None:
    """No garbage collection until the server is made (``main`` enables it again).

    Loading Panel and Bokeh makes about 190,000 long-lived objects, and the collector walked
    them again and again as they came (0.1–0.2 s of the start, measured with ``gc.callbacks``);
    ``dashboard.server`` then freezes them all (``gc.freeze``), so no later collection walks
    them. This is the order Python's ``gc`` documentation gives for a server that forks
    workers: ``gc.disable()`` early in the parent, ``gc.freeze()`` before the fork,
    ``gc.enable()`` in the children.
    """
    gc.disable()


def main(argv: list[str] | None = None) -> int:
    if argv is None and sys.argv[1:2] == ["serve"]:
        # This process is the command (a caller's own process is left alone): restart on the
        # system allocator before anything else is imported, then start without collections.
        _serve_on_system_malloc()
        _collect_later()
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "fit":
        from dashboard import fit

        return fit.run(args)
    if args.command == "curves":
        print_curves(args.figure)
    elif args.command == "export":
        try:
            export(args.figure, args.output, args.format, args.lang)
        except OSError as error:
            reason = error.strerror or str(error)
            line = _one_line(f"nnshape export: cannot write {args.output}: {reason}")
            parser.exit(2, line + "\n")
    elif args.command == "serve":
        from model.document import StateError

        initial_json = None
        if args.load is not None:
            try:
                initial_json = read_document(args.load)
            except (OSError, StateError) as error:
                reason = error.strerror if isinstance(error, OSError) else str(error)
                parser.exit(
                    2,
                    _one_line(f"nnshape serve: cannot load {args.load}: {reason or error}") + "\n",
                )
        secret = args.secret_key or os.environ.get("BOKEH_SECRET_KEY") or None
        if secret is not None and len(secret) < MIN_SECRET_CHARS:
            parser.exit(
                2,
                f"nnshape serve: the secret key must be at least {MIN_SECRET_CHARS} characters "
                f"(it is {len(secret)})\n",
            )
        from dashboard.server import make_server, new_secret_key, run

        try:
            server = make_server(
                figure=args.figure,
                port=args.port,
                address=args.address,
                initial_json=initial_json,
                allow_hosts=tuple(args.allow_host),
                # Made here, before any process is forked, so all of them share it.
                secret_key=secret or new_secret_key(),
                trust_proxy=args.trust_proxy,
                show=args.show,
                procs=args.procs,
            )
        except OSError as error:
            reason = error.strerror or str(error)
            parser.exit(
                2,
                _one_line(f"nnshape serve: cannot listen on {args.address}:{args.port}: {reason}")
                + "\n",
            )
        gc.enable()  # in each worker too, with --procs: see _collect_later
        run(server)
    return 0


if __name__ == "__main__":
    sys.exit(main())
