"""``xinyu export``: trained models in formats other runtimes serve."""

from __future__ import annotations

import functools
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
