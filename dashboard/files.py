"""The network as files: Save JSON, Open JSON (and what became of the file), Download HTML."""

from __future__ import annotations

from io import StringIO

import panel as pn

from model.document import StateError, load_json

from .controls import aria
from .notices import Notices
from .upload import SizedFileInput


class Files:
    """The file widgets of ``playground``: what they save is its state, what they open it shows."""

    def __init__(self, playground):
        self._playground = playground
        #: What became of the last file opened, next to the file picker.
        self.notices = Notices()
        self.save_json = pn.widgets.FileDownload(
            callback=self._json_file, filename="nnshape.json", label="Save JSON",
            sizing_mode="stretch_width",
        )  # fmt: skip
        # Refuses a file over the document limit in the page, before sending it (.upload).
        self.open_json = SizedFileInput(
            accept=".json,application/json", sizing_mode="stretch_width",
            description="Open a network saved as JSON", tags=aria("Open a network saved as JSON"),
        )  # fmt: skip
        self.open_json.param.watch(self._on_open_json, "value")
        self.download = pn.widgets.FileDownload(
            callback=self._export_file, filename="nnshape.html", label="Download HTML",
            color="success", sizing_mode="stretch_width",
        )  # fmt: skip

    def name_after(self, figure_id: str) -> None:
        """The downloaded HTML file is named after the figure shown."""
        self.download.filename = f"nnshape-{figure_id}.html"

    def open_document(self, data: bytes | str, name: str = "the file") -> bool:
        """Show the network a JSON document holds; refuse it, changing nothing, if it is bad."""
        try:
            loaded = load_json(data)
        except StateError as error:
            self.notices.show(f"Did not open {name}: {error}", kind="danger")
            return False
        self._playground.apply_state(loaded.network, loaded.view)
        self._playground.set_training(loaded.training)
        self._playground.set_target(loaded.target)  # the document's, or none
        if loaded.depth is not None:  # a document without one leaves the explorer as it is
            self._playground.depth.apply(loaded.depth)
        self.notices.show(f"Opened {name}.", *loaded.notices, kind="info")
        return True

    def _on_open_json(self, event) -> None:
        if event.new is not None:
            self.open_document(event.new, repr(str(self.open_json.filename or "the file")[:60]))

    def _json_file(self):
        return StringIO(self._playground.to_json())

    def _export_file(self):
        from .export import snapshot_html  # here: export imports the playground, which imports us

        return StringIO(snapshot_html(self._playground))
