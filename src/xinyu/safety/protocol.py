"""The crisis conversation protocol: what the reply says, turn after turn, once a conversation reaches ``high`` or
``imminent`` risk (zh + en).

One fixed safe text sent every turn reads as a machine that stopped listening. This protocol keeps talking: it
names what the person said, asks what a counsellor would ask next, urges distance from the means they named, says
when a person on the team was alerted, and shows the help lines of where they are, without repeating itself.

The steps follow two public instruments:

- the screener of the Columbia Suicide Severity Rating Scale (C-SSRS, screen version): wish to be dead -> thoughts
  of killing oneself -> method -> intent -> plan or preparation. Ask directly ("你现在有没有想过结束自己的生命？",
  "Are you thinking about killing yourself?"), then about a plan or a method once ideation is known, then about
  access to the means and timing (intent and preparation, put concretely) once a method is known; never ask again
  what was answered. A yes or no that opens a reply answers the question just asked (a yes also one asked before
  it and left open); a means named in an answer is a method. A method, access and a time said over several turns
  are met as ``imminent``, as one message saying them all would be, until the person says the means are away;
- the Safety Planning Intervention of Stanley and Brown: making the surroundings safe (distance from the means,
  specific to them: pills handed to someone, a gun unloaded and locked away or given to someone, a step back from
  an edge, a blade or a rope in another room), people to be with now, what helped before, reasons to stay.

The wording was reviewed against the safe-messaging guidance of the 988 Suicide & Crisis Lifeline and the Suicide
Prevention Resource Center (SPRC), used as the rubric of this protocol: no method detail beyond naming the means
the person named (no amounts, heights or ways), no judgement ("selfish", "weak"), no promise of secrecy, no
minimising ("想开点", "everything will be fine"), hope without clichés (moments this intense pass), a direct
question about suicide, and honest, plain words about who was alerted, with no promise of a time.
``tests/safety/test_protocol.py`` checks every template against that list.

At ``imminent`` (a means with a time, an attempt under way) the reply is short and concrete: stop, put the means
away now, call the emergency number or get someone there, and tell me when it is done (which is thanked, not
urged again); an attempt under way (pills taken, bleeding) gets the emergency number and the hospital, and keeps
getting the hospital on later turns until the person says help has come. Help lines come on the first protocol turn, when the level rises to ``imminent`` (and every other turn
there) and every few turns otherwise; where the person asked not to be given hotlines there are none, but at
``imminent`` the emergency number is named once, gently. Where the locale does not say where the person is, the
reply asks, gives an international directory meanwhile, and uses the place once they say it.

The protocol follows the person, not only its script. What they say back (``xinyu.safety.heard``) is answered
first, when the message brings no new danger: a wish to just talk gets someone listening, one gentle line of safety
and an invitation to go on; a safety step taken or promised (the pills put in another room, a sister texted, a
therapist tomorrow, home now, a promise for tonight, a glass of water) is named back in the person's own words and
affirmed, with a next step agreed (a check-in, tomorrow's plan: Stanley-Brown, not a no-suicide contract), and the
screener's questions of method and time are not asked over it; doubt about the bot is met honestly (an AI, that
still does not want them hurt tonight) and the talk goes on; help lines that did not help get a question about
what happened, not a lecture, and no list again. A question about a medicine gets its safety fact first ("不能一起
吃：两样都会抑制呼吸"), never a dose, then the protocol's step. At ``imminent`` with pills the reply asks whether
any were taken (never how many: a yes, or not being sure, is an emergency, the emergency number and a hospital
now), then who else is home. Once the means are away and nothing new is said, the conversation gets steady
support rather than "stop" and the emergency script, and the means are not urged again; taking them back, or a
new method, is danger again.

The wording lives in ``xinyu/resources/crisis_protocol.json``, several variants per move; the state remembers
which were used and digests of the replies sent, so that no reply of a conversation repeats an earlier one word
for word. An opening acknowledgement is left out when the reply before had one, and a reply asks one question
at most.

>>> turn = CrisisTurn("我想自杀", RiskLevel.HIGH, "zh", "zh-CN", frozenset({"active_ideation"}), ("想自杀",), False, False)
>>> reply, state = crisis_reply(turn, None)
>>> "12356" in reply and state["known"]["ideation"]
True
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field, fields
from functools import lru_cache
from importlib import resources

from xinyu.lang import zh_or_en
from xinyu.levels import RiskLevel
from xinyu.safety.cues import DISTRESS, fold
from xinyu.safety.heard import Heard, hear, says_lines_useless
from xinyu.safety.helplines import emergency_numbers, helplines_for, resolve_locale


@dataclass
class CrisisTurn:
    """What the protocol needs to know about one turn."""

    message: str  # the person's message as written
    level: RiskLevel  # the conversation's risk level after this turn
    language: str  # "zh" or "en": the reply's language
    locale: str | None  # the client's locale ("zh-CN", "en_GB", "en", None...)
    cue_kinds: frozenset[str]  # kinds of the risk cues found in this message (xinyu.safety.cues)
    cue_texts: tuple[str, ...]  # the words those cues matched
    refuses_hotlines: bool  # the person asked not to be given hotlines or referred
    alerted: bool  # a person on the team has been alerted about this conversation, now or earlier
    #: the person said yes to the direct question about suicide asked before the protocol took over ("yes. i have
    #: my dad's gun"): the screener's first step is answered, and not asked again
    confirmed: bool = False
    #: the person is going ("goodbye": bye, going to bed) or stops talking about it ("retraction": 不想说了):
    #: no question is held out after them (the dialogue acts decide; see xinyu.understand.acts)
    closing: str | None = None


#: the C-SSRS steps the protocol screens, in order, and the safety-planning questions that follow them
STEPS = ("ideation", "method", "access", "timing")
PLAN = ("person", "reasons", "coping", "next_hour", "more")

# what a message's cue kinds answer by themselves
_SHOWS_IDEATION = frozenset(
    {
        "active_ideation",
        "method",
        "method_intent",
        "method_seeking",
        "pact",
        "preparation",
        "farewell",
        "in_progress",
    }
)
_SHOWS_METHOD = frozenset({"method", "method_intent", "method_seeking", "preparation", "in_progress"})
_SHOWS_ACCESS = frozenset({"preparation", "in_progress"})
_SHOWS_TIMING = frozenset({"timing", "in_progress"})
#: kinds under which the whole message, not only the cues' words, is searched for the means
_NAMES_MEANS = _SHOWS_METHOD | {"means", "act", "self_harm"}
_DISTRESS = ("hopelessness", "burden", "isolation", "entrapment")
#: cue kinds that bring no new danger by themselves: a message with only these can be answered for what it says
#: back (xinyu.safety.heard) rather than met with the protocol's next step
_QUIET = DISTRESS | {"means", "timing", "figurative"}
#: kinds that say the means are at hand again, after the person had put them away
_RENEWED = _SHOWS_METHOD | _SHOWS_ACCESS
#: what a person says back that the reply answers in its own way (a medicine question gets its fact, then the
#: protocol's step)
_ANSWERED = ("talk", "step", "doubt", "lines_useless", "dispose")

#: means by kind, most specific first: (kind, words naming it, acts implying it). The words are kept as the person
#: wrote them, to name the means back to them.
_MEANS: tuple[tuple[str, str, str], ...] = (
    (
        "gun",
        r"手枪|猎枪|步枪|枪|\b(?:guns?|pistol|rifle|(?<!riding )(?<!ride )(?<!rode )(?<!call )shotgun(?! seat| wedding)|revolver"
        r"|handgun|firearm)\b",
        r"\bshoot(?:ing)? myself\b|\bpull(?:ing)? the trigger\b|\bbullet\b",
    ),
    (
        "rope",
        r"绳子|绳索|麻绳|\b(?:rope|noose)\b",
        r"上吊|吊死|吊颈|悬梁|\bhang(?:ing)?\b(?! (?:out|on|up|in|around|over))",
    ),
    (
        "blade",
        r"刀片|美工刀|水果刀|剃须刀|刀子|剪刀|刀|\b(?:razor blades?|razors?|blades?|knife|knives)\b",
        r"割腕|割脉|割动脉|割手腕|割喉|\b(?:cut(?:ting)?|slit(?:ting)?) my (?:wrists?|throat)\b",
    ),
    ("gas", r"木炭|炭|煤气|\bcharcoal\b", r"\bgas myself\b"),
    (
        "poison",
        r"农药|百草枯|敌敌畏|老鼠药|毒药|\b(?:bleach|poison|antifreeze|pesticide)\b",
        r"服毒|\bpoison(?:ing)? myself\b",
    ),
    (
        "pills",
        r"安眠药|药片|药丸|止痛药|头孢|药|\b(?:sleeping pills|pills?|tablets|meds|medications?|painkillers|"
        r"paracetamol|tylenol|acetaminophen|ibuprofen|insulin|oxy(?:codone|contin)?|opioids|codeine|tramadol|morphine"
        r"|xanax|valium|benzos|ambien|zolpidem)\b",
        r"\boverdos(?:e|ing)\b",
    ),
    (
        "tracks",
        r"铁轨|火车道|\b(?:train tracks|tracks|railway|railroad)\b",
        r"卧轨|跳轨|\bin front of a train\b",
    ),
    (
        "road",
        r"马路|公路|\b(?:traffic|highway|motorway)\b",
        r"撞车|\bin front of a (?:bus|car|truck|lorry)\b",
    ),
    (
        "water",
        # a ship's rail is a fall into the sea: "stand on the deck at night and think ... go over the rail"
        r"河边|江边|海边|湖边|水库|甲板|船舷|\b(?:river|lake|sea|ocean|reservoir|rail|railing|deck)\b",
        r"跳河|跳江|跳海|跳湖|溺死|淹死|跳船|\bdrown(?:ing)?\b(?! in\b)|\boverboard\b",
    ),
    (
        "height",
        r"楼顶|天台|屋顶|窗台|阳台|高楼|悬崖|崖边|栏杆|大桥|桥|\b(?:rooftop|roof|ledge|balcony|cliff|bridge|window|tower)\b"
        # a high floor said of home, beside a plan: 我们家住十九楼 / we're on the 19th floor
        r"|住(?:在)?(?:1\d|[2-9]\d|十[一二三四五六七八九]|[二三四五六七八九]十[一二三四五六七八九]?)(?:楼|层)"
        r"|\b(?:1\d|[2-9]\d)(?:th|st|nd|rd) floor\b",
        r"跳楼|跳崖|跳桥|跳下去|一跃而下|纵身一跃|高空坠落|\bjump(?:ing)? (?:off|from|out)\b",
    ),
)
_KINDS = frozenset(kind for kind, _, _ in _MEANS)
MEANS_RE = tuple((kind, re.compile(words), re.compile(acts)) for kind, words, acts in _MEANS)
#: means that are places: the person is asked whether they are there, and to move away
_PLACES = frozenset({"height", "water", "tracks", "road"})
#: an attempt under way with these (or an unknown means) needs a hospital before anything else
_MEDICAL = frozenset({"pills", "poison", "blade"})

_NO_HOTLINES = re.compile(
    r"(?:别|不要|不用|甭|少)(?:再)?(?:给|发|跟)我[^。，,！？!?]{0,6}(?:热线|电话|号码)|"
    r"(?:别|不要|不用)(?:让我|叫我)?(?:打|拨)[^。，,！？!?]{0,4}(?:电话|热线)|不(?:想|会|要)打(?:什么)?(?:电话|热线)|"
    r"(?:热线|电话|号码)(?:就)?(?:算了|免了|不用了|不必了|没用)|(?:别|不要)(?:把我)?(?:转介|转给|推给)|"
    r"\bno (?:more )?(?:hotlines?|helplines?|numbers|crisis lines?)\b|"
    r"\b(?:don'?t|do not|stop) (?:give|giving|send|sending|tell|telling) me (?:to call |a |any |the |another |more )?"
    r"(?:hotlines?|helplines?|numbers?|crisis lines?|to call)\b|"
    r"\b(?:i'?m not|i am not|i won'?t|i will not) (?:going to |gonna )?call(?:ing)?\b|\bdon'?t refer me\b|"
    r"\bnot (?:interested in|calling) (?:a |any )?(?:hotlines?|helplines?)\b|"
    r"\bstop (?:with |sending |giving me )?(?:the |those |all the |these )?(?:phone )?(?:numbers|hotlines?|helplines?)\b|"
    # "I know the number. I'm asking you not to just paste it at me"
    r"\bi (?:already )?know (?:the|those|all the|these) (?:numbers?|hotlines?|helplines?)\b|"
    r"\b(?:not|don'?t|stop) (?:to )?(?:just )?(?:paste|pasting|copy[- ]?past(?:e|ing)|throw(?:ing)?|send(?:ing)?) (?:it|them|that|"
    r"the numbers?|numbers) at me\b|"
    r"(?:热线|电话|号码)我(?:都)?知道|(?:别|不要)(?:再)?(?:甩|贴|丢)(?:热线|号码|电话)"
)
_WANTS_LINES = re.compile(
    r"(?:给|发)我(?:一下|一个|几个)?[^。，,！？!?]{0,3}(?:热线|电话|号码)|热线(?:号码)?(?:是)?(?:多少|是什么|有哪些)|"
    r"(?:可以|能|应该|该)(?:打|找)(?:哪个|什么|谁)|有什么(?:热线|电话|号码)|(?:可以|能|应该|该|要)?打给谁|"
    r"\bwhat(?:'s| is) the (?:number|hotline|helpline)\b|\bgive me (?:the|a|that) (?:number|hotline|helpline)\b|"
    r"\bwho (?:can|should|do) i call\b|\b(?:can|could) you give me (?:the |a )?(?:number|hotline|helpline)\b|"
    r"\bwhere can i (?:call|get help)\b"
)
_ASKS_ALERT = re.compile(
    r"(?:会|真的)有人(?:来|联系|找)|有人(?:会)?(?:来|联系|找)我|(?:通知|告诉|报告|联系)了(?:谁|别人|人)|谁会(?:来|联系)|"
    r"有人知道(?:吗|么|了吗)|你(?:会|要|是不是要|是不是会|打算)(?:去)?(?:报警|叫人|通知|告诉(?:别人|谁)|联系(?:谁|别人))|"
    r"\b(?:are you|you) (?:going to|gonna) (?:call|tell|report|alert|contact|notify|send)\b|"
    r"\b(?:will|would|can) you (?:call|tell|report|alert|contact|notify|send) (?:someone|somebody|anyone|anybody|the police|911|999|000)\b|"
    r"\b(?:is|will|would) (?:someone|somebody|anyone|anybody) (?:be )?(?:coming|come|contact|call|reach|get in touch)\b|"
    r"\bdid you (?:tell|alert|call|notify|report|contact)\b|"
    r"\bwho (?:did you|are you|have you) (?:tell|told|alert|alerted|call|calling|notify|notified|contact|contacting)\b|"
    r"\b(?:are|were) you (?:calling|telling|reporting|alerting)\b"
)
#: help with an attempt under way has come: at a hospital, an ambulance on its way
_CARED_FOR = re.compile(
    r"(?:我|已经|现在)(?:在|到)了?(?:医院|急诊)|(?:在)?去医院的路上|救护车(?:已经)?(?:来了|到了|在路上)|"
    r"\b(?:i'?m|i am|we'?re|we are) (?:at|in) (?:the )?(?:hospital|er|a&e|emergency room)\b|"
    r"\b(?:ambulance|paramedics) (?:is |are )?(?:here|coming|on (?:its|their|the) way)\b|"
    r"\bon (?:my|our|the) way to (?:the )?hospital\b"
)
#: the means put away, the person off the edge: said after the reply asked them to
_DONE = re.compile(
    r"放好了|放远了|拿走了|拿开了|收起来了|交给了|锁(?:起来|好)了|扔(?:掉)?了|(?:已经)?下来了|退回来了|离开了|回(?:到)?屋里了|"
    r"\b(?:done|i did(?: it)?|(?:put|moved) (?:it|them) away|gave (?:it|them) to|locked (?:it|them)|i'?m inside|"
    r"got down|stepped back|(?:it'?s|they'?re) (?:away|gone|out of reach)|i'?m (?:off|away from) (?:the|it))\b"
)
#: the means taken back, the place gone back to: danger again, whatever the cues read
_UNDONE = re.compile(
    r"(?:拿|放|搬|捡)回来|又拿(?:出来|到)|又去了?(?:天台|楼顶|桥|河边|江边|海边|阳台|铁轨)|又回到(?:天台|楼顶|桥|河边|阳台)|"
    r"\b(?:got|took|brought|picked|fetched) (?:it|them|the \w+(?: \w+)?) back\b|\bback out\b|"
    r"\bwent back (?:up )?(?:to|on(?:to)?) the (?:roof|bridge|ledge|tracks|balcony)\b"
)
_NEGATED = re.compile(r"没|不|\b(?:no|not|don'?t|haven'?t|isn'?t|aren'?t)\b")
#: the answer to "have you taken any?"
_TOOK_NONE = re.compile(
    r"^(?:没有?|还没|不)|没有?吃|还没|一(?:片|粒|颗)?都?没|\b(?:no|nope|nah|not yet|none|haven'?t|have not|didn'?t|did not)\b"
)
_TOOK_SOME = re.compile(
    r"吃了|吞了|吃过|已经吃|喝了|\b(?:took|taken|swallowed|i did|had some|a few|some of them)\b"
)
#: nothing taken, said outright: I haven't taken anything / 一片都没吃 (not "I haven't taken all of them")
_NONE_TAKEN = re.compile(
    r"^(?:没有?|还没)(?:吃|吞|喝)?(?:[，,。\s]|$)|一(?:片|粒|颗)?都?没(?:吃|吞)|没(?:有)?吃(?:药|过)?(?:[，,。\s]|$)"
    r"|\b(?:haven'?t|have not|didn'?t|did not) (?:taken|take|had|swallowed) (?:any|anything|them|it|a single)\b"
)
_UNSURE = re.compile(r"不知道|不确定|说不清|\bnot sure\b|\bdon'?t know\b|\bidk\b|\bunsure\b")
_NO = re.compile(
    r"^(?:没有?想过|没有?打算|没有?计划|没有?|不是|不会|不在|还没有?|并没有)(?=[，,。！!…~～\s]|$)|"
    r"^(?:no|nope|nah|not really|never|i'?m not|i am not|i don'?t|i do not|i haven'?t|i have not|not yet|"
    r"it'?s not|they'?re not)\b"
)
_YES = re.compile(
    r"^(?:是的?|对的?|嗯+|恩+|有(?:的|吧|过)?|想过|会|可能(?:吧|有)?|算是|在(?:的)?|就在|应该是|差不多)(?=[，,。！!…~～\s]|$)|"
    r"^(?:yes|yeah|yep|yup|ya|yea|i am|i do|i have|i guess|maybe|probably|sort of|kind of|kinda|sometimes|"
    r"i think so|it is|they are|right)\b"
)
#: where a person says they are, when the locale did not say: (help-line key, pattern on the folded message)
_WHERE = (
    (
        "en-GB",
        r"\b(?:uk|u\.k\.|united kingdom|britain|great britain|england|scotland|wales|northern ireland|london)\b|"
        r"英国|英格兰|苏格兰|威尔士|北爱尔兰",
    ),
    ("en-IE", r"\b(?:ireland|dublin)\b|爱尔兰"),
    ("en-US", r"\b(?:usa|u\.s\.a?\.?|united states|america|the states|in the us)\b|美国"),
    ("en-AU", r"\b(?:australia|sydney|melbourne|brisbane)\b|澳大利亚|澳洲"),
    ("en-CA", r"\b(?:canada|toronto|vancouver|montreal)\b|加拿大"),
    ("zh-TW", r"台湾|台北|\btaiwan\b"),
    ("zh-HK", r"香港|澳门|\b(?:hong kong|macau|macao)\b"),
    ("zh-CN", r"大陆|内地|北京|上海|广州|深圳|中国|\bchina\b"),
)
_WHERE_RE = tuple((key, re.compile(pattern)) for key, pattern in _WHERE)
_SENT_KEPT = 40  # digests of earlier replies kept in the state


def says_no_hotlines(message: str) -> bool:
    """The message asks not to be given hotlines or numbers ("别给我热线电话", "no hotlines"), or says they were
    tried and did not help ("打过了，没用", "hotlines don't help"): a list shown again would not be listening."""
    return bool(_NO_HOTLINES.search(fold(message))) or says_lines_useless(message)


@lru_cache(maxsize=1)
def templates() -> dict:
    """The protocol's wording, per language (``xinyu/resources/crisis_protocol.json``)."""
    text = resources.files("xinyu.resources").joinpath("crisis_protocol.json").read_text(encoding="utf-8")
    return json.loads(text)


