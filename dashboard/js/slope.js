// The derivative view: dy/dx of every curve, drawn by the page in a plot of its own.
//
// Computes exactly what model.calculus.derivatives() computes, in the same order: neuron i's
// share wᵢ·act′(wᵢx − bᵢ) (times vᵢ with output weights on), the shares added left to right
// for the sum's slope, and w2·act′(w2·sum − b2)·(the sum's slope) for the second layer.
// nnshape.DACT holds each activation's derivative, from model.ACTIVATIONS (js_derivative).
//
// nnshape.draw (curves.js) calls nnshape.draw_slope after the curves, with its cache (x, the
// sum). While the switch is off the plot is hidden and nothing here is computed.
;(function () {
  const nn = (window.nnshape = window.nnshape || {})
  if (nn.draw_slope) return

  function buffer(list, key, n) {
    let y = list[key]
    if (!(y instanceof Float64Array) || y.length !== n) {
      y = new Float64Array(n)
      list[key] = y
    }
    return y
  }

  // dy/dx of each curve of state ``s`` on ``curves``' grid (``curves``: nnshape.compute's
  // result for the same state, whose sum the second layer's slope needs), into ``out``.
  nn.compute_slope = function (s, curves, out) {
    const dact = nn.DACT[s.activation]
    const x = curves.x, n = x.length, count = s.weights.length
    out.neurons.length = count
    for (let i = 0; i < count; i++) {
      const w = s.weights[i], b = s.biases[i], y = buffer(out.neurons, i, n)
      for (let k = 0; k < n; k++) y[k] = w * dact(w * x[k] - b)
      if (s.output_weights) {
        const v = s.v[i]
        for (let k = 0; k < n; k++) y[k] = v * y[k]
      }
    }
    const sum = buffer(out, "sum", n)
    sum.set(out.neurons[0])
    for (let i = 1; i < count; i++) {
      const y = out.neurons[i]
      for (let k = 0; k < n; k++) sum[k] += y[k]
    }
    const deep = buffer(out, "deep", n)
    if (s.second_enabled) {
      const w2 = s.w2, b2 = s.b2, hidden = curves.sum
      for (let k = 0; k < n; k++) deep[k] = w2 * dact(w2 * hidden[k] - b2) * sum[k]
    } else {
      deep.fill(NaN)
    }
    out.x = x
    return out
  }

  function quiet(model, attrs) {
    model.setv(attrs, {sync: false})  // the page's own: never sent to the server
  }

  nn.draw_slope = function (s, h, curves) {
    const fig = h.slope_fig
    if (fig == null) return
    if (fig.visible !== s.slope) quiet(fig, {visible: s.slope})
    if (!s.slope) return
    const source = h.slope_neurons
    const cache = source.__nn || (source.__nn = {neurons: []})
    nn.compute_slope(s, curves, cache)
    const x = cache.x, n = x.length, count = s.weights.length, end = n - 1
    const shown = (i) => s.shown[i] !== false
    const deep_on = s.second_enabled && s.show_deep

    // The neurons' shares: one multi_line source, as the curves'.
    const d = source.data
    let reshaped = false
    for (const key of ["xs", "ys", "color", "alpha", "width", "dash"]) {
      if (!Array.isArray(d[key])) { d[key] = []; reshaped = true }
      if (d[key].length !== count) { d[key].length = count; reshaped = true }
    }
    const set = (column, i, value) => {
      if (column[i] !== value) { column[i] = value; reshaped = true }
    }
    for (let i = 0; i < count; i++) {
      d.xs[i] = x
      d.ys[i] = cache.neurons[i]
      set(d.color, i, s.colors[i])
      set(d.alpha, i, shown(i) ? 1 : 0)
      set(d.width, i, i === s.selected ? 4 : 2)
      set(d.dash, i, nn.dash(i))
    }
    nn.announce(source, nn.rows(count), reshaped)
    for (const [line, y] of [[h.slope_sum, cache.sum], [h.slope_deep, cache.deep]]) {
      const resized = !(line.data.x instanceof Float64Array) || line.data.x.length !== n
      line.data.x = x
      line.data.y = y
      nn.announce(line, nn.rows(n), resized)
    }

    const recolor = (glyph, color) => {
      const now = glyph.line_color
      if ((now != null && typeof now === "object" ? now.value : now) !== color) {
        quiet(glyph, {line_color: color})
      }
    }
    const show = (r, visible) => { if (r.visible !== visible) quiet(r, {visible}) }
    show(h.slope_sum_renderer, s.show_sum)
    recolor(h.slope_sum_renderer.glyph, s.sum_color)
    show(h.slope_deep_renderer, deep_on)
    recolor(h.slope_deep_renderer.glyph, s.deep_color)
    const drawn = {slope_sum: s.show_sum, slope_deep: deep_on}
    const legend = h.slope_legend
    const listed = legend.items.filter((item) => item.renderers[0].name === "slope_neurons").length
    for (const item of legend.items) {
      const r = item.renderers[0]
      const visible = r.name === "slope_neurons"
        ? count <= listed && item.index < count && shown(item.index) : drawn[r.name]
      if (item.visible !== visible) quiet(item, {visible})
    }

    // Labels at the right end: each name with a prime, the slope of that curve.
    const labels = {x: [], y: [], text: [], color: []}
    const label = (y, text, color) => {
      if (n > 0 && Number.isFinite(y[end])) {
        labels.x.push(x[end]); labels.y.push(y[end]); labels.text.push(text)
        labels.color.push(color)
      }
    }
    for (let i = 0; i < count; i++) if (shown(i)) label(cache.neurons[i], `n${i + 1}′`, s.colors[i])
    if (s.show_sum) label(cache.sum, "Σ′", s.sum_color)
    if (deep_on) label(cache.deep, "y′", s.deep_color)
    nn.relabel(h.slope_labels, labels)

    // Always fitted to what is drawn: a figure's y-limits are its curves', not their slopes'.
    const arrays = [
      ...cache.neurons.filter((_, i) => shown(i)),
      ...(s.show_sum ? [cache.sum] : []),
      ...(deep_on ? [cache.deep] : []),
    ]
    const [lo, hi] = nn.limits(arrays)
    if (fig.y_range.start !== lo || fig.y_range.end !== hi) quiet(fig.y_range, {start: lo, end: hi})
    quiet(fig.title, {
      text: deep_on ? "Slope dy/dx: each neuron, the sum, layer 2"
        : "Slope dy/dx: each neuron and the sum",
    })
    nn.later(fig, "describe", () => describe(s, h, cache))
  }

  // The plot's text alternative, for a screen reader, as the other plots have.
  const num = (v) => !Number.isFinite(v) ? "undefined"
    : String(Math.abs(v) < 5e-4 ? 0 : Number(v.toPrecision(3))).replace("-", "\u2212")
  const span = (y) => {
    let lo = Infinity, hi = -Infinity
    for (const v of y) if (Number.isFinite(v)) { if (v < lo) lo = v; if (v > hi) hi = v }
    return lo === Infinity ? "no finite values" : `from ${num(lo)} to ${num(hi)}`
  }
  function describe(s, h, cache) {
    const items = []
    s.weights.forEach((_, i) => {
      if (s.shown[i] !== false) items.push(`neuron ${i + 1}'s share: ${span(cache.neurons[i])}`)
    })
    if (s.show_sum) items.push(`the sum's slope: ${span(cache.sum)}`)
    if (s.second_enabled && s.show_deep) items.push(`the second layer's slope: ${span(cache.deep)}`)
    const said = `Slope dy/dx plot. ${items.length ? items.join("; ") : "No curve is shown"}.`
    const el = nn.element_of(h.slope_fig)
    if (el == null) return
    el.setAttribute("role", "figure")
    if (el.getAttribute("aria-label") !== said) el.setAttribute("aria-label", said)
  }
})()
