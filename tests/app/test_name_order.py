"""Names in the order a person expects ("Person 2" before "Person 10") on participant lists, across
pages, and in a survey's "who chose" list."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from app.words import natural_key
from tests.factories import FINANCE_LINES, interview, make_project, upload

PEOPLE = [f"Person {i}" for i in range(12)]  # 0..11: plain text order puts 10 and 11 after 1


def test_the_natural_key_orders_numbers_as_numbers_and_ignores_case() -> None:
    names = ["Person 10", "person 2", "Person 1", "Ann 3", "ann 20", "Person 0", "Person 11"]

    assert sorted(names, key=natural_key) == [
        "Ann 3", "ann 20", "Person 0", "Person 1", "person 2", "Person 10", "Person 11"
    ]  # fmt: skip


def _with_people(client: TestClient) -> int:
    project = make_project(client, "Names")
    for name in reversed(PEOPLE):
        response = client.post(f"/api/projects/{project['id']}/participants", json={"display_name": name})
        assert response.status_code == 201, response.text
    return int(project["id"])


def test_participants_with_equal_counts_come_in_natural_name_order_across_pages(client: TestClient) -> None:
    project_id = _with_people(client)
    url = f"/api/projects/{project_id}/participants"

    whole = [p["display_name"] for p in client.get(url).json()["items"]]
    paged = [p["display_name"] for page in (1, 2, 3) for p in client.get(url, params={"page": page,
             "page_size": 5}).json()["items"]]  # fmt: skip
    page = client.get(f"/projects/{project_id}/participants").text

    assert whole == PEOPLE
    assert paged == PEOPLE
    shown = re.findall(r">(Person \d+)<", page)
    assert shown == PEOPLE


def test_the_most_vocal_still_come_first(client: TestClient) -> None:
    project_id = _with_people(client)
    response = upload(client, project_id, "dana.txt", interview("Dana", FINANCE_LINES[:3]))
    assert response.status_code == 201, response.text

    names = [p["display_name"] for p in client.get(f"/api/projects/{project_id}/participants").json()["items"]]

    assert names[0] == "Dana" and names[1:] == PEOPLE


def test_who_chose_an_option_is_listed_in_natural_name_order(client: TestClient) -> None:
    rows = "".join(f"R{i},Pro,We needed a better way to track deal number {i}.\n" for i in range(1, 13))
    project = make_project(client, "Who chose")
    response = upload(client, project["id"], "survey.csv", f"Respondent ID,Plan,Why?\n{rows}".encode())
    assert response.status_code == 201, response.text
    source_id = response.json()["source"]["id"]

    page = client.get(f"/sources/{source_id}", params={"closed": "Plan", "choice": "Pro"}).text

    chosen = re.search(r'(?s)<div class="card chosen">.*?</div>', page)
    assert chosen is not None
    assert re.findall(r">Respondent (R\d+)<", chosen.group(0)) == [f"R{i}" for i in range(1, 13)]
