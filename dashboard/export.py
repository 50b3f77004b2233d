"""A standalone, live HTML file of a Playground: plots, sliders, switches, formula and diagram.

One file, all JavaScript inline, nothing fetched from anywhere: it opens from disk with no server
and no network, and its controls work there. The plots are the same layout, state and page
evaluator as the served page (``dashboard.plots``); the controls are plain Bokeh widgets whose
callbacks write into that state, as the served page's Panel widgets do. Adding or removing
neurons needs the server, and the file says so where the button would be.

The file speaks the playground's language (``playground.view.lang``): ``<html lang>``, every
label, heading and note, the walk's text, the plot titles (``NetState.words``) and why a
target is out of reach; the JSON and the link it carries keep the language too.
"""

from __future__ import annotations

import html
import re
from datetime import datetime, timezone

from bokeh.document import Document
from bokeh.embed import file_html
from bokeh.layouts import column, row
from bokeh.models import Checkbox, CustomJS, Div, Select, Slider
from bokeh.resources import INLINE

from model import ACTIVATIONS
from model.article import preset
from model.lang import language, text
from model.view import View

from .bound import activation_groups
from .controls import accessibility_callback, state_js, swatch
from .diagram import diagram_svg
from .export_code import copy_controls
from .figures import SAFE_NOTE
from .fit_export import output_controls, target_note
from .fit_plot import reach_table, target_values
from .formula import formula_html
from .plots import build, neuron_id
from .walk import file_section as walk_section
from .words import Words

#: Where the file names the command that does what the file cannot.
SERVE = "<code>nnshape serve</code>"


def _with_command(key: str, lang: str, **args) -> str:
    """``key``'s text escaped, its ``{command}`` the ``nnshape serve`` command as code."""
    marker = "\x00command\x00"
    return html.escape(text(key, lang, command=marker, **args)).replace(marker, SERVE)


def neuron_label(lang: str, n: int, key: str) -> str:
    """A neuron's slider title, e.g. "Neuron 1 weight w", in ``lang``."""
    return text("ui.number.aria", lang, subject=text("ui.card.neuron", lang, n=n),
                label=text(key, lang))  # fmt: skip


def _slider(title: str, parameter, value: float, state, key: str, neuron: str | None) -> Slider:
    start, end = parameter.get_soft_bounds()
    slider = Slider(
        title=title, start=min(start, value), end=max(end, value), step=parameter.step,
        value=value, sizing_mode="stretch_width",
    )  # fmt: skip
    code = state_js(key, neuron, f"nnshape.on_step(cb_obj.value, {parameter.step!r})", "state")
    slider.js_on_change("value", CustomJS(args={"state": state}, code=code))
    return slider


def _check(label: str, active: bool, state, key: str, neuron: str | None = None) -> Checkbox:
    box = Checkbox(label=label, active=active)
    code = state_js(key, neuron, "cb_obj.active", "state")
    box.js_on_change("active", CustomJS(args={"state": state}, code=code))
    return box


