"""The guided walk in the page: the article's figures in order (``model.walk``), each with its
explanation and one or two tasks that tick themselves off as the learner does them.

The view decides nothing. Each task's check is data in ``model.walk``; here the page only asks
``task.holds(network, start)`` whenever the text follows the network (``Playground``'s paced
text: within about 0.3 s of the hand resting), where ``start`` is the step's figure as the
article draws it (a step always opens so). Every word comes from the catalogue
(``model.lang``), escaped: it is shown as text.

A step is in the permalink (``walk=4``, ``model.permalink``), and the permalink pushes a
browser history entry whenever the step changes (``dashboard.permalink``), so the browser's
Back and Forward move between steps: the page's ``BrowserMemory`` tells the server which step
it landed on. What the learner reached and did is kept in this browser's localStorage, never
on the server: the page sends it back as it opens, and a page opened without ``walk=`` offers to
continue where the learner was.
"""

from __future__ import annotations

import hashlib
import html
import json
from collections.abc import Callable
from functools import cache
from pathlib import Path

import panel as pn
import param

from model.article import figure
from model.lang import text
from model.permalink import read_walk
from model.walk import STEPS, Progress, Step, step_for

from .controls import aria
from .notebook import Text
from .words import Words

#: Until the page speaks another language (``?lang=``), the walk's words are English.
LANG = "en"

#: The walk's box: readable on a phone (every line wraps, nothing is wider than the box).
WALK_CSS = """
:host { border: 1px solid #9ec5ae; border-radius: 8px; background: #f3f9f5; }
"""
#: The marks before a task: done now, done before (not now), not yet.
MARKS = {"holds": "✓", "done": "✓", "open": "○"}
MARK_COLORS = {"holds": "#1a7f37", "done": "#6b7f72", "open": "#555"}


def t(key: str, **args) -> str:
    return text(key, LANG, **args)


class BrowserMemory(pn.custom.JSComponent):
    """The walk's side in the browser (``dashboard/js/walk.js``): this browser's localStorage,
    and the step the browser's Back or Forward landed on."""

    progress = param.String(default="", doc="What the browser keeps: ``Progress.to_text()``.")
    stored = param.String(
        default="", doc="What the browser had kept as the page opened ('{}' if nothing)."
    )
    landed = param.String(
        default="", doc="Where the browser's Back or Forward landed: 'walk count' ('' walk: none)."
    )

    _esm = (Path(__file__).parent / "js" / "walk.js").read_text(encoding="utf-8")
    #: The only properties the page may change (``dashboard.patches`` lets nothing else in).
    FROM_PAGE = frozenset({"stored", "landed"})

    def __init__(self, moved: Callable[[str | None], None], **params):
        super().__init__(height=0, margin=0, sizing_mode="stretch_width", **params)
        self.param.watch(lambda event: moved(_walk_of(event.new)), "landed")

    @classmethod
    def model_name(cls) -> str:
        """The name of the Bokeh model that carries its properties (Panel numbers it)."""
        return cls._data_model.__name__


def _walk_of(landed: str) -> str | None:
    """The ``walk`` of a landing, as the page sent it (anything: ``Walk.moved`` checks it)."""
    walk = landed.rsplit(" ", 1)[0] if " " in landed else landed
    return walk or None


@cache
def _start(index: int):
    """Step ``index``'s network as it opens (read only: the tasks compare with it)."""
    return figure(STEPS[index].figure)


def checked(network) -> str:
    """A short name of the network the marks were checked on (the list's ``data-checked``): a
    test knows the marks it reads are this network's, not an earlier one's."""
    spec = json.dumps(network.spec(), sort_keys=True, default=list)
    return hashlib.sha256(spec.encode()).hexdigest()[:16]


def tasks_html(step: Step, states: list[str], on: str = "", say: Callable = t) -> str:
    """The step's tasks as a list, each with its mark: ``holds`` (✓), ``done`` before (a grey
    ✓, saying so) or ``open`` (○); ``on``: the ``checked`` name of the network; ``say``: the
    words' language (a ``Words``; English by default)."""
    t = say
    items = []
    for task, state in zip(step.tasks, states, strict=True):
        label = {"holds": t("walk.ui.done"), "done": t("walk.ui.done_before")}.get(
            state, t("walk.ui.open")
        )
        before = (
            f" <span style='color:#6b7f72;font-size:12px'>({html.escape(label)})</span>"
            if state == "done"
            else ""
        )
        items.append(
            f"<li class='nn-walk-task' data-task='{html.escape(task.id)}' data-state='{state}' "
            "style='list-style:none;margin:4px 0;display:flex;gap:6px;align-items:baseline'>"
            f"<span role='img' aria-label='{html.escape(label)}' style='color:"
            f"{MARK_COLORS[state]};font-weight:bold;min-width:1em'>{MARKS[state]}</span>"
            f"<span style='min-width:0;overflow-wrap:anywhere'>"
            f"{html.escape(t(step.task_key(task)))}{before}</span></li>"
        )
    return (
        f"<div style='font-weight:600;margin-top:4px'>{html.escape(t('walk.ui.tasks'))}</div>"
        f"<ul class='nn-walk-tasks' data-checked='{html.escape(on)}' style='margin:0;"
        f"padding:0'>{''.join(items)}</ul>"
    )


