"""Browser tests drive Debian's Chromium through Playwright; never a downloaded browser.

Locally, without /usr/bin/chromium, they skip and say how to get it. Under CI=true a missing
browser is a failure: CI must prove the browser tests ran.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

from harness.browser import CHROMIUM, DESKTOP, launch
from harness.commands import export_html
from harness.jupyter import CELL, KERNEL, notebook_json
from harness.serve import free_port, nnshape_serve, running


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.ui)


@pytest.fixture(scope="session")
def browser():
    """The system Chromium, headless, without the background chatter a closed network refuses."""
    if not os.path.exists(CHROMIUM):
        message = f"{CHROMIUM} is missing: install it with `apt-get install -y chromium`"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true and {message}", pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


@pytest.fixture
def context(browser):
    context = browser.new_context(**DESKTOP)
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """``nnshape serve`` on a free loopback port, for the whole test session."""
    port = free_port()
    log = tmp_path_factory.mktemp("server") / "serve.log"
    with running(nnshape_serve(port), port, log):
        yield f"http://127.0.0.1:{port}"


@pytest.fixture(scope="session")
def exported(tmp_path_factory):
    """``exported("nn9")``: the path of ``nnshape export --figure nn9``'s HTML file, written
    once a session per figure (pages open it, none writes to it)."""
    files: dict[str, Path] = {}

    def export(figure_id: str) -> Path:
        if figure_id not in files:
            folder = tmp_path_factory.mktemp("export")
            files[figure_id] = export_html(figure_id, folder / f"{figure_id}.html")
        return files[figure_id]

    return export


@pytest.fixture
def lab_root(tmp_path):
    """A folder holding ``playground.ipynb`` (the README's cell) for ``harness.jupyter``; fails
    under CI=true, and skips elsewhere, when JupyterLab is not installed."""
    if importlib.util.find_spec("jupyterlab") is None:
        message = "JupyterLab is missing: pip install -e '.[test]' installs it"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true and {message}", pytrace=False)
        pytest.skip(message)
    (tmp_path / "playground.ipynb").write_text(notebook_json([CELL], KERNEL))
    return tmp_path
