"""What every backend shares: input checks, language, truncation, core words, polarity and intensity.

Defined results for odd input (documented in the README):

- empty or whitespace-only text: :class:`EmptyTextError` from :meth:`EmotionAnalyzer.analyze`; in a batch it is
  the one error that is reported per row (the CLI writes an ``error`` line in its place, never drops it);
- no letters at all (emoji, digits, punctuation): language ``und``; emoji and Weibo tags still count, so "😭😭"
  reads as sadness and "!!!" as neutral; warning ``no_letters``;
- longer than ``max_chars``: the head is analysed, ``truncated`` is true;
- written in Traditional characters (Taiwan, Hong Kong): read in Simplified ones (:func:`xinyu.lang.simplified`,
  one character for one), as the models and word lists are; the core words quote the text as written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from xinyu.emotion.base import EmotionBackend, Prediction
from xinyu.emotion.content import story_words
from xinyu.emotion.lexicon import find_core_words, lexicon_scores
from xinyu.lang import language_mix, simplified
from xinyu.schema import CoreWord, EmotionResult
from xinyu.taxonomy import EMOTIONS, polarity_scores

_EMPHASIS = re.compile(r"[!！]{1,}|[?？]{2,}|(?:哈){3,}|(.)\1{3,}")


class EmptyTextError(ValueError):
    """The text to analyse is empty or only whitespace."""


class EmotionAnalyzer:
    """Wraps a loaded backend into the full :class:`~xinyu.schema.EmotionResult`.

    >>> from xinyu.emotion.lexicon import LexiconBackend
    >>> EmotionAnalyzer(LexiconBackend().load()).analyze("我真的很害怕").label
    'fear'
    """

    def __init__(self, backend: EmotionBackend, max_chars: int = 5000) -> None:
        self.backend = backend
        self.max_chars = max_chars

    def analyze(self, text: str) -> EmotionResult:
        result = self.analyze_batch([text])[0]
        if isinstance(result, Exception):
            raise result
        return result

    def analyze_batch(self, texts: Sequence[str]) -> list[EmotionResult | EmptyTextError]:
        """One entry per input, in order: a result, or an :class:`EmptyTextError` for an empty text."""
        out: list[EmotionResult | EmptyTextError | None] = [None] * len(texts)
        todo: list[int] = []
        clipped: list[str] = []
        languages: list[str] = []
        for i, text in enumerate(texts):
            if not isinstance(text, str):
                raise TypeError(f"text #{i} is {type(text).__name__}, expected str")
            if not text.strip():
                out[i] = EmptyTextError("text is empty or whitespace only")
                continue
            todo.append(i)
            clipped.append(text[: self.max_chars])
            languages.append(language_mix(clipped[-1]).language)
        if todo:
            model_langs = [lang if lang != "und" else "zh" for lang in languages]
            read = [simplified(t) for t in clipped]
            preds = self.backend.predict(read, model_langs)
            for k, i in enumerate(todo):
                result = self._finish(texts[i], read[k], languages[k], preds[k])
                if read[k] is not clipped[k]:  # the core words as the person wrote them
                    result.core_words = [_as_written(w, clipped[k]) for w in result.core_words]
                out[i] = result
        return out  # type: ignore[return-value]

    def _finish(self, original: str, text: str, language: str, pred: Prediction) -> EmotionResult:
        warnings: list[str] = []
        if language == "und":
            warnings.append("no_letters")
        lex_lang = language if language != "und" else "zh"
        words = pred.core_words
        lexical = pred.lexical if pred.lexical is not None else find_core_words(text, lex_lang)
        scores = dict(pred.scores)
        labels = list(pred.labels)
        if language == "und":
            # nothing for a text model to read: trust emoji and tags, else neutral
            scores = lexicon_scores(lexical, neutral_prior=0.5)
            labels = [max(scores, key=scores.__getitem__)]
        core = _merge_core_words(lexical, words, story_words(text, lex_lang))
        label = labels[0] if labels else max(scores, key=scores.__getitem__)
        pol = polarity_scores(scores)
        polarity = max(pol, key=pol.__getitem__)
        return EmotionResult(
            language=language,
            label=label,
            labels=labels or [label],
            scores={e: round(scores[e], 4) for e in EMOTIONS},
            polarity=polarity,
            polarity_scores={k: round(v, 4) for k, v in pol.items()},
            intensity=round(_intensity(text, scores, core), 4),
            core_words=core,
            model=self.backend.model_id,
            truncated=len(original) > len(text),
            warnings=warnings,
        )


def _as_written(word: CoreWord, text: str) -> CoreWord:
    """``word``, found in the Simplified reading of ``text``, quoted from ``text`` (the same offsets)."""
    return word.model_copy(update={"word": text[word.start : word.end]})


def _merge_core_words(*groups: list[CoreWord]) -> list[CoreWord]:
    """Core words in order of position; where two overlap, the earlier group's word stays (lexicon and emoji
    words, then the model's evidence, then the people and animals of the story)."""
    taken: list[tuple[int, int]] = []
    merged: list[CoreWord] = []
    for group in groups:
        for w in group:
            if all(w.end <= s or w.start >= e for s, e in taken):
                merged.append(w)
                taken.append((w.start, w.end))
    merged.sort(key=lambda w: w.start)
    return merged


def _intensity(text: str, scores: dict[str, float], core: Sequence[CoreWord]) -> float:
    """How strongly the emotion is expressed, 0-1: emotional mass (1 - neutral) times lexical strength.

    Lexical strength starts at 0.5 for a plain emotion word (0.3 with none), rises with degree words ("非常",
    "so": weight 1.8 gives 0.9) and emphasis ("!!!", "哈哈哈哈", repeated letters: +0.1 each, up to 0.3), and falls
    with hedges and negation ("有点", "a bit", "不太"). A confidently neutral text stays near 0.
    """
    emotional = 1.0 - scores.get("neutral", 0.0)
    weights = [w.weight for w in core if w.polarity != "neutral"]
    strength = min(1.0, max(weights) / 2) if weights else 0.3
    strength = min(1.0, strength + 0.1 * min(len(_EMPHASIS.findall(text)), 3))
    return max(0.0, min(1.0, emotional * (0.55 + 0.45 * strength)))
