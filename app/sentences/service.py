"""Coded sentences as flat rows: one per utterance in reading order, with the codes that count.

What a row shows follows the transcript page and the deliverables: a researcher's code wins over the
machine's of the same kind (review refusals such as "none" leave the kind empty), and a respondent
utterance whose effective content class is not substantive keeps only researcher codes.
Utterances and codes are read as columns, one source at a time, so a project of tens of thousands
of utterances takes two queries per source and never holds every code at once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from app.analysis.evidence import effective_codes
from app.coding.content import (
    CODE_FACT_COLUMNS,
    CONTENT_KIND,
    SKIPPED_KIND,
    CodeFact,
    ContentView,
    effective_content,
)
from app.coding.models import CodeOrigin, CodeRecord
from app.participants.models import Participant
from app.sources.models import Source
from app.themes.service import member_theme_labels
from app.utterances.models import Utterance
from nlp.types import CodeKind, SpeakerRole

COLUMNS = (
    "source",
    "source_id",
    "participant",
    "speaker",
    "role",
    "turn",
    "sentence",
    "text",
    "content_class",
    "content_reason",
    "emotion",
    "emotion_score",
    "pain",
    "pain_category",
    "pain_score",
    "pain_cue",
    "stage",
    "stage_score",
    "forces",
    "theme",
    "researcher_codes",
    "utterance_id",
)
# GoEmotions labels only feed the valence of aggregates: a row shows them only as a researcher's codes.
_NOT_MACHINE_GOEMOTIONS = (
    col(CodeRecord.kind) != CodeKind.GOEMOTIONS,
    col(CodeRecord.origin) == CodeOrigin.RESEARCHER,
)
GENERIC_PAIN = str(CodeKind.PAIN_POINT)
Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Sentence:
    """The columns of one utterance that a row shows."""

    id: int
    source_id: int
    speaker_label: str | None
    speaker_role: str
    turn: int
    sentence: int
    text: str
    participant: str | None


@dataclass(frozen=True, slots=True)
class SourceCodes:
    """A source's codes by utterance, and the character span of each code that marks one."""

    codes: dict[int, list[CodeFact]]
    spans: dict[int, Span]


def sentence_rows(
    session: Session, *, project_id: int, source_ids: Sequence[int] | None = None
) -> Iterator[dict[str, Any]]:
    """One row (keys `COLUMNS`) per utterance of the project, or of these of its sources, in reading order.

    Sources come in import order, utterances by turn and sentence; the theme is the utterance's theme in
    the newest finished themes run over all respondents, empty when there is none.
    """
    themes = member_theme_labels(session, project_id=project_id)
    for source_id, filename in _sources(session, project_id=project_id, source_ids=source_ids):
        found = source_codes(session, source_id=source_id)
        for said in _sentences(session, source_id=source_id):
            yield sentence_row(filename, said, found, themes.get(said.id, ""))


def _sources(session: Session, *, project_id: int, source_ids: Sequence[int] | None) -> list[tuple[int, str]]:
    query = select(Source.id, Source.filename).where(Source.project_id == project_id)
    if source_ids is not None:
        query = query.where(col(Source.id).in_(list(source_ids)))
    ordered = query.order_by(col(Source.created_at), col(Source.id))
    return [(source_id or 0, filename) for source_id, filename in session.exec(ordered)]


def _sentences(session: Session, *, source_id: int) -> Iterator[Sentence]:
    query = (
        sa_select(
            col(Utterance.id),
            col(Utterance.source_id),
            col(Utterance.speaker_label),
            col(Utterance.speaker_role),
            col(Utterance.turn),
            col(Utterance.sentence),
            col(Utterance.text),
            col(Participant.display_name),
        )
        .join(Participant, col(Participant.id) == col(Utterance.participant_id), isouter=True)
        .where(col(Utterance.source_id) == source_id)
        .order_by(col(Utterance.turn), col(Utterance.sentence), col(Utterance.id))
    )
    for row in session.execute(query):
        yield Sentence(*row)


