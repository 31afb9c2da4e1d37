"""Source (an imported file), its original bytes, its speakers and, for surveys, its questions."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, BigInteger, Index, LargeBinary, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.db import NEVER_REUSE_IDS, UTCDateTime, utcnow
from nlp.types import SpeakerRole


class SourceKind(StrEnum):
    INTERVIEW = "interview"
    SURVEY = "survey"


class SourceStatus(StrEnum):
    IMPORTED = "imported"
    CODING = "coding"
    CODED = "coded"
    FAILED = "failed"


class SourceBase(SQLModel):
    kind: SourceKind = Field(sa_type=String(16))
    filename: str = Field(max_length=500)
    format: str = Field(max_length=32)
    title: str | None = Field(default=None, max_length=500)
    sha256: str = Field(max_length=64)
    size_bytes: int
    status: SourceStatus = Field(default=SourceStatus.IMPORTED, sa_type=String(16))
    warnings: list[str] = Field(default_factory=list, sa_type=JSON)
    turn_count: int = 0
    utterance_count: int = 0
    participant_count: int = 0


class Source(SourceBase, table=True):
    # The same bytes twice in one project are a duplicate, reported and not stored again.
    __table_args__ = (UniqueConstraint("project_id", "sha256"), NEVER_REUSE_IDS)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True, ondelete="CASCADE")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # An earlier source of the project whose utterances this one repeats almost entirely (app.sources.
    # duplicates); no foreign key, so SQLite need not rebuild the table: deleting a source clears it.
    duplicate_of_id: int | None = None
    duplicate_share: float | None = None
    # Coder name -> the versions of the machine codes its last coding job left (app.coding.versions), so
    # "coded with older models" reads one row per source; None: never coded.
    coded_versions: dict[str, list[str]] | None = Field(default=None, sa_type=JSON)


class SourceFingerprint(SQLModel, table=True):
    """One distinct normalised-text hash of a source's substantive utterances (nlp.fingerprint)."""

    __table_args__ = (Index("ix_sourcefingerprint_project_hash", "project_id", "text_hash"),)

    source_id: int = Field(primary_key=True, foreign_key="source.id", ondelete="CASCADE")
    text_hash: int = Field(primary_key=True, sa_type=BigInteger, sa_column_kwargs={"autoincrement": False})
    project_id: int = Field(foreign_key="project.id", ondelete="CASCADE")


class SourceFile(SQLModel, table=True):
    """The uploaded file, byte for byte; kept apart so listing sources never loads it."""

    source_id: int = Field(primary_key=True, foreign_key="source.id", ondelete="CASCADE")
    content: bytes = Field(sa_type=LargeBinary)


class SourceRead(SourceBase):
    id: int
    project_id: int
    created_at: datetime
    duplicate_of_id: int | None = None
    duplicate_share: float | None = None


class SourcePage(SQLModel):
    items: list[SourceRead]
    total: int
    page: int
    page_size: int


class NearDuplicate(SQLModel):
    """An earlier source that a new one repeats: its id and file, and the share of the new one's
    substantive utterances it already holds."""

    source_id: int
    filename: str
    share: float


class Speaker(SQLModel, table=True):
    """A speaker label within one interview source, its role, and the participant it is."""

    __table_args__ = (UniqueConstraint("source_id", "label"), NEVER_REUSE_IDS)

    id: int | None = Field(default=None, primary_key=True)
    source_id: int = Field(foreign_key="source.id", index=True, ondelete="CASCADE")
    label: str = Field(max_length=200)
    role: str = Field(max_length=16)
    role_overridden: bool = False
    participant_id: int | None = Field(default=None, foreign_key="participant.id", ondelete="SET NULL")
    turn_count: int = 0


class SpeakerRead(SQLModel):
    id: int
    label: str
    role: str
    role_overridden: bool
    participant_id: int | None
    turn_count: int


class SpeakerUpdate(SQLModel):
    role: SpeakerRole | None = None
    participant_id: int | None = None


class SurveyQuestion(SQLModel, table=True):
    """An open-text question of a survey source; its answers are utterances."""

    __table_args__ = NEVER_REUSE_IDS

    id: int | None = Field(default=None, primary_key=True)
    source_id: int = Field(foreign_key="source.id", index=True, ondelete="CASCADE")
    position: int
    column_name: str = Field(max_length=500)
    text: str


class SurveyClosedQuestion(SQLModel, table=True):
    """A closed column of a survey source (a scale, a choice); its answers are in SurveyResponse rows."""

    id: int | None = Field(default=None, primary_key=True)
    source_id: int = Field(foreign_key="source.id", index=True, ondelete="CASCADE")
    position: int
    column_name: str = Field(max_length=500)
    text: str
    # Exported one column per option: each answer lists the options chosen, joined by "; ".
    multi_select: bool = False


class SurveyResponse(SQLModel, table=True):
    """One row of a survey: who gave it and their closed answers, as this survey gave them.

    A respondent may be a participant who already exists (a roster, an interview, an earlier wave), whose
    attributes keep what they said before; the survey's own counts read its answers from here.
    """

    id: int | None = Field(default=None, primary_key=True)
    source_id: int = Field(foreign_key="source.id", index=True, ondelete="CASCADE")
    participant_id: int = Field(foreign_key="participant.id", index=True, ondelete="CASCADE")
    row: int
    answers: dict[str, str] = Field(default_factory=dict, sa_type=JSON)
    # The attributes this row added to the participant (all of them when the survey created them, else
    # what `merge_answers` added), so that deleting the survey takes back exactly those.
    added: dict[str, str] = Field(default_factory=dict, sa_type=JSON)


class SurveyQuestionRead(SQLModel):
    id: int
    position: int
    column_name: str
    text: str
    answer_count: int = 0


class ClosedOption(SQLModel):
    """One answer option of a closed question: how many respondents chose it, and who."""

    label: str
    count: int
    percent: float  # of the respondents who answered the question (multi-select: may sum over 100)
    participant_ids: list[int]


class NetPromoterScore(SQLModel):
    """% promoters (9-10) minus % detractors (0-6) of a 0-10 likelihood-to-recommend question."""

    score: int
    promoters: int
    passives: int
    detractors: int


class ClosedQuestionRead(SQLModel):
    """A closed survey column (its SurveyResponses' answers) with its answer distribution."""

    column_name: str
    text: str  # the question as the export words it; the column name when the file gives no text
    kind: str  # "scale" (ordered options), "number" (numbers in bins) or "choice"
    multi_select: bool = False  # respondents could pick several: each option's % is of those who answered
    respondents: int
    answered: int
    blank: int
    blank_participant_ids: list[int]
    options: list[ClosedOption]
    mean: float | None = None
    nps: NetPromoterScore | None = None


class ImportResult(SQLModel):
    """What an upload returns: the new source, its counts and any warnings."""

    source: SourceRead
    turns: int
    utterances: int
    participants: int
    warnings: list[str]
    near_duplicate: NearDuplicate | None = None
    # Survey respondents who were participants of the project already (the warnings say by what).
    matched_participants: int = 0
