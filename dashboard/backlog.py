"""Whether the browser has already sent a slider's next value, behind the message in hand.

Bokeh handles a session's messages one at a time. A server that has fallen behind a drag finds
the slider's later values already in the connection's read buffer; computing curves for each
stale one only makes the hand wait longer for the latest. A key press sends ``value`` and then
``value_throttled``: only another ``value`` for the same slider means the one in hand is stale.

The unread bytes are tornado's ``IOStream._read_buffer``, reached through Bokeh's session for
the message being handled (pinned in ``tests/test_panel_internals.py``); the browser's frames
in it are masked websocket frames (RFC 6455, section 5.2). Anything unexpected, and anything
not served, reads as "nothing waiting": the value is then applied at once, as without this.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

#: How BokehJS writes a new value of model ``id`` in a PATCH-DOC message.
VALUE_EVENT = '"model":{{"id":"{id}"}},"attr":"value"'
#: Frames larger than this are not looked into (an uploaded file, say): never a slider's value.
LARGEST_FRAME = 64 * 1024


def client_frames(data: bytes) -> Iterator[bytes]:
    """The unmasked payloads of the complete client frames at the start of ``data``.

    Stops at the first frame that is incomplete, unmasked (not from a browser) or larger than
    ``LARGEST_FRAME``.
    """
    pos, end = 0, len(data)
    while end - pos >= 2:
        second = data[pos + 1]
        length, pos = second & 0x7F, pos + 2
        if length >= 126:
            size = 2 if length == 126 else 8
            if end - pos < size:
                return
            length, pos = int.from_bytes(data[pos : pos + size], "big"), pos + size
        if not second & 0x80 or length > LARGEST_FRAME or end - pos < 4 + length:
            return
        mask = np.frombuffer(data[pos : pos + 4], dtype=np.uint8)
        payload = np.frombuffer(data[pos + 4 : pos + 4 + length], dtype=np.uint8)
        pos += 4 + length
        yield (payload ^ np.resize(mask, length)).tobytes()


def value_waiting(doc, model_id: str) -> bool:
    """Whether a later ``value`` of Bokeh model ``model_id`` already waits in ``doc``'s session."""
    try:
        connection = doc.session_context._session._current_patch_connection
        waiting = bytes(connection._socket.ws_connection.stream._read_buffer)
    except (AttributeError, TypeError):
        return False
    needle = VALUE_EVENT.format(id=model_id).encode()
    return any(needle in payload for payload in client_frames(waiting))
