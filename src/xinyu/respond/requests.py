"""What people ask a supporter for in so many words, and the lines that answer it: whether to see a doctor, a
way to calm down now, to meet people, to open a talk, to get through a presentation, to find purpose, to tell a
manager one is struggling, whether a lump is serious, a question one cannot answer in an interview; a choice or a yes or no put to the bot, weighed and left to
the person; and how to say something (answered from the event's own lines where it has them, see
:mod:`xinyu.respond.compose`).

>>> requested("有什么办法能让我上台不那么紧张吗", "zh")[0]
'zh.stage'
>>> asks_for_help("想跟她好好谈谈，但不知道怎么开口"), asks_for_help("我今天好累")
(True, False)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from xinyu.safety.helplines import ABUSE_LINES
from xinyu.understand.fold import fold

#: asking how to say something: 你觉得怎么讲比较不会撕破脸 / how do I bring it up
HOW_TO_SAY = {
    "zh": re.compile(
        r"(?:怎么|如何|怎样)(?:讲|说|开口|提|沟通|表达|谈|劝)|怎么(?:跟|和|对)[^，。,.!?？]{1,6}(?:说|讲|开口|提|谈|聊)"
        # Cantonese: 唔知點同我阿媽講
        r"|[点點](?:样|樣)?(?:同|跟|对|對)[^，。,.!?？]{1,6}(?:讲|講|说|說|开口|開口)"
        r"|帮我(?:想|写|拟|改)(?:个|一个|一下|下|几句)?(?:开头|开场白|措辞|说法|邮件|消息|回复)|开(?:话题|场)|搭话"
        r"|委婉(?:点|一点|地|些)?(?:跟|和|对)?[^，。,.!?？]{0,4}(?:说|提|讲|开口)|(?:发|回)(?:个|条|一条)?什么(?:消息|微信|短信|简讯)?好|第一句(?:话)?(?:该|要)?(?:说|讲)(?:些)?什么"
        # afraid of not knowing what to say when they meet (not 我也不知道该说什么了: lost for words now)
        r"|怕(?:我|自己)?(?:到时候)?不知道(?:该|要)?(?:说|讲)(?:些)?什么|(?:见面|见到[他她]|到时候)[^。！？]{0,6}不知道(?:该|要)?(?:说|讲)(?:些)?什么"
    ),
    "en": re.compile(
        r"\bhow (?:do|should|can|would|could) i (?:even |actually |ever )?(?:say|tell|convince|persuade|bring (?:it|this|that) up|raise|word|phrase|ask)\b"
        r"|\bwhat (?:do|should|would|can) i (?:even |actually |really |just )?say\b"
        r"|\bhow to (?:say|tell|bring (?:it|this|that) up|word)\b|\bhelp me (?:word|phrase|write|say)\b"
        r"|\bwhat to (?:even |actually )?say\b"
        r"|\b(?:start|open) (?:a|the) conversation\b|\bconversation starters?\b",
        re.IGNORECASE,
    ),
}


#: the person's words turned to the listener, word by word (I -> you, my -> your)
EN_SWAP = {
    "i": "you",
    "me": "you",
    "my": "your",
    "mine": "yours",
    "myself": "yourself",
    "i'm": "you're",
    "im": "you're",
    "i've": "you've",
    "ive": "you've",
    "i'll": "you'll",
    "i'd": "you'd",
    "am": "are",
    "we": "you",
    "us": "you",
    "our": "your",
    "ours": "yours",
    "we're": "you're",
    "we've": "you've",
    "we'd": "you'd",
    "we'll": "you'll",
}


def _patterns(zh: str, en: str) -> dict[str, re.Pattern[str]]:
    return {"zh": re.compile(zh), "en": re.compile(en, re.IGNORECASE)}


@dataclass(frozen=True)
class _Request:
    """A request the suggestion answers with a line of its own: the line's name, what asks for it, the line."""

    name: str
    asked: dict[str, re.Pattern[str]]
    line: dict[str, str]
    #: a follow-up that asks for it without naming the subject ("有啥办法能委婉点跟他提吗" after the snoring, "should
    #: I pinch off the side shoots?" after the tomatoes), answered when one of the last turns named ``about``
    follow: dict[str, re.Pattern[str]] | None = None
    about: dict[str, re.Pattern[str]] | None = None
    #: whether the line is a step to try, asked after ("这一步现在对你来说做得到吗？"); information (what rehab
    #: after a stroke looks like, a podcast, whether the English is clear) is not checked
    checked: bool = True


#: the warning signs of suicide seen in someone else: a treasured thing given away, "won't be needing it", a goodbye
_SIGNS_ZH = (
    r"(?:她|他|朋友|室友|舍友|同学|闺蜜|兄弟|妹妹|弟弟|哥哥|姐姐|儿子|女儿|老公|老婆|男朋友|女朋友)[^。！？]{0,30}"
    r"(?:送(?:给)?了?我|送人|送掉|以后用不(?:着|上)|再也用不(?:着|上)|说再见|告别|谢谢(?:你们|大家)(?:这些年)?(?:的照顾)?"
    r"|想死|不想活|想自杀|要自杀|轻生|割腕|遗书|活着(?:也|都|真)?没(?:有)?意思|活不下去|死了算了|不如死了"
    r"|谢谢你一直(?:在|陪着)|对不起(?:我)?(?:太麻烦|是个负担|拖累)|看不到(?:意义|希望)|什么都没意思"
    r"|站在(?:阳台|窗边|窗台|窗户边|楼顶|天台|桥上))"
)
_SIGNS_EN = (
    r"\b(?:she|he|they|my (?:friend|housemate|roommate|flatmate|sister|brother|son|daughter|partner|boyfriend"
    r"|girlfriend|mate|wife|husband))\b[^.!?]{0,80}\b(?:gave (?:me|away) (?:her|his|their)|giving away (?:her|his"
    r"|their)|won'?t be needing|won'?t need (?:it|them)|said goodbye to|goodbye (?:post|story|message)"
    r"|thanks for everything|wants? to die|talk(?:s|ed|ing)? about (?:dying|suicide|killing)|kill (?:her|him|them)sel(?:f|ves)"
    # a goodbye-sounding last message: "thanks for always being there… sorry for being a lot", and then silence
    r"|thanks for always being there|(?:the )?best part of (?:all this|my life|everything)|sorry for being (?:a lot|a burden"
    r"|too much|so much)|(?:doesn'?t|does not|can'?t|didn'?t) see the point|tired of (?:everything|it all|living)"
    r"|(?:said|says) (?:she|he|they) (?:wouldn'?t|won'?t) do anything|(?:said|says) (?:life|it)(?:'s| is) (?:not worth"
    r"|pointless)|standing (?:at|on|by) (?:the |an )?(?:open )?(?:window|balcony|ledge|edge)|(?:doesn'?t|does not|didn'?t)"
    r" want to (?:live|be here|be alive))"
)
_NOW_EN = (
    r"\bwhat now\b|\bwhat do i do now\b|\bwhat (?:should|do) i do (?:now|next|tonight)\b|\bshould i call (?:her|his|their)"
    r" (?:mum|mom|dad|parents|family)\b|\bidk if i believe (?:her|him|them)\b"
    r"|\b(?:mum|mom|dad|parents|family)\b[^?]{0,100}\bshould i (?:call|tell|ring)\b"
)
#: someone at risk who is not in reach: met online, another city or state, no address, gone silent
_FAR_ZH = r"网友|网上认识|游戏里认识|不知道(?:她|他)(?:住)?(?:哪|在哪|地址|全名|真名)|(?:另一个|别的|外)(?:城市|省)|好几天(?:没)?(?:上线|回消息)"
_FAR_EN = (
    r"\b(?:online|discord|server|in (?:another|a different) (?:state|city|country)|lives in (?:another|a different)"
    r"|(?:don'?t|do not) know (?:his|her|their) (?:address|last name|real name|surname)|hasn'?t been online|went offline"
    r"|gone (?:silent|quiet|offline))\b"
)
_POLICE_ZH = (
    r"(?:能|能不能|可以|可不可以|要不要|该不该)(?:打)?(?:110|报警)|报警(?:有用|管用)吗|怎么办|该怎么做"
)
_POLICE_EN = (
    r"\bcall (?:the )?(?:police|cops|911|999|000)\b|\bwelfare check\b|\bwhat am i (?:supposed|meant) to do\b"
    r"|\bwhat (?:do|should|can) i do\b"
)
_SAY_EN = (
    r"\bwhat do i (?:actually |even )?say\b|\bword for word\b|\bhow do i (?:even |actually )?(?:ask|bring it up|start)\b"
    r"|\bwhat (?:should|do) i say\b|\bwhat (?:actual )?words\b"
)
#: after the signs: a sudden calm or cheer / not wanting a scene / going home alone / going to ask now
_CALM_ZH = r"突然(?:变得)?(?:很|特别)?(?:开心|高兴|平静|轻松|开朗)|(?:反常|出奇)地?(?:开心|高兴|平静)|比(?:平时|以前)(?:都)?(?:开心|高兴)"
_CALM_EN = (
    r"\b(?:weirdly|suddenly|strangely|oddly|unusually) (?:cheerful|calm|happy|upbeat|peaceful|chirpy|at peace|relaxed)\b"
    r"|\bhappier than i'?ve seen\b"
)
_SCENE_ZH = r"当着(?:大家|别人|同事|众人)的面|让(?:他|她)(?:没面子|难堪|下不来台)|搞得(?:很)?大"
_SCENE_EN = r"\b(?:embarrass\w*|make a (?:big )?(?:deal|scene|fuss)|in front of (?:the|everyone|his|her))\b"
_ALONE_ZH = r"(?:一个人|独自)(?:回|住|在家|过)|回到?空(?:荡荡的)?(?:房子|家)|空房子"
_ALONE_EN = (
    r"\b(?:going|goes|heading|head|flying) (?:back |home )?(?:to )?an empty (?:house|flat|place|home)\b|\blives? alone\b"
    r"|\b(?:on (?:his|her|their) own|by (?:himself|herself|themselves))\b[^.?!]{0,30}\b(?:home|house|weekend|break)\b"
)
_GOING_ZH = r"(?:现在|这就|马上)(?:就)?(?:去)?(?:找|敲门|问)(?:他|她)"
_GOING_EN = (
    r"\b(?:going|gonna|about) to (?:knock|go (?:over|round|talk)|talk to (?:him|her|them)|ask (?:him|her|them))\b"
    r"[^.?!]{0,30}\bnow\b|\b(?:going|heading) (?:over|round) (?:there )?now\b"
)
#: someone following the person, waiting for them or turning up again and again
_STALKED_ZH = (
    r"跟踪|跟着我(?:回家|下班|走)|跟住我|跟我回家|(?:在|喺)[^。！？]{0,10}(?:楼下|门口|出口)(?:等|企)|等我(?:下班|收工)"
    r"|骚扰我|纠缠|堵我|(?:天天|日日|每天)(?:都)?(?:来|嚟)[^。！？]{0,12}(?:望住我|盯着我|看着我)"
)
_STALKED_EN = (
    r"\b(?:follow(?:s|ed|ing)? me|stalk(?:s|ed|ing|er)?|wait(?:s|ed|ing)? (?:for me )?outside|waiting for me after"
    r"|(?:keeps?|kept) (?:turning|showing) up|turn(?:s|ed)? up at my|harass(?:es|ed|ing)? me)\b"
)
_POLICE_ASK_ZH = r"报警|报案|警察|差人|派出所|警署"
_POLICE_ASK_EN = r"\b(?:police|cops|report (?:him|it|this)|restraining order|protective order|911|999|000)\b"
#: a date, and waiting to hear after it
_DATE_ZH = r"约会|相亲|见面|第一次见|约了(?:他|她)"
_DATE_EN = r"\b(?:a date|first date|went out with|hinge|tinder|bumble|dating app|got coffee|second date)\b"
_TEXT_FIRST_ZH = r"(?:没(?:有)?|不)(?:回|联系|找)我|(?:要不要|该不该)(?:主动|先)(?:发|找|联系)"
_TEXT_FIRST_EN = (
    r"\b(?:hasn'?t|haven'?t|didn'?t|not) (?:texted|messaged|called|heard back)\b[^?]{0,80}\?"
    r"|\b(?:should|do) i (?:text|message|call) (?:him|her|them)(?: first)?\b(?=[^?]{0,40}\?)"
)


#: a dog that barks or howls when left alone, and a question about it
_DOG_ALONE_ZH = (
    r"狗[^。？?]{0,30}(?:一出门|我一走|我出门|我上班|不在家|一个人在家|单独在家)[^。？?]{0,20}(?:叫|吠|嚎|拆家|哼唧)"
    r"|(?:一出门|我一走|我出门|我上班|不在家|一个人在家|单独在家)[^。？?]{0,16}狗[^。？?]{0,6}(?:一直叫|狂叫|乱叫|叫个不停|嚎|拆家)"
)
_DOG_ALONE_EN = (
    r"\b(?:dog|puppy|pup|rescue|he|she)\b(?=[^.?!]{0,80}\b(?:dog|puppy|pup|bark\w*|howl\w*)\b)[^.?!]{0,60}"
    r"\b(?:barks?|barking|howls?|howling)\b[^.?!]{0,40}"
    r"\b(?:when i leave|i leave|(?:left|leave him|leave her) alone|alone|i'?m (?:out|gone|at work)|while i'?m)\b"
    r"|\b(?:the second|when|whenever|as soon as) i leave\b[^.?!]{0,30}\b(?:barks?|barking|howls?|howling)\b"
    r"|\b(?:dog|puppy|pup)\b[^.?!]{0,60}\bseparation anxiety\b|\bseparation anxiety\b[^.?!]{0,40}\b(?:dog|puppy|pup)\b"
)
_DOG_ASK_ZH = r"怎么办|咋办|正常吗|正不正常|有(?:什么|没有)(?:办法|招)|能做(?:些)?什么|会好(?:吗|起来吗)"
_DOG_ASK_EN = (
    r"\bis (?:this|that|it) normal\b|\bwhat can i (?:actually |even )?do\b|\bhow do i (?:stop|fix|help)\b"
    r"|\bdoes it get better\b|\bany (?:tips|advice|ideas)\b|\bwhat (?:should|do) i do\b"
)


#: violence heard or seen at a neighbour's or a friend's home, and what to do about it
_ABUSE_ZH = (
    # (someone else's home: the speaker's own abuse, 我老公家暴我, is not a neighbour's worry)
    r"(?:那个男的|她老公|她男朋友|她丈夫)[^。！？]{0,6}(?:打|揍)(?:老婆|媳妇|女朋友|她)(?!电话|的电话|主意)"
    r"|(?:楼下|楼上|隔壁(?!班|宿舍|桌|组|部门)|对门|邻居)[^。！？]{0,30}(?:摔东西|砸东西|哭喊|喊救命|惨叫|撞墙|咚的一声|一声闷响)"
    r"|她[^。！？]{0,12}(?:淤青|青一块紫一块|伤痕)[^。！？]{0,20}(?:遮|挡|藏|长袖|墨镜)"
    r"|她[^。！？]{0,12}(?:长袖|墨镜|遮着|挡着|藏着)[^。！？]{0,20}(?:淤青|青一块紫一块|伤痕)"
)
_ABUSE_EN = (
    r"\b(?:he|her (?:husband|boyfriend|partner))\b[^.?!]{0,20}\b(?:hits?|hitting|beats?|beating|punch\w*|slap\w*) (?:her"
    r"|his (?:wife|girlfriend|partner))\b(?! (?:at|in|to|on)\b)"
    r"|\b(?:flat|apartment|house|couple|neighbou?rs?) (?:below|above|next door|downstairs|upstairs)\b[^?]{0,200}"
    r"\b(?:thud|things? (?:being )?thrown|throwing things|smash(?:ing|ed)? (?:things|plates|glass)|hit(?:ting)? her"
    r"|slamm\w* (?:her|into))\b"
    r"|\b(?:flat|apartment|couple|neighbou?rs?)\b[^?]{0,120}\b(?:thud|things? (?:being )?thrown|smash\w*)\b[^?]{0,120}"
    r"\b(?:her|she)\b[^?]{0,40}\b(?:crying|cried|screaming|screamed)\b|\b(?:sleeves|sunglasses)\b[^.?!]{0,40}\b(?:her|she)\b[^.?!]{0,30}\b(?:bruis\w*|august"
    r"|summer|hot|rain\w*|chucking it down)\b|\bbruis\w*\b[^.?!]{0,30}\b(?:her|she)\b[^.?!]{0,30}\b(?:hid\w*|cover\w*"
    r"|sleeves|sunglasses|make-?up)\b"
)
_ABUSE_ASK_ZH = r"报警|打110|敲门|怎么办|该怎么做|该不该管|要不要管|能做什么|纸条|管闲事"
_ABUSE_ASK_EN = (
    r"\b(?:ring|call) (?:the )?(?:police|cops|999|911|000)\b|\bdo i knock\b|\bwhat (?:should|do|can) i (?:actually )?do\b"
    r"|\bnone of (?:my|our) business\b|\bnot our business\b|\bkeep out of it\b|\bnote under (?:her|the) door\b"
)
_ABUSE = _patterns(_ABUSE_ZH, _ABUSE_EN)


#: a grown child back home, and how to set the terms
_HOME_AGAIN_ZH = (
    r"(?:儿子|女儿|孩子|闺女)[^。！？]{0,20}(?:搬回来|搬回家|回家住|住回家|住家里|啃老|在家躺|赖在家)"
)
_HOME_AGAIN_EN = (
    r"\b(?:son|daughter|kid|stepson|stepdaughter)\b[^.!?]{0,60}\b(?:moved back (?:in|home)|living (?:at home|with us)"
    r"|lives with us|back home with us|moved home)\b"
)
_TERMS_ZH = r"怎么(?:说|开口|跟他|跟她|定规矩|立规矩)|房租|生活费|家务|期限|规矩|底线"
_TERMS_EN = r"\b(?:expectations?|rent|chores|deadline|ground rules|house rules|what do i (?:actually )?say|how do i (?:say|tell|raise|bring))\b"


#: requests answered in a line of their own, in the order tried (a doctor's visit before the rest)
def _after_signs(name: str, zh: str, en: str, line: dict[str, str]) -> _Request:
    """A worry told after someone's warning signs (a sudden calm, not wanting a scene, going home alone): answered
    in the message that names the signs too, or as a follow-up of one that did."""
    return _Request(
        name,
        _patterns(rf"(?=[^。]*(?:{_SIGNS_ZH}))(?=[^。]*(?:{zh}))", rf"(?=.*(?:{_SIGNS_EN}))(?=.*(?:{en}))"),
        line,
        follow=_patterns(zh, en),
        about=_patterns(_SIGNS_ZH, _SIGNS_EN),
        checked=False,
    )


