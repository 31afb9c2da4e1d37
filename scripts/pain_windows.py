"""Clause and sliding-window pooling of the encoder's last layer, for scripts/cv_pain.py --variants.

The pain head reads the mean of all token states of a sentence; a complaint that is one clause of a long,
calm sentence is diluted. Here the SAME forward pass's last-layer token states are also mean-pooled over
windows of the sentence and L2-normalised as the sentence embedding is, so the head can score each window:
- "clause": spans split after punctuation and before conjunctions ("but", "and", "because" ...); spans of
  fewer than MIN_CLAUSE word pieces are merged into their neighbour;
- "slide8" / "slide12": windows of 8 (12) word pieces, stride half the width;
- suffix "+cls": the window's mean also takes the [CLS] and [SEP] states (as the sentence mean does).
A text shorter than one window has one window: all its word pieces. Nothing here ships.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from train_pain import fit_head

from nlp.encoder import BATCH_SIZE, EMBEDDING_DIM, MAX_SEQ_LENGTH, WEIGHTS_SHA256, get_encoder

Span = tuple[int, int]
Part = tuple[np.ndarray, np.ndarray, float]
KINDS = ("clause", "clause+cls", "slide8", "slide8+cls", "slide12", "slide12+cls")
PUNCTUATION = frozenset(',.;:!?()-\u2013\u2014\u2026"')
CONJUNCTIONS = frozenset(
    {"but", "and", "so", "because", "although", "though", "however", "while", "yet", "whereas", "except"}
)
MIN_CLAUSE = 3
CACHE_VERSION = "windows-1"


def clause_spans(tokens: Sequence[str]) -> list[Span]:
    """[start, end) word-piece spans of the clauses of one tokenised text ([CLS] ... [SEP], no padding)."""
    last = len(tokens) - 1  # the [SEP]
    spans: list[Span] = []
    start = 1
    for i in range(1, last):
        if tokens[i] in PUNCTUATION:
            spans.append((start, i + 1))
            start = i + 1
        elif tokens[i] in CONJUNCTIONS and i > start:
            spans.append((start, i))
            start = i
    spans.append((start, last))
    return _merge_short([s for s in spans if s[1] > s[0]], tokens) or [(1, max(last, 2))]


def _merge_short(spans: list[Span], tokens: Sequence[str]) -> list[Span]:
    merged: list[Span] = []
    for span in spans:
        if merged and (_words(span, tokens) < MIN_CLAUSE or _words(merged[-1], tokens) < MIN_CLAUSE):
            merged[-1] = (merged[-1][0], span[1])
        else:
            merged.append(span)
    return merged


def _words(span: Span, tokens: Sequence[str]) -> int:
    return sum(tokens[i] not in PUNCTUATION for i in range(*span))


def sliding_spans(n_tokens: int, width: int) -> list[Span]:
    """Windows of `width` word pieces, stride width // 2, over tokens 1 .. n_tokens - 2 (no specials)."""
    last = n_tokens - 1
    if last - 1 <= width:
        return [(1, max(last, 2))]
    starts = list(range(1, last - width + 1, width // 2))
    if starts[-1] + width < last:
        starts.append(last - width)
    return [(s, s + width) for s in starts]


def window_means(states: np.ndarray, spans: Sequence[Span], with_specials: bool) -> np.ndarray:
    """(len(spans), 384) L2-normalised means of one text's token states (n_tokens, 384) over the spans."""
    rows = []
    for start, end in spans:
        total, count = states[start:end].sum(0), end - start
        if with_specials:
            total, count = total + states[0] + states[-1], count + 2
        rows.append(total / count)
    means = np.stack(rows)
    return (means / np.maximum(np.linalg.norm(means, axis=1, keepdims=True), 1e-12)).astype(np.float32)


def text_windows(states: np.ndarray, tokens: Sequence[str]) -> dict[str, np.ndarray]:
    """Every KINDS entry's window embeddings of one text, from its unpadded last-layer states."""
    spans = {
        "clause": clause_spans(tokens),
        "slide8": sliding_spans(len(tokens), 8),
        "slide12": sliding_spans(len(tokens), 12),
    }
    out = {}
    for kind in KINDS:
        base, specials = kind.split("+")[0], kind.endswith("+cls")
        out[kind] = window_means(states, spans[base], specials)
    return out


class WindowStore:
    """Window embeddings of texts (from one encoder pass, cached under --cache), grouped per text row."""

    def __init__(self, texts: Sequence[str], cache: Path) -> None:
        unique = sorted(set(texts))
        key = hashlib.sha256(("\n".join(unique) + WEIGHTS_SHA256 + CACHE_VERSION).encode()).hexdigest()[:16]
        path = cache / f"windows-{key}.npz"
        if not path.exists():
            cache.mkdir(parents=True, exist_ok=True)
            np.savez(path, **_encode_windows(unique))
        arrays = np.load(path, allow_pickle=False)
        self.index = {t: i for i, t in enumerate(unique)}
        self.sentence = arrays["sentence"]
        self.vectors = {k: arrays[f"{k}/vectors"] for k in KINDS}
        self.starts = {k: arrays[f"{k}/starts"] for k in KINDS}

    def rows(self, texts: Sequence[str]) -> np.ndarray:
        return np.array([self.index[t] for t in texts], dtype=np.int64)

    def gather(self, kind: str, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The windows of the given text rows, stacked, and the position in `rows` each belongs to."""
        starts = self.starts[kind]
        pieces = [np.arange(starts[r], starts[r + 1]) for r in rows]
        owner = np.concatenate([np.full(len(p), i) for i, p in enumerate(pieces)])
        return self.vectors[kind][np.concatenate(pieces)], owner


def _encode_windows(texts: Sequence[str]) -> dict[str, np.ndarray]:
    import torch

    encoder = get_encoder()
    tokenizer, model = encoder._tokenizer, encoder._model  # the encoder's own pass, last layer only
    per_text: list[dict[str, np.ndarray]] = []
    sentence = np.zeros((len(texts), EMBEDDING_DIM), dtype=np.float32)
    for start in range(0, len(texts), BATCH_SIZE):
        batch_texts = list(texts[start : start + BATCH_SIZE])
        batch = tokenizer(
            batch_texts, padding=True, truncation=True, max_length=MAX_SEQ_LENGTH, return_tensors="pt"
        )
        with torch.inference_mode():
            states = model(**batch).last_hidden_state.numpy()
        for j, ids in enumerate(batch["input_ids"]):
            n = int(batch["attention_mask"][j].sum())
            tokens = tokenizer.convert_ids_to_tokens(ids[:n].tolist())
            mean = states[j, :n].mean(0)
            sentence[start + j] = mean / np.linalg.norm(mean)
            per_text.append(text_windows(states[j, :n], tokens))
    arrays: dict[str, np.ndarray] = {"sentence": sentence}
    for kind in KINDS:
        counts = [len(w[kind]) for w in per_text]
        arrays[f"{kind}/vectors"] = np.vstack([w[kind] for w in per_text])
        arrays[f"{kind}/starts"] = np.r_[0, np.cumsum(counts)].astype(np.int64)
    return arrays


def fit_windowed(
    parts: Sequence[Part], c: float, store: WindowStore, kind: str, blend: float, mil: bool
) -> Callable[[np.ndarray], np.ndarray]:
    """A logistic head whose score is (1 - blend) * sentence + blend * max over the text's windows.

    Features are [embedding, scaled rule features, row in `store`] (the last column only finds the windows;
    every window takes its sentence's rule features). mil: after a fit on sentences, refit twice with each
    pain text's best window as a pain row and every window of a calm text as a calm row (weighted so a text
    counts once), beside the sentences.
    """
    model = _sentence_head(parts, c)
    for _ in range(2 if mil else 0):
        model = _refit_on_windows(model, parts, c, store, kind)

    def probabilities(x: np.ndarray) -> np.ndarray:
        sentence = model.predict_proba(x[:, :-1])[:, 1]
        best = _window_max(model, x, store, kind)
        return np.asarray((1.0 - blend) * sentence + blend * best)

    return probabilities


_HEADS: dict[tuple[object, ...], LogisticRegression] = {}


def _sentence_head(parts: Sequence[Part], c: float) -> LogisticRegression:
    """fit_head on the sentences, memoised per fold (the window variants share the fold's sentence fit)."""
    key = (c, *((x.shape, float(x[:, -1].sum()), float(y.sum()), w) for x, y, w in parts))
    if key not in _HEADS:
        _HEADS[key] = fit_head([(x[:, :-1], y, w) for x, y, w in parts], c)
    return _HEADS[key]


def _window_rows(x: np.ndarray, store: WindowStore, kind: str) -> tuple[np.ndarray, np.ndarray]:
    windows, owner = store.gather(kind, x[:, -1].astype(np.int64))
    return np.hstack([windows, x[owner, EMBEDDING_DIM:-1]]), owner


def _window_max(model: LogisticRegression, x: np.ndarray, store: WindowStore, kind: str) -> np.ndarray:
    rows, owner = _window_rows(x, store, kind)
    first = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])  # every text has at least one window
    return np.maximum.reduceat(model.predict_proba(rows)[:, 1], first)


def _refit_on_windows(
    model: LogisticRegression, parts: Sequence[Part], c: float, store: WindowStore, kind: str
) -> LogisticRegression:
    xs, ys, ws = [], [], []
    for x, y, w in parts:
        if w <= 0 or not len(y):
            continue
        xs.append(x[:, :-1])
        ys.append(y)
        ws.append(np.full(len(y), w))
        rows, owner = _window_rows(x, store, kind)
        scores = model.predict_proba(rows)[:, 1]
        counts = np.bincount(owner, minlength=len(y))
        calm = y[owner] == 0
        xs.append(rows[calm])
        ys.append(np.zeros(int(calm.sum()), dtype=y.dtype))
        ws.append(w / counts[owner[calm]])
        best = [
            int(np.flatnonzero(owner == i)[np.argmax(scores[owner == i])]) for i in np.flatnonzero(y == 1)
        ]
        xs.append(rows[best])
        ys.append(np.ones(len(best), dtype=y.dtype))
        ws.append(np.full(len(best), w))
    return LogisticRegression(C=c, max_iter=5000).fit(
        np.vstack(xs), np.concatenate(ys), sample_weight=np.concatenate(ws)
    )
