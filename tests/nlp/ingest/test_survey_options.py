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


def test_a_surveymonkey_other_column_with_typed_text_is_one_option_and_its_text_an_open_answer() -> None:
    survey = _survey(
        [
            ["Respondent ID", "Collector ID", "Channels?", "", "", "", OPEN],
            ["", "", "Email", "Slack", "Phone", "Other (please specify)", "Open-Ended Response"],
            ["101", "9", "", "", "Phone", "Carrier pigeon", "Our spreadsheet fell apart when the team doubled."],
            ["102", "9", "Email", "Slack", "", "", "A customer complained about a wrong delivery."],
            ["103", "9", "Email", "", "", "Other (please specify)", "We lost a deal because nobody followed up."],
        ]
    )  # fmt: skip

    assert [(q.column, q.multi_select) for q in survey.closed] == [("Channels?", True)]
    assert [r.attributes for r in survey.respondents] == [
        {"Channels?": "Phone; Other"}, {"Channels?": "Email; Slack"}, {"Channels?": "Email; Other"}
    ]  # fmt: skip
    assert [(q.text, q.typed_option) for q in survey.questions] == [
        (OPEN, False),
        ("Channels? (Other)", True),
    ]
    assert [r.answers.get(1) for r in survey.respondents] == ["Carrier pigeon", None, None]


def test_a_column_of_typed_text_that_is_no_other_option_keeps_the_group_apart() -> None:
    survey = _survey(
        [
            ["Respondent ID", "Collector ID", "Channels?", "", "", OPEN],
            ["", "", "Email", "Slack", "Phone", "Open-Ended Response"],
            ["101", "9", "", "Slack", "Carrier pigeon", "Our spreadsheet fell apart when the team doubled."],
            ["102", "9", "Email", "Slack", "", "A customer complained about a wrong delivery."],
        ]
    )

    assert not any(q.multi_select for q in survey.closed)


def test_qualtrics_selected_choice_naming_is_dropped_and_other_text_is_an_open_question() -> None:
    survey = _survey(
        [
            ["ResponseId", "Q5_1", "Q5_2", "Q5_4", "Q5_4_TEXT", "Q6"],
            ["Response ID", "Tools? - Selected Choice - Email", "Tools? - Selected Choice - Slack",
             "Tools? - Selected Choice - Other", "Tools? - Other - Text", OPEN],
            IMPORT_IDS,
            ["R_1", "Email", "", "Other", "Carrier pigeon", "Our spreadsheet fell apart when the team doubled."],
            ["R_2", "Email", "Slack", "", "", "A customer complained about a wrong delivery."],
        ]
    )  # fmt: skip

    assert [(q.column, q.text, q.multi_select) for q in survey.closed] == [("Q5", "Tools?", True)]
    assert [(q.column, q.text, q.typed_option) for q in survey.questions] == [
        ("Q6", OPEN, False), ("Q5_4_TEXT", "Tools? (Other)", True)
    ]  # fmt: skip
    assert survey.respondents[0].answers[1] == "Carrier pigeon"
    assert survey.respondents[0].attributes == {"Q5": "Email; Other"}


def test_a_qualtrics_single_choice_question_loses_selected_choice_too() -> None:
    survey = _survey(
        [
            ["ResponseId", "Q2", "Q2_5_TEXT", "Q6"],
            ["Response ID", "Role? - Selected Choice", "Role? - Other (please specify) - Text", OPEN],
            IMPORT_IDS[:4],
            ["R_1", "Designer", "", "Our spreadsheet fell apart when the team doubled."],
            ["R_2", "Other (please specify)", "Bard", "A customer complained about a wrong delivery."],
        ]
    )

    assert [(q.column, q.text) for q in survey.closed] == [("Q2", "Role?")]
    assert [(q.column, q.text) for q in survey.questions] == [("Q6", OPEN), ("Q2_5_TEXT", "Role? (Other)")]
    assert survey.respondents[1].answers == {0: "A customer complained about a wrong delivery.", 1: "Bard"}


def test_an_other_column_whose_typed_answers_read_as_open_text_still_joins_its_group() -> None:
    survey = _survey(
        [
            ["Respondent ID", "Collector ID", "Channels?", "", "", OPEN],
            ["", "", "Email", "Slack", "Other (please specify)", "Open-Ended Response"],
            ["1", "9", "Email", "", "We mostly talk over the phone with our biggest customers.", "Search breaks on every big file we open."],
            ["2", "9", "", "Slack", "I prefer a weekly call with the account manager.", "Nobody knows who approved the invoice."],
        ]
    )  # fmt: skip

    assert [(q.column, q.multi_select) for q in survey.closed] == [("Channels?", True)]
    assert [q.text for q in survey.questions] == [OPEN, "Channels? (Other)"]
    assert [r.attributes["Channels?"] for r in survey.respondents] == ["Email; Other", "Slack; Other"]


def test_typed_option_text_comes_after_the_surveys_own_open_questions_wherever_it_is_in_the_file() -> None:
    survey = _survey(
        [
            ["ResponseId", "Q1", "Q5_1", "Q5_4", "Q5_4_TEXT", "Q6"],
            ["Response ID", "Your role?", "Tools? - Selected Choice - Email", "Tools? - Selected Choice - Other",
             "Tools? - Other - Text", OPEN],
            IMPORT_IDS,
            ["R_1", "I run the finance team of a small logistics company.", "Email", "Other", "Carrier pigeon",
             "Our spreadsheet fell apart when the team doubled."],
            ["R_2", "I am an operations lead at a retailer with four shops.", "Email", "", "",
             "A customer complained about a wrong delivery."],
        ]
    )  # fmt: skip

    assert [(q.position, q.column, q.typed_option) for q in survey.questions] == [
        (0, "Q1", False), (1, "Q6", False), (2, "Q5_4_TEXT", True)
    ]  # fmt: skip
    assert survey.respondents[0].answers == {
        0: "I run the finance team of a small logistics company.",
        1: "Our spreadsheet fell apart when the team doubled.",
        2: "Carrier pigeon",
    }


def test_a_surveymonkey_multi_select_as_the_last_question_keeps_its_unheaded_option_columns() -> None:
    survey = _survey(
        [
            ["Respondent ID", "Collector ID", OPEN, "Channels?", "", ""],
            ["", "", "Open-Ended Response", "Email", "Slack", "Other (please specify)"],
            ["101", "9", "Our spreadsheet fell apart when the team doubled.", "", "Slack", "Carrier pigeon"],
            ["102", "9", "A customer complained about a wrong delivery.", "Email", "Slack", ""],
        ]
    )  # fmt: skip

    assert [r.attributes for r in survey.respondents] == [
        {"Channels?": "Slack; Other"}, {"Channels?": "Email; Slack"}
    ]  # fmt: skip
    assert [r.answers.get(1) for r in survey.respondents] == ["Carrier pigeon", None]
