from __future__ import annotations

import io
import zipfile

import pytest

from nlp.ingest import IngestError, read_source
from nlp.types import Survey

from .builders import xlsx_bytes

LIKED = "What did you like most about the new scheduling tool?"
ROWS: list[list[object]] = [
    ["Respondent", LIKED],
    ["r1", "=1+1"],
    ["r2", '=HYPERLINK("http://x","y")'],
    ["r3", "It rebuilt the routes for me when two drivers called in sick on a Monday."],
]


def _with_sheet_xml(data: bytes, replace: dict[bytes, bytes]) -> bytes:
    """The workbook with strings in its first sheet's XML replaced (as Excel would have saved it)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            part = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                for old, new in replace.items():
                    part = part.replace(old, new)
            target.writestr(info, part)
    return buffer.getvalue()


def test_formulas_without_a_saved_value_are_named_in_a_warning() -> None:
    survey = read_source("answers.xlsx", xlsx_bytes(ROWS))

    assert isinstance(survey, Survey)
    assert survey.warnings[0] == (
        'answers.xlsx, sheet "Sheet": 2 formula cells have no saved value and read as empty (B2, B3); '
        "open and save the file in Excel or Google Sheets, which store each formula's value, "
        "or export the sheet as CSV"
    )
    assert [r.respondent_id for r in survey.respondents] == ["r1", "r2", "r3"]  # nothing dropped


def test_formulas_with_a_saved_value_read_as_that_value_without_a_warning() -> None:
    data = _with_sheet_xml(
        xlsx_bytes(ROWS),
        {
            b"<f>1+1</f><v></v>": b"<f>1+1</f><v>2</v>",
            b'<c r="B3"><f>HYPERLINK("http://x","y")</f><v></v>': (
                b'<c r="B3" t="str"><f>HYPERLINK("http://x","y")</f><v></v>'
            ),
        },
    )

    survey = read_source("answers.xlsx", data)

    assert isinstance(survey, Survey)
    assert not any("formula" in warning for warning in survey.warnings)
    assert [r.answers for r in survey.respondents][:2] == [{0: "2"}, {}]


def test_a_sheet_refused_for_want_of_answers_says_its_formulas_had_no_value() -> None:
    rows = [["Respondent", LIKED], ["r1", "=1+1"], ["r2", '=HYPERLINK("http://x","y")']]

    with pytest.raises(IngestError) as caught:
        read_source("answers.xlsx", xlsx_bytes(rows))

    assert caught.value.code == "no_open_answers"
    assert 'note: answers.xlsx, sheet "Sheet": 2 formula cells have no saved value' in caught.value.message
