"""An independent oracle: the article's own formulas and numbers, typed in from the article.

Nothing here imports the model. The activation functions are the article's textbook forms
(correct for the small inputs its figures use); the table is ``shared/seed/ARTICLE.md``'s.
"""

import numpy as np


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def relu(x):
    return np.maximum(0, x)


def tanh(x):
    return (np.exp(x) - np.exp(-x)) / (np.exp(x) + np.exp(-x))


def mish(x):
    return x * tanh(np.log(1 + np.exp(x)))


ACT = {"sigmoid": sigmoid, "relu": relu, "mish": mish}

R, B, OR, G = "#ff0000", "#0000ff", "#ffa500", "#008000"
SIG = [(2, -2, R), (0.5, 1, B)]
REL = [(1, -2, R), (0.5, 0, B), (-0.5, -1, OR)]

# id: (activation, [(w, b, colour)], shows, (w2, b2) or None, ylim, x grid)
TABLE = {
    "nn6": ("sigmoid", [(1, 0, R), (0.5, 0, B), (2, 0, G)], {"neurons"}, None, (-0.5, 1.5)),
    "nn7": ("sigmoid", [(1, 0, R), (1, -1, B), (1, 1, G)], {"neurons"}, None, (-0.5, 1.5)),
    "nn8": ("sigmoid", SIG, {"neurons", "sum"}, None, (-0.5, 2)),
    "nn9": ("sigmoid", [*SIG, (2, 4, OR)], {"neurons", "sum"}, None, (-0.5, 3)),
    "nn10": ("sigmoid", [*SIG, (-2, -4, OR)], {"neurons", "sum"}, None, (-0.5, 3)),
    "nn11": ("sigmoid", [*SIG, (-2, -4, OR)], {"sum", "deep"}, (1, 0), (0.5, 2.5)),
    "nn12": ("relu", REL, {"neurons", "sum"}, None, (-0.1, 15)),
    "nn13": ("relu", REL, {"sum", "deep"}, (1, 0), (-0.1, 10)),
    "nn15": ("relu", REL, {"sum", "deep"}, (-1, -10), (-0.1, 10)),
    "nn16": ("mish", [(1, 0, None)], {"neurons"}, None, None),
    "nn17": ("mish", REL, {"neurons", "sum"}, None, (-1, 10)),
    "nn18": ("mish", REL, {"sum", "deep"}, (-1, -10), (-1, 10)),
}


def grid(figure_id):
    return np.arange(-5, 10, 0.1) if figure_id == "nn18" else np.arange(-5, 5, 0.1)


def expected_curves(figure_id):
    """The article's computation for a figure, written the way the article writes it."""
    act_name, neurons, _shows, second, _ylim = TABLE[figure_id]
    act = ACT[act_name]
    x = grid(figure_id)

    def neuron(x, w, b):
        return act(w * x - b)

    ys = [neuron(x, w, b) for w, b, _ in neurons]
    total = ys[0]
    for y in ys[1:]:
        total = total + y
    deep = neuron(total, *second) if second else None
    return {"x": x, "neurons": ys, "sum": total, "deep": deep}


# The article's printed values at x = 0 (six decimals).
AT_ZERO = {
    ("nn9", "sum"): 1.167725,
    ("nn10", "sum"): 2.131752,
    ("nn11", "deep"): 0.893951,
    ("nn15", "deep"): 7.0,
    ("nn17", "sum"): 2.809057,
    ("nn18", "deep"): 7.190935,
}
