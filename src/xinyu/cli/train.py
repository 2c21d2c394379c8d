"""``xinyu train``: build models from labelled data."""

from __future__ import annotations

import time
from pathlib import Path

import typer

from xinyu.cli.common import err_console, fail, progress, write_json
from xinyu.io import InputFileError, LabelledTexts, read_labelled
from xinyu.lang import LANGUAGES
from xinyu.taxonomy import UnknownSchemeError, get_scheme, scheme_names

app = typer.Typer(help="Train models.", no_args_is_help=True)


def _read_labelled(
    data: list[Path], weights: list[float], text_field: str, label_field: str, scheme: str
) -> LabelledTexts:
    """(texts, canonical labels, row weights, errors) of every --data file; bad rows are listed, not fatal."""
    try:
        return read_labelled(data, text_field, label_field, scheme, weights)
    except InputFileError as exc:
        fail(str(exc))


@app.command("emotion")
def train_emotion(
    data: list[Path] = typer.Option(..., help="Labelled .jsonl/.csv/.tsv file; repeat to combine several."),
    weight: list[float] = typer.Option(
        None,
        help="Sample weight of each --data file, in the same order (default 1 each; linear backend).",
        show_default=False,
    ),
    out: Path = typer.Option(
        ..., help="Model directory: linear writes OUT/<lang>.npz, transformer the folder OUT/<lang>/."
    ),
    backend: str = typer.Option(
        "linear", help="linear (n-gram SVM, seconds) or transformer (LoRA fine-tune)."
    ),
    lang: str = typer.Option(
        ..., help="Language of the data: zh or en (a model directory holds one model per language)."
    ),
    text_field: str = typer.Option("text"),
    label_field: str = typer.Option(
        "label", help="Gold label field; a list value makes a multi-label model (linear only)."
    ),
    scheme: str = typer.Option(..., help=f"Label scheme of the data: {', '.join(scheme_names())}."),
    c: float = typer.Option(0.1, help="linear: inverse regularisation strength of the SVM."),
    min_df: int = typer.Option(2, min=1, help="linear: drop n-grams seen in fewer documents."),
    base: str = typer.Option(
        "gemma3-270m",
        help="transformer: gemma3-270m (multilingual, offline package), minilm (English, offline package), or "
        "any Hugging Face model folder or hub name.",
    ),
    dev: list[Path] = typer.Option(
        None,
        help="transformer: dev file(s) for early stopping on macro-F1 (default: --dev-fraction of the data).",
        show_default=False,
    ),
    dev_fraction: float = typer.Option(0.1, min=0.01, max=0.5, help="transformer: share held out as dev."),
    epochs: int = typer.Option(4, min=1, help="transformer: passes over the data."),
    batch_size: int = typer.Option(16, min=1, help="transformer: texts per step."),
    lr: float = typer.Option(
        None, help="transformer: learning rate (default 2e-4 with LoRA, 2e-5 --full).", show_default=False
    ),
    max_length: int = typer.Option(128, min=8, help="transformer: tokens per text (longer texts are cut)."),
    lora_rank: int = typer.Option(16, min=1, help="transformer: LoRA rank."),
    lora_layers: int = typer.Option(
        None,
        min=1,
        help="transformer: adapt only the top N layers (default all; fewer trains faster on a CPU).",
        show_default=False,
    ),
    length_batches: bool = typer.Option(
        False, help="transformer: batch texts of about one length together (less padding, faster on a CPU)."
    ),
    full: bool = typer.Option(False, "--full", help="transformer: fine-tune every weight instead of LoRA."),
    class_weights: bool = typer.Option(True, help="transformer: weight the loss by inverse class frequency."),
    patience: int = typer.Option(
        3, min=1, help="transformer: evaluations without a better dev macro-F1 before stopping."
    ),
    device: str = typer.Option("auto", help="transformer: auto, cpu, cuda, cuda:1..."),
    max_minutes: float = typer.Option(
        None, help="transformer: stop (and keep the best so far) after this long.", show_default=False
    ),
    resume: bool = typer.Option(False, "--resume", help="transformer: continue from OUT/<lang>/checkpoint."),
    limit: int = typer.Option(
        None, min=2, help="Train on the first N rows only (a quick CPU check).", show_default=False
    ),
    model_id: str = typer.Option(
        None, help="Name recorded in the model and shown in results.", show_default=False
    ),
) -> None:
    """Train an emotion model: the fast n-gram model, or a transformer fine-tuned with LoRA.

    [b]Examples[/]

      # the shipped Chinese linear model
      xinyu train emotion --backend linear --lang zh --scheme smp2020 --text-field content \\
        --data smp2020_ewect/usual_train.jsonl --data smp2020_ewect/virus_train.jsonl --out models/emotion-linear

      # the shipped Chinese transformer model (a GPU takes minutes; a CPU hours)
      xinyu train emotion --backend transformer --base gemma3-270m --lang zh --scheme smp2020 \\
        --text-field content --batch-size 32 --data smp2020_ewect/usual_train.jsonl \\
        --data smp2020_ewect/virus_train.jsonl --out models/emotion-transformer

    The transformer run keeps the best dev macro-F1 model, writes curves.json and curves.png (loss and dev
    metrics), a checkpoint after every evaluation (--resume continues), and prints the dev figures.
    """
    if backend not in ("linear", "transformer"):
        fail(f"--backend {backend!r}: choose linear or transformer")
    if lang not in LANGUAGES:
        fail(f"--lang must be zh or en, not {lang!r}")
    try:
        get_scheme(scheme)
    except UnknownSchemeError as exc:
        fail(str(exc))
    weights = list(weight or [])
    if weights and len(weights) != len(data):
        fail(f"give one --weight per --data file ({len(data)}), or none")
    if any(w <= 0 for w in weights):
        fail("--weight values must be positive")
    if weights and backend == "transformer" and any(w != 1 for w in weights):
        fail("--weight is for the linear backend; the transformer samples every row once an epoch")
    weights = weights or [1.0] * len(data)
    texts, labels, row_weights, errors = _read_labelled(data, weights, text_field, label_field, scheme)
    if limit:
        texts, labels, row_weights = texts[:limit], labels[:limit], row_weights[:limit]
    if errors:
        err_console.print(f"[yellow]{len(errors)} rows left out of training; first: {errors[0]}[/]")
    if not texts:
        fail("no usable training rows")
    if backend == "transformer":
        _train_transformer(
            texts,
            labels,
            data,
            out / lang,
            lang,
            scheme,
            text_field,
            label_field,
            dev,
            dev_fraction,
            limit,
            dict(
                base=base,
                language=lang,
                epochs=epochs,
                batch_size=batch_size,
                lr=lr,
                max_length=max_length,
                lora=not full,
                lora_rank=lora_rank,
                lora_alpha=2 * lora_rank,
                lora_layers=lora_layers,
                length_batches=length_batches,
                class_weights=class_weights,
                patience=patience,
                device=device,
                max_minutes=max_minutes,
                model_id=model_id or f"emotion-transformer-{lang}",
            ),
            resume,
        )
        return
    _train_linear(
        texts, labels, row_weights, errors, data, weights, out, lang, c, min_df, model_id or "emotion-linear"
    )


