"""Experimental pain heads for scripts/cv_pain.py --variants (tune data only; nothing here ships).

Each variant changes one thing against the shipped recipe (train_pain.CONFIG, a logistic head over the
embedding and the scaled rule features, threshold at the best macro-F1):
- head "mlp": one hidden layer (ReLU, AdamW weight decay, early stopping on an inner 10% split), torch;
- extra "emotion" / "negmass": the emotion coder's 28 probabilities, or their mass on the labels that
  train_pain.py calls pain, appended (times RULE_SCALE) to the head's input;
- extra "ctx_cat" / "ctx_avg": the previous sentence of the same answer (interviews: same source and
  question; meetings: same source) concatenated to the embedding, or averaged into it; texts without one
  use their own embedding ("ctx_zero": zeros, so only real speech teaches the context weights);
- threshold "rate": the threshold at which the head flags as many chooser texts as are truly pain;
- pool "clause", "slide8" ... (scripts/pain_windows.py): the head also scores windows of the sentence pooled
  from the same encoder pass; the score is (1 - blend) * sentence + blend * max over windows; mil: the head
  is refitted on each pain text's best window (multiple-instance).
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from pain_windows import WindowStore, fit_windowed
from train_pain import PAIN_LABELS, RULE_SCALE, fit_head

from nlp.coders.emotion.coder import load_emotion_coder
from nlp.coders.pain.model import PainModel
from nlp.coders.pain.rules import PainRules, RuleFindings, load_pain_lexicon
from nlp.coders.scoring import best_threshold, read_jsonl
from nlp.encoder import WEIGHTS_SHA256, get_encoder

Probabilities = Callable[[np.ndarray], np.ndarray]


@dataclass(frozen=True)
class Variant:
    """One experimental change against the shipped head (see the module docstring)."""

    head: str = "logistic"
    extra: str = ""
    threshold: str = "macro"
    hidden: int = 64
    weight_decay: float = 1e-2
    activation: str = "relu"
    pool: str = ""
    blend: float = 1.0
    mil: bool = False


class SharedPass:
    """One encoder pass per text (embedding + emotion probabilities), cached under --cache."""

    def __init__(self, texts: Sequence[str], cache: Path) -> None:
        unique = sorted(set(texts))
        key = hashlib.sha256(("\n".join(unique) + WEIGHTS_SHA256).encode()).hexdigest()[:16]
        path = cache / f"shared-pass-{key}.npz"
        if not path.exists():
            batch = get_encoder().encode_features(unique)
            emotion = load_emotion_coder().probabilities(unique, batch)
            cache.mkdir(parents=True, exist_ok=True)
            np.savez(path, embeddings=batch.embeddings, emotion=emotion)
        arrays = np.load(path, allow_pickle=False)
        self.index = {t: i for i, t in enumerate(unique)}
        self.embeddings, self.emotion = arrays["embeddings"], arrays["emotion"]
        self.pain_columns = [i for i, n in enumerate(load_emotion_coder().labels) if n in PAIN_LABELS]

    def rows(self, texts: Sequence[str]) -> np.ndarray:
        return np.array([self.index[t] for t in texts], dtype=np.int64)


class VariantFeatures:
    """train_pain.Featuriser's [embedding, scaled rule features] plus the variant's extra block."""

    def __init__(
        self, shared: SharedPass, extra: str, previous: dict[str, str], windows: WindowStore | None = None
    ) -> None:
        self.rules = PainRules(load_pain_lexicon())
        self.memo: dict[str, RuleFindings] = {}
        self.shared, self.extra, self.previous, self.windows = shared, extra, previous, windows

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        rows = self.shared.rows(texts)
        rules = np.stack([f.features for f in self._findings(texts)])
        embedding = self.shared.embeddings[rows]
        before = self.shared.embeddings[self.shared.rows([self.previous.get(t, t) for t in texts])]
        blocks = [embedding, RULE_SCALE * rules]
        if self.extra == "emotion":
            blocks.append(RULE_SCALE * self.shared.emotion[rows])
        elif self.extra == "negmass":
            negative = self.shared.emotion[rows][:, self.shared.pain_columns]
            blocks.append(RULE_SCALE * negative.sum(1, keepdims=True))
        elif self.extra == "ctx_cat":
            blocks.append(before)
        elif self.extra == "ctx_zero":
            blocks.append(before * np.array([[t in self.previous] for t in texts]))
        elif self.extra == "ctx_avg":
            mean = embedding + before
            blocks[0] = mean / np.linalg.norm(mean, axis=1, keepdims=True)
        if self.windows is not None:  # last column: where the text's windows are (see fit_windowed)
            blocks.append(self.windows.rows(texts)[:, None].astype(np.float64))
        return np.hstack(blocks).astype(np.float32)

    def _findings(self, texts: Sequence[str]) -> list[RuleFindings]:
        new = [t for t in dict.fromkeys(texts) if t not in self.memo]
        if new:
            self.memo.update(zip(new, self.rules.analyse(new), strict=True))
        return [self.memo[t] for t in texts]


def previous_sentences(spoken: Path, interview: Path) -> dict[str, str]:
    """Tune text -> the sentence before it in the same answer (first occurrence wins)."""
    previous: dict[str, str] = {}
    for path in (spoken, interview):
        rows = [r for r in read_jsonl(path) if r["split"] == "tune"]
        for before, row in itertools.pairwise(rows):
            same = before["source"] == row["source"] and before.get("question") == row.get("question")
            if same:
                previous.setdefault(str(row["text"]), str(before["text"]))
    return previous


def fit_variant(
    parts: Sequence[tuple[np.ndarray, np.ndarray, float]],
    c: float,
    v: Variant,
    windows: WindowStore | None = None,
) -> Probabilities:
    """The variant's head, fitted on weighted parts, as a function from features to pain probability."""
    if v.pool:
        if windows is None:
            raise ValueError("a pooled variant needs the window store")
        return fit_windowed(parts, c, windows, v.pool, v.blend, v.mil)
    if v.head == "logistic":
        model = fit_head(parts, c)
        return lambda x: np.asarray(model.predict_proba(x)[:, 1])
    return _fit_mlp(parts, v)


