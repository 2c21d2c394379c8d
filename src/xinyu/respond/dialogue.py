"""The dialogue manager: what a session remembers, and what this turn's reply must do.

Each user turn is read (:class:`Reading`: its dialogue acts, the situation it tells, the facts worth keeping, the
emotion read in context) and the session's :class:`DialogueState` moves on: the facts it remembers (a name, a pet,
an exam next Wednesday), the event being talked about and for how many turns, the support stage (after ESConv and
Hill's helping skills: *exploration*, then *comforting*, then *action*), whether the person asked for no advice.
The policy then picks the reply's moves (:class:`Plan`): answer what was asked, reflect the situation in the
person's words, validate, ask one open question, suggest a small step, listen, recall something said earlier,
check how a suggestion sits. Every engine gets the plan: the local engine writes it out, an LLM gets it in its prompt.

A crisis (``high`` and above) is not planned here: :mod:`xinyu.safety.protocol` answers it.

>>> state = DialogueState()
>>> reading = read_turn("我叫小林，明天有个面试，好紧张", "fear", 0.6, "none", state)
>>> state.remember(reading)
>>> state.facts["name"], reading.situation.event
('小林', 'interview')
>>> plan_turn(reading, state, "none").moves
('answer', 'reflect', 'ask')
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from xinyu.lang import HAN, simplified
from xinyu.levels import RiskLevel
from xinyu.respond.answers import STOPPED_MEDICINE, sub_kind, wants_to_talk
from xinyu.respond.repair import Pushback, asks_in_rest, pushback
from xinyu.respond.requests import asks_for_help, pet_unwell, requested, subjects
from xinyu.schema import EmotionResult
from xinyu.taxonomy import polarity_of
from xinyu.understand import detect_acts, extract_facts
from xinyu.understand.fold import fold
from xinyu.understand.records import DialogueActs
from xinyu.understand.situation import EVENTS, PRONOUNS, Situation, read_situation

#: acts answered by an answer of their own, most pressing first (a dose question before a greeting)
ANSWERED: tuple[str, ...] = (
    "question_medication",
    "question_bot",
    "personal_data",
    "refusal",
    "retraction",
    "self_intro",
    "smalltalk_request",
    "question_factual",
    "goodbye",
    "thanks",
    "greeting",
)
#: acts that end a turn's needs once answered (nothing more to reflect when the turn is only this)
_CLOSING = frozenset({"retraction", "goodbye"})
SOCIAL = frozenset({"greeting", "thanks", "goodbye", "self_intro", "retraction"})
#: questions answered even beside the direct question about suicide, and when the crisis protocol writes the reply:
#: whether it is a person, and about a medicine
URGENT: tuple[str, ...] = ("question_bot", "question_medication")
NEGATIVE = frozenset({"sadness", "anger", "fear", "disgust"})
#: the ESConv strategy each move stands for (the API reports the plan's first support move as the strategy)
STRATEGY_OF = {
    "answer": "information",
    "reflect": "restatement",
    "feel": "reflection",
    "validate": "affirmation",
    "ask": "question",
    "suggest": "suggestion",
    "listen": "reflection",
    "recall": "question",
    "share": "affirmation",
    "ask_feeling": "question",
    "check": "question",
    "reassure": "affirmation",
    "screen": "question",
    "hope": "affirmation",
    "stay": "question",
    "laugh": "self_disclosure",
    "laugh_along": "self_disclosure",
    "knock": "self_disclosure",
    "go_ahead": "question",
    "pet_named": "question",
    "pet_coming": "question",
    "bored": "suggestion",
    "vexed": "reflection",
    "let_down": "reflection",
    "let_down_ask": "question",
    "safe_home": "question",
    "unsure": "information",
    "screened_no": "affirmation",
    "plan_backed": "affirmation",
    "repair": "self_disclosure",
    "repair_ask": "question",
}
#: asking to hear that it will be all right: 你就说会没事 / I just want to hear it / tell me he'll be okay
HOPE = re.compile(
    r"(?:说|告诉我)(?:一句)?[^，。,.!?？]{0,6}会(?:没事|好起来|好的|挺过来)|想听(?:你说)?(?:一句)|会没事的吧|会好起来的吧"
    r"|(?a:\btell me (?:it'?ll|it will|he'?ll|he will|she'?ll|she will|they'?ll|everything'?ll|everything will) be"
    r" (?:ok|okay|fine|alright|all right)\b|\b(?:just )?(?:want|need) to hear (?:it|that|someone say)\b"
    r"|\bwill (?:he|she|they|it|everything) be (?:ok|okay|fine|alright|all right)\b)",
    re.IGNORECASE,
)
#: events referred back to by name when nothing new is told ("你之前说到明天的面试…")
RECALLED = frozenset({"interview", "exam", "illness", "change"})
#: stepping back from the talk: 算了不说了, never mind, forget it
_WITHDRAW = re.compile(
    # (the speaker's own step back: not "他更不说了", someone else who won't talk)
    r"算了[，,\s]*不说了|(?<![他她们])(?<![他她]更)(?<![他她]就)(?<![他她]也)(?<![他她]都)(?<!现在都)(?:不想说了|不说了)|先不聊了|(?a:\bnever ?mind\b|\bforget it\b"
    r"|\bdoesn'?t matter\b|\bnvm\b|\bi (?:don'?t|do not) want to talk (?:about it |about this )?any ?more\b)",
    re.IGNORECASE,
)


def withdraws(message: str) -> bool:
    """The person steps back from talking ("算了不说了", "i don't want to talk about it anymore")."""
    return _WITHDRAW.search(message) is not None


#: a joke taken back to tell the truth: 开玩笑的 其实… / jk. honestly…
_TOLD_AFTER_ALL = re.compile(
    r"(?:开玩笑|逗你|瞎说|乱说)[的啦呢]?[\W_]{0,3}(?:其实|说真的|说实话|但是?|不过)"
    r"|(?a:\b(?:jk|just kidding|kidding|joking)\b\W{0,4}(?:actually|honestly|but|really|truth is)\b)",
    re.IGNORECASE,
)
#: words of anger a model may miss ("my boss is driving me crazy")
_ANGRY = re.compile(
    r"烦死|气死|火大|受不了|讨厌死|恶心死|生气|愤怒|恼火|窝火|气人|可恶|过分|凭什么|离谱|无语|想骂人|甩锅|冤枉|不公平|我靠|卧槽"
    r"|tmd|他妈的|滚|怒|😤|😡|🤬"
    r"|(?a:\bdriving me (?:crazy|nuts|insane)\b|\bpissed\b|\bannoyed\b|\bfurious\b|\bangry\b|\bmad (?:at|about)\b"
    r"|\birritat\w*|\bwtf\b|\bridiculous\b|\bunfair\b|\bbullshit\b"
    r"|\bsick of\b|\bfed up\b|\bso mad\b|\bhate (?:it|this|him|her|them)\b)",
    re.IGNORECASE,
)
#: indignation a model reads as sadness or surprise ("我真的咽不下这口气", "he took credit for my work"): anger
#: (not a bare 生气, which is often someone else's: 怕他生气)
_INDIGNANT = re.compile(
    r"咽不下|气不过|凭什么|欺人太甚|太过分|气死|火大|窝火|恼火|愤怒|想骂人|憋屈|抢功|邀功|冒领|不公平|气得"
    r"|我(?:很|好|真的|太|特别|非常)?(?:很|好|太)?生气"
    r"|(?a:\bhow dare\b|\bso (?:angry|mad)\b|\bfurious\b|\bpissed\b|\bfuming\b|\blivid\b|\bunfair\b|\bnot fair\b"
    r"|\b(?:took|takes|taking|steal|stole|stealing) (?:the )?credit\b|\bi'?m (?:so |really )?angry\b)",
    re.IGNORECASE,
)
#: words of surprise: without one, a model's surprise is noise ("跟女朋友异地三年了" is not news to its teller)
_SURPRISED = re.compile(
    r"突然|忽然|没想到|想不到|居然|竟然|怎么会|吓(?:了)?一跳|震惊|惊讶|不敢相信|天哪|天啊|我的天|意外|出乎意料|！|!"
    r"|(?a:\bsuddenly\b|\bout of nowhere\b|\bcan'?t believe\b|\bcannot believe\b|\bshock|\bsurpris|\bunexpected"
    r"|\bno idea\b|\bwtf\b|\bomg\b|\bwhat the\b|\bwow\b)",
    re.IGNORECASE,
)
#: feelings beyond the seven a model reads, named in so many words: guilt ("我现在特别后悔", "I feel awful for
#: yelling at her"), embarrassment ("我脸红到耳朵根", "I'm so embarrassed"), being brushed off ("我妈说再养一只就好了",
#: "everyone says you'll find another band"), helplessness ("跟他说了也没用"), being torn ("又想去又怕"), worry for
#: someone ("我很担心我女儿"), loneliness ("Lonely, I suppose"), exhaustion ("真的好累"); the material has lines
#: for each, met before the lines of the event or of the model's label (the first that fits, in this order)
FEELINGS: dict[str, re.Pattern[str]] = {
    "guilt": re.compile(
        r"后悔|内疚|愧疚|自责|对不起(?:她|他|妈|爸|孩子|你们|他们)|不该(?:冲|对|吼|骂|凶|发火|说)|是我不好|怪我自己|都怪我"
        r"|都是我(?:没|不|的错)|是我没|差劲的(?:女儿|儿子|妈妈|母亲|父亲|爸爸|妻子|丈夫|老婆|老公|朋友|家长)"
        r"|没(?:能)?(?:照顾好|陪好|保护好|看好)|早(?:点|一点|些)?[^，。,.!?]{0,8}就好了"
        r"|(?a:\bguilt(?:y)?\b|\bi feel (?:so |really |just |absolutely )?(?:awful|terrible|horrible|bad) (?:for|about|that)\b"
        r"|\bi (?:failed|let down) (?:her|him|them|my (?:kids?|son|daughter|mum|mom|dad|family|parents|wife|husband"
        r"|partner|friend))\b|\bi let (?:her|him|them) down\b|\b(?:my|all my) fault\b"
        r"|\bi regret\b|\bi shouldn'?t have\b|\bashamed of (?:myself|what i)\b)",
        re.IGNORECASE,
    ),
    "embarrassment": re.compile(
        r"尴尬|丢脸|丢人|社死|脸红|脸都红|难为情|羞死|出丑|出洋相|无地自容|地缝"
        r"|(?a:\bembarrass\w*|\bhumiliat\w*|\bmortified\b|\bcringe\w*|\bmade a fool of myself\b"
        r"|\bwanted the (?:ground|floor) to swallow me\b)",
        re.IGNORECASE,
    ),
    "dismissed": re.compile(
        r"(?:说(?!实话|真的|白了|起来|到底|不定)|讲(?!真)|(?<![说实电笑])话|叫我|让我|劝我)[^。！？!?]{0,10}(?:想太多|想多了|矫情|夸张|小题大做|大惊小怪|忍忍|忍一忍|忍下|别太敏感|太敏感"
        r"|至于吗|至于嘛|再养一只|再找一个|再买一个|有什么好(?:哭|难过|伤心)|别想了|看开点|想开点|都这样|谁不是这样|多大点事|没什么大不了)"
        r"|(?a:\b(?:said|says|say|saying|goes|told me|tells me|keeps? (?:saying|telling me))\b[^.!?]{0,40}"
        r"(?:\bjust a\b|\bget over it\b|\bmove on\b|\byou'?ll find another\b|\byou can (?:get|find) another\b"
        r"|\bnot (?:that )?(?:a )?big (?:a )?deal\b|\boverreacting\b|\bbeing dramatic\b|\btoo sensitive\b"
        r"|\bat that age\b|\bcould be worse\b|\bcheer up\b|\bstop worrying\b))",
        re.IGNORECASE,
    ),
    "helpless": re.compile(
        r"无能为力|使不上劲|什么都做不了|什么也做不了|帮不上(?:忙|她|他)|无可奈何|没法还嘴|说不通|说了也没用|说也没用"
        r"|一点办法都没有|毫无办法"
        r"|(?a:\bpowerless\b|\bhelpless\b|\bnothing i can do\b|\bcan'?t do anything\b|\bthere'?s nothing i can\b)",
        re.IGNORECASE,
    ),
    "torn": re.compile(
        r"左右为难|两头为难|进退两难|纠结(?:要不要|该不该|是|到底|了好久|死了)|很纠结|好纠结|不知道(?:该|要|是)[^。！？!?]{0,12}还是|又想[^。！？!?]{0,12}又(?:怕|不想|觉得|担心)"
        r"|(?a:\btorn\b|\bconflicted\b|\bpart of me\b[^.!?]{0,60}\b(?:but|and) (?:another |the other )?part\b"
        r"|\bdon'?t know (?:whether|if) (?:i should|to)\b[^.!?]{0,40}\bor\b|\bcan'?t decide\b)",
        re.IGNORECASE,
    ),
    "worried_for": re.compile(
        r"(?:担心|担忧|放心不下|心疼)(?:死)?(?:我)?(?:他|她|孩子|儿子|女儿|闺女|我妈|我爸|妈妈|爸爸|老人|奶奶|爷爷|外婆|外公|老公|老婆)"
        r"|(?a:\b(?:worried|worry|scared|afraid|terrified) (?:sick )?(?:about|for) (?:him|her|them|my (?:son|daughter|kids?"
        r"|child|children|mom|mum|dad|mother|father|wife|husband|brother|sister|grandma|grandpa|nan|gran))\b)",
        re.IGNORECASE,
    ),
    "lonely": re.compile(
        r"孤单|寂寞|孤独|空落落|(?a:\blonely\b|\bloneliness\b|\bso alone\b|\bisolated\b)",
        re.IGNORECASE,
    ),
    "exhausted": re.compile(
        r"好累|太累了|累死了|累坏了|心累|身心俱疲|精疲力尽|筋疲力尽|好攰|真的很累|真的累了|累到不行"
        r"|(?a:\bso tired\b|\bexhausted\b|\bdrained\b|\bworn out\b|\bburn(?:ed|t) out\b|\brunning on empty\b)",
        re.IGNORECASE,
    ),
}
#: the feeling of the model's seven that each named one is, when the model read none of the low ones
_FEELING_IS = {"worried_for": "fear"}


def named_feeling(message: str) -> str | None:
    """The feeling of :data:`FEELINGS` the message names, or None ("我现在特别后悔" -> guilt). A feeling someone
    else is quoted with is theirs ("他说上班太累了想歇一阵"), except being brushed off, which is told by quoting."""
    folded = fold(message)
    for name, words in FEELINGS.items():
        for found in words.finditer(folded):
            before = folded[max(0, found.start() - 14) : found.start()]
            if name == "dismissed" or not (_QUOTED.search(before) or _THEIRS.search(before)):
                return name
    return None


#: someone else just before a feeling named: the feeling is theirs ("我知道他可能就是孤单", "she's exhausted")
_THEIRS = re.compile(
    r"(?<![跟和给对让帮陪找为替])(?:他|她|他们|她们)(?:可能|也|就|是|其实|只是|应该|好像|肯定|一定|很|太|真的|有点|挺)*$"
    r"|(?a:\b(?:he|she|they)(?:'s|'re| is| are| was| were| seems?| feels?| looks?| must be| might be)?"
    r"(?: so| really| just| very| probably| pretty)?\s*$)",
    re.IGNORECASE,
)
#: words that quote someone, just before a feeling named: the feeling is the one quoted's
_QUOTED = re.compile(
    r"(?<!我)(?:说|讲|(?<![句实电笑])话)(?:是|他|她)?[^，。,.!?我]{0,4}$|(?a:\b(?:said|says|say|goes|told me)\b[^,.!?]{0,12}$)"
)


#: words of disgust: without one, a model's disgust is noise ("how do I bring this up with her teacher")
_DISGUSTED = re.compile(
    r"恶心|反感|膈应|讨厌|看不惯|鄙视|厌恶|嫌弃|无语|受不了|(?a:\bgross\b|\bdisgust|\bsick of\b|\bcan'?t stand\b"
    r"|\brevolting\b|\brepuls|\bcreep|\bhate\b|\bvile\b|\byuck\b|\bew+\b)",
    re.IGNORECASE,
)
#: an exam or a test failed: 考砸了, 没过, I failed my driving test
_FAILED = re.compile(
    r"考砸|砸了|挂了|挂科|没考好|没(?:考)?过|不及格|(?a:\bfail(?:ed|ing)?\b|\bflunk(?:ed)?\b|\bdidn'?t pass\b)",
    re.IGNORECASE,
)
#: glad news that is a thing bought: I bought a BIKE 🚲 / 我买了辆新车！ (not news found out: nothing was awaited)
_BOUGHT = re.compile(
    r"买了|入手|提了|(?a:\bbought\b|\bgot (?:myself )?(?:a|an|my first|my own)\b)", re.IGNORECASE
)
#: money lent to someone and not paid back: 朋友跟我借了五万 / 他欠我两万 / I lent him 2k, he never paid me back
_LENT = re.compile(
    r"借给|(?:跟|向|找)(?:我|我爸|我妈|我家|我们家|我爸妈)借|欠我|(?:不|没)还(?:我)?钱|还我钱|借了[^，。,.!?]{0,6}[，,]?[^。.!?]{0,8}(?:也|都|还)?没还"
    r"|(?a:\blent\b|\bowes me\b|\bpa(?:y|id) me back\b|\bborrowed (?:\w+ )?(?:money )?from me\b)",
    re.IGNORECASE,
)


def _borrower(message: str, people: Sequence[str]) -> str | None:
    """Who borrowed, where money lent is told: after a lending verb, the first person named after it ("我借给我叔",
    "I lent my cousin 3k"); else the first named in the sentence before the borrowing ("我哥说要给他儿子买车 找我借了
    8万": 我哥, not the son the car was for). None where someone other than the speaker lent ("Mum lent my sister")."""
    lent = _LENT.search(message)
    if lent is None:
        return None
    start = max((message.rfind(p, 0, lent.start()) for p in "。！？!?."), default=-1) + 1
    if re.match(r"借给|lent\b", lent.group(), re.IGNORECASE):
        if not re.search(
            r"(?:我|\bi\b|\bwe\b)[^，,。！？!?.]{0,12}$", message[start : lent.start()], re.IGNORECASE
        ):
            return None  # "Mum lent my sister 2k": not the speaker's money
        end = min(
            (i for i in (message.find(p, lent.end()) for p in "。！？!?.") if i >= 0), default=len(message)
        )
        after = [
            (message.find(p, lent.end()), p)
            for p in people
            if lent.end() <= message.find(p, lent.end()) < end
        ]
        return min(after)[1] if after else None
    found = [(message.find(p, start), p) for p in people if 0 <= message.find(p, start) < lent.start()]
    return min(found)[1] if found else None


#: a body hurt, not taken ill: crushed fingers, a broken wrist, a work injury (the lines of an illness wait on results
#: and speak of "being ill"; an injury is the loss of what the hand or the back could do)
_INJURY = re.compile(
    r"骨折|摔断|压断|压伤|砸伤|扭伤|烫伤|工伤|受伤|伤了|断了(?:一根|两根)?(?:手指|腿|胳膊|手)|(?:手|腿|脚|腰|手指)(?:被)?(?:砸|压|夹|摔)"
    r"|(?a:\bcrushed\b|\bbroke (?:my|his|her) \w+|\bbroken (?:arm|leg|wrist|ankle|hand|fingers?|back|hip)\b"
    r"|\binjur(?:y|ies|ed)\b|\bfractured?\b|\btore (?:my|his|her) \w+|\btorn (?:acl|ligament|tendon|meniscus)\b"
    r"|\bhurt my (?:back|knee|hand|wrist|shoulder)\b)",
    re.IGNORECASE,
)
#: people met at work: who an injury is reported to, not who is hurt ("老板说工伤不给认")
_AT_WORK = re.compile(
    r"老板|领导|上司|同事|房东|律师|(?a:\b(?:boss|manager|supervisor|co-?workers?|colleagues?|landlord|lawyer"
    r"|contractor|foreman)\b)",
    re.IGNORECASE,
)
#: a turn that speaks of someone already named by a pronoun: 他下礼拜去医院复查眼睛 / she has a scan on Monday
_PRONOUN = re.compile(
    r"^[^。，,.!?？！]{0,4}[他她]|(?a:^\s*(?:and |but |so )?(?:he|she)(?:'s| is| has| was)?\b)", re.IGNORECASE
)
#: the people who treat an illness: never the one who is ill ("医生让我三个月后复查" is the speaker's own illness)
CARERS = re.compile(
    r"医生|大夫|护士|兽医|(?a:\bdoctors?\b|\bnurses?\b|\bvets?\b|\bsurgeons?\b)", re.IGNORECASE
)
#: risk cues of despair and pain: the feeling they carry is sadness, whatever a model says
DESPAIR = frozenset({"entrapment", "hopelessness", "burden", "isolation", "passive_ideation", "ideation"})
#: a medicine named (the follow-up asks about it), and a follow-up that asks about taking one
_MEDICINE = re.compile(
    r"药|舍曲林|氟西汀|帕罗西汀|褪黑素|布洛芬|(?a:\b(?:sertraline|zoloft|prozac|fluoxetine|lexapro|escitalopram|xanax"
    r"|ambien|melatonin|ibuprofen|paracetamol|tylenol|meds|medication|antidepressants?|pills?)\b)",
    re.IGNORECASE,
)
_ABOUT_A_MEDICINE = re.compile(
    r"停药|不吃了|副作用|多吃|少吃|加量|减量|(?a:\bstop taking\b|\bquit taking\b|\bside effects?\b|\bis that normal\b"
    r"|\bfeel (?:kind of |a bit )?worse\b|\btake (?:more|less|another|an extra)\b|\bskip (?:it|a dose)\b)",
    re.IGNORECASE,
)
#: requests whose short follow-ups ("要那种能哭一场的", "那我吃三片应该没事吧", "it's only like 3 beers") are answered
#: as the same request
FOLLOWED = ("question_medication", "smalltalk_request")
#: the risk cues of despair, and of a wish to be dead, that warrant the direct question (a model's reading alone
#: does not: it would ask a person who wants a cat whether they think of ending their life)
TRAPPED = frozenset({"entrapment", "hopelessness", "burden"})
WISHES = frozenset({"passive_ideation", "ideation"})
#: cue kinds that answer the direct question about suicide with a wish to die of their own ("想死"); a passive wish
#: ("希望第二天别醒过来") is not thoughts of ending one's life
_SAID_WISH = frozenset({"ideation", "active_ideation"})
#: cue kinds of danger told in the same breath as a "no" ("没有，但药我都攒好了"): no "no" then
_DANGER_TOLD = frozenset(
    {"active_ideation", "self_harm", "method", "method_intent", "preparation", "means", "attempt"}
)
#: a wish to be dead, or others better off without one (perceived burdensomeness): asked about directly again when
#: the question before was asked about despair alone ("everyone would be better off without me")
RESCREENED = WISHES | frozenset({"burden"})
#: a yes, or a no, to the direct question about suicide, at the start of the answer
_YES = re.compile(
    # a word of yes, not the start of another word: 对, but not 对面; 是的, but not 是我非要干
    r"^[\s…。.，,~]*(?:嗯+|(?:是的?|有(?:的|过)?|对|想过|会|偶尔|有时候?|其实有)(?![\u4e00-\u9fff])"
    r"|(?:是的?|有(?:的|过)?|对|想过|会|偶尔|有时候?|其实有)(?=[想过会真是有吧啊呀呢啦了也还的很好几多无一点些次])"
    r"|经常|确实(?:想过|有)|每天都(?:在)?想"
    r"|(?a:(?:yes|yeah|yep|yup|sometimes|kind of|sort of|i have|i do|maybe|a (?:little|bit)|honestly,? yes"
    r"|i'?ve (?:thought|been thinking|considered))\b))",
    re.IGNORECASE,
)
#: what a yes goes on about when it answers the question: the thoughts, dying, living, how
_OF_THE_THOUGHTS = re.compile(
    r"想过|想死|想到|念头|不想活|死|结束|伤害|自杀|轻生|割|跳|消失|累赘|活着|活下去|撑不|解脱|怎么做|方法|药"
    r"|(?a:\bthought|\bthink|\bdie\b|\bdead\b|\bdeath\b|\bkill|\bend (?:it|things|my life)\b|\bhurt|\bsuicid|\bpills?\b"
    r"|\bdisappear|\bburden\b|\bbetter off\b|\bnot (?:be )?(?:here|around)\b|\bhow\b|\bplan)",
    re.IGNORECASE,
)
_NO = re.compile(
    r"^[\s…。.，,~]*(?:没有|没|不是|不会|从来没|从没|(?a:no\b|nope|not really|never|i don'?t|i'?m not|not at all))",
    re.IGNORECASE,
)


def answers_yes(state: dict | DialogueState | None, message: str, cues: frozenset[str] = frozenset()) -> bool:
    """``message`` answers yes to the direct question about thoughts of suicide the reply before it asked
    ("嗯……想过，但没想过怎么做", "yeah, sometimes"): the conversation is at ``high`` from here on. With the
    message's risk ``cues``, whether it answers the question with a wish to die of its own ("有时候觉得活着没意思，
    想死"): the crisis protocol then asks the next step, not the same question again, and the level stays the
    ladder's."""
    if isinstance(state, dict):
        state = DialogueState.restore(state)
    if state is None or state.screened_at < 0 or state.turns != state.screened_at:
        return False
    text = simplified(message)  # 想過 is 想过
    if cues & _SAID_WISH:
        return _NO.search(text) is None
    yes = _YES.search(text)
    if yes is None or _NO.search(text) is not None:
        return False
    # "嗯，我知道他可能就是孤单…但钱也是真金白银啊": a nod, then the story goes on; a yes is short, or it speaks of
    # the thoughts, or it says something of risk of its own
    rest = text[yes.end() :]
    short = len(HAN.findall(rest)) <= 10 and len(re.findall(r"[A-Za-z']+", rest)) <= 8
    return short or bool(cues) or _OF_THE_THOUGHTS.search(rest) is not None


#: despair said of a shop or a business, with no word of the speaker ("奶茶店下个月估计撑不下去了"), is not asked about
_OF_ONESELF = re.compile(r"我|(?a:\bi\b|\bi'?m\b|\bme\b|\bmyself\b|\bmy\b)", re.IGNORECASE)
_A_BUSINESS = re.compile(
    r"店|公司|生意|项目|工作室|厂子|买卖|(?a:\b(?:shop|business|company|store|project|startup)\b)",
    re.IGNORECASE,
)


def nearest_people(message: str, sit: Situation) -> list[str]:
    """The people named, the one nearest the event's words first: "posting pics with this guy Mark from her team,
    and I'm here … arguing with a 16 yr old" argues with the 16-year-old, not with her coworkers."""
    event_at = message.find(sit.words) if sit.words else -1
    if event_at < 0:
        return list(sit.people)
    near = [p for p in sit.people if p not in message or abs(message.find(p) - event_at) <= 60]
    near.sort(key=lambda p: abs(message.find(p) - event_at) if p in message else len(message))
    # the one it befell comes first: "我儿子在学校被同学欺负了" is the son's, however near the classmates are
    return sorted(near, key=lambda p: p != sit.about)


def _named_after(message: str, person: str, sit: Situation) -> bool:
    """``person`` is first named after the event's words: "had a seizure last month... at my kid's soccer game" is
    the speaker's seizure, not the kid's."""
    at, event_at = message.find(person), message.find(sit.words) if sit.words else -1
    return at >= 0 and event_at >= 0 and at > event_at


def _addressed(message: str, person: str) -> bool:
    """``person`` is the one to be told, not the one it befell: "我想跟我妈说我要做手术", "how do i tell my boss i need
    surgery"."""
    p = re.escape(person)
    return (
        re.search(rf"(?:(?:跟|和|对|向){p}(?:说|讲|提|坦白|交代|开口|汇报)|(?:告诉|通知){p})", message)
        is not None
        or re.search(rf"\b(?:tell|telling|break it to|let) {p}\b", message, re.IGNORECASE) is not None
    )


def _of_something_else(message: str) -> bool:
    """Despair said of a shop or a business with no word of the speaker in it, or the weight of a burden named
    ("每个月房贷就压得喘不过气") with no despair beside it: pressure, not a wish to be gone."""
    if _PRESSED_BY.search(message) and not _DESPAIR_TOO.search(message):
        return True
    return _A_BUSINESS.search(message) is not None and _OF_ONESELF.search(message) is None


#: a burden named as what presses: 房贷压得喘不过气 / the mortgage is crushing me
_PRESSED_BY = re.compile(
    r"(?:房贷|车贷|贷款|债|账单|工作|作业|学业|业绩|kpi|考试|生活|经济|钱|房租)[^，。,.!?]{0,6}压得(?:我|人)?(?:都)?(?:快)?喘不(?:过|上)气"
    r"|(?a:\b(?:mortgage|rent|bills|debts?|work|deadlines|exams?|loans?)\b[^.!?]{0,20}\b(?:is |are )?(?:crushing|suffocating)"
    r" me\b)",
    re.IGNORECASE,
)
#: despair beside it: 撑不下去 / 没有希望 / I can't go on
_DESPAIR_TOO = re.compile(
    r"撑不下去|活不下去|没意思|绝望|不想活|没有?希望|熬不下去|(?a:\bcan'?t (?:go on|do this)\b|\bhopeless\b)",
    re.IGNORECASE,
)


#: a time of day: when a message is written, never when its event is
CLOCK = re.compile(r"\d{1,2}[:：]\d{2}|\d\s*(?:am|pm)\b", re.IGNORECASE)
#: a length of time told ("十二年", "8 months"): remembered, so that nobody is asked how long again
DURATION = re.compile(
    # (a month's name is no duration: 去年十月; nor is a year: 2019年)
    r"(?<![\d年])(?:\d{1,2}|[一二两三四五六七八九十几半多]+)\s*(?:个月|个?(?:年|周|星期)|天)|好(?:几|多)(?:个)?(?:年|月|周|星期|天)"
    r"|(?a:\b\d+\s*(?:years?|months?|weeks?|days?)\b|\bfor (?:weeks|months|years|ages|days)\b)",
    re.IGNORECASE,
)
#: a laugh beside words of strain is a laugh over pain: 这周要累死了哈哈哈, this week is killing me lol
_LAUGH = re.compile(r"哈哈|呵呵|hhh|笑死|😂|🤣|(?a:\blol\b|\blmao\b|\bhaha)", re.IGNORECASE)
#: a laugh out loud at something that happened (never a nervous 哈哈 or a 呵呵): "so he can literally talk 😂😂"
_FUNNY = re.compile(r"哈哈哈|笑死|😂|🤣|😆|😹|(?a:\blmf?ao\b|\bhaha\w*|\brofl\b)", re.IGNORECASE)
#: a "lol" at the end: a laugh only where nothing sad is going on ("i keep checking if she's online lol" is not one)
_LOL = re.compile(r"(?a:\blol\W*$)", re.IGNORECASE)
_HARD = re.compile(
    r"累|烦|死|惨|难受|崩|哭|没人|孤|失败|被甩|分手|骂|讨厌|受不了|撑不住"
    r"|(?a:\btired\b|\bdead\b|\bdying\b|\bkilling me\b|\bsad\b|\bhate\b|\bworst\b|\bugh\b|\bcry|\bnobody\b"
    r"|\balone\b|\bdumped\b|\bbroke up\b|\bfail)",
    re.IGNORECASE,
)
_GOOD = re.compile(
    r"开心|高兴|太好了|棒|不错|顺利|轻松|好多了|成功了|搞定了|学会了|真方便|好方便|期待|兴奋|(?a:\bhappy\b|\bgreat\b|\bawesome\b"
    r"|\bexcited\b|\bcan'?t wait\b"
    r"|\bglad\b|\bgood\b|\bbetter\b|\bit worked\b|\bnailed it\b|"
    r"\brelieved\b)",
    re.IGNORECASE,
)
_MASKING_TOO = re.compile(
    r"没事啦|真的没事|我没事的?|(?a:\bi'?m fine\b|\bit'?s fine\b|\ball good\b)", re.IGNORECASE
)
#: a question about oneself that asks for reassurance, not facts: 我是不是很傻, am I overreacting?
SELF_DOUBT = re.compile(
    # no tears at a loss, asked about: 葬礼上我一滴眼泪都没掉…正常吗 / didn't cry once… is that normal?
    r"(?:没哭|哭不出来|一滴眼泪都没|没掉(?:一滴)?眼泪|没流(?:一滴)?泪)[^？?]{0,40}(?:正常吗|正不正常)"
    r"|(?a:\b(?:didn'?t cry|haven'?t cried|can'?t cry|not cried|no tears)\b[^?]{0,100}\bis (?:that|this|it) normal\b)|"
    # 你覺得我係咪好自私 / 我是不是根本就不是读书的料
    r"我?(?:係|系)咪(?:好|太|有啲|有点)?(?:自私|傻|蠢|衰|无情|無情|冇用|没用)|(?:是不是|根本|就)不是(?:读书|学习|考试)的料|"
    # am I overthinking it: 是我想多了吗 / 係咪我諗多咗 / am i overthinking this
    r"是我想(?:多|太多)了吗|(?:係|系)咪我諗(?:多咗|太多)|(?a:\bam i (?:just )?overthinking\b)"
    # whether a child or an animal is like this at that age, not whether a body is ill: 是不是青春期都这样？这正常吗
    r"|(?:孩子|儿子|女儿|闺女|青春期|这个年纪|这么大的孩子|小孩|猫|狗)"
    r"(?![^。？?!！]{0,40}(?:发烧|烧到|吐|疼|痛|血|咳|拉肚子|腹泻|喘|抽搐|昏|晕|药|不吃|不喝|唔食|唔饮|[2-9]\d\s*岁|成年))"
    r"[^。!！]{0,40}?(?:是|算)?(?:正常(?:的)?吗|正不正常|系咪正常|正常㗎|正唔正常)|是不是(?:青春期|这个年纪|小孩子?)(?:的孩子)?都(?:会)?这样"
    r"|(?a:\bis (?:it|this|that) normal (?:for (?:a |an |her |his |their |my )?(?:age|kids?|child|teens?|teenagers?"
    r"|son|daughter|cat|dog|puppy|kitten|\d+[- ]?(?:year|yr)[- ]?old)\b|that my (?:cat|dog|son|daughter|kid|teen)\b)"
    r"(?![^.?!]{0,60}\b(?:fever|vomit\w*|throw\w* up|bleed\w*|blood|pain|hurt\w*|limp\w*|not eating|won'?t eat"
    r"|breath\w*|seizures?|rash)\b))|"
    r"我是不是(?:很|太|有点|真的)?(?:傻|笨|没用|矫情|太敏感|想太多|多余|失败|不够好|有问题|做错|哪里做得不好|很差)"
    r"|(?:你会不会|会不会)觉得我(?:很|太)?(?:矫情|傻|烦|奇怪|没用)|是不是我的错|都怪我吗"
    # 你会不会觉得我说的这些很无聊 / 你會唔會覺得我呢啲嘢好無聊 / do you find this boring
    r"|(?:会不会|会唔会)觉得我[^。？?]{0,8}(?:好|很|太|有点)?(?:无聊|闷)"
    r"|(?a:\bdo (?:you|u) find (?:this|me|it|all this|my \w+) boring\b|\bam i boring (?:you|u)\b)"
    r"|是不是我(?:太|很|有点|想得)?(?:敏感|矫情|想太多|想多了|小气|多疑|作|不够好|做错了|自私)"
    r"|是不是我(?:平时)?(?:管|陪|关心)(?:她|他|孩子)?(?:得)?(?:太少|不够)"
    # 是不是挺蠢的 (of what the person did) / Cantonese: 係咪我太自私
    r"|^[\W_]*(?:我这样)?是不是(?:挺|很|太|有点|真的)(?:蠢|傻|笨|没用)的?|(?:係|系)咪我(?:太|好|有啲|有点)?(?:自私|傻|蠢|无情|無情|衰)"
    r"|我是不是(?:很|太|有点|真的)?自私|我怎么(?:这么|那么)(?:蠢|傻|笨|没用)"
    # a grief asked about: 这种难过要多久才会好 这样是正常的吗 (not 我每天只睡四小时，这样正常吗); reaching for the one
    # who died: 我有时候还会拿起手机想给他打电话 这正常吗
    r"|(?:难过|伤心|哭|想念|想他|想她|走不出来|放不下)[^。？?!！]{0,14}?(?:这样|这|我这样)(?:子)?(?:是|算)?(?:正常(?:的)?吗|正不正常)"
    r"|(?:想给[他她]打电话|拿起手机想|梦(?:到|见)[他她]|以为[他她]还在|听到[他她]的声音)[^。？?!！]{0,14}?(?:这样|这|我这样)?(?:子)?"
    r"(?:是|算)?(?:正常(?:的)?吗|正不正常)"
    r"|(?a:\b(?:reach\w* for (?:my|the) phone|(?:still )?(?:set|lay) (?:a|her|his) place|dream\w* (?:of|about) (?:her|him))"
    r"\b[^?]{0,80}\bis (?:that|this|it) normal\b)"
    # whether others feel it too, or one is broken: do other guys feel this or am I just broken
    r"|(?a:\bdo other (?:people|guys|men|women|parents|dads|mums|moms)\b[^.?!]{0,30}\b(?:feel|get|go through)\b"
    r"|\bam i (?:just )?broken\b)"
    # anger or relief where sadness seemed due: 比起难过我更多是生气，这正常吗 / 他走了我竟然松了口气，正常吗
    r"|(?:生气|气愤|愤怒|火大|恨|松了(?:一)?口气|解脱)[^。？?!！]{0,20}?(?:这样|这|我这样)?(?:是|算)?(?:正常(?:的)?吗|正不正常)"
    # do you reckon it's normal to feel kind of angry? not at her, just at everything
    r"|(?a:\b(?:is it|it'?s|is that) normal to (?:feel|be|get) (?:so |kind of |kinda |a bit |really )?(?:angry|mad|pissed"
    r"|resentful|jealous|relieved)\b)"
    r"|(?:我|这样)是不是(?:很|太|有点)?(?:小气|小心眼)"
    # 我这种人是不是就没救了 / am I a lost cause
    r"|(?:我这种人|我这样的人|我)(?:是不是|是否)?(?:就|已经|真的|彻底)?没救了(?:吧|吗|啊)?"
    r"|(?a:\bam i (?:just )?(?:a lost cause|beyond help|hopeless)\b)"
    # 你会不会觉得我好玻璃心 / 你會唔會覺得我好玻璃心 / 我是不是太玻璃心了
    r"|(?:觉得|是不是|系咪)[^。？?]{0,3}我?(?:好|很|太|有点|真系)?(?:玻璃心|脆弱)|我是不是(?:太|很|有点)?(?:玻璃心|脆弱)"
    # whether raising it there is out of place: 在我妈寿宴上提钱 是不是很不像话 / is it rude to bring it up at dinner
    r"|(?:寿宴|饭桌|酒席|婚礼|聚会|年夜饭|当着|宴席|生日宴)[^。？?]{0,8}(?:提|说|讲|问|开口)[^。？?]{0,12}(?:是不是|会不会|算不算)"
    r"(?:很|太|有点)?(?:不像话|不合适|不妥|过分|失礼|没礼貌)"
    # 这种是正常的吗？还是我太玻璃心了
    r"|还是(?:说)?我(?:太|很|有点|真的)?(?:玻璃心|脆弱|敏感|想太多|想多了|矫情)"
    # wanting to give it all up, asked about: 为了一个实验就想退学，这正常吗
    r"|(?:想|要)(?:放弃|辞职|退学|退出|不干)[^。？?!！]{0,20}?(?:这样|这|我这样)?(?:是|算)?(?:正常(?:的)?吗|正不正常)"
    # 这样是不是不正常啊 / 我这样正常吗 (of a feeling told before; not of a body: 每天只睡四小时)
    r"|^[^。？?!！]{0,4}(?:我|我这样|这样)(?:是不是|是否)(?:有点)?不?正常"
    # 是不是我哪里做得不够好 / 我是不是管得太多了 / 是不是我要求太高了
    r"|是不是我(?:哪里)?做得不(?:够)?好|我是不是哪里做得不够好"
    r"|我是不是(?:管|想|说|问|要求|逼|盯)得?(?:太多|太紧|太严|太过|太高|过分)|是不是我?要求太高"
    # jumpy after a fright, asked about: 现在一听到刹车声就一哆嗦 正常吗 / i flinched so hard… is that normal or am i
    # losing it
    r"|(?:吓一跳|一惊|一哆嗦|哆嗦|发抖|手抖|噩梦|心慌|心跳(?:好快|加速|很快)|一听到|一看到|一想到|不敢(?:开|坐|出门|一个人))"
    r"[^。？?]{0,30}(?:正常吗|正不正常)|我是不是(?:疯了|要疯了|快疯了)"
    r"|(?a:\b(?:flinch\w*|jump(?:y|ed|ing)|startl\w*|on edge|nightmares?|shak(?:y|ing)|panic\w*|heart (?:racing|pounding)"
    r"|freez(?:e|ing|ed) up)\b[^?]{0,80}\bis (?:that|this|it) normal\b|\bam i (?:losing it|losing my mind|going crazy"
    r"|going mad|going insane)\b)"
    # a scene that keeps playing, asked about: 脑子里还是他那张脸…这正常吗 / I keep replaying it, is that normal
    r"|(?:脑子里|一直在想|反复想|忘不掉|回放|想起来就|还在想|老是想)[^。]{0,40}(?:这|这样|我这样)(?:也)?(?:算)?(?:正常吗|正不正常)"
    r"|(?a:\b(?:replay\w*|keep thinking about|can'?t stop thinking about|stuck in my head)\b[^.]{0,60}\bis (?:that|this|it)"
    r" normal\b)"
    # called oneself a fool in a few words: 我好蠢 / 我真没用 / i'm such an idiot
    r"|^\W*我(?:真|好|太|真的|真是)(?:的)?(?:好|太)?(?:蠢|笨|傻|没用)(?:啊|了|死了|透了)?\W*$"
    r"|(?a:^\W*(?:i'?m|i am) (?:so |such an? |an? |really )?(?:idiot|stupid|dumb)\W*$)"
    # said, not asked: 我觉得自己是个很差劲的女儿 / 我真是个失败的妈妈
    r"|我(?:觉得)?(?:自己)?(?:真)?是个?(?:很|太|特别)?(?:差劲|失败|没用|糟糕)的"
    # a short "is that normal?" after what was told: the feeling just told, asked about
    r"|^\W*(?:我?(?:这样|这)(?:也)?(?:算)?正常吗|(?a:is (?:that|this) (?:normal|ok|okay)|am i normal))\W*(?=[^.。!！]{0,25}$)"
    # ... with what it is said at once: "is that normal? like being happy and having buyer's remorse at once"
    r"|^\W*(?:我?(?:这样|这)(?:也)?(?:算)?正常吗[？?]\s*就是|(?a:is (?:that|this) (?:normal|ok|okay)\?\s*(?:like|i mean)\b))"
    r"|(?a:\bam i (?:just |being )?(?:stupid|dumb|weak|overreacting|being dramatic|dramatic|crazy|pathetic|a failure|the problem"
    r"|too sensitive)\b"
    r"|\bis it (?:weird|stupid|dumb|bad|terrible|awful|wrong|pathetic|embarrassing|silly|childish) (?:that|to|i|if)\b"
    # "Thinking I might take the plot on myself. Is that daft?", "or is that tacky to even suggest"
    r"|\bis (?:that|this) (?:a bit |too )?(?:daft|silly|mad|tacky|rude|cheeky|much)\b"
    # "at 74, is it daft to go looking for another choir?"
    r"|\bis it (?:a bit |too )?(?:daft|silly|mad|ridiculous) to\b"
    # "Is that a terrible thing to say?" of a thought said out loud
    r"|\bis (?:that|this|it) (?:a |an )?(?:terrible|awful|horrible|bad|wrong|horrid) thing to (?:say|think|feel|admit)\b"
    # a feeling that seems the wrong one, asked about: more mad than sad / relieved that it's over -- is that normal?
    r"|\b(?:mad|angry|anger|pissed|furious|resent\w*|relie(?:f|ved))\b[^?!]{0,60}\bis (?:that|this|it) normal\b"
    r"|\bfeels? (?:so |kind of |kinda )?(?:stupid|dumb|silly|pathetic|ridiculous) to\b"
    # "is it normal" of a feeling ("to cry every day", "to still be this homesick"), not of a body or a baby
    r"|\bis it normal (?:that|to|i)\b(?=[^.?!]{0,40}\b(?:cry|crying|miss|missing|homesick|sad|sadness|grief|grieving"
    r"|wrecked|upset|hurt|numb|angry|anxious|lonely|feel|feeling|still|pissed|mad|resentful|jealous|guilty"
    r"|want to (?:quit|give up|drop out|leave)|be (?:this|so))\b)|\bwas it my fault\b|\bis it my fault\b"
    r"|\bam i (?:being )?(?:paranoid|needy|too needy|controlling|asking too much|expecting too much)\b"
    r"|\bmaybe i(?:'m| am) (?:being |just )?(?:paranoid|too sensitive|overreacting|dramatic|too needy|the problem"
    r"|asking too much)\b|\bi'?m (?:such )?a (?:terrible|bad|awful|horrible) (?:mum|mom|dad|daughter|son|parent"
    r"|friend|wife|husband|person)\b"
    r"|\bis it (?:selfish|petty|wrong|bad) (?:of me )?(?:to|that)\b|\bam i (?:being )?petty\b"
    r"|\bwould (?:that|it) be (?:crazy|stupid|dumb|selfish|wrong|weird)\b(?! (?:to|if) )|\bam i (?:being )?selfish\b|\bi (?:still )?(?:could|should)(?:'?ve| have) (?:answered|said|done|called|texted|seen|known)\b)",
    re.IGNORECASE,
)
#: a question of what to do, asked as yes or no: 要不要直接绝交, should I just quit?
#: (not giving up on everything: "should I just stop trying?" is despair, not a question of what to do)
_SHOULD = re.compile(
    r"(?:要不要|该不该|应不应该|应唔应该)(?!放弃|算了|消失|离开这个)"
    r"|(?a:\b(?:should i|do you think i should)\b(?! just (?:stop|give up|disappear|quit (?:everything|life))))",
    re.IGNORECASE,
)
#: a feeling named in so many words
FEELING_WORD = {
    "zh": re.compile(
        r"难过|伤心|生气|愤怒|害怕|紧张|焦虑|后悔|内疚|愧疚|自责|尴尬|丢脸|委屈|孤单|孤独|失落|绝望|崩溃|烦|累|慌|怕"
    ),
    "en": re.compile(
        r"\b(?:sad|angry|mad|furious|scared|afraid|anxious|nervous|guilty|ashamed|embarrassed|awful|terrible|lonely"
        r"|useless|hopeless|hurt|upset|frustrated|worried|stressed|exhausted|lost|empty)\b",
        re.IGNORECASE,
    ),
}


def says_a_feeling(message: str) -> bool:
    """``message`` names a feeling of :data:`FEELING_WORD` in so many words, in either language."""
    folded = fold(message)
    return any(words.search(folded) for words in FEELING_WORD.values())


#: parents fighting with each other, heard by their child: 他们又在吵 / 爸妈天天吵 / my parents are fighting again
_BETWEEN = re.compile(
    r"(?:爸妈|我爸(?:和|跟)我妈|父母|他们|他俩)(?:又|天天|每天|整天|一直|总是|老是)?(?:在)?(?:吵|打)(?!我)"
    r"|(?a:\b(?:my parents|mom and dad|mum and dad|they)(?:'re| are)? (?:\w+ )?(?:fighting|arguing|yelling|screaming)\b"
    r"|\bmy parents (?:fight|argue|yell)\b)",
    re.IGNORECASE,
)
#: a question announced, not yet asked: I have a question about tomatoes / 问你个事 / 想请教一下
#: news about to be told, in so many words: "I just gotta brag to somebody" (read by _ANNOUNCED and _NEWS_TOLD)
_BRAG = r"\b(?:gotta|got to|have to|need to|just want to|wanna) (?:brag|show off)\b"
_ANNOUNCED = re.compile(
    r"(?:问你个|想问(?:你)?(?:一)?个|请教(?:你)?(?:一)?个|有个)(?:事|问题)(?:儿)?(?:哈|啊|呗)?[\W_]*$"
    r"|^[\W_]*(?:欸|诶|哎)?[\W_]*我?(?:想)?[问問](?:你|妳)(?:喔|哦|噢|啊|呀|一下|下)?[\W_]*$"
    # news announced, not yet told: 跟你说个开心的事！！ / 告诉你个好消息 / guess what!
    r"|^[\W_]*(?:欸|诶|哎)?[\W_]*(?:跟你说|告诉你)(?:个|件|一件|一个)(?:开心|高兴|好)的?(?:事|消息)(?:哦|喔|啊|呀)?[\W_]*$"
    r"|^[\W_]*告诉你(?:一?个)?好消息[\W_]*$|(?a:^\W*(?:guess what|i have (?:some )?(?:good|great) news)\W*$)"
    # "ok this isn't a problem or anything I just gotta brag to somebody": the news comes next
    rf"|(?a:{_BRAG}(?: (?:to|a bit|for a sec)\b[\w ]{{0,20}})?\W*$)"
    r"|(?a:\b(?:i have|i've got|i got|quick|can i ask (?:you )?a) (?:a )?(?:question|q)\b(?: for you| about [\w' ]{1,30})?"
    r"[\W_]*$"
    # "hey can I ask something kinda weird" / 可以问你个奇怪的问题吗
    r"|\bcan i ask (?:you )?(?:something|smth|sth)\b(?: (?:kinda |kind of |a bit |really |pretty )?(?:weird|random|odd|personal|dumb|stupid))?\W*$)"
    r"|(?:可以|能)问(?:你)?(?:一)?个(?:奇怪的|私人|傻|蠢|随便的)?(?:问题|事)(?:吗|嘛|不)?[\W_]*$",
    re.IGNORECASE,
)
#: the opening of a knock-knock joke, said alone
_KNOCK = re.compile(r"^\W*knock,?\s*knock\W*$", re.IGNORECASE)
#: a joke the person tells (给你讲个笑话：..., here's one for you): laughed at, not answered with one of the bot's
JOKE_TOLD = re.compile(
    r"(?:给你|跟你|和你|我来|听我|我也|我给你)(?:讲|说)(?:一)?个(?:笑话|段子)|(?:讲|说)(?:一)?个(?:笑话|段子)给你"
    r"|(?a:\b(?:here'?s|i'?ve got|i got|i have|heard) (?:a|one|another)(?: good)? (?:joke|one) (?:for (?:you|u)|you'?ll"
    r" (?:love|like))|\bhere'?s (?:a joke|one)\b\s*[:!]"
    # a riddle asked and answered in one breath, of no one here: why did the scarecrow win an award? because...
    r"|^(?![\s\S]*\b(?:i|me|my|i'?m|i'?ve|we|us|our)\b)[\s\S]*?\b(?:why (?:did|do|does|don'?t|doesn'?t|can'?t"
    r"|couldn'?t|is|are|was|won'?t) (?:the|a|an|\w+s)\b|what do you call (?:a|an|the)\b|what'?s the difference "
    r"between\b)[^?]{3,80}\?+\s*\w|\bknock,? knock\b)",
    re.IGNORECASE,
)
#: violence at home, said or remembered: 他以前动过手 / 我爸又打我妈了 / he hits her
_VIOLENT = re.compile(
    r"家暴|家庭暴力|动(?:过|了)?手|打(?:过|了)?(?:我|她|我妈|妈妈|我们)(?!游戏|电话|工|车|针|卡|算|扫|扰|听)"
    # (not a match won: "i beat her 3-0", "we beat them in the final")
    r"|(?a:\b(?:hit|hits|hitting|beat|beats|beating|punched|slapped|shoved|choked) (?:me|her|my mom|my mum|us)\b"
    r"(?!\s*(?:\d|(?:in|at) (?:the )?(?:final|semi|round|game|match|race|debate|chess|tennis)))"
    r"|\bdomestic (?:violence|abuse)\b|\b(?:gets?|got|been|was) violent\b)",
    re.IGNORECASE,
)
_NOT_VIOLENT = re.compile(
    r"没(?:有)?(?:动手|打)|(?a:\b(?:didn'?t|never|doesn'?t|hasn'?t) (?:hit|beat|touch|get violent)\b)",
    re.IGNORECASE,
)
_BEFORE_TOO = re.compile(
    r"(?:以前|之前|上次|从前|小时候)[^。？?]{0,4}(?:有过|打过|动过手)|(?a:\b(?:has|he'?s|she'?s) (?:before|done it before)\b"
    r"|\bhe used to\b)",
    re.IGNORECASE,
)
_AT_HOME = re.compile(
    r"爸|妈|老公|丈夫|男朋友|男友|继父|家里|(?a:\b(?:dad|father|husband|boyfriend|partner|stepdad|mum|mom)\b)",
    re.I,
)


def violent_at_home(message: str, event: str | None = None, who: str = "") -> bool:
    """Violence at home told (not denied, or denied now and told of before: "他没动手，这次没有。以前有过。"), by
    someone at home (named now, or ``who`` the story is about), or in a conversation about family conflict."""
    if not _VIOLENT.search(message):
        return False
    if _NOT_VIOLENT.search(message) and not _BEFORE_TOO.search(message):
        return False
    return bool(_AT_HOME.search(f"{message} {who}")) or event in ("family_conflict", "control", "conflict")


#: a question put in so many words: a question mark or particle
_ASKS = re.compile(r"[?？吗]")
#: a question quoted (他就一句话：养你这么大你就这样？), the bot's own question answered (你刚才问我…), or
#: indignation ("a whole semester??")
_NOT_ASKED = re.compile(
    r"[:：][^。!！]{0,20}[?？]|你(?:刚才|刚刚|之前)?问(?:我|的)|[?？]{2}|[?？][!！]|(?a:\byou asked\b)"
    r"|(?:我|他|她|他们|我妈|我爸)(?:就)?(?:说|问)(?!一下|下)[^。!！]{0,20}(?:[?？]|吗)"  # 我说你把我当保姆吗
    # asked of no one, in anger: 我浑身湿透了我笑得出来吗 / 凭什么 / 难道是我的错 / how was I supposed to smile
    r"|我[^。，,！!？?\s]{0,10}(?:得出来|得起来)吗|凭什么|难道|怎么可能"
    r"|(?a:\bhow (?:am|was) i supposed to\b|\bwho (?:even )?does that\b)",
    re.IGNORECASE,
)
#: a dull day, said as such (not the emptiness of 活着没意思, which the risk layer reads)
_BORED = re.compile(
    r"(?<!不)无聊(?!的人|死)|闲得慌|好闲|(?a:\bi'?m (?:so )?bored\b|\bso bored\b|\bbored (?:af|out of my mind)\b)",
    re.I,
)
#: a name given, not only used ("叫它胖胖", "a puppy called Biscuit"; not "my cat Biscuit knocked my coffee over")
_NAMING = re.compile(
    r"叫|取名|起名|名字|(?a:\bnamed?\b|\bcalled\b|\bcall (?:him|her|it)\b|\bname is\b)", re.I
)
#: an animal still to come: 想养一只 / 准备领养 / we're getting a puppy
_COMING = re.compile(
    r"想养|要养|打算养|准备养|领养|想要一只|(?a:\b(?:getting|adopting|get|adopt|bringing home)\b)",
    re.IGNORECASE,
)
#: irony and masking: a cheerful surface over pain (呵呵，真是太棒了; 哈哈 习惯了; 大家都说我应该很幸福)
#: praise laid on over a trouble just told: sarcasm when the turn before was a complaint and no good news is told
_PRAISE_OVER = re.compile(
    r"太好了真的|真的太好了|我(?:太|好|真)感动了|感动哭了|(?:可)?真(?:是)?(?:贴心|周到|高效)(?:啊|呢|哦)?[，,。.!！\s]*(?:😊|🙂|🙃|呵|哈)"
    r"|(?a:\bcan'?t wait to\b[^.!?]{0,40}(?:\blol\b|🙃|🙂|😊|🙄)|\b(?:great|perfect|wonderful|fantastic|brilliant|amazing)"
    r"(?:,| \.|\.)? (?:just|really|truly) (?:great|perfect|what i needed)\b|\bso (?:helpful|useful)\b[^.!?]{0,10}(?:🙃|🙂|🙄|lol))",
    re.IGNORECASE,
)
_STILL = re.compile(r"还是|又|一直|照样|(?a:\bstill\b|\bagain\b|\banother\b)", re.IGNORECASE)
_SARCASM = re.compile(
    r"呵呵|(?:真是|可真|简直|真)太?(?:棒|好|妙|行|厉害)了?[吧呢啊呀]?[，,。.!！]*(?:又|呵|hh|哈)|谢谢你全家|好一个"
    # 我真谢谢她啊 / 真是谢谢您嘞: thanks given for a slight
    r"|我(?:可)?真(?:是)?谢谢(?:你|您|她|他|他们|她们)(?:啊|了|嘞|哈|呢)|(?:真是|可真)谢谢(?:您|你|她|他)(?:了|嘞|啊)"
    r"|(?a:\b(?:oh|just|yeah|wow),? (?:great|perfect|wonderful|fantastic|right)\b|\blove that for me\b|/s\b"
    r"|\bthanks,? that'?s (?:so|really) helpful\b|\b(?:perfect|great|fantastic|wonderful) start (?:to|for)\b"
    r"|\bjust what i needed\b|\bjust my luck\b"
    # "so that was nice 🙃", "happy birthday to me i guess": a nicety said upside down
    r"|\b(?:so )?that was (?:nice|great|fun|lovely|sweet)\b[^.!?]{0,6}(?:🙃|🙄|lol)|\bto me,? i guess\b"
    r"|(?:🙃|🙄)\s*(?:so )?(?:that was|that'?s) (?:nice|great|fun|lovely|sweet)\b)"
    r"|[好真]?(?:棒|好|开心|感动)[^。！!]{0,4}(?:🙃|🙄)",
    re.IGNORECASE,
)
#: the upside-down face and the eye roll: what they are said over is not what they say
_UPSIDE_DOWN = re.compile(r"🙃|🙄")
#: a good day said of a bad one: 今天真是个好日子 / what a great day
_GOOD_DAY = re.compile(
    r"(?:真是|可真是|真)(?:个)?(?:好日子|美好的一天|好运气)|(?a:\bwhat a (?:great|lovely|perfect|wonderful|fantastic) (?:day|start|week)\b"
    r"|\bliving the dream\b)",
    re.IGNORECASE,
)
#: money or a thing lost: 亏了 / 赔光了 / lost $38k of our savings / 电动车让人偷了
_LOSS = re.compile(
    r"亏|赔|欠|没了|丢了|偷了|被偷|(?a:\blost\b|\bdebt\b|\bsavings\b|\bbroke\b|\bfired\b|\bdumped\b|\bdenied\b"
    r"|\bstolen\b|\brobbed\b|\b(?:zero|no) tip\b|\bstiffed\b)",
    re.IGNORECASE,
)
_MASKING = re.compile(
    r"习惯了|没事没事|无所谓了|还能怎样|还能怎么样|装作|假装|装得很|(?a:\bpretend)|(?:都说|觉得)我?应该(?:很|挺)?(?:幸福|开心|知足|满足)|强颜欢笑|装作?没事"
    r"|(?a:\bused to it\b|\b(?:supposed|should) to be happy\b|\bshould be (?:happy|grateful)\b"
    r"|\b(?:says?|saying|tells? me|telling me|told me)\b[^.!?]{0,20}\b(?:how )?(?:happy|lucky|grateful) i (?:must|should)"
    r" (?:be|feel)\b|\bjust (?:smile|nod)(?: and (?:smile|nod))?\b"
    r"|\bi'?m fine,? (?:lol|haha)\b|\bwhatever,? (?:lol|haha)\b|\bit is what it is\b)",
    re.IGNORECASE,
)
STAGES = ("exploration", "comforting", "action")


@dataclass(frozen=True)
class Reading:
    """One user turn as the dialogue manager reads it."""

    message: str
    acts: DialogueActs
    situation: Situation
    facts: dict[str, str]
    emotion: str  # in context, after the valence rules (see :func:`emotion_in_context`)
    intensity: float
    risk: RiskLevel
    cues: frozenset[str] = (
        frozenset()
    )  # the kinds of the risk cues the message itself gave (xinyu.safety.cues)
    pushback: Pushback | None = None  # what it says back about the last reply (xinyu.respond.repair)
    amused: bool = False  # laughing out loud at something that happened (see :func:`funny`)


@dataclass
class DialogueState:
    """What a session remembers between turns (stored as a small JSON object with the session's state)."""

    facts: dict[str, str] = field(default_factory=dict)
    event: str | None = None  # the event being talked about
    event_turns: int = 0  # user turns about it so far
    thing: str = ""  # the words that told it, as written
    moods: list[str] = field(default_factory=list)  # the last emotions read, oldest first
    no_advice: bool = False  # the person asked to be listened to, not advised
    recalled: bool = False  # the reply has referred back to the remembered event already
    screened: bool = False  # the reply has asked directly about thoughts of suicide
    screened_at: int = -1  # the user turn it was asked after (the next turn answers it)
    screened_wish: bool = False  # it was asked after a wish to be dead, not only after despair
    asked_safety: bool = False  # the reply has asked whether it is safe at home (violence told)
    #: the request being answered ("推荐一部电影", a medicine), with the follow-ups that refine it, and its act
    request: str = ""
    request_act: str = "smalltalk_request"
    follow_up: bool = False  # this turn refines that request ("要那种能哭一场的", "seen it, another one")
    turns: int = 0
    #: a knock-knock joke played along: 1 after "knock knock", 2 after the name, 3 after the punchline
    knock: int = 0
    knock_who: str = ""
    #: the last person named (not a doctor): who "他" is when a later turn tells their news ("我爸81了" … "他下礼拜
    #: 去医院复查眼睛")
    named: str = ""
    #: what the last few turns were about, among the subjects a request may follow up without naming them (the
    #: snoring that "委婉点跟他提" is about, the tomatoes of "the side shoots"): names, never the person's words
    subjects: list[str] = field(default_factory=list)

    @classmethod
    def restore(cls, data: dict | None) -> DialogueState:
        data = data or {}
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)

    def to_dict(self) -> dict:
        """Every field in order, as ``asdict`` gives them (without its deep copy, which strings do not need)."""
        out = {name: getattr(self, name) for name in self.__dataclass_fields__}
        out["facts"], out["moods"] = dict(self.facts), list(self.moods)
        return out

    def _knock(self, message: str) -> None:
        """Follow a knock-knock joke: "knock knock", then a name (\"Lettuce\"), then the punchline."""
        words = message.strip(" .!?~").split()
        if _KNOCK.match(message):
            self.knock, self.knock_who = 1, ""
        elif self.knock == 1 and 0 < len(words) <= 4 and "?" not in message:
            self.knock, self.knock_who = 2, " ".join(words)
        elif self.knock == 2:
            self.knock = 3
        else:
            self.knock, self.knock_who = 0, ""

    @property
    def stage(self) -> str:
        """exploration for the first two turns about an event, comforting for the next two, action after."""
        if self.event_turns <= 2:
            return "exploration"
        return "comforting" if self.event_turns <= 4 else "action"

    def remember(self, reading: Reading) -> None:
        """Move on by one user turn: keep its facts, follow its event, note its mood and any refusal."""
        self.turns += 1
        # (twelve: the eight parts of someone else at risk share their subject, and must not push out each other)
        self.subjects = (self.subjects + [s for s in subjects(reading.message) if s not in self.subjects])[
            -12:
        ]
        self._knock(reading.message)
        for kind, value in reading.facts.items():
            self.facts[kind] = value
        sit = reading.situation
        if (
            sit.event
            and sit.event != self.event
            and not _detail_of(sit.event, self.event)
            # "it's been just me and her since I retired": a time in the story told, not a new one
            and not (self.event and sit.event == "retirement" and _SINCE_RETIRED.search(reading.message))
        ):
            before = self.facts.get("who") or self.named  # the one talked about so far: "他" may be them
            self.event, self.event_turns, self.thing, self.recalled = sit.event, 1, sit.words, False
            self.facts.pop("duration", None)  # how long the last trouble lasted says nothing of this one
            # who the event happened to or with, for later turns that tell no event of their own (the doctor who
            # gave the news is not the one who is ill)
            who = sit.about or next(
                (
                    p
                    for p in nearest_people(reading.message, sit)
                    if not CARERS.search(p)
                    and not _addressed(reading.message, p)
                    and not (
                        sit.event == "illness"
                        and (_AT_WORK.search(p) or _named_after(reading.message, p, sit))
                    )
                ),
                None,
            )
            if not who and before and _PRONOUN.search(reading.message):
                who = before  # "他下礼拜去医院复查眼睛" after "我爸81了": the father's check-up, not the speaker's
            if who:
                self.facts["who"] = who
            else:
                self.facts.pop("who", None)
            # the one it befell when that is not the speaker (我儿子被欺负了): the reply speaks to a parent
            if sit.about:
                self.facts["about"] = sit.about
            else:
                self.facts.pop("about", None)
            # a fight between others the speaker hears, not one they are in: their parents
            if sit.event in ("family_conflict", "conflict") and _BETWEEN.search(reading.message):
                self.facts["between"] = "parents"
            else:
                self.facts.pop("between", None)
            # an animal taken ill ("my cat has a urinary blockage"): the vet, the cost, not "being ill"
            animal = sit.pet or self.facts.get("pet_name") or self.facts.get("pet")
            if sit.event == "illness" and animal and _VET.search(reading.message) and not sit.people:
                who = None  # "The vet says she has cataracts": "she" is the animal the session knows
                self.facts.pop("who", None)
                self.facts.pop("about", None)
            if sit.event == "illness" and animal and not who:
                self.facts["ill_pet"] = animal
            else:
                self.facts.pop("ill_pet", None)
            # what kind of trouble it is, where the material has lines of its own for it: a test already failed
            # ("I failed my driving test"), not one ahead; money lent and not paid back, not one's own debt; a
            # thing bought, not news heard
            kind = (
                "failed"
                if _FAILED.search(reading.message)
                else "lent"
                if _LENT.search(reading.message)
                else "injury"
                if sit.event == "illness" and _INJURY.search(reading.message)
                else "bought"
                if sit.event == "good_news" and _BOUGHT.search(reading.message)
                else ""
            )
            if kind:
                self.facts["kind"] = kind
            else:
                self.facts.pop("kind", None)
            if kind == "lent" and (borrower := _borrower(reading.message, sit.people)):
                self.facts["who"] = (
                    borrower  # "我哥说要给他儿子买车 找我借了8万": the brother owes, not his son
                )
            if sit.when and not CLOCK.search(
                sit.when
            ):  # "2:47am" is when the person writes, not the event's time
                self.facts["when"] = sit.when
                self.facts["thing"] = sit.words
        elif self.event and moved_on(reading, self.event, self.facts):
            # "在服务区歇会 睡不着 随便聊聊", then "我跑长途货车的…闺女跟我说爸爸你又不在家": the trouble told now is
            # another one, and the lines of the first would answer what is no longer being said
            self.event, self.event_turns, self.thing, self.recalled = None, 0, "", False
            for kind in ("who", "about", "between", "ill_pet", "kind", "when", "thing"):
                self.facts.pop(kind, None)
        elif self.event:
            self.event_turns += 1
        if named := next((p for p in sit.people if not CARERS.search(p)), None):
            self.named = named
        if duration := DURATION.search(reading.message):
            self.facts["duration"] = duration.group()
        self.follow_up = False
        asked = next((a for a in FOLLOWED if a in reading.acts), None)
        if asked is None and _MEDICINE.search(reading.message):
            asked = "question_medication"  # "my doctor put me on sertraline": what follows may ask about it
        if asked:
            self.request, self.request_act = reading.message[-200:], asked
        elif (
            self.request
            and _refines(reading)
            # "麻糬今天都不怎么吃东西": news of the pet the session knows, not a follow-up of "cats or dogs?"
            and not (self.facts.get("pet_name") and self.facts["pet_name"] in reading.message)
            and (self.request_act != "question_medication" or _about_it(reading))
        ):
            self.request, self.follow_up = f"{self.request} {reading.message}"[-200:], True
        else:
            self.request = ""
        if "refusal" in reading.acts and not asks_for_help(reading.message):
            # (comfort refused for an answer: "你不用安慰我…我就想知道 他欠的钱是不是都得我来还？" asks for one)
            self.no_advice = True
        elif "advice" in reading.acts:
            self.no_advice = False  # asked for advice after all
        self.moods = (self.moods + [reading.emotion])[-4:]


