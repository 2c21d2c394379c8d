"""Dialogue acts: what a turn *is* (a greeting, a question about the bot, a medication question, a refusal of
help...), in Chinese (Simplified and Traditional), English and the two mixed.

Rules, not a model: each act has regular expressions over the folded text (:mod:`xinyu.understand.fold`), each
commented with what it catches, and the context that defuses a match:

``reported``   他问我是不是机器人 / my boss asked me if I'm human: someone else's words are not the act
``negated``    我不是开玩笑的 / I'm not kidding: no retraction
``sarcasm``    谢谢你啊，真是谢谢你全家 / thanks for nothing: no thanks, the turn vents
``rhetorical`` 为什么总是我？ / who would even care?: a question that vents, not one of fact
``doubt``      我不知道他爱不爱我: a doubt told, not a question asked

People often ask without a question's form: 所以我是在跟一个程序讲心事 / you sound too human (about the bot), 安眠药
和酒一起吃没事吧 / I'll just take an extra one tonight (a medication question), 陪我聊会儿天吧 (a request to chat).

A turn may carry several acts. ``venting`` is what a turn is when nothing else applies, and it joins the others
when a clause with no other act shares a feeling or a trouble (谢谢，不过我还是很难过). Patterns are linear (no
nested unbounded repeats) and a turn takes well under a millisecond.

>>> detect_acts("你好，我叫小林，最近压力特别大").acts
('venting', 'greeting', 'self_intro')
>>> detect_acts("吃了两片褪黑素还是睡不着，能再吃吗").acts
('venting', 'question_medication')
>>> detect_acts("my boss asked me if I'm human lol").acts
('venting',)
>>> detect_acts("那我吃几片比较安全").acts
('question_medication',)
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass

from xinyu.lang import HAN
from xinyu.understand.facts import names
from xinyu.understand.fold import clauses, fold
from xinyu.understand.records import ACTS, ActCue, DialogueActs

_Veto = Callable[[str, re.Match[str], int], bool]  # (folded text, match, start of its clause) -> defused?

# -- context that defuses a cue -----------------------------------------------------------------------------------
# someone else's words: a third person (or "my boss") with a verb of saying, asking or advising, earlier in the clause
_REPORTED = re.compile(
    r"(?:他|她|它|他们|她们|别人|有人|大家|人家|老板|领导|同事|朋友|室友|妈|爸|老师|医生|男朋友|女朋友|男友|女友|老公"
    r"|老婆|对象|哥|姐|弟|妹)(?:都|也|总|老|还|又|一直|就)?(?:问|说|讲|推荐|劝|让|叫|觉得|告诉)"
    # someone asked the speaker, the asker left out: 吃饭的时候突然问我你是谁
    r"|(?:突然|一直|总是|老是|又|还|就|都|会)?问我(?=[^，。,.!?？]{2,})"
    r"|(?a:\b(?:he|she|they|someone|somebody|people|everyone|everybody|(?:my|his|her|our) \w+)\s+(?:\w+\s+)?"
    r"(?:asked|asks|said|says|told|tells|recommended|recommends|suggested|suggests|keeps? (?:asking|saying|telling)"
    r"|thinks|thought|believes|worries|jokes)\b)"
)


def reported(folded: str, m: re.Match[str], clause_start: int) -> bool:
    """A verb of saying by someone else opens before the cue, in its clause (他推荐的那部电影 / my boss asked me
    if...): the words are theirs. Shared with the reading of pushback on the bot's reply (xinyu.respond.repair)."""
    return any(r.start() < m.start() for r in _REPORTED.finditer(folded, clause_start, m.end()))


# a treatment or a condition before "吃什么好": a question for the care team, not a dish to recommend
_CARE = re.compile(
    r"化疗|放疗|术后|手术|透析|怀孕|孕期|月子|糖尿病|生病|病人|(?a:\bchemo|\bsurgery\b|\bpregnan)"
)


def _reported_or_care(folded: str, m: re.Match[str], clause_start: int) -> bool:
    """Someone else's request (see reported), or "what to eat" during a treatment or illness."""
    return reported(folded, m, clause_start) or _CARE.search(folded, clause_start, m.start()) is not None


# asking for the plain truth: "你说实话别安慰我" refuses comfort, not help: it asks for an honest answer
_FOR_TRUTH = re.compile(r"说实话|直说|实话实说|老实说|别绕|(?a:\bbe honest\b|\bhonestly\b|\bstraight\b)")


def _comfort_refused_for_truth(folded: str, m: re.Match[str], clause_start: int) -> bool:
    """Someone else's refusal (reported), or comfort refused in a request for the truth."""
    return (
        reported(folded, m, clause_start)
        or ("安慰" in m.group() or "comfort" in m.group())
        and _FOR_TRUTH.search(folded) is not None
    )


# a negation just before: 我不是开玩笑的 / I'm not kidding
_NEGATED = re.compile(r"(?:不是|没有?在?|别|不要|(?a:\bnot)|n't)\s*$")


def _negated(folded: str, m: re.Match[str], clause_start: int) -> bool:
    return bool(_NEGATED.search(folded[max(clause_start, m.start() - 6) : m.start()])) or reported(
        folded, m, clause_start
    )


# thanks that are not given to the bot: 连句谢谢都没说 / 不用谢 / he never even said thank you / thanks to my boss
_THANKS_BEFORE = re.compile(
    r"(?:没|不|连|不用|不必|别|说声|说句|说了|道|一句|句|(?:跟|对|和|向)(?:我|你|他|她|我们|大家|护士)说"
    r"|(?a:\b(?:no|never|said|say|saying|without|didn't)))"
    r"\s*(?:even\s+)?(?:say\s+)?$"
    # a reaction quoted, in irony: "like ok thanks Jess"
    r"|(?a:\blike,?\s*(?:ok(?:ay)?,?\s*)?)$"
    # words quoted from someone else: a story that just said 'thanks for everything' / 她说“谢谢你们”
    r"|(?:说|写|发|回|留言|(?a:\b(?:said|says|wrote|writes|posted|story|caption|captioned|text(?:ed)?|message|sent|was"
    r"|replied)))"
    r"[^.!?。！？]{0,12}['\"“‘「『]\s*$"
)
_THANKS_AFTER = re.compile(
    # (a thankfulness described: 本来挺感激的 / 很感激的)
    r"(?:他|她|它|我|都不|都没|的(?=[，,。.!！\s]|$)|\s*to\b|-you\s+(?:card|note|letter)|\s+(?:her|him|them|his|my)\b"
    # said to someone else, or in irony: "thanks dad", "thanks for nothing"
    r"|\s+(?:dad|mom|mum|mother|father|boss|a lot\b(?!\s+(?:for|xinyu))|for nothing|obama|captain obvious)\b)"
)


def _thanks_veto(folded: str, m: re.Match[str], clause_start: int) -> bool:
    before = folded[max(clause_start, m.start() - 12) : m.start()]
    return bool(_THANKS_BEFORE.search(before) or _THANKS_AFTER.match(folded, m.end())) or reported(
        folded, m, clause_start
    )


# a farewell to someone else, or the word talked about: 跟我的狗狗说了最后一次再见 / 晚安都没人跟我说 /
# I never got to say goodbye to him
_BYE_BEFORE = re.compile(
    r"(?:说|讲|道|跟|和|对|连|不想|不敢|不愿|(?a:\b(?:say|said|saying|tell|wave)))[^，。,.!?\s]{0,12}$"
)
_BYE_AFTER = re.compile(r"(?:都没|都不|是|这个词|的时候|\s+to\b)")


def _bye_veto(folded: str, m: re.Match[str], clause_start: int) -> bool:
    return bool(_BYE_BEFORE.search(folded, clause_start, m.start()) or _BYE_AFTER.match(folded, m.end()))


# "hey" that calls for attention before an order, not a greeting: hey, stop telling me to breathe
_INTERJECTION = re.compile(r"[\s,.!]*(?:stop|don't|dont|quit|wait|listen|look|shut)\b", re.ASCII)


def _greeting_veto(folded: str, m: re.Match[str], clause_start: int) -> bool:
    return m.group().strip(" ,.!~").endswith("hey") and bool(_INTERJECTION.match(folded, m.end()))


#: asking to talk again another day (我明天还能来找你吗 / can I talk to you again tomorrow), in Chinese and in
#: English; the question_bot act and its answer (again) share it
COME_AGAIN = (
    r"(?:明天|以后|下次|改天|晚点|回头|之后)(?:我)?(?:还|也)?(?:能|可以)(?:再)?(?:来)?(?:找你|跟你聊|和你聊|跟你说|和你说)"
    r"(?:吗|嘛|么|不|吧)|我?还能(?:再)?来(?:找你)?(?:吗|嘛|么)",
    r"\bcan i (?:come back|talk to you again|message you again|chat (?:again|tomorrow)|talk (?:again|tomorrow))\b"
    r"|\bwill you (?:be )?(?:here|there|around) tomorrow\b",
)

#: back after a pause, said alone (我回来了 / 回来啦 / ok i'm back / back now), or with where the talk was ("ok I'm
#: back. he's asleep. where were we", "我回来了，刚才说到哪了"); the greeting act and its answer (welcome_back) share it
BACK_ALONE = (
    r"^[\W_]*(?:(?:好了|好啦|ok|okay)[\W_]*)?(?:我)?(?:又)?回来(?:了|啦|咯|喽)[\W_]*$"
    r"|^[\W_]*(?:(?:ok(?:ay)?|alright|so|sorry|hey)[\s,.!]*)*(?:i'?m|im|i am)?\s*back(?:\s+now)?(?:\s+sorry)?[\W_]*$"
    r"|^[\W_]*(?:(?:ok(?:ay)?|alright|so|sorry)[\s,.!]*)*(?:(?:i'?m|im|i am) )?back\b(?=.*\bwhere (?:were we|was i)\b[\W_]*$)"
    r"|^[\W_]*(?:好了|好啦)?[\W_]*(?:我)?回来了(?=.*(?:说到哪|聊到哪|讲到哪))"
)
#: back, with more said after a pause mark: 我回來了～剛剛吃飯的時候家裡好安靜 / ok I'm back. so anyway (welcome_back_told)
BACK_TOLD = (
    r"^[\W_]*(?:(?:好了|好啦|ok|okay)[\W_]*)?(?:我)?(?:又)?回来(?:了|啦|咯|喽)(?=[～~，,。！!])"
    r"|^[\W_]*(?:(?:ok(?:ay)?|alright|sorry)[\s,.!]*)*(?:i'?m|im) back(?=[.!,~])"
    r"|^[\W_]*back[.!,~]+\s*(?=\w)"
)
#: news announced: an exclamation, "guess what", 告诉你 / 我跟你说 / 跟你报告个事 (not "你好。我儿子给我装的这个"); a
#: hello before it is a hello before a story, and joy told so is asked about as news
NEWS_SIGN = re.compile(
    r"[!！]|🎉|🥳|\bguess what\b|你猜|告诉你|跟你说|跟你講|跟你讲|(?:跟你|向你)(?:报告|汇报)", re.IGNORECASE
)

