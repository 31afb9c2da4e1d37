"""Persona names a researcher would accept, and a subtitle of what the members share.

A name says only what most members share: a job title when most of them hold it, a word when several
members say it and it sets them apart; otherwise it is the plain "Persona 3" and the subtitle says what
they do share (the leading title and how many hold it, the phrases several of them say). Never a made-up first
name, never a word said by one member, a weekday, a number or a transcription marker; a word another noun
modifies in most of its uses ("pipeline board") only as the compound, and only a word that a quote on
the persona's page says, so that a reader can see where the name comes from.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from nlp.aggregate.canvas_rules import Cue, get_cue_finder
from nlp.aggregate.canvas_words import WORD, name_word, recurring_phrases, singular, word_people
from nlp.aggregate.evidence import Evidence
from nlp.aggregate.personas import ParticipantProfile
from nlp.content import strip_markers

FORCE_THRESHOLD = 0.5
DISTINCT_MARGIN = 0.25
# A title names the persona when at least half of the members with a title hold it and they are at
# least 40% of all members ("Ops Lead" for 2 ops leads among 11 members, 9 without a title, is no name).
TITLE_OF_TITLED, TITLE_OF_ALL = 0.5, 0.4
# A word names the persona when at least this many members say it (and at least half of them).
WORD_PEOPLE = 2
SUBTITLE_PHRASES = 3
FORCE_DESCRIPTORS = {
    "push": "Frustrated",
    "pull": "Outcome-driven",
    "anxiety": "Cautious",
    "habit": "Habit-bound",
}


@dataclass(frozen=True)
class TitleShare:
    """The members' leading job title and how many hold it."""

    label: str
    holders: int
    titled: int
    members: int

    @property
    def shared(self) -> bool:
        """Most members hold it: at least half of those with a title, and 40% of all."""
        return self.holders >= TITLE_OF_TITLED * self.titled and self.holders >= TITLE_OF_ALL * self.members


def persona_name(
    index: int,
    members: Sequence[ParticipantProfile],
    evidence: Sequence[Evidence],
    cues: Mapping[int, list[Cue]],
    *,
    corpus: Sequence[Evidence] | None = None,
    taken: set[str] | None = None,
    shown: Sequence[str] | None = None,
) -> tuple[str, str]:
    """The persona's name and subtitle.

    Args:
        index: Persona index (0 is the largest): the plain name is "Persona {index + 1}".
        members: The persona's participants.
        evidence: The members' substantive utterances.
        cues: Canvas cues per utterance id (job titles the members said of themselves).
        corpus: Every participant's utterances, to find words this persona says more than the others.
        taken: Names of other personas of the run; the name avoids them.
        shown: The quotes the persona's page shows: a word names the persona only when one of them says
            it, so that a reader can see where the name comes from (None: no such check).

    Returns:
        "<Word>-focused <Title>" when a word recurs and sets the members apart (with "Respondent" when
        no title is shared), "<Force> <Title>" or "<Title>" when only the title is shared, else
        "Persona N"; and the subtitle of what the members share.
    """
    taken = taken or set()
    share = leading_title(members, evidence, cues)
    title = share.label if share and share.shared else None
    skip = set(title.lower().split()) if title else set()
    words = [
        w
        for w in distinctive_words(evidence, corpus or [])
        if not skip & set(w.split()) and (shown is None or _said_in(w, shown))
    ]
    candidates = [f"{word.capitalize()}-focused {title or 'Respondent'}" for word in words]
    if title:
        force = _shared_force(evidence, corpus, len(members))
        candidates += [f"{force} {title}"] if force else []
        candidates.append(title)
    plain = f"Persona {index + 1}"
    name = next((c for c in candidates if c not in taken), plain)
    return name, persona_subtitle(share, evidence)


def _said_in(name: str, quotes: Sequence[str]) -> bool:
    """Whether one of the quotes says the name's words, in order, in the singular or plural."""
    return any(
        f" {name} " in " {} ".format(" ".join(singular(w) for w in WORD.findall(strip_markers(q).lower())))
        for q in quotes
    )


def persona_subtitle(share: TitleShare | None, evidence: Sequence[Evidence]) -> str:
    """What the members share: how many hold the leading title, and phrases several of them say."""
    parts = [f"{share.label} ({share.holders} of {share.members})"] if share else []
    phrases = [
        (phrase, people)
        for phrase, people in recurring_phrases(evidence, limit=SUBTITLE_PHRASES * 2)
        if all(name_word(word) for word in phrase.split())
    ][:SUBTITLE_PHRASES]
    if phrases and len({e.participant for e in evidence}) > 1:
        parts.append("several mention " + ", ".join(f"{p} ({n})" for p, n in phrases))
    return "; ".join(parts) or "No job title or topic shared by several members"


