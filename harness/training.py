"""Training sessions without a browser: Bokeh's client on a real ``nnshape serve`` presses
Train and Pause as a page does, and counts what the server sends the page while it trains.

Each session opens a link of its own (``session_link``): 8 tanh neurons with output weights,
from ``model.training.random_start`` drawn from the session's seed, towards one of the preset
targets, with that seed in its training settings. So no two sessions share a start, a target or
a seed, and a session's end can be checked against a solo ``Trainer`` run (``solo_weights``):
training is deterministic, and the page's ``Step N`` counter says how many steps it took.

Shared by ``benchmarks.training_load`` (what training costs the server) and
``tests/ui/test_training_load.py`` (30 sessions train at once, stay isolated, and the server's
memory comes back).
"""

from __future__ import annotations

import asyncio
import re
import time
from urllib.parse import parse_qs

import numpy as np

from model.network import Network
from model.permalink import from_query, to_query
from model.target import Target
from model.training import Trainer
from model.view import View

from .client import Learner

#: The targets sessions train towards, in turn (each on the default grid of 100 points).
TARGETS = ("sin", "abs", "step", "square", "bump", "sawtooth")
NEURONS = 8
ACTIVATION = "tanh"
LEARNING_RATE = 0.03
#: The counter the page shows while it trains: ``Step N · loss …``.
STEP_TEXT = re.compile(r"Step (\d+) ·")


def session_network(index: int) -> tuple[Network, Target, dict]:
    """Session ``index``'s start: its network, its target and its training settings."""
    target = Target.preset(TARGETS[index % len(TARGETS)])
    net = Network.from_spec(
        {
            "activation": ACTIVATION,
            "neurons": [(1.0, 0.0)] * NEURONS,
            "output_weights": True,
            "output": ([1.0] * NEURONS, 0.0),
        }
    )
    trainer = Trainer(net, target, learning_rate=LEARNING_RATE, seed=index)
    trainer.reset(index)  # random_start(seed=index), written into the network
    settings = {"optimiser": "adam", "learning_rate": LEARNING_RATE, "seed": index}
    return net, target, settings


def session_link(index: int) -> dict[str, str]:
    """The query parameters that open session ``index``'s start (``pull``'s ``arguments``)."""
    net, target, settings = session_network(index)
    return to_query(net, View.for_figure("free", NEURONS), target, settings)


def solo_weights(index: int, steps: int) -> np.ndarray:
    """The parameters a solo ``Trainer`` reaches from session ``index``'s start in ``steps``
    steps (w, b, v, c: ``Trainer.parameters``' order)."""
    query = session_link(index)
    state = from_query({k: [v] for k, v in query.items()})
    trainer = Trainer(state.network, state.target, **state.training)
    trainer.step(steps)
    return trainer.theta


def link_weights(query: str) -> np.ndarray:
    """The parameters a page's link names (w, b, v, c), exactly as written."""
    state = from_query(parse_qs(query.lstrip("?")))
    net = state.network
    return np.array(
        [n.weight for n in net.neurons]
        + [n.bias for n in net.neurons]
        + [n.output_weight for n in net.neurons]
        + [net.hidden.output_bias]
    )


class Trainee(Learner):
    """One session that trains: ``play()``/``pause()`` click the page's buttons (a Bokeh
    ``ButtonClick``, as the page sends it), and every patch is looked at for what the page
    would draw: each change of the weights in the page's state (``NetState``) is a display
    update, timed on arrival; the step counter is read from the ``Step N`` text."""

    def __init__(self, session, index: int, timeout: float = 60.0):
        from bokeh.models import Button

        from dashboard.plots import NetState

        super().__init__(session, timeout, name=f"session {index}", keep_reading=True)
        self.index = index
        doc = session.document
        self.state = next(m for m in doc.models if isinstance(m, NetState))
        buttons = [m for m in doc.models if isinstance(m, Button)]
        self.train_button = next(b for b in buttons if b.label == "▶ Train")
        self.pause_button = next(b for b in buttons if b.label == "Pause")
        self.updates: list[float] = []  # when each new set of weights arrived
        self.patches = 0
        self.steps = 0  # the counter's last value
        self._weights = self._drawn()
        self._counter = None

    def _drawn(self) -> tuple:
        s = self.state
        return (tuple(s.weights), tuple(s.biases), tuple(s.v), s.c)

    def on_patch(self) -> None:
        super().on_patch()
        self.patches += 1
        drawn = self._drawn()
        if drawn != self._weights:
            self._weights = drawn
            self.updates.append(time.perf_counter())
        self.steps = self._read_steps()

    def _read_steps(self) -> int:
        if self._counter is not None:
            match = STEP_TEXT.search(str(self._counter.text))
            if match:
                return int(match.group(1))
        for m in self.session.document.models:  # the counter is found once it has text
            text = getattr(m, "text", None)
            if isinstance(text, str):
                match = STEP_TEXT.search(text)
                if match:
                    self._counter = m
                    return int(match.group(1))
        return self.steps

    @property
    def counter_text(self) -> str:
        return "" if self._counter is None else str(self._counter.text)

    def click(self, button) -> None:
        from bokeh.events import ButtonClick

        self.session.document.callbacks.send_event(ButtonClick(button))

    def play(self) -> None:
        self.click(self.train_button)

    def pause(self) -> None:
        self.click(self.pause_button)

    @property
    def training(self) -> bool:
        """Whether the page shows a run going on (Train disabled, Pause enabled)."""
        return bool(self.train_button.disabled) and not self.pause_button.disabled

    def weights(self) -> np.ndarray:
        """The parameters the page's state holds (w, b, v, c)."""
        w, b, v, c = self._drawn()
        return np.array([*w, *b, *v, c])

    def link(self) -> str:
        return str(self.url.value)

    def rate(self, start: float, end: float) -> float:
        """Display updates a second that arrived between ``start`` and ``end``."""
        n = sum(1 for t in self.updates if start <= t < end)
        return n / (end - start) if end > start else float("nan")


async def until(condition, timeout: float, every: float = 0.05) -> bool:
    """Wait (on the running loop) until ``condition()`` holds: whether it did within
    ``timeout``."""
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            return False
        await asyncio.sleep(every)
    return True
