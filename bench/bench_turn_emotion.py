"""The chat path's emotion reading of one English turn: ``EmotionAnalyzer.analyze`` on one message, as
``ChatService.turn`` calls it, with the default ``encoder`` backend against the ``linear`` model (the baseline),
on the same messages in the same run.

    python bench/bench_turn_emotion.py --data DATA   (reads empathetic_personas/emotion_en/val.csv, goemotions/dev.jsonl)

Messages: the 114 EmpatheticPersonas English validation messages and the first ``-n`` GoEmotions dev comments
(short chat-like turns), then long turns of about 1,000 characters (dev comments joined; the encoder reads their
first 128 tokens). Each message is analysed once, after one warm-up call; the figures are milliseconds per turn.
The encoder needs its graph (``xinyu export encoder``, run by ``make install``); without it the script stops
rather than time the fallback.
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import time
from pathlib import Path


def load_turns(data: Path, n: int) -> tuple[list[str], list[str]]:
    """(short turns, long turns of about 1,000 characters)."""
    with (data / "empathetic_personas" / "emotion_en" / "val.csv").open(encoding="utf-8") as fh:
        short = [r["text"] for r in csv.DictReader(fh)]
    with (data / "goemotions" / "dev.jsonl").open(encoding="utf-8") as fh:
        comments = [json.loads(line)["text"] for line in fh]
    short += comments[:n]
    long, current = [], ""
    for c in comments[n:]:
        current = f"{current} {c}".strip()
        if len(current) >= 1000:
            long.append(current[:1000])
            current = ""
        if len(long) == 100:
            break
    return short, long


def time_turns(analyzer, texts: list[str]) -> dict:
    analyzer.analyze("warming up the model")
    ms = []
    for t in texts:
        start = time.perf_counter()
        analyzer.analyze(t)
        ms.append((time.perf_counter() - start) * 1000)
    q = statistics.quantiles(ms, n=100)
    return {"n": len(ms), "mean": statistics.mean(ms), "p50": q[49], "p95": q[94], "max": max(ms)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="folder holding the public datasets")
    parser.add_argument("-n", type=int, default=1000, help="GoEmotions dev comments among the short turns")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args()

    from xinyu.config import Settings
    from xinyu.emotion import get_analyzer

    short, long = load_turns(args.data, args.n)
    rows = {}
    for name in ("linear", "encoder"):
        start = time.perf_counter()
        analyzer = get_analyzer(name, Settings())
        load_s = time.perf_counter() - start
        if name == "encoder" and not analyzer.backend.models:
            raise SystemExit(
                f"the encoder has no graph ({analyzer.backend.unavailable}): run `xinyu export encoder`"
            )
        rows[name] = {"model": analyzer.backend.model_id, "load_s": load_s}
        rows[name]["short"] = time_turns(analyzer, short)
        rows[name]["long"] = time_turns(analyzer, long)

    print(
        f"short turns: {len(short)} (mean {statistics.mean(map(len, short)):.0f} characters); long: {len(long)}"
    )
    print(
        "\n| backend | load (s) | turn (ms): mean / p50 / p95 / max | ~1,000-character turn (ms): mean / p95 |"
    )
    print("|---|---|---|---|")
    for name, r in rows.items():
        s, g = r["short"], r["long"]
        print(
            f"| {name} ({r['model']}) | {r['load_s']:.2f} | {s['mean']:.2f} / {s['p50']:.2f} / {s['p95']:.2f} / "
            f"{s['max']:.2f} | {g['mean']:.2f} / {g['p95']:.2f} |"
        )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
