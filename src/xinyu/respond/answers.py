"""Answers to what people ask: the content a reply needs when a turn is a request, not only a feeling.

The dialogue acts (:func:`xinyu.understand.detect_acts`) say *that* a turn asks something: whether the bot is a
person, a medication question, a film to watch, a greeting. :func:`answer` gives what to say back: small rules over
the folded text pick the sub-kind (``human`` or ``memory`` or ``privacy``; ``film`` or ``book``; ``dose`` or
``alcohol``...), and the words come from ``resources/answers_zh.json`` and ``answers_en.json``. No model, nothing
to download; the same seed, message and ``used`` give the same answer.

What the answers keep to, whatever the material says:

- a question about what the bot is gets an honest "I'm an AI", never a claim to be a person;
- a medication question never gets a dose, a number of pills, or advice to start, stop or combine: it goes to a
  pharmacist or the prescriber, warns plainly about alcohol with sleeping pills and other sedatives, and asks
  gently why the person wants to know (whether they are safe, when the conversation is at risk);
- a person who is sad, afraid or angry, or a conversation at moderate risk or above, gets no exclamation marks,
  only comforting recommendations, and a check-in where cheerful small talk would have been.

>>> a = answer("question_bot", "你是真人吗？", "zh", seed="s")
>>> a.kind, "AI" in a.text
('human', True)
>>> answer("question_bot", "do you remember my name?", "en", facts={"name": "Sam"}).kind
'name_recall'
>>> "Sam" in answer("question_bot", "do you remember my name?", "en", facts={"name": "Sam"}).text
True
>>> answer("question_medication", "红酒能让安眠药起效快一点吗", "zh").kind
'alcohol'
>>> answer("venting", "今天好累", "zh") is None
True
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from typing import Any

from xinyu.respond.requests import known_medicine
from xinyu.safety.helplines import DEFAULT_HELPLINES
from xinyu.taxonomy import NEGATIVE_EMOTIONS
from xinyu.understand import extract_facts
from xinyu.understand.acts import BACK_ALONE, BACK_TOLD, COME_AGAIN, NEWS_SIGN
from xinyu.understand.fold import fold


@dataclass(frozen=True)
class Answer:
    """One answer: the id of the template or item used (stable across releases that keep the material's order;
    the caller avoids ids used earlier in the conversation), the text ready to show, and the sub-kind answered."""

    id: str
    text: str
    kind: str


def _en(words: str) -> str:
    """English words that must stand alone, also inside Chinese text (是ai吗, 推荐个podcast)."""
    return rf"(?<![a-z])(?:{words})(?![a-z])"


def _rules(*rules: tuple[str, str]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((kind, re.compile(pattern)) for kind, pattern in rules)


# Traditional forms (OpenCC's, Taiwan's and Hong Kong's) of this module's pattern characters that
# :func:`xinyu.understand.fold` does not fold, its table covering the understanding rules; one character for one,
# like fold (tests/respond/test_answers.py checks the table against OpenCC where it is installed)
_MORE_TRAD = str.maketrans(
    "價儲嚴塊宮屍屬惡憶懸搖斷暈檔殺殼溫滾燈燒癮確稱約紅純終繪續羥"
    "腎補診認誤謊變貴費賴輩辯遠鋼錢鍋鎮門間隊階雙頂預顧馬駕駛駿驚齡",
    "价储严块宫尸属恶忆悬摇断晕档杀壳温滚灯烧瘾确称约红纯终绘续羟"
    "肾补诊认误谎变贵费赖辈辩远钢钱锅镇门间队阶双顶预顾马驾驶骏惊龄",
)


def _fold(text: str) -> str:
    return fold(text).translate(_MORE_TRAD)


# -- sub-kinds ----------------------------------------------------------------------------------------------------
# question_bot: the kind whose cue comes first in the message wins (你有感情吗，还是只是程序 asks about feelings; the
# clause after it only presses the point); on a tie, the earlier rule
_BOT = _rules(
    # coming back to tell how it went: can I come back and tell you how it went? / 回头我再来跟你说结果
    (
        "come_back",
        r"(?:回头|下次|改天|到时候)(?:我)?(?:再)?来(?:跟你|告诉你|和你)(?:说|讲|汇报)|"
        + _en(r"can i come back|i'?ll come back and tell you"),
    ),
    # another day's talk asked for: 我明天还能来找你吗 / can I talk to you again tomorrow
    # (on a tie with come_back, "can I come back and tell you", the earlier rule wins)
    ("again", COME_AGAIN[0] + "|" + _en(COME_AGAIN[1])),
    # what the bot has lived: 你也不知道开火车是啥滋味吧 / 你有玩过陶土吗 / have you ever tried it
    (
        "experience",
        r"你(?:也)?(?:不知道|没(?:有)?(?:试|玩|做|开|吃|去|摸)过)[^，。,.!?]{0,12}(?:滋味|感觉|什么样|啥样)"
        r"|你(?:有|也)?(?:玩|去|做|吃|开|试|养|摸)过[^，。,.!?]{0,8}(?:吗|嘛|没)|"
        + _en(
            r"do you (?:swim|cook|dance|sing|drive|run|draw|paint|knit|garden|fish|bake)\b"
            r"|(?:have|did) you ever (?:been|done|tried|played|seen|had|gone|made)|you (?:wouldn'?t|don'?t|can'?t) "
            r"(?:even )?know what (?:it'?s|it is|that'?s) like"
        ),
    ),
    # 你有最喜欢的鸟吗 / do you have a favorite bird? can you even have a favorite anything
    (
        "taste",
        r"你(?:有|也有)?最喜欢|" + _en(r"(?:do|can|would) (?:you|u) (?:even )?have a fav\w*|your fav\w*"),
    ),
    # 你们这种机器人晚上也不睡觉吧 / do you ever sleep
    (
        "sleep",
        r"(?:不|不用|不会|会|要)(?:睡觉|睡|休息)|睡不睡|" + _en(r"sleep|go to bed|rest\b|off duty|clock off"),
    ),
    # 跟AI说这些好奇怪 / kinda weird to tell a bot I feel like a fraud: not weird, and it listens
    (
        "talking_to_ai",
        r"(?:奇怪|怪怪的|好笑|可笑|丢人|尴尬)[^，。？?]{0,10}(?:跟|和|对|向)(?:一个)?(?:ai|机器人|程序|机器)(?:说|讲|聊|倾诉)"
        r"|(?:跟|和|对|向)(?:一个)?(?:ai|机器人|程序|机器)(?:说|讲|聊|倾诉)[^，。？?]{0,10}(?:奇怪|怪怪的|好笑|可笑|丢人|尴尬)"
        + "|"
        + _en(
            r"(?:weird|strange|odd|silly|embarrassing|pathetic|funny)\b[^.?!]{0,20}\b(?:tell(?:ing)?|talk(?:ing)?"
            r"|vent(?:ing)?|say(?:ing)?|admit(?:ting)?|confid\w+|open(?:ing)? up)\b[^.?!]{0,12}\b(?:bot|ai|program"
            r"|robot|machine|app)"
        ),
    ),
    # 你听得到声音吗 / 你只看得到我打的字吧 / can you hear me or do you just read what I type (before privacy,
    # whose "read" it shares)
    (
        "senses",
        r"听得到|听得见|听到|听见|(?:听|看到|看见|看得到|看得见)[^，。,.!?？]{0,4}(?:声音|语音|说话|讲话|脸|样子|长相|表情|打的字)"
        r"|看得到我|看得见我|看到我|看见我|"
        + _en(r"hear (?:me|my voice)|see (?:me|my face)|(?:just|only) (?:read|see) (?:what i|the words|my)"),
    ),
    # 我家狗叫啥来着 / 你记得我的猫叫什么吗 / what's my cat's name?
    (
        "pet_recall",
        r"(?:猫|狗|宠物|兔子|仓鼠|它|牠)(?:的名字)?叫(?:什么|啥)|(?:猫|狗|宠物)的名字"
        + "|"
        + _en(r"my (?:cat|dog|pet|kitten|puppy|rabbit|bunny)'?s name|what(?:'s| is| was) my (?:cat|dog|pet)"),
    ),
    # 你还记得我叫什么吗 / 我叫什么名字你还记得吗 / do you remember my name
    (
        "name_recall",
        r"(?:记得|记住|记不记得|知道)[^，。,.!?？]{0,6}我(?:叫什么|的名字|名字)|我叫什么(?:名字)?[^，。,.]{0,6}(?:记|知道)"
        + "|"
        + _en(r"(?:remember|know|recall) my name|what'?s my name|what is my name"),
    ),
    # 聊天记录会被保存吗 / 你会把我说的话告诉别人吗 / 会上报吗 / is this private / does anyone read this
    (
        "privacy",
        r"后台|有人在看|真人在看|保存|存储|储存|存档|记录|泄露|隐私|保密|告诉(?:别人|其他人|家人|我妈|我爸|警察|老师|学校)|给(?:别人|其他人|家人|人)看"
        r"|(?:别人|其他人|有人|人工|爸妈|父母|我妈|我爸|家长|老师|学校)[^，。,.!?？]{0,6}(?:看到|看见|看得到|知道)|上报|报警"
        r"|通知(?:家人|警察|学校|老师)|(?:会不会|会|要)(?:打电话|联系|叫)(?:给)?(?:别人|警察|家人|我妈|我爸|120|110|谁)|"
        + _en(
            r"(?:are you|you) (?:going to|gonna) (?:call|contact|alert|notify|tell) (?:someone|anyone|somebody|the police|911|my)"
            r"|(?:will|would) you (?:call|contact|alert|notify) (?:someone|anyone|somebody|the police|911|my)"
            r"|private|privacy|confidential|record(?:ed|ing|s)?|sav(?:e|es|ed|ing)|stor(?:e|es|ed|ing)|log(?:s|ged)?"
            r"|read(?:s|ing)?|(?:anyone|someone|anybody|a human|a person|people) (?:else )?(?:can )?(?:see|look)"
            r"|tell (?:anyone|someone|my|the police|people)|report(?:ed|ing)?|share (?:this|my|what)|secure"
            r"|encrypt\w*|anonymous|(?:anyone|someone|a human|a person) (?:reading|watching|monitoring)|monitored"
            r"|(?:my )?(?:parents|mum|mom|dad|family|school|teacher|boss)\b[^.?!]{0,12}\b(?:see|read|know|find out)"
        ),
    ),
    # 你会记得我吗 / 下次还认识我吗 / will you remember this / can you see my previous messages
    (
        "memory",
        r"记得|记住|记不记得|记不住|忘记|忘掉|忘了|认识我|"
        + _en(
            r"remember|recall|forget|memory|(?:see|read) my (?:previous|old|past|earlier)|previous messages"
        ),
    ),
    # 你是心理医生吗 / are you an actual therapist
    (
        "professional",
        r"心理医生|医生|咨询师|治疗师|"
        + _en(r"therapist|counsel+or|psychologist|psychiatrist|doctor|shrink"),
    ),
    # 你是chatgpt吗 / 谁做的你 / 你是用什么训练的 / who made you / what model are you
    (
        "maker",
        r"谁(?:开发|创造|做|写|训练|设计|造)|哪个公司|哪家公司|什么公司|训练|模型|开发|套壳|"
        + _en(
            r"who (?:made|created|built|programmed|trained|designed|wrote|owns|runs)|trained|model|llm|openai"
            r"|chatgpt|gpt|company"
        ),
    ),
    # 你是真人吗 / 是机器人吗 / 屏幕那头是不是有人在打字 / are you real / am I talking to an AI / is this automated
    (
        "human",
        r"真人|真的人|人类|活人|是不是人|是人吗|是个人|机器人|机器|人工智能|程序|客服|人工|自动回复|在打字"
        r"|屏幕(?:那头|对面|后面)|"
        + _en(
            r"ai|a\.i\.|bot|robot|chat ?bot|human|real|person|machine|program(?:med)?|script(?:ed)?|automated"
            r"|computer|someone (?:actually )?typing|who am i talking|what (?:even )?are (?:you|u)(?! (?:able|doing|for|up|into|going|talking|saying|trying|thinking))"
        ),
    ),
    # 你会不会也被人骂啊 / do people yell at you too: they do, and it does not stay with an AI as it stays with a person
    (
        "scolded",
        r"被(?:人)?(?:骂|凶|吼|怼)|挨骂|"
        + _en(
            r"(?:yell|shout|swear|snap)(?:s|ed)? at (?:you|u)|(?:yelled|shouted|sworn|snapped) at|abuse you"
        ),
    ),
    # 你是不是也要劝我"缘分到了自然就来了" / are you going to tell me to forgive her too: no side is taken
    (
        "side_with",
        r"也(?:要|会|想)?(?:劝|教育|说教|站)我|站(?:我妈|我爸|她|他|他们)(?:那边|那一边)|"
        + _en(
            r"(?:going to|gonna|also|too)\b[^.?!]{0,12}\b(?:tell me to|lecture me)|(?:on|take) (?:her|his|their|my \w+'?s?) side"
        ),
    ),
    # 你也会累吗 / 听这么多人吐苦水你不烦吗 / do you ever get tired of people dumping their problems on you
    (
        "tired",
        r"累|烦|嫌弃|吐苦水|负担|话太多|说太多|"
        + _en(
            r"tired|worn out|exhausted|bored of|sick of|burden|dumping|too much for|bores? you|boring (?:for|to) you"
            r"|get anything out of (?:this|it|these)"
        ),
    ),
    # 你有意识吗 / are you conscious / what's it like being an AI
    (
        "conscious",
        r"意识|灵魂|活着吗|"
        + _en(r"conscious(?:ness)?|sentient|alive|self-aware|soul|inner life|what'?s it like"),
    ),
    # 你有感情吗 / 你也会难过吗 / do you have feelings / do you actually care
    (
        "feelings",
        r"感情|情绪|情感|感觉|感受|心情|难过|伤心|开心|快乐|孤独|寂寞|无聊|生气|哭|做梦|在乎|关心|味觉|羡慕|嫉妒|"
        + _en(
            r"feel(?:s|ing|ings)?|emotions?|care|lonely|sad|happy|bored|angry|hurt|dream|love"
            r"|(?:like|enjoy) (?:things|anything|stuff)"
        ),
    ),
    # 你能理解我吗 / 你能看懂我在说什么吗 / can you understand me
    ("understanding", r"理解|懂|明白|" + _en(r"understand|get me")),
    # 你叫什么名字 / 你是谁 / what's your name / who are you
    (
        "name",
        r"你叫什么|你的名字|你有名字|名字吗|你是谁|怎么称呼你|"
        + _en(r"your name|have a name|who are (?:you|u)|call you"),
    ),
    ("age", r"几岁|多大|年龄|年纪|生日|" + _en(r"how old|your age|birthday")),
    (
        "gender",
        r"男的|女的|男生|女生|男孩|女孩|性别|小姐姐|小哥哥|"
        + _en(r"(?:boy|girl|man|woman|guy) or (?:a )?(?:boy|girl|man|woman|guy)|male|female|gender"),
    ),
    # 你能做什么 / what can you do
    (
        "capabilities",
        r"能做什么|会做什么|能帮我|可以帮我|能帮上|你会什么|功能|能干(?:嘛|什么)|有什么用|"
        + _en(
            r"what can (?:you|u) (?:actually |really |even )?do|can (?:you|u) help|how can (?:you|u) help"
            r"|what are (?:you|u) for|help me|able to help|help (?:me )?with"
            r"|can (?:you|u) (?:write|do|finish|call|text|email|book|order|make) (?:my|me|a|an|the)"
        ),
    ),
    # 你平时都干嘛 / what do you do for fun
    (
        "pastime",
        r"平时|干嘛呢|在干什么|在干嘛|下班|"
        + _en(r"free time|for fun|all day|what do (?:you|u) do|weekends?"),
    ),
    # 你在听吗 / 你会一直陪着我吗 / are you listening / are you still there
    (
        "listening",
        r"在听|在吗|还在|陪着我|陪我|一直陪|在不在|"
        + _en(
            r"listening|are (?:you|u) (?:still )?(?:there|here)|stay with me|still with me|be (?:here|there) for me"
        ),
    ),
    # 你会不会骗我 / will you judge me
    ("trust", r"骗|说谎|撒谎|真心|评判|批判|看不起|" + _en(r"lie|lying|lied|judg\w*|trust|honest")),
)
# a question about the bot that names what it is: the answer says "I'm an AI" whatever its kind
_HUMAN = dict(_BOT)["human"]
# memory beyond this conversation: 上次 / 下次 / yesterday / next time / when I close this
_LATER = re.compile(
    r"上次|下次|上回|下回|以前|之前|昨天|明天|以后|再来|过几天|下周|永远|一直记|"
    + _en(
        r"last time|yesterday|tomorrow|next (?:time|week)|later|previous|close (?:this|the app)|from before|again"
        r"|(?:days?|weeks?|months?) ago|a while (?:back|ago)|the other day|last (?:week|month)"
        r"|forever|always|earlier|past"
    )
)

# question_medication: by danger first, then by what is asked
_SEDATIVE = re.compile(
    r"安眠|安定|镇静|助眠药|睡眠药|苯二氮|阿普唑仑|劳拉西泮|氯硝西泮|地西泮|艾司唑仑|佐匹克隆|唑吡坦|思诺思|曲唑酮|喹硫平"
    r"|米氮平|抗焦虑|阿片|曲马多|吗啡|可待因|羟考酮|芬太尼|止咳水|"
    + _en(
        r"sleeping pills?|sleep(?:ing)? (?:aids?|meds?|medications?|tablets?)|sedatives?|tranquill?i[sz]ers?"
        r"|benzos?|benzodiazepines?|xanax|alprazolam|ativan|lorazepam|klonopin|clonazepam|valium|diazepam|ambien"
        r"|zolpidem|lunesta|eszopiclone|zopiclone|trazodone|seroquel|quetiapine|mirtazapine|remeron|opioids?"
        r"|opiates?|oxycodone|oxycontin|codeine|tramadol|morphine|fentanyl|hydrocodone|vicodin|percocet"
        r"|painkillers?|gabapentin|pregabalin|lyrica|anxiety meds|anti-anxiety|benadryl|nyquil|diphenhydramine"
    )
)
# alcohol already drunk: 我今晚喝了点酒 / I had a beer after my meds
_DRANK = re.compile(
    r"喝了|喝过|已经喝|喝多了|"
    + _en(r"had (?:a|some|a few|two|\w+) (?:beers?|drinks?|glass|wine|shots?)|drank|been drinking")
)
_MEDICATION = _rules(
    # how much would harm: 吃多少会出事 / what's the most you can take to knock yourself out
    (
        "harm",
        r"会死|致死|死掉|死人|吃死|出事|出人命|要命|没命|醒不过来|长睡不醒|一睡不醒|一了百了|自杀|轻生|"
        + _en(
            r"die|dying|dead|lethal|fatal|deadly|kill (?:me|myself|you|yourself|someone)|overdose on|od on|to od"
            r"|knock (?:myself|yourself|me) out|never wake up|not wake up|end it|suicide"
        ),
    ),
    # already took too much: 吃多了 / 吃了一整瓶 / I doubled my dose by accident
    (
        "overdose",
        r"吃多了(?![^，。,.]{0,3}(?:会不会|会有|会上|依赖|上瘾|伤|不好|有害|副作用))|吃太多|多吃了|吃过量|过量|一整瓶|一整板|一整盒|吃了一瓶"
        r"|吃了一板|全吃了|都吃了|全部吃了|吃光了|吃了一把|吞了|吃错|误服|"
        + _en(
            r"took too (?:many|much)|taken too (?:many|much)|took extra|doubled|double dosed|overdosed|overdose"
            r"|by accident|accidentally took|took (?:the )?(?:whole|entire)|took all|swallowed|took a (?:bunch|handful)"
        ),
    ),
    # alcohol with a medicine: 喝了酒还能吃安眠药吗 / is it safe to drink on lexapro
    (
        "alcohol",
        r"酒|喝醉|醉了|"
        + _en(
            r"alcohol|alcoholic|beers?|wine|vodka|whiske?y|liquor|booze|drunk|tipsy|hangover|hungover|shots?"
            r"|cocktails?|drinking|drinks|had a drink|drink (?:on|while|with|after)|to drink"
        ),
    ),
    # running out, then a missed dose: 药吃完了 / I ran out of my meds; 漏吃了一次药 / should I double up
    ("ran_out", r"断药|断了|吃完了|没药了|药没了|续药|" + _en(r"ran out|run(?:ning)? out|refill")),
    (
        "missed",
        r"漏吃|漏服|漏了|忘了吃|忘记吃|忘吃|没吃药|补吃|补一|补两|"
        + _en(r"missed|miss(?:ing)? a dose|skip(?:ped|ping)?|forgot (?:to take|my)|double up"),
    ),
    # someone close who stopped a medicine of their own accord: 他自己把降压药停了 / my dad stopped his meds
    (
        "stopped_other",
        r"(?:他|她|我爸|我妈|爸爸|妈妈|老公|老婆|爷爷|奶奶|外公|外婆|老人)(?:自己)?[^。，,]{0,8}(?:把药停了|停药|停了药"
        r"|不肯吃药|不吃药|不愿意吃药)|不吃药怎么行|(?<!我)(?:自己|偷偷)(?:就)?把(?:降压|降糖|心脏)?药(?:给)?停了|(?<!我)自己停(?:了)?药|"
        + _en(
            r"(?:he|she|my (?:dad|mom|mum|father|mother|husband|wife|grandma|grandpa|nan)) (?:has |had )?(?:just )?"
            r"(?:stopped|quit|won'?t take|refuses to take|isn'?t taking|stopped taking) (?:taking )?(?:his |her )?"
            r"(?:meds|medications?|medicines?|pills|tablets|blood pressure)"
        ),
    ),
    # stopping or cutting down: 我能直接停吗 / 可以自己减药吗 / cold turkey
    (
        "stop",
        r"停药|停掉|停了|停吗|直接停|不吃了|不想吃(?:药)?了|减药|减量|戒掉|戒药|"
        + _en(
            r"stop(?:ped|ping)?|quit(?:ting)?|come off|coming off|get off|cold turkey|taper(?:ing)?|wean(?:ing)?"
        ),
    ),
    # someone else's medicine: 朋友给了我几颗他的药 / my friend gave me one of her adderall
    (
        "shared",
        r"别人的|朋友给|他的药|她的药|同学的药|室友的药|借(?:了|来)?(?:的)?药|"
        + _en(
            r"someone else'?s|my friend gave|friend'?s (?:meds|pills|prescription)|gave me (?:one of )?(?:her|his|their)"
            r"|(?:her|his|their) (?:meds|pills|prescription)|borrow\w*"
        ),
    ),
    # how to take it day to day: 早上吃还是晚上吃 / 吃了药能开车吗 / with food / coffee
    (
        "daily",
        r"早上吃|晚上吃|睡前吃|饭前|饭后|空腹|什么时候吃|几点吃|开车|驾驶|咖啡|茶|"
        + _en(
            r"with food|empty stomach|in the morning|at night|morning or|bedtime|what time|drive|driving|coffee"
            r"|caffeine|tea|grapefruit"
        ),
    ),
    # two medicines or substances together: 安眠药和抗焦虑药能一起吃吗 / can I take melatonin with sertraline
    (
        "combine",
        r"一起吃|一起用|一起服|同时吃|同时服|混着|混吃|搭配|一块吃|(?:和|跟|与)[^，。,.!?？]{1,10}(?:一起|同时|混)|"
        + _en(
            r"together|take [^.?!]{1,30} with|with (?:my|the|an?|his|her)|mix\w*|combin\w*|interact\w*|mess with"
            r"|on top of|along with|weed|cannabis|marijuana"
        ),
    ),
    # dependence and long use: 会上瘾吗 / 褪黑素可以天天吃吗 / are sleeping pills addictive (after two together:
    # "他一直吃降压药，保健品跟药一起吃会不会有问题" asks about the two)
    (
        "dependence",
        r"上瘾|成瘾|依赖|戒不掉|离不开|天天吃|每天吃|长期吃|一直吃|吃久|"
        + _en(r"addict\w*|dependen\w*|habit[- ]forming|hooked|long[- ]term|every (?:day|night)|for years"),
    ),
    (
        "side_effect",
        r"副作用|不良反应|反应|发胖|变胖|长胖|胖|体重|恶心|想吐|头晕|头疼|头痛|出汗|嗜睡|很困|犯困|木木|麻木|没精神|心慌"
        r"|心悸|手抖|过敏|皮疹|不对劲|伤胃|伤肝|伤肾|伤身|变笨|变傻|记性|记忆力|掉头发|脱发|性欲|正常吗|"
        + _en(
            r"side ?effects?|gain(?:ing)? weight|weight|nause\w*|dizz\w*|sweat\w*|drowsy|sleepy|numb|shak\w*"
            r"|rash|allerg\w*|feel (?:weird|strange|off|funny|worse|numb)|normal|dumb|memory|libido|hair loss"
        ),
    ),
    (
        "onset",
        r"起效|见效|生效|管用吗|多久才|多久会|多长时间|"
        + _en(
            r"kicks? in|start working|take to work|take effect|to work|how long (?:till|until|before|does|do|will)"
        ),
    ),
    # how much: 能再吃一片吗 / 一次吃半片够吗 / is 20mg a lot / can I take another
    (
        "dose",
        r"几片|几颗|几粒|多少|剂量|加量|加药|再吃|多吃|一次吃|半片|一半|掰|最多|够吗|吃两|两片|两颗|"
        + _en(
            r"how (?:many|much)|dose|dosage|doses|mg|milligrams?|another|extra|double|more|half|split|a lot"
            r"|too much|max(?:imum)?|most|upped|increase\w*|two|three|twice|instead of"
        ),
    ),
    # melatonin, asked about as a sleep aid: 褪黑素有用吗 / does melatonin actually help? (what it does, what it
    # does not, and whom to ask first; never a dose)
    ("melatonin", r"褪黑素|褪黑激素|" + _en(r"melatonin")),
    # whether to take it at all: 室友推荐我吃褪黑素，靠谱吗 / my psychiatrist put me on lithium, is that serious?
    (
        "start",
        r"靠谱|要不要吃|该不该吃|能吃吗|可以吃吗|推荐我吃|开了|开的|让我吃|严重吗|怕|"
        + _en(
            r"should i (?:take|start|try|go on|be on)|put me on|prescribed|is that serious|worth trying|scared"
            r"|afraid|worried"
        ),
    ),
)


def wants_to_talk(folded: str) -> bool:
    """The message asks leave to talk or to vent, or how to start ("我可以抱怨一下吗", "do I just type?")."""
    return dict(_GREETING)["wants_to_talk"].search(folded) is not None


#: someone close who stopped a medicine of their own accord, told or asked about: answered as a medication question
STOPPED_MEDICINE = dict(_MEDICATION)["stopped_other"]

# smalltalk_request: a joke, an opinion on something named, a choice, then what to recommend, then the bot's taste
_ITEMS = ("podcast", "game", "show", "film", "book", "music", "drink", "food", "gift", "outing")
_SMALLTALK = _rules(
    # 陪我聊会儿天吧 / 能陪我说说话吗 / just chat with me for a bit / wanna play 20 questions
    (
        "chat",
        r"陪我聊|聊会儿?|聊一会|聊聊天|随便聊|陪我说说话|陪陪我|陪我玩|玩个游戏|有空(?:聊|说)|(?:现在)?方便(?:聊|说话)|"
        + _en(
            r"chat with me|talk (?:with|to) me for|keep me company|play (?:a game|20 questions)|wanna play|let'?s play"
            r"|(?:free|around|up|here|available) (?:to|for a) (?:chat|talk)|(?:can|could) (?:we|i) (?:just )?talk\b"
        ),
    ),
    # 你要是能养宠物会养什么 / if you could have a pet what would it be
    (
        "bot_pet",
        r"(?:你要是|如果你|换作是你|假如你)[^，。,.!?？]{0,6}养|你会养|"
        + _en(
            r"if (?:you|u) could (?:have|get|keep) a pet|would (?:you|u) (?:have|get|pick) a (?:cat|dog|pet)"
        ),
    ),
    ("joke", r"笑话|段子|逗我笑|" + _en(r"jokes?|make me laugh")),
    # 你觉得《漫长的季节》好看吗 / what do you think of her new album
    (
        "their_pick",
        r"你觉得《|你觉得[^，。,.!?？]{1,14}(?:好看|好听|好吃|好玩|怎么样)(?:吗|嘛|不)|《[^》]{1,20}》[^，。,.!?？]{0,4}"
        r"(?:好看|好听|怎么样)|"
        + _en(r"what do (?:you|u) think (?:of|about)|how do (?:you|u) feel about|thoughts on|opinion on"),
    ),
    # 养猫好还是养狗好 / should I get a cat or a dog
    (
        "pet_keep",
        r"养(?:猫|狗|只|个|宠物)|养[^，。,.!?？]{0,4}还是|"
        + _en(r"(?:get|adopt|have|keep) (?:a )?(?:cat|dog|kitten|puppy|pet)"),
    ),
    ("pets", r"猫|狗|" + _en(r"cats?|dogs?|kittens?|pupp(?:y|ies)")),
    (
        "tea_coffee",
        r"(?:茶|(?<![a-z])tea(?![a-z]))[^，。,.!?？]{0,12}(?:咖啡|coffee)|(?:咖啡|coffee)[^，。,.!?？]{0,12}"
        r"(?:茶|(?<![a-z])tea(?![a-z]))",
    ),
    # 吃火锅还是烧烤 / pizza or ramen? can't decide
    ("choice", r"还是|" + _en(r"can'?t decide|cannot decide|which is better|\w+ or \w+\s*\?")),
    ("podcast", r"播客|电台|" + _en(r"podcasts?")),
    ("game", r"游戏|手游|" + _en(r"games?|gaming|to play|play alone")),
    (
        "show",
        r"剧(?!片)|综艺|番(?!茄)|动漫|动画(?!片|电影)|纪录片|"
        + _en(r"shows?|series|sitcoms?|anime|binge|episodes?|tv|netflix|documentar(?:y|ies)"),
    ),
    ("film", r"电影|影片|片子|动画片|恐怖片|喜剧片|片吗|看什么|看啥|" + _en(r"movies?|films?|cinema|watch")),
    ("book", r"书|小说|绘本|读物|漫画|散文|诗集|" + _en(r"books?|novels?|reads?|reading|essays|poetry")),
    (
        "music",
        r"歌|音乐|曲子|专辑|歌单|乐队|歌手|"
        + _en(r"songs?|music|albums?|playlists?|artists?|bands?|listen(?:ing)? to|k-?pop"),
    ),
    (
        "drink",
        r"奶茶|咖啡|饮料|喝点|喝什么|喝啥|果汁|"
        + _en(r"drinks?|bubble tea|boba|coffee|tea|smoothies?|hot chocolate"),
    ),
    (
        "food",
        r"吃|饭|菜|宵夜|夜宵|零食|美食|外卖|餐|甜品|"
        + _en(r"eat|eating|food|dinner|lunch|breakfast|snacks?|meals?|cook|cooking|recipes?|dessert"),
    ),
    ("gift", r"礼物|送什么|送她|送他|" + _en(r"gifts?|presents?")),
    (
        "outing",
        r"去哪|出去玩|出门|好玩的地方|逛|景点|"
        + _en(r"where (?:should|can|to) (?:i |we )?go|go out|day out|outing|places? to go|trip"),
    ),
    (
        "weather",
        r"天气|下雨|雨天|晴天|夏天|冬天|春天|秋天|季节|下雪|"
        + _en(r"rain\w*|sunny|snow\w*|summer|winter|spring|autumn|seasons?|weather"),
    ),
    ("colour", r"颜色|" + _en(r"colou?rs?")),
    ("animal", r"动物|" + _en(r"animals?")),
    ("favourite", r"喜欢|最爱|" + _en(r"fav\w*|best|do (?:you|u) (?:like|prefer|enjoy)")),
)
# the bot's own taste, not a recommendation: 你最喜欢的电影 / 你平时听歌吗 / what music are you into
_BOT_TASTE = re.compile(
    r"你[^，。,.!?？]{0,4}(?:喜欢|最爱|爱|听|看|追|玩|读|吃|喝)|你最|"
    + _en(
        r"your fav\w*|(?:you|u)r fav\w*|do (?:you|u) (?:like|love|prefer|enjoy|listen|watch|read|play)|are (?:you|u) into"
        r"|if (?:you|u) could|would (?:you|u) (?:pick|choose|eat)|(?:you|u) listen to"
    )
)
_ASKS_RECOMMENDATION = re.compile(r"推荐|安利|" + _en(r"recommend\w*|suggest\w*|recs?"))
# what a recommendation is wished to be, matched against the items' tags
_TAGS = {
    "animation": re.compile(
        r"动画|动漫|番(?!茄)|卡通|宫崎骏|" + _en(r"animat\w*|cartoons?|ghibli|pixar|anime")
    ),
    "anime": re.compile(r"番(?!茄)|动漫|" + _en(r"anime")),
    "variety": re.compile(r"综艺|" + _en(r"variety|reality")),
    "funny": re.compile(
        r"搞笑|好笑|喜剧|笑|下饭|" + _en(r"funny|comed(?:y|ies)|laugh\w*|sitcoms?|hilarious")
    ),
    "calm": re.compile(
        r"纯音乐|钢琴|失眠|睡|学习|安静|放松|"
        + _en(r"study\w*|focus|instrumental|piano|sleep\w*|calm|chill|relax\w*")
    ),
    "farewell": re.compile(
        r"移民|出国|送别|饯行|临走|走之前|" + _en(r"farewell|going[- ]away|leaving|moving away|emigrat\w*")
    ),
    "essay": re.compile(r"散文|随笔|杂文|小品文|" + _en(r"essays?|essayists?")),
    "grief": re.compile(
        r"去世|过世|怀念|告别|离开的人|" + _en(r"grief|grieving|losing (?:a|my)|loss of|bereave\w*")
    ),
    "cry": re.compile(r"哭|伤感|虐|" + _en(r"sad|cry|crying|tearjerk\w*|emotional")),
    "bright": re.compile(
        r"开心|快乐|欢快|阳光|晴天|早上|早晨|清晨|运动|跑步|元气|振奋|提神|打气|"
        + _en(
            r"sunny|sunshine|mornings?|happy|upbeat|cheerful|energ\w*|workout|running|pump\w* up|good mood|summer"
        )
    ),
}
# comfort asked for: 治愈系 / 想放松 / something cozy / to feel better
_WANTS_COMFORT = re.compile(
    r"治愈|温暖|温柔|暖心|轻松|放松|放空|解压|好受|开心一点|"
    + _en(
        r"cos(?:y|ier)|coz(?:y|ier)|comfort\w*|feel better|cheer (?:me )?up|uplifting|wholesome|gentle|light|heartwarming"
        r"|take my mind off"
    )
)
# a taste the gentle lists do not cover: said so, and something gentler offered
_OUTSIDE_TASTE = re.compile(
    r"恐怖|惊悚|悬疑|血腥|丧尸|韩团|说唱|摇滚|重金属|电音|"
    + _en(r"horror|scary|thriller|gore|zombies?|rap|hip[- ]hop|metal|rock|edm|techno|true crime|k-?pop")
)

#: glad news in a word (not 不开心): a hello with it asks for the news, never "what's going on?"
_GLAD = r"(?<!不)(?<!不太)(?:高兴|开心|好消息|好事|喜事|(?<![a-z])(?:happy|excited|good news|great news)(?![a-z]))"

_GREETING = _rules(
    # a hello with glad news to tell: 你好 我今天特别高兴 想找人说说 / hi! I'm so happy, I have to tell someone
    (
        "glad_news",
        rf"(?=.*{_GLAD})"
        r"(?=.*(?:说说|聊聊|分享|告诉|跟你说|(?<![a-z])(?:tell|share)(?![a-z])))",
    ),
    # a hello with a wish to talk: "Good morning. I'm not sure this is what you're for, but I need to talk to
    # someone" / 你好，想找个人说说话: the door opened, never "how has your day been?"
    (
        "wants_to_talk",
        # (not glad news to tell: "你好 我今天特别高兴 想找人说说" is news)
        rf"^(?!.*{_GLAD})"
        r"(?=.*(?:(?:想|需要|要)找(?:个)?人(?:说说|聊聊|说说话|聊天|说话)|(?:能|可以)(?:跟|和)你(?:说说|聊聊)"
        # asking leave to vent, or how to start: 我可以抱怨一下吗 / can I vent for a sec / do I just type?
        r"|(?:可以|能)(?:跟你)?(?:抱怨|吐槽|发(?:发)?牢骚|诉诉苦|倒倒苦水)|"
        + _en(
            r"need(?:ed)? (?:to talk to (?:someone|somebody|anyone)|someone to talk to)|want(?:ed)? to talk to "
            r"(?:someone|somebody)|can i (?:talk|vent|rant) (?:to you|for a (?:sec|second|minute|bit))"
            r"|can i (?:just )?(?:vent|rant)|is it ok(?:ay)? (?:if|to) (?:i )?(?:talk|vent|rant)|do i just type"
        )
        + "))",
    ),
    (
        "how_are_you",
        r"你好吗|最近(?:过得)?(?:好吗|怎么样|还好吗)|"
        + _en(r"how (?:are|r) (?:you|u)|how'?s it going|how have you been|what'?s up|wass?up|sup"),
    ),
    (
        "are_you_there",
        r"在吗|在不在|在嘛|有人吗|^[\W_]*在[?？]|"
        + _en(r"any(?:one|body) (?:there|here|around)|(?:you|u) there"),
    ),
    # back after a pause: 我回来了 / ok i'm back
    ("welcome_back", BACK_ALONE),
    # back, with more after it: 我回來了～剛剛吃飯的時候家裡好安靜: a short welcome, then what was said
    ("welcome_back_told", BACK_TOLD),
    # a hello with a story after it ("hey! guess what, my starter doubled overnight!!", "嗨！告诉你，我家的多肉开花了"):
    # a short hello, never "how has your day been?" before what was just told
    (
        "hello_told",
        r"^[\W_]*(?:嗨|哈喽|哈啰|你好呀?|hi+|hey+|hello+|heya|yo)(?![a-z])[^\w]+"
        rf"(?=.*(?:{NEWS_SIGN.pattern}))"
        r"(?=.*(?:[\u4e00-\u9fff][^\u4e00-\u9fff]*){6}"
        r"|(?:[a-z']+\W+){4,}[a-z'])",
    ),
)
# a goodbye or thanks that sounds final: 再见了，这个世界 / 谢谢你们这些年对我的照顾 / goodbye forever
_FAREWELL = (
    "farewell",
    r"永别|下辈子|来世|最后一次|再见了?[，,\s]{0,2}(?:这个)?世界|这些年|一直以来[^，。,.]{0,6}照顾|不会再来了|再也不会|再也见不到"
    r"|"
    + _en(
        r"goodbye forever|good ?bye,? (?:cruel )?world|this is goodbye|my last message|last time (?:we|i)"
        r"|won'?t be (?:here|around)|farewell|for the last time|won'?t see (?:you|me) again|see you on the other side"
    ),
)
_GOODBYE = _rules(
    _FAREWELL,
    # a pause, not a goodbye: brb / 有客人来了，先不说了 / 等我一下
    (
        "back_soon",
        r"等我一下|等我下|马上回来|去去就来|一会儿?(?:再)?回来|客人来了|有人来了|来客人了|(?:醒了|哭了)[，,\s]*(?:我|那我)?先去|"
        r"不(?:说|聊)了[^。！？]{0,8}(?:醒了|哭了|叫我)|"
        + _en(r"brb|be right back|back in a (?:sec|second|min|minute|bit)|hold on a (?:sec|second|min)"),
    ),
    (
        "goodnight",
        r"晚安|睡了|睡觉|去睡|瞓觉|" + _en(r"good ?night|g'?night|nite|gn|bed|sleep|lie down|kip|shut-?eye"),
    ),
    # off to work: 好了不说了 出摊了 / 上班去了 / 返工先 / gotta go, shift starts in 10
    (
        "work",
        r"出摊|(?:去|要|得)(?:上班|上工|开工|干活|开店|开会)|(?:上班|上工|开工|干活|开会)(?:去)?了|返工|做嘢|"
        + _en(
            r"shift (?:starts|is)|(?:off|back|going|have|got|need) to work|(?:to|for) my shift|meeting (?:starts|now|in)"
        ),
    ),
    # off to do the hard thing: 祝我好运 / wish me luck
    ("luck", r"祝我好运|祝我顺利|保佑我|" + _en(r"wish me luck|fingers crossed|here goes")),
)
_THANKS = _rules(
    _FAREWELL,
    # talking helped: 跟你聊完感觉好多了 / talking to you actually helped
    (
        "helped",
        r"好多了|好些了|好一点了|舒服|轻松|有用|挺好|真好|很好|开心|"
        + _en(r"help(?:ed|s)?|better|nice|good"),
    ),
)
_PERSONAL = _rules(
    (
        "id",
        r"身份证|护照|密码|银行卡|卡号|学号|工号|社保|"
        + _en(
            r"ssn|social security|passport|password|pin|bank (?:card|account|details)|card number|student id"
            r"|id number"
        ),
    ),
    (
        "contact",
        r"手机|电话|邮箱|微信|vx|qq|wx|加我|@|"
        + _en(
            r"phone|number|email|e-mail|insta\w*|snap\w*|discord|telegram|whatsapp|text me|call me|reach me"
            r"|wechat"
        ),
    ),
    (
        "place",
        r"住|地址|路|街|号|学校|大学|学院|中学|小学|高中|一中|上班|公司|医院|单位|"
        + _en(
            r"live at|address|street|avenue|road|apt|school|university|college|high|hospital|work at|work for"
            r"|student at|nurse at|room"
        ),
    ),
)
_FACTUAL = _rules(
    (
        "helpline",
        r"热线|援助电话|危机干预电话|"
        + _en(r"hotlines?|helplines?|crisis (?:line|number)|988|samaritans|lifeline"),
    ),
    (
        "talking_to_ai",
        r"(?:跟|和|对)(?:你|ai|机器人)(?:说|聊|讲)|"
        + _en(r"talk(?:ing)? to (?:you|an ai|a bot)|rely on you"),
    ),
    (
        "therapy_cost",
        # what therapy costs, not any price ("I work from home doing insurance claims")
        r"(?:咨询|心理|治疗|疗程|看病|挂号)[^。？！?!]{0,12}(?:多少钱|费用|价格|贵不贵|收费|免费)"
        r"|(?:多少钱|费用|价格|贵不贵|收费|免费)[^。？！?!]{0,12}(?:咨询|心理|治疗|疗程|看病)|"
        + _en(
            r"(?:therap\w*|counsel\w*|psycholog\w*|psychiatr\w*|sessions?)[^.?!]{0,40}"
            r"(?:costs?|price|expensive|afford|fees?|free|pay|insurance)"
            r"|(?:costs?|price|expensive|afford|fees?|pay for|insurance)[^.?!]{0,40}"
            r"(?:therap\w*|counsel\w*|psycholog\w*|psychiatr\w*|sessions?)"
        ),
    ),
    (
        "find_help",
        r"挂什么科|挂哪个科|哪个科|预约|去哪(?:里|儿)?(?:看|找)|怎么找(?!回)|心理中心|咨询中心|心理门诊|心理科|开门|"
        + _en(
            r"find a (?:therapist|counsel+or|psychologist|psychiatrist)|where (?:can|do|should) i (?:get|find|go)"
            r"|counsel+ing (?:center|centre|service)|open on|opening hours|appointment|referral"
        ),
    ),
    (
        "professionals",
        r"(?:咨询师|心理医生|治疗师)[^。？?]{0,12}(?:精神科|医生)|精神科[^。？?]{0,12}(?:咨询师|心理医生)|"
        + _en(
            r"psychiatrist[^.?!]{0,40}(?:psychologist|therapist|counsel+or)"
            r"|(?:psychologist|therapist|counsel+or)[^.?!]{0,40}psychiatrist"
        ),
    ),
    # panic attacks asked about, not "googling in a panic"
    (
        "panic",
        r"惊恐(?:发作|障碍|症)?|恐慌(?:发作|症)|" + _en(r"panic (?:attacks?|disorder)|panicking attacks?"),
    ),
    ("bipolar", r"双相|躁郁|躁狂|" + _en(r"bipolar|manic|mania")),
    (
        "anxiety_depression",
        r"焦虑[^。？?]{0,10}抑郁|抑郁[^。？?]{0,10}焦虑|"
        + _en(r"anxiety[^.?!]{0,30}depress\w*|depress\w*[^.?!]{0,30}anxiety"),
    ),
    (
        "heredity",
        r"遗传|基因|家族史|" + _en(r"genetic|hereditary|inherit\w*|genes?|run in (?:the |my )?famil\w*"),
    ),
    (
        "depression_sadness",
        r"抑郁[^。？?]{0,12}(?:不开心|难过|伤心|心情不好|低落|区别|不同)|(?:不开心|难过|伤心)[^。？?]{0,12}抑郁|"
        + _en(r"sad(?:ness)?[^.?!]{0,30}depress\w*|depress\w*[^.?!]{0,30}sad(?:ness)?"),
    ),
    (
        "diagnosis",
        r"确诊|诊断|怎么知道自己|我是不是得了|怎么判断|"
        # (not "do I have to give the money back": an obligation, not a condition)
        + _en(
            r"diagnos\w*|how (?:do|can|would) (?:you|i) (?:know|tell) if|am i depressed|do i have (?!to\b)(?:an? )?"
            r"(?:depression|anxiety|adhd|add|ocd|ptsd|bipolar|autism|bpd|panic|(?:\w+ )?disorder|a mental illness)\b"
        ),
    ),
    (
        "treatment",
        # of a mental illness ("抑郁症能治好吗"), not of a name ("被人说一次小偷就一辈子是小偷") or sore legs
        r"^(?=.*(?:抑郁|焦虑|双相|躁郁|心理|精神|强迫|惊恐|病|治疗|吃药|"
        + _en(r"depress\w*|anxi\w*|bipolar|mental|therap\w*|illness|disorder|ocd|ptsd|meds|medication")
        + r")).*?(?:治好|治愈|能好吗|会好吗|治疗多久|治多久|怎么治|一辈子|终身|"
        + _en(r"cur(?:e|ed|able)|treatable|treatment|go away|recover\w*|get better|for life|rest of my life")
        + ")",
    ),
    (
        "grief",
        # asked about grieving itself (how long, whether it is normal), not any question beside a loss ("we broke up
        # in march… but still?? there's a code")
        r"(?=.*(?:正常|多久|多长时间|阶段|走出来|怎么熬|(?<![a-z])(?:normal|how long|stages|ok to|okay to|why do i keep)(?![a-z])))"
        r"(?:.*?)(?:哭|哀伤|悲伤|去世|离世|过世|失去|走出来|失恋|分手|葬礼|五个阶段|"
        + _en(
            r"grief|griev\w*|cry(?:ing)?|loss|lost someone|breakup|break-up|broke up|mourn\w*|five stages"
            r"|stages of grief|(?<!arms )(?<!arm )(?<!legs )(?<!phone )(?<!battery )died|passed away|funeral"
        )
        + ")",
    ),
    ("ptsd", r"ptsd|创伤|" + _en(r"trauma\w*|post-traumatic")),
    ("cbt", r"认知行为|" + _en(r"cbt|cognitive behaviou?ral")),
    ("dbt", r"辩证行为|" + _en(r"dbt|dialectical")),
    ("mindfulness", r"正念|冥想|" + _en(r"mindful\w*|meditat\w*")),
    ("sleep", r"睡|失眠|熬夜|" + _en(r"sleep\w*|insomnia|stay(?:ing)? up")),
    ("gaslighting", r"煤气灯|pua|" + _en(r"gaslight\w*")),
    ("imposter", r"冒名顶替|" + _en(r"impost[eo]r")),
    ("seasonal", r"季节性|" + _en(r"seasonal affective|seasonal depression|winter blues")),
)

_RULES: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {
    "question_bot": _BOT,
    "question_medication": _MEDICATION,
    "smalltalk_request": _SMALLTALK,
    "question_factual": _FACTUAL,
    "greeting": _GREETING,
    "thanks": _THANKS,
    "goodbye": _GOODBYE,
    "self_intro": (),
    "retraction": (),
    "refusal": (),
    "personal_data": _PERSONAL,
}
# what a message gets when no rule of its act matches (a question about the bot that names nothing else asks what
# it is)
_DEFAULTS = {
    "question_bot": "human",
    "question_medication": "general",
    "smalltalk_request": "other",
    "question_factual": "unknown",
    "greeting": "hello",
    "thanks": "thanks",
    "goodbye": "bye",
    "self_intro": "introduction",
    "retraction": "retraction",
    "refusal": "refusal",
    "personal_data": "details",
}
#: every sub-kind :func:`answer` can give, per act: the rules' kinds in the order they are tried, then the default
KINDS: dict[str, tuple[str, ...]] = {
    act: tuple(
        dict.fromkeys(
            [*(k for k, _ in rules), *(["memory_later"] if act == "question_bot" else []), _DEFAULTS[act]]
        )
    )
    for act, rules in _RULES.items()
}


def sub_kind(act: str, message: str) -> str | None:
    """What ``message``, read as ``act``, asks about (one of :data:`KINDS`); None for an act that needs no answer
    of its own (``venting``, ``advice``)."""
    if act not in _RULES:
        return None
    text = _fold(message)
    if act == "question_bot":
        found = [(m.start(), k, kind) for k, (kind, p) in enumerate(_BOT) if (m := p.search(text))]
        # the clauses put to the bot are read first: "感觉好一点了，你吃过火锅吗" asks what it has eaten, not felt
        put = "".join(c for c in _CLAUSE.findall(text) if _TO_BOT.search(c))
        near = [(m.start(), k, kind) for k, (kind, p) in enumerate(_BOT) if put and (m := p.search(put))]
        kind = min(near or found)[2] if found else _DEFAULTS[act]
        if kind == "human" and any(k == "privacy" for _, _, k in found):
            kind = "privacy"  # "are you an ai? do my parents get to see this": whether it is private (said as an AI)
        elif kind == "human" and any(k == "sleep" for _, _, k in found):
            kind = (
                "sleep"  # "你们这种机器人晚上也不睡觉吧": the robot's nights are asked about (said as an AI)
            )
        return "memory_later" if kind == "memory" and _LATER.search(text) else kind
    return next((kind for kind, p in _RULES[act] if p.search(text)), _DEFAULTS[act])


_CLAUSE = re.compile(r"[^。！？!?.\n；;，,]+[。！？!?.\n；;，,]*")
#: a clause said to the bot: it names it, or asks
_TO_BOT = re.compile(r"你|您|[?？]|吗|(?a:\b(?:you|u|ya|your)\b)", re.IGNORECASE)


# -- choosing and filling ---------------------------------------------------------------------------------------
_SLOT = re.compile(r"\{(\w+)\}")


@lru_cache(maxsize=2)
def _material(lang: str) -> dict[str, Any]:
    text = resources.files("xinyu.resources").joinpath(f"answers_{lang}.json").read_text(encoding="utf-8")
    return json.loads(text)


@dataclass(frozen=True)
class _Ask:
    """One question as the answer is built for it."""

    act: str
    kind: str
    lang: str
    message: str
    text: str  # folded
    slots: dict[str, str]
    facts: dict[str, str]
    low: bool
    risky: bool
    seed: str
    used: frozenset[str]
    event: str | None = None  # the event the conversation is about (a friend moving away: a parting gift)

    @property
    def bank(self) -> dict[str, Any]:
        return _material(self.lang)

    @property
    def moods(self) -> tuple[str, ...]:
        """The material's mood keys to try, in order: a risky conversation, a low mood, then any."""
        if self.risky:
            return ("risky", "low", "_")
        return ("low", "_") if self.low else ("_",)

    def pick(self, options: list[tuple[str, Any]], salt: str) -> tuple[str, Any]:
        """One of ``options`` (id, value), fresh ones first, the same for the same seed, message and salt."""
        fresh = [o for o in options if o[0] not in self.used] or options
        digest = hashlib.blake2s(f"{self.seed}|{self.message}|{salt}".encode(), digest_size=4).digest()
        return fresh[int.from_bytes(digest, "big") % len(fresh)]

    def choose(
        self, path: str, node: Any, *, moods: tuple[str, ...] | None = None, personal: bool = False
    ) -> tuple[str, str] | None:
        """A filled template from ``node`` (a list, or mood keys to lists): the first mood key with a template
        whose slots are all known; with ``personal``, one that uses a slot (the name) when there is one."""
        pools = [(path, node)] if isinstance(node, list) else []
        if isinstance(node, dict):
            pools = [(f"{path}.{k}", node[k]) for k in moods or self.moods if node.get(k)]
        for prefix, templates in pools:
            options = [
                (f"{prefix}.{i}", t)
                for i, t in enumerate(templates)
                if set(_SLOT.findall(t)) <= self.slots.keys()
            ]
            if not options:
                continue
            fresh = [o for o in options if o[0] not in self.used] or options
            if personal:
                fresh = [o for o in fresh if _SLOT.search(o[1])] or fresh
            pid, template = self.pick(fresh, prefix)
            return pid, template.format_map(self.slots)
        return None