# -- the rules: (act, pattern, veto, runs on the cased text) ------------------------------------------------------
_GREETING = [
    # at the opening of a turn, followed by a pause, a particle or what a greeting leads into (not 你好烦, 你好像,
    # 早上好累)
    r"^[\W_]*(?:你好|您好|你们好|大家好|嗨+|(?:哈喽|哈啰|哈罗)+|安安|早上好|早安|早啊|早|上午好|中午好|下午好|晚上好)"
    r"(?=$|[\W_]|[呀啊哇鸭吖喔哦]|我|请问|想|又|今天|在吗|hi|hello)",
    r"^[\W_]*(?:hello+|hi+|hey+|heya|hiya|howdy|yo|sup|greetings|good (?:morning|afternoon|evening|day)|morning|evening)"
    r"(?:[\s,!]+(?:hello+|hi+|hey+|yo))*"
    r"(?=$|\s*[,.!?~…:)(\u2600-\u27bf\U0001f300-\U0001faff]|\s+(?:there|again|everyone|all|guys|friend|buddy|you)\b|\s+it'?s me|\s+i'?m\b"
    r"|\s+i am\b|\s+my name\b|\s+[a-z]+ here\b|\s+how\b|\s+what'?s up|\s+can you|\s+could you)",
    # back after a pause: alone, with where the talk was, or with more said
    BACK_ALONE + "|" + BACK_TOLD,
    # anywhere: 在吗 / 有人吗 / how are you / what's up / anyone there?
    # (not 听他还在不在喘气: whether someone else is still breathing)
    r"在吗|(?<![还他她它])在不在(?![喘呼家学公上])|在嘛|有人吗|你好吗|最近(?:过得)?(?:好吗|怎么样|还好吗)|^[\W_]*在[?？]+",
    r"\bhow (?:are|r) (?:you|u)\b(?: doing)?|\bhow(?:'s| is) it going\b|\bhow have you been\b|\bwhat'?s up\b"
    r"|\bwass?up\b"
    # a call at the opening of a clause ("hello? anyone there?"), not "I don't know anyone here"
    r"|(?:^|[.!?,]\s*|\bis )any(?:one|body) (?:there|here|around)\b",
]
_THANKS = [
    # 谢谢 / 多谢 / 感谢陪伴 / 谢啦 / 辛苦你了 / thanks / thank you / thx / ty / I really appreciate you
    r"谢谢|多谢|感谢|感恩|感激|谢啦|谢了|蟹蟹|3q|辛苦你了",
    # what talking did: 跟你聊完感觉好多了 / 跟你聊聊还挺好的 / talking to you actually helped
    r"(?:跟|和|与)你(?:聊|说|讲)(?![个件一])(?:聊|说|了|完|过)*(?:之后|以后|一下)?[^，。,.!?？]{0,6}(?:好多了|好些了|好一点了|舒服多了|轻松多了|舒服|轻松|有用|挺好|真好|很好|开心)"
    r"|(?a:\b(?:talking|chatting|speaking|venting) (?:to|with) (?:you|u) (?:really |actually |honestly |kinda |kind of |did |has )*(?:helped|helps|help|was nice|is nice|was good|made me feel better)\b"
    r"|\b(?:this|that|you) (?:really |actually |honestly )?(?:helped|helps)(?: a lot| a bit)?\s*[.!]*$)",
    r"\b(?:thanks+|thank you+|thank u+|thankyou|thnx|thx|tysm|ty|thank)\b|\bappreciate (?:it|you|that|this|your)\b"
    r"|\bmuch appreciated\b|^[\W_]*cheers(?: mate| then| for that)?[\W_]*$",
]
_GOODBYE = [
    # 再见 / 拜拜 / 晚安 / 回头聊 / 明天再聊 / 先这样 / 先撤了 / 下线了 / 88
    # (拜拜 not said of a thing lost: 绩效就拜拜了)
    r"再见|(?:(?<![\u4e00-\u9fff]就)|(?<=[那好行]就))拜拜|晚安|回头(?:聊|见)|回头再(?:来)?(?:跟你|和你|找你)?(?:聊|说)(?=$|[\W_])|下次(?:再)?(?:聊|见)|改天(?:再)?聊|明天(?:再)?聊|明天见(?![到面了着])|回来再(?:聊|说)(?=$|[\W_])|"
    # a pause: 等我一下 / 马上回来 / 有客人来了
    r"等我一下|等我下|马上回来|去去就来|一会儿?(?:再)?回来|等会儿?(?:再)?回来|(?:有)?客人来了|有人来了|来客人了|"
    r"晚点(?:再)?(?:聊|来|找你|说)|先(?:这样|不聊了|不说了|撤了?|下了|溜了|闪了|走了|去忙了|睡了|去睡了)|下线了|"
    # (88 never after an English word: "she was 88" is an age)
    r"(?<![\w.@])(?<![a-z] )88(?![\w.])|(?<![\w.@])(?<![a-z] )886(?![\w.])|(?:今天|那)?(?:就|先)(?:聊)?到这(?:里|儿)?(?:吧|了)?(?=$|[\W_])",
    # 我先去睡了 / 我要睡觉啦 / 我要走了, at the end of a clause (not 我睡了三个小时)
    r"(?:我|那我)(?:要|得|该)?(?:先)?(?:去)?(?:睡|睡觉|走|下|撤|溜)(?:了|啦)(?=$|[\W_])|^(?:(?:睡了|撤了|溜了|下了)[\W_]*)+$",
    # leaving to do something: 走了，备菜去 / 好了我走了 洗澡去
    r"(?:^|[，,。\s])(?:好了|行了|那)?[，,\s]*(?:我)?走了[，,。\s]+[\u4e00-\u9fff]{1,4}去(?:了|啦|咯|喽)?[\W_]*$",
    # a short leave at the end of the turn: 我先去吃饭了 / 那我去洗澡了 (not 昨天我们去吃饭了, told)
    r"(?:^|[，,。\s])(?:那|好|好吧|行)?[，,\s]*我?先?去(?:吃饭|吃晚饭|洗澡|做饭|上班|接孩子|开会|忙)了?(?:哈|啊|啦|咯)?[\W_]*$",
    # the talk closed to go to work: 好了不说了 出摊了 / 不聊了 上班去了; in Cantonese, the errand first: 食飯先 / 沖涼先
    r"(?<![他她们都也])不(?:说|聊)了[，,。\s]+(?:我|那我)?(?:要|得|该)?(?:去)?(?:出摊|上班|上工|开工|干活|开店|开门|做饭|接孩子|开会|忙)"
    r"(?:了|啦|咯|去了|去啦)?(?=$|[\W_])|(?<![\u4e00-\u9fff])(?:食饭|食嘢|冲凉|瞓觉|返工|做嘢|收工|开工)先(?=$|[\W_])|"
    # the talk closed for someone who needs them: 好了 不说了 他醒了 / 不聊了 孩子哭了
    r"(?<![他她们都也])不(?:说|聊)了[，,。\s]+(?:他|她|孩子|宝宝|老人|我爸|我妈|我老公|我老婆|娃|老公|老婆|外孙|孙子)?(?:醒了|哭了|叫我了?|回来了|来了)"
    r"(?=$|[\W_])|"
    # a baby or a pot calls: 外孙醒了我先去了 / 孩子哭了 我先去一下
    r"(?:醒了|哭了|叫我了?|来了)[，,\s]*(?:我|那我)?先去(?:了|一下|看看)?(?:哈|啊|啦|咯)?[\W_]*$",
    # 拜 on its own (not 拜托)
    r"(?<![\w])拜(?:了|啦|咯|囉|啰|~|～)*(?=$|[\W_])",
    # bye / goodbye / good night / see you / ttyl / gotta go (not "have to go to work") / heading to bed
    r"\b(?:bye+|byebye|bye-bye|goodbye|good ?night|g'?night|nite|gn|gtg|g2g|ttyl|cya|peace out)\b"
    r"|\bsee (?:you|ya|u)\b|\btalk (?:to you |to u )?(?:later|tomorrow|soon)\b|\bcatch you later\b"
    r"|\b(?:gotta|got to|have to|need to|i should) go\b(?!\s+(?:to|back|through|out|in|and|on|over|with))"
    r"|\b(?:i'?m|im|i am) (?:off|logging off|signing off|out)\b(?=\s*(?:$|[,.!~]|now|to bed|for))"
    r"|\blogging off\b|\b(?:heading|going|off|gonna go) to bed\b"
    r"|(?<!\bher )(?<!\bhis )(?<!\bmy )(?<!\btheir )(?<!\byour )(?<!\bour )\bhead(?:ing)? (?:out|off)\b"
    r"|\b(?:gonna|going to|gotta|have to|need to|about to) (?:log off|sign off|go now|run|bounce|dip)\b"
    r"|\b(?:should|gonna|going to|need to|off to|will) (?:try (?:and|to) )?(?:get|grab|catch) (?:some )?(?:sleep|kip"
    r"|shut-?eye|rest)\b|\bcatch (?:ya|u) later\b"
    r"|\b(?:gonna|going to|gotta) (?:try (?:and|to) )?lie down\b"
    r"|\b(?:going|gonna) (?:to )?sleep(?: now)?(?=\s*(?:$|[,.!~]|thanks|thank))"
    r"|\btake care\b(?=\s*(?:$|[,.!~]))|\bbrb\b|\bbe right back\b|\bback in a (?:sec|second|min|minute|bit)\b"
    r"|\bi'?ll be (?:right )?back\b(?=\s*(?:$|[,.!~]|in a|after|soon|later))"
    r"|\bwish me luck\b"
    # coming back later to tell how it went: I'll report back (if I survive lol) / 到时候来跟你汇报
    r"|\bi'?ll (?:report back|let you know how (?:it|that|things) (?:goes|went)|keep you posted|update you)\b",
    # off to do the hard thing: 祝我好运
    r"祝我(?:好运|顺利)|(?:到时候|回头|之后|改天)(?:再)?(?:来)?(?:跟你|向你|和你)(?:汇报|报告|说说?|讲讲?)(?:一下)?(?:哈|啊|吧)?[\W_]*$",
    # a clause that is only "night" / "later": I'm logging off, night
    r"(?:^|[,.!~]\s*)(?:night(?: night)?|nighty night|later|laters|peace)(?=\s*[.!~]*$)",
]
# what a person may ask the bot to do for them: 写 / 做 / 翻译 / 订 / 打电话 (not 改变, 算了, 回忆)
_TASK = (
    r"写|做|改(?!变)|翻译|算(?!了)|画|编|总结|整理|润色|订|买|点|打电话|叫(?:外卖|车|醒)|发(?:个|一)?(?:消息|邮件|短信|简讯|微信)"
    r"|回(?:消息|复|信|邮件)|代写|抄"
)
_QUESTION_BOT = [
    # coming back another day: 我明天还能来找你吗 / can I talk to you again tomorrow
    rf"{COME_AGAIN[0]}|(?a:{COME_AGAIN[1]})",
    # does the bot remember the pet's name: 我家狗叫啥来着 / what's my cat's name again?
    r"(?:猫|狗|宠物|它|牠)(?:的名字)?叫(?:什么|啥)(?:来着)?(?=[吗嘛呢？?\s]|来着|$)|(?a:\bwhat(?:'s| is| was) my (?:cat|dog|pet|kitten|puppy)'?s? name\b"
    r"|\bremember my (?:cat|dog|pet)'?s name\b)",
    # do you have a pet? / would you tell me if you were a person pretending
    r"(?a:\bdo (?:you|u) have (?:a |any )?(?:pets?|family|friends|feelings|a body|a name|a favou?rite)\b"
    r"|\bif (?:you|u) were (?:a |an )?(?:person|human|real person)\b|\b(?:person|human) pretending\b)",
    # what the bot takes in: 你听得到声音吗 / 你只看得到我打的字吧 / can you hear me? / do you just read what I type
    r"你(?:能|可以|会)?(?:听得到|听得见|听到|听见|听)(?:我的)?(?:声音|语音|我说话|我讲话)"
    r"|你(?:能|可以)?(?:看得到|看得见|看到|看见)我(?:的)?(?:脸|样子|长相|表情|人)?(?:吗|嘛|不)"
    r"|你(?:只|只能)(?:看得到|看得见|看到|看|读到|读)(?:我)?(?:打的字|的字|文字|打字)"
    r"|(?a:\bcan (?:you|u) (?:actually |even )?(?:hear|see) (?:me|my (?:voice|face))\b"
    r"|\bdo (?:you|u) (?:just|only) (?:read|see) (?:what i (?:type|write)|the words|my (?:texts?|messages?|words)))",
    # 你是真人吗 / 你是不是机器人 / 你到底是什么东西 / 你们是真人客服吗 / 你是谁 / 你肯定是真人 (not 你是什么意思,
    # 你是我最好的朋友)
    r"你们?(?:到底|究竟|真的|其实|肯定|一定|绝对|明明|分明|原来|果然|该不会|怕不是)?(?:是不是|是)(?:个|一个)?(?:真人"
    r"|真的人|人类|活人|机器人|机器|ai|人工智能|bot|程序|程式|chatgpt|gpt|客服|男的|女的|男生|女生|谁"
    r"|人(?=吗|吧|啊|呀|呢|还是|[？?]|$)"
    r"|什么(?:东西|样的存在|程序)?(?=吗|吧|啊|呀|呢|[？?]|$|[,，]))",
    # in Cantonese: 你係咪AI嚟㗎 / 你係唔係真人 / 你係人定係機械人 (folded: 系)
    r"你(?:系咪|系唔系)(?:真人|人|机械人|机器人|ai|人工智能|程序|bot)"
    r"|你系(?:真人|人)定(?:系)?(?:机械人|机器人|ai|程序)|你系(?:机械人|机器人|ai)(?:嚟)?(?:㗎|嘅|呀|啊)?(?=$|[\W_])",
    # 我在跟真人聊天吗 / 我是在和机器人说话吗
    # a clause that only asks for the identity: (是)AI吗 / 真人吗; 你是心理医生吗 / 你是什么模型
    r"(?:^|[\W_])(?:是|有)?(?:真人|机器人|ai|人工智能|bot|robot|真的人)(?:吗|嘛)(?=$|[\W_])"
    r"|(?:^|(?<=[\W_]))是不是(?:真人|活人|机器人|ai|程序|人工|自动回复)"
    r"|你(?:是不是|是)(?:心理医生|医生|咨询师|心理咨询师|什么模型|哪个公司|哪家)"
    r"|(?:^|(?<=[\W_]))(?:你)?(?:该不会|不会|难道|莫非|怕不是|其实|肯定)(?:是|就是)(?:个|一个)?(?:真人|活人|真的人|人工|机器人"
    r"|ai|程序|程式)",
    r"我(?:是)?在(?:跟|和|与)(?:一个)?(?:真人|机器人|机器|ai|人工智能|bot|程序|谁|人)(?:聊天|说话|对话|聊)",
    # what the speaker realises they are doing, an implied question: 所以我是在跟一个程序讲心事 / 我居然对着AI哭了半天
    r"我(?:是|就|居然|竟然|一直|原来|真的|还)*(?:在)?(?:跟|和|对|向)(?:着)?(?:一个|个|一台)?(?:程序|程式|机器人|机器|ai"
    r"|人工智能|bot|软件|软体|代码|聊天机器人)(?:讲|说|聊|倾诉|诉苦|吐槽|哭|谈心|掏心|交心|表白)",
    # the bot seems a person: 你回得这么像人 / 你说话一点都不像机器人 / 你比真人还懂我
    r"你(?:[^，。,.!?？]{1,8}(?:这么|那么|好|太|真|很|挺|超|越来越|简直|特别)|(?:这么|那么|太|真|很|挺|超|越来越|简直|特别))"
    r"像(?:一个真人|个真人|个人|真人|人类|人)(?![生家物样格质影才事渣])"
    r"|你[^，。,.!?？]{0,8}(?:不|不太|一点都不|一点也不|根本不)像(?:个|一个)?(?:机器人|机器|ai|程序|程式|bot|人工智能)"
    r"|你比真人还",
    # a person behind the screen: 后台是不是有真人在看 / 屏幕那头是真人在回吗 / 有工作人员在看我们聊天吗
    r"(?:后台|(?:屏幕|萤幕)(?:那头|对面|后面|那边)|网线(?:那头|对面))[^，。,.!?？]{0,8}(?:真人|人工|活人|工作人员|有人|人在)"
    r"|(?:真人|人工|活人)[^，。,.!?？]{0,4}(?:在|会|能|可以)?(?:看|读|回复?|打字|监控|监视|审核|盯着)"
    r"|(?:工作人员|员工|开发者|开发人员|程序员|管理员|你们公司的人)[^，。,.!?？]{0,4}(?:在|会|能|可以)?(?:看|读|查看|翻看|偷看"
    r"|监控|监视|审核|盯着)(?:到|见|得到)?[^，。,.!?？]{0,4}(?:我们|我的|我说|我发|聊天|对话|消息|记录|这些|这里)",
    # what the bot can do: 你能做什么 / 你都会些啥 / 你有什么功能 / 你是干嘛的 (not 你会什么时候)
    r"你们?[都还到底究竟具体又]{0,2}(?:能|会|可以|能够)(?:帮(?:我|人|上)?|为我|替我)?(?:(?:做|干|帮)?(?:些|点)?(?:什么|啥)"
    r"(?!时候|意思|样|都|也)|干嘛)|你(?:有|有没有)(?:什么|啥|哪些)?功能|你有(?:什么|啥)(?:用处|本事|用(?=吗|啊|呢|[？?]|$))"
    r"|你(?:到底|究竟|具体)?(?:是)?(?:用来)?(?:干嘛|干什么|做什么|干啥)(?:用)?的|(?:这个|你们这个)(?:app|软件|软体|程序|程式|平台)(?:能|可以|是)(?:干嘛|做什么|干什么|干啥)",
    # a task it cannot do, or a skill: 你能帮我写论文吗 / 帮我写一封辞职信 / 你会写代码吗
    rf"(?:你|您|^|(?<=[\W_]))(?:能|可以|能不能|可不可以|会不会|能否|可否)(?:帮|替)我(?:{_TASK})"
    r"(?!了|过|[^，。,.!?？]{0,6}(?:办法|主意|建议|决定|选择|心理|疏导))"
    rf"|(?:^|(?<=[\W_]))(?:请|那|你|麻烦你?)?(?:帮|替)我(?:{_TASK})(?:一下|下)?[一两几]?[篇份个封首段张道套条]"
    r"|(?:你|您|^|(?<=[\W_]))(?:能|可以|能不能|可不可以|能否|请|那|麻烦你?)?(?:帮|替)我把[^，。,.!?？]{1,12}(?:翻译|改|写|润色"
    r"|总结|整理|算|画|编)"
    r"|你(?:会|会不会|能|能不能|可以)(?:写代码|写程式|编程|唱歌|画画|下棋|说英语|讲英文|说外语|翻译|做饭|跳舞|打游戏|玩游戏|写诗"
    r"|写歌|上网|联网|搜索|打电话|发语音|发短信|发简讯|发消息|发微信|提醒我|叫我起床|看图|看图片|看照片|听语音|说话)[^，。,.!?？]{0,6}(?=吗|嘛|不|没|[？?]|$)",
    # whether the bot is still there: 你还在不 / 你在听吗 / are you still there? / u there
    r"你(?:还)?在(?:吗|嘛|么|不|不在)(?=$|[\W_])|你(?:有没有)?在听(?:吗|嘛|么|不)?"
    r"|(?a:\bare (?:you|u) (?:still )?(?:there|here|listening)\b|^\W*(?:you|u) (?:still )?there\b)",
    # memory: 你会记得我说过的话吗 / 你还记得吗 / 你能记住我叫什么吗
    r"你(?:还|会|能|可以|能不能|会不会|真的)?(?:记得|记住|记不记得|记不住)",
    # what the bot has or feels: 你有感情吗 / 你也会累吗 / 你多大了 / 你叫什么名字 / 你是用什么训练的
    r"你(?:有|会有|有没有)(?:感情|情绪|情感|意识|感觉|灵魂|名字|性别|身体|家人)",
    r"你(?:也|也会|会|会不会)(?:累|难过|伤心|哭|生气|做梦|孤独|寂寞|无聊|开心|烦|饿|睡觉)(?=吗|吧|呢|[？?]|$)",
    # 你们这种机器人晚上也不睡觉吧 / 你不用睡觉的吗
    r"你们?(?:这种|这些)?(?:机器人|ai|程序)?[^，。？?\s]{0,4}(?:也)?(?:不|不用|不会|会|要)(?:睡觉|睡|休息)(?:的)?(?=吗|吧|呢|[？?]|$|\s)",
    # 你会不会也被人骂啊 / 你是不是也要劝我"缘分到了自然就来了" / 你也站我妈那边吗
    r"你(?:会不会|会|是不是|不会|该不会)?也(?:会)?(?:被(?:人)?(?:骂|凶|吼|怼)|挨骂)"
    r"|你(?:是不是|会不会|该不会|不会)?也(?:要|会|想)(?:劝|教育|说教)我|你(?:是不是|也|是不是也)站(?:我妈|我爸|她|他|他们)(?:那边|那一边)",
    r"你(?:今年)?(?:多大|几岁)|你叫什么(?:名字)?|你的名字(?:是|叫)?什么|你是(?:用)?什么(?:训练|做|开发|造|写)"
    r"|谁(?:开发|创造|做|写|训练|设计)(?:了|的)?你|你(?:是)?(?:谁|哪家公司?)(?:开发|做)的|你(?:怎么|咋)知道"
    r"|你平时(?:都)?(?:干嘛|做什么|在干什么|干什么)",
    # trust and privacy: 你会不会骗我 / 你会把我说的话告诉别人吗 / 聊天记录会被保存吗
    r"你(?:会|会不会)(?:骗|欺骗)我|你们?(?:会|会不会|不会|能不能|可以|是不是会|该不会|真的不会|应该不会)?(?:偷偷|私下|随便)?"
    r"(?:把[^，。,.]{0,12})?(?:告诉|泄露|转告|说给|透露|传给|转发给|发给|卖给|交给)(?:任何人|别人|其他人|外人|第三方|家人|父母"
    r"|爸妈|我(?:的)?(?:家人|父母|爸妈|妈|爸|老师|学校|领导|老板)|老师|学校|警察|公司)"
    r"|(?:你|你们|这里|这边|这些|我说的|我们聊的)(?:[^，。,.!?？我]|帮我|替我){0,8}(?:保密|说出去|传出去|泄露出去|外传)"
    r"|(?:聊天(?:记录|纪录)|我说的(?:话|这些|事)?|我们的?(?:聊天|对话)(?:内容)?|这些话|我发的|对话)(?:(?:会|会不会|能|能不能|有人"
    r"|有没有人)被?|被)(?:别人|其他人|人|谁|任何人|第三方|工作人员)?(?:保存|看到|看见|记录|泄露|存下|存起来|知道)",
    # canned replies: 你的回复是模板吗 / 这些话是提前写好的吧
    r"(?:你的?|这些)(?:回复|回覆|回答|话|消息|讯息)[^，。,.!?？]{0,8}(?:模板|套路|复制|粘贴|预设|提前写好|写好的|自动生成|生成的|套话|现成)"
    r"|你(?:是不是|是|都|只会|就会)?(?:在)?(?:复制粘贴|套模板|照着模板|背台词|念稿)"
    r"|你(?:是不是)?(?:只会|就会)(?:说|讲|回|重复)(?:这些|这几句|这一套|同样的|一样的)",
    # understanding: 你能理解我吗 / 机器人也能理解人的痛苦吗
    r"你(?:能|可以|真的)?(?:理解|懂|明白)我?(?=吗|嘛|[？?])|(?:机器人|ai|人工智能)(?:也|真的)?(?:能|会|可以|懂得?)"
    r"(?:理解|懂|有|感受|共情)",
    # are you a real person / a bot / human / an actual therapist (not "are you really going to...")
    r"\bare (?:you|u) (?:even |actually |really |just )?(?:a |an )?(?:real(?:ly)? |actual )?(?:real|human|person|people"
    r"|bot|robot|ai|a\.i\.|machine|program|computer|chat ?bot|script|algorithm|therapist|counsel+or|alive|sentient"
    r"|conscious|gpt|chatgpt)\b",
    r"\b(?:am i|are we) (?:talking|chatting|speaking|texting) (?:to|with) (?:a |an )?(?:real |actual )?(?:person|human"
    r"|bot|robot|ai|machine|computer|program|someone real)\b",
    r"\bis (?:this|it|that) (?:all )?(?:a |an )?(?:bot|robot|real person|human|ai|automated|scripted|person|machine)\b"
    r"|\bis (?:anyone|anybody|someone|a human|a person) (?:actually |really )?(?:reading|watching|seeing|monitoring"
    r"|behind|on the other end)\b|\bbeing (?:an? )?(?:ai|a\.i\.|bot|robot|machine|program|computer)\b"
    r"|\bwhat (?:model|llm|ai|kind of (?:ai|bot|program)) (?:are|r) (?:you|u)\b"
    r"|\b(?:are|r) (?:you|u) (?:going to|gonna) (?:remember|forget|tell|report|judge)\b",
    # privacy: is this chat private? / does anyone read it?
    r"\bis (?:this|my|our) (?:chat|conversation|data|info|information) (?:private|confidential|recorded|saved|stored"
    r"|secure|safe|anonymous)\b|\b(?:does|will|can|could) (?:anyone|anybody|someone|a human|a person|people)"
    r" (?:else )?(?:read|see|look at|check|review) (?:this|it|these|my|our|what)\b",
    # what are you / who are you / who made you / what's your name / how old are you
    r"\bwhat (?:are|r) (?:you|u)\b(?! (?:doing|talking|saying|up to|going|gonna|trying|thinking|on about|into))"
    r"|\bwho (?:are|r) (?:you|u)\b(?! (?:to|talking|going))|\bwho (?:made|created|built|programmed|trained|designed"
    r"|wrote|owns|runs) (?:you|u)\b|\bwhat(?:'s| is) your name\b|\bhow old (?:are|r) (?:you|u)\b"
    r"|\bwhat (?:do|should|shall) (?:they|people|i|we) call (?:you|u)\b",
    # remember me?? / do people yell at you too / are you gonna tell me to forgive her too
    r"(?a:(?:^|[.!?,]\s*)(?:(?:hi+|hey+|hello+|yo)\W*)?(?:(?:do )?(?:you|u) )?remember me\b(?=\s*\?)|\b(?:do|does|did) (?:people|anyone|users|they)"
    r" (?:ever )?(?:yell|shout|swear|snap) at (?:you|u)\b|\b(?:are|r) (?:you|u) (?:going to|gonna) (?:tell me to|lecture me)\b"
    r"|\b(?:are|r) (?:you|u) (?:on|taking) (?:her|his|their|my \w+'?s?) side\b"
    r"|\b(?:do|don'?t) (?:you|u) (?:ever )?(?:sleep|get (?:to )?sleep|rest|go to bed)\b(?=\s*(?:\?|$|either|too|at all))"
    r"|\bdo bots (?:ever )?sleep\b)",
    # memory and inner life: do you remember me / do you have feelings / do you ever get tired / can you understand me
    r"\b(?:do|can|will|would|could) (?:you|u) (?:even |actually |still )?(?:remember|recall|forget) (?:me|my|this"
    r"|that|what|our|us|anything|everything|who)\b|\bdo (?:you|u) have (?:a name|feelings|emotions|a body|a soul"
    r"|consciousness|a family|friends)\b|\bdo (?:you|u) (?:ever )?(?:get|feel) (?:tired|lonely|sad|bored|happy"
    r"|angry|hurt|anything|emotions|feelings)\b|\bdoes (?:it|this|that) (?:ever )?(?:bore|tire|annoy) (?:you|u)\b"
    r"|\b(?:do|does) (?:you|u) (?:even |actually |really |ever )?get anything out of (?:this|it)\b"
    r"|\b(?:can|do) (?:you|u) (?:even |actually |really )?(?:understand"
    r"|feel|dream|care|love|like (?:things|anything|stuff)|enjoy (?:things|anything|stuff))\b|\b(?:can|could|do|does|would) (?:an? )?(?:ai|bot|robot|chatbot|program|machine)s? (?:even |actually |really |ever )?(?:understand|feel|care|love)\b",
    # what it can do, or a task it cannot: what can you do / what are you for / can you write my essay
    r"\bwhat (?:else |exactly |all )?(?:can|could|can'?t|are) (?:you|u) (?:actually |even |really )?(?:do|able to do"
    r"|capable of|good (?:at|for)|help (?:me )?with|for)\b|\bwhat do (?:you|u) (?:actually |even |really )?do"
    r"(?: exactly| here| anyway)?(?=\s*(?:$|[?.!,]))|\bhow (?:can|could|do|would) (?:you|u) (?:actually |even )?help"
    r"(?: me| people)?(?=\s*(?:$|[?.!,]))|\bwhat(?:'s| is| are) your (?:purpose|capabilities|limits|limitations|features"
    r"|functions)\b|\bhow do (?:you|u) (?:even )?work\b",
    r"\b(?:can|could|will|would) (?:you|u) (?:please |pls |just |maybe |also |even )?(?:write|proofread|edit"
    r"|rewrite|draft|translate|summari[sz]e|code|solve|calculate|book|order|call|email|text|set|remind|draw|google|search"
    r"|browse|grade|debug) (?!me a (?:song|poem|story|joke)|me a favou?r|that\b|it\b|so\b)"
    r"|\b(?:can|could|will|would) (?:you|u) (?:please |just )?(?:help me )?(?:with|write|do|finish) (?:my|the|this"
    r"|an?) (?:\w+ )?(?:essay|homework|assignment|paper|code|resume|cv|cover letter|taxes|project|thesis|math|email"
    r"|application|report)\b|\b(?:can|are) (?:you|u) (?:even |actually )?(?:able to )?(?:see|hear|view|open|browse"
    r"|access|search) (?:images|pictures|photos|pics|links|videos|voice|my voice|the (?:internet|web)|websites)\b",
    # what the speaker realises, an implied question: so I'm pouring my heart out to a program lol / you sound too
    # human / no way you're a bot
    r"\b(?:telling|venting to|talking to|crying to|confiding in|opening up to|ranting to|confessing to|pouring (?:my|it)"
    r" (?:heart |soul |feelings )?out to|spilling (?:my guts |everything |my heart )?to|tell) (?:a|an|some|this) (?:\w+ )?"
    r"(?:program|bot|robot|ai|machine|computer|chat ?bot|algorithm|app|script)\b",
    r"\byou (?:sound|seem|talk|type|write|reply|respond|act|feel|text) (?:so |too |very |really |way too |like |just like "
    r"|more )*(?:a |an )?(?:real person|real human|human|person|real)\b(?! friend)"
    r"|\byou (?:don'?t|do not|never) (?:sound|seem|talk|type|write|act|feel|text) like (?:a |an )?(?:bot|robot|ai|machine"
    r"|program|computer)\b|\btoo (?:human|real) (?:to be|for) (?:a |an )?(?:bot|robot|ai|machine|program)\b"
    r"|\b(?:no way|i don'?t believe|i can'?t believe|hard to believe|i refuse to believe) (?:that )?(?:you(?:'re| are)|ur"
    r"|this is) (?:a |an |just |really )?(?:bot|robot|ai|machine|program|computer)\b",
    # someone reading along, or the bot passing it on: is there a real human reading this? / will you tell anyone?
    r"\b(?:is|are) there (?:a |an |any |some )?(?:real |actual |live )?(?:human|person|people|humans|staff|employees?"
    r"|moderators?|developers?|someone|anyone|anybody)\b[^.!?]{0,20}\b(?:reading|watching|seeing|monitoring|behind"
    r"|typing|looking|checking|reviewing|on the other (?:end|side))\b"
    r"|\b(?:do|does|can|could|will|would) (?:any )?(?:real )?(?:humans?|people|staff|employees|moderators?|developers?"
    r"|devs|the developers|your (?:developers|creators|makers|company|team|staff|devs)|the company|a real person|admins?)"
    r" (?:ever |actually |really )?(?:read|see|look at|check|review|monitor|access|watch) (?:this|these|it|our|my|what i)\b"
    r"|\b(?:are|is) (?:these|this|my|our) (?:chats?|conversations?|messages?|texts?|data|logs?) (?:being )?(?:monitored"
    r"|read|reviewed|recorded|logged|saved|stored|shared|encrypted|seen)\b|\bis (?:this|it) (?:being )?(?:monitored"
    r"|recorded|logged)\b|\bwhat happens (?:to|with) (?:my|our|the|this) (?:data|messages|chats?|conversations?|info"
    r"|information|history)\b|\bwho(?:'s| is) (?:on the other (?:end|side)|behind (?:this|the screen|these|the chat))\b",
    r"\b(?:will|would|could|can|do|are) (?:you|u) (?:going to |gonna )?(?:ever )?(?:tell|share|report|repeat|show|pass"
    r"|send|sell|leak|give|forward)\b(?! me\b)[^.!?]{0,30}\b(?:anyone|anybody|someone|my (?:parents|mom|mum|dad|school"
    r"|boss|teacher|therapist|doctor|family|friends?|husband|wife|partner)|the police|cops|people|others|authorities"
    r"|third[- ]part(?:y|ies)|advertisers|your (?:company|developers|creators))\b"
    r"|\bkeep (?:this|it|that|what i (?:say|said|tell you)) (?:a )?(?:secret|between us|private|confidential|to yourself)\b"
    r"|\b(?:can|will) (?:you|u) keep (?:a )?secrets?\b|\b(?:does|will) (?:this|it|that|what i say) stay (?:between us"
    r"|private|here|confidential)\b|(?:^|(?<=[,.!?;:~]))\s*(?:(?:so|and|but|also|ok|okay|wait|um)[\s,]+)*who"
    r" (?:can|else can|will|might|gets to|could) (?:see|read|access) (?:this|these|it|my|our|what)\b",
    r"\b(?:are|is) (?:these|this|your|those) (?:responses?|replies|answers|messages)\b[^.!?]{0,15}\b(?:canned|scripted"
    r"|pre-?written|automated|generated|templates?|copy[- ]?pasted?)\b|\b(?:are|is) (?:these|this|your|those|it|that)"
    r" (?:just )?(?:an? )?(?:canned|scripted|pre-?written|automated|generated|template|copy[- ]?pasted?|stock)"
    r" (?:responses?|replies|answers|messages|text|lines)\b",
    r"\byou(?:'re| are) (?:just |only |literally )?(?:a bunch of |some |lines of )?(?:code|an algorithm|software)\b",
    r"\byou(?:'re| are) (?:not |just |really |actually )*(?:a |an )?(?:real person|real human|real|human|bot|robot|ai"
    r"|machine|program|script)\b(?=[^.!]*\?|[^.!?]{0,12}\b(?:are|r) (?:you|u)\b|[^.!?]{0,12}\baren'?t (?:you|u)\b"
    r"|[^.!?]{0,6}\bright\b)",
]
_SMALLTALK_OBJ = (
    r"电影|影片|片子|电视剧|美剧|韩剧|日剧|剧|番|动漫|动画|综艺|纪录片|歌曲|歌单|歌|音乐|曲子|专辑|散文集|散文|诗集|书|小说|漫画|游戏|手游"
    r"|奶茶|咖啡|零食|吃的|美食|菜|餐厅|馆子|甜品|饮料|景点|地方|礼物|播客|博主|颜色|动物|宠物|运动|爱好|netflix"
)
_SMALLTALK_OBJ_EN = (
    r"movies?|films?|shows?|series|tv|anime|documentar(?:y|ies)|songs?|music|albums?|playlists?|artists?|bands?"
    r"|books?|novels?|reads?|podcasts?|games?|food|snacks?|drinks?|restaurants?|recipes?|dishes|places?|colou?rs?"
    r"|animals?|pets?|hobb(?:y|ies)|sports?|netflix|youtubers?|channels?"
)
_SMALLTALK = [
    # need a song to match my mood / cats or dogs? you have to pick one / wanna play 20 questions
    r"(?a:\bneed (?:a|some) (?:song|movie|film|show|book|podcast|playlist)s?\b|\b(?:song|movie|book|show) (?:recs?|ideas)\b"
    r"|\bcats? or dogs?\b|\bdogs? or cats?\b|\byou have to (?:pick|choose)\b"
    r"|\b(?:wanna|want to) play (?:a game|20 questions|twenty questions|something|a round|truth or dare|would you rather)\b)",
    # a recommendation of something everyday: 推荐几部好看的电影 / 有什么好书推荐吗 / 想看点治愈系的番，有推荐吗
    rf"(?:推荐|推介|安利|荐)(?![了过的])[^。！？!?]{{0,12}}(?:{_SMALLTALK_OBJ})|(?:{_SMALLTALK_OBJ})[^。！？!?]{{0,20}}(?:推荐|安利)",
    # what the bot likes: 你喜欢什么颜色 / 你最喜欢的动物 / 你喜欢听谁的歌
    r"你(?:平时)?(?:也)?(?:最)?(?:喜欢|爱|讨厌)(?!我)(?:[^，。,.!?？]{0,8}(?:吗|嘛|还是)|什么|啥|哪|谁|的|吃|听|看|玩|喝)"
    r"|你最喜欢|你(?:平时|最近|现在|一般)?(?:也|都|在)*(?:听|看|追|玩|喝|吃|读)(?:过)?(?:什么|啥|哪些|哪部|哪首)?"
    r"(?:歌|剧|书|电影|游戏|番|综艺|什么|啥|咖啡|奶茶)"
    r"|(?<!我)(?<!我也)(?:喜欢|爱)(?:听|看|吃|玩|喝)?(?:什么|哪种|哪个|哪一|谁)(?:风格|类型|样的|颜色|口味|歌|电影|书)",
    # an opinion on an everyday thing: 你觉得《漫长的季节》好看吗 (not 你觉得我应该...)
    r"你觉得(?!我)[^，。,.!?？]{1,20}(?:好看|好听|好吃|好玩|可爱|怎么样|值得看|值得买|还是)",
    # a choice: 晚饭吃什么好呢 / 周末去哪玩比较好 / 送什么礼物好
    rf"你[^，。,.!?？]{{0,6}}(?:喜欢|爱|推荐)的(?:{_SMALLTALK_OBJ})"
    r"|(?:吃|喝|看|听|玩|去|送|买|点|做|煮|穿|选)(?:什么|啥|哪)[^，。,.!?？]{0,4}?(?:好|比较好|合适)(?:呢|啊|吗|呀)?(?=$|[\W_])"
    r"|(?:吃|喝|看|听|玩|去|买|点)[^，。,.!?？]{1,8}还是[^，。,.!?？]{1,8}(?:好|比较好|呢)(?=$|[\W_])",
    # a film or a book about something: 有没有什么电影或者书是讲这种的
    r"有没有(?:什么|啥)?(?:好的?)?(?:电影|书|剧|纪录片|小说)(?:或者?|和|还是)?(?:电影|书|剧|纪录片|小说)?(?:是)?(?:讲|关于|写)",
    # a gift idea asked for: 想送佢一份禮物，有冇咩好建議 / 送她什么礼物好 / any gift ideas for my best friend
    r"(?:礼物|送(?:什么|啥|点什么|咩|乜))[^。！？!?]{0,14}(?:有(?:没有|冇|没)?(?:什么|咩|乜|啥)?好?(?:建议|主意|点子|推荐))"
    r"|(?a:\b(?:gift|present) (?:ideas?|suggestions?|recs?)\b|\bwhat (?:should|could|can) i (?:get|give|buy) (?:him|her|them)"
    r"(?: as a| for)\b|\bwhat to (?:get|give|buy) (?:him|her|them) (?:as a|for)\b)",
    # something to enjoy: 来首歌 / 讲个笑话 / 有什么适合失眠的时候听的歌吗
    r"来(?:一)?(?:首|个|段|部)(?:歌|笑话|故事|诗)|(?<!给你)(?<!跟你)(?<!和你)(?<!我来)(?<!听我)(?<!我也)(?:讲|说)(?:一)?个"
    r"(?:笑话|故事)(?!给你)",
    rf"有(?:什么|啥|没有)[^，。,.!?？]{{0,14}}(?:听|看|吃|玩|读)的(?:{_SMALLTALK_OBJ})"
    r"|有(?:什么|啥|没有)(?:什么)?(?:好看|好听|好吃|好玩|好用|有趣|下饭|治愈|解压)的",
    # 有没有推荐的歌 / 推一首歌 / 求几部电影 / 心情不好适合听什么 / 有什么歌适合下雨天听
    rf"有(?:没有|什么|啥|没)?(?:什么|啥)?(?:可以|值得|能)?(?:推荐|安利)的[^，。,.!?？]{{0,6}}(?:{_SMALLTALK_OBJ})"
    rf"|(?:推|求)(?:一|几|两|个)(?:首|部|本|个|款|张|家|集)?[^，。,.!?？]{{0,10}}(?:{_SMALLTALK_OBJ})"
    rf"|有(?:什么|啥)(?:{_SMALLTALK_OBJ})(?:适合|值得|可以)"
    r"|(?:适合|可以)(?:听|看|读|玩)(?:点|些)?(?:什么|啥)",
    # the bot's taste, supposed: 你要是能养宠物会养什么 / 如果你能吃东西，最想吃什么 / 你最想去哪 (not 如果你是我)
    r"(?:你要是|要是你|如果你|假如你|假设你|你如果|你假如|你若是|若你|如果让你|要是让你)(?!是我|站在我)[^。！？!?]{0,14}?"
    r"(?:会|想|最想|要|选|当)[^，。,.!?？]{0,6}?(?:什么|啥|哪|谁)(?!时候|意思)"
    r"|你(?:最)?想(?:去|吃|喝|养|看|听|玩|当|成为)(?:什么|啥|哪|谁)",
    # a request to chat: 陪我聊会儿天吧 / 你能陪我说说话吗 / 跟我聊聊天嘛 / 聊点开心的吧 (not 没人陪我, 谢谢你陪我聊天)
    r"(?:^|(?<=[\W_]))(?:那|就|再|先|请|求求你|求你|快|来|你|今晚|今天|现在|要不)*(?:陪陪我|陪我(?!的|们)(?:聊|说|讲|唠|待"
    r"|呆|玩|一会|一下|会儿|坐|打发))(?![了过]|[^，。,.!?？]{0,3}的)"
    r"|(?:能|可以|愿意)(?:再)?(?:陪陪我|陪我(?:聊|说|讲|唠|待|呆|玩|一会|一下|会儿|坐))[^，。,.!?？]{0,8}(?:吗|嘛|么|吧|[？?])"
    r"|(?:能不能|可不可以|愿不愿意)(?:再)?(?:陪陪我|陪我(?:聊|说|讲|唠|待|呆|玩|一会|一下|会儿|坐))"
    r"|(?:跟|和)我(?:聊|说说|唠|讲讲)[^，。,.!?？]{0,6}(?:吧|呗|嘛|好吗|好不好|行吗|行不行|可以吗)(?=$|[\W_])"
    r"|(?<!不想)(?<!不要)(?<!别)(?<!没)(?:聊|说|谈|唠)(?:(?:点|些)(?:别的|其他的|开心的|轻松的|有趣的|好玩的|有意思的)"
    r"|(?:别的|开心的|轻松的|有趣的|好玩的)(?:话题)?(?:吧|呗|嘛|好吗|好不好))"
    r"|(?:聊|说|谈|唠)(?:点|些)(?:什么|啥)(?:吧|呗|嘛)|换个话题(?:吧|呗|嘛)?(?=$|[\W_])"
    # (not a plan with someone else: "不提补课的事，就随便聊聊"; "咱们就随便聊聊" is asked of the bot)
    r"|(?:(?<!就)|(?<=们就))随便聊(?:聊|点|会儿)"
    r"|(?:^|(?<=[\W_]))(?:我们|咱们|你)?(?:能|可以|能不能|可不可以|要不要|想不想)(?:跟我|和我)?(?:聊|唠)"
    r"(?:(?:聊|会儿?|一会儿?|一下)?(?:天|嗑)|会儿?|一会儿?)"
    r"|(?:来|我们|咱们|一起)(?:玩|来)(?:个|一个|点)(?:小)?游戏",
    # can you recommend a good movie / any book recs / suggest some chill music
    rf"\b(?:recommend|recommendations?|recs?|suggest|suggestions?)\b[^.!?]{{0,30}}\b(?:{_SMALLTALK_OBJ_EN})\b"
    rf"|\b(?:{_SMALLTALK_OBJ_EN})\b[^.!?]{{0,20}}\b(?:recs?|recommendations?|suggestions?|recommend|suggest)\b",
    # the bot's taste: what's your favorite song / do you like cats or dogs / what do you think of her new album
    r"\bwhat(?:'s| is| are) your fav(?:ou?rite|e)?\b|\byour fav(?:ou?rite|e) \w+|\bdo (?:you|u) (?:like|love|prefer"
    r"|enjoy) (?!me\b|talking|being|it when)|\bwhat do (?:you|u) (?:think|feel) (?:of|about) (?!me\b|my\b|what i\b"
    r"|it\b|this\b|that\b|myself\b|him\b|her\b)",
    rf"\bwhat (?:kind of |type of |sort of )?(?:{_SMALLTALK_OBJ_EN}) (?:do (?:you|u)\b|(?:are|r) (?:you|u) into)"
    r"|\bwhat (?:are|r) (?:you|u) into\b",
    # entertain me: tell me a joke / what should I eat for dinner / what's a good show to binge
    r"\btell me (?:a |another )?(?:joke|story|fun fact|something (?:fun|funny|interesting))\b"
    r"|\bwhat should i (?:eat|cook|watch|read|listen to|play|order|make for|get (?:him|her|them|my))\b"
    r"|\bhave (?:you|u) (?:ever )?(?:seen|watched|read|heard|played|tried|listened to)\b|\bwhich (?:one )?is better\b"
    r"|\bwhat(?:'s| is) the best (?!way)\w+",
    rf"\bwhat(?:'s| is| are) (?:a |some )?good (?:\w+ )?(?:{_SMALLTALK_OBJ_EN})\b|\bwhat (?:{_SMALLTALK_OBJ_EN}) should i\b",
    # any songs for a bad day? / know any good movies / give me a show to watch / what song fits my mood
    r"(?:^|(?<=[,.!?~:;]))\s*(?:(?:so|ok|okay|hey|also|and|um|lol|btw)[\s,]+)*(?:do (?:you|u) (?:know|have) |(?:you )?got "
    r"|know |have )?any (?:good |great |fun |funny |sad |chill |new |decent |nice |happy |calming |cozy |comfort |upbeat "
    rf"|uplifting )*(?:{_SMALLTALK_OBJ_EN})\b"
    rf"|\b(?:give|send|throw) me (?:a |an |some |one )?(?:good |great |fun |funny |sad |chill |new |random )*"
    rf"(?:{_SMALLTALK_OBJ_EN})\b|\bwhat (?:{_SMALLTALK_OBJ_EN}) (?:fits|matches|suits|goes with|would (?:you|u) (?:pick"
    r"|recommend|choose|play))\b",
    # the bot's taste, supposed: if you could have a pet what would it be / where would you go if you could travel
    r"\bif (?:you|u) (?:could|were|had|was|got to|lived|ate|owned)\b(?! me\b| in (?:my|this|that|the same|a similar"
    r"|his|her)\b)[^.!]{0,40}?\b(?:what|which|where|who)\b|\b(?:what|which|where|who)\b[^.!?]{0,30}\b(?:you|u)\b"
    r"[^.!?]{0,20}\bif (?:you|u) (?:could|were|had|was|got to)\b(?! me\b| in (?:my|this|that|the same|a similar|his"
    r"|her)\b)",
    # a request to chat: just chat with me for a bit / talk to me / keep me company / let's talk about something else
    r"(?:^|(?<=[,.!?~:;]))\s*(?:(?:pls|please|so|ok|okay|then|hey|just|can (?:you|u)|could (?:you|u)|would (?:you|u)"
    r"|will (?:you|u)|wanna|want to|do (?:you|u) want to|can we|could we|let'?s)\s+)*(?:chat|talk|hang out) (?:with|to) me"
    r"(?=\s*(?:$|[,.!?~]|for (?:a |a little )?(?:bit|while|minute|sec|second|moment)|please|pls|about (?:something"
    r"|anything|random|whatever|your)|a (?:bit|little)|until|till|tonight|right now|now))"
    r"|\bkeep me company\b|\bdistract me\b|\b(?:let'?s|can we|could we|wanna) (?:just )?(?:talk|chat) about (?:something"
    r"|anything) (?:else|fun|random|light|nice|normal|different|happy)\b"
    r"|\b(?:let'?s|can we|could we|can (?:you|u)|please|pls) change the (?:subject|topic)\b"
    r"|\b(?:let'?s|can we|could we) (?:just )?(?:talk|chat)(?= for a|\s*(?:$|[,.!?~]))"
    r"|\b(?:wanna|want to) (?:chat|talk)(?=\s*\?)|\b(?:free|around|up) (?:to|for a) (?:chat|talk)\b|\bentertain me\b"
    r"|\blet'?s play (?:a |some )?(?:game|word game|20 questions|would you rather|something)\b",
]
_ADVICE = [
    # 你有什么助眠的办法吗 / 有没有什么好方法 / 有什么建议
    r"(?:有|有没有)(?:什么|啥)?(?:好的?|管用的?|有用的?|[^，。,.!?？]{0,4}的)?(?:办法|方法|建议|技巧|窍门|招)",
    # any quick tips for calming down? / got any advice
    r"(?a:\bany (?:quick |good )?(?:tips|advice|ideas)\b|\bgot any (?:tips|advice)\b)",
    # 我该怎么办 / 怎么办啊 (not 不知道怎么办, said of oneself)
    r"(?:该|要|应该)?(?:怎么办|咋办|咋整|怎么整|怎么破)|求(?:建议|支招|指点|助攻)",
    # 我该不该 / 我要不要 / 我是不是该分手 / 要不要辞职
    r"我(?:该不该|应不应该|要不要|是不是该|是不是应该|需不需要|到底要不要)|(?:^|[\W_]|，)要不要",
    # 我该答应吗 / 我应该怎么做 (a question, not 大家都说我应该很幸福)
    r"我(?:到底)?(?:该|应该)[^，。,.!！?？]{0,15}(?:吗|嘛|呢|怎么|什么|哪|还是)",
    # help with the words: 帮我想个开头 / 那邮件咋写啊
    r"帮我(?:想|写|拟|改)(?:个|一个|一下|下|几句)?(?:开头|开场白|措辞|说法|邮件|消息|回复)|(?:邮件|消息|短信|简讯|微信)(?:该)?(?:咋|怎么)写"
    r"|(?:发|回)(?:个|条|一条)?什么(?:消息|微信|短信|简讯)?好",
    r"(?a:\b(?:give|tell|show) me something to (?:do|try)\b)",
    # how to say it: 你觉得怎么讲比较不会撕破脸 / 我要怎么跟他开口 / 这话该怎么说
    r"(?:怎么|如何|怎样)(?:讲|说|开口|提|沟通|表达|谈|聊)(?:比较|才|会|更|好|呢|吗|[？?])",
    # 你直接说 / 你就告诉我选哪个 / just tell me what to do
    r"你(?:就)?(?:直接说|直说|告诉我(?:该|选|怎么)|帮我(?:选|决定|拿主意))",
    # 你觉得我应该跟她道歉吗 / 如果你是我 / 换做你会怎么做
    r"(?:你觉得|你说|你看)我(?:应该|该|要不要|要|能|适合|是)|如果你是我|换(?:做|成)?你(?:会|的话)"
    r"|我(?:是)?[^，。,.!?？]{1,10}还是[^，。,.!?？]{1,10}(?:好|呢|吗)?$",
    # 给我点建议 / 有什么办法 / 有没有什么方法 / 你能推荐一些放松的方法吗
    r"(?:给|有没有|有什么|有啥)(?:我)?(?:点|一些|些|什么)?(?:建议|意见|办法|方法|技巧|招|主意)"
    r"|推荐[^，。,.]{0,8}(?:方法|办法)|(?:方法|办法)[^，。,.]{0,4}推荐",
    # how to: 怎么才能不去想他 / 如何面对亲人的离世 / 怎么和爸妈说
    r"怎(?:么|样)(?:才能|才可以)|如何(?:才能)?(?:面对|走出|处理|应对|缓解|克服|摆脱|调整|开口|跟|和|让|做|改善|放下"
    r"|忘记|度过|减轻|适应|平衡|说服|告诉)|怎么(?:跟|和|对|向|让|面对|处理|应对|缓解|克服|摆脱|调整|开口|放下|忘记"
    r"|走出|度过|减轻|改善|平复|说服|告诉|拒绝|道歉)",
    # what should I do / what do I do / should I text him back (not "should I be worried", a question of fact)
    r"\bwhat (?:should|shall|do|can|would|could) i (?:even )?(?:do|say|tell|text|write|reply|choose|try)\b"
    r"|(?<!what )(?<!where )(?<!which )(?<!who )(?<!how )\bshould i\b(?! be (?:worried|concerned|scared|afraid))|\b(?:do|would) you think i (?:should|need|ought)\b",
    # how do I stop overthinking / how to deal with / any tips / give me some advice / what would you do
    r"\bhow (?:do|can|should|would|could|will) i\b(?! (?:know|even know))|\bhow (?:to|do you|can you|do people)"
    r" (?:stop|deal|cope|handle|get over|move on|calm|fall asleep|sleep|forget|tell|talk|make|fix|survive|focus"
    r"|relax|manage)\b|\bany (?:tips|advice|suggestions|ideas)\b|\b(?:give|offer) me (?:some |any )?(?:advice|tips"
    r"|suggestions|ideas)\b|\bwhat would you do\b|\bif you were me\b|\bin my (?:shoes|position)\b"
    r"|\bcan you recommend (?:a |an |some )?(?:therapist|counsel+or|psychiatrist|doctor|psychologist|way|method"
    r"|technique|exercise)s?\b|\b(?:is there|are there) (?:any ?way|anything|something) (?:i can|to help|that can)\b"
    r"|\bhelp me (?:decide|figure|choose)\b|\bwhat(?:'s| is) the best way to\b|\b(?:need|want) (?:some |your )?advice\b"
    r"|\bwhat (?:do|would|can) (?:you|u) (?:suggest|recommend|advise)\b",
]
_REFUSAL = [
    # 别劝我 / 不用安慰我 / 不要给我发热线电话 / 你别跟我说去看医生 / 能不能别老让我打电话求助 / 别给我发hotline
    r"(?:别|不要|不用|不必|甭|用不着|少|能不能别|可不可以别|你别)(?:再|老|总|一直|老是|总是|又)?(?:劝|安慰|说教|教育|开导"
    r"|讲道理|灌鸡汤|给我[^，。,.]{0,8}(?:热线|电话|号码|建议|道理|鸡汤|hotline)|发(?:什么)?(?:热线|hotline)"
    r"|(?:跟我)?(?:说|讲|提)[^，。,.]{0,6}(?:看医生|医院|热线|心理|咨询|想开|吃药|加油)"
    r"|让我(?:去)?(?:打|看|找|去)[^，。,.]{0,8}(?:电话|热线|医生|医院|咨询|心理|求助|专业|hotline))",
    # 谁要你劝了 / 我不想听大道理 / 不需要建议 / 我不要你的同情
    r"谁要你(?:劝|管|安慰|教|说|可怜|同情)|不(?:想|要|需要|用)(?:听)?(?:你的|什么)?(?:大道理|道理|建议|说教|鸡汤|热线"
    r"|安慰|同情|帮助|帮忙|意见|开导|可怜|分析)|不(?:想|要|需要|用)(?:听)?(?:任何|别人的|这些|那些)(?:大道理|道理|建议"
    r"|说教|鸡汤|热线|安慰|同情|帮助|意见)|不(?:想|要)听(?:你|这些|那些|什么)|你别(?:说话|说了|回|回复|插嘴|出声)"
    r"|不用回(?:我|复)|不用说什么"
    r"|(?:不需要|不用|不要|用不着)你(?:来)?(?:教|管|劝|告诉我|说教|安慰|同情|可怜|操心|指导)"
    r"|(?:别|不要|少|甭)(?:再)?(?:跟|给|对)我(?:讲|说|扯|灌)[^，。,.]{0,4}(?:道理|鸡汤|废话|这些|那些)"
    r"|(?:别|不用|不要)管我",
    # listen only: 你听我说就好 / 我只想有人听我说 / 只是想找人说说话
    r"听我说(?:就好|就行|就够了)|(?:静静|安静|只要|只需要)(?:地)?听我(?:说|讲|倾诉)|(?:只|就)(?:是)?想(?:有人|找人|让你)?(?:听我|听听我|说说话|聊聊天?|倾诉)",
    # 热线就算了 / 我不会打的 / 我不去看医生
    r"(?:热线|电话|hotline|医生|医院|咨询)(?:就)?(?:算了|免了|不用了|就不用了|不必了)|我不会(?:打|去|找)(?:的|热线|电话)"
    r"|我不(?:去|想去|要去|会去)(?:看医生|医院|看心理|咨询)",
    # don't give me a hotline / please don't tell me to call 988 / no advice / no thanks
    r"\b(?:don'?t|do not|no need to) (?:give|send|tell|recommend|suggest|throw) (?:me )?(?:a |the |another |any |some )?"
    r"(?:\w+ )?(?:hotline|helpline|number|crisis line|advice|lecture|tips|resources|therapy|to (?:call|see|get|go|talk|breathe"
    r"|calm|relax|think|meditate|try|reach|seek|just)|about (?:therapy|hotlines?|breathing|meditation))",
    r"\bno (?:more )?(?:hotlines?|helplines?|advice|lectures?|lecturing|therapy talk|solutions|fixing)\b"
    r"|\bno,? thank(?:s| you)\b",
    # I'm not calling any hotline / I don't need help / I don't want to be told to see a therapist
    r"\bi(?:'m| am) not (?:going to |gonna )?(?:call(?:ing)?|see(?:ing)?|talk(?:ing)? to) (?:a |any |the |some )?"
    r"(?:hotline|helpline|therapist|shrink|doctor|counsel+or|number|crisis line|anyone)\b",
    r"\bi (?:really |just |honestly )?(?:don'?t|do not|dont) (?:want|need)(?: to)? (?:be told|to hear|hear|advice|help"
    r"|your advice|a hotline|hotlines|therapy|a therapist|a lecture|solutions|you to fix|fixing|call|talk to a|resources"
    r"|tips)\b",
    # just listen / I just want someone to listen, not fix me / stop telling me it'll get better / spare me
    r"\b(?:just|only) (?:want|need) (?:someone|somebody|you|a person) to (?:listen|hear me)\b"
    # (not the person's own plan: "gonna call her tomorrow and mostly just listen first")
    r"|(?<!mostly )(?<!i'll )(?<!i will )(?<!and )(?<!to )\bjust listen\b(?! (?:first|to (?:her|him|them)))"
    r"|\bjust (?:hear me out|let me vent|let me talk)\b|\bnot (?:to )?fix (?:me|it|this)\b"
    r"|\b(?:stop|quit) (?:telling|saying|asking|lecturing|pushing|sending|suggesting|recommending|mentioning"
    r"|bringing up|trying to fix)\b|\bspare me\b"
    r"|\bsave (?:it|your (?:advice|breath|lecture)|the lecture)\b|\bdon'?t bother\b|\bleave me alone\b"
    r"|\bstop (?:with )?(?:the |all the |your )?(?:hotlines?|helplines?|advice|lectures?|lecturing|therapy|suggestions)\b"
    r"|\b(?:don'?t|do not) (?:have|need) to fix\b|\bno need to fix\b|\bjust let me (?:vent|rant|talk|cry)\b",
    # not interested in hotlines / I won't call / I'm not going to therapy / don't try to fix me
    r"\bnot interested in (?:hotlines?|helplines?|therapy|advice|help|your advice|talking to|calling|resources)\b"
    r"|\bi (?:won'?t|will not|refuse to) (?:call|go to|see|talk to)\b|\bi(?:'m| am) not (?:going|gonna go) to"
    r" (?:therapy|a therapist|the doctor|rehab|a shrink)\b|\bdon'?t (?:try to )?(?:fix|save|rescue) me\b"
    r"|\bi (?:really |just )?(?:don'?t|do not|dont) (?:want|need) (?:a |an |any |your |some |another |more )?(?:pep talk|lecture|speech"
    r"|sermon|advice|hotline|solutions|therapy)\b",
]
_RETRACTION = [
    # 当我没说 / 就当我没说 / 当我没发 / 刚才那些话你别当真 / 忘了我刚才说的 / 收回刚才的话 / 撤回
    r"当我没(?:说|讲|发|问|提)|(?<![我都也直])当没看见|(?:刚才|刚刚|之前|上面)(?:的话|那些话|那句话?|说的(?:话)?|发的)?[^，。,.]{0,6}"
    r"(?:别当真|不算|不作数|收回|撤回|别理|忘了吧|忘掉|删了|是气话|是开玩笑)|忘(?:了|掉)我(?:刚才|刚刚)?说的"
    r"|(?:收回|撤回)(?:刚才|刚刚|那句|上一条)?(?:的话)?",
    # 开玩笑的 / 我乱说的 / 随便说说 / 是气话 / 别当真 / 不是那个意思 / 打错字了 / 别理它
    r"开玩笑的|开玩笑啦|开个玩笑|(?:逗|骗|唬)你(?:的|玩)|我(?:是)?(?:乱|瞎|随便|胡)(?:说|讲)的|(?<!让我)(?<!叫我)(?<!要我)(?<!劝我)(?<!说我)(?:别|不要|不用)(?:当回事|多想)|随便说说|胡话|气话|别当真"
    r"|不是那个意思|打错(?:了|字)|发错(?:了|人)|别理(?:它|我刚才)|当我(?:放屁|胡说)|(?<![她他它我都也直])(?<![她他它]就)(?:你)?(?:就)?当(?:我)?没(?:看到|看见"
    r"|听到|听见)|别(?:往心里去|放在心上|介意)|刚才(?:是我)?(?:太)?(?:冲动|情绪上头|激动|气头上)",
    # forget what I said / forget I said anything / never mind (not "never mind the weather") / nvm / jk
    r"\bforget (?:what|everything|all)(?: that)? i (?:just )?(?:said|wrote|typed|told you|sent)\b"
    r"|\bforget i (?:said|asked|mentioned) (?:anything|that|it)\b"
    r"|\bnever ?mind (?:what|everything) i (?:just )?(?:said|wrote|typed)\b"
    r"|\bnever ?mind\b(?!\s+(?:the|that|about|my|his|her|what|how|him|them))|\bnvm\b|\bjk\b|\bj/k\b"
    r"|\bjust (?:kidding|joking)\b|\bi(?:'m| am| was) (?:just |only )?(?:kidding|joking)\b",
    # ignore that last message / I didn't mean that / scratch that / I take it back
    r"\bignore (?:that|this|what i (?:just )?(?:said|wrote)|my (?:last )?(?:message|msg|text)|the (?:last|previous)"
    r" (?:message|msg|text|one)|that last (?:message|one|bit))\b|\bi didn'?t (?:really )?mean (?:that|it|what i said)\b"
    r"|\bscratch that\b|\bdisregard (?:that|what i said|my last)\b|\bi take (?:it|that) back\b"
    r"|\btake back what i said\b|\bthat came out wrong\b|\bwasn'?t serious\b|\bignore me\b"
    r"|\bforget i (?:said|asked|mentioned|brought)\b|\b(?:kidding|joking)\b(?=\s*(?:$|[,.!~]))|\b(?:that|it) was (?:just )?a joke\b|\bi was (?:just )?being"
    r" (?:dramatic|silly|stupid|dumb)\b|\bwrong (?:chat|window|person|convo)\b|\bdelete (?:that|this|what i said"
    r"|my last)\b",
]
_PERSONAL_DATA = [
    # phone numbers: 13812345678 / 0912345678 / 010-12345678 / 415-555-0142 / +44 20 7946 0958
    r"(?<!\d)1[3-9]\d{9}(?!\d)|(?<!\d)09\d{8}(?!\d)|(?<![\d-])0\d{2,3}-\d{7,8}(?!\d)"
    r"|(?<![\d-])(?:\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}(?!\d)|\+\d{1,3}[\s-]?\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4}",
    # email addresses; ID numbers (a Chinese resident ID, a US social security number)
    r"[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+|(?<!\d)\d{17}[\dx](?![\da-z])|(?<!\d)\d{3}-\d{2}-\d{4}(?!\d)",
    # handles: 加我微信 lx_2024 / qq号是12345678 / my insta is ...
    # (a handle after a word that names it, or one with a digit, _ or . in it: not "on wechat video")
    r"(?<![a-z])(?:微信|wechat|vx|v信|qq|wx|ig|ins|instagram|insta|snapchat|snap|discord|telegram)(?:号|号码|id)?(?![a-z])\s*"
    r"(?!(?:story|stories|post|posts|account|page|live|reels?|feed|dms?|highlights?|bio)\b)"
    r"(?:(?:是|:|：|is|就是)\s*[a-z0-9_.-]{5,}|(?=[a-z0-9_.-]*[0-9_.])[a-z0-9_.-]{5,})",
    # the speaker naming their own data: 我的手机号是 / 我邮箱是 / 我的地址 / 学号 / my number is / my address is
    r"我的?(?:手机号?码?|电话(?:号码)?|邮箱|地址|家庭住址|住址|微信号?|qq号?|身份证号?码?|学号|工号)(?:是|:|：|为)?\s*"
    r"(?a:[\w@.-]{4,})|(?:学号|工号)\s*(?:是|:|：)?\s*\d{4,}",
    r"\bmy (?:phone |cell |home )?(?:number|phone|cell|email|e-mail|address|ssn|social security number|id number"
    r"|student id|insta|instagram|snapchat|snap|discord)(?: number)? is\s+\S",
    # addresses: 我住在朝阳区望京西路12号 / 住在台北市大安区复兴南路一段 / I live at 42 Elm Street
    r"(?:住在|住(?!院|了|过|得|着|宿|不)|地址是?|家住)[^，。,.!?！？]{0,14}?(?:路|街|巷|弄|胡同|号|栋|幢|单元|室|小区|公寓|村|大厦|花园)"
    r"|在[^，。,.!?！？]{1,8}?[区县][^，。,.!?！？]{1,10}?(?:路|街|巷|弄|号|大厦)"
    r"|\bi live (?:at|on) \d+",
    # a school or a workplace by name: 我在复旦大学读研 / 我是北京四中高二的学生 / 我在腾讯上班
    # (a name has no 被, 了, 的 or 个 in it: 上个月被公司裁了 names no company)
    # (nor does a kind of firm, or a city's one: 在物流公司做调度, 在一家外贸公司, 在台中一間公司)
    # (nor a choice of hospital: 还是得跑市里大医院)
    r"(?<!还)(?:在|是|读|上|考上了?|念)(?!一家|一所|一个|这|那|我们|我|本地|附近|某|小|大|家|物流|快递|外贸|贸易|科技|互联网|保险"
    r"|广告|装修|建筑|软件|游戏|房地产|地产|私企|外企|国企|私立|公立|民办|培训|咨询|设计|电商|餐饮)"
    r"(?:(?![被了的个么都在刷查不去该要得跑])(?!一[家间所])[\u4e00-\u9fff]){2,8}?"
    r"(?:大学|学院|中学|小学|高中|附中|职高|中专|幼儿园|[一二三四五六七八九十\d]中|医院|银行|集团|公司)",
    r"(?:在|去|进了?)(?:腾讯|阿里巴巴|阿里|百度|字节跳动|字节|华为|美团|京东|网易|小米|拼多多|滴滴|快手|b站|google"
    r"|microsoft|apple|amazon|meta|facebook)(?:上班|工作|实习|做)",
    r"\b(?:work|intern|working|interning) (?:at|for) (?:google|microsoft|apple|amazon|meta|facebook|tesla|netflix)\b",
]
# patterns on the text with its case kept: a capitalised name is what tells "I work at Google" from "at a bank"
_PERSONAL_DATA_CASED = [
    r"\b\d{1,5} (?:[A-Z][a-z]+ ){1,3}(?:Street|St|Avenue|Ave|Road|Rd|Lane|Ln|Drive|Dr|Boulevard|Blvd|Way|Court|Ct"
    r"|Place|Pl)\b",
    r"\b[Ii] (?:work|intern|volunteer|teach|study) (?:at|for) (?:The )?[A-Z][\w&'.-]*",
    r"\b[Ii] (?:go to|attend|am at|'m at|am a student at|'m a student at) (?:The )?[A-Z][\w'.-]*",
    r"\bat (?:[A-Z][\w'.-]*\s+){1,3}(?:Hospital|University|College|School|Academy|Clinic|Bank|Inc|Corp|High|Elementary"
    r"|Middle)\b",
    # a junior at Ohio State / a nurse at Mercy
    r"\b(?:student|freshman|sophomore|junior|senior|nurse|teacher|engineer|intern|developer|cashier|barista|employee"
    r"|worker|resident|professor) at (?:the )?[A-Z]\w+",
]


