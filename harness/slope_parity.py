"""Parity of the page's derivative view with ``model.calculus.derivatives()``.

The page draws dy/dx itself (``dashboard/js/slope.js``), from the same ``NetState`` as the
curves. Here, as ``harness.parity`` does for the curves:

- ``SLOPE_JS``: write each given state into the page's ``NetState`` with the derivative view on
  (as its switch does, so the page's own ``js_on_change`` redraws), wait for the drawing and
  read back the slope plot's data sources as raw float64 bytes, and whether the plot and its
  curves are visible; or only run the page's evaluator with the slopes (``nnshape.compute``
  with a slope cache, what the drawing calls) for the bulk of a sample;
- ``slope_problems``: how those slopes differ from ``derivatives(net)``, within
  ``TOLERANCE × max(1, max |curve|)`` per curve, and the curves computed in the same loop
  from ``Network.curves()`` (``harness.parity.parity_problems``).

The second layer's slope ``w2·act′(w2·sum − b2)·sum′`` is checked as ``harness.parity`` checks
the second layer: strictly, on the page's own sum and the page's own slope of it (the model's
derivative applied to them, within the bar); and against the model within the bar plus what
the slopes' own difference becomes through ``w2·act′``, wherever the page's sum equals the
model's. Where the sums differ in their last bit (numpy and V8 round exp, tanh and log1p each
within an ulp, not to the same one) ``act′`` is taken at another point, a kink's other side
even: there the strict check is the one that holds.
"""

from __future__ import annotations

import numpy as np

from model import ACTIVATIONS, Network
from model.calculus import derivatives

from .parity import (
    PAGE_JS,
    _bar,
    _worst,
    batched,
    curves_of,
    describe,
    parity_problems,
    row_problems,
    second_off_problems,
    unpack_rows,
)

#: ``async ({states, draw}) => {results, data}``, as ``harness.parity.EVALUATE_JS``, for the
#: slope plot: rows x, each neuron's share, the sum's slope, the second layer's, then the
#: curves drawn beside them (each neuron, sum, deep: with the view on, the page computes both
#: in one loop). ``results`` also say what is seen: the plot visible and laid out, each line's
#: renderer visible, and which neuron's share a line of its own draws (``live``, -1: none),
#: during a drag (js/slope.js).
SLOPE_JS = (
    "async ({states, draw}) => {"
    + PAGE_JS
    + r"""
  const neurons = named("slope_neurons"), sum = named("slope_sum");
  const deep = named("slope_deep"), live = named("slope_live");
  const curves = named("neurons").data_source, curves_sum = named("sum").data_source;
  const curves_deep = named("deep").data_source;
  const fig = models.find(m => m.type === "Figure" && m.name === "slope");
  const laid_out = () => {
    const el = nnshape.element_of(fig);
    if (el == null) return false;
    const box = el.getBoundingClientRect();
    return box.width > 100 && box.height > 100;
  };
  const read = () => {
    const x = sum.data_source.data.x, n = x.length;
    const d = neurons.data_source.data;
    const same_x = d.xs.every(xs => xs.length === n && xs.every((v, k) => v === x[k]))
      && deep.data_source.data.x.every((v, k) => v === x[k]);
    // The curves, on which the second layer's slope is taken (none while nothing is drawn).
    const drawn = n ? [...curves.data.ys, curves_sum.data.y, curves_deep.data.y] : [];
    const own = live.data_source.data;
    const live_index = live.visible ? d.ys.findIndex(y => y === own.y) : -1;
    pack(x, [x, ...d.ys, sum.data_source.data.y, deep.data_source.data.y, ...drawn], {
      same_x, figure: fig.visible, laid_out: laid_out(), curves: drawn.length,
      sum_visible: sum.visible, deep_visible: deep.visible, neurons_visible: neurons.visible,
      live: live_index, live_same_x: live_index < 0 || own.x === x,
      alpha: [...d.alpha], color: [...d.color], sum_color: sum.glyph.line_color.value ??
        sum.glyph.line_color, title: fig.title.text,
      legend: fig.center.concat(fig.right).filter(m => m.type === "Legend")
        .flatMap(l => l.items.filter(i => i.visible).map(i => i.label.value ?? i.label)),
    });
  };
  if (!states.length) {
    read();
    return answer();
  }
  if (!draw) {
    for (const values of states) {
      const d = {neurons: [], lo: [], hi: []};
      const c = nnshape.compute(values, {neurons: []}, d);
      const rows = [d.x, ...d.neurons, d.sum, d.deep, ...c.neurons, c.sum, c.deep];
      pack(d.x, rows, {same_x: true, curves: c.neurons.length + 2});
    }
    return answer();
  }
  await draw_each({slope: true}, read);
  return answer();
}"""
)


