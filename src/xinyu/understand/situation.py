"""The situation a message tells: the event (a pet died, the boss yelled, an interview tomorrow), the people in it,
the pet, when, and the words that gave the event away, so a reply can name what happened instead of only how it
feels.

Rules over the folded text (:mod:`xinyu.understand.fold`): Chinese (Simplified and Traditional), English and the
two mixed. Each event has regular expressions, commented with what they catch; the context that defuses a match:

``negated``       没分手 / we didn't break up / 我不孤单: the event did not happen
``hypothetical``  如果被裁 / what if he cheats / 怕他跟我分手: a loss or a win only feared or hoped for is not told
                  as one (exams, illness, moving... still count: "if I fail the exam" is about the exam)

The main event is the first found in :data:`EVENTS` order: a death before everything, then the heavier losses,
the everyday troubles, good news, and last the topics a good outcome is usually about (an exam, an interview, a
move), so "面试过了" is good news and "考研没考上" a rejection; sleeplessness over an exam, an interview or a move
is about that (还有一百天高考，晚上总是做噩梦 is the exam). A quarrel with a parent, a sibling or an in-law is
a family conflict; with a partner, a friend or a roommate a conflict. People, the pet and the time come from
:func:`xinyu.understand.facts.extract_facts`, quoted as written.

>>> s = read_situation("今天meeting又被boss骂了")
>>> s.event, s.valence, s.words, s.people, s.when
('criticized', 'negative', '被boss骂', ('boss',), '今天')
>>> s = read_situation("my grandma passed away last night")
>>> s.event, s.people, s.when
('bereavement', ('my grandma',), 'last night')
>>> read_situation("我们没分手，只是吵了一架").events
('conflict',)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from xinyu.lang import HAN
from xinyu.understand.facts import extract_facts
from xinyu.understand.fold import clauses, fold
from xinyu.understand.records import Fact

#: every event and its valence, in the order the main event is chosen (the first one found)
EVENTS: dict[str, str] = {
    "pet_loss": "negative",  # a pet died or was put down
    "bereavement": "negative",  # someone died: a grandparent, a parent, a friend; a funeral
    "betrayal": "negative",  # cheating, an affair, a friend who betrayed a secret
    "breakup": "negative",  # broke up, dumped, divorced
    "job_loss": "negative",  # laid off, fired, out of work
    "illness": "negative",  # sick, a diagnosis, surgery, in hospital (the speaker or someone close)
    "postpartum": "negative",  # a new baby and the nights, 产后, 坐月子
    "bullying": "negative",  # bullied, excluded, 孤立, mocked, rumours
    "criticized": "negative",  # scolded, yelled at, criticised by a boss, a teacher, a parent
    "unfair": "negative",  # treated unfairly at work: credit taken, blamed for another's mistake, passed over
    "family_conflict": "negative",  # fights with or between parents, siblings, in-laws; pressure to marry
    "control": "negative",  # a partner who checks the phone, tracks, keeps one from friends
    "caregiving": "negative",  # caring for a parent with dementia, an ill relative; the carer worn out
    "rejection": "negative",  # rejected, not admitted, failed to get a job, a confession turned down
    "gambling": "negative",  # betting, losses chased, gambling debts (before money: the debt is the gambling's)
    "money": "negative",  # debt, rent, broke, unpaid wages, losses, a scam
    "conflict": "negative",  # a quarrel with a partner, a friend, a roommate; the silent treatment
    "distance": "negative",  # a partner or friend growing distant: slow replies, a forgotten birthday, coldness
    "parting": "negative",  # someone dear moving far away: a best friend emigrating, a son going abroad
    "retirement": "negative",  # retired, and the days empty: the loss of a role, of being needed
    "overwork": "negative",  # too much work, overtime, deadlines, burnout, "this week is killing me"
    "loneliness": "negative",  # lonely, no one to talk to, no friends
    "insomnia": "negative",  # can't sleep, waking at night, nightmares
    "good_news": "positive",  # an offer, a promotion, passed, admitted, engaged
    "new_pet": "positive",  # a puppy or a kitten brought home, a cat's litter born
    "achievement_small": "positive",  # finished something, went for a run, got out of the house
    "interview": "negative",  # an interview ahead or just behind, and the nerves
    "exam": "negative",  # an exam ahead or just behind, studying, a failed test
    "change": "negative",  # moving, a new city, a new job or school, not fitting in yet
}

# -- vocabulary -------------------------------------------------------------------------------------------------
_NUM = r"[\d一二三四五六七八九十两几百千万半多]"
_PET_ZH = r"猫咪|猫猫|小猫|橘猫|猫|狗狗|狗子|小狗|狗|兔子|兔兔|仓鼠|鹦鹉|小鸟|金鱼|乌龟|宠物|龙猫|刺猬|柯基|柴犬|金毛|泰迪"
_PET_EN = (
    r"cats?|kitty|kitten|dogs?|puppy|pup|doggo|rabbit|bunny|hamster|guinea pig|parrot|bird|budgie|fish|turtle"
    r"|tortoise|pet|ferret|gerbil|horse"
)
# the kin for whom 走了 (passed) is said; anyone for the words that can only mean death
_KIN_ZH = (
    r"爷爷|奶奶|外公|外婆|姥姥|姥爷|爸爸|妈妈|老爸|老妈|我爸|我妈|爸|妈|父亲|母亲|哥哥|姐姐|弟弟|妹妹|舅舅|姑姑|叔叔"
    r"|阿姨|伯伯|姨妈|舅妈|婶婶|亲人|家人|老人"
    # Cantonese: 嫲嫲 (father's mother), 阿爷, 阿公, 阿婆
    r"|嫲嫲|阿嫲|阿爷|阿公|阿婆"
    # aunts and uncles by name of kin: 小姨 / 大姨 / 舅舅 / 姑妈 / 表哥
    r"|小姨|大姨|二姨|姨妈|姨婆|小舅|大舅|舅妈|姑妈|小姑|大姑|大伯|伯母|婶婶|表哥|表姐|堂哥|堂姐|嫂子|姐夫"
)
_PERSON_ZH = rf"{_KIN_ZH}|朋友|好友|闺蜜|同学|同事|老师|男朋友|女朋友|老公|老婆|丈夫|妻子|孩子|儿子|女儿|宝宝|邻居|他|她"
_PERSON_EN = (
    # a great-aunt first: never cut to "aunt"
    r"great[- ]?(?:aunt|uncle|grandma|grandmother|grandpa|grandfather)|grandma|grandmother|grandpa|grandfather|grandad|granddad|gran|granny|grandpop|nana|nan|mom|mum|mother|dad|father|parents?|brother|sister|son"
    r"|daughter|baby|husband|wife|boyfriend|girlfriend|partner|friend|bestie|uncle|aunt|cousin|nephew|niece"
    r"|teacher|coworker|colleague|classmate|neighbou?r|he|she"
)
# what may stand between an animal or a relative and 走了 / 没了: a time, an adverb, a cause
_GAP_ZH = (
    r"(?:今天|昨天|昨晚|前天|上周|上个?月|去年|今早|今晨|昨夜|早上|晚上|下午|上午|中午|凌晨|半夜|那天|前几天|刚刚|刚才|刚"
    rf"|上个?星期|上个?礼拜|已经|终于|突然|还是|就|也|在我怀里|在我身边|在医院里?|在|于|{_NUM}+(?:天|个月|年|号|日|点)(?:前)?|了|的"
    r"|因病|病|意外|安详地?|永远)"
)
# words that can only mean a death; 死了 not after a word it intensifies (累死了, 可爱死了, 笑死了)
_DEATH_ZH = (
    # (not the word quoted: 怎么跟他们说'死了'这件事)
    r"去世|过世|离世|病逝|逝世|(?<![累烦气笑饿困热冷忙吓急疼痛难闷臭渴懒惨丑爱萌帅美蠢傻穷吵馋香甜酸苦辣咸怕闲羡想烤煎兴心乐爽晕妒'‘“「])"
    r"死(?:了|掉了?)|安乐死|去了?(?:喵星|汪星|天堂|彩虹桥)|回(?:了)?(?:喵星|汪星)|没能?(?:救|抢救)(?:回来|过来)"
    r"|没抢救过来|咽气|断气|被(?:车)?撞死|老死|病死"
)
_GONE_ZH = (
    r"(?:(?<![跑逃飞溜拿带牵抱接送偷搬])走了|没了|不在了|离开了?(?:我们?|人世))"
    rf"(?=$|[\W_]|[了啊呀吧呢啦的]|以后|之后|那天|{_NUM}+(?:天|周|个月|年))"
)
_DEATH_EN = (
    r"died|has died|is dead|passed(?: away| on)?\b(?! (?:the|my|an?|his|her|me|out|by)\b)|didn't make it"
    r"|was killed"
    r"|got killed|killed (?:him|her)self|took (?:his|her|their) own life|lost (?:his|her|their) (?:battle"
    r"|fight)"
)
_FAMILY_ZH = (
    r"(?<![学师])(?:哥|姐|弟|妹)|爸|妈|父母|父亲|母亲|家里|家人|婆婆|公公|岳母|岳父|丈母娘|老丈人|亲戚|爷爷|奶奶|外公|外婆"
    r"|舅|姑|叔|婶|姨"
)
_FAMILY_EN = (
    r"\b(?:mom|mum|mother|dad|father|parents|family|sister|brother|siblings?|grandma|grandpa|grandad|granddad|gran|granny|nan|in-laws?"
    r"|mother-in-law"
    r"|father-in-law|stepmom|stepdad|aunt|uncle)\b"
)

# -- the rules: each event's patterns, Chinese first; English ones run in ASCII mode, so \b also falls between a
# Han character and a Latin letter (今天meeting又被boss骂了) -----------------------------------------------------
_ZH: dict[str, list[str]] = {
    "pet_loss": [
        # 我的猫今天早上走了 / 狗狗去了汪星 / 兔兔死了 / 带狗狗去安乐死了 / 安乐死了我的猫
        rf"(?:{_PET_ZH}|它)(?:{_GAP_ZH}){{0,3}}(?:{_GONE_ZH})|(?:{_PET_ZH}|它)[^，。,.!?;]{{0,8}}?(?:{_DEATH_ZH})",
        rf"(?:安乐死|送走|埋了|埋葬|火化)(?:了)?(?:我的|我家|家里的)?(?:{_PET_ZH})|喵星|汪星|彩虹桥",
    ],
    "bereavement": [
        # 爷爷走了 / 外婆上周去世了 / 朋友出车祸去世了 / 葬礼 / 头七 / 失去了奶奶
        rf"(?:{_KIN_ZH})(?:{_GAP_ZH}){{0,3}}(?:{_GONE_ZH})|(?:{_PERSON_ZH})[^，。,.!?;]{{0,8}}?(?:{_DEATH_ZH})",
        r"去世|过世|离世|病逝|逝世|葬礼|追悼会|丧礼|丧事|头七|守灵|奔丧|遗体|遗像|骨灰|白事|节哀",
        rf"失去了?(?:我的)?(?:{_KIN_ZH})|(?:{_PERSON_ZH})(?:{_GAP_ZH}){{0,3}}(?:自杀|跳楼|轻生)(?:身亡|去世)?了",
    ],
    "betrayal": [
        # 老公出轨了 / 他劈腿了 / 被绿了 / 最信任的朋友背叛了我 / 他一直在骗我
        r"出轨|劈腿|外遇|小三(?![岁个年月天号级])|被绿|绿了我|戴绿帽|脚踏(?:两|几)只船|背叛|偷情|(?:跟|和)别人暧昧|骗了我|一直在骗我|骗婚"
        # 他卷款跑了 / 把公司的钱都转走了
        r"|卷款|卷(?:了)?钱跑|卷走了|挪用公款|私吞|把(?:公司|我们|店里)的钱(?:都|全)?(?:转走|卷走|拿走)",
    ],
    "breakup": [
        # 他跟我分手了 / 被甩了 / 提了分手 / 我们离婚了 / 我们分开了
        r"分手|分了手|(?:就这样|还是|最后|已经)分了|被甩|甩了我|把我甩了|离婚|离了婚|我们分开了|分开了|结束了这段(?:感情|关系)",
    ],
    "job_loss": [
        # 被裁了 / 被辞退 / 被公司优化了 / 失业三个月 / 丢了工作 / 炒鱿鱼
        r"被(?:公司)?(?:裁|辞退|开除|解雇|炒|优化|辞了|劝退|毕业)|裁员|失业|开除|辞退|解雇|丢了(?:工作|饭碗)|失去了?(?:工作|事业)|炒了?鱿鱼|工作没了"
        r"|没了工作|没(?:有)?工作了|公司倒闭|下岗|待业"
        # the workplace closed: 我们厂上个月关了 / 店倒闭了
        r"|(?:我们|我的|我在的)?(?:厂|工厂|公司|单位)(?:子)?[^，。,.!?;]{0,6}(?:关了|倒闭|关门了|破产|黄了)",
    ],
    "illness": [
        # 住院了 / 要做手术 / 确诊了 / 查出结节 / 发烧三天 / 化疗
        r"生病|病了|病倒|发烧|发高烧|感冒|住院|手术|开刀|确诊|(?<!查重)(?<!抄袭被)查出|诊断|化疗|放疗|癌|肿瘤|结节|医院(?!上班|工作|值班|上夜班|上晚班|当护士|当医生|实习|做护工)|急诊|重症"
        r"|复查|活检|穿刺|(?<!太)阳了|新冠|病情|病危|抢救|透析|中风|脑梗|心梗|骨折|偏头痛|胃疼|肚子疼|胃病|全麻"
        r"|工伤|摔断|(?:手|手指|腿|脚)(?:被)?(?:砸|压|夹)(?:伤|断|烂)"
        r"|安宁(?:病房|疗护|病房)|临终关怀|舒缓(?:病房|治疗|疗护)|痛风|癫痫",
    ],
    "postpartum": [
        # 产后 / 坐月子 / 生完宝宝 / 夜奶 / 新手妈妈
        r"(?<!流)产后|坐月子|月子里|刚生完|生完(?:孩子|宝宝|娃|小孩|二胎)|生(?:了)?(?:孩子|宝宝|娃)(?:以后|之后)"
        r"|宝宝(?:刚)?出生|新生儿|夜奶|喂奶|母乳|涨奶|堵奶|新手(?:妈妈|爸爸)|刚当(?:了)?妈",
    ],
    "bullying": [
        # 被孤立 / 排挤 / 欺负我 / 起外号 / 针对我 / 传我谣言 / 校园暴力
        r"霸凌|(?:欺负|欺凌)(?:了)?我|被[^，。,.!?;]{0,6}?(?:欺负|欺凌)|受(?:人)?欺负|孤立(?!无援)|排挤|被排斥|排斥我|针对我|嘲笑我|笑话我|起外号|取外号|给我起|校园暴力|被打(?!了?(?:个|一)?(?:一星|两星|差评|低分|[0-9一二三]分|星))"
        r"|打我|传我(?:的)?(?:谣言|坏话)|造我的?谣|说我坏话|背后说我|没人跟我玩|故意不(?:带|叫)我|冷落我|被冷落"
        r"|扔(?:进|到)垃圾桶|学我(?:说话|结巴|的样子|走路)|模仿我|取笑我|拿我开玩笑"
        # a child mocked: 被同学笑话口音 / 学他说话 / 下课都没人跟他玩
        r"|被[^，。,.!?;]{0,6}?(?:笑话|嘲笑|取笑)|学(?:他|她)(?:说话|结巴|的样子|走路)|没人(?:跟|和)(?:他|她)玩"
        # racist abuse and harassment: 种族歧视 / 被骚扰 / 对我动手动脚
        r"|种族歧视|歧视我|(?:性)?骚扰(?:我)?|被[^，。,.!?;]{0,6}?骚扰|动手动脚|摸我",
    ],
    "criticized": [
        # 被老板当着全组的面骂了 / 挨骂 / 骂我没出息 / 当众批评我 / 把我的论文批得一无是处
        r"被[^，。,.!?;]{0,10}?(?:骂|批评|(?<!培)训(?!练)|吼|凶(?!手|杀|案)|数落|责备|指责|羞辱|怼|喷(?!漆|泉|雾)|说了一顿"
        r"|批得|批了)"
        # a bad review: 被打了个一星 / 给了我一个差评
        r"|(?:被|给)(?:人|客户|顾客|买家)?(?:打|给)?了?(?:个|一个)?(?:一星|差评)|(?:给|打)(?:了)?我(?:一个|个)?(?:一星|差评)"
        r"|挨(?:了)?(?:骂|批|训|说)|(?:骂|训|批评|吼|凶|数落|怼|指责)(?:了)?我|把我(?:骂|训|批|说)(?:了|得|哭|一顿)"
        r"|当众(?:批评|骂|点名)|说我(?:笨|蠢|没用|是废物|废物|懒|差劲|不行|没出息|丢人|一无是处|不如)|批得(?:一无是处|体无完肤|很惨)|(?:骂|批|说)得(?:狗血淋头|很难听"
        r"|好难听)",
    ],
    "unfair": [
        # 组长拿我的方案去邀功 / 抢了我的功劳 / 替他背锅 / 升职名额给了关系户 / 在大会上说是他做的
        r"抢(?:了)?(?:我的?)?功(?:劳)?|邀功|冒领|功劳(?:全|都)?(?:被|归|算)|背锅|甩锅给我|锅(?:都)?甩给我"
        r"|说(?:成)?是(?:他|她)(?:自己)?做的|(?:升职|晋升|加薪|名额)[^，。,.!?;]{0,8}(?:给了|落到)(?:他|她|别人|关系户)"
        r"|同工不同酬",
    ],
    "family_conflict": [
        # 催婚 / 婆媳 / 家暴 / 原生家庭 / 婆婆总是挑我毛病 / 爸妈逼我考公
        r"催婚|逼婚|催生|婆媳|家暴|原生家庭|重男轻女|偏心|扶弟魔",
        # the family asks the speaker to pay: 爸妈拿不出来 让我出十万 / 彩礼要我出
        rf"(?:{_FAMILY_ZH}|家里)[^，。,.!?;]{{0,8}}?(?:让|要|叫)我(?:出|拿|掏|垫)[^，。,.!?;]{{0,6}}?(?:钱|万|彩礼)|彩礼[^，。,.!?;]{{0,8}}?(?:让|要)我(?:出|拿|掏)",
        rf"(?:婆婆|公公|岳母|丈母娘|{_FAMILY_ZH})[^，。,.!?;]{{0,6}}?(?:挑我|嫌我|看不上我|逼我|控制我|不让我|不理解我|不明白我|不懂我)",
    ],
    "caregiving": [
        # 照顾我妈 / 刚把我妈哄睡着 / 阿尔兹海默 / 老年痴呆 / 她认不出我了
        r"照顾(?:我的?)?(?:妈|爸|父母|老人|奶奶|爷爷|外婆|外公|婆婆|公公|病人|家人|老伴)"
        r"|(?:把)?(?:我的?)?(?:妈|爸|老人|奶奶|爷爷|外婆|外公)哄睡|哄(?:我的?)?(?:妈|爸|老人|奶奶|爷爷|外婆|外公)睡"
        r"|阿尔(?:茨|兹)?海默|阿兹海默|老年痴呆|失智|认不出我|不认识我了|不记得我是谁"
        # the one who cares, the one cared for said before: 我妈中风以后一直是我在照顾 / 我一个人照顾她
        r"|是我(?:一个人)?(?:在家|在)?照顾|我(?:一个人)?(?:在家|在)?照顾(?:她|他)(?![们的])",
    ],
    "control": [
        # 每天晚上都要检查我手机 / 翻我聊天记录 / 不让我跟朋友出去 / 要我随时报备
        r"(?:检查|查|翻|偷看)(?:我的?)?手机|(?:查|翻|偷看)我(?:的)?(?:聊天记录|微信|消息|短信)|控制欲|控制我|监视我|定位我"
        r"|不让我(?:跟|和|见|出门|穿|化妆|交朋友)|(?:要|让|逼)我(?:随时|每天|时时)?报备",
    ],
    "conflict": [
        # 吵了一架 / 闹掰了 / 冷战 / 不理我了 / 把我拉黑了 (with a parent, a sibling, an in-law: a family conflict)
        r"吵架|吵了(?:一)?架|吵起来|大吵|闹矛盾|有矛盾|闹掰|闹翻|翻脸|冷战|(?<!拒)绝交|闹别扭|不理我|谁也不理谁|误会我|争执"
        r"|拌嘴|闹僵|(?:跟|和|与)(?:我|他|她|他们|她们)吵|拉黑(?:了)?我|把我拉黑|删了我|把我删了|(?:互相|相互)(?:指责|埋怨)"
        r"|(?:天天|又|总是|一直|经常|老是|总)在?吵(?:架|起来)?"
        # a roommate or a neighbour who makes life hard: 室友天天半夜打游戏 / 邻居总是很吵
        r"|(?:室友|舍友|邻居)[^，。,.!?;]{0,10}(?:吵|闹|打游戏|外放|不讲卫生|不打扫|带人回来|半夜)",
    ],
    "distance": [
        # 已读不回 / 回消息越来越慢 / 对我越来越冷淡 / 她忘了我生日 / 不主动联系我了
        r"已读不回|回(?:我)?(?:的)?(?:消息|讯息|信息|简讯)(?:越来越|很|特别|也)?慢|不怎么回(?:我)?(?:消息)?|(?:对我|最近|越来越|变得)(?:越来越|很|特别|有点)?"
        r"(?:冷淡|冷漠|疏远)|疏远(?:了)?我|忘了我(?:的)?生日|(?:他|她)忘了(?=$|[，。,.!?]|吧|啊)"
        r"|不(?:再)?主动(?:找|联系)我|感觉不到(?:他|她)(?:的)?(?:爱|在乎)",
    ],
    "parting": [
        # 我最好嘅朋友下個月移民英國 / 闺蜜要出国定居了 / 儿子下周飞去加拿大 / 好唔捨得佢 / 给她饯行
        rf"(?:{_PERSON_ZH}|最好的朋友|好朋友|好姐妹|好姊妹|兄弟|发小|死党|佢哋|佢)[^，。,.!?;]{{0,10}}?"
        r"(?:移民|出国定居|去国外(?:定居|生活|工作)|搬去(?:外地|国外|别的城市)|搬走|飞去|离开(?:这里|这座城市|香港|台湾|本地))"
        r"|(?:舍不得|唔舍得)(?:他|她|佢|你们?|分开|(?:他|她|佢)走)|好唔舍得|饯行|送别会|欢送会",
    ],
    "rejection": [
        # 考研没考上 / 全都被拒了 / 表白被拒绝 / 面试又挂了 / 落选 / 没拿到offer
        r"被拒|拒绝了我|被(?:他|她)?拒绝|没(?:被)?录取|未被录取|落榜|没考上|没上岸|被刷|(?:又|面试)挂了|没通过"
        r"|没过(?=$|[了，。,!?])|被淘汰|落选|没(?:被)?选上|表白失败|好人卡|石沉大海|没(?:有)?回音"
        r"|没(?:拿到|收到)offer|申请(?:又)?(?:被)?拒|全聚德|退稿|拒信|拒稿|被婉拒"
        # 总分比国家线低3分 / 就差3分 / 没过线
        rf"|(?:比|离)[^，。,.!?;]{{0,8}}(?:线|分数线)(?:还)?(?:低|差)了?{_NUM}*分|(?<!相)差(?:了)?{_NUM}+分|没(?:过|上)线"
        rf"|差(?:了)?[^，。,.!?;\s]{{0,5}}线{_NUM}+分",
    ],
    "gambling": [
        # 赌球输了十几万 / 网赌 / 想翻本 / 戒赌 (not 打赌, 赌气, 赌一把)
        r"(?<!打)赌(?:博|球|钱|马|场|瘾|输|徒|狗|资)|网赌|(?:去|在|又|还在|戒|烂)赌|赌了|博彩|下注|押注|翻本|百家乐|老虎机"
        r"|买球(?:输|亏)",
    ],
    "money": [
        # 欠了八万 / 房租交不上 / 催收 / 工资拖了两个月没发 / 亏了十几万 / 没钱吃饭
        rf"欠(?:了)?{_NUM}*(?:钱|债|款|万|块)|负债|网贷|高利贷|还不上|还不起|逾期|催收|没钱|穷(?:得|死|到)|好穷|太穷"
        r"|破产|月光(?:族|了)|花呗|借呗|(?:房租|房贷|车贷|学费|账单|信用卡)[^，。,.!?;]{0,4}?(?:交不上|交不起|付不起|还不|到期|欠)"
        # 被骗了三万 / 刷单诈骗 / 上当受骗
        r"|被骗|诈骗|刷单|骗子|上当受骗|刷好评|垫(?:钱|付|资)"
        # 前前后后转了八千六 / 赔了快180万 / 被断头 / 爆仓
        rf"|(?:转|赔|亏|输)(?:了|掉)(?:快|将近|差不多|大概|足足)?(?:{_NUM}+(?:万|千|块|元)|\d{{3,}})|断头|爆仓|割肉",
        rf"工资[^，。,.!?;]{{0,8}}?(?:没发|不发|拖欠)|拖欠工资|工资被拖|(?<![幸多吃])亏(?:了|掉)(?:{_NUM}+)?(?:钱|万|块)?"
        rf"|被骗(?:了)?{_NUM}*(?:钱|万|块)"
        # savings spent or lost: 我爸把家里的积蓄全拿去买保健品了 / 养老钱都被骗光了
        r"|(?:积蓄|存款|养老钱|家里的钱|退休金|存的钱)[^，。,.!?;]{0,10}(?:全|都)?(?:拿去|花(?:光|掉|在)|没了|亏(?:光|掉)|被骗|骗光|买了)"
        # money lent or borrowed: 朋友跟我借了五万块 / 借给他的钱一直不还 / 他欠我两万
        rf"|借(?:了|给)?(?:我|他|她|他们|朋友)?{_NUM}+(?:万|千|块|元)|借(?:给)?[^，。,.!?;]{{0,6}}?的?钱(?:一直)?(?:不还|没还|还没还)"
        rf"|不还钱|欠我{_NUM}*(?:钱|万|千|块)"
        # a debt that grows: 在两个平台借了钱 拆东墙补西墙 现在滚到快九万了 / 网上贷款做了鼻子
        rf"|拆东墙补西墙|以贷养贷|{_NUM}+个(?:网贷)?平台(?:借|贷)|滚到(?:了)?(?:快|将近)?{_NUM}+万|(?:网上|网络)贷款",
    ],
    "overwork": [
        # 加班到十一点 / 996 / 通宵赶方案 / 工作太多 / 忙成狗 / 做不完 / ddl太多
        r"加班|(?<!\d)996(?!\d)|(?<!\d)007(?!\d)|通宵|连轴转|赶(?:项目|ddl|deadline|稿|工|进度|方案|论文|报告|作业)"
        r"|(?:ddl|deadline)s?(?:太多|好多|压着|一个接一个)|工作(?:太|好|特别|超级|真的)多|活(?:儿)?(?:太|好|特别)多"
        r"|事(?:情)?(?:太|好|特别)多|忙(?:死|疯|晕|炸|成狗|到|得)|做不完|干不完|写不完|改不完|焦头烂额|累(?:瘫|垮|趴)"
        r"|被工作(?:压|淹|榨)|工作压力",
    ],
    "retirement": [
        # 退休半年了 / 刚退了休 / 内退 (not 退休金, the pension)
        r"退休(?!金|工资|年龄|的(?:同事|阿姨|老师|邻居|老人|大爷|大妈|职工|干部|人))|退了休|内退|病退"
        # 开了三十四年火车，去年退的
        r"|(?:去年|前年|今年|刚|已经|上个月)退(?:的|了)(?=$|[\W_])",
    ],
    "loneliness": [
        # 好孤独 / 没人陪 / 一个朋友都没有 / 一个人过年 / 好想有个人陪我说话
        r"孤独|孤单|寂寞|没(?:有)?人(?:陪|理|懂|关心|在乎|说话|聊天?|可以说|能说|找我|爱我)|一个朋友(?:都|也)没有|没有(?:一个)?朋友"
        r"|一个人(?:吃饭|过年|过节|过生日|在外)|想有(?:个)?人陪|好想有(?:个)?人|形单影只|无人倾诉|对着墙|想家|思乡",
    ],
    "insomnia": [
        # 失眠 / 睡不着 / 半夜三点醒 / 一夜没睡 / 做噩梦
        rf"失眠|睡不着|睡不好|没睡着|睡不踏实|(?:一|整)(?:夜|宿|晚)(?:都)?没睡|彻夜难眠|翻来覆去|半夜(?:{_NUM}+点)?(?:就)?醒"
        r"|早醒|噩梦|多梦|入睡困难|睡眠(?:不好|很差|障碍)|瞓唔(?:着|著|到|落)",
    ],
    "good_news": [
        # 拿到offer了 / 上岸了 / 考上了 / 升职 / 加薪 / 求婚了 / 论文被接收 / 面试过了
        r"(?:拿到|收到|拿了|接到)(?:了)?[^，。,.!?;]{0,4}?offer|offer(?:到手|来了)|录取了|被录取|录取通知|上岸"
        r"|(?<!参)考上(?![^，。,.!?;]{0,6}[吗么])"
        r"|(?:考|面试|答辩|申请|审核|论文)(?:也)?过了|(?:成绩|分数|结果)出来了?[^。？?，,]{0,4}[\s，,]*过了(?![吗么期])|(?<!沟)通过了|(?<![提想求请谈没])(?:升职|加薪)(?!的事|吗|怎么)|升了职|(?:彩票|刮刮乐|双色球|大乐透)[^，。,.!?;]{0,6}?中了|涨(?:了)?工资|转正了|中(?:了)?奖|订婚"
        r"|拿到(?:了)?(?:新房|新家|房子)的?钥匙|(?:新房|新家)(?:终于)?交房了|求婚(?:成功|了)|领证|(?<![弟妹哥姐他她们事学儿女])要结婚了|脱单|在一起了|表白成功|拿到(?:了)?(?:奖学金|证书|驾照)|考到(?:了)?驾照|驾照(?:终于)?(?:考到|拿到|过)了|获奖|得奖|发表了"
        r"|被接收|(?:论文|文章)[^，。,.!?;]{0,4}?接收|过稿|(?:散文|文章|稿子|小说|诗|作品)[^，。,.!?;]{0,8}?(?:登在|登上|发表在|被用|被录用|上了)[^，。,.!?;]{0,10}?(?:报|刊|杂志|公众号)?|找到(?:了)?工作|(?<!至少有一个)(?<!至少有个)(?<!起码有一个)(?<!总算有一个)好消息"
        # a manuscript asked for: 编辑要看全稿
        r"|(?:编辑|出版社|经纪人|代理)[^，。,.!?;]{0,8}?(?:要|想看|要了)(?:我的?)?(?:全稿|完整稿|全文|整本)"
        # a debt cleared: 贷款终于还清了 / 无债一身轻
        r"|(?:还清|还完)了?(?:贷款|房贷|车贷|助学贷款|欠款|债|所有的?钱)?(?![吗么没])|无债一身轻"
        r"|(?:终于)?(?:订|买)(?:好)?了(?:机票|车票|门票|行程)|(?:终于)?(?:定|订)下来了"
        # praised: boss当着全组夸我了 / 第一次被点名表扬
        r"|被[^，。,.!?;]{0,6}?(?:夸|表扬|表彰|认可|肯定)|(?:夸|表扬|表彰)(?:了)?我"
        # a thing bought and shown off: 我终于买了辆新车！ / 入手了一把吉他🎸
        r"|我?(?:终于|刚|今天)?(?:买了|入手了?|提了)(?:一|个|辆|台|把|部|双|只|条)?(?:新)?"
        r"(?!药|票|菜|单|保险|教训)[\u4e00-\u9fffA-Za-z]{1,6}?[\s]*(?:[！!]|[\U0001F300-\U0001FAFF\u2600-\u27BF])",
    ],
    "new_pet": [
        # 领养了一只小狗 / 捡了只小猫 / 接回家一只柯基 / 刚养了一只猫 / 家里来了新成员 / 我家猫生了四只小猫
        rf"(?:领养|收养|捡到?|抱回|接回|带回|买)(?:来|家)?(?:了)?(?:{_NUM}|这|那)?(?:只|条|个)?[^，。,.!?;]{{0,3}}?(?:{_PET_ZH})(?![粮砂罐零食玩具抓板爬架笼绳窝条薄])"
        rf"|(?:刚|新)养了(?:{_NUM})?(?:只|条)?(?:{_PET_ZH})|家里(?:来|多)了(?:{_NUM})?(?:只|个|位)?(?:新成员|{_PET_ZH})"
        rf"|(?:{_PET_ZH})[^，。,.!?;]{{0,3}}?生了(?:一窝|{_NUM}+只)?(?:小猫|小狗|宝宝|崽)|下崽了|新来的(?:{_PET_ZH})",
    ],
    "achievement_small": [
        # 终于把报告写完了 / 跑了三公里 / 终于把房间收拾干净了 / 考完试了 / 今天出门了
        r"终于(?:把[^，。,.!?;]{0,12}?)?(?:写|做|弄|搞|完成|交|收拾|整理|改|复习|背|学|跑|考)(?:完|好|定|了|上去|干净)"
        r"|(?:写|做|弄|收拾|整理|改|跑|看|读)完了|考完(?:试)?了|搞定了|完成了|交上去了|提交了"
        # a bug fixed, a game beaten: 终于把那个bug修好了 / 打通了 / 通关了
        r"|(?<!没)(?<!没有)修好了|(?<!没)打通了|(?<!没)通关了"
        rf"|(?:去|出门)(?:跑步|运动|健身|散步|游泳)了|跑了{_NUM}+公里|出门了|早起了|坚持了{_NUM}+天",
    ],
    "interview": [
        # 明天有个面试 / 下午终面 / 群面
        r"面试|终面|群面|复试|hr面|面签",
    ],
    "exam": [
        # 下周三考雅思 / 期末考试考砸了 / 高考 / 四级 / 科目二 / 复习
        r"考试|考研|高考|中考|会考|(?<![a-z])dse(?![a-z])|文凭试|放榜|期末|期中|考公|考编|国考|省考|雅思|托福|四级|六级|托业|考证|驾考|科目[一二三四]"
        r"|模考|月考|挂科|(?:高数|数学|英语|物理|化学|线代|大物|概率论|专业课)(?:又|也)?挂了|补考|考砸|考(?:得|的)?(?:不好|很差|太差)|没考好|复习|刷题|备考|复读|答辩(?!稿)|考级|法考|教资|笔试",
        r"(?<![a-z])(?:gre|gmat|cpa|ielts|toefl)(?![a-z])",
    ],
    "change": [
        # 下个月要搬去上海 / 第一天入职 / 刚转学 / 来新城市两个月了还是不适应
        r"搬家|搬去|搬到|新城市|新环境|新学校|新公司|新工作|新单位|新同事|转学|入职|第一天(?:上班|上学)|换工作|跳槽"
        r"|离开家|背井离乡|去外地|要去[^，。,.!?;]{1,6}(?:工作|上学|读书|读研|生活)|出国|留学|开学|适应不了|不适应|不太适应|还没适应",
    ],
}

_EN: dict[str, list[str]] = {
    "pet_loss": [
        # my dog died / our cat was put down / had to put our cat down / crossed the rainbow bridge
        rf"\b(?:{_PET_EN})\b[^.!?;]{{0,30}}?\b(?:{_DEATH_EN}|was put (?:down|to sleep)|had to be put (?:down"
        rf"|to sleep)"
        r"|got (?:hit|run over)|crossed the rainbow bridge)",
        rf"\b(?:put|putting) (?:my|our|the) (?:\w+ )?(?:{_PET_EN}) (?:down|to sleep)\b"
        rf"|\bhad to put (?:\w+ ){{1,3}}?"
        rf"(?:down|to sleep)\b|\blost (?:my|our) (?:\w+ )?(?:{_PET_EN})\b|\brainbow bridge\b|\beuthani[sz]",
    ],
    "bereavement": [
        # my grandma passed away / my dad died / lost my best friend to cancer / the funeral
        rf"\b(?:{_PERSON_EN})\b[^.!?;]{{0,30}}?\b(?:{_DEATH_EN})",
        rf"\blost (?:my|our) (?:\w+ )?(?:{_PERSON_EN})\b(?= to\b|$|[.,!;])|\blost (?:my|our) (?:grandma"
        rf"|grandmother|grandpa"
        r"|grandfather|mom|mum|mother|dad|father|brother|sister|son|daughter|baby|husband|wife)\b",
        r"\bfuneral\b|\bpassed away\b|\bgriev(?:e|ing)\b|\bmourning\b|\bmemorial service\b|\bcondolences\b"
        r"|\bdeath of\b|\bbereave"
        # a patient who died on one's shift: had a patient pass on my shift today
        r"|\b(?:patient|resident|client)s? (?:pass(?:ed)?|died)\b(?! (?:the|a|an|my|his|her|out|by)\b)",
        # messed up about a coworker dying; a sudden illness and an age said in the past: "heart attack on his
        # couch sunday night. he was 58"
        rf"\babout (?:a|my|our|the) (?:\w+ )?(?:{_PERSON_EN}) dying\b"
        r"|\b(?:heart attack|stroke|aneurysm|(?:car|motorcycle|bike) (?:crash|accident))\b.{0,80}"
        r"\b(?:he|she) was (?:only |just )?\d{1,3}\b(?! (?:when|and|but|so)\b)",
    ],
    "betrayal": [
        # a best friend dating an ex: my best friend is dating my ex
        r"\b(?:best friend|bestie|bff|friend)\b[^.!?;]{0,20}\b(?:dating|with|hooked up with|kissed) my ex\b",
        # cheating on me / he's having an affair / my best friend betrayed me / left me for someone else
        r"\bcheat(?:ed|ing|s)? on (?:me|us)\b|\b(?:has|had|have) been cheating\b|\b(?:is"
        r"|was) cheating\b(?! on (?:the|a|an"
        r"|his|her|my) (?:test|exam|quiz|game))|\baffair\b|\bunfaithful\b|\btwo-timing\b"
        # (betrayed by someone; not "I feel like I'm betraying mum", the speaker's own guilt)
        r"|(?<!i'm )(?<!i am )(?<!i was )(?<!i'd be )(?<!me )\bbetray(?:ed|al|ing|s)?\b"
        r"|\bstabbed me in the back\b|\bbackstab|\bseeing someone else\b|\bleft me for\b|\blied to me\b"
        r"|\bscrewed (?:me|us) over\b"
        r"|\bstepped out on me\b|\bslept with (?:my|his|her|someone|another|other)\b|\bcheater\b"
        # a partner who took the money and ran: emptied the company account, ran off with it
        r"|\bemptied (?:the|our|my) (?:\w+ ){0,2}accounts?\b|\bran off with\b|\bembezzl\w*",
    ],
    "breakup": [
        # broke up with me / got dumped / we split up / getting divorced / ended things
        r"\bbr(?:oke|eak|eaking|oken) up\b|\bbreak-?up\b|\bdumped (?:me|him|her)\b|\b(?:got|been|was|get"
        r"|getting) dumped\b"
        # (a past of someone else's is no breakup: "he's 45, divorced twice"; "a divorced dad")
        r"|\bsplit(?:ting)? up\b|\bwe split\b|\bdivorc(?:e|ing)\b|(?<!\ba )\bdivorced\b(?! (?:twice|once|dad|mom|man"
        r"|woman|guy|father|mother|three times)\b)|\bended (?:things|our relationship)\b"
        r"|\b(?:she|he) left me\b(?! for)|\bcalled (?:it|the engagement|the wedding) off\b|\bcall(?:ed|ing"
        r"|s)? it quits\b|\bwalked out on (?:me|us)\b",
    ],
    "job_loss": [
        # got laid off / they fired me / lost my job / made redundant / unemployed
        r"\blaid off\b|\blet go\b(?! of)|\bfired\b(?! up)|\bsacked\b|\bmade redundant\b|\blost (?:my|his|her"
        r"|a) (?:[\w-]+ ){0,3}?"
        r"(?:job|position|work)\b|\bout of (?:a )?(?:work|job)\b|\bunemployed\b|\bjobless\b|\bdownsized\b"
        r"|\bgot the axe\b"
        r"|\bhave no job\b|\brelieved (?:of|from) (?:my|his|her) (?:[\w-]+ ){0,2}?(?:job|duties|position)\b",
    ],
    "illness": [
        # in the hospital / diagnosed / surgery / cancer / been sick all week (not "sick of this", "worried sick",
        # "I feel sick lying to her", "sick to my stomach": a feeling, not an illness)
        r"(?<!worried )(?<!makes me )(?<!made me )\bsick\b"
        r"(?! (?:of|and tired|about|to (?:my|the) stomach|lying|thinking|when|every time|with (?:worry|guilt|nerves)))"
        r"|\b(?:feel|feeling|am|i'm|been|got|fell|so|really|very) ill\b|\bflu\b"
        r"|\bfever\b"
        r"|\b(?:got|have|had|has|caught|catch|positive for) covid\b"
        # (not a job there: "she's on nights at the hospital", "he works at the hospital")
        r"|(?<!nights )(?<!works )(?<!working )(?<!shift )(?<!shifts )(?<!nurse )(?<!job )(?<!doctor )(?<!volunteer )"
        r"(?<!cleaner )(?<!porter )\b(?:in|to|into|from|at) (?:the )?hospital\b(?! (?:job|shift|canteen|cafeteria))"
        r"|\bhospitali[sz]ed\b"
        r"|\bsurgery\b|\bdiagnos(?:ed|is)\b|\bcancer\b|\btumou?r\b|\bchemo(?:therapy)?\b"
        r"|\bbiopsy\b|\bicu\b|\bemergency room\b|\bmri\b|\bct scan\b|\bstroke\b|\bheart attack\b|\binfection\b"
        r"|\bpneumonia\b|\b(?:have|has|got|with) (?:gout|epilepsy)\b|\bseizures?\b"
        r"|\bmigraines?\b|\bbroke my (?:arm|leg|ankle|wrist|foot|hand)\b|\bchronic (?:pain|illness)\b|\b(?:blood"
        r"|scan) results\b"
        r"|\bflare(?:[- ]up| day)?s?\b|\bendo(?:metriosis)?\b|\bfibro(?:myalgia)?\b|\barthritis\b|\bcrohn'?s\b"
        r"|\blupus\b|\bspecialist (?:appt|appointment)\b|\bdiabet(?:es|ic)\b|\ba1c\b|\bhigh blood pressure\b"
        r"|\bhospice\b|\bpalliative\b|\bend[- ]of[- ]life care\b|\bintensive care\b"
        # sight going: the vet says she has cataracts / he's going blind
        r"|\bcataracts?\b|\bglaucoma\b|\bgoing blind\b|\blosing (?:her|his|my|their) (?:sight|vision|hearing)\b"
        # an injury: crushed fingers, a torn ligament, hurt at work
        r"|\bcrushed (?:my |his |her |two |three |\w+ )?(?:fingers?|hand|foot|leg|arm)\b|\bbroken (?:arm|leg|wrist|ankle"
        r"|hand|fingers?|hip)\b|\btorn (?:acl|ligament|tendon|meniscus|rotator cuff)\b|\b(?:work|workplace|job site"
        r"|on-the-job) injury\b|\binjured (?:my|his|her) (?:back|hand|knee|leg|arm|shoulder|wrist)\b",
    ],
    "postpartum": [
        # just had a baby / newborn / postpartum / night feeds
        r"\bpost-?partum\b|\bpostnatal\b|\bnewborn\b|\bnew baby\b|\b(?:just|recently) (?:had"
        r"|gave birth to) (?:a|my|our)"
        r" (?:baby|son|daughter|boy|girl)\b|\bgave birth\b|\bnew (?:mom|mum|mother|parent|dad)\b|\bbreastfeed"
        r"|\bnight feeds?\b|\bmaternity leave\b|\bthe baby (?:won't|doesn't|never) (?:stop|sleep)"
        r"|\b\d+ (?:weeks?|wks?) old\b|\b(?:baby|son|daughter|newborn|infant|little one|she'?s|he'?s|she is|he is)\b"
        r"[^.!?]{0,20}\b\d+ (?:weeks?|wks?)\b|\bcan'?t put (?:her|him|the baby) down\b|\bbad (?:mom|mum|mother)\b",
    ],
    "bullying": [
        # being bullied / making fun of me / leaves me out / spreading rumours
        r"\bbull(?:ied|ying|y|ies)\b|\bpick(?:s|ing|ed)? on me\b|\bmak(?:e|es|ing) fun of me\b"
        r"|\bmade fun of me\b"
        r"|\blaugh(?:s|ed|ing)? at me\b|\bleav(?:e|es|ing) me out\b|\bleft me out\b|\bleft out\b|\bexcluded\b"
        r"|\bexclud(?:e|es|ing) me\b|\bspread(?:ing|s)? rumou?rs\b|\bgang(?:ed)? up on me\b|\bharass(?:ed|ing"
        r"|ment)\b"
        r"|\bcyberbull|\bcall(?:s|ed|ing)? me names\b|\bname[- ]calling\b|\bmock(?:s|ed|ing)? me\b"
        r"|\bimitat(?:es|ed|ing) (?:me|my)\b"
        # racist abuse, and harassment at work: yelled 'go back to china' / his hand on my lower back
        r"|\bracis[tm]\b|\bslurs?\b|\bgo back to (?:china|your (?:own )?country|where you came from)\b"
        r"|\bthrew (?:a |his |her |their )?(?:drink|bottle|something|stuff) at (?:me|my)\b|\bcatcall\w*\b|\bgroped\b"
        r"|\b(?:put |kept )?(?:his|her) hand on my (?:lower back|back|leg|thigh|waist|knee)\b"
        r"|\bcomments? about my (?:clothes|body|looks|outfit|skirt)\b",
    ],
    "criticized": [
        # my boss yelled at me / got chewed out / told me off / called my essay lazy
        r"\b(?:yelled|shouted|screamed|snapped|went off|blew up|yells|shouts|screams) at me\b"
        r"|\b(?:got|get|getting|was|been|being) (?:yelled at|screamed at|shouted at|scolded|told off|chewed out"
        r"|reprimanded|written up|called out|torn apart|ripped apart|critici[sz]ed|lectured|berated"
        r"|humiliated)\b"
        r"|\b(?:scolded|critici[sz]ed|berated|humiliated|lectured|reprimanded) me\b|\bcritici[sz]es? (?:me"
        r"|everything|all)\b|\b(?:chewed|tore|ripped) me (?:out|apart)"
        r"|\b(?:tore|ripped) into me\b|\bbit my head off\b|\btold me off\b|\bcalled me (?:lazy|stupid|useless"
        r"|an idiot"
        r"|incompetent|worthless)\b|\bcalled my \w+ (?:lazy|stupid|useless|garbage|trash|sloppy)\b",
    ],
    "unfair": [
        # took credit for my work / passed over for the promotion / threw me under the bus / blamed me for his mistake
        r"\b(?:took|takes|taking|stole|steals|stealing|claimed|claiming) (?:all )?(?:the )?credit\b"
        r"|\bpassed (?:me )?over\b|\bthrew me under the bus\b|\bscapegoat"
        r"|\bblamed (?:me )?for (?:his|her|their|someone else'?s)\b"
        r"|\bpresented my (?:work|idea|ideas|slides|project|report|design) as (?:his|her|their) own\b",
    ],
    "family_conflict": [
        # my parents are pressuring me / family drama
        r"\bfamily drama\b|\bdomestic (?:violence|abuse)\b"
        # she keeps asking when we're having kids / my parents keep pushing me to get married
        r"|\bkeeps? (?:asking|nagging|bugging|pushing|pressuring)\b[^.!?;]{0,20}"
        r"\b(?:having (?:a baby|kids|children)|grandkids|grandchildren|get(?:ting)? married)\b"
        r"|\bmy (?:parents|mom|mum|dad) (?:won't let me"
        r"|force me|forced me"
        r"|control)\b",
    ],
    "caregiving": [
        # caring for my mum / she has dementia / didn't recognise me
        r"\b(?:caring for|looking after|taking care of|care for) my (?:mum|mom|mother|dad|father|parents|grandma|grandpa"
        r"|nan|gran|husband|wife)\b|\bdementia\b|\balzheimer'?s\b|\b(?:full[- ]time )?carer\b|\bcaregiver\b"
        # (not "what if she doesn't recognize me": feared, on a visit)
        r"|(?<!if she )(?<!if he )(?<!if they )\b(?:didn't|doesn't|did not|does not) (?:recogni[sz]e|remember) me\b",
    ],
    "control": [
        # checks my phone every night / tracks my location / won't let me see my friends
        r"\b(?:checks?|checking|goes through|went through|going through|looks? through|reads?) my (?:phone|messages"
        r"|texts|dms|emails)\b|\btracks? my (?:location|phone)\b|\bwon'?t let me (?:see|go out|talk to|wear|hang out"
        r"|have friends)\b|\b(?:so |really |very )?controlling\b",
    ],
    "conflict": [
        # had a big argument / fought with / isn't speaking to me / the silent treatment
        r"\b(?:had|have|got into|in|having) (?:a|an|another)? ?(?:huge |big |massive |stupid |bad |little "
        r"|terrible )?"
        r"(?:fight|argument|row(?<!in a row)|falling out|blowup|blow-up|disagreement)\b|\b(?:fought|argued|arguing|argue"
        r"|fighting)\b"
        r"|\bfight (?:with|again|all the time)\b|\bfell out with\b|\b(?:isn't|is not|not|won't|doesn't|stopped)"
        r" (?:speaking|talking) to me\b|\b(?:doesn't|does not|won't) want to (?:talk|speak) (?:to|with) me\b"
        r"|\bignoring me\b|\bsilent treatment\b|\bmad at me\b|\bangry (?:at|with) me\b"
        r"|\bupset with me\b|\bblocked me\b|\bunfriended me\b|\bloss of (?:a|our|my|the) friendship\b"
        # a roommate or a neighbour who makes life hard: my roommate plays games till 3am / the neighbours are loud
        r"|\b(?:roommate|flatmate|housemate|neighbou?r)s?\b[^.!?;]{0,30}\b(?:loud|noise|noisy|mess|party|parties"
        r"|games?|gaming|blast\w*|never cleans?)\b"
        # losing one's temper at someone: I snapped at her / lost my temper with my mum
        r"|\bi (?:snapped|yelled|shouted|screamed) at (?:her|him|them|my)\b|\blost my temper\b"
        r"|\b(?:stopped|stopped) (?:replying|texting|messaging|answering)(?: (?:to )?me)?\b",
    ],
    "distance": [
        # she's been distant / we're drifting apart / forgot my birthday / takes hours to text back / left on read
        r"\bdistant\b|\bdrifting apart\b|\bgrown apart\b|\bpulling away\b|\bforgot (?:my|our) (?:birthday|anniversary)\b"
        r"|\b(?:takes|taking|took) (?:hours|forever|days|ages) to (?:reply|text back|respond|answer)\b|\bleft me on read\b"
        r"|\bcold (?:to|towards) me\b|\bdoesn'?t (?:text|call|reach out)(?: me)? (?:anymore|first)\b"
        r"|\bbarely (?:texts|talks|calls)\b|\bdon'?t feel (?:loved|wanted|like a priority)\b",
    ],
    "parting": [
        # my best friend is moving to London / my son leaves for Canada next week / her farewell party
        r"\b(?:friend|best friend|bestie|bff|sister|brother|son|daughter|kids?|mom|mum|mother|dad|father|parents"
        r"|neighbou?r|roommate|cousin|grandkids?|grandson|granddaughter)(?:'s| is| are)? (?:moving|emigrating"
        r"|relocating|leaving|flying out|going back)(?: (?:away|abroad|overseas|to|back|for|across|home|next|this|in"
        r"|soon))\b|\b(?:her|his|their) (?:farewell|going[- ]away|leaving) (?:party|dinner|drinks)\b"
        r"|\bgoing to miss (?:her|him|them) so much\b",
    ],
    "rejection": [
        # got rejected / didn't get into any school / turned me down / ghosted / waitlisted
        r"\breject(?:ed|ion|ions)\b|\bturned (?:me )?down\b|\b(?:didn't|did not|don't|never) (?:get"
        r"|got) (?:in\b|into|the"
        r" (?:job|role|position|offer|promotion|part|scholarship|internship|spot|place)|an? (?:offer|callback"
        r"|interview))"
        r"|\bwaitlisted\b|\bghost(?:ed|ing)\b|\bnever heard back\b|\bno (?:offers?"
        r"|callbacks?)\b"
        r"|\bfailed to get\b|\bnot (?:accepted|selected|admitted)\b|\bdidn't make (?:it in|the cut|the team)\b"
        r"|\b(?:passed|looked) over for\b"
        # an offer taken back: my job offer is rescinded / they pulled the offer
        r"|\boffer (?:is |was |got |has been |had been )?(?:rescinded|withdrawn|pulled|revoked|cancell?ed)\b"
        r"|\b(?:rescinded|withdrew|pulled|revoked) (?:my|the|our) (?:job )?offer\b",
    ],
    "gambling": [
        # sports betting / lost it gambling / chasing my losses / the casino (not "I bet")
        r"\bgambl(?:e|ed|es|ing|er)\b|\b(?:sports )?betting\b|\bbets? on\b|\bbookies?\b|\bcasinos?\b"
        r"|\bslot machines?\b|\bpoker\b|\bblackjack\b|\broulette\b|\bchasing (?:my |the )?loss(?:es)?\b",
    ],
    "money": [
        # can't pay rent / credit card debt / I'm broke / behind on bills / evicted
        r"\bdebts?\b|\b(?:can't|cannot|couldn't) (?:afford|pay)\b|\b(?:pay|paying|make) (?:the |my )?rent\b"
        r"|\brent (?:is|was) (?:due|late|going up)\b|\bbehind on (?:rent|bills|payments)\b|\b(?:i'?m|am|so"
        r"|totally|flat"
        r"|completely|dead|been|we'?re|literally|always) broke\b|\bevict(?:ed|ion)\b|\boverdra(?:ft|wn)\b"
        # an eviction notice, arrears: 14 day notice, pay or quit / $2,100 behind / my cards are maxed
        r"|\bpay or quit\b|\bnotice to (?:quit|vacate)\b|\b\d+[- ]day notice\b|\$[\d,]+ behind\b"
        r"|\b(?:cards? (?:are|is) )?maxed(?: out)?\b"
        r"|\bpaycheck to paycheck\b|\bcredit card\b|(?<!paid off my )(?<!paid off the )(?<!paid off all my )"
        r"(?<!paid off my student )(?<!paid off all my student )\bloans?\b(?! (?:are|is) (?:paid|gone))"
        # savings spent or lost: dad spent all their savings on supplements / our nest egg is gone
        r"|\b(?:spent|blew|lost|wiped out|gambled away|sank) (?:all |most of |half of )?(?:our|my|the|his|her|their|the family'?s)"
        r" (?:savings|nest egg|retirement (?:money|savings|fund))\b|\b(?:savings|nest egg) (?:is|are) (?:all )?gone\b"
        r"|\bowe (?:\w+ )?money\b|\bmoney (?:problems"
        r"|issues|trouble"
        r"|is tight)\b|\bno money\b|\bout of money\b|\bbankrupt"
        # money lent and not paid back: I lent my friend 5k / he still owes me / never paid me back
        r"|\blent (?:him|her|them|my [\w-]+(?: [\w-]+)?) (?:\$?\d[\d,.]*k?|money|cash)\b|\bowes me\b|\bpay me back\b"
        r"|\bpaid me back\b|\b(?:never|not|hasn'?t|didn'?t|won'?t|still hasn'?t) (?:\w+ )?pa(?:id|y) (?:me|us) back\b"
        r"|\bborrowed (?:\$?\d[\d,.]*k?|money|cash|\w+ (?:grand|thousand|hundred))(?: \w+)? from (?:me|us)\b",
    ],
    "overwork": [
        # overtime / working 70 hours a week / so much work / burned out / this week is killing me / deadlines
        r"\bovertime\b|\bworking (?:late|nights|weekends|\d+ hours|\d+-hour)|\b\d+[- ]hour (?:weeks?|days?"
        r"|shifts?)\b"
        r"|\btoo much work\b|\bso much (?:work|to do)\b|\b(?:swamped|snowed under|overloaded|overworked"
        r"|slammed)\b"
        r"|\b(?:drowning|buried) in (?:work|deadlines|emails|assignments)\b|\bburn(?:ed|t)[ -]?out\b"
        r"|\bburnout\b"
        r"|\b(?:this|the|last|next) (?:week|month|semester|job|project|shift|quarter)s? (?:is|was|has been|are)"
        r" (?:killing|destroying|crushing) me\b|\bwork is (?:killing|crushing|destroying) me\b|\bdeadlines\b|\bdeadline(?:'s| is| was)? (?:tomorrow|today|tonight|on|looming|coming|friday|monday)\b"
        r"|\b(?:long|demanding|crazy|insane|brutal) (?:work )?hours\b|\bno (?:day|days|time) off\b"
        r"|\bhaven't had a day off\b|\ball-?nighters?\b|\bdouble shifts?\b",
    ],
    "retirement": [
        # retired last month / since I retired / retirement (not a retirement fund or plan)
        r"\bretired\b|\bretiring\b|\bretirement\b(?! (?:fund|savings|account|plan|age|party|home)s?\b)",
    ],
    "loneliness": [
        # so lonely / no one to talk to / no friends / feel so alone
        r"\blonely\b|\bloneliness\b|\bisolated\b|\bhomesick(?:ness)?\b|\bmiss(?:ing)? home\b"
        r"|\b(?:no one|nobody|noone) (?:to talk to|cares"
        r"|to hang out with|texts me"
        r"|calls me|checks on me|understands me|gets me)\b|\bno friends\b|\bdon't have (?:any )?friends\b"
        r"|\b(?:feel|feeling|so|all) alone\b|\balone all the time\b",
    ],
    "insomnia": [
        # can't sleep / haven't slept / insomnia / awake at 3 / nightmares
        r"\b(?:can't|cannot|couldn't|can not|cant|couldnt|unable to) (?:fall |get to |go to |get back to )?sleep\b"
        r"|\binsomnia\b"
        r"|\bsleepless\b|\b(?:haven't|have not|hasn't|barely|didn't|did not) (?:slept|sleep)\b|\bno sleep\b"
        r"|\bwide awake\b"
        r"|\bawake (?:at|since) \d|\bkeep waking up\b|\bnightmares?\b|\bup all night\b|\btossing and turning\b"
        r"|\b(?:barely|not) sleeping\b|\bsleep (?:is|has been) (?:terrible|awful|bad|a mess)\b",
    ],
    "good_news": [
        # got the job / got an offer / promoted / passed my driving test / got engaged / she said yes
        r"\bgot (?:the|a|an|my) (?:job|offer|promotion|raise|internship|scholarship|grant|part(?![- ]time)"
        r"|role|position)\b"
        r"|\bjob offer\b(?![^.!?]{0,30}\b(?:rescinded|withdrawn|pulled|revoked|cancell?ed))|\bgot (?:an? )?offer\b|\b(?:got|been|was|am|i'm|im) (?:promoted|accepted|admitted"
        r"|hired)\b"
        r"|\bpromotion\b|\bpassed (?:my|the|all|our|both|it)\b|\bi passed\b(?! (?:away|out|on)\b)"
        r"|\b(?:finally )?booked (?:our|my|a|the) (?:trip|flights?|tickets?|holiday|vacation)\b|\bfinally booked\b"
        r"|\bgot engaged\b"
        r"|\bwe(?:'re| are) engaged\b|\b(?:she|he) said yes\b|\b(?:he|she) proposed\b|\b(?:we|i) won\b(?!'t| t\b)"
        r"|\bgood news\b"
        # a debt cleared: paid off my student loans / debt-free / made the last payment
        r"|\bpaid (?:it |them |everything )?off\b|\bpaid off (?:my|the|all|our|every)\b|\bdebt[- ]free\b"
        r"|\b(?:made|sent) (?:the|my) (?:very )?(?:last|final) (?:loan |car |student loan )?payment\b"
        r"|\b(?:paper|article) (?:got|was|has been) accepted\b"
        # a manuscript asked for: one of the agents wants the full manuscript
        r"|\b(?:agent|editor|publisher)s? (?:wants?|asked for|requested) (?:the |my )?(?:full|whole|complete) "
        r"(?:manuscript|draft|ms|novel)\b|\bfull (?:manuscript|ms) request\b"
        # a first home: closed on our first house / bought my first flat / got the keys to our new place
        r"|\bclosed on (?:our|my|a|the) (?:first |new |dream |own )?(?:house|home|place|flat|condo|apartment)\b"
        r"|\bbought (?:our|my) (?:first|own) (?:house|home|place|flat|condo|apartment)\b"
        r"|\bgot the keys (?:to|for) (?:our|my) (?:new |first )?(?:house|home|place|flat|condo|apartment)\b"
        # GOT THE KEYS TODAY / the first place I've ever owned
        r"|\bgot (?:the|my|our) keys (?:today|yesterday|this morning)\b|\bgot (?:the|my|our) keys\W*$"
        r"|\bfirst (?:place|house|home|flat|condo|apartment) (?:i'?ve|we'?ve|i|we) (?:ever )?(?:owned|bought)\b"
        # a first date in years, a reply hoped for: I went on a date!!! / HE REPLIED. dinner friday
        r"|\bi went on a (?:first )?date\b(?=[^?]{0,80}!)|\b(?:he|she) (?:replied|texted (?:me )?back|messaged (?:me )?back)"
        r"\b(?=[^?]{0,60}(?:!|\bdinner\b|\bdate\b))"
        # a thing bought and shown off: I bought a BIKE 🚲 / finally got myself a new guitar!!
        r"|\bi (?:finally |just )?(?:bought|got) (?:myself )?(?:a |an |my first |my own |a new )(?:new )?"
        r"(?!(?:parking |speeding )?(?:ticket|fine|virus|cold|flu|rash|bill|warning|letter|infection|cough)\b)[a-z]+(?: [a-z]+)?"
        r"\s*(?:!|[\U0001F300-\U0001FAFF\u2600-\u27BF])"
        r"|\bgot (?:in|into) (?:my "
        r"|the )?(?:first[- ]choice |dream )?"
        r"(?:university|uni|college|school|program|programme|grad school|med school|law school)\b",
    ],
    "new_pet": [
        # got a puppy / we adopted a kitten / rescued a dog / our new pup / my cat had kittens
        r"\b(?:got|adopted|rescued|brought home|picked up|bought)\s+(?:a|an|two|2|this|these)\s+(?:new\s+)?(?:\w+\s+)?"
        r"(?:pupp(?:y|ies)|pup|kittens?|dog|cat|bunny|rabbit|hamster|parrot|budgie|greyhound|retriever|lab|labrador"
        r"|corgi|beagle|poodle|husky|terrier|shepherd|spaniel|bulldog|pug|dachshund|collie|chihuahua|tabby)\b(?!\s*(?:bite|bit|food|toy|bed|walker|sitter))"
        r"|\bnew (?:pupp(?:y|ies)|pup|kittens?|dog|cat|bunny|rabbit)\b"
        r"|\b(?:cat|dog|she) (?:just )?had (?:\w+ )?(?:kittens|puppies|a litter)\b|\bgave birth to (?:\w+ )?(?:kittens|puppies)\b"
        r"|\b(?:kittens|puppies) (?:were|got) born\b",
    ],
    "achievement_small": [
        # finally finished my thesis draft / went for a run / got everything done / cleaned my room
        r"\bfinally (?:finished|did|done|submitted|got|cleaned|went|called|sent|started|made)\b|\b(?:finished"
        r"|completed"
        r"|submitted|turned in) (?:my|the|all|our|it|their|her|his)\b|\bgot (?:it|everything|that|the \w+) done\b"
        r"|\bi did it\b"
        r"|\bwent (?:for a (?:run|walk|swim)|to the gym)\b|\bmade it to the gym\b|\bcleaned (?:my|the) \w+\b"
        r"|\bgot out of bed\b|\bcooked (?:myself )?(?:a|dinner|lunch|breakfast)\b",
    ],
    "interview": [
        # a job interview tomorrow / phone screen / final round
        r"\binterview(?:s|ing|ed)?\b|\bphone screen\b|\bassessment cent(?:er|re)\b|\bfinal round\b|\bonsite\b",
    ],
    "exam": [
        # my exam is next Wednesday / finals week / failed my test / studying for the bar (not a blood test)
        r"\bexams?\b|\bfinals\b|\bmidterms?\b|\bquiz(?:zes)?\b"
        r"|(?<!blood )(?<!covid )(?<!pregnancy )(?<!drug )(?<!dna )"
        r"\btests?\b|\bgrades\b|\b(?:bad|low|poor|failing|final) grade\b|\bgpa\b|\bthe sat\b|\bsat (?:scores?|exam|test|prep)\b"
        r"|\b(?:gre|gmat|mcat|lsat"
        r"|ielts|toefl)\b|\bbar exam\b|\bstudying for\b|\brevision\b"
        r"|\bthesis defen[cs]e\b",
    ],
    "change": [
        # moving to a new city / starting a new job / first day / new school / adjusting
        # (not someone else moving out: "my roommate moved out in august")
        r"(?<!roommate )(?<!flatmate )(?<!housemate )(?<!partner )(?<!boyfriend )(?<!girlfriend )(?<!sister )(?<!brother )"
        r"(?<!he )(?<!she )(?<!they )"
        r"\bmov(?:e|ed|ing) (?:to|out|abroad|away|house|cities|across)\b|\bnew (?:city|job|school|country|town"
        r"|place"
        r"|team|office)\b|\bfirst day\b(?! back\b)|\bstart(?:ing)? (?:college|uni|university|a new|my new)\b"
        r"|\brelocat(?:e|ed|ing)\b"
        r"|\btransferr?(?:ed|ing)? (?:to|schools)\b|\badjusting to\b|\bleaving home\b|\bdon't fit in\b",
    ],
}

_PATTERNS: dict[str, re.Pattern[str]] = {
    event: re.compile("|".join([*_ZH[event], *(f"(?a:{p})" for p in _EN[event])])) for event in EVENTS
}

# -- context that defuses a match ---------------------------------------------------------------------------------
# a negation right before: 没分手 / 没被骂 / 不是失眠 / 我不孤单 / we didn't break up / I'm not lonely
_NEGATED_ZH = re.compile(
    r"(?:没有?|不是|并不|并没有?|从没有?|还没有?|从来没有?|未|不再|没再|别再?|(?<!得)不)(?:想要?|打算|准备)?"
    r"(?:[跟和与被把让给][^，。,.!?;]{0,4})?$"
)
_NEGATED_EN = re.compile(
    r"(?:\bnot|n't|\bnever|\bno longer)\s+(?:(?:get|got|gotten|getting|be|been|being|have|having|really"
    r"|actually|even|yet|ever"
    r"|the|a|an|my|any|so|that|too|feel|feeling)\s+){0,3}$",
    re.ASCII,
)
# a loss or a win only feared, wondered or hoped about: 如果被裁 / 怕他跟我分手 / what if he cheats / I might get fired
_HYPOTHETICAL_ZH = re.compile(
    r"(?:如果|万一|假如|要是|怕|担心|担忧|会不会|要不要|该不该|是不是该|是不是应该|考虑|打算|可能会|可能要|快要|恐怕|希望"
    r"|祈祷|劝我?|脑补|想象|梦到|梦见|幻想|肯定|一定|准能|指望|期待|等着)[^，。,.!?;]{0,8}$|(?<!没)想(?![到起念说问告讲])[^，。,.!?;]{0,3}$|要$"
)
_HYPOTHETICAL_EN = re.compile(
    r"\b(?:if|what if|in case|whether|should i|should we|might|will|gonna|going to|about to|thinking (?:of"
    r"|about)"
    r"|considering|want to|wanna|hop(?:e|ing) (?:for|to|i)|wish(?:ing)?|pray(?:ing)?|(?:afraid|scared|worried"
    r"|worry)"
    r"(?! because| since))\b[^.!?;,]{0,30}$|'ll\s+(?:\w+\s+)?$",
    re.ASCII,
)
# an outcome asked about, not told: 涨工资没 / 考上了吗
_ASKED_ZH = re.compile(r"(?:了)?(?:没有?|吗|么|嘛|没呢)(?=[\W_]|$)")
# events that are outcomes, told only once they happened
_OUTCOMES = frozenset(
    {"pet_loss", "bereavement", "betrayal", "breakup", "job_loss", "criticized", "unfair", "rejection", "good_news",
     "new_pet", "achievement_small", "retirement"}
)  # fmt: skip
# states that are told of the past as often as of now, and the words that put them there: 以前上班忙得要死 /
# back when I was working I never slept
_STATES = frozenset({"overwork", "loneliness", "insomnia"})
#: a young animal, and a baby: "she's 10 weeks old" of a puppy is no newborn
_PET_YOUNG = re.compile(
    r"小狗|小猫|狗狗|猫咪|幼犬|幼猫|\b(?:pupp(?:y|ies)|pup|kitten|dog|cat|corgi|lab|retriever)\b"
)
_BABY = re.compile(r"宝宝|婴儿|新生儿|孩子|月子|\b(?:baby|babies|newborn|infant|son|daughter|postpartum)\b")
_PAST = re.compile(
    r"以前|从前|过去|那时候?|当年|(?a:\bused to\b|\bback when\b|\bwhen i was\b|\bin the old days\b)"
)
# what keeps a person up that is the situation to name rather than the sleeplessness
_SLEEP_CAUSES = frozenset({"interview", "exam", "change"})
_FAMILY = re.compile(rf"{_FAMILY_ZH}|(?a:{_FAMILY_EN})")
_DIVORCE = re.compile(r"离婚|divorc")
_BEATING = re.compile(r"打|hit|beat")
_SCAMMERS = re.compile(r"客服|群(?:主|里)?|骗子|商家|平台|(?a:\bscammers?\b)")
_EX = re.compile(r"前任|前男友|前女友|前夫|前妻|(?a:\bex\b)")
_DEATHS = ("pet_loss", "bereavement")
# events that befall someone, who may be the speaker or someone close (a child bullied, a mother in hospital, a
# husband who gambles)
_BEFALLS = frozenset(
    {"bullying", "illness", "criticized", "job_loss", "rejection", "exam", "interview", "gambling", "money"}
)
# the speaker as a subject or object between a person and the event (我儿子说同学欺负我: the speaker's own)
_MINE = re.compile(r"(?:\bmy\s+|我的?)$", re.IGNORECASE)
#: "she said", "他哭着说": what follows is in that person's words
_SAYS = re.compile(r"(他|她)[^，。,.!?\s]{0,4}(?:说|講|讲)")
_SPEAKER = re.compile(r"我(?!的|家|们)|(?a:\b(?:i|me|i'?m|i'?ve|myself)\b)", re.IGNORECASE)
#: "she" or "he", and the marks a clause ends at
_THIRD = re.compile(r"他|她|(?a:\b(?:he|she)\b)")
PRONOUNS = frozenset({"他", "她", "him", "her"})
_PAUSES = "，。,.!?！？；;\n"
# the people an event is rarely about when they are named before it: the ones who treat, teach or manage
_HELPERS = re.compile(
    r"医生|大夫|护士|老师|班主任|老板|领导|上司|(?a:\b(?:doctor|nurse|teacher|boss|manager)s?\b)",
    re.IGNORECASE,
)
_RANK = {event: k for k, event in enumerate(EVENTS)}
# a pet's name said with a death: 团子今天早上走了 / Mochi died last night
_NAMED_DEATH = rf"(?:{_GAP_ZH}){{0,3}}(?:{_GONE_ZH}|{_DEATH_ZH})|(?a:[^.!?;]{{0,20}}?\b(?:{_DEATH_EN}))"
_BARE_DEATH = re.compile(rf"(?:{_GAP_ZH}){{0,4}}(?:{_GONE_ZH}|{_DEATH_ZH})")
_KIN = re.compile(_KIN_ZH)
_ANIMAL = re.compile(rf"{_PET_ZH}|(?a:\b(?:{_PET_EN})\b)")
_OWNER_EN = re.compile(r"\b(?:my|our)\s+$", re.ASCII)
_WORD_EN = re.compile(r"\S+")


@dataclass(frozen=True)
class Situation:
    """What a message tells happened: the main event and every event found, main first; the words that gave the
    main event away; the people, the pet and the time, each as the person wrote them; and ``about``, the one the
    event happened to when that is someone else (我儿子在学校被欺负了: 儿子; my daughter is being bullied: my
    daughter), None when it is the speaker's own or the message does not say."""

    event: str | None
    events: tuple[str, ...]
    valence: str
    words: str
    people: tuple[str, ...]
    pet: str | None
    when: str | None
    about: str | None = None


