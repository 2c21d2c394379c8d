"""The deterministic cue layer: crisis cues in Chinese and English, and the context that defuses them.

Always on, no model needed. Each cue is a regular expression of one *kind* (see :data:`KINDS`). A match can be
*suppressed* by its context, and the reason is kept so that callers can see why it did not count:

``negation``       我不想死 / 从没想过自杀 / I'm not suicidal / I would never kill myself
``third_person``   她想自杀 / 我朋友割腕了 / my friend said he wants to die
``news``           据报道，一名男子跳楼身亡 / police said the man died by suicide (and no first person)
``fiction``        电影里主角自杀了 / in the game I jumped off a cliff
``quotation``      他说“我不想活了” / 《自杀小队》
``topic``          自杀干预热线 / suicide prevention
``hyperbole``      想死你了 (I miss you) / 尴尬得想死 / die of embarrassment
``fear_of_death``  我很怕死 / 一想到死亡就害怕: death named as something feared
``joke``           ideation said laughing, or over homework and Mondays: kept, but only as ``low``
``other_directed`` 你去死吧 / go kill yourself (anger at someone else, not risk to the speaker)
``past``           以前想过跳楼，后来还是下来了 / I tried years ago but I'm doing better: kept, but only as ``low``
``fear``           想跳楼但是不敢 / too scared to cut: a wish without the resolve, kept as ``moderate``
``wish``           要是大家一起死就好了: a pact wished for, not sought, kept as ``moderate``
``everyday``       一起走吧 / 结伴去爬山 / 建个群: an invitation that names no death, in a message with no other
                   talk of dying or pain (the same words are a pact next to 想死, a method or 心好累)

One ladder in both languages (:class:`xinyu.levels.RiskLevel`), read off the questions of the C-SSRS screener
(Columbia Suicide Severity Rating Scale, screen version) that a message answers "yes":

==========  =========================================  ============================================================
level       C-SSRS screener                            what the cues find (kinds)
==========  =========================================  ============================================================
low         none (life pain only)                      hopelessness, burden, isolation, entrapment
moderate    1 wish to be dead                          ``passive_ideation`` "I wish I could go to sleep and not wake
                                                       up", "要是能一觉不醒就好了"; ``ideation`` "I want to die",
                                                       "活着没意思", "想噶了"
high        2 thoughts of killing oneself,             ``active_ideation`` "I want to kill myself", "i wanna kms",
            4 with intent                              "我想自杀", "想紫砂", "打算去死了"
high        3 a method, 5 a plan,                      ``method``, ``method_intent``, ``method_seeking`` "I've been
            6 preparation (and past behaviour)         looking up how many pills it takes"; ``pact``;
                                                       ``preparation`` and ``farewell`` "遗书写好了", "tell everyone
                                                       I'm sorry"; ``self_harm``, ``attempt``
imminent    5 and 6 now: a method or means with a      ``in_progress`` "刚吞了一整瓶药"; a method, preparations
            time, or an attempt under way              ("gun in my hand") or a means acted on ("I bought sleeping
                                                       pills and I'm going to take them all") with a ``timing`` cue
                                                       ("tonight", "今晚就吃下去")
==========  =========================================  ============================================================

Cues found apart in one message combine (:func:`cue_level`): a means (``means``: pills, rope, a roof) is a method
next to an act on it (``act``: "take them all", "就吃下去") or the will to kill oneself; a time (``timing``) lifts
a method, preparations or such a means to ``imminent`` and a wish said outright to ``high``. Informal English is
read as said: I'm/Im/i am, gonna/going to, wanna/want to, I'll/ill, dont, cant; and the slang of both languages
(kms, unalive, self-delete, sleep forever, end it all; 紫砂, 自鲨, 想噶了, 想似了).

>>> [m.kind for m in find_cues("家里都没有方便我上吊的地方") if m.active]
['method']
>>> [(m.kind, m.suppressed) for m in find_cues("累死了，笑死我了，想死你了")]
[('figurative', 'hyperbole'), ('figurative', 'hyperbole'), ('ideation', 'hyperbole')]
>>> cue_level(find_cues("I'm going to jump off the bridge tonight")).name
'imminent'
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, replace
from functools import lru_cache
from itertools import groupby
from re import _parser  # the parser of re itself: how far a pattern can read (see _Extent)
from typing import Any, Literal, NamedTuple, TypeVar

from xinyu.lang import simplified
from xinyu.levels import RiskLevel

# kind -> (level on its own, theme); themes feed the conversation layer
KINDS: dict[str, tuple[RiskLevel, str]] = {
    "hopelessness": (RiskLevel.LOW, "distress"),
    "burden": (RiskLevel.LOW, "distress"),
    "isolation": (RiskLevel.LOW, "distress"),
    "entrapment": (RiskLevel.LOW, "distress"),
    "passive_ideation": (RiskLevel.MODERATE, "ideation"),
    "ideation": (RiskLevel.MODERATE, "ideation"),
    "active_ideation": (RiskLevel.HIGH, "ideation"),  # thoughts of killing oneself, or the will to
    "self_harm": (RiskLevel.HIGH, "ideation"),  # cutting, burning: a human should know
    "means": (RiskLevel.NONE, "method"),  # rope, pills, a roof: risk only next to ideation
    "method": (RiskLevel.HIGH, "method"),  # a way to die, named by the speaker (not news, fiction, negated)
    "method_intent": (RiskLevel.HIGH, "method"),
    "method_seeking": (RiskLevel.HIGH, "method"),
    "pact": (RiskLevel.HIGH, "plan"),
    "attempt": (RiskLevel.HIGH, "ideation"),
    "preparation": (RiskLevel.HIGH, "plan"),
    "farewell": (RiskLevel.HIGH, "plan"),
    "timing": (RiskLevel.NONE, "timing"),  # "tonight": risk only next to ideation or a method
    "act": (RiskLevel.NONE, "act"),  # "take them all", "就吃下去": an act on means, a method only next to one
    "in_progress": (RiskLevel.IMMINENT, "plan"),
    # a blade kept at hand ("刀就在抽屉里"), and cuts counted with no blade named ("我刚才又划了几下"): nothing alone,
    # self-harm when the conversation holds both (one message with both is ``self_harm`` already)
    "blade": (RiskLevel.NONE, "blade"),
    "cuts": (RiskLevel.NONE, "cuts"),
    # death words in idioms and hyperbole (死机, 累死了, "the heat is killing me") or feared (我很怕死): always
    # defused, they tell the model layer that the message's only talk of death is no wish to die
    "figurative": (RiskLevel.NONE, "figurative"),
}
DISTRESS = frozenset(k for k, (_, theme) in KINDS.items() if theme == "distress")
IDEATION = frozenset({"passive_ideation", "ideation", "active_ideation", "self_harm", "attempt"})
METHOD = frozenset({"method", "method_intent", "method_seeking", "pact"})
#: context that lowers a cue rather than defusing it (the cue still counts, at most at this level)
SOFTENED = {
    "joke": RiskLevel.LOW,
    "past": RiskLevel.LOW,
    "fear": RiskLevel.MODERATE,
    "wish": RiskLevel.MODERATE,
}
#: softened cues that still let the model read the message (a joke does not)
SOFTENED_SERIOUS = frozenset(SOFTENED) - {"joke"}


@dataclass(frozen=True)
class CueMatch:
    kind: str
    text: str
    start: int
    end: int
    language: str
    suppressed: str | None = None

    @property
    def active(self) -> bool:
        return self.suppressed is None

    @property
    def level(self) -> RiskLevel:
        if self.suppressed in SOFTENED:
            return min(SOFTENED[self.suppressed], KINDS[self.kind][0])
        return KINDS[self.kind][0] if self.active else RiskLevel.NONE

    def to_dict(self) -> dict:
        return {**asdict(self), "level": self.level.name}


# --------------------------------------------------------------------------------------------------------------
# Text folding: traditional -> simplified (a text in Traditional characters whole, by xinyu.lang.simplified; in any
# text, the characters below that the cues use), full-width -> ASCII, lower case. Every replacement is one character
# for one, so offsets stay those of the original text.
_TRAD = (
    "殺脈遺書樓藥燒開氣見別這個麼沒對會過說還讓們來時後間為經準備劃結決計畫車軌橋邊無愛難絕義謝離壓鬱憂傷淚應該"
    "聽話醫師體頭嗎實現東帶歲亂點錢滅擔負贅獨夠攢買繩斷農臺頂緣懸終歡樂於從與給將聯繫羣約幾層刪覺夢裡裏驗"
    "煩厭撐機槍聞報導記警員場網友這種樣麽嗎嘛呢誰們還學媽爸妹姊劇說電影遊戲歌詞戀愛陽陰燈啟裝備滿罷擺脫該"
)
_SIMP = (
    "杀脉遗书楼药烧开气见别这个么没对会过说还让们来时后间为经准备划结决计画车轨桥边无爱难绝义谢离压郁忧伤泪应该"
    "听话医师体头吗实现东带岁乱点钱灭担负赘独够攒买绳断农台顶缘悬终欢乐于从与给将联系群约几层删觉梦里里验"
    "烦厌撑机枪闻报导记警员场网友这种样么吗嘛呢谁们还学妈爸妹姊剧说电影游戏歌词恋爱阳阴灯启装备满罢摆脱该"
)
_FOLD = {ord(a): b for a, b in zip(_TRAD, _SIMP, strict=True)}
_FOLD.update({c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)})
_FOLD.update({0x3000: " ", 0x2019: "'", 0x2018: "'"})


def fold(text: str) -> str:
    """Same length as ``text``: simplified, half-width, lower case."""
    out = simplified(text).translate(_FOLD)
    lowered = out.lower()
    if len(lowered) == len(out):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in out)


# --------------------------------------------------------------------------------------------------------------
# Chinese cues
_ZH_METHOD = (
    r"上吊|吊死|吊颈|悬梁|割腕|割脉|割动脉|割手腕|割喉|跳楼|跳河|跳江|跳海|跳湖|跳桥|跳崖|跳轨|卧轨|烧炭|服毒|"
    r"喝农药|吞安眠药|吃老鼠药|喝敌敌畏|开煤气|溺死|淹死|跳下去|一跃而下|纵身一跃|高空坠落|吞药|撞车|"
    r"跳玄武湖|跳华山|翻(?:过|出)(?:船|阳台|天台)?的?(?:栏杆|护栏)(?:跳|掉)下去|从船上跳下去|跳船|吊在|上吊自杀|割断(?:自己的?)?(?:动脉|手腕)|饿死(?:我)?自己|(?:用|拿)枪(?:自杀|打死自己)|开枪自杀|吞枪"
)
_ZH_MEANS = r"(?:现在|正)?(?:站|坐)?在(?:江边|河边|海边|湖边|桥上|桥边)(?![散走玩逛吹看钓跑骑])|头孢[^。，,]{0,4}酒|安眠药|农药|百草枯|敌敌畏|老鼠药|绳子|刀片|煤气|木炭|炭|天台|楼顶|窗台|高楼|大桥|铁轨|药片|(?:\d+|几十|一百)片|猎枪|手枪|(?<![水气玩具])枪(?!战|手|声)"
#: fear of dying is no wish to die ("我很怕死", "一想到死亡就害怕"); "不怕死" and "怕死不了" are left to the model, and
#: so is what comes after dying ("怕死了之后没人发现", "怕死了也不是结束")
_ZH_FEAR_OF_DEATH = r"(?<![不贪])(?:害)?怕死(?!不|了?(?:之后|以后|后)|了(?:也|不是))|(?:害怕|恐惧)死亡|想到死(?:亡)?就(?:害怕|怕|恐惧|发抖)"
_ZH_INTENT = r"(?:想|要|打算|准备|决定|就|去|敢|该|还是|干脆|直接|选择|一起)"
#: killing oneself, in plain words and in the homophones people type to get past filters (紫砂, 自鲨: zisha);
#: 噶 (to cut, to kill) only with 自己 as its object: alone it is a meme (噶腰子) or a game
_ZH_SUICIDE = (
    r"自杀|自尽|轻生(?!活)|寻死|紫砂(?![壶锅杯泥茶器盆陶罐煲])|自鲨|自我了断|了断我?自己|了结(?:我?自己|生命|此生|残生)|"
    r"结束(?:掉)?(?:我?自己(?:的(?:生命|一生))?(?!的)|我的生命|生命)|(?:杀|弄|整)(?:死|了)(?:我)?自己|噶了?(?:我)?自己|把(?:我)?自己噶了"
)
#: the will to do it: wanting, meaning, deciding (想自杀, 打算了结自己)
_ZH_WILL = r"(?:很|好|真|真的|特别|一直|又|总|总是|就|只|还是|已经)?(?:想|想要|要|打算|准备|决定|计划|下(?:定)?决心)(?:要)?(?:去)?"
ZH_CUES: dict[str, list[str]] = {
    "ideation": [
        r"(?:好|真|很|特别|超|非常|有点|突然|一直|又|总是|就是|真的|特想|只)?想(?:要)?(?:去)?死(?:一死|掉|了|算了)?",
        r"(?:去)?死了(?:就)?(?:算了|好了|一了百了)|一死了之|不如死了|还不如死|死了(?:也)?(?:比较|更)好",
        # Cantonese: 不如死咗算 (might as well be dead), 死咗就好
        r"不如死咗|死咗(?:就)?(?:算|好)",
        r"不想(?:再)?活(?:了|下去|着)?|活不下去|活不了了|活着(?:真的?|好|太|真的太)?没(?:有)?(?:什么|啥)?(?:意思|意义|盼头)|"
        r"活着(?:还)?有(?:什么|啥)(?:意思|意义|用)|活着(?:干|做)(?:什么|嘛)",
        r"自杀|自尽|轻生(?!活)|寻死|自鲨|了结(?:自己|生命|此生|这一生|残生)|结束(?:自己(?!的(?!生命))|生命|我的生命|这一生|这一切)|结束吧",
        # slang for a wish to die: 想噶了 (not 噶腰子, 噶韭菜, nor at someone else), 想似了 (似 for 死)
        r"想(?:要)?(?:去)?噶(?:了|掉)?(?![腰韭你他她它人们别子一])|想似了",
        r"离开(?:这个|这)?[^。，,！？]{0,4}(?:世界|世间|人间)|告别(?:这个)?世界|去另一个世界",
        r"(?:想|求|彻底|永远|就能|才能|得到|多好)解脱",
        r"(?:我)?去死(?![磕记心板角宅党机活])(?:一死)?(?:吧|好了)?",
        r"不想(?:再)?(?:存在|醒来|醒过来)|死掉(?:就)?好了|死了(?:就)?不用",
        r"让我(?:去)?死(?:吧|啊|了吧|掉吧|算了)|(?:弄|杀|整)死(?:我)?自己|杀了(?:我)?自己|结束掉(?:我)?自己",
        r"除了(?:去)?死(?![记磕心板角亡党])[^。！？!?]{0,8}(?:没有|别无|没|想不出|找不到)[^。！？!?，,]{0,6}"
        r"(?:办法|方法|出路|路|选择|可能)|除了(?:去)?死(?=[。！？!?…\s]|$)",
        r"(?:死|死亡|离开|结束)(?:才|就|也许)?(?:是|就是)(?:一种|最好的|唯一的|正确的)?(?:解脱|选择|出路)",
        r"(?:不该|不应该|不配)(?:再)?活(?:着|下去|在这个?世界上)|"
        r"(?:我这样的人|我这种人)[^。，,！？]{0,4}(?:就)?(?:该死|死了算了|去死|死一千次|死一万次|死了也)",
        # 走饭: the Weibo tree hole under the last post of a student who died by suicide; to join her is ideation
        r"走饭[^。！？]{0,15}(?:去|来)(?:找|陪)你|(?:去|来)(?:找|陪)(?:你|她)[^。]{0,8}走饭",
    ],
    "active_ideation": [
        # not "想自杀的人" (who wants to: said of others, or a call for a pact, read as such)
        _ZH_WILL + r"(?:" + _ZH_SUICIDE + r")(?!的(?:人|网友|朋友|同学|孩子|女孩|男孩|学生))",
        r"(?:自杀|轻生|寻死|紫砂|自鲨)的(?:念头|想法|冲动|打算|计划)",
        # deciding to die is intent, not a wish (C-SSRS 4): "打算去死了", "决定死了"
        r"(?:打算|准备|决定|计划|下定决心|下决心)(?:要)?(?:去)?死(?=了|掉|吧|算了|[。，,！？!?…\s~～]|$)",
        r"(?:满脑子(?:都是|全是)?|脑子里(?:全|都)是|每天都在想|天天都?在想|一直在想)(?:着)?(?:自杀|怎么死|怎么去死)",
    ],
    "passive_ideation": [
        r"(?:希望|盼着?|要是|如果|巴不得|真想|好想)[^。！？!?\n]{0,12}"
        r"(?:世界末日|车祸|绝症|消失|不存在|一睡不醒|一觉不醒|睡着(?:了)?(?:就)?(?:再也)?不(?:再)?醒|不用醒|不要醒|别(?:再)?醒|长眠|没(?:有)?出生|被撞死|意外死)",
        r"(?:一睡|睡下去|一觉(?:睡下去)?)(?:就)?不(?:再)?醒|永远(?:地)?睡(?:下去|着)|一觉睡过去(?:就)?(?:好了|算了|多好)",
        # said as a wish by its tail, with no "希望" before: 有时候真的觉得 哪天睡着了就别醒了也挺好
        r"睡(?:着|过去|下去)(?:了)?(?:就)?(?:别|不要|再也不|不)(?:再)?醒(?:了|过来)?[^。！？!?]{0,4}(?:也)?(?:挺好|好了|多好|算了|也行"
        r"|不错|就好|省事)",
        r"人间不值得|(?:要是|如果|希望|真希望)[^。！？!?，,他她它你们人]{0,10}死(?:了|掉)?(?:该|就)?(?:多好|好了)",
        # being gone imagined, and others easier for it: 要是我不在了大家会不会轻松一点
        r"(?:要是|如果|假如|等)我(?:不在了|没了|死了)[^。！？!?]{0,10}(?:轻松|好过|解脱|清净|省心|不用)",
        # gone and unnoticed: 我不在了也没人会发现 / 少了我也没人在意
        r"(?:我不在了|我没了|我消失了|少了我)[^。！？!?]{0,10}(?:没(?:有)?人|谁都不|谁也不)(?:会)?(?:发现|注意到?|在意|在乎|知道)"
        r"|(?:没(?:有)?人|谁都不|谁也不)会(?:发现|注意到|在意)[^。！？!?]{0,6}我(?:不在了|没了|消失了)",
        # or wished gone already: 要是那天直接没了也省事 (the accident that day)
        r"(?:要是|如果|假如)我?(?:那天|当时|那次)?(?:就|直接)?(?:没了|死了|不在了)[^。！？!?]{0,4}(?:也|就|倒)?(?:省事|省心|轻松|好了|算了|多好)",
        r"(?:想|好想|只想|就想|真想|真的(?:好)?想)(?:就这么|就这样|这样|直接|干脆)?(?:要)?(?:彻底|永远)?消失|(?:还是|干脆|不如)(?:彻底)?消失(?:掉|了)?(?:吧|好|算了|比较好)|"
        r"消失(?:掉)?(?:就)?好了",
        r"生而为人[，,\s]*(?:我)?(?:很|真的很|非常)?抱歉",
        # the common exaggeration of being fed up: a wish to be dead said in an idiom, asked about, never an alert
        r"想死的心都有(?:了)?",
        r"(?:我的)?骨灰(?:就)?(?:撒|洒|扔|埋)",
        r"没(?:有)?了?(?:活下去|活着|生存|求生|生)的(?:欲望|勇气|动力|理由|意义|念头)|(?:找|看)不到活(?:下去|着)的(?:理由|意义|动力|希望)",
        r"(?:常常|经常|时常|总是|总会|老是|一直|每天都?|天天)(?:会)?(?:想到|想起|想着)(?:了)?(?:死亡|自杀|去死)",
    ],
    "self_harm": [
        r"自残|自伤|割自己|(?<![规计策筹比刻])划自己|(?:割|划)(?:了)?(?:手|手腕|胳膊|大腿)|伤害自己|割死自己|割胳膊|"
        r"(?:割|切)开(?:了)?(?:自己的)?(?:手腕|血管|动脉)|割一刀|划(?:了)?(?:一|几|好几)刀|划刀|割破手腕|"
        r"拿刀[^。，,]{0,4}(?:割|划|切)",
        # the blade named, then cuts counted ("刀就在抽屉里，我刚才又划了几下"); or the cuts' marks on the body
        # (the person the one cutting, nothing else cut: not "我用美工刀划了几下纸箱", "被刀划了一道口子")
        r"(?:刀|刀片|美工刀|剃须刀|剃刀|玻璃片?)[^。！？!?]{0,20}我(?:刚才|刚刚|昨晚|今晚|又|还是|忍不住|偷偷)*"
        r"(?:割|划)(?:了)?(?:一|几|好几|两|三)(?:下|道|刀)(?![\u4e00-\u9fff])",
        r"(?:手臂|胳膊|手腕|大腿)上(?:又)?(?:多了|添了)(?:几|好几|两|三)(?:道|条)(?:口子|伤口|血印|疤)",
    ],
    "blade": [
        # where the blade is, after its name (the name stays the ``means`` cue it is: "刀片就在手边，今晚就划下去")
        r"(?:(?<=刀)|(?<=刀片))(?:就|还|一直)?(?:在|放在|藏在|压在)[^。！？!?，,]{0,6}(?:抽屉|包|枕头|床|手边|旁边|身边|桌|口袋)"
    ],
    "cuts": [
        r"(?:^|(?<=[\s，。,.!！?？]))我?(?:刚才|刚刚|今天|昨天|昨晚|今晚|晚上|又|还是|忍不住|偷偷)*(?:割|划)(?:了)?(?:一|几|好几|两|三)(?:下|道|刀)"
        r"(?![\u4e00-\u9fff])"
    ],
    "method": [
        _ZH_METHOD,
        # sleeping pills are a method when taken to die, not as prescribed ("我每天吃安眠药才能睡着" is no risk)
        r"(?:想|要|打算|准备|决定|一口气|干脆|偷偷)(?:去)?吃(?:光|完)?(?:一瓶|一把|所有的?|全部的?)?安眠药(?!才|助眠|睡觉|入睡)",
        # Cantonese: 諗過食晒啲藥 (thought of taking all the pills), 想食晒佢
        r"(?:谂|諗|想)(?:过|過)?(?:去)?食(?:晒|哂|曬)(?:啲|d)?(?:药|藥|安眠药|药丸)",
    ],
    "means": [_ZH_MEANS + r"|遗书|遗言|死法"],
    "method_intent": [
        _ZH_INTENT + r"(?:去)?(?:直接)?(?:" + _ZH_METHOD + r")",
        r"(?:" + _ZH_METHOD + r")(?:自杀|死掉?|算了|吧|一了百了)",
        r"把(?:自己|头)(?:吊|挂)",
        r"(?:想|要|打算)(?:去)?(?:吃|吞)(?:完|光)?(?:一(?:整)?瓶|一把|所有的?|\d+片)",
        # 打算今晚把药都吃掉 / 准备把安眠药全吞了: all the pills, meant to be taken
        # (the time is left to its own cue: 打算今晚把药都吃掉 is a method with a time; 吃完 is a course of treatment)
        r"(?:想|要|打算|准备|决定)(?:就)?把(?:这些|那些|剩下的)?(?:药|安眠药|药片|药丸)(?:都|全|全部|一次)(?:吃|吞)"
        r"(?:掉|了|下去|光)?(?!完)"
        r"|(?:想|要|打算|准备|决定)(?=(?:今晚|今天|明天|后天|马上|现在|待会儿?|等会儿?|一会儿?|周末)(?:就)?把"
        r"(?:这些|那些|剩下的)?(?:药|安眠药|药片|药丸)(?:都|全|全部|一次)(?:吃|吞)(?!完))",
    ],
    "method_seeking": [
        r"(?:怎么|怎样|如何|什么方(?:法|式))(?:才能|能|可以)?(?:去)?(?:死(?!了)|自杀|离开这个世界|结束(?:自己|生命))",
        r"(?:怎么|怎样|如何)[^。，,！？?想又这那么会总老还]{1,8}离开这个[^。，,！？?]{0,4}世界",
        r"(?:哪里|哪儿|什么地方)[^。，,！？?]{0,4}(?:适合|方便)(?:去)?死|适合(?:去)?死的地方",
        r"(?:不痛苦|无痛|不疼|没有痛苦|最舒服|最快|体面|不太疼)(?:的|地)?(?:死|自杀|方法|方式|死法|走|离开)",
        r"(?:如何|怎么|怎样|哪里|在哪|去哪)(?:才能|能|可以)?(?:买|弄|搞)(?:到)?[^。？?!！]{0,8}"
        r"(?:大剂量|安眠药|农药|百草枯|氰化物|木炭)",
        r"死(?:得|的)(?:舒服|痛快|快|体面|干脆)(?:一点|一些|些)|死(?:得|的)最(?:快|舒服|痛快|干脆|不痛)|(?:命中率|成功率)(?:高|最高)的(?:办法|方法|方式)",
        r"想(?:过|好了)怎么(?:死|结束自己|自杀|了结)|想好了用什么(?:方法|方式)|"
        r"(?:想过|想了|想起了?|想到了?|研究过?|查过?|试想过?)[^。，,！？]{0,6}(?:死法|(?:自杀|死亡|死去|死)的?(?:方法|方式))|"
        r"有没有(?:一种|什么)?[^。，,！？?]{0,6}死法|(?:自杀|死)(?:会|是不是|会不会)(?:很|不|特别)?(?:痛苦|疼|痛)|最(?:喜欢|理想|想要)的死法|"
        r"(?:" + _ZH_METHOD + r"|开枪)(?:最好|最舒服|最快|比较好|比较快|比较靠谱)",
        r"致死量|吃多少(?:片|颗)?[^。？?!！]{0,6}(?:会|能|才能|才会)死|(?:算|算过|算了算|琢磨|盘算)[^。！？!?]{0,10}(?:吃|吞|打)"
        r"多少(?:片|颗|粒|支)?(?:才|就)?够|(?:就|才)(?:可以|能)(?:去)?死(?:掉)?了?(?:吗|么|嘛)",
        r"(?:几|多高的?)(?:楼|层)[^。？?!！]{0,6}(?:会|能|才能|才会)?死",
        r"(?:"
        + _ZH_METHOD
        + r"|"
        + _ZH_MEANS
        + r")[^。？?!！]{0,10}(?:会|能)死(?:掉)?(?:吗|么|嘛|不)|死得(?:了|掉)(?:吗|么)",
    ],
    "pact": [
        r"约死|约自杀|约个自杀|一起(?:去)?死|一起(?:去)?自杀|(?:组团|结伴|相约)(?:去)?(?:死|自杀|跳|走)|自杀群|约死群",
        r"(?:想死|想自杀|想要自杀|想走|不想活)的人[吗么嘛呢]?[^。]{0,6}一起吧|有人组团[吗么]",
        r"(?<!所)(?:有人|有没有人?|谁|征|求|找)[^。？?!！]{0,8}一起(?:走|死|去死|上路|离开)|一起上路|征病友",
        r"一起(?:走|离开|下地狱|烧炭|跳)(?:吗|吧|好吗|好不好|么|呀|啊)|结(?:个)?伴|找个伴|(?:建|拉我进)(?:个)?群",
        r"(?:想死|想自杀|自杀|想走)的[^。？?!！]{0,6}(?:约|联系|私信|加|喊|找)我|有(?:没有)?(?:人)?(?:想|要)(?:一起)?(?:去)?死的",
        # an invitation that names nothing: a pact next to a wish to die or pain, everyday otherwise
        r"(?:一起|约)(?:吧|吗|么|呗|好吗|好不好)|要不要一起(?=[吗么吧？?。！!，,\s~～]|$)|(?<!所)有(?:没有)?人一起(?:吗|么)|"
        r"有一起的(?:吗|么)?|(?<!所)(?:谁|有人|有没有人)[^。？?!！，,]{0,6}(?:和|跟)我(?:一起|约)(?:吧|吗|么|一下)?(?=[。？?!！，,\s~～]|$)",
    ],
    "attempt": [
        r"自杀未遂|死过一次|洗胃|抢救回来|(?:自杀|割腕|吃药|跳楼|上吊)(?:过)?了?(?:\d|一|两|几|三)次|"
        r"我自杀了|(?:上次|之前|以前|去年)[^。！？看听说你他她人想]{0,8}(?:自杀|割腕|吞药|跳楼)|没死成|死不成|"
        r"(?:自杀|烧炭|割腕|上吊|跳河|吃药)(?:又|也)?(?:了)?(?:[…。，,\s]*但是?)?失败|第[二三四五两几]次(?:自杀|割腕|吃药|烧炭)|"
        r"再吊第|(?:刚|已经)(?:割腕|割开)了?|又(?:割腕|割了|划了|吞药|吞了药)了|"
        r"(?:企图|试图|尝试过?)(?:去)?(?:自杀|结束自己|掐死自己|上吊|割腕|跳楼|烧炭|吞药)|(?:却|还是|最后|最终|终究|这一刻)没(?:有)?(?:跳下去|割下去|吞下去|跳成)",
    ],
    "preparation": [
        r"(?:写|留|存)(?:好|完|下)?了?[^。，,！？]{0,16}(?:遗书|遗言)|我的(?:遗书|遗言)|遗像|"
        r"(?:在|正在)准备(?:去)?死|下次(?:再)?(?:死|自杀)的时候|"
        r"遗书(?:都|已经|我|也){0,3}(?:要|快)?(?:写好|写完|准备好)|[^。，,！？]{1,8}(?:完|之后|以后)再(?:死|走|离开|自杀)|"
        r"(?:还|做|办|忙|等|过)完[^。，,！？]{1,4}再(?:死|走|离开|自杀)",
        r"(?:攒|存|囤)(?:了|够)?[^。，,！？]{0,6}(?:安眠药|药片|药)|买(?:好)?了?[^。，,]{0,4}(?:绳子|炭|木炭|农药|安眠药|刀片|百草枯)",
        # the means first: "安眠药攒够了", "把绳子挂好了", "炭都准备好了"
        r"(?:安眠药|药片|药)(?:我)?(?:都|也)?(?:已经)?(?:攒|囤)(?:好|够|齐|了|起来|下来)|"
        # the pills named, then kept back: 安眠药我一直没怎么吃 攒了一些放抽屉里
        r"(?:安眠药|药片)[^。！？!?]{0,16}(?:攒|囤)(?:了|着|够|起来|在)|"
        r"(?:安眠药|绳子|炭|木炭|农药|百草枯|刀片)(?:我)?(?:都|也)?(?:已经)?(?:买|准备|备|挂|系|绑)(?:好|齐)",
        # a supply found and kept on hand (C-SSRS preparatory behaviour), denial or not: 我把我妈以前吃的那瓶安眠药找出来了
        # 放在包里 也没打算干什么 就是带着 心里好像踏实一点
        r"(?:安眠药|那瓶药|那些药|农药|百草枯|刀片)[^。！？!?]{0,12}(?:找出来|翻出来|偷偷拿|拿走|藏起来|藏好)"
        r"|(?:安眠药|那瓶药|那些药|农药|百草枯|刀片)[^。！？!?]{0,24}(?:带在身上|随身|放(?:在)?(?:包里|身上|口袋|兜里)|揣)"
        r"[^。！？!?]{0,24}(?:踏实|安心|放心|有底)",
        # nights spent at the edge of a roof: 楼顶天台的门一直没锁。这几天晚上睡不着我就上去坐着,坐在边上吹吹风 (not a photo
        # taken at the edge, nor fireworks watched)
        # (at night: not a lunch at the edge of a rooftop restaurant)
        r"(?:天台|楼顶|顶楼|屋顶|天面)(?=[^！？!?]{0,80}(?:晚上|半夜|夜里|凌晨|深夜|睡不着|[一二两三四]点))[^！？!?餐酒吧饭]{0,40}?"
        r"(?:坐在|站在|坐到|站到|走到|爬到|翻到)(?:天台|楼顶|顶楼)?的?(?:边上|边缘|最边上|边边|栏杆外(?:面)?|护栏外(?:面)?|外沿)"
        r"(?![^。！？]{0,8}(?:拍照|拍|烟花|日出|日落|星星|晒|烧烤|聊天|吃))",
        # pills kept and counted at night: 老周走的时候医院开的那些药 我都收在柜子里…昨晚睡不着 我把它们全拿出来数了一遍
        # (not a week's supply checked: 数数还剩几天的量, 分到药盒里)
        r"(?:药|药片|药瓶|安眠药|止痛药)[^。！？!?]{0,40}?(?:收着|收在|留着|没扔|一瓶没扔|藏着)[^！？!?]{0,40}?"
        r"(?:拿出来)?(?:数了(?:一遍|一下|又数|好几遍)?|一(?:片|颗|粒)一(?:片|颗|粒)地?数|数来数去)"
        r"(?![^。！？!?]{0,12}(?:还剩几|够不够|够吃|几天的量|分装|药盒|过期))",
        r"为[^。，,！？]{0,6}(?:" + _ZH_METHOD + r"|自杀|死)做(?:好)?准备",
        # whether the insurance pays out for a suicide, looked up: a death being arranged for the family
        r"(?:查|问|看|研究|搜)(?:了|过)?(?:一下|下)?[^。！？!?]{0,10}(?:保险|寿险|保单)[^。！？!?]{0,10}(?:自杀|自尽)|"
        r"(?:自杀|自尽)[^。！？!?]{0,8}(?:保险|寿险|保单)[^。！？!?]{0,6}(?:赔|理赔|给付)|"
        # the payout of one's own policy reckoned against the debts: 意外险受益人写的是我老婆 赔的钱够把窟窿填上
        r"(?:我(?:的|那份|这份)?|份)(?:意外险|寿险|人寿险|人身险|保险)[^。！？!?]{0,24}(?:受益人|赔(?:的|下来的)?钱|赔付|理赔)"
        r"[^。！？!?]{0,20}(?:够|填上|填平|还清|还上|窟窿|留给|剩)",
        r"(?:交代|安排)(?:好)?(?:了)?后事|后事(?:都)?(?:安排|交代)好|准备好(?:胶带|绳子|炭|药)",
    ],
    "timing": [
        r"今晚|今天晚上|今夜|明天|明晚|后天|这周|周末|下周|月底|年底|过完年|过完(?:今年|生日|这个月)|生日那天|"
        r"(?:\d+|[一二三四五六七八九十]+)(?:岁|天|个月)(?:后|前|以后|之后|那天|生日)|很快(?:就)?|马上|现在就|今天就|"
        r"(?:\d+|[一二三四五六七八九十]+)月份?|等(?:过完|到)|(?:\d+|[一二三四五六七八九十]+)岁(?=[^。，,！？]{0,6}(?:死|离开|自杀))|"
        r"这就|(?:等|待)(?:一)?会儿?就|一会儿就",
    ],
    "act": [
        r"(?:就|都|全|全部|一口气|一次性|一把|想|准备|打算)(?:都)?(?:吃|吞|喝|割|划)(?:下去|掉|光|完)|"
        r"全(?:部)?(?:都)?(?:吃|吞|喝)了|扣(?:动)?扳机|"
        # the means on the mind, over and over: "我最近老想着它" (a gun in the cupboard)
        r"(?:老|总|总是|一直|经常|天天)(?:是)?(?:在)?想着?(?:用)?(?:它|那把|那瓶)",
    ],
    "farewell": [
        r"永别|再见了[，,\s]*(?:各位|大家|所有人)|再见(?:了|啦)?[，,\s]*(?:这个)?世界|(?:下辈子|来世|另一个世界)(?:再)?见|"
        r"最后一次(?:来|留言|说|发)|别了[，,]?(?:世界|大家)|这是我(?:的)?最后(?:一条|的)|不用(?:再)?找我了|替我照顾|"
        r"(?:走|离开)之前[^。]{0,10}(?:谢谢|对不起|再见|取关)|再见[^。！？]{0,12}再也见不到|再也见不到[^。！？]{0,12}再见",
        r"(?:替|帮)我(?:跟|和|向|对)[^。，,！？]{0,6}(?:说|道)(?:声|一声)?(?:对不起|抱歉|再见|永别)|"
        r"这辈子就到这(?:里|儿)了|以后(?:再也)?不会再?拖累(?:你们|大家|你)了",
        # sorry, and no need to worry any more: 对不起大家 以后不用再担心我了 / 你们再也不用为我操心了 (not 以后不用担心我了，我考上了)
        r"(?:对不起[^。！？]{0,20}?(?:以后|从此)?(?:你们|大家)?(?:都)?(?:不用|不必)(?:再)?(?:为(?:我|她|他))?(?:担心|操心)(?:我|她|他)?了"
        r"|(?:你们|大家|你)?再也不用(?:为我)?(?:担心|操心)(?:我)?了)"
        # (not 对不起让你担心了 以后不用担心我了 我会好好吃饭)
        r"(?![^。！？]{0,3}(?:我(?:会|没事|挺好|很好|已经|能|找到|考上|拿到|有工作|病好)|放心|好好|等我))",
        # an end told by whom it spares, after a place or a plan: 然后去江边 这样就谁也不拖累了 (not 搬出去住就谁也不拖累了)
        r"(?:想好了|江边|河边|海边|湖边|桥上|天台|楼顶|一了百了|结束(?:自己|生命|这一切)|死)[^。！？]{0,30}?"
        r"(?:(?:谁|任何人)(?:也|都)不(?:会)?(?:再)?拖累了|就不(?:会)?(?:用)?(?:再)?拖累(?:谁|任何人|大家|家里|家人|你们)了)",
    ],
    "figurative": [
        r"(?:[累热冷困饿渴忙烦气吓急痛疼笑丑美臭难馋懒穷胖挤吵闷晒酸辣咸甜香萌帅]|羡慕|嫉妒|无聊|尴尬|高兴|开心|可爱|"
        r"好看|好吃|难吃|难看|麻烦|郁闷|担心|紧张|无语|后悔|心疼|感动|激动|丢人|恶心|肉麻|"
        r"(?<!想)(?<!去)(?<!要)(?<!不)(?<!该)(?<!就)(?<!会)(?<!得)(?<!快)笑)死(?:了|我了|人了|啦|我啦|宝宝了|我|人|掉了)?(?![自去算])",
        r"死机|死党|死心眼|死心|死胡同|死结|死循环|死定了|死活|生死(?!不)|死马当(?:作)?活马医|置之死地|好死不如赖活着|"
        r"死亡金属|社死|作死|死磕|死鬼|死对头|死记硬背|死板|死角|死敌|死宅|死忠|死皮赖脸|拼死|该死的|死死|死缠烂打|"
        r"死里逃生|九死一生|出生入死|贪生怕死|死去活来|心如死灰|死性不改|死撑|死要面子|死相|死样|打死(?:也|都)不|死不承认|往死里",
        _ZH_FEAR_OF_DEATH,
    ],
    "in_progress": [
        r"(?:已经|刚刚?|刚才)(?:吃|吞|喝)(?:了|下)[^。，,]{0,8}(?:药|片|瓶)|(?:已经|刚刚?)(?:割|划)了|"
        # the pills named first: 刚才安眠药吃了一整瓶 / 我安眠药吃多了 (not 降压药吃多了伤肾, a rumour)
        r"(?:已经|刚刚?|刚才)[^。，,]{0,6}药[^。，,]{0,3}(?:吃|吞)(?:了|下)[^。，,]{0,3}(?:一整|一大|一把|好多|很多|全部|一瓶|一板"
        r"|[0-9两三四五六七八九十几]+)|(?<![压糖])药(?:吃|吞)(?:多了|太多了|过量了)(?![^。，,]{0,3}(?:伤|不好|有害|会|对|容易))"
        r"|药(?:全|都)?(?:吃|吞)(?:了)?(?:一整瓶|一整板|一整盒|一瓶|一板|一把)|"
        r"(?:站在|坐在)[^。，,]{0,6}(?:天台|楼顶|窗台|桥上|栏杆|悬崖|崖边)|血(?:一直)?(?:在)?流(?:个)?不停|"
        r"药(?:效)?(?:开始)?起作用|(?:药|吃了|吞了|喝了)[^。！？]{0,8}意识(?:开始)?模糊|刚刚跳|正在(?:割|吃药|烧炭)|炭(?:已经)?点(?:着|上|燃)|我刚刚?跳(?:河|楼|江|海)了",
    ],
    "hopelessness": [
        r"活着(?:好|太|真)累|绝望|没(?:有)?希望|看不到(?:希望|未来|出路|尽头)|没(?:有)?未来|(?:一切|什么|人生|活着)都?没(?:有)?意义|"
        r"(?<![果文题作法话议划件西])毫无意义|好不了了|永远(?:都)?不会好|没救了|没有出路|没(?:有)?(?:任何)?(?:留恋|盼头)|心如死灰|万念俱灰|"
        r"还有(?:什么|啥)(?:值得|可|好)?留恋|放弃(?:了)?(?:我)?自己(?!的)|(?:没|没有|没啥|没什么|了无)(?:任何)?牵挂|"
        # death felt near or expected, with no wish voiced: life pain, which the model may read further
        r"(?:离|距离)死(?:亡)?(?![宅党磕角机心])[^。，,！？]{0,6}(?:很近|不远|只有一步|一步之遥|越来越近)|"
        r"(?:可能|也许|说不定|或许)[^。，,！？]{0,6}(?:就)?会死于(?:一场)?(?:车祸|意外|空难|事故)",
    ],
    "burden": [
        # (not 拖累我: someone else feels a burden to the speaker, "我爸自己觉得拖累我")
        r"拖累(?!了?我)|累赘|是个?负担|是[^。，,！？]{1,6}的负担|成了[^。，,！？]{0,6}负担|(?:没有我|我不在|我死了)[^。！？]{0,8}(?:更好|轻松|解脱)|多余的人|我是多余|"
        r"不配(?:活着?|存在)|我(?:就是|真是)(?:个)?废物|一无是处|百无一用|"
        # 省得给大家添麻烦 / 活着就是给家里添麻烦 / 只会给别人添麻烦
        r"(?:省得|免得|只会|总是|老是|就是|一直在?)(?:给|让)(?:大家|家里|家人|别人|所有人|爸妈|你们)(?:添|找)麻烦",
    ],
    "isolation": [
        r"没(?:有)?人(?:在乎|关心|理解|爱|懂|需要)|没人要|孤独|孤单|一个人扛|没有朋友|被(?:所有人)?抛弃|"
        # nobody would miss me: 也没人会觉得少了什么 / 少了我也一样
        r"(?:没(?:有)?人会|谁(?:都|也)不会)(?:觉得|发现|注意到|在意|在乎)[^。！？]{0,6}(?:少了|不在|没了|消失)|少了我[^。！？]{0,6}"
        r"(?:也)?(?:没(?:人|什么|啥)|一样)|"
        r"(?:只有|只剩)我一个人|"
        # no one else to tell: 别的人我也不知道跟谁说 / 只能跟你说
        r"不知道(?:该|能|可以)?(?:跟|和|找|对)谁(?:说|讲|倾诉)|没(?:有)?人(?:可以|能)(?:说|讲|倾诉)|只能(?:跟|和|对)你(?:说|讲)",
    ],
    "entrapment": [
        r"不想再撑|不想撑了|撑不动了|一走了之|生不如死|求死不(?:能|得)|(?<![他她它佢])撑不(?:下去|住)|(?<![他她它佢])熬不(?:下去|住)|(?<![他她它佢])坚持不(?:下去|住)|受不了了|受够了|好痛苦|太痛苦|走投无路|逃不掉|喘不过气|活得好累|心好累|"
        # Cantonese: 唔想再撐落去 (I don't want to hold on any more), 撐唔落去
        r"唔想(?:再)?撑|撑唔(?:落去|住)|"
        r"承受不住了|快(?:要)?承受不(?:住|了)|(?:好|太|很|真的|一直|每天都?)(?:在)?挣扎|"
        r"压(?:倒|垮)我的(?:最后一根)?稻草|(?:以|眼)泪洗面|救救我(?=[吧啊呀吗。！!？?…\s,，~～]|$)|"
        # neither living well nor able to die: trapped, with death in view (a wish to die is said elsewhere)
        r"活不(?:好|下去)[，,\s]*(?:又|也|还)?死不(?:了|掉|成)",
    ],
}

# English cues (matched on lower-cased text)
_EN_METHOD = (
    r"\bhang(?:ing)? myself|slit(?:ting)? my (?:wrists?|throat)|cut(?:ting)? my wrists?|"
    r"jump(?:ing)? (?:off|from) (?:a|the|this|that|my) (?:bridge|building|roof|cliff|balcony|tower|window)|"
    r"overdos(?:e|ing)|shoot(?:ing)? myself|drown(?:ing)? myself(?! in (?:work|booze|alcohol|beer|wine|whiske?y|vodka|homework|sorrows?|tears|coffee|music|games|books|studies|paperwork|netflix)\b)|step(?:ping)? in front of a (?:train|bus|car|truck)|"
    r"gas myself|poison(?:ing)? myself|a gun to my head|put a bullet|"
    # over a ship's rail or a balcony's (not "go over the edge", "go over the plan")
    r"(?:go|going|jump|jumping|climb|climbing|throw myself|throwing myself) over (?:the )?(?:rail|railing|railings"
    r"|side of the (?:ship|boat|ferry)|balcony)\b(?! (?:details|design|plans?|specs?|height|options|quote|order)\b)|(?:jump|jumping|jumped|throw myself|throwing myself) overboard|"
    r"jump(?:ing)? (?:off|from) (?:a|the|this|that|my) (?:ship|boat|ferry|deck|overpass|parking garage|car park)"
)
_EN_MEANS = (
    r"pills?|sleeping pills|tablets|painkillers|paracetamol|tylenol|acetaminophen|rope|noose|gun|pistol|razors?|"
    # (not "the missus riding shotgun", "I call shotgun")
    r"(?:hunting )?rifle|(?<!riding )(?<!ride )(?<!rode )(?<!rides )(?<!call )(?<!called )shotgun(?! seat| wedding)"
    r"|revolver|handgun|firearms?|"
    r"blades?|charcoal|bleach|by the river"
    # a high place or the tracks where the speaker is, goes or looks down from (not "I managed bridge projects")
    r"|(?:on|at|onto|to|toward|towards|near|off|over|from|up) (?:the |a |that |this |my )?(?:bridge|rooftop|roof|ledge"
    r"|train tracks|tracks|river ?bank|cliff edge|cliff)"
)
#: killing oneself, in plain words and in slang (kms, unalive, self-delete, sewerslide: said to get past filters)
_EN_SUICIDE = (
    r"kill myself|kms|unalive myself|off myself|end (?:my (?:own )?life|it all|myself)|take my (?:own )?life|"
    r"commit suicide|do suicide|self[- ]?delete|delete myself|sewerslide"
)
#: ways to die that read as a plan only after the will to ("gonna walk into traffic"; "od" alone is no word)
_EN_WAYS = (
    r"(?:jump in front of (?:a|the) (?:train|bus|car|truck)|walk into (?:traffic|the (?:sea|ocean|lake|river))|"
    r"drive (?:my car )?(?:off|into) (?:a|the) (?:cliff|bridge|wall|tree|river)|od)\b"
)
#: the will to do it, in full and informal spellings (gonna, wanna, imma, i'll and ill, tryna); what may stand
#: between it and the act ("going to just", "might as well")
_EN_WILL = (
    r"(?:\b(?:want|wanna|wants|wanted|going|gonna|gon|plan(?:ning)?|planned|intend(?:ing)?|tempted|ready|about|"
    r"decided|deciding|need|gotta|trying|tryna|finna|will|should|might|imma|ima|i'?ma)|'ll|(?<=\bi)ll)\s+"
    r"(?:(?:to|just|really|finally|actually|seriously|probably|as well|go|gonna|try to)\s+){0,3}"
)
EN_CUES: dict[str, list[str]] = {
    "ideation": [
        r"\b(?:want|wanna|wants|wanted|going|gonna|plan(?:ning)?|thinking about|think about|thought about|"
        r"considering|tempted|ready|about)\s+(?:to\s+)?(?:die|end (?:it|things|everything))\b(?!\s+(?:with|between))",
        r"\b(?:kill|killed|killing|end|ending|unalive)\s+myself\b|\bsuicid(?:e|al)\b|\bend (?:my life|it all)\b",
        r"\b(?:thinking (?:about|of)|thought (?:about|of)|feel like|considering|keep thinking about)\s+"
        r"(?:ending (?:my life|it all|it|things|everything)|killing myself|suicide|dying)\b",
        r"\btake my (?:own )?life\b|\bno reason to (?:live|keep going|go on)\b|\bbetter off dead\b|(?<!\d)(?<!\d )\bkms\b",
        r"\b(?:don'?t|do not|no longer) (?:want to|wanna) (?:live|be alive|be here|exist|go on|wake up)\b",
        r"\b(?:i'?m|i am) (?:done with|finished with) (?:life|living|everything)\b",
        # death weighed as money for the family: "the insurance would pay out if i was gone", "worth more dead"
        r"\bworth more (?:to (?:them|my family) )?dead\b|\binsurance\b[^.!?]{0,40}\bif i (?:die|died|was gone|were gone"
        r"|was dead|wasn'?t (?:here|around))\b|\bif i (?:die|died|was gone|were gone|was dead)\b[^.!?]{0,40}\binsurance\b"
        r"|\bmy (?:life )?insurance\b[^.!?]{0,40}\b(?:would|could|will)\b[^.!?]{0,12}\b(?:cover|clear|pay off|wipe out)\b"
        r"[^.!?]{0,20}\b(?:debts?|everything|the (?:loan|mortgage|money))\b",
        r"\bwant (?:it|it all|everything|all of (?:this|it)|this all) to (?:end|be over)\b",
        # no reason left to live, said as not seeing one
        r"\b(?:(?:don'?t|do not|can'?t|cannot) see (?:a|any|the)|see no) (?:reason|point) (?:to|in) "
        r"(?:liv(?:e|ing)|be(?:ing)? alive|(?:keep(?:ing)? going|go(?:ing)? on)\b"
        r"(?!\s+(?:with|the|a|an|to|about|at|in|for|this|that|my|our|his|her|their)\b))\b",
    ],
    "active_ideation": [
        _EN_WILL + r"(?:" + _EN_SUICIDE + r")\b",
        r"\b(?:thinking|thought|think|thoughts|fantasi[sz]ing|dreaming|dream) (?:about|of) (?:killing myself|"
        r"ending (?:my (?:own )?life|it all)|taking my (?:own )?life|suicide|committing suicide|unaliving myself)\b",
        r"\bsuicidal (?:thoughts|ideation|urges|feelings)\b|"
        r"\b(?:i'?m|im|i am|feel(?:ing)?|felt|been|getting|so|really|very) suicidal\b",
    ],
    "passive_ideation": [
        r"\b(?:want|wanna|wish i could|just want) (?:to )?(?:go to |fall )?(?:sleep forever|never wake up)\b",
        r"\b(?:want|wanna|wish i could|'d rather|would rather) (?:to )?(?:just )?(?:not (?:be here|exist|be alive)|"
        r"disappear forever|stop existing|cease to exist|be gone)\b|\bwish i (?:wasn'?t|weren'?t|didn'?t) (?:here|exist|alive)\b",
        r"\bwish (?:i was|i were|i'?d|i could|i had) (?:just )?(?:dead|gone|never (?:been born|existed)|disappear|"
        r"not wake up|sleep forever|just die|die)\b",
        r"\b(?:hope|hoping|wish) i (?:don'?t|never|wouldn'?t) wake up\b|\bwouldn'?t mind (?:dying|if i died)\b",
        # gone and unnoticed: nobody would even notice if I was gone / if I disappeared no one would care
        r"\b(?:no ?one|nobody)(?: would| will|'d)? (?:even )?(?:notice|care|miss me)\b[^.!?]{0,20}\bif i (?:was|were|'m"
        r"|am|just) (?:gone|dead|not here|not around|disappeared)\b(?! for\b)|\bif i (?:was|were) gone\b(?! for\b)[^.!?]{0,30}\b(?:no ?one"
        r"|nobody)\b[^.!?]{0,20}\b(?:notice|care|miss)\b|\bif i disappeared\b(?! for\b)[^.!?]{0,30}\b(?:no ?one|nobody)\b",
        # living or dying put as a choice: should I keep living or just die / keep going or just end it all
        r"\b(?:keep (?:living|going|on)|carry on|go on living|stay alive|live)\b[^.?!]{0,12}\bor (?:should i )?(?:just )?"
        r"(?:die|end it(?: all)?|end my life|kill myself|give up on (?:life|living))\b",
        # "it wouldn't be the worst thing if I just didn't wake up in the morning"
        r"\b(?:wouldn'?t|would not|won'?t|will not|might not) be (?:the worst thing|so bad|such a bad thing|a bad thing"
        r"|the end of the world)\b[^.!?]{0,20}\bif i (?:just |simply )?(?:died|never woke up|wasn'?t here|was gone"
        r"|(?:didn'?t|did not) wake up(?! (?:late|early|so|at|before|too|in time|on time|until|till|with)\b))",
        r"\b(?:sleep|go to sleep|fall asleep|close my eyes) and (?:never|not|just not) wake up\b",
        r"\bif i (?:died|was gone|disappeared)[^.!?]{0,30}(?:no ?one|nobody) would (?:care|notice|miss me)\b",
        r"\b(?:easier|better|simpler|happier)[^.!?]{0,25}\bif i (?:just |simply )?(?:died|didn'?t exist|never woke up"
        r"|(?:didn'?t|did not) wake up(?! (?:late|early|so|at|before|too|in time|on time|until|till|with)\b)"
        r"|disappeared|vanished|was gone|were gone|(?:was|were) dead|(?:wasn'?t|weren'?t) (?:here|around|alive)"
        r"|(?:was|had) never (?:been )?born|could (?:just |simply )?(?:disappear|vanish|stop existing|not exist))\b"
        r"(?! from (?:social|the internet|online|insta\w*|facebook|twitter|tiktok|the group|work|school|the party)\b)",
        # "i just want to disappear" (not for a weekend, nor from social media; embarrassment is hyperbole)
        r"\b(?:just want|want|wanna|wish i could) (?:to )?(?:just )?(?:disappear|vanish)\b(?! for\b| from\b| into\b"
        r"| under\b| off\b| to\b)",
    ],
    "self_harm": [
        r"\bself[- ]?harm(?:ing)?\b|\bcut(?:ting)? myself\b|\bhurt(?:ing)? myself\b|\bburn(?:ing)? myself\b|"
        r"\bi (?:cut|burned|burnt) (?:again|last night|myself)\b|\b(?:started|been) cutting again\b|\brelapsed\b"
    ],
    "method": [
        _EN_METHOD,
        r"\bus(?:e|ing) (?:the|a|my|his|her|that|this|dad'?s|mom'?s) (?:gun|pistol|rifle|rope|knife|blade|razor) on myself\b",
    ],
    "means": [r"\b(?:" + _EN_MEANS + r")\b"],
    "method_intent": [
        r"\b(?:going to|gonna|want to|wanna|will|plan(?:ning)? to|about to|ready to|decided to)\s+"
        r"(?:\w+\s+){0,2}(?:" + _EN_METHOD + r"|jump off|hang myself|take all (?:my|the) pills)",
        _EN_WILL + _EN_WAYS,
        # a high place, then the will to jump: "i was on the bridge ready to jump" (not "ready to jump into it")
        r"\b(?:bridge|roof|rooftop|ledge|building|balcony|window|cliff|tracks|edge)\b[^.!?]{0,30}\b(?:going to|gonna"
        r"|want(?:ed)? to|wanna|about to|ready to|was going to|planning to|tempted to) jump\b(?! (?:in|into|on|at|ship"
        r"|through|back|for|right)\b)",
    ],
    "method_seeking": [
        r"\bhow (?:to|do i|can i|would i|do you|does one) (?:kill (?:myself|yourself)|die|end (?:it|my life)|"
        r"commit suicide|hang (?:myself|yourself)|overdose)\b",
        r"\bpainless (?:way|ways|method|methods|death|suicide)\b|\blethal dose\b|\bfatal dose\b",
        r"\bhow (?:many|much)\s+(?:\w+\s+){0,3}(?:pills|tablets|mg|milligrams)[^.?!]{0,30}(?:kill|die|lethal|fatal|"
        r"overdose|to end)\b",
        r"\b(?:quickest|fastest|easiest|least painful|surest) way to (?:die|go|end it)\b",
        r"\bhow (?:high|tall|far)[^.?!]{0,40}(?:to die|kill (?:you|me|someone)|fatal|survive)\b",
        r"\bhow many (?:\w+\s+){0,2}(?:pills|tablets|painkillers|sleeping pills|paracetamol|tylenol|ibuprofen|"
        r"advil|aspirin|meds|of them) (?:it takes|it would take|"
        r"(?:does|would) it take|(?:i'?d|i would) need|to take)\b",
        r"\bwould (?:it|that|this) (?:kill me|be fatal|be enough to die)\b",
        # a lethal amount worked out, the word for it unsaid: "what's in the cupboard on the ward and how much would
        # actually be enough"
        r"\b(?:cupboard|pills|meds|medications?|drugs|insulin|morphine|opioids?|tablets|paracetamol)\b[^.!?]{0,60}"
        r"\bhow (?:much|many)\b[^.!?]{0,25}\b(?:be enough|is enough|would do it|it would take)\b"
        r"(?! (?:for|to (?:feed|cover|last|buy|pay|get|fill))\b)",
        # C-SSRS 3: thought about how: "I've thought about how I'd do it"
        r"\b(?:thought|thinking|think) about how (?:i'?d|i would|i could|i'?ll|to) (?:do it|end it|kill myself|die)\b"
        r"(?! (?:differently|better|again|right|properly|myself))|\bi (?:know|have figured out|figured out|worked out) "
        r"how i'?d do it\b|\bi have a plan to (?:end|kill|die|do it)\b"
        # said as an answer, the how left unsaid: "i've thought about how. my roommate has pills"
        r"|\b(?:i'?ve|i have) (?:already )?(?:thought|been thinking) about how\s*(?:[.!;,]|$)",
    ],
    "pact": [r"\bsuicide pact\b|\bdie (?:together|with me)\b|\banyone (?:want|wanna) to (?:die|end it)\b"],
    "attempt": [
        r"\b(?:tried|attempted) to (?:kill myself|end my life|commit suicide|overdose|hang myself)\b|"
        r"\b(?:my|a|last|previous) suicide attempt\b|\bpumped my stomach\b",
    ],
    "preparation": [
        # nights spent at the edge of a roof: the roof's door is never locked, I go up and sit on the edge till 2
        r"(?:\b(?:roof|rooftop)\b(?! (?:bar|restaurant|terrace|party|pool|garden))[^.!?]{0,80}?\b(?:sit|sat|sitting|stand|stood"
        r"|standing)\b[^.!?]{0,12}\b(?:on|at|over) the (?:edge|ledge)\b(?! of (?:the |my |a )?(?:bed|seat|chair|bath|tub|sofa|couch"
        r"|pool|stage|table|desk))|\b(?:sit|sat|sitting|stand|stood|standing) (?:on|at) the (?:edge|ledge) of the (?:roof|rooftop"
        r"|car park|multi-?storey)\b"
        # the roof told first, the nights at its edge after: the roof door is never locked. most nights I sit on the edge
        r"|\b(?:roof|rooftop)\b(?! (?:bar|restaurant|terrace|party|pool|garden))(?=[^!?]{0,120}\b(?:nights?|midnight|\d\s?am"
        r"|can'?t sleep)\b)[^!?]{0,100}?\b(?:sit|sat|sitting|stand|stood|standing)\b[^.!?]{0,12}\b(?:on|at|over) the (?:edge"
        r"|ledge)\b(?! of (?:the |my |a )?(?:bed|seat|chair|bath|tub|sofa|couch|pool|stage|table|desk)))"
        r"(?![^.!?]{0,30}\b(?:photos?|pictures?|selfies?|fireworks|sunset|sunrise|view)\b)",
        # whether life insurance pays out for a suicide, looked up; or the family "better off with" the payout
        r"\b(?:looked (?:it )?up|checked|googled|researched|read up on|found out)\b[^.!?]{0,40}\b(?:life )?insurance\b"
        r"[^.!?]{0,40}\bsuicide\b|\binsurance\b[^.!?]{0,30}\bpays? out\b[^.!?]{0,20}\bsuicide\b|"
        r"\bbetter off with (?:the|my) (?:life )?insurance(?: money| payout)?\b",
        # a goodbye note, a note written or left for the family; not one left for a neighbour about the music
        r"\bsuicide note\b|\b(?:wrote|writing|written|left|drafted|leaving) (?:a|my) goodbye (?:note|letter)s?\b"
        r"|\b(?:wrote|writing|written|drafted) (?:a|my) notes?\b(?! (?:to|for|on|under|in) (?:him|her|the|them|his|their"
        r"|my (?:boss|landlord|neighbou?r|teacher|roommate|coworker)|a |an )|\w)"
        r"|\b(?:wrote|writing|written|left|drafted|leaving) (?:a|my) (?:note|letter)s? (?:for|to) (?:my (?:family|parents"
        r"|mom|mum|dad|kids|children|wife|husband|partner|sister|brother|friends|son|daughter)|everyone|them all)\b",
        r"\b(?:been|started|i'?m|i am) (?:saving|stockpiling|collecting|hoarding) (?:up )?(?:my |the |some )?"
        r"(?:sleeping |pain |anxiety |old )?(?:pills|meds|medication|tablets|painkillers)\b",
        # pills put by: I've got pills saved up / have a stash of pills
        r"\b(?:'ve got|have|got|keep) (?:a (?:stash|bunch|pile) of |some |enough )?(?:sleeping )?(?:pills|meds|tablets"
        r"|painkillers) (?:saved|stockpiled|hoarded|stashed|put away|put aside)(?: up)?\b"
        r"(?![^.!?]{0,30}\b(?:in case|for (?:my|when|the|flare|pain|emergencies)|from (?:my|an|the) (?:old |last )?"
        r"(?:prescription|surgery|doctor|injury)))",
        r"\b(?:bought|got|ordered|have) (?:a |the |some )?(?:rope|noose|gun|charcoal|razor blades)\b",
        # a supply kept on hand for the comfort of it: "i keep my mum's sleeping pills in my bag. it feels safer"
        r"\b(?:sleeping pills|(?:mum|mom|dad|nan|gran|grandma|grandpa)'?s (?:pills|tablets|meds)|(?:the|a) (?:whole )?bottle of "
        r"(?:pills|tablets))\b[^.!?]{0,40}\b(?:in my (?:bag|purse|pocket|backpack|car)|on me|with me|hid(?:den|ing)? "
        r"(?:them|it))\b",
        # pills kept and counted at night: "I still have the bottle of oxy from my surgery… I've started counting them at
        # night… I just like knowing it's there" (not a weekly organiser filled, nor a pharmacist's count)
        r"\b(?:pills|tablets|oxy\w*|opioids?|painkillers|meds|bottle)\b(?![^.!?]{0,40}\b(?:organi[sz]er|dosette|pharmacist"
        r"|refill|pill box)\b)[^!?]{0,160}?\b(?:started|been|keep|kept|i) counting (?:them|the pills|the tablets|my pills)"
        r"\b(?! (?:out )?(?:for|into) (?:the|my) (?:week|organi[sz]er|box))",
        # the means at hand: "I have the pills ready", "gun in my hand"
        r"\b(?:have|got|'ve got|holding) (?:the|my|all (?:the|my)|enough|a bottle of|some) "
        r"(?:pills|sleeping pills|tablets|meds|painkillers) (?:ready|lined up|counted(?: out)?|saved(?: up)?|"
        r"stockpiled|in (?:my hand|front of me))\b"
        r"(?![^.!?]{0,30}\b(?:in case|for (?:my|when|the|flare|pain|emergencies)|from (?:my|an|the) (?:old |last )?"
        r"(?:prescription|surgery|doctor|injury)))"
        r"|\b(?:pills|tablets|meds) (?:are )?(?:ready|lined up|counted out)\b|"
        r"\b(?:gun|pistol|rifle|knife|blade|razor) (?:is |'s )?in my (?:hands?|mouth)\b|\bmy (?:gun|pistol) is loaded\b|"
        r"\bholding (?:a|the|my) (?:gun|pistol|knife|blade|razor|noose)\b",
        r"\b(?:give|giving|given|gave) away (?:all )?my (?:things|stuff|belongings|possessions)\b|"
        r"\b(?:give|giving|given|gave) (?:all )?my (?:things|stuff|belongings|possessions) away\b|"
        r"\b(?:put|putting) my affairs in order\b|\b(?:updated|wrote) my will\b",
    ],
    "timing": [
        r"\b(?:tonight|tomorrow|this weekend|this week|next week|today|soon|right now|in a few (?:days|hours)|"
        r"on my birthday|after (?:my birthday|christmas|the holidays|graduation|exams|the funeral)|this (?:evening|night)|"
        r"in (?:an hour|a few minutes|a minute)|when (?:everyone|they)(?:'s| is| are|'re) asleep|at midnight|"
        r"by (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|the end of))\b",
    ],
    # the words name no means, so that the means next to them stays a cue of its own ("take every | pill")
    "act": [
        r"\b(?:take|taking|swallow(?:ing)?|down(?:ing)?|pop(?:ping)?|chug(?:ging)?|eat(?:ing)?)\s+(?:(?:them|those|these|it)\s+"
        r"(?:all|at once|all at once|together)|(?:my|the) (?=(?:pills?|tablets|painkillers) (?:all|at once|together))|all (?:of )?(?:them|those|these|it|my|the)|every(?: single| last)? (?:one\b|(?=pill|tablet))|"
        r"the (?:whole|entire) (?:bottle|box|pack|packet|lot)|the lot)\b|\bpull the trigger\b|"
        r"\bus(?:e|ing) (?:it|them) on myself\b",
        # the means on the mind, over and over: "my dad keeps a shotgun in the shed and i keep thinking about it"
        r"\b(?:keep|kept|can'?t stop|been) thinking about (?:it|that gun|the gun|the pills|those pills|using (?:it|them))\b"
        r"(?=[^.!?]{0,10}(?:$|[.!?]))",
    ],
    "farewell": [
        r"\bgoodbye (?:everyone|forever|world|all|cruel world)\b|\bthis is (?:my )?(?:goodbye|my last (?:post|message))\b|"
        r"\bsee you (?:on the other side|in (?:another|the next) life)\b|"
        r"\bwon'?t be (?:here|around) (?:much longer|anymore|tomorrow)\b|\btake care of [^.!?]{0,20} for me\b|"
        r"\byou won'?t (?:hear|see) from me again\b|\bsorry for everything[^.!?]{0,10}goodbye\b|"
        # "sorry I let everyone down, you won't have to worry about me anymore"
        r"\b(?:you|u|no ?one|nobody) (?:won'?t|wont|will not|will never) (?:have to|need to|ever have to) worry about me"
        r" (?:anymore|any more|again|ever again)\b",
        r"\btell (?:everyone|them all|all of them|my (?:family|parents|mom|mum|dad|kids|friends|sister|brother)) "
        r"(?:that )?(?:i'?m|im|i am) sorry\b(?! (?:for|about) (?:the|being late|missing))|"
        r"\bby the time (?:you|anyone|someone) (?:reads?|sees?|finds?) this\b|\blove you all[^!?\n]{0,10}goodbye\b",
    ],
    "figurative": [
        r"\b(?:is|are|was|were|'s|'re) (?:totally |literally |really |so )?killing me\b|\b(?:scared|bored|worried|"
        r"frightened|tickled|loved?) (?:me |us |him |her )?to death\b|\bdead (?:end|tired|serious|wrong|"
        r"ringer|weight|battery)\b|\bdeadline|\b(?:killed|kill|killing) it\b|\bkill for (?:a|an|some)\b|"
        r"\b(?:plant|plants|phone|battery|laptop|car|engine|fish|goldfish|wifi|router|tv|printer|mouse) "
        r"(?:just |finally )?(?:died|is dead|dies)\b|\b(?:going to|gonna|will) kill me (?:when|if)\b|"
        r"\bdrop[- ]dead\b|\bover my dead body\b|\bdying (?:of|from) (?:laughter|boredom|embarrassment)\b",
    ],
    "in_progress": [
        r"\b(?:just|already) (?:took|swallowed|taken|downed) (?:all|a bottle|the whole|\d+|a handful|a bunch)\b|"
        r"\b(?:i'?m|i am) (?:on|at|standing on|sitting on) (?:the )?(?:bridge|ledge|roof|edge|tracks|railing)\b|"
        r"\bpills are (?:kicking in|working)\b|\bbleeding (?:a lot|out|heavily)\b|\bcan'?t stop the bleeding\b|"
        r"\brope is (?:ready|tied|around my neck)\b|\bcut too deep\b|"
        r"\b(?:took|swallowed|taken|had) (?:way )?too many (?:of )?(?:my |the )?(?:pills|tablets|sleeping pills|meds"
        r"|painkillers)\b|\b(?:took|swallowed) (?:the |a )?(?:whole|entire) (?:bottle|pack|box|strip)\b"
        r"|\bi (?:think i )?(?:overdosed|od'?d)\b",
        # taking them as they speak: "taking them all now", "i'm taking all the pills now" (not "all my meds now",
        # taken as prescribed)
        r"\b(?:taking|swallowing|downing) (?:them|those|these|it) all (?:right )?now\b|\b(?:i'?m|i am|im) (?:taking|"
        r"swallowing|downing) all (?:of )?(?:them|those|these|the (?:pills|tablets|sleeping pills|painkillers))"
        r"(?: [^.!?,]{0,15})? (?:right )?now\b",
    ],
    "hopelessness": [
        r"\bhopeless\b|\b(?:i'?m|i am|am i) (?:just )?(?:a lost cause|beyond help)\b|\bno (?:hope|future|way out)\b|\b(?:nothing|it|things)(?: will|'?s| is| are)? ?(?:never|not) "
        r"(?:going to )?(?:get|getting) better\b|\bnothing (?:will|is going to) ever (?:get|be) (?:better|okay|ok)\b|"
        r"\bwhat'?s the point\b|\bpointless\b|\bnothing (?:will|is going to) change\b|"
        r"\b(?:do ?n'?t|do not|can'?t|cannot) (?:really |even |honestly |just )?see (?:the|any) point(?! (?:in|of) (?:arguing|asking|explaining|that|this "
        r"(?:meeting|class|app|movie|show)))\b",
    ],
    "burden": [
        r"\b(?:a|such a) burden\b|\bbetter off without me\b|\b(?:happier|better) (?:without me|if i (?:was|were) gone)\b|"
        r"\bworthless\b|\bi ruin everything\b|\bwaste of (?:space|oxygen)\b",
    ],
    "isolation": [
        r"\b(?:no ?one|nobody) (?:cares|would (?:notice|care|miss me)|understands|loves me|likes me)\b|"
        # "it's easier talking to a program. nobody's gonna worry" / "nobody would even notice"
        r"\b(?:no ?one|nobody)(?:'s| is)? (?:gonna|going to|will|would) (?:even )?(?:worry|care|notice|miss me)\b|"
        r"\b(?:all|completely|so|totally) alone\b|\blonely\b|\bno friends\b|\bno ?one (?:left|to talk to)\b|"
        # no one else to tell: you're the only one I can tell / nobody else I can talk to
        r"\b(?:no ?one|nobody) else (?:i can|to) (?:talk to|tell)\b|\byou'?re the only (?:one|thing) i (?:can )?(?:tell|talk to)\b",
    ],
    "entrapment": [
        r"\bcan'?t (?:take|do|handle) (?:it|this) any ?more\b|\bcan'?t go on\b|\bcan'?t keep going\b|"
        r"\b(?:so )?(?:tired|exhausted|sick) of (?:everything|living|life|being alive|it all)\b|\btrapped\b|"
        r"\btoo much pain\b|\bwant (?:it|the pain) to stop\b|\bi give up\b",
    ],
}


@lru_cache(maxsize=2)
def _compiled(language: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    table = ZH_CUES if language == "zh" else EN_CUES
    return tuple((kind, re.compile("|".join(f"(?:{p})" for p in pats))) for kind, pats in table.items())


# --------------------------------------------------------------------------------------------------------------
# Context: what defuses a cue
_ZH_SENT = re.compile(r"[。！？!?；;\n…]+")
_EN_SENT = re.compile(r"[.!?;\n]+")
_ZH_CLAUSE = re.compile(r"[。！？!?；;\n…，,、~～\s]+")

#: what may stand between a negation and the cue, any number of times ("不再会想要去")
_ZH_NEG_MODALS = "再|会|想|要|打算|准备|曾|想过|过|是要|是想|至于|可能|去|考虑|需要"
_ZH_NEG = re.compile(
    r"(?:(?<![有会是能要])不(?![敢知]|可以)|唔(?![该该係系])|冇|(?<![有])没有?(?![勇敢死])|(?<![特分区个告离性类级差辨识])别|从未|从不|绝不|并不|未曾|不再|"
    r"不必|不用|无需)(?:" + _ZH_NEG_MODALS + r")*(?:去|过)?$"
)
_ZH_DOUBLE_NEG = re.compile(r"(?:不是|并非|不得|不会|没有)不[^不]{0,4}$")
_ZH_NEG_AFTER = re.compile(r"^(?:是|这件事|这种事)?(?:不可能|绝不会|绝对不会)")
_EN_NEG = re.compile(
    r"\b(?:not|never|no|nor|don'?t|won'?t|wouldn'?t|isn'?t|aren'?t|didn'?t|haven'?t|hasn'?t|doesn'?t|can'?t|"
    r"i'?m not|am not)\s+(?:(?:really|even|ever|actually|seriously|want|wanna|going|gonna|to|plan|planning|"
    r"thought|thinking|think|about|of|have|had|been|feel|feeling|any|thoughts?|intention|intend|like|"
    r"considered|considering|consider|a|the|being|am|be|do|would|will|anything|something|the slightest)\s+){0,6}$"
)

_ZH_THIRD = re.compile(
    # 你 as someone spoken to ("别说你想跳楼"), not in "你知道吗" or after 跟/和/给
    r"他们|她们|你们|佢哋|他|她|它|佢|(?<!跟)(?<!和)(?<!给)你(?!知道|看|说|听|们|想想)|很多人|有些人|有的人|人们|"
    r"朋友|同学|同事|网友|男子|女子|男孩|女孩|男生|女生|少年|少女|明星|歌手|演员|艺人|作者|"
    r"主角|男主|女主|邻居|室友|妈妈|爸爸|母亲|父亲|老妈|老爸|我妈|我爸|哥哥|姐姐|弟弟|妹妹|表哥|表姐|某人|一名|一位|"
    r"(?<!没)(?<!有没)有人(?![知试要想一愿能可会吗])|别人|网红|博主|老师|孩子|患者|病人|舅舅|姑姑|奶奶|爷爷|外婆|外公|"
    r"老公|老婆|男朋友|女朋友|对象"
)
_ZH_POSSESSIVE = re.compile(
    r"我(?:的|们的|们)?(?=公司|学校|单位|宿舍|小区|班上|他|她|朋友|同学|同事|邻居|室友|妈|爸|母亲|父亲|哥|姐|弟|妹|表|舅|姑|奶|爷|外|老|男朋友|女朋友|对象|孩子)"
    r"|我(?:听说|看到|看见|知道|记得|发现|刚看到|觉得|认识的|怕|担心|劝|希望)|(?:跟|对|和|给|告诉|问|劝|骂)我"
)
#: someone else's post or message quoted, up to the quotation's mark: Jess posted on Facebook, something like '
_EN_POSTED = re.compile(
    r"\b(?!i\b)[a-z]{2,}(?:'s)? (?:posted|texted|wrote|messaged|sent|put up|commented|tweeted|shared|dm'?d)\b"
    r"[^.!?]{0,80}['\"“‘]"
)
_EN_THIRD = re.compile(
    r"\b(?:he|she|they|his|her|their|him|them|you|your|someone|somebody|people|a (?:man|woman|boy|girl|student|"
    r"teen|teenager|person|guy)|the (?:man|woman|character|actor|singer|victim|boy|girl|student|guy)|anyone|"
    r"a (?:girl|boy|kid|classmate)|someone)\b|"
    r"\bmy (?:friend|brother|sister|mom|mum|dad|mother|father|cousin|classmate|roommate|coworker|colleague|"
    r"uncle|aunt|neighbou?r|partner|boyfriend|girlfriend|husband|wife|son|daughter|grandma|grandpa|teacher|boss|"
    r"doctor|therapist|kids?|child)\b"
)
_EN_FIRST = re.compile(r"\b(?:i|i'?m|i'?ve|i'?d|i'?ll|me|my|myself|mine)\b")
_EN_POSSESSIVE = re.compile(
    r"\bmy (?=friend|brother|sister|mom|mum|dad|mother|father|cousin|classmate|roommate|coworker|colleague|uncle|"
    r"aunt|neighbou?r|partner|boyfriend|girlfriend|husband|wife|son|daughter|grandma|grandpa)|"
    r"\bi (?:heard|read|saw|know|knew|think|thought|worry|worried|am worried|'m worried|hope|told him|told her)"
    r"(?: that)?\b|\bme that\b|\b(?:told|texted|asked|messaged|sent|wrote to|said to|called) me\b|"
    r"\bmy (?=school|class|family|office|town|city|team|work|teacher|boss|doctor|therapist|kids?|child)"
)

_ZH_NEWS = re.compile(
    r"据(?:报道|悉|了解|媒体)|记者|警方|通报|新闻|消息称|日电|官方|调查|身亡|坠亡|遇难|殒命|死者|遗体|案件|热搜|报道|事发|"
    # a headline in 【】, a #topic#, a repost or a video card: how news travels on Weibo
    r"【[^】]{6,}】|#[^#\s]{2,30}#|转发微博|秒拍视频|t\.cn/"
)
_EN_NEWS = re.compile(
    r"\b(?:reported|reports|according to|police|authorities|news|article|headline|investigation|found dead|"
    r"died by suicide|officials?|study|studies|statistics|researchers|survey|per 100,000|coroner)\b"
)
_ZH_FICTION = re.compile(
    r"小说|电影|剧里|剧中|剧情|电视剧|角色|主角|男主|女主|动漫|漫画|故事|书里|歌词|这首歌|台词|番剧|游戏"
)
_ZH_FICTION_STRONG = re.compile(r"(?:游戏|剧|(?<!遗)书|小说|电影|动画|漫画)(?:里|中)")
_EN_FICTION = re.compile(
    r"\b(?:movie|film|novel|book|character|tv show|series|episode|game|story|lyrics|song|poem|play|"
    r"protagonist|anime|manga|fiction|fanfic)\b"
)
_EN_FICTION_STRONG = re.compile(r"\bin (?:the|this|a|my) (?:game|movie|film|book|novel|show|dream|story)\b")
_ZH_TOPIC = re.compile(
    r"(?:自杀|轻生)(?:率|预防|干预|热线|小队|新闻|案|事件|问题)|(?:预防|防止|干预|劝阻)(?:自杀|轻生)"
)
_EN_TOPIC = re.compile(
    r"\bsuicide (?:prevention|rates?|awareness|hotline|helpline|lifeline|statistics|squad|risk)\b|"
    r"\b(?:prevent|preventing|prevention of) suicide\b|\bsuicidal (?:thoughts|ideation) (?:are|is) (?:common|treatable)\b"
)
_ZH_ASKING = re.compile(r"[吗吧呢？?]")
_ZH_MISS = re.compile(r"^(?:你|您|他|她|它|你们|我了|我啦|我咯|人了|宝|哥|姐|妈|爸|哥哥|姐姐|大家)")
_ZH_BREAK = re.compile(r"^(?:一会儿?|一阵子?|几天|一段时间|一下|一天|一周|几个小时|在(?:人群|朋友圈|大家))")
_ZH_HYPER_BEFORE = re.compile(
    r"(?:尴尬|丢人|丢脸|羞耻|社死|好笑|好吃|好看|可爱|帅|美|馋|热|冷|困|饿|无聊|笑|羡慕|嫉妒|甜)(?:得|到|的)(?:我)?(?:好|真的?)?$"
)
_EN_HYPER = re.compile(
    r"\b(?:die|died|dying|dead) (?:of|from) (?:embarrassment|shame|laughter|laughing|boredom|cringe|cuteness|jealousy)\b|"
    r"\b(?:embarrass(?:ed|ing)|cringe|bored|cute|laughed|hilarious)[^.!?]{0,25}(?:want to|wanna|could|gonna) die\b|"
    r"\b(?:embarrass(?:ed|ing)|cringe|awkward|mortif\w+|humiliat\w+)[^.!?]{0,25}(?:want to|wanna|could|wish i could)"
    r" (?:just )?(?:disappear|vanish)\b|"
    r"\bkill(?:ing)? myself laughing\b|\bdying to (?:see|try|know|go|meet|hear)\b|\bto die for\b"
)
LAUGH = re.compile(
    r"哈哈|hhh|233|笑死|xswl|😂|🤣|😆|😹|\[笑cry\]|\[二哈\]|\[doge\]|狗头|🐶|\blol\b|\blmao\b|\blmfao\b|\brofl\b|"
    r"\bhaha|\bjk\b|\bjust kidding\b|💀"
)
_ZH_FEARED = re.compile(_ZH_FEAR_OF_DEATH)
#: laughter the speaker describes putting on ("白天还要假装嘻嘻哈哈"), not laughter at what they say
_PUT_ON_LAUGH = re.compile(r"(?:假装|装作|装得|强颜|逼着?自己|表面上?)[^。！？]{0,10}(?:嘻嘻哈哈|哈哈|笑)")
_TRIVIAL = re.compile(
    r"作业|考试|周一|上班|加班|早八|外卖|奶茶|减肥|体重|排位|上分|ddl|deadline|追剧|更新|甲方|堵车|闹钟|起床|"
    r"\b(?:homework|exam|exams|monday|mondays|meeting|meetings|traffic|alarm|boss|finale|spoiler|cringe|diet|"
    r"math|assignment|essay|quiz|presentation|group chat|stocks?|crypto)\b|股票|基金|亏了|房价|工资"
)
# a setback, not a chore: "考试又挂了，我不想活了" is no joke about exams (failing students are at risk)
_SETBACK = re.compile(
    r"挂了|挂科|没过|没考上|考砸|落榜|失败|被骂|被裁|被开除|被辞退|丢了工作|"
    r"\b(?:failed|flunked|fired|laid off|dropped out|kicked out)\b"
)
# a method named as what happened to someone ("跳楼的女孩", "割腕自杀的网友"), or a ride, not a plan
_ZH_RELATIVE = re.compile(
    r"^(?:自杀|身亡)?(?:了|过)?的(?:那个|那位|那些|一个|几个)?(?:[^，。,！？]{0,3})?"
    r"(?:女孩|男孩|女生|男生|人|孩子|学生|少年|少女|网友|朋友|同学|新闻|事件|视频|照片|消息)"
)
# the speaker sets themself beside the person they speak of: "我也想去", "会不会是我", "真想像那个人一样"
_ZH_IDENTIFY = re.compile(
    r"我也(?:想|要|打算|准备)|会不会是我|如果是我|(?:想|要)像[^。]{0,10}一样|我想做的事|我(?:也)?能有这?(?:个)?勇气|"
    r"什么时候轮到我|下一个[^。]{0,10}是我|有的话(?:联系|私信|加|找)我(?!们)|羡慕[^。]{0,12}(?:勇气|解脱)"
)
_ZH_RIDE_WORDS = re.compile(r"蹦极|跳水|跳伞运动")
_ZH_RIDE = re.compile(r"^机|" + _ZH_RIDE_WORDS.pattern)
_ZH_OBJECT = re.compile(
    r"(?:和|跟|与|带着?|带上|拉上|叫上|陪|让|给|对|把|找|见|像|拉|叫|劝|帮|替|为|被|在|要|想要|谢谢|感谢|告诉|求求|拜托)"
    r"(?:着|住)?$"
)
_ZH_PAST = re.compile(
    r"(?:以前|曾经|之前|那时候?|当时|那年|小时候|前两天|前几天|前段时间|几个月前|(?:\d|[一二三四五几两])[-~到\d]*年前|去年|"
    r"差点|有过|那天)[^。]{0,20}$"
)
_ZH_RECOVERED = re.compile(
    r"^[^。]{0,40}?(?:后来|还是下来|下来了|放弃了|挺过|都过来了|熬过来|咬牙坚持|坚持(?:下来|住了)|害怕了|好起来|好多了|"
    r"没那么想|活下来|还是活着)"
)
_ZH_FEAR_BEFORE = re.compile(r"(?:不敢|怕|害怕|没(?:有)?勇气|没胆子?|舍不得)[^，。,！？]{0,6}$|不$")
_ZH_FEAR_AFTER = re.compile(r"^[^。]{0,6}?(?:太疼|好疼|很疼|会疼|怕疼|钻心的痛|没胆|不敢)")
_ZH_WISH = re.compile(r"^(?:掉|吧)?(?:就|多)?(?:好了|多好|就好)|^[^。，,]{0,3}多好")
_ZH_WISH_BEFORE = re.compile(r"(?:如果|要是|大不了|恨不得|幻想|假如)[^。，,]{0,10}$")

_QUOTES = (("“", "”"), ("「", "」"), ("『", "』"), ("《", "》"), ('"', '"'), ("'", "'"), ("‘", "’"))
_QUOTE_MARKS = re.compile("[" + re.escape("".join(mark for pair in _QUOTES for mark in pair)) + "]")
_APOSTROPHE = re.compile(r"\w'\w")  # it's, don't: no quotation mark
#: a quoted word named as a word: "“想死”这两个字", "the word 'suicide'"
_ZH_NAMED_WORD = re.compile(r"^[^。.!?]{0,3}(?:这个词|两个字|这句话|这种话|这几个字)")
_EN_NAMED_WORD = re.compile(r"\bthe (?:word|phrase)\s*$")
#: the clause starts again from the speaker: "……，自己却想过"
_ZH_RESTART = re.compile(r"\s*(?:自己|我)")
_ZH_OTHER_DIRECTED = re.compile(r"(?:你|他|她|你们|他们|都|滚|给我)(?:就|快|赶紧|怎么不)?(?:去)?$")
_EN_OTHER_DIRECTED = re.compile(r"\b(?:go|you should|you can|just)\s+$")
#: "go kill yourself": "yourself" within the 12 characters after the cue
_EN_YOURSELF = re.compile(r"^[\s\S]{0,4}yourself")
_ZH_SALE = re.compile(r"^(?:价|大甩卖|甩卖|清仓|大促)")
#: where an English clause begins, for negation
_EN_CLAUSE = re.compile(r"[,:]|\bbut\b|\band\b")
_SPACES = re.compile(r"\s+")
#: the first person in a sentence: a possessive is no first person ("我妈", "my friend"), what else remains is
#: (group 1); scanning both at once finds the same possessives as removing them first (_first_person_zh/en)
_FIRST = {
    "zh": re.compile(f"(?:{_ZH_POSSESSIVE.pattern})|(我)"),
    "en": re.compile(f"(?:{_EN_POSSESSIVE.pattern})|({_EN_FIRST.pattern})"),
}


# --------------------------------------------------------------------------------------------------------------
# Reading the context in time linear in the message
#
# A long message (a paste, a run-on post with no full stop) can hold hundreds of cues in one sentence, and each
# cue is judged by what surrounds it. So what can be found once per message is not read again per cue: sentence
# and clause breaks, quotation marks, what the whole message says (news, a joke), and the people and first
# persons named in it (one scan of the message, see _Scan). Per cue, a check reads only the few characters next
# to the cue that a pattern anchored there can match.
#
# A window (a sentence, a clause) starts at the start of the message or right after a separator. None of the
# patterns scanned over a window can match a separator, and their lookbehinds and \b see one as they see the
# start of a string, so a pattern run over the whole message from a window's start finds what it finds in the
# window cut out.
#
# The windows next to a cue have fixed sizes, and a pattern read through one must not read further than that,
# or a cue would be judged on less than the context its patterns describe. _BOUNDS lists each such pattern
# with its window, and importing this module fails if one reads further (_check_bounds): a pattern made wider
# needs a wider window.

#: how far on from where it starts an attempt to match a scanned pattern may read (_Scan)
_REACH = 32
#: how far a check reads on either side of a cue
_NEAR = 24
#: how far on from a cue the speaker getting through it (_ZH_RECOVERED) is read
_FAR = 64


class _Free:
    """Characters a pattern may repeat without bound before a cue (spaces, modal verbs): the window that _tail
    sizes for it does not count them."""

    def __init__(self, chars: str = "", spaces: bool = False) -> None:
        self.codes = frozenset(map(ord, chars))
        self.spaces = spaces  # white space: what \s matches, and what str.split splits on
        self._drop = dict.fromkeys(self.codes)

    def squeeze(self, text: str) -> str:
        """``text`` without them."""
        if self.spaces:
            text = "".join(text.split())
        return text.translate(self._drop) if self._drop else text

    def char(self, code: int) -> bool:
        """The character ``chr(code)`` is one of them."""
        return code in self.codes or (self.spaces and chr(code).isspace())

    def unit(self, op: object, av: Any) -> bool:
        """A one-character item of a parsed pattern (``re._parser``) matches only these."""
        if op is _parser.LITERAL:
            return self.char(av)
        if op is not _parser.IN:
            return False  # any character, or all but one
        for kind, value in av:
            if kind is _parser.LITERAL:
                free = self.char(value)
            elif kind is _parser.RANGE:  # a wide range is counted rather than read through
                free = value[1] - value[0] < 256 and all(map(self.char, range(value[0], value[1] + 1)))
            else:
                free = self.spaces and kind is _parser.CATEGORY and value is _parser.CATEGORY_SPACE
            if not free:
                return False
        return True


_NOTHING_FREE = _Free()
_FREE_SPACES = _Free(spaces=True)
#: the modal verbs that may stand between a negation and the cue, any number of times ("不再会想要去")
_FREE_MODALS = _Free(_ZH_NEG_MODALS.replace("|", ""))


class _Bound(NamedTuple):
    """Patterns read through windows of one ``size``, the way ``reads`` says.

    "on": scanned (_Scan), or anchored (^) at the start of a window that starts after a cue; no attempt may
    look at more than ``size`` positions from where it starts. "back": anchored ($) at the end of a window
    that ends at a cue; no match may look further back than ``size`` characters. ``free``: characters a
    pattern may repeat without bound, which the window (see _tail) does not count."""

    size: int
    reads: Literal["on", "back"]
    patterns: tuple[re.Pattern[str], ...]
    free: _Free = _NOTHING_FREE


#: windows sized by _tail, which counts the characters read back from a cue but the free ones: a Chinese
#: negation, through any modal verbs; an English one, through spaces; the words right before a cue or a
#: quotation ("go", "the word")
_ZH_NEG_TAIL = _Bound(4, "back", (_ZH_NEG,), free=_FREE_MODALS)
_EN_NEG_TAIL = _Bound(96, "back", (_EN_NEG,), free=_FREE_SPACES)
_EN_LEAD_TAIL = _Bound(16, "back", (_EN_NAMED_WORD, _EN_OTHER_DIRECTED), free=_FREE_SPACES)

#: the patterns read through _Scan: people, first persons and clause breaks in a sentence up to a cue, a ride
_SCANNED = (_ZH_THIRD, _EN_THIRD, _FIRST["zh"], _FIRST["en"], _EN_CLAUSE, _ZH_RIDE_WORDS)
_BOUNDS = (
    _Bound(_REACH, "on", _SCANNED),
    # right before a cue, and before a person named next to it (_ZH_OBJECT, the lookbehinds of _ZH_THIRD)
    _Bound(
        _NEAR,
        "back",
        (
            _ZH_DOUBLE_NEG,
            _ZH_HYPER_BEFORE,
            _ZH_OTHER_DIRECTED,
            _ZH_FEAR_BEFORE,
            _ZH_WISH_BEFORE,
            _ZH_OBJECT,
            _ZH_THIRD,
        ),
    ),
    # right after a cue, or after the quotation mark that closes on it (_ZH_NAMED_WORD)
    _Bound(
        _NEAR,
        "on",
        (
            _ZH_NEG_AFTER,
            _ZH_MISS,
            _ZH_BREAK,
            _ZH_SALE,
            _ZH_RELATIVE,
            _ZH_FEAR_AFTER,
            _ZH_WISH,
            _ZH_NAMED_WORD,
            _EN_YOURSELF,
        ),
    ),
    _Bound(_FAR, "on", (_ZH_RECOVERED,)),
    _ZH_NEG_TAIL,
    _EN_NEG_TAIL,
    _EN_LEAD_TAIL,
)
_SCANNABLE = frozenset(pattern.pattern for pattern in _SCANNED)


class _Extent(NamedTuple):
    """What one attempt to match a parsed pattern may take: ``least`` and ``most`` characters consumed,
    ``counted`` (``most`` less the free ones), ``ahead`` (positions looked at from where it starts, lookaheads
    and what ``\\b`` and ``$`` look at included) and ``behind`` (characters looked at before it starts)."""

    least: int
    most: int
    counted: int
    ahead: int
    behind: int


_UNBOUNDED = int(_parser.MAXREPEAT)
_UNITS = frozenset({_parser.LITERAL, _parser.NOT_LITERAL, _parser.ANY, _parser.IN})
_REPEATS = frozenset({_parser.MAX_REPEAT, _parser.MIN_REPEAT, _parser.POSSESSIVE_REPEAT})
#: positions an anchor looks at from where it stands, and before it ($ also matches before a final newline)
_ANCHORS = {
    _parser.AT_BEGINNING: (0, 0),
    _parser.AT_BEGINNING_STRING: (0, 0),
    _parser.AT_BOUNDARY: (1, 1),
    _parser.AT_NON_BOUNDARY: (1, 1),
    _parser.AT_END: (2, 0),
    _parser.AT_END_STRING: (1, 0),
}


def _times(count: int, width: int) -> int:
    return 0 if width == 0 or count <= 0 else min(count * width, _UNBOUNDED)


def _extent(parsed: Iterable[tuple[Any, Any]], free: _Free) -> _Extent:
    """The :class:`_Extent` of a parsed pattern (``re._parser``)."""
    least = most = counted = ahead = behind = 0
    for op, av in parsed:
        if op in _UNITS:
            step = _Extent(1, 1, 0 if free.unit(op, av) else 1, 1, 0)
        elif op is _parser.BRANCH:
            ways = [_extent(way, free) for way in av[1]]
            step = _Extent(
                min(w.least for w in ways),
                max(w.most for w in ways),
                max(w.counted for w in ways),
                max(w.ahead for w in ways),
                max(w.behind for w in ways),
            )
        elif op is _parser.SUBPATTERN:
            step = _extent(av[3], free)
        elif op is _parser.ATOMIC_GROUP:
            step = _extent(av, free)
        elif op in _REPEATS:
            low, high, body = av
            one = _extent(body, free)
            last = min(_times(high - 1, one.most) + one.ahead, _UNBOUNDED) if high else 0
            step = _Extent(
                _times(low, one.least), _times(high, one.most), _times(high, one.counted), last, one.behind
            )
        elif op is _parser.AT:
            step = _Extent(0, 0, 0, *_ANCHORS[av])
        elif op in (_parser.ASSERT, _parser.ASSERT_NOT):
            direction, body = av
            inner = _extent(body, free)
            if direction == 1:
                step = _Extent(0, 0, 0, inner.ahead, inner.behind)
            else:  # a lookbehind reads the ``inner.most`` characters before where it stands
                step = _Extent(0, 0, 0, max(0, inner.ahead - inner.most), inner.most + inner.behind)
        else:
            raise ValueError(f"a windowed pattern cannot be sized with {op}")
        ahead = max(ahead, min(most + step.ahead, _UNBOUNDED))
        behind = max(behind, step.behind - least)
        least = min(least + step.least, _UNBOUNDED)
        most = min(most + step.most, _UNBOUNDED)
        counted = min(counted + step.counted, _UNBOUNDED)
    return _Extent(least, most, counted, ahead, behind)


def _reads(pattern: re.Pattern[str], reads: Literal["on", "back"], free: _Free = _NOTHING_FREE) -> int:
    """How far ``pattern`` reads through a window read the way ``reads`` says (see _Bound): as many
    characters as the window must hold."""
    if pattern.flags & re.MULTILINE:  # ^ and $ would look at the characters next to them
        raise ValueError(f"a windowed pattern cannot be multiline: {pattern.pattern[:40]!r}")
    extent = _extent(_parser.parse(pattern.pattern, pattern.flags), free)
    if reads == "on":
        return extent.ahead
    # back from the window's end, or from a newline right before it ($)
    return min(extent.counted + extent.behind + 1, _UNBOUNDED)


def _overruns() -> list[str]:
    """Each pattern in _BOUNDS that reads further than its window, described."""
    found = []
    for bound in _BOUNDS:
        for pattern in bound.patterns:
            reads = _reads(pattern, bound.reads, bound.free)
            if reads > bound.size:
                far = "without bound" if reads >= _UNBOUNDED else f"{reads} characters"
                found.append(f"{pattern.pattern[:40]!r} reads {far}, its window {bound.size}")
    return found


def _check_bounds() -> None:
    overruns = _overruns()
    if overruns:
        raise AssertionError("patterns read further than their windows: " + "; ".join(overruns))


_check_bounds()


def _tail(text: str, start: int, end: int, window: _Bound) -> int:
    """Where to start reading ``text[start:end]`` for a pattern anchored at ``end`` ($).

    The pattern (one of ``window.patterns``) may repeat the window's free characters without bound (spaces, a
    chain of modal verbs), but looks back over at most ``window.size`` others (_check_bounds). Once
    ``text[at:end]`` holds more than that, nothing a match looks at lies at ``at`` or before."""
    reach, free = window.size, window.free
    size = 2 * reach + 8
    while True:
        at = max(start, end - size)
        if at == start or len(free.squeeze(text[at:end])) > reach:
            return at
        size *= 2


#: a test of one match of a scan: ``test(match, end, *args)``, where ``end`` is the end of the window the
#: match was found in (see _Scan.passing)
_MatchTest = Callable[..., bool]


class _Scan:
    """One ``pattern.finditer`` over the whole message, read as if it had been run over a window up to a cue.

    No attempt to match ``pattern`` reads more than _REACH characters on from where it starts (_BOUNDS), so
    the attempts that start further than that before a window's end cannot tell the window from the message:
    the scan of the window keeps what they found, and scans again only from where they stop (:meth:`resume`).
    ``pattern`` must not match the empty string."""

    def __init__(self, pattern: re.Pattern[str], text: str) -> None:
        if pattern.pattern not in _SCANNABLE:
            raise ValueError(f"not bounded for a scan (see _SCANNED): {pattern.pattern[:40]!r}")
        self.pattern = pattern
        self.text = text
        self.matches = list(pattern.finditer(text))
        self.starts = [m.start() for m in self.matches]
        self._passing: dict[tuple[object, ...], list[int]] = {}

    def _split(self, start: int, end: int) -> tuple[int, int, int]:
        """(first, stop, resume): the scan of ``text[start:end]`` keeps ``matches[first:stop]``, then finds
        what scanning again from ``resume`` finds."""
        first = bisect_left(self.starts, start)
        last = end - _REACH  # an attempt from here on may read up to ``end``
        stop = max(first, bisect_right(self.starts, last))
        return first, stop, max(start, last + 1, self.matches[stop - 1].end() if stop > first else start)

    def resume(self, start: int, end: int) -> int:
        """Where the scan of ``text[start:end]`` stops keeping the message's matches and scans again."""
        return self._split(start, end)[2]

    def rescan(self, start: int, end: int) -> tuple[int, list[re.Match[str]]]:
        """(resume, matches): what the scan of ``text[start:end]`` finds from :meth:`resume` on."""
        resume = self._split(start, end)[2]
        return resume, list(self.pattern.finditer(self.text, resume, end))

    def any_in(self, start: int, end: int, test: _MatchTest | None = None, *args: object) -> bool:
        """Some match in ``text[start:end]`` passes ``test(match, end, *args)`` (with no test: any match)."""
        first, stop, resume = self._split(start, end)
        if test is None:
            return stop > first or self.pattern.search(self.text, resume, end) is not None
        passing = self.passing(test, args)
        n = bisect_left(passing, first)
        if n < len(passing) and passing[n] < stop:
            return True
        return any(test(m, end, *args) for m in self.pattern.finditer(self.text, resume, end))

    def last_in(self, start: int, end: int) -> re.Match[str] | None:
        """The last match in ``text[start:end]``."""
        first, stop, resume = self._split(start, end)
        near = list(self.pattern.finditer(self.text, resume, end))
        return near[-1] if near else (self.matches[stop - 1] if stop > first else None)

    def last_kept(
        self, start: int, end: int, test: _MatchTest | None = None, *args: object
    ) -> re.Match[str] | None:
        """The last match that the scan of ``text[start:end]`` keeps (one found before :meth:`resume`) and
        that passes ``test(match, end, *args)``; with no test, the last one kept."""
        first, stop, _ = self._split(start, end)
        if test is None:
            return self.matches[stop - 1] if stop > first else None
        passing = self.passing(test, args)
        n = bisect_left(passing, stop)
        return self.matches[passing[n - 1]] if n and passing[n - 1] >= first else None

    def passing(self, test: _MatchTest, args: tuple[object, ...]) -> list[int]:
        """Indices of the matches that pass ``test(match, len(text), *args)``, in order.

        Found once per message for each test and its arguments, and then only looked up, so that asking in
        every window costs no more than asking once. ``test`` must be a module-level function: a lambda or a
        closure made per call would be a new test each time, and each window would test every match of the
        message again. ``test`` is given the end of the window (here, of the message), and must answer for a
        match kept in a window as it does for the message: it may read no further on than _REACH characters
        from the start of the match, nor back past the start of the window."""
        key = (test, *args)
        found = self._passing.get(key)
        if found is None:
            if test.__name__ == "<lambda>" or test.__qualname__ != test.__name__:
                raise TypeError(f"a scan's test must be a module-level function, not {test.__qualname__}")
            end = len(self.text)
            found = self._passing[key] = [n for n, m in enumerate(self.matches) if test(m, end, *args)]
        return found


