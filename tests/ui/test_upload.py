"""A file over the document limit is refused in the page, before it is read or sent: a
message beside the picker names its size, and the session goes on working."""

from __future__ import annotations

import json

from harness.app import open_figure
from harness.browser import activation_menu, wait_until_plotted
from model.article import figure
from model.document import MAX_DOCUMENT_BYTES


def test_a_file_over_the_limit_is_refused_in_the_page_and_the_session_goes_on(
    page, server, tmp_path
):
    sent = []  # the size of every frame the page sends its server
    page.on("websocket", lambda ws: ws.on("framesent", lambda frame: sent.append(len(frame))))
    open_figure(page, server, "nn6")
    big = tmp_path / "big.json"
    wanted = figure("nn18")
    doc = json.loads(wanted.to_json({"figure": "nn18"}))
    doc["padding"] = "x" * (MAX_DOCUMENT_BYTES + 200_000)  # valid JSON, 1.2 MB
    big.write_text(json.dumps(doc))
    size = big.stat().st_size
    chooser = page.locator("input[type=file]")
    chooser.set_input_files(str(big))
    note = page.locator(".nn-file-refused")
    note.wait_for(timeout=10_000)
    text = note.inner_text()
    assert "Did not open 'big.json'" in text and "1.2 MB" in text, text
    assert f"{size:,} bytes" in text and "up to 1.0 MB (1,000,000 bytes)" in text, text
    page.wait_for_timeout(500)
    assert sent and max(sent) < 100_000, "the file went to the server"
    wait_until_plotted(page, figure("nn6"))  # unchanged
    # The session goes on: a file within the limit opens, and the message goes.
    good = tmp_path / "good.json"
    good.write_text(wanted.to_json({"figure": "nn18"}))
    chooser.set_input_files(str(good))
    wait_until_plotted(page, wanted)
    assert note.is_hidden()
    assert max(sent) > len(good.read_text()), "the good file did not go to the server"
    activation_menu(page).select_option(label="ReLU")
    wanted.activation = "relu"
    wait_until_plotted(page, wanted)
    assert not page.errors