@dataclass(frozen=True)
class _Found:
    event: str
    start: int
    end: int


def read_situation(text: str) -> Situation:
    """The situation ``text`` tells (see the module's docstring); no event, no valence and no words when it tells
    none, the people, the pet and the time all the same."""
    folded = fold(text)
    spans = clauses(folded)
    facts = extract_facts(text)
    found = _events(folded, spans)
    if not any(f.event in _DEATHS for f in found):
        pet_name = next((f.words for f in facts if f.kind == "pet_name"), None)
        found += _named_death(folded, pet_name) or _subjectless_death(folded, spans)
    found.sort(key=lambda f: (_RANK[f.event], f.start))
    main = _main(found)
    people = tuple(_owned(text, folded, f.start, f.end) for f in facts if f.kind == "person")
    pet = _pet(text, folded, facts, main if main and main.event == "pet_loss" else None)
    when = next((f.words for f in facts if f.kind == "time"), None)
    if main is None:
        return Situation(None, (), "", "", people, pet, when)
    return Situation(
        event=main.event,
        events=tuple(dict.fromkeys([main.event, *(f.event for f in found)])),
        valence=EVENTS[main.event],
        words=_short(text[main.start : main.end]),
        people=people,
        pet=pet,
        when=when,
        about=_about(text, folded, facts, main),
    )


