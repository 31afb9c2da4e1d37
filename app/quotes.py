"""Quotes as pages and exports show them: who said each one, and near-duplicates shown once.

Quotes travel as dicts (`{"utterance_id", "text", ...}`) inside the data a page or an export renders.
`attribute_quotes` walks that data once, adds `said_by` (the participant's name as the participants page
shows it, else the speaker label), drops transcription notes ("[laughs]") from the text shown and drops later
quotes whose normalised text repeats an earlier one. Only what is shown changes: the claim's evidence ids and
counts, and the utterances themselves, keep every quote verbatim."""

from __future__ import annotations

import copy
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple, TypeVar

from sqlalchemy import tuple_
from sqlmodel import Session, col, select

from app.participants.models import Participant
from app.utterances.models import Utterance
from nlp.aggregate.quotes import needed_lead_in, quote_key, sentences_before
from nlp.content import without_transcription_notes

T = TypeVar("T")
K = TypeVar("K")
_NOT_WORD = re.compile(r"[\W_]+")


def normalise(text: str) -> str:
    """Case, accents, punctuation and spacing folded: "Too slow!" and "too  slow" are the same quote."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
    return _NOT_WORD.sub(" ", folded).strip()


def _text_of(item: Any) -> str:
    return str(item.get("text", "") if isinstance(item, dict) else getattr(item, "text", ""))


def distinct(items: Iterable[T]) -> list[T]:
    """The items in order, without those whose normalised text, less the conjunctions and fillers that open
    it ("And ...", "But ..."; `quote_key`), was already seen."""
    seen: set[str] = set()
    kept: list[T] = []
    for item in items:
        key = quote_key(normalise(_text_of(item)))
        if key and key in seen:
            continue
        seen.add(key)
        kept.append(item)
    return kept


def speaker_names(session: Session, utterance_ids: Iterable[int]) -> dict[int, str]:
    """Utterance id -> who said it: the participant's display name, else the transcript's speaker label."""
    ids = sorted(set(utterance_ids))
    if not ids:
        return {}
    query = (
        select(Utterance.id, Participant.display_name, Utterance.speaker_label)
        .join(Participant, col(Participant.id) == col(Utterance.participant_id), isouter=True)
        .where(col(Utterance.id).in_(ids))
    )
    rows = session.exec(query).all()
    return {uid: str(name or label) for uid, name, label in rows if uid is not None and (name or label)}


def _is_quote(value: Any) -> bool:
    return isinstance(value, dict) and "utterance_id" in value and "text" in value


def _quote_lists(data: Any) -> Iterable[list[Any]]:
    """Every list inside `data` (dicts and lists, nested) that holds quote dicts."""
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            if value and all(_is_quote(v) for v in value):
                yield value
            else:
                stack.extend(value)


def attribute_quotes(session: Session, data: T) -> T:
    """A copy of `data` where every quote dict has `said_by`, its text shown without transcription notes,
    and each list of quotes has no near-duplicates.

    A copy, because `data` may be a stored row's JSON (a saved version) that must not change."""
    data = copy.deepcopy(data)
    lists = list(_quote_lists(data))
    names = speaker_names(session, (int(q["utterance_id"]) for quotes in lists for q in quotes))
    for quotes in lists:
        quotes[:] = distinct(quotes)
        for quote in quotes:
            quote["said_by"] = names.get(int(quote["utterance_id"]))
            quote["text"] = without_transcription_notes(str(quote["text"]))
            if quote.get("before"):
                quote["before"] = without_transcription_notes(str(quote["before"]))
    return data


class _Sentence(NamedTuple):
    """The columns of an utterance that place it in its turn."""

    id: int
    source_id: int
    turn: int
    question_id: int | None  # a survey respondent's answers share a turn number; each is a turn of its own
    sentence: int
    text: str

    @staticmethod
    def columns() -> tuple[Any, ...]:
        return tuple(getattr(Utterance, name) for name in _Sentence._fields)

    @staticmethod
    def of(utterance: Utterance) -> _Sentence:
        return _Sentence(*(getattr(utterance, name) for name in _Sentence._fields))

    @property
    def turn_key(self) -> tuple[int, int, int | None]:
        return self.source_id, self.turn, self.question_id


def lead_ins(session: Session, utterances: Iterable[Utterance]) -> dict[int, str]:
    """Utterance id -> the sentence its quote is shown after (`nlp.aggregate.quotes`), for those that lean
    on the sentence before them in the same turn."""
    quoted = {u.id: u for u in utterances if u.id}
    wanted = {(u.source_id, u.turn, u.sentence - 1) for u in quoted.values() if u.sentence > 0}
    if not wanted:
        return {}
    # Exactly the sentences wanted (a row-value IN, on SQLite and PostgreSQL alike), not every sentence of
    # every listed turn number in every listed source (and, for a survey, other answers' sentences too).
    query = select(*_Sentence.columns()).where(
        tuple_(col(Utterance.source_id), col(Utterance.turn), col(Utterance.sentence)).in_(list(wanted))
    )
    rows = {row[0]: _Sentence(*row) for row in session.exec(query)}
    rows |= {uid: _Sentence.of(u) for uid, u in quoted.items()}
    ordered = sorted(rows.values(), key=lambda row: (row.source_id, row.turn, row.sentence))
    before = dict(sentences_before((row.id, row.turn_key, row.text) for row in ordered))
    found: dict[int, str] = {}
    for uid, utterance in quoted.items():
        lead = needed_lead_in(utterance.text, before.get(uid))
        if lead:
            found[uid] = lead
    return found


def quote_dicts(utterances: Sequence[Utterance], leads: Mapping[int, str]) -> list[dict[str, Any]]:
    """Utterances as quote dicts (text, ids, and the lead-in sentence from `lead_ins` when one is needed)."""
    return [
        {"utterance_id": u.id, "source_id": u.source_id, "text": u.text, "before": leads.get(u.id or 0)}
        for u in utterances
    ]


def grouped_quotes(
    session: Session, groups: Mapping[K, Sequence[Utterance]]
) -> dict[K, list[dict[str, Any]]]:
    """Each group's utterances as quote dicts (text, ids, lead-in, who said it), near-duplicates dropped:
    one lead-in query and one speaker query for all groups."""
    leads = lead_ins(session, (u for us in groups.values() for u in us))
    return attribute_quotes(session, {key: quote_dicts(us, leads) for key, us in groups.items()})
