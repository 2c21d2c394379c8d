"""The ``xinyu`` command: a thin Typer layer over the library.

Exit codes: 0 success; 1 the command ran but some rows failed (each failure is reported in place);
2 bad usage (unknown backend or scheme, missing file or field, nothing to do).
"""

from __future__ import annotations

import sys

import typer
from rich.console import Console

from xinyu.cli import analyze as analyze_cmd
from xinyu.cli import data as data_cmd
from xinyu.cli import db as db_cmd
from xinyu.cli import doctor as doctor_cmd
from xinyu.cli import evaluate as eval_cmd
from xinyu.cli import export as export_cmd
from xinyu.cli import keys as keys_cmd
from xinyu.cli import safety as safety_cmd
from xinyu.cli import train as train_cmd

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
        1, min=1, help="Worker processes (use a server database, not SQLite, above 1)."
    ),
    access_log: bool = typer.Option(False, help="Log every request (off: the metrics count them)."),
) -> None:
    """Run the service: chat page at /, dashboard at /dashboard, API under /v1 (docs at /docs), /healthz, /metrics.

    Everything it keeps lives under XINYU_DATA_DIR (default ./var): the SQLite database and the key file.
    """
    import uvicorn

    from xinyu.config import get_settings
    from xinyu.service.app import create_app

    settings = get_settings()
    if host:
        settings = settings.model_copy(update={"host": host})
    if port:
        settings = settings.model_copy(update={"port": port})
    Console(stderr=True).print(
        f"xinyu serving on http://{settings.host}:{settings.port}  (data in {settings.data_dir})"
    )
    if workers > 1:
        # each worker builds its own app from the environment and xinyu.toml
        uvicorn.run(
            "xinyu.service.app:create_app",
            factory=True,
            host=settings.host,
            port=settings.port,
            workers=workers,
            log_level="info",
            access_log=access_log,
            proxy_headers=False,  # the client address rule is xinyu's own (api.trusted_proxies)
        )
        return
    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        log_level="info",
        access_log=access_log,
        proxy_headers=False,  # the client address rule is xinyu's own (api.trusted_proxies)
    )


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":  # python -m xinyu.cli.main
    main()
