"""Personas in the service: two clearly different groups come out as two personas, canvases cite
verbatim evidence, researchers' edits are kept, marked, and carried to the next run."""

from __future__ import annotations

from html import escape
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from app.jobs.runner import InlineRunner
from tests.factories import group_interview, two_group_study, upload
from tests.topic_fakes import topic_factory


@pytest.fixture
def study(app: FastAPI, db: Engine, client: TestClient) -> dict[str, Any]:
    app.state.runner = InlineRunner(db, topic_factory)
    return two_group_study(client, "Persona study")


def build(client: TestClient, project_id: int, **body: Any) -> dict[str, Any]:
    response = client.post(f"/api/projects/{project_id}/personas/runs", json=body)
    assert response.status_code == 202, response.text
    listing = client.get(f"/api/projects/{project_id}/personas").json()
    assert listing["run"]["id"] == response.json()["id"], listing
    return dict(listing)


def names_by_persona(client: TestClient, listing: dict[str, Any]) -> list[set[str]]:
    return [{m["name"][:3] for m in p["members"]} for p in listing["personas"]]


def utterance_texts(client: TestClient, project_id: int) -> dict[int, str]:
    page = client.get(f"/api/projects/{project_id}/utterances", params={"page_size": 500}).json()
    assert page["total"] <= 500
    return {u["id"]: u["text"] for u in page["items"]}


def test_two_groups_become_two_personas(client: TestClient, study: dict[str, Any]) -> None:
    listing = build(client, study["id"])
    assert len(listing["personas"]) == 2
    groups = sorted(names_by_persona(client, listing), key=sorted)
    assert groups == [{"Fay"}, {"Oli"}]
    assert listing["run"]["settings"]["k_chosen"] == 2


def test_number_of_personas_can_be_set(client: TestClient, study: dict[str, Any]) -> None:
    listing = build(client, study["id"], k=3)
    assert len(listing["personas"]) == 3
    assert sum(p["size"] for p in listing["personas"]) == 6


def test_one_persona_is_counted_in_the_singular(client: TestClient, study: dict[str, Any]) -> None:
    listing = build(client, study["id"], k=1)
    assert len(listing["personas"]) == 1
    assert listing["run"]["message"].startswith("1 persona from 6 participants (")


def test_every_field_is_evidence_or_says_it_has_none(client: TestClient, study: dict[str, Any]) -> None:
    listing = build(client, study["id"])
    texts = utterance_texts(client, study["id"])
    for persona in listing["personas"]:
        assert [f["key"] for f in persona["fields"]][:2] == ["identity", "company"]
        assert len(persona["fields"]) == 11
        for field in persona["fields"]:
            assert len(field["quotes"]) <= 5
            for quote in field["quotes"]:
                assert texts[quote["utterance_id"]] == quote["text"]
            if field["key"] != "picture" and field["value"] is None:
                assert field["empty"]
    company = next(f for f in listing["personas"][0]["fields"] if f["key"] == "company")
    assert company["value"] is None and company["empty"]  # nobody said or recorded anything about it


def test_edits_are_marked_and_survive_a_rebuild(client: TestClient, study: dict[str, Any]) -> None:
    listing = build(client, study["id"])
    persona = listing["personas"][0]
    quote = next(q for f in persona["fields"] for q in f["quotes"])
    url = f"/api/projects/{study['id']}/personas/{persona['id']}/fields"
    response = client.patch(
        f"{url}/price", json={"value": "Price decides the deal", "pinned": [quote["utterance_id"]]}
    )
    assert response.status_code == 200, response.text
    price = next(f for f in response.json()["fields"] if f["key"] == "price")
    assert (
        price["edited"]
        and price["value"] == "Price decides the deal"
        and price["edited_by"] == "owner@example.com"
    )
    assert price["quotes"][0]["utterance_id"] == quote["utterance_id"] and price["quotes"][0]["pinned"]
    members = {m["id"] for m in persona["members"]}
    again = build(client, study["id"])
    same = next(p for p in again["personas"] if {m["id"] for m in p["members"]} == members)
    price = next(f for f in same["fields"] if f["key"] == "price")
    assert price["edited"] and price["value"] == "Price decides the deal"
    reset = client.patch(
        f"/api/projects/{study['id']}/personas/{same['id']}/fields/price", json={"reset": True}
    )
    assert not next(f for f in reset.json()["fields"] if f["key"] == "price")["edited"]


def test_pinning_a_stranger_s_quote_is_refused(client: TestClient, study: dict[str, Any]) -> None:
    listing = build(client, study["id"])
    first, second = listing["personas"]
    foreign = next(q for f in second["fields"] for q in f["quotes"])
    url = f"/api/projects/{study['id']}/personas/{first['id']}/fields/jobs"
    response = client.patch(url, json={"pinned": [foreign["utterance_id"]]})
    assert response.status_code == 400
    assert (
        client.patch(f"/api/projects/{study['id']}/personas/{first['id']}/fields/nope", json={}).status_code
        == 404
    )


def test_picture_is_generated_until_one_is_uploaded(client: TestClient, study: dict[str, Any]) -> None:
    persona = build(client, study["id"])["personas"][0]
    url = f"/api/projects/{study['id']}/personas/{persona['id']}/picture"
    generated = client.get(url)
    assert (
        generated.headers["content-type"].startswith("image/svg+xml")
        and persona["initials"] in generated.text
    )
    bad = client.put(url, files={"file": ("x.gif", b"GIF89a....")})
    assert bad.status_code == 400
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
    assert client.put(url, files={"file": ("me.png", png)}).status_code == 204
    assert client.get(url).content == png


