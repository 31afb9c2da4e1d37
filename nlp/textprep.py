"""Cleaning an utterance before coding, and the reasons an utterance is not coded at all."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

MAX_CODED_CHARS = 5_000
_TAG = re.compile(r"<[^>]{0,200}>")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACE = re.compile(r"\s+")
_ASCII_LETTER = re.compile(r"[A-Za-z]")


@dataclass(frozen=True, slots=True)
class Prepared:
    """An utterance ready for the coders, or the reason it is skipped.

    Attributes:
        text: Cleaned text (tags and control characters removed, entities decoded, capped in length).
        skipped: Why it is not coded ("empty", "no words", "not in a Latin script"), or None.
        note: Something the researcher should know about a coded text ("truncated to 5,000 characters").
    """

    text: str
    skipped: str | None = None
    note: str | None = None


def prepare(text: str) -> Prepared:
    """Clean `text` and decide whether the coders, trained on English, can code it."""
    cleaned = _SPACE.sub(" ", _CONTROL.sub(" ", html.unescape(_TAG.sub(" ", text or "")))).strip()
    if not cleaned:
        return Prepared("", skipped="empty")
    # ASCII text (most of it) is in the Latin script: it only needs a letter.
    if cleaned.isascii() and _ASCII_LETTER.search(cleaned):
        return _capped(cleaned)
    letters = [ch for ch in cleaned if ch.isalpha()]
    if not letters:
        return Prepared(cleaned, skipped="no words (only numbers, symbols or emoji)")
    latin = sum(1 for ch in letters if ch.isascii() or "\u00c0" <= ch <= "\u024f")
    if latin / len(letters) < 0.5:
        return Prepared(cleaned, skipped="not in a Latin script; the coders read English")
    return _capped(cleaned)


def _capped(cleaned: str) -> Prepared:
    if len(cleaned) > MAX_CODED_CHARS:
        return Prepared(cleaned[:MAX_CODED_CHARS], note=f"truncated to {MAX_CODED_CHARS:,} characters")
    return Prepared(cleaned)
