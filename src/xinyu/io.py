"""Reading labelled and unlabelled records from JSONL, CSV and TSV, one row at a time, never dropping one.

Every row comes back as a :class:`Row`: its 1-based line (or record) number and either the parsed record or the
reason it could not be read (invalid UTF-8, broken JSON, not an object). Callers decide what an error means.

On top of rows, :func:`text_rows` reads the fields a command needs (a text, a label through a parser, an id) as a
:class:`TextRow` each, or says why a row cannot be used; :func:`read_labelled` gathers the labelled examples of
several files for training, :func:`user_turns` the user turns of a conversation, :func:`dialogue_rows` whole
conversations one a line, :func:`read_replies` a file of replies to score.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import itertools
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, NamedTuple

from xinyu.taxonomy import to_canonical

#: Values of a binary label read as 1 and as 0 (lower-cased; numbers count as 1 when positive).
TRUE_LABELS: Final[frozenset[str]] = frozenset({"1", "true", "yes", "y", "t", "positive", "pos"})
FALSE_LABELS: Final[frozenset[str]] = frozenset({"0", "false", "no", "n", "f", "negative", "neg", ""})
#: Roles of a conversation's turns that are the user's (a turn without a role is the user's too).
USER_ROLES: Final[frozenset[str]] = frozenset({"user", "seeker", "usr", "human"})


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


def read_rows(path: str | Path, *, limit: int | None = None) -> Iterator[Row]:
    """Rows of a ``.jsonl``/``.json`` (one object per line), ``.csv`` or ``.tsv`` file; the first ``limit`` only
    when it is given."""
    rows = _open_rows(Path(path))
    return itertools.islice(rows, limit) if limit else rows


def _open_rows(p: Path) -> Iterator[Row]:
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


def binary_label(value: object) -> int:
    """1 or 0 from a binary gold label: a bool, a number (1 when positive), or one of :data:`TRUE_LABELS` /
    :data:`FALSE_LABELS`; a ValueError for anything else.

    >>> [binary_label(v) for v in (True, 0.0, "Yes", "neg", "2.5")]
    [1, 0, 1, 0, 1]
    """
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float):
        return int(value > 0)
    s = str(value).strip().lower()
    if s in TRUE_LABELS:
        return 1
    if s in FALSE_LABELS:
        return 0
    try:
        return int(float(s) > 0)
    except ValueError:
        raise ValueError(f"label {value!r} is not binary (use 1/0, true/false, yes/no)") from None


def canonical_labels(scheme: str, value: object) -> list[str]:
    """The canonical emotions of a gold label of ``scheme``: one label, or a list of labels (each kept once, in
    order; an empty list gives none). An unknown label raises :class:`~xinyu.taxonomy.UnknownLabelError`.

    >>> canonical_labels("smp2020", ["sad", "happy", "sad"])
    ['sadness', 'joy']
    >>> canonical_labels("smp2020", "angry")
    ['anger']
    """
    values = value if isinstance(value, list) else [value]
    return list(dict.fromkeys(to_canonical(scheme, v) for v in values))


@dataclass(frozen=True)
class TextRow:
    """One row's text (and, where asked, its label and id), or why it cannot be used."""

    number: int
    text: str = ""
    label: Any = None  # the label field's value through the caller's parser
    gold: object = None  # the label field's value as found (kept when the parser rejects it)
    id: object = None  # the id field's value, where the row has one
    error: str | None = None  # why the row cannot be used
    # the row itself could not be read (its error names the line), rather than one of its fields
    unreadable: bool = False


def _optional_field(record: dict, name: str | None) -> object:
    if name is None:
        return None
    try:
        return get_field(record, name)
    except FieldError:
        return None


def text_rows(
    rows: Iterable[Row],
    text_field: str,
    *,
    label_field: str | None = None,
    parse: Callable[[object], Any] | None = None,
    id_field: str | None = None,
) -> Iterator[TextRow]:
    """Each row's text, its label (read only when ``label_field`` is given, then passed through ``parse``) and
    its id (when ``id_field`` is given and the row has one), in order.

    A row that cannot be used comes back with its ``error``: the row's own (``unreadable``), or a missing or
    mistyped field, or the ValueError ``parse`` raised for its label. The text is read first, then the label.
    """
    for row in rows:
        if row.error is not None:
            yield TextRow(row.number, error=row.error, unreadable=True)
            continue
        rid = _optional_field(row.record, id_field)
        gold = label = None
        try:
            text = get_text(row.record, text_field)
            if label_field is not None:
                gold = get_field(row.record, label_field)
                label = parse(gold) if parse else gold
        except ValueError as exc:  # FieldError, or the parser's
            yield TextRow(row.number, gold=gold, id=rid, error=str(exc))
            continue
        yield TextRow(row.number, text, label, gold, rid)


class LabelledTexts(NamedTuple):
    texts: list[str]
    labels: list[list[str]]  # canonical, each once, in the row's order
    weights: list[float]  # per text, its file's weight
    errors: list[str]  # one per row left out, naming its file and line


