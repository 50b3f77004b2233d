"""The depth explorer's controls in the served page and the notebook: a switch that shows it,
the depth and the shared w and b as sliders, and a small table of per-layer values to type.

The sliders write into the page's DepthState (``dashboard/js/depth.js``) so the drawing
follows the hand; through Panel they also reach the model (``model.depth.Explorer``), which is
not sent back to the page (the page shows it already). A typed value goes to the model first:
``Explorer.set_layer`` checks it as the second layer's weight and bias are checked, and a
refused one is explained beside the table while nothing changes.

Nothing is built until the learner first opens the explorer: a page that never does pays for
none of it (nor do its sliders join the page's others).
"""

from __future__ import annotations

import html
from contextlib import contextmanager

import panel as pn

from model.depth import MAX_DEPTH, Explorer
from model.lang import Phrase
from model.messages import Refusal, number_text, show

from .controls import aria, on_step, swatch
from .depth import DepthPane, layer_color, set_js
from .notebook import Text
from .notices import plain
from .words import Words

#: The layer's formula, written with subscripts (markup of ours: the words around it are the
#: catalogue's, escaped).
FORMULA = "y<sub>k</sub> = act(w·y<sub>k−1</sub> − b)"


def about_html(words: Words) -> str:
    """What the explorer shows, in the page's language: the catalogue's words escaped, around
    the formula's markup."""
    hole = "\x00"  # where the formula goes: no catalogue text holds it
    about = html.escape(words("ui.depth.about", formula=hole)).replace(hole, FORMULA)
    return (
        f"<b>{html.escape(words('ui.depth.heading'))}</b>: {about} "
        f"{html.escape(words('ui.depth.question'))}"
    )