#: events a story's details often tell (the debts of a gambler, the nights of someone treated unfairly): a detail
#: of the story being told, never a new one, when that story's event comes before them in EVENTS' order
DETAILS = frozenset({"money", "overwork", "loneliness", "insomnia", "distance"})
_RANK = {event: k for k, event in enumerate(EVENTS)}


#: events told inside another's story: the grades of nine rejections ("3.8 gpa, a poster at a
#: conference" after "0 for 9 phd programs") are the rejection's, not an exam ahead
_PART_OF = {"rejection": frozenset({"exam"})}


_VET = re.compile(r"兽医|宠物医院|(?a:\bvets?\b|\bveterinar)", re.IGNORECASE)
_SINCE_RETIRED = re.compile(
    r"退休(?:以后|之后|后|以来)|(?a:\bsince (?:i|we|he|she) retired\b)", re.IGNORECASE
)


#: events often told as the setting before the trouble itself ("在服务区歇会 睡不着 随便聊聊", "专升本还有47天"), and
#: the words any turn still about them would use: a long turn with none of them has moved on to something else
_SETTINGS = {
    event: re.compile(words, re.IGNORECASE)
    for event, words in {
        "insomnia": r"睡|眠|醒|夜|晚|困|累|(?a:sleep|awake|insomnia|night|tired|bed|rest|dream)",
        "exam": r"考|试|复习|分|成绩|题|背|学|图书馆|书|结果|老师|导师|(?a:exam|test|stud|grade|score|class|revis|pass|fail|mark|result|advisor|professor|teacher)",
        "interview": r"面|工作|岗|说话|嘴|开口|自我介绍|紧张|(?a:interview|recruit|hir|job|offer|role|position|nervous|speak|talk)",
        "change": r"搬|新|城市|适应|陌生|这里|这边|老家|(?a:move|moving|new|here|city|home|base|town|settl)",
        "overwork": r"加班|工作|老板|领导|项目|活|班|公司|(?a:work|job|boss|deadline|project|shift|office|manager)",
        "loneliness": r"一个人|孤|没人|朋友|陪|聊|空|寂寞|想家|老家|熟人|说话|视频|电话|(?a:alone|lonely|friend|nobody|no one|talk|miss|call|empty)",
        # "我去学校给人家家长赔了两百块钱" tells money in a story about a grandson who hit a classmate
        "money": r"钱|债|欠|还款|贷|花|赔|工资|房租|房贷|块|元|万|存款|借|收入|(?a:money|debt|owe|loan|pay|paid|rent|bill|cost"
        r"|cash|bank|savings|afford|\$|broke|salary|wage)",
    }.items()
}


