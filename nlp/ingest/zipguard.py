"""Check an Office file's ZIP container before a library unpacks it (zip bombs, missing parts)."""

from __future__ import annotations

import io
import zipfile

from nlp.ingest.errors import IngestError
from nlp.ingest.limits import MB, IngestLimits

_CHUNK = 1024 * 1024
_BROKEN = (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError)


def check_zip(
    filename: str, data: bytes, *, member: str, what: str, limits: IngestLimits | None = None
) -> None:
    """Refuse a file that is not a ZIP, lacks `member`, or would unpack past the limits.

    Sizes are checked twice: as the central directory declares them, and while actually unpacking
    (in 1 MB chunks, stopping at the limit), so a directory that lies about sizes gains nothing.

    Args:
        filename: For error messages.
        data: The uploaded bytes.
        member: The part the format cannot do without, e.g. "word/document.xml".
        what: The format's name for messages, e.g. "DOCX".
        limits: Caps on parts and unpacked size.

    Raises:
        IngestError: "malformed" for a broken or foreign archive, "too_large" for a zip bomb.
    """
    limits = limits or IngestLimits()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            _check_directory(filename, infos, member=member, what=what, limits=limits)
            _check_unpacked(filename, archive, infos, limits)
    except IngestError:
        raise
    except _BROKEN as error:
        message = f"not a valid {what} file ({_broken(error)})"
        raise IngestError(filename, message, code="malformed") from None


def _check_directory(
    filename: str, infos: list[zipfile.ZipInfo], *, member: str, what: str, limits: IngestLimits
) -> None:
    if len(infos) > limits.max_parts:
        message = f"the archive holds {len(infos):,} parts; the limit is {limits.max_parts:,}"
        raise IngestError(filename, message, code="too_large")
    if member not in {info.filename for info in infos}:
        raise IngestError(filename, f"not a valid {what} file ({member} is missing)", code="malformed")
    total = sum(info.file_size for info in infos)
    if total > limits.max_unpacked_bytes:
        largest = max(infos, key=lambda info: info.file_size)
        raise _too_large(filename, largest.filename, largest.file_size, limits)


def _check_unpacked(
    filename: str, archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], limits: IngestLimits
) -> None:
    total = 0
    for info in infos:
        with archive.open(info) as part:
            while chunk := part.read(_CHUNK):
                total += len(chunk)
                if total > limits.max_unpacked_bytes:
                    raise _too_large(filename, info.filename, total, limits)


def _too_large(filename: str, part: str, size: int, limits: IngestLimits) -> IngestError:
    message = (
        f"{part} would unpack to more than {_size(size)}; a file may unpack to at most "
        f"{_size(limits.max_unpacked_bytes)} (DESIRELINES_MAX_UNPACKED_MB)"
    )
    return IngestError(filename, message, code="too_large")


def _size(count: int) -> str:
    return f"{count / MB:,.1f} MB" if count >= MB // 10 else f"{count:,} bytes"


def _broken(error: BaseException) -> str:
    if isinstance(error, zipfile.BadZipFile) and "CRC" in str(error):
        return "a part is damaged: its checksum does not match"
    return "it is not a ZIP archive"
