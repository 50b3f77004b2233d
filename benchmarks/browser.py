"""Timing slider changes in a real page: from the key press to every affected curve updated."""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from harness.browser import REACHABLE_JS

# Arm a measurement: resolves when every named curve's data source has changed after the next
# key press (t0 is taken by a capturing keydown listener, before the slider even sees the key).
# A source announces new data as a change, or (columns written in place, same shape) as a patch
# (``patching``), which its renderers take up alike (dashboard/js/curves.js).
ARM_JS = (
    "({names, timeout}) => {"
    + REACHABLE_JS
    + r"""
  const models = reachable();
  const sources = names.map(name => {
    const r = models.find(m => m.type === "GlyphRenderer" && m.name === name);
    if (!r) throw new Error(`no curve named ${name}`);
    return r.data_source;
  });
  window.__measure = new Promise(resolve => {
    const pending = new Set(sources), slots = [];
    let t0 = null;
    const finish = result => {
      for (const [s, f] of slots) { s.change.disconnect(f); s.patching.disconnect(f); }
      resolve(result);
    };
    const timer = setTimeout(() => finish({timeout: true}), timeout);
    window.addEventListener("keydown", () => { t0 = performance.now(); },
                            {capture: true, once: true});
    for (const s of sources) {
      const f = () => {
        if (t0 === null) return;
        pending.delete(s);
        if (pending.size === 0) {
          const t = performance.now();
          clearTimeout(timer);
          requestAnimationFrame(() => finish({data: t - t0, frame: performance.now() - t0}));
        }
      };
      s.change.connect(f);
      s.patching.connect(f);
      slots.push([s, f]);
    }
  });
  return true;
}"""
)


@dataclass
class Latency:
    samples: list[float]  # ms, key press to every affected data source updated
    frames: list[float]  # ms, the same plus the next animation frame

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def p90(self) -> float:
        s = sorted(self.samples)
        return s[min(len(s) - 1, round(0.9 * (len(s) - 1)))]


def time_key(page, key: str, names: list[str], handle=None, timeout_ms: int = 5000) -> dict:
    """Press ``key`` on ``handle`` (a locator; None: on the element that has the page's focus,
    with ``page.keyboard``, which skips the locator's look-up and checks and so takes a fraction
    of the time) and time it in the page (``performance.now()``) until every curve in ``names``
    has new data: ``{"data": ms, "frame": ms}`` (``frame``: the next animation frame too), or
    ``{"timeout": True}`` after ``timeout_ms``."""
    page.evaluate(ARM_JS, {"names": names, "timeout": timeout_ms})
    (handle or page.keyboard).press(key)
    return page.evaluate("window.__measure")


def measure_keys(page, handle, names: list[str], changes: int, warmup: int = 3, gap_ms=150):
    """Press arrow keys on ``handle`` ``changes`` times; time each until ``names`` updated."""
    samples, frames = [], []
    handle.focus()
    for i in range(changes + warmup):
        result = time_key(page, "ArrowRight" if i % 2 == 0 else "ArrowLeft", names, handle)
        if result.get("timeout"):
            raise RuntimeError(f"no update of {names} within 5 s after change {i}")
        if i >= warmup:
            samples.append(result["data"])
            frames.append(result["frame"])
        page.wait_for_timeout(gap_ms)
    return Latency(samples, frames)
