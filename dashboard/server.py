"""Building the page for one browser session, and serving it."""

from __future__ import annotations

import logging

import holoviews as hv
import panel as pn

from .playground import FREE, Playground, known_figure

#: The figure a session opens when its URL names none; ``nnshape serve --figure`` changes it.
DEFAULT_FIGURE = FREE
MAX_ARG_LENGTH = 64


log = logging.getLogger("nnshape")


def _report(error: Exception) -> None:
    """Panel's exception handler: log the details, tell the learner in one plain sentence."""
    log.exception("error in a session callback", exc_info=error)
    if pn.state.notifications is not None:
        pn.state.notifications.warning(f"Not applied: {error}", duration=6000)


def _extensions() -> None:
    hv.extension("bokeh", logo=False)
    pn.extension(notifications=True, exception_handler=_report)


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
    """One session's page: a fresh Playground in the app's template.

    Whatever goes wrong while building it, the learner gets a page that says so in words,
    never a traceback or a blank page; the details go to the server's log.
    """
    _extensions()
    try:
        figure_id, notice = session_figure(default)
        playground = Playground(figure=figure_id)
        playground.notice = notice
        return playground.template()
    except Exception:
        log.exception("could not build the page")
        return pn.pane.Alert(
            "Sorry: nnshape could not build this page. Reload to try again; if it keeps "
            "happening, the server's log has the details.",
            alert_type="danger",
        )


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
