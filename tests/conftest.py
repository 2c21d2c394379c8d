"""Shared fixtures: tiny models trained once per session on built-in sentences, isolated settings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ZH_ROWS = [
    ("今天好开心，终于放假了", "happy"),
    ("收到礼物太幸福了哈哈", "happy"),
    ("考试通过了，开心", "happy"),
    ("和朋友吃饭很快乐", "happy"),
    ("气死我了，又被插队", "angry"),
    ("这服务太烂了，愤怒", "angry"),
    ("凭什么这样对我，气死了", "angry"),
    ("垃圾客服，生气", "angry"),
    ("好难过，想哭", "sad"),
    ("失恋了，心好痛，难过", "sad"),
    ("一个人好孤独，伤心", "sad"),
    ("他走了，我很难过", "sad"),
    ("好害怕，晚上不敢出门", "fear"),
    ("担心明天的手术，害怕", "fear"),
    ("病毒太可怕了，恐惧", "fear"),
    ("听到声音很害怕", "fear"),
    ("竟然下雪了，好惊讶", "surprise"),
    ("没想到他会来，震惊", "surprise"),
    ("居然中奖了，不敢相信", "surprise"),
    ("天哪，居然是真的", "surprise"),
    ("今天去超市买了菜", "neutral"),
    ("明天下午三点开会", "neutral"),
    ("这本书有三百页", "neutral"),
    ("地铁二号线到了", "neutral"),
]
EN_ROWS = [
    ("I am so happy today", ["joy"]),
    ("this is wonderful news, thank you", ["joy"]),
    ("I love this, great job", ["joy"]),
    ("what a lovely day", ["joy"]),
    ("I feel so lonely and sad", ["sadness"]),
    ("I miss her so much, it hurts", ["sadness"]),
    ("this is heartbreaking", ["sadness"]),
    ("I cried all night", ["sadness"]),
    ("this makes me so angry", ["anger"]),
    ("stop it, I hate this", ["anger"]),
    ("that is so annoying and stupid", ["anger"]),
    ("I'm furious with them", ["anger"]),
    ("I'm scared of the dark", ["fear"]),
    ("I'm worried about the exam", ["fear", "sadness"]),
    ("that was terrifying", ["fear"]),
    ("I am anxious and nervous", ["fear"]),
    ("wow, I did not expect that", ["surprise"]),
    ("what a surprise", ["surprise"]),
    ("that is gross and disgusting", ["disgust"]),
    ("ew, that smells nasty", ["disgust"]),
    ("the meeting is at noon", ["neutral"]),
    ("I bought some bread", ["neutral"]),
    ("the train leaves at five", ["neutral"]),
    ("it is a table", ["neutral"]),
]


@pytest.fixture(autouse=True)
def _isolated_settings(monkeypatch, tmp_path, request):
    """No test reads a real xinyu.toml or writes state outside its tmp dir. Nor does a fast test read the real
    model cache: there the default (encoder) backend finds no graph and reads English with the linear model, on
    every machine alike. Slow tests keep the real cache (the de-quantised Gemma, the encoder's graph)."""
    monkeypatch.setenv("XINYU_CONFIG", str(tmp_path / "absent.toml"))
    monkeypatch.setenv("XINYU_DATA_DIR", str(tmp_path / "var"))
    if request.node.get_closest_marker("slow") is None:
        monkeypatch.setenv("XINYU_CACHE", str(tmp_path / "cache"))
    from xinyu.config import get_settings

    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture(scope="session")
def data_files(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("data")
    zh = root / "zh.jsonl"
    zh.write_text(
        "".join(
            json.dumps({"id": i, "content": t, "label": y}, ensure_ascii=False) + "\n"
            for i, (t, y) in enumerate(ZH_ROWS)
        ),
        encoding="utf-8",
    )
    en = root / "en.jsonl"
    en.write_text(
        "".join(
            json.dumps({"id": f"e{i}", "text": t, "ekman_labels": y}) + "\n"
            for i, (t, y) in enumerate(EN_ROWS)
        ),
        encoding="utf-8",
    )
    return {"zh": zh, "en": en}


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory) -> Path:
    """A linear model directory (zh multi-class + en multi-label) trained on the rows above."""
    from xinyu.taxonomy import to_canonical
    from xinyu.train.emotion_linear import LinearTrainConfig, train_linear

    out = tmp_path_factory.mktemp("tiny-model")
    zh = train_linear(
        [t for t, _ in ZH_ROWS],
        [[to_canonical("smp2020", y)] for _, y in ZH_ROWS],
        LinearTrainConfig("zh", min_df=1, model_id="tiny"),
    )
    zh.save(out / "zh.npz")
    en = train_linear(
        [t for t, _ in EN_ROWS], [y for _, y in EN_ROWS], LinearTrainConfig("en", min_df=1, model_id="tiny")
    )
    en.save(out / "en.npz")
    return out
