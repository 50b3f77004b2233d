"""How a network is shown (``model.view``): the view each figure opens with, a bad view refused
by both codecs, fitting the y-axis when the figure's limits would hide a curve (``View.fit``),
and a reaction to a change as one undo step with it (``History.reaction``)."""

import pytest

from model import StateError, to_json, to_query
from model.article import FREE, figure
from model.history import History, State
from model.state import default_view
from model.view import View


def test_default_views():
    assert default_view(FREE) == {
        "figure": FREE,
        "ylim": None,
        "y_auto": True,
        "hidden": [],
        "show_sum": True,
        "show_deep": True,
        "safe_colors": False,
        "slope": False,
        "lang": "en",
    }
    assert default_view("nn16")["ylim"] is None and default_view("nn16")["y_auto"] is True
    assert default_view("nn13", 5)["hidden"] == [0, 1, 2, 3, 4]
    with pytest.raises(ValueError, match=r"figure must be one of free, nn6, .*, not 'nn14'"):
        default_view("nn14")


def test_to_json_and_to_query_refuse_a_bad_view():
    net = figure("nn9")
    for bad, match in [
        ({"zoom": 2}, r"view\.zoom is not a view setting"),
        ({"hidden": [3]}, r"view\.hidden\[0\] must be a neuron index from 0 to 2, not 3"),
        ({"ylim": (2, 1)}, r"view\.ylim low must be less than high"),
        ({"figure": "nn99"}, r"view\.figure must be"),
        ({"lang": "fr"}, r"view\.lang must be one of en, ja, not 'fr'"),
        ({"lang": ["ja"]}, r"view\.lang must be one of en, ja"),
    ]:
        with pytest.raises(StateError, match=match):
            to_json(net, bad)
        with pytest.raises(StateError, match=match):
            to_query(net, bad)


def test_fit_turns_on_auto_y_only_for_newly_hidden_curves():
    network = figure("nn10")
    view = View.for_figure("nn10", 3)
    assert view.fit(network) == [] and not view.y_auto  # the figure shows its curves
    network.activation = "relu"
    hidden = view.clipped(network)
    assert "sum" in hidden
    assert view.fit(network, accepted=hidden) == [] and not view.y_auto  # seen and kept
    assert view.fit(network) == hidden and view.y_auto
    assert view.clipped(network) == []


def test_a_reaction_is_part_of_the_change_it_reacts_to():
    network, view = figure("nn9"), View.for_figure("nn9", 3)
    history = History(network, view, defer=None)
    before = State.of(network, view)

    def load(event):
        if history.applying:  # undo puts the figure back with its own network
            return
        with history.reaction():
            network.configure(**figure(event.new).spec())
            view.update_from(View.for_figure(event.new, len(network.neurons)))

    view.param.watch(load, "figure")
    view.figure = "nn12"
    assert network.activation == "relu"
    assert history.undo()
    assert State.of(network, view) == before and not history.can_undo


def test_the_slope_view_is_optional_in_documents_and_links():
    """Off in every figure and left out where it is off, so old documents and links (and
    older readers of new ones) see nothing new; on, both carry it and read it back."""
    import json

    from model import Network
    from model.document import load_json, to_json
    from model.permalink import from_query, to_query

    net = Network()
    view = View.for_figure("nn9", 1)
    assert view.slope is False
    assert "slope" not in json.loads(to_json(net, view))["view"]
    assert "slope" not in to_query(net, view)
    view.slope = True
    doc = to_json(net, view)
    assert json.loads(doc)["view"]["slope"] is True
    assert load_json(doc).view.slope is True
    query = to_query(net, view)
    assert query["slope"] == "on"
    assert from_query({k: [v.encode()] for k, v in query.items()}).view.slope is True
    old = json.loads(doc)
    del old["view"]["slope"]
    assert load_json(json.dumps(old)).view.slope is False
