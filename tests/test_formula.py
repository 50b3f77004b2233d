"""The formula's text: the article's subtraction of the bias, and no noise from zero biases."""

import pytest

from dashboard.formula import formula_html, formula_text, number
from model import Network
from model.article import figure


def one(weight: float, bias: float, activation: str = "sigmoid") -> Network:
    network = Network()
    network.configure(activation=activation, neurons=[(weight, bias)])
    return network


@pytest.mark.parametrize(
    ("weight", "bias", "text"),
    [
        (1.0, 0.0, "y = σ(1.0·x)"),
        (1.0, -0.0, "y = σ(1.0·x)"),
        (2.0, 3.0, "y = σ(2.0·x − 3.0)"),
        (2.0, -2.0, "y = σ(2.0·x − (−2.0))"),  # as the bias slider shows it: −2.0
        (-0.5, -1.0, "y = σ(−0.5·x − (−1.0))"),
        (0.0, 1.5, "y = σ(0.0·x − 1.5)"),  # a zero weight stays: it is what flattens the curve
        (1e6, -1e-5, "y = σ(1e+06·x − (−1e−05))"),
    ],
)
def test_the_bias_is_subtracted_as_its_slider_shows_it(weight, bias, text):
    assert formula_text(one(weight, bias)) == text


def test_the_second_layer_reads_the_same_way():
    network = figure("nn15")
    assert formula_text(network).splitlines() == [
        "s = ReLU(1.0·x − (−2.0)) + ReLU(0.5·x) + ReLU(−0.5·x − (−1.0))",
        "y = ReLU(−1.0·s − (−10.0))",
    ]
    network.second.bias = 0.0
    assert formula_text(network).endswith("y = ReLU(−1.0·s)")


def test_no_zero_term_anywhere_in_the_articles_figures():
    for figure_id in ("nn6", "nn7", "nn11", "nn12", "nn13", "nn16", "nn18"):
        text = formula_text(figure(figure_id))
        assert "+ 0.0" not in text and "− 0.0" not in text and "(−0.0)" not in text


def test_html_colours_each_term_and_escapes_the_text():
    html = formula_html(figure("nn8"))
    assert '<span style="border-bottom:3px solid #ff0000">σ(2.0·x − (−2.0))</span>' in html
    assert '<span style="border-bottom:3px solid #0000ff">σ(0.5·x − 1.0)</span>' in html


@pytest.mark.parametrize(
    ("value", "text"),
    [(2.0, "2.0"), (-2.0, "−2.0"), (0.1 + 0.2, "0.3"), (123456.5, "123456.0"), (1e6, "1e+06")],
)
def test_numbers_read_as_the_sliders_show_them(value, text):
    assert number(value) == text


def test_output_weights_show_in_the_formula():
    net = figure("nn9")
    net.configure(output_weights=True, output=([2.0, 1.0, -0.5], -0.25))
    line = formula_text(net)
    assert line.startswith("y = 2.0·σ(")
    assert " + −0.5·σ(" in line and line.endswith(" + (−0.25)")
    net.configure(output_weights=False)
    assert "·σ(" not in formula_text(net) and "(−0.25)" not in formula_text(net)