def _about(text: str, folded: str, facts: tuple[Fact, ...], main: _Found) -> str | None:
    """The person an event that befalls someone happened to, when it is not the speaker: the last person named
    before the event in its sentence, with no word of the speaker between them or in the event's own words
    (我儿子在学校被同学欺负了 -> 儿子; 同学欺负我, 我被我妈骂了 -> None); with no one named, "she" or "he" in the
    event's clause with no word of the speaker, as written (期末那次她考砸了 -> 她; she got fired -> her), for the
    conversation to put a name to."""
    if main.event not in _BEFALLS:
        return None
    if main.event == "money" and not _SAVINGS.search(folded, main.start, main.end):
        return None  # only savings spent or lost befall the family ("找我爸借了两万" is no father's loss)
    # the whole sentence: "found out my husband has 14k of debt from sports betting" names him 29 characters back
    start = max(folded.rfind(mark, 0, main.start) for mark in "。！？.!?\n") + 1
    before = [f for f in facts if f.kind == "person" and start <= f.start and f.end <= main.start]
    if not before:
        # told in someone's own words: "她哭着说本来想说会还 后来工作没了" is her job, with no word of the speaker
        said = [m for m in _SAYS.finditer(folded, start, main.start)]
        if said and not _SPEAKER.search(folded, said[-1].end(), main.end):
            return said[-1].group(1)
        return _pronoun(folded, main)
    person = before[-1]
    between = folded[person.end : main.end]
    if _SPEAKER.search(between) or _HELPERS.search(person.words):
        return None
    if _MINE.search(folded, max(0, main.start - 6), main.start):
        return None  # "my parents took my pc bc of my grades": the grades are the speaker's
    return _owned(text, folded, person.start, person.end)


