"""Bytes to text: find the encoding, refuse binary data, normalise line ends and control characters."""

from __future__ import annotations

import re
from dataclasses import dataclass

from nlp.ingest import mojibake
from nlp.ingest.errors import IngestError

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_SAMPLE = 8192
_CONTROL_BYTES = frozenset(set(range(32)) - {9, 10, 12, 13}) | {127}
_STRIP = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff]")


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text decoded from an upload, and how."""

    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


def decode(filename: str, data: bytes) -> Decoded:
    """Decode an upload to text with LF line ends and no control characters but tab and newline.

    Raises:
        IngestError: "binary" for non-text data, "encoding" for text in no encoding we can read.
    """
    encoding = _bom_encoding(data) or _utf16_without_bom(data)
    if encoding is not None:
        return _repaired(_strict(filename, data, encoding), encoding)
    if b"\x00" in data or _control_share(data[:_SAMPLE]) > 0.05:
        raise IngestError(filename, "this looks like a binary file, not text", code="binary")
    try:
        return _repaired(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        text = _strict(filename, data, "cp1252")
        return Decoded(normalise(text), "cp1252", ("decoded as cp1252 (Windows-1252): not valid UTF-8",))


def _repaired(text: str, encoding: str) -> Decoded:
    # Before `normalise`, which drops the C1 controls that some garbled letters are ("Ã\x81" is Á).
    text, warning = mojibake.repair(text)
    return Decoded(normalise(text), encoding, (warning,) if warning else ())


def normalise(text: str) -> str:
    """Turn CRLF/CR and Unicode line separators into LF and drop control characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n")
    return _STRIP.sub("", text)


def _bom_encoding(data: bytes) -> str | None:
    return next((name for bom, name in _BOMS if data.startswith(bom)), None)


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[: _SAMPLE - _SAMPLE % 2]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    even_nul, odd_nul = even.count(0) / len(even), odd.count(0) / len(odd)
    if odd_nul > 0.3 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.3 and odd_nul < 0.05:
        return "utf-16-be"
    return None


def _control_share(sample: bytes) -> float:
    if not sample:
        return 0.0
    return sum(byte in _CONTROL_BYTES for byte in sample) / len(sample)


def _strict(filename: str, data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        line: int | None
        column: int | None
        line, column = _position(data, error.start)
        message = (
            f"byte 0x{data[error.start]:02X} cannot be read as UTF-8 or Windows-1252 text; "
            "save the file as UTF-8 and upload it again"
        )
        if encoding.startswith("utf-"):
            message = f"the file says it is {encoding.upper()} but is not valid {encoding.upper()}"
            line, column = None, None
        raise IngestError(filename, message, code="encoding", line=line, column=column) from None


def _position(data: bytes, offset: int) -> tuple[int, int]:
    line_start = data.rfind(b"\n", 0, offset) + 1
    return data.count(b"\n", 0, offset) + 1, offset - line_start + 1
