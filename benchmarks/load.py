"""Load benchmark: many sessions on one ``nnshape serve``, each dragging its own slider at once.

    python -m benchmarks.load            # 1 session, then 30 at once, 20 s each
    python -m benchmarks.load --quick    # 1 session, then 5 at once, 5 s each: it must run

Starts ``nnshape serve`` on a free loopback port and drives it with Bokeh's client
(``harness.client.pull``: ``bokeh.client`` signing its sessions with the key the server was
started with; ``?figure=`` as ``arguments``): no browser. Each session
sets neuron 1's weight slider in its own document, waits until its document receives that
neuron's new curve, and goes on (at most one change per ``--interval``, and a bounded number in
all). Latency is *slider value set → that session's document holds the neuron's new data*,
client side; the median with N sessions is reported as a ratio to one session alone, measured
in the same run on the same server.

Correctness, not timing, decides the exit status. Every session uses weights no other session
uses, and every curve update it receives must be one it asked for; at the end, every curve in
every session's document (``n0``, ``n1``, …, ``sum``, ``sum2``, ``deep``) must equal the
independent oracle's curves (``harness.oracle.expected``) for ``model.article.figure(id)`` with
that session's last weight, within ``harness.oracle.TOLERANCE``. Then all
sessions close, and the server's RSS is read again once Bokeh has had time to release them
(``dashboard.server.UNUSED_SESSION_LIFETIME_MS`` + ``CHECK_UNUSED_SESSIONS_MS`` + a margin).

Prints a Markdown table; exits 1 on errors or cross-talk, never for slow numbers. Only
127.0.0.1 is contacted, for a bounded time.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import signal
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from dashboard.server import (
    CHECK_UNUSED_SESSIONS_MS,
    SECOND_SWEEP_S,
    UNUSED_SESSION_LIFETIME_MS,
)
from harness.client import models_in_page_order, pull, signed_env
from harness.load import weight_for
from harness.oracle import close, deviation, expected
from harness.serve import cpu_seconds, free_port, nnshape_serve, rss_mb, running
from model.article import FIGURES, figure

#: Seconds to wait after the last session closes before reading the server's RSS again.
# The server collects and returns memory a second after sessions are destroyed, and again
# SECOND_SWEEP_S later (after Panel's own collection); then a margin.
RELEASE_WAIT = (UNUSED_SESSION_LIFETIME_MS + CHECK_UNUSED_SESSIONS_MS) / 1000 + SECOND_SWEEP_S + 4.0
#: A change whose curve has not arrived after this long is an error (and the session goes on).
CHANGE_TIMEOUT = 10.0
#: Untimed changes each session makes before it is measured.
WARMUP_CHANGES = 3
#: At most this many changes per session in one phase, whatever the duration and interval.
MAX_CHANGES_PER_SESSION = 1000
#: Server log lines that mean something went wrong in a session.
LOG_ERROR = re.compile(r"Traceback|\bERROR\b|Exception|exception")
#: Curve names the dashboard gives its GlyphRenderers.
CURVE_NAME = re.compile(r"n\d+|sum|sum2|deep")


class Curves:
    """The named curves of one client document, as a browser would hold them.

    Bokeh's Python client applies a ``ColumnDataChanged`` patch by replacing the source's data
    with just the columns sent (``source.data = {"y1": …}``) where BokehJS merges them into the
    columns it has; the dashboard sends only the y column when x is unchanged. So this keeps,
    per renderer, the merged columns, updated from the document after every patch.
    """

    def __init__(self, doc):
        from bokeh.models import GlyphRenderer

        self.renderers = [
            (m.name, m)
            for m in doc.models
            if isinstance(m, GlyphRenderer) and m.name and CURVE_NAME.fullmatch(m.name)
        ]
        self.columns = {r.id: dict(r.data_source.data) for _name, r in self.renderers}

    def sync(self) -> None:
        for _name, r in self.renderers:
            self.columns[r.id].update(r.data_source.data)

    def xy(self, renderer) -> tuple[np.ndarray, np.ndarray]:
        data = self.columns[renderer.id]
        ycol = next(k for k in data if k != "x")
        return np.asarray(data["x"], dtype=float), np.asarray(data[ycol], dtype=float)

    def y_of(self, name: str) -> np.ndarray:
        return next(self.xy(r)[1] for n, r in self.renderers if n == name)

    def plotted(self) -> dict[str, list[tuple[np.ndarray, np.ndarray]]]:
        """name -> [(x, y)], one pair per renderer of that name."""
        out: dict[str, list] = {}
        for name, r in self.renderers:
            out.setdefault(name, []).append(self.xy(r))
        return out


def expected_curves(figure_id: str, weight: float) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """What a session of ``figure_id`` must plot once neuron 1's weight is ``weight``."""
    net = figure(figure_id)
    net.neurons[0].weight = weight
    return expected(net)