def _pronoun(folded: str, main: _Found) -> str | None:
    """ "She" or "he" in the clause an event is told in, when no word of the speaker is there (see :func:`_about`)."""
    start = max(folded.rfind(mark, 0, main.start) for mark in _PAUSES) + 1
    ends = [e for mark in _PAUSES if (e := folded.find(mark, main.end)) >= 0]
    clause = folded[start : min(ends, default=len(folded))]
    found = None if _SPEAKER.search(clause) else _THIRD.search(clause)
    return None if found is None else {"he": "him", "she": "her"}.get(found.group(), found.group())


def _main(found: list[_Found]) -> _Found | None:
    """The main event of those found in :data:`EVENTS` order: the first, unless it is sleeplessness over an exam,
    an interview or a move, which is the situation then (还有一百天高考，晚上总是做噩梦), or an illness the person
    cares for someone through, which is caregiving."""
    if not found:
        return None
    # caring for someone who is ill is the carer's story: 我妈中风以后一直是我在照顾 is caregiving
    if found[0].event == "illness" and any(f.event == "caregiving" for f in found):
        return next(f for f in found if f.event == "caregiving")
    if found[0].event == "insomnia" and not any(EVENTS[f.event] == "positive" for f in found):
        return next((f for f in found if f.event in _SLEEP_CAUSES), found[0])
    return found[0]


