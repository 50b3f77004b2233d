"""The plots, formula, diagram, caption, depth explorer and walk in both languages, without a
browser: what the server writes, and the words it gives the page to write (``page_words``).
The page itself: tests/ui/test_lang_plots.py."""

from __future__ import annotations

import html
import re
from pathlib import Path

from dashboard import Playground
from dashboard.diagram import diagram_svg
from dashboard.figures import caption_html
from dashboard.plots import PAGE_WORDS, build, page_words, state_values
from model.article import figure
from model.lang import CATALOGUES, text
from model.view import View

JS = Path(__file__).parent.parent / "dashboard" / "js"
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def test_every_word_the_page_writes_is_a_page_word_in_both_languages():
    """A key the page's JS reads (``s.words[…]``, ``nn.say(s, …)``) is sent with the state: a
    key missing from ``PAGE_WORDS`` would be drawn as "undefined"."""
    used = set()
    for path in JS.glob("*.js"):
        source = path.read_text(encoding="utf-8")
        used |= set(re.findall(r"""words\[["'`]([a-z_.]+)["'`]\]""", source))
        used |= set(re.findall(r"""say\([a-z]+, ["']([a-z_.]+)["']""", source))
        used |= set(re.findall(r"""\? ["']((?:plot|ui)\.[a-z_.]+)["']""", source))
        used |= set(re.findall(r""": ["']((?:plot|ui)\.[a-z_.]+)["']""", source))
    assert len(used) > 40, used
    assert used <= set(PAGE_WORDS), used - set(PAGE_WORDS)
    for lang in ("en", "ja"):
        assert set(page_words(lang)) == set(PAGE_WORDS)
    ja = page_words("ja")
    assert ja["plot.legend.sum"] == CATALOGUES["ja"]["plot.legend.sum"] == "和"
    assert ja["plot.legend.neuron"] == "ニューロン {n}"  # a template: the page fills it
    assert page_words("xx") == page_words("en")  # a hostile code: the default


def _labels(layout) -> dict:
    hidden, second, slope = (layout.select_one({"name": n}) for n in ("hidden", "second", "slope"))
    return {
        "titles": [hidden.title.text, second.title.text, slope.title.text],
        "axes": [hidden.yaxis[0].axis_label, second.yaxis[0].axis_label],
        "legend": [item.label["value"] for item in hidden.legend[0].items[:3]]
        + [item.label["value"] for item in second.legend[0].items[:2]],
        "hover": [tool.description for tool in hidden.tools if tool.description],
    }


def test_the_plots_are_built_in_the_views_language():
    net = figure("nn11")
    view = View.for_figure("nn11", 3)
    view.lang = "ja"
    layout, state, _draw = build(net, view)
    assert state.words == page_words("ja")
    labels = _labels(layout)
    assert labels["titles"] == [
        "隠れ層: 各ニューロンとその和",
        "2層目: 和にもう1つのニューロンをかけたもの",
        "傾き dy/dx",
    ]
    assert labels["axes"] == ["出力", "出力"]
    assert labels["legend"][:3] == ["和", "ニューロン 1", "ニューロン 2"]
    assert labels["legend"][3:] == ["和", "2層目"]
    assert labels["hover"] == ["カーソル位置の曲線の値"]
    view.lang = "en"
    english = _labels(build(net, view)[0])
    assert english["axes"] == ["output", "output"]
    assert english["legend"] == ["sum", "neuron 1", "neuron 2", "sum", "second layer"]
    assert state_values(net, view)["words"]["plot.axis.output"] == "output"


def test_the_diagram_speaks_the_language_asked():
    net = figure("nn11")
    ja = diagram_svg(net, lang="ja")
    assert 'aria-label="ネットワークの図式: 隠れ層のニューロン 3 個 + 1"' in ja
    assert "<title>ニューロン 1: 重み 2.0、バイアス −2.0</title>" in ja
    assert "<title>ニューロン 2: 重み 0.5、バイアス 1.0</title>" in ja
    assert "<title>2層目: 重み" in ja
    assert not re.search(r"neuron|weight|bias|hidden|layer", ja)
    en = diagram_svg(net)
    assert (
        en == diagram_svg(net, lang="en") and 'aria-label="Network diagram: 3 hidden neurons' in en
    )
    one = figure("nn6")
    one.hidden.remove_neuron(2)
    one.hidden.remove_neuron(1)
    assert "1 hidden neuron<" in diagram_svg(one)


def test_the_caption_is_the_figures_in_the_language_asked():
    net = figure("nn9")
    ja = caption_html(net, "nn9", lang="ja")
    assert html.escape(text("figure.nn9.title", "ja")) in ja
    assert html.escape(text("figure.nn9.caption", "ja")) in ja
    assert JAPANESE.search(ja)
    safe = caption_html(net, "nn9", safe_colors=True, lang="ja")
    assert html.escape(text("ui.caption.safe", "ja")) in safe
    net.neurons[0].weight = 7.0
    edited = caption_html(net, "nn9", lang="ja")
    origin = text("ui.caption.figure", "ja", id="nn9", title=text("figure.nn9.title", "ja"))
    title = text("ui.caption.edited", "ja", origin=origin)
    assert (
        html.escape(title) in edited and html.escape(text("ui.caption.edited_text", "ja")) in edited
    )
    assert "Edited from figure nn9" in caption_html(net, "nn9")


