"""nnshape's performance benchmark, every measurement in one run, reported against the floor.

(Over 300 lines on purpose: every measurement must run in one process, in one run, to be a ratio.)

    python -m benchmarks.run            # the full run (30 changes per latency, 20 sessions)
    python -m benchmarks.run --quick    # a few iterations, for CI: it must run, no thresholds
    python -m benchmarks.run --only article,drag   # some measurements, with both floors
    python -m benchmarks.run --only depth     # the depth explorer at 20 layers
    python -m benchmarks.run --cold-start 3   # only the cold start pair, 3 times in one run
    python -m benchmarks.run --only slope     # the derivative view off and on, interleaved

Needs Debian's Chromium at /usr/bin/chromium. Prints a Markdown table; ``--json FILE`` also
writes the raw numbers.
"""

from __future__ import annotations

import argparse
import json
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

from playwright.sync_api import sync_playwright

from harness.browser import (
    CHROMIUM,
    DASHBOARD_READY_JS,
    PLOTTED_JS,
    REACHABLE_JS,
    READY_JS,
    VIEWPORT,
    assert_plotted,
    launch,
    open_offline,
    open_page,
    slider_values,
    wait_until_plotted,
)
from harness.jupyter import CELL, KERNEL, jupyter_lab, notebook_json, run_first_cell
from harness.serve import ROOT, free_port, nnshape_serve, rss_mb, running
from model.article import figure

from .browser import Latency, measure_keys
from .floor_file import floor_file_html

BENCH = Path(__file__).resolve().parent
#: Whether the derivative view's plot is shown (``arg``: the answer waited for).
SLOPE_SHOWN_JS = (
    "(on) => [...Bokeh.documents[0].all_models]"
    ".some(m => m.type === 'Figure' && m.name === 'slope' && m.visible === on)"
)
FLOOR_READY_JS = (
    "() => window.Bokeh && Bokeh.documents.length && [...Bokeh.documents[0].all_models]"
    ".some(m => m.type === 'GlyphRenderer' && m.name === 'line0')"
)


def open_settled(browser, url: str, ready: str = READY_JS):
    """A page at ``url`` once ``ready``, plus 300 ms for the first render's follow-up messages
    to land before anything is timed."""
    page = open_page(browser, url, ready)
    page.wait_for_timeout(300)
    return page