def _compile(act: str, patterns: list[str], veto: _Veto | None, cased: bool = False) -> tuple:
    """One act's rules as one pattern (one scan of the turn); a pattern with no Han character matches ASCII words
    only, so that ``\\b`` finds the edge of an English word inside Chinese text (先bye了, 我的boyfriend)."""
    joined = "|".join(f"(?:{p})" if HAN.search(p) else f"(?a:{p})" for p in patterns)
    return act, re.compile(joined), veto, cased


_RULES = [
    _compile("greeting", _GREETING, _greeting_veto),
    _compile("thanks", _THANKS, _thanks_veto),
    _compile("goodbye", _GOODBYE, _bye_veto),
    _compile("question_bot", _QUESTION_BOT, reported),
    _compile("smalltalk_request", _SMALLTALK, _reported_or_care),
    _compile("advice", _ADVICE, reported),
    _compile("refusal", _REFUSAL, _comfort_refused_for_truth),
    _compile("retraction", _RETRACTION, _negated),
    _compile("personal_data", _PERSONAL_DATA, None),
    _compile("personal_data", _PERSONAL_DATA_CASED, None, cased=True),
]

# -- turn-level context ---------------------------------------------------------------------------------------
# sarcastic thanks: 谢谢你啊，真是谢谢你全家 / 谢谢你的建议，说了等于没说 / thanks for nothing / oh great, thanks
_SARCASM = re.compile(
    r"谢谢你全家|真是(?:太)?谢谢|谢谢你啊[，,]?\s*真是|谢了您|谢谢您嘞|说了等于没说|呵呵[^，。]{0,4}谢|谢谢[^。]{0,8}呵呵"
    r"|(?a:\bthanks (?:a lot |so much )?for nothing\b|\b(?:oh|wow|gee|geez|great|cool|wonderful|perfect)[,!. ]+"
    r"(?:great[,!. ]+)?thanks\b|\bthanks[,!. ]+(?:genius|captain obvious|i guess)\b|/s\b"
    # thanks to someone in the story for a useless remark: "in my day we stayed home" thanks Linda very helpful
    r"|\bthanks,? (?!(?:xinyu|bot|you|u|so|again|for)\b)[a-z]+[,.!]* (?:very|so|real(?:ly)?|super) (?:helpful|useful)\b"
    # or after what they said: my mom said 'it's just a cat' which like. thanks mom
    r"|\b(?:said|says|saying|told me)\b[\s\S]{0,80}?\bthanks,? (?:mom|mum|dad|ma|mother|father"
    r"|linda|karen)\b[\s.!~]*$)"
)
# "I don't know what to do" is said of oneself, not asked: 不知道怎么办
_NOT_ASKING = re.compile(r"不知道|不晓得|不清楚|不懂")
# a doubt the speaker tells before a question form, about themselves or someone in the story: 我不知道他会不会回来 /
# 不知道该怎么办 (not the polite 不知道抑郁症会不会遗传 or 不知道你能不能..., which ask)
_UNSURE = re.compile(
    r"我[^，。,.!?？]{0,4}(?:不知道|不晓得|不清楚|不确定|搞不清)"
    r"|(?:不知道|不晓得|不清楚|不确定|搞不清)(?:到底|究竟|还)?(?:该|应该|要|自己|我|他|她|他们|她们)"
)

