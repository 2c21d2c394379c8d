"""Facts worth remembering from one turn: the person's name, a pet and its name, the people involved by role, and
when things happen (下周三, 明天下午, on Friday, May 3rd).

Rules over the folded text (:mod:`xinyu.understand.fold`), Chinese and English patterns both run on every turn, so
a mixed message ("今天meeting又被boss骂了") is read as one. Names are quoted as written; people and pets get a
canonical English role (``mother``, ``boss``, ``cat``) whatever the language.

>>> [(f.kind, f.value) for f in extract_facts("我叫小林，下周三要考雅思，我妈比我还紧张")]
[('name', '小林'), ('person', 'mother'), ('time', '下周三')]
>>> [(f.kind, f.value) for f in extract_facts("our cat Luna has a vet visit on Friday at 10am")]
[('pet', 'cat'), ('pet_name', 'Luna'), ('time', 'Friday at 10am')]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple

from xinyu.understand.fold import fold
from xinyu.understand.records import FACT_KINDS, Fact

_HAN = r"\u4e00-\u9fff"
# a name ends at a pause, the end, or a word that usually follows one (我叫小林今年大三 / 叫我阿杰就行)
_NAME_END = r"(?=$|[\s\W_]|就|吧|呀|啊|哦|哈|呢|今年|来自|在|是|，)"
# a Chinese name: one to four Han characters, as few as reach a name end
_ZH_NAME = rf"[{_HAN}]{{1,4}}?{_NAME_END}"
# a Latin name after 我叫 / 叫我 (Leo, May, 阿May)
_LATIN_NAME = r"(?:[阿小老])?[A-Za-z][A-Za-z'-]{0,19}(?![A-Za-z'-])"
# what follows 我叫 when it is a verb, not a name: 我叫了外卖, 我叫醒他, 我叫救护车, 我叫什么
_NOT_A_NAME = (
    r"(?!了|过|着|醒|起|来|去|到|上|住|车|外卖|快递|滴滴|救护车|警察|保安|他|她|它|你|人|别人|什么|啥|妈|爸"
    r"|老公|老婆|朋友|医生|出来|不|一声|声|得|个|自己|嗓子)"
)
# words that are not names after "I'm" / "call me" / "my name is"
_EN_STOP = frozenset(
    {
        # who one is, not what one is called: I'm Canadian btw, I'm Catholic
        *[
            "canadian",
            "american",
            "chinese",
            "british",
            "australian",
            "english",
            "irish",
            "indian",
            "japanese",
            "korean",
            "german",
            "french",
            "mexican",
            "asian",
            "european",
            "african",
            "scottish",
            "welsh",
            "italian",
            "spanish",
            "russian",
            "taiwanese",
            "vietnamese",
            "filipino",
            "muslim",
            "christian",
            "catholic",
            "jewish",
            "buddhist",
            "hindu",
            "gay",
            "lesbian",
            "trans",
            "bi",
            "queer",
            "straight",
            "single",
            "married",
            "divorced",
            "autistic",
            "bipolar",
            "new",
        ],
        "i",
        "me",
        "my",
        "a",
        "an",
        "the",
        "not",
        "so",
        "just",
        "really",
        "still",
        "also",
        "fine",
        "ok",
        "okay",
        "good",
        "sorry",
        "tired",
        "done",
        "back",
        "here",
        "alone",
        "lost",
        "sad",
        "sure",
        "glad",
        "happy",
        "home",
        "when",
        "if",
        "later",
        "tomorrow",
        "tonight",
        "now",
        "crazy",
        "names",
        "whatever",
        "out",
        "up",
        "old",
        "weird",
        "stupid",
        "dramatic",
        "anytime",
        "maybe",
        "please",
        "again",
        "by",
        "on",
        "at",
        "in",
        "soon",
        "asap",
        "what",
        "that",
        "this",
        "lol",
        "haha",
        # someone else's word for the speaker, not a name: "who used to call me her 'soul sister'"
        "her",
        "his",
        "their",
        "our",
        "your",
        "him",
        "them",
        "us",
        "you",
        "it",
        "every",
        "all",
        "some",
        "one",
    }
)


class _Name(NamedTuple):
    name: str
    start: int
    end: int
    cue_start: int
    cue_end: int


# each pattern's group 1 is the name; ``cased`` patterns run on the text with its case kept
_NAME_PATTERNS: list[tuple[re.Pattern[str], bool]] = [
    # 我的名字是陈思 / 我名字叫小雨 / my name is Priya / my name's Daniel / name's Sam
    (re.compile(rf"我的?名字(?:是|叫)\s*({_LATIN_NAME}|{_ZH_NAME})"), False),
    (re.compile(rf"(?:\bmy name(?:'s| is)|(?:^|[,.!]\s*)name'?s)\s+({_LATIN_NAME})", re.I | re.ASCII), True),
    # 我叫小林 / 我叫May (not 我叫了外卖, 我叫醒他, 他们叫我)
    # (nor 老师把我叫到一边: called over)
    (re.compile(rf"(?<![他她们把])我叫\s*{_NOT_A_NAME}({_LATIN_NAME}|{_ZH_NAME})"), False),
    # 你可以叫我阿杰 / 大家都叫我思思 / 叫我Leo就行
    (
        re.compile(
            # (not someone telling me to do something: HR就叫我执嘢走, 老板叫我回家)
            rf"(?:你可以|可以|你就|(?:^|(?<=[\s\W_]))就|大家都|朋友们?都|别人都|他们都)叫我\s*"
            rf"(?!执|收拾|走|滚|回|去|来|做|别|不|帮|给|先|再|马上|赶紧|自己|离开|辞职)({_LATIN_NAME}|{_ZH_NAME})"
        ),
        False,
    ),
    (re.compile(rf"叫我\s*({_LATIN_NAME}|[{_HAN}]{{1,4}}?)(?:就行|就好|就可以|就成|好了)"), False),
    # 我是小美 / 我是阿明 at the opening of a clause (not 我是小学生, 我是老师)
    (
        re.compile(
            rf"(?:^|[\s\W_])我是\s*(?!小学|小孩|小白|老师|老板|老人|老大|老公|老婆|阿姨|小三|小透明|小丑|老实)"
            rf"((?:小|阿|老)[{_HAN}]{{1,2}}?{_NAME_END})"
        ),
        False,
    ),
    (re.compile(rf"(?:^|[\s\W_])我是\s*([A-Z][a-z]+){_NAME_END}"), True),
    # call me Sam / you can call me J / everyone calls me Danny (not "call me when", "call me a loser")
    (
        re.compile(r"\b(?:call me|calls me)\s+([A-Za-z][A-Za-z'-]{0,19})(?=$|[\s,.!?)~])", re.I | re.ASCII),
        True,
    ),
    # hi, I'm Sam / I'm Alex, 23 / this is Tom. at the opening of the turn, a capitalised word then a pause
    (
        re.compile(
            r"^[\W_]*(?i:(?:hi|hello|hey|hiya|yo)(?: there)?\b[\W_]*)?(?i:i'?m|i am|this is|it'?s)\s+([A-Z][a-z'-]+)"
            r"(?=\s*(?:$|[,.!;~])|\s+(?:here|and|from|btw|by the way|lol)\b)"
        ),
        True,
    ),
    # hi! Mei here
    (re.compile(r"^[\W_]*(?i:(?:hi|hello|hey|hiya|yo)\b[\W_]*)?([A-Z][a-z'-]+) here\b"), True),
]
# a name the speaker is mocked with is not an introduction (大家都叫我胖子，我很讨厌这个外号)
_MOCKED = re.compile(r"外号|绰号|讨厌|嘲笑|笑话我|骂我|nickname|make fun|mock|hate")
_CALLED_BY_OTHERS = re.compile(r"(?:大家都|朋友们?都|别人都|他们都)叫我|calls me")


#: a month or a day of the week, and the "it's" that may give one as a date
_DATES = frozenset(
    {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
     "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
)  # fmt: skip
_ITS = re.compile(r"\bit(?:'s| is)\b", re.IGNORECASE)


def names(text: str) -> Iterator[_Name]:
    """The speaker's own names in ``text``, with where the introduction that gave each one is."""
    plain, folded = fold(text, lower=False), fold(text)
    seen: set[int] = set()
    for pattern, cased in _NAME_PATTERNS:
        for m in pattern.finditer(plain if cased else folded):
            name = text[m.start(1) : m.end(1)]
            if m.start(1) in seen or name.lower() in _EN_STOP:
                continue
            if name.lower() in _DATES and _ITS.search(folded[m.start() : m.start(1)]):
                continue  # "It's August. He sleeps till noon": a date (not "My name is April")
            if _CALLED_BY_OTHERS.search(folded[m.start() : m.end()]) and _MOCKED.search(folded):
                continue
            seen.add(m.start(1))
            yield _Name(name, m.start(1), m.end(1), m.start(), m.end())


