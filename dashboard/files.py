"""The network as files: Save JSON, Open JSON (and what became of the file), Download HTML."""

from __future__ import annotations

from io import StringIO

import panel as pn

from model.document import StateError, load_json
from model.lang import Phrase

from .notices import Notices
from .upload import SizedFileInput


class Files:
    """The file widgets of ``playground``: what they save is its state, what they open it shows."""

    def __init__(self, playground):
        self._playground = playground
        words = playground.words
        #: What became of the last file opened, next to the file picker.
        self.notices = Notices(words)
        self.save_json = pn.widgets.FileDownload(
            callback=self._json_file, filename="nnshape.json", sizing_mode="stretch_width",
        )  # fmt: skip
        words.bind(self.save_json, "label", "ui.files.save_json")
        words.bind(self.save_json, "description", "ui.files.save_json_about")
        # Our own button in the page's language; refuses a file over the document limit in
        # the page, before sending it (.upload).
        self.open_json = SizedFileInput(
            words, accept=".json,application/json", sizing_mode="stretch_width"
        )
        self.open_json.param.watch(self._on_open_json, "value")
        self.download = pn.widgets.FileDownload(
            callback=self._export_file, filename="nnshape.html", color="success",
            sizing_mode="stretch_width",
        )  # fmt: skip
        words.bind(self.download, "label", "ui.files.download")
        words.bind(self.download, "description", "ui.files.download_about")

    def name_after(self, figure_id: str) -> None:
        """The downloaded HTML file is named after the figure shown."""
        self.download.filename = f"nnshape-{figure_id}.html"

    def open_document(self, data: bytes | str, name: str | None = None) -> bool:
        """Show the network a JSON document holds; refuse it, changing nothing, if it is bad.

        ``name``: the file's name as the learner will read it (quoted), shown as text.
        """
        shown = Phrase("ui.files.the_file") if name is None else name
        try:
            loaded = load_json(data)
        except StateError as error:
            self.notices.show(
                Phrase("ui.files.not_opened", name=shown, problem=error.message), kind="danger"
            )
            return False
        self._playground.apply_state(loaded.network, loaded.view)
        self._playground.set_training(loaded.training)
        self._playground.set_target(loaded.target)  # the document's, or none
        if loaded.depth is not None:  # a document without one leaves the explorer as it is
            self._playground.depth.apply(loaded.depth)
        self.notices.show(Phrase("ui.files.opened", name=shown), *loaded.notices, kind="info")
        return True

    def _on_open_json(self, event) -> None:
        if event.new is not None:
            name = self.open_json.filename
            self.open_document(event.new, repr(str(name)[:60]) if name else None)

    def _json_file(self):
        return StringIO(self._playground.to_json())

    def _export_file(self):
        from .export import snapshot_html  # here: export imports the playground, which imports us

        return StringIO(snapshot_html(self._playground))
