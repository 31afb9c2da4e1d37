"""Code a file of texts without the server: CSV, JSONL or TXT in, CSV or JSONL out, streamed.

Rows are read, coded and written a chunk at a time, so memory does not grow with the file; every
input row comes out, in order, with the added columns below. `content` is the row's content class
("substantive", or why it carries no content: "backchannel", "courtesy", "procedural", "marker"); a
no-content row has only that column filled, like a skipped row (uncodable text) has none.
"""

from __future__ import annotations

import csv
import json
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from nlp.ingest.errors import empty_file
from nlp.pipeline import UtteranceCoding
from nlp.types import CodingInput

ADDED_COLUMNS = [
    "content",
    "emotion",
    "goemotions",
    "valence",
    "pain_point",
    "pain_score",
    "stage",
    "stage_score",
    "forces",
]
TEXT_NAMES = ("text", "answer", "response", "utterance", "comment", "feedback", "message", "content")
CHUNK = 512
_BLANK_CHUNK = 64 * 1024


class BatchInputError(ValueError):
    """The input cannot be read; the message names the file and, where known, the line."""


@dataclass
class BatchReport:
    rows: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    no_content: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0


Row = dict[str, Any]
Coder = Callable[[list[CodingInput]], list[UtteranceCoding]]


def read_rows(path: Path, text_column: str | None) -> tuple[list[str], str, Iterator[tuple[int, Row]]]:
    """(input columns, text column, rows with their line numbers) for CSV, JSONL or TXT."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _csv_rows(path, text_column)
    if suffix in (".jsonl", ".ndjson"):
        column = text_column or "text"
        return [], column, _jsonl_rows(path, column)
    if suffix == ".txt":
        return ["text"], "text", _txt_rows(path)
    raise BatchInputError(f"{path}: unsupported input; use .csv (with a header row), .jsonl or .txt")


def _refuse_blank(path: Path) -> None:
    """Refuse a file with nothing but blank lines (or a BOM), as an upload does: "Coded 0 rows" hid it."""
    with path.open("rb") as handle:
        chunk = handle.read(_BLANK_CHUNK).removeprefix(b"\xef\xbb\xbf")
        while chunk:
            if chunk.strip():
                return
            chunk = handle.read(_BLANK_CHUNK)
    raise BatchInputError(str(empty_file(str(path))))


def _open(path: Path) -> TextIO:
    return path.open("r", encoding="utf-8-sig", newline="")


def _csv_rows(path: Path, text_column: str | None) -> tuple[list[str], str, Iterator[tuple[int, Row]]]:
    handle = _open(path)
    reader = csv.reader(handle)
    try:
        header = next(reader)
    except StopIteration:
        raise BatchInputError(f"{path}: the file is empty; a header row is needed") from None
    column = text_column or next((h for h in header if h.strip().lower() in TEXT_NAMES), None)
    if column is None or column not in header:
        wanted = f"column {text_column!r}" if text_column else "text column"
        raise BatchInputError(f"{path}, line 1: no {wanted}; found {header}. Name one with --text-column.")

    def rows() -> Iterator[tuple[int, Row]]:
        with handle:
            for row in reader:
                line = reader.line_num
                yield line, dict(zip(header, row + [""] * (len(header) - len(row)), strict=False))

    return header, column, _decoding(path, rows())


def _jsonl_rows(path: Path, column: str) -> Iterator[tuple[int, Row]]:
    with _open(path) as handle:
        for line_number, line in enumerate(_decoding_lines(path, handle), start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as err:
                raise BatchInputError(f"{path}, line {line_number}, column {err.colno}: {err.msg}") from None
            if not isinstance(row, dict) or not isinstance(row.get(column, ""), str):
                raise BatchInputError(
                    f"{path}, line {line_number}: expected an object with a string {column!r}"
                )
            yield line_number, row


def _txt_rows(path: Path) -> Iterator[tuple[int, Row]]:
    with _open(path) as handle:
        for line_number, line in enumerate(_decoding_lines(path, handle), start=1):
            yield line_number, {"text": line.rstrip("\r\n")}


def _decoding_lines(path: Path, handle: TextIO) -> Iterator[str]:
    line_number = 0
    try:
        for line_number, line in enumerate(handle, start=1):  # noqa: B007
            yield line
    except UnicodeDecodeError as err:
        raise BatchInputError(
            f"{path}, after line {line_number}: not UTF-8 ({err.reason}); save as UTF-8"
        ) from None


def _decoding(path: Path, rows: Iterator[tuple[int, Row]]) -> Iterator[tuple[int, Row]]:
    try:
        yield from rows
    except UnicodeDecodeError as err:
        raise BatchInputError(f"{path}: not UTF-8 ({err.reason}); save the file as UTF-8") from None
    except csv.Error as err:
        raise BatchInputError(f"{path}: {err}") from None


def added_values(result: UtteranceCoding) -> dict[str, Any]:
    """The added columns for one row; blanks for a row that was skipped, only the class for no-content."""
    if result.skipped:
        return dict.fromkeys(ADDED_COLUMNS, "")
    if result.coded_as != "substantive":
        return {**dict.fromkeys(ADDED_COLUMNS, ""), "content": result.coded_as}
    return {
        "content": result.coded_as,
        "emotion": result.emotion,
        "goemotions": ";".join(label for label, _ in result.goemotions),
        "valence": round(result.valence, 3),
        "pain_point": int(result.pain_point),
        "pain_score": round(result.pain_score, 3),
        "stage": result.stage,
        "stage_score": round(result.stage_score, 3),
        "forces": ";".join(result.forces),
    }


def _chunks(rows: Iterable[tuple[int, Row]], size: int) -> Iterator[list[tuple[int, Row]]]:
    chunk: list[tuple[int, Row]] = []
    for item in rows:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def code_file(
    source: Path,
    target: Path,
    coder: Coder,
    *,
    text_column: str | None = None,
    progress: TextIO | None = None,
) -> BatchReport:
    """Code every row of `source` into `target` (CSV or JSONL by extension), streaming."""
    if target.suffix.lower() not in (".csv", ".jsonl", ".ndjson"):
        raise BatchInputError(f"{target}: the output must end in .csv or .jsonl")
    _refuse_blank(source)
    header, column, rows = read_rows(source, text_column)
    report = BatchReport()
    started = time.perf_counter()
    with target.open("w", encoding="utf-8", newline="") as out:
        write = _writer(out, target, header)
        for chunk in _chunks(rows, CHUNK):
            results = coder([CodingInput(str(row.get(column) or "")) for _, row in chunk])
            for (_, row), result in zip(chunk, results, strict=True):
                write({**row, **added_values(result)})
                if result.skipped:
                    report.skipped[result.skipped] += 1
                elif result.coded_as != "substantive":
                    report.no_content[result.coded_as] += 1
            report.rows += len(chunk)
            _show(progress, report.rows, time.perf_counter() - started)
    report.seconds = time.perf_counter() - started
    if progress is not None:
        progress.write("\n")
    return report


def _writer(out: TextIO, target: Path, header: list[str]) -> Callable[[Row], object]:
    if target.suffix.lower() == ".csv":
        columns = header + [c for c in ADDED_COLUMNS if c not in header]
        writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        return writer.writerow
    return lambda row: out.write(json.dumps(row, ensure_ascii=False) + "\n")


def _show(progress: TextIO | None, rows: int, seconds: float) -> None:
    if progress is not None:
        rate = rows / seconds if seconds else 0.0
        progress.write(f"\rcoded {rows:,} rows ({rate:,.0f} rows/s)")
        progress.flush()


def terminal_progress() -> TextIO | None:
    """stderr when it is a terminal, else nothing (logs stay clean)."""
    return sys.stderr if sys.stderr.isatty() else None
