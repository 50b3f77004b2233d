"""Load benchmark: a class on one ``nnshape serve``, every learner dragging a slider at once.

(Over 300 lines on purpose: the class, its checks and its report are one measurement.)

    python -m benchmarks.load            # 1 session, then 60 at once, 20 s at 10 changes/s
    python -m benchmarks.load --quick    # 1 session, then 5 at once, 5 s each: it must run
    python -m benchmarks.load --procs 2  # the same on ``nnshape serve --procs 2``
    python -m benchmarks.load --no-browser  # without the browser learner (no Chromium needed)

Starts ``nnshape serve`` on a free loopback port and drives it with Bokeh's client
(``harness.client.pull``: ``bokeh.client`` signing its sessions with the key the server was
started with; ``?figure=`` as ``arguments``): no browser. The page draws its own curves, so
the server's part of a drag is to learn the values: each session sets neuron 1's weight
slider to a new value every ``--interval`` without waiting (as a dragging page does), and
watches the URL the server writes from its model. Reported: the lag from a value set to the
URL first naming it, during the drag (the URL follows at a bounded rate, so not every value
is named); and after the last change, how long until the URL names the last value, against
the bar of 1 s. Ratios are to one session alone, measured in the same run on the same server.

Correctness, not timing, decides the exit status. Every session uses weights no other session
uses, and every weight its URL names must be one it set; at the end, its URL must be exactly
what ``model.permalink.to_query`` writes for ``model.article.figure(id)`` with that session's
last weight. Then all sessions close, and the server's RSS is read again once Bokeh has had
time to release them (``dashboard.server.UNUSED_SESSION_LIFETIME_MS`` +
``CHECK_UNUSED_SESSIONS_MS`` + a margin).

With ``--procs N`` the server is N forked workers under one supervisor: its RSS is the sum
over the workers (each counts the pages they share since the fork: an upper bound), its PSS
(shared pages split, what the machine pays) is reported beside it, and its CPU is the sum over
all of them. Sessions land on whichever worker accepts their websocket.

Then a browser learner: one page of the same figure in Debian's Chromium (Playwright), on the
same server, presses arrow keys on neuron 1's weight handle, one change every ``--interval``
(as ``benchmarks.run`` times a page: ``benchmarks.browser.time_key``). Its in-page latency, from
the key press to the data of every curve that weight moves (neurons, sum, deep) changed, timed
in the page with ``performance.now()``, is measured first with no other learner on the server
(unloaded, once the class above has closed and been released), then while the class (new
sessions, as many as above) drags again for ``--seconds`` (loaded): the ratio is reported.
After each, it sets the weight (the Bokeh slider, in the page) to a value it never had: the page
must show the model's curves for it and the URL the server writes must name it within
``CHANGE_TIMEOUT``; a timed-out change, a wrong ending and every error the page reports count
as errors. That third phase comes after every measurement above, which it does
not touch.

Prints Markdown tables; exits 1 on errors, cross-talk or a session that never caught up,
never for slow numbers. Only 127.0.0.1 is contacted, for a bounded time.
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
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from dashboard.server import (
    CHECK_UNUSED_SESSIONS_MS,
    SECOND_SWEEP_S,
    UNUSED_SESSION_LIFETIME_MS,
)
from harness.app import handles, server_follows
from harness.browser import CHROMIUM, launch, open_page, wait_for_slider, wait_until_plotted
from harness.client import Learner, models_in_page_order, pull, signed_env, weight_in
from harness.load import weight_for
from harness.serve import (
    cpu_seconds,
    free_port,
    nnshape_serve,
    running,
    server_cpu_seconds,
    server_pss_mb,
    server_rss_mb,
    serving_pids,
)
from model.article import FIGURES, figure
from model.permalink import to_query
from model.view import View

from .browser import time_key

#: Seconds to wait after the last session closes before reading the server's RSS again.
# The server collects and returns memory a second after sessions are destroyed, and again
# SECOND_SWEEP_S later (after Panel's own collection); then a margin.
RELEASE_WAIT = (UNUSED_SESSION_LIFETIME_MS + CHECK_UNUSED_SESSIONS_MS) / 1000 + SECOND_SWEEP_S + 4.0
#: A session whose URL has not named its last weight this long after it was set is an error.
CHANGE_TIMEOUT = 30.0
#: Untimed changes each session makes (and waits for) before it is measured.
WARMUP_CHANGES = 3
#: At most this many changes per session in one phase, whatever the duration and interval.
MAX_CHANGES_PER_SESSION = 1000
#: Server log lines that mean something went wrong in a session (or a worker died).
LOG_ERROR = re.compile(r"Traceback|\bERROR\b|Exception|exception|restarting")
#: With --procs N, warm-up sessions are opened until every worker has used this much more CPU
#: (a page build is about 0.3 s of it; an idle worker uses none), at most WARM_UP_TRIES.
WARM_CPU_S = 0.1
WARM_UP_TRIES = 40
#: Warm-up sessions' indices: above every measured session's, so no weight is shared.
WARM_UP_INDEX = 10_000
#: The bar: a learner's model and URL reach the last value within this long of the last change.
CATCH_UP_BAR = 1.0
#: The curves a change of neuron 1's weight redraws: the browser learner's change is done in
#: the page once every one of them has new data (as ``benchmarks.run`` times the page).
CURVES = ["neurons", "sum", "deep"]
#: A browser learner's change whose curves have not updated this long after the key press is
#: an error (and the drag goes on).
PAGE_TIMEOUT_MS = 5000
#: In quick mode, the browser learner's unloaded drag lasts this long (its loaded drag lasts
#: as long as the class's).
QUICK_ALONE_SECONDS = 2.0
#: The browser learner sweeps its slider this many steps up, then as many down, and so on.
SWEEP_STEPS = 10
#: The weight the browser learner ends each drag on (unloaded, loaded): off the slider's step
#: grid, so no arrow key ever makes it, and the URL cannot name it from before.
FINAL_WEIGHTS = (1.23457, -1.23457)
# Set neuron 1's weight slider (the first Slider of the document that holds the curves, as
# harness.browser.DASHBOARD_SLIDERS_JS reads them) to ``value``, as a hand would: the page draws
# and tells the server.
SET_WEIGHT_JS = r"""
(value) => {
  const docs = Bokeh.documents.filter(doc =>
    [...doc.all_models].some(m => m.type === "GlyphRenderer" && m.name === "neurons"));
  [...docs[0].all_models].find(m => m.type === "Slider").value = value;
}
"""


def expected_query(figure_id: str, weight: float) -> str:
    """The URL a session of ``figure_id`` must end on once neuron 1's weight is ``weight``:
    written by the model's own permalink writer for the figure with that one weight changed."""
    net = figure(figure_id)
    net.neurons[0].weight = weight
    view = View.for_figure(figure_id, len(net.neurons))
    return "?" + urlencode(to_query(net, view), safe="_~.-")


