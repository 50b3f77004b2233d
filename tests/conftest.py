import os
import sys

import pytest

# Tests import the project from the checkout, whether or not it is installed.
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)


@pytest.fixture(scope="module")
def served_doc():
    """The Bokeh document a served session of figure nn11 builds (``build_session``, as the
    server runs it), one per test module: its tests may leave it changed."""
    from bokeh.document import Document
    from panel.io.state import set_curdoc

    from dashboard.server import build_session

    document = Document()
    with set_curdoc(document):
        build_session("nn11")
    return document
