"""Chromium through Playwright, and reading what a page plots: the JS and the checks on it."""

from __future__ import annotations

import re
import time

from .oracle import deviation, expected

#: Debian's Chromium: never a browser Playwright downloads.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
#: The page size the tests, benchmarks and screenshot open at unless they say otherwise.
VIEWPORT = (1280, 800)
#: ``browser.new_context`` options: a laptop's screen (``VIEWPORT``), and a phone's (Chromium's
#: mobile emulation at 390×844: touch, a device pixel ratio of 3, the page's viewport meta tag
#: honoured).
DESKTOP = {"viewport": {"width": VIEWPORT[0], "height": VIEWPORT[1]}}
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 3,
}

# Models BokehJS keeps after the server replaced them linger in doc.all_models, so the curves on
# screen are found by walking from the document roots through every property value. A JS
# fragment: it defines ``reachable()`` for the function it is pasted into.
REACHABLE_JS = r"""
const reachable = () => {
  const isModel = v => v && typeof v === "object" && typeof v.id === "string" &&
                       v.properties !== undefined;
  const seen = new Set(), stack = [];
  const push = v => {
    if (v == null || typeof v !== "object" || ArrayBuffer.isView(v)) return;
    if (isModel(v)) { if (!seen.has(v)) { seen.add(v); stack.push(v); } return; }
    if (Array.isArray(v)) { v.forEach(push); return; }
    if (v instanceof Map) { v.forEach((val, key) => { push(key); push(val); }); return; }
    if (Object.getPrototypeOf(v) === Object.prototype) Object.values(v).forEach(push);
  };
  for (const doc of (window.Bokeh ? Bokeh.documents : [])) doc.roots().forEach(push);
  while (stack.length) {
    const m = stack.pop();
    for (const p of Object.values(m.properties)) { try { push(p.get_value()); } catch (e) {} }
  }
  return [...seen];
};
"""

# Every curve on screen, as the page drew it: each row of the neurons' multi_line (n0, n1, …),
# the sum and the second layer's output (deep), with its data and whether it is drawn. The
# hidden plot's renderers come first, so "sum" is the hidden plot's.
PLOTTED_JS = (
    "() => {"
    + REACHABLE_JS
    + r"""
  const out = {};
  for (const m of reachable()) {
    if (m.type !== "GlyphRenderer" || !m.name || !m.data_source) continue;
    const d = m.data_source.data;
    if (m.name === "neurons") {
      (d.ys || []).forEach((y, i) => {
        out[`n${i}`] = {x: Array.from(d.xs[i]), y: Array.from(y),
                        visible: m.visible && d.alpha[i] > 0};
      });
    } else if ((m.name === "sum" || m.name === "deep") && !(m.name in out)) {
      out[m.name] = {x: Array.from(d.x || []), y: Array.from(d.y || []), visible: m.visible};
    }
  }
  return out;
}"""
)

# The page has drawn its curves at least once (served page, saved file or notebook output).
READY_JS = r"""
() => window.Bokeh && Bokeh.documents.length > 0 && window.nnshape && nnshape.draws > 0
"""

# Every Bokeh document in the page: JupyterLab gives each output its own; the dashboard's has
# been drawn once nnshape has drawn.
DASHBOARD_READY_JS = READY_JS

# The values of the dashboard's sliders in page order (n1 weight, n1 bias, n2 weight, …, w2, b2;
# not the output weights' v and c):
# the Slider models of the one document that holds the curves, served or in JupyterLab.
DASHBOARD_SLIDERS_JS = r"""
() => {
  const docs = (window.Bokeh ? Bokeh.documents : []).filter(doc =>
    [...doc.all_models].some(m => m.type === "GlyphRenderer" && m.name === "neurons"));
  if (docs.length !== 1) throw new Error(`${docs.length} documents hold the dashboard`);
  // The output weights' sliders (v, c) are not among them: the article's order stays.
  return [...docs[0].all_models]
    .filter(m => m.type === "Slider" && !/^(Neuron \d+ )?output /.test(m.title || ""))
    .map(m => m.value);
}
"""

# From now on, keep every y column the curve named ``name`` (sum or deep) receives, in
# window.__seen[name]. The page writes its sources in place and emits ``change``, or
# ``patching`` when their shape is the same (dashboard/js/curves.js).
WATCH_JS = (
    "(name) => {"
    + REACHABLE_JS
    + r"""
  const r = reachable().find(m => m.type === "GlyphRenderer" && m.name === name);
  if (!r) throw new Error(`no curve named ${name}`);
  const seen = (window.__seen = window.__seen || {})[name] = [];
  const source = r.data_source;
  const keep = () => seen.push(Array.from(source.data.y));
  source.change.connect(keep);
  source.patching.connect(keep);
  return true;
}"""
)

NEURON_KEY = re.compile(r"n\d+")


def launch(playwright, **options):
    """The system Chromium, headless, without the background chatter a closed network refuses."""
    return playwright.chromium.launch(
        executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True, **options
    )


