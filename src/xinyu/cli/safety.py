"""``xinyu risk``, ``xinyu redact``, ``xinyu eval risk`` and ``xinyu train risk``."""

from __future__ import annotations

import io
import itertools
import json
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from xinyu.cli.common import err_console, fail, load_rows, progress, write_json
from xinyu.evaluate.risk import evaluate_conversations, evaluate_risk, read_binary_gold
from xinyu.io import DialogueRow, dialogue_rows, user_turns
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
    data: Path = typer.Option(None, help="Labelled .jsonl/.csv/.tsv file.", show_default=False),
    conversations: Path = typer.Option(
        None,
        help='Whole conversations instead: a .jsonl file of {"id", "turns": [{"role", "text"}...], "label"} '
        "(label optional, 1 when the conversation is at risk), or ESConv, SMILECHAT or standard records.",
        show_default=False,
    ),
    text_field: str = typer.Option("text", help="Field with the text (of a turn, with --conversations)."),
    label_field: str = typer.Option(
        "label", help="Field with the binary gold label (1/0, true/false, yes/no)."
    ),
    threshold: str = typer.Option(
        "high", help="Lowest level that counts as positive: low, moderate, high, imminent (with --data)."
    ),
    model: str = typer.Option(
        None, help="Directory of a risk model instead of the shipped one.", show_default=False
    ),
    cues_only: bool = typer.Option(False, "--cues-only", help="Score the cue layer alone."),
    json_out: bool = typer.Option(False, "--json", help="Print one JSON object."),
    out: Path = typer.Option(
        None,
        "--out",
        "-o",
        help="With --conversations: write one JSON line per conversation here.",
        show_default=False,
    ),
    limit: int = typer.Option(
        None, min=1, help="Score only the first N rows (conversations).", show_default=False
    ),
) -> None:
    """Precision, recall, F1 and the confusion matrix of the risk layer against a binary label; or, with
    --conversations, how far whole conversations rise and when.

    [b]Examples[/]

      xinyu eval risk --data weibo_suicide_svm_zh/train.jsonl --text-field text --label-field suicidal \\
        --threshold moderate --json
      xinyu eval risk --conversations esconv/valid.jsonl --out dialogues.jsonl

    Levels at or above --threshold count as positive ([b]high[/] by default). Rows that cannot be read are listed
    under [b]errors[/] and the command exits 1.

    With --conversations, the user turns of each conversation go through the conversation layer in order, as in a
    chat session: per conversation the peak level and the turn it was first reached; over conversations without
    risk the share reaching moderate and high (false alarms); over those with risk the share reaching them, the
    median turn and the median number of turns after the person first spoke of it. A conversation's label says
    whether it is at risk; without one, a keyword screen decides (see xinyu.evaluate.risk: a screen for the
    evaluation, not the detector): no word of death or self-harm on any user turn is [b]without risk[/], the
    person speaking of suicide or self-harm is [b]with risk[/], the rest is [b]unclear[/] and counts in neither.
    """
    from xinyu.levels import RiskLevel, UnknownLevelError

    if (data is None) == (conversations is None):
        fail("give --data FILE or --conversations FILE (not both)")
    if conversations is not None:
        _eval_conversations(conversations, text_field, label_field, model, cues_only, json_out, out, limit)
        return
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


#: layouts of the data workbench whose records are conversations with user turns
CONVERSATION_LAYOUTS = ("esconv", "smilechat", "standard")


