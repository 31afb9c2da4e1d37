"""Redaction on import with stable pseudonyms, original files only when allowed, and erasure."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.factories import make_project, upload

FIRST = """Maya Lindqvist: Thanks for joining, Daniel. What happened before you switched?
Daniel Reyes: Honestly the spreadsheet broke. Email me at daniel.reyes@freightline.io or call +1 (415) 555-0134 if you need the file.
Maya Lindqvist: And who else was involved?
Daniel Reyes: My co-founder Sam pushed for it. Our pricing page is https://freightline.example.com/pricing by the way.
"""
SECOND = """Jon Okafor: Welcome back Daniel, how is it going now?
Daniel Reyes: Better. Reyes is my last name, and yes, Daniel Reyes is still the one who pays for it.
"""


def _texts(client: TestClient, project_id: int) -> str:
    items = client.get(f"/api/projects/{project_id}/utterances", params={"page_size": 500}).json()["items"]
    return "\n".join(f"{u['speaker_label']}: {u['text']}" for u in items)


def test_redaction_replaces_contacts_and_names_with_stable_pseudonyms(client: TestClient) -> None:
    project = make_project(client, "Private")
    client.patch(f"/api/projects/{project['id']}", json={"redact_on_import": True})
    upload(client, project["id"], "first.txt", FIRST.encode())
    upload(client, project["id"], "second.txt", SECOND.encode())
    text = _texts(client, project["id"])
    for secret in ("Daniel", "Reyes", "daniel.reyes@", "555-0134", "freightline.example.com", "Sam", "Maya", "Okafor"):
        assert secret not in text, secret
    assert "[email]" in text and "[phone]" in text and "[url]" in text and "[Person]" in text
    people = client.get(f"/api/projects/{project['id']}/participants").json()["items"]
    # Daniel in both interviews is one participant, known only by a pseudonym.
    assert [p["display_name"] for p in people] == ["Participant 1"]
    assert "[Participant 1]" in text
    speakers = client.get(f"/api/projects/{project['id']}/sources").json()["items"]
    for source in speakers:
        labels = {s["label"] for s in client.get(f"/api/sources/{source['id']}/speakers").json()}
        assert labels == {"Interviewer 1", "Participant 1"}
    assert "Daniel" not in client.get(f"/api/projects/{project['id']}/search", params={"q": "daniel"}).text


def test_without_redaction_names_stay(client: TestClient) -> None:
    project = make_project(client, "Open")
    upload(client, project["id"], "first.txt", FIRST.encode())
    assert "daniel.reyes@freightline.io" in _texts(client, project["id"])


def test_original_files_are_kept_only_when_the_project_allows(client: TestClient) -> None:
    project = make_project(client, "No originals", keep_original_files=False)
    source = upload(client, project["id"], "first.txt", FIRST.encode()).json()["source"]
    response = client.get(f"/api/sources/{source['id']}/file")
    assert response.status_code == 404
    assert "does not keep original files" in response.json()["error"]["message"]
    # The hash is still kept, so the same file is still recognised as a duplicate.
    assert upload(client, project["id"], "again.txt", FIRST.encode()).status_code == 409


def test_erasing_a_participant_leaves_nothing_of_theirs(client: TestClient) -> None:
    project = make_project(client, "Erase")
    upload(client, project["id"], "first.txt", FIRST.encode())
    upload(client, project["id"], "second.txt", SECOND.encode())
    daniel = next(
        p for p in client.get(f"/api/projects/{project['id']}/participants").json()["items"] if p["display_name"] == "Daniel Reyes"
    )
    report = client.delete(f"/api/participants/{daniel['id']}")
    assert report.status_code == 200
    body = report.json()
    assert body["utterances"] >= 4 and body["speakers"] == 2 and len(body["sources_touched"]) == 2

    assert client.get(f"/api/participants/{daniel['id']}").status_code == 404
    utterances = client.get(f"/api/projects/{project['id']}/utterances", params={"page_size": 500}).json()["items"]
    assert all(u["participant_id"] != daniel["id"] for u in utterances)
    assert all(u["speaker_role"] == "interviewer" for u in utterances)
    assert client.get(f"/api/projects/{project['id']}/search", params={"q": "spreadsheet"}).json()["total"] == 0
    for source in client.get(f"/api/projects/{project['id']}/sources").json()["items"]:
        labels = {s["label"] for s in client.get(f"/api/sources/{source['id']}/speakers").json()}
        assert "Daniel Reyes" not in labels
        assert source["utterance_count"] == len([u for u in utterances if u["source_id"] == source["id"]])
    events = client.get(f"/api/projects/{project['id']}/audit").json()["items"]
    assert events[0]["action"] == "participant.erase"
    assert "Daniel" not in str(events[0]["detail"])


def test_consent_is_recorded_per_participant(client: TestClient) -> None:
    project = make_project(client, "Consent")
    upload(client, project["id"], "first.txt", FIRST.encode())
    person = client.get(f"/api/projects/{project['id']}/participants").json()["items"][0]
    assert person["consent"] == "unknown"
    updated = client.patch(f"/api/participants/{person['id']}", json={"consent": "withdrawn"})
    assert updated.json()["consent"] == "withdrawn"
    assert client.patch(f"/api/participants/{person['id']}", json={"consent": "maybe"}).status_code == 422


def test_audit_log_records_uploads_exports_deletions_and_role_changes(client: TestClient) -> None:
    project = make_project(client, "Audited")
    source = upload(client, project["id"], "first.txt", FIRST.encode()).json()["source"]
    client.get(f"/api/sources/{source['id']}/file")
    client.delete(f"/api/sources/{source['id']}")
    actions = [e["action"] for e in client.get(f"/api/projects/{project['id']}/audit").json()["items"]]
    assert actions == ["source.delete", "source.export", "source.upload"]
    assert all(e["actor_email"] == "owner@example.com" for e in client.get(f"/api/projects/{project['id']}/audit").json()["items"])


def test_owner_sets_privacy_and_erases_from_the_pages(client: TestClient) -> None:
    project = make_project(client, "Pages")
    page = client.get(f"/projects/{project['id']}")
    assert "Redact on import" in page.text
    client.post(f"/projects/{project['id']}/settings", data={"redact_on_import": "true"})
    settings = client.get(f"/api/projects/{project['id']}").json()
    assert settings["redact_on_import"] is True and settings["keep_original_files"] is False

    upload(client, project["id"], "first.txt", FIRST.encode())
    person = client.get(f"/api/projects/{project['id']}/participants").json()["items"][0]
    shown = client.get(f"/participants/{person['id']}")
    assert "Erase participant" in shown.text and "Daniel" not in shown.text
    erased = client.post(f"/participants/{person['id']}/erase")
    assert erased.status_code == 200 and "Participant erased" in erased.text
    assert client.get(f"/api/projects/{project['id']}/participants").json()["items"] == []
