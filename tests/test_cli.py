"""The nnshape command line: one-line errors with status 2, CSV curves, HTML export.

(Over 300 lines on purpose: every command, its errors and its output, in one place.)
"""

import os
import subprocess
import sys

import numpy as np
import pytest

from harness.commands import nnshape
from harness.serve import ROOT
from model.article import figure


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["fly"],
        ["serve", "--figure", "nn14"],
        ["serve", "--port", "eighty"],
        ["serve", "--port", "70000"],
        ["export", "--figure", "nn9"],  # no -o
        ["export", "--figure", "<script>", "-o", "x.html"],
        ["curves", "--figure", "nn9", "--bogus"],
        ["fit", "--target", "().__class__", "-o", "-"],
        ["fit", "--target", "sin(x)", "--activation", "step", "-o", "-"],
        ["export", "--figure", "nn9", "--format", "exe", "-o", "x"],
    ],
    ids=repr,
)
def test_bad_arguments_give_one_line_and_status_2(args):
    done = nnshape(*args)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    error_lines = [line for line in done.stderr.splitlines() if "error" in line]
    assert len(error_lines) == 1, done.stderr


def test_curves_prints_the_figures_numbers_as_csv():
    done = nnshape("curves", "--figure", "nn11")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "x,neuron1,neuron2,neuron3,sum,deep"
    table = np.array([[float(v) for v in line.split(",")] for line in lines[1:]])
    c = figure("nn11").curves()
    np.testing.assert_array_equal(table[:, 0], c["x"])
    np.testing.assert_array_equal(table[:, 4], c["sum"])
    np.testing.assert_array_equal(table[:, 5], c["deep"])


def test_export_writes_a_self_contained_file(tmp_path):
    out = tmp_path / "nn12.html"
    done = nnshape("export", "--figure", "nn12", "-o", str(out))
    assert done.returncode == 0, done.stderr
    text = out.read_text(encoding="utf-8")
    assert "<script src=" not in text and "<link" not in text
    assert "ReLU sums are angular and convex" in text
    assert 'class=\\"nn-diagram' in text  # inside the document's JSON


def test_export_to_an_unwritable_place_is_one_line(tmp_path):
    done = nnshape("export", "--figure", "nn9", "-o", str(tmp_path / "no" / "such" / "dir.html"))
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0
    assert "cannot write" in done.stderr


def test_readme_has_exactly_the_two_setup_commands_and_ci_runs_the_test_one():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme.count("<!-- run-command -->") == 1
    assert readme.count("<!-- test-command -->") == 1
    block = readme.split("<!-- test-command -->")[1].split("```")[1]
    command = block.removeprefix("sh\n").strip()
    assert command.endswith("python -m pytest")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "<!-- test-command -->" in ci
    run = readme.split("<!-- run-command -->")[1].split("```")[1].removeprefix("sh\n").strip()
    assert run.endswith("nnshape serve")


# -- export --format json, serve --load ------------------------------------------------------

NAN_DOCUMENT = """{"schema": "nnshape.network", "version": 1, "network": {"activation": "relu",
 "neurons": [{"weight": NaN, "bias": 0.0, "color": "#ff0000"}],
 "second": {"enabled": false, "weight": 1.0, "bias": 0.0},
 "grid": {"start": -5.0, "stop": 5.0, "step": 0.1}}}"""


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda tmp: tmp / "missing.json", "No such file"),
        (lambda tmp: tmp, "directory"),
        (
            lambda tmp: _write(tmp, "broken.json", '{"schema": "nnshape.network", '),
            "not valid JSON",
        ),
        (lambda tmp: _write(tmp, "nan.json", NAN_DOCUMENT), "NaN"),
        (lambda tmp: _write(tmp, "big.json", '{"a": "' + "x" * 2_000_000 + '"}'), "too large"),
        (
            lambda tmp: _write(tmp, "future.json", '{"schema": "nnshape.network", "version": 9}'),
            "newer nnshape",
        ),
        (lambda tmp: _write(tmp, "list.json", "[1, 2, 3]"), "JSON object"),
        (lambda tmp: _write(tmp, "empty.json", ""), "not valid JSON"),
    ],
    ids=["missing", "directory", "malformed", "nan", "2MB", "future-version", "list", "empty"],
)
def test_serve_load_refuses_a_bad_file_in_one_line_with_status_2(tmp_path, make, reason):
    path = make(tmp_path)
    done = nnshape("serve", "--port", "0", "--load", str(path), timeout=60)
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith(f"nnshape serve: cannot load {path}: "), lines[0]
    assert reason in lines[0], lines[0]
    assert done.stdout == ""  # refused before the server started


