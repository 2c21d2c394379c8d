"""Dialogue acts: each act in both languages, the look-alikes that must not count, Traditional and mixed text."""

from __future__ import annotations

from pathlib import Path

import pytest

from xinyu.evaluate.acts import evaluate_acts, read_examples
from xinyu.io import read_rows
from xinyu.understand import ACTS, detect_acts

HERE = Path(__file__).parent
GATED = (
    "question_bot",
    "question_medication",
    "smalltalk_request",
    "refusal",
    "thanks",
    "goodbye",
    "self_intro",
)


def acts(text: str) -> set[str]:
    return set(detect_acts(text).acts)


@pytest.mark.parametrize(
    ("text", "act"),
    [
        ("嗨～好久不见", "greeting"),
        ("Hello there!", "greeting"),
        ("您好，打扰一下", "greeting"),
        ("你真的是人类吗", "question_bot"),
        ("are u a robot or a person", "question_bot"),
        ("聊天记录会被保存吗", "question_bot"),
        ("will you remember me next week?", "question_bot"),
        ("哈哈那你会不会累啊", "question_bot"),
        ("你天天听人吐槽，不会烦吗", "question_bot"),
        ("don't you ever get tired of this?", "question_bot"),
        ("氯硝西泮和酒一起会怎样", "question_medication"),
        ("can i take two advil at once", "question_medication"),
        ("吃了艾司唑仑第二天还是很困，正常吗", "question_medication"),
        ("怎样才能不那么在意别人的看法", "advice"),
        ("should I call her or wait", "advice"),
        ("抑郁症一般要治疗多久", "question_factual"),
        ("how much does a psychiatrist visit cost?", "question_factual"),
        ("有什么好看的动画电影推荐吗", "smalltalk_request"),
        ("any good podcasts you'd recommend?", "smalltalk_request"),
        ("你喜欢夏天还是冬天", "smalltalk_request"),
        ("谢谢你愿意听", "thanks"),
        ("thanks so much, that helped", "thanks"),
        ("我先睡了，晚安", "goodbye"),
        ("ok talk to you later", "goodbye"),
        ("我叫阿杰，今年大二", "self_intro"),
        ("hey, I'm Nora", "self_intro"),
        ("别再劝我去医院了", "refusal"),
        ("I don't want advice, just listen", "refusal"),
        ("就当我没说过吧", "retraction"),
        ("never mind, it's nothing", "retraction"),
        ("我的手机号 13700001234", "personal_data"),
        ("email me at amy.w@example.org", "personal_data"),
        ("最近工作压力好大，每天都很累", "venting"),
    ],
)
def test_each_act_is_found(text, act):
    assert act in acts(text), detect_acts(text)


