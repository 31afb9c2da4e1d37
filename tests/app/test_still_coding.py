"""Journey map and forces say when some of the project's sources are still being coded (walk4: while the
demo's survey was being coded, the journey map read "From 1724 substantive respondent utterances" as if
final; it ended at 3642)."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from app.coding.jobs import run_job
from tests.app.jobs.helpers import queued_source
from tests.fakes import fake_factory

NOTICE = "1 source still being coded:"


def test_journey_and_forces_say_a_source_is_still_being_coded_until_it_is(
    db: Engine, client: TestClient
) -> None:
    source_id, job_id = queued_source(client)  # the runner is off: the job waits
    project_id = client.get(f"/api/sources/{source_id}").json()["project_id"]
    pages = [f"/projects/{project_id}/journey", f"/projects/{project_id}/forces"]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200 and NOTICE in response.text, page

    run_job(db, job_id, fake_factory)

    for page in pages:
        response = client.get(page)
        assert response.status_code == 200 and "still being coded" not in response.text, page
