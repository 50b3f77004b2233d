"""Building pages one at a time, with the learners already working served first.

(Over 300 lines on purpose: the queue, its limits and the pages it answers with are one policy.)

A page is a session, and building one takes the server's one thread for about half a second
(the network, its widgets, both plots). Bokeh builds one for every GET of ``/``, at once and
in any number, so a burst of plain GETs, never opened, would take the thread from every learner
for as long as the builds last. Here each build waits for its turn:

- **One build at a time**, and before each, the server waits until the learners already
  connected have been quiet for ``quiet_s`` (their last change answered, its text updated),
  but never more than ``hold_s``: a new page always gets a turn, and at most a build's length
  of delay falls on a learner's change.
- **Turns go round the addresses**: a visitor opening many pages does not push the next
  visitor's page to the back of a queue.
- **Bounds, with an answer**: more than ``max_waiting`` pages waiting, or one waiting longer
  than ``max_wait_s``, gets 503 and a page that retries by itself (``Retry-After``); one
  address with more than ``per_address`` pages waiting or served but not opened gets 429 and
  the same. A class of 60 behind one school's address opening the page at once stays below
  it, reloads included.
- **Pages nobody opens** (fetched, websocket never connected) are released ``abandoned_s``
  after they were served. A page that connects later still works: Bokeh builds its session
  again from the page's signed token.
"""

from __future__ import annotations

import asyncio
import logging
import os
import random
import time
from collections import Counter, deque
from dataclasses import dataclass, fields
from urllib.parse import urlencode

from panel.io.server import DocHandler
from tornado.ioloop import PeriodicCallback
from tornado.web import RequestHandler

from model.lang import language, text

from .guard import Refusal, page

log = logging.getLogger("nnshape")


@dataclass(frozen=True)
class Limits:
    """The queue's bounds and pauses (seconds), one server process's."""

    #: Pages waiting for their build, all addresses together; the next one is told to retry.
    max_waiting: int = 200
    #: A page that has waited this long for its build is told to retry instead.
    max_wait_s: float = 40.0
    #: Pages one address may have waiting, being built, or served and not yet opened.
    per_address: int = 100
    #: A build starts once connected learners have been quiet this long...
    quiet_s: float = 0.25
    #: ...or once it has waited this long for them (so pages are built even during a drag).
    hold_s: float = 1.0
    #: Between two builds, at least this pause.
    gap_s: float = 0.02
    #: A page whose websocket has not connected this long after it was served is released.
    abandoned_s: float = 5.0
    #: "Retry after" this many seconds, plus up to as many again (so retries spread out).
    retry_s: int = 5

    @classmethod
    def from_environment(cls) -> Limits:
        """The defaults, with any ``name=value`` of ``$NNSHAPE_ADMISSION`` (comma-separated)
        instead: tests scale a flood down with it rather than sending hundreds of requests."""
        text = os.environ.get("NNSHAPE_ADMISSION", "").strip()
        if not text:
            return cls()
        given = dict(item.split("=", 1) for item in text.split(",") if "=" in item)
        kinds = {f.name: f.type for f in fields(cls)}
        unknown = set(given) - set(kinds)
        if unknown:
            raise ValueError(f"NNSHAPE_ADMISSION: no such limit {sorted(unknown)}")
        return cls(**{k: (int if kinds[k] == "int" else float)(v) for k, v in given.items()})


class Ticket:
    """One page's place in the queue."""

    def __init__(self, admission: Admission, address: str, counted: bool):
        self.admission = admission
        self.address = address
        self.counted = counted  # counts toward the address's per_address
        self.granted: asyncio.Future = asyncio.get_running_loop().create_future()
        self.finished: asyncio.Future = asyncio.get_running_loop().create_future()
        self.since = time.monotonic()
        self.expiry = None

    async def turn(self) -> bool:
        """Wait for this page's build turn: True when it comes, False if the page must retry
        (it waited ``max_wait_s``) or its visitor has gone."""
        return await self.granted

    def cancel(self) -> None:
        """The visitor has gone: give up the place (or the turn, if it came)."""
        if not self.granted.done():
            self.admission._remove(self)
            self.granted.set_result(False)

    def done(self, session=None) -> None:
        """The build is over; ``session``: the session it made, if any (counted as not yet
        opened until its websocket connects)."""
        self.admission._done(self, session)


