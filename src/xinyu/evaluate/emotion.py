"""Scoring emotion predictions against gold labels of any scheme: single-label and multi-label.

Gold labels are mapped to canonical emotions through the scheme; predictions are restricted to the emotions the
scheme can express (an SMP2020 file has no ``disgust``, so the model's best among the other six counts).

:func:`read_gold` reads the texts and gold labels of an evaluation file, :func:`converted` rewrites its texts (in
Traditional Chinese, to measure parity with Simplified), :func:`evaluate_emotion` runs an analyzer over them and
returns the report ``xinyu eval emotion`` prints; :class:`EmotionScores` scores.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace

from xinyu.io import Row, canonical_labels, text_rows
from xinyu.metrics import ZERO, macro_mean
from xinyu.schema import EmotionResult
from xinyu.taxonomy import scheme_targets


@dataclass
class EmotionScores:
    labels: list[str]
    multilabel: bool
    gold: list[list[str]] = field(default_factory=list)
    pred: list[list[str]] = field(default_factory=list)

    def add(self, gold: Sequence[str], result: EmotionResult | None) -> None:
        """Record one row; ``result`` None (an empty text) counts as predicting neutral."""
        self.gold.append(list(gold))
        self.pred.append(self.predicted(result))

    def predicted(self, result: EmotionResult | None) -> list[str]:
        if result is None:
            return ["neutral"] if "neutral" in self.labels else [self.labels[0]]
        top = max(self.labels, key=lambda lab: result.scores.get(lab, 0.0))
        if (
            any(w.startswith("in_context:") for w in getattr(result, "warnings", ()))
            and result.label in self.labels
        ):
            top = result.label  # read in context: the label, not the model's scores
        if not self.multilabel:
            return [top]
        chosen = [lab for lab in result.labels if lab in self.labels]
        return chosen or [top]

    def report(self) -> dict:
        n = len(self.gold)
        per_class = {}
        for lab in self.labels:
            tp = sum(lab in g and lab in p for g, p in zip(self.gold, self.pred, strict=True))
            fp = sum(lab not in g and lab in p for g, p in zip(self.gold, self.pred, strict=True))
            fn = sum(lab in g and lab not in p for g, p in zip(self.gold, self.pred, strict=True))
            precision = tp / (tp + fp) if tp + fp else 0.0
            recall = tp / (tp + fn) if tp + fn else 0.0
            f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
            per_class[lab] = {
                "precision": round(precision, 4),
                "recall": round(recall, 4),
                "f1": round(f1, 4),
                "support": tp + fn,
                "tp": tp,
                "fp": fp,
                "fn": fn,
            }
        # the mean of the F1s as reported (rounded), so the figure matches the table; a scheme's label absent from
        # both the gold and the predictions counts as 0
        macro = macro_mean(
            [c["f1"] for c in per_class.values()],
            [c["support"] + c["fp"] > 0 for c in per_class.values()],
            ZERO,
        )
        tp = sum(c["tp"] for c in per_class.values())
        fp = sum(c["fp"] for c in per_class.values())
        fn = sum(c["fn"] for c in per_class.values())
        micro = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        exact = sum(set(g) == set(p) for g, p in zip(self.gold, self.pred, strict=True))
        out = {
            "n": n,
            "accuracy": round(exact / n, 4) if n else 0.0,
            "macro_f1": round(macro, 4),
            "micro_f1": round(micro, 4),
            "multilabel": self.multilabel,
            "labels": self.labels,
            "per_class": per_class,
        }
        if self.multilabel:
            out["confusion_matrix"] = {
                "kind": "per-label (tp, fp, fn, tn)",
                "labels": self.labels,
                "matrix": [
                    [c["tp"], c["fp"], c["fn"], n - c["tp"] - c["fp"] - c["fn"]] for c in per_class.values()
                ],
            }
        else:
            index = {lab: k for k, lab in enumerate(self.labels)}
            matrix = [[0] * len(self.labels) for _ in self.labels]
            for g, p in zip(self.gold, self.pred, strict=True):
                matrix[index[g[0]]][index[p[0]]] += 1
            out["confusion_matrix"] = {
                "kind": "rows gold, columns predicted",
                "labels": self.labels,
                "matrix": matrix,
            }
        return out


@dataclass
class Gold:
    """The scorable rows of an evaluation file: (text, canonical gold labels) each, the rows left out
    (``{"line", "error"}`` each), and whether any gold value is a list (then the file is scored
    multi-label)."""

    items: list[tuple[str, list[str]]] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)
    multilabel: bool = False
    lines: list[int] = field(default_factory=list)  # each item's line in the file


def read_gold(rows: Iterable[Row], scheme: str, text_field: str, label_field: str) -> Gold:
    """Texts and their gold labels mapped to canonical emotions through ``scheme``; a row without a text,
    with a label outside the scheme or with an empty list of labels is listed in ``errors``."""
    out = Gold()
    parse = functools.partial(canonical_labels, scheme)
    for row in text_rows(rows, text_field, label_field=label_field, parse=parse):
        out.multilabel = out.multilabel or isinstance(row.gold, list)
        error = row.error
        if error is None and not row.label:
            error = f"field {label_field!r} is an empty list"
        if error is not None:
            out.errors.append({"line": row.number, "error": error})
            continue
        out.items.append((row.text, row.label))
        out.lines.append(row.number)
    return out


def converted(gold: Gold, convert: Callable[[str], str]) -> Gold:
    """``gold`` with every text passed through ``convert`` (Simplified to Traditional Chinese, say: the turns read
    in context are among the texts, so they are converted too); the labels, rows and errors as they were."""
    return replace(gold, items=[(convert(text), labels) for text, labels in gold.items])


def evaluate_emotion(
    gold: Gold,
    analyzer,
    *,
    scheme: str,
    data: str,
    batch_size: int = 512,
    progress: Callable[[int], None] | None = None,
    conversations: Sequence[str] | None = None,
    assessor=None,
) -> dict:
    """Analyse every text with ``analyzer`` (an :class:`~xinyu.emotion.EmotionAnalyzer`) in batches and score
    it: the :meth:`EmotionScores.report` figures, then ``data`` (the file's name, as given), the scheme, the
    backend and model, the empty texts (each counted as predicting neutral), the rows left out (the first 20
    listed), and the time taken. ``progress`` gets the size of each batch as it is done.

    With ``conversations`` (a key per item: the items of one key are one person's turns, in order) each turn is
    scored as the chat reads it, in context (:func:`xinyu.respond.dialogue.read_turn` with the turns before it and
    the message's risk from ``assessor``, a :class:`~xinyu.safety.RiskAssessor`), and the model's reading of each
    text alone is reported beside it under ``model_alone``."""
    from xinyu.respond.dialogue import DialogueState, in_context, read_turn

    scores = EmotionScores(labels=scheme_targets(scheme), multilabel=gold.multilabel)
    alone = EmotionScores(labels=scheme_targets(scheme), multilabel=gold.multilabel)
    states: dict[str, DialogueState] = {}
    n_empty = 0
    start = time.perf_counter()
    for lo in range(0, len(gold.items), batch_size):
        chunk = gold.items[lo : lo + batch_size]
        results = analyzer.analyze_batch([t for t, _ in chunk])
        for k, ((text, labels), result) in enumerate(zip(chunk, results, strict=True)):
            if isinstance(result, Exception):
                n_empty += 1
                result = None
            if conversations is not None and result is not None:
                alone.add(labels, result)
                state = states.setdefault(conversations[lo + k], DialogueState())
                level = assessor.assess(text).level if assessor is not None else "none"
                reading = read_turn(text, result.label, result.intensity, level, state)
                state.remember(reading)
                result = in_context(result, reading.emotion)
            elif conversations is not None:
                alone.add(labels, None)
            scores.add(labels, result)
        if progress is not None:
            progress(len(chunk))
    elapsed = time.perf_counter() - start
    report = scores.report()
    if conversations is not None:
        model_alone = alone.report()
        report["in_context"] = True
        report["conversations"] = len(states)
        report["model_alone"] = {
            k: model_alone[k] for k in ("accuracy", "macro_f1", "micro_f1") if k in model_alone
        }
    report.update(
        {
            "data": data,
            "scheme": scheme,
            "backend": analyzer.backend.name,
            "model": analyzer.backend.model_id,
            "n_empty_text": n_empty,
            "n_errors": len(gold.errors),
            "errors": gold.errors[:20],
            "seconds": round(elapsed, 3),
            "texts_per_s": round(len(gold.items) / elapsed, 1) if elapsed else None,
        }
    )
    return report
