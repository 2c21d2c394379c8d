"""The chat path's whole understanding of one turn, against the emotion model alone (the old path), on the same
turns in the same run; then the same turns written in Traditional characters.

    python bench/bench_understand.py            (make bench-understand; no data needed)

"Understanding" is what ``ChatService.turn`` does with a message before it asks for a reply: the message's risk
(cues and model) and the conversation's, the emotion analysis (default backend: the linear model for Chinese, the
fine-tuned MiniLM blended with it for English) with its core words, and the reply context (``build_context``: the
dialogue acts, the situation, the facts, the emotion read in context, the topic and the plan). The baseline is
``EmotionAnalyzer.analyze`` of the ``linear`` backend alone, which is all a turn read before the dialogue manager;
the default analyzer alone is timed beside it.

Turns: the user turns of the dialogue suite (tests/dialogue/suite_zh.jsonl and suite_en.jsonl, a development set),
each conversation in order, so that every turn is read with the turns before it. Each pass times every turn once
per path, the paths one after the other; one pass first warms up, untimed. Traditional: every Chinese turn converted
by OpenCC (``s2twp``, Taiwan's characters and words; turns already in Traditional stay so), read by the whole path.
The script also times ``xinyu.lang.simplified``, the fold that lets the Simplified models read Traditional text, and
counts the Traditional turns whose reading (emotion in context, acts, event, risk level) differs from the
Simplified turn's.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path

SUITES = [Path("tests/dialogue/suite_zh.jsonl"), Path("tests/dialogue/suite_en.jsonl")]


def conversations(paths: list[Path]) -> list[list[str]]:
    """The user turns of each conversation of the suites, in order."""
    from xinyu.evaluate.dialogue import read_suites

    return [[turn.user for turn in convo.turns] for convo in read_suites(paths)]


class Understanding:
    """One conversation's understanding, turn by turn, as the chat turn reads a message before the reply."""

    def __init__(self, analyzer, assessor) -> None:
        from xinyu.respond.dialogue import DialogueState
        from xinyu.safety import ConversationRisk

        self.analyzer, self.assessor = analyzer, assessor
        self.conv = ConversationRisk(assessor)
        self.state = DialogueState()
        self.turn_index = 0

    def read(self, message: str) -> tuple:
        """The turn's reading: (emotion in context, acts, event, risk level)."""
        from xinyu.respond.chat import reply_language
        from xinyu.respond.context import build_context
        from xinyu.respond.dialogue import in_context

        assessed = self.assessor.assess(message)
        risk = self.conv.add_assessed(assessed)
        emotion = self.analyzer.analyze(message)
        ctx = build_context(
            message,
            emotion,
            risk.level.name,
            reply_language(emotion.language, message),
            turn_index=self.turn_index,
            state=self.state,
            message_risk=assessed.level.name,
            cues=frozenset(c.kind for c in assessed.cues if c.active),
        )
        self.turn_index += 1
        emotion = in_context(emotion, ctx.reading.emotion if ctx.reading is not None else emotion.label)
        reading = ctx.reading
        return emotion.label, reading.acts.acts, reading.situation.event, risk.level.name


def one_pass(paths: dict[str, Callable[[], Callable[[str], object]]], convos: list[list[str]]) -> dict:
    """Milliseconds per turn for each path, the conversations read in order (a fresh reader per conversation)."""
    out: dict[str, list[float]] = {}
    for name, new_reader in paths.items():
        ms = out.setdefault(name, [])
        for convo in convos:
            read = new_reader()
            for message in convo:
                start = time.perf_counter()
                read(message)
                ms.append((time.perf_counter() - start) * 1000)
    return out


def figures(ms: list[float]) -> dict:
    q = statistics.quantiles(ms, n=100)
    return {"n": len(ms), "mean": statistics.mean(ms), "p50": q[49], "p95": q[94], "max": max(ms)}


def fold_cost(turns: list[str], repeat: int = 200) -> float:
    """Microseconds a turn for ``xinyu.lang.simplified`` (its table built before)."""
    from xinyu.lang import simplified

    simplified("預熱")
    start = time.perf_counter()
    for _ in range(repeat):
        for t in turns:
            simplified(t)
    return (time.perf_counter() - start) / (repeat * len(turns)) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--passes", type=int, default=5, help="timed passes over the suite")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args()

    import opencc

    from xinyu.config import Settings
    from xinyu.emotion import get_analyzer
    from xinyu.lang import detect_language, simplified
    from xinyu.safety import RiskAssessor

    settings = Settings()
    linear, default = get_analyzer("linear", settings), get_analyzer(None, settings)
    assessor = RiskAssessor()
    convos = conversations(SUITES)
    taiwan = opencc.OpenCC("s2twp").convert
    traditional = [[taiwan(m) if detect_language(m) == "zh" else m for m in convo] for convo in convos]

    def whole() -> Callable[[str], tuple]:
        return Understanding(default, assessor).read

    paths = {
        "linear analyze (baseline)": lambda: linear.analyze,
        "default analyze": lambda: default.analyze,
        "whole understanding": whole,
    }
    one_pass(paths, convos)  # warm-up: lazy tables, the first call of every model
    one_pass({"whole": whole}, traditional)
    timed: dict[str, list[float]] = {}
    for _ in range(args.passes):
        for name, ms in one_pass(paths, convos).items():
            timed.setdefault(name, []).extend(ms)
        timed.setdefault("whole understanding, Traditional", []).extend(
            one_pass({"whole": whole}, traditional)["whole"]
        )
    rows = {name: figures(ms) for name, ms in timed.items()}

    # the Traditional turns read as their Simplified turns
    differ, converted = [], 0
    for simp, trad in zip(convos, traditional, strict=True):
        a, b = whole(), whole()
        for s, t in zip(simp, trad, strict=True):
            ra, rb = a(s), b(t)
            converted += s != t
            if s != t and ra != rb:
                differ.append({"simplified": s, "traditional": t, "reading": ra, "reading_traditional": rb})
    zh_simp = [m for convo in convos for m in convo if detect_language(m) == "zh" and simplified(m) == m]
    zh_trad = [m for convo in traditional for m in convo if detect_language(m) == "zh"]

    turns = sum(map(len, convos))
    chars = statistics.mean(len(m) for convo in convos for m in convo)
    print(
        f"{turns} user turns in {len(convos)} conversations ({chars:.0f} characters on average), {args.passes} "
        f"passes; {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}"
    )
    base = rows["linear analyze (baseline)"]["mean"]
    print("\n| path | turns | mean (ms) | p50 | p95 | max | mean vs baseline |")
    print("|---|---|---|---|---|---|---|")
    for name, r in rows.items():
        print(
            f"| {name} | {r['n']} | {r['mean']:.2f} | {r['p50']:.2f} | {r['p95']:.2f} | {r['max']:.2f} | "
            f"{r['mean'] / base:.2f}x |"
        )
    print(
        f"\nxinyu.lang.simplified: {fold_cost(zh_trad):.1f} us a Traditional turn, "
        f"{fold_cost(zh_simp):.1f} us a Simplified one (left as it is)"
    )
    print(f"Traditional turns read otherwise than in Simplified: {len(differ)} of {converted} converted")
    for d in differ:
        print(f"  {d['traditional']}: {d['reading_traditional']} (Simplified: {d['reading']})")
    if args.json:
        args.json.write_text(json.dumps({"rows": rows, "differ": differ}, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
