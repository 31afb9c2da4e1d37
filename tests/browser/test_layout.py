"""Every main page in a real browser (Debian's chromium driven by Playwright) against one served app with one
small coded project: the project form's framework choice, redirect-after-post, 390 px layouts, the keyboard
path (skip link first) and no console errors.

No browser is downloaded; without /usr/bin/chromium the tests are skipped with the reason (fail under CI=true)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.accounts.models import ApiToken, ApiTokenCreate
from app.accounts.service import create_token, create_user
from app.config import Settings
from app.db import make_engine
from app.jobs.runner import InlineRunner
from app.main import create_app
from app.migrate import upgrade
from app.projects.models import Project
from tests.browser.test_live_interview import EMAIL, _log_in, serve
from tests.conftest import PASSWORD
from tests.factories import two_group_study, upload
from tests.topic_fakes import topic_factory

PHONE = {"width": 390, "height": 800}
SURVEY = (
    "ResponseId,Role,What made you start looking for a new tool?\n"
    "R_1,Sales leader,Our spreadsheet broke every Monday and we kept losing track of deals.\n"
    "R_2,Founder,We outgrew the free tool once the team passed ten people and needed forecasting.\n"
)
PAGES = [
    "/",
    "/projects/{p}",
    "/sources/{interview}",
    "/sources/{survey}",
    "/projects/{p}/participants",
    "/projects/{p}/themes",
    "/projects/{p}/personas",
    "/projects/{p}/journey",
    "/projects/{p}/guides",
    "/projects/{p}/review",
    "/projects/{p}/agreement",
    "/projects/{p}/saturation",
    "/projects/{p}/forces",
    "/interviews/{live}",
    "/account",
]


def _small_project(api: TestClient) -> dict[str, Any]:
    """Two coded interviews per group, a survey, themes and personas: every page has something to show."""
    project = two_group_study(api, "Phone check", per_group=2)
    survey = upload(api, project["id"], "survey.csv", SURVEY.encode()).json()["source"]
    sources = api.get(f"/api/projects/{project['id']}/sources").json()["items"]
    assert api.post(f"/api/projects/{project['id']}/themes/runs", json={"scope": "all"}).status_code == 202
    assert api.post(f"/api/projects/{project['id']}/personas/runs", json={}).status_code == 202
    first = next(s for s in sources if s["kind"] == "interview")
    live = api.post(
        f"/api/projects/{project['id']}/interviews",
        json={"participant_name": "Maya", "template_id": "switch"},
    ).json()
    return {"p": project["id"], "interview": first["id"], "survey": survey["id"], "live": live["id"]}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, browser: Any) -> Iterator[dict[str, Any]]:
    """One server for the module: the app on a free port, the engine, the browser and the small project's ids."""
    tmp: Path = tmp_path_factory.mktemp("layout")
    engine = make_engine(f"sqlite:///{tmp / 'browser.db'}")
    upgrade(engine)
    app = create_app(Settings(data_dir=tmp, coding_runner="off"), engine)
    app.state.runner = InlineRunner(engine, topic_factory)
    with Session(engine) as session:
        user = create_user(session, email=EMAIL, password=PASSWORD, is_admin=True)
        _, token = create_token(session, user=user, data=ApiTokenCreate(name="setup"))
        session.commit()
    server, thread, port = serve(app)
    with TestClient(app, headers={"Authorization": f"Bearer {token}"}) as api:
        yield {"base": f"http://127.0.0.1:{port}", "engine": engine, "browser": browser, **_small_project(api)}
    server.should_exit = True
    thread.join(timeout=10)
    engine.dispose()


def _page(site: dict[str, Any], path: str, **context: Any) -> tuple[Any, list[str]]:
    """A logged-in page at `path`, and the console errors and uncaught exceptions it collects."""
    page = site["browser"].new_context(**context).new_page()
    errors: list[str] = []
    page.on(
        "console",
        lambda m: errors.append(f"{m.text} ({m.location.get('url')})") if m.type == "error" else None,
    )
    page.on("pageerror", lambda err: errors.append(str(err)))
    _log_in(page, site["base"], path)
    return page, errors


def _path(site: dict[str, Any], template: str) -> str:
    return template.format(p=site["p"], interview=site["interview"], survey=site["survey"], live=site["live"])


def test_no_main_page_scrolls_sideways_at_390_px_and_none_logs_an_error(site: dict[str, Any]) -> None:
    page, errors = _page(site, "/", viewport=PHONE)
    too_wide = {}
    for template in PAGES:
        path = _path(site, template)
        page.goto(site["base"] + path)
        width = page.evaluate("document.scrollingElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide[path] = width
    assert too_wide == {}
    assert errors == []


def test_the_journey_table_scrolls_inside_its_own_container(site: dict[str, Any]) -> None:
    page, _ = _page(site, _path(site, "/projects/{p}/journey"), viewport=PHONE)
    table = page.locator("table.journey")
    if table.count() == 0:
        pytest.fail("the small project's journey page shows no journey table")
    scroller = page.locator(".mapwrap")
    assert scroller.evaluate("el => getComputedStyle(el).overflowX") == "auto"
    assert scroller.evaluate("el => el.scrollWidth > el.clientWidth")  # wider than a phone, scrolled in place
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]


