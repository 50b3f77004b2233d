"""The dashboard's views, rendered to real Bokeh models (no browser): data equal the model's."""

import inspect

import holoviews as hv
import numpy as np
import panel as pn
import pytest
from bokeh.models import GlyphRenderer

from dashboard import Playground
from dashboard.diagram import diagram_svg
from dashboard.formula import formula_text
from model.article import FIGURES, PRESETS, figure

hv.extension("bokeh", logo=False)


def render(playground):
    """Render the playground as a browser session would get it; returns the Bokeh root."""
    return playground.__panel__().get_root()


def plotted(root):
    """Curve key -> (x, y, visible) for every curve in the rendered document."""
    out = {}
    for r in root.select({"type": GlyphRenderer}):
        if r.name:
            data = r.data_source.data
            ycol = next(k for k in data if k != "x")
            out[r.name] = (np.asarray(data["x"]), np.asarray(data[ycol]), r.visible)
    return out


def assert_matches_model(root, net):
    c = net.curves()
    got = plotted(root)
    expected = {f"n{i}": y for i, y in enumerate(c["neurons"])}
    expected["sum"] = c["sum"]
    expected["sum2"] = c["sum"]
    keys = set(expected) | ({"deep"} if c["deep"] is not None else set())
    assert keys <= set(got), f"missing curves: {keys - set(got)}"
    assert len([k for k in got if k.startswith("n")]) == len(c["neurons"])
    if c["deep"] is not None:
        expected["deep"] = c["deep"]
    for key, y in expected.items():
        x_plot, y_plot, _ = got[key]
        np.testing.assert_array_equal(x_plot, c["x"])
        np.testing.assert_array_equal(y_plot, y)


@pytest.mark.parametrize("figure_id", list(FIGURES))
def test_every_figure_plots_exactly_the_models_curves(figure_id):
    pg = Playground.from_figure(figure_id)
    root = render(pg)
    assert_matches_model(root, figure(figure_id))
    fig = FIGURES[figure_id]
    got = plotted(root)
    assert got["n0"][2] == ("neurons" in fig.shows)
    assert got["sum"][2] == ("sum" in fig.shows)
    assert got["deep"][2] == ("deep" in fig.shows)


def test_editing_the_model_updates_the_same_sources_in_place():
    pg = Playground.from_figure("nn11")
    root = render(pg)
    sources = {k: r.data_source for k, r in _renderers(root).items()}
    pg.network.neurons[1].weight = -0.75
    assert_matches_model(root, pg.network)
    assert {k: r.data_source for k, r in _renderers(root).items()} == sources
    pg.network.second.bias = 0.5
    pg.network.activation = "mish"
    assert_matches_model(root, pg.network)


def test_only_changed_curves_are_sent():
    pg = Playground.from_figure("nn9")
    root = render(pg)
    rs = _renderers(root)
    before = {k: id(r.data_source.data["y1" if k.startswith("n") or k == "sum" else "y2"])
              for k, r in rs.items()}  # fmt: skip
    pg.network.neurons[2].bias = 1.0
    after = {k: id(r.data_source.data["y1" if k.startswith("n") or k == "sum" else "y2"])
             for k, r in rs.items()}  # fmt: skip
    changed = {k for k in before if before[k] != after[k]}
    assert changed == {"n2", "sum", "sum2"}


def _renderers(root):
    return {r.name: r for r in root.select({"type": GlyphRenderer}) if r.name}


def test_adding_and_removing_neurons_adds_and_removes_curves():
    pg = Playground.from_figure("nn8")
    pg.__panel__()
    pane = pg.plots.pane
    root = pane.get_root()
    assert len([k for k in plotted(root) if k.startswith("n")]) == 2
    pg.add_button.clicks += 1
    root = pane.get_root()
    assert len(pg.network.neurons) == 3
    assert len([k for k in plotted(root) if k.startswith("n")]) == 3
    assert_matches_model(root, pg.network)
    pg._cards[id(pg.network.neurons[0])].remove.clicks += 1
    root = pane.get_root()
    assert [n.weight for n in pg.network.neurons] == [0.5, 1.0]
    assert len([k for k in plotted(root) if k.startswith("n")]) == 2
    assert_matches_model(root, pg.network)


def test_switching_figures_reconfigures_everything():
    pg = Playground.from_figure("nn6")
    root = render(pg)
    pg.figure_select.value = "nn15"
    assert pg.network.activation == "relu"
    assert pg.network.second.enabled
    root = pg.plots.pane.get_root()
    assert_matches_model(root, figure("nn15"))


def test_activation_widget_recomputes_every_curve():
    pg = Playground.from_figure("nn13")
    root = render(pg)
    pg.activation.value = "sigmoid"
    assert pg.network.activation == "sigmoid"
    assert_matches_model(root, pg.network)


def test_weight_widget_writes_the_model():
    pg = Playground.from_figure("nn9")
    card = pg._cards[id(pg.network.neurons[0])]
    card.weight.value = 3.3
    assert pg.network.neurons[0].weight == 3.3
    pg.network.neurons[0].bias = 1.25
    assert card.bias.value == 1.25


