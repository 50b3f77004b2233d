"""Training a network to draw a target: closed-form gradients and three optimisers, in numpy.

One file over 300 lines on purpose: the gradients, the optimisers and the controls that drive
them share one flat layout of the trained parameters (``_Layout``).

``Trainer(network, target, optimiser="adam", learning_rate=0.03, seed=0)`` trains every
parameter the network uses: each neuron's weight and bias, its output weight v and the output
bias c when output weights are on, and w2, b2 when the second layer is on. The loss is the mean
squared error of the output the network shows (``model.target.score``) where the target is
compared. ``step(n)`` takes n optimiser steps and writes the weights back to the network once;
``rewind()`` puts back exactly the weights training started from; ``reset(seed)`` starts again
from a new seeded random start; ``history`` holds the loss before each step.

The hand wins: if anything changed the network between two calls (a slider moved, a neuron was
added, a switch flipped), the next ``step`` starts from the network as it now is, with fresh
optimiser state.

Gradients, with z = w·x − b, a = act(z), s = Σ v·a + c (v = 1, c = 0 with output weights off),
y = act(w2·s − b2) with the second layer on (else y = s), and L = mean((y − t)²)::

    dL/dy = 2(y − t)/m;  through the second layer: g_u = dL/dy · act'(u), dw2 = Σ g_u·s,
    db2 = −Σ g_u, dL/ds = g_u·w2;  dv = Σ dL/ds · a,  dc = Σ dL/ds;
    g_z = dL/ds · v · act'(z),  dw = Σ g_z·x,  db = −Σ g_z.

ReLU's derivative at exactly 0 is taken as 0. (A step activation, were one added, would have a
zero derivative everywhere it is defined: training could not move its weights at all.)

A run diverges when the loss becomes non-finite or grows a thousandfold over the loss training
started from: it stops, keeps the last weights whose loss was finite and says so (``diverged``).
"""

from __future__ import annotations

import numpy as np
import param

from .activations import ACTIVATIONS
from .messages import Message, Refusal
from .network import WEIGHT_LIMIT, Network
from .parameters import Choice, Real
from .target import Target

OPTIMISERS = ("adam", "sgd", "momentum")


def _has_slope(name: str) -> bool:
    z = np.linspace(-5.0, 5.0, 1001)
    return bool(np.any(ACTIVATIONS[name].derivative(z) != 0))


#: The activations gradient descent can train: the step's slope is zero wherever it has one,
#: so no gradient ever moves its weights.
TRAINABLE = tuple(name for name in ACTIVATIONS if _has_slope(name))
#: A run whose loss grows this many times over its starting loss has diverged.
DIVERGENCE_FACTOR = 1000.0
#: Rows of the grid computed at once (a block of 256 × 64 neurons is 128 KB per temporary).
CHUNK_ROWS = 256
MOMENTUM = 0.9
ADAM_BETAS = (0.9, 0.999)
ADAM_EPS = 1e-8


class TrainingSettings(param.Parameterized):
    """How to train: each setting declares its rule once, for the trainer, documents and links."""

    optimiser = Choice(objects=list(OPTIMISERS), default="adam", doc="How each step moves.")
    learning_rate = Real(
        0.03, bounds=(1e-6, 10.0), softbounds=(1e-4, 1.0), doc="How far each step moves."
    )
    seed = param.Integer(
        0, bounds=(0, 2**32 - 1), doc="The random start a reset draws (the same seed, the same)."
    )