class Admission:
    """The queue in front of session builds, for one server process."""

    def __init__(self, limits: Limits | None = None):
        self.limits = limits or Limits()
        self._queues: dict[str, deque[Ticket]] = {}
        self._waiting = 0
        self._pending: Counter[str] = Counter()
        self._unopened: dict[str, tuple[str, float, object]] = {}  # session id -> (address, ...)
        self._task: asyncio.Task | None = None
        self._last_activity = -1e9
        self._sweeper: PeriodicCallback | None = None
        self.built = 0
        self.refused = Counter()

    # -- what the handlers call ---------------------------------------------------------------
    def enter(self, address: str, refusable: bool = True, lang: str = "en") -> Ticket | Refusal:
        """A place in the queue for a page from ``address``, or why it gets none (said in
        ``lang``, the language the page's link asks for)."""
        limits = self.limits
        if refusable and self._waiting >= limits.max_waiting:
            return self._refuse(busy(limits, lang))
        if refusable and self._pending[address] >= limits.per_address:
            return self._refuse(too_many(address, limits, lang))
        ticket = Ticket(self, address, counted=refusable)
        if refusable:
            self._pending[address] += 1
        self._queues.setdefault(address, deque()).append(ticket)
        self._waiting += 1
        loop = asyncio.get_running_loop()
        ticket.expiry = loop.call_later(limits.max_wait_s, self._expire, ticket)
        if self._task is None or self._task.done():
            self._task = loop.create_task(self._dispatch())
        return ticket

    def activity(self) -> None:
        """A connected learner's message is arriving or was just handled."""
        self._last_activity = time.monotonic()

    def opened(self, session_id: str) -> None:
        """A served page's websocket has connected."""
        entry = self._unopened.pop(session_id, None)
        if entry is not None:
            self._uncount(entry[0])

    def start(self) -> None:
        """Start releasing pages nobody opens (needs the server's running loop)."""
        if self._sweeper is None:
            every_ms = 1000 * min(1.0, self.limits.abandoned_s / 2)
            self._sweeper = PeriodicCallback(self._release_abandoned, every_ms)
            self._sweeper.start()

    # -- inside -------------------------------------------------------------------------------
    def _refuse(self, refusal: Refusal) -> Refusal:
        self.refused[refusal.status] += 1
        return refusal

    def _uncount(self, address: str) -> None:
        self._pending[address] -= 1
        if self._pending[address] <= 0:
            del self._pending[address]

    def _remove(self, ticket: Ticket) -> None:
        queue = self._queues.get(ticket.address)
        if queue is not None and ticket in queue:
            queue.remove(ticket)
            self._waiting -= 1
            if not queue:
                del self._queues[ticket.address]
        if ticket.expiry is not None:
            ticket.expiry.cancel()
        if ticket.counted:
            ticket.counted = False
            self._uncount(ticket.address)

    def _expire(self, ticket: Ticket) -> None:
        if not ticket.granted.done():
            self._remove(ticket)
            self.refused[503] += 1
            ticket.granted.set_result(False)

    def _next(self) -> Ticket | None:
        """The first page of the address whose turn it is; that address goes to the back."""
        while self._queues:
            address = next(iter(self._queues))
            queue = self._queues.pop(address)
            ticket = queue.popleft()
            self._waiting -= 1
            if queue:
                self._queues[address] = queue  # to the back of the round
            if ticket.expiry is not None:
                ticket.expiry.cancel()
            if not ticket.granted.done():
                return ticket
        return None

    async def _quiet(self) -> None:
        start = time.monotonic()
        # A real pause, not just a turn of the loop: a learner's message that arrived during
        # the last build is read, frame by frame, and marks the server busy.
        quiet, hold = self.limits.quiet_s, self.limits.hold_s
        await asyncio.sleep(self.limits.gap_s)
        while True:
            now = time.monotonic()
            idle, held = now - self._last_activity, now - start
            if idle >= quiet or held >= hold:
                return
            await asyncio.sleep(min(quiet - idle, hold - held))

    async def _dispatch(self) -> None:
        while self._waiting:
            await self._quiet()
            ticket = self._next()
            if ticket is None:
                return
            ticket.granted.set_result(True)
            try:
                # A build runs on this thread and cannot hang awaiting; the bound is a backstop.
                await asyncio.wait_for(asyncio.shield(ticket.finished), self.limits.max_wait_s)
            except asyncio.TimeoutError:
                log.warning("a page's build did not finish in %.0f s", self.limits.max_wait_s)

    def _done(self, ticket: Ticket, session) -> None:
        if not ticket.granted.done():  # never got its turn (an error before it)
            self._remove(ticket)
            ticket.granted.set_result(False)
        elif ticket.counted:
            if session is not None and not session.destroyed:
                self.built += 1
                self._unopened[session.id] = (ticket.address, time.monotonic(), session)
            else:
                self._uncount(ticket.address)
            ticket.counted = False
        if not ticket.finished.done():
            ticket.finished.set_result(None)

    def _release_abandoned(self) -> None:
        now = time.monotonic()
        released = []
        for session_id, (address, served, session) in list(self._unopened.items()):
            if now - served >= self.limits.abandoned_s:
                del self._unopened[session_id]
                self._uncount(address)
                if not session.destroyed and session.connection_count == 0:
                    session.request_expiration()  # Bokeh discards it at its next check
                    released.append(session_id[:8])
        if released:
            shown = ", ".join(f"{s}…" for s in released[:5]) + (" …" if len(released) > 5 else "")
            log.info(
                "releasing %d page(s) not opened within %g s: %s",
                len(released),
                self.limits.abandoned_s,
                shown,
            )


