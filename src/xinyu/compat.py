"""Deprecated names: where a public name moved, its old module answers for it with a :class:`DeprecationWarning`
that says where it lives now.

An old module sets ``__getattr__ = moved(__name__, {"OldName": "xinyu.new.module"})``: Python calls it only for
names the module does not define, so ``from old.module import OldName`` and ``old.module.OldName`` both warn and
return the object from its new home, imported then. The new home may sit in any layer: an alias forwards a name,
it is not a dependency of the module that keeps it.
"""

from __future__ import annotations

import importlib
import warnings
from collections.abc import Callable, Mapping
from typing import Any


def moved(module: str, names: Mapping[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` for ``names`` (old name -> the module it lives in now)."""

    def __getattr__(name: str) -> Any:
        home = names.get(name)
        if home is None:
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        warnings.warn(
            f"{module}.{name} moved to {home}.{name}; import it from there", DeprecationWarning, stacklevel=2
        )
        return getattr(importlib.import_module(home), name)

    return __getattr__
