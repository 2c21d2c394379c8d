"""Stratified train/dev/test splits where no group straddles two splits, and the exports.

A group is a dialogue (its turns must not leak across splits) joined with any duplicate cluster its rows belong
to (``meta.cluster``, set by dedup). Groups are stratified by their most common emotion and dealt, largest first,
to the split furthest below its share, so each split gets close to its share of every emotion. The assignment
is deterministic for a seed.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from xinyu.data.card import write_card
from xinyu.data.record import Record

EXPORTS = ("jsonl", "csv", "parquet")


def split_key(rec: Record) -> tuple[str, str, str | None]:
    """What a split is decided on: (dialogue, duplicate cluster, emotion). Keys are small: a pipeline keeps only
    these in memory and streams the records themselves."""
    return rec.dialogue_id, str(rec.meta.get("cluster", rec.uid)), rec.emotion


def _groups(keys: Sequence[tuple[str, str, str | None]]) -> list[int]:
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for dialogue, cluster, _ in keys:
        a, b = find("d:" + dialogue), find("c:" + cluster)
        if a != b:
            parent[b] = a
    ids: dict[str, int] = {}
    return [ids.setdefault(find("d:" + dialogue), len(ids)) for dialogue, _, _ in keys]


def assign_splits(
    records: Sequence[Record | tuple[str, str, str | None]],
    ratios: dict[str, float] | None = None,
    seed: int = 13,
) -> list[str]:
    """The split name of every record (records, or their :func:`split_key`)."""
    ratios = ratios or {"train": 0.8, "dev": 0.1, "test": 0.1}
    total = sum(ratios.values())
    if total <= 0 or any(v < 0 for v in ratios.values()):
        raise ValueError(f"split ratios must be non-negative and sum above 0, got {ratios}")
    shares = {k: v / total for k, v in ratios.items()}
    keys = [r if isinstance(r, tuple) else split_key(r) for r in records]
    group_of = _groups(keys)
    members: dict[int, list[int]] = defaultdict(list)
    for i, g in enumerate(group_of):
        members[g].append(i)
    strata: dict[str, list[int]] = defaultdict(list)
    for g, idx in members.items():
        label = Counter(keys[i][2] or "none" for i in idx).most_common(1)[0][0]
        strata[label].append(g)
    out = [""] * len(keys)
    for label in sorted(strata):
        groups = strata[label]
        # largest first (they are the hard ones to place), ties in a seeded but stable order
        groups.sort(key=lambda g: (-len(members[g]), hashlib.md5(f"{seed}:{g}".encode()).hexdigest()))
        n = sum(len(members[g]) for g in groups)
        filled = dict.fromkeys(shares, 0)
        for g in groups:
            name = max(shares, key=lambda k: (shares[k] * n - filled[k], shares[k]))
            filled[name] += len(members[g])
            for i in members[g]:
                out[i] = name
    return out


#: the split files' columns: the record's fields and the split it was dealt to
COLUMNS = (
    "dialogue_id",
    "turn",
    "role",
    "text",
    "response",
    "emotion",
    "core_words",
    "source",
    "meta",
    "split",
)


class SplitWriter:
    """``out_dir/<split>.<format>`` for each split and format (a layout ``datasets.load_dataset`` reads), written
    a row at a time (Parquet in row groups of ``batch`` rows), so memory does not grow with the data; on close, a
    dataset card (``out_dir/README.md``) that says what the files hold."""

    def __init__(self, out_dir: Path, formats: Iterable[str] = ("jsonl",), batch: int = 10_000) -> None:
        self.formats = list(formats)
        bad = [f for f in self.formats if f not in EXPORTS]
        if bad:
            raise ValueError(f"unknown export format {bad[0]!r}; choose from {', '.join(EXPORTS)}")
        out_dir.mkdir(parents=True, exist_ok=True)
        self.out_dir, self.batch = out_dir, batch
        self.counts: Counter[str] = Counter()
        self.sources: Counter[str] = Counter()  # rows per source, for the card's licence note
        self.meta_keys: Counter[str] = Counter()  # rows per meta key, for the card's field list
        self._files: dict[tuple[str, str], Any] = {}
        self._pending: dict[str, list[dict]] = defaultdict(list)

    def _file(self, name: str, fmt: str):
        if (name, fmt) not in self._files:
            path = self.out_dir / f"{name}.{fmt}"
            if fmt == "parquet":
                import pyarrow.parquet as pq

                self._files[name, fmt] = pq.ParquetWriter(path, parquet_schema())
            else:
                fh = path.open("w", encoding="utf-8", newline="")
                if fmt == "csv":
                    import csv

                    w = csv.DictWriter(fh, fieldnames=list(COLUMNS))
                    w.writeheader()
                    self._files[name, fmt] = (fh, w)
                else:
                    self._files[name, fmt] = (fh, None)
        return self._files[name, fmt]

    def add(self, rec: Record | dict, name: str) -> None:
        d = rec.to_dict() if isinstance(rec, Record) else dict(rec)
        d["split"] = name
        self.counts[name] += 1
        self.sources[d.get("source") or ""] += 1
        self.meta_keys.update((d.get("meta") or {}).keys())
        if "jsonl" in self.formats:
            self._file(name, "jsonl")[0].write(json.dumps(d, ensure_ascii=False) + "\n")
        if "csv" in self.formats:
            self._file(name, "csv")[1].writerow(_flat(d))
        if "parquet" in self.formats:
            self._pending[name].append(_columns(d))
            if len(self._pending[name]) >= self.batch:
                self._flush(name)

    def _flush(self, name: str) -> None:
        import pyarrow as pa

        rows, self._pending[name] = self._pending[name], []
        if rows:
            writer = self._file(name, "parquet")
            writer.write_table(pa.Table.from_pylist(rows, schema=writer.schema))

    def close(self) -> dict[str, int]:
        """Flush and close every file, then write the dataset card (``README.md``); returns the rows per split."""
        for name in list(self._pending):
            self._flush(name)
        for (_, fmt), f in self._files.items():
            if fmt == "parquet":
                f.close()
            else:
                f[0].close()
        self._files.clear()
        if self.counts:
            write_card(self.out_dir, self.formats, dict(self.counts), self.sources, self.meta_keys)
        return dict(self.counts)


def write_splits(
    records: Iterable[Record], splits: Iterable[str], out_dir: Path, formats: Iterable[str] = ("jsonl",)
) -> dict[str, int]:
    """``out_dir/<split>.<format>`` for each split and format; returns the rows per split."""
    writer = SplitWriter(out_dir, formats)
    try:
        for rec, name in zip(records, splits, strict=True):
            writer.add(rec, name)
    finally:
        counts = writer.close()
    return counts


def parquet_schema():
    """The Parquet splits' schema: ``core_words`` a native list of strings; ``meta`` JSON text, because its keys
    and their types vary by source and stage (``review`` is ``true`` or an object), which no one struct holds."""
    import pyarrow as pa

    types = {"turn": pa.int64(), "core_words": pa.list_(pa.string())}
    return pa.schema([(c, types.get(c, pa.string())) for c in COLUMNS])


def _columns(d: dict) -> dict:
    """A Parquet row: ``core_words`` as a list, ``meta`` as JSON text."""
    out = {c: d.get(c) for c in COLUMNS}
    out["core_words"] = list(d.get("core_words") or [])
    out["meta"] = json.dumps(d.get("meta") or {}, ensure_ascii=False)
    return out


def _flat(d: dict) -> dict:
    """A CSV row: CSV has no lists or objects, so ``core_words`` and ``meta`` are JSON text."""
    out = _columns(d)
    out["core_words"] = json.dumps(out["core_words"], ensure_ascii=False)
    return out
