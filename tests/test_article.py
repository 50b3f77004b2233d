"""Every figure of the article, checked against the article's own formulas at every grid point."""

import numpy as np
import pytest

from harness.oracle import AT_ZERO, TABLE, expected_curves, grid
from model.article import FIGURES, UnknownFigureError, figure, get_figure

TOL = 1e-12


def test_the_twelve_figures_in_order():
    assert list(FIGURES) == [
        "nn6", "nn7", "nn8", "nn9", "nn10", "nn11", "nn12", "nn13", "nn15", "nn16", "nn17", "nn18",
    ]  # fmt: skip


@pytest.mark.parametrize("figure_id", list(TABLE))
def test_curves_equal_the_article_formulas(figure_id):
    got = figure(figure_id).curves()
    want = expected_curves(figure_id)
    np.testing.assert_array_equal(got["x"], grid(figure_id))
    assert len(got["neurons"]) == len(want["neurons"])
    for g, w in zip(got["neurons"], want["neurons"], strict=True):
        np.testing.assert_allclose(g, w, rtol=0, atol=TOL)
    np.testing.assert_allclose(got["sum"], want["sum"], rtol=0, atol=TOL)
    if want["deep"] is None:
        assert got["deep"] is None
    else:
        np.testing.assert_allclose(got["deep"], want["deep"], rtol=0, atol=TOL)


@pytest.mark.parametrize("figure_id", list(TABLE))
def test_figure_definition_matches_the_article(figure_id):
    act, neurons, shows, second, ylim = TABLE[figure_id]
    fig = get_figure(figure_id)
    assert fig.activation == act
    assert [(w, b) for w, b, _ in fig.neurons] == [(w, b) for w, b, _ in neurons]
    for (_, _, colour), (_, _, want) in zip(fig.neurons, neurons, strict=True):
        if want is not None:
            assert colour == want
    assert set(fig.shows) == shows
    assert fig.second == second
    assert fig.ylim == ylim
    assert fig.caption and fig.title
    net = figure(figure_id)
    assert net.activation == act
    assert net.second.enabled == (second is not None)
    assert [n.color for n in net.neurons] == [c for _, _, c in fig.neurons]


@pytest.mark.parametrize(("figure_id", "curve"), list(AT_ZERO))
def test_values_printed_in_the_article(figure_id, curve):
    c = figure(figure_id).curves()
    i = int(np.argmin(np.abs(c["x"])))
    assert abs(c["x"][i]) < 1e-9
    assert round(float(c[curve][i]), 6) == AT_ZERO[(figure_id, curve)]


def test_grids_have_the_article_lengths():
    assert len(figure("nn9").curves()["x"]) == 100
    assert len(figure("nn18").curves()["x"]) == 150


def test_each_call_returns_a_fresh_network():
    a, b = figure("nn9"), figure("nn9")
    a.neurons[0].weight = 7.0
    assert b.neurons[0].weight == 2.0
    assert figure("nn9").neurons[0].weight == 2.0


@pytest.mark.parametrize("bad", ["nn14", "NN9", "", "nn9 ", None, 9, "../nn9"])
def test_unknown_figure_is_a_clear_error(bad):
    with pytest.raises(UnknownFigureError, match="figure must be one of nn6, nn7") as info:
        figure(bad)
    assert isinstance(info.value, KeyError) and isinstance(info.value, ValueError)
    assert "nn6" in str(info.value)


def test_figures_mapping_is_read_only():
    with pytest.raises(TypeError):
        FIGURES["nn99"] = FIGURES["nn9"]
