"""Words to say it with, built from the person's own (xinyu.respond.wording) and through the chat path."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from xinyu.config import Settings
from xinyu.respond.wording import say_script, telling
from xinyu.service.app import create_app


@pytest.mark.parametrize(
    ("message", "who", "what", "kind"),
    [
        ("我想跟我妈说我要做手术 她很容易紧张 我该怎么开口", "我妈", "我要做手术", "news"),
        ("怎么跟我爸说我不想考公", "我爸", "我不想考公", "news"),
        ("怎麼跟我媽說我想轉系", "我妈", "我想转系", "news"),
        ("我想跟领导提加薪 怎么说比较好", "领导", "加薪", "ask"),
        ("我想跟室友说他半夜打游戏太吵了 怎么开口", "室友", "他半夜打游戏太吵了", "raise"),
    ],
)
def test_zh_who_and_what_are_read_from_the_question(message, who, what, kind):
    told = telling(message, "zh")
    assert told is not None and (told.who, told.what, told.kind) == (who, what, kind)


@pytest.mark.parametrize(
    ("message", "who", "what", "kind"),
    [
        (
            "how do i tell my mum I failed the exam without her freaking out",
            "my mum",
            "I failed the exam",
            "news",
        ),
        ("how do i ask my boss for a raise", "my boss", "a raise", "ask"),
        ("how do i ask my landlord to fix the heating", "my landlord", "fix the heating", "ask"),
        ("what do i say to my son about the divorce", "my son", "the divorce", "news"),
    ],
)
def test_en_who_and_what_are_read_from_the_question(message, who, what, kind):
    told = telling(message, "en")
    assert told is not None and (told.who, told.what, told.kind) == (who, what, kind)


@pytest.mark.parametrize(
    ("message", "language"),
    [
        ("怎么跟她说", "zh"),  # nothing to say named
        ("不知道怎么跟我妈说这件事", "zh"),
        ("我想跟我婆婆说她别再来我家了 怎么说", "zh"),  # an order put in her ear as it stands
        ("我今天好累", "zh"),
        ("我要怎么跟她说才不会吵？我一开口就像在找借口", "zh"),  # how, not what: never "你先别急：才不"
        ("那我要怎麼跟HR講比較好？可以幫我想一下第一句怎麼開頭嗎", "zh"),
        ("how do i tell her", "en"),
        ("how do i tell my flatmate he never cleans up", "en"),  # its verbs would need turning too
        ("i told my mum everything", "en"),
    ],
)
def test_no_script_where_the_words_are_not_there_to_build_it(message, language):
    assert say_script(message, language) is None


def test_zh_the_script_speaks_to_the_one_named_in_their_words():
    script = say_script("怎么跟我爸说我不想考公", "zh")
    assert "“爸，" in script and "我不想考公" in script
    boss = say_script("我想跟领导提加薪 怎么说比较好", "zh")
    assert "您" in boss and "加薪" in boss and "爸" not in boss
    raised = say_script("我想跟室友说他半夜打游戏太吵了 怎么开口", "zh")
    assert "你半夜打游戏" in raised and "他半夜" not in raised  # said to him, he is "you"


def test_en_the_script_speaks_to_the_one_named_in_their_words():
    script = say_script("how do i tell my mum I failed the exam without her freaking out", "en")
    assert '"Mum, ' in script and "I failed the exam" in script and "her questions" in script
    assert "Could you fix the heating?" in say_script("how do i ask my landlord to fix the heating", "en")
    assert "ask for a raise" in say_script("how do i ask my boss for a raise", "en")


def test_the_one_to_be_told_is_not_the_one_it_befell(tmp_path):
    with TestClient(create_app(Settings(data_dir=tmp_path / "var")), client=("127.0.0.1", 50000)) as client:

        def chat_reply(message: str, locale: str) -> str:
            body = {"user_id": "u", "session_id": locale, "message": message, "locale": locale}
            res = client.post("/v1/chat", json=body)
            assert res.status_code == 200, res.text
            return res.json()["reply"]

        reply = chat_reply("我想跟我妈说我要做手术 她很容易紧张 我该怎么开口", "zh-CN")
        boss = chat_reply("how do i tell my boss i need time off for surgery", "en-US")
    assert "妈妈出了状况" not in reply and "我要做手术" in reply
    assert "I need time off for surgery" in boss and "Do Not Disturb" not in boss and "struggling" not in boss


@pytest.mark.parametrize(
    ("message", "lang", "asked"),
    [
        ("申诉材料交什么比较有用啊 我有茶园的照片 农户证 去年的农残检测报告", "zh", "zh.appeal_evidence"),
        ("what evidence should i include in the appeal?", "en", "en.appeal_evidence"),
        (
            "i want to file a complaint about my landlord, what documents do i need",
            "en",
            "en.appeal_evidence",
        ),
    ],
)
def test_what_to_send_with_an_appeal_or_a_complaint_is_answered(message, lang, asked):
    from xinyu.respond.requests import requested

    got = requested(message, lang)
    assert got is not None and got[0] == asked


def test_a_glad_or_joking_turn_is_not_asked_what_this_has_affected_most(tmp_path):
    light = (
        ("Husband's being lovely, keeps bringing me tea and biscuits 😂", "en-GB"),
        ("ok one of the reels was actually pretty funny ngl. a dog stuck in a fence lol", "en-AU"),
        ("哈哈哈 我家猫刚才把自己卡在纸箱里了", "zh-CN"),
    )
    heavy = r"matters most|affected most|like things to be|usually talk to|最让你在意|影响最大|希望事情变成|平时会跟谁说"
    with TestClient(create_app(Settings(data_dir=tmp_path / "var")), client=("127.0.0.1", 50000)) as client:
        for k, (message, locale) in enumerate(light):
            for session in range(4):  # the pick is hashed by session: several sessions see several picks
                body = {"user_id": "u", "session_id": f"s{k}-{session}", "message": message, "locale": locale}
                reply = client.post("/v1/chat", json=body).json()["reply"]
                assert not re.search(heavy, reply), reply
