"""How a network is shown: the figure it started from, the y-range and which curves are drawn.

The view is model state like the network: the dashboard's widgets are built from its
parameters, the JSON document and the permalink carry it, and every rule about it (which
figure ids exist, what y-limits are allowed, which neuron indices may be hidden) is declared
here once, on its parameter.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import param

from .article import DEEP, FREE, NEURONS, PRESETS, SUM, preset
from .lang import LANGUAGES
from .network import DEEP_COLOR, SUM_COLOR
from .parameters import Choice, Flag, Indices, YRange

#: The colour-blind-safe palette (Okabe and Ito's, without its yellow, too pale on white): its
#: neurons' colours in order, the sum's and the second layer's. Told apart by learners with any
#: common colour blindness, as the article's red neuron and green sum are not.
SAFE_NEURONS = ("#0072b2", "#e69f00", "#cc79a7", "#56b4e9", "#009e73", "#d55e00")
SAFE_SUM, SAFE_DEEP = "#000000", "#d55e00"

#: y-limits must lie within this magnitude (64 neurons of weight 1e6 on x = ±1e6 stay within it).
Y_LIMIT = 1e15


class View(param.Parameterized):
    """How one network is shown. ``View.for_figure(id, n)`` is the view a figure opens with."""

    figure = Choice(
        objects=list(PRESETS),
        default=FREE,
        doc="The preset the network started from: free play or one of the article's figures.",
    )
    ylim = YRange(
        default=None,
        allow_None=True,
        bounds=(-Y_LIMIT, Y_LIMIT),
        doc="The figure's y-limits (low, high); None where it gives none.",
    )
    y_auto = Flag(True, doc="Fit the y-axis to the data instead of the figure's limits.")
    hidden = Indices(default=[], doc="Indices of the neurons whose curves are not drawn.")
    show_sum = Flag(True, doc="Draw the hidden layer's sum.")
    show_deep = Flag(True, doc="Draw the second layer's output.")
    safe_colors = Flag(
        False,
        doc="Draw in a colour-blind-safe palette (SAFE_NEURONS) instead of the neurons' own "
        "colours, which are the article's for its figures.",
    )

    slope = Flag(
        False,
        doc="Draw dy/dx as well, in a plot of its own: each neuron's share, the sum's slope and "
        "the second layer's (model.calculus.derivatives). Off in every article figure; optional "
        "in documents and links, absent meaning off.",
    )

    lang = Choice(
        objects=list(LANGUAGES),
        default=LANGUAGES[0],
        doc="The language of every word on screen (model.lang's catalogues): a learner's "
        "preference, optional in documents and links, absent meaning English.",
    )

    #: The view's settings, in the order documents list them.
    KEYS = (
        "figure", "ylim", "y_auto", "hidden", "show_sum", "show_deep", "safe_colors", "slope",
        "lang",
    )  # fmt: skip
    #: Settings of how the learner sees rather than of what they made: kept by documents and
    #: links, but no edit (Undo passes them by; Reset to figure and another figure keep them).
    PREFERENCES = ("safe_colors", "lang")

    @classmethod
    def for_figure(cls, figure_id: str = FREE, n_neurons: int = 1) -> View:
        """The view a preset opens with (free play: scale to the data, draw everything).

        ``hidden`` lists every neuron of an ``n_neurons`` network when the figure draws none.
        An unknown figure raises ``model.article.UnknownFigureError``.
        """
        fig = preset(figure_id)
        return cls(
            figure=figure_id,
            ylim=fig.ylim,
            y_auto=fig.ylim is None,
            hidden=[] if NEURONS in fig.shows else list(range(n_neurons)),
            show_sum=SUM in fig.shows,
            show_deep=DEEP in fig.shows,
        )

    def shown(self, network) -> dict[str, bool]:
        """Which of ``network``'s curves are drawn: ``n0``, ``n1``, …, ``sum`` and ``deep``.

        The one place that decides it: a view draws from this and nothing else. The second
        layer's output is drawn only while the layer is on.
        """
        hidden = set(self.hidden)
        shown = {f"n{i}": i not in hidden for i in range(len(network.neurons))}
        shown["sum"] = bool(self.show_sum)
        shown["deep"] = bool(self.show_deep and network.second.enabled)
        return shown

    def colors(self, network) -> tuple[list[str], str, str]:
        """The colours ``network``'s curves are drawn in: (each neuron's, the sum's, the
        second layer's). Every place that shows a curve's colour (plot, card, formula,
        diagram) takes it from here."""
        if self.safe_colors:
            count = len(SAFE_NEURONS)
            neurons = [SAFE_NEURONS[i % count] for i in range(len(network.neurons))]
            return neurons, SAFE_SUM, SAFE_DEEP
        return own_colors(network)

    def clipped(self, network) -> list[str]:
        """The drawn curves (``shown`` keys) that leave the y-limits somewhere: empty while the
        y-axis fits the data. A new neuron or a bigger sum can outgrow a figure's limits; a
        dashboard then fits the axis (``y_auto``) rather than hide what the learner just made.
        """
        if self.y_auto or self.ylim is None:
            return []
        curves = network.curves()
        ys = {f"n{i}": y for i, y in enumerate(curves["neurons"])}
        ys.update(sum=curves["sum"], deep=curves["deep"])
        low, high = self.ylim
        return [
            key
            for key, shown in self.shown(network).items()
            if shown and ys[key] is not None and not _within(ys[key], low, high)
        ]

    def fit(self, network, accepted=()) -> list[str]:
        """Fit the y-axis to the data (``y_auto``) when the figure's limits hide a drawn curve
        that ``accepted`` does not list; return the curves they hid (empty: nothing changed).

        ``accepted``: curves the learner already saw clipped and chose to keep so (by
        unticking *auto y-range*): only a curve newly pushed off the limits, by a switch of
        activation or a neuron added, takes the choice back. A blank plot tells nothing.
        """
        clipped = self.clipped(network)
        if not set(clipped) - set(accepted):
            return []
        self.y_auto = True
        return clipped

    def to_dict(self) -> dict:
        """The view as plain JSON-ready values, keys in ``KEYS`` order."""
        return {
            "figure": self.figure,
            "ylim": None if self.ylim is None else [float(v) for v in self.ylim],
            "y_auto": bool(self.y_auto),
            "hidden": sorted(int(i) for i in self.hidden),
            "show_sum": bool(self.show_sum),
            "show_deep": bool(self.show_deep),
            "safe_colors": bool(self.safe_colors),
            "slope": bool(self.slope),
            "lang": self.lang,
        }

    def edits(self) -> dict:
        """``to_dict`` without the preferences: what Undo and Reset to figure move."""
        return {k: v for k, v in self.to_dict().items() if k not in self.PREFERENCES}

    def copy(self) -> View:
        return View(**self.to_dict())

    def update_from(self, other: View) -> None:
        """Take every setting of ``other`` at once (one batch of events)."""
        values = other.to_dict()
        values["ylim"] = other.ylim
        self.param.update(**values)

    def neuron_removed(self, index: int) -> None:
        """Neuron ``index`` left its layer: the hidden indices after it move down by one."""
        self.hidden = [i - (i > index) for i in self.hidden if i != index]

    def __eq__(self, other) -> bool:
        if isinstance(other, View):
            return self.to_dict() == other.to_dict()
        if isinstance(other, Mapping):
            return self.to_dict() == dict(other)
        return NotImplemented

    __hash__ = None  # mutable: equal views may stop being equal

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.to_dict().items())
        return f"View({args})"


def own_colors(network) -> tuple[list[str], str, str]:
    """The network's own colours: each neuron's, then the sum's and the second layer's."""
    return [n.color for n in network.neurons], SUM_COLOR, DEEP_COLOR


def _within(y: np.ndarray, low: float, high: float) -> bool:
    finite = y[np.isfinite(y)]  # a point no float can hold is not drawn, so hides nothing
    return bool(finite.size == 0 or (finite.min() >= low and finite.max() <= high))
