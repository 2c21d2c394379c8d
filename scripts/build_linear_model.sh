#!/usr/bin/env bash
# Rebuild the shipped linear emotion model from the public datasets (see its MODEL_CARD.md).
# Usage: bash scripts/build_linear_model.sh DATA_DIR   (the folder holding smp2020_ewect/, goemotions/ and
# empathetic_personas/)
set -euo pipefail
DATA=$(cd "${1:?usage: build_linear_model.sh DATA_DIR}" && pwd)
cd "$(dirname "$0")/.."
OUT=src/xinyu/models/emotion-linear
XINYU=${XINYU:-.venv/bin/xinyu}

# Chinese: the Weibo posts and the EmpatheticPersonas utterances (first-person, chat-like) in one label set, the
# canonical one, since a run reads one scheme; the files are written the same way each time (same hashes)
CANON=$(mktemp -d)
trap 'rm -rf "$CANON"' EXIT
"${PYTHON:-.venv/bin/python}" - "$DATA" "$CANON" <<'PY'
import csv, json, sys
from pathlib import Path
from xinyu.taxonomy import to_canonical
data, out = Path(sys.argv[1]), Path(sys.argv[2])
def write(name, rows):
    with open(out / name, "w", encoding="utf-8") as f:
        f.writelines(json.dumps({"text": t, "label": y}, ensure_ascii=False) + "\n" for t, y in rows)
for split in ("usual_train", "virus_train"):
    lines = (json.loads(x) for x in open(data / "smp2020_ewect" / f"{split}.jsonl", encoding="utf-8"))
    write(f"{split}.jsonl", [(r["content"], to_canonical("smp2020", r["label"])) for r in lines])
with open(data / "empathetic_personas" / "emotion_zh" / "train.csv", encoding="utf-8") as f:
    rows = [(r["text"], to_canonical("empathetic-personas", r["labels"])) for r in csv.DictReader(f)]
write("ep_train.jsonl", rows)
PY
"$XINYU" train emotion --backend linear --lang zh --scheme canonical --text-field text --label-field label \
  --data "$CANON/usual_train.jsonl" --data "$CANON/virus_train.jsonl" --data "$CANON/ep_train.jsonl" \
  --weight 1 --weight 1.25 --weight 8 --model-id emotion-linear-v2 --out "$OUT"

"$XINYU" train emotion --backend linear --lang en --scheme goemotions-ekman --text-field text \
  --label-field ekman_labels --data "$DATA/goemotions/train.jsonl" --model-id emotion-linear-v1 --out "$OUT"

for split in usual virus; do
  "$XINYU" eval emotion --backend linear --data "$DATA/smp2020_ewect/${split}_eval.jsonl" --text-field content --label-field label \
    --scheme smp2020 --json > "$OUT/eval-smp2020-${split}.json"
done
"$XINYU" eval emotion --backend linear --data "$DATA/goemotions/dev.jsonl" --text-field text --label-field ekman_labels \
  --scheme goemotions-ekman --json > "$OUT/eval-goemotions-ekman-dev.json"
"$XINYU" eval emotion --backend linear --data "$DATA/empathetic_personas/emotion_zh/val.csv" --text-field text \
  --label-field labels --scheme empathetic-personas --json > "$OUT/eval-empathetic-personas-zh-val.json"
python3 - "$OUT" "$DATA" <<'PY'
import json, sys, pathlib
for f in sorted(pathlib.Path(sys.argv[1]).glob("eval-*.json")):
    d = json.loads(f.read_text())
    d["data"] = str(pathlib.Path(d["data"]).relative_to(sys.argv[2]))  # keep the report free of local paths
    f.write_text(json.dumps(d, ensure_ascii=False, indent=1) + "\n")
    print(f"{f.stem}: macro-F1 {d['macro_f1']:.4f}  accuracy {d['accuracy']:.4f}  n {d['n']}")
PY
