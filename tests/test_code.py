"""Copy as code (model.code): the generated scripts run, draw what the view shows, and compute the
model's curves to 1e-12; they hold nothing but validated numbers, colours and our own words."""

import ast
import os
import random
import re
import runpy
import subprocess
import sys

import matplotlib.pyplot as plt
import numpy as np
import pytest

from model import ACTIVATIONS, MAX_NEURONS, WEIGHT_LIMIT, Network, View
from model.article import FIGURES, PRESETS
from model.code import PY_FORMS, _color, _num, to_python

plt.switch_backend("Agg")  # headless; the scripts' plt.show() is replaced in ``run``


def run(script: str, path, monkeypatch) -> tuple[dict, list, tuple]:
    """Run ``script`` in this process: its globals, its lines (colour, x, y) and its y-limits."""
    path.write_text(script, encoding="utf-8")
    monkeypatch.setattr(plt, "show", lambda *args, **kwargs: None)
    plt.close("all")
    try:
        scope = runpy.run_path(str(path), run_name="__main__")
        ax = plt.gca()
        lines = [(ln.get_color(), ln.get_xdata(), ln.get_ydata()) for ln in ax.get_lines()]
        return scope, lines, ax.get_ylim()
    finally:
        plt.close("all")


def assert_close(got, want):
    scale = max(1.0, float(np.max(np.abs(want))))
    np.testing.assert_allclose(got, want, rtol=0, atol=1e-12 * scale)


def check(net: Network, view: View, path, monkeypatch) -> None:
    scope, lines, ylim = run(to_python(net, view), path, monkeypatch)
    c = net.curves()
    np.testing.assert_array_equal(scope["x"], c["x"])
    assert len(scope["ys"]) == len(c["neurons"])
    for got, want in zip(scope["ys"], c["neurons"], strict=True):
        assert_close(got, want)
    assert_close(scope["total"], c["sum"])
    if c["deep"] is None:
        assert scope["deep"] is None
    else:
        assert_close(scope["deep"], c["deep"])
    # What is drawn: the view's curves, in their colours, neurons first.
    shown = view.shown(net)
    colors, sum_color, deep_color = view.colors(net)  # the palette switch's, as the page's
    want = list(zip(colors, c["neurons"], strict=True))
    want = [w for i, w in enumerate(want) if shown[f"n{i}"]]
    if shown["sum"]:
        want.append((sum_color, c["sum"]))
    if shown["deep"]:
        want.append((deep_color, c["deep"]))
    assert [color for color, _, _ in lines] == [color for color, _ in want]
    for (_, x, y), (_, y_want) in zip(lines, want, strict=True):
        np.testing.assert_array_equal(x, c["x"])
        assert_close(y, y_want)
    if not view.y_auto and view.ylim is not None:
        assert ylim == tuple(view.ylim)


@pytest.mark.parametrize("figure_id", list(FIGURES))
def test_every_figure_redraws_with_numpy_and_matplotlib(figure_id, tmp_path, monkeypatch):
    net = FIGURES[figure_id].network()
    view = View.for_figure(figure_id, len(net.neurons))
    check(net, view, tmp_path / f"{figure_id}.py", monkeypatch)
    assert f"{figure_id}: {PRESETS[figure_id].title}" in to_python(net, view)


def value(rng: random.Random) -> float:
    kind = rng.randrange(5)
    if kind == 0:
        return rng.choice([WEIGHT_LIMIT, -WEIGHT_LIMIT, 0.0, -0.0, 5e-324, 0.1 + 0.2, 1e-5])
    if kind == 1:
        return rng.uniform(-WEIGHT_LIMIT, WEIGHT_LIMIT)
    return round(rng.uniform(-10, 10), rng.choice([1, 2, 17]))


def random_case(rng: random.Random) -> tuple[Network, View]:
    count = rng.choice([1, 2, 3, 5, 12, MAX_NEURONS])
    net = Network()
    net.configure(
        activation=rng.choice(list(ACTIVATIONS)),
        neurons=[(value(rng), value(rng), f"#{rng.getrandbits(24):06x}") for _ in range(count)],
        second=(value(rng), value(rng)),
        second_enabled=rng.random() < 0.5,
        grid=rng.choice([(-5.0, 5.0, 0.1), (-3.3, 7.1, 0.37), (-1e6, 1e6, 2.5e3), (0.0, 1.0, 0.5)]),
    )
    if rng.random() < 0.3:  # output weights, as a document or a link may carry them
        net.configure(output_weights=True, output=([value(rng) for _ in range(count)], value(rng)))
    low = rng.uniform(-100, 0)
    view = View(
        ylim=(low, low + rng.uniform(1e-3, 1e3)),
        y_auto=rng.random() < 0.5,
        hidden=sorted(rng.sample(range(count), rng.randint(0, count))),
        show_sum=rng.random() < 0.7,
        show_deep=rng.random() < 0.7,
        safe_colors=rng.random() < 0.3,
    )
    return net, view


