"""Binary figures for the risk layer: a level at or above a threshold counts as positive.

>>> r = binary_report([1, 1, 0, 0], [3, 1, 0, 4], cut=3)
>>> r["precision"], r["recall"], r["confusion"]["matrix"]
(0.5, 0.5, [[1, 1], [1, 1]])
"""

from __future__ import annotations

from collections.abc import Sequence

from xinyu.levels import RiskLevel


def binary_report(gold: Sequence[int], levels: Sequence[int], cut: int) -> dict:
    """precision, recall, f1, n, the confusion counts and matrix ([[tn, fp], [fn, tp]]), and gold by level."""
    by_level = {lvl.name: {"positive": 0, "negative": 0} for lvl in RiskLevel}
    tp = fp = fn = tn = 0
    for y, lv in zip(gold, levels, strict=True):
        by_level[RiskLevel(lv).name]["positive" if y else "negative"] += 1
        pred = lv >= cut
        tp += int(pred and y == 1)
        fp += int(pred and y == 0)
        fn += int(not pred and y == 1)
        tn += int(not pred and y == 0)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "n": len(gold),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "confusion": {"tp": tp, "fp": fp, "fn": fn, "tn": tn, "matrix": [[tn, fp], [fn, tp]]},
        "by_level": by_level,
    }