def test_serve_load_with_figure_too_is_a_usage_error():
    done = nnshape("serve", "--figure", "nn9", "--load", "x.json")
    assert done.returncode == 2
    assert [line for line in done.stderr.splitlines() if "error" in line] == [
        "nnshape serve: error: argument --load: not allowed with argument --figure"
    ]


@pytest.mark.parametrize("figure_id", ["nn9", "nn11", "free"])
def test_export_json_round_trips_the_figures_numbers(tmp_path, figure_id):
    from model import Network
    from model.state import default_view, load_json

    out = tmp_path / f"{figure_id}.json"
    done = nnshape("export", "--format", "json", "--figure", figure_id, "-o", str(out))
    assert done.returncode == 0, done.stderr
    loaded = load_json(out.read_bytes())
    want = figure(figure_id) if figure_id != "free" else Network()
    got, expected = loaded.network.curves(), want.curves()
    np.testing.assert_array_equal(got["x"], expected["x"])
    np.testing.assert_array_equal(got["sum"], expected["sum"])
    assert len(got["neurons"]) == len(expected["neurons"])
    for a, b in zip(got["neurons"], expected["neurons"], strict=True):
        np.testing.assert_array_equal(a, b)
    if expected["deep"] is None:
        assert got["deep"] is None
    else:
        np.testing.assert_array_equal(got["deep"], expected["deep"])
    for mine, theirs in zip(loaded.network.neurons, want.neurons, strict=True):
        assert (mine.weight, mine.bias, mine.color) == (theirs.weight, theirs.bias, theirs.color)
    assert loaded.network.activation == want.activation
    assert loaded.view == default_view(figure_id, len(want.neurons))
    assert loaded.notices == []


def test_export_json_to_stdout_is_the_document_alone():
    from model.state import load_json

    done = nnshape("export", "--format", "json", "--figure", "nn12", "-o", "-")
    assert done.returncode == 0, done.stderr
    loaded = load_json(done.stdout)
    np.testing.assert_array_equal(loaded.network.curves()["sum"], figure("nn12").curves()["sum"])


def test_export_json_then_serve_load_accepts_it(tmp_path):
    """The file export writes passes --load's checks (the server itself is tested in tests/ui)."""
    from dashboard.cli import read_document

    out = tmp_path / "nn16.json"
    assert nnshape("export", "--format", "json", "--figure", "nn16", "-o", str(out)).returncode == 0
    assert read_document(out) == out.read_text(encoding="utf-8")


# -- serve: listening, hosts, keys ------------------------------------------------------------


def test_serve_on_a_port_in_use_is_one_line_and_status_2():
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = nnshape("serve", "--port", str(port), timeout=60)
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith(f"nnshape serve: cannot listen on 127.0.0.1:{port}: "), lines[0]
    assert "in use" in lines[0]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--allow-host", "evil host"], "not a host name"),
        (["--allow-host", "x.org:99999"], "port"),
        (["--secret-key", "too-short"], "at least 32 characters"),
        (["--address", "no.such.host.invalid"], "cannot listen on no.such.host.invalid"),
        (["--procs", "0"], "--procs: must be between 1 and"),
        (["--procs", "two"], "--procs: must be a whole number, not 'two'"),
        (["--procs", "100000"], "(the CPUs this machine gives it), not 100000"),
    ],
    ids=[
        "host with a space",
        "host with a bad port",
        "short key",
        "unknown address",
        "no processes",
        "procs in words",
        "more processes than CPUs",
    ],
)
def test_serve_refuses_bad_network_options_in_one_line(args, says):
    done = nnshape("serve", "--port", "0", *args, timeout=60)
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    # One line saying what is wrong (argparse's own errors come after its usage lines).
    lines = [line for line in done.stderr.splitlines() if line.startswith("nnshape serve:")]
    assert len(lines) == 1 and says in lines[0], done.stderr


