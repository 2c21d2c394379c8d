"""Exact and near-duplicate detection for short texts (zh + en), without an all-pairs comparison.

1. Normalise: NFKC, lower case, drop whitespace, punctuation, symbols and emoji, so that "好累啊！！😭" and
   "好累啊" are the same text.
2. Exact: rows whose normalised texts are equal form one cluster.
3. Near: MinHash signatures over character n-grams (2- and 3-grams by default: a short Chinese text has too few
   words for word shingles), computed for a whole batch at once in numpy; locality-sensitive hashing in bands
   finds candidate pairs (rows that agree on every row of some band); each candidate pair is confirmed by
   normalised edit-distance similarity (rapidfuzz) at ``threshold``. Confirmed pairs are joined with union-find.

4. Optionally, semantic: paraphrases by sentence embeddings (``semantic_duplicates``: random-hyperplane LSH and a
   cosine check), among the rows the first passes kept.

:func:`dedup_texts` runs them all; the :class:`Dedup` stage applies it to records, :func:`write_kept_rows` writes
the rows of a plain file that survive it.

The first row of a cluster (in input order) represents it. Memory: the signatures (``num_perm`` x 4 bytes a row)
and the normalised texts; the records themselves are spilled to a temporary file between the passes.
"""

from __future__ import annotations

import csv
import hashlib
import json
import tempfile
import unicodedata
import zlib
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import numpy as np

from xinyu.data.record import Ledger, Record
from xinyu.io import Row

Embedder = Callable[[list[str]], np.ndarray]  # texts -> one vector a text
_KEEP_CATEGORIES = ("L", "N")  # letters and digits; punctuation, symbols (emoji), marks and spaces go


def normalise(text: str) -> str:
    """The text dedup compares.

    >>> normalise("好累啊！！😭 ")
    '好累啊'
    >>> normalise("I'm SO tired...")
    'imsotired'
    """
    text = unicodedata.normalize("NFKC", text).lower()
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in _KEEP_CATEGORIES)


def shingles(norm: str, ngrams: tuple[int, ...] = (2, 3)) -> list[str]:
    out = [norm[i : i + n] for n in ngrams for i in range(len(norm) - n + 1)]
    return out or ([norm] if norm else [])


