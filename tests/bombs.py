"""Hostile files, built in memory and kept small by compression: the decompression bombs of issue 11.

Used by tests/app/test_upload_caps.py and bench/bench_bombs.py.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

import docx
import openpyxl

MB = 1024 * 1024
_PARAGRAPH = b"<w:p><w:r><w:t>Ana: I kept the spreadsheet open all day, every day.</w:t></w:r></w:p>"


def _office_with(template: bytes, member: str, parts: Iterator[bytes]) -> bytes:
    """A copy of the Office file `template` whose `member` is replaced by the streamed `parts`."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(template)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target,
    ):
        for info in source.infolist():
            if info.filename != member:
                target.writestr(info.filename, source.read(info))
        with target.open(member, "w", force_zip64=True) as part:
            for chunk in parts:
                part.write(chunk)
    return out.getvalue()


def _repeated(head: bytes, unit: bytes, tail: bytes, total_bytes: int) -> Iterator[bytes]:
    yield head
    block = unit * max(1, MB // len(unit))
    for _ in range(max(1, total_bytes // len(block))):
        yield block
    yield tail


def docx_bomb(document_mb: int = 190) -> bytes:
    """A DOCX whose word/document.xml is `document_mb` MB of repeated labelled paragraphs."""
    template = io.BytesIO()
    docx.Document().save(template)
    head = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    )
    parts = _repeated(head, _PARAGRAPH, b"</w:body></w:document>", document_mb * MB)
    return _office_with(template.getvalue(), "word/document.xml", parts)


def xlsx_bomb(sheet_mb: int = 190) -> bytes:
    """An XLSX whose first sheet is `sheet_mb` MB of rows (a speaker and a text cell each)."""
    return _office_with(_xlsx_template(), "xl/worksheets/sheet1.xml", _sheet_rows(sheet_mb * MB))


def xlsx_many_rows(rows: int) -> bytes:
    """An XLSX with `rows` rows but a modest sheet: within the size caps, past the row cap."""
    row = b'<row><c t="inlineStr"><is><t>Ana</t></is></c><c t="inlineStr"><is><t>Hi</t></is></c></row>'
    return _office_with(_xlsx_template(), "xl/worksheets/sheet1.xml", _sheet(row, len(row) * rows))


def _sheet_rows(total_bytes: int) -> Iterator[bytes]:
    row = (
        b'<row><c t="inlineStr"><is><t>Ana</t></is></c><c t="inlineStr"><is>'
        b"<t>I kept the spreadsheet open all day, every day, because nothing else worked.</t></is></c></row>"
    )
    return _sheet(row, total_bytes)


def _sheet(row: bytes, total_bytes: int) -> Iterator[bytes]:
    head = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        b'<row><c t="inlineStr"><is><t>Speaker</t></is></c><c t="inlineStr"><is><t>Text</t></is></c></row>'
    )
    return _repeated(head, row, b"</sheetData></worksheet>", total_bytes)


def _xlsx_template() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(["Speaker", "Text"])  # type: ignore[union-attr]
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_rows(rows: int = 1_000_000) -> bytes:
    """A transcript CSV with `rows` short rows."""
    return b"speaker,text\n" + b"Ana,Hi there\n" * rows
