"""A reply the person pushed back on: read (kind, the words named, what was set right), planned, and owned in plain
words, never said back as the story; and a straight view given on the choices a supporter may lean on."""

from __future__ import annotations

import json
import re
import string
from importlib import resources

import pytest
from fastapi.testclient import TestClient

from xinyu.config import Settings
from xinyu.levels import RiskLevel
from xinyu.respond.dialogue import STRATEGY_OF, DialogueState, plan_turn, read_turn
from xinyu.respond.repair import KINDS, asks_in_rest, pushback
from xinyu.respond.requests import weigh_choice, weigh_one
from xinyu.service.app import create_app
from xinyu.taxonomy import STRATEGIES


@pytest.mark.parametrize(
    ("message", "kind", "said"),
    [
        ("说了等于没说 这些道理我都懂", "generic", ""),
        ("你这话好官方啊", "generic", ""),
        ("你講的好像很有道理 但感覺很像諮商手冊在講話欸 可以講人話嗎😂", "generic", ""),
        ("别跟我讲什么每个人都有自己节奏那种话", "not_this", "每个人都有自己节奏"),
        ("别跟我说放平心态 所有人都这么说", "not_this", "放平心态"),
        ("别跟我说“这取决于你”", "not_this", "这取决于你"),
        ("你说的有些我搞不懂 你能不能说简单点", "plain", ""),
        ("你根本没在听我说", "misheard", ""),
        ("刚才语气有点冲 不是冲你的", "sorry", ""),
        ("that's a very generic answer lol", "generic", ""),
        ("That's a bit of a stock answer isn't it. No offence.", "generic", ""),
        (
            "yeah yeah self care, i know. if one more person tells me to do yoga im gonna lose it",
            "not_this",
            "do yoga",
        ),
        ("don't tell me to calm down", "not_this", "calm down"),
        ("what does that even mean", "plain", ""),
        ("you're not really listening mate", "misheard", ""),
        ("sorry thats not on you. rough week", "sorry", ""),
    ],
)
def test_a_pushback_is_read_with_its_kind_and_the_line_named(message, kind, said):
    pb = pushback(message)
    assert pb is not None and pb.kind == kind and pb.said == said, pb
    assert kind in KINDS


@pytest.mark.parametrize(
    "message",
    [
        "他说的那些道理我都懂，可就是做不到",  # someone else's words
        "我妈老跟我说别想太多",
        "他根本没在听我说话",  # someone else not listening
        "the doctor said it's a textbook case",
        "my therapist's advice was so generic",
        "行吧 至少你比我leader会说人话🤣 女儿喊我讲故事了 先这样",  # a compliment on the way out
        "别跟我说他走了",
        "my boss yelled at me in front of everyone",
    ],
)
def test_no_pushback_where_the_words_are_someone_else_s_or_a_compliment(message):
    assert pushback(message) is None


def test_what_was_set_right_and_what_is_asked_with_it():
    pb = pushback(
        "nah you're not really listening mate. i'm not depressed, i've got stuff to do. i'm just lonely"
    )
    assert pb.corrected == ("depressed", "lonely")
    assert asks_in_rest(pushback("说了等于没说。。你就直接告诉我这个能不能申诉"))
    # the complaint's own question ("可以講人話嗎", "isn't it") is cut with it
    assert not asks_in_rest(pushback("感觉很像咨询手册在讲话欸 可以讲人话吗"))
    assert not asks_in_rest(pushback("That's a bit of a stock answer isn't it."))


def _plan(messages: list[str], label: str = "neutral"):
    state = DialogueState()
    for message in messages:
        reading = read_turn(message, label, 0.5, RiskLevel.NONE, state)
        state.remember(reading)
    return plan_turn(reading, state)