def controls(playground, state, auto: Checkbox | None = None) -> list:
    """The file's controls, in the playground's language; ``auto``: the auto y-range switch the
    drawing was given, if the figure has limits."""
    net, view = playground.network, playground.view
    lang = language(view.lang)
    # Bokeh's grouped options: group -> [(value, label)].
    options = {
        group: [(name, label) for label, name in labels.items()]
        for group, labels in activation_groups(Words(lang)).items()
    }
    activation = Select(
        title=text("ui.activation", lang), options=options, value=net.activation,
        sizing_mode="stretch_width",
    )  # fmt: skip
    code = state_js("activation", None, "cb_obj.value", "state")
    activation.js_on_change("value", CustomJS(args={"state": state}, code=code))
    # What the chosen activation is, following the menu (the descriptions are ours, escaped).
    descriptions = {
        name: html.escape(text(f"activation.{name}.description", lang)) for name in ACTIVATIONS
    }
    about = Div(
        text=descriptions[net.activation], sizing_mode="stretch_width",
        styles={"color": "#555", "font-size": "13px"},
    )  # fmt: skip
    activation.js_on_change(
        "value",
        CustomJS(
            args={"about": about, "texts": descriptions}, code="about.text = texts[cb_obj.value]"
        ),
    )
    items = [activation, about]
    colors = view.colors(net)[0]
    headers = [
        Div(text=swatch(c, text("ui.card.neuron", lang, n=i + 1))) for i, c in enumerate(colors)
    ]
    for i, neuron in enumerate(net.neurons):
        nid = neuron_id(neuron)
        items += [
            headers[i],  # dark text: readable
            _slider(neuron_label(lang, i + 1, "ui.card.weight"), neuron.param.weight,
                    neuron.weight, state, "weights", nid),
            _slider(neuron_label(lang, i + 1, "ui.card.bias"), neuron.param.bias, neuron.bias,
                    state, "biases", nid),
            _check(text("ui.card.show_about", lang, n=i + 1), i not in view.hidden, state,
                   "shown", nid),
        ]  # fmt: skip
    second = net.second
    switch = _check(text("ui.second.switch", lang), second.enabled, state, "second_enabled")
    show_deep = _check(text("ui.curves.deep", lang), view.show_deep, state, "show_deep")
    # Switching the layer on is asking to see it (as the served page's server does).
    switch.js_on_change(
        "active", CustomJS(args={"box": show_deep}, code="if (cb_obj.active) box.active = true;")
    )
    items += [
        Div(text=f"<p style='color:#555'>{_with_command('ui.file.no_neurons', lang)}</p>"),
        switch,
        _slider(text("ui.second.w2", lang), second.param.weight, second.weight, state, "w2",
                None),
        _slider(text("ui.second.b2", lang), second.param.bias, second.bias, state, "b2", None),
        *output_controls(net, state, lang),
        target_note(getattr(playground, "target", None) is not None, lang),
        Div(text=f"<b>{html.escape(text('ui.curves.heading', lang))}</b>"),
        _check(text("ui.curves.sum", lang), view.show_sum, state, "show_sum"),
        show_deep,
        _check(text("ui.curves.slope", lang), view.slope, state, "slope"),
        *_palette_switch(net, view, state, headers, lang),
    ]  # fmt: skip
    if auto is not None:
        # The drawing turns it on when an edit pushes a curve off the figure's limits.
        code = state_js("y_auto", None, "cb_obj.active", "state")
        auto.js_on_change("active", CustomJS(args={"state": state}, code=code))
        items.append(auto)
    return items


def _palette_switch(net, view, state, headers: list, lang: str = "en") -> list:
    """The colour-blind-safe colours, one switch away, as in the served page: the curves,
    labels, tooltip, formula, diagram and the neurons' swatches all follow."""
    palettes = {}
    for safe in (False, True):
        colors, sum_color, deep_color = View(safe_colors=safe).colors(net)
        texts = [swatch(c, text("ui.card.neuron", lang, n=i + 1)) for i, c in enumerate(colors)]
        palettes[str(safe)] = {
            "colors": colors,
            "sum": sum_color,
            "deep": deep_color,
            "texts": texts,
        }
    box = Checkbox(label=text("ui.curves.safe", lang), active=view.safe_colors)
    # The caption names the article's colours: say what they are while the palette is on.
    note = Div(text=html.escape(SAFE_NOTE), visible=view.safe_colors, styles={"color": "#555"})
    code = """
const p = palettes[cb_obj.active ? "True" : "False"]
state.setv({colors: p.colors.slice(), sum_color: p.sum, deep_color: p.deep})
headers.forEach((div, i) => { div.text = p.texts[i] })
note.visible = cb_obj.active
"""
    args = {"state": state, "palettes": palettes, "headers": headers, "note": note}
    box.js_on_change("active", CustomJS(args=args, code=code))
    return [box, note]


