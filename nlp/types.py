"""Plain data shared by the NLP pipeline: what parsers return and what coders consume.

Nothing here knows about the web service or the database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from nlp.encoder import EncodedBatch

# The four forces of progress (JTBD), in the order coders, models and diagrams use.
FORCES: tuple[str, ...] = ("push", "pull", "anxiety", "habit")


class SpeakerRole(StrEnum):
    """Who a speaker is in an interview."""

    INTERVIEWER = "interviewer"
    RESPONDENT = "respondent"


@dataclass(frozen=True, slots=True)
class Turn:
    """One uninterrupted stretch of speech by one speaker, as it stands in the file.

    Attributes:
        speaker: The label as written in the file ("Interviewer 1", "Dana Kim").
        text: What was said, whitespace-normalised, never empty.
        start: Seconds from the start of the recording, when the file says.
        end: Seconds from the start of the recording, when the file says.
        line: 1-based line (or row, for spreadsheets) where the turn begins in the file.
    """

    speaker: str
    text: str
    start: float | None = None
    end: float | None = None
    line: int | None = None


@dataclass(slots=True)
class Transcript:
    """An interview as read from one file: every parser returns this.

    Attributes:
        format: Parser id, e.g. "txt", "vtt", "srt", "docx", "csv", "xlsx".
        turns: Turns in the order spoken.
        warnings: Human-readable notes about lines that were skipped or guessed.
        title: A title the file gives (DOCX heading, VTT note), if any.
    """

    format: str
    turns: list[Turn]
    warnings: list[str] = field(default_factory=list)
    title: str | None = None

    @property
    def speakers(self) -> list[str]:
        """Speaker labels in order of first appearance."""
        return list(dict.fromkeys(turn.speaker for turn in self.turns))


@dataclass(frozen=True, slots=True)
class SurveyQuestion:
    """An open-text column of a survey export (or a closed one: `multi_select` when exported one column
    per option and read as one column whose cell lists the chosen options, joined by "; ").

    `typed_option` marks an open column that holds what respondents typed for an option of a closed
    question ("Other (please specify)"); such columns come after the survey's own open questions.
    """

    position: int
    column: str
    text: str
    multi_select: bool = False
    typed_option: bool = False


@dataclass(slots=True)
class SurveyRespondent:
    """One row of a survey export.

    Attributes:
        respondent_id: The export's response id, or "row N" when it has none.
        row: 1-based row number in the file (header rows counted).
        attributes: Closed answers and metadata, column name -> value (empty values dropped).
        answers: Open answers, question position -> text (empty answers dropped).
        name: A respondent name if the export has one.
    """

    respondent_id: str
    row: int
    attributes: dict[str, str] = field(default_factory=dict)
    answers: dict[int, str] = field(default_factory=dict)
    name: str | None = None


@dataclass(slots=True)
class Survey:
    """A survey export as read from one file."""

    format: str
    questions: list[SurveyQuestion]
    respondents: list[SurveyRespondent]
    warnings: list[str] = field(default_factory=list)
    # The closed columns (their answers are respondent attributes) with their question texts.
    closed: list[SurveyQuestion] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of a turn, as stored in the database as an utterance."""

    turn: int
    sentence: int
    text: str


@dataclass(frozen=True, slots=True)
class CodingInput:
    """One utterance to code, with the context the stage coder can use.

    Attributes:
        text: The utterance.
        question: The interviewer question (or survey question) that prompted it, if known.
        position: Where it falls in its interview, 0.0 (start) to 1.0 (end), if known.
        content: A content class a researcher set ("substantive", "backchannel" ...); the pipeline codes
            the utterance as that class instead of its own. None: the pipeline decides.
    """

    text: str
    question: str | None = None
    position: float | None = None
    content: str | None = None


@dataclass(frozen=True, slots=True)
class Code:
    """One label a coder put on one utterance, with the evidence for it.

    Attributes:
        coder: Registered coder name, e.g. "desirelines.pain_point".
        version: Coder version; codes from different versions never mix.
        kind: A CodeKind ("content", "emotion", "goemotions", "pain_point", "stage", "force").
        label: The code itself ("frustration", "push", "research", "pain_point").
        score: Confidence in [0, 1].
        span: Character offsets [start, end) of the words that triggered it, if any.
    """

    coder: str
    version: str
    kind: str
    label: str
    score: float
    span: tuple[int, int] | None = None


class CodeKind(StrEnum):
    """What a code says about an utterance; stored as its string value, so it compares equal to it."""

    CONTENT = "content"
    EMOTION = "emotion"
    GOEMOTIONS = "goemotions"
    PAIN_POINT = "pain_point"
    STAGE = "stage"
    FORCE = "force"


class Coder(Protocol):
    """One coder, one call shape: the codes of a batch, read from the shared encoder pass.

    `name` and `version` go with every code it makes; a change of behaviour is a new version
    (see nlp.coders.registry, where coders are found by "name.vN").
    """

    name: str
    version: str

    def code(self, items: Sequence[CodingInput], features: EncodedBatch) -> list[list[Code]]: ...