_REQUESTS = (
    # whether it is an anxiety disorder (depression, OCD) and whether it is worth seeing someone, at any age: not
    # diagnosed here, and yes, worth an assessment
    _Request(
        "assess",
        _patterns(
            r"(?:是不是|算不算|会不会是|该不会是|是否)(?:得了)?(?:焦虑症|抑郁症|强迫症|焦虑障碍|抑郁障碍|焦虑|抑郁)"
            r"|(?:这个|这把)?(?:年纪|岁数)[^。？?]{0,10}(?:还)?(?:值得|有必要|需要|要)(?:去)?(?:看|找)",
            r"\b(?:is (?:this|it|that)|could (?:this|it) be|am i) (?:an? )?(?:anxiety|depression|ocd|depressed|anxious)"
            r"(?: disorder)?\b(?=[^.!]*\?)|\b(?:at my age|too old)\b[^.?!]{0,40}\b(?:see|go to|worth)\b",
        ),
        {
            "zh": "是不是焦虑症，要医生当面问过才能判断，我不乱下结论。不过像你说的这样，放不下、停不了，已经影响到睡觉和"
            "日子，正是值得去找医生看看的时候。看病不分年纪，上了年纪来看焦虑、失眠的人很多，医生不会觉得奇怪；可以挂心理科、"
            "精神科或睡眠门诊。焦虑是能治的，很多人调整之后明显轻松了。",
            "en": "I can't tell you whether it's an anxiety disorder; that takes a proper assessment, and I won't guess. "
            "But when something has this much hold on you and is costing you sleep and your days, it's exactly what a "
            "doctor or psychologist is there for, at any age. Your GP is a good first stop, and anxiety is common and "
            "very treatable.",
        },
        checked=False,
    ),
    # which doctor or department: 挂哪个科 / which kind of doctor, GP or specialist
    _Request(
        "which_doctor",
        _patterns(
            r"挂(?:什么|哪个|哪|啥)(?:个)?科|看(?:什么|哪个|啥)科|(?:哪个|什么|啥)科室|挂[^。？?]{1,5}科(?:就行|可以|对|行)吗",
            r"\bwhich (?:kind of |type of |sort of )?(?:doctor|specialist|department|clinic)\b"
            r"|\bwhat (?:kind|type|sort) of (?:doctor|specialist)\b|\b(?:gp|family doctor|doctor) or (?:go )?(?:straight )?"
            r"(?:to )?(?:a |the )?(?:specialist|hospital|a&e|er|urgent care)\b",
        ),
        {
            "zh": "拿不准就先问医院的分诊台（导诊台）：说清楚哪里不舒服、多久了、什么时候加重，他们会告诉你挂哪个科；网上挂号"
            "很多医院也有“智能导诊”。大致上，膝盖、关节、骨头和扭伤看骨科（有运动医学科更对口）；心慌胸闷看心内科；"
            "头晕头痛、手脚发麻看神经内科；睡不好、焦虑、情绪低落看心理科、精神科或睡眠门诊。一般不用非跑大医院，"
            "先在附近二级以上医院的专科看，需要时医生会建议转诊；突然很重的（站不住、剧痛、胸痛）就直接去急诊。",
            "en": "Your GP (family doctor) is usually the first stop: they can examine you, order scans or tests, and "
            "refer you to the right specialist, which many specialists and insurers need anyway. Go straight to "
            "urgent care or A&E instead if it comes on suddenly and badly: you can't put weight on it, severe pain, "
            "chest pain or sudden weakness. Either way, say what happens, since when, and what makes it worse.",
        },
        checked=False,
    ),
    # a carer asking what support there is: 有没有什么能帮到我们这种照顾病人的家属 / is there anything for people like me
    _Request(
        "carer_support",
        _patterns(
            r"(?=[\s\S]*(?:照顾|护理|陪护|老年痴呆|阿尔茨海默|失智|中风|瘫痪))"
            r"(?=[\s\S]*(?:有没有|有什么|哪里有|去哪)[^。？?]{0,12}(?:帮助|帮忙|支持|机构|服务|喘息|地方))",
            r"(?=[\s\S]*\b(?:car(?:er|ing)|looking after|look after|alzheimer'?s|dementia|stroke)\b)"
            r"(?=[\s\S]*\b(?:(?:is there|are there) (?:actually )?(?:anything|anyone|any help|any support|any services?)"
            r" (?:for (?:people like me|carers|us|someone like me)|(?:that )?(?:can )?help)"
            r"|what (?:help|support) is (?:there|out there)|where (?:do|would|should) i (?:even )?start)\b)",
        ),
        {
            "zh": "有的，只是很多家属不知道去哪找。可以先问社区居委会或街道，很多地方有居家养老服务、上门护理和短期托养"
            "（喘息服务），让你能歇一歇；老人看病的医院（记忆门诊、神经内科）一般也知道本地有哪些照护者支持小组和机构；"
            "网上也有认知症家属的互助群。跟医生说一句“我是主要照顾的人，我自己也快撑不住了”，他们也会关心你这一头。",
            "en": "Yes, there usually is, though it's rarely handed to you. Ask your council for a carer's assessment: "
            "it's your right as a carer and can lead to respite and help at home. Look up the local carers' centre, and "
            "for dementia, the national dementia charity's helpline (in the UK, the Alzheimer's Society's support line "
            "and Dementia UK's Admiral Nurses). And tell your GP you're a carer, so they keep an eye on you too.",
        },
        follow=_patterns(
            r"(?:有没有|有什么|哪里有|去哪)[^。？?]{0,12}(?:帮助|帮忙|支持|机构|服务|喘息|地方)",
            r"\b(?:(?:is there|are there) (?:actually )?(?:anything|anyone|any help|any support|any services?)"
            r" (?:for (?:people like me|carers|us|someone like me)|(?:that )?(?:can )?help)"
            r"|what (?:help|support) is (?:there|out there)|where (?:do|would|should) i (?:even )?start)\b",
        ),
        about=_patterns(
            r"照顾|护理|陪护|老年痴呆|阿尔茨海默|失智|中风|瘫痪",
            r"\b(?:car(?:er|ing) for|looking after|alzheimer'?s|dementia)\b",
        ),
        checked=False,
    ),
    # a young person who cannot go to the teacher or the parents, asking who else to tell: other routes, honestly
    _Request(
        "who_to_tell_young",
        _patterns(
            r"(?=[\s\S]*(?:(?:跟|和|找|对)谁(?:说|讲|聊|倾诉)|告诉谁|没人(?:可以|能)说))"
            r"(?=[\s\S]*(?:班主任|老师|学校|我妈|我爸|爸妈|家长))",
            r"(?=[\s\S]*\bwho (?:can|do|should|could|would) i (?:even )?(?:tell|talk to|go to)\b)"
            r"(?=[\s\S]*\b(?:teacher|school|mum|mom|dad|parents|form tutor|counsel+or)\b)",
        ),
        {
            "zh": "还有别的人可以找：学校的心理老师（心理咨询室）一般会先听你说，你可以先问问她哪些事必须告诉家长、"
            "哪些不用，再决定说多少；家里别的靠得住的大人也可以，比如姑姑、外婆、哪个你信得过的亲戚；还可以打12355青少年"
            "服务台，那里有人专门听青少年说家里的事。要是哪天在家里觉得不安全，直接打110。",
            "en": "There are other people you can go to: the school counsellor will usually listen first, and "
            "you can ask them up front what they'd have to pass on before you decide how much to say; another adult you "
            "trust, like an aunt, a grandparent or a friend's parent; or a free line for young people: Childline in the "
            "UK, Kids Helpline in Australia, Kids Help Phone in Canada, or the Crisis Text Line in the US. If you ever "
            "don't feel safe at home, call the emergency number.",
        },
        checked=False,
    ),
    # whether to see a doctor or a counsellor: the answer is yes
    _Request(
        "see_doctor",
        _patterns(
            r"(?:要不要|该不该|需不需要|应不应该|应唔应该|要|该|应该|需要)(?:带[他她]|陪[他她])?(?:去)?(?:看|找|睇)(?:一下|下)?"
            r"(?:医生|病|心理医生|心理咨询|咨询师|[\u4e00-\u9fff]{0,2}专科|脑科|神经科|精神科)"
            r"|(?:要不要|该不该)(?:带[他她])?去医院|(?:抑郁|焦虑)[^。]{0,8}(?:要不要|该不该)(?:带[他她]|陪[他她])?(?:去)?看看",
            r"\b(?:should|do) i (?:go )?(?:see|go to|talk to|get) (?:a |the |my )?(?:doctor|gp|therapist|counsel+or"
            r"|psychiatrist|specialist|neurologist|cardiologist)\b|\bis (?:it|that) (?:worth|overkill)[^.?!]{0,20}\bdoctor\b",
        ),
        {
            "zh": "去看医生一点也不小题大做：反复出现的不舒服值得查清楚，心里的难受也一样可以找医生或心理咨询师。",
            "en": "It isn't overkill at all: when it keeps happening, a doctor can check it properly, and if it is "
            "panic, that is very treatable.",
        },
    ),
    # a mistake at work that may harm someone, and whether to tell: 要不要告诉护士长我可能给错了药 / should I tell the
    # pharmacist I might have pulled the wrong strength: yes, now
    _Request(
        "flag_mistake",
        _patterns(
            r"(?:要不要|该不该|应不应该|需不需要)(?:告诉|跟|和|上报|报告|说)[^。？?]{0,30}(?:药|剂量|病人|患者|老人)"
            r"|(?:给错|拿错|配错|发错)(?:了)?药[^。？?]{0,30}(?:要不要|该不该)(?:说|告诉|上报|报告)",
            r"\b(?:should|do) i (?:tell|report|flag|say something to|call)\b[\s\S]{0,200}\b(?:(?:double|twice|half) (?:her|his"
            r"|the|their) dose|wrong (?:dose|dosage|strength|drug|meds|medication|pills?)|patients?|prescription|script)\b"
            r"|\b(?:(?:double|twice|half) (?:her|his|the|their) dose|wrong (?:dose|dosage|strength|drug|meds|medication"
            r"|pills?)|patients?|prescription|script)\b[\s\S]{0,200}\b(?:should|do) i (?:tell|report|flag|say something)\b",
        ),
        {
            "zh": "现在就告诉药师或带班的人。可能有病人拿错了药、剂量不对时，越早说越能保护她；说出一个可能的失误，正是负责任"
            "的表现。就算最后是虚惊一场，你也只是尴尬一下；不说，代价可能是她的健康。照实讲：你配了什么、怀疑哪里错了、"
            "是什么时候。",
            "en": "Tell the pharmacist now. When a patient may have the wrong dose, flagging it fast is what protects her, "
            "and owning a possible error is what careful professionals do. If you're wrong, it costs you an awkward "
            "minute; if you stay quiet and you're right, it could cost her health. Keep it to the facts: what you "
            "filled, what you think happened, and when.",
        },
    ),
    # someone close showing the warning signs of suicide (a treasured thing given away, "won't be needing it", a
    # goodbye post): taken seriously, asked about directly, not left alone; then what to say, and what now
    # the one at risk out of reach (a friend met online, another state, no address): the police where they live can
    # check on them; a parent told; the platform told
    _Request(
        "other_at_risk_far",
        _patterns(
            rf"(?=[^。]*(?:{_SIGNS_ZH}))(?=[^。]*(?:{_FAR_ZH}))(?=[^。]*(?:{_POLICE_ZH}))",
            rf"(?=.*(?:{_SIGNS_EN}))(?=.*(?:{_FAR_EN}))(?=.*(?:{_POLICE_EN}))",
        ),
        {
            "zh": "可以，而且应该，现在就报警。跟警察说你担心一位朋友可能想结束生命，把你知道的都讲出来：名字、账号、大概在哪个"
            "城市哪所学校、最后那条消息和时间。警方可以联系对方所在地的警察上门确认，隔着省也行。今晚就告诉家里的大人，"
            "也向平台举报那条消息；你还可以打心理援助热线，问问接下来怎么做。你把这件事当真，是对的。",
            "en": "Yes, you can, and you should, now. Call emergency services or the police where you are, say you're "
            "worried a friend may be suicidal, and give them everything you have: his name, username, the city or "
            "school, the last message and when he sent it. Police can pass it to the department where he lives for a "
            "welfare check, even in another state. Tell your mum or another adult tonight, and report the message to "
            "the platform too; a crisis line can also talk you through what to do. Taking it seriously was right.",
        },
        follow=_patterns(
            rf"(?=.*(?:{_POLICE_ZH}))(?=.*(?:{_FAR_ZH}))",
            rf"(?=.*(?:{_POLICE_EN}))(?=.*(?:{_FAR_EN}))",
        ),
        about=_patterns(_SIGNS_ZH, _SIGNS_EN),
        checked=False,
    ),
    _Request(
        "other_at_risk_now",
        _patterns(
            rf"(?=[^。]*(?:{_SIGNS_ZH}))(?=[^。]*(?:现在怎么办|接下来(?:怎么办|该|要)|要不要告诉(?:她|他)(?:爸|妈|家里|父母)))",
            rf"(?=.*(?:{_SIGNS_EN}))(?=.*(?:{_NOW_EN}))",
        ),
        {
            "zh": "今晚尽量陪着对方，你在身边就是在做最要紧的事。可以问问有没有具体的打算、手边有没有药或刀这类东西，"
            "有的话请对方先交给你保管。一句“今晚不会做什么”是好迹象，但不是安全计划：一起打一个心理援助热线，或者明天"
            "陪着去看医生；告诉对方的家人也没有错，安全比怕对方生气更重要。一旦说要行动，或者你觉得保不住，就马上打急救电话或报警。",
            "en": "Stay with them tonight; being there is the most important thing you can do. Ask whether there's a "
            "plan or anything to hand, like pills or blades, and if so, ask to hold onto them for now. A promise not to "
            "do anything tonight is a good sign but not a safety plan: call a crisis line together, or get a doctor's "
            "appointment for tomorrow, and yes, it's okay to call family; their safety matters more than them being "
            "cross with you. If at any point they say they'll act, or you can't keep them safe, call emergency services.",
        },
        follow=_patterns(
            r"现在怎么办|接下来(?:怎么办|该|要)|要不要告诉(?:她|他)(?:爸|妈|家里|父母)|要不要(?:打给|联系)(?:她|他)(?:爸|妈|家里)"
            r"|(?:能|能不能|可以|要不要|该不该)(?:打)?(?:110|120|999|119|报警|叫救护车)|打1[12]0|(?:110|120)还是",
            _NOW_EN,
        ),
        about=_patterns(_SIGNS_ZH, _SIGNS_EN),
        checked=False,
    ),
    _Request(
        "other_at_risk_say",
        _patterns(
            rf"(?=[^。]*(?:{_SIGNS_ZH}))(?=[^。]*(?:怎么(?:开口|说|问)|说什么|该说))",
            rf"(?=.*(?:{_SIGNS_EN}))(?=.*(?:{_SAY_EN}))",
        ),
        {
            "zh": "可以照着说：“我注意到你最近……（说你看到的那件事），我很担心你。你是不是有想结束自己生命的念头？”直接问不会"
            "把念头塞进对方脑子里，反而让人知道可以说。然后多听少劝，不用急着解决什么。如果回答是“有”，就说“谢谢你告诉我，"
            "我们现在一起找人帮忙”，陪着一起打心理援助热线，别让对方一个人待着。",
            "en": "You could say: \"I've noticed (the thing you saw), and I'm really worried about you. Are you thinking "
            "about killing yourself?\" Asking straight out doesn't put the idea there; it tells them they can talk. Then "
            "listen more than you talk; you don't have to fix anything. If the answer is yes, say \"I'm really glad you "
            "told me. Let's call someone together now,\" and stay with them.",
        },
        follow=_patterns(r"怎么(?:开口|说|问)|说什么|该说|原话", _SAY_EN),
        about=_patterns(_SIGNS_ZH, _SIGNS_EN),
        checked=False,
    ),
    # after the signs: a sudden calm, not wanting a scene, going home alone, going to ask now
    _after_signs(
        "other_at_risk_calm",
        _CALM_ZH,
        _CALM_EN,
        {
            "zh": "是的，这是一个要当心的信号：低落了很久的人突然变得轻松、开朗，有时是因为已经下了决心，心里反而“放下了”，尤其是"
            "同时还在送东西、交代事情的时候。不一定就是这样，但加上你看到的那些，这是今晚就去问的理由，不是松口气的理由。",
            "en": "Yes, it's a known warning sign: after a long low, a sudden calm or cheerfulness can mean someone has made "
            "a decision and feels relief, especially alongside giving things away. It doesn't always mean that, but with "
            "what you've seen it's a reason to ask tonight, not to relax.",
        },
    ),
    _after_signs(
        "other_at_risk_private",
        _SCENE_ZH,
        _SCENE_EN,
        {
            "zh": "不用搞得很大。挑一个只有你们俩的时候，避开别人，比如一起抽根烟、开车、散步的时候，简单、小声地问。被人注意到，"
            "大多数人是松一口气多过难为情。",
            "en": "You don't have to make a big deal of it. Pick a moment when it's just the two of you, away from everyone "
            "else: a smoke out the back, a drive, a walk. Keep it simple and quiet; most people are more relieved than "
            "embarrassed that someone noticed.",
        },
    ),
    _after_signs(
        "other_at_risk_alone",
        _ALONE_ZH,
        _ALONE_EN,
        {
            "zh": "那就趁回去之前这几天做好安排：回家后谁能天天去看看、打个电话（家人或住得近的朋友），帮忙约好回去头几天的医生，"
            "把心理援助热线存进手机。问问对方愿意让谁知道，你可以陪着一起说。",
            "en": "Then the days before that are the ones to use. Help line up people for when they're back: family or a "
            "mate who'll drop in or ring every day, a GP appointment booked for the first days home, the crisis line "
            "saved in the phone. Ask who they'd want to know, and offer to help tell them.",
        },
    ),
    _after_signs(
        "other_at_risk_going",
        _GOING_ZH,
        _GOING_EN,
        {
            "zh": "好，去吧。找个只有你们俩的地方，先用一句话说你看到的，再直接问是不是有想结束生命的念头，然后等对方慢慢说，"
            "不用急着劝。如果回答是有，就陪着，回来告诉我，我们一起想下一步。",
            "en": "Good on you. Keep it private and plain: say what you saw in a sentence, then ask straight out whether "
            "they're thinking about killing themselves, and let the silence sit while they answer. You don't have to fix "
            "anything. If the answer is yes, stay with them and come back to me; we'll work out the next step together.",
        },
    ),
    _Request(
        "other_at_risk",
        _patterns(_SIGNS_ZH, _SIGNS_EN),
        {
            "zh": "你的担心是对的，这不是小题大做。你看到的这些，可能是一个人在想结束生命的信号，值得今晚就认真对待。最好的做法是直接问：“你是不是有想结束自己生命的念头？”然后陪着，"
            "别让对方一个人待着。如果觉得眼下就有危险，马上打急救电话或报警。",
            "en": "You're not overreacting. What you've seen can be one of the warning signs that someone is thinking of "
            "suicide, and it's worth acting on tonight. The kindest thing is to ask them straight out whether they're thinking about suicide, "
            "and then to stay with them. If you think they're in danger right now, call emergency services.",
        },
        follow=_patterns(
            r"小题大做|想多了|是不是我|太敏感|反应过度",
            r"\boverreact\w*|\bam i (?:being )?(?:paranoid|dramatic)\b|\bmake it weird\b",
        ),
        about=_patterns(_SIGNS_ZH, _SIGNS_EN),
        checked=False,
    ),
    # waiting for a text after a date, and whether to send one first: 约会完两天了他都没联系我，要不要主动 / it's been
    # 2 days and he hasn't texted… do I text him??
    _Request(
        "text_after_date",
        _patterns(
            rf"(?=[^。]*(?:{_DATE_ZH}))(?=[^。]*(?:{_TEXT_FIRST_ZH}))",
            rf"(?=.*(?:{_DATE_EN}))(?=.*(?:{_TEXT_FIRST_EN}))",
        ),
        {
            "zh": "两三天没联系很常见，很多人会等几天，或者等对方先开口。没有规定说不能你先：发一句简短、真诚的，比如"
            "“那天聊得很开心，下次再约？”，不是掉价，是大方。对方有意思自然会接；要是冷淡，你也就知道了，这同样是"
            "有用的答案。",
            "en": "Two days without a text is very normal; plenty of people wait a few days, or wait for the other "
            "person. There's no rule that says you can't go first: something short and warm, like \"I had a really "
            "nice time Saturday, would love to do it again,\" reads as confident, not needy. If he's keen, he'll say "
            "so; if he's lukewarm, you'll know, and that's worth knowing too.",
        },
        follow=_patterns(_TEXT_FIRST_ZH, _TEXT_FIRST_EN),
        about=_patterns(_DATE_ZH, _DATE_EN),
        checked=False,
    ),
    # an animal that ate something poisonous to it, and what to do: 狗偷吃了巧克力要紧吗 / if the dog eats chocolate
    # again, what do I do first: the vet at once, even when it looks fine
    _Request(
        "pet_poison",
        _patterns(
            r"(?=[^。]*(?:狗|猫|它|牠|宠物|汪|喵))(?=[^。]*(?:吃了|吃到|偷吃|误食|舔了|吞了|吃))"
            r"(?=[^。]*(?:巧克力|葡萄|提子|木糖醇|无糖口香糖|洋葱|大蒜|老鼠药|耗子药|百合|布洛芬|对乙酰氨基酚|扑热息痛))"
            r"(?=[^。]*(?:怎么办|要紧|严重|没事吧|有事吗|会不会|要不要|怎么|该|吗|？|\?|刚))",
            r"(?=.*\b(?:dog|dogs|puppy|pup|cat|cats|kitten|pet)\b)(?=.*\b(?:ate|eats|eaten|eat|got into|chewed|licked"
            r"|swallowed|scoffed)\b)(?=.*\b(?:chocolate|grapes?|raisins?|xylitol|sugar-free gum|onions?|garlic"
            r"|rat poison|ibuprofen|paracetamol|tylenol|acetaminophen|lil(?:y|ies)|antifreeze)\b)"
            r"(?=.*(?:\?|\bwhat (?:do|should|would) (?:i|we)\b|\bshould (?:i|we)\b|\bis (?:it|that|he|she) "
            r"(?:ok|okay|bad|dangerous|serious)\b|\bjust\b))",
        ),
        {
            "zh": "巧克力、葡萄和葡萄干、木糖醇（无糖口香糖里常有）、洋葱大蒜、人吃的止痛药，还有猫碰到百合，都可能让"
            "它中毒。一旦吃了，哪怕看着没事，也马上给宠物医院打电话或直接带去：有些中毒要过几个小时才显出来。记下吃的是"
            "什么、大概多少、几点吃的，还有它的体重，包装留着给医生看。医生没说，就别自己给它催吐。",
            "en": "Chocolate, grapes and raisins, xylitol (in sugar-free gum), onions and garlic, human painkillers, "
            "and lilies for cats can all poison a pet. If it happens, call a vet or an animal poison line straight "
            "away, even if they seem fine: some poisonings only show hours later. Have ready what was eaten, roughly "
            "how much and when, and their weight, and keep the wrapper. Don't make them sick unless the vet says to.",
        },
        checked=False,
    ),
    # money lost to a scam, whether it comes back and the fees it was for: 报警的话钱还能追回来吗？学费能缓交吗 (before
    # the police alone)
    _Request(
        "scam_report",
        _patterns(
            r"(?:报警|报案|96110|反诈)[^。？?]{0,12}(?:追回|要回|拿回|找回|退回|能回来)"
            r"|(?:被骗|骗走|诈骗)[^。？?]{0,12}(?:怎么办|能追回|还能回来|能要回)|(?:钱|学费)[^。？?]{0,6}(?:还能|能不能)(?:追|要|拿)回"
            # money sent on a scammer's word: 要她转钱到安全账户 转了五万 能追回来吗
            r"|(?:安全(?:账|帐)户|冒充(?:公安|警察|客服|领导)|公检法)[^。？?]{0,30}(?:怎么办|(?:能|还能|可以)(?:追|要|拿)(?:回|得回))",
            r"\b(?:scam(?:med)?|fraud|scammers?)\b[^.?!]{0,60}\b(?:get (?:it|the money|my money) back|recover|report"
            r"|police|chargeback)\b|\b(?:get|getting) (?:my|the) money back\b[^.?!]{0,40}\b(?:scam|fraud)\b",
        ),
        {
            "zh": "能追回多少要看钱的去向，但越早报案越有希望：现在就打110或去派出所报案（也可以打反诈专线96110咨询），带上"
            "转账记录、聊天截图、对方账号和群号，一条都别删；再打你付款那家银行或支付平台的客服，说明被骗，申请冻结或止付。"
            "被骗走的要是学费或房租，直接跟学校或房东说明情况，问问能不能缓交，这样的事他们见过。之后要是有人说能“帮你追回"
            "损失”、先要收费，那也是骗局。",
            "en": "How much comes back depends on where the money went, but the sooner it's reported the better the "
            "chance: report it to the police today (and your country's fraud reporting line), keep every transfer "
            "record, chat and account name, and call your bank or payment app to report the fraud and ask about a "
            "freeze or chargeback. If it was money for fees or rent, tell the school or landlord what happened and ask "
            "for more time; they have seen it before. "
            "And anyone who later offers to recover your money for a fee is running another scam.",
        },
    ),
    # food for a heart that has been ill: 心脏不好的人能吃什么 / low-salt recipes that still taste of something
    _Request(
        "heart_diet",
        _patterns(
            r"(?:心脏|心梗|支架|搭桥|高血压|血脂|心血管)[^。]{0,40}(?:能吃什么|吃什么|怎么吃|做什么菜|什么菜|能吃啥)"
            r"|(?:低盐|低脂|清淡|少盐|少油)[^。]{0,24}(?:菜|做法|吃什么|有滋味|有味道|好吃)",
            r"\b(?:heart attack|heart|cardiac|stents?|blood pressure|cholesterol)\b[^.?!]{0,50}\b(?:what (?:can|should)"
            r" (?:he|she|i|they|we) eat|recipes?|cook|meals?|foods?)\b|\blow[- ](?:salt|sodium|fat)\b[^.?!]{0,30}"
            r"\b(?:recipes?|meals?|ideas|taste|dishes)\b",
        ),
        {
            "zh": "可以在“减盐不减味”上下功夫：葱姜蒜、花椒、八角、香菜、柠檬、醋、番茄都能提味，盐在出锅前少放一点，咸味反而"
            "更明显。清蒸鱼、白灼虾、番茄炖瘦牛肉、去皮香菇炖鸡、凉拌木耳黄瓜，都清淡又有味道；他爱的红烧肉，可以换成瘦肉、"
            "少油少糖的“低配版”，偶尔吃一小口。每天盐和油该控制在多少、哪些要忌口，最好请他的心内科医生或营养科开个单子，"
            "很多医院还有心脏康复门诊。",
            "en": "Aim for less salt, same flavour: garlic, ginger, onion, herbs, lemon, vinegar, pepper and tomato carry "
            "taste, and a pinch of salt at the end tastes saltier than more of it cooked in. Steamed fish with ginger "
            "and scallion, roast chicken without the skin, lemon and herbs, bean or lentil stews, vegetables stir-fried "
            "with garlic: heart-friendly and not bland. His cardiologist or a dietitian (many hospitals run cardiac "
            "rehab) can give the exact limits for salt and fat.",
        },
        checked=False,
    ),
    # whether one's English (or Chinese) is good enough, asked of the bot: is my english ok in this chat?
    _Request(
        "language_check",
        _patterns(
            r"我的?(?:中文|普通话|汉语|英语|英文)[^。？?]{0,6}(?:怎么样|还行吗|可以吗|好吗|有问题吗|通顺吗|对吗)|(?:帮我|给我)(?:改|纠正|挑)[^。？?]{0,6}(?:错|毛病|语法)",
            r"\b(?:is|was) my (?:english|chinese|grammar|writing)\b[^.?!]{0,30}\b(?:ok|okay|good|bad|right|correct|understandable"
            r"|clear)\b|\b(?:tell|show|correct) (?:me )?(?:my|the) (?:mistakes|errors|grammar)\b",
        ),
        {
            "zh": "你写的我都看懂了，意思表达得很清楚。我不是专业的老师，没法一句句帮你批改；想进步快一点，可以找一个会温和指出错误的"
            "语伴或老师，每天用中文写几句日记，错了也没关系，敢用就是在进步。",
            "en": "I understood every message you wrote, and your meaning comes through clearly. I'm not a good "
            "teacher for line-by-line corrections; a class, a tutor or a language partner who corrects you kindly is "
            "better for that. Writing a few sentences every day, mistakes and all, is how it keeps improving.",
        },
        checked=False,
    ),
    # a podcast for the commute: 有冇podcast推介 / any podcast recommendations
    _Request(
        "podcast",
        _patterns(
            r"(?:播客|podcast|电台节目)[^。？?]{0,8}(?:推荐|推介|介绍|听什么|有什么|有冇)|(?:推荐|推介|有冇|有没有)[^。？?]{0,6}"
            r"(?:播客|podcast)",
            r"\bpodcasts?\b[^.?!]{0,30}\b(?:recommend\w*|suggest\w*|any good|ideas)\b|\b(?:recommend|suggest|any)\b"
            r"[^.?!]{0,20}\bpodcasts?\b",
        ),
        {
            "zh": "想不太费脑又不太安静的话，可以试试聊天类的中文播客，比如《日谈公园》《故事FM》，一集讲一个人的故事或者一群人闲聊，"
            "听着像有朋友在旁边说话；想安静一点，也可以找白噪音或轻音乐的播放列表。听两集不喜欢就换，通勤路上舒服最重要。",
            "en": "For a commute when you don't want to think too hard but don't want silence: story and chat shows "
            "work well, like This American Life for one story at a time, or a light conversation show you can half "
            "listen to. If words are too much, a long ambient or lo-fi playlist does the same job. Try two episodes and "
            "drop it if it doesn't fit; on the way home, easy matters most.",
        },
        checked=False,
    ),
    # changing careers later: 三十四了，转行还来得及吗 / is 40 too late to change careers
    _Request(
        "career_change",
        _patterns(
            r"转行[^。？?]{0,8}(?:来得及|来不及|晚不晚|太晚|还行吗|可以吗)|(?:\d{2}|[二三四五]十[一二三四五六七八九]?)岁?了?[，,\s]*"
            r"(?:再)?(?:转行|换行|换个行业)",
            r"\b(?:too late|too old)\b[^.?!]{0,30}\b(?:change careers?|switch careers?|career change|retrain)\b"
            r"|\b(?:change careers?|switch careers?|career change|retrain)\b[^.?!]{0,30}\b(?:too late|too old)\b",
        ),
        {
            "zh": "来得及。三十多岁转行的人比你想的多，而且你不是从零开始：做了这么多年的事，练出来的细心、语言、和人打交道的本事，"
            "都能带到新行业里。可以先不辞职，列出自己会的东西，找两三个跟它们沾边的方向，约做这行的人聊一聊，或者先接一个小项目试试水。",
            "en": "It isn't too late. Plenty of people change careers in their thirties and forties, and you wouldn't "
            "start from zero: the care, the skills and the way of working you've built move with you. You don't have "
            "to leap: list what you're good at, find two or three fields that use it, talk to someone working in one, "
            "or try a small project on the side first.",
        },
    ),
    # sleep after a break-in or a fright: how do people actually sleep after something like this
    _Request(
        "sleep_after_fright",
        _patterns(
            r"(?:被偷|被盗|入室|进了小偷|遭贼|吓到)[^。]{0,40}(?:怎么睡|睡不着怎么办|怎么才能睡)",
            r"\bhow (?:do|can|did) (?:people|you|i|others)\b[^.?!]{0,20}\bsleep\b[^.?!]{0,30}\b(?:after|since) "
            r"(?:something like this|this|that|a break-in|the break-in|being burgled|the burglary)\b",
        ),
        {
            "zh": "被闯进家里之后睡不着，是身体在替你站岗，很多人都会这样，通常几周里会慢慢松下来。可以做点让家重新变得安全的事："
            "换锁、加一个门挡或门磁报警器，睡前亲手检查一遍门窗，然后告诉自己检查过了；开一盏小夜灯；头几天请朋友来住或者去朋友家"
            "住也可以。如果一个多月还是睡不好、一点动静就惊醒，值得跟医生说一说。",
            "en": "After a break-in, lying awake and jumping at every noise is your body standing guard; it's very "
            "common, and it usually eases over a few weeks. Things that help the place feel yours again: the new lock, "
            "a door wedge or a cheap door alarm, one deliberate check of the doors and windows before bed (then tell "
            "yourself it's done), a small night light, and a friend staying over or you staying with one for a few "
            "nights. If it's still this bad after a month, tell your doctor.",
        },
    ),
    # how much recovery after a stroke: 这个病练一练还能好多少 / will she get better with rehab
    _Request(
        "stroke_rehab",
        _patterns(
            r"(?:中风|脑梗|卒中|偏瘫|康复)[^。]{0,40}(?:能好多少|还能好|能恢复|恢复得了|好得了|能不能好)|(?:练一练|康复|复健)[^。？?]{0,10}"
            r"(?:能好多少|还能好多少|能恢复多少)",
            r"\b(?:stroke|rehab)\b[^.?!]{0,50}\b(?:get better|recover|improve|how much)\b"
            r"|\b(?:get better|recover|improve)\b[^.?!]{0,40}\b(?:stroke|rehab)\b",
        ),
        {
            "zh": "恢复多少因人而异，说不准，但有几件事是普遍的：中风后的头三到六个月恢复得最快，之后会慢一些，可坚持练，一两年里还常常"
            "有进步。明天复查可以直接问康复科医生：她现在到哪一步了，接下来最该练什么，在家能帮她做哪些练习。你陪着她练，本身就很重要。",
            "en": "How much comes back differs from person to person, but some things are common: recovery is fastest "
            "in the first three to six months after a stroke, then slower, and steady practice often still brings "
            "gains over a year or two. At the check-up, ask the rehab team where she is now, what matters most to "
            "practise next, and which exercises you can help with at home.",
        },
        checked=False,
    ),
    # a dish to try at home: 有没有简单点的做法 / any recipe for banana bread (no recipe made up: how not to fail)
    _Request(
        "recipe",
        _patterns(
            r"(?:有没有|有什么|求|给个|推荐)[^。？?]{0,8}(?:做法|配方|食谱|方子)|(?:做法|配方|食谱)[^。？?]{0,6}(?:吗|呢|[？?])",
            r"\brecipes?\b(?=[^.!]*\?)|\bany (?:\w+ )?(?:recipes?|baking tips?|cooking tips?)\b|\bhow (?:do i|to|can i)"
            r" (?:bake|cook)\b",
        ),
        {
            "zh": "具体配方我怕说不准，给你几个做新东西不翻车的办法：找一篇做的人多、带步骤图的家庭版方子，第一次照着做别改配方，"
            "先做半份试试；用新烤箱的话，先空烤一次去味，每台烤箱脾气不同，最后几分钟守在旁边看颜色。翻车了也没关系，第二次就顺了。",
            "en": "I'd rather not make up a recipe, but here's how a first try goes well: pick a home-style recipe with "
            "lots of reviews and step photos, follow it exactly the first time, and make a half batch; with a new "
            "oven, run it empty once to burn off the smell, and watch the last few minutes, since every oven runs a "
            "little differently. If it flops, the second one is always better.",
        },
    ),
    # whether a debt can be paid in instalments or put off: 网贷能协商分期吗 / can I ask the bank for a payment plan
    _Request(
        "debt_plan",
        _patterns(
            r"(?:能|可以|能不能|可不可以|有没有办法|怎么)(?:跟[^，。？?]{1,6})?(?:协商|商量|申请|谈)(?:一下)?(?:分期|延期|停息挂账|减免|还款)"
            r"|(?:分期|延期)(?:还|还款)?(?:能|可以)(?:协商|谈|申请)吗?",
            r"\b(?:can|could|should) i (?:ask|negotiate|get|set up|arrange)\b[^.?!]{0,30}\b(?:payment plan|instal+ments?"
            r"|repayment plan|extension)\b|\b(?:payment plan|instal+ments?)\b[^.?!]{0,20}\b(?:possible|an option)\b",
        ),
        {
            "zh": "多数情况下可以：直接联系平台或银行的官方客服，说明收入变化，申请分期、延期或停息，记得留下书面记录。"
            "利息高得离谱的部分不一定都要认，可以咨询当地的法律援助；也千万别借新贷还旧贷。",
            "en": "Usually, yes: call the lender's official line, explain what changed, and ask for a payment plan or a "
            "pause in writing. A free debt advice service can negotiate for you, and don't take a new loan to pay "
            "the old one.",
        },
    ),
    # what to eat through chemotherapy or after surgery: a question for the care team, never a recipe
    _Request(
        "treatment_diet",
        _patterns(
            r"(?:化疗|放疗|术后|手术后|透析)(?:期间|的时候|以后|后)?[^。？?]{0,6}(?:吃什么|吃啥|怎么吃|饮食|忌口|能吃)",
            r"\bwhat (?:should|can) (?:i|she|he|they|we) eat\b[^.?!]{0,30}\b(?:chemo|chemotherapy|radiation|surgery)\b"
            r"|\b(?:chemo|chemotherapy|radiation)\b[^.?!]{0,30}\b(?:diet|food|eat)\b",
        ),
        {
            "zh": "这个最好问医院的营养科或肿瘤科护士，他们会按具体情况给个单子。一般来说是少量多餐、清淡好消化、"
            "蛋白质要够，来路不明的补品和偏方先别碰。下次去医院可以先把问题写在手机里，医生说的时候也可以录下来或记下来。",
            "en": "That's one to ask the hospital's dietitian or the oncology nurses; they'll tailor it. Generally: small "
            "frequent meals, easy to digest, enough protein, and no supplements or remedies the team hasn't okayed. "
            "Writing questions down before appointments helps, and it's fine to ask to record what the doctor says.",
        },
        checked=False,
    ),
    # how to block gambling sites and apps: 怎么屏蔽赌博网站 / how do you block gambling sites
    _Request(
        "block_gambling",
        _patterns(
            r"(?:怎么|如何|能不能|有没有办法)(?:屏蔽|拦截|封掉|禁止|戒)[^。？?]{0,6}(?:赌|博彩|彩票|下注)",
            r"\b(?:block|blocking|ban)\b[^.?!]{0,20}\b(?:gambling|betting|casino)\b",
        ),
        {
            "zh": "有办法：手机和电脑可以装拦截软件，屏蔽博彩网站和应用；银行卡可以申请关闭网上支付或设置单日限额，"
            "有的银行能直接拦截博彩类交易。最管用的是赌的那个人自己也同意、一起把这些设好。",
            "en": "Yes: blocking apps like Gamban or BetBlocker stop gambling sites and apps on every device; most banks "
            "can block gambling payments on a card; and in the UK, GamStop excludes the person from every licensed site at "
            "once. It works best set up together, with their agreement.",
        },
    ),
    # a loan or an account opened in one's name by someone close, and what reporting it means for them:
    # 如果报警的话她是不是会有前科？有没有什么单位可以先问 / my sister used my ID for a loan, will she get a record?
    _Request(
        "identity_misuse",
        _patterns(
            r"(?:报警|报案)(?:的话)?[^。？?]{0,12}(?:前科|案底|坐牢|判刑|留底)"
            # where to ask first, in a turn about reporting or a loan (not any 有没有什么机构可以咨询)
            r"|^(?=.*(?:报警|报案|贷款|信贷|借款|冒用))"
            r".*?(?:有没有|有什么|哪个|哪些)[^。？?]{0,4}(?:单位|机构|部门|地方)[^。？?]{0,4}(?:可以|能)?(?:先)?(?:问|咨询)"
            r"|(?:冒用|冒名|盗用|偷用)(?:我的?)?(?:身份|身分|名义|名字)",
            r"\b(?:used|took|stole) my (?:name|identity|id|ssn|social security number|details)\b[^.?!]{0,40}\b(?:loan"
            r"|credit|card|account)\b|\bidentity (?:theft|fraud)\b"
            r"|\bwill (?:she|he|they) (?:get|have) a (?:criminal )?record\b",
        ),
        {
            "zh": "可以先问一问再决定：找律师或当地免费的法律援助、法律咨询机构，他们能告诉你报案对她意味着什么、有没有别的"
            "处理方式。同时联系放款的银行，说明这笔贷款不是你本人办的、证件被冒用，请他们调出签约资料并按冒名申请处理；"
            "很多银行会要报案证明，所以报案常常是洗清你信用的那一步。证件借过人的话，也去挂失补办。",
            "en": "You can ask before you decide: a lawyer or a free legal aid service can tell you what a report would "
            "mean for her and what other routes there are. Call the lender too: say the loan was taken out in your "
            "name without your consent, ask for the application records, and ask how they handle identity fraud; many "
            "lenders need a police report, so reporting is often the step that clears your credit. If your ID was "
            "lent out, have it replaced.",
        },
    ),
    # someone following the person, waiting for them, turning up again and again, and whether the police will act
    # before he "does anything": yes, with a record kept, security told and the way home not walked alone
    _Request(
        "report_stalking",
        _patterns(
            rf"(?=[\s\S]*(?:{_STALKED_ZH}))(?=[\s\S]*(?:{_POLICE_ASK_ZH}))",
            rf"(?=[\s\S]*(?:{_STALKED_EN}))(?=[\s\S]*(?:{_POLICE_ASK_EN}))",
        ),
        {
            "zh": "可以报警，不用等他真的做了什么：反复跟着你、在你下班的路上等你，本身就是骚扰，可以先报案留个记录。"
            "去之前把证据攒起来：每一次的日期、时间、地点，他做了什么、说了什么，监控、截图和看见的同事都记下来；也告诉"
            "公司或商场的保安，请他们留意他、保存监控。这段时间下班尽量别一个人走，换换路线，让信得过的人知道你的位置。"
            "如果他当场跟着你、让你觉得危险，就直接打报警电话。",
            "en": "Yes, you can, and you don't have to wait for him to do something worse: following you and turning up "
            "again and again is harassment, and the police can log it now. Before you go, keep a record: each date, "
            "time and place, what he did or said, screenshots, and anyone who saw it. Tell security where it happens "
            "too, so they can watch for him and keep the CCTV. For now, don't walk out alone, vary your route, and let "
            "someone you trust see where you are. If he follows you and you feel in danger, call the emergency number "
            "there and then.",
        },
        follow=_patterns(_POLICE_ASK_ZH, _POLICE_ASK_EN),
        about=_patterns(_STALKED_ZH, _STALKED_EN),
        checked=False,
    ),
    # whether to report a scam or a theft to the police, and what to bring: 报警有用没？要带啥东西去
    _Request(
        "report_police",
        _patterns(
            r"报警(?:有用|有没有用|管用)|(?:要不要|该不该|需不需要|能不能|可以)报警|(?:怎么|去哪)报警|报警(?:要|得|需要)带",
            r"\b(?:should|do|can) i (?:call|go to|tell|report (?:it|this|them) to) the (?:police|cops)\b"
            r"|\bis it (?:worth|any use) (?:reporting|calling the police)\b|\breport (?:it|this|a scam) to the police\b",
        ),
        {
            "zh": "值得报警，越早越好。如果是被骗了钱，带上身份证、银行流水和转账记录、聊天记录截图、对方的电话和账号，去派出所或拨打110，"
            "也可以先打96110反诈专线问一问。同时联系银行看能不能冻结。钱不一定追得回来，但报了案才有机会。",
            "en": "Yes, report it, and soon. If money was taken, bring your ID, bank statements and transfer records, screenshots of the "
            "messages, and the numbers and accounts used. Call your bank too, to try to stop or trace the payments; "
            "getting the money back isn't certain, but a report is what makes it possible.",
        },
    ),
    # a way to calm down now: 有没有什么办法能让我现在放松一点 / any breathing exercise
    _Request(
        "calm",
        _patterns(
            r"呼吸(?:练习|方法|法)|放松(?:一下|一点|下来)?的?(?:方法|办法|练习)|(?:让我|怎么|如何)(?:现在)?(?:放松|平静|冷静)",
            r"\bbreathing (?:exercises?|techniques?|things?)\b|\b(?:calm|settle) (?:myself |me )?down\b"
            r"|\bcalming down\b|\bhelp me (?:calm|relax)\b|\bhow (?:do|can) i relax\b",
        ),
        {
            "zh": "试试这个呼吸练习：用鼻子吸气数4下，屏住数4下，再用嘴慢慢呼气数6下，重复五次，每次呼气时让肩膀放松下来。",
            "en": "Try this: breathe in through your nose for 4, hold for 4, then breathe out slowly through your "
            "mouth for 6; do it five times, letting your shoulders drop on each breath out.",
        },
    ),
    # whether a lump or a result is serious: 你说结节会不会是癌 / could it be cancer: no guess, and what helps
    _Request(
        "diagnosis",
        _patterns(
            r"(?:会不会|是不是|可能|会)(?:是|变成|发展成)?(?:癌|恶性|肿瘤|白血病)|癌变"
            r"|(?:结节|肿块|包块|症状|结果|指标)[^，。,.!?？]{0,8}(?:严不严重|要不要紧|会不会有事|是不是很严重)",
            r"\b(?:is|could|might|would) (?:it|this|that) (?:be )?(?:cancer|malignant|serious)\b"
            r"|\bdo you think (?:it'?s|it is|it could be) (?:cancer|malignant|serious)\b",
        ),
        {
            "zh": "是不是，我没法判断，只有医生和检查能说清楚；网上搜到的往往是最坏的情况，不代表你的。可以把想问的写下来，"
            "复查时一条条问医生。",
            "en": "I can't tell you that; only your doctor and the tests can, and what turns up online is usually the "
            "worst case, not yours. It may help to write your questions down and ask them one by one next time.",
        },
        checked=False,
    ),
    # nerves before speaking in front of people: 有什么办法能让我上台不那么紧张 / tips for a presentation
    _Request(
        "stage",
        _patterns(
            r"(?:上台|演讲|展示|汇报|发言|答辩|当众|在大家面前)[^，。,.!?？]{0,10}(?:紧张|怯场|害怕|发抖|慌)|怯场",
            r"\b(?:presentations?|public speaking|give a (?:talk|speech)|speech|present(?:ing)? in front of)\b"
            r"[^.?!]{0,40}\b(?:nervous|scared|anxious|terrified|tips|calm|less)\b|\bstage fright\b"
            r"|\b(?:tips|how)\b[^.?!]{0,45}\b(?:presentations?|public speaking|speech)\b",
        ),
        {
            "zh": "上台前把开头三句话练熟，开口顺了，后面就稳了；讲的时候找一两张友善的脸看着说，语速放慢一点，"
            "紧张通常在开口一两分钟后就会退下去。手抖的话，上台前用力握拳几秒再松开，来回几次；手里拿着提示卡或者"
            "扶着讲台，抖了也没人看得出来，拿卡片讲一点也不丢人。",
            "en": "Know your first three sentences by heart, since a smooth start carries the rest; speak a little "
            "slower than feels natural and talk to one or two friendly faces. The nerves usually ease a minute or "
            "two in. If your hands shake, squeeze your fists hard for a few seconds and let go, a few times, before "
            "you start; holding notecards or resting a hand on the desk hides it, and notecards are completely normal.",
        },
        # "how do i make my hands stop shaking" after the speech was named
        follow=_patterns(
            r"(?:手|声音|腿)(?:一直|老是|总是)?(?:抖|发抖)|脸(?:一下)?(?:就)?红|提示卡|小卡片",
            r"\b(?:hands?|voice|legs?) (?:stop )?(?:from )?shak\w*|\bstop (?:my )?(?:hands?|voice) (?:from )?shak\w*"
            r"|\bshaky\b|\b(?:note ?cards?|cue cards?)\b",
        ),
        about=_patterns(
            r"上台|演讲|展示|汇报|发言|答辩|当众",
            r"\b(?:presentations?|public speaking|speech|talk in front|present(?:ing)?)\b",
        ),
    ),
    # purpose after a working life, or in empty days: 我这个年纪还能干点什么有意义的事 / how do people find purpose
    _Request(
        "purpose",
        _patterns(
            r"有意义的事|(?:找|有)点(?:事|事情)做|找到(?:生活的?)?(?:意义|目标|方向)|打发时间"
            r"|(?:退休|闲下来)(?:以后|后|了)?(?:还)?(?:能|该|可以)?(?:干|做)(?:点)?(?:什么|啥)",
            r"\b(?:find|finding|have|sense of|give me) (?:a )?(?:purpose|meaning)\b|\bsomething meaningful\b"
            r"|\bfill (?:my|the) (?:days|time)\b|\bwhat to do with (?:my|all this|all my) (?:time|days)\b",
        ),
        {
            "zh": "意义常常来自被需要：把你拿手的本事用在别人身上，比如去社区、学校做志愿者，带带年轻人，或者学一样一直想学的"
            "东西。先挑一件，每周固定做一次。",
            "en": "Purpose often comes from being useful to someone: putting skills you already have to work, "
            "volunteering, mentoring someone newer, or learning something you always meant to. Pick one and give "
            "it a fixed slot each week.",
        },
    ),
    # telling a manager one is struggling: 怎么跟领导说我最近状态不好 / how do I tell my boss I'm struggling
    _Request(
        "tell_boss",
        _patterns(
            r"(?:跟|和|向)(?:领导|老板|上司|主管|经理)[^，。,.!?？]{0,10}(?:说|开口|讲|提|坦白|请假)[^，。,.!?？]{0,12}"
            r"(?:状态|撑不住|压力|抑郁|焦虑|休息)"
            r"|(?:状态不好|撑不住|抑郁|焦虑)[^，。,.!?？]{0,12}(?:怎么|如何)(?:跟|和|向)(?:领导|老板|上司|主管)",
            r"\b(?:tell|talk to|approach|bring (?:it|this) up with) (?:my )?(?:boss|manager|supervisor|line manager|hr)"
            r"\b[^.?!]{0,40}\b(?:struggling|not coping|depress\w*|anxiety|mental health|burn(?:ed|t)? ?out"
            r"|need (?:a break|time to (?:rest|recover)))\b"
            r"|\b(?:struggling|not coping|mental health)\b[^.?!]{0,40}\b(?:tell|talk to) (?:my )?(?:boss|manager)\b",
        ),
        {
            "zh": "可以说得简短具体：“我最近几周状态不太好，已经影响到工作了，想先跟您说一声，也想商量一下手上的事怎么安排。”"
            "主动说、带着想要的安排去谈，是负责，不是软弱。",
            "en": "You could keep it short and specific: \"I've been struggling for a few weeks and it's starting to "
            "affect my work. I wanted you to hear it from me, and I'd like to talk about what might help.\" Raising "
            "it early, with an idea of what would help, reads as responsible, not weak.",
        },
    ),
    # a question one cannot answer in an interview or a viva: 万一问到我答不上来的怎么办 / what if they ask me
    # something I can't answer
    _Request(
        "cant_answer",
        _patterns(
            r"(?:问|问到|提问)[^，。,.!?？]{0,10}(?:答不上|不会答|回答不了|不会回答)|答不上来(?:怎么办|咋办)",
            r"\b(?:ask|asks|asked) (?:me )?(?:something|a question|questions) (?:that )?(?:i )?(?:can'?t|cannot"
            r"|don'?t know how to) answer\b|\bwhat if i (?:can'?t|cannot|don'?t know how to) answer\b",
        ),
        {
            "zh": "被问到答不上来的问题，可以说“这个我还没接触过，不过我会这样去了解……”，诚实加上思路，比硬编更加分。",
            "en": "If they ask something you can't answer, it's okay to say \"I haven't done that yet, but here's how I'd "
            'approach it"; honesty with a way of thinking lands better than bluffing.',
        },
    ),
    # which clinic for chest symptoms: 胸闷心慌挂什么科 / who do I see about chest pain (and when not to wait)
    _Request(
        "chest",
        _patterns(
            r"(?:胸|心口|心慌|心跳|心悸|心电图)[^。]{0,30}(?:挂|看|去)(?:什么|哪个|啥)科|(?:挂|看)(?:什么|哪个|啥)科[^。]{0,20}(?:胸|心慌|心跳|心悸)",
            r"\b(?:chest (?:pain|tightness)|palpitations|heart (?:racing|pounding))\b[^?]{0,80}\b(?:which|what) "
            r"(?:doctor|specialist|clinic|department)\b|\b(?:which|what) (?:doctor|specialist|clinic|department)\b[^?]{0,40}"
            r"\b(?:chest|heart|palpitations)\b",
        ),
        {
            "zh": "胸闷、胸口刺痛、心慌这些，挂心内科就对了，一般先做心电图，医生可能再加心脏彩超或24小时动态心电图。要是胸痛"
            "越来越重、持续好几分钟不缓解，或者伴着出冷汗、喘不上气、左臂或下巴发麻，别等到周末，直接去急诊或打120。",
            "en": "For chest tightness and a racing heart, start with your GP or a cardiology clinic; an ECG is the usual "
            "first test. If the pain gets worse, lasts more than a few minutes, or comes with sweating, breathlessness "
            "or pain spreading to your arm or jaw, don't wait: go to the emergency department or call emergency "
            "services.",
        },
        checked=False,
    ),
    # how to word a resignation: 辞职信怎么写 / help me write a resignation email
    _Request(
        "resignation",
        _patterns(
            # (asked for, not told: "昨天交的辞职信" is done)
            r"辞职(?:信|申请|邮件|消息|报告)(?:[^。，,]{0,8}(?:怎么|咋|如何)(?:写|起草|措辞|开头)|[^。]{0,12}[吗？?]|(?:的)?(?:模板|范文|格式))"
            r"|(?:帮我|怎么|如何|咋)(?:写|起)[^。？?]{0,8}辞职",
            r"\bresignation (?:letter|email|message|note)\b|\b(?:write|word) (?:my|a) resignation\b|\bhow (?:do|should|to) "
            r"i? ?(?:resign|quit) (?:nicely|politely|gracefully|professionally)\b",
        ),
        {
            "zh": "体面的辞职信越短越好，三句就够：“经过慎重考虑，我决定辞去XX一职，最后工作日为X月X日。”“感谢这段时间"
            "公司和您给我的机会。”“离职前我会把手上的工作整理好、交接清楚。”原因不用细写，不满也不必写进去。",
            "en": "Short is the most graceful: \"After careful thought, I've decided to resign from my role as X; my "
            "last day will be [date].\" Then one line of thanks for the opportunity, and one saying you'll hand over "
            "your work properly. No reasons are needed, and grievances are best left out.",
        },
    ),
    # what to bring when visiting someone in hospital or hospice: 去医院看她带什么 / what do you bring to a hospice visit
    _Request(
        "visit",
        _patterns(
            r"(?:探望|看望|探病|去医院看|去看她|去看他|安宁病房|临终关怀)[^。？?]{0,12}(?:带|买|拿)(?:点)?(?:什么|啥)",
            r"\bwhat (?:do (?:you|people|i)|should i|to|can i) (?:even )?(?:bring|take)\b[^?]{0,40}\b(?:hospice|hospital)"
            r"|\b(?:bring|take) (?:stuff|anything|something|things) to (?:a |the )?(?:hospice|hospital)\b",
        ),
        {
            "zh": "最重要的是你去了，人在就好。吃不下东西的时候，这些更用得上：一两张老照片、她喜欢的歌（带个小音箱或耳机）、"
            "润唇膏、一条软毯子或她自己的枕套、可以念给她听的东西。能带什么、不能带什么，问一句护士就行，她们常被问到。",
            "en": "Yourself, first; that's what matters. When someone can't eat much, small things help more: a photo "
            "or two, music she loves with headphones or a little speaker, lip balm, a soft blanket or her own "
            "pillowcase, something to read aloud. Ask the nurses what's allowed; they get asked all the time.",
        },
        checked=False,
    ),
    # a gift for a housewarming: 乔迁带什么 / what do people bring to a housewarming
    _Request(
        "housewarming",
        _patterns(
            r"(?:乔迁|暖房|新家)[^。？?]{0,10}(?:带|送|买)(?:点)?(?:什么|啥)",
            r"\b(?:bring|take|get)\b[^?]{0,20}\bhousewarming\b|\bhousewarming (?:gift|present)s?\b",
        ),
        {
            "zh": "乔迁不用太讲究：一盆好养的绿植、一盒点心或水果、好一点的茶或咖啡、厨房用得上的小东西都合适。不喝酒就不带酒，"
            "没人会在意。",
            "en": "Easy ones: a plant that's hard to kill, good chocolate, nice coffee or tea, or something small for the "
            "kitchen. Wine is common but never expected, and if you don't drink, nobody will notice it's missing.",
        },
        checked=False,
    ),
    # how to mark good news: 该怎么庆祝一下 / what should I do to celebrate
    _Request(
        "celebrate",
        _patterns(
            r"(?:怎么|如何|该|要)(?:好好)?(?:庆祝|犒劳自己|奖励自己)|庆祝(?:一下)?(?:做|干)?(?:什么|啥)|(?:做|干)(?:点)?(?:什么|啥)庆祝",
            r"\b(?:how|what)\b[^?.!]{0,25}\b(?:celebrate|treat myself|reward myself)\b|\bways? to celebrate\b",
        ),
        {
            "zh": "挑一件你自己喜欢的事就好：吃一顿惦记很久的，约上一直给你打气的人，或者去一个一直想去的地方。怎么都行，"
            "别让它悄悄过去，这是你自己挣来的。",
            "en": "Something that feels like you: a meal you've been craving, the people who cheered you on, or a small "
            "trip you've been putting off. However you do it, mark it; you earned this one.",
        },
        checked=False,
    ),
    # whether saved messages count as evidence of harassment: 聊天记录算不算证据 / is that enough to count as evidence
    _Request(
        "evidence",
        _patterns(
            r"算不算证据|能不能当证据|能当证据|可以当证据|证据够(?:不够|吗)|够不够证据|算证据吗",
            r"\b(?:count as|enough (?:for|as)|use (?:it|them|this|that) as|is (?:that|this|it)(?: enough)?) evidence\b",
        ),
        {
            "zh": "聊天记录是实打实的证据，再配一份按日期写的记录更有分量：发生了什么、时间地点、谁在场、对你有什么影响。截图在"
            "自己手机或私人邮箱里另存一份，别只留在公司系统上。够不够用，可以问工会、妇联或劳动法律师，法律援助热线12348"
            "也能免费咨询。",
            "en": "Saved messages are real evidence, and stronger with a dated log beside them: what happened, when, "
            "where, who saw it, and how it affected your work. Keep copies outside work systems (screenshots to your own "
            "phone or email). HR, a union, or an employment lawyer can tell you what's enough where you are; many offer "
            "a free first conversation.",
        },
    ),
    # what to send with an appeal, a complaint, a claim: 申诉材料交什么比较有用 / what evidence should i include in the
    # appeal: what proves the point, in order, with a short account
    _Request(
        "appeal_evidence",
        _patterns(
            r"(?=[^。]*(?:申诉|投诉|维权|仲裁|起诉|退款|理赔|索赔|举报|复议|上诉|打官司))"
            r"(?=[^。]*(?:材料|证据|资料|凭证|截图|证明))(?=[^。]*(?:什么|啥|哪些|吗|有用|管用|[?？]))",
            r"(?=.*\b(?:appeal|dispute|complaint|claim|refund|tribunal|small claims|chargeback|grievance)\b)"
            r"(?=.*\b(?:evidence|documents?|proof|paperwork|screenshots?|records?)\b)"
            r"(?=.*(?:\?|\bwhat\b|\bwhich\b|\bshould i\b|\bdo i need\b))",
        ),
        {
            "zh": "最有用的是能直接证明你这一点的东西，其余的当补充：比如资质证书、检测报告、进货或生产记录、发货前的照片、和对方"
            "的聊天记录。按时间排好，再写一段不长的经过：什么时候、发生了什么、你要什么结果。照平台或机构要求的格式交，别"
            "一股脑全堆上去；原件和截图自己另存一份。",
            "en": "Lead with whatever proves your point most directly, and add the rest as support: certificates or test "
            "reports, order and payment records, photos taken before it went out, and the messages with the other side. "
            "Put them in date order with a short account on top: when, what happened, and the outcome you want. Use the "
            "format they ask for, don't bury them in everything, and keep your own copies.",
        },
        checked=False,
    ),
    # an unpaid invoice: 催款函 / final notice or small claims
    _Request(
        "unpaid",
        _patterns(
            r"催款函|催款(?:信|通知)|律师函|小额诉讼|(?:尾款|欠款|货款|稿费|工钱)[^。？?]{0,12}(?:起诉|告)",
            r"\bfinal notice\b|\bsmall claims\b|\bletter before action\b|\bdemand letter\b",
        ),
        {
            "zh": "可以先发一封正式的催款函：写明项目、金额、原定付款日，再给一个新期限（比如14天），说明逾期将通过法律途径解决。"
            "语气客气但不含糊，合同、聊天记录和交付证明都存好。还不付的话，这类金额可以去法院走小额诉讼，费用不高，不一定"
            "要请律师。",
            "en": "Yes, a final notice is a thing, and it often works: a short, firm letter that restates the invoice, "
            "the amount and the original due date, gives a new deadline (say 14 days), and says you'll file in small "
            "claims court if it's unpaid by then. Keep it factual and polite. If the deadline passes, small claims is "
            "built for amounts like this, and you don't need a lawyer.",
        },
    ),
    # labour arbitration without a contract: 没签合同能不能劳动仲裁
    _Request(
        "arbitration",
        _patterns(
            r"劳动仲裁|仲裁",
            r"\bemployment tribunal\b|\blabou?r (?:board|arbitration)\b",
        ),
        {
            "zh": "没签合同也可以申请劳动仲裁，不签书面合同本身就是用人单位的问题；关键是能证明你在给他们干活：接单和派单记录、"
            "结算流水、工服工牌、聊天记录都算。骑手和平台算不算劳动关系要看具体情况，可以先打12333（人社服务热线）或"
            "12348（法律援助）问一问，申请劳动仲裁不收费。",
            "en": "Often, yes: an employment tribunal or labour board looks at how you actually worked, not only at a "
            "contract. Keep every record (schedules, messages, payments). A free employment advice line or legal aid "
            "can tell you your deadline, which is often short.",
        },
        checked=False,
    ),
    # a support group for a drinker's family: 戒酒互助会国内有吗 / is there something like AA for families
    _Request(
        "alcohol_group",
        _patterns(
            r"戒酒[^。？?]{0,6}(?:互助|小组|会)|嗜酒者|匿名戒酒|(?<![a-z])aa(?![a-z])|al-?anon",
            r"\balcoholics anonymous\b|\bal-?anon\b|\baa meetings?\b|\bsupport group\b[^.?!]{0,30}\b(?:drink|alcohol)"
            r"|\b(?:drink|alcohol)\w*\b[^.?!]{0,30}\bsupport group\b",
        ),
        {
            "zh": "有的。嗜酒者互诫协会（AA）在不少城市有中文聚会，也有线上的；给家属的是Al-Anon（嗜酒者家属互助会），有中文"
            "线上聚会，你自己就可以去，不需要你爸同意。各地精神卫生中心的成瘾科（物质依赖科）也接待家属咨询。",
            "en": "Yes: Alcoholics Anonymous meets in most cities and online, and Al-Anon is for family members; you "
            "can go even if he never does. An addiction service can also advise families.",
        },
        checked=False,
    ),
    # relatives asking when the baby is coming: 亲戚催生怎么回
    _Request(
        "baby_question",
        _patterns(
            r"(?:什么时候(?:要|生)|催生|要孩子|生孩子)[^。]{0,24}(?:怎么回|怎么说|怎么应|怎么答|回才)",
            r"\bwhen (?:are|r) (?:you|u) (?:having|going to have) (?:a baby|kids)\b[^.?!]{0,40}\bhow (?:do|should|can) "
            r"i (?:answer|respond|reply)",
        ),
        {
            "zh": "可以一句轻轻带过，不用解释：“在努力啦，有了一定第一个告诉您。”说完顺手问问对方近况，话题就转开了。有人追问，"
            "让老公接一句“这事我们有安排”，也很得体。",
            "en": "A light line that explains nothing works: \"When there's news, you'll be the first to know!\" Then ask "
            'them something about themselves. If someone pushes, your partner can step in with "We\'ve got it in hand."',
        },
    ),
    # respite for a carer: 喘息服务是什么，去哪里问 / is there respite care
    _Request(
        "respite",
        _patterns(
            r"喘息服务|喘息照护|临时托管|短期托养|(?:照顾|照护)者[^。？?]{0,8}(?:支援|支持|服务|帮助|哪里|什么地方)"
            r"|(?:地方|哪里|边度|咩)[^。？?]{0,12}(?:帮|支援|支持)[^。？?]{0,8}(?:照顾|照护)者",
            r"\brespite(?: care)?\b|\bcarers? (?:support|break|allowance)\b|\bsupport for carers\b",
        ),
        {
            "zh": "喘息服务就是有人临时替你照顾家人几小时到几天，让照顾的人歇一歇：有的是上门照护，有的是短期住进养老或护理"
            "机构。可以先问社区的社工或当地的社会福利部门，医院的社工和家人就诊的科室也常知道哪里有，不少地方还有补贴。"
            "先约一次，哪怕半天，也算数。",
            "en": "Respite care means someone takes over the caring for a few hours or a few days so the carer can rest: "
            "a sitter at home, a day centre, or a short stay in a care home. Your local council or social services, "
            "the hospital social worker, and carers' organisations can tell you what's near you and what's funded. "
            "Booking even half a day counts.",
        },
        checked=False,
    ),
    # after a flood: what to do with soaked walls and appliances (safety first: no power to wet appliances)
    _Request(
        "flood",
        _patterns(
            r"(?:泡过水|泡了水|淹过|被淹|淹水|进水)[^。？?]{0,16}(?:电器|墙|发霉|霉|还能用|能不能用|怎么处理)"
            r"|(?:电器|墙|墙壁|家具)[^。？?]{0,8}(?:泡过水|泡了水|进水|被淹)",
            r"\b(?:flood(?:ed|ing)?|water[- ]damaged?|soaked)\b[^?]{0,60}\b(?:appliances?|walls?|mou?ld|fridge|wiring)\b"
            r"|\b(?:appliances?|walls?|fridge)\b[^?]{0,40}\b(?:flood(?:ed)?|soaked|under water)\b",
        ),
        {
            "zh": "先说安全：泡过水的电器别通电，等电工或厂家检查过再用；电路检查好之前，总电闸先别合上。墙面先清掉淤泥，开窗"
            "通风，用除湿机或风扇尽快吹干；已经发霉的地方戴口罩和手套，用稀释的漂白水擦，泡透的石膏板、壁纸通常要拆掉换新。"
            "每样损失都拍照留底，申请救助和保险都用得上。",
            "en": "Safety first: don't switch on anything that was under water until an electrician or the maker has "
            "checked it, and leave the main power off until the wiring is checked. For walls, clear the mud, open "
            "the windows and dry them fast with fans or a dehumidifier; wear a mask and gloves on mould, and soaked "
            "plasterboard usually has to come out. Photograph every loss for the relief claim and the insurer.",
        },
    ),
    # how to meet people or make friends: 怎么交朋友 / any tips for meeting people
    _Request(
        "meet",
        _patterns(
            r"交(?:到)?(?:新)?朋友|认识(?:新的?|更多的?)?(?:人|朋友)|融入",
            r"\b(?:meet(?:ing)?|find(?:ing)?) (?:new )?(?:people|friends)\b|\bmak(?:e|ing) (?:new )?friends\b"
            r"|\bfit(?:ting)? in\b",
        ),
        {
            "zh": "每周固定见到同一群人的活动最容易交到朋友：社团、志愿者、兴趣班都行，见得多了，自然就熟了。",
            "en": "Something weekly with the same faces works best, like a society, a volunteering shift or a class; "
            "people get to know each other by seeing each other again.",
        },
    ),
    # how to start talking with people: 有没有什么开话题的方法 / any conversation starters
    _Request(
        "openers",
        _patterns(
            # (not what to say to one's own mother: 跟她说…第一句说什么好 is how to say it)
            r"^(?![^。！？]*(?:跟|和|对)(?:她|他|我妈|我爸|妈妈|爸爸|老公|老婆|家里|父母|孩子))"
            r"[^。！？]*(?:开(?:话题|场)|搭话|破冰|(?:聊|说)些?什么(?:好|比较好)|不知道(?:要)?(?:聊|讲|说)什么)",
            r"\bconversation starters?\b|\bstart(?:ing)? (?:a )?conversations?\b|\bwhat to (?:talk|say) about\b"
            r"|\bsmall talk\b|\bice ?breakers?\b",
        ),
        {
            "zh": "最自然的开场，是问眼前的事，比如“你是怎么认识大家的？”，对方说完再顺着问一句，比自己硬找话题轻松得多。",
            "en": 'The easiest opener is about what\'s right there, like "How do you know everyone here?"; then ask '
            "one more thing about their answer. It's lighter than finding topics of your own.",
        },
    ),
    # how to settle a baby who will not stop crying: 宝宝一直哭怎么哄 / how do you soothe a baby that won't stop
    _Request(
        "soothe_baby",
        _patterns(
            r"(?:怎么|如何|有什么办法|有啥办法)[^。？?]{0,4}哄[^。？?]{0,4}(?:宝宝|孩子|娃|婴儿)"
            r"|(?:宝宝|孩子|娃|婴儿)[^。？?]{0,6}哭(?:个)?不停[^。？?]{0,6}(?:怎么办|咋办|怎么哄)",
            r"\b(?:soothe|settle|calm)\b[^.?!]{0,20}\b(?:a |the |my |our )?(?:baby|newborn|infant)\b"
            r"|\b(?:baby|newborn|she|he)\b[^.?!]{0,20}\b(?:won'?t|doesn'?t|will not) stop (?:crying|screaming)\b"
            r"[^.?!]{0,30}\b(?:what do i do|any (?:tips|tricks|ideas)|help)\b",
        ),
        {
            "zh": "喂过、换过、不冷不热都查过了，还可以试试：把宝宝竖抱或包好贴在胸口，持续的“嘘——”声或白噪音，慢慢有节奏地摇、"
            "抱着走一走，房间暗一点、安静一点；能换人的话，交给别人十分钟。如果哭声和平时不一样、不肯吃奶、发烧（三个月以下"
            "38°C 及以上）或看着不舒服，今晚就给医生或医院打电话。你自己快撑不住的时候，把宝宝平放在婴儿床里、出去透口气"
            "几分钟，也是可以的。",
            "en": "Once feeding, nappy and temperature are checked, things parents find help: holding her upright or "
            "swaddled against your chest, a steady shushing or white-noise sound, slow rhythmic rocking or a walk "
            "round the room, a dim quiet room; hand her over for ten minutes if anyone can take her. If the cry sounds "
            "different, she won't feed, has a fever (38°C or more under three months) or seems unwell, call your "
            "doctor or a nurse line tonight. And if you feel yourself at the end of your rope, it's okay to lay her "
            "down safely in the cot and step out for a few minutes.",
        },
    ),
    # a landlord who keeps the deposit: 房东不退押金怎么办 / how do I get my deposit back
    _Request(
        "deposit",
        _patterns(
            r"押金[^。？?]{0,8}(?:不退|没退|不还|扣|拿不回|要不回|怎么办|咋办)|(?:不退|扣)[^。？?]{0,4}押金|存证信函",
            r"\bdeposit\b[^.?!]{0,30}\b(?:back|won'?t (?:return|give)|keep(?:s|ing)?|deduct\w*|withh[oe]ld\w*)\b"
            r"|\b(?:keep(?:s|ing)?|won'?t (?:return|give back)|withh[oe]ld\w*)\b[^.?!]{0,20}\bdeposit\b",
        ),
        {
            "zh": "先把证据留好：入住和退房时的照片、合同、聊天记录。然后书面（短信、微信或LINE都行）写清楚要退多少、哪天之前退，"
            "要扣的钱请对方列出明细和凭据；搬进去时就有的钉孔这类，一般不该由你赔。对方还是不理，可以找租赁纠纷的调解渠道"
            "（可以打12345，或者找街道、社区的人民调解委员会），金额不大的话，小额诉讼也不难。",
            "en": "Keep the evidence together: move-in and move-out photos, the lease, the messages. Then ask in writing "
            "for the deposit by a set date, and for an itemised list with receipts for anything they deduct; marks "
            "that were there when you moved in, and normal wear, usually aren't yours to pay for. If they still won't, "
            "a tenants' advice service can tell you the local rules (in many places deposits must sit in a scheme that "
            "settles disputes for free), and small claims court is the next step.",
        },
    ),
    # blood brown at a first period: is it normal that it was brownish and not red / 第一次来例假 颜色是褐色的正常吗
    _Request(
        "period_colour",
        _patterns(
            r"(?:例假|月经|大姨妈|经血|来事)[^。？?]{0,20}(?:褐色|咖啡色|棕色|黑色|深色|发黑|不是红)"
            r"|(?:褐色|咖啡色|棕色|深色|发黑)[^。？?]{0,12}(?:例假|月经|大姨妈|经血)",
            r"\bbrown(?:ish)?\b[^.?!]{0,40}\b(?:not red|period|blood)\b(?=[^.!]*\?|[^.!]*\bnormal\b)"
            r"|\bperiod\b[^.?!]{0,40}\b(?:brown(?:ish)?|dark)\b(?=[^.!]*\?|[^.!]*\bnormal\b)",
        ),
        {
            "zh": "很正常：血在身体里待得久一点，出来就是褐色或深色的，第一次来、量少的时候尤其常见，头一两年周期不规律也正常。"
            "如果量特别大（一两个小时就湿透一片卫生巾）、超过一周还没停，或者疼得厉害，就去看医生。",
            "en": "Yes, that's completely normal: blood that's taken a little longer to come out turns brown or dark, and "
            "first periods are often brownish, light and irregular for the first year or two. See a doctor if it's very "
            "heavy (soaking a pad every hour or two), lasts more than about a week, or the pain is bad.",
        },
        checked=False,
    ),
    # breathing that stops in sleep: 睡觉打呼噜突然停住不喘气 / he stops breathing in his sleep
    _Request(
        "sleep_apnoea",
        _patterns(
            r"(?:睡觉|睡着|打呼|打鼾|扯鼻鼾|瞓)[^。？?]{0,16}(?:(?:突然|会|就)?停(?:了|住|一下|一阵|几秒|咗)?(?:呼吸|不喘气|没气)"
            r"|突然停住|憋醒|憋气|不喘气|没(?:有)?呼吸|不呼吸|唔抖气)"
            r"|呼吸暂停",
            r"\b(?:stops?|stopped|stopping|pauses?) breathing\b[^.?!]{0,30}\b(?:sleep|night|snor\w*)\b"
            r"|\b(?:sleep|snor\w*)\b[^.?!]{0,40}\b(?:stops?|stopped|pauses?) breathing\b|\bsleep apn(?:o)?ea\b",
        ),
        {
            "zh": "睡觉时呼吸停一阵、鼾声很响、突然憋醒或倒吸一口气，是睡眠呼吸暂停的典型表现，值得去看医生：挂呼吸科或睡眠门诊，"
            "做一晚睡眠监测就能查清楚。这个病很常见，也有办法治（比如睡觉戴的呼吸机、减重、侧睡），白天老犯困、开车打瞌睡的话更要早点看。",
            "en": "Pauses in breathing during sleep, with loud snoring and gasping or choking, are the classic signs of "
            "sleep apnoea, and worth a GP visit: they can arrange a sleep study, sometimes done at home. It's common and "
            "treatable (a CPAP machine at night, weight loss, sleeping on the side), and more urgent if there's daytime "
            "sleepiness or dozing at the wheel.",
        },
        checked=False,
    ),
    # minoxidil: 米诺地尔到底管不管用 有没有副作用 / does minoxidil actually work
    _Request(
        "minoxidil",
        _patterns(r"米诺地尔|米什么地尔|生发(?:的)?药|蔓迪", r"\b(?:minoxidil|rogaine|regaine)\b"),
        {
            "zh": "米诺地尔对不少人的雄激素性脱发确实有用：主要是让掉发变慢，头顶也能长回一些，但要坚持用三到六个月才看得出来，"
            "停了效果会慢慢退回去。常见的副作用是头皮痒、起皮，刚开始几周可能掉得更多（之后会好）；少数人会头晕、心跳快，"
            "有心脏病的先问医生。最好挂皮肤科让医生看看是哪种脱发，医生也会告诉你口服的药合不合适。",
            "en": "Minoxidil does help many people with male-pattern hair loss: mostly it slows the loss, and it can regrow "
            "some at the crown, but it takes three to six months to show, and the effect fades if you stop. Common side "
            "effects are an itchy, flaky scalp and a shed in the first few weeks (which passes); a few people get "
            "dizziness or a fast heartbeat, so check with a doctor first if you have a heart condition. A dermatologist "
            "can confirm what kind of hair loss it is and whether a tablet would suit you.",
        },
        checked=False,
    ),
    # older drivers: in QLD don't they need a medical cert after 75 / can his GP say no
    _Request(
        "older_driver",
        _patterns(
            r"(?:老人|老爸|我爸|父亲|爷爷|外公|[六七八九]十多岁)[^。？?]{0,20}(?:开车|驾照|驾驶)[^。？?]{0,20}(?:体检|证明|年龄|吊销|停)"
            r"|(?:七十|八十|70|75|80)岁(?:以上)?[^。？?]{0,10}(?:驾照|开车)",
            r"\b(?:medical (?:cert\w*|check|assessment)|licen[cs]e|driving|drive)\b[^.?!]{0,50}\b(?:7[05]|80|85)\b"
            r"|\b(?:over|after|aged?) (?:7[05]|80)\b[^.?!]{0,50}\b(?:driv\w*|licen[cs]e)\b"
            r"|\b(?:gp|doctor)\b[^.?!]{0,30}\b(?:stop (?:him|her|them) driving|take (?:his|her|their) licen[cs]e)\b",
        ),
        {
            "zh": "各地规定不一样，大陆这边：70岁以上的司机每年要交一次体检证明，还要做记忆力、判断力、反应力的测试，"
            "过不了就不能再开。家里人担心，可以先陪他去做一次体检，让医生的结论来说话，比你们开口更容易被接受；"
            "也可以一起想想，不开车以后他去哪、怎么去，让他丢的是方向盘，不是自由。",
            "en": "Rules differ by place. In Queensland, drivers aged 75 and over must carry a current medical certificate "
            "from their doctor whenever they drive, and the GP can decline to sign it; you can also tell his GP your "
            "worries yourself (they may not be able to share his details with you, but they can listen). Elsewhere: in "
            "the UK licences are renewed at 70 and every three years after, on the driver's own declaration; in many US "
            "states older drivers renew in person with a vision test. It often goes better when a doctor's verdict does "
            "the talking, and when there's a plan for how he'll still get where he wants to go.",
        },
        checked=False,
    ),
    # the debts of someone who died: 他欠的钱是不是都得我来还 / do I have to pay my late husband's debts
    _Request(
        "estate_debt",
        _patterns(
            r"(?:他|她|老公|丈夫|老伴|老周|爸|父亲|妈|母亲|走了|去世|过世|死了)[^。？?]{0,24}(?:欠|借)的?(?:钱|债|款)[^。？?]{0,16}"
            r"(?:要|得|该|是不是|需不需要|用不用)[^。？?]{0,6}(?:我|家里|我们|子女|儿子|女儿)?(?:来)?还"
            r"|父债子还|夫债妻还|(?:遗产|继承)[^。？?]{0,10}(?:债|还钱|欠款)",
            r"\b(?:his|her|their|my (?:late )?(?:husband|wife|partner|dad|father|mum|mom|mother)'?s?)\b[^.?!]{0,30}\bdebts?\b"
            r"[^.?!]{0,40}\b(?:have to|do i|am i|are we|liable|responsible|pay (?:it|them|off)|on me)\b"
            r"|\b(?:inherit\w*)\b[^.?!]{0,20}\bdebts?\b|\bdebts?\b[^.?!]{0,20}\b(?:after|when) (?:someone|he|she) di(?:es|ed)\b"
            r"|\b(?:do|am|are|will|would) (?:i|we) (?:have to|need to|be)\b[^.?!]{0,20}\b(?:pay|liable|responsible)\b"
            r"[^.?!]{0,30}\b(?:late|dead|deceased|passed|died)\b[^.?!]{0,20}\bdebts?\b"
            r"|\b(?:do|am|are|will|would) (?:i|we) (?:have to|need to|be)\b[^.?!]{0,20}\b(?:pay|liable|responsible)\b"
            r"[^.?!]{0,20}\b(?:his|her|their|my (?:late )?(?:husband|wife|partner|dad|father|mum|mom|mother)'?s?) debts?\b",
        ),
        {
            "zh": "按《民法典》，人走了，他的债先用他留下的遗产来还；继承人只在继承到的遗产范围内还，超出的部分没有义务还，"
            "放弃继承的就不用还，子女也一样。要分清一点：你们俩一起签过字的，或者借来的钱用在了家里共同生活上的，才算夫妻共同"
            "债务，你可能要一起承担；他一个人借、没用在家里的，一般不算，赌债更不受法律保护。所以先别急着替他还任何一笔，也别在"
            "别人拿来的借条上签字，让对方拿出借条和转账记录；打12348或者去当地法律援助中心问清楚，是免费的。",
            "en": "In most places (the UK, Australia, the US among them), a person's debts are paid from what they left, "
            "their estate, not by their family: you aren't personally liable unless you co-signed, it was a joint "
            "account, or you were a guarantor, and what the estate can't cover is usually written off. So don't pay or "
            "sign anything yet: ask each lender for the paperwork, tell them the estate is being dealt with, and get "
            "free advice first (Citizens Advice in the UK, the National Debt Helpline in Australia, a legal aid or "
            "probate service in the US).",
        },
        checked=False,
    ),
    # how to learn facts by heart for a test: 那些数字怎么背啊 有没有窍门 / how do people memorize the stopping distances
    _Request(
        "memorize",
        _patterns(
            r"(?:怎么|咋|如何|有什么办法|有没有(?:什么)?(?:窍门|诀窍|技巧|办法))[^。？?]{0,8}(?:记住|记得住|记下来|背下来|背得下来|背会"
            r"|背熟|背单词|背书|背公式|背课文)|(?:背|记)(?:不住|不下来)[^。？?]{0,12}(?:怎么办|咋办|有(?:什么|没有)(?:窍门|诀窍|办法|技巧))",
            r"\bhow (?:do|did|can|could|should) (?:people|you|i|anyone) (?:even |actually |ever )?(?:memori[sz]e|remember"
            r"|learn) (?:all )?(?:the|these|those|this|that|them|it|all)\b|\b(?:tricks?|tips?|hacks?) (?:to|for) "
            r"(?:memori[sz]\w*|remember\w*)\b|\bcan'?t (?:memori[sz]e|remember) (?:the|all|any)\b[^.?!]{0,40}\?",
        ),
        {
            "zh": "有窍门，而且跟聪不聪明关系不大：1. 少看书，多做题：每天做一套模拟题，错的题抄到卡片上，一面写题一面写答案；"
            "2. 隔天再看卡片，记住的放一边，没记住的明天再来，几天下来就只剩最难的几张；3. 数字编成顺口溜、画成一张表贴墙上，"
            "或者讲给别人听一遍。考前三四天每天一套，比前一晚熬夜管用得多。",
            "en": "There are tricks, and they have little to do with being smart: 1. test yourself more than you re-read: a "
            "practice test a day, and every question you miss goes on a flashcard (question one side, answer the other); "
            "2. go through the cards again the next day, drop the ones you know, keep the ones you don't, so after a few "
            "days only the hard few are left; 3. turn the numbers into a pattern or a silly rhyme, put them on one sheet "
            "on the wall, or explain them out loud to someone. A test a day for the last few days beats one long cram the "
            "night before.",
        },
        checked=False,
    ),
    # whether a plan of one's own (or a child's) holds up: 你觉得靠谱不 还是我又在做梦 / is this realistic or am I
    # dreaming: not a verdict, a cheap way to find out
    _Request(
        "plan_check",
        _patterns(
            r"(?:你觉得|你说|你看)(?=[^。？?]{0,20}(?:想法|打算|计划|主意|生意|开店|创业|项目|卖|做|搞|干|退学|辞职|直播))"
            r"(?![^。？?]{0,20}(?:男生|女生|男的|女的|这个人|那个人|他人|对象))[^。？?]{0,20}(?:靠谱|可行|行得通|现实|能成|有戏)"
            r"(?:吗|嘛|不|么|吧)"
            r"|(?:靠谱|可行|行得通)(?:吗|嘛|不)?[^。？?]{0,6}还是[^。？?]{0,6}(?:做梦|白日梦|想太多|异想天开)"
            r"|(?:是不是|还是)(?:我)?(?:又)?在(?:做梦|做白日梦|异想天开)",
            r"\bis (?:this|that|it|the plan|my plan|his plan|her plan) (?:even )?(?:realistic|doable|feasible|viable"
            r"|a realistic plan)\b|\bpipe dream\b"
            r"|\bdo you think (?:it|this|that|the plan|my plan) (?:could|would|will|can) (?:work|fly)\b",
        ),
        {
            "zh": "说实话，靠不靠谱，现在谁也说不准，但可以用很小的代价试出来：1. 定一个期限和一个看得见的目标（比如三个月，"
            "每个月做到多少单、多少收入）；2. 先用不伤筋动骨的方式试，别一下子押上全部积蓄或者退路；3. 找一个真做过这行的人，"
            "把你的数字给他看。到期时数字过线就加码，不过线就调整或收手，这样不管结果怎样都不算白做梦。",
            "en": "Honestly, nobody can say yet, but you can find out cheaply: 1. set a time limit and a target you can "
            "see (say three months, and a number of sales or an income a month); 2. try it in a way that doesn't bet "
            "everything, keeping the savings or the fallback in place; 3. show your numbers to someone who has actually "
            "done it. If the numbers clear the bar by the deadline, put more in; if not, adjust or stop. Either way "
            "it isn't dreaming, it's a test.",
        },
        checked=False,
    ),
    # a dog that barks or howls when left alone: is this normal for a rescue / what can I do this week
    _Request(
        "dog_alone",
        _patterns(
            rf"(?=[^。]*(?:{_DOG_ALONE_ZH}))(?=[^。]*(?:{_DOG_ASK_ZH}))",
            rf"(?=.*(?:{_DOG_ALONE_EN}))(?=.*(?:{_DOG_ASK_EN}))",
        ),
        {
            "zh": "很常见，特别是刚领养的狗，头几周最明显，多数会慢慢好，不是狗“坏了”。这周就能做的：1. 出门前带它好好走一圈、"
            "玩一会儿，累了才睡得着；2. 出门时给它一个只有你不在才有的好东西，比如塞了零食冻过的漏食玩具；3. 进出门都别搞隆重的"
            "告别和重逢，平平淡淡地走、平平淡淡地回；4. 从离开五分钟练起，慢慢加长；上班时间长的话，请人中午遛一次或者送去"
            "狗狗日托。可以留一张字条给邻居，说你在想办法，邻居通常就能多一点耐心。叫个不停、拆家很厉害的，找兽医或训犬师看看是不是"
            "分离焦虑。",
            "en": "Very common, especially in the first weeks after adoption, and most dogs improve; he isn't broken. What "
            "you can do this week: 1. a long walk or a good play before you leave, so he's tired enough to sleep; 2. a "
            "treat he only gets when you go, like a frozen stuffed Kong or a lick mat; 3. keep leaving and coming home "
            "boring, no big goodbyes or greetings; 4. practise short absences (five minutes, then longer) on your days "
            "off, and for long workdays a dog walker at lunch or doggy daycare a couple of days. A short note to the "
            "neighbour saying you're working on it usually buys patience. If it's hours of distress or destruction, a vet "
            "or a reward-based trainer can check for separation anxiety.",
        },
        follow=_patterns(_DOG_ASK_ZH, _DOG_ASK_EN),
        about=_patterns(_DOG_ALONE_ZH, _DOG_ALONE_EN),
        checked=False,
    ),
    # violence heard or seen next door: a thud and her crying, sleeves in August; do I ring the police? 楼下天天摔东西
    _Request(
        "abuse_nearby",
        _ABUSE,  # told is enough: what to do if it happens again is needed first
        {
            "zh": "如果听到正在打、摔东西、有人喊救命，就马上打110报警：不用先确定，判断本来就是警察的事，也可以要求不透露是谁报的警。"
            "别自己冲进去，也别当面质问对方。平时趁那个男的不在，私下跟她说一句：“那天晚上听到些动静，想问问你还好吗？有需要随时敲我的门。”"
            "不追问、不替她做决定，让她知道有人在就好。也可以打全国妇联维权热线12338咨询，邻居也能打。留纸条的话，写得简短，只写求助电话"
            "和你的门牌号，别写会让对方起疑的话。",
            "en": "If you hear it happening (a crash, screaming, her crying out), call the police straight away (999 in the "
            "UK, 911 in the US, 000 in Australia): you don't need to be sure, working that out is their job, and you can "
            "ask them not to say who called. Don't go in or confront him yourself. When he's not around, a quiet, "
            "friendly word helps more than you'd think: \"I heard some noise the other night and wanted to check you're "
            "okay. My door's always open.\" No pushing, no telling her what to do. A domestic abuse helpline advises "
            f"worried neighbours too (UK: {ABUSE_LINES['en-GB']}, free, 24 hours; US: {ABUSE_LINES['en-US']}; Australia: "
            f"{ABUSE_LINES['en-AU']}). A "
            "note is fine if it's small and safe for her to keep: a helpline number and your flat, nothing he'd read as "
            "a threat.",
        },
        follow=_patterns(_ABUSE_ASK_ZH, _ABUSE_ASK_EN),
        about=_ABUSE,
        checked=False,
    ),
    # an old person confused at night after an operation: 我爸髋关节手术后晚上糊涂 不认识我 / confused since the surgery
    _Request(
        "delirium",
        _patterns(
            r"(?:手术|术后|开刀|麻醉|住院|骨折)[^。？?]{0,40}(?:糊涂|不认识(?:我|人)|认不出|胡言乱语|说胡话|迷糊|分不清|神志不清|乱说话"
            r"|以为自己在)"
            r"|(?:糊涂|不认识我|认不出我|胡言乱语|说胡话|分不清)[^。？?]{0,30}(?:手术|术后|开刀|麻醉|住院)",
            r"\b(?:surgery|operation|anaesthetic|anesthetic|hip (?:replacement|op\w*))\b[^.?!]{0,80}\b(?:confused|confusion|doesn'?t "
            r"(?:recogni[sz]e|know)|didn'?t (?:recogni[sz]e|know)|not making sense|talking nonsense|delirious|seeing things)\b"
            r"|\b(?:confused|delirious|doesn'?t recogni[sz]e me|didn'?t recogni[sz]e me)\b[^?]{0,60}\b(?:since|after) (?:the|his|her)"
            r" (?:surgery|operation|op|fall)\b",
        ),
        {
            "zh": "老人手术后，特别是晚上，突然糊涂、认不出人、说胡话，常见的原因是“术后谵妄”：很多见，大多能好，但要马上告诉医生，"
            "不要等到复诊，今天就打电话给主刀医生或病房，或者去急诊，因为感染、缺水、止痛药、便秘都可能引起，查出来就能处理。在家能做的："
            "白天拉开窗帘、晚上留一盏小灯，把钟和日历放在看得见的地方，戴上眼镜和助听器，多喝水，用平静的语气告诉他在哪、今天几号，"
            "别跟他争辩。",
            "en": "Sudden confusion in an older person after surgery, often worse at night, not recognising people or "
            "talking nonsense, is commonly delirium: very common, usually temporary, but the doctors need to know now, "
            "not at the follow-up. Ring the surgical team, the ward or the GP today (or urgent care if it's bad), because "
            "infection, dehydration, painkillers or constipation can cause it, and they can be treated. At home: curtains "
            "open by day and a small light at night, a clock and calendar in view, glasses and hearing aids on, plenty to "
            "drink, and calm reminders of where he is and what day it is, without arguing.",
        },
        # the operation told first, the confusion after: 我爸上个月摔了一跤 做了髋关节置换 / 一到晚上就糊涂 认不出我
        follow=_patterns(
            r"(?:晚上|半夜|夜里)[^。？?]{0,10}(?:糊涂|迷糊)|认不出我|不认识我|胡言乱语|说胡话|神志不清|老年痴呆",
            r"\b(?:confused|confusion|doesn'?t recogni[sz]e me|didn'?t recogni[sz]e me|not making sense|talking nonsense"
            r"|delirious|dementia)\b",
        ),
        about=_patterns(
            r"手术|术后|开刀|麻醉|髋关节|骨折|置换",
            r"\b(?:surgery|operation|anaesthetic|anesthetic|hip replacement)\b",
        ),
        checked=False,
    ),
    # death explained to small children: 怎么跟四五岁的孩子解释死亡 / how do I explain death to four-year-olds
    _Request(
        "death_to_children",
        _patterns(
            r"(?:怎么|如何|咋|该怎么)(?:跟|和|对|给|向)?[^。？?]{0,12}(?:孩子|小朋友|小孩|儿子|女儿|宝宝)[^。？?]{0,6}(?:解释|说|讲|交代)"
            r"[^。？?]{0,8}(?:死|去世|不在了)|(?:死|去世|死亡)[^。？?]{0,10}(?:怎么|如何)(?:跟|和|对|给|向)[^。？?]{0,8}(?:孩子"
            r"|小朋友|小孩)(?:解释|说|讲)"
            # the children first: 四五岁的小孩到底该怎么跟他们说'死了'这件事
            r"|(?:孩子|小朋友|小孩)[^。？?]{0,12}(?:怎么|如何|咋)(?:跟|和|对|给|向)?[^。？?]{0,6}(?:解释|说|讲)[^。？?]{0,4}"
            r"['‘“「]?(?:死|去世)",
            r"\b(?:how (?:do|should|can|would) i|how to|help me) (?:even )?(?:explain|tell|talk about)\b[^?]{0,40}\b(?:death|died"
            r"|dying|dead|passed away)\b[^?]{0,40}\b(?:kids?|children|toddlers?|\d+[- ]year[- ]olds?|son|daughter|class)\b"
            r"|\bhow (?:do|should|can|would) i\b[^?]{0,10}\b(?:explain|tell)\b[^?]{0,20}\b(?:kids?|children|toddlers?|\d+[- ]year[- ]"
            r"olds?|class)\b[^?]{0,40}\b(?:death|died|dying|dead|passed away)\b",
        ),
        {
            "zh": "对小孩子，说得越直白越好，比如：“（名字）死了。死了就是身体不动了，不吃东西、不呼吸，也不会疼了，不会再回来了。”"
            "别说“睡着了”“去了很远的地方”，孩子会怕睡觉，或者一直等着。他们会一遍遍问同样的问题，每次都平静地再答一遍就好；"
            "可以让他们说说、画一画，一起做个小小的告别。大人说“我也有点难过”没关系，孩子能看到难过是可以说出来的。",
            "en": 'With young children, plain words work best, for example: "[Name] died. Dying means the body stops '
            "working: it doesn't eat or breathe or feel anything any more, and it won't come back.\" Avoid \"went to "
            'sleep" or "went away": children may fear sleep or keep waiting. They\'ll ask the same questions again and '
            "again; answer calmly each time. Let them talk about it or draw it, and do a small goodbye together. It's fine "
            "to say you feel a bit sad too: it shows them sadness can be said out loud.",
        },
        checked=False,
    ),
    # which way to take a money dispute: 可以报警吗还是打12345 还是直接去法院起诉 / police or small claims
    _Request(
        "dispute_route",
        _patterns(
            r"(?:报警|12345|法院|起诉|仲裁|调解)[^。？?]{0,12}还是[^。？?]{0,12}(?:12345|法院|起诉|仲裁|调解)"
            r"|(?:12345|法院|起诉|仲裁|调解)[^。？?]{0,12}还是[^。？?]{0,12}报警",
            r"\b(?:police|cops|small claims|court|sue|mediation|tribunal)\b[^.?!]{0,30}\bor\b[^.?!]{0,30}\b(?:small claims"
            r"|court|sue|mediation|tribunal)\b|\b(?:small claims|court|sue|mediation|tribunal)\b[^.?!]{0,30}\bor\b"
            r"[^.?!]{0,30}\b(?:police|cops)\b",
        ),
        {
            "zh": "这类纠纷，一般按这个顺序走：没有人身危险、没有被偷被骗的话，报警通常帮不上，警察多半会说这是民事纠纷；先打12345，"
            "或者找街道、社区的人民调解委员会，请他们出面协调，这一步不花钱；调解不成再去法院起诉，涉及的钱不多的话可以走小额诉讼，"
            "立案时把合同、照片视频、聊天记录和转账记录都带上。",
            "en": "For a dispute like this, where nobody is in danger and nothing was stolen, the usual order is: the police generally won't act, because it's a civil "
            "matter; first a free route (a tenants' or consumer advice service, or mediation), with your request in "
            "writing; then small claims court if that fails, which is built for amounts like this and doesn't need a "
            "lawyer. Bring the lease, photos, messages and payment records.",
        },
    ),
    # a speech or a toast to write: 伴娘致辞 / 姊妹speech / a best man speech
    _Request(
        "speech",
        _patterns(
            r"(?:致辞|发言稿|讲稿|祝酒词|伴娘|伴郎|姊妹|兄弟)[^。？?]{0,6}(?:speech|致辞|稿)|(?:speech|致辞)[^。？?]{0,12}"
            r"(?:方向|怎么写|写什么|不会写|写不出)",
            r"\b(?:maid of honou?r|bridesmaid|best man|wedding|retirement|birthday)\b[^.?!]{0,10}\b(?:speech|toast)\b"
            r"|\b(?:write|writing)\b[^.?!]{0,10}\b(?:a |the |my )?(?:speech|toast)\b",
        ),
        {
            "zh": "可以用一个简单的结构：先讲一个只有你们俩知道的小故事，再说你看着她一路走来的样子，然后一句关于他们俩的话，"
            "最后举杯祝福。两三分钟就够了；写得动情也没关系，它庆祝的是你们这么多年的友情，不是告别。",
            "en": "A simple shape works: one short story only the two of you share, what you've watched her grow into, "
            "a line about the two of them together, and a toast. Two or three minutes is plenty; if it comes out "
            "moving, that's fine: it celebrates the friendship, it isn't a goodbye.",
        },
    ),
    # how to train a puppy, and a book for it: 小狗怎么训练 / any good book on puppy training
    _Request(
        "puppy_training",
        _patterns(
            r"(?:小狗|狗狗|幼犬|小猫|猫咪)[^。？?]{0,6}(?:训练|训|教|乱咬|乱尿|乱拉)|(?:训练|训)(?:小狗|狗狗|幼犬)",
            r"\b(?:pupp(?:y|ies)|dog|kitten)\b[^.?!]{0,10}\b(?:training|train|house-?train\w*|potty)\b"
            r"|\btrain(?:ing)? (?:a |my |the |our )?(?:pupp(?:y|ies)|dog)\b",
        ),
        {
            "zh": "现在多数兽医和训犬师推荐的是奖励式训练：它做对了马上给零食或夸奖，做错了平静地把它引到该做的事上"
            "（咬东西就换成它的玩具，定时带去固定的地方上厕所）；吼它往往只会让小狗害怕、更躲着你。找书或课程时，认准"
            "“正向强化”“奖励式”这几个字；兽医也能推荐附近靠谱的幼犬班。",
            "en": "What most vets and trainers recommend now is reward-based training: treat or praise the moment she "
            "gets it right, calmly redirect the rest (a toy instead of the cable, regular trips to the same spot to "
            "pee); yelling mostly teaches a puppy to be scared of you. For a book or a class, look for 'positive "
            "reinforcement' or 'reward-based' on the cover; your vet can point you to a good puppy class nearby.",
        },
    ),
    # a new puppy's or kitten's nights: 小狗晚上一直叫怎么办 / the puppy cries all night in her crate
    _Request(
        "pet_night",
        _patterns(
            r"(?:小狗|狗狗|幼犬|小猫|猫咪|奶猫|它)[^。？?]{0,8}(?:晚上|夜里|半夜|第一晚|一整晚|整晚)[^。？?]{0,4}"
            r"(?:一直|总是|老是)?(?:哭|叫|嚎|呜呜)",
            r"\b(?:pupp(?:y|ies)|pup|kittens?|it)\b[^.?!]{0,20}\b(?:cry|cries|crying|whin\w+|howl\w*|bark\w*)\b"
            r"[^.?!]{0,20}\b(?:night|crate)\b|\bfirst night\b[^.?!]{0,30}\b(?:pupp(?:y|ies)|pup|kittens?)\b",
        ),
        {
            "zh": "刚到家的头几晚哭叫很常见：它刚离开妈妈和兄弟姐妹，到了一个陌生地方。可以把窝放在你床边或听得到你的地方，"
            "放一件有你气味的旧衣服、一个用毛巾包好的暖水袋；睡前带它上个厕所、陪它玩一会儿；它叫的时候别马上抱出来玩，"
            "也别吼它，在旁边平静地出个声就好。多数小家伙几天到一两周就会慢慢适应。",
            "en": "Crying the first nights is very common: they've just left their mum and littermates for a strange "
            "place. Put the bed or crate where they can hear you, with an old T-shirt that smells of you and a warm "
            "water bottle wrapped in a towel; a toilet trip and some play before bed help; when they cry, a calm word "
            "is enough, no scolding and no big play session. Most settle within a few days to a couple of weeks.",
        },
    ),
    # an animal off its food: 猫两天不怎么吃东西 / the puppy stopped eating since yesterday, should I worry
    _Request(
        "pet_food",
        _patterns(
            r"(?:猫|狗|兔|仓鼠|鹦鹉|它)[^。？?]{0,8}(?:不吃|不怎么吃|不肯吃|没吃东西|吃得很少)",
            r"\b(?:pupp(?:y|ies)|pup|dog|cat|kitten|hamster|rabbit|bunny|parrot)\b[^.?!]{0,30}\b(?:stopped eating|won'?t eat"
            r"|isn'?t eating|not eating|hasn'?t eaten|off (?:his|her|its) food)\b",
        ),
        {
            "zh": "一天不怎么吃，先别慌，但值得今天就打电话问问兽医，尤其是幼小的猫狗，容易脱水、低血糖。要是还有呕吐、拉稀、"
            "没精神、不喝水，或者可能误吞了东西，就直接去医院。在家先放好清水和它平时吃的粮，记下它吃了多少、喝了多少，"
            "到时候跟医生说得清楚。",
            "en": "A day off food is worth a call to the vet today rather than waiting, especially for a young or small "
            "animal: they can get dehydrated or low on sugar quickly. Go straight in if there's vomiting, diarrhoea, no "
            "drinking, real tiredness, or a chance they swallowed something. Meanwhile leave out water and their usual "
            "food, and note what they eat and drink so you can tell the vet.",
        },
        checked=False,
    ),
    # which clinic for sleeplessness: 失眠挂什么科 / what kind of doctor do I see for insomnia
    _Request(
        "sleep_clinic",
        _patterns(
            r"(?=[^。]*(?:失眠|睡不着|睡眠))(?=[^。]*(?:挂什么科|挂哪个科|看什么科|哪个科|去医院|看医生|看病))",
            r"(?=.*\b(?:insomnia|can'?t sleep|sleep)\b)(?=.*\b(?:what (?:kind of |sort of )?doctor|which doctor|sleep "
            r"(?:clinic|specialist|doctor)|see (?:a|the) doctor)\b)",
        ),
        {
            "zh": "失眠持续了几周、自己调整也不管用，就值得去看看。可以挂医院的睡眠门诊；没有的话，挂精神心理科或神经内科都行，"
            "心慌、心跳快这些也一并跟医生说。去之前记几天睡眠日记：几点躺下、大概几点睡着、夜里醒几次、白天状态怎么样，医生会看得更清楚。",
            "en": "When it has gone on for weeks and what you've tried isn't helping, it's worth seeing someone. A GP is the "
            "usual first stop and can refer you to a sleep clinic; mention anything like a racing heart too. Keep a sleep diary for a few days "
            "before you go (when you lie down, roughly when you fall asleep, how often you wake, how the day goes): "
            "it helps the doctor a lot.",
        },
        checked=False,
    ),
    # music through the floor at night: 楼下每晚音响开到一两点 怎么跟他说 / a polite way to ask a neighbour to turn it down
    _Request(
        "noise_neighbour",
        _patterns(
            r"(?=[^。]*(?:邻居|楼上|楼下|隔壁))(?=[^。]*(?:音乐|音响|吵|噪音|低音|蹦迪|唱歌))(?=[^。]*(?:怎么|咋|委婉|礼貌|办法))",
            r"(?=.*\b(?:music|bass|noise|speaker|party|parties|loud)\b)(?=.*\b(?:neighbou?r|downstairs|upstairs|next "
            r"door|someone)\b)?(?=.*\b(?:polite way|how (?:do|can|should) i (?:ask|tell)|nicely|turn (?:it|their music|the music)"
            r" down)\b)",
        ),
        {
            "zh": "可以挑个不吵的时候当面说，比留纸条好：先打个招呼、报上你住几楼，再讲具体的事：“晚上十二点以后低音隔着楼板"
            "听得很清楚，我第二天一早要上班，能不能晚上小一点，或者音箱别直接放地上？”很多人根本不知道楼板这么薄。说得具体、"
            "不指责，一般都能谈成；真不行再找物业或房东。",
            "en": "Talking in person at a calm moment usually works better than a note: say hi, say which flat you're in, "
            "then be specific: \"After midnight the bass comes straight through the floor, and I'm up early for "
            'work. Could you turn it down after 11, or get the speaker off the floor?" Plenty of people have no idea how thin '
            "the floor is. Specific and friendly usually does it; if not, the landlord or building manager is the next step.",
        },
    ),
    # what to eat with gout: 痛风该怎么吃 / what am I supposed to eat with gout, is shrimp bad
    _Request(
        "gout_diet",
        _patterns(
            r"(?=[^。]*(?:痛风|尿酸|嘌呤))(?=[^。]*(?:吃什么|怎么吃|能吃|不能吃|该吃|忌口|海鲜|虾|啤酒))",
            r"(?=.*\b(?:gout|purines?|uric acid)\b)(?=.*\b(?:eat|food|diet|shrimp|seafood|beer|drink)\b)",
        ),
        {
            "zh": "痛风一般要少吃的是：动物内脏、浓肉汤火锅汤、贝类和虾蟹这些海鲜、大量红肉，还有啤酒和白酒、含果糖多的甜饮料。"
            "可以放心多吃的：大多数蔬菜、低脂奶、鸡蛋、全谷物，水每天喝够两升左右，帮尿酸排出去。虾算高嘌呤，偶尔少量可以，"
            "别天天吃。具体到你的药和指标，按医生或营养师说的来。",
            "en": "The usual advice with gout is to cut back on organ meats, shellfish (shrimp included), lots of red meat, "
            "beer and spirits, and sugary drinks with fructose. Most vegetables, low-fat dairy, eggs and whole grains are "
            "fine, and plenty of water helps flush uric acid. Shrimp is high in purines, so now and then in small "
            "amounts rather than every day. Your doctor or a dietitian can fit it to your meds and levels.",
        },
        checked=False,
        # asked, not told: "is shrimp bad??" follows up; "she says cut the beer" does not
        follow=_patterns(
            r"(?:虾|海鲜|啤酒)[^。！!]*(?:吗|[?？])|能吃吗|能不能吃",
            r"\b(?:shrimp|seafood|beer)\b[^.!]*\?|\bis \w+ (?:bad|ok|okay|fine)\b",
        ),
        about=_patterns(r"痛风|尿酸|嘌呤", r"\bgout\b|\bpurines?\b"),
    ),
    # a child who spent the family's money: 孩子偷偷花家里的钱该怎么处理 / my son spent $400 on my card in a game
    _Request(
        "child_spending",
        _patterns(
            r"(?=[^。]*(?:孩子|女儿|儿子|闺女|小孩))(?=[^。]*(?:花|刷|充值|充了|打赏|买))(?=[^。]*(?:怎么处理|怎么办|怎么管|该怎么|咋办))",
            r"(?=.*\b(?:kid|son|daughter|child|teen|teenager)\b)(?=.*\b(?:spent|spending|charged|bought|in-app)\b)"
            r"(?=.*\b(?:how (?:do|should) i|what (?:do|should) i)\b)",
        ),
        {
            "zh": "先把支付密码换掉、关掉免密支付，给绑定的卡设个限额。等双方都冷静了再谈：不是审问，而是让孩子说说为什么想买、"
            "同学之间是什么样，你也讲清楚家里的钱是怎么挣来的。可以一起定个规矩，比如每月固定一点零花钱让孩子自己支配，超出的"
            "要商量；已经花掉的，可以让孩子用零花钱或家务慢慢“还”一部分，让孩子明白钱的分量。未成年人的大额充值，也可以联系平台"
            "客服申请退款。",
            "en": "Change the payment password and turn off one-tap payments first. Then, once you're both calm, talk rather "
            "than interrogate: ask what they wanted and what their friends do, and explain where the money comes from. Agree "
            "on a rule together, like a fixed monthly allowance they manage themselves, with anything more agreed first; they "
            "can pay back part of what was spent from it or with chores, so they feel what the money means. For large "
            "purchases by a minor, the app store or platform can often be asked for a refund.",
        },
    ),
    # English listening that will not improve: 有啥练听力的办法是真的有用的吗
    _Request(
        "listening_practice",
        _patterns(
            r"(?=[^。]*听力)(?=[^。]*(?:办法|怎么练|怎么提高|有用|技巧|方法))",
            # (not "alone in a practice room… when nobody's listening")
            r"(?=.*\blistening (?:skills?|practi[cs]e|part|section|test|exercises?)\b|.*\b(?:english|ielts|toefl)\b.*"
            r"\blistening\b)(?=.*\b(?:improve|practi[cs]e|tips|get better)\b)",
        ),
        {
            "zh": "比多听多练更管用的是精听：挑一段带原文的真题录音，先盲听一遍，再一句一句听写，对照原文找出没听出来的地方"
            "（连读、弱读、生词），然后跟着录音读，直到能跟上语速。每天二三十分钟，两三周就能感觉到变化。做题时先扫一眼选项，"
            "划出关键词，预判会问什么。",
            "en": "What works better than just listening more is intensive listening: take a short clip with a transcript, "
            "listen once blind, then write down what you hear sentence by sentence, check it against the transcript to find "
            "what you missed (linked sounds, weak forms, new words), and read along with it until you can keep up. Twenty "
            "minutes a day for two or three weeks makes a noticeable difference.",
        },
    ),
    # packing light for a trip: what should I pack, carry-on only / 行李怎么收拾
    _Request(
        "packing",
        _patterns(
            r"(?=[^。]*(?:行李|收拾|带什么|带啥))(?=[^。]*(?:旅行|旅游|出国|登机箱|怎么|带什么|带啥))",
            r"(?=.*\b(?:pack|packing)\b)(?=.*\b(?:what should i|what do i|tips|carry[- ]on|how do i)\b)",
        ),
        {
            "zh": "只带登机箱的话：衣服按一两个主色搭，件件能互相配，带四五天的量，中途洗一次；最占地方的鞋和外套直接穿上"
            "飞机；洗漱用品分装成小瓶；留一点空间装回程的东西。别忘了转换插头、证件复印件和一点当地现金。",
            "en": "For carry-on only: build outfits around one or two colours so everything mixes, pack four or five days of "
            "clothes and do laundry once, wear your bulkiest shoes and jacket on the plane, decant toiletries into small "
            "bottles, and leave room for what you'll bring back. Don't forget a plug adapter, copies of your documents and "
            "a little local cash.",
        },
        checked=False,
    ),
    # going back to study as an adult: any tips for going back to school at my age / 这个年纪重新读书有什么建议
    _Request(
        "back_to_school",
        _patterns(
            r"(?=[^。]*(?:重新读书|回学校|重返校园|再读书|上夜校|成人教育|这个年纪(?:读书|上学|考)))(?=[^。]*(?:建议|怎么|办法|经验))",
            r"\b(?:going|go|gone|heading) back to (?:school|college|uni|university|studying)\b[^.]*"
            r"\b(?:tips|advice|how do i|at my age)\b|\b(?:tips|advice)\b[^.]*\bback to (?:school|college|studying)\b",
        ),
        {
            "zh": "先补最慌的那块：数学、化学这类基础，开学前用免费的网课把初中高中的内容过一遍，能省下很多焦虑。开学第一周就"
            "找到学校的辅导中心或答疑时间，别等跟不上了才去；找一两个同学组个学习小组。把一周的上班、上课、复习时间排进"
            "日历，给自己留出睡觉的时间。成年学生最大的优势是知道自己为什么来，这份劲儿会帮你撑过最难的几周。",
            "en": "Start with the part that scares you: a free refresher course (Khan Academy is good for algebra and basic "
            "chemistry) before classes start takes a lot of the dread out. Find the college's tutoring centre or office "
            "hours in week one, not once you're behind, and team up with one or two classmates. Put work, classes and "
            "study on one calendar and protect your sleep. Adult students have one big advantage: you know exactly why "
            "you're there, and that carries you through the hard weeks.",
        },
    ),
    # saying no to family: 我该怎么跟他开口拒绝 / how do I say no to my brother
    _Request(
        "say_no",
        _patterns(
            r"(?:怎么|咋|如何)(?:跟|和|对)?[^，。,.!?？]{0,6}(?:开口)?拒绝|(?:怎么|咋)说不",
            r"\bhow (?:do|can|should) i (?:say no|turn (?:him|her|them) down|refuse)\b|\bhow to (?:say no|refuse)\b",
        ),
        {
            "zh": "拒绝可以很短：先肯定关系，再把“不”说清楚，给一个真实的理由，不留“我再想想”的余地，比如：“这事我认真想过了，"
            "这次我帮不了。我自己这边也有难处，不想答应了又做不到。别的忙我能帮的一定帮。”说一次就够，不用反复解释；"
            "被追问、或者当着长辈的面再提，就平静地重复同一句。",
            "en": "A no can be short: say the relationship matters, then say the no plainly with one true reason, and "
            'don\'t leave a "let me think about it" opening. For example: "I\'ve thought about it properly, and I '
            "can't do it. I've got my own limits right now, and I'd rather say no than promise what I can't do. If "
            "there's another way I can help, I will.\" Say it once; if you're pressed, calmly repeat the same sentence.",
        },
    ),
    # strangers asking a child online for her school or WeChat: a safety matter, answered as one
    _Request(
        "child_online",
        _patterns(
            r"(?=[^。]*(?:评论|私信|网友|陌生人|底下))(?=[^。]*(?:问她|问他|问孩子|要她|要他|加(?:她|他)?微信|要微信))"
            r"(?=[^。]*(?:学校|微信|地址|电话|住哪|照片|qq))",
            r"(?=.*\b(?:comments?|dms?|messages?|strangers?|someone online)\b)(?=.*\b(?:asked|asking|wanted)\b)"
            r"(?=.*\b(?:her|his|my (?:daughter|son|kid))\b)(?=.*\b(?:school|address|phone number|snap|number|photos?)\b)",
        ),
        {
            "zh": "陌生人在评论里问一个孩子在哪个学校、要加微信，这是要认真对待的信号，你手抖是对的。可以先把这些评论截图留存"
            "并举报，再把账号设成私密或注销，关掉私信和定位。等孩子情绪平下来再谈：不是不让孩子玩，而是网上有人会打孩子"
            "的主意；以后有人要联系方式、要照片、约见面，第一时间告诉你，不会因此挨骂。",
            "en": "Strangers asking a child which school they go to or for their contact details is a real warning sign, and "
            "you're right to be shaken. Screenshot and report those comments, then make the account private or delete it, "
            "and turn off messages and location. When things are calmer, talk: it isn't about the posting itself, it's "
            "that some adults online target children; if anyone asks for their details or photos or to meet, they tell "
            "you straight away and won't be in trouble for it.",
        },
    ),
    # a lost indoor cat: how do I find my cat / 猫跑丢了怎么找
    _Request(
        "lost_pet",
        _patterns(
            r"(?=[^。]*(?:猫|狗|它))(?=[^。]*(?:丢了|跑丢|跑出去|走丢|不见了|没回来))(?=[^。]*(?:怎么找|怎么办|办法|咋找))",
            r"(?=.*\b(?:cat|dog|kitten|puppy)\b)(?=.*\b(?:lost|missing|got out|ran off|hasn'?t come back|find)\b)"
            r"(?=.*\b(?:how (?:do|can) i|best things? to do|what (?:do|should|can) i|any tips|tips)\b)",
        ),
        {
            "zh": "室内猫跑出去，多半就躲在家附近几十米内，吓得不敢出声。天黑安静时拿手电去找：车底、灌木、楼道、邻居的杂物间，"
            "轻声叫它名字，摇一摇它熟悉的零食袋。把它用过的猫砂盆和你穿过的衣服放门口，气味能帮它找回来。再在小区群、"
            "物业和附近宠物医院贴出照片和联系方式，拜托邻居看看自家储物间。头几天是最关键的。",
            "en": "Indoor cats that get out usually hide close to home, often within a few houses, and stay silent when "
            "scared. Search at night or dawn when it's quiet, with a torch: under cars, decks, bushes, in sheds and "
            "garages. Call softly and shake their treat bag. Put their litter box and something you've worn by the door; "
            "the smell helps. Ask neighbours to check their sheds, and post her photo on local lost-pet groups and "
            "with nearby vets and shelters. The first few days matter most.",
        },
        checked=False,
    ),
    # a small child who will not sleep: 两岁孩子半夜醒了哭怎么办 / any tips for a 2yo who refuses to sleep
    _Request(
        "toddler_sleep",
        _patterns(
            r"(?=[^。]*(?:孩子|宝宝|娃|儿子|女儿|[一二两三\d]岁))(?=[^。]*(?:不睡|不肯睡|夜醒|半夜醒|哄睡|睡前|作息))"
            r"(?=[^。]*(?:怎么办|办法|怎么弄|怎么哄|建议|有用))",
            r"(?=.*\b(?:toddler|\d+\s?(?:yo|year[- ]old)|baby|son|daughter|kid)\b)(?=.*\b(?:sleep|bedtime|wakes? up|night wak"
            r"\w*)\b)(?=.*\b(?:tips|how do i|what (?:do|should) i|routine|realistic)\b)",
        ),
        {
            "zh": "两三岁的孩子夜醒很常见，不是你们哪里做错了。睡前固定一套二三十分钟的流程，每天同一个顺序：洗澡、换睡衣、"
            "刷牙、讲一本书、关灯，越无聊越好。半夜醒了，进去的动作要又少又平淡：轻声安抚、不开大灯、不抱出来玩，让孩子"
            "在自己床上重新睡着；想让大人不再躺地上陪，可以一晚一晚把陪的位置往门口挪。坚持一两周通常会好转；要是打鼾、"
            "呼吸不畅，问问儿科医生。",
            "en": "Night waking at two is very common, and it doesn't mean you're doing it wrong. A short, boring, identical "
            "routine every night helps most: bath, pyjamas, teeth, one book, lights out, 20 to 30 minutes. When they wake, "
            "keep it brief and dull: a calm word, no bright light, no getting up to play, and let them fall back asleep in "
            "their own bed. If someone lies on the floor by the crib now, move that spot a little closer to the door every "
            "few nights. Give it a week or two; if they snore or struggle to breathe at night, ask the paediatrician.",
        },
        follow=_patterns(r"睡前(?:流程|程序)|作息|哄睡", r"\b(?:bedtime|routine|wind[- ]down)\b"),
        about=_patterns(r"夜醒|不肯睡|哄睡|婴儿床", r"\b(?:toddler|crib|\d+\s?yo|night wak\w*)\b"),
    ),
    # a first therapy session: what actually happens at the first session / 第一次心理咨询会做什么
    _Request(
        "first_therapy",
        _patterns(
            r"(?=[^。]*(?:心理咨询|咨询师|心理医生|治疗师))(?=[^。]*(?:第一次|头一次|初次))(?=[^。]*(?:做什么|干什么|会怎样|是什么样|聊什么|准备))",
            r"(?=.*\b(?:therapy|therapist|counsel\w*|session)\b)(?=.*\bfirst\b)(?=.*\b(?:what (?:actually )?happens|what "
            r"to expect|what do (?:i|we) do|how does it work|do i just)\b)",
        ),
        {
            "zh": "第一次咨询多半是互相了解：咨询师会问你为什么来、现在的生活和压力、家里的情况，也会讲清楚保密的规则和"
            "接下来怎么安排。不用躺沙发，也不用一上来就讲童年，你想说多少由你定。可以提前想好一两件最想改变的事，比如"
            "“我总是控制不住发火”。觉得这个咨询师不合适，也可以换，这很正常。",
            "en": "The first session is mostly getting to know each other: why you came, what life and stress look like now, a "
            "bit about your family, and how confidentiality works and what happens next. No couch, and you don't have to "
            "start with your childhood; you decide how much to say. It helps to name one or two things you want to change, "
            'like "I lose my temper too fast." And if the fit isn\'t right, switching therapists is normal.',
        },
        checked=False,
    ),
    # the permits for a food stall: 摆摊卖吃的要办啥证 / what permits do I need to sell food
    _Request(
        "food_stall",
        _patterns(
            r"(?=[^。]*(?:摆摊|夜市|小吃|卖吃的|餐饮))(?=[^。]*(?:证|执照|许可|手续|登记))",
            r"(?=.*\b(?:food (?:stall|truck|cart)|street food|sell (?:food|snacks))\b)(?=.*\b(?:permits?|licen[cs]es?|paperwork)\b)",
        ),
        {
            "zh": "各地规定不太一样，一般要准备：营业执照（个体工商户，在当地市场监管局或线上就能办），食品经营方面的小餐饮"
            "或摊贩登记备案（也是市场监管局管），从业人员健康证（你已经有了），夜市的话还要跟市场管理方签摊位协议。最稳妥"
            "的是直接打12345或去当地市场监管所问一句“流动摊贩卖熟食要办哪些”，他们会按你那儿的规定说清楚。",
            "en": "It varies by city, but usually: a business registration, a food business or street-vendor licence from the "
            "local health or licensing office, a food-handler's certificate for whoever cooks, and the market's own stall "
            "agreement. The quickest sure answer is to call the city's licensing office and ask what a hot-food stall needs "
            "there.",
        },
        checked=False,
    ),
    # a thesis lost with a laptop: how do I back up properly / 以后到底怎么备份才靠谱 / an extension email
    _Request(
        "backup",
        _patterns(
            r"(?=[^。]*备份)(?=[^。]*(?:怎么|如何|靠谱|教我|方法))",
            r"(?=.*\bback(?:ing)? ?up\b)(?=.*\b(?:how (?:do|should|can) i|properly|best way|teach me)\b)",
        ),
        {
            "zh": "记住“三份、两处、一份在外面”：电脑里一份；一个会自动同步的网盘（坚果云、OneDrive、iCloud都行），写作的"
            "文件夹直接放在同步目录里；再每周往移动硬盘或U盘拷一次。写论文还可以每天结束时把当天版本发到自己邮箱，文件名"
            "带上日期。这样丢一台电脑，最多丢几个小时的字。",
            "en": "Think three copies, two places, one off-site: the laptop; a folder that syncs automatically to a cloud drive "
            "(OneDrive, Google Drive, iCloud), with your writing saved straight into it; and a weekly copy to a USB drive. "
            "For a thesis, emailing yourself the day's version with the date in the file name is a cheap extra. Then "
            "losing a laptop costs you hours, not months.",
        },
        checked=False,
    ),
    _Request(
        "extension_email",
        _patterns(
            r"(?=[^。]*(?:延期|晚两周|晚几天|推迟|宽限))(?=[^。]*(?:邮件|怎么写|怎么说|申请))",
            r"(?=.*\b(?:extension|extend the deadline|more time)\b)(?=.*\b(?:email|how (?:do|should) i (?:ask|write|word))\b)",
        ),
        {
            "zh": "邮件短一点、只讲事实就不像找借口：第一句说明你是谁、哪份稿子、原定截止日期；第二句讲发生了什么，附上能证明的材料"
            "（比如报警回执）；第三句说你已经做了什么、进度到哪；最后"
            "提一个具体的新日期，比如“恳请延期至X月X日提交”，再谢谢老师。发给导师，同时抄送学院负责的老师。",
            "en": "Short and factual reads as honest, not as an excuse: who you are, which piece, and the original deadline; "
            "what happened, with anything that shows it (a police report, say); what you've already done and where you "
            "are now; then one concrete new date you're asking for, and a thank-you. Send it to "
            "your supervisor and copy whoever in the department handles deadlines.",
        },
        checked=False,
    ),
    # hired at forty and over: 我42了 你说现在出去还有人要吗 / will anyone hire me at 52
    _Request(
        "job_age",
        _patterns(
            r"(?=[^。]*(?:工作|面试|招聘|简历|跳槽|找活|出去|上班|转行|公司))(?:[3-6]\d|三十|四十|五十|六十)(?:[一二三四五六七八九])?"
            r"(?:岁|了)[^。？?]{0,24}(?:还有人要|有人要吗|好找(?:工作)?吗|找得到工作|能找到工作|还能找|太晚)|(?:这个|这把)(?:年纪|岁数)[^。？?]{0,16}(?:还有人要|找工作|跳槽|换工作|转行)",
            r"\b(?:at|i'?m|i am|when you'?re) (?:[4-6]\d)\b[^?]{0,60}\b(?:hire|employ|find (?:a|another|a new) job|job market"
            r"|retrain)\b|\btoo old to (?:change (?:jobs|careers)|get hired|find (?:a|another) job|retrain"
            r"|start over)\b|\b(?:will|would) anyone (?:hire|employ|want) (?:me|someone)\b[^?]{0,30}\b[4-6]\d\b",
        ),
        {
            "zh": "说实话：有，但路子和二十几岁不一样。1. 招聘网站海投最没用，熟人推荐、前同事、客户、同行群最管用，先把这些人挨个联系"
            "一遍；2. 简历写“解决过什么问题、带出过什么人、做成了多少”，别只写“负责什么”，你的经验就是你的价钱；3. 盯看重经验的位置"
            "（中小公司的主管、同行业的对口岗位、甲乙方互换），别跟应届生拼价钱；4. 别裸辞，在职找，心态和谈价都从容得多。",
            "en": "Honestly: yes, but the route is different from your twenties. 1. Job boards work worst; referrals, "
            "former colleagues, clients and industry contacts work best, so go through them one by one; 2. write your CV "
            "as problems solved, people trained and results delivered, not duties: your experience is what you're "
            "selling; 3. aim at roles that pay for experience (lead roles at smaller firms, the same work in your "
            "sector, switching between client and supplier), not at competing with graduates on price; 4. look while "
            "you're still employed: it's calmer, and you negotiate better.",
        },
        checked=False,
    ),
    # a grown child back home: how do I set expectations without a fight? rent? chores? a deadline?
    _Request(
        "home_again",
        _patterns(
            rf"(?=[^。]*(?:{_HOME_AGAIN_ZH}))(?=[^。]*(?:{_TERMS_ZH}))",
            rf"(?=.*(?:{_HOME_AGAIN_EN}))(?=.*(?:{_TERMS_EN}))",
        ),
        {
            "zh": "当成两个成年人商量一个计划，而不是训话：找个大家都平静的时候，先说他最近做得好的地方，再一起定三件事：1. 家里的分担"
            "（交一点生活费，或者固定负责几样家务）；2. 找工作的节奏（比如每周投几份，先找份兼职过渡也行）；3. 一个回头看看的日子，"
            "一两个月以后。先问他觉得怎样算公平，自己参与定的规矩，人更愿意守。写下来，每周花几分钟聊聊进展。",
            "en": "Set it up as a plan between two adults, not a telling-off: pick a calm moment, start with something "
            "he's done well lately, then agree three things together: 1. a share of the house (a small rent, or chores "
            "that are his); 2. a job-search rhythm (say a few applications a week, or part-time work in the meantime); "
            "3. a date to look at it again, a month or two out. Ask him first what he thinks is fair: people keep deals "
            "they helped make. Write it down, and check in briefly once a week.",
        },
        follow=_patterns(_TERMS_ZH, _TERMS_EN),
        about=_patterns(_HOME_AGAIN_ZH, _HOME_AGAIN_EN),
        checked=False,
    ),
    # an email to someone in charge about a problem: 点写email俾prof / how do I word the email to my manager
    _Request(
        "email_draft",
        _patterns(
            r"(?:怎么|咋|如何|点|點)(?:样)?(?:写|寫)[^。？?]{0,12}(?:email|邮件|郵件|电邮|電郵)"
            r"|(?:email|邮件|郵件|电邮|電郵)[^。？?]{0,12}(?:怎么|咋|如何|点|點)(?:样)?(?:写|寫)"
            r"|(?:帮我|幫我)(?:写|寫|拟|改)(?:一封|封|个|一个)?(?:email|邮件|郵件|电邮|電郵)",
            r"\b(?:how (?:do|should|would|can) i|help me) (?:even )?(?:write|word|phrase|start)\b[^.?!]{0,20}\bemails?\b"
            r"|\bemails?\b[^.?!]{0,20}\bhow (?:do|should|would) i (?:word|phrase|write)\b"
            r"|\bwhat (?:do|should) i (?:write|put|say) in (?:the|an|my|this|that) emails?\b",
        ),
        {
            "zh": "可以短一点，只讲事实，最后请教对方，这样读起来是说明情况，不是告状：\n"
            "“X老师（或X经理）您好，我是……的……。想跟您说明一下……的情况：我在X月X日、X日[做了什么]，到现在[结果如何]。"
            "为了不影响[截止的事]，我会先把[自己能做的]做好。想请教您，这种情况下怎么处理比较合适？谢谢您。”\n"
            "只写日期和做过的事，不评价任何人，聊天截图先留着，对方问起再给。",
            "en": "Keep it short and factual, and end by asking for their advice, so it reads as an update, not a complaint:\n"
            "\"Hi [name], I'm [who you are] in [the group or team]. I wanted to let you know where things stand: on "
            "[dates] I [what you did], and so far [what came of it]. So that [the deadline] isn't affected, I'll carry on "
            'with [what you can do]. Could you advise how best to handle this? Thanks."\n'
            "Stick to dates and what was done, judge no one, and keep any screenshots in case they ask.",
        },
        checked=False,
    ),
    # which supervisor to choose: 导师选哪个好 / which advisor should I pick
    _Request(
        "advisor_choice",
        _patterns(
            r"导师[^。？?]{0,10}(?:选哪个|选哪位|怎么选|选谁|哪个好|哪位好)|(?:选|挑)(?:哪个|哪位|谁)(?:当|做)?导师",
            r"\b(?:which|choose|pick|choosing|picking)\b[^.?!]{0,24}\b(?:advisor|adviser|supervisor|pi|lab)\b",
        ),
        {
            "zh": "选导师，最靠谱的消息来自他现在的学生：私下问问组里的师兄师姐，组会怎么开、毕业和发论文顺不顺、老师脾气怎么样。"
            "再想想这几年你最想要什么：想读博、发论文，大牛组的平台和资源更有用，但得扛得住push；想毕业后好好工作、过得舒服"
            "些，年轻又nice的老师可能更合适，只是项目少，自己要更主动。能的话两位都约着聊一次，当面的感觉往往比传言准。",
            "en": "The most reliable information comes from their current students: ask them privately how meetings run, "
            "whether people graduate and publish on time, and what the supervisor is like under pressure. Then weigh "
            "what you want from these years: for a PhD or papers, a big name's lab and resources count for more, if "
            "you can take the pace; for a good job and a saner life, a kind, younger supervisor may suit you better, "
            "with fewer projects meaning you drive more yourself. If you can, meet both; that tells you more than "
            "rumours do.",
        },
    ),
    # replying to a bad review: 这种差评怎么回 / how should I respond to a one-star review
    _Request(
        "review_reply",
        _patterns(
            r"差评[^。？?]{0,12}(?:怎么回|如何回|回什么|要不要回|该不该回|怎么处理)|(?:怎么|如何)回(?:复)?[^。？?]{0,6}差评",
            r"\b(?:reply|respond|answer|response)\b[^.?!]{0,30}\b(?:bad|negative|one[- ]star|1[- ]star|nasty|fake)"
            r" reviews?\b|\b(?:bad|negative|one[- ]star|1[- ]star|fake) reviews?\b[^.?!]{0,40}\b(?:reply|respond|answer)\b",
        ),
        {
            "zh": "回差评，其实是写给以后看评论的客人看的。语气平和、简短：先谢谢反馈，再就事论事说明（比如“这单我们没查到，"
            "欢迎私信订单号，我们核对后给您答复”），最后留个联系方式，愿意当面解决。别反问、别冷嘲热讽，“你来过吗”"
            "看着解气，却会让路人站到对方那边。明显是假评价的，截图留证，走平台的申诉或举报渠道。",
            "en": "A reply to a bad review is really written for the next customers who read it. Keep it short and calm: "
            "thank them for the feedback, state the facts without sarcasm (\"we couldn't find this order; please "
            'message us with the details so we can look into it"), and offer to put it right directly. A sharp '
            "comeback feels good but turns readers against you. If it looks fake, screenshot it and use the "
            "platform's report or appeal route.",
        },
    ),
    # getting through the wait for test results: 等结果这几天怎么熬 / how do I survive the wait for the biopsy
    _Request(
        "wait_results",
        _patterns(
            r"(?![^。]*(?:结果|报告)(?:已经)?出(?:来)?了(?!没))"  # not once they are out
            r"(?=[^。]*(?:有没有(?:什么)?办法|怎么(?:熬|过|办)|好过一点|好受一点|不那么(?:焦虑|慌|怕)))"
            r"(?=[^。]*(?:结果|报告|穿刺|活检|病理|复查))",
            r"(?=.*\b(?:how (?:do|can) i (?:get through|survive|cope with|handle|stand)|how to (?:get through|survive"
            r"|cope with)|any (?:tips|advice|way) (?:for|to|on)|make (?:the|this) (?:wait|waiting))\b)"
            r"(?=.*\b(?:results?|biopsy|scan|pathology|waiting|the wait)\b)",
        ),
        {
            "zh": "可以给自己定好看报告的时间，比如中午和下班各看一次，其他时间把通知关掉；把这几天"
            "排得满一点，散步、做饭、约个朋友，让手和脑子有事做；想上网查的时候提醒自己，网上的百分比说的是所有人，不是你，"
            "你的情况医生会看你的片子和报告来讲。也可以告诉身边的人什么最有用：陪你一起等，比一句“肯定没事”更管用。",
            "en": "Pick set times to check for results, say noon and after work, "
            "and mute the notifications in between; fill the days with things that take your hands and attention; "
            "when the urge to search comes, remember those percentages are about everyone, not you, and your doctor "
            "will read yours. And tell the people around you what helps: waiting with you does more than \"I'm "
            "sure it's nothing\".",
        },
    ),
    # a parent buying supplements at health talks: 怎么劝我爸别再买保健品 / how do I get my dad to stop buying them
    _Request(
        "supplements",
        _patterns(
            r"(?:保健品|保健药|健康讲座|养生讲座)[^。？?]{0,20}(?:怎么劝|怎么说|怎么开口|咋劝|说法|不听|抵触|别再买|不要再买)"
            r"|(?:怎么|咋)(?:劝|让)[^。？?]{0,10}(?:别|不要|不再)(?:再)?买[^。？?]{0,4}保健品",
            r"\bsupplements?\b[^.?!]{0,60}\b(?:how (?:do|can|should) i|convince|talk (?:him|her|them)|stop buying)\b"
            r"|\b(?:how (?:do|can|should) i|convince)\b[^.?!]{0,40}\bsupplements?\b",
        ),
        {
            "zh": "直接说“你被骗了”，等于说他糊涂，他多半会更护着那些人。可以先不争对错，问问他买这些图什么：怕生病，想有人"
            "关心，还是卖东西的人对他格外热情；他要的那份关心是真的。再说你担心的具体事：花了多少钱，跟他吃的药会不会冲突，请他把买的东西带给医生"
            "或药师看看，让他们来说。也可以给他别的去处和陪伴，比如每天固定通个电话、一起找个老年活动中心或兴趣班；"
            "那份关心有了别的来处，卖东西的人就没那么要紧了。大额付款，可以跟他商量着设个限额。",
            "en": "Saying \"you've been scammed\" tells him he's a fool, and he'll likely defend them harder. Skip who's "
            "right at first and ask what he gets from buying them: fear of getting ill, wanting someone to care, "
            "sellers who make a fuss of him; what he's looking for is real. Then name the specific worry: how much it costs, and whether it clashes with his medicines, and "
            "ask him to show the boxes to his doctor or pharmacist so they can say. Give him other places for that "
            "company too, like a set time for a daily call, or a seniors' centre or class; once the company has "
            "somewhere else to come from, the sellers matter less. For big payments, agree on a limit together.",
        },
        follow=_patterns(
            r"(?:怎么|咋|如何)(?:跟|和|对)?[他她](?:说|开口|讲|劝)|说法|不那么抵触|(?:他|她)(?:肯定)?不(?:会)?听",
            r"\b(?:how (?:do|can|should) i (?:tell|talk to|convince|approach|say it to) (?:him|her|them)|what (?:do|should) "
            r"i say to (?:him|her))\b",
        ),
        about=_patterns(
            r"保健品|保健药|健康讲座|养生讲座|纳豆", r"\bsupplements?\b|\bhealth (?:talks?|seminars?)\b"
        ),
    ),
    # group-project partners who do nothing: 有没有什么办法能让他们干活 / how do I get my group to do their part
    _Request(
        "group_project",
        _patterns(
            r"(?=[^。]*(?:小组作业|小组|组员|队友|组里|同组|pre|presentation|大作业))(?=[^。]*(?:怎么|咋|办法|怎么办))"
            r"(?=[^。]*(?:干活|分工|做事|出力|不干|不做|摸鱼|划水|动起来|配合))",
            r"(?=.*\b(?:group project|group assignment|teammates|groupmates|group members|my group|project partners?)\b)"
            r"(?=.*\b(?:how (?:do|can|should) i|any (?:tips|ideas|advice)|what (?:do|should|can) i)\b)"
            r"(?=.*\b(?:do (?:their|anything|any)|pull (?:their|any) weight|contribute|help|work|part|share)\b)",
        ),
        {
            "zh": "可以在群里把任务拆成几块，每块写上要做什么和截止日期，请大家认领，没人认领的由你直接分配，并@到人；进度就留在"
            "群里，少靠私聊。截止前几天还没动静，就带着这些记录早点找老师说明分工情况，很多老师愿意按贡献分开打分。别一个人"
            "默默全扛，扛了这一次，下一次大家还会等你。",
            "en": "Split the work into named pieces with deadlines in the group chat and ask each person to claim one; "
            "assign whatever is left, by name. Keep progress in the group chat rather than private messages. If a "
            "piece still hasn't moved a few days before the deadline, go to the teacher early with that record; many "
            "will grade contributions separately. Don't quietly do it all yourself: carry it once and the group will "
            "wait for you next time too.",
        },
        follow=_patterns(
            r"(?:让|叫|逼)他们(?:干活|做事|出力|动起来|配合)|(?:怎么|咋)分工",
            r"\b(?:get|make) (?:them|everyone|the others) (?:to )?(?:do|pull|work|help|contribute)\b",
        ),
        about=_patterns(
            r"小组作业|组员|队友|同组|大作业|小组",
            r"\bgroup project\b|\bgroupmates\b|\bteammates\b|\bgroup members\b",
        ),
    ),
    # someone who will not see a doctor: 怎么跟他说去医院看看 / how do I get him to see a doctor
    _Request(
        "get_to_doctor",
        _patterns(
            r"(?:怎么|咋|如何)(?:跟|和|劝|让|对)[他她]?(?:说|讲|开口|劝)?[^。？?，,]{0,6}(?:去医院|看医生|去看看|看病|就医|做检查|去检查)",
            r"\bhow (?:do|can|should) i (?:get|convince|persuade|talk|tell) (?:him|her|them|my \w+)(?: into| to)? "
            r"(?:see|go to|going to|seeing|get checked|get it checked)\b",
        ),
        {
            "zh": "可以把重点从“你有病”换成“我担心/我需要”：比如说最近你自己睡不好，想让他陪你去看看，顺便他也查一查；"
            "或者约在他心情好、不赶时间的时候，平静说一句你听到的情况和你的担心，不吓唬、不翻旧账。给他台阶：先挂好号、"
            "陪他一起去。他一时不肯也别硬逼，过几天换个说法再提。",
            "en": "Make it about your worry, not his weakness: \"I'm losing sleep over this and I'd feel better if we got "
            'it checked", or ask him to come with you to your own appointment and see someone too. Pick a calm moment, '
            "say what you noticed and that you're worried, without scaring or nagging, then make it easy: book the "
            "appointment and go with him. If he says no, let it rest a few days and try again another way.",
        },
    ),
    # a roommate who takes one's food: 有没有啥办法 不撕破脸 / how do I stop my roommate eating my food
    _Request(
        "roommate_food",
        _patterns(
            r"(?=[^。]*(?:室友|舍友|合租))(?=[^。]*(?:吃|喝|拿|零食|东西|酸奶|外卖))(?=[^。]*(?:办法|怎么|咋|撕破脸|开口))",
            r"(?=.*\b(?:roommate|flatmate|housemate)s?\b)(?=.*\b(?:eat\w*|ate|food|snacks?|takes?|took|stealing)\b)"
            r"(?=.*\b(?:how (?:do|can|should) i|what (?:do|should|can) i|any (?:tips|ideas|advice)|without)\b)",
        ),
        {
            "zh": "可以先私下、平静地说一次，只说事实和你的需要，不扣帽子：“我柜子里的东西是我自己的，想吃可以先问我，"
            "我很多时候会愿意分。”给对方一个台阶，当是误会。再把公共和私人分开：宿舍定一格公用零食，你的东西放带锁的"
            "盒子或标上名字。要是说过还拿，再找宿舍一起定规矩，或者跟宿管、辅导员提，这不叫小气，是把边界说清楚。",
            "en": 'Say it once, privately and calmly, as a fact and a need rather than an accusation: "The stuff in my '
            "cupboard is mine; if you want some, just ask, and I'll often say yes.\" Let them save face by treating it as a "
            "misunderstanding. Then make the line visible: one shared snack shelf, your things labelled or in a box "
            "that locks. If it keeps happening after that, raise it as a house rule with everyone, or with the RA; "
            "that's not petty, it's a boundary.",
        },
        follow=_patterns(
            r"(?:有(?:没有|啥|什么)|什么)办法|不撕破脸|怎么(?:跟|和)?(?:她|他)(?:说|开口|提)",
            r"\b(?:any (?:tips|ideas|advice)|without (?:a fight|making it weird|being petty)|how do i (?:say|tell|bring))\b",
        ),
        about=_patterns(r"室友|舍友|合租", r"\b(?:roommate|flatmate|housemate)s?\b"),
    ),
    # a boss who messages late at night: 有冇方法同佢講又唔會得罪佢 / how do I tell my boss to stop texting at midnight
    _Request(
        "boss_after_hours",
        _patterns(
            r"(?=[^。]*(?:老板|老細|老细|上司|领导|主管|经理|boss))(?=[^。]*(?:半夜|凌晨|深夜|夜晚|晚上|下班后|瞓|睡|whatsapp|微信|消息|信息))"
            r"(?=[^。]*(?:方法|办法|点讲|點講|怎么说|同佢講|同佢讲|得罪|开口))",
            r"(?=.*\b(?:boss|manager|supervisor)\b)(?=.*\b(?:midnight|late at night|after hours|at night|weekends?|texts?"
            r"|messages?|whatsapp|slack)\b)(?=.*\b(?:how (?:do|can|should) i|without (?:offending|annoying|upsetting)"
            r"|any (?:tips|advice)|what (?:do|should) i say)\b)",
        ),
        {
            "zh": "先把睡眠护住：夜里开勿扰，只让家人的电话能打进来。第二天早上主动回一句：“昨晚看到了，我一早处理好，发你。”"
            "这样不会显得不理人。找个平常的时候跟上司提，说成工作安排而不是抱怨：“晚上的消息我可能第二天早上才看到，"
            "真有急事麻烦直接打电话给我，我一定接。”多数上司听到的是你靠谱，而不是你在顶撞。",
            "en": "Protect your sleep first: Do Not Disturb at night, with only family allowed through. Reply first thing "
            'in the morning ("Saw this last night, I\'ll have it to you by ten") so it never looks like you ignored '
            'it. Then, at a calm moment, frame it as how you work rather than a complaint: "I usually see late '
            "messages the next morning; if something's truly urgent, call me and I'll pick up.\" Most bosses hear "
            "reliability in that, not defiance.",
        },
        follow=_patterns(
            r"有(?:冇|没有|啥|什么)(?:咩)?(?:方法|办法)|(?:点|點)(?:讲|講)|同佢(?:讲|講)|唔会得罪|不得罪|又不得罪",
            r"\b(?:without (?:offending|annoying|upsetting) (?:him|her|them)|how do i (?:tell|say it to|bring it up with))\b",
        ),
        # the boss and the hours both named: a boss named alone ("how do i tell my boss i need time off") is not it
        about=_patterns(
            r"(?=[^。]*(?:老板|老細|老细|上司|领导|主管|boss))(?=[^。]*(?:半夜|凌晨|深夜|下班后|瞓|whatsapp|微信|消息|信息))",
            r"(?=.*\b(?:boss|manager|supervisor)\b)(?=.*\b(?:midnight|late at night|after hours|at night|texts?|messages?"
            r"|whatsapp|slack)\b)",
        ),
    ),
    # a daughter's first period with the parent who is there: what do I buy / wings? overnight? / what do I say to her
    _Request(
        "first_period",
        _patterns(
            r"(?=[^。]*(?:月经|例假|来事|大姨妈|初潮|生理期))(?=[^。]*(?:买什么|买啥|买哪种|怎么办|怎么说|怎么跟她|卫生巾|护翼|夜用))",
            r"(?=.*\b(?:first period|got her period|her period|periods?)\b)(?=.*\b(?:what do i (?:buy|get|say)|pads?"
            r"|tampons?|wings|overnight|how do i (?:talk|help|bring)|what (?:should|do) i (?:say|do))\b)",
        ),
        {
            "zh": "买普通日用的卫生巾就好，带护翼的不容易侧漏，再备几片夜用的（更长）晚上用；先别买卫生棉条。再备一条深色"
            "内裤、一个暖宝宝或热水袋，肚子疼可以热敷。跟她说的话可以很短：“这很正常，说明你在长大。有什么要买的、"
            "哪里不舒服，随时跟我说，不用不好意思。”然后给她空间，别追问，也别当着别人提。",
            "en": "Regular daytime pads with wings are the easy start (the wings stop leaks), plus a few overnight ones, "
            "which are longer, for bed; skip tampons for now. Add a spare pair of dark underwear and a heating pad or hot "
            "water bottle for cramps. What to say can be short: \"This is totally normal, it means you're growing up. "
            "Anything you need, just tell me or text me, no awkwardness.\" Then give her space, don't make a big thing "
            "of it, and don't mention it in front of others.",
        },
        follow=_patterns(
            r"护翼|夜用|日用|卫生巾|跟她说什么|怎么跟她说",
            r"\b(?:wings|overnight|pads?|what do i say to her)\b",
        ),
        about=_patterns(r"月经|例假|初潮|生理期|大姨妈", r"\b(?:first period|her period)\b"),
        checked=False,
    ),
    # a roommate's snoring raised kindly: 有啥办法能委婉点跟他提 / how do I tell my roommate he snores
    _Request(
        "snoring",
        _patterns(
            r"(?=[^。]*(?:打呼|打鼾|呼噜|鼾声))(?=[^。]*(?:怎么|咋|办法|委婉|说|提|开口))",
            r"(?=.*\bsnor\w*)(?=.*\b(?:how (?:do|can|should) i|what (?:do|should|can) i|any (?:tips|ideas|advice)"
            r"|tell (?:him|her|them)|bring (?:it )?up)\b)",
        ),
        {
            "zh": "可以挑个白天、两个人都轻松的时候，半开玩笑地提：“兄弟，你晚上呼噜有点猛，我这周老睡不着，咱们一起想想办法？”"
            "侧着睡、枕头垫高一点、睡前不喝酒，有时会好很多；天天打得很响，也值得他去医院看看。你这边，耳塞要捏细了塞深，"
            "或者用睡眠耳机放白噪音。真不行再找辅导员商量调宿舍，这不是闹翻，是为了两个人都睡得好。",
            "en": "Pick a relaxed moment in the daytime and keep it light: \"Hey, your snoring's been epic this week and "
            "I'm barely sleeping; can we figure something out?\" Sleeping on his side, a higher pillow or no alcohol "
            "before bed sometimes helps a lot, and snoring that loud every night is worth mentioning to a doctor. On "
            "your side, foam earplugs rolled thin and pushed in deep, or white noise through sleep headphones, take the "
            "edge off. If nothing works, asking for a room change isn't a falling-out; it's so you both sleep.",
        },
        follow=_patterns(
            r"委婉|(?:怎么|咋|如何)(?:跟|和|对)?[他她](?:说|提|讲|开口)|(?:跟|和)[他她](?:说|提|讲)",
            r"\b(?:how (?:do|can|should) i (?:tell|bring it up|say it|ask) (?:him|her|them)?|nicely|without (?:being rude"
            r"|hurting))\b",
        ),
        about=_patterns(r"打呼|打鼾|呼噜|鼾声", r"\bsnor\w*"),
    ),
    # whether saying sorry admits the fault: 先道歉会不会显得全是我们的责任 / does apologizing mean admitting it
    _Request(
        "apology_fault",
        _patterns(
            r"(?:道歉|说对不起|赔不是)[^。？?]{0,12}(?:显得|等于|算|就是|会不会|是不是)[^。？?]{0,10}(?:责任|认错|的错|承认|理亏)",
            r"\b(?:apologi[sz]\w*|saying sorry|say sorry)\b[^.?!]{0,40}\b(?:admit\w*|fault|blame|liab\w*|guilty)\b",
        ),
        {
            "zh": "道歉不等于认下全部责任。可以先为发生的事、为对方的担心和难受道歉，而不是给“谁的错”下结论，比如："
            "“这件事让您担心了，真的很抱歉。”然后讲清楚已经做了什么、接下来会怎么做，再留个联系方式让对方随时问。"
            "对方在气头上时，先让她把话说完，不争辩，等她说完再讲事实。",
            "en": "An apology doesn't have to admit all the blame. Say sorry for what happened and for how worried or "
            "upset they've been, not for whose fault it was: \"I'm really sorry this happened and that it's caused you "
            'so much worry." Then say what has been done and what happens next, and give them a way to reach you. If '
            "they're angry, let them finish before you explain the facts.",
        },
    ),
    # sleeping after a night shift: 下夜班到底怎么睡 / how do I sleep during the day after nights
    _Request(
        "day_sleep",
        _patterns(
            r"(?=[^。]*(?:下夜班|夜班|大夜|值班|通宵|白天睡))(?=[^。]*(?:怎么睡|咋睡|睡不着|睡不好|补觉|入睡|怎么办))",
            r"(?=.*\b(?:night shifts?|nights? shift|overnight shift|after (?:my |a )?(?:shift|nights)|(?:sleep|sleeping)"
            r" (?:in|during) the day|day ?sleep)\b)(?=.*\b(?:how (?:do|can|should) (?:i|you)|tips|can'?t sleep|sleep)\b)",
        ),
        {
            "zh": "下夜班回家路上戴个墨镜，少见强光；到家别刷手机，洗个澡就睡。卧室尽量弄黑：遮光帘或眼罩，再加耳塞、"
            "手机静音。可以先睡一整块四到五个小时，下午再补一小觉，每次下班后的作息尽量固定。下班前几个小时别喝咖啡、"
            "浓茶，饿了吃点清淡的再睡。长期倒班睡不好，也可以跟医生说说。",
            "en": "On the way home, sunglasses keep the morning light from waking you up; skip the screens and go "
            "straight to bed. Make the room as dark as you can, with blackout blinds or an eye mask, plus earplugs "
            "and your phone on silent. Many people do best with one block of four or five hours and a short nap "
            "later, at about the same times after each shift. No coffee in the last few hours of the shift, and a "
            "light snack rather than a big meal before bed. If shift work keeps wrecking your sleep, a doctor can help.",
        },
    ),
    # saying sorry to someone close while both are still cross: 怎么跟老婆道歉 / how do you apologize to your wife
    _Request(
        "apology",
        _patterns(
            r"(?=[^。]*(?:道歉|认错|赔不是|赔个不是|哄(?:她|他|老婆|老公|女朋友|男朋友|对象)))(?=[^。]*(?:怎么|咋|如何|该说|开口|说什么))",
            r"\bhow (?:do|can|should|would) (?:i|you) (?:apologi[sz]e|say sorry|make (?:it|this) up)\b"
            r"|\bapologi[sz]e to (?:my |your )?(?:wife|husband|partner|girlfriend|boyfriend|gf|bf|mom|mum|dad|friend)\b",
        ),
        {
            "zh": "道歉越具体越好：说清楚你对不起的是哪件事，而不是笼统一句“对不起行了吧”；再说说你理解对方为什么生气，"
            "先别急着解释自己当时为什么那样。两个人都还有气的时候，可以先说一句“我想好好跟你说，等你愿意的时候”，"
            "给点时间。最后说说下次你会怎么做，道歉才落到实处。",
            "en": "Make it specific: name the one thing you're sorry for, then say what you think it was like for them, "
            "and hold off on explaining your side for now. If you're both still prickly, it's fine to say \"I want "
            "to talk about this properly when you're ready\" and give it a little time. Finish with what you'll do "
            "differently; that's the part that makes an apology land.",
        },
    ),
    # an old parent who should stop driving: 老人开车这事一般怎么劝 / how do I get my dad to stop driving
    _Request(
        "elderly_driving",
        _patterns(
            r"(?:老人|老爸|我爸|我妈|父亲|母亲|爷爷|奶奶|姥爷|外公|老头|老太太)[^。？?]{0,14}(?:开车|驾驶)[^。？?]{0,12}"
            r"(?:劝|怎么办|怎么说|咋办|咋说|别开|不开)|(?:劝|怎么让|咋让)[^。？?]{0,8}(?:老人|我爸|爸|妈|老人家)[^。？?]{0,6}"
            r"(?:别|不要|不再|少)开车",
            r"\b(?:dad|father|mom|mum|mother|grandpa|grandma|grandfather|grandmother|parents?)\b[^.?!]{0,40}"
            r"\b(?:driv\w*)\b[^.?!]{0,40}\b(?:how|convince|persuade|talk (?:him|her|them) out|get (?:him|her|them) to stop)\b"
            r"|\b(?:how|convince|persuade)\b[^.?!]{0,30}\b(?:him|her|them|dad|mom|mum)\b[^.?!]{0,10}\bstop driving\b",
        ),
        {
            "zh": "劝老人少开车，最容易谈崩的就是“你老了”。可以换成安全和体面来谈：先认他几十年开车的本事，再只说具体的事"
            "（刮了车、一只眼还没做手术），不翻旧账；请医生在体检或眼科复查时讲讲视力和开车的关系，往往比子女说更听得进去；"
            "也可以先从不开夜车、不上高速、只开熟路开始，再把他钓鱼、买菜这些出门的需要安排好，他才不觉得被收走了自由。",
            "en": 'The talk that goes worst is the one that sounds like "you\'re too old". Make it about safety and '
            "dignity instead: acknowledge how long he's driven well, then name specific things (the scrape, the eye "
            "that hasn't been treated yet) without a list of old grievances. A doctor raising vision and driving at a "
            "check-up is often heard better than family. Steps can help too: no night driving, no motorways, only "
            "familiar roads, while you sort out other ways for him to get to the places that matter, so it doesn't "
            "feel like his freedom is being taken.",
        },
    ),
    # a tomato plant's yellow leaves or side shoots: 番茄叶子发黄 / should I pinch off the side shoots
    _Request(
        "tomatoes",
        _patterns(
            r"(?=[^。]*(?:番茄|西红柿|圣女果))(?=[^。]*(?:黄|打杈|侧枝|侧芽|浇水|掐|剪|怎么办|正常))",
            r"(?=.*\btomato\w*)(?=.*\b(?:yellow\w*|side ?shoots?|suckers?|pinch\w*|prun\w*|water\w*|killing them)\b)",
        ),
        {
            "zh": "番茄最下面的老叶发黄，长大的时候常有，剪掉就行；但要是盆栽天天浇水，根可能泡坏了：等表面几厘米的土干了"
            "再浇透，早上浇，浇在根部。打杈看品种：长得高、一直往上爬的小番茄，掐掉大部分侧芽，果子少一点但更大，"
            "植株也整齐；留一些，果子会更多更小。怎么选都会结果，不用太紧张。",
            "en": "Yellowing bottom leaves are common as tomato plants grow; you can just snip them. But watering pots "
            "every day can drown the roots: water deeply when the top few centimetres of soil are dry, in the "
            "morning, at the base. Side shoots depend on the type: on tall, vining cherry tomatoes, pinching most of "
            "them gives fewer, bigger fruit and a tidier plant; leaving some gives more, smaller ones. Either way "
            "they'll fruit, so there's no wrong answer here.",
        },
        follow=_patterns(
            r"打杈|侧枝|侧芽|叶子(?:发)?黄|黄叶|浇水|掐掉|剪掉",
            r"\b(?:side ?shoots?|suckers?|pinch\w*|prun\w*|yellow\w* leaves|leaves (?:are )?(?:going |turning )?yellow"
            r"|water(?:ing)? (?:them|it) (?:like )?every day)\b",
        ),
        about=_patterns(r"番茄|西红柿|圣女果", r"\btomato\w*"),
        checked=False,
    ),
    # a child's late change of mind: 孩子临时改志愿正常吗 / is it normal for a kid to change their mind this late
    _Request(
        "late_change",
        _patterns(
            r"(?:改主意|变卦|改志愿|换专业|想法变了|突然不想)[^。？?]{0,14}(?:正常|常见|很多)",
            r"\b(?:normal|common|usual)\b[^.?!]{0,40}\bchange (?:their|her|his|your) minds?\b"
            r"|\bchang\w* (?:their|her|his) minds?\b[^.?!]{0,30}\b(?:normal|common|this late)\b",
        ),
        {
            "zh": "很常见。很多孩子要到截止日期逼近、事情变得真实的时候，才看清自己想要什么；这么晚提出来，往往说明她已经想了"
            "一阵子，不是一时兴起。时间紧但还来得及：先问问她是被什么吸引的、申请要准备什么，再一起看看能不能两边都试试。",
            "en": "It's very common. A lot of teenagers only find out what they really want when a deadline makes it "
            "real, and a change this late often means they've been thinking about it for a while, not that it's a "
            "whim. Time is tight but workable: ask what draws them to it and what the application needs, and look "
            "together at whether both paths can stay open.",
        },
        checked=False,
    ),
    # helping a child quit vaping or smoking: 有什么办法能让孩子戒掉电子烟 / anything that actually helps kids quit?
    # (one's own quitting is not asked here)
    _Request(
        "quit_nicotine",
        _patterns(
            r"(?=[^。]*(?:电子烟|烟|尼古丁))(?=[^。]*(?:戒(?:掉|了)?|不抽))(?=[^。]*(?:办法|怎么|咋|有用|管用|帮))"
            r"(?=[^。]*(?:孩子|儿子|女儿|他|她))",
            r"(?=.*\b(?:vap\w*|vapes?|smok\w*|cigarettes?|nicotine|juul|quit)\b)"
            r"(?=.*\b(?:help\w*|how (?:do|can|to)|any (?:way|tips|advice)|what works)\b[^.?!]{0,40}\bquit)"
            r"(?=.*\b(?:kids?|teens?|teenagers?|son|daughter|him|her|he|she|child)\b)",
        ),
        {
            "zh": "先弄清楚他为什么抽：解压、合群，还是好奇，再跟他一起想替代的办法。可以平静地告诉他，电子烟里大多有尼古丁，"
            "不只是“水蒸气”，会上瘾，戒起来要靠计划：定一个开始的日子，想好想抽的时候做什么，少去总抽的场合。"
            "也可以找医生或学校的校医聊聊，他们有专门帮青少年戒烟的办法；如果你自己戒过，说说当年有多难，比讲道理更能让他听进去。",
            "en": "Start with why he vapes: stress, fitting in, or curiosity, and look for swaps together. You can tell "
            'him calmly that most vapes carry nicotine, not just "water vapour", and nicotine hooks fast; quitting '
            "works best with a plan: a quit day, something to do when the urge comes, fewer of the places where "
            "everyone vapes. His doctor or the school nurse can help, and there are free quit programmes for teens, "
            "some by text message. If you ever quit something yourself, how hard it was may reach him better than rules.",
        },
    ),
    # what to tell children about a loss, a separation or an illness: 怎么跟孩子说 / what do I tell the kids
    _Request(
        "tell_kids",
        _patterns(
            r"(?:怎么|如何|怎样)(?:跟|和|对|向)(?:孩子|小孩|儿子|女儿|俩孩子|两个孩子)(?:们)?(?:说|讲|解释|开口|交代)"
            r"|(?:跟|和|对)(?:孩子|小孩)(?:们)?(?:该|要)?(?:怎么|咋)(?:说|讲|解释|开口)"
            r"|(?:要不要|该不该|怎么)(?:告诉|瞒着)(?:孩子|小孩)",
            r"\b(?:what|how) (?:do|should|would|can|will) i (?:even |ever )?(?:tell|explain (?:it|this|that)? ?to"
            r"|say to) (?:the|my|our) (?:kids|children|son|daughter|boys|girls|little ones)\b"
            r"|\b(?:tell|telling|explain\w*) (?:it |this |that )?(?:to )?(?:the|my|our) (?:kids|children)\b[^.?!]{0,30}\?",
        ),
        {
            "zh": "跟孩子说，用简单、真实的话，平静地说，能的话两个大人一起说：发生了什么；哪些不会变（住哪儿、谁接送上学、"
            "爸爸妈妈都还爱他们）；这不是他们的错；有什么都可以随时问。不用准备好所有答案，“这个我也还不知道，知道了就"
            "告诉你”就够了。之后留意他们的反应，问题常常在睡前才冒出来。",
            "en": "Kids do best with the truth in simple words, said calmly, and together if you can: what happened; "
            "what stays the same (where they sleep, who takes them to school, that they're loved); that it is not "
            "their fault; and that they can ask anything, any time. You don't need every answer: \"I don't know yet, "
            "and I'll tell you when I do\" is enough. Then watch for questions later; they often come at bedtime.",
        },
    ),
    # a cover letter or a CV: 求职信怎么写 / how do I write a cover letter the Canadian way
    _Request(
        "cover_letter",
        _patterns(
            r"(?:求职信|自荐信|推荐信|简历|(?i:cover letter|cv|resume))[^。？?]{0,12}(?:怎么写|怎么改|如何写|咋写|要注意|有什么讲究)"
            r"|(?:怎么|如何)(?:写|改)(?:求职信|自荐信|简历|(?i:cover letter|cv|resume))",
            r"\b(?:write|writing|do|fix|improve|tailor|format)\b[^.?!]{0,24}\b(?:cover letters?|resumes?|résumés?|cvs?)\b"
            r"|\b(?:cover letters?|resumes?|résumés?|cvs?)\b[^.?!]{0,30}\b(?:tips|advice|how|look like|supposed to)\b",
        ),
        {
            "zh": "简历和求职信都是一页以内最好。求职信开头写应聘的职位和你为什么想来这家公司；中间两三段，挑最相关的两三件成果，用数字说话"
            "（项目规模、省下的钱、带过的人）；最后一句表示希望有机会面谈。每投一家都按职位描述改一改，用上对方写的关键词。",
            "en": "Keep it to one page, to a named person if you can find one. Open with the role and one line on why this "
            "company; then two or three short paragraphs of results with numbers (budgets, schedules, teams), put in "
            "the terms hiring managers there know: local titles, standards and licences, and where you stand on "
            "yours. Close by asking for a conversation. Tailor it to each posting with its own keywords; newcomer "
            "employment services and many libraries will look over a letter for free.",
        },
        checked=False,
    ),
    # a car broken down on a fast road: 车在高速上抛锚了 / my car died on the interstate
    _Request(
        "roadside",
        _patterns(
            r"(?:高速|高架|快速路|国道)[^。？?]{0,12}(?:抛锚|熄火|坏了|打不着|爆胎|没油)"
            r"|(?:抛锚|熄火|爆胎)[^。？?]{0,10}(?:高速|高架|快速路|国道)",
            r"\b(?:car|engine|truck|van|tire|tyre)\b[^.?!]{0,20}\b(?:died|dead|broke down|broken down|stalled|blew|blown"
            r"|won'?t start|wont start|quit|overheated)\b[^.?!]{0,40}\b(?:highway|interstate|freeway|motorway|expressway"
            r"|shoulder|hard shoulder|i-\d+)\b|\b(?:highway|interstate|freeway|motorway|expressway|shoulder)\b[^.?!]{0,40}"
            r"\b(?:car|engine|truck|van)\b[^.?!]{0,20}\b(?:died|dead|broke down|stalled|won'?t start|wont start)\b",
        ),
        {
            "zh": "先顾人：打开双闪；人从远离车流的那一侧下车，站到护栏外面去，别待在车里或车旁边；安全的话，在车后远一点"
            "的地方放好三角警示牌。然后打报警电话或保险公司的道路救援，说清楚你在哪条路、哪个方向、附近的公里牌。车可以慢慢"
            "弄，人最要紧。",
            "en": "People first: hazard lights on; if you can get out safely, leave on the side away from traffic and "
            "wait behind the barrier or well up the bank, not in or beside the car. Then call roadside assistance, or "
            "the emergency number if you're stuck somewhere dangerous, and give the road, the direction and the "
            "nearest exit or mile marker. The car can wait; you matter more.",
        },
        checked=False,
    ),
    # how to speak up in meetings: 开会的时候怎么敢发言 / how do I speak up in meetings
    _Request(
        "speak_up",
        _patterns(
            r"开会[^。？?]{0,10}(?:发言|说话|开口|怂|不敢|憋回去)|(?:发言|开口)[^。？?]{0,6}(?:怂|不敢|憋回去)",
            r"\bspeak(?:ing)? up\b[^.?!]{0,20}\bmeetings?\b|\bmeetings?\b[^.?!]{0,30}\b(?:speak up|say anything"
            r"|too (?:shy|scared|nervous) to)\b",
        ),
        {
            "zh": "可以从很小的一步开始：开会前把想说的一句话写下来，争取在前十分钟里说出口，哪怕只是接着别人的话补一句；"
            "也可以会前先跟主持的人说一声“我有个想法想提一下”。开过一两次口，后面会容易很多。",
            "en": "Start small: write down one thing you want to say before the meeting and aim to say it in the first "
            "ten minutes, even if it's building on someone else's point; or tell whoever runs it beforehand that you'd "
            "like to raise something. Once you've spoken once or twice, it gets much easier.",
        },
    ),
    # an old animal losing its sight: what can I do to make things easier for her / 狗眼睛看不见了怎么照顾
    _Request(
        "blind_pet",
        _patterns(
            r"(?=[^。]*(?:狗|猫|它|狗狗|猫咪))(?=[^。]*(?:看不见|看不清|失明|瞎了|白内障))(?=[^。]*(?:怎么|咋|办法|能做|照顾|帮))",
            r"(?=.*\b(?:blind|cataracts?|can'?t see|losing (?:her|his|its) (?:sight|vision))\b)(?=.*\b(?:what can i do"
            r"|how (?:can|do|should) i|make (?:things|it|life) easier|help (?:her|him|them)|should i)\b)",
        ),
        {
            "zh": "狗狗靠鼻子和耳朵，适应得往往比人想的快。家具尽量别挪，食盆水盆放固定位置；桌角用防撞条包一下，楼梯口"
            "装个护栏。碰它之前先出声叫名字，别吓着它；散步走老路线，用固定的口令，比如“慢点”“台阶”。地毯和气味也能当"
            "路标，比如在门口放块小垫子。要是眼睛发红、像是疼，或者总用爪子揉眼，就早点带去看兽医。",
            "en": "Dogs lean on their nose and ears, and most adjust better than we fear. Yes, keep the furniture where it "
            "is, and the bowls and bed in fixed spots; pad sharp corners and gate the stairs. Say their name before you "
            'touch them so they aren\'t startled, keep to the same walking routes, and use the same short cues ("step", '
            '"easy"). A rug or a scent by the door can mark the way. If the eyes look red or sore, or they paw at '
            "them, see the vet soon.",
        },
        follow=_patterns(
            r"(?:怎么|咋|能)(?:让|帮)?(?:它|她|他)(?:好过|方便|舒服)|家具",
            r"\b(?:make (?:things|it|life) easier for (?:her|him|them)|move (?:the )?furniture|furniture around)\b",
        ),
        about=_patterns(r"看不见|失明|白内障|瞎了", r"\b(?:blind|cataracts?|losing (?:her|his|its) sight)\b"),
    ),
    # what to say to the family at a funeral: what do you even say to his wife / 葬礼上跟家属说什么
    _Request(
        "condolence",
        _patterns(
            r"(?=[^。]*(?:葬礼|追悼会|告别仪式|灵堂|家属|他老婆|她老公|他妻子|他太太|遗孀))(?=[^。]*(?:说什么|怎么说|该说|说啥|怎么开口))",
            r"(?=.*\b(?:funeral|wake|memorial service|widow(?:er)?|condolences?|shiva|visitation)\b)"
            r"(?=.*\bwhat (?:do|should|would|can) (?:you|i|people) (?:even )?say\b|.*\bwhat to say\b)",
        ),
        {
            "zh": "不用准备大道理，短而真就好：先说你是谁、跟逝者的关系，再说一句“他（她）对我很重要，我特别难过”。再加一件"
            "具体的小事，比如他常说的一句话，家属往往最想听到这些。说不出话也没关系，握握手、点点头、在场就够了。别说“节哀”就走，也不用"
            "问细节；要是真心想帮，可以说“以后有什么需要搭把手的，跟我说”。",
            "en": 'Keep it short and true: say who you are to them, then "He meant a lot to me, and I\'m so sorry." Then '
            "one small real memory, a thing they always said or did; families treasure those. If words "
            "don't come, a handshake and being there is enough. You don't need to ask about what happened, and if you "
            "mean it, \"If there's ever anything I can help with, I'd like to\" is a kind thing to add.",
        },
        checked=False,
    ),
    # quitting smoking: 戒烟有没有实用的办法 / any tips to quit smoking, how long do cravings last
    _Request(
        "quit_smoking",
        _patterns(
            r"(?=[^。]*(?:戒烟|烟瘾|想抽烟|不抽烟))(?=[^。]*(?:办法|怎么|咋|技巧|实用|多久|熬))",
            r"(?=.*\b(?:quit(?:ting)? smoking|cravings?|nicotine|cigarettes?|smoking)\b)(?=.*\b(?:tips|how (?:do|can) i"
            r"|how long|any (?:advice|ideas)|what (?:helps|works)|practical)\b)",
        ),
        {
            "zh": "烟瘾一阵一阵来，一次一般就几分钟，熬过去就过了；头三到五天最难，两到四周会明显轻松。手上别闲着：身边"
            "备点瓜子、牙签或者一个握力球，空下来就起身走两圈、做几个深呼吸。把跟抽烟绑在一起的时刻换掉，比如饭后"
            "先喝口水、嚼点东西。尼古丁贴片或口香糖药店能买，剂量按说明或问药师；也可以打戒烟热线12320，或者去医院"
            "戒烟门诊。",
            "en": "A craving comes in waves and each one passes in a few minutes; days three to five are usually the worst, "
            "and it eases a lot over two to four weeks. Keep your hands busy: sunflower seeds, toothpicks or a stress "
            "ball within reach, and a short walk or a few slow breaths when one hits. Swap the old trigger moments for "
            "something else, like water after meals or a walk on your break. Nicotine patches or gum help many people; a pharmacist can "
            "tell you how to use them, and quitlines (1-800-QUIT-NOW in the US) are free.",
        },
        follow=_patterns(
            r"(?:要|得)?熬多久|多久(?:才|能)?(?:过去|好)|这个劲儿|(?:实用|管用)的?办法|有(?:没有|啥|什么)办法",
            r"\bhow long (?:does|do|will) (?:it|this|they)\b|\b(?:any|practical) (?:tips|advice|ideas)\b",
        ),
        about=_patterns(r"戒烟|烟瘾", r"\b(?:quit(?:ting)? smoking|cravings?|nicotine)\b"),
    ),
    # fear of flying: what do I do when the plane starts shaking / 怕坐飞机 颠簸怎么办
    _Request(
        "fear_of_flying",
        _patterns(
            r"(?=[^。]*(?:飞机|坐飞|航班|颠簸|气流))(?=[^。]*(?:怕|紧张|慌|办法|怎么办|怎么|咋))",
            r"(?=.*\b(?:plane|flight|flying|fly|turbulence|airplane)\b)(?=.*\b(?:how do (?:people|i)|what (?:do|should|can)"
            r" i|deal with|cope|practically|tips|starts? shaking)\b)",
        ),
        {
            "zh": "颠簸对飞机来说就像车过减速带，机身本来就是为这个设计的，很少有危险。真颠起来：系好安全带，脚平放地上，"
            "慢慢吸气数四下、呼气数六下；看着一个固定的点，或者默数从一百往回数，给大脑一件事做。选靠前、机翼附近的位子会"
            "平稳些。登机时跟空乘说一句“我有点怕飞”完全没问题，他们天天遇到，通常会多照看你。",
            "en": "Turbulence is to a plane what a bumpy road is to a car: uncomfortable, and built for. When it shakes, "
            "keep your belt on, feet flat on the floor, and breathe in for four, out for six; fix your eyes on one spot "
            "or count back from 100 to give your brain a job. Seats over the wing feel the bumps least. And it's not "
            "weird at all to tell the flight attendant you're a nervous flyer; they hear it every day and usually "
            "check on you.",
        },
        follow=_patterns(r"空乘|空姐", r"\bflight attendant\b|\bcrew\b"),
        about=_patterns(r"坐飞机|怕飞|航班", r"\b(?:fly|flying|flight|plane|turbulence)\b"),
        checked=False,
    ),
    # a simple fish supper a child can help with: an easy way to cook bluegill / 钓的鱼怎么做简单
    _Request(
        "cook_fish",
        _patterns(
            r"(?=[^。]*鱼)(?=[^。]*(?:怎么做|咋做|怎么烧|怎么弄|做法|好吃))",
            r"(?=.*\b(?:fish|bluegill|crappie|perch|trout|bass|catch)\b)(?=.*\b(?:cook|fry|recipe|grill)\w*\b)"
            r"(?=.*\b(?:how|easy|way|what)\b)",
        ),
        {
            "zh": "小鱼最简单的是香煎：去鳞去内脏洗净，两面划几刀，抹点盐和料酒腌十分钟，裹一层薄面粉，油热了中火每面煎"
            "三四分钟到金黄。孩子可以负责拌面粉、裹鱼、挤柠檬，大人管刀和热油。",
            "en": "Pan-fried fillets are the easy win: pat them dry, season with salt and pepper, dredge in cornmeal or "
            "flour, and fry in a little hot oil two or three minutes a side until golden and flaky. A kid can "
            "run the dredging station and squeeze the lemon while you handle the knife and the hot pan.",
        },
        checked=False,
    ),
    # a pause in snoring asked about: 打着打着突然停住 是不是有问题 / he stops breathing while snoring
    _Request(
        "sleep_apnoea",
        _patterns(
            r"(?=[^。]*(?:打呼|打鼾|呼噜))(?=[^。]*(?:突然停|停住|停一下|憋气|不喘气|没气))",
            r"(?=.*\bsnor\w*)(?=.*\b(?:stops? breathing|pauses?|gasp\w*|chok\w*|stops? for)\b)",
        ),
        {
            "zh": "打呼噜中间突然停住、过一会儿又猛地喘一下，可能是睡眠呼吸暂停，挺常见，也值得重视：它会让人白天犯困、"
            "血压升高。可以挂医院的睡眠科或呼吸科、耳鼻喉科，做一晚睡眠监测就能查清楚，治疗办法也很成熟。手机录一段"
            "打呼的声音带去，医生很用得上。",
            "en": "Snoring with pauses, then a gasp, can be sleep apnoea: common, and worth taking seriously, since it "
            "leaves people drained in the day and raises blood pressure. A doctor can refer him for a sleep study, often "
            "done at home overnight, and the treatments work well. A recording of the snoring on a phone helps the doctor.",
        },
        follow=_patterns(
            r"(?:突然|一下)(?:停|不出声)|停住|憋气|不喘气",
            r"\b(?:stops? breathing|pauses?|gasps?|stops? for a)\b",
        ),
        about=_patterns(r"打呼|打鼾|呼噜", r"\bsnor\w*"),
        checked=False,
    ),
)


