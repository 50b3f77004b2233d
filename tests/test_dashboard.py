"""The dashboard's views without a browser: what each rendering is told to draw, and when.

(Over 300 lines on purpose: the dashboard's own behaviours without a browser; its edits and
files are in test_dashboard_edits.py and test_dashboard_files.py.)

The page computes the curves (tests/ui check them in Chromium against the oracle); here, the
server side: each rendering's NetState equals the model and the view, changes made in Python
reach it, changes made by a widget (already drawn in the page) are not echoed back, and the
controls edit the model. Edits and going back: ``test_dashboard_edits.py``; saving and opening
a file: ``test_dashboard_files.py``.
"""

import gc
import weakref

import panel as pn
import pytest
from bokeh.document import Document
from bokeh.models import GlyphRenderer

from dashboard import Playground
from dashboard.controls import on_step
from dashboard.diagram import diagram_svg
from dashboard.formula import formula_text
from dashboard.plots import LEGEND_NEURONS, NetState, neuron_id
from harness.dashboard import assert_state_is_model, render
from model.article import FIGURES, PRESETS, figure
from model.view import View


@pytest.mark.parametrize("figure_id", list(PRESETS))
def test_each_figure_renders_the_models_state_for_the_page_to_draw(figure_id):
    pg = Playground.from_figure(figure_id)
    layout, state = render(pg)
    assert isinstance(state, NetState)
    assert_state_is_model(state, pg)
    net = figure(figure_id) if figure_id != "free" else pg.network
    assert state.weights == [n.weight for n in net.neurons]
    fig = PRESETS[figure_id]
    assert state.shown == ["neurons" in fig.shows] * len(net.neurons)
    assert state.show_sum == ("sum" in fig.shows) and state.second_enabled == (
        fig.second is not None
    )
    names = {r.name for r in layout.select({"type": GlyphRenderer})}
    assert {"neurons", "sum", "deep"} <= names
    # Nothing the page computes is ever sent back to the server.
    for model in layout.select({"type": GlyphRenderer}):
        assert not model.syncable and not model.data_source.syncable
    assert not state.syncable


def test_changes_made_in_python_reach_every_rendering():
    pg = Playground.from_figure("nn11")
    (_, a), (_, b) = render(pg), render(pg)
    pg.network.neurons[1].weight = -0.75
    pg.network.second.bias = 0.5
    pg.network.activation = "mish"
    pg.view.ylim = (0.0, 3.0)
    for state in (a, b):
        assert_state_is_model(state, pg)
        assert state.weights[1] == -0.75 and state.activation == "mish"


def test_a_change_from_a_widget_is_not_sent_back_to_the_page_that_drew_it():
    pg = Playground.from_figure("nn9")
    _, state = render(pg)
    card = pg._cards[id(pg.network.neurons[0])]
    card.weight.slider.value = 1.7000000000000002  # as the browser's steps add up
    assert pg.network.neurons[0].weight == 1.7  # the step's decimal
    assert state.weights[0] == 2.0  # the page has its own value already: no echo
    card.weight.box.value = "3.25"  # typed: the server is the one that knows
    assert pg.network.neurons[0].weight == 3.25
    assert state.weights[0] == 3.25


def test_a_typed_value_beyond_the_bounds_is_explained_next_to_its_box():
    pg = Playground.from_figure("nn9")
    card = pg._cards[id(pg.network.neurons[0])]
    card.weight.box.value = "1e7"
    assert pg.network.neurons[0].weight == 2.0
    assert card.weight.box.value == "2"  # the box shows the model's value again
    assert card.weight.message.visible
    assert "must lie between -1000000 and 1000000" in card.weight.message.object
    card.weight.box.value = "abc"
    assert "&#x27;abc&#x27; is not a number" in card.weight.message.object  # shown as text
    card.weight.box.value = "−2.5"  # a real minus sign, as the formula writes it
    assert pg.network.neurons[0].weight == -2.5 and not card.weight.message.visible
    assert card.weight.slider.value == -2.5


def test_a_typed_value_beyond_the_slider_widens_it():
    pg = Playground.from_figure("nn9")
    card = pg._cards[id(pg.network.neurons[0])]
    card.weight.box.value = "25"
    assert (card.weight.slider.start, card.weight.slider.end) == (-10.0, 25.0)
    assert card.weight.slider.value == 25.0


@pytest.mark.parametrize(
    ("value", "step", "want"),
    [(1.1000000000000001, 0.1, 1.1), (0.5999999999999996, 0.1, 0.6), (1.23456, 0.1, 1.23456),
     (-0.30000000000000004, 0.1, -0.3), (2.0, 0.5, 2.0)],
)  # fmt: skip
def test_a_slider_step_is_its_decimal(value, step, want):
    assert on_step(value, step) == want


