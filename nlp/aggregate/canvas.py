"""The 11-section B2B buyer-persona canvas, aggregated from the members' profiles and utterances.

Every field is a count over evidence: the participants and utterances behind it, their ids, and up to
five verbatim quotes (strongest first, one per participant before a second from anyone). A field with no
evidence has `value` None and an `empty` sentence that says so. Nothing is invented: the persona name
is built from the members' job titles (or what they said they do) and a word they use more than others.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from itertools import pairwise
from typing import Any

from nlp.aggregate.canvas_polarity import split_opposites
from nlp.aggregate.canvas_rules import Cue, get_cue_finder
from nlp.aggregate.evidence import Evidence, Quote
from nlp.aggregate.personas import ParticipantProfile, PersonaGrouping
from nlp.aggregate.quotes import pick_quotes as choose_quotes
from nlp.aggregate.support import field_low_support
from nlp.aggregate.talk import substantive
from nlp.content import strip_markers

SECTION_KEYS = (
    "identity",
    "company",
    "jobs",
    "background",
    "picture",
    "committee",
    "motivations",
    "objections",
    "price",
    "knowledge",
    "digital",
)
TITLES = {
    "identity": "Name and job title",
    "company": "Company: revenue, sector, employees",
    "jobs": "Jobs to be done and problems the product solves",
    "background": "Background: age, studies, family, hobbies",
    "picture": "Picture",
    "committee": "Other profiles in the buying committee",
    "motivations": "Main motivating factors",
    "objections": "Objections and problems",
    "price": "Importance of price in the decision",
    "knowledge": "Knowledge of the product or service",
    "digital": "How digital the person is",
}
EMPTY = {
    "identity": "No job title on record and no participant said what they do.",
    "company": "No company details on record and no participant mentioned how big their company is.",
    "jobs": "No participant made a push or pull statement or named a pain point.",
    "background": "No background on record and no participant mentioned age, studies, family or hobbies.",
    "committee": "No committee role on record and no participant mentioned others in the decision.",
    "motivations": "No participant stated a pull or a positive outcome.",
    "objections": "No participant raised an anxiety, a habit or a pain point.",
    "price": "No participant talked about price.",
    "knowledge": "No participant said how well they know the product or the category.",
    "digital": "No participant mentioned blogs, social networks, podcasts or other online channels.",
}
MAX_QUOTES = 5
MAX_THEMES = 5
FORCE_THRESHOLD = 0.5
POSITIVE_VALENCE = 0.3
PRICE_HIGH, PRICE_MEDIUM = 0.5, 0.25
DISTINCT_MARGIN = 0.25
PRICE_RULE = "high when at least half of the participants talk about price, medium from a quarter, else low"
COMMITTEE_NAMES = {
    "buyer": "buyer",
    "influencer": "influencer",
    "user": "user",
    "purchasing_manager": "purchasing manager",
    "other": "other",
}
BACKGROUND_KEYS = {
    "age": ("age",),
    "studies": ("education", "studies", "study", "degree", "qualification"),
    "family": ("family", "children", "kids", "household", "marital"),
    "hobbies": ("hobbies", "hobby", "interests", "interest"),
}
FORCE_DESCRIPTORS = {
    "push": "Frustrated",
    "pull": "Outcome-driven",
    "anxiety": "Cautious",
    "habit": "Habit-bound",
}
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
# Fields about the speaker: words inside quoted speech are someone else's and never fill them.
OWN_FACTS = frozenset(
    {"age", "life_stage", "family", "studies", "hobbies", "hobby_context", "job", "company_size", "committee"}
)


@dataclass
class CanvasField:
    """One section of a persona canvas and the evidence behind it.

    Attributes:
        key: Section key (see `SECTION_KEYS`).
        title: Section title as shown to the researcher.
        value: The summary, or None when there is no evidence (`empty` then says so).
        participants: Distinct participants behind the value.
        utterances: Distinct utterances behind the value.
        utterance_ids: Their ids, ascending.
        quotes: Up to five verbatim quotes, strongest first, distinct participants first.
        details: (label, participants) pairs behind the value, most participants first.
        empty: Why there is no value, when `value` is None.
        generated: The value is generated (the picture's initials), not aggregated from evidence.
        low_support: The value rests on a single participant (`nlp.aggregate.support`): pages grey it.
    """

    key: str
    title: str
    value: str | None
    participants: int
    utterances: int
    utterance_ids: list[int]
    quotes: list[Quote]
    details: list[tuple[str, int]] = field(default_factory=list)
    empty: str | None = None
    generated: bool = False
    low_support: bool = False


@dataclass
class PersonaCanvas:
    """One persona: its name, members and the 11 canvas fields in `SECTION_KEYS` order."""

    index: int
    name: str
    initials: str
    size: int
    member_keys: list[str]
    fields: list[CanvasField]

    def section(self, key: str) -> CanvasField:
        """The field with this section key."""
        return next(item for item in self.fields if item.key == key)


class _Tally:
    """Who and what backs each label of one field."""

    def __init__(self) -> None:
        self.people: dict[str, set[str]] = defaultdict(set)
        self.items: dict[int, tuple[Evidence, float]] = {}

    def profile(self, label: str, key: str) -> None:
        self.people[label].add(key)

    def said(self, label: str, item: Evidence, strength: float = 1.0) -> None:
        self.people[label].add(item.participant or f"utterance {item.utterance_id}")
        previous = self.items.get(item.utterance_id)
        self.items[item.utterance_id] = (item, max(strength, previous[1] if previous else strength))

    def counts(self, labels: Iterable[str] | None = None) -> list[tuple[str, int]]:
        chosen = self.people if labels is None else {k: self.people[k] for k in labels if k in self.people}
        return sorted(
            ((label, len(keys)) for label, keys in chosen.items()), key=lambda pair: (-pair[1], pair[0])
        )

    def field(self, key: str, value: str | None, details: list[tuple[str, int]] | None = None) -> CanvasField:
        people = set().union(*self.people.values()) if self.people else set()
        ids = sorted(self.items)
        if value is None:
            return _empty_field(key)
        return CanvasField(
            key=key,
            title=TITLES[key],
            value=value,
            participants=len(people),
            utterances=len(ids),
            utterance_ids=ids,
            quotes=pick_quotes(self.items.values()),
            details=self.counts() if details is None else details,
            low_support=field_low_support(len(people), has_value=True),
        )


def build_canvas(
    index: int,
    members: Sequence[ParticipantProfile],
    evidence: Sequence[Evidence],
    *,
    corpus: Sequence[Evidence] | None = None,
    taken_names: Iterable[str] = (),
) -> PersonaCanvas:
    """Aggregate one persona's canvas.

    Args:
        index: Persona index (0 is the largest).
        members: The persona's participants.
        evidence: Only the members' utterances (those without content are left out here too).
        corpus: Every participant's utterances, to find a word this persona uses more than the others
            for its name; without it the name uses the persona's most frequent force.
        taken_names: Names of other personas; the name avoids them.
    """
    evidence = [evidence[i] for i in substantive(evidence)]
    corpus = [corpus[i] for i in substantive(corpus)] if corpus is not None else None
    found = get_cue_finder().find([e.text for e in evidence])
    cues = {
        item.utterance_id: [cue for cue in hits if not (cue.quoted and cue.field in OWN_FACTS)]
        for item, hits in zip(evidence, found, strict=True)
    }
    jobs, motivations = _jobs_and_motivations(evidence, cues)
    motivations, objections = split_opposites(motivations, _objection_kinds(evidence), cues)
    builders: dict[str, Callable[[], CanvasField]] = {
        "identity": lambda: _identity(members, evidence, cues),
        "company": lambda: _company(members, evidence, cues),
        "jobs": lambda: _themed("jobs", jobs, evidence),
        "background": lambda: _background(members, evidence, cues),
        "committee": lambda: _committee(members, evidence, cues),
        "motivations": lambda: _themed("motivations", motivations, evidence),
        "objections": lambda: _themed("objections", objections, evidence),
        "price": lambda: _price(evidence, cues),
        "knowledge": lambda: _knowledge(evidence, cues),
        "digital": lambda: _digital(evidence, cues),
    }
    fields = {key: build() for key, build in builders.items()}
    name = persona_name(members, evidence, cues, corpus=corpus, taken=set(taken_names))
    initials = initials_of(name)
    fields["picture"] = CanvasField(
        "picture", TITLES["picture"], initials, len(members), 0, [], [], [("generated initials avatar", 0)],
        generated=True,
    )  # fmt: skip
    return PersonaCanvas(
        index=index,
        name=name,
        initials=initials,
        size=len(members),
        member_keys=[member.key for member in members],
        fields=[fields[key] for key in SECTION_KEYS],
    )


def build_personas(
    grouping: PersonaGrouping, profiles: Sequence[ParticipantProfile], evidence: Sequence[Evidence]
) -> list[PersonaCanvas]:
    """One canvas per persona of a grouping, in persona order, with distinct names."""
    canvases: list[PersonaCanvas] = []
    for index in range(grouping.k):
        members = [p for p in profiles if grouping.labels.get(p.key) == index]
        keys = {member.key for member in members}
        own = [item for item in evidence if item.participant in keys]
        taken = [canvas.name for canvas in canvases]
        canvases.append(build_canvas(index, members, own, corpus=evidence, taken_names=taken))
    return canvases


def canvas_to_dict(canvas: PersonaCanvas) -> dict[str, Any]:
    """The canvas as plain JSON-serialisable data (quotes and details as objects and pairs)."""
    data = asdict(canvas)
    for item in data["fields"]:
        item["details"] = [[label, count] for label, count in item["details"]]
    return data


def pick_quotes(scored: Iterable[tuple[Evidence, float]], limit: int = MAX_QUOTES) -> list[Quote]:
    """Up to `limit` verbatim quotes: strongest first, those that stand alone before those that do not,
    each participant's best before anyone's second, no two with the same words."""
    ranked = sorted(scored, key=lambda pair: (-pair[1], pair[0].utterance_id))
    return choose_quotes([item for item, _ in ranked], _speaker, limit)


def _speaker(item: Evidence) -> str:
    return item.participant if item.participant is not None else f"#{item.utterance_id}"


def _empty_field(key: str) -> CanvasField:
    return CanvasField(key, TITLES[key], None, 0, 0, [], [], [], EMPTY[key])


def _listing(pairs: Sequence[tuple[str, int]]) -> str:
    return ", ".join(f"{label} ({count})" for label, count in pairs)


def _of(cues: Mapping[int, list[Cue]], item: Evidence, *fields: str) -> list[Cue]:
    return [cue for cue in cues.get(item.utterance_id, []) if cue.field in fields]


def _identity(
    members: Sequence[ParticipantProfile], evidence: Sequence[Evidence], cues: Mapping[int, list[Cue]]
) -> CanvasField:
    tally, said = _Tally(), _Tally()
    for member in members:
        if member.job_title:
            tally.profile(member.job_title.strip(), member.key)
    for item in evidence:
        for cue in _of(cues, item, "job", "life_stage"):
            label = f"said: {cue.label}"
            tally.said(label, item, 1.0)
            said.said(cue.label, item)
    on_record = [(label, n) for label, n in tally.counts() if not label.startswith("said: ")]
    parts = [f"Job titles: {_listing(on_record)}"] if on_record else []
    if said.people:
        parts.append(f"in their own words: {_listing(said.counts()[:MAX_THEMES])}")
    return tally.field("identity", "; ".join(parts) or None)


def _company(
    members: Sequence[ParticipantProfile], evidence: Sequence[Evidence], cues: Mapping[int, list[Cue]]
) -> CanvasField:
    tally = _Tally()
    parts = []
    for attribute, title in (
        ("revenue_band", "revenue"),
        ("sector", "sector"),
        ("company_size", "employees"),
    ):
        labels = [
            (f"{title}: {getattr(m, attribute).strip()}", m.key) for m in members if getattr(m, attribute)
        ]
        for label, key in labels:
            tally.profile(label, key)
        if labels:
            counts = tally.counts({label for label, _ in labels})
            parts.append(f"{title}: " + _listing([(label.split(": ", 1)[1], n) for label, n in counts]))
    spoken = _Tally()
    for item in evidence:
        for cue in _of(cues, item, "company_size"):
            tally.said(f"said: {cue.label}", item)
            spoken.said(cue.label, item)
    if spoken.people:
        parts.append(f"in their own words: {_listing(spoken.counts())}")
    return tally.field("company", "; ".join(parts) or None)


Kinds = dict[str, list[tuple[Evidence, float]]]


def _jobs_and_motivations(evidence: Sequence[Evidence], cues: Mapping[int, list[Cue]]) -> tuple[Kinds, Kinds]:
    """The statements behind "Jobs to be done" (push, pull, pain point) and "Main motivating factors"
    (pull, positive outcome), each statement in one of them only.

    A statement that could back both goes where it fits better: to the jobs when its push or pain is at
    least as strong as its pull or positive outcome, else to the motivations. A field left with nothing
    keeps all of its statements, so a persona that only states pulls still has its jobs.
    """
    jobs: Kinds = {"push": _forced(evidence, "push"), "pull": _forced(evidence, "pull")}
    jobs["pain point"] = [(e, e.pain_score) for e in evidence if e.pain]
    outcomes = [
        (e, e.valence or 0.0)
        for e in evidence
        if (e.valence or 0.0) >= POSITIVE_VALENCE and _of(cues, e, "outcome")
    ]
    motivations: Kinds = {"pull": _forced(evidence, "pull"), "positive outcome": outcomes}
    fit_job = _fits(jobs, ("push", "pain point"))
    fit_motive = _fits(motivations, ("pull", "positive outcome"))
    to_motivations = {i for i in fit_job.keys() & fit_motive.keys() if fit_motive[i] > fit_job[i]}
    to_jobs = (fit_job.keys() & fit_motive.keys()) - to_motivations
    return _keep(jobs, to_motivations), _keep(motivations, to_jobs)


def _fits(kinds: Kinds, strong: Sequence[str]) -> dict[int, float]:
    """How well each statement fits a field: its strongest score in the field's own kinds (0 when it is
    there only through a kind both fields share)."""
    fit: dict[int, float] = {}
    for kind, items in kinds.items():
        for item, strength in items:
            score = strength if kind in strong else 0.0
            fit[item.utterance_id] = max(fit.get(item.utterance_id, 0.0), score)
    return fit


def _keep(kinds: Kinds, elsewhere: set[int]) -> Kinds:
    kept = {
        kind: [(e, s) for e, s in pairs if e.utterance_id not in elsewhere] for kind, pairs in kinds.items()
    }
    return kept if any(kept.values()) else dict(kinds)


def _objection_kinds(evidence: Sequence[Evidence]) -> Kinds:
    kinds = {"anxiety": _forced(evidence, "anxiety"), "habit": _forced(evidence, "habit")}
    kinds["pain point"] = [(e, e.pain_score) for e in evidence if e.pain]
    return kinds


def _forced(evidence: Sequence[Evidence], force: str) -> list[tuple[Evidence, float]]:
    return [(e, e.forces[force]) for e in evidence if e.forces.get(force, 0.0) >= FORCE_THRESHOLD]


def _themed(
    key: str, kinds: Mapping[str, list[tuple[Evidence, float]]], background: Sequence[Evidence]
) -> CanvasField:
    """A field of statements: recurring phrases as details, quotes from the strongest statements."""
    tally = _Tally()
    for items in kinds.values():
        for item, strength in items:
            tally.said("statement", item, strength)
    if not tally.items:
        return _empty_field(key)
    statements = [item for item, _ in tally.items.values()]
    themes = recurring_phrases(statements, background)
    sizes = ", ".join(
        f"{len({e.utterance_id for e, _ in items})} {kind}" for kind, items in kinds.items() if items
    )
    value = (
        f"Recurring themes: {_listing(themes)} (from {sizes} statements)" if themes else f"{sizes} statements"
    )
    return tally.field(key, value, details=themes)


def recurring_phrases(
    statements: Sequence[Evidence], background: Sequence[Evidence] = (), limit: int = MAX_THEMES
) -> list[tuple[str, int]]:
    """Content words and word pairs that recur in `statements`, with the participants who said them,
    most participants first.

    Singular and plural count as one phrase ("problem", "problems"), shown as it was said most often;
    adverbs ("necessarily") and spoken stop words ("using") are no theme. A phrase must come from two
    participants (or twice from the only one). The `limit` kept rank by participants times their inverse
    document frequency in `background` (all the persona's utterances), so words that fill every answer
    ("new", "weeks") sink; a pair counts half as much again as a single word, and replaces its words when
    as many people said it.
    """
    people: dict[str, set[str]] = defaultdict(set)
    said: Counter[str] = Counter()
    surface: dict[str, Counter[str]] = defaultdict(Counter)
    for item in statements:
        for phrase, form in _phrases_of(item.text).items():
            people[phrase].add(item.participant or str(item.utterance_id))
            said[phrase] += 1
            surface[phrase][form] += 1
    speakers = len({item.participant for item in statements})
    enough = [p for p in people if (len(people[p]) >= 2 if speakers > 1 else said[p] >= 2)]
    pairs = [p for p in enough if " " in p]
    covered = {w for p in pairs for w in p.split() if len(people[p]) >= len(people[w])}
    documents = list(background) or list(statements)
    frequency = Counter(phrase for item in documents for phrase in _phrases_of(item.text))

    def weight(phrase: str) -> float:
        rarity = math.log((len(documents) + 1) / (frequency[phrase] + 1)) + 1
        return len(people[phrase]) * rarity * (1.5 if " " in phrase else 1.0)

    ranked = sorted((p for p in enough if p not in covered), key=lambda p: (-weight(p), p))[:limit]
    ranked.sort(key=lambda p: -len(people[p]))  # stable: equal counts keep their weight order
    return [(_said_most(surface[phrase]), len(people[phrase])) for phrase in ranked]


def _said_most(forms: Counter[str]) -> str:
    return min(forms, key=lambda form: (-forms[form], form))


def _phrases_of(text: str) -> dict[str, str]:
    """Content words and adjacent pairs, keyed by their singular ("data problem") with the words as said."""
    words = _WORD.findall(text.lower().replace("\u2019", "'"))
    kept = [_content(w) and not _adverb(w) for w in words]
    phrases = {_singular(w): w for w, keep in zip(words, kept, strict=True) if keep}
    for (a, keep_a), (b, keep_b) in pairwise(zip(words, kept, strict=True)):
        if keep_a and keep_b:
            phrases[f"{_singular(a)} {_singular(b)}"] = f"{a} {b}"
    return phrases


def _content(word: str) -> bool:
    return len(word) > 2 and word not in _stop_words()


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    from nlp.aggregate.theme_labels import CONTRACTIONS  # "we'd" is no recurring theme

    spoken = frozenset(get_cue_finder().cues["spoken_stopwords"])
    return frozenset(ENGLISH_STOP_WORDS) | spoken | CONTRACTIONS


def _background(
    members: Sequence[ParticipantProfile], evidence: Sequence[Evidence], cues: Mapping[int, list[Cue]]
) -> CanvasField:
    tally = _Tally()
    for member in members:
        for name, value in member.attributes.items():
            group = next((g for g, keys in BACKGROUND_KEYS.items() if name.strip().lower() in keys), None)
            if group and value:
                tally.profile(f"{group}: {value.strip()}", member.key)
    for item in evidence:
        found = cues.get(item.utterance_id, [])
        leisure = any(cue.field == "hobby_context" for cue in found)
        for cue in found:
            label = _background_label(cue, item.text, leisure)
            if label:
                tally.said(label, item, 1.0)
    return tally.field("background", _listing(tally.counts()) if tally.people else None)


def _background_label(cue: Cue, text: str, leisure: bool) -> str | None:
    if cue.field == "age":
        return f"age: {cue.label}"
    if cue.field in ("life_stage", "family"):
        return f"{'life stage' if cue.field == 'life_stage' else 'family'}: {cue.label}"
    if cue.field == "studies":
        return f"studies: {cue.label}"
    if cue.field == "hobbies" and leisure:
        return f"hobbies: {text[cue.start : cue.end].lower()}"
    return None


def _committee(
    members: Sequence[ParticipantProfile], evidence: Sequence[Evidence], cues: Mapping[int, list[Cue]]
) -> CanvasField:
    tally, spoken = _Tally(), _Tally()
    for member in members:
        if member.committee_role:
            tally.profile(COMMITTEE_NAMES.get(member.committee_role, member.committee_role), member.key)
    for item in evidence:
        for cue in _of(cues, item, "committee"):
            if cue.negated:  # "we never asked procurement", "not tying myself to ..."
                continue
            role = COMMITTEE_NAMES[cue.label]
            tally.said(f"mentions {role}", item, 1.0)
            spoken.said(role, item)
    on_record = [(label, n) for label, n in tally.counts() if not label.startswith("mentions ")]
    parts = [f"Roles on record: {_listing(on_record)}"] if on_record else []
    if spoken.people:
        parts.append(f"others in the decision they mention: {_listing(spoken.counts())}")
    return tally.field("committee", "; ".join(parts) or None)


def _price(evidence: Sequence[Evidence], cues: Mapping[int, list[Cue]]) -> CanvasField:
    tally = _Tally()
    for item in evidence:
        found = _of(cues, item, "price")
        for cue in found:
            tally.said(item.text[cue.start : cue.end].lower(), item, float(len(found)))
    if not tally.items:
        return _empty_field("price")
    speakers = len({item.participant for item in evidence}) or 1
    talkers = len(set().union(*tally.people.values()))
    share = talkers / speakers
    level = "High" if share >= PRICE_HIGH else "Medium" if share >= PRICE_MEDIUM else "Low"
    said, total = len(tally.items), len(evidence)
    value = (
        f"{level}: {talkers} of {speakers} participants ({share:.0%}) and {said} of {total} utterances "
        f"({said / max(total, 1):.1%}) talk about price ({PRICE_RULE})."
    )
    return tally.field("price", value)


def _knowledge(evidence: Sequence[Evidence], cues: Mapping[int, list[Cue]]) -> CanvasField:
    tally = _Tally()
    for item in evidence:
        for cue in _of(cues, item, "knowledge"):
            tally.said(cue.label, item, 1.0)
    if not tally.items:
        return _empty_field("knowledge")
    counts = dict(tally.counts())
    experienced, novice = counts.get("experienced", 0), counts.get("novice", 0)
    level = (
        "Mixed"
        if experienced == novice
        else "Mostly experienced"
        if experienced > novice
        else "Mostly new to it"
    )
    value = (
        f"{level}: {experienced} participant(s) say they know the product or category well, "
        f"{novice} say they are new to it or unsure."
    )
    return tally.field("knowledge", value)


def _digital(evidence: Sequence[Evidence], cues: Mapping[int, list[Cue]]) -> CanvasField:
    tally = _Tally()
    for item in evidence:
        for cue in _of(cues, item, "digital", "offline"):
            if cue.field == "offline" or cue.negated:
                tally.said(
                    "prefers offline" if cue.field == "offline" else f"does not use {cue.label}", item, 1.0
                )
            else:
                tally.said(cue.label, item, 2.0)
    if not tally.items:
        return _empty_field("digital")
    counts = tally.counts()
    online = [
        (label, n) for label, n in counts if label != "prefers offline" and not label.startswith("does not")
    ]
    offline = [(label, n) for label, n in counts if (label, n) not in online]
    parts = [f"Channels: {_listing(online)}"] if online else []
    if offline:
        parts.append(f"offline: {_listing(offline)}")
    return tally.field("digital", "; ".join(parts))


def persona_name(
    members: Sequence[ParticipantProfile],
    evidence: Sequence[Evidence],
    cues: Mapping[int, list[Cue]],
    *,
    corpus: Sequence[Evidence] | None = None,
    taken: set[str] | None = None,
) -> str:
    """ "<Word>-focused <title>": the members' common job title (or what they said they do) and a word
    at least half of them use, more than the other participants do; else the force the persona states
    more often than the corpus ("Cautious", "Outcome-driven"). Never a made-up first name."""
    title = _main_title(members, evidence, cues)
    taken = taken or set()
    skip = set(title.lower().split())
    words = [w for w in distinctive_words(evidence, corpus or []) if w not in skip]
    candidates = [f"{word.capitalize()}-focused" for word in words] + [_force_descriptor(evidence, corpus)]
    for descriptor in candidates:
        if f"{descriptor} {title}" not in taken:
            return f"{descriptor} {title}"
    number = 2
    while f"{candidates[-1]} {title} {number}" in taken:
        number += 1
    return f"{candidates[-1]} {title} {number}"


def _main_title(
    members: Sequence[ParticipantProfile], evidence: Sequence[Evidence], cues: Mapping[int, list[Cue]]
) -> str:
    """The members' job title: the most common one when it leads and covers a third of them; else a role
    noun and qualifier shared by several titles ("Sales Director" from "VP of Sales", "Sales Director",
    "Director of Sales"); else the two leading titles when they cover most members; else "Respondent"."""
    titles = Counter(m.job_title.strip() for m in members if m.job_title and m.job_title.strip())
    if not titles:
        spoken: dict[str, set[str | None]] = defaultdict(set)
        for item in evidence:
            for cue in _of(cues, item, "job", "life_stage"):
                spoken[_spoken_title(cue.label)].add(item.participant)
        titles = Counter({label: len(people) for label, people in spoken.items()})
    if not titles:
        return "Respondent"
    ranked = sorted(titles, key=lambda t: (-titles[t], t))
    total = sum(titles.values())
    top = ranked[0]
    clear = len(ranked) == 1 or (titles[top] > titles[ranked[1]] and titles[top] * 3 >= total)
    if not clear:
        pair = titles[top] + titles[ranked[1]]
        top = _shared_title(titles) or (f"{top} / {ranked[1]}" if pair * 2 > total else "Respondent")
    return " ".join(word[:1].upper() + word[1:] for word in top.split())


def _spoken_title(label: str) -> str:
    if label.startswith("works in "):
        return f"{label[len('works in ') :]} staff"
    return {"retired": "retiree"}.get(label, label)


def _shared_title(titles: Counter[str]) -> str | None:
    """A role noun found in two or more different titles, with the qualifier that goes with it in two
    or more of them ("Sales Director" from "Sales Director", "Director of Sales", "Head of Sales")."""
    words = {
        title: set(re.findall(r"[a-z]+", title.lower())) - {"of", "and", "the", "at", "for", "co"}
        for title in titles
    }
    roles = get_cue_finder().role_nouns

    def spread(word: str, within: Iterable[str]) -> tuple[int, int]:
        holders = [t for t in within if word in words[t]]
        return len(holders), sum(titles[t] for t in holders)

    candidates = {w for found in words.values() for w in found}
    shared = [w for w in candidates if w in roles and spread(w, titles)[0] >= 2]
    if not shared:
        return None
    role = min(shared, key=lambda w: (-spread(w, titles)[1], w))
    with_role = [t for t in titles if role in words[t]]
    others = [w for w in candidates - {role} if spread(w, with_role)[0] >= 2]
    other = min(others, key=lambda w: (-spread(w, with_role)[1], w), default=None)
    return f"{other} {role}" if other else role


def distinctive_words(evidence: Sequence[Evidence], corpus: Sequence[Evidence], limit: int = 3) -> list[str]:
    """Content words at least half of this persona's participants use, ranked by how much larger that
    share is than among everyone else (at least `DISTINCT_MARGIN` larger)."""
    own = {e.participant for e in evidence}
    others = {e.participant for e in corpus} - own
    if not others or not own:
        return []
    inside, outside = _word_people(evidence), _word_people(e for e in corpus if e.participant in others)
    scores = {
        word: len(keys) / len(own) - len(outside.get(word, ())) / len(others)
        for word, keys in inside.items()
        if len(keys) / len(own) >= 0.5 and (len(keys) >= 2 or len(own) == 1)
    }
    ranked = sorted((w for w, s in scores.items() if s >= DISTINCT_MARGIN), key=lambda w: (-scores[w], w))
    return [_singular(word) for word in ranked[:limit]]


def _word_people(evidence: Iterable[Evidence]) -> dict[str, set[str | None]]:
    people: dict[str, set[str | None]] = defaultdict(set)
    for item in evidence:
        for word in _WORD.findall(strip_markers(item.text).lower()):
            if len(word) > 3 and _content(word) and "'" not in word and not _adverb(word):
                people[word].add(item.participant)
    return people


# Plurals in -ies whose singular ends in -ie, not -y ("movies", not "movy").
_IE_PLURALS = frozenset(
    {"movies", "cookies", "series", "species", "rookies", "selfies", "zombies", "calories"}
)
# Nouns in -ly; every other -ly word is taken for an adverb ("quickly"), which names no persona.
_LY_NOUNS = frozenset(
    {"family", "supply", "assembly", "anomaly", "monopoly", "july", "italy", "reply", "ally"}
)


def _adverb(word: str) -> bool:
    return word.endswith("ly") and word not in _LY_NOUNS


def _singular(word: str) -> str:
    """Plural to singular for the common English endings ("companies", "approaches", "tools")."""
    if len(word) > 4 and word.endswith("ies") and word not in _IE_PLURALS:
        return word[:-3] + "y"
    if len(word) > 5 and word.endswith(("ches", "shes", "sses", "xes", "zes")):
        return word[:-2]
    if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _force_descriptor(evidence: Sequence[Evidence], corpus: Sequence[Evidence] | None) -> str:
    """The force this persona states most often relative to the corpus (or outright, without one)."""

    def shares(items: Sequence[Evidence]) -> dict[str, float]:
        counts = Counter(f for e in items for f, s in e.forces.items() if s >= FORCE_THRESHOLD)
        return {force: counts[force] / max(len(items), 1) for force in FORCE_DESCRIPTORS}

    own = shares(evidence)
    base = shares(corpus) if corpus else dict.fromkeys(FORCE_DESCRIPTORS, 1.0)
    ratios = {force: own[force] / base[force] for force in FORCE_DESCRIPTORS if own[force] and base[force]}
    if not ratios:
        return "Engaged"
    return FORCE_DESCRIPTORS[min(ratios, key=lambda force: (-ratios[force], force))]


def initials_of(name: str) -> str:
    """Initials of the first and last words of a name ("Cost-focused Sales Director" -> "CD")."""
    words = [w for w in re.split(r"[\s]+", name) if w and w[0].isalnum()]
    if not words:
        return "?"
    letters = words[0][0] + (words[-1][0] if len(words) > 1 else "")
    return letters.upper()
