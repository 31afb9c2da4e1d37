"""Download filenames: RFC 6266 Content-Disposition with an ASCII fallback and the RFC 5987 UTF-8 name."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

_UNSAFE = re.compile(r"[^A-Za-z0-9._ ()-]+")


def ascii_fallback(filename: str, default: str = "download") -> str:
    """The name for clients that ignore filename*: accents dropped, anything else unsafe as "_"."""
    stem, dot, suffix = filename.rpartition(".")
    if not dot:
        stem, suffix = filename, ""
    stem, suffix = _ascii(stem)[:150] or default, _ascii(suffix)[:16]
    return f"{stem}.{suffix}" if suffix else stem


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _UNSAFE.sub("_", decomposed).strip(" ._")


def content_disposition(filename: str, *, inline: bool = False) -> str:
    """`attachment; filename="ascii"; filename*=UTF-8''percent-encoded` for any filename.

    Quotes, backslashes and line breaks cannot reach the header: the fallback keeps only safe ASCII
    and the UTF-8 form is percent-encoded.
    """
    kind = "inline" if inline else "attachment"
    cleaned = "".join(c for c in filename if unicodedata.category(c)[0] != "C") or "download"
    return f"{kind}; filename=\"{ascii_fallback(cleaned)}\"; filename*=UTF-8''{quote(cleaned, safe='')}"