class Client(Learner):
    """One Bokeh client session on the app, dragging its neuron 1 weight slider.

    It drags as a page does: a new value every ``interval``, without waiting for the server.
    The page draws its own curves, so what the server owes a learner is to *learn* the values:
    its model, and the URL written from it, must follow. This watches the session's URL text
    (the hidden ``TextInput`` whose value starts with ``?``): every weight it names must be one
    this session set (else cross-talk), the lag from setting a value to the URL first naming it
    is recorded, and after the last change the URL must name the last value (``catch_up``).

    A ``harness.client.Learner``: its ``read()`` applies the server's patches (a patch that
    fails is recorded in ``errors`` and reading goes on) and calls ``on_patch`` after each.
    """

    def __init__(self, index: int, figure_id: str, session) -> None:
        from bokeh.models import Slider, TextInput

        doc = session.document
        sliders = [m for m in models_in_page_order(doc) if isinstance(m, Slider)]
        net = figure(figure_id)
        if not sliders or sliders[0].value != net.neurons[0].weight:
            raise RuntimeError(
                f"session {index}: the first slider is not neuron 1's weight "
                f"({[s.value for s in sliders]})"
            )
        urls = [m for m in doc.models if isinstance(m, TextInput) and str(m.value).startswith("?")]
        if len(urls) != 1:
            raise RuntimeError(f"session {index}: {len(urls)} URL texts in the page")
        # Finds the same slider and URL text, tells the server the page is ready, and sends
        # at once (TCP_NODELAY), as a browser does.
        super().__init__(session, CHANGE_TIMEOUT, name=f"session {index}", keep_reading=True)
        self.index = index
        self.figure_id = figure_id
        self.net = net
        self.errors = self.lost  # what read() records is this session's errors
        self.lags: list[float] = []  # seconds, set → URL names it
        self.crosstalk: list[str] = []
        self.sent: dict[float, float] = {}  # weight → when it was set
        self.count = 0  # changes set, warm-up included
        self.catch_up: float | None = None
        self.waiting: tuple[float, asyncio.Future] | None = None
        self.timed = False
        self._named = weight_in(self.url.value)

    # -- receiving ----------------------------------------------------------------------------
    def on_patch(self) -> None:
        """After each patch: note what the URL names."""
        named = weight_in(self.url.value)
        if named is None or named == self._named:
            return  # this patch did not change the URL's weight (other text, the ranges)
        self._named = named
        now = time.perf_counter()
        if named not in self.sent:
            self.crosstalk.append(
                f"session {self.index}: its URL names weight {named!r}, which it never set"
            )
            return
        if self.timed:
            self.lags.append(now - self.sent[named])
        waiting = self.waiting
        if waiting is not None and waiting[0] == named and not waiting[1].done():
            waiting[1].set_result(now)

    # -- sending ------------------------------------------------------------------------------
    def set_weight(self, value: float) -> None:
        self.count += 1
        self.sent[value] = time.perf_counter()
        self.move(value)  # as the page sends it (the outbox, at its rate)

    async def settle(self, value: float) -> float | None:
        """Seconds from setting ``value`` (the last change) to the URL naming it, or None."""
        if self._named == value:
            return time.perf_counter() - self.sent[value]  # already there
        future = asyncio.get_running_loop().create_future()
        self.waiting = (value, future)
        try:
            at = await asyncio.wait_for(future, CHANGE_TIMEOUT)
        except asyncio.TimeoutError:
            self.errors.append(
                f"session {self.index}: its URL did not name weight {value!r} "
                f"{CHANGE_TIMEOUT:.0f} s after the last change"
            )
            return None
        finally:
            self.waiting = None
        return at - self.sent[value]

    async def warm_up(self) -> None:
        for j in range(WARMUP_CHANGES):
            value = weight_for(self.index, j)
            self.set_weight(value)
            await self.settle(value)

    async def drag(self, start: int, until: float, interval: float, limit: int) -> None:
        """Change the weight every ``interval`` until ``until``, then wait for the URL."""
        self.timed = True
        value = None
        for j in range(start, start + limit):
            if time.perf_counter() >= until:
                break
            t0 = time.perf_counter()
            value = weight_for(self.index, j)
            self.set_weight(value)
            rest = interval - (time.perf_counter() - t0)
            await asyncio.sleep(max(rest, 0))
        if value is not None:
            self.catch_up = await self.settle(value)
        self.timed = False

    # -- checking -----------------------------------------------------------------------------
    def final_problems(self) -> list[str]:
        """How this session's URL differs from the model's with its last weight."""
        last = max(self.sent, key=self.sent.get) if self.sent else self.net.neurons[0].weight
        if self.slider.value != last:
            return [f"session {self.index}: slider shows {self.slider.value!r}, set {last!r}"]
        want = expected_query(self.figure_id, last)
        if self.url.value != want:
            return [f"session {self.index}: URL {self.url.value!r}, expected {want!r}"]
        return []