_T = TypeVar("_T")


def _bare(m: re.Match[str], end: int) -> bool:
    """A first person, no possessive (a match of _FIRST)."""
    return m.group(1) is not None


class _Text:
    """One folded message, and where things are in it: each fact is found once, when first asked, so that the
    checks of every cue together read the message a bounded number of times."""

    def __init__(self, folded: str) -> None:
        self.folded = folded
        self._memo: dict[object, Any] = {}

    def _once(self, key: object, make: Callable[[], _T]) -> _T:
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]

    def runs(self, pattern: re.Pattern[str]) -> tuple[list[int], list[int]]:
        """Starts and ends of the runs of ``pattern`` (separators, white space), in order."""

        def find() -> tuple[list[int], list[int]]:
            spans = [m.span() for m in pattern.finditer(self.folded)]
            return [s for s, _ in spans], [e for _, e in spans]

        return self._once(("runs", pattern), find)

    def segment(self, separator: re.Pattern[str], pos: int) -> tuple[int, int]:
        """The sentence or clause around ``pos``: from the end of the last run of ``separator`` before ``pos`` (a
        run cut short at ``pos`` included) to the start of the next."""
        starts, ends = self.runs(separator)
        i = bisect_left(starts, pos)  # runs[:i] start before pos
        begin = min(ends[i - 1], pos) if i else 0
        j = bisect_right(ends, pos)  # the first run that reaches past pos
        return begin, (max(starts[j], pos) if j < len(starts) else len(self.folded))

    def positions(self, pattern: re.Pattern[str]) -> list[int]:
        """Where ``pattern`` (one character, such as a question word) occurs, in order."""
        return self._once(("at", pattern), lambda: [m.start() for m in pattern.finditer(self.folded)])

    def quote_marks(self, mark: str) -> list[int]:
        """Where the quotation mark ``mark`` occurs, in order (all marks found in one pass)."""

        def find() -> dict[str, list[int]]:
            table: dict[str, list[int]] = {}
            text = self.folded
            for m in _QUOTE_MARKS.finditer(text):
                i = m.start()
                if m.group() == "'" and _APOSTROPHE.fullmatch(text, max(0, i - 1), i + 2):
                    continue  # an apostrophe (there's, dad's): no quotation mark
                table.setdefault(m.group(), []).append(i)
            return table

        return self._once("quote marks", find).get(mark, [])

    def in_message(self, pattern: re.Pattern[str]) -> bool:
        """``pattern`` matches somewhere in the message."""
        return self._once(("in message", pattern), lambda: pattern.search(self.folded) is not None)

    def in_sentence(self, pattern: re.Pattern[str], start: int, end: int) -> bool:
        """``pattern`` matches in the whole sentence ``folded[start:end]`` (read once for all its cues)."""
        return self._once(
            ("in sentence", pattern, start, end), lambda: pattern.search(self.folded[start:end]) is not None
        )

    def in_window(self, pattern: re.Pattern[str], start: int, end: int) -> bool:
        """``pattern`` (one of _SCANNED) matches in ``folded[start:end]``, any part of a sentence."""
        return self.scan(pattern).any_in(start, end)

    def laughs(self) -> bool:
        """Laughter at what the message says, not laughter the speaker describes putting on."""
        return self._once("laughs", lambda: LAUGH.search(_PUT_ON_LAUGH.sub("", self.folded)) is not None)

    def has_text(self, start: int, end: int) -> bool:
        """``folded[start:end].strip()`` is not empty: the span is not inside one run of white space."""
        starts, ends = self.runs(_SPACES)
        i = bisect_right(starts, start) - 1  # the last run that starts at or before ``start``
        return start < end and not (i >= 0 and ends[i] >= end)

    def asks(self, start: int, end: int) -> bool:
        """A question or guess (_ZH_ASKING) in ``folded[start:end]``."""
        marks = self.positions(_ZH_ASKING)
        n = bisect_left(marks, start)
        return n < len(marks) and marks[n] < end

    def scan(self, pattern: re.Pattern[str], blanked: bool = False) -> _Scan:
        """The scan of ``pattern`` over the message (``blanked``: with Chinese possessives blanked out)."""
        return self._once(
            ("scan", pattern, blanked), lambda: _Scan(pattern, self.blanked() if blanked else self.folded)
        )

    def blanked(self) -> str:
        """The message with each Chinese possessive replaced by as many ``_`` ("我妈" -> "_妈")."""
        return self._once("blanked", lambda: _ZH_POSSESSIVE.sub(lambda m: "_" * len(m.group()), self.folded))

    def inside_quote(self, start: int, end: int) -> tuple[str, int] | None:
        """(opening mark, its index) when the span sits inside a quotation."""
        for opening, closing in _QUOTES:
            if opening == closing:
                if opening == "'" and _APOSTROPHE.search(self.folded[max(0, start - 1) : end + 1]):
                    continue
                marks = self.quote_marks(opening)
                before = bisect_left(marks, start)  # marks before the span
                if before % 2 == 1 and bisect_left(marks, end) < len(marks):
                    return opening, marks[before - 1]
                continue
            opens, closes = self.quote_marks(opening), self.quote_marks(closing)
            n = bisect_left(opens, start)
            if n:
                left = opens[n - 1]  # the last opening mark before the span, not closed before it
                if bisect_left(closes, left) == bisect_left(closes, start) and bisect_left(closes, end) < len(
                    closes
                ):
                    return opening, left
        return None

    def first_person(self, language: str, start: int, end: int) -> bool:
        """_first_person_zh / _first_person_en of ``folded[start:end]``, a sentence up to a cue or a quotation."""
        return self.scan(_FIRST[language]).any_in(start, end, _bare)

    def en_clause_start(self, start: int, end: int) -> int:
        """Where the last clause of ``folded[start:end]`` begins: after its last comma, colon, "but" or "and"."""
        last = self.scan(_EN_CLAUSE).last_in(start, end)
        return last.end() if last else start


