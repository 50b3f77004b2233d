"""The y-axis against the figure's limits: fitted to the curves when the limits would hide one
an edit just moved there (a blank plot after a switch of activation), and the learner told; what
the learner has seen hidden and kept so stays as it is."""

from __future__ import annotations

from model import Network
from model.lang import Phrase
from model.view import View

from .notices import Notices
from .plots import CurvesPane

#: How the notice names the curves that are not a neuron's.
_NAMES = {"sum": "ui.notice.curve_sum", "deep": "ui.notice.curve_deep"}


def listing(items: list[Phrase]) -> Phrase:
    """ "a, b and c" (in each language's own way), as a ``Phrase`` of ``items``."""
    if len(items) == 1:
        return items[0]
    if len(items) == 2:
        return Phrase("ui.notice.list_two", first=items[0], last=items[1])
    return Phrase("ui.notice.list_more", first=items[0], rest=listing(items[1:]))


class YFit:
    """Fits ``view``'s y-axis to ``network``'s curves when an edit would hide one, and says so."""

    def __init__(self, network: Network, view: View, plots: CurvesPane, notices: Notices):
        self.network, self.view, self.plots, self.notices = network, view, plots, notices
        #: Curves the figure's y-limits hide that the learner has seen hidden and kept so.
        self.accepted: list[str] = []

    def accept(self) -> None:
        """What the limits hide now is seen and kept (a state loaded, or the limits chosen)."""
        self.accepted = self.view.clipped(self.network)

    def fit(self) -> None:
        """Fit the y-axis if the limits would hide a curve not accepted hidden, and say so."""
        hidden = self.view.fit(self.network, self.accepted)
        if not hidden:
            return
        self.accepted = []
        # Sent on its own: whatever else the page changed, it has drawn already.
        self.plots.push({"y_auto": True})
        listed = [
            Phrase(_NAMES[k]) if k in _NAMES else Phrase("ui.notice.curve_neuron", n=int(k[1:]) + 1)
            for k in hidden
        ]
        if len(listed) > 4:
            listed = [*listed[:3], Phrase("ui.notice.curve_more", count=len(listed) - 3)]
        low, high = self.view.ylim
        self.notices.show(
            Phrase("ui.notice.y_fit", low=f"{low:g}", high=f"{high:g}", curves=listing(listed)),
            kind="info",
        )
