"""Near-duplicate detection at scale: short Chinese texts from the public datasets with injected near-duplicates of
known truth, xinyu's dedup against a datasketch MinHashLSH baseline in the same run.

python bench/bench_dedup.py --data DATA_DIR [--rows 1000000] [--dup-rate 0.1] [--seed 0]

The corpus:
1. Base texts: the distinct sentences of the Chinese datasets (SMP2020-EWECT, the Weibo suicide set, NLPCC ECM,
   SMILECHAT, CPED, SOS-1K), then, to reach the size, three clauses of 4-16 characters from different sentences
   joined with commas (two such texts that share a clause stay far apart).
2. The base is cleared of its own near-duplicates first: a high-recall pass (128 permutations, bands of 4 rows)
   confirmed at edit similarity 0.6, well below the 0.8 under test, drops every text near another. What remains
   are distinct texts, so every duplicate in the corpus is one this script made.
3. ``--dup-rate`` of the rows are near-duplicates of a random base text: one character changed, deleted or
   inserted, a short word inserted, two such edits, punctuation or emoji added, changed or removed (these
   vanish in normalisation: exact duplicates after it), in random order among the base texts.

Figures, over pairs: precision is the share of rows merged into a cluster whose representative comes from the
same base text; recall is the share of injected rows that end in the same cluster as their base text. docs/s is
rows over the whole detection (normalising, hashing, candidates, checks, clusters); peak memory is each method's
process's maximum resident set, each run in a fresh process.

The baseline is how datasketch is used for dedup: one MinHash per text (64 permutations) over the same normalised
text and the same character 2-3-grams, a MinHashLSH at a Jaccard ``--baseline-thresholds``, each text queried and
inserted when it finds nothing (the first one found is its representative). Without a check on candidates its
threshold trades precision for recall (short texts: one changed character removes five of the 2-3-grams of a
ten-character text, so a near-duplicate's Jaccard is often near 0.5), so it runs at each threshold given.
"""

from __future__ import annotations

import argparse
import csv
import json
import multiprocessing as mp
import random
import re
import resource
import time
from pathlib import Path

import numpy as np

from xinyu.data.dedup import find_duplicates, normalise, shingles

EMOJI = ["😭", "😂", "🙏", "😔", "❤️", "😢", "👍", "🥺", "😊", "💔"]
PUNCT = ["！", "。", "？", "！！", "……", "~", "，", "!!", "...", "？？"]
FILLERS = ["真的", "就是", "其实", "然后", "感觉", "有点", "好", "太", "还是", "一直"]
SENT_SPLIT = re.compile(r"[。！？!?；;\n…~～]+")
CLAUSE_SPLIT = re.compile(r"[，,。！？!?；;\n…~～、\s]+")


def _texts(data: Path) -> list[str]:
    def jsonl(path: str, field: str) -> list[str]:
        with (data / path).open(encoding="utf-8") as fh:
            return [json.loads(line)[field] for line in fh if line.strip()]

    out: list[str] = []
    for path in ("usual_train", "usual_eval", "virus_train", "virus_eval"):
        out += jsonl(f"smp2020_ewect/{path}.jsonl", "content")
    out += jsonl("weibo_suicide_svm_zh/train.jsonl", "text")
    out += jsonl("ecm_nlpcc2017_zh_sample/ecm_utterances.jsonl", "text")
    out += jsonl("sos1k_suicide_zh/train.jsonl", "text")
    with (data / "smilechat_zh_sample" / "train.jsonl").open(encoding="utf-8") as fh:
        out += [turn["content"] for line in fh if line.strip() for turn in json.loads(line)["dialog"]]
    with (data / "cped_zh" / "valid_split.csv").open(encoding="utf-8") as fh:
        out += [row["Utterance"] for row in csv.DictReader(fh)]
    return out


def _base(texts: list[str], need: int, rng: random.Random) -> list[str]:
    seen: set[str] = set()
    base: list[str] = []

    def add(t: str) -> None:
        n = normalise(t)
        if 8 <= len(n) <= 60 and n not in seen:
            seen.add(n)
            base.append(t)

    for t in texts:
        for s in SENT_SPLIT.split(t):
            add(s.strip())
    clauses = sorted({c for t in texts for c in CLAUSE_SPLIT.split(t) if 4 <= len(normalise(c)) <= 16})
    while len(base) < need:
        add("，".join(rng.sample(clauses, 3)))
    rng.shuffle(base)
    # the base's own near-duplicates go (see the module's doc): what is left shares nothing but by injection
    res = find_duplicates(base, threshold=0.6, num_perm=128, bands=32)
    return [t for i, t in enumerate(base) if res.rep[i] == i]


def _variant(text: str, pool: str, rng: random.Random) -> str:
    def edit(t: str) -> str:
        i = rng.randrange(len(t))
        kind = rng.choice(["sub", "del", "ins", "word"])
        if kind == "sub":
            return t[:i] + rng.choice(pool) + t[i + 1 :]
        if kind == "del":
            return t[:i] + t[i + 1 :]
        if kind == "ins":
            return t[:i] + rng.choice(pool) + t[i:]
        return t[:i] + rng.choice(FILLERS) + t[i:]

    kind = rng.choice(["edit", "edit", "two", "punct", "emoji", "mixed"])
    if kind == "edit":
        return edit(text)
    if kind == "two":
        return edit(edit(text))
    if kind == "punct":
        return text.rstrip("。！？!?.~") + rng.choice(PUNCT)
    if kind == "emoji":
        return text + rng.choice(EMOJI) * rng.randint(1, 3)
    return rng.choice(PUNCT) + edit(text) + rng.choice(EMOJI)


