"""A project's coded respondent utterances as `Evidence`, with their stored embeddings.

Researcher codes win over machine codes of the same kind, so corrections flow into every deliverable.
Only substantive utterances are evidence: those whose effective content class (a researcher's over the
machine's; classified on the fly when coded before the content filter) is anything else are left out
and counted per class.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from app.coding.content import CODE_FACT_COLUMNS, CONTENT_KIND, CodeFact, effective_content
from app.coding.models import CodeOrigin, CodeRecord, UtteranceFeatures
from app.review.labels import MULTI_LABEL_KINDS, is_refusal, latest_decisions, refused_label
from app.sources.models import SurveyQuestion
from app.utterances.models import Utterance
from app.words import plural
from nlp.aggregate.evidence import Evidence
from nlp.aggregate.quotes import sentences_before
from nlp.coders.emotion.map import label_valence
from nlp.encoder import EMBEDDING_DIM
from nlp.types import CodeKind, SpeakerRole

CODED_KINDS = ("emotion", "goemotions", "pain_point", "stage", "force")


@dataclass
class EvidenceSet:
    """Evidence in utterance order; `embeddings[i]` belongs to `evidence[i]`.

    `uncoded` counts respondent utterances left out because they have no stored features yet;
    `left_out` those left out because they carry no content, per content class; `without_content` holds
    them (content class, evidence), so that a narrower set (`within`) counts only its own.
    """

    evidence: list[Evidence]
    embeddings: np.ndarray
    uncoded: int = 0
    left_out: dict[str, int] = field(default_factory=dict)
    without_content: list[tuple[str, Evidence]] = field(default_factory=list)

    def subset(self, keep: Sequence[int]) -> EvidenceSet:
        """The evidence at these positions; the counts of what was left out stay those of the whole set."""
        return EvidenceSet(
            [self.evidence[i] for i in keep],
            self.embeddings[list(keep)],
            self.uncoded,
            dict(self.left_out),
            list(self.without_content),
        )

    def within(self, accepts: Callable[[Evidence], bool]) -> EvidenceSet:
        """The evidence `accepts` takes (a themes scope, a population), and as left out only the
        utterances without content it would have taken: a pain-point run counts its own, not the project's."""
        keep = [i for i, item in enumerate(self.evidence) if accepts(item)]
        dropped = [(content, item) for content, item in self.without_content if accepts(item)]
        return EvidenceSet(
            [self.evidence[i] for i in keep],
            self.embeddings[keep],
            self.uncoded,
            dict(Counter(content for content, _ in dropped)),
            dropped,
        )

    @property
    def no_content(self) -> int:
        return sum(self.left_out.values())

    def left_out_note(self) -> str:
        """E.g. "12 utterances without content left out (9 backchannel, 3 courtesy)"; "" when none."""
        if not self.no_content:
            return ""
        parts = ", ".join(f"{n} {name}" for name, n in sorted(self.left_out.items(), key=lambda kv: -kv[1]))
        return f"{plural(self.no_content, 'utterance')} without content left out ({parts})"


def with_left_out(message: str, found: EvidenceSet, limit: int = 500) -> str:
    """A run's message with the count of no-content utterances it left out, within the column's limit."""
    note = found.left_out_note()
    return (f"{message.rstrip('.')}; {note}" if note else message)[:limit]


def load_evidence(
    session: Session,
    *,
    project_id: int,
    participant_ids: Iterable[int] | None = None,
    source_ids: Iterable[int] | None = None,
    embeddings: bool = True,
) -> EvidenceSet:
    """Every coded substantive respondent utterance of the project (or of some participants or sources),
    with codes; the counts of utterances left out are of the same participants and sources.

    Reads columns, not ORM objects (a page over thousands of utterances built ~20,000 objects). With
    `embeddings=False` (journey maps, forces, saturation) the matrix has no columns and the vectors are
    not read at all.
    """
    feature = UtteranceFeatures.embedding if embeddings else UtteranceFeatures.utterance_id
    query = (
        sa_select(
            col(Utterance.id),
            col(Utterance.text),
            col(Utterance.participant_id),
            col(Utterance.source_id),
            col(Utterance.turn),
            col(Utterance.question_id),
            col(feature),
        )
        .join(UtteranceFeatures, col(UtteranceFeatures.utterance_id) == col(Utterance.id), isouter=True)
        .where(col(Utterance.project_id) == project_id, col(Utterance.speaker_role) == SpeakerRole.RESPONDENT)
        .order_by(col(Utterance.source_id), col(Utterance.turn), col(Utterance.sentence))
    )
    if participant_ids is not None:
        query = query.where(col(Utterance.participant_id).in_(list(participant_ids)))
    if source_ids is not None:
        query = query.where(col(Utterance.source_id).in_(list(source_ids)))
    rows = [Said(*row) for row in session.execute(query)]
    before = _sentences_before(rows)
    featured = [said for said in rows if said.feature is not None]
    codes = _codes(session, project_id=project_id, ids={said.id for said in featured})
    coded, dropped = _substantive(featured, codes)
    questions = _questions(session, project_id=project_id)
    last_turns = _last_turns(session, project_id=project_id)

    def evidence_of(said: Said, substantive: bool = True) -> Evidence:
        last_turn = last_turns.get(said.source_id, 0)
        return _evidence(said, codes.get(said.id, []), questions, last_turn, before, substantive=substantive)

    evidence = [evidence_of(said) for said in coded]
    without_content = [(content, evidence_of(said, substantive=False)) for content, said in dropped]
    matrix = np.zeros((len(coded), EMBEDDING_DIM if embeddings else 0), dtype=np.float32)
    if embeddings:
        for i, said in enumerate(coded):
            assert isinstance(said.feature, bytes)  # selected as the embedding column
            matrix[i] = np.frombuffer(said.feature, dtype=np.float32)
    left_out = dict(Counter(content for content, _ in dropped))
    return EvidenceSet(
        evidence,
        matrix,
        uncoded=len(rows) - len(featured),
        left_out=left_out,
        without_content=without_content,
    )