@dataclass
class _State:
    """What the protocol remembers of a conversation; stored as a small JSON object."""

    turn: int = 0  # protocol turns so far
    level: int = 0  # the level of the last one
    known: dict = field(default_factory=lambda: dict.fromkeys(STEPS))  # step -> True / False / None (unknown)
    means: str | None = None  # the kind of means named (a key of _MEANS)
    word: str | None = None  # the person's word for it
    asked: dict = field(default_factory=dict)  # question -> how often asked
    pending: str | None = None  # the question the last reply asked
    lines_turn: int = 0  # the turn the help lines were last shown on (0: never)
    where: str | None = None  # where the person said they are (a help-line key)
    asked_where: int = 0
    refused: bool = False  # the person asked for no hotlines
    emergency_named: bool = False  # the emergency number was named despite that
    alert_said: bool = False
    attempt: bool = False  # an attempt under way that needs a hospital, and no word yet that help has come
    open_step: str | None = None  # the last step of the screener asked and not yet answered
    secured: bool = False  # the person said the means are put away (or they left the place)
    steadier: bool = False  # the person took a safety step, and has said no new danger since
    urged_turn: int = 0  # the turn distance from the means was last urged on
    opener_turn: int = 0  # the turn an opening acknowledgement ("听起来你现在真的很痛苦") was last used on
    together_turn: int = 0  # the turn being with someone was last urged on
    used: dict = field(default_factory=dict)  # move -> how many variants of it were used (rotation)
    sent: list = field(default_factory=list)  # digests of the replies sent

    @classmethod
    def load(cls, data: dict | None) -> _State:
        """From a stored state; a field of the wrong type (an old or damaged state) takes its default."""
        state = cls()
        for f in fields(cls):
            value = (data or {}).get(f.name)
            default = getattr(state, f.name)
            if isinstance(value, str if default is None else type(default)):
                setattr(state, f.name, value)
        state.known = {step: v if isinstance(v := state.known.get(step), bool) else None for step in STEPS}
        if state.means not in _KINDS:
            state.means = state.word = None
        return state


