"""The row stages (validate, redact, label) on Ray Data, for corpora that outgrow one process (``engine = "ray"``).

The driver ingests as usual and spills the records to JSONL shards; Ray Data reads the shards and runs the same
stage objects in a pool of actors (one analyzer load per actor), a batch at a time. A worker cannot write to the
driver's ledger, so each batch comes back as rows marked ``kept`` or ``rejected`` (with the stage and reason) and
the driver replays the rejects into its ledger: the account is the same as with the local engine, row for row.
Order is preserved, so both engines write the same files. Dedup, split and report stay on the driver: dedup needs
every row's signature before it can keep one per cluster.

Connects to ``RAY_ADDRESS`` when set (a cluster), else starts a local Ray.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

import numpy as np

from xinyu.data.factory import make_stage
from xinyu.data.record import Ledger, Record, dumps

ROW_STAGES = ("validate", "redact", "label")


class RayUnavailableError(RuntimeError):
    pass


class _Collect(Ledger):
    """A worker's ledger: it keeps the rejects to send back."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def reject(self, stage: str, reason: str, rec, uid: str | None = None) -> None:
        body = rec.to_dict() if isinstance(rec, Record) else rec
        uid = uid or (rec.uid if isinstance(rec, Record) else None)
        self.lines.append(
            json.dumps({"uid": uid, "stage": stage, "reason": reason, "record": body}, ensure_ascii=False)
        )


class StageBatch:
    """The Ray Data UDF: the stages built once per actor, applied to a batch of JSON lines."""

    def __init__(self, specs: list[tuple[str, dict]]) -> None:
        self.stages = [make_stage(name, opts) for name, opts in specs]

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        stream: Iterable[Record] = (Record.from_dict(json.loads(line)) for line in batch["text"])
        ledger = _Collect()
        for stage in self.stages:
            stream = stage(stream, ledger)
        kept = [dumps(r) for r in stream]
        kinds = ["kept"] * len(kept) + ["rejected"] * len(ledger.lines)
        return {"kind": np.array(kinds, dtype=object), "line": np.array(kept + ledger.lines, dtype=object)}


def _ray():
    try:
        import ray
    except ImportError as exc:
        raise RayUnavailableError("engine 'ray' needs Ray: pip install 'xinyu[ray]'") from exc
    if not ray.is_initialized():
        ray.init(address=os.environ.get("RAY_ADDRESS") or None, include_dashboard=False, log_to_driver=False)
    return ray


def run_row_stages(
    records: Iterable[Record],
    specs: list[tuple[str, dict]],
    ledger: Ledger,
    review: IO[str] | None = None,
    shard_rows: int = 20_000,
    batch_size: int = 512,
    workers: int | None = None,
) -> Iterator[Record]:
    """The kept records of ``specs`` (``[(stage name, options)]``) applied on Ray, in input order; rejects go to
    ``ledger``, rows the labeller marked for review to ``review``."""
    ray = _ray()
    with tempfile.TemporaryDirectory(prefix="xinyu-ray-") as tmp:
        shards: list[str] = []
        fh = None
        for i, rec in enumerate(records):
            if i % shard_rows == 0:
                if fh:
                    fh.close()
                shards.append(str(Path(tmp) / f"shard-{len(shards):05d}.jsonl"))
                fh = open(shards[-1], "w", encoding="utf-8")  # noqa: SIM115 - closed when the shard is full
            fh.write(dumps(rec) + "\n")
        if fh:
            fh.close()
        if not shards:
            return
        ctx = ray.data.DataContext.get_current()
        ctx.execution_options.preserve_order = True
        ctx.enable_progress_bars = False  # the command's own bar counts the rows
        logging.getLogger("ray.data").setLevel(logging.WARNING)
        # one CPU stays free for the read tasks: actors holding every CPU would starve the reads that feed them
        pool = workers or max(1, int(ray.available_resources().get("CPU", 1)) - 1)
        ds = ray.data.read_text(shards).map_batches(
            StageBatch,
            fn_constructor_args=(specs,),
            batch_size=batch_size,
            batch_format="numpy",
            compute=ray.data.ActorPoolStrategy(min_size=1, max_size=pool),
        )
        for batch in ds.iter_batches(batch_size=None, batch_format="numpy"):
            for kind, line in zip(batch["kind"], batch["line"], strict=True):
                if kind == "rejected":
                    d = json.loads(line)
                    ledger.reject(d["stage"], d["reason"], d["record"], d["uid"])
                    continue
                rec = Record.from_dict(json.loads(line))
                if review is not None and rec.meta.get("review"):
                    review.write(line + "\n")
                yield rec
