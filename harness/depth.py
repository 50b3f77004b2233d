"""The depth explorer in a page: what it draws, what it would draw for given states, and the
model's and an independent numpy's numbers to check them against.

``READ_JS`` reads what the page shows (the per-layer rows, the sum, both charts' rows, which
renderers are visible, and the states they were drawn from); ``COMPUTE_JS`` runs the page's
own evaluator (``nnshape.depth_compute``, what the drawing calls) on given states.
``oracle_profile`` computes ranges and steepest slopes again with numpy from the article's
formulas (``harness.oracle``), not through ``model.depth``.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from model import Network, get_activation
from model.depth import MAX_DEPTH, Explorer

from .browser import REACHABLE_JS
from .oracle import DERIVATIVE, STABLE

READ_JS = (
    "() => {"
    + REACHABLE_JS
    + r"""
  const models = reachable();
  const one = (re) => {
    const found = models.filter(m => re.test(m.type));
    if (found.length !== 1) throw new Error(`${found.length} ${re} models in the page`);
    return found[0];
  };
  const s = one(/NetState/), d = one(/DepthState/);
  const r = name => models.find(m => m.type === "GlyphRenderer" && m.name === name);
  const rows = (name) => {
    const m = r(name);
    return {ys: m.data_source.data.ys.map(y => Array.from(y, v => Number.isFinite(v) ? v : null)),
            xs: m.data_source.data.xs.map(x => Array.from(x)), visible: m.visible};
  };
  const sum = r("depth_sum"), sd = sum.data_source.data;
  const net = {activation: s.activation, weights: [...s.weights], biases: [...s.biases],
               grid: [s.grid_start, s.grid_stop, s.grid_step], output_weights: s.output_weights,
               v: [...s.v], c: s.c};
  const depth = {shown: d.shown, depth: d.depth, weight: d.weight, bias: d.bias,
                 weights: [...d.weights], biases: [...d.biases], own: [...d.own],
                 chart: [...d.chart]};
  return {net, depth, layers: rows("depth_layers"), ranges: rows("depth_range"),
          steep: rows("depth_steep"), sum: {x: Array.from(sd.x), y: Array.from(sd.y),
          visible: sum.visible}, draws: nnshape.depth_draws || 0};
}"""
)

#: ``(pairs) => [...]``: for each ``[net, depth]`` pair of NetState and DepthState values, what
#: the page's evaluator computes: x, the outputs after 0..depth layers and every profile.
COMPUTE_JS = r"""
(pairs) => pairs.map(([s, d]) => {
  const c = nnshape.depth_compute(s, d);
  return {x: Array.from(c.x), outputs: c.outputs.map(y => Array.from(y)),
          profiles: c.profiles};
})
"""


def grid_of(net: dict) -> tuple[float, float, float]:
    """The grid of NetState values, read back from a page (``grid``) or as sent (``grid_*``)."""
    if "grid" in net:
        return tuple(net["grid"])
    return (net["grid_start"], net["grid_stop"], net["grid_step"])


def network_of(net: dict) -> Network:
    """The network a page's NetState values (``READ_JS``'s ``net``) describe."""
    spec = {
        "activation": net["activation"],
        "neurons": list(zip(net["weights"], net["biases"], strict=True)),
        "grid": grid_of(net),
    }
    if net.get("output_weights"):
        spec["output_weights"] = True
        spec["output"] = (list(net["v"]), net["c"])
    return Network.from_spec(spec)


def explorer_of(depth: dict) -> Explorer:
    """The explorer a page's DepthState values describe."""
    own = {
        k + 1: (depth["weights"][k], depth["biases"][k])
        for k in range(MAX_DEPTH)
        if depth["own"][k]
    }
    return Explorer(depth=depth["depth"], weight=depth["weight"], bias=depth["bias"], own=own)


def depth_values(explorer: Explorer) -> dict:
    """DepthState values for ``explorer`` (as ``dashboard.depth`` sends them), with the charts'
    activations."""
    from dashboard.depth import CHART, depth_values

    return {**depth_values(explorer), "shown": True, "chart": list(CHART)}


