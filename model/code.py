"""Copy as code: a short Python script that redraws the current figure with numpy and matplotlib.

The article's own tools, so a learner can take the figure away and keep changing it. The script
is written from validated values only: every number as ``repr`` of a finite float (the shortest
text that reads back as the same float), the activation's name and function from this module's
table keyed by the registry, colours re-checked as ``#rrggbb`` and every string written as a
literal proven to read back as itself. Nothing a user typed is pasted into it: there is
nothing a user could type that would become code.

Its arrays equal ``Network.curves()`` to the last few bits: each activation below is the model's
numerically stable form, operation for operation (tests/test_code.py runs the scripts).
"""

from __future__ import annotations

import ast
import json
import math
import re

from .activations import get_activation
from .article import FREE, PRESETS, is_edited
from .network import Network
from .view import View

#: Each activation as a short numpy function, named as the registry names it. Stable forms: the
#: textbook ``1 / (1 + np.exp(-z))`` overflows (and warns) for large negative z.
PY_FORMS: dict[str, str] = {
    "sigmoid": '''
def sigmoid(z):
    """1 / (1 + e^-z), written so that e is never raised to a positive power."""
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))
''',
    "relu": """
def relu(z):
    return np.maximum(0.0, z)
""",
    "mish": '''
def mish(z):
    """z * tanh(ln(1 + e^z)); np.logaddexp(0, z) is ln(1 + e^z) without overflow."""
    return z * np.tanh(np.logaddexp(0.0, z))
''',
    "tanh": """
def tanh(z):
    return np.tanh(z)
""",
    "leaky_relu": """
def leaky_relu(z):
    return np.where(z > 0, z, 0.01 * z)
""",
    "elu": '''
def elu(z):
    """z for z > 0, else e^z - 1 (expm1 is exact near 0)."""
    return np.where(z > 0, z, np.expm1(np.minimum(z, 0.0)))
''',
    "gelu": '''
def gelu(z):
    """GELU, the tanh approximation used by BERT and GPT-2:
    0.5 z (1 + tanh(u)) with u = sqrt(2/pi) (z + 0.044715 z^3), written as z * sigmoid(2u)."""
    c = np.clip(z, -1000.0, 1000.0)
    v = 1.5957691216057308 * (c + 0.044715 * c * c * c)
    e = np.exp(-np.abs(v))
    return z * np.where(v >= 0, 1 / (1 + e), e / (1 + e))
''',
    "silu": '''
def silu(z):
    """SiLU (Swish): z * sigmoid(z)."""
    e = np.exp(-np.abs(z))
    return z * np.where(z >= 0, 1 / (1 + e), e / (1 + e))
''',
    "softplus": '''
def softplus(z):
    """ln(1 + e^z) without overflow."""
    return np.logaddexp(0.0, z)
''',
    "step": '''
def step(z):
    """The Heaviside step: 1 for z > 0, 0 for z < 0, and 1/2 at exactly 0."""
    return np.where(z > 0, 1.0, np.where(z < 0, 0.0, 0.5))
''',
    "gaussian": '''
def gaussian(z):
    """e^(-z^2) (z clipped first: squaring a huge z would overflow, e^-1e6 is 0 anyway)."""
    c = np.clip(z, -1000.0, 1000.0)
    return np.exp(-(c * c))
''',
    "sine": """
def sine(z):
    return np.sin(z)
""",
    "identity": """
def identity(z):
    return z
""",
}

