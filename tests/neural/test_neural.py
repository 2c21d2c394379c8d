"""The training bench's transformer paths on tiny random models built on the spot (no download, no GPU):
``xinyu train emotion --backend transformer``, the ``transformer`` backend, ``xinyu train reply`` with its
auxiliary loss, the ``model`` reply engine and ``xinyu eval reply --replies``."""

from __future__ import annotations

import json
import logging
import math

import pytest

pytest.importorskip("torch")
pytest.importorskip("peft")

from typer.testing import CliRunner  # noqa: E402

from tests.data.test_workbench import ESCONV  # noqa: E402
from tests.tiny_models import tiny_gemma  # noqa: E402
from xinyu.cli.main import app  # noqa: E402
from xinyu.neural.reply import clean_reply, render_condition, render_context  # noqa: E402
from xinyu.train.reply import ReplyExample, ReplyTrainConfig, dev_split, encode_example  # noqa: E402

runner = CliRunner()
# four emotions a tiny model can tell apart by their characters alone
CLASSES = {
    "joy": ["开心", "高兴", "快乐", "太好了"],
    "sadness": ["难过", "伤心", "想哭", "失落"],
    "anger": ["气死", "愤怒", "讨厌", "火大"],
    "fear": ["害怕", "恐惧", "担心", "好怕"],
}


def _rows(n_per_class: int) -> list[dict]:
    rows = []
    for k in range(n_per_class):
        for label, words in CLASSES.items():
            rows.append({"text": f"今天{words[k % 4]}{'啊' * (k % 3)}", "label": label})
    return rows


@pytest.fixture(scope="module")
def tiny_base(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tiny-gemma")
    texts = [r["text"] for r in _rows(8)]
    texts += [render_context([], "我很难过") + render_condition("sadness", "reflection") + "抱抱你 I am here"]
    return tiny_gemma(folder, texts)


def _write(path, rows):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def test_train_emotion_transformer_then_analyze_eval_and_resume(tiny_base, tmp_path):
    data = _write(tmp_path / "train.jsonl", _rows(24))
    out = tmp_path / "model"
    args = ["train", "emotion", "--backend", "transformer", "--base", str(tiny_base), "--lang", "zh"]
    args += [
        "--scheme",
        "canonical",
        "--data",
        str(data),
        "--out",
        str(out),
        "--lr",
        "1e-2",
        "--patience",
        "10",
    ]
    args += ["--batch-size", "8", "--device", "cpu", "--dev-fraction", "0.2"]
    r = runner.invoke(app, [*args, "--epochs", "4"])
    assert r.exit_code == 0, r.output
    folder = out / "zh"
    meta = json.loads((folder / "xinyu-emotion.json").read_text(encoding="utf-8"))
    assert meta["labels"] == ["joy", "sadness", "anger", "fear"] and meta["lora"] is True
    assert meta["dev"]["dev_macro_f1"] >= 0.9, meta["dev"]
    assert (folder / "adapter" / "adapter_model.safetensors").exists()
    adapter = json.loads((folder / "adapter" / "adapter_config.json").read_text(encoding="utf-8"))
    assert adapter["base_model_name_or_path"] == str(
        tiny_base
    )  # the base as given, not a resolved cache path
    assert (folder / "curves.png").stat().st_size > 0
    curves = json.loads((folder / "curves.json").read_text(encoding="utf-8"))
    report = json.loads((folder / "train-report.json").read_text(encoding="utf-8"))
    assert len(curves["train_loss"]) == report["steps"] == 4 * 10  # 77 rows after the dev share, batches of 8
    assert [e["step"] for e in curves["evals"]] == [5, 10, 15, 20, 25, 30, 35, 40]

    # the transformer backend reads with it; English has no transformer here and falls back to the linear model
    r = runner.invoke(
        app, ["analyze", "--backend", "transformer", "--model", str(out), "--json", "今天好怕啊"]
    )
    assert r.exit_code == 0, r.output
    result = json.loads(r.stdout.strip().splitlines()[-1])
    assert result["label"] == "fear" and result["model"].startswith("transformer:emotion-transformer-zh")
    assert "linear" in result["model"]
    evalset = _write(tmp_path / "eval.jsonl", _rows(4))
    r = runner.invoke(
        app,
        ["eval", "emotion", "--backend", "transformer", "--model", str(out), "--data", str(evalset)]
        + ["--scheme", "canonical", "--json"],
    )
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout.strip().splitlines()[-1])["accuracy"] >= 0.9

    # resume: a longer run continues from the checkpoint instead of starting over
    r = runner.invoke(app, [*args, "--epochs", "5", "--resume"])
    assert r.exit_code == 0, r.output
    curves = json.loads((folder / "curves.json").read_text(encoding="utf-8"))
    assert len(curves["train_loss"]) == 50 and curves["steps"] == list(range(1, 51))