def moved_on(reading: Reading, event: str, facts: dict[str, str]) -> bool:
    """A long turn that tells no event of its own and none of the words of ``event`` (a setting, see
    :data:`_SETTINGS`), nor the one it befell: the talk has moved on from it."""
    words = _SETTINGS.get(event)
    if words is None or reading.situation.event is not None:
        return False
    text = fold(reading.message)
    han = len(HAN.findall(text))
    long = han >= 20 if han else len(text.split()) >= 12
    who = facts.get("who")
    return long and not words.search(text) and not (who and fold(who) in text)


#: a practical how-to asked: 怎么睡 / 要怎么申请 / how do I get him to (not 怎么办, 怎么活, how do I go on)
_HOW_TO = re.compile(
    r"(?:到底|要|该)?(?:怎么|怎样|如何)(?!办|活|过下去|撑|熬|才能不|面对|死|结束|了断|解脱)[\u4e00-\u9fff]"
    r"|(?a:\bhow (?:do|can|should|would) (?:i|you|we)\b(?! (?:go on|keep going|cope|survive|live|get through|keep living"
    r"|make it stop|end|die|kill)))",
    re.IGNORECASE,
)


def _detail_of(event: str, ongoing: str | None) -> bool:
    """``event`` told while ``ongoing`` is talked about is a detail of that story: "每天催收电话打个不停" after a
    gambling debt is the gambling's, "那个方案我熬了三个通宵" after credit taken is the unfairness's."""
    if event in _PART_OF.get(ongoing or "", ()):
        return True
    return (
        ongoing is not None
        and event in DETAILS
        and EVENTS.get(ongoing) == "negative"
        and _RANK[event] > _RANK.get(ongoing, len(_RANK))
    )