# -- people by role ---------------------------------------------------------------------------------------------
# longer words first, so 男朋友 is a boyfriend and not a friend; 妈/爸 alone only as someone's (我妈, 我爸), never
# in an oath (他妈的, 妈的)
_ROLES_ZH: list[tuple[str, str]] = [
    ("前男友|前女友|前任|前夫|前妻", "ex"),
    ("男朋友|男友|男票", "boyfriend"),
    ("女朋友|女友|女票", "girlfriend"),
    ("小朋友", "child"),
    ("老公|丈夫|先生(?=出轨|不)", "husband"),
    ("老婆|妻子|媳妇", "wife"),
    ("(?:我|我的|我家)?(?:爸妈|爸爸妈妈)|父母", "parents"),
    ("爸爸(?!妈妈)|老爸|父亲|(?:我|我的|我家)爸(?!妈|爸妈)|爹", "father"),
    (
        "妈妈|老妈|母亲|(?:我|我家)妈(?![呀啊])|我的妈(?![呀啊耶])|(?<![他你她])妈(?=[让说叫逼总又一都也]|$)",
        "mother",
    ),
    ("爷爷|外公|姥爷|阿爷|阿公", "grandfather"),
    ("奶奶|外婆|姥姥|嫲嫲|阿嫲|阿婆", "grandmother"),
    ("哥哥|我哥|弟弟|我弟", "brother"),
    ("姐姐|我姐|妹妹|我妹", "sister"),
    ("儿子", "son"),
    ("女儿", "daughter"),
    ("孩子|小孩|娃", "child"),
    ("老板|领导|上司|主管|经理|boss|manager", "boss"),
    ("同事", "colleague"),
    ("室友|舍友", "roommate"),
    ("同学", "classmate"),
    ("导师|老师|班主任|教授", "teacher"),
    ("心理医生|心理咨询师|咨询师|治疗师", "therapist"),
    ("医生|大夫", "doctor"),
    ("闺蜜|朋友(?!圈)|好友|死党", "friend"),  # 朋友圈: WeChat Moments, no one
    ("对象|伴侣", "partner"),
    ("亲戚", "relative"),
    ("邻居", "neighbour"),
]
_ROLES_EN: list[tuple[str, str]] = [
    ("ex-boyfriend|ex-girlfriend|ex-husband|ex-wife|(?<=my )ex|(?<=the )ex|(?<=our )ex", "ex"),
    ("boyfriend|bf", "boyfriend"),
    ("girlfriend|gf", "girlfriend"),
    ("husband|hubby", "husband"),
    ("wife", "wife"),
    ("parents|folks", "parents"),
    ("mom|mum|mother|mommy|mama|ma(?=')", "mother"),
    ("dad|father|daddy|papa", "father"),
    ("grandma|grandmother|granny|nana|(?<=my )(?:gran|nan)", "grandmother"),
    ("grandpa|grandfather|grandad|granddad|grandpop", "grandfather"),
    ("brother|bro(?=\\b(?: is| was| got| keeps))", "brother"),
    ("sister|sis(?=\\b(?: is| was| got| keeps))", "sister"),
    ("son", "son"),
    ("daughter", "daughter"),
    ("kids?|children|child", "child"),
    ("boss|manager|supervisor", "boss"),
    ("coworkers?|co-workers?|colleagues?", "colleague"),
    ("roommates?|flatmates?|housemates?", "roommate"),
    ("classmates?", "classmate"),
    ("teachers?|professor|prof|advisor|tutor", "teacher"),
    ("therapist|counsel+or|psychiatrist|psychologist|shrink", "therapist"),
    ("doctor|gp|(?<=my )doc", "doctor"),
    ("best friend|bestie|bff|friends?", "friend"),
    ("business partner|partner", "partner"),
    (
        "great[- ]?(?:aunt|uncle|grandma|grandmother|grandpa|grandfather)|aunt|uncle|cousin|relatives?",
        "relative",
    ),
    ("neighbou?rs?", "neighbour"),
]
# one scan for every role: group k is role k, tried in order, so a longer word wins where two start together
_PERSON_ROLES = [role for _, role in (*_ROLES_ZH, *_ROLES_EN)]
_PERSON = re.compile(
    "|".join(
        [f"(?P<r{k}>{words})" for k, (words, _) in enumerate(_ROLES_ZH)]
        + [f"(?a:\\b(?P<r{k + len(_ROLES_ZH)}>{words})\\b)" for k, (words, _) in enumerate(_ROLES_EN)]
    )
)

