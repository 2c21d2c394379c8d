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
from collections.abc import Iterable
from pathlib import Path

from xinyu.data.record import Record

EXPORTS = ("jsonl", "csv", "parquet")


def _groups(records: list[Record]) -> list[int]:
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for r in records:
        a, b = find("d:" + r.dialogue_id), find("c:" + str(r.meta.get("cluster", r.uid)))
        if a != b:
            parent[b] = a
    ids: dict[str, int] = {}
    return [ids.setdefault(find("d:" + r.dialogue_id), len(ids)) for r in records]


def assign_splits(records: list[Record], ratios: dict[str, float] | None = None, seed: int = 13) -> list[str]:
    """The split name of every record."""
    ratios = ratios or {"train": 0.8, "dev": 0.1, "test": 0.1}
    total = sum(ratios.values())
    if total <= 0 or any(v < 0 for v in ratios.values()):
        raise ValueError(f"split ratios must be non-negative and sum above 0, got {ratios}")
    shares = {k: v / total for k, v in ratios.items()}
    group_of = _groups(records)
    members: dict[int, list[int]] = defaultdict(list)
    for i, g in enumerate(group_of):
        members[g].append(i)
    strata: dict[str, list[int]] = defaultdict(list)
    for g, idx in members.items():
        label = Counter(records[i].emotion or "none" for i in idx).most_common(1)[0][0]
        strata[label].append(g)
    out = [""] * len(records)
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


def write_splits(
    records: list[Record], splits: list[str], out_dir: Path, formats: Iterable[str] = ("jsonl",)
) -> dict[str, int]:
    """``out_dir/<split>.<format>`` for each split and format (a layout ``datasets.load_dataset`` reads)."""
    formats = list(formats)
    bad = [f for f in formats if f not in EXPORTS]
    if bad:
        raise ValueError(f"unknown export format {bad[0]!r}; choose from {', '.join(EXPORTS)}")
    out_dir.mkdir(parents=True, exist_ok=True)
    by_split: dict[str, list[dict]] = defaultdict(list)
    for rec, name in zip(records, splits, strict=True):
        d = rec.to_dict()
        d["split"] = name
        by_split[name].append(d)
    for name, rows in by_split.items():
        if "jsonl" in formats:
            with (out_dir / f"{name}.jsonl").open("w", encoding="utf-8") as fh:
                for d in rows:
                    fh.write(json.dumps(d, ensure_ascii=False) + "\n")
        flat = [_flat(d) for d in rows]
        if "csv" in formats:
            import csv

            with (out_dir / f"{name}.csv").open("w", encoding="utf-8", newline="") as fh:
                w = csv.DictWriter(fh, fieldnames=list(flat[0]))
                w.writeheader()
                w.writerows(flat)
        if "parquet" in formats:
            import pyarrow as pa
            import pyarrow.parquet as pq

            pq.write_table(pa.Table.from_pylist(flat), out_dir / f"{name}.parquet")
    return {k: len(v) for k, v in by_split.items()}


def _flat(d: dict) -> dict:
    """Columns for CSV and Parquet: lists and the meta object as JSON text, so every row has one schema."""
    out = dict(d)
    out["core_words"] = json.dumps(d.get("core_words") or [], ensure_ascii=False)
    out["meta"] = json.dumps(d.get("meta") or {}, ensure_ascii=False)
    return out
