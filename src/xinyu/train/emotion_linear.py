"""Training the ``linear`` backend: TF-IDF n-grams, a linear SVM, calibrated and bias-tuned on a held-out slice.

Recipe (each step was measured on the SMP2020 and GoEmotions dev splits; see the model card):

1. features: character 1-4-grams (+ jieba word 1-2-grams for Chinese; word 1-2-grams and character 2-5-grams for
   English), sublinear TF x IDF, min_df 2;
2. a class-balanced linear SVM (squared hinge) on 90% of the rows;
3. on the other 10%: a temperature (multi-class) or a Platt scaling per label (multi-label) turns margins into
   probabilities, then per-label biases (multi-class) or thresholds (multi-label) are tuned for macro-F1;
4. the SVM is refit on every row and the calibration folded into its weights.

Deterministic for a given input order: the held-out slice comes from a seeded permutation and the solver is
seeded, so a rebuild gives the same weights.

:func:`write_linear_model` saves a trained model with its :func:`training_report` (``<lang>.train.json``).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from xinyu.emotion.features import FeatureBlock, FeatureSpec, Featurizer, preprocess
from xinyu.emotion.linear import LinearModel
from xinyu.io import file_sha256
from xinyu.metrics import ZERO, macro_f1
from xinyu.taxonomy import EMOTIONS

Progress = Callable[[str], None]


def default_specs(language: str) -> list[FeatureSpec]:
    if language == "zh":
        return [FeatureSpec("char", 1, 4, "zh"), FeatureSpec("word", 1, 2, "zh")]
    return [FeatureSpec("word", 1, 2, "en"), FeatureSpec("char", 2, 5, "en")]


@dataclass
class LinearTrainConfig:
    language: str
    specs: list[FeatureSpec] = field(default_factory=list)
    c: float = 0.1
    min_df: int = 2
    max_features_per_block: int | None = 400_000
    holdout: float = 0.1
    seed: int = 13
    model_id: str = "emotion-linear"

    def __post_init__(self) -> None:
        if not self.specs:
            self.specs = default_specs(self.language)


def _svm(c: float, seed: int):
    try:
        from sklearn.svm import LinearSVC
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("training needs scikit-learn: pip install 'xinyu[train]'") from exc
    return LinearSVC(C=c, class_weight="balanced", random_state=seed, max_iter=5000)


def _fit_temperature(margins: np.ndarray, y: np.ndarray) -> float:
    best_t, best_nll = 1.0, np.inf
    for t in np.geomspace(0.25, 16, 49):
        z = margins * t
        z -= z.max(axis=1, keepdims=True)
        logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        nll = -logp[np.arange(len(y)), y].mean()
        if nll < best_nll:
            best_t, best_nll = float(t), nll
    return best_t


def _tune_biases(logits: np.ndarray, y: np.ndarray, rounds: int = 3) -> np.ndarray:
    """Coordinate ascent on per-label additive biases for macro-F1 (small steps; rare labels gain most); a label
    the held-out slice lacks counts as F1 0, as it always has here."""
    n_labels = logits.shape[1]
    bias = np.zeros(n_labels)
    best = macro_f1(y, (logits + bias).argmax(1), n_labels, absent=ZERO)
    grid = np.linspace(-1.0, 1.0, 21)
    for _ in range(rounds):
        for k in range(n_labels):
            for delta in grid:
                trial = bias.copy()
                trial[k] = delta
                score = macro_f1(y, (logits + trial).argmax(1), n_labels, absent=ZERO)
                if score > best + 1e-9:
                    best, bias = score, trial
    return bias


def _platt(margin: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    from sklearn.linear_model import LogisticRegression

    lr = LogisticRegression(C=1e4).fit(margin.reshape(-1, 1), y)
    return float(lr.coef_[0, 0]), float(lr.intercept_[0])


def _best_threshold(prob: np.ndarray, y: np.ndarray) -> float:
    best_t, best_f = 0.5, -1.0
    for t in np.linspace(0.1, 0.9, 33):
        pred = prob >= t
        tp = np.sum(pred & (y == 1))
        f = 0.0 if tp == 0 else 2 * tp / (2 * tp + np.sum(pred & (y == 0)) + np.sum(~pred & (y == 1)))
        if f > best_f:
            best_t, best_f = float(t), f
    return best_t


def train_linear(
    texts: Sequence[str],
    labels: Sequence[Sequence[str]],
    config: LinearTrainConfig,
    progress: Progress | None = None,
    weights: Sequence[float] | None = None,
) -> LinearModel:
    """Train on canonical labels (one list per text; several labels make the model multi-label).

    ``weights`` (one per text) lets a smaller domain count for more, e.g. SMP2020's virus posts next to its
    three times larger general set.
    """
    say = progress or (lambda _msg: None)
    if len(texts) != len(labels) or not texts:
        raise ValueError("need as many label lists as texts, and at least one text")
    sw = np.ones(len(texts)) if weights is None else np.asarray(weights, dtype=np.float64)
    if sw.shape != (len(texts),) or (sw <= 0).any():
        raise ValueError("weights must be positive, one per text")
    multilabel = any(len(ls) > 1 for ls in labels)
    present = sorted({lab for ls in labels for lab in ls}, key=EMOTIONS.index)
    if len(present) < 2:
        raise ValueError(f"need at least two distinct labels to train, got {present}")
    col = {lab: k for k, lab in enumerate(present)}
    clean = [preprocess(t) for t in texts]

    blocks = []
    for spec in config.specs:
        say(f"vocabulary: {spec.kind} {spec.min_n}-{spec.max_n}-grams")
        blocks.append(FeatureBlock.fit(spec, clean, config.min_df, config.max_features_per_block))
    featurizer = Featurizer(blocks)
    say(f"features: {featurizer.n_features:,} over {len(texts):,} texts")
    x = featurizer.transform(texts)

    rng = np.random.default_rng(config.seed)
    perm = rng.permutation(len(texts))
    n_hold = int(len(texts) * config.holdout) if len(texts) >= 50 else 0
    hold, fit_idx = perm[:n_hold], perm[n_hold:]

    if multilabel:
        y = np.zeros((len(texts), len(present)), dtype=np.int8)
        for i, ls in enumerate(labels):
            for lab in ls:
                y[i, col[lab]] = 1
        coef = np.zeros((featurizer.n_features, len(present)), dtype=np.float32)
        intercept = np.zeros(len(present), dtype=np.float32)
        thresholds = np.full(len(present), 0.5, dtype=np.float32)
        for k, lab in enumerate(present):
            say(f"label {lab}: calibrate on {n_hold:,} held-out rows, refit on all")
            a, b, t = 1.0, 0.0, 0.5
            if n_hold and y[fit_idx, k].any() and y[hold, k].any():
                svm = _svm(config.c, config.seed).fit(x[fit_idx], y[fit_idx, k], sample_weight=sw[fit_idx])
                m = svm.decision_function(x[hold])
                a, b = _platt(m, y[hold, k])
                t = _best_threshold(1 / (1 + np.exp(-(a * m + b))), y[hold, k])
            svm = _svm(config.c, config.seed).fit(x, y[:, k], sample_weight=sw)
            coef[:, k] = svm.coef_[0] * a
            intercept[k] = svm.intercept_[0] * a + b
            thresholds[k] = t
    else:
        y = np.array([col[ls[0]] for ls in labels])
        temperature, bias = 1.0, np.zeros(len(present))
        if n_hold:
            say(f"calibrate temperature and label biases on {n_hold:,} held-out rows")
            svm = _svm(config.c, config.seed).fit(x[fit_idx], y[fit_idx], sample_weight=sw[fit_idx])
            margins = _margins(svm, x[hold], len(present))
            temperature = _fit_temperature(margins, y[hold])
            bias = _tune_biases(margins * temperature, y[hold])
        say("fit on all rows")
        svm = _svm(config.c, config.seed).fit(x, y, sample_weight=sw)
        w, b0 = _weights(svm, len(present))
        coef = (w * temperature).astype(np.float32)
        intercept = (b0 * temperature + bias).astype(np.float32)
        thresholds = np.full(len(present), 1.0, dtype=np.float32)

    return LinearModel(
        language=config.language,
        labels=present,
        multilabel=multilabel,
        featurizer=featurizer,
        coef=coef,
        intercept=intercept,
        thresholds=thresholds,
        meta={"model_id": config.model_id, "c": config.c, "min_df": config.min_df, "n_train": len(texts)},
    )


def _weights(svm, n_labels: int) -> tuple[np.ndarray, np.ndarray]:
    """(n_features, n_labels) weights and biases; a binary SVM's single row becomes two opposed columns."""
    if n_labels == 2:
        w = svm.coef_[0]
        return np.stack([-w / 2, w / 2], axis=1), np.array([-svm.intercept_[0] / 2, svm.intercept_[0] / 2])
    return svm.coef_.T, svm.intercept_


