// The target to fit and the live fit score, drawn by the page (dashboard/fit_plot.py).
//
// The server samples the target once per target change (or grid change) and writes it into
// the page's NetState (target_x, target_y: its finite values only, as model.target.Target.on
// gives them); from then on the page draws it and scores the network's output against it at
// every drawing, with no round trip: the score follows a slider as the curves do. The score is
// model.target.score's: the mean squared error and the largest absolute error of the output
// (the second layer's when it is on, else the hidden sum) at the target's x.
//
// nn.draw (curves.js) calls nn.draw_fit at the end of each drawing, asks nn.fit_drawn which
// target legend entries are drawn and nn.fit_arrays what the y-range must also show.
;(function () {
  const nn = (window.nnshape = window.nnshape || {})
  if (nn.draw_fit) return

  // The network's output at each of xs, with the arithmetic of nn.compute (and of the model's
  // Network.__call__), point for point.
  nn.output_at = function (s, xs) {
    const act = nn.ACT[s.activation], n = xs.length, count = s.weights.length
    const sum = new Float64Array(n)
    for (let i = 0; i < count; i++) {
      const w = s.weights[i], b = s.biases[i], v = s.v[i]
      for (let k = 0; k < n; k++) {
        let y = act(w * xs[k] - b)
        if (s.output_weights) y = v * y
        sum[k] = i === 0 ? y : sum[k] + y
      }
    }
    if (s.output_weights) for (let k = 0; k < n; k++) sum[k] += s.c
    if (!s.second_enabled) return sum
    const out = new Float64Array(n)
    for (let k = 0; k < n; k++) out[k] = act(s.w2 * sum[k] - s.b2)
    return out
  }

  // Where each of xs sits on the grid x (both ascending), or null if any is not a grid point:
  // a target sampled on the grid is scored from the curves already drawn.
  function on_grid(x, xs) {
    const index = new Int32Array(xs.length)
    let j = 0
    for (let k = 0; k < xs.length; k++) {
      while (j < x.length && x[j] < xs[k]) j++
      if (j >= x.length || x[j] !== xs[k]) return null
      index[k] = j
    }
    return index
  }

  // A score's number as dashboard.fit_plot.fit_number writes it: three significant digits,
  // plainly from 0.0001 up to 999, else as 1.23e-5; from the same exponential form both ways.
  // ``words``: the page's words (NetState.words); "not finite" is said in its language.
  nn.fit_number = function (v, words) {
    if (!Number.isFinite(v)) return (words && words["plot.fit.not_finite"]) || "not finite"
    const [mantissa, exp] = v.toExponential(2).split("e")
    const e = Number(exp)
    if (e < -4 || e > 2) return `${mantissa}e${e}`
    const negative = mantissa.startsWith("-")
    const digits = mantissa.replace("-", "").replace(".", "")
    let text
    if (e < 0) text = "0." + "0".repeat(-e - 1) + digits
    else text = digits.slice(0, e + 1) + (e < 2 ? "." + digits.slice(e + 1) : "")
    return (negative ? "-" : "") + text
  }

  nn.fit_score = function (s, cache) {
    const xs = s.target_x, ys = s.target_y, n = xs.length
    if (n === 0) return null
    const index = on_grid(cache.x, xs)  // O(grid): a new grid array at every drawing
    let out
    if (index != null) {
      const drawn = s.second_enabled ? cache.deep : cache.sum
      out = new Float64Array(n)
      for (let k = 0; k < n; k++) out[k] = drawn[index[k]]
    } else {
      out = nn.output_at(s, xs)
    }
    let total = 0, worst = 0
    for (let k = 0; k < n; k++) {
      const e = out[k] - ys[k]
      total += e * e
      const a = Math.abs(e)
      if (a > worst || Number.isNaN(a)) worst = Number.isNaN(worst) ? worst : a
    }
    return {mse: total / n, max: worst, count: n}
  }

  // A catalogue's text with its {fields} filled (model.lang.text, for the words the page
  // writes itself: NetState.words, in the page's language).
  const fill = (template, args) =>
    template.replace(/\{(\w+)\}/g, (whole, name) => (name in args ? String(args[name]) : whole))
  nn.fill = fill
  const word = (s, key) => (s.words instanceof Map ? s.words.get(key) : s.words[key])

  nn.fit_text = function (s, score) {
    if (s.target_kind === "") return ""
    const label = s.target_label
    if (score == null) {
      const key = s.target_kind === "points" ? "plot.fit.click" : "plot.fit.nothing"
      return fill(word(s, key), {label})
    }
    const words = {"plot.fit.not_finite": word(s, "plot.fit.not_finite")}
    return fill(word(s, "plot.fit.score"), {
      label, mse: nn.fit_number(score.mse, words), max: nn.fit_number(score.max, words),
    })
  }

  // Where the target is drawn: on the plot whose output is fitted.
  const fitted = (s) => (s.second_enabled ? "second" : "hidden")
  nn.fit_drawn = function (s) {
    const on = s.target_kind !== "" && s.target_x.length > 0
    const points = s.target_kind === "points"
    const out = {}
    for (const plot of ["hidden", "second"]) {
      out[`target_${plot}`] = on && !points && fitted(s) === plot
      out[`points_${plot}`] = on && points && fitted(s) === plot
    }
    return out
  }
  // What the y-range must show: a target function, not clicked points (each was clicked where
  // the plot showed it; refitting the axis to them would move the plot under the next click).
  nn.fit_arrays = function (s, plot) {
    const shown = s.target_kind !== "" && s.target_kind !== "points" && fitted(s) === plot
    return shown ? [s.target_y] : []
  }

  nn.draw_fit = function (s, h, cache) {
    if (h.target == null) return
    const source = h.target
    if (source.__nn_x !== s.target_x || source.__nn_y !== s.target_y) {
      source.__nn_x = s.target_x
      source.__nn_y = s.target_y
      source.data.x = Float64Array.from(s.target_x)
      source.data.y = Float64Array.from(s.target_y)
      source.change.emit()
    }
    const drawn = nn.fit_drawn(s)
    for (const r of h.target_renderers) {
      if (r.visible !== drawn[r.name]) r.setv({visible: drawn[r.name]}, {sync: false})
    }
    // The target's legend entries, in the page's language.
    const legend_word = word(s, "plot.fit.legend")
    for (const legend of h.legends || []) {
      for (const item of legend.items) {
        const r = item.renderers[0]
        if (r == null || !h.target_renderers.includes(r)) continue
        const now = item.label == null ? undefined : item.label.value
        if (legend_word != null && now !== legend_word) {
          item.setv({label: {value: legend_word}}, {sync: false})
        }
      }
    }
    const score = s.target_kind === "" ? null : nn.fit_score(s, cache)
    nn.last_fit = score
    let text = nn.fit_text(s, score)
    // The exported file says itself why the target is out of reach (fit_plot.reach_table).
    const table = s.target_reach, key = `${s.activation}|${+s.second_enabled}|${+s.output_weights}`
    const reach = table == null ? undefined : table instanceof Map ? table.get(key) : table[key]
    if (reach != null) text = text === "" ? reach : `${text}\n${reach}`
    const box = h.score
    if (box.text !== text) box.setv({text}, {sync: false})
    const shown = text !== ""
    if (box.visible !== shown) box.setv({visible: shown}, {sync: false})
  }
})()

