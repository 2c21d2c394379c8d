"""The lock files `make install` installs from agree with pyproject.toml and the Makefile.

A dependency added to pyproject.toml without `make lock` would install unpinned in a developer's venv and be
missing from a hash-checked install; a lock with a CUDA package would pull gigabytes onto a CPU machine.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;\\]+)")


def _pins(lock: Path) -> dict[str, tuple[str, int]]:
    """name -> (version, number of hashes) for every pinned line of a lock file."""
    pins: dict[str, tuple[str, int]] = {}
    name = ""
    for line in lock.read_text(encoding="utf-8").splitlines():
        found = _PIN.match(line)
        if found:
            name = canonicalize_name(found.group(1))
            pins[name] = (found.group(2), 0)
        elif line.strip().startswith("--hash=sha256:") and name:
            version, hashes = pins[name]
            pins[name] = (version, hashes + 1)
    return pins


def _default_extras() -> list[str]:
    found = re.search(r"^DEFAULT_EXTRAS := (\S+)$", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M)
    assert found, "the Makefile names its default extras in DEFAULT_EXTRAS"
    return found.group(1).split(",")


def _wanted(extras: list[str]) -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lines = list(project["dependencies"])
    for extra in extras:
        lines += project["optional-dependencies"][extra]
    return [Requirement(x) for x in lines]


@pytest.mark.parametrize(("lock", "extras"), [("core.lock", []), ("full.lock", None)])
def test_every_dependency_is_pinned_with_hashes_at_a_version_pyproject_allows(lock, extras):
    pins = _pins(ROOT / "requirements" / lock)
    assert pins, f"{lock} pins nothing"
    missing, outside = [], []
    for req in _wanted(_default_extras() if extras is None else extras):
        name = canonicalize_name(req.name)
        if name == "torch" or (req.marker and not req.marker.evaluate({"python_version": "3.11"})):
            continue  # torch: the Makefile's own step installs the build for the machine
        if name not in pins:
            missing.append(str(req))
        elif not req.specifier.contains(pins[name][0], prereleases=True):
            outside.append(f"{req} locked at {pins[name][0]}")
    assert not missing and not outside, f"run `make lock`: missing {missing}, outside the range {outside}"
    assert all(hashes for _, hashes in pins.values()), "every pin carries its hashes (pip --require-hashes)"


def test_the_locks_leave_torch_to_the_machine_and_pull_no_cuda():
    for lock in ("core.lock", "full.lock"):
        names = set(_pins(ROOT / "requirements" / lock))
        assert "torch" not in names
        assert not {n for n in names if n.startswith("nvidia-") or n == "triton"}, f"{lock} has CUDA packages"


def test_the_core_lock_is_a_subset_of_the_full_one_at_the_same_versions():
    core, full = _pins(ROOT / "requirements" / "core.lock"), _pins(ROOT / "requirements" / "full.lock")
    assert {n: v for n, (v, _) in core.items()} == {n: full[n][0] for n in core}
