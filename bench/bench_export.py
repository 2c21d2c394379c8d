"""CPU serving of the transformer models, exported against PyTorch, measured in one run.

    python bench/bench_export.py --data DATASETS [--n 1000] [--part emotion|reply|all]

- emotion: the shipped transformer emotion model in PyTorch (float32, LoRA merged; the baseline) against its
  ``xinyu export onnx`` exports, float32 and int8, on the first N posts of SMP2020 usual_eval: texts/s in batches
  of 32, single-text latency (mean / p95 over 50), macro-F1 on those posts, file size.
- reply: greedy generation of the shipped reply model with transformers (the baseline) against its ``xinyu
  export gguf`` file (q8_0) in llama.cpp (``llama-cpp-python``; skipped when it is not installed), on 8 ESConv
  valid turns: generated tokens/s at batch 1, same 48-token budget.

Ratios are the export's throughput over the baseline's.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path


def _emotion(data: Path, n: int) -> list[dict]:
    from xinyu.emotion.transformer import default_transformer_dir
    from xinyu.metrics import SKIP, macro_f1
    from xinyu.neural.emotion import TransformerEmotionModel
    from xinyu.neural.emotion_onnx import OnnxEmotionModel
    from xinyu.neural.export import OnnxExportConfig, export_emotion_onnx
    from xinyu.taxonomy import to_canonical

    rows = [
        json.loads(x) for x in (data / "smp2020_ewect" / "usual_eval.jsonl").read_text("utf-8").splitlines()
    ]
    texts = [r["content"] for r in rows[:n]]
    gold = [to_canonical("smp2020", r["label"]) for r in rows[:n]]
    folder = default_transformer_dir() / "zh"
    out = []
    with tempfile.TemporaryDirectory(prefix="xinyu-bench-") as tmp:
        trained = sum(f.stat().st_size for f in folder.rglob("*.safetensors")) / 2**20  # adapter + head
        models = [("PyTorch float32 (baseline)", TransformerEmotionModel(folder, device="cpu"), trained)]
        for quantize in (None, "int8"):
            target = Path(tmp) / (quantize or "float32")
            export_emotion_onnx(folder, target, OnnxExportConfig(quantize=quantize, min_agreement=0.0))
            size = (target / "model.onnx").stat().st_size / 2**20
            models.append((f"ONNX {quantize or 'float32'}", OnnxEmotionModel(target), size))
        for name, model, size in models:
            model.logits(texts[:32])  # warm up
            start = time.perf_counter()
            logits = model.logits(texts, batch_size=32)
            rate = len(texts) / (time.perf_counter() - start)
            lat = []
            for t in texts[:50]:
                s = time.perf_counter()
                model.logits([t])
                lat.append((time.perf_counter() - s) * 1000)
            lat.sort()
            index = {label: k for k, label in enumerate(model.labels)}
            f1 = macro_f1([index[g] for g in gold], logits.argmax(1).tolist(), len(model.labels), absent=SKIP)
            out.append(
                {"model": name, "texts_per_s": rate, "single_ms": statistics.mean(lat), "p95_ms": lat[47],
                 "macro_f1": f1, "mb": size}
            )  # fmt: skip
            print(out[-1], flush=True)
    return out


def _reply(data: Path) -> list[dict]:
    from xinyu.data import Ledger, ingest
    from xinyu.neural.export import export_reply_gguf
    from xinyu.neural.reply import ReplyModel, clean_reply, render_condition, render_context
    from xinyu.respond.engines import default_reply_model_dir

    records = [r for r in ingest(data / "esconv" / "valid.jsonl", Ledger(), pairs=True) if r.response][:8]
    items = [
        ([{"role": t["role"], "content": t["text"]} for t in r.meta.get("context") or []], r.text)
        for r in records
    ]
    model = ReplyModel(default_reply_model_dir(), device="cpu")
    out = []
    plain = {"repetition_penalty": 1.0, "no_repeat_ngram_size": 0}  # llama.cpp runs without them too
    start = time.perf_counter()
    for history, message in items:
        prompt = model.prompt(history, message, "sadness", None)
        model.generate([prompt], max_new_tokens=48, min_new_tokens=48, **plain)
    tokens = 48 * len(items)
    out.append(
        {"model": "transformers float32 (baseline)", "tokens_per_s": tokens / (time.perf_counter() - start)}
    )
    print(out[-1], flush=True)
    try:
        from llama_cpp import Llama
    except ImportError:
        print("llama-cpp-python is not installed: the GGUF row is skipped")
        return out
    with tempfile.TemporaryDirectory(prefix="xinyu-bench-") as tmp:
        path = Path(tmp) / "reply.gguf"
        export_reply_gguf(default_reply_model_dir(), path, "q8_0", check=False)
        llm = Llama(model_path=str(path), n_ctx=1024, verbose=False)
        tokens, start = 0, time.perf_counter()
        sample = ""
        for history, message in items:
            prompt = render_context(history, message) + render_condition("sadness")
            result = llm.create_completion(
                prompt, max_tokens=48, temperature=0.0, stop=[], repeat_penalty=1.0
            )
            tokens += result["usage"]["completion_tokens"]
            sample = sample or clean_reply(result["choices"][0]["text"])[0]
        out.append({"model": "llama.cpp, GGUF q8_0", "tokens_per_s": tokens / (time.perf_counter() - start),
                    "sample": sample})  # fmt: skip
        print(out[-1], flush=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="folder holding smp2020_ewect/ and esconv/")
    parser.add_argument("--n", type=int, default=1000, help="emotion: posts to score")
    parser.add_argument("--part", choices=["emotion", "reply", "all"], default="all")
    args = parser.parse_args()
    if args.part in ("emotion", "all"):
        rows = _emotion(args.data, args.n)
        base = rows[0]["texts_per_s"]
        print(
            "\n| model | texts/s (batch 32) | single text (ms, mean / p95) | macro-F1 | file | vs PyTorch |"
        )
        print("|---|---|---|---|---|---|")
        for r in rows:
            size = f"{r['mb']:.0f} MB" + (" (adapter + head) + base" if r is rows[0] else "")
            print(
                f"| {r['model']} | {r['texts_per_s']:.1f} | {r['single_ms']:.1f} / {r['p95_ms']:.1f} | "
                f"{r['macro_f1']:.4f} | {size} | {r['texts_per_s'] / base:.2f}x |"
            )
    if args.part in ("reply", "all"):
        rows = _reply(args.data)
        base = rows[0]["tokens_per_s"]
        print("\n| runtime | generated tokens/s (batch 1) | vs transformers |")
        print("|---|---|---|")
        for r in rows:
            print(f"| {r['model']} | {r['tokens_per_s']:.1f} | {r['tokens_per_s'] / base:.2f}x |")


if __name__ == "__main__":
    main()