// The hand on a slider, as it takes hold (a pointer down or a key on a handle): the server is
// told at once ("hand" in the page's outbox), so that training pauses and the hand wins. The
// slider's own values cannot say it soon enough: they go out at the outbox's pace, and while
// training runs the server keeps moving the sliders until it hears of the hand.
;(function () {
  const nn = window.nnshape
  // Whether a slider's value is the one the server gave it last, not the hand's: only the
  // hand's values go out (an echo of the server's could overwrite, in the outbox, a key's value
  // not yet sent, and the hand would lose to training). Bokeh runs the slider's callback later
  // than it applies the server's patch, so the patch is watched as it is applied
  // (Document.apply_json_patch; pinned by tests/ui/test_training_hand.py).
  const watch = (doc) => {
    if (doc == null || doc.__nn_watched) return
    doc.__nn_watched = true
    const apply = doc.apply_json_patch.bind(doc)
    doc.apply_json_patch = (patch, buffers) => {
      apply(patch, buffers)
      for (const event of patch.events || []) {
        if (event.kind !== "ModelChanged" || event.attr !== "value" || event.model == null) continue
        const model = doc.get_model_by_id(event.model.id)
        if (model != null && typeof model.value === "number") model.__nn_given = model.value
      }
    }
  }
  for (const doc of (window.Bokeh ? Bokeh.documents : [])) watch(doc)
  nn.from_server = (model) => {
    watch(model.document)  // a document made after this ran (a notebook's new output)
    const given = model.__nn_given === model.value
    if (!given) model.__nn_given = undefined
    return given
  }
  if (nn.hand_listening) return
  nn.hand_listening = true
  let count = 0
  const grab = (event) => {
    if (nn.hand == null) return
    const on_slider = event.composedPath().some((e) => e.classList &&
      (e.classList.contains("noUi-handle") || e.classList.contains("noUi-base")))
    if (on_slider) nn.send(nn.hand[0], "hand", ++count, ...nn.hand.slice(1))
  }
  document.addEventListener("pointerdown", grab, true)
  document.addEventListener("keydown", grab, true)
})()
