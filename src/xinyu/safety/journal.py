"""The crisis journal: where an escalation goes when the database cannot take it.

A crisis is never dropped because storage failed. When the escalation queue's write fails (a full disk, a server
down, a lock held past the busy timeout), the escalation -- its id, user, session and turn ids, level, score, cue
kinds, actions, and the webhook alert it calls for; never the person's words -- is appended to this file as one
JSON line, flushed and fsynced before the reply goes out. Then:

- the service's alert loop delivers the journalled alerts straight from the file while the database is down, so
  the people on call hear of a crisis now, not when the database is back;
- once the database takes writes again, :meth:`CrisisJournal.replay` moves every journalled escalation into the
  handoff queue (idempotently: an id already there is skipped), with its alert marked delivered when it was, and
  empties the file.

The journal can live on another disk than the database (``safety.journal_dir``). On the same disk, a full disk
would take the journal down with the database, so the journal keeps a reserve: a file of ``RESERVE_BYTES``
allocated when the journal opens, deleted to make room when an append meets ``ENOSPC``, and allocated again as
soon as there is room. An event that cannot be written even so is held in memory: its alert is still sent, and it
is written as soon as the disk takes it (it is lost only if the process dies before that). The file is 0600;
appends hold an exclusive ``flock``, and delivery and replay a second one, so several worker processes can share
it without sending an alert twice.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import logging
import os
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

JOURNAL_FILE = "crisis-journal.jsonl"
RESERVE_FILE = "crisis-journal.reserve"
RESERVE_BYTES = 1 << 20


def _write_all(fd: int, data: bytes) -> None:
    """``os.write`` until every byte is written (a write may take fewer than it was given)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


