"""How the risk layer is measured: development folds, a report fold measured once, and a plain baseline.

=============  ==================================================================================================
split          what may look at it
=============  ==================================================================================================
dev folds      every fold but the report fold: cue writing, features, thresholds and model selection; the layer
               is cross-validated over them (each fold trains on the others and the other datasets)
report fold    nothing is tuned on it and its texts are not read; :func:`cv_report` with ``report=True`` trains
               the chosen configuration on the dev folds and measures it there once
test split     held out of this repository altogether; scored independently
=============  ==================================================================================================

SOS-1K brings its own folds (``cv_fold`` 1-5); the Weibo set has none, so it gets five seeded ones. The report fold
is :data:`REPORT_FOLD` for both. Every figure is printed next to the cue layer alone and a plain baseline trained
on the same rows of the same source in the same run: character 1-3-gram TF-IDF and logistic regression,
positive at probability 0.5 (:func:`baseline_scores`), the figure the held-out test split is compared with.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from xinyu.evaluate.risk import binary_report
from xinyu.levels import RiskLevel
from xinyu.safety.model import RiskModel
from xinyu.safety.risk import RiskAssessor
from xinyu.train.risk import Corpus, Progress, RiskTrainConfig, load_corpus, train_risk

#: the sources :func:`cv_report` cross-validates against their own binary label (``Corpus.gold``): (language,
#: default threshold). SOS-1K's binary label is high risk; the Weibo set's positives are every post of a suicide
#: tree hole, life pain included, which the ladder puts at low
CV_SOURCES = {"sos1k": ("zh", "high"), "weibo_suicide": ("zh", "low")}
#: the fold of each source that nothing is tuned on
REPORT_FOLD = 5


def assign_folds(corpus: Corpus, source: str, seed: int = 13, folds: int = 5) -> list[int]:
    """The folds of ``source``'s rows: its own (SOS-1K's ``cv_fold``), or ``folds`` seeded ones written into
    ``corpus.groups`` where it has none."""
    rows = [i for i, s in enumerate(corpus.source) if s == source]
    if len({corpus.groups[i] for i in rows}) < 2:
        rng = np.random.default_rng(seed)
        for i, g in zip(rows, rng.integers(1, folds + 1, size=len(rows)), strict=True):
            corpus.groups[i] = int(g)
    return sorted({corpus.groups[i] for i in rows})


def cross_validate(
    corpus: Corpus, config: RiskTrainConfig, source: str, progress: Progress | None = None
) -> dict:
    """Outer cross-validation over ``source``'s folds (its ``groups``, see :func:`assign_folds`); other sources
    always train.

    Each fold trains a model (thresholds from inner folds of its training part), then assesses the held-out rows
    with the full message layer (cues + model). Returns out-of-fold levels and the binary figures.
    """
    say = progress or (lambda _m: None)
    folds = assign_folds(corpus, source, config.seed)
    rows = [i for i, s in enumerate(corpus.source) if s == source]
    levels = {}
    for k in folds:
        say(f"{source}: outer fold {k} of {len(folds)}")
        test = [i for i in rows if corpus.groups[i] == k]
        train = [
            i for i in range(len(corpus.texts)) if not (corpus.source[i] == source and corpus.groups[i] == k)
        ]
        model = train_risk(
            corpus.subset(train), config, lambda m: say(f"  {m}") if "threshold " in m else None
        )
        levels.update(_assess(model, config.language, corpus, test))
    return {"rows": rows, "levels": levels}


def _assess(model, language: str, corpus: Corpus, rows: Sequence[int]) -> dict[int, int]:
    assessor = RiskAssessor(model=RiskModel({language: model}))
    found = assessor.assess_batch([corpus.texts[i] for i in rows])
    return {i: int(a.level) for i, a in zip(rows, found, strict=True)}


def baseline_scores(
    train_texts: Sequence[str], train_gold: Sequence[int], texts: Sequence[str]
) -> np.ndarray:
    """The plain baseline's probabilities for ``texts``: character 1-3-gram TF-IDF and logistic regression
    (scikit-learn's defaults) trained on ``train_texts``."""
    try:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("the baseline needs scikit-learn: pip install 'xinyu[train]'") from exc
    vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(1, 3))
    x = vectorizer.fit_transform(list(train_texts))
    model = LogisticRegression(max_iter=3000).fit(x, np.asarray(train_gold))
    return model.predict_proba(vectorizer.transform(list(texts)))[:, 1]


