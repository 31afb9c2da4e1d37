"""What one utterance says for the lexical rows of a journey map: touchpoints, actions, thoughts,
channels, teams and the script (what brought the customer to the stage).

The lexicon is data (`data/journey_lexicon.yaml`), validated on load; matching uses spaCy's blank
English tokenizer with a PhraseMatcher on LOWER for plain phrases and a Matcher for phrases with
markers (see the YAML header). Nothing is downloaded.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nlp.aggregate.journey_names import CompanyNames
from nlp.checking import Checker, DocumentError, kind_of, read_yaml
from nlp.coders.rules.text import MAX_RULE_CHARS, blank_english, inflections

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

LEXICON_PATH = Path(__file__).resolve().parent / "data" / "journey_lexicon.yaml"
NOUN_ROWS = ("touchpoints", "channels", "teams")
EXTRACTED_ROWS = ("script", "touchpoints", "actions", "thoughts", "channels", "teams")
MARKERS = ("*", "#", "~", "<I>")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\uff07": "'"})
MAX_FILLERS = 3
MAX_OBJECT_GAP = 3
# An open question needs this many words after its leading `question_fillers` ("Um, six?" does not).
MIN_QUESTION_WORDS = 3
LABELS_MEMO = 20_000  # texts whose row labels an extractor remembers (a few hundred bytes each)
_OPTIONAL_KEYS = {
    "set_phrases",
    "respondent_met",
    "question_tags",
    "thought_particles",
    "listener_questions",
    "question_fillers",
}
_REQUIRED_KEYS = {
    "version",
    "first_person",
    "touchpoints",
    "channels",
    "teams",
    "actions",
    "connectors",
    "thoughts",
    "question_label",
    "script",
}
_TOP_KEYS = _REQUIRED_KEYS | _OPTIONAL_KEYS
_MET_KEYS = {"phrases", "verbs", "to_us", "people", "links", "vendors", "openers", "definite", "generic"}
# Optional: the speaker's own work and business (see RespondentMet).
_OWN_KEYS = {
    "makes",
    "compounds",
    "owners",
    "owned",
    "business",
    "deals",
    "clients",
    "trades",
    "titles",
    "copulas",
    "regions",
    "companies",
}
MAX_SUBJECT_GAP = 12  # words from a first person to the verb of meeting ("we booked a demo after reading")
GENERIC_WINDOW = 4  # words before a touchpoint phrase searched for a generic word ("a lot of awesome demos")
_KEY_SEP = "\t"
_SET = "set phrase"  # the matcher row of set phrases; never a row of the map
_CLAUSE_ENDS = frozenset(
    {".", "?", "!", ";", ":", "...", "--"}
)  # a first person past one is another clause's
_MET = "met phrase"  # the matcher row of touchpoint phrases that need the respondent to meet them
_DEFINITE = "definite phrase"  # the matcher row of touchpoint phrases that count unless generic
_OWNED = "owned phrase"  # the matcher row of touchpoint phrases that "our", "my" make the speaker's
_HYPHENS = frozenset({"-", "\u2010", "\u2011"})  # between a touchpoint and the noun it modifies
_POSSESSIVE_MARKS = frozenset({"'s", "'"})  # tokens of "client's", "clients'" (apostrophes straightened)
_BUSINESS = "business phrase"  # the matcher row of touchpoint phrases that may be the speaker's own dealings
_COORDINATORS = frozenset({"and", "or", "&", ","})  # between objects of one verb ("websites and web apps")
# Words before a verb that make it no present simple ("we had to install", "we'd install", "we decided to").
_NOT_PRESENT = frozenset({"to", "had", "have", "'ve", "'d", "did", "would", "will", "'ll", "went", "ended"})
# Objects that name no trade: "we install it", "we train everyone".
_NO_TRADE = frozenset({"it", "them", "everything", "everyone", "anything", "something", "all", "both", "one"})
# Words inside a job title besides team phrases and titles: "head of sales", "sales and marketing lead".
_TITLE_JOINS = frozenset({"of", "and", "&"})
_ARTICLES = frozenset({"a", "an", "the"})
# Other words of a title, after an article or a name's comma: "the revenue operations manager".
MAX_TITLE_MODIFIERS = 2
# Prepositions of a place or beneficiary after a trade's object: "on the barn", "for our family".
_PLACE_PREPOSITIONS = frozenset({"on", "onto", "at", "in", "into", "inside", "for", "around", "across", "to"})
_HOME = "home"  # a place of the speaker's own without a determiner: "at home"
MAX_PLACE_WORDS = 3  # words of a place after its determiner: "in our new house"
MAX_NAME_WORDS = 3  # capitalised words of a name before its comma: "I'm Nadia Haddad, director of sales"


@dataclass(frozen=True, slots=True)
class RespondentMet:
    """When an ambiguous touchpoint phrase counts: as the object of a verb of meeting, with a first person.

    Attributes:
        phrases: Touchpoint phrases that count only so ("website", "ticket", "proposal").
        verbs: Verbs of meeting, every form ("went", "visited", "signed").
        to_us: Verbs of giving, every form ("sent", "showed"): the first person must be among the links.
        people: First-person words ("i", "we", "me", "us").
        links: Words allowed between the verb and the phrase ("to", "their", "us").
        vendors: Possessives that make the phrase the vendor's, met wherever it stands ("their website",
            "your docs").
        definite: Touchpoint phrases customers use for what they met, which also name things in general
            ("a website", "a lot of awesome demos"): they count unless generic (see `specific`), or when
            met as above.
        generic: Words that make a phrase after them generic ("a", "an", "any", "every").
        openers: Words that may open a sentence before its subject ("and", "honestly"): a phrase that is
            the sentence's subject, after at most a determiner among `links`, counts ("The trial convinced
            us.", "Honestly the docs were awful.").
        makes: Verbs of making or selling, every form ("build", "built"): a phrase of `definite` or `owned`
            that is their object, with a first person before the verb and none between, is the speaker's
            own work ("we build websites", "we make demos") and never counts. Other touchpoints are left
            alone: customers create a support ticket.
        compounds: Nouns that, right after a touchpoint phrase (a hyphen allowed between), make the phrase
            a modifier of another thing ("invoice capture", "website builder"): it never counts.
        owners: First-person possessives ("our", "my").
        owned: Touchpoint phrases that are the speaker's own after one of `owners` ("our sales pitch", "my
            website"): the nearest possessive among the GENERIC_WINDOW words before, with no word of
            `links` between, decides ("our new sales pitch"; not "the sales pitch").
        business: Touchpoint phrases that also name the speaker's own dealings with their clients
            ("renewal", "contract", "proposal"); see `deals_own`.
        deals: Verbs of handling business, every form ("handle", "lost", "sell"): with `business`, see
            `deals_own`.
        clients: Nouns whose possessive makes a phrase of `business` the speaker's client's ("the client's
            contract", "our clients' renewals").
        trades: Verbs of a trade, base forms only ("install", "fit"): an action of one of them in the present
            simple with a first-person subject and a bare object ("we install solar", "we train nurses") is
            the speaker's business, not a step of their journey (see `trade`).
        titles: Nouns of a job title, plurals added ("manager", "head", "vp"): see `plays`.
        copulas: Forms of "to be" that, after a first person, introduce the speaker's role ("'m", "was",
            "been"): see `plays`.
        regions: Nouns of a place that a trade serves ("area", "state"), plurals added: no place of the
            speaker's own (see `trade`).
        companies: Words that end a company's name ("partners", "inc", "ltd"): a team phrase inside a
            company's name is no team ("We hired Northgate HR Partners"; see journey_names.CompanyNames).
    """

    phrases: tuple[str, ...] = ()
    verbs: frozenset[str] = frozenset()
    to_us: frozenset[str] = frozenset()
    people: frozenset[str] = frozenset()
    links: frozenset[str] = frozenset()
    vendors: frozenset[str] = frozenset()
    openers: frozenset[str] = frozenset()
    definite: tuple[str, ...] = ()
    generic: frozenset[str] = frozenset()
    makes: frozenset[str] = frozenset()
    compounds: frozenset[str] = frozenset()
    owners: frozenset[str] = frozenset()
    owned: tuple[str, ...] = ()
    business: tuple[str, ...] = ()
    deals: frozenset[str] = frozenset()
    clients: frozenset[str] = frozenset()
    trades: frozenset[str] = frozenset()
    titles: frozenset[str] = frozenset()
    copulas: frozenset[str] = frozenset()
    regions: frozenset[str] = frozenset()
    companies: frozenset[str] = frozenset()

    def modifies(self, words: Sequence[str], end: int) -> bool:
        """Whether a word of `compounds` follows the phrase ending at token `end`, a hyphen allowed between:
        "invoice capture", "the website-builder"."""
        after = end + 1 if end < len(words) and words[end] in _HYPHENS else end
        return after < len(words) and words[after] in self.compounds

    def made(
        self, words: Sequence[str], start: int, nouns: frozenset[int] = frozenset(), *, bare: bool = False
    ) -> bool:
        """Whether the phrase at token `start` is the object of a verb of `makes` whose subject is the
        speaker's side: "we build websites", "I designed their landing page".

        Tokens in `nouns` (other touchpoints, channels, teams) and coordinators may stand between, as
        other objects of the same verb: "we design and build websites and web apps". With `bare`, no word
        of `links` may: the object names a kind of thing, as a trade does ("we build web apps"; not "I made
        a phone call").
        """
        allowed = _COORDINATORS if bare else self.links | _COORDINATORS
        verb, gap = start - 1, 0
        while verb >= 0 and (verb in nouns or (gap < MAX_OBJECT_GAP and words[verb] in allowed)):
            gap += verb not in nouns
            verb -= 1
        if verb < 0 or words[verb] not in self.makes or set(words[verb + 1 : start]) & self.people:
            return False
        return _first_person_before(words, verb, self.people)

    def trade(self, words: Sequence[str], subject: int, verb: int, end: int, nouns: frozenset[int]) -> bool:
        """Whether the action whose first-person `subject` and `verb` are at these tokens, ending at `end`,
        is the speaker's trade: a verb of `trades` in the present simple (its base form, no word of
        _NOT_PRESENT between) with a bare object that is not in `nouns` (touchpoints, channels, teams,
        names) ("we install solar", "we mostly fit kitchens"; not "we installed solar", "we install the
        app", "we had to install solar"), unless a place or beneficiary of the speaker's own follows the
        object ("so we install solar on the barn")."""
        # `trades` holds base forms only: with "I" or "we" the present simple is the base form.
        if " ".join(words[verb:end]) not in self.trades or set(words[subject + 1 : verb]) & _NOT_PRESENT:
            return False
        if end >= len(words) or end in nouns:
            return False
        after = words[end]
        if not after.isalpha() or after in self.links | self.people | self.owners | _NO_TRADE:
            return False
        return not self._own_place(words, end + 1, nouns)

    def _own_place(self, words: Sequence[str], start: int, nouns: frozenset[int]) -> bool:
        """Whether a place or beneficiary of the speaker's own follows within MAX_OBJECT_GAP words from
        token `start` (the rest of an object), in its clause: a preposition, then "home", or "the", "our",
        "my" and words that are no name, touchpoint, channel or team, nor one of `clients` or `regions`
        ("on the barn", "at home", "in our new house", "for our family"; not "for our clients", "in the
        Leeds area", "for farms")."""
        for at in range(start, min(start + MAX_OBJECT_GAP, len(words))):
            if words[at] in _CLAUSE_ENDS or words[at] == ",":
                return False
            if words[at] in _PLACE_PREPOSITIONS:
                return self._place_after(words, at + 1, nouns)
        return False

    def _place_after(self, words: Sequence[str], at: int, nouns: frozenset[int]) -> bool:
        """Whether the words from token `at` are "home", or "the", "our", "my" and a place of the speaker's
        own (see `_own_place`)."""
        if at < len(words) and words[at] == _HOME:
            return True
        if at >= len(words) or (words[at] != "the" and words[at] not in self.owners):
            return False
        place = list(
            itertools.takewhile(
                lambda i: words[i].isalpha(), range(at + 1, min(at + 1 + MAX_PLACE_WORDS, len(words)))
            )
        )
        return bool(place) and not any(i in nouns or words[i] in self.clients | self.regions for i in place)

    def plays(
        self, words: Sequence[str], start: int, end: int, teams: frozenset[int], capitals: frozenset[int]
    ) -> bool:
        """Whether the team phrase at tokens `start`..`end` names the speaker's own role, not a team they
        dealt with: "I'm the sales director", "I'm VP of Sales", "So I'm Sofia Brandt, sales operations
        manager", "Graham Mitchell, head of sales at Northgate" (not "our IT director", "Dana, the CFO").

        Args:
            words: The utterance's lower-cased tokens.
            start: First token of the team phrase.
            end: Token after it.
            teams: Tokens of every team phrase: they may stand in the same title ("sales operations").
            capitals: Tokens that start with a capital letter (a name before its comma).
        """
        before = start - 1
        while before >= 0 and (before in teams or words[before] in self.titles | _TITLE_JOINS):
            before -= 1
        after = end
        while after < len(words) and after in teams:
            after += 1
        titled = any(w in self.titles for w in words[before + 1 : after + 1])
        for loose in range(MAX_TITLE_MODIFIERS + 1 if titled else 1):
            modifiers = words[before - loose + 1 : before + 1]
            # "Rick, our VP of Sales": a possessive or other link makes the title someone else's.
            if before - loose < -1 or not all(w.isalpha() and w not in self._not_title for w in modifiers):
                break
            if self._introduced(words, before - loose, capitals, modified=loose > 0):
                return True
        return False

    def _introduced(self, words: Sequence[str], at: int, capitals: frozenset[int], *, modified: bool) -> bool:
        """Whether the words up to token `at` introduce the speaker's role: a first person and one of
        `copulas`, after which an article and a name with its comma may stand ("I'm the", "I'm Nadia
        Haddad,"), or a bare name and comma opening the sentence ("Graham Mitchell,"). With `modified`, an
        article or the name's comma must come right before `at` + 1 (words of the title stand between)."""
        article = at >= 0 and words[at] in _ARTICLES
        at -= article
        name = at
        if at >= 0 and words[at] == ",":
            name = at - 1
            while name >= 0 and at - 1 - name < MAX_NAME_WORDS and name in capitals:
                if words[name] in self.people:
                    break
                name -= 1
            if name == at - 1:
                return False
        named = name != at
        if modified and not (article or named):
            return False
        if name >= 0 and words[name] in self.copulas:
            return any(w in self.people for w in words[max(0, name - 2) : name])
        return named and not article and all(w in self.openers for w in words[: name + 1])

    @property
    def _not_title(self) -> frozenset[str]:
        """Words that are no modifier inside a job title."""
        return self.people | self.links | self.copulas

    def owns(self, words: Sequence[str], start: int) -> bool:
        """Whether a word of `owners` is the nearest possessive before the phrase at token `start` ("our
        sales pitch", "my own website"), within GENERIC_WINDOW words and with no word of `links` between."""
        for word in reversed(words[max(0, start - GENERIC_WINDOW) : start]):
            if word in self.owners:
                return True
            if word in self.links or word in self.vendors or word in _CLAUSE_ENDS:
                return False
        return False

    def deals_own(self, words: Sequence[str], start: int, end: int) -> bool:
        """Whether the phrase at tokens `start`..`end` is the speaker's own business with their clients:
        a client's ("the client's contract", "our clients' renewals"), the object of a verb of `deals` with
        the speaker's side as subject ("our account directors handle renewals", "Lost a big renewal"), what
        they dealt with after it ("the renewal we lost"), or theirs to give ("a proposal from us").
        "Our renewal came up" and "we signed the contract with them" still count."""
        return (
            self._clients_own(words, start)
            or self._dealt_before(words, start)
            or self._dealt_after(words, end)
            or _from_us(words, end, self.people)
        )

    def _clients_own(self, words: Sequence[str], start: int) -> bool:
        for i in range(start - 1, max(0, start - GENERIC_WINDOW) - 1, -1):
            if words[i] in _POSSESSIVE_MARKS:
                return i > 0 and words[i - 1] in self.clients
            if words[i] in _CLAUSE_ENDS or words[i] in self.vendors or words[i] in self.owners:
                return False
        return False

    def _dealt_before(self, words: Sequence[str], start: int) -> bool:
        verb = start - 1
        while verb >= 0 and start - 1 - verb < MAX_OBJECT_GAP and words[verb] not in self.deals:
            if words[verb] in _CLAUSE_ENDS or words[verb] in self.people:
                return False
            verb -= 1
        if verb < 0 or words[verb] not in self.deals:
            return False
        first = 0
        while first < verb and words[first] in self.openers:
            first += 1
        # A sentence that opens on the verb leaves out its subject, the speaker: "Lost a big renewal."
        return verb == first or _first_person_before(words, verb, self.people | self.owners)

    def _dealt_after(self, words: Sequence[str], end: int) -> bool:
        for i in range(end, min(end + MAX_OBJECT_GAP, len(words))):
            if words[i] in _CLAUSE_ENDS:
                return False
            if words[i] in self.people:
                return any(w in self.deals for w in words[i + 1 : i + 1 + MAX_OBJECT_GAP])
        return False

    def specific(self, words: Sequence[str], start: int) -> bool:
        """Whether the phrase at token `start` names a particular thing: no word of `generic` ("a", "any")
        among the GENERIC_WINDOW words before it ("the website", "their trial", "two demos"; not "a very
        large website")."""
        return not any(w in self.generic for w in words[max(0, start - GENERIC_WINDOW) : start])

    def named(self, words: Sequence[str], start: int) -> bool:
        """Whether the phrase at token `start` is the vendor's ("their website") or opens the sentence as its
        subject ("The trial convinced us.")."""
        if start > 0 and words[start - 1] in self.vendors:
            return True
        first = 0
        while first < start and words[first] in self.openers:
            first += 1
        return start == first or (start == first + 1 and words[first] in self.links)

    def met(self, words: Sequence[str], start: int, nouns: frozenset[int] = frozenset()) -> bool:
        """Whether the phrase at token `start` is something the speaker's side met, per the rule above.

        Tokens in `nouns` (other touchpoints, channels, teams) may stand between the verb and the phrase
        beside the links: "I booked a demo on their website".
        """
        if self.named(words, start):
            return True
        verb, gap = start - 1, 0
        while verb >= 0 and (verb in nouns or (gap < MAX_OBJECT_GAP and words[verb] in self.links)):
            gap += verb not in nouns
            verb -= 1
        if verb < 0 or (words[verb] not in self.verbs and words[verb] not in self.to_us):
            return False
        between = set(words[verb + 1 : start]) & self.people
        if words[verb] in self.to_us:
            return bool(between)
        return bool(between) or _first_person_before(words, verb, self.people)


def _from_us(words: Sequence[str], end: int, people: frozenset[str]) -> bool:
    """Whether "from us" ("from me") follows the phrase ending at token `end`, at most one word between."""
    after = words[end : end + 3]
    return any(w == "from" and i + 1 < len(after) and after[i + 1] in people for i, w in enumerate(after))


def _first_person_before(words: Sequence[str], verb: int, people: frozenset[str]) -> bool:
    """Whether a first-person word stands in the MAX_SUBJECT_GAP words before token `verb`, in its clause."""
    before = list(words[max(0, verb - MAX_SUBJECT_GAP) : verb])
    clause = before[max((i + 1 for i, w in enumerate(before) if w in _CLAUSE_ENDS), default=0) :]
    return any(w in people for w in clause)


class JourneyLexiconError(DocumentError):
    """The journey lexicon is not valid; says which file and which key path."""


@dataclass(frozen=True, slots=True)
class JourneyLexicon:
    """The validated lexicon. Label maps keep the file's order (script groups are in priority order).

    Attributes:
        subjects: First-person subject words ("i", "we").
        fillers: Words allowed between a subject and its verb or cue ("then", "just").
        phrases: Row ("touchpoints", "channels", "teams", "thoughts") -> label -> phrases.
        verbs: Canonical action verb phrase -> extra forms of its first word.
        dropped: Connectors between a verb and its object left out of an action label.
        kept: Connectors kept in an action label ("for" in "sign up for free trial").
        question_label: Thought label for an utterance that ends in a question mark.
        push_group: Script group that utterances coded with a push force join.
        script: Script group label -> cue phrases, in priority order.
        set_phrases: Phrases that hold a touchpoint, channel or team word but name something else
            ("Google Sheets", "conference room", "trial and error"); a noun-row match inside one is dropped.
        respondent_met: Touchpoint phrases that count only when the respondent met them, and the rule's words.
        question_tags: Endings that make a question a tag ("right", "you know"): no open question.
        thought_particles: Words that, right after a thought verb, make it another verb ("figured out").
        listener_questions: Openings that address a question to the listener ("have you", "does that make
            sense"): the respondent asks the interviewer, no open question of their own.
        question_fillers: Words skipped before a question's opening ("um", "and"); after them a question
            needs MIN_QUESTION_WORDS words to be open.
    """

    subjects: tuple[str, ...]
    fillers: tuple[str, ...]
    phrases: Mapping[str, Mapping[str, tuple[str, ...]]]
    verbs: Mapping[str, tuple[str, ...]]
    dropped: frozenset[str]
    kept: frozenset[str]
    question_label: str
    push_group: str
    script: Mapping[str, tuple[str, ...]]
    set_phrases: tuple[str, ...] = ()
    respondent_met: RespondentMet = RespondentMet()
    question_tags: tuple[str, ...] = ()
    thought_particles: frozenset[str] = frozenset()
    listener_questions: tuple[str, ...] = ()
    question_fillers: frozenset[str] = frozenset()


def load_lexicon(source: Path | Mapping[str, Any] = LEXICON_PATH) -> JourneyLexicon:
    """Read and validate a journey lexicon.

    Args:
        source: A YAML file, or an already-parsed mapping (named "<dict>" in errors).

    Raises:
        JourneyLexiconError: naming the file, the key path ("touchpoints.demo[2]") and the problem.
    """
    if isinstance(source, Mapping):
        return _parse(_Checker("<dict>"), source)
    return _parse(_Checker(Path(source).name), read_yaml(Path(source), JourneyLexiconError))


def _parse(check: _Checker, data: object) -> JourneyLexicon:
    doc = check.mapping(data, "", _TOP_KEYS, _REQUIRED_KEYS)
    if doc["version"] != 1:
        raise check.fail("version", f"unsupported version {doc['version']!r}; expected 1")
    person = check.mapping(
        doc["first_person"], "first_person", {"subjects", "fillers"}, {"subjects", "fillers"}
    )
    phrases = {row: check.label_phrases(doc[row], row, allow_empty=False) for row in NOUN_ROWS}
    phrases["thoughts"] = check.label_phrases(doc["thoughts"], "thoughts", allow_empty=False)
    actions = check.mapping(doc["actions"], "actions", {"verbs"}, {"verbs"})
    links = check.mapping(doc["connectors"], "connectors", {"dropped", "kept"}, {"dropped", "kept"})
    script = check.mapping(doc["script"], "script", {"push_group", "groups"}, {"push_group", "groups"})
    groups = check.label_phrases(script["groups"], "script.groups", allow_empty=False)
    push_group = check.word(script["push_group"], "script.push_group")
    if push_group not in groups:
        raise check.fail("script.push_group", f"{push_group!r} is not one of script.groups")
    return JourneyLexicon(
        subjects=check.words(person["subjects"], "first_person.subjects"),
        fillers=check.words(person["fillers"], "first_person.fillers"),
        phrases=phrases,
        verbs=check.label_phrases(actions["verbs"], "actions.verbs", allow_empty=True),
        dropped=frozenset(check.words(links["dropped"], "connectors.dropped")),
        kept=frozenset(check.words(links["kept"], "connectors.kept")),
        question_label=check.word(doc["question_label"], "question_label"),
        push_group=push_group,
        script=groups,
        set_phrases=check.words(doc.get("set_phrases", []), "set_phrases", allow_empty=True),
        respondent_met=_respondent_met(check, doc.get("respondent_met"), phrases["touchpoints"]),
        question_tags=check.words(doc.get("question_tags", []), "question_tags", allow_empty=True),
        thought_particles=frozenset(
            w.lower()
            for w in check.words(doc.get("thought_particles", []), "thought_particles", allow_empty=True)
        ),
        listener_questions=check.words(
            doc.get("listener_questions", []), "listener_questions", allow_empty=True
        ),
        question_fillers=frozenset(
            w.lower()
            for w in check.words(doc.get("question_fillers", []), "question_fillers", allow_empty=True)
        ),
    )


def _respondent_met(
    check: _Checker, data: object, touchpoints: Mapping[str, tuple[str, ...]]
) -> RespondentMet:
    if data is None:
        return RespondentMet()
    met = check.mapping(data, "respondent_met", _MET_KEYS | _OWN_KEYS, _MET_KEYS)
    known = {phrase.lower() for items in touchpoints.values() for phrase in items}
    lists = {key: check.words(met[key], f"respondent_met.{key}") for key in ("phrases", "definite")}
    for key in ("owned", "business"):
        lists[key] = check.words(met.get(key, []), f"respondent_met.{key}", allow_empty=True)
    for key, items in lists.items():
        for i, phrase in enumerate(items):
            if phrase.lower() not in known:
                raise check.fail(f"respondent_met.{key}[{i}]", f"{phrase!r} is not a touchpoint phrase")

    def forms(key: str) -> frozenset[str]:
        return frozenset(
            f.lower()
            for w in check.words(met.get(key, []), f"respondent_met.{key}", allow_empty=key in _OWN_KEYS)
            for f in inflections(w)
        )

    def plain(key: str) -> frozenset[str]:
        found = check.words(met.get(key, []), f"respondent_met.{key}", allow_empty=key in _OWN_KEYS)
        return frozenset(w.lower() for w in found)

    compounds = plain("compounds")

    return RespondentMet(
        phrases=lists["phrases"],
        definite=lists["definite"],
        generic=frozenset(w.lower() for w in check.words(met["generic"], "respondent_met.generic")),
        verbs=forms("verbs"),
        to_us=forms("to_us"),
        people=frozenset(w.lower() for w in check.words(met["people"], "respondent_met.people")),
        links=frozenset(w.lower() for w in check.words(met["links"], "respondent_met.links")),
        vendors=frozenset(w.lower() for w in check.words(met["vendors"], "respondent_met.vendors")),
        openers=frozenset(w.lower() for w in check.words(met["openers"], "respondent_met.openers")),
        makes=forms("makes"),
        compounds=compounds | {_plural(w) for w in compounds},
        owners=plain("owners"),
        owned=lists["owned"],
        business=lists["business"],
        deals=forms("deals"),
        clients=plain("clients") | {_plural(w) for w in plain("clients")},
        trades=plain("trades"),
        titles=plain("titles") | {_plural(w) for w in plain("titles")},
        copulas=plain("copulas"),
        regions=plain("regions") | {_plural(w) for w in plain("regions")},
        companies=plain("companies"),
    )


class _Checker(Checker):
    """Type checks that raise JourneyLexiconError for one source."""

    error = JourneyLexiconError

    def word(self, value: object, path: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(
                path, f"expected a non-empty string, found {kind_of(value)} (quote no/on/yes/off)"
            )
        return " ".join(value.split())

    def words(self, value: object, path: str, *, allow_empty: bool = False) -> tuple[str, ...]:
        if not isinstance(value, list):
            raise self.fail(path, f"expected a list, found {kind_of(value)}")
        if not value and not allow_empty:
            raise self.fail(path, "must not be empty")
        return tuple(self.word(item, f"{path}[{i}]") for i, item in enumerate(value))

    def label_phrases(self, value: object, path: str, *, allow_empty: bool) -> dict[str, tuple[str, ...]]:
        if not isinstance(value, Mapping) or not value:
            raise self.fail(path, f"expected a non-empty mapping of label -> phrases, found {kind_of(value)}")
        seen: dict[str, str] = {}
        parsed: dict[str, tuple[str, ...]] = {}
        for label, phrases in value.items():
            where = f"{path}.{label}"
            items = self.words(phrases if phrases is not None else [], where, allow_empty=allow_empty)
            for i, phrase in enumerate(items):
                problem = _phrase_problem(phrase)
                if problem:
                    raise self.fail(f"{where}[{i}]", f"{phrase!r}: {problem}")
                if phrase.lower() in seen:
                    raise self.fail(f"{where}[{i}]", f"{phrase!r} is already under {seen[phrase.lower()]!r}")
                seen[phrase.lower()] = str(label)
            parsed[self.word(label, where)] = items
        return parsed


def _phrase_problem(phrase: str) -> str | None:
    """What is wrong with the markers of a phrase, or None."""
    words = phrase.split()
    if "<I>" in words[1:]:
        return "<I> may only be the first word"
    if words[0] == "<I>":
        if len(words) < 2 or words[1] in MARKERS:
            return "<I> must be followed by a word"
        if any(word == "#" or word.startswith("=") for word in words):
            return "# and =Word are not supported after <I>"
    if any(word == "=" or (word.startswith("=") and "|" in word) for word in words):
        return "=Word needs one exact word after the ="
    if all(word in MARKERS for word in words):
        return "needs at least one word besides markers"
    return None


@lru_cache(maxsize=1)
def default_extractor() -> RowExtractor:
    """The extractor over the shipped lexicon, built once per process."""
    return RowExtractor(load_lexicon())


class RowExtractor:
    """Finds the lexical row labels in utterances.

    Plain phrases go to a PhraseMatcher on LOWER; phrases with markers to a spaCy Matcher, except
    those that start with a first-person subject (`<I>`, and every action verb), which a small
    scanner anchored on the subject matches: as Matcher patterns (set predicates and an optional run
    of fillers) they cost about 0.3 ms an utterance, three times the rest together.
    """

    def __init__(self, lexicon: JourneyLexicon | None = None) -> None:
        from spacy.matcher import Matcher, PhraseMatcher

        self.lexicon = lexicon or load_lexicon()
        self._nlp: Language = blank_english()
        self._phrases = PhraseMatcher(self._nlp.vocab, attr="LOWER")
        self._patterns = Matcher(self._nlp.vocab)
        self._first_person = _FirstPersonMatcher(self.lexicon.subjects, self.lexicon.fillers)
        self._keys: dict[int, tuple[str, str]] = {}
        # One word of every Matcher pattern: a text without any of them is not run through the Matcher.
        self._triggers: set[tuple[str, str]] = set()
        self._remembered = lru_cache(maxsize=LABELS_MEMO)(self._labels)
        for row, labels in self.lexicon.phrases.items():
            for label, phrases in labels.items():
                self._add(row, label, _with_plurals(phrases) if row in NOUN_ROWS else phrases)
        for label, phrases in self.lexicon.script.items():
            self._add("script", label, phrases)
        if self.lexicon.set_phrases:
            self._add(_SET, _SET, _with_plurals(self.lexicon.set_phrases))
        if self.lexicon.respondent_met.phrases:
            self._add(_MET, _MET, _with_plurals(self.lexicon.respondent_met.phrases))
        if self.lexicon.respondent_met.definite:
            self._add(_DEFINITE, _DEFINITE, _with_plurals(self.lexicon.respondent_met.definite))
        if self.lexicon.respondent_met.owned:
            self._add(_OWNED, _OWNED, _with_plurals(self.lexicon.respondent_met.owned))
        if self.lexicon.respondent_met.business:
            self._add(_BUSINESS, _BUSINESS, _with_plurals(self.lexicon.respondent_met.business))
        self._tags = [
            [t.lower_ for t in self._nlp.make_doc(_straight(tag))] for tag in self.lexicon.question_tags
        ]
        self._to_listener = [
            [t.lower_ for t in self._nlp.make_doc(_straight(opening))]
            for opening in self.lexicon.listener_questions
        ]
        self._company_names = self._names()
        for verb, forms in self.lexicon.verbs.items():
            heads = frozenset({*(form.split()[0] for form in inflections(verb)), *forms})
            steps = [heads, *(frozenset({word}) for word in verb.split()[1:])]
            self._first_person.add("actions", verb, steps)

    def labels(self, text: str, *, push: bool = False) -> dict[str, list[str]]:
        """Row key -> labels found in `text`, each once, in order of appearance.

        Answers are remembered (the last LABELS_MEMO texts): a map drawn again over the same
        utterances does not tokenise and match them again.

        Args:
            text: One utterance.
            push: Whether the utterance carries a push force (it then joins the script's push group).

        Returns:
            A dict with every key of EXTRACTED_ROWS; "script" holds at most one label.
        """
        return {row: list(labels) for row, labels in self._remembered(text, push)}

    def _labels(self, text: str, push: bool) -> tuple[tuple[str, tuple[str, ...]], ...]:
        doc = self._nlp.make_doc(text[:MAX_RULE_CHARS].translate(_APOSTROPHES))
        words = [token.lower_ for token in doc]
        matches = _outside_set_phrases(self._match(doc, words))
        spans = _without_team_names(_longest_per_row(matches))
        spans["touchpoints"] = self._met_touchpoints(words, spans.get("touchpoints", []), matches)
        capitals = frozenset(i for i, token in enumerate(doc) if token.text[:1].isupper())
        if spans.get("teams"):
            texts = [token.text for token in doc]
            spans["teams"] = [
                (label, start, end)
                for label, start, end in spans["teams"]
                if not self._company_names.holds(texts, start, end)
            ]
        spans = self._without_own_work(words, spans, matches, capitals)
        spans["thoughts"] = [
            span for span in spans.get("thoughts", []) if not self._particle_follows(words, span[2])
        ]
        found = {row: _unique(label for label, _, _ in spans.get(row, [])) for row in EXTRACTED_ROWS}
        found["actions"] = _unique(self._action_label(words, hit, spans) for hit in spans.get("actions", []))
        if self._open_question(text, words) and self.lexicon.question_label not in found["thoughts"]:
            found["thoughts"].append(self.lexicon.question_label)
        # Script groups may share words, so every cue counts, overlapping or not.
        found["script"] = self._script_group({label for row, label, _, _ in matches if row == "script"}, push)
        return tuple((row, tuple(labels)) for row, labels in found.items())

    def _met_touchpoints(
        self,
        words: Sequence[str],
        spans: list[tuple[str, int, int]],
        matches: list[tuple[str, str, int, int]],
    ) -> list[tuple[str, int, int]]:
        """Touchpoints, less the speaker's own work ("we build websites", "invoice capture", "our sales
        pitch"), their business ("the renewal we lost", "the client's contract") and those found by an
        ambiguous phrase alone that the respondent did not meet."""
        ambiguous = {(start, end) for row, _, start, end in matches if row == _MET}
        definite = {(start, end) for row, _, start, end in matches if row == _DEFINITE}
        owned = {(start, end) for row, _, start, end in matches if row == _OWNED}
        business = {(start, end) for row, _, start, end in matches if row == _BUSINESS}
        nouns = frozenset(i for row, _, start, end in matches if row in NOUN_ROWS for i in range(start, end))
        met = self.lexicon.respondent_met

        def own(span: tuple[str, int, int]) -> bool:
            if met.modifies(words, span[2]) or (span[1:] in owned and met.owns(words, span[1])):
                return True
            if span[1:] in business and met.deals_own(words, span[1], span[2]):
                return True
            return (span[1:] in owned or span[1:] in definite) and met.made(words, span[1], nouns)

        def keeps(span: tuple[str, int, int]) -> bool:
            if own(span):
                return False
            if span[1:] in definite and met.specific(words, span[1]):
                return True
            if span[1:] in ambiguous or span[1:] in definite:
                return met.met(words, span[1], nouns)
            return True

        return [span for span in spans if keeps(span)]

    def _without_own_work(
        self,
        words: Sequence[str],
        spans: dict[str, list[tuple[str, int, int]]],
        matches: list[tuple[str, str, int, int]],
        capitals: frozenset[int],
    ) -> dict[str, list[tuple[str, int, int]]]:
        """Drop channels the speaker's side makes ("we design and build websites and web apps"), actions
        that are their trade ("we install solar"), teams that name their own role ("I'm the sales
        director") and teams that modify another noun ("a marketing agency"): their business, not a step
        of their journey. Tokens in `capitals` (capitalised) make
        a name; inside the sentence, one names a product, no trade ("then we install Slack")."""
        nouns = frozenset(i for row, _, start, end in matches if row in NOUN_ROWS for i in range(start, end))
        names = capitals - {0}
        met = self.lexicon.respondent_met
        teams = frozenset(i for _, start, end in spans.get("teams", []) for i in range(start, end))
        spans["teams"] = [
            (label, start, end)
            for label, start, end in spans.get("teams", [])
            if not met.plays(words, start, end, teams, capitals) and not met.modifies(words, end)
        ]
        spans["channels"] = [
            span for span in spans.get("channels", []) if not met.made(words, span[1], nouns, bare=True)
        ]
        spans["actions"] = [
            (verb, start, end)
            for verb, start, end in spans.get("actions", [])
            if not met.trade(words, start, end - len(verb.split()), end, nouns | names)
        ]
        return spans

    def _names(self) -> CompanyNames:
        """Company names over the lexicon: words of team phrases, titles and first persons name none, nor do
        determiners and openers that open a sentence."""
        met = self.lexicon.respondent_met
        phrases = [p for ps in self.lexicon.phrases["teams"].values() for p in _with_plurals(ps)]
        words = {t.lower_ for p in phrases for t in self._nlp.make_doc(_straight(p.replace("=", "")))}
        openers = {*met.openers, *met.links, *met.vendors, *met.owners, *met.generic, *self.lexicon.fillers}
        return CompanyNames.of(met.companies, words | met.titles | met.people, openers)

    def _particle_follows(self, words: Sequence[str], end: int) -> bool:
        """Whether a particle turns the thought verb ending at `end` into another verb ("figured it out")."""
        return any(word in self.lexicon.thought_particles for word in words[end : end + 2])

    def _open_question(self, text: str, words: Sequence[str]) -> bool:
        """The utterance ends in a question the speaker asks themselves: not a tag ("..., right?"), not one
        put to the listener ("Have you heard of it?") and not a bare hesitant answer ("Um, six?")."""
        if not text.rstrip().endswith("?"):
            return False
        ending = [w for w in words if w.strip()]
        while ending and ending[-1] in ("?", ".", "!", "...", ")", '"', "'"):
            ending.pop()
        if any(_is_tag(ending, tag) for tag in self._tags):
            return False
        # Only the utterance's opening decides: "My question was: can you connect to our ERP?" is a thought.
        fillers = self.lexicon.question_fillers
        first = next((i for i, w in enumerate(ending) if w[0].isalnum() and w not in fillers), len(ending))
        if any(ending[first : first + len(opening)] == opening for opening in self._to_listener):
            return False
        return sum(w[0].isalnum() for w in ending[first:]) >= MIN_QUESTION_WORDS

    def _match(self, doc: Doc, words: Sequence[str]) -> list[tuple[str, str, int, int]]:
        matches = [(*self._keys[key], start, end) for key, start, end in self._phrases(doc)]
        if self._may_match(doc, words):
            matches += [(*self._keys[key], start, end) for key, start, end in self._patterns(doc)]
        return matches + self._first_person(words)

    def _may_match(self, doc: Doc, words: Sequence[str]) -> bool:
        present, text = set(words), doc.text  # Doc.text joins every token again on each read
        return any(word in present if attr == "LOWER" else word in text for attr, word in self._triggers)

    def _script_group(self, cues: set[str], push: bool) -> list[str]:
        present = {*cues, self.lexicon.push_group} if push else cues
        return [label for label in self.lexicon.script if label in present][:1]

    def _action_label(
        self, words: Sequence[str], hit: tuple[str, int, int], spans: Mapping[str, list[Any]]
    ) -> str:
        """The verb, joined by the touchpoint or team it acts on when one follows closely."""
        verb, _, end = hit
        objects = {
            start: label for label, start, _ in [*spans.get("teams", []), *spans.get("touchpoints", [])]
        }
        kept: list[str] = []
        for index in range(end, min(end + MAX_OBJECT_GAP + 1, len(words))):
            if index in objects:
                return " ".join([verb, *kept, objects[index]])
            if words[index] in self.lexicon.kept:
                kept.append(words[index])
            elif words[index] not in self.lexicon.dropped:
                break
        return verb

    def _add(self, row: str, label: str, phrases: Iterable[str]) -> None:
        # "a|b" is spelled out into separate phrases, so that most end up in the PhraseMatcher and
        # the Matcher needs no set predicates (Python callbacks, run at every token).
        spelled = [variant for p in phrases if not p.startswith("<I> ") for variant in _spell_out(p)]
        plain = [self._nlp.make_doc(_straight(p)) for p in spelled if not _has_marker(p)]
        if plain:
            self._phrases.add(self._key(row, label), plain)
        patterns = [self._pattern(p) for p in spelled if _has_marker(p)]
        if patterns:
            self._patterns.add(self._key(row, label), patterns)
            self._triggers.update(_trigger(pattern) for pattern in patterns)
        for phrase in phrases:
            if phrase.startswith("<I> "):
                self._first_person.add(row, label, self._steps(phrase.split()[1:]))

    def _key(self, row: str, label: str) -> str:
        key = f"{row}{_KEY_SEP}{label}"
        self._keys[self._nlp.vocab.strings.add(key)] = (row, label)
        return key

    def _steps(self, words: Sequence[str]) -> list[Step]:
        steps: list[Step] = []
        for word in words:
            if word in ("~", "*"):
                steps.append(word)
            elif "|" in word:
                steps.append(frozenset(_straight(part).lower() for part in word.split("|") if part))
            else:
                steps += [frozenset({token.lower_}) for token in self._nlp.make_doc(_straight(word))]
        return steps

    def _pattern(self, phrase: str) -> list[dict[str, Any]]:
        fillers = {"LOWER": {"IN": list(self.lexicon.fillers)}, "OP": f"{{0,{MAX_FILLERS}}}"}
        pattern: list[dict[str, Any]] = []
        for word in phrase.split():
            if word == "~":
                pattern.append(fillers)
            elif word == "*":
                pattern.append({})
            elif word == "#":
                pattern.append({"LIKE_NUM": True})
            elif word.startswith("="):
                pattern.append({"ORTH": word[1:]})
            else:
                pattern += [{"LOWER": token.lower_} for token in self._nlp.make_doc(_straight(word))]
        return pattern


Step = frozenset[str] | str  # a set of words for one token, "~" (up to MAX_FILLERS fillers) or "*" (any word)


class _FirstPersonMatcher:
    """Phrases anchored on a first-person subject: subject, up to MAX_FILLERS fillers, then steps."""

    def __init__(self, subjects: Iterable[str], fillers: Iterable[str]) -> None:
        self.subjects = frozenset(subjects)
        self.fillers = frozenset(fillers)
        self._by_first: dict[str, list[tuple[str, str, tuple[Step, ...]]]] = {}

    def add(self, row: str, label: str, steps: Sequence[Step]) -> None:
        first, *rest = steps
        if isinstance(first, str):
            raise ValueError(f"{row}.{label}: a <I> phrase must go on with a word, not {first!r}")
        for word in sorted(first):
            self._by_first.setdefault(word, []).append((row, label, tuple(rest)))

    def __call__(self, words: Sequence[str]) -> list[tuple[str, str, int, int]]:
        found: list[tuple[str, str, int, int]] = []
        for start, word in enumerate(words):
            if word in self.subjects:
                found += self._after_subject(words, start)
        return found

    def _after_subject(self, words: Sequence[str], start: int) -> list[tuple[str, str, int, int]]:
        found = []
        for index in range(start + 1, min(start + 2 + MAX_FILLERS, len(words))):
            for row, label, rest in self._by_first.get(words[index], ()):
                end = self._match(words, index + 1, rest)
                if end is not None:
                    found.append((row, label, start, end))
            if words[index] not in self.fillers:
                break
        return found

    def _match(self, words: Sequence[str], at: int, steps: Sequence[Step]) -> int | None:
        """End of the match of `steps` from token `at` (fewest fillers first), or None."""
        if not steps:
            return at
        step, rest = steps[0], steps[1:]
        if step == "~":
            for skip in range(MAX_FILLERS + 1):
                if skip and (at + skip > len(words) or words[at + skip - 1] not in self.fillers):
                    return None
                end = self._match(words, at + skip, rest)
                if end is not None:
                    return end
            return None
        if at < len(words) and (step == "*" or (not isinstance(step, str) and words[at] in step)):
            return self._match(words, at + 1, rest)
        return None


def _straight(text: str) -> str:
    return text.translate(_APOSTROPHES)


def _has_marker(phrase: str) -> bool:
    return any(word in MARKERS or "|" in word or word.startswith("=") for word in phrase.split())


def _trigger(pattern: Sequence[Mapping[str, Any]]) -> tuple[str, str]:
    """The attribute and value of the longest (so likely rarest) literal word of a Matcher pattern."""
    literals = [
        (attr, token[attr])
        for token in pattern
        for attr in ("LOWER", "ORTH")
        if isinstance(token.get(attr), str)
    ]
    return max(literals, key=lambda literal: (len(literal[1]), literal))


def _spell_out(phrase: str) -> list[str]:
    """Every phrase that "a|b" alternatives stand for, in order ("we|i had to" -> two phrases)."""
    options = [[part for part in word.split("|") if part] for word in phrase.split()]
    return [" ".join(words) for words in itertools.product(*options)]


def _with_plurals(phrases: Sequence[str]) -> list[str]:
    """The phrases and, for plain ones, the phrase with its last word in the plural."""
    out = list(phrases)
    for phrase in phrases:
        if not _has_marker(phrase):
            head, _, last = phrase.rpartition(" ")
            out.append(f"{head} {_plural(last)}".strip())
    return list(dict.fromkeys(out))


def _plural(word: str) -> str:
    if word.endswith("s"):
        return word
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("x", "ch", "sh")):
        return word + "es"
    return word + "s"


def _longest_per_row(matches: Iterable[tuple[str, str, int, int]]) -> dict[str, list[tuple[str, int, int]]]:
    """Per row, the longest non-overlapping matches (earlier first on ties), in text order."""
    by_row: dict[str, list[tuple[str, int, int]]] = {}
    for row, label, start, end in sorted(matches, key=lambda m: (m[2] - m[3], m[2], m[1])):
        taken = by_row.setdefault(row, [])
        if all(end <= s or start >= e for _, s, e in taken):
            taken.append((label, start, end))
    return {row: sorted(spans, key=lambda span: span[1]) for row, spans in by_row.items()}


def _outside_set_phrases(matches: list[tuple[str, str, int, int]]) -> list[tuple[str, str, int, int]]:
    """Drop set-phrase matches, and the noun-row matches inside them ("google" in "Google Sheets")."""
    inside = [(start, end) for row, _, start, end in matches if row == _SET]
    return [
        (row, label, start, end)
        for row, label, start, end in matches
        if row != _SET and not (row in NOUN_ROWS and any(s <= start and end <= e for s, e in inside))
    ]


def _without_team_names(
    spans: dict[str, list[tuple[str, int, int]]],
) -> dict[str, list[tuple[str, int, int]]]:
    """Drop touchpoints that are part of a longer team name ("onboarding" in "onboarding team")."""
    teams = spans.get("teams", [])
    spans["touchpoints"] = [
        (label, start, end)
        for label, start, end in spans.get("touchpoints", [])
        if not any(s <= start and end <= e and e - s > end - start for _, s, e in teams)
    ]
    return spans


def _is_tag(words: Sequence[str], tag: Sequence[str]) -> bool:
    """Whether `words` end in `tag` standing alone: after a comma or other mark, or as the whole sentence."""
    cut = len(words) - len(tag)
    return (
        cut >= 0
        and list(words[cut:]) == list(tag)
        and (cut == 0 or not any(c.isalnum() for c in words[cut - 1]))
    )


def _unique(labels: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(labels))