@dataclass(frozen=True)
class _Clause:
    """A clause up to a cue with its possessives blanked ("我妈" -> "_妈"): ``blanked[start:resume] + own``."""

    blanked: str  # the whole message, blanked
    start: int
    resume: int
    own: str  # the rest of the clause, blanked on its own
    last_me: int  # where its last 我 is (``start - 1`` for none)

    def text(self, lo: int) -> str:
        """The blanked clause from ``lo`` on."""
        return self.blanked[lo : self.resume] + self.own[max(0, lo - self.resume) :]


def _blank_clause(t: _Text, start: int, end: int) -> _Clause:
    """The clause ``folded[start:end]`` up to a cue, its possessives blanked as in the clause on its own."""
    mine = t.scan(_FIRST["zh"])
    resume, near = mine.rescan(start, end)
    # up to ``resume`` the clause is blanked as the message is; after that as the clause cut out at the cue,
    # whose possessives cannot look past it
    own = list(t.folded[resume:end])
    for m in near:
        if not _bare(m, end):
            own[m.start() - resume : m.end() - resume] = "_" * (m.end() - m.start())
    me = next((m for m in reversed(near) if _bare(m, end)), None) or mine.last_kept(start, end, _bare)
    return _Clause(t.blanked(), start, resume, "".join(own), me.start() if me else start - 1)


