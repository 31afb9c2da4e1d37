"""Words that name a speaker's role in an interview ("Interviewer 1", "Participant", "Q")."""

from __future__ import annotations

import re
from functools import lru_cache

from nlp.types import SpeakerRole

INTERVIEWER_WORDS = frozenset(
    {"interviewer", "moderator", "researcher", "host", "facilitator", "question", "int", "iv"}
)
RESPONDENT_WORDS = frozenset(
    {"interviewee", "respondent", "participant", "customer", "guest", "answer", "user", "client"}
)
# Single letters count only when they are the whole label ("Q", "A", "P3"), never inside a name.
_INTERVIEWER_LETTERS = frozenset({"q", "i"})
_RESPONDENT_LETTERS = frozenset({"a", "r", "p"})
_QUALIFIERS = frozenset({"ux", "lead", "senior", "speaker", "co"})
_ROLE_VOCABULARY = INTERVIEWER_WORDS | RESPONDENT_WORDS | _QUALIFIERS
_TOKEN = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=4096)
def role_from_label(label: str) -> SpeakerRole | None:
    """The role a speaker label names, or None for a personal name or "Speaker 2"."""
    tokens = _TOKEN.findall(label.lower())
    if len(tokens) == 1 and len(tokens[0]) == 1:
        return _letter_role(tokens[0])
    words = set(tokens)
    if words & INTERVIEWER_WORDS:
        return SpeakerRole.INTERVIEWER
    if words & RESPONDENT_WORDS:
        return SpeakerRole.RESPONDENT
    return None


@lru_cache(maxsize=4096)
def is_role_label(label: str) -> bool:
    """Whether a label is made only of role words and numbers ("interviewer 2", "UX Researcher", "P3")."""
    tokens = _TOKEN.findall(label.lower())
    return bool(tokens) and all(token in _ROLE_VOCABULARY or len(token) == 1 for token in tokens)


def _letter_role(letter: str) -> SpeakerRole | None:
    if letter in _INTERVIEWER_LETTERS:
        return SpeakerRole.INTERVIEWER
    if letter in _RESPONDENT_LETTERS:
        return SpeakerRole.RESPONDENT
    return None
