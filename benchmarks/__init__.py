"""Measurements run on purpose (``python -m benchmarks.run``), never as timed test assertions."""
