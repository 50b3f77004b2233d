"""The Playground: one network and its view, the controls that edit them, and what shows them.

One Playground per browser session (the app script and the CLI build a new one for each), so one
learner's slider never moves another's curves. The page draws the curves itself
(``dashboard.plots``); the server keeps the model, and from it the formula, the diagram, the
link and the JSON. A change the page made is already drawn there; any other change (a typed
value, a figure, a file, a neuron added) is sent to the page as its new state.
"""

from __future__ import annotations

import html
import time
from functools import cache, partial
from urllib.parse import urlencode

import panel as pn
import param

from model import Network, get_activation
from model.activations import grouped
from model.article import FREE, PRESETS, is_edited, preset
from model.document import StateError, load_json, to_json
from model.history import History, State
from model.permalink import to_query
from model.placement import fresh_neuron
from model.view import View

from .controls import NeuronCard, NumberControl, aria, bind, from_page, state_js
from .diagram import diagram_svg
from .formula import formula_html
from .notebook import Text
from .notices import Notices
from .plots import CurvesPane, neuron_id, state_values
from .upload import SizedFileInput

#: Up to this many neurons each has its own card; beyond it, a picker chooses the one to edit.
CARD_LIMIT = 8
#: The formula, diagram and link follow this long after the last change (the hand rests)…
TEXT_DELAY = 0.06
#: …at least this often during a long drag, and never more often than this (seconds): a
#: class of learners each dragging costs the server a bounded rate of text, whatever their pace.
TEXT_INTERVAL = 0.25


@cache
def figure_state(figure_id: str) -> State:
    """The state figure ``figure_id`` opens with (read only: compared, never changed)."""
    return State.for_figure(figure_id)


def activation_groups() -> dict[str, dict[str, str]]:
    """The activation picker's groups, the article's first: group -> {label: name}."""
    return {group: {a.label: a.name for a in acts} for group, acts in grouped().items() if acts}


def figure_options() -> dict[str, str]:
    """The Figure menu: free play, then the article's figures, each with its title."""
    return {("Free play" if f.id == FREE else f"{f.id}: {f.title}"): f.id for f in PRESETS.values()}


