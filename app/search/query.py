"""A search box's text as terms, and those terms as an FTS5 query, a PostgreSQL tsquery and exact checks.

Short words match whole words only ("R" is not "Right", "go" is not "gonna"); a word of MIN_PREFIX letters
or more at the end of the query, or any word typed with a trailing `*`, also matches as a prefix. Both
full-text indexes drop symbols, so a term that carries them ("C++", "C#", ".NET") is looked up by its
letters and then checked, as a whole word, against the text itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from app.search.folding import fold, fold_fully

MIN_PREFIX = 4
# A "phrase", or a word with the symbols of names like C++, C#, .NET, node.js, AT&T, and an optional `*`.
_TOKEN = re.compile(r'"([^"]*)"|(\.?\w+(?:[.+#&]\w+)*[+#]*)(\*?)', re.UNICODE)
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Term:
    """One word or phrase of a query: `text` as typed (no quotes, no `*`), `words` as the index sees it."""

    text: str
    words: tuple[str, ...]
    prefix: bool = False

    @property
    def has_symbols(self) -> bool:
        """Whether the index cannot tell this term apart from its letters alone (C++ from C#, or C)."""
        return any(not (c.isalnum() or c == "_" or c.isspace()) for c in self.text)

    @property
    def pattern(self) -> re.Pattern[str]:
        """The term as a whole word (or run of words) in folded text, case-insensitive."""
        folded = fold_fully(self.text)
        body = r"\s+".join(re.escape(part) for part in folded.split())
        before = r"(?<!\w)" if _WORD.match(folded) else ""  # ".NET" also matches inside "ASP.NET"
        return re.compile(before + body + r"(?![\w+#])", re.IGNORECASE)


def parse(query: str) -> list[Term]:
    """The terms of a search box's text; characters outside words and phrases are ignored."""
    found = [(m.group(1), m.group(2), m.group(3)) for m in _TOKEN.finditer(query)]
    terms: list[Term] = []
    for index, (phrase, word, star) in enumerate(found):
        text = (phrase if phrase is not None else word).strip()
        words = tuple(_WORD.findall(text))
        if not words:
            continue
        last_word = index == len(found) - 1 and phrase is None
        single = len(words) == 1 and words[0] == text
        prefix = single and (bool(star) or (last_word and len(text) >= MIN_PREFIX))
        terms.append(Term(text, words, prefix))
    return terms


def fts5_query(terms: Sequence[Term]) -> str:
    """SQLite FTS5 syntax: each term quoted (user input never becomes syntax), prefixes starred."""
    return " ".join(f'"{" ".join(term.words)}"' + ("*" if term.prefix else "") for term in terms)


def tsquery(terms: Sequence[Term]) -> str:
    """PostgreSQL `to_tsquery` syntax: words quoted, phrases joined by <->, prefixes marked :*, all ANDed.

    Words are folded as the documents are; they hold only word characters, so quoting them is safe.
    """
    parts = []
    for term in terms:
        lexemes = " <-> ".join(f"'{fold(word).lower()}'" for word in term.words)
        parts.append(lexemes + (":*" if term.prefix else ""))
    return " & ".join(parts)


def exact_matcher(terms: Sequence[Term]) -> Callable[[str], bool]:
    """Whether a text holds every term with symbols as typed, as whole words (the index saw only letters)."""
    checks = [term.pattern for term in terms if term.has_symbols]

    def matches(text: str) -> bool:
        folded = fold_fully(text) if checks else text
        return all(pattern.search(folded) for pattern in checks)

    return matches
