#!/usr/bin/env bash
# Rebuild the shipped English encoder emotion model from the public datasets (see its MODEL_CARD.md).
# Usage: bash scripts/build_encoder_model.sh DATA_DIR
#   (DATA_DIR holds goemotions/, dairai_emotion_en/ and empathetic_personas/emotion_en/)
# About 45 minutes on 2 CPU cores, most of it the fine-tune. On a busy machine, OMP_NUM_THREADS=1 is faster.
set -euo pipefail
DATA=$(cd "${1:?usage: build_encoder_model.sh DATA_DIR}" && pwd)
cd "$(dirname "$0")/.."
OUT=src/xinyu/models/emotion-encoder
XINYU=${XINYU:-.venv/bin/xinyu}
PY=${PY:-.venv/bin/python}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# 1. the training rows, the held-out 10% of GoEmotions train, and the other 90% with all their labels
"$PY" scripts/prepare_emotion_en.py "$DATA" "$WORK/data"

# 2. LoRA fine-tune of all-MiniLM-L6-v2, one epoch, early stopping on the held-out rows
"$XINYU" train emotion --backend transformer --base minilm --lang en --scheme canonical \
  --data "$WORK/data/train.jsonl" --dev "$WORK/data/holdout_first.jsonl" --epochs 1 --batch-size 32 --lr 5e-4 \
  --max-length 128 --length-batches --max-minutes 45 --device cpu --model-id emotion-encoder-en-v1 \
  --out "$WORK/model"

# 3. the shipped files (no checkpoint) and their graph in the cache (int8, as make install builds it)
rm -rf "$OUT/en"
mkdir -p "$OUT/en"
cp -r "$WORK/model/en/"{adapter,head.safetensors,xinyu-emotion.json,curves.json,curves.png,train-report.json} "$OUT/en/"
"$XINYU" export encoder --force

# 4. the blend with the linear model, fitted on the held-out rows read through that graph, against a linear model
#    that never saw them; then the dev figures of the default backend
"$XINYU" train emotion --backend linear --lang en --scheme canonical --label-field label \
  --data "$WORK/data/goemotions_rest.jsonl" --model-id emotion-linear-v1-without-holdout --out "$WORK/linear"
"$XINYU" train blend --model "$OUT/en" --data "$WORK/data/holdout.jsonl" --scheme canonical \
  --linear-model "$WORK/linear"

"$XINYU" eval emotion --backend encoder --data "$DATA/goemotions/dev.jsonl" --label-field ekman_labels \
  --scheme goemotions-ekman --json > "$OUT/eval-goemotions-ekman-dev.json"
"$XINYU" eval emotion --backend encoder --data "$DATA/empathetic_personas/emotion_en/val.csv" \
  --label-field labels --scheme empathetic-personas --json > "$OUT/eval-empathetic-personas-en-val.json"
"$XINYU" eval emotion --backend encoder --data "$DATA/dairai_emotion_en/validation.jsonl" \
  --scheme dair-ai --json > "$OUT/eval-dairai-validation.json"
"$PY" - "$OUT" "$DATA" <<'PY'
import json, sys, pathlib
for f in sorted(pathlib.Path(sys.argv[1]).glob("eval-*.json")):
    d = json.loads(f.read_text())
    d["data"] = str(pathlib.Path(d["data"]).relative_to(sys.argv[2]))  # keep the report free of local paths
    f.write_text(json.dumps(d, ensure_ascii=False, indent=1) + "\n")
    print(f"{f.stem}: macro-F1 {d['macro_f1']:.4f}  accuracy {d['accuracy']:.4f}  n {d['n']}")
PY
