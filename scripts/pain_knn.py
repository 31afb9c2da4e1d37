"""In-domain nearest-neighbour evidence for the pain head: leave-one-source-out CV on tune data only.

Usage:  .venv/bin/python scripts/pain_knn.py [--goemotions DIR] [--cache DIR] [--only TEXT] [--ks K ...]
        [--weights W ...] [--temperature T]

Same folds, head, threshold rule and coder decision path as scripts/cv_pain.py --variants (the shipped
recipe, train_pain.CONFIG; threshold at the best macro-F1 on the pain_dev tune half and the other tune
sources; PainPointCoder with the shipped constants decides the left-out sentences). New here:
- "knn": the pain vote of the k most cosine-similar labelled sentences of the OTHER tune sources
  (similarity-weighted: sum(sim * y) / sum(sim), negative similarities count 0; with --temperature T,
  weights exp((sim - 1) / T) instead), blended with the head's
  probability: (1 - w) * head + w * vote; the threshold is chosen on the blend as on the head alone.
  Label sets: "in-domain" = the fold's other tune meetings and interviews; "+goemotions" adds the weak
  GoEmotions rows (never of any left-out source).
- "knn nested": per fold, the (k, w) of the grid whose blend has the best macro-F1 on the fold's chooser
  texts at its own threshold (the outer left-out source is not read to choose it).
- "contrast": cos(x, pain centroid) - cos(x, calm centroid) of the fold's other tune sources, z-scored
  and times RULE_SCALE, as an extra input column of the head ("knn feature": the k=20 in-domain vote so).
Wherever a labelled tune row is scored (chooser rows for the threshold, meeting rows the head is fitted
on), its own source's rows are left out of the neighbours and centroids, as the left-out source's are, so
no row votes for itself. The default grid (KS x WEIGHTS, linear similarity weights) was fixed before any
run; other --ks, --weights or --temperature values are post-hoc looks. Held-out rows are never read.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from cv_pain import MemoRules, _line, _rest
from pain_variants import SharedPass, Variant, VariantHead, choose_threshold
from train_pain import (
    CONFIG,
    RULE_SCALE,
    Labelled,
    centroids,
    fit_head,
    own_examples,
    pain_dev_tune,
    tune_rows,
    weak_goemotions,
)

from nlp.coders.pain.coder import PainPointCoder
from nlp.coders.pain.model import PainModel
from nlp.coders.pain.paths import EXAMPLES_PATH
from nlp.coders.pain.rules import PainRules, load_pain_lexicon
from nlp.coders.paths import INTERVIEW_PATH, SPOKEN_PATH
from nlp.coders.scoring import macro_f1

# Measured (23 folds, tune only; shipped recipe 0.609 interviews / 0.692 meetings F1):
#   pain_knn.py                                   a-priori grid: no (k, w) gained 0.01 on both; best
#     in-domain k 50 w 0.25 0.612 / 0.712, +goemotions k 50 w 0.25 0.619 / 0.699; w >= 0.5 costs the
#     meetings; nested (k, w) choice 0.600 / 0.712; contrast feature 0.608 / 0.667; knn feature 0.597 / 0.660.
#   pain_knn.py --only knn --ks 50 100 200 --weights 0.25 0.5   post hoc (k beyond the grid, after seeing
#     the trend): in-domain k 100 w 0.25 0.620 / 0.712, +goemotions k 100 w 0.25 0.620 / 0.718; nested
#     over that grid 0.616 / 0.705. k 100 w 0.25 changes 13 of 1,650 decisions (10 right, 3 wrong).
KS = (5, 10, 20, 50)
WEIGHTS = (0.25, 0.5, 0.75, 1.0)
FEATURE_K = 20
GOEMOTIONS = "goemotions"
Keep = Callable[[str, str, np.ndarray], None]


@dataclass(frozen=True)
class Index:
    """Labelled L2-normalised embeddings and the source of each row."""

    vectors: np.ndarray
    y: np.ndarray
    sources: np.ndarray
    temperature: float = 0.0

    def votes(self, queries: np.ndarray, query_sources: Sequence[str], ks: Sequence[int]) -> np.ndarray:
        """(len(ks), n) similarity-weighted pain votes of each query's k nearest rows of other sources."""
        sims = queries @ self.vectors.T
        sims[np.asarray(query_sources)[:, None] == self.sources[None, :]] = -np.inf
        order = np.argsort(-sims, axis=1, kind="stable")[:, : max(ks)]
        nearest = np.take_along_axis(sims, order, axis=1)
        if self.temperature > 0:
            weight = np.exp((nearest - 1.0) / self.temperature)
        else:
            weight = np.clip(nearest, 0.0, None)
        labels = self.y[order]
        return np.stack(
            [(weight[:, :k] * labels[:, :k]).sum(1) / np.maximum(weight[:, :k].sum(1), 1e-9) for k in ks]
        )

    def contrast(self, queries: np.ndarray, query_sources: Sequence[str]) -> np.ndarray:
        """cos(query, pain centroid) - cos(query, calm centroid), each query's own source left out."""
        out = np.zeros(len(queries))
        owners = np.asarray(query_sources)
        for source in np.unique(owners):
            keep = self.sources != source
            pain = _unit(self.vectors[keep & (self.y == 1)].mean(0))
            calm = _unit(self.vectors[keep & (self.y == 0)].mean(0))
            rows = owners == source
            out[rows] = queries[rows] @ (pain - calm)
        return out


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.linalg.norm(v)


