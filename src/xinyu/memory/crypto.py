"""Encryption at rest: AES-256-GCM with a key ring and a key id on every encrypted value.

Keys come from ``XINYU_STORAGE__KEY`` (32 bytes, base64 or hex) or from a key file (``storage.key_file``, default
``keys.json`` under the data directory), created on first run with mode 0600. The ring holds every key a store may
still need to read; the newest is the one that writes. ``xinyu keys rotate`` adds a key and re-encrypts every row
under it; a key leaves the file only once no row names it and every running service seals with the new one.
The PII hashing key has a key file of its own (:func:`secret_file`).

A value is stored as ``nonce (12 bytes) || ciphertext+tag`` next to the id of the key that sealed it. The
associated data binds a value to its column, so a ciphertext moved to another column does not decrypt.

>>> ring = KeyRing.generate()
>>> kid, blob = ring.encrypt("我很难过", "turns.message")
>>> ring.decrypt(kid, blob, "turns.message")
'我很难过'
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import fcntl
import hashlib
import json
import os
import secrets
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

KEY_FILE = "keys.json"


class KeyRingError(ValueError):
    """A key is missing, malformed, or cannot open a value."""


def key_id(key: bytes) -> str:
    """A short public id for a key (not reversible to the key)."""
    return hashlib.sha256(b"xinyu-key-id:" + key).hexdigest()[:12]


def parse_key(text: str) -> bytes:
    """32 bytes given as base64 (urlsafe or not) or 64 hex digits."""
    text = text.strip()
    raw: bytes | None = None
    if len(text) == 64:
        try:
            raw = bytes.fromhex(text)
        except ValueError:
            raw = None
    if raw is None:
        try:
            raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        except (binascii.Error, ValueError):
            raw = None
        if raw is None or len(raw) != 32:
            try:
                raw = base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
            except (binascii.Error, ValueError):
                raw = None
    if raw is None or len(raw) != 32:
        raise KeyRingError(
            "an encryption key must be 32 bytes, given as base64 or 64 hex digits "
            '(make one with: python -c "import secrets; print(secrets.token_hex(32))")'
        )
    return raw


class KeyRing:
    """Every key a store may need, newest last; the newest seals new values.

    A ring read from a key file follows the file: :meth:`reload` picks up a key that ``xinyu keys rotate`` added
    while the service runs (the store calls it before it seals, at most every ``RELOAD_EVERY_S``, and at once when
    a value names a key the ring does not hold), so a running service seals with the new key within a second.
    """

    RELOAD_EVERY_S = 0.5

    def __init__(
        self, keys: list[bytes], path: Path | None = None, entries: list[dict] | None = None
    ) -> None:
        if not keys:
            raise KeyRingError("the key ring is empty")
        self.path = path
        self._pinned: bytes | None = None  # the env key: it seals whatever the file says
        self._lock = threading.Lock()
        self._set(entries or [{"key": k, "added": int(time.time())} for k in keys])
        self._stamp = _stamp(path) if path is not None else None
        self._checked = time.monotonic()

    def _set(self, entries: list[dict]) -> None:
        # one assignment swaps the whole state, so a reader in another thread sees the old ring or the new one
        entries = [{**e, "id": key_id(e["key"])} for e in entries]
        self._state = ({e["id"]: AESGCM(e["key"]) for e in entries}, [e["id"] for e in entries], entries)

    @classmethod
    def generate(cls) -> KeyRing:
        return cls([AESGCM.generate_key(bit_length=256)])

    @classmethod
    def load(cls, data_dir: Path | str, env_key: str | None = None) -> KeyRing:
        """The ring for a data directory (its ``keys.json``); see :meth:`open`."""
        return cls.open(Path(data_dir) / KEY_FILE, env_key)

    @classmethod
    def open(cls, path: Path | str, env_key: str | None = None) -> KeyRing:
        """The ring of a key file (created 0600 with a new key when absent), or the env key with the file's
        older keys (to read old rows; the env key seals)."""
        path = Path(path)
        if env_key:
            entries = _read_file(path) if path.exists() else []
            primary = parse_key(env_key)
            entries = [e for e in entries if e["key"] != primary] + [{"key": primary, "added": 0}]
            ring = cls([e["key"] for e in entries], None, entries)
            ring._pinned = primary
            if path.exists():  # still followed, for keys another process adds to it
                ring.path, ring._stamp = path, _stamp(path)
            return ring
        # several workers may start on an empty directory at once: one creates the file, the others read it
        with _file_lock(path):
            entries = _read_file(path) if path.exists() else []
            if not entries:
                entries = [{"key": AESGCM.generate_key(bit_length=256), "added": int(time.time())}]
                _write_file(path, entries)
            ring = cls([e["key"] for e in entries], path, entries)
            ring._stamp = _stamp(path)
        return ring

    @property
    def current_id(self) -> str:
        return self._state[1][-1]

    @property
    def ids(self) -> list[str]:
        return list(self._state[1])

    @property
    def retired(self) -> dict[str, float]:
        """Key id -> when it stopped sealing (``xinyu keys rotate``), for the keys that did."""
        return {e["id"]: e["retired"] for e in self._state[2] if e.get("retired")}

    def reload(self, force: bool = False) -> bool:
        """Re-read the key file if it changed; True when the ring changed. Cheap: a ``stat`` at most every
        ``RELOAD_EVERY_S`` unless ``force``. A reload never drops a key this ring holds (a value sealed with it
        may be in flight): keys gone from the file stay, retired. An env key stays the one that seals."""
        if self.path is None:
            return False
        now = time.monotonic()
        if not force and now - self._checked < self.RELOAD_EVERY_S:
            return False
        with self._lock:
            self._checked = now
            stamp = _stamp(self.path)
            if stamp is None or stamp == self._stamp:
                return False
            try:
                fresh = _read_file(self.path)
            except KeyRingError:
                return False  # a file being replaced reads again on the next call
            pinned = [e for e in self._state[2] if e["key"] == self._pinned]
            in_file = {key_id(e["key"]) for e in fresh}
            kept = [
                {**e, "retired": e.get("retired") or int(time.time())}
                for e in self._state[2]
                if e["id"] not in in_file and e["key"] != self._pinned
            ]
            self._set(kept + [e for e in fresh if e["key"] != self._pinned] + pinned)
            self._stamp = stamp
            return True

    def encrypt(self, text: str, column: str, kid: str | None = None) -> tuple[str, bytes]:
        """Seal ``text`` for ``column`` with key ``kid`` (default the current key); returns (key id, value). A row
        whose values share one ``key_id`` must seal them all with the same ``kid``: the current key may change
        between two calls (a rotation by another process)."""
        keys, order, _ = self._state
        kid = kid or order[-1]
        nonce = secrets.token_bytes(12)
        return kid, nonce + keys[kid].encrypt(nonce, text.encode("utf-8"), column.encode())

    def decrypt(self, kid: str, blob: bytes, column: str) -> str:
        aead = self._state[0].get(kid)
        if aead is None and self.reload(force=True):
            aead = self._state[0].get(kid)
        if aead is None:
            raise KeyRingError(
                f"no key with id {kid} in the key ring; restore it or the rows it sealed cannot be read"
            )
        try:
            return aead.decrypt(blob[:12], blob[12:], column.encode()).decode("utf-8")
        except InvalidTag as exc:
            raise KeyRingError(
                f"value in {column} does not open with key {kid} (tampered or wrong column)"
            ) from exc

    def rotate(self) -> str:
        """Add a new key (written to the key file when the ring came from one); the others are marked retired:
        they still open what they sealed until :meth:`drop` removes them. Returns the new key's id."""
        key = AESGCM.generate_key(bit_length=256)
        now = int(time.time())

        def change(entries: list[dict]) -> list[dict]:
            return [{**e, "retired": e.get("retired") or now} for e in entries] + [{"key": key, "added": now}]

        self._rewrite(change)
        return self.current_id

    def drop(self, ids: set[str]) -> list[str]:
        """Remove keys (never the current one) from the ring and its file; returns the ids removed."""
        gone: list[str] = []

        def change(entries: list[dict]) -> list[dict]:
            current = key_id(entries[-1]["key"])
            gone.extend(
                key_id(e["key"]) for e in entries if key_id(e["key"]) in ids and key_id(e["key"]) != current
            )
            return [e for e in entries if key_id(e["key"]) not in gone]

        self._rewrite(change)
        return gone

    def _rewrite(self, change) -> None:
        """Apply ``change`` to the ring, and to its file under the file's lock, on what the file holds now (a
        rotation by another process in the meantime is kept, not overwritten)."""
        with self._lock:
            if self.path is None:
                self._set(change(self._state[2]))
                return
            with _file_lock(self.path):
                fresh = _read_file(self.path) if self.path.exists() else self._state[2]
                entries = change(fresh)
                _write_file(self.path, entries)
                self._stamp = _stamp(self.path)
            in_file = {key_id(e["key"]) for e in entries}
            removed = {key_id(e["key"]) for e in fresh} - in_file
            # keys only this process held stay readable (retired), unless this change removed them
            kept = [e for e in self._state[2] if e["id"] not in in_file and e["id"] not in removed]
            self._set([{**e, "retired": e.get("retired") or int(time.time())} for e in kept] + entries)


