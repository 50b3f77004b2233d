"""Parity of the page's evaluator with the model: random networks, their page state, and the check.

(Over 300 lines on purpose: the sample, the page's side and the check are read together.)

The page draws the curves itself (``dashboard/js/curves.js``) from one ``NetState`` model. Here:

- ``random_spec``: a random network, as ``Network.configure``'s arguments, from a mixture that
  favours what breaks arithmetic: weights and biases at ±1e6, 0, -0, subnormals, every
  magnitude between; 1 to 64 neurons; grids of 2 to 20,000 points, out to ±1e6.
- ``EVALUATE_JS``: in a page that shows the dashboard, write each given state into its
  ``NetState`` (as a slider would, so the page's own ``js_on_change`` redraws), wait for the
  drawing, and read back the drawn data sources as raw float64 bytes (exact, and gzipped: moving
  them out of the page costs more than anything the page computes); or only run the page's
  evaluator on each state, for the bulk of a sample.
- ``parity_problems``: how those curves differ from ``Network.curves()``, the source of truth,
  within ``TOLERANCE × max(1, max |curve|)`` per curve.

The second layer is the one place where the bar is not a property of the evaluator alone:
numpy (SIMD) and V8 each round exp, tanh and log1p to within an ulp, not to the same ulp, and
``act(w2·sum − b2)`` multiplies the sum's last-bit difference by ``w2`` (up to 1e6). So the
second layer is checked twice: strictly (the page's layer 2 on the page's own sum equals the
model's activation of it, within the bar), and against ``Network.curves()`` within the bar plus
a bound on that propagated difference, ``L · (|w2 · Δsum| + 2 ulp(w2 · sum))`` where the sums
differ (``L`` the activation's largest slope). Measured here: a 5e5 gain at a tanh layer's
steepest point, where the sums differ by one ulp, puts the layers 1.2e-10 apart.
"""

from __future__ import annotations

import base64
import gzip
import os
import random
import secrets
from functools import cache

import numpy as np

from model import ACTIVATIONS, MAX_GRID_POINTS, MAX_NEURONS, WEIGHT_LIMIT, Network
from model.parameters import grid_size

from .browser import REACHABLE_JS

#: The issue's bar: page and model agree within this, relative to max(1, max |curve|).
TOLERANCE = 1e-12


def seed() -> int:
    """``NNSHAPE_PARITY_SEED`` if set, else a fresh one: each run samples different networks."""
    text = os.environ.get("NNSHAPE_PARITY_SEED")
    return int(text) if text else secrets.randbits(32)


def scaled(count: int) -> int:
    """``count`` times ``NNSHAPE_PARITY_SCALE`` (default 1; e.g. 20 for a long local run)."""
    return max(1, round(count * float(os.environ.get("NNSHAPE_PARITY_SCALE", "1"))))


# -- random networks -----------------------------------------------------------------------------


def random_value(rng: random.Random) -> float:
    """A weight or bias: what a slider gives, any decimal, any magnitude, and the edges."""
    r = rng.random()
    sign = rng.choice((-1.0, 1.0))
    if r < 0.25:
        return round(rng.uniform(-10, 10), 1)  # a slider's step
    if r < 0.45:
        return rng.uniform(-10, 10)
    if r < 0.70:
        return sign * min(WEIGHT_LIMIT, 10 ** rng.uniform(-8, 6))
    if r < 0.82:
        return sign * WEIGHT_LIMIT
    if r < 0.88:
        return sign * (WEIGHT_LIMIT - rng.uniform(0, 1))
    if r < 0.94:
        return sign * 0.0
    return sign * rng.choice((5e-324, 2.2250738585072014e-308, 1e-300))


def grid_of(start: float, step: float, points: int) -> tuple[float, float, float]:
    """A grid ``np.arange`` makes exactly ``points`` long (the stop half a step past the last)."""
    stop = start + step * (points - 0.5)
    assert grid_size(start, stop, step) == points, (start, stop, step, points)
    return (start, stop, step)


