"""Forces coder: the four forces on clear examples, multi-label, spans, robustness, model file checks."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
import yaml

from nlp.coders.forces.coder import FORCES, ForcesCoder, ForcesModelError, load_forces_coder
from nlp.coders.forces.model import read_forces_model
from nlp.coders.forces.paths import DEFAULT_FORCES_PATH, DEFAULT_MODEL_PATH
from nlp.encoder import MiniLMEncoder
from nlp.types import Code, CodingInput

HOSTILE = [
    "",
    "We were worried about the migration. " * 1400,  # ~50,000 characters
    "😀😀😀🎉🎉",
    "<div><p>Hello <b>world</b></p><script>alert(1)</script></div>",
    "line\x00one\x07\x1b[31m red\x7f",
    "Le logiciel est très bien, merci beaucoup.",
    "这个软件很好用",
]


@pytest.fixture(scope="session")
def forces_coder() -> ForcesCoder:
    return load_forces_coder()


def coded(coder: ForcesCoder, encoder: MiniLMEncoder, texts: Sequence[str]) -> list[list[Code]]:
    return coder.code([CodingInput(t) for t in texts], encoder.encode_features(texts))


@pytest.mark.parametrize(
    ("text", "force"),
    [
        ("The spreadsheet kept breaking every time we added a new client.", "push"),
        ("We were losing deals because follow-ups slipped.", "push"),
        ("The forecasting view sold me in the first demo.", "pull"),
        ("I loved that it integrates with Gmail.", "pull"),
        ("I was worried the migration would lose our data.", "anxiety"),
        ("What if the team doesn't adopt it?", "anxiety"),
        ("Everyone knew the old system inside out.", "habit"),
        ("We'd always done it in Excel.", "habit"),
        ("Switching felt like a lot of effort.", "habit"),
    ],
)
def test_clear_examples_get_their_force_first(
    forces_coder: ForcesCoder, encoder: MiniLMEncoder, text: str, force: str
) -> None:
    (codes,) = coded(forces_coder, encoder, [text])
    assert codes and codes[0].label == force
    assert codes[0].kind == "force" and codes[0].coder == "desirelines.forces" and codes[0].version == "1"


def test_span_points_at_the_cue(forces_coder: ForcesCoder, encoder: MiniLMEncoder) -> None:
    text = "Honestly I was nervous about the contract length."
    (codes,) = coded(forces_coder, encoder, [text])
    anxiety = next(c for c in codes if c.label == "anxiety")
    assert anxiety.span is not None and text[anxiety.span[0] : anxiety.span[1]] == "nervous"


def test_an_utterance_can_carry_several_forces(forces_coder: ForcesCoder, encoder: MiniLMEncoder) -> None:
    (codes,) = coded(
        forces_coder, encoder, ["I loved the dashboards, but I was worried the team would never use them."]
    )
    assert {"pull", "anxiety"} <= {c.label for c in codes}


@pytest.mark.parametrize(
    "text",
    ["I'm the head of customer operations.", "We have offices in three countries.", "Can you hear me okay?"],
)
def test_neutral_statements_carry_no_force(
    forces_coder: ForcesCoder, encoder: MiniLMEncoder, text: str
) -> None:
    assert coded(forces_coder, encoder, [text]) == [[]]


def test_negated_worry_is_not_anxiety(forces_coder: ForcesCoder, encoder: MiniLMEncoder) -> None:
    worried, calm = forces_coder.predict(
        ["I was worried about the contract terms.", "I had no worries about the contract terms."],
        encoder.encode_features(
            ["I was worried about the contract terms.", "I had no worries about the contract terms."]
        ),
    )
    assert worried["anxiety"] > calm["anxiety"]


def test_predict_gives_all_four_scores(forces_coder: ForcesCoder, encoder: MiniLMEncoder) -> None:
    texts = ["We'd always done it in Excel."]
    (scores,) = forces_coder.predict(texts, encoder.encode(texts))
    assert tuple(scores) == FORCES and all(0.0 <= s <= 1.0 for s in scores.values())
    assert forces_coder.predict([], np.zeros((0, 384), dtype=np.float32)) == []
    with pytest.raises(ValueError, match="embeddings of shape"):
        forces_coder.predict(texts * 2, encoder.encode(texts))


def test_hostile_inputs_do_not_crash_and_score_low(forces_coder: ForcesCoder, encoder: MiniLMEncoder) -> None:
    scores = forces_coder.predict(HOSTILE, encoder.encode_features(HOSTILE))
    assert all(0.0 <= s <= 1.0 for row in scores for s in row.values())
    for text, row in zip(HOSTILE, scores, strict=True):
        if not any(c.isalpha() for c in text):
            assert max(row.values()) == 0.0
    quiet = [row for text, row in zip(HOSTILE, scores, strict=True) if "worried" not in text]
    thresholds = forces_coder.thresholds
    assert not any(row[f] >= thresholds[f] for row in quiet for f in FORCES)
    assert scores[1]["anxiety"] >= thresholds["anxiety"]


def test_prototypes_cover_every_force() -> None:
    data = yaml.safe_load(DEFAULT_FORCES_PATH.read_text(encoding="utf-8"))["prototypes"]
    assert all(len(data[force]) >= 25 for force in FORCES)


def test_stale_or_broken_model_files_are_refused(tmp_path: Path) -> None:

    with pytest.raises(ForcesModelError, match=r"another forces\.yaml"):
        read_forces_model(DEFAULT_MODEL_PATH, source_sha256="0" * 64)
    with pytest.raises(ForcesModelError, match="cannot read"):
        read_forces_model(tmp_path / "missing.npz")
    bad = tmp_path / "bad.npz"
    np.savez(bad, format_version=np.array(1))
    with pytest.raises(ForcesModelError, match="missing arrays"):
        read_forces_model(bad)
