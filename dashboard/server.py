"""Building the page for one browser session, and serving it.

(Over 300 lines on purpose: building a session, its release and the workers are one life cycle.)
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import logging
import os
import signal
import sys
import threading
import weakref
from functools import partial

import panel as pn

from model.article import FREE
from model.document import load_json
from model.lang import language, text
from model.permalink import QUERY_KEYS, from_query

from .notices import plain
from .playground import Playground

#: The figure a session opens when its URL names none; ``nnshape serve --figure`` changes it.
DEFAULT_FIGURE = FREE


log = logging.getLogger("nnshape")
#: Every live Playground, weakly: only counted, for the log line when a session ends.
_LIVE: weakref.WeakSet = weakref.WeakSet()


#: Sessions ended since the last sweep; a sweep is pending while this is above 0.
_ended = 0
_ended_lock = threading.Lock()


def _session_ended(_context) -> None:
    """Sweep a moment after a session ends (Panel has not let go of its objects yet).

    One sweep for however many sessions end meanwhile: a class leaving at once must not mean
    thirty full collections in a row.
    """
    global _ended
    with _ended_lock:
        _ended += 1
        if _ended > 1:
            return
    _later(1.0, _sweep)


def _later(seconds: float, function) -> None:
    """Run ``function`` in ``seconds`` on a thread that does not hold the process open: a
    sweep is housekeeping, and a server told to stop must not wait for one."""
    timer = threading.Timer(seconds, function)
    timer.daemon = True
    timer.start()


def _sweep() -> None:
    global _ended
    with _ended_lock:
        ended, _ended = _ended, 0
    gc.collect()
    _return_memory()
    log.info("%d session(s) ended; %d session(s) still hold a playground", ended, len(_LIVE))
    # Panel lets go of some of a session's objects only at its own collection, 5 s after the
    # document is destroyed: hand back what that frees too.
    _later(SECOND_SWEEP_S, _collect_and_return)


#: Seconds after the first sweep for a second (Panel collects 5 s after a document goes).
SECOND_SWEEP_S = 6.0


#: After the second sweep, more at these intervals (seconds). Memory freed after a sweep's trim
#: stays with glibc until the next: 30 sessions that had trained were all collected by the
#: second sweep, yet their 360 MB came back only at a third, 10 s later (measured; without it,
#: not within 80 s, until another session ended).
LATER_SWEEPS_S = (10.0, 20.0, 40.0)


def _collect_and_return(later: tuple[float, ...] = LATER_SWEEPS_S) -> None:
    gc.collect()
    _return_memory()
    if later:
        _later(later[0], lambda: _collect_and_return(later[1:]))


def _return_memory() -> None:
    """Hand freed memory back to the system (glibc keeps it for reuse otherwise).

    Without this the server's resident memory stays at its high-water mark after a class
    leaves, though every session's objects are gone. It reaches only what glibc's malloc holds,
    which is why ``nnshape serve`` runs with ``PYTHONMALLOC=malloc`` (``dashboard.cli``).
    Not glibc (macOS, musl): nothing to do.
    """
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _report(error: Exception) -> None:
    """Panel's exception handler: log the details, tell the learner in one plain sentence."""
    log.exception("error in a session callback", exc_info=error)
    if pn.state.notifications is not None:  # Panel's toasts render HTML: escape what we say
        pn.state.notifications.warning(plain(f"Not applied: {error}"), duration=6000)


def load_extensions() -> None:
    # Per session: notifications and the exception handler are settings of the session.
    pn.extension(notifications=True, exception_handler=_report)


