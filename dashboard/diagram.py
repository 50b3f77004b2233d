"""The network's architecture as an SVG: input, hidden neurons, their sum, the second layer.

Edges from the input carry each neuron's weight: their colour says its sign, their width its
magnitude. Hidden-to-sum edges have the article's fixed weight 1. Each node has its curve's colour.
"""

from __future__ import annotations

import html

from model import Network
from model.lang import CATALOGUES, language
from model.view import own_colors

from .formula import number

POSITIVE = "#4d4d4d"  # charcoal for a positive weight (green and black mean sum and layer 2)
NEGATIVE = "#c51b7d"  # magenta, and dashed, for a negative weight
FIXED = "#9e9e9e"  # the fixed weight-1 edges into the sum

#: The diagram's words (its tooltips and accessible name), by catalogue key: ``diagram.js``
#: reads the same ones from its state's ``words`` (``dashboard.plots.page_words``).
DIAGRAM_WORDS = (
    "ui.diagram.neuron", "ui.diagram.second", "ui.diagram.count_one", "ui.diagram.count",
    "ui.diagram.aria",
)  # fmt: skip

WIDTH = 360
ROW = 34  # vertical room per hidden neuron at small counts
TOP = 24


def edge_style(weight: float, largest: float) -> tuple[str, float]:
    """(colour, width) of an edge: colour by sign, width by magnitude relative to the largest."""
    colour = POSITIVE if weight >= 0 else NEGATIVE
    scale = abs(weight) / largest if largest > 0 else 0.0
    return colour, round(1.0 + 5.0 * min(scale, 1.0), 2)


def _edge(x1, y1, x2, y2, weight: float, largest: float, title: str) -> str:
    colour, width = edge_style(weight, largest)
    dash = ' stroke-dasharray="6 3"' if weight < 0 else ""
    return (
        f'<line x1="{x1}" y1="{y1:.1f}" x2="{x2}" y2="{y2:.1f}" stroke="{colour}" '
        f'stroke-width="{width}"{dash}><title>{html.escape(title)}</title></line>'
    )


def diagram_svg(network: Network, colors: tuple | None = None, lang: str = "en") -> str:
    """``colors``: the curves' colours as ``View.colors`` gives them (default: the network's);
    ``lang``: the language of its tooltips and accessible name."""
    words = CATALOGUES[language(lang)]
    neuron_colors, sum_color, deep_color = colors or own_colors(network)
    neurons = network.neurons
    n = len(neurons)
    row = ROW if n <= 8 else max(6.0, 8 * ROW / n)
    height = max(140.0, TOP * 2 + row * (n - 1))
    radius = min(13.0, row * 0.38)
    mid = height / 2
    x_in, x_hidden, x_sum, x_deep, x_out = 30, 130, 230, 300, 345
    second = network.second
    if not second.enabled:
        x_sum, x_out = 265, 340
    largest = max([abs(nr.weight) for nr in neurons] + [abs(second.weight)] * second.enabled)

    def y_of(i: int) -> float:
        return mid + (i - (n - 1) / 2) * row

    parts: list[str] = []
    for i, nr in enumerate(neurons):
        y = y_of(i)
        title = words["ui.diagram.neuron"].format(
            n=i + 1, weight=number(nr.weight), bias=number(nr.bias)
        )
        parts.append(_edge(x_in, mid, x_hidden, y, nr.weight, largest, title))
        parts.append(
            f'<line x1="{x_hidden}" y1="{y:.1f}" x2="{x_sum}" y2="{mid}" stroke="{FIXED}" '
            f'stroke-width="1"/>'
        )
    for i, (nr, color) in enumerate(zip(neurons, neuron_colors, strict=True)):
        title = html.escape(
            words["ui.diagram.neuron"].format(
                n=i + 1, weight=number(nr.weight), bias=number(nr.bias)
            )
        )
        parts.append(
            f'<circle cx="{x_hidden}" cy="{y_of(i):.1f}" r="{radius:.1f}" '
            f'fill="{html.escape(color)}" stroke="#333" stroke-width="0.5">'
            f"<title>{title}</title></circle>"
        )
    if second.enabled:
        title = words["ui.diagram.second"].format(
            weight=number(second.weight), bias=number(second.bias)
        )
        parts.append(_edge(x_sum, mid, x_deep, mid, second.weight, largest, title))
        parts.append(_node(x_deep, mid, 12, deep_color, "", title=html.escape(title)))
        last = x_deep
    else:
        last = x_sum
    parts.append(_node(x_in, mid, 12, "#ffffff", "x"))
    parts.append(_node(x_sum, mid, 13, sum_color, "Σ", text_colour="#ffffff"))
    parts.append(
        f'<line x1="{last + 13}" y1="{mid}" x2="{x_out - 8}" y2="{mid}" stroke="#333" '
        f'stroke-width="1" marker-end="url(#nn-arrow)"/>'
    )
    parts.append(
        f'<text x="{x_out}" y="{mid + 4}" font-size="13" font-family="sans-serif">y</text>'
    )
    count = words["ui.diagram.count_one" if n == 1 else "ui.diagram.count"].format(n=n)
    count += " + 1" if second.enabled else ""
    label, aria = html.escape(count), html.escape(words["ui.diagram.aria"].format(label=count))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="nn-diagram" role="img" '
        f'aria-label="{aria}" viewBox="0 0 {WIDTH} {height:.0f}" '
        f'width="100%" style="max-width:{WIDTH}px;max-height:{max(height, 140):.0f}px">'
        '<defs><marker id="nn-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" '
        'markerHeight="6" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#333"/></marker></defs>'
        + "".join(parts)
        + f'<text x="4" y="14" font-size="11" fill="#555" font-family="sans-serif">{label}</text>'
        "</svg>"
    )


def _node(cx, cy, r, fill, text, text_colour="#000000", title="") -> str:
    tip = f"<title>{title}</title>" if title else ""
    label = (
        f'<text x="{cx}" y="{cy + 4.5}" text-anchor="middle" font-size="13" '
        f'font-family="sans-serif" fill="{text_colour}">{text}</text>'
        if text
        else ""
    )
    return (
        f'<g><circle cx="{cx}" cy="{cy:.1f}" r="{r}" fill="{fill}" stroke="#333" '
        f'stroke-width="1">{tip}</circle>{label}</g>'
    )