def _events(folded: str, spans: list[tuple[int, int]]) -> list[_Found]:
    """Every event match that its context does not defuse, family quarrels told apart from the others."""
    found: list[_Found] = []
    for event, pattern in _PATTERNS.items():
        for m in pattern.finditer(folded):
            clause_start, clause_end = _clause(spans, m.start())
            if _defused(folded, event, clause_start, m.start(), m.end()):
                continue
            found.append(_Found(_told(folded, event, m, clause_start, clause_end), m.start(), m.end()))
            break  # one match per event is enough; the first is the one quoted
    return found


def _clause(spans: list[tuple[int, int]], at: int) -> tuple[int, int]:
    """The clause a match starts in (a match never starts on a pause)."""
    return next(((s, e) for s, e in spans if s <= at < e), (at, at))


#: an event told as a yardstick for another ("more than when my aunt died")
_COMPARED_EN = re.compile(r"(?a:\bthan (?:when|after)\b)")


#: a small child who will not sleep: the parent's nights are the child's, not insomnia
_CHILD_NIGHTS = re.compile(
    r"(?:宝宝|孩子|娃|儿子|女儿|[一二两三\d]岁)[^，。,.!?;]{0,8}(?:不睡|不肯睡|夜醒|半夜醒|哭醒|哄不睡)"
    r"|(?a:\b(?:toddler|baby|newborn|\d+\s?(?:yo|year[- ]old|month[- ]old)|son|daughter|kid)\b[^.!?;]{0,30}\b(?:refuses? to sleep"
    r"|won'?t (?:sleep|go down|settle)|wakes? (?:up )?(?:at|around|every)|not sleeping|night wak\w*)\b)",
    re.IGNORECASE,
)
#: someone else starting something new: my wife started a new job / 他刚换了工作
_OTHERS_START = re.compile(
    r"(?:老婆|老公|妻子|丈夫|爸|妈|儿子|女儿|室友|他|她)(?:刚|也)?(?:换了|开始|去了)$"
    # someone else moving: 我闺女要搬去跟她男朋友住了 / 我儿子下个月搬去上海
    r"|(?:闺女|女儿|儿子|妹妹|弟弟|哥哥|姐姐|爸|妈|室友|朋友)(?:要|就要|也要|准备|打算|下个?月|明年|今年|刚|也)*$"
    r"|(?a:\b(?:wife|husband|partner|mom|mum|dad"
    r"|son|daughter|roommate|sister|brother|friend|she|he|they) (?:just )?(?:started|got|took|began|has|had|is starting)"
    r"(?: a| her| his| their)?\s*$"
    # someone else's move, wished or planned: I wish she'd just move out / my son's moving to Leeds
    r"|\b(?:wife|husband|partner|mom|mum|dad|son|daughter|roommate|flatmate|sister|brother|friend|she|he|they)"
    r"(?:'d|'ll|'s|'re| would| will| is| are)?\s+(?:just |finally |soon |already |really |probably )*"
    r"(?:going to |gonna )?$)",
    re.IGNORECASE,
)
#: the family's savings, spent or lost by one of them: 积蓄 / 养老钱 / our savings
_SAVINGS = re.compile(r"积蓄|存款|养老钱|家里的钱|退休金|存的钱|savings|nest egg|retirement", re.IGNORECASE)
#: what was feared or expected and did not happen: thought they'd laugh at me / 以为他们会笑话我
_FEARED = re.compile(
    r"(?:以为|还以为|原以为|本来以为|担心|怕)(?:他们?|她们?|人家|别人|大家|老师|同学)?(?:会|要)[^，。,.!?;]{0,6}$"
    r"|(?a:\b(?:thought|figured|assumed|expected|was (?:sure|afraid|scared|worried)) (?:that )?(?:they|he|she|people|everyone"
    r"|the \w+)(?:'d| would| were going to| was going to| will)\b[^,.!?;]{0,20}$)",
    re.IGNORECASE,
)
#: a life told by its stages: with me through college, 4 apartments, a divorce / 陪我走过了高考、搬家、离婚
_LIFE_STAGES = re.compile(
    r"陪(?:着)?我(?:走|熬|度|经历)过(?:了)?[^。.!?]{0,30}$|(?a:\b(?:with (?:me|us)|by my side|stuck with me) through\b[^.!?;]{0,60}$)",
    re.IGNORECASE,
)