def keep_mathjax_out() -> None:
    """Serve pages without Bokeh's MathJax bundle unless a pane on them typesets math.

    Panel 1.9 adds the bundle (1.8 MB of JavaScript) to a served page that has any HTML or
    Markdown pane (``panel.io.resources._panel_use_mathjax``), math on or off. Every pane here
    has math off (``disable_math``, the HTML pane's default): the page loaded and ran MathJax
    for nothing, about a fifth of the browser's work in loading the page (measured with the
    bundle answered empty). This narrows Panel's test to what its own note says it means, a
    pane that may need MathJax, i.e. one with math on. It is not a documented setting:
    ``tests/ui/test_server.py`` fails if a Panel upgrade stops honouring it (the bundle is
    loaded again) or if the page needs it.
    """
    from panel.io import resources
    from panel.models.markup import HTML

    def math_on(roots) -> bool:
        for root in roots:
            models = root.document.models if root.document is not None else root.references()
            if any(isinstance(m, HTML) and not m.disable_math for m in models):
                return True
        return False

    if hasattr(resources, "_panel_use_mathjax"):
        resources._panel_use_mathjax = math_on


def session_state(default: str = DEFAULT_FIGURE, initial_json: str | None = None):
    """The network, view, notices, target, training settings, depth explorer (or None) and the
    walk's step (or None) this session's URL asks for.

    The URL wins; without one, the ``--load`` document (parsed anew, so no two sessions share
    a network), else the default figure. Hostile or broken parameters never raise: the codec
    keeps what it can and says, in ``notices``, what it ignored or clamped.
    """
    args = pn.state.session_args or {}
    if not any(key in args for key in QUERY_KEYS) and initial_json is not None:
        loaded = load_json(initial_json)
        return (
            loaded.network, loaded.view, list(loaded.notices), loaded.target, loaded.training,
            loaded.depth, None,
        )  # fmt: skip
    if not any(key in args for key in QUERY_KEYS):
        args = {**args, "figure": [default]}
    state = from_query(args)
    return (
        state.network, state.view, list(state.notices), state.target, state.training,
        state.depth, state.walk,
    )  # fmt: skip


def create_page(default: str = DEFAULT_FIGURE, initial_json: str | None = None):
    """One session's page: a fresh Playground in the app's template.

    Whatever goes wrong while building it, the learner gets a page that says so in words,
    never a traceback or a blank page; the details go to the server's log.
    """
    load_extensions()
    try:
        state = session_state(default, initial_json)
        network, view, notices, target, training, depth, walk = state
        playground = Playground.from_state(network, view, target)
        playground.set_training(training)
        if depth is not None:  # the depth explorer of the link or the --load document
            playground.depth.apply(depth)
            playground.history.clear()  # where the page opens is no edit to undo
        playground.notices.show(*notices)
        if walk is not None:  # the link's step of the walk, over the figure it opened
            playground.walk.open(walk)
        _LIVE.add(playground)
        pn.state.on_session_destroyed(lambda _context: playground.release())
        pn.state.on_session_destroyed(_session_ended)
        return playground.template(permalink=True)
    except Exception:
        log.exception("could not build the page")
        return pn.pane.Alert(
            plain(text("ui.server.broken", session_language())),
            alert_type="danger",
            disable_math=True,
        )


def session_language() -> str:
    """The language this session's link asks for (its last ``lang``), if ours; else the
    default: read here too, for a page that could not be built."""
    values = (pn.state.session_args or {}).get("lang") or [None]
    value = values[-1]
    return language(value.decode("utf-8", "replace") if isinstance(value, bytes) else value)


def build_session(default: str = DEFAULT_FIGURE, initial_json: str | None = None) -> None:
    """Fill this session's document with its page (what ``pn.serve`` calls per session).

    Bokeh re-walks the whole model graph after every root and reference added; frozen, it
    walks it once at the end (a third of the page's build). Done here rather than by Panel,
    which would also keep every session's document in a server-wide list for good.
    """
    doc = pn.state.curdoc
    page = create_page(default, initial_json)
    with doc.models.freeze():
        page.server_doc(doc, title="nnshape")
    # Panel lists a template's root as a "fake root" and means to drop it when the session
    # ends, but never records which one it was: the server-wide list (searched on every
    # update) would grow by one per session served, for good.
    fake = [ref for ref in pn.state._fake_roots if _view_document(ref) is doc]
    doc.on_session_destroyed(partial(_forget_fake_roots, fake))


