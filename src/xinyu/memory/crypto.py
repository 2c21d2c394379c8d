"""Encryption at rest: AES-256-GCM with a key ring and a key id on every encrypted value.

Keys come from ``XINYU_STORAGE__KEY`` (32 bytes, base64 or hex) or from ``keys.json`` under the data directory,
created on first run with mode 0600. The ring holds every key a store may still need to read; the newest is the
one that writes. ``xinyu keys rotate`` adds a key and re-encrypts every row under it.

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
import hashlib
import json
import os
import secrets
import time
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
    """Every key a store may need, newest last; the newest seals new values."""

    def __init__(self, keys: list[bytes], path: Path | None = None) -> None:
        if not keys:
            raise KeyRingError("the key ring is empty")
        self._keys = {key_id(k): AESGCM(k) for k in keys}
        self._order = [key_id(k) for k in keys]
        self._raw = list(keys)
        self.path = path

    @classmethod
    def generate(cls) -> KeyRing:
        return cls([AESGCM.generate_key(bit_length=256)])

    @classmethod
    def load(cls, data_dir: Path | str, env_key: str | None = None) -> KeyRing:
        """The ring for a data directory: the env key (with the file's older keys, to read old rows) or the file."""
        path = Path(data_dir) / KEY_FILE
        keys = _read_file(path) if path.exists() else []
        if env_key:
            primary = parse_key(env_key)
            keys = [k for k in keys if k != primary] + [primary]
            return cls(keys, None)
        if not keys:
            keys = [AESGCM.generate_key(bit_length=256)]
            _write_file(path, keys)
        return cls(keys, path)

    @property
    def current_id(self) -> str:
        return self._order[-1]

    @property
    def ids(self) -> list[str]:
        return list(self._order)

    def encrypt(self, text: str, column: str) -> tuple[str, bytes]:
        kid = self.current_id
        nonce = secrets.token_bytes(12)
        return kid, nonce + self._keys[kid].encrypt(nonce, text.encode("utf-8"), column.encode())

    def decrypt(self, kid: str, blob: bytes, column: str) -> str:
        aead = self._keys.get(kid)
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
        """Add a new key (written to the key file when the ring came from one); returns its id."""
        key = AESGCM.generate_key(bit_length=256)
        self._raw.append(key)
        self._keys[key_id(key)] = AESGCM(key)
        self._order.append(key_id(key))
        if self.path is not None:
            _write_file(self.path, self._raw)
        return self.current_id

    def retire(self, keep: set[str]) -> list[str]:
        """Drop keys no row uses any more (never the current one); returns the ids dropped."""
        keep = set(keep) | {self.current_id}
        dropped = [k for k in self._order if k not in keep]
        self._raw = [k for k in self._raw if key_id(k) in keep]
        self._order = [k for k in self._order if k in keep]
        for k in dropped:
            self._keys.pop(k, None)
        if self.path is not None and dropped:
            _write_file(self.path, self._raw)
        return dropped


def _read_file(path: Path) -> list[bytes]:
    try:
        data = json.loads(path.read_text())
        return [base64.b64decode(k["key"]) for k in data["keys"]]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise KeyRingError(f"cannot read the key file {path}: {exc}") from exc


def _write_file(path: Path, keys: list[bytes]) -> None:
    """Atomically, mode 0600 from the first byte."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    body = {
        "keys": [
            {"id": key_id(k), "key": base64.b64encode(k).decode(), "added": int(time.time())} for k in keys
        ]
    }
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        json.dump(body, fh, indent=1)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
