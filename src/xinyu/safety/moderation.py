"""Output moderation: every reply is checked before it leaves.

Blocked categories:

``method``        how-to or means information about self-harm (doses, heights, "the most painless way")
``encouragement`` urging or approving self-harm ("你去死吧", "you should end it", "go ahead")
``medical``       a diagnosis of the user or medication dosing ("你得了抑郁症", "take 50 mg of sertraline")
``pii``           personal data echoed back (phone numbers, IDs, cards... see :mod:`xinyu.safety.pii`)

A blocked reply is replaced by a safe one with help lines for the locale; the caller logs the
:class:`ModerationResult` (it carries what matched, not the whole reply).

>>> moderate("别担心，我们一起想想办法。").allowed
True
>>> "method" in moderate("吃50片安眠药就能解脱").categories
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from xinyu.lang import zh_or_en
from xinyu.safety.cues import fold
from xinyu.safety.helplines import helpline_numbers, safe_reply
from xinyu.safety.pii import find_pii

_RULES: dict[str, list[str]] = {
    "method": [
        # doses, amounts and heights next to a means
        r"\d+\s*(?:片|颗|粒|mg|毫克|克|tablets?|pills?|milligrams?)[^。.!?\n]{0,12}"
        r"(?:安眠药|药|会死|致死|就能|足以|is (?:lethal|fatal|enough)|would kill|to die)",
        r"(?:致死|致命)(?:剂量|量)|lethal dose|fatal dose|(?a:\b(?:overdose|od) on\b)",
        r"(?:最|比较)?(?:无痛|不痛苦|不疼|快|有效|稳妥)的?(?:自杀|死)(?:方法|方式|法)|(?:painless|quickest|surest|easiest) way to (?:die|kill)",
        r"(?:烧炭|上吊|割腕|跳楼|服毒|吃安眠药)(?:的)?(?:步骤|方法是|要(?:先|把)|需要准备|成功率)",
        r"\d+\s*(?:楼|层|米|meters?|metres?|feet|floors?|stories)[^。.!?\n]{0,12}(?:足以|就能|一定|会死|致死|fatal|lethal|enough to)",
        r"how to (?:tie a noose|hang yourself|cut deeper|kill yourself|overdose)",
        r"(?:割|切)(?:得|的)?(?:深|竖着)|cut (?:vertically|deeper|along)",
    ],
    "encouragement": [
        r"你?(?:就|还是|干脆|不如)(?:去)?死(?:了)?(?:吧|算了)|你(?:应该|可以|就)(?:去)?(?:自杀|结束(?:自己|生命)|解脱)",
        r"(?:死了|自杀)(?:也)?(?:是|就是)(?:一种)?(?:解脱|好的选择|正确的)|(?:支持|理解并支持)你(?:的)?(?:决定|选择)(?:去死|自杀|离开)",
        r"\byou should (?:just )?(?:die|kill yourself|end (?:it|your life))\b|\bgo ahead and (?:do it|end it|kill)\b",
        r"\b(?:suicide|dying) (?:is|would be) (?:a|the) (?:good|right|valid|reasonable) (?:choice|option|answer)\b",
        r"\bkys\b|\bgo kill yourself\b",
    ],
    "medical": [
        r"你(?:得|患|有)(?:了)?(?:抑郁症|焦虑症|双相|躁郁症|精神分裂|人格障碍|边缘型|ptsd|强迫症)",
        r"你(?:是|就是)(?:抑郁症|双相|精神病|人格障碍)",
        r"\byou (?:have|are suffering from|'ve got) (?:clinical )?(?:depression|bipolar|an anxiety disorder|"
        r"schizophrenia|bpd|ptsd|ocd|borderline)\b|\byou are (?:bipolar|depressed clinically|schizophrenic)\b",
        r"(?:每天|一天|每次|daily|a day|twice a day)?[^。.!?\n]{0,6}(?:服用?|吃|take|increase|double)[^。.!?\n]{0,10}"
        r"\d+\s*(?:mg|毫克|片|粒|颗|tablets?|pills?)",
        r"(?:舍曲林|氟西汀|帕罗西汀|艾司西酞普兰|文拉法辛|米氮平|喹硫平|奥氮平|阿普唑仑|劳拉西泮|氯硝西泮|锂盐|"
        r"sertraline|fluoxetine|paroxetine|escitalopram|venlafaxine|mirtazapine|quetiapine|olanzapine|alprazolam|"
        r"lorazepam|clonazepam|lithium|xanax|zoloft|prozac)[^。.!?\n]{0,12}(?:\d+\s*(?:mg|毫克|片)|加量|减量|停药|dose)",
    ],
}
#: every category a reply can be blocked for
CATEGORIES: tuple[str, ...] = (*_RULES, "pii")
_COMPILED = {k: re.compile("|".join(f"(?:{p})" for p in v)) for k, v in _RULES.items()}


@dataclass
class ModerationResult:
    allowed: bool
    reply: str  # the original when allowed, else the safe replacement
    categories: list[str] = field(default_factory=list)
    matches: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"allowed": self.allowed, "categories": self.categories, "matches": self.matches}


def moderate(
    reply: str,
    locale: str | None = None,
    language: str | None = None,
    user_text: str | None = None,
    helplines: dict[str, list[str]] | None = None,
) -> ModerationResult:
    """Check a reply. PII in the reply counts whether or not the user typed it first (no echo of PII)."""
    if not isinstance(reply, str):
        reply = "" if reply is None else str(reply)
    folded = fold(reply)
    categories: list[str] = []
    matches: list[dict] = []
    for cat, pattern in _COMPILED.items():
        for m in pattern.finditer(folded):
            if cat not in categories:
                categories.append(cat)
            matches.append({"category": cat, "text": reply[m.start() : m.end()], "start": m.start()})
    allowed_numbers: set[str] | None = None  # read only for a reply with a number in it
    for ent in find_pii(reply):
        if allowed_numbers is None:
            allowed_numbers = helpline_numbers(helplines)
        if re.sub(r"\D", "", ent.text) in allowed_numbers:
            continue  # a help line is not personal data
        if "pii" not in categories:
            categories.append("pii")
        matches.append({"category": "pii", "kind": ent.kind, "start": ent.start})
    if not categories:
        return ModerationResult(True, reply)
    lang = language or zh_or_en(reply + (user_text or ""))
    return ModerationResult(False, safe_reply(locale, lang, helplines, blocked=True), categories, matches)
