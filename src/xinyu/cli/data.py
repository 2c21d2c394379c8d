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
    num_perm: int = typer.Option(96, help="MinHash permutations."),
    bands: int = typer.Option(None, help="LSH bands (default num_perm / 3: bands of 3 rows)."),
    exact_only: bool = typer.Option(False, help="Only exact duplicates (after normalisation)."),
    semantic: str = typer.Option(
        None, help="Also merge paraphrases: a sentence-transformers model (local path or name)."
    ),
    semantic_threshold: float = typer.Option(
        0.92, min=0.0, max=1.0, help="Cosine that confirms a paraphrase."
    ),
) -> None:
    """Keep one row per cluster of exact and near duplicates (MinHash-LSH on character 2-3-grams, confirmed by
    edit distance).

    [b]Example[/]

      xinyu data dedup posts.jsonl --out unique.jsonl --text-field text --clusters clusters.jsonl

    Rows without the text field are kept as they are (and counted on stderr); nothing is dropped unaccounted.
    """
    from xinyu.data.dedup import dedup_texts, write_clusters, write_kept_rows
    from xinyu.io import InputFileError, read_rows, text_rows

    try:
        rows = list(read_rows(input))
    except InputFileError as exc:
        fail(str(exc))
    bad = [r for r in rows if r.error]
    if bad:
        fail(
            f"{input}: {bad[0].error} ({len(bad)} unreadable rows); fix them or run `xinyu data ingest` first"
        )
    texts = [r.text if r.error is None else None for r in text_rows(rows, text_field)]
    idx = [i for i, t in enumerate(texts) if t is not None]
    if not idx and rows:
        fail(f"no row has a text field {text_field!r}; pass --text-field")
    with progress() as bar:
        bar.add_task("deduplicating", total=None)
        try:
            res = dedup_texts(
                [texts[i] for i in idx],
                threshold=threshold,
                num_perm=num_perm,
                bands=bands,
                near=not exact_only,
                semantic=semantic,
                semantic_threshold=semantic_threshold,
            )
        except (ValueError, ImportError, OSError) as exc:
            fail(str(exc))
    merged = {idx[j] for j in range(len(idx)) if res.rep[j] != j}
    write_kept_rows(rows, out=out, merged=merged, suffix=input.suffix)
    if clusters is not None:
        with clusters.open("w", encoding="utf-8") as fh:
            write_clusters(fh, res, [texts[i] for i in idx], [rows[i].number for i in idx])
    write_json(
        {
            "input": len(rows),
            "kept": len(rows) - len(merged),
            "merged": len(merged),
            "exact": res.how.count("exact"),
            "near": res.how.count("near"),
            "semantic": res.how.count("semantic"),
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
def run(
    pipeline: Path = typer.Argument(..., help="A pipeline TOML file (see examples/)."),
    engine: str = typer.Option(
        None, help="local, or ray: validate, redact and label on Ray Data (RAY_ADDRESS, else a local Ray)."
    ),
) -> None:
    """Run a whole pipeline: inputs -> validate -> redact -> label -> dedup -> split -> report.

    Writes data.jsonl, rejects.jsonl, clusters.jsonl, review.jsonl, splits/, report/index.html and ledger.json
    under the file's `out`, and prints the ledger: rows in = kept + rejected + merged.
    """
    from xinyu.data import IngestError, Pipeline, PipelineError
    from xinyu.data.ray_engine import RayUnavailableError
    from xinyu.emotion import EmotionBackendError, UnknownBackendError
    from xinyu.io import InputFileError

    try:
        pipe = Pipeline.load(pipeline)
        with progress() as bar:
            task = bar.add_task("rows read", total=None)
            result = pipe.run(lambda stage, n: bar.advance(task, n), engine=engine)
    except (
        PipelineError,
        IngestError,
        InputFileError,
        EmotionBackendError,
        UnknownBackendError,
        RayUnavailableError,
    ) as exc:
        fail(str(exc))
    except TypeError as exc:  # a stage option of the wrong type
        fail(f"{pipeline}: {exc}")
    write_json(result)
    if not result["ledger"]["balanced"]:
        err_console.print("[bold red]the ledger does not balance[/]: rows in != kept + rejected + merged")
        raise typer.Exit(1)


@app.command()
def synth(
    out: Path = typer.Option(
        ..., "--out", "-o", help="JSONL of standard records; a run on it again resumes."
    ),
    preset: str = typer.Option("glm", help="Endpoint preset: glm, qwen, deepseek, openai, vllm or ollama."),
    base_url: str = typer.Option(None, help="Any OpenAI-compatible endpoint (overrides the preset's)."),
    model: str = typer.Option(None, help="Model name (default: the preset's, glm-4-flash for glm)."),
    api_key_env: str = typer.Option(
        None,
        help="Variable holding the key (default: the preset's, e.g. ZHIPUAI_API_KEY, unless --base-url).",
    ),
    themes: Path = typer.Option(
        None, help="TOML/JSON {lang: {emotion: [situation, ...]}} (default: built in)."
    ),
    langs: str = typer.Option("zh,en", help="Languages to make, comma-separated."),
    variants: int = typer.Option(1, min=1, help="Items per (situation, template)."),
    limit: int = typer.Option(None, min=1, help="Make only the first N items of the plan."),
    concurrency: int = typer.Option(8, min=1, help="Most calls in flight at once."),
    max_retries: int = typer.Option(6, min=0, help="Retries a call gets on 429, 5xx and timeouts."),
    timeout_s: float = typer.Option(60.0, help="Seconds one call may take."),
    temperature: float = typer.Option(0.9, help="Sampling temperature of the user utterances."),
    price_in: float = typer.Option(0.0, help="Price per million input tokens, from your provider's list."),
    price_out: float = typer.Option(0.0, help="Price per million output tokens."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Print the plan's first prompts; call nothing."),
) -> None:
    """Make support dialogues with an LLM: emotion themes x user templates -> utterance -> reply.

    Each item takes two calls: one writes what a user in that situation and emotion would say, one answers it as a
    supporter. Every finished item is appended to --out at once; stop the run at any point and start the same
    command again to finish it (no duplicates, no gaps). Prints calls, retries, tokens and cost.

    [b]Examples[/]

      xinyu data synth --out synth.jsonl --limit 5 --dry-run
      ZHIPUAI_API_KEY=... xinyu data synth --out synth.jsonl --concurrency 16 --price-in 0.1 --price-out 0.1
      xinyu data synth --out synth.jsonl --preset vllm --base-url http://gpu-box:8000/v1 --model Qwen2.5-7B-Instruct

    The output is standard records: feed it to `xinyu data run` (or validate / dedup / label) like any data.
    """
    import asyncio

    from xinyu.config import LLMSettings
    from xinyu.data.synth import SynthError, load_themes, plan, synth_client, synthesize
    from xinyu.lang import LANGUAGES
    from xinyu.llm import LLMError
    from xinyu.llm.presets import UnknownPresetError

    try:
        llm = LLMSettings(preset=preset, base_url=base_url, model=model)
        spec = load_themes(themes) if themes else None
    except (UnknownPresetError, SynthError, ValueError) as exc:
        fail(str(exc))
    chosen = tuple(x.strip() for x in langs.split(",") if x.strip())
    if not chosen or any(x not in LANGUAGES for x in chosen):
        fail(f"--langs {langs!r}: use zh, en or zh,en")
    items = plan(spec, chosen, variants, limit)
    if not items:
        fail("the plan is empty: the themes have no situations for the languages asked")
    if dry_run:
        for it in items[: min(len(items), 3)]:
            err_console.print(f"[bold]{it.id}[/] {it.lang} {it.emotion}: {it.situation}")
            write_json(
                {"id": it.id, "user_prompt": it.user_messages(), "reply_prompt": it.reply_messages("…")}
            )
        err_console.print(
            f"{len(items)} items planned, {2 * len(items)} calls to {llm.base_url} ({llm.model})"
        )
        return
    try:
        client = synth_client(llm, api_key_env=api_key_env, timeout_s=timeout_s, max_retries=max_retries)
    except SynthError as exc:
        fail(f"--api-key-env {exc}")

    async def go():
        try:
            with progress(transient=False) as bar:
                task = bar.add_task("synthesizing", total=None)
                return await synthesize(
                    items,
                    out,
                    client,
                    concurrency,
                    temperature,
                    on_done=lambda: bar.advance(task),
                    on_start=lambda left: bar.update(task, total=left),
                )
        finally:
            await client.aclose()

    try:
        stats = asyncio.run(go())
    except LLMError as exc:
        fail(f"the endpoint refused: {exc}; fix the key, model or URL and run the same command again", 1)
    except SynthError as exc:
        fail(str(exc))
    summary = stats.to_dict() | {
        "cost": round(stats.cost(price_in, price_out), 6),
        "out": str(out),
        "records_in_file": stats.file_records,
        "file_cost": round(stats.cost(price_in, price_out, whole_file=True), 6),
    }
    write_json(summary)
    if stats.failed:
        err_console.print(
            f"[bold yellow]{stats.failed} items failed[/] after retries ({stats.errors[0]}); "
            "run the same command again to make them"
        )
        raise typer.Exit(1)


review_app = typer.Typer(
    help="Review emotion labels: Label Studio round trips, corrections from the web app's /review page, and "
    "likely label errors found by confident learning.\n\n"
    "Every way of reviewing writes one corrections file (JSONL: uid, emotion, action, who, when); `apply` writes "
    "it back into a dataset.",
    no_args_is_help=True,
)
app.add_typer(review_app, name="review")


@review_app.command("export")
def review_export(
    input: Path = typer.Argument(..., help="Rows to review (e.g. a pipeline's review.jsonl)."),
    out: Path = typer.Option(..., "--out", "-o", help="Label Studio tasks (JSON) to import into a project."),
    config: Path = typer.Option(None, help="Also write the labelling interface (XML) here."),
    layout: str = _LAYOUT,
) -> None:
    """Write Label Studio tasks, each with the model's label as a pre-annotation.

    [b]Example[/]

      xinyu data review export build/dataset/review.jsonl -o tasks.json --config emotion.xml

    In Label Studio: create a project, paste emotion.xml under Settings > Labeling Interface, import tasks.json;
    when done, Export > JSON, then `xinyu data review import`.
    """
    from xinyu.data import Ledger
    from xinyu.data.review import label_studio_config, to_label_studio

    tasks = to_label_studio(_records(input, layout, "text", Ledger()))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(tasks, ensure_ascii=False, indent=1), encoding="utf-8")
    if config is not None:
        config.write_text(label_studio_config(), encoding="utf-8")
    write_json({"tasks": len(tasks), "out": str(out), "config": str(config) if config else None})


@review_app.command("import")
def review_import(
    export: Path = typer.Argument(
        ..., help="Label Studio's export of tasks made by `review export`: JSON, JSON-MIN or CSV."
    ),
    out: Path = typer.Option(..., "--out", "-o", help="Corrections file to append to."),
) -> None:
    """Turn a Label Studio export into corrections (the last annotation of each task; who and when kept)."""
    from xinyu.data.review import append_correction, from_label_studio, read_label_studio

    try:
        tasks = read_label_studio(export)
        corrections = from_label_studio(tasks)
    except OSError as exc:
        fail(f"cannot read {export}: {exc}")
    except ValueError as exc:  # JSON or ReviewError
        fail(f"{export}: {exc}")
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("a", encoding="utf-8") as fh:
        for c in corrections:
            append_correction(fh, c)
    write_json(
        {
            "tasks": len(tasks),
            "corrections": len(corrections),
            "corrected": sum(c.action == "correct" for c in corrections),
            "out": str(out),
        }
    )


@review_app.command("apply")
def review_apply(
    input: Path = typer.Argument(..., help="The dataset (standard records)."),
    corrections: Path = typer.Option(..., help="Corrections file (from `import` or the /review page)."),
    out: Path = typer.Option(..., "--out", "-o", help="The dataset with reviewed labels."),
    layout: str = _LAYOUT,
) -> None:
    """Write reviewed labels into a dataset: emotion set, meta.review = {status, by, at, was, via}."""
    from xinyu.data import Ledger
    from xinyu.data.record import dumps
    from xinyu.data.review import ReviewError, apply_corrections, read_corrections

    try:
        found = read_corrections(corrections)
    except ReviewError as exc:
        fail(str(exc))
    if not found:
        fail(f"{corrections}: no corrections (is it the right file?)")
    seen = applied = 0
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as fh:
        for rec in apply_corrections(_records(input, layout, "text", Ledger()), found):
            seen += 1
            applied += rec.uid in found
            fh.write(dumps(rec) + "\n")
    write_json({"rows": seen, "applied": applied, "not_in_dataset": len(found) - applied, "out": str(out)})


@review_app.command("find-errors")
def review_find_errors(
    input: Path = typer.Argument(..., help="Labelled rows (standard records with emotion)."),
    out: Path = typer.Option(..., "--out", "-o", help="The suspect rows, worst first: a review queue."),
    folds: int = typer.Option(5, min=2, help="Cross-validation folds for the out-of-fold probabilities."),
    top: int = typer.Option(None, min=1, help="Keep only the N most suspect rows."),
    layout: str = _LAYOUT,
    text_field: str = _TEXT_FIELD,
    emotion_field: str = typer.Option("emotion", help="Field holding the given label (flat layout)."),
    emotion_scheme: str = typer.Option(None, help="Map --emotion-field through this label scheme."),
) -> None:
    """Likely label errors by confident learning (cleanlab) on cross-validated probabilities.

    A character n-gram classifier is trained on all folds but one and scores the held-out fold; rows whose given
    label the others disagree with come out worst first, each with meta.review = {reason, suggested,
    self_confidence}. Review them with `export` (Label Studio) or the /review page (XINYU_REVIEW_QUEUE=OUT).
    """
    from xinyu.data import Ledger
    from xinyu.data.record import dumps
    from xinyu.data.review import ReviewError, find_label_issues, mark_label_issues

    kw = {"emotion_field": emotion_field, "emotion_scheme": emotion_scheme}
    recs = list(_records(input, layout, text_field, Ledger(), **kw))
    with progress() as bar:
        bar.add_task("cross-validating", total=None)
        try:
            issues = find_label_issues(recs, folds)
        except ReviewError as exc:
            fail(str(exc))
        except ImportError:
            fail("confident learning needs cleanlab: pip install 'xinyu[data]'")
    suspects = mark_label_issues(recs, issues[:top] if top else issues)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as fh:
        for rec in suspects:
            fh.write(dumps(rec) + "\n")
    write_json({"rows": len(recs), "suspects": len(suspects), "out": str(out)})