def digest(text: str) -> str:
    return hashlib.blake2s(text.encode("utf-8"), digest_size=6).hexdigest()


def _answer(folded: str) -> bool | None:
    """A yes or a no at the start of a reply to the last question; None when neither or unsure."""
    text = folded.strip()
    if _UNSURE.search(text):
        return None
    if _NO.search(text):
        return False
    if _YES.search(text):
        return True
    return None


#: a high floor said of home: the danger is its balcony and windows, not a place to keep away from
_HOME_FLOOR = re.compile(r"住|\d+(?:th|st|nd|rd) floor", re.IGNORECASE)


def _find_means(turn: CrisisTurn, answering: bool) -> tuple[str, str | None] | None:
    """The kind of means this turn names and the person's word for it (None when only an act implies it): in
    the cues' words first, else in the message when a cue speaks of a method or it answers a question about one."""
    sources = list(turn.cue_texts)
    if answering or turn.cue_kinds & _NAMES_MEANS:
        sources.append(turn.message)
    for text in sources:
        folded = fold(text)  # one character for one: the word is cut from the text as written
        for kind, words, acts in MEANS_RE:
            if m := words.search(folded):
                word = text[m.start() : m.end()]
                if _HOME_FLOOR.match(word):
                    return kind, "阳台和窗边" if word.startswith("住") else "the balcony and the windows"
                return kind, word.lower() if word.isascii() else word
            if acts.search(folded):
                return kind, None
    return None


