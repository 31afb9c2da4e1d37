"""One person, one speaker label: variants of a label in one file are read as the same speaker.

Transcribers write the same person several ways in one file: "Interviewee", "Interviewee.", "INTERVIEWEE",
"Interviewee 1" (when nobody else is numbered), "Interviewee 1 or Interviewee 2" (when unsure who spoke),
"Dana Kim (she/her)" beside "Dana Kim" (a video call's display name with a note, on some turns only).
Each variant would otherwise become a participant of its own. Numbered speakers stay apart only when two
or more different numbers of one label appear on their own ("Interviewee 1" and "Interviewee 2").
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from nlp.types import Transcript, Turn

_EDGES = " \t.,:;!?-\u2013\u2014*_\"'`()[]{}<>"
_CLOSERS = {")": "(", "]": "[", "}": "{", ">": "<"}
_ALTERNATIVE = re.compile(r"\s+or\s+|\s*/\s*|\s*\|\s*", re.IGNORECASE)
_NUMBERED = re.compile(r"^(?P<base>.*?)[\s#._-]*(?:no\.?\s*)?(?P<number>\d+)$")
_AFFIX = re.compile(r"\s*\([^()]{1,30}\)$")  # "(she/her)", "(Guest)", "(Netflix)"
# What Teams and Zoom add to an attendee's name ("Marco Rossi (Guest)") and a pronoun note ("(she/her)"):
# never part of who the person is, unlike "(Netflix)" or a file's "(P1)".
_PRONOUN = r"(?:she|her|hers|he|him|his|they|them|theirs|ze|zir|hir|xe|xem|any|all)"
_ATTENDEE_NOTE = re.compile(
    rf"\s*\((?:guest|external|unverified|{_PRONOUN}(?:\s*/\s*{_PRONOUN})+)\)$", re.IGNORECASE
)
MAX_ALTERNATIVES = 4


@dataclass(frozen=True, slots=True)
class SpeakerKey:
    """What identifies a label: its words in lower case and its number, if any ("interviewee", "1")."""

    base: str
    number: str | None = None


def clean_label(label: str) -> str:
    """The label without surrounding punctuation and with single spaces ("Interviewee." -> "Interviewee").

    A closing bracket that closes one inside the label stays: "Tom Becker (Guest)." -> "Tom Becker (Guest)".
    """
    start, end = len(label) - len(label.lstrip(_EDGES)), len(label.rstrip(_EDGES))
    while end < len(label) and (opener := _CLOSERS.get(label[end])) is not None:
        if label.count(opener, start, end) <= label.count(label[end], start, end):
            break
        end += 1
    return " ".join(label[start:end].split()) or " ".join(label.split())


def bare_name(label: str) -> str:
    """The name without an attendee status or pronoun note: "Marco Rossi (Guest)", "Dana Kim (she/her)"
    -> "Marco Rossi", "Dana Kim"; any other bracket stays ("Tom (Netflix)")."""
    label = label.strip()
    return _ATTENDEE_NOTE.sub("", label) or label


def speaker_key(label: str) -> SpeakerKey:
    """The key of one label: case, spacing, surrounding punctuation and number style do not matter."""
    cleaned = clean_label(label).lower()
    match = _NUMBERED.match(cleaned)
    if match is None:
        return SpeakerKey(cleaned)
    base = match["base"].strip(_EDGES)
    return SpeakerKey(base, str(int(match["number"])))


def alternatives(label: str) -> list[SpeakerKey] | None:
    """The keys of an "A or B" label naming one speaker twice ("Interviewee 1 or 2"), else None.

    A bare number takes the words of the part before it. The parts must share their words: "Tom or Jerry"
    is not read as an alternative (it stays a speaker of its own).
    """
    parts = [part for part in _ALTERNATIVE.split(clean_label(label)) if part.strip(_EDGES)]
    if not 2 <= len(parts) <= MAX_ALTERNATIVES:
        return None
    keys: list[SpeakerKey] = []
    for part in parts:
        key = speaker_key(part)
        if not key.base and keys:
            key = SpeakerKey(keys[-1].base, key.number)
        keys.append(key)
    return keys if len({key.base for key in keys}) == 1 and keys[0].base else None


def unify_speakers(transcript: Transcript) -> Transcript:
    """The transcript with every variant of one speaker's label replaced by one label.

    The label kept is the cleaned form of the variant with the most turns. Consecutive turns that now
    share a speaker become one turn. A warning lists what was merged.
    """
    mapping = speaker_mapping([turn.speaker for turn in transcript.turns])
    if all(old == new for old, new in mapping.items()):
        return transcript
    turns = _merged([replace(turn, speaker=mapping[turn.speaker]) for turn in transcript.turns])
    return replace(transcript, turns=turns, warnings=[*transcript.warnings, *_notes(mapping)])


def speaker_mapping(labels: list[str]) -> dict[str, str]:
    """Each label (one per turn, in file order) -> the label of the person it names."""
    turns = Counter(labels)
    distinct = list(turns)
    alternative = {label: keys for label in distinct if (keys := alternatives(label)) is not None}
    standalone = {label: speaker_key(label) for label in distinct if label not in alternative}
    known = set(standalone.values())
    standalone = {label: _bare_key(label, key, known) for label, key in standalone.items()}
    group_of = _groups(list(standalone.values()))
    groups = {label: group_of[key] for label, key in standalone.items()}
    for label, keys in alternative.items():
        groups[label] = next((group_of[key] for key in keys if key in group_of), None) or _group_of_base(
            keys, group_of
        )
    return _named(groups, turns, distinct)


def _bare_key(label: str, key: SpeakerKey, keys: set[SpeakerKey]) -> SpeakerKey:
    """The key of the label without its affix ("Dana Kim (she/her)": "dana kim") when the file also has
    that bare label; otherwise the label's own key, so "Participant (P1)" and "(P2)" stay two people."""
    cleaned = clean_label(label)
    if _AFFIX.search(cleaned) is None:
        return key
    bare = speaker_key(_AFFIX.sub("", cleaned))
    return bare if bare in keys else key