@dataclass
class Phase:
    sessions: int
    seconds: float
    lags: list[float]  # every change the URL named: set → named
    catch_ups: list[float | None]  # per session: last change → URL names it (None: never)
    changes: int
    errors: list[str]
    crosstalk: list[str]
    rss_open: float
    pss_open: float
    server_cpu: float  # CPU seconds per second while the sessions changed (1.0: one core busy)
    client_cpu: float  # the same for this process, which plays every session

    def _quantile(self, values: list[float], q: float) -> float:
        if not values:
            return float("nan")
        s = sorted(values)
        return 1000 * s[min(len(s) - 1, round(q * (len(s) - 1)))]

    @property
    def median_ms(self) -> float:
        return 1000 * statistics.median(self.lags) if self.lags else float("nan")

    @property
    def p95_ms(self) -> float:
        return self._quantile(self.lags, 0.95)

    @property
    def caught(self) -> list[float]:
        return [t for t in self.catch_ups if t is not None]

    @property
    def catch_up_max_ms(self) -> float:
        return self._quantile(self.caught, 1.0)

    @property
    def catch_up_median_ms(self) -> float:
        return 1000 * statistics.median(self.caught) if self.caught else float("nan")

    @property
    def late(self) -> int:
        """Sessions whose URL did not name the last value within ``CATCH_UP_BAR``."""
        return sum(1 for t in self.catch_ups if t is None or t > CATCH_UP_BAR)

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
        clients, errors = [], []
        for i in range(first_index, first_index + count):
            try:
                session = pull(self.url, arguments={"figure": self.figure_id}, io_loop=self.loop)
                clients.append(Client(i, self.figure_id, session))
            except Exception as error:  # report it; the run goes on with the others
                errors.append(f"session {i}: could not open: {error}")
        return clients, errors

    def run(
        self,
        clients: list[Client],
        seconds: float,
        limit: int,
        on_start: Callable[[float], None] | None = None,
    ) -> Phase:
        """Warm up, drag every client at once for ``seconds``, check, read RSS, close them.

        ``on_start(until)`` is called as the drag starts: ``until`` (``time.perf_counter``) is
        when it ends."""

        async def phase() -> Phase:
            readers = [asyncio.ensure_future(c.read()) for c in clients]
            await asyncio.gather(*(c.warm_up() for c in clients))
            start = time.perf_counter()
            until = start + seconds
            server_cpu, client_cpu = server_cpu_seconds(self.pid), time.process_time()
            if on_start is not None:
                on_start(until)

            async def staggered(c: Client, k: int) -> None:
                await asyncio.sleep(self.interval * k / len(clients))  # not all in lockstep
                await c.drag(WARMUP_CHANGES, until, self.interval, limit)

            await asyncio.gather(*(staggered(c, k) for k, c in enumerate(clients)))
            elapsed = time.perf_counter() - start
            server_cpu = (server_cpu_seconds(self.pid) - server_cpu) / elapsed
            client_cpu = (time.process_time() - client_cpu) / elapsed
            await asyncio.sleep(0.5)  # a stray late patch would show as cross-talk
            crosstalk = [p for c in clients for p in c.final_problems()]
            rss_open, pss_open = server_rss_mb(self.pid), server_pss_mb(self.pid)
            for c in clients:
                c.close()
            try:
                await asyncio.wait_for(asyncio.gather(*readers), 10)
            except asyncio.TimeoutError:
                clients[0].errors.append("sessions did not close within 10 s")
            return Phase(
                sessions=len(clients),
                seconds=elapsed,
                lags=[t for c in clients for t in c.lags],
                catch_ups=[c.catch_up for c in clients],
                changes=sum(c.count - WARMUP_CHANGES for c in clients),
                errors=[e for c in clients for e in c.errors],
                crosstalk=[p for c in clients for p in c.crosstalk] + crosstalk,
                rss_open=rss_open,
                pss_open=pss_open,
                server_cpu=server_cpu,
                client_cpu=client_cpu,
            )

        return self.loop.run_sync(phase)

    def wait_for_release(self) -> None:
        self.loop.run_sync(lambda: asyncio.sleep(RELEASE_WAIT))

    def warm_every_worker(self, limit: int = WARM_UP_TRIES) -> tuple[int, list[str]]:
        """With ``--procs N``, open and close sessions until every worker has built a page.

        A worker that never built one has not yet paid for what the first page loads (Panel's
        models, the app's modules): a baseline read then would count that as memory not given
        back. A worker has built a page once its CPU time grew by ``WARM_CPU_S``. Returns how
        many sessions it took, and the workers still cold after ``limit`` sessions (named as
        errors: the memory comparison would not be fair)."""
        pids = serving_pids(self.pid)
        if len(pids) < 2:
            return 0, []
        before = {p: cpu_seconds(p) for p in pids}
        opened = 0
        while opened < limit:
            cold = [p for p in pids if cpu_seconds(p) - before[p] < WARM_CPU_S]
            if not cold:
                break
            clients, _ = self.open(1, first_index=WARM_UP_INDEX + opened)
            opened += 1
            for c in clients:
                c.session.close()
        cold = [p for p in pids if cpu_seconds(p) - before[p] < WARM_CPU_S]
        return opened, [f"worker {p} built no page in {opened} warm-up sessions" for p in cold]