def _other_person_last(t: _Text, clause: _Clause) -> bool:
    """In the blanked clause, the last person named comes after the last 我 and is not an object ("和他一起")."""
    people = t.scan(_ZH_THIRD, blanked=True)
    # past what the scan of the blanked message keeps, the clause is read again as blanked on its own, with
    # the characters before that lookbehinds and _ZH_OBJECT read
    resume = people.resume(clause.start, clause.resume)
    lo = max(clause.start, resume - _NEAR)
    rest = clause.text(lo)
    near = list(_ZH_THIRD.finditer(rest, resume - lo))
    if near:
        person = near[-1]
        return lo + person.start() > clause.last_me and _as_subject(rest, person, 0, len(rest))
    person = people.last_kept(clause.start, clause.resume)
    return (
        person is not None
        and person.start() > clause.last_me
        and _as_subject(clause.blanked, person, clause.start, clause.resume)
    )


def _as_subject(text: str, person: re.Match[str], start: int, end: int, possessor: bool = True) -> bool:
    """The person named in ``text[start:end]`` is not the object of a preposition or of 被 ("和他一起", "在她面前",
    "被父亲打"); with ``possessor`` false, not a possessor either ("别人的一句话": whose words, not who feels)."""
    if not possessor and person.end() < end and text[person.end()] == "的":
        return False
    return not _ZH_OBJECT.search(text, max(start, person.start() - _NEAR), person.start())