def _view_document(ref: str):
    view = pn.state._views.get(ref)
    return view[2] if view is not None else None


def _forget_fake_roots(refs: list[str], session_context) -> None:
    for ref in refs:
        with contextlib.suppress(ValueError):
            pn.state._fake_roots.remove(ref)


#: A session whose browser has gone is released this long after (Bokeh's default is 15 s),
#: checked this often: thirty students leaving must not leave thirty networks in memory. A
#: page that closes its socket is released at the next check (``dashboard.sockets``), and one
#: that never connects after ``dashboard.admission.Limits.abandoned_s``; this is the backstop.
UNUSED_SESSION_LIFETIME_MS = 10_000
CHECK_UNUSED_SESSIONS_MS = 2_000
#: The largest websocket message a page may send; a larger one closes that page's connection
#: (tornado reads the frame's length first and none of the rest). A document opened in the
#: page is at most 1 MB (``model.document.MAX_DOCUMENT_BYTES``), 1.4 MB as base64, and the
#: page refuses a bigger file before sending it; nothing else a page sends is near 100 KB.
MAX_MESSAGE_BYTES = 2 * 1024 * 1024
#: A page's session token opens its websocket for this long after the page is served
#: (Bokeh's default); once the page has connected, nothing else can (``dashboard.sockets``).
SESSION_TOKEN_EXPIRATION_S = 300
#: Tornado's HTTP limits: an idle or slowly sent request is dropped after this many seconds,
#: and no request body (the app takes none) may exceed 1 MB.
IDLE_CONNECTION_S = 60
MAX_BODY_BYTES = 1024 * 1024


def new_secret_key() -> str:
    """A fresh key for signing session ids (made once per ``nnshape serve``, before any
    process is forked, so that every process of one server accepts the others' sessions)."""
    from bokeh.util.token import generate_secret_key

    return generate_secret_key()


def make_server(
    figure: str = DEFAULT_FIGURE,
    port: int = 5006,
    address: str = "127.0.0.1",
    initial_json: str | None = None,
    allow_hosts: tuple[str, ...] = (),
    secret_key: str | None = None,
    trust_proxy: bool = False,
    show: bool = False,
    procs: int = 1,
):
    """The server for ``nnshape serve``, listening but not yet running (see ``run``).

    Raises ``OSError`` if ``address:port`` cannot be bound, ``ValueError`` for a bad host.
    Sessions are signed with ``secret_key`` (a new one if None); requests must name one of
    ``allow_hosts`` or the loopback names (``dashboard.guard``); ``trust_proxy`` takes a
    visitor's address from ``X-Forwarded-For``, as set by a proxy in front.

    ``procs`` > 1: Bokeh's own process model (``Server(num_procs=N)``, tornado's
    ``fork_processes``). The socket is bound here, then this process forks ``procs`` workers
    and only they return from this call; it stays behind as their supervisor (see
    ``_supervise``) and never returns. Each worker has its own sessions, queue and limits
    (``dashboard.admission``); all share ``secret_key``, so a page served by one worker opens
    its websocket on any other (Bokeh builds the session there again from the page's token).
    """
    from panel.io.server import get_server

    from . import guard

    if not log.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s nnshape: %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
    hosts = guard.Hosts.of(port, allow_hosts)
    guard.parse_long_queries()
    keep_mathjax_out()
    _settle_imports()
    supervisor = os.getpid()
    before = _supervise() if procs > 1 else None
    try:
        server = get_server(
            lambda: build_session(figure, initial_json),
            port=port,
            address=address,
            websocket_origin=hosts.origins(),
            show=show and procs == 1,  # with workers, the first one opens the one tab (below)
            start=False,
            num_procs=procs,
            title="nnshape",
            unused_session_lifetime_milliseconds=UNUSED_SESSION_LIFETIME_MS,
            check_unused_sessions_milliseconds=CHECK_UNUSED_SESSIONS_MS,
            websocket_max_message_size=MAX_MESSAGE_BYTES,
            sign_sessions=True,
            secret_key=(secret_key or new_secret_key()).encode(),
            session_token_expiration=SESSION_TOKEN_EXPIRATION_S,
            use_xheaders=trust_proxy,
            # The page's token carries its query, and the request's headers and cookies unless
            # told otherwise: the app reads none of them.
            include_headers=[],
            include_cookies=[],
            http_server_kwargs={
                "max_header_size": guard.READ_HEADER_BYTES,
                "idle_connection_timeout": IDLE_CONNECTION_S,
                "body_timeout": IDLE_CONNECTION_S,
                "max_body_size": MAX_BODY_BYTES,
            },
        )
    except BaseException:
        if before is not None:  # the supervisor did not fork (say, the port was taken)
            for signum, handler in before.items():
                signal.signal(signum, handler)
        raise
    server.nnshape_procs = procs
    if procs > 1:
        _become_worker(server, show, supervisor)
    install(server, hosts)
    return server


