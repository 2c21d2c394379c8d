"""``xinyu eval``: score a backend on a labelled file."""

from __future__ import annotations

import json
import time
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from xinyu.cli.common import choices, err_console, fail, load_analyzer, load_rows, progress, write_json
from xinyu.evaluate.emotion import converted, evaluate_emotion, read_gold
from xinyu.taxonomy import UnknownSchemeError, get_scheme, scheme_names

app = typer.Typer(help="Evaluate models on labelled data.", no_args_is_help=True)

#: the scripts ``--script`` converts a Simplified Chinese file into (OpenCC: xinyu.respond.script.converter)
SCRIPTS = ("zh-tw", "zh-hk", "zh-hant")
SCRIPT_HELP = (
    "Convert every text from Simplified to Traditional Chinese with OpenCC before scoring, to measure how the "
    "understanding reads that writing: zh-tw (Taiwan's characters and words, s2twp), zh-hk (Hong Kong, s2hk) or "
    "zh-hant (OpenCC's standard, s2t)."
)


def _script(script: str | None):
    """The conversion ``--script`` names, or None; a usage error for another value or without OpenCC."""
    if script is None:
        return None
    from xinyu.respond.script import converter

    if script.lower() not in SCRIPTS:
        fail(f"--script must be {choices(SCRIPTS)}, not {script!r}")
    try:
        return converter(script)
    except ImportError:
        fail("--script needs the opencc package (pip install opencc)")


@app.command("emotion")
def eval_emotion(
    data: Path = typer.Option(..., help="Labelled .jsonl/.csv/.tsv file."),
    text_field: str = typer.Option("text", help="Field with the text."),
    label_field: str = typer.Option(
        "label", help="Field with the gold label; a list value is scored multi-label."
    ),
    scheme: str = typer.Option(..., help=f"Label scheme of the gold labels: {', '.join(scheme_names())}."),
    backend: str = typer.Option(
        None,
        help="encoder (default: English by the fine-tuned MiniLM blended with the linear model, Chinese by the linear "
        "model), linear (fastest, for bulk jobs), lexicon, llm or transformer (the fine-tuned Gemma; neural extra).",
        show_default=False,
    ),
    model: str = typer.Option(
        None,
        help="A linear model directory instead of the shipped one; for encoder and transformer, a trained "
        "transformer model folder (or its ONNX export).",
        show_default=False,
    ),
    json_out: bool = typer.Option(False, "--json", help="Print one JSON object instead of tables."),
    limit: int = typer.Option(None, min=1, help="Score only the first N rows.", show_default=False),
    batch_size: int = typer.Option(512, min=1),
    context: str = typer.Option(
        None,
        help="Score dialogue turns in context: the field(s), comma-separated, whose values make one person's "
        "turns in a conversation (CPED: Dialogue_ID,Speaker); rows in file order.",
        show_default=False,
    ),
    script: str = typer.Option(None, help=SCRIPT_HELP, show_default=False),
) -> None:
    """Accuracy, macro-F1, per-class precision/recall/F1 and the confusion matrix.

    [b]Example[/]

      xinyu eval emotion --data smp2020_ewect/usual_eval.jsonl --text-field content --label-field label \\
        --scheme smp2020 --json

    Dialogue turns, read as the chat reads them (the turns before, the message's risk; never joy at a loss):

      xinyu eval emotion --data cped_zh/valid_split.csv --text-field Utterance --label-field Emotion \\
        --scheme cped --context Dialogue_ID,Speaker --json

    The same file as a person in Taiwan writes it (every text, and so every turn before, converted by OpenCC):

      xinyu eval emotion --data smp2020_ewect/usual_eval.jsonl --text-field content --scheme smp2020 --script zh-tw

    Rows that cannot be read (bad JSON, missing field, a label outside the scheme) are left out of the metrics and
    listed under [b]errors[/]; the command then exits 1. Empty texts count as predicting neutral.
    """
    try:
        get_scheme(scheme)
    except UnknownSchemeError as exc:
        fail(str(exc))
    convert = _script(script)
    rows = load_rows(data, limit)
    analyzer = load_analyzer(backend, model)
    gold = read_gold(rows, scheme, text_field, label_field)
    if not gold.items:
        errors = gold.errors
        fail(
            f"no scorable rows in {data} ({len(errors)} errors; first: {errors[0]['error'] if errors else 'empty file'})"
        )
    if convert is not None:
        gold = converted(gold, convert)
    with progress() as bar:
        task = bar.add_task(f"scoring {data.name}", total=len(gold.items))
        report = evaluate_emotion(
            gold,
            analyzer,
            scheme=scheme,
            data=str(data),
            batch_size=batch_size,
            progress=lambda n: bar.update(task, advance=n),
            **(_in_context(rows, gold, context) if context else {}),
        )
    report["script"] = script.lower() if script else None
    if json_out:
        write_json(report)
    else:
        _print_report(report)
    if gold.errors:
        err_console.print(f"[yellow]{len(gold.errors)} rows were not scored (see 'errors')[/]")
    raise typer.Exit(1 if gold.errors else 0)


