"""Sparse TF-IDF n-gram features, in plain numpy/scipy so that inference needs no scikit-learn.

One :class:`FeatureSpec` per block (character n-grams, word n-grams). Chinese words come from jieba, English
words from a regular expression that keeps punctuation and emoji as tokens ("!!", "😭" carry emotion). Each block
is sublinear-TF x IDF, L2-normalised on its own, then blocks are stacked side by side.

>>> spec = FeatureSpec(kind="char", min_n=1, max_n=2)
>>> spec.ngrams("好累")
['好', '累', '好累']
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache

import numpy as np
from scipy import sparse

_WS = re.compile(r"\s+")
_EN_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?|[^\sa-z0-9]")


def preprocess(text: str) -> str:
    return _WS.sub(" ", text.lower()).strip()


def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


@lru_cache(maxsize=8192)
def segment(text: str) -> tuple[tuple[str, int, int], ...]:
    """jieba's words of ``text`` with character offsets. Cached, because the featurizer and the lexicon both cut
    the same text. (jieba's HMM for unknown words stays on: without it SMP2020 usual dev macro-F1 drops from
    0.712 to 0.697.)"""
    return tuple((w, s, e) for w, s, e in _jieba().tokenize(text) if w.strip())


def _jieba_lcut(text: str) -> list[str]:
    return [w for w, _, _ in segment(text)]


@dataclass(frozen=True)
class FeatureSpec:
    kind: str  # "char" | "word"
    min_n: int = 1
    max_n: int = 1
    language: str = "zh"  # how words are cut: jieba for zh, a regex for en

    def words(self, text: str) -> list[str]:
        if self.language == "zh":
            return _jieba_lcut(text)
        return _EN_WORD.findall(text)

    def ngrams(self, text: str) -> list[str]:
        """N-grams of an already :func:`preprocess`-ed text."""
        if self.kind == "char":
            n_chars = len(text)
            return [
                text[i : i + n] for n in range(self.min_n, self.max_n + 1) for i in range(n_chars - n + 1)
            ]
        toks = self.words(text)
        if self.min_n == 1 and self.max_n == 1:
            return toks
        return [
            " ".join(toks[i : i + n])
            for n in range(self.min_n, self.max_n + 1)
            for i in range(len(toks) - n + 1)
        ]

    def to_dict(self) -> dict:
        return asdict(self)


class FeatureBlock:
    """A fitted block: vocabulary and IDF weights."""

    def __init__(self, spec: FeatureSpec, vocab: Sequence[str], idf: np.ndarray) -> None:
        self.spec = spec
        self.terms = list(vocab)
        self.index = {t: i for i, t in enumerate(self.terms)}
        self.idf = np.asarray(idf, dtype=np.float32)

    @classmethod
    def fit(
        cls, spec: FeatureSpec, texts: Iterable[str], min_df: int = 2, max_features: int | None = None
    ) -> FeatureBlock:
        df: dict[str, int] = {}
        n_docs = 0
        for text in texts:
            n_docs += 1
            for g in set(spec.ngrams(text)):
                df[g] = df.get(g, 0) + 1
        kept = [(g, c) for g, c in df.items() if c >= min_df]
        # most frequent first, ties broken by the term itself, so that a rebuild gives the same file
        kept.sort(key=lambda gc: (-gc[1], gc[0]))
        if max_features:
            kept = kept[:max_features]
        terms = [g for g, _ in kept]
        counts = np.array([c for _, c in kept], dtype=np.float64)
        idf = np.log((1.0 + n_docs) / (1.0 + counts)) + 1.0
        return cls(spec, terms, idf)

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        data, indices, indptr = self.rows(texts)
        return sparse.csr_matrix((data, indices, indptr), shape=(len(texts), len(self.terms)))

    def rows(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The L2-normalised TF-IDF rows of ``texts`` as CSR arrays (data, indices, indptr): a row's columns in
        the order their n-grams first occur in the text."""
        index = self.index
        indptr = [0]
        indices: list[int] = []
        data: list[int] = []
        for text in texts:
            # Counter keeps first-occurrence order, and distinct n-grams have distinct columns: the columns come
            # in the order the n-grams first occur, as the matrix product's sums need them to be the same
            for gram, count in Counter(self.spec.ngrams(text)).items():
                j = index.get(gram)
                if j is not None:
                    indices.append(j)
                    data.append(count)
            indptr.append(len(indices))
        idx = np.asarray(indices, dtype=np.int32)
        tf = np.asarray(data, dtype=np.float32)
        vals = (1.0 + np.log(tf)) * self.idf[idx] if len(idx) else tf
        bounds = np.asarray(indptr, dtype=np.int64)
        return _l2_normalise(vals, bounds), idx, bounds


