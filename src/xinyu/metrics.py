"""Macro-F1, the one way every layer computes it (trainers, exports and evaluation alike); numpy only.

A label's F1 is ``2tp / (2tp + fp + fn)``, 0 when it has no true positive. Macro-F1 is the mean of the labels' F1.

Labels absent from both the truth and the predictions (no tp, no fp, no fn) have no F1 of their own. The
caller says what they count for, through ``absent``, and no default chooses for it:

- :data:`ZERO`: they count as 0; the mean runs over every label asked for. The linear trainer's bias tuning
  and ``xinyu eval emotion`` do this (a scheme's label that a test file lacks still weighs on its figure).
- :data:`SKIP`: they are left out; the mean runs over the labels that occur. The transformer trainer's dev
  figure and the export's parity check do this (a dev split without a rare label is not punished for it).

The two agree whenever every label occurs in the truth or the predictions; otherwise ZERO is lower.

>>> macro_f1([0, 0, 1], [0, 1, 1], 3, absent=ZERO)
0.4444444444444444
>>> macro_f1([0, 0, 1], [0, 1, 1], 3, absent=SKIP)
0.6666666666666666
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np

ZERO: Literal["zero"] = "zero"
SKIP: Literal["skip"] = "skip"
Absent = Literal["zero", "skip"]


def f1_score(tp: int, fp: int, fn: int) -> float:
    """One label's F1 from its counts: ``2tp / (2tp + fp + fn)``, 0 when ``tp`` is 0."""
    return 0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn)


def macro_mean(f1s: Sequence[float], seen: Sequence[bool], absent: Absent) -> float:
    """The mean of per-label F1s; ``seen[k]`` says label k occurs in the truth or the predictions, and
    ``absent`` what an unseen one counts for (see the module docs). 0 when no label is left to average."""
    if absent not in (ZERO, SKIP):
        raise ValueError(f"absent must be {ZERO!r} or {SKIP!r}, not {absent!r}")
    kept = [f for f, s in zip(f1s, seen, strict=True) if s or absent == ZERO]
    return float(np.mean(kept)) if kept else 0.0


def macro_f1(
    gold: Sequence[int] | np.ndarray, pred: Sequence[int] | np.ndarray, n_labels: int, *, absent: Absent
) -> float:
    """Macro-F1 of single-label predictions given as label indices ``0 .. n_labels - 1``."""
    gold, pred = np.asarray(gold), np.asarray(pred)
    if gold.shape != pred.shape:
        raise ValueError(f"{len(gold)} gold labels but {len(pred)} predictions")
    f1s, seen = [], []
    for k in range(n_labels):
        tp = int(np.sum((pred == k) & (gold == k)))
        fp = int(np.sum((pred == k) & (gold != k)))
        fn = int(np.sum((pred != k) & (gold == k)))
        f1s.append(f1_score(tp, fp, fn))
        seen.append(tp + fp + fn > 0)
    return macro_mean(f1s, seen, absent)
