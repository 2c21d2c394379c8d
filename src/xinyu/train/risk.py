"""Training the risk model from the public datasets.

Corpora (folder names inside the data directory; see the model card for their terms):

====================  ====  =========================================================================
folder                lang  rows used
====================  ====  =========================================================================
sos1k_suicide_zh      zh    every row: ``ideation`` = risk level >= 4, ``high`` = ``high_risk``
weibo_suicide_svm_zh  zh    its everyday posts: ``ideation`` negatives; its tree-hole posts train no head (they
                            count life pain as suicidal, which the ladder puts at ``low``)
smp2020_ewect         zh    a seeded sample of everyday posts as negatives, and every post that mentions death
                            (累死了, 死机, 死党...) unless the cue layer reads it as ideation: hard negatives
empathetic_personas   zh en every emotion-labelled utterance (sad, angry, anxious, happy), with the same hard
                            negatives: distress in a conversation, no wish to die
cped_zh               zh    a seeded sample of TV-dialogue utterances, with the same hard negatives
suicide_tweets_en_w.  en    every row: ``ideation`` = ``at_risk`` (weak labels)
reddit_cssrs500_en    en    every post: ``ideation`` = user label Ideation, Behavior or Attempt
goemotions            en    the same: a seeded sample, and every comment that mentions dying or killing
esconv                en    only when asked (``non_commercial``): a seeded sample of the train split's seeker
                            turns that never mention dying
====================  ====  =========================================================================

The dialogue sets (empathetic_personas, cped_zh, esconv) are optional: a missing folder is skipped and named in
:attr:`Corpus.missing`. They teach the ``ideation`` head that a counselling conversation's pain (a breakup, a
bullied teenager, exam fear) is no wish to die. :data:`TERMS` holds each set's terms; ESConv's forbid commercial
use (:data:`NON_COMMERCIAL`), so it trains only a model a user builds for themselves and asks for, never the
shipped one.

Each head is a class-balanced logistic regression on TF-IDF n-grams. The ``high`` head learns from SOS-1K alone:
it tells a method, plan or attempt from a wish to die *among posts about suicide*, so it only counts where the
``ideation`` head (trained on everyday posts too) or an ideation cue says the message is about ending one's life.
Thresholds are chosen on out-of-fold predictions so that the *whole layer* (cues, then the gated model) reaches
the target recall at the best precision.

:func:`write_risk_model` saves a trained model with what it was trained on; :mod:`xinyu.train.risk_protocol`
measures the whole layer (``xinyu train risk --cv``).
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from xinyu.emotion.features import FeatureBlock, FeatureSpec, Featurizer, preprocess
from xinyu.emotion.linear import LinearModel
from xinyu.io import read_rows
from xinyu.levels import RiskLevel
from xinyu.safety.cues import cue_level, find_cues, speaks
from xinyu.safety.model import GATE_FLOOR
from xinyu.safety.risk import on_topic

Progress = Callable[[str], None]
HEADS = ("ideation", "high")
#: each training set's terms as its authors state them (a row's source minus ``_death``), written next to a model
TERMS = {
    "sos1k": "none stated by the authors (Qi et al. 2024); research use",
    "weibo_suicide": "none stated (Ckend/suicide-detect-svm)",
    "smp2020": "none stated; released for the SMP2020-EWECT evaluation, research use",
    "empathetic_personas": "MIT",
    "cped_zh": "Apache-2.0",
    "suicide_tweets": "none stated (RezwanM/Suicide_Tweets)",
    "reddit_cssrs": "none stated in the mirror; the original authors' terms (Gaur et al. 2019) apply",
    "goemotions": "Apache-2.0",
    "esconv": "CC BY-NC 4.0, academic research only",
}
#: sets whose terms forbid commercial use: a model trained on them is for non-commercial research only
NON_COMMERCIAL = frozenset({"esconv"})
#: how far below the best precision a higher gate may be and still be chosen (see choose_gated_threshold)
PRECISION_TOLERANCE = 0.01


@dataclass
class Corpus:
    language: str
    texts: list[str] = field(default_factory=list)
    labels: dict[str, list[int | None]] = field(default_factory=lambda: {h: [] for h in HEADS})
    groups: list[int] = field(default_factory=list)  # SOS-1K's cv_fold, 0 for rows from other sets
    source: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # optional folders that were not there
    #: a row's own binary label in its source, what the protocol scores against (SOS-1K: high risk; the Weibo
    #: set: a tree-hole post); None for the other sets
    gold: list[int | None] = field(default_factory=list)

    def add(
        self,
        text: str,
        source: str,
        ideation: int | None,
        high: int | None,
        group: int = 0,
        gold: int | None = None,
    ) -> None:
        if not isinstance(text, str) or not text.strip():
            return
        self.texts.append(text)
        self.labels["ideation"].append(ideation)
        self.labels["high"].append(high)
        self.groups.append(group)
        self.source.append(source)
        self.gold.append(gold)

    def subset(self, idx: Sequence[int]) -> Corpus:
        out = Corpus(self.language)
        for i in idx:
            out.add(
                self.texts[i],
                self.source[i],
                self.labels["ideation"][i],
                self.labels["high"][i],
                self.groups[i],
                self.gold[i],
            )
        return out


def _jsonl(path: Path):
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


_DEATH_WORDS = {
    "zh": re.compile(r"死|自杀|跳楼|割腕|上吊"),
    "en": re.compile(r"\b(?:di(?:e|es|ed|ing)|dead|death|kill\w*|suicid\w*)\b", re.I),
}


def _everyday(
    corpus: Corpus, source: str, texts: list[str], sample: int, rng: random.Random, hard: bool = True
) -> None:
    """Negatives from an everyday corpus: a seeded sample, plus every other text that mentions death (hard
    negatives); never one the cue layer reads as ideation or worse. Without ``hard``, no text that mentions death
    (a seeker's turn in a support conversation may speak of dying in its own way)."""
    words = _DEATH_WORDS[corpus.language]
    picked = set(rng.sample(range(len(texts)), min(sample, len(texts))))
    for i, text in enumerate(texts):
        mentions = words.search(text) is not None
        if (mentions and not hard) or not (i in picked or mentions):
            continue
        if cue_level(find_cues(text)) < RiskLevel.MODERATE:
            corpus.add(text, source if i in picked else source + "_death", 0, None)


def _column(path: Path, name: str) -> list[str]:
    """One text column of a CSV or JSONL file (rows without it are skipped)."""
    return [str(r.record[name]) for r in read_rows(path) if r.record is not None and r.record.get(name)]


def _seeker_turns(path: Path) -> list[str]:
    """The user's turns of ESConv-style dialogues (``dialog``: ``speaker`` usr/sys, ``text``)."""
    return [
        t["text"] for d in _jsonl(path) for t in d["dialog"] if t.get("speaker") == "usr" and t.get("text")
    ]


#: optional dialogue sets: (language, folder, file, reader, seeded sample, hard negatives)
_DIALOGUES: tuple[tuple[str, str, str, Callable[[Path], list[str]], int, bool], ...] = (
    ("zh", "empathetic_personas", "emotion_zh/train.csv", lambda p: _column(p, "text"), 10**6, True),
    ("zh", "cped_zh", "valid_split.csv", lambda p: _column(p, "Utterance"), 3000, True),
    ("en", "empathetic_personas", "emotion_en/train.csv", lambda p: _column(p, "text"), 10**6, True),
    ("en", "esconv", "train.jsonl", _seeker_turns, 3000, False),
)


def _dialogue_negatives(corpus: Corpus, data_dir: Path, rng: random.Random, non_commercial: bool) -> None:
    for language, folder, file, read, sample, hard in _DIALOGUES:
        if language != corpus.language or (folder in NON_COMMERCIAL and not non_commercial):
            continue
        path = data_dir / folder / file
        if not path.is_file():
            corpus.missing.append(f"{folder}/{file}")
            continue
        _everyday(corpus, folder, read(path), sample, rng, hard)


def load_corpus(
    data_dir: Path, language: str, negatives: int = 6000, seed: int = 13, non_commercial: bool = False
) -> Corpus:
    """The training corpus for one language from the public datasets under ``data_dir``; with
    ``non_commercial``, the sets of :data:`NON_COMMERCIAL` too (the model is then for non-commercial research
    only)."""
    rng = random.Random(seed)
    corpus = Corpus(language)
    if language == "zh":
        for r in _jsonl(data_dir / "sos1k_suicide_zh" / "train.jsonl"):
            level = int(r["risk_level"])
            # levels 1-3 are life pain without a wish to die, yet some are high risk (a method feared, "想从楼上
            # 跳下去又不敢"): as negatives they pushed the ideation head, the high head's gate, down on those
            # (dev F1 0.839 against 0.843), so the ideation head learns from neither side of them (level 0,
            # everyday moods, stays a negative)
            ideation = 1 if level >= 4 else (None if level >= 1 else 0)
            high = int(r["high_risk"])
            corpus.add(r["text"], "sos1k", ideation, high, int(r.get("cv_fold", 0)), high)
        for r in _jsonl(data_dir / "weibo_suicide_svm_zh" / "train.jsonl"):
            # a tree-hole post is no wish to die for the ideation head, which lifts to moderate: most are life
            # pain ("我该怎么办"), and learning them as wishes made it fire on counselling conversations
            s = int(r["suicidal"])
            corpus.add(r["text"], "weibo_suicide", None if s else 0, None, gold=s)
        rows = [r["content"] for r in _jsonl(data_dir / "smp2020_ewect" / "usual_train.jsonl")]
        _everyday(corpus, "smp2020", rows, negatives, rng)
        _dialogue_negatives(corpus, data_dir, rng, non_commercial)
    elif language == "en":
        for r in _jsonl(data_dir / "suicide_tweets_en_weak" / "train.jsonl"):
            corpus.add(r["text"], "suicide_tweets", int(r["at_risk"]), None)
        for r in _jsonl(data_dir / "reddit_cssrs500_en" / "users.jsonl"):
            y = int(r["label"] in {"Ideation", "Behavior", "Attempt"})
            posts = r["posts"] if isinstance(r["posts"], list) else [r["posts"]]
            for p in posts:
                corpus.add(p, "reddit_cssrs", y, None)
        rows = [r["text"] for r in _jsonl(data_dir / "goemotions" / "train.jsonl")]
        _everyday(corpus, "goemotions", rows, negatives, rng)
        _dialogue_negatives(corpus, data_dir, rng, non_commercial)
    else:
        raise ValueError(f"no risk corpus for language {language!r} (zh or en)")
    return corpus


@dataclass
class RiskTrainConfig:
    language: str
    c: float = 3.0
    min_df: int = 2
    max_features: int = 300_000
    inner_folds: int = 5
    target_recall: dict[str, float] = field(default_factory=lambda: {"ideation": 0.95, "high": 0.92})
    #: a standalone model's ideation head notices (``low``) a message from the threshold with this recall: what
    #: it nearly reads as a wish to die ("我已经没有生的欲望了") is tagged, not ignored
    notice_recall: float = 0.97
    seed: int = 13
    model_id: str = "risk-linear-v2"
    #: may the model raise a message that has no cue at all above ``low``? Yes where the labels are gold
    #: (Chinese: SOS-1K and the annotated Weibo set); no where they are weak (English tweets labelled by subreddit)
    standalone: bool | None = None

    def __post_init__(self) -> None:
        if self.standalone is None:
            self.standalone = self.language == "zh"

    def specs(self) -> list[FeatureSpec]:
        if self.language == "zh":
            return [FeatureSpec("char", 1, 3, "zh")]
        return [FeatureSpec("word", 1, 2, "en"), FeatureSpec("char", 3, 5, "en")]


def _lr(c: float, seed: int):
    try:
        from sklearn.linear_model import LogisticRegression
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("training needs scikit-learn: pip install 'xinyu[train]'") from exc
    return LogisticRegression(C=c, class_weight="balanced", max_iter=3000, random_state=seed)


def _fit(corpus: Corpus, config: RiskTrainConfig, say: Progress) -> tuple[Featurizer, dict[str, tuple]]:
    clean = [preprocess(t) for t in corpus.texts]
    blocks = [FeatureBlock.fit(s, clean, config.min_df, config.max_features) for s in config.specs()]
    featurizer = Featurizer(blocks)
    x = featurizer.transform(corpus.texts)
    heads: dict[str, tuple] = {}
    for head in HEADS:
        ys = corpus.labels[head]
        idx = [i for i, v in enumerate(ys) if v is not None]
        y = np.array([ys[i] for i in idx])
        if len(set(y.tolist())) < 2:
            continue
        say(f"{config.language} head {head}: {len(idx):,} rows, {int(y.sum()):,} positive")
        lr = _lr(config.c, config.seed).fit(x[idx], y)
        heads[head] = (lr.coef_[0].astype(np.float32), float(lr.intercept_[0]))
    return featurizer, heads


def _predict(featurizer: Featurizer, heads: dict[str, tuple], texts: Sequence[str]) -> dict[str, np.ndarray]:
    x = featurizer.transform(list(texts))
    return {h: 1 / (1 + np.exp(-(np.asarray(x @ w) + b))) for h, (w, b) in heads.items()}


def _cue_levels(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each text's cue level; whether a cue speaks of the person at all, a time word alone not counting; and
    whether the cues put it on the topic of ending one's life (see ``safety.risk.model_level``)."""
    found = [find_cues(t) for t in texts]
    levels = [cue_level(m) for m in found]
    cued = np.array([speaks(m) for m in found])
    topic = np.array([on_topic(m, lv) for m, lv in zip(found, levels, strict=True)])
    return np.array([int(lv) for lv in levels]), cued, topic


def choose_threshold(probs: np.ndarray, y: np.ndarray, cue_hit: np.ndarray, target_recall: float) -> float:
    """Highest threshold at which cues-or-model reaches ``target_recall`` (so precision is as high as it can be)."""
    positives = max(1, int(y.sum()))
    for t in np.linspace(0.95, 0.05, 91):
        pred = cue_hit | (probs >= t)
        if (pred & (y == 1)).sum() / positives >= target_recall:
            return float(t)
    return 0.05


def choose_gated_threshold(
    high: np.ndarray,
    ideation: np.ndarray,
    y: np.ndarray,
    levels: np.ndarray,
    target_recall: float,
    cued: np.ndarray | None = None,
    ideation_threshold: float = 0.5,
    topic: np.ndarray | None = None,
) -> tuple[float, float, float]:
    """(gate, threshold, wish threshold) for the high head: it counts where ``ideation >= gate``, or where the
    cues put the message on the topic (``topic``; by default an ideation cue: ``levels >= moderate``) and the
    ideation head fires (``ideation >= ideation_threshold``); on a message with no cue at all, only where the
    ideation head fires. Where the cues read a wish to be dead and nothing more (``levels == moderate``) it
    counts only where the ideation head fires, never from a lower gate, and from the wish threshold, at least the
    threshold: a message that says no more than the wish is ``moderate`` on the ladder, and few of them are high
    risk.

    Among the triples reaching ``target_recall`` (cues at ``high`` count as caught), the best precision wins, and
    so does any higher gate, then higher wish threshold, whose precision is within :data:`PRECISION_TOLERANCE`
    of it: on a few hundred out-of-fold positives a point of precision is a handful of messages, noise rather
    than a better choice, while a higher gate keeps fewer everyday messages within the head's reach and a higher
    wish threshold lifts fewer wishes.
    """
    positives = max(1, int(y.sum()))
    cue_high = levels >= int(RiskLevel.HIGH)
    wish = levels == int(RiskLevel.MODERATE)
    topic = levels >= int(RiskLevel.MODERATE) if topic is None else topic
    cue_topic = topic & (ideation >= ideation_threshold)
    cued = np.ones(len(y), dtype=bool) if cued is None else cued
    grid = np.linspace(0.95, 0.05, 91)
    found: list[tuple[float, float, float, float]] = []  # (precision, gate, wish threshold, threshold)
    for gate in np.linspace(0.9, GATE_FLOOR, 15):
        # a wish alone is about ending one's life where the ideation head fires, never from a lower gate
        about = cue_topic | ((ideation >= gate) & (cued | (ideation >= ideation_threshold)) & ~wish)
        for w in grid:
            for t in grid[grid <= w]:
                pred = cue_high | (about & (high >= np.where(wish, w, t)))
                tp = int((pred & (y == 1)).sum())
                if tp / positives >= target_recall:
                    found.append((tp / max(1, int(pred.sum())), float(gate), float(w), float(t)))
                    break
    if not found:
        return 0.05, 0.05, 0.05
    top = max(p for p, *_ in found)
    gate, w, t = max((g, w, t) for p, g, w, t in found if p >= top - PRECISION_TOLERANCE)
    return gate, t, w


def train_risk(corpus: Corpus, config: RiskTrainConfig, progress: Progress | None = None) -> LinearModel:
    say = progress or (lambda _m: None)
    n = len(corpus.texts)
    if n < 20:
        raise ValueError(f"need at least 20 rows to train a risk model, got {n}")
    # out-of-fold probabilities for the thresholds
    rng = np.random.default_rng(config.seed)
    fold = rng.integers(0, config.inner_folds, size=n)
    oof: dict[str, np.ndarray] = {h: np.full(n, np.nan) for h in HEADS}
    for k in range(config.inner_folds):
        say(f"{config.language}: threshold fold {k + 1}/{config.inner_folds}")
        tr, te = np.where(fold != k)[0], np.where(fold == k)[0]
        feat, heads = _fit(corpus.subset(tr), config, lambda _m: None)
        for h, p in _predict(feat, heads, [corpus.texts[i] for i in te]).items():
            oof[h][te] = p
    levels, cued, topic = _cue_levels(corpus.texts)
    featurizer, heads = _fit(corpus, config, say)
    labels, coefs, intercepts, thresholds = [], [], [], []
    chosen: dict[str, float] = {}
    meta = {
        "model_id": config.model_id,
        "c": config.c,
        "n_train": n,
        "kind": "risk",
        "standalone": config.standalone,
    }
    for head, (w, b) in heads.items():
        ys = corpus.labels[head]
        idx = np.array([i for i, v in enumerate(ys) if v is not None and not np.isnan(oof[head][i])])
        y = np.array([ys[i] for i in idx])
        if head == "high":
            # the high head counts where the message is about ending one's life (see RiskAssessor)
            ideation = oof["ideation"][idx] if "ideation" in heads else np.ones(len(idx))
            high = oof[head][idx]
            gate, t, wish = choose_gated_threshold(
                high,
                ideation,
                y,
                levels[idx],
                config.target_recall[head],
                cued[idx],
                chosen.get("ideation", 0.5),
                topic[idx],
            )
            meta["gate"], meta["wish"] = round(gate, 4), round(wish, 4)
            say(f"{config.language} head high: gate on ideation {gate:.2f}, on a wish alone from {wish:.2f}")
        else:
            hit = levels[idx] >= int(RiskLevel.MODERATE)
            t = choose_threshold(oof[head][idx], y, hit, config.target_recall[head])
            if config.standalone:
                meta["notice"] = round(
                    min(t, choose_threshold(oof[head][idx], y, hit, config.notice_recall)), 4
                )
                say(f"{config.language} head {head}: notices from {meta['notice']:.2f}")
        chosen[head] = t
        say(f"{config.language} head {head}: threshold {t:.2f}")
        labels.append(head)
        coefs.append(w)
        intercepts.append(b)
        thresholds.append(t)
    return LinearModel(
        language=config.language,
        labels=labels,
        multilabel=True,
        featurizer=featurizer,
        coef=np.stack(coefs, axis=1),
        intercept=np.array(intercepts, dtype=np.float32),
        thresholds=np.array(thresholds, dtype=np.float32),
        meta=meta,
    )


def training_metadata(corpus: Corpus, model: LinearModel) -> dict:
    """What ``<lang>.train.json`` records next to a model: its language, the rows and sources it was trained
    on (the vocabulary learns from every row), the rows each head learned from and their positives, each set's
    terms, whether a set forbids commercial use, and each head's threshold."""
    sets = sorted({s.removesuffix("_death") for s in corpus.source})
    labelled = {h: [y for y in corpus.labels[h] if y is not None] for h in model.labels}
    return {
        "language": corpus.language,
        "rows": len(corpus.texts),
        "sources": {s: corpus.source.count(s) for s in sorted(set(corpus.source))},
        "head_rows": {h: {"rows": len(ys), "positive": sum(ys)} for h, ys in labelled.items()},
        "terms": {s: TERMS[s] for s in sets},
        "non_commercial": any(s in NON_COMMERCIAL for s in sets),
        "heads": dict(zip(model.labels, [round(float(t), 3) for t in model.thresholds], strict=True)),
    }


def write_risk_model(model: LinearModel, corpus: Corpus, out: Path) -> Path:
    """Write ``out/<lang>.npz`` and its :func:`training_metadata` as ``out/<lang>.train.json``; the model's
    path."""
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"{corpus.language}.npz"
    model.save(target)
    meta = training_metadata(corpus, model)
    (out / f"{corpus.language}.train.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n")
    return target
