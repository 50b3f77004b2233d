"""Bokeh's Python client on an ``nnshape serve`` that signs its sessions.

Bokeh's client makes up its session id and token itself, signed with the key Bokeh read from
``BOKEH_SECRET_KEY`` when it was imported. A test or benchmark instead starts its server with
``SECRET`` (``env=signed_env()`` for ``harness.serve.running``) and opens sessions with
``pull``, which signs them with the same key: the same trust as a second server behind one
proxy, given one key.
"""

from __future__ import annotations

import asyncio
import json
import math
import re
import secrets
import time

#: The key this process's servers are started with (a new one per process).
SECRET = secrets.token_urlsafe(32)


def signed_env(secret: str | None = None) -> dict[str, str]:
    """The environment that makes ``nnshape serve`` sign its sessions with ``secret``
    (default ``SECRET``)."""
    return {"BOKEH_SECRET_KEY": secret or SECRET}


def pull(url: str, arguments: dict | None = None, io_loop=None, secret: str | None = None):
    """A new session of the app at ``url`` (``bokeh.client.pull_session``), signed with
    ``secret`` (default ``SECRET``)."""
    secret = secret or SECRET
    import panel.models  # noqa: F401  (registers Panel's models, which a page holds)
    from bokeh.client.session import ClientSession
    from bokeh.client.util import websocket_url_for_server_url
    from bokeh.util.token import generate_jwt_token, generate_session_id

    import dashboard.outbox  # (registers PageOutbox, the page's outbox)
    import dashboard.plots  # (registers NetState, the page's state)
    import dashboard.walk  # noqa: F401  (registers the walk's BrowserMemory, which a page holds)

    class Signed(ClientSession):
        @property
        def token(self) -> str:
            return generate_jwt_token(self.id, secret_key=secret.encode(), signed=True)

    session_id = generate_session_id(secret_key=secret.encode(), signed=True)
    session = Signed(
        session_id=session_id,
        websocket_url=websocket_url_for_server_url(url),
        io_loop=io_loop,
        arguments=arguments,
    )
    session.pull()
    return session


def models_in_page_order(doc) -> list:
    """The document's models, depth first from its roots in property order (as Bokeh serializes
    them, so the sliders come in page order: neuron 1 weight, neuron 1 bias, …, w2, b2)."""
    from bokeh.model import Model

    seen: set[str] = set()
    order: list = []

    def visit(value) -> None:
        if isinstance(value, Model):
            if value.id in seen:
                return
            seen.add(value.id)
            order.append(value)
            for child in value.properties_with_values(include_defaults=False).values():
                visit(child)
        elif isinstance(value, (list, tuple, set, frozenset)):
            for child in value:
                visit(child)
        elif isinstance(value, dict):
            for key, child in value.items():
                visit(key)
                visit(child)

    visit(list(doc.roots))
    return order


#: The first neuron's weight in a permalink: ``n=<weight>_<bias>...``.
_FIRST_WEIGHT = re.compile(r"[?&]n=([^_&~]+)")


def weight_in(query: str) -> float | None:
    """Neuron 1's weight in permalink ``query``, if it names one."""
    match = _FIRST_WEIGHT.search(query)
    try:
        return float(match.group(1)) if match else None
    except ValueError:
        return None