def test_adding_and_removing_neurons_updates_the_state_and_keeps_the_legend():
    """The legend's entries are made once, one per neuron up to LEGEND_NEURONS, and shown by
    the page (tests/ui/test_view.py): a neuron added or removed never gives it a new list,
    which would make Bokeh walk every model of the document again."""
    pg = Playground.from_figure("nn8")
    layout, state = render(pg)
    legend = next(c for c in layout.children if c.name == "hidden").right[0]
    items = list(legend.items)
    names = ["sum", *(f"neuron {i + 1}" for i in range(LEGEND_NEURONS)), "target", "target"]
    assert [i.label.value for i in items] == names
    assert [i.index for i in items[1 : LEGEND_NEURONS + 1]] == list(range(LEGEND_NEURONS))
    pg.add_button.clicks += 1
    assert len(pg.network.neurons) == 3 and len(state.ids) == 3
    pg._cards[id(pg.network.neurons[0])].remove.clicks += 1
    assert [n.weight for n in pg.network.neurons] == [0.5, 1.0]
    assert_state_is_model(state, pg)
    assert legend.items == items


def test_switching_figures_reconfigures_everything():
    pg = Playground.from_figure("nn6")
    _, state = render(pg)
    pg.figure_select.value = "nn15"
    assert pg.network.activation == "relu" and pg.network.second.enabled
    assert_state_is_model(state, pg)
    assert state.ids == [neuron_id(n) for n in pg.network.neurons]


def test_activation_widget_sets_the_model():
    pg = Playground.from_figure("nn13")
    pg.activation.value = "sigmoid"
    assert pg.network.activation == "sigmoid"
    pg.network.activation = "tanh"
    assert pg.activation.value == "tanh"


def test_widget_ranges_come_from_the_model_parameters():
    pg = Playground.from_figure("nn9")
    card = pg._cards[id(pg.network.neurons[0])]
    p = pg.network.neurons[0].param.weight
    assert (card.weight.slider.start, card.weight.slider.end) == p.softbounds
    assert card.weight.slider.step == p.step


def test_hiding_a_curve_is_a_view_change():
    pg = Playground.from_figure("nn9")
    _, state = render(pg)
    pg._cards[id(pg.network.neurons[1])].show.value = False  # from the page: drawn there
    assert pg.view.hidden == [1]
    assert state.shown == [True, True, True]
    pg.view.hidden = [0, 2]  # from Python: sent
    assert state.shown == [False, True, False]
    assert not pg._cards[id(pg.network.neurons[0])].show.value


def test_y_limits_start_at_the_figures_and_can_be_automatic():
    pg = Playground.from_figure("nn12")
    _, state = render(pg)
    assert (tuple(state.ylim), state.y_auto) == ((-0.1, 15.0), False)
    pg.view.y_auto = True
    assert state.y_auto  # sent: a change from Python, not from the box
    free = Playground.from_figure("free")
    assert free.y_auto_check.disabled  # free play has no limits to go back to


def test_x_axes_are_linked_and_y_axes_are_not():
    layout, _ = render(Playground.from_figure("nn11"))
    _score, top, bottom, slope = layout.children
    assert top.x_range is bottom.x_range is slope.x_range
    assert len({id(top.y_range), id(bottom.y_range), id(slope.y_range)}) == 3
    assert not slope.visible  # the derivative view is off in every figure
    assert top.toolbar.active_scroll is None  # the wheel scrolls the page


def test_two_playgrounds_share_nothing():
    a, b = Playground.from_figure("nn9"), Playground.from_figure("nn9")
    (_, sa), (_, sb) = render(a), render(b)
    a.network.neurons[0].weight = -4.0
    assert sb.weights[0] == 2.0 and sa.weights[0] == -4.0


def test_formula_and_diagram_follow_the_network():
    pg = Playground.from_figure("nn10")
    assert "σ(−2.0·x − (−4.0))" in formula_text(pg.network)
    pg.network.neurons[2].weight = 1.5
    assert "σ(1.5·x − (−4.0))" in pg.formula.object
    assert pg.diagram.object == diagram_svg(pg.network)
    pg.network.second.enabled = True
    assert "y = σ(1.0·s)" in formula_text(pg.network)
    assert pg.view.show_deep  # switching the layer on is asking to see it


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
    _, state = render(pg)
    for _ in range(7):
        pg.add_button.clicks += 1
    assert len(pg.network.neurons) == 10
    assert pg.neuron_picker.visible and len(pg.cards.objects) == 1
    assert pg.neuron_picker.value == 9  # the newest neuron is the one being edited
    assert state.selected == 9  # and it is drawn wider
    pg.neuron_picker.value = 4
    card = pg._cards[id(pg.network.neurons[4])]
    assert pg.cards.objects == [card.view] and state.selected == 4
    card.weight.box.value = "-2.5"
    assert pg.network.neurons[4].weight == -2.5 and state.weights[4] == -2.5
    pg.network.hidden.remove_neuron(9)
    pg.network.hidden.remove_neuron(8)
    assert not pg.neuron_picker.visible and len(pg.cards.objects) == 8
    assert state.selected == -1


