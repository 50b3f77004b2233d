"""What the load benchmark's sessions set, shared with the test that proves it unique."""

from __future__ import annotations


def weight_for(session: int, change: int) -> float:
    """Session ``session``'s weight for its change ``change``: unique to that session.

    The sweep runs over -3.0 … 3.0 in steps of 0.1 (consecutive values always differ); the
    offset 0.001·(session + 1) < 0.1 keeps every session's values apart from every other's,
    and away from the figures' round starting weights, so every change is a real change; and
    0.00001 per sweep done (< 0.001 for the 1,000 changes a run may make) keeps a session from
    setting one value twice, so an answer to an old change is never taken for a new one.
    """
    sweep = change // 61
    return -3.0 + 0.1 * ((7 * change) % 61) + 0.001 * (session + 1) + 0.00001 * sweep
