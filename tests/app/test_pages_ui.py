"""Issue 12's UI faults, checked on the rendered pages and exports: wording, who said a quote, duplicates,
redirect-after-post, the framework choice, the favicon, the skip link and labels, coding progress."""

from __future__ import annotations

import itertools
import re
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.coding.models import CodingJob
from app.coding.progress import coding_badges, coding_percent
from app.db import utcnow
from app.jobs.models import JobStatus
from app.jobs.runner import InlineRunner
from app.quotes import distinct, normalise
from app.sources.models import Source, SourceStatus
from app.web import cut_words, plural, with_article
from tests.factories import PANEL_TRANSCRIPT, make_project, two_group_study, upload
from tests.topic_fakes import topic_factory


@pytest.fixture
def study(app: FastAPI, db: Engine, client: TestClient) -> dict[str, Any]:
    app.state.runner = InlineRunner(db, topic_factory)
    project = two_group_study(client, "UI study", per_group=2)
    client.post(f"/api/projects/{project['id']}/themes/runs", json={"scope": "all"})
    client.post(f"/api/projects/{project['id']}/personas/runs", json={})
    return project


def test_plural_article_and_word_cut_filters() -> None:
    assert [plural(1, "participant"), plural(0, "participant"), plural(2, "persona")] == [
        "1 participant",
        "0 participants",
        "2 personas",
    ]
    assert plural(1, "person", "people") == "1 person" and plural(3, "person", "people") == "3 people"
    assert [with_article("interview"), with_article("survey")] == ["an interview", "a survey"]
    label = "Onboarding took weeks because the importer dropped contacts"
    cut = cut_words(label, 30)
    assert cut.endswith("…") and len(cut) <= 30
    assert label.startswith(cut[:-1]) and label[len(cut) - 1] == " "  # cut at a word boundary
    assert cut_words("Short label", 30) == "Short label"


def test_near_duplicate_quotes_are_shown_once() -> None:
    assert normalise("  Too SLOW, honestly!  ") == normalise("too slow honestly")
    quotes = [
        {"text": "Too slow!"},
        {"text": "too  slow"},
        {"text": "Too slow to load."},
        {"text": "TOO SLOW"},
    ]
    assert [q["text"] for q in distinct(quotes)] == ["Too slow!", "Too slow to load."]
    # The conjunctions and fillers that open a sentence make no other quote.
    again = [{"text": "And I have recommended it."}, {"text": "But, um, I have recommended it!"}]
    assert [q["text"] for q in distinct(again)] == ["And I have recommended it."]


def test_the_project_form_offers_every_framework_and_creates_with_the_chosen_one(client: TestClient) -> None:
    form = client.get("/").text
    options = re.findall(r'<option value="([a-z0-9-]+)"', form)
    assert {"seven-step", "jtbd-timeline", "b2b-five"} <= set(options)
    assert '<option value="seven-step" selected>' in form
    page = client.post("/projects", data={"name": "Timeline", "framework": "jtbd-timeline"})
    assert [r.status_code for r in page.history] == [303]
    project = next(p for p in client.get("/api/projects").json() if p["name"] == "Timeline")
    assert project["framework"] == "jtbd-timeline"
    refused = client.post("/projects", data={"name": "Bad", "framework": "no-such-framework"})
    assert refused.status_code == 400 and "no-such-framework" in refused.text  # says what is wrong
    assert "Bad" not in [p["name"] for p in client.get("/api/projects").json()]


def test_a_new_token_is_shown_once_after_a_redirect(client: TestClient) -> None:
    posted = client.post("/account/tokens", data={"name": "notebook"}, follow_redirects=False)
    assert posted.status_code == 303 and posted.headers["location"] == "/account"
    shown = client.get("/account")
    token = re.search(r"<code>(dl_[^<]+)</code>", shown.text)
    assert token is not None and shown.headers["cache-control"] == "no-store"
    again = client.get("/account")  # a reload: the flash is gone, and nothing was posted again
    assert token.group(1) not in again.text and "Copy this token now" not in again.text
    assert [t["name"] for t in client.get("/api/auth/tokens").json()].count("notebook") == 1
    assert (
        client.get("/api/auth/me", headers={"Authorization": f"Bearer {token.group(1)}"}).status_code == 200
    )