def _train_linear(texts, labels, row_weights, errors, data, weights, out, lang, c, min_df, model_id) -> None:
    try:
        from xinyu.train.emotion_linear import LinearTrainConfig, train_linear, write_linear_model
    except ImportError as exc:
        fail(str(exc))
    config = LinearTrainConfig(language=lang, c=c, min_df=min_df, model_id=model_id)
    start = time.perf_counter()
    with progress(transient=False) as bar:
        task = bar.add_task("preparing", total=None)

        def step(message: str) -> None:
            bar.update(task, description=message)
            err_console.log(message)

        try:
            model = train_linear(texts, labels, config, progress=step, weights=row_weights)
        except ValueError as exc:
            fail(str(exc))
        bar.update(task, description="done", total=1, completed=1)
    target = write_linear_model(
        model,
        config,
        out,
        data=data,
        weights=weights,
        n_train=len(texts),
        n_left_out=len(errors),
        started=start,
    )
    err_console.print(
        f"[green]wrote {target}[/] ({target.stat().st_size / 1e6:.1f} MB, {model.featurizer.n_features:,} features)"
    )


def _train_transformer(
    texts,
    labels,
    data,
    folder: Path,
    lang,
    scheme,
    text_field,
    label_field,
    dev,
    dev_fraction,
    limit,
    options,
    resume,
) -> None:
    if any(len(x) > 1 for x in labels):
        fail("the transformer backend trains single-label models; this data has rows with several labels")
    flat = [x[0] for x in labels]
    if dev:
        dev_texts, dev_labels, _, dev_errors = _read_labelled(
            dev, [1.0] * len(dev), text_field, label_field, scheme
        )
        if dev_errors:
            err_console.print(f"[yellow]{len(dev_errors)} dev rows left out; first: {dev_errors[0]}[/]")
        if any(len(x) > 1 for x in dev_labels):
            fail("--dev has rows with several labels; the transformer backend is single-label")
        dev_flat = [x[0] for x in dev_labels]
        train_texts, train_labels = texts, flat
    else:
        from xinyu.train.emotion_neural import dev_holdout

        train_texts, train_labels, dev_texts, dev_flat = dev_holdout(texts, flat, dev_fraction)
    try:
        from xinyu.train.emotion_neural import EmotionTrainConfig, data_files, train_emotion_transformer
    except ImportError as exc:
        fail(
            f"the transformer backend needs torch, transformers and peft: pip install 'xinyu[neural]' ({exc})"
        )
    config = EmotionTrainConfig(**options)
    report = _run_trainer(
        lambda step: train_emotion_transformer(
            train_texts, train_labels, dev_texts, dev_flat, config, folder, resume=resume, progress=step
        ),
        folder,
        {"data": data_files(data, dev or []), "limit": limit},
    )
    best = report["best"] or {}
    err_console.print(
        f"[green]wrote {folder}[/]: {report['stopped']} after {report['steps']} steps ({report['seconds']} s, "
        f"{report['device']}); best dev macro-F1 {best.get('dev_macro_f1')} at step {best.get('step')}; "
        f"curves in {folder / 'curves.png'}"
    )