class MinHasher:
    """``num_perm`` hash functions (multiply-shift) over 32-bit shingle hashes, applied to a batch at once."""

    def __init__(self, num_perm: int = 96, ngrams: tuple[int, ...] = (2, 3), seed: int = 1) -> None:
        rng = np.random.default_rng(seed)
        self.num_perm = num_perm
        self.ngrams = ngrams
        # multiply-shift hashing: (a*x + b) mod 2^64, top 32 bits; a odd (no division on the hot path)
        self.a = rng.integers(0, 1 << 63, size=num_perm, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
        self.b = rng.integers(0, 1 << 63, size=num_perm, dtype=np.uint64)

    def signatures(self, norms: list[str]) -> np.ndarray:
        """(len(norms), num_perm) uint32 signatures; an empty text gets all-max (it matches nothing by chance)."""
        hashes: list[int] = []
        counts = np.zeros(len(norms), dtype=np.int64)
        for i, t in enumerate(norms):
            sh = shingles(t, self.ngrams)
            counts[i] = len(sh)
            hashes.extend(zlib.crc32(s.encode("utf-8")) for s in sh)
        out = np.full((len(norms), self.num_perm), np.iinfo(np.uint32).max, dtype=np.uint32)
        if not hashes:
            return out
        x = np.asarray(hashes, dtype=np.uint64)[:, None]
        h = ((self.a * x + self.b) >> np.uint64(32)).astype(np.uint32)
        nonempty = counts > 0
        starts = np.concatenate([[0], np.cumsum(counts)[:-1]])[nonempty]
        out[nonempty] = np.minimum.reduceat(h, starts, axis=0)
        return out


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = np.arange(n, dtype=np.int64)

    def find(self, i: int) -> int:
        p = self.parent
        root = i
        while p[root] != root:
            root = p[root]
        while p[i] != root:
            p[i], i = root, p[i]
        return int(root)

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:  # the smaller index (earlier row) stays the root: it represents the cluster
            if ri < rj:
                self.parent[rj] = ri
            else:
                self.parent[ri] = rj


def _band_candidates(sig: np.ndarray, nb: int, rows: int) -> tuple[np.ndarray, np.ndarray]:
    """Row pairs (first of a bucket, other member) that share all ``rows`` values of some band: a star per bucket,
    not all pairs (chains close through union-find)."""
    heads, members = [], []
    for band in range(nb):
        part = sig[:, band * rows : (band + 1) * rows].astype(np.uint64)
        key = np.zeros(len(sig), dtype=np.uint64)
        for c in range(rows):  # mix the band's values into one 64-bit key (a collision only costs a check)
            key = key * np.uint64(0x9E3779B97F4A7C15) + part[:, c]
        order = np.argsort(key, kind="stable")  # equal keys stay in row order: the first is the earliest row
        sk = key[order]
        new = np.r_[True, sk[1:] != sk[:-1]]
        starts = np.flatnonzero(new)
        head_pos = starts[np.cumsum(new) - 1]
        dup = ~new
        heads.append(order[head_pos[dup]])
        members.append(order[dup])
    if not heads:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    return np.concatenate(heads), np.concatenate(members)


def _bands(num_perm: int, bands: int | None) -> tuple[int, int]:
    """(bands, rows per band). By default bands of 3 rows: a short text loses many of its n-grams to one edit
    (one changed character of ten removes five 2-3-grams), and 3-row bands still find such pairs."""
    if bands is None:
        rows = next(r for r in (3, 4, 2, 1) if num_perm % r == 0)
        return num_perm // rows, rows
    if bands < 1 or num_perm % bands:
        raise ValueError(f"num_perm {num_perm} does not split into {bands} bands")
    return bands, num_perm // bands


@dataclass
class DedupResult:
    """``rep[i]``: the row that represents row i's cluster (itself when it is kept)."""

    rep: np.ndarray
    how: list[str]  # per row: "" kept, "exact", "near"
    candidates: int = 0
    confirmed: int = 0

    @property
    def kept(self) -> int:
        return int((self.rep == np.arange(len(self.rep))).sum())

    def clusters(self) -> dict[int, list[int]]:
        """Representative row -> the rows merged into it, for every cluster with more than one row."""
        out: dict[int, list[int]] = {}
        for i, r in enumerate(self.rep.tolist()):
            if r != i:
                out.setdefault(r, []).append(i)
        return out


def find_duplicates(
    texts: list[str],
    threshold: float = 0.8,
    num_perm: int = 96,
    bands: int | None = None,
    ngrams: tuple[int, ...] = (2, 3),
    near: bool = True,
    batch_size: int = 4096,
    progress: Callable[[int], None] | None = None,
) -> DedupResult:
    """Clusters of exact and near duplicates among ``texts`` (see the module's doc)."""
    n = len(texts)
    norms = [normalise(t) for t in texts]
    uf = _UnionFind(n)
    how = [""] * n
    first: dict[bytes, int] = {}
    for i, t in enumerate(norms):
        key = hashlib.blake2b(t.encode("utf-8"), digest_size=12).digest()
        j = first.setdefault(key, i)
        if j != i:
            uf.union(j, i)
            how[i] = "exact"
    candidates = confirmed = 0
    if near and n > 1:
        from rapidfuzz.distance import Indel

        # only the first row of each exact group takes part: its copies follow it
        uniq = np.array(sorted(first.values()), dtype=np.int64)
        hasher = MinHasher(num_perm, ngrams)
        sig = np.empty((len(uniq), num_perm), dtype=np.uint32)
        for s in range(0, len(uniq), batch_size):
            chunk = uniq[s : s + batch_size]
            sig[s : s + len(chunk)] = hasher.signatures([norms[i] for i in chunk])
            if progress:
                progress(len(chunk))
        nb, rows = _bands(num_perm, bands)
        heads, members = _band_candidates(sig, nb, rows)
        pairs = np.unique(np.stack([uniq[heads], uniq[members]], axis=1), axis=0) if len(heads) else heads
        for head, m in pairs.tolist() if len(pairs) else []:
            if not norms[head] or uf.find(head) == uf.find(m):
                continue
            candidates += 1
            if Indel.normalized_similarity(norms[head], norms[m]) >= threshold:
                confirmed += 1
                uf.union(head, m)
    rep = np.array([uf.find(i) for i in range(n)], dtype=np.int64)
    for i in range(n):
        if rep[i] != i and not how[i]:
            how[i] = "near"
    return DedupResult(rep, how, candidates, confirmed)


@dataclass
class Dedup:
    """The dedup stage over records: one record kept per cluster, the others merged into the ledger, the clusters
    written to ``clusters`` (``{"cluster", "representative", "members": [{"uid", "how", "text"}]}``)."""

    threshold: float = 0.8
    num_perm: int = 96
    bands: int | None = None
    ngrams: tuple[int, ...] = (2, 3)
    near: bool = True
    key: str = "text"  # "text" or "text+response"
    semantic: str | None = (
        None  # a sentence-transformers model: also merge paraphrases (see semantic_duplicates)
    )
    semantic_threshold: float = 0.92
    embedder: Embedder | None = None  # instead of ``semantic``: any texts -> vectors function
    clusters: IO[str] | None = None
    name: str = "dedup"
    stats: dict = field(default_factory=dict)

    def text_of(self, rec: Record) -> str:
        return rec.text if self.key == "text" else f"{rec.text}\n{rec.response or ''}"

    def __call__(self, records: Iterable[Record], ledger: Ledger) -> Iterator[Record]:
        with tempfile.TemporaryFile("w+", encoding="utf-8") as spill:
            texts: list[str] = []
            for rec in records:
                texts.append(self.text_of(rec))
                spill.write(json.dumps(rec.to_dict(), ensure_ascii=False) + "\n")
            res = dedup_texts(
                texts,
                threshold=self.threshold,
                num_perm=self.num_perm,
                bands=self.bands,
                ngrams=self.ngrams,
                near=self.near,
                semantic=self.semantic,
                embedder=self.embedder,
                semantic_threshold=self.semantic_threshold,
            )
            self.stats.update(
                {
                    "rows": len(texts),
                    "kept": res.kept,
                    "exact": res.how.count("exact"),
                    "near": res.how.count("near"),
                    "semantic": res.how.count("semantic"),
                    "candidates": res.candidates,
                    "confirmed": res.confirmed,
                }
            )
            spill.seek(0)
            uids: list[str] = []
            for i, line in enumerate(spill):
                rec = Record.from_dict(json.loads(line))
                uids.append(rec.uid)
                if res.rep[i] == i:
                    rec.meta["cluster"] = rec.uid
                    yield rec
                else:
                    ledger.merge(self.name)
            if self.clusters is not None:
                write_clusters(self.clusters, res, texts, uids)


def dedup_texts(
    texts: list[str],
    *,
    threshold: float = 0.8,
    num_perm: int = 96,
    bands: int | None = None,
    ngrams: tuple[int, ...] = (2, 3),
    near: bool = True,
    semantic: str | None = None,
    embedder: Embedder | None = None,
    semantic_threshold: float = 0.92,
) -> DedupResult:
    """Exact and near duplicates (:func:`find_duplicates`), then, given a sentence-transformers model
    (``semantic``) or any ``embedder``, paraphrases among the rows kept (:func:`add_semantic`)."""
    res = find_duplicates(texts, threshold, num_perm, bands, ngrams, near)
    if semantic or embedder:
        res = add_semantic(res, texts, embedder or sentence_embedder(semantic), semantic_threshold)
    return res


def write_kept_rows(rows: Sequence[Row], *, out: Path, merged: Collection[int], suffix: str) -> None:
    """Write the rows not ``merged`` (indexes into ``rows``) to ``out`` in input order, every field unchanged, in
    the input file's format: ``suffix`` ``.csv`` or ``.tsv`` as such, with the first row's columns; any other
    as JSONL."""
    out.parent.mkdir(parents=True, exist_ok=True)
    suffix = suffix.lower()
    if not rows:  # a CSV with a header only, an empty file: nothing to keep
        out.write_text("", encoding="utf-8")
    elif suffix in (".csv", ".tsv"):
        with out.open("w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(
                fh, fieldnames=list(rows[0].record), delimiter="\t" if suffix == ".tsv" else ","
            )
            w.writeheader()
            w.writerows(r.record for i, r in enumerate(rows) if i not in merged)
    else:
        with out.open("w", encoding="utf-8") as fh:
            for i, r in enumerate(rows):
                if i not in merged:
                    fh.write(json.dumps(r.record, ensure_ascii=False) + "\n")


def add_semantic(res: DedupResult, texts: list[str], embed: Embedder, threshold: float = 0.92) -> DedupResult:
    """``res`` with paraphrases merged too: semantic clusters among the rows ``res`` kept, their members and the
    rows already merged into them joined under the earliest row."""
    kept = np.flatnonzero(res.rep == np.arange(len(res.rep)))
    sem = semantic_duplicates([texts[i] for i in kept], embed, threshold)
    new_rep = kept[sem.rep]  # each kept row's semantic representative, as a row number
    root = np.arange(len(res.rep))
    root[kept] = new_rep
    rep = root[res.rep]  # rows merged before follow their representative
    how = list(res.how)
    for i in kept[new_rep != kept].tolist():
        how[i] = "semantic"
    return DedupResult(rep, how, res.candidates + sem.candidates, res.confirmed + sem.confirmed)


def write_clusters(out: IO[str], res: DedupResult, texts: list, names: list) -> None:
    """One JSON line per cluster: ``{"cluster", "representative", "size", "members": [{"uid", "how", "text"}]}``,
    rows named by ``names`` (record uids, or row numbers for plain files)."""
    for r, ms in res.clusters().items():
        members = [{"uid": names[m], "how": res.how[m], "text": texts[m]} for m in ms]
        line = {"cluster": names[r], "representative": texts[r], "size": len(ms) + 1, "members": members}
        out.write(json.dumps(line, ensure_ascii=False) + "\n")


# -- semantic duplicates ------------------------------------------------------------------------------------------


def sentence_embedder(model: str, batch_size: int = 64) -> Embedder:
    """A sentence-transformers model (a local path or a Hugging Face name) as an embedder."""
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        raise ImportError(
            "semantic dedup needs sentence-transformers: pip install sentence-transformers"
        ) from exc
    st = SentenceTransformer(model, device="cpu")

    def embed(texts: list[str]) -> np.ndarray:
        return st.encode(texts, batch_size=batch_size, normalize_embeddings=True, show_progress_bar=False)

    return embed


def semantic_duplicates(
    texts: list[str],
    embed: Embedder,
    threshold: float = 0.92,
    tables: int = 16,
    bits: int = 12,
    window: int = 8,
    batch_size: int = 1024,
    seed: int = 1,
) -> DedupResult:
    """Clusters of texts whose embeddings' cosine similarity reaches ``threshold``, without an all-pairs matrix.

    Random-hyperplane LSH: in each of ``tables`` tables a text's key is the signs of ``bits`` projections; rows
    are sorted by key and then by one more projection, and each row is compared with the next ``window`` rows of
    its bucket. So at most ``rows x tables x window`` cosines are computed, each pair confirmed at ``threshold``
    and joined by union-find; the earliest row represents its cluster.
    """
    n = len(texts)
    if n == 0:
        return DedupResult(np.arange(0), [])
    emb = np.concatenate(
        [np.asarray(embed(texts[s : s + batch_size]), dtype=np.float32) for s in range(0, n, batch_size)]
    )
    emb /= np.maximum(np.linalg.norm(emb, axis=1, keepdims=True), 1e-12)
    rng = np.random.default_rng(seed)
    weights = (1 << np.arange(bits, dtype=np.uint64)).astype(np.uint64)
    uf = _UnionFind(n)
    candidates = confirmed = 0
    for _ in range(tables):
        planes = rng.standard_normal((emb.shape[1], bits + 1)).astype(np.float32)
        proj = emb @ planes
        key = ((proj[:, :bits] > 0).astype(np.uint64) * weights).sum(axis=1)
        order = np.lexsort((proj[:, bits], key))
        sk = key[order]
        for step in range(1, window + 1):
            a, b = order[:-step], order[step:]
            same = sk[:-step] == sk[step:]
            a, b = a[same], b[same]
            if not len(a):
                break
            sims = np.einsum("ij,ij->i", emb[a], emb[b])
            candidates += len(a)
            close = sims >= threshold
            for i, j in zip(a[close].tolist(), b[close].tolist(), strict=True):
                if uf.find(i) != uf.find(j):
                    confirmed += 1
                    uf.union(i, j)
    rep = np.array([uf.find(i) for i in range(n)], dtype=np.int64)
    how = ["semantic" if rep[i] != i else "" for i in range(n)]
    return DedupResult(rep, how, candidates, confirmed)
