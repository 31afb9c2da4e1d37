"""Multi-select answers: several choices in one cell ("Email; Slack", Google Forms "Email, Slack").

A closed column is multi-select when at least two of its cells hold a separator and the parts recur:
with ";" some part of most such cells is another answer too; with "," every part of most such cells is,
so "Yes, definitely" (whose "definitely" is no answer of its own) stays one option, and "3,5" (a decimal
comma) is never split. Pure functions; app/sources/closed.py counts the respondents.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from app.sources.scales import is_number, tidy

_SEPARATORS = (";", ",")
_MIN_CELLS = 2


def split_choices(answers: Sequence[str], *, separator: str | None = None) -> list[list[str]] | None:
    """Each answer's choices (in its own order, once each), or None when the column is not multi-select.

    Args:
        answers: One non-blank answer per respondent who answered.
        separator: The column is known to be multi-select with this separator (exported one column per
            option, the parser joined the options); None: find out from the answers.
    """
    if separator is not None:
        return [_choices(answer, separator) for answer in answers] if answers else None
    found = next((separator for separator in _SEPARATORS if _is_multi_select(answers, separator)), None)
    return None if found is None else [_choices(answer, found) for answer in answers]


def _choices(answer: str, separator: str) -> list[str]:
    return list(dict.fromkeys(_parts(answer, separator)))


def _is_multi_select(answers: Sequence[str], separator: str) -> bool:
    cells = [answer for answer in answers if len(_parts(answer, separator)) > 1]
    if separator == "," and any(all(map(is_number, _parts(cell, ","))) for cell in cells):
        return False  # decimal commas, or thousands
    if len(cells) < _MIN_CELLS:
        return False
    answers_with: dict[str, set[str]] = defaultdict(set)  # part -> the different answers it is part of
    for answer in answers:
        for part in _parts(answer, separator):
            answers_with[part.casefold()].add(tidy(answer).casefold())
    check = any if separator == ";" else all
    recurring = [
        check(len(answers_with[part.casefold()]) > 1 for part in _parts(cell, separator)) for cell in cells
    ]
    return 2 * sum(recurring) >= len(cells)


def _parts(answer: str, separator: str) -> list[str]:
    return [tidy(part) for part in answer.split(separator) if part.strip()]