def read_labelled(
    paths: Sequence[Path],
    text_field: str,
    label_field: str,
    scheme: str,
    weights: Sequence[float] | None = None,
) -> LabelledTexts:
    """The labelled examples of every file (each row weighted by its file's weight, 1 by default).

    A label field holding a list gives several labels. Rows that cannot be used (unreadable, a field missing or
    mistyped, a label outside ``scheme``, an empty text or label) are listed in ``errors``, not fatal; a file that
    cannot be read at all raises :class:`InputFileError`.
    """
    out = LabelledTexts([], [], [], [])
    parse = functools.partial(canonical_labels, scheme)
    for path, file_weight in zip(paths, weights or [1.0] * len(paths), strict=True):
        for r in text_rows(read_rows(path), text_field, label_field=label_field, parse=parse):
            if r.unreadable:
                out.errors.append(f"{path.name}: {r.error}")
            elif r.error is not None:
                out.errors.append(f"{path.name} line {r.number}: {r.error}")
            elif not r.text.strip() or not r.label:
                out.errors.append(f"{path.name} line {r.number}: empty text or label")
            else:
                out.texts.append(r.text)
                out.labels.append(r.label)
                out.weights.append(file_weight)
    return out


def user_turns(rows: Iterable[Row], text_field: str = "text") -> Iterator[TextRow]:
    """The user turns of a conversation's rows, in order: rows whose ``role`` is one of :data:`USER_ROLES` (a row
    without one is the user's), each text from ``text_field``, else ``content``, ``message`` or ``text``.

    Rows of other roles are skipped; an unreadable row, or a user turn with none of those fields, comes back
    with its ``error``.
    """
    fields = (text_field, "content", "message", "text")
    for row in rows:
        if row.error is not None:
            yield TextRow(row.number, error=row.error, unreadable=True)
            continue
        if str(row.record.get("role", "user")).lower() not in USER_ROLES:
            continue
        text = _first_text(row.record, fields)
        if text is None:
            yield TextRow(row.number, error=f"no text field ({text_field!r}, content, message)")
        else:
            yield TextRow(row.number, text)


@dataclass(frozen=True)
class DialogueRow:
    """One conversation of a file with a conversation a line: its id, its user turns in order, its binary label
    (whether the conversation is at risk) where it has one, or why it cannot be used."""

    number: int
    id: str = ""
    turns: tuple[str, ...] = ()
    label: int | None = None
    error: str | None = None


def dialogue_rows(
    rows: Iterable[Row], text_field: str = "text", label_field: str = "label"
) -> Iterator[DialogueRow]:
    """Conversations from rows of ``{"id", "turns": [{"role", "text"}...], "label"}``: the user turns of each
    (see :func:`user_turns`: roles of :data:`USER_ROLES` or none, the text in ``text_field`` or ``content``), the
    label read by :func:`binary_label` when the row has one. The id defaults to the row's number.

    A row that cannot be read, has no list of turns, a turn that is not an object or lacks a text, or a label
    that is not binary comes back with its ``error``.

    >>> [(d.id, d.turns, d.label) for d in dialogue_rows([Row(1, {"turns": [{"text": "hi"}], "label": "no"})])]
    [('1', ('hi',), 0)]
    """
    for row in rows:
        if row.error is not None:
            yield DialogueRow(row.number, error=row.error)
            continue
        rec = row.record
        did = str(rec.get("id", row.number))
        turns = rec.get("turns")
        if not isinstance(turns, list):
            yield DialogueRow(row.number, did, error='no list of "turns"')
            continue
        if not all(isinstance(t, dict) for t in turns):
            yield DialogueRow(row.number, did, error='every turn must be an object ({"role", "text"})')
            continue
        texts: list[str] = []
        problem = None
        for turn in user_turns((Row(i, t) for i, t in enumerate(turns, 1)), text_field):
            if turn.error is not None:
                problem = f"turn {turn.number}: {turn.error}"
                break
            texts.append(turn.text)
        if problem is not None:
            yield DialogueRow(row.number, did, error=problem)
            continue
        try:
            label = binary_label(rec[label_field]) if rec.get(label_field) is not None else None
        except ValueError as exc:
            yield DialogueRow(row.number, did, error=str(exc))
            continue
        yield DialogueRow(row.number, did, tuple(texts), label)


def _first_text(record: dict, fields: Sequence[str]) -> str | None:
    for name in fields:
        try:
            return get_text(record, name)
        except FieldError:
            continue
    return None


def read_replies(path: Path) -> dict[str, dict]:
    """``{id: {"reply", "strategy"}}`` from a JSONL file of ``{"id", "reply"[, "strategy"]}`` lines: replies
    written elsewhere, to be scored. :class:`InputFileError` names the first bad line, a file that cannot be
    read, or a file with no replies."""
    out: dict[str, dict] = {}
    try:
        with path.open(encoding="utf-8") as fh:
            for number, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                    out[str(row["id"])] = {"reply": str(row["reply"]), "strategy": row.get("strategy")}
                except (ValueError, KeyError, TypeError) as exc:
                    raise InputFileError(
                        f'{path} line {number}: expected {{"id", "reply"}} ({exc})'
                    ) from None
    except UnicodeDecodeError as exc:
        raise InputFileError(f"{path} is not UTF-8 text (byte {exc.start}); save it as UTF-8") from None
    except OSError as exc:
        raise InputFileError(f"cannot read {path}: {exc}") from None
    if not out:
        raise InputFileError(f"{path}: no replies")
    return out


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes, read a megabyte at a time (to record which data a model was made from)."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()
