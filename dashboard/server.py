"""Building the page for one browser session, and serving it."""

from __future__ import annotations

import holoviews as hv
import panel as pn

from .playground import FREE, Playground, known_figure

#: The figure a session opens when its URL names none; ``nnshape serve --figure`` changes it.
DEFAULT_FIGURE = FREE
MAX_ARG_LENGTH = 64


def _extensions() -> None:
    hv.extension("bokeh", logo=False)
    pn.extension(notifications=False)


def session_figure(default: str = DEFAULT_FIGURE) -> tuple[str, str]:
    """The figure this session's URL asks for, and a notice if it asked for one we lack."""
    args = pn.state.session_args or {}
    values = args.get("figure") or []
    if not values:
        return default, ""
    raw = values[-1]
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    if known_figure(text):
        return text, ""
    shown = text if len(text) <= MAX_ARG_LENGTH else text[:MAX_ARG_LENGTH] + "…"
    return default, f"There is no figure {shown!r} in the article; showing the default instead."


def create_page(default: str = DEFAULT_FIGURE):
    """One session's page: a fresh Playground in the app's template."""
    _extensions()
    figure_id, notice = session_figure(default)
    playground = Playground(figure=figure_id)
    playground.notice = notice
    return playground.template()


def serve(figure: str = DEFAULT_FIGURE, port: int = 5006, show: bool = False, address="127.0.0.1"):
    """Serve the app at ``/`` on ``address`` (localhost unless told otherwise); blocks."""
    origins = [f"{host}:{port}" for host in ("127.0.0.1", "localhost")]
    if address not in ("127.0.0.1", "localhost"):
        origins.append(f"{address}:{port}")
    pn.serve(
        lambda: create_page(figure),
        port=port,
        address=address,
        websocket_origin=origins,
        show=show,
        title="nnshape",
        print_url=True,
    )