def _act_and_slope(name: str, z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """act(z) and act'(z), reusing the value where the derivative is a function of it."""
    act = ACTIVATIONS[name]
    if name == "sigmoid":
        # σ(z) = (1 + tanh(z/2))/2: one stable transcendental instead of exp, abs and where;
        # equal to the model's σ to within a few units in the last place.
        h = np.tanh(z * 0.5)
        a = h + 1.0
        a *= 0.5
        h *= h
        np.subtract(1.0, h, out=h)
        h *= 0.25
        return a, h
    if name == "mish":
        return _mish_and_slope(z)
    a = act.fn(z)
    if name == "tanh":
        return a, 1.0 - a * a
    if name == "relu":
        return a, (z > 0).astype(float)
    return a, act.derivative(z)


def _mish_and_slope(z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """mish(z) exactly as the model computes it, and its derivative t + z·(1 − t²)·σ(z), with
    σ(z) = 1 − e^(−softplus z), which reuses softplus instead of computing σ again."""
    sp = np.logaddexp(0.0, z)
    t = np.tanh(sp)
    a = z * t
    sigma = np.expm1(-sp)
    np.negative(sigma, out=sigma)
    slope = t * t
    np.subtract(1.0, slope, out=slope)
    slope *= z
    slope *= sigma
    slope += t
    return a, slope


class _Layout:
    """Which parameters a network trains, and where each sits in one flat vector."""

    def __init__(self, network: Network):
        self.n = len(network.neurons)
        self.activation = network.activation
        self.weighted = bool(network.hidden.output_weights)
        self.deep = bool(network.second.enabled)
        n = self.n
        self.w, self.b = slice(0, n), slice(n, 2 * n)
        end = 2 * n
        if self.weighted:
            self.v, self.c = slice(end, end + n), end + n
            end += n + 1
        if self.deep:
            self.w2, self.b2 = end, end + 1
            end += 2
        self.size = end

    def key(self) -> tuple:
        return (self.n, self.activation, self.weighted, self.deep)

    def read(self, network: Network) -> np.ndarray:
        theta = np.empty(self.size)
        neurons = network.neurons
        theta[self.w] = [n.weight for n in neurons]
        theta[self.b] = [n.bias for n in neurons]
        if self.weighted:
            theta[self.v] = [n.output_weight for n in neurons]
            theta[self.c] = network.hidden.output_bias
        if self.deep:
            theta[self.w2] = network.second.weight
            theta[self.b2] = network.second.bias
        return theta

    def write(self, network: Network, theta: np.ndarray) -> None:
        """Put ``theta`` into the network in place (no neuron is replaced), ``changed`` once."""
        values = [float(v) for v in theta]
        with network.hold():
            for i, neuron in enumerate(network.neurons):
                update = {"weight": values[self.w][i], "bias": values[self.b][i]}
                if self.weighted:
                    update["output_weight"] = values[self.v][i]
                neuron.param.update(**update)
            if self.weighted:
                network.hidden.output_bias = values[self.c]
            if self.deep:
                network.second.param.update(weight=values[self.w2], bias=values[self.b2])


class Trainer:
    """Trains ``network`` towards ``target``; see the module's documentation."""

    def __init__(
        self,
        network: Network,
        target: Target,
        optimiser: str = "adam",
        learning_rate: float = 0.03,
        seed: int = 0,
    ):
        check_settings(optimiser, learning_rate, seed)
        self.settings = TrainingSettings(
            optimiser=optimiser, learning_rate=learning_rate, seed=seed
        )
        self.network = network
        self._target = target
        self.history: list[float] = []
        #: Why the last run stopped early (a Message), or None.
        self.diverged: Message | None = None
        self._adopt()

    @property
    def target(self) -> Target:
        return self._target

    @target.setter
    def target(self, target: Target) -> None:
        """A new target: the loss changes, so the history and optimiser state start again (the
        weights to rewind to stay)."""
        self._target = target
        start = self._start
        self._adopt()
        self._start = start

    # -- the network as a vector ----------------------------------------------------------------
    def _adopt(self) -> None:
        """Start from the network as it is now: its weights become the ones to rewind to."""
        self._layout = _Layout(self.network)
        self._grid = self.network.grid
        sampled = self._target.on(self.network.x)
        self._x, self._t = sampled.x, sampled.y
        self.notice = sampled.notice
        self._theta = self._layout.read(self.network)
        self._start = self._theta.copy()
        self._written = self._theta.copy()
        self._fresh_optimiser()
        self.history = []
        self.diverged = None

    def _fresh_optimiser(self) -> None:
        self._m = np.zeros_like(self._theta)
        self._s = np.zeros_like(self._theta)
        self._t_adam = 0
        #: The weights before the last move (None: none since a new start), kept on divergence.
        self._before_last = None

    def _sync(self) -> None:
        """If the network changed since we last wrote it, the hand wins: start from it."""
        layout = _Layout(self.network)
        if layout.key() != self._layout.key() or self.network.grid != self._grid:
            start = self._start if layout.key() == self._layout.key() else None
            self._adopt()
            if start is not None:  # same parameters: rewinding still goes to the same start
                self._start = start
            return
        theta = layout.read(self.network)
        if not np.array_equal(theta, self._written):
            self._theta = theta
            self._written = theta.copy()
            self._fresh_optimiser()
            self.diverged = None  # new weights by hand: training may go on from them

    @property
    def parameters(self) -> list[str]:
        """The names of the trained parameters, in the order of ``gradient``'s vector."""
        lay = self._layout
        names = [f"w{i + 1}" for i in range(lay.n)] + [f"b{i + 1}" for i in range(lay.n)]
        if lay.weighted:
            names += [f"v{i + 1}" for i in range(lay.n)] + ["c"]
        if lay.deep:
            names += ["w2", "b2"]
        return names

    @property
    def theta(self) -> np.ndarray:
        """The trained parameters now, as one vector (a copy)."""
        return self._theta.copy()

    # -- the maths ------------------------------------------------------------------------------
    def loss(self, theta: np.ndarray | None = None) -> float:
        return self.loss_and_gradient(theta)[0]

    def loss_and_gradient(self, theta: np.ndarray | None = None) -> tuple[float, np.ndarray]:
        """The loss at ``theta`` (the current parameters by default) and its exact gradient."""
        theta = self._theta if theta is None else np.asarray(theta, dtype=float)
        x, t = self._x, self._t
        m = x.size
        if m == 0:
            return 0.0, np.zeros_like(theta)
        # In blocks of rows: each temporary then stays small enough to live in the cache
        # (and to be reused by the allocator) instead of being a fresh megabyte per operation.
        grad = np.zeros_like(theta)
        total = 0.0
        with np.errstate(all="ignore"):
            for start in range(0, m, CHUNK_ROWS):
                rows = slice(start, start + CHUNK_ROWS)
                total += self._block(theta, x[rows], t[rows], 2.0 / m, grad)
        return total / m, grad

    def _block(self, theta, x, t, scale: float, grad: np.ndarray) -> float:
        """Add one block of rows' gradient to ``grad``; return its sum of squared errors."""
        lay = self._layout
        w, b = theta[lay.w], theta[lay.b]
        z = np.multiply.outer(x, w)
        z -= b  # as Neuron does: weight * x - bias
        a, slope = _act_and_slope(lay.activation, z)
        if lay.weighted:
            v = theta[lay.v]
            s = a @ v
            s += theta[lay.c]
        else:
            s = a.sum(axis=1)
        if lay.deep:
            u = theta[lay.w2] * s - theta[lay.b2]
            y, slope2 = _act_and_slope(lay.activation, u)
        else:
            y = s
        r = y - t
        g = r * scale
        if lay.deep:
            gu = g * slope2
            grad[lay.w2] += np.dot(gu, s)
            grad[lay.b2] -= gu.sum()
            g = gu * theta[lay.w2]
        if lay.weighted:
            grad[lay.v] += g @ a
            grad[lay.c] += g.sum()
            slope *= g[:, None]
            slope *= v
        else:
            slope *= g[:, None]
        grad[lay.w] += x @ slope
        grad[lay.b] -= slope.sum(axis=0)
        return float(np.dot(r, r))

    def _move(self, grad: np.ndarray) -> None:
        lr = self.settings.learning_rate
        kind = self.settings.optimiser
        if kind == "sgd":
            self._theta = self._theta - lr * grad
        elif kind == "momentum":
            self._m = MOMENTUM * self._m + grad
            self._theta = self._theta - lr * self._m
        else:
            b1, b2 = ADAM_BETAS
            self._t_adam += 1
            self._m = b1 * self._m + (1 - b1) * grad
            self._s = b2 * self._s + (1 - b2) * grad * grad
            m_hat = self._m / (1 - b1**self._t_adam)
            s_hat = self._s / (1 - b2**self._t_adam)
            self._theta = self._theta - lr * m_hat / (np.sqrt(s_hat) + ADAM_EPS)

    # -- the controls ---------------------------------------------------------------------------
    def step(self, n: int = 1) -> int:
        """Take up to ``n`` steps, then write the weights to the network (``changed`` fires once).

        Returns how many were taken: fewer than ``n`` if the run diverged (then ``diverged``
        says so, and the network keeps the last weights whose loss was finite).
        """
        self._sync()
        if self.diverged is not None:
            return 0
        taken = 0
        with np.errstate(all="ignore"):
            for _ in range(int(n)):
                loss, grad = self.loss_and_gradient()
                start = self.history[0] if self.history else loss
                if not np.isfinite(loss) or not np.all(np.isfinite(grad)):
                    self._diverge("train.not_finite", loss)
                    break
                if loss > DIVERGENCE_FACTOR * start and start > 0:
                    self._diverge("train.grew", loss, start)
                    break
                self.history.append(loss)
                previous = self._before_last = self._theta
                self._move(grad)
                if not np.all(np.abs(self._theta) <= WEIGHT_LIMIT):
                    self._theta = previous
                    self._diverge("train.too_large", loss)
                    break
                taken += 1
        self._write()
        return taken

    def _diverge(self, id: str, loss: float, start: float | None = None) -> None:
        args = {"steps": len(self.history), "loss": f"{loss:.3g}"}
        if start is not None:
            args["start"] = f"{start:.3g}"
        if id == "train.too_large":
            args = {"steps": len(self.history), "limit": f"{WEIGHT_LIMIT:g}"}
        self.diverged = Message(id, **args)
        if self._before_last is not None and id != "train.too_large":
            # The weights whose loss just failed are not kept: the step before them is.
            self._theta = self._before_last
        self._fresh_optimiser()

    def _write(self) -> None:
        self._layout.write(self.network, self._theta)
        self._written = self._layout.read(self.network)
        self._theta = self._written.copy()

    def rewind(self) -> None:
        """Put back exactly the weights training started from; the history starts again."""
        self._sync()
        self._theta = self._start.copy()
        self._fresh_optimiser()
        self.history = []
        self.diverged = None
        self._write()

    def reset(self, seed: int | None = None) -> None:
        """Start again from a new random start drawn from ``seed`` (the setting's if None)."""
        if seed is not None:
            self.settings.seed = seed
        self._sync()
        self._theta = random_start(self.network, self._x, self.settings.seed, self._layout, self._t)
        self._start = self._theta.copy()
        self._fresh_optimiser()
        self.history = []
        self.diverged = None
        self._write()

    def __repr__(self) -> str:
        s = self.settings
        return (
            f"Trainer({s.optimiser}, learning_rate={s.learning_rate!r}, seed={s.seed!r}, "
            f"steps={len(self.history)}, target={self.target.label()!r})"
        )


def random_start(
    network: Network,
    x: np.ndarray,
    seed: int,
    layout: _Layout | None = None,
    y: np.ndarray | None = None,
):
    """A seeded random start: each neuron's kink (where w·x = b) somewhere over the data, its
    slope of order 10 across the data; output weights (if on) drawn at the target's scale ``y``
    and c at its mean, so the sum starts near the target's size and level; w2 = 1, b2 = 0."""
    layout = layout or _Layout(network)
    rng = np.random.default_rng(seed)
    n = layout.n
    low, high = (float(x.min()), float(x.max())) if x.size else (-1.0, 1.0)
    span = max(high - low, 1e-6)
    theta = np.zeros(layout.size)
    w = rng.normal(0.0, 1.0, n) * (10.0 / span)
    kinks = rng.uniform(low, high, n)
    theta[layout.w] = w
    theta[layout.b] = w * kinks
    if layout.weighted:
        scale, level = (float(np.std(y)), float(np.mean(y))) if y is not None and y.size else (1, 0)
        theta[layout.v] = rng.normal(0.0, max(scale, 1e-3) / np.sqrt(n), n)
        theta[layout.c] = level
    if layout.deep:
        theta[layout.w2] = 1.0
        theta[layout.b2] = 0.0
    return theta


def check_settings(optimiser, learning_rate, seed) -> None:
    """Refuse bad training settings in the model's words (``TrainingSettings``'s rules)."""
    TrainingSettings.param.optimiser.check(optimiser, "optimiser")
    TrainingSettings.param.learning_rate.check(learning_rate, "learning rate")
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= 2**32 - 1:
        raise Refusal("train.seed", value=repr(seed)[:40])