class Bench:
    def __init__(self, quick: bool, log_dir: Path):
        self.quick = quick
        self.changes = 5 if quick else 30
        self.log_dir = log_dir
        self.results: dict = {}

    def serve_app(self, tool: str, app: str, port: int):
        """``bokeh serve`` or ``panel serve`` of a benchmark app on loopback, for a with-block."""
        cmd = [sys.executable, "-m", tool, "serve", str(BENCH / app), "--port", str(port)]
        cmd += ["--address", "127.0.0.1", "--allow-websocket-origin", f"127.0.0.1:{port}"]
        return running(cmd, port, self.log_dir / f"{app}.log")

    # 3. the floor ------------------------------------------------------------------------------
    def floor(self, browser) -> Latency:
        port = free_port()
        with self.serve_app("bokeh", "floor_app.py", port):
            page = open_settled(browser, f"http://127.0.0.1:{port}/floor_app", FLOOR_READY_JS)
            lat = measure_keys(
                page, page.locator(".noUi-handle").first, ["line0", "line1", "line2"], self.changes
            )
            page.close()
        return lat

    def file_floor(self, browser) -> Latency:
        """The client-side floor: a plain Bokeh file whose slider's CustomJS redraws 3 lines."""
        path = self.log_dir / "floor.html"
        path.write_text(floor_file_html(), encoding="utf-8")
        context, page, *_ = open_offline(browser, path, FLOOR_READY_JS, VIEWPORT)
        page.wait_for_timeout(300)
        lat = measure_keys(
            page, page.locator(".noUi-handle").first, ["line0", "line1", "line2"], self.changes
        )
        context.close()
        return lat

    # 1. article size --------------------------------------------------------------------------
    def article(self, page) -> Latency:
        """Neuron 2's weight of nn11 in ``page``; the page must then plot the model's curves."""
        handle = page.locator(".noUi-handle").nth(2)  # neuron 2's weight
        lat = measure_keys(page, handle, ["neurons", "sum", "deep"], self.changes)
        net = figure("nn11")
        net.neurons[1].weight = slider_values(page)[2]
        assert_plotted(page.evaluate(PLOTTED_JS), net)  # the page shows the model's numbers
        return lat

    def served(self, browser, server: str) -> tuple[Latency, Latency]:
        """The served page at article size, then the same page with its CPU throttled 4×."""
        page = open_settled(browser, f"{server}/?figure=nn11")
        plain = self.article(page)
        throttle(page, 4)
        slow = self.article(page)
        page.close()
        return plain, slow

    def exported(self, browser) -> Latency:
        """The exported file of nn11, opened from disk with every network request refused."""
        path = self.log_dir / "nn11.html"
        context, page, *_ = open_offline(browser, path, READY_JS, VIEWPORT)
        page.wait_for_timeout(300)
        lat = self.article(page)
        context.close()
        return lat

    # 2. stress size ---------------------------------------------------------------------------
    def stress(self, browser) -> tuple[Latency, Latency]:
        """64 neurons × 2,000 points, layer 2 on; then with the CPU throttled 4×."""
        port = free_port()
        with self.serve_app("panel", "stress_app.py", port):
            page = open_settled(browser, f"http://127.0.0.1:{port}/stress_app")
            names = page.evaluate(PLOTTED_JS)
            assert len([k for k in names if k.startswith("n")]) == 64
            assert len(names["sum"]["x"]) == 2000
            handle = page.locator(".noUi-handle").first
            plain = measure_keys(page, handle, ["neurons", "sum", "deep"], self.changes)
            throttle(page, 4)
            slow = measure_keys(page, handle, ["neurons", "sum", "deep"], self.changes)
            page.close()
        return plain, slow

    # 1b. the depth explorer ------------------------------------------------------------------
    def depth(self, browser, server: str) -> tuple[Latency, Latency]:
        """The depth explorer at 20 layers on nn11: a hidden weight, then its own shared w;
        each change until the plot's layers, the sum and both charts have new data."""
        from harness.depth import READ_JS, output_problems

        page = open_settled(browser, f"{server}/?figure=nn11")
        handles = page.locator(".noUi-handle")
        before = handles.count()
        page.get_by_text("Show the depth explorer").click()
        page.wait_for_function("() => (window.nnshape.depth_draws || 0) > 0", timeout=30000)
        deepest = handles.nth(before)
        deepest.focus()
        deepest.press("End")
        page.wait_for_function(
            "() => nnshape.depth_last && nnshape.depth_last.outputs.length === 21", timeout=30000
        )
        page.wait_for_timeout(300)
        names = ["depth_layers", "depth_sum", "depth_range", "depth_steep"]
        hidden = measure_keys(page, handles.nth(2), names, self.changes)  # neuron 2's weight
        shared = measure_keys(page, handles.nth(before + 1), names, self.changes)
        page.wait_for_timeout(300)
        seen = page.evaluate(READ_JS)
        assert len(seen["layers"]["ys"]) == 20
        problems = output_problems(
            seen["net"], seen["depth"], seen["sum"]["x"], [seen["sum"]["y"], *seen["layers"]["ys"]]
        )
        assert problems == [], problems  # the page shows the model's numbers
        page.close()
        return hidden, shared

    def slope(self, browser) -> tuple[Latency, Latency]:
        """The stress size with the derivative view off and on, interleaved in one page: blocks
        of a few changes each way, its real switch clicked in between (on: the slope plot's
        sources of what a change moves must update too: the dragged neuron's share, drawn by a
        line of its own during a drag (js/slope.js), the sum's slope and the second layer's)."""
        port = free_port()
        curves = ["neurons", "sum", "deep"]
        slopes = [*curves, "slope_live", "slope_sum", "slope_deep"]
        switch = "Slope dy/dx (the derivative view)"
        off, on = Latency([], []), Latency([], [])
        block = 2 if self.quick else 5
        with self.serve_app("panel", "stress_app.py", port):
            page = open_settled(browser, f"http://127.0.0.1:{port}/stress_app")
            handle = page.locator(".noUi-handle").first
            for i in range(2 * max(1, self.changes // block)):
                view_on = i % 2 == 1
                if i:  # off, on, off, on …: the real switch, then a rest before timing
                    page.get_by_text(switch, exact=True).first.click()
                page.wait_for_function(SLOPE_SHOWN_JS, arg=view_on)
                page.wait_for_timeout(300)
                lat = measure_keys(page, handle, slopes if view_on else curves, block, warmup=1)
                into = on if view_on else off
                into.samples.extend(lat.samples)
                into.frames.extend(lat.frames)
            page.close()
        return off, on

    # 4. dragging ------------------------------------------------------------------------------
    def drag(self, browser, server: str) -> dict:
        """Continuous movement at 60 pointer events/s, generated in the page on a steady clock
        (one Playwright call per event could not keep that rate on a loaded machine)."""
        page = open_settled(browser, f"{server}/?figure=nn11")
        stats = self._sweep(page, 2, "sum")
        final = slider_values(page)[2]
        net = figure("nn11")
        net.neurons[1].weight = final
        # However long a loaded machine needs, the page must end on the model's numbers for
        # the slider's final value; the time of that last update is the drag's tail.
        wait_until_plotted(page, net, timeout=30)
        return self._drag_result(page, stats)

    def drag_floor(self, browser) -> dict:
        """The same sweep on the plain-Bokeh floor app: what a drag's tail is on this machine."""
        port = free_port()
        with self.serve_app("bokeh", "floor_app.py", port):
            page = open_settled(browser, f"http://127.0.0.1:{port}/floor_app", FLOOR_READY_JS)
            stats = self._sweep(page, 0, "line0")
            page.wait_for_timeout(2000)  # no model to compare with: let the last reply land
            return self._drag_result(page, stats)

    def _sweep(self, page, index: int, curve: str) -> dict:
        handle = page.locator(".noUi-handle").nth(index)
        handle.scroll_into_view_if_needed()
        box = handle.bounding_box()
        seconds = 1.0 if self.quick else 2.0
        return page.evaluate(
            DRAG_JS,
            {"x": box["x"] + box["width"] / 2, "y": box["y"] + box["height"] / 2,
             "events": int(60 * seconds), "rate": 60, "curve": curve, "index": index},
        )  # fmt: skip

    @staticmethod
    def _drag_result(page, stats: dict) -> dict:
        stats["last_update"] = page.evaluate("() => window.__drag.last_update")
        page.close()
        span = (stats["last_input"] - stats["first_input"]) / 1000
        return {
            "events": stats["inputs"],
            "input_rate": (stats["inputs"] - 1) / span,
            "updates": stats["updates_during"],
            "updates_per_s": stats["updates_during"] / span,
            "final_ms": stats["last_update"] - stats["last_input"],
        }

    # 5. JupyterLab ----------------------------------------------------------------------------
    def jupyter(self, browser) -> Latency:
        root = self.log_dir / "lab"
        root.mkdir()
        (root / "playground.ipynb").write_text(notebook_json([CELL], KERNEL))
        with jupyter_lab(root, KERNEL) as (base, token):
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(f"{base}/lab/tree/playground.ipynb?token={token}")
            run_first_cell(page)
            page.wait_for_function(DASHBOARD_READY_JS, timeout=120_000)
            page.wait_for_timeout(1000)
            handle = page.locator(".noUi-handle").nth(2)
            lat = measure_keys(page, handle, ["neurons", "sum", "deep"], self.changes)
            page.close()
        return lat

    # 6. cold start, memory, export size -------------------------------------------------------
    def cold_start(self, browser) -> dict:
        port = free_port()
        return self._cold(browser, nnshape_serve(port), port, "/?figure=nn11", READY_JS)

    def cold_start_floor(self, browser) -> dict:
        """The plain-Bokeh floor app from process start to first plot: this machine's yardstick."""
        port = free_port()
        cmd = [sys.executable, "-m", "bokeh", "serve", str(BENCH / "floor_app.py")]
        cmd += ["--port", str(port), "--address", "127.0.0.1"]
        cmd += ["--allow-websocket-origin", f"127.0.0.1:{port}"]
        return self._cold(browser, cmd, port, "/floor_app", FLOOR_READY_JS)

    @staticmethod
    def _cold(browser, cmd: list[str], port: int, path: str, ready: str) -> dict:
        """Seconds from process start to the port accepting, and to the first plot visible."""
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            while True:  # poll the port as tightly as a browser's retry would
                try:
                    socket.create_connection(("127.0.0.1", port), 0.2).close()
                    break
                except OSError:
                    if time.perf_counter() - t0 > 60 or proc.poll() is not None:
                        raise RuntimeError("the server did not start") from None
                    time.sleep(0.02)
            listening = time.perf_counter() - t0
            page.goto(f"http://127.0.0.1:{port}{path}", timeout=60_000)
            page.wait_for_function(ready, timeout=60_000)
            # The first plot drawn: a visible canvas (hidden ones, such as the derivative
            # view's, come first in the page).
            page.locator("canvas:visible").first.wait_for(state="visible", timeout=60_000)
            elapsed = time.perf_counter() - t0
            page.close()
        finally:
            proc.terminate()
            proc.wait(10)
        return {"listening_s": listening, "first_plot_s": elapsed}

    def memory(self, browser) -> dict:
        port = free_port()
        sessions = 5 if self.quick else 20
        with running(nnshape_serve(port), port, self.log_dir / "memory.log") as proc:
            context = browser.new_context()
            pages = [open_page(context, f"http://127.0.0.1:{port}/?figure=nn11", viewport=None)]
            time.sleep(1.0)
            one = rss_mb(proc.pid)
            for _ in range(sessions - 1):
                pages.append(
                    open_page(context, f"http://127.0.0.1:{port}/?figure=nn11", viewport=None)
                )
            time.sleep(1.0)
            many = rss_mb(proc.pid)
            context.close()
        return {"sessions": sessions, "rss_1": one, "rss_n": many,
                "per_session": (many - one) / (sessions - 1)}  # fmt: skip

    def export_size(self) -> int:
        out = self.log_dir / "nn11.html"
        subprocess.run(
            [sys.executable, "-m", "dashboard.cli", "export", "--figure", "nn11", "-o", str(out)],
            cwd=ROOT, check=True, capture_output=True,
        )  # fmt: skip
        return out.stat().st_size


def throttle(page, rate: float) -> None:
    """Slow ``page``'s CPU ``rate`` times, as DevTools' CPU throttling does."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})


# Press handle ``index``, sweep it back and forth ±40 px at a steady rate, release; count the
# ``curve``'s data updates while the hand moves and time the last one after the last movement.
DRAG_JS = (
    "async ({x, y, events, rate, curve, index}) => {"
    + REACHABLE_JS
    + r"""
  const sum = reachable().find(m => m.type === "GlyphRenderer" && m.name === curve).data_source;
  const deep = (root, selector, found = []) => {  // querySelectorAll through shadow roots
    found.push(...root.querySelectorAll(selector));
    for (const e of root.querySelectorAll("*")) {
      if (e.shadowRoot) deep(e.shadowRoot, selector, found);
    }
    return found;
  };
  const handle = deep(document, ".noUi-handle")[index];
  const s = window.__drag = {inputs: 0, updates_during: 0, first_input: null,
                             last_input: null, last_update: null, moving: true};
  const updated = () => {  // new data: a change, or a patch (benchmarks/browser.py)
    s.last_update = performance.now();
    if (s.moving) s.updates_during += 1;
  };
  sum.change.connect(updated);
  sum.patching.connect(updated);
  // noUiSlider listens to mouse events (it takes pointer events only where the browser sets
  // the non-standard navigator.pointerEnabled): down on the handle, moves on the document.
  const fire = (type, px) => {
    const init = {bubbles: true, cancelable: true, composed: true, clientX: px, clientY: y,
                  buttons: type === "mouseup" ? 0 : 1, button: 0, view: window};
    const target = type === "mousedown" ? handle : handle.ownerDocument.documentElement;
    target.dispatchEvent(new MouseEvent(type, init));
  };
  fire("mousedown", x);
  const t0 = performance.now();
  for (let i = 1; i <= events; i++) {
    const due = t0 + i * 1000 / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise(r => setTimeout(r, wait));
    const phase = (i % 60) / 60;
    const dx = 80 * (phase < 0.5 ? 2 * phase : 2 - 2 * phase) - 40;
    fire("mousemove", x + dx);
    const now = performance.now();
    if (s.first_input === null) s.first_input = now;
    s.last_input = now;
    s.inputs += 1;
  }
  s.moving = false;
  fire("mouseup", x);
  return {...s};
}"""
)


#: What ``--only`` can pick; the two latency floors are measured in every run.
PARTS = ("article", "depth", "drag", "file", "stress", "slope", "jupyter", "cold", "memory")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="few iterations, for CI")
    parser.add_argument("--json", type=Path, help="also write the raw numbers here")
    parser.add_argument(
        "--only", type=lambda text: text.split(","), default=list(PARTS),
        help=f"comma-separated measurements to run, of {', '.join(PARTS)} (the served page at "
        "article size, plain and CPU-throttled 4×, is 'article'); default: all",
    )  # fmt: skip
    parser.add_argument(
        "--cold-start",
        type=int,
        metavar="N",
        help="measure only the cold start, nnshape then the floor app, N times (a ratio each)",
    )
    args = parser.parse_args(argv)
    unknown = set(args.only) - set(PARTS)
    if unknown:
        parser.error(f"--only: unknown {', '.join(sorted(unknown))}; known: {', '.join(PARTS)}")
    if not Path(CHROMIUM).exists():
        parser.exit(2, f"benchmarks: {CHROMIUM} is missing (apt-get install -y chromium)\n")
    if args.cold_start is not None:
        return cold_start_only(max(1, args.cold_start), args.json)
    only = set(args.only)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        bench = Bench(args.quick, Path(tmp))
        browser = launch(pw)
        port = free_port()
        r = bench.results
        with running(nnshape_serve(port), port, Path(tmp) / "app.log"):
            server = f"http://127.0.0.1:{port}"
            open_settled(browser, server).close()  # warm the server up
            r["floor"] = bench.floor(browser)
            if "article" in only:
                r["article"], r["article_4x"] = bench.served(browser, server)
            if "depth" in only:
                r["depth"], r["depth_w"] = bench.depth(browser, server)
            if "drag" in only:
                r["drag"] = bench.drag(browser, server)
        if "drag" in only:
            r["drag_floor"] = bench.drag_floor(browser)
        r["file_floor"] = bench.file_floor(browser)
        if "file" in only:
            r["export_bytes"] = bench.export_size()
            r["file"] = bench.exported(browser)
        if "stress" in only:
            r["stress"], r["stress_4x"] = bench.stress(browser)
        if "slope" in only:
            r["slope_off"], r["slope_on"] = bench.slope(browser)
        if "jupyter" in only:
            r["jupyter"] = bench.jupyter(browser)
        if "cold" in only:
            r["cold_start"] = bench.cold_start(browser)
            r["cold_start_floor"] = bench.cold_start_floor(browser)
        if "memory" in only:
            r["memory"] = bench.memory(browser)
        browser.close()
    print(report(r, args.quick))
    if args.json:
        raw = {k: (v.__dict__ if isinstance(v, Latency) else v) for k, v in r.items()}
        args.json.write_text(json.dumps(raw, indent=2))
    return 0


def cold_start_only(runs: int, out: Path | None) -> int:
    """The cold start pair alone, ``runs`` times: each nnshape start is paired with the floor
    app's start right after it, and each pair gives its own ratio."""
    pairs = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        bench = Bench(True, Path(tmp))
        browser = launch(pw)
        for _ in range(runs):
            pairs.append((bench.cold_start(browser), bench.cold_start_floor(browser)))
        browser.close()
    lines = ["| run | nnshape: port open, first plot | floor app: port open, first plot | ratio |"]
    lines.append("|---|---|---|---|")
    for i, (c, cf) in enumerate(pairs, start=1):
        lines.append(
            f"| {i} | {c['listening_s']:.2f} s, {c['first_plot_s']:.2f} s "
            f"| {cf['listening_s']:.2f} s, {cf['first_plot_s']:.2f} s "
            f"| {c['first_plot_s'] / cf['first_plot_s']:.2f}× |"
        )
    print("\n".join(lines))
    if out:
        out.write_text(json.dumps([{"cold_start": c, "cold_start_floor": cf} for c, cf in pairs]))
    return 0


def report(r: dict, quick: bool) -> str:
    floor, client = r["floor"].median, r["file_floor"].median
    rows = [
        ("Server floor: plain Bokeh app, Python callback, 3 lines × 100 points", "floor", ""),
        ("Client floor: plain Bokeh file, CustomJS, 3 lines × 100 points", "file_floor", ""),
        ("Served page, article size (nn11)", "article", 1),
        ("Served page, 64 neurons × 2,000 points, layer 2 on", "stress", 2),
        ("Served page, depth explorer at 20 layers (nn11): a hidden weight", "depth", 1),
        ("Served page, depth explorer at 20 layers (nn11): its shared w", "depth_w", 1),
        ("Notebook (JupyterLab), article size", "jupyter", 1),
        ("Exported file, article size, no server, no network", "file", 1),
        ("CPU throttled 4×: served page, article size", "article_4x", 1),
        ("CPU throttled 4×: served page, 64 × 2,000", "stress_4x", 4),
        ("Served page, 64 × 2,000, derivative view off (interleaved with on)", "slope_off", ""),
        ("Served page, 64 × 2,000, derivative view on (interleaved with off)", "slope_on", ""),
    ]
    lines = [
        "| latency, key press → plotted data | median | p90 | frames (target) "
        "| × server floor | × client floor |",
        "|---|---|---|---|---|---|",
    ]
    for label, key, target in rows:
        if key not in r:
            continue
        lat = r[key]
        frames = lat.median / FRAME_MS
        verdict = ""
        if target:
            verdict = f" (≤ {target}: {'met' if frames <= target else 'not met'})"
        lines.append(
            f"| {label} | {ms(lat.median)} | {ms(lat.p90)} | {frames:.2f}{verdict} "
            f"| {lat.median / floor:.2f}× | {lat.median / client:.2f}× |"
        )
    other = []
    if "drag" in r:
        d, df = r["drag"], r["drag_floor"]
        other.append((
            f"Dragging, {d['input_rate']:.0f} events/s for {d['events']} events",
            f"{d['updates_per_s']:.0f} updates/s; final curves {ms(d['final_ms'])} after the "
            f"last event (the server floor app: {df['updates_per_s']:.0f} updates/s, final "
            f"{ms(df['final_ms'])})",
        ))  # fmt: skip
    if "slope_on" in r:
        off, on = r["slope_off"], r["slope_on"]
        ratio, painted = on.median / off.median, median(on.frames) / median(off.frames)
        other.append((
            "Derivative view on ÷ off, 64 × 2,000, key press → data (→ next frame)",
            f"{ratio:.2f}× ({painted:.2f}×) (target ≤ 1.5×: "
            f"{'met' if ratio <= 1.5 else 'not met'})",
        ))  # fmt: skip
    if "cold_start" in r:
        c, cf = r["cold_start"], r["cold_start_floor"]
        other.append((
            "Cold start, process start to first plot",
            f"{c['first_plot_s']:.2f} s (port open at {c['listening_s']:.2f} s); the floor app "
            f"{cf['first_plot_s']:.2f} s (port open at {cf['listening_s']:.2f} s): "
            f"{c['first_plot_s'] / cf['first_plot_s']:.2f}× (target ≤ 1.5×: "
            f"{'met' if c['first_plot_s'] <= 1.5 * cf['first_plot_s'] else 'not met'})",
        ))  # fmt: skip
    if "memory" in r:
        m = r["memory"]
        other.append((
            f"Server memory, 1 → {m['sessions']} sessions",
            f"{m['rss_1']:.0f} → {m['rss_n']:.0f} MB, {m['per_session']:.1f} MB per added session",
        ))  # fmt: skip
    if "export_bytes" in r:
        other.append(
            ("Exported file of nn11", f"{r['export_bytes'] / 1e6:.2f} MB (target ≤ 3.5 MB)")
        )
    if other:
        lines += ["", "| measurement | value |", "|---|---|"]
        lines += [f"| {a} | {b} |" for a, b in other]
    n = len(r["floor"].samples)
    lines.append(
        f"\n{n} changes per latency, medians; from the key press (performance.now() in a "
        f"capturing keydown listener) to every affected curve's data source changed; a frame is "
        f"{FRAME_MS:.1f} ms."
    )
    if quick:
        lines.append("(quick mode: few iterations; these numbers are not a measurement)")
    return "\n".join(lines)


#: One frame at 60 Hz, in ms.
FRAME_MS = 1000 / 60


def ms(value: float) -> str:
    return f"{value:.1f} ms"


if __name__ == "__main__":
    sys.exit(main())