# -- pets ---------------------------------------------------------------------------------------------------------
_PETS_ZH: list[tuple[str, str]] = [
    ("猫咪|猫猫|小猫|橘猫|猫", "cat"),
    ("狗狗|狗子|小狗|狗", "dog"),
    ("兔子|兔兔", "rabbit"),
    ("仓鼠", "hamster"),
    ("鹦鹉|小鸟", "bird"),
    ("金鱼", "fish"),
    ("乌龟", "turtle"),
]
_PETS_EN: list[tuple[str, str]] = [
    ("cat|kitty|kitten", "cat"),
    ("dog|puppy|pup|doggo", "dog"),
    ("rabbit|bunny", "rabbit"),
    ("hamster", "hamster"),
    ("guinea pig", "guinea pig"),
    ("parrot|bird|budgie", "bird"),
    ("fish", "fish"),
    ("turtle|tortoise", "turtle"),
]
_PET_ZH = "|".join(w for w, _ in _PETS_ZH)
_PET_EN = "|".join(w for w, _ in _PETS_EN)
_PET_KIND = {w: kind for words, kind in (*_PETS_ZH, *_PETS_EN) for w in words.split("|")}
# the speaker's animal: 我家猫 / 我的狗狗 / 养了一只狗 / 小猫咪奶糖 / my cat / our dog
_OWN_PET_ZH = re.compile(
    rf"(?:我|我的|我家|我们家|家里|家的|养的|养了一?只|想养|要养|打算养|准备养|那只|这只|(?:领养|收养|捡到?|抱回|接回)(?:来|家)?了?一?只)[^，。,.!?]{{0,3}}?({_PET_ZH}|{_PET_EN})"
)
_OWN_PET_EN = re.compile(
    rf"\b(?:my|our|the family|(?:got|adopted|rescued|brought home) (?:a|an)|a new)\s+(?:\w+\s+)?({_PET_EN})s?\b"
    r"(?!\s*(?:bite|bit|food|toy|bed|walker|sitter))",
    re.ASCII,
)
# a pet's name: 我的兔子叫胡萝卜 / 它叫团子 / 一只叫豆豆的狗 / my cat's name is Mochi / our dog Biscuit / my dog, Max,
_PET_NAME_ZH = [
    re.compile(
        rf"(?:{_PET_ZH}|{_PET_EN}|它)(?:的名字)?(?:叫|名叫|名字叫|名字是)\s*(?!什么|啥|谁|哪)({_LATIN_NAME}|{_ZH_NAME})"
    ),
    re.compile(rf"叫\s*({_LATIN_NAME}|[{_HAN}]{{1,4}}?)的(?:{_PET_ZH})"),
    # an animal named when it is first spoken of: 想养一只橘猫，叫它胖胖 / 给小狗取名叫豆豆
    re.compile(
        rf"(?:{_PET_ZH})[^。!?？]{{0,8}}?(?:叫它|叫牠|取名叫|取名|起名叫|起名|名字就叫|名字叫)\s*(?![也都就不没还什啥谁哪])"
        rf"({_LATIN_NAME}|[{_HAN}]{{1,3}}?(?=$|[\s，。,.!！~～?？的吧啦呀哦了]))"
    ),
    re.compile(rf"(?:小猫咪|小狗狗)([{_HAN}]{{2}})(?=昨|今|前|不|没|走|死|生|病|丢|跑)"),
]
_PET_NAME_EN = re.compile(
    rf"\b(?:my|our|the family|his|her)\s+(?:\w+\s+)?(?:{_PET_EN})(?:'s name is|\s+is named|\s+is called|\s+named|\s+called|,)?\s+"
    r"([A-Z][a-z'-]+)\b",
    re.ASCII,
)
# one being brought home: getting a puppy called Biscuit / a kitten, we'll call her Mochi
_NEW_PET_NAME_EN = re.compile(
    rf"\b(?:a|an)\s+(?:\w+\s+)?(?:{_PET_EN})(?:,? (?:named|called)|,? (?:we'?ll|i'?ll|gonna|going to) (?:call|name) (?:him|her|it))\s+"
    r"([A-Z][a-z'-]+)\b",
    re.ASCII,
)

