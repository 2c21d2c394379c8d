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
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LANGUAGES = ("zh", "en")
_HAN = re.compile(r"[\u4e00-\u9fff]")


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
    return "zh" if _HAN.search(text) else "en"
