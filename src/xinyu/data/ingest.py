"""Ingest: any supported file into standard records, streamed.

Formats: JSONL (also a JSON array file), CSV, TSV, Parquet, plain text (one text per line). Layouts on top of
the format: the dialogue corpora ESConv, SMILECHAT, CPED and PsyQA, records already in the standard format,
or ``flat`` (one text per row, the text taken from ``text_field``). ``layout="auto"`` looks at the first record.

Dialogues come out one record per utterance, or with ``pairs=True`` one record per user turn with the reply that
followed (``response``) and the turns before it (``meta.context``); consecutive utterances by the same speaker are
one turn. A row that cannot be read is rejected into the ledger with the reason; it never stops the run.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Iterator
from pathlib import Path

from xinyu.data.record import Ledger, Record
from xinyu.io import InputFileError, Row, read_rows
from xinyu.taxonomy import UnknownLabelError, to_canonical

LAYOUTS = ("auto", "standard", "flat", "esconv", "smilechat", "cped", "psyqa")
FORMATS = ("jsonl", "json", "csv", "tsv", "parquet", "txt")
#: speaker names of the corpora -> standard role
ROLE_NAMES = {
    "usr": "user",
    "user": "user",
    "seeker": "user",
    "client": "user",
    "human": "user",
    "sys": "assistant",
    "assistant": "assistant",
    "supporter": "assistant",
    "counselor": "assistant",
    "bot": "assistant",
    "gpt": "assistant",
}
CONTEXT_TURNS = 8


class IngestError(ValueError):
    """The input cannot be ingested as asked (unknown layout, a field that is not there)."""


def _format_of(path: Path, fmt: str | None) -> str:
    if fmt:
        if fmt not in FORMATS:
            raise IngestError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")
        return fmt
    suffix = path.suffix.lower().lstrip(".")
    if suffix in ("jsonl", "ndjson"):
        return "jsonl"
    if suffix in FORMATS:
        return suffix
    raise IngestError(
        f"{path}: cannot tell the format from {path.suffix!r}; pass --format ({', '.join(FORMATS)})"
    )


def _rows(path: Path, fmt: str) -> Iterator[Row]:
    if fmt in ("jsonl", "csv", "tsv"):
        yield from read_rows(path)
        return
    if fmt == "json":
        with path.open("rb") as fh:
            head = fh.read(64).lstrip()
        if not head.startswith(b"["):
            yield from read_rows(path)  # JSON lines with a .json name
            return
        try:
            items = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InputFileError(f"{path}: not a readable JSON array ({exc})") from None
        for number, obj in enumerate(items, start=1):
            if isinstance(obj, dict):
                yield Row(number, record=obj)
            else:
                yield Row(number, error=f"item {number} is a JSON {type(obj).__name__}, expected an object")
        return
    if fmt == "parquet":
        try:
            import pyarrow.parquet as pq
        except ImportError as exc:
            raise IngestError(f"reading Parquet needs pyarrow: pip install 'xinyu[data]' ({exc})") from None
        number = 0
        for batch in pq.ParquetFile(path).iter_batches(batch_size=4096):
            for rec in batch.to_pylist():
                number += 1
                yield Row(number, record=rec)
        return
    if fmt == "txt":
        with path.open("rb") as fh:
            for number, raw in enumerate(fh, start=1):
                try:
                    line = raw.decode("utf-8").rstrip("\r\n")
                except UnicodeDecodeError as exc:
                    yield Row(number, error=f"line {number} is not valid UTF-8 (byte {exc.start})")
                    continue
                if line.strip():
                    yield Row(number, record={"text": line})
        return
    raise IngestError(f"unknown format {fmt!r}")


def detect_layout(first: dict) -> str:
    """The layout a record looks like (``flat`` when nothing more specific fits)."""
    dialog = first.get("dialog")
    if isinstance(dialog, list) and dialog and isinstance(dialog[0], dict):
        if "speaker" in dialog[0]:
            return "esconv"
        if "role" in dialog[0]:
            return "smilechat"
    if "Dialogue_ID" in first and "Utterance" in first:
        return "cped"
    if "question" in first and isinstance(first.get("answers"), list):
        return "psyqa"
    if "dialogue_id" in first and "text" in first and "role" in first:
        return "standard"
    return "flat"


def _canonical(scheme: str, label: object) -> str | None:
    if label in (None, ""):
        return None
    try:
        return to_canonical(scheme, label)
    except UnknownLabelError:
        return None


def _utterances(turns: list[dict], dialogue_id: str, source: str, base_meta: dict) -> list[Record]:
    out = []
    for i, t in enumerate(turns):
        out.append(
            Record(
                dialogue_id=dialogue_id,
                turn=i,
                role=t["role"],
                text=t["text"],
                emotion=t.get("emotion"),
                source=source,
                meta={**base_meta, **t.get("meta", {})},
            )
        )
    return out


def _join(a: str, b: str) -> str:
    """Two utterances of one speaker as one turn: a space between Latin words, nothing between Chinese."""
    if not a or not b:
        return a or b
    return f"{a}{b}" if not a[-1].isascii() else f"{a} {b}"


def _pairs(turns: list[dict], dialogue_id: str, source: str, base_meta: dict) -> list[Record]:
    """(context, user turn, reply) per user turn that got a reply; same-speaker runs joined."""
    merged: list[dict] = []
    for t in turns:
        if merged and merged[-1]["role"] == t["role"] and merged[-1].get("speaker") == t.get("speaker"):
            prev = merged[-1]
            prev["text"] = _join(prev["text"], t["text"])
            prev["meta"] = {**prev.get("meta", {}), **t.get("meta", {})}
            prev["emotion"] = prev.get("emotion") or t.get("emotion")
        else:
            merged.append(dict(t))
    out = []
    for i in range(len(merged) - 1):
        cur, nxt = merged[i], merged[i + 1]
        if cur["role"] == "assistant" or nxt["role"] == cur["role"] and cur["role"] != "other":
            continue
        context = [{"role": t["role"], "text": t["text"]} for t in merged[max(0, i - CONTEXT_TURNS) : i]]
        meta = {**base_meta, **cur.get("meta", {}), "context": context}
        if nxt.get("meta", {}).get("strategy"):
            meta["strategy"] = nxt["meta"]["strategy"]
        out.append(
            Record(
                dialogue_id=dialogue_id,
                turn=i,
                role=cur["role"],
                text=cur["text"],
                response=nxt["text"],
                emotion=cur.get("emotion"),
                source=source,
                meta=meta,
            )
        )
    return out


def _dialogue_turns(layout: str, rec: dict) -> tuple[list[dict], dict, str | None]:
    """(turns, dialogue-level meta, dialogue id if the corpus has one) for the dialogue layouts."""
    if layout == "esconv":
        emotion = _canonical("esconv", rec.get("emotion_type"))
        meta = {k: rec[k] for k in ("emotion_type", "problem_type", "situation") if rec.get(k) is not None}
        turns = []
        for t in rec["dialog"]:
            role = ROLE_NAMES.get(str(t.get("speaker")), "other")
            tm = {"strategy": t["strategy"]} if t.get("strategy") else {}
            turns.append(
                {
                    "role": role,
                    "text": str(t["text"]),
                    "emotion": emotion if role == "user" else None,
                    "meta": tm,
                }
            )
        return turns, meta, None
    if layout == "smilechat":
        turns = [
            {"role": ROLE_NAMES.get(str(t.get("role")), "other"), "text": str(t["content"])}
            for t in rec["dialog"]
        ]
        return turns, {}, str(rec["id"]) if rec.get("id") is not None else None
    if layout == "psyqa":
        question = str(rec.get("question") or "")
        desc = str(rec.get("description") or "")
        text = question if not desc or desc in question else f"{question}\n{desc}"
        meta = {"keywords": rec.get("keywords")}
        turns = [{"role": "user", "text": text}]
        for a in rec.get("answers") or []:
            turns.append({"role": "assistant", "text": str(a.get("answer_text") or "")})
        qid = rec.get("questionID")
        return turns, meta, str(qid) if qid is not None else None
    raise IngestError(f"not a dialogue layout: {layout}")


def ingest(
    path: str | Path,
    ledger: Ledger | None = None,
    *,
    layout: str = "auto",
    fmt: str | None = None,
    source: str | None = None,
    text_field: str = "text",
    emotion_field: str | None = None,
    emotion_scheme: str | None = None,
    pairs: bool = False,
) -> Iterator[Record]:
    """Standard records from one file. Every row read is counted in ``ledger``; unreadable rows are rejected."""
    p = Path(path)
    if not p.is_file():
        raise InputFileError(f"input file not found: {p}")
    if layout not in LAYOUTS:
        raise IngestError(f"unknown layout {layout!r}; choose one of: {', '.join(LAYOUTS)}")
    ledger = ledger or Ledger()
    fmt = _format_of(p, fmt)
    yield from _ingest_rows(
        _rows(p, fmt), p, ledger, layout, source, text_field, emotion_field, emotion_scheme, pairs
    )


def reply_pairs(
    path: str | Path, *, layout: str = "auto", sources: Collection[str] | None = None
) -> Iterator[Record]:
    """The user turns of a dialogue file that have a reference reply, one record each (the turn, its
    ``response``, the turns before it in ``meta.context``): what a reply model learns from and is scored on.
    Only records of ``sources`` when it names any."""
    for rec in ingest(path, Ledger(), layout=layout, pairs=True):
        if rec.response and (not sources or rec.source in sources):
            yield rec


def _ingest_rows(
    rows: Iterator[Row],
    path: Path,
    ledger: Ledger,
    layout: str,
    source: str | None,
    text_field: str,
    emotion_field: str | None,
    emotion_scheme: str | None,
    pairs: bool,
) -> Iterator[Record]:
    build = _pairs if pairs else _utterances
    if layout != "auto":
        source = _source_name(source, layout, path)
    cped: list[dict] = []
    cped_id: str | None = None
    for row in rows:
        uid = f"{path.name}:{row.number}"
        if row.error is not None:
            ledger.read()
            ledger.reject("ingest", row.error, None, uid=uid)
            continue
        rec = row.record or {}
        if layout == "auto":
            layout = detect_layout(rec)
            source = _source_name(source, layout, path)
            if layout == "flat" and text_field not in rec:
                raise IngestError(
                    f"{path}: no field {text_field!r} in the first record (fields: {', '.join(list(rec)[:12])}); "
                    "pass --text-field, or --layout for a dialogue corpus"
                )
        if layout == "cped":
            did = str(rec.get("Dialogue_ID", ""))
            if cped and did != cped_id:
                yield from _flush_cped(cped, cped_id, source, ledger, build)
                cped = []
            cped_id = did
            cped.append(rec)
            continue
        if layout in ("esconv", "smilechat", "psyqa"):
            try:
                turns, meta, did = _dialogue_turns(layout, rec)
            except (KeyError, TypeError, ValueError) as exc:
                ledger.read()
                ledger.reject("ingest", f"not a {layout} dialogue: {exc!r}", rec, uid=uid)
                continue
            meta["row"] = uid
            dialogue_id = f"{source}:{did if did is not None else row.number}"
            if layout == "psyqa" and pairs:  # one question, several answers: a pair per answer
                out = [
                    Record(
                        dialogue_id,
                        i,
                        "user",
                        turns[0]["text"],
                        t["text"],
                        source=source,
                        meta={**meta, "context": []},
                    )
                    for i, t in enumerate(turns[1:])
                ]
            else:
                out = build(turns, dialogue_id, source, meta)
            yield from _counted(out, rec, uid, ledger)
            continue
        ledger.read()
        if layout == "standard":
            try:
                r = Record.from_dict(rec)
            except (ValueError, TypeError) as exc:
                ledger.reject("ingest", str(exc), rec, uid=uid)
                continue
            r.source = r.source or source
            yield r
            continue
        # flat
        text = rec.get(text_field)
        if not isinstance(text, str):
            reason = (
                f"field {text_field!r} is missing" if text is None else f"field {text_field!r} is not text"
            )
            ledger.reject("ingest", reason, rec, uid=uid)
            continue
        emotion = None
        if emotion_field and rec.get(emotion_field) not in (None, ""):
            raw = rec[emotion_field]
            emotion = _canonical(emotion_scheme, raw) if emotion_scheme else str(raw)
        meta = {k: v for k, v in rec.items() if k not in (text_field, emotion_field)}
        meta["row"] = uid
        yield Record(
            dialogue_id=f"{source}:{row.number}",
            turn=0,
            role="user",
            text=text,
            emotion=emotion,
            source=source,
            meta=meta,
        )
    if cped:
        yield from _flush_cped(cped, cped_id, source, ledger, build)


def _source_name(source: str | None, layout: str, path: Path) -> str:
    """The given name, else the corpus a layout names, else the file's stem."""
    return source or (layout if layout not in ("auto", "standard", "flat") else path.stem)


def _flush_cped(rows: list[dict], did: str | None, source: str, ledger: Ledger, build) -> Iterable[Record]:
    turns = []
    for r in rows:
        turns.append(
            {
                "role": "other",
                "speaker": r.get("Speaker"),
                "text": str(r.get("Utterance") or ""),
                "emotion": _canonical("cped", r.get("Emotion")),
                "meta": {
                    "speaker": r.get("Speaker"),
                    "emotion_raw": r.get("Emotion"),
                    "sentiment": r.get("Sentiment"),
                    "dialogue_act": r.get("DA"),
                },
            }
        )
    out = build(turns, f"{source}:{did}", source, {})
    return _counted(out, {"Dialogue_ID": did}, f"{source}:{did}", ledger)


def _counted(out: list[Record], rec: dict, uid: str, ledger: Ledger) -> list[Record]:
    """From a dialogue on, the ledger counts the records it became (a dialogue that becomes none is rejected)."""
    if out:
        ledger.read(len(out))
    else:
        ledger.read()
        ledger.reject("ingest", "dialogue has no usable turn (no user turn with a reply)", rec, uid=uid)
    return out