def _index(shared: SharedPass, parts: Sequence[Labelled], temperature: float = 0.0) -> Index:
    texts = [t for p in parts for t in p.texts]
    return Index(
        shared.embeddings[shared.rows(texts)],
        np.concatenate([p.y for p in parts]),
        np.array([s for p in parts for s in p.sources]),
        temperature,
    )


@dataclass
class Fold:
    """What one left-out source needs: the texts scored and the rows the head is fitted on."""

    source: str
    chooser: Labelled
    left_out: Labelled
    fit_parts: list[tuple[Labelled, float]]


class KnnCV:
    """Leave-one-source-out CV of the knn blends and the extra-column heads (see the module docstring)."""

    def __init__(
        self,
        goemotions: Path,
        cache: Path,
        ks: Sequence[int] = KS,
        weights: Sequence[float] = WEIGHTS,
        temperature: float = 0.0,
    ) -> None:
        self.ks, self.weights, self.temperature = tuple(ks), tuple(weights), temperature
        ge_texts, ge_y = weak_goemotions(goemotions)
        own_texts, own_y, groups = own_examples(EXAMPLES_PATH)
        self.goemotions = Labelled(ge_texts, ge_y, [GOEMOTIONS] * len(ge_y))
        self.own = Labelled(own_texts, own_y, ["own"] * len(own_y))
        self.spoken, self.interview = tune_rows(SPOKEN_PATH), tune_rows(INTERVIEW_PATH)
        self.dev = pain_dev_tune()
        every = ge_texts + own_texts + self.spoken.texts + self.interview.texts + self.dev.texts
        self.shared = SharedPass(every, cache)  # the same cache file as cv_pain.py --variants
        self.rules = MemoRules(PainRules(load_pain_lexicon()))
        self.kinds = {s: "meeting" for s in self.spoken.sources}
        self.kinds |= {s: "interview" for s in self.interview.sources}
        own_vectors = self.shared.embeddings[self.shared.rows(own_texts)]
        self.base = PainModel(np.zeros(1), 0.0, 0.5, centroids(own_vectors, groups))

    def fold(self, source: str) -> Fold:
        data = self.spoken if self.kinds[source] == "meeting" else self.interview
        rest_s, rest_i = _rest(self.spoken, source), _rest(self.interview, source)
        return Fold(
            source,
            _concat([self.dev, rest_s, rest_i]),
            data.take(np.array([s == source for s in data.sources])),
            [
                (self.goemotions, 1.0),
                (self.own, CONFIG.own_weight),
                (rest_s, CONFIG.spoken_weight),
                (rest_i, CONFIG.interview_weight),
            ],
        )

    def features(self, data: Labelled, extra: np.ndarray | None = None) -> np.ndarray:
        """train_pain.Featuriser's [embedding, RULE_SCALE * rule features], plus an optional column."""
        rules = np.stack([f.features for f in self.rules.analyse(data.texts)])
        blocks = [self.shared.embeddings[self.shared.rows(data.texts)], RULE_SCALE * rules]
        if extra is not None:
            blocks.append(extra[:, None])
        return np.hstack(blocks).astype(np.float32)

    def vectors(self, data: Labelled) -> np.ndarray:
        return self.shared.embeddings[self.shared.rows(data.texts)]

    def decide(self, fold: Fold, chooser_scores: np.ndarray, left_scores: np.ndarray) -> np.ndarray:
        """The coder's decisions on the left-out texts, the head's score replaced, threshold re-chosen."""
        threshold = choose_threshold(chooser_scores, fold.chooser.y == 1, Variant())
        fixed = left_scores.astype(np.float32)
        head = VariantHead(
            replace(self.base, threshold=threshold), lambda _: fixed, np.zeros((len(fixed), 1))
        )
        coder = PainPointCoder(head, self.rules)  # type: ignore[arg-type]
        return np.array([r.is_pain for r in coder.predict(fold.left_out.texts, self.vectors(fold.left_out))])

    def head_scores(self, fold: Fold, extra: dict[int, np.ndarray] | None = None) -> tuple[np.ndarray, ...]:
        """Probabilities of the fold's head on (chooser, left-out); `extra` columns keyed by id(Labelled)."""

        def x(data: Labelled) -> np.ndarray:
            return self.features(data, None if extra is None else extra[id(data)])

        model = fit_head([(x(d), d.y, w) for d, w in fold.fit_parts], CONFIG.c)
        return tuple(np.asarray(model.predict_proba(x(d))[:, 1]) for d in (fold.chooser, fold.left_out))


