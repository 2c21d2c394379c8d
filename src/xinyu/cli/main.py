"""The ``xinyu`` command: a thin Typer layer over the library.

Exit codes: 0 success; 1 the command ran but some rows failed (each failure is reported in place);
2 bad usage (unknown backend or scheme, missing file or field, nothing to do).
"""

from __future__ import annotations

import logging.config
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer

from xinyu.cli import analyze as analyze_cmd
from xinyu.cli import data as data_cmd
from xinyu.cli import db as db_cmd
from xinyu.cli import doctor as doctor_cmd
from xinyu.cli import evaluate as eval_cmd
from xinyu.cli import export as export_cmd
from xinyu.cli import keys as keys_cmd
from xinyu.cli import safety as safety_cmd
from xinyu.cli import train as train_cmd
from xinyu.service.logs import logging_config

app = typer.Typer(
    name="xinyu",
    help="xinyu (心语): emotion-aware dialogue. Analyse emotion and crisis risk, redact PII, evaluate and train models, run the service.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)
app.command("analyze")(analyze_cmd.analyze)
app.command("doctor")(doctor_cmd.doctor)
app.command("risk")(safety_cmd.risk)
app.command("redact")(safety_cmd.redact_cmd)
eval_cmd.app.command("risk")(safety_cmd.eval_risk)
eval_cmd.app.command("acts")(eval_cmd.eval_acts)
eval_cmd.app.command("dialogue")(eval_cmd.eval_dialogue)
train_cmd.app.command("risk")(safety_cmd.train_risk_cmd)
app.add_typer(eval_cmd.app, name="eval")
app.add_typer(train_cmd.app, name="train")
app.add_typer(export_cmd.app, name="export")
app.add_typer(keys_cmd.app, name="keys")
app.add_typer(data_cmd.app, name="data")
app.add_typer(db_cmd.app, name="db")


@app.command()
def serve(
    host: str = typer.Option(None, help="Interface to bind (default XINYU_HOST or 127.0.0.1)."),
    port: int = typer.Option(None, help="Port (default XINYU_PORT or 8000)."),
    workers: int = typer.Option(
        None,
        min=1,
        help="Worker processes (default XINYU_WORKERS or 1; use a server database, not SQLite, above 1).",
    ),
    log_format: str = typer.Option(
        None, help="Log lines: json (one object a line, the default) or text (for a terminal)."
    ),
    access_log: bool = typer.Option(
        None, "--access-log/--no-access-log", help="Log every request (default on; never its body)."
    ),
) -> None:
    """Run the service: chat page at /, dashboard at /dashboard, API under /v1 (docs at /docs), /healthz, /metrics.

    Everything it keeps lives under XINYU_DATA_DIR (default ./var): the SQLite database and the key file. With
    several workers, /metrics adds up all of them and the rate limits hold across them.
    """
    import uvicorn

    from xinyu.config import get_settings

    settings = get_settings()
    update = {
        "host": host,
        "port": port,
        "workers": workers,
        "log_format": log_format,
        "access_log": access_log,
    }
    settings = settings.model_copy(update={k: v for k, v in update.items() if v is not None})
    if settings.log_format not in ("json", "text"):
        raise typer.BadParameter("use json or text", param_hint="--log-format")
    logging.config.dictConfig(logging_config(settings.log_format))  # every line in the format asked for
    logging.getLogger("xinyu").info(
        "serving on http://%s:%s (data in %s)", settings.host, settings.port, settings.data_dir
    )
    options = {
        "host": settings.host,
        "port": settings.port,
        "log_config": logging_config(settings.log_format),
        "access_log": False,  # xinyu writes its own, with the request id (settings.access_log)
        "proxy_headers": False,  # the client address rule is xinyu's own (api.trusted_proxies)
    }
    if settings.workers == 1:
        from xinyu.service.app import create_app

        uvicorn.run(create_app(settings), **options)
        return
    # each worker builds its own app from the environment and xinyu.toml: what was given here goes there
    os.environ.update(
        XINYU_WORKERS=str(settings.workers),
        XINYU_LOG_FORMAT=settings.log_format,
        XINYU_ACCESS_LOG=str(settings.access_log).lower(),
    )
    with metrics_dir():
        uvicorn.run("xinyu.service.app:create_app", factory=True, workers=settings.workers, **options)


@contextmanager
def metrics_dir() -> Iterator[None]:
    """``PROMETHEUS_MULTIPROC_DIR`` for the workers' metric files: the one set, emptied of an earlier run's
    files, or a new temporary folder, removed afterwards."""
    given = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if given:
        os.makedirs(given, exist_ok=True)
        for stale in Path(given).glob("*.db"):
            stale.unlink()
        yield
        return
    folder = tempfile.mkdtemp(prefix="xinyu-metrics-")
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = folder
    try:
        yield
    finally:
        del os.environ["PROMETHEUS_MULTIPROC_DIR"]
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":  # python -m xinyu.cli.main
    main()