def test_a_switch_relabels_formula_diagram_caption_and_walk_in_place():
    pg = Playground.from_figure("nn11", lang="ja")
    pg.walk.start_button.clicks += 1  # step 1, figure nn6
    can_undo = pg.history.can_undo
    assert pg.formula.object.startswith("<b>数式</b>")
    assert "ネットワークの図式" in pg.diagram.object
    assert html.escape(text("figure.nn6.title", "ja")) in pg.caption.object
    walk = pg.walk
    assert walk.next_button.label == "次へ →" and walk.back_button.label == "← 前へ"
    assert walk.leave_button.label == "ガイドをやめる"
    assert "aria-label=次へ →" in walk.next_button.tags
    assert "ステップ 1/12 · 図 nn6" in walk.heading.object
    assert html.escape(text("walk.nn6.text", "ja")) in walk.explanation.object
    assert "やってみよう:" in walk.tasks.object and "まだです" in walk.tasks.object
    assert html.escape(text("walk.nn6.double", "ja")) in walk.tasks.object

    pg.view.lang = "en"
    assert pg.formula.object.startswith("<b>Formula</b>")
    assert "Network diagram: 3 hidden neurons" in pg.diagram.object
    assert html.escape(text("figure.nn6.title", "en")) in pg.caption.object
    assert walk.next_button.label == "Next →" and "aria-label=Next →" in walk.next_button.tags
    assert walk.start_button.label == "Start the walk"
    assert "Step 1 of 12 · figure nn6" in walk.heading.object
    assert "Try it:" in walk.tasks.object and "not done yet" in walk.tasks.object
    assert not JAPANESE.search(walk.tasks.object + walk.explanation.object)
    assert walk.number == 1 and pg.figure == "nn6"  # the walk stays where it was
    assert pg.history.can_undo == can_undo  # Undo kept: a switch changes no state


def test_the_walks_notes_and_continue_offer_follow_the_switch():
    pg = Playground.from_figure("nn6", lang="ja")
    walk = pg.walk
    walk.memory.stored = '{"step": 4, "done": {}}'
    assert walk.continue_button.visible
    assert walk.continue_button.label == "ステップ 4 からガイドを続ける"
    walk.go(3)
    pg.open_figure("nn6")  # away from the step's figure: the note says where its tasks are
    assert walk.note.visible and "図 nn9 についてです" in walk.note.object
    pg.view.lang = "en"
    assert "This step&#x27;s tasks are about figure nn9" in walk.note.object


def test_the_depth_explorer_follows_the_switch():
    pg = Playground.from_figure("nn9", lang="ja")
    depth = pg.depth
    assert depth.toggle.label == "深さを調べる画面を表示"
    assert "<b>深さ</b>" in depth.about.object and "y<sub>k</sub>" in depth.about.object
    depth.explorer.shown = True
    assert depth.depth_slider.name == "深さ: 重ねる層の数"
    assert depth.weight_slider.name == "w: 全層の重み"
    assert depth.reset_layers.label == "全層を共通の w と b に戻す"
    assert "aria-label=1層目の w" in depth.boxes[0][1].tags
    depth.boxes[0][1].value = "<b>many</b>"  # refused, shown as text in the page's language
    assert depth.message.visible
    assert depth.message.object == (
        "反映しませんでした: &#x27;&lt;b&gt;many&lt;/b&gt;&#x27; は数ではありません。"
    )
    pg.view.lang = "en"
    assert depth.toggle.label == "Show the depth explorer"
    assert depth.depth_slider.name == "depth: layers stacked"
    assert "aria-label=layer 1 w" in depth.boxes[0][1].tags
    assert depth.message.object == (
        "Not applied: &#x27;&lt;b&gt;many&lt;/b&gt;&#x27; is not a number."
    )
    assert "<b>Depth</b>" in depth.about.object


def test_the_exported_files_depth_section_speaks_the_language_asked():
    from bokeh.models import Div, Slider

    from dashboard.depth import file_section
    from model.depth import Explorer

    net, view = figure("nn9"), View.for_figure("nn9", 3)
    view.lang = "ja"
    _layout, state, _draw = build(net, view)
    explorer = Explorer()
    explorer.set_layer(2, 1.5, 0.25)
    for lang in ("ja", "en"):
        section, _ = file_section(explorer, state, lang)
        models = list(section.references())
        texts = " ".join(m.text for m in models if isinstance(m, Div))
        titles = sorted(m.title for m in models if isinstance(m, Slider))  # a set: no order
        assert titles == sorted(text(f"ui.depth.{k}", lang) for k in ("depth", "weight", "bias"))
        assert html.escape(text("ui.depth.file_heading", lang)) in texts
        layer = text("ui.depth.file_layer", lang, k=2, w="1.5", b="0.25")
        assert html.escape(text("ui.depth.file_own", lang, layers=layer)) in texts
        assert "(<code>nnshape serve</code>)" in texts  # the command, the only markup
        assert bool(JAPANESE.search(texts)) == (lang == "ja")
