from __future__ import annotations

import pytest

from nlp.ingest import IngestError, read_source


def test_unclosed_quote_says_where_instead_of_swallowing_the_rest() -> None:
    data = b'speaker,text\nPriya,"Why did you switch?\nTom,It was slow.\nPriya,Thanks.\n'

    with pytest.raises(IngestError) as caught:
        read_source("call.csv", data)

    error = caught.value
    assert (error.code, error.line, error.column) == ("malformed", 2, 7)
    assert "never closed" in error.message


def test_unclosed_quote_in_a_survey_after_multiline_cells() -> None:
    data = (
        b'id,What nearly stopped you from buying?\r\n'
        b'1,"The price.\r\nAnd the ""annual"" contract."\r\n'
        b'2,Setup looked hard and IT was slow to approve it.\r\n'
        b'3,"We worried about migrating our data from the old tool.\r\n'
        b'4,Nothing much; the sales rep answered every question we had.\r\n'
    )

    with pytest.raises(IngestError) as caught:
        read_source("survey.csv", data)

    assert (caught.value.line, caught.value.column) == (5, 3)


@pytest.mark.parametrize(
    ("data", "last"),
    [
        (b'speaker,text\nTom,"line one\nline two"\nDana,"She said ""no"""\n', 'She said "no"'),
        (b'speaker,text\nTom,a 5" screen\nDana,"quoted"then more\n', "quotedthen more"),
        (b'speaker,text\nTom,"ends without a newline"', "ends without a newline"),
    ],
)
def test_closed_and_literal_quotes_still_read(data: bytes, last: str) -> None:
    assert read_source("a.csv", data).turns[-1].text == last


@pytest.mark.parametrize("end", ["\n", "\r\n\r\n", ""])
def test_an_unclosed_quote_on_the_last_line_swallows_nothing_and_is_read(end: str) -> None:
    # Only the rows after an unclosed quote would be lost: on the last line there are none.
    data = f'speaker,text\nTom,It was slow.\nDana,"Best tool we tried{end}'.encode()

    assert [turn.text for turn in read_source("a.csv", data).turns] == ["It was slow.", "Best tool we tried"]