def test_widget_ranges_come_from_the_model_parameters():
    pg = Playground.from_figure("nn9")
    card = pg._cards[id(pg.network.neurons[0])]
    p = pg.network.neurons[0].param.weight
    assert (card.weight.start, card.weight.end) == p.softbounds
    assert (card.weight.fixed_start, card.weight.fixed_end) == p.bounds


def test_hiding_a_curve_hides_its_renderer():
    pg = Playground.from_figure("nn9")
    root = render(pg)
    pg._cards[id(pg.network.neurons[1])].shown = False
    assert pg.view.hidden == [1]
    pg.view.show_sum = False
    got = plotted(root)
    assert not got["n1"][2] and got["n0"][2]
    assert not got["sum"][2] and not got["sum2"][2]


def test_y_limits_start_at_the_figures_and_can_be_automatic():
    pg = Playground.from_figure("nn12")
    root = render(pg)
    figs = _figures(root)
    assert (figs["hidden-plot"].y_range.start, figs["hidden-plot"].y_range.end) == (-0.1, 15.0)
    pg.view.y_auto = True
    c = pg.network.curves()
    top = max(float(np.max(y)) for y in [*c["neurons"], c["sum"]])
    bottom = min(float(np.min(y)) for y in [*c["neurons"], c["sum"]])
    pad = 0.05 * (top - bottom)
    y_range = figs["hidden-plot"].y_range
    assert (y_range.start, y_range.end) == pytest.approx((bottom - pad, top + pad))
    pg.view.y_auto = False
    assert (y_range.start, y_range.end) == (-0.1, 15.0)


def _figures(root):
    from bokeh.plotting import figure as bk_figure

    return {f.name: f for f in root.select({"type": bk_figure}) if f.name}


def test_x_axes_are_linked_and_y_axes_are_not():
    pg = Playground.from_figure("nn11")
    figs = _figures(render(pg))
    a, b = figs["hidden-plot"], figs["second-plot"]
    assert a.x_range is b.x_range
    assert a.y_range is not b.y_range


def test_two_playgrounds_share_nothing():
    a, b = Playground.from_figure("nn9"), Playground.from_figure("nn9")
    ra, rb = render(a), render(b)
    a.network.neurons[0].weight = -4.0
    assert_matches_model(rb, figure("nn9"))
    assert_matches_model(ra, a.network)


def test_formula_and_diagram_follow_the_network():
    pg = Playground.from_figure("nn10")
    assert "σ(−2.0·x − (−4.0))" in formula_text(pg.network)
    pg.network.neurons[2].weight = 1.5
    assert "σ(1.5·x − (−4.0))" in pg.formula.object
    assert pg.diagram.object == diagram_svg(pg.network)
    pg.network.second.enabled = True
    assert "y = σ(1.0·s)" in formula_text(pg.network)


def test_diagram_draws_every_node_and_edge_in_its_colour():
    net = figure("nn15")
    svg = diagram_svg(net)
    for colour in ("#ff0000", "#0000ff", "#ffa500", "#008000", "#000000"):
        assert f'fill="{colour}"' in svg
    assert svg.count("stroke-dasharray") == 2  # the orange neuron's -0.5 and w2 = -1


def test_unknown_figure_is_refused_clearly():
    with pytest.raises(KeyError, match="figure must be one of free, nn6,"):
        Playground.from_figure("nn14")


def test_playground_is_a_panel_viewer():
    pg = Playground.from_figure("nn9")
    assert isinstance(pg, pn.viewable.Viewer)
    assert isinstance(pg.template(), pn.template.BaseTemplate)


def test_a_large_layer_edits_one_neuron_at_a_time():
    pg = Playground.from_figure("nn9")
    render(pg)
    for _ in range(7):
        pg.add_button.clicks += 1
    assert len(pg.network.neurons) == 10
    assert pg.neuron_picker.visible
    assert len(pg.cards.objects) == 1
    assert pg.neuron_picker.value == 9  # the newest neuron is the one being edited
    pg.neuron_picker.value = 4
    card = pg._cards[id(pg.network.neurons[4])]
    assert pg.cards.objects == [card.view]
    card.weight.value = -2.5
    assert pg.network.neurons[4].weight == -2.5
    card.shown = False
    assert not plotted(pg.plots.pane.get_root())["n4"][2]
    pg.network.hidden.remove_neuron(9)
    pg.network.hidden.remove_neuron(8)
    assert not pg.neuron_picker.visible
    assert len(pg.cards.objects) == 8


def test_saving_and_opening_json_round_trips_the_whole_state():
    a = Playground.from_figure("nn15")
    a.network.neurons[2].bias = 0.25
    a.view.show_sum = False
    text = a.to_json()
    b = Playground.from_figure("nn6")
    root = render(b)
    assert b.open_document(text.encode(), "'mine.json'")
    assert b.to_json() == text
    assert_matches_model(root, a.network)
    assert not plotted(root)["sum"][2]
    assert "Opened 'mine.json'." in b.file_notices.text


