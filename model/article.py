"""The article's twelve figures (nn6 … nn18; there is no nn14), as exact presets.

(Over 300 lines on purpose: the twelve figures are data, kept together as the article has them.)

Numbers, colours, grids and y-limits are the original's, figure by figure (see
``shared/seed/ARTICLE.md``). Captions are our own words for what each figure teaches.

Public contract::

    from model.article import FIGURES, figure
    FIGURES              # ordered mapping "nn6" … "nn18" -> Figure
    net = figure("nn9")  # a fresh Network configured as that figure
    net.curves()         # {"x", "neurons", "sum", "deep"}

Beside them, the free-play start (``FREE``): together they are the ``PRESETS`` a session can
start from, and ``preset(id)`` is the one place that decides whether an id is known.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

from .messages import Refusal, show
from .network import NEURON_COLORS, SUM_COLOR, Network

RED, BLUE, ORANGE, GREEN = "#ff0000", "#0000ff", "#ffa500", SUM_COLOR
#: matplotlib's default first line colour: the article plots nn16 without naming a colour.
MPL_DEFAULT = "#1f77b4"

ARTICLE_GRID = (-5.0, 5.0, 0.1)  # np.arange(-5, 5, 0.1): 100 points
WIDE_GRID = (-5.0, 10.0, 0.1)  # nn18 only: np.arange(-5, 10, 0.1): 150 points

#: Which curves a figure draws.
NEURONS, SUM, DEEP = "neurons", "sum", "deep"


@dataclass(frozen=True)
class Figure:
    """One figure of the article: the network it draws and how it draws it."""

    id: str
    title: str
    activation: str
    neurons: tuple[tuple[float, float, str], ...]  # (weight, bias, colour), in the article's order
    shows: frozenset[str]  # a subset of {NEURONS, SUM, DEEP}
    caption: str
    second: tuple[float, float] | None = None  # (w2, b2) when the figure has a second layer
    grid: tuple[float, float, float] = ARTICLE_GRID
    ylim: tuple[float, float] | None = None  # None: the article gives none, scale to the data

    def spec(self) -> dict:
        """The network this figure draws, as ``Network.configure``'s arguments."""
        return {
            "activation": self.activation,
            "neurons": [tuple(n) for n in self.neurons],
            "second": self.second if self.second is not None else (1.0, 0.0),
            "second_enabled": self.second is not None,
            "grid": self.grid,
            # The article has no output weights: each neuron counts once, the sum adds nothing.
            "output_weights": False,
            "output": ([1.0] * len(self.neurons), 0.0),
        }

    def network(self) -> Network:
        """A fresh Network configured exactly as this figure."""
        return Network.from_spec(self.spec())


_SIGMOID_TRIO = ((2.0, -2.0, RED), (0.5, 1.0, BLUE))
_RELU_TRIO = ((1.0, -2.0, RED), (0.5, 0.0, BLUE), (-0.5, -1.0, ORANGE))