#: a pet's nights asked of with no animal named, in a session about one: 第一晚怎么办 / any tips for the first night
_PET_NIGHT_BARE = _patterns(
    r"^(?!.*我)(?=.*(?:怎么办|咋办|正常吗|怎么哄|有什么办法|怎么弄))"
    r".*(?:第一晚|第一个晚上|(?:晚上|夜里|半夜)[^。？?]{0,4}(?:一直|总是|老是)?(?:哭|叫|嚎))",
    r"^(?!.*\b(?:i|i'm|im|me)\b).*(?:\bfirst night\b|\b(?:cries|crying|whin\w+|howl\w*) (?:all night|at night)\b)",
)


#: an animal off its food asked of with no animal named, in a session about one (not the person's own eating)
_PET_FOOD_BARE = _patterns(
    r"^(?!.*我(?:也|都|就|现在|最近)?(?:不想吃|吃不下|不吃|没吃))(?=.*(?:怎么办|咋办|正常吗|担心|要紧|要不要|严重))"
    r".*(?:不吃|不怎么吃|不肯吃|没吃东西|吃得很少)",
    r"^(?!.*\b(?:i|i've|i'm|im)\s+(?:also |just |have |haven'?t |can'?t |am not |'m not )?(?:stopped eating|not eating"
    r"|eaten|eat)\b).*\b(?:stopped eating|won'?t eat|isn'?t eating|not eating|hasn'?t eaten|off (?:his|her|its) food)\b",
)


