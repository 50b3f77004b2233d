"""Training in the served page: play, pause, step, reset (a new seed), rewind; the learning
rate, the optimiser and the seed; the loss on a log axis and the step counter.

Training runs on the server, per session, in a periodic callback (``TICK_MS``): each tick takes
as many steps of ``model.training.Trainer`` as fit in ``BUDGET_S`` of CPU (at most
``MAX_STEPS``), then writes the weights to the network once; the page gets them through the
playground's usual push (``CurvesPane.push``), so the curves follow about ten times a second and
nothing blocks the page. The hand wins: any change to the network that is not a tick (a slider,
a typed value, a neuron added) pauses training, and the trainer starts from the network as the
hand left it. A diverging run stops and says so (the trainer keeps the last finite weights).
A run, from play to pause, is one step to undo.
"""

from __future__ import annotations

import time

import panel as pn
from bokeh.models import ColumnDataSource
from bokeh.plotting import figure

from model.messages import Refusal, number_text
from model.training import OPTIMISERS, TRAINABLE, Trainer, TrainingSettings, check_settings

from .controls import aria, controls_later
from .fit_plot import fit_number
from .notebook import Text
from .notices import plain

#: A tick every this many milliseconds: the curves show the weights ten times a second.
TICK_MS = 100
#: The CPU a tick may spend on steps (seconds), and the most steps it takes.
BUDGET_S = 0.02
MAX_STEPS = 200
#: While training runs, the text (formula, diagram, link, sliders and boxes) follows the weights
#: this often (seconds): each new text lays the page out again.
TEXT_EVERY_S = 1.0
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
        self._per_step = 1e-3  # seconds a step took, measured
        self._text_at = 0.0  # when the text last followed a tick
        self._showing = False  # the boxes are being set to the settings in force
        settings = TrainingSettings()
        self.play = pn.widgets.Button(label="▶ Train", color="success", width=90)
        self.pause = pn.widgets.Button(label="Pause", width=90, disabled=True)
        self.step = pn.widgets.Button(label="Step", width=70)
        self.reset = pn.widgets.Button(
            label="Reset", width=70, description="Start again from a new random start (seed + 1)"
        )
        self.rewind = pn.widgets.Button(
            label="Rewind", width=80, description="Back to exactly the weights training began from"
        )
        self.optimiser = pn.widgets.Select(
            label="Optimiser", options=list(OPTIMISERS), value=settings.optimiser, width=100
        )
        # Typed boxes (a number box's spin buttons have no accessible name in Bokeh).
        self.learning_rate = pn.widgets.TextInput(
            label="Learning rate", value=number_text(settings.learning_rate), width=110,
            tags=aria("Learning rate"),
        )  # fmt: skip
        self.seed = pn.widgets.TextInput(
            label="Seed", value=str(settings.seed), width=90, tags=aria("Seed")
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
            x_axis_label="step", y_axis_label="loss (MSE)", title="Loss",
        )  # fmt: skip
        plot.line("step", "loss", source=self.losses, color="#2c6e49", line_width=2)
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
            why = error if isinstance(error, Refusal) else "the learning rate is not a number"
            self._say(f"Not applied: {why}.")
            self._showing = True
            try:
                self._show_settings()  # the boxes show the settings in force again
            finally:
                self._showing = False
            return
        self.message.visible = False
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
            self._say("Choose a target to train towards (Fit a shape, above).")
            return None
        if pg.network.activation not in TRAINABLE:
            self._say(f"{pg.network.activation} has no slope to follow: choose another activation.")
            return None
        if self.trainer is None or self.trainer.network is not pg.network:
            self.trainer = Trainer(pg.network, target, **self.settings())
        elif self.trainer.target != target:
            self.trainer.target = target
        return self.trainer

    def _say(self, text: str) -> None:
        self.message.object = plain(text)
        self.message.visible = True

    def _steps(self, n: int) -> int:
        trainer = self._trainer()
        if trainer is None:
            return 0
        before = len(trainer.history)
        self._ticking = True
        try:
            t0 = time.perf_counter()
            with controls_later():  # the sliders follow at the text's rate
                taken = trainer.step(n)
            if taken:
                self._per_step = (time.perf_counter() - t0) / taken
        finally:
            self._ticking = False
        self._show(before)
        if trainer.diverged is not None:
            self.stop()
            self._say(f"Training stopped: {trainer.diverged}")
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
        self.counter.object = (
            f"Step {len(history)} · loss {fit_number(history[-1])}" if history else ""
        )

    # -- the controls ---------------------------------------------------------------------------
    def start(self) -> None:
        """Play: steps every tick until paused, diverged or the hand moves something."""
        if self._callback is not None or self._trainer() is None:
            return
        self.message.visible = False
        self._run = self._pg.history.action()
        self._run.__enter__()
        self._callback = pn.state.add_periodic_callback(self._tick, period=TICK_MS)
        self.play.disabled, self.pause.disabled = True, False

    def stop(self, why: str | None = None) -> None:
        """Pause (the run so far is one step to undo)."""
        self._halt()
        self.play.disabled, self.pause.disabled = False, True
        outbox = self._pg.plots.outbox
        if outbox is not None:
            outbox.catch_up()  # every slider and box shows where training left the weights
        self._pg._text.schedule()  # the text catches up with the last tick
        if why:
            self._say(why)

    def _tick(self) -> None:
        if self._callback is None:  # paused since this tick was due
            return
        n = max(1, min(MAX_STEPS, int(BUDGET_S / max(self._per_step, 1e-6))))
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
        self.message.visible = False
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
        if now - self._text_at < TEXT_EVERY_S:
            return False
        self._text_at = now
        return True

    def _on_network(self, _event) -> None:
        if self._ticking or self._callback is None:
            return
        self.stop("Paused: your hand moved the network, and the hand wins.")

    def from_page(self, _value) -> None:
        """A hand took hold of a slider in the page (``nnshape.hand``): the hand wins."""
        if self._callback is not None:
            self.stop("Paused: your hand moved the network, and the hand wins.")

    def catch_up_box(self) -> None:
        """(The outbox asks every control; this one has no box.)"""

    def _halt(self) -> None:
        """No more ticks; the run so far closes as one step to undo."""
        if self._callback is not None:
            self._callback.stop()
            self._callback = None
        if self._run is not None:
            run, self._run = self._run, None
            run.__exit__(None, None, None)

    def release(self) -> None:
        """The session has ended: stop, and send nothing to the page, which has gone."""
        self._halt()
