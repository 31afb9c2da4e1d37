"""Guides in a project: built-in templates, copies, edits, and versions that stay as an interview used them."""

from __future__ import annotations

import yaml
from fastapi.testclient import TestClient

from nlp.guides import load_guide, shipped_guide_text, to_document
from tests.app.test_frameworks import own_framework
from tests.factories import make_project


def copy_switch(client: TestClient, project_id: int, name: str | None = None) -> dict:  # type: ignore[type-arg]
    copied = client.post(f"/api/projects/{project_id}/guides", json={"copy_of": {"template_id": "switch", "name": name}})
    assert copied.status_code == 201, copied.text
    return dict(copied.json())


def reworded(detail: dict, text: str) -> str:  # type: ignore[type-arg]
    doc = detail["document"]
    doc["sections"][0]["questions"][0]["text"] = text
    return yaml.safe_dump(doc, sort_keys=False)


def test_templates_are_listed_with_their_content(client: TestClient) -> None:
    templates = {t["id"]: t for t in client.get("/api/guide-templates").json()}
    assert set(templates) >= {"switch", "discovery", "b2b-persona", "journey-survey"}
    assert templates["switch"]["framework"] == "jtbd-timeline" and templates["journey-survey"]["kind"] == "survey"
    detail = client.get("/api/guide-templates/b2b-persona").json()
    assert len(detail["document"]["sections"]) == 11 and detail["yaml"] == shipped_guide_text("b2b-persona")
    assert client.get("/api/guide-templates/nope").status_code == 404


def test_copy_create_and_list(client: TestClient) -> None:
    project = make_project(client)
    first = copy_switch(client, project["id"])
    assert first["name"] == "JTBD switch interview (copy)" and first["version"] == 1
    assert first["based_on"] == "built-in: switch" and first["yaml"].startswith("# JTBD switch interview")
    second = copy_switch(client, project["id"])
    assert second["name"] == "JTBD switch interview (copy 2)"
    named = copy_switch(client, project["id"], name="Our switch guide")
    copy_of_copy = client.post(
        f"/api/projects/{project['id']}/guides", json={"copy_of": {"guide_id": named["id"]}}
    ).json()
    assert copy_of_copy["name"] == "Our switch guide (copy)" and copy_of_copy["based_on"].startswith("guide ")
    doc = to_document(load_guide("journey-survey"))
    doc["name"] = "Short survey"
    from_json = client.post(f"/api/projects/{project['id']}/guides", json={"document": doc})
    assert from_json.status_code == 201 and from_json.json()["kind"] == "survey"
    names = [g["name"] for g in client.get(f"/api/projects/{project['id']}/guides").json()]
    assert sorted(names) == sorted([first["name"], second["name"], "Our switch guide", copy_of_copy["name"], "Short survey"])
    clash = client.post(f"/api/projects/{project['id']}/guides", json={"document": doc})
    assert clash.status_code == 409 and "already has a guide called 'Short survey'" in clash.json()["error"]["message"]


def test_an_invalid_guide_is_refused_with_the_key_path(client: TestClient) -> None:
    project = make_project(client)
    guide = copy_switch(client, project["id"])
    doc = guide["document"]
    doc["sections"][2]["questions"][0]["probes"] = "Why?"
    refused = client.put(f"/api/guides/{guide['id']}", json={"document": doc})
    assert refused.status_code == 400
    error = refused.json()["error"]
    assert error["code"] == "invalid_guide" and error["path"] == "sections[2].questions[0].probes"
    assert error["message"] == "guide: sections[2].questions[0].probes: expected a list, found a string"
    broken = client.put(f"/api/guides/{guide['id']}", json={"yaml": "id: x\n  name: [\n"})
    assert broken.status_code == 400 and "not valid YAML at line 2" in broken.json()["error"]["message"]
    both = client.put(f"/api/guides/{guide['id']}", json={"yaml": "a: 1", "document": {}})
    assert both.status_code == 400
    assert client.get(f"/api/guides/{guide['id']}").json()["version"] == 1  # nothing changed


def test_a_guide_can_use_the_projects_own_framework(client: TestClient) -> None:
    project = make_project(client)
    client.post(f"/api/projects/{project['id']}/frameworks", files={"file": ("ours.yaml", yaml.safe_dump(own_framework()).encode())})
    doc = {"id": "ours", "name": "Sales cycle guide", "description": "d", "framework": "sales-cycle",
           "sections": [{"id": "s", "title": "S", "stage": "evaluate", "questions": [{"id": "q", "text": "Q?", "finds": "F"}]}]}
    assert client.post(f"/api/projects/{project['id']}/guides", json={"document": doc}).status_code == 201
    other = make_project(client, "Other")  # another project does not have that framework
    refused = client.post(f"/api/projects/{other['id']}/guides", json={"document": doc})
    assert refused.status_code == 400 and "unknown journey framework 'sales-cycle'" in refused.json()["error"]["message"]