def file_section(figure_id: str, lang: str = LANG) -> str:
    """The walk's words for figure ``figure_id`` in an exported file, in the file's language
    ``lang``: its step, explanation and tasks as a plain list (no ✓: the checks run on the
    server); empty for free play."""
    index = step_for(figure_id)
    if index is None:
        return ""
    step = STEPS[index]

    def say(key: str, **args) -> str:
        return html.escape(text(key, lang, **args))

    tasks = "".join(f"<li>{say(step.task_key(task))}</li>" for task in step.tasks)
    heading = say("walk.ui.file_heading", step=index + 1, count=len(STEPS))
    return (
        f"<section class='nn-walk-file' aria-label='{say('walk.ui.region')}' "
        "style='margin:8px 0;padding:6px 10px;border:1px solid #9ec5ae;border-radius:8px;"
        "background:#f3f9f5;overflow-wrap:anywhere'>"
        f"<div style='font-weight:700'>{heading}</div>"
        f"<p style='margin:4px 0'>{say(step.text_key)}</p>"
        f"<div style='font-weight:600'>{say('walk.ui.file_tasks')}</div>"
        f"<ul style='margin:2px 0'>{tasks}</ul></section>"
    )


def _button(words: Words, key: str, about: str | None = None, **params) -> pn.widgets.Button:
    """A button labelled from the catalogue, relabelled at each language switch (its accessible
    name, the ``aria`` tag, is set again by ``Walk._relabel``)."""
    button = pn.widgets.Button(tags=aria(words(key)), **params)
    words.bind(button, "label", key)
    return words.bind(button, "description", about or key)