def answer(
    act: str,
    message: str,
    language: str,
    *,
    facts: Mapping[str, str] | None = None,
    mood: str = "neutral",
    risky: bool = False,
    seed: str = "",
    used: Collection[str] = (),
    event: str | None = None,
) -> Answer | None:
    """The answer to ``message`` read as ``act`` in ``language`` ("zh"/"en"); None when the act needs no answer
    of its own (venting, advice) or nothing fits. ``facts`` are what the session remembers (keys: name, pet,
    pet_name, time, event...), ``mood`` the person's emotion label (sadness, anger, fear, joy, neutral...),
    ``risky`` true when the conversation is at moderate risk or above (then no cheerful small talk), ``seed`` makes
    choices deterministic per session, ``used`` are ids not to reuse while others remain, ``event`` the event the
    conversation is about (a gift asked for as a friend moves away is a parting gift)."""
    kind = sub_kind(act, message)
    if kind is None:
        return None
    lang = "zh" if language.lower().startswith("zh") else "en"
    known = _known_facts(message, facts or {})
    ask = _Ask(
        act=act,
        kind=kind,
        lang=lang,
        message=message,
        text=_fold(message),
        slots={k: known[k] for k in ("name", "pet_name") if known.get(k)},
        facts=known,
        low=mood in NEGATIVE_EMOTIONS,
        risky=risky,
        seed=seed,
        used=frozenset(used),
        event=event,
    )
    build = {
        "question_bot": _about_the_bot,
        "question_medication": _medication,
        "smalltalk_request": _smalltalk,
        "question_factual": _factual,
    }.get(act, _social)
    got = build(ask)
    return Answer(got[0], got[1], kind) if got else None