def _about_it(reading: Reading) -> bool:
    """A turn after a question about a medicine that is still about it: it names one, or it is a few words ("那吃多
    少？"); not "他昨天给我画了张画" or "写作业具体怎么拆"."""
    return (
        _MEDICINE.search(reading.message) is not None
        or _HOW_MUCH.search(reading.message) is not None
        or len(reading.message) <= 12
    )


#: how much, how many, when to stop: a medicine's follow-up even when it is not named ("just tell me a number")
_HOW_MUCH = re.compile(
    r"多少|几片|几粒|几颗|剂量|加量|减量|停药|\d\s*(?:mg|毫克)|(?a:\bnumbers?\b|\bhow (?:much|many|long)\b|\bdoses?\b"
    r"|\bmg\b|\bstop\b)",
    re.IGNORECASE,
)


#: a turn that opens a subject of its own: 对了 / 另外 / 话说 / by the way / oh also
_NEW_TOPIC = re.compile(
    r"\W*(?:对了|對了|另外|话说|話說|还有个事|(?a:by the way|btw|oh,? also|also,|unrelated)\b)", re.IGNORECASE
)


def _refines(reading: Reading) -> bool:
    """A short turn that tells nothing new and asks nothing else: a follow-up to the request before it."""
    if _ABOUT_A_MEDICINE.search(reading.message):
        return True  # "can I just stop taking it?", "我等不及了，先多吃一片"
    return (
        len(reading.message) <= 40
        and not _NEW_TOPIC.match(reading.message)  # "对了 回来想在家试试做鲜花饼…": a new subject
        and reading.situation.event is None
        and not reading.facts  # "我想养一只橘猫，叫它胖胖": a choice made and a name told, news of its own
        and not PLAN_TOLD.search(reading.message)  # "好 我周末回老家去看看那个店": a plan of one's own
        and set(reading.acts.acts) <= {"venting", "question_factual", "refusal"}
        and reading.risk < RiskLevel.MODERATE
    )


