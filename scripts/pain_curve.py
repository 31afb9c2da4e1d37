"""Learning curve of the pain head in in-domain interview data: leave-one-source-out CV on tune data only.

Usage:  .venv/bin/python scripts/pain_curve.py [--goemotions DIR] [--cache DIR] [--fractions F ...]
        [--seeds N] [--weights W ...]

Would more labelled interviews help? Same folds, features, threshold rule and coder decision path as
scripts/pain_knn.py (each tune meeting and tune interview left out in turn; the head's threshold at the
best macro-F1 on the chooser texts; PainPointCoder with the shipped constants decides the left-out
sentences). New here: of the fold's OTHER tune interviews only a fraction f is used, sampled as whole
interviews (labelling more means recording more interviews): per seed, one random order of all tune
interviews; a fold takes the first max(1, round(f * n)) of its n other interviews in that order, so the
samples are nested (f 0.25 within 0.5 within 0.75) and f = 1.0 is the same for every seed. The sampled
interviews both join the fit (weight w, times a GoEmotions row) and the threshold's chooser texts (with
the pain_dev tune half and the other tune meetings), as the shipped recipe does with all of them.
Heads: "w 0" (the shipped recipe, CONFIG: interviews only choose the threshold), "w 1/3/10" (the shipped
recipe with the interviews in the fit), and "in-domain only" (no GoEmotions, no hand-written examples:
the other tune meetings and the sampled interviews, each row weight 10 at C 0.1, as meetings are weighted
in the shipped recipe). Printed: pooled F1 of the left-out interviews and meetings per (head, f, seed);
then per head, the gain per doubling of interview data (least squares of F1 on log2 f, per seed) and the
F1 it would reach at 2x, 4x, 8x the data if the log-linear trend held; and a paired bootstrap over the
left-out interviews (1,000 resamples) of F1(f 1.0) - F1(f 0.5). Held-out rows are never read.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from pain_knn import Fold, KnnCV, _concat
from sklearn.linear_model import LogisticRegression
from train_pain import CONFIG, Labelled, fit_head

from nlp.coders.spoken_eval import f1_parts

# Measured (23 folds, tune only; `.venv/bin/python scripts/pain_curve.py`, defaults; ~17 min on 2 shared
# cores). Interview F1, mean of 3 seeds at f 0.25 / 0.5 / 0.75 / 1.0 (meetings F1 at f 1.0):
#   w 0 (shipped)   0.605 0.605 0.608 0.609 (0.692)     w 1   0.611 0.608 0.603 0.603 (0.687)
#   w 3             0.607 0.608 0.605 0.614 (0.700)     w 10  0.605 0.610 0.611 0.625 (0.673)
#   in-domain only  0.586 0.602 0.608 0.606 (0.624)
# Gain per doubling (per seed): w 0 +0.000..+0.004, w 1 -0.005..-0.003, w 3 +0.000..+0.003,
# w 10 +0.006..+0.013 (8x: 0.636-0.659), in-domain only +0.009..+0.013 (8x: 0.635-0.647). F1(1.0) - F1(0.5),
# bootstrap over left-out interviews: w 10 +0.011..+0.021 (95% intervals from -0.011 to +0.037); every
# other head within +-0.013 of 0. At the best rate 0.70 in CV needs 6-14 more doublings (64x-16,000x the
# ~1,130 sentences); the held-out gap (0.51 -> 0.70) more. w 10 costs the meetings 0.02.
FRACTIONS = (0.25, 0.5, 0.75, 1.0)
WEIGHTS = (0.0, 1.0, 3.0, 10.0)
IN_DOMAIN = "in-domain only"
IN_DOMAIN_WEIGHT = 10.0
TARGET = 0.70
BOOTSTRAP = 1000


def sample_sources(order: Sequence[str], left_out: str, fraction: float) -> list[str]:
    """The first max(1, round(fraction * n)) of the n sources in `order` other than `left_out`."""
    others = [s for s in order if s != left_out]
    return others[: max(1, round(fraction * len(others)))]


def doubling_fit(fractions: Sequence[float], scores: Sequence[float]) -> tuple[float, float]:
    """(F1 at fraction 1, gain per doubling): least squares of scores on log2(fraction)."""
    slope, intercept = np.polyfit(np.log2(np.asarray(fractions)), np.asarray(scores), 1)
    return float(intercept), float(slope)


def pooled_f1(truth: dict[str, np.ndarray], flagged: dict[str, np.ndarray], sources: Sequence[str]) -> float:
    """F1 of the positive class over the sentences of `sources` pooled (a source may repeat)."""
    t = np.concatenate([truth[s] for s in sources])
    return f1_parts(t, np.concatenate([flagged[s] for s in sources]))[2]


@dataclass(frozen=True)
class Setting:
    """One cell of the curve: the head, the fraction of other tune interviews and the seed."""

    head: str
    fraction: float
    seed: int


class Curve:
    """The fold's heads for each (head, fraction, seed); decisions kept per left-out source."""

    def __init__(self, cv: KnnCV, fractions: Sequence[float], seeds: int, weights: Sequence[float]) -> None:
        self.cv, self.fractions, self.weights = cv, tuple(fractions), tuple(weights)
        interviews = sorted({s for s, k in cv.kinds.items() if k == "interview"})
        self.orders = [list(np.random.default_rng(seed).permutation(interviews)) for seed in range(seeds)]
        self.decided: dict[Setting, dict[str, np.ndarray]] = {}
        self.goemotions: np.ndarray | None = None
        self.truth = {s: cv.fold(s).left_out.y == 1 for s in cv.kinds}  # in decision order

    def heads(self) -> list[str]:
        return [f"w {w:g}" for w in self.weights] + [IN_DOMAIN]

    def run(self) -> None:
        for source in self.cv.kinds:
            self.fold(source)
            print(f"  fold {source} done", flush=True)

    def fold(self, source: str) -> None:
        cv = self.cv
        fold = cv.fold(source)
        meetings = fold.fit_parts[2][0]  # the other tune meetings
        interviews = fold.fit_parts[3][0]  # the other tune interviews
        done: dict[tuple[str, tuple[str, ...]], np.ndarray] = {}
        models: dict[tuple[str, tuple[str, ...]], LogisticRegression] = {}
        for seed, order in enumerate(self.orders):
            for fraction in self.fractions:
                kept = sample_sources(order, source, fraction)
                sample = interviews.take(np.isin(interviews.sources, kept))
                chooser = _concat([cv.dev, meetings, sample])
                for head in self.heads():
                    key = (head, tuple(sorted(kept)))
                    if key not in done:  # f 1.0 is the same sample for every seed
                        fitted = key if head != "w 0" else (head, ())  # w 0: only the threshold moves
                        if fitted not in models:
                            models[fitted] = self.fit(head, meetings, sample)
                        done[key] = self.decide(models[fitted], fold.left_out, chooser)
                    self.decided.setdefault(Setting(head, fraction, seed), {})[source] = done[key]

    def fit(self, head: str, meetings: Labelled, sample: Labelled) -> LogisticRegression:
        """The head fitted on the other tune meetings and the sampled interviews (see the docstring)."""
        cv = self.cv
        if head == IN_DOMAIN:
            parts = [(meetings, IN_DOMAIN_WEIGHT), (sample, IN_DOMAIN_WEIGHT)]
        else:
            parts = [(cv.goemotions, 1.0), (cv.own, CONFIG.own_weight), (meetings, CONFIG.spoken_weight)]
            parts.append((sample, float(head.split()[1])))
        return fit_head([(self.features(d), d.y, w) for d, w in parts], CONFIG.c)

    def decide(self, model: LogisticRegression, left_out: Labelled, chooser: Labelled) -> np.ndarray:
        """The coder's decisions on the left-out texts, threshold chosen on the chooser texts."""
        scores = [np.asarray(model.predict_proba(self.features(d))[:, 1]) for d in (chooser, left_out)]
        return self.cv.decide(Fold("", chooser, left_out, []), scores[0], scores[1])

    def features(self, data: Labelled) -> np.ndarray:
        if data is self.cv.goemotions:  # the largest block, the same in every fit
            if self.goemotions is None:
                self.goemotions = self.cv.features(data)
            return self.goemotions
        return self.cv.features(data)

    def sources(self, kind: str) -> list[str]:
        return [s for s, k in self.cv.kinds.items() if k == kind]

    def f1(self, setting: Setting, kind: str) -> float:
        return pooled_f1(self.truth, self.decided[setting], self.sources(kind))


