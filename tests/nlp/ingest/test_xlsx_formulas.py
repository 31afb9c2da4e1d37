from __future__ import annotations

import io
import tracemalloc
import zipfile

import pytest

from nlp.ingest import IngestError, read_source, xlsx_formulas
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


def test_looking_for_formulas_keeps_no_more_than_a_row_of_a_big_sheet_in_memory() -> None:
    # The sheet is parsed a second time when it holds a formula: cells kept in the tree for all its rows
    # would cost ~200 bytes each (2 GB at the 10-million-cell limit).
    rows = b"".join(
        b'<row r="%d">' % n + b"".join(b'<c r="%s%d" t="inlineStr"><is><t>answer</t></is></c>' % (col, n)
                                      for col in (b"A", b"B", b"C", b"D")) + b"</row>"
        for n in range(1, 40_001)
    )  # fmt: skip
    sheet = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        + rows
        + b'<row r="40001"><c r="A40001"><f>1+1</f><v></v></c></row></sheetData></worksheet>'
    )

    tracemalloc.start()
    try:
        found = xlsx_formulas._uncached_cells(io.BytesIO(sheet))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    assert found == (1, ["A40001"])
    assert peak < len(sheet) // 2  # 160,000 cells: ~32 MB when every cell is kept, ~7 MB of XML
