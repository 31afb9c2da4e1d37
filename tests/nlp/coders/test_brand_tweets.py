"""Brand complaint tweets: our stage labels joined to the (unshipped) complaints CSV, and brand-tweet stage cues."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from nlp.coders.complaint_eval import BRAND_STAGES_PATH, ComplaintRow, load_brand_tweets, stage_report
from nlp.coders.stage.cues import CueMatcher, extra_cues
from nlp.coders.stage.labels import FIVE_STAGES
from nlp.frameworks import load_framework


def write_rows(path: Path, rows: list[list[str]], delimiter: str = ",") -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path


def test_stage_labels_join_the_csv_by_tweet_id(tmp_path: Path) -> None:
    tweets = write_rows(
        tmp_path / "complaints-data.csv",
        [["11", "@brand my order never came", "1", "retail"], ["12", "lovely day", "0", "random_tweet"]],
    )
    stages = write_rows(
        tmp_path / "stages.tsv",
        [["tweet_id", "split", "stage"], ["12", "tune", "none"], ["11", "heldout", "post-purchase"]],
        delimiter="\t",
    )
    rows = load_brand_tweets(tweets, stages)
    assert [(r.text, r.complaint, r.split, r.stage) for r in rows] == [
        ("lovely day", False, "tune", "none"),
        ("@brand my order never came", True, "heldout", "post-purchase"),
    ]
    assert [r.text for r in load_brand_tweets(tweets, stages, split="heldout")] == [
        "@brand my order never came"
    ]


def test_a_labelled_id_missing_from_the_csv_is_an_error(tmp_path: Path) -> None:
    tweets = write_rows(tmp_path / "complaints-data.csv", [["11", "hello", "0", "other"]])
    stages = write_rows(
        tmp_path / "stages.tsv", [["tweet_id", "split", "stage"], ["99", "tune", "none"]], "\t"
    )
    with pytest.raises(KeyError):
        load_brand_tweets(tweets, stages)


def test_the_shipped_labels_hold_ids_splits_and_stages_but_no_text() -> None:
    with BRAND_STAGES_PATH.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    assert rows and set(rows[0]) == {"tweet_id", "split", "stage"}
    assert {r["split"] for r in rows} == {"tune", "heldout"}
    assert {r["stage"] for r in rows} <= {*FIVE_STAGES, "none"}
    assert all(r["tweet_id"].isdigit() for r in rows)


@pytest.mark.parametrize(
    ("text", "stage"),
    [
        ("@brand will you be getting the blue dress back in stock?", "research"),
        ("@brand is the charger compatible with the older model?", "research"),
        ("@brand your site won't let me submit my order, tried three cards", "purchase"),
        ("@brand I bought it last month and it already stopped working", "post-purchase"),
        ("@brand this is my new favorite store", "loyalty-advocacy"),
        ("@brand won't be renewing at that price", "loyalty-advocacy"),
        ("@brand will windows run on this model?", "research"),
        ("@brand where can you get the winter range these days?", "research"),
        ("@brand your card reader won't accept my card at checkout", "purchase"),
        ("@brand how can I order the large size online?", "purchase"),
        ("@brand the milk I got today had expired", "post-purchase"),
        ("@brand internet has been down all evening, is there an outage?", "post-purchase"),
        ("@brand I bought this two months ago and it fell apart", "post-purchase"),
        ("@brand I will never buy from you again", "loyalty-advocacy"),
        ("@brand been a customer for 8 years and this is how you treat me", "loyalty-advocacy"),
        ("@brand I'm taking my business elsewhere", "loyalty-advocacy"),
        ("@brand just discovered your shop, where have you been all my life", "awareness"),
    ],
)
def test_brand_tweet_cues_point_to_their_stage(text: str, stage: str) -> None:
    framework = load_framework("seven-step")
    ids = [s.id for s in framework.stages]
    hits = {ids[hit.stage] for hit in CueMatcher(framework.stages, extra_cues()).hits(text)}
    assert stage in hits, hits


def test_stage_report_gives_macro_f1_over_present_stages_and_abstentions() -> None:
    rows = [
        ComplaintRow("a", True, "heldout", "post-purchase"),
        ComplaintRow("b", True, "heldout", "post-purchase"),
        ComplaintRow("c", False, "heldout", "research"),
        ComplaintRow("d", False, "heldout", "none"),
        ComplaintRow("e", False, "heldout", "none"),
    ]
    report = stage_report(rows, ["post-purchase", "none", "research", "none", "loyalty"])
    # post-purchase F1 2/3, research 1: five-class mean 0.33, mean over the two stages present 0.83.
    assert "macro-F1 0.33 on 3 tweets with a stage" in report
    assert "0.83 over the 2 stages they have" in report
    assert "abstained on 1 of 3 with a stage and on 1 of 2 without one" in report


@pytest.mark.parametrize(
    ("text", "stage"),
    [
        ("@brand will you be getting the green coat back in stock?", "research"),
        ("@brand can't check out, your site won't let me pay", "purchase"),
        ("@brand my order arrived damaged and half of it is missing", "post-purchase"),
        ("@brand 12 years a customer and I'm switching to another provider", "loyalty"),
    ],
)
def test_the_shipped_coder_codes_clear_brand_tweets(text: str, stage: str) -> None:
    from nlp.coders.stage.coder import get_stage_coder
    from nlp.coders.stage.labels import collapse_to_five
    from nlp.encoder import get_encoder
    from nlp.types import CodingInput

    [code] = get_stage_coder("seven-step").decide([CodingInput(text)], get_encoder().encode([text]))
    assert collapse_to_five(code.label) == stage


@pytest.mark.parametrize(
    "text",
    [
        "The problem is we never get clean training data.",  # the struggle before any purchase
        "That was a real issue for the team.",
        "Google has thousands of services on a shared platform.",  # the company, not a search
        "My research was on speech recognition.",  # academic research, not shopping around
        "We support both Python and R.",
    ],
)
def test_interview_talk_holds_no_stage_cue(text: str) -> None:
    framework = load_framework("seven-step")
    assert CueMatcher(framework.stages, extra_cues()).hits(text) == []


@pytest.mark.parametrize(
    ("text", "stage"),
    [
        ("I contacted customer support twice.", "post-purchase"),
        ("I just googled the best blenders.", "research"),
        ("We've been researching CRMs for a month.", "research"),
    ],
)
def test_customer_phrases_keep_their_stage_cue(text: str, stage: str) -> None:
    framework = load_framework("seven-step")
    ids = [s.id for s in framework.stages]
    assert stage in {ids[hit.stage] for hit in CueMatcher(framework.stages, extra_cues()).hits(text)}
