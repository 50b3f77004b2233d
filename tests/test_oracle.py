"""The oracle every plotted curve is checked against (``harness.oracle``), checked itself."""

import subprocess
import sys
import warnings

import numpy as np
import pytest

from harness.oracle import TABLE, close, expected, expected_curves
from harness.serve import ROOT
from model import Network
from model.article import figure


def test_the_oracle_imports_nothing_of_the_model():
    code = (
        "import sys, harness.oracle, harness.browser\n"
        "loaded = [m for m in sys.modules if m == 'model' or m.startswith('model.')]\n"
        "assert not loaded, loaded\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("figure_id", list(TABLE))
def test_its_stable_forms_agree_with_the_articles_textbook_forms(figure_id):
    textbook = expected_curves(figure_id)
    stable = expected(figure(figure_id))  # the figure's parameters, read by the oracle
    x = textbook["x"]
    assert sorted(k for k in stable if k.startswith("n")) == [
        f"n{i}" for i in range(len(textbook["neurons"]))
    ]
    for i, y in enumerate(textbook["neurons"]):
        assert close(stable[f"n{i}"][0], x) and close(stable[f"n{i}"][1], y), i
    assert close(stable["sum"][1], textbook["sum"])
    if textbook["deep"] is None:
        assert np.all(np.isnan(stable["deep"][1]))  # what the page plots while the layer is off
    else:
        assert close(stable["deep"][1], textbook["deep"])


@pytest.mark.parametrize("act", ["sigmoid", "relu", "mish", "tanh"])
def test_extreme_weights_give_finite_silent_curves_the_model_agrees_with(act):
    net = Network()
    net.configure(
        activation=act,
        neurons=[(1e6, -1e6), (-1e6, 1e6), (1e6, 1e6), (0.5, -1e6), (1e-6, 0.0)] * 12,
        second=(-1e6, 1e6),
        second_enabled=True,
        grid=(-1e6, 1e6, 1e3),
    )
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        want = expected(net)
    c = net.curves()
    got = {f"n{i}": y for i, y in enumerate(c["neurons"])}
    got.update(sum=c["sum"], deep=c["deep"])
    assert sorted(got) == sorted(want)
    for key, (x, y) in want.items():
        assert np.all(np.isfinite(y)), key
        assert close(c["x"], x), key
        assert close(got[key], y), key


def test_close_allows_a_few_ulps_and_nothing_more():
    y = np.array([0.0, 1e6, -3.0])
    assert close(y + 5e-7, y)  # within 1e-12 of the curve's largest magnitude
    assert not close(y + 2e-6, y)
    small = np.array([0.25, 0.5])
    assert close(small + 9e-13, small)  # at least 1e-12 absolute
    assert not close(small + 2e-12, small)
    assert not close(y[:2], y)
    assert not close([np.inf, 1e6, -3.0], y)


def test_nan_passes_only_where_expected_and_allowed():
    nan = np.full(3, np.nan)
    assert close(nan, nan, nan_ok=True)  # the hidden second layer's curve
    assert not close(nan, nan)
    assert not close([np.nan, 1.0, 2.0], [0.0, 1.0, 2.0], nan_ok=True)
    assert not close([0.0, 1.0, 2.0], nan, nan_ok=True)
