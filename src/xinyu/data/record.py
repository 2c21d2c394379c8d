"""The workbench's one record, and the ledger that accounts for every row.

A record is one utterance (or, flattened, one user utterance with the reply that followed and the turns before
it). Every stage takes records and gives records back; a record a stage does not keep is handed to the
:class:`Ledger` with a reason (rejected) or the cluster it joined (merged), so that at the end
``input == kept + rejected + merged`` holds and can be checked.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any

#: the standard record's fields, in the order they are written
FIELDS = ("dialogue_id", "turn", "role", "text", "response", "emotion", "core_words", "source", "meta")
ROLES = ("user", "assistant", "other")


@dataclass
class Record:
    dialogue_id: str
    turn: int
    role: str
    text: str
    response: str | None = None
    emotion: str | None = None
    core_words: list[str] = field(default_factory=list)
    source: str = ""
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def uid(self) -> str:
        """A stable id for the row: dialogue and turn."""
        return f"{self.dialogue_id}#{self.turn}"

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> Record:
        """A record from a standard-format dict; raises ``ValueError`` naming what is missing or wrong."""
        missing = [k for k in ("dialogue_id", "text") if d.get(k) is None]
        if missing:
            raise ValueError(f"not a standard record: missing {', '.join(missing)}")
        if not isinstance(d["text"], str):
            raise ValueError(f"text is {type(d['text']).__name__}, expected a string")
        meta = d.get("meta") or {}
        if not isinstance(meta, dict):
            raise ValueError(f"meta is {type(meta).__name__}, expected an object")
        core = d.get("core_words") or []
        return cls(
            dialogue_id=str(d["dialogue_id"]),
            turn=int(d.get("turn") or 0),
            role=str(d.get("role") or "user"),
            text=d["text"],
            response=d.get("response"),
            emotion=d.get("emotion"),
            core_words=[str(w) for w in core] if isinstance(core, list) else [],
            source=str(d.get("source") or ""),
            meta=meta,
        )


def dumps(rec: Record | dict) -> str:
    return json.dumps(rec.to_dict() if isinstance(rec, Record) else rec, ensure_ascii=False)


class Ledger:
    """Counts and, when given files, writes every row a stage does not keep.

    ``rejects`` gets ``{"uid", "stage", "reason", "record"}`` per rejected row; ``merged`` rows are counted under
    their cluster (the cluster file itself is the dedup stage's).
    """

    def __init__(self, rejects: IO[str] | None = None) -> None:
        self.rejects_out = rejects
        self.input = 0
        self.kept = 0
        self.rejected: Counter[str] = Counter()
        self.merged = 0
        self.by_stage: Counter[str] = Counter()

    def read(self, n: int = 1) -> None:
        self.input += n

    def reject(self, stage: str, reason: str, rec: Record | dict | None, uid: str | None = None) -> None:
        self.rejected[reason] += 1
        self.by_stage[stage] += 1
        if self.rejects_out is not None:
            body = rec.to_dict() if isinstance(rec, Record) else rec
            uid = uid or (rec.uid if isinstance(rec, Record) else None)
            line = {"uid": uid, "stage": stage, "reason": reason, "record": body}
            self.rejects_out.write(json.dumps(line, ensure_ascii=False) + "\n")

    def merge(self, stage: str = "dedup", n: int = 1) -> None:
        self.merged += n
        self.by_stage[stage] += n

    @property
    def balanced(self) -> bool:
        return self.input == self.kept + sum(self.rejected.values()) + self.merged

    def to_dict(self) -> dict:
        return {
            "input": self.input,
            "kept": self.kept,
            "rejected": sum(self.rejected.values()),
            "merged": self.merged,
            "balanced": self.balanced,
            "reject_reasons": dict(self.rejected.most_common()),
            "dropped_by_stage": dict(self.by_stage),
        }

    def write(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_dict(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