def _eval_conversations(
    path: Path,
    text_field: str,
    label_field: str,
    model: str | None,
    cues_only: bool,
    json_out: bool,
    out: Path | None,
    limit: int | None,
) -> None:
    dialogues = _read_dialogues(path, text_field, label_field, limit)
    if not any(d.error is None and d.turns for d in dialogues):
        fail(f"{path}: no conversations to assess")
    assessor = _assessor(model, cues_only)
    with progress() as bar:
        task = bar.add_task("conversations", total=len(dialogues))
        report = evaluate_conversations(
            dialogues, assessor, data=str(path), progress=lambda n: bar.advance(task, n)
        )
    if out is not None:
        with out.open("w", encoding="utf-8") as fh:
            for line in report["dialogues"]:
                fh.write(json.dumps(line, ensure_ascii=False) + "\n")
    if json_out:
        write_json(report)
    else:
        _print_conversations(path, report)
    if report.get("errors"):
        for e in report["errors"]:
            err_console.print(f"line {e['line']}: {e['error']}")
        raise typer.Exit(1)


def _read_dialogues(path: Path, text_field: str, label_field: str, limit: int | None) -> list[DialogueRow]:
    """The conversations of a file, by its first readable row: a conversation a line (``turns``), else a layout
    the data workbench ingests (ESConv, SMILECHAT, standard records), user turns in order."""
    rows = load_rows(path)
    first = next((r.record for r in rows if r.record is not None), None)
    if first is None:
        fail(f"{path}: no readable rows")
    if "turns" in first:
        return list(itertools.islice(dialogue_rows(rows, text_field, label_field), limit))
    from xinyu.data.ingest import detect_layout, ingest
    from xinyu.data.record import Ledger

    layout = detect_layout(first)
    if layout not in CONVERSATION_LAYOUTS:
        fail(
            f'{path}: not conversations (expected {{"id", "turns": [...]}} a line, or ESConv, SMILECHAT or '
            f"standard records; its first row reads as the {layout} layout)"
        )
    rejects = io.StringIO()
    out: list[DialogueRow] = []
    records = ingest(path, Ledger(rejects), layout=layout)
    for did, group in itertools.groupby(records, key=lambda r: r.dialogue_id):
        if limit is not None and len(out) >= limit:
            break
        group = list(group)
        number = _line_of(group[0].meta.get("row"), len(out) + 1)
        turns = tuple(r.text for r in group if r.role == "user")
        out.append(DialogueRow(number, did, turns))
    for line in rejects.getvalue().splitlines():
        reject = json.loads(line)
        out.append(DialogueRow(_line_of(reject["uid"], 0), error=reject["reason"]))
    return out


def _line_of(uid: object, default: int) -> int:
    """The line number of an ingested row's uid (``file.jsonl:12``)."""
    tail = str(uid).rsplit(":", 1)[-1]
    return int(tail) if tail.isdigit() else default


def _print_conversations(path: Path, report: dict) -> None:
    c = Console()
    c.print(
        f"[bold]{path.name}[/]: {report['n']} conversations, {report['turns']} user turns, model {report['model']}"
    )
    t = Table(title="conversations reaching each level")
    for col in ("", "n", "moderate+", "high+", "median turn (high+)"):
        t.add_column(col)
    groups = (
        ("without risk", "without_risk", "false_alarms"),
        ("with risk", "with_risk", "detected"),
        ("unclear", "unclear", "reached"),
    )
    for name, key, figures in groups:
        group = report[key]
        cells = [group[figures][cut] for cut in ("moderate", "high")]
        shown = [f"{f['count']} ({f['rate']:.1%})" if f["rate"] is not None else "-" for f in cells]
        turn = cells[1].get("median_turn")
        t.add_row(name, str(group["n"]), *shown, "-" if turn is None else f"{turn:g}")
    c.print(t)
    alarms = [
        d["id"] for d in report["dialogues"] if d["risk"] == "without" and d["first"]["high"] is not None
    ]
    if alarms:
        c.print(f"without risk, reaching high: {', '.join(alarms[:20])}{' ...' if len(alarms) > 20 else ''}")


