"""The ``llm`` backend: zero-shot emotion labelling through any OpenAI-compatible endpoint.

The model is asked for a JSON object with a score for each canonical emotion; the answer is parsed leniently
(a fenced block, a bare label) and mapped onto the canonical set. An unusable answer or an unreachable endpoint
raises :class:`~xinyu.emotion.base.EmotionBackendError`; it is never turned into a silent ``neutral``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from xinyu.emotion.base import EmotionBackendError, Prediction, normalise_scores
from xinyu.llm.client import ChatClient, LLMError
from xinyu.taxonomy import EMOTIONS

SYSTEM_PROMPT = (
    "You label the emotion of a user's message for an emotional-support service. The message may be Chinese or "
    "English. Answer with JSON only, no prose: "
    '{"scores": {"joy": p, "sadness": p, "anger": p, "fear": p, "surprise": p, "disgust": p, "neutral": p}} '
    "where the p are probabilities summing to 1. Worry, anxiety and stress count as fear; loneliness, "
    "tiredness and disappointment as sadness; annoyance as anger."
)

_JSON_OBJECT = re.compile(r"\{.*\}", re.S)


def parse_scores(answer: str) -> dict[str, float]:
    """Scores from a model's answer: JSON (bare or fenced), or failing that a single emotion word."""
    match = _JSON_OBJECT.search(answer)
    if match:
        try:
            data = json.loads(match.group(0))
        except json.JSONDecodeError:
            data = None
        if isinstance(data, dict):
            raw = data.get("scores", data)
            if isinstance(raw, dict):
                scores = {str(k).lower(): v for k, v in raw.items()}
                vals = {e: float(scores[e]) for e in EMOTIONS if isinstance(scores.get(e), int | float)}
                if vals and sum(vals.values()) > 0:
                    return normalise_scores(vals)
            label = data.get("label") if isinstance(data.get("label"), str) else None
            if label and label.lower() in EMOTIONS:
                return normalise_scores({label.lower(): 1.0})
    words = re.findall(r"[a-z]+", answer.lower())
    named = [w for w in words if w in EMOTIONS]
    if len(set(named)) == 1:
        return normalise_scores({named[0]: 1.0})
    raise EmotionBackendError(f"cannot read emotion scores from the model's answer: {answer[:200]!r}")


class LLMBackend:
    name = "llm"

    def __init__(self, llm_settings, client: ChatClient | None = None) -> None:
        self.settings = llm_settings
        self.client = client
        self.model_id = f"llm:{llm_settings.model}"

    def load(self) -> LLMBackend:
        if self.client is None:
            self.client = ChatClient.from_settings(self.settings)
        return self

    def predict(self, texts: Sequence[str], languages: Sequence[str]) -> list[Prediction]:
        if self.client is None:
            raise EmotionBackendError("llm backend used before load()")
        out = []
        for text in texts:
            messages = [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": text}]
            try:
                answer = self.client.chat(messages, temperature=0)
            except LLMError as exc:
                raise EmotionBackendError(f"llm backend: {exc}") from exc
            scores = parse_scores(answer)
            out.append(Prediction(scores=scores, labels=[max(scores, key=scores.__getitem__)]))
        return out
