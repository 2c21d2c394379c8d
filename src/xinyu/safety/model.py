"""The trained layer: a linear n-gram classifier per language with two heads, stored as ``.npz`` (no pickle).

``ideation``  any wish to die or suicidal content (maps to ``moderate``)
``high``      among messages about ending one's life, a method, plan, pact or attempt: SOS-1K's "high risk"
              (maps to ``high`` where the ideation head or an ideation cue says the message is about that; from
              a threshold of its own, ``wish``, where the cues read only a wish to be dead)

The file format is the emotion model's (:class:`xinyu.emotion.linear.LinearModel`, multi-label), with each head's
decision threshold tuned on out-of-fold predictions at training time. A language without a ``high`` head (English)
only lifts messages to ``moderate``; the cue layer supplies ``high`` and ``imminent`` there. A model trained on gold
labels (Chinese) also has a lower ``notice`` threshold on its ideation head: below the decision threshold and above
that one, it reads a message as ``low`` (tagged, not alerted).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from xinyu.emotion.base import EmotionBackendError
from xinyu.emotion.linear import LinearModel
from xinyu.lang import detect_language
from xinyu.levels import RiskLevel

#: the lowest gate training may choose: the high head never counts where the ideation head gives a message less
#: than this, whatever cue matched; a meme said in passing ("人间不值得，真的") is not about ending one's life
GATE_FLOOR = 0.2


class RiskModelError(RuntimeError):
    """The risk model could not be loaded (missing file, wrong format)."""


def default_risk_model_dir() -> Path:
    return Path(str(resources.files("xinyu.models").joinpath("risk-linear")))


@dataclass(frozen=True)
class ModelScore:
    language: str
    probs: dict[str, float]  # head -> probability
    thresholds: dict[str, float]
    gate: float | None = None  # ideation probability from which the high head counts
    standalone: bool = True  # may lift a message with no cue above ``low`` (see train.risk.RiskTrainConfig)
    notice: float | None = None  # ideation probability from which a message is at least ``low``
    #: the high head's threshold on a message whose cues read a wish to be dead and nothing more
    wish: float | None = None

    def about_suicide(self) -> bool:
        """The ideation head says the message is about ending one's life (at the high head's gate)."""
        if "ideation" not in self.probs:
            return True
        return self.probs["ideation"] >= (self.gate if self.gate is not None else self.thresholds["ideation"])

    def fires(self, head: str) -> bool:
        return head in self.probs and self.probs[head] >= self.thresholds[head]

    def reads_more_than_a_wish(self) -> bool:
        """What the model reads in a message whose cues found only a wish to be dead is more than that wish (a
        method, a plan the cues missed): its ideation head fires, never a lower gate, and its high head reaches
        the ``wish`` threshold."""
        return self.fires("ideation") and self.fires("high") and self.probs["high"] >= (self.wish or 0.0)

    def notices(self) -> bool:
        """The ideation head gives the message at least its ``notice`` threshold."""
        return self.notice is not None and self.probs.get("ideation", 0.0) >= self.notice

    @property
    def level(self) -> RiskLevel:
        """``high`` when the high head fires on a message about suicide, ``moderate`` when the ideation head fires,
        ``low`` when it notices the message."""
        if self.fires("high") and self.about_suicide():
            return RiskLevel.HIGH
        if self.fires("ideation"):
            return RiskLevel.MODERATE
        return RiskLevel.LOW if self.notices() else RiskLevel.NONE

    @property
    def strength(self) -> float:
        """How far past its threshold the deciding head is, 0..1 (places the score inside the level's band)."""
        head = "high" if self.level == RiskLevel.HIGH else "ideation"
        if not self.fires(head):
            return 0.0
        p, t = self.probs[head], self.thresholds[head]
        return (p - t) / max(1e-6, 1 - t)

    def to_dict(self) -> dict:
        return {
            "language": self.language,
            "probs": {k: round(v, 4) for k, v in self.probs.items()},
            "thresholds": {k: round(v, 4) for k, v in self.thresholds.items()},
            **({"gate": round(self.gate, 4)} if self.gate is not None else {}),
            **({"notice": round(self.notice, 4)} if self.notice is not None else {}),
            **({"wish": round(self.wish, 4)} if self.wish is not None else {}),
            "level": self.level.name,
        }


class RiskModel:
    """Per-language linear models; a text goes to its language's model, else to the other one."""

    def __init__(self, models: dict[str, LinearModel], source: str = "") -> None:
        if not models:
            raise RiskModelError("a risk model needs at least one language")
        self.models = models
        self.source = source

    @classmethod
    def load(cls, model_dir: Path | str | None = None) -> RiskModel:
        path = Path(model_dir) if model_dir else default_risk_model_dir()
        models = {}
        for lang in ("zh", "en"):
            f = path / f"{lang}.npz"
            if f.exists():
                try:
                    models[lang] = LinearModel.load(f)
                except EmotionBackendError as exc:
                    raise RiskModelError(str(exc).replace("linear emotion model", "risk model")) from exc
        if not models:
            raise RiskModelError(f"no risk model in {path} (expected zh.npz and/or en.npz)")
        return cls(models, source=str(path))

    def score(self, texts: list[str], languages: list[str] | None = None) -> list[ModelScore]:
        langs = languages or [detect_language(t) for t in texts]
        out: list[ModelScore | None] = [None] * len(texts)
        groups: dict[str, list[int]] = {}
        for i, lang in enumerate(langs):
            key = lang if lang in self.models else next(iter(self.models))
            groups.setdefault(key, []).append(i)
        for lang, idx in groups.items():
            model = self.models[lang]
            probs, _ = model.scores([texts[i] for i in idx])
            thresholds = {h: float(t) for h, t in zip(model.labels, model.thresholds, strict=True)}
            gate, notice, wish = (model.meta.get(k) for k in ("gate", "notice", "wish"))
            standalone = bool(model.meta.get("standalone", True))
            for row, i in enumerate(idx):
                p = {h: float(v) for h, v in zip(model.labels, probs[row], strict=True)}
                out[i] = ModelScore(
                    lang,
                    p,
                    thresholds,
                    None if gate is None else float(gate),
                    standalone,
                    None if notice is None else float(notice),
                    None if wish is None else float(wish),
                )
        return [s for s in out if s is not None]
