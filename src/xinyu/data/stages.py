"""The record-at-a-time stages: validate, redact, label.

Each is a callable over an iterable of records that yields the records it keeps and hands every other one to the
ledger with a reason. They hold no more than a batch in memory.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO

from xinyu.data.record import Ledger, Record, dumps
from xinyu.lang import detect_language

# C0/C1 controls other than tab and newline, and the non-characters; U+FFFD is a decoding failure upstream
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
# UTF-8 read as GBK or Latin-1 leaves these behind
_MOJIBAKE_MARKS = ("锟斤拷", "烫烫烫", "屯屯屯", "ï»¿", "Ã©", "Ã¨", "â€", "Â ")
_LATIN1_RUN = re.compile(r"[\xc2-\xf4][\x80-\xbf]+")


def mojibake(text: str) -> bool:
    """True when ``text`` looks like UTF-8 decoded with the wrong codec.

    >>> mojibake("ä»Šå¤©å¾ˆå¼€å¿ƒ")  # 今天很开心, read as Latin-1/cp1252
    True
    >>> mojibake("锟斤拷锟斤拷")
    True
    >>> mojibake("café au lait, 今天很开心")
    False
    """
    if any(m in text for m in _MOJIBAKE_MARKS):
        return True
    runs = _LATIN1_RUN.findall(text)
    if not runs:
        return False
    for run in runs:
        try:
            run.encode("latin-1").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        return True
    # cp1252 puts some continuation bytes at other code points (e.g. 0x80 -> €): try the whole text
    try:
        fixed = text.encode("cp1252").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return False
    return fixed != text and any(ord(c) > 0x2FF for c in fixed)


@dataclass
class Validate:
    """Rejects rows that cannot be used, flags the ones that need care.

    Rejects: empty, control or illegal characters, mojibake, text shorter than ``min_chars`` or longer than
    ``max_chars`` (characters after trimming), a language outside ``languages``. Flags (``meta.flags``, the row is
    kept): PII found (``pii:<kind>``), crisis content at or above ``crisis_level`` (``crisis:<level>``); with
    ``reject_pii`` or ``reject_crisis`` those rows are rejected instead.
    """

    min_chars: int = 10
    max_chars: int = 200
    languages: tuple[str, ...] = ("zh", "en")
    check_response: bool = True
    flag_pii: bool = True
    flag_crisis: bool = True
    crisis_level: str = "moderate"
    crisis_model: bool = False
    reject_pii: bool = False
    reject_crisis: bool = False
    name: str = "validate"
    _assessor: object = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.min_chars < 0 or self.max_chars < self.min_chars:
            raise ValueError(f"length limits {self.min_chars}-{self.max_chars} are not a range")
        from xinyu.levels import RiskLevel

        self._threshold = RiskLevel.parse(self.crisis_level)

    def problem(self, text: object, what: str = "text") -> str | None:
        """Why ``text`` cannot be used, or None."""
        if not isinstance(text, str) or not text.strip():
            return f"{what} is empty"
        if "\ufffd" in text:
            return f"{what} has U+FFFD (a decoding error upstream)"
        if _CONTROL.search(text) or _SURROGATE.search(text):
            return f"{what} has control or illegal characters"
        if mojibake(text):
            return f"{what} looks like mojibake (UTF-8 read with the wrong codec)"
        return None

    def __call__(self, records: Iterable[Record], ledger: Ledger) -> Iterator[Record]:
        from xinyu.safety.pii import find_pii

        for rec in records:
            reason = self.problem(rec.text)
            if reason is None and self.check_response and rec.response is not None:
                reason = self.problem(rec.response, "response")
            if reason is None:
                n = len(unicodedata.normalize("NFC", rec.text).strip())
                if n < self.min_chars:
                    reason = f"text shorter than {self.min_chars} characters"
                elif n > self.max_chars:
                    reason = f"text longer than {self.max_chars} characters"
            if reason is None and self.languages:
                lang = detect_language(rec.text)
                rec.meta["language"] = lang
                if lang not in self.languages:
                    reason = f"language {lang} not in {'/'.join(self.languages)}"
            if reason is not None:
                ledger.reject(self.name, reason, rec)
                continue
            flags: list[str] = []
            if self.flag_pii or self.reject_pii:
                kinds = sorted({e.kind for e in find_pii(rec.text + "\n" + (rec.response or ""))})
                flags += [f"pii:{k}" for k in kinds]
                if kinds and self.reject_pii:
                    ledger.reject(self.name, "contains PII", rec)
                    continue
            if self.flag_crisis or self.reject_crisis:
                level = self._risk(rec.text)
                if level >= self._threshold:
                    flags.append(f"crisis:{level.name}")
                    if self.reject_crisis:
                        ledger.reject(self.name, f"crisis content ({level.name})", rec)
                        continue
            if flags:
                rec.meta["flags"] = sorted(set(rec.meta.get("flags", [])) | set(flags))
            yield rec

    def _risk(self, text: str):
        if self._assessor is None:
            from xinyu.safety import RiskAssessor

            self._assessor = RiskAssessor(use_model=self.crisis_model)
        return self._assessor.assess(text).level


@dataclass
class Redact:
    """PII redaction through the safety layer, on the text, the response and the context turns."""

    mode: str = "mask"
    key: bytes | None = None
    name: str = "redact"

    def __post_init__(self) -> None:
        from xinyu.safety.pii import MODES, UnknownModeError

        if self.mode not in MODES:
            raise UnknownModeError(f"unknown redaction mode {self.mode!r}; choose one of {', '.join(MODES)}")
        if self.mode == "hash" and not self.key:
            from xinyu.safety import pii_key

            self.key = pii_key()  # XINYU_SAFETY__PII_KEY, or the key file under the data directory

    def __call__(self, records: Iterable[Record], ledger: Ledger) -> Iterator[Record]:
        from xinyu.safety.pii import redact

        for rec in records:
            n = 0
            r = redact(rec.text, self.mode, self.key)
            rec.text, n = r.text, n + len(r.entities)
            if rec.response:
                r = redact(rec.response, self.mode, self.key)
                rec.response, n = r.text, n + len(r.entities)
            for turn in rec.meta.get("context") or []:
                if isinstance(turn, dict) and isinstance(turn.get("text"), str):
                    r = redact(turn["text"], self.mode, self.key)
                    turn["text"], n = r.text, n + len(r.entities)
            if n:
                rec.meta["redacted"] = rec.meta.get("redacted", 0) + n
            if not rec.text.strip():  # drop mode can leave nothing
                ledger.reject(self.name, "nothing left after redaction", rec)
                continue
            yield rec


@dataclass
class Label:
    """Emotion, core words and confidence from any analyzer backend (default: the shipped model).

    A record without an emotion gets the predicted one; a record that has one keeps it, and the prediction is
    kept beside it (``meta.label``) for review and confident learning. Rows whose confidence is below
    ``min_confidence`` are marked ``meta.review = true`` and written to ``review`` when given.
    """

    backend: str | None = None
    min_confidence: float = 0.5
    batch_size: int = 512
    overwrite: bool = False
    review: IO[str] | None = None
    name: str = "label"
    analyzer: object = field(default=None, repr=False)

    def __call__(self, records: Iterable[Record], ledger: Ledger) -> Iterator[Record]:
        if self.analyzer is None:
            from xinyu.emotion import get_analyzer

            self.analyzer = get_analyzer(self.backend)
        batch: list[Record] = []
        for rec in records:
            batch.append(rec)
            if len(batch) >= self.batch_size:
                yield from self._label(batch)
                batch = []
        if batch:
            yield from self._label(batch)

    def _label(self, batch: list[Record]) -> Iterator[Record]:
        results = self.analyzer.analyze_batch([r.text for r in batch])
        for rec, res in zip(batch, results, strict=True):
            if isinstance(res, Exception):
                rec.meta["label"] = {"error": str(res)}
                rec.meta["review"] = True
            else:
                confidence = round(float(res.scores.get(res.label, 0.0)), 4)
                rec.meta["label"] = {
                    "emotion": res.label,
                    "confidence": confidence,
                    "scores": res.scores,
                    "model": res.model,
                }
                if rec.emotion is None or self.overwrite:
                    rec.emotion = res.label
                rec.core_words = [w.word for w in res.core_words]
                if confidence < self.min_confidence:
                    rec.meta["review"] = True
            if rec.meta.get("review") and self.review is not None:
                self.review.write(dumps(rec) + "\n")
            yield rec
