"""The project page's substantive counts follow the content rules of app.coding.content, utterance by
utterance: the latest researcher content code, else the first content code, else the classifier."""

from __future__ import annotations

from sqlmodel import Session, col, select

from app.coding.models import CodeOrigin, CodeRecord
from app.coding.service import substantive_counts
from app.projects.models import Project
from app.sources.models import Source
from app.sources.service import import_file
from app.utterances.models import Utterance
from nlp.content import classify
from nlp.types import SpeakerRole
from tests.factories import PANEL_TRANSCRIPT


def content(utterance: Utterance, label: str, origin: CodeOrigin = CodeOrigin.MACHINE) -> CodeRecord:
    coder = "desirelines.content" if origin == CodeOrigin.MACHINE else "researcher:r@example.com"
    return CodeRecord(
        utterance_id=utterance.id or 0,
        project_id=utterance.project_id,
        coder=coder,
        version="1",
        kind="content",
        label=label,
        score=1.0,
        origin=origin,
    )


def test_counts_follow_the_content_rules_per_utterance(session: Session) -> None:
    project = Project(name="Counts")
    session.add(project)
    session.flush()
    for name, text in [("a.txt", PANEL_TRANSCRIPT), ("b.txt", PANEL_TRANSCRIPT.replace("sales", "ops"))]:
        import_file(session, project=project, filename=name, data=text.encode(), max_bytes=10**6)
    first, second = session.exec(select(Source).order_by(col(Source.id))).all()
    respondents = session.exec(
        select(Utterance)
        .where(Utterance.source_id == first.id, Utterance.speaker_role == SpeakerRole.RESPONDENT)
        .order_by(col(Utterance.id))
    ).all()
    a, b, c, *rest = respondents
    assert rest and classify(b.text).substantive
    session.add_all([content(a, "backchannel"), content(a, "filler", CodeOrigin.RESEARCHER)])
    session.flush()
    session.add(content(a, "substantive", CodeOrigin.RESEARCHER))  # the latest researcher code wins
    session.add_all([content(b, "filler"), content(b, "substantive")])  # the first content code wins
    session.add(content(c, "substantive"))
    for utterance in rest:
        session.add(content(utterance, "off_topic"))
    session.flush()
    others = session.exec(
        select(Utterance).where(
            Utterance.source_id == second.id, Utterance.speaker_role == SpeakerRole.RESPONDENT
        )
    ).all()
    classified = sum(classify(u.text).substantive for u in others)  # no content codes: classified on the fly
    assert substantive_counts(session, project_id=project.id or 0) == {
        first.id: (2, len(respondents)),
        second.id: (classified, len(others)),
    }
    assert 0 < classified < len(others)  # the fillers of the second source are counted as such