def unpack(answer: dict) -> list[dict]:
    """A ``SLOPE_JS`` answer as one dict per network: ``x``, ``neurons``, ``sum``, ``deep``,
    ``curves`` (the curves computed with them, as ``harness.parity.unpack``'s, or None when
    nothing was drawn), ``hidden_sum`` (their sum) and what the page said about what is seen."""
    out = []
    for rows, result in unpack_rows(answer):
        got = {k: v for k, v in result.items() if k not in ("length", "rows", "curves")}
        slopes, curves = rows[: len(rows) - result["curves"]], rows[len(rows) - result["curves"] :]
        got.update(x=rows[0], neurons=list(slopes[1:-2]), sum=slopes[-2], deep=slopes[-1])
        got["curves"] = curves_of(np.vstack([rows[:1], curves]), True) if len(curves) else None
        got["hidden_sum"] = curves[-2] if len(curves) else np.zeros(0)
        out.append(got)
    return out


def evaluate(page, nets: list[Network], draw: bool = True, budget: int = 8_000_000) -> list:
    """Draw (or only compute, ``draw`` False) each of ``nets``' slopes in ``page``."""
    return batched(page, SLOPE_JS, nets, draw, budget, 5, unpack, {"slope": True})


def drawn(page) -> dict:
    """What the slope plot holds now, and what of it is seen, writing nothing."""
    return unpack(page.evaluate(SLOPE_JS, {"states": [], "draw": True}))[0]


def slope_problems(net: Network, page: dict, stats: dict | None = None) -> list[str]:
    """How the page's slopes (``unpack``) differ from ``derivatives(net)``; [] when they agree."""
    want = derivatives(net)
    problems = []
    if page["curves"] is not None:  # computed in the same loop as the slopes
        found = parity_problems(net, page["curves"])
        problems += [f"the curves beside the slopes: {why}" for why in found]
    live = page.get("live", -1)
    if live >= 0 and not (page["alpha"][live] == 0 and page["live_same_x"]):
        problems.append(f"neuron {live + 1}'s share is drawn by its own line and by the others'")
    problems += row_problems(page, want, stats, prime="'")
    deep = page["deep"]
    if want["deep"] is None or problems:
        return problems + second_off_problems("deep'", deep, want["deep"])
    dact = ACTIVATIONS[net.activation].derivative
    w2, b2 = float(net.second.weight), float(net.second.bias)
    with np.errstate(under="ignore", over="ignore", invalid="ignore"):
        gain = w2 * dact(w2 * page["hidden_sum"] - b2)
        on_page = gain * page["sum"]
    why = _worst("deep' (on the page's sum and slope)", deep, on_page, _bar(on_page))
    if why:
        problems.append(why)
    same = page["hidden_sum"] == net.curves()["sum"]
    with np.errstate(over="ignore", invalid="ignore"):
        carried = np.abs(gain) * np.abs(page["sum"] - want["sum"])
    allowed = np.where(same, _bar(want["deep"]) + carried, np.inf)
    why = _worst("deep'", deep, want["deep"], allowed)
    if why:
        problems.append(why)
    if stats is not None and not problems:
        rel = float(np.max(np.abs(deep - on_page))) / max(1.0, float(np.max(np.abs(on_page))))
        stats["deep' on its sum"] = max(stats.get("deep' on its sum", 0.0), rel)
        stats["deep' points on another sum"] = stats.get("deep' points on another sum", 0) + int(
            np.sum(~same)
        )
    return problems


def check_all(page, named: list[tuple[str, Network]], stats: dict, draw: bool = True) -> list:
    """Every difference of the page's slopes from the model, each under its network's name."""
    problems = []
    for (name, net), got in zip(named, evaluate(page, [n for _, n in named], draw), strict=True):
        found = slope_problems(net, got, stats)
        if draw and not (got["figure"] and got["laid_out"]):
            found.append("the slope plot is not shown while the view is on")
        if found:
            problems.append(f"{name} ({describe(net)}):\n  " + "\n  ".join(found))
    key = "drawn" if draw else "computed"
    stats[key] = stats.get(key, 0) + len(named)
    return problems


__all__ = ["SLOPE_JS", "check_all", "drawn", "evaluate", "slope_problems"]
