"""The 11-section B2B buyer-persona canvas, aggregated from the members' profiles and utterances.

Every field is a count over evidence: the participants and utterances behind it, their ids, and up to
five verbatim quotes (strongest first, one per participant before a second from anyone). A field with no
evidence has `value` None and an `empty` sentence that says so. Nothing is invented: the persona name
(`nlp.aggregate.persona_names`) says only what most members share, and its subtitle what they do share.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from nlp.aggregate.canvas_polarity import PAIN, split_opposites
from nlp.aggregate.canvas_rules import Cue, get_cue_finder
from nlp.aggregate.canvas_words import MAX_THEMES, name_word, recurring_phrases
from nlp.aggregate.evidence import Evidence, Quote
from nlp.aggregate.persona_names import FORCE_THRESHOLD, initials_of, persona_name
from nlp.aggregate.personas import ParticipantProfile, PersonaGrouping
from nlp.aggregate.quotes import pick_quotes as choose_quotes
from nlp.aggregate.support import field_low_support
from nlp.aggregate.talk import substantive

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
POSITIVE_VALENCE = 0.3
PRICE_HIGH, PRICE_MEDIUM = 0.5, 0.25
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
    """One persona: its name, what its members share (`subtitle`), members and the 11 canvas fields in
    `SECTION_KEYS` order."""

    index: int
    name: str
    initials: str
    size: int
    member_keys: list[str]
    fields: list[CanvasField]
    subtitle: str = ""

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
            for its name (`nlp.aggregate.persona_names`); without it the name takes no word.
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
        "jobs": lambda: _themed("jobs", jobs, evidence, shared=(PAIN,)),
        "background": lambda: _background(members, evidence, cues),
        "committee": lambda: _committee(members, evidence, cues),
        "motivations": lambda: _themed("motivations", motivations, evidence),
        "objections": lambda: _themed("objections", objections, evidence, shared=(PAIN,)),
        "price": lambda: _price(evidence, cues),
        "knowledge": lambda: _knowledge(evidence, cues),
        "digital": lambda: _digital(evidence, cues),
    }
    fields = {key: build() for key, build in builders.items()}
    shown = [quote.text for item in fields.values() for quote in item.quotes]
    name, subtitle = persona_name(
        index, members, evidence, cues, corpus=corpus, taken=set(taken_names), shown=shown
    )
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
        subtitle=subtitle,
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


def _people(count: int, one: str, many: str) -> str:
    """'1 participant says', '2 participants say', '0 participants say'."""
    return f"{count} participant {one}" if count == 1 else f"{count} participants {many}"


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
    key: str,
    kinds: Mapping[str, list[tuple[Evidence, float]]],
    background: Sequence[Evidence],
    *,
    shared: Sequence[str] = (),
) -> CanvasField:
    """A field of statements: recurring phrases as details, quotes from the strongest statements.

    Themes are words that could name a topic (`name_word`: no number, date, feeling or generic noun) and
    come only from the statements of the field's own kinds, not of the `shared` ones: "Jobs to be done"
    and "Objections" both take the pain points, and themes of those would show the same value twice, so
    jobs take theirs from push and pull statements, objections from anxieties and habits. A field with
    no statement of its own kinds has no themes."""
    tally = _Tally()
    for items in kinds.values():
        for item, strength in items:
            tally.said("statement", item, strength)
    if not tally.items:
        return _empty_field(key)
    own = {e.utterance_id: e for kind, items in kinds.items() if kind not in shared for e, _ in items}
    themes = recurring_phrases(list(own.values()), background, keep=name_word) if own else []
    sizes = ", ".join(
        f"{len({e.utterance_id for e, _ in items})} {kind}" for kind, items in kinds.items() if items
    )
    value = f"{sizes} statements"
    if themes:
        theirs = [kind for kind, items in kinds.items() if items and kind not in shared]
        value = f"Recurring themes of the {' and '.join(theirs)} statements: {_listing(themes)}"
        value += f" (from {sizes} statements)"
    return tally.field(key, value, details=themes)


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
        f"{level}: {_people(experienced, 'says', 'say')} they know the product or category well, "
        f"{_people(novice, 'says', 'say')} they are new to it or unsure."
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
