"""Who is the interviewer: from speaker labels first, then from how each speaker talks."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from nlp.ingest.speaker_words import role_from_label
from nlp.types import SpeakerRole, Transcript, Turn

# fmt: off
_QUESTION_WORDS = frozenset(
    {
        "what", "why", "how", "when", "where", "who", "whom", "whose", "which", "do", "does", "did",
        "can", "could", "would", "will", "is", "are", "was", "were", "have", "has", "had", "should",
        "shall", "may", "might", "tell", "walk", "describe",
    }
)
# fmt: on
_FILLERS = re.compile(
    r"^(?:(?:u+m+|u+h+|e+r+m*|ah|oh|so|and|but|okay|ok|like|well|right|yeah|yes|great|cool|m+h*m+|h+m+|"
    r"alright|sure|now|you know|i see|got it|thanks|thank you|interesting)\b[\s,.;:!\-]*)+"
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
INTERVIEWER_QUESTION_RATIO = 0.5
SHORT_TURN_SHARE = 0.5


@dataclass(slots=True)
class _Stats:
    turns: int = 0
    questions: int = 0
    words: int = 0

    @property
    def question_ratio(self) -> float:
        return self.questions / self.turns

    @property
    def mean_words(self) -> float:
        return self.words / self.turns


def infer_roles(
    transcript: Transcript, overrides: Mapping[str, SpeakerRole] | None = None
) -> dict[str, SpeakerRole]:
    """Interviewer or respondent for each speaker label of a transcript.

    Labels that name a role ("Interviewer 2", "Participant", "Q") decide first. Beside one such label
    a single other speaker takes the other role; otherwise speakers are judged by how often their turns
    are questions and how long they speak. With two or more speakers at least one is a respondent.

    Args:
        transcript: The interview.
        overrides: Roles a person has set; they win over anything inferred.
    """
    stats = _speaker_stats(transcript.turns)
    named = {speaker: role for speaker in stats if (role := role_from_label(speaker)) is not None}
    unnamed = [speaker for speaker in stats if speaker not in named]
    if len(named) == 1 and len(unnamed) == 1:
        guessed = {unnamed[0]: _other(*named.values())}  # "Guest" and "Dana Kim": Dana is interviewing
    else:
        guessed = _by_behaviour(stats, unnamed)
    roles = {**guessed, **named}
    if len(roles) >= 2 and SpeakerRole.RESPONDENT not in roles.values():
        roles[_likeliest_respondent(stats, named)] = SpeakerRole.RESPONDENT
    roles.update({speaker: role for speaker, role in (overrides or {}).items() if speaker in roles})
    return roles


def is_question(text: str) -> bool:
    """Whether a turn ends in a question mark or its last sentence opens like a question."""
    text = text.strip()
    if text.endswith("?"):
        return True
    last = _FILLERS.sub("", _SENTENCE_END.split(text)[-1].lower())
    words = last.split(maxsplit=1)
    return bool(words) and words[0].strip(",.;:!") in _QUESTION_WORDS


def _speaker_stats(turns: Iterable[Turn]) -> dict[str, _Stats]:
    stats: dict[str, _Stats] = {}
    for turn in turns:
        entry = stats.setdefault(turn.speaker, _Stats())
        entry.turns += 1
        entry.questions += is_question(turn.text)
        entry.words += len(turn.text.split())
    return stats


def _by_behaviour(stats: dict[str, _Stats], speakers: list[str]) -> dict[str, SpeakerRole]:
    if len(stats) == 1:
        return dict.fromkeys(speakers, SpeakerRole.RESPONDENT)
    longest = _longest(stats)
    roles = {speaker: _judge(stats[speaker], longest) for speaker in speakers}
    if len(stats) == 2 and len(speakers) == 2 and len(set(roles.values())) == 1:
        asker, answerer = sorted(speakers, key=lambda speaker: _asking_score(stats[speaker], longest))[::-1]
        roles = {asker: SpeakerRole.INTERVIEWER, answerer: SpeakerRole.RESPONDENT}
    return roles


def _judge(entry: _Stats, longest: float) -> SpeakerRole:
    short = entry.mean_words <= SHORT_TURN_SHARE * longest
    asks = entry.question_ratio >= INTERVIEWER_QUESTION_RATIO
    if asks or (short and entry.question_ratio >= INTERVIEWER_QUESTION_RATIO / 2):
        return SpeakerRole.INTERVIEWER
    return SpeakerRole.RESPONDENT


def _asking_score(entry: _Stats, longest: float) -> float:
    return entry.question_ratio + (1 - entry.mean_words / longest)


def _likeliest_respondent(stats: dict[str, _Stats], named: Mapping[str, SpeakerRole]) -> str:
    """The speaker who asks least and talks longest, preferring those whose label names no role."""
    unnamed = [speaker for speaker in stats if speaker not in named] or list(stats)
    longest = _longest(stats)
    return min(unnamed, key=lambda speaker: _asking_score(stats[speaker], longest))


def _other(role: SpeakerRole) -> SpeakerRole:
    return SpeakerRole.RESPONDENT if role is SpeakerRole.INTERVIEWER else SpeakerRole.INTERVIEWER


def _longest(stats: dict[str, _Stats]) -> float:
    """The longest mean turn in words; at least 1 so that ratios to it are defined."""
    return max([1.0, *(entry.mean_words for entry in stats.values())])