# -- the answers --------------------------------------------------------------------------------


def _retry(limits: Limits) -> int:
    return limits.retry_s + random.randint(0, limits.retry_s)


def busy(limits: Limits, lang: str = "en") -> Refusal:
    wait = _retry(limits)
    return Refusal(
        503,
        page(
            text("ui.server.busy", lang),
            text("ui.server.busy_text", lang, wait=wait),
            retry=wait,
            lang=lang,
        ),
        retry=wait,
    )


def too_many(address: str, limits: Limits, lang: str = "en") -> Refusal:
    wait = _retry(limits)
    return Refusal(
        429,
        page(
            text("ui.server.too_many", lang),
            text(
                "ui.server.too_many_text",
                lang,
                most=limits.per_address,
                address=address[:60],
                wait=wait,
            ),
            retry=wait,
            lang=lang,
        ),
        retry=wait,
    )


#: What a link may not carry: Bokeh would attach the page to the session they name.
SESSION_ARGUMENTS = ("bokeh-session-id", "bokeh-token")


def names_a_session(request) -> bool:
    return any(key in request.arguments for key in SESSION_ARGUMENTS) or (
        "Bokeh-Session-Id" in request.headers
    )


def joining(request) -> Refusal:
    rest = [
        (key, value.decode("utf-8", "replace"))
        for key, values in request.arguments.items()
        if not key.startswith("bokeh-")
        for value in values
    ]
    lang = request_language(request)
    return Refusal(
        403,
        page(
            text("ui.server.joining", lang),
            text("ui.server.joining_text", lang),
            link=("./?" + urlencode(rest) if rest else "./", text("ui.server.joining_link", lang)),
            lang=lang,
        ),
    )


def request_language(request) -> str:
    """The language a request's link asks for (its last ``lang``), if ours; else the default."""
    values = request.arguments.get("lang") or [None]
    value = values[-1]
    return language(value.decode("utf-8", "replace") if isinstance(value, bytes) else value)


class _Answers:
    """Writing a refusal from a tornado request handler."""

    def answer(self: RequestHandler, refusal: Refusal) -> None:
        self.set_status(refusal.status)
        for key, value in refusal.headers().get_all():
            if key != "Content-Length":
                self.set_header(key, value)
        self.finish(refusal.body)


class PageHandler(_Answers, DocHandler):
    """Panel's page handler, with the queue in front of its session build."""

    def __init__(self, tornado_app, *args, **kw):
        self.admission: Admission = kw.pop("admission")
        self._ticket: Ticket | None = None
        self._session = None
        self._gone = False
        super().__init__(tornado_app, *args, **kw)

    async def get(self, *args, **kwargs):
        if names_a_session(self.request):
            return self.answer(joining(self.request))
        lang = request_language(self.request)
        ticket = self.admission.enter(self.request.remote_ip, lang=lang)
        if isinstance(ticket, Refusal):
            return self.answer(ticket)
        self._ticket = ticket
        try:
            if not await ticket.turn():
                if not self._gone:
                    self.answer(busy(self.admission.limits, lang))
                return None
            return await super().get(*args, **kwargs)
        finally:
            ticket.done(self._session)

    async def get_session(self):
        self._session = await super().get_session()
        return self._session

    def on_connection_close(self) -> None:
        super().on_connection_close()
        self._gone = True
        if self._ticket is not None:
            self._ticket.cancel()


class NotServed(_Answers, RequestHandler):
    """Bokeh's ``/autoload.js`` (embedding the app in another site's page): not offered, and
    it would build a session per request outside the queue."""

    def initialize(self, **_kwargs) -> None:
        pass

    def get(self, *args, **kwargs) -> None:
        lang = request_language(self.request)
        self.answer(
            Refusal(
                404,
                page(
                    text("ui.server.not_here", lang),
                    text("ui.server.not_here_text", lang),
                    lang=lang,
                ),
            )
        )