# -- questions ------------------------------------------------------------------------------------------------
_EN_FILLER = r"(?:(?:ok|okay|so|and|but|wait|hey|also|um|uh|like|lol|btw|honestly|seriously|quick question|question)[\s,:]+)*"
_QUESTION_ZH = re.compile(
    # 吗/嘛 at the end; A-not-A forms; question words (not 什么都, 没什么, 怎么也, 不知道怎么办)
    r"[吗嘛][\W_]*$|(?:记得|认识|知道|喜欢|想|要|能|会)[^，。,.!?]{0,4}不[\W_]*$|你(?:也)?不知道[^，。,.!?]{0,14}吧|是不是|会不会|能不能|可不可以|可以不|要不要|有没有|行不行|对不对|好不好|正不正常|算不算|靠谱吗|够不够"
    r"|严不严重|需不需要|用不用|合不合适|安不安全|管不管用|危不危险|伤不伤|有没有用"
    # (不知道多少根 / 不知道喝了多少: countless, not asked)
    r"|(?<!不知道)(?<!不知)多少|多久|多大|(?<![好十了那这])几(?:点|片|粒|颗|次|毫克|天|号|月|岁|个|种|年)|(?<!知道)怎么办|(?<!没)(?<!没想)(?<!没做)(?<!没说)(?<!没干)(?<!没想做)(?<!不想做)(?<!没要)(?<!遇到)(?<!碰到)(?<!个)什么(?![都也的])|怎么(?![也都办])|怎样"
    r"|咋|哪(?:里|儿|个|些|家|种)|为啥|为什么|(?:比较好|好呢)$"
)
# an English question word or auxiliary that opens the clause
_QUESTION_EN = re.compile(
    rf"{_EN_FILLER}(?:(?:what|how|when|where|why|who|which|whose)\b(?!\s+(?:a|an)\b)"
    r"|(?:is|are|am|was|were|do|does|did|can|could|will|would|should|shall|may|might|has|have|isn'?t|aren'?t|don'?t"
    r"|doesn'?t|didn'?t|can'?t|won'?t|wouldn'?t|shouldn'?t)\s+(?:i|you|u|it|this|that|there|he|she|they|we|my|your"
    r"|the|a|an|anyone|anybody|someone|people|\d)\b)",
    re.ASCII,
)
# after a comma, only a question word or an auxiliary with a pronoun: "..., what do I do" (not "my dog, Max, is...")
_QUESTION_EN_AFTER_COMMA = re.compile(
    r"(?:(?:what|how|when|where|why|who|which)\s+(?:do|does|did|is|are|am|can|could|should|would|will|was|were)\b"
    r"|(?:is|are|am|was|were|do|does|did|can|could|will|would|should)\s+(?:i|you|u|it|this|that|we|he|she|they)\b)",
    re.ASCII,
)
# a clause that only opens the next one: "ok, is it safe..."
_FILLER = re.compile(
    r"(?:ok|okay|so|hey|hi|hello|wait|um|uh|well|also|btw|lol|honestly|seriously|quick question|question|嗯|那|所以)",
    re.ASCII,
)
# questions someone else asked (他问我是不是机器人 / she asked me whether...): not the speaker's
_ASKED = re.compile(
    r"问我|问他|问她|问过|(?a:\basked (?:me|him|her|if|whether)\b|\bwonder(?:ed)? (?:if|whether)\b)"
)
# questions that vent: 为什么总是我 / 凭什么 / 难道 / 谁会在乎我 / 活着有什么意义 / why does this always happen to me
_RHETORICAL = re.compile(
    r"(?:为什么|为啥)(?:总是|老是|每次|都是|偏偏|又|就|会)?(?:是)?我|(?:为什么|为啥)我|(?:为什么|为啥|怎么)[^，。,.]{0,6}"
    r"(?:这么|那么)(?:倒霉|惨|难|没用|失败|笨|差|累|苦)|(?:是不是|会不会)(?:也)?觉得我|凭什么|难道|谁(?:会|能|还|又)?(?:在乎|关心|理解|管|懂"
    r"|心疼|喜欢|爱)|有什么(?:用|意义|意思)|有(?:啥|何)(?:用|意义)|还有(?:什么)?意义|何必|我是不是(?!该|应该|要|得|可以"
    r"|能|需要)|有没有人(?:跟|和|像)我一样|我怎么(?:这么|那么)|做错了什么|哪里做错了|活着(?:到底)?(?:有什么|为了什么)"
    # a time not remembered, or with no end in sight, said not asked: 记不清上次睡满三小时是什么时候 / 不知道什么时候是个头
    r"|(?:记不清|不记得|想不起来?|忘了|不知道)[^，。,.]{0,14}(?:什么时候|多久|哪天|哪年)"
    # a question the speaker will put to someone else, told: 我先去问问医院精神科晚上有没有急诊
    r"|(?:去|先|再|得|要|打电话)问(?:问|一下|下)?[^，。,.？?]{1,16}(?:有没有|能不能|可不可以|是不是|几点|多少)"
    # a sum worked out, told: 算存款还能撑几个月 / 算算还剩多少钱
    r"|(?<![打])算(?:算|着|了)?[^，。,.？?]{0,10}(?:几|多少)(?![^，。,.]*[吗？?])"
    # scorn, not a question: 三百多个啊 这能叫粉丝吗 / 这也叫道歉? / 这还算是人吗 / you call that an apology?
    r"|(?:这|那|这样|这种)(?:也|能|还|都)(?:能)?(?:叫|算)(?:是)?[^，。,.？?]{1,6}(?:吗|嘛|么|\?|？|$)"
    r"|(?a:\b(?:you|they|he|she) call (?:that|this|it) (?:an? )?\w+|\bcall (?:that|this) (?:an? )?\w+\?)"
    # a disclaimer, not a question: 不是说要做什么，就是太累了
    r"|不是(?:说)?(?:我)?(?:要|想|会)(?:去)?(?:做|干)(?:什么|啥)"
    r"|(?a:\bwhy (?:does|do|is|am|can'?t|won'?t|must|did|would)\b[^?]{0,40}\b(?:me|i|my|myself)\b|\bwhy me\b"
    r"|\bwhat'?s (?:wrong|the matter) with me\b|\bwhat(?:'?s| is)?(?: even)?(?: is)? the (?:point|use)\b|\bwho (?:would|will|'d)?\s?(?:even )?"
    r"(?:care|notice|miss|love|want)\b|\bwho cares\b|\bwhat did i do to deserve\b|\bare you (?:kidding|serious|for real"
    r"|really going to|seriously|even listening)\b|\bwhy (?:bother|even try)\b|\bis it just me\b|\bam i (?:that |so "
    r"|really |just |the only )?(?:stupid|worthless|useless|broken|crazy|pathetic|unlovable|a failure|a burden|too much"
    r"|ugly|annoying)\b|\b(?:do|don'?t) (?:you|u) (?:also |even )?think i'?m (?:a |so |too )?(?:stupid|annoying"
    r"|crazy|pathetic|worthless|weak|dramatic|a loser|a burden)\b|\bwhy does everyone\b)"
)
# a request to the bot is not a question of fact: can you.../你能不能...
_REQUEST = re.compile(
    rf"(?a:^{_EN_FILLER}(?:can|could|would|will) (?:you|u)\b)|你(?:能|可以|能不能|可不可以)|陪我|能不能帮我"
)