def _concat(parts: Sequence[Labelled]) -> Labelled:
    return Labelled(
        [t for p in parts for t in p.texts],
        np.concatenate([p.y for p in parts]),
        [s for p in parts for s in p.sources],
    )


def run(cv: KnnCV, only: str) -> None:
    """Print one line per configuration whose name contains `only` (all configurations share the folds)."""
    decided: dict[str, dict[str, np.ndarray]] = {}

    def keep(name: str, source: str, flagged: np.ndarray) -> None:
        if only in name:
            decided.setdefault(name, {})[source] = flagged

    for source in cv.kinds:
        fold = cv.fold(source)
        head_c, head_l = cv.head_scores(fold)
        keep("shipped recipe", source, cv.decide(fold, head_c, head_l))
        _knn_blends(cv, fold, head_c, head_l, keep)
        for name, column in _extra_columns(cv, fold).items():
            if only in name:
                keep(name, source, cv.decide(fold, *cv.head_scores(fold, column)))
    for name, per_source in decided.items():
        print(_line(name, per_source, cv.kinds, cv.spoken, cv.interview), flush=True)


def _knn_blends(cv: KnnCV, fold: Fold, head_c: np.ndarray, head_l: np.ndarray, keep: Keep) -> None:
    in_domain = [p for p, _ in fold.fit_parts[2:]]
    truth = fold.chooser.y == 1
    # nested: (chooser macro-F1 at the blend's own threshold, name, chooser scores, left-out scores)
    nested = [(_chooser_fit(head_c, truth), "head", head_c, head_l)]
    for label_set, parts in (("in-domain", in_domain), ("+goemotions", [*in_domain, cv.goemotions])):
        index = _index(cv.shared, parts, cv.temperature)
        votes_c = index.votes(cv.vectors(fold.chooser), fold.chooser.sources, cv.ks)
        votes_l = index.votes(cv.vectors(fold.left_out), fold.left_out.sources, cv.ks)
        for i, k in enumerate(cv.ks):
            for w in cv.weights:
                chooser = (1.0 - w) * head_c + w * votes_c[i]
                left = (1.0 - w) * head_l + w * votes_l[i]
                keep(f"knn {label_set} k {k} w {w}", fold.source, cv.decide(fold, chooser, left))
                if label_set == "in-domain":
                    nested.append((_chooser_fit(chooser, truth), f"k {k} w {w}", chooser, left))
    best = max(nested, key=lambda n: n[0])
    print(f"  fold {fold.source}: nested choice {best[1]}", flush=True)
    keep("knn in-domain nested", fold.source, cv.decide(fold, best[2], best[3]))


def _chooser_fit(scores: np.ndarray, truth: np.ndarray) -> float:
    threshold = choose_threshold(scores, truth, Variant())
    return macro_f1(truth, scores >= threshold)


def _extra_columns(cv: KnnCV, fold: Fold) -> dict[str, dict[int, np.ndarray]]:
    """Per variant, the extra column of every dataset the fold fits or scores, keyed by id(Labelled)."""
    index = _index(cv.shared, [p for p, _ in fold.fit_parts[2:]])
    scored = [d for d, _ in fold.fit_parts] + [fold.chooser, fold.left_out]
    contrast = {id(d): index.contrast(cv.vectors(d), d.sources) for d in scored}
    vote = {id(d): index.votes(cv.vectors(d), d.sources, (FEATURE_K,))[0] for d in scored}
    out = {}
    for name, column in (("contrast feature", contrast), (f"knn feature k {FEATURE_K}", vote)):
        in_domain = np.concatenate([column[id(d)] for d, _ in fold.fit_parts[2:]])
        centre, spread = in_domain.mean(), in_domain.std()
        out[name] = {key: RULE_SCALE * (v - centre) / spread for key, v in column.items()}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--goemotions", type=Path, default=Path("/work/shared/data/goemotions"))
    parser.add_argument("--cache", type=Path, default=Path("/tmp/desirelines-pain-cache"))
    parser.add_argument("--only", default="", help="print only configurations whose name contains this")
    parser.add_argument("--ks", type=int, nargs="+", default=list(KS), help="neighbour counts (post hoc)")
    parser.add_argument("--weights", type=float, nargs="+", default=list(WEIGHTS), help="vote weights")
    parser.add_argument("--temperature", type=float, default=0.0, help="exp((sim - 1) / T) weights if > 0")
    args = parser.parse_args()
    run(KnnCV(args.goemotions, args.cache, args.ks, args.weights, args.temperature), args.only)


if __name__ == "__main__":
    main()