#: someone else's good news: my wife got promoted / 我老公升职了 (the speaker's own lines would ask how they'll celebrate)
_OTHERS_NEWS = re.compile(
    r"(?:老婆|老公|妻子|丈夫|对象|男朋友|女朋友|同事|闺蜜|表姐|表哥|他|她)(?:刚|也|终于|去年|今年|上个月)*$"
    r"|(?a:\b(?:wife|husband|partner|boyfriend|girlfriend|fianc\w*|coworker|colleague|friend|sister|brother|cousin|she|he"
    r"|they)(?:'s| has| had| just| finally)*\s*$)",
    re.IGNORECASE,
)
#: someone else retiring: 我爸明年退休 / my dad retires next year (not "since I retired")
#: how long ago, said right after the word: divorced 3 yrs / 离婚五年了 (the state a life is in, not news)
_LONG_AGO = re.compile(
    r"\s*(?:for )?(?:\d+|a few|several|many|two|three|four|five|ten) (?:yrs?|years?)\b(?! ago)"
    r"|(?:都|已经)?(?:\d+|[一二三四五六七八九十几]+)年(?:了|多了)",
    re.IGNORECASE,
)
_OTHERS_RETIRE = re.compile(
    r"(?:爸|妈|公公|婆婆|爷爷|奶奶|外公|外婆|老公|老婆|丈夫|妻子|他|她|同事|领导)(?:明年|今年|下个?月|马上|快|就要|要|也|刚|已经)*(?:要)?$"
    r"|(?a:\b(?:my (?:dad|mom|mum|father|mother|husband|wife|boss|grandpa|grandma)|he|she)(?:'s| is| was| just| will)?"
    r"(?: (?:about to|going to|set to))?(?: an?)?\s*$)",
    re.IGNORECASE,
)