# a question to the bot about what it is, what it remembers or feels, or who reads the chat: 你会一直陪着我吗 /
# 这个app会不会记住我说过的话 / 你们这个是人工回复还是自动回复 / will you remember this tomorrow?
_ABOUT_THE_BOT = re.compile(
    # what the bot has lived: 你也不知道开火车是啥滋味吧 / 你有玩过陶土吗 / have you ever tried it
    r"你(?:也)?(?:不知道|没(?:有)?(?:试|玩|做|开|吃|去|摸)过)[^，。,.!?]{0,12}(?:滋味|感觉|什么样|啥样)"
    r"|你(?:有|也)?(?:玩|去|做|吃|开|试|养|摸)过[^，。,.!?]{0,8}(?:吗|嘛|没)"
    r"|(?a:\b(?:have|did) you ever (?:been|done|tried|played|seen|had|gone|made)\b"
    r"|\bdo you (?:swim|cook|dance|sing|drive|run|draw|paint|knit|garden|fish|bake|eat|sleep|drink|dream)\b"
    r"|\byou (?:wouldn'?t|don'?t|can'?t) (?:even )?know what (?:it'?s|it is|that'?s) like\b)|"
    r"(?:你|你们|这个app|这个软件|这个平台|这里|这边)[^，。,.!?]{0,12}(?:真人|机器人|机器|人工|自动回复|ai|人工智能|程序"
    r"|模型|算法|训练|记住|记得|忘掉|忘记|保存|记录|隐私|泄露|聊天记录|感情|情绪|意识|灵魂|陪|看懂|听懂|理解|明白|感受|存在"
    r"|味觉|羡慕|羡不羡慕|嫉妒"
    r"|(?:别人|其他人|有人|人工)[^，。,.!?]{0,4}(?:看到|看见|看得到|知道)|上报|报警|通知(?:家人|警察|学校|老师)"
    r"|有[^，。,.!?]{0,6}的时候)"
    # whether it tires of listening: 你会不会累 / 你不会烦吗 / 你也会腻吗 (not 你会不会觉得我很烦, about the speaker)
    r"|你们?(?:会不会|也会|不会|就不|都不|难道不|会|会唔会|唔会)(?:觉得)?(?:累|烦|腻|厌倦|嫌|无聊|闷|攰)"
    r"|(?:^|(?<=[，,。!！?？\s]))(?:那|可是|但是)?(?:会不会|不会|就不|难道不)(?:觉得)?(?:累|烦|腻)(?:吗|嘛|么|啊|呀)"
    r"|(?a:\b(?:are|do|don'?t|will|won'?t|aren'?t) (?:you|u) (?:ever )?(?:get |getting |feel )?(?:tired|bored|sick|annoyed"
    r"|exhausted|worn out)\b)"
    r"|(?a:\b(?:you|u|your|this (?:app|chat|bot|thing|service|site))\b[^.?!]{0,30}\b(?:ai|a\.i\.|bot|robot|human"
    r"|real person|machine|program|algorithm|model|chatgpt|gpt|openai|trained|programmed|automated|conscious|sentient"
    r"|feelings|emotions|memory|remember|forget|private|confidential|(?:store|save|record|log|keep)s? (?:this|these|our"
    r"|my|what i|it|the chat|conversations?|messages?|data)|(?:see|read|access) (?:my |our )?(?:previous |old |past "
    r"|earlier )?(?:messages|chats?|history|conversations?))\b)"
)