@dataclass
class Pending:
    value: float
    expected: np.ndarray
    future: asyncio.Future
    t0: float = 0.0


@dataclass
class Client:
    """One Bokeh client session on the app, driving its neuron 1 weight slider."""

    index: int
    figure_id: str
    session: object  # bokeh.client.ClientSession
    latencies: list[float] = field(default_factory=list)  # seconds
    errors: list[str] = field(default_factory=list)
    crosstalk: list[str] = field(default_factory=list)
    sent: list[float] = field(default_factory=list)
    pending: Pending | None = None
    closing: bool = False

    def __post_init__(self) -> None:
        from bokeh.models import Slider

        doc = self.session.document
        sliders = [m for m in models_in_page_order(doc) if isinstance(m, Slider)]
        self.net = figure(self.figure_id)
        if not sliders or sliders[0].value != self.net.neurons[0].weight:
            raise RuntimeError(
                f"session {self.index}: the first slider is not neuron 1's weight "
                f"({[s.value for s in sliders]})"
            )
        self.slider = sliders[0]
        self._curves: dict[float, np.ndarray] = {}
        self.curves = Curves(doc)
        names = {name for name, _r in self.curves.renderers}
        if "n0" not in names:
            raise RuntimeError(f"session {self.index}: no curve n0 in {sorted(names)}")
        self._n0 = self.curves.y_of("n0")

    # -- receiving ----------------------------------------------------------------------------
    async def read(self) -> None:
        """Apply the server's patches to this session's document, and time the awaited one."""
        connection = self.session._connection
        while True:
            message = await connection._pop_message()
            if message is None:
                if not self.closing:
                    self.errors.append(f"session {self.index}: the server closed the connection")
                return
            if message.msgtype != "PATCH-DOC":
                continue
            try:
                self.session._handle_patch(message)
                self._on_patch()
            except Exception as error:  # record it, keep reading
                self.errors.append(f"session {self.index}: applying a patch: {error!r}")

    def _on_patch(self) -> None:
        self.curves.sync()
        y = self.curves.y_of("n0")
        if np.array_equal(y, self._n0, equal_nan=True):
            return  # this patch did not touch neuron 1's curve (text, ranges, the spinner)
        self._n0 = y
        pending = self.pending
        if pending is not None and close(y, pending.expected):
            if not pending.future.done():
                pending.future.set_result(time.perf_counter() - pending.t0)
            return
        if any(close(y, self._curve_for(v)) for v in self.sent[-5:]):
            return  # a late answer to one of this session's own earlier changes
        self.crosstalk.append(
            f"session {self.index}: received a neuron-1 curve for a weight it never set"
        )

    def _curve_for(self, weight: float) -> np.ndarray:
        """Neuron 1's curve for ``weight``, as the oracle computes it."""
        if weight not in self._curves:
            self._curves[weight] = expected_curves(self.figure_id, weight)["n0"][1]
        return self._curves[weight]

    # -- sending ------------------------------------------------------------------------------
    async def change(self, value: float, timed: bool) -> None:
        expected = self._curve_for(value)
        future = asyncio.get_running_loop().create_future()
        self.pending = Pending(value, expected, future)
        self.sent.append(value)
        self.pending.t0 = time.perf_counter()
        self.slider.value = value  # Bokeh's client sends the PATCH-DOC
        try:
            latency = await asyncio.wait_for(future, CHANGE_TIMEOUT)
        except asyncio.TimeoutError:
            self.errors.append(
                f"session {self.index}: no curve {CHANGE_TIMEOUT:.0f} s after weight {value!r}"
            )
        else:
            if timed:
                self.latencies.append(latency)
        finally:
            self.pending = None

    async def drive(self, start: int, until: float, interval: float, limit: int) -> None:
        for j in range(start, start + limit):
            if time.perf_counter() >= until:
                return
            t0 = time.perf_counter()
            await self.change(weight_for(self.index, j), timed=True)
            rest = interval - (time.perf_counter() - t0)
            if rest > 0:
                await asyncio.sleep(rest)

    # -- checking -----------------------------------------------------------------------------
    def final_problems(self) -> list[str]:
        """How this session's plotted curves differ from the model's with its last weight."""
        weight = self.sent[-1] if self.sent else self.net.neurons[0].weight
        if self.slider.value != weight:
            return [f"session {self.index}: slider shows {self.slider.value!r}, set {weight!r}"]
        want = expected_curves(self.figure_id, weight)
        self.curves.sync()
        got = self.curves.plotted()
        again = Curves(self.session.document).renderers
        if sorted(n for n, _r in again) != sorted(n for n, _r in self.curves.renderers):
            return [f"session {self.index}: its curves were replaced during the run"]
        problems = []
        if sorted(got) != sorted(want):
            problems.append(f"session {self.index}: curves {sorted(got)}, expected {sorted(want)}")
        for name, (x, y) in want.items():
            for gx, gy in got.get(name, []):
                why = deviation(gx, x) or deviation(gy, y, nan_ok=name == "deep")
                if why is not None:
                    problems.append(
                        f"session {self.index}: curve {name} differs from figure "
                        f"{self.figure_id} with weight {weight!r}: {why}"
                    )
        return problems


