"""Safety: crisis risk across turns, escalation, output moderation and PII redaction (zh + en)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from xinyu.levels import RiskLevel, UnknownLevelError
from xinyu.safety.moderation import ModerationResult, moderate
from xinyu.safety.pii import PIIEntity, find_pii, redact
from xinyu.safety.risk import ConversationRisk, RiskAssessment, RiskAssessor

__all__ = [
    "ConversationRisk",
    "ModerationResult",
    "PIIEntity",
    "RiskAssessment",
    "RiskAssessor",
    "RiskLevel",
    "UnknownLevelError",
    "find_pii",
    "get_assessor",
    "moderate",
    "pii_key",
    "redact",
]


@lru_cache(maxsize=4)
def _assessor(model: str | None) -> RiskAssessor:
    if model == "off":
        return RiskAssessor(use_model=False)
    return RiskAssessor(model_dir=model or None)


def get_assessor(settings=None) -> RiskAssessor:
    """The shared assessor for these settings (the shipped model unless ``safety.risk_model`` says otherwise)."""
    from xinyu.config import get_settings

    settings = settings or get_settings()
    return _assessor(settings.safety.risk_model)


def pii_key(settings=None) -> bytes:
    """The key for PII hash mode: ``safety.pii_key``, else ``pii.key`` under the data directory (created 0600)."""
    from xinyu.config import get_settings

    settings = settings or get_settings()
    if settings.safety.pii_key is not None:
        return settings.safety.pii_key.get_secret_value().encode()
    from xinyu.memory.crypto import secret_file

    return secret_file(Path(settings.data_dir) / "pii.key")
