import hashlib

from fastapi.testclient import TestClient

from tests.factories import PANEL_TRANSCRIPT, counts, make_project, upload


def test_upload_returns_source_with_counts(client: TestClient) -> None:
    project = make_project(client)
    response = upload(client, project["id"], "panel.txt", PANEL_TRANSCRIPT.encode())
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["source"]["kind"] == "interview"
    assert body["source"]["format"] == "txt"
    assert body["turns"] == 8
    assert body["participants"] == 1
    # Long turns are split into sentences: more utterances than turns.
    assert body["utterances"] > body["turns"]
    assert counts(client, project["id"]) == (1, 1, body["utterances"])


def test_two_interviewers_and_an_interviewee_get_their_roles(client: TestClient) -> None:
    project = make_project(client)
    source = upload(client, project["id"], "panel.txt", PANEL_TRANSCRIPT.encode()).json()["source"]
    speakers = {s["label"]: s["role"] for s in client.get(f"/api/sources/{source['id']}/speakers").json()}
    assert speakers == {
        "Interviewer 1": "interviewer",
        "Interviewer 2": "interviewer",
        "Interviewee": "respondent",
    }
    respondents = client.get(
        f"/api/projects/{project['id']}/utterances", params={"speaker_role": "respondent", "page_size": 500}
    ).json()
    assert respondents["total"] > 0
    assert all(u["speaker_label"] == "Interviewee" for u in respondents["items"])
    assert any("spreadsheet that broke every Monday" in u["text"] for u in respondents["items"])


def test_role_override_moves_utterances(client: TestClient) -> None:
    project = make_project(client)
    text = "Ana: What do you use today?\nBo: A spreadsheet, and it keeps breaking on us every week.\n"
    source = upload(client, project["id"], "ab.txt", text.encode(), roles='{"Ana": "respondent"}').json()
    speakers = client.get(f"/api/sources/{source['source']['id']}/speakers").json()
    ana = next(s for s in speakers if s["label"] == "Ana")
    assert ana["role"] == "respondent"
    response = client.patch(
        f"/api/sources/{source['source']['id']}/speakers/{ana['id']}", json={"role": "interviewer"}
    )
    assert response.status_code == 200
    assert response.json()["role_overridden"] is True
    roles = {
        u["speaker_label"]: u["speaker_role"]
        for u in client.get(f"/api/projects/{project['id']}/utterances").json()["items"]
    }
    assert roles["Ana"] == "interviewer"


def test_original_file_is_kept_byte_for_byte(client: TestClient) -> None:
    project = make_project(client)
    data = ("\ufeff" + PANEL_TRANSCRIPT).encode("utf-8").replace(b"\n", b"\r\n")
    source = upload(client, project["id"], "panel.txt", data).json()["source"]
    assert source["sha256"] == hashlib.sha256(data).hexdigest()
    download = client.get(f"/api/sources/{source['id']}/file")
    assert download.content == data
    assert download.headers["x-content-sha256"] == source["sha256"]


def test_delete_removes_the_source_rows_together(client: TestClient) -> None:
    project = make_project(client)
    first = upload(client, project["id"], "panel.txt", PANEL_TRANSCRIPT.encode()).json()["source"]
    other = "Q: Why did you switch?\nMarta Ruiz: The old CRM was far too expensive for a team of five.\n"
    upload(client, project["id"], "marta.txt", other.encode())
    before = counts(client, project["id"])

    removed = client.delete(f"/api/sources/{first['id']}")
    assert removed.status_code == 200
    assert removed.json()["participants"] == 1
    assert client.get(f"/api/sources/{first['id']}").status_code == 404
    sources, participants, utterances = counts(client, project["id"])
    assert (sources, participants) == (1, 1)
    assert 0 < utterances < before[2]
    hits = client.get(f"/api/projects/{project['id']}/search", params={"q": "spreadsheet"}).json()
    assert hits["total"] == 0
    # The same file can be imported again once it is gone.
    assert upload(client, project["id"], "panel.txt", PANEL_TRANSCRIPT.encode()).status_code == 201


def test_utterances_paginate_and_filter(client: TestClient) -> None:
    project = make_project(client)
    source = upload(client, project["id"], "panel.txt", PANEL_TRANSCRIPT.encode()).json()
    url = f"/api/projects/{project['id']}/utterances"
    page1 = client.get(url, params={"page_size": 5}).json()
    page2 = client.get(url, params={"page_size": 5, "page": 2}).json()
    assert page1["total"] == source["utterances"]
    assert len(page1["items"]) == 5
    assert {u["id"] for u in page1["items"]}.isdisjoint({u["id"] for u in page2["items"]})
    order = [(u["turn"], u["sentence"]) for u in page1["items"] + page2["items"]]
    assert order == sorted(order)
    interviewers = client.get(url, params={"speaker_role": "interviewer", "page_size": 500}).json()
    assert {u["speaker_label"] for u in interviewers["items"]} == {"Interviewer 1", "Interviewer 2"}
    assert client.get(url, params={"speaker_role": "nobody"}).status_code == 422


def test_format_is_recognised_by_content_not_by_name(client: TestClient) -> None:
    project = make_project(client)
    vtt = b"WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Ana>What do you use today?\n\n00:00:05.000 --> 00:00:09.000\n<v Bo>A spreadsheet that keeps breaking.\n"
    body = upload(client, project["id"], "call-notes.txt", vtt).json()
    assert body["source"]["format"] == "vtt"
    assert body["turns"] == 2