def _place(turn: CrisisTurn, st: _State) -> str:
    """The help-line key of where the person is: what they said, else the locale; ``en`` where it is not known."""
    return st.where or place_of(turn.locale, turn.language)


def place_of(locale: str | None, language: str) -> str:
    """The help-line key of a client's locale; ``en`` (ask where they are) where the shipped lines do not cover it."""
    loc = (locale or "").replace("_", "-").lower()
    if loc and not loc.startswith(("zh", "en")):
        return "en"  # somewhere the shipped lines do not cover
    return resolve_locale(locale, language)


def emergency_words(place: str, language: str) -> str:
    """The emergency numbers of ``place`` joined in words ("000", "120 或 110"), or "your local emergency number"."""
    t = templates()["zh" if language == "zh" else "en"]
    numbers = emergency_numbers(place, language)
    return t["or"].join(numbers) if numbers else t["local_emergency"]


def _learn_place(folded: str, message: str) -> str | None:
    for key, pattern in _WHERE_RE:
        if pattern.search(folded):
            return key
    return "en-US" if re.search(r"\bUSA?\b", message) else None


class Moves:
    """A reply built from moves; each move is one of several variants, rotated per conversation."""

    def __init__(self, t: dict, st: _State, language: str) -> None:
        self.t, self.st, self.language = t, st, language
        self.slots: list[tuple[str, list[str], dict]] = []
        self.lines: list[str] = []

    def add(self, move: str, variants: list[str], **values: str) -> None:
        self.slots.append((move, variants, values))

    def text(self) -> str:
        """The first rotation of the variants that this conversation has not sent yet."""
        sep = "" if self.language == "zh" else " "
        bases = [self.st.used.get(move, 0) for move, _, _ in self.slots]
        combos = 1
        for _, variants, _ in self.slots:
            combos *= len(variants)
        text, picks = "", []
        for attempt in range(min(combos, 256)):
            picks, k = [], attempt
            for (_, variants, _), base in zip(self.slots, bases, strict=True):
                picks.append((base + k) % len(variants))
                k //= len(variants)
            text = self._render(picks, sep)
            if digest(text) not in self.st.sent:
                break
        for (move, _, _), pick in zip(self.slots, picks, strict=True):
            self.st.used[move] = pick + 1
        self.st.sent = [*self.st.sent, digest(text)][-_SENT_KEPT:]
        return text

    def _render(self, picks: list[int], sep: str) -> str:
        parts = [
            variants[i].format(**values) for (_, variants, values), i in zip(self.slots, picks, strict=True)
        ]
        body = sep.join(parts)
        if self.lines:
            body += "\n" + "\n".join(f"- {line}" for line in self.lines)
        return body


@dataclass
class _Now:
    """This turn, as the reply needs it."""

    folded: str  # the message, folded
    heard: Heard  # what it says back (Heard() when it says new danger: the protocol's step answers that)
    refused_now: bool  # it asks for no hotlines, or says they did not help
    took: bool = False  # it answers "have you taken any?" with a yes or a "not sure"
    new_means: bool = False  # it names a means not known before
    done: bool = False  # it says the means are put away, or that the person left the place