def oracle_profile(net: dict, layers: list[tuple[float, float]], activation: str) -> dict:
    """Range (max − min) and max |dy/dx| after 0..len(layers) layers, from the article's
    formulas in numpy: the sum of act(w·x − b) (times v, plus c), then y = act(w·y − b) and
    y′ = w·act′(w·y − b)·y′ layer by layer. Independent of ``model.depth``."""
    act, dact = STABLE[activation], DERIVATIVE[activation]
    start, stop, step = grid_of(net)
    x = np.arange(start, stop, step)
    weighed = bool(net.get("output_weights"))
    with np.errstate(under="ignore"):
        y = np.zeros_like(x)
        slope = np.zeros_like(x)
        for i, (w, b) in enumerate(zip(net["weights"], net["biases"], strict=True)):
            v = net["v"][i] if weighed else 1.0
            y = y + v * act(w * x - b)
            slope = slope + v * w * dact(w * x - b)
        if weighed:
            y = y + net["c"]
        ranges, steepest, outputs, slopes = [np.ptp(y)], [np.max(np.abs(slope))], [y], [slope]
        for w, b in layers:
            z = w * y - b
            y, slope = act(z), w * dact(z) * slope
            outputs.append(y)
            slopes.append(slope)
            ranges.append(np.ptp(y))
            steepest.append(np.max(np.abs(slope)))
    return {
        "ranges": np.array(ranges), "steepest": np.array(steepest),
        "outputs": outputs, "slopes": slopes,
    }  # fmt: skip


#: Outputs: each layer within this of the model's, relative to max(1, max |curve|) (the issue's
#: bar), plus what the layer before's difference becomes through this layer (numpy and V8 round
#: exp and tanh each within an ulp, not always to the same one).
TOLERANCE = 1e-12
#: The charts' numbers: 20 layers carry such last-bit differences through w·act′ twenty times;
#: where the layers shrink differences (|w|·max|act′| ≤ 1) they stay far inside this, relative
#: to max(1, the row's largest value).
CHART_TOLERANCE = 1e-9
#: Where the layers grow differences (|w|·max|act′| > 1, e.g. twenty layers of w = 2.9 on mish
#: grow one ulp ~3.2²⁰ ≈ 10¹⁰ times), the bar is that growth: ``chart_bounds``. Each layer's own
#: rounding, relative to max(1, the layer's largest |value|): a few ulps of exp, tanh, products
#: and sums, in numpy and V8 alike.
LAYER_ROUNDING = 1e-14


@cache
def lipschitz(name: str) -> float:
    """max |act′| (``parity.steepest``), once per activation."""
    from .parity import steepest

    return steepest(name)


@cache
def curvature(name: str) -> float:
    """max |act″| away from a kink (where act′ jumps, e.g. ReLU's 0), with 1 % to spare: central
    differences of the independent derivative."""
    z = np.linspace(-50, 50, 400_001)
    z, h = z[np.abs(z) > 1e-3], 1e-5
    with np.errstate(over="ignore", invalid="ignore"):
        d2 = (DERIVATIVE[name](z + h) - DERIVATIVE[name](z - h)) / (2 * h)
    return 1.01 * float(np.nanmax(np.abs(d2)))