class Walk:
    """The walk's controls and words in one Playground's page.

    ``panel`` is what the page shows: *Start the walk* (and *Continue the walk at step N* when
    the browser kept a step), or the current step. ``update`` follows the network (the
    Playground calls it with the rest of its text); ``number`` is the step for the link.
    """

    def __init__(
        self, network, view, open_figure: Callable[[str], None], follow: Callable,
        words: Words | None = None,
    ):  # fmt: skip
        #: The page's words (``dashboard.words``): the walk speaks its language, and follows a
        #: switch (``_relabel``).
        self._words = words = words if words is not None else Words()
        self._network, self._view = network, view
        self._open_figure, self._follow = open_figure, follow
        #: The step shown (an index into ``STEPS``), or None outside the walk.
        self.index: int | None = None
        #: What this learner reached and did: this session's copy of what the browser keeps.
        self.progress = Progress()
        self._heard = False  # the browser has said what it kept
        self._offer: int | None = None  # the step the browser kept, offered to continue at
        self.memory = BrowserMemory(self.moved)
        self.memory.param.watch(self._from_browser, "stored")
        wide = {"sizing_mode": "stretch_width", "margin": (4, 4)}
        self.start_button = _button(words, "walk.ui.start", "walk.ui.start_about",
                                    color="primary", **wide)  # fmt: skip
        self.start_button.on_click(lambda _event: self.go(0))
        self.continue_button = pn.widgets.Button(visible=False, **wide)  # labelled when offered
        self.continue_button.on_click(lambda _event: self._continue())
        self.heading = Text("", sizing_mode="stretch_width", margin=(6, 10, 0, 10))
        self.explanation = Text("", sizing_mode="stretch_width", margin=(2, 10))
        self.tasks = Text("", sizing_mode="stretch_width", margin=(0, 10))
        self.note = Text("", sizing_mode="stretch_width", margin=(0, 10), visible=False,
                         styles={"color": "#555", "font-size": "13px"})  # fmt: skip
        self.back_button = _button(words, "walk.ui.back", "walk.ui.back_about", **wide)
        self.back_button.on_click(lambda _event: self.go((self.index or 0) - 1))
        self.next_button = _button(words, "walk.ui.next", "walk.ui.next_about",
                                   color="primary", **wide)  # fmt: skip
        self.next_button.on_click(lambda _event: self.go((self.index or 0) + 1))
        self.leave_button = _button(words, "walk.ui.leave", color="light", **wide)
        self.leave_button.on_click(lambda _event: self.leave())
        self.box = pn.Column(
            self.heading,
            self.explanation,
            self.tasks,
            self.note,
            pn.Row(self.back_button, self.next_button, sizing_mode="stretch_width", margin=0),
            self.leave_button,
            visible=False,
            css_classes=["nn-walk"],
            stylesheets=[WALK_CSS],
            sizing_mode="stretch_width",
            margin=(5, 10),
        )
        self.starts = pn.Column(self.start_button, self.continue_button,
                                sizing_mode="stretch_width", margin=(0, 6))  # fmt: skip
        self.panel = pn.Column(self.starts, self.box, self.memory, sizing_mode="stretch_width",
                               margin=0)  # fmt: skip
        self._tasks_shown = ""
        words.follow(self._relabel)

    def _relabel(self) -> None:
        """After a language switch: the buttons' accessible names, the step's words."""
        for button, key in (
            (self.start_button, "walk.ui.start"), (self.back_button, "walk.ui.back"),
            (self.next_button, "walk.ui.next"), (self.leave_button, "walk.ui.leave"),
        ):  # fmt: skip
            button.tags = aria(self._words(key))
        self._show()
        self.update()

    @property
    def number(self) -> int | None:
        """The step shown, counted from 1 as the page and the link count it; None outside."""
        return None if self.index is None else self.index + 1

    @property
    def step(self) -> Step | None:
        return None if self.index is None else STEPS[self.index]

    # -- moving -----------------------------------------------------------------------------
    def open(self, number: int) -> None:
        """Show step ``number`` (from 1) over the network a link opened (its figure's)."""
        self._enter(number - 1)
        self.update()

    def go(self, index: int) -> None:
        """Step ``index``: its figure, loaded as the Figure menu loads it (Undo takes it back)."""
        if not 0 <= index < len(STEPS) or index == self.index:
            return
        self._enter(index)
        self._open_figure(STEPS[index].figure)
        self._follow()  # the link (one history entry a step), the tasks

    def leave(self) -> None:
        """Out of the walk: the network stays as it is; Start or Continue can come back."""
        if self.index is None:
            return
        self.index = None
        self._offer = self.progress.step
        self._show()
        self._follow()

    def moved(self, walk) -> None:
        """The browser's Back or Forward landed on a link with ``walk`` (None: no step)."""
        if walk is None:
            self.leave()
            return
        number = read_walk(walk)  # a hostile page may send anything: a real step, or nothing
        if number is not None:
            self.go(number - 1)

    def _continue(self) -> None:
        if self._offer is not None:
            self.go(self._offer - 1)

    def _enter(self, index: int) -> None:
        self.index = index
        self.progress.step = index + 1
        self._show()

    # -- showing ------------------------------------------------------------------------------
    def _show(self) -> None:
        walking = self.index is not None
        self.box.visible, self.starts.visible = walking, not walking
        offer = self._offer
        self.continue_button.visible = offer is not None
        if offer is not None:
            label = self._words("walk.ui.continue", step=offer)
            self.continue_button.param.update(label=label, description=label, tags=aria(label))
        if not walking:
            return
        step, count = STEPS[self.index], len(STEPS)
        heading = self._words(
            "walk.ui.heading", step=self.index + 1, count=count, figure=step.figure
        )
        self.heading.object = (
            "<div class='nn-walk-heading' role='heading' aria-level='2' "
            f"style='font-weight:700;font-size:15px'>{html.escape(heading)}</div>"
        )
        self.explanation.object = (
            "<p class='nn-walk-text' style='margin:0;overflow-wrap:anywhere'>"
            f"{html.escape(self._words(step.text_key))}</p>"
        )
        self.back_button.disabled = self.index == 0
        self.next_button.disabled = self.index == count - 1

    def update(self) -> None:
        """Each task's mark, from the model's checks on the network now; tasks done are kept."""
        step = self.step
        if step is not None:
            here = self._view.figure == step.figure
            states = []
            for task in step.tasks:
                if here and task.holds(self._network, _start(self.index)):
                    self.progress.record(step.figure, task.id)
                    states.append("holds")
                else:
                    done = self.progress.is_done(step.figure, task.id)
                    states.append("done" if done else "open")
            shown = tasks_html(step, states, checked(self._network), self._words)
            if shown != self._tasks_shown:
                self._tasks_shown = self.tasks.object = shown
            say = self._words
            note = "" if here else say("walk.ui.elsewhere", figure=step.figure)
            if self.index == len(STEPS) - 1 and here:
                note = say("walk.ui.last")
            self.note.object = html.escape(note)
            self.note.visible = bool(note)
        self._keep()

    def _keep(self) -> None:
        """Send the progress for the browser to keep, once it has said what it kept (so that
        what it kept is merged in first, not overwritten)."""
        if self._heard:
            kept = self.progress.to_text()
            if self.memory.progress != kept:
                self.memory.progress = kept

    def _from_browser(self, event) -> None:
        """What this browser kept, as the page opened: tasks done are merged in; outside the
        walk, its last step is offered to continue at."""
        if self._heard:  # said once, as the page opened; a later message is no news
            return
        self._heard = True
        kept = Progress.from_text(event.new)
        for figure_id, ids in kept.done.items():
            for task_id in ids:
                self.progress.record(figure_id, task_id)
        if self.index is None and kept.step is not None:
            self.progress.step = kept.step
            self._offer = kept.step
        self._show()
        self.update()


__all__ = ["BrowserMemory", "Walk", "checked", "file_section", "tasks_html"]
