"""Migration 0017 records on the sources a database already holds the coder versions of their machine codes."""

from pathlib import Path

from sqlmodel import Session, col, select

from app.coding.models import CodeOrigin, CodeRecord
from app.db import make_engine
from app.migrate import downgrade, upgrade
from app.projects.models import Project
from app.sources.models import Source
from app.sources.service import import_file
from app.utterances.models import Utterance
from tests.factories import PANEL_TRANSCRIPT


def code(
    utterance: Utterance, coder: str, version: str, origin: CodeOrigin = CodeOrigin.MACHINE
) -> CodeRecord:
    return CodeRecord(
        utterance_id=utterance.id or 0,
        project_id=utterance.project_id,
        coder=coder,
        version=version,
        kind="emotion",
        label="neutral",
        score=0.5,
        origin=origin,
    )


def test_upgrade_records_the_versions_sources_were_coded_with(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'versions.db'}")
    upgrade(engine)
    with Session(engine) as session:
        project = Project(name="Before the upgrade")
        session.add(project)
        session.flush()
        for name, text in [
            ("coded.txt", PANEL_TRANSCRIPT),
            ("imported.txt", PANEL_TRANSCRIPT.replace("sales", "ops")),
        ]:
            import_file(session, project=project, filename=name, data=text.encode(), max_bytes=10**6)
        coded, imported = session.exec(select(Source).order_by(col(Source.id))).all()
        first, second = session.exec(select(Utterance).where(Utterance.source_id == coded.id).limit(2)).all()
        session.add_all(
            [
                code(first, "desirelines.emotion", "1"),
                code(second, "desirelines.emotion", "2"),
                code(second, "desirelines.emotion", "1"),
                code(first, "desirelines.pain_point", "1"),
                code(first, "desirelines.pain_point", "7", origin=CodeOrigin.RESEARCHER),
                code(first, "researcher:r@example.com", "1", origin=CodeOrigin.RESEARCHER),
            ]
        )
        session.commit()
        ids = coded.id, imported.id
    downgrade(engine, "0016")
    upgrade(engine)
    with Session(engine) as session:
        coded_source, imported_source = session.get(Source, ids[0]), session.get(Source, ids[1])
        assert coded_source is not None and imported_source is not None
        assert coded_source.coded_versions == {
            "desirelines.emotion": ["1", "2"],
            "desirelines.pain_point": ["1"],
        }
        assert imported_source.coded_versions is None  # no machine codes: nothing to be stale
    engine.dispose()