_FIGURES = (
    Figure(
        id="nn6",
        title="Weight sets the steepness",
        activation="sigmoid",
        neurons=((1.0, 0.0, RED), (0.5, 0.0, BLUE), (2.0, 0.0, GREEN)),
        shows=frozenset({NEURONS}),
        ylim=(-0.5, 1.5),
        caption=(
            "Three single sigmoid neurons with bias 0 and weights 1 (red), 0.5 (blue) and 2 "
            "(green): a larger weight makes the step steeper, a smaller one gentler."
        ),
    ),
    Figure(
        id="nn7",
        title="Bias slides the curve",
        activation="sigmoid",
        neurons=((1.0, 0.0, RED), (1.0, -1.0, BLUE), (1.0, 1.0, GREEN)),
        shows=frozenset({NEURONS}),
        ylim=(-0.5, 1.5),
        caption=(
            "Three single sigmoid neurons with weight 1 and biases 0 (red), -1 (blue) and 1 "
            "(green): since the bias is subtracted, a larger bias moves the curve right and a "
            "smaller one moves it left, without changing its shape."
        ),
    ),
    Figure(
        id="nn8",
        title="Two neurons add up",
        activation="sigmoid",
        neurons=_SIGMOID_TRIO,
        shows=frozenset({NEURONS, SUM}),
        ylim=(-0.5, 2.0),
        caption=(
            "Two sigmoid neurons (red, blue) and the network's output, their sum (green): "
            "two steps of different steepness and position combine into a two-stage rise."
        ),
    ),
    Figure(
        id="nn9",
        title="Three neurons: a wavier function",
        activation="sigmoid",
        neurons=(*_SIGMOID_TRIO, (2.0, 4.0, ORANGE)),
        shows=frozenset({NEURONS, SUM}),
        ylim=(-0.5, 3.0),
        caption=(
            "A third neuron (orange) adds a third step to the sum: every neuron contributes "
            "one bend, so more neurons can shape more elaborate functions."
        ),
    ),
    Figure(
        id="nn10",
        title="A negative weight turns the curve down",
        activation="sigmoid",
        neurons=(*_SIGMOID_TRIO, (-2.0, -4.0, ORANGE)),
        shows=frozenset({NEURONS, SUM}),
        ylim=(-0.5, 3.0),
        caption=(
            "With weight -2 and bias -4 the orange neuron is mirrored: it falls instead of "
            "rising, and the sum now rises and then falls back down."
        ),
    ),
    Figure(
        id="nn11",
        title="A sigmoid second layer squashes",
        activation="sigmoid",
        neurons=(*_SIGMOID_TRIO, (-2.0, -4.0, ORANGE)),
        shows=frozenset({SUM, DEEP}),
        second=(1.0, 0.0),
        ylim=(0.5, 2.5),
        caption=(
            "The sum of nn10 (green) fed through one more sigmoid neuron (black): the output is "
            "squeezed into (0, 1) and nearly flat. Each sigmoid layer fades the signal of the "
            "layers before it, which is why deep sigmoid networks were hard to train."
        ),
    ),
    Figure(
        id="nn12",
        title="ReLU sums are angular and convex",
        activation="relu",
        neurons=_RELU_TRIO,
        shows=frozenset({NEURONS, SUM}),
        ylim=(-0.1, 15.0),
        caption=(
            "Three ReLU neurons and their sum: each is a hinge, so the sum is made of straight "
            "pieces. Added with weight +1, hinges can only bend upwards: the sum is always convex."
        ),
    ),
    Figure(
        id="nn13",
        title="ReLU passes the sum through",
        activation="relu",
        neurons=_RELU_TRIO,
        shows=frozenset({SUM, DEEP}),
        second=(1.0, 0.0),
        ylim=(-0.1, 10.0),
        caption=(
            "The ReLU sum (green) through a second ReLU neuron with w2 = 1, b2 = 0 (black): a "
            "positive signal passes unchanged, so the black curve lies exactly on the green one. "
            "ReLU carries signals through many layers, which is why ReLU networks can go deep."
        ),
    ),
    Figure(
        id="nn15",
        title="A negative second-layer weight flips the shape",
        activation="relu",
        neurons=_RELU_TRIO,
        shows=frozenset({SUM, DEEP}),
        second=(-1.0, -10.0),
        ylim=(-0.1, 10.0),
        caption=(
            "With w2 = -1 and b2 = -10 the second layer computes ReLU(10 - sum): the convex sum "
            "is flipped into a concave cap. Convex and concave pieces together can build any shape."
        ),
    ),
    Figure(
        id="nn16",
        title="What Mish looks like",
        activation="mish",
        neurons=((1.0, 0.0, MPL_DEFAULT),),
        shows=frozenset({NEURONS}),
        caption=(
            "Mish, x·tanh(ln(1 + eˣ)), on its own (one neuron with weight 1, bias 0): like a "
            "smooth ReLU, with a small dip below zero for negative inputs."
        ),
    ),
    Figure(
        id="nn17",
        title="Mish: like ReLU, but smooth",
        activation="mish",
        neurons=_RELU_TRIO,
        shows=frozenset({NEURONS, SUM}),
        ylim=(-1.0, 10.0),
        caption=(
            "The ReLU network of nn12 with Mish instead: the same overall shape, but with smooth "
            "corners and slightly negative values where ReLU would be flat at zero."
        ),
    ),
    Figure(
        id="nn18",
        title="Mish: smooth and deep",
        activation="mish",
        neurons=_RELU_TRIO,
        shows=frozenset({SUM, DEEP}),
        second=(-1.0, -10.0),
        grid=WIDE_GRID,
        ylim=(-1.0, 10.0),
        caption=(
            "nn15's flip with Mish, on x from -5 to 10: the second layer keeps the signal strong "
            "like ReLU while staying smooth like sigmoid."
        ),
    ),
)