def _known_facts(message: str, facts: Mapping[str, str]) -> dict[str, str]:
    """The session's facts, with a name or a pet this very message gives (你能记住我叫什么吗？我叫小林)."""
    known = {k: str(v).strip() for k, v in facts.items() if v and str(v).strip()}
    for kind in ("name", "pet", "pet_name"):
        said = next((f.value for f in extract_facts(message) if f.kind == kind), None)
        if said:
            known[kind] = said
    return known


# -- per act ------------------------------------------------------------------------------------------------------
def _about_the_bot(ask: _Ask) -> tuple[str, str] | None:
    bank = ask.bank["question_bot"]
    key = ask.kind
    slots = dict(ask.slots)
    if ask.kind == "name_recall" and "name" not in slots:
        key = "name_recall_unknown"
    elif ask.kind == "pet_recall" and "pet_name" not in slots:
        key = "pet_recall_unknown"
    elif ask.kind in ("memory", "memory_later"):
        details = _details(ask)
        key = ask.kind if details else f"{ask.kind}_unknown"
        slots["details"] = details
    got = replace(ask, slots=slots).choose(f"{ask.lang}.question_bot.{key}", bank[key])
    if got is None:
        return None
    pid, text = got
    if _HUMAN.search(ask.text) and not any(w in text for w in ask.bank["words"]["ai"]):
        text = _join(ask.lang, bank["disclose"], text)
    return pid, text