@pytest.mark.parametrize(
    "bad",
    [b"{", b'{"schema": "nnshape.network", "version": 99}', b"[" * 100_000, b" " * 2_000_000,
     b'{"activation": "relu", "neurons": [[NaN, 0]], "second": null, "grid": [-5, 5, 0.1]}'],
    ids=["malformed", "future", "nested", "huge", "nan"],
)  # fmt: skip
def test_opening_a_bad_document_says_why_and_changes_nothing(bad):
    pg = Playground.from_figure("nn9")
    before = pg.to_json()
    assert not pg.open_document(bad, "'bad.json'")
    assert pg.file_notices.text.startswith("Did not open 'bad.json': ")
    assert pg.to_json() == before


def test_release_lets_a_finished_session_be_collected():
    import gc
    import weakref

    from panel.links import Callback

    pg = Playground.from_figure("nn11")
    pg.template(permalink=True)
    pg.figure_select.value = "nn9"  # retires the first cards
    held = [s._value_edit for s in (pg.w2, pg.b2)]
    assert all(source in Callback.registry for source in held)
    ref = weakref.ref(pg)
    pg.release()
    assert not any(source in Callback.registry for source in held)
    del pg, held
    gc.collect()
    assert ref() is None, "something still holds the playground of a finished session"


def test_a_page_renders_its_plots_once(monkeypatch):
    from dashboard.plots import CurvePlots
    from model.view import View

    renders = []
    original = CurvePlots.render
    monkeypatch.setattr(CurvePlots, "render", lambda self: renders.append(1) or original(self))
    Playground.from_state(figure("nn11"), View.for_figure("nn11", 3))
    assert len(renders) == 1
    renders.clear()
    Playground.from_figure("nn12")
    assert len(renders) == 1


def test_a_served_session_gets_its_whole_page_in_its_own_document():
    from bokeh.document import Document
    from panel.io.state import set_curdoc

    from dashboard.server import _forget_fake_roots, build_session

    doc = Document()
    with set_curdoc(doc):
        build_session("nn11")
    assert doc.title == "nnshape"
    curves = {m.name for m in doc.models if isinstance(m, GlyphRenderer)}
    assert {"n0", "n1", "n2", "sum", "sum2", "deep"} <= curves
    assert not any(doc in docs for _server, _panel, docs in pn.state._servers.values())
    fake = [ref for ref in pn.state._fake_roots if pn.state._views.get(ref, (0, 0, 0))[2] is doc]
    assert fake  # Panel's, for the template's root: dropped when the session ends
    for callback in list(doc.session_destroyed_callbacks):
        if getattr(callback, "func", None) is _forget_fake_roots:
            callback(None)
    assert not any(ref in pn.state._fake_roots for ref in fake)
    assert doc.callbacks._event_callbacks.get("document_ready")  # then: TCP_NODELAY


def test_a_ready_page_s_socket_sends_each_frame_at_once():
    from types import SimpleNamespace

    from bokeh.server.connection import ServerConnection
    from bokeh.server.session import ServerSession
    from tornado.websocket import WebSocketHandler

    from dashboard.server import _send_at_once

    calls = []
    socket = SimpleNamespace(set_nodelay=calls.append)
    session = SimpleNamespace(_subscribed_connections=[SimpleNamespace(_socket=socket)])
    _send_at_once(SimpleNamespace(session_context=SimpleNamespace(_session=session)))
    assert calls == [True]
    _send_at_once(SimpleNamespace(session_context=None))  # not served: nothing to do
    # The internals it goes through (Bokeh's session and connection, tornado's handler):
    assert "self._subscribed_connections" in inspect.getsource(ServerSession.__init__)
    assert "self._socket = socket" in inspect.getsource(ServerConnection.__init__)
    assert callable(WebSocketHandler.set_nodelay)


@pytest.mark.parametrize("figure_id", ["free", *FIGURES])
def test_the_view_widgets_show_the_view_of_each_figure(figure_id):
    pg = Playground.from_figure(figure_id)
    fig = PRESETS[figure_id]
    assert pg.sum_check.value is pg.view.show_sum is ("sum" in fig.shows)
    assert pg.deep_check.value is pg.view.show_deep is ("deep" in fig.shows)
    assert pg.y_auto_check.value is pg.view.y_auto is (fig.ylim is None)
    assert pg.figure_select.value == figure_id
    # Switching figures from the menu brings the next figure's view into every widget.
    other = "nn6" if figure_id != "nn6" else "nn13"
    pg.figure_select.value = other
    assert pg.sum_check.value is pg.view.show_sum is ("sum" in PRESETS[other].shows)
    assert pg.deep_check.value is pg.view.show_deep is ("deep" in PRESETS[other].shows)


def test_hidden_curves_follow_their_neurons_when_one_is_removed():
    pg = Playground.from_figure("nn9")
    pg._cards[id(pg.network.neurons[2])].shown = False
    assert pg.view.hidden == [2]
    pg._cards[id(pg.network.neurons[0])].remove.clicks += 1
    assert pg.view.hidden == [1]  # the same (orange) neuron, now second
    assert not pg._cards[id(pg.network.neurons[1])].shown
    assert "hide=1" in pg.query_string()
