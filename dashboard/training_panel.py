"""Training in the served page: play, pause, step, reset (a new seed), rewind; the learning
rate, the optimiser and the seed; the loss on a log axis and the step counter.

Training runs on the server, per session, in a periodic callback (``TICK_MS``): each tick takes
as many steps of ``model.training.Trainer`` as fit in its step budget (at most ``MAX_STEPS``),
then writes the weights to the network once; the page gets them through the playground's usual
push (``CurvesPane.push``), so the curves follow about ten times a second and nothing blocks the
page. The budget is the process's, shared by every session that trains at once
(``dashboard.training_share``): alone, ``BUDGET_S`` of CPU a tick; with many, a part of it each,
and the page says how many steps a second that makes and how many others share the server.
The hand wins: any change to the network that is not a tick (a slider,
a typed value, a neuron added) pauses training, and the trainer starts from the network as the
hand left it. A diverging run stops and says so (the trainer keeps the last finite weights).
A run, from play to pause, is one step to undo.

Every word is the playground's (``pg.words``): the buttons, the settings' labels, the loss
plot's title and axes, the counter and what the panel has to say follow a language switch in
place, and a run goes on through one.
"""

from __future__ import annotations

import time

import panel as pn
from bokeh.models import ColumnDataSource
from bokeh.plotting import figure

from model.messages import Refusal, number_text
from model.network import Network
from model.training import OPTIMISERS, TRAINABLE, Trainer, TrainingSettings, check_settings

from .controls import aria, controls_later
from .fit_plot import fit_number
from .notebook import Text
from .notices import plain
from .training_share import SHARE, TICK_S, Pace
from .words import Phrase

#: A tick every this many milliseconds: the curves show the weights ten times a second (fewer
#: when the process's share for showing them is spent: ``training_share``).
TICK_MS = round(1000 * TICK_S)
#: The most steps a tick takes (its CPU: ``SHARE.step_budget()``, at most ``BUDGET_S``).
MAX_STEPS = 200
#: The loss curve keeps at most this many points a tick.
POINTS_PER_TICK = 5


