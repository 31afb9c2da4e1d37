"""Every route, called as anonymous, non-member, viewer, researcher and owner, gets the status its
policy says. A route missing from POLICY fails the suite, so no route ships without a decision."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.accounts.models import ApiTokenCreate, User
from app.accounts.passwords import hash_password
from app.accounts.service import create_token
from app.analysis.models import AnalysisKind, AnalysisRun
from app.config import Settings
from app.jobs.models import JobStatus
from app.journeys.models import JourneySnapshot, Opportunity, StageGoal
from app.main import create_app
from app.members.models import Membership, ProjectRole
from app.personas.models import Persona, PersonaMember
from app.themes.models import Theme, ThemeMember
from tests.conftest import PASSWORD
from tests.factories import PANEL_TRANSCRIPT
from tests.fakes import WordOverlapEncoder
from tests.snapshots import Snapshot, empty, restore, take

# What each route needs: "public", "user" (any logged-in user), or a project role.
POLICY: dict[tuple[str, str], str] = {
    ("GET", "/api/health"): "public",
    ("GET", "/favicon.ico"): "public",
    ("GET", "/login"): "public",
    ("POST", "/login"): "public",
    ("GET", "/api/auth/me"): "user",
    ("POST", "/api/auth/password"): "user",
    ("GET", "/api/auth/tokens"): "user",
    ("POST", "/api/auth/tokens"): "user",
    ("DELETE", "/api/auth/tokens/{token_id}"): "user",
    ("POST", "/logout"): "user",
    ("GET", "/account"): "user",
    ("POST", "/account/password"): "user",
    ("POST", "/account/tokens"): "user",
    ("POST", "/account/tokens/{token_id}/revoke"): "user",
    ("GET", "/api/projects"): "user",
    ("POST", "/api/projects"): "user",
    ("GET", "/"): "user",
    ("POST", "/projects"): "user",
    ("GET", "/api/projects/{project_id}"): "viewer",
    ("PATCH", "/api/projects/{project_id}"): "owner",
    ("DELETE", "/api/projects/{project_id}"): "owner",
    ("GET", "/api/projects/{project_id}/members"): "viewer",
    ("POST", "/api/projects/{project_id}/members"): "owner",
    ("PATCH", "/api/projects/{project_id}/members/{user_id}"): "owner",
    ("DELETE", "/api/projects/{project_id}/members/{user_id}"): "owner",
    ("GET", "/api/projects/{project_id}/audit"): "owner",
    ("GET", "/api/projects/{project_id}/participants"): "viewer",
    ("POST", "/api/projects/{project_id}/participants"): "researcher",
    ("POST", "/api/projects/{project_id}/participants/roster"): "researcher",
    ("GET", "/api/participants/{participant_id}"): "viewer",
    ("PATCH", "/api/participants/{participant_id}"): "researcher",
    ("DELETE", "/api/participants/{participant_id}"): "owner",
    ("POST", "/api/projects/{project_id}/sources"): "researcher",
    ("GET", "/api/projects/{project_id}/sources"): "viewer",
    ("GET", "/api/sources/{source_id}"): "viewer",
    ("GET", "/api/sources/{source_id}/file"): "viewer",
    ("GET", "/api/sources/{source_id}/speakers"): "viewer",
    ("PATCH", "/api/sources/{source_id}/speakers/{speaker_id}"): "researcher",
    ("GET", "/api/sources/{source_id}/questions"): "viewer",
    ("GET", "/api/sources/{source_id}/closed-questions"): "viewer",
    ("GET", "/api/sources/{source_id}/closed-questions.csv"): "viewer",
    ("DELETE", "/api/sources/{source_id}"): "owner",
    ("GET", "/api/projects/{project_id}/utterances"): "viewer",
    ("GET", "/api/projects/{project_id}/search"): "viewer",
    ("GET", "/projects/{project_id}"): "viewer",
    ("POST", "/projects/{project_id}/settings"): "owner",
    ("GET", "/projects/{project_id}/members"): "viewer",
    ("POST", "/projects/{project_id}/members"): "owner",
    ("POST", "/projects/{project_id}/members/{user_id}"): "owner",
    ("GET", "/projects/{project_id}/audit"): "owner",
    ("GET", "/projects/{project_id}/upload"): "researcher",
    ("POST", "/projects/{project_id}/upload"): "researcher",
    ("GET", "/sources/{source_id}"): "viewer",
    ("POST", "/sources/{source_id}/speakers/{speaker_id}"): "researcher",
    ("POST", "/sources/{source_id}/utterances/{utterance_id}/content"): "researcher",
    ("POST", "/sources/{source_id}/delete"): "owner",
    ("POST", "/sources/{source_id}/coding"): "researcher",
    ("GET", "/api/sources/{source_id}/coding"): "viewer",
    ("POST", "/api/sources/{source_id}/coding"): "researcher",
    ("GET", "/api/projects/{project_id}/stale-coding"): "viewer",
    ("POST", "/api/projects/{project_id}/recode-stale"): "researcher",
    ("POST", "/projects/{project_id}/recode-stale"): "researcher",
    ("GET", "/api/utterances/{utterance_id}/codes"): "viewer",
    ("POST", "/api/utterances/{utterance_id}/codes"): "researcher",
    ("GET", "/api/projects/{project_id}/frameworks"): "viewer",
    ("POST", "/api/projects/{project_id}/frameworks"): "researcher",
    ("GET", "/projects/{project_id}/participants"): "viewer",
    ("GET", "/participants/{participant_id}"): "viewer",
    ("POST", "/participants/{participant_id}/erase"): "owner",
    ("GET", "/projects/{project_id}/erased"): "owner",
    ("GET", "/projects/{project_id}/search"): "viewer",
    ("GET", "/api/projects/{project_id}/analyses/{run_id}"): "viewer",
    ("POST", "/api/projects/{project_id}/themes/runs"): "researcher",
    ("GET", "/api/projects/{project_id}/themes"): "viewer",
    ("GET", "/api/projects/{project_id}/themes/export"): "viewer",
    ("GET", "/api/projects/{project_id}/themes/{theme_id}/utterances"): "viewer",
    ("PATCH", "/api/projects/{project_id}/themes/{theme_id}"): "researcher",
    ("POST", "/api/projects/{project_id}/themes/merge"): "researcher",
    ("POST", "/api/projects/{project_id}/themes/{theme_id}/split"): "researcher",
    ("GET", "/projects/{project_id}/themes"): "viewer",
    ("POST", "/projects/{project_id}/themes/run"): "researcher",
    ("GET", "/projects/{project_id}/themes/{theme_id}"): "viewer",
    ("POST", "/projects/{project_id}/themes/{theme_id}/rename"): "researcher",
    ("POST", "/projects/{project_id}/themes/merge"): "researcher",
    ("POST", "/projects/{project_id}/themes/{theme_id}/split"): "researcher",
    ("POST", "/api/projects/{project_id}/personas/runs"): "researcher",
    ("GET", "/api/projects/{project_id}/personas"): "viewer",
    ("GET", "/api/projects/{project_id}/personas/export"): "viewer",
    ("GET", "/api/projects/{project_id}/personas/{persona_id}"): "viewer",
    ("GET", "/api/projects/{project_id}/personas/{persona_id}/export"): "viewer",
    ("PATCH", "/api/projects/{project_id}/personas/{persona_id}/fields/{key}"): "researcher",
    ("GET", "/api/projects/{project_id}/personas/{persona_id}/picture"): "viewer",
    ("PUT", "/api/projects/{project_id}/personas/{persona_id}/picture"): "researcher",
    ("GET", "/projects/{project_id}/personas"): "viewer",
    ("POST", "/projects/{project_id}/personas/run"): "researcher",
    ("GET", "/projects/{project_id}/personas/{persona_id}"): "viewer",
    ("POST", "/projects/{project_id}/personas/{persona_id}/fields/{key}"): "researcher",
    ("POST", "/projects/{project_id}/personas/{persona_id}/picture"): "researcher",
    ("GET", "/api/projects/{project_id}/journey"): "viewer",
    ("GET", "/api/projects/{project_id}/journey/export"): "viewer",
    ("GET", "/api/projects/{project_id}/journey/opportunities"): "viewer",
    ("POST", "/api/projects/{project_id}/journey/opportunities"): "researcher",
    ("DELETE", "/api/projects/{project_id}/journey/opportunities/{opportunity_id}"): "researcher",
    ("GET", "/api/projects/{project_id}/journey/kpis"): "viewer",
    ("POST", "/api/projects/{project_id}/journey/kpis"): "researcher",
    ("DELETE", "/api/projects/{project_id}/journey/kpis/{kpi_id}"): "researcher",
    ("GET", "/api/projects/{project_id}/journey/versions"): "viewer",
    ("POST", "/api/projects/{project_id}/journey/versions"): "researcher",
    ("GET", "/api/projects/{project_id}/journey/compare"): "viewer",
    ("GET", "/api/projects/{project_id}/forces"): "viewer",
    ("GET", "/api/projects/{project_id}/forces/export"): "viewer",
    ("GET", "/projects/{project_id}/journey"): "viewer",
    ("POST", "/projects/{project_id}/journey/opportunities"): "researcher",
    ("POST", "/projects/{project_id}/journey/opportunities/{opportunity_id}/delete"): "researcher",
    ("POST", "/projects/{project_id}/journey/kpis"): "researcher",
    ("POST", "/projects/{project_id}/journey/kpis/{kpi_id}/delete"): "researcher",
    ("POST", "/projects/{project_id}/journey/versions"): "researcher",
    ("GET", "/projects/{project_id}/journey/compare"): "viewer",
    ("GET", "/projects/{project_id}/forces"): "viewer",
    # Interview guides, live interviews and coverage (issue 6).
    ("GET", "/api/guide-templates"): "user",
    ("GET", "/api/guide-templates/{template_id}"): "user",
    ("GET", "/api/guide-templates/{template_id}/export"): "user",
    ("GET", "/api/projects/{project_id}/guides"): "viewer",
    ("POST", "/api/projects/{project_id}/guides"): "researcher",
    ("GET", "/api/guides/{guide_id}"): "viewer",
    ("PUT", "/api/guides/{guide_id}"): "researcher",
    ("DELETE", "/api/guides/{guide_id}"): "owner",
    ("GET", "/api/guides/{guide_id}/export"): "viewer",
    ("POST", "/api/projects/{project_id}/interviews"): "researcher",
    ("GET", "/api/projects/{project_id}/interviews"): "viewer",
    ("GET", "/api/interviews/{interview_id}"): "viewer",
    ("PUT", "/api/interviews/{interview_id}/answers/{question_id}"): "researcher",
    ("PUT", "/api/interviews/{interview_id}/sections/{section_id}/timer"): "researcher",
    ("POST", "/api/interviews/{interview_id}/finish"): "researcher",
    ("DELETE", "/api/interviews/{interview_id}"): "researcher",
    ("GET", "/api/projects/{project_id}/highlights"): "viewer",
    ("GET", "/api/sources/{source_id}/coverage"): "viewer",
    ("PUT", "/api/sources/{source_id}/guide"): "researcher",
    ("GET", "/projects/{project_id}/guides"): "viewer",
    ("POST", "/projects/{project_id}/guides"): "researcher",
    ("GET", "/projects/{project_id}/guides/templates/{template_id}"): "viewer",
    ("GET", "/guides/{guide_id}"): "viewer",
    ("GET", "/guides/{guide_id}/edit"): "researcher",
    ("POST", "/guides/{guide_id}/edit"): "researcher",
    ("POST", "/guides/{guide_id}/delete"): "owner",
    ("GET", "/projects/{project_id}/interviews"): "viewer",
    ("POST", "/projects/{project_id}/interviews"): "researcher",
    ("GET", "/interviews/{interview_id}"): "viewer",
    ("POST", "/interviews/{interview_id}/finish"): "researcher",
    ("POST", "/interviews/{interview_id}/discard"): "researcher",
    ("GET", "/projects/{project_id}/highlights"): "viewer",
    ("GET", "/sources/{source_id}/coverage"): "viewer",
    ("POST", "/sources/{source_id}/guide"): "researcher",
    # Review mode, agreement, blind rounds, adjustments and saturation (issue 12).
    ("GET", "/api/projects/{project_id}/review/queue"): "researcher",
    ("POST", "/api/projects/{project_id}/review/decisions"): "researcher",
    ("POST", "/api/projects/{project_id}/review/undo"): "researcher",
    ("POST", "/api/projects/{project_id}/review/bulk-accept"): "researcher",
    ("GET", "/projects/{project_id}/review"): "researcher",
    ("GET", "/sources/{source_id}/review"): "researcher",
    ("POST", "/projects/{project_id}/review/bulk-accept"): "researcher",
    ("GET", "/api/projects/{project_id}/agreement"): "viewer",
    ("GET", "/api/projects/{project_id}/agreement.csv"): "viewer",
    ("GET", "/api/projects/{project_id}/utterances.csv"): "viewer",
    ("GET", "/api/sources/{source_id}/utterances.csv"): "viewer",
    ("POST", "/api/projects/{project_id}/rounds"): "researcher",
    ("GET", "/api/projects/{project_id}/rounds/{round_id}"): "researcher",
    ("POST", "/api/projects/{project_id}/rounds/{round_id}/codes"): "researcher",
    ("GET", "/api/projects/{project_id}/rounds/{round_id}/agreement"): "researcher",
    ("POST", "/api/projects/{project_id}/rounds/{round_id}/reconcile"): "researcher",
    ("GET", "/api/projects/{project_id}/adjustments"): "viewer",
    ("POST", "/api/projects/{project_id}/adjustments/{kind}/fit"): "researcher",
    ("PUT", "/api/projects/{project_id}/adjustments/{kind}"): "researcher",
    ("GET", "/projects/{project_id}/agreement"): "viewer",
    ("GET", "/projects/{project_id}/agreement/{kind}/cell"): "viewer",
    ("POST", "/projects/{project_id}/adjustments/{kind}/fit"): "researcher",
    ("POST", "/projects/{project_id}/adjustments/{kind}/switch"): "researcher",
    ("POST", "/projects/{project_id}/rounds"): "researcher",
    ("GET", "/projects/{project_id}/rounds/{round_id}"): "researcher",
    ("POST", "/projects/{project_id}/rounds/{round_id}/code"): "researcher",
    ("GET", "/projects/{project_id}/rounds/{round_id}/reconcile"): "researcher",
    ("POST", "/projects/{project_id}/rounds/{round_id}/reconcile"): "researcher",
    ("GET", "/api/projects/{project_id}/saturation"): "viewer",
    ("GET", "/projects/{project_id}/saturation"): "viewer",
}
CALLERS = ["anonymous", "outsider", "viewer", "researcher", "owner"]
RANK = {"viewer": 1, "researcher": 2, "owner": 3}


def app_routes(app: FastAPI) -> set[tuple[str, str]]:
    """(method, path) of every route the app serves, walking included routers."""
    found: set[tuple[str, str]] = set()

    def walk(routes: list, prefix: str = "") -> None:  # type: ignore[type-arg]
        for route in routes:
            if isinstance(route, APIRoute):
                found.update((method, prefix + route.path) for method in route.methods)
            elif hasattr(route, "original_router"):
                walk(route.original_router.routes, prefix + route.include_context.prefix)

    walk(app.routes)
    return found


def test_every_route_has_a_policy(app: FastAPI) -> None:
    served = app_routes(app)
    assert served - POLICY.keys() == set(), "add these routes to POLICY (and check access in them)"
    assert POLICY.keys() - served == set(), "POLICY names routes that no longer exist"


@cache
def _password_hash() -> str:
    return hash_password(PASSWORD)


@dataclass
class World:
    clients: dict[str, TestClient]
    ids: dict[str, int]
    db: Engine

    def restore(self) -> None:
        """Put back an opportunity or KPI that an allowed caller deleted, for the next caller."""
        with Session(self.db) as session:
            project_id = self.ids["project_id"]
            if session.get(Opportunity, self.ids["opportunity_id"]) is None:
                session.add(
                    Opportunity(
                        id=self.ids["opportunity_id"], project_id=project_id, stage="decision", text="idea"
                    )
                )
            if session.get(StageGoal, self.ids["kpi_id"]) is None:
                session.add(
                    StageGoal(id=self.ids["kpi_id"], project_id=project_id, stage="decision", text="kpi")
                )
            session.commit()


def _user(session: Session, email: str) -> tuple[User, str]:
    user = User(email=email, password_hash=_password_hash())
    session.add(user)
    session.flush()
    _, token = create_token(session, user=user, data=ApiTokenCreate(name="policy"))
    return user, token


@dataclass(frozen=True)
class Built:
    """The world's rows, each caller's API token and the ids the routes are called with."""

    rows: Snapshot
    tokens: dict[str, str]
    ids: dict[str, Any]


@pytest.fixture(scope="module")
def built(engine: Engine, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    """The world, built once per backend (an upload, guides, a round, analyses: seconds each time)."""
    settings = Settings(data_dir=tmp_path_factory.mktemp("world"), max_upload_mb=1.0, coding_runner="off")
    try:
        built = _build(create_app(settings, engine), engine)
    finally:
        empty(engine)  # each test restores its own copy
    yield built


@pytest.fixture
def world(app: FastAPI, db: Engine, built: Built) -> World:
    """A copy of the built world in the emptied database, served by this test's app."""
    restore(db, built.rows)
    app.state.guide_encoder = WordOverlapEncoder()
    clients = {"anonymous": TestClient(app)}
    clients |= {
        name: TestClient(app, headers={"Authorization": f"Bearer {token}"})
        for name, token in built.tokens.items()
    }
    return World(clients, dict(built.ids), db)