#: Each activation's derivative, for the derivative view (``View.slope``): the model's forms
#: (``model.activations``), written with numpy alone. ``e / ((1 + e) * (1 + e))`` is σ′ with
#: e = e^-|z|, never cancelling as σ(1 − σ) does.
PY_SLOPES: dict[str, str] = {
    "sigmoid": """
def sigmoid_slope(z):
    e = np.exp(-np.abs(z))
    return e / ((1 + e) * (1 + e))
""",
    "relu": """
def relu_slope(z):
    return (z > 0).astype(float)  # 0 at the kink, as the left side
""",
    "mish": """
def mish_slope(z):
    t = np.tanh(np.logaddexp(0.0, z))
    e = np.exp(-np.abs(z))
    s = np.where(z >= 0, 1 / (1 + e), e / (1 + e))
    return t + z * (1 - t * t) * s
""",
    "tanh": '''
def tanh_slope(z):
    """1 - tanh(z)^2, as 4e / (1 + e)^2 with e = e^-2|z| (no cancellation)."""
    h = np.exp(-np.abs(z))
    e = h * h
    return 4 * e / ((1 + e) * (1 + e))
''',
    "leaky_relu": """
def leaky_relu_slope(z):
    return np.where(z > 0, 1.0, 0.01)
""",
    "elu": """
def elu_slope(z):
    return np.where(z > 0, 1.0, np.exp(np.minimum(z, 0.0)))
""",
    "gelu": """
def gelu_slope(z):
    c = np.clip(z, -1000.0, 1000.0)
    v = 1.5957691216057308 * (c + 0.044715 * c * c * c)
    e = np.exp(-np.abs(v))
    s = np.where(v >= 0, 1 / (1 + e), e / (1 + e))
    dv = 1.5957691216057308 * (1 + 3 * 0.044715 * c * c)
    return s + z * (e / ((1 + e) * (1 + e))) * dv
""",
    "silu": """
def silu_slope(z):
    e = np.exp(-np.abs(z))
    s = np.where(z >= 0, 1 / (1 + e), e / (1 + e))
    return s + z * (e / ((1 + e) * (1 + e)))
""",
    "softplus": """
def softplus_slope(z):
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))
""",
    "step": """
def step_slope(z):
    return np.zeros_like(z)  # flat on both sides of its jump
""",
    "gaussian": """
def gaussian_slope(z):
    c = np.clip(z, -1000.0, 1000.0)
    return -2 * c * np.exp(-(c * c))
""",
    "sine": """
def sine_slope(z):
    return np.cos(z)
""",
    "identity": """
def identity_slope(z):
    return np.ones_like(z)
""",
}

_COLOR = re.compile(r"#[0-9a-fA-F]{6}")


def _num(value) -> str:
    """A finite float as Python source."""
    v = float(value)
    if not math.isfinite(v):
        raise ValueError(f"not a finite number: {v!r}")
    return repr(v)


def _text(value: str) -> str:
    """A string literal (double-quoted), proven to read back as ``value``."""
    literal = json.dumps(value, ensure_ascii=False)
    if ast.literal_eval(literal) != value:
        raise ValueError("a string that does not survive as a literal")
    return literal


def _color(value) -> str:
    if not isinstance(value, str) or not _COLOR.fullmatch(value):
        raise ValueError("not a #rrggbb colour")
    return _text(value)


