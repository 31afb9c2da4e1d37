"""Which survey columns hold open-text answers and which hold closed choices."""

from __future__ import annotations

import re
from collections.abc import Mapping
from statistics import fmean, median

from nlp.ingest.errors import IngestError
from nlp.ingest.table import Row, Table, find_named

OPEN_MEDIAN_CHARS = 25
OPEN_MEAN_WORDS = 4
PICK_LIST_DISTINCT = 0.3
SENTENCE_MIN_WORDS = 3
# A question that asks for the respondent's own words ("What would you change?", "Why?", "Anything
# else?", "Please explain your rating"), unless it asks to pick, rate or count, or for a fact about the
# respondent ("Which of these...", "How likely...", "What's your role?", "What company do you work for?"):
# its answers are free text even when short ("Add a dark mode", "Cheaper seats").
_OPEN_QUESTION = re.compile(
    r"\b(?:why|describe|explain|tell\s+(?:us|me)|anything\s+else|in\s+your\s+own\s+words|if\s+you\s+could"
    r"|what\s+(?:would|could|should|do|did|does|made|makes|else|one\s+thing)"
    r"|any\s+(?:other|additional|further|more)\s+(?:comments?|feedback|thoughts|suggestions?|ideas)"
    r"|comments?|suggestions?|feedback|reasons?|would\s+you\s+like"
    r"|how\s+(?:could|can|would|should|did|do)\s+(?:we|you|i)"
    r"|(?:biggest|main|greatest|primary)\s+(?:challenges?|problems?|frustrations?|pains?|concerns?|goals?))\b",
    re.IGNORECASE,
)
_CLOSED_QUESTION = re.compile(
    r"\b(?:which\s+of|select|pick\s+(?:one|all|the)|choose\s+(?:one|all|from|the\s+option)|scale"
    r"|rate\s+(?:us|the|your|how)|how\s+(?:satisfied|likely|often|many|much|old|long)|hear\s+about"
    r"|name|e-?mail|phone|role|job|title|position|department|company|organi[sz]ation|employer|industry"
    r"|sector|city|country|state|region|location|education|degree|age|gender|income|size|zip|postcode)\b",
    re.IGNORECASE,
)
OPEN_QUESTION_DISTINCT = 0.5
OPEN_QUESTION_MEAN_WORDS = 1.5
# What respondents type for "no answer"; it says nothing about whether a column is open or closed.
_NO_ANSWER = frozenset({"-", "--", ".", "n/a", "na", "n.a.", "none", "nil", "null", "no comment"})


def is_open_text(values: list[str], question: str = "") -> bool:
    """Whether answers read as free text: long, mostly sentences, or mostly different and several words;
    or, to a question that asks for the respondent's own words (`_OPEN_QUESTION`), mostly different and
    more than a word ("What would you change?" answered "Add a dark mode", "Cheaper seats").

    "n/a" and the like are left out first: "Anything else?" answered "Love the mobile app.", "n/a" and
    "Pricing page is confusing." is an open question although its answers are short.
    """
    values = [value for value in values if value.strip().lower() not in _NO_ANSWER]
    if not values:
        return False
    distinct = len(set(values)) / len(values)
    if len(values) >= 10 and distinct < PICK_LIST_DISTINCT:
        return False  # a pick list, however long its options read
    words = fmean(len(value.split()) for value in values)
    if asks_own_words(question) and distinct >= OPEN_QUESTION_DISTINCT and words >= OPEN_QUESTION_MEAN_WORDS:
        return True
    if median(len(value) for value in values) > OPEN_MEDIAN_CHARS:
        return True
    if 2 * sum(map(_is_sentence, values)) >= len(values):
        return True
    return distinct >= 0.8 and words > OPEN_MEAN_WORDS


def open_columns(
    filename: str,
    table: Table,
    rows: list[Row],
    candidates: list[int],
    names: list[str] | None,
    questions: Mapping[int, str],
) -> list[int]:
    """Open-text columns among `candidates`, judged with each one's question text in `questions` (the
    header, or Qualtrics' second header row), or exactly the columns `names` when given.

    Raises:
        IngestError: "malformed" when a named column is not in the header.
    """
    if names is None:
        return [index for index in candidates if is_open_text(table.values(index, rows), questions[index])]
    indices = set()
    for name in names:
        index = find_named(table.headers, name)
        if index is None:
            message = f'open column "{name}" is not in the header (found: {", ".join(table.headers)})'
            raise IngestError(filename, message, code="malformed")
        indices.add(index)
    return sorted(indices)


def asks_own_words(question: str) -> bool:
    """Whether a question asks for the respondent's own words rather than a pick, rating or count."""
    return bool(_OPEN_QUESTION.search(question)) and not _CLOSED_QUESTION.search(question)


def _is_sentence(value: str) -> bool:
    """A written sentence ("Love the mobile app."), which pick-list options ("Head of sales") are not."""
    value = value.strip()
    return value.endswith((".", "!")) and len(value.split()) >= SENTENCE_MIN_WORDS