def test_upload_results_come_after_a_redirect_and_a_reload_imports_nothing(client: TestClient) -> None:
    project = make_project(client)
    files = [("files", ("panel.txt", PANEL_TRANSCRIPT.encode()))]
    posted = client.post(f"/projects/{project['id']}/upload", files=files, follow_redirects=False)
    assert posted.status_code == 303
    shown = client.get(posted.headers["location"])
    assert "imported as an interview" in shown.text and "1 participant." in shown.text
    assert "imported as" not in client.get(posted.headers["location"]).text  # shown once
    assert client.get(f"/api/projects/{project['id']}").json()["source_count"] == 1


def test_every_page_has_a_skip_link_first_an_icon_and_the_favicon_is_served(
    client: TestClient, anonymous: TestClient
) -> None:
    page = client.get("/").text
    body = page[page.index("<body>") :]
    first_focusable = re.search(r"<(a|button|input|select|textarea)\b[^>]*>", body)
    assert first_focusable is not None and 'class="skip" href="#main"' in first_focusable.group(0)
    assert '<main id="main" tabindex="-1">' in page and 'rel="icon"' in page
    icon = anonymous.get("/favicon.ico")
    assert icon.status_code == 200 and icon.headers["content-type"] == "image/x-icon"
    assert icon.content[:4] == b"\x00\x00\x01\x00"  # an ICO header


def test_wording_on_project_personas_and_themes_pages(client: TestClient, study: dict[str, Any]) -> None:
    pid = study["id"]
    personas = client.get(f"/projects/{pid}/personas").text
    assert "Quality by number tried" not in personas
    assert re.search(r"<td>\d+ personas?</td><td>-?\d\.\d\d</td>", personas)  # "2 personas | 0.10"
    assert not re.search(r"\b1 (participants|personas)\b", personas)
    themes = client.get(f"/projects/{pid}/themes").text
    assert not re.search(r"\b1 (participants|utterances)\b", themes)
    for label in re.findall(r'font-size="12"><title>([^<]*)</title>([^<]*)</text>', themes):
        full, shown = label
        assert shown == full or (shown.endswith("…") and full.startswith(shown[:-1]))


def test_quotes_say_who_said_them_on_pages_and_in_markdown(client: TestClient, study: dict[str, Any]) -> None:
    pid = study["id"]
    names = {p["display_name"] for p in client.get(f"/api/projects/{pid}/participants").json()["items"]}
    forces = client.get(f"/projects/{pid}/forces").text
    said = re.findall(r'<span class="said-by">— ([^<]+)</span>', forces)
    assert said and set(said) <= names
    themes = client.get(f"/projects/{pid}/themes").text
    assert set(re.findall(r'<span class="said-by">— ([^<]+)</span>', themes)) <= names
    assert re.findall(r'<span class="said-by">', themes)
    markdown = client.get(f"/api/projects/{pid}/forces/export?format=md").text
    quote_lines = [i for i, line in enumerate(markdown.splitlines()) if line.startswith("> ")]
    assert len(quote_lines) >= 2
    assert all(b - a >= 2 for a, b in itertools.pairwise(quote_lines))  # never merged
    assert all(" — " in markdown.splitlines()[i] for i in quote_lines)


def test_coding_badges_show_progress(client: TestClient, db: Engine) -> None:
    assert [coding_percent(0, 0), coding_percent(2, 5), coding_percent(5, 5)] == [0, 40, 99]
    project = make_project(client)
    source = upload(client, project["id"], "panel.txt", PANEL_TRANSCRIPT.encode()).json()["source"]
    with Session(db) as session:
        job = session.exec(select(CodingJob).where(CodingJob.source_id == source["id"])).one()  # queued
        row = session.get(Source, source["id"])
        assert row is not None
        row.status = SourceStatus.CODING
        session.add(row)
        session.commit()
        assert coding_badges(session, source_ids=[source["id"]]) == {source["id"]: "queued"}
    assert '<span class="badge">queued</span>' in client.get(f"/projects/{project['id']}").text
    with Session(db) as session:  # claimed, its models loading: no start time yet
        job = session.exec(select(CodingJob).where(CodingJob.source_id == source["id"])).one()
        job.status, job.total, job.done = JobStatus.RUNNING, 10, 0
        session.add(job)
        session.commit()
        assert coding_badges(session, source_ids=[source["id"]]) == {source["id"]: "loading models"}
    assert '<span class="badge">loading models</span>' in client.get(f"/projects/{project['id']}").text
    with Session(db) as session:
        job = session.exec(select(CodingJob).where(CodingJob.source_id == source["id"])).one()
        job.started_at, job.done = utcnow(), 4
        session.add(job)
        session.commit()
        assert coding_badges(session, source_ids=[source["id"]]) == {source["id"]: "coding 40%"}
    assert '<span class="badge">coding 40%</span>' in client.get(f"/projects/{project['id']}").text
