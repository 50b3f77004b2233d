"""What the page says about links, files, refused values and edits put aside, and the pages the
server sends instead of the app, are in the learner's language: English by default, Japanese
with ``lang=ja``, and a message already shown follows a switch of the page's language."""

from __future__ import annotations

import html
import json

from tornado import httputil

from dashboard import Playground, guard
from dashboard.admission import Limits, busy, joining, too_many
from dashboard.copycode import fallback_html
from dashboard.notices import WORDS_TAG
from dashboard.patches import refused_sentence
from dashboard.words import Words
from model.lang import CATALOGUES, text
from model.permalink import from_query

EN, JA = CATALOGUES["en"], CATALOGUES["ja"]


def _japanese(line: str) -> bool:
    return any("\u3040" <= c <= "\u30ff" or "\u4e00" <= c <= "\u9fff" for c in line)


def _words_tag(widget) -> dict:
    (tag,) = [t for t in widget.tags if isinstance(t, str) and t.startswith(WORDS_TAG)]
    return json.loads(tag[len(WORDS_TAG) :])


def test_the_link_code_and_file_buttons_speak_the_pages_language_and_follow_a_switch():
    pg = Playground.from_figure("nn9", lang="ja")
    widgets = {
        "ui.link.copy": pg.copy_link,
        "ui.code.copy": pg._copy_code.button,
        "ui.files.save_json": pg.save_json,
        "ui.files.download": pg.download,
    }
    for lang in ("ja", "en", "ja"):
        pg.view.lang = lang
        for key, widget in widgets.items():
            assert widget.label == text(key, lang)
        assert pg.copy_link.description == text("ui.link.copy_about", lang)
        assert pg.open_json.description == text("ui.files.open_about", lang)
        assert f"aria-label={text('ui.files.open_about', lang)}" in pg.open_json.tags
        # What the page writes itself: templates from the catalogue, filled in there.
        picker = _words_tag(pg.open_json)
        assert picker["choose"] == CATALOGUES[lang]["ui.files.choose"]
        assert picker["too_big"] == CATALOGUES[lang]["ui.files.too_big"]
        assert "{name}" in picker["too_big"]
        assert _words_tag(pg.copy_link)["copied"] == CATALOGUES[lang]["ui.link.copied"]
        assert _words_tag(pg._copy_code.button)["from_box"] == CATALOGUES[lang]["ui.code.from_box"]
    assert pg.save_json.filename == "nnshape.json"  # a label of ours is no file name
    assert pg.download.filename == "nnshape-nn9.html"


def test_copy_as_codes_fallback_box_is_in_the_pages_language_and_the_script_stays_text():
    pg = Playground.from_figure("nn9", lang="ja")
    pg._copy_code.copy()
    assert JA["ui.code.refused"] in pg._copy_code.box.object
    assert f"aria-label='{JA['ui.code.box_aria']}'" in pg._copy_code.box.object
    pg.view.lang = "en"
    assert JA["ui.code.refused"] not in pg._copy_code.box.object
    assert "The browser did not let the page copy" in pg._copy_code.box.object
    box = fallback_html("</textarea><script>x</script>", Words("ja"))
    assert "<script>" not in box and "&lt;script&gt;" in box


def test_a_notice_about_edits_put_aside_follows_a_switch():
    pg = Playground.from_figure("nn9")
    pg.network.neurons[0].weight = 3.0
    pg.view.figure = "nn10"
    english = "Your edits to figure nn9 were put aside: Undo brings them back."
    assert pg.notices.text == english
    pg.view.lang = "ja"
    said = pg.notices.text
    old = text("ui.notice.figure", "ja", figure="nn9")
    assert said == text("ui.notice.put_aside", "ja", old=old)
    assert _japanese(said) and "nn9" in said
    assert said in pg.notices.pane.object  # what the page shows, not only what is kept
    pg.view.lang = "en"
    assert pg.notices.text == english


def test_a_refused_value_is_told_in_the_pages_language(monkeypatch):
    import panel as pn

    # Outside a served page there are no notifications (a test before may have left some).
    monkeypatch.setattr(type(pn.state), "notifications", property(lambda _self: None))
    pg = Playground.from_figure("nn9", lang="ja")
    sentence = refused_sentence("slider", pg.w2.label, float("nan"))
    assert str(sentence).startswith("Not applied: the slider ")  # its English, for the log
    pg.refused(sentence)  # no notifications outside a served page: the notices say it
    said = pg.notices.text
    assert _japanese(said) and JA["ui.refused.kind.slider"] in said and "nan" in said
    assert pg.w2.label in said  # the control's own label, in the page's language
    pg.view.lang = "en"
    assert pg.notices.text.startswith("Not applied: the slider '")
    unnamed = refused_sentence("check box", "", "<b>")
    assert unnamed.text(JA).startswith("適用しませんでした") and "'<b>'" in unnamed.text(JA)
    assert "a check box cannot be set to '<b>'" in unnamed


def test_a_typed_value_refused_beside_its_box_follows_a_switch():
    pg = Playground.from_figure("nn11", lang="ja")
    pg.w2.box.value = "abc"
    assert pg.w2.message.visible
    assert pg.w2.message.object.startswith("適用しませんでした")
    assert "&#x27;abc&#x27;" in pg.w2.message.object
    pg.view.lang = "en"
    assert pg.w2.message.object == "Not applied: &#x27;abc&#x27; is not a number."
    pg.w2.box.value = "2e9"  # past the bounds: the model's refusal, said in the language
    assert pg.w2.message.object.startswith("Not applied: ")
    english = pg.w2.message.object
    pg.view.lang = "ja"
    assert pg.w2.message.object.startswith("適用しませんでした") and english != pg.w2.message.object


