"""Fitting, training and the exported file in both languages, without a browser: the target's
and the training panel's words are the catalogue's, follow a switch and back (a run goes on
through one); the out-of-reach sentence in Japanese, served and in the file; ``nnshape export
--lang ja`` writes a file in Japanese. (The file opened in Chromium: tests/ui/test_export_lang.py.)
"""

from __future__ import annotations

import html
import json
import re
from types import SimpleNamespace
from urllib.parse import parse_qs

import pytest

from dashboard.fit_plot import label, reach_table, score_text, target_values
from dashboard.playground import Playground
from harness.commands import nnshape
from model.article import FIGURES, figure
from model.lang import CATALOGUES, text
from model.permalink import from_query
from model.target import SHAPES, Target

EN, JA = CATALOGUES["en"], CATALOGUES["ja"]
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def words_of(pg: Playground) -> dict:
    """What the target's and the training panel's widgets say now."""
    target, training = pg._target, pg._training
    return {
        "target": target.select.name,
        "target_about": target.select.description,
        "options": list(target.select.options),
        "placeholder": target.formula.placeholder,
        "buttons": [b.name for b in (training.play, training.pause, training.step,
                                     training.reset, training.rewind)],
        "about": [training.reset.description, training.rewind.description],
        "optimiser": training.optimiser.name,
        "optimisers": list(training.optimiser.options),
        "rate": training.learning_rate.name,
        "seed": training.seed.name,
        "aria": [training.learning_rate.tags, training.seed.tags, target.formula.tags],
        "loss": [training._plot.title.text, training._plot.xaxis[0].axis_label,
                 training._plot.yaxis[0].axis_label],
    }  # fmt: skip


def expected(catalogue: dict) -> dict:
    say = catalogue.__getitem__
    figures = [
        say("ui.fit.figure_option").format(id=f.id, title=say(f"figure.{f.id}.title"))
        for f in FIGURES.values()
    ]
    return {
        "target": say("ui.fit.target"),
        "target_about": say("ui.fit.target_about"),
        "options": [say("ui.fit.none")]
        + [say(f"ui.fit.shape.{s}") for s in SHAPES]
        + figures
        + [say("ui.fit.points"), say("ui.fit.formula")],
        "placeholder": say("ui.fit.formula_placeholder"),
        "buttons": [say(f"ui.train.{k}") for k in ("play", "pause", "step", "reset", "rewind")],
        "about": [say("ui.train.reset_about"), say("ui.train.rewind_about")],
        "optimiser": say("ui.train.optimiser"),
        "optimisers": [say(f"ui.train.optimiser.{k}") for k in ("adam", "sgd", "momentum")],
        "rate": say("ui.train.learning_rate"),
        "seed": say("ui.train.seed"),
        "aria": [
            [f"aria-label={say('ui.train.learning_rate')}"],
            [f"aria-label={say('ui.train.seed')}"],
            [f"aria-label={say('ui.fit.formula_aria')}"],
        ],
        "loss": [say("ui.train.loss"), say("ui.train.step_axis"), say("ui.train.loss_axis")],
    }


def training_playground(lang: str = "en") -> Playground:
    query = "figure=free&act=tanh&n=0.5_1~-0.5_-1~1_0&out=on_0_1~-1~0.5&target=sin"
    state = from_query(parse_qs(query))
    state.view.lang = lang
    return Playground.from_state(state.network, state.view, state.target)


def test_the_fit_and_training_words_are_the_catalogues_and_follow_a_switch():
    pg = Playground.from_figure("nn9", lang="ja")
    assert words_of(pg) == expected(JA)
    pg.view.lang = "en"
    assert words_of(pg) == expected(EN)
    pg.view.lang = "ja"
    assert words_of(pg) == expected(JA)
    # The menu's values are the model's: a choice made in Japanese is the same target.
    pg.target_select.value = "abs"
    assert pg.target == Target.preset("abs")
    assert pg.target_select.value == "abs"  # a switch keeps the choice
    pg.view.lang = "en"
    assert pg.target_select.value == "abs" and pg.target == Target.preset("abs")


def test_the_help_a_refusal_and_the_targets_name_follow_a_switch():
    pg = Playground.from_figure("nn9", lang="ja")
    target = pg._target
    pg.target_select.value = "formula"
    assert target.help.visible and target.help.object == html.escape(JA["ui.fit.formula_help"])
    target.formula.value = "x^2"
    assert target.message.visible
    said = html.unescape(target.message.object)
    assert said == JA["ui.fit.not_applied"].format(why=JA["expr.caret"]), said
    pg.view.lang = "en"
    said = html.unescape(target.message.object)
    assert said == "Not applied: ^ is not a power in a formula: write x**2 for x squared."
    assert target.help.object == html.escape(EN["ui.fit.formula_help"])
    pg.view.lang = "ja"
    pg.target_select.value = "points"
    assert target.help.object == html.escape(JA["ui.fit.points_help"])
    # The target's name on the score line: the page's language, sent with the state.
    pg.target_select.value = "fig.nn11"
    state = next(iter(pg.plots._renderings.values()), None)
    values = target.values()
    assert values["target_label"] == "nn11 の出力"
    pg.view.lang = "en"
    assert target.values()["target_label"] == "the output of nn11"
    if state is not None:
        assert state.target_label == "the output of nn11"


