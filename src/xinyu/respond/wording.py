"""Words to say it with, built from the person's own: asked how to tell someone something ("我想跟我妈说我要做手术
… 我该怎么开口", "how do i tell my boss i need time off for surgery"), the reply gives a way in and a first few
lines in their words, to the one they named, rather than a rule about "I" statements.

Three kinds of telling get their own shape: news that may worry the other (an operation, a job quit, not sitting
the civil-service exam): the main line first, what happens next, room for questions; asking for something (a raise,
time off, money back): what, why, and their view asked; raising what the other does ("他总是半夜打游戏"): the fact,
what it does to you, a way out proposed together.

>>> print(say_script("我想跟我妈说我要做手术 她很容易紧张 我该怎么开口", "zh"))
可以先把最要紧的那句说出来，再讲接下来的安排，留时间让她问。比如：“妈，跟你说件事，你先别急：我要做手术。怎么回事、接下来怎么安排，我都跟你讲清楚，你想问什么都可以问我。”
>>> say_script("我今天好累", "zh") is None
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from xinyu.understand.fold import fold


@dataclass(frozen=True)
class Telling:
    """Who is to be told what, as the person wrote it, and the kind of telling."""

    who: str  # 我妈 / my boss
    what: str  # 我要做手术 / i need time off for surgery
    kind: str  # "news", "ask" or "raise"
    #: how the English names it: "" for a clause ("tell my mum I failed"), else the word before a noun or a verb
    #: ("about" the divorce, "for" a raise, "to" fix the heating, "if" I can…)
    prep: str = ""


_WHO_ZH = (
    r"我?(?:妈妈|爸爸|爸妈|父母|老妈|老爸|妈|爸|老公|老婆|男朋友|女朋友|对象|领导|老板|上司|主管|经理|老师|导师|班主任"
    r"|婆婆|公公|岳母|丈母娘|家里人|家人|闺蜜|朋友|室友|舍友|同事|孩子|儿子|女儿|哥哥|姐姐|弟弟|妹妹|哥|姐|弟|妹|奶奶|爷爷"
    r"|外婆|外公|姥姥|姥爷|hr|他们|她们|他|她)"
)
#: a clause of what is to be said: no stop, no question, no space (a space ends a clause in typed Chinese)
_WHAT_ZH = r"(?P<what>[^，,。.！!？?\s]{2,16}?)"
_TELL_ZH = (
    # 我想跟我妈说我要做手术 她很容易紧张 我该怎么开口 / 想跟领导提加薪 怎么说比较好
    re.compile(
        rf"(?:跟|和|对|告诉|通知)(?P<who>{_WHO_ZH})(?:说|讲|提|坦白|摊牌|交代)?{_WHAT_ZH}(?:这件事|这事|的事)?"
        r"(?:[，,\s]+[^，,。？?\s]{1,12}){0,2}?[，,\s]*(?:我)?(?:该|要|应该|到底|又)?(?:怎么|如何|咋|怎样|怎么样)"
        r"(?:开口|说|讲|提|讲出口|说出口)"
    ),
    # 怎么跟我爸说我不想考公 / 该如何告诉老公我被裁了
    re.compile(
        rf"(?:怎么|如何|咋|怎样)(?:跟|和|对|告诉)(?P<who>{_WHO_ZH})(?:说|讲|提|坦白|开口说|开口讲|摊牌)?{_WHAT_ZH}"
        r"(?=$|[，,。.！!？?\s]|才|比较|会|呢|啊|吗)"
    ),
)
_ASK_ZH = re.compile(
    r"加薪|涨(?:工资|薪)|请(?:\w{0,3})?假|休假|调岗|换岗|调班|换班|还钱|借钱|借|延期|推迟|帮忙|报销|转正|升职|要回|能不能|可不可以|想要"
)
_RAISE_ZH = re.compile(r"[他她]|太|总是|老是|一直|别再|不要再|天天")
_DEMAND_ZH = re.compile(r"别|不要|不许|不准|少")
_EMPTY_ZH = re.compile(
    r"^(?:这件事|这事|这个|那个|这些|那些|一下|清楚|明白|出口|开口|实话|真话)$|^(?:好好|谈|聊|沟通|说说|讲讲|商量|解释"
    # the words after "怎么跟她说" that say how, not what: 才不会吵 / 比较好 / 会好一点
    r"|才|会|比较|比|好|能|可以|得|的|地|吧|呢|啊|么|什么|啥|些)"
)
_ADDRESS_ZH = {
    "妈妈": "妈",
    "老妈": "妈",
    "妈": "妈",
    "婆婆": "妈",
    "岳母": "妈",
    "丈母娘": "妈",
    "爸爸": "爸",
    "老爸": "爸",
    "爸": "爸",
    "公公": "爸",
    "爸妈": "爸、妈",
    "父母": "爸、妈",
    "哥哥": "哥",
    "哥": "哥",
    "姐姐": "姐",
    "姐": "姐",
    "奶奶": "奶奶",
    "爷爷": "爷爷",
    "外婆": "外婆",
    "外公": "外公",
    "姥姥": "姥姥",
    "姥爷": "姥爷",
}
_RESPECT_ZH = ("领导", "老板", "上司", "主管", "经理", "老师", "导师", "班主任", "hr")
_THIRD_ZH = re.compile(r"[他她](?![们])")

_WHO_EN = (
    r"(?:my |our )?(?:mum|mom|mother|dad|father|parents|folks|husband|wife|partner|boyfriend|girlfriend|fiance|fiancee"
    r"|boss|manager|supervisor|teacher|professor|advisor|landlord|flatmate|roommate|housemate|sister|brother|son"
    r"|daughter|kids|best friend|friend|hr|team|in-laws|mother-in-law|family)|him|her|them"
)
_WHAT_EN = r"(?P<what>[^.?!,;]{3,90}?)"
_TELL_EN = (
    # how do i tell my boss i need time off for surgery / how should i break it to my parents that i'm dropping out
    re.compile(
        rf"\bhow (?:do|should|can|would|could) i (?:even |actually )?(?:tell|break it to|let) (?P<who>{_WHO_EN})(?: know)?"
        rf"(?: that|(?P<prep> about))? {_WHAT_EN}\s*(?=$|[.?!,;]| without\b| so\b| and not\b)",
        re.IGNORECASE,
    ),
    # what do i say to my son about the divorce / how do i ask my boss for a raise
    re.compile(
        rf"\b(?:what (?:do|should|would|can) i (?:even )?say to|how (?:do|should|can|would) i (?:even )?(?:ask|talk to))"
        rf" (?P<who>{_WHO_EN}) (?P<prep>about|for|to|if) {_WHAT_EN}\s*(?=$|[.?!,;]| without\b| so\b)",
        re.IGNORECASE,
    ),
)
_ASK_EN = re.compile(
    r"\b(?:raise|pay rise|time off|days? off|leave|pay me back|money back|extension|promotion|help|borrow|lend|"
    r"a loan|to stop|to move|to pay|for)\b",
    re.IGNORECASE,
)
_RAISE_EN = re.compile(r"\b(?:he|she|his|her|him|they|their|always|keeps|never|too)\b", re.IGNORECASE)
_EMPTY_EN = re.compile(
    r"^(?:it|this|that|them|him|her|what happened|everything|anything|something|the truth)$", re.I
)
_ADDRESS_EN = {"mum": "Mum", "mom": "Mom", "mother": "Mum", "dad": "Dad", "father": "Dad"}
#: the listener's words in the teller's mouth: "she cooks too salty" said to her is "you cook too salty"
_THIRD_EN = {"he": "you", "she": "you", "him": "you", "her": "your", "his": "your", "hers": "yours"}
_THIRD_EN_RE = re.compile(r"\b(?:he|she|him|her|his|hers)\b", re.IGNORECASE)


def telling(message: str, language: str) -> Telling | None:
    """Who the person asks how to tell what, when the message says both; None otherwise."""
    if language == "zh":
        folded = fold(message)
        for pattern in _TELL_ZH:
            m = pattern.search(folded)
            if (
                m
                and not _EMPTY_ZH.match(m.group("what"))
                and not re.search(r"怎么|如何|吗|说|讲", m.group("what"))
            ):
                what = m.group("what")
                kind = "ask" if _ASK_ZH.search(what) else "raise" if _RAISE_ZH.search(what) else "news"
                if kind == "raise" and _DEMAND_ZH.search(what):
                    return None  # "她别再来我家了" put in her ear as it stands is an order, not a talk
                return Telling(m.group("who"), what, kind)
        return None
    for pattern in _TELL_EN:
        m = pattern.search(message)
        if m and not _EMPTY_EN.match(m.group("what").strip()):
            what = m.group("what").strip()
            kind = (
                "ask"
                if "ask" in m.group().lower() or _ASK_EN.search(what)
                else "raise"
                if _RAISE_EN.search(what)
                else "news"
            )
            if kind == "raise" and _THIRD_EN_RE.search(what):
                return None  # "he never cleans up" said to him needs its verbs turned too: the general advice
            return Telling(m.group("who"), what, kind, (m.group("prep") or "").strip())
    return None


def say_script(message: str, language: str) -> str | None:
    """A way to say it and its first lines, in the person's words, to the one they named (see the module); None
    when the message does not say both who is to be told and what."""
    told = telling(message, language)
    if told is None:
        return None
    return _zh(told) if language == "zh" else _en(told)


def _zh(told: Telling) -> str:
    who = told.who.removeprefix("我") if len(told.who) > 1 else told.who
    address = _ADDRESS_ZH.get(who, "")
    respect = who.lower() in _RESPECT_ZH
    you = "您" if respect else "你"
    them = (
        "她"
        if re.search(r"妈|婆|姐|妹|奶|姥|女|老婆|闺蜜|她", who)
        else "他们"
        if re.search(r"们|父母|爸妈|家", who)
        else "他"
    )
    lead = f"{address}，" if address else ""
    what = told.what if who in ("他们", "她们") else _THIRD_ZH.sub(you, told.what)
    if told.kind == "ask":
        return (
            f"先说你要什么，再给一两条实在的理由，最后问问{them}的想法。比如：“{lead}我想跟{you}聊聊{what}的事。"
            f"这段时间我……（说一两件具体的事），所以想……，{you}看可以吗？”"
        )
    if told.kind == "raise":
        return (
            f"只说这一件事和它对你的影响，不翻旧账，再一起想办法。比如：“{lead}有件事想跟{you}商量，是关于"
            f"{what.removesuffix('了')}的。我不是要怪{you}，只是我这边有点吃不消，我们能不能一起想个办法？”"
        )
    if respect:
        return (
            f"先把结论说在前面，再说你的安排和需要{them}做的事。比如：“有件事想跟{you}说一下：{what}。"
            f"接下来的安排我想好了，{you}有什么想法也可以直接跟我说。”"
        )
    return (
        f"可以先把最要紧的那句说出来，再讲接下来的安排，留时间让{them}问。比如：“{lead}跟{you}说件事，{you}先别急："
        f"{what}。怎么回事、接下来怎么安排，我都跟{you}讲清楚，{you}想问什么都可以问我。”"
    )


_FEMALE_EN = re.compile(r"\b(?:mum|mom|mother|wife|girlfriend|sister|daughter|her|fiancee|mother-in-law)\b")
_MALE_EN = re.compile(r"\b(?:dad|father|husband|boyfriend|brother|son|him|fiance)\b")


def _en(told: Telling) -> str:
    who = told.who.lower().removeprefix("my ").removeprefix("our ")
    address = _ADDRESS_EN.get(who, "")
    lead = f"{address}, " if address else ""
    them = "her" if _FEMALE_EN.search(who) else "him" if _MALE_EN.search(who) else "them"
    their = {"her": "her", "him": "his"}.get(them, "their")
    what = told.what
    if them != "them":
        what = _THIRD_EN_RE.sub(lambda m: _THIRD_EN[m.group().lower()], what)
    what = re.sub(r"\bi\b", "I", what)
    clause = what[:1].upper() + what[1:]
    if told.kind == "ask":
        said = {
            "to": f"Could you {what}?",
            "for": f"I'd like to ask for {what}.",
            "if": f"I wanted to ask if {what}.",
            "about": f"I wanted to ask about {what}.",
        }.get(told.prep, f"{clause}.")
        return (
            f"Say what you need, give one or two real reasons, then ask for {their} view. Something like: "
            f'"{lead}Have you got a minute? {said} It matters to me because... (one or two specifics). What do you '
            f'think?"'
        )
    if told.kind == "raise":
        return (
            f"Keep it to this one thing and how it affects you, then look for a fix together. Something like: "
            f"\"{lead}Can we talk about something? {clause}, and it's getting hard for me. Can we work out something "
            f'that works for both of us?"'
        )
    said = (
        f"I want to talk with you about {what}." if told.prep else f"I need to tell you something: {clause}."
    )
    return (
        f"Lead with the main thing, then what happens next, and leave room for {their} questions. Something like: "
        f"\"{lead}{said} Take a moment with it if you need to. I'll tell you everything I know about what comes "
        f'next, and you can ask me anything."'
    )
