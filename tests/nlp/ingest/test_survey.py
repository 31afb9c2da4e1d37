from __future__ import annotations

import pytest

from nlp.ingest import IngestError, IngestOptions, detect_format, read_source
from nlp.types import Survey

from .builders import csv_bytes, xlsx_bytes

WHY = "Q2"
QUALTRICS = [
    ["StartDate", "EndDate", "Status", "IPAddress", "Progress", "Duration (in seconds)", "Finished",
     "RecordedDate", "ResponseId", "RecipientLastName", "RecipientFirstName", "RecipientEmail",
     "ExternalReference", "LocationLatitude", "LocationLongitude", "DistributionChannel", "UserLanguage",
     "Q1", WHY],
    ["Start Date", "End Date", "Response Type", "IP Address", "Progress", "Duration (in seconds)", "Finished",
     "Recorded Date", "Response ID", "Recipient Last Name", "Recipient First Name", "Recipient Email",
     "External Data Reference", "Location Latitude", "Location Longitude", "Distribution Channel",
     "User Language", "How often do you ship?", "Why did you start looking for a new tool?"],
    ['{"ImportId":"startDate","timeZone":"America/Denver"}', '{"ImportId":"endDate"}', '{"ImportId":"status"}',
     '{"ImportId":"ipAddress"}', '{"ImportId":"progress"}', '{"ImportId":"duration"}', '{"ImportId":"finished"}',
     '{"ImportId":"recordedDate"}', '{"ImportId":"_recordId"}', '{"ImportId":"recipientLastName"}',
     '{"ImportId":"recipientFirstName"}', '{"ImportId":"recipientEmail"}', '{"ImportId":"externalDataReference"}',
     '{"ImportId":"locationLatitude"}', '{"ImportId":"locationLongitude"}', '{"ImportId":"distributionChannel"}',
     '{"ImportId":"userLanguage"}', '{"ImportId":"QID1"}', '{"ImportId":"QID2"}'],
    ["2024-03-01 10:00:00", "2024-03-01 10:05:00", "IP Address", "203.0.113.9", "100", "300", "True",
     "2024-03-01 10:05:01", "R_1abc", "Becker", "Tom", "tom@example.com", "", "39.7", "-104.9", "anonymous",
     "EN", "Weekly", "Our spreadsheet fell apart when the team doubled and nobody trusted the numbers."],
    ["2024-03-02 09:00:00", "2024-03-02 09:04:00", "IP Address", "203.0.113.10", "100", "240", "True",
     "2024-03-02 09:04:02", "R_2def", "", "", "", "", "", "", "anonymous",
     "EN", "Daily", "A customer complained to our CEO about a wrong delivery, twice in one month."],
]  # fmt: skip


def test_qualtrics_export_skips_header_rows_and_metadata() -> None:
    survey = read_source("qualtrics.csv", csv_bytes(QUALTRICS))

    assert isinstance(survey, Survey)
    assert survey.format == "survey-csv"
    assert [(q.position, q.column, q.text) for q in survey.questions] == [
        (0, WHY, "Why did you start looking for a new tool?")
    ]
    first, second = survey.respondents
    assert (first.respondent_id, first.row, first.name) == ("R_1abc", 4, "Tom Becker")
    assert first.attributes == {"Q1": "Weekly"}
    assert first.answers == {0: QUALTRICS[3][-1]}
    assert (second.respondent_id, second.row, second.name) == ("R_2def", 5, None)


def test_qualtrics_with_only_header_rows_has_no_respondents() -> None:
    with pytest.raises(IngestError) as caught:
        read_source("qualtrics.csv", csv_bytes(QUALTRICS[:3]))

    assert caught.value.code == "no_respondents"
    assert str(caught.value) == "qualtrics.csv: the survey has a header but no respondent rows"


@pytest.mark.parametrize("trailing", ["", ",,\n , ,\n"])
def test_header_without_rows_has_no_respondents(trailing: str) -> None:
    with pytest.raises(IngestError) as caught:
        read_source("s.csv", b"Role,What frustrates you most?\n" + trailing.encode())

    assert caught.value.code == "no_respondents"


