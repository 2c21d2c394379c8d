"""``xinyu keys``: the encryption keys of the emotion memory."""

from __future__ import annotations

import json

import typer
from rich.console import Console

app = typer.Typer(
    help="Encryption keys of the emotion memory (AES-256-GCM, a key id on every row).", no_args_is_help=True
)


@app.command("rotate")
def rotate(
    batch: int = typer.Option(500, min=1, help="Rows re-encrypted per transaction."),
) -> None:
    """Add a new key and re-encrypt every stored message, reply, analysis, summary and comment under it.

    Keys no row uses any more are retired from the key file. With XINYU_STORAGE__KEY set, the new key is not
    written anywhere: rotate by setting a new XINYU_STORAGE__KEY instead (older keys in keys.json still read).
    Run it with the service stopped, or on a database the service shares: writes are transactional either way.
    """
    from xinyu.config import get_settings
    from xinyu.memory.crypto import KeyRing, KeyRingError
    from xinyu.memory.store import Store, make_engine

    err = Console(stderr=True)
    settings = get_settings()
    if settings.storage.key is not None:
        err.print(
            "[red]XINYU_STORAGE__KEY is set: set a new key there; rotate cannot rewrite the environment[/red]"
        )
        raise typer.Exit(2)
    try:
        ring = KeyRing.load(settings.data_dir)
    except KeyRingError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
    store = Store(make_engine(settings.database_url), ring)
    try:
        counts = store.rotate_keys(batch)
    finally:
        store.close()
    print(json.dumps({"key_id": ring.current_id, "reencrypted": counts}, ensure_ascii=False))


@app.command("list")
def list_keys() -> None:
    """The ids of the keys in the ring, newest last (never the keys themselves)."""
    from xinyu.config import get_settings
    from xinyu.memory.crypto import KeyRing

    settings = get_settings()
    env = settings.storage.key.get_secret_value() if settings.storage.key else None
    ring = KeyRing.load(settings.data_dir, env)
    print(json.dumps({"current": ring.current_id, "keys": ring.ids}))