def crisis_reply(
    turn: CrisisTurn, state: dict | None, table: dict[str, list[str]] | None = None
) -> tuple[str, dict]:
    """The protocol's reply to this turn and the new protocol state (JSON-serialisable, small: the chat path
    stores it in the session state under "crisis"). ``table`` overrides help lines like helplines_for()."""
    st = _State.load(state)
    language = "zh" if turn.language == "zh" else "en"
    t = templates()[language]
    level = RiskLevel.parse(turn.level)
    folded = fold(turn.message)
    first = st.turn == 0
    st.turn += 1

    danger = bool(turn.cue_kinds - _QUIET) or bool(_UNDONE.search(folded))
    now = _Now(
        folded,
        Heard() if danger else hear(turn.message),
        turn.refuses_hotlines or says_no_hotlines(turn.message),
    )
    wants_lines = not now.refused_now and bool(_WANTS_LINES.search(folded))
    if now.refused_now:
        st.refused = True
    elif wants_lines:
        st.refused = st.emergency_named = False
    where_new = False
    if _place(turn, st) == "en" and (found := _learn_place(folded, turn.message)):
        st.where, where_new = found, True
    now.took = _took(st, folded)
    now.done = _done(st, now)
    now.new_means = _learn(st, turn, now)
    renewed = bool(turn.cue_kinds & _RENEWED or _UNDONE.search(folded))
    st.secured = (st.secured or now.done) and not now.new_means and not renewed
    st.steadier = now.heard.kind == "step" or (st.steadier and not danger)
    if _imminent_by_answers(st):
        level = max(level, RiskLevel.IMMINENT)
    if level >= RiskLevel.IMMINENT and st.secured and not st.attempt and not danger:
        level = RiskLevel.HIGH  # the means are away and nothing new is said: steady support, no more "stop"
    rising = level > st.level
    # going, or not wanting to go on, with nothing new said of danger: the reply closes safely, asking nothing
    closing = turn.closing if not danger and level < RiskLevel.IMMINENT and not st.attempt else None

    reply = Moves(t, st, language)
    if _STILL_THERE.search(folded):  # "你还在吗": answered before anything else, in place of an opener
        reply.add("here", t["here"])
        st.opener_turn = st.turn
    if (told := _NO_TELL.search(folded)) and not st.asked.get("no_tell"):
        # "别告诉我爸妈": heard, and answered honestly (the bot contacts nobody they know) before anything else
        st.asked["no_tell"] = 1
        reply.add("no_tell", t["no_tell"], who=_swap_who(_told_who(told), language))
    if closing:
        _closing(reply, turn, closing)
    elif now.heard.kind in _ANSWERED:
        _answered(reply, turn, now, level)
    elif level >= RiskLevel.IMMINENT:
        _imminent(reply, turn, now)
    else:
        _screening(reply, turn, now)
    if _FIRST_TOLD.search(folded):  # "这个我没跟任何人说过": the courage of it, said first
        reply.slots.insert(0, ("first_told", t["first_told"], {}))
    for move, asked in _ASKED_ONCE:
        # "你说我现在该干嘛", "what would I even say if I called", "i dont know what to tell them": answered once,
        # before the one question the reply ends on
        if asked.search(folded) and not st.asked.get(move):
            st.asked[move] = 1
            values = {"emergency": _emergency(reply, turn)} if move == "tonight" else {}
            reply.slots.insert(max(len(reply.slots) - 1, 0), (move, t[move], values))
    quiet = now.heard.kind in ("talk", "lines_useless")
    if _lines_due(st, level, first, rising, wants_lines or where_new or closing == "goodbye", quiet):
        _show_lines(reply, turn, table)
    st.level = int(level)
    return reply.text(), asdict(st)


#: a thing never told anyone before: 这个我没跟任何人说过 / I've never told anyone this
_FIRST_TOLD = re.compile(
    r"没(?:跟|和|对)(?:任何人|别人|谁)(?:都)?(?:说|讲|提)过|(?:谁|任何人)都没(?:说|讲|告诉)"
    r"|(?a:\bnever told (?:anyone|anybody|a soul)\b|\bhaven'?t told (?:anyone|anybody)\b|\bfirst time i'?ve (?:told|said)\b)",
    re.IGNORECASE,
)
#: asking what to do now: 你说我现在该干嘛 / what do I do now
_WHAT_NOW = re.compile(
    r"(?:该|应该|要)(?:干嘛|干什么|做什么|怎么办)|怎么办才好|(?a:\bwhat (?:do|should|can) i (?:do|even do)\b|\bwhat now\b)",
    re.IGNORECASE,
)
#: asking what to say on a call for help: 打过去我说什么 / what would I even say if I called
_CALL_WORDS = re.compile(
    r"(?:打|拨|打电话|打过去|接通)[^。？?]{0,8}(?:说什么|说啥|讲什么|怎么说|怎么开口)"
    r"|(?a:\bwhat (?:would|do|should|could) i (?:even |actually )?say\b[^.?!]{0,30}\b(?:call(?:ed)?|ring|phone|text(?:ed)?"
    r"|answer(?:s|ed)?|pick(?:s|ed)? up)\b|\b(?:call(?:ed)?|ring|phone)\b[^.?!]{0,30}\bwhat (?:would|do|should) i "
    r"(?:even )?say\b)",
    re.IGNORECASE,
)
#: asking what to tell someone near: 不知道怎么跟他们说 / i dont know what to tell them
_TELL_WORDS = re.compile(
    r"(?:不知道|不晓得)(?:该|要)?(?:怎么)?(?:跟|和|对)(?!谁)(?:他|她|他们|她们|[\u4e00-\u9fff]{1,3})(?:说|讲|开口)"  # (不知道跟谁说: no one to tell)
    r"|怎么(?:跟|和|对)(?:他|她|他们|她们)(?:说|讲|开口)"
    r"|(?a:\b(?:do ?n'?t|do not) know what to (?:say|tell) (?:to )?(?:them|him|her|my \w+)\b"
    r"|\bwhat (?:do|should|would) i (?:even )?(?:say|tell) (?:to )?(?:them|him|her)\b)",
    re.IGNORECASE,
)
#: what the person asks for that the protocol answers once: the steps for tonight, the first sentence on a call,
#: the words for someone near
_ASKED_ONCE = (("tonight", _WHAT_NOW), ("call_words", _CALL_WORDS), ("tell_words", _TELL_WORDS))
#: asking whether the bot is still there: 你还在吗 / are you still there
_STILL_THERE = re.compile(
    r"^\W*(?:你)?(?:还)?在(?:吗|不|嘛|么)\W*$|^\W*(?:are you|r u|you)(?: still)? there\W*$|^\W*hello\W*\?+\W*$",
    re.IGNORECASE,
)


def _took(st: _State, folded: str) -> bool:
    """The answer to "have you taken any?" read: a yes, or not being sure (only a hospital can tell), is an
    attempt under way. True when it is one."""
    if st.pending != "taken":
        return False
    text = folded.strip()
    short = (
        len(text.split()) <= 4 if text.isascii() else len(text) <= 8
    )  # "I have.", "嗯", not "I have the pills…"
    # a plain no that says nothing was taken is the answer: "no I haven't taken anything… I don't know. I'm just so
    # tired" is not unsure; "no… i don't know how many i took" is an attempt, whatever the no before it
    none_taken = _NO.match(text) is not None and _NONE_TAKEN.search(text) is not None
    unsure = _UNSURE.search(text) is not None
    some = _TOOK_SOME.search(text) is not None and _NONE_TAKEN.search(text) is None
    took = (
        (unsure and not none_taken)
        or (some and (unsure or not _TOOK_NONE.match(text)))
        or (not _TOOK_NONE.search(text) and short and _answer(text) is True)
    )
    st.attempt = st.attempt or took
    return took


