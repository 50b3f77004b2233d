"""Parity of the page's derivative view with ``model.calculus.derivatives()``.

The page draws dy/dx itself (``dashboard/js/slope.js``), from the same ``NetState`` as the
curves. Here, as ``harness.parity`` does for the curves:

- ``SLOPE_JS``: write each given state into the page's ``NetState`` with the derivative view on
  (as its switch does, so the page's own ``js_on_change`` redraws), wait for the drawing and
  read back the slope plot's data sources as raw float64 bytes, and whether the plot and its
  curves are visible; or only run the page's slope evaluator (``nnshape.compute_slope``, what
  the drawing calls) for the bulk of a sample;
- ``slope_problems``: how those slopes differ from ``derivatives(net)``, within
  ``TOLERANCE × max(1, max |curve|)`` per curve.

The second layer's slope ``w2·act′(w2·sum − b2)·sum′`` is checked as ``harness.parity`` checks
the second layer: strictly, on the page's own sum and the page's own slope of it (the model's
derivative applied to them, within the bar); and against the model within the bar plus what
the slopes' own difference becomes through ``w2·act′``, wherever the page's sum equals the
model's. Where the sums differ in their last bit (numpy and V8 round exp, tanh and log1p each
within an ulp, not to the same one) ``act′`` is taken at another point, a kink's other side
even: there the strict check is the one that holds.
"""

from __future__ import annotations

import base64
import gzip

import numpy as np

from model import ACTIVATIONS, Network
from model.calculus import derivatives

from .browser import REACHABLE_JS
from .parity import TOLERANCE, _worst, describe, page_state

#: ``async ({states, draw}) => {results, data}``, as ``harness.parity.EVALUATE_JS``, for the
#: slope plot: rows x, each neuron's share, the sum's slope, the second layer's, and the
#: curves' sum (the second layer's slope is taken on it). ``results`` also say what is seen:
#: the plot visible and laid out, each line's renderer visible.
SLOPE_JS = (
    "async ({states, draw}) => {"
    + REACHABLE_JS
    + r"""
  const models = reachable();
  const found = models.filter(m => /NetState/.test(m.type));
  if (found.length !== 1) throw new Error(`${found.length} NetState models in the page`);
  const state = found[0];
  const renderer = name => {
    const r = models.find(m => m.type === "GlyphRenderer" && m.name === name);
    if (!r) throw new Error(`no curve named ${name}`);
    return r;
  };
  const neurons = renderer("slope_neurons"), sum = renderer("slope_sum");
  const deep = renderer("slope_deep"), curves_sum = renderer("sum");
  const fig = models.find(m => m.type === "Figure" && m.name === "slope");
  const laid_out = () => {
    for (const root of Object.values(Bokeh.index)) {
      const stack = [root];
      while (stack.length) {
        const view = stack.pop();
        if (view.model === fig) {
          const box = view.el.getBoundingClientRect();
          return box.width > 100 && box.height > 100;
        }
        if (typeof view.children === "function") stack.push(...view.children());
      }
    }
    return false;
  };
  const parts = [], results = [];
  const pack = (x, rows, extra) => {
    const n = x.length;
    const buf = new Float64Array(rows.length * n);
    rows.forEach((row, i) => {
      if (row.length !== n) throw new Error(`row ${i} has ${row.length} points, x ${n}`);
      buf.set(row, i * n);
    });
    parts.push(buf.buffer);
    results.push({length: n, rows: rows.length, ...extra});
  };
  const read = () => {
    const x = sum.data_source.data.x, n = x.length;
    const d = neurons.data_source.data;
    const same_x = d.xs.every(xs => xs.length === n && xs.every((v, k) => v === x[k]))
      && deep.data_source.data.x.every((v, k) => v === x[k]);
    // The curves' sum, on which the second layer's slope is taken (none while nothing is).
    const hidden = n ? curves_sum.data_source.data.y : new Float64Array(0);
    pack(x, [x, ...d.ys, sum.data_source.data.y, deep.data_source.data.y, hidden], {
      same_x, figure: fig.visible, laid_out: laid_out(),
      sum_visible: sum.visible, deep_visible: deep.visible, neurons_visible: neurons.visible,
      alpha: [...d.alpha], color: [...d.color], sum_color: sum.glyph.line_color.value ??
        sum.glyph.line_color, title: fig.title.text,
      legend: fig.center.concat(fig.right).filter(m => m.type === "Legend")
        .flatMap(l => l.items.filter(i => i.visible).map(i => i.label.value ?? i.label)),
    });
  };
  const answer = async () => {
    const zipped = new Blob(parts).stream().pipeThrough(new CompressionStream("gzip"));
    const blob = await new Response(zipped).blob();
    const url = await new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result);
      reader.onerror = () => reject(reader.error);
      reader.readAsDataURL(blob);
    });
    return {results, data: url.slice(url.indexOf(",") + 1)};
  };
  if (!states.length) {
    read();
    return answer();
  }
  if (!draw) {
    for (const values of states) {
      const c = nnshape.compute(values, {neurons: []});
      const d = nnshape.compute_slope(values, c, {neurons: []});
      pack(d.x, [d.x, ...d.neurons, d.sum, d.deep, c.sum], {same_x: true});
    }
    return answer();
  }
  for (const values of states) {
    const before = nnshape.draws;
    state.setv({...values, slope: true, revision: state.revision + 1}, {sync: false});
    const t0 = performance.now();
    for (let i = 0; i < 1000 && nnshape.draws === before; i++) await null;
    while (nnshape.draws === before) {
      if (performance.now() - t0 > 20000) throw new Error("the page did not draw in 20 s");
      await new Promise(resolve => setTimeout(resolve, 0));
    }
    read();
    await new Promise(resolve => {  // one task: see harness.parity.EVALUATE_JS
      const channel = new MessageChannel();
      channel.port1.onmessage = resolve;
      channel.port2.postMessage(null);
    });
  }
  return answer();
}"""
)


