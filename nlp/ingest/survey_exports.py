"""Recognise Qualtrics, Google Forms, Typeform and SurveyMonkey exports: their metadata, id and extra
header rows."""

from __future__ import annotations

import re
from dataclasses import dataclass

from nlp.ingest.survey_options import OTHER, is_other
from nlp.ingest.table import Row, Table, find_column, header_key

# fmt: off
QUALTRICS_METADATA = frozenset(
    {
        "startdate", "enddate", "status", "ipaddress", "progress", "durationinseconds", "duration",
        "finished", "recordeddate", "responseid", "recipientlastname", "recipientfirstname",
        "recipientemail", "externalreference", "externaldatareference", "locationlatitude",
        "locationlongitude", "distributionchannel", "userlanguage",
    }
)
# fmt: on
GOOGLE_METADATA = frozenset({"timestamp", "emailaddress", "score"})
TYPEFORM_METADATA = frozenset(
    {"#", "responseid", "startdateutc", "submitdateutc", "stagedateutc", "networkid", "tags"}
)
SURVEYMONKEY_METADATA = frozenset(
    {
        "respondentid", "collectorid", "startdate", "enddate", "ipaddress", "emailaddress", "firstname",
        "lastname", "customdata1", "customdata",
    }
)  # fmt: skip
GENERIC_ID_KEYS = frozenset(
    {"id", "respondentid", "responseid", "participantid", "respondent", "participant", "#"}
)
NAME_KEYS = frozenset({"name", "fullname", "respondentname", "participantname", "yourname"})
_IMPORT_ID = '{"ImportId"'
_SELECTED_CHOICE = " - Selected Choice"  # Qualtrics: a choice question that also has a text entry
_TEXT_ENTRY = re.compile(r"^Q[\w.]*_\d+_TEXT$")  # Qualtrics: what a respondent typed for one option


@dataclass(frozen=True, slots=True)
class ExportLayout:
    """Where a survey export keeps what is not an answer.

    Attributes:
        name: "qualtrics", "google-forms", "typeform" or "generic".
        skip_rows: Data rows under the header that are more header (Qualtrics question text, ImportIds).
        question_texts: Full question wording per column, when the export has a row of it.
        metadata: Columns that are neither questions nor attributes.
        id_column: Column holding the respondent id.
        name_columns: Columns that together give the respondent's name.
        sub_headers: SurveyMonkey's row under the header: "Response", or a multi-select question's options.
    """

    name: str
    skip_rows: int
    question_texts: tuple[str, ...] | None
    metadata: frozenset[int]
    id_column: int | None
    name_columns: tuple[int, ...]
    sub_headers: tuple[str, ...] | None = None


def export_name(headers: list[str]) -> str | None:
    """Which tool exported a survey, from its header row; None for a hand-made table."""
    keys = [header_key(header) for header in headers]
    if "responseid" in keys or {"startdate", "enddate", "recordeddate"} <= set(keys):
        return "qualtrics"
    if (keys and keys[0] == "#") or "networkid" in keys or "submitdateutc" in keys:
        return "typeform"
    if keys and keys[0] == "timestamp":
        return "google-forms"
    if {"respondentid", "collectorid"} <= set(keys):
        return "surveymonkey"
    return None


def export_layout(table: Table) -> ExportLayout:
    """The layout of a survey table, by the tool that exported it."""
    name = export_name(table.headers) or "generic"
    if name == "qualtrics":
        return _qualtrics(table)
    if name == "surveymonkey":
        return _surveymonkey(table)
    metadata_keys = {"typeform": TYPEFORM_METADATA, "google-forms": GOOGLE_METADATA}.get(name, frozenset())
    id_column = find_column(table.headers, GENERIC_ID_KEYS)
    names = tuple(index for index in [find_column(table.headers, NAME_KEYS)] if index is not None)
    metadata = _indices(table.headers, metadata_keys).union(names, [] if id_column is None else [id_column])
    return ExportLayout(name, 0, None, frozenset(metadata), id_column, names)


def _qualtrics(table: Table) -> ExportLayout:
    headers = table.headers
    skip, texts = _qualtrics_header_rows(table.rows[:2], find_column(headers, {"startdate"}))
    metadata = _indices(headers, QUALTRICS_METADATA) | {
        index for index, header in enumerate(headers) if header.startswith("Q_")
    }
    names = tuple(
        index
        for key in ("recipientfirstname", "recipientlastname")
        if (index := find_column(headers, {key})) is not None
    )
    id_column = find_column(headers, {"responseid"})
    if texts is not None:
        texts = tuple(qualtrics_title(header, text) for header, text in zip(headers, texts, strict=False))
    return ExportLayout("qualtrics", skip, texts, frozenset(metadata), id_column, names)


def is_text_entry(header: str) -> bool:
    """Whether a Qualtrics column ("Q5_4_TEXT") holds what respondents typed for an option such as
    "Other (please specify)": open text, however short."""
    return _TEXT_ENTRY.match(header) is not None


def qualtrics_title(header: str, text: str) -> str:
    """A Qualtrics question text without the export's naming: "Tools? - Selected Choice - Email" is
    "Tools? - Email", and a text entry column's "Tools? - Other - Text" is "Tools? (Other)"."""
    text = text.replace(f"{_SELECTED_CHOICE} - ", " - ").removesuffix(_SELECTED_CHOICE)
    if is_text_entry(header) and text.endswith(" - Text") and text.count(" - ") >= 2:
        question, option = text.removesuffix(" - Text").rsplit(" - ", 1)
        return f"{question} ({OTHER if is_other(option) else option})"
    return text


def _surveymonkey(table: Table) -> ExportLayout:
    headers = table.headers
    head = table.rows[0].cells if table.rows else ()
    has_sub_header = any(cell.strip().lower() in {"response", "open-ended response"} for cell in head)
    names = tuple(
        index for key in ("firstname", "lastname") if (index := find_column(headers, {key})) is not None
    )
    return ExportLayout(
        "surveymonkey",
        1 if has_sub_header else 0,
        None,
        frozenset(_indices(headers, SURVEYMONKEY_METADATA)),
        find_column(headers, {"respondentid"}),
        names,
        head if has_sub_header else None,
    )


def _qualtrics_header_rows(head: list[Row], start_date: int | None) -> tuple[int, tuple[str, ...] | None]:
    """Qualtrics puts question text in row 2 and `{"ImportId": ...}` in row 3 (older exports: row 2 only)."""
    for index, row in enumerate(head):
        if any(cell.startswith(_IMPORT_ID) for cell in row.cells):
            return index + 1, (head[0].cells if index == 1 else None)
    if head and start_date is not None and head[0].get(start_date) == "Start Date":
        return 1, head[0].cells
    return 0, None


def _indices(headers: list[str], keys: frozenset[str]) -> set[int]:
    return {index for index, header in enumerate(headers) if header_key(header) in keys}
