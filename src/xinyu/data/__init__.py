"""The data workbench: raw dialogue in, a clean, labelled, deduplicated, split dataset and a report out.

Stages (each usable alone, chained by :class:`~xinyu.data.pipeline.Pipeline` from a TOML file): :func:`ingest`,
:class:`Validate`, :class:`Redact`, :class:`Label`, :class:`Dedup`, :func:`assign_splits` / :func:`write_splits`,
:func:`write_report`. Every row is kept, rejected with a reason, or merged into a named duplicate cluster; the
:class:`Ledger` counts them so that the three add up to the rows read.
"""

from xinyu.data.dedup import Dedup, find_duplicates, normalise
from xinyu.data.ingest import IngestError, detect_layout, ingest
from xinyu.data.pipeline import Pipeline, PipelineError
from xinyu.data.record import FIELDS, Ledger, Record
from xinyu.data.report import Stats, write_report
from xinyu.data.split import assign_splits, write_splits
from xinyu.data.stages import Label, Redact, Validate

__all__ = [
    "FIELDS",
    "Dedup",
    "IngestError",
    "Label",
    "Ledger",
    "Pipeline",
    "PipelineError",
    "Record",
    "Redact",
    "Stats",
    "Validate",
    "assign_splits",
    "detect_layout",
    "find_duplicates",
    "ingest",
    "normalise",
    "write_report",
    "write_splits",
]
