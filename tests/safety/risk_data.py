"""A tiny data directory of the risk corpora, for the tests that train a risk model: SOS-1K in folds, the Weibo set
and everyday posts, in their real layouts."""

from __future__ import annotations

import json
from pathlib import Path


def write_rows(root: Path, name: str, file: str, rows: list[dict]) -> None:
    (root / name / file).parent.mkdir(parents=True, exist_ok=True)
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    (root / name / file).write_text(text, encoding="utf-8")


def risk_data(root: Path, folds: int = 3) -> Path:
    """SOS-1K in ``folds`` folds, the Weibo set and everyday posts: a tiny data directory."""
    wish = ["我不想活了", "活着好累，想结束一切", "我想去死", "真的撑不下去了，想死"]
    plan = ["买好了炭，今晚就走", "药已经攒够了", "我站在楼顶了", "绳子准备好了"]
    calm = ["今天考试考砸了", "好烦啊作业好多", "和妈妈吵架了", "有点难过但还好"]
    sos = [(t + str(i), 5, 0) for i, t in enumerate(wish * 3)] + [
        (t + str(i), 8, 1) for i, t in enumerate(plan * 3)
    ]
    sos += [(t + str(i), 0, 0) for i, t in enumerate(calm * 3)]
    rows = [
        {"text": t, "risk_level": lv, "high_risk": h, "cv_fold": 1 + i % folds}
        for i, (t, lv, h) in enumerate(sos)
    ]
    write_rows(root, "sos1k_suicide_zh", "train.jsonl", rows)
    weibo = [{"text": t + "呜呜", "suicidal": 1} for t in wish] + [
        {"text": t + "哈", "suicidal": 0} for t in calm
    ]
    write_rows(root, "weibo_suicide_svm_zh", "train.jsonl", weibo)
    everyday = ["今天天气真好", "晚饭吃了火锅", "周末去爬山", "电脑又死机了", "这部电影不错", "明天要上班"]
    write_rows(
        root,
        "smp2020_ewect",
        "usual_train.jsonl",
        [{"content": t + str(i)} for i, t in enumerate(everyday * 3)],
    )
    return root
