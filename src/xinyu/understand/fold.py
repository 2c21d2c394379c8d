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

from xinyu.lang import simplified

# Traditional characters and their Simplified forms, position by position: every character that OpenCC (t2s, tw2s,
# hk2s) turns into a Han character of this package's rules, and every form OpenCC (s2t, s2tw, s2hk, s2twp) writes
# for one (tests/understand/test_fold.py keeps it so)
_TRAD = (
    "丟並乾亂佈來侖侶係俬倉個們倖傑備傢傳債傷傾僱優兇兒內兩別刪剋剛創劇劑勁動勞勸區厭參員唄唸問喪喫單嗎嘍嘮噴噹嚇嚮嚴國園圖團"
    "執堅報塊壓壞夠夢奧婦媽嬸學實審寫寵寶專對導尷崗崙嵗嶽帥師帶幫幹幾廈廢廳張彆彔後從復徹悶愛慘慮慶慼憂憐憑憤憶應懟懶懷戀戰戲"
    "拚捨掛換搶撐撲擇擔擠擺敎敗數斷於時暈曉曏曖書會東枱條棄棟業榦樂樓樣橋機檢檯歡歲殺氣決沒沖洩淚淨淩減湯漲潤潰為烏無煩熱燒爛"
    "爭爲爺牆牽獎獨獲現環產畢畫畵當痠瘋療癒癥癱發監眞眾確碼礙禍禮禱種窮筆箇節簡籤糰糾紀級終組結絕給絶經綜綠綫網綽緊緒線編緩練"
    "縣總繫纍纔罵羅羣羨義習翫聯聲職聽脫腦腫腳膚臉臺與興舘華萬著葯蔔薦藝藥蘭蘿處虛號虧蝟螢衆術衕衚衝衹裏補裡製複襬見視親覺訂計"
    "訊討訓託記設訴診証評詞詢試詩話該詳語誤說説誰調談請論諮諾講謝謠證識譜譯議護讀變讓貓負責買貸費貼資賣質賬賽趕車軌軟軸較輕輯"
    "轉辦辭辯迴這連週進遊運過遞遠適選遺還邊郵鄉鄰醜醣醫醯針銀鋰錄錢錯録長門閃閉開閒間閤閨闆關陳陽隨險隱隻雞離難電霧靈靜鞦韓項"
    "預頓領頭顆題額顏顔願類風颱飛飯飲養餓館饞駕駡騙騰體髮鬆鬍鬧鬱魚魷鳥鴨鵡鷄鸚鹹鹽麪麫麯麴麵麼麽點黨黴齣龍龜"
)
_SIMP = (
    "丢并干乱布来仑侣系私仓个们幸杰备家传债伤倾雇优凶儿内两别删克刚创剧剂劲动劳劝区厌参员呗念问丧吃单吗喽唠喷当吓向严国园图团"
    "执坚报块压坏够梦奥妇妈婶学实审写宠宝专对导尴岗仑岁岳帅师带帮干几厦废厅张别录后从复彻闷爱惨虑庆戚忧怜凭愤忆应怼懒怀恋战戏"
    "拼舍挂换抢撑扑择担挤摆教败数断于时晕晓向暧书会东台条弃栋业干乐楼样桥机检台欢岁杀气决没冲泄泪净凌减汤涨润溃为乌无烦热烧烂"
    "争为爷墙牵奖独获现环产毕画画当酸疯疗愈症瘫发监真众确码碍祸礼祷种穷笔个节简签团纠纪级终组结绝给绝经综绿线网绰紧绪线编缓练"
    "县总系累才骂罗群羡义习玩联声职听脱脑肿脚肤脸台与兴馆华万着药卜荐艺药兰萝处虚号亏猬萤众术同胡冲只里补里制复摆见视亲觉订计"
    "讯讨训托记设诉诊证评词询试诗话该详语误说说谁调谈请论咨诺讲谢谣证识谱译议护读变让猫负责买贷费贴资卖质账赛赶车轨软轴较轻辑"
    "转办辞辩回这连周进游运过递远适选遗还边邮乡邻丑糖医酰针银锂录钱错录长门闪闭开闲间合闺板关陈阳随险隐只鸡离难电雾灵静秋韩项"
    "预顿领头颗题额颜颜愿类风台飞饭饮养饿馆馋驾骂骗腾体发松胡闹郁鱼鱿鸟鸭鹉鸡鹦咸盐面面曲曲面么么点党霉出龙龟"
)


# variants that OpenCC keeps, being standard characters of their own, but that mean what the patterns mean: 妳 (you,
# to a woman) and 祢 (you, to God) are 你; 牠 (it, an animal) and 祂 are 它 and 他
_VARIANTS = {
    # and Traditional forms of characters the rules took up after the table above was drawn
    "妝": "妆",
    "場": "场",
    "詐": "诈",
    "擬": "拟",
    "繞": "绕",
    "茲": "兹",
    "爾": "尔",
    "癡": "痴",
    "顧": "顾",
    "準": "准",
    "誇": "夸",
    "揚": "扬",
    "認": "认",
    "達": "达",
    "溝": "沟",
    "牀": "床",
    "竅": "窍",
    "囉": "啰",
    "歸": "归",
    "戶": "户",
    "晉": "晋",
    "癮": "瘾",
    "賭": "赌",
    "輸": "输",
    "鍋": "锅",
    "馬": "马",
    "齡": "龄",
    "衛": "卫",
    "衞": "卫",
    "掃": "扫",
    "妳": "你",
    "祢": "你",
    "牠": "它",
    "祂": "他",
}


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
    are kept, since the act and the fact rules both fold the same turn. A text written in Traditional characters is
    first read whole in Simplified ones (:func:`xinyu.lang.simplified`), beyond the characters of the table."""
    return simplified(text).translate(_table(lower))


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