def _in_context(rows: list, gold, fields: str) -> dict:
    """The conversation key of each scorable row (its ``fields`` joined) and the risk assessor, for
    :func:`evaluate_emotion` in context; a missing field is a usage error."""
    from xinyu.safety import RiskAssessor

    names = [f.strip() for f in fields.split(",") if f.strip()]
    keys = {}
    for row in rows:
        if row.error is None:
            missing = [f for f in names if f not in row.record]
            if missing:
                fail(
                    f"--context: line {row.number} has no field {missing[0]!r} (fields: {', '.join(row.record)})"
                )
            keys[row.number] = "|".join(str(row.record[f]) for f in names)
    return {"conversations": [keys[n] for n in gold.lines], "assessor": RiskAssessor()}


def _in(report: dict) -> str:
    """`` in zh-tw`` after the file's name when its texts were converted, else nothing."""
    return f" in {report['script']}" if report.get("script") else ""


def _print_report(report: dict) -> None:
    console = Console()
    console.print(
        f"[b]{report['data']}[/]{_in(report)}  n={report['n']}  accuracy={report['accuracy']:.4f}  "
        f"macro-F1=[b]{report['macro_f1']:.4f}[/]  micro-F1={report['micro_f1']:.4f}  ({report['model']})"
    )
    if report.get("in_context"):
        alone = report["model_alone"]
        console.print(
            f"read in context ({report['conversations']} conversations); the model alone on the same turns: "
            f"accuracy={alone['accuracy']:.4f}  macro-F1={alone['macro_f1']:.4f}"
        )
    table = Table("label", "precision", "recall", "F1", "support")
    for lab, c in report["per_class"].items():
        table.add_row(lab, f"{c['precision']:.3f}", f"{c['recall']:.3f}", f"{c['f1']:.3f}", str(c["support"]))
    console.print(table)
    cm = report["confusion_matrix"]
    if not report["multilabel"]:
        grid = Table("gold \\ pred", *cm["labels"])
        for lab, row in zip(cm["labels"], cm["matrix"], strict=True):
            grid.add_row(lab, *map(str, row))
        console.print(grid)