def test_editing_a_used_guide_adds_a_version_and_the_finished_interview_keeps_its_own(client: TestClient) -> None:
    project = make_project(client)
    guide = copy_switch(client, project["id"])
    original = guide["document"]["sections"][0]["questions"][0]["text"]
    # Not used yet: an edit changes version 1 in place.
    edited = client.put(f"/api/guides/{guide['id']}", json={"yaml": reworded(guide, "What did you buy, and when?")}).json()
    assert edited["version"] == 1 and [v["number"] for v in edited["versions"]] == [1]
    interview = client.post(
        f"/api/projects/{project['id']}/interviews", json={"participant_name": "Maya", "guide_id": guide["id"]}
    ).json()
    client.put(
        f"/api/interviews/{interview['id']}/answers/scene-what-bought",
        json={"text": "Tallybird, in February.", "revision": 1},
    )
    finished = client.post(f"/api/interviews/{interview['id']}/finish").json()

    v2 = client.put(f"/api/guides/{guide['id']}", json={"yaml": reworded(edited, "Which product did you choose?")}).json()
    assert v2["version"] == 2 and [(v["number"], v["used"]) for v in v2["versions"]] == [(1, True), (2, False)]
    v1 = client.get(f"/api/guides/{guide['id']}", params={"version": 1}).json()
    assert v1["document"]["sections"][0]["questions"][0]["text"] == "What did you buy, and when?" != original
    kept = client.get(f"/api/interviews/{interview['id']}").json()
    assert kept["guide_version"] == 1 and kept["guide"]["sections"][0]["questions"][0]["text"] == "What did you buy, and when?"
    coverage = client.get(f"/api/sources/{finished['source_id']}/coverage").json()
    assert coverage["guide_version"] == 1 and coverage["questions"][0]["text"] == "What did you buy, and when?"
    # Version 2 is unused: another edit changes it in place; the same text again changes nothing.
    v2b = client.put(f"/api/guides/{guide['id']}", json={"yaml": reworded(v2, "Which tool did you choose?")}).json()
    assert v2b["version"] == 2 and len(v2b["versions"]) == 2
    assert client.put(f"/api/guides/{guide['id']}", json={"yaml": v2b["yaml"]}).json()["version"] == 2
    # A new interview runs from the latest version.
    newer = client.post(
        f"/api/projects/{project['id']}/interviews", json={"participant_name": "Ken", "guide_id": guide["id"]}
    ).json()
    assert newer["guide_version"] == 2
    # A guide with used versions cannot be deleted; an unused one can.
    assert client.delete(f"/api/guides/{guide['id']}").status_code == 409
    spare = copy_switch(client, project["id"])
    assert client.delete(f"/api/guides/{spare['id']}").status_code == 200
    assert client.get(f"/api/guides/{spare['id']}").status_code == 404


def test_running_a_built_in_guide_snapshots_it_once(client: TestClient) -> None:
    project = make_project(client)
    url = f"/api/projects/{project['id']}/interviews"
    a = client.post(url, json={"participant_name": "A", "template_id": "discovery"}).json()
    b = client.post(url, json={"participant_name": "B", "template_id": "discovery"}).json()
    assert a["guide_version_id"] == b["guide_version_id"] and a["template_id"] == "discovery"
    assert a["guide_id"] is None and a["guide_name"] == "JTBD discovery interview"


def test_guide_pages(client: TestClient) -> None:
    project = make_project(client)
    page = client.get(f"/projects/{project['id']}/guides")
    assert page.status_code == 200
    assert "No guides of this project's own yet" in page.text and "JTBD switch interview" in page.text
    template = client.get(f"/projects/{project['id']}/guides/templates/b2b-persona")
    assert "(11) How digital the person is" in template.text and "profile · no stage" in template.text
    copied = client.post(f"/projects/{project['id']}/guides", data={"template_id": "switch"}, follow_redirects=False)
    assert copied.status_code == 303
    guide_url = copied.headers["location"]
    shown = client.get(guide_url).text
    assert "Run interview" in shown and "first-thought" in shown and "Versions" in shown
    edit_url = f"{guide_url}/edit"
    assert "Version 1 has not been used yet" in client.get(edit_url).text
    bad = client.post(edit_url, data={"yaml": "id: x\nname: y\ndescription: z\nframework: seven-step\nsections: 3\n"})
    assert bad.status_code == 400 and "sections: expected a list, found a number" in bad.text
    good_yaml = shipped_guide_text("journey-survey").replace("Seven-step journey survey", "Our survey")
    saved = client.post(edit_url, data={"yaml": good_yaml}, follow_redirects=False)
    assert saved.status_code == 303 and "Our survey" in client.get(saved.headers["location"]).text
    empty = client.post(f"/projects/{project['id']}/guides", data={})
    assert empty.status_code == 400 and "Paste a guide in YAML" in empty.text