#: the requests that answer a question about one medicine in full (its use and its common side effects)
_KNOWN_MEDICINES = tuple(r for r in _REQUESTS if r.name in ("minoxidil",))


def known_medicine(message: str, language: str) -> tuple[str, str] | None:
    """The id and the line for a question about a medicine with an answer of its own ("米诺地尔到底管不管用"), or None:
    only those requests are read, not every one (:func:`requested`)."""
    lang = "zh" if language == "zh" else "en"
    folded = fold(message)
    found = next((r for r in _KNOWN_MEDICINES if r.asked[lang].search(folded)), None)
    return (f"{lang}.{found.name}", found.line[lang]) if found else None


#: the requests answered before a choice is weighed, asked or followed up
_URGENT = frozenset(
    {
        "assess",
        "which_doctor",
        "who_to_tell_young",
        "see_doctor",
        "flag_mistake",
        "other_at_risk_far",
        "other_at_risk_now",
        "abuse_nearby",
        "delirium",
        "other_at_risk_say",
        "other_at_risk_calm",
        "other_at_risk_private",
        "other_at_risk_alone",
        "other_at_risk_going",
        "other_at_risk",
        "report_stalking",
        "dispute_route",
    }
)
#: urgent answers of a general kind, given only where no request of a more specific kind is asked
_GENERAL = frozenset({"assess", "which_doctor"})
_URGENT_FIRST = tuple(r for r in _REQUESTS if r.name in _URGENT)
_REST = tuple(r for r in _REQUESTS if r.name not in _URGENT)
#: the requests a follow-up may ask for without naming their subject (both ``follow`` and ``about`` given)
_FOLLOWED = tuple(r for r in _REQUESTS if r.follow and r.about)


