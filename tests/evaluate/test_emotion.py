"""Reading the gold labels of an emotion evaluation file and scoring an analyzer on them."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from xinyu.evaluate.emotion import Gold, evaluate_emotion, read_gold
from xinyu.io import Row
from xinyu.taxonomy import scheme_targets


def _rows() -> list[Row]:
    return [
        Row(1, {"content": "今天好开心", "label": "happy"}),
        Row(2, {"content": "气死我了", "label": "angry"}),
        Row(3, error="line 3 is not valid JSON: Expecting value"),
        Row(4, {"content": "无语", "label": "bored"}),
        Row(5, {"label": "sad"}),
        Row(6, {"content": "", "label": "sad"}),
    ]


def test_read_gold_maps_labels_through_the_scheme_and_lists_the_rest():
    gold = read_gold(_rows(), "smp2020", "content", "label")
    assert gold.items == [("今天好开心", ["joy"]), ("气死我了", ["anger"]), ("", ["sadness"])]
    assert [e["line"] for e in gold.errors] == [3, 4, 5]
    assert gold.errors[0]["error"] == "line 3 is not valid JSON: Expecting value"
    assert "bored" in gold.errors[1]["error"] and gold.errors[2]["error"] == "missing field 'content'"
    assert gold.multilabel is False


def test_a_list_label_makes_the_file_multilabel_and_an_empty_list_is_an_error():
    rows = [Row(1, {"text": "wow", "label": ["joy", "surprise"]}), Row(2, {"text": "hm", "label": []})]
    gold = read_gold(rows, "canonical", "text", "label")
    assert gold.items == [("wow", ["joy", "surprise"])]
    assert gold.errors == [{"line": 2, "error": "field 'label' is an empty list"}]
    assert gold.multilabel is True


class _Analyzer:
    """Predicts the emotion named in the text; an empty text fails as the real analyzer's does."""

    backend = SimpleNamespace(name="fake", model_id="fake-1")

    def __init__(self) -> None:
        self.batches: list[int] = []

    def analyze_batch(self, texts):
        self.batches.append(len(texts))
        out = []
        for t in texts:
            if not t:
                out.append(ValueError("empty text"))
                continue
            label = t.split()[0]
            out.append(SimpleNamespace(scores={label: 1.0}, labels=[label]))
        return out


def test_evaluate_emotion_reports_scores_then_the_run():
    gold = Gold(items=[("joy a", ["joy"]), ("anger b", ["sadness"]), ("", ["neutral"])], errors=[{"line": 9}])
    analyzer, done = _Analyzer(), []
    report = evaluate_emotion(
        gold, analyzer, scheme="smp2020", data="eval.jsonl", batch_size=2, progress=done.append
    )
    assert analyzer.batches == [2, 1] and done == [2, 1]
    assert list(report)[:7] == ["n", "accuracy", "macro_f1", "micro_f1", "multilabel", "labels", "per_class"]
    assert list(report)[8:] == [
        "data",
        "scheme",
        "backend",
        "model",
        "n_empty_text",
        "n_errors",
        "errors",
        "seconds",
        "texts_per_s",
    ]
    assert report["n"] == 3 and report["accuracy"] == pytest.approx(2 / 3, abs=1e-4)  # empty text: neutral
    assert report["labels"] == scheme_targets("smp2020")
    assert report["confusion_matrix"]["kind"] == "rows gold, columns predicted"
    assert (report["data"], report["scheme"], report["backend"], report["model"]) == (
        "eval.jsonl",
        "smp2020",
        "fake",
        "fake-1",
    )
    assert (report["n_empty_text"], report["n_errors"], report["errors"]) == (1, 1, [{"line": 9}])


def test_evaluate_emotion_lists_only_the_first_twenty_errors():
    errors = [{"line": i, "error": "bad"} for i in range(25)]
    report = evaluate_emotion(Gold([("joy", ["joy"])], errors), _Analyzer(), scheme="canonical", data="d")
    assert report["n_errors"] == 25 and report["errors"] == errors[:20]