def unpack(answer: dict) -> list[dict]:
    """A ``SLOPE_JS`` answer as one dict per network: ``x``, ``neurons``, ``sum``, ``deep``,
    ``hidden_sum`` (the curves' sum) and what the page said about what is seen."""
    values = np.frombuffer(gzip.decompress(base64.b64decode(answer["data"])), dtype="<f8")
    out, at = [], 0
    for result in answer["results"]:
        n, count = result["length"], result["rows"]
        rows = values[at : at + n * count].reshape(count, n)
        at += n * count
        got = {k: v for k, v in result.items() if k not in ("length", "rows")}
        got.update(x=rows[0], neurons=list(rows[1:-3]), sum=rows[-3], deep=rows[-2])
        got["hidden_sum"] = rows[-1]
        out.append(got)
    if at != values.size:
        raise AssertionError(f"the page sent {values.size} values, {at} expected")
    return out


def evaluate(page, nets: list[Network], draw: bool = True, budget: int = 8_000_000) -> list:
    """Draw (or only compute, ``draw`` False) each of ``nets``' slopes in ``page``."""
    out: list[dict] = []
    batch: list[dict] = []
    size = 0

    def flush():
        nonlocal batch, size
        if batch:
            out.extend(unpack(page.evaluate(SLOPE_JS, {"states": batch, "draw": draw})))
        batch, size = [], 0

    for net in nets:
        cost = 8 * len(net.x) * (len(net.neurons) + 4)
        if size and size + cost > budget:
            flush()
        batch.append({**page_state(net), "slope": True})
        size += cost
    flush()
    return out


def drawn(page) -> dict:
    """What the slope plot holds now, and what of it is seen, writing nothing."""
    return unpack(page.evaluate(SLOPE_JS, {"states": [], "draw": True}))[0]


def _bar(want: np.ndarray) -> float:
    return TOLERANCE * max(1.0, float(np.max(np.abs(want)))) if want.size else TOLERANCE


def slope_problems(net: Network, page: dict, stats: dict | None = None) -> list[str]:
    """How the page's slopes (``unpack``) differ from ``derivatives(net)``; [] when they agree."""
    want = derivatives(net)
    problems = []
    checks = [("x", page["x"], want["x"])]
    if len(page["neurons"]) != len(want["neurons"]):
        problems.append(f"the page drew {len(page['neurons'])} shares, the model has "
                        f"{len(want['neurons'])}")  # fmt: skip
    else:
        pairs = zip(page["neurons"], want["neurons"], strict=True)
        checks += [(f"n{i}'", g, w) for i, (g, w) in enumerate(pairs)]
    checks.append(("sum'", page["sum"], want["sum"]))
    if not page["same_x"]:
        problems.append("a share's or the second layer's slope is not drawn on the sum's x")
    for name, got, w in checks:
        why = _worst(name, got, w, _bar(w))
        if why:
            problems.append(why)
        elif stats is not None and w.size and name != "x":
            kind = "sum'" if name == "sum'" else "shares"
            rel = float(np.max(np.abs(got - w))) / max(1.0, float(np.max(np.abs(w))))
            stats[kind] = max(stats.get(kind, 0.0), rel)
    deep = page["deep"]
    if want["deep"] is None:
        if not np.all(np.isnan(deep)):
            problems.append("deep': the second layer is off but the page drew numbers for it")
        return problems
    if problems:
        return problems
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