def report(curve: Curve, seeds: int) -> None:
    """The table, the log-linear extrapolation per seed and the paired bootstrap of f 1.0 - f 0.5."""
    print(
        f"\npooled F1 of left-out tune sources; interviews sampled whole; {seeds} seeds (f 1.0: one sample)"
    )
    print(f"{'head':<16}{'f':>6}  interviews F1 per seed (mean)       meetings F1 per seed (mean)")
    for head in curve.heads():
        for fraction in curve.fractions:
            cells = []
            for kind in ("interview", "meeting"):
                values = [curve.f1(Setting(head, fraction, s), kind) for s in range(seeds)]
                listed = " ".join(f"{v:.3f}" for v in values)
                cells.append(f"{listed:<24} ({np.mean(values):.3f})")
            print(f"{head:<16}{fraction:>6}  " + "   ".join(cells))
    print(f"\nlog-linear in interview data: F1 = F1(f 1.0) + gain * log2(data / today's); target {TARGET}")
    for head in curve.heads():
        for seed in range(seeds):
            scores = [curve.f1(Setting(head, f, seed), "interview") for f in curve.fractions]
            at_one, gain = doubling_fit(curve.fractions, scores)
            reach = "  ".join(f"{2**k}x {at_one + gain * k:.3f}" for k in (1, 2, 3))
            needed = (TARGET - at_one) / gain if gain > 0 else float("inf")
            print(
                f"{head:<16} seed {seed}: fit F1(1.0) {at_one:.3f} gain/doubling {gain:+.3f}  {reach}"
                f"  doublings to {TARGET}: {needed:.1f}"
            )
    if 0.5 in curve.fractions and 1.0 in curve.fractions:
        bootstrap_gain(curve, seeds)