class DepthExplorer(pn.viewable.Viewer):
    """The explorer of one Playground: its model, its switch and (once opened) its controls."""

    def __init__(self, explorer: Explorer, curves, words: Words | None = None, **params):
        super().__init__(**params)
        self.explorer = explorer
        #: The page's words: every label follows a language switch (``_relabel``).
        self.words = words = words if words is not None else Words()
        self.pane = DepthPane(explorer, curves)
        self.toggle = pn.widgets.Checkbox(value=explorer.shown, margin=(5, 10))
        words.bind(self.toggle, "label", "ui.depth.open")
        # Until the server has built the explorer (a second or two), the page says so at once.
        building = words.bind(Text("", margin=(0, 10), styles={"color": "#555"}), "object",
                              "ui.depth.building")  # fmt: skip
        self.body = pn.Column(
            building, sizing_mode="stretch_width", margin=0, visible=explorer.shown,
        )  # fmt: skip
        self.message = Text("", visible=False, margin=(0, 8), styles={"color": "#842029"})
        self._built = False
        self._page = 0  # > 0 while a change from the page's own sliders is handled
        self.toggle.param.watch(self._from_toggle, "value")
        self.toggle.jslink(self.body, value="visible")  # shown or hidden with no round trip
        explorer.param.watch(self._from_model, ["shown", "depth", "weight", "bias", "own"])
        if explorer.shown:
            self._build()
        self.about = Text(about_html(words), margin=(5, 10, 0, 10))
        self.view = pn.Column(
            self.about, self.toggle, self.body, sizing_mode="stretch_width", margin=0,
        )  # fmt: skip
        self._why: object = None  # the refusal shown beside the table, said again at a switch
        self._relabel()
        words.follow(self._relabel)

    def _relabel(self) -> None:
        """The words made here (not bound): accessible names, the sentence above, the rows'."""
        words = self.words
        self.toggle.tags = aria(words("ui.depth.open"))
        self.about.object = about_html(words)
        if self._built:
            for slider, key in ((self.depth_slider, "ui.depth.depth"),
                                (self.weight_slider, "ui.depth.weight"),
                                (self.bias_slider, "ui.depth.bias")):  # fmt: skip
                slider.tags = aria(words(key))
            for k, (_label, *pair) in enumerate(self.boxes, start=1):
                for which, box in zip(("w", "b"), pair, strict=True):
                    box.tags = aria(words("ui.depth.box", k=k, which=which))
            self._show_table()
            if self.message.visible and self._why is not None:
                self._say(self._why)

    def __panel__(self):
        return self.view

    @contextmanager
    def _from_page(self):
        self._page += 1
        try:
            yield
        finally:
            self._page -= 1

    # -- building, once ----------------------------------------------------------------------
    def _slider(self, kind, name: str, key: str, **kw):
        """A slider labelled with catalogue key ``name``, for the explorer's ``key``."""
        slider = kind(sizing_mode="stretch_width", margin=(0, 10), **kw)
        self.words.bind(slider, "name", name)
        slider.tags = aria(self.words(name))
        step = kw.get("step")
        code = set_js(key, step=step, state="depth.tags[0]")
        slider.jscallback(value=code, args={"depth": self.pane})

        def taken(event) -> None:  # w and b as the decimal the step makes them, as the page's
            self._from_slider(key, event.new if step is None else on_step(event.new, step))

        slider.param.watch(taken, "value")
        return slider

    def _build(self) -> None:
        e = self.explorer
        p = Explorer.param
        self.depth_slider = self._slider(
            pn.widgets.IntSlider, "ui.depth.depth", "depth", start=1, end=MAX_DEPTH,
            value=e.depth,
        )  # fmt: skip
        sliders = {}
        for key, name in (("weight", "ui.depth.weight"), ("bias", "ui.depth.bias")):
            start, end = p[key].get_soft_bounds()
            value = getattr(e, key)
            sliders[key] = self._slider(
                pn.widgets.FloatSlider, name, key, start=min(start, value),
                end=max(end, value), step=p[key].step, value=value,
            )  # fmt: skip
        self.weight_slider, self.bias_slider = sliders["weight"], sliders["bias"]
        # A row per layer on screen, made when the depth first reaches it (a row is three
        # models to build and send: twenty at once would keep the learner waiting).
        self.rows, self.boxes = [], []
        self.table_rows = pn.Column(margin=0)
        self.reset_layers = pn.widgets.Button(margin=(4, 10))
        self.words.bind(self.reset_layers, "label", "ui.depth.reset")
        self.reset_layers.on_click(lambda _event: self._reset_layers())
        head = Text("", width=90, margin=(4, 4, 0, 10), styles={"font-weight": "bold"})
        self.words.bind(head, "object", "ui.depth.layer")
        table = pn.Column(
            pn.Row(head, Text("<b>w</b>", width=84), Text("<b>b</b>", width=84), margin=0),
            self.table_rows,
            self.words.bind(
                Text("", margin=(0, 10), styles={"color": "#555", "font-size": "12px"}),
                "object",
                "ui.depth.table_help",
            ),
            self.message,
            self.reset_layers,
            margin=0,
        )
        controls = pn.Column(
            self.depth_slider, self.weight_slider, self.bias_slider, table,
            width=320, margin=0,
        )  # fmt: skip
        self._show_table()
        # The drawing first (on a narrow screen it comes above the controls, which wrap
        # below it), shown on the right of them where both fit.
        drawing = pn.Column(
            self.pane, sizing_mode="stretch_width", margin=0,
            styles={"flex": "1 1 340px", "min-width": "0"},
        )  # fmt: skip
        self.body.objects = [
            pn.FlexBox(
                drawing,
                controls,
                flex_direction="row-reverse",
                flex_wrap="wrap",
                sizing_mode="stretch_width",
                margin=0,
            )
        ]
        self._built = True

    # -- reacting ----------------------------------------------------------------------------
    def _from_toggle(self, event) -> None:
        self.explorer.shown = bool(event.new)

    def _from_slider(self, key: str, value) -> None:
        if getattr(self.explorer, key) == value:
            return
        try:
            with self._from_page():  # the page has drawn it already
                setattr(self.explorer, key, value)
        except Refusal as error:
            self._say(error)
            self._sync_widgets()
            self.pane.push()

    def _typed(self, k: int, which: str, event) -> None:
        if self._restoring:
            return
        text = event.new.strip().replace("\u2212", "-")
        e = self.explorer
        if not text:
            e.clear_layer(k)
            self.message.visible = False
            self._show_table()
            return
        w, b = e.layers(MAX_DEPTH)[k - 1]
        try:
            value = float(text)
            if which == "w":
                e.set_layer(k, value, b)
            else:
                e.set_layer(k, w, value)
        except ValueError as error:
            why = (error.message if isinstance(error, Refusal)
                   else Phrase("ui.depth.not_number", value=show(text)))  # fmt: skip
            self._say(Phrase("ui.depth.not_applied", why=why))
            self._show_table()
            return
        self.message.visible = False

    _restoring = False

    def _say(self, sentence) -> None:
        """Show ``sentence`` (a Message, Phrase or Refusal) in the page's language."""
        self._why = sentence
        self.message.object = plain(self.words.say(sentence))
        self.message.visible = True

    def _reset_layers(self) -> None:
        self.explorer.own = {}
        self.message.visible = False

    def _from_model(self, *events) -> None:
        names = {e.name for e in events}
        if "shown" in names:
            if self.explorer.shown and not self._built:
                self._build()
            self.body.visible = self.explorer.shown
            self.toggle.value = self.explorer.shown
        if self._built:
            self._sync_widgets()
        if not self._page:
            self.pane.push()

    def _sync_widgets(self) -> None:
        if not self._built:
            return
        e = self.explorer
        for slider, value in ((self.depth_slider, e.depth), (self.weight_slider, e.weight),
                              (self.bias_slider, e.bias)):  # fmt: skip
            if slider.value != value:
                if isinstance(value, float):
                    slider.param.update(start=min(slider.start, value), end=max(slider.end, value))
                slider.value = value
        self._show_table()

    def _add_rows(self, count: int) -> None:
        """Rows up to layer ``count``, those missing made now."""
        made = []
        for k in range(len(self.rows) + 1, count + 1):
            label = Text("", width=90, margin=(12, 4, 0, 10))
            pair = []
            for which in ("w", "b"):
                box = pn.widgets.TextInput(width=84, margin=(4, 4))
                box.tags = aria(self.words("ui.depth.box", k=k, which=which))
                box.param.watch(
                    lambda event, k=k, which=which: self._typed(k, which, event), "value"
                )
                pair.append(box)
            self.boxes.append((label, *pair))
            self.rows.append(pn.Row(label, *pair, margin=0))
            made.append(self.rows[-1])
        if made:
            self.table_rows.extend(made)

    def _show_table(self) -> None:
        """Each row shows its layer's values (its own, or the shared ones); rows past the depth
        are hidden."""
        e = self.explorer
        self._restoring = True
        try:
            self._add_rows(e.depth)
            for k, ((label, wbox, bbox), row, (w, b)) in enumerate(
                zip(self.boxes, self.rows, e.layers(len(self.rows)), strict=True), start=1
            ):
                row.visible = k <= e.depth
                name = self.words("ui.depth.own", k=k) if k in e.own else str(k)
                label.object = swatch(layer_color(k, e.depth), name)
                for box, value in ((wbox, w), (bbox, b)):
                    text = number_text(value)
                    if box.value != text:
                        box.value = text
        finally:
            self._restoring = False

    def apply(self, explorer: Explorer) -> None:
        """Show what ``explorer`` (a checked one: from a document) holds, all at once."""
        self.explorer.param.update(
            {n: getattr(explorer, n) for n in ("shown", "depth", "weight", "bias", "own")}
        )
        self.message.visible = False

    def sources(self) -> list:
        """The widgets whose JS callbacks Panel keeps in its registry (``Playground.release``)."""
        if not self._built:
            return []
        return [self.depth_slider, self.weight_slider, self.bias_slider]
