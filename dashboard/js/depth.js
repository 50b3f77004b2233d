// The depth explorer, drawn by the page: the second layer's neuron stacked on the hidden sum.
//
// Layer k computes y_k = act(w_k·y_(k−1) − b_k), y_0 the hidden sum; its slope by the chain
// rule, y_k′ = w_k·act′(w_k·y_(k−1) − b_k)·y_(k−1)′. Written operation for operation as
// model.depth.stack (and the sum as model.calculus adds it), so the page and the model agree
// to the last bits (tests/ui/test_depth.py checks it in Chromium).
//
// It reads two models: the page's NetState (the network: dashboard/plots.py) and a DepthState
// (the explorer: dashboard/depth.py), and redraws when either changes, in place, with nothing
// sent back to the server. The charts' numbers (each activation's range and steepest slope
// after 0 to MAX_DEPTH layers) and the sentence are computed here too, so they follow the
// sliders at once and stay true in the exported file.
;(function () {
  const nn = (window.nnshape = window.nnshape || {})
  if (nn.depth_draw) return

  // The hidden sum with activation ``name`` and its slope, as model.calculus computes them:
  // each neuron's act(w·x − b) (times v with output weights), added left to right, plus c.
  nn.depth_sum = function (s, name, x) {
    const act = nn.ACT[name], dact = nn.DACT[name]
    const n = x.length, count = s.weights.length, weighed = s.output_weights
    const sum = new Float64Array(n), slope = new Float64Array(n)
    for (let i = 0; i < count; i++) {
      const w = s.weights[i], b = s.biases[i], v = weighed ? s.v[i] : 1
      for (let k = 0; k < n; k++) {
        const z = w * x[k] - b
        let y = act(z), share = w * dact(z)
        if (weighed) { y = v * y; share = v * share }
        if (i === 0) { sum[k] = y; slope[k] = share } else { sum[k] += y; slope[k] += share }
      }
    }
    if (weighed) {
      const c = s.c
      for (let k = 0; k < n; k++) sum[k] += c
    }
    return [sum, slope]
  }

  // np.max(y) − np.min(y) and np.max(np.abs(d)): NaN if any value is NaN, as numpy's.
  const spread = (y) => {
    let lo = Infinity, hi = -Infinity
    for (let k = 0; k < y.length; k++) {
      const v = y[k]
      if (v !== v) return NaN
      if (v < lo) lo = v
      if (v > hi) hi = v
    }
    return hi - lo
  }
  const steepest = (d) => {
    let hi = -Infinity
    for (let k = 0; k < d.length; k++) {
      const v = Math.abs(d[k])
      if (v !== v) return NaN
      if (v > hi) hi = v
    }
    return hi
  }

  // One activation's stack on the grid x: ranges and steepest slopes after 0..layers.length
  // layers, and (``keep``) the outputs themselves.
  nn.depth_stack = function (s, name, x, ws, bs, count, keep) {
    const act = nn.ACT[name], dact = nn.DACT[name]
    const n = x.length
    let [y, slope] = nn.depth_sum(s, name, x)
    const outputs = keep ? [y] : null
    const ranges = [spread(y)], steep = [steepest(slope)]
    for (let j = 0; j < count; j++) {
      const w = ws[j], b = bs[j]
      const next = new Float64Array(n), next_slope = new Float64Array(n)
      for (let k = 0; k < n; k++) {
        const z = w * y[k] - b
        next[k] = act(z)
        next_slope[k] = w * dact(z) * slope[k]
      }
      y = next
      slope = next_slope
      if (keep) outputs.push(y)
      ranges.push(spread(y))
      steep.push(steepest(slope))
    }
    return {outputs, ranges, steepest: steep}
  }

  // Everything the explorer shows, for NetState s and DepthState d: the network's own
  // activation's outputs after 0..d.depth layers, and every charted activation's profile over
  // all MAX_DEPTH layers (whose first d.depth are the plot's).
  nn.depth_compute = function (s, d) {
    const x = nn.arange(s.grid_start, s.grid_stop, s.grid_step)
    const max = d.weights.length
    const out = {x, outputs: null, profiles: {}}
    const names = [...d.chart]
    if (!names.includes(s.activation)) names.push(s.activation)
    for (const name of names) {
      const own = name === s.activation
      const r = nn.depth_stack(s, name, x, d.weights, d.biases, max, own)
      if (own) out.outputs = r.outputs.slice(0, d.depth + 1)
      out.profiles[name] = {ranges: r.ranges, steepest: r.steepest}
    }
    return out
  }

  // A number as the page writes it: three significant digits, a real minus sign.
  const num = (v) => !Number.isFinite(v) ? "undefined"
    : String(v === 0 ? 0 : Number(v.toPrecision(3))).replace("-", "\u2212")
  nn.depth_num = num

  // "After 5 sigmoid layers the output's range is 0.0016 of the sum's; after 5 ReLU layers it
  // is 1." for the depth on screen, from the profiles just computed.
  // An activation's name and "k <name> layers", in the page's words (s.words).
  const act_name = (s, name) => s.words[`activation.${name}.label`] || name
  const layers_of = (s, name, k) =>
    nn.say(s, k === 1 ? "plot.depth.layers_one" : "plot.depth.layers", {k, name: act_name(s, name)})
  nn.depth_sentence = function (s, d, profiles) {
    const k = d.depth
    const ratio = (name) => {
      const r = profiles[name].ranges
      return r[0] === 0 ? null : r[k] / r[0]
    }
    const first = d.chart[0], second = d.chart[1]
    const a = ratio(first), b = ratio(second)
    if (a === null) return nn.say(s, "plot.depth.flat", {name: act_name(s, first)})
    const range = nn.say(s, "plot.depth.after", {
      first: layers_of(s, first, k), a: num(a), second: layers_of(s, second, k),
      b: b === null ? s.words["plot.depth.undefined"] : num(b),
    })
    const own = d.own.slice(0, k).filter(Boolean).length
    const w = num(d.weight), b_ = num(d.bias)
    return own ? nn.say(s, "plot.depth.own", {range, w, b: b_, own})
      : nn.say(s, "plot.depth.shared", {range, w, b: b_})
  }

  // The words Bokeh draws (titles, axis labels, the legend, the colour bar's title), from the
  // page's words: a language switch relabels them.
  function relabel(s, d, h, k) {
    const set = (model, attrs) => {
      for (const key in attrs) if (model[key] !== attrs[key]) { quiet(model, attrs); return }
    }
    set(h.plot.title, {text: nn.say(s, k === 1 ? "plot.depth.title_one" : "plot.depth.title",
                                    {name: act_name(s, s.activation), k})})
    for (const axis of h.plot.left) set(axis, {axis_label: s.words["plot.axis.output"]})
    if (h.bar != null) set(h.bar, {title: s.words["plot.depth.bar"]})
    if (h.sum_legend != null) {
      const item = h.sum_legend.items[0], text = s.words["plot.depth.sum"]
      const now = item.label
      if ((now != null && typeof now === "object" ? now.value : now) !== text) {
        quiet(item, {label: {value: text}})
      }
    }
    for (const [fig, key] of [[h.range_fig, "plot.depth.range_title"],
                              [h.steep_fig, "plot.depth.steep_title"]]) {
      set(fig.title, {text: s.words[key]})
      for (const legend of fig.right.filter((r) => r.items != null)) {
        for (const item of legend.items) {  // a row per charted activation, by its name
          const text = act_name(s, d.chart[item.index]), now = item.label
          if ((now != null && typeof now === "object" ? now.value : now) !== text) {
            quiet(item, {label: {value: text}})
          }
        }
      }
      for (const axis of fig.below) set(axis, {axis_label: s.words["plot.depth.stacked_axis"]})
    }
    for (const axis of h.range_fig.left) set(axis, {axis_label: s.words["plot.depth.range_axis"]})
  }

  function quiet(model, attrs) {
    model.setv(attrs, {sync: false})
  }

  // A slider of the explorer moved: the shared w or b changes every layer without its own;
  // the depth changes how many are drawn.
  // Only a slider's values get here; anything else (a forged one, which the server refuses)
  // is not drawn: a finite number within the slider's ends (``low``, ``high``), a depth a
  // whole number of layers (as the server's slider takes it: 2.5 is 2).
  nn.depth_set = function (d, key, value, low, high) {
    if (typeof value !== "number" || !Number.isFinite(value)) return
    if (value < low || value > high) return
    if (key === "depth") value = Math.min(d.weights.length, Math.max(1, Math.trunc(value)))
    if (key === "weight" || key === "bias") {
      const list = key === "weight" ? d.weights : d.biases
      for (let j = 0; j < list.length; j++) if (!d.own[j]) list[j] = value
      quiet(d, {[key]: value})
      d.properties[key === "weight" ? "weights" : "biases"].change.emit()
    } else {
      quiet(d, {[key]: value})
    }
  }

  // Only positive values have a place on a log axis: 0 (a flat output) leaves a gap.
  const positive = (values) => values.map((v) => (v > 0 && Number.isFinite(v) ? v : NaN))
  const log_limits = (rows) => {
    let lo = Infinity, hi = -Infinity
    for (const row of rows) for (const v of row) {
      if (v > 0 && Number.isFinite(v)) { if (v < lo) lo = v; if (v > hi) hi = v }
    }
    if (lo === Infinity) return [0.1, 10]
    return [lo / 2, hi * 2]
  }

  nn.depth_draw = function (s, d, h) {
    if (!d.shown) return
    const t0 = performance.now()
    const c = nn.depth_compute(s, d)
    const x = c.x, n = x.length, k = d.depth

    // The plot: one row per layer, coloured by its depth; the sum beneath.
    const src = h.layers.data
    const xs = [], ys = [], color = [], layer = []
    for (let j = 1; j <= k; j++) {
      // The palette spread over the layers on screen (dashboard.depth.layer_color).
      const at = (j - 1) / Math.max(1, k - 1) * (d.palette.length - 1)
      xs.push(x); ys.push(c.outputs[j]); color.push(d.palette[Math.floor(at + 0.5)]); layer.push(j)
    }
    if (h.mapper.high !== k + 0.5) quiet(h.mapper, {high: k + 0.5})
    src.xs = xs; src.ys = ys; src.color = color; src.layer = layer
    h.layers.change.emit()
    h.sum.data.x = x
    h.sum.data.y = c.outputs[0]
    h.sum.change.emit()
    const [lo, hi] = nn.limits(c.outputs)
    const yr = h.plot.y_range
    if (yr.start !== lo || yr.end !== hi) quiet(yr, {start: lo, end: hi})
    const xr = h.plot.x_range
    if (n > 1 && (xr.start !== x[0] || xr.end !== x[n - 1]) && h.plot.__nn_grid !== `${x[0]},${x[n - 1]}`) {
      h.plot.__nn_grid = `${x[0]},${x[n - 1]}`
      quiet(xr, {start: x[0], end: x[n - 1]})
    }
    relabel(s, d, h, k)

    // The charts: a row per charted activation, against depth 0..MAX_DEPTH.
    const depths = Array.from({length: d.weights.length + 1}, (_, j) => j)
    for (const [source, key, fig] of [[h.ranges, "ranges", h.range_fig], [h.steep, "steepest", h.steep_fig]]) {
      const rows = d.chart.map((name) => positive(c.profiles[name][key]))
      source.data.xs = d.chart.map(() => depths)
      source.data.ys = rows
      source.data.color = d.colors.slice()
      source.data.dash = d.dashes.slice()
      source.change.emit()
      const [a, b] = log_limits(rows)
      if (fig.y_range.start !== a || fig.y_range.end !== b) quiet(fig.y_range, {start: a, end: b})
    }
    for (const span of h.spans) if (span.location !== k) quiet(span, {location: k})
    nn.depth_last = c
    nn.last_depth_ms = performance.now() - t0
    const draw = nn.depth_draws = (nn.depth_draws || 0) + 1
    // The sentence in a task of its own, after the curves (new text lays the page out, which
    // may take longer than all of the above): once for a burst of changes, the latest.
    nn.later(h.plot, "depth_describe", () => nn.depth_describe(s, d, h, c))
    h.sentence.__nn_said = nn.depth_sentence(s, d, c.profiles)
    h.sentence.__nn_draw = draw
    if (!h.sentence.__nn_pending) {
      h.sentence.__nn_pending = true
      setTimeout(() => {
        const div = h.sentence
        div.__nn_pending = false
        if (div.text !== div.__nn_said) quiet(div, {text: div.__nn_said})
        nn.depth_written = div.__nn_draw
      }, 0)
    }
  }

  // The plots' text alternative, for a screen reader (as nn.describe writes the network's):
  // what each shows and its values, on the plot's element, after the frame that shows them.
  nn.depth_describe_text = function (s, d, c) {
    const k = d.depth, name = act_name(s, s.activation)
    const span = (y) => {
      let lo = Infinity, hi = -Infinity
      for (const v of y) if (Number.isFinite(v)) { if (v < lo) lo = v; if (v > hi) hi = v }
      return lo === Infinity ? s.words["plot.describe.no_values"]
        : nn.say(s, "plot.describe.span", {lo: num(lo), hi: num(hi)})
    }
    const layers = c.outputs.slice(1).map(
      (y, j) => nn.say(s, "plot.depth.describe_layer", {k: j + 1, span: span(y)}))
    const plot = nn.say(s, "plot.depth.describe_plot", {
      span: span(c.outputs[0]), layers: layers_of(s, s.activation, k), name,
      items: layers.join("; "),
    })
    const chart = (key, what) => nn.say(s, what, {
      deepest: d.weights.length,
      items: d.chart.map((n) => {
        const v = c.profiles[n][key]
        return nn.say(s, "plot.depth.describe_item", {
          name: act_name(s, n), first: num(v[0]), at: num(v[k]), k, last: num(v[v.length - 1]),
          deepest: v.length - 1,
        })
      }).join("; "),
    })
    return {plot, range: chart("ranges", "plot.depth.describe_range"),
            steep: chart("steepest", "plot.depth.describe_steep")}
  }
  nn.depth_describe = function (s, d, h, c) {
    if (!nn.element_of) return
    const text = nn.depth_describe_text(s, d, c)
    for (const [fig, said] of [[h.plot, text.plot], [h.range_fig, text.range],
                               [h.steep_fig, text.steep]]) {
      const el = nn.element_of(fig)
      if (el == null) continue
      el.setAttribute("role", "figure")
      if (el.getAttribute("aria-label") !== said) el.setAttribute("aria-label", said)
    }
  }

  // Draw once per burst of changes, and follow the network's state as well as the explorer's.
  nn.depth_schedule = function (s, d, h) {
    if (!s.__nn_depth) s.__nn_depth = new Set()
    if (!s.__nn_depth.has(d)) {
      s.__nn_depth.add(d)
      for (const p of Object.values(s.properties)) {
        p.change.connect(() => nn.depth_schedule(s, d, h))
      }
    }
    if (d.__nn_pending) return
    d.__nn_pending = true
    queueMicrotask(() => {
      d.__nn_pending = false
      nn.depth_draw(s, d, h)
    })
  }
})()