#: The article's figures in its order, by id ("nn6" … "nn18"; there is no nn14).
FIGURES: MappingProxyType[str, Figure] = MappingProxyType({f.id: f for f in _FIGURES})


#: The id of the free-play start, which is not one of the article's figures.
FREE = "free"
#: The free-play start: one sigmoid neuron, the article's first experiment, ready to be changed.
FREE_PLAY = Figure(
    id=FREE,
    title="Free play",
    activation="sigmoid",
    neurons=((1.0, 0.0, NEURON_COLORS[0]),),
    shows=frozenset({NEURONS, SUM, DEEP}),
    caption=(
        "Start from one sigmoid neuron. Drag its weight to change the steepness, its bias to "
        "slide it; add neurons and watch their sum grow new bends; switch on the second layer "
        "and try each activation."
    ),
)
#: Every start a session can have: free play, then the article's figures in order.
PRESETS: MappingProxyType[str, Figure] = MappingProxyType({FREE: FREE_PLAY, **FIGURES})


class UnknownFigureError(Refusal, KeyError):
    """Raised for a figure id the article does not have (a ``Refusal``, so a ValueError)."""

    def __str__(self) -> str:  # KeyError would print the message quoted
        return str(self.message)


def _unknown(figure_id, known) -> UnknownFigureError:
    return UnknownFigureError(
        "choice.unknown", where="figure", known=", ".join(known), value=show(figure_id)
    )


def get_figure(figure_id: str) -> Figure:
    """The definition of figure ``figure_id``; UnknownFigureError (a KeyError and ValueError)."""
    if isinstance(figure_id, str) and figure_id in FIGURES:
        return FIGURES[figure_id]
    raise _unknown(figure_id, FIGURES)


def preset(preset_id: str) -> Figure:
    """An article figure or free play, by id; UnknownFigureError for anything else."""
    if isinstance(preset_id, str) and preset_id in PRESETS:
        return PRESETS[preset_id]
    raise _unknown(preset_id, PRESETS)


def figure(figure_id: str) -> Network:
    """A fresh Network configured as figure ``figure_id`` of the article."""
    return get_figure(figure_id).network()


def _plain(spec: dict) -> dict:
    """A network spec as values to compare: floats, tuples and lower-case colours."""
    return {
        "activation": spec["activation"],
        "neurons": [(float(w), float(b), str(c).lower()) for w, b, c in spec["neurons"]],
        "second": tuple(float(v) for v in spec["second"]),
        "second_enabled": bool(spec["second_enabled"]),
        "grid": tuple(float(v) for v in spec["grid"]),
        "output_weights": bool(spec.get("output_weights", False)),
        "output": (
            [float(v) for v in spec.get("output", ([1.0] * len(spec["neurons"]), 0.0))[0]],
            float(spec.get("output", ((), 0.0))[1]),
        ),
    }


def is_edited(network: Network, figure_id: str) -> bool:
    """Whether ``network`` differs from the one preset ``figure_id`` opens with.

    Derived, never stored: undoing the last edit makes the network the figure's again. Every
    part of the spec counts, colours and the second layer's numbers included (switching the
    layer back on would show them).
    """
    return _plain(network.spec()) != _plain(preset(figure_id).spec())
