"""Help lines and emergency numbers by locale, and the safe replies that carry them.

The safe reply is the one fixed text of failure paths (a turn that could not be stored, a blocked reply); the
conversation itself, at ``high`` or above, can be answered turn by turn by :mod:`xinyu.safety.protocol`.

The defaults are public crisis lines; deployments override them in config (``[safety.helplines]`` in
``xinyu.toml``, or ``XINYU_SAFETY__HELPLINES``) with the services that cover their users. Verify them before you
go live: numbers change.
"""

from __future__ import annotations

import re

DEFAULT_HELPLINES: dict[str, list[str]] = {
    "zh-CN": [
        # the national number set by the National Health Commission (notice of December 2024); every local
        # psychological-aid line answers on it since 1 May 2025
        "全国统一心理援助热线 12356",
        "北京心理危机研究与干预中心 010-82951332（24 小时）",
        "希望24热线 400-161-9995（24 小时）",
        "紧急情况请拨打 110 或 120",
    ],
    "zh-TW": ["安心專線 1925（24 小時）", "生命線 1995", "緊急情況請撥 119 或 110"],
    "zh-HK": ["撒瑪利亞防止自殺會 2389 2222（24 小時）", "緊急情況請撥 999"],
    "en-US": ["988 Suicide & Crisis Lifeline: call or text 988", "Emergency: 911"],
    "en-GB": ["Samaritans: 116 123 (free, 24/7)", "Emergency: 999"],
    "en-IE": ["Samaritans: 116 123 (free, 24/7)", "Emergency: 112 or 999"],
    "en-AU": ["Lifeline: 13 11 14 (24/7)", "Emergency: 000"],
    "en-CA": ["9-8-8 Suicide Crisis Helpline: call or text 988", "Emergency: 911"],
    "en": [
        "Find a free, confidential helpline near you: findahelpline.com",
        "In an emergency call your local number",
    ],
}

#: the emergency numbers of each locale (ambulance first where there are two): what a person in immediate danger
#: is told to call, also where they asked for no help lines; none for ``en`` (the place is not known)
EMERGENCY_NUMBERS: dict[str, tuple[str, ...]] = {
    "zh-CN": ("120", "110"),
    "zh-TW": ("119", "110"),
    "zh-HK": ("999",),
    "en-US": ("911",),
    "en-GB": ("999",),
    "en-IE": ("112", "999"),
    "en-AU": ("000",),
    "en-CA": ("911",),
}

SAFE_REPLY = {
    "zh": (
        "谢谢你愿意告诉我这些，我很在意你现在的安全。你不需要一个人扛着。"
        "如果你此刻有结束生命或伤害自己的想法，请马上联系身边信任的人，或拨打下面的热线，那里有专业的人可以陪你：\n{lines}"
    ),
    "en": (
        "Thank you for telling me. I care about your safety right now, and you don't have to carry this alone. "
        "If you're thinking of ending your life or hurting yourself, please reach out to someone you trust, or contact one of these "
        "lines, where trained people can be with you:\n{lines}"
    ),
}

BLOCKED_REPLY = {
    "zh": "我可能没能把话说好。我想先听你多说一点：你现在感觉怎么样？如果你觉得不安全，可以拨打：\n{lines}",
    "en": (
        "I may not have put that well. I'd like to hear more from you first: how are you feeling right now? "
        "If you don't feel safe, you can reach:\n{lines}"
    ),
}


HELPLINE_NOTE = {
    "zh": "如果你有伤害自己的念头，不用一个人扛着，可以随时联系：\n{lines}",
    "en": "If you're having thoughts of hurting yourself, you don't have to face them alone. You can reach:\n{lines}",
}


_EN_REGIONS = (
    ("us", "en-US"),
    (("gb", "uk"), "en-GB"),
    ("ie", "en-IE"),
    ("au", "en-AU"),
    ("ca", "en-CA"),
)


def resolve_locale(locale: str | None, language: str = "zh") -> str:
    """``zh_CN`` / ``zh-hant-tw`` / ``en`` / None -> a key of the help-line table."""
    if not locale:
        return "zh-CN" if language == "zh" else "en"
    loc = locale.replace("_", "-").lower()
    if loc.startswith("zh"):
        if "tw" in loc:
            return "zh-TW"
        if "hk" in loc or "mo" in loc:
            return "zh-HK"
        return "zh-CN"
    if loc.startswith("en"):
        for ends, key in _EN_REGIONS:
            if loc.endswith(ends):
                return key
        return "en"
    return "zh-CN" if language == "zh" else "en"


def helplines_for(
    locale: str | None, language: str = "zh", table: dict[str, list[str]] | None = None
) -> list[str]:
    lines = {**DEFAULT_HELPLINES, **(table or {})}
    key = resolve_locale(locale, language)
    return lines.get(key) or lines.get("en" if key.startswith("en") else "zh-CN", [])


def safe_reply(
    locale: str | None, language: str = "zh", table: dict[str, list[str]] | None = None, blocked: bool = False
) -> str:
    key = resolve_locale(locale, language)
    lang = "zh" if key.startswith("zh") else "en"
    lines = "\n".join(f"- {line}" for line in helplines_for(locale, language, table))
    return (BLOCKED_REPLY if blocked else SAFE_REPLY)[lang].format(lines=lines)


