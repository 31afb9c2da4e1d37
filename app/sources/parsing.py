"""Turn an uploaded file into a parsed Transcript or Survey, or a typed upload error."""

from __future__ import annotations

from app.errors import InvalidUpload, UnsupportedFormat, UploadTooLarge
from nlp.ingest import IngestError, IngestOptions, read_source
from nlp.types import Survey, Transcript

# Parser error codes that mean "we cannot read this kind of file at all".
_UNSUPPORTED = {"unknown_format", "binary"}


def parse_upload(
    filename: str, data: bytes, *, options: IngestOptions | None, max_bytes: int
) -> Transcript | Survey:
    """Parse `data`; raise InvalidUpload (or a subclass) naming the file, line and column."""
    if len(data) > max_bytes:
        raise UploadTooLarge(
            f"{filename}: the file is {len(data) / 1_048_576:.1f} MB; the limit is "
            f"{max_bytes / 1_048_576:.0f} MB (DESIRELINES_MAX_UPLOAD_MB).",
            detail={"file": filename},
        )
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
