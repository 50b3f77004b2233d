"""A page's websocket: one per session, only the changes the page offers, nothing after it goes.

- **One socket per session, ever.** Sessions are signed (``dashboard.server``): an id cannot
  be made up, and the page's token, which names the session, is only in the page its visitor
  was sent. A token copied out of that page would still let a second browser attach to the
  session until it expires, so a session whose page has connected once accepts no other
  connection. Panel does not reconnect a page (``reconnect_session`` is off), so no page of
  ours ever asks twice.
- **Only what the page offers**: PATCH-DOC events are sifted by ``dashboard.patches`` before
  Bokeh reads them, and other message types than a page sends are dropped.
- **Nothing after the page goes**: messages still queued when the connection closed are
  dropped unhandled, replies to a page that left while they were being made are counted
  rather than warned about, the session's pending callbacks (say, 150 queued "+ Add neuron" clicks)
  are removed, and the session is released at Bokeh's next check rather than after the
  unused-session lifetime (nothing can reconnect to it).
"""

from __future__ import annotations

import contextlib
import logging
import socket
import time

from bokeh.protocol.exceptions import ProtocolError
from bokeh.server.session import ServerSession
from bokeh.util.token import get_session_id
from panel.io.server import WSHandler
from tornado.websocket import WebSocketClosedError

from . import patches
from .admission import Admission

log = logging.getLogger("nnshape")

#: Refused or dropped messages logged per connection; the rest are only counted.
LOGGED_PER_CONNECTION = 5


#: How far ahead in a page's unread bytes to look for its goodbye.
LOOK_AHEAD_BYTES = 1024 * 1024


def goodbye_waiting(ws_connection) -> bool:
    """Whether the page behind ``ws_connection`` has already closed: a close frame waits among
    the bytes not yet read (tornado's buffer, then the socket's, peeked), or the socket has
    reached its end. A browser closing a tab that had 200 clicks queued says goodbye after
    them; without this, each would be handled before the server read that far.

    Reads tornado's private ``IOStream._read_buffer``, pinned by the behaviour test
    ``tests/ui/test_attacks.py::test_clicks_queued_when_the_page_says_goodbye_do_not_run``;
    anything
    unexpected reads as "not closed".
    """
    try:
        stream = ws_connection.stream
        data = bytes(stream._read_buffer)
        sock = stream.socket
        if sock is not None and len(data) < LOOK_AHEAD_BYTES:
            try:
                more = sock.recv(
                    LOOK_AHEAD_BYTES - len(data), socket.MSG_PEEK | socket.MSG_DONTWAIT
                )
            except (BlockingIOError, InterruptedError):
                more = None
            if more == b"":  # the end of the stream: nothing more will come
                return True
            data += more or b""
    except (AttributeError, TypeError, ValueError, OSError):  # ValueError: a TLS socket
        return False
    return close_frame_in(data)


def close_frame_in(data: bytes) -> bool:
    """Whether the complete client frames at the start of ``data`` include a close frame
    (opcode 8; RFC 6455, section 5.2)."""
    pos, end = 0, len(data)
    while end - pos >= 2:
        first, second = data[pos], data[pos + 1]
        if first & 0x0F == 0x8:
            return True
        length, pos = second & 0x7F, pos + 2
        if length >= 126:
            size = 2 if length == 126 else 8
            if end - pos < size:
                return False
            length, pos = int.from_bytes(data[pos : pos + size], "big"), pos + size
        pos += length + (4 if second & 0x80 else 0)
    return False


class Claims:
    """Sessions that have had a websocket, kept until their tokens can no longer be used."""

    def __init__(self, token_lifetime_s: float):
        self.lifetime = token_lifetime_s
        self._claimed: dict[str, float] = {}

    def claim(self, session_id: str) -> bool:
        """Record ``session_id``'s socket; False if it has had one already."""
        now = time.monotonic()
        if len(self._claimed) > 1000:
            self._claimed = {k: t for k, t in self._claimed.items() if now - t < self.lifetime}
        if session_id in self._claimed:
            return False
        self._claimed[session_id] = now
        return True


