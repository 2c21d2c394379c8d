"""Replies in the script the person reads: Traditional Chinese for Taiwan and Hong Kong.

The reply material is written in Simplified Chinese. A person in Taiwan or Hong Kong (their locale, or, with no
locale, a message written in Traditional characters) reads the reply converted by OpenCC, phrase by phrase and with
the region's own words (``s2twp``: 软件 -> 軟體, 信息 -> 資訊; ``s2hk``: 裏, 説). Help lines already written for the
region pass through unchanged. Without the ``opencc`` package the reply stays Simplified, with one warning.

>>> in_script("你现在最想念它的，是什么时候的样子？", "zh-TW")
'你現在最想念它的，是什麼時候的樣子？'
>>> in_script("你现在还好吗？", "zh-CN")
'你现在还好吗？'
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import cache

from xinyu.lang import HAN
from xinyu.understand.fold import fold

log = logging.getLogger(__name__)

#: OpenCC's configuration per region written in Traditional characters
CONFIGS = {"tw": "s2twp", "hk": "s2hk", "mo": "s2hk", "hant": "s2t"}


def script_config(locale: str | None, message: str = "") -> str | None:
    """OpenCC's configuration for a reply to ``locale`` (``zh-TW``, ``zh-HK``, ``zh-Hant``...), or None for
    Simplified. With no locale, a message written in Traditional characters asks for Traditional (``s2t``)."""
    if locale:
        parts = locale.replace("_", "-").lower().split("-")
        if parts[0] != "zh":
            return None
        return next(
            (CONFIGS[p] for p in ("tw", "hk", "mo", "hant") if p in parts[1:]), None
        )  # the region first
    han = "".join(HAN.findall(message))
    return "s2t" if han and fold(han) != han else None


@cache
def _converter(config: str):
    import opencc

    return opencc.OpenCC(config)


def converter(locale: str) -> Callable[[str], str]:
    """OpenCC's conversion of Simplified Chinese into the script of ``locale`` (``zh-TW``: Taiwan's characters and
    words, ``s2twp``; ``zh-HK``: ``s2hk``; ``zh-Hant``: ``s2t``), so that an evaluation file can be read as a
    person there writes. ValueError for a locale written in Simplified characters; ImportError without OpenCC.

    >>> converter("zh-TW")("这个软件让我很烦")
    '這個軟體讓我很煩'
    """
    config = script_config(locale)
    if config is None:
        raise ValueError(f"{locale!r} is not written in Traditional characters (zh-TW, zh-HK or zh-Hant)")
    return _converter(config).convert


@cache
def _warn_once() -> None:
    log.warning("opencc is not installed: replies to Taiwan and Hong Kong stay in Simplified Chinese")


def in_script(text: str, locale: str | None, message: str = "") -> str:
    """``text`` in the script of ``locale`` (see :func:`script_config`); unchanged for Simplified Chinese, for
    English, and when OpenCC is not installed."""
    config = script_config(locale, message)
    if config is None or not HAN.search(text):
        return text
    try:
        converter = _converter(config)
    except ImportError:
        _warn_once()
        return text
    return converter.convert(text)