class Learner:
    """A session's learner, without a browser: moves neuron 1's weight slider and waits until
    the server has taken the change, that is until the document's hidden URL text input (the
    ``TextInput`` whose value starts with ``?figure=``) names the new weight.

    Drive it from coroutines on the session's IOLoop: ``read()`` applies the server's patches
    (run it as a task), ``change()`` returns the seconds the server took, or None (recorded
    in ``lost``) after ``timeout``.

    A subclass that watches the page otherwise overrides ``on_patch``, called after each patch
    is applied. ``name`` is how ``lost`` speaks of this learner; with ``keep_reading``, a patch
    that cannot be applied (or ``on_patch`` raising) is recorded in ``lost`` and ``read()``
    goes on, where by default it ends ``read()`` with the exception.
    """

    def __init__(
        self,
        session,
        timeout: float = 60.0,
        name: str = "the learner",
        keep_reading: bool = False,
    ):
        from bokeh.events import DocumentReady
        from bokeh.models import Slider, TextInput

        self.session = session
        self.timeout = timeout
        self.name = name
        self.keep_reading = keep_reading
        self.lost: list[str] = []
        self.closing = False
        self._waiting: tuple[float, asyncio.Future] | None = None
        self._changes = 0
        doc = session.document
        self.url = next(
            m for m in doc.models if isinstance(m, TextInput) and str(m.value).startswith("?")
        )
        self.slider = next(m for m in models_in_page_order(doc) if isinstance(m, Slider))
        # Where the page has an outbox (dashboard.outbox), a slider's values go through it, at
        # the page's rate, as the page's nnshape.send writes them.
        from dashboard.outbox import GAP, REST, SEND_INTERVAL, PageOutbox, control_key
        from dashboard.plots import NetState

        self.outbox = next((m for m in doc.models if isinstance(m, PageOutbox)), None)
        state = next((m for m in doc.models if isinstance(m, NetState)), None)
        self.key = control_key("weights", state.ids[0]) if state is not None else None
        self.interval, self.rest, self.gap = SEND_INTERVAL, REST, GAP
        self._rest_timer = None
        self._pending: dict[str, float] = {}
        self._timer = None
        self._last_sent = -math.inf
        self._seq = 0
        # What BokehJS sends once it has rendered the page: until then Panel holds changes.
        doc.callbacks.send_event(DocumentReady())
        # A browser's socket sends at once; without TCP_NODELAY, a multi-frame message from
        # this client waits for a delayed ACK (~40 ms on Linux).
        session._connection._socket._socket.protocol.set_nodelay(True)

    async def read(self) -> None:
        """Apply the server's patches to the session's document until the connection closes
        (recorded in ``lost`` unless ``close()`` came first)."""
        connection = self.session._connection
        while True:
            message = await connection._pop_message()
            if message is None:
                if not self.closing:
                    self.lost.append(f"the server closed {self.name}'s connection")
                return
            if message.msgtype != "PATCH-DOC":
                continue
            try:
                self.session._handle_patch(message)
                self.on_patch()
            except Exception as error:
                if not self.keep_reading:
                    raise
                self.lost.append(f"{self.name}: applying a patch: {error!r}")

    def on_patch(self) -> None:
        """After each patch: ``change()`` is answered once the URL names its weight."""
        waiting = self._waiting
        if waiting and weight_in(self.url.value) == waiting[0] and not waiting[1].done():
            waiting[1].set_result(None)

    async def change(self) -> float | None:
        self._changes += 1
        value = round(-3.0 + 0.1 * ((7 * self._changes) % 61) + 0.0123, 4)
        future = asyncio.get_running_loop().create_future()
        self._waiting = (value, future)
        t0 = time.perf_counter()
        self.move(value)
        try:
            await asyncio.wait_for(future, self.timeout)
        except asyncio.TimeoutError:
            self.lost.append(f"weight {value}: no answer after {self.timeout} s")
            return None
        finally:
            self._waiting = None
        return time.perf_counter() - t0

    def move(self, value: float) -> None:
        """Neuron 1's weight slider takes ``value``, and the server hears of it as from a page."""
        if self.outbox is None:
            self.slider.value = value
            return
        # The slider shows it, as in a page; set as the server's own changes are, so that the
        # client does not send it (a page's sliders are not synced: dashboard.outbox).
        self.slider.set_from_json("value", value, setter=self.session)
        self._pending[self.key] = value
        loop = asyncio.get_running_loop()
        if self._rest_timer is not None:
            self._rest_timer.cancel()
        self._rest_timer = loop.call_later(self.rest, self._rested)
        if self._timer is not None:
            return
        wait = self._last_sent + self.interval - time.perf_counter()
        if wait <= 0:
            self._flush()
        else:
            self._timer = loop.call_later(wait, self._flush)

    def _rested(self) -> None:
        wait = self._last_sent + self.gap - time.perf_counter()
        if wait <= 0:
            self._flush()
        else:
            self._rest_timer = asyncio.get_running_loop().call_later(wait, self._flush)

    def _flush(self) -> None:
        for timer in (self._timer, self._rest_timer):
            if timer is not None:
                timer.cancel()
        self._timer = self._rest_timer = None
        if not self._pending or self.closing:
            return
        self._last_sent = time.perf_counter()
        self._seq += 1
        self.outbox.message = json.dumps({"seq": self._seq, "values": self._pending})
        self._pending = {}

    def close(self) -> None:
        self.closing = True
        self.session.close()
