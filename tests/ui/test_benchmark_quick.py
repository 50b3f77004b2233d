"""The performance benchmark runs in CI in quick mode, so it cannot rot. No thresholds here:
timings are measured on purpose with ``python -m benchmarks.run`` and reported as ratios."""

import subprocess
import sys

from harness.serve import ROOT


def test_the_benchmark_runs_end_to_end_in_quick_mode(browser, tmp_path):
    out = tmp_path / "bench.json"
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--quick", "--json", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    for row in ("Floor: plain Bokeh", "Latency, article size", "Latency, stress", "Dragging",
                "Cold start", "Server memory", "HTML snapshot"):  # fmt: skip
        assert row in done.stdout, row
    assert out.exists()