def chart_bounds(oracle: dict, layers: list[tuple[float, float]], name: str) -> dict:
    """How far two honest evaluations of the charts' rows may differ, layer by layer: each
    layer's rounding plus what the difference before it becomes through the layer. With Δy(x)
    and Δs(x) bounding the output's and the slope's difference at each x after a layer, the next
    layer gives Δy′ = r + |w|·L₁·Δy and Δs′ = r + |w|·L₁·Δs + w²·L₂·|s|·Δy (L₁, L₂ = max |act′|,
    |act″|; r the layer's rounding); a range may be off by 2·max Δy, a steepest slope by
    max Δs. Never tighter than ``CHART_TOLERANCE``."""
    one, two = lipschitz(name), curvature(name)

    def rounding(values) -> float:
        return LAYER_ROUNDING * max(1.0, float(np.max(np.abs(values))))

    ys, ss = oracle["outputs"], oracle["slopes"]
    dy, ds = np.full_like(ys[0], rounding(ys[0])), np.full_like(ss[0], rounding(ss[0]))
    ranges, steepest = [2 * np.max(dy)], [np.max(ds)]
    with np.errstate(over="ignore", invalid="ignore"):
        for k, (w, _b) in enumerate(layers, start=1):
            dy, ds = (
                rounding(ys[k]) + abs(w) * one * dy,
                rounding(ss[k]) + abs(w) * one * ds + w * w * two * np.abs(ss[k - 1]) * dy,
            )
            ranges.append(2 * np.max(dy))
            steepest.append(np.max(ds))
    return {"ranges": np.array(ranges), "steepest": np.array(steepest)}


def _bar(want) -> float:
    return TOLERANCE * max(1.0, float(np.max(np.abs(want)))) if len(want) else TOLERANCE


def output_problems(net: dict, depth: dict, x, outputs) -> list[str]:
    """How the page's outputs after 0..depth layers differ from ``Explorer.stack``: the sum
    within the bar; each layer within the bar of the model's activation of the page's own layer
    before (strict), and of the model's layer plus the propagated difference."""
    from .parity import steepest

    network, explorer = network_of(net), explorer_of(depth)
    model = explorer.stack(network)
    act = network.activation
    fn = get_activation(act).fn
    problems = []
    if len(x) != len(network.x) or np.any(np.asarray(x) != network.x):
        return [f"the page's grid is not the model's ({len(x)} vs {len(network.x)} points)"]
    if len(outputs) != explorer.depth + 1:
        return [f"{len(outputs) - 1} layers drawn, depth {explorer.depth}"]
    page = [np.asarray(y, dtype=float) for y in outputs]
    diff = float(np.max(np.abs(page[0] - model.outputs[0])))
    if diff > _bar(model.outputs[0]):
        problems.append(f"{act} sum: off by {diff:.3g}")
    for k, (w, b) in enumerate(model.layers, start=1):
        want = model.outputs[k]
        step = float(np.max(np.abs(page[k] - fn(w * page[k - 1] - b))))
        if step > _bar(want):
            problems.append(f"{act} layer {k} on the page's layer {k - 1}: off by {step:.3g}")
        allowed = _bar(want) + steepest(act) * abs(w) * diff * (1 + 1e-9)
        diff = float(np.max(np.abs(page[k] - want)))
        if diff > allowed:
            problems.append(f"{act} layer {k}: off by {diff:.3g} (allowed {allowed:.3g})")
    return problems


def chart_problems(net: dict, depth: dict, profiles: dict, source: str = "model") -> list[str]:
    """How the page's ranges and steepest slopes (0..MAX_DEPTH layers, per activation) differ
    from the model's (``Explorer.profile``) or the independent numpy's (``oracle_profile``)."""
    explorer = explorer_of(depth)
    layers = explorer.layers(MAX_DEPTH)
    problems = []
    model = explorer.profile(network_of(net), list(profiles)) if source == "model" else None
    for name, got in profiles.items():
        oracle = oracle_profile(net, layers, name)
        bounds = chart_bounds(oracle, layers, name)
        want = (
            {"ranges": model[name].ranges, "steepest": model[name].steepest}
            if model is not None
            else oracle
        )
        for key in ("ranges", "steepest"):
            g = np.array([np.nan if v is None else v for v in got[key]], dtype=float)
            w = np.asarray(want[key], dtype=float)
            tol = np.maximum(CHART_TOLERANCE * max(1.0, float(np.max(np.abs(w)))), bounds[key])
            if g.shape != w.shape or not np.all(np.abs(g - w) <= tol):
                worst = float(np.max(np.abs(g - w))) if g.shape == w.shape else "shape"
                problems.append(f"{name} {key} against the {source}: off by {worst}")
    return problems