def test_a_complaint_alone_is_owned_and_asked_again_and_a_question_with_it_is_still_answered():
    assert _plan(["I lost my job today", "that's a very generic answer"]).moves == ("repair", "repair_ask")
    plan = _plan(["我在家带孙子", "你说的我搞不懂 我该不该跟我儿子说实话"])
    assert plan.moves[0] == "repair" and "repair_ask" not in plan.moves and len(plan.moves) > 1
    # a question about the bot is answered as one
    assert "repair" not in _plan(["你的回复是套话吗"]).moves


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_repair_material_is_short_plain_and_fills_its_slots(lang):
    path = resources.files("xinyu.resources").joinpath(f"dialogue_{lang}.json")
    material = json.loads(path.read_text(encoding="utf-8"))
    for move in ("repair", "repair_ask"):
        sections = material[move]
        assert set(KINDS) <= set(sections), (move, set(KINDS) - set(sections))
        for key, lines in sections.items():
            assert lines and len(set(lines)) == len(lines), key
            for line in lines:
                names = {n for _, n, _, _ in string.Formatter().parse(line) if n}
                assert names <= {"said", "like", "not", "but"}, line
                assert all(n in key or (n in ("not", "but") and "corrected" in key) for n in names), (
                    key,
                    line,
                )
                if lang == "zh":
                    assert len(line) <= 40 and not re.search(r"[。！？!?]", line[:-1]), line
                else:
                    assert len(line.split()) <= 25 and not re.search(r"[.!?]\s", line), line


def test_every_move_names_a_known_strategy():
    assert set(STRATEGY_OF.values()) <= set(STRATEGIES)


@pytest.mark.parametrize(
    ("locale", "story", "pushed", "owned", "never"),
    [
        ("zh-CN", "考研二战又没过 差了四分", "说了等于没说 这些道理我都懂", r"套话|太空|跟没说一样", r"等于没说|(?:^|[。，])听你说|道理我都懂"),
        ("zh-CN", "备孕两年了 这次又没成", "别跟我说放平心态 所有人都这么说", r"“放平心态”", r"(?:^|[。，])听你说|你现在的心情"),
        ("zh-TW", "我姊封鎖我三個月了", "你講的好像很有道理 但感覺很像諮商手冊在講話欸", r"套話|太空|跟沒說一樣", r"手冊|(?:^|[。，])聽你說"),
        ("en-GB", "my wife asked for a divorce after 20 years", "That's a bit of a stock answer isn't it. No offence.",
         r"^None taken\. ", r"stock answer isn't it"),
        ("en-US", "i moved to denver for work and know nobody", "you sound like my school counselor lol",
         r"your school counselor|generic|stock|said to anyone", r"It sounds like|my school"),
        ("en-AU", "vet nurse, 7 years, i'm so flat lately", "you're not really listening. i'm not depressed, i'm just tired",
         r"^(?:Tired, not depressed|Fair, I had that wrong: tired, not depressed)", r"It sounds like"),
    ],
)  # fmt: skip
def test_a_pushback_is_owned_and_never_said_back(tmp_path, locale, story, pushed, owned, never):
    with TestClient(create_app(Settings(data_dir=tmp_path / "var")), client=("127.0.0.1", 50000)) as client:
        for message in (story, pushed):
            res = client.post(
                "/v1/chat", json={"user_id": "u", "session_id": "s", "message": message, "locale": locale}
            )
            assert res.status_code == 200, res.text
    reply = res.json()["reply"]
    assert re.search(owned, reply), reply
    assert not re.search(never, reply), reply
    assert res.json()["understanding"]["plan"]["moves"][0] == "repair"


@pytest.mark.parametrize(
    ("message", "lang", "leans"),
    [
        ("那你觉得我该忍吗 我就想听听你自己怎么看", "zh", "不太赞成一直忍"),
        ("我要不要告诉我妈", "zh", "倾向于告诉妈妈"),
        ("要不要去看心理医生啊", "zh", "值得去"),
        ("should I put up with it?", "en", "lean against just swallowing it"),
        ("do i text her again?", "en", "lean towards it"),
        ("should I see a doctor about it", "en", "get it looked at"),
    ],
)
def test_a_supporter_leans_where_a_lean_is_safe_and_leaves_the_choice(message, lang, leans):
    said = weigh_one(message, lang)
    assert leans in said, said
    if "医生" not in message and "doctor" not in message:
        assert "你拿主意" in said or "your call" in said, said


