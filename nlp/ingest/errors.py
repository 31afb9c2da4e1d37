"""The one error every parser raises for input it cannot read."""

from __future__ import annotations

from typing import Literal

ErrorCode = Literal[
    "empty",
    "too_large",
    "unknown_format",
    "binary",
    "encoding",
    "malformed",
    "no_text_column",
    "no_open_answers",
    "no_respondents",
    "no_turns",
]


class IngestError(ValueError):
    """A file could not be imported; says what is wrong and where.

    Attributes:
        filename: The name the file was uploaded under.
        message: What is wrong, in the researcher's words.
        code: A stable machine-readable reason (see `ErrorCode`).
        line: 1-based line (or spreadsheet row, see `unit`) of the problem, when known.
        column: 1-based column of the problem, when known.
        unit: "line" for text files, "row" for spreadsheets and CSV records.
    """

    def __init__(
        self,
        filename: str,
        message: str,
        *,
        code: ErrorCode,
        line: int | None = None,
        column: int | None = None,
        unit: Literal["line", "row"] = "line",
    ) -> None:
        self.filename = filename
        self.message = message
        self.code: ErrorCode = code
        self.line = line
        self.column = column
        self.unit = unit
        super().__init__(str(self))

    def __str__(self) -> str:
        where = [self.filename or "upload"]
        if self.line is not None:
            where.append(f"{self.unit} {self.line}")
        if self.column is not None:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}"


def empty_file(filename: str) -> IngestError:
    """The error for a file with nothing in it (0 bytes, or only blank lines): one wording everywhere."""
    return IngestError(filename, "the file is empty", code="empty")