@dataclass
class InPage:
    """The browser learner's drag: in-page latency of each change, and what went wrong."""

    latencies: list[float]  # ms, key press → every curve in CURVES has new data (the page's clock)
    changes: int  # keys pressed, timed or timed out
    seconds: float
    errors: list[str]

    @property
    def median_ms(self) -> float:
        return statistics.median(self.latencies) if self.latencies else float("nan")

    @property
    def p95_ms(self) -> float:
        if not self.latencies:
            return float("nan")
        s = sorted(self.latencies)
        return s[min(len(s) - 1, round(0.95 * (len(s) - 1)))]

    @property
    def rate(self) -> float:
        return self.changes / self.seconds if self.seconds else float("nan")


class BrowserLearner:
    """A learner in Chromium on the same server: one page of the figure, pressing arrow keys on
    neuron 1's weight handle every ``interval`` (sweeping ``SWEEP_STEPS`` steps up, then down),
    each change timed in the page by ``benchmarks.browser.time_key``.

    It runs in a process of its own (spawned, so it shares nothing with this one): in a thread
    of this process, Playwright's calls halved the rate this process's Bokeh clients kept and
    multiplied their lag. It drags ``alone_seconds`` as soon as its page is ready
    (``unloaded``), then waits for ``drag_until(until)`` and drags until then (``loaded``).
    ``until`` is a ``time.perf_counter`` time, which is the system's monotonic clock on Linux,
    the same in both processes.
    """

    def __init__(self, url: str, figure_id: str, interval: float, alone_seconds: float) -> None:
        import multiprocessing

        spawn = multiprocessing.get_context("spawn")
        self._go, self._until, self._out = spawn.Event(), spawn.Value("d", 0.0), spawn.Queue()
        self._process = spawn.Process(
            target=_browser_learner,
            args=(url, figure_id, interval, alone_seconds, self._go, self._until, self._out),
            name="browser learner",
            daemon=True,
        )
        self.unloaded: InPage | None = None
        self.loaded: InPage | None = None
        self.errors: list[str] = []  # outside either drag: starting, opening the page, ending

    def start(self, timeout: float) -> bool:
        """Start it and wait for its unloaded drag: whether it dragged (else see ``errors``)."""
        self._process.start()
        self.unloaded = self._receive(timeout)
        if self.unloaded is None:
            self._end()
        return self.unloaded is not None

    def drag_until(self, until: float) -> None:
        """The class starts dragging: drag too, until ``until``."""
        self._until.value = until
        self._go.set()

    def finish(self, timeout: float) -> None:
        """Wait for its loaded drag, then for its process to end."""
        self.loaded = self._receive(timeout)
        self._end()

    def _receive(self, timeout: float) -> InPage | None:
        import queue

        try:
            drag, errors = self._out.get(timeout=timeout)
        except queue.Empty:
            self.errors.append(f"the browser learner: no drag {timeout:.0f} s after it was due")
            return None
        self.errors += errors
        return drag

    def _end(self) -> None:
        self._process.join(30)
        if self._process.is_alive():
            self.errors.append("the browser learner's process did not end")
            self._process.kill()
            self._process.join(10)


