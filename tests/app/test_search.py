from fastapi.testclient import TestClient

from app.search.query import fts5_query, parse
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