@dataclass
class Phase:
    sessions: int
    seconds: float
    latencies: list[float]
    changes: int
    errors: list[str]
    crosstalk: list[str]
    rss_open: float
    server_cpu: float  # CPU seconds per second while the sessions changed (1.0: one core busy)
    client_cpu: float  # the same for this process, which plays every session

    @property
    def median_ms(self) -> float:
        return 1000 * statistics.median(self.latencies) if self.latencies else float("nan")

    @property
    def p95_ms(self) -> float:
        if not self.latencies:
            return float("nan")
        s = sorted(self.latencies)
        return 1000 * s[min(len(s) - 1, round(0.95 * (len(s) - 1)))]

    @property
    def rate(self) -> float:
        return self.changes / self.seconds


class LoadBench:
    def __init__(self, url: str, pid: int, figure_id: str, interval: float):
        from tornado.ioloop import IOLoop

        self.url = url
        self.pid = pid
        self.figure_id = figure_id
        self.interval = interval
        self.loop = IOLoop()  # one loop drives every session's socket

    def open(self, count: int, first_index: int = 0) -> tuple[list[Client], list[str]]:
        """Pull ``count`` sessions, one after another (``pull`` runs the loop itself)."""
        from bokeh.events import DocumentReady

        clients, errors = [], []
        for i in range(first_index, first_index + count):
            try:
                session = pull(self.url, arguments={"figure": self.figure_id}, io_loop=self.loop)
                # What BokehJS sends once it has rendered the page: until then Panel keeps
                # model changes back (the session is not "connected"), so no curve would come.
                session.document.callbacks.send_event(DocumentReady())
                # A browser's sockets send at once; without TCP_NODELAY this client's
                # multi-frame PATCH-DOC waits for a delayed ACK (~40 ms on Linux) every time.
                session._connection._socket._socket.protocol.set_nodelay(True)
                clients.append(Client(i, self.figure_id, session))
            except Exception as error:  # report it; the run goes on with the others
                errors.append(f"session {i}: could not open: {error}")
        return clients, errors

    def run(self, clients: list[Client], seconds: float, limit: int) -> Phase:
        """Warm up, drive every client at once for ``seconds``, check, read RSS, close them."""

        async def phase() -> Phase:
            readers = [asyncio.ensure_future(c.read()) for c in clients]
            for j in range(WARMUP_CHANGES):
                await asyncio.gather(*(c.change(weight_for(c.index, j), False) for c in clients))
            start = time.perf_counter()
            until = start + seconds
            server_cpu, client_cpu = cpu_seconds(self.pid), time.process_time()

            async def staggered(c: Client, k: int) -> None:
                await asyncio.sleep(self.interval * k / len(clients))  # not all in lockstep
                await c.drive(WARMUP_CHANGES, until, self.interval, limit)

            await asyncio.gather(*(staggered(c, k) for k, c in enumerate(clients)))
            elapsed = time.perf_counter() - start
            server_cpu = (cpu_seconds(self.pid) - server_cpu) / elapsed
            client_cpu = (time.process_time() - client_cpu) / elapsed
            await asyncio.sleep(1.0)  # let late patches land before the final comparison
            crosstalk = [p for c in clients for p in c.final_problems()]
            rss_open = rss_mb(self.pid)
            for c in clients:
                c.closing = True
                c.session.close()
            try:
                await asyncio.wait_for(asyncio.gather(*readers), 10)
            except asyncio.TimeoutError:
                clients[0].errors.append("sessions did not close within 10 s")
            return Phase(
                sessions=len(clients),
                seconds=elapsed,
                latencies=[t for c in clients for t in c.latencies],
                changes=sum(len(c.latencies) for c in clients),
                errors=[e for c in clients for e in c.errors],
                crosstalk=[p for c in clients for p in c.crosstalk] + crosstalk,
                rss_open=rss_open,
                server_cpu=server_cpu,
                client_cpu=client_cpu,
            )

        return self.loop.run_sync(phase)

    def wait_for_release(self) -> None:
        self.loop.run_sync(lambda: asyncio.sleep(RELEASE_WAIT))


