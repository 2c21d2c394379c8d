"""``xinyu risk``, ``xinyu redact``, ``xinyu eval risk`` and ``xinyu train risk``."""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from xinyu.cli.common import err_console, fail, load_rows, progress, write_json
from xinyu.evaluate.risk import evaluate_risk, read_binary_gold
from xinyu.io import user_turns
from xinyu.lang import LANGUAGES


def _assessor(model: str | None, cues_only: bool):
    from xinyu.config import get_settings
    from xinyu.safety import get_assessor

    settings = get_settings()
    if cues_only:
        model = "off"
    if model:
        settings = settings.model_copy(
            update={"safety": settings.safety.model_copy(update={"risk_model": model})}
        )
    assessor = get_assessor(settings)
    if assessor.model_error:
        err_console.print(f"[yellow]warning:[/] {assessor.model_error}")
    return assessor


def risk(
    text: str = typer.Argument(None, help="A message to assess.", show_default=False),
    conversation: Path = typer.Option(
        None,
        help='A conversation as JSONL, one turn a line ({"role": "user", "text": ...}); user turns are '
        "assessed in order.",
        show_default=False,
    ),
    text_field: str = typer.Option(
        "text", help="Field with the turn's text (content and message also work)."
    ),
    model: str = typer.Option(
        None, help="Directory of a risk model instead of the shipped one.", show_default=False
    ),
    cues_only: bool = typer.Option(False, "--cues-only", help="Run the cue layer alone."),
    json_out: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Crisis risk of a message or a whole conversation: level (none, low, moderate, high, imminent), score, reasons.

    [b]Examples[/]

      xinyu risk --json "家里都没有方便我上吊的地方"
      xinyu risk --conversation chat.jsonl --json

    The reasons list every cue matched (and why a defused one did not count), the model's probabilities and, for a
    conversation, the themes and turns that built the level.
    """
    if (text is None) == (conversation is None):
        fail("give a message, or --conversation FILE.jsonl (not both)")
    assessor = _assessor(model, cues_only)
    if text is not None:
        result = assessor.assess(text).to_dict()
        if json_out:
            write_json(result)
        else:
            _print_one(result)
        return

    from xinyu.safety import ConversationRisk

    conv = ConversationRisk(assessor)
    turns = []
    errors = []
    for turn in user_turns(load_rows(conversation), text_field):
        if turn.error is not None:
            errors.append({"line": turn.number, "error": turn.error})
            continue
        a = conv.add(turn.text)
        turns.append({"line": turn.number, **a.to_dict()})
    if not turns:
        fail(f"{conversation}: no user turns to assess")
    final = turns[-1]
    out = {"level": final["level"], "score": final["score"], "reasons": final["reasons"], "turns": turns}
    if errors:
        out["errors"] = errors
    if json_out:
        write_json(out)
    else:
        table = Table(title=f"{conversation.name}: {final['level']}")
        for col in ("line", "level", "score", "cues"):
            table.add_column(col)
        for t in turns:
            cues = ", ".join(r["kind"] for r in t["reasons"] if r["layer"] == "cue" and "suppressed" not in r)
            table.add_row(str(t["line"]), t["level"], f"{t['score']:.2f}", cues)
        Console().print(table)
    if errors:
        for e in errors:
            err_console.print(f"line {e['line']}: {e['error']}")
        raise typer.Exit(1)


def _print_one(result: dict) -> None:
    console = Console()
    console.print(f"[bold]{result['level']}[/]  score {result['score']:.2f}  ({result['language']})")
    for r in result["reasons"]:
        if r["layer"] == "cue":
            why = f"  [dim](defused: {r['suppressed']})[/]" if "suppressed" in r else ""
            console.print(f"  cue {r['kind']}: {r['text']!r} -> {r['level']}{why}")
        elif "error" in r:
            console.print(f"  [yellow]model: {r['error']}[/]")
        else:
            probs = ", ".join(f"{k} {v:.2f}" for k, v in r.get("probs", {}).items())
            console.print(f"  model: {probs} -> {r.get('level')}")


def redact_cmd(
    text: str = typer.Argument(None, help="Text to redact.", show_default=False),
    input: Path = typer.Option(
        None, "--input", "-i", help="A .jsonl file (each line an object).", show_default=False
    ),
    field: list[str] = typer.Option(
        ["text"], "--field", help="Field(s) to redact in --input rows (repeatable)."
    ),
    output: Path = typer.Option(
        None, "--out", "-o", help="Write here instead of stdout.", show_default=False
    ),
    mode: str = typer.Option("mask", help="mask ([PHONE]), hash ([PHONE:1a2b...], keyed) or drop."),
    kinds: str = typer.Option(
        None, help="Only these kinds, comma-separated (default all).", show_default=False
    ),
    json_out: bool = typer.Option(
        False, "--json", help="For TEXT: print the redacted text and the entities found."
    ),
) -> None:
    """Find and redact PII: mainland IDs (checksum), phones, bank cards (Luhn), e-mail, WeChat/QQ ids, IPs, token
    URLs, addresses; US phones, SSNs, cards.

    [b]Examples[/]

      xinyu redact "我的手机号是13812345678"
      xinyu redact --input chats.jsonl --field text --field reply --mode hash --out clean.jsonl

    Hash mode uses [b]XINYU_SAFETY__PII_KEY[/], or a key file created under the data directory on first use, so the
    same value maps to the same token across runs. Unreadable lines are reported and copied through unchanged, so
    nothing is lost; the command then exits 1.
    """
    from xinyu.safety.pii import KINDS, MODES, redact_jsonl
    from xinyu.safety.pii import redact as do_redact

    if mode not in MODES:
        fail(f"unknown mode {mode!r}; choose one of {', '.join(MODES)}")
    wanted = [k.strip() for k in kinds.split(",")] if kinds else None
    if wanted and set(wanted) - set(KINDS):
        fail(f"unknown PII kind(s) {sorted(set(wanted) - set(KINDS))}; choose from {', '.join(KINDS)}")
    if (text is None) == (input is None):
        fail("give a text, or --input FILE.jsonl (not both)")
    key = None
    if mode == "hash":
        from xinyu.safety import pii_key

        key = pii_key()
    if text is not None:
        red = do_redact(text, mode, key, wanted)
        if json_out:
            write_json({"text": red.text, "entities": [e.to_dict() for e in red.entities]})
        else:
            sys.stdout.write(red.text + "\n")
        return
    if not input.exists():
        fail(f"{input}: no such file")
    out = output.open("w", encoding="utf-8") if output else sys.stdout
    counts: dict[str, int] = {}
    bad = 0
    try:
        with input.open(encoding="utf-8", errors="replace") as fh, progress() as bar:
            task = bar.add_task("redacting", total=None)
            for line in redact_jsonl(fh, fields=field, mode=mode, key=key, kinds=wanted):
                if line.error is not None:
                    err_console.print(f"line {line.number}: {line.error}")
                    bad += 1
                for e in line.entities:
                    counts[e.kind] = counts.get(e.kind, 0) + 1
                out.write(line.text + "\n")
                if line.redacted:
                    bar.advance(task)
    finally:
        if output:
            out.close()
    summary = ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "none"
    err_console.print(f"redacted: {summary}")
    if bad:
        raise typer.Exit(1)


def eval_risk(
    data: Path = typer.Option(..., help="Labelled .jsonl/.csv/.tsv file."),
    text_field: str = typer.Option("text", help="Field with the text."),
    label_field: str = typer.Option(
        "label", help="Field with the binary gold label (1/0, true/false, yes/no)."
    ),
    threshold: str = typer.Option(
        "high", help="Lowest level that counts as positive: low, moderate, high, imminent."
    ),
    model: str = typer.Option(
        None, help="Directory of a risk model instead of the shipped one.", show_default=False
    ),
    cues_only: bool = typer.Option(False, "--cues-only", help="Score the cue layer alone."),
    json_out: bool = typer.Option(False, "--json", help="Print one JSON object."),
    limit: int = typer.Option(None, min=1, help="Score only the first N rows.", show_default=False),
) -> None:
    """Precision, recall, F1 and the confusion matrix of the risk layer against a binary label.

    [b]Example[/]

      xinyu eval risk --data weibo_suicide_svm_zh/train.jsonl --text-field text --label-field suicidal \\
        --threshold moderate --json

    Levels at or above --threshold count as positive ([b]high[/] by default). Rows that cannot be read are listed
    under [b]errors[/] and the command exits 1.
    """
    from xinyu.levels import RiskLevel, UnknownLevelError

    try:
        cut = RiskLevel.parse(threshold)
    except UnknownLevelError as exc:
        fail(str(exc))
    if cut == RiskLevel.NONE:
        fail("--threshold none would count every message as positive; use low or above")
    gold = read_binary_gold(load_rows(data, limit), text_field, label_field)
    if not gold.texts:
        fail(f"{data}: no usable rows (check --text-field and --label-field)")
    assessor = _assessor(model, cues_only)
    with progress() as bar:
        task = bar.add_task("assessing", total=len(gold.texts))
        report = evaluate_risk(gold, assessor, cut, data=str(data), progress=lambda n: bar.advance(task, n))
    if json_out:
        write_json(report)
    else:
        c = Console()
        c.print(f"[bold]{data.name}[/]: n {report['n']}, positive = level >= {cut.name}")
        c.print(f"precision {report['precision']:.4f}  recall {report['recall']:.4f}  F1 {report['f1']:.4f}")
        (tn, fp), (fn, tp) = report["confusion"]["matrix"]
        t = Table(title="confusion (rows gold, columns predicted)")
        t.add_column("")
        t.add_column("pred 0")
        t.add_column("pred 1")
        t.add_row("gold 0", str(tn), str(fp))
        t.add_row("gold 1", str(fn), str(tp))
        c.print(t)
        for e in gold.errors:
            err_console.print(f"line {e['line']}: {e['error']}")
    if gold.errors:
        raise typer.Exit(1)


def train_risk_cmd(
    data_dir: Path = typer.Option(
        ...,
        help="Folder holding the public datasets (sos1k_suicide_zh/, weibo_suicide_svm_zh/, smp2020_ewect/, "
        "suicide_tweets_en_weak/, reddit_cssrs500_en/, goemotions/).",
    ),
    out: Path = typer.Option(..., help="Output directory for zh.npz / en.npz."),
    lang: list[str] = typer.Option(["zh", "en"], help="Languages to build (repeatable)."),
    cv: str = typer.Option(
        None,
        help="Instead of building, cross-validate the whole layer on one source: sos1k (its cv_fold) or "
        "weibo_suicide (five seeded folds). Prints a JSON report.",
        show_default=False,
    ),
    threshold: str = typer.Option(
        None,
        help="With --cv: level counted positive. Defaults: sos1k high (its binary label is high risk); "
        "weibo_suicide low (its positives are every post of a suicide tree hole, life pain included, which the "
        "ladder puts at low; the report's by_level gives every other cut).",
    ),
) -> None:
    """Train the risk model (see src/xinyu/models/risk-linear/MODEL_CARD.md), or measure it by cross-validation.

    [b]Examples[/]

      xinyu train risk --data-dir datasets --out src/xinyu/models/risk-linear
      xinyu train risk --data-dir datasets --out /tmp/cv --cv sos1k
    """
    from xinyu.train.risk import (
        CV_SOURCES,
        RiskTrainConfig,
        cv_report,
        load_corpus,
        train_risk,
        write_risk_model,
    )

    def say(msg: str) -> None:
        err_console.print(f"[dim]{msg}[/]")

    if cv:
        if cv not in CV_SOURCES:
            fail(f"--cv takes one of {', '.join(CV_SOURCES)}")
        try:
            write_json(cv_report(data_dir, cv, threshold, say))
        except FileNotFoundError as exc:
            fail(f"missing dataset file: {exc.filename}")
        return
    for language in lang:
        if language not in LANGUAGES:
            fail(f"unknown language {language!r}; use zh or en")
        try:
            corpus = load_corpus(data_dir, language)
        except FileNotFoundError as exc:
            fail(f"missing dataset file: {exc.filename}")
        model = train_risk(corpus, RiskTrainConfig(language), say)
        say(f"wrote {write_risk_model(model, corpus, out)}")
