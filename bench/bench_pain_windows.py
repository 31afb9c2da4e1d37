"""Benchmark: the cost of window pooling for the pain head (scripts/pain_windows.py), same encoder pass.

    PYTHONPATH=.:scripts:bench .venv/bin/python bench/bench_pain_windows.py [--n 1000] [--repeats 3]

Prints seconds per 1,000 sentences for the shipped encoder pass (encode_features) and for the same pass
that also mean-pools the last layer over clause windows or sliding windows of 8 word pieces and scores
every window with the shipped pain head (embedding part of the logit; max per sentence). Runs alternate so
a busy machine slows both alike; the median is printed. The texts are the demo project's sentences.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable, Sequence

import numpy as np
from bench_coding import corpus
from pain_windows import clause_spans, sliding_spans

from nlp.coders.pain.model import read_pain_model
from nlp.coders.pain.paths import DEFAULT_MODEL_PATH
from nlp.encoder import BATCH_SIZE, EMBEDDING_DIM, MAX_SEQ_LENGTH, MiniLMEncoder, get_encoder

Spans = Callable[[list[str]], list[tuple[int, int]]]
SPANS: dict[str, Spans] = {
    "clause": clause_spans,
    "slide8": lambda tokens: sliding_spans(len(tokens), 8),
}


def encode_with_windows(encoder: MiniLMEncoder, texts: Sequence[str], kind: str, weights: np.ndarray) -> None:
    """encode_features' pass, plus each text's best window logit (embedding part) from the last layer."""
    import torch

    order = np.argsort([len(text) for text in texts], kind="stable")
    best = np.zeros(len(texts), dtype=np.float32)
    for start in range(0, len(texts), BATCH_SIZE):
        rows = order[start : start + BATCH_SIZE]
        batch = encoder._tokenizer(
            [texts[i] for i in rows],
            padding=True,
            truncation=True,
            max_length=MAX_SEQ_LENGTH,
            return_tensors="pt",
        )
        with torch.inference_mode():
            output = encoder._model(**batch, output_hidden_states=True)
            states = torch.stack(output.hidden_states, dim=1)
            mask = batch["attention_mask"][:, None, :, None].to(states.dtype)
            _means = (states * mask).sum(dim=2) / mask.sum(dim=2).clamp(min=1e-9)
            last = output.hidden_states[-1]
            cumulative = torch.nn.functional.pad(last.cumsum(dim=1), (0, 0, 1, 0)).numpy()
        lengths = batch["attention_mask"].sum(1).tolist()
        owner, starts, ends = [], [], []
        for j, ids in enumerate(batch["input_ids"]):
            tokens = (
                encoder._tokenizer.convert_ids_to_tokens(ids[: lengths[j]].tolist())
                if kind == "clause"
                else [""] * lengths[j]
            )
            for s, e in SPANS[kind](tokens):
                owner.append(j)
                starts.append(s)
                ends.append(e)
        o, s, e = np.array(owner), np.array(starts), np.array(ends)
        pooled = cumulative[o, e] - cumulative[o, s]
        pooled /= np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        logits = pooled @ weights[:EMBEDDING_DIM]
        first = np.flatnonzero(np.r_[True, o[1:] != o[:-1]])
        best[rows] = np.maximum.reduceat(logits, first)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    texts = corpus(args.n)
    encoder, weights = get_encoder(), read_pain_model(DEFAULT_MODEL_PATH).weights
    encoder.encode_features(texts[:64])  # warm-up
    runs: dict[str, Callable[[], object]] = {
        "encoder only": lambda: encoder.encode_features(texts),
        "+ clause windows": lambda: encode_with_windows(encoder, texts, "clause", weights),
        "+ slide8 windows": lambda: encode_with_windows(encoder, texts, "slide8", weights),
    }
    seconds: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(args.repeats):
        for name, run in runs.items():
            began = time.perf_counter()
            run()
            seconds[name].append(time.perf_counter() - began)
            print(f"  {name}: {seconds[name][-1]:.1f} s", flush=True)
    bare = statistics.median(seconds["encoder only"])
    for name, values in seconds.items():
        per_1000 = statistics.median(values) * 1000 / len(texts)
        print(f"{name:<18} {per_1000:6.2f} s per 1,000 sentences ({bare / statistics.median(values):.2f}x)")


if __name__ == "__main__":
    main()
