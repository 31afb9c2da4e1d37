"""Search suggestions ("Did you mean ...?") on the API and page: the searched project's words only, kept current."""

from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.db import make_engine
from app.migrate import downgrade, upgrade
from app.projects.models import Project
from app.search.vocabulary import project_vocabulary
from app.sources.models import Source, SourceKind
from app.utterances.models import Utterance
from tests.factories import PANEL_TRANSCRIPT, make_project, upload


def _search(client: TestClient, project_id: int, q: str, **params: str) -> dict:  # type: ignore[type-arg]
    response = client.get(f"/api/projects/{project_id}/search", params={"q": q, **params})
    assert response.status_code == 200, response.text
    return dict(response.json())


def test_a_misspelt_search_suggests_the_projects_word_with_its_total(client: TestClient) -> None:
    project = make_project(client)
    upload(client, project["id"], "panel.txt", PANEL_TRANSCRIPT.encode())
    found = _search(client, project["id"], "forcast")
    assert found["total"] == 0
    assert found["suggestions"] == [{"query": "forecast", "total": 1}]
    # Two misspelt words, a transposition and a dropped letter, in one query.
    assert _search(client, project["id"], "spreadhseets Mondy")["suggestions"] == [
        {"query": "spreadsheets Monday", "total": 1}
    ]
    # A search that finds enough asks for nothing.
    assert _search(client, project["id"], "spreadsheets")["suggestions"] == []


def test_suggestions_keep_the_filters_of_the_search(client: TestClient) -> None:
    project = make_project(client)
    upload(client, project["id"], "panel.txt", PANEL_TRANSCRIPT.encode())
    # Only the interviewee spoke of the forecast: among interviewers the correction finds nothing either.
    assert _search(client, project["id"], "forcast", speaker_role="interviewer")["suggestions"] == []
    assert _search(client, project["id"], "forcast", speaker_role="respondent")["suggestions"] == [
        {"query": "forecast", "total": 1}
    ]


def test_suggestions_come_only_from_the_searched_projects_words(client: TestClient) -> None:
    mine = make_project(client, "Mine")
    other = make_project(client, "Other")
    upload(client, mine["id"], "panel.txt", PANEL_TRANSCRIPT.encode())
    upload(
        client, other["id"], "other.txt", b"Interviewer: Hi.\nInterviewee: The pricing page confused me.\n"
    )
    assert _search(client, mine["id"], "pricng")["suggestions"] == []
    assert _search(client, other["id"], "pricng")["suggestions"] == [{"query": "pricing", "total": 1}]


def test_the_vocabulary_follows_new_edited_and_deleted_utterances(client: TestClient, db: Engine) -> None:
    project = make_project(client)
    source = upload(client, project["id"], "panel.txt", PANEL_TRANSCRIPT.encode()).json()["source"]
    assert _search(client, project["id"], "pricng")["suggestions"] == []  # the vocabulary is now cached
    upload(
        client, project["id"], "more.txt", b"Interviewer: Hi.\nInterviewee: The pricing page confused me.\n"
    )
    assert _search(client, project["id"], "pricng")["suggestions"] == [{"query": "pricing", "total": 1}]

    with db.begin() as conn:  # as an erasure's redaction does: the word leaves the text
        conn.execute(text("UPDATE utterance SET text = 'The [redacted].' WHERE text LIKE '%forecast%'"))
    with Session(db) as session:
        vocabulary = project_vocabulary(session, project_id=project["id"])
    assert "forecast" not in vocabulary and "redacted" in vocabulary
    assert _search(client, project["id"], "forcast")["suggestions"] == []

    assert _search(client, project["id"], "Mondy")["suggestions"] == [{"query": "Monday", "total": 1}]
    assert client.delete(f"/api/sources/{source['id']}").status_code == 200
    with Session(db) as session:
        assert "monday" not in project_vocabulary(session, project_id=project["id"])
    assert _search(client, project["id"], "Mondy")["suggestions"] == []


def test_changes_that_keep_the_text_keep_the_stamp(client: TestClient, db: Engine) -> None:
    project = make_project(client)
    upload(client, project["id"], "panel.txt", PANEL_TRANSCRIPT.encode())

    def stamp() -> int:
        with db.connect() as conn:
            query = text("SELECT stamp FROM search_vocabulary_stamp WHERE project_id = :p")
            return int(conn.execute(query, {"p": project["id"]}).scalar_one())

    before = stamp()
    with db.begin() as conn:  # as re-assigning a speaker's role or participant does
        conn.execute(
            text("UPDATE utterance SET speaker_role = 'interviewer' WHERE project_id = :p"),
            {"p": project["id"]},
        )
    assert stamp() == before
    with db.begin() as conn:
        conn.execute(
            text("UPDATE utterance SET text = text || ' Indeed.' WHERE project_id = :p"), {"p": project["id"]}
        )
    assert stamp() != before


def test_the_search_page_links_each_suggestion_to_its_search(client: TestClient) -> None:
    project = make_project(client)
    upload(client, project["id"], "panel.txt", PANEL_TRANSCRIPT.encode())
    page = client.get(f"/projects/{project['id']}/search", params={"q": "forcast", "role": "respondent"}).text
    assert "Did you mean" in page
    assert '<a href="?q=forecast&amp;role=respondent">forecast</a> (1 utterance)?' in page
    assert "Nothing matched as typed" in page
    nothing = client.get(f"/projects/{project['id']}/search", params={"q": "zzyzx"}).text
    assert "Did you mean" not in nothing
    assert "no spelling close to yours finds anything in this project" in nothing


def test_the_migration_stamps_projects_that_already_hold_utterances(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'stamps.db'}")
    upgrade(engine)
    with Session(engine) as session:
        project = Project(name="Before")
        session.add(project)
        session.flush()
        source = Source(
            project_id=project.id or 0,
            kind=SourceKind.INTERVIEW,
            filename="a.txt",
            format="txt",
            sha256="0" * 64,
            size_bytes=1,
        )
        session.add(source)
        session.flush()
        session.add(
            Utterance(
                project_id=project.id or 0,
                source_id=source.id or 0,
                speaker_role="respondent",
                turn=0,
                sentence=0,
                text="Pricing.",
            )
        )
        session.commit()
        project_id = project.id
    downgrade(engine, "0011")  # back to before the stamps, then forward over existing utterances
    upgrade(engine)
    with engine.connect() as conn:
        stamps = conn.execute(text("SELECT project_id FROM search_vocabulary_stamp")).scalars().all()
    assert stamps == [project_id]
    engine.dispose()


def test_words_that_are_in_the_project_but_never_together_are_told_apart(client: TestClient) -> None:
    """walk4: "pricing onboarding" (101 and 44 utterances apart) said "no spelling close to yours finds
    anything in this project"."""
    project = make_project(client)
    upload(client, project["id"], "panel.txt", PANEL_TRANSCRIPT.encode())
    apart = _search(client, project["id"], "forecast Monday")  # two sentences, never one
    assert apart["total"] == 0 and apart["suggestions"] == [] and apart["found_apart"] is True
    page = client.get(f"/projects/{project['id']}/search", params={"q": "forecast Monday"}).text
    assert "each of your words is in this project, but no one utterance holds them all" in page
    assert "no spelling close to yours" not in page
    assert _search(client, project["id"], "forecast zzyzx")["found_apart"] is False
