"""Which question prompted an answer: in an interview, the latest interviewer turn before it."""

from __future__ import annotations

from collections.abc import Iterable


def prompting_questions(turns: Iterable[tuple[bool, str]]) -> list[str | None]:
    """For each turn, given as (spoken by the interviewer, text), the latest interviewer turn before it.

    None until the interviewer has spoken. Used for both interviews stored in the database and files
    coded from the command line, so the coders see the same question either way.
    """
    latest: str | None = None
    prompts: list[str | None] = []
    for asked, text in turns:
        prompts.append(latest)
        if asked:
            latest = text
    return prompts
