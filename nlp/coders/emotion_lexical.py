"""Word and character n-gram TF-IDF features in pure Python/numpy, for the emotion coder's lexical model.

Lexical cues ("thanks", "lol", "wtf", "?") carry much of GoEmotions, and the sentence embedding blurs
them. Training (scripts/train_emotion.py) and inference use this one implementation, so the features
cannot drift apart.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

_WORD = re.compile(r"\w+|[!?]")
CHAR_NGRAMS = (2, 5)


def word_ngrams(text: str) -> list[str]:
    """Lower-cased word unigrams and bigrams; "!" and "?" count as words."""
    words = _WORD.findall(text.lower())
    return words + [f"{a} {b}" for a, b in pairwise(words)]


def char_ngrams(text: str, sizes: tuple[int, int] = CHAR_NGRAMS) -> list[str]:
    """Character n-grams inside word boundaries, each word padded with one space on either side."""
    grams: list[str] = []
    for word in text.lower().split():
        padded = f" {word} "
        for n in range(sizes[0], min(sizes[1], len(padded)) + 1):
            grams.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
    return grams


@dataclass(frozen=True)
class TfidfBlock:
    """One TF-IDF feature block: a vocabulary, its idf weights and the function that finds the terms."""

    kind: str  # "word" or "char"
    vocabulary: dict[str, int]
    idf: np.ndarray

    def terms(self, text: str) -> list[str]:
        return word_ngrams(text) if self.kind == "word" else char_ngrams(text)

    def vectorize(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Column indices and L2-normalised sublinear tf-idf values of the known terms in `text`."""
        counts = Counter(t for t in self.terms(text) if t in self.vocabulary)
        if not counts:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        columns = np.fromiter((self.vocabulary[t] for t in counts), dtype=np.int64, count=len(counts))
        values = (1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64))) * self.idf[columns]
        return columns, (values / np.linalg.norm(values)).astype(np.float32)


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
        parts = [block.vectorize(text) for block in self.blocks]
        columns = np.concatenate([c + off for (c, _), off in zip(parts, self.offsets, strict=False)])
        return columns, np.concatenate([v for _, v in parts])

    def linear(self, texts: Sequence[str], weights: np.ndarray) -> np.ndarray:
        """texts x features @ weights without building the sparse matrix: (n, weights.shape[1])."""
        out = np.zeros((len(texts), weights.shape[1]), dtype=np.float32)
        for row, text in enumerate(texts):
            columns, values = self.vectorize(text)
            if columns.size:
                out[row] = values @ weights[columns].astype(np.float32)
        return out
