"""Risk assessment speed: one message at a time, full layer (cues + model) against the cue layer alone.

python bench/bench_risk.py --data DATA_DIR      (reads sos1k_suicide_zh/train.jsonl and goemotions/dev.jsonl)
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

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


if __name__ == "__main__":
    main()
