"""Survey exports to a Survey: open-text columns become questions, closed ones respondent attributes."""

from __future__ import annotations

from collections import Counter

from nlp.ingest.csv_split import wide_rows_warning
from nlp.ingest.errors import IngestError
from nlp.ingest.options import IngestOptions
from nlp.ingest.survey_columns import open_columns
from nlp.ingest.survey_exports import ExportLayout, export_layout, is_text_entry
from nlp.ingest.survey_options import OTHER, OptionGroup, qualtrics_groups, surveymonkey_groups
from nlp.ingest.table import Row, Table, find_named, list_headers
from nlp.types import Survey, SurveyQuestion, SurveyRespondent


def survey_from_table(filename: str, table: Table, options: IngestOptions, fmt: str) -> Survey:
    """Read a survey table (Qualtrics, Google Forms, Typeform or any header-plus-rows table).

    Raises:
        IngestError: "no_respondents" when there is no row under the header, "no_open_answers" when no
            respondent answered an open-text column (nothing to code), "malformed" for a bad override.
    """
    layout = export_layout(table)
    rows = table.rows[layout.skip_rows :]
    if not rows:
        raise IngestError(filename, "the survey has a header but no respondent rows", code="no_respondents")
    id_column = _id_column(filename, table, options, layout)
    candidates = [i for i in range(len(table.headers)) if i not in layout.metadata and i != id_column]
    typed = [i for i in candidates if layout.name == "qualtrics" and is_text_entry(table.headers[i])]
    asked = {index: _question_text(table, layout, index) for index in candidates}
    opened = sorted({*open_columns(filename, table, rows, candidates, options.open_columns, asked), *typed})
    groups = _option_groups(table, rows, [i for i in candidates if i not in typed], layout)
    grouped = {index for group in groups for index, _ in group.members}
    others = {group.other: group for group in groups if group.other is not None}
    typed_option = {*typed, *others}
    opened = _open_order({*(i for i in opened if i not in grouped), *others}, typed_option)
    closed = [i for i in candidates if i not in opened and i not in grouped]
    questions = [
        SurveyQuestion(
            position,
            *_open_title(table, layout, index, others.get(index)),
            typed_option=index in typed_option,
        )
        for position, index in enumerate(opened)
    ]
    in_file_order = sorted(
        [(index, table.headers[index], _question_text(table, layout, index), False) for index in closed]
        + [(group.members[0][0], group.column, group.text, True) for group in groups]
    )
    closed_questions = [
        SurveyQuestion(position, column, text, multi_select=multi)
        for position, (_, column, text, multi) in enumerate(in_file_order)
    ]
    ticks = {index: group.ticks for index, group in others.items()}
    respondents = [_respondent(row, table.headers, id_column, opened, closed, layout, ticks) for row in rows]
    for respondent, row in zip(respondents, rows, strict=True):
        respondent.attributes.update({g.column: answer for g in groups if (answer := g.answer(row))})
    if not any(respondent.answers for respondent in respondents):
        raise IngestError(filename, _no_answers(table, opened), code="no_open_answers")
    wide = wide_rows_warning(filename, table)
    warnings = [*table.warnings, *([wide] if wide else []), *_warnings(respondents)]
    return Survey(fmt, questions, respondents, warnings, closed_questions)


def _open_order(opened: set[int], typed_option: set[int]) -> list[int]:
    """The open columns in file order, those typed for a closed question's option ("Other (please
    specify)") after the rest, wherever they are in the file: a survey's first question is its own."""
    return sorted(opened, key=lambda index: (index in typed_option, index))


def _option_groups(
    table: Table, rows: list[Row], columns: list[int], layout: ExportLayout
) -> list[OptionGroup]:
    """Multi-select questions exported one column per option (an "Other" column may read as open)."""
    if layout.name == "qualtrics":
        return qualtrics_groups(table, rows, columns, layout.question_texts)
    if layout.sub_headers is not None:
        return surveymonkey_groups(table, rows, columns, layout.sub_headers)
    return []


def _id_column(filename: str, table: Table, options: IngestOptions, layout: ExportLayout) -> int | None:
    if options.id_column is None:
        return layout.id_column
    index = find_named(table.headers, options.id_column)
    if index is None:
        message = f'id column "{options.id_column}" is not in the header (found: {", ".join(table.headers)})'
        raise IngestError(filename, message, code="malformed")
    return index


def _open_title(table: Table, layout: ExportLayout, index: int, group: OptionGroup | None) -> tuple[str, str]:
    """An open question's column and text; a multi-select's typed "Other" answers are "<question> (Other)"."""
    if group is None:
        return table.headers[index], _question_text(table, layout, index)
    title = f"{group.text} ({OTHER})"
    return title, title


def _question_text(table: Table, layout: ExportLayout, index: int) -> str:
    texts = layout.question_texts
    text = texts[index].strip() if texts is not None and index < len(texts) else ""
    return text or table.headers[index]


def _respondent(
    row: Row,
    headers: list[str],
    id_column: int | None,
    opened: list[int],
    closed: list[int],
    layout: ExportLayout,
    ticks: dict[int, frozenset[str]],
) -> SurveyRespondent:
    """One row; `ticks` are the values of an "Other" column that say it was ticked, not typed text."""
    name = " ".join(part for index in layout.name_columns if (part := row.get(index)))
    return SurveyRespondent(
        respondent_id=row.get(id_column) or f"row {row.number}",
        row=row.number,
        attributes={headers[index]: value for index in closed if (value := row.get(index))},
        answers={
            position: value
            for position, index in enumerate(opened)
            if (value := row.get(index)) and value not in ticks.get(index, ())
        },
        name=name or None,
    )


def _no_answers(table: Table, opened: list[int]) -> str:
    """Why a survey has nothing to code: all or nothing, so no respondent is stored without an answer."""
    if opened:
        named = ", ".join(f'"{table.headers[index]}"' for index in opened)
        return f"survey with no open-text answers: no respondent answered {named}"
    found = list_headers(table.headers)
    return (
        f"survey with no open-text column: no column holds free-text answers (found: {found}); "
        "short or repeated values such as numbers and choices are not open answers"
    )


def _warnings(respondents: list[SurveyRespondent]) -> list[str]:
    warnings = []
    duplicates = [rid for rid, count in Counter(r.respondent_id for r in respondents).items() if count > 1]
    if duplicates:
        warnings.append(f"respondent ids occur more than once: {', '.join(duplicates[:5])}")
    return warnings