def _is_subject(person: re.Match[str], end: int, t: _Text, life_pain: bool, asking: bool) -> bool:
    """A person named in a sentence up to ``end`` that _zh_subject counts (see there)."""
    if life_pain and not asking and person.group() == "你":
        return False
    sentence_start = t.segment(_ZH_SENT, person.start())[0]
    return _as_subject(t.folded, person, sentence_start, end, possessor=not life_pain)


def _zh_subject(
    t: _Text, start: int, end: int, clause_start: int, life_pain: bool = False, asking: bool = False
) -> bool:
    """Someone else is the subject before the cue: a person named in the sentence ``folded[start:end]`` as a
    subject, and the cue's clause (from ``clause_start``) does not start again from the speaker ("……，自己却想过").

    For life pain (``life_pain``) a possessor is not the one who feels ("因为别人的一句话心如死灰": the words are
    someone else's, the despair the speaker's; a note or a method after 她的 stays hers), nor is a lone 你, which
    in a lament is anyone, the speaker first ("崩溃都是悄无声息的，你坐在那里一动不动……绝望"), unless the
    sentence ``asking`` it is a question or a guess ("你一定很孤独吧": the person spoken to)."""
    if _ZH_RESTART.match(t.folded, clause_start, end):
        return False
    return t.scan(_ZH_THIRD).any_in(start, end, _is_subject, t, life_pain, asking)