def test_a_typed_formula_is_the_learners_text_in_both_languages():
    target = Target.from_formula("0.5*sin(3*x)")
    assert label(target, "ja") == label(target, "en") == str(target.formula)
    assert label(Target.preset("bump"), "ja") == "ガウス関数の山"
    assert label(Target.from_points([(0.0, 1.0)]), "ja") == "クリックした点"
    assert (
        score_text("sin x", 0.25, float("inf"), "ja")
        == "目標 sin x: MSE 0.250 · 最大誤差 有限でない"
    )
    assert target_values(Target.preset("sin"), figure("nn9"), "ja")["target_label"] == "正弦 sin x"


def test_the_out_of_reach_sentence_is_japanese_served_and_in_the_file():
    pg = Playground.from_figure("nn9", lang="ja")  # three sigmoids, no output weights
    pg.target_select.value = "abs"  # reaches 5 on [-5, 5]
    status = html.unescape(pg._target.status.object)
    assert pg._target.status.visible
    assert status == (
        "出力の重みのないシグモイドの曲線 3 本の和は 3 より上になることがありませんが、"
        "目標は 5 に達します: 届かせるには、出力の重みをオンにしてください。"
    ), status
    pg.view.lang = "en"  # and back, in place
    status = html.unescape(pg._target.status.object)
    assert status.startswith("A sum of 3 Sigmoid curve(s) without output weights is never above 3")
    # The file's table is in the file's language, for every choice its controls offer.
    table = reach_table(Target.preset("abs"), figure("nn9"), "ja")
    assert table.keys() == reach_table(Target.preset("abs"), figure("nn9")).keys()
    for key, sentence in table.items():
        assert JAPANESE.search(sentence) and sentence.endswith("。"), (key, sentence)
        assert not re.search(r"\b(never|reach|switch|sum|below|above)\b", sentence), sentence
    assert "2層目のtanhの出力" in table["tanh|1|0"]
    # The exported file of the Japanese page carries that table, and the score line's words.
    from dashboard.export import snapshot_html

    pg.view.lang = "ja"
    document = html.unescape(snapshot_html(pg))
    reach = re.search(r'"target_reach":(\{"type":"map".*?\]\]\})', document)
    entries = dict(json.loads(reach.group(1))["entries"])
    assert entries == table
    assert '"target_label":"' + json.dumps("絶対値 |x|")[1:-1] + '"' in document


def test_training_speaks_japanese_and_a_switch_does_not_stop_a_run():
    pg = training_playground("ja")
    training = pg._training
    training._steps(20)
    assert html.unescape(training.counter.object).startswith("ステップ 20 · 損失 ")
    training._callback = SimpleNamespace(stop=lambda: None)  # as if playing
    pg.view.lang = "en"  # a switch mid-run: the run goes on
    assert training._callback is not None
    assert training.counter.object.startswith("Step 20 · loss ")
    training._steps(5)
    assert len(training.trainer.history) == 25
    pg.view.lang = "ja"
    pg.network.neurons[0].weight = 2.0  # the hand
    assert training._callback is None
    assert html.unescape(training.message.object) == JA["ui.train.hand"]
    pg.view.lang = "en"  # what was said is said again in the other language
    assert html.unescape(training.message.object) == EN["ui.train.hand"]
    training.learning_rate.value = "abc"
    assert html.unescape(training.message.object) == (
        "Not applied: the learning rate is not a number."
    )
    pg.view.lang = "ja"
    assert (
        html.unescape(training.message.object) == "適用しませんでした: 学習率が数ではありません。"
    )


def test_training_with_no_slope_names_the_activation_in_the_pages_language():
    pg = training_playground("ja")
    pg.activation.value = "step"
    pg._training._steps(1)
    said = html.unescape(pg._training.message.object)
    assert said == JA["ui.train.no_slope"].format(activation=JA["activation.step.label"])
    pg = Playground.from_figure("nn9", lang="ja")
    pg._training._steps(1)
    assert html.unescape(pg._training.message.object) == JA["ui.train.no_target"]


def test_the_counter_says_how_it_shares_the_server_in_japanese():
    from dashboard.training_share import SHARE

    pg = training_playground("ja")
    training = pg._training
    training._callback, training._rate = SimpleNamespace(stop=lambda: None), 110.0

    class Member:
        pass

    members = [Member() for _ in range(3)]
    for m in members:
        SHARE.join(m)
    try:
        sharing = training._sharing()
        assert sharing.startswith(" · 毎秒 110 ステップ、ほかの ")
        assert f"ほかの {SHARE.count - 1} 人とサーバーを共有中" in sharing, sharing
    finally:
        for m in members:
            SHARE.leave(m)
        training._callback = None