def bootstrap_gain(curve: Curve, seeds: int) -> None:
    """Paired bootstrap over left-out interviews of pooled F1(f 1.0) - F1(f 0.5), per head and seed."""
    interviews = curve.sources("interview")
    rng = np.random.default_rng(0)
    draws = [list(rng.choice(interviews, len(interviews))) for _ in range(BOOTSTRAP)]
    print(f"\nF1(f 1.0) - F1(f 0.5) on the left-out interviews, paired bootstrap over them ({BOOTSTRAP}x)")
    for head in curve.heads():
        for seed in range(seeds):
            full, half = curve.decided[Setting(head, 1.0, seed)], curve.decided[Setting(head, 0.5, seed)]
            point = pooled_f1(curve.truth, full, interviews) - pooled_f1(curve.truth, half, interviews)
            diffs = [pooled_f1(curve.truth, full, d) - pooled_f1(curve.truth, half, d) for d in draws]
            low, high = np.percentile(diffs, [2.5, 97.5])
            print(f"{head:<16} seed {seed}: {point:+.3f}  95% interval [{low:+.3f}, {high:+.3f}]")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--goemotions", type=Path, default=Path("/work/shared/data/goemotions"))
    parser.add_argument("--cache", type=Path, default=Path("/tmp/desirelines-pain-cache"))
    parser.add_argument("--fractions", type=float, nargs="+", default=list(FRACTIONS))
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--weights", type=float, nargs="+", default=list(WEIGHTS), help="interview weights")
    args = parser.parse_args()
    curve = Curve(KnnCV(args.goemotions, args.cache), args.fractions, args.seeds, args.weights)
    curve.run()
    report(curve, args.seeds)


if __name__ == "__main__":
    main()