# -- time expressions -----------------------------------------------------------------------------------------
_ZH_NUM = "一二三四五六七八九十两"
_ZH_DAY = "今天|明天|后天|大后天|昨天|前天|大前天|今晚|明晚|昨晚|今早|明早|昨早|今日|明日|昨日|今儿|明儿|当天"
_ZH_PART = "早上|上午|中午|下午|傍晚|晚上|夜里|半夜|凌晨|早晨|清晨"
_ZH_WEEK = "(?:周|星期|礼拜)[一二三四五六日天]|周末"
_ZH_REL = (
    "(?:下下|上上|这|本|下|上)个?(?:周|星期|礼拜)(?:[一二三四五六日天]|末)?|(?:这|本|下|上)个?月|"
    "(?:今|明|去|前|后)年|月底|月初|年底|年初|寒假|暑假|国庆|春节|过年|元旦|中秋|端午|清明"
)
_ZH_DATE = rf"(?:\d{{2,4}}年)?(?:\d{{1,2}}|[{_ZH_NUM}]{{1,3}})月(?:(?:\d{{1,2}}|[{_ZH_NUM}]{{1,3}})[日号])?|(?<![\d.路街巷弄道村楼栋室])\d{{1,2}}[日号](?!码|线|楼|院)"
_ZH_CLOCK = rf"(?:\d{{1,2}}|[{_ZH_NUM}]{{1,3}})点(?:半|一刻|\d{{1,2}}分|[{_ZH_NUM}]{{1,3}}分)?"
_ZH_HEAD = rf"(?:{_ZH_REL}|{_ZH_DATE}|{_ZH_DAY}|{_ZH_WEEK})"
_ZH_TIME = re.compile(
    # a day, week, month or date, then a part of the day and a clock time: 下周三 / 明天下午 / 明早八点 / 5月3号
    rf"{_ZH_HEAD}(?:{_ZH_HEAD})?(?:{_ZH_PART})?(?:{_ZH_CLOCK})?"
    # a part of the day with a clock time: 晚上十一点 (a clock time alone only in digits: 3点)
    rf"|(?:{_ZH_PART}){_ZH_CLOCK}|(?<![\d.])\d{{1,2}}点(?:半|\d{{1,2}}分)?(?![\d多])"
)
_EN_WEEKDAY = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_EN_MONTH = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec"
)
_EN_PART = "morning|afternoon|evening|night|noon|tonight"
_EN_CLOCK = r"\d{1,2}(?::\d{2})?\s?(?:am|pm|a\.m\.|p\.m\.)|\d{1,2} o'clock|noon|midnight"
_EN_ORDINAL = r"\d{1,2}(?:st|nd|rd|th)?"
_EN_HEAD = (
    rf"(?:this|next|last|coming)\s+(?:{_EN_WEEKDAY}|week(?:end)?|month|year|semester|term|summer|winter|spring|fall"
    rf"|{_EN_PART})"
    rf"|the day (?:after tomorrow|before yesterday)|today|tonight|tomorrow|tmrw?|yesterday|last night"
    rf"|(?:{_EN_WEEKDAY})s?|weekends?"
    rf"|(?:{_EN_MONTH})\.?\s+{_EN_ORDINAL}\b|{_EN_ORDINAL}\s+(?:of\s+)?(?:{_EN_MONTH})\b|the\s+\d{{1,2}}(?:st|nd|rd|th)\b"
)
_EN_TIME = re.compile(
    # a day or date, with a part of the day or a clock time: next Wednesday / tomorrow afternoon / Friday at 10am
    rf"\b(?:{_EN_HEAD})(?:\s+(?:{_EN_PART})\b)?(?:,?\s+(?:at\s+)?(?:{_EN_CLOCK})\b)?"
    # a clock time alone: at 3pm
    rf"|\b(?:at\s+)?(?:{_EN_CLOCK})(?:\s+(?:today|tonight|tomorrow))?\b",
    re.ASCII,
)
_LEADING = re.compile(r"^(?:at|on)\s+")


