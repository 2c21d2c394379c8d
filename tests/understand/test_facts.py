"""Facts worth remembering: names, pets, people by role, time expressions; offsets into the text as written."""

from __future__ import annotations

import pytest

from xinyu.understand import FACT_KINDS, extract_facts


def facts(text: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for fact in extract_facts(text):
        out.setdefault(fact.kind, []).append(fact.value)
    return out


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("我叫小林", "小林"),
        ("你好，我叫陈晓，今年大三", "陈晓"),
        ("叫我阿May就行", "阿May"),
        ("my name is Priyanka", "Priyanka"),
        ("hi, I'm Omar.", "Omar"),
        ("call me Jo", "Jo"),
        ("我叫張偉", "張偉"),  # quoted as written
    ],
)
def test_the_speakers_name(text, name):
    assert facts(text).get("name") == [name]


@pytest.mark.parametrize(
    "text",
    [
        "我叫了外卖",
        "我叫他别走",
        "他们叫我书呆子，我很讨厌这个外号",
        "I'm tired",
        "call me when you can",
        "I'm Canadian btw",
        "My upline Tash who used to call me her 'soul sister' took me out of every group chat",
    ],
)
def test_no_name_where_none_is_given(text):
    assert "name" not in facts(text)


@pytest.mark.parametrize(
    ("text", "pet", "pet_name"),
    [
        ("我家猫叫年糕，今天早上走了", "cat", "年糕"),
        ("我养了一只叫布丁的狗", "dog", "布丁"),
        ("my dog Rocky is sick", "dog", "Rocky"),
        ("our cat's name is Pepper", "cat", "Pepper"),
        ("我的兔子叫小白", "rabbit", "小白"),
        # an animal still to come, named as it is first spoken of
        ("我想養一隻橘貓 叫牠胖胖", "cat", "胖胖"),
        ("打算领养一只小狗，名字就叫可乐吧", "dog", "可乐"),
        ("we're getting a puppy called Biscuit", "dog", "Biscuit"),
    ],
)
def test_pets_and_their_names(text, pet, pet_name):
    found = facts(text)
    assert found["pet"] == [pet]
    assert found["pet_name"] == [pet_name]


@pytest.mark.parametrize(
    ("text", "roles"),
    [
        ("今天又被老板当着全组的面骂了", ["boss"]),
        ("我妈和我男朋友吵起来了", ["boyfriend", "mother"]),
        ("今天meeting又被boss骂了", ["boss"]),
        ("my mom and my therapist both think I should rest", ["mother", "therapist"]),
        ("我媽一直逼我", ["mother"]),
        ("他妈的，烦死了", []),  # an oath, not a mother
        ("my girlfriend's sister", ["girlfriend", "sister"]),
        ("are you an actual therapist?", []),  # said of the bot
    ],
)
def test_people_by_role(text, roles):
    assert sorted(facts(text).get("person", [])) == sorted(roles)


@pytest.mark.parametrize(
    ("text", "times"),
    [
        ("下周三要考雅思", ["下周三"]),
        ("明天下午做手术", ["明天下午"]),
        ("明早八点的面试", ["明早八点"]),
        ("5月3号是她生日", ["5月3号"]),
        ("下禮拜三要考試", ["下禮拜三"]),
        ("interview on Friday at 10am", ["Friday at 10am"]),
        ("surgery on May 3rd", ["May 3rd"]),
        ("my cat died this morning", ["this morning"]),
        ("the deadline is the 15th", ["the 15th"]),
        ("I may go", []),  # a modal, not a month
        ("好一点了", []),  # 一点 is not one o'clock
        ("我住在望京西路12号", []),  # a house number, not a date
        ("最近一直失眠", []),  # vague, not a time worth remembering
    ],
)
def test_time_expressions(text, times):
    assert facts(text).get("time", []) == times


def test_facts_are_ordered_by_kind_and_point_into_the_text():
    text = "我叫小雨，我家狗狗叫豆豆，下周一我妈要做手术"
    found = extract_facts(text)
    assert [f.kind for f in found] == sorted((f.kind for f in found), key=FACT_KINDS.index)
    for fact in found:
        assert text[fact.start : fact.end] == fact.words
    assert facts(text) == {
        "name": ["小雨"],
        "pet": ["dog"],
        "pet_name": ["豆豆"],
        "person": ["mother"],
        "time": ["下周一"],
    }


@pytest.mark.parametrize("text", ["猫叫它也不理我", "养了只狗，叫它什么好呢"])
def test_no_pet_name_from_calling_an_animal(text):
    assert "pet_name" not in facts(text)


def test_a_role_denied_is_nobody_in_the_story():
    assert "person" not in facts("There's a guy on my team, senior to me but not my manager.")
    assert facts("my manager yelled at me")["person"] == ["boss"]


def test_both_parents_named_together_are_the_parents():
    def people(text: str) -> list[tuple[str, str]]:
        return [(f.value, f.words) for f in extract_facts(text) if f.kind == "person"]

    assert people("我爸妈拿不出来 让我出十万") == [("parents", "我爸妈")]
    assert people("我爸爸妈妈都在外地") == [("parents", "我爸爸妈妈")]
    assert people("我爸今天又喝多了") == [("father", "我爸")]
