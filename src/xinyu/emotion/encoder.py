"""The ``encoder`` backend, the default: English is read by a fine-tuned sentence encoder blended with the linear
model; every other language by the linear model alone.

The English model (``models/emotion-encoder/en``, see its MODEL_CARD.md) is all-MiniLM-L6-v2 with a LoRA adapter
and a linear head, run as an int8 ONNX graph with onnxruntime. Its probabilities are mixed with the linear model's
scores (``blend.weight`` in its ``xinyu-emotion.json``), and a label joins the multi-label reading when its mixed
score reaches the label's threshold (``blend.thresholds``); the top label always does. ``xinyu train blend``
fits both on held-out rows.

The graph is built once, by ``xinyu export encoder`` (``make install`` runs it), into the cache (``XINYU_CACHE``,
see :func:`xinyu.neural.emotion_onnx.export_cache_folder`); a request never builds it. When it is missing, or
onnxruntime or tokenizers are not installed, or the graph fails on a batch, English is read by the linear model
alone, a warning is logged and ``model_id`` says so: the chat path never fails for want of the encoder.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np

from xinyu.emotion.base import EmotionBackendError, Prediction
from xinyu.emotion.linear import LinearBackend
from xinyu.emotion.transformer import CONFIG_NAME, classifier_folders
from xinyu.neural.emotion_onnx import export_cache_folder, is_onnx_folder
from xinyu.taxonomy import EMOTIONS

log = logging.getLogger(__name__)


def default_encoder_dir() -> Path:
    return Path(str(resources.files("xinyu.models").joinpath("emotion-encoder")))


@dataclass
class Blend:
    """How a model's probabilities and the linear model's scores make one reading (see the module docs)."""

    weight: float = 1.0  # share of the model's probabilities; the linear model's scores get the rest
    thresholds: dict[str, float] = field(default_factory=dict)  # label -> mixed score to join the labels

    @classmethod
    def from_meta(cls, meta: Mapping) -> Blend:
        raw = meta.get("blend") or {}
        return cls(float(raw.get("weight", 1.0)), {k: float(v) for k, v in raw.get("thresholds", {}).items()})

    def scores(
        self, model_probs: Mapping[str, float], linear_scores: Mapping[str, float]
    ) -> dict[str, float]:
        w = self.weight
        return {e: w * model_probs.get(e, 0.0) + (1 - w) * linear_scores.get(e, 0.0) for e in EMOTIONS}

    def labels(self, scores: Mapping[str, float]) -> list[str]:
        """The top label, then every other label whose score reaches its threshold, highest first."""
        order = sorted(scores, key=lambda e: -scores[e])
        return order[:1] + [e for e in order[1:] if e in self.thresholds and scores[e] >= self.thresholds[e]]


def find_export(folder: Path) -> Path:
    """The ONNX graph to run for a trained ``folder``: the folder itself when it is an export, else its export
    in the cache (the int8 one that ``xinyu export encoder`` builds, else a float32 one); :class:`FileNotFoundError`
    naming the command that builds it."""
    if is_onnx_folder(folder):
        return folder
    for quantize in ("int8", None):
        target = export_cache_folder(folder, quantize)
        if is_onnx_folder(target):
            return target
    raise FileNotFoundError(
        f"no ONNX graph for {folder} in the cache ({export_cache_folder(folder, 'int8')}); build it once with "
        "`xinyu export encoder` (make install does)"
    )


class EncoderModel:
    """One language's encoder: the ONNX graph, the labels it scores and its :class:`Blend`."""

    def __init__(self, folder: Path, threads: int | None = 1) -> None:
        from xinyu.neural.emotion_onnx import OnnxEmotionModel

        self.folder = folder
        self.meta = json.loads((folder / CONFIG_NAME).read_text(encoding="utf-8"))
        self.language: str = self.meta.get("language", "en")
        self.blend = Blend.from_meta(self.meta)
        self.graph = OnnxEmotionModel(find_export(folder), threads=threads, spinning=False)
        self.labels = self.graph.labels

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        return self.graph.probabilities(texts)


class EncoderBackend:
    """English by the blended encoder, the rest (and English when the encoder cannot run) by the linear model.

    The graph runs on one thread that sleeps between calls (``threads``; None: one per core, spinning): one chat
    turn is read fastest so, above all on a machine busy with other work (docs/benchmarks.md)."""

    name = "encoder"

    def __init__(
        self,
        model_dir: Path | str | None = None,
        linear_dir: Path | str | None = None,
        threads: int | None = 1,
    ) -> None:
        self.model_dir = Path(model_dir) if model_dir else default_encoder_dir()
        self.linear = LinearBackend(linear_dir)
        self.threads = threads
        self.models: dict[str, EncoderModel] = {}
        self.unavailable: str | None = None  # why the encoder does not run, when it does not
        self.model_id = f"encoder:{self.model_dir.name}"

    def load(self) -> EncoderBackend:
        self.linear.load()
        folders = classifier_folders(self.model_dir)
        if not folders:
            raise EmotionBackendError(
                f"no encoder emotion model in {self.model_dir}; train one with `xinyu train emotion --backend "
                "transformer` and `xinyu train blend`, or set XINYU_EMOTION_ENCODER_MODEL"
            )
        for folder in folders:
            try:
                model = EncoderModel(folder, self.threads)
            except Exception as exc:  # a missing package, graph or file: all mean "read by the linear model"
                self.unavailable = f"{type(exc).__name__}: {exc}"
                log.warning(
                    "emotion encoder unavailable, the linear model reads its texts: %s", self.unavailable
                )
                continue
            self.models[model.language] = model
        # the graphs' ids name their quantisation (emotion-encoder-en-v1-onnx-int8)
        ids = [m.graph.meta.get("model_id", lang) for lang, m in sorted(self.models.items())]
        rest = sorted({"zh", "en"} - set(self.models))
        if rest:
            ids.append(f"{self.linear.model_id} for {', '.join(rest)}")
        self.model_id = "encoder:" + "+".join(ids)
        return self

    def predict(self, texts: Sequence[str], languages: Sequence[str]) -> list[Prediction]:
        preds = self.linear.predict(texts, languages)
        for lang, model in self.models.items():
            idx = [i for i, x in enumerate(languages) if x == lang]
            if not idx:
                continue
            try:
                probs = model.probabilities([texts[i] for i in idx])
            except Exception as exc:  # a graph that fails on a batch leaves the linear reading in place
                log.warning(
                    "emotion encoder failed on %d texts, the linear model reads them: %s", len(idx), exc
                )
                continue
            for row, i in enumerate(idx):
                preds[i] = _blended(model, probs[row], preds[i])
        return preds


def _blended(model: EncoderModel, probs: np.ndarray, linear: Prediction) -> Prediction:
    """The mixed reading; the linear model's evidence words stay only when it read the same top label."""
    scores = model.blend.scores(dict(zip(model.labels, map(float, probs), strict=True)), linear.scores)
    labels = model.blend.labels(scores)
    evidence = linear.core_words if linear.labels[:1] == labels[:1] else []
    return Prediction(scores=scores, labels=labels, core_words=evidence, lexical=linear.lexical)
