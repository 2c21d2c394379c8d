"""Helpers shared by the CLI commands: errors that exit cleanly, progress bars on stderr, JSON output."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import NoReturn

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

err_console = Console(stderr=True)


def fail(message: str, code: int = 2) -> NoReturn:
    err_console.print(f"[bold red]error:[/] {message}")
    raise typer.Exit(code)


def choices(names: Sequence[str]) -> str:
    """``a, b or c``: the values a flag takes, for its error message."""
    return f"{', '.join(names[:-1])} or {names[-1]}" if len(names) > 1 else names[0]


def load_rows(path, limit: int | None = None) -> list:
    """Every row of an evaluation file (the first ``limit``), or a clear error and exit 2 if it cannot be read."""
    from xinyu.io import InputFileError, read_rows

    try:
        return list(read_rows(path, limit=limit))
    except InputFileError as exc:
        fail(str(exc))


def progress(transient: bool = True) -> Progress:
    """A progress bar on stderr, so that stdout stays clean for ``--json``; silent when stderr is not a tty."""
    return Progress(
        SpinnerColumn(),
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=transient,
        disable=not err_console.is_terminal,
    )


def write_json(obj: object) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")


def load_analyzer(backend: str | None, model: str | None):
    """An analyzer, or a clean exit naming what is wrong."""
    from xinyu.config import get_settings
    from xinyu.emotion import EmotionBackendError, UnknownBackendError, get_analyzer

    settings = get_settings()
    if model:
        settings = settings.model_copy(update={"emotion_model": model})
    try:
        return get_analyzer(backend, settings)
    except (UnknownBackendError, EmotionBackendError, ImportError) as exc:
        fail(str(exc))
