"""``xinyu train``: build models from labelled data."""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

import typer

from xinyu.cli.common import err_console, fail, progress
from xinyu.io import FieldError, InputFileError, get_field, get_text, read_rows
from xinyu.taxonomy import UnknownLabelError, UnknownSchemeError, get_scheme, scheme_names, to_canonical

app = typer.Typer(help="Train models.", no_args_is_help=True)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


@app.command("emotion")
def train_emotion(
    data: list[Path] = typer.Option(..., help="Labelled .jsonl/.csv/.tsv file; repeat to combine several."),
    weight: list[float] = typer.Option(
        None,
        help="Sample weight of each --data file, in the same order (default 1 each).",
        show_default=False,
    ),
    out: Path = typer.Option(..., help="Model directory; the model is written to OUT/<lang>.npz."),
    backend: str = typer.Option(
        "linear", help="Only 'linear' trains here; the transformer backend comes with its extra."
    ),
    lang: str = typer.Option(
        ..., help="Language of the data: zh or en (a model directory holds one file per language)."
    ),
    text_field: str = typer.Option("text"),
    label_field: str = typer.Option(
        "label", help="Gold label field; a list value makes a multi-label model."
    ),
    scheme: str = typer.Option(..., help=f"Label scheme of the data: {', '.join(scheme_names())}."),
    c: float = typer.Option(0.1, help="Inverse regularisation strength of the linear SVM."),
    min_df: int = typer.Option(2, min=1, help="Drop n-grams seen in fewer documents."),
    model_id: str = typer.Option("emotion-linear", help="Name recorded in the model and shown in results."),
) -> None:
    """Train the fast n-gram emotion model.

    [b]Example[/] (the shipped Chinese model):

      xinyu train emotion --backend linear --lang zh --scheme smp2020 --text-field content \\
        --data smp2020_ewect/usual_train.jsonl --data smp2020_ewect/virus_train.jsonl --out models/emotion-linear
    """
    if backend != "linear":
        fail(f"backend {backend!r} cannot be trained by this command yet; use --backend linear")
    if lang not in ("zh", "en"):
        fail(f"--lang must be zh or en, not {lang!r}")
    try:
        get_scheme(scheme)
    except UnknownSchemeError as exc:
        fail(str(exc))
    try:
        from xinyu.emotion.train_linear import LinearTrainConfig, train_linear
    except ImportError as exc:
        fail(str(exc))

    weights = list(weight or [])
    if weights and len(weights) != len(data):
        fail(f"give one --weight per --data file ({len(data)}), or none")
    if any(w <= 0 for w in weights):
        fail("--weight values must be positive")
    weights = weights or [1.0] * len(data)
    texts: list[str] = []
    labels: list[list[str]] = []
    row_weights: list[float] = []
    errors: list[str] = []
    for path, file_weight in zip(data, weights, strict=True):
        try:
            rows = read_rows(path)
            for row in rows:
                if row.error:
                    errors.append(f"{path.name}: {row.error}")
                    continue
                try:
                    text = get_text(row.record, text_field)
                    gold = get_field(row.record, label_field)
                    canon = [to_canonical(scheme, g) for g in (gold if isinstance(gold, list) else [gold])]
                except (FieldError, UnknownLabelError) as exc:
                    errors.append(f"{path.name} line {row.number}: {exc}")
                    continue
                if not text.strip() or not canon:
                    errors.append(f"{path.name} line {row.number}: empty text or label")
                    continue
                texts.append(text)
                labels.append(list(dict.fromkeys(canon)))
                row_weights.append(file_weight)
        except InputFileError as exc:
            fail(str(exc))
    if errors:
        err_console.print(f"[yellow]{len(errors)} rows left out of training; first: {errors[0]}[/]")
    if not texts:
        fail("no usable training rows")

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
    target = out / f"{lang}.npz"
    model.save(target)
    report = {
        "model_id": model_id,
        "language": lang,
        "labels": model.labels,
        "multilabel": model.multilabel,
        "n_train": len(texts),
        "n_left_out": len(errors),
        "n_features": model.featurizer.n_features,
        "config": {"c": c, "min_df": min_df, "blocks": [b.spec.to_dict() for b in model.featurizer.blocks]},
        "data": [
            {"file": p.name, "sha256": _sha256(p), "weight": w} for p, w in zip(data, weights, strict=True)
        ],
        "seconds": round(time.perf_counter() - start, 1),
    }
    (out / f"{lang}.train.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    err_console.print(
        f"[green]wrote {target}[/] ({target.stat().st_size / 1e6:.1f} MB, {model.featurizer.n_features:,} features)"
    )
