"""PII detection on real sentences: valid IDs, phones (mainland, and US, UK, Hong Kong and Taiwan ones with or
without their country prefix) and cards planted in posts from the public datasets, and look-alikes (wrong check
digit, failing Luhn, not a phone prefix) that must be left alone.

python bench/bench_pii.py --data DATA_DIR [-n 3000] [--seed 7]

Reads smp2020_ewect/usual_train.jsonl and weibo_suicide_svm_zh/train.jsonl (Chinese) and goemotions/train.jsonl
(English). Whatever the detector already finds in a sentence before planting is reported and set aside, so the
figures are about the planted values. Recall: planted values found with their kind and exact text. Precision:
planted values found / every detection of an ID, phone or card in the planted sentences, look-alikes included.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import time
from pathlib import Path

from xinyu.safety.pii import find_pii
from xinyu.safety.pii_gen import bad_card, bad_cn_id, card, cn_id, cn_landline, cn_mobile, spaced, world_phone

KINDS = {"id_cn", "phone_cn", "phone", "card"}
LEADS_ZH = ["", "", "我的身份证号", "电话", "手机号是", "卡号：", "打我电话 ", "号码", "联系方式："]
LEADS_EN = ["", "", "my number is ", "card: ", "call me at ", "ID ", "reach me on "]


def _sentences(data: Path, n: int, rng: random.Random) -> list[tuple[str, str]]:
    def read(path: Path, field: str, lang: str) -> list[tuple[str, str]]:
        with path.open(encoding="utf-8") as fh:
            return [(json.loads(line)[field], lang) for line in fh if line.strip()]

    zh = read(data / "smp2020_ewect" / "usual_train.jsonl", "content", "zh")
    zh += read(data / "weibo_suicide_svm_zh" / "train.jsonl", "text", "zh")
    en = read(data / "goemotions" / "train.jsonl", "text", "en")
    return rng.sample(zh, n * 2 // 3) + rng.sample(en, n - n * 2 // 3)


def _plant(sentence: str, value: str, lead: str, rng: random.Random) -> str:
    cuts = [i + 1 for i, c in enumerate(sentence) if c in "，。！？,.!? "] or [len(sentence)]
    at = rng.choice(cuts + [0, len(sentence)])
    gap = "" if at == 0 or sentence[at - 1] in "，。！？,.!? " else " "
    return f"{sentence[:at]}{gap}{lead}{value} {sentence[at:]}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, required=True, help="folder holding the public datasets")
    ap.add_argument("-n", type=int, default=3000, help="sentences to plant valid values in (default 3000)")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    sentences = _sentences(args.data, args.n, rng)
    makers = {
        "id_cn": lambda: cn_id(rng),
        "phone_cn": lambda: rng.choice([cn_mobile(rng), cn_mobile(rng), cn_landline(rng)]),
        "card": lambda: spaced(card(rng), rng),
        "phone": lambda: world_phone(rng),
    }
    lookalikes = [
        lambda: bad_cn_id(rng),
        lambda: spaced(bad_card(rng), rng),
        lambda: "12" + str(rng.randrange(10**9)),
    ]
    found = planted = detections = preexisting = flagged_lookalikes = 0
    per_kind: dict[str, list[int]] = {}
    apart = [0, 0]  # values not written right beside another group of digits (found, planted)
    started = time.perf_counter()
    for sentence, lang in sentences:
        preexisting += sum(e.kind in KINDS for e in find_pii(sentence))
        before = {e.text for e in find_pii(sentence)}
        kind = rng.choice(list(makers))
        value = makers[kind]()
        fake = rng.choice(lookalikes)()
        lead = rng.choice(LEADS_ZH if lang == "zh" else LEADS_EN)
        text = _plant(_plant(sentence, fake, "", rng), value, lead, rng)  # the valid value stays whole
        entities = [e for e in find_pii(text) if e.kind in KINDS and e.text not in before]
        hit = any(
            e.text == value and (e.kind == kind or {e.kind, kind} <= {"phone", "phone_cn"}) for e in entities
        )
        planted += 1
        found += hit
        at = text.find(value)
        if not (re.search(r"\d[ -]?$", text[:at]) or re.match(r"[ -]?\d", text[at + len(value) :])):
            apart[0] += hit
            apart[1] += 1
        per_kind.setdefault(kind, [0, 0])
        per_kind[kind][0] += hit
        per_kind[kind][1] += 1
        detections += len(entities)
        flagged_lookalikes += any(fake in e.text or e.text in fake for e in entities)
    elapsed = time.perf_counter() - started
    print(
        f"sentences: {planted:,} real ({args.data.name}), seed {args.seed}; {preexisting} detections already in them"
    )
    for kind, (h, t) in sorted(per_kind.items()):
        print(f"  {kind:9s} recall {h / t:.4f}  ({h}/{t})")
    print(f"recall    {found / planted:.4f}  ({found}/{planted})")
    print(
        f"recall where the value stands apart from other digits {apart[0] / apart[1]:.4f}  ({apart[0]}/{apart[1]})"
    )
    print(f"precision {found / max(1, detections):.4f}  ({found}/{detections} detections)")
    print(f"look-alikes flagged: {flagged_lookalikes}/{planted}")
    print(f"speed: {2 * planted / elapsed:,.0f} sentences/s (find_pii, 2 passes a sentence)")


if __name__ == "__main__":
    main()