# -- medication -----------------------------------------------------------------------------------------------
_DRUG = re.compile(
    r"药|褪黑素|褪黑激素|安眠|安定|抗抑郁|舍曲林|左洛复|氟西汀|百忧解|帕罗西汀|赛乐特|西酞普兰|来士普|文拉法辛|度洛西汀|米氮平"
    r"|曲唑酮|喹硫平|奥氮平|阿立哌唑|碳酸锂|锂盐|丙戊酸|拉莫三嗪|阿普唑仑|劳拉西泮|氯硝西泮|地西泮|艾司唑仑|佐匹克隆"
    r"|唑吡坦|思诺思|布洛芬|对乙酰氨基酚|扑热息痛|芬必得|止痛片|避孕|头孢|抗生素|副作用|剂量|毫克"
    r"|(?a:\b(?:meds?|medications?|medicines?|pills?|tablets?|capsules?|doses?|dosage|dosing|mg|milligrams?"
    r"|side ?effects?|antidepressants?|ssris?|snris?|benzos?|sertraline|zoloft|fluoxetine|prozac|paroxetine|paxil"
    r"|escitalopram|lexapro|citalopram|celexa|venlafaxine|effexor|duloxetine|cymbalta|bupropion|wellbutrin"
    r"|mirtazapine|remeron|trazodone|quetiapine|seroquel|olanzapine|zyprexa|aripiprazole|abilify|lithium|lamotrigine"
    r"|lamictal|xanax|alprazolam|ativan|lorazepam|klonopin|clonazepam|valium|diazepam|ambien|zolpidem|melatonin"
    r"|benadryl|nyquil|ibuprofen|advil|motrin|tylenol|acetaminophen|paracetamol|aspirin|adderall|ritalin|vyvanse"
    r"|birth control|cold turkey)\b|\d\s?mg\b)"
)
# a dose named without the drug, which an earlier turn gave: 那我吃几片比较安全 / 多吃一片试试 / how many should I take
# (not 吃了几片面包: a count of something eaten is followed by its name)
_PILLS = r"(?:an extra|another|one more|two more|a few more|a couple more|a double dose|double(?: the)? dose|extra)"
# what may follow "take another" when it is a pill: the end, a pause, a time or a condition (not "another look")
_PILLS_END = (
    r"(?: ones?| pills?| tablets?| doses?)?(?=\s*(?:$|[,.!?]|(?:tonight|now|today|to|and|just|instead|if|or|with"
    r"|before|after|at once)\b))"
)
# a pill count stands alone or names a medicine, where food names what was eaten: 两片就够了 / 两片药 (not 两片面包)
_PILL_COUNT_END = (
    r"(?=$|[^\u4e00-\u9fff]|药|[吧吗呢啊呀哦嘛了就才都也还会能可够行好试算是比再先然没不应要的])"
)
_DOSE = re.compile(
    rf"(?:吃|服|吞|嗑)(?:了|掉)?个?(?:[\d一二两三四五六七八九十半几]+|多少)[片粒颗]{_PILL_COUNT_END}"
    r"|加量|减量|吃多少(?:才|比较|会|算)?(?:安全|没事|合适|算多|出事)"
    r"|(?a:\bhow (?:many|much) (?:should|can|could|do|would|will|is it safe to|is safe to) (?:i |you |u |people )?(?:\w+ )?"
    r"(?:take|have(?! to\b)|swallow)\b|\bdouble (?:up|my dose)\b|\b(?:take|taking|swallow|pop) "
    rf"(?:{_PILLS}|double|two|three|2|3|both|half){_PILLS_END})"
)
# a plan to change one's own dose, a question that waits for no question mark: 我今晚再吃一片 / I'll just take an extra
# one tonight (not 多吃了一片, which already happened)
_DOSE_PLAN = re.compile(
    rf"(?:多|再|加)(?:吃|服)个?(?:[\d一二两三半几]+)[片粒颗]{_PILL_COUNT_END}"
    r"|(?a:\b(?:i'?ll|i will|i'?m (?:gonna|going to)|im (?:gonna|going to)|gonna|i might|maybe i'?ll|i think i'?ll|let me"
    r"|i'?d better) (?:just |probably |maybe |try and |try to )?(?:double (?:up|my dose)\b|(?:take|swallow|pop) "
    rf"{_PILLS}{_PILLS_END}))"
)
# asking to be told it is fine, a question without a question's form: 安眠药和酒一起吃没事吧 / one beer is fine, right
_REASSURANCE = re.compile(
    r"(?:没事|没关系|不要紧|没问题|不碍事|可以|行|安全|不会有事|不会怎么样|ok)(?:的)?吧[\W_]*$|应该(?:没事|没问题|可以)[\W_]*$"
    r"|(?a:\b(?:fine|ok|okay|safe|alright|normal|good|bad|hurt|harm|matter|dangerous)\s+(?:right|correct)\s*$"
    r"|\bshould be (?:fine|ok|okay|safe)\b)"
)
# a clause that only asks to be agreed with, after the statement it asks about: ..., right? / ...，对吧
_TAG = re.compile(r"(?:right|correct|对吧|是吧|对不对|没错吧|没事吧)[\W_]*")
# asking whether to get medication at all is advice: 我是不是该去开点药; and "what's the use of meds" vents
_NOT_MEDICATION = re.compile(
    r"去(?:开|拿|配)(?:点|些)?药|有什么用|有啥用|有什么意义|还不是"
    r"|(?a:\bget (?:on )?(?:meds|medication)\b|\bwhat'?s the (?:point|use)\b|\bpointless\b)"
)