def eval_acts(
    data: Path = typer.Option(
        ...,
        help='Labelled turns, JSONL: {"text", "acts": [...], "facts": {kind: [values]}} ("facts" optional).',
    ),
    json_out: bool = typer.Option(False, "--json", help="Print one JSON object instead of tables."),
    errors: int = typer.Option(
        0, min=0, help="Also list the first N turns whose acts or facts were missed or extra."
    ),
    limit: int = typer.Option(None, min=1, help="Score only the first N rows.", show_default=False),
    script: str = typer.Option(
        None, help=SCRIPT_HELP + " Gold fact values are converted too.", show_default=False
    ),
) -> None:
    """Precision, recall and F1 of the dialogue acts (per act, micro, macro, by language) and of the facts worth
    remembering (per kind), with the time one turn takes.

    [b]Example[/]

      xinyu eval acts --data tests/understand/acts_dev_zh.jsonl --errors 10
      xinyu eval acts --data tests/understand/acts_dev_zh.jsonl --script zh-hk

    Rows that cannot be read (bad JSON, no text, an unknown act) are left out and listed under [b]errors[/];
    the command then exits 1. A row without "facts" is not scored on facts.
    """
    from xinyu.evaluate.acts import converted as acts_converted
    from xinyu.evaluate.acts import evaluate_acts, read_examples

    convert = _script(script)
    examples, bad = read_examples(load_rows(data, limit))
    if not examples:
        fail(
            f"no scorable rows in {data} ({len(bad)} errors; first: {bad[0]['error'] if bad else 'empty file'})"
        )
    if convert is not None:
        examples = acts_converted(examples, convert)
    scores = evaluate_acts(examples)
    report = {
        "data": str(data),
        "script": script.lower() if script else None,
        **scores.report(),
        "n_errors": len(bad),
        "errors": bad[:20],
    }
    if errors:
        report["misses"] = scores.misses(errors)
    if json_out:
        write_json(report)
    else:
        _print_acts(report)
    if bad:
        err_console.print(f"[yellow]{len(bad)} rows were not scored (see 'errors')[/]")
    raise typer.Exit(1 if bad else 0)


def _print_acts(report: dict) -> None:
    console = Console()
    micro = report["micro"]
    console.print(
        f"[b]{report['data']}[/]{_in(report)}  n={report['n']}  micro P={micro['precision']:.3f} R={micro['recall']:.3f} "
        f"F1={micro['f1']:.3f}  macro-F1=[b]{report['macro_f1']:.3f}[/]  exact={report['exact_match']:.3f}  "
        f"{report['ms_per_turn']} ms/turn"
    )
    table = Table("act", "precision", "recall", "F1", "support", "fp", "fn")
    for act, c in report["per_act"].items():
        table.add_row(
            act,
            f"{c['precision']:.3f}",
            f"{c['recall']:.3f}",
            f"{c['f1']:.3f}",
            *map(str, (c["support"], c["fp"], c["fn"])),
        )
    console.print(table)
    languages = Table("language", "n", "micro P", "micro R", "macro-F1")
    for lang, c in report["by_language"].items():
        languages.add_row(
            lang,
            str(c["n"]),
            f"{c['micro']['precision']:.3f}",
            f"{c['micro']['recall']:.3f}",
            f"{c['macro_f1']:.3f}",
        )
    console.print(languages)
    facts = report["facts"]
    if facts["n"]:
        kinds = Table(f"fact ({facts['n']} rows)", "precision", "recall", "F1", "support", "fp", "fn")
        for kind, c in facts["per_kind"].items():
            kinds.add_row(
                kind,
                f"{c['precision']:.3f}",
                f"{c['recall']:.3f}",
                f"{c['f1']:.3f}",
                *map(str, (c["support"], c["fp"], c["fn"])),
            )
        console.print(kinds)
    for miss in report.get("misses", []):
        line = f"line {miss['line']}: {miss['text']}\n  gold {', '.join(miss['gold'])}; predicted {', '.join(miss['predicted'])}"
        for kind, values in miss.get("facts_missing", {}).items():
            line += f"\n  missed {kind}: {', '.join(values)}"
        for kind, values in miss.get("facts_extra", {}).items():
            line += f"\n  extra {kind}: {', '.join(values)}"
        console.print(line, markup=False, highlight=False)