def test_google_forms_export() -> None:
    rows = [
        ["Timestamp", "Name", "Team size", "What would you change about your current tool?"],
        ["2024/03/01 10:00:00", "Tom", "1-10", "I would make the export work with our payroll system."],
        ["2024/03/01 11:00:00", "Ana", "11-50", "Nothing big, just fewer clicks to reassign a route."],
        ["2024/03/01 12:00:00", "Lee", "1-10", ""],
    ]

    survey = read_source("form.csv", csv_bytes(rows))

    assert detect_format("form.csv", csv_bytes(rows)) == "survey-csv"
    assert isinstance(survey, Survey)
    assert [q.column for q in survey.questions] == ["What would you change about your current tool?"]
    assert [(r.respondent_id, r.name, r.attributes) for r in survey.respondents] == [
        ("row 2", "Tom", {"Team size": "1-10"}),
        ("row 3", "Ana", {"Team size": "11-50"}),
        ("row 4", "Lee", {"Team size": "1-10"}),
    ]
    assert survey.respondents[2].answers == {}


def test_typeform_export_in_xlsx() -> None:
    rows: list[list[object]] = [
        ["#", "How did you hear about us?", "Describe the moment you decided to switch", "Start Date (UTC)",
         "Submit Date (UTC)", "Network ID"],
        ["abc1", "Friend", "When the third driver called in sick and I rebuilt the routes by hand", "2024-03-01",
         "2024-03-01", "n1"],
        ["abc2", "Search", "After our biggest client threatened to leave over late deliveries", "2024-03-02",
         "2024-03-02", "n2"],
    ]  # fmt: skip

    data = xlsx_bytes(rows)
    survey = read_source("typeform.xlsx", data)

    assert detect_format("typeform.xlsx", data) == "survey-xlsx"
    assert isinstance(survey, Survey)
    assert [q.column for q in survey.questions] == ["Describe the moment you decided to switch"]
    assert [(r.respondent_id, r.attributes) for r in survey.respondents] == [
        ("abc1", {"How did you hear about us?": "Friend"}),
        ("abc2", {"How did you hear about us?": "Search"}),
    ]


def test_long_pick_list_answers_stay_closed() -> None:
    options = ["Scheduling and dispatch of drivers", "Invoicing and payroll reconciliation"]
    why = "says what broke last week and why"
    answers = [[str(i), options[i % 2], f"{i} {why}"] for i in range(12)]
    rows = [["id", "Which area hurts most?", "Why?"], *answers]

    survey = read_source("s.csv", csv_bytes(rows))

    assert isinstance(survey, Survey)
    assert [q.column for q in survey.questions] == ["Why?"]
    assert survey.respondents[0].respondent_id == "0"
    assert survey.respondents[0].attributes == {"Which area hurts most?": options[0]}
    assert survey.warnings == []


def test_a_table_without_open_text_is_refused_not_imported_as_empty_answers() -> None:
    with pytest.raises(IngestError) as caught:
        read_source("numbers.csv", b"a,b\n1,2\n3,4\n")

    assert caught.value.code == "no_open_answers"
    assert str(caught.value).startswith("numbers.csv: survey with no open-text column: ")
    assert "(found: a, b)" in str(caught.value)


def test_a_named_open_column_nobody_answered_is_refused() -> None:
    options = IngestOptions(kind="survey", id_column="Email", open_columns=["Comment"])

    with pytest.raises(IngestError) as caught:
        read_source("s.csv", b"Email,Plan,Comment\na@x.io,Pro,\nb@x.io,Free,\n", options)

    assert caught.value.code == "no_open_answers"
    assert 'no respondent answered "Comment"' in str(caught.value)


def test_option_overrides_choose_id_and_open_columns() -> None:
    rows = [["Email", "Plan", "Comment"], ["a@x.io", "Pro", "ok"], ["b@x.io", "Free", "meh"]]
    options = IngestOptions(kind="survey", id_column="Email", open_columns=["Comment"])

    survey = read_source("s.csv", csv_bytes(rows), options)

    assert isinstance(survey, Survey)
    assert [(q.position, q.column) for q in survey.questions] == [(0, "Comment")]
    assert [(r.respondent_id, r.attributes, r.answers) for r in survey.respondents] == [
        ("a@x.io", {"Plan": "Pro"}, {0: "ok"}),
        ("b@x.io", {"Plan": "Free"}, {0: "meh"}),
    ]


def test_open_column_override_must_exist() -> None:
    with pytest.raises(IngestError) as caught:
        read_source("s.csv", b"a,b\n1,2\n", IngestOptions(open_columns=["c"]))

    assert caught.value.code == "malformed"


def test_kind_option_forces_a_transcript_table_to_be_a_survey() -> None:
    said = ["How do you plan the routes today?", "By hand, in a spreadsheet every morning.", "Thanks a lot."]
    data = csv_bytes([["speaker", "text"], ["Tom", said[0]], ["Dana", said[1]], ["Tom", said[2]]])

    assert detect_format("t.csv", data) == "csv"
    assert isinstance(read_source("t.csv", data, IngestOptions(kind="survey")), Survey)


