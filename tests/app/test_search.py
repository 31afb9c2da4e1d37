from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import bindparam, text
from sqlmodel import Session

from app.db import make_engine
from app.migrate import upgrade
from app.search.query import fts5_query, parse
from app.search.service import _Backend
from tests.factories import PANEL_TRANSCRIPT, make_project, upload


def test_search_finds_stemmed_words_and_ranks(client: TestClient) -> None:
    project = make_project(client)
    upload(client, project["id"], "panel.txt", PANEL_TRANSCRIPT.encode())
    url = f"/api/projects/{project['id']}/search"
    # "spreadsheets" and "spreadsheet" share a stem.
    hits = client.get(url, params={"q": "spreadsheets"}).json()
    assert hits["total"] == 2
    assert all("preadsheet" in hit["text"] for hit in hits["items"])
    assert all("<mark>" in hit["snippet_html"] for hit in hits["items"])
    assert hits["items"][0]["filename"] == "panel.txt"

    respondents = client.get(url, params={"q": "forecast", "speaker_role": "respondent"}).json()
    assert respondents["total"] == 1
    assert client.get(url, params={"q": "forecast", "speaker_role": "interviewer"}).json()["total"] == 0


def test_the_search_page_says_one_utterance_matches(client: TestClient) -> None:
    project = make_project(client)
    upload(client, project["id"], "panel.txt", PANEL_TRANSCRIPT.encode())
    page = client.get(f"/projects/{project['id']}/search", params={"q": "forecast"}).text
    assert "1 utterance matches \u201cforecast\u201d" in page
    assert (
        "2 utterances match \u201cspreadsheets\u201d"
        in client.get(f"/projects/{project['id']}/search", params={"q": "spreadsheets"}).text
    )


def test_a_page_past_the_last_says_so_and_links_to_the_last(client: TestClient) -> None:
    project = make_project(client)
    upload(client, project["id"], "panel.txt", PANEL_TRANSCRIPT.encode())
    page = client.get(f"/projects/{project['id']}/search", params={"q": "spreadsheets", "page": 99}).text
    assert "Page 99 of" not in page and "Nothing matched" not in page
    assert "Page 99 is past the end: there is 1 page (2 in all)." in page
    assert 'href="?q=spreadsheets&amp;role=&amp;page=1&page_size=50">Go to the last page</a>' in page
    last = client.get(f"/projects/{project['id']}/search", params={"q": "spread*", "page": 2, "page_size": 1})
    assert "Page 2 of 2 · 2 in all" in last.text and "past the end" not in last.text


def test_search_is_scoped_to_the_project(client: TestClient) -> None:
    first = make_project(client, "One")
    second = make_project(client, "Two")
    upload(client, first["id"], "panel.txt", PANEL_TRANSCRIPT.encode())
    assert client.get(f"/api/projects/{second['id']}/search", params={"q": "forecast"}).json()["total"] == 0


def test_search_syntax_in_user_input_is_harmless(client: TestClient) -> None:
    project = make_project(client)
    upload(client, project["id"], "panel.txt", PANEL_TRANSCRIPT.encode())
    for query in ['"unbalanced', "NEAR(a b", "forecast OR", "*", "a:b", "); DROP TABLE utterance; --"]:
        response = client.get(f"/api/projects/{project['id']}/search", params={"q": query})
        assert response.status_code == 200, (query, response.text)
    assert client.get(f"/api/projects/{project['id']}/search", params={"q": "forecast"}).json()["total"] == 1


def test_fts5_query_quotes_terms_and_prefixes_a_long_last_word() -> None:
    assert fts5_query(parse('price "free trial" onboard')) == '"price" "free trial" "onboard"*'
    assert fts5_query(parse('"free trial"')) == '"free trial"'
    assert fts5_query(parse("NEAR(x")) == '"NEAR" "x"'


def test_sqlite_search_plans_start_from_the_full_text_index(tmp_path: Path) -> None:
    # With a plain JOIN, SQLite walked every utterance of the project and ran the MATCH once per row:
    # a search whose word every sentence holds took seconds on a few thousand sentences.
    engine = make_engine(f"sqlite:///{tmp_path / 'plan.db'}")
    upgrade(engine)
    params = {"q": '"price"', "project_id": 1, "role": None, "ids": [1], "researcher": "researcher"}
    backend = _Backend.of(Session(engine), parse("price"))
    with engine.connect() as conn:
        for statement in (backend.candidates_sql, backend.page_sql, backend.count_sql):
            explain = text(f"EXPLAIN QUERY PLAN {statement.text}")
            if ":ids" in statement.text:
                explain = explain.bindparams(bindparam("ids", expanding=True))
            plan = [str(row[-1]) for row in conn.execute(explain, params)]
            searched = [step for step in plan if step.startswith(("SCAN", "SEARCH")) and " c " not in step]
            assert searched[0].startswith("SCAN f VIRTUAL TABLE"), plan
    engine.dispose()


def test_a_hit_names_the_participant_as_the_other_pages_do(client: TestClient) -> None:
    """walk4: search said "Interviewee (respondent)" where every other page said "Priya Natarajan"."""
    project = make_project(client)
    upload(client, project["id"], "panel.txt", PANEL_TRANSCRIPT.encode())
    [person] = client.get(f"/api/projects/{project['id']}/participants").json()["items"]
    renamed = client.patch(f"/api/participants/{person['id']}", json={"pseudonym": "Rosa Lind"})
    assert renamed.status_code == 200, renamed.text

    [hit] = client.get(f"/api/projects/{project['id']}/search", params={"q": "Monday"}).json()["items"]
    page = client.get(f"/projects/{project['id']}/search", params={"q": "Monday"}).text

    assert (hit["speaker_label"], hit["participant_name"]) == ("Interviewee", "Rosa Lind")
    assert "Rosa Lind (respondent)" in page and "Interviewee (respondent)" not in page
