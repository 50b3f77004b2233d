"""The Playground: one network and its view, the controls that edit them, and what shows them.

(Over 300 lines on purpose: the one class that composes the parts and reacts to every change;
each part it composes is a module of its own, named below.)

One Playground per browser session (the app script and the CLI build a new one for each), so one
learner's slider never moves another's curves. The page draws the curves itself
(``dashboard.plots``); the server keeps the model, and from it the formula, the diagram, the
link and the JSON. A change the page made is already drawn there; any other change (a typed
value, a figure, a file, a neuron added) is sent to the page as its new state.

The Playground composes and reacts; each concept is a module of its own: the controls bound to
a parameter (``.bound``), Undo, Redo and Reset (``.going_back``), the hidden layer's cards
(``.cards``), the bounded rate of the text and the cards (``.pace``), the permalink
(``.permalink``), the files (``.files``), the y-axis fit (``.yrange``) and the article's
figures (``.figures``).
"""

from __future__ import annotations

import html

import panel as pn

from model import Network
from model.article import FREE, PRESETS, is_edited, preset
from model.depth import Explorer
from model.document import to_json
from model.history import History, State
from model.lang import LANGUAGES, Phrase, language
from model.messages import Message, show
from model.target import Target
from model.view import View

# activation_groups stays importable from here: dashboard.export imports it so.
from .bound import BoundControls, activation_groups  # noqa: F401
from .cards import LayerControls
from .controls import from_page
from .copycode import CopyCode
from .depth_view import DepthExplorer
from .diagram import diagram_svg
from .figures import caption_html, figure_state
from .files import Files
from .formula import formula_html
from .going_back import EditButtons
from .notebook import Text
from .notices import Notices
from .outbox import Outbox
from .outputs import OutputControls
from .pace import TEXT_DELAY, TEXT_INTERVAL, Paced
from .permalink import Permalink, to_query_string
from .plots import CurvesPane, neuron_id, state_values
from .targets import TargetControls
from .training_panel import TrainingControls
from .walk import Walk
from .words import Words
from .yrange import YFit


