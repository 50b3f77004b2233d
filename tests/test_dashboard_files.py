"""Saving and opening a JSON file in the dashboard without a browser: the whole state round
trips, a bad document is refused saying why and changes nothing, and the file picker checks a
file's size in the page before sending it."""

import pytest
from bokeh.document import Document

from dashboard import Playground
from harness.dashboard import assert_state_is_model, render


def test_saving_and_opening_json_round_trips_the_whole_state():
    a = Playground.from_figure("nn15")
    a.network.neurons[2].bias = 0.25
    a.view.show_sum = False
    text = a.to_json()
    b = Playground.from_figure("nn6")
    _, state = render(b)
    assert b.open_document(text.encode(), "'mine.json'")
    assert b.to_json() == text
    assert_state_is_model(state, b)
    assert not state.show_sum
    assert "Opened 'mine.json'." in b.file_notices.text


@pytest.mark.parametrize(
    "bad",
    [b"{", b'{"schema": "nnshape.network", "version": 99}', b"[" * 100_000, b" " * 2_000_000,
     b'{"activation": "relu", "neurons": [[NaN, 0]], "second": null, "grid": [-5, 5, 0.1]}'],
    ids=["malformed", "future", "nested", "huge", "nan"],
)  # fmt: skip
def test_opening_a_bad_document_says_why_and_changes_nothing(bad):
    pg = Playground.from_figure("nn9")
    before = pg.to_json()
    assert not pg.open_document(bad, "'bad.json'")
    assert pg.file_notices.text.startswith("Did not open 'bad.json': ")
    assert pg.to_json() == before


def test_the_file_picker_checks_a_files_size_in_the_page_before_sending_it():
    from bokeh.models import FileInput

    from dashboard.upload import SizedFileInput
    from model.document import MAX_DOCUMENT_BYTES

    pg = Playground.from_figure("nn9")
    assert isinstance(pg.open_json, SizedFileInput)
    doc = Document()
    root = pg.open_json.get_root(doc)
    (guard,) = doc.callbacks.js_event_callbacks["document_ready"]
    assert isinstance(root, FileInput) and guard.args == {
        "input": root,
        "limit": MAX_DOCUMENT_BYTES,
    }
    assert "stopImmediatePropagation" in guard.code and "textContent" in guard.code