def _fit_mlp(parts: Sequence[tuple[np.ndarray, np.ndarray, float]], v: Variant) -> Probabilities:
    import torch

    torch.manual_seed(0)
    torch.set_num_threads(1)
    used = [p for p in parts if p[2] > 0 and len(p[1])]
    x = torch.tensor(np.vstack([p[0] for p in used]), dtype=torch.float32)
    y = torch.tensor(np.concatenate([p[1] for p in used]), dtype=torch.float32)
    w = torch.tensor(np.concatenate([np.full(len(p[1]), p[2]) for p in used]), dtype=torch.float32)
    w = w / w.mean()
    inner = torch.rand(len(y), generator=torch.Generator().manual_seed(0)) < 0.1
    act = torch.nn.ReLU() if v.activation == "relu" else torch.nn.Tanh()
    net = torch.nn.Sequential(torch.nn.Linear(x.shape[1], v.hidden), act, torch.nn.Linear(v.hidden, 1))
    optimiser = torch.optim.AdamW(net.parameters(), lr=1e-3, weight_decay=v.weight_decay)
    loss = torch.nn.BCEWithLogitsLoss(reduction="none")
    train = torch.nonzero(~inner).squeeze(1)
    best, best_state, patience = float("inf"), None, 0
    for _ in range(200):
        for batch in train[torch.randperm(len(train))].split(256):
            optimiser.zero_grad()
            (loss(net(x[batch]).squeeze(1), y[batch]) * w[batch]).mean().backward()
            optimiser.step()
        with torch.no_grad():
            held = float((loss(net(x[inner]).squeeze(1), y[inner]) * w[inner]).mean())
        if held < best - 1e-4:
            best, patience = held, 0
            best_state = [p.detach().clone() for p in net.parameters()]
        else:
            patience += 1
            if patience >= 8:
                break
    w1, b1, w2, b2 = (p.numpy() for p in best_state or [p.detach() for p in net.parameters()])
    relu = v.activation == "relu"

    def probabilities(features: np.ndarray) -> np.ndarray:  # numpy only, as inference would be
        h = features @ w1.T + b1
        h = np.maximum(h, 0.0) if relu else np.tanh(h)
        return np.asarray(1.0 / (1.0 + np.exp(-(h @ w2.T + b2)[:, 0])))

    return probabilities


def choose_threshold(probabilities: np.ndarray, truth: np.ndarray, v: Variant) -> float:
    """Best macro-F1 on the grid (shipped), or the quantile that flags the true pain rate."""
    if v.threshold == "rate":
        return float(np.clip(np.quantile(probabilities, 1.0 - truth.mean()), 0.05, 0.95))
    return best_threshold(truth, probabilities)


@dataclass(frozen=True)
class VariantHead:
    """A PainModel stand-in for PainPointCoder: the variant's probabilities over features fixed per batch."""

    base: PainModel
    score: Probabilities
    features: np.ndarray  # the variant's features of the batch the coder is about to decide

    @property
    def threshold(self) -> float:
        return self.base.threshold

    def probabilities(self, embeddings: np.ndarray, rule_features: np.ndarray) -> np.ndarray:
        if len(embeddings) != len(self.features):
            raise ValueError("features were fixed for another batch")
        return np.asarray(self.score(self.features), dtype=np.float32)

    def nearest_category(self, embeddings: np.ndarray) -> list[str]:
        return self.base.nearest_category(embeddings)

    def bound(self, features: np.ndarray) -> VariantHead:
        return replace(self, features=features)
