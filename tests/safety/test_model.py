"""The risk model's training data and its protocol: dev folds, a report fold measured once, the plain baseline."""

from __future__ import annotations

import json

import pytest

from tests.safety.risk_data import risk_data, write_rows

pytest.importorskip("sklearn")


def test_dialogue_sets_teach_the_ideation_head_that_pain_in_a_conversation_is_no_wish_to_die(tmp_path):
    """Utterances of emotional conversations are negatives of the ideation head (with the death-word hard
    negatives of everyday posts); a seeker's turn that speaks of dying is never one. Missing sets are named."""
    from xinyu.train.risk import load_corpus

    data = risk_data(tmp_path)
    assert load_corpus(data, "zh", negatives=0).missing == [
        "empathetic_personas/emotion_zh/train.csv",
        "cped_zh/valid_split.csv",
    ]
    (data / "empathetic_personas" / "emotion_zh").mkdir(parents=True)
    (data / "empathetic_personas" / "emotion_zh" / "train.csv").write_text(
        "text,labels\n我觉得自己很糟糕。,0\n男朋友和前任还有联系，我好嫉妒,1\n", encoding="utf-8"
    )
    (data / "cped_zh").mkdir()
    (data / "cped_zh" / "valid_split.csv").write_text(
        "Dialogue_ID,Utterance\n1,你吓死我了\n1,我想死\n1,吃饭了吗\n", encoding="utf-8"
    )
    corpus = load_corpus(data, "zh", negatives=0)
    assert corpus.missing == []
    found = {
        t: (s, corpus.labels["ideation"][i], corpus.labels["high"][i])
        for i, (t, s) in enumerate(zip(corpus.texts, corpus.source, strict=True))
    }
    assert found["男朋友和前任还有联系，我好嫉妒"] == ("empathetic_personas", 0, None)
    assert found["你吓死我了"] == ("cped_zh", 0, None)  # figurative 死
    assert "我想死" not in found  # what the cue layer reads as ideation is never a negative, sampled or not

    seeker = [
        {"speaker": "usr", "text": "I can't stop thinking about my ex"},
        {"speaker": "sys", "text": "Hi"},
    ]
    seeker += [{"speaker": "usr", "text": "sometimes I just want to die"}]
    write_rows(data, "esconv", "train.jsonl", [{"dialog": seeker}])
    write_rows(data, "suicide_tweets_en_weak", "train.jsonl", [{"text": "i want to end it", "at_risk": 1}])
    write_rows(data, "reddit_cssrs500_en", "users.jsonl", [{"label": "Ideation", "posts": ["no way out"]}])
    write_rows(data, "goemotions", "train.jsonl", [{"text": "what a day"}])
    english = load_corpus(data, "en", negatives=0, non_commercial=True)
    assert english.missing == ["empathetic_personas/emotion_en/train.csv"]
    assert [t for t, s in zip(english.texts, english.source, strict=True) if s == "esconv"] == [
        "I can't stop thinking about my ex"
    ]


def test_a_set_that_forbids_commercial_use_trains_only_a_model_asked_for(tmp_path):
    """ESConv (CC BY-NC 4.0) stays out of the corpus unless asked for, and a model trained on it says so next to
    the terms of every set it learned from."""
    from xinyu.train.risk import RiskTrainConfig, load_corpus, train_risk, training_metadata

    data = risk_data(tmp_path)
    seeker = [{"speaker": "usr", "text": f"my exam went badly {i}"} for i in range(20)]
    write_rows(data, "esconv", "train.jsonl", [{"dialog": seeker}])
    posts = [{"text": f"i want to end it all {i}", "at_risk": 1} for i in range(20)]
    posts += [{"text": f"great game last night {i}", "at_risk": 0} for i in range(20)]
    write_rows(data, "suicide_tweets_en_weak", "train.jsonl", posts)
    write_rows(data, "reddit_cssrs500_en", "users.jsonl", [{"label": "Ideation", "posts": ["no way out"]}])
    write_rows(data, "goemotions", "train.jsonl", [{"text": "this traffic is killing me"}])
    shipped = load_corpus(data, "en", negatives=0)
    assert "esconv" not in shipped.source and "esconv/train.jsonl" not in shipped.missing
    meta = training_metadata(shipped, train_risk(shipped, RiskTrainConfig("en")))
    assert meta["non_commercial"] is False
    assert meta["terms"]["goemotions"] == "Apache-2.0" and "esconv" not in meta["terms"]
    research = load_corpus(data, "en", negatives=0, non_commercial=True)
    assert research.source.count("esconv") == 20
    meta = training_metadata(research, train_risk(research, RiskTrainConfig("en")))
    assert meta["non_commercial"] is True and "BY-NC" in meta["terms"]["esconv"]