def _supervise() -> dict:
    """Before forking: this process is to be the workers' supervisor, and stop with them.

    Tornado's supervisor waits for its workers and restarts any that dies by a signal or a
    non-zero exit; asked to stop, it would die alone (SIGTERM) or with a traceback (SIGINT)
    and leave its workers serving. Here SIGTERM and SIGINT are passed on to the workers, which
    stop cleanly (``_become_worker``); tornado's supervisor then exits 0 once all have exited.
    Runs before the fork, so the workers start with these handlers until they set their own.
    Returns the handlers it replaced.
    """
    supervisor = os.getpid()

    def pass_on(signum, _frame) -> None:
        if os.getpid() != supervisor:  # a worker, before it set its own handlers: just stop
            _exit_worker()
        for pid in worker_pids(supervisor):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)

    return {signum: signal.signal(signum, pass_on) for signum in (signal.SIGTERM, signal.SIGINT)}


def worker_pids(parent: int) -> list[int]:
    """The processes whose parent is ``parent`` (``/proc``; none where there is no ``/proc``)."""
    pids = []
    with contextlib.suppress(OSError):
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as f:
                    stat = f.read()
            except OSError:  # it has just exited
                continue
            # pid (comm) state ppid ...: comm may hold spaces and parentheses
            if int(stat.rsplit(b")", 1)[1].split()[1]) == parent:
                pids.append(int(entry.name))
    return pids


def _exit_worker() -> None:
    """End a worker with status 0 at once. Not through Python's own exit: that restores each
    signal's default action first, and a SIGTERM arriving then (Ctrl-C gives a worker SIGINT
    from the terminal and SIGTERM from the supervisor) would kill it, and tornado's supervisor
    starts a worker killed by a signal again. A worker has nothing else to finish: its
    sessions end with it."""
    with contextlib.suppress(Exception):
        logging.shutdown()
        sys.stdout.flush()
        sys.stderr.flush()
    os._exit(0)


def _become_worker(server, show: bool, supervisor: int) -> None:
    """In a forked worker: stop cleanly on SIGTERM or SIGINT (exit status 0, so tornado's
    supervisor does not start it again), and stop if the supervisor dies."""
    from tornado.process import task_id

    def stop(*_args) -> None:  # may come twice: Ctrl-C, then the supervisor's SIGTERM
        with contextlib.suppress(RuntimeError):  # the loop is already closed
            server.io_loop.asyncio_loop.call_soon_threadsafe(server.io_loop.stop)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    # Linux: SIGTERM when the supervisor dies, however it dies (even SIGKILL).
    with contextlib.suppress(OSError, AttributeError):
        PR_SET_PDEATHSIG = 1
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != supervisor:  # it died before that took effect
        stop()
    if show and task_id() == 0:
        server.io_loop.add_callback(server.show, "/")


