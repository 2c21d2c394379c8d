"""Someone else at risk: what a message says of the safety of a person the speaker is worried about (zh + en).

"my grandad said he's ready to go see my dad and nan", "我室友说她不想活了", "she's been giving her stuff away",
"他说他存了一瓶安眠药": the person at risk is not the one typing. The cue layer (``xinyu.safety.cues``) rightly
sets such words aside as ``third_person``: they are no risk to the speaker. They are still a crisis, of another
kind: the speaker is the one who can ask, stay close, put a gun's key in their pocket and ring a doctor tonight.

This module reads the same ladder for the other person (:data:`LADDER`):

==========  ==========================================================  ===============================
level       what is said of them                                        themes
==========  ==========================================================  ===============================
moderate    a wish to be dead ("ready to go see Michael and Joan",      ``wish``
            "活着没意思", "better off without him")
high        thoughts of killing themselves, a method or plan, goodbyes   ``active``, ``plan``, ``harm``
            and things given away, self-harm; or a wish next to a        (``wish`` + ``means``)
            means within their reach ("dad's old rifle is in the shed")
imminent    an attempt under way ("she took a whole bottle", "叫不醒"),   ``attempt``; (``means`` +
            or a means with a time; a goodbye or talk of killing         ``timing``) next to a wish;
            themselves, and no answer since ("she's not picking up")     ``unreachable`` next to
                                                                        ``plan`` or ``active``
==========  ==========================================================  ===============================

A means named while someone else's risk is on the table, by a speaker who has said no wish of their own, is that
person's means, not the speaker's (:class:`xinyu.safety.risk.ConversationRisk` keeps both). Nothing here lowers the
speaker's own level: "my friend wants to die and honestly so do I" is read for both.

>>> sorted(concern_themes("我室友说她不想活了，我该怎么办"))
['named', 'wish']
>>> sorted(concern_themes("my best friend told me last night she wants to kill herself"))
['active', 'named']
>>> concern_level({"wish", "means"}).name
'high'
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, fields, replace

from xinyu.levels import RiskLevel
from xinyu.safety.cues import CueMatch, fold
from xinyu.safety.helplines import helplines_for

# the crisis protocol's means, its rotation of wording variants and its reply digests, shared with it
from xinyu.safety.protocol import MEANS_RE, Moves, digest, emergency_words, place_of, templates

#: someone the speaker may be worried about: a pronoun, or kin, a friend, a partner, a colleague
WHO_ZH = (
    r"他|她|佢|(?:我|我的)?(?:朋友|好友|闺蜜|兄弟|室友|舍友|同学|同事|妈妈|妈|爸爸|爸|母亲|父亲|哥哥|哥|姐姐|姐|弟弟|弟|"
    r"妹妹|妹|儿子|女儿|老公|老婆|丈夫|妻子|男朋友|女朋友|对象|爷爷|奶奶|外公|外婆|姥姥|姥爷|老伴|表哥|表姐|表弟|表妹|"
    r"舅舅|姑姑|阿姨|叔叔|孩子)"
)
WHO_EN = (
    r"\b(?:she|he|they|her|him|them|my (?:best )?(?:friend|mate|bestie|sister|brother|mum|mom|mother|dad|father|son"
    r"|daughter|grandad|granddad|grandpa|grandfather|grandma|grandmother|nan|nana|husband|wife|partner|boyfriend"
    r"|girlfriend|flatmate|roommate|housemate|colleague|coworker|uncle|aunt|cousin|kid|child|teen))\b"
)

# what is said of them, per theme: ideation said in the third person, which the first-person cues do not read
_WISH_EN = (
    r"\b(?:she|he|they)(?:'s| is| was|'re| are| were)? ready to die\b"
    r"|\b(?:said|says|saying|told me|keeps? saying)\b[^.!?]{0,40}\b(?:she|he|they)(?:'s| is| was|'re| are| were)? ready"
    r" to go(?! (?:to|out|home|back|shopping|for|in|on|see (?:the|a|that|this|his|her|their|my))\b)"
    r"|\b(?:she|he|they) (?:doesn'?t|does not|didn'?t|did not|don'?t|do not) want to (?:live|be alive|wake up"
    r"|be here(?: anymore)?(?! (?:at|for|with|in|on|when|if|today|tonight|tomorrow)\b)"
    r"|go on(?= anymore| like this| living|[.,!?]|$))"
    r"|\b(?:she|he|they) (?:wants?|wanted|wishe?s?|wished) (?:to die|(?:she|he|they) (?:was|were) dead|to be dead"
    r"|to go to sleep and not wake up|(?:she|he|they) (?:wouldn'?t|didn'?t) wake up)\b"
    r"|\b(?:we(?:'d| would)|everyone(?:'d| would)|you(?:'d| would)|they(?:'d| would)) be better off without (?:him|her|them)\b"
    r"|\b(?:she|he|they) (?:keeps? )?(?:talk(?:s|ed|ing)?|talking) about (?:dying|death|not being here|being dead)\b"
    r"|\b(?:she|he|they)(?:'s| is| has been| was) (?:tired of living|done with (?:life|living))\b"
)
_WISH_ZH = (
    r"活着(?:也|都|真|还)?没(?:有)?(?:什么)?意思|活够了|不想活|想死(?![你我他她人])|活不下去|死了算了|不如死了|早(?:点|些)走(?:了)?算了"
    r"|想去(?:找|陪)(?:我|他|她)?(?:的)?(?:奶奶|爷爷|外婆|外公|老伴|爸|妈|儿子|女儿)|拖累(?:你们|大家|家里|我们)"
    r"|不想(?:再)?拖累"
)
_ACTIVE_EN = (
    r"(?<!slowly )\bkill(?:ing)? (?:him|her|them)sel(?:f|ves)\b(?! (?:with|at|over) (?:work|drink|booze|stress))|\bend(?:ing)? (?:his|her|their) (?:own )?life\b"
    r"|\btake (?:his|her|their) own life\b|\b(?:she|he|they)(?:'s| is| are|'re| was| were| seemed| seems)"
    r" (?:really |so |very )?suicidal\b|\bunalive (?:him|her|them)sel(?:f|ves)\b|\b(?:she|he|they) (?:attempted|tried)"
    r" (?:suicide|to kill)\b"
)
_ACTIVE_ZH = (
    r"想自杀|要自杀|去自杀|自杀(?:的)?念头|轻生|寻死|寻短见|想不开|结束(?:自己的)?生命|了结自己|想紫砂"
)
_PLAN_EN = (
    r"\b(?:giving|gave|given) away (?:his|her|their) (?:stuff|things|belongings|guitar|games|clothes|cat|dog|car"
    r"|bike|collection)\b|\b(?:giving|gave|given) (?:his|her|their) (?:stuff|things|belongings) away\b"
    r"|\bwon'?t be needing (?:it|them|this|that)\b|\b(?:she|he|they) (?:posted|texted|sent|wrote) (?:a |me a |us a )?goodbye"
    r" (?:post|message|text|note|letter)\b|\b(?:she|he|they) said goodbye to (?:everyone|everybody|us all)\b"
    r"|\b(?:wrote|left|found) (?:a|his|her|their) (?:suicide note|goodbye letter|goodbye note)\b"
    # pills kept back: "she has pills saved up", "he's been saving his sleeping pills"
    r"|\b(?:pills|tablets|meds|medication|sleeping pills)(?: \w+)? (?:saved|stashed|hidden|stockpiled|put by)\b"
    r"|\b(?:saving|saved|hoarding|stockpiling) (?:up )?(?:his|her|their) (?:\w+ )?(?:pills|tablets|meds|medication)\b"
)
_PLAN_ZH = (
    r"遗书|交代后事|安排后事|(?:把|将)[^。！？]{0,12}(?:都|全)?送(?:人|给了?(?:我|别人|同学))"
    r"|(?:说|发)了?(?:句)?(?:永别|告别的话)|发了?(?:告别|遗言)|存了?(?:一|好几|很多)?(?:瓶|盒|板)?安眠药|存了?(?:一|好几)(?:瓶|盒|板)药"
    r"|搜(?:了)?怎么死"
)
_HARM_EN = (
    r"\b(?:cut(?:s|ting)?|harm(?:s|ing)?|burn(?:s|ing)?) (?:him|her|them)sel(?:f|ves)\b(?! (?:shaving|cooking|by accident|out))"
    r"|\bhurt(?:s|ing)? (?:him|her|them)sel(?:f|ves) (?:on purpose|deliberately|again)\b"
    r"|\b(?:she|he|they|my \w+)(?:'s| is| has been|'s been| was| were| are|'re)? self[- ]?harm(?:s|ing)?\b"
    r"|\bcuts on (?:his|her|their) (?:arms?|wrists?|legs?|thighs?)\b"
)
_HARM_ZH = r"自残|自伤|割腕|割手|划(?:手|手腕|胳膊|大腿)|伤害自己|(?:手上|胳膊上|手腕上)(?:全是|都是|有)?(?:刀痕|划痕|割痕)|(?:手上|胳膊上)(?:全是|都是)伤"
_ATTEMPT_EN = (
    r"\b(?:she|he|they) (?:just |has |have |'s |'ve )?overdosed\b|\b(?:she|he|they) (?:just |has |have |'s |'ve )?"
    r"(?:took|taken|swallowed|downed) (?:all (?:of )?(?:his|her|their|the)|a whole|the whole|loads of|heaps of|too many"
    r"|a (?:bottle|packet|box) of|(?:his|her|their) whole)\b"
    r"|\b(?:can'?t|won'?t|couldn'?t) wake (?:him|her|them) up\b|\b(?:he|she|they)(?:'s| is| are|'re) not breathing\b"
    r"|\b(?:she|he|they)(?:'s| is| are|'re) (?:on|at|standing on) the (?:roof|ledge|bridge|edge|railing)\b"
)
_ATTEMPT_ZH = (
    r"(?:吞|吃|喝)了(?:一整|整|一大|大|好几|一)(?:瓶|盒|板|把)(?:的)?(?:安眠药|药)|(?:吞|吃|喝)了(?:很多|好多|一堆)(?:安眠药|药)"
    r"|喝了(?:农药|百草枯)|叫不醒|没(?:有)?(?:了)?呼吸|(?:站|坐)在(?:楼顶|天台|窗台|桥上|阳台外|栏杆外)|割腕了"
)

#: they cannot be reached since: 她不接电话 / she's not picking up / can't get hold of him
_UNREACHABLE_EN = (
    r"\b(?:she|he|they)(?:'s| is| are|'re)? not (?:picking up|answering|replying|responding|reading (?:my|the) "
    r"(?:messages|texts))\b|\b(?:she|he|they) (?:isn'?t|aren'?t|won'?t|hasn'?t|haven'?t) (?:picking up|answering|"
    r"replying|responding|picked up|answered|replied)\b|\b(?:can'?t|cannot|couldn'?t) (?:reach|get hold of|get through"
    r" to|get onto) (?:her|him|them)\b|\b(?:her|his|their) phone(?:'s| is)? (?:off|dead|going (?:straight )?to "
    r"voicemail)\b"
)
_UNREACHABLE_ZH = r"(?:她|他)(?:一直|也|都|还)?(?:不接(?:电话)?|不回(?:消息|微信|信息)?|没接|没回)|联系不上|打不通|(?:手机|电话)关机"

_THEMES = (
    ("attempt", _ATTEMPT_ZH, _ATTEMPT_EN),
    ("unreachable", _UNREACHABLE_ZH, _UNREACHABLE_EN),
    ("active", _ACTIVE_ZH, _ACTIVE_EN),
    ("harm", _HARM_ZH, _HARM_EN),
    ("plan", _PLAN_ZH, _PLAN_EN),
    ("wish", _WISH_ZH, _WISH_EN),
)
_COMPILED = tuple((theme, re.compile(zh), re.compile(en)) for theme, zh, en in _THEMES)
_WHO_ZH_RE = re.compile(WHO_ZH)
_WHO_EN_RE = re.compile(WHO_EN)
#: the speaker as the one it is said of: "我不想活了", "我想死" (a kin word after 我 is someone else: "我妈说")
_SELF_ZH = re.compile(
    r"我(?!的?(?:朋友|好友|闺蜜|兄弟|室友|舍友|同学|同事|妈|爸|母|父|哥|姐|弟|妹|儿|女|老|丈|妻|男|对象|爷|奶|外|姥|表|舅|姑|阿姨|叔|孩子))(?:也|真的|真|都|就|是|现在|有时候|有时)?$"
)
#: the cue kinds that say the same of someone else, by theme (the cue layer reads them and sets them aside)
_CUE_THEME = {
    "passive_ideation": "wish",
    "ideation": "wish",
    "active_ideation": "active",
    "method": "active",
    "method_intent": "active",
    "method_seeking": "plan",
    "preparation": "plan",
    "farewell": "plan",
    "pact": "plan",
    "self_harm": "harm",
    "attempt": "harm",
    "in_progress": "attempt",
    "means": "means",
}
#: the ladder, read off the themes seen for the other person (see the module's table)
LADDER = (
    (
        RiskLevel.IMMINENT,
        # a goodbye or a wish to kill themselves, and no answer since: "she's not picking up. I've rung four times"
        (
            {"attempt"},
            {"means", "timing", "wish"},
            {"means", "timing", "active"},
            {"plan", "unreachable"},
            {"active", "unreachable"},
        ),
    ),
    # a wish to die heard from them, and no answer since: "她说她不想活了 现在联系不上"
    (RiskLevel.HIGH, ({"active"}, {"plan"}, {"harm"}, {"wish", "means"}, {"wish", "unreachable"})),
    (RiskLevel.MODERATE, ({"wish"},)),
)
#: what a sentence ends on, for finding the subject before a phrase
_SENT = re.compile(r"[。！？!?\n]|\.(?:\s|$)")


def _sentence_before(folded: str, start: int) -> str:
    cut = 0
    for m in _SENT.finditer(folded, 0, start):
        cut = m.end()
    return folded[cut:start]


def _said_of_other(folded: str, start: int, zh: bool) -> bool:
    """The phrase at ``start`` is said of someone else: a person named before it in its sentence, and, in Chinese,
    not the speaker right before it ("我室友说她不想活了" yes; "我不想活了", "我妈说我想死" no)."""
    before = _sentence_before(folded, start)[-30:]
    if zh:
        if _SELF_ZH.search(before):
            return False
        return _WHO_ZH_RE.search(before) is not None
    return True  # the English patterns carry their subject or object ("she wants", "kill herself")


#: the speaker joins in what was said of the other: "honestly so do i", "me too", "我也是", "我也想"
_ME_TOO = re.compile(
    r"^(?:honestly |tbh |ngl |and |but )?(?:so do i|me too|same(?: here)?|i do too|i feel the same|i(?:'ve| have) "
    r"thought (?:about )?(?:it|that) too)\b|(?:^|[，。,\s])(?:其实|说实话|老实说)?我也(?:是|想|一样|有(?:过)?这(?:种|个)?(?:想法|念头))"
)
#: someone else is named in a message: a means in it may be theirs ("dad's old rifle"), not the speaker's
_NAMES_OTHER = re.compile(
    WHO_ZH + "|" + WHO_EN + r"|\b(?:dad|mum|mom|grandad|grandpa|nan|brother|sister)'s\b"
)


def concern_themes(text: str, cues: list[CueMatch] | None = None) -> set[str]:
    """The themes ``text`` says of someone else's safety (see the module's table), with ``means`` and ``timing``
    from the cues set aside as someone else's; ``me_too`` where the speaker says the same of themself ("so do i"),
    and ``named`` where someone besides the speaker is named at all (a means in the message may be theirs)."""
    folded = fold(text)
    found: set[str] = {"me_too"} if _ME_TOO.search(folded.strip()) else set()
    if _NAMES_OTHER.search(folded):
        found.add("named")
    for theme, zh, en in _COMPILED:
        for pattern, is_zh in ((zh, True), (en, False)):
            for m in pattern.finditer(folded):
                if _said_of_other(folded, m.start(), is_zh):
                    found.add(theme)
                    break
    for c in cues or ():
        theme = _CUE_THEME.get(c.kind)
        if theme is None or c.suppressed != "third_person":
            continue
        if c.language == "zh" and folded[c.end : c.end + 1] in ("你", "我", "他", "她", "人"):
            continue  # "她说她想死你了": missing someone, said the common way
        before = _sentence_before(folded, c.start)[-40:]
        who = _WHO_ZH_RE.search(before) if c.language == "zh" else _WHO_EN_RE.search(before)
        # a goodbye quoted from someone named further back: "Jess posted …, something like 'you won't have to worry
        # about me anymore'"
        if who is not None or (c.kind == "farewell" and "named" in found):
            found.add(theme)
    return found


def concern_level(themes: set[str] | frozenset[str]) -> RiskLevel:
    """The level the themes seen for someone else reach on :data:`LADDER`; a means alone is none."""
    for level, groups in LADDER:
        if any(group <= themes for group in groups):
            return level
    return RiskLevel.NONE


# ------------------------------------------------------------------------------------------------------------------
# the reply: what the person worried about someone else is told, turn after turn
#
# The steps follow public guidance for people worried about someone else's safety (the 988 Lifeline's and the
# Samaritans' "worried about someone" advice, and the Stanley-Brown safety plan's "making the environment safe"):
# take what was said seriously; ask the person directly whether they are thinking of ending their life (asking does
# not plant the idea); get the means they could use out of reach (a gun's key kept on you, the gun held elsewhere,
# pills held back); stay close; bring in their doctor and the people near them (no secret kept, for a young person
# an adult told); the emergency number if they may act now, and at once for an attempt under way; help lines that
# also take calls from those worried about someone; and a word for the one carrying it. The team is alerted at
# ``high`` as it would be for the speaker (:mod:`xinyu.safety.escalation`), and the reply says so once.


@dataclass
class ConcernTurn:
    """What the reply needs to know about one turn."""

    message: str
    level: RiskLevel  # the other person's risk after this turn (ConversationRisk.other)
    language: str  # "zh" or "en": the reply's language
    locale: str | None
    themes: frozenset[str]  # what this message said of the other person (RiskAssessment.others)
    alerted: bool  # a person on the team has been alerted about this conversation
    refuses_hotlines: bool = False
    #: which answer ``answer`` is (a request's name): a young speaker is never given an adult's duties
    answer_id: str | None = None
    #: the answer to what the person asked about the other one, where the conversation has one (the warning signs
    #: they saw, what to say, whether to call the family): it opens the reply, in place of the opening and of the
    #: steps it already covers (asking directly, telling people, the emergency number)
    answer: str | None = None


@dataclass
class _ConcernState:
    turn: int = 0
    level: int = 0
    pronoun: str = ""  # "he", "she" or "" (they)
    means: str | None = None  # the kind of means named (a key of the crisis protocol's _MEANS)
    word: str | None = None  # the person's word for it
    secured: bool = False  # the means were said to be out of reach
    done: dict = field(default_factory=dict)  # move -> the turn it was last used on
    used: dict = field(default_factory=dict)  # variant rotation, as the crisis protocol keeps it
    sent: list = field(default_factory=list)
    lines_turn: int = 0
    answered: list = field(default_factory=list)  # digests of the answers given (never given twice)

    @classmethod
    def load(cls, data: dict | None) -> _ConcernState:
        state = cls()
        for f in fields(cls):
            value = (data or {}).get(f.name)
            if isinstance(value, str if getattr(state, f.name) is None else type(getattr(state, f.name))):
                setattr(state, f.name, value)
        return state


_ASKS_DOCTOR = re.compile(
    r"\b(?:ring|call|phone|contact|tell|see|take (?:him|her|them) to)\b[^.?!]{0,30}\b(?:gp|doctor|clinic|psychiatrist"
    r"|therapist|nurse)\b|\boverreact\w*|(?:要不要|该不该|需不需要|可不可以|能不能)(?:带[他她]|给[他她]的?|陪[他她])?(?:去)?"
    r"(?:看|找|打给|联系)?(?:医生|医院|精神科|心理医生|诊所)|小题大做|反应过度|想太多"
)
_ASKS_TELL = re.compile(
    r"\b(?:should|do|can|could|would) i (?:tell|talk to|call|text|ring|go to)\b[^.?!]{0,40}\b(?:mum|mom|dad|parents"
    r"|teacher|counsel+or|school|family|adult|anyone|someone|sister|brother|wife|husband)\b|\bwho (?:do|should|can) i"
    r" (?:even )?tell\b|\b(?:made me (?:pinky )?(?:promise|swear)|asked me not to tell|told me not to tell|keep it (?:a )?secret)\b"
    r"|\bdo i tell (?:someone|anyone|an adult)\b"
    r"|(?:要不要|该不该|能不能|可不可以|应不应该)(?:告诉|跟|和)[^。？?]{0,10}(?:爸|妈|家长|老师|辅导员|班主任|家里|大人|家人)"
    r"|(?:不让我|别)(?:告诉|说出去)|让我保密|告诉谁|跟谁说"
)
_ASKS_WHAT = re.compile(
    r"\bwhat (?:should|do|can|could) i (?:actually |even |really )?(?:do|say)\b|\bwhat now\b|\bhow (?:do|can) i help\b|怎么办|该怎么做|我能做什么|怎么帮"
)
_YOUNG = re.compile(
    r"\b(?:school|teacher|class|counsel+or|my (?:mom|mum|parents) would|grade|year \d+|\d\d? ?(?:yo|years? old))\b"
    r"|\b(?:i'?m|we'?re|both|aged?) 1[0-7]\b|学校|老师|班主任|同学|初中|高中|初[一二三]|高[一二三]"
)
#: the reply was not what they wanted: "that sounds like what the health teacher would say", "you don't know maya"
_PUSHBACK = re.compile(
    r"\byou don'?t (?:know|get) (?:her|him|them|[a-z]+)\b|\bsounds? like (?:what )?(?:a |the |my )?(?:\w+ )?(?:teacher"
    r"|leaflet|pamphlet|poster|counsel+or|textbook)\b|\b(?:so|very|really) generic\b|\byou don'?t get it\b"
    r"|说了等于没说|你又不认识|你不懂|你根本不了解|像(?:在)?念稿|百度百科|官方回答"
)
#: not sure whether to believe them: "she said 'sorry was asleep'. idk if i believe her"
_DOUBT = re.compile(
    r"\b(?:idk|i don'?t know|not sure) (?:if|whether) (?:i )?(?:believe|trust) (?:her|him|them)\b"
    r"|\bdon'?t (?:believe|buy) (?:her|him|them|it)\b|不知道(?:该不该|能不能)?(?:信|相信)(?:她|他)|不太信"
)
#: whether the police would go and check: would the police actually go round? / 警察会上门吗
_ASKS_POLICE = re.compile(
    r"\b(?:would|will|do|does|can|could) (?:the )?(?:police|cops)\b|\bwelfare check\b"
    r"|警察(?:真的)?(?:会|能|肯)(?:去|上门|管)|报警(?:会|有用|管用)"
)
_ASKS_EMERGENCY = re.compile(
    r"\b(?:call|ring|phone) (?:the )?(?:police|cops|911|999|000|112|an ambulance|emergency)\b|报警|110|120|999|叫救护车|打急救"
)
#: safety steps taken for the other person
_STEP_RES = (
    (
        "key",
        r"\bkey(?:'s| is)? (?:in|on|with) (?:my|me)\b|\b(?:took|have|got|hid|kept|taken) the key\b|钥匙(?:在我|我(?:拿|收|藏|带))",
    ),
    (
        "means",
        r"\b(?:took|hid|locked (?:up|away)?|moved|removed|got rid of|have|taken|put away) (?:the|his|her|their) (?:gun|rifle"
        r"|pills|meds|tablets|knife|knives|rope|blades?)\b|\b(?:gun|rifle|pills|meds|tablets)(?:'s| is| are) (?:locked|hidden"
        r"|with me|at my|gone|out of the house)\b|(?:药|枪|刀|绳子)(?:我)?(?:也|都)?(?:已经)?(?:拿走|收起来|藏起来|锁起来|收走)了"
        r"|把(?:药|枪|刀|钥匙|绳子)(?:都)?(?:拿走|收起来|藏起来|锁起来|收走)",
    ),
    (
        "professional",
        r"\b(?:ring|call|phon|see|book|made)(?:ing|ed|e)? (?:an appointment with )?(?:the |his |her |their )?(?:clinic|gp"
        r"|doctor|psychiatrist|therapist|counsel+or|988|lifeline|helpline|hotline)\b|(?:给|打给|联系|约)了?(?:他|她)?的?(?:医生|诊所"
        r"|心理医生|热线)|带(?:他|她)去(?:看)?(?:医生|医院)",
    ),
    (
        "told",
        r"\b(?:told|telling|(?:i'?ll|going to|gonna) tell|called|rang|texted) (?P<whom>(?:his|her|their|my) (?:mum|mom|dad"
        r"|parents|teacher|counsel+or|sister|brother|family))\b|告诉了?(?P<whom_zh>(?:她|他)?的?(?:爸妈|爸爸|妈妈|爸|妈|家长|老师|辅导员|家里))",
    ),
    (
        "with",
        r"\b(?:i'?m|i am|i'?ll|i will) (?:stay(?:ing)?|sit(?:ting)?) with (?:him|her|them)\b|(?:今晚|我)陪着?(?:他|她)",
    ),
    (
        "called",
        r"\b(?:i |i'?ve |i have |we |just )?(?:rang|called|phoned|rung|dialled|dialed) (?:000|911|999|112|111|the police|the cops"
        r"|an ambulance|emergency services|triple zero)\b|\b(?:they'?re|police are|cops are|they are) (?:sending|on (?:their|the) way"
        r"|going round|going over)\b|报(?:了)?警了?|(?:打|拨)了(?:110|120|999|119)|警察(?:已经)?(?:去了|过去了|在路上|上门了)",
    ),
)
#: the person is shaken by it: I'm shaking / 我手一直在抖
_SHAKEN = re.compile(
    r"\b(?:i'?m|i am|i can'?t stop) (?:still )?(?:shaking|trembling|freaking out|panicking|so scared|terrified|a wreck)\b"
    r"|\bmy hands are (?:shaking|trembling)\b|我(?:的)?(?:手)?(?:一直|还)?在?(?:发抖|抖)|腿软|吓坏了|慌得不行|心跳得厉害"
)
#: the one they feared for is found safe: she's ok / police got there and she opened the door / 她没事了
_FOUND_SAFE = re.compile(
    r"\b(?:she|he|they)(?:'s| is|'re| are) (?:ok|okay|safe|alright|all right)\b(?! with)|\b(?:she|he|they) opened the door\b"
    r"|\b(?:found|reached|got hold of) (?:her|him|them)\b[^.?!]{0,30}\b(?:ok|okay|safe|alive)\b"
    r"|(?<!不知道)(?:她|他)(?:人)?(?:没事|安全|平安)了?(?!吗|吧|没)|找到(?:她|他)了|联系上(?:她|他)了"
)
_NOT_SAFE = re.compile(
    r"\b(?:not|isn'?t|aren'?t|if|whether|hope|hopefully)\b[^.?!]{0,12}$|(?:不知道|希望|但愿|是不是)[^。？?]{0,6}$"
)
_STEPS = tuple((kind, re.compile(p)) for kind, p in _STEP_RES)
_HE_EN = re.compile(
    r"\b(?:he|him|his|grandad|granddad|grandpa|dad|father|brother|son|husband|boyfriend|uncle)\b"
)
_SHE_EN = re.compile(
    r"\b(?:she|her|hers|grandma|nan|nana|mum|mom|mother|sister|daughter|wife|girlfriend|aunt)\b"
)
_HE_ZH = re.compile(r"他(?!们)|爸|爷爷|外公|姥爷|哥|弟|儿子|老公|丈夫|男朋友|舅舅|叔叔")
_SHE_ZH = re.compile(r"她(?!们)|妈|奶奶|外婆|姥姥|姐|妹|女儿|老婆|妻子|女朋友|姑姑|阿姨|闺蜜")
_EN_PRONOUNS = {
    "he": {"he": "he", "He": "He", "him": "him", "his": "his", "His": "His"},
    "she": {"he": "she", "He": "She", "him": "her", "his": "her", "His": "Her"},
    "": {"he": "they", "He": "They", "him": "them", "his": "their", "His": "Their"},
}


def _pronoun(folded: str, language: str, known: str) -> str:
    he, she = (_HE_ZH, _SHE_ZH) if language == "zh" else (_HE_EN, _SHE_EN)
    h, s = he.search(folded), she.search(folded)
    if h and s:
        return known or ("he" if h.start() < s.start() else "she")
    return "he" if h else "she" if s else known


def concern_reply(
    turn: ConcernTurn, state: dict | None, table: dict[str, list[str]] | None = None
) -> tuple[str, dict]:
    """The reply to someone worried about another person's safety, and the new state (small, JSON-able; the chat
    path keeps it under "concern"). ``table`` overrides help lines like helplines_for()."""
    st = _ConcernState.load(state)
    language = "zh" if turn.language == "zh" else "en"
    t = templates()[language]["concern"]
    folded = fold(turn.message)
    first = st.turn == 0
    st.turn += 1
    st.pronoun = _pronoun(folded, language, st.pronoun)
    level = RiskLevel.parse(turn.level)
    rising = level > st.level
    values = (
        dict(_EN_PRONOUNS[st.pronoun])
        if language == "en"
        else {"ta": {"he": "他", "she": "她"}.get(st.pronoun, "对方")}
    )
    new_means = False
    if "means" in turn.themes or (not st.means and turn.themes):
        for kind, words, _acts in MEANS_RE:
            if m := words.search(folded):
                word = turn.message[m.start() : m.end()]
                new_means = kind != st.means
                st.means, st.word = kind, word.lower() if word.isascii() else word
                break
    steps, whom = [], ""
    for kind, pattern in _STEPS:
        for m in pattern.finditer(folded):
            if not _asking(folded, m.start()):
                steps.append(kind)
                whom = whom or (m.groupdict().get("whom") or m.groupdict().get("whom_zh") or "")
                break
    whom = re.sub(r"\bmy\b", "your", whom) if language == "en" else whom.replace("我", "你")
    values_whom = whom or ("someone" if language == "en" else "别人")
    if {"key", "means"} & set(steps):
        st.secured = True
    elif new_means:
        st.secured = False
    word = st.word or ("the means" if language == "en" else "那些东西")
    values["word"] = word
    values["emergency"] = emergency_words(place_of(turn.locale, turn.language), language)
    values["whom"] = values_whom

    reply = Moves(t, st, language)  # the crisis protocol's rotation of variants, never a reply sent before
    once = st.done

    def add(move: str, **extra: str) -> None:
        reply.add(move, t[move], **{**values, **extra})
        once[move] = st.turn

    attempt = level >= RiskLevel.IMMINENT and "attempt" in turn.themes
    if _YOUNG.search(folded):
        once["young"] = st.turn
    young = "young" in once
    if young and turn.answer_id and turn.answer_id.endswith(("_now", "_far")):
        # "stay with them tonight, hold the pills": an adult's duties, not a 15-year-old's; telling an adult is
        turn = replace(turn, answer=None)
    answered = turn.answer is not None and digest(turn.answer) in st.answered
    # found safe ("police got there and she opened the door. she's ok"): relief and what comes next, no more alarm
    safe_now = not attempt and _found_safe(folded)
    if safe_now:
        once["safe"] = st.turn
        turn = replace(turn, answer=None)
    if turn.answer and not attempt and not answered:
        st.answered = [*st.answered, digest(turn.answer)]
        reply.add("answer", [turn.answer])
        for move in ("ask_direct", "emergency", "tell"):
            once[move] = st.turn
    if safe_now:
        add("found_safe")
    elif attempt:
        add("attempt")
    elif answered or (turn.answer and level >= RiskLevel.HIGH and rising and not first):
        add("more")  # a new sign told after the answer: it is not given again
    elif turn.answer:
        pass
    elif level >= RiskLevel.HIGH and (first or rising or new_means):
        add("open_means" if new_means and not first else "open_high")
    elif first and level >= RiskLevel.MODERATE:
        add("open_wish")
    if _PUSHBACK.search(folded) and not attempt:
        add("pushback")
    if steps and not attempt:
        said = [_step_words(t, kind, values) for kind in steps if kind != "key" or "means" not in steps]
        text = t["and"].join(dict.fromkeys(said))
        add("steps", steps=text[:1].upper() + text[1:] if language == "en" else text)
    shaken = not attempt and _SHAKEN.search(folded) is not None
    if shaken and not safe_now:
        add("shaken")  # "ok I rang 000 … I'm shaking": steadied, not signed off
    if not attempt and level < RiskLevel.HIGH and _ASKS_WHAT.search(folded) and "ask_direct" not in once:
        add("ask_direct")  # asked what to do about a wish to die heard: ask them, plainly
    if not attempt and _ASKS_DOCTOR.search(folded):
        add("gp", about=t["about"].format(**values) if st.means else "")
    asks_tell = not attempt and not turn.answer and _ASKS_TELL.search(folded) is not None
    if asks_tell:
        add("tell_young" if young else "tell")
    if not attempt and _DOUBT.search(folded):
        add("doubt_young" if young else "doubt")
    # a goodbye and no answer since: an emergency now, with the welfare check asked for (again when asked what to do)
    if "unreachable" in turn.themes:
        once["unreachable_seen"] = st.turn
    cut_off = level >= RiskLevel.HIGH and not attempt and not safe_now and "unreachable_seen" in once
    if cut_off and ("unreachable" not in once or _ASKS_WHAT.search(folded)):
        add("unreachable")
        for move in ("ask_direct", "not_alone", "emergency"):
            once.setdefault(move, st.turn)  # they cannot be asked or stayed with: the call is the step
    if level >= RiskLevel.HIGH and not attempt and _ASKS_POLICE.search(folded):
        add("police")  # "would the police actually go round? I don't want to get her in trouble"
    if level >= RiskLevel.HIGH and not attempt and not safe_now:
        if st.means and not st.secured and st.turn - once.get("means", -9) >= 2:
            add("means_gun" if st.means == "gun" else "means_pills" if st.means == "pills" else "means_other")
            once["means"] = st.turn
        if "harm" in turn.themes and "harm_seen" not in once:
            add("harm_seen")  # self-harm seen: serious, and not always a wish to die
        elif "ask_direct" not in once:
            add("ask_direct")
        if "not_alone" not in once and (st.means or "active" in turn.themes or "plan" in turn.themes):
            add("not_alone")
        called = "called" in steps  # "我报警了": done, not asked about
        if "emergency" not in once or (_ASKS_EMERGENCY.search(folded) and not turn.answer and not called):
            add("emergency")
    if young and not attempt and not turn.answer and "tell_young" not in once:
        add("tell_young")  # a young person is told to bring in an adult, asked or not
    if turn.alerted and "alert" not in once and level >= RiskLevel.HIGH:
        add("alert")
    if level == RiskLevel.MODERATE and first:
        add("wish_q")
    elif "called" in steps and not safe_now:
        add("waiting")  # help is on its way: the phone kept free, and the bot here while they wait
    elif (
        not safe_now
        and not attempt
        and "self" not in once
        and once.get("unreachable") != st.turn  # not while they are being asked to call for help now
        and len(reply.slots) < (3 if turn.answer else 4)
        and (steps or level >= RiskLevel.HIGH)
    ):
        add("self")  # one question at most, and none at the end of a long reply
    elif (steps or not reply.slots) and not safe_now:
        add("after")
    # the lines once, when someone else's risk first reaches high (at an attempt the emergency number is the step)
    show = not turn.refuses_hotlines and not attempt and level >= RiskLevel.HIGH and not st.lines_turn
    if show:
        key = place_of(turn.locale, turn.language)
        reply.add("lines_where" if key == "en" else "lines", t["lines_where" if key == "en" else "lines"])
        reply.lines = helplines_for(key, language, table)
        st.lines_turn = st.turn
    st.level = int(level)
    text = reply.text()
    return text, asdict(st)


_QUESTION_START = re.compile(
    r"\b(?:should|shall|can|could|do|would) i\b|\bis (?:it|that)\b|要不要|该不该|能不能|可不可以|需不需要|应不应该"
)


def _asking(folded: str, at: int) -> bool:
    """The words at ``at`` are asked about, not done: their sentence is a question ("should I ring his GP?")."""
    start = _sentence_before(folded, at)
    end = _SENT.search(folded, at)
    sentence = start + folded[at : end.end() if end else len(folded)]
    return "?" in sentence or _QUESTION_START.search(sentence) is not None


def _found_safe(folded: str) -> bool:
    """The one feared for is found safe, said as news, not hoped or asked ("I hope she's ok", "她没事吧")."""
    for m in _FOUND_SAFE.finditer(folded):
        if not _NOT_SAFE.search(_sentence_before(folded, m.start())) and not _asking(folded, m.start()):
            return True
    return False


def concern_due(level: RiskLevel, themes: frozenset[str] | set[str], message: str) -> bool:
    """Whether this turn is the concern reply's: someone else's risk is ``high`` or above, or a wish to die heard
    of them is told or asked about on this turn (a later turn of the story goes to the conversation)."""
    if level >= RiskLevel.HIGH:
        return True
    if level < RiskLevel.MODERATE:
        return False
    folded = fold(message)
    asks = (_ASKS_WHAT, _ASKS_DOCTOR, _ASKS_TELL, _ASKS_EMERGENCY)
    return bool(set(themes) - {"named", "me_too"}) or any(p.search(folded) for p in asks)


def _step_words(t: dict, kind: str, values: dict) -> str:
    return t[f"step_{kind}"].format(**values)
