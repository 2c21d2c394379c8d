"""Stages by name: the one place a pipeline file's section becomes a stage object, for the local engine and for
the Ray workers alike (:mod:`xinyu.data.pipeline`, :mod:`xinyu.data.ray_engine`)."""

from __future__ import annotations

from xinyu.data.dedup import Dedup
from xinyu.data.stages import Label, Redact, Validate

STAGES = ("validate", "redact", "label", "dedup")


class PipelineError(ValueError):
    """The pipeline file is wrong: the message names the key."""


def _options(cls, section: dict, name: str) -> dict:
    known = set(cls.__dataclass_fields__) - {"name", "review", "clusters", "analyzer", "stats", "embedder"}
    unknown = sorted(set(section) - known)
    if unknown:
        raise PipelineError(f"[{name}]: unknown key {unknown[0]!r}; known: {', '.join(sorted(known))}")
    out = dict(section)
    for k in ("languages", "ngrams"):
        if k in out:
            out[k] = tuple(out[k])
    return out


def make_stage(name: str, section: dict, review=None, clusters=None):
    """The stage called ``name`` with the options of its TOML section (unknown keys refused)."""
    if name == "validate":
        return Validate(**_options(Validate, section, name))
    if name == "redact":
        return Redact(**_options(Redact, section, name))
    if name == "label":
        return Label(**_options(Label, section, name), review=review)
    if name == "dedup":
        return Dedup(**_options(Dedup, section, name), clusters=clusters)
    raise PipelineError(f"unknown stage {name!r}; stages are {', '.join(STAGES)}")
