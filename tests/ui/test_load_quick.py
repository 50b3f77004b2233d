"""``python -m benchmarks.load --quick`` runs against a real server and reports; no timing checks.

It lives with the browser tests (marked ``ui``) because, like them, it starts a real server and
takes a minute or two: Bokeh's own client drives the class's sessions, and the browser learner
is a page in Chromium (the ``browser`` fixture: skipped without it, failed under CI=true).
"""

from __future__ import annotations

import itertools
import re

from harness.commands import quick_benchmark
from harness.load import weight_for


def test_every_session_sets_weights_no_other_session_sets():
    seen: dict[float, int] = {}
    for session in range(99):
        values = [weight_for(session, j) for j in range(1000)]
        assert all(a != b for a, b in itertools.pairwise(values))
        assert len(set(values)) == len(values)  # never the same value twice
        assert all(-10 <= v <= 10 for v in values)  # the slider's range
        for v in values:
            assert seen.setdefault(v, session) == session, (v, session, seen[v])


def test_quick_load_benchmark_runs_clean_and_prints_its_table(browser):
    done = quick_benchmark("load", timeout=240)
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    assert "| measurement | 1 session | concurrent |" in out, out
    for row in (
        "| sessions at once | 1 | 5 |",
        "| URL lag during the drag, median |",
        "| sessions later than 1 s |",  # reported, not asserted: a timing
        "| cross-talk or wrong URL | 0 | 0 |",
    ):
        assert row in out, out
    assert "| with 5 sessions open |" in out and "| back within 10 % of start |" in out, out
    assert "errors (all, with the server log): 0; cross-talk: 0" in out, out
    # The browser learner: its in-page latency alone on the server, then while a class drags.
    assert "| browser learner | unloaded | loaded (5 sessions dragging) |" in out, out
    assert re.search(r"^\| changes timed \| \d+ \| \d+ \|$", out, re.M), out  # it dragged
    for row in (
        "| in-page latency, median |",
        "| in-page latency, p95 |",
        "| median latency / unloaded | 1.00× |",
        "| errors (page errors included) | 0 | 0 |",
        "| the class meanwhile: errors, cross-talk | — | 0, 0 |",
    ):
        assert row in out, out
    assert "browser learner errors outside its drags: 0" in out, out
    assert "Traceback" not in done.stderr, done.stderr
