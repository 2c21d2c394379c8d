"""Text folding for the rules: Traditional -> Simplified for the characters the patterns use, full-width -> ASCII,
curly quotes -> straight, ASCII lower case; and the clauses of a turn.

Every replacement is one character for one, so an offset in the folded text is the same offset in the text as the
person wrote it, and what a rule finds can be quoted from the original. The Traditional characters are the
variants (Taiwan, Hong Kong and OpenCC's standard) of every Han character in this package's patterns and word
lists; a test checks the table against OpenCC where it is installed.

>>> fold("今天meeting又被Boss罵了，煩死")
'今天meeting又被boss骂了,烦死'
>>> fold("ＨＩ，我叫小林", lower=False)
'HI,我叫小林'
"""

from __future__ import annotations

import re
from functools import lru_cache

# Traditional characters and their Simplified forms, position by position: every character that OpenCC (t2s, tw2s,
# hk2s) turns into a Han character of this package's rules, and every form OpenCC (s2t, s2tw, s2hk, s2twp) writes
# for one (tests/understand/test_fold.py keeps it so)
_TRAD = (
    "丟乾亂佈來侖侶係俬倉個們倖傑傢傳傷傾兒內兩別刪剋剛創劇劑勁動勞勸區厭員唸問喪喫單嗎嘍噹嚮國園團報壓夠夢奧婦媽學實"
    "寫寵專對導尷崙嵗師幫幹幾廈廢廳張彆彔後復悶愛慘慮慶慼憂憐憑憤應戀戰戲拚捨掛換撐撲擔擺敎敗數於時曉曏書會東枱條棄棟"
    "業榦樂樓樣機檯歡歲氣沒沖洩淚淩減湯潰為烏無煩熱爲爺獨現畫畵當痠療癒癥發眞碼禮種箇節糰糾紀結絕給絶經綜綫網綽緊緒線"
    "緩練縣總繫纍纔罵羅義習翫聲職聽脫臉臺與興舘華著葯蔔薦藝藥蘭蘿處虛號衕衚衝衹裏裡複襬見視親覺計訊討訓託記設訴証評詞"
    "詢詩話該說説誰調請諮諾講謝證識譜議護讀讓貓負責買賣賽車軌軟較輕輯轉辦辭迴這連週進遊運過遞適選遺還邊郵鄰醜醣醫銀鋰"
    "錄錯録長閃開閤閨闆關陳陽隨隱隻雞離難電靈靜鞦韓領頭顆顏顔願類風颱飯飲養餓館駡騙騰體髮鬆鬍鬱魚鳥鴨鵡鷄鸚鹽麪麫麯麴"
    "麵麼麽點黨黴齣龜醯"
)
_SIMP = (
    "丢干乱布来仑侣系私仓个们幸杰家传伤倾儿内两别删克刚创剧剂劲动劳劝区厌员念问丧吃单吗喽当向国园团报压够梦奥妇妈学实"
    "写宠专对导尴仑岁师帮干几厦废厅张别录后复闷爱惨虑庆戚忧怜凭愤应恋战戏拼舍挂换撑扑担摆教败数于时晓向书会东台条弃栋"
    "业干乐楼样机台欢岁气没冲泄泪凌减汤溃为乌无烦热为爷独现画画当酸疗愈症发真码礼种个节团纠纪结绝给绝经综线网绰紧绪线"
    "缓练县总系累才骂罗义习玩声职听脱脸台与兴馆华着药卜荐艺药兰萝处虚号同胡冲只里里复摆见视亲觉计讯讨训托记设诉证评词"
    "询诗话该说说谁调请咨诺讲谢证识谱议护读让猫负责买卖赛车轨软较轻辑转办辞回这连周进游运过递适选遗还边邮邻丑糖医银锂"
    "录错录长闪开合闺板关陈阳随隐只鸡离难电灵静秋韩领头颗颜颜愿类风台饭饮养饿馆骂骗腾体发松胡郁鱼鸟鸭鹉鸡鹦盐面面曲曲"
    "面么么点党霉出龟酰"
)


# variants that OpenCC keeps, being standard characters of their own, but that mean what the patterns mean: 妳 (you,
# to a woman) and 祢 (you, to God) are 你; 牠 (it, an animal) and 祂 are 它 and 他
_VARIANTS = {"妳": "你", "祢": "你", "牠": "它", "祂": "他"}


@lru_cache(maxsize=2)  # both tables: the rules fold a turn with its case and without
def _table(lower: bool) -> dict[int, str]:
    table = {ord(t): s for t, s in zip(_TRAD, _SIMP, strict=True)}
    table.update({ord(t): s for t, s in _VARIANTS.items()})
    table.update({cp: chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)})  # full-width ASCII
    table.update({0x3000: " ", 0x2018: "'", 0x2019: "'", 0x201C: '"', 0x201D: '"', 0x2032: "'"})
    if lower:
        table.update({cp: chr(cp + 32) for cp in range(0x41, 0x5B)})
        table.update({cp: chr(cp - 0xFEE0 + 32) for cp in range(0xFF21, 0xFF3B)})
    return table


@lru_cache(maxsize=64)
def fold(text: str, *, lower: bool = True) -> str:
    """``text`` with the same length, folded for matching (see the module's docstring); the last few turns' folds
    are kept, since the act and the fact rules both fold the same turn."""
    return text.translate(_table(lower))


# a clause ends at a stop, a comma, a line break, or before a conjunction that opens a new statement; a full stop
# inside a word or after a title, or a comma inside a number ("lin.xiao@163.com", "St. Mary", "1,000"), does not end
# one
_CLAUSE_END = re.compile(
    r"[。！？!?；;，、…~～\n]+"
    r"|(?<!\bst)(?<!\bmr)(?<!\bmrs)(?<!\bms)(?<!\bdr)(?<!\bjr)(?<!\bvs)\.+(?=\s|$)|,(?!\d{3})"
    r"|\s+(?=(?:and|but|so|because|though|although)\s)"
    r"|(?=但是|不过|可是|而且)"
)


def clauses(text: str) -> list[tuple[int, int]]:
    """The (start, end) spans of a folded text's clauses, leading and trailing spaces left out."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _CLAUSE_END.finditer(text):
        _add(text, start, m.start(), spans)
        start = m.end()
    _add(text, start, len(text), spans)
    return spans


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))