def test_train_emotion_transformer_refuses_bad_requests(tmp_path):
    data = _write(tmp_path / "train.jsonl", [{"text": "a b", "label": ["joy", "anger"]}])
    base = [
        "train",
        "emotion",
        "--lang",
        "zh",
        "--scheme",
        "canonical",
        "--data",
        str(data),
        "--out",
        str(tmp_path),
    ]

    def run(*extra):
        r = runner.invoke(app, [*base, *extra])
        return r.exit_code, " ".join(r.output.split())

    code, out = run("--backend", "bert")
    assert code == 2 and "choose linear or transformer" in out
    code, out = run("--backend", "transformer")
    assert code == 2 and "single-label" in out
    code, out = run("--backend", "transformer", "--weight", "2")
    assert code == 2 and "--weight is for the linear backend" in out


def test_the_reply_prompt_hides_the_emotion_tag_from_the_auxiliary_position(tiny_base):
    from xinyu.neural.base import load_tokenizer

    tokenizer = load_tokenizer(str(tiny_base))
    ex = ReplyExample(
        "1",
        [{"role": "assistant", "content": "你好"}],
        "我很难过",
        "sadness",
        "抱抱你",
        "sadness",
        "reflection",
    )
    config = ReplyTrainConfig(max_reply_tokens=2)
    enc = encode_example(tokenizer, ex, config, ["joy", "sadness"])
    text = tokenizer.decode(enc.ids)
    assert text.startswith("<bos>Supporter: 你好\nUser: 我很难过\n[emotion=sadness]\nSupporter:")
    assert tokenizer.decode(enc.ids[enc.aux_at : enc.aux_at + 1]) == "\n"  # the end of the user's message
    assert tokenizer.decode(enc.ids[enc.target_from :]) == " [<eos>"  # the target, cut to 2 tokens, + eos
    assert enc.aux == 1
    assert clean_reply(" [question] What happened?\nUser: hm") == ("What happened?", "question")
    assert clean_reply("我在这里。\n[emotion=joy]") == ("我在这里。", None)


def _reply_examples(n: int) -> list[dict]:
    rows = []
    for k in range(n):
        sad = k % 2 == 0
        rows.append(
            {
                "id": str(k),
                "dialogue": f"d{k // 2}",
                "history": [{"role": "user", "content": "你好"}, {"role": "assistant", "content": "你好呀"}],
                "message": "我很难过" if sad else "我好开心",
                "emotion": "sadness" if sad else "joy",
                "aux": "sadness" if sad else "joy",
                "reply": "抱抱你" if sad else "太好了",
                "strategy": "reflection" if sad else None,
            }
        )
    return rows


def test_a_runs_report_names_its_data_files_and_goes_next_to_the_model(tmp_path):
    from xinyu.io import file_sha256
    from xinyu.train.emotion_neural import data_files
    from xinyu.train.loop import REPORT_NAME, write_train_report

    train, dev = _write(tmp_path / "train.jsonl", _rows(1)), _write(tmp_path / "dev.jsonl", _rows(2))
    assert data_files([train]) == [{"file": "train.jsonl", "sha256": file_sha256(train)}]
    assert data_files([train], [dev]) == [
        {"file": "train.jsonl", "sha256": file_sha256(train)},
        {"file": "dev.jsonl", "sha256": file_sha256(dev), "dev": True},
    ]
    report = {
        "stopped": "finished",
        "best": {"dev_macro_f1": 0.5},
        "data": data_files([train]),
        "note": "心语",
    }
    path = write_train_report(tmp_path, report)
    assert path == tmp_path / REPORT_NAME == tmp_path / "train-report.json"
    assert path.read_text(encoding="utf-8") == json.dumps(report, ensure_ascii=False, indent=2) + "\n"


