"""Reading labelled and unlabelled records from JSONL, CSV and TSV, one row at a time, never dropping one.

Every row comes back as a :class:`Row`: its 1-based line (or record) number and either the parsed record or the
reason it could not be read (invalid UTF-8, broken JSON, not an object). Callers decide what an error means.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


class InputFileError(ValueError):
    """The input file as a whole cannot be read (missing, unknown format)."""


class FieldError(ValueError):
    """A record lacks a field, or the field has the wrong type."""


@dataclass
class Row:
    number: int
    record: dict | None = None
    error: str | None = None


def _jsonl(path: Path) -> Iterator[Row]:
    with path.open("rb") as fh:
        for number, raw in enumerate(fh, start=1):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield Row(number, error=f"line {number} is not valid UTF-8 (byte {exc.start})")
                continue
            if not line.strip():
                continue  # blank lines are layout, not rows
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                yield Row(number, error=f"line {number} is not valid JSON: {exc.msg}")
                continue
            if not isinstance(obj, dict):
                yield Row(number, error=f"line {number} is a JSON {type(obj).__name__}, expected an object")
                continue
            yield Row(number, record=obj)


def _delimited(path: Path, delimiter: str) -> Iterator[Row]:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputFileError(
            f"{path}: line {line} is not valid UTF-8 (byte {exc.start}); re-encode the file as UTF-8"
        ) from None
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    for number, rec in enumerate(reader, start=2):
        yield Row(number, record=dict(rec))


def read_rows(path: str | Path) -> Iterator[Row]:
    """Rows of a ``.jsonl``/``.json`` (one object per line), ``.csv`` or ``.tsv`` file."""
    p = Path(path)
    if not p.is_file():
        raise InputFileError(f"input file not found: {p}")
    suffix = p.suffix.lower()
    if suffix in (".jsonl", ".json", ".ndjson"):
        return _jsonl(p)
    if suffix == ".csv":
        return _delimited(p, ",")
    if suffix == ".tsv":
        return _delimited(p, "\t")
    raise InputFileError(f"{p}: unknown input format {suffix!r}; use .jsonl, .csv or .tsv")


def get_field(record: dict, name: str) -> object:
    """``name`` may be dotted (``meta.text``) to reach into nested objects."""
    cur: object = record
    for part in name.split("."):
        if not isinstance(cur, dict) or part not in cur:
            raise FieldError(f"missing field {name!r}")
        cur = cur[part]
    return cur


def set_field(record: dict, name: str, value: object) -> None:
    """Set an existing (possibly dotted) field, the counterpart of :func:`get_field`."""
    *parents, last = name.split(".")
    cur = record
    for part in parents:
        cur = cur[part]
    cur[last] = value


def get_text(record: dict, name: str) -> str:
    value = get_field(record, name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise FieldError(f"field {name!r} is {type(value).__name__}, expected a string")
    return value
