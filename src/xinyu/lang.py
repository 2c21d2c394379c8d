"""Language identification for Chinese / English, the two languages xinyu analyses.

Counting scripts is enough to tell these two apart and is robust on the short, mixed texts chat produces
("今天好emo啊", "I feel 很累"). A text is Chinese when Han characters make up at least a quarter of its letters:
one Han character carries roughly as much content as a short English word, so mixed texts with a real Chinese
clause are routed to the Chinese model. Texts with no letters at all (emoji, digits, punctuation) are ``und``.

>>> detect_language("今天心情不太好")
'zh'
>>> detect_language("I feel so lonely")
'en'
>>> detect_language("今天好emo啊")
'zh'
>>> detect_language("😭😭")
'und'

The models and word lists of the Chinese side are Simplified; :func:`simplified` gives them a Traditional text
(Taiwan, Hong Kong) in Simplified characters, one character for one, so what they find can be quoted from the text
as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

LANGUAGES = ("zh", "en")
#: one Chinese character of the common block (what most counts of "how much was said in Chinese" count)
HAN = re.compile(r"[\u4e00-\u9fff]")


def _is_han(ch: str) -> bool:
    cp = ord(ch)
    return (
        0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0xF900 <= cp <= 0xFAFF or 0x20000 <= cp <= 0x2FA1F
    )


@dataclass(frozen=True)
class LanguageMix:
    han: int
    latin: int

    @property
    def language(self) -> str:
        if self.han == 0 and self.latin == 0:
            return "und"
        # a Latin letter counts a third of a Han character (about one word in three letters)
        return "zh" if self.han >= 0.25 * (self.han + self.latin / 3) and self.han > 0 else "en"

    @property
    def mixed(self) -> bool:
        return self.han > 0 and self.latin >= 3


def language_mix(text: str) -> LanguageMix:
    han = latin = 0
    for ch in text:
        if ch.isascii():
            if ch.isalpha():
                latin += 1
        elif _is_han(ch):
            han += 1
        elif ch.isalpha() and ord(ch) < 0x0250:  # accented Latin letters
            latin += 1
    return LanguageMix(han, latin)


def detect_language(text: str) -> str:
    """``zh``, ``en`` or ``und`` (no letters)."""
    return language_mix(text).language


def zh_or_en(text: str) -> str:
    """``zh`` when the text holds any CJK Unified Ideograph (U+4E00..U+9FFF), else ``en``.

    The quick guess for a text that must get one of the two languages (a reply, a moderated message) when no
    analysis says which: one Han character is enough, unlike :func:`detect_language`, which weighs the scripts.

    >>> zh_or_en("I met 李 today and I'm so happy")
    'zh'
    >>> zh_or_en("I feel so lonely")
    'en'
    >>> zh_or_en("😭😭")
    'en'
    """
    return "zh" if HAN.search(text) else "en"


# -- Traditional -> Simplified --------------------------------------------------------------------------------------
#: the Han blocks whose characters are mapped (CJK Unified Ideographs, Extension A, Compatibility Ideographs)
_BLOCKS = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00))
#: OpenCC's configurations read into the table: the standard one first, then Taiwan's and Hong Kong's variants
_CONFIGS = ("t2s", "tw2s", "hk2s")
#: kept as written although Taiwan's table maps them: 么 is Simplified (什么), Taiwan's 么 is 幺
_KEEP = frozenset("么")


@cache
def _t2s() -> tuple[dict[int, str], re.Pattern[str] | None]:
    """The Traditional -> Simplified table (every character OpenCC turns into one other character) and the
    characters that only Traditional writing uses (outside GB2312, the Simplified set): a text with one of them
    is folded. Built once from OpenCC's own tables, in about 50 ms; empty without the ``opencc`` package."""
    try:
        import opencc
    except ImportError:
        return {}, None
    chars = [chr(cp) for lo, hi in _BLOCKS for cp in range(lo, hi)]
    table: dict[int, str] = {}
    for config in _CONFIGS:
        # one call for the whole block, a line per character: no phrase spans two characters
        converted = opencc.OpenCC(config).convert("\n".join(chars)).split("\n")
        for ch, simp in zip(chars, converted, strict=True):
            if simp != ch and len(simp) == 1 and ch not in _KEEP:
                table.setdefault(ord(ch), simp)
    only = "".join(chr(cp) for cp in sorted(table) if not _in_gb2312(chr(cp)))
    return table, re.compile(f"[{only}]")


def _in_gb2312(ch: str) -> bool:
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def simplified(text: str) -> str:
    """``text`` in Simplified characters when it is written in Traditional ones, one character for one (an offset
    into the result is the same offset into ``text``); a text with no character only Traditional writing uses
    comes back as it is, so Simplified text is never touched (著名 stays 著名). Without the ``opencc`` package,
    every text comes back as it is.

    >>> simplified("我今天真的好難過，睡不著")
    '我今天真的好难过，睡不着'
    >>> simplified("他是著名的作家")
    '他是著名的作家'
    """
    table, traditional = _t2s()
    if traditional is None or not traditional.search(text):
        return text
    return text.translate(table)
