"""What the notebook path relies on in Panel, checked without a notebook.

The real thing, a JupyterLab cell offline, is tests/ui/test_notebook.py; these pin the Panel
behaviour the dashboard works around, so that an upgrade that changes it fails here first.
"""

import panel as pn
from bokeh.document import Document
from bokeh.models import InlineStyleSheet

from dashboard.notebook import Notice, Text, ensure_extension, in_kernel


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
    for pane in (Text("<p>old</p>"), Notice("old")):
        model, inline = rendered(pane)
        pane.object = "<p>new</p>"
        assert "new" in model.text
        assert list(model.stylesheets) == [inline]


def test_outside_a_kernel_nothing_is_loaded():
    assert not in_kernel()
    loaded = pn.extension._loaded
    ensure_extension()
    assert pn.extension._loaded == loaded
