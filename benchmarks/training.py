"""Training's benchmarks: what one optimiser step costs, and how well 8 neurons fit each target.

    python -m benchmarks.training            # the full run (about two minutes on one core)
    python -m benchmarks.training --quick    # a few iterations, for CI: it must run, no thresholds

**Step cost.** 64 neurons × 2,000 points, second layer and output weights on (every parameter
trained), for each activation: the median time of one optimiser step, as the ratio to one
``Network.curves()`` on the same network, measured interleaved in one run so that the machine's
load weighs on both alike. Target: ≤ 5×. ``step(20)/20`` is the step itself (the weights are
written back to the network once per call, as the page does once per frame); ``step(1)`` also
pays for writing 64 neurons back.

**Quality.** The final MSE, median over seeds 0–4, 8 neurons, output weights on, the default grid
(Nielsen's: its own), 5,000 Adam steps at the default learning rate from ``Trainer.reset(seed)``.
Required: sin x with tanh ≤ 1e-4, |x| with sigmoid ≤ 5e-4, the step with tanh ≤ 1e-3.

Prints Markdown tables; ``--json FILE`` also writes the raw numbers.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from model.activations import ACTIVATIONS
from model.network import Network
from model.target import SHAPES, Target
from model.training import Trainer

#: (target, activation, required final MSE or None) for the quality table.
QUALITY = (
    ("sin", "tanh", 1e-4),
    ("abs", "sigmoid", 5e-4),
    ("step", "tanh", 1e-3),
    ("square", "tanh", None),
    ("bump", "tanh", None),
    ("sawtooth", "tanh", None),
    ("nielsen", "tanh", None),
)
STEP_TARGET = 5.0


def big_network(activation: str) -> Network:
    net = Network.from_spec(
        {
            "activation": activation,
            "neurons": [(1.0, 0.0)] * 64,
            "second": (1.0, 0.0),
            "second_enabled": True,
            "grid": (-5.0, 5.0, 0.005),  # 2,000 points
            "output_weights": True,
            "output": ([1.0] * 64, 0.0),
        }
    )
    assert len(net.x) == 2000
    return net


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def step_cost(activation: str, repeats: int, batch: int = 20) -> dict:
    net = big_network(activation)
    trainer = Trainer(net, Target.preset("sin"), learning_rate=1e-3)
    trainer.reset(0)
    trainer.step(3)  # warm up
    curves, steps, single = [], [], []
    for _ in range(repeats):  # interleaved: the same load on all three
        curves.append(_timed(net.curves))
        steps.append(_timed(lambda: trainer.step(batch)) / batch)
        single.append(_timed(lambda: trainer.step(1)))
    c = statistics.median(curves)
    s = statistics.median(steps)
    one = statistics.median(single)
    return {
        "activation": activation,
        "curves_ms": c * 1e3,
        "step_ms": s * 1e3,
        "step_ratio": s / c,
        "step1_ms": one * 1e3,
        "step1_ratio": one / c,
        "diverged": str(trainer.diverged) if trainer.diverged else None,
    }


def final_mse(target_id: str, activation: str, seed: int, steps: int) -> float:
    target = Target.preset(target_id)
    grid = target.grid or Network.param.grid.default
    net = Network.from_spec(
        {
            "activation": activation,
            "neurons": [(1.0, 0.0)] * 8,
            "grid": grid,
            "output_weights": True,
            "output": ([1.0] * 8, 0.0),
        }
    )
    trainer = Trainer(net, target, optimiser="adam", seed=seed)
    trainer.reset(seed)
    trainer.step(steps)
    return trainer.loss()


def quality(seeds: range, steps: int, rows=QUALITY) -> list[dict]:
    table = []
    for target_id, activation, required in rows:
        values = [final_mse(target_id, activation, seed, steps) for seed in seeds]
        median = statistics.median(values)
        table.append(
            {
                "target": target_id,
                "activation": activation,
                "median_mse": median,
                "mse_by_seed": values,
                "required": required,
                "met": None if required is None else median <= required,
            }
        )
    return table


def report(costs: list[dict], table: list[dict], steps: int, seeds: range) -> str:
    lines = [
        "### Step cost: 64 neurons × 2,000 points, second layer and output weights on",
        "",
        "| activation | curves() | step (step(20)/20) | ratio | step(1), with write-back | ratio |",
        "|---|---|---|---|---|---|",
    ]
    for c in costs:
        lines.append(
            f"| {c['activation']} | {c['curves_ms']:.2f} ms | {c['step_ms']:.2f} ms | "
            f"{c['step_ratio']:.2f}× | {c['step1_ms']:.2f} ms | {c['step1_ratio']:.2f}× |"
        )
    lines += [
        "",
        f"Target: one step ≤ {STEP_TARGET:g}× one curves().",
        "",
        f"### Quality: final MSE, median over seeds {seeds.start} to {seeds.stop - 1}, 8 neurons, "
        f"output weights on, {steps:,} Adam steps",
        "",
        "| target | activation | median MSE | required | per seed |",
        "|---|---|---|---|---|",
    ]
    for row in table:
        required = "—" if row["required"] is None else f"≤ {row['required']:g}"
        if row["met"] is not None:
            required += " ✓" if row["met"] else " ✗"
        per_seed = ", ".join(f"{v:.2g}" for v in row["mse_by_seed"])
        label = SHAPES[row["target"]].label.replace("|", "\\|")  # |x| inside a table
        lines.append(
            f"| {label} | {row['activation']} | {row['median_mse']:.3g} | {required} | {per_seed} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.training", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a few iterations: must run")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the raw numbers")
    args = parser.parse_args(argv)
    if args.quick:
        repeats, steps, seeds, rows = 3, 100, range(1), QUALITY[:3]
    else:
        repeats, steps, seeds, rows = 41, 5000, range(5), QUALITY
    costs = [step_cost(name, repeats) for name in ACTIVATIONS]
    table = quality(seeds, steps, rows)
    print(report(costs, table, steps, seeds))
    if args.json:
        args.json.write_text(json.dumps({"step_cost": costs, "quality": table}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
