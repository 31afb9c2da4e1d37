"""Benchmark: code N utterances end to end and compare with the encoder's own rate, same run.

    .venv/bin/python bench/bench_coding.py [--n 20000]

Prints utterances per second for the encoder alone (one encode_features pass) and for the whole
pipeline (clean, encode once, emotion, pain point, stage, forces), their ratio, and the peak memory
(max RSS) of the process. The texts are the demo project's sentences (fictional), split into sentences
as the service stores them, cycled and varied.
"""

from __future__ import annotations

import argparse
import random
import resource
import time

from demo_texts import demo_sources, survey_answers

from nlp.encoder import get_encoder
from nlp.ingest import split_sentences
from nlp.pipeline import CodingPipeline
from nlp.types import CodingInput, Survey

OPENERS = ["", "Honestly, ", "I think ", "Well, ", "To be fair, ", "At the time ", "So ", "Basically "]


def demo_sentences() -> list[str]:
    """The demo's utterances as the service stores them: one sentence of a turn or answer each."""
    texts: list[str] = []
    for parsed in demo_sources():
        if isinstance(parsed, Survey):
            texts += survey_answers(parsed)
        else:
            texts += [turn.text for turn in parsed.turns]
    return [sentence for text in texts for sentence in split_sentences(text)]


def corpus(n: int) -> list[str]:
    base = demo_sentences()
    rng = random.Random(7)
    return [f"{rng.choice(OPENERS)}{base[i % len(base)]}" for i in range(n)]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=20_000)
    parser.add_argument("--batch", type=int, default=512)
    args = parser.parse_args()
    texts = corpus(args.n)
    encoder = get_encoder()
    pipeline = CodingPipeline(encoder=encoder)
    pipeline.code([CodingInput(t) for t in texts[:64]])  # load everything before timing

    started = time.perf_counter()
    for i in range(0, len(texts), args.batch):
        encoder.encode_features(texts[i : i + args.batch])
    encoder_rate = len(texts) / (time.perf_counter() - started)

    started = time.perf_counter()
    coded = 0
    for i in range(0, len(texts), args.batch):
        coded += len(pipeline.code([CodingInput(t) for t in texts[i : i + args.batch]]))
    pipeline_rate = coded / (time.perf_counter() - started)

    print(f"utterances            {len(texts):,}")
    print(f"encoder alone         {encoder_rate:,.0f} utterances/s")
    print(f"end-to-end coding     {pipeline_rate:,.0f} utterances/s")
    print(f"ratio                 {pipeline_rate / encoder_rate:.2f} (target >= 0.80)")
    print(f"peak memory (max RSS) {peak_mb():,.0f} MB (target < 2,048 MB)")


if __name__ == "__main__":
    main()
