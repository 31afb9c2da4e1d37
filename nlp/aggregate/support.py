"""How much evidence a journey stage or a canvas field rests on, and when that is too little to trust.

A stage with fewer than `MIN_UTTERANCES` utterances or `MIN_PARTICIPANTS` participants, and a canvas
field or a journey cell's claim resting on one participant, is "low support": pages grey it and say why,
exports carry the flag.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

MIN_UTTERANCES = 5
MIN_PARTICIPANTS = 2


@dataclass(frozen=True, slots=True)
class Support:
    """The evidence behind one stage or field: utterances, distinct participants, and whether it is low."""

    utterances: int
    participants: int

    @property
    def low(self) -> bool:
        return self.utterances < MIN_UTTERANCES or self.participants < MIN_PARTICIPANTS

    @property
    def note(self) -> str:
        """ "low support: 3 utterances, 1 participant" when low, else ""."""
        return low_support_note(self.utterances, self.participants) if self.low else ""

    def to_dict(self) -> dict[str, Any]:
        return {"utterances": self.utterances, "participants": self.participants, "low": self.low}


def field_low_support(participants: int, *, has_value: bool, generated: bool = False) -> bool:
    """A canvas field with a value that rests on a single participant (a generated picture never is)."""
    return has_value and not generated and participants < MIN_PARTICIPANTS


def claim_low_support(participants: int) -> bool:
    """A journey cell's claim (a touchpoint, an action, a pain ...) that rests on a single participant."""
    return participants < MIN_PARTICIPANTS


def low_support_note(utterances: int, participants: int) -> str:
    """ "low support: 1 utterance, 1 participant": what a low-support stage or claim rests on."""
    return f"low support: {_count(utterances, 'utterance')}, {_count(participants, 'participant')}"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