def source_codes(session: Session, *, source_id: int) -> SourceCodes:
    """Every code of a source's utterances in one query, newest first (so among equal scores, the latest
    researcher code is the one a row shows)."""
    query = (
        sa_select(*CODE_FACT_COLUMNS, col(CodeRecord.span_start), col(CodeRecord.span_end))
        .join(Utterance, col(Utterance.id) == col(CodeRecord.utterance_id))
        .where(col(Utterance.source_id) == source_id, or_(*_NOT_MACHINE_GOEMOTIONS))
        .order_by(col(CodeRecord.id).desc())
    )
    codes: dict[int, list[CodeFact]] = defaultdict(list)
    spans: dict[int, Span] = {}
    for code_id, utterance_id, kind, label, score, origin, start, end in session.execute(query):
        codes[utterance_id].append(CodeFact(code_id, utterance_id, kind, label, score, origin))
        if start is not None and end is not None:
            spans[code_id] = (start, end)
    return SourceCodes(codes, spans)


def sentence_row(filename: str, said: Sentence, found: SourceCodes, theme: str) -> dict[str, Any]:
    """One utterance's row: who said it, where, and the codes that count."""
    codes = found.codes.get(said.id, [])
    content = effective_content(codes, said.text) if said.speaker_role == SpeakerRole.RESPONDENT else None
    kept = effective_codes(_shown(codes, content))
    best = {
        kind: max((c for c in kept if c.kind == kind), key=lambda c: c.score, default=None)
        for kind in (CodeKind.EMOTION, CodeKind.PAIN_POINT, CodeKind.STAGE)
    }
    emotion, pain, stage = best[CodeKind.EMOTION], best[CodeKind.PAIN_POINT], best[CodeKind.STAGE]
    forces = sorted((c for c in kept if c.kind == CodeKind.FORCE), key=lambda c: -c.score)
    return {
        "source": filename,
        "source_id": said.source_id,
        "participant": said.participant or "",
        "speaker": said.speaker_label or "",
        "role": said.speaker_role,
        "turn": said.turn,
        "sentence": said.sentence,
        "text": said.text,
        "content_class": content.content_class if content else "",
        "content_reason": content.reason if content else "",
        "emotion": emotion.label if emotion else "",
        "emotion_score": _score(emotion),
        "pain": _pain(pain, codes, content),
        "pain_category": pain.label if pain and pain.label != GENERIC_PAIN else "",
        "pain_score": _score(pain),
        "pain_cue": _cue(pain, found.spans, said.text),
        "stage": stage.label if stage else "",
        "stage_score": _score(stage),
        "forces": "; ".join(c.label for c in forces),
        "theme": theme,
        "researcher_codes": "; ".join(
            f"{c.kind}={c.label}" for c in reversed(codes) if c.origin == CodeOrigin.RESEARCHER
        ),
        "utterance_id": said.id,
    }


def _shown(codes: list[CodeFact], content: ContentView | None) -> list[CodeFact]:
    """The codes a row may show: without content, only a researcher's (as on the transcript page)."""
    shown = [c for c in codes if c.kind not in (CONTENT_KIND, SKIPPED_KIND)]
    if content is None or content.substantive:
        return shown
    return [c for c in shown if c.origin == CodeOrigin.RESEARCHER]


def _pain(pain: CodeFact | None, codes: list[CodeFact], content: ContentView | None) -> str:
    """ "yes", "no" on a coded substantive utterance, "" on one not coded (yet), skipped by the coders or
    without content (the coders leave a greeting or a "Yeah." alone, as its blank emotion and stage say)."""
    if pain is not None:
        return "yes"
    if content is not None and not content.substantive:
        return ""
    coded = any(c.kind != SKIPPED_KIND for c in codes)
    return "no" if coded else ""


def _cue(pain: CodeFact | None, spans: dict[int, Span], text: str) -> str:
    span = spans.get(pain.id) if pain else None
    return text[span[0] : span[1]] if span else ""


def _score(code: CodeFact | None) -> float | str:
    return round(code.score, 3) if code else ""
