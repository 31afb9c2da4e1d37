"""The JTBD forces diagram: push, pull, anxiety and habit, each with its strongest quotes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from nlp.aggregate.evidence import Evidence, Quote
from nlp.aggregate.journey import intensity, participant_key, pick_quotes
from nlp.aggregate.talk import substantive
from nlp.types import FORCES

MAX_FORCE_QUOTES = 5


@dataclass(slots=True)
class ForceSummary:
    """One force of the diagram.

    Attributes:
        force: "push", "pull", "anxiety" or "habit".
        utterances: Utterances coded with the force at or above the threshold.
        participants: Distinct participants among them.
        utterance_ids: Their ids, ascending.
        quotes: Up to five verbatim quotes, highest force score first, one per participant before
            any second one.
    """

    force: str
    utterances: int
    participants: int
    utterance_ids: list[int]
    quotes: list[Quote]


def forces_diagram(evidence: Sequence[Evidence], *, min_score: float = 0.5) -> list[ForceSummary]:
    """Summarise the four forces over a project's or a persona's evidence.

    Args:
        evidence: Coded utterances.
        min_score: Lowest force confidence that counts an utterance for a force.

    Returns:
        One summary per force, in the order push, pull, anxiety, habit (empty ones included).
    """
    substantive_only = [evidence[i] for i in substantive(evidence)]  # no force from "Yeah." or thanks
    return [
        _summary(force, [e for e in substantive_only if e.forces.get(force, 0.0) >= min_score])
        for force in FORCES
    ]


def _summary(force: str, members: Sequence[Evidence]) -> ForceSummary:
    def strength(item: Evidence) -> tuple[float, ...]:
        return (item.forces[force], *intensity(item))

    return ForceSummary(
        force=force,
        utterances=len(members),
        participants=len({participant_key(e) for e in members}),
        utterance_ids=sorted(e.utterance_id for e in members),
        quotes=pick_quotes(members, strength, MAX_FORCE_QUOTES),
    )
