"""Migration 0014 fingerprints the sources a database already holds, and goes down without losing them."""

from pathlib import Path

from sqlalchemy import func
from sqlmodel import Session, select

from app.db import make_engine
from app.migrate import downgrade, upgrade
from app.projects.models import Project
from app.sources.models import SourceFingerprint
from app.sources.service import import_file
from app.utterances.models import Utterance
from tests.factories import PANEL_TRANSCRIPT


def fingerprints(session: Session) -> set[tuple[int, int]]:
    rows = session.exec(select(SourceFingerprint.source_id, SourceFingerprint.text_hash)).all()
    return {(source_id, text_hash) for source_id, text_hash in rows}


def test_upgrade_fingerprints_existing_sources(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'fingerprints.db'}")
    upgrade(engine)
    with Session(engine) as session:
        project = Project(name="Before the upgrade")
        session.add(project)
        session.flush()
        import_file(
            session, project=project, filename="panel.txt", data=PANEL_TRANSCRIPT.encode(), max_bytes=10**6
        )
        session.commit()
        imported = fingerprints(session)
        utterances = session.exec(select(func.count()).select_from(Utterance)).one()
    assert len(imported) >= 3
    downgrade(engine, "0013")
    upgrade(engine)
    with Session(engine) as session:
        assert fingerprints(session) == imported
        assert session.exec(select(func.count()).select_from(Utterance)).one() == utterances
    engine.dispose()