class Sealer:
    """The memory's values sealed and opened with a key ring: what every repository module that writes or reads
    an ``*_enc`` column uses."""

    def __init__(self, keys: KeyRing) -> None:
        self.keys = keys

    def key(self) -> str:
        """The key to seal a row with: the current one, after a look at the key file (a ``stat`` at most every
        half second), so that a key rotated in by another process seals from then on."""
        self.keys.reload()
        return self.keys.current_id

    def seal(self, plain: str, column: str, kid: str | None = None) -> tuple[str, bytes]:
        return self.keys.encrypt(plain, column, kid or self.key())

    def open(self, kid: str | None, blob: bytes | None, column: str) -> str | None:
        if blob is None or kid is None:
            return None
        return self.keys.decrypt(kid, bytes(blob), column)


def secret_file(path: Path | str) -> bytes:
    """The secret kept in a key file of its own (the PII hashing key, ``pii.key``): created 0600 with 32 random
    bytes as hex when absent."""
    path = Path(path)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32))
    return path.read_text().strip().encode()


@contextlib.contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    """An exclusive lock on ``<key file>.lock``, held while the key file is created or rewritten."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(path.with_name(path.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_ino, st.st_mtime_ns, st.st_size


def _read_file(path: Path) -> list[dict]:
    try:
        data = json.loads(path.read_text())
        out = []
        for k in data["keys"]:
            entry = {"key": base64.b64decode(k["key"]), "added": k.get("added", 0)}
            if k.get("retired"):
                entry["retired"] = k["retired"]
            out.append(entry)
        return out
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise KeyRingError(f"cannot read the key file {path}: {exc}") from exc


def _write_file(path: Path, entries: list[dict]) -> None:
    """Atomically (a temporary file of its own, renamed over the key file, the folder synced so that the rename
    survives a power cut), mode 0600 from the first byte, in a 0700 folder when it creates one."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    body = {"keys": []}
    for e in entries:
        item = {
            "id": key_id(e["key"]),
            "key": base64.b64encode(e["key"]).decode(),
            "added": e.get("added", 0),
        }
        if e.get("retired"):
            item["retired"] = e["retired"]
        body["keys"].append(item)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)  # 0600, O_EXCL
    try:
        with os.fdopen(fd, "w") as fh:
            json.dump(body, fh, indent=1)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)
