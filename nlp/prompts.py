"""Which question prompted an answer: in an interview, the latest interviewer turn before it that asks
something (an interviewer's "Mm-hmm." in the middle of an answer does not replace the question)."""

from __future__ import annotations

from collections.abc import Iterable

from nlp.content import ContentClass, classify


def prompting_questions(turns: Iterable[tuple[bool, str]]) -> list[str | None]:
    """For each turn, given as (spoken by the interviewer, text), the latest interviewer turn before it.

    Interviewer turns without content ("Mm-hmm.", "Yeah, totally.", "Got it, thanks.") are passed over
    unless they end in a question mark ("Why?"). None until the interviewer has asked something. Used
    for both interviews stored in the database and files coded from the command line, so the coders see
    the same question either way.
    """
    latest: str | None = None
    prompts: list[str | None] = []
    for asked, text in turns:
        prompts.append(latest)
        if asked and _asks(text):
            latest = text
    return prompts


def _asks(text: str) -> bool:
    return text.rstrip().endswith("?") or classify(text).content_class == ContentClass.SUBSTANTIVE
