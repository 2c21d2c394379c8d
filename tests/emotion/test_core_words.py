"""Core words are whole content words or the people and animals of the story: never function words, time words
or pieces of a longer word."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from xinyu.emotion import get_analyzer
from xinyu.emotion.analyzer import EmotionAnalyzer
from xinyu.emotion.content import find_term, is_content_word, story_words, word_lists, words_of
from xinyu.emotion.features import segment
from xinyu.emotion.lexicon import LexiconBackend

DATA = Path(os.environ.get("XINYU_DATA", "data"))
_LETTER = re.compile(r"[A-Za-z]")

ZH = [
    "今天又被老板当着全组的面骂了",
    "我的猫今天早上走了",
    "男朋友又忘了我的生日，真的好失望",
    "妈妈住院了，我好担心她",
    "考试终于过了！开心死了",
    "最近总是失眠，一个人躺着想很多",
    "同事把我的方案说成是他的，气死我了",
    "奶奶去世一年了，还是很想她",
    "我家狗狗今天生了五只小狗",
    "室友半夜打游戏吵得我睡不着",
    "我妈昨天又因为成绩骂我",
    "领导让我周末加班，我真的好烦",
    "和女朋友分手了，心里空落落的",
    "爸爸的手术很成功，终于松了一口气",
    "闺蜜背着我说我坏话，好伤心",
    "我养了十年的兔子昨晚死了",
    "明天就要答辩了，紧张得睡不着",
    "孩子发烧一整夜，我都快崩溃了",
    "他妈的又下雨，烦死了",
    "这个月工资又被扣了，凭什么",
    "邻居家的狗每天半夜叫，吵死了",
    "终于见到了好久没见的老朋友，好开心",
]
EN = [
    "my boss yelled at me in front of everyone",
    "im going to miss my dog so much",
    "my mom is in the hospital and i'm really scared",
    "I just got the job!!! so happy",
    "my boyfriend forgot my birthday again",
    "my cat died this morning",
    "my sister lied to me and I am so angry",
    "honestly i feel so lonely these days",
    "My Dad never calls me back and it hurts",
    "our puppy chewed through my new shoes lol",
    "my grandma passed away last week",
    "I hate my job, my manager is awful to everyone",
    "the boss's decision was so unfair",
    "chaos everywhere, the whole cosmos is against me",
    "I'm so proud of my daughter, she graduated today!",
    "my best friend ghosted me and I don't know why",
    "i keep thinking about the exam tomorrow and i can't sleep",
]


@pytest.fixture(scope="module")
def analyzer():
    return get_analyzer("linear")


def _words(analyzer, text: str) -> dict[str, object]:
    return {w.word: w for w in analyzer.analyze(text).core_words}


def _at_a_jieba_boundary(text: str, start: int, end: int) -> bool:
    bounds = {s for _, s, _ in segment(text)} | {e for _, _, e in segment(text)}
    # a kinship word fused with its pronoun (我妈) starts one character into jieba's word
    return (start in bounds or text[start - 1] in "我咱俺") and end in bounds


def _whole_english_word(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return not _LETTER.match(before) and not _LETTER.match(after)


@pytest.mark.parametrize("text", ZH)
def test_chinese_core_words_beyond_the_lexicon_are_whole_content_words(analyzer, text):
    for w in analyzer.analyze(text).core_words:
        assert text[w.start : w.end] == w.word
        if w.source in ("model", "story"):
            assert w.word not in word_lists("zh").stopwords
            assert is_content_word(w.word, "zh"), w.word
            assert _at_a_jieba_boundary(text, w.start, w.end), w.word


@pytest.mark.parametrize("text", EN)
def test_english_core_words_are_never_pieces_of_a_word(analyzer, text):
    for w in analyzer.analyze(text).core_words:
        assert text[w.start : w.end] == w.word
        assert _whole_english_word(text, w.start, w.end), w.word
        if w.source in ("model", "story"):
            assert w.word.lower() not in word_lists("en").stopwords
            assert is_content_word(w.word, "en"), w.word


def test_the_scolding_at_work_names_the_boss_and_the_scolding(analyzer):
    words = _words(analyzer, "今天又被老板当着全组的面骂了")
    assert {"老板", "骂"} <= set(words)
    assert not {"今天", "又", "当着", "了", "的", "今天又", "骂了"} & set(words)
    assert words["老板"].category == "person"


def test_the_cat_that_died_is_an_animal_and_the_time_is_dropped(analyzer):
    words = _words(analyzer, "我的猫今天早上走了")
    assert words["猫"].category == "animal"
    assert not {"我的", "今天早上", "今天", "早上", "走了"} & set(words)


@pytest.mark.parametrize(
    ("text", "word", "kind"),
    [
        ("男朋友又忘了我的生日，真的好失望", "男朋友", "person"),
        ("妈妈住院了，我好担心她", "妈妈", "person"),
        ("同事把我的方案说成是他的，气死我了", "同事", "person"),
        ("奶奶去世一年了，还是很想她", "奶奶", "person"),
        ("我家狗狗今天生了五只小狗", "狗狗", "animal"),
        ("我妈昨天又因为成绩骂我", "妈", "person"),
        ("我养了十年的兔子昨晚死了", "兔子", "animal"),
        ("my boss yelled at me in front of everyone", "boss", "person"),
        ("im going to miss my dog so much", "dog", "animal"),
        ("My Dad never calls me back and it hurts", "Dad", "person"),
        ("our puppy chewed through my new shoes lol", "puppy", "animal"),
        ("the boss's decision was so unfair", "boss", "person"),
        ("I'm so proud of my daughter, she graduated today!", "daughter", "person"),
    ],
)
def test_the_people_and_animals_of_the_story_are_core_words(analyzer, text, word, kind):
    assert _words(analyzer, text)[word].category == kind


def test_people_count_even_where_no_model_weighs_a_word():
    lexicon_only = EmotionAnalyzer(LexiconBackend().load())
    words = {w.word: w for w in lexicon_only.analyze("室友半夜打游戏吵得我睡不着").core_words}
    assert words["室友"].source == "story" and words["室友"].polarity == "neutral"
    assert words["睡不着"].source == "lexicon"


def test_a_curse_is_not_a_mother(analyzer):
    assert not any(w.category == "person" for w in analyzer.analyze("他妈的又下雨，烦死了").core_words)


@pytest.mark.parametrize(
    ("text", "dropped"),
    [
        ("im going to miss my dog so much", {"im", "going", "to", "going to", "my dog", "so"}),
        ("my mom is in the hospital and i'm really scared", {"i'm", "really", "i'm really", "my"}),
        ("I just got the job!!! so happy", {"just", "got", "so", "I"}),
        ("my cat died this morning", {"morning", "this morning", "this"}),
        ("honestly i feel so lonely these days", {"honestly", "feel", "i feel", "days", "these days"}),
        ("my grandma passed away last week", {"last", "week", "last week", "away"}),
        ("最近总是失眠，一个人躺着想很多", {"最近", "总是", "一个"}),
        ("考试终于过了！开心死了", {"终于", "过了", "过"}),
        ("奶奶去世一年了，还是很想她", {"一年", "一年了", "还是", "很想"}),
        ("室友半夜打游戏吵得我睡不着", {"半夜", "我"}),
        ("我家狗狗今天生了五只小狗", {"我家", "五只", "只小狗", "今天"}),
    ],
)
def test_function_and_time_words_never_stand_as_core_words(analyzer, text, dropped):
    assert not dropped & {w.word for w in analyzer.analyze(text).core_words}


def test_core_words_keep_their_order_and_the_lexicon_wins_an_overlap(analyzer):
    words = analyzer.analyze("男朋友又忘了我的生日，真的好失望").core_words
    assert [w.start for w in words] == sorted(w.start for w in words)
    assert next(w for w in words if w.word == "失望").source == "lexicon"


def test_an_english_ngram_is_found_only_as_whole_words():
    assert find_term("my boss is mad", "os", "en") is None
    assert find_term("the OS crashed again", "os", "en") == (4, 6)
    assert find_term("I am going to cry", "going to", "en") == (5, 13)
    assert find_term("my boss's call", "boss's", "en") == (3, 9)


def test_a_chinese_ngram_is_found_where_it_sits():
    assert find_term("被老板骂了", "老板 骂", "zh") == (1, 4)
    assert find_term("被老板骂了", "猫", "zh") is None


def test_words_of_english_keeps_contractions_and_drops_the_possessive():
    assert [word for word, _, _ in words_of("I'm sure it's my boss's fault", "en")] == [
        "I'm",
        "sure",
        "it",
        "my",
        "boss",
        "fault",
    ]


@pytest.mark.parametrize(
    ("word", "language", "content"),
    [
        ("骂", "zh", True),
        ("老板", "zh", True),
        ("我的", "zh", False),
        ("今天早上", "zh", False),
        ("昨晚", "zh", False),
        ("五只", "zh", False),
        ("一年", "zh", False),
        ("一个人", "zh", True),
        ("2020", "zh", False),
        ("emo", "zh", True),
        ("yelled", "en", True),
        ("Going", "en", False),
        ("im", "en", False),
        ("don’t", "en", False),
        ("x", "en", False),
    ],
)
def test_what_counts_as_a_content_word(word, language, content):
    assert is_content_word(word, language) is content


@pytest.mark.parametrize("language", ["zh", "en"])
def test_every_person_and_animal_is_a_content_word(language):
    lists = word_lists(language)
    assert all(is_content_word(w, language) for w in lists.person | lists.animal)
    assert not (lists.person | lists.animal) & lists.stopwords


def test_story_words_name_each_one_once_and_stop_at_the_limit():
    words = story_words("my mom and my dad and my mom again, and my sister, and my dog", "en")
    assert [w.word for w in words] == ["mom", "dad", "sister"]


def _dev_texts(path: Path, key: str, n: int = 300) -> list[str]:
    if not path.exists():
        pytest.skip(f"set XINYU_DATA to the folder with {path.parent.name}")
    with path.open(encoding="utf-8") as fh:
        rows = [json.loads(line) for _, line in zip(range(n), fh, strict=False)]
    return [r[key] for r in rows if r[key].strip()]


@pytest.mark.parametrize(
    ("folder", "file", "key", "language"),
    [
        ("smp2020_ewect", "usual_eval.jsonl", "content", "zh"),
        ("goemotions", "dev.jsonl", "text", "en"),
    ],
)
def test_core_words_on_real_dev_texts(analyzer, folder, file, key, language):
    texts = _dev_texts(DATA / folder / file, key)
    stop = word_lists(language).stopwords
    seen = 0
    for text, result in zip(texts, analyzer.analyze_batch(texts), strict=True):
        for w in result.core_words:
            assert text[w.start : w.end] == w.word
            if _LETTER.match(w.word[0]):
                assert _whole_english_word(text, w.start, w.end), (text, w.word)
            if w.source in ("model", "story"):
                seen += 1
                assert w.word.lower() not in stop and is_content_word(w.word, language), (text, w.word)
    assert seen > 100  # the check read real evidence, not an empty list