class Playground(pn.viewable.Viewer):
    """The live dashboard of one network."""

    def __init__(
        self,
        network: Network | None = None,
        view: View | None = None,
        target: Target | None = None,
        **params,
    ):
        figure_id = params.pop("figure", FREE) if view is None else view.figure
        lang = params.pop("lang", None)
        super().__init__(**params)
        self.network = network if network is not None else Network()
        #: How the network is shown; the view's widgets are built from its parameters.
        self.view = View(figure=figure_id, lang=language(view.lang if view else lang))
        #: Every word of the page, in the view's language (``.words``); it follows a switch.
        self.words = Words(self.view.lang)
        self.view.param.watch(lambda event: setattr(self.words, "lang", event.new), "lang")
        self.plots = CurvesPane(self._drawn)
        self.plots.outbox = Outbox(refused=lambda sentence: self.refused(sentence))
        self._loading = False
        self._text = Paced(self._update_text, TEXT_DELAY, TEXT_INTERVAL)
        self._build_widgets()
        self.words.follow(self._update_text)  # after a switch: every text made again
        self._y_fit = YFit(self.network, self.view, self.plots, self.notices)
        self._load(figure_id, configure=network is None, view=view)
        self.network.param.watch(self._on_network_change, "changed")
        self.network.second.param.watch(self._on_second_enabled, "enabled")
        self.view.param.watch(self._on_figure, "figure")
        self.view.param.watch(self._on_view_change, list(View.KEYS[1:]))
        #: Undo, redo and Reset to figure: the last edits of this network and its view.
        self.history = History(self.network, self.view, explorer=self.depth.explorer)
        self.plots.outbox.between = self.history.record
        self._edits.follow(self.history)
        #: The training settings a document or link brought, kept for the next one written.
        self.training: dict | None = None
        if target is not None:
            self._target.set(target)

    @classmethod
    def from_figure(cls, figure_id: str = FREE, lang: str = "en") -> Playground:
        """A Playground showing figure ``figure_id`` of the article (or "free"), its words in
        ``lang`` ("en" or "ja")."""
        preset(figure_id)  # an unknown id raises the clear UnknownFigureError
        if language(lang) != lang:
            raise ValueError(Message("choice.unknown", where="lang", known=", ".join(LANGUAGES),
                                     value=show(lang)))  # fmt: skip
        return cls(figure=figure_id, lang=lang)

    @classmethod
    def from_state(cls, network: Network, view: View, target: Target | None = None) -> Playground:
        """A Playground showing ``network`` (used as given, not copied) as ``view`` says, with
        ``target`` to fit, if any."""
        return cls(network=network, view=view, target=target)

    @property
    def target(self) -> Target | None:
        """The shape the network's output is compared with, if any (``dashboard.targets``)."""
        return self._target.target

    def set_target(self, target: Target | None) -> None:
        self._target.set(target)

    def set_training(self, training: dict | None) -> None:
        """The training settings a document or link brought (None: the defaults)."""
        self.training = training
        self._training.follow(training)

    @property
    def figure(self) -> str:
        return self.view.figure

    @property
    def _cards(self) -> dict:
        """Each neuron card made, by ``id`` of its neuron (``LayerControls.by_neuron``)."""
        return self._layer.by_neuron

    def _drawn(self) -> tuple[Network, View, int]:
        return self.network, self.view, self._selected()

    def _selected(self) -> int:
        """The neuron being edited, drawn wider, when a picker chooses among many."""
        return self._layer.selected()

    # -- widgets ------------------------------------------------------------------------------
    def _build_widgets(self) -> None:
        # Each widget is also an attribute of the playground: the layout and the tests look
        # for it there, whichever part holds it.
        net, view, curves = self.network, self.view, self.plots
        words = self.words
        self._bound = bound = BoundControls(net, view, curves, words)
        self.language = bound.language
        self.figure_select, self.activation = bound.figure_select, bound.activation
        self.second_switch, self.w2, self.b2 = bound.second_switch, bound.w2, bound.b2
        self.sum_check, self.deep_check = bound.sum_check, bound.deep_check
        self.y_auto_check, self.safe_check = bound.y_auto_check, bound.safe_check
        self.slope_check = bound.slope_check
        self._edits = EditButtons(self.undo, self.redo, self.reset, words)
        self.edit_buttons = self._edits.row
        self.undo_button, self.redo_button = self._edits.undo_button, self._edits.redo_button
        self.reset_button = self._edits.reset_button
        #: What the page has to say about the link it was opened with, or a refused edit.
        self.notices = Notices(words)
        # The history comes after the first load (which is no edit): looked up at each edit.
        self._layer = LayerControls(
            net, view, curves, self.notices, lambda: self.history.action(), self._push, words
        )
        self.count, self.add_button = self._layer.count, self._layer.add_button
        self.cards, self.neuron_picker = self._layer.column, self._layer.picker
        self._outputs = OutputControls(net, curves, words)
        self.output_switch, self.output_controls = self._outputs.switch, self._outputs.column
        self._target = TargetControls(
            net,
            view,
            curves.push,
            lambda: self._text.schedule(),
            lambda: self.history.action(),
            words,
        )
        self.target_select, self.target_controls = self._target.select, self._target.column
        curves.target_values, curves.on_tap = self._target.values, self._target.tap
        self._training = TrainingControls(self)
        self.training_controls = self._training.column
        self.caption = Text("", sizing_mode="stretch_width")
        self.formula = Text("", sizing_mode="stretch_width", styles={"font-size": "15px"})
        self.diagram = Text("", sizing_mode="stretch_width")
        self._link = Permalink(self.query_string, words)
        self.copy_link, self.link_holder = self._link.copy_link, self._link.holder
        self._copy_code = CopyCode(net, view, curves.outbox, words)  # a script that redraws it
        self.copy_code = self._copy_code.column
        self._files = Files(self)
        self.file_notices = self._files.notices
        self.save_json, self.open_json = self._files.save_json, self._files.open_json
        self.download = self._files.download
        #: The depth explorer (``.depth_view``): the second layer's neuron stacked on the sum.
        self.depth = DepthExplorer(Explorer(), self.plots, words)
        # The link carries the explorer too: it follows at the text's rate.
        self.depth.explorer.param.watch(
            lambda *_: self._text.schedule(), ["shown", "depth", "weight", "bias", "own"]
        )
        #: The guided walk through the article's figures (``.walk``), in the served page.
        self.walk = Walk(net, view, self.open_figure, lambda: self._text.schedule(), words)

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
            self._link.enable()
        doc = pn.state.curdoc
        if doc is not None and doc.session_context is not None:
            listen(doc, self.refused)  # changes the server refuses before Panel sees them
        return page(self)

    def refused(self, message) -> None:
        """Tell the learner that a change from their page was refused: in a notification,
        seen wherever they are looking (escaped: Panel's toasts render HTML), in the page's
        language (``message``: a ``Phrase`` or ``Message``, or plain text)."""
        from .notices import plain

        notifications = pn.state.notifications
        if notifications is not None:
            notifications.warning(plain(self.words.say(message)), duration=6000)
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
        self._y_fit.accept()
        self._update_views()

    def _apply_view(self, view: View) -> None:
        """Show the network as ``view`` says (a view the model has checked).

        A preference the learner turned on (``View.PREFERENCES``: the palette) stays on
        whatever figure or document comes next, until they turn it off.
        """
        view = view.copy()
        for name in View.PREFERENCES:  # a preference a view leaves at its default is kept
            if getattr(view, name) == view.param[name].default:
                setattr(view, name, getattr(self.view, name))
        # Events go out (the widgets must show the view); ``_loading`` keeps them from
        # redrawing anything before the whole view is in place.
        self.view.update_from(view)
        if view.ylim is None:
            self.view.y_auto = True
        self._layer.renew()
        self._show_figure()

    def _show_figure(self) -> None:
        """What follows the view's figure: the caption, the file name, the y-range box."""
        self.y_auto_check.disabled = self.view.ylim is None
        self._update_caption()
        self._files.name_after(self.view.figure)

    def _update_caption(self) -> None:
        view = self.view
        self.caption.object = caption_html(
            self.network, view.figure, view.safe_colors, self.words.lang
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
        self._y_fit.accept()
        self._update_views()

    def _on_figure(self, event) -> None:
        if self._loading or self.history.applying:
            return
        edited = event.old in PRESETS and is_edited(self.network, event.old)
        with self.history.reaction():  # the figure and all it loads: one step to undo
            self._load(event.new)
        if edited:
            old = (
                Phrase("ui.notice.free_play")
                if event.old == FREE
                else Phrase("ui.notice.figure", figure=event.old)
            )
            self.notices.show(Phrase("ui.notice.put_aside", old=old), kind="info")

    def open_figure(self, figure_id: str) -> None:
        """Figure ``figure_id`` as the article draws it, as the Figure menu opens it (edits
        put aside are one Undo away)."""
        if self.view.figure != figure_id:
            self.view.figure = figure_id
        else:
            self.reset()

    def _on_view_change(self, *events) -> None:
        if self._loading:
            return
        if any(e.name == "y_auto" and not e.new for e in events):
            # The learner chose the figure's limits: what they hide now is seen and kept.
            self._y_fit.accept()
        self._layer.sync_shown()
        self._changed()

    def _on_network_change(self, _event) -> None:
        if self._loading:
            return
        if not self.history.applying:
            self._y_fit.fit()
        self._changed()

    def _on_second_enabled(self, event) -> None:
        if event.new and not self._loading:  # switching the layer on is asking to see it
            self.view.show_deep = True

    def _changed(self) -> None:
        if self._layer.stale():
            self._layer.follow()
        if not from_page():  # a change the page made is drawn there already
            self._push()
        if self._training.text_due():  # while training runs, once a second
            self._text.schedule()

    def _push(self) -> None:
        self.plots.push(state_values(*self._drawn()))

    def _update_views(self) -> None:
        self._push()
        self._update_text()

    def _update_text(self) -> None:
        """The formula, diagram, link and caption, and what each control allows now (at the
        bounded rate of ``.text`` while a session is served)."""
        self.plots.outbox.catch_up()  # the typed boxes the page's sliders have left behind
        self._link.update()
        colors = self.view.colors(self.network)
        heading = html.escape(self.words("ui.formula.heading"))
        self.formula.object = f"<b>{heading}</b>" + formula_html(self.network, colors)
        self.diagram.object = diagram_svg(self.network, colors, self.words.lang)
        self._layer.update(colors[0])
        self._outputs.update()
        self._target.update()
        self._bound.update()
        self._update_caption()
        self.walk.update()  # each task's ✓ follows the network
        self.reset_button.disabled = State.of(self.network, self.view) == figure_state(
            self.view.figure
        )

    # -- going back ---------------------------------------------------------------------------
    def undo(self, _event=None) -> bool:
        """Take back the last edit (a drag, a neuron added, a figure chosen…)."""
        self._training.stop()  # going back is the hand too: a run so far is one step
        return self._went_back(self.history.undo())

    def redo(self, _event=None) -> bool:
        """Make the edit last taken back again."""
        self._training.stop()  # going back is the hand too: a run so far is one step
        return self._went_back(self.history.redo())

    def reset(self, _event=None) -> bool:
        """The network and view as the view's figure opens them (Undo takes it back)."""
        self._training.stop()  # going back is the hand too: a run so far is one step
        return self._went_back(self.history.reset())

    def _went_back(self, moved: bool) -> bool:
        if moved:
            self.notices.clear()  # what they said was about the state just left
            self._show_figure()
            self._y_fit.accept()
            self._update_views()
        return moved

    # -- the state as a link and a document ---------------------------------------------------
    def query_string(self) -> str:
        """The whole state as a URL query, e.g. ``?figure=nn9&act=sigmoid&n=2_-2~…``."""
        return to_query_string(
            self.network, self.view, self.target, self.training, self.depth.explorer,
            self.walk.number,
        )  # fmt: skip

    def to_json(self) -> str:
        """The network and how it is shown, as the versioned JSON document of ``model.state``."""
        depth = self.depth.explorer
        depth = None if depth.is_default() else depth
        return to_json(self.network, self.view, self.target, self.training, depth=depth)

    def open_document(self, data: bytes | str, name: str | None = None) -> bool:
        """Show the network a JSON document holds; refuse it, changing nothing, if it is bad."""
        return self._files.open_document(data, name)

    # -- end of a session ---------------------------------------------------------------------
    def release(self) -> None:
        """Let go of what outlives a session unless told: Panel's registry of JS callbacks.

        Its entries are keyed by widget and hold their widget (and through the callback's
        arguments this whole playground): without this, every session ever served stays.
        """
        from panel.links import Callback

        self._training.release()
        self.history.close()
        sources = [*self._bound.sources(), *self._link.sources(), *self._layer.sources()]
        sources += self.depth.sources()
        sources += self._copy_code.sources()
        sources += self._outputs.sources()
        for source in sources:
            Callback.registry.pop(source, None)


__all__ = ["FREE", "Playground", "neuron_id"]
