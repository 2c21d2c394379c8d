"""Topic of a message (sleep, work, study, relationships, loneliness, family, health, loss, money), zh + en.

Keyword counts, most hits wins, ties go to the earlier topic in :data:`TOPICS`.

>>> detect_topic("最近老是失眠，一躺下就想工作的事")
'sleep'
>>> detect_topic("My boss yelled at me again")
'work'
>>> detect_topic("今天天气不错") is None
True
"""

from __future__ import annotations

import re

_WORDS: dict[str, list[str]] = {
    "sleep": [
        "失眠",
        "睡不着",
        "睡不好",
        "熬夜",
        "噩梦",
        "早醒",
        "睡眠",
        "入睡",
        "困但",
        "安眠",
        "insomnia",
        "can't sleep",
        "cannot sleep",
        "sleep",
        "nightmare",
        "awake at night",
        "tired all the time",
    ],
    "loss": [
        "去世",
        "过世",
        "离世",
        "葬礼",
        "走了以后",
        "走的那天",
        "丧",
        "怀念",
        "遗物",
        "宠物死",
        "不在了",
        "passed away",
        "died",
        "funeral",
        "grief",
        "grieving",
        "lost my",
        "miss him",
        "miss her",
    ],
    "work": [
        "工作",
        "加班",
        "老板",
        "领导",
        "同事",
        "上班",
        "辞职",
        "裁员",
        "绩效",
        "996",
        "职场",
        "甲方",
        "项目",
        "面试",
        "job",
        "boss",
        "work",
        "coworker",
        "colleague",
        "fired",
        "laid off",
        "deadline",
        "manager",
        "interview",
    ],
    "study": [
        "考试",
        "学习",
        "作业",
        "论文",
        "考研",
        "高考",
        "成绩",
        "挂科",
        "毕业",
        "学校",
        "导师",
        "复习",
        "上课",
        "exam",
        "study",
        "homework",
        "thesis",
        "grades",
        "school",
        "college",
        "university",
        "class",
        "teacher",
    ],
    "relationship": [
        "男朋友",
        "女朋友",
        "对象",
        "分手",
        "恋爱",
        "老公",
        "老婆",
        "吵架",
        "暧昧",
        "喜欢的人",
        "失恋",
        "离婚",
        "前任",
        "冷战",
        "出轨",
        "boyfriend",
        "girlfriend",
        "partner",
        "breakup",
        "broke up",
        "husband",
        "wife",
        "divorce",
        "dating",
        "crush",
        "my ex",
    ],
    "family": [
        "爸",
        "妈",
        "父母",
        "家里",
        "家人",
        "孩子",
        "儿子",
        "女儿",
        "婆婆",
        "公公",
        "家庭",
        "亲戚",
        "parents",
        "mom",
        "dad",
        "mother",
        "father",
        "family",
        "kids",
        "son",
        "daughter",
        "sister",
        "brother",
    ],
    "loneliness": [
        "孤独",
        "一个人",
        "没朋友",
        "没人陪",
        "寂寞",
        "没人理",
        "没人懂",
        "孤单",
        "没有人在乎",
        "lonely",
        "alone",
        "no friends",
        "isolated",
        "no one to talk",
        "nobody cares",
    ],
    "health": [
        "生病",
        "医院",
        "身体",
        "疼",
        "手术",
        "检查",
        "体检",
        "头痛",
        "胃",
        "发烧",
        "住院",
        "病情",
        "sick",
        "hospital",
        "pain",
        "illness",
        "surgery",
        "health",
        "diagnosis",
        "headache",
        "doctor",
    ],
    "money": [
        "钱",
        "房贷",
        "欠债",
        "工资",
        "没钱",
        "负债",
        "贷款",
        "房租",
        "花呗",
        "还款",
        "money",
        "debt",
        "rent",
        "bills",
        "salary",
        "loan",
        "broke",
    ],
}
TOPICS = list(_WORDS)
_PATTERNS = {
    t: re.compile(
        "|".join(re.escape(w) if not w.isascii() else rf"\b{re.escape(w)}" for w in ws), re.IGNORECASE
    )
    for t, ws in _WORDS.items()
}


def detect_topic(text: str) -> str | None:
    best, hits = None, 0
    for topic, pattern in _PATTERNS.items():
        n = len(pattern.findall(text))
        if n > hits:
            best, hits = topic, n
    return best


def topic_words(text: str, topic: str) -> list[str]:
    """The words in ``text`` that named the topic (used to reflect the person's own words)."""
    return [m.group(0) for m in _PATTERNS[topic].finditer(text)]