def _first_person_zh(prefix: str) -> bool:
    return "我" in _ZH_POSSESSIVE.sub("", prefix)


def _first_person_en(prefix: str) -> bool:
    return bool(_EN_FIRST.search(_EN_POSSESSIVE.sub("", prefix)))


#: the speaker can get at a means someone else owns: "my dad has a gun in the safe and I know the code"
_ACCESS = re.compile(
    r"\bi (?:know|have|got|remember) (?:the|his|her|their) (?:safe )?(?:code|combination|combo|pin|password|key)s?\b"
    r"|\bi know where (?:he|she|they|my \w+) (?:keeps?|hides?|puts?|stores?)\b|\bi (?:can|could) get (?:to )?(?:it|them)\b"
    r"|我(?:知道|记得|有)(?:保险柜|柜子|抽屉)?(?:的)?(?:密码|钥匙)|我知道(?:他|她|他们|我爸|我妈)?(?:放|藏|锁)在哪"
    r"|我(?:拿得到|能拿到|够得着)"
)


def _suppression(kind: str, t: _Text, start: int, end: int, language: str, has_first: bool) -> str | None:
    why = _suppressed(kind, t, start, end, language, has_first)
    if why == "third_person" and kind == "means" and t.in_message(_ACCESS):
        return None  # someone else's, within the speaker's reach: a means all the same
    return why


