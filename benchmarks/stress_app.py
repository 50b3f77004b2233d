"""The stress-size app: 64 neurons, a 2,000-point grid, the second layer on.

Served by ``panel serve`` for the benchmark; one Playground per session, like the real app.
"""

import numpy as np

from dashboard.playground import Playground
from dashboard.server import load_extensions
from model.article import FREE

load_extensions()
playground = Playground.from_figure(FREE)
rng = np.random.default_rng(0)
playground.network.configure(
    activation="sigmoid",
    neurons=[(float(w), float(b)) for w, b in rng.uniform(-3, 3, size=(64, 2)).round(2)],
    second=(0.5, 1.0),
    second_enabled=True,
    grid=(-5.0, 5.0, 0.005),
)
playground.view.y_auto = True
playground.template().servable()