def _cue_levels(corpus: Corpus, rows: Sequence[int]) -> list[int]:
    assessor = RiskAssessor(use_model=False)
    return [int(a.level) for a in assessor.assess_batch([corpus.texts[i] for i in rows])]


def _figures(
    gold: list[int], levels: list[int], baseline: np.ndarray, cues: list[int], cut: RiskLevel
) -> dict:
    """The layer's figures, with the baseline's (positive at probability 0.5) and the cue layer's alone."""
    plain = binary_report(gold, [int(RiskLevel.HIGH) if p >= 0.5 else 0 for p in baseline], RiskLevel.HIGH)
    return {
        **binary_report(gold, levels, cut),
        "baseline": {k: plain[k] for k in ("precision", "recall", "f1", "confusion")},
        "cues": {k: v for k, v in binary_report(gold, cues, cut).items() if k != "n"},
    }


def cv_report(
    data_dir: Path,
    source: str,
    threshold: str | None = None,
    progress: Progress | None = None,
    report: bool = False,
    report_fold: int = REPORT_FOLD,
    non_commercial: bool = False,
) -> dict:
    """Cross-validate the whole layer on ``source``'s dev folds (one of :data:`CV_SOURCES`; ``report_fold`` set
    aside) and score its out-of-fold levels at ``threshold`` (default: the source's) against the source's own
    label (``Corpus.gold``), next to the baseline and the cue layer. With ``report``, then train on every dev
    fold and measure the report fold once, the same three ways (``report``). ``non_commercial`` is
    :func:`load_corpus`'s. A missing dataset file raises FileNotFoundError."""
    say = progress or (lambda _m: None)
    language, default_cut = CV_SOURCES[source]
    cut = RiskLevel.parse(threshold or default_cut)
    corpus = load_corpus(data_dir, language, non_commercial=non_commercial)
    config = RiskTrainConfig(language)
    folds = assign_folds(corpus, source, config.seed)
    held = [i for i, s in enumerate(corpus.source) if s == source and corpus.groups[i] == report_fold]
    if report and not held:
        raise ValueError(f"{source} has no fold {report_fold} (its folds: {', '.join(map(str, folds))})")
    dev = corpus.subset(sorted(set(range(len(corpus.texts))) - set(held)))
    res = cross_validate(dev, config, source, say)
    rows = res["rows"]
    gold = [int(dev.gold[i]) for i in rows]
    baseline = np.zeros(len(rows))
    for k in sorted({dev.groups[i] for i in rows}):
        say(f"{source}: baseline, fold {k}")
        train = [i for i in rows if dev.groups[i] != k]
        test = [n for n, i in enumerate(rows) if dev.groups[i] == k]
        baseline[test] = baseline_scores(
            [dev.texts[i] for i in train],
            [dev.gold[i] for i in train],
            [dev.texts[rows[n]] for n in test],
        )
    dev_folds = [k for k in folds if k != report_fold]
    out = {
        "source": source,
        "threshold": cut.name,
        "split": f"dev: folds {', '.join(map(str, dev_folds))} (fold {report_fold} is the report fold)",
        **_figures(gold, [res["levels"][i] for i in rows], baseline, _cue_levels(dev, rows), cut),
    }
    if report:
        say(f"{source}: the report fold {report_fold}, once: training on the dev folds")
        model = train_risk(dev, config, lambda m: None)
        levels = _assess(model, language, corpus, held)
        gold_held = [int(corpus.gold[i]) for i in held]
        plain = baseline_scores([dev.texts[i] for i in rows], gold, [corpus.texts[i] for i in held])
        out["report"] = {
            "split": f"report: fold {report_fold}, trained on the dev folds",
            **_figures(gold_held, [levels[i] for i in held], plain, _cue_levels(corpus, held), cut),
        }
    return out