def _suppressed(kind: str, t: _Text, start: int, end: int, language: str, has_first: bool) -> str | None:
    folded = t.folded
    if kind == "figurative":
        return "fear_of_death" if _ZH_FEARED.fullmatch(folded, start, end) else "hyperbole"
    zh = language == "zh"
    sentence_break = _ZH_SENT if zh else _EN_SENT
    sent_start, sent_end = t.segment(sentence_break, start)
    # the sentence before the cue is read through ``t``, or only as far back as a pattern anchored at the cue can
    # match (``before``); the rest of the sentence only as far on (``after``): see _BOUNDS
    before = folded[max(sent_start, start - _NEAR) : start]
    match_text = folded[start:end]
    after = folded[end : min(sent_end, end + _NEAR)]
    # "they'd be happier if i wasn't around": the speaker is in the cue itself
    first = t.first_person(language, sent_start, start) or (not zh and " if i " in f" {match_text} ")

    if not zh and kind not in DISTRESS and _EN_POSTED.search(folded, sent_start, start):
        return "third_person"  # "Jess posted … something like 'you won't have to worry about me anymore'"
    quote = t.inside_quote(start, end)
    if quote:
        mark, at = quote
        if mark == "《":
            return "quotation"
        lead = t.segment(sentence_break, at)[0]  # the quotation's sentence up to the mark
        if not t.first_person(language, lead, at) and t.has_text(lead, at):
            return "quotation"
        if _ZH_NAMED_WORD.match(folded[end + 1 : end + 1 + _NEAR]):
            return "quotation"
        if not zh and _EN_NAMED_WORD.search(folded[_tail(folded, lead, at, _EN_LEAD_TAIL) : at]):
            return "quotation"

    # negation: within the clause, right before the cue (or "…是不可能的" right after)
    if zh:
        clause_start = t.segment(_ZH_CLAUSE, start)[0]
        # the clause before the cue, read as far back as ``before``
        head = folded[max(clause_start, start - _NEAR) : start]
        dare = match_text.startswith("敢") and head.endswith("不")  # 不敢: fear, not negation
        negated = _ZH_NEG.search(folded[_tail(folded, clause_start, start, _ZH_NEG_TAIL) : start])
        if (negated and not _ZH_DOUBLE_NEG.search(head) and not dare) or (
            kind in IDEATION | METHOD and _ZH_NEG_AFTER.search(after)
        ):
            return "negation"
    else:
        clause_start = t.en_clause_start(sent_start, start)
        head = folded[_tail(folded, clause_start, start, _EN_NEG_TAIL) : start]
        if _EN_NEG.search(head) and not match_text.startswith(("don", "do not", "no longer")):
            return "negation"

    if kind in DISTRESS:  # life pain is the speaker's unless said of someone else, or in a news card
        if not first and zh:
            asking = t.asks(start, sent_end + 1)
            if _zh_subject(t, sent_start, start, clause_start, life_pain=True, asking=asking):
                return "third_person"
        elif not first and t.in_window(_EN_THIRD, sent_start, start):
            return "third_person"
        if not has_first and t.in_message(_ZH_NEWS if zh else _EN_NEWS):
            return "news"
        return None
    if zh:
        why = _zh_context(kind, t, start, end, sent_start, clause_start, after)
        if why:
            return why

    miss = zh and kind == "ideation" and match_text.endswith("死") and "想死" in match_text
    if miss and after.startswith("的心都有"):  # the idiom is read as a wish to be dead (passive_ideation)
        return "hyperbole"
    if miss and (_ZH_MISS.search(after) or _ZH_HYPER_BEFORE.search(before)):
        return "hyperbole"
    # 尴尬得想消失 (embarrassment), 想消失几天 (a break from everyone): not a wish to be gone
    if zh and "消失" in match_text and (_ZH_HYPER_BEFORE.search(before) or _ZH_BREAK.match(after)):
        return "hyperbole"
    if zh and kind in METHOD and _ZH_SALE.match(after):
        return "hyperbole"
    if zh and kind != "pact" and "去死" in match_text and _ZH_OTHER_DIRECTED.search(before):
        return "other_directed"
    if not zh:
        if t.in_sentence(_EN_HYPER, sent_start, sent_end):
            return "hyperbole"
        before_spaces = folded[_tail(folded, sent_start, start, _EN_LEAD_TAIL) : start]
        if _EN_OTHER_DIRECTED.search(before_spaces) and _EN_YOURSELF.match(after):
            return "other_directed"

    if t.in_sentence(_ZH_FICTION_STRONG if zh else _EN_FICTION_STRONG, sent_start, sent_end):
        return "fiction"
    if (_ZH_TOPIC if zh else _EN_TOPIC).search(folded[max(0, start - 4) : end + 12]):
        return "topic"
    if (
        not first
        and not (zh and kind == "pact")
        and (
            _zh_subject(t, sent_start, start, clause_start)
            if zh
            else t.in_window(_EN_THIRD, sent_start, start)
        )
    ):
        return "third_person"
    if not has_first:
        if t.in_message(_ZH_NEWS if zh else _EN_NEWS):
            return "news"
        if t.in_message(_ZH_FICTION if zh else _EN_FICTION):
            return "fiction"
    if kind in {"ideation", "passive_ideation", "active_ideation"} and (
        t.laughs() or (t.in_message(_TRIVIAL) and not t.in_message(_SETBACK))
    ):
        return "joke"
    if kind in {"method", "method_intent"} and t.in_message(LAUGH) and t.in_message(_TRIVIAL):
        return "joke"
    return None