@dataclass(frozen=True, slots=True)
class Said:
    """The columns of one respondent utterance that evidence reads; `feature` is its embedding (or its
    features row's id when embeddings are not wanted), None when it has not been coded."""

    id: int
    text: str
    participant_id: int | None
    source_id: int
    turn: int
    question_id: int | None
    feature: bytes | int | None


def _sentences_before(rows: Sequence[Said]) -> dict[int, str]:
    """Utterance id -> the sentence before it in the same turn (`rows` in source, turn, sentence order;
    each survey answer is a turn of its own)."""
    return dict(
        sentences_before((said.id, (said.source_id, said.turn, said.question_id), said.text) for said in rows)
    )


def _substantive(
    rows: list[Said], codes: dict[int, list[CodeFact]]
) -> tuple[list[Said], list[tuple[str, Said]]]:
    """The rows whose effective content class is substantive, and the others with their class."""
    kept: list[Said] = []
    dropped: list[tuple[str, Said]] = []
    for said in rows:
        content = effective_content(codes.get(said.id, []), said.text)
        if content.substantive:
            kept.append(said)
        else:
            dropped.append((content.content_class, said))
    return kept, dropped


def _codes(session: Session, *, project_id: int, ids: set[int]) -> dict[int, list[CodeFact]]:
    by_utterance: dict[int, list[CodeFact]] = defaultdict(list)
    query = sa_select(*CODE_FACT_COLUMNS).where(
        col(CodeRecord.project_id) == project_id, col(CodeRecord.kind).in_((*CODED_KINDS, CONTENT_KIND))
    )
    for row in session.execute(query):
        if row[1] in ids:
            by_utterance[row[1]].append(CodeFact(*row))
    return by_utterance


def _questions(session: Session, *, project_id: int) -> dict[int, str]:
    query = (
        select(SurveyQuestion.id, SurveyQuestion.text)
        .join(Utterance, col(Utterance.question_id) == col(SurveyQuestion.id))
        .where(Utterance.project_id == project_id)
        .distinct()
    )
    return {qid: text for qid, text in session.exec(query) if qid is not None}


def _last_turns(session: Session, *, project_id: int) -> dict[int, int]:
    query = (
        select(Utterance.source_id, func.max(Utterance.turn))
        .where(Utterance.project_id == project_id)
        .group_by(col(Utterance.source_id))
    )
    return {source_id: int(turn or 0) for source_id, turn in session.exec(query)}


def effective_codes(codes: list[CodeFact]) -> list[CodeFact]:
    """Per kind, the researcher's codes when there are any, else the machine's (forces: per label).

    Of two researcher decisions on the same thing (an emotion, a stage, one force), the latest wins.
    Review refusals ("none", "no:push") win like any researcher code, then are dropped: they are not codes.
    """
    mine = latest_decisions(c for c in codes if c.origin == CodeOrigin.RESEARCHER)
    decided = {(c.kind, refused_label(c.label) or c.label) for c in mine if c.kind in MULTI_LABEL_KINDS}
    kinds = {c.kind for c in mine if c.kind not in MULTI_LABEL_KINDS}
    machine = [c for c in codes if c.origin != CodeOrigin.RESEARCHER and c.kind not in kinds]
    kept = [*mine, *(c for c in machine if (c.kind, c.label) not in decided)]
    return [c for c in kept if not is_refusal(c.label)]


def _evidence(
    u: Said,
    codes: list[CodeFact],
    questions: dict[int, str],
    last_turn: int,
    before: Mapping[int, str],
    *,
    substantive: bool = True,
) -> Evidence:
    codes = effective_codes(codes)
    best = {
        kind: max((c for c in codes if c.kind == kind), key=lambda c: c.score, default=None)
        for kind in (CodeKind.EMOTION, CodeKind.PAIN_POINT, CodeKind.STAGE)
    }
    emotion, pain, stage = best[CodeKind.EMOTION], best[CodeKind.PAIN_POINT], best[CodeKind.STAGE]
    survey = u.question_id is not None
    return Evidence(
        utterance_id=u.id,
        text=u.text,
        participant=str(u.participant_id) if u.participant_id is not None else None,
        source=str(u.source_id),
        position=None if survey or not last_turn else u.turn / last_turn,
        question=questions.get(u.question_id) if u.question_id is not None else None,
        emotion=emotion.label if emotion else None,
        emotion_score=emotion.score if emotion else 0.0,
        valence=_valence(codes) if emotion else None,
        pain=pain.label if pain else None,
        pain_score=pain.score if pain else 0.0,
        stage=stage.label if stage else None,
        forces={c.label: c.score for c in codes if c.kind == CodeKind.FORCE},
        substantive=substantive,  # the effective class (researchers' first), decided by the caller
        before=before.get(u.id),
    )


def _valence(codes: list[CodeFact]) -> float:
    """The emotion coder's valence, over the GoEmotions labels that were kept."""
    return label_valence([(c.label, c.score) for c in codes if c.kind == CodeKind.GOEMOTIONS])