def _l2_normalise(data: np.ndarray, indptr: np.ndarray) -> np.ndarray:
    """The CSR rows' values scaled to unit length (arithmetic on the data array: scipy's diagonal product costs
    a hundred times more on the one-row matrices the service sends)."""
    n_rows = len(indptr) - 1
    rows = np.repeat(np.arange(n_rows), np.diff(indptr))
    sq = np.bincount(rows, weights=np.square(data, dtype=np.float32), minlength=n_rows)
    norms = np.sqrt(sq).astype(np.float32)
    norms[norms == 0] = 1.0
    return (data / norms[rows]).astype(np.float32, copy=False)


def _hstack(
    blocks: Sequence[tuple[np.ndarray, np.ndarray, np.ndarray]], widths: Sequence[int]
) -> sparse.csr_matrix:
    """Blocks' CSR arrays side by side as one matrix, rows kept in order (what ``sparse.hstack`` does, without
    its per-call overhead, nor a matrix built for each block)."""
    n_rows = len(blocks[0][2]) - 1
    starts = np.cumsum([0, *widths]).tolist()
    data = np.concatenate([d for d, _, _ in blocks]).astype(np.float32, copy=False)
    cols = np.concatenate([indices + start for (_, indices, _), start in zip(blocks, starts, strict=False)])
    if n_rows == 1:  # one text (a chat turn): its blocks' values one after the other
        indptr = np.array([0, len(data)], dtype=np.int64)
    else:
        rows = np.concatenate([np.repeat(np.arange(n_rows), np.diff(bounds)) for _, _, bounds in blocks])
        order = np.argsort(rows, kind="stable")
        data, cols = data[order], cols[order]
        indptr = np.zeros(n_rows + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows, minlength=n_rows), out=indptr[1:])
    return sparse.csr_matrix((data, cols, indptr), shape=(n_rows, starts[-1]))


class Featurizer:
    """Several blocks stacked side by side."""

    def __init__(self, blocks: Sequence[FeatureBlock]) -> None:
        self.blocks = list(blocks)
        self.offsets = np.cumsum([0] + [len(b.terms) for b in self.blocks])

    @property
    def n_features(self) -> int:
        return int(self.offsets[-1])

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        clean = [preprocess(t) for t in texts]
        return _hstack([b.rows(clean) for b in self.blocks], [len(b.terms) for b in self.blocks])

    def word_columns(self, columns: np.ndarray) -> np.ndarray:
        """Which of ``columns`` are word n-grams (a boolean mask; the rest are character n-grams)."""
        words = [k for k, b in enumerate(self.blocks) if b.spec.kind == "word"]
        return np.isin(np.searchsorted(self.offsets, columns, side="right") - 1, words)

    def terms(self, columns: np.ndarray) -> list[str]:
        """The n-gram of each feature column (one search for all of them)."""
        ks = (np.searchsorted(self.offsets, columns, side="right") - 1).tolist()
        offsets = self.offsets.tolist()
        return [self.blocks[k].terms[j - offsets[k]] for j, k in zip(columns.tolist(), ks, strict=True)]
