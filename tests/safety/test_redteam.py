"""The red-team suite (tests/redteam/*.jsonl): explicit ideation must always be caught, and hyperbole, idioms,
negation, third person, news, fiction, quotation and everyday invitations ("一起走吧") must (almost) never fire."""

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
    assert len(cases) >= 150
    assert {"explicit", "method", "joking", "hyperbole", "negation", "news"} <= {c["category"] for c in cases}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("use_model", [True, False], ids=["full", "cues-only"])
def test_explicit_ideation_recall_is_total(lang, use_model, shipped):
    assessor = shipped if use_model else RiskAssessor(use_model=False)
    missed = [
        c["text"]
        for c in _cases(lang)
        if c["category"] == "explicit" and assessor.assess(c["text"]).level < RiskLevel.MODERATE
    ]
    assert missed == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_methods_and_plans_reach_high(lang, shipped):
    missed = [
        c["text"]
        for c in _cases(lang)
        if c["category"] == "method" and shipped.assess(c["text"]).level < RiskLevel.HIGH
    ]
    assert missed == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_false_positive_rate_on_defused_language(lang, shipped):
    cases = [c for c in _cases(lang) if c["category"] in MUST_NOT_FIRE]
    fired = [c["text"] for c in cases if shipped.assess(c["text"]).level >= RiskLevel.MODERATE]
    assert len(fired) / len(cases) <= 0.05, fired
    # and none of them may ever reach an alert
    assert [c["text"] for c in cases if shipped.assess(c["text"]).level >= RiskLevel.HIGH] == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_implicit_and_distress_are_noticed(lang, shipped):
    cases = [c for c in _cases(lang) if c["category"] in {"implicit", "distress"}]
    assert all(shipped.assess(c["text"]).level >= RiskLevel.LOW for c in cases)
