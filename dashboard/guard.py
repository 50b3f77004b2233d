"""What every request must pass before the app sees it: its size and the host it names.

The check runs in front of tornado's own request parsing (an ``HTTPServerConnectionDelegate``
wrapped around Bokeh's tornado application), because the two things it answers are ones tornado
would otherwise answer with an empty 400 or a reset connection, and because a request for a
host this server is not must be refused before anything else happens for it:

- **Host**: a browser sends the name it looked up. A page on ``evil.example`` whose name has
  been rebound to 127.0.0.1 reaches this server with ``Host: evil.example:PORT`` and
  ``Origin: http://evil.example:PORT``; tornado's websocket origin check passes when the two
  agree, so only the Host header tells the request apart. Anything but a configured host gets
  403 and a short page.
- **Size**: a link up to ``MAX_URL_BYTES`` opens the app (the app says what it ignored); a
  longer one gets 414 and a page saying what to do; headers beyond ``MAX_HEADER_BYTES`` get
  431. Tornado stops reading a request whose head is longer than ``READ_HEADER_BYTES`` and
  closes the connection without an answer: nothing can answer it.
"""

from __future__ import annotations

import html
import logging
import re
import time
from dataclasses import dataclass
from urllib.parse import unquote_plus

from tornado import httputil

from model.lang import language, text

log = logging.getLogger("nnshape")

#: The longest link (path and query) that opens the app. The app's own state needs ~2 KB for
#: 64 neurons; 32 KB leaves room for anything a person pastes.
MAX_URL_BYTES = 32 * 1024
#: The request's other headers, together. A page's websocket sends its session token in one
#: header, and a token carries the page's query (compressed), so this is well above the URL's
#: limit.
MAX_HEADER_BYTES = 128 * 1024
#: Where tornado gives up reading a request's head and closes the connection unanswered
#: (tornado's ``max_header_size``; its default is 64 KB). Past the two limits above, so that
#: a long link or a large header gets a page saying so rather than a reset connection.
READ_HEADER_BYTES = 256 * 1024
#: Query parameters tornado parses (its default refuses more than 1,000 with an empty 400).
#: A link of ``MAX_URL_BYTES`` holds at most this many ("a&a&…"); the app reads a handful.
MAX_QUERY_FIELDS = MAX_URL_BYTES // 2 + 1

#: The hosts every server answers to, on its own port.
LOOPBACK = ("127.0.0.1", "localhost")

_LABEL = r"[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?"
#: A host name (labels of letters, digits and hyphens), an IPv4 address, or [an IPv6 one].
_NAME = re.compile(rf"^(\[[0-9a-f:.]+\]|{_LABEL}(\.{_LABEL})*)$")


def parse_host(text: str) -> tuple[str, int | None]:
    """``NAME`` or ``NAME:PORT`` (an IPv6 address in brackets) as (lower-case name, port).

    Raises ``ValueError`` with a sentence saying what is wrong.
    """
    name, port = httputil.split_host_and_port(text.strip().lower())
    if not _NAME.match(name):
        raise ValueError(f"{text[:80]!r} is not a host name or address")
    if port is not None and not 1 <= port <= 65535:
        raise ValueError(f"{text[:80]!r}: the port must be 1 to 65535")
    return name, port


@dataclass(frozen=True)
class Hosts:
    """The names this server answers to.

    A name given without a port matches a ``Host`` header without one (a proxy in front, on
    the scheme's own port) and one with the server's port (a browser straight at the server);
    a name given with a port matches exactly that.
    """

    port: int
    allowed: frozenset[tuple[str, int | None]]

    @classmethod
    def of(cls, port: int, extra: list[str] | tuple[str, ...] = ()) -> Hosts:
        entries = {(name, None) for name in LOOPBACK}
        entries |= {parse_host(text) for text in extra}
        return cls(port, frozenset(entries))

    def allows(self, header: str | None) -> bool:
        if not header:
            return False
        try:
            name, port = parse_host(header)
        except ValueError:
            return False
        if (name, port) in self.allowed:
            return True
        return (name, None) in self.allowed and port in (None, self.port)

    def origins(self) -> list[str]:
        """The same names as Bokeh's websocket origin allowlist (``host:port``; Bokeh reads a
        bare ``host`` as port 80, and an ``https://host`` origin the same way)."""
        out = []
        for name, port in sorted(self.allowed, key=str):
            out += [f"{name}:{port}"] if port is not None else [f"{name}:{self.port}", name]
        return out

    def describe(self) -> str:
        return ", ".join(
            f"{name}:{port}" if port is not None else name
            for name, port in sorted(self.allowed, key=str)
        )


