import re

import pytest

from xinyu.lang import detect_language, language_mix, simplified, zh_or_en
from xinyu.taxonomy import (
    EMOTION_POLARITY,
    EMOTIONS,
    NEGATIVE_EMOTIONS,
    SCHEMES,
    UnknownLabelError,
    UnknownSchemeError,
    polarity_scores,
    scheme_targets,
    to_canonical,
)


def test_every_scheme_maps_into_the_canonical_set():
    for name, mapping in SCHEMES.items():
        assert mapping, name
        assert set(mapping.values()) <= set(EMOTIONS), name


@pytest.mark.parametrize(
    ("scheme", "label", "expected"),
    [
        ("smp2020", "happy", "joy"),
        ("smp2020", "neural", "neutral"),
        ("goemotions", "nervousness", "fear"),
        ("goemotions", "gratitude", "joy"),
        ("dair-ai", "love", "joy"),
        ("dutir", "好", "joy"),
        ("dutir", "恶", "disgust"),
        ("cped", "worried", "fear"),
        ("cped", "astonished", "surprise"),
        ("empathetic-personas", 3, "fear"),
        ("ecm", "like", "joy"),
        ("ecm", "other", "neutral"),
        ("esconv", "depression", "sadness"),
        ("goemotions-ekman", "Anger", "anger"),
    ],
)
def test_mappings(scheme, label, expected):
    assert to_canonical(scheme, label) == expected


def test_unknown_scheme_and_label_say_what_is_known():
    with pytest.raises(UnknownSchemeError, match="smp2020"):
        to_canonical("nope", "happy")
    with pytest.raises(UnknownLabelError, match="happy"):
        to_canonical("smp2020", "joyful")


def test_scheme_targets_follow_canonical_order():
    assert scheme_targets("smp2020") == ["joy", "sadness", "anger", "fear", "surprise", "neutral"]
    assert scheme_targets("goemotions-ekman") == list(EMOTIONS)


def test_polarity_scores_split_surprise():
    pol = polarity_scores({"joy": 0.2, "surprise": 0.4, "sadness": 0.1, "neutral": 0.3})
    assert pol == pytest.approx({"positive": 0.4, "neutral": 0.3, "negative": 0.3})


def test_negative_emotions_are_the_negative_polarity_ones():
    assert frozenset({"sadness", "anger", "fear", "disgust"}) == NEGATIVE_EMOTIONS
    assert "surprise" not in NEGATIVE_EMOTIONS and "neutral" not in NEGATIVE_EMOTIONS
    assert all((EMOTION_POLARITY[e] == "negative") == (e in NEGATIVE_EMOTIONS) for e in EMOTIONS)


def test_polarity_scores_count_every_negative_emotion():
    scores = {"sadness": 0.1, "anger": 0.2, "fear": 0.3, "disgust": 0.15, "surprise": 0.2, "joy": 0.05}
    assert polarity_scores(scores)["negative"] == 0.1 + 0.2 + 0.3 + 0.15 + 0.5 * 0.2


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("今天心情不太好", "zh"),
        ("I feel so lonely", "en"),
        ("今天好emo啊", "zh"),
        ("I feel 很累", "zh"),
        ("I met 李 today and I'm so happy", "en"),
        ("😭😭😭", "und"),
        ("123 !!!", "und"),
        ("Ça va très bien", "en"),
    ],
)
def test_language(text, lang):
    assert detect_language(text) == lang


def test_mixed_flag():
    assert language_mix("今天好emo啊").mixed
    assert not language_mix("今天很好").mixed


@pytest.mark.parametrize(
    "text",
    [
        "今天心情不太好",
        "I feel so lonely",
        "I met 李 today and I'm so happy",
        "😭😭",
        "",
        "123 !!!",
        "Ça va",
        "一",
        "龥",
        "\u3400 extension A",
        "\uf900 compatibility",
        "ｈｅｌｌｏ",
        "안녕하세요",
        "こんにちは",
    ],
)
def test_zh_or_en_is_any_han_character(text):
    assert zh_or_en(text) == ("zh" if re.search(r"[\u4e00-\u9fff]", text) else "en")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("我今天真的好難過，睡不著", "我今天真的好难过，睡不着"),
        ("佢哋話我哋個計劃冇用", "佢哋话我哋个计划冇用"),  # Cantonese characters stay, Traditional ones fold
        ("你現在在做什麼？Boss又罵我了😭", "你现在在做什么？Boss又骂我了😭"),
        ("他是著名的作家，什么都知道", "他是著名的作家，什么都知道"),  # Simplified: as written
        ("今天好emo啊", "今天好emo啊"),
        ("", ""),
    ],
)
def test_simplified_folds_traditional_text_one_character_for_one(text, expected):
    assert simplified(text) == expected and len(simplified(text)) == len(text)


def test_simplified_undoes_opencc_character_by_character():
    """Whatever OpenCC writes for a Simplified sentence, character by character (standard, Taiwan and Hong Kong
    forms), reads back as the sentence."""
    opencc = pytest.importorskip("opencc")
    sentences = [
        "我最近总是失眠，头发一把一把地掉，医生说是压力太大",
        "男朋友跟我分手了，我们在一起三年，他说我太黏人",
        "这周的报告又被领导退回来了，只能周末加班重写",
        "奶奶住院了，我每天下班后去医院陪她，累得不想说话",
    ]
    for config in ("s2t", "s2tw", "s2hk"):
        converter = opencc.OpenCC(config)
        for sentence in sentences:
            written = converter.convert(sentence)
            assert written != sentence and simplified(written) == sentence, (config, written)