@app.command("reply")
def eval_reply(
    data: Path = typer.Option(
        ..., help="Dialogues (ESConv, SMILECHAT...) or standard records with a response."
    ),
    engine: str = typer.Option("local", help="local, llm (the configured endpoint) or model (--model-path)."),
    model_path: Path = typer.Option(None, help="A fine-tuned reply model directory, for --engine model."),
    strategy: str = typer.Option(
        "planner",
        help="--engine model: the planner picks the support strategy (as in the service), or the model.",
    ),
    replies: Path = typer.Option(
        None,
        help="Score replies written elsewhere instead of calling an engine: JSONL of {id, reply[, strategy]}, "
        "one per user turn (ids as in --samples).",
        show_default=False,
    ),
    batch_size: int = typer.Option(32, min=1, help="Turns answered at once by the model engine."),
    layout: str = typer.Option("auto", help="Input layout (see `xinyu data ingest --help`)."),
    backend: str = typer.Option(
        None, help="Emotion backend that reads the user's state.", show_default=False
    ),
    limit: int = typer.Option(None, min=1, help="Score only the first N user turns.", show_default=False),
    source: str = typer.Option(None, help="Only records of this source (e.g. smilechat in a mixed split)."),
    samples: Path = typer.Option(None, help="Write every (user, reference, reply) here as JSONL."),
    json_out: bool = typer.Option(False, "--json", help="Print one JSON object instead of a table."),
) -> None:
    """BLEU-1/2/4, ROUGE-L, Distinct-1/2, length, emotion fit, strategy accuracy and moderation pass rate of an
    engine's replies against the reference replies; with --engine model, the perplexity of the references too.

    Each user turn with a reply becomes one test: the engine answers it with the turns before it as history and
    the user's emotion and chosen strategy as its input, as in the service. Chinese is scored by character.

    [b]Example[/]

      xinyu eval reply --data esconv/valid.jsonl --engine local --json

      xinyu eval reply --data esconv/valid.jsonl --engine model --model-path models/reply --strategy model
    """
    import itertools
    from typing import get_args

    from xinyu.config import ReplySettings, get_settings
    from xinyu.data import IngestError
    from xinyu.data.ingest import reply_pairs
    from xinyu.evaluate.reply import evaluate_replies
    from xinyu.io import InputFileError
    from xinyu.respond.engines import ENGINES, EngineUnavailable, LocalEngine, PhraseBank, build_engine
    from xinyu.safety import get_assessor

    if engine not in ENGINES:
        fail(f"--engine {engine!r}: choose {choices(ENGINES)}")
    strategies = get_args(ReplySettings.model_fields["model_strategy"].annotation)  # who picks the strategy
    if strategy not in strategies:
        fail(f"--strategy {strategy!r}: choose {choices(strategies)}")
    given = _load_replies(replies) if replies is not None else None
    settings = get_settings()
    reply_settings = settings.reply.model_copy(
        update={"engine": "local" if given else engine, "model_strategy": strategy}
    )
    if model_path is not None:
        reply_settings = reply_settings.model_copy(update={"model_path": model_path})
    settings = settings.model_copy(update={"reply": reply_settings})
    try:
        stream = reply_pairs(data, layout=layout, sources=[source] if source else None)
        records = list(itertools.islice(stream, limit))
        replier = build_engine(settings, LocalEngine(PhraseBank(settings.reply.phrase_dir)))
    except (IngestError, InputFileError, EngineUnavailable, ValueError) as exc:
        fail(str(exc))
    if not records:
        fail(f"{data}: no user turn with a reference reply; is it a dialogue file?")
    analyzer = load_analyzer(backend, None)
    started = time.perf_counter()
    with progress() as bar:
        task = bar.add_task("replying", total=len(records))
        try:
            report, rows = evaluate_replies(
                records,
                replier,
                analyzer,
                get_assessor(),
                lambda: bar.advance(task),
                batch_size=batch_size,
                replies=given,
            )
        except ImportError as exc:
            fail(f"reply metrics need sacrebleu and rapidfuzz: pip install 'xinyu[train]' ({exc})")
        except KeyError as exc:
            fail(f"{replies}: {exc.args[0]}")
    report = {
        "data": str(data),
        "engine": f"file:{replies.name}" if given else engine,
        **({"strategy_by": strategy} if engine == "model" and not given else {}),
        **report,
        "seconds": round(time.perf_counter() - started, 1),
    }
    if samples is not None:
        samples.parent.mkdir(parents=True, exist_ok=True)
        with samples.open("w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    if json_out:
        write_json(report)
        return
    table = Table("metric", "value")
    for key in ("rows", "bleu1", "bleu2", "bleu4", "rouge_l", "distinct1", "distinct2", "length"):
        table.add_row(key, str(report[key]))
    for key in ("emotion_fit", "strategy_accuracy", "moderation_pass"):
        table.add_row(key, "—" if report[key] is None else f"{report[key]}%")
    table.add_row("perplexity", "—" if report["perplexity"] is None else str(report["perplexity"]))
    Console().print(f"[b]{data}[/]  engine={engine}")
    Console().print(table)


def _load_replies(path: Path) -> dict:
    """``{id: {"reply", "strategy"}}`` from a JSONL file, or a clean exit naming the bad line."""
    from xinyu.io import InputFileError, read_replies

    try:
        return read_replies(path)
    except InputFileError as exc:
        fail(str(exc))


@app.command("human-sheet")
def human_sheet(
    a: Path = typer.Option(..., "--a", help="System 1: a samples file from `xinyu eval reply --samples`."),
    b: str = typer.Option(
        "reference",
        "--b",
        help="System 2: another samples file, or 'reference' for the human replies in --a's file.",
    ),
    out: Path = typer.Option(..., help="Folder for sheet.csv, sheet.html and key.json."),
    name_a: str = typer.Option(
        None, help="Name of system 1 in the key and scores (default the file name).", show_default=False
    ),
    name_b: str = typer.Option(
        None, help="Name of system 2 (default the file name, or reference).", show_default=False
    ),
    n: int = typer.Option(100, min=1, help="Pairs to draw (at random, seeded)."),
    seed: int = typer.Option(0, help="Seed of the draw and of which system shows as A."),
    title: str = typer.Option("Which reply is better?", help="Title of the HTML sheet."),
) -> None:
    """Blind pairwise A/B sheets for human raters: empathy, relevance, safety and overall preference.

    Both systems' replies to the same user turns are paired (joined on id; pairs with identical replies are left
    out), their order is drawn per pair, and the draw goes to key.json only. Give raters sheet.html (it saves
    as they go and downloads their ratings as CSV) or sheet.csv (fill the four rubric columns with A, B or
    tie). Keep key.json; `xinyu eval human-score` needs it.

    [b]Example[/]

      xinyu eval reply --data esconv/valid.jsonl --engine model --samples model.jsonl
      xinyu eval reply --data esconv/valid.jsonl --engine local --samples local.jsonl
      xinyu eval human-sheet --a model.jsonl --b local.jsonl --n 100 --out human/
    """
    from xinyu.evaluate.human import REFERENCE, HumanEvalError, build_items, read_samples, write_sheet

    try:
        first = read_samples(a)
        second = None if b == REFERENCE else read_samples(Path(b))
        items = build_items(first, second, n, seed)
    except HumanEvalError as exc:
        fail(str(exc))
    systems = (name_a or a.stem, name_b or (REFERENCE if second is None else Path(b).stem))
    if systems[0] == systems[1]:
        fail(f"both systems are called {systems[0]!r}; name them with --name-a and --name-b")
    paths = write_sheet(items, out, systems, title)
    err_console.print(
        f"{len(items)} pairs ({systems[0]} vs {systems[1]}): give raters {paths['html']} or {paths['csv']}; "
        f"keep {paths['key']} for `xinyu eval human-score`"
    )


@app.command("human-score")
def human_score(
    key: Path = typer.Option(..., help="key.json from `xinyu eval human-sheet`."),
    sheets: list[Path] = typer.Argument(
        ..., help="Filled rating sheets (CSV), one per rater.", show_default=False
    ),
    rounds: int = typer.Option(2000, min=100, help="Bootstrap resamples for the 95% intervals."),
    seed: int = typer.Option(0, help="Seed of the bootstrap."),
    json_out: bool = typer.Option(False, "--json", help="Print one JSON object instead of a table."),
) -> None:
    """Win rates of system 1 over system 2 per criterion, with 95% bootstrap intervals, sign tests and agreement.

    A tie counts as half a win. The interval resamples items (with all their ratings); the sign test asks
    whether the decided pairs lean to either system; Fleiss' kappa measures how far two or more raters agree.
    Blank cells are unrated; any other value than A, B or tie stops with the file and line.

    [b]Example[/]

      xinyu eval human-score --key human/key.json ratings-ana.csv ratings-li.csv
    """
    from xinyu.evaluate.human import HumanEvalError, read_key, read_ratings, score, score_table

    try:
        report = score(read_ratings(read_key(key), sheets), rounds, seed)
    except HumanEvalError as exc:
        fail(str(exc))
    if json_out:
        write_json(report)
        return
    one, two = report["systems"]
    head, rows = score_table(report)
    table = Table(*head)
    for row in rows:
        table.add_row(*row)
    Console().print(f"[b]{one}[/] vs [b]{two}[/], {len(report['raters'])} rater(s)")
    Console().print(table)


@app.command("report")
def eval_report(
    out: Path = typer.Option(..., help="Folder for index.html and its figures."),
    emotion: list[str] = typer.Option(
        None,
        help="[NAME=]FILE: output of `xinyu eval emotion --json` (repeat for several).",
        show_default=False,
    ),
    reply: list[str] = typer.Option(
        None,
        help="[NAME=]FILE: output of `xinyu eval reply --json` (repeat for several systems).",
        show_default=False,
    ),
    samples: list[str] = typer.Option(
        None, help="[NAME=]FILE: `xinyu eval reply --samples` file, shown side by side.", show_default=False
    ),
    curves: list[str] = typer.Option(
        None, help="[NAME=]PATH: a training run's curves.json, or its model folder.", show_default=False
    ),
    human: list[str] = typer.Option(
        None, help="[NAME=]FILE: output of `xinyu eval human-score --json`.", show_default=False
    ),
    n_samples: int = typer.Option(20, min=1, help="Sample replies to show."),
    seed: int = typer.Option(0, help="Seed of the sample draw."),
    title: str = typer.Option("xinyu evaluation", help="Page title."),
) -> None:
    """One HTML page from evaluation outputs: the metric tables, a confusion-matrix heatmap and per-class bars
    for each emotion run, reply metrics by system, training loss curves, human win rates, and sample replies
    side by side.

    Each input is what another command writes, so the page is rebuilt in seconds whenever a run is added. Name
    a run with NAME=FILE (default: the file name).

    [b]Example[/]

      xinyu eval emotion --data usual_eval.jsonl --text-field content --scheme smp2020 --json > linear.json
      xinyu eval emotion --backend transformer ... --json > transformer.json
      xinyu eval reply --data esconv/valid.jsonl --engine model --json --samples model.jsonl > model.json
      xinyu eval reply --data esconv/valid.jsonl --engine local --json --samples local.jsonl > local.json
      xinyu eval report --out report/ --emotion linear.json --emotion transformer.json \\
        --reply model.json --reply local.json --samples model.jsonl --samples local.jsonl \\
        --curves models/reply-gemma
    """
    from xinyu.evaluate.report import ReportInputError, load_inputs, write_eval_report

    try:
        inputs = load_inputs(emotion or [], reply or [], samples or [], curves or [], human or [])
        page = write_eval_report(inputs, out, title, n_samples, seed)
    except ReportInputError as exc:
        fail(str(exc))
    err_console.print(f"report written to {page}")


def eval_dialogue(
    suite: list[Path] = typer.Option(
        ...,
        "--suite",
        help='Scripted conversations, JSONL: {"id", "lang", "locale", "turns": [{"user", "expect": {...}}]} a '
        "line (repeat for several files; see xinyu.evaluate.dialogue for the checks).",
        show_default=False,
    ),
    out: Path = typer.Option(
        None,
        "--out",
        "-o",
        help="Write the whole report here as JSON: the figures, every failure, every turn's reply and checks.",
        show_default=False,
    ),
    engine: str = typer.Option("local", help="Reply engine: local, llm (the configured endpoint) or model."),
    locale: str = typer.Option(
        None, help="Locale sent for conversations that give none (e.g. zh-TW).", show_default=False
    ),
    min_pass: float = typer.Option(
        None,
        min=0.0,
        max=1.0,
        help="Exit 1 when the share of checks passed is below this (e.g. 0.95 in CI).",
        show_default=False,
    ),
    failures: int = typer.Option(20, min=0, help="Failures to print (with message and reply)."),
    json_out: bool = typer.Option(False, "--json", help="Print the report as one JSON object instead."),
) -> None:
    """Run scripted conversations through the real chat path and check every reply: pass rates per check, per
    language and per tag, and each failure with its turn, check, message and reply.

    Each conversation is its own user talking to the service built from your settings (emotion backend, risk
    model, escalation policy, help lines), in a temporary data folder deleted afterwards: nothing is written to
    your database and no alert is sent. When the chosen engine fails and its fallback answers, the command says
    how many turns it did.

    [b]Checks[/] (in a turn's "expect"): discloses_ai, no_dose, no_cheer, mentions_any / mentions_none /
    answers_request \\[strings], helplines true|false, asks true|false, level_at_least / level_at_most LEVEL,
    escalated true|false. Every turn is also checked for no_repeat and no_dose, and from risk moderate up for
    no_cheer.

    [b]Example[/]

      xinyu eval dialogue --suite tests/dialogue/suite_zh.jsonl --suite tests/dialogue/suite_en.jsonl \\
        --out dialogue.json --min-pass 0.95

    A suite with a bad line is not run: every bad line is named and the command exits 2.
    """
    import tempfile

    from xinyu.evaluate.dialogue import DialogueRunError, SuiteError, read_suites, run_suite
    from xinyu.respond.engines import ENGINES, EngineUnavailable

    if engine not in ENGINES:
        fail(f"--engine {engine!r}: choose {choices(ENGINES)}")
    try:
        conversations = read_suites(suite)
    except SuiteError as exc:
        fail(str(exc))
    with tempfile.TemporaryDirectory(prefix="xinyu-dialogue-") as scratch:
        settings = _scratch_settings(Path(scratch), engine)
        from xinyu.service.services import build_services

        try:
            services = build_services(settings)
        except (EngineUnavailable, ImportError, ValueError) as exc:
            fail(f"cannot build the chat service: {exc}")
        try:
            with progress() as bar:
                task = bar.add_task("conversations", total=len(conversations))
                report = run_suite(
                    conversations,
                    services.chat.turn,
                    helplines=settings.safety.helplines or None,
                    locale=locale,
                    suite=", ".join(map(str, suite)),
                    progress=lambda n: bar.advance(task, n),
                )
        except DialogueRunError as exc:
            fail(str(exc), code=1)
        finally:
            services.store.close()
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(report.to_dict(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    if json_out:
        write_json(report.to_dict())
    else:
        typer.echo(report.render_text(failures))
    if report.fallbacks:
        err_console.print(
            f"[yellow]{report.fallbacks} of {report.turns} turns were answered by a fallback, not the {engine} "
            "engine (see the log)[/]"
        )
    if min_pass is not None and report.pass_rate < min_pass:
        err_console.print(f"[red]pass rate {report.pass_rate:.4f} is below --min-pass {min_pass}[/]")
        raise typer.Exit(1)


def _scratch_settings(data_dir: Path, engine: str):
    """The configured settings with every place the service writes moved into ``data_dir``: its own SQLite
    database, key file and crisis journal (a configured database URL is not used)."""
    from xinyu.config import get_settings

    settings = get_settings()
    storage = settings.storage.model_copy(update={"url": None, "key": None, "key_file": None})
    safety = settings.safety.model_copy(update={"journal_dir": None})
    reply = settings.reply.model_copy(update={"engine": engine})
    return settings.model_copy(
        update={"data_dir": data_dir, "storage": storage, "safety": safety, "reply": reply}
    )
