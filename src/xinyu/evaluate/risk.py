"""Figures for the risk layer, per message and per conversation.

Per message, binary: a level at or above a threshold counts as positive. :func:`read_binary_gold` reads the
texts and binary labels of an evaluation file, :func:`evaluate_risk` assesses them and returns the report
``xinyu eval risk`` prints; :func:`binary_report` is the scoring itself.

Per conversation: :func:`evaluate_conversations` runs the conversation layer over each conversation's user turns
and reports the peak level of each and the turn it was reached, the false alarms among conversations without
risk and the detections (and their turn) among those with it (``xinyu eval risk --conversations``); where a file
has no labels, :func:`screen` sorts the conversations by their words.

>>> r = binary_report([1, 1, 0, 0], [3, 1, 0, 4], cut=3)
>>> r["precision"], r["recall"], r["confusion"]["matrix"]
(0.5, 0.5, [[1, 1], [1, 1]])
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from statistics import median

from xinyu.io import DialogueRow, Row, binary_label, text_rows
from xinyu.levels import RiskLevel


def binary_report(gold: Sequence[int], levels: Sequence[int], cut: int) -> dict:
    """precision, recall, f1, n, the confusion counts and matrix ([[tn, fp], [fn, tp]]), and gold by level."""
    by_level = {lvl.name: {"positive": 0, "negative": 0} for lvl in RiskLevel}
    tp = fp = fn = tn = 0
    for y, lv in zip(gold, levels, strict=True):
        by_level[RiskLevel(lv).name]["positive" if y else "negative"] += 1
        pred = lv >= cut
        tp += int(pred and y == 1)
        fp += int(pred and y == 0)
        fn += int(not pred and y == 1)
        tn += int(not pred and y == 0)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "n": len(gold),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "confusion": {"tp": tp, "fp": fp, "fn": fn, "tn": tn, "matrix": [[tn, fp], [fn, tp]]},
        "by_level": by_level,
    }


@dataclass
class BinaryGold:
    """The usable rows of a file with a binary label, and the ones left out (``{"line", "error"}`` each)."""

    texts: list[str] = field(default_factory=list)
    gold: list[int] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)


def read_binary_gold(rows: Iterable[Row], text_field: str, label_field: str) -> BinaryGold:
    """Texts and 1/0 labels (see :func:`xinyu.io.binary_label`); a row without either is listed in
    ``errors``."""
    out = BinaryGold()
    for row in text_rows(rows, text_field, label_field=label_field, parse=binary_label):
        if row.error is not None:
            out.errors.append({"line": row.number, "error": row.error})
            continue
        out.texts.append(row.text)
        out.gold.append(row.label)
    return out


def evaluate_risk(
    gold: BinaryGold,
    assessor,
    cut: RiskLevel,
    *,
    data: str,
    batch_size: int = 256,
    progress: Callable[[int], None] | None = None,
) -> dict:
    """Assess every text with ``assessor`` (a :class:`~xinyu.safety.RiskAssessor`) and score the levels at or
    above ``cut`` against the gold labels: ``data`` (the file's name, as given), the threshold, the
    :func:`binary_report` figures, the model (``cues`` for the cue layer alone) and its load error if any, and
    the rows left out. ``progress`` gets the size of each batch as it is done."""
    levels: list[int] = []
    for i in range(0, len(gold.texts), batch_size):
        batch = assessor.assess_batch(gold.texts[i : i + batch_size])
        levels.extend(int(a.level) for a in batch)
        if progress is not None:
            progress(len(batch))
    report = {
        "data": data,
        "threshold": cut.name,
        **binary_report(gold.gold, levels, cut),
        "model": "cues" if assessor.model is None else assessor.model.source.rsplit("/", 1)[-1],
    }
    if assessor.model_error:
        report["model_error"] = assessor.model_error
    if gold.errors:
        report["errors"] = gold.errors
    return report


# ----------------------------------------------------------------------------------------------------------------
# Whole conversations: how far each one rises, and when.
#
# Where a file gives no label, a keyword screen sorts its conversations. It is a screen for evaluation only, never
# the detector: it reads words, not what is meant, and it is conservative in the direction each figure needs.
# Conversations "without risk" are those whose user turns never use a word of death or self-harm at all (MENTIONS:
# broad, so that "死", "活着", "kill" or "pills" anywhere keeps a conversation out of the false-alarm count);
# conversations "with risk" are those where the person speaks of suicide or self-harm (SPEAKS: phrases of their
# own wish, act or plan), except where the words follow a negation ("我不会自杀", "I'm not suicidal") or a third
# person ("她说她想自杀", "my friend tried to kill herself") in the same clause. The rest ("unclear": grief, fear of
# death, a word said in passing) counts in neither figure.

MENTIONS = re.compile(
    r"死|自杀|轻生|寻短见|自尽|自残|自伤|割腕|割脉|划手|割自己|勒自己|划伤自己|伤害自己|跳楼|跳河|跳湖|跳江|跳海|跳下去|上吊|安眠药|过量|洗胃"
    r"|遗书|遗言|不想活|活不下去|活着|活下去|结束(?:自己|我)?的?(?:生命|一生)|结束自己|了结|一了百了|解脱|离开(?:这个?世界|人世)"
    r"|不在了|消失|紫砂|去世|永别|下辈子|体面地走"
    r"|\b(?:die[ds]?|dying|dead|deaths?|deadly|suicid\w*|kill\w*|self[- ]?harm\w*|overdos\w*|unalive\w*|kms|noose"
    r"|(?:cut|cutting|hurt|hurting|harm|harming|hang|hanged|hanging) (?:my|him|her|them)sel(?:f|ves)"
    r"|end (?:it|it all|my life|things|everything)|(?:not|no longer) (?:be )?(?:here|around|alive)"
    r"|better off without me|reason to live|want to live|live anymore|sleep forever|wake up|pills?"
    r"|jump(?:ed|ing)? off|funeral|grave|disappear\w*)\b",
    re.IGNORECASE,
)
SPEAKS = re.compile(
    r"自杀|轻生|寻死|寻短见|自尽|不想活|活不下去|想死|去死|结束(?:自己|我)?的?(?:生命|一生)|了结自己|自残|自伤|割腕|割脉"
    r"|割自己|勒自己|划伤自己|伤害自己|遗书|紫砂|跳楼|跳下去|上吊|离开这个?世界"
    r"|\b(?:suicid\w*(?! (?:hotline|hot line|line|prevention|awareness))|kill(?:ing)? myself|end(?:ing)? it all"
    r"|(?:end|ending|take|taking) my (?:own )?life|(?:want|wanted|wanna|going) to die|wish I (?:was|were) dead"
    r"|better off dead|(?:cut|cutting|hurt|hurting|harm|harming) myself|self[- ]?harm\w*|unalive\w*|kms)\b",
    re.IGNORECASE,
)
_CLAUSE = re.compile(r"[，。！？；,.!?;\n]")
_NOT_MINE = re.compile(
    r"(?:不|没有?|从未|从没|绝不|并不|别)[想要会是过再敢打算]{0,3}$|他|她|朋友|同学|妈妈|母亲|爸爸|父亲|孩子|别人|有人"
    r"|\b(?:not|never|no longer|nor)\W+(?:\w+\W+){0,3}$|n't\W+(?:\w+\W+){0,3}$"
    r"|\b(?:he|she|they|his|her|their|someone|somebody|people|friend|mom|mother|dad|father|brother|sister|son"
    r"|daughter|child|kid|wife|husband|partner|boyfriend|girlfriend)\b",
    re.IGNORECASE,
)


def mentions_death(text: str) -> bool:
    """The text uses a word of death or self-harm (the broad screen).

    >>> mentions_death("this week is killing me"), mentions_death("我失恋了，好难过")
    (True, False)
    """
    return MENTIONS.search(text) is not None


def speaks_of_suicide(text: str) -> bool:
    """The person speaks of their own suicide or self-harm (the narrow screen): a phrase of :data:`SPEAKS` not
    after a negation or a third person in its clause.

    >>> [speaks_of_suicide(t) for t in ("我不想活了", "我从没想过自杀", "I'm not suicidal", "she wants to die")]
    [True, False, False, False]
    """
    for m in SPEAKS.finditer(text):
        start = max((c.end() for c in _CLAUSE.finditer(text, 0, m.start())), default=0)
        if _NOT_MINE.search(text[start : m.start()]) is None:
            return True
    return False


def screen(turns: Sequence[str]) -> tuple[str, int | None]:
    """``("with", turn)`` where the person speaks of suicide or self-harm, first on user turn ``turn``
    (1-based); ``("without", None)`` where no user turn mentions death or self-harm; else ``("unclear", turn)``
    with the first turn that mentions it.

    >>> screen(["我和男朋友分手了", "这周忙死了", "有时候真的想死"])
    ('with', 3)
    >>> screen(["I broke up with my boyfriend", "I feel so alone"])
    ('without', None)
    """
    mention = None
    for i, text in enumerate(turns, start=1):
        if speaks_of_suicide(text):
            return "with", i
        if mention is None and mentions_death(text):
            mention = i
    return ("without", None) if mention is None else ("unclear", mention)


#: the levels a conversation's figures are given at (each: that level or above)
CUTS = (RiskLevel.MODERATE, RiskLevel.HIGH)


def dialogue_result(dialogue: DialogueRow, levels: Sequence[RiskLevel]) -> dict:
    """One conversation's line of the report: its id, line, user turns and label, the group it counts in (by its
    label, else by :func:`screen`) with the screen's turn, the peak level and the first turn that reached it, the
    first turn at or above each level of :data:`CUTS`, and the level after every user turn."""
    group, mention = screen(dialogue.turns)
    if dialogue.label is not None:
        group = "with" if dialogue.label else "without"
    peak = max(levels, default=RiskLevel.NONE)
    out: dict = {"id": dialogue.id, "line": dialogue.number, "turns": len(levels)}
    if dialogue.label is not None:
        out["label"] = dialogue.label
    out.update(
        {
            "risk": group,
            "by": "label" if dialogue.label is not None else "screen",
            "mention_turn": mention,
            "peak": peak.name,
            "peak_turn": _first_at(levels, peak) if levels else None,
            "first": {cut.name: _first_at(levels, cut) for cut in CUTS},
            "levels": [lv.name for lv in levels],
        }
    )
    return out


def _first_at(levels: Sequence[RiskLevel], cut: RiskLevel) -> int | None:
    return next((i for i, lv in enumerate(levels, start=1) if lv >= cut), None)


def conversation_report(results: Sequence[dict]) -> dict:
    """The figures over :func:`dialogue_result` lines: for conversations without risk the share that reach each
    level of :data:`CUTS` (false alarms); for those with risk the share that reach it (detection), the median turn
    it was first reached and the median number of turns from the screen's turn to it (negative: before the
    person spoke of it); for the unclear ones the share that reach it."""
    groups = {g: [r for r in results if r["risk"] == g] for g in ("without", "with", "unclear")}
    out: dict = {}
    for group, key, name in (
        ("without", "false_alarms", "without_risk"),
        ("with", "detected", "with_risk"),
        ("unclear", "reached", "unclear"),
    ):
        rows = groups[group]
        figures = {}
        for cut in CUTS:
            hit = [r for r in rows if r["first"][cut.name] is not None]
            fig: dict = {"count": len(hit), "rate": round(len(hit) / len(rows), 4) if rows else None}
            if group == "with":
                fig["median_turn"] = _median([r["first"][cut.name] for r in hit])
                lags = [
                    r["first"][cut.name] - r["mention_turn"] for r in hit if r["mention_turn"] is not None
                ]
                fig["median_turns_after_mention"] = _median(lags)
            figures[cut.name] = fig
        out[name] = {"n": len(rows), key: figures}
    return out


def _median(values: Sequence[int]) -> float | None:
    return float(median(values)) if values else None


def evaluate_conversations(
    dialogues: Iterable[DialogueRow],
    assessor,
    *,
    data: str,
    progress: Callable[[int], None] | None = None,
) -> dict:
    """Run a :class:`~xinyu.safety.risk.ConversationRisk` over the user turns of every conversation, as a chat
    session would, and report: ``data`` (the file's name, as given), the model (``cues`` for the cue layer alone)
    and its load error if any, the counts, the :func:`conversation_report` figures, one :func:`dialogue_result`
    line per conversation (``dialogues``) and the rows left out (``errors``). ``progress`` gets 1 after each
    conversation."""
    from xinyu.safety.risk import ConversationRisk

    results: list[dict] = []
    errors: list[dict] = []
    for dialogue in dialogues:
        if dialogue.error is None and not dialogue.turns:
            dialogue = replace(dialogue, error="no user turns")
        if dialogue.error is not None:
            errors.append({"line": dialogue.number, "id": dialogue.id, "error": dialogue.error})
            continue
        conv = ConversationRisk(assessor)
        levels = [conv.add_assessed(a).level for a in assessor.assess_batch(list(dialogue.turns))]
        results.append(dialogue_result(dialogue, levels))
        if progress is not None:
            progress(1)
    report = {
        "data": data,
        "model": "cues" if assessor.model is None else assessor.model.source.rsplit("/", 1)[-1],
        "n": len(results),
        "turns": sum(r["turns"] for r in results),
        **conversation_report(results),
        "dialogues": results,
    }
    if assessor.model_error:
        report["model_error"] = assessor.model_error
    if errors:
        report["errors"] = errors
    return report
