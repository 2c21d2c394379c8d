"""Emotion analysis throughput: every backend, single text and batch, against a plain scikit-learn pipeline.

    python bench/bench_emotion.py --data DATASETS          (or: make bench DATA=DATASETS)

Corpus: the SMP2020-EWECT usual + virus training posts (36,374 Weibo texts). Measured in one run, on one machine:

- ``cli batch``: ``xinyu analyze --backend linear --input FILE --json`` end to end in a fresh process, model load included;
- ``batch``: ``analyze_batch`` in process after load (texts/s);
- ``single``: one ``analyze`` call after load (mean and p95 latency over 300 texts);
- baseline: scikit-learn ``TfidfVectorizer(char 1-3) + LogisticRegression`` fitted on 10k of the texts, then
  ``predict_proba`` over all of them; ratios are xinyu / baseline throughput.

The ``llm`` backend is timed against the bundled fake server on loopback: that figure is xinyu's own overhead per
request, not any real model's speed.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def load_texts(data: Path) -> list[str]:
    texts = []
    for name in ("usual_train.jsonl", "virus_train.jsonl"):
        with (data / "smp2020_ewect" / name).open(encoding="utf-8") as fh:
            texts += [t for t in (json.loads(line)["content"] for line in fh) if t and t.strip()]
    return texts


def time_batch(analyzer, texts: list[str], batch: int = 1024) -> float:
    start = time.perf_counter()
    for lo in range(0, len(texts), batch):
        analyzer.analyze_batch(texts[lo : lo + batch])
    return len(texts) / (time.perf_counter() - start)


def time_single(analyzer, texts: list[str], n: int = 300) -> tuple[float, float]:
    from xinyu.emotion.features import segment

    analyzer.analyze(texts[0])  # load jieba's dictionary
    segment.cache_clear()  # the batch run saw these texts; time them cold
    lat = []
    for t in texts[1 : n + 1]:
        start = time.perf_counter()
        analyzer.analyze(t)
        lat.append((time.perf_counter() - start) * 1000)
    lat.sort()
    return statistics.mean(lat), lat[int(0.95 * len(lat)) - 1]


def time_cli(texts: list[str]) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "weibo.jsonl"
        path.write_text(
            "".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in texts), encoding="utf-8"
        )
        cli = Path(sys.executable).with_name("xinyu")
        start = time.perf_counter()
        out = subprocess.run(
            [str(cli), "analyze", "--backend", "linear", "--input", str(path), "--json"],
            capture_output=True,
            check=True,
        )
        elapsed = time.perf_counter() - start
        assert out.stdout.count(b"\n") == len(texts), "the CLI must answer every row"
    return len(texts) / elapsed, elapsed


def sklearn_baseline(texts: list[str]) -> tuple[float, float]:
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    rng = np.random.default_rng(0)
    fit_texts = [texts[i] for i in rng.choice(len(texts), 10_000, replace=False)]
    # labels are irrelevant to speed; six classes as in SMP2020
    labels = [i % 6 for i in range(len(fit_texts))]
    pipe = make_pipeline(
        TfidfVectorizer(analyzer="char", ngram_range=(1, 3)), LogisticRegression(max_iter=200)
    )
    pipe.fit(fit_texts, labels)
    start = time.perf_counter()
    pipe.predict_proba(texts)
    batch = len(texts) / (time.perf_counter() - start)
    lat = []
    for t in texts[1:301]:
        s = time.perf_counter()
        pipe.predict_proba([t])
        lat.append((time.perf_counter() - s) * 1000)
    return batch, statistics.mean(lat)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="folder holding smp2020_ewect/")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args()

    from xinyu.config import Settings
    from xinyu.emotion import EmotionAnalyzer, get_analyzer
    from xinyu.emotion.llm import LLMBackend
    from xinyu.llm import ChatClient
    from xinyu.llm.fake import FakeOpenAIServer

    texts = load_texts(args.data)
    print(f"corpus: {len(texts):,} Weibo texts", flush=True)
    rows = {}
    base_batch, base_single = sklearn_baseline(texts)
    rows["sklearn tfidf+LR (baseline)"] = {"batch_per_s": base_batch, "single_ms": base_single}
    cli_rate, cli_s = time_cli(texts)
    rows["linear"] = {"cli_per_s": cli_rate, "cli_s": cli_s}
    for name in ("linear", "lexicon"):
        t0 = time.perf_counter()
        analyzer = get_analyzer(name, Settings())
        rows.setdefault(name, {})["load_s"] = time.perf_counter() - t0
        rows[name]["batch_per_s"] = time_batch(analyzer, texts)
        rows[name]["single_ms"], rows[name]["single_p95_ms"] = time_single(analyzer, texts)
    with FakeOpenAIServer(lambda m: '{"scores": {"neutral": 1}}') as server:
        client = ChatClient(server.base_url, "fake", max_retries=0)
        llm = EmotionAnalyzer(LLMBackend(Settings().llm, client=client).load())
        few = texts[:300]
        rows["llm (fake server)"] = {"batch_per_s": time_batch(llm, few, batch=50)}
        rows["llm (fake server)"]["single_ms"], _ = time_single(llm, few, n=100)

    print(
        "\n| backend | CLI batch, load included (texts/s) | batch in process (texts/s) | single call (ms, mean / p95) | batch vs baseline |"
    )
    print("|---|---|---|---|---|")
    for name, r in rows.items():
        cli = f"{r['cli_per_s']:,.0f} ({r['cli_s']:.1f} s)" if "cli_per_s" in r else "-"
        single = f"{r['single_ms']:.2f}" + (f" / {r['single_p95_ms']:.2f}" if "single_p95_ms" in r else "")
        ratio = f"{r['batch_per_s'] / base_batch:.2f}x"
        print(f"| {name} | {cli} | {r['batch_per_s']:,.0f} | {single} | {ratio} |")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
