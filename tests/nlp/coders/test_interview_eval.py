"""Interview speech: the dev file's splits, and the figures issue 10 asks for, computed from decisions."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from types import SimpleNamespace

import numpy as np
import pytest

from nlp.coders.emotion.map import CX_EMOTIONS
from nlp.coders.interview_eval import CodedRows, code_rows, format_figures, interview_figures
from nlp.coders.paths import INTERVIEW_PATH
from nlp.coders.spoken_eval import SpokenRow, load_spoken
from nlp.coders.stage.labels import NO_STAGE
from nlp.types import CodingInput


def _row(text: str, pain: bool, emotion: str = "neutral", stage: str = NO_STAGE) -> SpokenRow:
    return SpokenRow(text, pain, emotion, stage, "heldout")


def test_the_interview_file_splits_whole_interviews() -> None:
    rows = load_spoken(INTERVIEW_PATH)
    tune, heldout = load_spoken(INTERVIEW_PATH, "tune"), load_spoken(INTERVIEW_PATH, "heldout")
    assert len(tune) + len(heldout) == len(rows)
    assert any(r.pain for r in tune) and any(r.pain for r in heldout)
    assert {r.emotion for r in rows} <= set(CX_EMOTIONS)
    sources: dict[str, set[str]] = {}
    for line in INTERVIEW_PATH.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        sources.setdefault(record["source"], set()).add(record["split"])
    assert len(sources) >= 3
    assert all(len(splits) == 1 for splits in sources.values()), sources


def test_interview_figures_from_decisions() -> None:
    rows = [
        _row("It keeps crashing.", True),
        _row("We fixed it in a week.", False, "satisfaction"),
        _row("The export is slow.", True),
        _row("Yeah.", False),
        _row("I bought the plan in May.", False, stage="purchase"),
    ]
    coded = CodedRows(
        pain=np.array([True, True, False, False, False]),
        emotions=["frustration", "satisfaction", "neutral", "satisfaction", "neutral"],
        stages=[NO_STAGE, "post-purchase", NO_STAGE, NO_STAGE, "purchase"],
    )
    figures = interview_figures(rows, coded)
    assert (figures.sentences, figures.pains) == (5, 2)
    assert (figures.precision, figures.recall, figures.f1) == pytest.approx((0.5, 0.5, 0.5))
    assert (figures.flagged_rate, figures.true_rate) == pytest.approx((0.4, 0.4))
    # Neutral by label: rows 0, 2, 3, 4; the coder said "satisfaction" on one of them.
    assert (figures.neutral, figures.satisfaction_on_neutral) == (4, pytest.approx(0.25))
    # Without a stage by label: rows 0-3; the coder named one.
    assert (figures.no_stage, figures.stage_abstained) == (4, pytest.approx(0.75))
    assert "F1 0.50" in format_figures("test", figures)


@dataclass
class _Batch:
    embeddings: np.ndarray


class _Encoder:
    def __init__(self) -> None:
        self.calls = 0

    def encode_features(self, texts: Sequence[str]) -> _Batch:
        self.calls += 1
        return _Batch(np.zeros((len(texts), 4), dtype=np.float32))


class _Pain:
    def predict(self, texts: Sequence[str], embeddings: np.ndarray) -> list[SimpleNamespace]:
        assert len(embeddings) == len(texts)
        return [SimpleNamespace(is_pain="hard" in t.lower()) for t in texts]


class _Emotion:
    def predict(self, texts: Sequence[str], features: _Batch) -> list[SimpleNamespace]:
        return [SimpleNamespace(emotion="neutral") for _ in texts]


class _Stage:
    def decide(self, items: Sequence[CodingInput], embeddings: np.ndarray) -> list[SimpleNamespace]:
        assert all(item.question for item in items)  # the dev set records each answer's question
        return [SimpleNamespace(label="none") for _ in items]


def test_code_rows_codes_the_held_out_interviews_from_one_encoder_pass() -> None:
    rows = load_spoken(INTERVIEW_PATH, "heldout")
    encoder = _Encoder()
    coded = code_rows(rows, encoder, _Pain(), _Emotion(), _Stage())
    assert encoder.calls == 1
    assert len(coded.pain) == len(coded.emotions) == len(coded.stages) == len(rows)
    figures = interview_figures(rows, coded)
    assert figures.sentences == len(rows) and 0 < figures.pains < len(rows)
    assert figures.satisfaction_on_neutral == 0.0 and figures.stage_abstained == 1.0


def test_eval_reads_the_sentences_as_stored_never_the_splitter() -> None:
    """The dev files were split once; a change to the splitter or the content filter must not move the
    figures `desirelines eval` prints, so the eval modules never load either (in a fresh interpreter)."""
    script = (
        "import json, sys\n"
        "from nlp.coders import complaint_eval, interview_eval, spoken_eval\n"
        "from nlp.coders.emotion import evaluate as emotion_eval\n"
        "from nlp.coders.forces import evaluate as forces_eval\n"
        "from nlp.coders.pain import evaluate as pain_eval\n"
        "from nlp.coders.stage import evaluate as stage_eval\n"
        "from nlp.coders.paths import INTERVIEW_PATH, SPOKEN_PATH\n"
        "rows = spoken_eval.load_spoken(INTERVIEW_PATH) + spoken_eval.load_spoken(SPOKEN_PATH)\n"
        "spoken_eval.stage_rows('heldout')\n"
        "watched = ['nlp.ingest', 'nlp.ingest.sentences', 'nlp.content', 'spacy']\n"
        "print(json.dumps([len(rows), sorted(name for name in watched if name in sys.modules)]))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    count, loaded = json.loads(done.stdout.strip().splitlines()[-1])
    stored = INTERVIEW_PATH.read_text(encoding="utf-8").splitlines()
    assert count > len(stored) > 0
    assert loaded == []
    assert [r.text for r in load_spoken(INTERVIEW_PATH)] == [json.loads(line)["text"] for line in stored]