@pytest.mark.parametrize(
    ("text", "act"),
    [
        # what the bot can do, or a task it cannot
        ("你到底能帮我做些什么", "question_bot"),
        ("能帮我写份周报吗", "question_bot"),
        ("what are you even good for", "question_bot"),
        ("could you proofread my cover letter", "question_bot"),
        # a person behind the screen, or the bot seeming one
        ("屏幕后面有活人在回复吗", "question_bot"),
        ("我竟然在跟机器人倾诉", "question_bot"),
        ("you talk like a real person", "question_bot"),
        ("lol I'm venting to an AI at 2am", "question_bot"),
        # privacy
        ("我们聊的这些你会说出去吗", "question_bot"),
        ("could you share what I said with my parents?", "question_bot"),
        # a dose, asked without a question's form or without the drug's name
        ("褪黑素配啤酒应该没事吧", "question_medication"),
        ("我今晚多服一粒", "question_medication"),
        ("how many can I take before bed", "question_medication"),
        ("gonna take one more, it's fine", "question_medication"),
        # something to enjoy, the bot's supposed taste, a request to chat
        ("有推荐的纪录片吗", "smalltalk_request"),
        ("要是你有一天假期，你想去哪", "smalltalk_request"),
        ("陪我唠一会儿嗑吧", "smalltalk_request"),
        ("keep me company for a while?", "smalltalk_request"),
        ("if you could eat anything, what would you pick", "smalltalk_request"),
    ],
)
def test_how_people_really_ask(text, act):
    assert act in acts(text), detect_acts(text)


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("我叫了个外卖，还没送到", "self_intro"),  # 叫 is ordering here
        ("我叫醒了室友", "self_intro"),
        ("他问我是不是机器人", "question_bot"),  # someone else asked
        ("my coworker asked me if I'm a robot lol", "question_bot"),
        ("谢谢你啊，真是谢谢你全家", "thanks"),  # sarcasm
        ("thanks for nothing", "thanks"),
        ("他连谢谢都没说", "thanks"),
        ("为什么总是我？", "question_factual"),  # rhetorical
        ("who would even notice if I was gone?", "question_factual"),
        ("你好烦啊", "greeting"),
        ("你好像没听懂", "greeting"),
        ("早上好累", "greeting"),
        ("I don't really know anyone here", "greeting"),  # said of a new city, not a call
        ("I never said goodbye to her", "goodbye"),
        ("他走的时候连再见都没说", "goodbye"),
        ("我不是开玩笑的", "retraction"),
        ("I'm not kidding", "retraction"),
        ("never mind the rain, the whole trip was awful", "retraction"),
        ("朋友推荐的那部电影好无聊", "smalltalk_request"),
        ("my sister recommended a movie to me", "smalltalk_request"),
        ("我妈总劝我想开点", "refusal"),
        ("my friends keep telling me to get help", "refusal"),
        ("我今晚就把药都吃了", "question_medication"),  # a plan, no question: risk, not a medication question
        ("吃药有什么用", "question_medication"),
        ("我在一家小公司上班", "personal_data"),
        ("I work at a bank", "personal_data"),
        ("我家在杭州", "personal_data"),
        ("我考了598分", "personal_data"),
        ("I have two assignments due", "personal_data"),  # "ig" inside a word is no handle
        ("我跟朋友聊天", "smalltalk_request"),  # a chat told, not asked for
        ("没人陪我聊天", "smalltalk_request"),
        ("谢谢你陪我聊天", "smalltalk_request"),
        ("nobody wants to talk to me", "smalltalk_request"),
        ("吃了几片面包", "question_medication"),  # a count of bread, not of pills
        ("I'll have another drink tonight", "question_medication"),
        ("后台运行", "question_bot"),
        ("妈妈帮我做了一桌菜", "question_bot"),
        ("你特别像一个人", "question_bot"),  # resembling someone, not seeming human
        ("my dad thinks I'm talking to a bot too much", "question_bot"),
        ("people who might read this will judge me", "question_bot"),
        ("如果你是我你会怎么选", "smalltalk_request"),  # advice
        ("不知道他还爱不爱我", "question_factual"),  # a doubt told, not asked
    ],
)
def test_look_alikes_do_not_count(text, absent):
    assert absent not in acts(text), detect_acts(text)


def test_several_acts_in_one_turn_and_venting_alongside():
    assert acts("你好，我叫小周，最近总是失眠") == {"greeting", "self_intro", "venting"}
    assert acts("谢谢，不过我还是好难过") == {"thanks", "venting"}
    assert acts("谢谢你，晚安") == {"thanks", "goodbye"}
    assert acts("thanks, but no hotline please") == {"thanks", "refusal"}


def test_venting_is_what_a_turn_is_when_nothing_else_applies():
    for text in ("嗯", "ok", "哈哈哈", "又下雨了", "my boss yelled at me again"):
        assert detect_acts(text).acts == ("venting",)


def test_cues_point_into_the_text_as_written():
    text = "妳好，請問你是真人嗎？我叫小林"
    reading = detect_acts(text)
    assert {"greeting", "question_bot", "self_intro"} <= set(reading.acts)
    for cue in reading.cues:
        assert text[cue.start : cue.end] == cue.words
        assert cue.act in ACTS
    assert list(reading.acts) == [a for a in ACTS if a in reading.acts]


@pytest.mark.parametrize(
    ("simplified", "traditional"),
    [
        ("你是机器人吗", "你是機器人嗎"),
        ("别劝我了，我只想有人听我说", "別勸我了，我只想有人聽我說"),
        ("吃了安眠药还是睡不着，可以再吃一颗吗", "吃了安眠藥還是睡不著，可以再吃一顆嗎"),
        ("当我没说", "當我沒說"),
        ("推荐几首好听的歌", "推薦幾首好聽的歌"),
        ("谢谢你，晚安", "謝謝你，晚安"),
    ],
)
def test_traditional_reads_as_simplified(simplified, traditional):
    assert detect_acts(traditional).acts == detect_acts(simplified).acts


def test_mixed_chinese_english():
    assert "goodbye" in acts("先bye啦")
    assert "question_bot" in acts("你是bot吗")
    assert "question_medication" in acts("sertraline能和酒一起吃吗")
    assert "thanks" in acts("thx啦")


