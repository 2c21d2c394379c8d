"""What a person says back about the bot's last reply, and how the reply owns it.

People tell a supporter when a reply missed: it was a stock answer ("说了等于没说", "that's very generic",
"sounds like the pamphlet they gave me at the clinic"), it was too hard to follow ("你能不能说简单点 我没读啥子书"),
it said the thing they are tired of hearing ("别跟我说放平心态 所有人都这么说", "if one more person tells me to do
yoga"), or it got them wrong ("you're not really listening mate. i'm not depressed… i'm just lonely"). Some say sorry
for snapping at it ("sorry thats not on you. rough week"). A good supporter owns the miss in a few plain words,
drops the register that drew it, and turns to the person's own words again; it never says the complaint back as if
it were the story ("So that's a bit of a stock answer isn't it").

:func:`pushback` reads one message: the kind of pushback, the words of it worth naming ("放平心态", "the pamphlet"),
what the person corrected ("lonely", not "depressed"), and the rest of the message with the pushback cut out, so
that a question asked with it ("说了等于没说。。你就直接告诉我这个能不能申诉") is still answered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from xinyu.understand.acts import reported
from xinyu.understand.fold import fold

#: the kinds, most telling first: a misreading owned before a stock line, a stock line before a plain complaint
KINDS = ("misheard", "not_this", "plain", "generic", "sorry")

_ZH = {
    # you got me wrong: 你没懂我意思 / 你根本没在听 / 答非所问 / 我不是这个意思
    "misheard": r"你(?:根本|完全|还是|又|压根)?没(?:听)?(?:懂|明白|理解)(?:我)?|你(?:理解|听|想)错了|你误会了"
    r"|我不是(?:这个|那个)?意思|你(?:根本|压根|就)?(?:没|没有)(?:在)?(?:认真)?听(?:我)?(?:说)?(?:话)?(?![^，。！？\s]{0,3}(?:过|说过))"
    r"|答非所问|你(?:都|还是|根本|压根)?没(?:回答|回)(?:我)?(?:的问题)?(?=[，。！？?\s]|$)|不是你说的那样",
    # not that line again: 别跟我说放平心态 / 别跟我讲什么每个人都有自己节奏那种话 / 别跟我说"这取决于你"
    "not_this": r"别(?:再)?(?:跟|和|对|给)?我(?:说|讲|扯|来)(?:什么|啥)?\s*[\"'“‘「『](?P<q>[^\"'”’」』]{2,20})[\"'”’」』]"
    r"|别(?:再)?(?:跟|和|对|给)?我(?:说|讲|扯|来)(?:什么|啥)?(?P<w>[^，。！？\s“”\"]{2,14}?)"
    r"(?:那种|这种|之类的?|那套|这套|那些|这些|这样的|那样的)(?:话|鸡汤|大?道理|废话|屁话)?"
    r"|别(?:再)?(?:跟|和|对|给)?我(?:说|讲)(?P<z>[^，。！？\s]{2,8})(?=\s*[，,。！!]?\s*(?:所有人|大家|谁都|每个人|人人|都这么说|我听))"
    # 别说什么这取决于你: "don't give me X"
    r"|别(?:再)?(?:跟我)?(?:说|讲)什么(?P<s>[^，。！？\s“”\"]{2,10})(?=[\s，,。！!]|$)",
    # say it simply: 说简单点 / 讲人话 / 你说的我搞不懂 / 我没读啥子书
    "plain": r"(?:你)?(?:能不能|可不可以|可以|能)?(?:再)?(?:说|讲)(?:得)?(?:简单|直白|明白|通俗|清楚)(?:一?点|些)(?:吗|嘛|好吗|行吗|行不行|好不好)?"
    r"|大?白话(?:点|一点)"
    r"|你(?:说|讲)的(?:话|这些|有些|有的)?(?:我)?(?:有些|有点|有的|都)?(?:听|搞|看)不(?:太)?懂|(?:听|搞|看)不(?:太)?懂你"
    r"|不(?:太)?(?:明白|懂)你(?:的意思|说的|讲的|在说)|我没(?:读|念)(?:过)?(?:啥子|什么|多少|几天)书|我没(?:啥|什么)文化",
    # a stock line: 说了等于没说 / 这些道理我都懂 / 好官方 / 像咨询手册在讲话
    "generic": r"说了(?:也)?(?:跟|和)?等于没说|说了也白说|跟没说一样|(?:这些|这种|那些|你说的)?(?:大)?道理(?:我)?(?:都|全)(?:懂|知道|明白)"
    r"|(?:太|好|很|有点|特别|真)(?:官方|官腔|套路|鸡汤|空洞|笼统|敷衍)|套话|(?:你)?(?:能不能|可不可以|可以|能)?(?<!会)(?:说|讲)人话(?:吗|嘛|好吗|行吗|行不行|好不好)?|正确的废话|(?:都是|全是)(?:些)?(?:大道理|鸡汤|套话|废话)"
    r"|(?:说|讲)得(?:太|好|很|有点)?(?:空|泛|虚)(?:了|的)?(?=[，。！？?\s]|$)"
    r"|(?:跟|和)[^，。！？\s]{0,6}?(?:客服|机器人|说明书|课本|教科书|宣传册|心理老师|辅导员|班主任|居委会|咨询师)(?:似的|一样|一个样)"
    r"|(?:很|好|有点|特别)?像(?:是)?(?P<like>[^，。！？\s]{0,6}?(?:手册|说明书|课本|教科书|客服|机器人|宣传册|小册子|心理老师"
    r"|辅导员|班主任|居委会|咨询师|谘商|咨商|标准答案|模板))(?:在|里)?(?:说话|讲话|讲课|念经|写的|抄的|说的)?",
    # sorry for snapping: 不好意思冲你发火 / 刚才语气冲了 / 不是冲你
    "sorry": r"(?:不好意思|对不起|抱歉)[^，。！？]{0,6}(?:冲你|对你|跟你)(?:发火|发脾气|凶|吼|撒气|甩脸)|(?:刚才|刚刚)(?:我)?(?:的)?"
    r"(?:语气|态度|说话)(?:有点|太)?(?:冲|不好|重|凶)|不是冲你(?:的|来的|发火)?",
}
_EN = {
    "misheard": r"\b(?:that'?s|that is) not what i (?:meant|said|mean)\b|\byou(?:'re| are|r)? not (?:really |even )?"
    r"(?:listening|getting it|hearing me)\b|\byou (?:don'?t|didn'?t|do not) (?:get|understand) (?:it|me|what i)\b"
    r"|\byou misunderstood\b|\bi didn'?t (?:say|mean) that\b|\bthat'?s not (?:it|what i'?m saying|the point)\b"
    r"|\byou missed (?:the|my) point\b|\byou (?:didn'?t|did not|never) (?:even )?answer\b|\bthat wasn'?t (?:my|the) question\b"
    r"|\bi never said\b",
    "not_this": r"\b(?:please |pls )?(?:don'?t|do not) (?:tell|give) me (?:to |that |the )?['\"‘“](?P<q>[^'\"’”]{2,40})['\"’”]"
    r"|\bif (?:one more|another|anyone else|someone else) (?:person |people )?(?:tells?|says?) (?:me )?(?:to )?"
    r"(?P<w>[^.!?,]{2,30}?)(?= i'?m| im| i'?ll| ill| i swear| i will|,|\.|!|$)"
    r"|\byeah,? yeah,? (?P<v>[^.!?]{2,40}?),? i know\b|\bspare me (?:the )?(?P<x>[^.!?,]{2,30})"
    r"|\b(?:please |pls )?(?:don'?t|do not) (?:tell|give) me (?:to )?(?P<y>(?:breathe|meditate|do yoga|go for a walk"
    r"|get some sleep|drink water|be positive|look on the bright side|think positive|practi[cs]e self[- ]care"
    r"|take a bath|journal|see a therapist|relax|calm down|stay positive)[^.!?,]{0,15})",
    "plain": r"\b(?:in )?plain english\b|\bspeak plainly\b|\bsimpler words\b|\benglish please\b|\bwhat does that (?:even )?mean\b"
    r"|\bi don'?t (?:understand|get) what you(?:'re| are)? (?:saying|mean)\b|\btoo many (?:big )?words\b",
    "generic": r"\b(?:that'?s|thats|that is|that was|it'?s|its|this is|sounds?|bit|pretty|very|so|kinda|a bit|super)\b[^.!?]{0,20}"
    r"\b(?:generic|clich[eé]d?|canned)\b"
    r"|\b(?:generic|canned|textbook|scripted|robotic|corporate|stock|boilerplate|cookie[- ]cutter|standard) (?:answers?"
    r"|responses?|repl(?:y|ies)|lines?|phrases?|advice|stuff|things? to say)\b"
    r"|\b(?:sounds?|sounding|you sound|that sounded|it sounded) (?:just |exactly |a lot |a bit )?like (?P<like>(?:a|an|the|my"
    r"|some|one of those) (?:[\w'-]+ ){0,3}?(?:pamphlets?|leaflets?|brochures?|posters?|counsell?ors?|therapists?|hr"
    r"|self[- ]help books?|greeting cards?|hallmark cards?|fortune cookies?|textbooks?|manuals?|scripts?|robots?|bots?"
    r"|instagram posts?|wellness apps?))\b"
    r"|\bi(?:'ve| have) read the (?:leaflets?|pamphlets?|books?|articles?|brochures?)\b|\btell me something i don'?t know\b",
    "sorry": r"\bsorry,? (?:that'?s|thats|it'?s|its) not (?:on|at|about) you\b|\b(?:didn'?t|did not) mean to (?:snap|bite your"
    r" head off|be rude|be short|yell|go off)\b|\bsorry (?:for|about) (?:snapping|being (?:rude|snappy|short|grumpy|harsh"
    r"|a jerk)|ranting|the rant|yelling|going off)\b|\bnot (?:your|ur) fault\b(?=\W*(?:just|it'?s|rough|long|bad|$))",
}
_RULES = {
    lang: {kind: re.compile(pat, re.IGNORECASE) for kind, pat in pats.items()}
    for lang, pats in (("zh", _ZH), ("en", _EN))
}
#: what was corrected: "i'm not depressed… i'm just lonely" / "我不是难过，我是生气"
_NOT_BUT = {
    "en": (
        re.compile(r"\bi'?m not (?:really |actually )?(?P<not>[a-z]{3,15})\b", re.IGNORECASE),
        re.compile(r"\bi'?m (?:just|only|simply|actually) (?P<but>[a-z]{3,15})\b", re.IGNORECASE),
    ),
    "zh": (
        re.compile(r"我(?:又)?不是(?:在)?(?P<not>[\u4e00-\u9fff]{2,4}?)(?=[，,。\s]|$|我)"),
        re.compile(
            r"我(?:只是|就是)(?:有点|太|很)?(?P<but>[\u4e00-\u9fff]{2,3}?)(?:而已|了)?(?=[，,。！\s]|$)"
        ),
    ),
}
_STATE_WORDS = re.compile(
    r"lonely|depressed|sad|angry|mad|tired|bored|stressed|anxious|upset|fine|okay|ok|suicidal|crazy|broken|homesick"
    r"|exhausted|burnt|burned|overwhelmed|numb|scared|worried|hurt|jealous|annoyed|frustrated"
    r"|孤单|孤独|难过|伤心|抑郁|生气|难受|累|烦|焦虑|害怕|委屈|想家|寂寞|失望|不甘心|心累"
)


@dataclass(frozen=True)
class Pushback:
    """What a message says back about the last reply."""

    kind: str  # one of KINDS
    said: str = ""  # the line they are tired of, as written: "放平心态", "do yoga"
    like: str = ""  # what the reply sounded like: "the pamphlet", "my school counselor", "咨询手册"
    corrected: tuple[str, str] = ("", "")  # (what they are not, what they are): ("depressed", "lonely")
    rest: str = ""  # the message with the pushback cut out


#: someone else's answer judged, which reported speech does not cover: "my therapist's advice was so generic"
_THEIR_ANSWER = re.compile(
    r"\b(?:his|her|their|(?:my|the|your) [\w-]+'s)\s+(?:advice|answers?|repl(?:y|ies)|responses?|words|speech|lines?)\b"
)


def _of_others(folded: str, m: re.Match[str]) -> bool:
    """Whether the clause before ``m`` gives the words to someone else: "他说的那些道理我都懂" (reported speech, as
    the acts read it), "the doctor's advice was so generic"."""
    start = max(folded.rfind(c, 0, m.start()) for c in "。！？!?.，,\n") + 1
    return reported(folded, m, start) or _THEIR_ANSWER.search(folded, start, m.start()) is not None


def _language(text: str) -> str:
    return "zh" if re.search(r"[\u4e00-\u9fff]", text) else "en"


def _clean(words: str) -> str:
    words = words.strip(" \t'\"‘’“”「」『』,，.。")
    words = re.sub(r"^(?:什么|啥|那种|这种)", "", words)
    return words


def pushback(message: str) -> Pushback | None:
    """The pushback in ``message`` on the bot's last reply, or None."""
    lang = _language(message)
    folded = fold(message)
    found: dict[str, re.Match] = {}
    for kind in KINDS:
        m = next((m for m in _RULES[lang][kind].finditer(folded) if not _of_others(folded, m)), None)
        if m is not None:
            found[kind] = m
    if not found:
        return None
    kind = next(k for k in KINDS if k in found)
    said = like = ""
    if "not_this" in found:
        m = found["not_this"]
        groups = [
            (m, g) for m in _RULES[lang]["not_this"].finditer(folded) for g, v in m.groupdict().items() if v
        ]
        m, group = min(groups, key=lambda mg: "qwyzsxv".index(mg[1]), default=(m, None))
        if group:
            said = _clean(message[m.start(group) : m.end(group)])
            if (len(said) > 14 if lang == "zh" else len(said.split()) > 6) or not said:
                said = ""
    if "generic" in found and found["generic"].groupdict().get("like"):
        m = found["generic"]
        like = message[m.start("like") : m.end("like")].strip()
    corrected = ("", "")
    if kind == "misheard":
        no, but = (r.search(folded) for r in _NOT_BUT[lang])
        if no and but and _STATE_WORDS.search(no["not"]) and _STATE_WORDS.search(but["but"]):
            corrected = (message[no.start("not") : no.end("not")], message[but.start("but") : but.end("but")])
    rest = folded
    for kind in found:
        for m in _RULES[lang][kind].finditer(folded):
            rest = rest[: m.start()] + " " * (m.end() - m.start()) + rest[m.end() :]
    rest = re.sub(r"\s+", " ", rest).strip(" ，,。.…!！~")
    return Pushback(kind, said, like, corrected, rest)


def asks_in_rest(pb: Pushback) -> bool:
    """Whether the rest of the message asks something of its own ("你就直接告诉我这个能不能申诉")."""
    rest = pb.rest
    return bool(
        re.search(r"[?？]", rest)
        or re.search(r"吗|怎么|咋|能不能|可不可以|要不要|该不该|告诉我|你觉得|你说我", rest)
        or re.search(
            r"\b(?:should i|what do i|how do i|what should|can i|do i|tell me|what would you)\b", rest
        )
    )
