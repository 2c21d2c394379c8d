"""``xinyu data``: the data workbench's stages as commands, and ``run`` for a whole pipeline file."""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import typer

from xinyu.cli.common import err_console, fail, progress, write_json

app = typer.Typer(
    help="Data workbench: turn raw dialogue into a clean, labelled, deduplicated, split dataset.\n\n"
    "Each stage reads any supported file (JSONL, JSON array, CSV, TSV, Parquet, text; the ESConv, SMILECHAT, CPED "
    "and PsyQA layouts are recognised) and writes standard records as JSONL. `xinyu data run pipeline.toml` chains "
    "them, with every row accounted for.",
    no_args_is_help=True,
)

_LAYOUT = typer.Option("auto", help="auto, standard, flat, esconv, smilechat, cped or psyqa.")
_TEXT_FIELD = typer.Option("text", "--text-field", help="Field holding the text (flat layout).")


def _records(path: Path, layout: str, text_field: str, ledger, pairs: bool = False, **kw) -> Iterator:
    from xinyu.data import IngestError, ingest
    from xinyu.io import InputFileError

    try:
        it = ingest(path, ledger, layout=layout, text_field=text_field, pairs=pairs, **kw)
        first = next(it, None)
    except (IngestError, InputFileError) as exc:
        fail(str(exc))
    if first is None:
        return iter(())
    return _chain(first, it)


def _chain(first, rest) -> Iterator:
    yield first
    yield from rest


@contextlib.contextmanager
def _open_out(path: Path | None):
    if path is None:
        yield sys.stdout
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        yield fh


def _run_stage(records: Iterator, out: Path | None, ledger, what: str) -> None:
    from xinyu.data.record import dumps

    kept = 0
    with _open_out(out) as fh, progress() as bar:
        task = bar.add_task(what, total=None)
        for rec in records:
            fh.write(dumps(rec) + "\n")
            kept += 1
            bar.advance(task)
    ledger.kept = kept
    summary = ledger.to_dict()
    if out is not None:
        write_json(summary)
    else:
        err_console.print(json.dumps(summary, ensure_ascii=False))


def _ledger(rejects: Path | None):
    from xinyu.data import Ledger

    if rejects is None:
        return Ledger(), contextlib.nullcontext()
    rejects.parent.mkdir(parents=True, exist_ok=True)
    fh = rejects.open("w", encoding="utf-8")
    return Ledger(fh), fh


@app.command()
def ingest(
    input: Path = typer.Argument(..., help="File to read."),
    out: Path = typer.Option(None, "--out", "-o", help="Standard-record JSONL (default stdout)."),
    layout: str = _LAYOUT,
    pairs: bool = typer.Option(False, help="Dialogues as (context, user turn, reply) pairs."),
    source: str = typer.Option(None, help="Source name on every record (default: the layout or file name)."),
    text_field: str = _TEXT_FIELD,
    emotion_field: str = typer.Option(None, help="Field holding a gold emotion label (flat layout)."),
    emotion_scheme: str = typer.Option(None, help="Map --emotion-field through this label scheme."),
    rejects: Path = typer.Option(None, help="Write unreadable rows here, each with its reason."),
) -> None:
    """Read a file into standard records (dialogue_id, turn, role, text, response, emotion, core words, meta).

    [b]Examples[/]

      xinyu data ingest esconv/train.jsonl --pairs -o esconv.jsonl
      xinyu data ingest posts.csv --text-field content --emotion-field label --emotion-scheme smp2020
    """
    ledger, fh = _ledger(rejects)
    with fh:
        kw = {"source": source, "emotion_field": emotion_field, "emotion_scheme": emotion_scheme}
        _run_stage(_records(input, layout, text_field, ledger, pairs, **kw), out, ledger, "ingesting")