@dataclass(frozen=True)
class Plan:
    """What the reply does, in order: ``moves`` (see :data:`STRATEGY_OF`), ``answer`` the act it answers first
    (when ``"answer"`` is a move), the stage, and why."""

    moves: tuple[str, ...]
    answer: str | None
    stage: str
    reason: str
    asked: str | None = (
        None  # what the answer answers, when not the turn alone (a request and its follow-ups)
    )
    #: what the last few turns were about: the subject of a request that names none ("跟他提": the snoring)
    subjects: tuple[str, ...] = ()

    @property
    def strategy(self) -> str:
        """The ESConv strategy of the plan's main move: a suggestion when it makes one, else its first support
        move (the answer's when it is all there is)."""
        if "suggest" in self.moves:
            return "suggestion"
        support = [m for m in self.moves if m != "answer"] or list(self.moves)
        return STRATEGY_OF[support[0]] if support else "reflection"

    def to_dict(self) -> dict:
        return {"moves": list(self.moves), "answer": self.answer, "stage": self.stage, "reason": self.reason}


# -- reading a turn --------------------------------------------------------------------------------------------


def _low(state: DialogueState) -> bool:
    """The conversation is about a trouble, or the last turn was a low one."""
    return EVENTS.get(state.event or "") == "negative" or bool(state.moods and state.moods[-1] in NEGATIVE)


