"""The shipped default model and the defined results for odd input."""

import pytest

import xinyu
from xinyu.emotion import EmptyTextError, get_analyzer


@pytest.fixture(scope="module")
def analyzer():
    return get_analyzer("linear")


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("今天好开心啊，终于放假了", "joy"),
        ("气死我了，这什么破服务", "anger"),
        ("好难过，想哭", "sadness"),
        ("I am so happy for you, congratulations!", "joy"),
        ("This is disgusting", "disgust"),
    ],
)
def test_shipped_model_on_plain_sentences(analyzer, text, label):
    assert analyzer.analyze(text).label == label


def test_core_words_on_a_real_sentence(analyzer):
    r = analyzer.analyze("今天心情不太好，工作压力好大")
    assert r.polarity == "negative"
    words = {w.word: w for w in r.core_words if w.source == "lexicon"}
    assert {"不太好", "压力"} <= set(words)
    assert all(w.polarity == "negative" for w in words.values())
    assert words["不太好"].negated and words["压力"].category == "xinyu:fear"


@pytest.mark.parametrize(
    ("traditional", "simplified"),
    [
        ("工作壓力好大，老闆又罵我，煩死了", "工作压力好大，老板又骂我，烦死了"),
        ("我家貓今天走了，好難過", "我家猫今天走了，好难过"),
        ("佢哋都唔理我，我真係好傷心", "佢哋都唔理我，我真系好伤心"),
    ],
)
def test_traditional_text_is_read_as_simplified_and_quoted_as_written(analyzer, traditional, simplified):
    trad, simp = analyzer.analyze(traditional), analyzer.analyze(simplified)
    assert (trad.label, trad.scores, trad.intensity) == (simp.label, simp.scores, simp.intensity)
    assert [(w.start, w.end, w.emotion) for w in trad.core_words] == [
        (w.start, w.end, w.emotion) for w in simp.core_words
    ]
    assert trad.core_words and all(w.word == traditional[w.start : w.end] for w in trad.core_words)


def test_every_field_is_filled(analyzer):
    r = analyzer.analyze("I feel so lonely")
    assert r.language == "en" and r.label in r.scores and r.labels[0] == r.label
    assert 0 <= r.intensity <= 1 and r.model.startswith("linear:")
    assert any(w.word == "lonely" and w.emotion == "sadness" for w in r.core_words)


def test_public_api_single_and_batch():
    one = xinyu.analyze("我好开心")
    many = xinyu.analyze(["我好开心", "I am scared"])
    assert one.label == many[0].label
    assert [r.language for r in many] == ["zh", "en"]
    with pytest.raises(EmptyTextError, match="text #1"):
        xinyu.analyze(["ok", "  "])
    with pytest.raises(TypeError):
        xinyu.analyze(42)


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_empty_text_is_an_error(analyzer, text):
    with pytest.raises(EmptyTextError):
        analyzer.analyze(text)


def test_emoji_only_is_defined(analyzer):
    r = analyzer.analyze("😭😭😭")
    assert r.language == "und" and r.label == "sadness" and "no_letters" in r.warnings
    assert analyzer.analyze("!!!").label == "neutral"


def test_huge_text_is_truncated_not_refused(analyzer):
    r = analyzer.analyze("我很难过。" * 20_000)
    assert r.truncated and r.label == "sadness"
    assert all(w.end <= analyzer.max_chars for w in r.core_words)


def test_batch_keeps_order_and_reports_empty_rows_in_place(analyzer):
    out = analyzer.analyze_batch(["好开心", "", "气死了", " "])
    assert isinstance(out[1], EmptyTextError) and isinstance(out[3], EmptyTextError)
    assert out[0].label == "joy" and out[2].label == "anger"


def test_intensity_grows_with_degree_words(analyzer):
    mild = analyzer.analyze("有点难过")
    strong = analyzer.analyze("非常非常难过！！！")
    assert strong.intensity > mild.intensity
    assert analyzer.analyze("明天下午三点开会").intensity < strong.intensity


def test_a_backend_registered_by_name_is_built_and_analysed_through(monkeypatch):
    from xinyu.emotion import EmotionAnalyzer, Prediction, UnknownBackendError, registry
    from xinyu.taxonomy import EMOTIONS

    class Always:
        name = "always"
        model_id = "always:fear"

        def load(self):
            return self

        def predict(self, texts, languages):
            return [Prediction({e: float(e == "fear") for e in EMOTIONS}, ["fear"]) for _ in texts]

    monkeypatch.setattr(registry, "_FACTORIES", dict(registry._FACTORIES))
    registry.register_backend("Always", lambda settings: Always())
    backend = registry.create_backend("always").load()
    result = EmotionAnalyzer(backend).analyze("今天天气不错")
    assert result.label == "fear" and result.model == "always:fear"
    with pytest.raises(
        UnknownBackendError, match="choose one of: encoder, linear, lexicon, llm, transformer, always"
    ):
        registry.create_backend("nope")
