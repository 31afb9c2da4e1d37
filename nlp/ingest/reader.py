"""The front door: bytes and a filename in, a Transcript or a Survey out."""

from __future__ import annotations

from collections.abc import Callable

from nlp.ingest.csv_reader import read_csv
from nlp.ingest.detect import Sniffed, sniff
from nlp.ingest.errors import IngestError
from nlp.ingest.limits import IngestLimits, check_lines, check_utterances
from nlp.ingest.options import IngestOptions
from nlp.ingest.speakers import unify_speakers
from nlp.ingest.srt import parse_srt
from nlp.ingest.survey import survey_from_table
from nlp.ingest.table import Table
from nlp.ingest.table_kind import table_kind
from nlp.ingest.table_transcript import transcript_from_table
from nlp.ingest.txt import parse_txt
from nlp.ingest.vtt import parse_vtt
from nlp.types import Survey, Transcript

MAX_WARNINGS = 20
_TEXT_PARSERS: dict[str, Callable[[str, str], Transcript]] = {
    "txt": parse_txt,
    "vtt": parse_vtt,
    "srt": parse_srt,
}


def read_source(filename: str, data: bytes, options: IngestOptions | None = None) -> Transcript | Survey:
    """Detect the format of an upload and parse it.

    Args:
        filename: The uploaded file's name; its extension is a hint, and it names the file in errors.
        data: The file's bytes.
        options: Overrides for detection and column mapping.

    Raises:
        IngestError: For any input that cannot be read; `code` says why, `line`/`column` where.
    """
    options = options or IngestOptions()
    if options.max_bytes is not None and len(data) > options.max_bytes:
        message = f"the file is {len(data):,} bytes; the limit is {options.max_bytes:,}"
        raise IngestError(filename, message, code="too_large")
    sniffed = sniff(filename, data)
    result = _parse(filename, data, sniffed, options)
    _check_size(filename, result, options.limits)
    if isinstance(result, Transcript):
        result = unify_speakers(result)
    decode_notes = list(sniffed.decoded.warnings) if sniffed.decoded else []
    result.warnings = _capped([*sniffed.notes, *decode_notes, *result.warnings])
    return result


def detect_format(filename: str, data: bytes) -> str:
    """The format id of an upload: "txt", "vtt", "srt", "docx", "csv", "xlsx", "survey-csv" or "survey-xlsx".

    Raises:
        IngestError: When the file is empty, binary, unsupported, or a table that cannot be read.
    """
    sniffed = sniff(filename, data)
    if sniffed.family not in ("csv", "xlsx"):
        return sniffed.family
    kind = table_kind(_table(filename, data, sniffed, IngestLimits()), IngestOptions())
    return sniffed.family if kind == "interview" else f"survey-{sniffed.family}"


def _parse(filename: str, data: bytes, sniffed: Sniffed, options: IngestOptions) -> Transcript | Survey:
    if sniffed.family == "docx":
        from nlp.ingest.docx import parse_docx  # python-docx loads when a DOCX arrives, not at start

        return parse_docx(filename, data, options.limits)
    if sniffed.family in _TEXT_PARSERS and sniffed.decoded is not None:
        check_lines(filename, sniffed.decoded.text, options.limits)
        return _TEXT_PARSERS[sniffed.family](filename, sniffed.decoded.text)
    table = _table(filename, data, sniffed, options.limits)
    try:
        if table_kind(table, options) == "interview":
            return transcript_from_table(filename, table, options, sniffed.family)
        return survey_from_table(filename, table, options, f"survey-{sniffed.family}")
    except IngestError as error:
        raise _noting(error, table.warnings) from None


def _noting(error: IngestError, notes: list[str]) -> IngestError:
    """The error with what reading the table noticed (formulas without values read as empty ...)."""
    if not notes:
        return error
    message = f"{error.message}; note: {'; '.join(notes)}"
    return IngestError(
        error.filename, message, code=error.code, line=error.line, column=error.column, unit=error.unit
    )


def _table(filename: str, data: bytes, sniffed: Sniffed, limits: IngestLimits) -> Table:
    if sniffed.decoded is not None:
        return read_csv(filename, sniffed.decoded.text, limits)
    from nlp.ingest.xlsx_reader import read_xlsx  # openpyxl loads when a workbook arrives, not at start

    return read_xlsx(filename, data, limits)


def _check_size(filename: str, result: Transcript | Survey, limits: IngestLimits) -> None:
    """Every turn or open answer gives at least one utterance: refuse before sentences are split."""
    if isinstance(result, Transcript):
        check_utterances(filename, len(result.turns), limits, what="turns")
    else:
        answers = sum(len(respondent.answers) for respondent in result.respondents)
        check_utterances(filename, answers, limits, what="answers")


def _capped(warnings: list[str]) -> list[str]:
    if len(warnings) <= MAX_WARNINGS:
        return warnings
    return [*warnings[:MAX_WARNINGS], f"... and {len(warnings) - MAX_WARNINGS} more warnings"]