def _build(app: FastAPI, db: Engine) -> Built:
    with Session(db) as session:
        users = {name: _user(session, f"{name}@example.com") for name in CALLERS[1:]}
        session.commit()
        ids = {f"{name}_id": user.id or 0 for name, (user, _) in users.items()}
    clients = {"anonymous": TestClient(app)}
    clients |= {
        name: TestClient(app, headers={"Authorization": f"Bearer {token}"})
        for name, (_, token) in users.items()
    }
    owner = clients["owner"]
    project = owner.post("/api/projects", json={"name": "Policy"}).json()
    owner.post("/api/projects", json={"name": "Outsider's own"})  # the outsider is a user, just not a member
    with Session(db) as session:
        for name in ("viewer", "researcher"):
            role = ProjectRole(name)
            session.add(Membership(project_id=project["id"], user_id=ids[f"{name}_id"], role=role))
        session.commit()
    source = owner.post(
        f"/api/projects/{project['id']}/sources", files={"file": ("panel.txt", PANEL_TRANSCRIPT.encode())}
    ).json()["source"]
    speaker = owner.get(f"/api/sources/{source['id']}/speakers").json()[0]
    participant = owner.get(f"/api/projects/{project['id']}/participants").json()["items"][0]
    utterance = owner.get(f"/api/projects/{project['id']}/utterances").json()["items"][0]
    app.state.guide_encoder = WordOverlapEncoder()
    owner.put(f"/api/sources/{source['id']}/guide", json={"template_id": "switch"})
    guide = owner.post(
        f"/api/projects/{project['id']}/guides", json={"copy_of": {"template_id": "switch"}}
    ).json()
    interview = owner.post(
        f"/api/projects/{project['id']}/interviews",
        json={"participant_id": participant["id"], "template_id": "switch"},
    ).json()
    ids |= {
        "guide_id": guide["id"],
        "interview_id": interview["id"],
        "template_id": "switch",
        "question_id": "first-thought-when",
        "section_id": "first-thought",
        "project_id": project["id"],
        "source_id": source["id"],
        "speaker_id": speaker["id"],
        "participant_id": participant["id"],
        "utterance_id": utterance["id"],
        "user_id": ids["viewer_id"],
        "token_id": 1,
    }
    blind = {"name": "Policy round", "kind": "emotion", "size": 2}
    coders = {"coder_emails": ["researcher@example.com", "owner@example.com"]}
    ids["round_id"] = owner.post(f"/api/projects/{project['id']}/rounds", json=blind | coders).json()["id"]
    ids["kind"] = "emotion"
    with Session(db) as session:
        ids |= analysis_rows(
            session, project_id=project["id"], utterance_id=utterance["id"], participant_id=participant["id"]
        )
        session.commit()
    tokens = {name: token for name, (_, token) in users.items()}
    return Built(take(db), tokens, ids)


