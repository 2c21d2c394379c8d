"""The conversation layer: distress raises a conversation to low or moderate, danger (a wish to die, a method, a
plan) is what lets it reach high, and high, once reached, holds; a stored state restores, old ones included."""

from __future__ import annotations

import pytest

from xinyu.levels import RiskLevel
from xinyu.safety import ConversationRisk, RiskAssessor
from xinyu.safety.cues import CueMatch, find_cues
from xinyu.safety.model import ModelScore
from xinyu.safety.risk import ConversationConfig, RiskAssessment, conversation_themes


@pytest.fixture(scope="module")
def cues() -> RiskAssessor:
    return RiskAssessor(use_model=False)


def _read_as_high(high: float, text: str = "我很难受也很痛苦") -> RiskAssessment:
    """A message the model reads as ``high`` (ideation 0.95, the high head at ``high``), with the cues of
    ``text``: strength (high - 0.35) / 0.65."""
    model = ModelScore("zh", {"ideation": 0.95, "high": high}, {"ideation": 0.5, "high": 0.35}, gate=0.65)
    assert model.level == RiskLevel.HIGH
    return RiskAssessment(RiskLevel.HIGH, RiskLevel.HIGH.score(model.strength), "zh", find_cues(text), model)


def test_a_model_reading_of_pain_alone_is_moderate_however_often(cues):
    conv = ConversationRisk(cues)
    levels = [conv.add_assessed(_read_as_high(0.5)).level for _ in range(6)]
    assert levels == [RiskLevel.MODERATE] * 6
    assert conv.peak == RiskLevel.MODERATE and conv.danger == set()
    last = conv.add_assessed(_read_as_high(0.5)).conversation
    assert last["message_level"] == "high" and last["danger"] == []


def test_a_reading_the_model_is_sure_of_counts_as_danger(cues):
    conv = ConversationRisk(cues)
    top = conv.add_assessed(_read_as_high(0.8))  # strength 0.69
    assert top.level == RiskLevel.HIGH and top.conversation["danger"] == ["model"]
    strict = ConversationRisk(cues, ConversationConfig(model_alone=0.9))
    assert strict.add_assessed(_read_as_high(0.8)).level == RiskLevel.MODERATE


def test_a_means_named_where_the_model_reads_high_is_danger(cues):
    conv = ConversationRisk(cues)
    top = conv.add_assessed(_read_as_high(0.5, "我已经准备好了安眠药"))
    assert top.level == RiskLevel.HIGH and top.conversation["danger"] == ["means"]


def test_danger_anywhere_in_the_conversation_lets_a_later_reading_count(cues):
    conv = ConversationRisk(cues)
    assert conv.add("我不想活了").level == RiskLevel.MODERATE
    for text in ["今天吃了面", "去散步了", "看了电影", "睡觉了"]:
        conv.add(text)
    assert conv.add_assessed(_read_as_high(0.5)).level == RiskLevel.HIGH
    assert conv.danger == {"ideation"}


@pytest.mark.parametrize(
    "distress",
    [
        ["我觉得一切都没有希望了", "我就是个累赘", "没人在乎我", "我真的撑不下去了"],
        ["I feel hopeless", "I'm a burden to everyone", "nobody cares about me", "I feel trapped"],
    ],
)
def test_distress_over_many_turns_reaches_moderate_never_high(cues, distress):
    conv = ConversationRisk(cues)
    levels = [conv.add(t).level for t in distress * 5]
    assert levels[0] == RiskLevel.LOW
    assert max(levels) == RiskLevel.MODERATE and conv.danger == set()


def test_a_means_with_a_time_is_high_in_one_message_or_across_two(cues):
    conv = ConversationRisk(cues)
    # in one message with the act, the ladder's top rung (a means at hand, a time, an act on it)
    assert conv.add("我已经把安眠药攒够了，今晚就吃下去").level == RiskLevel.IMMINENT
    assert conv.danger
    conv = ConversationRisk(cues)
    assert [conv.add(t).level for t in ["I have a bottle of pills at home", "tonight"]] == [
        RiskLevel.NONE,
        RiskLevel.HIGH,
    ]


def test_hopelessness_and_burden_then_a_means_is_high(cues):
    conv = ConversationRisk(cues)
    levels = [
        conv.add(t).level for t in ["我就是个累赘", "活着没有希望", "今天下雨了", "家里还有一整瓶安眠药"]
    ]
    assert levels == [RiskLevel.LOW, RiskLevel.LOW, RiskLevel.LOW, RiskLevel.HIGH]
    assert conv.danger == {"means"}
    assert all(conv.add(t).level == RiskLevel.HIGH for t in ["谢谢", "好多了", "晚安"])


def test_a_wish_to_die_said_laughing_and_then_a_time_is_no_plan(cues):
    conv = ConversationRisk(cues)
    assert max(conv.add(t).level for t in ["作业多得想死哈哈", "明天还要考试"]) == RiskLevel.LOW
    conv = ConversationRisk(cues)  # a wish voiced, then a time: a plan
    assert [conv.add(t).level for t in ["我真的好想死", "就今晚吧"]] == [RiskLevel.MODERATE, RiskLevel.HIGH]


def test_conversation_themes_sort_danger_from_distress():
    def cue(kind: str, suppressed: str | None = None) -> CueMatch:
        return CueMatch(kind, "", 0, 1, "zh", suppressed)

    assert conversation_themes([cue("burden"), cue("ideation"), cue("pact")]) == {
        "burden",
        "ideation",
        "plan",
    }
    assert conversation_themes([cue("means"), cue("timing"), cue("method", "fear")]) == {
        "means",
        "timing",
        "method",
    }
    assert conversation_themes([cue("ideation", "past"), cue("method", "joke")]) == {"softened"}
    assert conversation_themes([cue("ideation", "negation"), cue("figurative", "hyperbole")]) == set()