def _groups(keys: list[SpeakerKey]) -> dict[SpeakerKey, SpeakerKey]:
    """Key -> the key of its person: one person per base unless two numbers of it stand on their own."""
    numbers: dict[str, set[str]] = {}
    for key in keys:
        numbers.setdefault(key.base, set()).update([key.number] if key.number else [])
    return {key: key if len(numbers[key.base]) > 1 else SpeakerKey(key.base) for key in keys}


def _group_of_base(keys: list[SpeakerKey], group_of: dict[SpeakerKey, SpeakerKey]) -> SpeakerKey:
    base = SpeakerKey(keys[0].base)
    return base if base in group_of.values() or not keys[0].number else keys[0]


def _named(groups: dict[str, SpeakerKey], turns: Counter[str], order: list[str]) -> dict[str, str]:
    """Label -> the cleaned label of its group's most used variant (ties: first in the file)."""
    members: dict[SpeakerKey, list[str]] = {}
    for label in order:
        members.setdefault(groups[label], []).append(label)
    names = {
        group: clean_label(max(labels, key=lambda label: (turns[label], -order.index(label))))
        for group, labels in members.items()
    }
    return {label: names[groups[label]] for label in order}


def _merged(turns: list[Turn]) -> list[Turn]:
    merged: list[Turn] = []
    for turn in turns:
        last = merged[-1] if merged else None
        if last is not None and last.speaker == turn.speaker:
            end = turn.end if turn.end is not None else last.end
            merged[-1] = replace(last, text=f"{last.text} {turn.text}", end=end)
        else:
            merged.append(turn)
    return merged


def _notes(mapping: dict[str, str]) -> list[str]:
    merged: dict[str, list[str]] = {}
    for old, new in mapping.items():
        if old != new:
            merged.setdefault(new, []).append(old)
    return [
        f'speaker labels {", ".join(repr(label) for label in olds)} read as "{new}" (one person)'
        for new, olds in merged.items()
    ]


def same_speaker(label: str, written: str) -> bool:
    """Whether `written` (e.g. a roster's speaker_label) names the speaker whose unified label is `label`.

    "Interviewee." and "Interviewee 1" both name "Interviewee" when the file's variants were merged into it.
    """
    key, other = speaker_key(label), speaker_key(written)
    return key == other or (key.number is None and key.base == other.base)
