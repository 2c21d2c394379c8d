"""Write the English emotion training files of the shipped encoder model, in the canonical scheme.

    python scripts/prepare_emotion_en.py DATA OUT

DATA holds goemotions/, dairai_emotion_en/ and empathetic_personas/emotion_en/ (see the model card). OUT gets:

- ``train.jsonl``: GoEmotions train less a seeded 10% (Ekman labels), a seeded 3,000 of the dair-ai train tweets
  and every EmpatheticPersonas English train row; a GoEmotions row with several labels becomes one row per label
  (the transformer trainer is single-label: this is its soft target);
- ``holdout.jsonl``: the held-out 10% of GoEmotions train, each row with its full list of labels. The trainer
  stops early on it (first label), and the head's blend and thresholds are fitted on it, so the official dev
  splits stay unseen until the model is scored;
- ``holdout_first.jsonl``: the same rows with their first label only (the trainer's ``--dev``);
- ``goemotions_rest.jsonl``: the other 90% with their full lists of labels, for a linear model that has not seen
  the held-out rows (the blend is fitted against it).

Every row is ``{"text", "label"}`` with canonical labels; the choice of rows depends only on the seed.
"""

from __future__ import annotations

import csv
import json
import random
import sys
from pathlib import Path

SEED = 13
HOLDOUT = 0.1
DAIR_ROWS = 3000
DAIR = {"sadness": "sadness", "joy": "joy", "love": "joy", "anger": "anger", "fear": "fear", "surprise": "surprise"}
PERSONAS = {"0": "sadness", "1": "anger", "2": "joy", "3": "fear"}


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def write_jsonl(path: Path, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        fh.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def main(data: Path, out: Path) -> None:
    rng = random.Random(SEED)
    goemotions = read_jsonl(data / "goemotions" / "train.jsonl")
    order = list(range(len(goemotions)))
    rng.shuffle(order)
    held = set(order[: int(len(order) * HOLDOUT)])
    train = [
        {"text": r["text"], "label": label}
        for i, r in enumerate(goemotions)
        if i not in held
        for label in r["ekman_labels"]
    ]
    holdout = [{"text": r["text"], "label": r["ekman_labels"]} for i, r in enumerate(goemotions) if i in held]
    rest = [{"text": r["text"], "label": r["ekman_labels"]} for i, r in enumerate(goemotions) if i not in held]
    dair = read_jsonl(data / "dairai_emotion_en" / "train.jsonl")
    train += [{"text": r["text"], "label": DAIR[r["label"]]} for r in rng.sample(dair, DAIR_ROWS)]
    with (data / "empathetic_personas" / "emotion_en" / "train.csv").open(encoding="utf-8") as fh:
        train += [{"text": r["text"], "label": PERSONAS[r["labels"]]} for r in csv.DictReader(fh)]
    rng.shuffle(train)
    out.mkdir(parents=True, exist_ok=True)
    write_jsonl(out / "train.jsonl", train)
    write_jsonl(out / "holdout.jsonl", holdout)
    write_jsonl(out / "holdout_first.jsonl", [{"text": r["text"], "label": r["label"][0]} for r in holdout])
    write_jsonl(out / "goemotions_rest.jsonl", rest)
    print(f"{out}: train {len(train)} rows, holdout {len(holdout)} rows")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(Path(sys.argv[1]), Path(sys.argv[2]))