def subjects(message: str) -> list[str]:
    """The requests whose subject ``message`` names, in either language (see ``_Request.about``): "宿舍有个哥们打呼噜"
    -> ["snoring"]."""
    folded = fold(message)
    return [r.name for r in _FOLLOWED if any(p.search(folded) for p in r.about.values())]


#: the requests whose answer is information, not a step to try: never followed by "will you try it?"
UNCHECKED = frozenset(r.name for r in _REQUESTS if not r.checked)


def abuse_nearby(message: str) -> bool:
    """``message`` tells of violence at a neighbour's or a friend's home (a thud and her crying, bruises hidden):
    no quarrel of the speaker's own."""
    folded = fold(message)
    return any(pattern.search(folded) for pattern in _ABUSE.values())


def urgent(line_id: str) -> bool:
    """The line (``zh.abuse_nearby``, ``en.abuse_nearby.part``) answers a request that keeps someone safe (see
    :data:`_URGENT`)."""
    parts = line_id.split(".")
    return len(parts) > 1 and parts[1] in _URGENT


def requested(
    message: str, language: str, pet: bool = False, subjects: tuple[str, ...] | list[str] = ()
) -> tuple[str, str] | None:
    """The id and the line that answer what ``message`` asks for, when it asks for one of :data:`_REQUESTS` or
    puts a choice to the bot (:func:`weigh_choice`, then :func:`weigh_one` for a yes or no); None otherwise. A
    doctor's visit is answered before a choice: "should I see a doctor or is that overkill" gets a yes. ``pet``:
    the session is about an animal of the person's, whose nights may be asked of without naming it; ``subjects``:
    what the last few turns were about (see :func:`subjects`), for a follow-up that names none."""
    lang = "zh" if language == "zh" else "en"
    folded = fold(message)
    # a doctor's visit, a patient at risk and someone close at risk before a choice is weighed ("should i call her
    # mum or is that overstepping" after the warning signs is answered: yes)
    for asked in _URGENT_FIRST:
        if asked.asked[lang].search(folded):
            if asked.name in _GENERAL and any(
                r.asked[lang].search(folded) for r in _REQUESTS if r.name not in _GENERAL and r is not asked
            ):
                continue  # "挂什么科" after a heart check, "是不是抑郁 要不要带他去看看": the specific answer first
            return f"{lang}.{asked.name}", asked.line[lang]
    for asked in _URGENT_FIRST:
        if asked.follow and asked.name in subjects and asked.follow[lang].search(folded):
            return f"{lang}.{asked.name}", asked.line[lang]
    if weighed := weigh_choice(message, lang):
        return f"{lang}.weigh", weighed  # "先找工作还是再考一年": the choice is theirs, thought through
    found = next((r for r in _REST if r.asked[lang].search(folded)), None)
    if found is None and subjects and _ASKING.search(folded):
        # a follow-up asks something: "刚刚哄睡的时候乐乐突然抱着我脖子说 妈妈 不咬" after the night-waking answer is a
        # moment told, not another question about sleep
        found = next((r for r in _FOLLOWED if r.name in subjects and r.follow[lang].search(folded)), None)
    if found is None and pet and _PET_NIGHT_BARE[lang].search(folded):
        found = next(r for r in _REST if r.name == "pet_night")
    if found is None and pet and _PET_FOOD_BARE[lang].search(folded):
        found = next(r for r in _REST if r.name == "pet_food")  # "Biscuit stopped eating since yesterday"
    if found:
        return f"{lang}.{found.name}", found.line[lang]
    if weighed := weigh_one(message, lang):
        return f"{lang}.weigh_one", weighed  # "要不要跟我老婆坦白": theirs to decide, thought through
    return None