def helpline_note(locale: str | None, language: str = "zh", table: dict[str, list[str]] | None = None) -> str:
    """A short note with the help lines, added under a reply (the ``helplines`` escalation action)."""
    # the words follow the message's language; the lines follow the locale (where the person is)
    lines = "\n".join(f"- {line}" for line in helplines_for(locale, language, table))
    return HELPLINE_NOTE["zh" if language == "zh" else "en"].format(lines=lines)


#: the public service lines practical answers name, written with the mainland number, and the line that does the
#: same job in Taiwan and in Hong Kong (police, ambulance, anti-fraud, the citizens' hotline, youth counselling,
#: mental health, consumer complaints, labour, legal aid); one missing is left as written. Verify before going live.
SERVICE_LINES: dict[str, dict[str, str]] = {
    "110": {"zh-TW": "110", "zh-HK": "999"},
    "120": {"zh-TW": "119", "zh-HK": "999"},
    "96110": {"zh-TW": "165", "zh-HK": "18222"},
    "12345": {"zh-TW": "1999", "zh-HK": "1823"},
    "12355": {"zh-TW": "1980", "zh-HK": "2777 8899"},
    "12356": {"zh-TW": "1925", "zh-HK": "18111"},
    "12315": {"zh-TW": "1950", "zh-HK": "2929 2222"},
    "12333": {"zh-TW": "1955", "zh-HK": "2717 1771"},
    "12348": {"zh-TW": "412-8518", "zh-HK": "2537 7677"},
    # the All-China Women's Federation line for domestic violence; Taiwan's protection line; Hong Kong's Social
    # Welfare Department hotline
    "12338": {"zh-TW": "113", "zh-HK": "2343 2255"},
}
#: domestic abuse lines that practical answers name in English (the National Domestic Abuse Helpline, the US
#: National Domestic Violence Hotline, 1800RESPECT): moderation lets a reply carry them
ABUSE_LINES: dict[str, str] = {"en-GB": "0808 2000 247", "en-US": "1-800-799-7233", "en-AU": "1800 737 732"}
#: the mainland's words for where to go, and those of Taiwan and Hong Kong (the numbers in them are swapped after)
LOCAL_WORDS: dict[str, dict[str, str]] = {
    "打12345，或者找街道、社区的人民调解委员会": {
        "zh-TW": "找县市政府的消保官或公所的调解委员会，也可以先寄一封存证信函，就是有邮局证明的正式催告信",
        "zh-HK": "向差饷物业估价署查询租务问题，金额在七万五千元以下的可以去小额钱债审裁处",
    },
    "派出所": {"zh-TW": "警察局", "zh-HK": "警署"},
    "全国妇联维权热线": {"zh-TW": "保护专线", "zh-HK": "社会福利署热线"},
}
_WORDS_RE = re.compile("|".join(re.escape(w) for w in sorted(LOCAL_WORDS, key=len, reverse=True)))
_SERVICE_RE = re.compile(
    r"(?<![\d-])(" + "|".join(sorted(SERVICE_LINES, key=len, reverse=True)) + r")(?![\d-])"
)
#: a line that already places its number on the mainland: 大陆可以打12345
_MAINLAND = re.compile(r"大陆|大陸|内地|內地")


def local_numbers(text: str, locale: str | None) -> str:
    """``text`` with the mainland service numbers it names changed for those of Taiwan or Hong Kong when the person
    is there ("打110或120" -> "打999" in Hong Kong; the anti-fraud line 96110 -> 165 in Taiwan), and the mainland's
    words for where to go with them (:data:`LOCAL_WORDS`: 派出所 -> 警察局, 警署); unchanged elsewhere.

    >>> local_numbers("现在就打110或去派出所报案（也可以打反诈专线96110咨询）", "zh-HK")
    '现在就打999或去警署报案（也可以打反诈专线18222咨询）'
    >>> local_numbers("紧急情况打110或120", "zh-HK"), local_numbers("紧急情况打110或120", "zh-CN")
    ('紧急情况打999', '紧急情况打110或120')
    """
    place = resolve_locale(locale, "zh") if locale else "zh-CN"
    if place not in ("zh-TW", "zh-HK"):
        return text

    def swap(m: re.Match[str]) -> str:
        if _MAINLAND.search(text, max(0, m.start() - 8), m.start()):
            return m.group(1)
        return SERVICE_LINES[m.group(1)].get(place, m.group(1))

    text = _WORDS_RE.sub(lambda m: LOCAL_WORDS[m.group(0)].get(place, m.group(0)), text)
    out = _SERVICE_RE.sub(swap, text)
    return re.sub(r"(?<!\d)(\d{3})\s*(?:或|或者|、|/)\s*\1(?!\d)", r"\1", out)  # 999或999 -> 999


def emergency_numbers(locale: str | None, language: str = "zh") -> tuple[str, ...]:
    """The emergency numbers where the person is (empty when the locale does not say where that is)."""
    return EMERGENCY_NUMBERS.get(resolve_locale(locale, language), ())


def helpline_numbers(table: dict[str, list[str]] | None = None) -> set[str]:
    """The digits of every help line and emergency number, shipped and configured: moderation lets a reply carry
    these."""
    out: set[str] = {n for numbers in EMERGENCY_NUMBERS.values() for n in numbers}
    out |= {re.sub(r"\D", "", n) for places in SERVICE_LINES.values() for n in places.values()}
    out |= {re.sub(r"\D", "", n) for n in ABUSE_LINES.values()}
    for lines in {**DEFAULT_HELPLINES, **(table or {})}.values():
        for line in lines:
            for m in re.finditer(r"\d[\d -]{1,}\d", line):
                out.add(re.sub(r"\D", "", m.group(0)))
    return out