def _settle_imports() -> None:
    """Exempt everything loaded so far from collection.

    Panel and Bokeh leave about 170,000 long-lived objects (modules, classes,
    option trees) in the collector's oldest generation, and every full collection walks all
    of them on the server's one thread; one or more runs for every page built or released (a build
    allocates enough to trigger one; Bokeh collects when it releases a session, and so does
    ``_sweep``), and a learner's change waits for it. ``gc.freeze`` moves what exists now,
    none of it a session's, out of the collector's reach for good.

    No collection first: ``nnshape serve`` loads all this with the collector off
    (``dashboard.cli``), and a collection here would walk all of it once more on the way to
    the first page (about 0.1 s) to find a few hundred objects of garbage.
    """
    import dashboard.playground  # noqa: F401  (what every page needs, loaded before the freeze)

    gc.freeze()


def install(server, hosts) -> None:
    """Put the checks of ``dashboard.guard``, ``.admission`` and ``.sockets`` in front of
    Panel's handlers on ``server`` (a Bokeh server built by Panel, not yet started)."""
    from panel.io.server import AutoloadJsHandler, DocHandler, WSHandler

    from .admission import Admission, Limits, NotServed, PageHandler
    from .guard import Gate
    from .sockets import Claims, SocketHandler

    admission = Admission(Limits.from_environment())
    claims = Claims(SESSION_TOKEN_EXPIRATION_S)
    replace = {
        DocHandler: (PageHandler, {"admission": admission}),
        WSHandler: (SocketHandler, {"admission": admission, "claims": claims}),
        AutoloadJsHandler: (NotServed, {}),
    }
    app = server._tornado
    found = []
    for rule in app.wildcard_router.rules:
        if rule.target in replace:
            found.append(rule.target)
            rule.target, extra = replace[rule.target]
            rule.target_kwargs = {**rule.target_kwargs, **extra}
    if sorted(map(str, found)) != sorted(map(str, replace)):
        raise RuntimeError(f"Panel's routes have changed: found {found}, expected {list(replace)}")
    # Every request passes the gate before tornado parses it (the HTTPServer's delegate).
    server._http.request_callback = Gate(app, hosts)
    server.io_loop.asyncio_loop.set_exception_handler(_closed_socket_is_no_error)
    server.io_loop.add_callback(admission.start)
    log.info("answering to %s", hosts.describe())


def _closed_socket_is_no_error(loop, context) -> None:
    """The loop's handler of exceptions nobody awaited: a write to a page that has just gone
    (Panel writes a message's frames as separate futures, and awaits them in a callback that
    does not run once the page has gone) is no error. Anything else goes to asyncio's own."""
    from tornado.iostream import StreamClosedError
    from tornado.websocket import WebSocketClosedError

    if isinstance(context.get("exception"), (StreamClosedError, WebSocketClosedError)):
        log.debug("a write to a page that had gone: %s", context.get("message"))
        return
    loop.default_exception_handler(context)


def run(server) -> None:
    """Serve until interrupted (a worker of ``--procs``: until told to stop)."""
    from tornado.process import task_id

    address = server.address if server.address not in (None, "", "0.0.0.0", "::") else "127.0.0.1"
    if ":" in address:
        address = f"[{address}]"
    worker = task_id()
    if worker is None:
        print(f"nnshape: serving at http://{address}:{server.port}/", flush=True)
    else:
        log.info("worker %d (pid %d) serving", worker, os.getpid())
        if worker == 0:
            procs = getattr(server, "nnshape_procs", "several")
            url = f"http://{address}:{server.port}/"
            print(f"nnshape: serving at {url} ({procs} processes)", flush=True)
    server.start()
    with contextlib.suppress(KeyboardInterrupt):
        server.io_loop.start()
    if worker is not None:
        _exit_worker()


def serve(figure: str = DEFAULT_FIGURE, port: int = 5006, **options) -> None:
    """Serve the app at ``/`` (see ``make_server`` for the options); blocks."""
    run(make_server(figure, port, **options))
