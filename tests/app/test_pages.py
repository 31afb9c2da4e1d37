"""Pages render real content, escape what people said, and show helpful empty states."""

from fastapi.testclient import TestClient

from tests.factories import PANEL_TRANSCRIPT, make_project, upload

SURVEY = (
    "ResponseId,Role,What made you start looking for a new CRM?\n"
    "R_1,Sales leader,Our spreadsheet broke every Monday and we kept losing track of deals.\n"
    "R_2,Founder,We outgrew the free CRM once the team passed ten people and needed forecasting.\n"
    "R_3,Sales leader,My CEO wanted a forecast I could defend and the old tool could not give one.\n"
)


def test_projects_page_empty_state_then_listing(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert "No projects yet" in page.text
    make_project(client, "CRM switch")
    assert "CRM switch" in client.get("/").text


def test_create_project_from_the_form_redirects_to_it(client: TestClient) -> None:
    response = client.post("/projects", data={"name": "From form"}, follow_redirects=False)
    assert response.status_code == 303
    overview = client.get(response.headers["location"])
    assert "<title>From form · Desirelines</title>" in overview.text
    assert "Nothing imported yet" in overview.text


def test_transcript_page_shows_speakers_roles_and_turns(client: TestClient) -> None:
    project = make_project(client)
    source = upload(client, project["id"], "panel.txt", PANEL_TRANSCRIPT.encode()).json()["source"]
    page = client.get(f"/sources/{source['id']}")
    assert page.status_code == 200
    assert page.text.count('class="turn turn-respondent"') == 4
    assert page.text.count('class="turn turn-interviewer"') == 4
    assert "spreadsheet that broke every Monday" in page.text


def test_text_from_files_is_escaped(client: TestClient) -> None:
    project = make_project(client)
    hostile = "Ana: What happened?\nBo: <script>alert('x')</script> the import <b>failed</b> again.\n"
    source = upload(client, project["id"], "x.txt", hostile.encode()).json()["source"]
    page = client.get(f"/sources/{source['id']}").text
    assert "<script>alert" not in page
    assert "&lt;script&gt;" in page
    results = client.get(f"/projects/{project['id']}/search", params={"q": "import"}).text
    assert "<script>alert" not in results
    assert "<mark>import</mark>" in results


def test_upload_page_reports_each_file(client: TestClient) -> None:
    project = make_project(client)
    files = [
        ("files", ("panel.txt", PANEL_TRANSCRIPT.encode())),
        ("files", ("empty.txt", b"")),
        ("files", ("survey.csv", SURVEY.encode())),
    ]
    page = client.post(f"/projects/{project['id']}/upload", files=files)
    assert [r.status_code for r in page.history] == [303]  # redirect-after-post: a reload uploads nothing
    assert page.status_code == 200  # one file failed; the others were imported
    assert "panel.txt</strong>: imported as an interview" in page.text
    assert "empty.txt</strong>: not imported" in page.text
    failure = page.text.split("empty.txt</strong>: not imported.", 1)[1].split("</li>", 1)[0].strip()
    assert failure.endswith(".") and "empty.txt" not in failure, failure  # the name is shown once
    assert "survey.csv</strong>: imported as a survey" in page.text
    assert client.get(f"/api/projects/{project['id']}").json()["source_count"] == 2


def test_upload_page_keeps_the_file_name_as_uploaded_in_a_message_with_a_line(client: TestClient) -> None:
    project = make_project(client)
    broken = b"WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nHello.\n\n00:00:05.000 --> 00:00:0x.000\nBye.\n"
    page = client.post(f"/projects/{project['id']}/upload", files=[("files", ("brokentime.vtt", broken))])
    failure = page.text.split("brokentime.vtt</strong>: not imported.", 1)[1].split("</li>", 1)[0].strip()
    assert failure.startswith("Line 6, column 1: "), failure  # the name is shown once, as uploaded
    assert "Brokentime" not in page.text


def test_survey_page_lists_questions_and_answers(client: TestClient) -> None:
    project = make_project(client)
    source = upload(client, project["id"], "survey.csv", SURVEY.encode()).json()["source"]
    page = client.get(f"/sources/{source['id']}")
    assert page.status_code == 200
    assert "What made you start looking for a new CRM?" in page.text
    assert "outgrew the free CRM" in page.text


def test_participant_and_search_pages(client: TestClient) -> None:
    project = make_project(client)
    upload(client, project["id"], "panel.txt", PANEL_TRANSCRIPT.encode())
    people = client.get(f"/projects/{project['id']}/participants")
    assert "Interviewee (panel)" in people.text
    participant_id = client.get(f"/api/projects/{project['id']}/participants").json()["items"][0]["id"]
    detail = client.get(f"/participants/{participant_id}")
    assert "forecast" in detail.text
    empty = client.get(f"/projects/{project['id']}/search", params={"q": "zzzunmatched"})
    assert "Nothing matched" in empty.text


def test_missing_page_is_a_readable_404(client: TestClient) -> None:
    page = client.get("/sources/424242")
    assert page.status_code == 404
    assert "Not found" in page.text and "Source 424242 does not exist." in page.text