def funny(message: str, risk: RiskLevel, lol: bool = False) -> bool:
    """A laugh out loud over something that happened, not over pain ("这周要累死了哈哈哈"), below any risk; a "lol"
    at the end counts only with ``lol``."""
    laugh = _FUNNY.search(message) is not None or (lol and _LOL.search(message) is not None)
    return risk < RiskLevel.MODERATE and laugh and _HARD.search(message) is None


def tone(message: str) -> str | None:
    """``sarcasm`` or ``masking`` when a cheerful surface covers pain, else None.

    >>> tone("呵呵，真是太棒了"), tone("哈哈 习惯了"), tone("今天真开心")
    ('sarcasm', 'masking', None)
    """
    if _SARCASM.search(message):
        return "sarcasm"
    if (_UPSIDE_DOWN.search(message) or _GOOD_DAY.search(message)) and (
        _HARD.search(message) or _LOSS.search(message)
    ):
        # "Great news… Lost $38k of our savings 🙃", "今天真是个好日子，电动车让人偷了🙂": good words over a loss
        return "sarcasm"
    if _MASKING.search(message) or (_LAUGH.search(message) and _HARD.search(message)):
        return "masking"
    if _MASKING_TOO.search(message) and not _GOOD.search(message):
        return "masking"
    return None


def emotion_in_context(
    label: str,
    intensity: float,
    risk: RiskLevel,
    situation: Situation,
    surface: str | None,
    moods: Sequence[str],
    *,
    ongoing: str | None = None,
    flat: bool = True,
    glad: bool = False,
    angry: bool = False,
    surprised: bool = True,
    disgusted: bool = True,
) -> tuple[str, float]:
    """The emotion a turn is read as, given what surrounds it.

    - never joy at ``moderate`` risk or above, nor when the turn tells a negative event (a pet that died, a
      breakup), nor when it is sarcastic or masks pain (``呵呵，真是太棒了``, ``哈哈 习惯了``): sadness, or the
      event's own feeling;
    - a negative feeling the event cannot carry gives way to one it can (anger at being lonely is read as
      sadness); ``ongoing`` is the event the conversation is about, for a turn that tells none of its own, and
      joy in a conversation about a trouble needs a word of gladness (``glad``: "面完了！感觉还不错");
    - a flat turn after negative ones ("还好吧" after three sad turns) keeps the recent feeling, softer, unless
      the turn only asks or greets (``flat`` false);
    - joy needs a word of gladness or good news: without one it is read as neutral; surprise and disgust need a
      word of their own (``surprised``, ``disgusted``): without one they are the feeling of the event talked
      about, or nothing said;
    - a turn telling a positive event with nothing negative read stays or becomes joy.
    """
    negative_event = situation.valence == "negative"
    # irony over a mishap with no story behind it ("perfect start to monday") is exasperation, not grief
    vexed = surface == "sarcasm" and not situation.event and risk < RiskLevel.MODERATE
    if label == "joy" and (risk >= RiskLevel.MODERATE or negative_event or surface):
        return ("anger" if vexed else _event_feeling(situation.event)), max(intensity, 0.4)
    if label in ("neutral", "surprise") and (negative_event or surface):
        return ("anger" if vexed else _event_feeling(situation.event)), max(intensity, 0.4)
    if label == "neutral" and risk >= RiskLevel.MODERATE:
        return "sadness", max(intensity, 0.4)
    event = situation.event if situation.event else ongoing
    fits = EVENT_FEELINGS.get(event or "")
    if (label == "surprise" and not surprised) or (label == "disgust" and not disgusted):
        # "她从小把我带大的" after a death, "跟女朋友异地三年了": nothing in it is news to the one who tells it
        if fits or (event and EVENTS.get(event) == "negative"):
            return (fits or ("sadness",))[0], max(intensity, 0.3)
        label, intensity = "neutral", min(intensity, 0.2)
    if label == "joy" and fits and situation.valence != "positive" and not glad:
        return fits[0], max(intensity, 0.4)  # "它叫年糕，陪了我十二年" after the cat died is no joy
    if label == "joy" and situation.valence != "positive" and not glad:
        # a model's joy with no word of it ("哈囉～", a question) is noise; words of anger say what it is
        return ("anger", max(intensity, 0.4)) if angry else ("neutral", min(intensity, 0.2))
    if label in NEGATIVE and fits and label not in fits:
        return fits[0], intensity
    if label == "anger" and not angry and not (fits and "anger" in fits):
        # a model's anger with no word of it and no event that carries it (the Chinese model over-reads anger:
        # shyness, worry and grief come out angry) is the low feeling of a negative turn, or nothing said
        return (
            ("sadness", intensity)
            if negative_event or (moods and moods[-1] in NEGATIVE)
            else ("neutral", min(intensity, 0.2))
        )
    if label == "neutral" and flat and moods and moods[-1] in NEGATIVE and not situation.event:
        return moods[-1], max(0.3, intensity)
    if situation.valence == "positive" and label in ("neutral", "surprise") and risk < RiskLevel.MODERATE:
        return "joy", max(intensity, 0.4)
    return label, intensity


#: the negative feelings an event can carry, the likeliest first (a model's anger at a pet's death is noise)
EVENT_FEELINGS: dict[str, tuple[str, ...]] = {
    "pet_loss": ("sadness",),
    "bereavement": ("sadness", "fear"),
    "loneliness": ("sadness", "fear"),
    "breakup": ("sadness", "anger"),
    "betrayal": ("anger", "sadness", "disgust"),
    "criticized": ("anger", "sadness", "fear"),
    "unfair": ("anger", "sadness"),
    "gambling": ("fear", "sadness"),
    "distance": ("sadness", "anger"),
    "parting": ("sadness",),
    "retirement": ("sadness", "fear"),
    "exam": ("fear", "sadness"),
    "interview": ("fear", "sadness"),
    "illness": ("fear", "sadness"),
    "postpartum": ("sadness", "fear"),
    "rejection": ("sadness", "anger"),
    "job_loss": ("sadness", "fear", "anger"),
    "insomnia": ("sadness", "fear", "anger"),
    "change": ("fear", "sadness"),
}


def _event_feeling(event: str | None) -> str:
    return EVENT_FEELINGS.get(event or "", ("sadness",))[0]


#: left out of good news ("同事都升职了就我没有"), and good news the reader may miss ("考完驾照了！一次过！")
_LEFT_OUT = re.compile(
    r"就我没|只有我没|唯独我没|(?a:\bexcept (?:for )?me\b|\bbut not me\b|\beveryone but me\b)", re.I
)
#: a plan told: I'll write to her tomorrow / 我明天先去找站长 / 下周末去书店 / 等她放学心平气和跟她谈谈 / 先把密码改了
PLAN_TOLD = re.compile(
    r"我(?:明天|今晚|等会|下周|周末|回头)?(?:先)?(?:去|会|要|打算|准备)|我(?:明天|今晚|下周|周末)(?:先)?回|我(?:谂|諗|试|試)下|(?:明天|今晚|下周末?|周末|回头)(?:先|就)?(?:去|跟|找|和)"
    r"|先(?:把|不|(?:跟|和|找|问)(?!你))|可以(?:试|試)(?:下|吓|一下|试看|試看)|(?:等|趁)[^，。]{1,8}(?:再|跟|和)[^，。]{0,6}(?:谈|说|聊)"
    # 我今晚打个电话试试 / 听日收工买佢钟意嘅菠萝包返去
    r"|我(?:明天|今晚|等会|下周|周末|回头)?(?:先)?[^，。？?]{1,8}试试|(?:听日|明天|今晚)(?:收工|放工|下班)?(?:先|就)?(?:去|买|同|跟|找)"
    r"|(?a:\bi'?ll\b|\bi will\b|\bi'?m (?:gonna|going to)\b|\bgonna\b|\btomorrow\b"
    r"|\bi (?:might|may) (?:ask|try|call|text|talk|write|go|bring)\b|\bmaybe ill\b)",
    re.IGNORECASE,
)
#: a decision said: 行 / 好啦 / ok / alright at the opening, or 我諗到可以 (a way found)
_DECIDED = re.compile(
    r"^[\W_]*(?:(?:行|好|好的|好吧|好啦|嗯好|那就|那我|(?a:ok|okay|alright|all right|right|fine))(?=[\W_]|我|先|就|再|$)"
    r"|我(?:諗|谂|想)到(?:可以|不如))",
    re.IGNORECASE,
)
#: despair or giving up said as if a plan: "right, I'll just stay in bed forever", "行 我放弃了"
_NO_PLAN = re.compile(
    r"放弃|没用|永远|一辈子|算了|不活|死|消失|(?a:\bnever\b|\bforever\b|\bgive up\b|\bgiving up\b|\bno point\b"
    r"|\bwhatever\b|\bdisappear|\bdie\b|\bquit (?:everything|life|trying)\b)",
    re.IGNORECASE,
)
#: off to do something, not a step on the trouble: "gonna go eat an entire pizza", "ok gonna drive home now",
#: "我去吃饭了" (a thanks before it is a goodbye, not a plan to back)
_OFF_TO = re.compile(
    r"去(?:吃|睡|洗澡|收拾|忙|上班|做饭)|(?a:\b(?:gonna|going to) go\b|\b(?:gonna|going to|i'?ll) (?:eat|get|grab|pack|drive"
    r"|head|sleep|shower|lie down|go to bed|go home|buy|order)\b)",
    re.IGNORECASE,
)
#: a plan of the speaker's own, in English ("I'll put her litter box out", not "my daughter's gonna be thrilled")
_OWN_PLAN = re.compile(
    r"\bi'?ll\b|\bi will\b|\bi'?m (?:gonna|going to)\b|\bim (?:gonna|going to)\b|\bi (?:can|could|might) try\b"
    r"|\bi (?:might|may) (?:ask|call|text|talk|write|go|bring)\b|\bmaybe ill\b",
    re.IGNORECASE,
)
#: gladness for someone else, then one's own hurt: I'm glad she likes the job. I just feel like... / 我替他高兴，可是我
_GLAD_BUT = re.compile(
    r"(?:替|为)(?:他|她|他们|你)(?:感到)?高兴[^。！？]{0,10}(?:可是|但是|但|只是)"
    r"|(?a:\b(?:glad|happy) (?:that )?(?:she|he|they|for (?:her|him|them))\b[^?]{0,60}\b(?:i just feel|but i feel|i still"
    r" feel|i feel like|but i'?m|i just wish)\b)",
    re.IGNORECASE,
)
#: news announced with glee: "guess what, my starter doubled overnight!!", "你猜怎么着！", "告诉你个好消息"
_NEWS_TOLD = re.compile(
    r"你猜怎么着|猜猜(?:怎么了|发生了什么)|告诉你(?:一?个)?好消息|(?a:" + _BRAG + ")"
    r"|跟你说(?:个|件|一件)(?:开心|高兴|好)的?事|^[\W_]*(?:欸|诶|哎|跟你说)?[\s，,]*我?跟你(?:说|讲)(?=[\s，,！!]|$)|(?a:\bguess what\b|\byou(?:'ll| will) never guess\b)",
    re.IGNORECASE,
)
_EXCLAIMED = re.compile(r"[!！]|🎉|🥳|😆|😄|😁")


def _gleeful(message: str) -> bool:
    """News announced with glee and nothing hard in it."""
    return bool(_NEWS_TOLD.search(message) and _EXCLAIMED.search(message) and not _HARD.search(message))


_PASSED = re.compile(
    r"一次过|考过了|通过了|上岸了|录取了|拿到(?:了)?(?:驾照|offer|证)|(?a:\bi passed\b|\bgot (?:in|accepted|the job)\b"
    r"|\bpassed (?:my|her|his|the|our) (?:driving |driver'?s )?(?:test|exam|license|licence)\b)",
    re.IGNORECASE,
)

#: talk of self-harm or suicide, anyone's: never read as joy ("she'd been cutting... she's doing so much better")
_HARM_TALK = re.compile(
    r"自残|自伤|割腕|割伤自己|划(?:手|伤)|自杀|轻生|(?a:\bcutting\b|\bself[- ]?harm|\bsuicid|\boverdos)",
    re.IGNORECASE,
)
#: a hope that did not come true: "I thought if she got better I would too", 我以为她好了我也会好 (not 我还以为会很难，
#: 结果一次就过了: a fear that did not come true)
_HOPE_UNMET = re.compile(
    r"以为[^。！？!?，,]{0,12}(?:就|也)会(?:好|没事|变好|轻松)"
    # 其实应该开心的…但是我最近总觉得不舒服 / I should be happy for her, but...
    # 本来挺高兴的事 现在一想到要见我哥就堵得慌
    r"|(?:应该|应当|本来|理应|原本)(?:要)?(?:是)?(?:很|好|挺|特别|件|个|替[^，。]{1,4})?(?:开心|高兴)[^。！？!?]{0,40}"
    r"(?:但|可是|不过|一想到)"
    r"|(?a:\bi (?:thought|figured|assumed|hoped) (?:that )?(?:if|once|when)\b[^.?!]{0,40}\bwould\b"
    r"|\bi (?:should|'m supposed to|am supposed to) be (?:happy|excited|glad|thrilled)\b[^.?!]{0,40}\bbut\b"
    r"|\bi (?:just )?wanted (?:someone|somebody|anyone|one person) to be (?:excited|happy|proud)\b)",
    re.IGNORECASE,
)


