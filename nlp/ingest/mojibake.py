"""Double-encoded UTF-8 ("JosÃ© Ãlvarez"): UTF-8 bytes read once as Windows-1252 or Latin-1, saved again.

Repaired only when the whole text goes back to bytes and reads as UTF-8 (a text with one real "é" beside
the garbled ones does not, and is left alone), and the repair leaves fewer garbled sequences than before.
"""

from __future__ import annotations

import re


def _sloppy_char(byte: int) -> str:
    """What one byte reads as in Windows-1252, or in Latin-1 where Windows-1252 leaves it undefined."""
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)


_TO_BYTE = {_sloppy_char(byte): byte for byte in range(256)}
_CONTINUATION = "".join(re.escape(_sloppy_char(byte)) for byte in range(0x80, 0xC0))
# A lead byte of a 2- or 3-byte UTF-8 sequence followed by its continuation bytes, as they read in cp1252:
# "Ã©" (é), "Ã\x81" (Á), "â€™" (a right single quote).
_PATTERN = re.compile(f"[\u00c2-\u00df][{_CONTINUATION}]|[\u00e0-\u00ef][{_CONTINUATION}]{{2}}")


def garbled_count(text: str) -> int:
    """How many sequences in `text` look like UTF-8 read as Windows-1252."""
    return len(_PATTERN.findall(text))


def repair(text: str) -> tuple[str, str | None]:
    """`text` with double-encoded UTF-8 undone, and a warning saying so; `text` unchanged and None when
    it has none, or does not go back to UTF-8 as a whole."""
    found = _PATTERN.findall(text)
    if not found:
        return text, None
    repaired = _undo(text)
    if repaired is None or garbled_count(repaired) >= len(found):
        return text, None
    # An example a reader can see: "Ã\x81" (Á) prints nothing after the Ã.
    example = next((seq for seq in found if seq.isprintable()), found[0])
    sequences = "sequence" if len(found) == 1 else "sequences"
    warning = (
        f"repaired double-encoded UTF-8 (mojibake): {len(found)} garbled {sequences} such as "
        f'"{example}" read as "{_undo(example) or ""}"'
    )
    return repaired, warning


def _undo(text: str) -> str | None:
    try:
        data = bytes(_TO_BYTE[char] if char in _TO_BYTE else ord(char) for char in text)
        return data.decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        return None
