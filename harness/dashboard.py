"""A ``Playground`` as a browser session gets it, without a browser: its rendered plots and the
``NetState`` the page draws from, and the check that this state is the model's."""

from __future__ import annotations


def render(pg):
    """The plots as one browser session would get them; returns (layout, its NetState)."""
    from bokeh.document import Document
    from bokeh.models import Column

    root = pg.plots.get_root(Document())
    layout = next(m for m in root.select({"type": Column}) if m.tags)
    return layout, layout.tags[0]


def assert_state_is_model(state, pg) -> None:
    """The page's ``NetState`` holds exactly what the playground's network and view say."""
    from dashboard.plots import state_values

    want = state_values(pg.network, pg.view, pg._selected())
    got = {key: getattr(state, key) for key in want}
    got["ylim"] = None if got["ylim"] is None else tuple(got["ylim"])
    assert got == want
