"""Benchmark themes against gold intents: NMI, outliers, theme count, seconds, and a k-means baseline.

    .venv/bin/python bench/eval_themes.py --csv /tmp/banking77_test.csv [--embeddings /tmp/b77.npy]

The CSV has columns `text,category` (e.g. the Banking77 test split, 3,080 queries, 77 intents,
CC-BY-4.0, PolyAI; not in this repository). Texts are embedded once with all-MiniLM-L6-v2;
--embeddings caches them in a .npy file. Themes are found without being told the number of intents;
k-means is told k = the number of gold intents, on the same embeddings. An outlier (-1) counts as
one more cluster label in the NMI, so leaving texts out is not free.
"""

from __future__ import annotations

import argparse
import csv
import time
from pathlib import Path

import numpy as np
from sklearn.cluster import KMeans
from sklearn.metrics import normalized_mutual_info_score

from nlp.aggregate.themes import ThemeSettings, find_themes


def load(path: Path) -> tuple[list[str], list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [row["text"] for row in rows], [row["category"] for row in rows]


def embed(texts: list[str], cache: Path | None) -> np.ndarray:
    if cache is not None and cache.exists():
        return np.load(cache)
    from nlp.encoder import get_encoder

    started = time.perf_counter()
    vectors = get_encoder().encode(texts)
    print(f"embedded {len(texts):,} texts in {time.perf_counter() - started:.1f} s")
    if cache is not None:
        np.save(cache, vectors)
    return vectors


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", type=Path, required=True, help="CSV with columns text,category")
    parser.add_argument("--embeddings", type=Path, help="cache of the embeddings (.npy)")
    parser.add_argument("--min-theme-size", type=int, default=None)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--kmeans-seeds", default="0,1,42", help="k-means runs (comma-separated seeds)")
    args = parser.parse_args(argv)

    texts, gold = load(args.csv)
    vectors = embed(texts, args.embeddings)
    k = len(set(gold))
    settings = ThemeSettings(seed=args.seed, min_theme_size=args.min_theme_size)

    started = time.perf_counter()
    result = find_themes(texts, vectors, settings)
    seconds = time.perf_counter() - started
    score = normalized_mutual_info_score(gold, result.assignments)
    print(f"texts {len(texts):,}, gold intents {k}, min theme size {settings.theme_size_for(len(texts))}")
    print(
        f"themes: NMI {score:.3f}, outliers {result.outlier_share:.1%} "
        f"({int((result.assignments < 0).sum())} of {len(texts):,}), "
        f"{len(result.themes)} themes, {seconds:.1f} s (embeddings given)"
    )
    for seed in [int(s) for s in args.kmeans_seeds.split(",") if s]:
        started = time.perf_counter()
        labels = KMeans(n_clusters=k, n_init=10, random_state=seed).fit_predict(vectors)
        print(
            f"k-means k={k} seed {seed}: NMI {normalized_mutual_info_score(gold, labels):.3f}, "
            f"{time.perf_counter() - started:.1f} s"
        )
    largest = max((theme.size for theme in result.themes), default=0)
    themed = len(texts) - len(result.no_content)
    print(
        f"texts without content (not themed): {len(result.no_content):,}; largest theme {largest:,} "
        f"= {largest / max(themed, 1):.1%} of the texts with content (limit {settings.max_share or 1:.0%})"
    )
    for theme in result.themes[:10]:
        print(f"  {theme.id:3d} {theme.size:4d}  {theme.label}")


if __name__ == "__main__":
    main()