class TrainingControls:
    """The training controls of ``playground`` (its network, target and history)."""

    def __init__(self, playground):
        self._pg = playground
        self.trainer: Trainer | None = None
        self._callback = None
        self._ticking = False
        self._run = None  # the history's action while a run goes on
        self._per_step = 1e-3  # CPU seconds a step takes, measured as a run starts
        self._text_at = 0.0  # when the text last followed a tick
        self._pace = Pace()  # when the next tick is due (the share spaces them out)
        self._rate = None  # steps a second, measured over the last ticks
        self._ticked = None  # when the last tick took its steps
        self._showing = False  # the boxes are being set to the settings in force
        self.words = words = playground.words
        self._said = None  # what the panel says (a Phrase), said again at a switch
        settings = TrainingSettings()
        self.play = words.bind(pn.widgets.Button(color="success", width=90), "name",
                               "ui.train.play")  # fmt: skip
        self.pause = words.bind(pn.widgets.Button(width=90, disabled=True), "name",
                                "ui.train.pause")  # fmt: skip
        self.step = words.bind(pn.widgets.Button(width=90), "name", "ui.train.step")
        self.reset = words.bind(pn.widgets.Button(width=70), "name", "ui.train.reset")
        words.bind(self.reset, "description", "ui.train.reset_about")
        self.rewind = words.bind(pn.widgets.Button(width=80), "name", "ui.train.rewind")
        words.bind(self.rewind, "description", "ui.train.rewind_about")
        self.optimiser = pn.widgets.Select(
            options=optimiser_options(words), value=settings.optimiser, width=110
        )
        words.bind(self.optimiser, "name", "ui.train.optimiser")
        # Typed boxes (a number box's spin buttons have no accessible name in Bokeh).
        self.learning_rate = words.bind(
            pn.widgets.TextInput(value=number_text(settings.learning_rate), width=100),
            "name", "ui.train.learning_rate",
        )  # fmt: skip
        self.seed = words.bind(
            pn.widgets.TextInput(value=str(settings.seed), width=80), "name", "ui.train.seed"
        )
        self._settings = {
            "optimiser": settings.optimiser,
            "learning_rate": settings.learning_rate,
            "seed": settings.seed,
        }
        self.counter = Text("", margin=(0, 10))
        self.message = Text("", visible=False, margin=(0, 10), styles={"color": "#842029"})
        self.losses = ColumnDataSource({"step": [], "loss": []})
        plot = figure(
            height=140, sizing_mode="stretch_width", y_axis_type="log", toolbar_location=None,
            x_axis_label=words("ui.train.step_axis"), y_axis_label=words("ui.train.loss_axis"),
            title=words("ui.train.loss"),
        )  # fmt: skip
        plot.line("step", "loss", source=self.losses, color="#2c6e49", line_width=2)
        self._plot = plot
        # Shown by its column: setting a Bokeh pane's own ``visible`` fails in Panel 1.x (it
        # re-validates the figure's stylesheets).
        self.loss_plot = pn.Column(
            pn.pane.Bokeh(plot, sizing_mode="stretch_width"), visible=False, margin=0,
            sizing_mode="stretch_width",
        )  # fmt: skip
        self.column = pn.Column(
            pn.Row(self.play, self.pause, self.step, margin=0),
            pn.Row(self.reset, self.rewind, margin=0),
            pn.Row(self.optimiser, self.learning_rate, self.seed, margin=0),
            self.counter, self.message, self.loss_plot,
            margin=0, sizing_mode="stretch_width",
        )  # fmt: skip
        self.play.on_click(lambda _e: self.start())
        self.pause.on_click(lambda _e: self.stop())
        self.step.on_click(lambda _e: self._steps(1))
        self.reset.on_click(lambda _e: self._reset())
        self.rewind.on_click(lambda _e: self._rewind())
        for w in (self.optimiser, self.learning_rate, self.seed):
            w.param.watch(self._on_setting, "value")
        playground.network.param.watch(self._on_network, "changed")
        outbox = playground.plots.outbox
        if outbox is not None:  # the page says when a hand takes hold of a slider
            outbox.register("hand", self)
        self._name_boxes()
        words.follow(self._relabel)

    def _name_boxes(self) -> None:
        words = self.words
        self.learning_rate.tags = aria(words("ui.train.learning_rate"))
        self.seed.tags = aria(words("ui.train.seed"))

    def _relabel(self) -> None:
        """After a language switch: what is not bound to a key (a run goes on)."""
        words = self.words
        self._name_boxes()
        self._showing = True  # the optimiser stays the one in force
        try:
            value = self.optimiser.value
            self.optimiser.options = optimiser_options(words)
            self.optimiser.value = value
        finally:
            self._showing = False
        doc = pn.state.curdoc
        if doc is None or doc.session_context is None:
            self._retitle()
        else:  # a Bokeh model: changed under the session's lock (as ``CurvesPane.push``)
            doc.add_next_tick_callback(self._retitle)
        if self._said is not None:
            self.message.object = plain(words.say(self._said))
        self._show(len(self.trainer.history) if self.trainer is not None else 0)

    # -- settings -------------------------------------------------------------------------------
    def follow(self, training: dict | None) -> None:
        """The widgets show the settings a document or link brought (checked by the model)."""
        if training:
            self._settings = dict(training)
            self._show_settings()

    def _show_settings(self) -> None:
        s = self._settings
        self.optimiser.value = s["optimiser"]
        self.learning_rate.value = number_text(s["learning_rate"])
        self.seed.value = str(int(s["seed"]))

    def _retitle(self) -> None:
        """The loss plot's title and axes in the page's language."""
        words, plot = self.words, self._plot
        plot.title.text = words("ui.train.loss")
        plot.xaxis.axis_label = words("ui.train.step_axis")
        plot.yaxis.axis_label = words("ui.train.loss_axis")

    def settings(self) -> dict:
        """The settings in force (the last the learner gave that the model accepted)."""
        return dict(self._settings)

    def _on_setting(self, _event) -> None:
        if self._showing:
            return
        try:
            rate = float(self.learning_rate.value.strip())
            text = self.seed.value.strip()
            if not text.isdigit():
                raise Refusal("train.seed", value=repr(text)[:40])
            wanted = {"optimiser": self.optimiser.value, "learning_rate": rate, "seed": int(text)}
            check_settings(**wanted)
        except ValueError as error:  # a Refusal is one too
            why = (
                error.message if isinstance(error, Refusal) else Phrase("ui.train.rate_not_number")
            )
            self._say(Phrase("ui.train.not_applied", why=why))
            self._showing = True
            try:
                self._show_settings()  # the boxes show the settings in force again
            finally:
                self._showing = False
            return
        self._hush()
        self._settings = wanted
        if self.trainer is not None:
            s = self.trainer.settings
            s.optimiser, s.learning_rate, s.seed = (
                wanted[k] for k in ("optimiser", "learning_rate", "seed")
            )
        self._pg.training = self.settings()
        self._pg._text.schedule()  # the link and the document carry them

    # -- the trainer ----------------------------------------------------------------------------
    def _trainer(self) -> Trainer | None:
        """The trainer of the network and target now, or None (and why, said)."""
        pg = self._pg
        target = pg.target
        if target is None or (target.kind == "points" and not target.points):
            self._say(Phrase("ui.train.no_target"))
            return None
        if pg.network.activation not in TRAINABLE:
            name = Phrase(f"activation.{pg.network.activation}.label")
            self._say(Phrase("ui.train.no_slope", activation=name))
            return None
        if self.trainer is None or self.trainer.network is not pg.network:
            self.trainer = Trainer(pg.network, target, **self.settings())
        elif self.trainer.target != target:
            self.trainer.target = target
        return self.trainer

    def _say(self, phrase: Phrase) -> None:
        """Say ``phrase`` under the controls, in the page's language (again at a switch)."""
        self._said = phrase
        self.message.object = plain(self.words.say(phrase))
        self.message.visible = True

    def _hush(self) -> None:
        self._said = None
        self.message.visible = False

    def _steps(self, n: int) -> int:
        trainer = self._trainer()
        if trainer is None:
            return 0
        before = len(trainer.history)
        self._ticking = True
        start = time.process_time()
        try:
            with controls_later():  # the sliders follow at the text's rate
                taken = trainer.step(n)
        finally:
            self._ticking = False
        self._show(before)
        if self._callback is not None:  # what the tick cost besides its steps
            SHARE.note_tick(time.process_time() - start - taken * self._per_step)
        if trainer.diverged is not None:
            self.stop()
            self._say(Phrase("ui.train.stopped", why=trainer.diverged))
        return taken

    def _show(self, before: int = 0) -> None:
        trainer = self.trainer
        history = [] if trainer is None else trainer.history
        if len(history) < before or not history:
            self.losses.data = {"step": [], "loss": []}
        new = history[before:]
        if new:
            every = max(1, len(new) // POINTS_PER_TICK)
            picked = list(range(before, len(history), every))
            if picked[-1] != len(history) - 1:
                picked.append(len(history) - 1)
            losses = [history[i] for i in picked]
            keep = [(i + 1, v) for i, v in zip(picked, losses, strict=True) if v > 0]
            if keep:
                self.losses.stream({"step": [k[0] for k in keep], "loss": [k[1] for k in keep]})
        self.loss_plot.visible = bool(history)
        words = self.words
        self.counter.object = (
            plain(words("ui.train.counter", step=len(history),
                        loss=fit_number(history[-1], words.lang), sharing=self._sharing()))
            if history
            else ""
        )  # fmt: skip

    def _sharing(self) -> str:
        """While it trains: how fast, and with how many others (the server shares its time)."""
        if self._callback is None or self._rate is None:
            return ""
        words = self.words
        text = words("ui.train.rate", rate=f"{self._rate:,.0f}")
        others = SHARE.count - 1
        if others:
            text += (
                words("ui.train.sharing", others=others)
                if others > 1
                else words("ui.train.sharing_one")
            )
        every = SHARE.tick_every()
        if every > 1.5 * TICK_S:
            text += words("ui.train.follows", times=f"{1 / every:.0f}")
        return text

    # -- the controls ---------------------------------------------------------------------------
    def start(self) -> None:
        """Play: steps every tick until paused, diverged or the hand moves something."""
        if self._callback is not None or self._trainer() is None:
            return
        self._hush()
        self._per_step = step_seconds(self.trainer)
        self._run = self._pg.history.action()
        self._run.__enter__()
        SHARE.join(self)
        self._pace = Pace()
        self._rate = self._ticked = None
        self._callback = pn.state.add_periodic_callback(self._tick, period=TICK_MS)
        self.play.disabled, self.pause.disabled = True, False

    def stop(self, why: Phrase | None = None) -> None:
        """Pause (the run so far is one step to undo)."""
        self._halt()
        self.play.disabled, self.pause.disabled = False, True
        if self.trainer is not None:  # the counter no longer speaks of a run going on
            self._show(len(self.trainer.history))
        outbox = self._pg.plots.outbox
        if outbox is not None:
            outbox.catch_up()  # every slider and box shows where training left the weights
        self._pg._text.schedule()  # the text catches up with the last tick
        if why:
            self._say(why)

    def _tick(self) -> None:
        if self._callback is None or not self._pace.ready():  # paused, or not yet due
            return
        n = max(1, min(MAX_STEPS, int(SHARE.step_budget() / max(self._per_step, 1e-6))))
        now = time.monotonic()
        if self._ticked is not None:  # steps a second, over about the last ten ticks
            rate = n / max(now - self._ticked, 1e-3)
            self._rate = rate if self._rate is None else self._rate + (rate - self._rate) / 10
        self._ticked = now
        doc = pn.state.curdoc
        if doc is None or doc.session_context is None:
            self._steps(n)
            return
        with pn.io.hold(doc):  # the counter and the loss: one message
            self._steps(n)

    def _reset(self) -> None:
        trainer = self._trainer()
        if trainer is None:
            return
        self._hush()
        self.seed.value = str((self._settings["seed"] + 1) % 2**32)  # checked: taken at once
        with self._pg.history.action():
            self._ticking = True
            try:
                trainer.reset(self._settings["seed"])
            finally:
                self._ticking = False
        self._show()

    def _rewind(self) -> None:
        trainer = self.trainer
        if trainer is None:
            return
        self.stop()
        with self._pg.history.action():
            self._ticking = True
            try:
                trainer.rewind()
            finally:
                self._ticking = False
        self._show()

    def text_due(self) -> bool:
        """Whether the text may follow the network now (always, unless training runs)."""
        if self._callback is None or not self._ticking:
            return True
        now = time.monotonic()
        if now - self._text_at < SHARE.text_every():
            return False
        self._text_at = now
        return True

    def _on_network(self, _event) -> None:
        if self._ticking or self._callback is None:
            return
        self.stop(Phrase("ui.train.hand"))

    def from_page(self, _value) -> None:
        """A hand took hold of a slider in the page (``nnshape.hand``): the hand wins."""
        if self._callback is not None:
            self.stop(Phrase("ui.train.hand"))

    def catch_up_box(self) -> None:
        """(The outbox asks every control; this one has no box.)"""

    def _halt(self) -> None:
        """No more ticks (and no more share of the server's budget); the run so far closes as
        one step to undo."""
        SHARE.leave(self)
        if self._callback is not None:
            self._callback.stop()
            self._callback = None
        if self._run is not None:
            run, self._run = self._run, None
            run.__exit__(None, None, None)

    def release(self) -> None:
        """The session has ended: stop, and send nothing to the page, which has gone."""
        self._halt()


def optimiser_options(words) -> dict[str, str]:
    """The optimiser menu in the language of ``words``: label -> the model's name."""
    return {words(f"ui.train.optimiser.{name}"): name for name in OPTIMISERS}


def step_seconds(trainer: Trainer, steps: int = 30) -> float:
    """The CPU one step of ``trainer`` takes, measured on a copy of its network (so nothing
    the learner sees moves): ``steps + 1`` steps less one (each call writes the weights
    once), the least of two."""
    s = trainer.settings
    copy = Trainer(
        Network.from_spec(trainer.network.spec()),
        trainer.target,
        optimiser=s.optimiser,
        learning_rate=s.learning_rate,
        seed=s.seed,
    )
    copy.step(1)  # the first call pays for what later ones reuse

    def cpu(n: int) -> float:
        t0 = time.process_time()
        copy.step(n)
        return time.process_time() - t0

    return max(min((cpu(steps + 1) - cpu(1)) / steps for _ in range(2)), 1e-6)
