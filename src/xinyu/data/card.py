"""The dataset card written beside every split folder: ``README.md`` with ``datasets`` YAML front matter.

The front matter tells Hugging Face ``datasets`` (and the Hub) which file is which split and what each column is;
``emotion`` is a ``class_label`` in xinyu's own order (:data:`xinyu.taxonomy.EMOTIONS`), so label ids mean the
same in every tool. The prose says what the fields and the ``meta.*`` keys mean, and whose terms the rows carry.
The YAML is written by hand (it is small and fixed in shape; split names are quoted as JSON strings, which YAML
reads as they are), so the card needs no YAML library.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from xinyu.taxonomy import EMOTIONS

#: the format the card's ``configs`` point at, best first: Parquet keeps lists native; CSV is flat but typed
#: by the card; JSONL's ``meta`` is an object whose keys vary by source, which no one feature type holds
CARD_FORMATS = ("parquet", "csv", "jsonl")

#: what each column holds, in the split files' order
FIELDS = {
    "dialogue_id": "the dialogue the row belongs to, `<source>:<id>`; rows of one dialogue share a split",
    "turn": "the row's position in its dialogue, from 0",
    "role": "who speaks `text`: `user`, `assistant` or `other` (a speaker of a multi-party corpus)",
    "text": "the utterance (for pairs, the user's turn)",
    "response": "the reply that followed `text` (pairs only), else null",
    "emotion": f"the emotion of `text`, one of {', '.join(EMOTIONS)}, or null where unlabelled",
    "core_words": "the words the labeller found carried the emotion",
    "source": "the corpus (input) the row came from",
    "meta": "everything else about the row: an object in JSONL, JSON text in Parquet and CSV (keys below)",
    "split": "the split the row was dealt to: `train`, `dev` or `test` (or the names of the pipeline's ratios)",
}

#: the ``meta`` keys the workbench sets, and what they mean; a key not here is a column of a flat input file
META_KEYS = {
    "row": "the input row the record came from, `<file>:<line or row>`",
    "context": "pairs: the turns before `text`, a list of {role, text}",
    "strategy": "ESConv: the supporter's strategy in the reply",
    "emotion_type": "ESConv: the seeker's emotion as the corpus names it",
    "problem_type": "ESConv: the seeker's problem",
    "situation": "ESConv, synthetic rows: the situation the dialogue is about",
    "keywords": "PsyQA: the question's keywords",
    "speaker": "CPED: the speaker's name",
    "emotion_raw": "CPED: the emotion as the corpus names it, before mapping to xinyu's",
    "sentiment": "CPED: the corpus's sentiment label",
    "dialogue_act": "CPED: the corpus's dialogue act",
    "language": "validate: the detected language of `text`",
    "flags": "validate: what was found but not rejected, e.g. `pii:phone`, `crisis:high`",
    "redacted": "redact: how many personal details were replaced in the text and its context",
    "label": "label: the model's {emotion, confidence, scores, model}, or {error} where it failed",
    "review": (
        "`true` where the labeller was unsure; {reason, suggested, self_confidence} where cleanlab's confident "
        "learning doubts the label; {status, by, at, was, via} once a person reviewed it"
    ),
    "cluster": "dedup: the id (`dialogue_id#turn`) of the row its near-duplicates were merged into",
    "lang": "synthetic rows: the language asked for",
    "template": "synthetic rows: the prompt template",
    "variant": "synthetic rows: the template's variant",
    "model": "synthetic rows: the model that wrote the row",
    "usage": "synthetic rows: the tokens the model used",
}


def card_format(formats: list[str]) -> str:
    """The format the card's ``configs`` and features describe: the best one written."""
    return next(f for f in CARD_FORMATS if f in formats)


def _features(fmt: str) -> list[str]:
    """``dataset_info.features`` as YAML lines (empty for JSONL, whose ``meta`` has no one type)."""
    if fmt == "jsonl":
        return []
    lines = ["  features:"]
    for name in FIELDS:
        lines.append(f"  - name: {name}")
        if name == "emotion":
            lines += ["    dtype:", "      class_label:", "        names:"]
            lines += [f"          '{i}': {e}" for i, e in enumerate(EMOTIONS)]
        elif name == "core_words" and fmt == "parquet":
            lines.append("    sequence: string")
        else:
            lines.append(f"    dtype: {'int64' if name == 'turn' else 'string'}")
    return lines


def front_matter(fmt: str, counts: dict[str, int]) -> str:
    """The YAML block: the licence, one ``default`` config with a data file per split, and the features."""
    lines = ["---", "license: other", "configs:", "- config_name: default", "  data_files:"]
    for name in counts:
        lines += [f"  - split: {json.dumps(name)}", f"    path: {json.dumps(f'{name}.{fmt}')}"]
    lines.append("dataset_info:")
    lines += _features(fmt)
    lines.append("  splits:")
    for name, n in counts.items():
        lines += [f"  - name: {json.dumps(name)}", f"    num_examples: {n}"]
    lines.append("---")
    return "\n".join(lines) + "\n"


def _prose(fmt: str, formats: list[str], counts: dict[str, int], sources: Counter, meta_keys: Counter) -> str:
    total = sum(counts.values())
    out = [
        "# Dataset",
        "",
        f"{total} rows written by the xinyu data workbench: "
        + ", ".join(f"{name} {n}" for name, n in counts.items())
        + f". Files: `<split>.<format>` for {', '.join(formats)}; the config above reads the {fmt} files.",
        "No dialogue and no cluster of near-duplicates straddles two splits.",
        "",
        "## Fields",
        "",
    ]
    out += [f"- `{name}`: {what}" for name, what in FIELDS.items()]
    out += [
        "",
        f"`emotion` is a class label in xinyu's order: {', '.join(f'{i} {e}' for i, e in enumerate(EMOTIONS))}.",
        "Formats: JSONL keeps `core_words` a list and `meta` an object. Parquet keeps `core_words` a list of "
        "strings and `meta` JSON text, because its keys and their types vary by source and stage. CSV has no "
        "lists or objects, so both are JSON text there.",
    ]
    if fmt == "jsonl":
        out.append(
            "Only JSONL was written, so the card declares no features; write Parquet too for typed columns."
        )
    out += ["", "## meta", "", "The keys these rows carry, with how many rows have each:", ""]
    for key, n in sorted(meta_keys.items(), key=lambda kv: (-kv[1], kv[0])):
        out.append(
            f"- `meta.{key}` ({n}): {META_KEYS.get(key, 'a column of the flat input file, as it was')}"
        )
    out += [
        "",
        "## Licence",
        "",
        "The rows keep the terms of the corpus each came from (`source`); this card adds none, and the set as a "
        "whole is no more open than its most restrictive source. Check each source's licence before you share "
        "or train on it. Rows per source:",
        "",
    ]
    out += [f"- `{name or '(none)'}`: {n}" for name, n in sources.most_common()]
    return "\n".join(out) + "\n"


def write_card(
    out_dir: Path, formats: list[str], counts: dict[str, int], sources: Counter, meta_keys: Counter
) -> Path:
    """Write ``out_dir/README.md`` for the split files there; returns its path."""
    fmt = card_format(formats)
    path = out_dir / "README.md"
    path.write_text(
        front_matter(fmt, counts) + "\n" + _prose(fmt, formats, counts, sources, meta_keys), "utf-8"
    )
    return path


def record_schema() -> dict:
    """The JSON Schema of one record as the workbench writes it (``record.schema.json``)."""
    from importlib.resources import files

    return json.loads(files("xinyu.resources").joinpath("record.schema.json").read_text(encoding="utf-8"))
