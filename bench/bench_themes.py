"""Time themes on the demo project's respondent utterances, or on N survey-like answers.

    .venv/bin/python bench/bench_themes.py --demo
    .venv/bin/python bench/bench_themes.py --n 10000 [--goemotions PATH]

--demo: the fictional demo project's respondent utterances as the service stores them (one sentence of
a respondent turn or survey answer each). --n: that many answers, first the demo survey's answer
sentences, then GoEmotions train comments (short Reddit comments, Apache-2.0; from ../shared/data, not
in this repository). Prints seconds to embed (all-MiniLM-L6-v2, CPU) and to find themes from the
embeddings, peak memory, and the largest themes.
"""

from __future__ import annotations

import argparse
import csv
import resource
import time
from pathlib import Path

import numpy as np
from demo_texts import demo_sources, survey_answers

from nlp.aggregate.themes import ThemeSettings, find_themes
from nlp.encoder import get_encoder
from nlp.ingest import infer_roles, split_sentences
from nlp.types import SpeakerRole, Survey

ROOT = Path(__file__).resolve().parent.parent
GOEMOTIONS = ROOT.parent / "shared" / "data" / "goemotions" / "original_train.tsv"


def demo_utterances(survey_only: bool = False) -> list[str]:
    """Respondent sentences of the demo interviews and survey (interviewer turns left out)."""
    texts: list[str] = []
    for parsed in demo_sources():
        if isinstance(parsed, Survey):
            texts += survey_answers(parsed)
        elif not survey_only:
            roles = infer_roles(parsed)
            texts += [turn.text for turn in parsed.turns if roles[turn.speaker] == SpeakerRole.RESPONDENT]
    return [sentence for text in texts for sentence in split_sentences(text)]


def survey_like(n: int, goemotions: Path) -> list[str]:
    texts = demo_utterances(survey_only=True)
    with goemotions.open(encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(texts) >= n:
                break
            texts.append(row[0])
    return texts[:n]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--demo", action="store_true", help="the demo project's respondent utterances")
    parser.add_argument("--n", type=int, default=10_000, help="number of survey-like answers")
    parser.add_argument("--goemotions", type=Path, default=GOEMOTIONS)
    parser.add_argument("--top", type=int, default=15, help="themes to print")
    parser.add_argument("--embeddings", type=Path, help="cache of the embeddings (.npy); reused if present")
    args = parser.parse_args(argv)

    texts = demo_utterances() if args.demo else survey_like(args.n, args.goemotions)
    started = time.perf_counter()
    if args.embeddings is not None and args.embeddings.exists():
        vectors = np.load(args.embeddings)
        loaded = embedded = time.perf_counter()
    else:
        encoder = get_encoder()
        loaded = time.perf_counter()
        vectors = encoder.encode(texts)
        embedded = time.perf_counter()
        if args.embeddings is not None:
            np.save(args.embeddings, vectors)
    result = find_themes(texts, vectors, ThemeSettings())
    done = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{len(texts):,} texts: {len(result.themes)} themes, {result.outlier_share:.1%} outliers")
    print(
        f"seconds: load encoder {loaded - started:.1f}, embed {embedded - loaded:.1f}, "
        f"themes {done - embedded:.1f} (total {done - started:.1f}); peak memory {peak:,.0f} MB"
    )
    for theme in result.themes[: args.top]:
        print(f"  {theme.id:3d} {theme.size:5d}  {theme.label}")


if __name__ == "__main__":
    main()