def _dev(lang: str):
    examples, errors = read_examples(read_rows(HERE / f"acts_dev_{lang}.jsonl"))
    assert not errors
    return examples


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_dev_set_is_large_and_covers_every_act(lang):
    examples = _dev(lang)
    assert len(examples) >= {"zh": 200, "en": 120}[lang]
    seen = {a for ex in examples for a in ex.acts}
    assert seen == set(ACTS)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_dev_set_figures_hold(lang):
    """A floor under the dev figures, so that a change that breaks an act shows here."""
    report = evaluate_acts(_dev(lang)).report()
    for act in GATED:
        assert report["per_act"][act]["precision"] >= 0.9, (act, report["per_act"][act])
        assert report["per_act"][act]["recall"] >= 0.9, (act, report["per_act"][act])
    assert report["micro"]["f1"] >= 0.95


def test_long_and_repetitive_messages_are_read():
    """Inputs that would make a backtracking pattern run for hours finish and give a reading (the time a turn
    takes is measured by bench/bench_understand.py, not asserted here)."""
    for long in ("你" * 20000, "a " * 20000, "?" * 20000, "我叫" * 5000, "call me " * 3000):
        assert detect_acts(long).acts is not None


def test_traditional_dev_set_scores_as_the_simplified_one():
    """acts_dev_zh_hant.jsonl is the zh dev set written in Traditional characters (OpenCC s2tw, Taiwan forms)."""
    simplified = evaluate_acts(_dev("zh")).report()
    traditional = evaluate_acts(_dev("zh_hant")).report()
    assert abs(simplified["micro"]["f1"] - traditional["micro"]["f1"]) <= 0.02
    assert abs(simplified["facts"]["micro"]["f1"] - traditional["facts"]["micro"]["f1"]) <= 0.02


@pytest.mark.parametrize(
    ("text", "not_act"),
    [
        ("she basically raised me while my mom worked nights. her name was Rose, she was 88", "goodbye"),
        ("everyone would be better off with the life insurance", "personal_data"),
        ("we watched the funeral on wechat video because i couldnt fly back", "personal_data"),
        (
            "化疗期间吃什么比较好？医生说得太快了我没记住",
            "smalltalk_request",
        ),  # for the care team, not a dish
        ("做咗八年啊，HR俾咗個紙皮箱我就叫我執嘢走", "self_intro"),  # told to pack up and go, no name
        ("之前他一直跟我说只是同事，让我别多想，说我疑心病重", "retraction"),  # his words, not hers
    ],
)
def test_words_that_only_look_like_an_act(text, not_act):
    assert not_act not in detect_acts(text).acts


@pytest.mark.parametrize(
    ("text", "act"), [("好了我先下了 88", "goodbye"), ("我的ins是 lily_2024", "personal_data")]
)
def test_the_acts_those_words_do_make(text, act):
    assert act in detect_acts(text).acts


@pytest.mark.parametrize("text", ["给你讲个笑话：我老板说明天不用来了", "听我讲个笑话", "讲个笑话给你听"])
def test_a_joke_told_is_no_request_for_one(text):
    assert "smalltalk_request" not in detect_acts(text).acts


@pytest.mark.parametrize(
    ("text", "act"),
    [
        ("周末想找个电影看看放空一下，别太沉重的，有推荐吗", "smalltalk_request"),
        ("双胞胎五个月了，我已经记不清上次连续睡三个小时是什么时候", "venting"),
    ],
)
def test_a_request_said_at_length_and_a_time_not_remembered(text, act):
    assert act in detect_acts(text).acts


@pytest.mark.parametrize(
    "text",
    [
        "仲好客氣咁多謝我，我喺廚房喊咗一陣",
        "my roommate said ignore it and went back to tiktok. like ok thanks Jess",
    ],
)
def test_thanks_told_of_or_in_irony_is_no_thanks_to_the_bot(text):
    assert "thanks" not in detect_acts(text).acts


def test_a_kind_of_firm_is_no_workplace_named():
    assert "personal_data" not in detect_acts("我48了，在物流公司做调度，白天要盯好多车").acts
    assert "personal_data" in detect_acts("我在腾讯上班，天天加班").acts


def test_just_listen_is_a_refusal_of_advice_only_when_asked_of_the_bot():
    assert "refusal" in detect_acts("can you just listen please").acts
    assert "refusal" not in detect_acts("gonna call her tomorrow and mostly just listen first").acts