#: a message that asks something: a question mark or particle, a question word, a request
_ASKING = re.compile(
    r"[?？吗呢嘛]|怎么|咋|如何|能不能|可不可以|可以|要不要|该不该|什么|啥|哪|多少|多久|多长|几|有没有|求|帮我|建议"
    r"|(?a:\b(?:how|what|which|where|when|should|can|could|would|do|does|did|is|are|any|tips|help|advice)\b)",
    re.IGNORECASE,
)
#: asking where to begin or what to do, in so many words: 我该从哪开始 / where do I even start
_WHERE_TO_START = re.compile(
    r"从哪(?:里|儿)?(?:开始|下手|入手)|(?:我)?(?:该|应该|要)怎么办|怎么办才好"
    r"|(?a:\bwhere (?:do|should|would) i (?:even )?(?:start|begin)\b|\bwhat (?:do|should) i do\b|\bwhat now\b)",
    re.IGNORECASE,
)


def asks_for_help(message: str) -> bool:
    """``message`` asks for something a suggestion answers: a request of :data:`_REQUESTS`, a choice or a yes or
    no put to the bot, how to say something, or where to begin, in Chinese or English."""
    folded = fold(message)
    return (
        any(r.asked[lang].search(folded) for r in _REQUESTS for lang in ("zh", "en"))
        or any(HOW_TO_SAY[lang].search(folded) for lang in ("zh", "en"))
        or _WHERE_TO_START.search(folded) is not None
        or any(weigh(message, lang) for weigh in (weigh_choice, weigh_one) for lang in ("zh", "en"))
    )