def _out_of_time(_signum, _frame):
    raise TimeoutError("benchmarks.load ran out of time (is the server hung?)")


def server_log_errors(log: Path) -> list[str]:
    return [line for line in log.read_text(errors="replace").splitlines() if LOG_ERROR.search(line)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="5 sessions for 5 s, for CI")
    parser.add_argument("--sessions", type=int, help="concurrent sessions (default 30; quick 5)")
    parser.add_argument("--seconds", type=float, help="seconds of changes (default 20; quick 5)")
    parser.add_argument(
        "--interval",
        type=float,
        default=0.1,
        help="each session changes its slider at most once per this many seconds (default 0.1)",
    )
    parser.add_argument(
        "--figure", default="nn11", choices=list(FIGURES), help="figure every session opens"
    )
    parser.add_argument("--json", type=Path, help="also write the raw numbers here")
    args = parser.parse_args(argv)
    sessions = args.sessions or (5 if args.quick else 30)
    seconds = args.seconds or (5.0 if args.quick else 20.0)
    if not 1 <= sessions <= 98:  # weight_for keeps session indices 0 … 98 apart
        parser.exit(2, "benchmarks.load: --sessions must be 1 to 98\n")
    if not 0 < seconds <= 600 or not 0 <= args.interval <= 10:
        parser.exit(2, "benchmarks.load: --seconds must be 0 to 600, --interval 0 to 10\n")
    limit = min(MAX_CHANGES_PER_SESSION, int(seconds / max(args.interval, 0.001)) + 1)

    import panel.models  # noqa: F401  (registers Panel's Bokeh models, to read its documents)

    # A hung server must not hang the run: pulls have no timeout of their own.
    budget = 2 * (seconds + CHANGE_TIMEOUT + RELEASE_WAIT) + 6 * (sessions + 1) + 120
    signal.signal(signal.SIGALRM, _out_of_time)
    signal.alarm(int(budget))

    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        log = Path(tmp) / "serve.log"
        with running(nnshape_serve(port), port, log, env=signed_env()) as proc:
            bench = LoadBench(f"http://127.0.0.1:{port}/", proc.pid, args.figure, args.interval)
            # One session alone: the warm-up (the first page pays for imports) and the baseline.
            one, errors = bench.open(1)
            single = bench.run(one, seconds, limit)
            bench.wait_for_release()
            rss_start = rss_mb(proc.pid)
            many, more_errors = bench.open(sessions, first_index=1)
            errors += more_errors
            concurrent = bench.run(many, seconds, limit)
            bench.wait_for_release()
            rss_after = rss_mb(proc.pid)
            alive = proc.poll() is None
        signal.alarm(0)
        errors += single.errors + concurrent.errors + server_log_errors(log)
        if not alive:
            errors.append("the server died during the run")
    crosstalk = single.crosstalk + concurrent.crosstalk
    result = {
        "figure": args.figure,
        "interval_s": args.interval,
        "single": single,
        "concurrent": concurrent,
        "rss_start": rss_start,
        "rss_after": rss_after,
        "errors": errors,
        "crosstalk": crosstalk,
        "quick": args.quick,
    }
    print(report(result))
    for line in (errors + crosstalk)[:20]:
        print(f"- {line}")
    if args.json:
        raw = {k: (v.__dict__ if isinstance(v, Phase) else v) for k, v in result.items()}
        args.json.write_text(json.dumps(raw, indent=2))
    return 1 if errors or crosstalk else 0


