"""What a state read back from a JSON document or a link must be, for the codecs' tests.

``spec``: a network as plain values with every number as its repr, so equal means equal to the
last digit; ``assert_valid`` and ``assert_view_shape``: what any loaded network and view must
be, whatever the input was.
"""

from __future__ import annotations

import numpy as np


def spec(net, canonical: bool = False):
    """Everything that defines a network, numbers as repr: equal means equal to the last digit.
    With ``canonical``, colours as the codecs write them back (``HexColor.canonical``)."""
    from model.parameters import HexColor

    def colour(c):
        return HexColor.canonical(c) if canonical else c

    return (
        net.activation,
        [(repr(float(n.weight)), repr(float(n.bias)), colour(n.color)) for n in net.neurons],
        (net.second.enabled, repr(float(net.second.weight)), repr(float(net.second.bias))),
        tuple(repr(float(v)) for v in net.grid),
    )


def assert_valid(net) -> None:
    """1 to 64 neurons, and every curve finite."""
    assert 1 <= len(net.neurons) <= 64
    c = net.curves()
    for y in [*c["neurons"], c["sum"], *([c["deep"]] if c["deep"] is not None else [])]:
        assert np.all(np.isfinite(y))


def assert_view_shape(view, n: int) -> None:
    """A ``View`` whose every setting is one the view allows, for a network of ``n`` neurons."""
    from model.article import FIGURES, FREE
    from model.view import View

    view = view.to_dict()
    assert tuple(view) == View.KEYS
    assert view["figure"] == FREE or view["figure"] in FIGURES
    assert view["ylim"] is None or (len(view["ylim"]) == 2 and view["ylim"][0] < view["ylim"][1])
    assert all(
        isinstance(view[k], bool) for k in ("y_auto", "show_sum", "show_deep", "safe_colors")
    )
    assert view["hidden"] == sorted(set(view["hidden"]))
    assert all(0 <= i < n for i in view["hidden"])
