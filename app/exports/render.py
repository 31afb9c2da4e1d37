"""Exports of personas, journey maps, themes and forces: JSON, Markdown, CSV and PDF.

Markdown and PDF come from Jinja2 templates; the PDF is the printable HTML page (the same partials the
pages use) laid out by WeasyPrint, so what is printed is what was on screen.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from enum import StrEnum
from typing import Any

from fastapi import Request
from fastapi.responses import Response

from app.exports.filenames import content_disposition
from app.web import templates
from nlp.aggregate.quotes import shown_text
from nlp.content import without_transcription_notes

# Excel reads a CSV as the system's code page unless it starts with a byte order mark.
CSV_ENCODING = "utf-8-sig"
_FORMULA_STARTS = ("=", "+", "-", "@")
_FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")


class ExportFormat(StrEnum):
    JSON = "json"
    MARKDOWN = "md"
    CSV = "csv"
    PDF = "pdf"


MEDIA_TYPES = {
    ExportFormat.JSON: "application/json",
    ExportFormat.MARKDOWN: "text/markdown; charset=utf-8",
    ExportFormat.CSV: "text/csv; charset=utf-8",
    ExportFormat.PDF: "application/pdf",
}


def export(
    request: Request,
    *,
    fmt: ExportFormat,
    name: str,
    data: Any,
    template: str,
    context: dict[str, Any],
    rows: Sequence[dict[str, Any]],
    columns: Sequence[str],
) -> Response:
    """One export, as a download named `name`.<fmt>.

    Args:
        data: What the JSON export holds.
        template: Base name; `exports/<template>.md` and `exports/<template>.html` render the others.
        context: Template variables for Markdown and PDF.
        rows: Flat rows for the CSV export, every row with the same keys.
        columns: The CSV's header, written also when there are no rows (keys of the rows not in it follow).
    """
    if fmt == ExportFormat.JSON:
        body = json.dumps(data, ensure_ascii=False, indent=2, default=str).encode("utf-8")
    elif fmt == ExportFormat.CSV:
        body = to_csv(rows, columns=columns).encode(CSV_ENCODING)
    elif fmt == ExportFormat.MARKDOWN:
        body = templates.get_template(f"exports/{template}.md").render(**context).encode("utf-8")
    else:
        body = to_pdf(request, f"exports/{template}.html", context)
    disposition = content_disposition(f"{safe_filename(name)}.{fmt.value}")
    return Response(body, media_type=MEDIA_TYPES[fmt], headers={"Content-Disposition": disposition})


def to_csv(rows: Sequence[dict[str, Any]], *, columns: Sequence[str] = ()) -> str:
    """The rows under a header of `columns` and then any other key of theirs: an empty export still says
    what its columns are."""
    out = io.StringIO()
    header = list(dict.fromkeys([*columns, *(key for row in rows for key in row)]))
    writer = csv.DictWriter(out, fieldnames=header, restval="")
    writer.writeheader()
    writer.writerows(_neutralise(row) for row in rows)
    return out.getvalue()


def csv_download(rows: Iterable[dict[str, Any]], *, columns: Sequence[str], filename: str) -> Response:
    """Rows with these columns as a CSV download that Excel opens as UTF-8, formulas neutralised.

    `rows` may be a generator: rows are written as they come, so only the text is held at once.
    """
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns))
    writer.writeheader()
    writer.writerows(_neutralise(row) for row in rows)
    return csv_response(out.getvalue(), filename=filename)


def csv_response(text: str, *, filename: str) -> Response:
    """CSV text as a download, with the byte order mark Excel needs to read it as UTF-8."""
    return Response(
        text.encode(CSV_ENCODING),
        media_type=MEDIA_TYPES[ExportFormat.CSV],
        headers={"Content-Disposition": content_disposition(filename)},
    )


def _neutralise(row: dict[str, Any]) -> dict[str, Any]:
    """Quotes are customers' words: keep a spreadsheet from reading "=..." as a formula."""
    return {key: neutralise(value) if isinstance(value, str) else value for key, value in row.items()}


def neutralise(value: str) -> str:
    """Prefix "'" to text a spreadsheet could run as a formula (OWASP CSV injection).

    Spreadsheets skip leading tabs, line breaks and spaces before "=", "+", "-" or "@", so those
    count too; a value starting with a tab or carriage return is prefixed whatever follows.
    """
    if value[:1] in _FORMULA_LEADS or value.lstrip()[:1] in _FORMULA_STARTS:
        return f"'{value}"
    return value


def to_pdf(request: Request, template: str, context: dict[str, Any]) -> bytes:
    from weasyprint import HTML  # imported on first export: it loads Pango

    html = templates.get_template(template).render(request=request, printing=True, **context)
    return bytes(HTML(string=html, base_url=str(request.base_url)).write_pdf())


def safe_filename(name: str) -> str:
    cleaned = "".join(c if c.isalnum() or c in "-_" else "-" for c in name.lower())
    return "-".join(part for part in cleaned.split("-") if part)[:80] or "export"


def quotes_text(quotes: Iterable[dict[str, Any]]) -> str:
    """Quotes as one cell: each as `shown_text` writes it, without transcription notes, " | " between."""
    return " | ".join(
        f"\u201c{shown_text(without_transcription_notes(q['text']), q.get('before'))}\u201d" for q in quotes
    )