def analysis_rows(
    session: Session, *, project_id: int, utterance_id: int, participant_id: int
) -> dict[str, Any]:
    """A theme, a persona, a saved map, an opportunity and a KPI, so their routes have something to find."""
    themes = AnalysisRun(project_id=project_id, kind=AnalysisKind.THEMES, status=JobStatus.DONE)
    people = AnalysisRun(project_id=project_id, kind=AnalysisKind.PERSONAS, status=JobStatus.DONE)
    session.add_all([themes, people])
    session.flush()
    theme = Theme(
        run_id=themes.id or 0,
        project_id=project_id,
        number=0,
        label="t",
        machine_label="t",
        centroid=np.ones(384, dtype=np.float32).tobytes(),
        representative_ids=[utterance_id],
    )
    persona = Persona(
        run_id=people.id or 0, project_id=project_id, number=0, name="P", initials="P", canvas={"fields": []}
    )
    session.add_all([theme, persona])
    session.flush()
    opportunity = Opportunity(project_id=project_id, stage="decision", text="idea")
    goal = StageGoal(project_id=project_id, stage="decision", text="kpi")
    snapshot = JourneySnapshot(project_id=project_id, framework="seven-step", label="v1", data={})
    session.add_all(
        [
            ThemeMember(theme_id=theme.id or 0, utterance_id=utterance_id),
            PersonaMember(persona_id=persona.id or 0, participant_id=participant_id),
            opportunity,
            goal,
            snapshot,
        ]
    )
    session.flush()
    return {
        "run_id": themes.id,
        "theme_id": theme.id,
        "persona_id": persona.id,
        "key": "price",
        "opportunity_id": opportunity.id,
        "kpi_id": goal.id,
    }


