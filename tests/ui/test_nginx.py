"""The real thing: Debian's nginx, configured as docs/deploy.md says, in front of two servers.

The nginx site is the block in docs/deploy.md, with only its ports and listen address replaced,
so the documented setup is the tested one. Browsers through it get working pages (curves
plotted, the server following their changes) that stay isolated from each other, whichever
server their HTML and their websocket reached. A second setup sends every page's HTML to one
server and its websocket to the other: the session is built again there from the signed token.

Without nginx these skip and say how to get it; under CI=true a missing nginx is a failure.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import time
from pathlib import Path

import pytest

from harness.app import each_page_sees_only_its_own_change, handles, pages_at, server_follows
from harness.browser import wait_until_plotted
from harness.serve import ROOT, find_nginx, free_port, nnshape_serve, running, running_nginx
from model.article import figure

DEPLOY = ROOT / "docs" / "deploy.md"
#: The backends the documented site names, replaced by the test's own.
DOCUMENTED_BACKENDS = ("127.0.0.1:5006", "127.0.0.1:5007")


@pytest.fixture(scope="module")
def nginx() -> str:
    found = find_nginx()
    if found is None:
        message = "nginx is missing: install it with `apt-get install -y nginx`"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true and {message}", pytrace=False)
        pytest.skip(message)
    return found


def documented_site(backends: list[int], port: int) -> str:
    """docs/deploy.md's nginx site, on ``port`` (loopback) in front of ``backends``."""
    text = DEPLOY.read_text()
    match = re.search(r"<!-- nginx-site -->\n```nginx\n(.*?)\n```", text, re.S)
    assert match, "docs/deploy.md has no nginx site after its <!-- nginx-site --> marker"
    site = match.group(1)
    for documented, ours in zip(DOCUMENTED_BACKENDS, backends, strict=True):
        assert f"server {documented};" in site, documented
        site = site.replace(f"server {documented};", f"server 127.0.0.1:{ours};")
    assert "listen 80;" in site
    site = site.replace("listen 80;", f"listen 127.0.0.1:{port};")
    for needed in ("least_conn;", "proxy_set_header Upgrade $http_upgrade;", "proxy_http_version"):
        assert needed in site, needed
    return site


@contextlib.contextmanager
def two_servers(tmp: Path, front_port: int):
    """Two ``nnshape serve`` processes with one key, trusting and answering to the proxy."""
    env = {"BOKEH_SECRET_KEY": secrets.token_urlsafe(32)}
    ports = [free_port(), free_port()]
    options = ("--trust-proxy", "--allow-host", f"127.0.0.1:{front_port}")
    logs = [tmp / f"serve{i}.log" for i in range(2)]
    with (
        running(nnshape_serve(ports[0], *options), ports[0], logs[0], env=env),
        running(nnshape_serve(ports[1], *options), ports[1], logs[1], env=env),
    ):
        yield ports, logs


def clean(log: Path) -> None:
    text = log.read_text(errors="replace")
    assert not re.search(r"Traceback|\bERROR\b|Exception", text), text[-3000:]


def access_log(directory: Path, websockets: int, timeout: float = 10.0) -> str:
    """nginx's access log once it holds ``websockets`` websocket lines (nginx writes one when
    the connection closes, a moment after the page has gone)."""
    deadline = time.monotonic() + timeout
    while True:
        text = (directory / "access.log").read_text()
        if len(re.findall(r"GET /ws ", text)) >= websockets or time.monotonic() > deadline:
            return text
        time.sleep(0.1)


def test_pages_through_the_documented_nginx_work_and_stay_isolated(browser, nginx, tmp_path):
    front = free_port()
    with two_servers(tmp_path, front) as (ports, logs):
        site = documented_site(ports, front)
        with running_nginx(site, front, tmp_path / "nginx", nginx):
            url = f"http://127.0.0.1:{front}/?figure=nn11"
            # More pages than servers: least_conn uses both.
            with pages_at(browser, url, 4) as pages:
                for page in pages:
                    wait_until_plotted(page, figure("nn11"), timeout=30)
                each_page_sees_only_its_own_change(pages[0], pages[-1], lambda: figure("nn11"))
                for page, sign in ((pages[0], -1), (pages[-1], +1)):
                    server_follows(page, figure("nn11").neurons[0].weight + sign * 0.2)
            access = access_log(tmp_path / "nginx", websockets=4)
    used = set(re.findall(r"upstream=(127\.0\.0\.1:\d+)", access))
    assert used == {f"127.0.0.1:{p}" for p in ports}, access
    sockets = re.findall(r"GET /ws (\d+)", access)
    assert len(sockets) == 4 and set(sockets) == {"101"}, access
    assert not re.search(r" (4\d\d|5\d\d) upstream", access), access
    for log in logs:
        clean(log)


def test_a_page_whose_websocket_reaches_another_server_works(browser, nginx, tmp_path):
    """HTML from one server, websocket on the other (as with a forked server's workers or a
    proxy that is not sticky): the second builds the session from the page's signed token."""
    front = free_port()
    with two_servers(tmp_path, front) as (ports, logs):
        first, second = ports
        proxy = (
            "proxy_http_version 1.1; proxy_set_header Upgrade $http_upgrade; "
            "proxy_set_header Connection $connection_upgrade; "
            "proxy_set_header Host $http_host; proxy_set_header X-Real-IP $remote_addr;"
        )
        site = f"""
map $http_upgrade $connection_upgrade {{ default upgrade; '' close; }}
server {{
    listen 127.0.0.1:{front};
    location = / {{ proxy_pass http://127.0.0.1:{first}; {proxy} }}
    location / {{ proxy_pass http://127.0.0.1:{second}; {proxy} }}
}}
"""
        with running_nginx(site, front, tmp_path / "nginx", nginx):
            with pages_at(browser, f"http://127.0.0.1:{front}/?figure=nn9", 2) as pages:
                each_page_sees_only_its_own_change(pages[0], pages[1], lambda: figure("nn9"))
                start = figure("nn9").neurons[0].weight
                server_follows(pages[0], start - 0.2)
                server_follows(pages[1], start + 0.2)
                # And on: a third change, after the session was built on the second server.
                handle = handles(pages[1]).nth(0)
                handle.focus()
                handle.press("ArrowRight")
                server_follows(pages[1], start + 0.3)
            access = access_log(tmp_path / "nginx", websockets=2)
    assert re.findall(rf"GET / 200 upstream=127\.0\.0\.1:{first}\b", access), access
    assert len(re.findall(rf"GET /ws 101 upstream=127\.0\.0\.1:{second}\b", access)) == 2, access
    for log in logs:
        clean(log)