# -- short pages ----------------------------------------------------------------------------

REASONS = {
    403: "Forbidden",
    404: "Not Found",
    414: "URI Too Long",
    429: "Too Many Requests",
    431: "Request Header Fields Too Large",
    503: "Service Unavailable",
}


def language_of(path: str) -> str:
    """The language a request's link asks for (its last ``lang=`` value, as the app reads a
    repeated one), if it names one of ours; else the default. Read without parsing the rest of
    a query that may be refused for its size."""
    values = _LANG.findall(path.partition("#")[0].partition("?")[2])
    return language(unquote_plus(values[-1]) if values else None)


_LANG = re.compile(r"(?:^|[&;])lang=([^&;]*)")


def page(
    title: str,
    *paragraphs: str,
    link: tuple[str, str] | None = None,
    retry: int = 0,
    lang: str = "en",
):
    """A short HTML page: a heading, plain paragraphs (escaped), maybe a link, maybe a retry,
    in the language ``lang`` (its ``<html lang>``; the words are the caller's, from the
    catalogue).

    ``retry`` > 0 reloads the page after that many seconds (the same wait as ``Retry-After``).
    """
    head = '<meta charset="utf-8"><meta name="viewport" content="width=device-width">'
    if retry:
        head += f'<meta http-equiv="refresh" content="{int(retry)}">'
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    if link is not None:
        href, text = link
        body += f'<p><a href="{html.escape(href, quote=True)}">{html.escape(text)}</a></p>'
    return (
        f'<!DOCTYPE html>\n<html lang="{language(lang)}"><head>{head}<title>'
        f"{html.escape(title)} · nnshape"
        f'</title></head>\n<body style="font-family: sans-serif; max-width: 40em; margin: 3em '
        f'auto; padding: 0 1em"><h1>{html.escape(title)}</h1>{body}</body></html>\n'
    ).encode()


@dataclass(frozen=True)
class Refusal:
    """An answer the app never sees: status, page, and how long to wait before trying again."""

    status: int
    body: bytes
    retry: int = 0

    def headers(self) -> httputil.HTTPHeaders:
        headers = httputil.HTTPHeaders(
            {
                "Content-Type": "text/html; charset=UTF-8",
                "Content-Length": str(len(self.body)),
                "Cache-Control": "no-store",
            }
        )
        if self.retry:
            headers["Retry-After"] = str(self.retry)
        return headers


def wrong_host(host: str | None, hosts: Hosts, lang: str = "en") -> Refusal:
    shown = (host or "(none)")[:100]
    return Refusal(
        403,
        page(
            text("ui.server.wrong_host", lang),
            text("ui.server.wrong_host_text", lang, host=shown),
            text("ui.server.wrong_host_fix", lang, name=shown.split(":")[0] if host else "NAME"),
            lang=lang,
        ),
    )


def link_too_long(length: int, lang: str = "en") -> Refusal:
    return Refusal(
        414,
        page(
            text("ui.server.too_long", lang),
            text("ui.server.too_long_text", lang, length=f"{length:,}", limit=f"{MAX_URL_BYTES:,}"),
            link=(
                "/" + (f"?lang={lang}" if lang != "en" else ""),
                text("ui.server.too_long_link", lang),
            ),
            lang=lang,
        ),
    )