def test_short_sentence_answers_are_an_open_question_and_no_answer_marks_do_not_count() -> None:
    rows = [
        ["Respondent ID", "Role", "Uses mobile?", "Anything else?"],
        ["R1", "Sales manager", "Yes", ""],
        ["R2", "Founder", "No", "Love the mobile app."],
        ["R3", "Head of sales", "Yes", "Pricing page is confusing."],
        ["R4", "Account executive", "Yes", "n/a"],
    ]

    survey = read_source("survey.csv", csv_bytes(rows))

    assert isinstance(survey, Survey)
    assert [q.column for q in survey.questions] == ["Anything else?"]
    assert survey.respondents[1].answers == {0: "Love the mobile app."}
    assert survey.respondents[2].attributes == {"Role": "Head of sales", "Uses mobile?": "Yes"}


def test_closed_columns_keep_their_question_texts() -> None:
    survey = read_source("qualtrics.csv", csv_bytes(QUALTRICS))

    assert isinstance(survey, Survey)
    assert [(q.position, q.column, q.text) for q in survey.closed] == [(0, "Q1", "How often do you ship?")]


def test_a_refusal_lists_at_most_eight_columns_and_counts_the_rest() -> None:
    headers = [f"Q{n} " + "x" * 70 for n in range(10)]
    data = (",".join(headers) + "\n" + ",".join(["1"] * 10) + "\n").encode()

    with pytest.raises(IngestError) as caught:
        read_source("wide.csv", data)

    message = str(caught.value)
    assert "Q7 " + "x" * 56 + "\u2026 and 2 more)" in message
    assert "Q8 " not in message
    assert message.endswith("are not open answers")


CHANGES = [
    "Make the search faster",
    "Add a dark mode",
    "Nothing really",
    "Cheaper seats for freelancers",
    "Better onboarding emails",
    "More integrations",
    "A bulk edit option",
    "Clearer invoices",
]
ROLES = ["Product manager", "Head of sales", "Founder and CEO", "Account executive", "Office manager",
         "Sales ops lead", "Customer success", "Marketing director"]  # fmt: skip


def test_short_answers_to_a_question_asking_for_own_words_are_open_text() -> None:
    """Short, different answers without a full stop read like a pick list, unless the question asks for
    the respondent's own words: a role question stays closed, "What would you change?" is open."""
    rows = [["id", "What is your role?", "What would you change?"]]
    rows += [[str(n), role, change] for n, (role, change) in enumerate(zip(ROLES, CHANGES, strict=True))]
    survey = read_source("survey.csv", csv_bytes(rows))
    assert isinstance(survey, Survey)
    assert [q.column for q in survey.questions] == ["What would you change?"]
    assert survey.respondents[1].answers == {0: "Add a dark mode"}
    assert survey.respondents[1].attributes == {"What is your role?": "Head of sales"}


def test_the_question_text_of_a_qualtrics_second_header_row_decides_too() -> None:
    rows = [
        ["StartDate", "ResponseId", "Q1", "Q2"],
        ["Start Date", "Response ID", "How many seats do you pay for?", "Why did you leave?"],
    ]
    rows += [["2026-03-02", f"R_{n}", f"{n + 2} seats", change] for n, change in enumerate(CHANGES)]
    survey = read_source("qualtrics.csv", csv_bytes(rows))
    assert isinstance(survey, Survey)
    assert [(q.column, q.text) for q in survey.questions] == [("Q2", "Why did you leave?")]


@pytest.mark.parametrize(
    "question",
    ["What's your role?", "What company do you work for?", "What is your name?", "What city do you live in?"],
)
def test_questions_about_who_the_respondent_is_stay_closed(question: str) -> None:
    """Facts about the respondent, however the question is worded, are attributes, not answers to code."""
    values = ["Acme Corp", "Northgate HR", "Blue Fin Ltd", "Kestrel Labs", "Tall Trees Co", "Orbit Media"]
    rows = [["id", question, "What would you change?"]]
    rows += [[str(n), value, change] for n, (value, change) in enumerate(zip(values, CHANGES, strict=False))]
    survey = read_source("survey.csv", csv_bytes(rows))
    assert isinstance(survey, Survey)
    assert [q.column for q in survey.questions] == ["What would you change?"]
    assert survey.respondents[0].attributes == {question: "Acme Corp"}
