"""The guarded websocket handler's own rules, without a server: what counts as a page's
goodbye, and what happens to a message for a page that has gone."""

from __future__ import annotations

import asyncio
import logging

from tornado.websocket import WebSocketClosedError

from dashboard.sockets import SocketHandler, close_frame_in


def frame(opcode: int, payload: bytes = b"", masked: bool = True) -> bytes:
    """One client frame (RFC 6455): FIN set, masked with a zero key."""
    head = bytes([0x80 | opcode])
    mask = 0x80 if masked else 0
    if len(payload) < 126:
        head += bytes([mask | len(payload)])
    else:
        head += bytes([mask | 126]) + len(payload).to_bytes(2, "big")
    return head + (b"\0\0\0\0" if masked else b"") + payload


def test_a_close_frame_after_messages_is_seen():
    data = frame(1, b"x" * 300) + frame(1, b"{}") + frame(8, b"\x03\xe8")
    assert close_frame_in(data)


def test_text_that_looks_like_a_close_opcode_is_not_a_goodbye():
    # The payload's first byte is 0x88 (a close frame's first byte), inside a text frame.
    assert not close_frame_in(frame(1, b"\x88\x02" + b"y" * 40))
    assert not close_frame_in(b"")


def test_a_close_frame_not_yet_reached_is_not_claimed():
    # A frame whose length runs past the bytes read so far: what follows it is unknown.
    assert not close_frame_in(frame(1, b"z" * 500)[:100] + frame(8))


class _Gone:
    async def send(self, handler):
        raise WebSocketClosedError()


def _handler() -> SocketHandler:
    handler = object.__new__(SocketHandler)  # no tornado application: only send_message runs
    handler._unsent, handler._closed = 0, False
    return handler


def test_a_reply_to_a_page_that_has_gone_is_counted_not_warned(caplog):
    handler = _handler()
    with caplog.at_level(logging.INFO):
        asyncio.run(handler.send_message(_Gone()))
        asyncio.run(handler.send_message(_Gone()))
    assert handler._unsent == 2
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_a_reply_after_the_connection_was_summed_up_is_logged(caplog):
    handler = _handler()
    handler._closed = True
    with caplog.at_level(logging.INFO, logger="nnshape"):
        asyncio.run(handler.send_message(_Gone()))
    assert "did not send a message to a page that had gone" in caplog.text
