"""Deprecated: the risk ladder lives in :mod:`xinyu.levels`, below every package that uses it."""

from __future__ import annotations

from xinyu.compat import moved

__getattr__ = moved(__name__, dict.fromkeys(("RiskLevel", "UnknownLevelError"), "xinyu.levels"))