# a choice put to the bot: 我是先找工作还是再考一年 / should I tell him or let it go
_CHOICE_ZH = re.compile(
    # (要不要 first: "我要不要在群里再道个歉 还是私下加微信" weighs 在群里再道个歉, not 不要在群里…)
    r"(?:要不要|该不该|是|要|该|应该|到底)([\u4e00-\u9fffA-Za-z0-9]{2,14}?)[，,]?\s*还是([\u4e00-\u9fffA-Za-z0-9]{2,12}?)"
    r"(?=[好呢吗啊？?，,。！!\s]|$)"
)
_CHOICE_EN = re.compile(
    r"\b(?:should i|do i|is it better to|whether to|whether i should|what would you do|if you were me)"
    r"(?:[^.?!]*?[.:,])?\s+([a-z][^,.!?]{2,40}?)\s+or\s+(?:just\s+)?"
    r"([^,.!?]{3,40}?)\s*(?:\?|$|[.,!])",
    re.IGNORECASE,
)
_WEIGH = {
    "zh": "{a}还是{b}，我没法替你拍板，这得你自己来定，不过可以陪你一起理一理。想到{b}，你心里最放不下的是什么？",
    "en": "Whether to {a} or {b} is your call, and I won't pretend to know better, but we can think it through "
    "together. When you imagine choosing to {b}, what pulls at you most?",
}


