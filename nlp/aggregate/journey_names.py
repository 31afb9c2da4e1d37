"""Team words inside a company's name: "We hired Northgate HR Partners" names a firm, not an HR team.

A name is a run of capitalised words ("Northgate HR Partners", "Legal Shield Inc"). Team words, job titles,
"I", and a sentence's opening word when it is a determiner or an opener ("Our", "The", "Then"), make no name
by themselves: "Our HR team", "HR signed off", "Our CFO Dana Reyes", "their Revenue Operations Manager" keep
their team.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# Tokens after which a capital starts a sentence (or a quote) rather than a name.
_SENTENCE_BREAKS = frozenset({".", "?", "!", ";", ":", "...", "--", '"', "(", "'", "\u201c"})
# Tokens that may join the words of one name when a capitalised word follows: "Smith & Sales Partners".
_JOINS = frozenset({"&", "-", "\u2010", "\u2011"})


@dataclass(frozen=True, slots=True)
class CompanyNames:
    """Tells a team phrase that is part of a company's name.

    Attributes:
        companies: Lower-cased words that end a company's name ("partners", "inc", "ltd").
        plain: Lower-cased words that name no company on their own: every word of a team phrase, job
            titles, first-person words ("sales", "team", "manager", "i").
        openers: Lower-cased words that, opening a sentence, are capitalised as its first word, not as a
            name ("our", "the", "then").
    """

    companies: frozenset[str]
    plain: frozenset[str]
    openers: frozenset[str]

    @classmethod
    def of(cls, companies: Iterable[str], plain: Iterable[str], openers: Iterable[str]) -> CompanyNames:
        return cls(*(frozenset(_bare(w) for w in words) for words in (companies, plain, openers)))

    def holds(self, texts: Sequence[str], start: int, end: int) -> bool:
        """Whether the team phrase at tokens `start`..`end` of `texts` (the utterance's tokens as written)
        lies inside a company's name: every word of it capitalised, in a run of capitalised words that has
        name words after the phrase and either a name word before it ("Northgate HR Partners") or, after
        it, a word of `companies` and another name word ("Legal Shield Inc"). "IT Solutions" alone, "the
        Acme HR team" and "CFO Dana Reyes" are no company's name."""
        if not all(_capitalised(texts[i]) for i in range(start, end)):
            return False
        first, last = self._run_start(texts, start), self._run_end(texts, end)
        after = [_bare(texts[i]) for i in range(end, last) if self._name_word(texts, i)]
        if not after:
            return False
        if any(self._name_word(texts, i) for i in range(first, start)):
            return True
        return len(after) >= 2 and any(word in self.companies for word in after)

    def _name_word(self, texts: Sequence[str], i: int) -> bool:
        """A capitalised word that names something besides a team or title and, opening a sentence, is no
        word of `openers`."""
        if not _capitalised(texts[i]):
            return False
        word = _bare(texts[i])
        if (i == 0 or texts[i - 1] in _SENTENCE_BREAKS) and word in self.openers:
            return False
        return word in self.companies or word not in self.plain

    @staticmethod
    def _run_start(texts: Sequence[str], start: int) -> int:
        first = start
        while first > 0 and (
            _capitalised(texts[first - 1])
            or (first > 1 and texts[first - 1] in _JOINS and _capitalised(texts[first - 2]))
        ):
            first -= 1
        return first

    @staticmethod
    def _run_end(texts: Sequence[str], end: int) -> int:
        last = end
        while last < len(texts) and (
            _capitalised(texts[last])
            or (last + 1 < len(texts) and texts[last] in _JOINS and _capitalised(texts[last + 1]))
        ):
            last += 1
        return last


def _capitalised(text: str) -> bool:
    return text[:1].isupper()


def _bare(text: str) -> str:
    """Lower-cased, without a closing period ("Inc." -> "inc")."""
    return text.lower().rstrip(".")
