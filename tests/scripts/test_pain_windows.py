"""scripts/pain_windows.py: clause and sliding spans cover the right word pieces, windows pool them."""

from __future__ import annotations

import sys
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"


@pytest.fixture(scope="module")
def windows() -> ModuleType:
    sys.path.insert(0, str(SCRIPTS))  # the script imports its sibling train_pain
    try:
        import pain_windows
    finally:
        sys.path.remove(str(SCRIPTS))
    return pain_windows


def test_clauses_split_after_punctuation_and_before_conjunctions(windows: ModuleType) -> None:
    tokens = "[CLS] we tried three vendors , and honestly the onboarding was awful , but now it is fine [SEP]"
    pieces = tokens.split()
    spans = windows.clause_spans(pieces)
    assert [" ".join(pieces[a:b]) for a, b in spans] == [
        "we tried three vendors ,",
        "and honestly the onboarding was awful ,",
        "but now it is fine",
    ]


def test_a_short_clause_joins_its_neighbour(windows: ModuleType) -> None:
    pieces = ["[CLS]", "well", ",", "it", "broke", "every", "single", "week", "[SEP]"]
    assert windows.clause_spans(pieces) == [(1, len(pieces) - 1)]


def test_sliding_windows_cover_every_word_piece_once_at_least(windows: ModuleType) -> None:
    spans = windows.sliding_spans(23, 8)  # 21 word pieces between [CLS] and [SEP]
    covered = {i for start, end in spans for i in range(start, end)}
    assert covered == set(range(1, 22))
    assert all(end - start == 8 for start, end in spans)
    assert windows.sliding_spans(6, 8) == [(1, 5)]


def test_window_means_are_normalised_means_with_or_without_the_specials(windows: ModuleType) -> None:
    states = np.random.default_rng(0).normal(size=(6, 384)).astype(np.float32)
    plain, specials = (windows.window_means(states, [(2, 4)], flag)[0] for flag in (False, True))
    expected = states[2:4].mean(0)
    np.testing.assert_allclose(plain, expected / np.linalg.norm(expected), rtol=1e-5)
    expected = (states[2:4].sum(0) + states[0] + states[5]) / 4
    np.testing.assert_allclose(specials, expected / np.linalg.norm(expected), rtol=1e-5)
