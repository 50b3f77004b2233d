"""An independent oracle: the article's own formulas and numbers, and the curves of any network.

Nothing here imports the model: every formula is typed in again, so that a mistake in
``model.activations`` or ``model.network`` cannot hide behind itself.

Two sets of activation functions:

- ``ACT``, the article's textbook forms, ``1/(1+e^-z)`` and ``z·tanh(ln(1+e^z))``, as the
  article writes them. Correct for the small inputs its figures use (``TABLE``,
  ``expected_curves``); they overflow for large ones.
- ``STABLE``, forms of the same functions written differently from the model's and finite and
  silent for any finite input (weights and biases up to ±1e6): ``expected(net)`` uses them for
  whatever network a test, a benchmark or a page holds.

The two agree with the model to a few ulps, not bit for bit, so comparisons go through
``close``: ``|got − expected| ≤ TOLERANCE · max(1, max |expected|)``, per curve.
"""

from __future__ import annotations

import numpy as np

# -- the article's textbook forms --------------------------------------------------------------


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def relu(x):
    return np.maximum(0, x)


def tanh(x):
    return (np.exp(x) - np.exp(-x)) / (np.exp(x) + np.exp(-x))


def mish(x):
    return x * tanh(np.log(1 + np.exp(x)))


ACT = {"sigmoid": sigmoid, "relu": relu, "mish": mish}

R, B, OR, G = "#ff0000", "#0000ff", "#ffa500", "#008000"
SIG = [(2, -2, R), (0.5, 1, B)]
REL = [(1, -2, R), (0.5, 0, B), (-0.5, -1, OR)]

# id: (activation, [(w, b, colour)], shows, (w2, b2) or None, ylim, x grid)
TABLE = {
    "nn6": ("sigmoid", [(1, 0, R), (0.5, 0, B), (2, 0, G)], {"neurons"}, None, (-0.5, 1.5)),
    "nn7": ("sigmoid", [(1, 0, R), (1, -1, B), (1, 1, G)], {"neurons"}, None, (-0.5, 1.5)),
    "nn8": ("sigmoid", SIG, {"neurons", "sum"}, None, (-0.5, 2)),
    "nn9": ("sigmoid", [*SIG, (2, 4, OR)], {"neurons", "sum"}, None, (-0.5, 3)),
    "nn10": ("sigmoid", [*SIG, (-2, -4, OR)], {"neurons", "sum"}, None, (-0.5, 3)),
    "nn11": ("sigmoid", [*SIG, (-2, -4, OR)], {"sum", "deep"}, (1, 0), (0.5, 2.5)),
    "nn12": ("relu", REL, {"neurons", "sum"}, None, (-0.1, 15)),
    "nn13": ("relu", REL, {"sum", "deep"}, (1, 0), (-0.1, 10)),
    "nn15": ("relu", REL, {"sum", "deep"}, (-1, -10), (-0.1, 10)),
    "nn16": ("mish", [(1, 0, None)], {"neurons"}, None, None),
    "nn17": ("mish", REL, {"neurons", "sum"}, None, (-1, 10)),
    "nn18": ("mish", REL, {"sum", "deep"}, (-1, -10), (-1, 10)),
}


def grid(figure_id):
    return np.arange(-5, 10, 0.1) if figure_id == "nn18" else np.arange(-5, 5, 0.1)


def expected_curves(figure_id):
    """The article's computation for a figure, written the way the article writes it."""
    act_name, neurons, _shows, second, _ylim = TABLE[figure_id]
    act = ACT[act_name]
    x = grid(figure_id)

    def neuron(x, w, b):
        return act(w * x - b)

    ys = [neuron(x, w, b) for w, b, _ in neurons]
    total = ys[0]
    for y in ys[1:]:
        total = total + y
    deep = neuron(total, *second) if second else None
    return {"x": x, "neurons": ys, "sum": total, "deep": deep}