def test_without_a_dev_file_a_seeded_share_of_the_rows_is_held_out():
    from xinyu.train.emotion_neural import dev_holdout, holdout_split

    texts, labels = [f"t{i}" for i in range(40)], [f"l{i}" for i in range(40)]
    train_texts, train_labels, dev_texts, dev_labels = dev_holdout(texts, labels, 0.1)
    keep, held = holdout_split(40, 0.1, 13)
    assert train_texts == [texts[i] for i in keep] and train_labels == [labels[i] for i in keep]
    assert dev_texts == [texts[i] for i in held] and dev_labels == [labels[i] for i in held]
    assert len(dev_texts) == 4 and sorted(train_texts + dev_texts) == sorted(texts)
    assert dev_holdout(texts, labels, 0.1) == (train_texts, train_labels, dev_texts, dev_labels)
    assert dev_holdout(texts, labels, 0.1, seed=1)[2] != dev_texts
    assert len(dev_holdout(texts[:3], labels[:3], 0.1)[2]) == 1  # at least one dev row


def test_the_reply_dev_split_holds_out_whole_dialogues_the_same_way_every_run():
    import zlib

    examples = [ReplyExample.from_dict(r) for r in _reply_examples(400)]  # 200 dialogues of two examples
    examples += [
        ReplyExample(id=f"solo{k}", history=[], message="hi", emotion="joy", reply="hey") for k in range(50)
    ]
    train, dev = dev_split(examples, 0.2)
    assert len(train) + len(dev) == len(examples) and dev and train
    assert {ex.dialogue for ex in train if ex.dialogue}.isdisjoint({ex.dialogue for ex in dev if ex.dialogue})
    assert 0.1 < len(dev) / len(examples) < 0.3
    assert [ex.id for ex in train] == [ex.id for ex in examples if ex not in dev]  # order kept
    # the rule: a CRC-32 bucket of the dialogue (the id where there is none), 1 / fraction buckets
    assert all(zlib.crc32((ex.dialogue or ex.id).encode()) % 5 == 0 for ex in dev)
    assert dev_split(examples, 0.2) == (train, dev)
    assert len(dev_split(examples, 0.9)[1]) > len(dev)  # at least two buckets: about half
    assert dev_split([], 0.1) == ([], [])


@pytest.mark.parametrize("lam", [0.0, 1.0])
def test_train_reply_with_and_without_the_auxiliary_loss(tiny_base, tmp_path, lam):
    examples = _write(tmp_path / "examples.jsonl", _reply_examples(64))
    out = tmp_path / "reply"
    r = runner.invoke(
        app,
        ["train", "reply", "--examples", str(examples), "--out", str(out), "--base", str(tiny_base)]
        + ["--lambda", str(lam), "--epochs", "10", "--batch-size", "8", "--lr", "1e-2", "--device", "cpu"]
        + ["--dev-fraction", "0.2"],
    )
    assert r.exit_code == 0, r.output
    meta = json.loads((out / "xinyu-reply.json").read_text(encoding="utf-8"))
    assert meta["aux_weight"] == lam and meta["strategies"] == ["reflection"]
    dev = meta["dev"]
    if lam:  # the head learns the emotion from the dialogue before the tag
        assert dev["dev_aux_accuracy"] == 1.0 and dev["dev_aux_loss"] < 0.3
    else:  # lambda 0: the head never trains
        assert dev["dev_aux_loss"] > 0.5
    assert dev["dev_perplexity"] < 1.5, dev  # the replies themselves are learned either way
    assert (out / "curves.png").exists() and (out / "aux_head.safetensors").exists()


