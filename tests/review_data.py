"""Hand-computed agreement fixture and a learnable project for the review, agreement and browser tests."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np
from fastapi.testclient import TestClient

from app.coding.features import StoredFeatureEncoder
from nlp.encoder import EncodedBatch
from tests.factories import interview, make_project, upload
from tests.fakes import FakePipeline, WordOverlapEncoder

# The fake pipeline says "frustration" where something broke or was lost, "neutral" elsewhere.
AGREEMENT_LINES = [
    "The export broke during the audit.",
    "We lost two clients over the delays.",
    "We met the vendor on a Tuesday.",
    "The team reads the weekly summary.",
    "Our manager signs every order.",
    "The office moved to the second floor.",
]
# Per line: (review action, label). Pairs (machine, researcher):
# (F,F) (F,anxiety) (N,N) (N,N) (N,F) (N,none): 6 units, observed 3/6.
# Cohen's kappa: expected = (2*2 + 4*2) / 36 = 1/3, kappa = (1/2 - 1/3) / (2/3) = 0.25.
# Krippendorff's alpha: 12 values; totals F 4, N 6, anxiety 1, none 1; D_o = 6 ordered disagreeing pairs,
# D_e = 144 - (16 + 36 + 1 + 1) = 90; alpha = 1 - 11 * 6 / 90 = 4/15 = 0.2667.
AGREEMENT_DECISIONS = [
    ("accept", None),
    ("change", "anxiety"),
    ("accept", None),
    ("accept", None),
    ("change", "frustration"),
    ("reject", None),
]
EXPECTED_KAPPA = 0.25
EXPECTED_ALPHA = 4 / 15


def agreement_project(client: TestClient) -> dict:  # type: ignore[type-arg]
    """A coded project whose emotion review decisions give the hand-computed kappa and alpha above."""
    project = make_project(client, "Agreement study")
    response = upload(client, project["id"], "a.txt", interview("Ana", AGREEMENT_LINES))
    assert response.status_code == 201, response.text
    queue = client.get(f"/api/projects/{project['id']}/review/queue", params={"kind": "emotion"}).json()
    by_text = {item["text"]: item for item in queue}
    for line, (action, label) in zip(AGREEMENT_LINES, AGREEMENT_DECISIONS, strict=True):
        item = next(v for k, v in by_text.items() if k.startswith(line))
        body = {"code_id": item["code_id"], "action": action, **({"label": label} if label else {})}
        assert client.post(f"/api/projects/{project['id']}/review/decisions", json=body).status_code == 201
    return project


class WordFeatureEncoder:
    """Stored features with meaning the head can learn from: texts sharing words are close."""

    def encode_features(self, texts: Sequence[str]) -> EncodedBatch:
        embeddings = WordOverlapEncoder().encode(texts)
        return EncodedBatch(embeddings, np.repeat(embeddings[:, None, :], 7, axis=1))


def word_factory(framework: str, encoder: StoredFeatureEncoder) -> FakePipeline:
    encoder._encoder = WordFeatureEncoder  # type: ignore[assignment]
    return FakePipeline(encoder)


NOUNS = [
    "invoice",
    "dashboard",
    "scanner",
    "report",
    "calendar",
    "printer",
    "billing",
    "forecast",
    "roster",
    "pipeline",
    "ledger",
    "inbox",
    "archive",
    "checkout",
    "timesheet",
]
TEMPLATES = [
    ("I love how the {} looks now and it is great.", "delight"),
    ("I was worried and afraid the {} would fail us.", "anxiety"),
    ("The {} broke again this week.", "frustration"),
    ("We check the {} on Mondays.", "neutral"),
]


def learnable_lines() -> list[tuple[str, str]]:
    """60 (line, the researcher's emotion) pairs; the fake machine gets delight and anxiety wrong."""
    return [(template.format(noun), truth) for noun in NOUNS for template, truth in TEMPLATES]


def split(key: str) -> bool:
    """A fixed half of the lines, by a hash of the text: True = used to learn, False = held out."""
    return hashlib.sha1(key.encode()).digest()[0] % 2 == 0