def goto(page, url: str, ready: str = READY_JS, timeout: float = 60.0):
    """Load ``url`` in ``page`` and return the page once ``ready`` holds there.

    The page's errors from then on are collected in its ``errors`` list.
    """
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.goto(url, timeout=timeout * 1000)
    page.wait_for_function(ready, timeout=timeout * 1000)
    return page


def open_page(
    browser_or_context,
    url: str,
    ready: str = READY_JS,
    viewport: tuple[int, int] | None = VIEWPORT,
    timeout: float = 60.0,
):
    """A new page at ``url`` (see ``goto``); ``viewport`` None keeps the context's own size."""
    page = browser_or_context.new_page()
    if viewport is not None:
        page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    return goto(page, url, ready, timeout)


def open_offline(browser, path, ready: str = READY_JS, viewport=(1280, 900)):
    """Open the file ``path`` in a new context where every request that is not for a local
    file is refused and recorded. Returns ``(context, page, blocked, requested, problems)``:
    the refused and all requested URLs, and the page's errors and failed requests."""
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    blocked, requested, failed = [], [], []

    def guard(route):
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    context.on("request", lambda r: requested.append(r.url))
    context.on("requestfailed", lambda r: failed.append(f"request failed: {r.url}"))
    page = open_page(context, path.as_uri(), ready, viewport=None, timeout=30)
    # Every request the page makes has been made and answered (or refused): none is pending.
    page.wait_for_load_state("networkidle")
    return context, page, blocked, requested, page.errors + failed


def activation_menu(page):
    """The activation menu (the one select with groups) of the served page or the file."""
    return page.locator("select").filter(has=page.locator("optgroup[label='From the article']"))


def slider_values(page) -> list[float]:
    """The dashboard's slider values in page order: n1 weight, n1 bias, n2 weight, …, w2, b2."""
    return page.evaluate(DASHBOARD_SLIDERS_JS)


def poll(page, probe, until, timeout: float = 10.0, what: str = "the page"):
    """Call ``probe()`` every 50 ms until ``until(value)`` holds; return that value.

    Fails after ``timeout`` seconds, showing the last value ``probe`` returned.
    """
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if until(value):
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: still {value!r} after {timeout} s")
        page.wait_for_timeout(50)


def wait_for_slider(page, index: int, value: float, timeout: float = 10.0) -> float:
    """Poll until slider ``index`` shows ``value`` (to 1e-9); return the value it shows."""
    return poll(
        page,
        lambda: slider_values(page)[index],
        lambda shown: abs(shown - value) < 1e-9,
        timeout,
        f"slider {index}, waiting for {value!r}",
    )


def plotted_problems(plotted: dict, net) -> list[str]:
    """How the page's curves differ from what the oracle says ``net`` looks like."""
    want = expected(net)
    have = sorted(k for k in plotted if NEURON_KEY.fullmatch(k))
    problems = []
    if len(have) != len(net.neurons):
        problems.append(f"the page has neuron curves {have}; the network {len(net.neurons)}")
    for key, (x, y) in want.items():
        if key not in plotted:
            problems.append(f"curve {key} is not in the page")
            continue
        why = deviation(plotted[key]["x"], x)
        if why is not None:
            problems.append(f"{key}, x: {why}")
        why = deviation(plotted[key]["y"], y, nan_ok=key == "deep")
        if why is not None:
            problems.append(f"{key}, y: {why}")
    return problems


def assert_plotted(plotted: dict, net) -> None:
    """The page's curves (``PLOTTED_JS``) are ``net``'s, as the oracle computes them."""
    problems = plotted_problems(plotted, net)
    assert not problems, "\n".join(problems)


def matches(plotted: dict, net) -> bool:
    return not plotted_problems(plotted, net)


# What the page's evaluator holds, for a failure message: its state and how often it drew.
STATE_JS = r"""
() => {
  const s = [...(window.Bokeh ? Bokeh.documents : [])].flatMap(d => [...d.all_models])
    .find(m => /NetState/.test(m.type));
  return s ? {ids: s.ids.length, weights: s.weights, biases: s.biases,
              activation: s.activation, draws: window.nnshape && nnshape.draws} : null;
}
"""


def wait_until_plotted(page, net, timeout: float = 10.0) -> dict:
    """Poll the page until its plotted data are ``net``'s curves; fail with the difference
    (and what the page's evaluator holds, and any error the page reported)."""
    deadline = time.monotonic() + timeout
    while True:
        plotted = page.evaluate(PLOTTED_JS)
        if matches(plotted, net):
            return plotted
        if time.monotonic() > deadline:
            problems = plotted_problems(plotted, net)
            problems.append(f"the page's state: {page.evaluate(STATE_JS)}")
            problems.append(f"page errors: {getattr(page, 'errors', None)}")
            raise AssertionError("\n".join(problems))
        page.wait_for_timeout(50)


def watch_curve(page, name: str) -> None:
    """Record every y column curve ``name`` receives from now on (read with ``watched``)."""
    page.evaluate(WATCH_JS, name)


def watched(page, name: str) -> list[list[float]]:
    """The y columns curve ``name`` has received since ``watch_curve``."""
    return page.evaluate("(name) => window.__seen[name]", name)