def test_release_lets_a_finished_session_be_collected():
    from panel.links import Callback

    pg = Playground.from_figure("nn11")
    pg.template(permalink=True)
    pg.figure_select.value = "nn9"  # retires the first cards
    held = [pg.w2.slider, pg.sum_check, pg.activation]
    assert all(source in Callback.registry for source in held)
    ref = weakref.ref(pg)
    pg.release()
    assert not any(source in Callback.registry for source in held)
    del pg, held
    gc.collect()
    assert ref() is None, "something still holds the playground of a finished session"


def test_a_served_session_gets_its_whole_page_in_its_own_document():
    from panel.io.state import set_curdoc

    from dashboard.server import _forget_fake_roots, build_session

    doc = Document()
    with set_curdoc(doc):
        build_session("nn11")
    assert doc.title == "nnshape"
    states = [m for m in doc.models if isinstance(m, NetState)]
    assert len(states) == 1 and len(states[0].ids) == 3
    assert doc.callbacks._js_event_callbacks.get("document_ready")  # the first drawing
    assert not any(doc in docs for _server, _panel, docs in pn.state._servers.values())
    fake = [ref for ref in pn.state._fake_roots if pn.state._views.get(ref, (0, 0, 0))[2] is doc]
    assert fake  # Panel's, for the template's root: dropped when the session ends
    for callback in list(doc.session_destroyed_callbacks):
        if getattr(callback, "func", None) is _forget_fake_roots:
            callback(None)
    assert not any(ref in pn.state._fake_roots for ref in fake)


@pytest.mark.parametrize("figure_id", ["free", *FIGURES])
def test_the_view_widgets_show_the_view_of_each_figure(figure_id):
    pg = Playground.from_figure(figure_id)
    fig = PRESETS[figure_id]
    assert pg.sum_check.value is pg.view.show_sum is ("sum" in fig.shows)
    assert pg.deep_check.value is pg.view.show_deep is ("deep" in fig.shows)
    assert pg.y_auto_check.value is pg.view.y_auto is (fig.ylim is None)
    assert pg.figure_select.value == figure_id
    other = "nn6" if figure_id != "nn6" else "nn13"
    pg.figure_select.value = other
    assert pg.sum_check.value is pg.view.show_sum is ("sum" in PRESETS[other].shows)
    assert pg.deep_check.value is pg.view.show_deep is ("deep" in PRESETS[other].shows)


def test_hidden_curves_follow_their_neurons_when_one_is_removed():
    pg = Playground.from_figure("nn9")
    pg._cards[id(pg.network.neurons[2])].show.value = False
    assert pg.view.hidden == [2]
    pg._cards[id(pg.network.neurons[0])].remove.clicks += 1
    assert pg.view.hidden == [1]  # the same (orange) neuron, now second
    assert not pg._cards[id(pg.network.neurons[1])].shown
    assert "hide=1" in pg.query_string()


def test_from_state_shows_the_network_as_the_view_says():
    net, view = figure("nn11"), View.for_figure("nn11", 3)
    view.show_sum = False
    pg = Playground.from_state(net, view)
    assert pg.network is net and pg.view.to_dict() == view.to_dict()
    assert not pg.sum_check.value


@pytest.mark.parametrize("target", [None, "sin"])
def test_every_model_of_a_page_passes_bokehs_own_checks(target):
    """Bokeh's validation errors (what the server and ``export`` log as ERROR) are none: every
    glyph's fields are columns of its source, in every plot, the slope and depth views shown,
    with and without a target. (A label source without its ``dy`` column once failed this.)"""
    from bokeh.core.validation import check_integrity

    from model.target import Target

    pg = Playground.from_figure("nn9")
    pg.view.slope = True
    pg.depth.explorer.shown = True
    if target:
        pg.set_target(Target.preset(target))
    doc = Document()
    doc.add_root(pg.__panel__().get_root(doc))
    assert [str(i) for i in check_integrity(doc.models).error] == []
