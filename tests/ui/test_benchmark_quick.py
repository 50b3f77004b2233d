"""The performance benchmark runs in CI in quick mode, so it cannot rot. No thresholds here:
timings are measured on purpose with ``python -m benchmarks.run`` and reported as ratios."""

from harness.commands import quick_benchmark


def test_the_benchmark_runs_end_to_end_in_quick_mode(browser, tmp_path):
    out = tmp_path / "bench.json"
    done = quick_benchmark("run", "--json", str(out), timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    for row in (
        "Server floor: plain Bokeh app",
        "Client floor: plain Bokeh file",
        "Served page, article size",
        "Served page, 64 neurons",
        "depth explorer at 20 layers",
        "Notebook (JupyterLab)",
        "Exported file, article size",
        "CPU throttled 4×: served page, article size",
        "CPU throttled 4×: served page, 64 × 2,000",
        "derivative view off",
        "Derivative view on ÷ off",
        "Dragging",
        "Cold start",
        "Server memory",
        "Exported file of nn11",
    ):
        assert row in done.stdout, row
    assert out.exists()
