"""Word and character n-gram TF-IDF features in pure Python/numpy, for the emotion coder's lexical model.

Lexical cues ("thanks", "lol", "wtf", "?") carry much of GoEmotions, and the sentence embedding blurs
them. Training (scripts/train_emotion.py) and inference use this one implementation, so the features
cannot drift apart.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import chain, pairwise

import numpy as np

_WORD = re.compile(r"\w+|[!?]")
CHAR_NGRAMS = (2, 5)
# Bound on the per-block word -> n-gram columns cache (a long-running worker sees an open vocabulary).
_WORD_CACHE_SIZE = 200_000


def word_ngrams(text: str) -> list[str]:
    """Lower-cased word unigrams and bigrams; "!" and "?" count as words."""
    words = _WORD.findall(text.lower())
    return words + [f"{a} {b}" for a, b in pairwise(words)]


def char_ngrams(text: str, sizes: tuple[int, int] = CHAR_NGRAMS) -> list[str]:
    """Character n-grams inside word boundaries, each word padded with one space on either side."""
    grams: list[str] = []
    for word in text.lower().split():
        grams += _padded_ngrams(word, sizes)
    return grams


def _padded_ngrams(word: str, sizes: tuple[int, int] = CHAR_NGRAMS) -> list[str]:
    padded = f" {word} "
    grams: list[str] = []
    for n in range(sizes[0], min(sizes[1], len(padded)) + 1):
        grams.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
    return grams


@dataclass(frozen=True)
class TfidfBlock:
    """One TF-IDF feature block: a vocabulary, its idf weights and the function that finds the terms."""

    kind: str  # "word" or "char"
    vocabulary: dict[str, int]
    idf: np.ndarray
    # Lower-cased word -> columns of its known character n-grams; words repeat a lot across texts.
    _word_columns: dict[str, list[int]] = field(default_factory=dict, repr=False, compare=False)

    def terms(self, text: str) -> list[str]:
        return word_ngrams(text) if self.kind == "word" else char_ngrams(text)

    def columns(self, text: str) -> list[int]:
        """Column of every known term occurrence in `text` (repeats kept)."""
        if self.kind == "word":
            get = self.vocabulary.get
            return [c for c in map(get, word_ngrams(text)) if c is not None]
        out: list[int] = []
        for word in text.lower().split():
            known = self._word_columns.get(word)
            if known is None:
                known = self._char_columns(word)
            out += known
        return out

    def _char_columns(self, word: str) -> list[int]:
        if len(self._word_columns) >= _WORD_CACHE_SIZE:
            self._word_columns.clear()
        get = self.vocabulary.get
        known = [c for c in map(get, _padded_ngrams(word)) if c is not None]
        self._word_columns[word] = known
        return known

    def vectorize(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Column indices and L2-normalised sublinear tf-idf values of the known terms in `text`."""
        _, columns, values = self.batch([text])
        return columns, values

    def batch(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Rows, columns and values of the texts' L2-normalised sublinear tf-idf entries, row-major."""
        found = [self.columns(text) for text in texts]
        lengths = np.fromiter(map(len, found), dtype=np.int64, count=len(found))
        rows = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
        flat = np.fromiter(chain.from_iterable(found), dtype=np.int64, count=int(lengths.sum()))
        keys, counts = np.unique(rows * len(self.vocabulary) + flat, return_counts=True)
        rows, columns = np.divmod(keys, max(len(self.vocabulary), 1))
        values = (1.0 + np.log(counts.astype(np.float64))) * self.idf[columns]
        starts = _row_starts(rows)
        norms = np.sqrt(np.add.reduceat(values * values, starts)) if starts.size else values[:0]
        values = values / np.repeat(norms, np.diff(np.append(starts, rows.size)))
        return rows, columns, values.astype(np.float32)


def fit_block(kind: str, texts: Iterable[str], min_df: int) -> TfidfBlock:
    """Vocabulary (terms in at least `min_df` texts, sorted) and smoothed idf, as scikit-learn computes it."""
    probe = TfidfBlock(kind, {}, np.zeros(0))
    document_frequency: Counter[str] = Counter()
    n_texts = 0
    for text in texts:
        document_frequency.update(set(probe.terms(text)))
        n_texts += 1
    terms = sorted(t for t, df in document_frequency.items() if df >= min_df)
    df_array = np.array([document_frequency[t] for t in terms], dtype=np.float64)
    idf = np.log((1.0 + n_texts) / (1.0 + df_array)) + 1.0
    return TfidfBlock(kind, {t: i for i, t in enumerate(terms)}, idf)


class LexicalFeatures:
    """Concatenated word and character TF-IDF blocks, each L2-normalised on its own."""

    def __init__(self, blocks: Sequence[TfidfBlock]) -> None:
        self.blocks = list(blocks)
        self.offsets = np.cumsum([0] + [len(b.vocabulary) for b in self.blocks])

    @property
    def size(self) -> int:
        return int(self.offsets[-1])

    def vectorize(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Column indices and values of `text` in the concatenated feature space."""
        _, columns, values = self.batch([text])
        return columns, values

    def batch(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Rows, columns and values of the texts' entries in the concatenated space, block by block."""
        parts = [block.batch(texts) for block in self.blocks]
        return (
            np.concatenate([rows for rows, _, _ in parts]),
            np.concatenate([c + off for (_, c, _), off in zip(parts, self.offsets, strict=False)]),
            np.concatenate([v for _, _, v in parts]),
        )

    def linear(self, texts: Sequence[str], weights: np.ndarray) -> np.ndarray:
        """texts x features @ weights without building the sparse matrix: (n, weights.shape[1])."""
        out = np.zeros((len(texts), weights.shape[1]), dtype=np.float32)
        rows, columns, values = self.batch(texts)
        if rows.size == 0:
            return out
        # Each block is row-major on its own; a stable sort by row groups a text's entries together.
        order = np.argsort(rows, kind="stable")
        rows, columns, values = rows[order], columns[order], values[order]
        products = values[:, None] * np.asarray(weights[columns], dtype=np.float32)
        starts = _row_starts(rows)
        out[rows[starts]] = np.add.reduceat(products, starts, axis=0)
        return out


def _row_starts(rows: np.ndarray) -> np.ndarray:
    """Indices where a new row begins in a sorted row array."""
    if rows.size == 0:
        return np.zeros(0, dtype=np.int64)
    return np.flatnonzero(np.concatenate([[True], rows[1:] != rows[:-1]]))
