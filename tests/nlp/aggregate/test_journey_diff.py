"""Comparing two saved journey-map versions."""

from __future__ import annotations

from typing import Any

import pytest

from nlp.aggregate.journey import Opportunity, Stage, build_journey_map, journey_to_dict
from nlp.aggregate.journey_diff import NO_CHANGES, Change, compare_maps
from tests.nlp.aggregate.test_journey import STAGES, evidence, fixture_evidence


def snapshot(items: list[Any] | None = None, **kwargs: Any) -> dict[str, Any]:
    return journey_to_dict(
        build_journey_map(
            kwargs.pop("stages", STAGES), items or fixture_evidence(), framework="test-four", **kwargs
        )
    )


def two_new_participants() -> list[Any]:
    """Dee and Eli, interviewed later: both hate the contract length at the consideration stage."""
    return [
        evidence(20, "dee", "consideration", "A three-year contract was a dealbreaker for us.", -0.9, "frustration",
                 pain="contract length", pain_score=0.9),
        evidence(21, "eli", "consideration", "We pushed back hard on the contract term.", -0.8, "frustration",
                 pain="contract length", pain_score=0.8),
    ]  # fmt: skip


def find(changes: list[Change], **fields: Any) -> list[Change]:
    return [c for c in changes if all(getattr(c, k) == v for k, v in fields.items())]


def test_identical_maps_have_no_changes() -> None:
    diff = compare_maps(snapshot(), snapshot())

    assert diff.changes == []
    assert diff.summary == [NO_CHANGES]


def test_new_participants_add_a_pain_point_and_shift_valence() -> None:
    old = snapshot()
    new = snapshot(fixture_evidence() + two_new_participants())

    diff = compare_maps(old, new)
    assert find(diff.changes, stage="consideration", row="pain_points", kind="added") == [
        Change("consideration", "pain_points", "added", "contract length", None, 2)
    ]
    [shift] = find(diff.changes, stage="consideration", label="mean valence")
    assert (
        shift.flagged
        and shift.before == pytest.approx(-0.18)
        and shift.after == pytest.approx(-0.3714, abs=1e-4)
    )
    assert find(diff.changes, row="totals") == [
        Change("", "totals", "changed", "participants", 3, 5),
        Change("", "totals", "changed", "utterances", 11, 13),  # the fixture's filler is no utterance
    ]
    assert find(diff.changes, stage="consideration", row="touchpoints", label="contract") == [
        Change("consideration", "touchpoints", "changed", "contract", 1, 3)
    ]
    assert diff.summary[0] == "Overall: participants 3 -> 5; utterances 11 -> 13."
    assert diff.summary[1].startswith(
        "Consideration: 1 new pain point (contract length); mean valence -0.18 -> -0.37"
    )
    assert len(diff.summary) == 2  # no other stage changed


def test_changes_come_in_map_order_and_stages_by_importance_in_the_summary() -> None:
    later = [
        evidence(30, "dee", "onboarding", "Setup was a total mess with support.", -0.9, "frustration",
                 pain="setup", pain_score=0.9),
        evidence(31, "dee", "awareness", "I saw a billboard.", 0.1, "curiosity"),
    ]  # fmt: skip

    diff = compare_maps(snapshot(), snapshot(fixture_evidence() + later))
    stages = [c.stage for c in diff.changes if c.stage]
    assert stages == sorted(stages, key=["awareness", "consideration", "decision", "onboarding"].index)
    assert diff.summary[1].startswith("Onboarding: 1 new pain point (setup); mean valence 0.30 -> -0.10")
    assert diff.summary[2].startswith("Awareness:")


def test_removed_items_and_dominant_emotion_change() -> None:
    fewer = [e for e in fixture_evidence() if e.utterance_id != 8]

    diff = compare_maps(snapshot(), snapshot(fewer))
    assert Change("consideration", "pain_points", "removed", "sales pressure", 1, None) in diff.changes
    assert Change("consideration", "teams", "changed", "sales", 2, 1) in diff.changes
    assert "1 pain point no longer mentioned (sales pressure)" in diff.summary[1]


def test_opportunities_and_kpis_added_removed_and_edited() -> None:
    before = [Opportunity(1, "Cap follow-ups", "consideration", "high", []),
              Opportunity(2, "Total cost upfront", "consideration", "low", ["pricing"])]  # fmt: skip
    after = [Opportunity(2, "Total cost upfront", "consideration", "medium", ["pricing"]),
             Opportunity(3, "Faster import", "onboarding", "high", [])]  # fmt: skip

    diff = compare_maps(
        snapshot(opportunities=before, kpis={"decision": ["Close in 30 days"]}),
        snapshot(opportunities=after, kpis={"decision": ["Close in 20 days"]}),
    )
    kinds = [(c.stage, c.row, c.kind, c.label) for c in diff.changes]
    assert kinds == [
        ("consideration", "opportunities", "removed", "Cap follow-ups"),
        ("consideration", "opportunities", "changed", "Total cost upfront"),
        ("decision", "kpis", "added", "Close in 20 days"),
        ("decision", "kpis", "removed", "Close in 30 days"),
        ("onboarding", "opportunities", "added", "Faster import"),
    ]
    edited = diff.changes[1]
    assert (edited.before["feasibility"], edited.after["feasibility"]) == ("low", "medium")
    assert any("1 new opportunity (Faster import)" in s for s in diff.summary)


def test_a_stage_missing_from_one_version_is_added_or_removed() -> None:
    fewer_stages = [s for s in STAGES if s.id != "decision"] + [Stage("advocacy", "Advocacy")]

    diff = compare_maps(snapshot(), snapshot(stages=fewer_stages))
    assert Change("advocacy", "stages", "added", "Advocacy") in diff.changes
    assert Change("decision", "stages", "removed", "Decision") in diff.changes


def test_small_valence_shift_is_reported_but_not_flagged() -> None:
    nudged = [e if e.utterance_id != 9 else evidence(9, "ana", "onboarding", e.text, 0.9, "delight")
              for e in fixture_evidence()]  # fmt: skip

    diff = compare_maps(snapshot(), snapshot(nudged))
    [change] = diff.changes
    assert (change.stage, change.row, change.label, change.flagged) == (
        "onboarding",
        "emotions",
        "mean valence",
        False,
    )
    assert (change.before, change.after) == (pytest.approx(0.3), pytest.approx(0.35))
    assert diff.summary == ["Onboarding: mean valence 0.30 -> 0.35 (small shift)."]


def test_compare_rejects_data_that_is_not_a_map() -> None:
    with pytest.raises(ValueError, match="version"):
        compare_maps({}, snapshot())
