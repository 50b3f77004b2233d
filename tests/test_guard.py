"""The checks in front of the app (``dashboard.guard``), and the queue's parts that need no
server (``dashboard.admission``). The same checks against a real server are in
``tests/ui/test_attacks.py`` and ``tests/ui/test_admission.py``."""

from __future__ import annotations

import pytest
from tornado import httputil

from dashboard import guard
from dashboard.admission import Limits, busy, joining, names_a_session, too_many


@pytest.mark.parametrize(
    ("header", "allowed"),
    [
        ("127.0.0.1:5006", True),
        ("localhost:5006", True),
        ("LOCALHOST:5006", True),
        ("localhost", True),  # through a proxy on port 80/443
        ("nnshape.example.org", True),
        ("nnshape.example.org:5006", True),
        ("nnshape.example.org:8080", False),
        ("lab.example.org:8443", True),
        ("lab.example.org", False),  # configured with its port: only that one
        ("evil.example:5006", False),  # a rebound name
        ("127.0.0.1.evil.example:5006", False),
        ("localhost:5007", False),
        ("", False),
        (None, False),
        ("a b:5006", False),
        ("localhost:5006, evil.example", False),
    ],
)
def test_only_configured_hosts_are_allowed(header, allowed):
    hosts = guard.Hosts.of(5006, ["nnshape.example.org", "lab.example.org:8443"])
    assert hosts.allows(header) is allowed


def test_host_names_are_checked_when_given():
    assert guard.parse_host("Example.ORG:80") == ("example.org", 80)
    assert guard.parse_host("[::1]:5006") == ("[::1]", 5006)
    for bad in ("evil example", "a/b", "-x.org", "x.org:0", "x.org:99999", "", "<script>"):
        with pytest.raises(ValueError):
            guard.parse_host(bad)


def test_websocket_origins_follow_the_hosts():
    origins = guard.Hosts.of(5006, ["nnshape.example.org"]).origins()
    for expected in ("127.0.0.1:5006", "localhost:5006", "nnshape.example.org:5006"):
        assert expected in origins
    assert "nnshape.example.org" in origins  # Bokeh reads a bare host as port 80
    assert not any("evil" in o for o in origins)


def start(path: str) -> httputil.RequestStartLine:
    return httputil.RequestStartLine("GET", path, "HTTP/1.1")


def test_a_request_is_checked_for_size_and_host():
    hosts = guard.Hosts.of(5006)
    ok = httputil.HTTPHeaders({"Host": "127.0.0.1:5006"})
    assert guard.check(start("/?figure=nn9"), ok, hosts) is None
    longest = "/?n=" + "1" * (guard.MAX_URL_BYTES - 4)
    assert guard.check(start(longest), ok, hosts) is None
    assert guard.check(start(longest + "1"), ok, hosts).status == 414
    evil = httputil.HTTPHeaders({"Host": "evil.example:5006"})
    assert guard.check(start("/"), evil, hosts).status == 403
    assert guard.check(start("/"), httputil.HTTPHeaders(), hosts).status == 403
    big = httputil.HTTPHeaders({"Host": "127.0.0.1:5006", "Cookie": "x" * guard.MAX_HEADER_BYTES})
    assert guard.check(start("/"), big, hosts).status == 431


def test_refusal_pages_are_short_escaped_html_and_say_what_to_do():
    refusal = guard.wrong_host("<script>alert(1)</script>:5006", guard.Hosts.of(5006))
    assert refusal.status == 403
    assert b"<script>" not in refusal.body and b"&lt;script&gt;" in refusal.body
    assert b"--allow-host" in refusal.body
    long = guard.link_too_long(70_000)
    assert long.status == 414 and b"70,000" in long.body and b'href="/"' in long.body
    assert len(long.body) < 2000
    for refusal in (busy(Limits()), too_many("10.0.0.1", Limits())):
        assert refusal.status in (429, 503)
        assert 5 <= refusal.retry <= 10
        assert refusal.headers()["Retry-After"] == str(refusal.retry)
        assert f'http-equiv="refresh" content="{refusal.retry}"'.encode() in refusal.body
        assert b"tries again by itself" in refusal.body


class _Request:
    def __init__(self, arguments, headers=None):
        self.arguments = arguments
        self.headers = headers or {}


def test_a_link_naming_a_session_is_refused_with_the_rest_of_it_kept():
    assert not names_a_session(_Request({"figure": [b"nn9"]}))
    assert names_a_session(_Request({"bokeh-session-id": [b"x"]}))
    assert names_a_session(_Request({"bokeh-token": [b"x"]}))
    assert names_a_session(_Request({}, {"Bokeh-Session-Id": "x"}))
    refusal = joining(_Request({"figure": [b"nn9"], "bokeh-session-id": [b"x"]}))
    assert refusal.status == 403
    assert b'href="./?figure=nn9"' in refusal.body


def test_admission_limits_can_be_scaled_down_for_tests(monkeypatch):
    monkeypatch.delenv("NNSHAPE_ADMISSION", raising=False)
    assert Limits.from_environment() == Limits()
    monkeypatch.setenv("NNSHAPE_ADMISSION", "per_address=3,max_wait_s=1.5")
    limits = Limits.from_environment()
    assert (limits.per_address, limits.max_wait_s) == (3, 1.5)
    monkeypatch.setenv("NNSHAPE_ADMISSION", "bogus=1")
    with pytest.raises(ValueError):
        Limits.from_environment()


def test_the_defaults_leave_a_class_of_60_behind_one_address_well_inside():
    limits = Limits()
    assert limits.per_address >= 60 + 30  # a third of them reloading while the rest open
    assert limits.max_waiting >= limits.per_address
