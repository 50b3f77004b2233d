"""``python -m benchmarks.flood --quick`` runs both floods (GETs, then clicks) against a real
server and reports; no timing checks (the README's figures are from a full run). Like
``test_load_quick.py``, it needs no browser: Bokeh's own client is the learner, tornado's HTTP
client and a raw websocket the floods."""

from __future__ import annotations

import re

from harness.commands import quick_benchmark


def test_quick_flood_benchmark_runs_clean_and_prints_its_table():
    done = quick_benchmark("flood", timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    assert "| bystander | no flood | during 8 GETs | during 20 clicks |" in out, out
    for row in ("| changes timed |", "| median wait |", "| p95 wait |", "| median / no flood |"):
        assert row in out, out
    assert "GET answers: " in out and "lost changes and server errors: 0" in out, out
    assert re.search(r"Clicks: sent in \d+ ms; [1-9]\d* answers", out), out
    assert "Traceback" not in done.stderr, done.stderr
