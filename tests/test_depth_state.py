"""The depth explorer's state in a playground's link and in its Undo (``model.permalink``'s
``depth``/``dlayers``, ``model.history`` with an explorer)."""

from urllib.parse import parse_qs

from dashboard.playground import Playground
from model.permalink import from_query


def test_the_link_and_undo_hold_the_depth_explorer():
    pg = Playground.from_figure("nn11")
    explorer = pg.depth.explorer
    assert "depth=" not in pg.query_string()  # a new explorer's state is no part of the link
    explorer.shown = True
    explorer.weight = 2.5
    explorer.set_layer(3, -1.5, 0.25)
    query = pg.query_string()
    assert "depth=on_5_2.5_0" in query and "dlayers=3_-1.5_0.25" in query

    assert from_query(parse_qs(query[1:])).depth.to_dict() == explorer.to_dict()
    assert pg.undo() and explorer.own == {} and explorer.weight == 2.5
    assert pg.undo() and explorer.weight == 1.0 and explorer.shown
    assert pg.undo() and not explorer.shown
    assert "depth=" not in pg.query_string()
    assert pg.redo() and pg.redo() and explorer.weight == 2.5
    assert "depth=on_5_2.5_0" in pg.query_string()


def test_a_document_or_link_opens_the_explorer_as_it_was_and_undo_stops_there():
    pg = Playground.from_figure("nn11")
    state = from_query({"figure": ["nn11"], "depth": ["on_9_1.5_-0.5"]})
    pg.depth.apply(state.depth)
    pg.history.clear()  # as the server does for the link it opens (dashboard.server)
    assert pg.depth.toggle.value and pg.depth.depth_slider.value == 9
    assert pg.depth.weight_slider.value == 1.5 and not pg.history.can_undo