def _defused(folded: str, event: str, clause_start: int, start: int, end: int) -> bool:
    """A negation right before the match, a state told of the past (以前上班忙得要死), or, for an outcome, a
    hypothetical earlier in its clause or a question asked of it (她只会问那涨工资没)."""
    before = folded[clause_start:start]
    if _NEGATED_ZH.search(before[-8:]) or _NEGATED_EN.search(before[-40:]):
        return True
    if event in _STATES and _PAST.search(before):
        return True
    if _COMPARED_EN.search(before[-40:]):
        return True  # "i cried more than when my great aunt died": a yardstick, not news
    if _FEARED.search(before[-50:]):
        return True  # "honestly thought they'd laugh at me" (and then got in): feared, never told
    sentence = folded[max(folded.rfind(mark, 0, start) for mark in "。！？.!?\n") + 1 : start]
    if _LIFE_STAGES.search(sentence[-80:]):
        return True
    if event == "insomnia" and _CHILD_NIGHTS.search(folded):
        return True  # "any tips for a 2yo who refuses to sleep? … awake since 4am": a child's nights, not insomnia
    if event == "change" and _OTHERS_START.search(before[-40:]):
        return True  # "my wife started a new job with a brutal commute": her change, not the speaker's
    if event == "good_news" and _OTHERS_NEWS.search(before[-30:]):
        return (
            True  # "my wife got promoted last year": her news, and the good-news lines are the speaker's own
        )
    if event == "breakup" and _LONG_AGO.match(folded, end):
        return True  # "I'm 51, divorced 3 yrs": a life's background, not news
    if event == "retirement" and _OTHERS_RETIRE.search(before[-14:]):
        return True  # "但我爸明年退休": the father's, and the retirement lines are the speaker's own
    if event == "postpartum" and _PET_YOUNG.search(folded) and not _BABY.search(folded):
        return True  # "corgi mix, 10 weeks old": a puppy's weeks, not a newborn's
    asked = _ASKED_ZH.match(folded, end) is not None
    return event in _OUTCOMES and bool(
        asked or _HYPOTHETICAL_ZH.search(before) or _HYPOTHETICAL_EN.search(before)
    )


