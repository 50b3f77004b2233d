"""Each activation's JavaScript forms (value and derivative) equal its numpy forms, in Chromium.

The forms run exactly as the page gets them: ``dashboard.js.evaluator()`` on a blank page, as
``nnshape.ACT`` and ``nnshape.DACT``. They are written operation for operation as the numpy
forms, so the two differ only where the two maths libraries round ``exp``, ``log1p``, ``tanh``,
``sin`` apart: within 1e-12 relative, on a dense grid, across every magnitude and at the
largest doubles.
"""

from __future__ import annotations

import numpy as np
import pytest

from dashboard.js import evaluator
from model import ACTIVATIONS

rng = np.random.default_rng(14)
magnitudes = np.geomspace(1e-300, 1.7e308, 600)
INPUTS = np.unique(
    np.concatenate(
        [
            np.linspace(-50, 50, 10001),
            np.arange(-5, 10, 0.1),  # the article's grids, value for value
            magnitudes,
            -magnitudes,
            rng.uniform(-1e3, 1e3, 2000),
            rng.standard_normal(1000) * 10.0 ** rng.integers(-8, 13, 1000),
            [0.0, 5e-324, -5e-324, 709.78, -745.2, -1e3, 1e3, 1.7976931348623157e308],
            [-1.7976931348623157e308, 1e6, -1e6, 1e12, -1e12, 19.0625, -19.0625],
        ]
    )
)

EVALUATE = """
([names, zs]) => names.map(name => {
  const d = new Float64Array(zs.length);
  const both = zs.map((z, k) => nnshape.BOTH[name](z, d, k));
  return [zs.map(z => nnshape.ACT[name](z)), zs.map(z => nnshape.DACT[name](z)), both, [...d]];
})
"""


@pytest.fixture(scope="module")
def results(browser):
    page = browser.new_page()
    try:
        page.goto("about:blank")
        page.add_script_tag(content=evaluator())
        names = list(ACTIVATIONS)
        out = page.evaluate(EVALUATE, [names, INPUTS.tolist()])
    finally:
        page.close()
    return dict(zip(names, out, strict=True))


def differences(got, want) -> list[str]:
    got, want = np.asarray(got, dtype=float), np.asarray(want, dtype=float)
    assert np.all(np.isfinite(got)), INPUTS[~np.isfinite(got)][:5]
    allowed = 1e-12 * np.maximum(np.abs(got), np.abs(want))
    bad = ~((got == want) | (np.abs(got - want) <= allowed))
    return [
        f"z={z!r}: JS {g!r}, numpy {w!r}"
        for z, g, w in zip(INPUTS[bad], got[bad], want[bad], strict=True)
    ]


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_js_forms_equal_numpy(results, name):
    a = ACTIVATIONS[name]
    js_value, js_derivative, _both, _both_derivative = results[name]
    bad = differences(js_value, a(INPUTS))
    assert not bad, f"{len(bad)} values differ: " + "; ".join(bad[:5])
    bad = differences(js_derivative, a.derivative(INPUTS))
    assert not bad, f"{len(bad)} derivatives differ: " + "; ".join(bad[:5])


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_value_and_derivative_at_once_are_the_two_forms_to_the_bit(results, name):
    """``nnshape.BOTH`` (the derivative view computes the curves and their slopes in one loop,
    sharing each activation's work) gives exactly what ``ACT`` and ``DACT`` give."""
    value, derivative, both, both_derivative = (np.asarray(r, dtype=float) for r in results[name])
    for what, got, want in (("value", both, value), ("derivative", both_derivative, derivative)):
        same = (got == want) | (np.isnan(got) & np.isnan(want))
        assert same.all(), f"{what} at z={INPUTS[~same][:5]}: {got[~same][:5]} != {want[~same][:5]}"