def test_random_networks_and_views(tmp_path, monkeypatch):
    rng = random.Random(14)
    for i in range(40):
        net, view = random_case(rng)
        check(net, view, tmp_path / f"random{i}.py", monkeypatch)


def test_the_script_runs_on_its_own_without_a_warning(tmp_path):
    """In a fresh interpreter, warnings as errors: numpy and matplotlib are all it needs."""
    net = Network()
    net.configure(
        activation="gelu",
        neurons=[(1e6, -1e6), (-1e6, 1e6)],
        second=(1e6, 1e6),
        second_enabled=True,
        grid=(-1e6, 1e6, 1e4),
    )
    for name, script in {"nn18": FIGURES["nn18"].network(), "extreme": net}.items():
        path = tmp_path / f"{name}.py"
        path.write_text(to_python(script), encoding="utf-8")
        done = subprocess.run(
            [sys.executable, "-W", "error", "-W", "ignore:FigureCanvasAgg is non-interactive",
             str(path)],
            cwd=tmp_path, capture_output=True, text=True, timeout=120,
            env={**os.environ, "MPLBACKEND": "Agg"},
        )  # fmt: skip
        assert done.returncode == 0, done.stderr


def script_strings(script: str) -> tuple[set[str], set[str]]:
    """The modules a script imports and every string constant in it."""
    tree = ast.parse(script)
    imports = {
        a.name for node in ast.walk(tree) if isinstance(node, ast.Import) for a in node.names
    }
    imports |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    strings = {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }
    return imports, strings


def test_scripts_hold_only_validated_values_and_our_own_words():
    docstrings = set()
    for source in PY_FORMS.values():
        docstrings |= script_strings(source)[1]
    ours = docstrings | {"x", "sum", "second layer", "upper left", "neuron "}
    titles = {f"{k}: {f.title}" for k, f in FIGURES.items()} | {PRESETS["free"].title}
    titles |= {f"{t}, edited" for t in titles}
    rng = random.Random(7)
    cases = [(f.network(), View.for_figure(k, len(f.neurons))) for k, f in FIGURES.items()]
    cases += [random_case(rng) for _ in range(20)]
    for net, view in cases:
        imports, strings = script_strings(to_python(net, view))
        assert imports == {"matplotlib.pyplot", "numpy"}
        for s in strings - ours - titles:
            assert re.fullmatch(r"#[0-9a-f]{6}", s), s


def test_the_forms_cover_the_registry_and_refuse_what_is_not_a_value():
    assert list(PY_FORMS) == list(ACTIVATIONS)
    for name, source in PY_FORMS.items():
        assert f"\ndef {name}(z):\n" in source
    for bad in (float("nan"), float("inf"), "1; import os"):
        with pytest.raises(ValueError):
            _num(bad)
    for bad in ('#fff"); import os; ("', "red", "#ff0000\n", None):
        with pytest.raises(ValueError):
            _color(bad)


def test_the_derivative_view_redraws_its_slopes_too(tmp_path, monkeypatch):
    """With the slope view on, a second figure draws dy/dx: its arrays are
    ``model.calculus.derivatives`` to 1e-12, for every activation, with and without output
    weights and the second layer; the first figure is unchanged."""
    from model.calculus import derivatives

    rng = random.Random(16)
    cases = []
    for i, name in enumerate(ACTIVATIONS):
        net, view = random_case(rng)
        net.configure(activation=name, second_enabled=i % 2 == 0)
        view.slope = True
        cases.append((net, view))
    for i, (net, view) in enumerate(cases):
        path = tmp_path / f"slope{i}.py"
        path.write_text(to_python(net, view), encoding="utf-8")
        monkeypatch.setattr(plt, "show", lambda *args, **kwargs: None)
        plt.close("all")
        try:
            scope = runpy.run_path(str(path), run_name="__main__")
            assert plt.get_fignums() == [1, 2]
            curves_lines = len(plt.figure(1).axes[0].get_lines())
            lines = [(ln.get_color(), ln.get_ydata()) for ln in plt.figure(2).axes[0].get_lines()]
        finally:
            plt.close("all")
        d = derivatives(net)
        for got, want in zip(scope["shares"], d["neurons"], strict=True):
            assert_close(got, want)
        assert_close(scope["slope"], d["sum"])
        if d["deep"] is None:
            assert scope["deep_slope"] is None
        else:
            assert_close(scope["deep_slope"], d["deep"])
        shown = view.shown(net)
        colors, sum_color, deep_color = view.colors(net)
        pairs = zip(colors, d["neurons"], strict=True)
        want = [(c, y) for j, (c, y) in enumerate(pairs) if shown[f"n{j}"]]
        want += [(sum_color, d["sum"])] if shown["sum"] else []
        want += [(deep_color, d["deep"])] if shown["deep"] else []
        assert [c for c, _ in lines] == [c for c, _ in want]
        assert curves_lines == len(want)  # the same curves, in the first figure
        for (_, y), (_, y_want) in zip(lines, want, strict=True):
            assert_close(y, y_want)