def headers_too_large(size: int, lang: str = "en") -> Refusal:
    return Refusal(
        431,
        page(
            text("ui.server.too_large", lang),
            text("ui.server.too_large_text", lang, size=f"{size:,}", limit=f"{MAX_HEADER_BYTES:,}"),
            link=("/" + (f"?lang={lang}" if lang != "en" else ""), text("ui.server.open", lang)),
            lang=lang,
        ),
    )


def refuse(connection, refusal: Refusal, method: str) -> None:
    """Answer ``refusal`` on tornado's ``connection`` and finish the exchange."""
    start = httputil.ResponseStartLine("HTTP/1.1", refusal.status, REASONS[refusal.status])
    body = None if method == "HEAD" else refusal.body
    connection.write_headers(start, refusal.headers(), body)
    connection.finish()


def check(start_line, headers: httputil.HTTPHeaders, hosts: Hosts) -> Refusal | None:
    """Why this request must not go further, or None (said in the language its link asks
    for)."""
    size = sum(len(k) + len(v) + 4 for k, v in headers.get_all())
    lang = language_of(start_line.path)
    if size > MAX_HEADER_BYTES:
        return headers_too_large(size, lang)
    host = headers.get("Host")
    if not hosts.allows(host):
        return wrong_host(host, hosts, lang)
    if len(start_line.path) > MAX_URL_BYTES:
        return link_too_long(len(start_line.path), lang)
    return None


class Gate(httputil.HTTPServerConnectionDelegate):
    """Tornado's request delegate, in front of Bokeh's application."""

    def __init__(self, app: httputil.HTTPServerConnectionDelegate, hosts: Hosts):
        self.app = app
        self.hosts = hosts
        self._logged_at = -1e9
        self._unlogged = 0

    def note(self, what: str, status: int) -> None:
        """Log a refusal: one line a second at most, so that a flood cannot fill the disk."""
        now = time.monotonic()
        if now - self._logged_at < 1.0:
            self._unlogged += 1
            return
        more = f" (and {self._unlogged} more since the last line)" if self._unlogged else ""
        log.info("refused %s: %d %s%s", what, status, REASONS[status], more)
        self._logged_at, self._unlogged = now, 0

    def start_request(self, server_conn, request_conn) -> httputil.HTTPMessageDelegate:
        return _Checked(self, server_conn, request_conn)

    def on_close(self, server_conn) -> None:
        self.app.on_close(server_conn)


class _Checked(httputil.HTTPMessageDelegate):
    """One request: checked when its head has arrived, then handed to the app or refused."""

    def __init__(self, gate: Gate, server_conn, request_conn):
        self.gate = gate
        self.server_conn = server_conn
        self.connection = request_conn
        self.inner: httputil.HTTPMessageDelegate | None = None

    def headers_received(self, start_line, headers):
        refusal = check(start_line, headers, self.gate.hosts)
        if refusal is None:
            self.inner = self.gate.app.start_request(self.server_conn, self.connection)
            return self.inner.headers_received(start_line, headers)
        self.gate.note(f"{start_line.method} {start_line.path[:60]}…", refusal.status)
        refuse(self.connection, refusal, start_line.method)
        return None

    def data_received(self, chunk: bytes):
        return self.inner.data_received(chunk) if self.inner is not None else None

    def finish(self) -> None:
        if self.inner is not None:
            self.inner.finish()

    def on_connection_close(self) -> None:
        if self.inner is not None:
            self.inner.on_connection_close()


def parse_long_queries() -> None:
    """Let tornado parse every query a link of ``MAX_URL_BYTES`` can hold (process-wide).

    Tornado 6.5.5+ refuses a query of more than 1,000 parameters with an empty 400; the app
    reads a handful of them and says which others it ignored.
    """
    if not hasattr(httputil, "set_parse_body_config"):  # an older tornado, with no such limit
        return
    urlencoded = httputil.ParseUrlEncodedConfig(max_arguments=MAX_QUERY_FIELDS)
    httputil.set_parse_body_config(httputil.ParseBodyConfig(urlencoded=urlencoded))
