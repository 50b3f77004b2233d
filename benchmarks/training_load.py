"""What training costs the server: N sessions train at once on one ``nnshape serve``.

    python -m benchmarks.training_load                 # 1, 5, 10 and 30 sessions, 10 s each
    python -m benchmarks.training_load --sessions 1,30 --seconds 20
    python -m benchmarks.training_load --quick         # 1 and 3 sessions, 3 s: it must run

Starts ``nnshape serve`` on a free loopback port and opens N sessions with Bokeh's client
(``harness.training.Trainee``: no browser), each on a link of its own (8 tanh neurons with
output weights, its own random start, target and seed: ``harness.training.session_link``).
For each N: the server's CPU while the N sessions sit idle, then all press Train; after a
second, for ``--seconds``, the server's CPU time per wall second (1.00 = one core busy), each
session's display rate (how many times a second a new set of weights reached it, counted as
the patches arrive) and its steps a second (its page's ``Step N`` counter). Then all press
Pause, and each session's weights (in its page's state and in its link) must equal a solo
``model.training.Trainer`` run from the same start for the steps its counter shows, exactly;
then they close.

The weights come to the page on the document's next tick, the counter and the buttons at once,
so the page may show the pause before the last tick's weights: each session's check waits up to
``LINK_TIMEOUT`` for them (and for its link, which follows at the text's rate).

Derived: the CPU one training session costs the server (training minus idle, over N); what
its steps cost (steps a second × one step's CPU, timed here on the same network) and what the
rest of its ticks cost, showing the weights (writing them to the network, the push, the
counter, the text); and how many sessions one core can train at once at this rate.

At the end, the server's memory: before the first session (after a warm-up session, released),
with the most sessions open, and once they have closed and been released (read
``RELEASE_WAIT`` after, then every second until it is within 10 % of the start, for at most
``MEMORY_GRACE`` more: the seconds it took are reported).

Prints Markdown tables; exits 1 on errors (a session that never trained or paused, weights
unequal to the solo run's, an error in the server log), never for slow numbers.
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
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from dashboard.server import CHECK_UNUSED_SESSIONS_MS, SECOND_SWEEP_S, UNUSED_SESSION_LIFETIME_MS
from harness.client import pull, signed_env
from harness.serve import (
    free_port,
    nnshape_serve,
    running,
    server_cpu_seconds,
    server_pss_mb,
    server_rss_mb,
)
from harness.training import (
    Trainee,
    link_weights,
    session_link,
    session_network,
    solo_weights,
    until,
)
from model.training import Trainer

#: Seconds after the last session closes before the server's memory is read again.
RELEASE_WAIT = (UNUSED_SESSION_LIFETIME_MS + CHECK_UNUSED_SESSIONS_MS) / 1000 + SECOND_SWEEP_S + 4.0
#: Seconds a session may take to show that it trains, or that it paused.
STATE_TIMEOUT = 30.0
#: Seconds of training before the measurement starts (the first ticks measure a step).
SETTLE_S = 1.0
#: Seconds the sessions sit idle while the idle CPU is read.
IDLE_S = 2.0
#: After Pause, the link follows at the text's rate: this long for it to name the last weights.
LINK_TIMEOUT = 10.0
LOG_ERROR = re.compile(r"Traceback|\bERROR\b|Exception|exception")
#: After RELEASE_WAIT, the memory is read every second for up to this long more.
MEMORY_GRACE = 60.0
#: The display rate every session must keep, the issue's bar (reported, not asserted).
BAR_HZ = 10.0


@dataclass
class Phase:
    sessions: int
    seconds: float
    idle_cpu: float  # server CPU s per s, the sessions open and idle
    train_cpu: float  # server CPU s per s while they train
    client_cpu: float  # this process's, which plays every session
    rates: list[float]  # per session: new weights received per second
    steps: list[float]  # per session: steps per second (its counter)
    counters: list[str]  # every session's counter text while it trained
    errors: list[str] = field(default_factory=list)

    @property
    def per_session(self) -> float:
        return max(self.train_cpu - self.idle_cpu, 0.0) / self.sessions

    @property
    def steps_total(self) -> float:
        return sum(self.steps)


def one_step_seconds(repeats: int = 9, steps: int = 200) -> float:
    """The CPU one optimiser step takes on a session's network (median of ``repeats``): a call
    of ``steps + 1`` steps less a call of one (each call writes the weights once)."""
    net, target, settings = session_network(0)
    trainer = Trainer(net, target, **settings)
    trainer.step(1)

    def cpu(n: int) -> float:
        t0 = time.process_time()
        trainer.step(n)
        return time.process_time() - t0

    return statistics.median((cpu(steps + 1) - cpu(1)) / steps for _ in range(repeats))


class Bench:
    def __init__(self, url: str, pid: int):
        from tornado.ioloop import IOLoop

        self.url = url
        self.pid = pid
        self.loop = IOLoop()

    def open(self, count: int) -> tuple[list[Trainee], list[str]]:
        trainees, errors = [], []
        for i in range(count):
            try:
                session = pull(self.url, arguments=session_link(i), io_loop=self.loop)
                trainees.append(Trainee(session, i, timeout=STATE_TIMEOUT))
            except Exception as error:
                errors.append(f"session {i}: could not open: {error!r}")
        return trainees, errors

    def phase(self, trainees: list[Trainee], seconds: float) -> tuple[Phase, float, float]:
        """Idle, train, pause, check, close: the phase, and the RSS and PSS with them open."""

        async def run() -> tuple[Phase, float, float]:
            errors: list[str] = []
            readers = [asyncio.ensure_future(t.read()) for t in trainees]
            await asyncio.sleep(0.5)
            c0, t0 = server_cpu_seconds(self.pid), time.perf_counter()
            await asyncio.sleep(IDLE_S)
            idle = (server_cpu_seconds(self.pid) - c0) / (time.perf_counter() - t0)
            for t in trainees:
                t.play()
            if not await until(lambda: all(t.training for t in trainees), STATE_TIMEOUT):
                errors += [f"session {t.index} never showed a run" for t in trainees
                           if not t.training]  # fmt: skip
            await asyncio.sleep(SETTLE_S)
            first = [t.steps for t in trainees]
            c0, p0, t0 = server_cpu_seconds(self.pid), time.process_time(), time.perf_counter()
            await asyncio.sleep(seconds)
            t1 = time.perf_counter()
            train = (server_cpu_seconds(self.pid) - c0) / (t1 - t0)
            client = (time.process_time() - p0) / (t1 - t0)
            last = [t.steps for t in trainees]
            counters = [t.counter_text for t in trainees]
            rss, pss = server_rss_mb(self.pid), server_pss_mb(self.pid)
            for t in trainees:
                t.pause()
            if not await until(lambda: not any(t.training for t in trainees), STATE_TIMEOUT):
                errors += [f"session {t.index} never paused" for t in trainees if t.training]
            errors += await check(trainees)
            for t in trainees:
                t.close()
            try:
                await asyncio.wait_for(asyncio.gather(*readers), 10)
            except asyncio.TimeoutError:
                errors.append("sessions did not close within 10 s")
            errors += [e for t in trainees for e in t.lost]
            phase = Phase(
                sessions=len(trainees),
                seconds=t1 - t0,
                idle_cpu=idle,
                train_cpu=train,
                client_cpu=client,
                rates=[t.rate(t0, t1) for t in trainees],
                steps=[(b - a) / (t1 - t0) for a, b in zip(first, last, strict=True)],
                counters=counters,
                errors=errors,
            )
            return phase, rss, pss

        return self.loop.run_sync(run)

    def wait(self, seconds: float) -> None:
        self.loop.run_sync(lambda: asyncio.sleep(seconds))


async def check(trainees: list[Trainee]) -> list[str]:
    """Each session's weights, in its page and its link, equal a solo run's for its steps.

    The page may learn of the pause before the last tick's weights: the weights go out on the
    document's next tick, the buttons and the counter at once. So each is given ``LINK_TIMEOUT``
    to hold them."""
    problems = []
    for t in trainees:
        want = solo_weights(t.index, t.steps)
        if not await until(lambda t=t, want=want: np.array_equal(t.weights(), want), LINK_TIMEOUT):
            problems.append(
                f"session {t.index}: after {t.steps} steps its page holds weights unequal to a "
                f"solo run's (largest difference {np.max(np.abs(t.weights() - want)):.3g})"
            )
            continue
        named = await until(
            lambda t=t, want=want: np.array_equal(link_weights(t.link()), want), LINK_TIMEOUT
        )
        if not named:
            problems.append(f"session {t.index}: its link never named its last weights")
    return problems


def memory_back(pid: int, start: float, limit: float, wait: float) -> tuple[float, float, float]:
    """Wait ``wait`` seconds, then read the server's RSS every second until it is within 10 %
    of ``start`` or ``limit`` seconds have passed: RSS, PSS and the seconds it took."""
    t0 = time.monotonic()
    time.sleep(wait)
    while server_rss_mb(pid) > 1.1 * start and time.monotonic() - t0 < limit:
        time.sleep(1.0)
    return server_rss_mb(pid), server_pss_mb(pid), time.monotonic() - t0


def _out_of_time(_signum, _frame):
    raise TimeoutError("benchmarks.training_load ran out of time (is the server hung?)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1 and 3 sessions, 3 s: for CI")
    parser.add_argument("--sessions", help="comma-separated session counts (default 1,5,10,30)")
    parser.add_argument("--seconds", type=float, help="seconds of training measured (default 10)")
    parser.add_argument("--json", type=Path, help="also write the raw numbers here")
    args = parser.parse_args(argv)
    try:
        counts = [int(n) for n in (args.sessions or ("1,3" if args.quick else "1,5,10,30"))
                  .split(",")]  # fmt: skip
    except ValueError:
        parser.exit(2, "benchmarks.training_load: --sessions takes numbers, e.g. 1,5,10,30\n")
    seconds = args.seconds or (3.0 if args.quick else 10.0)
    if not all(1 <= n <= 100 for n in counts) or not 0 < seconds <= 600:
        parser.exit(2, "benchmarks.training_load: sessions 1 to 100, seconds 0 to 600\n")

    import panel.models  # noqa: F401  (registers Panel's Bokeh models, to read its documents)

    budget = sum(8 * n + seconds + 2 * STATE_TIMEOUT + LINK_TIMEOUT + 30 for n in counts)
    signal.signal(signal.SIGALRM, _out_of_time)
    signal.alarm(int(budget + RELEASE_WAIT + 120))
    step_s = one_step_seconds()
    phases: list[Phase] = []
    errors: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        log = Path(tmp) / "serve.log"
        with running(nnshape_serve(port), port, log, env=signed_env()) as proc:
            bench = Bench(f"http://127.0.0.1:{port}/", proc.pid)
            warm, more = bench.open(1)  # the first page pays for what every page loads
            errors += more
            for t in warm:
                t.session.close()
            bench.wait(RELEASE_WAIT)
            rss_start, pss_start = server_rss_mb(proc.pid), server_pss_mb(proc.pid)
            rss_open = pss_open = 0.0
            for n in counts:
                trainees, more = bench.open(n)
                errors += more
                phase, rss, pss = bench.phase(trainees, seconds)
                phases.append(phase)
                errors += phase.errors
                if n == max(counts):
                    rss_open, pss_open = rss, pss
                bench.wait(2.0)
            rss_after, pss_after, back_s = memory_back(
                proc.pid, rss_start, RELEASE_WAIT + MEMORY_GRACE, RELEASE_WAIT
            )
            alive = proc.poll() is None
        signal.alarm(0)
        errors += [f"server log: {line}" for line in log.read_text(errors="replace").splitlines()
                   if LOG_ERROR.search(line)]  # fmt: skip
        if not alive:
            errors.append("the server died during the run")
    memory = {
        "rss_start": rss_start, "pss_start": pss_start, "rss_open": rss_open,
        "pss_open": pss_open, "rss_after": rss_after, "pss_after": pss_after,
        "most": max(counts), "back_s": back_s,
    }  # fmt: skip
    print(report(phases, step_s, memory, args.quick))
    print(f"\nerrors (all, with the server log): {len(errors)}")
    for line in errors[:20]:
        print(f"- {line}")
    if args.json:
        raw = {"step_s": step_s, "phases": [asdict(p) for p in phases], **memory, "errors": errors}
        args.json.write_text(json.dumps(raw, indent=2))
    return 1 if errors else 0


def report(phases: list[Phase], step_s: float, memory: dict, quick: bool) -> str:
    head = " | ".join(f"{p.sessions}" for p in phases)
    rule = "|".join("---" for _ in range(len(phases) + 1))
    rows = [
        ("server CPU, sessions idle", [f"{p.idle_cpu:.2f}" for p in phases]),
        ("server CPU, sessions training", [f"{p.train_cpu:.2f}" for p in phases]),
        ("this client's CPU (plays every session)", [f"{p.client_cpu:.2f}" for p in phases]),
        ("CPU per training session (cores)", [f"{p.per_session:.3f}" for p in phases]),
        ("…of which its steps", [f"{statistics.median(p.steps) * step_s:.3f}" for p in phases]),
        (
            "…of which showing its weights (ticks, push, text)",
            [f"{max(p.per_session - statistics.median(p.steps) * step_s, 0):.3f}" for p in phases],
        ),
        (
            "sessions one core trains at this rate",
            [f"{1 / p.per_session:.0f}" if p.per_session > 0 else "—" for p in phases],
        ),
        ("weights shown a second, slowest session", [f"{min(p.rates):.1f}" for p in phases]),
        ("weights shown a second, median", [f"{statistics.median(p.rates):.1f}" for p in phases]),
        (
            f"sessions below {BAR_HZ:.0f} a second",
            [f"{sum(r < BAR_HZ for r in p.rates)}" for p in phases],
        ),
        ("steps a second, median session", [f"{statistics.median(p.steps):.0f}" for p in phases]),
        ("steps a second, all sessions", [f"{p.steps_total:.0f}" for p in phases]),
        (
            "weights equal to a solo run's",
            [f"{p.sessions - sum('solo' in e for e in p.errors)} of {p.sessions}" for p in phases],
        ),
        ("errors", [f"{len(p.errors)}" for p in phases]),
    ]
    lines = [
        "### Training sessions on one server process",
        "",
        f"One step (8 tanh neurons, output weights, 100 points): {step_s * 1e3:.3f} ms of CPU "
        f"(median, timed in this process). Seconds measured per column: "
        f"{', '.join(f'{p.seconds:.1f}' for p in phases)}.",
        "",
        f"| sessions training at once | {head} |",
        f"|{rule}|",
        *[f"| {name} | {' | '.join(values)} |" for name, values in rows],
        "",
        "Counters while training, with the most sessions: "
        + "; ".join(f"`{c}`" for c in phases[-1].counters)
        if phases
        else "",
    ]
    m = memory
    lines += [
        "",
        "| server memory | RSS MB | PSS MB |",
        "|---|---|---|",
        f"| at start (after a warm-up session, released) | {m['rss_start']:.1f} "
        f"| {m['pss_start']:.1f} |",
        f"| {m['most']} sessions training | {m['rss_open']:.1f} | {m['pss_open']:.1f} |",
        f"| {m['back_s']:.0f} s after the last closed | {m['rss_after']:.1f} "
        f"| {m['pss_after']:.1f} |",
        f"| back within 10 % of start | "
        f"{'yes' if m['rss_after'] <= 1.1 * m['rss_start'] else 'no'} "
        f"({m['rss_after'] / m['rss_start'] - 1:+.1%}) "
        f"| ({m['pss_after'] / m['pss_start'] - 1:+.1%}) |",
    ]
    if quick:
        lines.append("(quick mode: a few seconds; these numbers are not a measurement)")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