def train_risk_cmd(
    data_dir: Path = typer.Option(
        ...,
        help="Folder holding the public datasets (sos1k_suicide_zh/, weibo_suicide_svm_zh/, smp2020_ewect/, "
        "suicide_tweets_en_weak/, reddit_cssrs500_en/, goemotions/; optional dialogue negatives: "
        "empathetic_personas/, cped_zh/, and esconv/ with --non-commercial).",
    ),
    out: Path = typer.Option(..., help="Output directory for zh.npz / en.npz."),
    lang: list[str] = typer.Option(["zh", "en"], help="Languages to build (repeatable)."),
    cv: str = typer.Option(
        None,
        help="Instead of building, cross-validate the whole layer on one source's dev folds: sos1k (its "
        "cv_fold) or weibo_suicide (five seeded folds); the report fold (5) is set aside. Prints a JSON report "
        "with the plain baseline and the cue layer alone, measured in the same run.",
        show_default=False,
    ),
    threshold: str = typer.Option(
        None,
        help="With --cv: level counted positive. Defaults: sos1k high (its binary label is high risk); "
        "weibo_suicide low (its positives are every post of a suicide tree hole, life pain included, which the "
        "ladder puts at low; the report's by_level gives every other cut).",
    ),
    non_commercial: bool = typer.Option(
        False,
        "--non-commercial",
        help="Also train on sets whose terms forbid commercial use (ESConv, CC BY-NC 4.0): the model built is "
        "then for non-commercial research only (its <lang>.train.json says so). The shipped model is built "
        "without them.",
    ),
    report_fold: int = typer.Option(
        None,
        min=1,
        help="With --cv: the report fold, set aside from development; after the dev figures, train on the dev "
        "folds and measure it once (under 'report'). Without it, fold 5 is set aside and not measured.",
        show_default=False,
    ),
) -> None:
    """Train the risk model (see src/xinyu/models/risk-linear/MODEL_CARD.md), or measure it by cross-validation.

    [b]Examples[/]

      xinyu train risk --data-dir datasets --out src/xinyu/models/risk-linear
      xinyu train risk --data-dir datasets --out /tmp/cv --cv sos1k
      xinyu train risk --data-dir datasets --out /tmp/cv --cv sos1k --report-fold 5

    The model built is trained on every row (all five SOS-1K folds); the figures of --report-fold are those of the
    same configuration trained on the dev folds.
    """
    from xinyu.levels import RiskLevel, UnknownLevelError
    from xinyu.train.risk import RiskTrainConfig, load_corpus, train_risk, write_risk_model
    from xinyu.train.risk_protocol import CV_SOURCES, REPORT_FOLD, cv_report

    def say(msg: str) -> None:
        err_console.print(f"[dim]{msg}[/]")

    if report_fold is not None and not cv:
        fail("--report-fold goes with --cv")
    if cv:
        if cv not in CV_SOURCES:
            fail(f"--cv takes one of {', '.join(CV_SOURCES)}")
        if threshold is not None:
            try:
                RiskLevel.parse(threshold)
            except UnknownLevelError as exc:
                fail(str(exc))
        try:
            result = cv_report(
                data_dir,
                cv,
                threshold,
                say,
                report=report_fold is not None,
                report_fold=report_fold or REPORT_FOLD,
                non_commercial=non_commercial,
            )
        except FileNotFoundError as exc:
            fail(f"missing dataset file: {exc.filename}")
        except ValueError as exc:
            fail(str(exc))
        write_json(result)
        return
    for language in lang:
        if language not in LANGUAGES:
            fail(f"unknown language {language!r}; use zh or en")
        try:
            corpus = load_corpus(data_dir, language, non_commercial=non_commercial)
        except FileNotFoundError as exc:
            fail(f"missing dataset file: {exc.filename}")
        for name in corpus.missing:
            say(f"{language}: {name} not found, trained without it")
        model = train_risk(corpus, RiskTrainConfig(language), say)
        say(f"wrote {write_risk_model(model, corpus, out)}")
    if non_commercial:
        say("trained on sets that forbid commercial use: for non-commercial research only")
