"""The network's equation with its current numbers, e.g. ``y = σ(2.0·x − (−2.0)) + σ(0.5·x − 1.0)``.

Pure text: it reads the model's parameters and formats them; it computes nothing.
"""

from __future__ import annotations

import html

from model import Network, get_activation
from model.view import own_colors

MINUS = "\u2212"  # a real minus sign, not a hyphen


def number(value: float) -> str:
    """A parameter as the UI shows it: up to 6 significant digits, a true minus sign."""
    text = f"{float(value):.6g}"
    if "e" not in text and "." not in text and text not in ("inf", "-inf", "nan"):
        text += ".0"
    return text.replace("-", MINUS)


def _affine(weight: float, var: str, bias: float) -> str:
    """``weight·var − bias`` as the article writes it: the bias is subtracted and shown as its
    slider holds it, so bias −2 reads ``2.0·x − (−2.0)``, never a sign folded in that the slider
    does not show; a zero bias (either sign) adds nothing and is left out: ``1.0·x``."""
    term = f"{number(weight)}·{var}"
    if bias == 0:
        return term
    shown = f"({number(bias)})" if bias < 0 else number(bias)
    return f"{term} {MINUS} {shown}"


def _scaled(network: Network, neuron, term: str) -> str:
    """A neuron's term times its output weight, ``v·σ(…)``, when output weights are on."""
    return f"{number(neuron.output_weight)}·{term}" if network.hidden.output_weights else term


def _offset(network: Network) -> str:
    """`` + c`` when output weights are on and c is not 0 (negative c in brackets, as a
    negative bias is shown)."""
    c = network.hidden.output_bias
    if not network.hidden.output_weights or c == 0:
        return ""
    return f" + ({number(c)})" if c < 0 else f" + {number(c)}"


def formula_parts(network: Network) -> dict[str, str]:
    """The hidden sum and (if on) the second layer, as plain Unicode text."""
    sym = get_activation(network.activation).symbol
    terms = [
        _scaled(network, n, f"{sym}({_affine(n.weight, 'x', n.bias)})") for n in network.neurons
    ]
    parts = {"sum": " + ".join(terms) + _offset(network)}
    if network.second.enabled:
        parts["deep"] = f"{sym}({_affine(network.second.weight, 's', network.second.bias)})"
    return parts


def formula_text(network: Network) -> str:
    """One line for the hidden sum, a second for the second layer when it is on."""
    parts = formula_parts(network)
    if "deep" in parts:
        return f"s = {parts['sum']}\ny = {parts['deep']}"
    return f"y = {parts['sum']}"


def formula_html(network: Network, colors: tuple | None = None) -> str:
    """The formula as HTML, each neuron's term underlined in its curve's colour (the text stays
    dark: pure red or orange text on white is too faint to read, WCAG's contrast minimum).

    ``colors``: the curves' colours as ``View.colors`` gives them (default: the network's own).
    """
    neuron_colors, sum_color, _deep = colors or own_colors(network)
    sym = html.escape(get_activation(network.activation).symbol)
    terms = [
        f'<span style="border-bottom:3px solid {html.escape(color)}">'
        + html.escape(_scaled(network, n, ""))
        + f"{sym}({html.escape(_affine(n.weight, 'x', n.bias))})</span>"
        for n, color in zip(network.neurons, neuron_colors, strict=True)
    ]
    name = f'<b style="color:{html.escape(sum_color)}">'
    total = " + ".join(terms) + html.escape(_offset(network))
    if network.second.enabled:
        second = network.second
        deep = html.escape(_affine(second.weight, "s", second.bias))
        return (
            f'<div class="nn-formula"><div>{name}s</b> = {total}</div>'
            f"<div><b>y</b> = {sym}({deep})</div></div>"
        )
    return f'<div class="nn-formula"><div>{name}y</b> = {total}</div></div>'