def test_state_round_trips_with_what_was_dangerous(cues):
    conv = ConversationRisk(cues)
    conv.add("我真的好想死")
    state = conv.state()
    assert state["danger"] == ["ideation"]
    again = ConversationRisk.restore(cues, state)
    assert again.state() == state
    assert again.add("就今晚吧").level == RiskLevel.HIGH


#: ConversationRisk.state() as sessions stored it before ``danger`` was kept
OLD_STATE = {
    "evidence": {"ideation": 0.85, "hopelessness": 0.7225},
    "seen_at": {"hopelessness": [1], "ideation": [2]},
    "level": "moderate",
    "peak": "moderate",
    "quiet": 1,
    "turn": 3,
}


def test_an_old_state_restores_with_the_danger_it_had_seen(cues):
    conv = ConversationRisk.restore(cues, OLD_STATE)
    assert (conv.turn, conv.level, conv.danger) == (3, RiskLevel.MODERATE, {"ideation"})
    assert conv.add("就今晚吧").level == RiskLevel.HIGH
    assert conv.state()["danger"] == ["ideation"] and conv.turn == 4


def test_an_old_state_at_high_keeps_its_floor_and_one_without_danger_gates(cues):
    high = {**OLD_STATE, "seen_at": {"hopelessness": [1]}, "level": "high", "peak": "high"}
    conv = ConversationRisk.restore(cues, high)
    assert conv.danger == set()
    assert [conv.add(t).level for t in ["ok", "thanks", "bye"]] == [RiskLevel.HIGH] * 3
    calm = {**OLD_STATE, "evidence": {"hopelessness": 0.7225}, "seen_at": {"hopelessness": [1]}}
    conv = ConversationRisk.restore(cues, calm)
    assert conv.add_assessed(_read_as_high(0.5)).level == RiskLevel.MODERATE


def test_a_blade_kept_at_hand_then_cuts_counted_is_self_harm_across_turns(cues):
    conv = ConversationRisk(cues)
    levels = [conv.add(t).level for t in ["最近压力好大", "刀就在抽屉里", "我刚才又划了几下"]]
    assert levels == [RiskLevel.NONE, RiskLevel.NONE, RiskLevel.HIGH]
    # either alone is nothing; a box cut is no cut of oneself
    for turns in (["刀就在抽屉里", "今天好累"], ["我刚才又划了几下"], ["我用美工刀拆快递", "划了几下纸箱"]):
        conv = ConversationRisk(cues)
        assert max(conv.add(t).level for t in turns) == RiskLevel.NONE
    # the blade's name stays the means it is, next to a time and an act
    assert cues.assess("刀片就在手边，今晚就划下去").level == RiskLevel.IMMINENT


def test_wished_gone_in_the_accident_is_a_passive_wish(cues):
    text = "有时候躺着就想，要是那天直接没了也省事，不用拖累谁。不是说我要干嘛，就是这么想想"
    assert cues.assess(text).level == RiskLevel.MODERATE
    assert cues.assess("要是那天没了工作也好").level == RiskLevel.NONE


def test_a_time_of_day_told_before_the_wish_is_no_plan(cues):
    conv = ConversationRisk(cues)
    turns = [
        "我妈帕金森第六年了，我白天在银行上班，晚上和周末都是我",
        "昨晚她摔了一下",
        "有时候真想睡一觉就不要醒了，就是太累了",
    ]
    assert [conv.add(t).level for t in turns][-1] == RiskLevel.MODERATE
    conv = ConversationRisk(cues)  # the time after the wish still makes it a plan
    assert [conv.add(t).level for t in ["i want to die", "tonight"]] == [RiskLevel.MODERATE, RiskLevel.HIGH]


def test_a_rifle_is_a_means(cues):
    conv = ConversationRisk(cues)
    levels = [
        conv.add(t).level for t in ["I keep thinking about dying", "I have my hunting rifle in the garage"]
    ]
    assert levels == [RiskLevel.MODERATE, RiskLevel.HIGH]


def test_a_time_beside_a_passive_wish_alone_is_no_plan(cues):
    conv = ConversationRisk(cues)
    turns = [
        "有时候真的想就这么消失算了 谁也找不到我 也不用面对这些",
        "没有 没想做什么 就是累",
        "嗯… 我明天先去找辅导员问问处分到底怎么走流程吧",
    ]
    assert max(conv.add(t).level for t in turns) == RiskLevel.MODERATE


def test_a_wish_then_a_means_and_a_time_in_one_message_is_imminent(cues):
    # the ladder's top rung across turns: the wish said before, the means and the time together now
    conv = ConversationRisk(cues)
    levels = [
        conv.add(t).level for t in ["i want to die", "i have a bottle of pills next to me. tonight probably"]
    ]
    assert levels == [RiskLevel.MODERATE, RiskLevel.IMMINENT]
    conv = ConversationRisk(cues)
    assert [conv.add(t).level for t in ["我不想活了", "家里有一瓶安眠药，今晚吧"]][-1] == RiskLevel.IMMINENT
    # with no wish before, a means and a time stay below it
    conv = ConversationRisk(cues)
    assert conv.add("i have a bottle of pills next to me. tonight probably").level < RiskLevel.IMMINENT