def random_grid(rng: random.Random, points: int | None = None) -> tuple[float, float, float]:
    """The article's grids, random ones of 2 to 2,000 points, out to ±1e6; ``points`` if given."""
    r = rng.random()
    if points is None and r < 0.3:
        return rng.choice([(-5.0, 5.0, 0.1), (-5.0, 10.0, 0.1)])
    if points is None:
        points = rng.choice([2, 3, rng.randint(2, 200), rng.randint(200, 2000)])
    if r < 0.8:
        step = 10 ** rng.uniform(-4, 0)
        start = rng.uniform(-50, 50)
    else:  # out to the grid's limits, where x·w reaches 1e12
        step = 1.9e6 / points
        start = -1e6 + rng.uniform(0, 0.05e6)
    return grid_of(start, step, points)


def random_spec(rng: random.Random, neurons: int | None = None, points: int | None = None) -> dict:
    """A random network as ``Network.configure``'s arguments."""
    if neurons is None:
        neurons = rng.choice([1, 1, 2, 3, 3, 4, 5, rng.randint(6, 16), rng.randint(1, MAX_NEURONS)])
    return {
        "activation": rng.choice(list(ACTIVATIONS)),
        "neurons": [(random_value(rng), random_value(rng)) for _ in range(neurons)],
        "second": (random_value(rng), random_value(rng)),
        "second_enabled": rng.random() < 0.7,
        "output_weights": rng.random() < 0.3,
        "output": ([random_value(rng) for _ in range(neurons)], random_value(rng)),
        "grid": random_grid(rng, points),
    }


def sample(rng: random.Random, count: int) -> list[dict]:
    """``count`` random networks; one in 25 on a 20,000-point grid (with 1 to 4 neurons)."""
    out = []
    for i in range(count):
        if i % 25 == 12:
            out.append(random_spec(rng, neurons=rng.randint(1, 4), points=MAX_GRID_POINTS))
        else:
            out.append(random_spec(rng))
    return out


