"""The Target control of the served page: a shape for the network to approximate.

None by default. The presets (``model.target.SHAPES``), each article figure's own output, points
the learner clicks or taps onto the fitted plot, or a formula they type (``model.expr``, a
whitelisted parser: nothing typed is ever evaluated by Python; a refusal is shown as text
saying why, and changes nothing). The target is sampled where it is compared once per change
(of the target or of the grid) and sent to the page, which draws it and scores the network
against it live (``dashboard.fit_plot``, ``dashboard/js/fit.js``). Why the network cannot
reach it at all, if so (``model.target.out_of_reach``), is said here at the rate of the text.

Choosing Nielsen's function, which lives on [0, 1], moves the grid there (one step to undo);
choosing another target afterwards puts the figure's grid back.

Every word is the page's (``dashboard.words``): the menu, the help, a refusal and the target's
name on the score line are said again in the other language at a switch. A typed formula is
the learner's text: shown as typed, never translated.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager

import panel as pn

from model import Network
from model.article import FIGURES, preset
from model.expr import MAX_CHARS
from model.messages import Refusal
from model.target import FIGURE, FORMULA, POINTS, PRESET, SHAPES, Target, out_of_reach
from model.view import View

from .controls import aria
from .fit_plot import label, say, target_values
from .notebook import Text
from .notices import plain
from .words import Phrase, Words

NONE, CLICKED, TYPED = "", "points", "formula"
#: A click this close to a point (in x and in y), as a share of the grid's width, removes it.
TOLERANCE = 0.02
#: The help under the menu for a target still to be made, by the menu's value.
HELP = {TYPED: "ui.fit.formula_help", CLICKED: "ui.fit.points_help"}


def options(words: Words | None = None) -> dict[str, str]:
    """The Target menu: label -> value (a preset's id, ``fig.<id>``, or how to make one), in
    the language of ``words`` (English without)."""
    words = words or Words()
    out = {words("ui.fit.none"): NONE}
    out.update({words(f"ui.fit.shape.{shape.id}"): shape.id for shape in SHAPES.values()})
    out.update({
        words("ui.fit.figure_option", id=f.id, title=words(f"figure.{f.id}.title")): f"fig.{f.id}"
        for f in FIGURES.values()
    })  # fmt: skip
    out.update({words("ui.fit.points"): CLICKED, words("ui.fit.formula"): TYPED})
    return out


def _value_of(target: Target | None) -> str:
    if target is None:
        return NONE
    if target.kind == PRESET:
        return target.name
    if target.kind == FIGURE:
        return f"fig.{target.name}"
    return CLICKED if target.kind == POINTS else TYPED


class TargetControls:
    """The Target menu, the formula box and what they have to say; ``target`` is the one set.

    ``push(values)`` sends NetState values to the page; ``changed()`` tells the page's owner
    (its link and document follow); ``action()`` opens one step of the history (the grid).
    """

    def __init__(
        self,
        network: Network,
        view: View,
        push: Callable[[dict], None],
        changed: Callable[[], None],
        action: Callable[[], AbstractContextManager],
        words: Words | None = None,
    ):
        self.network, self.view = network, view
        self._push, self._changed, self._action = push, changed, action
        self.words = words = words or Words(view.lang)
        self.target: Target | None = None
        self.select = pn.widgets.Select(
            options=options(words), value=NONE, sizing_mode="stretch_width"
        )
        words.bind(self.select, "name", "ui.fit.target")
        words.bind(self.select, "description", "ui.fit.target_about")
        self.formula = pn.widgets.TextInput(
            visible=False, sizing_mode="stretch_width", max_length=MAX_CHARS + 1,
            tags=aria(words("ui.fit.formula_aria")),
        )  # fmt: skip
        words.bind(self.formula, "placeholder", "ui.fit.formula_placeholder")
        self._help_key = ""  # the help shown, by key ("": none)
        self._refusal = None  # the refusal shown, kept to be said again at a switch
        self.help = Text("", visible=False, margin=(0, 10),
                         styles={"color": "#555", "font-size": "12px"})  # fmt: skip
        #: A refusal, in words (the text typed is shown as text, never as HTML).
        self.message = Text("", visible=False, margin=(0, 10), styles={"color": "#842029"})
        #: What the target means for this network: values left out, or out of reach.
        self.status = Text("", visible=False, margin=(0, 10), styles={"color": "#664d03"})
        self.column = pn.Column(
            self.select, self.formula, self.help, self.message, self.status,
            margin=0, sizing_mode="stretch_width",
        )  # fmt: skip
        self._setting = False
        self.select.param.watch(self._on_select, "value")
        self.formula.param.watch(self._on_formula, "value")
        network.param.watch(self._on_grid, "grid")
        words.follow(self._relabel)

    def _relabel(self) -> None:
        """After a language switch: the menu, the help, a refusal and the target's name."""
        words = self.words
        self._setting = True
        try:
            value = self.select.value
            self.select.options = options(words)
            self.select.value = value
        finally:
            self._setting = False
        self.formula.tags = aria(words("ui.fit.formula_aria"))
        self._show_help()
        if self._refusal is not None:
            self.message.object = plain(words.say(self._refusal))
        if self.target is not None:
            self._push({"target_label": label(self.target, words.lang)})
        self.update()

    # -- what the page draws --------------------------------------------------------------------
    def values(self) -> dict:
        """NetState's target properties for the target set, on the network's grid."""
        return target_values(self.target, self.network, self.words.lang)

    def set(self, target: Target | None, menu: str | None = None) -> None:
        """Make ``target`` the one fitted (None: none), and show it everywhere; ``menu``: what
        the menu shows, if not the target's own entry (a formula still to be typed)."""
        self.target = target
        value = _value_of(target) if menu is None else menu
        self._setting = True
        try:
            self.select.value = value
            if target is not None and target.kind == FORMULA:
                self.formula.value = str(target.formula)
        finally:
            self._setting = False
        self._show_inputs(value)
        values = self.values()
        self._push(values)
        self._show_all(values["target_y"])
        self.update()
        self._changed()

    def _show_all(self, ys: list[float]) -> None:
        """A target the figure's y-limits would cut is shown whole: the axis fits the data, as
        when an edit pushes a curve off them (``model.view.View.fit``)."""
        view = self.view
        if view.ylim is None or view.y_auto or not ys:
            return
        low, high = view.ylim
        if min(ys) < low or max(ys) > high:
            view.y_auto = True

    def _show_inputs(self, value: str) -> None:
        self.formula.visible = value == TYPED
        self._help_key = HELP.get(value, "")
        self._show_help()
        self.message.visible = False
        self._refusal = None

    def _show_help(self) -> None:
        key = self._help_key
        self.help.object = plain(self.words(key)) if key else ""
        self.help.visible = bool(key)

    def update(self) -> None:
        """What the target means for the network now: non-finite values left out, or why no
        weights can reach it (at the rate of the text)."""
        said = []
        if self.target is not None:
            try:
                sampled = self.target.on(self.network.x)
            except Refusal as error:
                said.append(error)
            else:
                if sampled.notice is not None:
                    said.append(sampled.notice)
                reach = out_of_reach(self.network, self.target)
                if reach is not None:
                    said.append(reach)
        text = "<br>".join(plain(say(s, self.words.lang)) for s in said)
        if self.status.object != text:
            self.status.object = text
        self.status.visible = bool(said)

    # -- the learner's choices ------------------------------------------------------------------
    def _refuse(self, why: Refusal) -> None:
        self._refusal = Phrase("ui.fit.not_applied", why=why.message)
        self.message.object = plain(self.words.say(self._refusal))
        self.message.visible = True

    def _on_select(self, event) -> None:
        if self._setting:
            return
        value = event.new
        if value == NONE:
            target = None
        elif value == CLICKED:
            target = Target.from_points([])
        elif value == TYPED:
            if self.formula.value.strip():
                self._on_formula(None)
            if self.target is None or self.target.kind != FORMULA:
                self.set(None, menu=TYPED)  # nothing is fitted until a formula is typed
            return
        elif value.startswith("fig."):
            target = Target.figure(value[4:])
        else:
            target = Target.preset(value)
        self._fit_grid(target)
        self.set(target)

    def _on_formula(self, _event) -> None:
        if self._setting or self.select.value != TYPED:
            return
        text = self.formula.value
        try:
            target = Target.from_formula(text)
            target.on(self.network.x)  # refuses a formula finite nowhere on the grid
        except Refusal as error:
            self._refuse(error)
            return
        self._fit_grid(target)
        self.set(target)

    def _fit_grid(self, target: Target | None) -> None:
        """Nielsen's function moves the grid to its [0, 1]; another target moves it back."""
        grid = None if target is None else target.grid
        now = tuple(float(v) for v in self.network.grid)
        if grid is None:
            own = tuple(preset(self.view.figure).spec()["grid"])
            if any(s.grid is not None and now == tuple(s.grid) for s in SHAPES.values()):
                grid = own
        if grid is not None and tuple(grid) != now:
            with self._action():
                self.network.configure(grid=tuple(grid))

    def _on_grid(self, _event) -> None:
        if self.target is not None:
            self._push(self.values())
            self.update()

    def tap(self, plot: str, event) -> None:
        """A click or tap at ``(event.x, event.y)`` on ``plot``: with clicked points as the
        target, on the plot whose output is fitted, adds a point or removes the one there."""
        target = self.target
        if target is None or target.kind != POINTS:
            return
        if plot != ("second" if self.network.second.enabled else "hidden"):
            return
        x, y = event.x, event.y
        if x is None or y is None:
            return
        start, stop, _step = (float(v) for v in self.network.grid)
        tolerance = TOLERANCE * (stop - start)
        try:
            self.set(target.toggled(round(float(x), 3), round(float(y), 3), tolerance))
        except Refusal as error:
            self._refuse(error)