def test_the_plain_baseline_is_a_character_ngram_logistic_regression():
    from xinyu.train.risk_protocol import baseline_scores

    texts = ["买好了炭今晚就走", "药已经攒够了今晚", "今天天气真好", "晚饭吃了火锅"] * 3
    gold = [1, 1, 0, 0] * 3
    p = baseline_scores(texts, gold, ["炭已经买好了", "天气真好"])
    assert p.shape == (2,) and p[0] > 0.5 > p[1]


def test_the_report_fold_is_never_trained_on_and_measured_once_after_the_dev_folds(tmp_path, monkeypatch):
    """Dev figures come from the dev folds alone; the report fold is measured once, by a model and a baseline
    trained on every dev fold and nothing of the report fold, next to the cue layer alone."""
    import xinyu.train.risk_protocol as protocol

    data = risk_data(tmp_path)
    held = {
        r["text"]
        for r in map(
            json.loads, (data / "sos1k_suicide_zh" / "train.jsonl").read_text(encoding="utf-8").splitlines()
        )
        if r["cv_fold"] == 3
    }
    trained_on: list[set[str]] = []
    real_train, real_baseline = protocol.train_risk, protocol.baseline_scores

    def train(corpus, config, progress=None):
        trained_on.append(set(corpus.texts))
        return real_train(corpus, config, progress)

    def baseline(train_texts, gold, texts):
        trained_on.append(set(train_texts))
        return real_baseline(train_texts, gold, texts)

    monkeypatch.setattr(protocol, "train_risk", train)
    monkeypatch.setattr(protocol, "baseline_scores", baseline)
    said: list[str] = []
    out = protocol.cv_report(data, "sos1k", progress=said.append, report=True, report_fold=3)
    assert all(not (texts & held) for texts in trained_on)
    assert out["split"].startswith("dev: folds 1, 2 ") and out["n"] == 24
    assert (
        out["report"]["split"] == "report: fold 3, trained on the dev folds"
        and out["report"]["n"] == len(held) == 12
    )
    for figures in (out, out["report"]):
        assert set(figures["baseline"]) == {"precision", "recall", "f1", "confusion"}
        assert {"precision", "recall", "f1", "confusion", "by_level"} <= set(figures["cues"])
        assert figures["confusion"]["tp"] + figures["confusion"]["fn"] == figures["n"] // 3  # gold: high_risk
    assert [m for m in said if "report fold" in m] == [
        "sos1k: the report fold 3, once: training on the dev folds"
    ]
    assert said.index("sos1k: the report fold 3, once: training on the dev folds") > max(
        n for n, m in enumerate(said) if "outer fold" in m
    )


def test_without_a_report_fold_the_protocols_report_fold_is_left_out(tmp_path):
    from xinyu.train.risk_protocol import REPORT_FOLD, cv_report

    out = cv_report(risk_data(tmp_path, folds=REPORT_FOLD), "sos1k")
    assert "report" not in out and out["n"] == 29  # 36 rows, 7 of them in fold 5
    assert out["split"] == f"dev: folds 1, 2, 3, 4 (fold {REPORT_FOLD} is the report fold)"
    with pytest.raises(ValueError, match="no fold 7"):
        cv_report(tmp_path, "sos1k", report=True, report_fold=7)


