"""Undo, Redo and Reset to figure: the three buttons that go back through the history of edits
(``model.history``), each enabled only when it has somewhere to go."""

from __future__ import annotations

from collections.abc import Callable

import panel as pn

from model.history import History

from .controls import aria
from .words import Words


class EditButtons:
    """The buttons, in ``row``; a click calls ``undo``, ``redo`` or ``reset``."""

    def __init__(self, undo: Callable, redo: Callable, reset: Callable, words: Words):
        def button(name: str) -> pn.widgets.Button:
            made = pn.widgets.Button(disabled=True, sizing_mode="stretch_width")
            words.bind(made, "name", f"ui.edit.{name}")
            return words.bind(made, "description", f"ui.edit.{name}_about")

        self.undo_button = button("undo")
        self.undo_button.on_click(undo)
        self.redo_button = button("redo")
        self.redo_button.on_click(redo)
        #: Enabled by its owner, which knows whether the state is the figure's.
        self.reset_button = button("reset")
        self._aria = lambda: setattr(self.reset_button, "tags", aria(words("ui.edit.reset_aria")))
        self._aria()
        words.follow(self._aria)
        self.reset_button.on_click(reset)
        self.row = pn.Row(
            self.undo_button, self.redo_button, self.reset_button,
            sizing_mode="stretch_width", margin=0,
        )  # fmt: skip

    def follow(self, history: History) -> None:
        """Undo and Redo are enabled whenever ``history`` can take them."""

        def enable(*_events) -> None:
            self.undo_button.disabled = not history.can_undo
            self.redo_button.disabled = not history.can_redo

        history.param.watch(enable, ["can_undo", "can_redo"])
        enable()