def _expected_denial(policy: str, caller: str, api: bool, method: str) -> int | None:
    """The status a caller must get, or None when the route must let them through."""
    if policy == "public":
        return None
    if caller == "anonymous":
        return 303 if (not api and method == "GET") else 401
    if policy == "user":
        return None
    if caller == "outsider":
        return 404
    return 403 if RANK[caller] < RANK[policy] else None


@pytest.mark.parametrize("route", sorted(POLICY), ids=[f"{m} {p}" for m, p in sorted(POLICY)])
def test_route_enforces_its_policy(world: World, route: tuple[str, str]) -> None:
    method, template = route
    policy = POLICY[route]
    url = template.format(**world.ids)
    api = template.startswith("/api")
    for caller in CALLERS:  # owner last: an allowed DELETE must not remove what the others need
        response = world.clients[caller].request(method, url, follow_redirects=False)
        if "{opportunity_id}" in template or "{kpi_id}" in template:
            world.restore()
        expected = _expected_denial(policy, caller, api, method)
        if expected is None:
            # Let through: it may still fail on its (empty) input, never on access. A token id
            # belongs to one user, so for the others it is rightly missing.
            refused = {401, 403} if policy == "public" or "{token_id}" in template else {401, 403, 404}
            assert response.status_code < 500, (caller, response.text)
            assert policy == "public" or response.status_code not in refused, (caller, response.status_code)
        else:
            assert response.status_code == expected, (caller, response.status_code, response.text)
            if expected == 303:
                assert response.headers["location"].startswith("/login")
