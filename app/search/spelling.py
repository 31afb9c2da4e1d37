"""The words a project holds, and the ones among them closest to a misspelt word.

Pure Python, no database: a `Vocabulary` is built from texts and answers `closest(word)` by optimal string
alignment distance (Damerau-Levenshtein where a transposed pair is not edited again), fewest edits first,
then the most frequent word. A bitmask of each word's letters rules out most of the vocabulary before any
distance is computed: two words within `d` edits differ by at most `d` letters either way.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from app.search.folding import fold_fully

MIN_LENGTH = 3  # shorter words are too ambiguous to correct ("teh" is, "te" is not)
# A word met at most TYPO_MAX_COUNT times, one edit from a word met TYPO_RATIO times as often, is taken for
# a misspelling of it ("spreadhseet" beside "spreadsheet"): never offered as a correction beside that word.
TYPO_MAX_COUNT = 2
TYPO_RATIO = 10
_LETTERS = re.compile(r"[^\W\d_]+", re.UNICODE)


def words_of(text: str) -> list[str]:
    """The words of `text` as the vocabulary keeps them: letters only, accents folded, lower case."""
    return _LETTERS.findall(fold_fully(text).lower())


def max_edits(word: str) -> int:
    """How many edits a correction of `word` may take: one for short words, two from five letters."""
    return 1 if len(word) <= 4 else 2


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance between `a` and `b`, or `limit + 1` once it must exceed `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, other in enumerate(b, 1):
            cost = 0 if char == other else 1
            best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char == b[j - 2] and a[i - 2] == other:
                best = min(best, before[j - 2] + 1)
            current[j] = best
        if min(current) > limit:
            return limit + 1
        before, previous = previous, current
    return previous[-1]


def _mask(word: str) -> int:
    bits = 0
    for char in word:
        bits |= 1 << (ord(char) % 63)
    return bits


@dataclass(frozen=True, slots=True)
class Correction:
    word: str
    edits: int
    count: int = field(compare=False)


class Vocabulary:
    """Word counts of a body of text, indexed by length for `closest`."""

    def __init__(self, counts: Counter[str]) -> None:
        self.counts = counts
        self._sorted = sorted(counts)
        self._by_length: dict[int, list[tuple[str, int]]] = defaultdict(list)
        for word in counts:
            self._by_length[len(word)].append((word, _mask(word)))

    @classmethod
    def of(cls, texts: Iterable[str]) -> Vocabulary:
        """The vocabulary of `texts`, words of MIN_LENGTH letters or more."""
        raw = Counter(_LETTERS.findall("\n".join(texts).lower()))
        # Fold each distinct word once, not the whole text (most words are ASCII and fold to themselves).
        counts: Counter[str] = Counter()
        for word, count in raw.items():
            folded = word if word.isascii() else fold_fully(word)
            if len(folded) >= MIN_LENGTH:
                counts[folded] += count
        return cls(counts)

    def __len__(self) -> int:
        return len(self.counts)

    def __contains__(self, word: object) -> bool:
        return word in self.counts

    def has_prefix(self, prefix: str) -> bool:
        """Whether some word starts with `prefix`."""
        at = bisect_left(self._sorted, prefix)
        return at < len(self._sorted) and self._sorted[at].startswith(prefix)

    def closest(self, word: str, *, limit: int = 3) -> list[Correction]:
        """Up to `limit` words within `max_edits(word)` of `word`: fewest edits, then most frequent."""
        most = max_edits(word)
        mask = _mask(word)
        found = []
        for length in range(len(word) - most, len(word) + most + 1):
            for other, other_mask in self._by_length.get(length, ()):
                if (mask & ~other_mask).bit_count() > most or (other_mask & ~mask).bit_count() > most:
                    continue
                edits = edit_distance(word, other, most)
                if 0 < edits <= most:
                    found.append(Correction(other, edits, self.counts[other]))
        found.sort(key=lambda c: (c.edits, -c.count, c.word))
        return [c for c in found if not _misspelling_of_another(c, found)][:limit]


def _misspelling_of_another(candidate: Correction, found: list[Correction]) -> bool:
    if candidate.count > TYPO_MAX_COUNT:
        return False
    return any(
        other.count >= TYPO_RATIO * candidate.count and edit_distance(candidate.word, other.word, 1) == 1
        for other in found
    )
