"""The risk ladder, as the safety package names it: :class:`~xinyu.levels.RiskLevel` lives in :mod:`xinyu.levels`,
below every package that uses it (the memory stores levels, safety assesses them)."""

from __future__ import annotations

# moved to xinyu.levels; kept so existing imports work
from xinyu.levels import RiskLevel, UnknownLevelError

__all__ = ["RiskLevel", "UnknownLevelError"]
