"""Which words of a text may stand as its core words: whole content words, and the people and animals it is about.

A linear model's strongest n-grams explain its score, but many are function words or pieces of words (今天又, 当着,
"going to", "os" inside "boss"). Before one becomes a core word it is snapped to the whole word(s) it sits in --
jieba's words for Chinese, word boundaries for English -- and only content words are kept: nouns, verbs,
adjectives. Pronouns, particles, auxiliaries, prepositions, conjunctions, time words, degree adverbs and light
verbs are dropped by a word list written for xinyu (``resources/content_words.json``) and a few rules for
Chinese numerals and time expressions. (jieba's part-of-speech table would cost 1.5 s and 54 MB more at load for
tags that are no more reliable on chat text: 生日 is a time word there, 小狗 a person's name.)

The people and animals a story is about (老板, 妈妈, 猫, boss, mom, dog) are core words of their own, category
``person`` or ``animal``, whether or not a model weighed them.

>>> [word for word, start, end in content_spans("今天又被老板当着全组的面骂了", "zh")]
['老板', '全组', '面', '骂']
>>> [(w.word, w.category) for w in story_words("my boss's dog bit me", "en")]
[('boss', 'person'), ('dog', 'animal')]
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from xinyu.emotion.features import segment
from xinyu.schema import CoreWord

#: English words; a possessive "'s" is not part of the word ("boss's" -> "boss"), other contractions are (i'm).
_EN_WORD = re.compile(r"([a-z]+(?:['’](?!s\b)[a-z]+)*)(?:['’]s\b)?", re.IGNORECASE)
#: English as the featurizer cuts it (features._EN_WORD on a lowered text), to find its word n-grams again.
_EN_FEATURE_TOKEN = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?|[^\sa-z0-9]", re.IGNORECASE)
_CJK = re.compile(r"[\u3400-\u9fff]")
_NUMERAL = set("一二三四五六七八九十百千万亿两几半零〇0123456789")
_MEASURE = set("个只次件天年月日号周岁块元分点条本位名张些种样遍回下趟顿声句段场")
_TIME = set("今昨明前后早晚上下中午天年月日周夜凌晨半时点刻分秒号星期礼拜当")
_FUNCTION_CHARS = set("我你您他她它们咱的地得了着过吗呢吧啊呀嘛哦这那些个么又也都就还才很太被把给在和跟与")
_PRONOUN_HEAD = set("我咱俺")  # 他妈, 你妈 are mostly curses, not mothers


#: A word of a text and its character offsets: (word, start, end), as jieba's tokenizer gives them.
Span = tuple[str, int, int]


@dataclass(frozen=True)
class WordLists:
    """One language's lists: words that never count, and the people and animals that do."""

    stopwords: frozenset[str]
    person: frozenset[str]
    animal: frozenset[str]
    kinds: dict[str, str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        kinds = dict.fromkeys(self.animal, "animal") | dict.fromkeys(self.person, "person")
        object.__setattr__(self, "kinds", kinds)

    def kind(self, word: str) -> str | None:
        """``person``, ``animal`` or None."""
        return self.kinds.get(word)


@lru_cache(maxsize=4)
def word_lists(language: str) -> WordLists:
    """The lists for ``language``; every language but Chinese reads the English ones."""
    data = json.loads(
        resources.files("xinyu.resources").joinpath("content_words.json").read_text(encoding="utf-8")
    )[language if language == "zh" else "en"]
    return WordLists(*(frozenset(data[k]) for k in ("stopwords", "person", "animal")))


@lru_cache(maxsize=4096)
def words_of(text: str, language: str) -> tuple[Span, ...]:
    """The words of ``text`` with their offsets, in order: jieba's for Chinese, whole words (letters only) for
    English. (Cached: the model's evidence and the story's people read the same text.)

    Chinese kinship and pet words often come fused with a pronoun (我妈, 咱爸): the word is the one without it."""
    if language == "zh":
        return tuple(_without_pronoun(t) if t[0][0] in _PRONOUN_HEAD else t for t in segment(text))
    return tuple((m.group(1), m.start(1), m.end(1)) for m in _EN_WORD.finditer(text))


def _without_pronoun(w: Span) -> Span:
    word, start, end = w
    if len(word) > 1 and word_lists("zh").kind(word[1:]):
        return word[1:], start + 1, end
    return w


def is_content_word(word: str, language: str) -> bool:
    """A word that may carry a feeling or a story: not a function word, a numeral or a time expression."""
    known = _CONTENT.get((word, language))
    if known is None:
        if len(_CONTENT) > 100_000:  # a bound for a long-running service; chat text repeats its words
            _CONTENT.clear()
        known = _CONTENT[(word, language)] = _is_content(word, language)
    return known


_CONTENT: dict[tuple[str, str], bool] = {}


def _is_content(word: str, language: str) -> bool:
    if language == "zh" and _CJK.search(word):
        return _chinese_content(word)
    key = word.lower().replace("’", "'")
    return len(key) > 1 and key.replace("'", "").isalpha() and key not in word_lists("en").stopwords


def _chinese_content(word: str) -> bool:
    if not all(_CJK.match(ch) for ch in word) or word in word_lists("zh").stopwords:
        return False
    if all(ch in _FUNCTION_CHARS for ch in word):  # 我的, 你们, 这些
        return False
    if len(word) > 1 and all(ch in _TIME for ch in word):  # 今早, 前年, 早上
        return False
    return not (word[0] in _NUMERAL and all(ch in _NUMERAL | _MEASURE | _TIME for ch in word))  # 一年, 五只


def content_spans(text: str, language: str) -> list[Span]:
    """The content words of ``text``, each whole."""
    return [w for w in words_of(text, language) if is_content_word(w[0], language)]


class EvidencePool:
    """A text's words, for a model's n-grams to claim: each n-gram (strongest first) takes the whole content
    words it touches, and a word is taken once. Words that overlap a ``taken`` span (the lexicon's) are not
    offered. Only the words an n-gram touches are looked at, so a long text costs little more than a short one.
    """

    def __init__(self, text: str, language: str, taken: Sequence[tuple[int, int]] = ()) -> None:
        self.text = text.lower() if language == "zh" else text
        self.language = language
        self.words = words_of(text, language)
        self.starts = [w[1] for w in self.words]
        self.taken = list(taken)

    def claim(self, term: str) -> list[Span]:
        """The content words under the n-gram ``term`` (as the featurizer wrote it) not taken yet; now taken."""
        span = find_term(self.text, term, self.language)
        if span is None:
            return []
        start, end = span
        under: list[Span] = []
        for i in range(max(bisect_right(self.starts, start) - 1, 0), len(self.words)):
            w = self.words[i]
            if w[1] >= end:
                break
            free = all(w[2] <= s or w[1] >= e for s, e in self.taken)
            if w[2] > start and free and is_content_word(w[0], self.language):
                under.append(w)
                self.taken.append((w[1], w[2]))
        return under


def find_term(text: str, term: str, language: str) -> tuple[int, int] | None:
    """Where a model's n-gram ``term`` (as the featurizer wrote it: lowered, words joined by spaces) first
    occurs in ``text``. English n-grams match whole feature tokens only, so "os" is never found inside "boss"."""
    if language == "zh":
        needle = term.replace(" ", "")
        pos = text.lower().find(needle)
        return (pos, pos + len(needle)) if needle and pos >= 0 else None
    wanted = [w.replace("’", "'") for w in term.split(" ")]
    toks = _feature_tokens(text)
    for i in range(len(toks) - len(wanted) + 1):
        if [t[0] for t in toks[i : i + len(wanted)]] == wanted:
            return toks[i][1], toks[i + len(wanted) - 1][2]
    return None


@lru_cache(maxsize=64)
def _feature_tokens(text: str) -> tuple[Span, ...]:
    """English feature tokens of ``text``, lowered, with offsets (cached: each of a text's n-grams looks)."""
    return tuple(
        (m.group(0).lower().replace("’", "'"), m.start(), m.end()) for m in _EN_FEATURE_TOKEN.finditer(text)
    )


def story_kind(word: str, language: str) -> str | None:
    """``person`` or ``animal`` for a word naming one (老板, mom, dogs), else None."""
    return word_lists(language).kinds.get(word if language == "zh" else word.lower())


def story_words(text: str, language: str, limit: int = 3) -> list[CoreWord]:
    """The people and animals ``text`` is about, first mention of each, at most ``limit`` of them."""
    kinds = word_lists(language).kinds
    found: list[CoreWord] = []
    seen: set[str] = set()
    for word, start, end in words_of(text, language):
        key = word if language == "zh" else word.lower()
        kind = kinds.get(key)
        if kind is None or key in seen:
            continue
        seen.add(key)
        found.append(
            CoreWord(
                word=word,
                start=start,
                end=end,
                category=kind,
                emotion="neutral",
                polarity="neutral",
                weight=0.0,
                source="story",
            )
        )
        if len(found) >= limit:
            break
    return found