#: one's own hurt said in so many words, whatever good news stands beside it: 心都碎了 / why do I feel gutted
_HURT_SAID = re.compile(
    r"(?<![他她])(?:心都碎了|心碎了|心如刀割|心里(?:好|很|特别|真的|有点|有些|一阵)?(?:难受|空落落|堵得慌|酸|发酸|不是滋味)"
    r"|像被掏空|舍不得(?:他|她|它)?走|(?:就|心口|胸口)堵得慌)"
    r"|(?a:\b(?:i(?:'m| am| feel| felt| was)?|and(?: also)?) (?:so |really |just |absolutely |completely |kind of |kinda )?(?:gutted"
    r"|heartbroken|devastated|crushed(?! it))\b|\bfeel(?:s|ing)? like (?:i'?m|i am|im) being (?:gutted|torn apart|ripped"
    r" apart)\b|\bmy heart (?:is )?(?:breaking|broken|broke)\b|\bwhy do i feel (?:so )?(?:sad|awful|terrible|gutted|empty"
    r"|like (?:i'?m|i am|im) (?:being|losing|dying))\b)",
    re.IGNORECASE,
)
#: gladness said to be put on: 你不会真以为我高兴吧 / 我哪高兴得起来 / you don't actually think I'm happy
_NOT_GLAD = re.compile(
    r"(?:不会|别|难道)(?:真的?)?以为我(?:很|是|真的?)?(?:高兴|开心)|我(?:哪|怎么|才)(?:会|能)?(?:高兴|开心)(?:得起来)?(?:[吗啊呢？?]|$)"
    r"|(?a:\byou don'?t (?:actually |really |seriously )?think i'?m (?:actually |really )?(?:happy|glad|pleased|thrilled)\b)",
    re.IGNORECASE,
)
#: good news shared and met flat: 没人替我高兴 / I just wanted someone to be excited with me
_LET_DOWN = re.compile(
    r"(?:没(?:有)?(?:一个)?人|没人|谁都没|谁也没)(?:替我|为我|陪我)(?:高兴|开心)|(?:就|只是)想(?:有)?(?:个)?人(?:陪我|替我|为我)(?:高兴|开心)"
    r"|(?a:\bi (?:just |only )?wanted (?:someone|somebody|anyone|one person|her|him|them|my \w+) to be (?:excited|happy"
    r"|proud|glad)\b|\bnobody (?:even )?(?:cared|said congrat\w*)\b)",
    re.IGNORECASE,
)
#: a flat answer met with a shrug: 😑 算了 习惯了 / "that's nice" and back to the golf
_MEH = re.compile(r"😑|🙄|😒|😐|算了|习惯了|(?a:\bthat'?s nice\b|\bwhatever\b|\bclassic\b)", re.IGNORECASE)
#: someone's answer quoted: 我妈回了一句 / she texted back / he just said
_SOMEONE_ANSWERED = re.compile(
    r"回(?:了|我)|说(?:了)?(?:一句|句)|(?a:\b(?:texted|wrote|replied|said|answered|responded)\b)",
    re.IGNORECASE,
)
#: a failure told as the road behind the good news: 去年差了6分 / last year I missed by two points
_BEFORE = re.compile(
    r"去年|前年|上次|上一次|之前|以前|那时|第一次|一战|(?a:\blast (?:year|time)\b|\bthe first time\b|\bbefore\b"
    r"|\byears? ago\b)",
    re.IGNORECASE,
)
#: an exam or an interview still ahead: 下周还要考 / the next one is in March
_AHEAD = re.compile(
    r"下(?:周|个|次|一|礼拜|星期)|明天|后天|还(?:要|得|有)[^，。]{0,4}(?:考|面)|(?a:\bnext\b|\btomorrow\b|\bstill have\b|\bcoming up\b)",
    re.IGNORECASE,
)
#: a name given to the session's animal with no animal named: her name is Biscuit / we called him Mochi
_LATER_PET_NAME = re.compile(
    r"\b(?:her|his|its) name(?:'s| is)\s+([A-Z][a-z'-]+)\b|\b(?:named|called|call) (?:her|him|it)\s+([A-Z][a-z'-]+)\b",
    re.ASCII,
)


def _corrected(situation: Situation, message: str) -> Situation:
    """The situation with two readings mended: good news the person was left out of is a rejection, and a test
    passed is good news."""
    if situation.event == "good_news" and _LEFT_OUT.search(message):
        return replace(situation, event="rejection", events=("rejection",), valence="negative")
    if (
        situation.event in (None, "exam", "interview")
        and _PASSED.search(message)
        and not _LEFT_OUT.search(message)
    ):
        return replace(situation, event="good_news", events=("good_news",), valence="positive")
    return situation


def in_context(emotion: EmotionResult, label: str) -> EmotionResult:
    """The turn's emotion as the conversation reads it: ``label`` (the reading in context: no joy at a loss or at
    risk, a flat turn after sad ones keeps the feeling) where it differs from the model's, which stays in the scores
    and is named in ``warnings`` (``in_context:joy->sadness``). The API, the stored turn and the mood chart all show
    the reading in context."""
    if label == emotion.label or label not in emotion.scores:
        return emotion
    return emotion.model_copy(
        update={
            "label": label,
            "labels": [label, *(x for x in emotion.labels if x != label)],
            "polarity": polarity_of(label),
            "warnings": [*emotion.warnings, f"in_context:{emotion.label}->{label}"],
        }
    )


#: the person says this turn is no sad one: 这次不是难过的事 / this is not a sad one I promise
_NOT_SAD = re.compile(
    r"不是(?:什么)?(?:难过|伤心|不开心)的事|(?a:\bnot (?:a )?sad (?:one|thing|story|question)\b|\bnothing sad\b)",
    re.IGNORECASE,
)


def read_turn(
    message: str,
    label: str,
    intensity: float,
    risk_level: str | RiskLevel,
    state: DialogueState,
    cues: frozenset[str] = frozenset(),
) -> Reading:
    """Read ``message`` (analysed as ``label`` at ``intensity``, at ``risk_level``, with the risk cue kinds
    ``cues``) in the light of ``state``. The reading's ``message`` is the one the rules read: in Simplified
    characters when it was written in Traditional ones (:func:`xinyu.lang.simplified`, one character for one); the
    acts, the situation and the facts quote it as written."""
    risk = risk_level if isinstance(risk_level, RiskLevel) else RiskLevel.parse(risk_level)
    acts = detect_acts(message)
    situation = read_situation(message)
    facts: dict[str, str] = {}
    found = extract_facts(message)
    for fact in found:
        if fact.kind in ("name", "pet", "pet_name"):
            facts[fact.kind] = fact.value if fact.kind == "pet" else fact.words
    if (
        ("pet" in state.facts or "pet" in facts)
        and "pet_name" not in facts
        and not any(f.kind == "person" for f in found)
    ):
        # "guess who got a puppy" and then "her name is Biscuit": the animal's name, said a turn later (or in the
        # same turn: "we got a puppy last month, her name is Biscuit")
        later = _LATER_PET_NAME.search(message)
        if later:
            facts["pet_name"] = later.group(1) or later.group(2)
    message = simplified(message)
    gleeful = _gleeful(message)
    situation = _corrected(situation, message)
    pet_name = state.facts.get("pet_name", "")
    if situation.event is None and pet_name and pet_unwell(message, pet_name):
        # "Biscuit stopped eating since yesterday": the session's animal taken ill, a question for a vet
        situation = replace(situation, event="illness", events=("illness",), valence="negative", pet=pet_name)
    if (
        state.event == "good_news"
        and situation.event in ("exam", "interview", "rejection")
        and (not _FAILED.search(message) or _BEFORE.search(message))
        and (situation.event != "rejection" or _BEFORE.search(message))
        and not _AHEAD.search(message)
    ):
        # "the last section of the CPA. third attempt" after "I PASSED", "去年差了6分" after "上岸了": the news and
        # the road to it, not exam nerves or a rejection now
        situation = replace(situation, event="good_news", events=("good_news",), valence="positive")
    if situation.about in PRONOUNS and state.facts.get("who"):
        # "期末那次她考砸了" in a talk about a daughter: the daughter failed, not the speaker
        situation = replace(situation, about=state.facts["who"])
    told = situation.event is not None or any(c.act == "venting" for c in acts.cues)
    acts_answered = set(acts.acts) <= set(ANSWERED)
    if (
        situation.event == "good_news"
        and _PASSED.search(message)
        and label != "joy"
        and not _HARD.search(message)
    ):
        label, intensity = (
            "joy",
            max(intensity, 0.5),
        )  # "GUESS WHO PASSED HER DRIVING TEST 🎉" is no exam nerves
    elif (
        (label in ("neutral", "surprise") or (label == "anger" and not _ANGRY.search(message)))
        and situation.valence != "negative"
        and gleeful
        and risk < RiskLevel.MODERATE
    ):
        # "guess what, my starter doubled in size overnight!!"; the Chinese model reads an exclamation as anger
        # ("欸我跟你说 我今天去上了人生第一堂陶艺课！！")
        label, intensity = "joy", max(intensity, 0.5)
    if label == "joy" and _GLAD_BUT.search(message):
        label = "sadness"  # "I'm glad she likes the job. I just feel like the guy left holding the bag"
    if label in ("joy", "neutral", "surprise") and _HURT_SAID.search(message) and risk < RiskLevel.MODERATE:
        # "This is literally what we were hoping for. So why do I feel like I'm being gutted": the hurt said is it
        label, intensity = "sadness", max(intensity, 0.5)
    if label == "joy" and (_HARM_TALK.search(message) or _HOPE_UNMET.search(message)):
        label = "sadness" if _HOPE_UNMET.search(message) else "neutral"
    if label in ("joy", "neutral", "surprise") and _NOT_GLAD.search(message):
        label, intensity = "anger", max(intensity, 0.5)  # "你不会真以为我高兴吧": the gladness was put on
    if cues & DESPAIR and label in ("anger", "joy", "neutral", "surprise"):
        label, intensity = "sadness", max(intensity, 0.5)  # "I can't do this anymore" is no anger
    elif label != "anger" and _INDIGNANT.search(message) and not cues & DESPAIR:
        label, intensity = "anger", max(intensity, 0.5)  # "我真的咽不下这口气" is no sadness
    elif label in ("neutral", "surprise", "joy", "disgust") and (named := named_feeling(message)):
        # guilt, embarrassment, worry for someone are low feelings, not disgust
        label, intensity = _FEELING_IS.get(named, "sadness"), max(intensity, 0.4)
    if "pet_name" in facts and not told and label in NEGATIVE and not _HARD.search(message):
        label, intensity = "neutral", 0.0  # "我想养一只橘猫，叫它胖胖": naming an animal is no sorrow
    if (
        not told
        and acts_answered
        and label in NEGATIVE
        and risk < RiskLevel.MODERATE
        and not _ANGRY.search(message)
        and not _INDIGNANT.search(message)
    ):
        # a name, a greeting, a question about the bot: a model's feeling on so little text is noise
        label, intensity = "neutral", 0.0
    # a laugh beside "累" in a question to the bot ("哈哈那你会不会累啊") masks nothing of the person's own
    surface = tone(message) if told or not acts_answered or _SARCASM.search(message) else None
    if (
        surface is None
        and situation.valence != "positive"
        and _PRAISE_OVER.search(message)
        and (
            (state.moods and state.moods[-1] in NEGATIVE)
            or EVENTS.get(state.event or "") == "negative"
            or _STILL.search(message)  # "三天了 还是这一句": the complaint is in the turn itself
        )
    ):
        surface = "sarcasm"  # "已收到您的申诉 请耐心等待…三天了 太好了真的 我太感动了 😊" after a complaint
    amused = funny(message, risk, lol=not _low(state)) and surface is None and situation.valence != "negative"
    if amused and label in ("neutral", "sadness", "surprise"):
        label, intensity = (
            "joy",
            max(intensity, 0.4),
        )  # "jayden is the one who wet himself on the residential 😂😂"
    emotion, strength = emotion_in_context(
        label,
        intensity,
        risk,
        situation,
        surface,
        state.moods,
        ongoing=state.event,
        flat=told or not acts_answered,
        glad=_GOOD.search(message) is not None or gleeful or amused,
        angry=_ANGRY.search(message) is not None or _INDIGNANT.search(message) is not None,
        surprised=_SURPRISED.search(message) is not None,
        disgusted=_DISGUSTED.search(message) is not None,
    )
    if emotion == "sadness" and _NOT_SAD.search(message) and risk < RiskLevel.MODERATE:
        emotion, strength = "neutral", 0.0  # "ok this is not a sad one I promise": taken at their word
    return Reading(message, acts, situation, facts, emotion, strength, risk, cues, pushback(message), amused)


# -- the policy ------------------------------------------------------------------------------------------------


def plan_turn(reading: Reading, state: DialogueState, risk_level: str | RiskLevel | None = None) -> Plan:
    """The moves of the reply to ``reading``, given ``state`` as it stands after the turn was remembered."""
    plan = _plan(reading, state, risk_level)
    pb = reading.pushback
    risk = reading.risk if risk_level is None else RiskLevel.parse(str(risk_level))
    if pb is None or plan.answer == "question_bot" or "repair" in plan.moves:
        return plan  # "你的回复是套话吗" is a question about the bot, answered as one
    if (
        risk >= RiskLevel.MODERATE
        or asks_in_rest(pb)
        or plan.answer in _CLOSING
        or {"screen", "stay"} & set(plan.moves)
        # "thats not what i meant, im furious": the feeling they set right is met after the miss is owned
        or (
            pb.kind == "misheard"
            and not all(pb.corrected)
            and (says_a_feeling(pb.rest) or _INDIGNANT.search(pb.rest))
        )
    ):
        # "说了等于没说。。你就直接告诉我这个能不能申诉": the miss owned, then the question answered; near a crisis,
        # the miss owned and the person stayed with
        return replace(plan, moves=("repair", *plan.moves), reason=f"{pb.kind} pushback owned; {plan.reason}")
    # "that's a very generic answer lol", "别跟我说放平心态 所有人都这么说": owned in plain words, and the person's own
    # words asked for again; never the complaint said back as the story
    return Plan(("repair", "repair_ask"), None, plan.stage, f"{pb.kind} pushback: own it, ask again plainly")