class CrisisJournal:
    def __init__(self, folder: Path | str, reserve_bytes: int = RESERVE_BYTES) -> None:
        self.folder = Path(folder)
        self.path = self.folder / JOURNAL_FILE
        self.reserve = self.folder / RESERVE_FILE
        self.reserve_bytes = reserve_bytes
        self._lock = threading.Lock()
        # alert id -> (attempts, next attempt) for direct deliveries from the file
        self._backoff: dict[str, tuple[int, float]] = {}
        self._reserve_missing = False
        self._held: list[dict] = []  # events no disk would take yet (written by flush_held)
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.keep_reserve()

    # -- writing ---------------------------------------------------------------------------------------------
    def append(self, event: dict[str, Any]) -> bool:
        """Append one event, flushed and fsynced; True when it is on disk. Never raises: an event that cannot be
        written is held in memory (and logged at CRITICAL with its ids and level) until :meth:`flush_held`."""
        event = {**event, "at": event.get("at", time.time())}
        if self._write(event):
            return True
        with self._lock:
            self._held.append(event)
        return False

    def _write(self, event: dict[str, Any]) -> bool:
        line = (json.dumps(event, ensure_ascii=False) + "\n").encode()
        for attempt in range(2):
            try:
                with self._locked(os.O_RDWR | os.O_APPEND | os.O_CREAT) as fd:
                    # a line torn by a crash (or a full disk) must not swallow this one: start on a new line
                    end = os.lseek(fd, 0, os.SEEK_END)
                    if end and os.pread(fd, 1, end - 1) != b"\n":
                        _write_all(fd, b"\n")
                    _write_all(fd, line)
                    os.fsync(fd)
                return True
            except OSError as exc:
                if exc.errno == errno.ENOSPC and attempt == 0 and self._release_reserve():
                    continue
                log.critical(
                    "crisis journal %s cannot be written (%s): %s %s at level %s held in memory until it can",
                    self.path,
                    exc.strerror or type(exc).__name__,
                    event.get("type"),
                    event.get("record", {}).get("id") or event.get("alert_id"),
                    event.get("record", {}).get("level"),
                )
                return False
        return False

    def flush_held(self) -> int:
        """Write the events held in memory, oldest first, as far as the disk takes them; returns how many are
        still held."""
        with self._lock:
            held, self._held = self._held, []
        for i, event in enumerate(held):
            if not self._write(event):
                with self._lock:
                    self._held = held[i:] + self._held
                break
        return len(self._held)

    def add_escalation(self, record: dict, alert_url: str | None, alert_payload: dict | None) -> bool:
        """Journal an escalation the database did not take (see :class:`xinyu.safety.escalation.Escalator`)."""
        alert = None
        if alert_url and alert_payload is not None:
            alert = {"id": "j-" + record["id"], "url": alert_url, "payload": alert_payload}
        return self.append({"type": "escalation", "record": record, "alert": alert})

    # -- reading ---------------------------------------------------------------------------------------------
    def events(self) -> list[dict]:
        """Every event in the file (a line torn by a crash mid-write is skipped), then those held in memory."""
        with self._lock:
            held = list(self._held)
        return self._parse(self._read()) + held

    def has_lines(self) -> bool:
        """Whether the file holds anything (escalations, or delivery marks a replay has still to clear)."""
        try:
            return self.path.stat().st_size > 0
        except FileNotFoundError:
            return False

    def _read(self) -> bytes:
        try:
            return self.path.read_bytes()
        except FileNotFoundError:
            return b""

    @staticmethod
    def _parse(raw: bytes) -> list[dict]:
        out = []
        for line in raw.splitlines():
            try:
                event = json.loads(line)
            except ValueError:
                continue
            if isinstance(event, dict):
                out.append(event)
        return out

    def pending(self, events: list[dict] | None = None) -> list[dict]:
        """The escalations in the file (or in ``events``), each with ``delivered`` (when its alert went out, or
        None)."""
        events = self.events() if events is None else events
        delivered = {e.get("alert_id"): e.get("at") for e in events if e.get("type") == "alert_delivered"}
        out = []
        for e in events:
            if e.get("type") == "escalation":
                alert = e.get("alert") if isinstance(e.get("alert"), dict) else None
                out.append(
                    {**e, "alert": alert, "delivered": delivered.get(alert.get("id")) if alert else None}
                )
        return out

    def __len__(self) -> int:
        """Escalations waiting (in the file, or held in memory)."""
        return sum(1 for e in self.events() if e.get("type") == "escalation")

    # -- delivery and replay ---------------------------------------------------------------------------------
    def deliver(
        self, send: Callable[[str, dict], str | None], delay: Callable[[int], float]
    ) -> tuple[int, int]:
        """Send the journalled alerts not yet delivered with ``send(url, payload)`` (None when taken, else why
        not), waiting ``delay(attempts)`` between tries of one alert; returns (ok, failed). One process at a time
        delivers (the others skip the round), so no alert goes out twice."""
        ok = failed = 0
        now = time.monotonic()
        with self._delivering(wait=False) as mine:
            if not mine:
                return 0, 0
            for e in self.pending():
                alert = e["alert"]
                if not alert or e["delivered"]:
                    continue
                attempts, due = self._backoff.get(alert["id"], (0, 0.0))
                if due > now:
                    continue
                error = send(alert["url"], alert["payload"])
                if error is None:
                    self.append({"type": "alert_delivered", "alert_id": alert["id"]})
                    self._backoff.pop(alert["id"], None)
                    ok += 1
                else:
                    self._backoff[alert["id"]] = (attempts + 1, now + delay(attempts))
                    log.warning("journalled alert %s not delivered (%s)", alert["id"], error)
                    failed += 1
        return ok, failed

    def replay(
        self,
        add: Callable[[dict, str | None, dict | None, str | None, float | None], bool],
    ) -> int:
        """Move every journalled escalation into the database through ``add(record, url, payload, alert_id,
        delivered)`` (which returns False for an id already there, marking its alert delivered when the journal
        says so), then drop what was moved from the file. Returns how many were added. If ``add`` raises a
        database error, the file keeps everything, to be replayed again; a record it cannot take for any other
        reason is set aside in ``<journal>.rejected`` (and logged), so that one bad line never holds up the rest.

        Holds the delivery lock throughout, so that no alert is sent from the file while the database takes it
        (it would go out twice); the file itself is locked only to read it and to drop what was read, so a crisis
        being journalled meanwhile never waits, and lines appended during the replay are kept."""
        from xinyu.memory.database import STORE_FAILURES

        with self._delivering(wait=True):
            with self._locked(os.O_RDONLY | os.O_CREAT):
                raw = self._read()
            if not raw.strip():
                return 0
            added = 0
            rejected = []
            for e in self.pending(self._parse(raw)):
                alert = e["alert"] or {}
                try:
                    if add(
                        e["record"], alert.get("url"), alert.get("payload"), alert.get("id"), e["delivered"]
                    ):
                        added += 1
                except STORE_FAILURES:
                    raise
                except Exception as exc:  # noqa: BLE001 - a malformed record must not block the others
                    log.critical("crisis journal record not replayable (%s); set aside", type(exc).__name__)
                    rejected.append(e)
            if rejected:
                fd = os.open(
                    self.path.with_suffix(".rejected"), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600
                )
                try:
                    _write_all(
                        fd, "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in rejected).encode()
                    )
                    os.fsync(fd)
                finally:
                    os.close(fd)
            with self._locked(os.O_RDWR) as fd:
                rest = os.pread(fd, max(0, os.fstat(fd).st_size - len(raw)), len(raw))  # appended meanwhile
                os.ftruncate(fd, 0)
                if rest.strip():
                    os.pwrite(fd, rest.lstrip(b"\n"), 0)
                os.fsync(fd)
        self._backoff.clear()
        self.keep_reserve()
        if added:
            log.warning("crisis journal: %d escalations moved into the database", added)
        return added

    # -- the file --------------------------------------------------------------------------------------------
    @contextlib.contextmanager
    def _locked(self, flags: int) -> Iterator[int]:
        with self._lock:
            fd = os.open(self.path, flags, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
                yield fd
            finally:
                os.close(fd)  # closing releases the flock

    @contextlib.contextmanager
    def _delivering(self, wait: bool) -> Iterator[bool]:
        """The delivery lock (one process at a time sends from the file, or replays it); without ``wait``,
        whether it was free."""
        fd = os.open(self.folder / (JOURNAL_FILE + ".deliver"), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
            except BlockingIOError:
                yield False
                return
            yield True
        finally:
            os.close(fd)

    def keep_reserve(self) -> None:
        """Allocate the reserve if it is missing (a full disk released it, or had no room for it at start)."""
        if self.reserve_bytes <= 0:
            return
        try:
            if self.reserve.exists() and self.reserve.stat().st_size >= self.reserve_bytes:
                return
            # allocated under another name and renamed: the reserve is there whole, or not at all
            fd, tmp = tempfile.mkstemp(prefix=RESERVE_FILE + ".", dir=self.folder)
            try:
                os.posix_fallocate(fd, 0, self.reserve_bytes)
                os.replace(tmp, self.reserve)
            except OSError:
                os.unlink(tmp)
                raise
            finally:
                os.close(fd)
            self._reserve_missing = False
        except OSError as exc:  # a full disk: no reserve until there is room (tried again every round)
            if not self._reserve_missing:
                log.warning("crisis journal reserve %s not allocated (%s)", self.reserve, exc.strerror)
            self._reserve_missing = True

    def _release_reserve(self) -> bool:
        try:
            self.reserve.unlink()
        except OSError:
            return False
        log.critical("disk full: the crisis journal used its reserve (%s); free space soon", self.reserve)
        return True
