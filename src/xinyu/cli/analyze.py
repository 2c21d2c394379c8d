"""``xinyu analyze``: texts from the command line or a file, as a table or as JSON lines."""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from xinyu.cli.common import err_console, fail, load_analyzer, progress, write_json
from xinyu.emotion import EmptyTextError
from xinyu.emotion.features import segment
from xinyu.io import InputFileError, read_rows, text_rows

_EMOJI = {
    "joy": "😊",
    "sadness": "😢",
    "anger": "😠",
    "fear": "😨",
    "surprise": "😮",
    "disgust": "🤢",
    "neutral": "😐",
}


def analyze(
    texts: list[str] = typer.Argument(None, help="Texts to analyse, Chinese or English.", show_default=False),
    input: Path = typer.Option(
        None,
        "--input",
        "-i",
        help="A .jsonl/.csv/.tsv file; one result line per row, in order.",
        show_default=False,
    ),
    text_field: str = typer.Option(
        "text", help="Field holding the text in --input rows (dots reach into objects)."
    ),
    id_field: str = typer.Option("id", help="Field copied into each result when a row has it."),
    json_out: bool = typer.Option(False, "--json", help="One JSON object per text instead of a table."),
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
    batch_size: int = typer.Option(512, min=1, help="Rows analysed together from --input."),
    workers: int = typer.Option(
        0, min=0, help="Processes for --input (0: one per core, up to 4, for files of 5,000+ rows; 1: none)."
    ),
) -> None:
    """Emotion, scores, polarity, intensity and core words of each text.

    [b]Examples[/]

      xinyu analyze "今天心情不太好" "I feel so lonely"

      xinyu analyze --json "压力好大"

      xinyu analyze --input posts.jsonl --text-field content --json > emotions.jsonl

    An empty text, or a row that cannot be read, gets an [b]error[/] object in its place (JSON) or an error row
    (table) and the command exits 1; nothing is skipped silently.
    """
    if input is None and not texts:
        fail("give one or more texts, or --input FILE (see xinyu analyze --help)")
    if input is not None and texts:
        fail("give texts or --input, not both")
    analyzer = load_analyzer(backend, model)
    if input is not None:
        raise typer.Exit(_analyze_file(analyzer, input, text_field, id_field, json_out, batch_size, workers))
    results = analyzer.analyze_batch(texts)
    failed = 0
    if json_out:
        for i, r in enumerate(results):
            if isinstance(r, Exception):
                failed += 1
                write_json({"index": i, "error": str(r)})
            else:
                write_json(r.model_dump())
    else:
        failed = _print_table(texts, results)
    raise typer.Exit(1 if failed else 0)


def _print_table(texts: list[str], results: list) -> int:
    table = Table(show_lines=True)
    for col in ("text", "lang", "emotion", "polarity", "intensity", "core words"):
        table.add_column(col, overflow="fold")
    failed = 0
    for text, r in zip(texts, results, strict=True):
        shown = text if len(text) <= 80 else text[:77] + "..."
        if isinstance(r, Exception):
            failed += 1
            table.add_row(repr(shown), "-", f"[red]error: {r}[/]", "-", "-", "-")
            continue
        top = sorted(r.scores.items(), key=lambda kv: -kv[1])[:2]
        emotion = f"{_EMOJI.get(r.label, '')} {r.label} " + " ".join(f"[dim]{k} {v:.2f}[/]" for k, v in top)
        words = ", ".join(
            f"{'¬' if w.negated else ''}{w.word}[dim]({w.category}→{w.emotion})[/]" for w in r.core_words[:6]
        )
        table.add_row(shown, r.language, emotion, r.polarity, f"{r.intensity:.2f}", words or "[dim]-[/]")
    Console().print(table)
    return failed


def _count_lines(path: Path) -> int | None:
    if path.stat().st_size > 2_000_000_000:
        return None
    with path.open("rb") as fh:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))


_ANALYZER = None  # set in the parent before worker processes fork, so they share the loaded model


def _process_chunk(chunk: list[tuple[int, object, str | None, str | None]]) -> list[tuple[bool, str]]:
    """Analyse one chunk of rows; (failed, JSON line) per row, in order."""
    todo = [text for _, _, text, error in chunk if error is None]
    results = iter(_ANALYZER.analyze_batch(todo)) if todo else iter(())
    out = []
    for line, rid, _text, error in chunk:
        result = next(results) if error is None else None
        if isinstance(result, EmptyTextError):
            error = f"line {line}: {result}"
        if error is not None:
            obj = {"line": line, "error": error}
            if rid is not None:
                obj["id"] = rid
            out.append((True, json.dumps(obj, ensure_ascii=False)))
            continue
        obj = result.model_dump()
        if rid is not None:
            obj = {"id": rid, **obj}
        out.append((False, json.dumps(obj, ensure_ascii=False)))
    return out


def _chunks(rows, text_field: str, id_field: str, size: int):
    chunk: list[tuple[int, object, str | None, str | None]] = []
    for row in text_rows(rows, text_field, id_field=id_field):
        if row.unreadable:
            chunk.append((row.number, None, None, row.error))
        elif row.error is not None:
            chunk.append((row.number, row.id, None, f"line {row.number}: {row.error}"))
        else:
            chunk.append((row.number, row.id, row.text, None))
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _analyze_file(
    analyzer, path: Path, text_field: str, id_field: str, json_out: bool, batch_size: int, workers: int
) -> int:
    global _ANALYZER
    try:
        rows = read_rows(path)
        total = _count_lines(path)
    except InputFileError as exc:
        fail(str(exc))
    _ANALYZER = analyzer
    segment("预热")  # load jieba's dictionary once, before any fork
    if workers == 0:
        workers = min(os.cpu_count() or 1, 4) if (total or 0) >= 5000 else 1
    if analyzer.backend.name == "llm":
        workers = 1  # an HTTP client does not survive a fork; the endpoint is the bottleneck anyway
    failed = done = 0
    chunks = _chunks(rows, text_field, id_field, batch_size)
    with progress() as bar, contextlib.ExitStack() as stack:
        task = bar.add_task(f"analysing {path.name}", total=total)
        if workers > 1:
            pool = stack.enter_context(multiprocessing.get_context("fork").Pool(workers))
            outputs = pool.imap(_process_chunk, chunks)
        else:
            outputs = map(_process_chunk, chunks)
        for out in outputs:
            for is_error, line in out:
                failed += is_error
                if json_out:
                    sys.stdout.write(line + "\n")
                else:
                    _print_row(json.loads(line))
            done += len(out)
            bar.update(task, completed=done)
    if failed:
        err_console.print(
            f"[yellow]{failed} of {done} rows could not be analysed (see their 'error' lines)[/]"
        )
    return 1 if failed else 0


def _print_row(obj: dict) -> None:
    if "error" in obj:
        err_console.print(f"[red]{obj['error']}[/]")  # errors already name their line
    else:
        Console().print(f"{obj.get('id', '')}\t{obj['label']}\t{obj['polarity']}\t{obj['intensity']:.2f}")
