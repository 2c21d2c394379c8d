"""The key ring: its key file, an environment key beside it, values bound to their column."""

from __future__ import annotations

import json

import pytest

from xinyu.memory.crypto import KeyRing, KeyRingError, parse_key


def test_keyring_file_and_env_key(tmp_path):
    ring = KeyRing.load(tmp_path)
    assert oct((tmp_path / "keys.json").stat().st_mode & 0o777) == "0o600"
    kid, blob = ring.encrypt("hello", "turns.message")
    assert KeyRing.load(tmp_path).decrypt(kid, blob, "turns.message") == "hello"
    with pytest.raises(KeyRingError, match="tampered or wrong column"):
        ring.decrypt(kid, blob, "turns.reply")
    env = KeyRing.load(tmp_path, "00" * 32)
    assert env.current_id != kid and env.decrypt(kid, blob, "turns.message") == "hello"
    with pytest.raises(KeyRingError, match="32 bytes"):
        parse_key("too-short")
    assert json.loads((tmp_path / "keys.json").read_text())["keys"][0]["id"] == kid


def test_a_secret_file_is_made_once_and_kept_private(tmp_path):
    from xinyu.config import Settings
    from xinyu.memory.crypto import secret_file
    from xinyu.safety import pii_key

    path = tmp_path / "var" / "pii.key"
    secret = secret_file(path)
    assert len(secret) == 64 and bytes.fromhex(secret.decode())
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert secret_file(path) == secret == pii_key(Settings(data_dir=tmp_path / "var"))
