"""The JTBD forces diagram."""

from __future__ import annotations

from nlp.aggregate.evidence import Evidence
from nlp.aggregate.forces_diagram import FORCES, forces_diagram


def coded(uid: int, who: str, **forces: float) -> Evidence:
    return Evidence(
        uid, f"Utterance {uid} by {who}.", participant=who, source=f"interview-{who}", forces=forces
    )


def sample() -> list[Evidence]:
    return [
        coded(1, "ana", push=0.9),
        coded(2, "ana", push=0.95),
        coded(3, "ben", push=0.6, anxiety=0.7),
        coded(4, "cy", push=0.55),
        coded(5, "cy", pull=0.8),
        coded(6, "ben", habit=0.4),  # below the threshold
        coded(7, "dee", push=0.7),
        coded(8, "eli", push=0.65),
        coded(9, "fay", push=0.5),
    ]


def test_four_forces_in_fixed_order_with_counts() -> None:
    diagram = forces_diagram(sample())

    assert [f.force for f in diagram] == list(FORCES) == ["push", "pull", "anxiety", "habit"]
    assert [(f.utterances, f.participants, f.utterance_ids) for f in diagram] == [
        (7, 6, [1, 2, 3, 4, 7, 8, 9]),
        (1, 1, [5]),
        (1, 1, [3]),
        (0, 0, []),
    ]
    assert diagram[3].quotes == []


def test_quotes_are_the_strongest_one_per_participant_first_and_at_most_five() -> None:
    push = forces_diagram(sample())[0]

    # ana's 0.95 beats her 0.9, which waits until every other participant has had a quote.
    assert [q.utterance_id for q in push.quotes] == [2, 7, 8, 3, 4]


def test_quotes_are_verbatim() -> None:
    texts = {e.utterance_id: e.text for e in sample()}
    for force in forces_diagram(sample()):
        assert all(q.text == texts[q.utterance_id] for q in force.quotes)


def test_min_score_sets_the_threshold() -> None:
    diagram = forces_diagram(sample(), min_score=0.3)

    assert diagram[3].utterance_ids == [6]
    assert forces_diagram(sample(), min_score=0.9)[0].utterance_ids == [1, 2]


def test_no_evidence_gives_four_empty_forces() -> None:
    assert [(f.force, f.utterances) for f in forces_diagram([])] == [(f, 0) for f in FORCES]