#: the bot asked what it would do in the person's place: 你要是我你会怎么做 / what would you do in my position
_OWN_VIEW = {
    "zh": re.compile(
        r"(?:你|您)(?:要是|如果是|若是|换成|是)我(?:的话)?[，,\s]*(?:你)?(?:会)?(?:怎么(?:做|办|选)|选(?:哪个|哪一个|什么|哪条)|会不会)"
        r"|(?:如果|要是|假如|换(?:成|做))(?:是)?(?:你|您)(?:的话)?[，,\s]*(?:你)?(?:会|要)(?:怎么(?:做|办|选)|选|不会|回|去|留)"
        r"|(?:你|您)(?:会)?怎么选|(?:你|您)(?:会)?选哪(?:个|一个|条)"
        r"|(?:你|您)(?:要是|如果是|若是|换成|是)我的话(?=[^。？?]{0,24}还是)"
    ),
    "en": re.compile(
        r"\bwhat would you do\b|\bif you were (?:me|in my (?:shoes|position|place))\b|\bwhat would you (?:pick|choose)\b"
        r"|\bwhich (?:one )?would you (?:pick|choose|go for)\b|\bwhat do you (?:honestly |actually |really )?think i should"
        r" do\b|\bin my (?:shoes|position|place)\b[^.?!]{0,30}\bwould you\b",
        re.IGNORECASE,
    ),
}
#: two courses put anywhere in that message: "... honestly. go home for the party and risk it, or stay"
_OPTIONS_EN = re.compile(
    r"(?:^|[.?!:]\s*|\b(?:to|should i|do i)\s+)([a-z][^,.!?]{2,50}?),?\s+or\s+(?:just\s+)?([a-z][^,.!?]{1,40}?)\s*(?:\?|$|[.,!])",
    re.IGNORECASE,
)
_OWN_VIEW_LINE = {
    "zh": "说实话，我不在你的位置上，替不了你选；要是我来想，会先弄清楚最坏的情况到底有多大可能、能不能先问清楚，再问问自己："
    "一年以后回头看，哪个选择更会后悔。",
    "en": "Honestly, I'm not in your shoes, so I can't choose for you; but if I were weighing it, I'd first find out how "
    "likely the worst case really is and whether it can be checked, then ask which choice I'd regret more a year "
    "from now.",
}
_OWN_VIEW_ASK = {
    "zh": ("{a}还是{b}：想到{b}，你心里最放不下的是什么？", "眼下摆在你面前的，是哪几条路？"),
    "en": (
        ' "{a}" or "{b}": when you picture choosing to {b}, what pulls at you most?',
        " What are the options, as you see them?",
    ),
}


def own_view(message: str, language: str) -> str | None:
    """The bot's own way of weighing it, when asked what it would do in the person's place ("what would you do in my
    position? honestly. go home for the party and risk it, or stay"), with the two courses said back where they were
    named; None when it was not asked."""
    lang = "zh" if language == "zh" else "en"
    text = fold(message) if lang == "zh" else message
    if not _OWN_VIEW[lang].search(text):
        return None
    if lang == "zh":
        found = _CHOICE_ZH.search(text)
    else:
        found = _CHOICE_EN.search(text) or _OPTIONS_EN.search(text, _OWN_VIEW["en"].search(text).end())
    if found is None:
        return _OWN_VIEW_LINE[lang] + _OWN_VIEW_ASK[lang][1]
    courses = [
        re.sub(r"^(?:would you|should i|do i|to)\s+", "", found.group(k).strip(), flags=re.IGNORECASE)
        for k in (1, 2)
    ]
    a, b = _said_back(courses, lang)
    # "would you tell him or keep quiet": a view of its own, as asked (against swallowing it where both lean)
    if lean := _leaning(courses, (a, b), message, lang, against_swallowing=True):
        return (f"{a}还是{b}？" if lang == "zh" else f'"{a}" or "{b}"? ') + lean
    return _OWN_VIEW_LINE[lang] + _OWN_VIEW_ASK[lang][0].format(a=a, b=b)


def _said_back(courses: list[str], lang: str) -> tuple[str, str]:
    """Two courses as the person wrote them, said back to them (我 -> 你, I -> you)."""
    if lang == "zh":
        # the question's particle and a leading 就 are not the course: "告诉她吗 还是就一直偷偷做"
        a, b = (re.sub(r"^就(?=..)|[吗呢吧啊嘛]+$", "", fold(x)).replace("我", "你") for x in courses)
    else:
        a, b = (" ".join(EN_SWAP.get(w.lower(), w) for w in x.split()) for x in courses)
    return a, b


def _leaning(
    courses: list[str], said: tuple[str, str], message: str, lang: str, against_swallowing: bool = False
) -> str | None:
    """The leaning line for the one of two courses a supporter may lean on (see :data:`_LEANS`), with it said back;
    None where neither or both do. ``against_swallowing``: where both do, the one that swallows it is leaned
    against."""
    leaning = [k for k, course in enumerate(courses) if _lean(course, message, lang)]
    if against_swallowing and len(leaning) == 2:
        swallowing = _LEANS[0][2:]
        leaning = [k for k in leaning if _lean(courses[k], message, lang) in swallowing] or leaning
    if len(leaning) != 1:
        return None
    return _lean(courses[leaning[0]], message, lang).format(a=said[leaning[0]])


#: a choice that speaks of dying or of ending things: never weighed as a choice ("keep going or just end it all")
_OF_LIFE = re.compile(
    r"死|自杀|轻生|活着|活下去|不想活|结束(?:自己|生命|这一切)|了结|(?a:\b(?:die|dying|dead|kill\w*|suicid\w*|end (?:it|it all"
    r"|things|my life)|live|living|alive|overdose)\b)",
    re.IGNORECASE,
)


def weigh_choice(message: str, language: str) -> str | None:
    """A choice between two things the person asked about, said back to be thought through together, or None; never
    one that speaks of dying ("what would you do, keep going or just end it all" is for the question about suicide)."""
    lang = "zh" if language == "zh" else "en"
    if _OF_LIFE.search(fold(message)):
        return None
    if view := own_view(message, lang):
        return view
    found = (_CHOICE_ZH if lang == "zh" else _CHOICE_EN).search(fold(message) if lang == "zh" else message)
    if found is None:
        return None
    courses = [found.group(k).strip() for k in (1, 2)]
    if re.match(
        r"(?:is (?:that|it|this)|am i|would (?:that|it)|are you)\b", courses[1], re.IGNORECASE
    ) or courses[1].startswith("是不是"):
        return None  # "... or is that overkill": a tag question, one option
    a, b = _said_back(courses, lang)
    private = [k for k, course in enumerate(courses) if _PRIVATE.search(fold(course))]
    if len(private) == 1 and _PUBLIC.search(fold(courses[1 - private[0]])):
        return _PRIVATE_FIRST[lang]  # "Do I answer in the group or message her privately?"
    if lean := _leaning(courses, (a, b), message, lang):
        return lean  # "该接着来还是先停一段时间 我真的有点累了": the course with a lean gets it
    return _straight(message, lang) + _WEIGH[lang].format(a=a, b=b)


#: one course in private, the other before others: 在群里回还是私聊她 / answer in the group or message her privately
_PRIVATE = re.compile(
    r"私下|私聊|单独|私信|当面|一对一|(?a:\bprivately\b|\bin private\b|\bone[- ]on[- ]one\b|\bone to one\b|\bin person\b"
    r"|\bdirect(?:ly)? message\b|\bdm\b)",
    re.IGNORECASE,
)
_PUBLIC = re.compile(
    r"群里|在群|群聊|公开|当着|大家面前|朋友圈|(?a:\bin the (?:group|chat|thread|meeting)\b|\bgroup chat\b|\bpublicly\b"
    r"|\bin public\b|\bin front of\b|\breply all\b)",
    re.IGNORECASE,
)
_PRIVATE_FIRST = {
    "zh": "如果问我，先私下说：一对一讲，对方不用当着大家的面下台阶，事情也不会变成一场表演。私下说完，如果群里需要交代，"
    "再发一句简短、平和的话就够了，不点名、不争论。",
    "en": "If you're asking me, privately first: one to one, they don't have to back down in front of everyone, and it "
    "doesn't turn into a show. If the group needs a word after that, one short, calm line is enough, no names and "
    "no arguing.",
}


def _straight(message: str, lang: str) -> str:
    """The wish for a straight answer met first, when the person asked the bot to decide for them."""
    return _STRAIGHT[lang] if _DECIDE_FOR_ME.search(message) else ""


# one course put to the bot as yes or no: 我该不该跟我老婆坦白 / should I just tell her about the IVF
_ONE_ZH = re.compile(
    r"(?:要不要|该不该|应不应该|应该不应该|应唔应该|要唔要|使唔使|是不是(?:应该|该)|是否(?:应该|该))(?!放弃|算了|消失|离开这个|活|死)([\u4e00-\u9fffA-Za-z0-9]{2,14}?)"
    r"(?=[呢吗啊呀？?，,。！!\s]|$)"
)
_ONE_EN = re.compile(
    # (not "what should I do to celebrate": a question of what, not of whether)
    r"(?<!what )(?<!how )(?<!where )(?<!when )(?<!which )(?<!who )"
    r"\b(?:should i|do you think i should|do i(?=\s+(?:just\s+)?(?:tell|text|call|message|reach out|talk to|apologi[sz]e"
    r"|say something|speak up|check on|put up with|let it go)\b))\s+(?!(?:just\s+)?(?:stop|give up|disappear"
    r"|quit (?:everything|life))\b)"
    r"(?:just\s+)?([a-z][^,.!?]{2,40}?)\s*(?:\?|$|[.,!])",
    re.IGNORECASE,
)
#: the same asked with 该…吗: 你觉得我该去吗 / 我应该逼他去吗
_ONE_ZH_MA = re.compile(
    r"我(?:该|应该|应当)(?!放弃|算了|消失|离开这个|活|死|怎么|咋|如何|不该)([\u4e00-\u9fffA-Za-z0-9]{1,12}?)(?=吗|嘛)"
)
#: asked to decide for them: 你就直接告诉我答案吧 / 你帮我决定 / just tell me what to do
_DECIDE_FOR_ME = re.compile(
    r"直接告诉我|你就说|你帮我(?:决定|选|拿主意)|替我(?:决定|选|拿主意)|给我个?(?:答案|准话|痛快话)"
    r"|(?a:\bjust tell me\b|\btell me what to do\b|\byou (?:decide|choose|pick)\b|\bdecide for me\b"
    r"|\b(?:yes or no|straight answer)\b)",
    re.IGNORECASE,
)
_STRAIGHT = {
    "zh": "你想要个痛快话，我懂，来回纠结真的很耗人。",
    "en": "I hear that you want a straight answer; going round in circles is exhausting. ",
}
_WEIGH_ONE = {
    "zh": "要不要{a}，得你自己拿主意，我可以陪你一起想一想：真这么做了，你最怕发生的是什么？",
    "en": "Whether to {a} is your call, and we can think it through together. If you did, what are you most afraid "
    "would happen?",
}


def weigh_one(message: str, language: str) -> str | None:
    """One course the person asks whether to take ("我该不该跟我老婆坦白"), said back as theirs to decide with the
    question that helps them weigh it, or None."""
    lang = "zh" if language == "zh" else "en"
    if _OF_LIFE.search(fold(message)):
        return None  # "should I keep living or just die": never a course to weigh
    found = (_ONE_ZH if lang == "zh" else _ONE_EN).search(fold(message) if lang == "zh" else message)
    if found is None and lang == "zh":
        found = _ONE_ZH_MA.search(fold(message))
    if found is None:
        return None
    a = found.group(1).strip()
    if lang == "zh" and _ASKED_OF.search(fold(message), 0, found.start()):
        return None  # "问她在哪个学校、要不要加微信": a stranger's question quoted, not one put to the bot
    if _WORRY.match(a):
        return None  # "should I worry?" is no course to weigh: it asks how serious something is
    if lang == "zh":  # 我妈 -> 妈妈, never 你妈
        said = re.sub(r"我(?:的)?(妈|爸)(?![妈爸])", r"\1\1", a).replace("我", "你")
    else:
        said = " ".join(EN_SWAP.get(w.lower(), w) for w in a.split())
    if lean := _lean(a, message, lang):
        return lean.format(
            a=said
        )  # "我该忍吗…我就想听听你自己怎么看": a view of its own, the choice left theirs
    return _straight(message, lang) + _WEIGH_ONE[lang].format(a=said)


#: the courses a supporter may lean on when asked (to speak up rather than swallow it, to say it rather than guess,
#: to rest, to get something checked), with the line that leans and leaves the choice theirs; big, one-way choices
#: (to quit, divorce, move, text an ex) get none
_LEANS = (
    (  # swallowing it: 忍 / 算了 / put up with it
        re.compile(r"^(?:就|继续|一直)?(?:忍|憋着|咽下|算了|当没发生|不吭声|装不知道|装没看见)"),
        re.compile(
            r"^(?:just )?(?:put up with|keep putting up with|let it (?:go|slide)|keep quiet|say nothing|stay quiet"
            r"|suck it up|keep my mouth shut|ignore (?:it|him|her|them))\b",
            re.IGNORECASE,
        ),
        "如果问我，我不太赞成一直忍下去：憋久了伤的是你自己，可以挑个稳妥的时候把话平静地说出来，不过最后还是你拿主意。",
        "If you're asking me, I'd lean against just swallowing it: swallowed things tend to leak out later, and one "
        "calm, clear word usually costs less; still, it's your call.",
    ),
    (  # saying it: 坦白 / 告诉她 / 主动联系 / tell him, text her, apologise
        re.compile(
            r"^(?:主动)?(?:跟|和|给|向)?[^，。,.]{0,6}?(?:坦白|说实话|说清楚|说出来|说开|道歉|认错|聊聊|谈谈"
            r"|发(?:个|条)?(?:消息|微信|信息)|打(?:个)?电话)|^(?:告诉|问问|主动联系|联系|找)(?!工作|房子)"
        ),
        re.compile(
            r"^(?:tell|text|call|message|ask(?! for\b)|reach out|talk to|apologi[sz]e|say something|be honest|come clean"
            r"|speak to|speak up|check on)\b",
            re.IGNORECASE,
        ),
        "如果问我，只要你觉得说了是安全的，我倾向于{a}：说出来，至少不用一个人憋着猜，不过最后还是你拿主意。",
        "If you're asking me, and it feels safe to, I'd lean towards it: saying it usually beats guessing alone, and "
        "how they take it tells you something too; still, it's your call.",
    ),
    (  # a rest: 先停一段时间 / 请假 / take a break
        re.compile(r"^(?:先)?(?:停|歇|休息|缓|请(?:个)?假|放(?:个)?假|暂停)"),
        re.compile(
            r"^(?:take (?:a|some) (?:break|time off|step back|pause|breather|rest)|pause|rest|slow down|step back"
            r"|take time off|take a few days off)\b",
            re.IGNORECASE,
        ),
        "如果问我，我倾向于先停一停：歇一阵再定，不等于放弃，不过最后还是你拿主意。",
        "If you're asking me, I'd lean towards the break: stopping to catch your breath isn't the same as giving up; "
        "still, it's your call.",
    ),
    (  # getting it looked at: 去看医生 / see a doctor
        re.compile(
            r"(?:去|先)?(?:看|找|睇)(?:医生|心理医生|心理咨询|大夫|急诊|兽医)|(?:去|入)医院|去检查|做(?:个)?检查"
        ),
        re.compile(
            r"^(?:go and )?(?:see|go to|get checked by|talk to|call) (?:a |the |my |our )?(?:doctor|gp|therapist"
            r"|counsell?or|dentist|vet|specialist|psychiatrist|psychologist)\b|^get (?:it|this|that|him|her) "
            r"(?:checked|looked at)\b",
            re.IGNORECASE,
        ),
        "如果问我，值得去：早点弄清楚，心里那块石头也能落地。",
        "If you're asking me, yes, I'd get it looked at: knowing is usually easier to carry than wondering.",
    ),
)
#: no lean, whatever the verb: an ex, the police, someone else's partner, a course that ends something for good
_NO_LEAN = re.compile(
    r"前任|前男友|前女友|前夫|前妻|警察|报警|辞职|离婚|分手|退学|\b(?:ex|my ex|police|cops|his wife|her husband|quit"
    r"|divorce|break up|dump)\b",
    re.IGNORECASE,
)
#: worn out, said in the turn: a rest leaned on with their own word
_WORN = re.compile(
    r"累|撑不住|扛不住|\b(?:tired|exhausted|worn out|burnt out|burned out|knackered)\b", re.IGNORECASE
)


def _lean(course: str, message: str, lang: str) -> str | None:
    """The leaning line for ``course`` (as the person wrote it), or None where a supporter should not lean."""
    if _NO_LEAN.search(course):
        return None
    text = fold(course) if lang == "zh" else course.strip()
    for i, (zh, en, zh_line, en_line) in enumerate(_LEANS):
        if (zh if lang == "zh" else en).search(text):
            if i == 2 and not _WORN.search(fold(message)):
                return None  # a break leaned on only when they said they are worn out
            return zh_line if lang == "zh" else en_line
    return None


#: a question someone else asked, quoted before the 要不要: 问她…要不要加微信
_ASKED_OF = re.compile(r"问(?:她|他|我|你|人|孩子)[^。！？!?]{0,14}$")
#: whether to worry, asked as if it were a choice: 该不该担心 / should I worry / should I be worried
_WORRY = re.compile(
    r"(?:be )?(?:worr\w*|panic\w*|freak\w* out|concerned|scared|担心|着急|紧张)", re.IGNORECASE
)
#: an animal unwell: off its food, sick, limping (a question for a vet, not "is a cat right for me")
_UNWELL_ZH = r"不吃|吃得少|不怎么吃|吐|拉肚子|拉稀|没精神|蔫|怪怪|病|咳|发烧|不动|瘸|一直叫"
_UNWELL_EN = (
    r"\b(?:not eating|won'?t eat|stopped eating|hasn'?t eaten|isn'?t eating|off (?:his|her|its) food|sick|vomit\w*|throw(?:ing|s)? up|limp\w*|letharg\w*"
    r"|diarrh\w*|not (?:himself|herself|itself))\b"
)


def pet_unwell(message: str, pet: str) -> bool:
    """``message`` says the animal called ``pet`` is unwell, in either language ("Biscuit stopped eating since
    yesterday", "团子今天不怎么吃东西")."""
    folded = fold(message)
    return any(_pet_unwell(folded, lang, pet) for lang in ("zh", "en"))


def _pet_unwell(folded: str, language: str, pet: str) -> bool:
    """The folded message says the animal called ``pet`` is unwell ("团子今天不怎么吃东西")."""
    unwell = _UNWELL_ZH if language == "zh" else _UNWELL_EN
    return (
        bool(pet) and pet.lower() in folded.lower() and re.search(unwell, folded, re.IGNORECASE) is not None
    )


#: what a question nothing here answers is about, in the order tried, and who would know (the lines are the
#: dialogue material's ``unsure_by``): "起诉自己亲妹妹会不会太过分" is a legal question before a social one
_ASK_DOMAINS = (
    (
        "legal",
        r"起诉|告(?:她|他|他们|对方|公司)|法院|律师|官司|合同|借条|欠条|仲裁|违法|犯法|赔偿|维权|法律|判(?:几年|刑)",
        r"\b(?:sue|suing|court|lawyers?|attorneys?|legal(?:ly)?|contracts?|lawsuit|small claims|illegal|compensation"
        r"|my rights)\b",
    ),
    (
        "pet",
        rf"(?:[猫狗]|宠物|它|牠)[^。？?！!]{{0,14}}?(?:{_UNWELL_ZH})|兽医|宠物医院",
        rf"\b(?:dogs?|cats?|puppy|kitten|pets?|rabbit|hamster|he|she|it)\b[^.?!]{{0,30}}?(?:{_UNWELL_EN})|\bvet\b",
    ),
    (
        "medical",
        r"疼|痛|医生|医院|手术|病|症|检查|复查|挂号|打针|伤口|发烧|过敏|怀孕|孕期|月经|耳鸣|恢复|康复|拆线",
        r"\b(?:hurts?|hurting|pain(?:ful)?|sore|doctors?|surgery|procedure|clinic|hospital|symptoms?|diagnos\w*"
        r"|pregnan\w*|nausea|injur\w*|recover(?:y|ing)?|heal(?:ing)?|stitches|scan|biopsy|side effects?)\b",
    ),
    (
        "money",
        r"贷款|利息|信用卡|银行|征信|理财|保险|税|报销|退款|分期|房贷|网贷",
        r"\b(?:loans?|interest|credit|bank|insurance|tax(?:es)?|refund|mortgage|debts?|overdraft|installments?)\b",
    ),
    (
        "tech",
        r"手机|电脑|微信|照片|相册|备份|软件|账号|密码|网盘|云端|(?i:app|icloud|wifi)",
        r"\b(?:phone|app|iphone|android|laptop|computer|photos?|backups?|icloud|google|account|password|wi-?fi"
        r"|settings)\b",
    ),
    (
        "travel",
        r"火车|高铁|动车|机票|航班|签证|车票|护照|(?:订|买)(?:票|酒店)",
        r"\b(?:trains?|flights?|visa|tickets?|hotel|passport|airport|ferry|coach)\b",
    ),
    (
        "school",
        r"老师|学校|班主任|辅导员|教务|转专业|学分|挂科|补考|奖学金|选课|导师|保研",
        r"\b(?:teachers?|professors?|school|college|university|class(?:es)?|course|credits?|grades?|majors?"
        r"|advis[eo]r|registrar|scholarship|transfer)\b",
    ),
    (
        "work",
        r"公司|人事|(?i:hr)|老板|领导|上司|加班费|年假|社保|劳动|工资|试用期|辞退|裁员|离职",
        r"\b(?:hr|boss|manager|company|employer|payroll|overtime|annual leave|sick leave|notice period|probation"
        r"|wages?|salary|severance)\b",
    ),
    (
        "social",
        r"(?:会不会|是不是|算不算|会)(?:很|太|有点|有些)?(?:不礼貌|没礼貌|失礼|奇怪|尴尬|丢人|怪怪的)",
        r"\bis it (?:rude|weird|strange|awkward|impolite)\b|\bwould it be (?:rude|weird|strange|awkward)\b"
        r"|\b(?:rude|weird|awkward) (?:if|to)\b",
    ),
)
_DOMAIN_PATTERNS = tuple((name, _patterns(zh, en)) for name, zh, en in _ASK_DOMAINS)


def ask_domain(message: str, language: str, pet: str = "") -> str | None:
    """What a question is about, for a line that says who would know: ``legal``, ``pet`` (a vet; also when the
    animal the session knows as ``pet`` is named unwell), ``medical``, ``money``, ``tech``, ``travel``,
    ``school``, ``work``, or ``social`` for whether something would be rude or odd (the one kind answered: usually
    not); None when nothing says.

    >>> ask_domain("起诉自己亲妹妹会不会太过分了", "zh"), ask_domain("is it rude to leave after an hour though?", "en")
    ('legal', 'social')
    >>> ask_domain("how much does it actually hurt? be honest", "en"), ask_domain("那我的难处呢", "zh")
    ('medical', None)
    """
    lang = "zh" if language == "zh" else "en"
    folded = fold(message)
    found = next((name for name, asked in _DOMAIN_PATTERNS if asked[lang].search(folded)), None)
    return found or ("pet" if _pet_unwell(folded, lang, pet) else None)