# -- venting: a feeling or a trouble told in a clause that carries no other act -----------------------------------
_SHARING = re.compile(
    r"累|烦|难过|伤心|难受|痛苦|崩溃|焦虑|紧张|害怕|怕|担心|压力|抑郁|郁闷|委屈|生气|气死|愤怒|孤独|寂寞|无聊|空虚|绝望"
    r"|哭|泪|失眠|睡不着|心情|心累|心慌|emo|丧|纠结|后悔|自责|内疚|丢脸|丢人|尴尬|讨厌|恨|受不了|撑不住|不开心|不想活|想死"
    r"|没意思|糟糕|难熬|裁员|被裁|辞退|失业|分手|吵架|离婚|骂|加班|挂科|考砸|生病|住院|去世|疼|痛|不对劲|不舒服|弄丢"
    r"|开心|高兴|幸福|好多了|吐槽|倾诉|发泄|做不到|想(?:跟你)?(?:聊聊|说说)|失恋|倒霉|心碎|抓狂|无助|迷茫|不知所措|孤单|想家"
    r"|被(?:骂|批评|欺负|打|甩|拒|裁|辞|骗|嫌弃)|冷战|出轨|死了|病了|没考好|只睡了|熬夜|心烦|压抑|失望"
    r"|(?a:\b(?:down|low|sad|upset|tired|exhausted|stressed|stress|anxious|anxiety|nervous|scared|afraid|terrified|worried"
    r"|depressed|lonely|alone|cry|crying|cried|tears|angry|mad|pissed|furious|hate|miserable|hurt|hurts|awful"
    r"|terrible|horrible|rough|overwhelmed|hopeless|empty|numb|burnt out|burned out|frustrated|ashamed|guilty"
    r"|embarrassed|heartbroken|can'?t sleep|couldn'?t sleep|can'?t calm|panic|panicking|fired|broke up|dumped"
    r"|divorce|died|passed away|sick|feel|feeling|felt|garbage|sucks|vent|rant|happy|glad|excited|meh|mood|worst"
    r"|miss|missing|breakup|lonely|overthinking|bullied|yelled|fight|fought|cheated|rejected|failed|failing|scream"
    r"|hell|shaking|insomnia|nightmares?|grief|grieving|sobbing|bad day|zombie|lost|struggl(?:e|ing))\b)"
)
_QUESTION_ACTS = frozenset(
    {"question_bot", "question_medication", "question_factual", "smalltalk_request", "advice"}
)
# a few words at most: a question that only follows up the one before it
_FRAGMENT = re.compile(r"[^\s]{1,6}|(?:\S+\s+){0,2}\S+")
# a feeling named only to soothe: 别紧张 / 不用担心 / don't worry
_SOOTHING = re.compile(r"(?:别|不用|不要|(?a:\bdon'?t (?:be )?))$")
# a pause word or a laugh alone says nothing about the turn's acts
_EMPTY = re.compile(r"[\W_\d]*$")