@lru_cache(maxsize=64)  # a turn's facts are read for its situation and again for the dialogue state
def extract_facts(text: str) -> tuple[Fact, ...]:
    """The facts of ``text`` in the order of :data:`FACT_KINDS`, each kind in the order it appears."""
    folded = fold(text)
    plain = fold(text, lower=False)
    found: list[Fact] = []
    found += [Fact("name", n.name, n.name, n.start, n.end) for n in names(text)]
    found += _pets(text, folded, plain)
    found += _people(text, folded)
    found += _times(text, folded)
    order = {kind: k for k, kind in enumerate(FACT_KINDS)}
    return tuple(sorted(found, key=lambda f: (order[f.kind], f.start)))


def _pets(text: str, folded: str, plain: str) -> list[Fact]:
    out: list[Fact] = []
    kinds: set[str] = set()
    for m in (*_OWN_PET_ZH.finditer(folded), *_OWN_PET_EN.finditer(folded)):
        kind = _PET_KIND[m.group(1)]
        if kind not in kinds:
            kinds.add(kind)
            out.append(Fact("pet", kind, text[m.start(1) : m.end(1)], m.start(1), m.end(1)))
    seen: set[int] = set()
    named = (*_PET_NAME_EN.finditer(plain), *_NEW_PET_NAME_EN.finditer(plain))
    for m in (*(m for p in _PET_NAME_ZH for m in p.finditer(folded)), *named):
        if m.start(1) in seen or m.group(1).lower() in _EN_STOP:
            continue
        seen.add(m.start(1))
        name = text[m.start(1) : m.end(1)]
        out.append(Fact("pet_name", name, name, m.start(1), m.end(1)))
        if not kinds:  # a named animal is the speaker's too: 小猫咪奶糖昨晚没回家
            pet = re.search(rf"{_PET_ZH}|\b(?:{_PET_EN})\b", folded[max(0, m.start() - 12) : m.end() + 6])
            if pet:
                kinds.add(_PET_KIND[pet.group()])
                out.append(Fact("pet", _PET_KIND[pet.group()], pet.group(), m.start(1), m.end(1)))
    return out