# The article's printed values at x = 0 (six decimals).
AT_ZERO = {
    ("nn9", "sum"): 1.167725,
    ("nn10", "sum"): 2.131752,
    ("nn11", "deep"): 0.893951,
    ("nn15", "deep"): 7.0,
    ("nn17", "sum"): 2.809057,
    ("nn18", "deep"): 7.190935,
}

# -- stable forms, for any network ---------------------------------------------------------------


def stable_sigmoid(z):
    # σ(z) = (1 + tanh(z/2)) / 2: tanh saturates at ±1 instead of overflowing.
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def stable_relu(z):
    return np.maximum(0.0, z)


def stable_tanh(z):
    return np.tanh(z)


def softplus(z):
    # ln(1 + e^z) = max(z, 0) + ln(1 + e^-|z|): e is only ever raised to a non-positive power.
    return np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))


def stable_mish(z):
    return z * np.tanh(softplus(z))


STABLE = {"sigmoid": stable_sigmoid, "relu": stable_relu, "tanh": stable_tanh, "mish": stable_mish}


# -- the activations beyond the article's, and every activation's derivative --------------------
# Typed in from their textbook definitions, in forms chosen to differ from the model's (tanh for
# σ, exp − 1 for expm1, heaviside for comparisons, cosh for tanh′), finite and silent for inputs
# up to ±1e20 (what a network with weights of ±1e6 feeds a second layer).

LEAKY_SLOPE = 0.01


def stable_elu(z):
    return np.where(z > 0, z, np.exp(np.minimum(z, 0.0)) - 1.0)


def stable_gelu(z):
    # The tanh approximation exactly as Hendrycks & Gimpel print it.
    return 0.5 * z * (1.0 + np.tanh(np.sqrt(2.0 / np.pi) * (z + 0.044715 * z**3)))


def stable_gaussian(z):
    # Beyond |z| = 40, e^(−z²) is below the smallest double: clamping changes nothing.
    return np.exp(-np.square(np.minimum(np.abs(z), 40.0)))


STABLE.update(
    leaky_relu=lambda z: np.maximum(z, LEAKY_SLOPE * z),
    elu=stable_elu,
    gelu=stable_gelu,
    silu=lambda z: z * stable_sigmoid(z),
    softplus=softplus,
    step=lambda z: np.heaviside(z, 0.5),
    gaussian=stable_gaussian,
    sine=np.sin,
    identity=lambda z: z * 1.0,
)


def _sech2(z):
    # 1/cosh² beyond |z| = 300 is below 1e-260: clamped there so cosh cannot overflow.
    return 1.0 / np.cosh(np.clip(z, -300.0, 300.0)) ** 2


def _gelu_derivative(z):
    c = np.sqrt(2.0 / np.pi)
    u = c * (z + 0.044715 * z**3)
    return 0.5 * (1.0 + np.tanh(u)) + 0.5 * z * _sech2(u) * c * (1.0 + 3 * 0.044715 * z**2)


#: d act / dz for every activation (at a kink, the value just left of it).
DERIVATIVE = {
    "sigmoid": lambda z: stable_sigmoid(z) * stable_sigmoid(-z),
    "relu": lambda z: np.heaviside(z, 0.0),
    "mish": lambda z: np.tanh(softplus(z)) + z * _sech2(softplus(z)) * stable_sigmoid(z),
    "tanh": _sech2,
    "leaky_relu": lambda z: LEAKY_SLOPE + (1.0 - LEAKY_SLOPE) * np.heaviside(z, 0.0),
    "elu": lambda z: np.where(z > 0, 1.0, stable_elu(z) + 1.0),
    "gelu": _gelu_derivative,
    "silu": lambda z: stable_sigmoid(z) * (1.0 + z * stable_sigmoid(-z)),
    "softplus": stable_sigmoid,
    "step": lambda z: np.zeros_like(z, dtype=float),
    "gaussian": lambda z: -2.0 * z * stable_gaussian(z),
    "sine": np.cos,
    "identity": lambda z: np.ones_like(z, dtype=float),
}