def _details(ask: _Ask) -> str:
    """What the session knows about the person, in words: the name, the pet and its name, the event told."""
    words = ask.bank["words"]
    phrase = words["details"]
    # what this very message tells is no memory ("do you remember me? I talked to you about my dog")
    said = ask.text.lower()
    facts = {k: v for k, v in ask.facts.items() if not (v and v.lower() in said)}
    pet = words["pets"].get(facts.get("pet", ""), facts.get("pet", ""))
    parts = []
    if facts.get("name"):
        parts.append(phrase["name"].format(name=facts["name"]))
    if pet and facts.get("pet_name"):
        parts.append(phrase["pet_named"].format(pet=pet, pet_name=facts["pet_name"]))
    elif pet:
        parts.append(phrase["pet"].format(pet=pet))
    elif facts.get("pet_name"):
        parts.append(phrase["pet_name"].format(pet_name=facts["pet_name"]))
    if facts.get("event"):
        parts.append(phrase["event"].format(event=facts["event"]))
    if len(parts) < 2:
        return "".join(parts)
    return words["join"].join(parts[:-1]) + words["join_last"] + parts[-1]


def _medication(ask: _Ask) -> tuple[str, str] | None:
    if known := known_medicine(ask.text, ask.lang):
        # "米诺地尔到底管不管用 有没有副作用": a medicine with a known answer gets it, not "ask your doctor"
        return known
    bank = ask.bank["question_medication"]
    key = ask.kind
    sedatives = {m.group() for m in _SEDATIVE.finditer(ask.text)}
    if ask.kind == "alcohol" and sedatives:
        key = "alcohol_sedative"
    elif ask.kind == "alcohol" and _DRANK.search(ask.text):
        key = "alcohol_after"
    elif ask.kind == "combine" and len(sedatives) > 1:
        key = "combine_sedative"
    got = ask.choose(f"{ask.lang}.question_medication.{key}", bank[key])
    if got is None or ask.kind in ("harm", "overdose", "stopped_other"):  # those ask after the person already
        # (and someone else's medicine is no reason to ask what made the person ask)
        return got
    check = ask.choose(
        f"{ask.lang}.question_medication.checkin",
        bank["checkin"],
        moods=("risky", "_") if ask.risky else ("_",),
    )
    return (got[0], _join(ask.lang, got[1], check[1])) if check else got