@app.command("blend")
def train_blend(
    model: Path = typer.Option(
        ..., help="A trained transformer emotion model folder (`xinyu train emotion --backend transformer`)."
    ),
    data: list[Path] = typer.Option(
        ...,
        help="Held-out labelled rows (.jsonl/.csv/.tsv), not the dev split you will score on; repeatable.",
    ),
    text_field: str = typer.Option("text"),
    label_field: str = typer.Option(
        "label", help="Gold label field; a list value gives a row several labels."
    ),
    scheme: str = typer.Option(..., help=f"Label scheme of the data: {', '.join(scheme_names())}."),
    linear_model: Path = typer.Option(
        None,
        help="Linear model directory to blend with (default the shipped one). Pass one trained without these "
        "rows, or the linear model looks better here than it is.",
        show_default=False,
    ),
    tolerance: float = typer.Option(
        0.005,
        min=0.0,
        help="Take the largest model weight whose macro-F1 is within this of the best (ties lean to the model).",
    ),
    json_out: bool = typer.Option(False, "--json", help="Print the fit as one JSON object."),
) -> None:
    """Fit how the encoder backend mixes a trained model with the linear model, and store it in the model.

    For each weight of the model's probabilities (0, 0.05, ..., 1) every label gets the threshold that gives it
    the best F1 on these rows; the largest weight within --tolerance of the best macro-F1 is written, with its
    thresholds, under [b]blend[/] in the model's xinyu-emotion.json. The encoder backend then reads texts of the model's language with it.

    [b]Example[/] (the shipped English model; see its MODEL_CARD.md)

      xinyu train blend --model models/emotion-encoder/en --data holdout.jsonl --scheme canonical \\
        --linear-model linear-without-holdout
    """
    try:
        get_scheme(scheme)
    except UnknownSchemeError as exc:
        fail(str(exc))
    texts, labels, _, errors = _read_labelled(data, [1.0] * len(data), text_field, label_field, scheme)
    if errors:
        err_console.print(f"[yellow]{len(errors)} rows left out; first: {errors[0]}[/]")
    if not texts:
        fail("no usable rows")
    try:
        from xinyu.train.emotion_blend import blend_model_folder
    except ImportError as exc:
        fail(f"fitting a blend needs torch and transformers: pip install 'xinyu[neural]' ({exc})")
    with err_console.status("fitting the blend") as status:
        try:
            report = blend_model_folder(model, texts, labels, linear_model, status.update, tolerance)
        except (OSError, ValueError) as exc:
            fail(f"cannot fit a blend for {model}: {exc}")
    if json_out:
        write_json(report)
        return
    err_console.print(
        f"[green]{model}[/]: weight {report['weight']} of the model, macro-F1 {report['macro_f1']} on "
        f"{report['rows']} rows (linear alone {report['by_weight'][0.0]}, model alone {report['by_weight'][1.0]})"
    )


