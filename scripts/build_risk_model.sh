#!/usr/bin/env bash
# Rebuild the shipped risk model and the figures of its model card from the public datasets (see its MODEL_CARD.md).
# Usage: bash scripts/build_risk_model.sh DATA_DIR   (the folder holding sos1k_suicide_zh/, weibo_suicide_svm_zh/, ...)
#
# 1. The protocol's figures, each source in one run: cross-validation over the dev folds, then the report fold
#    (5) once, trained on the dev folds; the plain baseline and the cue layer alone alongside.
# 2. The model itself, trained on every row.
set -euo pipefail
DATA=$(cd "${1:?usage: build_risk_model.sh DATA_DIR}" && pwd)
cd "$(dirname "$0")/.."
OUT=src/xinyu/models/risk-linear
XINYU=${XINYU:-.venv/bin/xinyu}

for source in sos1k weibo_suicide; do
  "$XINYU" train risk --data-dir "$DATA" --out "$OUT" --cv "$source" --report-fold 5 > "$OUT/protocol-$source.json"
done
"$XINYU" train risk --data-dir "$DATA" --out "$OUT"

python3 - "$OUT" <<'PY'
import json, pathlib, sys
for f in sorted(pathlib.Path(sys.argv[1]).glob("protocol-*.json")):
    d = json.loads(f.read_text())
    for name, part in (("dev CV", d), ("report", d["report"])):
        row = [f"xinyu P {part['precision']:.3f} R {part['recall']:.3f} F1 {part['f1']:.3f}"]
        row += [f"{k} F1 {part[k]['f1']:.3f}" for k in ("baseline", "cues")]
        print(f"{d['source']} {name} ({part['split']}), level >= {d['threshold']}: " + ", ".join(row))
PY