def test_a_named_means_stands_in_for_the_gate_where_the_ideation_head_fires():
    """Pills, a rope or a roof named by the speaker put a message on the topic: the high head counts there from the
    ideation head's own threshold, below the gate; under it the means is an everyday word ("安眠药吃了两片终于睡着
    了"), and a time word alone does not count."""
    from xinyu.levels import RiskLevel
    from xinyu.safety.cues import CueMatch
    from xinyu.safety.model import ModelScore
    from xinyu.safety.risk import model_level

    text = "今晚我就吃掉所有的安眠药"
    means = CueMatch("means", "安眠药", 9, 12, "zh")
    tonight = CueMatch("timing", "今晚", 0, 2, "zh")

    def level(cues: list[CueMatch], ideation: float) -> RiskLevel:
        score = ModelScore(
            "zh", {"ideation": ideation, "high": 0.9}, {"ideation": 0.5, "high": 0.4}, gate=0.7
        )
        return model_level(text, cues, RiskLevel.NONE, score)

    assert level([tonight, means], 0.6) == RiskLevel.HIGH
    assert level([tonight, means], 0.4) == RiskLevel.NONE
    assert level([tonight], 0.6) == RiskLevel.MODERATE  # the ideation head's own reading, no more
    assert (
        level([tonight, CueMatch("means", "安眠药", 9, 12, "zh", suppressed="negation")], 0.4)
        == RiskLevel.NONE
    )


def test_the_high_heads_threshold_counts_messages_the_cues_put_on_the_topic():
    """Training mirrors the assessor: positives with a named means and an ideation head that fires below the gate
    are reached through the cues, so the gate need not fall to reach them."""
    import numpy as np

    from xinyu.train.risk import choose_gated_threshold

    # (ideation, high, label, named means, count)
    groups = [(0.95, 0.9, 1, False, 300), (0.6, 0.9, 1, True, 100), (0.6, 0.9, 0, False, 100)]
    ideation = np.concatenate([np.full(n, i) for i, _, _, _, n in groups])
    high = np.concatenate([np.full(n, h) for _, h, _, _, n in groups])
    y = np.concatenate([np.full(n, lab) for _, _, lab, _, n in groups])
    topic = np.concatenate([np.full(n, m) for _, _, _, m, n in groups])
    levels = np.zeros(len(y), dtype=int)
    cued = np.ones(len(y), dtype=bool)
    gate, _, _ = choose_gated_threshold(high, ideation, y, levels, 0.95, cued, 0.5, topic)
    assert gate > 0.6  # the means reach their positives; a gate under 0.6 would also let the negatives in
    gate, _, _ = choose_gated_threshold(high, ideation, y, levels, 0.95, cued, 0.5)
    assert gate <= 0.6  # without them, only a low gate reaches the recall


def test_a_wish_alone_gets_its_own_threshold_on_the_high_head():
    """Where the cues read a wish to be dead and nothing more, few messages are high risk: training gives the high
    head a threshold of its own there, as high as the recall allows, and keeps its threshold elsewhere."""
    import numpy as np

    from xinyu.train.risk import choose_gated_threshold

    # (high, label, cue level, count): positives the head is sure of, positives it is unsure of, and wishes
    groups = [(0.9, 1, 0, 300), (0.5, 1, 0, 100), (0.5, 0, 2, 100), (0.9, 1, 2, 50)]
    high = np.concatenate([np.full(n, h) for h, _, _, n in groups])
    y = np.concatenate([np.full(n, lab) for _, lab, _, n in groups])
    levels = np.concatenate([np.full(n, lv) for _, _, lv, n in groups])
    ideation = np.full(len(y), 0.95)
    gate, threshold, wish = choose_gated_threshold(high, ideation, y, levels, 0.95, None, 0.5)
    assert threshold == pytest.approx(0.5) and wish == pytest.approx(0.9)


def test_a_standalone_model_notices_what_it_nearly_reads_as_a_wish_to_die():
    """Between its notice and decision thresholds the ideation head tags a message with no cue (``low``); a model
    without a notice threshold (trained on weak labels) leaves it alone."""
    from xinyu.levels import RiskLevel
    from xinyu.safety.cues import CueMatch
    from xinyu.safety.model import ModelScore
    from xinyu.safety.risk import model_level

    def level(ideation: float, notice: float | None) -> RiskLevel:
        score = ModelScore(
            "zh", {"ideation": ideation, "high": 0.1}, {"ideation": 0.5, "high": 0.4}, 0.7, True, notice
        )
        return model_level("我已经没有生的欲望了", [], RiskLevel.NONE, score)

    assert level(0.45, 0.35) == RiskLevel.LOW
    assert level(0.3, 0.35) == RiskLevel.NONE
    busy = ModelScore("zh", {"ideation": 0.45, "high": 0.1}, {"ideation": 0.5, "high": 0.4}, 0.7, True, 0.35)
    figurative = CueMatch("figurative", "忙死了", 2, 5, "zh", suppressed="hyperbole")
    assert model_level("这周忙死了", [figurative], RiskLevel.NONE, busy) == RiskLevel.NONE  # explained away
    assert level(0.45, None) == RiskLevel.NONE
    assert level(0.6, 0.35) == RiskLevel.MODERATE