def test_the_model_engine_replies_in_batches_and_falls_back(tiny_base, tmp_path, monkeypatch, caplog):
    examples = _write(tmp_path / "examples.jsonl", _reply_examples(64))
    out = tmp_path / "reply"
    r = runner.invoke(
        app,
        ["train", "reply", "--examples", str(examples), "--out", str(out), "--base", str(tiny_base)]
        + ["--epochs", "10", "--batch-size", "8", "--lr", "1e-2", "--device", "cpu", "--dev-fraction", "0.2"],
    )
    assert r.exit_code == 0, r.output
    from xinyu.respond.engines import Fallback, LocalEngine, ModelEngine, PhraseBank, ReplyContext
    from xinyu.respond.strategy import Strategy

    def ctx(message, emotion, strategy):
        return ReplyContext(
            message,
            "zh",
            emotion,
            0.6,
            [],
            Strategy(strategy, "test"),
            history=[{"role": "user", "content": "你好"}, {"role": "assistant", "content": "你好呀"}],
        )

    # decoding settings live in the model's xinyu-reply.json; a character-level model wants no repetition penalty
    meta = json.loads((out / "xinyu-reply.json").read_text(encoding="utf-8"))
    meta["decoding"].update(repetition_penalty=1.0, no_repeat_ngram_size=0)
    (out / "xinyu-reply.json").write_text(json.dumps(meta), encoding="utf-8")
    engine = ModelEngine(out, max_new_tokens=24, strategy="model", device="cpu")
    replies = engine.reply_batch([ctx("我很难过", "sadness", "question"), ctx("我好开心", "joy", "question")])
    assert [r.text for r in replies] == ["抱抱你", "太好了"]
    assert replies[0].strategy == "reflection" and replies[1].strategy is None  # the model chose
    planner = ModelEngine(out, max_new_tokens=24, strategy="planner", device="cpu")
    assert planner.reply(ctx("我很难过", "sadness", "reflection")).text == "抱抱你"

    # perplexity: the learned reply is far likelier than the other emotion's
    nll, n = engine.reference_nll([(ctx("我很难过", "sadness", "reflection"), "reflection", "抱抱你")])
    wrong, m = engine.reference_nll([(ctx("我很难过", "sadness", "reflection"), "reflection", "太好了")])
    # a space, three characters and the end
    assert n == m == 5 and math.exp(nll / n) < 1.5 and wrong / m > nll / n + 1

    # eval reply --engine model reports the references' perplexity; a dialogue file, batched, samples kept
    data = _write(tmp_path / "esconv.jsonl", ESCONV)
    samples = tmp_path / "samples.jsonl"
    r = runner.invoke(
        app,
        ["eval", "reply", "--data", str(data), "--engine", "model", "--model-path", str(out), "--json"]
        + ["--batch-size", "2", "--samples", str(samples)],
    )
    assert r.exit_code == 0, r.output
    report = json.loads(r.stdout.strip().splitlines()[-1])
    assert report["engine"] == "model" and report["perplexity"] > 1.0
    assert all("context" in json.loads(x) for x in samples.read_text(encoding="utf-8").splitlines())

    def broken(*a, **k):
        raise RuntimeError("CUDA out of memory")

    monkeypatch.setattr(engine.model, "generate", broken)
    with caplog.at_level(logging.WARNING):
        fallback = Fallback(engine, LocalEngine(PhraseBank())).reply(ctx("我很难过", "sadness", "reflection"))
    # the client sees a code; what failed is in the log
    assert fallback.fallback and fallback.engine == "local" and fallback.error == "model_error"
    assert "out of memory" in caplog.text


def test_eval_reply_scores_replies_from_a_file(tmp_path):
    path = tmp_path / "esconv.jsonl"
    _write(path, ESCONV)
    samples = tmp_path / "samples.jsonl"
    r = runner.invoke(app, ["eval", "reply", "--data", str(path), "--json", "--samples", str(samples)])
    assert r.exit_code == 0, r.output
    rows = [json.loads(x) for x in samples.read_text(encoding="utf-8").splitlines()]
    given = _write(tmp_path / "replies.jsonl", [{"id": x["id"], "reply": x["reference"]} for x in rows])
    r = runner.invoke(app, ["eval", "reply", "--data", str(path), "--json", "--replies", str(given)])
    assert r.exit_code == 0, r.output
    report = json.loads(r.stdout.strip().splitlines()[-1])
    assert report["bleu2"] == pytest.approx(100.0) and report["engine"] == "file:replies.jsonl"
    assert report["perplexity"] is None  # a file of replies has no model to score the references
    _write(given, [{"id": rows[0]["id"], "reply": "hi"}])
    r = runner.invoke(app, ["eval", "reply", "--data", str(path), "--replies", str(given)])
    assert r.exit_code == 2 and "no reply for record" in " ".join(r.output.split())
    given.write_text('{"reply": "no id"}\n', encoding="utf-8")
    r = runner.invoke(app, ["eval", "reply", "--data", str(path), "--replies", str(given)])
    assert r.exit_code == 2 and "line 1" in " ".join(r.output.split())
