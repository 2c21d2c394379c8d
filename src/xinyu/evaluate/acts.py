"""Scoring dialogue acts and facts against a labelled file: precision, recall and F1 per act, micro and macro, by
language; precision and recall per fact kind.

A row is ``{"text": ..., "acts": [...], "facts": {"name": [...], "time": [...], ...}}``. ``acts`` names acts of
:data:`xinyu.understand.ACTS`. ``facts`` is optional: a row without it is not scored on facts, and ``{}`` says the
turn has none. Fact values match after folding (Traditional to Simplified, case, spaces); a time expression also
matches when one contains the other ("Friday" and "Friday at 10am"), since where such a span ends is a matter of
taste; every other kind must match exactly. Each gold value is matched at most once.

:func:`converted` rewrites the texts and fact values (Simplified to Traditional Chinese, for parity).

Macro-F1 is the mean over the acts that occur in the gold labels or the predictions (an act absent from both has
no F1 of its own, and a small file need not hold all thirteen).

>>> ex = ActExample(1, "谢谢你，晚安", frozenset({"thanks", "goodbye"}), {"time": ()})
>>> scores = evaluate_acts([ex])
>>> scores.report()["per_act"]["goodbye"]["recall"], scores.report()["micro"]["f1"]
(1.0, 1.0)
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace

from xinyu.io import Row
from xinyu.lang import detect_language
from xinyu.metrics import SKIP, f1_score, macro_mean
from xinyu.understand import ACTS, DialogueActs, Fact, detect_acts, extract_facts
from xinyu.understand.fold import fold


@dataclass(frozen=True)
class ActExample:
    """One labelled turn: its line in the file, the text, the gold acts and (when labelled) the gold facts."""

    line: int
    text: str
    acts: frozenset[str]
    facts: dict[str, tuple[str, ...]] | None = None


def read_examples(rows: Iterable[Row]) -> tuple[list[ActExample], list[dict]]:
    """The labelled turns of a file's rows, and ``{"line", "error"}`` for each row that cannot be scored."""
    examples: list[ActExample] = []
    errors: list[dict] = []
    for row in rows:
        if row.error is not None:
            errors.append({"line": row.number, "error": row.error})
            continue
        try:
            examples.append(_example(row.number, row.record or {}))
        except ValueError as exc:
            errors.append({"line": row.number, "error": str(exc)})
    return examples, errors


def _example(line: int, record: dict) -> ActExample:
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ValueError("field 'text' is missing or empty")
    acts = record.get("acts")
    if isinstance(acts, str):
        acts = [acts]
    if not isinstance(acts, list) or not acts or not all(isinstance(a, str) for a in acts):
        raise ValueError("field 'acts' must be a non-empty list of act names")
    unknown = sorted(set(acts) - set(ACTS))
    if unknown:
        raise ValueError(f"unknown act(s) {', '.join(unknown)}; acts are {', '.join(ACTS)}")
    facts = record.get("facts")
    if facts is not None:
        if not isinstance(facts, dict):
            raise ValueError("field 'facts' must be an object of kind -> list of values")
        parsed = {}
        for kind, values in facts.items():
            values = [values] if isinstance(values, str) else values
            if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                raise ValueError(f"facts[{kind!r}] must be a list of strings")
            parsed[kind] = tuple(values)
        facts = parsed
    return ActExample(line, text, frozenset(acts), facts)


def converted(examples: Iterable[ActExample], convert: Callable[[str], str]) -> list[ActExample]:
    """The examples with each text and each gold fact value passed through ``convert`` (Simplified to Traditional
    Chinese, say), so that a name is expected as the converted text writes it; canonical values ("mother", "cat")
    are Latin and pass unchanged."""
    out = []
    for ex in examples:
        facts = ex.facts
        if facts is not None:
            facts = {kind: tuple(convert(v) for v in values) for kind, values in facts.items()}
        out.append(replace(ex, text=convert(ex.text), facts=facts))
    return out


def _norm(value: str) -> str:
    return re.sub(r"\s+", " ", fold(value)).strip(" .,!?，。")


def _match(gold: Sequence[str], pred: Sequence[str], kind: str) -> tuple[int, list[str], list[str]]:
    """(matches, gold values missed, predicted values not in gold), each gold value matched at most once."""
    left = [_norm(g) for g in gold]
    missed_at = list(range(len(gold)))
    extra = []
    tp = 0
    for value in pred:
        p = _norm(value)
        hit = next(
            (
                k
                for k, g in enumerate(left)
                if g is not None and (g == p or (kind == "time" and (g in p or p in g)))
            ),
            None,
        )
        if hit is None:
            extra.append(value)
        else:
            tp += 1
            left[hit] = None
            missed_at.remove(hit)
    return tp, [gold[k] for k in missed_at], extra


def _prf(tp: int, fp: int, fn: int) -> dict:
    return {
        "precision": round(tp / (tp + fp), 4) if tp + fp else 0.0,
        "recall": round(tp / (tp + fn), 4) if tp + fn else 0.0,
        "f1": round(f1_score(tp, fp, fn), 4),
        "support": tp + fn,
        "tp": tp,
        "fp": fp,
        "fn": fn,
    }