def report(r: dict) -> str:
    one, many = r["single"], r["concurrent"]
    ratio = many.median_ms / one.median_ms
    start, after = r["rss_start"], r["rss_after"]
    back = abs(after - start) <= 0.10 * start
    rows = [
        ("sessions at once", "1", f"{many.sessions}"),
        ("seconds of changes", f"{one.seconds:.1f}", f"{many.seconds:.1f}"),
        ("changes timed (all sessions)", f"{one.changes}", f"{many.changes}"),
        ("changes/s (all sessions)", f"{one.rate:.1f}", f"{many.rate:.1f}"),
        ("median latency", f"{one.median_ms:.1f} ms", f"{many.median_ms:.1f} ms"),
        ("p95 latency", f"{one.p95_ms:.1f} ms", f"{many.p95_ms:.1f} ms"),
        ("median latency / 1 session", "1.00×", f"{ratio:.2f}×"),
        ("server CPU (1.00 = one core busy)", f"{one.server_cpu:.2f}", f"{many.server_cpu:.2f}"),
        ("this client's CPU", f"{one.client_cpu:.2f}", f"{many.client_cpu:.2f}"),
        ("errors", f"{len(one.errors)}", f"{len(many.errors)}"),
        ("cross-talk or wrong curves", f"{len(one.crosstalk)}", f"{len(many.crosstalk)}"),
    ]
    lines = [
        f"Load: figure {r['figure']}, each session changes neuron 1's weight at most every "
        f"{1000 * r['interval_s']:.0f} ms",
        "",
        "| measurement | 1 session | concurrent |",
        "|---|---|---|",
    ]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    lines += [
        "",
        "| server RSS | MB |",
        "|---|---|",
        f"| at start (after a warm-up session, released) | {start:.1f} |",
        f"| with {many.sessions} sessions open | {many.rss_open:.1f} |",
        f"| {RELEASE_WAIT:.0f} s after they closed | {after:.1f} |",
        f"| back within 10 % of start | {'yes' if back else 'no'} ({after / start - 1:+.1%}) |",
        "",
        f"errors (all, with the server log): {len(r['errors'])}; cross-talk: {len(r['crosstalk'])}",
        "Latency: slider value set in a session's document → that document holds neuron 1's "
        "new curve (Bokeh client, no browser).",
    ]
    if r["quick"]:
        lines.append("(quick mode: a few seconds; these numbers are not a measurement)")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