def test_serve_help_names_the_network_options():
    out = nnshape("serve", "--help").stdout
    for option in ("--address", "--allow-host", "--secret-key", "--trust-proxy", "--procs"):
        assert option in out, option


# -- export: never blocks, never loses the old file ------------------------------------------


def test_export_to_a_fifo_is_refused_at_once(tmp_path):
    import os

    fifo = tmp_path / "pipe.html"
    os.mkfifo(fifo)
    for fmt in ("html", "json"):
        done = nnshape("export", "--format", fmt, "--figure", "nn9", "-o", str(fifo), timeout=60)
        assert done.returncode == 2, done.stderr
        assert done.stderr.strip() == (
            f"nnshape export: cannot write {fifo}: it is not a regular file"
        )


@pytest.mark.parametrize("fmt", ["html", "json"])
def test_a_failed_export_leaves_the_old_file_whole(tmp_path, monkeypatch, capsys, fmt):
    import errno
    import os

    from dashboard import cli

    out = tmp_path / f"nn9.{fmt}"
    out.write_text("the old file", encoding="utf-8")
    out.chmod(0o640)
    written = []

    def full_disk(fd):  # the data reached the page cache, then the disk said no
        written.append(fd)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(cli.os, "fsync", full_disk)
    with pytest.raises(SystemExit) as exited:
        cli.main(["export", "--format", fmt, "--figure", "nn9", "-o", str(out)])
    assert exited.value.code == 2
    assert written, "the failure was not reached"
    err = capsys.readouterr().err
    assert err == f"nnshape export: cannot write {out}: No space left on device\n"
    assert out.read_text(encoding="utf-8") == "the old file"
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]  # no temporary left
    monkeypatch.undo()
    assert cli.main(["export", "--format", fmt, "--figure", "nn9", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") != "the old file"
    assert os.stat(out).st_mode & 0o777 == 0o640  # replaced, keeping its permissions
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]


def test_procs_allows_one_per_cpu_and_no_more():
    from dashboard.cli import build_parser, cpu_count

    parser = build_parser()
    assert parser.parse_args(["serve"]).procs == 1
    assert parser.parse_args(["serve", "--procs", str(cpu_count())]).procs == cpu_count()
    with pytest.raises(SystemExit):
        parser.parse_args(["serve", "--procs", str(cpu_count() + 1)])


def test_export_py_writes_a_script_that_draws_the_figure(tmp_path):
    out = tmp_path / "nn11.py"
    done = nnshape("export", "--figure", "nn11", "--format", "py", "-o", str(out))
    assert done.returncode == 0, done.stderr
    ran = subprocess.run(
        [sys.executable, str(out)], capture_output=True, text=True, timeout=120,
        env={**os.environ, "MPLBACKEND": "Agg"},
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    assert "import numpy as np" in out.read_text()


def test_serve_restarts_on_the_system_allocator_before_loading_anything_heavy():
    """What is loaded before the restart is loaded twice on every start: the command line,
    the standard library and no more (not numpy, the model or a GUI library)."""
    code = (
        "import os, sys\n"
        "def execve(path, args, env):\n"
        "    heavy = {'numpy', 'model', 'panel', 'bokeh', 'param', 'tornado'}\n"
        "    print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in heavy)))\n"
        "    print(env['PYTHONMALLOC'])\n"
        "    os._exit(0)\n"
        "os.execve = execve\n"
        "sys.argv = ['nnshape', 'serve', '--figure', 'nn11', '--port', '0']\n"
        "from dashboard import cli\n"
        "cli.main()\n"
        "print('no restart')\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONMALLOC"}
    glibc = (os.confstr("CS_GNU_LIBC_VERSION") or "") if hasattr(os, "confstr") else ""
    if not glibc.startswith("glibc"):
        pytest.skip("the allocator switch is for Linux with glibc")
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env,
        timeout=120,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == ["", "malloc"]
