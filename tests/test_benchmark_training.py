"""The training benchmark's quick mode runs (its numbers are reported, never asserted)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_training_benchmark_quick_mode_runs(tmp_path):
    out = tmp_path / "training.json"
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.training", "--quick", "--json", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "Step cost" in done.stdout and "Quality" in done.stdout
    assert "\\|x\\|" in done.stdout
    assert out.stat().st_size > 0