def test_persona_pages_render(client: TestClient, study: dict[str, Any]) -> None:
    assert "No personas yet" in client.get(f"/projects/{study['id']}/personas").text
    persona = build(client, study["id"])["personas"][0]
    listing = client.get(f"/projects/{study['id']}/personas")
    assert persona["name"] in listing.text
    page = client.get(f"/projects/{study['id']}/personas/{persona['id']}")
    assert page.status_code == 200 and persona["name"] in page.text
    assert all(f["title"] in page.text for f in persona["fields"])
    assert persona["subtitle"]  # what the members share, under the name
    assert escape(persona["subtitle"]) in listing.text and escape(persona["subtitle"]) in page.text


def test_a_participant_who_said_nothing_substantive_is_left_out_with_the_reason(
    client: TestClient, study: dict[str, Any]
) -> None:
    fragment = b"Interviewer: Could you introduce yourself?\nZed: [REDACTED; Introduction]\n"
    fragment += (
        b"Interviewer: And what do you do?\nZed: Yeah.\nInterviewer: Thank you.\nZed: Thank you, bye.\n"
    )
    assert upload(client, study["id"], "zed.txt", fragment).status_code == 201

    listing = build(client, study["id"])

    assert all("Zed" not in {m["name"] for m in p["members"]} for p in listing["personas"])
    [left_out] = listing["run"]["settings"]["left_out"]
    assert left_out["name"] == "Zed" and "substantive" in left_out["reason"]
    page = client.get(f"/projects/{study['id']}/personas").text
    assert "1 participant left out of the personas" in page and "Zed" in page


def test_the_no_content_count_is_of_the_chosen_population_only(
    client: TestClient, study: dict[str, Any]
) -> None:
    """walk4: personas of the interviewees said "185 utterances without content left out", counting the
    survey respondents' backchannels too (the interviews held 66)."""
    rows = ["ResponseId,What made you switch?"]
    rows += [
        f"R{i},Yeah.\nR{i + 10},Our invoices took days to reconcile every single month." for i in range(4)
    ]
    survey = ("\n".join(rows) + "\n").encode()
    assert upload(client, study["id"], "survey.csv", survey, kind="survey").status_code == 201

    everyone = build(client, study["id"])["run"]["message"]
    interviewees = build(client, study["id"], population="interviews")["run"]["message"]

    assert "4 utterances without content left out (4 backchannel)" in everyone
    assert "without content" not in interviewees  # every interview line has content


def test_a_number_the_demo_set_is_not_said_to_be_the_researcher_s(
    client: TestClient, db: Engine, study: dict[str, Any]
) -> None:
    """walk: the demo's personas run said "number set by the researcher", though the demo queued k=2."""
    from sqlmodel import Session

    from app.analysis.jobs import queue_analysis, run_analysis
    from app.analysis.models import AnalysisKind, AnalysisRun
    from app.db import session_scope

    with session_scope(db) as session:
        settings = {"k": 2, "max_k": 6, "k_set_by": "demo"}
        run_id = queue_analysis(
            session, project_id=study["id"], kind=AnalysisKind.PERSONAS, settings=settings
        ).id
    run_analysis(db, run_id or 0)
    with Session(db) as session:
        message = session.get(AnalysisRun, run_id).message or ""  # type: ignore[union-attr]
    assert "(number set by the demo)" in message and "researcher" not in message
    assert "(number set by the researcher)" in build(client, study["id"], k=2)["run"]["message"]


def test_a_k_that_makes_a_persona_of_one_group_interview_is_passed_over_and_the_page_says_so(
    client: TestClient, study: dict[str, Any]
) -> None:
    """Three farmers interviewed together share a topic nobody else raises: the scores prefer them as a
    third persona, but one conversation is no kind of customer; two personas are chosen and the table
    of scores says why three were passed over."""
    response = upload(client, study["id"], "farm-group.txt", group_interview(heading=False).encode())
    assert response.status_code == 201, response.text
    listing = build(client, study["id"])
    settings = listing["run"]["settings"]
    assert settings["k_chosen"] == 2 and settings["scores"]["3"] > settings["scores"]["2"]
    assert settings["passed_over"]["3"]["title"] == "farm-group.txt"
    members = [{m["name"][:3] for m in p["members"]} for p in listing["personas"]]
    assert {"Fay"} in members and {"Ann", "Ben", "Cal"} not in members
    page = client.get(f"/projects/{study['id']}/personas").text
    assert "passed over: one persona would be only the respondents of one interview" in page
    assert f'<a href="/sources/{settings["passed_over"]["3"]["source_id"]}">farm-group.txt</a>' in page


def test_a_group_interview_set_aside_at_every_k_is_named_on_the_page(
    client: TestClient, study: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The grouping says which conversation it set aside (`nlp.aggregate.personas` tests when); the page
    names it, linked, and says what was done."""
    from app.personas import service

    real = service.group_participants
    sources = client.get(f"/api/projects/{study['id']}/sources").json()["items"]
    apart = next(s for s in sources if s["filename"] == "ops1.txt")

    def grouping_with_one_set_aside(*args: Any, **kwargs: Any) -> Any:
        grouping = real(*args, **kwargs)
        grouping.set_aside = [str(apart["id"])]
        return grouping

    monkeypatch.setattr(service, "group_participants", grouping_with_one_set_aside)
    listing = build(client, study["id"])
    assert listing["run"]["settings"]["set_aside"] == [{"source_id": apart["id"], "title": "ops1.txt"}]
    page = client.get(f"/projects/{study['id']}/personas").text
    assert (
        f'<a href="/sources/{apart["id"]}">ops1.txt</a>: its respondents stood apart as a persona of their own'
        in page
    )
    assert "each joined the persona nearest them" in page