def test_the_notice_threshold_is_learnt_for_gold_labels_only(tmp_path):
    from xinyu.train.risk import RiskTrainConfig, load_corpus, train_risk

    model = train_risk(load_corpus(risk_data(tmp_path), "zh", negatives=10), RiskTrainConfig("zh"))
    ideation = model.thresholds[model.labels.index("ideation")]
    assert 0 < model.meta["notice"] <= ideation
    weak = train_risk(
        load_corpus(risk_data(tmp_path), "zh", negatives=10), RiskTrainConfig("zh", standalone=False)
    )
    assert "notice" not in weak.meta


def test_train_risk_measures_the_report_fold_only_when_asked(tmp_path):
    from typer.testing import CliRunner

    from xinyu.cli.main import app

    runner = CliRunner()
    data, out = risk_data(tmp_path / "data"), tmp_path / "out"
    got = runner.invoke(
        app, ["train", "risk", "--data-dir", str(data), "--out", str(out), "--report-fold", "3"]
    )
    assert got.exit_code != 0 and "--report-fold goes with --cv" in got.output
    args = [
        "train",
        "risk",
        "--data-dir",
        str(data),
        "--out",
        str(out),
        "--cv",
        "sos1k",
        "--report-fold",
        "4",
    ]
    got = runner.invoke(app, args)
    assert got.exit_code != 0 and "sos1k has no fold 4" in got.output
    got = runner.invoke(app, [*args[:-1], "3"])
    assert got.exit_code == 0, got.output
    report = json.loads(got.stdout[got.stdout.index("{") :])
    assert report["report"]["n"] == 12 and report["n"] == 24


@pytest.mark.parametrize(
    ("message", "level"),
    [
        ("想死的心都有了，这破班", "MODERATE"),  # fed up, said the common way: asked about, no handoff
        ("每天被老板骂，想死的心都有了", "MODERATE"),
        ("想死的心都有了，药我都准备好了", "HIGH"),  # a means next to it: the model's reading counts
        ("想死的心都有了，真的不想活了", "HIGH"),
    ],
)
def test_the_idiom_of_being_fed_up_is_a_wish_asked_about_unless_a_means_or_more_is_said(message, level):
    from xinyu.levels import RiskLevel
    from xinyu.safety import RiskAssessor

    assert RiskAssessor().assess(message).level == RiskLevel[level]


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        ("要是哪天睡着了就不醒了 好像也挺好的", "passive_ideation"),
        ("省得给大家添麻烦", "burden"),
    ],
)
def test_a_wish_not_to_wake_and_being_a_bother_are_read(message, kind):
    from xinyu.safety.cues import find_cues

    assert kind in {c.kind for c in find_cues(message) if c.active}


@pytest.mark.parametrize(
    "message",
    [
        "想死的心都有了，我已经想好怎么做了",
        "想死的心都有了，这几天一直在想怎么结束",
        "想死的心都有了，周末去海边一个人走进去算了",
        "想死的心都有了，等我把猫送人就走",
    ],
)
def test_the_idiom_with_a_plan_or_a_farewell_beside_it_is_high(message):
    from xinyu.levels import RiskLevel
    from xinyu.safety import RiskAssessor

    assert RiskAssessor().assess(message).level >= RiskLevel.HIGH


@pytest.mark.parametrize(
    ("message", "least"),
    [
        ("考试又挂了，我不想活了", "MODERATE"),
        ("i failed my exam, i want to die", "MODERATE"),
        ("作业好多 不想活了", "LOW"),
    ],
)
def test_a_wish_to_die_after_a_setback_is_no_joke_about_chores(message, least):
    from xinyu.levels import RiskLevel
    from xinyu.safety import RiskAssessor

    level = RiskAssessor().assess(message).level
    assert level >= RiskLevel[least] and (least == "MODERATE" or level < RiskLevel.MODERATE)
