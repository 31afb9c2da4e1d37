"""Redaction of personal data in what participants said: emails, phone numbers, URLs and person names.

Names come from what the caller knows (speaker labels, participant records) and from spaCy rules
around titles and relationship words ("Dr. Okafor", "my co-founder Sam"); each name is replaced by
the stable pseudonym the caller gives, so quotes stay readable ("[Participant 3] told me...").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # spaCy (and torch under it) loads on first use, not when the service imports this
    from spacy.language import Language
    from spacy.matcher import Matcher, PhraseMatcher
    from spacy.tokens import Doc, Span

EMAIL = "[email]"
PHONE = "[phone]"
URL = "[url]"
PERSON = "[Person]"

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"']+", re.IGNORECASE)
_PHONE = re.compile(r"(?<![\w+])\+?\(?\d[\d\s().-]{6,}\d(?!\w)")
_TRAILING = ".,;:!?)]}'\""
_RELATIONS = [
    "colleague", "boss", "manager", "co-founder", "cofounder", "founder", "ceo", "cfo", "cto", "coo",
    "friend", "wife", "husband", "partner", "rep", "director", "vp", "assistant", "contact",
]  # fmt: skip
_TITLES = ["mr", "mr.", "ms", "ms.", "mrs", "mrs.", "dr", "dr.", "prof", "prof."]


@cache
def _nlp() -> Language:
    import spacy

    return spacy.blank("en")


@cache
def _rule_matcher() -> Matcher:
    from spacy.matcher import Matcher

    matcher = Matcher(_nlp().vocab)
    capitalised = {"IS_TITLE": True, "IS_ALPHA": True}
    matcher.add("TITLE_NAME", [[{"LOWER": {"IN": _TITLES}}, capitalised, {**capitalised, "OP": "?"}]])
    relations = [[{"LOWER": token.lower_} for token in _nlp().make_doc(word)] for word in _RELATIONS]
    matcher.add("RELATION_NAME", [[{"LOWER": "my"}, *words, capitalised] for words in relations])
    return matcher


def _phone_like(match: str) -> bool:
    digits = sum(ch.isdigit() for ch in match)
    return 7 <= digits <= 15 and not re.fullmatch(r"\d{4}\s*[-\u2013]\s*\d{4}", match.strip())


def redact_contacts(text: str) -> str:
    """Replace emails, URLs and phone numbers (7 to 15 digits with separators) by placeholders."""
    text = _EMAIL.sub(EMAIL, text)
    text = _URL.sub(lambda m: URL + _trailing_punctuation(m.group(0)), text)
    return _PHONE.sub(lambda m: PHONE if _phone_like(m.group(0)) else m.group(0), text)


def _trailing_punctuation(url: str) -> str:
    stripped = url.rstrip(_TRAILING)
    return url[len(stripped) :]


class Redactor:
    """Replaces known names (and names found by rules) with pseudonyms, and contact details with tags.

    Args:
        names: Name as it may appear in text ("Daniel Reyes", "Daniel") -> replacement ("[Participant 1]").
            Matching ignores case but only replaces words written with a capital letter.
    """

    def __init__(self, names: Mapping[str, str] | None = None) -> None:
        self._names: dict[str, str] = {}
        self._matcher: PhraseMatcher | None = None
        for name, replacement in (names or {}).items():
            self.add(name, replacement)

    def add(self, name: str, replacement: str) -> None:
        """Know one more name; its first and last words are known too (when 3+ letters long)."""
        name = " ".join(name.split())
        if len(name) < 2:
            return
        words = name.split()
        candidates = [name] + ([words[0], words[-1]] if len(words) > 1 else [])
        for candidate in candidates:
            if len(candidate) >= 3 or candidate == name:
                self._names.setdefault(candidate.lower(), replacement)
        self._matcher = None

    def redact(self, text: str) -> str:
        if not text:
            return text
        doc = _nlp().make_doc(redact_contacts(text))
        from spacy.util import filter_spans

        spans = filter_spans(self._name_spans(doc) + self._rule_spans(doc))
        return _replace(doc, spans)

    def _name_spans(self, doc: Doc) -> list[Span]:
        if not self._names:
            return []
        spans = []
        for _, start, end in self._phrase_matcher()(doc):
            span = doc[start:end]
            if span[0].text[:1].isupper():
                spans.append(_span(doc, start, end, self._names[span.text.lower()]))
        return spans

    def _rule_spans(self, doc: Doc) -> list[Span]:
        spans = []
        for match_id, start, end in _rule_matcher()(doc):
            # Keep "my co-founder" and "Dr." readable; replace only the capitalised name after them.
            name_start = end - 1 if doc.vocab.strings[match_id] == "RELATION_NAME" else start + 1
            spans.append(_span(doc, name_start, end, PERSON))
        return spans

    def _phrase_matcher(self) -> PhraseMatcher:
        if self._matcher is None:
            from spacy.matcher import PhraseMatcher

            self._matcher = PhraseMatcher(_nlp().vocab, attr="LOWER")
            self._matcher.add("NAME", [_nlp().make_doc(name) for name in self._names])
        return self._matcher


def _span(doc: Doc, start: int, end: int, label: str) -> Span:
    from spacy.tokens import Span

    return Span(doc, start, end, label=label)


def _replace(doc: Doc, spans: list[Span]) -> str:
    parts: list[str] = []
    position = 0
    for span in sorted(spans, key=lambda s: s.start_char):
        parts.append(doc.text[position : span.start_char])
        parts.append(span.label_)
        position = span.end_char
    parts.append(doc.text[position:])
    return "".join(parts)