class SocketHandler(WSHandler):
    """Panel's websocket handler, guarded."""

    def __init__(self, tornado_app, *args, **kw):
        self.admission: Admission = kw.pop("admission")
        self.claims: Claims = kw.pop("claims")
        self._logged = 0
        self._dropped = 0
        self._late = 0
        self._unsent = 0
        self._closed = False
        super().__init__(tornado_app, *args, **kw)

    # -- opening ------------------------------------------------------------------------------
    def open(self, *args, **kwargs):
        try:
            return super().open(*args, **kwargs)
        except ProtocolError as error:  # a bad or expired token: Bokeh has closed the socket
            log.info("refused a websocket: %s", str(error).split(". ")[0])
            return None

    async def _async_open(self, token: str) -> None:
        # Bokeh has checked the token's signature and expiry before this runs.
        session_id = get_session_id(token)
        if not self.claims.claim(session_id):
            log.info("refused a second connection to a session (%s…)", session_id[:8])
            self.close(1008, "this session already has its page")
            return None
        try:
            self.application_context.get_session(session_id)
        except ProtocolError:
            # Not in this process (released, or served by another process): Bokeh builds it
            # again from the token's query; in turn, like any page.
            ticket = self.admission.enter(self.request.remote_ip, refusable=False)
            try:
                if not await ticket.turn():
                    self.close(1013, "the server is busy; reload the page")
                    return None
                await super()._async_open(token)
            finally:
                ticket.done(None)
        else:
            await super()._async_open(token)
        self.admission.opened(session_id)
        return None

    # -- receiving ----------------------------------------------------------------------------
    async def on_message(self, fragment):
        self.admission.activity()  # from its first frame: a learner's message goes first
        return await super().on_message(fragment)

    def _gone(self) -> bool:
        """Whether the page has gone, or said goodbye in bytes not yet read."""
        ws = self.ws_connection
        return ws is None or ws.is_closing() or goodbye_waiting(ws)

    async def _receive(self, fragment):
        if self._gone():  # read before the close was seen: leave it unparsed
            self._late += 1
            return None
        try:
            return await super()._receive(fragment)
        except Exception as error:  # Bokeh would log a traceback and leave the socket open
            self._note("an unreadable message", f"{type(error).__name__}", error)
            self.close(1003, "unreadable message")
            return None

    async def _handle(self, message):
        if self._gone() or self.connection is None:
            self._late += 1
            return None
        if not isinstance(message.header.get("msgid"), str):  # nothing to answer it with
            self._note("a message without an id", "a page always sends one")
            return None
        if message.msgtype not in patches.MESSAGES:
            self._note(f"a {message.msgtype[:30]} message", "a page sends none")
            return None
        try:
            if message.msgtype != "PATCH-DOC":
                return await super()._handle(message)
            session = self.connection.session
            kept, dropped = patches.sift(message.content, session.document)
            for d in dropped:
                if not d.routine:
                    self._note(d.what, d.why)
            if not kept:
                return self.connection.ok(message)
            if dropped:
                message.content = {**message.content, "events": kept}
            # What Bokeh's protocol handler does, minus its logging a traceback for whatever
            # the app raises while taking a change (the app reports its own refusals).
            return await ServerSession.patch(message, self.connection)
        except Exception as error:
            self._note(f"a {message.msgtype} message", "applying it failed", error)
            return self.connection.error(message, "not applied")
        finally:
            self.admission.activity()

    def _note(self, what: str, why: str, error: Exception | None = None) -> None:
        self._dropped += 1
        if self._logged < LOGGED_PER_CONNECTION:
            self._logged += 1
            if error is not None:
                why = f"{why} ({type(error).__name__}: {str(error)[:120]})"
                log.debug("the error", exc_info=error)
            log.info("dropped %s from a page: %s", what, why)

    # -- sending ------------------------------------------------------------------------------
    async def send_message(self, message) -> None:
        """Bokeh's ``send_message``, except that a reply or change for a page that has gone
        (it closed while its last message was being handled) is counted, not warned about:
        nothing is wrong when a page leaves with a message in flight."""
        try:
            await message.send(self)
        except WebSocketClosedError:
            self._unsent += 1
            if self._closed:  # on_close has already summed up this connection
                log.info("did not send a message to a page that had gone")

    # -- closing ------------------------------------------------------------------------------
    def on_close(self) -> None:
        self._closed = True
        try:
            session = self.connection.session if self.connection is not None else None
        except AssertionError:  # Bokeh's connection had already let go of it
            session = None
        super().on_close()
        if self._dropped > self._logged:
            more = self._dropped - self._logged
            log.info("dropped %d more messages or changes from that page", more)
        if self._late:
            log.info("dropped %d frame(s) that arrived after the page had gone", self._late)
        if self._unsent:
            log.info("did not send %d message(s) to a page that had gone", self._unsent)
        if session is None or session.destroyed:
            return
        callbacks = session.document.callbacks
        for callback in callbacks.session_callbacks:
            with contextlib.suppress(KeyError, ValueError):
                callbacks.remove_session_callback(callback)
        session.request_expiration()