def test_the_top_navigation_wraps_at_390_px(site: dict[str, Any]) -> None:
    page, _ = _page(site, _path(site, "/projects/{p}"), viewport=PHONE)
    links = page.locator(".crumbs a")
    assert links.count() >= 10
    tops = {round(links.nth(i).bounding_box()["y"]) for i in range(links.count())}
    assert len(tops) > 1  # on several lines
    assert all(
        links.nth(i).bounding_box()["x"] + links.nth(i).bounding_box()["width"] <= 390
        for i in range(links.count())
    )


def test_the_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(site: dict[str, Any]) -> None:
    page, errors = _page(site, _path(site, "/projects/{p}"))
    page.keyboard.press("Tab")
    focused = page.evaluate("[document.activeElement.className, document.activeElement.getAttribute('href')]")
    assert focused == ["skip", "#main"]
    assert page.locator("a.skip").is_visible()  # shown while focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")  # the next stop is inside the content, not the top bar
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")
    assert errors == []


def test_a_new_project_codes_against_the_framework_chosen_in_the_form(site: dict[str, Any]) -> None:
    page, errors = _page(site, "/")
    options = page.locator("select[name=framework] option")
    assert options.count() >= 5
    assert page.locator("select[name=framework]").input_value() == "seven-step"
    page.fill("input[name=name]", "Timeline study")
    page.select_option("select[name=framework]", "jtbd-timeline")
    page.click("form[action='/projects'] button[type=submit]")
    page.wait_for_url(f"{site['base']}/projects/*")
    with Session(site["engine"]) as session:
        project = session.exec(select(Project).where(Project.name == "Timeline study")).one()
    assert project.framework == "jtbd-timeline"
    assert errors == []


def test_reloading_after_creating_a_token_creates_no_second_one(site: dict[str, Any]) -> None:
    page, errors = _page(site, "/account")
    page.fill("input[name=name]", "notebook")
    page.click("form[action='/account/tokens'] button[type=submit]")
    page.wait_for_url(f"{site['base']}/account")
    shown = page.locator(".newtoken code").first.inner_text()
    assert len(shown) > 20
    page.reload()
    assert page.locator(".newtoken").count() == 0  # shown once
    with Session(site["engine"]) as session:
        assert len(session.exec(select(ApiToken).where(ApiToken.name == "notebook")).all()) == 1
    assert errors == []


def test_code_chips_are_one_line_pills_and_section_badges_sit_beside_their_names(
    site: dict[str, Any],
) -> None:
    page, errors = _page(site, _path(site, "/sources/{interview}"))
    page.evaluate(  # a force chip exactly as _chips.html writes it, whatever the fake coder found
        """() => { const chip = document.createElement('span');
        chip.className = 'chip chip-force chip-force-push'; chip.textContent = 'push';
        document.querySelector('.turn .chips').appendChild(chip); }"""
    )
    chips = page.locator(".turn .chip")
    assert chips.count() > 1
    line = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.turn .chip')).lineHeight)")
    heights = chips.evaluate_all("els => els.map(el => [el.getBoundingClientRect().height, el.outerHTML])")
    assert max(h for h, _ in heights) <= line + 4, max(
        heights
    )  # a pill one line high, not a card with borders and padding
    assert page.locator(".chip.force, .chip.force-push, .chip.force-pull").count() == 0
    page.goto(site["base"] + _path(site, "/interviews/{live}"))
    for item in page.locator(".live-sections li").all():
        name = item.locator("a").bounding_box()
        badge = item.locator(".section-progress").bounding_box()
        assert name is not None
        overlaps = (
            badge is not None
            and badge["width"] > 0
            and badge["x"] < name["x"] + name["width"]
            and (badge["y"] < name["y"] + name["height"] and name["y"] < badge["y"] + badge["height"])
        )
        assert not overlaps
    assert page.locator(".live-sections .progress").count() == 0
    assert errors == []


def test_what_the_coders_left_open_reads_quieter_than_what_they_found(site: dict[str, Any]) -> None:
    page, errors = _page(site, _path(site, "/sources/{interview}"))
    page.evaluate(  # chips exactly as _chips.html and _content.html write them, whatever the fake coders found
        """() => { const where = document.querySelector('.turn .chips');
        for (const [cls, text] of [['chip abstain', 'no pain'], ['chip content content-substantive', 'substantive'],
                                   ['chip emo emo-neutral', 'neutral'], ['chip pain', 'pain: obstacle']]) {
          const chip = document.createElement('span'); chip.className = cls; chip.textContent = text;
          where.appendChild(chip); } }"""
    )
    style = "el => [getComputedStyle(el).backgroundColor, getComputedStyle(el).borderTopStyle]"
    for quiet in (".chip.abstain", ".chip.content-substantive", ".chip.emo-neutral"):
        assert page.locator(f".turn {quiet}").first.evaluate(style) == ["rgba(0, 0, 0, 0)", "none"], quiet
    assert page.locator(".turn .chip.pain").first.evaluate(style)[0] != "rgba(0, 0, 0, 0)"  # found: filled
    assert errors == []
