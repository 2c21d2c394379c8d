"""Fitting how the ``encoder`` backend mixes a trained model with the linear model
(:class:`xinyu.emotion.encoder.Blend`): the weight of the model's probabilities and a threshold per label.

Fitted on held-out labelled rows, never on the dev split the model is then scored on. For each weight on a grid
(0, 0.05, ..., 1) every label gets the threshold that gives it the best F1 (the top label always counts as
predicted, as at serving time). The weight is the largest whose macro-F1 is within ``tolerance`` of the best: a
few thousand held-out rows cannot tell weights that close apart, and the larger weight trusts the model, which
reads texts unlike the held-out ones (chat messages, tweets) far better than the n-gram model does. A row may
carry several gold labels. Labels that no row carries get no threshold (they are predicted only as the top
label).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from xinyu.emotion.encoder import Blend
from xinyu.taxonomy import EMOTIONS

WEIGHTS = np.round(np.linspace(0.0, 1.0, 21), 2)
THRESHOLDS = np.round(np.arange(0.05, 0.951, 0.01), 2)


def gold_matrix(gold: Sequence[Sequence[str]]) -> np.ndarray:
    """(n, 7) booleans: row i carries emotion k (canonical order)."""
    out = np.zeros((len(gold), len(EMOTIONS)), dtype=bool)
    for i, labels in enumerate(gold):
        for label in labels:
            out[i, EMOTIONS.index(label)] = True
    return out


def _best_threshold(scores: np.ndarray, is_top: np.ndarray, gold: np.ndarray) -> tuple[float, float]:
    """(threshold, F1) of one label: the threshold on the grid with the best F1, the lowest on a tie."""
    best = (float(THRESHOLDS[-1]), -1.0)
    for t in THRESHOLDS:
        predicted = is_top | (scores >= t)
        tp = int(np.sum(predicted & gold))
        f1 = 2 * tp / (int(predicted.sum()) + int(gold.sum())) if tp else 0.0
        if f1 > best[1]:
            best = (float(t), f1)
    return best


def fit_thresholds(scores: np.ndarray, gold: np.ndarray) -> tuple[dict[str, float], float]:
    """(threshold per label, macro-F1 over the labels the gold rows carry) for mixed ``scores`` (n, 7)."""
    top = scores.argmax(axis=1)
    thresholds: dict[str, float] = {}
    f1s = []
    for k, label in enumerate(EMOTIONS):
        if not gold[:, k].any():
            continue
        thresholds[label], f1 = _best_threshold(scores[:, k], top == k, gold[:, k])
        f1s.append(f1)
    return thresholds, float(np.mean(f1s)) if f1s else 0.0


def fit_blend(
    model_probs: np.ndarray,
    linear_scores: np.ndarray,
    gold: Sequence[Sequence[str]],
    tolerance: float = 0.005,
) -> dict:
    """The :class:`Blend` for these rows (see the module docs), and what each weight scored.

    ``model_probs`` and ``linear_scores`` are (n, 7) in canonical order. Returns ``{"blend", "macro_f1",
    "by_weight"}``; ``by_weight`` maps each weight on the grid to its macro-F1 (0 is the linear model alone, 1 the
    model alone)."""
    if model_probs.shape != linear_scores.shape or len(model_probs) != len(gold):
        raise ValueError("model probabilities, linear scores and gold rows differ in size")
    if not len(gold):
        raise ValueError("no rows to fit the blend on")
    truth = gold_matrix(gold)
    fits = {float(w): fit_thresholds(w * model_probs + (1 - w) * linear_scores, truth) for w in WEIGHTS}
    best = max(f1 for _, f1 in fits.values())
    weight = max(w for w, (_, f1) in fits.items() if f1 >= best - tolerance)
    thresholds, f1 = fits[weight]
    return {
        "blend": Blend(weight, thresholds),
        "macro_f1": round(f1, 4),
        "best_macro_f1": round(best, 4),
        "by_weight": {w: round(f1, 4) for w, (_, f1) in fits.items()},
    }


def _matrix(rows: Sequence[dict[str, float]] | np.ndarray, labels: Sequence[str] = EMOTIONS) -> np.ndarray:
    """(n, 7) in canonical order from per-row score dicts, or from an array whose columns are ``labels``."""
    out = np.zeros((len(rows), len(EMOTIONS)), dtype=np.float64)
    if isinstance(rows, np.ndarray):
        for j, label in enumerate(labels):
            if label in EMOTIONS:
                out[:, EMOTIONS.index(label)] = rows[:, j]
        return out
    for i, scores in enumerate(rows):
        out[i] = [scores.get(e, 0.0) for e in EMOTIONS]
    return out


def blend_model_folder(
    folder: Path,
    texts: Sequence[str],
    gold: Sequence[Sequence[str]],
    linear_dir: Path | None = None,
    progress: Callable[[str], None] | None = None,
    tolerance: float = 0.005,
) -> dict:
    """Fit the blend of the trained model in ``folder`` with the linear model in ``linear_dir`` (default the
    shipped one) on ``texts`` and their gold labels, and write it into the folder's ``xinyu-emotion.json`` under
    ``blend``. The model is read through the graph the encoder backend will run (its export in the cache) when
    it is built, so that the thresholds fit what serves; else with PyTorch. Returns the report (also stored
    there, under ``blend.fitted``)."""
    from xinyu.emotion.linear import LinearBackend
    from xinyu.neural.emotion import CONFIG_NAME

    say = progress or (lambda _msg: None)
    say("reading the rows with the model")
    model, read_with = _served_model(folder)
    probs = _matrix(model.probabilities(texts), model.labels)
    say("reading the rows with the linear model")
    linear = LinearBackend(linear_dir).load()
    scores = _matrix([p.scores for p in linear.predict(texts, [model.language] * len(texts))])
    say("fitting the weight and the thresholds")
    fitted = fit_blend(probs, scores, gold, tolerance)
    blend: Blend = fitted["blend"]
    report = {
        "rows": len(texts),
        "read_with": read_with,
        "linear_model": linear.model_id,
        "macro_f1": fitted["macro_f1"],
        "best_macro_f1": fitted["best_macro_f1"],
        "tolerance": tolerance,
        "by_weight": fitted["by_weight"],
    }
    path = folder / CONFIG_NAME
    meta = json.loads(path.read_text(encoding="utf-8"))
    meta["blend"] = {"weight": blend.weight, "thresholds": blend.thresholds, "fitted": report}
    path.write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return {"weight": blend.weight, "thresholds": blend.thresholds, **report}


def _served_model(folder: Path):
    """(the model as the encoder backend runs it, what it is): its ONNX graph in the cache when built, else the
    PyTorch model."""
    from xinyu.emotion.encoder import find_export
    from xinyu.neural.emotion_onnx import OnnxEmotionModel

    try:
        graph = OnnxEmotionModel(find_export(folder), threads=1, spinning=False)
    except (FileNotFoundError, ImportError):
        from xinyu.neural.emotion import TransformerEmotionModel

        return TransformerEmotionModel(folder, device="cpu"), "pytorch"
    return graph, f"onnx {graph.meta.get('onnx', {}).get('quantize') or 'float32'}"