@dataclass(frozen=True)
class _Turn:
    """One turn as the rules see it: as written, folded (lower case and with its case kept), and its clauses."""

    text: str
    folded: str
    plain: str
    spans: list[tuple[int, int]]
    starts: list[int]

    @classmethod
    def of(cls, text: str) -> _Turn:
        folded = fold(text)
        spans = clauses(folded)
        return cls(text, folded, fold(text, lower=False), spans, [s for s, _ in spans])

    def clause_of(self, pos: int) -> int:
        return max(0, bisect_right(self.starts, pos) - 1)

    def covered(self, cues: list[ActCue]) -> set[int]:
        """The clauses that some cue overlaps."""
        return {
            k
            for c in cues
            for k in range(self.clause_of(c.start), self.clause_of(max(c.start, c.end - 1)) + 1)
        }

    def cue(self, act: str, start: int, end: int) -> ActCue:
        return ActCue(act, self.text[start:end], start, end)


def detect_acts(text: str) -> DialogueActs:
    """The dialogue acts of one turn, with the cues behind them."""
    turn = _Turn.of(text)
    cues = _rule_cues(turn)
    questions = [k for k in range(len(turn.spans)) if _is_question(turn.folded, turn.spans, k)]
    cues += _medication(turn, questions, cues)
    cues += _question_cues(turn, questions, cues)
    cues = _resolve(turn, cues)
    cues += _venting_cues(turn, cues)
    cues += _told_after_greeting(turn, cues)
    acts = {c.act for c in cues}
    if not acts - {"venting"} or all(_EMPTY.match(turn.folded, s, e) for s, e in turn.spans):
        acts.add("venting")
    return DialogueActs(
        tuple(a for a in ACTS if a in acts), tuple(sorted(cues, key=lambda c: (c.start, c.end)))
    )


def _rule_cues(turn: _Turn) -> list[ActCue]:
    """The cues of every act's rules that their context does not defuse, and the speaker's introductions."""
    cues: list[ActCue] = []
    for act, pattern, veto, cased in _RULES:
        for m in pattern.finditer(turn.plain if cased else turn.folded):
            clause_start = turn.spans[turn.clause_of(m.start())][0] if turn.spans else 0
            if veto is not None and veto(turn.folded, m, clause_start):
                continue
            if act == "advice" and _NOT_ASKING.search(
                turn.folded, max(clause_start, m.start() - 4), m.start()
            ):
                continue
            cues.append(turn.cue(act, m.start(), m.end()))
    cues += [turn.cue("self_intro", n.cue_start, n.cue_end) for n in names(turn.text)]
    if _SARCASM.search(turn.folded):
        cues = [c for c in cues if c.act != "thanks"]
    return cues


def _question_cues(turn: _Turn, questions: list[int], cues: list[ActCue]) -> list[ActCue]:
    """Questions no rule claimed: about the bot when they name what it is or remembers, else of fact, unless they
    vent (为什么总是我), ask for something (can you...), or only follow up the question before them."""
    out: list[ActCue] = []
    covered = turn.covered(cues)
    for k in questions:
        s, e = turn.spans[k]
        about = _ABOUT_THE_BOT.search(turn.folded, s, e)
        if k not in covered and about and not reported(turn.folded, about, s):
            out.append(turn.cue("question_bot", s, e))
    covered |= turn.covered(out)
    asked = {turn.clause_of(c.start) for c in (*cues, *out) if c.act in _QUESTION_ACTS}
    for k in questions:
        s, e = turn.spans[k]
        if k in covered or (k - 1 in asked and _FRAGMENT.fullmatch(turn.folded, s, e)):
            continue  # claimed, or a follow-up of the question before it: 你是机器人吗？真的吗
        if not _RHETORICAL.search(turn.folded, s, e) and not _REQUEST.search(turn.folded[s:e]):
            out.append(turn.cue("question_factual", s, e))
    return out


def _venting_cues(turn: _Turn, cues: list[ActCue]) -> list[ActCue]:
    """A feeling or a trouble told in a clause that carries no other act (not one named only to soothe: 别紧张)."""
    out: list[ActCue] = []
    covered = turn.covered(cues)
    for k, (s, e) in enumerate(turn.spans):
        if k in covered:
            continue
        m = next(
            (
                m
                for m in _SHARING.finditer(turn.folded, s, e)
                if not _SOOTHING.search(turn.folded, s, m.start())
            ),
            None,
        )
        if m:
            out.append(turn.cue("venting", m.start(), m.end()))
    return out


def _told_after_greeting(turn: _Turn, cues: list[ActCue]) -> list[ActCue]:
    """A story told after a greeting with no word of feeling in it ("hey! guess what, my sourdough starter doubled
    in size overnight!!"): the turn is more than a hello. A clause no cue claims, of five words or six characters
    of Chinese at least, makes it one."""
    if {c.act for c in cues} != {"greeting"} or not (
        NEWS_SIGN.search(turn.folded) or _BACK_TOLD.search(turn.folded)
    ):
        return []
    covered = turn.covered(cues)
    for k, (s, e) in enumerate(turn.spans):
        clause = turn.folded[s:e]
        if k not in covered and (len(HAN.findall(clause)) >= 6 or len(_WORD.findall(clause)) >= 5):
            return [turn.cue("venting", s, e)]
    return []


_WORD = re.compile(r"[a-z']+")
_BACK_TOLD = re.compile(BACK_TOLD)


def _is_question(folded: str, spans: list[tuple[int, int]], k: int) -> bool:
    """The speaker asks in clause ``k``: a question mark closes it, a Chinese question form is in it, or an English
    question word or auxiliary opens it at the start of a sentence (not "my dog, Max, is the only reason...")."""
    s, e = spans[k]
    if _ASKED.search(folded, s, e):
        return False
    if folded[e : e + 3].lstrip()[:1] in ("?", "？"):
        return True
    zh = _QUESTION_ZH.search(folded, s, e)
    if zh:  # 我不知道他爱不爱我 / 不确定到底需不需要: a doubt told, not asked (unless 吗 asks it)
        return zh.group()[:1] in "吗嘛" or not _UNSURE.search(folded, s, zh.start())
    opens_sentence = (
        k == 0
        or folded[spans[k - 1][1] : s].strip(" ,") != ""
        or _FILLER.fullmatch(folded[spans[k - 1][0] : spans[k - 1][1]])
    )
    return bool((_QUESTION_EN if opens_sentence else _QUESTION_EN_AFTER_COMMA).match(folded, s, e))


def asks(text: str) -> bool:
    """Some clause of ``text`` asks something (see :func:`_is_question`): "what should I do in the moment?", "我要不要报警",
    not "Saw her this morning at the bins"."""
    turn = _Turn.of(text)
    return any(_is_question(turn.folded, turn.spans, k) for k in range(len(turn.spans)))


def _medication(turn: _Turn, questions: list[int], cues: list[ActCue]) -> list[ActCue]:
    """A question about a drug, a dose or a side effect: the drug or a dose is named in the question's clause, one
    of the two before it or the one after it (吃了两片褪黑素还是睡不着，能再吃吗 / 能喝酒吗，我在吃舍曲林), and the
    clause is not about the bot or a recommendation. A clause that asks to be told it is fine (安眠药和酒一起吃没事吧)
    asks too, and a plan to take more (我今晚再吃一片) asks without asking."""
    if _NOT_MEDICATION.search(turn.folded):
        return []
    taken = {turn.clause_of(c.start) for c in cues if c.act in ("question_bot", "smalltalk_request")}
    asked = set(questions)
    out = []
    for k, (s, e) in enumerate(turn.spans):
        if k in taken:
            continue
        lo, hi = turn.spans[max(0, k - 2)][0], turn.spans[min(len(turn.spans) - 1, k + 1)][1]
        asks = k in asked or _seeks_reassurance(turn, k)
        named = asks and (_DRUG.search(turn.folded, lo, hi) or _DOSE.search(turn.folded, lo, hi))
        if named or _DOSE_PLAN.search(turn.folded, s, e):
            out.append(turn.cue("question_medication", s, e))
    return out


def _seeks_reassurance(turn: _Turn, k: int) -> bool:
    """Clause ``k`` asks to be told it is fine (一起吃没事吧), or the clause after it only asks to be agreed with
    (one beer won't hurt, right)."""
    s, e = turn.spans[k]
    after = turn.spans[k + 1] if k + 1 < len(turn.spans) else None
    return bool(_REASSURANCE.search(turn.folded, s, e) or (after and _TAG.fullmatch(turn.folded, *after)))


def _resolve(turn: _Turn, cues: list[ActCue]) -> list[ActCue]:
    """Where two acts claim one clause, the more specific wins: advice yields to a refusal ("I don't want advice")
    and to a medication question ("should I take another pill?")."""
    blocking = {turn.clause_of(c.start) for c in cues if c.act in ("refusal", "question_medication")}
    return [c for c in cues if not (c.act == "advice" and turn.clause_of(c.start) in blocking)]