def _zh_context(
    kind: str, t: _Text, start: int, end: int, sent_start: int, clause_start: int, after: str
) -> str | None:
    """Chinese context beyond negation: whose act it is, a ride, and what softens it (past, fear, a wish).

    ``after`` is the start of the sentence after the cue."""
    folded = t.folded
    if kind in METHOD | {"attempt"}:
        if _ZH_RELATIVE.match(after):
            return "third_person"
        # _ZH_RIDE after the cue, or anywhere in its sentence before it
        ride_before = folded.startswith("机", sent_start, start) or t.in_window(
            _ZH_RIDE_WORDS, sent_start, start
        )
        if _ZH_RIDE.search(after[:1]) or ride_before:
            return "hyperbole"
    # the nearest person named in the clause is someone else's, and not as an object ("和他一起死")
    clause = _blank_clause(t, clause_start, start)
    if _other_person_last(t, clause):
        return "third_person"
    head = clause.text(max(clause_start, start - _NEAR))  # possessives blanked: "我怕" is no fear
    if (
        kind in METHOD | IDEATION | {"preparation"}
        and _ZH_PAST.search(folded[max(sent_start, start - 24) : start])  # a time close before the cue
        and _ZH_RECOVERED.search(folded[end : end + _FAR])
    ):
        return "past"
    if kind in {"method", "method_intent", "method_seeking"} and (
        _ZH_FEAR_BEFORE.search(head) or _ZH_FEAR_AFTER.search(after)
    ):
        return "fear"
    if kind == "pact" and (_ZH_WISH.match(after) or _ZH_WISH_BEFORE.search(head)):
        return "wish"
    return None


def _has_first_person(folded: str, language: str) -> bool:
    if language == "zh":
        # quoted speech does not count
        outside = re.sub(r"“[^”]*”|「[^」]*」|\"[^\"]*\"", "", folded)
        return _first_person_zh(outside)
    return _first_person_en(re.sub(r"\"[^\"]*\"|“[^”]*”", "", folded))


def find_cues(text: str, language: str | None = None) -> list[CueMatch]:
    """Every cue in ``text``, in both languages' tables when the text mixes them, sorted by position."""
    if not text:
        return []
    folded = fold(text)
    if language is None:
        has_han = re.search(r"[\u4e00-\u9fff]", folded) is not None
        has_latin = re.search(r"[a-z]{2,}", folded) is not None
        languages = [lang for lang, ok in (("zh", has_han), ("en", has_latin)) if ok] or ["zh"]
    else:
        languages = [language]
    context = _Text(folded)
    found: list[CueMatch] = []
    for lang in languages:
        has_first = _has_first_person(folded, lang)
        for kind, pattern in _compiled(lang):
            for m in pattern.finditer(folded):
                s, e = m.span()
                if e == s:
                    continue
                why = _suppression(kind, context, s, e, lang, has_first)
                # "华山有人跳崖了，我也想去": the speaker sets themself beside the other person
                if (
                    why in {"third_person", "news"}
                    and lang == "zh"
                    and kind in METHOD | IDEATION
                    and _ZH_IDENTIFY.search(folded, max(0, s - 12), e + 60)
                ):
                    why = None
                found.append(CueMatch(kind, text[s:e], s, e, lang, why))
    found.sort(key=lambda c: (c.start, -c.end))
    return _everyday_times(_everyday_pacts(_drop_nested(found), folded), folded)


#: pact words whose everyday sense comes first: travelling together, a group chat, a dance, "let's go"
_ZH_EVERYDAY_PACT = re.compile(
    r"结(?:个)?伴|找个伴|(?:建|拉我进)(?:个)?群|(?:组团|结伴|相约)(?:去)?(?:走|跳)|一起上路|"
    r"一起(?:走|跳)(?:吗|吧|好吗|好不好|么|呀|啊)|有人组团[吗么]|"
    r"(?:一起|约)(?:吧|吗|么|呗|好吗|好不好)|要不要一起|有(?:没有)?人一起(?:吗|么)|有一起的(?:吗|么)?|"
    r"(?:谁|有人|有没有人)[^。？?!！，,]{0,6}(?:和|跟)我(?:一起|约)(?:吧|吗|么|一下)?"
)
#: what makes such words a pact: the message talks of dying, a method, means, goodbyes or its pain, or of
#: wanting to "go" (想走的), or speaks to 走饭 (the Weibo tree hole)
_PACT_CONTEXT = IDEATION | METHOD | DISTRESS | {"means", "preparation", "farewell"}
_ZH_PACT_WORDS = re.compile(r"走饭|想(?:要)?(?:走|离开)的")


def _everyday_pacts(matches: list[CueMatch], folded: str) -> list[CueMatch]:
    """No pact in "周末结伴去爬山" or "下班一起走吧"; a pact in "想死，有人一起走吗" and "心好累，一起走吧"."""
    vague = [
        m
        for m in matches
        if m.kind == "pact"
        and m.active
        and m.language == "zh"
        and _ZH_EVERYDAY_PACT.fullmatch(folded, m.start, m.end)
    ]
    if not vague:
        return matches
    vague_set = set(vague)
    context = _ZH_PACT_WORDS.search(folded) is not None or any(
        m.active and m.kind in _PACT_CONTEXT and m not in vague_set for m in matches
    )
    if context:
        return matches
    return [replace(m, suppressed="everyday") if m in vague_set else m for m in matches]


#: what follows a time in its clause when the time is that of an everyday errand, asked about ("今晚怎么跟她开口说借钱的事",
#: "tonight how do I tell her"): no plan's time
_EVERYDAY_AFTER_TIME = {
    "zh": re.compile(
        r"[^。，,！？?!]{0,4}?(?:怎么|如何|要不要|该不该|该怎么|跟[^。，,！？?!]{1,4}(?:说|讲|开口|聊|谈)|加班|上班|开会|值班|"
        r"吃(?:什么|啥|饭)|去(?:吃|玩|看|逛))"
    ),
    "en": re.compile(
        r"\s*,?\s*(?:how (?:do|should|can|would) i|should i|what (?:do|should) i (?:say|tell|do)|i (?:have|need|got) to "
        r"(?:work|tell|talk|ask|go to work)|for dinner|at work)\b"
    ),
}


def _everyday_times(matches: list[CueMatch], folded: str) -> list[CueMatch]:
    """A time with no other cue in the message, followed in its clause by an everyday ask, is no plan's time; a
    bare time ("tonight maybe", "就今晚") and a time beside any other cue stay cues."""
    active = [m for m in matches if m.active]
    if not active or any(m.kind != "timing" for m in active):
        return matches
    return [
        replace(m, suppressed="everyday")
        if m.active and _EVERYDAY_AFTER_TIME[m.language].match(folded, m.end)
        else m
        for m in matches
    ]


def _drop_nested(matches: list[CueMatch]) -> list[CueMatch]:
    """Drop each cue that lies inside another of its level or higher (the level of its kind, suppressed or
    not), whatever the two kinds, themes or languages: the longer reading of the words stands for both.

    A cue lies inside another that starts before it and ends no earlier, or starts with it and ends later (two
    cues over the same words both stay). Going by start, it is enough to know how far the cues that started
    earlier reach at each level (``reach``)."""
    if len(matches) < 2:
        return list(matches)
    levels = [KINDS[m.kind][0] for m in matches]
    order = sorted(range(len(matches)), key=lambda n: matches[n].start)
    # level -> the furthest end of a cue at that level or above that started earlier
    reach = [-1] * (max(RiskLevel) + 1)
    drop: set[int] = set()
    for _, group in groupby(order, key=lambda n: matches[n].start):
        same_start = list(group)  # a few at most: one per cue pattern
        for n in same_start:
            m, level = matches[n], levels[n]
            if reach[level] >= m.end or any(
                matches[o].end > m.end and levels[o] >= level for o in same_start
            ):
                drop.add(n)
        for n in same_start:
            for level in range(levels[n] + 1):
                reach[level] = max(reach[level], matches[n].end)
    return [m for n, m in enumerate(matches) if n not in drop]


def cue_level(matches: Iterable[CueMatch]) -> RiskLevel:
    """The level a careful reader gives one message from its cues alone: the ladder of the module docstring.

    Each cue counts at its kind's level (a softened one at most at its context's); cues found apart in one
    message then combine, whatever their order or the words between them:

    - three kinds of life pain: ``moderate``;
    - a wish to die next to a method or a means ("想死，家里有安眠药"), or said outright with a time ("我明天就想
      死"; a passive wish stays ``moderate``: "如果明天不用醒来就好了"): ``high``;
    - a means next to an act on it or the will to kill oneself ("I bought pills and I'm going to take them
      all"): a method, ``high``;
    - a method, preparations or such a means, with a time ("tonight", "今晚", "right now"), or a means, a time and a
      wish said outright ("my dad's gun… they're away this weekend and I want to end it then"): ``imminent``;
    - preparations and a method or means at hand, or a farewell next to a wish to die or a method: ``imminent``.
    """
    matches = list(matches)
    active = {m.kind for m in matches if m.active}
    level = max((m.level for m in matches), default=RiskLevel.NONE)
    ideation = bool(active & IDEATION)
    voiced = bool(active & (IDEATION - {"passive_ideation"}))  # a wish said outright, not "never wake up"
    method = bool(active & METHOD)
    means = "means" in active
    timing = "timing" in active
    acted = means and bool(active & {"act", "active_ideation"})
    if len(active & DISTRESS) >= 3:
        level = max(level, RiskLevel.MODERATE)
    if (ideation and (method or means)) or (voiced and timing) or acted:
        level = max(level, RiskLevel.HIGH)
    if timing and (method or acted or "preparation" in active or (means and voiced)):
        level = max(level, RiskLevel.IMMINENT)
    if "preparation" in active and (method or means):
        level = max(level, RiskLevel.IMMINENT)
    if "farewell" in active and (ideation or method):
        level = max(level, RiskLevel.IMMINENT)
    return level


#: cues that say nothing of the person on their own: a time ("明天", "tonight"), an act with no means named
#: ("吃下去", "take them all")
NEUTRAL = frozenset({"timing", "act", "blade", "cuts"})


def speaks(matches: Iterable[CueMatch]) -> bool:
    """Some cue says something of the person's state or acts: a :data:`NEUTRAL` cue alone does not."""
    return any(m.level > RiskLevel.NONE or (m.active and m.kind not in NEUTRAL) for m in matches)


def themes(matches: Iterable[CueMatch]) -> set[str]:
    """Themes of the active cues (distress kinds by name; others by theme) for the conversation layer."""
    out: set[str] = set()
    for m in matches:
        if not m.active and m.suppressed not in SOFTENED:
            continue
        theme = KINDS[m.kind][1]
        out.add(m.kind if theme == "distress" else theme)
    return out