def visible_text(document: str) -> str:
    """The file's text a reader sees: its Bokeh models' text, titles and labels (the page's
    own words are drawn from these), decoded from the document's JSON (which Bokeh escapes
    once into the page) and from the HTML of its texts (tags are left, entities decoded)."""
    found = []
    for key in ("text", "title", "label"):
        for raw in re.findall(rf'"{key}":"((?:[^"\\]|\\.)*)"', html.unescape(document)):
            found.append(html.unescape(json.loads(f'"{raw}"')))
    return "\n".join(found)


def test_nnshape_export_lang_ja_writes_a_japanese_file(tmp_path):
    out = tmp_path / "nn9-ja.html"
    done = nnshape("export", "--figure", "nn9", "--lang", "ja", "-o", str(out), timeout=300)
    assert done.returncode == 0, done.stderr
    document = out.read_text(encoding="utf-8")
    assert '<html lang="ja">' in document
    assert "<title>nnshape: " + JA["figure.nn9.title"] + "</title>" in document
    seen = visible_text(document)
    for key in ("ui.activation", "ui.second.switch", "ui.curves.sum", "ui.curves.safe",
                "ui.formula.heading", "ui.network.heading", "figure.nn9.caption",
                "walk.nn9.text", "walk.nn9.turn", "walk.ui.file_tasks"):  # fmt: skip
        assert JA[key] in seen, key
    assert text("ui.number.aria", "ja", subject="ニューロン 1", label=JA["ui.card.weight"]) in seen
    assert "ガイドより: ステップ 4/12" in seen
    # The plot titles the page draws, and the score line's words: NetState.words, in Japanese.
    words = re.search(r'"words":(\{"type":"map".*?\]\]\})', html.unescape(document))
    words = json.loads(words.group(1))
    words = dict(words["entries"])
    assert words["plot.hidden.both"] == JA["plot.hidden.both"]
    assert words["plot.fit.score"] == JA["plot.fit.score"]
    # The link and the JSON keep the language.
    assert "lang=ja" in seen  # the link the file carries
    assert '"lang": "ja"' in seen  # the JSON it shows
    for english in ("Activation", "Second layer: y", "show sum", "Formula", "Exported from",
                    "Adding or removing", "From the walk", "Tasks to try", "Choosing a target",
                    "weight w", "output bias", "colour-blind-safe colours", "As JSON"):  # fmt: skip
        assert english not in seen, english


@pytest.mark.parametrize("bad", ["fr", "JA", "", "ja\n", "<script>", "x" * 5000])
def test_nnshape_export_refuses_a_language_it_does_not_have(tmp_path, bad):
    out = tmp_path / "x.html"
    done = nnshape("export", "--lang", bad, "-o", str(out))
    assert done.returncode == 2 and not out.exists()
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("nnshape export: error: argument --lang: lang must be one of en, ja")
    assert len(last) < 200 and "<script>" not in last.replace("'<script>'", "")


def test_export_json_lang_ja_keeps_the_language(tmp_path):
    out = tmp_path / "nn9.json"
    done = nnshape("export", "--format", "json", "--figure", "nn9", "--lang", "ja", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert json.loads(out.read_text())["view"]["lang"] == "ja"


def test_nnshape_fit_lang_ja_prints_japanese_and_the_document_keeps_it(tmp_path):
    out = tmp_path / "fit.json"
    done = nnshape("fit", "--target", "nn11", "--neurons", "2", "--steps", "20", "--lang", "ja",
                   "-o", str(out))  # fmt: skip
    assert done.returncode == 0, done.stderr
    result, wrote = done.stdout.strip().splitlines()
    assert result.startswith("最終 MSE ") and "Adam 法 で 20 ステップ" in result, result
    assert "tanh のニューロン 2 個、目標 nn11 の出力" in result, result
    assert wrote == f"{out} に書き出しました"
    assert json.loads(out.read_text())["view"]["lang"] == "ja"
    english = nnshape("fit", "--target", "sin", "--neurons", "2", "--steps", "20")
    assert english.stdout.startswith("final MSE ") and "target sin x)" in english.stdout


def test_download_html_keeps_the_pages_language_and_follows_a_switch():
    pg = Playground.from_figure("nn9", lang="ja")
    document = pg._files._export_file().getvalue()
    assert '<html lang="ja">' in document and "lang=ja" in document
    assert json.dumps(JA["ui.formula.heading"])[1:-1] in document
    pg.view.lang = "en"
    document = pg._files._export_file().getvalue()
    assert '<html lang="en">' in document and "lang=ja" not in document
    assert json.dumps(JA["ui.formula.heading"])[1:-1] not in document
