"""How much evidence a journey stage or a canvas field rests on, and when that is too little to trust.

A stage with fewer than `MIN_UTTERANCES` utterances or `MIN_PARTICIPANTS` participants, and a canvas
field resting on one participant, is "low support": pages grey it and say why, exports carry the flag.
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
        if not self.low:
            return ""
        said = _count(self.utterances, "utterance")
        return f"low support: {said}, {_count(self.participants, 'participant')}"

    def to_dict(self) -> dict[str, Any]:
        return {"utterances": self.utterances, "participants": self.participants, "low": self.low}


def field_low_support(participants: int, *, has_value: bool, generated: bool = False) -> bool:
    """A canvas field with a value that rests on a single participant (a generated picture never is)."""
    return has_value and not generated and participants < MIN_PARTICIPANTS


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
