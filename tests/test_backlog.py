"""Reading the browser's unread websocket frames for a slider's next value."""

import json
import os
import struct

from dashboard.backlog import LARGEST_FRAME, VALUE_EVENT, client_frames, value_waiting


def browser_frame(payload: bytes, masked: bool = True) -> bytes:
    """One text frame as a browser sends it (RFC 6455 §5.2), with a random mask."""
    n = len(payload)
    if n < 126:
        head = bytes([0x81, (0x80 if masked else 0) | n])
    elif n < 1 << 16:
        head = bytes([0x81, (0x80 if masked else 0) | 126]) + struct.pack(">H", n)
    else:
        head = bytes([0x81, (0x80 if masked else 0) | 127]) + struct.pack(">Q", n)
    if not masked:
        return head + payload
    mask = os.urandom(4)
    return head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


def patch(model_id: str, attr: str, value) -> list[bytes]:
    """The three frames of a PATCH-DOC message from BokehJS changing one attribute."""
    event = {"kind": "ModelChanged", "model": {"id": model_id}, "attr": attr, "new": value}
    return [
        b'{"msgid":"A1","msgtype":"PATCH-DOC"}',
        b"{}",
        json.dumps({"events": [event]}, separators=(",", ":")).encode(),
    ]


def test_bokehjs_writes_a_value_the_way_the_search_expects():
    content = patch("p12", "value", 0.5)[2].decode()
    assert VALUE_EVENT.format(id="p12") in content


def test_frames_of_every_length_class_are_unmasked():
    payloads = [b"", b"x" * 125, b"y" * 126, b"z" * 70_000 if LARGEST_FRAME > 70_000 else b"z"]
    payloads += [b"a" * 1000]
    data = b"".join(browser_frame(p) for p in payloads)
    assert list(client_frames(data)) == payloads


def test_an_incomplete_unmasked_or_huge_frame_ends_the_search():
    whole = browser_frame(b"first")
    assert list(client_frames(whole + browser_frame(b"second")[:-1])) == [b"first"]
    assert list(client_frames(whole + browser_frame(b"plain", masked=False))) == [b"first"]
    huge = browser_frame(b"h" * (LARGEST_FRAME + 1))
    assert list(client_frames(huge + whole)) == []
    assert list(client_frames(b"\x81")) == []


class _Doc:
    def __init__(self, waiting: bytes):
        stream = type("S", (), {"_read_buffer": bytearray(waiting)})()
        ws = type("W", (), {"stream": stream})()
        socket = type("K", (), {"ws_connection": ws})()
        connection = type("C", (), {"_socket": socket})()
        session = type("E", (), {"_current_patch_connection": connection})()
        self.session_context = type("X", (), {"_session": session})()


def test_only_a_later_value_of_the_same_slider_counts():
    later = b"".join(browser_frame(p) for p in patch("p7", "value", 1.5))
    throttled = b"".join(browser_frame(p) for p in patch("p7", "value_throttled", 1.5))
    other = b"".join(browser_frame(p) for p in patch("p8", "value", 1.5))
    assert value_waiting(_Doc(throttled + later), "p7")
    assert not value_waiting(_Doc(throttled), "p7")
    assert not value_waiting(_Doc(other), "p7")
    assert not value_waiting(_Doc(later[:-3]), "p7")  # not all of it has arrived yet
    assert not value_waiting(object(), "p7")