def _done(st: _State, now: _Now) -> bool:
    """The means put away or the place left, said as done ("药放到客厅了", "i'm home now" after a bridge), or in a
    word ("done", "放好了") right after the reply asked to be told."""
    heard = now.heard
    taken = heard.kind == "step" and not heard.planned
    if taken and ("means_away" in heard.steps or ("safe_place" in heard.steps and st.means in _PLACES)):
        return True
    return st.pending == "check" and bool(_DONE.search(now.folded))


def _learn(st: _State, turn: CrisisTurn, now: _Now) -> bool:
    """What this turn tells of the C-SSRS steps: the answer to the last question (a yes also to a step asked
    before it and left open: saying yes to a step is never the less careful reading), then the cues. A safety
    step tells no time to act ("明天我想去看看心理医生") and no new means ("药放到客厅了"). True when it names a
    means not known before."""
    answer = _answer(now.folded)
    if turn.confirmed:
        st.known["ideation"] = True
    if st.pending in STEPS and st.known[st.pending] is None:
        st.known[st.pending] = answer
    elif (
        answer is True
        and st.open_step in STEPS
        and st.known[st.open_step] is None
        # a bare "嗯" after "is there someone who could be with you?" answers that, not "when" asked two turns back
        and (st.pending not in _YES_NO or _THOUGHT_OF.search(now.folded))
    ):
        st.known[st.open_step] = True
    step = now.heard.kind == "step"
    kinds = turn.cue_kinds - {"timing"} if step else turn.cue_kinds
    if kinds & _SHOWS_IDEATION - {"preparation"}:
        st.known["ideation"] = True
    # means got ready and nothing said of dying ("I've started counting them at night. I haven't done anything"):
    # the thoughts are asked about plainly before "when?"
    found = None if step else _find_means(turn, st.pending in ("method", "access"))
    new = found is not None and (found[0] != st.means or found[1] not in (None, st.word))
    if found is not None:
        st.means, st.word = found[0], found[1] or (st.word if found[0] == st.means else None)
        if st.pending == "access" and answer is None and not _NEGATED.search(now.folded):
            st.known["access"] = True  # "我就在天台", "they're in my drawer"
    if kinds & _SHOWS_METHOD or (found is not None and st.known["ideation"]):
        st.known["method"] = True
    if kinds & _SHOWS_ACCESS or (st.means in _PLACES and _BEEN_THERE.search(now.folded)):
        st.known["access"] = True  # a place the person has stood at ("I was there last night for long time")
    if st.means in _PLACES and st.known["method"] and _THERE_NOW.search(now.folded):
        st.known["access"] = st.known["timing"] = (
            True  # "我在阳台抽烟" after the nineteenth floor: there, now
        )
    if kinds & _SHOWS_TIMING or (st.known["method"] and _DATE_SET.search(now.folded)):
        st.known["timing"] = True  # a date weeks away is told (never asked again), but is no time to act now
    if "in_progress" in kinds and (st.means is None or st.means in _MEDICAL):
        st.attempt = True
    elif _CARED_FOR.search(now.folded):
        st.attempt = False
    if st.open_step in STEPS and st.known[st.open_step] is not None:
        st.open_step = None
    return new


#: the questions of the protocol a bare yes answers in full (someone could come, something keeps them here, they
#: will keep talking, a line was tried, pills were taken, the means are away)
_YES_NO = frozenset({"person", "reasons", "more", "keep_talking", "curious", "taken", "check"})
#: a yes that says what it answers: 想过 / I have thought about it
_THOUGHT_OF = re.compile(
    r"想过|考虑过|(?a:\b(?:i )?(?:have|'ve) thought\b|\bthought about it\b)", re.IGNORECASE
)


#: a date set by others' plans, weeks away: the week before they fly in / 等我爸妈来之前
_DATE_SET = re.compile(
    r"(?:等|在)(?:我)?(?:爸妈|父母|家人|他们)(?:来|回来|到)之前|(?:搬走|被赶出去|房东来|他们来)的?那天"
    # a date of the month, a payday: 这个月十号发工资 … 然后去江边
    r"|(?:这个月|下个月|本月|月底)?[0-9一二三四五六七八九十]{1,3}号|发(?:了)?(?:工资|薪水)(?:那天|以后|之后|后)?"
    r"|(?a:\bthe day (?:they|he|she|i|we|my \w+) (?:change|come|leave|move|get|have|kick|evict|fly|arrive)\w*\b"
    r"|\bthe (?:day|week|night|weekend|month) (?:before|after)"
    r" (?:they|my|the|her|his|graduation|christmas)\b|\bbefore (?:they|my (?:parents|family|mom|mum|dad)) (?:fly|come"
    r"|get here|arrive|visit)\b|\bby (?:january|february|march|april|june|july|august|september|october|november"
    r"|december)\b)",
    re.IGNORECASE,
)
#: at a high place or the water now, said in so many words: 我在阳台抽烟 / I'm out on the balcony
_THERE_NOW = re.compile(
    r"我(?:现在|正|一个人)?(?:就)?(?:在|站在|坐在|蹲在)(?:阳台|天台|楼顶|窗边|窗台|桥上|江边|河边|海边|湖边)"
    r"|(?a:\bi'?m (?:out )?(?:on|at|by) (?:the |my )?(?:balcony|roof|rooftop|ledge|window|bridge)\b)",
    re.IGNORECASE,
)
#: having been at the place, or being there: 我昨晚又去了那儿 / I was there last night
_BEEN_THERE = re.compile(
    r"我(?:昨晚|昨天|刚才|刚刚|今天|又|还)?(?:又)?(?:在|去了|去过|站在|待在)(?:那|那儿|那里|那边)"
    r"|(?a:\bi (?:was|am|'m|stood|went|go|been) (?:back )?(?:out )?there\b|\bi'?m there\b)",
    re.IGNORECASE,
)


def _imminent_by_answers(st: _State) -> bool:
    """A method, access to it and a time, all said over the conversation (C-SSRS 3, 5 and 6 now), with the means
    not yet put away: as urgent as one message saying them all."""
    return all(st.known[step] is True for step in ("method", "access", "timing")) and not st.secured


def _means_name(reply: Moves) -> str:
    """The means in the person's words when they are in the reply's language, else the protocol's word."""
    st = reply.st
    if st.word and zh_or_en(st.word) == reply.language:
        return st.word
    return reply.t["means"][st.means or "unnamed"]["name"]


def _away(reply: Moves, frame: str, urgent: bool = False) -> None:
    """Distance from the means, in ``frame`` ("keep_safe" at high, "stop" at imminent, "gentle" beside an answer
    to what the person said). A place has words for being there now (step back from the edge), used when
    ``urgent`` or in the "stop" frame, apart from those for staying away from it."""
    kind = reply.st.means or "unnamed"
    means = reply.t["means"][kind]
    which = "now" if (urgent or frame == "stop") and "now" in means else "away"
    move = f"{which}.{kind}"
    variants = means[which]
    away = variants[reply.st.used.get(move, 0) % len(variants)].format(means=_means_name(reply))
    reply.st.used[move] = reply.st.used.get(move, 0) + 1
    reply.st.urged_turn = reply.st.turn
    reply.add(frame, reply.t[frame], away=away)


