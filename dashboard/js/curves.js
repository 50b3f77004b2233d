// The page's own evaluator of the network: the curves, and what of them is drawn.
//
// (Over 300 lines on purpose: computing, drawing, describing and the tooltip all read the one
// cache nn.compute fills, and one file embeds the same way in all three places named below.)
//
// One file, used as it is in the served page, the notebook output and the exported HTML file
// (dashboard/js/__init__.py embeds it in each CustomJS). It computes exactly what
// model.Network.curves() computes, in the same order and with the same numerically stable
// activations (nnshape.ACT is filled from model.ACTIVATIONS), so the page's numbers match the
// model's to the last few bits. It writes into the data sources in place: those models are
// not syncable, so nothing computed here goes back to the server.
//
// The state it reads is one NetState model per page (dashboard/plots.py): every neuron's
// weight, bias, colour and visibility, the second layer, the grid, and the view's switches.
;(function () {
  const nn = (window.nnshape = window.nnshape || {})
  if (nn.draw) return

  // numpy.arange(start, stop, step) for floats, value for value: numpy fills the array as
  // start + i * delta, with delta = (start + step) - start.
  nn.arange = function (start, stop, step) {
    const n = Math.max(0, Math.ceil((stop - start) / step))
    const x = new Float64Array(n)
    if (n > 0) x[0] = start
    if (n > 1) {
      const second = start + step
      const delta = second - start
      x[1] = second
      for (let i = 2; i < n; i++) x[i] = start + i * delta
    }
    return x
  }

  function buffer(list, i, n) {
    let y = list[i]
    if (!(y instanceof Float64Array) || y.length !== n) {
      y = new Float64Array(n)
      list[i] = y
    }
    return y
  }

  // The state's grid (numpy.arange's values), made again only when the grid changes.
  function grid(s, out) {
    const key = `${s.grid_start},${s.grid_stop},${s.grid_step}`
    if (out.x == null || out.grid_key !== key) {
      out.x = nn.arange(s.grid_start, s.grid_stop, s.grid_step)
      out.grid_key = key
    }
    return out.x
  }

  // Every curve of the state, into the given arrays (reused when their length fits).
  // With ``slope`` (the derivative view is on), dy/dx of every curve too, into its arrays, in
  // the same loop: each activation's value and derivative share their work (nnshape.BOTH, the
  // same numbers to the bit as ACT and DACT), as model.training shares them. The slopes are
  // model.calculus.derivatives()'s, in its order: neuron i's share wᵢ·act′(wᵢx − bᵢ) (times vᵢ
  // with output weights on), the shares added left to right, w2·act′(w2·sum − b2)·sum′. Each
  // share's smallest and largest value go into slope.lo and slope.hi (the y-range's).
  nn.compute = function (s, out, slope) {
    const act = nn.ACT[s.activation]
    const x = grid(s, out)
    const n = x.length
    const count = s.weights.length
    out.neurons.length = count
    if (slope) {
      compute_both(s, out, slope, x)
    } else {
      for (let i = 0; i < count; i++) {
        const w = s.weights[i], b = s.biases[i], y = buffer(out.neurons, i, n)
        for (let k = 0; k < n; k++) y[k] = act(w * x[k] - b)
        if (s.output_weights) {  // its contribution v·act(w·x − b), as HiddenLayer computes it
          const v = s.v[i]
          for (let k = 0; k < n; k++) y[k] = v * y[k]
        }
      }
      // Left to right, as numpy adds the layer's outputs: ((n1 + n2) + n3) + ...
      const sum = buffer(out, "sum", n)
      sum.set(out.neurons[0])
      for (let i = 1; i < count; i++) {
        const y = out.neurons[i]
        for (let k = 0; k < n; k++) sum[k] += y[k]
      }
    }
    const sum = out.sum
    if (s.output_weights) {
      const c = s.c
      for (let k = 0; k < n; k++) sum[k] += c
    }
    const deep = buffer(out, "deep", n)
    if (s.second_enabled) {
      const w2 = s.w2, b2 = s.b2
      if (slope) {
        const both = nn.BOTH[s.activation], dsum = slope.sum, ddeep = buffer(slope, "deep", n)
        for (let k = 0; k < n; k++) {
          deep[k] = both(w2 * sum[k] - b2, ddeep, k)
          ddeep[k] = w2 * ddeep[k] * dsum[k]
        }
      } else {
        for (let k = 0; k < n; k++) deep[k] = act(w2 * sum[k] - b2)
      }
    } else {
      deep.fill(NaN)
      if (slope) buffer(slope, "deep", n).fill(NaN)
    }
    if (slope) slope.x = x
    return out
  }

  // The neurons, their sum and their slopes, in one pass over each neuron (nn.compute).
  function compute_both(s, out, slope, x) {
    const both = nn.BOTH[s.activation]
    const n = x.length, count = s.weights.length
    slope.lo = slope.lo || []
    slope.hi = slope.hi || []
    slope.neurons.length = slope.lo.length = slope.hi.length = count
    const sum = buffer(out, "sum", n), dsum = buffer(slope, "sum", n)
    for (let i = 0; i < count; i++) {
      const w = s.weights[i], b = s.biases[i]
      const y = buffer(out.neurons, i, n), dy = buffer(slope.neurons, i, n)
      const weighted = s.output_weights, v = s.v[i], first = i === 0
      let lo = Infinity, hi = -Infinity
      for (let k = 0; k < n; k++) {
        let a = both(w * x[k] - b, dy, k)
        let d = w * dy[k]
        if (weighted) {
          a = v * a
          d = v * d
        }
        y[k] = a
        dy[k] = d
        if (first) {
          sum[k] = a
          dsum[k] = d
        } else {
          sum[k] += a
          dsum[k] += d
        }
        if (d < lo) lo = d
        if (d > hi) hi = d
      }
      slope.lo[i] = lo
      slope.hi[i] = hi
    }
  }

  // Limits that show every finite value with a 5 % margin (dashboard.plots.auto_limits), of
  // ``arrays`` and of the rows whose extremes are known already (``known``: [lo, hi] pairs).
  nn.limits = function (arrays, known = []) {
    let lo = Infinity, hi = -Infinity
    for (const [l, h] of known) {
      if (l < lo) lo = l
      if (h > hi) hi = h
    }
    for (const a of arrays) {
      for (let k = 0; k < a.length; k++) {
        const v = a[k]
        if (Number.isFinite(v)) {
          if (v < lo) lo = v
          if (v > hi) hi = v
        }
      }
    }
    if (lo === Infinity) return [-1, 1]
    const pad = hi > lo ? 0.05 * (hi - lo) : Math.max(0.5, 0.05 * Math.abs(hi))
    return [lo - pad, hi + pad]
  }

  const DASHES = ["solid", "dashed", "dotted", "dotdash", "dashdot"]
  nn.dash = (i) => DASHES[i % DASHES.length]

  function quiet(model, attrs) {
    // Changes made here are the page's own: never sent to the server. A plain value the model
    // already holds is left out: BokehJS re-renders a view on any setv, changed or not (a
    // renderer's visibility set again cost 2.2 ms a drawing at 64 × 2,000).
    const changed = {}
    let any = false
    for (const key in attrs) {
      const value = attrs[key]
      if (value !== null && typeof value === "object" || model[key] !== value) {
        changed[key] = value
        any = true
      }
    }
    if (any) model.setv(changed, {sync: false})
  }

  // A value the server must learn (dashboard.outbox): collected, and written into the page's
  // outbox at most every send_ms during a drag, the first at once; and as soon as the hand
  // rests (no new value for rest_ms), whatever is held goes, though never sooner than gap_ms
  // after the last message (all three set by dashboard.outbox).
  // The curves never wait for it.
  // Before the learner does anything else (a click, a key that is not a slider's), whatever is
  // held goes at once: the server then hears of it first, and what it sends back after that
  // action (the state with a neuron added, say) holds it.
  // An ask written less than RESEND_MS after the message before also carries that one's values:
  // a notebook's kernel takes the page's changes with its document held, which keeps the last
  // value of a property only, so the values a click flushes (on its pointerdown) and its ask a
  // moment later can reach it as the ask alone. Taking a value again changes nothing.
  const RESEND_MS = 300
  const held = new Set()
  const flush = (outbox, ask) => {
    const box = outbox.__nn
    clearTimeout(box.timer)
    clearTimeout(box.rest)
    box.timer = box.rest = null
    held.delete(outbox)
    if (Object.keys(box.pending).length === 0 && ask == null) return
    const now = performance.now()
    let values = box.pending
    if (ask != null && now - box.last < RESEND_MS) {
      const {hand, ...sent} = box.sent  // a hand's grab is said once (training pauses once)
      values = {...sent, ...box.pending}
    }
    box.last = now
    box.sent = values
    const message = {seq: ++box.seq, values}
    if (ask != null) message.ask = ask
    outbox.message = JSON.stringify(message)
    box.pending = {}
  }
  const box_of = (outbox) => outbox.__nn ||
    (outbox.__nn = {pending: {}, sent: {}, timer: null, rest: null, last: -Infinity, seq: 0})
  const flush_held = (event) => {
    if (event.type === "keydown") {
      const target = event.composedPath()[0]
      if (target && target.classList && target.classList.contains("noUi-handle")) return
    }
    for (const outbox of [...held]) flush(outbox)
  }
  nn.send = function (outbox, key, value, send_ms, rest_ms, gap_ms) {
    if (!nn.__flush_held) {
      nn.__flush_held = true
      document.addEventListener("pointerdown", flush_held, true)
      document.addEventListener("keydown", flush_held, true)
    }
    const box = box_of(outbox)
    box.pending[key] = Number.isFinite(value) ? value : String(value)  // JSON has no NaN
    held.add(outbox)
    clearTimeout(box.rest)
    box.rest = setTimeout(() => {  // the hand rests: send, though not within gap_ms of the last
      const wait = box.last + gap_ms - performance.now()
      if (wait <= 0) flush(outbox)
      else box.rest = setTimeout(() => flush(outbox), wait)
    }, rest_ms)
    if (box.timer != null) return
    const wait = box.last + send_ms - performance.now()
    if (wait <= 0) flush(outbox)
    else box.timer = setTimeout(() => flush(outbox), wait)
  }

  // Ask the server for ``what`` (dashboard.outbox's ``asks``: "copy_code") after every value
  // the page has shown: in one message with whatever the outbox of ``doc`` (the document of
  // the control asking) still holds, which the server takes first. False: no outbox there.
  nn.ask = function (doc, what) {
    const outbox = [...doc.all_models].find((m) => /PageOutbox$/.test(m.type))
    if (outbox == null) return false
    box_of(outbox)
    flush(outbox, what)
    return true
  }

  // A slider's value as the decimal its step makes it (dashboard.controls.on_step).
  nn.on_step = function (value, step) {
    const text = String(step)
    const decimals = text.includes("e-") ? Number(text.split("e-")[1])
      : text.includes(".") ? text.split(".")[1].length : 0
    const rounded = Number(value.toFixed(Math.min(decimals, 100)))
    return Math.abs(rounded - value) <= Math.abs(step) * 1e-6 ? rounded : value
  }

  // A control moved in the page: write its value into the state, which redraws. A neuron's
  // value is found by the neuron's id, so a control stays right when neurons before it go.
  nn.set = function (state, key, id, value) {
    if (id == null) {
      quiet(state, {[key]: value})
      return
    }
    const i = state.ids.indexOf(id)
    const list = state[key]
    if (i < 0 || list[i] === value) return
    list[i] = value
    state.properties[key].change.emit()
  }

  // The exported file's formula and diagram for state ``s`` (the served page's come from Python).
  nn.write_text = function (s, h) {
    const net = {
      activation: s.activation, symbol: nn.SYMBOLS[s.activation],
      neurons: s.weights.map((w, i) => ({
        weight: w, bias: s.biases[i], color: s.colors[i], output_weight: s.v[i],
      })),
      sum_color: s.sum_color, deep_color: s.deep_color,
      second: {enabled: s.second_enabled, weight: s.w2, bias: s.b2},
      output: {enabled: s.output_weights, bias: s.c}, words: s.words,
    }
    const heading = (key) => "<b>" + nn.pyformat.escape(s.words[key]) + "</b>"
    if (h.formula != null) {
      quiet(h.formula, {text: heading("ui.formula.heading") + nn.formula_html(net)})
    }
    if (h.diagram != null) {
      quiet(h.diagram, {text: heading("ui.network.heading") + nn.diagram_svg(net)})
    }
  }

  // Compute every curve and bring every plotted thing in line with the state.
  nn.draw = function (s, h) {
    const t0 = performance.now()
    const cache = h.neurons.__nn || (h.neurons.__nn = {neurons: [], grid: null})
    // The slopes only while the derivative view is on (slope.js draws them).
    const slopes = s.slope && h.slope_neurons != null
      ? h.slope_neurons.__nn || (h.slope_neurons.__nn = {neurons: [], lo: [], hi: []}) : null
    nn.compute(s, cache, slopes)
    const x = cache.x, n = x.length, count = s.weights.length
    const shown = (i) => s.shown[i] !== false
    // In the exported file nothing else writes the formula and the diagram: follow here, in a
    // task of its own after the curves (new text lays the page out at once: that must neither
    // delay the curves nor repaint a renderer half way through taking up its new columns).
    if (h.formula != null || h.diagram != null) {
      h.__text_state = s
      if (!h.__text_pending) {
        h.__text_pending = true
        setTimeout(() => {
          h.__text_pending = false
          nn.write_text(h.__text_state, h)
        }, 0)
      }
    }

    // The hidden neurons: one multi_line source, a row per neuron. Their rows are the
    // curves; the look of each (colour, visibility, width, dash) changes only with the state.
    announce(h.neurons, rows(count), neuron_rows(h.neurons, s, x, cache.neurons, -1))
    for (const [source, y] of [[h.sum, cache.sum], [h.deep, cache.deep]]) {
      const resized = !(source.data.x instanceof Float64Array) || source.data.x.length !== n
      source.data.x = x
      source.data.y = y
      announce(source, rows(n), resized)
    }
    // The tooltip's invisible line follows the sum when a pointer comes over a plot (taking up
    // new data repaints the plots: not for every change while a slider is being dragged); the
    // slope plot's follows the sum's slope (a tooltip anchored off the plot is not shown).
    const follow = (hover, y) => {
      hover.__nn_stale = true
      hover.__nn_follow = () => {
        if (!hover.__nn_stale) return
        hover.__nn_stale = false
        hover.data.x = cache.x
        hover.data.y = y
        hover.change.emit()
      }
    }
    follow(h.hover, cache.sum)
    if (slopes) follow(h.slope_hover, slopes.sum)

    // What is drawn, from the state alone.
    const deep_on = s.second_enabled && s.show_deep
    // The target's entries are drawn where dashboard/js/fit.js says.
    const drawn = {sum: s.show_sum, deep: deep_on, ...(nn.fit_drawn ? nn.fit_drawn(s) : {})}
    if (nn.draw_fit) nn.draw_fit(s, h, cache)  // the target and the fit score
    for (const r of h.sum_renderers) {
      quiet(r, {visible: s.show_sum})
      recolor(r.glyph, s.sum_color)
    }
    quiet(h.deep_renderer, {visible: deep_on})
    recolor(h.deep_renderer.glyph, s.deep_color)
    for (const legend of h.legends) show_legend(legend, "neurons", s, drawn)
    const any_neuron = s.shown.slice(0, count).some((v) => v !== false)
    const words = s.words  // the catalogue's, in the page's language (plots.page_words)
    quiet(h.hidden_fig.title, {
      text: words[s.show_sum && any_neuron ? "plot.hidden.both"
        : s.show_sum ? "plot.hidden.sum" : "plot.hidden.neurons"],
    })
    quiet(h.second_fig.title, {text: words[s.second_enabled ? "plot.second.on" : "plot.second.off"]})
    quiet(h.second_fig, {visible: s.show_sum || deep_on})
    nn.relabel_plots(s, h)

    // Direct labels at the right end of each drawn curve: names that need no colour.
    const labels = {x: [], y: [], text: [], color: []}
    const end = n - 1
    for (let i = 0; i < count; i++) {
      if (shown(i) && Number.isFinite(cache.neurons[i][end])) {
        labels.x.push(x[end]); labels.y.push(cache.neurons[i][end])
        labels.text.push(`n${i + 1}`); labels.color.push(s.colors[i])
      }
    }
    if (s.show_sum) {
      labels.x.push(x[end]); labels.y.push(cache.sum[end]); labels.text.push("Σ")
      labels.color.push(s.sum_color)
    }
    const deep_labels = {x: [], y: [], text: [], color: []}
    if (s.show_sum) {
      deep_labels.x.push(x[end]); deep_labels.y.push(cache.sum[end]); deep_labels.text.push("Σ")
      deep_labels.color.push(s.sum_color)
    }
    if (deep_on) {
      deep_labels.x.push(x[end]); deep_labels.y.push(cache.deep[end]); deep_labels.text.push("y")
      deep_labels.color.push(s.deep_color)
    }
    if (nn.draw_slope) nn.draw_slope(s, h, cache)  // the derivative view (slope.js)

    // Where no server fits the y-axis (the exported file, h.auto_box its switch), the page
    // does as model.view.View.fit: a curve an edit newly pushes off the figure's limits turns
    // auto y-range on; what was off them at the start, or when the learner chose the limits,
    // stays accepted.
    const box = h.auto_box  // h is new at every call: what must last is kept on a model
    if (box != null) {
      if (s.y_auto || s.ylim == null) {
        box.__accepted = null
      } else {
        const [lo, hi] = s.ylim
        const off = (y) => y.some((v) => Number.isFinite(v) && (v < lo || v > hi))
        const clipped = []
        cache.neurons.forEach((y, i) => { if (i < count && shown(i) && off(y)) clipped.push(`n${i}`) })
        if (s.show_sum && off(cache.sum)) clipped.push("sum")
        if (deep_on && off(cache.deep)) clipped.push("deep")
        if (box.__accepted == null) {
          box.__accepted = new Set(clipped)
        } else if (clipped.some((k) => !box.__accepted.has(k))) {
          box.active = true  // its callback sets y_auto, which draws again
          return
        }
      }
    }

    // The y-ranges: the figure's limits, or fitted to what is drawn.
    const fixed = !s.y_auto && s.ylim != null
    const top = [...cache.neurons.filter((_, i) => shown(i)), ...(s.show_sum ? [cache.sum] : [])]
    const bottom = [...(s.show_sum ? [cache.sum] : []), ...(deep_on ? [cache.deep] : [])]
    if (nn.fit_arrays) {  // the target, where it is drawn
      top.push(...nn.fit_arrays(s, "hidden"))
      bottom.push(...nn.fit_arrays(s, "second"))
    }
    for (const [fig, arrays] of [[h.hidden_fig, top], [h.second_fig, bottom]]) {
      const [lo, hi] = fixed ? s.ylim : nn.limits(arrays)
      if (fig.y_range.start !== lo || fig.y_range.end !== hi) quiet(fig.y_range, {start: lo, end: hi})
    }
    relabel(h.labels, spread(h.hidden_fig, labels))
    relabel(h.deep_labels, spread(h.second_fig, deep_labels))
    // The x-range follows the grid when the grid changes, and is the learner's otherwise.
    const grid = `${s.grid_start},${s.grid_stop},${s.grid_step}`
    if (cache.grid !== grid && n > 1) {
      cache.grid = grid
      quiet(h.hidden_fig.x_range, {start: x[0], end: x[end]})
    }
    for (const [tool, plot] of h.hovers) {
      if (tool.tooltips == null) {
        quiet(tool, {tooltips: (_source, vars) => nn.tooltip(s, h, plot, vars.index)})
      }
    }
    const followed = [[h.hidden_fig, h.hover], [h.second_fig, h.hover]]
    if (slopes) followed.push([h.slope_fig, h.slope_hover])
    for (const [fig, hover] of followed) {
      const el = element_of(fig)
      if (el == null || el.__nn_hover === hover) continue
      el.__nn_hover = hover
      for (const type of ["pointerover", "pointermove"]) {
        el.addEventListener(type, () => el.__nn_hover.__nn_follow(), {capture: true})
      }
    }
    // Read by a screen reader, not the eye: written once the frame is painted.
    nn.later(h.hidden_fig, "describe", () => nn.describe(s, h, cache))
    nn.last_draw_ms = performance.now() - t0
    nn.draws = (nn.draws || 0) + 1
  }

  // A multi_line source with a row per neuron (the curves', the slopes'): ``ys`` on ``x``,
  // each row in its neuron's look (colour, dash, width; hidden with its neuron, or when it is
  // row ``apart``, which another line draws). Whether the look changed: then the source must
  // announce a change, not a patch.
  function neuron_rows(source, s, x, ys, apart) {
    const d = source.data, count = s.weights.length
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
      d.ys[i] = ys[i]
      set(d.color, i, s.colors[i])
      set(d.alpha, i, s.shown[i] !== false && i !== apart ? 1 : 0)
      set(d.width, i, i === s.selected ? 4 : 2)
      set(d.dash, i, nn.dash(i))
    }
    return reshaped
  }

  // A legend's entries: a neuron's (its renderer named ``neurons``) while the legend has one
  // for every neuron (dashboard.plots) and the neuron is shown; any other where ``drawn``
  // says so, by its renderer's name.
  function show_legend(legend, neurons, s, drawn) {
    const count = s.weights.length
    const listed = legend.items.filter((item) => item.renderers[0].name === neurons).length
    for (const item of legend.items) {
      const r = item.renderers[0]
      const visible = r.name === neurons
        ? count <= listed && item.index < count && s.shown[item.index] !== false : drawn[r.name]
      if (item.visible !== visible) quiet(item, {visible})
    }
    return listed
  }

  // A line's colour is a value spec ({value: "#…"}) until the page sets it (the palette).
  function recolor(glyph, color) {
    const now = glyph.line_color
    if ((now != null && typeof now === "object" ? now.value : now) !== color) {
      quiet(glyph, {line_color: color})
    }
  }

  // The catalogue's text of ``key`` (state.words, in the page's language), its {fields} filled
  // from ``args`` as Python's str.format fills them.
  nn.say = function (s, key, args = {}) {
    return s.words[key].replace(/\{(\w+)\}/g, (_, name) => String(args[name]))
  }

  // The words Bokeh draws (axis labels, legend entries, the hover tool's description), set
  // from the state's words, only where they differ: a language switch relabels them, and the
  // exported file is in its own language.
  function relabel_legend(legend, s, names) {
    for (const item of legend.items) {
      const name = item.renderers[0].name
      const key = names[name]
      const text = key === "plot.legend.neuron" ? nn.say(s, key, {n: item.index + 1})
        : key != null ? s.words[key] : null
      const now = item.label
      if (text != null && (now != null && typeof now === "object" ? now.value : now) !== text) {
        quiet(item, {label: {value: text}})
      }
    }
  }
  nn.relabel_plots = function (s, h) {
    const output = s.words["plot.axis.output"]
    for (const fig of [h.hidden_fig, h.second_fig]) {
      for (const axis of fig.left) quiet(axis, {axis_label: output})
    }
    const names = {
      sum: "plot.legend.sum", deep: "plot.legend.second", neurons: "plot.legend.neuron",
      slope_sum: "plot.legend.sum", slope_deep: "plot.legend.second",
      slope_neurons: "plot.legend.neuron",
    }
    for (const legend of h.legends) relabel_legend(legend, s, names)
    if (h.slope_legend != null) relabel_legend(h.slope_legend, s, names)
    for (const [tool] of h.hovers) quiet(tool, {description: s.words["plot.hover"]})
  }

  nn.quiet = quiet
  nn.neuron_rows = neuron_rows
  nn.show_legend = show_legend
  nn.recolor = recolor

  // A source whose columns were written in place tells its renderers. A change that keeps its
  // shape (the rows and each row's look) is announced as a patch of every row: Bokeh's
  // renderers take it up exactly as a change, and a Legend, which rebuilds all its entries
  // (their elements and canvases) on any change of a model its items reach, the data sources
  // included, is left alone. A new shape is a change, which the legend may need to follow.
  function announce(source, indices, reshaped) {
    if (reshaped) source.change.emit()
    else source.patching.emit(indices)
  }
  const ranges = new Map()
  function rows(n) {  // [0, 1, …, n − 1], made once for each of the few lengths in use
    let r = ranges.get(n)
    if (r == null) {
      if (ranges.size > 8) ranges.clear()
      r = Array.from({length: n}, (_, i) => i)
      ranges.set(n, r)
    }
    return r
  }

  nn.announce = announce
  nn.rows = rows

  // Curves that end (nearly) together would have their end labels printed over each other
  // (two equal neurons, say): from the top down, each label sits at least LABEL_PX below the
  // one above it. A label sits just above its curve's end (its y_offset, dy, in pixels: -3),
  // or just below it where above would cross the frame's top.
  const LABEL_PX = 16, TEXT_PX = 12
  function spread(fig, labels) {
    const n = labels.y.length
    const lo = fig.y_range.start, hi = fig.y_range.end
    const height = fig.inner_height > 0 ? fig.inner_height : Math.max(100, (fig.height || 300) - 60)
    const ppu = Number.isFinite(lo) && Number.isFinite(hi) && hi !== lo ? height / (hi - lo) : 0
    // Pixels down from the frame's top.
    const at = (i) => (Number.isFinite(labels.y[i]) && ppu > 0 ? (hi - labels.y[i]) * ppu : 0)
    const order = [...Array(n).keys()].sort((a, b) => at(a) - at(b))
    labels.dy = new Array(n).fill(-3)
    let last = -Infinity
    for (const i of order) {
      let dy = at(i) - 3 < TEXT_PX ? TEXT_PX + 1 : -3
      if (at(i) + dy < last + LABEL_PX) dy = last + LABEL_PX - at(i)
      labels.dy[i] = dy
      last = at(i) + dy
    }
    return labels
  }
  nn.spread_labels = spread

  // The labels' source takes new columns only where a value differs.
  function relabel(source, labels) {
    const d = source.data
    const keys = Object.keys(labels)
    const n = labels.text.length
    if (!keys.every((k) => Array.isArray(d[k]) && d[k].length === n)) {
      quiet(source, {data: labels})
      return
    }
    let changed = false
    for (const k of keys) {
      const column = d[k], values = labels[k]
      for (let i = 0; i < n; i++) {
        if (column[i] !== values[i]) { column[i] = values[i]; changed = true }
      }
    }
    if (changed) source.patching.emit(rows(n))
  }

  // Work no one waits for in the frame that shows a change (the plots' text alternative, the
  // tooltip's line) runs after that frame, once for a burst of changes, with the latest of
  // them; a page that paints no frames (hidden) still runs it within 0.2 s.
  const waiting = new Map()
  nn.later = function (model, what, fn) {
    const key = `${model.id}:${what}`
    const first = !waiting.has(key)
    waiting.set(key, fn)
    if (!first) return
    let done = false
    const run = () => {
      if (done) return
      done = true
      const latest = waiting.get(key)
      waiting.delete(key)
      latest()
    }
    requestAnimationFrame(() => setTimeout(run, 0))
    setTimeout(run, 200)
  }

  // The plots' text alternative, for a screen reader: what each drawn curve is, and the
  // range of its values, written on each plot's element (role "figure", its aria-label) after
  // the frame that shows a drawing. The canvas itself says nothing.
  const num = (v) => !Number.isFinite(v) ? "undefined"
    : String(Math.abs(v) < 5e-4 ? 0 : Number(v.toPrecision(3))).replace("-", "\u2212")
  const affine = (w, v, b) => `${num(w)}·${v} − ${b < 0 ? `(${num(b)})` : num(b)}`
  // The range of ``y``'s finite values, in the page's words.
  nn.span = (s, y) => {
    let lo = Infinity, hi = -Infinity
    for (const v of y) if (Number.isFinite(v)) { if (v < lo) lo = v; if (v > hi) hi = v }
    return lo === Infinity ? s.words["plot.describe.no_values"]
      : nn.say(s, "plot.describe.span", {lo: num(lo), hi: num(hi)})
  }
  nn.describe_text = function (s, h, cache) {
    const x = cache.x, count = s.weights.length, act = s.activation
    const say = (key, args) => nn.say(s, key, args)
    const span = (y) => nn.span(s, y)
    const over = x.length ? say("plot.describe.over", {lo: num(x[0]), hi: num(x[x.length - 1])})
      : ""
    const top = [], bottom = []
    for (let i = 0; i < count; i++) {
      if (s.shown[i] === false) continue
      top.push(say("plot.describe.neuron", {
        n: i + 1, formula: `${act}(${affine(s.weights[i], "x", s.biases[i])})`,
        dash: s.words[`plot.dash.${nn.dash(i)}`], span: span(cache.neurons[i]),
      }))
    }
    if (s.show_sum) {
      const sum = say(count === 1 ? "plot.describe.sum_one" : "plot.describe.sum",
                      {n: count, span: span(cache.sum)})
      top.push(sum)
      bottom.push(sum)
    }
    if (s.second_enabled && s.show_deep) {
      bottom.push(say("plot.describe.second", {
        formula: `${act}(${affine(s.w2, s.words["plot.describe.sum_var"], s.b2)})`,
        span: span(cache.deep),
      }))
    } else if (!s.second_enabled) {
      bottom.push(s.words["plot.describe.second_off"])
    }
    const plot = (key, items) => say(key, {
      over, items: items.length ? items.join("; ") : s.words["plot.describe.nothing"],
    })
    return {hidden: plot("plot.describe.hidden", top), second: plot("plot.describe.second_plot", bottom)}
  }

  function* views(view) {
    yield view
    if (typeof view.children === "function") for (const c of view.children()) yield* views(c)
  }
  function element_of(model) {
    const known = model.__nn_el
    if (known != null && known.isConnected) return known
    for (const root of Object.values(window.Bokeh ? Bokeh.index : {})) {
      for (const view of views(root)) {
        if (view.model === model && view.el != null) return (model.__nn_el = view.el)
      }
    }
    return null
  }
  nn.element_of = element_of  // the depth explorer's plots describe themselves too (depth.js)

  nn.relabel = relabel

  nn.describe = function (s, h, cache) {
    const text = nn.describe_text(s, h, cache)
    for (const [fig, said] of [[h.hidden_fig, text.hidden], [h.second_fig, text.second]]) {
      const el = element_of(fig)
      if (el == null) continue
      el.setAttribute("role", "figure")
      if (el.getAttribute("aria-label") !== said) el.setAttribute("aria-label", said)
    }
  }

  // One tooltip at the cursor's x: every drawn curve's name and value there, built as DOM
  // nodes (names are set as text).
  nn.tooltip = function (s, h, plot, index) {
    const cache = h.neurons.__nn
    const box = document.createElement("div")
    if (!cache || index == null || index >= cache.x.length) return box
    const fmt = (v) => (Number.isFinite(v) ? v.toFixed(4) : "–")
    const row = (color, name, v) => {
      const line = document.createElement("div")
      if (color != null) {
        const swatch = document.createElement("span")
        swatch.style.cssText = `display:inline-block;width:10px;height:10px;margin-right:4px;background:${color}`
        line.appendChild(swatch)
      }
      line.appendChild(document.createTextNode(`${name}: ${fmt(v)}`))
      box.appendChild(line)
    }
    row(null, "x", cache.x[index])
    if (plot === "slope") {  // the derivative view: each drawn curve's dy/dx there
      const slopes = h.slope_neurons && h.slope_neurons.__nn
      if (!s.slope || !slopes || slopes.x !== cache.x) return box
      slopes.neurons.forEach((y, i) => {
        if (i < s.weights.length && s.shown[i] !== false) {
          row(s.colors[i], nn.say(s, "plot.tip.neuron_slope", {n: i + 1}), y[index])
        }
      })
      if (s.show_sum) row(s.sum_color, s.words["plot.tip.sum_slope"], slopes.sum[index])
      if (s.second_enabled && s.show_deep) {
        row(s.deep_color, s.words["plot.tip.second_slope"], slopes.deep[index])
      }
      return box
    }
    if (plot === "hidden") {
      cache.neurons.forEach((y, i) => {
        if (s.shown[i] !== false) {
          row(s.colors[i], nn.say(s, "plot.legend.neuron", {n: i + 1}), y[index])
        }
      })
    }
    if (s.show_sum) row(s.sum_color, s.words["plot.legend.sum"], cache.sum[index])
    if (plot === "second" && s.second_enabled && s.show_deep) {
      row(s.deep_color, s.words["plot.legend.second"], cache.deep[index])
    }
    return box
  }
})()

// A check box's text toggles it, as a label does (Bokeh draws the text as a div beside the
// box). One listener for the whole page, whatever boxes it gains later.
;(function () {
  const nn = window.nnshape
  if (nn.labels_toggle) return
  nn.labels_toggle = true
  document.addEventListener("click", (event) => {
    const text = event.composedPath().find((e) => e.classList && e.classList.contains("bk-label"))
    const box = text && text.parentNode && text.parentNode.querySelector("input[type=checkbox]")
    if (box && !box.disabled) box.click()
  })
})()

// Draw once per burst of changes: a patch from the server may change several of the state's
// properties at once, each calling here; the drawing happens once, after all of them.
;(function () {
  const nn = window.nnshape
  if (nn.schedule) return
  nn.schedule = function (state, handles) {
    if (state.__nn_pending) return
    state.__nn_pending = true
    queueMicrotask(() => {
      state.__nn_pending = false
      nn.draw(state, handles)
    })
  }
})()
