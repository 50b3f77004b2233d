"""The walk's server side (``dashboard.walk``), without a browser: moving between steps, the link,
the marks from the model's checks, what a browser kept, and what a page may send it (anything:
only a real step moves the walk, and only the two properties the page writes get in).
The page itself is tested in tests/ui/test_walk.py."""

from __future__ import annotations

from urllib.parse import parse_qs

import pytest

from dashboard import Playground, patches
from dashboard.walk import BrowserMemory, file_section
from model.permalink import from_query
from model.walk import STEPS


def walk_in_link(pg) -> list[str] | None:
    return parse_qs(pg.query_string()[1:]).get("walk")


def states(pg) -> list[str]:
    return [part.split("'")[0] for part in pg.walk.tasks.object.split("data-state='")[1:]]


def test_start_next_back_and_leave_move_the_walk_and_its_link():
    pg = Playground.from_figure("nn11")
    walk = pg.walk
    assert walk.number is None and walk_in_link(pg) is None
    assert walk.starts.visible and not walk.box.visible
    walk.start_button.clicks += 1
    assert walk.number == 1 and pg.figure == "nn6" and walk_in_link(pg) == ["1"]
    assert walk.box.visible and not walk.starts.visible and walk.back_button.disabled
    walk.next_button.clicks += 1
    assert walk.number == 2 and pg.figure == "nn7" and walk_in_link(pg) == ["2"]
    walk.back_button.clicks += 1
    assert walk.number == 1 and pg.figure == "nn6"
    pg.network.neurons[0].weight = 3.0
    walk.leave_button.clicks += 1
    assert walk.number is None and walk_in_link(pg) is None
    assert pg.network.neurons[0].weight == 3.0  # leaving keeps the network
    assert walk.continue_button.visible and walk.continue_button.label == (
        "Continue the walk at step 1"
    )
    walk.continue_button.clicks += 1
    assert walk.number == 1 and pg.network.neurons[0].weight == 1.0  # the step afresh
    pg.undo()  # the edits put aside are one Undo away
    assert pg.network.neurons[0].weight == 3.0


def test_the_last_step_has_no_next_and_says_so():
    pg = Playground.from_figure("nn6")
    pg.walk.go(len(STEPS) - 1)
    assert pg.walk.next_button.disabled and pg.figure == "nn18"
    assert "This is the last step" in pg.walk.note.object and pg.walk.note.visible


def test_marks_follow_the_models_checks_and_tasks_done_are_kept():
    pg = Playground.from_figure("free")
    pg.walk.go(0)
    assert states(pg) == ["open", "open"]
    pg.network.neurons[0].weight = 1.9  # a near miss
    pg._update_text()
    assert states(pg) == ["open", "open"]
    pg.network.neurons[0].weight = 2.0
    pg._update_text()
    assert states(pg) == ["holds", "open"]
    pg.network.neurons[0].weight = 2.5  # no longer twice as steep: done before, not now
    pg._update_text()
    assert states(pg) == ["done", "open"] and "(done before)" in pg.walk.tasks.object
    # Another figure chosen in the menu: the step's tasks are not checked on it.
    pg.view.figure = "nn7"
    assert states(pg) == ["done", "open"]
    assert "choose it in the Figure menu" in pg.walk.note.object


def test_what_the_browser_kept_is_merged_in_and_sent_back_only_after():
    pg = Playground.from_figure("free")
    walk = pg.walk
    walk.go(0)
    pg.network.neurons[0].weight = 2.0
    pg._update_text()
    assert walk.memory.progress == ""  # nothing sent before the browser has said what it kept
    walk.memory.stored = '{"step": 9, "done": {"nn7": ["slide"], "nn6": ["mirror"]}}'
    assert walk.memory.progress == (
        '{"step":1,"done":{"nn6":["double","mirror"],"nn7":["slide"]}}'
    )  # the walk shown is step 1: the link's or the learner's own, not the kept 9
    walk.memory.stored = '{"step": 3, "done": {}}'  # said once, as the page opened: no news
    assert '"step":1' in walk.memory.progress


def test_outside_the_walk_the_kept_step_is_offered():
    pg = Playground.from_figure("free")
    pg.walk.memory.stored = '{"step": 4, "done": {}}'
    assert pg.walk.continue_button.visible
    assert pg.walk.continue_button.label == "Continue the walk at step 4"
    pg.walk.continue_button.clicks += 1
    assert pg.walk.number == 4 and pg.figure == "nn9"


@pytest.mark.parametrize(
    "stored", ["", "{}", "garbage", '{"step": 99}', '{"step": "4"}', "[" * 10_000, "x" * 10**6]
)
def test_nothing_kept_or_garbage_offers_nothing(stored):
    pg = Playground.from_figure("free")
    pg.walk.memory.stored = stored
    assert not pg.walk.continue_button.visible and pg.walk.number is None


@pytest.mark.parametrize(
    "landed", ["", " 1", "99 2", "0 3", "-1 4", "abc", "<b>4</b> 5", "4.0 6", "1e3 7", "٤ 8"]
)
def test_a_landing_on_no_real_step_leaves_or_stays_never_breaks(landed):
    pg = Playground.from_figure("free")
    pg.walk.go(2)
    pg.walk.memory.landed = landed
    assert pg.walk.number in (None, 3)  # left (no step), or still at step 3
    assert pg.figure == "nn8"


def test_the_browsers_back_and_forward_open_the_step_it_landed_on():
    pg = Playground.from_figure("free")
    pg.walk.go(2)
    pg.walk.memory.landed = "5 1"
    assert pg.walk.number == 5 and pg.figure == "nn10"
    pg.walk.memory.landed = " 2"  # an entry before the walk: out of it
    assert pg.walk.number is None and pg.figure == "nn10"


def test_a_link_to_a_step_opens_it_over_the_network_the_link_gave():
    state = from_query({"walk": "4", "figure": "nn9", "n": "2_-2~0.5_1~-2_4"})
    pg = Playground.from_state(state.network, state.view)
    pg.walk.open(state.walk)
    assert pg.walk.number == 4 and states(pg) == ["holds"]  # a negative weight: rise and fall


def test_the_page_may_write_only_what_the_browser_keeps_and_where_it_landed(served_doc):
    memory = next(m for m in served_doc.models if type(m).__name__ == BrowserMemory.model_name())

    def sent(attr, new):
        event = {"kind": "ModelChanged", "model": {"id": memory.id}, "attr": attr, "new": new}
        return patches.sift({"events": [event]}, served_doc)

    for attr in sorted(BrowserMemory.FROM_PAGE):
        kept, dropped = sent(attr, "{}")
        assert len(kept) == 1 and dropped == [], attr
    for attr in ("progress", "esm_constants", "name"):
        kept, dropped = sent(attr, "x")
        assert kept == [] and dropped[0].why == "the page offers no such change", attr
    kept, dropped = sent("landed", {"type": "object", "name": "Slider", "id": "x"})
    assert kept == []


def test_the_file_holds_the_walks_words_for_its_figure_as_text():
    section = file_section("nn9")
    assert "From the walk, step 4 of 12" in section
    assert "<li>Make the sum rise and then fall" in section and "✓" not in section
    assert file_section("free") == ""
