#!/usr/bin/env bash
# Rebuild the shipped linear emotion model from the public datasets (see its MODEL_CARD.md).
# Usage: bash scripts/build_linear_model.sh DATA_DIR   (the folder holding smp2020_ewect/ and goemotions/)
set -euo pipefail
DATA=$(cd "${1:?usage: build_linear_model.sh DATA_DIR}" && pwd)
cd "$(dirname "$0")/.."
OUT=src/xinyu/models/emotion-linear
XINYU=${XINYU:-.venv/bin/xinyu}

"$XINYU" train emotion --backend linear --lang zh --scheme smp2020 --text-field content --label-field label \
  --data "$DATA/smp2020_ewect/usual_train.jsonl" --data "$DATA/smp2020_ewect/virus_train.jsonl" \
  --weight 1 --weight 1.25 --model-id emotion-linear-v1 --out "$OUT"

"$XINYU" train emotion --backend linear --lang en --scheme goemotions-ekman --text-field text \
  --label-field ekman_labels --data "$DATA/goemotions/train.jsonl" --model-id emotion-linear-v1 --out "$OUT"

for split in usual virus; do
  "$XINYU" eval emotion --data "$DATA/smp2020_ewect/${split}_eval.jsonl" --text-field content --label-field label \
    --scheme smp2020 --json > "$OUT/eval-smp2020-${split}.json"
done
"$XINYU" eval emotion --data "$DATA/goemotions/dev.jsonl" --text-field text --label-field ekman_labels \
  --scheme goemotions-ekman --json > "$OUT/eval-goemotions-ekman-dev.json"
python3 - "$OUT" "$DATA" <<'PY'
import json, sys, pathlib
for f in sorted(pathlib.Path(sys.argv[1]).glob("eval-*.json")):
    d = json.loads(f.read_text())
    d["data"] = str(pathlib.Path(d["data"]).relative_to(sys.argv[2]))  # keep the report free of local paths
    f.write_text(json.dumps(d, ensure_ascii=False, indent=1) + "\n")
    print(f"{f.stem}: macro-F1 {d['macro_f1']:.4f}  accuracy {d['accuracy']:.4f}  n {d['n']}")
PY
