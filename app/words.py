"""Counted words for messages and pages: "1 persona", "2 personas"."""

from __future__ import annotations


def plural(count: int | float | None, singular: str, plural_form: str | None = None) -> str:
    """`{{ n | plural("participant") }}`: "1 participant", "2 participants", "0 people" with plural_form."""
    number = count or 0
    word = singular if number == 1 else (plural_form or f"{singular}s")
    return f"{number} {word}"