@app.command("reply")
def train_reply(
    data: list[Path] = typer.Option(
        None, help="Dialogues (ESConv, SMILECHAT, standard records); repeat to combine.", show_default=False
    ),
    examples: Path = typer.Option(
        None, help="Prepared examples (JSONL from --save-examples) instead of --data.", show_default=False
    ),
    source: list[str] = typer.Option(
        None,
        help="Keep only records of these sources (e.g. a pipeline split's smilechat rows).",
        show_default=False,
    ),
    out: Path = typer.Option(..., help="Model folder (adapter, auxiliary head, xinyu-reply.json, curves)."),
    base: str = typer.Option(
        "gemma3-270m", help="Causal LM: gemma3-270m (offline package), or a folder / hub name."
    ),
    aux_weight: float = typer.Option(
        0.5, "--lambda", min=0.0, help="Weight of the auxiliary emotion loss; 0 trains on the reply alone."
    ),
    dev_fraction: float = typer.Option(
        0.02, min=0.005, max=0.5, help="Share of dialogues held out for dev loss."
    ),
    epochs: int = typer.Option(1, min=1),
    batch_size: int = typer.Option(16, min=1),
    lr: float = typer.Option(2e-4, help="LoRA learning rate."),
    lora_rank: int = typer.Option(16, min=1),
    max_context_tokens: int = typer.Option(
        256, min=16, help="Dialogue tokens kept before the reply (from the end)."
    ),
    max_reply_tokens: int = typer.Option(128, min=8, help="Reply tokens learned (longer replies are cut)."),
    backend: str = typer.Option(
        None,
        help="Emotion backend that reads the user's turn (the tag the service will pass).",
        show_default=False,
    ),
    device: str = typer.Option("auto", help="auto, cpu, cuda, cuda:1..."),
    max_minutes: float = typer.Option(
        None, help="Stop (keeping the best so far) after this long.", show_default=False
    ),
    resume: bool = typer.Option(False, "--resume", help="Continue from OUT/checkpoint."),
    limit: int = typer.Option(
        None, min=2, help="Use the first N examples only (a quick CPU check).", show_default=False
    ),
    save_examples: Path = typer.Option(
        None,
        help="Also write the prepared examples here (JSONL), to train elsewhere with --examples.",
        show_default=False,
    ),
    prepare_only: bool = typer.Option(False, "--prepare-only", help="Write --save-examples and stop."),
) -> None:
    """Fine-tune the local reply model: a causal LM with LoRA, conditioned on the user's emotion and the support
    strategy, trained on reply cross-entropy + lambda x an auxiliary emotion loss (the model card of the shipped
    one, src/xinyu/models/reply-gemma/MODEL_CARD.md, has the recipe and the lambda ablation).

    [b]Examples[/]

      # ESConv (en, with strategies) + the SMILECHAT rows of a pipeline's train split (zh)
      xinyu train reply --data esconv/train.jsonl --data build/dataset/splits/train.jsonl \\
        --source esconv --source smilechat --lambda 0.5 --out models/reply

      # prepare on a CPU box, train on a GPU box
      xinyu train reply --data esconv/train.jsonl --out models/reply --save-examples ex.jsonl --prepare-only
      xinyu train reply --examples ex.jsonl --out models/reply --device cuda

    The result serves through the service's model engine (XINYU_REPLY__ENGINE=model,
    XINYU_REPLY__MODEL_PATH=OUT) and is scored by `xinyu eval reply --engine model --model-path OUT`.
    """
    if (data is None) == (examples is None):
        fail("give --data (dialogues) or --examples (prepared), not both or neither")
    if prepare_only and save_examples is None:
        fail("--prepare-only needs --save-examples FILE")
    try:
        from xinyu.train.reply import (
            ReplyTrainConfig,
            dev_split,
            examples_from_records,
            read_examples,
            train_reply_lm,
            write_examples,
        )
    except ImportError as exc:
        fail(
            f"training the reply model needs torch, transformers and peft: pip install 'xinyu[neural]' ({exc})"
        )
    if examples is not None:
        try:
            rows = read_examples(examples)[:limit]
        except (OSError, ValueError) as exc:
            fail(str(exc))
    else:
        from xinyu.cli.common import load_analyzer
        from xinyu.data import IngestError
        from xinyu.data.ingest import reply_pairs

        analyzer = load_analyzer(backend, None)
        records = []
        try:
            for path in data:
                records += reply_pairs(path, sources=source)
        except (IngestError, InputFileError, ValueError) as exc:
            fail(str(exc))
        if not records:
            fail("no user turn with a reference reply in --data; are these dialogue files?")
        records = records[:limit]
        with progress() as bar:
            task = bar.add_task("reading emotions", total=len(records))
            rows = examples_from_records(records, analyzer, lambda: bar.advance(task))
    if save_examples is not None:
        n = write_examples(rows, save_examples)
        err_console.print(f"wrote {n:,} examples to {save_examples}")
        if prepare_only:
            return
    train, dev = dev_split(rows, dev_fraction)
    if not dev or not train:
        fail(f"{len(rows)} examples are too few to hold out a dev share; add data or raise --dev-fraction")
    config = ReplyTrainConfig(
        base=base,
        aux_weight=aux_weight,
        epochs=epochs,
        batch_size=batch_size,
        lr=lr,
        lora_rank=lora_rank,
        lora_alpha=2 * lora_rank,
        max_context_tokens=max_context_tokens,
        max_reply_tokens=max_reply_tokens,
        device=device,
        max_minutes=max_minutes,
        model_id=f"reply-lambda{aux_weight:g}",
    )
    report = _run_trainer(
        lambda step: train_reply_lm(train, dev, config, out, resume=resume, progress=step),
        out,
        {"limit": limit},
    )
    best = report["best"] or {}
    err_console.print(
        f"[green]wrote {out}[/]: {report['stopped']} after {report['steps']} steps ({report['seconds']} s, "
        f"{report['device']}); best dev loss {best.get('dev_loss')} (perplexity {best.get('dev_perplexity')}), "
        f"auxiliary emotion accuracy {best.get('dev_aux_accuracy')}"
    )


def _run_trainer(train, folder: Path, extra: dict) -> dict:
    """Run ``train(progress_callback)`` under a progress bar, turn its errors into a clean exit, and write its
    report (with ``extra``) to ``folder/train-report.json``."""
    from xinyu.neural.base import BaseModelError
    from xinyu.train.loop import write_train_report

    with progress(transient=False) as bar:
        task = bar.add_task("loading the base model", total=None)

        def step(stage: str, done: int, total: int) -> None:
            bar.update(task, description=stage, completed=done, total=total)

        try:
            report = {**train(step), **extra}
        except (BaseModelError, ValueError, OSError) as exc:
            fail(str(exc))
    write_train_report(folder, report)
    return report