@app.command()
def validate(
    input: Path = typer.Argument(..., help="File to check (any supported format)."),
    out: Path = typer.Option(None, "--out", "-o", help="Rows that pass (default stdout)."),
    rejects: Path = typer.Option(None, help="Rows that fail, each with its reason."),
    min_chars: int = typer.Option(10, help="Shortest text kept."),
    max_chars: int = typer.Option(200, help="Longest text kept."),
    languages: str = typer.Option("zh,en", help="Languages kept, comma-separated (empty: any)."),
    reject_pii: bool = typer.Option(False, help="Reject rows with PII instead of flagging them."),
    reject_crisis: bool = typer.Option(False, help="Reject crisis content instead of flagging it."),
    layout: str = _LAYOUT,
    text_field: str = _TEXT_FIELD,
) -> None:
    """Reject empty, broken (control characters, mojibake), too short or long, or other-language rows.

    PII and crisis content are flagged in meta.flags (or rejected with --reject-pii / --reject-crisis)."""
    from xinyu.data import Validate

    try:
        stage = Validate(
            min_chars=min_chars,
            max_chars=max_chars,
            languages=tuple(x for x in languages.split(",") if x),
            reject_pii=reject_pii,
            reject_crisis=reject_crisis,
        )
    except ValueError as exc:
        fail(str(exc))
    ledger, fh = _ledger(rejects)
    with fh:
        _run_stage(stage(_records(input, layout, text_field, ledger), ledger), out, ledger, "validating")


@app.command()
def label(
    input: Path = typer.Argument(..., help="File to label."),
    out: Path = typer.Option(None, "--out", "-o", help="Labelled rows (default stdout)."),
    backend: str = typer.Option(None, help="Emotion backend (default: the shipped model)."),
    min_confidence: float = typer.Option(0.5, help="Below this the row is marked for review."),
    overwrite: bool = typer.Option(False, help="Replace emotions the rows already have."),
    review: Path = typer.Option(None, help="Also write the rows marked for review here."),
    layout: str = _LAYOUT,
    text_field: str = _TEXT_FIELD,
) -> None:
    """Add emotion, core words and confidence; low-confidence rows are marked (meta.review) for review."""
    from xinyu.data import Label, Ledger
    from xinyu.emotion import EmotionBackendError, UnknownBackendError

    ledger = Ledger()
    with _open_out(review) if review else contextlib.nullcontext() as rfh:
        stage = Label(backend=backend, min_confidence=min_confidence, overwrite=overwrite, review=rfh)
        try:
            _run_stage(stage(_records(input, layout, text_field, ledger), ledger), out, ledger, "labelling")
        except (EmotionBackendError, UnknownBackendError) as exc:
            fail(str(exc))


@app.command()
def dedup(
    input: Path = typer.Argument(..., help="JSONL or CSV rows; every field is passed through unchanged."),
    out: Path = typer.Option(..., "--out", "-o", help="The kept rows, one per cluster, in input order."),
    text_field: str = typer.Option("text", "--text-field", help="Field compared (dotted for nested)."),
    clusters: Path = typer.Option(None, help="Write the duplicate clusters here (JSONL)."),
    threshold: float = typer.Option(
        0.8, min=0.0, max=1.0, help="Edit-distance similarity that confirms a pair."
    ),
    num_perm: int = typer.Option(64, help="MinHash permutations."),
    bands: int = typer.Option(None, help="LSH bands (default num_perm / 4)."),
    exact_only: bool = typer.Option(False, help="Only exact duplicates (after normalisation)."),
) -> None:
    """Keep one row per cluster of exact and near duplicates (MinHash-LSH on character 2-3-grams, confirmed by
    edit distance).

    [b]Example[/]

      xinyu data dedup posts.jsonl --out unique.jsonl --text-field text --clusters clusters.jsonl

    Rows without the text field are kept as they are (and counted on stderr); nothing is dropped unaccounted.
    """
    from xinyu.data import find_duplicates
    from xinyu.io import FieldError, InputFileError, get_text, read_rows

    try:
        rows = list(read_rows(input))
    except InputFileError as exc:
        fail(str(exc))
    bad = [r for r in rows if r.error]
    if bad:
        fail(
            f"{input}: {bad[0].error} ({len(bad)} unreadable rows); fix them or run `xinyu data ingest` first"
        )
    texts: list[str | None] = []
    for r in rows:
        try:
            texts.append(get_text(r.record, text_field))
        except FieldError:
            texts.append(None)
    idx = [i for i, t in enumerate(texts) if t is not None]
    if not idx and rows:
        fail(f"no row has a text field {text_field!r}; pass --text-field")
    with progress() as bar:
        bar.add_task("deduplicating", total=None)
        try:
            res = find_duplicates([texts[i] for i in idx], threshold, num_perm, bands, near=not exact_only)
        except ValueError as exc:
            fail(str(exc))
    drop = {idx[j] for j in range(len(idx)) if res.rep[j] != j}
    out.parent.mkdir(parents=True, exist_ok=True)
    suffix = input.suffix.lower()
    if suffix in (".csv", ".tsv"):
        import csv

        with out.open("w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(
                fh, fieldnames=list(rows[0].record), delimiter="\t" if suffix == ".tsv" else ","
            )
            w.writeheader()
            w.writerows(r.record for i, r in enumerate(rows) if i not in drop)
    else:
        with out.open("w", encoding="utf-8") as fh:
            for i, r in enumerate(rows):
                if i not in drop:
                    fh.write(json.dumps(r.record, ensure_ascii=False) + "\n")
    if clusters is not None:
        from xinyu.data.dedup import write_clusters

        with clusters.open("w", encoding="utf-8") as fh:
            write_clusters(fh, res, [texts[i] for i in idx], [rows[i].number for i in idx])
    write_json(
        {
            "input": len(rows),
            "kept": len(rows) - len(drop),
            "merged": len(drop),
            "exact": res.how.count("exact"),
            "near": res.how.count("near"),
            "without_text_field": len(rows) - len(idx),
        }
    )