# a role said of the bot is nobody involved: are you an actual therapist / 你是我的朋友吗
_OF_THE_BOT = re.compile(
    r"(?:\bare (?:you|u)|\byou(?:'re| are)|你是|你们是|你就是|你不是)[^,.!?，。]{0,16}$", re.ASCII
)


#: a role denied just before it is named: not my manager / 不是我领导
_NOT_THE_ROLE = re.compile(r"(?:\bnot (?:my|our|the|his|her)\s+|不是(?:我|我们)(?:的)?)$", re.ASCII)


def _people(text: str, folded: str) -> list[Fact]:
    out: list[Fact] = []
    seen: set[str] = set()
    for m in _PERSON.finditer(folded):
        role = _PERSON_ROLES[int(m.lastgroup[1:])]
        if role in seen or _OF_THE_BOT.search(folded, max(0, m.start() - 24), m.start()):
            continue
        if _NOT_THE_ROLE.search(folded, max(0, m.start() - 12), m.start()):
            continue  # "senior to me but not my manager": said to be someone else
        seen.add(role)
        out.append(Fact("person", role, text[m.start() : m.end()], m.start(), m.end()))
    return out


def _times(text: str, folded: str) -> list[Fact]:
    out: list[Fact] = []
    for pattern in (_ZH_TIME, _EN_TIME):
        for m in pattern.finditer(folded):
            lead = _LEADING.match(m.group())
            start = m.start() + (lead.end() if lead else 0)
            if m.end() > start:
                out.append(Fact("time", text[start : m.end()], text[start : m.end()], start, m.end()))
    return out
