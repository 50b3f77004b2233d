"""Where everything sits: the served page (any screen), and a notebook output.

On a wide screen the controls are a column of their own that scrolls by itself, beside the
caption, the formula, both plots and the diagram, which stay in view. On a phone (under 760 px)
the plots come first and stay at the top of the screen while the controls scroll beneath them:
a learner always sees the curves and the slider they move. Nothing is wider than the screen.
"""

from __future__ import annotations

import json

import panel as pn
from bokeh.models import CustomJS

from .controls import accessibility_callback, accessibility_js
from .notebook import Text, ensure_extension

#: The page's grid. On a wide screen the caption, the formula and the plots share one screen's
#: height beside the controls (the plots take what the text leaves), and the diagram follows.
PAGE_CSS = """
:host {
  display: grid !important;
  height: auto !important;
  grid-template-columns: 360px minmax(0, 1fr);
  grid-template-areas: "controls view" "controls diagram";
  align-items: start;
  column-gap: 16px;
}
.nn-controls {
  grid-area: controls; position: sticky; top: 0;
  max-height: calc(100vh - 90px); overflow-y: auto; overflow-x: hidden;
}
.nn-view { grid-area: view; min-width: 0; height: calc(100vh - 90px); min-height: 520px; }
.nn-diagram { grid-area: diagram; min-width: 0; }
@media (max-width: 760px) {
  :host { display: flex !important; flex-direction: column; height: auto !important; }
  :host > * { flex-shrink: 0; }
  /* The view's parts take their own places: plots first, the caption after the controls. */
  .nn-view { display: contents; }
  .nn-controls { order: 2; position: static; max-height: none; overflow: visible; }
  .nn-diagram { order: 4; }
}
"""

#: Inside the view (caption, formula, plots). On a phone the plots come first and stay at the
#: top of the screen while the controls scroll beneath them.
VIEW_CSS = """
.nn-plots { flex: 1 1 auto; min-height: 320px; }
@media (max-width: 760px) {
  .nn-text { order: 3; }
  .nn-plots { order: 1; position: sticky; top: 0; z-index: 10; background: white;
              flex: 0 0 46vh; height: 46vh; min-height: 0; border-bottom: 1px solid #ccc;
              /* A third plot (the slope's) scrolls into view within the plots' own space. */
              overflow-y: auto; overflow-x: hidden; }
}
"""

#: The document's own: a control that gets the focus on a phone is scrolled to just below the
#: plots that stay on top, never under them (the template scrolls in its ``#main``).
DOCUMENT_CSS = """
@media (max-width: 760px) {
  html, body, #main { scroll-padding-top: calc(46vh + 12px); }
  #header { padding-top: 4px !important; padding-bottom: 4px !important; }
  #header .title { font-size: 1.2rem !important; }
}
"""


def heading(pg, key: str, bold: bool = True, margin=(5, 10, 0, 10)) -> Text:
    """A heading of the controls, in the page's language (and again at each switch)."""
    styles = {"font-weight": "bold"} if bold else {}
    return pg.words.bind(Text("", margin=margin, styles=styles), "object", key)


def controls(pg) -> pn.Column:
    return pn.Column(
        pg.notices.pane,
        pg.language,
        pg.figure_select,
        pg.edit_buttons,
        pg.activation,
        pg.count,
        pg.neuron_picker,
        pg.cards,
        pg.add_button,
        pg.output_controls,
        pn.layout.Divider(),
        heading(pg, "ui.fit.heading"),
        pg.target_controls,
        heading(pg, "ui.train.heading"),
        pg.training_controls,
        pn.layout.Divider(),
        pg.second_switch,
        pg.w2,
        pg.b2,
        pn.layout.Divider(),
        heading(pg, "ui.curves.heading"),
        pg.sum_check,
        pg.deep_check,
        pg.slope_check,
        pg.y_auto_check,
        pg.safe_check,
        pn.layout.Divider(),
        pg.copy_link,
        pg.copy_code,
        pg.download,
        pg.save_json,
        heading(pg, "ui.files.open_heading", bold=False),
        pg.open_json,
        pg.file_notices.pane,
        pg.link_holder,
        sizing_mode="stretch_width",
    )


def text(pg) -> pn.Column:
    return pn.Column(pg.caption, pg.formula, sizing_mode="stretch_width")


def page(pg):
    """The app's page: a responsive grid in Panel's Bootstrap template (no fonts fetched)."""
    parts = controls(pg).objects
    parts.insert(1, pg.walk.panel)  # after the link's notices: the walk, in the served page
    body = pn.Column(
        pn.Column(*parts, css_classes=["nn-controls"], margin=0),
        pn.Column(
            pn.Column(*text(pg).objects, css_classes=["nn-text"], margin=0),
            pn.Column(pg.plots, css_classes=["nn-plots"], margin=0, sizing_mode="stretch_both"),
            css_classes=["nn-view"],
            stylesheets=[VIEW_CSS],
            margin=0,
            # What Panel makes of stretch_width around a stretch_both child anyway (the page's
            # CSS grid sizes it), said outright: no warning in the log for every page.
            sizing_mode="stretch_both",
        ),
        pn.Column(
            heading(pg, "ui.network.heading"),
            pg.diagram,
            pg.depth,
            css_classes=["nn-diagram"],
            margin=0,
        ),
        stylesheets=[PAGE_CSS],
        sizing_mode="stretch_both",
        margin=0,
    )
    template = pn.template.BootstrapTemplate(
        title="nnshape",
        busy_indicator=None,
        main=[body],
        header_background="#2c6e49",
        meta_viewport="width=device-width, initial-scale=1",
    )
    template.config.raw_css.append(DOCUMENT_CSS)
    doc = pn.state.curdoc
    if doc is not None:  # names, focus rings and touch for the page's controls and plots
        doc.js_on_event("document_ready", accessibility_callback())
        # The page's language (the template says "en"); the language menu keeps it so.
        lang = json.dumps(pg.view.lang)
        doc.js_on_event("document_ready", CustomJS(code=f"document.documentElement.lang = {lang};"))
    return template


class AccessibilityInstaller(pn.widgets.TextInput):
    """A hidden box that runs the accessibility layer in a notebook output.

    A notebook output gets no ``document_ready`` (measured in JupyterLab, ``dashboard.plots``):
    once the output is there, the kernel changes this box's value over the comm, and the box's
    callback runs in the page.
    """

    def __init__(self, **params):
        super().__init__(value="0", visible=False, **params)
        self.jscallback(value=accessibility_js())

    def _get_model(self, doc, root=None, parent=None, comm=None):
        model = super()._get_model(doc, root, parent, comm)
        if comm is not None:
            from tornado.ioloop import IOLoop

            IOLoop.current().call_later(0.1, self._install)
        return model

    def _install(self) -> None:
        self.value = str(int(self.value) + 1)


def notebook_layout(pg) -> pn.Row:
    # Every notebook display passes here, a cell's last line and pn.Row(playground) alike.
    ensure_extension()
    return pn.Row(
        pn.Column(controls(pg), AccessibilityInstaller(), width=360),
        pn.Column(
            text(pg),
            pn.Column(pg.plots, height=560, sizing_mode="stretch_width"),
            pn.Column(heading(pg, "ui.network.heading", margin=(5, 10)), pg.diagram),
            pg.depth,
            sizing_mode="stretch_width",
        ),
        sizing_mode="stretch_width",
    )