def to_python(network: Network, view: View | None = None) -> str:
    """A script that draws ``network`` as ``view`` shows it (everything, by default)."""
    view = view if view is not None else View()
    name = get_activation(network.activation).name  # a registry name, never the caller's text
    shown = view.shown(network)
    title = PRESETS[view.figure].title  # the article's words (ours for free play), not a user's
    if view.figure != FREE:
        title = f"{view.figure}: {title}" + (", edited" if is_edited(network, view.figure) else "")
    colors, sum_color, deep_color = view.colors(network)  # the palette the page draws in
    neurons = "".join(
        f"    ({_num(n.weight)}, {_num(n.bias)}, {_color(c)}, {bool(shown[f'n{i}'])!r}),\n"
        for i, (n, c) in enumerate(zip(network.neurons, colors, strict=True))
    )
    start, stop, step = (_num(v) for v in network.grid)
    second = network.second
    lines = [
        "# A network from nnshape, drawn with numpy and matplotlib alone.",
        "# A neuron computes act(w * x - b): the bias is subtracted. The hidden layer adds its",
        "# neurons; the second layer is one more neuron on that sum.",
        "import matplotlib.pyplot as plt",
        "import numpy as np",
        "",
        PY_FORMS[name].rstrip(),
        "",
        "",
        "def neuron(x, w, b):",
        f"    return {name}(w * x - b)",
        "",
        "",
        f"x = np.arange({start}, {stop}, {step})",
        "# (weight, bias, colour, drawn?) for each hidden neuron",
        f"neurons = [\n{neurons}]",
    ]
    if network.hidden.output_weights:
        weights = ", ".join(_num(n.output_weight) for n in network.neurons)
        lines += [
            "# Output weights: each neuron's curve is v * act(w * x - b); the sum adds c.",
            f"v = [{weights}]",
            f"c = {_num(network.hidden.output_bias)}",
            "ys = [vi * neuron(x, w, b) for vi, (w, b, _, _) in zip(v, neurons)]",
        ]
    else:
        lines.append("ys = [neuron(x, w, b) for w, b, _, _ in neurons]")
    lines += [
        "total = ys[0]",
        "for y in ys[1:]:",
        "    total = total + y  # left to right, as the article adds n1 + n2 + n3",
    ]
    if network.hidden.output_weights:
        lines.append("total = total + c")
    if second.enabled:
        lines += [
            f"w2, b2 = {_num(second.weight)}, {_num(second.bias)}",
            "deep = neuron(total, w2, b2)",
        ]
    else:
        lines.append("deep = None  # the second layer is off")
    lines += [
        "",
        "for i, ((w, b, color, drawn), y) in enumerate(zip(neurons, ys)):",
        "    if drawn:",
        '        plt.plot(x, y, color=color, label=f"neuron {i + 1}")',
    ]
    if shown["sum"]:
        lines.append(f'plt.plot(x, total, color={_color(sum_color)}, label="sum")')
    if shown["deep"]:
        lines.append(f'plt.plot(x, deep, color={_color(deep_color)}, label="second layer")')
    if not view.y_auto and view.ylim is not None:
        low, high = view.ylim
        lines.append(f"plt.ylim({_num(low)}, {_num(high)})")
    lines += [
        f"plt.title({_text(title)})",
        'plt.xlabel("x")',
        "plt.grid(True)",
        "if 0 < len(plt.gca().get_lines()) <= 10:",
        '    plt.legend(loc="upper left")',
    ]
    if view.slope:
        lines += _slope_lines(network, name, shown, (sum_color, deep_color))
    lines += ["plt.show()", ""]
    return "\n".join(lines)


def _slope_lines(network: Network, name: str, shown: dict, colors: tuple) -> list[str]:
    """The derivative view as ``model.calculus.derivatives`` computes it, in a figure of its own."""
    sum_color, deep_color = colors
    share = f"w * {name}_slope(w * x - b)"
    lines = [
        "",
        "# The derivative view: dy/dx. Each neuron's share is w * act'(w * x - b); the sum's slope",
        "# adds them; the second layer's is w2 * act'(w2 * total - b2) * (the sum's slope).",
        PY_SLOPES[name].rstrip(),
        "",
        "",
    ]
    if network.hidden.output_weights:
        lines.append(f"shares = [vi * ({share}) for vi, (w, b, _, _) in zip(v, neurons)]")
    else:
        lines.append(f"shares = [{share} for w, b, _, _ in neurons]")
    lines += ["slope = shares[0]", "for s in shares[1:]:", "    slope = slope + s"]
    if network.second.enabled:
        lines.append(f"deep_slope = w2 * {name}_slope(w2 * total - b2) * slope")
    else:
        lines.append("deep_slope = None  # the second layer is off")
    lines += [
        "plt.figure()",
        "for i, ((w, b, color, drawn), y) in enumerate(zip(neurons, shares)):",
        "    if drawn:",
        '        plt.plot(x, y, color=color, label=f"neuron {i + 1}")',
    ]
    if shown["sum"]:
        lines.append(f'plt.plot(x, slope, color={_color(sum_color)}, label="sum")')
    if shown["deep"]:
        lines.append(f'plt.plot(x, deep_slope, color={_color(deep_color)}, label="second layer")')
    lines += [
        'plt.title("Slope dy/dx")',
        'plt.xlabel("x")',
        "plt.grid(True)",
        "if 0 < len(plt.gca().get_lines()) <= 10:",
        '    plt.legend(loc="upper left")',
    ]
    return lines
