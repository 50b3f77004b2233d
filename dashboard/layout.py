"""Where everything sits: the served page (any screen), and a notebook output.

On a wide screen the controls are a column of their own that scrolls by itself, beside the
caption, the formula, both plots and the diagram, which stay in view. On a phone (under 760 px)
the plots come first and stay at the top of the screen while the controls scroll beneath them:
a learner always sees the curves and the slider they move. Nothing is wider than the screen.
"""

from __future__ import annotations

import panel as pn

from .notebook import Text, ensure_extension

PAGE_CSS = """
:host {
  display: grid !important;
  height: auto !important;
  grid-template-columns: 360px minmax(0, 1fr);
  grid-template-areas: "controls text" "controls plots" "controls diagram";
  align-items: start;
  column-gap: 16px;
}
.nn-controls {
  grid-area: controls; position: sticky; top: 0;
  max-height: calc(100vh - 76px); overflow-y: auto; overflow-x: hidden;
}
.nn-text { grid-area: text; min-width: 0; }
.nn-plots { grid-area: plots; min-width: 0; height: 560px; flex: none; max-height: none; }
.nn-diagram { grid-area: diagram; min-width: 0; }
@media (max-width: 760px) {
  :host { display: flex !important; flex-direction: column; height: auto !important; }
  :host > * { flex-shrink: 0; }
  .nn-plots { order: 1; position: sticky; top: 0; z-index: 10; background: white;
              flex: 0 0 48vh; height: 48vh; border-bottom: 1px solid #ccc; }
  .nn-controls { order: 2; position: static; max-height: none; overflow: visible; }
  .nn-text { order: 3; }
  .nn-diagram { order: 4; }
}
"""


def controls(pg) -> pn.Column:
    heading = {"margin": (5, 10, 0, 10)}
    return pn.Column(
        pg.notices.pane,
        pg.figure_select,
        pg.edit_buttons,
        Text("<b>Activation</b>", **heading),
        pg.activation,
        pg.count,
        pg.neuron_picker,
        pg.cards,
        pg.add_button,
        pn.layout.Divider(),
        pg.second_switch,
        pg.w2,
        pg.b2,
        pn.layout.Divider(),
        Text("<b>Curves</b>", **heading),
        pg.sum_check,
        pg.deep_check,
        pg.y_auto_check,
        pn.layout.Divider(),
        pg.copy_link,
        pg.download,
        pg.save_json,
        Text("Open a saved network (JSON):", **heading),
        pg.open_json,
        pg.file_notices.pane,
        pg.link_holder,
        sizing_mode="stretch_width",
    )


def text(pg) -> pn.Column:
    return pn.Column(pg.caption, pg.formula, sizing_mode="stretch_width")


def page(pg):
    """The app's page: a responsive grid in Panel's Bootstrap template (no fonts fetched)."""
    body = pn.Column(
        pn.Column(*controls(pg).objects, css_classes=["nn-controls"], margin=0),
        pn.Column(*text(pg).objects, css_classes=["nn-text"], margin=0),
        pn.Column(pg.plots, css_classes=["nn-plots"], margin=0, sizing_mode="stretch_both"),
        pn.Column(
            Text("<b>Network</b>", margin=(5, 10, 0, 10)),
            pg.diagram,
            css_classes=["nn-diagram"],
            margin=0,
        ),
        stylesheets=[PAGE_CSS],
        sizing_mode="stretch_width",
        margin=0,
    )
    return pn.template.BootstrapTemplate(
        title="nnshape",
        busy_indicator=None,
        main=[body],
        header_background="#2c6e49",
        meta_viewport="width=device-width, initial-scale=1",
    )


def notebook_layout(pg) -> pn.Row:
    # Every notebook display passes here, a cell's last line and pn.Row(playground) alike.
    ensure_extension()
    return pn.Row(
        pn.Column(controls(pg), width=360),
        pn.Column(
            text(pg),
            pn.Column(pg.plots, height=560, sizing_mode="stretch_width"),
            pn.Column(Text("<b>Network</b>"), pg.diagram),
            sizing_mode="stretch_width",
        ),
        sizing_mode="stretch_width",
    )