@dataclass
class _Scored:
    example: ActExample
    acts: tuple[str, ...]
    facts: dict[str, list[str]]
    fact_counts: dict[str, tuple[int, list[str], list[str]]] = field(default_factory=dict)

    @property
    def language(self) -> str:
        return detect_language(self.example.text)

    @property
    def act_miss(self) -> bool:
        return set(self.acts) != self.example.acts

    @property
    def fact_miss(self) -> bool:
        return any(missed or extra for _, missed, extra in self.fact_counts.values())


@dataclass
class ActScores:
    """Predictions gathered row by row; :meth:`report` and :meth:`misses` read them."""

    rows: list[_Scored] = field(default_factory=list)
    seconds: float = 0.0

    def add(self, example: ActExample, acts: DialogueActs, facts: Sequence[Fact]) -> None:
        predicted: dict[str, list[str]] = {}
        for fact in facts:
            predicted.setdefault(fact.kind, []).append(fact.value)
        scored = _Scored(example, acts.acts, predicted)
        if example.facts is not None:
            for kind in sorted(set(example.facts) | set(predicted)):
                scored.fact_counts[kind] = _match(example.facts.get(kind, ()), predicted.get(kind, []), kind)
        self.rows.append(scored)

    def report(self) -> dict:
        out = {"n": len(self.rows), **_act_figures(self.rows)}
        languages = sorted({r.language for r in self.rows})
        out["by_language"] = {
            lang: {
                k: v
                for k, v in _act_figures([r for r in self.rows if r.language == lang]).items()
                if k != "per_act"
            }
            | {"n": sum(r.language == lang for r in self.rows)}
            for lang in languages
        }
        out["facts"] = _fact_figures(self.rows)
        out["ms_per_turn"] = round(1000 * self.seconds / len(self.rows), 4) if self.rows else None
        return out

    def misses(self, n: int | None = None) -> list[dict]:
        """The first ``n`` rows whose acts or facts differ from the gold, with what was missed and what was extra."""
        out = []
        for r in self.rows:
            if not (r.act_miss or r.fact_miss):
                continue
            gold = r.example.acts
            item = {
                "line": r.example.line,
                "text": r.example.text,
                "gold": [a for a in ACTS if a in gold],
                "predicted": list(r.acts),
                "missing": [a for a in ACTS if a in gold and a not in r.acts],
                "extra": [a for a in r.acts if a not in gold],
            }
            facts_missing = {k: missed for k, (_, missed, _) in r.fact_counts.items() if missed}
            facts_extra = {k: extra for k, (_, _, extra) in r.fact_counts.items() if extra}
            if facts_missing or facts_extra:
                item |= {"facts_missing": facts_missing, "facts_extra": facts_extra}
            out.append(item)
            if n is not None and len(out) >= n:
                break
        return out


def _act_figures(rows: list[_Scored]) -> dict:
    counts = {act: Counter() for act in ACTS}
    for r in rows:
        gold, pred = r.example.acts, set(r.acts)
        for act in ACTS:
            counts[act]["tp"] += act in gold and act in pred
            counts[act]["fp"] += act not in gold and act in pred
            counts[act]["fn"] += act in gold and act not in pred
    per_act = {act: _prf(c["tp"], c["fp"], c["fn"]) for act, c in counts.items()}
    tp, fp, fn = (sum(c[k] for c in counts.values()) for k in ("tp", "fp", "fn"))
    macro = macro_mean(
        [p["f1"] for p in per_act.values()], [p["tp"] + p["fp"] + p["fn"] > 0 for p in per_act.values()], SKIP
    )
    exact = sum(not r.act_miss for r in rows)
    return {
        "exact_match": round(exact / len(rows), 4) if rows else 0.0,
        "micro": {k: v for k, v in _prf(tp, fp, fn).items() if k in ("precision", "recall", "f1")},
        "macro_f1": round(macro, 4),
        "per_act": per_act,
    }


def _fact_figures(rows: list[_Scored]) -> dict:
    labelled = [r for r in rows if r.example.facts is not None]
    counts: dict[str, Counter] = {}
    for r in labelled:
        for kind, (tp, missed, extra) in r.fact_counts.items():
            c = counts.setdefault(kind, Counter())
            c["tp"] += tp
            c["fn"] += len(missed)
            c["fp"] += len(extra)
    per_kind = {kind: _prf(c["tp"], c["fp"], c["fn"]) for kind, c in sorted(counts.items())}
    tp, fp, fn = (sum(c[k] for c in counts.values()) for k in ("tp", "fp", "fn"))
    return {
        "n": len(labelled),
        "micro": {k: v for k, v in _prf(tp, fp, fn).items() if k in ("precision", "recall", "f1")},
        "per_kind": per_kind,
    }


def evaluate_acts(
    examples: Iterable[ActExample],
    detect: Callable[[str], DialogueActs] = detect_acts,
    extract: Callable[[str], Sequence[Fact]] = extract_facts,
) -> ActScores:
    """Run the detector and the fact extractor on every example and gather the figures (with the time they took)."""
    scores = ActScores()
    for example in examples:
        started = time.perf_counter()
        acts, facts = detect(example.text), extract(example.text)
        scores.seconds += time.perf_counter() - started
        scores.add(example, acts, facts)
    return scores