def _opener_due(st: _State) -> bool:
    """An opening acknowledgement ("听起来你现在真的很痛苦", "thank you for telling me") is left out when the reply
    before opened with one: said every turn, it reads as a form letter."""
    return not (st.opener_turn and st.opener_turn == st.turn - 1)


def _opener(reply: Moves, move: str, variants: list[str], force: bool = False, **values: str) -> None:
    """An opening acknowledgement, when one is due (see _opener_due) or ``force``d."""
    if force or _opener_due(reply.st):
        reply.st.opener_turn = reply.st.turn
        reply.add(move, variants, **values)


def asks_alert(message: str) -> bool:
    """Whether ``message`` asks if a person was or will be alerted ("are you going to call someone?", "你会报警吗")."""
    return _ASKS_ALERT.search(fold(message)) is not None


def _alert_due(st: _State, turn: CrisisTurn) -> bool:
    """A person was alerted and it is not said yet, or the person asks whether anyone was."""
    return turn.alerted and (not st.alert_said or asks_alert(turn.message))


def _alert(reply: Moves, turn: CrisisTurn) -> bool:
    """Say once that a person was alerted, and again briefly when asked; True when said."""
    if not _alert_due(reply.st, turn):
        return False
    if not reply.st.alert_said:
        reply.st.alert_said = True
        reply.add("alerted", reply.t["alerted"])
    else:
        reply.add("alerted_again", reply.t["alerted_again"])
    return True


def _fact(reply: Moves, now: _Now) -> bool:
    """The safety fact a medicine question needs, said plainly first (never a dose); True when said."""
    if now.heard.kind != "medicine" or now.heard.fact is None:
        return False
    reply.add(f"fact.{now.heard.fact}", reply.t["fact"][now.heard.fact])
    return True


#: asking that people they know are not told: 别告诉我爸妈 / don't tell my parents
_WHO_ZH = (
    r"(?:我)?(?:爸妈|父母|爸爸|妈妈|爸|妈|家里人?|家人|老公|老婆|男朋友|女朋友|老师|学校|辅导员|任何人|别人)"
)
_NO_TELL = re.compile(
    rf"(?:别|不要|不许|千万别|不准)(?:去|帮我)?(?:(?:告诉|通知|联系)(?P<who>{_WHO_ZH})|(?:跟|和)(?P<who2>{_WHO_ZH})"
    rf"(?:说|讲|提)|让(?P<who3>{_WHO_ZH})知道)"
    r"|(?a:\b(?:don'?t|do not|please don'?t|never) (?:tell|call|contact|text|message|inform) (?P<who_en>(?:my )?"
    r"(?:parents|mum|mom|dad|family|husband|wife|boyfriend|girlfriend|partner|school|teachers?|anyone|anybody))\b)",
    re.IGNORECASE,
)


def _told_who(m: re.Match[str]) -> str | None:
    return next((w for w in m.group("who", "who2", "who3", "who_en") if w), None)


def _swap_who(who: str | None, language: str) -> str:
    """The people named in a "别告诉我爸妈", said back: 你爸妈 / your parents."""
    who = (who or "").lower()
    if language == "zh":
        if who in ("任何人", "别人", ""):
            return "你身边的人"
        return "你" + who[1:] if who.startswith("我") else who
    if who in ("anyone", "anybody", ""):
        return "anyone you know"
    return "your " + who[3:] if who.startswith("my ") else who


def _closing(reply: Moves, turn: CrisisTurn, closing: str) -> None:
    """The person is going ("goodbye") or does not want to go on ("retraction"): no question held out after
    them. What they shared is thanked (or the pause accepted), the alert said if it was not yet, the means not yet
    put away asked of them once more, what to do if it gets worse (someone near; the emergency number, which a
    "no hotlines" does not take away), and the door left open."""
    st, t = reply.st, reply.t
    reply.add(closing, t["closing"][closing])
    _alert(reply, turn)
    if (st.means is not None or st.known["method"]) and not st.secured:
        _away(reply, "gentle")
    reply.add("closing.tonight", t["closing"]["tonight"], emergency=_emergency(reply, turn))
    reply.add(f"closing.back_{closing}", t["closing"][f"back_{closing}"])
    st.pending = None


def _answered(reply: Moves, turn: CrisisTurn, now: _Now, level: RiskLevel) -> None:
    """What the person said back, answered first: listening when they want to talk, the step they took named and
    affirmed, honesty about being an AI, curiosity about the lines that did not help. Then one line of safety
    (not the whole script) and one question: what comes next, or an invitation to go on."""
    st, t, heard = reply.st, reply.t, now.heard
    if heard.kind == "step":
        step, said = heard.steps[0], heard.said
        reply.add(f"step.{step}", t["step"][step], said=said, Said=said[:1].upper() + said[1:])
        if heard.talk:
            reply.add("talk", t["talk"])  # "…can you keep talking to me while I do": yes, here
    elif heard.kind == "talk" and now.refused_now:
        reply.add("refusal", t["refusal"])  # "no numbers, let's talk here" says both
    elif heard.kind == "dispose":
        # "what would you actually do with the bottle, practically": the practical answer, for that means
        kind = st.means if st.means in t["dispose"] else "unnamed"
        reply.add(f"dispose.{kind}", t["dispose"][kind], means=_means_name(reply))
        _alert(reply, turn)
        move = "means_away_plan"
        reply.add(f"next.{move}", t["next"][move])
        st.pending = "check"
        return
    else:
        reply.add(str(heard.kind), t[str(heard.kind)])
    if now.refused_now and heard.kind in ("step", "doubt"):
        reply.add("refusal", t["refusal"])
    _alert(reply, turn)
    _safety_line(reply, turn, now, level)
    if heard.kind == "step":
        step = heard.steps[0]
        move = f"{step}_plan" if heard.planned and f"{step}_plan" in t["next"] else step
        reply.add(f"next.{move}", t["next"][move])
        st.pending = "check" if move == "means_away_plan" else "next"
        return
    question = {"talk": "invite", "doubt": "keep_talking"}.get(str(heard.kind))
    question = question or ("curious_called" if heard.called else "curious")
    reply.add(f"ask.{question}", t["ask"][question])
    st.pending = question
    st.asked[question] = st.asked.get(question, 0) + 1


def _safety_line(reply: Moves, turn: CrisisTurn, now: _Now, level: RiskLevel) -> None:
    """The one line of safety beside an answer: the hospital after an attempt; distance from means not yet put
    away (unless the person is about to put them away); being near someone, when they want to talk. At
    ``imminent`` after "no hotlines", the emergency number once."""
    st, t, heard = reply.st, reply.t, now.heard
    if st.attempt:
        move = "medical_followup_refused" if st.refused else "medical_followup"
        reply.add(move, t[move], emergency=_emergency(reply, turn))
    elif (st.means is not None or st.known["method"]) and not st.secured and "means_away" not in heard.steps:
        _away(reply, "gentle", urgent=level >= RiskLevel.IMMINENT)
    elif heard.kind in ("talk", "lines_useless"):
        reply.add("talk_safe", t["talk_safe"])
    if level >= RiskLevel.IMMINENT and st.refused and not st.emergency_named and not st.attempt:
        reply.add("refused_emergency", t["refused_emergency"], emergency=_emergency(reply, turn))
        st.emergency_named = True


