"""Word transcripts (Otter, Rev, or plain "Name: text" paragraphs) via python-docx."""

from __future__ import annotations

import io
from collections.abc import Iterator
from itertools import islice

import docx
from docx.document import Document
from docx.table import Table
from docx.text.paragraph import Paragraph

from nlp.ingest.errors import IngestError
from nlp.ingest.limits import IngestLimits, too_many_rows
from nlp.ingest.timecode import parse_clock
from nlp.ingest.txt import parse_lines
from nlp.ingest.zipguard import check_zip
from nlp.types import Transcript


def parse_docx(filename: str, data: bytes, limits: IngestLimits | None = None) -> Transcript:
    """Read a DOCX transcript; turns record the 1-based paragraph (or table row) they start in.

    Raises:
        IngestError: "malformed" when the file is not a valid DOCX, "no_turns" when nothing is labelled,
            "too_large" when it would unpack past the limits or has more than `max_rows` paragraphs.
    """
    limits = limits or IngestLimits()
    check_zip(filename, data, member="word/document.xml", what="DOCX", limits=limits)
    document = _open(filename, data)
    blocks = list(islice(document.iter_inner_content(), limits.max_rows + 1))
    if len(blocks) > limits.max_rows:
        raise too_many_rows(filename, limits, row=len(blocks), unit="paragraph")
    lines = [(number, line) for number, text in enumerate(_texts(blocks), 1) for line in text.split("\n")]
    transcript = parse_lines(filename, lines, "docx")
    transcript.title = _heading(blocks) or transcript.title
    return transcript


def _open(filename: str, data: bytes) -> Document:
    try:
        return docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx and lxml raise many types for a broken package
        message = f"not a valid DOCX file ({type(error).__name__})"
        raise IngestError(filename, message, code="malformed") from None


def _texts(blocks: list[Paragraph | Table]) -> Iterator[str]:
    for block in blocks:
        if isinstance(block, Paragraph):
            yield block.text
        else:
            yield from (_row_text(row.cells) for row in block.rows)


def _row_text(cells: list[docx.table._Cell]) -> str:
    """A table row as a labelled line: "Name: text" or "Name (00:01): text"."""
    texts = list(dict.fromkeys(cell.text.strip() for cell in cells))  # merged cells repeat
    if len(texts) >= 3 and parse_clock(texts[1]) is not None:
        return f"{texts[0]} ({texts[1]}): {' '.join(texts[2:])}"
    if len(texts) >= 2:
        return f"{texts[0]}: {' '.join(texts[1:])}"
    return " ".join(texts)


def _heading(blocks: list[Paragraph | Table]) -> str | None:
    for block in blocks:
        if isinstance(block, Paragraph) and block.text.strip() and _is_heading(block):
            return block.text.strip()
    return None


def _is_heading(paragraph: Paragraph) -> bool:
    style = paragraph.style.name if paragraph.style is not None else None
    return (style or "").startswith(("Title", "Heading"))
