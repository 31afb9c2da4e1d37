"""`theme_file` (what `desirelines themes` runs): what reaches the encoder."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from nlp.themes_batch import theme_file


def test_transcription_marks_inside_sentences_are_not_embedded(tmp_path: Path) -> None:
    lines = [
        "So {vocalsound} we looked at the battery life first.",
        "The [inaudible] price was too high for most households.",
        "(laughs) Shipping took three weeks every single time.",
        "The plastic cover breaks when you drop it.",
        "[inaudible]",
    ]
    source, target = tmp_path / "sentences.txt", tmp_path / "themes.csv"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    seen: list[str] = []

    def embed(texts: Sequence[str]) -> np.ndarray:
        seen.extend(texts)
        vectors = np.random.default_rng(0).normal(size=(len(texts), 8)).astype(np.float32)
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)

    report = theme_file(source, target, embed)

    assert seen == [
        "So we looked at the battery life first.",
        "The price was too high for most households.",
        "Shipping took three weeks every single time.",
        "The plastic cover breaks when you drop it.",
    ]
    assert report.no_content == 1
    with target.open(encoding="utf-8", newline="") as handle:
        assert [row["text"] for row in csv.DictReader(handle)] == lines  # the output keeps what was said
