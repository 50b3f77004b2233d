"""The process's training share (``dashboard.training_share``): sessions that train at once
divide one budget for their steps, their ticks space out only past the share for showing the
weights, the text follows less often as more train, and the page says with how many others it
shares the server. (What it costs a real server: ``python -m benchmarks.training_load``.)"""

from __future__ import annotations

import gc
from types import SimpleNamespace

import pytest

from dashboard import training_share as ts
from dashboard.playground import Playground
from model.permalink import from_query


class Member:
    """Something a weak set can hold: a session that trains."""


@pytest.fixture
def share():
    share = ts.Share()
    share.tick_cost = 0.002
    return share


def test_one_session_alone_spends_the_whole_tick_budget(share):
    me = Member()
    share.join(me)
    assert share.count == 1
    assert share.step_budget() == ts.BUDGET_S
    assert share.tick_every() == ts.TICK_S
    assert share.text_every() == ts.TEXT_EVERY_S


@pytest.mark.parametrize("n", [1, 2, 5, 10, 30, 100])
def test_the_sessions_together_stay_within_their_shares(share, n):
    members = [Member() for _ in range(n)]
    for m in members:
        share.join(m)
    assert share.count == n
    every = share.tick_every()
    # Steps: n sessions, each its budget per tick, a tick every ``every`` seconds.
    assert n * share.step_budget() / every <= ts.STEP_SHARE + 1e-12
    # Showing the weights: n ticks every ``every`` seconds, each costing tick_cost.
    assert n * share.tick_cost / every <= ts.DISPLAY_SHARE + 1e-12
    assert every >= ts.TICK_S
    # The text: each follows once every text_every seconds, at TEXT_COST_S each.
    assert n * ts.TEXT_COST_S / share.text_every() <= ts.TEXT_SHARE + 1e-12
    # The ticks keep ten a second as long as their cost fits.
    if n * share.tick_cost <= ts.DISPLAY_SHARE * ts.TICK_S:
        assert every == ts.TICK_S


def test_more_sessions_each_get_less_and_leaving_gives_it_back(share):
    members = [Member() for _ in range(30)]
    for m in members:
        share.join(m)
    crowded = share.step_budget()
    assert crowded < ts.BUDGET_S
    for m in members[1:]:
        share.leave(m)
    assert share.step_budget() == ts.BUDGET_S
    share.leave(members[0])
    share.leave(members[0])  # leaving twice is harmless
    assert share.count == 1  # whoever asks counts


def test_a_session_that_is_gone_is_not_counted(share):
    share.join(Member())  # no reference kept: as a session released without a pause
    gc.collect()
    assert len(share._training) == 0


def test_a_tick_cost_is_a_running_mean(share):
    for _ in range(500):
        share.note_tick(0.01)
    assert share.tick_cost == pytest.approx(0.01, rel=1e-3)
    share.note_tick(-1.0)  # a clock that went backwards is ignored
    assert share.tick_cost == pytest.approx(0.01, rel=1e-3)


@pytest.mark.parametrize("every", [ts.TICK_S, 0.12, 0.15, 0.25, 0.5])
def test_the_pace_keeps_the_spacing_on_callbacks_every_tick(monkeypatch, every):
    monkeypatch.setattr(ts.SHARE, "tick_every", lambda: every)
    pace = ts.Pace()
    calls = 1000  # 100 s of callbacks, each a little late or early
    ran = sum(pace.ready(1000.0 + k * ts.TICK_S + 0.003 * ((k * 7) % 5 - 2)) for k in range(calls))
    assert ran == pytest.approx(calls * ts.TICK_S / every, rel=0.05)
    assert ran <= calls * ts.TICK_S / every + 1  # never more often than the spacing


@pytest.mark.parametrize("every", [ts.TICK_S, 0.25])
def test_the_pace_after_a_stall_does_not_burst(monkeypatch, every):
    monkeypatch.setattr(ts.SHARE, "tick_every", lambda: every)
    pace = ts.Pace()
    assert pace.ready(10.0)
    assert not pace.ready(10.0 + ts.TICK_S / 4)  # an early callback is not a tick
    # The loop was busy for 2 s: from then on, ticks at the usual spacing, none caught up.
    ran = sum(pace.ready(12.0 + k * ts.TICK_S) for k in range(10))
    assert ran == pytest.approx(10 * ts.TICK_S / every, abs=1)


def _playground() -> Playground:
    query = "figure=free&act=tanh&n=0.5_1~-0.5_-1&out=on_0_1~-1&target=sin"
    state = from_query({k: [v] for k, v in (p.split("=") for p in query.split("&"))})
    return Playground.from_state(state.network, state.view, state.target)


def test_the_counter_says_how_fast_and_with_how_many_others():
    pg = _playground()
    training = pg._training
    others = [Member() for _ in range(12)]
    try:
        for m in others:
            ts.SHARE.join(m)
        assert training._trainer() is not None
        training._callback = SimpleNamespace(stop=lambda: None)  # as if playing
        ts.SHARE.join(training)
        for _ in range(2):
            training._pace.due = 0.0  # due now: this test does not wait for the clock
            training._tick()
        text = training.counter.object
        assert text.startswith("Step ") and " steps/s, sharing the server with 12 others" in text
        training.stop()
        assert training not in ts.SHARE._training
        assert "steps/s" not in training.counter.object  # paused: no rate is claimed
        assert training.counter.object.startswith("Step ")
    finally:
        for m in others:
            ts.SHARE.leave(m)
        training.release()
