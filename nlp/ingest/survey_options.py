"""Multi-select questions exported one column per option: Qualtrics "Q5_1, Q5_2" and SurveyMonkey's
question header over blank (or repeated) headers with the options in a sub-header row. Each such group
becomes one closed column whose cell lists the options a respondent chose, joined by "; ".

A column belongs to a group only when it holds nothing but its option (or "1" for ticked): a Qualtrics
matrix ("Q6_1" rated 1 to 5) or form ("Q7_1" a name) is a column per statement, not per option, and
stays apart. The one exception is an "Other (please specify)" column, which SurveyMonkey fills with what
the respondent typed: any value there counts as the option "Other", and the typed text is kept apart as
an open answer (`OptionGroup.other`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nlp.ingest.table import Row, Table

SEPARATOR = "; "
_QUALTRICS_PART = re.compile(r"^(?P<stem>Q[\w.]*?)_(?P<number>\d+)$")
_BLANK_HEADER = re.compile(r"^Column \d+$")  # what the table calls a column with no header
_COPY = re.compile(r"^(?P<base>.+) \(\d+\)$")  # a repeated header, as the table tells them apart
_NOT_OPTION = frozenset({"", "response", "open-ended response"})
_OTHER = re.compile(r"^other\b|please specify", re.IGNORECASE)
OTHER = "Other"


@dataclass(frozen=True, slots=True)
class OptionGroup:
    """One multi-select question: its column name, question text and (column index, option) per option.

    `other` is the column of its "Other" option when respondents typed their own answer there (not just
    ticked it), and `ticks` the values in that column that are a tick, not typed text.
    """

    column: str
    text: str
    members: tuple[tuple[int, str], ...]
    other: int | None = None
    ticks: frozenset[str] = frozenset()

    def answer(self, row: Row) -> str:
        """The options this row chose, joined by SEPARATOR ("" for none)."""
        return SEPARATOR.join(option for index, option in self.members if row.get(index))


def qualtrics_groups(
    table: Table, rows: list[Row], columns: list[int], texts: tuple[str, ...] | None
) -> list[OptionGroup]:
    """Groups of "Q5_1", "Q5_2"... columns; an option is the ticked value, else the text after " - "."""
    stems: dict[str, list[int]] = {}
    for index in columns:
        match = _QUALTRICS_PART.match(table.headers[index])
        if match is not None:
            stems.setdefault(match["stem"], []).append(index)
    groups = []
    for stem, indices in stems.items():
        text = _text(texts, indices[0])
        question = text.rsplit(" - ", 1)[0] if " - " in text else stem
        members = [(i, _qualtrics_option(table, rows, i, _text(texts, i))) for i in indices]
        group = _group(table, rows, stem, question, members)
        groups.extend([group] if group else [])
    return groups


def surveymonkey_groups(
    table: Table, rows: list[Row], columns: list[int], sub_headers: tuple[str, ...]
) -> list[OptionGroup]:
    """Groups of a question's column and the blank or repeated headers after it, with the options that
    the sub-header row names."""
    runs: list[list[int]] = []
    for index in columns:
        header = table.headers[index]
        joins = runs and runs[-1][-1] == index - 1 and _continues(header, table.headers[runs[-1][0]])
        if joins:
            runs[-1].append(index)
        else:
            runs.append([index])
    groups = []
    for run in runs:
        members = [(i, sub_headers[i].strip() if i < len(sub_headers) else "") for i in run]
        group = _group(table, rows, table.headers[run[0]], table.headers[run[0]], members)
        groups.extend([group] if group else [])
    return groups


def _continues(header: str, opener: str) -> bool:
    copy = _COPY.match(header)
    return _BLANK_HEADER.match(header) is not None or (copy is not None and copy["base"] == opener)


def is_other(option: str) -> bool:
    """Whether an option is the "Other (please specify)" kind, whose column may hold typed text."""
    return _OTHER.search(option) is not None


def _group(
    table: Table, rows: list[Row], column: str, text: str, members: list[tuple[int, str]]
) -> OptionGroup | None:
    if len(members) < 2 or any(option.casefold() in _NOT_OPTION for _, option in members):
        return None
    typed = [(i, option) for i, option in members if not set(table.values(i, rows)) <= {option, "1"}]
    if len(typed) > 1 or (typed and not is_other(typed[0][1])):
        return None
    labelled = tuple((i, OTHER if is_other(option) else option) for i, option in members)
    if not typed:
        return OptionGroup(column, text, labelled)
    index, option = typed[0]
    return OptionGroup(column, text, labelled, index, frozenset({option, "1"}))


def _qualtrics_option(table: Table, rows: list[Row], index: int, text: str) -> str:
    """The choice the question text names after " - "; without question texts, the ticked value."""
    if " - " in text:
        return text.rsplit(" - ", 1)[1].strip()
    value = next(iter(set(table.values(index, rows))), "")
    return value if value and not value.isdigit() else table.headers[index]


def _text(texts: tuple[str, ...] | None, index: int) -> str:
    return texts[index].strip() if texts is not None and index < len(texts) else ""
