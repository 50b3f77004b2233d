"""What lets the server give memory back once sessions end (see ``benchmarks.load``).

``nnshape serve`` restarts itself on glibc's malloc (Python's arenas stay pinned by a few
long-lived objects; glibc's freed pages are returned by ``malloc_trim``), and HoloViews'
extension is loaded once per process, not once per session.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from harness.serve import free_port, nnshape_serve, running


def _glibc() -> bool:
    try:
        return (os.confstr("CS_GNU_LIBC_VERSION") or "").startswith("glibc")
    except (AttributeError, ValueError, OSError):
        return False


def _environ(pid: int) -> dict[str, str]:
    raw = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    return dict(item.decode().split("=", 1) for item in raw if b"=" in item)


def _served_environ(tmp_path, env: dict[str, str]) -> dict[str, str]:
    port = free_port()
    with running(nnshape_serve(port), port, tmp_path / "serve.log", env=env) as proc:
        return _environ(proc.pid)


@pytest.mark.skipif(not _glibc(), reason="the allocator switch is for Linux with glibc")
def test_serve_runs_on_glibc_malloc_unless_told_otherwise(tmp_path, monkeypatch):
    monkeypatch.delenv("PYTHONMALLOC", raising=False)
    assert _served_environ(tmp_path, {}).get("PYTHONMALLOC") == "malloc"
    kept = _served_environ(tmp_path, {"PYTHONMALLOC": "pymalloc"})
    assert kept.get("PYTHONMALLOC") == "pymalloc"