class Playground(pn.viewable.Viewer):
    """The live dashboard of one network."""

    def __init__(self, network: Network | None = None, view: View | None = None, **params):
        figure_id = params.pop("figure", FREE) if view is None else view.figure
        super().__init__(**params)
        self.network = network if network is not None else Network()
        #: How the network is shown; the view's widgets are built from its parameters.
        self.view = View(figure=figure_id)
        self.plots = CurvesPane(self._drawn)
        self._cards: dict[int, NeuronCard] = {}
        self._card_order: list[int] = []
        self._loading = False
        self._linked: list = []  # widgets with a callback in the page, for release()
        self._text_pending = False  # a text update is scheduled
        self._text_since = self._text_changed = 0.0  # first and last change it waits for
        self._text_last = -TEXT_INTERVAL  # when the text was last written
        self._url: pn.widgets.TextInput | None = None
        #: Curves the figure's y-limits hide that the learner has seen hidden and kept so.
        self._accepted_clip: list[str] = []
        self._build_widgets()
        self._load(figure_id, configure=network is None, view=view)
        self.network.param.watch(self._on_network_change, "changed")
        self.network.second.param.watch(self._on_second_enabled, "enabled")
        self.view.param.watch(self._on_figure, "figure")
        self.view.param.watch(self._on_view_change, list(View.KEYS[1:]))
        #: Undo, redo and Reset to figure: the last edits of this network and its view.
        self.history = History(self.network, self.view)
        self.history.param.watch(self._on_history, ["can_undo", "can_redo"])
        self._on_history()

    @classmethod
    def from_figure(cls, figure_id: str = FREE) -> Playground:
        """A Playground showing figure ``figure_id`` of the article (or "free")."""
        preset(figure_id)  # an unknown id raises the clear UnknownFigureError
        return cls(figure=figure_id)

    @classmethod
    def from_state(cls, network: Network, view: View) -> Playground:
        """A Playground showing ``network`` (used as given, not copied) as ``view`` says."""
        return cls(network=network, view=view)

    @property
    def figure(self) -> str:
        return self.view.figure

    def _drawn(self) -> tuple[Network, View, int]:
        return self.network, self.view, self._selected()

    def _selected(self) -> int:
        """The neuron being edited, drawn wider, when a picker chooses among many."""
        return self.neuron_picker.value if self.neuron_picker.visible else -1

    # -- widgets ------------------------------------------------------------------------------
    def _linked_widget(self, widget):
        self._linked.append(widget)
        return widget

    def _build_widgets(self) -> None:
        net, view, curves = self.network, self.view, self.plots
        self.figure_select = pn.widgets.Select.from_param(
            view.param.figure, label="Figure", options=figure_options(),
            sizing_mode="stretch_width",
        )  # fmt: skip
        self.activation = pn.widgets.Select(
            label="Activation", groups=activation_groups(), value=net.activation,
            description=get_activation(net.activation).description,
            sizing_mode="stretch_width",
        )  # fmt: skip
        self._linked_widget(bind(
            self.activation, net, "activation", curves=curves,
            js=state_js("activation", None, "cb_obj.value"),  # the model's value: the name
        ))  # fmt: skip
        self.add_button = pn.widgets.Button(
            label="+ Add neuron", color="primary", sizing_mode="stretch_width"
        )
        self.add_button.on_click(self._add_neuron)
        self.undo_button = pn.widgets.Button(
            label="↶ Undo", disabled=True, sizing_mode="stretch_width",
            description="Take back the last edit",
        )  # fmt: skip
        self.undo_button.on_click(self.undo)
        self.redo_button = pn.widgets.Button(
            label="↷ Redo", disabled=True, sizing_mode="stretch_width",
            description="Make the last edit taken back again",
        )  # fmt: skip
        self.redo_button.on_click(self.redo)
        self.reset_button = pn.widgets.Button(
            label="↺ Reset", disabled=True, sizing_mode="stretch_width",
            description="Reset to figure: go back to the figure as the article draws it",
            tags=aria("Reset to figure"),
        )  # fmt: skip
        self.reset_button.on_click(self.reset)
        self.edit_buttons = pn.Row(
            self.undo_button, self.redo_button, self.reset_button,
            sizing_mode="stretch_width", margin=0,
        )  # fmt: skip
        self.count = Text("", margin=(10, 10, 0, 10))
        self.cards = pn.Column(sizing_mode="stretch_width", margin=0)
        self.neuron_picker = pn.widgets.Select(
            label="Edit neuron", options={"Neuron 1": 0}, value=0, visible=False,
            sizing_mode="stretch_width",
        )  # fmt: skip
        self.neuron_picker.param.watch(self._on_pick, "value")
        second = net.second
        self.second_switch = pn.widgets.Checkbox(
            label="Second layer: y = act(w2·sum − b2)", value=second.enabled
        )
        self._linked_widget(bind(
            self.second_switch, second, "enabled", curves=curves,
            js=state_js("second_enabled", None, "cb_obj.active"),
        ))  # fmt: skip
        layer = "Second layer"
        self.w2 = NumberControl(second, "weight", "weight w2", "w2", None, curves, subject=layer)
        self.b2 = NumberControl(second, "bias", "bias b2", "b2", None, curves, subject=layer)
        self._linked += [self.w2.slider, self.b2.slider]
        self.sum_check = self._check(view, "show_sum", "show sum")
        self.deep_check = self._check(view, "show_deep", "show second layer")
        self.y_auto_check = self._check(view, "y_auto", "auto y-range (fit the data)")
        #: What the page has to say about the link it was opened with, or a refused edit.
        self.notices = Notices()
        #: What became of the last file opened, next to the file picker.
        self.file_notices = Notices()
        self.caption = Text("", sizing_mode="stretch_width")
        self.formula = Text("", sizing_mode="stretch_width", styles={"font-size": "15px"})
        self.diagram = Text("", sizing_mode="stretch_width")
        self.copy_link = pn.widgets.Button(
            label="Copy link", sizing_mode="stretch_width", visible=False,
            description="Copy a link that reopens exactly this network",
        )  # fmt: skip
        self.copy_link.js_on_click(
            code="""
            // The label changes in this page only: nothing for the server to hear about.
            const say = (label) => cb_obj.setv({label}, {sync: false});
            navigator.clipboard.writeText(window.location.href).then(
              () => { say("Link copied ✓"); },
              () => { window.prompt("Copy this link:", window.location.href); });
            setTimeout(() => say("Copy link"), 2000);
            """
        )
        self._linked.append(self.copy_link)
        self.link_holder = pn.Column(margin=0, height=0)
        self.save_json = pn.widgets.FileDownload(
            callback=self._json_file, filename="nnshape.json", label="Save JSON",
            sizing_mode="stretch_width",
        )  # fmt: skip
        # Refuses a file over the document limit in the page, before sending it (.upload).
        self.open_json = SizedFileInput(
            accept=".json,application/json", sizing_mode="stretch_width",
            description="Open a network saved as JSON", tags=aria("Open a network saved as JSON"),
        )  # fmt: skip
        self.open_json.param.watch(self._on_open_json, "value")
        self.download = pn.widgets.FileDownload(
            callback=self._export_file, filename="nnshape.html", label="Download HTML",
            color="success", sizing_mode="stretch_width",
        )  # fmt: skip

    def _check(self, view: View, name: str, label: str) -> pn.widgets.Checkbox:
        box = pn.widgets.Checkbox(label=label, value=getattr(view, name))
        bind(box, view, name, js=state_js(name, None, "cb_obj.active"), curves=self.plots)
        return self._linked_widget(box)

    def __panel__(self):
        from .layout import notebook_layout

        return notebook_layout(self)

    def template(self, permalink: bool = False):
        """The full page, for ``panel serve`` and the CLI (see ``dashboard.layout``).

        ``permalink``: keep the page's URL equal to the whole state (only where the page is the
        app's own, never in a notebook).
        """
        from .layout import page
        from .notices import listen

        if permalink:
            self._enable_permalink()
        doc = pn.state.curdoc
        if doc is not None and doc.session_context is not None:
            listen(doc, self.refused)  # changes the server refuses before Panel sees them
        return page(self)

    def refused(self, message: str) -> None:
        """Tell the learner that a change from their page was refused: in a notification,
        seen wherever they are looking (escaped: Panel's toasts render HTML)."""
        from .notices import plain

        notifications = pn.state.notifications
        if notifications is not None:
            notifications.warning(plain(message), duration=6000)
        else:
            self.notices.show(message)

    # -- reacting -----------------------------------------------------------------------------
    def _load(self, figure_id: str, configure: bool = True, view: View | None = None) -> None:
        self._loading = True
        try:
            if configure:
                self.network.configure(**preset(figure_id).spec())
            self._apply_view(view or View.for_figure(figure_id, len(self.network.neurons)))
        finally:
            self._loading = False
        self._accepted_clip = self.view.clipped(self.network)
        self._update_views()

    def _apply_view(self, view: View) -> None:
        """Show the network as ``view`` says (a view the model has checked)."""
        # Events go out (the widgets must show the view); ``_loading`` keeps them from
        # redrawing anything before the whole view is in place.
        self.view.update_from(view)
        if view.ylim is None:
            self.view.y_auto = True
        for card in self._cards.values():
            self._linked += [card.weight.slider, card.bias.slider, card.show]
        self._cards = {}
        self._card_order = []
        self._sync_cards()
        self._show_figure()

    def _show_figure(self) -> None:
        """What follows the view's figure: the caption, the file name, the y-range box."""
        self.y_auto_check.disabled = self.view.ylim is None
        self._update_caption()
        self.download.filename = f"nnshape-{self.view.figure}.html"

    def _update_caption(self) -> None:
        """The figure's title and caption; once the network is edited, that it was edited
        from the figure (the caption would describe a network that is no longer there)."""
        fig = preset(self.view.figure)
        if is_edited(self.network, fig.id):
            origin = "free play" if fig.id == FREE else f"figure {fig.id}: {fig.title}"
            title = f"Edited from {origin}"
            text = (
                "You have changed this network since, so the figure's caption no longer "
                "describes it. Undo takes back an edit; Reset to figure goes back to the figure."
            )
        else:
            title, text = fig.title, fig.caption
        self.caption.object = (
            f"<h3 style='margin:4px 0'>{html.escape(title)}</h3>"
            f"<p style='margin:0'>{html.escape(text)}</p>"
        )

    def view_state(self) -> dict:
        """How the network is shown, as plain values (``View.to_dict``)."""
        return self.view.to_dict()

    def apply_state(self, network: Network, view: View) -> None:
        """Make this playground show a copy of ``network`` as ``view`` says, all at once."""
        with self.history.action():
            self._loading = True
            try:
                self.network.configure(**network.spec())
                self._apply_view(view)
            finally:
                self._loading = False
        self._accepted_clip = self.view.clipped(self.network)
        self._update_views()

    def _on_figure(self, event) -> None:
        if self._loading or self.history.applying:
            return
        edited = event.old in PRESETS and is_edited(self.network, event.old)
        with self.history.reaction():  # the figure and all it loads: one step to undo
            self._load(event.new)
        if edited:
            old = "free play" if event.old == FREE else f"figure {event.old}"
            self.notices.show(
                f"Your edits to {old} were put aside: Undo brings them back.", kind="info"
            )

    def _on_view_change(self, *events) -> None:
        if self._loading:
            return
        if any(e.name == "y_auto" and not e.new for e in events):
            # The learner chose the figure's limits: what they hide now is seen and kept.
            self._accepted_clip = self.view.clipped(self.network)
        self._sync_shown()
        self._changed()

    def _on_network_change(self, _event) -> None:
        if self._loading:
            return
        if not self.history.applying:
            self._fit()
        self._changed()

    def _fit(self) -> None:
        """Fit the y-axis when the figure's limits would hide a curve the edit just moved
        there (a blank plot after a switch of activation), and say so."""
        hidden = self.view.fit(self.network, self._accepted_clip)
        if not hidden:
            return
        self._accepted_clip = []
        # Sent on its own: whatever else the page changed, it has drawn already.
        self.plots.push({"y_auto": True})
        names = {"sum": "the sum", "deep": "the second layer's output"}
        listed = [names[k] if k in names else f"neuron {int(k[1:]) + 1}" for k in hidden]
        if len(listed) > 4:
            listed = [*listed[:3], f"{len(listed) - 3} more curves"]
        shown = " and ".join([", ".join(listed[:-1]), listed[-1]] if len(listed) > 1 else listed)
        low, high = self.view.ylim
        self.notices.show(
            f"The y-axis now fits the curves: the figure's limits ({low:g} to {high:g}) would "
            f"hide {shown}. Untick 'auto y-range' to go back to them.",
            kind="info",
        )

    def _on_second_enabled(self, event) -> None:
        if event.new and not self._loading:  # switching the layer on is asking to see it
            self.view.show_deep = True

    def _changed(self) -> None:
        if [id(n) for n in self.network.neurons] != self._card_order:
            self._sync_cards()
        if not from_page():  # a change the page made is drawn there already
            self._push()
        self._schedule_text()

    def _push(self) -> None:
        self.plots.push(state_values(*self._drawn()))

    def _update_views(self) -> None:
        self._push()
        self._update_text()

    def _schedule_text(self) -> None:
        """Update the formula, diagram and link once the hand rests (TEXT_DELAY after the last
        change), every TEXT_INTERVAL during a long drag and never more often, always ending on
        the final state (within TEXT_DELAY + TEXT_INTERVAL of it). New text makes the browser
        lay the page out again: it waits for a pause."""
        doc = pn.state.curdoc
        if doc is None or doc.session_context is None:
            self._update_text()
            return
        now = time.monotonic()
        self._text_changed = now
        if self._text_pending:
            return
        self._text_pending = True
        self._text_since = now
        self._schedule_flush(doc, now)

    def _schedule_flush(self, doc, now: float) -> None:
        due = max(
            min(self._text_changed + TEXT_DELAY, self._text_since + TEXT_INTERVAL),
            self._text_last + TEXT_INTERVAL,
        )
        doc.add_timeout_callback(partial(self._flush_text, doc), int(max(due - now, 0) * 1000) + 1)

    def _flush_text(self, doc) -> None:
        now = time.monotonic()
        due = max(
            min(self._text_changed + TEXT_DELAY, self._text_since + TEXT_INTERVAL),
            self._text_last + TEXT_INTERVAL,
        )
        if now < due:  # changed again meanwhile: wait for the hand to rest, within limits
            self._schedule_flush(doc, now)
            return
        self._text_pending = False
        self._text_last = now
        with pn.io.hold():
            self._update_text()

    def _update_text(self) -> None:
        self._update_url()
        self.formula.object = "<b>Formula</b>" + formula_html(self.network)
        self.diagram.object = diagram_svg(self.network)
        n = len(self.network.neurons)
        most = self.network.hidden.param.neurons.bounds[1]
        self.count.object = f"<b>Hidden layer</b> · {n} neuron{'s' if n != 1 else ''}"
        self.add_button.disabled = n >= most
        self.add_button.description = (
            f"A layer holds at most {most} neurons" if n >= most else "Add a neuron to the layer"
        )
        for control in (self.w2, self.b2):  # the slider and its box alike
            control.set_disabled(not self.network.second.enabled)
        self.activation.description = get_activation(self.network.activation).description
        for card in self._cards.values():
            card.remove.disabled = n <= 1
        self._update_caption()
        self.reset_button.disabled = State.of(self.network, self.view) == figure_state(
            self.view.figure
        )

    # -- neurons ------------------------------------------------------------------------------
    def _card(self, index: int) -> NeuronCard:
        """The card of neuron ``index``, made the first time it is shown (cards are not cheap)."""
        neuron = self.network.neurons[index]
        card = self._cards.get(id(neuron))
        if card is None:
            card = NeuronCard(neuron, index, self._remove_neuron, self.plots)
            card.shown = index not in self.view.hidden
            card.show.value = card.shown
            card.param.watch(lambda event: self._on_shown(neuron, event.new), "shown")
            self._cards[id(neuron)] = card
        card.set_index(index)
        return card

    def _on_shown(self, neuron, shown: bool) -> None:
        index = next(i for i, n in enumerate(self.network.neurons) if n is neuron)
        hidden = set(self.view.hidden)
        hidden = hidden - {index} if shown else hidden | {index}
        self.view.hidden = sorted(hidden)

    def _sync_shown(self) -> None:
        """Each card's *show* box follows the view's hidden neurons."""
        hidden = set(self.view.hidden)
        for i, neuron in enumerate(self.network.neurons):
            card = self._cards.get(id(neuron))
            if card is not None and card.shown != (i not in hidden):
                with param.parameterized.discard_events(card):
                    card.set_shown(i not in hidden)

    def _sync_cards(self) -> None:
        """One card per neuron for a small layer; a picker and one card for a large one.

        Neurons came or went: the view's hidden indices follow the neurons they named.
        """
        neurons = self.network.neurons
        current = {id(n) for n in neurons}
        if self._card_order:
            order = self._card_order
            hidden_ids = {order[i] for i in self.view.hidden if i < len(order)}
            hidden = [i for i, n in enumerate(neurons) if id(n) in hidden_ids]
            if hidden != self.view.hidden:
                with param.parameterized.discard_events(self.view):
                    self.view.hidden = hidden
        for key in [k for k in self._cards if k not in current]:
            card = self._cards.pop(key)
            self._linked += [card.weight.slider, card.bias.slider, card.show]
        if len(neurons) <= CARD_LIMIT:
            self.neuron_picker.visible = False
            indices = range(len(neurons))
        else:
            with param.parameterized.discard_events(self.neuron_picker):
                self.neuron_picker.options = {f"Neuron {i + 1}": i for i in range(len(neurons))}
                if self.neuron_picker.value not in self.neuron_picker.options.values():
                    self.neuron_picker.value = len(neurons) - 1
            self.neuron_picker.visible = True
            indices = [self.neuron_picker.value]
        self.cards.objects = [self._card(i).view for i in indices]
        self._card_order = [id(n) for n in neurons]

    def _on_pick(self, _event) -> None:
        self._sync_cards()
        self._push()  # the picked neuron is drawn wider

    def _add_neuron(self, _event=None) -> None:
        # On a step of its own, where no other neuron bends: a neuron that lay on another
        # would be invisible.
        weight, bias = fresh_neuron(self.network)
        try:
            with self.history.action():
                self.network.hidden.add_neuron(weight=weight, bias=bias)
        except ValueError as error:
            self.notices.show(error)
            return
        if self.neuron_picker.visible or len(self.network.neurons) > CARD_LIMIT:
            self.neuron_picker.value = len(self.network.neurons) - 1

    def _remove_neuron(self, neuron) -> None:
        try:
            with self.history.action():
                self.network.hidden.remove_neuron(self.network.neurons.index(neuron))
        except ValueError as error:
            self.notices.show(error)

    # -- going back ---------------------------------------------------------------------------
    def undo(self, _event=None) -> bool:
        """Take back the last edit (a drag, a neuron added, a figure chosen…)."""
        return self._went_back(self.history.undo())

    def redo(self, _event=None) -> bool:
        """Make the edit last taken back again."""
        return self._went_back(self.history.redo())

    def reset(self, _event=None) -> bool:
        """The network and view as the view's figure opens them (Undo takes it back)."""
        return self._went_back(self.history.reset())

    def _went_back(self, moved: bool) -> bool:
        if moved:
            self.notices.clear()  # what they said was about the state just left
            self._show_figure()
            self._accepted_clip = self.view.clipped(self.network)
            self._update_views()
        return moved

    def _on_history(self, *_events) -> None:
        self.undo_button.disabled = not self.history.can_undo
        self.redo_button.disabled = not self.history.can_redo

    # -- end of a session ---------------------------------------------------------------------
    def release(self) -> None:
        """Let go of what outlives a session unless told: Panel's registry of JS callbacks.

        Its entries are keyed by widget and hold their widget (and through the callback's
        arguments this whole playground): without this, every session ever served stays.
        """
        from panel.links import Callback

        self.history.close()
        sources = [*self._linked, self._url]
        for card in self._cards.values():
            sources += [card.weight.slider, card.bias.slider, card.show]
        for source in sources:
            if source is not None:
                Callback.registry.pop(source, None)

    # -- permalink ----------------------------------------------------------------------------
    def _enable_permalink(self) -> None:
        """The URL follows every edit, replacing its history entry rather than adding one."""
        # A hidden text holds the query; its change runs replaceState in the browser.
        self._url = pn.widgets.TextInput(value=self.query_string(), visible=False)
        self._url.jscallback(
            value="window.history.replaceState(window.history.state, '', cb_obj.value)"
        )
        self.copy_link.visible = True
        self.link_holder.objects = [self._url]

    def query_string(self) -> str:
        """The whole state as a URL query, e.g. ``?figure=nn9&act=sigmoid&n=2_-2~…``."""
        return "?" + urlencode(to_query(self.network, self.view), safe="_~.-")

    def _update_url(self) -> None:
        if self._url is not None:
            self._url.value = self.query_string()

    # -- JSON ---------------------------------------------------------------------------------
    def to_json(self) -> str:
        """The network and how it is shown, as the versioned JSON document of ``model.state``."""
        return to_json(self.network, self.view)

    def _json_file(self):
        from io import StringIO

        return StringIO(self.to_json())

    def open_document(self, data: bytes | str, name: str = "the file") -> bool:
        """Show the network a JSON document holds; refuse it, changing nothing, if it is bad."""
        try:
            loaded = load_json(data)
        except StateError as error:
            self.file_notices.show(f"Did not open {name}: {error}", kind="danger")
            return False
        self.apply_state(loaded.network, loaded.view)
        self.file_notices.show(f"Opened {name}.", *loaded.notices, kind="info")
        return True

    def _on_open_json(self, event) -> None:
        if event.new is not None:
            self.open_document(event.new, repr(str(self.open_json.filename or "the file")[:60]))

    # -- export -------------------------------------------------------------------------------
    def _export_file(self):
        from io import StringIO

        from .export import snapshot_html

        return StringIO(snapshot_html(self))


__all__ = ["FREE", "Playground", "neuron_id"]