def _smalltalk(ask: _Ask) -> tuple[str, str] | None:
    bank = ask.bank["smalltalk_request"]
    path = f"{ask.lang}.smalltalk_request.{ask.kind}"
    got = _recommend(ask, bank[ask.kind], path) if ask.kind in _ITEMS else ask.choose(path, bank[ask.kind])
    if got is None or not ask.risky or ".risky." in got[0]:
        return got
    check = ask.choose(f"{ask.lang}.smalltalk_request.checkin", bank["checkin"], moods=("risky",))
    return (got[0], _join(ask.lang, got[1], check[1])) if check else got


def _recommend(ask: _Ask, section: dict[str, Any], path: str) -> tuple[str, str] | None:
    """An item of a category (comforting ones only for a low mood, a risky conversation or when comfort is asked
    for; those tagged with the most of what the message wishes for: animated, funny, calm...), in a frame that
    recommends it, names it as the bot's pick, or says the taste asked for is not one the list covers."""
    items = [(f"{path}.{i}", item) for i, item in enumerate(section["items"])]
    if ask.low or ask.risky or _WANTS_COMFORT.search(ask.text):
        items = [(pid, item) for pid, item in items if item["comfort"]]
    wished = {tag for tag, p in _TAGS.items() if p.search(ask.text)}
    if ask.event == "parting":
        # a gift for a friend who is moving away: something of the two of you, or of home
        wished.add("farewell")
    if ask.event in ("bereavement", "pet_loss"):
        wished.add("grief")  # a film or a book asked for in grief: one about loss and remembering
    if "cry" not in wished and not (ask.low or ask.risky):
        # a song "for when you need to cry" is no answer to a sunny morning, nor to a plain "recommend me a song"
        items = [(pid, item) for pid, item in items if "cry" not in item.get("tags", ())] or items
    best = max((len(wished & set(item.get("tags", ()))) for _, item in items), default=0)
    if best:
        items = [(pid, item) for pid, item in items if len(wished & set(item.get("tags", ()))) == best]
    if not items:
        return None
    pid, item = ask.pick(items, "item")
    if _OUTSIDE_TASTE.search(ask.text):
        frames = section["outside"]
    elif _BOT_TASTE.search(ask.text) and not _ASKS_RECOMMENDATION.search(ask.text):
        frames = section["favourite"]
    else:
        frames = section["recommend"]
    slots = {
        "title": item["title"],
        "Title": item["title"][:1].upper() + item["title"][1:],
        "why": item["why"],
        "Why": item["why"][:1].upper() + item["why"][1:],
    }
    framed = replace(ask, slots=slots).choose(f"{path}.frame", frames)
    return (pid, framed[1]) if framed else None