def _margins(svm, x, n_labels: int) -> np.ndarray:
    w, b = _weights(svm, n_labels)
    return np.asarray(x @ w) + b


def training_report(
    model: LinearModel,
    config: LinearTrainConfig,
    *,
    data: Sequence[Path],
    weights: Sequence[float],
    n_train: int,
    n_left_out: int,
    seconds: float,
) -> dict:
    """What ``<lang>.train.json`` records of a run: the model's labels and features, the settings, each data
    file (name, SHA-256 and sample weight), the rows trained on and left out, and the time taken."""
    return {
        "model_id": config.model_id,
        "language": config.language,
        "labels": model.labels,
        "multilabel": model.multilabel,
        "n_train": n_train,
        "n_left_out": n_left_out,
        "n_features": model.featurizer.n_features,
        "config": {
            "c": config.c,
            "min_df": config.min_df,
            "blocks": [b.spec.to_dict() for b in model.featurizer.blocks],
        },
        "data": [
            {"file": p.name, "sha256": file_sha256(p), "weight": w}
            for p, w in zip(data, weights, strict=True)
        ],
        "seconds": round(seconds, 1),
    }


def write_linear_model(
    model: LinearModel,
    config: LinearTrainConfig,
    out: Path,
    *,
    data: Sequence[Path],
    weights: Sequence[float],
    n_train: int,
    n_left_out: int,
    started: float,
) -> Path:
    """Write ``out/<lang>.npz`` and its :func:`training_report` as ``out/<lang>.train.json``; the model's
    path. ``started`` is the run's :func:`time.perf_counter` at its start (the report's time runs to the model
    saved)."""
    target = out / f"{config.language}.npz"
    model.save(target)
    report = training_report(
        model,
        config,
        data=data,
        weights=weights,
        n_train=n_train,
        n_left_out=n_left_out,
        seconds=time.perf_counter() - started,
    )
    (out / f"{config.language}.train.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return target
