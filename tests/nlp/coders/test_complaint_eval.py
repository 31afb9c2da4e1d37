"""Written complaints: the dev set's splits, macro-F1, and the cues written for complaint tweets."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from nlp.coders.complaint_eval import load_complaints
from nlp.coders.pain.rules import NEGATED, PRESENT, PainRules, load_pain_lexicon
from nlp.coders.scoring import macro_f1


@pytest.fixture(scope="module")
def rules() -> PainRules:
    return PainRules(load_pain_lexicon())


def test_macro_f1_averages_both_classes() -> None:
    truth = np.array([True, True, False, False])
    assert macro_f1(truth, truth) == 1.0
    assert macro_f1(truth, ~truth) == 0.0
    # one not-complaint called a complaint: complaint F1 4/5, not-complaint F1 2/3
    assert macro_f1(truth, np.array([True, True, True, False])) == pytest.approx((4 / 5 + 2 / 3) / 2)


def test_load_complaints_reads_one_split(tmp_path: Path) -> None:
    rows = [
        {"text": "still waiting for my bag", "complaint": 1, "split": "tune", "stage": "post-purchase"},
        {"text": "see you in Denver", "complaint": 0, "split": "heldout", "stage": "none"},
        {"text": "booked, thanks", "complaint": "0", "split": "tune", "stage": "purchase"},
    ]
    path = tmp_path / "tweets.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n\n", encoding="utf-8")
    tune = load_complaints(path, split="tune")
    assert [(r.text, r.complaint, r.stage) for r in tune] == [
        ("still waiting for my bag", True, "post-purchase"),
        ("booked, thanks", False, "purchase"),
    ]
    assert len(load_complaints(path)) == 3


def test_the_non_commercial_tweets_are_not_shipped() -> None:
    assert not (Path(__file__).resolve().parents[3] / "nlp" / "eval" / "complaint_tweets_dev.jsonl").exists()


@pytest.mark.parametrize(
    ("text", "cue", "status"),
    [
        ("@brand I've never experienced worse customer service", "never experienced worse", PRESENT),
        ("Charged twice for one bag #fail", "#fail", PRESENT),
        ("gate agents nowhere #theworst", "#theworst", PRESENT),
        ("you are not doing your job", "not doing your job", PRESENT),
        ("there isn't any choice there because we're using the display", "n't any choice", PRESENT),
        ("it will increase the cost a lot", "increase the cost", PRESENT),
        ("two hours of personal time wasted", "time wasted", PRESENT),
        ("no problems at all", "problems", NEGATED),
    ],
)
def test_written_complaint_cues(rules: PainRules, text: str, cue: str, status: str) -> None:
    findings = rules.analyse([text])[0]
    by_text = {c.text.lower(): c.status for c in findings.cues}
    assert by_text.get(cue) == status, findings.cues


def test_a_praise_hashtag_is_no_complaint_cue(rules: PainRules) -> None:
    findings = rules.analyse(["Great crew today #bestairline #thankyou"])[0]
    assert findings.best is None
