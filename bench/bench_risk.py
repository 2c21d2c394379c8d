"""Risk assessment speed: one message at a time, full layer (cues + model) against the cue layer alone; then long
messages, to show the cost grows linearly with length (per character, against 250-character messages).

python bench/bench_risk.py --data DATA_DIR      (reads sos1k_suicide_zh/train.jsonl and goemotions/dev.jsonl)

The long messages join real posts end to end (Chinese posts, English posts, and Chinese with the sentence
punctuation taken out: one run-on sentence, the hardest shape for the cue layer's context reading).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from xinyu.lang import zh_or_en
from xinyu.safety import RiskAssessor


def _texts(data: Path, n: int) -> list[str]:
    zh = [json.loads(x)["text"] for x in (data / "sos1k_suicide_zh" / "train.jsonl").open(encoding="utf-8")]
    en = [json.loads(x)["text"] for x in (data / "goemotions" / "dev.jsonl").open(encoding="utf-8")]
    return (zh[: n // 2] + en[: n // 2])[:n]


def _time(assessor: RiskAssessor, texts: list[str]) -> list[float]:
    assessor.assess("warm up")
    out = []
    for t in texts:
        t0 = time.perf_counter()
        assessor.assess(t)
        out.append((time.perf_counter() - t0) * 1000)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("-n", type=int, default=2000)
    args = ap.parse_args()
    texts = _texts(args.data, args.n)
    full = _time(RiskAssessor(), texts)
    cues = _time(RiskAssessor(use_model=False), texts)
    for name, ms in (("full (cues + model)", full), ("baseline: cues only", cues)):
        q = statistics.quantiles(ms, n=20)
        print(f"{name:22s} mean {statistics.mean(ms):.3f} ms  p95 {q[18]:.3f} ms  over {len(ms)} messages")
    print(f"ratio full / cues-only: {statistics.mean(full) / statistics.mean(cues):.2f}x")
    _lengths(texts)


def _lengths(texts: list[str], lengths=(250, 500, 1000, 2000, 4000)) -> None:
    """Time per character of messages of growing length, against the 250-character ones (1.0 = linear)."""
    import re

    zh = [t for t in texts if zh_or_en(t) == "zh"]
    en = [t for t in texts if zh_or_en(t) == "en"]
    shapes = {
        "zh": "。".join(zh),
        "en": " ".join(en),
        "zh run-on": re.sub(r"[。！？!?.\n]", "，", "，".join(zh)),
    }
    assessor = RiskAssessor()
    print("\nlong messages (full layer, best of 3 over 5 windows each): ms, and ms per character / at 250")
    for shape, joined in shapes.items():
        base = None
        row = []
        for n in lengths:
            windows = [joined[i * n : (i + 1) * n] for i in range(5)]
            best = min(sum(_time(assessor, windows)) / len(windows) for _ in range(3))
            per_char = best / n
            base = base or per_char
            row.append(f"{n}: {best:.1f} ms ({per_char / base:.2f})")
        print(f"{shape:10s} " + "  ".join(row))


if __name__ == "__main__":
    main()
