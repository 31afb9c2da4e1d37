"""Printable guides: HTML and PDF with one page per section, and Markdown."""

from __future__ import annotations

import re
import zlib

import yaml
from fastapi.testclient import TestClient

from nlp.guides import load_guide
from tests.app.test_stage_names import own_framework as own_stage_names_framework
from tests.factories import make_project


def pdf_objects(pdf: bytes) -> bytes:
    """The PDF with its compressed streams inflated (object streams hold page and bookmark objects)."""
    inflated = [pdf]
    for match in re.finditer(rb"stream\r?\n", pdf):
        try:
            inflated.append(zlib.decompressobj().decompress(pdf[match.end() : match.end() + 1_000_000]))
        except zlib.error:
            continue
    return b"\n".join(inflated)


def test_html_printout_has_a_page_per_section(client: TestClient) -> None:
    guide = load_guide("switch")
    page = client.get("/api/guide-templates/switch/export", params={"format": "html"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "page-break-before: always" in page.text
    assert page.text.count('<section class="section">') == len(guide.sections)
    for section in guide.sections:
        assert f"<h2>{section.title}</h2>" in page.text
    assert "What was going wrong with the old way at that point? <span class=\"force\">[push]</span>" in page.text


def test_markdown_export(client: TestClient) -> None:
    response = client.get("/api/guide-templates/discovery/export", params={"format": "md"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/markdown")
    assert response.headers["content-disposition"] == 'attachment; filename="jtbd-discovery-interview.md"'
    headings = [line[3:] for line in response.text.splitlines() if line.startswith("## ")]
    assert headings == [s.title for s in load_guide("discovery").sections]


def test_pdf_export_has_one_page_per_section_and_the_section_titles(client: TestClient) -> None:
    guide = load_guide("b2b-persona")
    response = client.get("/api/guide-templates/b2b-persona/export", params={"format": "pdf"})
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF-")
    objects = pdf_objects(pdf)
    assert len(re.findall(rb"/Type\s*/Page\b", objects)) == 1 + len(guide.sections)  # a cover, then the sections
    # WeasyPrint writes each heading as a PDF bookmark: the section titles are in the file as text.
    bookmarks = [t.decode("latin-1") for t in re.findall(rb"/Title\s*\(((?:[^()\\]|\\.)*)\)", objects)]
    for section in guide.sections:
        assert section.title.replace("(", "\\(").replace(")", "\\)") in bookmarks, section.title


def test_a_project_guide_exports_a_chosen_version(client: TestClient) -> None:
    project = make_project(client)
    guide = client.post(f"/api/projects/{project['id']}/guides", json={"copy_of": {"template_id": "journey-survey"}}).json()
    markdown = client.get(f"/api/guides/{guide['id']}/export", params={"format": "md", "version": 1})
    assert "Version 1" in markdown.text and 'filename="seven-step-journey-survey-copy-v1.md"' in markdown.headers["content-disposition"]
    assert client.get(f"/api/guides/{guide['id']}/export", params={"format": "md", "version": 7}).status_code == 404
    assert client.get(f"/api/guides/{guide['id']}/export", params={"format": "docx"}).status_code == 422
    pdf = client.get(f"/api/guides/{guide['id']}/export", params={"format": "pdf"})
    assert pdf.content.startswith(b"%PDF-")


def test_every_export_of_a_built_in_guide_names_stages_as_its_framework_does(client: TestClient) -> None:
    url = "/api/guide-templates/switch/export"  # the jtbd-timeline framework: "first-thought" is "First thought"

    html = client.get(url, params={"format": "html"}).text
    markdown = client.get(url, params={"format": "md"}).text

    assert '<span class="stage">stage: First thought</span>' in html  # the section page
    assert '<li>First thought <span class="stage">First thought</span>' in html  # the contents
    assert "*Stage: First thought" in markdown
    assert "first-thought" not in html and "first-thought" not in markdown


def test_a_project_guide_exports_the_names_of_the_projects_own_framework(client: TestClient) -> None:
    project = make_project(client)
    framework = yaml.safe_dump(own_stage_names_framework()).encode()
    client.post(f"/api/projects/{project['id']}/frameworks", files={"file": ("ours.yaml", framework)})
    doc = {"id": "ours", "name": "Our guide", "description": "d", "framework": "our-path",
           "sections": [{"id": "s", "title": "S", "stage": "research", "questions": [{"id": "q", "text": "Q?", "finds": "F"}]}]}
    guide = client.post(f"/api/projects/{project['id']}/guides", json={"document": doc}).json()
    url = f"/api/guides/{guide['id']}/export"

    html = client.get(url, params={"format": "html"}).text
    markdown = client.get(url, params={"format": "md"}).text

    assert '<span class="stage">stage: Asked around</span>' in html
    assert "*Stage: Asked around*" in markdown
