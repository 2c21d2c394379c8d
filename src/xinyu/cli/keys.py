"""``xinyu keys``: the encryption keys of the emotion memory."""

from __future__ import annotations

import json

import typer
from rich.console import Console

app = typer.Typer(
    help="Encryption keys of the emotion memory (AES-256-GCM, a key id on every row).", no_args_is_help=True
)


def _store(err: Console):
    from xinyu.config import get_settings
    from xinyu.memory.crypto import KeyRingError
    from xinyu.memory.database import StoreUnavailable
    from xinyu.memory.store import Store

    settings = get_settings()
    if settings.storage.key is not None:
        err.print(
            "[red]XINYU_STORAGE__KEY is set: set a new key there (the old one stays readable from the key file, "
            "or give both); this command cannot rewrite the environment[/red]"
        )
        raise typer.Exit(2)
    try:
        return Store.from_settings(settings)
    except (KeyRingError, StoreUnavailable) as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc


@app.command("rotate")
def rotate(
    batch: int = typer.Option(500, min=1, help="Rows re-encrypted per transaction."),
    wait: float = typer.Option(
        30.0, min=0, help="Seconds to wait for running services to seal with the new key before old keys go."
    ),
) -> None:
    """Add a new key, re-encrypt every stored message, reply, analysis, summary and comment under it, and drop
    the old keys once nothing needs them.

    Safe next to a running service (or several workers): each follows the key file and seals with the new key
    within a second, and says so in its heartbeat. Old keys are dropped only after every live service has moved
    to the new key, what they sealed before that has been re-encrypted, and no row names them; otherwise they
    stay in the key file, retired (they open old rows, never seal new ones), and `xinyu keys prune` drops them
    later. With XINYU_STORAGE__KEY set, rotate by setting a new key there instead.

    Example: xinyu keys rotate && xinyu keys list
    """
    from rich.progress import Progress, SpinnerColumn, TextColumn

    from xinyu.memory.database import StoreUnavailable

    err = Console(stderr=True)
    store = _store(err)
    try:
        with Progress(
            SpinnerColumn(), TextColumn("{task.description} {task.completed} rows"), console=err
        ) as bar:
            task = bar.add_task("re-encrypting", total=None)
            out = store.rotate_keys(batch, wait_s=wait, progress=lambda n: bar.advance(task, n))
    except StoreUnavailable as exc:
        err.print(f"[red]{exc}[/red] (the new key is in the key file; run `xinyu keys prune` once it works)")
        raise typer.Exit(1) from exc
    finally:
        store.close()
    if out["services_behind"]:
        err.print(
            f"[yellow]{len(out['services_behind'])} running service(s) still seal with an old key; old keys are "
            "kept. Run `xinyu keys prune` once they have moved (within a second, unless they cannot read the key "
            "file).[/yellow]"
        )
    print(json.dumps(out, ensure_ascii=False))


@app.command("prune")
def prune(batch: int = typer.Option(500, min=1, help="Rows re-encrypted per transaction.")) -> None:
    """Re-encrypt what is still sealed with a retired key, then drop the retired keys no row names, if every
    running service seals with the current key."""
    err = Console(stderr=True)
    store = _store(err)
    try:
        behind = store.wait_for_services(store.keys.current_id, wait_s=0)
        counts = store.reseal(batch)
        dropped = [] if behind else store.drop_unused_keys()
    finally:
        store.close()
    if behind:
        err.print(
            f"[yellow]{len(behind)} running service(s) still seal with an old key: nothing dropped[/yellow]"
        )
    print(json.dumps({"key_id": store.keys.current_id, "reencrypted": counts, "dropped": dropped}))
    raise typer.Exit(1 if behind else 0)


@app.command("list")
def list_keys() -> None:
    """The ids of the keys in the ring, newest last (never the keys themselves), and which are retired."""
    from xinyu.config import get_settings
    from xinyu.memory.crypto import KeyRing

    settings = get_settings()
    env = settings.storage.key.get_secret_value() if settings.storage.key else None
    ring = KeyRing.open(settings.key_file, env)
    print(json.dumps({"current": ring.current_id, "keys": ring.ids, "retired": sorted(ring.retired)}))