@app.command()
def split(
    input: Path = typer.Argument(..., help="Standard records (e.g. the output of dedup or a pipeline)."),
    out_dir: Path = typer.Option(..., "--out-dir", "-o", help="Where <split>.<format> files go."),
    ratios: str = typer.Option("train=0.8,dev=0.1,test=0.1", help="Split names and shares."),
    formats: str = typer.Option("jsonl", help="jsonl, csv and/or parquet, comma-separated."),
    seed: int = typer.Option(13),
    layout: str = _LAYOUT,
) -> None:
    """Stratified by emotion; a dialogue, and a duplicate cluster, never straddles two splits."""
    from xinyu.data import Ledger, assign_splits, write_splits

    try:
        shares = {k.strip(): float(v) for k, v in (p.split("=") for p in ratios.split(","))}
    except ValueError:
        fail(f"--ratios {ratios!r}: write it as train=0.8,dev=0.1,test=0.1")
    recs = list(_records(input, layout, "text", Ledger()))
    try:
        names = assign_splits(recs, shares, seed)
        counts = write_splits(recs, names, out_dir, [f for f in formats.split(",") if f])
    except ValueError as exc:
        fail(str(exc))
    write_json({"rows": len(recs), "splits": counts, "out_dir": str(out_dir)})


@app.command()
def report(
    input: Path = typer.Argument(..., help="Standard records."),
    out_dir: Path = typer.Option(..., "--out-dir", "-o", help="Where index.html and the PNGs go."),
    title: str = typer.Option("xinyu dataset report"),
    layout: str = _LAYOUT,
) -> None:
    """HTML and PNGs: emotion distribution, word cloud of core words, lengths, language mix."""
    from xinyu.data import Ledger, Stats, write_report

    stats = Stats()
    for rec in _records(input, layout, "text", Ledger()):
        stats.add(rec, rec.meta.get("split"))
    page = write_report(stats, out_dir, title=title)
    write_json({"rows": stats.rows, "report": str(page)})


@app.command()
def run(pipeline: Path = typer.Argument(..., help="A pipeline TOML file (see examples/).")) -> None:
    """Run a whole pipeline: inputs -> validate -> redact -> label -> dedup -> split -> report.

    Writes data.jsonl, rejects.jsonl, clusters.jsonl, review.jsonl, splits/, report/index.html and ledger.json
    under the file's `out`, and prints the ledger: rows in = kept + rejected + merged.
    """
    from xinyu.data import IngestError, Pipeline, PipelineError
    from xinyu.emotion import EmotionBackendError, UnknownBackendError
    from xinyu.io import InputFileError

    try:
        pipe = Pipeline.load(pipeline)
        with progress() as bar:
            task = bar.add_task("rows read", total=None)
            result = pipe.run(lambda stage, n: bar.advance(task, n))
    except (PipelineError, IngestError, InputFileError, EmotionBackendError, UnknownBackendError) as exc:
        fail(str(exc))
    except TypeError as exc:  # a stage option of the wrong type
        fail(f"{pipeline}: {exc}")
    write_json(result)
    if not result["ledger"]["balanced"]:
        err_console.print("[bold red]the ledger does not balance[/]: rows in != kept + rejected + merged")
        raise typer.Exit(1)
