"""Token patterns (spaCy Matcher) that run only where a Doc's NORMs leave them a chance to match.

spaCy's Matcher tries every pattern at every token, which costs far more than the phrase matchers and
finds nothing in most texts. A pattern is ruled out for a Doc when a token it requires (no OP, or "+")
allows only NORMs the Doc does not hold; the patterns left run in a Matcher of their own (one per set of
patterns left, kept), added in the same order as to the full Matcher, so it finds what the full one
finds, in the same order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.matcher import Matcher
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

# Matchers kept per pattern matcher, one per set of patterns a Doc left possible.
_MATCHER_CACHE_SIZE = 256


class PatternMatcher:
    """A spaCy Matcher over NORM patterns that runs, on each Doc, only the patterns that may match it."""

    def __init__(self, vocab: Vocab) -> None:
        from spacy.attrs import NORM

        self._norm: int = NORM
        self._vocab = vocab
        # Per pattern in the order added: its key, the pattern, and the NORM ids allowed at each required
        # token (None: the pattern cannot be ruled out).
        self._patterns: list[tuple[str, list[dict[str, Any]], list[frozenset[int]] | None]] = []
        # Every NORM id some pattern needs: a Doc's other NORMs cannot rule a pattern in.
        self._any_need: frozenset[int] = frozenset()
        # NORM id -> the patterns whose rarest-looking required token allows it: only these are checked.
        self._by_norm: dict[int, list[int]] = {}
        self._always: tuple[int, ...] = ()
        self._matchers: dict[tuple[int, ...], Matcher] = {}

    def __len__(self) -> int:
        return len(self._patterns)

    @property
    def always(self) -> tuple[int, ...]:
        """Indices of the patterns that run on every Doc (no required token with given NORMs)."""
        return self._always

    def add(self, key: str, patterns: Sequence[Sequence[Mapping[str, Any]]]) -> None:
        """Add patterns under `key`, as Matcher.add does."""
        for pattern in patterns:
            words = required_norms(pattern)
            needs = None if words is None else [frozenset(map(self._vocab.strings.add, w)) for w in words]
            if needs is None:
                self._always += (len(self._patterns),)
            else:
                self._any_need = self._any_need.union(*needs)
                for norm in min(needs, key=self._commonness):
                    self._by_norm.setdefault(norm, []).append(len(self._patterns))
            self._patterns.append((key, [dict(token) for token in pattern], needs))
        self._matchers.clear()

    def possible(self, doc: Doc) -> tuple[int, ...]:
        """Indices of the patterns that may match `doc`, in the order added."""
        if not self._patterns:
            return ()
        norms = self._any_need.intersection(doc.to_array(self._norm).tolist()) if len(doc) else frozenset()
        if not norms:
            return self._always
        candidates = set(self._always)
        for norm in norms:
            candidates.update(self._by_norm.get(norm, ()))
        return tuple(index for index in sorted(candidates) if self._may_match(index, norms))

    def _may_match(self, index: int, norms: frozenset[int]) -> bool:
        needs = self._patterns[index][2]
        return needs is None or all(not norms.isdisjoint(allowed) for allowed in needs)

    def _commonness(self, allowed: frozenset[int]) -> tuple[int, int]:
        """How often a Doc may hold one of these NORMs, roughly: its stop words first, then its size."""
        return sum(self._vocab[norm].is_stop for norm in allowed), len(allowed)

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        """(match id, start, end) of every match, as a Matcher holding all the patterns returns them."""
        possible = self.possible(doc)
        if not possible:
            return []
        return list(self._matcher(possible)(doc))

    def _matcher(self, indices: tuple[int, ...]) -> Matcher:
        matcher = self._matchers.get(indices)
        if matcher is None:
            from spacy.matcher import Matcher

            if len(self._matchers) >= _MATCHER_CACHE_SIZE:
                self._matchers.clear()
            matcher = self._matchers[indices] = Matcher(self._vocab)
            for index in indices:
                key, pattern, _ = self._patterns[index]
                matcher.add(key, [pattern])
        return matcher


def required_norms(pattern: Sequence[Mapping[str, Any]]) -> list[list[str]] | None:
    """For each token of a Matcher pattern that must match at least once and constrains NORM to given
    strings, those strings; None when there is no such token (the pattern cannot be ruled out)."""
    needs: list[list[str]] = []
    for token in pattern:
        spec = {str(key).upper(): value for key, value in token.items()}
        if spec.get("OP", "1") not in ("1", "+"):
            continue
        orth = spec.get("ORTH")
        if "NORM" not in spec and isinstance(orth, str) and orth and not any(c.isalnum() for c in orth):
            needs.append([orth])  # a symbol ("#") is its own NORM
            continue
        if "NORM" not in spec:
            continue
        value = spec["NORM"]
        allowed = value.get("IN") if isinstance(value, Mapping) else [value]
        if isinstance(allowed, list) and allowed and all(isinstance(w, str) for w in allowed):
            needs.append(allowed)
    return needs or None