def network_curves(activation: str, neurons, second=None, grid=(-5.0, 5.0, 0.1)) -> dict:
    """The curves of any network, from its parameters alone.

    ``neurons`` is ``[(weight, bias), …]``; ``second`` is ``(w2, b2)``, or None when the second
    layer is off; ``grid`` is ``(start, stop, step)`` for ``np.arange``. Each neuron computes
    ``act(w·x − b)``, the hidden layer adds them left to right, the second layer computes
    ``act(w2·sum − b2)``. Returns ``{"x", "neurons", "sum", "deep"}`` (``deep`` None when off).
    """
    act = STABLE[activation]
    x = np.arange(*grid, dtype=float)
    # e^-|z| underflows to 0 for large |z|: that is the right answer, not a warning.
    with np.errstate(under="ignore"):
        ys = [act(float(w) * x - float(b)) for w, b in neurons]
        total = ys[0]
        for y in ys[1:]:
            total = total + y
        deep = None if second is None else act(float(second[0]) * total - float(second[1]))
    return {"x": x, "neurons": ys, "sum": total, "deep": deep}


def expected(net) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """What a view of ``net`` must plot: curve key -> (x, y), keys n0, n1, …, sum, deep.

    Computed here from ``net``'s parameters (activation, weights, biases, second layer, grid),
    never by asking ``net`` for its curves. While the second layer is off the page keeps its
    curve, hidden and all NaN (``dashboard.plots``): so does this.
    """
    second = (net.second.weight, net.second.bias) if net.second.enabled else None
    c = network_curves(
        net.activation, [(n.weight, n.bias) for n in net.neurons], second, tuple(net.grid)
    )
    x = c["x"]
    out = {f"n{i}": (x, y) for i, y in enumerate(c["neurons"])}
    out["sum"] = (x, c["sum"])
    out["deep"] = (x, c["deep"] if c["deep"] is not None else np.full_like(x, np.nan))
    return out


#: Relative to a curve's largest magnitude (at least 1): the oracle and the model round apart.
TOLERANCE = 1e-12


def deviation(got, want, nan_ok: bool = False) -> str | None:
    """Why ``got`` is not ``want`` within ``TOLERANCE``, or None if it is.

    NaN is accepted only where ``want`` is NaN and only with ``nan_ok`` (the hidden second-layer
    curve); anywhere else a NaN, an infinity or a different length is a difference.
    """
    got = np.asarray(got, dtype=float)
    want = np.asarray(want, dtype=float)
    if got.shape != want.shape:
        return f"shape {got.shape}, expected {want.shape}"
    missing = np.isnan(want)
    if missing.any() and not nan_ok:
        return "the oracle has NaN here, which no curve may be"
    if not np.array_equal(np.isnan(got), missing):
        return f"NaN at {np.flatnonzero(np.isnan(got) != missing)[:5].tolist()}…"
    g, w = got[~missing], want[~missing]
    if not w.size:
        return None
    allowed = TOLERANCE * max(1.0, float(np.max(np.abs(w))))
    with np.errstate(invalid="ignore", over="ignore"):
        diff = np.abs(g - w)
    bad = ~(diff <= allowed)  # NaN and inf count as bad
    if not bad.any():
        return None
    i = int(np.argmax(np.where(bad, np.nan_to_num(diff, nan=np.inf), -1.0)))
    return (
        f"{int(bad.sum())} of {w.size} values differ by more than {allowed:.3g}; "
        f"worst at index {i}: {g[i]!r} vs {w[i]!r}"
    )


def close(got, want, nan_ok: bool = False) -> bool:
    """``got`` equals ``want`` within ``TOLERANCE`` (see ``deviation``)."""
    return deviation(got, want, nan_ok) is None
