"""Tell formats apart by content first, using the file extension as a hint where content is ambiguous."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from nlp.ingest.csv_reader import sniff_delimiter
from nlp.ingest.decode import Decoded, decode
from nlp.ingest.errors import IngestError, empty_file
from nlp.ingest.labels import match_label

SUPPORTED = (
    "supported formats are transcripts as .txt, .vtt, .srt, .docx, .csv or .xlsx, "
    "and survey exports as .csv or .xlsx"
)
_LEGACY_OFFICE = b"\xd0\xcf\x11\xe0"
# Word and Excel keep a password-protected .docx/.xlsx in the legacy container, as a stream of this name.
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_PASSWORD_PROTECTED = (
    "a password-protected Word or Excel file; remove the password (File > Info > Protect), save it "
    "and upload it again"
)
_MAGIC = (
    (b"%PDF", "a PDF"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (_LEGACY_OFFICE, "a legacy Office file (.doc/.xls); save it as .docx or .xlsx"),
    (b"{\\rtf", "an RTF document; save it as .docx or .txt"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"ID3", "an MP3 audio file"),
    (b"OggS", "an Ogg audio file"),
    (b"fLaC", "a FLAC audio file"),
    (b"RIFF", "an audio or video file"),
)
_SRT_START = re.compile(r"\d+[ \t]*\n[ \t]*\d{1,3}:\d{2}:\d{2}[,.]\d{1,3}[ \t]*-->")
_CUE_TIMING = re.compile(r"^[ \t]*(?:\d+:)?\d{2}:\d{2}(?P<sep>[.,])\d{1,3}[ \t]+-->", re.MULTILINE)
_OFFICE_EXTENSIONS = {".docx": "docx", ".xlsx": "xlsx", ".xlsm": "xlsx"}
_FORMAT_NAMES = {
    "txt": ("a plain-text transcript", ".txt"),
    "vtt": ("a WebVTT transcript", ".vtt"),
    "srt": ("an SRT transcript", ".srt"),
    "csv": ("a CSV table", ".csv"),
    "docx": ("a Word document", ".docx"),
    "xlsx": ("an Excel workbook", ".xlsx"),
}


@dataclass(frozen=True, slots=True)
class Sniffed:
    """A format family ("txt", "vtt", "srt", "docx", "csv", "xlsx"), for text the decoded text, and
    notes for the researcher (an extension that does not match the content)."""

    family: str
    decoded: Decoded | None = None
    notes: tuple[str, ...] = ()


def sniff(filename: str, data: bytes) -> Sniffed:
    """Find the format family of an upload.

    Raises:
        IngestError: "empty", "binary", "encoding", "malformed" or "unknown_format".
    """
    if not data.strip():
        raise empty_file(filename)
    extension = PurePath(filename).suffix.lower()
    office = _office_family(filename, data, extension)
    if office is not None:
        return Sniffed(office, notes=_misnamed(filename, extension, office))
    _refuse_known_binary(filename, data)
    decoded = _decode(filename, data, extension)
    if not decoded.text.strip():
        raise empty_file(filename)
    family = _text_family(decoded.text, extension)
    return Sniffed(family, decoded, _misnamed(filename, extension, family))


def _office_family(filename: str, data: bytes, extension: str) -> str | None:
    if not data.startswith(b"PK\x03\x04"):
        return None  # whatever the extension says: a text file named .docx is still text
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        names = set()
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if extension in _OFFICE_EXTENSIONS:
        return _OFFICE_EXTENSIONS[extension]  # the parser explains a broken file
    message = f"this is a ZIP archive but not a DOCX or XLSX file; {SUPPORTED}"
    raise IngestError(filename, message, code="unknown_format")


def _decode(filename: str, data: bytes, extension: str) -> Decoded:
    try:
        return decode(filename, data)
    except IngestError as error:
        if error.code != "binary" or extension not in _OFFICE_EXTENSIONS:
            raise
        what = _OFFICE_EXTENSIONS[extension].upper()
        raise IngestError(
            filename, f"not a valid {what} file (it is not a ZIP archive)", code="malformed"
        ) from None


def _misnamed(filename: str, extension: str, family: str) -> tuple[str, ...]:
    """A note when an Office extension hides another format, or an Office file wears a foreign one."""
    named = _OFFICE_EXTENSIONS.get(extension)
    if named is None or named == family:
        return ()
    what, proper = _FORMAT_NAMES[family]
    return (
        f'{filename}: the "{extension}" extension is misleading: this is {what}, read as one; '
        f"rename it to end in {proper}",
    )


def _refuse_known_binary(filename: str, data: bytes) -> None:
    what = next((name for magic, name in _MAGIC if data.startswith(magic)), None)
    if data.startswith(_LEGACY_OFFICE) and _ENCRYPTED_PACKAGE in data:
        what = _PASSWORD_PROTECTED
    if what is None and data[4:8] == b"ftyp":
        what = "an audio or video file"
    if what is not None:
        raise IngestError(filename, f"this is {what}; {SUPPORTED}", code="unknown_format")


def _text_family(text: str, extension: str) -> str:
    head = text.lstrip()
    if head.startswith("WEBVTT"):
        return "vtt"
    if _SRT_START.match(head):
        return "srt"
    if extension in (".vtt", ".srt", ".csv", ".tsv"):
        return "csv" if extension == ".tsv" else extension[1:]
    if extension in (".txt", ".text", ".md"):
        return "txt"
    timing = _CUE_TIMING.search(text[:65536])
    if timing is not None:
        return "srt" if timing["sep"] == "," else "vtt"
    return "csv" if _looks_like_table(head) else "txt"


def _looks_like_table(text: str) -> bool:
    lines = [line for line in text[:65536].split("\n")[:10] if line.strip()]
    if len(lines) < 2 or match_label(lines[0]) is not None:
        return False
    delimiter = sniff_delimiter(text)
    widths = {line.count(delimiter) for line in lines}
    return len(widths) == 1 and widths != {0}