def _screening(reply: Moves, turn: CrisisTurn, now: _Now) -> None:
    """``high``: acknowledge, keep safe, ask the next question of the screener or the safety plan."""
    st, t = reply.st, reply.t
    has_means = (st.means is not None or st.known["method"] is True) and not st.secured
    if st.attempt:
        middle = "medical"
    elif has_means and (now.new_means or not st.urged_turn or st.turn - st.urged_turn >= 2):
        middle = "away"
    elif not st.together_turn or st.turn - st.together_turn >= 2:
        middle = "together"
    elif not _opener_due(st) and not _alert_due(st, turn) and not now.refused_now and not now.done:
        middle = "together"  # no opener this time: a line of safety, not a bare question
    else:
        middle = None
    if _fact(reply, now):
        pass
    elif now.refused_now:
        reply.add("refusal", t["refusal"])
    elif now.done:
        reply.add("ack_done", t["ack_done"])
        st.urged_turn = st.turn
    elif st.pending == "person" and _answer(now.folded) is True:
        reply.add(
            "person_yes", t["person_yes"]
        )  # "嗯" to "is there someone who could be with you?": reach them now
        st.together_turn = st.turn
        middle = None if middle == "together" else middle
    elif now.new_means and st.word:
        _opener(reply, "ack_means", t["ack_means"], means=_means_name(reply))
    else:
        feeling = next((k for k in _DISTRESS if k in turn.cue_kinds), "generic")
        # a feeling named this turn ("别的人我也不知道跟谁说") is met, whatever the turn before opened with
        _opener(reply, f"ack_feeling.{feeling}", t["ack_feeling"][feeling], force=feeling != "generic")
    _alert(reply, turn)
    if middle == "medical":
        move = "medical_followup_refused" if st.refused else "medical_followup"
        reply.add(move, t[move], emergency=_emergency(reply, turn))
    elif middle == "away":
        _away(reply, "keep_safe")
    elif middle == "together":
        reply.add("together", t["together"])
        st.together_turn = st.turn
    question = _next_question(st)
    st.pending = question
    st.asked[question] = st.asked.get(question, 0) + 1
    if question in STEPS:
        st.open_step = question
    if question == "access":
        kind = "access_place" if st.means in _PLACES else "access" if st.means else "access_unnamed"
        reply.add(f"ask.{kind}", t["ask"][kind], means=_means_name(reply))
    else:
        reply.add(f"ask.{question}", t["ask"][question])


def _next_question(st: _State) -> str:
    """The first step of the screener not yet known whose step before is answered (not the one asked last turn
    unanswered, and none asked twice); once they are done, or once the person has taken a safety step (asking
    when they would act, after "I'll see a therapist tomorrow", is not listening), the safety-planning question
    asked least."""
    ready = {
        "ideation": True,
        "method": st.known["ideation"] is True,
        # (means got ready with no word of dying: "when?" waits until the thoughts themselves were asked about)
        "access": st.known["method"] is True,
        "timing": st.known["method"] is True and st.known["ideation"] is not None,
    }
    for step in () if st.steadier else STEPS:
        if st.known[step] is None and ready[step] and st.pending != step and st.asked.get(step, 0) < 2:
            return step
    return min(PLAN, key=lambda q: (st.asked.get(q, 0), q == st.pending, PLAN.index(q)))


def _imminent(reply: Moves, turn: CrisisTurn, now: _Now) -> None:
    """``imminent``: short and concrete: stop, the means away now (thanks once they are), the emergency number or
    someone there; with pills, whether any were taken (a yes is an emergency), then who else is home."""
    st, t = reply.st, reply.t
    emergency = _emergency(reply, turn)
    name_emergency = st.refused and not st.emergency_named
    if _fact(reply, now):
        pass
    elif now.refused_now and not name_emergency:
        reply.add("refusal", t["refusal"])
    elif now.done:
        reply.add("ack_done", t["ack_done"])
    elif not _alert_due(st, turn) and not name_emergency:
        if st.word and zh_or_en(st.word) == reply.language:
            _opener(reply, "ack_urgent_means", t["ack_urgent_means"], means=_means_name(reply))
        else:
            _opener(reply, "ack_urgent", t["ack_urgent"])
    _alert(reply, turn)
    medical = st.attempt
    if not medical and not now.done and not st.secured:
        _away(reply, "stop")
    if name_emergency:
        reply.add("refused_emergency", t["refused_emergency"], emergency=emergency)
        st.emergency_named = True
    if medical:
        move = "medical_refused" if st.refused else "medical_taken" if now.took else "medical"
        reply.add(move, t[move], emergency=emergency)
    elif not st.refused:
        reply.add("call_now", t["call_now"], emergency=emergency)
    elif not name_emergency:
        reply.add("together_now", t["together_now"])
    _imminent_question(reply, medical)


def _imminent_question(reply: Moves, medical: bool) -> None:
    """The one question at ``imminent``: with pills, whether any were taken, never how many (the C-SSRS asks
    about an attempt; an amount is for the hospital), then who else is home; else to be told when the means are
    away, or whether anyone is with them."""
    st, t = reply.st, reply.t
    pills = st.means == "pills" and not medical
    if pills and not st.asked.get("taken"):
        question, move, variants = "taken", "ask.taken", t["ask"]["taken"]
    elif pills and not st.asked.get("home"):
        question, move, variants = "home", "ask.home", t["ask"]["home"]
    elif medical or st.means is None or st.secured:
        question, move, variants = "check", "check_unnamed", t["check_unnamed"]
    elif st.means in _PLACES or st.means == "gas":
        question, move, variants = "check", "check_place", t["check_place"]
    else:
        reply.add("check", t["check"], means=_means_name(reply))
        st.pending = "check"
        return
    if question != "check":
        st.asked[question] = st.asked.get(question, 0) + 1
    reply.add(move, variants)
    st.pending = question


def _emergency(reply: Moves, turn: CrisisTurn) -> str:
    return emergency_words(_place(turn, reply.st), turn.language)


def _lines_due(st: _State, level: RiskLevel, first: bool, rising: bool, asked: bool, quiet: bool) -> bool:
    """Help lines on the first turn, when asked for or once the person said where they are, when the level rises
    to imminent and every other turn there, every fourth turn otherwise; never after a "no hotlines", and not by
    the clock on a ``quiet`` turn (one asking just to talk: a list of numbers there reads as being sent away)."""
    if st.refused:
        return False
    if first or asked:
        return True
    if quiet:
        return rising
    since = st.turn - st.lines_turn
    if level >= RiskLevel.IMMINENT:
        return rising or since >= 2
    return since >= 4


def _show_lines(reply: Moves, turn: CrisisTurn, table: dict[str, list[str]] | None) -> None:
    st, t = reply.st, reply.t
    key = _place(turn, st)
    if key == "en" and st.asked_where < 2:
        st.asked_where += 1
        reply.add("lines_where", t["lines_where"])
    else:
        reply.add("lines", t["lines"])
    reply.lines = helplines_for(key, turn.language, table)
    st.lines_turn = st.turn
