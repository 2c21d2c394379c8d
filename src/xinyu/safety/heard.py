"""What a person says back to the crisis protocol (``xinyu.safety.protocol``), read so that the reply can answer
it instead of running its script over it (zh, Simplified and Traditional, and en, colloquial):

- ``talk``: a wish to just talk, to be listened to ("你就陪我说说话", "就想有人听我说", "i just want someone to
  talk to");
- ``step``: a safety step taken or promised, of one or more kinds (:data:`STEP_KINDS`): the means put away ("药放到
  客厅了"), a person reached or with them ("I'll text my sister to come over", "室友在旁边"), a professional
  ("明天我想去看看心理医生"), a safe place ("i'm home now"), a promise for tonight ("我答应你今晚不做傻事"), caring
  for oneself ("刚刚喝了杯水", "gonna try to sleep"), feeling better ("好多了");
- ``doubt``: doubt about the bot ("你又不是真的关心我，你就是个程序", "you're just a bot");
- ``lines_useless``: help lines tried and found no help ("打过了，没用", "hotlines don't help");
- ``medicine``: a question about a medicine ("那安眠药和酒一起吃没事吧"), with the safety fact it needs
  (:data:`FACTS`), never a dose.

A step is said back to the person in their own words, first person turned to second ("I'll text my sister" ->
"you'll text your sister", "明天我想去看看心理医生" -> "明天你想去看心理医生"), so that the reply names the step
itself rather than praising "that" in general.

Reading is by patterns over the folded message (``xinyu.safety.cues.fold``: simplified, lower case); a match
preceded in its clause by a negation ("我还没把药放到客厅", "i can't sleep") is no step. What the message says of
risk is for the cues: the protocol answers these only when the message carries no new danger.

>>> h = hear("ok. I'll text my sister to come over")
>>> h.kind, h.steps, h.said
('step', ('person',), "you'll text your sister to come over")
>>> hear("明天我想去看看心理医生").said
'明天你想去看心理医生'
>>> hear("那安眠药和酒一起吃没事吧").fact
'sedative_alcohol'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from xinyu.lang import zh_or_en
from xinyu.safety.cues import fold

#: kinds of safety step, in the order they are named back (the most protective first)
STEP_KINDS = ("means_away", "person", "professional", "safe_place", "promise", "self_care", "better")
#: the safety facts a medicine question can need
FACTS = ("sedative_alcohol", "alcohol", "more", "mix", "general")

_ZH_WHO = (
    r"(?:我的?)?(?:妈妈|我妈|老妈|妈|爸爸|我爸|老爸|爸|母亲|父亲|姐姐|姐|妹妹|妹|哥哥|哥|弟弟|弟|老公|老婆|丈夫|妻子|"
    r"男朋友|女朋友|男友|女友|对象|室友|舍友|朋友|闺蜜|好友|兄弟|家人|邻居|同事|奶奶|爷爷|外婆|外公|姥姥|姥爷|阿姨|"
    r"叔叔|老师|辅导员|同学)"
)
_EN_WHO = (
    r"(?:my |our )?(?:mom|mum|mother|dad|father|parents|sister|sis|brother|bro|wife|husband|partner|boyfriend|"
    r"girlfriend|bf|gf|roommate|roomie|flatmate|housemate|best friend|bestie|friends?|family|neighbou?r|aunt|uncle|"
    r"grandma|grandpa|nan|cousin)"
)
_ZH_NEAR = r"手边|身边|旁边|床头|枕头|口袋|兜里|包里|手里|手上|面前|眼前|桌上|床上|手"
#: what a means-away step moves: a means, or "it"; giving a pet or one's things away is a warning sign, no step
_MEANS_OBJECT = re.compile(
    r"药|刀|绳|枪|子弹|农药|炭|煤气|那(?:些|瓶|个)?东西|它|瓶|\b(?:pills?|meds|medications?|medicines?|tablets|"
    r"bottle|knife|knives|blades?|razors?|rope|cord|belt|gun|rifle|pistol|bullets|ammo|charcoal|poison|bleach|it|"
    r"them|everything|all of it)\b"
)
#: a clause where the means-away verb has no object before it ("放到客厅了", "已经放好了")
_ZH_BARE = re.compile(r"^(?:我|都|已经|全|也|刚|刚刚|现在|\s)*$")

_STEP_PATTERNS: dict[str, str] = {
    "means_away": (
        # zh: put in a place (not within reach), handed over, thrown out, put away
        r"(?:放到|放在|放进|拿到|拿去|搬到|锁在|锁进|藏到|收到|丢到|扔到)(?!" + _ZH_NEAR + r"|药|刀|绳|枪)"
        r"[^，。,！!？?\s]{1,8}?(?:了|去)|(?:交给|递给)(?:了)?"
        + _ZH_WHO
        + r"|把[^，。,]{1,6}?给(?:了)?"
        + _ZH_WHO
        + r"|(?:扔掉|扔了|丢掉|丢了|冲掉|倒掉|冲进马桶)|"
        r"放好了|放远了|拿走了|拿开了|收起来了|锁(?:起来|好)了|"
        # en
        r"\b(?:put|puts|putting|moved?|moving|took|take|taking|left|leave|locked?|locking|hid|hide|gave|give|"
        r"giving|handed|hand|threw|throw|flushed|flush|poured|pour|got rid of|get rid of|unloaded|unload)\b"
        r"[^.!?;]{0,30}?\b(?:away|outside|downstairs|upstairs|in (?:the|another|a different|my|his|her|their|our"
        r"|\w+'s) (?:\w+ )?"
        r"(?:room|kitchen|car|garage|safe|cupboard|bin|trash|drawer)|into the \w+|to (?:my|the|a) \w+|"
        r"out of (?:reach|the house|my room)|down the (?:toilet|sink|drain))\b|"
        r"\b(?:it'?s|they'?re|they are|it is) (?:away|gone|out of reach|locked up)\b"
    ),
    "person": (
        r"(?:给|跟|和|找|叫|联系|打给|call)(?:了)?" + _ZH_WHO + r"(?:打(?:了)?(?:个)?电话|发(?:了)?(?:个|条)?"
        r"(?:消息|微信|短信|信息)|说(?:了)?|聊|过来|来)|"
        + _ZH_WHO
        + r"(?:现在|已经)?(?:就)?(?:在(?:我)?(?:旁边|身边|家|隔壁|"
        r"这儿|这里)|陪着我|陪我|来了|到了|过来了|回来了|在路上|马上(?:就)?(?:来|到))|"
        r"\b(?:text(?:ed|ing)?|call(?:ed|ing)?|ring|rang|message[ds]?|messaging|phon(?:e|ed|ing)|dm(?:ed)?|"
        r"ask(?:ed|ing)?|tell|told|talk(?:ed|ing)? to|go(?:ing)? (?:over )?to|went (?:over )?to|stay(?:ing)? with|"
        r"stayed with|wake(?: up)?|woke(?: up)?|sleep(?:ing)? at) " + _EN_WHO + r"\b|"
        r"\b"
        + _EN_WHO
        + r" (?:is|'s|are|came|come|made me|sat with me|stayed|will come|is coming|are coming|"
        r"is on (?:her|his|their|the) way)\b|"
        # someone named before, reached by a pronoun: "my sister kayla would pick up. ok. I'll text her", "我打给她"
        r"给(?:她|他)(?:打(?:了)?(?:个)?电话|发(?:了)?(?:个|条)?(?:消息|微信|短信|信息))|(?:打给|联系)(?:了)?(?:她|他)(?!.{0,4}没用)"
        r"|\b(?:i'?ll|i will|gonna|going to|i'?m going to|just|i) (?:text|call|ring|message|phone|dm)(?:ed)? (?:her|him|them)\b"
    ),
    "professional": (
        r"(?:看|见|找|约|挂)(?:看|一下|了)?(?:心理医生|心理咨询师|心理咨询|咨询师|精神科(?:医生)?|心理科|心理门诊|医生|大夫)|"
        r"(?:去|约了?|预约)(?:心理咨询|心理门诊|精神科|心理科)|"
        r"\b(?:see|seeing|saw|seen|call|calling|called|book|booked|booking|talk(?:ed)? to|get help from|go to|went to|"
        r"visit(?:ed)?|contact(?:ed)?|email(?:ed)?|text(?:ed)?|messaged?)"
        r"(?: an appointment with)? (?:a |my |the )?(?:therapist|counsell?or|doctor|gp|psychiatrist|psychologist|"
        r"shrink|nurse|crisis team)\b|\b(?:book|booked|make|made) (?:an |a )?appointment\b"
    ),
    "safe_place": (
        r"(?:回|到|进)(?:了)?(?:家|屋里|屋|房间|室内|宿舍|寝室)|(?:在|坐在|待在|躺在)(?:家里?|屋里|房间里?|客厅|卧室|宿舍|"
        r"寝室|室内)|已经下来了|我下来了|回到屋里|退回来了|离开(?:了)?(?:天台|楼顶|桥|大桥|河边|江边|海边|湖边|阳台|窗边|"
        r"铁轨|那里|那儿)|从(?:天台|楼顶|阳台|窗台|桥)上?下来了|"
        r"\b(?:i'?m|i am|we'?re) (?:back )?(?:home|inside|indoors|in my (?:room|flat|apartment|house)|back inside)\b|"
        # (the speaker who went: not "everyone went home", which leaves them alone)
        r"(?:\bi (?:just |finally |already )?|\bi'?ve (?:just |finally )?|^\s*(?:just |finally |ok,? )?)"
        r"(?:got|went|came|made it|walked|drove) (?:back )?(?:home|inside|down)\b|"
        r"\b(?:i'?m |i am )?(?:off|away from) the (?:roof|bridge|ledge|edge|tracks|balcony|railing|water)\b|"
        r"\bstepped (?:back|away|down)\b"
    ),
    "promise": (
        r"答应(?:你|了)|(?:今晚|今天|我)?不会(?:再)?(?:做傻事|伤害自己|乱来|做什么|自杀|去死)|不做傻事|"
        r"我会(?:好好)?(?:活着|撑过|保护好自己|照顾好自己|好好的)|"
        r"\bi (?:promise|swear)\b|\bi won'?t (?:do anything|hurt myself|do it|act on it)\b|"
        r"\bi'?ll (?:stay safe|be safe|keep myself safe|be okay|be ok|hold on|get through (?:tonight|the night))\b|"
        r"\bi'?m not (?:going to|gonna) (?:do anything|hurt myself|do it)\b"
    ),
    "self_care": (
        r"喝(?:了)?(?:一?杯|点|口|些)?(?:热)?(?:水|茶|牛奶)|吃(?:了)?(?:点|一点|些)(?:东西|饭)|洗(?:了)?(?:个)?(?:澡|脸)|"
        r"睡(?:一会儿?|一下|觉)|去睡了|躺(?:一会儿?|下)|深呼吸|出去走(?:走|了走)|散(?:了)?(?:个)?步|听(?:会儿?)?(?:歌|音乐)|"
        r"\b(?:had|drank|drink|drinking|have|having|got|made)(?: me| myself)? (?:some |a (?:glass|cup|mug) of |a )?"
        r"(?:water|tea|coffee|hot chocolate|something to eat|food|a snack|shower|bath)\b|"
        r"\b(?:try(?:ing)? to |going to |gonna |go to |get some |need to |going back to )sleep\b|"
        r"\b(?:lie|lay|lying) down\b|\b(?:took|take|taking) a (?:shower|bath|walk)\b|"
        r"\b(?:go|went|going) for a walk\b|\bbreathing\b|\bate (?:something|some)\b"
    ),
    "better": (
        r"好多了|好一点了|好些了|(?:平静|冷静)(?:一点|一些|多|下来)了|没那么(?:难受|想)了|缓过来了|舒服一点了|"
        r"\b(?:feel(?:ing|s)?|i'?m|it'?s) (?:a (?:bit|little|lot) |much |somewhat )?(?:better|calmer)\b|"
        r"\bcalmed down\b"
    ),
}
_STEPS = tuple((kind, re.compile(_STEP_PATTERNS[kind])) for kind in STEP_KINDS)

_TALK = re.compile(
    r"陪(?:陪)?我(?:说说|聊聊|说|聊)(?:话|天|会儿|一会儿?)?|(?:就|只)?想(?:有人|找人|找个人|跟你|和你)(?:听我说|陪我|"
    r"说说话|聊聊|聊天|说话|陪陪我)|听我说(?:说)?(?:就好|就行|话)?|(?:跟|和)我(?:说说话|聊聊天?|聊一会儿?|说会儿话)|"
    r"别走|陪着我|陪陪我|"
    r"\b(?:want|need|wanna) (?:someone|somebody|anyone|you) to (?:talk to|listen|talk with|be here|stay)\b|"
    r"\b(?:can|could) (?:we|you) (?:just )?(?:talk|stay|listen)\b|\bjust (?:talk to me|listen|stay)\b|"
    r"\bstay with me\b|\bdon'?t (?:leave|go)\b|\bkeep talking\b|\btalk to me\b|\bsomeone to talk to\b"
)
_DOUBT = re.compile(
    r"(?:你|妳)(?:又|也|根本)?不是真的?(?:关心|在乎|在意|懂)|(?:你|妳)(?:就|只|只不过|不过)?(?:是|就是)(?:一?个)?"
    r"(?:程序|程式|机器人?|ai|人工智能|bot|电脑|软件|假的)|(?:机器|程序|ai)(?:人)?(?:懂|知道|能懂)什么|"
    r"(?:跟|和)(?:一个)?(?:程序|机器人?|ai)说(?:有什么|有啥)?用|(?:你|妳)是(?:真人|人)吗|(?:你|妳)不是(?:真)?人|"
    r"\b(?:you'?re|you are|ur|u r) (?:just|only|literally|nothing but|not even) (?:a |an )?(?:bot|robot|machine|"
    r"program|ai|computer|chatbot|algorithm|script|real|human|person)\b|"
    r"\byou (?:don'?t|do not|can'?t|cannot) (?:really |actually |even |truly )?(?:care|understand|feel)\b|"
    r"\bwhat (?:does|would|do) (?:a |an )?(?:bot|machine|program|computer|ai) know\b|"
    r"\b(?:talking|talk) to a (?:bot|machine|computer|program)\b|"
    r"\bare you (?:even )?(?:real|a real person|human|a person|a bot|an ai)\b|"
    r"\byou'?re not (?:even )?(?:real|a real person|human)\b"
)
_LINES_USELESS = re.compile(
    r"(?:打|试|拨)过(?:了)?(?:电话|热线)?[，,\s]*(?:也|都|但是?|可是)?(?:根本|还是)?(?:没用|没什么用|不管用|没帮助|没帮上|"
    r"没人接|打不通|占线)|"
    r"(?:热线|电话|那些号码)(?:根本|都|也)?(?:没用|没什么用|不管用|帮不了|帮不上|没人接|打不通)|打了也没用|"
    r"\b(?:hotlines?|helplines?|crisis lines?|those (?:lines|numbers)|calling (?:them|a hotline)) (?:don'?t|do not|"
    r"doesn'?t|does not|never|didn'?t|won'?t) (?:help|work|do anything|listen|care)\b|"
    r"\b(?:hotlines?|helplines?|crisis lines?) (?:are|were|is|was) (?:useless|pointless|no help|no use|a joke)\b|"
    r"\b(?:i'?ve|i have|i) (?:called|tried|rang)\b[^.!?]{0,30}\b(?:didn'?t help|useless|no use|on hold|hung up|"
    r"no one (?:answered|picked up)|nobody (?:answered|picked up)|didn'?t (?:listen|care|answer))"
)
#: a call to someone the person knows, not to a help line ("我给他打过电话，没用", "i called my mom, she hung up")
_SOMEONE = re.compile(r"(?:给|跟|和|找)(?:他|她|" + _ZH_WHO + r")|\b(?:him|her|" + _EN_WHO + r")\b")
_CALLED = re.compile(r"打过|试过|拨过|\b(?:i'?ve|i have|i) (?:called|tried|rang)\b")

#: how, in practice, to be rid of the means: what would you actually do with the bottle, like practically / 这些药该怎么处理
_DISPOSE = re.compile(
    r"\bwhat (?:would|should|do|can|could) (?:you|i) (?:actually |even |really |realistically )?do with (?:the|my|this|that"
    r"|those|these|it|them)\b(?! (?:time|life|day|days|weekend|evening|night|money)\b)"
    r"|\bhow (?:do|can|should|would) (?:i|you) (?:actually |safely )?(?:get rid of|dispose of|throw (?:away|out)|hand in)\b"
    r"|\bwhere (?:do|can|should|would) (?:i|you) (?:even )?(?:take|dump|get rid of|hand in|drop off)\b"
    r"|(?:这些|那些|这瓶|那瓶|剩下的)?(?:药|刀|绳子|枪)(?:该|要|能|可以)?(?:怎么处理|放哪|扔哪|交给谁|怎么扔)"
    r"|(?:怎么|如何)(?:处理|扔掉|丢掉)(?:掉)?(?:这些|那些|剩下的)?(?:药|刀|绳子|枪)"
)
_MEDICINE = re.compile(
    r"安眠药|药片|药丸|止痛药|布洛芬|扑热息痛|对乙酰氨基酚|头孢|安定|抗抑郁药|镇静药|感冒药|药|"
    r"\b(?:sleeping pills|pills?|tablets|meds|medications?|medicines?|painkillers|paracetamol|tylenol|"
    r"acetaminophen|ibuprofen|advil|xanax|valium|benzos?|ambien|zolpidem|melatonin|antidepressants?|sertraline|"
    r"prozac|oxy\w*|opioids?|codeine|tramadol|sedatives?)\b"
)
_ASKS = re.compile(
    r"[吗吧嘛呢？?]|能不能|可不可以|会不会|会怎样|会怎么样|行不行|没事|有事|安全|"
    r"\b(?:can i|could i|is it|should i|what happens|will it|would it|is that|are they|do they)\b"
)
_ALCOHOL = re.compile(
    r"酒|\b(?:alcohol|drink(?:ing|s)?|wine|beer|vodka|whisk(?:e)?y|gin|rum|booze|liquor|drunk)\b"
)
_SEDATIVE = re.compile(
    r"安眠药|安定|镇静|止痛药|阿普唑仑|地西泮|佐匹克隆|唑吡坦|思诺思|曲马多|可待因|"
    r"\b(?:sleeping pills|xanax|valium|benzos?|ambien|zolpidem|painkillers|opioids?|oxy\w*|codeine|tramadol|"
    r"sedatives?)\b"
)
_MORE = re.compile(
    r"多吃|加量|吃多了?|多(?:吃)?(?:几|一)(?:片|粒|颗)|一把|全(?:部)?吃|(?:一)?整瓶|"
    r"\b(?:double|extra|more than|a few more|the whole (?:bottle|pack)|all of them|higher dose|more pills)\b"
)
_MIX = re.compile(
    r"(?:和|跟|与|加上?)[^，。,]{0,6}药(?:一起|混)|混着吃|\bwith (?:my )?(?:other )?(?:meds|pills|medication)\b|\bmix"
)

#: a negation in the clause before a match: no step ("我还没把药放到客厅", "i can't sleep", "my sister isn't home")
_ZH_NEG = re.compile(r"(?:没有?|不|别|还没|不想|不能)[^，。,！!？?]{0,4}$")
_EN_NEG = re.compile(
    r"\b(?:not|never|no|can'?t|cannot|don'?t|didn'?t|won'?t|haven'?t|hasn'?t|isn'?t|wasn'?t)\b[^.,;!?]*$"
)
_CLAUSE_END = re.compile(r"[，。,.!！?？;；…\n]|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")
_FILLER = re.compile(
    r"^(?:嗯+|恩+|好吧|好的|好|行|那|对|是的|其实|ok(?:ay)?|yeah|yes|yep|so|well|um+|uh+|fine|alright)"
    r"(?:[\s,，.。…~～]+|$)",
    re.IGNORECASE,
)
_ZH_SWAP = {"我们": "你们", "咱们": "你们", "我": "你", "你们": "我们", "你": "我", "妳": "我"}
_EN_SWAP = {
    "i'm": "you're",
    "im": "you're",
    "i am": "you are",
    "i'll": "you'll",
    "i will": "you will",
    "i've": "you've",
    "i'd": "you'd",
    "i": "you",
    "me": "you",
    "my": "your",
    "mine": "yours",
    "myself": "yourself",
    "you're": "I'm",
    "you": "me",
    "your": "my",
    "yours": "mine",
    "yourself": "myself",
    "gonna": "going to",
    "wanna": "want to",
}
_EN_SWAP_RE = re.compile(
    r"\b(?:" + "|".join(sorted((re.escape(k) for k in _EN_SWAP), key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)
_EN_SUBJECT = re.compile(r"^(?:you|your|i'm|it|it's|they|they're|she|he|we|the|there|" + _EN_WHO + r")\b")
_ZH_SAID_MAX, _EN_SAID_MAX = 22, 14  # longer clauses are cut to the step itself


@dataclass(frozen=True)
class Heard:
    """What the message says back: one kind (or None), and for a step or a medicine question, which."""

    kind: str | None = None  # "talk", "step", "doubt", "lines_useless", "medicine", "dispose" or None
    steps: tuple[str, ...] = ()  # the kinds of step (STEP_KINDS order) for "step"
    said: str = ""  # the step said back to the person, in the second person and their words
    planned: bool = False  # the step is promised, not yet taken ("I'll put them away")
    called: bool = False  # for "lines_useless": they say they called before
    fact: str | None = None  # for "medicine": the safety fact it needs (FACTS)
    talk: bool = (
        False  # for "step": they also ask to be talked with ("I'll text her. can you keep talking to me")
    )


def hear(message: str) -> Heard:
    """What ``message`` says back to the protocol; ``Heard()`` when it is none of the kinds."""
    folded = fold(message)
    if _DISPOSE.search(folded):
        return Heard("dispose")
    if _MEDICINE.search(folded) and _ASKS.search(folded):
        return Heard("medicine", fact=medicine_fact(folded))
    if _DOUBT.search(folded):
        return Heard("doubt")
    if says_lines_useless(message):
        return Heard("lines_useless", called=bool(_CALLED.search(folded)))
    found = _steps(folded)
    if (
        not found
        and (named := _NAMED_STEP.search(message))
        and not _EN_NEG.search(message[: named.start()][-30:])
    ):
        # someone they name, to be told: "fine. I'll talk to Sam tonight" (a step and a plan, never a time to act)
        return Heard("step", ("person",), said_back(message, [named.span()]), planned=True)
    if found:
        kinds = tuple(k for k in STEP_KINDS if k in {kind for kind, _ in found})
        spans = [m.span() for _, m in found]
        talk = _TALK.search(folded) is not None
        return Heard("step", kinds, said_back(message, spans), _planned(folded, found), talk=talk)
    if _TALK.search(folded):
        return Heard("talk")
    return Heard()


#: a person named by name, to be talked to or told, as a plan: I'll talk to Sam tonight / gonna tell Priya
_NAMED_STEP = re.compile(
    r"\b(?:[Ii]'?ll|[Ii] will|[Ii]'?m (?:going to|gonna)|[Gg]onna) (?:talk to|tell|call|ring|text|message|go to"
    r"|stay with) ([A-Z][a-z]+)\b(?<!\bGod)"
)


def says_lines_useless(message: str) -> bool:
    """The message says help lines were tried and did not help ("打过了，没用", "hotlines don't help"), and not a
    call to someone they know ("我给他打过电话，没用")."""
    folded = fold(message)
    for m in _LINES_USELESS.finditer(folded):
        if not _SOMEONE.search(folded[_clause_start(folded, m.start()) : m.end()]):
            return True
    return False


def medicine_fact(folded: str) -> str:
    """The safety fact a question about a medicine needs: with alcohol (a sedative with it slows breathing), more
    than prescribed, mixed with other medicines, or, for anything else, taking it only as prescribed."""
    if _ALCOHOL.search(folded):
        return "sedative_alcohol" if _SEDATIVE.search(folded) else "alcohol"
    if _MORE.search(folded):
        return "more"
    if _MIX.search(folded):
        return "mix"
    return "general"


#: a step asked of the bot, not taken: "will you tell my mom", "are you going to call someone", "你会告诉我家人吗"
_OF_THE_BOT = re.compile(
    r"(?:\b(?:will|would|can|could|did|do) you|\b(?:are you|you) (?:going to|gonna))\s*$|你(?:会|要|能|可以|是不是要)?(?:帮我)?$"
)


def _steps(folded: str) -> list[tuple[str, re.Match[str]]]:
    """Each step kind found in the message, with its first match not negated in its clause (and, for the means
    put away, one that moves a means)."""
    found = []
    for kind, pattern in _STEPS:
        for m in pattern.finditer(folded):
            before = folded[_clause_start(folded, m.start()) : m.start()]
            if _ZH_NEG.search(before) or _EN_NEG.search(before):
                continue
            if _OF_THE_BOT.search(before):
                continue  # "will you tell my mom?", "你会告诉我妈吗": asked of the bot, no step of theirs
            if kind == "means_away" and not (
                _MEANS_OBJECT.search(before + m.group()) or _ZH_BARE.match(before)
            ):
                continue
            found.append((kind, m))
            break
    return found


def _planned(folded: str, found: list[tuple[str, re.Match[str]]]) -> bool:
    """The first step is said as a plan or a promise ("我会…", "I'll…", "gonna…"), not as done."""
    start = _clause_start(folded, found[0][1].start())
    clause = folded[start : found[0][1].end()]
    return bool(
        re.search(
            r"我会|我要|我去|我这就|马上|等下|待会|准备|打算|明天|\b(?:i'?ll|i will|gonna|going to|i'?m about to)\b",
            clause,
        )
    )


def _clause_start(text: str, pos: int) -> int:
    ends = [m.end() for m in _CLAUSE_END.finditer(text, 0, pos)]
    return ends[-1] if ends else 0


def _clause_end(text: str, pos: int) -> int:
    m = _CLAUSE_END.search(text, pos)
    return m.start() if m else len(text)


def said_back(message: str, spans: list[tuple[int, int]]) -> str:
    """The clauses of ``message`` holding ``spans`` (two at most, in order), said back in the second person."""
    parts: dict[tuple[int, int], tuple[int, int]] = {}  # clause -> the first step in it
    for start, end in sorted(spans):
        parts.setdefault((_clause_start(message, start), _clause_end(message, end)), (start, end))
    said = [_second_person(message[a:b], message[s:e]) for (a, b), (s, e) in list(parts.items())[:2]]
    if zh_or_en(message) != "zh":
        return ", and ".join(p for p in said if p)
    if len(said) == 2 and said[0].startswith("你") and said[1].startswith("你"):
        said[1] = said[1][1:]  # 你感觉好多了，刚刚喝了杯水
    return "，".join(p for p in said if p)


_CONTRAST = re.compile(r"(?:但是|可是|不过|只是|(?a:,?\s*\b(?:but|though|although|except)\b))")


def _second_person(clause: str, step: str) -> str:
    """``clause`` (or, when it runs long, the ``step`` within it) with I and you swapped and leading fillers off."""
    text = _FILLER.sub("", clause.strip()).strip(" ~～…。.!！")
    # what comes after "but" is no step to be glad of: "my brother is downstairs but i dont know what to tell him"
    text = _CONTRAST.split(text, maxsplit=1)[0].strip(" ,，") or text
    zh = zh_or_en(text or step) == "zh"
    if len(text) > _ZH_SAID_MAX if zh else len(text.split()) > _EN_SAID_MAX:
        text = step.strip()
    return _zh_second(text) if zh else _en_second(text)


def _zh_second(text: str) -> str:
    """我 -> 你 and back, with a subject where the clause has none ("刚刚喝了杯水" -> "你刚刚喝了杯水"); 我妈 ->
    你妈妈, never the curse 你妈."""
    text = re.sub(r"我(妈|爸|姐|哥|弟|妹)(?!\1)", r"我\1\1", text)
    said = re.sub(r"我们|咱们|你们|我|你|妳", lambda m: _ZH_SWAP[m.group()], text)
    said = re.sub(r"(看|试|问|找)\1", r"\1", said).rstrip("吧啊呀哈嘛")
    if "你" in said or re.match(_ZH_WHO, said):
        return said
    if re.match(r"好|平静|冷静|舒服|缓过|没那么", said):
        return "你感觉" + said  # 好多了 -> 你感觉好多了 (not 你好…)
    if re.match(r"[^把，。]{1,4}?(?:都|全)?(?:已经)?(?:放|拿|搬|锁|收|藏|扔|丢|交)", said):
        return "你把" + said  # 药放到客厅了 -> 你把药放到客厅了
    return "你" + said


def _en_second(text: str) -> str:
    """I -> you and back, gonna -> going to, with a subject where the clause has none ("gonna try to sleep" ->
    "you're going to try to sleep")."""
    said = _EN_SWAP_RE.sub(lambda m: _EN_SWAP[m.group().lower()], text)
    if not said:
        return ""
    said = said[0].lower() + said[1:] if said[:2] not in ("I'", "I ") else said
    if _EN_SUBJECT.match(said.lower()):
        return said
    if re.match(r"going to|\w+ing\b", said):
        return "you're " + said
    return "you " + said
