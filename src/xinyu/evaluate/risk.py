"""Binary figures for the risk layer: a level at or above a threshold counts as positive.

:func:`read_binary_gold` reads the texts and binary labels of an evaluation file, :func:`evaluate_risk`
assesses them and returns the report ``xinyu eval risk`` prints; :func:`binary_report` is the scoring itself.

>>> r = binary_report([1, 1, 0, 0], [3, 1, 0, 4], cut=3)
>>> r["precision"], r["recall"], r["confusion"]["matrix"]
(0.5, 0.5, [[1, 1], [1, 1]])
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from xinyu.io import Row, binary_label, text_rows
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


@dataclass
class BinaryGold:
    """The usable rows of a file with a binary label, and the ones left out (``{"line", "error"}`` each)."""

    texts: list[str] = field(default_factory=list)
    gold: list[int] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)


def read_binary_gold(rows: Iterable[Row], text_field: str, label_field: str) -> BinaryGold:
    """Texts and 1/0 labels (see :func:`xinyu.io.binary_label`); a row without either is listed in
    ``errors``."""
    out = BinaryGold()
    for row in text_rows(rows, text_field, label_field=label_field, parse=binary_label):
        if row.error is not None:
            out.errors.append({"line": row.number, "error": row.error})
            continue
        out.texts.append(row.text)
        out.gold.append(row.label)
    return out


def evaluate_risk(
    gold: BinaryGold,
    assessor,
    cut: RiskLevel,
    *,
    data: str,
    batch_size: int = 256,
    progress: Callable[[int], None] | None = None,
) -> dict:
    """Assess every text with ``assessor`` (a :class:`~xinyu.safety.RiskAssessor`) and score the levels at or
    above ``cut`` against the gold labels: ``data`` (the file's name, as given), the threshold, the
    :func:`binary_report` figures, the model (``cues`` for the cue layer alone) and its load error if any, and
    the rows left out. ``progress`` gets the size of each batch as it is done."""
    levels: list[int] = []
    for i in range(0, len(gold.texts), batch_size):
        batch = assessor.assess_batch(gold.texts[i : i + batch_size])
        levels.extend(int(a.level) for a in batch)
        if progress is not None:
            progress(len(batch))
    report = {
        "data": data,
        "threshold": cut.name,
        **binary_report(gold.gold, levels, cut),
        "model": "cues" if assessor.model is None else assessor.model.source.rsplit("/", 1)[-1],
    }
    if assessor.model_error:
        report["model_error"] = assessor.model_error
    if gold.errors:
        report["errors"] = gold.errors
    return report
