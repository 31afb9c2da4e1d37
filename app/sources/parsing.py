"""Turn an uploaded file into a parsed Transcript or Survey, or a typed upload error."""

from __future__ import annotations

from dataclasses import replace

from app.config import Settings
from app.errors import InvalidUpload, UnsupportedFormat, UploadTooLarge
from nlp.ingest import IngestError, IngestLimits, IngestOptions, read_source
from nlp.types import Survey, Transcript

# Parser error codes that mean "we cannot read this kind of file at all".
_UNSUPPORTED = {"unknown_format", "binary"}


def limits_from(settings: Settings) -> IngestLimits:
    """The per-file caps the settings ask for."""
    return IngestLimits(
        max_unpacked_bytes=int(settings.max_unpacked_mb * 1024 * 1024),
        max_parts=settings.max_zip_parts,
        max_rows=settings.max_rows,
        max_utterances=settings.max_utterances,
    )


def parse_upload(
    filename: str,
    data: bytes,
    *,
    options: IngestOptions | None,
    max_bytes: int,
    limits: IngestLimits | None = None,
) -> Transcript | Survey:
    """Parse `data` (no database work: call it outside a transaction).

    Raises:
        InvalidUpload: or a subclass (413 UploadTooLarge, 415 UnsupportedFormat) naming the file and,
            where known, the line and column.
    """
    if len(data) > max_bytes:
        raise UploadTooLarge(
            f"{filename}: the file is {len(data) / 1_048_576:.1f} MB; the limit is "
            f"{max_bytes / 1_048_576:.0f} MB (DESIRELINES_MAX_UPLOAD_MB).",
            detail={"file": filename},
        )
    options = options or IngestOptions()
    if limits is not None:
        options = replace(options, limits=limits)
    try:
        return read_source(filename, data, options)
    except IngestError as err:
        error_class = UnsupportedFormat if err.code in _UNSUPPORTED else InvalidUpload
        if err.code == "too_large":
            error_class = UploadTooLarge
        raise error_class(
            str(err),
            detail={"file": filename, "line": err.line, "column": err.column, "reason": err.code},
        ) from err
