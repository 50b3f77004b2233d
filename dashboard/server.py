"""Building the page for one browser session, and serving it."""

from __future__ import annotations

import contextlib
import ctypes
import gc
import logging
import threading
import weakref
from functools import partial

import panel as pn

from model.article import FREE
from model.document import load_json
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
    threading.Timer(1.0, _sweep).start()


def _sweep() -> None:
    global _ended
    with _ended_lock:
        ended, _ended = _ended, 0
    gc.collect()
    _return_memory()
    log.info("%d session(s) ended; %d session(s) still hold a playground", ended, len(_LIVE))
    # Panel lets go of some of a session's objects only at its own collection, 5 s after the
    # document is destroyed: hand back what that frees too.
    threading.Timer(SECOND_SWEEP_S, _collect_and_return).start()


#: Seconds after the first sweep for a second (Panel collects 5 s after a document goes).
SECOND_SWEEP_S = 6.0


def _collect_and_return() -> None:
    gc.collect()
    _return_memory()


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


def _extensions() -> None:
    # Per session: notifications and the exception handler are settings of the session.
    pn.extension(notifications=True, exception_handler=_report)


def session_state(default: str = DEFAULT_FIGURE, initial_json: str | None = None):
    """The network, view and notices this session's URL asks for.

    The URL wins; without one, the ``--load`` document (parsed anew, so no two sessions share
    a network), else the default figure. Hostile or broken parameters never raise: the codec
    keeps what it can and says, in ``notices``, what it ignored or clamped.
    """
    args = pn.state.session_args or {}
    if not any(key in args for key in QUERY_KEYS) and initial_json is not None:
        loaded = load_json(initial_json)
        return loaded.network, loaded.view, list(loaded.notices)
    if not any(key in args for key in QUERY_KEYS):
        args = {**args, "figure": [default]}
    state = from_query(args)
    return state.network, state.view, list(state.notices)


def create_page(default: str = DEFAULT_FIGURE, initial_json: str | None = None):
    """One session's page: a fresh Playground in the app's template.

    Whatever goes wrong while building it, the learner gets a page that says so in words,
    never a traceback or a blank page; the details go to the server's log.
    """
    _extensions()
    try:
        network, view, notices = session_state(default, initial_json)
        playground = Playground.from_state(network, view)
        playground.notices.show(*notices)
        _LIVE.add(playground)
        pn.state.on_session_destroyed(lambda _context: playground.release())
        pn.state.on_session_destroyed(_session_ended)
        return playground.template(permalink=True)
    except Exception:
        log.exception("could not build the page")
        return pn.pane.Alert(
            "Sorry: nnshape could not build this page. Reload to try again; if it keeps "
            "happening, the server's log has the details.",
            alert_type="danger",
        )


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
#: checked this often: thirty students leaving must not leave thirty networks in memory.
UNUSED_SESSION_LIFETIME_MS = 10_000
CHECK_UNUSED_SESSIONS_MS = 2_000
MAX_MESSAGE_BYTES = 100 * 1024 * 1024


def serve(
    figure: str = DEFAULT_FIGURE,
    port: int = 5006,
    show: bool = False,
    address: str = "127.0.0.1",
    initial_json: str | None = None,
):
    """Serve the app at ``/`` on ``address`` (localhost unless told otherwise); blocks.

    ``initial_json``: a saved network (``nnshape serve --load``) every session starts from.
    """
    if not log.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s nnshape: %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
    origins = [f"{host}:{port}" for host in ("127.0.0.1", "localhost")]
    if address not in ("127.0.0.1", "localhost"):
        origins.append(f"{address}:{port}")
    pn.serve(
        lambda: build_session(figure, initial_json),
        port=port,
        address=address,
        websocket_origin=origins,
        show=show,
        title="nnshape",
        print_url=True,
        unused_session_lifetime_milliseconds=UNUSED_SESSION_LIFETIME_MS,
        # Bokeh closes the connection on a message over 20 MB; an uploaded 50 MB file (base64:
        # 67 MB) must instead arrive and be refused with a message, and nothing bigger.
        websocket_max_message_size=MAX_MESSAGE_BYTES,
        check_unused_sessions_milliseconds=CHECK_UNUSED_SESSIONS_MS,
    )