def _browser_learner(url, figure_id, interval, alone_seconds, go, until, out) -> None:
    """The browser learner's process: ``out`` receives ``(InPage | None, errors)`` after the
    unloaded drag, then (if that happened) after the loaded one."""
    from playwright.sync_api import sync_playwright

    drags = 0
    try:
        with sync_playwright() as playwright:
            browser = launch(playwright)
            try:
                page = open_page(browser, url)  # collects the page's errors in page.errors
                learner = PageDrag(page, figure_id, interval)
                out.put((learner.drag(time.perf_counter() + alone_seconds, FINAL_WEIGHTS[0]), []))
                drags += 1
                if not go.wait(CHANGE_TIMEOUT + 600):
                    raise RuntimeError("the class never started dragging")
                out.put((learner.drag(until.value, FINAL_WEIGHTS[1]), []))
                drags += 1
                page.close()
            finally:
                browser.close()
    except Exception as error:
        if drags < 2:
            out.put((None, [f"the browser learner: {error!r}"]))
        else:  # closing the browser: nothing left to report it with but a line
            print(f"the browser learner, closing: {error!r}", file=sys.stderr)


class PageDrag:
    """Arrow keys on neuron 1's weight handle in ``page``, each timed in the page."""

    def __init__(self, page, figure_id: str, interval: float) -> None:
        self.page = page
        self.figure_id = figure_id
        self.interval = interval
        self.presses = 0
        handles(page).nth(0).focus()  # neuron 1's weight: the keys go to it from now on
        for _ in range(WARMUP_CHANGES):  # untimed: the first changes pay for the page's JIT
            self.press()
            time.sleep(interval)

    def press(self) -> dict:
        """The next arrow key, pressed on neuron 1's weight handle (it has the focus)."""
        up = (self.presses // SWEEP_STEPS) % 2 == 0
        self.presses += 1
        key = "ArrowRight" if up else "ArrowLeft"
        return time_key(self.page, key, CURVES, timeout_ms=PAGE_TIMEOUT_MS)

    def drag(self, until: float, final: float) -> InPage:
        """A change every ``interval`` until ``until``; then the weight is set to ``final``, a
        value it never had, and the page must show the model's curves for it and the URL the
        server writes must name it (an arrow key's value may have been named long before).

        Never waiting for the server, as a hand does not; but each change is timed until its
        curves have new data, so a change (with Playwright's round trips) that takes longer
        than ``interval`` delays the next, with no burst to catch up: the rate is reported."""
        page = self.page
        seen_errors = len(page.errors)
        latencies, errors = [], []
        start = due = time.perf_counter()
        changes = 0
        while due < until:
            time.sleep(max(0.0, due - time.perf_counter()))
            result = self.press()
            due = max(due + self.interval, time.perf_counter())
            if result.get("timeout"):
                errors.append(
                    f"the browser learner: change {changes}: its curves had no new data "
                    f"{PAGE_TIMEOUT_MS} ms after the key press"
                )
            else:
                latencies.append(result["data"])
            changes += 1
        seconds = time.perf_counter() - start
        page.evaluate(SET_WEIGHT_JS, final)
        net = figure(self.figure_id)
        net.neurons[0].weight = final
        try:
            wait_for_slider(page, 0, final)
            wait_until_plotted(page, net, timeout=CHANGE_TIMEOUT)
            server_follows(page, final, timeout=CHANGE_TIMEOUT)
        except AssertionError as error:
            errors.append(f"the browser learner: after its drag: {error}")
        errors += [f"the browser learner's page: {e}" for e in page.errors[seen_errors:]]
        return InPage(latencies, changes, seconds, errors)


def with_browser(
    bench: LoadBench, sessions: int, seconds: float, limit: int, alone_seconds: float
) -> tuple[BrowserLearner, Phase | None, list[str]]:
    """The browser learner alone on the server, then while ``sessions`` new Bokeh-client
    learners drag for ``seconds``: the learner, the class's phase and errors opening it."""
    learner = BrowserLearner(
        f"{bench.url}?figure={bench.figure_id}", bench.figure_id, bench.interval, alone_seconds
    )
    # Starting Chromium and loading the page take up to a minute; each change and the checks
    # after the drag have time-outs of their own.
    if not learner.start(timeout=alone_seconds + 2 * CHANGE_TIMEOUT + 120):
        return learner, None, []
    clients, errors = bench.open(sessions, first_index=1)
    phase = bench.run(clients, seconds, limit, on_start=learner.drag_until)
    learner.finish(timeout=2 * CHANGE_TIMEOUT + PAGE_TIMEOUT_MS / 1000 + 30)
    return learner, phase, errors


def _wait_for_workers(pid: int, procs: int, timeout: float = 30.0) -> None:
    """With ``--procs N``, wait until all N workers are there (the port accepts as soon as the
    supervisor binds it, before it forks)."""
    if procs == 1:
        return
    deadline = time.monotonic() + timeout
    while len(serving_pids(pid)) < procs:
        if time.monotonic() > deadline:
            raise RuntimeError(f"{len(serving_pids(pid))} of {procs} workers after {timeout} s")
        time.sleep(0.1)


def _out_of_time(_signum, _frame):
    raise TimeoutError("benchmarks.load ran out of time (is the server hung?)")


def server_log_errors(log: Path) -> list[str]:
    return [line for line in log.read_text(errors="replace").splitlines() if LOG_ERROR.search(line)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="5 sessions for 5 s, for CI")
    parser.add_argument("--sessions", type=int, help="concurrent sessions (default 60; quick 5)")
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
    parser.add_argument(
        "--procs",
        type=int,
        default=1,
        help="server processes (nnshape serve --procs N; default 1)",
    )
    parser.add_argument(
        "--no-browser",
        action="store_true",
        help="leave out the browser learner and its phase (no Chromium needed)",
    )
    parser.add_argument("--json", type=Path, help="also write the raw numbers here")
    args = parser.parse_args(argv)
    sessions = args.sessions or (5 if args.quick else 60)
    seconds = args.seconds or (5.0 if args.quick else 20.0)
    if not 1 <= sessions <= 98:  # weight_for keeps session indices 0 … 98 apart
        parser.exit(2, "benchmarks.load: --sessions must be 1 to 98\n")
    if not 1 <= args.procs <= 64:
        parser.exit(2, "benchmarks.load: --procs must be 1 to 64 (nnshape serve checks more)\n")
    if not 0 < seconds <= 600 or not 0 <= args.interval <= 10:
        parser.exit(2, "benchmarks.load: --seconds must be 0 to 600, --interval 0 to 10\n")
    limit = min(MAX_CHANGES_PER_SESSION, int(seconds / max(args.interval, 0.001)) + 1)
    if not args.no_browser and not Path(CHROMIUM).exists():
        parser.exit(2, f"benchmarks.load: {CHROMIUM} is missing (apt-get install -y chromium; "
                    "or --no-browser)\n")  # fmt: skip
    alone_seconds = QUICK_ALONE_SECONDS if args.quick else seconds

    import panel.models  # noqa: F401  (registers Panel's Bokeh models, to read its documents)

    # A hung server must not hang the run: pulls have no timeout of their own.
    budget = 2 * (seconds + CHANGE_TIMEOUT + RELEASE_WAIT) + 6 * (sessions + 1) + 120
    if not args.no_browser:  # the browser learner alone, then with a class again
        budget += alone_seconds + seconds + 4 * CHANGE_TIMEOUT + 6 * sessions + 180
    signal.signal(signal.SIGALRM, _out_of_time)
    signal.alarm(int(budget))

    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        log = Path(tmp) / "serve.log"
        extra = ("--procs", str(args.procs)) if args.procs != 1 else ()
        with running(nnshape_serve(port, *extra), port, log, env=signed_env()) as proc:
            _wait_for_workers(proc.pid, args.procs)
            bench = LoadBench(f"http://127.0.0.1:{port}/", proc.pid, args.figure, args.interval)
            # Every worker builds a page first (the first page pays for imports), then one
            # session alone: the baseline.
            warm_ups, errors = bench.warm_every_worker()
            bench.wait_for_release()
            one, more_errors = bench.open(1)
            errors += more_errors
            single = bench.run(one, seconds, limit)
            bench.wait_for_release()
            rss_start, pss_start = server_rss_mb(proc.pid), server_pss_mb(proc.pid)
            many, more_errors = bench.open(sessions, first_index=1)
            errors += more_errors
            concurrent = bench.run(many, seconds, limit)
            bench.wait_for_release()
            rss_after, pss_after = server_rss_mb(proc.pid), server_pss_mb(proc.pid)
            learner, loaded_class = None, None
            if not args.no_browser:  # after every measurement above: it touches none of them
                learner, loaded_class, more_errors = with_browser(
                    bench, sessions, seconds, limit, alone_seconds
                )
                errors += more_errors + learner.errors
                for drag in (learner.unloaded, learner.loaded):
                    errors += drag.errors if drag is not None else []
                if loaded_class is not None:
                    errors += loaded_class.errors
            alive = proc.poll() is None
        signal.alarm(0)
        errors += single.errors + concurrent.errors + server_log_errors(log)
        if not alive:
            errors.append("the server died during the run")
    crosstalk = single.crosstalk + concurrent.crosstalk
    if loaded_class is not None:
        crosstalk += loaded_class.crosstalk
    result = {
        "figure": args.figure,
        "interval_s": args.interval,
        "single": single,
        "concurrent": concurrent,
        "procs": args.procs,
        "warm_ups": warm_ups,
        "rss_start": rss_start,
        "rss_after": rss_after,
        "pss_start": pss_start,
        "pss_after": pss_after,
        "errors": errors,
        "crosstalk": crosstalk,
        "quick": args.quick,
        "browser": learner is not None,
        "browser_unloaded": learner.unloaded if learner else None,
        "browser_loaded": learner.loaded if learner else None,
        "browser_errors": learner.errors if learner else [],
        "with_browser": loaded_class,
    }
    print(report(result))
    for line in (errors + crosstalk)[:20]:
        print(f"- {line}")
    if args.json:
        raw = {k: (v.__dict__ if isinstance(v, Phase | InPage) else v) for k, v in result.items()}
        args.json.write_text(json.dumps(raw, indent=2))
    return 1 if errors or crosstalk else 0


def report(r: dict) -> str:
    one, many = r["single"], r["concurrent"]
    ratio = many.median_ms / one.median_ms
    start, after = r["rss_start"], r["rss_after"]
    pss_start, pss_after = r["pss_start"], r["pss_after"]
    back = abs(after - start) <= 0.10 * start
    procs = r["procs"]
    summed = f", summed over {procs} workers" if procs > 1 else ""
    warmed = f" by {r['warm_ups']} sessions" if r.get("warm_ups") else ""
    rows = [
        ("sessions at once", "1", f"{many.sessions}"),
        ("seconds of dragging", f"{one.seconds:.1f}", f"{many.seconds:.1f}"),
        ("changes set (all sessions)", f"{one.changes}", f"{many.changes}"),
        ("changes/s (all sessions)", f"{one.rate:.1f}", f"{many.rate:.1f}"),
        ("URL lag during the drag, median", f"{one.median_ms:.0f} ms", f"{many.median_ms:.0f} ms"),
        ("URL lag during the drag, p95", f"{one.p95_ms:.0f} ms", f"{many.p95_ms:.0f} ms"),
        ("median lag / 1 session", "1.00×", f"{ratio:.2f}×"),
        (
            "last change → URL names it, median",
            f"{one.catch_up_median_ms:.0f} ms",
            f"{many.catch_up_median_ms:.0f} ms",
        ),
        (
            "last change → URL names it, slowest",
            f"{one.catch_up_max_ms:.0f} ms",
            f"{many.catch_up_max_ms:.0f} ms",
        ),
        (f"sessions later than {CATCH_UP_BAR:.0f} s", f"{one.late}", f"{many.late}"),
        (
            f"server CPU (1.00 = one core busy{summed})",
            f"{one.server_cpu:.2f}",
            f"{many.server_cpu:.2f}",
        ),
        ("this client's CPU", f"{one.client_cpu:.2f}", f"{many.client_cpu:.2f}"),
        ("errors", f"{len(one.errors)}", f"{len(many.errors)}"),
        ("cross-talk or wrong URL", f"{len(one.crosstalk)}", f"{len(many.crosstalk)}"),
    ]
    lines = [
        f"Load: figure {r['figure']}, each session drags neuron 1's weight, a new value every "
        f"{1000 * r['interval_s']:.0f} ms; nnshape serve --procs {procs}",
        "",
        "| measurement | 1 session | concurrent |",
        "|---|---|---|",
    ]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    lines += [
        "",
        f"| server memory{summed} | RSS MB | PSS MB |",
        "|---|---|---|",
        f"| at start (every worker warmed up{warmed}, then one session; released) "
        f"| {start:.1f} | {pss_start:.1f} |",
        f"| with {many.sessions} sessions open | {many.rss_open:.1f} | {many.pss_open:.1f} |",
        f"| {RELEASE_WAIT:.0f} s after they closed | {after:.1f} | {pss_after:.1f} |",
        f"| back within 10 % of start | {'yes' if back else 'no'} ({after / start - 1:+.1%}) "
        f"| ({pss_after / pss_start - 1:+.1%}) |",
        "",
        f"errors (all, with the server log): {len(r['errors'])}; cross-talk: {len(r['crosstalk'])}",
        "The page draws its own curves; the server learns the values. URL lag: a value set in a "
        "session's document → the URL the server writes from its model names it (Bokeh client, "
        "no browser; the URL follows the hand at a bounded rate, so not every value is named).",
    ]
    if r["browser"]:
        lines += ["", *browser_report(r)]
    if r["quick"]:
        lines.append("(quick mode: a few seconds; these numbers are not a measurement)")
    return "\n".join(lines)


def browser_report(r: dict) -> list[str]:
    """The browser learner's table: its in-page latency unloaded and loaded, and the class."""
    alone, loaded, cls = r["browser_unloaded"], r["browser_loaded"], r["with_browser"]
    sessions = cls.sessions if cls is not None else r["concurrent"].sessions

    def both(value: Callable[[InPage], str]) -> tuple[str, str]:
        return tuple(value(d) if d is not None else "—" for d in (alone, loaded))

    ratio = "—"
    if alone is not None and loaded is not None:
        ratio = f"{loaded.median_ms / alone.median_ms:.2f}×"
    rows = [
        ("changes timed", *both(lambda d: f"{len(d.latencies)}")),
        ("seconds of dragging", *both(lambda d: f"{d.seconds:.1f}")),
        ("changes/s", *both(lambda d: f"{d.rate:.1f}")),
        ("in-page latency, median", *both(lambda d: f"{d.median_ms:.1f} ms")),
        ("in-page latency, p95", *both(lambda d: f"{d.p95_ms:.1f} ms")),
        ("median latency / unloaded", "1.00×" if alone is not None else "—", ratio),
        ("errors (page errors included)", *both(lambda d: f"{len(d.errors)}")),
    ]
    if cls is not None:
        rows += [
            ("the class meanwhile: changes/s (all sessions)", "—", f"{cls.rate:.1f}"),
            ("the class meanwhile: URL lag, median", "—", f"{cls.median_ms:.0f} ms"),
            ("the class meanwhile: errors, cross-talk", "—",
             f"{len(cls.errors)}, {len(cls.crosstalk)}"),
        ]  # fmt: skip
    lines = [
        f"Browser learner: Chromium, figure {r['figure']}, arrow keys on neuron 1's weight, a "
        f"change every {1000 * r['interval_s']:.0f} ms; alone on the server, then while "
        f"{sessions} new Bokeh-client sessions drag as above",
        "",
        f"| browser learner | unloaded | loaded ({sessions} sessions dragging) |",
        "|---|---|---|",
        *[f"| {a} | {b} | {c} |" for a, b, c in rows],
        "",
        f"browser learner errors outside its drags: {len(r['browser_errors'])}",
        "In-page latency: key press (performance.now() in a capturing keydown listener) → every "
        f"curve neuron 1's weight moves ({', '.join(CURVES)}) has new data, in the page's clock. "
        f"After each drag the learner sets its weight to a value it never had: the page must show "
        f"the model's curves for it and its URL name it within {CHANGE_TIMEOUT:.0f} s (else an "
        "error).",
    ]
    return lines


if __name__ == "__main__":
    sys.exit(main())
