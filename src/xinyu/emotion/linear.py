"""The ``linear`` backend: TF-IDF n-grams and a linear layer per language, stored as ``.npz`` (no pickle).

A model directory holds ``zh.npz`` and/or ``en.npz`` (and a ``MODEL_CARD.md``). Each file carries its
vocabularies, IDF weights, the weight matrix, biases, per-label thresholds and a JSON header. A text is routed to
the file of its language; a missing language falls back to the other file.

Inference is numpy + scipy only; training (:mod:`xinyu.train.emotion_linear`) uses scikit-learn's solver.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np

from xinyu.emotion.base import EmotionBackendError, Prediction
from xinyu.emotion.content import EvidencePool, story_kind
from xinyu.emotion.features import FeatureBlock, FeatureSpec, Featurizer
from xinyu.emotion.lexicon import find_core_words
from xinyu.schema import CoreWord
from xinyu.taxonomy import EMOTIONS, polarity_of

FORMAT_VERSION = 1


def default_model_dir() -> Path:
    return Path(str(resources.files("xinyu.models").joinpath("emotion-linear")))


@dataclass
class LinearModel:
    language: str
    labels: list[str]  # canonical emotions this model predicts, in weight-matrix order
    multilabel: bool
    featurizer: Featurizer
    coef: np.ndarray  # (n_features, n_labels) float32
    intercept: np.ndarray  # (n_labels,)
    thresholds: np.ndarray  # (n_labels,) probability a label needs to join ``labels`` (multi-label models)
    meta: dict = field(default_factory=dict)

    def scores(self, texts: Sequence[str]) -> tuple[np.ndarray, object]:
        """(probabilities (n, n_labels), the feature matrix)."""
        x = self.featurizer.transform(texts)
        logits = np.asarray(x @ self.coef) + self.intercept
        if self.multilabel:
            probs = 1.0 / (1.0 + np.exp(-logits))
        else:
            logits -= logits.max(axis=1, keepdims=True)
            probs = np.exp(logits)
            probs /= probs.sum(axis=1, keepdims=True)
        return probs, x

    # -- persistence -------------------------------------------------------------------------------------------
    def save(self, path: Path) -> None:
        header = {
            "format": FORMAT_VERSION,
            "language": self.language,
            "labels": self.labels,
            "multilabel": self.multilabel,
            "blocks": [b.spec.to_dict() for b in self.featurizer.blocks],
            **{k: v for k, v in self.meta.items() if k not in {"format", "labels", "blocks"}},
        }
        arrays: dict[str, np.ndarray] = {
            "header": np.frombuffer(
                json.dumps(header, ensure_ascii=False, sort_keys=True).encode(), dtype=np.uint8
            ),
            "coef": self.coef.astype(np.float16),
            "intercept": self.intercept.astype(np.float32),
            "thresholds": self.thresholds.astype(np.float32),
        }
        for k, block in enumerate(self.featurizer.blocks):
            arrays[f"vocab_{k}"] = np.frombuffer("\n".join(block.terms).encode(), dtype=np.uint8)
            arrays[f"idf_{k}"] = block.idf.astype(np.float16)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as fh:
            np.savez_compressed(fh, **arrays)

    @classmethod
    def load(cls, path: Path) -> LinearModel:
        try:
            with np.load(path, allow_pickle=False) as z:
                header = json.loads(bytes(z["header"]).decode())
                if header.get("format") != FORMAT_VERSION:
                    raise EmotionBackendError(
                        f"{path}: model format {header.get('format')} is not {FORMAT_VERSION}"
                    )
                blocks = []
                for k, spec in enumerate(header["blocks"]):
                    terms = bytes(z[f"vocab_{k}"]).decode().split("\n")
                    blocks.append(FeatureBlock(FeatureSpec(**spec), terms, z[f"idf_{k}"].astype(np.float32)))
                return cls(
                    language=header["language"],
                    labels=list(header["labels"]),
                    multilabel=bool(header["multilabel"]),
                    featurizer=Featurizer(blocks),
                    coef=z["coef"].astype(np.float32),
                    intercept=z["intercept"].astype(np.float32),
                    thresholds=z["thresholds"].astype(np.float32),
                    meta=header,
                )
        except (OSError, KeyError, ValueError) as exc:
            raise EmotionBackendError(f"cannot load linear emotion model {path}: {exc}") from exc


class LinearBackend:
    """Fast n-gram model; the shipped default."""

    name = "linear"

    #: Weight of lexicon evidence added to the model's probabilities, per language (tuned on dev splits: it lifts
    #: GoEmotions dev macro-F1 0.580 -> 0.586, and lowers SMP2020 virus_eval, so Chinese keeps 0).
    LEXICON_BLEND = {"en": 0.05, "zh": 0.0}

    #: How many of a text's strongest n-grams are read for evidence words.
    EVIDENCE_DEPTH = 12

    def __init__(self, model_dir: Path | str | None = None, evidence: int = 3) -> None:
        self.model_dir = Path(model_dir) if model_dir else default_model_dir()
        self.evidence = evidence
        self.models: dict[str, LinearModel] = {}
        self.model_id = f"linear:{self.model_dir.name}"

    def load(self) -> LinearBackend:
        files = sorted(self.model_dir.glob("*.npz")) if self.model_dir.is_dir() else []
        if not files:
            raise EmotionBackendError(
                f"no linear emotion model (zh.npz / en.npz) in {self.model_dir}; "
                "train one with `xinyu train emotion --backend linear` or unset XINYU_EMOTION_MODEL"
            )
        for f in files:
            model = LinearModel.load(f)
            self.models[model.language] = model
        ids = sorted({m.meta.get("model_id", self.model_dir.name) for m in self.models.values()})
        self.model_id = "linear:" + "+".join(ids)
        return self

    def _model_for(self, language: str) -> LinearModel:
        if not self.models:
            raise EmotionBackendError("linear backend used before load()")
        return self.models.get(language) or self.models.get("zh") or next(iter(self.models.values()))

    def predict(self, texts: Sequence[str], languages: Sequence[str]) -> list[Prediction]:
        out: list[Prediction | None] = [None] * len(texts)
        groups: dict[str, list[int]] = {}
        for i, lang in enumerate(languages):
            groups.setdefault(self._model_for(lang).language, []).append(i)
        for lang, idx in groups.items():
            model = self.models[lang]
            batch = [texts[i] for i in idx]
            probs, x = model.scores(batch)
            lexical = [find_core_words(t, lang) for t in batch]
            blend = self.LEXICON_BLEND.get(lang, 0.0)
            if blend:
                for row, words in enumerate(lexical):
                    for w in words:
                        if w.emotion in model.labels and w.emotion != "neutral":
                            probs[row, model.labels.index(w.emotion)] += blend * w.weight
            for row, i in enumerate(idx):
                out[i] = self._prediction(model, texts[i], probs[row], x, row, lexical[row])
        return out  # type: ignore[return-value]

    def _prediction(
        self, model: LinearModel, text: str, p: np.ndarray, x, row: int, lexical: list[CoreWord]
    ) -> Prediction:
        raw = dict.fromkeys(EMOTIONS, 0.0)
        for label, value in zip(model.labels, p, strict=True):
            raw[label] = float(value)
        total = sum(raw.values()) or 1.0
        scores = {e: v / total for e, v in raw.items()}
        order = np.argsort(-p)
        labels = [model.labels[k] for k in order if model.multilabel and p[k] >= model.thresholds[k]]
        if not labels:
            labels = [model.labels[int(order[0])]]
        evidence = (
            self._evidence(model, text, x, row, labels[0], lexical)
            if self.evidence and labels[0] != "neutral"
            else []
        )
        return Prediction(scores=scores, labels=labels, core_words=evidence, lexical=lexical)

    def _evidence(
        self, model: LinearModel, text: str, x, row: int, label: str, lexical: list[CoreWord]
    ) -> list[CoreWord]:
        """The content words under the n-grams that pushed hardest towards ``label``: the model's own "why".

        An n-gram counts only as the whole content words it touches (今天又 gives nothing, 骂了 gives 骂; see
        :mod:`xinyu.emotion.content`), and only the ``EVIDENCE_DEPTH`` strongest n-grams are read, so a text
        whose strongest evidence is function words gets fewer words, never weak ones. Words the lexicon already
        gave take no place among the ``evidence`` words. English character n-grams are never read: they could
        sit inside any word ("os" in "boss").
        """
        k = model.labels.index(label)
        lo, hi = x.indptr[row], x.indptr[row + 1]
        cols = x.indices[lo:hi]
        contrib = x.data[lo:hi] * model.coef[cols, k]
        if model.language != "zh":
            words = model.featurizer.word_columns(cols)
            cols, contrib = cols[words], contrib[words]
        top = np.argsort(-contrib)[: self.EVIDENCE_DEPTH]
        top = top[contrib[top] > 0]
        pool = EvidencePool(text, model.language, [(w.start, w.end) for w in lexical])
        found: list[CoreWord] = []
        for c, term in zip(top.tolist(), model.featurizer.terms(cols[top]), strict=True):
            for word, start, end in pool.claim(term):
                found.append(
                    CoreWord(
                        word=word,
                        start=start,
                        end=end,
                        category=story_kind(word, model.language) or "model",
                        emotion=label,
                        polarity=polarity_of(label),
                        weight=round(float(contrib[c]), 4),
                        source="model",
                    )
                )
            if len(found) >= self.evidence:
                break
        return found[: self.evidence]  # strongest first: one n-gram may have touched two words