def _told(folded: str, event: str, m: re.Match[str], clause_start: int, clause_end: int) -> str:
    """The event a match tells in its clause: a quarrel, a divorce or a beating with a parent, a sibling or an
    in-law in it is a family conflict (跟我妈吵架 / 爸妈离婚了 / my mom and I got into an argument); an ex's good news
    is the breakup still hurting (my ex just got engaged)."""
    family = (
        event == "conflict"
        or (event == "breakup" and _DIVORCE.search(m.group()))
        or (event == "bullying" and _BEATING.search(m.group()))
    )
    if family and _FAMILY.search(folded, _sentence_start(folded, clause_start, m.start()), clause_end):
        return "family_conflict"
    if event == "good_news" and _EX.search(folded, clause_start, m.start()):
        return "breakup"
    if event in ("conflict", "distance") and _SCAMMERS.search(folded, clause_start, clause_end):
        return "money"  # 那个群把我踢了，客服也把我拉黑了: a scam closing its doors, no friendship
    return event


def _sentence_start(folded: str, clause_start: int, at: int) -> int:
    """Where to look for who a quarrel is with: the clause, or the few words before it in the same sentence, since
    "my mom and I got into an argument" is split before its "and"."""
    stop = max(folded.rfind(mark, 0, at) for mark in "。！？.!?\n") + 1
    return min(clause_start, max(stop, at - 24))


def _named_death(folded: str, name: str | None) -> list[_Found]:
    """A pet's name with a death after it (团子今天早上走了) is a pet's death."""
    if not name:
        return []
    m = re.search(re.escape(name.lower()) + _NAMED_DEATH, folded)
    return [_Found("pet_loss", m.start(), m.end())] if m else []


def _subjectless_death(folded: str, spans: list[tuple[int, int]]) -> list[_Found]:
    """A clause that opens with a death and no one in it, after an animal or a relative was named: 我家狗狗十五岁了，
    今天下午在我怀里走了."""
    for start, end in spans[1:]:
        m = _BARE_DEATH.match(folded, start, end)
        if not m:
            continue
        if _ANIMAL.search(folded, 0, start):
            return [_Found("pet_loss", m.start(), m.end())]
        if _KIN.search(folded, 0, start):
            return [_Found("bereavement", m.start(), m.end())]
    return []


def _short(words: str) -> str:
    """The words that gave an event away, cut to their last 16 characters (Chinese) or 6 words (English), the
    end being where the event is told (我家狗狗……走了 / my dog … died)."""
    if HAN.search(words):
        return words[-16:]
    starts = [m.start() for m in _WORD_EN.finditer(words)]
    return words[starts[-6] :] if len(starts) > 6 else words


def _pet(text: str, folded: str, facts: tuple[Fact, ...], death: _Found | None) -> str | None:
    """The pet's name when given, else the speaker's animal as written; for a pet's death with neither, the
    animal its words name."""
    named = next((f.words for f in facts if f.kind == "pet_name"), None)
    if named:
        return named
    own = next((f for f in facts if f.kind == "pet"), None)
    if own:
        return _owned(text, folded, own.start, own.end)
    if death is not None:
        m = _ANIMAL.search(folded, death.start, death.end)
        if m:
            return _owned(text, folded, m.start(), m.end())
    return None


def _owned(text: str, folded: str, start: int, end: int) -> str:
    """The words from ``start`` to ``end`` as written, with "my" / "our" kept before them (my grandma, my dog)."""
    owner = _OWNER_EN.search(folded, max(0, start - 5), start)
    return text[owner.start() if owner else start : end]
