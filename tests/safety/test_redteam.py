"""The red-team suite (tests/redteam/*.jsonl): explicit ideation must always be caught, and hyperbole, idioms,
negation, third person, news, fiction, quotation and everyday invitations ("一起走吧") must (almost) never fire.

A case may name the rung of the ladder it must reach (``level``, see xinyu.safety.cues): the cue layer gives it
exactly that rung, and the shipped layer (cues and model) at least that rung. The categories of the ladder:
``passive`` (a wish to be dead: moderate), ``slang``, ``contraction``, ``explicit`` (a wish to die said outright:
moderate; thoughts of killing oneself or the will to: high), ``method`` and ``farewell`` (high), ``means_time``
(a method or means with a time, or an attempt under way: imminent)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from xinyu.safety import RiskAssessor, RiskLevel

HERE = Path(__file__).parent / "redteam"
MUST_NOT_FIRE = {
    "hyperbole",
    "idiom",
    "negation",
    "third_person",
    "news",
    "fiction",
    "quotation",
    "joking",
    "everyday",
}
#: what a person at risk says: each case must reach at least ``moderate``
AT_RISK = {"explicit", "passive", "slang", "contraction", "method", "farewell", "means_time"}
#: the rung each category of the ladder must name, where it names one
RUNGS = {
    "passive": {"moderate"},
    "slang": {"moderate", "high"},
    "contraction": {"moderate", "high"},
    "explicit": {"moderate", "high"},
    "method": {"high"},
    "farewell": {"high"},
    "means_time": {"imminent"},
}
#: categories each language covers; English alone has contractions ("Im gonna", "ill", "dont")
CATEGORIES = {
    "zh": {"explicit", "method", "joking", "hyperbole", "negation", "news", "passive", "slang", "farewell", "means_time"},
    "en": {
        "explicit", "method", "joking", "hyperbole", "negation", "news", "passive", "slang", "farewell", "means_time",
        "contraction",
    },
}  # fmt: skip


def _cases(lang: str) -> list[dict]:
    return [json.loads(line) for line in (HERE / f"{lang}.jsonl").read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def shipped() -> RiskAssessor:
    assessor = RiskAssessor()
    assert assessor.model_error is None, assessor.model_error
    return assessor


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_suite_size(lang):
    cases = _cases(lang)
    assert len(cases) >= 210
    assert CATEGORIES[lang] <= {c["category"] for c in cases}
    assert len({c["text"] for c in cases}) == len(cases)
    # the ladder's rungs, asserted case by case
    assert len([c for c in cases if "level" in c]) >= 45


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_named_rung_fits_its_category(lang):
    wrong = [c for c in _cases(lang) if "level" in c and c["level"] not in RUNGS.get(c["category"], ())]
    assert wrong == []


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("use_model", [True, False], ids=["full", "cues-only"])
def test_explicit_ideation_recall_is_total(lang, use_model, shipped):
    assessor = shipped if use_model else RiskAssessor(use_model=False)
    missed = [
        c["text"]
        for c in _cases(lang)
        if c["category"] in AT_RISK and assessor.assess(c["text"]).level < RiskLevel.MODERATE
    ]
    assert missed == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_cue_layer_climbs_the_ladder_rung_by_rung(lang):
    """Passive wish -> moderate, thoughts of killing oneself -> high, a method, plan or farewell -> high, a method
    or means with a time -> imminent: exactly, from the cues alone, in both languages."""
    assessor = RiskAssessor(use_model=False)
    wrong = [
        (c["text"], c["level"], level.name)
        for c in _cases(lang)
        if "level" in c and (level := assessor.assess(c["text"]).level).name != c["level"]
    ]
    assert wrong == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_model_never_lowers_a_rung(lang, shipped):
    low = [
        c["text"]
        for c in _cases(lang)
        if "level" in c and shipped.assess(c["text"]).level < RiskLevel.parse(c["level"])
    ]
    assert low == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_wish_to_be_dead_stays_moderate_with_the_model(lang, shipped):
    """The model reads no plan into a passive wish ("要是哪天一觉不醒就好了"): no such case goes past moderate."""
    lifted = [
        c["text"]
        for c in _cases(lang)
        if c["category"] == "passive" and shipped.assess(c["text"]).level > RiskLevel.MODERATE
    ]
    assert lifted == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_methods_and_plans_reach_high(lang, shipped):
    missed = [
        c["text"]
        for c in _cases(lang)
        if c["category"] in {"method", "farewell", "means_time"}
        and shipped.assess(c["text"]).level < RiskLevel.HIGH
    ]
    assert missed == []


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("use_model", [True, False], ids=["full", "cues-only"])
def test_false_positive_rate_on_defused_language(lang, use_model, shipped):
    assessor = shipped if use_model else RiskAssessor(use_model=False)
    cases = [c for c in _cases(lang) if c["category"] in MUST_NOT_FIRE]
    fired = [c["text"] for c in cases if assessor.assess(c["text"]).level >= RiskLevel.MODERATE]
    assert len(fired) / len(cases) <= 0.05, fired
    # and none of them may ever reach an alert
    assert [c["text"] for c in cases if assessor.assess(c["text"]).level >= RiskLevel.HIGH] == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_implicit_and_distress_are_noticed(lang, shipped):
    cases = [c for c in _cases(lang) if c["category"] in {"implicit", "distress"}]
    assert all(shipped.assess(c["text"]).level >= RiskLevel.LOW for c in cases)