class _JoyfulModel:
    """Reads every text as joy, as a model may read "哈哈" or a laughing mask."""

    backend = SimpleNamespace(name="fake", model_id="joyful")

    def analyze_batch(self, texts):
        from xinyu.schema import EmotionResult

        scores = {e: 0.0 for e in ("joy", "sadness", "anger", "fear", "surprise", "disgust", "neutral")}
        scores["joy"] = 1.0
        return [
            EmotionResult(
                language="zh", label="joy", labels=["joy"], scores=scores, polarity="positive",
                polarity_scores={"positive": 1.0, "neutral": 0.0, "negative": 0.0}, intensity=0.6,
                core_words=[], model="joyful",
            )
            for _ in texts
        ]  # fmt: skip


def test_turns_in_context_are_read_as_the_chat_reads_them_beside_the_model_alone():
    gold = Gold(
        items=[("我的猫今天早上走了", ["sadness"]), ("哈哈 习惯了", ["sadness"]), ("今天升职了", ["joy"])]
    )
    plain = evaluate_emotion(gold, _JoyfulModel(), scheme="cped", data="d.csv")
    assert plain["accuracy"] == pytest.approx(1 / 3, abs=1e-4) and "model_alone" not in plain
    read = evaluate_emotion(gold, _JoyfulModel(), scheme="cped", data="d.csv", conversations=["a", "a", "b"])
    # a pet's death and the laugh after it are never joy; good news in another conversation stays joy
    assert read["in_context"] is True and read["conversations"] == 2
    assert read["model_alone"]["accuracy"] == plain["accuracy"]
    assert read["per_class"]["joy"]["precision"] == 1.0 and read["per_class"]["joy"]["support"] == 1


class _Reader:
    """Remembers every text it is given and reads each as neutral."""

    backend = SimpleNamespace(name="fake", model_id="reader")

    def __init__(self) -> None:
        self.seen: list[str] = []

    def analyze_batch(self, texts):
        from xinyu.schema import EmotionResult

        self.seen.extend(texts)
        scores = {e: 0.0 for e in ("joy", "sadness", "anger", "fear", "surprise", "disgust", "neutral")}
        scores["neutral"] = 1.0
        return [
            EmotionResult(
                language="zh", label="neutral", labels=["neutral"], scores=scores, polarity="neutral",
                polarity_scores={"positive": 0.0, "neutral": 1.0, "negative": 0.0}, intensity=0.0,
                core_words=[], model="reader",
            )
            for _ in texts
        ]  # fmt: skip


def test_eval_emotion_script_reads_every_text_and_turn_in_traditional(tmp_path, monkeypatch):
    import json

    from typer.testing import CliRunner

    import xinyu.cli.evaluate as eval_cli
    from xinyu.cli.main import app

    path = tmp_path / "turns.jsonl"
    rows = [
        {"text": "这个软件让我很烦", "label": "angry", "dialogue": "1"},
        {"text": "我们明天还要开会", "label": "neutral", "dialogue": "1"},
        {"text": "头发掉了好多", "label": "sad", "dialogue": "2"},
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    base = ["eval", "emotion", "--data", str(path), "--scheme", "smp2020", "--context", "dialogue", "--json"]
    reader = _Reader()
    monkeypatch.setattr(eval_cli, "load_analyzer", lambda backend, model: reader)

    taiwan = CliRunner().invoke(app, [*base, "--script", "zh-TW"])
    assert taiwan.exit_code == 0, taiwan.output
    assert reader.seen == [
        "這個軟體讓我很煩",
        "我們明天還要開會",
        "頭髮掉了好多",
    ]  # s2twp: Taiwan's words too
    assert json.loads(taiwan.stdout)["script"] == "zh-tw"

    reader.seen.clear()
    assert CliRunner().invoke(app, [*base, "--script", "zh-hk"]).exit_code == 0
    assert reader.seen[0] == "這個軟件讓我很煩"  # Hong Kong keeps 軟件

    reader.seen.clear()
    plain = CliRunner().invoke(app, base)
    assert reader.seen == [r["text"] for r in rows] and json.loads(plain.stdout)["script"] is None
    wrong = CliRunner().invoke(app, [*base, "--script", "zh-cn"])
    assert wrong.exit_code == 2 and "--script must be" in wrong.output
