"""What the notebook path relies on in Panel, checked without a notebook.

The real thing, a JupyterLab cell offline, is tests/ui/test_notebook.py; these pin the Panel
behaviour the dashboard works around, so that an upgrade that changes it fails here first.
"""

import panel as pn
from bokeh.document import Document
from bokeh.models import InlineStyleSheet

import dashboard.notebook as notebook
from dashboard.notebook import Text, ensure_extension, in_kernel


def rendered(pane):
    """The pane's Bokeh model with inline stylesheets, as Panel leaves it in an inline notebook."""
    model = pane.get_root(Document())
    inline = InlineStyleSheet(css=".x {}")
    model.stylesheets = [inline]
    return model, inline


def test_panel_resends_stylesheets_when_html_text_changes():
    # The Panel behaviour behind Text: if this fails, Panel stopped doing it and Text can go.
    pane = pn.pane.HTML("<p>old</p>")
    model, inline = rendered(pane)
    pane.object = "<p>new</p>"
    assert list(model.stylesheets) != [inline]


def test_text_keeps_its_stylesheets_when_its_text_changes():
    pane = Text("<p>old</p>")
    model, inline = rendered(pane)
    pane.object = "<p>new</p>"
    assert "new" in model.text
    assert list(model.stylesheets) == [inline]


def test_the_extension_is_loaded_into_each_page_a_kernel_serves(monkeypatch):
    """A reloaded tab is a new Jupyter client: its page has no BokehJS until loaded again."""
    loads, client = [], {"id": "page-1"}
    monkeypatch.setattr(notebook, "in_kernel", lambda: True)
    monkeypatch.setattr(notebook, "_client", lambda: client["id"])
    monkeypatch.setattr(notebook, "extension_loaded", lambda: bool(loads))
    monkeypatch.setattr(notebook, "_loaded_into", None)
    monkeypatch.setattr(pn, "extension", lambda **kw: loads.append((client["id"], kw)))
    ensure_extension()
    ensure_extension()  # the same page: once is enough
    assert loads == [("page-1", {"inline": True})]
    client["id"] = "page-2"  # the tab was reloaded
    ensure_extension()
    ensure_extension()
    assert loads == [("page-1", {"inline": True}), ("page-2", {"inline": True})]


def test_outside_a_kernel_nothing_is_loaded(monkeypatch):
    assert not in_kernel()
    calls = []
    monkeypatch.setattr(pn, "extension", lambda **kw: calls.append(kw))
    ensure_extension()
    assert calls == []