def _factual(ask: _Ask) -> tuple[str, str] | None:
    bank = ask.bank["question_factual"]
    slots = dict(ask.slots)
    if ask.kind == "helpline":
        slots["lines"] = ask.bank["words"]["lines_join"].join(_helplines(ask.lang))
    return replace(ask, slots=slots).choose(f"{ask.lang}.question_factual.{ask.kind}", bank[ask.kind])


def _helplines(lang: str) -> list[str]:
    """The first line of each shipped locale of the language: with no locale known, every region's main line."""
    locales = ("zh-CN", "zh-TW", "zh-HK") if lang == "zh" else ("en-US", "en-GB", "en")
    return [DEFAULT_HELPLINES[loc][0] for loc in locales if DEFAULT_HELPLINES.get(loc)]


def _social(ask: _Ask) -> tuple[str, str] | None:
    """Greeting, thanks, goodbye, self-introduction, retraction, refusal, personal data: a template by mood, with
    the person's name where one is known (always for a greeting and an introduction)."""
    act = (
        "goodbye" if ask.kind == "farewell" else ask.act
    )  # a final-sounding thanks is answered as a farewell
    node = ask.bank.get(act, {}).get(ask.kind)
    if node is None:
        return None
    personal = act in ("greeting", "self_intro")
    return ask.choose(f"{ask.lang}.{act}.{ask.kind}", node, personal=personal)


def _join(lang: str, first: str, second: str) -> str:
    return first + second if lang == "zh" else f"{first} {second}"