def build(data: Path, rows: int, dup_rate: float, seed: int) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Texts, the base text each row comes from, and whether the row was injected."""
    rng = random.Random(seed)
    n_dup = int(rows * dup_rate)
    base = _base(_texts(data), int((rows - n_dup) * 1.2), rng)
    if len(base) < rows - n_dup:
        raise SystemExit(f"only {len(base):,} distinct base texts; ask for fewer --rows")
    base = base[: rows - n_dup]
    pool = "".join(sorted({ch for t in base[:20000] for ch in t if "\u4e00" <= ch <= "\u9fff"}))
    sources = [rng.randrange(len(base)) for _ in range(n_dup)]
    texts = base + [_variant(base[s], pool, rng) for s in sources]
    group = np.array(list(range(len(base))) + sources, dtype=np.int64)
    injected = np.r_[np.zeros(len(base), bool), np.ones(n_dup, bool)]
    order = np.random.default_rng(seed).permutation(len(texts))
    return [texts[i] for i in order], group[order], injected[order]


def _xinyu(texts: list[str], num_perm: int, bands: int | None, q: mp.Queue) -> None:
    start = time.perf_counter()
    res = find_duplicates(texts, num_perm=num_perm, bands=bands)
    secs = time.perf_counter() - start
    q.put((res.rep, secs, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, res.candidates))


def _datasketch(texts: list[str], threshold: float, q: mp.Queue) -> None:
    from datasketch import MinHash, MinHashLSH

    start = time.perf_counter()
    lsh = MinHashLSH(threshold=threshold, num_perm=64)
    rep = np.arange(len(texts), dtype=np.int64)
    for i, t in enumerate(texts):
        m = MinHash(num_perm=64)
        m.update_batch([s.encode("utf-8") for s in shingles(normalise(t))])
        found = lsh.query(m)
        if found:
            rep[i] = min(found)
        else:
            lsh.insert(i, m)
    secs = time.perf_counter() - start
    q.put((rep, secs, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 0))


def _run(target, *args) -> tuple[np.ndarray, float, float, int]:
    ctx = mp.get_context("fork")  # the child starts with the texts and its own peak-memory account
    q = ctx.Queue()
    p = ctx.Process(target=target, args=(*args, q))
    p.start()
    out = q.get()
    p.join()
    return out


def score(rep: np.ndarray, group: np.ndarray, injected: np.ndarray) -> tuple[float, float]:
    merged = rep != np.arange(len(rep))
    precision = float((group[rep[merged]] == group[merged]).mean()) if merged.any() else 1.0
    # an injected row is found when it shares a cluster with its base text's row
    first = {}
    for i in np.flatnonzero(~injected).tolist():
        first[int(group[i])] = i
    root = rep.copy()
    while True:  # rep is one level deep for xinyu; datasketch's representative may itself be merged
        nxt = rep[root]
        if (nxt == root).all():
            break
        root = nxt
    inj = np.flatnonzero(injected)
    base_row = np.array([first[int(g)] for g in group[inj]])
    recall = float((root[inj] == root[base_row]).mean()) if len(inj) else 1.0
    return precision, recall


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, required=True, help="folder holding the public datasets")
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument(
        "--dup-rate", type=float, default=0.1, help="share of rows that are injected near-duplicates"
    )
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--num-perm", type=int, default=96, help="xinyu's MinHash permutations")
    ap.add_argument("--bands", type=int, default=None, help="xinyu's LSH bands (default: bands of 3 rows)")
    ap.add_argument(
        "--baseline-thresholds", default="0.5,0.7", help="datasketch's Jaccard thresholds, comma-separated"
    )
    ap.add_argument("--no-baseline", action="store_true", help="skip datasketch (it is the slow part)")
    args = ap.parse_args()

    t0 = time.perf_counter()
    texts, group, injected = build(args.data, args.rows, args.dup_rate, args.seed)
    lengths = np.array([len(t) for t in texts])
    print(
        f"corpus: {len(texts):,} rows ({int(injected.sum()):,} injected), median {int(np.median(lengths))} "
        f"characters, built in {time.perf_counter() - t0:.0f} s"
    )
    methods = [("xinyu (MinHash-LSH + edit check)", _xinyu, (args.num_perm, args.bands))]
    if not args.no_baseline:
        for t in (float(x) for x in args.baseline_thresholds.split(",") if x.strip()):
            methods.append((f"datasketch MinHashLSH @ {t}", _datasketch, (t,)))
    results = []
    for name, fn, extra in methods:
        rep, secs, peak_mb, _ = _run(fn, texts, *extra)
        p, r = score(rep, group, injected)
        results.append((name, p, r, len(texts) / secs, secs, peak_mb))
        print(
            f"  {name}: precision {p:.4f} recall {r:.4f} {len(texts) / secs:,.0f} docs/s peak {peak_mb:,.0f} MB"
        )
    print()
    print("| method | precision | recall | docs/s | seconds | peak memory |")
    print("|---|---|---|---|---|---|")
    for name, p, r, dps, secs, peak in results:
        print(f"| {name} | {p:.4f} | {r:.4f} | {dps:,.0f} | {secs:.1f} | {peak / 1024:.2f} GB |")
    for name, *_, dps, _secs, _peak in results[1:]:
        print(f"throughput ratio xinyu / {name}: {results[0][3] / dps:.2f}x")


if __name__ == "__main__":
    main()
