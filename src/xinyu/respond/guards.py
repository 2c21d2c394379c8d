"""Rules every reply keeps, whichever engine wrote it, checked before moderation:

- ``cheer``: no cheerful or congratulating words unless the turn is read as joy (a pet that died, a wish to be
  dead said lightly, sarcasm, a flat or uncertain message: none of them is good news);
- ``dose``: no dose or pill count (a number with mg, ml, pills, tablets; 片/粒 beside a medicine);
- ``human``: no claim to be a person (xinyu is an AI and says so whenever asked).

A reply that breaks one is replaced by the local engine's (see ``ChatService._guarded``).

>>> from types import SimpleNamespace as NS
>>> broken_rule("听到这个我也跟着开心。", NS(emotion="sadness", risk_level="none", plan=None, reading=None))
'cheer'
>>> broken_rule("Take 2 tablets with water.", NS(emotion="neutral", risk_level="none", plan=None, reading=None))
'dose'
>>> broken_rule("是的，我是真人。", NS(emotion="neutral", risk_level="none", plan=None, reading=None))
'human'
"""

from __future__ import annotations

import re

from xinyu.levels import RiskLevel
from xinyu.respond.dialogue import tone

CHEER = re.compile(
    r"太好了|太棒了|真棒|恭喜|祝贺|(?:替|为)你(?:感到)?(?:高兴|开心)|跟着(?:高兴|开心)|真为你|好消息|美好的事|值得庆祝"
    r"|(?:开心|高兴)(?!认识|见到)|哈哈|心情不错|好时刻"
    r"|(?a:\b(?:so )?glad to hear (?:that|it|this|about|you)\b|\bso glad\b|\bhappy for you\b|\bso happy\b|\bwonderful\b|\bgreat news\b|\bcongrat|\benjoy\b"
    r"|\bawesome\b|\bamazing\b|\bfantastic\b|\bexciting\b|\bcelebrat|\bthat'?s great\b|\byay\b"
    r"|\bgood mood\b|\bfeel good about\b|\bhow happy\b|\bsound lighter\b|\bhappiness\b|\bgood moments\b|\byou happy\b"
    r"|\bsound (?:really |so )?happy\b|\byou earned it\b|\bgood news\b|\bpaid off\b|\byou deserve this\b)",
    re.IGNORECASE,
)
_NUMBER = r"(?:\d+(?:\.\d+)?|[一二两三四五六七八九十半几]+)"
DOSE = re.compile(
    rf"{_NUMBER}\s*(?:mg|毫克|ml|毫升|微克|mcg|(?a:pills?\b|tablets?\b|capsules?\b|doses?\b))"
    rf"|(?a:\btake (?:one|two|three|four|a couple|a few|\d+)\b)",
    re.IGNORECASE,
)
_PILL_COUNT = re.compile(rf"{_NUMBER}\s*[片粒颗]")
_MEDICINE = re.compile(r"药|吃|服|(?a:\bpill|\btablet|\bmedic)", re.IGNORECASE)
HUMAN = re.compile(
    r"我是(?:一个|個)?(?:真人|真正的人|人类|人類|活人)|我不是(?:机器人|機器人|AI|人工智能|程序)"
    r"|(?a:\bI(?:'m| am) (?:a |an )?(?:real |actual )?(?:person|human(?: being)?)\b"
    r"|\bI(?:'m| am) not (?:a |an )?(?:bot|robot|AI|machine|program)\b)",
    re.IGNORECASE,
)


def broken_rule(text: str, ctx) -> str | None:
    """The rule ``text`` breaks as a reply in ``ctx`` (a :class:`~xinyu.respond.engines.base.ReplyContext`),
    or None."""
    if HUMAN.search(text):
        return "human"
    if DOSE.search(text) or (_PILL_COUNT.search(text) and _MEDICINE.search(text)):
        return "dose"
    if CHEER.search(text) and not _good_news(ctx):
        return "cheer"
    return None


_SENTENCE = re.compile(r"[^。！？!?]+[。！？!?]*|[^.!?]+[.!?]*")
LISTENING = {"zh": "我在听，你慢慢说。", "en": "I'm here, and I'm listening."}


def keep_rules(text: str, ctx) -> str:
    """``text`` without the sentences that break a rule; a plain listening line when none is left."""
    kept = [s for s in _SENTENCE.findall(text) if s.strip() and broken_rule(s, ctx) is None]
    sep = "" if ctx.language == "zh" else " "
    return sep.join(s.strip() for s in kept) or LISTENING.get(ctx.language, LISTENING["en"])


def cheer_allowed(ctx) -> bool:
    """Cheerful words may answer this turn (see the module's rules)."""
    return _good_news(ctx)


#: answers where a light, warm word is in place when nothing sad was said (a film, cats or dogs, hello, thanks)
_LIGHT = frozenset({"smalltalk_request", "greeting", "thanks", "goodbye", "self_intro"})


def _good_news(ctx) -> bool:
    """The turn may be answered with joy: read as joy (or a light answer to a neutral request), at no risk, with
    no irony or masking and no bad news."""
    # a light answer to a neutral request, or a laugh at the joke the person told
    light = (
        ctx.emotion == "neutral"
        and ctx.plan is not None
        and (ctx.plan.answer in _LIGHT or "laugh" in ctx.plan.moves)
    )
    if (ctx.emotion != "joy" and not light) or RiskLevel.parse(ctx.risk_level) > RiskLevel.LOW:
        return False
    reading = ctx.reading
    return reading is None or (reading.situation.valence != "negative" and tone(reading.message) is None)


def understanding(ctx) -> dict:
    """What the chat API shows of how the turn was read and answered: its dialogue acts, the situation, the
    facts the session remembers, the emotion in context and the reply's plan."""
    reading, plan = ctx.reading, ctx.plan
    if reading is None:
        return {}
    sit = reading.situation
    return {
        "acts": list(reading.acts.acts),
        "event": sit.event,
        "people": list(sit.people),
        "pet": sit.pet,
        "when": sit.when,
        "tone": tone(reading.message),
        "emotion": reading.emotion,
        "facts": dict(ctx.facts),
        "plan": plan.to_dict() if plan is not None else None,
    }