def test_opening_a_file_says_what_became_of_it_in_the_pages_language():
    pg = Playground.from_figure("nn9", lang="ja")
    before = pg.to_json()
    assert not pg.open_document(b"{", "'<b>bad</b>.json'")
    said = pg.file_notices.text
    assert said.startswith("'<b>bad</b>.json' を開けませんでした: ")
    assert _japanese(said.split(": ", 1)[1])  # the model's reason too
    assert "&lt;b&gt;" in pg.file_notices.pane.object  # a file's name is shown as text
    assert pg.to_json() == before
    pg.view.lang = "en"
    assert pg.file_notices.text.startswith("Did not open '<b>bad</b>.json': the document is")
    assert pg.open_document(Playground.from_figure("nn6").to_json())
    assert pg.file_notices.text == "Opened the file."
    pg.view.lang = "ja"
    assert pg.file_notices.text == "ファイル を開きました。"


def test_a_links_notices_are_said_in_the_pages_language():
    state = from_query({"figure": ["nn9"], "n": ["x_y"], "bogus": ["1"]})
    assert state.notices
    pg = Playground.from_state(state.network, state.view)
    pg.notices.show(*state.notices)
    english = pg.notices.text
    assert "ignored" in english
    pg.view.lang = "ja"
    assert _japanese(pg.notices.text) and "ignored" not in pg.notices.text
    assert pg.notices.said() == [m.text(JA) for m in state.notices]


def _start(path: str) -> httputil.RequestStartLine:
    return httputil.RequestStartLine("GET", path, "HTTP/1.1")


def test_the_servers_own_pages_speak_the_language_the_link_asks_for():
    hosts = guard.Hosts.of(5006)
    evil = httputil.HTTPHeaders({"Host": "evil.example:5006"})
    paths = [("/", "en"), ("/?figure=nn9&lang=ja", "ja"), ("/?lang=en&lang=ja", "ja"),
             ("/?lang=%3Cscript%3E", "en"), ("/?lang=fr", "en"), ("/?xlang=ja", "en")]  # fmt: skip
    for path, lang in paths:
        assert guard.language_of(path) == lang, path
        body = guard.check(_start(path), evil, hosts).body.decode()
        assert f'<html lang="{lang}">' in body
        assert html.escape(text("ui.server.wrong_host", lang)) in body
        assert "evil.example:5006" in body
    ok = httputil.HTTPHeaders({"Host": "127.0.0.1:5006"})
    long = guard.check(_start("/?lang=ja&n=" + "1" * guard.MAX_URL_BYTES), ok, hosts)
    body = long.body.decode()
    assert long.status == 414 and '<html lang="ja">' in body
    assert text("ui.server.too_long", "ja") in body and 'href="/?lang=ja"' in body
    big = httputil.HTTPHeaders({"Host": "127.0.0.1:5006", "Cookie": "x" * guard.MAX_HEADER_BYTES})
    body = guard.check(_start("/?lang=ja"), big, hosts).body.decode()
    assert text("ui.server.too_large", "ja") in body
    assert "<" + "script" not in guard.check(_start("/?lang=<script>"), evil, hosts).body.decode()


class _Request:
    def __init__(self, arguments):
        self.arguments = arguments
        self.headers = {}


def test_the_busy_and_session_pages_speak_the_language_the_link_asks_for():
    for refusal in (busy(Limits(), "ja"), too_many("10.0.0.1", Limits(), "ja")):
        body = refusal.body.decode()
        assert '<html lang="ja">' in body and "秒後に自動でもう一度試します" in body
        assert f"{refusal.retry} 秒後" in body
    assert "tries again by itself" in busy(Limits()).body.decode()
    asked = joining(_Request({"lang": [b"ja"], "bokeh-session-id": [b"x"]})).body.decode()
    assert text("ui.server.joining", "ja") in asked and 'href="./?lang=ja"' in asked
    assert '<html lang="en">' in joining(_Request({"bokeh-token": [b"x"]})).body.decode()


def test_the_page_finds_a_neurons_weight_slider_by_its_name_in_either_language():
    import re

    from dashboard.controls import accessibility_js, weight_names

    names = [re.compile(source) for source in weight_names()]
    for lang in ("en", "ja"):
        pg = Playground.from_figure("nn9", lang=lang)
        for card in pg._cards.values():
            (weight,) = [t[len("aria-label=") :] for t in card.weight.slider.tags]
            (bias,) = [t[len("aria-label=") :] for t in card.bias.slider.tags]
            assert any(name.match(weight) for name in names), weight
            assert not any(name.match(bias) for name in names), bias
    assert json.dumps(weight_names()) in accessibility_js()


def test_the_y_axis_notice_names_its_curves_in_the_pages_language():
    pg = Playground.from_figure("nn9", lang="ja")
    pg.add_button.clicks += 1
    pg.add_button.clicks += 1  # four sigmoids outgrow nn9's limits (-0.5 to 3)
    said = pg.notices.text
    assert said.startswith("y 軸を曲線に合わせました") and "和" in said and "-0.5 から 3" in said
    pg.view.lang = "en"
    assert pg.notices.text.startswith("The y-axis now fits the curves: the figure's limits (-0.5")
    assert "the sum" in pg.notices.text