def leading_title(
    members: Sequence[ParticipantProfile], evidence: Sequence[Evidence], cues: Mapping[int, list[Cue]]
) -> TitleShare | None:
    """The members' leading job title (from their profiles, else what they said they do): the most
    common one when it leads; else a role noun and qualifier shared by several titles ("Sales Director"
    from "VP of Sales", "Sales Director", "Director of Sales"), whichever more members hold."""
    titles = Counter(m.job_title.strip() for m in members if m.job_title and m.job_title.strip())
    if not titles:
        spoken: dict[str, set[str | None]] = defaultdict(set)
        for item in evidence:
            for cue in cues.get(item.utterance_id, []):
                if cue.field in ("job", "life_stage"):
                    spoken[_spoken_title(cue.label)].add(item.participant)
        titles = Counter({label: len(people) for label, people in spoken.items()})
    if not titles:
        return None
    ranked = sorted(titles, key=lambda t: (-titles[t], t))
    top, holders = ranked[0], titles[ranked[0]]
    if len(ranked) > 1 and titles[ranked[1]] == holders:
        holders = 0  # a tie is no leading title
    shared = _shared_title(titles)
    if shared and shared[1] > holders:
        top, holders = shared
    if not holders:
        return None
    label = " ".join(word[:1].upper() + word[1:] for word in top.split())
    return TitleShare(label, holders, sum(titles.values()), max(len(members), sum(titles.values())))


def _spoken_title(label: str) -> str:
    if label.startswith("works in "):
        return f"{label[len('works in ') :]} staff"
    return {"retired": "retiree"}.get(label, label)


def _shared_title(titles: Counter[str]) -> tuple[str, int] | None:
    """A role noun found in two or more different titles, with the qualifier that goes with it in two
    or more of them ("Sales Director" from "Sales Director", "Director of Sales", "Head of Sales"), and
    how many members hold a title with that role noun."""
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
    return (f"{other} {role}" if other else role), spread(role, titles)[1]


def distinctive_words(evidence: Sequence[Evidence], corpus: Sequence[Evidence], limit: int = 3) -> list[str]:
    """Words that could name this persona (`name_word`): said by at least `WORD_PEOPLE` and half of its
    participants, ranked by how much larger that share is than among everyone else (at least
    `DISTINCT_MARGIN` larger)."""
    own = {e.participant for e in evidence}
    others = {e.participant for e in corpus} - own
    if not others or not own:
        return []
    inside, outside = word_people(evidence), word_people(e for e in corpus if e.participant in others)
    scores = {
        word: len(keys) / len(own) - len(outside.get(word, ())) / len(others)
        for word, keys in inside.items()
        if len(keys) / len(own) >= 0.5 and len(keys) >= WORD_PEOPLE
    }
    ranked = sorted((w for w, s in scores.items() if s >= DISTINCT_MARGIN), key=lambda w: (-scores[w], w))
    named = (_compound(word, evidence, len(own)) for word in ranked)
    return [name for name in named if name][:limit]


def _compound(word: str, evidence: Sequence[Evidence], members: int) -> str | None:
    """The word as a persona name may take it: alone, unless another noun (a `name_word`) modifies it in
    most of its uses ("pipeline board", "Notion board"); then only such a compound that `WORD_PEOPLE`
    and half of the members say names them ("pipeline board"), else nothing: "Board-focused" would say
    a board of directors to a reader who never saw the quotes."""
    uses, modified = 0, 0
    modifiers: dict[str, set[str | None]] = defaultdict(set)
    for item in evidence:
        words = WORD.findall(strip_markers(item.text).lower())
        for before, current in zip(["", *words], words, strict=False):
            if current == word:
                uses += 1
                if before and name_word(before):
                    modified += 1
                    modifiers[before].add(item.participant)
    if modified * 2 <= uses:
        return singular(word)
    shared = [m for m, people in modifiers.items() if len(people) >= max(WORD_PEOPLE, members / 2)]
    best = min(shared, key=lambda m: (-len(modifiers[m]), m), default=None)
    return f"{best} {singular(word)}" if best else None


def _shared_force(
    evidence: Sequence[Evidence], corpus: Sequence[Evidence] | None, members: int
) -> str | None:
    """The force at least half of the members state, relatively more often than the corpus does."""

    def stated(items: Sequence[Evidence]) -> dict[str, list[Evidence]]:
        found: dict[str, list[Evidence]] = defaultdict(list)
        for item in items:
            for force, strength in item.forces.items():
                if force in FORCE_DESCRIPTORS and strength >= FORCE_THRESHOLD:
                    found[force].append(item)
        return found

    own, base = stated(evidence), stated(corpus or [])

    def baseline(force: str) -> float:
        return len(base[force]) / len(corpus) if corpus and base[force] else 1.0

    ratios = {
        force: (len(items) / len(evidence)) / baseline(force)
        for force, items in own.items()
        if len({item.participant for item in items}) * 2 >= members
    }
    ratios = {force: ratio for force, ratio in ratios.items() if ratio > 1.0 or not corpus}
    if not ratios:
        return None
    return FORCE_DESCRIPTORS[min(ratios, key=lambda force: (-ratios[force], force))]


def initials_of(name: str) -> str:
    """Initials of the first and last words of a name ("Cost-focused Sales Director" -> "CD")."""
    words = [w for w in re.split(r"[\s]+", name) if w and w[0].isalnum()]
    if not words:
        return "?"
    letters = words[0][0] + (words[-1][0] if len(words) > 1 else "")
    return letters.upper()
