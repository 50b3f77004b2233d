"""Bokeh's websocket protocol frame by frame, as a browser (or an attacker) sends it.

Bokeh's own client (``harness.client``) speaks the protocol politely, one change at a time and
waiting for answers. The attack tests and the flood benchmark need what a page can do besides:
a burst of clicks in a few milliseconds, a message Bokeh's client never builds, a close frame
behind queued work. These helpers write the frames themselves on a tornado websocket.
"""

from __future__ import annotations

import asyncio
import json
from itertools import count

from .client import SECRET

_ids = count(1)


def client_token(secret: str = SECRET) -> str:
    """A session token as a server with ``secret`` issues (what Bokeh's client makes)."""
    from bokeh.util.token import generate_jwt_token, generate_session_id

    key = secret.encode()
    return generate_jwt_token(generate_session_id(key, signed=True), secret_key=key, signed=True)


def frames(msgtype: str, content, metadata=None, header_extra=None) -> list[str]:
    """The three text frames of one protocol message."""
    header = {"msgid": f"t{next(_ids)}", "msgtype": msgtype, **(header_extra or {})}
    return [json.dumps(header), json.dumps(metadata or {}), json.dumps(content)]


async def connect(port: int, token: str, query="figure=nn11", host=None, origin=None):
    """A websocket to ``nnshape serve`` on 127.0.0.1:``port``, opening the session of ``token``."""
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    headers = {}
    if host:
        headers["Host"] = host
    if origin:
        headers["Origin"] = origin
    request = HTTPRequest(f"ws://127.0.0.1:{port}/ws?{query}", headers=headers)
    return await websocket_connect(request, subprotocols=["bokeh", token], max_message_size=2**26)


async def receive(ws, timeout: float = 30.0):
    """The next whole message from the server as (header, content), or None once closed."""
    try:
        header = await asyncio.wait_for(ws.read_message(), timeout)
        if header is None:
            return None
        header = json.loads(header)
        await asyncio.wait_for(ws.read_message(), timeout)  # metadata
        content = json.loads(await asyncio.wait_for(ws.read_message(), timeout))
        for _ in range(2 * header.get("num_buffers", 0)):  # each buffer: its ref, its bytes
            await asyncio.wait_for(ws.read_message(), timeout)
    except (TypeError, asyncio.TimeoutError):
        return None
    return header, content


async def opened(port: int, token: str, **kw) -> bool:
    """Whether a websocket with ``token`` is accepted: the server says ACK."""
    ws = await connect(port, token, **kw)
    try:
        message = await receive(ws, 20)
        return message is not None and message[0]["msgtype"] == "ACK"
    finally:
        ws.close()


async def send(ws, msgtype: str, content) -> None:
    for frame in frames(msgtype, content):
        await ws.write_message(frame)


async def pull_doc(ws) -> dict:
    """The session's document, as JSON (a PULL-DOC-REQ and its reply)."""
    await send(ws, "PULL-DOC-REQ", {})
    while True:
        message = await receive(ws)
        assert message is not None, "the server closed the connection"
        if message[0]["msgtype"] == "PULL-DOC-REPLY":
            return message[1]["doc"]


def find_model(value, model_id: str):
    """The JSON of model ``model_id`` (its ``attributes`` included) within a document."""
    if isinstance(value, dict):
        if value.get("id") == model_id and "attributes" in value:
            return value
        value = list(value.values())
    if isinstance(value, list):
        for v in value:
            found = find_model(v, model_id)
            if found is not None:
                return found
    return None


def models(doc_json: dict) -> list[tuple[str, str, list[str]]]:
    """(id, type name, attribute names) of every model in a PULL-DOC-REPLY's document."""
    found: dict[str, tuple[str, list[str]]] = {}

    def walk(value) -> None:
        if isinstance(value, dict):
            if value.get("type") == "object" and "id" in value and "name" in value:
                found.setdefault(value["id"], (value["name"], list(value.get("attributes", {}))))
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(doc_json)
    return [(i, name, attrs) for i, (name, attrs) in found.items()]


def button(doc_json: dict, label: str) -> str:
    """The id of the button labelled ``label`` in a document."""
    for model_id, name, _attrs in models(doc_json):
        attributes = (find_model(doc_json, model_id) or {}).get("attributes", {})
        if name.endswith("Button") and attributes.get("label") == label:
            return model_id
    raise AssertionError(f"no button {label!r}")


def bokeh_event(name: str, model_id: str | None = None) -> dict:
    """A UI event (``button_click``, ``document_ready``…) as a PATCH-DOC's event."""
    entries = [["model", {"id": model_id}]] if model_id else []
    values = {"type": "map", "entries": entries}
    return {"kind": "MessageSent", "msg_type": "bokeh_event",
            "msg_data": {"type": "event", "name": name, "values": values}}  # fmt: skip


async def click_burst(ws, label: str, clicks: int) -> None:
    """The page is ready, then ``clicks`` clicks of the button ``label``, as fast as they go."""
    target = button(await pull_doc(ws), label)
    await send(ws, "PATCH-DOC", {"events": [bokeh_event("document_ready")]})
    for _ in range(clicks):
        await send(ws, "PATCH-DOC", {"events": [bokeh_event("button_click", target)]})
