"""Recognise speaker labels at the start of a line of a text or DOCX transcript."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from nlp.ingest.speaker_words import is_role_label, role_from_label
from nlp.ingest.speakers import alternatives
from nlp.ingest.timecode import CLOCK, parse_clock

# Whitespace runs are bounded so that a line of a million spaces cannot make the regexes backtrack.
_NAME = r"(?P<name>[^:\[\]()\t]{1,60}?)"
_GAP = r"[ \t]{0,4}"
_TEXT = r"(?:\s+(?P<text>.*))?"
_PATTERNS = (
    re.compile(rf"[\[(](?P<time>{CLOCK})[\])]{_GAP}{_NAME}{_GAP}:{_TEXT}"),  # [00:01:02] Name: text
    re.compile(rf"{_NAME}{_GAP}[\[(](?P<time>{CLOCK})[\])](?:{_GAP}:{_TEXT})?"),  # Name (00:01): text
    re.compile(rf"{_NAME}{_GAP}:{_GAP}[\[(](?P<time>{CLOCK})[\])]{_TEXT}"),  # Rev: "Name: (00:01)" text
    re.compile(rf"{_NAME}(?: {{2,16}}|\t{{1,4}})(?P<time>{CLOCK}){_GAP}"),  # Otter: "Name  0:03" alone
    re.compile(rf"\[{_GAP}{_NAME}{_GAP}\]{_GAP}:{_TEXT}"),  # "[Name]: text" (a colon after the bracket)
    re.compile(rf"(?P<name>[^:\[\]\t]{{1,60}}?){_GAP}:{_TEXT}"),  # Name: text, Name (she/her): text
)
_AFFIX = re.compile(r"\s*\([^()]{1,30}\)$")  # "Tom Becker (Guest)", "Dana Kim (she/her)"
_WORD = re.compile(r"[^\W_][\w.'\u2019\-]*")
_PARTICLES = frozenset({"de", "van", "von", "der", "den", "da", "del", "della", "la", "le", "al", "di"})
# Capitalised words that start sentences or header lines ("Note: ...", "Date: ...") rather than name people.
# fmt: off
_NOT_NAMES = frozenset(
    {
        "so", "and", "but", "well", "okay", "ok", "yes", "no", "yeah", "note", "notes", "also", "example",
        "then", "now", "here", "there", "this", "that", "it", "we", "they", "he", "she", "you", "because",
        "basically", "like", "honestly", "actually", "anyway", "update", "summary", "title", "date",
        "time", "duration", "location", "participants", "attendees", "subject", "topic", "recording",
        "transcript", "agenda", "meeting", "project", "study", "re", "ps", "nb", "tip", "warning",
        "important", "edit", "source", "link",
    }
)
# fmt: on
_DETERMINERS = frozenset(
    {"my", "our", "your", "his", "her", "their", "its", "the", "a", "an", "this", "that"}
)


@dataclass(frozen=True, slots=True)
class Label:
    """A speaker label found at the start of a line, and the text after it."""

    speaker: str
    text: str
    start: float | None = None

    @property
    def strong(self) -> bool:
        """Whether the label is certainly a speaker: it carries a time or names a role."""
        return self.start is not None or role_from_label(self.speaker) is not None

    @property
    def weak(self) -> bool:
        """Whether it may be prose: "My boss: he said no" (a determiner, or speech going on in lower case)."""
        first_word = self.speaker.split()[0].lower()
        return first_word in _DETERMINERS or self.text[:1].islower()


def match_label(line: str) -> Label | None:
    """The speaker label that starts `line`, or None when the line is plain speech."""
    line = line.strip()
    for pattern in _PATTERNS:
        match = pattern.fullmatch(line)
        if match is not None and is_name(match["name"]):
            groups = match.groupdict()
            start = parse_clock(groups["time"]) if groups.get("time") else None
            return Label(" ".join(match["name"].split()), groups.get("text") or "", start)
    return None


@lru_cache(maxsize=4096)
def is_name(name: str) -> bool:
    """Whether `name` reads like a speaker label ("Dana Kim", "Interviewer 1", "Q"), not prose.

    "Interviewee 1 or Interviewee 2" (a transcriber unsure who spoke) is a label when its parts are.
    """
    if (keys := alternatives(name)) is not None and all(is_role_label(key.base) for key in keys):
        return True
    words = _AFFIX.sub("", name).split()
    if not 1 <= len(words) <= 5:
        return False
    if is_role_label(name):
        return True
    if len(words) == 1 and words[0].lower() in _NOT_NAMES:
        return False
    return words[0][0].isalpha() and not words[0][0].islower() and all(map(_is_name_word, words))


def accepted_speakers(labels: Iterable[Label]) -> set[str]:
    """Speakers to trust: all but weak labels seen once in a file where other labels repeat.

    "My Boss: he said no" once in a long transcript is speech; "Tom: Chaotic." once is Tom.
    """
    labels = list(labels)
    counts = Counter(label.speaker for label in labels)
    repeated = any(count > 1 for count in counts.values())
    return {
        label.speaker
        for label in labels
        if label.strong or counts[label.speaker] > 1 or not repeated or not label.weak
    }


def _is_name_word(word: str) -> bool:
    if _WORD.fullmatch(word) is None:
        return False
    return word.lower() in _PARTICLES or not word[0].islower()
