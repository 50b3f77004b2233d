"""The y-axis against the figure's limits: fitted to the curves when the limits would hide one
an edit just moved there (a blank plot after a switch of activation), and the learner told; what
the learner has seen hidden and kept so stays as it is."""

from __future__ import annotations

from model import Network
from model.view import View

from .notices import Notices
from .plots import CurvesPane

#: How the notice names the curves that are not a neuron's.
_NAMES = {"sum": "the sum", "deep": "the second layer's output"}


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
        listed = [_NAMES[k] if k in _NAMES else f"neuron {int(k[1:]) + 1}" for k in hidden]
        if len(listed) > 4:
            listed = [*listed[:3], f"{len(listed) - 3} more curves"]
        shown = " and ".join([", ".join(listed[:-1]), listed[-1]] if len(listed) > 1 else listed)
        low, high = self.view.ylim
        self.notices.show(
            f"The y-axis now fits the curves: the figure's limits ({low:g} to {high:g}) would "
            f"hide {shown}. Untick 'auto y-range' to go back to them.",
            kind="info",
        )
