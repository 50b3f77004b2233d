"""The project's commands run as a person runs them: ``nnshape …`` and a benchmark's quick mode.

Each runs this interpreter from the checkout (``python -m …``, so the checkout's code is what
runs, installed or not) as a subprocess, and returns the finished process: its exit status,
stdout and stderr, as text, for the caller to check.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .serve import ROOT


def python_m(module: str, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """``python -m module args…`` from the checkout."""
    return subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def nnshape(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """The ``nnshape`` command line (``dashboard.cli``) with ``args``."""
    return python_m("dashboard.cli", *args, timeout=timeout)


def export_html(figure_id: str, out: Path) -> Path:
    """``nnshape export --figure figure_id -o out``: the standalone HTML file, checked written."""
    done = nnshape("export", "--figure", figure_id, "-o", str(out))
    assert done.returncode == 0, done.stderr
    return out


def quick_benchmark(name: str, *args: str, timeout: float) -> subprocess.CompletedProcess[str]:
    """``python -m benchmarks.<name> --quick args…``: a benchmark's quick mode, as CI runs it."""
    return python_m(f"benchmarks.{name}", "--quick", *args, timeout=timeout)
