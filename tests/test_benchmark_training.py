"""The training benchmark's quick mode runs (its numbers are reported, never asserted)."""

from harness.commands import quick_benchmark


def test_training_benchmark_quick_mode_runs(tmp_path):
    out = tmp_path / "training.json"
    done = quick_benchmark("training", "--json", str(out), timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Step cost" in done.stdout and "Quality" in done.stdout
    assert "\\|x\\|" in done.stdout
    assert out.stat().st_size > 0
