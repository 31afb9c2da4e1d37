"""Transcripts kept as one column per role: "Interviewer" and "Interviewee" (or "Question" and "Answer").

Each row is one exchange: the interviewer's question, then the respondent's answer. Read as a survey,
every row would become a respondent of its own and the two roles two questions. A table is read this
way when it has no speaker or text column, names at least one interviewer role and one respondent role
in its header (`nlp.ingest.speaker_words.role_from_label`), and its columns hold speech rather than ids or
choices: the respondent's mostly several words, the interviewer's mostly more than one word ("Why?" may
stand among them).
"""

from __future__ import annotations

from statistics import median

from nlp.ingest.speaker_words import role_from_label
from nlp.ingest.table import Table
from nlp.ingest.turns import TurnBuilder
from nlp.types import Transcript

MAX_ROLE_COLUMNS = 4
# A column of speech: its cells' median length and the share of its cells of several words.
MIN_MEDIAN_CHARS = 12
MIN_WORDY_SHARE = 0.6


def role_columns(table: Table) -> list[int] | None:
    """The columns headed by a role, in file order, when the table is a transcript kept that way."""
    roles = {i: role for i, header in enumerate(table.header_cells) if (role := role_from_label(header))}
    if not {"interviewer", "respondent"} <= set(roles.values()) or len(roles) > MAX_ROLE_COLUMNS:
        return None
    spoken = all(
        _answers(table.values(index)) if role == "respondent" else _questions(table.values(index))
        for index, role in roles.items()
    )
    return list(roles) if spoken else None


def transcript_from_role_columns(table: Table, columns: list[int], fmt: str) -> Transcript:
    """One turn per non-empty cell, row by row and within a row in column order, spoken by the role the
    column is headed with ("Interviewer 1", "Interviewee"); the row number stands for the line."""
    builder = TurnBuilder()
    for row in table.rows:
        for index in columns:
            if text := row.get(index):
                builder.start(table.headers[index], line=row.number)
                builder.add(text)
    return Transcript(fmt, builder.finish(), warnings=list(table.warnings))


def _answers(values: list[str]) -> bool:
    if not values:
        return False
    wordy = sum(len(value.split()) >= 3 for value in values) / len(values)
    return median(len(value) for value in values) >= MIN_MEDIAN_CHARS and wordy >= MIN_WORDY_SHARE


def _questions(values: list[str]) -> bool:
    return bool(values) and sum(len(value.split()) >= 2 for value in values) >= MIN_WORDY_SHARE * len(values)