def test_no_lean_on_one_way_choices_or_a_rest_nobody_said_they_needed():
    for message, lang in (
        ("should I text my ex?", "en"),
        ("should I quit?", "en"),
        ("我该不该辞职", "zh"),
        ("要不要离婚", "zh"),
        ("should I take a break from the team", "en"),  # not worn out: weighed, not leaned
    ):
        said = weigh_one(message, lang)
        assert "lean" not in said and "倾向" not in said and "不太赞成" not in said, said
    tired = weigh_choice("你觉得我是该接着来 还是先停一段时间 我真的有点累了", "zh")
    assert "倾向于先停一停" in tired, tired


@pytest.mark.parametrize(
    ("message", "lang", "said"),
    [
        # someone else's words after "他回头说了句" are never said back as the person's ("听你说他们不会放过你的")
        ("最让我害怕的是昨天半夜 他回头说了句 活着也没意思 他们不会放过我的", "zh", None),
        ("我老婆阿芳在后厨哭得稀里哗啦", "zh", "你老婆阿芳在后厨哭得稀里哗啦"),  # a word whole, not "稀里哗"
        ("不敢跟爸妈说，怕他们担心", "zh", "怕他们担心"),  # "说" at a clause's end opens no quote
        ("my daughter Keisha turned 16 today by the way", "en", "your daughter Keisha turned 16 today"),
        ("its not a big deal or whatever its just a joke", "en", None),  # played down, not said back
        ("she looked at me and said, you will never change", "en", None),
    ],
)
def test_what_is_said_back_is_the_person_s_own_and_whole(message, lang, said):
    from xinyu.respond.compose import restate

    assert restate(message, lang) == said


def test_more_ways_to_push_back_are_read():
    assert pushback("你这话跟客服似的哈哈 算了不怪你").kind == "generic"
    pb = pushback("如果是你 你会怎么做 别说什么这取决于你 我就想听你真实的想法")
    assert pb.kind == "not_this" and pb.said == "这取决于你" and asks_in_rest(pb)


def test_a_moment_told_after_an_answer_is_no_follow_up_question():
    from xinyu.respond.requests import requested

    assert (
        requested(
            "刚刚哄睡的时候乐乐突然抱着我脖子说 妈妈 不咬 🥹 我直接破防了", "zh", subjects=("toddler_sleep",)
        )
        is None
    )
    assert requested("那睡前流程要多久啊", "zh", subjects=("toddler_sleep",)) is not None
    late = "alone in a practice room at 11pm i sound incredible. basically yo-yo ma when nobody's listening"
    assert requested(late, "en") is None


def test_a_name_is_not_read_from_being_called_over_and_a_yes_or_no_choice_is_said_whole():
    from xinyu.respond.requests import weigh_choice
    from xinyu.understand import detect_acts, extract_facts

    assert not [f for f in extract_facts("今天接娃老师把我叫到一边 说我们乐乐咬人了") if f.kind == "name"]
    said = weigh_choice("我要不要在班级群里再道个歉 还是等老师来处理", "zh")
    assert said.startswith("在班级群里再道个歉还是"), said
    # one course before the group, one in private: a word in private first
    assert "先私下说" in weigh_choice("我要不要在班级群里再道个歉 还是私下加对方微信", "zh")
    assert "thanks" not in detect_acts("我回了他一个'谢谢宝贝'，会不会太肉麻了，哈哈。").acts


def test_an_obligation_is_no_question_of_a_diagnosis_and_asking_for_shifts_is_weighed_not_leaned():
    from xinyu.respond.answers import sub_kind

    assert (
        sub_kind("question_factual", "Do I have to give the money back?? Genuinely don't know") != "diagnosis"
    )
    assert sub_kind("question_factual", "do i have ADHD?") == "diagnosis"
    assert "your call" in weigh_one("should i ask for days? we'd lose like $600 a month", "en")
    assert "lean" not in weigh_one("should i ask for days? we'd lose like $600 a month", "en")