def extremes(rng: random.Random, largest: bool = True) -> list[dict]:
    """Hand-made edges: 64 neurons at ±1e6 at every activation, the largest network there is
    (64 neurons on 20,000 points: ``largest``) and the shortest grid."""
    big = [(WEIGHT_LIMIT * (-1) ** i, WEIGHT_LIMIT * (-1) ** (i // 2)) for i in range(MAX_NEURONS)]
    specs = [
        {"activation": name, "neurons": big, "second": (WEIGHT_LIMIT, -WEIGHT_LIMIT),
         "second_enabled": True, "grid": grid_of(-1e6, 1.9e6 / 500, 500)}
        for name in ACTIVATIONS
    ]  # fmt: skip
    if largest:
        specs.append(
            {"activation": rng.choice(list(ACTIVATIONS)), "neurons": big,
             "second": (-WEIGHT_LIMIT, WEIGHT_LIMIT), "second_enabled": True,
             "grid": grid_of(-1e6, 100.0, MAX_GRID_POINTS)}
        )  # fmt: skip
    specs.append(
        {"activation": "mish", "neurons": [(1e-300, -5e-324)], "second": (0.0, -0.0),
         "second_enabled": True, "grid": grid_of(-1e-3, 1e-3, 2)}
    )  # fmt: skip
    return specs


def ill_conditioned() -> list[dict]:
    """Second layers that carry the sum's last bit into their 6th significant digit."""
    specs = []
    neurons = [(1.0, 0.3), (0.7, -1.1)]
    for name in ("tanh", "sigmoid", "mish"):
        # w2·sum − b2 = 0 at the k-th x: there the second layer sits on its steepest point at
        # a gain of up to 5e5. numpy and V8 round tanh, exp and log1p each within an ulp, not
        # always to the same one: where the sums differ in their last bit, so do these layers.
        hidden_sum = Network.from_spec({"activation": name, "neurons": neurons}).curves()["sum"]
        for k in (2, 23, 50, 77):
            w2 = min(5e5, 0.9 * WEIGHT_LIMIT / max(1.0, abs(float(hidden_sum[k]))))
            specs.append(
                {"activation": name, "neurons": neurons, "second": (w2, float(w2 * hidden_sum[k])),
                 "second_enabled": True, "grid": (-5.0, 5.0, 0.1)}
            )  # fmt: skip
    return specs


def every_figure_and_activation() -> list[tuple[str, dict]]:
    """Each of the article's figures as it is, then with each other activation."""
    from model.article import FIGURES, figure

    out = []
    for figure_id in FIGURES:
        spec = figure(figure_id).spec()
        out.append((figure_id, spec))
        for name in ACTIVATIONS:
            if name != spec["activation"]:
                out.append((f"{figure_id} with {name}", {**spec, "activation": name}))
    return out


def page_state(net: Network) -> dict:
    """The NetState values the page would hold for ``net`` (``dashboard.plots.state_values``)."""
    from dashboard.plots import state_values

    return state_values(net, _view())


@cache
def _view():
    from model.view import View

    return View()  # read only; making one per network would cost more than drawing it


# -- the page ------------------------------------------------------------------------------------

#: The page side every reader of drawn data shares (here and ``harness.slope_parity``), inside
#: an ``async ({states, draw}) => {…}``: ``state``, the page's one NetState; ``named(name)``,
#: the renderer of that name; ``pack(x, rows, extra)``, one network's float64 rows (each as
#: long as ``x``) and what else is said of it; ``answer()``, all that was packed: {results,
#: data}, ``data`` base64 of the gzipped rows (exact; moving them out of the page costs more
#: than anything the page computes); ``draw_each(extra, read)``: write each of ``states``
#: (and ``extra``) into the state, as a slider does, wait until the page has drawn it and
#: ``read()``.
PAGE_JS = (
    REACHABLE_JS
    + r"""
  const models = reachable();
  const found = models.filter(m => /NetState/.test(m.type));
  if (found.length !== 1) throw new Error(`${found.length} NetState models in the page`);
  const state = found[0];
  const named = name => {
    const r = models.find(m => m.type === "GlyphRenderer" && m.name === name);
    if (!r) throw new Error(`no curve named ${name}`);
    return r;
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
  const draw_each = async (extra, read) => {
    for (const values of states) {
      const before = nnshape.draws;
      state.setv({...values, ...extra, revision: state.revision + 1}, {sync: false});
      const t0 = performance.now();
      // Microtasks first: the page draws in one (curves.js), and a task would let the browser
      // paint every network in between, which costs far more than computing it.
      for (let i = 0; i < 1000 && nnshape.draws === before; i++) await null;
      while (nnshape.draws === before) {
        if (performance.now() - t0 > 20000) throw new Error("the page did not draw in 20 s");
        await new Promise(resolve => setTimeout(resolve, 0));
      }
      read();
      // Then one task, no paint needed: Bokeh's renderers take up a change asynchronously,
      // and two changes in one task would have them read the second's columns half way
      // through the first (a RangeError in BokehJS; a person's edits come in separate tasks).
      await new Promise(resolve => {
        const channel = new MessageChannel();
        channel.port1.onmessage = resolve;
        channel.port2.postMessage(null);
      });
    }
  };
"""
)

#: ``async ({states, draw}) => {results, data}``: for each state, write it into the page's one
#: NetState (``draw_each``: bumping ``revision``, so that an unchanged state redraws too), and
#: read back what its data sources hold. ``states`` empty: read what is drawn. ``draw`` false:
#: only run the page's evaluator (``nnshape.compute``, what the drawing calls) on each state,
#: drawing nothing: a tenth of the time, for the bulk of a sample. Each network's rows: x, each
#: neuron, sum, deep; ``same_x`` says every neuron's row and the second layer's were drawn on
#: that same x.
EVALUATE_JS = (
    "async ({states, draw}) => {"
    + PAGE_JS
    + r"""
  const neurons = named("neurons").data_source, sum = named("sum").data_source;
  const deep = named("deep").data_source;
  const read = () => {
    const x = sum.data.x, n = x.length;
    const same_x = neurons.data.xs.every(xs => xs.length === n && xs.every((v, k) => v === x[k]))
      && deep.data.x.length === n && deep.data.x.every((v, k) => v === x[k]);
    pack(x, [x, ...neurons.data.ys, sum.data.y, deep.data.y], {same_x});
  };
  if (!states.length) {
    read();
    return answer();
  }
  if (!draw) {
    // The page's evaluator alone, on each state, as the drawing calls it.
    for (const values of states) {
      const c = nnshape.compute(values, {neurons: []});
      pack(c.x, [c.x, ...c.neurons, c.sum, c.deep], {same_x: true});
    }
    return answer();
  }
  await draw_each({}, read);
  return answer();
}"""
)


def unpack_rows(answer: dict) -> list[tuple[np.ndarray, dict]]:
    """A ``PAGE_JS`` answer: each network's rows (a 2-d array, exactly as the page held them)
    and what else the page said of it."""
    values = np.frombuffer(gzip.decompress(base64.b64decode(answer["data"])), dtype="<f8")
    out, at = [], 0
    for result in answer["results"]:
        n, count = result["length"], result["rows"]
        out.append((values[at : at + n * count].reshape(count, n), result))
        at += n * count
    if at != values.size:
        raise AssertionError(f"the page sent {values.size} values, {at} expected")
    return out


def curves_of(rows: np.ndarray, same_x: bool) -> dict:
    """Rows x, each neuron, sum, deep as ``{"x", "neurons", "sum", "deep", "same_x"}``."""
    return {
        "x": rows[0],
        "neurons": list(rows[1:-2]),
        "sum": rows[-2],
        "deep": rows[-1],
        "same_x": same_x,
    }


def unpack(answer: dict) -> list[dict]:
    """An ``EVALUATE_JS`` answer as one ``{"x", "neurons", "sum", "deep", "same_x"}`` per
    network, the arrays exactly as the page held them."""
    return [curves_of(rows, result["same_x"]) for rows, result in unpack_rows(answer)]


def batched(
    page,
    js: str,
    nets: list[Network],
    draw: bool,
    budget: int,
    rows: int,
    read,
    extra: dict | None = None,
) -> list:
    """Run ``js`` (a ``PAGE_JS`` reader) on each of ``nets``' page states (plus ``extra``), in
    batches whose answers carry not much more than ``budget`` bytes (``rows`` rows a network
    more than its neurons); ``read`` turns an answer into one result per network."""
    out: list = []
    batch: list[dict] = []
    size = 0

    def flush():
        nonlocal batch, size
        if batch:
            out.extend(read(page.evaluate(js, {"states": batch, "draw": draw})))
        batch, size = [], 0

    for net in nets:
        cost = 8 * len(net.x) * (len(net.neurons) + rows)
        if size and size + cost > budget:
            flush()
        batch.append({**page_state(net), **(extra or {})})
        size += cost
    flush()
    return out


def evaluate(page, nets: list[Network], draw: bool = True, budget: int = 12_000_000) -> list:
    """Draw each of ``nets`` in ``page`` and return what the page drew for each (``unpack``);
    ``draw`` False: what the page's evaluator computes for each, drawing nothing."""
    return batched(page, EVALUATE_JS, nets, draw, budget, 3, unpack)


def drawn(page) -> dict:
    """What the page draws now (``unpack``), writing nothing."""
    return unpack(page.evaluate(EVALUATE_JS, {"states": [], "draw": True}))[0]


def wait_until_drawn(page, net: Network, what: str = "the page", timeout: float = 10.0) -> None:
    """Poll until the page draws ``net``'s curves (``Network.curves()``, output weights and all)
    within ``TOLERANCE``; fail with how they differ."""
    from .browser import poll

    poll(page, lambda: parity_problems(net, drawn(page)), lambda found: found == [], timeout,
         what)  # fmt: skip


# -- the check -----------------------------------------------------------------------------------


@cache
def steepest(name: str) -> float:
    """The largest slope of activation ``name`` (a Lipschitz constant), with 1 % to spare."""
    z = np.linspace(-50, 50, 400_001)
    return 1.01 * float(np.max(np.abs(ACTIVATIONS[name].derivative(z))))


def _bar(want: np.ndarray) -> float:
    return TOLERANCE * max(1.0, float(np.max(np.abs(want)))) if want.size else TOLERANCE


def _worst(name: str, got: np.ndarray, want: np.ndarray, allowed) -> str | None:
    """Why ``got`` is not ``want`` within ``allowed`` (a number or per point), or None."""
    if got.shape != want.shape:
        return f"{name}: {got.shape[0]} points, the model {want.shape[0]}"
    if not np.all(np.isfinite(got)):
        bad = np.flatnonzero(~np.isfinite(got))
        return f"{name}: not finite at {bad[:5].tolist()} ({got[bad[0]]!r})"
    with np.errstate(over="ignore", invalid="ignore"):
        diff = np.abs(got - want)
    bad = ~(diff <= allowed)
    if not bad.any():
        return None
    i = int(np.argmax(np.where(bad, diff, -1.0)))
    limit = allowed[i] if np.ndim(allowed) else allowed
    return (
        f"{name}: {int(bad.sum())} of {got.size} points differ by more than allowed; worst at "
        f"index {i}: page {got[i]!r}, model {want[i]!r} (|Δ| {diff[i]:.3g} > {limit:.3g})"
    )


def row_problems(page: dict, want: dict, stats: dict | None = None, prime: str = "") -> list:
    """How the page's x, neuron rows and sum differ from ``want``'s, each within the bar: the
    model's curves, or (``prime`` "'") their slopes. ``stats`` (if given) collects the largest
    relative difference per kind."""
    what = "shares" if prime else "neurons"
    problems = []
    checks = [("x", page["x"], want["x"])]
    if len(page["neurons"]) != len(want["neurons"]):
        problems.append(f"the page drew {len(page['neurons'])} {what}, the model has "
                        f"{len(want['neurons'])}")  # fmt: skip
    else:
        pairs = zip(page["neurons"], want["neurons"], strict=True)
        checks += [(f"n{i}{prime}", g, w) for i, (g, w) in enumerate(pairs)]
    checks.append((f"sum{prime}", page["sum"], want["sum"]))
    if not page["same_x"]:
        problems.append(f"a row of the {what} or the second layer's is not drawn on the sum's x")
    for name, got, w in checks:
        why = _worst(name, got, w, _bar(w))
        if why:
            problems.append(why)
        elif stats is not None and w.size and not (prime and name == "x"):
            kind = name if name in ("x", "sum", "sum'") else what
            rel = float(np.max(np.abs(got - w))) / max(1.0, float(np.max(np.abs(w))))
            stats[kind] = max(stats.get(kind, 0.0), rel)
    return problems


def second_off_problems(name: str, deep: np.ndarray, want) -> list[str]:
    """With the second layer off (``want`` None) the page draws no number for it."""
    if want is not None or np.all(np.isnan(deep)):
        return []
    return [f"{name}: the second layer is off but the page drew numbers for it"]


def parity_problems(net: Network, page: dict, stats: dict | None = None) -> list[str]:
    """How the page's curves (``unpack``) differ from ``net.curves()``; [] when they agree.

    ``stats`` (if given) collects the largest relative difference per curve kind and how many
    second-layer points needed the propagated allowance.
    """
    want = net.curves()
    problems = row_problems(page, want, stats)
    deep = page["deep"]
    if want["deep"] is None or problems:
        return problems + second_off_problems("deep", deep, want["deep"])
    act = ACTIVATIONS[net.activation].fn
    w2, b2 = float(net.second.weight), float(net.second.bias)
    # Strictly: the page's second layer, on the page's own sum.
    with np.errstate(under="ignore"):
        on_page_sum = act(w2 * page["sum"] - b2)
    why = _worst("deep (on the page's sum)", deep, on_page_sum, _bar(on_page_sum))
    if why:
        problems.append(why)
    # Against the model: the bar, plus what the sum's difference becomes through w2.
    # Where the sums differ, so do the products w2·sum, by that times w2 and each product's own
    # rounding (an ulp of it); the subtraction of b2 near cancellation is exact.
    moved = page["sum"] != want["sum"]
    spread = abs(w2) * np.abs(page["sum"] - want["sum"]) + 2 * np.spacing(np.abs(w2 * want["sum"]))
    carried = np.where(moved, steepest(net.activation) * spread, 0.0)
    bar = _bar(want["deep"])
    why = _worst("deep", deep, want["deep"], bar + carried)
    if why:
        problems.append(why)
    if stats is not None and not problems:
        scale = bar / TOLERANCE
        strict = float(np.max(np.abs(deep - on_page_sum))) / max(1.0, np.max(np.abs(on_page_sum)))
        stats["deep on its sum"] = max(stats.get("deep on its sum", 0.0), strict)
        diff = np.abs(deep - want["deep"])
        stats["deep"] = max(stats.get("deep", 0.0), float(np.max(diff)) / scale)
        stats["deep points carried"] = stats.get("deep points carried", 0) + int(np.sum(diff > bar))
    return problems


def check_all(page, named: list[tuple[str, Network]], stats: dict, draw: bool = True) -> list:
    """Draw every network of ``named`` in ``page`` (or only compute it: ``evaluate``); every
    difference from the model, each under its network's name."""
    results = evaluate(page, [net for _, net in named], draw)
    problems = []
    for (name, net), got in zip(named, results, strict=True):
        found = parity_problems(net, got, stats)
        if found:
            problems.append(f"{name} ({describe(net)}):\n  " + "\n  ".join(found))
    key = "drawn" if draw else "computed"
    stats[key] = stats.get(key, 0) + len(named)
    values = sum(len(n.x) * (len(n.neurons) + 2) for _, n in named)
    stats[f"{key} values"] = stats.get(f"{key} values", 0) + values
    return problems


def describe(net: Network) -> str:
    spec = net.spec()
    neurons = spec["neurons"]
    shown = ", ".join(f"({w!r}, {b!r})" for w, b, _ in neurons[:4])
    more = f", … {len(neurons)} in all" if len(neurons) > 4 else ""
    second = spec["second"] if spec["second_enabled"] else "off"
    return (
        f"{spec['activation']}, neurons [{shown}{more}], second {second}, grid {spec['grid']} "
        f"({len(net.x)} points)"
    )


def networks(specs: list[dict], prefix: str) -> list[tuple[str, Network]]:
    """Each spec as a Network, named ``prefix`` and its position (for ``check_all``)."""
    return [(f"{prefix} {i}", Network.from_spec(spec)) for i, spec in enumerate(specs)]


__all__ = [
    "EVALUATE_JS",
    "PAGE_JS",
    "TOLERANCE",
    "batched",
    "check_all",
    "drawn",
    "evaluate",
    "every_figure_and_activation",
    "extremes",
    "ill_conditioned",
    "networks",
    "parity_problems",
    "random_spec",
    "row_problems",
    "sample",
    "scaled",
    "second_off_problems",
    "seed",
    "unpack_rows",
    "wait_until_drawn",
]
