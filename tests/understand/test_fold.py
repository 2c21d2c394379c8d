"""Folding keeps every offset, turns Traditional into Simplified for every character the rules use, and splits
clauses where a person pauses."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import xinyu.understand as understand
from xinyu.understand.fold import clauses, fold


def test_one_character_for_one():
    text = "ＨＥＬＬＯ，妳是真人嗎？“別勸我”　I'M FINE"
    folded = fold(text)
    assert len(folded) == len(text)
    assert folded == 'hello,你是真人吗?"别劝我" i\'m fine'
    assert fold(text, lower=False).endswith("I'M FINE")


def test_clauses_split_at_pauses_not_inside_words_or_numbers():
    text = fold("谢谢你，不过我还是难过。I work at St. Mary's and I'm tired, it costs 1,000 dollars")
    parts = [text[s:e] for s, e in clauses(text)]
    assert parts == [
        "谢谢你",
        "不过我还是难过",
        "i work at st. mary's",
        "and i'm tired",
        "it costs 1,000 dollars",
    ]


def test_every_traditional_form_of_a_pattern_character_is_folded():
    """Against OpenCC, where it is installed: each Han character of the package's rules, written the Traditional
    way (Taiwan, Hong Kong or OpenCC's standard), folds back to it."""
    opencc = pytest.importorskip("opencc")
    rules = [p for p in Path(understand.__file__).parent.glob("*.py") if p.name != "fold.py"]
    source = "".join(p.read_text(encoding="utf-8") for p in rules)
    han = set(re.findall(r"[\u4e00-\u9fff]", source))
    to_traditional = [opencc.OpenCC(config) for config in ("s2t", "s2tw", "s2hk", "s2twp")]
    missing = {
        (ch, trad)
        for ch in han
        for conv in to_traditional
        if len(trad := conv.convert(ch)) == 1 and trad != ch and trad not in han and fold(trad) != ch
    }
    assert not missing, sorted(missing)
