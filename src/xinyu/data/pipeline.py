"""A pipeline file: inputs, then stages in order, then split and report, with every row accounted for.

.. code-block:: toml

    out = "build/dataset"                 # relative to this file; ${VAR} is read from the environment
    stages = ["validate", "redact", "label", "dedup"]
    engine = "local"                      # or "ray": validate, redact and label on Ray Data

    [[input]]
    path = "${XINYU_DATA}/esconv/train.jsonl"
    layout = "esconv"
    pairs = true

    [validate]
    min_chars = 4
    max_chars = 300

    [split]
    ratios = { train = 0.8, dev = 0.1, test = 0.1 }
    formats = ["jsonl", "parquet"]

    [report]
    title = "ESConv + SMILECHAT"

Writes under ``out``: ``data.jsonl`` (kept rows), ``rejects.jsonl`` (every rejected row with its stage and
reason), ``clusters.jsonl`` (duplicate clusters), ``review.jsonl`` (rows the labeller was unsure of),
``splits/`` (one file per split and format), ``report/index.html`` and ``ledger.json``.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from xinyu.data.factory import STAGES, PipelineError, make_stage
from xinyu.data.ingest import ingest
from xinyu.data.record import Ledger, Record, dumps
from xinyu.data.report import Stats, write_report
from xinyu.data.split import SplitWriter, assign_splits, split_key
from xinyu.data.stages import Redact

ENGINES = ("local", "ray")
_VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


def _expand(value: str, where: str) -> str:
    def sub(m: re.Match[str]) -> str:
        if m.group(1) not in os.environ:
            raise PipelineError(f"{where}: environment variable {m.group(1)} is not set")
        return os.environ[m.group(1)]

    return _VAR.sub(sub, value)


@dataclass
class Pipeline:
    inputs: list[dict]
    out: Path
    stages: list[str] = field(default_factory=lambda: list(STAGES))
    config: dict = field(default_factory=dict)

    @classmethod
    def load(cls, path: str | Path) -> Pipeline:
        p = Path(path)
        if not p.is_file():
            raise PipelineError(f"pipeline file not found: {p}")
        try:
            cfg = tomllib.loads(p.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise PipelineError(f"{p}: not valid TOML: {exc}") from None
        base = p.parent
        inputs = cfg.get("input") or []
        if not isinstance(inputs, list) or not inputs:
            raise PipelineError(f"{p}: no [[input]] table; add one with a path")
        for i, inp in enumerate(inputs):
            if "path" not in inp:
                raise PipelineError(f"{p}: [[input]] number {i + 1} has no path")
            ip = Path(_expand(str(inp["path"]), f"[[input]] {i + 1}"))
            inp["path"] = ip if ip.is_absolute() else base / ip
        stages = cfg.get("stages", list(STAGES))
        bad = [s for s in stages if s not in STAGES]
        if bad:
            raise PipelineError(f"{p}: unknown stage {bad[0]!r}; stages are {', '.join(STAGES)}")
        out = Path(_expand(str(cfg.get("out", "build/dataset")), "out"))
        if cfg.get("engine", "local") not in ENGINES:
            raise PipelineError(f"{p}: engine {cfg['engine']!r} is not one of {', '.join(ENGINES)}")
        return cls(inputs, out if out.is_absolute() else base / out, list(stages), cfg)

    def run(self, progress: Callable[[str, int], None] | None = None, engine: str | None = None) -> dict:
        """Run the file. ``engine`` (``local`` or ``ray``) overrides the file's."""
        engine = engine or self.config.get("engine", "local")
        if engine not in ENGINES:
            raise PipelineError(f"engine {engine!r} is not one of {', '.join(ENGINES)}")
        out = self.out
        out.mkdir(parents=True, exist_ok=True)
        ledger = Ledger()
        with (
            (out / "rejects.jsonl").open("w", encoding="utf-8") as rejects,
            (out / "clusters.jsonl").open("w", encoding="utf-8") as clusters,
            (out / "review.jsonl").open("w", encoding="utf-8") as review,
        ):
            ledger.rejects_out = rejects
            stream: Iterator[Record] = itertools.chain.from_iterable(
                ingest(
                    inp["path"],
                    ledger,
                    layout=inp.get("layout", "auto"),
                    fmt=inp.get("format"),
                    source=inp.get("source"),
                    text_field=inp.get("text_field", "text"),
                    emotion_field=inp.get("emotion_field"),
                    emotion_scheme=inp.get("emotion_scheme"),
                    pairs=bool(inp.get("pairs", False)),
                )
                for inp in self.inputs
            )
            if progress:
                stream = _tap(stream, lambda n: progress("ingest", n))
            dedup_stats: dict = {}
            names = list(self.stages)
            if engine == "ray":  # the leading row stages go to Ray; what follows them runs here
                from xinyu.data.ray_engine import ROW_STAGES, run_row_stages

                lead = list(itertools.takewhile(lambda n: n in ROW_STAGES, names))
                specs = []
                for n in lead:
                    section = dict(self.config.get(n, {}))
                    stage = make_stage(n, section)  # a bad option fails here, before any work is sent out
                    if isinstance(stage, Redact) and stage.key:
                        section["key"] = stage.key  # hashes must not depend on where a worker runs
                    specs.append((n, section))
                stream = run_row_stages(stream, specs, ledger, review)
                names = names[len(lead) :]
            for name in names:
                stage = make_stage(name, self.config.get(name, {}), review=review, clusters=clusters)
                if name == "dedup":
                    dedup_stats = stage.stats
                stream = stage(stream, ledger)
            keys: list[tuple] = []  # what the split needs; the records themselves stay on disk
            with (out / "data.jsonl").open("w", encoding="utf-8") as fh:
                for rec in stream:
                    fh.write(dumps(rec) + "\n")
                    keys.append(split_key(rec))
            ledger.kept = len(keys)
        split_cfg = self.config.get("split")
        report_cfg = self.config.get("report")
        splits: list[str] = []
        counts: dict[str, int] = {}
        if split_cfg is not None and keys:
            splits = assign_splits(keys, split_cfg.get("ratios"), int(split_cfg.get("seed", 13)))
        del keys
        ledger.write(out / "ledger.json")
        result = {"out": str(out), "ledger": ledger.to_dict(), "splits": counts, "dedup": dedup_stats}
        stats = Stats() if report_cfg is not None else None
        if (
            splits or stats is not None
        ):  # one more pass over data.jsonl: the split files and the report's figures
            writer = SplitWriter(out / "splits", split_cfg.get("formats", ["jsonl"])) if splits else None
            try:
                with (out / "data.jsonl").open(encoding="utf-8") as fh:
                    for line, name in itertools.zip_longest(fh, splits):
                        rec = Record.from_dict(json.loads(line))
                        if writer is not None:
                            writer.add(rec, name)
                        if stats is not None:
                            stats.add(rec, name)
            finally:
                if writer is not None:
                    result["splits"] = writer.close()
        if stats is not None:
            cl = [
                json.loads(line) for line in (out / "clusters.jsonl").read_text(encoding="utf-8").splitlines()
            ]
            title = report_cfg.get("title", "xinyu dataset report")
            result["report"] = str(write_report(stats, out / "report", ledger.to_dict(), cl, title))
        return result


def _tap(stream: Iterator[Record], tick: Callable[[int], None]) -> Iterator[Record]:
    for rec in stream:
        tick(1)
        yield rec
