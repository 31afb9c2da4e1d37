"""Check an Office file's ZIP container before a library unpacks it (zip bombs, missing parts)."""

from __future__ import annotations

import io
import zipfile

from nlp.ingest.errors import IngestError

MAX_MEMBER_BYTES = 200 * 1024 * 1024
MAX_TOTAL_BYTES = 300 * 1024 * 1024
MAX_MEMBERS = 10_000


def check_zip(filename: str, data: bytes, *, member: str, what: str) -> None:
    """Refuse a file that is not a ZIP, lacks `member`, or would unpack to more than the limits.

    Args:
        filename: For error messages.
        data: The uploaded bytes.
        member: The part the format cannot do without, e.g. "word/document.xml".
        what: The format's name for messages, e.g. "DOCX".

    Raises:
        IngestError: "malformed" for a broken or foreign archive, "too_large" for a zip bomb.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise IngestError(
            filename, f"not a valid {what} file (it is not a ZIP archive)", code="malformed"
        ) from None
    if member not in {info.filename for info in infos}:
        raise IngestError(filename, f"not a valid {what} file ({member} is missing)", code="malformed")
    largest = max(infos, key=lambda info: info.file_size)
    if largest.file_size > MAX_MEMBER_BYTES or sum(info.file_size for info in infos) > MAX_TOTAL_BYTES:
        message = f"{largest.filename} would unpack to {largest.file_size // 2**20} MB; the limit is 200 MB"
        raise IngestError(filename, message, code="too_large")
    if len(infos) > MAX_MEMBERS:
        raise IngestError(filename, f"the archive holds {len(infos)} parts; too many", code="too_large")