def snapshot_html(playground) -> str:
    """The whole current state of ``playground`` as one self-contained, live HTML document."""
    net, view = playground.network, playground.view
    lang = language(view.lang)
    fig = preset(view.figure)
    colors = view.colors(net)
    heading = html.escape(text("ui.network.heading", lang))
    diagram = Div(text=f"<b>{heading}</b>" + diagram_svg(net, colors), width=380)
    heading = html.escape(text("ui.formula.heading", lang))
    formula = Div(text=f"<b>{heading}</b>" + formula_html(net, colors),
                  sizing_mode="stretch_width")  # fmt: skip
    handles = {"formula": formula, "diagram": diagram}
    auto = None
    if view.ylim is not None:
        auto = Checkbox(label=text("ui.curves.y_auto", lang), active=view.y_auto)
        handles["auto_box"] = auto
    target = getattr(playground, "target", None)
    values = {
        **target_values(target, net, lang),
        "target_reach": reach_table(target, net, lang),
    }
    layout, state, draw = build(net, view, text=handles, target=values)
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    title = text(f"figure.{fig.id}.title", lang)
    head = Div(
        text=(
            f"<h2 style='margin:0'>nnshape: {html.escape(title)}</h2>"
            f"<p style='margin:4px 0'>{html.escape(text(f'figure.{fig.id}.caption', lang))}</p>"
            + walk_section(view.figure, lang)  # the walk's explanation and tasks, as text
        ),
        sizing_mode="stretch_width",
    )
    link = playground.query_string()
    document = playground.to_json()
    address = html.escape(f"http://127.0.0.1:5006/{link}")
    marker = "\x00link\x00"
    exported = _with_command("ui.file.exported", lang, when=when, link=marker).replace(
        html.escape(marker), f"<code>{address}</code>"
    )
    foot = Div(
        text=(
            "<div style='color:#555;font-size:13px;overflow-wrap:anywhere'>"
            f"<p>{exported}</p>"
            f"<details><summary>{html.escape(text('ui.file.json', lang))}</summary>"
            f"<pre style='white-space:pre-wrap'>{html.escape(document)}</pre></details></div>"
        ),
        sizing_mode="stretch_width",
    )
    layout.sizing_mode = "stretch_width"
    for plot in layout.children:
        if plot.name in ("hidden", "second", "slope"):  # not the fit score's line above them
            plot.sizing_mode, plot.height = "stretch_width", 280
    copy = copy_controls(net, view, state)  # Copy as code, written by the page itself
    panel = column(*controls(playground, state, auto), *copy, width=340)
    page = column(
        head,
        row(panel, layout, sizing_mode="stretch_width"),
        row(diagram, formula, sizing_mode="stretch_width"),
        foot,
        sizing_mode="stretch_width",
    )
    depth = playground.depth.explorer
    depth_draw = None
    if depth.shown:  # the depth explorer, where the learner had it open
        from .depth import file_section

        section, depth_draw = file_section(depth, state)
        page.children.insert(len(page.children) - 1, section)
    doc = Document()
    doc.add_root(page)
    parts = dict(page=page, head=head, plots=layout, panel=panel, formula=formula)
    parts.update(diagram=diagram, foot=foot)
    doc.js_on_event("document_ready", CustomJS(args=parts, code=PHONE_JS))  # a phone's layout
    doc.js_on_event("document_ready", draw)  # the first drawing, by the page
    if depth_draw is not None:
        doc.js_on_event("document_ready", depth_draw)
    doc.js_on_event("document_ready", accessibility_callback())
    html_text = file_html(doc, resources=INLINE, title=f"nnshape: {title}")
    return self_contained(with_viewport(html_text, lang))


#: On a phone (under 760 px, where ``dashboard.layout`` stacks the served page), the file's
#: parts are stacked too, the plots first and every part as wide as the screen: the desktop
#: page shrunk to a phone's width is unreadable. Bokeh's rows cannot wrap, so the page's
#: children are rearranged once, as the document opens.
PHONE_JS = """
if (window.matchMedia("(max-width: 760px)").matches) {
  panel.width = null
  panel.sizing_mode = "stretch_width"
  diagram.width = null
  diagram.sizing_mode = "stretch_width"
  page.children = [head, plots, panel, formula, diagram, foot]
}
"""
VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1">'


def with_viewport(document: str, lang: str = "en") -> str:
    """``document`` laid out for the device's width (Bokeh's file template has no viewport),
    and said to be in ``lang`` (its template says English)."""
    head = '<meta charset="utf-8">'
    if head not in document:
        raise RuntimeError("Bokeh's file template changed: no charset meta to follow")
    document = document.replace(head, head + "\n    " + VIEWPORT, 1)
    if language(lang) != "en":
        tag = '<html lang="en">'
        if tag not in document:
            raise RuntimeError("Bokeh's file template changed: no <html lang> to set")
        document = document.replace(tag, f'<html lang="{language(lang)}">', 1)
    return document


# Bokeh lists the external scripts of every model class that has been imported, used or not;
# importing Panel brings its ES-module shim, which the file (plain Bokeh models) never uses.
_EXTERNAL = re.compile(r'<script[^>]*\ssrc="([^"]*)"[^>]*>\s*</script>\s*')
_UNUSED = ("static/extensions/panel/", "https://cdn.holoviz.org/panel/")


def self_contained(document: str) -> str:
    """``document`` without the unused external scripts; refuses any other outside reference."""
    document = _EXTERNAL.sub(
        lambda m: "" if m.group(1).startswith(_UNUSED) else m.group(0), document
    )
    leftover = _EXTERNAL.findall(document) + re.findall(r"<link[^>]*>", document)
    if leftover:
        raise RuntimeError(f"the snapshot would fetch {leftover!r}; it must be self-contained")
    return document


__all__ = ["self_contained", "snapshot_html"]