def _plan(reading: Reading, state: DialogueState, risk_level: str | RiskLevel | None = None) -> Plan:
    risk = reading.risk if risk_level is None else RiskLevel.parse(str(risk_level))
    acts = reading.acts
    # a practical ask with a line of its own ("辞职信怎么写", "what do you bring to a hospice visit?")
    asks_help_line = any(
        requested(reading.message, lang, "pet" in state.facts, subjects=state.subjects)
        for lang in ("zh", "en")
    )
    answer = next((a for a in ANSWERED if a in acts), None)
    if answer == "question_factual" and (
        sub_kind(answer, reading.message) == "unknown"
        or SELF_DOUBT.search(fold(reading.message))
        or asks_help_line
    ):
        # a question with no answer of fact ("我是不是很傻", "should I just quit?") is the person's own: meet it
        answer = next((a for a in ANSWERED if a in acts and a != "question_factual"), None)
    if answer == "refusal" and asks_help_line:
        answer = None  # "你不用安慰我 … 我就想知道 他欠的钱是不是都得我来还": the question is what is wanted
    if answer == "smalltalk_request" and asks_help_line:
        answer = None  # "any good book on puppy training?": how to train her, not a novel nor cats or dogs
    hello = sub_kind("greeting", reading.message) if "greeting" in acts.acts else None
    if hello == "welcome_back":
        answer = "greeting"  # "ok I'm back. he's asleep. where were we": welcomed back, asked to go on
    elif (
        answer == "greeting"
        and hello == "hello"
        and (
            len(HAN.findall(reading.message)) + len(reading.message.split()) > 30
            # "Hi. I'm 58, my son Tyler is 27, he moved back in with us in January": a story in English words, with
            # facts in it (not "Good evening. I'm not much of a one for typing to computers but…")
            or len(re.findall(r"[A-Za-z']+", reading.message))
            > (15 if re.search(r"\d", reading.message) else 22)
            or reading.situation.event is not None
        )
    ):
        # "你好 问个事 前天下冰雹 我家十二亩苹果 打得没几个好的了": the story is the turn, not the hello
        answer = next((a for a in ANSWERED if a in acts and a != "greeting"), None)
    elif answer == "greeting" and ({"question_factual", "advice"} & set(acts.acts)):
        answer = (
            None  # "hi. is it normal to still be this homesick?": the question is the turn, not the hello
        )
    if answer == "question_bot" and JOKE_TOLD.search(reading.message):
        answer = (
            None  # "给你讲个笑话：为什么程序员…？": the joke's question is the joke's, not one about the bot
        )
    if answer == "retraction" and (reading.situation.event is not None or len(reading.message.split()) > 14):
        # "Well never mind. My name is Margaret. My husband Frank passed last March…": the question before is taken
        # back, not the story told after it
        answer = next((a for a in ANSWERED if a in acts and a != "retraction"), None)
    if answer == "retraction" and _TOLD_AFTER_ALL.search(reading.message):
        # "开玩笑的 其实昨天洗头的时候我哭了十分钟": the joke is taken back, the truth told after it is the turn
        answer = next((a for a in ANSWERED if a in acts and a != "retraction"), None)
    if (
        answer in (None, "question_factual")
        and wants_to_talk(fold(reading.message))
        and risk < RiskLevel.MODERATE
    ):
        answer = "greeting"  # "欸 我可以抱怨一下嗎", "Do I just type?": the door opened, never "ask someone who knows"
    if answer is None and STOPPED_MEDICINE.search(fold(reading.message)):
        answer = (
            "question_medication"  # "他自己把降压药停了": what stopping does is told, whether or not asked
        )
    if answer is None and _WITHDRAW.search(reading.message):
        answer = "retraction"  # "算了不说了": no more probing; the door stays open
    stage = state.stage
    if _ANNOUNCED.search(reading.message) and risk < RiskLevel.MODERATE and reading.situation.event is None:
        # "I have a question about tomatoes" / "问你个事": the question is next, asked for
        return Plan(("go_ahead",), None, stage, "a question announced: ask for it")
    if state.knock and risk < RiskLevel.MODERATE:
        # "knock knock" -> "Who's there?", "Lettuce" -> "Lettuce who?", the punchline -> a laugh
        if state.knock == 3:
            return Plan(("laugh",), None, stage, "a knock-knock joke's punchline: laugh")
        return Plan(("knock",), None, stage, "a knock-knock joke: play along", asked=state.knock_who)
    if state.follow_up and answer in (None, "question_factual", "refusal"):
        why = "follows up the request before"
        return Plan(("answer",), state.request_act, stage, why, asked=state.request)
    feels = reading.emotion in NEGATIVE and reading.intensity >= 0.3
    told = reading.situation.event is not None
    substantive = told or feels or ("venting" in acts and any(c.act == "venting" for c in acts.cues))
    moves: list[str] = ["answer"] if answer else []
    if answer == "thanks" and PLAN_TOLD.search(reading.message) and risk < RiskLevel.MODERATE:
        if (
            not _NO_PLAN.search(reading.message)
            and not _OFF_TO.search(reading.message)
            and (_OWN_PLAN.search(reading.message) or HAN.search(reading.message))  # not "a new guy tomorrow"
        ):
            # "I'll write to Ms. Alvarez tomorrow… Thank you": the thanks met, the plan backed, the door left
            # open; nothing is asked
            why = "thanks with a plan: back it, the door stays open"
            return Plan(("plan_backed",), answer, stage, why, subjects=tuple(state.subjects))
        # "ok gonna go eat an entire pizza. thanks": a thank-you on the way out; nothing is asked
        why = "thanks on the way out: the door stays open, nothing asked"
        return Plan(tuple(moves), answer, stage, why, subjects=tuple(state.subjects))
    if (
        not answer
        and _DECIDED.search(reading.message)
        and PLAN_TOLD.search(reading.message)
        and (_OWN_PLAN.search(reading.message) or HAN.search(reading.message))
        and not _ASKS.search(reading.message)
        and "advice" not in acts  # "…你说我要不要跟我爸说实话啊": the question is the turn
        and not _NO_PLAN.search(
            reading.message
        )  # "right, I'll just stay in bed forever": despair, not a plan
        and not asks_help_line
        and risk < RiskLevel.MODERATE
    ):
        # "行 我今晚先不提退学的事 问问他直播都玩些啥": the person's own next step, backed, and the door left open
        return Plan(
            ("plan_backed",), None, stage, "a plan of their own: back it", subjects=tuple(state.subjects)
        )
    if answer in _CLOSING:  # taking words back or leaving: no probing after it
        why = f"{answer}: the door stays open, nothing asked"
        return Plan(tuple(moves), answer, stage, why, subjects=tuple(state.subjects))
    # thanks, a greeting: answered, with a story only when this turn tells one (a model's feeling is not one)
    told_now = told or any(c.act == "venting" for c in acts.cues)
    if answer == "greeting" and _BORED.search(reading.message) and not told and risk < RiskLevel.MODERATE:
        # "嗨 今天好无聊": something to do, not "what matters most to you?"
        return Plan((*moves, "bored"), answer, stage, "greeting, bored: offer something to do")
    if answer in SOCIAL and not told_now:
        return Plan(tuple(moves), answer, stage, f"{answer}: answered", subjects=tuple(state.subjects))
    if answer and not substantive:
        return Plan(tuple(moves), answer, stage, f"{answer}: answered", subjects=tuple(state.subjects))
    # asked in so many words for advice; a request the material answers ("where do I even start") asks too, but
    # never keeps despair from the direct question about suicide
    asked_plainly = "advice" in acts or _SHOULD.search(reading.message) is not None
    asks_advice = asked_plainly or asks_help_line or asks_for_help(reading.message)
    said_no = (
        state.screened_at == state.turns - 1
        and _NO.search(reading.message) is not None
        and not reading.cues & (WISHES | _DANGER_TOLD)
        and risk < RiskLevel.HIGH
    )
    if said_no:
        # "没有，我没想伤害自己，你别担心": thanked for the straight answer, and the load it came from met
        support, why = ["screened_no"], "a no to the direct question: thank them, stay with the load"
    elif HOPE.search(reading.message) and risk < RiskLevel.HIGH and not reading.cues & (WISHES | TRAPPED):
        support, why = ["hope", "ask"], "asks to hear it will be all right: hope with them, honestly"
    elif SELF_DOUBT.search(fold(reading.message)) and not answer and not asks_help_line:
        support, why = ["reassure", "ask"], "doubts themselves: reassure"
    elif (
        JOKE_TOLD.search(reading.message) and risk < RiskLevel.MODERATE and not _HARD.search(reading.message)
    ):
        support, why = ["laugh"], "told a joke: laugh with them"
    elif reading.amused and risk < RiskLevel.MODERATE and not asks_advice and reading.emotion == "joy":
        # a funny thing that happened ("the trousers from lost property were MASSIVE lol"): laugh along, then ask
        support, why = ["laugh_along", "ask"], "laughing at something that happened: laugh along"
    elif (
        tone(reading.message) == "sarcasm"
        and not told
        and not state.event  # "呵呵，真是太棒了，房租下周就要交" after a layoff is the layoff's
        and not asks_advice
        and risk < RiskLevel.MODERATE
    ):
        # "my cat knocked my coffee onto my laptop. perfect start to monday": a mishap met as one
        support, why = ["vexed"], "irony over a mishap: meet the annoyance"
    elif (
        _BORED.search(reading.message)
        and not told
        and risk < RiskLevel.MODERATE
        and len(reading.message) <= 30
        and not _HARD.search(reading.message)
    ):
        support, why = ["bored"], "bored: offer something to do"
    elif (
        "pet_name" in reading.facts
        and _NAMING.search(reading.message)
        and not told
        and risk < RiskLevel.MODERATE
        and reading.emotion not in NEGATIVE
    ):
        # "我想养一只橘猫，叫它胖胖": the name is met, not a feeling read into it
        coming = _COMING.search(reading.message) is not None
        support, why = ["pet_coming" if coming else "pet_named"], "a pet named: meet it by its name"
    elif (
        not state.asked_safety
        and violent_at_home(reading.message, state.event, state.facts.get("who", ""))
        and risk < RiskLevel.HIGH
        and not reading.cues & RESCREENED  # "他又打我了，我不想活了": the direct question about suicide first
    ):
        support, why = ["safe_home"], "violence at home: ask whether they are safe"
    elif (
        _LET_DOWN.search(reading.message)
        or (
            (tone(reading.message) == "sarcasm" or _MEH.search(reading.message))
            and EVENTS.get(state.event or "") == "positive"
            and not told
            and _SOMEONE_ANSWERED.search(reading.message)
        )
    ) and risk < RiskLevel.MODERATE:
        # "my mom texted back 'now you can focus on getting married' 🙃", "I just wanted someone to be excited
        # with me": good news met flat by the one it was told to
        support, why = ["let_down", "let_down_ask"], "good news met flat: stand with them"
    elif reading.emotion == "joy" and reading.risk < RiskLevel.MODERATE:
        support, why = ["share", "ask"], "good news: share it"
    elif reading.cues & RESCREENED and state.screened_wish and risk >= RiskLevel.MODERATE:
        # the wish said again after the direct question: stay with it, and with who is near when it comes
        support, why = ["feel", "stay"], "a wish to be dead said again: stay with it"
    elif (
        not asked_plainly or (reading.cues & WISHES and not state.screened_wish)
    ) and (  # "should I keep living or just die": asked, and the direct question first
        (
            not state.screened
            and reading.cues & TRAPPED
            and feels
            and not _of_something_else(reading.message)
            # "下夜班到底怎么睡啊…不睡又撑不住", "请看护要怎么申请…我真的快撑不住了": a practical question is the
            # turn, and worn out is no despair to ask about suicide over
            and not _HOW_TO.search(fold(reading.message))
        )
        or (not state.screened_wish and reading.cues & RESCREENED)
        or (
            not state.screened and "blade" in reading.cues
        )  # "刀就在抽屉里", said unasked: asked about directly
    ):
        # "撑不下去了", "I can't do this anymore", a wish to be dead: ask directly (C-SSRS's first questions), once,
        # and once more if a wish to be dead is said after the question was asked about despair alone
        support, why = ["feel", "screen"], "ambiguous despair: ask directly about thoughts of suicide"
    elif (
        not answer
        and {"question_factual", "advice"} & set(acts.acts)
        and _ASKS.search(reading.message)  # asked in so many words, not "周末都不知道要干嘛"
        and not _NOT_ASKED.search(reading.message)  # nor a question quoted, or "a whole semester??"
        and not asks_advice
        and not told
        and risk < RiskLevel.MODERATE
    ):
        # a direct question nothing here can answer ("is it rude to leave after an hour?"): said so, honestly,
        # never met with "I hear you. How have things been?"
        support, why = ["unsure"], "a question with no answer here: say so, and turn it back"
    elif risk >= RiskLevel.MODERATE:
        support = ["feel", "validate", "ask"] if not state.no_advice else ["feel", "listen"]
        if asks_advice and not state.no_advice:
            support = ["feel", "suggest"]
        why = f"risk {risk.name}: stay with the person; suggestions only when asked"
    elif asks_advice and not state.no_advice:
        support = ["reflect", "suggest", "check"] if told else ["feel", "suggest", "check"]
        if not told and (
            not feels
            or EVENTS.get(state.event or "") == "positive"
            or (asks_help_line and not says_a_feeling(reading.message))
        ):
            # "where do I even start", a new puppy's first night, "how do I write a cover letter?": answered, with
            # no stock line before it (a feeling the model reads into a plain ask is not one to name)
            support = ["suggest", "check"]
        why = "asked what to do"
    elif state.no_advice:
        support, why = ["reflect" if told else "feel", "listen"], "asked to be listened to: no advice"
    elif (
        not substantive
        and state.event in RECALLED
        and state.facts.get("when")
        and not state.recalled
        # a while after it was told, and a message that adds little: "上网查了 越查越怕…" the turn after the
        # biopsy is the story going on, never "上次你提到看病的事，后来怎么样了？"
        and state.event_turns >= 3
        and len(reading.message) <= 30
    ):
        support, why = ["recall"], "nothing new told: refer back to what was said before"
    elif stage == "exploration":
        # the event talked about is still the story when this turn adds to it ("它叫年糕，陪了我十二年")
        support = ["reflect" if told or (state.event and not answer) else "feel", "ask"]
        why = "exploration: name what happened, ask one open question"
    elif stage == "comforting":
        support = ["validate", "ask_feeling"] if told or feels else ["feel", "ask"]
        why = "comforting: validate the feeling"
    else:
        support = ["validate", "suggest", "check"]
        why = "action: one small step"
    if answer and answer not in SOCIAL and "screen" in support and answer not in URGENT:
        moves = []  # the direct question about suicide is never left for an answer of fact about sleep
    elif answer and answer not in SOCIAL:  # an answer and a story: answer, then one support move
        support = (
            ["stay"] if "stay" in support else support[:1]
        )  # a wish to be dead is never left for the answer
    moves += support
    return Plan(tuple(moves), answer, stage, why, subjects=tuple(state.subjects))
