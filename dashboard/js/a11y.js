// What a keyboard or a screen reader needs from the page's controls, which Bokeh does not give:
// an accessible name on each control, a visible focus ring, disabled controls out of the Tab
// order, and focus kept on a neighbouring card when a neuron's card goes away; and what a
// phone needs from the plots (no legend on a narrow screen, pinch to zoom).
//
// Bokeh draws every widget in its own shadow root, and re-draws it when it changes. So this
// runs after every view's rendering (DOMView.after_render, which every Bokeh view passes
// through), and reads what to say from the view's model: a tag "aria-label=…" (set in Python,
// dashboard/controls.py), else the widget's own title or label. The same code serves the
// page, and the exported file.
;(function () {
  const nn = (window.nnshape = window.nnshape || {})
  if (nn.a11y) return
  const LABEL = "aria-label="
  // A neuron's weight slider, by its name in each language (filled in by dashboard/controls.py).
  const WEIGHTS = WEIGHT_NAMES.map((source) => new RegExp(source))
  const RING = `
    :focus-visible, .noUi-handle:focus, .noUi-handle:focus-visible {
      outline: 3px solid #0b57d0 !important; outline-offset: 2px !important;
    }
    button:focus-visible, input:focus-visible, select:focus-visible {
      box-shadow: 0 0 0 2px #ffffff !important;
    }`
  let sheet = null

  function ring(root) {
    if (root == null || !("adoptedStyleSheets" in root)) return
    if (sheet == null) {
      sheet = new CSSStyleSheet()
      sheet.replaceSync(RING)
    }
    if (!root.adoptedStyleSheets.includes(sheet)) {
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet]
    }
  }

  function tagged(model) {
    const tag = (model.tags || []).find((t) => typeof t === "string" && t.startsWith(LABEL))
    return tag == null ? null : tag.slice(LABEL.length)
  }

  function title_of(model) {
    for (const key of ["title", "label"]) {
      const v = model.properties[key] ? model[key] : null
      if (typeof v === "string" && v.trim() !== "") return v.trim().replace(/:$/, "")
    }
    return null
  }

  function label(view) {
    const model = view.model
    const root = view.shadow_el
    if (root == null) return
    ring(root)
    if (!view.__nn_watched) {
      view.__nn_watched = true
      for (const key of ["tags", "disabled", "label", "title"]) {
        if (model.properties[key]) view.connect(model.properties[key].change, () => label(view))
      }
    }
    const name = tagged(model) ?? title_of(model)
    const disabled = model.properties.disabled ? model.disabled : false
    for (const handle of root.querySelectorAll(".noUi-handle")) {
      if (name != null) handle.setAttribute("aria-label", name)
      // A disabled slider is no Tab stop (noUiSlider leaves its handle focusable).
      handle.setAttribute("tabindex", disabled ? "-1" : "0")
      if (disabled) handle.setAttribute("aria-disabled", "true")
      else handle.removeAttribute("aria-disabled")
    }
    // A plot's drawing area takes keys only for editing tools, which the plots have none of:
    // no Tab stop that does nothing (the plot's toolbar buttons stay, named by their titles).
    for (const layer of root.querySelectorAll(".bk-events[tabindex]")) {
      layer.setAttribute("tabindex", "-1")
    }
    const fields = root.querySelectorAll("input, select, textarea")
    for (const field of fields) {
      if (name != null && field.type !== "radio") field.setAttribute("aria-label", name)
    }
    const buttons = root.querySelectorAll("button")
    if (buttons.length === 1 && tagged(model) != null) {
      buttons[0].setAttribute("aria-label", name)
      if (name.startsWith("Remove neuron")) buttons[0].dataset.nnRemove = name
    }
  }

  function* walk(view) {
    yield view
    if (typeof view.children === "function") {
      for (const child of view.children()) yield* walk(child)
    }
  }

  nn.views = function* () {
    for (const root of Object.values(window.Bokeh ? Bokeh.index : {})) yield* walk(root)
  }

  // Every Bokeh view, after each rendering, goes through DOMView.prototype.after_render.
  function hook() {
    for (const view of nn.views()) {
      let proto = Object.getPrototypeOf(view)
      while (proto != null && !Object.prototype.hasOwnProperty.call(proto, "r_after_render")) {
        proto = Object.getPrototypeOf(proto)
      }
      if (proto == null || proto.__nn_hooked) continue
      const original = proto.after_render
      proto.after_render = function () {
        original.apply(this, arguments)
        try {
          label(this)
        } catch (error) {
          console.warn("nnshape a11y:", error)
        }
      }
      proto.__nn_hooked = true
    }
  }

  // Every element matching ``selector``, through every shadow root, in document order.
  function deep(root, selector, found = []) {
    for (const e of root.querySelectorAll("*")) {
      if (e.matches(selector)) found.push(e)
      if (e.shadowRoot) deep(e.shadowRoot, selector, found)
    }
    return found
  }
  nn.deep = deep

  // A card's Remove button was pressed: once its card is gone, focus the Remove button now at
  // its place (the next card), or the last one (the card before).
  function keep_focus(button) {
    const all = deep(document, "button[data-nn-remove]")
    const index = all.indexOf(button)
    const until = performance.now() + 15000
    const step = () => {
      if (performance.now() > until) return
      if (button.isConnected) return requestAnimationFrame(step)
      // The one card left can lose no neuron: its Remove button is about to be disabled.
      const now = deep(document, "button[data-nn-remove]")
      const weights = deep(document, ".noUi-handle[aria-label]").filter((e) =>
        WEIGHTS.some((name) => name.test(e.getAttribute("aria-label"))))
      const target = now.length === 1 ? weights[0] : now[Math.min(index, now.length - 1)]
      if (target == null) return requestAnimationFrame(step)
      target.focus()
    }
    requestAnimationFrame(step)
  }

  // Small and touch screens. Under 760 px the legends go (each curve keeps its label at the
  // line's end, and the plot's text): the plot gets the width. On a touch screen a pinch zooms
  // the plot (the zoom tool that a mouse wheel does not get); a drag on a plot pans it, a drag
  // anywhere else scrolls the page.
  const narrow = window.matchMedia("(max-width: 760px)")
  const touch = window.matchMedia("(pointer: coarse)")
  function fit_screen() {
    for (const doc of window.Bokeh ? Bokeh.documents : []) {
      for (const model of doc.all_models) {
        if (model.type === "Legend" && model.visible === narrow.matches) {
          model.setv({visible: !narrow.matches}, {sync: false})
        }
        if (model.type === "WheelZoomTool" && touch.matches && !model.active) {
          model.setv({active: true}, {sync: false})
        }
      }
    }
  }
  nn.fit_screen = fit_screen

  nn.a11y = function () {
    hook()
    for (const view of nn.views()) label(view)
    fit_screen()
  }
  narrow.addEventListener("change", fit_screen)
  touch.addEventListener("change", fit_screen)

  document.addEventListener("click", (event) => {
    const button = event.composedPath().find((e) => e.dataset && e.dataset.nnRemove)
    if (button != null) keep_focus(button)
  })
})()
window.nnshape.a11y()
