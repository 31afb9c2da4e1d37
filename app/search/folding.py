"""Accent folding for PostgreSQL search, so "cafe" finds "café" there as SQLite's FTS5 tokenizer does.

PostgreSQL's `english` configuration keeps accents, and the `unaccent` extension needs rights a deployment
may not grant, so the text is folded with the built-in, immutable `translate()` over the accented Latin
letters. The same expression sits in the index (migration 0011) and in every query: change it only with a
migration that rebuilds the index, or queries stop using it.
"""

from __future__ import annotations

import unicodedata


def _latin_folds() -> tuple[str, str]:
    """Each accented Latin letter (U+00C0 to U+024F) and the ASCII letter it decomposes to."""
    accented, plain = [], []
    for codepoint in range(0xC0, 0x250):
        letter = chr(codepoint)
        base = "".join(c for c in unicodedata.normalize("NFKD", letter) if not unicodedata.combining(c))
        if len(base) == 1 and base != letter and base.isascii() and base.isalpha():
            accented.append(letter)
            plain.append(base)
    return "".join(accented), "".join(plain)


ACCENTED, PLAIN = _latin_folds()
_TABLE = str.maketrans(ACCENTED, PLAIN)


def tsvector_sql(column: str) -> str:
    """The document side of PostgreSQL search: `column` folded, then parsed and stemmed as English.

    The constants hold no quote, so they sit in the SQL as literals (an index expression needs them so).
    """
    return f"to_tsvector('english', translate({column}, '{ACCENTED}', '{PLAIN}'))"


def fold(text: str) -> str:
    """`text` with accented Latin letters made plain, exactly as `tsvector_sql` folds a document."""
    return text.translate(_TABLE)


def fold_fully(text: str) -> str:
    """`text` with every combining mark removed, for matching in Python (as FTS5's `remove_diacritics`)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))
