"""What the persona canvas looks for in speech: price talk, channels, committee roles, background, ...

The cues live in `data/canvas_cues.yaml`. Word lists run through a spaCy PhraseMatcher on a blank English
pipeline (no downloaded model); patterns are regular expressions. Every hit keeps its character span,
so a canvas claim can always be traced to the words that triggered it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any, cast

from nlp.aggregate.canvas_cues import CUES_PATH, load_canvas_cues

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.matcher import PhraseMatcher

NEGATIONS = frozenset({"not", "n't", "never", "no", "nor", "without", "dont", "don't", "didn't", "doesn't"})
NEGATION_WINDOW = 4
_UNITS = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen"
_TEENS = "sixteen seventeen eighteen nineteen"
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety"
_NUMBER_WORDS = {word: value for value, word in enumerate(f"{_UNITS} {_TEENS}".split())}
_NUMBER_WORDS.update({word: 10 * (i + 2) for i, word in enumerate(_TENS.split())})
_NUMBER = r"(?:\d[\d,]*|(?:a |one |two |three |four |five |six |seven |eight |nine )?(?:hundred|thousand)" + (
    r"(?: and)?(?: [a-z]+(?:-[a-z]+)?)?|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-[a-z]+)?"
    r"|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|ten|[a-z]+)"
)
_DECADES = {"twenties": 20, "thirties": 30, "forties": 40, "fifties": 50, "sixties": 60, "seventies": 70}
_DECADES["eighties"] = 80


@dataclass(frozen=True, slots=True)
class Cue:
    """One hit in one utterance.

    Attributes:
        field: Canvas section it feeds: "price", "polarity" (label "objection" or "motivation": which of
            the two opposite fields the words lean to), "outcome", "committee", "knowledge", "digital",
            "offline", "age", "life_stage", "family", "studies", "hobbies", "job", "company_size".
        label: What the canvas shows ("LinkedIn", "purchasing_manager", "experienced", "40s", "children").
        start: Character offset where the triggering words start.
        end: Character offset where they end.
        negated: A negation ("not", "never", "don't") stands just before the words.
        quoted: The words stand inside quoted speech (`quoted_spans`): someone else's words, not the
            speaker's own facts.
    """

    field: str
    label: str
    start: int
    end: int
    negated: bool = False
    quoted: bool = False


class CueFinder:
    """Finds every canvas cue in a batch of utterances.

    Args:
        cues: The parsed cue file; default `data/canvas_cues.yaml`.
    """

    def __init__(self, cues: dict[str, Any] | None = None) -> None:
        import spacy
        from spacy.matcher import PhraseMatcher

        self.cues = load_canvas_cues(cues if cues is not None else CUES_PATH)
        self.nlp: Language = spacy.blank("en")
        self.tokenizer: Any = cast(Any, self.nlp.tokenizer)  # typed as a plain callable; it has .pipe
        self.phrases: PhraseMatcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.exact: PhraseMatcher = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        for field, label, terms in self._term_lists():
            self.phrases.add(f"{field}|{label}", list(self.tokenizer.pipe(terms)))
        for label, terms in self.cues["committee"].get("case_sensitive", {}).items():
            self.exact.add(f"committee|{label}", list(self.tokenizer.pipe(terms)))
        self.patterns = list(self._patterns())
        price = self.cues["price"]
        self.price_exclude = [re.compile(p, re.IGNORECASE) for p in price.get("exclude", [])]
        self.price_figurative = [re.compile(p, re.IGNORECASE) for p in price.get("figurative", [])]
        self.decision_roles = frozenset(term.lower() for term in self.cues["committee_decision"]["alone"])
        modified = self.cues["committee_decision"].get("modified", [])
        self.modified = frozenset(word.lower() for word in modified)  # "the owner column": no person
        self.channel_before = frozenset(word.lower() for word in self.cues["digital"]["before"])
        self.role_nouns = frozenset(self.cues["job"]["role_nouns"])
        self.stop_words = frozenset(self.cues["spoken_stopwords"])
        self.ages = [re.compile(pattern, re.IGNORECASE) for pattern in self.cues["background"]["age"]]
        units = "|".join(re.escape(unit) for unit in self.cues["company_size"]["units"])
        self.size_pattern = re.compile(
            r"\b(?:we(?:'re| are)|we(?:'ve| have)(?: got)?|company of|about|around|roughly|nearly|"
            r"almost|over|under)\s+(?:about |around |roughly |nearly |almost |just over |just under )?"
            rf"(?P<n>{_NUMBER})\s+(?:{units})\b",
            re.IGNORECASE,
        )

    def find(self, texts: Sequence[str]) -> list[list[Cue]]:
        """Every cue in each text, in order of position."""
        found = []
        for text, doc in zip(texts, self.tokenizer.pipe(texts), strict=True):
            phrased = (self._phrase_cue(doc, key, start, end) for key, start, end in self._matches(doc))
            cues = [cue for cue in phrased if cue is not None]
            cues += [
                cue
                for field, label, pattern in self.patterns
                for cue in _regex_cues(field, label, pattern, text)
                if field != "studies" or study_subject(cue.label, self.stop_words)
            ]
            cues += self._jobs(text) + self._sizes(text) + _ages(self.ages, text)
            if any(pattern.search(text) for pattern in self.price_exclude):  # a salary is no product price
                cues = [cue for cue in cues if cue.field != "price"]
            cues = self._committee_in_context(text, self._price_in_context(text, cues))
            cues = [
                _negate(cue, text) if cue.field == "polarity" else cue
                for cue in self._channels_in_use(text, cues)
            ]
            cues = _mark_quoted(cues, quoted_spans(text))
            found.append(sorted(cues, key=lambda cue: (cue.start, cue.field, cue.label)))
        return found

    def _matches(self, doc: Any) -> Iterable[tuple[str, int, int]]:
        for matcher in (self.phrases, self.exact):
            for match_id, start, end in matcher(doc):
                yield self.nlp.vocab.strings[match_id], start, end

    def _phrase_cue(self, doc: Any, key: str, start: int, end: int) -> Cue | None:
        field, label = key.split("|", 1)
        after = doc[end].lower_ if end < len(doc) else ""
        if field == "committee" and (after == "-" or after in self.modified):
            return None  # "peer-reviewed", "board-level", "the owner column": a modifier, not the person
        before = {token.lower_ for token in doc[max(0, start - NEGATION_WINDOW) : start]}
        span = doc[start:end]
        return Cue(field, label, span.start_char, span.end_char, bool(before & NEGATIONS))

    def _term_lists(self) -> Iterable[tuple[str, str, list[str]]]:
        cues = self.cues
        yield "price", "price", cues["price"]["terms"]
        yield "price", _NEEDS_CONTEXT, cues["price"].get("context_terms", [])
        yield _PRICE_CONTEXT, "", cues["price"].get("context", [])
        yield "outcome", "outcome", cues["outcomes"]["terms"]
        for role, terms in cues["committee"].items():
            if role != "case_sensitive":
                yield "committee", role, terms
        for channel, terms in cues["digital"]["channels"].items():
            yield "digital", channel, terms
        yield "hobbies", "hobby", cues["background"]["hobbies"]["terms"]
        yield _DECISION_CONTEXT, "", cues["committee_decision"]["context"]
        yield _CHANNEL_USE, "", cues["digital"]["use"]

    def _patterns(self) -> Iterable[tuple[str, str, re.Pattern[str]]]:
        cues, background = self.cues, self.cues["background"]
        for pattern in cues["price"]["patterns"]:
            yield "price", "price", re.compile(pattern, re.IGNORECASE)
        for lean in ("objection", "motivation"):
            for pattern in cues["polarity"][lean]:
                yield "polarity", lean, re.compile(pattern, re.IGNORECASE)
        for level, patterns in cues["knowledge"].items():
            for pattern in patterns:
                yield "knowledge", level, re.compile(pattern, re.IGNORECASE)
        for pattern in cues["digital"]["offline"]:
            yield "offline", "offline", re.compile(pattern, re.IGNORECASE)
        for group in ("life_stage", "family"):
            for label, patterns in background[group].items():
                for pattern in patterns:
                    yield group, label, re.compile(pattern, re.IGNORECASE)
        for pattern in background["studies"]:
            yield "studies", "", re.compile(pattern, re.IGNORECASE)
        for pattern in background["hobbies"]["patterns"]:
            yield "hobby_context", "", re.compile(pattern, re.IGNORECASE)

    def _price_in_context(self, text: str, cues: list[Cue]) -> list[Cue]:
        """Price cues that talk of what something bought costs: none inside a figurative phrase ("market
        prices", "spend time", "pay the price"), and a cost word that is also said of anything hard or
        wasteful ("an expensive experiment") only next to a price term or a word for something bought."""
        spans = [match.span() for pattern in self.price_figurative for match in pattern.finditer(text)]
        kept = [
            cue
            for cue in cues
            if not (cue.field == "price" and any(start <= cue.start < end for start, end in spans))
        ]
        bought = any(
            cue.field == _PRICE_CONTEXT or (cue.field == "price" and cue.label != _NEEDS_CONTEXT)
            for cue in kept
        )
        return [
            replace(cue, label="price") if cue.label == _NEEDS_CONTEXT else cue
            for cue in kept
            if cue.field != _PRICE_CONTEXT and (cue.label != _NEEDS_CONTEXT or bought)
        ]

    def _committee_in_context(self, text: str, cues: list[Cue]) -> list[Cue]:
        """Committee cues of people in a decision: a term that names a part in one by itself ("procurement",
        "sign off"), or any other ("our CFO", "IT", "the team") in an utterance about a decision or a
        purchase (a `committee_decision.context` word or price talk). A decision or a price in a
        hypothetical clause ("if I wanted to add a field, say we track a service contract, that's a
        ticket to the consultant, that's an invoice") is none the speaker's committee took part in; one in
        a counterfactual about the past ("if our CFO had not signed off, we would never have bought it")
        is the decision that was made."""
        decided = any(
            (
                cue.field in (_DECISION_CONTEXT, "price")
                or (cue.field == "committee" and text[cue.start : cue.end].lower() in self.decision_roles)
            )
            and (not hypothetical(text, cue.start) or counterfactual_past(text, cue.start))
            for cue in cues
        )
        return [
            cue for cue in cues if cue.field != _DECISION_CONTEXT and (cue.field != "committee" or decided)
        ]

    def _channels_in_use(self, text: str, cues: list[Cue]) -> list[Cue]:
        """Channel cues of channels the speaker uses: with a `digital.use` word in the utterance, or one of
        `digital.before` just before the channel ("on LinkedIn", "my blog")."""
        named = [(cue.start, cue.end) for cue in cues if cue.field == "digital"]
        used = any(  # "posts" in "blog posts" is the channel's name, not a use of it
            cue.field == _CHANNEL_USE and not any(start <= cue.start < end for start, end in named)
            for cue in cues
        )

        def own(cue: Cue) -> bool:
            words = re.findall(r"[\w']+", text[: cue.start].lower())
            return used or cue.negated or bool(words and words[-1] in self.channel_before)

        return [cue for cue in cues if cue.field != _CHANNEL_USE and (cue.field != "digital" or own(cue))]

    def _jobs(self, text: str) -> list[Cue]:
        cues = []
        for match in _JOB_AS.finditer(text):
            words = match.group("title").split()
            head = next(
                (i for i in range(len(words) - 1, -1, -1) if words[i].lower() in self.role_nouns), None
            )
            if head is not None and not _loose_title(text, match.start(), words[: head + 1]):
                if head + 2 < len(words) and words[head + 1].lower() == "of":
                    head += 2  # "head of sales"
                title = " ".join(words[: head + 1])
                former = "former " if match.group("verb") == " was" else ""
                start = match.start("title")
                cues.append(Cue("job", f"{former}{title.lower()}", start, start + len(title)))
        for match in _WORK_IN.finditer(text):
            cues.append(
                Cue("job", f"works in {match.group('unit').lower()}", match.start("unit"), match.end("unit"))
            )
        return cues

    def _sizes(self, text: str) -> list[Cue]:
        cues = []
        for match in self.size_pattern.finditer(text):
            number = parse_number(match.group("n"))
            if number is not None and number >= 2 and not hypothetical(text, match.start()):
                cues.append(Cue("company_size", size_band(number), match.start(), match.end()))
        return cues


_NEEDS_CONTEXT = "needs context"  # label of a price cue word that is price talk only next to a purchase
_PRICE_CONTEXT = "price_context"  # field of a word for something bought; never leaves the finder
_DECISION_CONTEXT = "decision_context"  # field of a word about a decision; never leaves the finder
_CHANNEL_USE = "channel_use"  # field of a word for using a channel; never leaves the finder

_JOB_AS = re.compile(
    r"\bI(?P<verb>'m| am| work as| was hired as| was)\s+(?:the|a|an|our)\s+"
    r"(?P<title>(?:[A-Za-z&-]+ ){0,3}[A-Za-z&-]+)"
)
# "a bit of a planner", "if I was a manager": not what the speaker is.
_LOOSE_WORDS = frozenset({"bit", "kind", "sort", "lot", "little", "big", "huge", "fan", "type", "like"})
_CONDITIONAL = re.compile(r"\b(?:if|as if|unless|imagine|pretend|say)\s*$", re.IGNORECASE)


def _loose_title(text: str, start: int, words: list[str]) -> bool:
    return bool(_LOOSE_WORDS & {word.lower() for word in words}) or bool(
        _CONDITIONAL.search(text[max(0, start - 12) : start])
    )


_WORK_IN = re.compile(
    r"\bI work in (?:the |our )?(?P<unit>(?:[a-z&-]+ ){0,2}(?:team|centre|center|department|operations|"
    r"planning|sales|marketing|finance|billing|support|procurement|it|hr|ops))\b",
    re.IGNORECASE,
)


# A clause that sets up a hypothetical or talks of a generic "you": "if you run a team of 50 people",
# "imagine you have 200 staff", "say you've got about 30 people". "You know" and "you see" are fillers.
_HYPOTHETICAL = re.compile(
    r"\b(?:if|imagine|suppose|supposing|assuming|hypothetically|unless|say)\b"
    r"|\byou(?!\s+(?:know|see|mean)\b)(?:'ve|'re)?\b",
    re.IGNORECASE,
)
_CLAUSE_START = re.compile(r"[.!?;:]\s|\b(?:but|and so|so)\s", re.IGNORECASE)


def hypothetical(text: str, start: int) -> bool:
    """Whether the clause before `start` is a hypothetical or about a generic "you", not the speaker."""
    before = text[:start]
    starts = [match.end() for match in _CLAUSE_START.finditer(before)]
    return bool(_HYPOTHETICAL.search(before[starts[-1] if starts else 0 :]))


# A counterfactual about the past: an "if" clause in the past perfect ("if our CFO had not signed off",
# "if IT hadn't approved it"; "had" before a participle, not "if we had the budget") or a consequence
# with "would have" ("we would never have bought it", "we'd have stayed"; not "would have to sign").
_PAST_COUNTERFACTUAL = re.compile(
    r"\b(?:if|unless)\b[^.!?;]*?\b(?:had|'d)(?:n't|\s+not|\s+never)?\s+(?:\w+ly\s+)?"
    r"(?:been|\w+ed|\w+en|bought|brought|paid|sold|got|made|told|thought|won|done|gone|seen|said)\b"
    r"|\b(?:would|could|might|should)(?:n't)?(?:\s+not|\s+never)?\s+have\s+(?!to\b)\w+"
    r"|\b(?:would|could|might|should)(?:n't)?'ve\s+(?!to\b)\w+|'d\s+(?:not\s+|never\s+)?have\s+(?!to\b)\w+",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?;](?:\s|$)")


def counterfactual_past(text: str, start: int) -> bool:
    """Whether the sentence at `start`, from the clause before it on, is a counterfactual about the past:
    it tells what really happened ("if our CFO had not signed off, we would never have bought it": the
    CFO signed off), unlike a hypothetical ("if we bought it, the CFO would have to sign")."""
    before = text[:start]
    starts = [match.end() for match in _CLAUSE_START.finditer(before)]
    end = _SENTENCE_END.search(text, start)
    return bool(_PAST_COUNTERFACTUAL.search(text[starts[-1] if starts else 0 : end.end() if end else None]))


# Speech verbs after which even straight single quotes open quoted speech ("she says 'my baby ...'").
_SPEECH = r"\b(?:say|says|said|ask|asks|asked|text|texts|texted|write|writes|wrote|tell|tells|told)"
_SINGLE = re.compile(_SPEECH + r"[,:]?\s+'(?P<q>.*?)(?:'(?!\w)|$)", re.IGNORECASE)
_TYPOGRAPHIC = re.compile("\u201c[^\u201d]*(?:\u201d|$)|(?<!\\w)\u2018.*?(?:\u2019(?!\\w)|$)")


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of quoted speech: text between double quote marks (straight or typographic),
    between typographic single quotes, or between straight single quotes after a speech verb.

    A quote mark that opens (after a space, before a word) and finds no closing mark runs to the end; one
    that only closes (a quote begun in the previous sentence) covers the text before it.
    """
    spans = [(m.start(), m.end()) for m in _TYPOGRAPHIC.finditer(text)]
    spans += [(m.start("q"), m.end("q")) for m in _SINGLE.finditer(text)]
    opened: int | None = None
    for match in re.finditer('"', text):
        at = match.start()
        after_space = at == 0 or not text[at - 1].strip() or text[at - 1] in "(["
        opens = after_space and text[at + 1 : at + 2].strip()
        if opened is None and opens:
            opened = at
        elif opened is None:
            spans.append((0, at))
        else:
            spans.append((opened, at + 1))
            opened = None
    if opened is not None:
        spans.append((opened, len(text)))
    return spans


def _mark_quoted(cues: list[Cue], spans: Sequence[tuple[int, int]]) -> list[Cue]:
    return [
        replace(cue, quoted=True) if any(start <= cue.start < end for start, end in spans) else cue
        for cue in cues
    ]


# Gerunds that name a field of study; any other "-ing" word after "studied" is a verb ("studied having").
_STUDY_GERUNDS = frozenset(
    {"engineering", "accounting", "marketing", "nursing", "computing", "programming", "banking",
     "teaching", "publishing", "manufacturing", "farming", "planning", "printing", "acting"}
)  # fmt: skip


def study_subject(subject: str, stop_words: Iterable[str] = ()) -> bool:
    """Whether the words after "studied" / "a degree in" name a subject: not a function word
    ("studied the", "studied how"), a filler in `stop_words` ("kind") or a verb ("studied having")."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    head = subject.split()[0] if subject else ""
    if not head or head in ENGLISH_STOP_WORDS or head in set(stop_words):
        return False
    return not head.endswith("ing") or head in _STUDY_GERUNDS


def _negate(cue: Cue, text: str) -> Cue:
    """The cue, marked negated when a negation stands among the words just before it ("not a problem")."""
    before = re.findall(r"[a-z]+(?:'[a-z]+)?", text[: cue.start].lower().replace("\u2019", "'"))
    return replace(cue, negated=bool(set(before[-NEGATION_WINDOW:]) & NEGATIONS))


def _regex_cues(field: str, label: str, pattern: re.Pattern[str], text: str) -> list[Cue]:
    cues = []
    for match in pattern.finditer(text):
        named = match.groupdict().get("subject")
        cues.append(Cue(field, named.lower() if named else label, match.start(), match.end()))
    return cues


def _ages(patterns: Sequence[re.Pattern[str]], text: str) -> list[Cue]:
    cues = []
    for pattern in patterns:
        for match in pattern.finditer(text):
            groups = match.groupdict()
            decade = (
                int(groups["age"]) // 10 * 10 if groups.get("age") else _DECADES[groups["decade"].lower()]
            )
            cues.append(Cue("age", f"{decade}s", match.start(), match.end()))
    return cues


def parse_number(text: str) -> int | None:
    """An integer from digits ("1,200") or English words ("a hundred and forty", "forty-five")."""
    text = text.strip().lower().replace(",", "")
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for word in re.split(r"[\s-]+", text):
        if word == "and":
            continue
        if word == "a":
            current = current or 1
        elif word in _NUMBER_WORDS:
            current += _NUMBER_WORDS[word]
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word == "thousand":
            total, current = total + max(current, 1) * 1000, 0
        else:
            return None
    return total + current or None


def size_band(people: int) -> str:
    """The usual company-size band for a head count."""
    for upper, band in ((10, "1-10"), (50, "11-50"), (200, "51-200"), (500, "201-500"), (1000, "501-1000")):
        if people <= upper:
            return f"{band} people"
    return "more than 1000 people"


@lru_cache(maxsize=1)
def get_cue_finder() -> CueFinder:
    """The process-wide cue finder, built on first use."""
    return CueFinder()
