"""Multi-select questions exported one column per option become one closed column listing the choices."""

from __future__ import annotations

from nlp.ingest import read_source
from nlp.types import Survey

from .builders import csv_bytes

OPEN = "What made you start looking?"
IMPORT_IDS = ['{"ImportId":"_recordId"}', '{"ImportId":"QID3_1"}', '{"ImportId":"QID3_2"}',
              '{"ImportId":"QID4_1"}', '{"ImportId":"QID4_2"}', '{"ImportId":"QID6_TEXT"}']  # fmt: skip


def _survey(rows: list[list[str]]) -> Survey:
    survey = read_source("export.csv", csv_bytes(rows))
    assert isinstance(survey, Survey)
    return survey


def test_one_respondent_ticking_options_is_read_but_a_matrix_and_a_form_stay_apart() -> None:
    survey = _survey(
        [
            ["ResponseId", "Q3_1", "Q3_2", "Q4_1", "Q4_2", "Q6"],
            ["Response ID", "Channels - Email", "Channels - Slack", "Rate us - Price", "Rate us - Support", OPEN],
            IMPORT_IDS,
            ["R_1", "1", "1", "4", "5", "Our spreadsheet fell apart when the team doubled in size."],
        ]
    )

    closed = {q.column: q for q in survey.closed}
    assert set(closed) == {"Q3", "Q4_1", "Q4_2"}
    assert (closed["Q3"].text, closed["Q3"].multi_select) == ("Channels", True)
    assert survey.respondents[0].attributes == {"Q3": "Email; Slack", "Q4_1": "4", "Q4_2": "5"}


def test_a_surveymonkey_response_sub_header_is_not_a_respondent() -> None:
    survey = _survey(
        [
            ["Respondent ID", "Collector ID", "Channels", "", "Plan", OPEN],
            ["", "", "Email", "Slack", "Response", "Open-Ended Response"],
            ["101", "9", "", "Slack", "Pro", "Our spreadsheet fell apart when the team doubled in size."],
            ["102", "9", "Email", "Slack", "Free", "A customer complained about a wrong delivery."],
        ]
    )

    assert [r.respondent_id for r in survey.respondents] == ["101", "102"]
    assert [r.attributes for r in survey.respondents] == [
        {"Channels": "Slack", "Plan": "Pro"}, {"Channels": "Email; Slack", "Plan": "Free"}
    ]  # fmt: skip
    assert [(q.column, q.multi_select) for q in survey.closed] == [("Channels", True), ("Plan", False)]
