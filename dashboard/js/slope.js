// The derivative view: dy/dx of every curve, drawn by the page in a plot of its own.
//
// nnshape.compute (curves.js) computes the slopes in the curves' own loop while the view is on,
// exactly as model.calculus.derivatives() does; nnshape.draw then calls nnshape.draw_slope
// with its cache. While the switch is off the plot is hidden and no slope is computed.
;(function () {
  const nn = (window.nnshape = window.nnshape || {})
  if (nn.draw_slope) return
  const quiet = (model, attrs) => nn.quiet(model, attrs)

  // Which neurons' shares changed since the last drawing: all of them when anything they all
  // depend on did (the activation, the grid, the number of neurons, output weights on or off).
  function changed_rows(s, cache, n) {
    const count = s.weights.length
    const common = `${s.activation},${s.grid_start},${s.grid_stop},${s.grid_step},${count},` +
      `${s.output_weights},${n}`
    const keys = s.weights.map((w, i) => `${w},${s.biases[i]},${s.output_weights ? s.v[i] : 1}`)
    const all = cache.common !== common
    const rows = keys.flatMap((key, i) => (all || cache.keys[i] !== key ? [i] : []))
    cache.common = common
    cache.keys = keys
    return rows
  }

  // Once laid out, the plot in view within whatever scrolls it (on a phone, the plots' own
  // space at the top of the screen holds two plots; the third scrolls there), moved as little
  // as it takes.
  function into_view(fig, tries) {
    requestAnimationFrame(() => {
      const el = nn.element_of(fig)
      const box = el == null ? null : el.getBoundingClientRect()
      if (box == null || box.height < 10) {
        if (tries > 0) into_view(fig, tries - 1)
        return
      }
      for (let node = el; node != null;) {
        node = node.parentNode instanceof ShadowRoot ? node.parentNode.host : node.parentNode
        if (!(node instanceof Element)) break
        if (/(auto|scroll)/.test(getComputedStyle(node).overflowY) &&
            node.scrollHeight > node.clientHeight) {
          const outer = node.getBoundingClientRect()
          if (box.bottom > outer.bottom) {
            node.scrollTop += Math.min(box.bottom - outer.bottom, box.top - outer.top)
          } else if (box.top < outer.top) {
            node.scrollTop -= outer.top - box.top
          }
          return
        }
      }
      el.scrollIntoView({block: "nearest"})
    })
  }

  nn.draw_slope = function (s, h, curves) {
    const fig = h.slope_fig
    if (fig == null) return
    if (fig.visible !== s.slope) {
      quiet(fig, {visible: s.slope})
      if (s.slope) into_view(fig, 60)  // switched on: where it is seen (a phone's plots scroll)
    }
    if (!s.slope) return
    const source = h.slope_neurons
    const cache = source.__nn  // filled by nn.compute, in the curves' loop
    const x = cache.x, n = x.length, count = s.weights.length, end = n - 1
    const shown = (i) => s.shown[i] !== false
    const deep_on = s.second_enabled && s.show_deep
    const drawn = {slope_sum: s.show_sum, slope_deep: deep_on}
    const listed = nn.show_legend(h.slope_legend, "slope_neurons", s, drawn)

    // The neurons' shares: one multi_line source, as the curves'. While one neuron's share
    // changes alone (its slider being dragged) and the legend lists no neuron, a line of its
    // own draws that share: the multi_line, whose every change Bokeh copies whole (64 × 2,000
    // points), then stays as it is; it takes the row back when another neuron's changes.
    const changed = changed_rows(s, cache, n)
    let live = cache.live == null ? -1 : cache.live
    if (count <= listed) live = -1
    else if (changed.length === 1) live = changed[0]
    else if (changed.length > 1) live = -1
    if (live >= count) live = -1
    cache.live = live
    const reshaped = nn.neuron_rows(source, s, x, cache.neurons, live)
    if (reshaped) source.change.emit()
    else if (changed.some((i) => i !== live)) source.patching.emit(nn.rows(count))
    const own = h.slope_live, own_line = h.slope_live_renderer
    if (live >= 0) {
      const resized = own.data.y !== cache.neurons[live] || own.data.x !== x
      own.data.x = x
      own.data.y = cache.neurons[live]
      nn.recolor(own_line.glyph, s.colors[live])
      const look = {line_dash: nn.dash(live), line_width: live === s.selected ? 4 : 2}
      const seen = `${look.line_dash},${look.line_width}`
      if (cache.live_look !== seen) {
        cache.live_look = seen
        quiet(own_line.glyph, look)
      }
      if (resized || changed.includes(live)) nn.announce(own, nn.rows(n), resized)
    }
    const own_visible = live >= 0 && shown(live)
    if (own_line.visible !== own_visible) quiet(own_line, {visible: own_visible})
    for (const [line, y] of [[h.slope_sum, cache.sum], [h.slope_deep, cache.deep]]) {
      const resized = !(line.data.x instanceof Float64Array) || line.data.x.length !== n
      line.data.x = x
      line.data.y = y
      nn.announce(line, nn.rows(n), resized)
    }

    const show = (r, visible) => { if (r.visible !== visible) quiet(r, {visible}) }
    show(h.slope_sum_renderer, s.show_sum)
    nn.recolor(h.slope_sum_renderer.glyph, s.sum_color)
    show(h.slope_deep_renderer, deep_on)
    nn.recolor(h.slope_deep_renderer.glyph, s.deep_color)

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

    // Always fitted to what is drawn: a figure's y-limits are its curves', not their slopes'.
    // Each share's extremes came with it (nn.compute); a share with a value that is not
    // finite is looked at again for its finite ones.
    const known = [], arrays = []
    for (let i = 0; i < count; i++) {
      if (!shown(i)) continue
      const lo = cache.lo[i], hi = cache.hi[i]
      if (Number.isFinite(lo) && Number.isFinite(hi)) known.push([lo, hi])
      else arrays.push(cache.neurons[i])
    }
    if (s.show_sum) arrays.push(cache.sum)
    if (deep_on) arrays.push(cache.deep)
    const [lo, hi] = nn.limits(arrays, known)
    if (fig.y_range.start !== lo || fig.y_range.end !== hi) quiet(fig.y_range, {start: lo, end: hi})
    nn.relabel(h.slope_labels, nn.spread_labels(fig, labels))  // apart, once the range is known
    quiet(fig.title, {text: s.words[deep_on ? "plot.slope.deep" : "plot.slope.both"]})
    nn.later(fig, "describe", () => describe(s, h, cache))
  }

  // The plot's text alternative, for a screen reader, as the other plots have (in the page's
  // words: nn.say, nn.span are curves.js's).
  function describe(s, h, cache) {
    const items = []
    const span = (y) => nn.span(s, y)
    s.weights.forEach((_, i) => {
      if (s.shown[i] !== false) {
        items.push(nn.say(s, "plot.slope.neuron", {n: i + 1, span: span(cache.neurons[i])}))
      }
    })
    if (s.show_sum) items.push(nn.say(s, "plot.slope.sum", {span: span(cache.sum)}))
    if (s.second_enabled && s.show_deep) {
      items.push(nn.say(s, "plot.slope.second", {span: span(cache.deep)}))
    }
    const said = nn.say(s, "plot.slope.describe", {
      items: items.length ? items.join("; ") : s.words["plot.describe.nothing"],
    })
    const el = nn.element_of(h.slope_fig)
    if (el == null) return
    el.setAttribute("role", "figure")
    if (el.getAttribute("aria-label") !== said) el.setAttribute("aria-label", said)
  }
})()
