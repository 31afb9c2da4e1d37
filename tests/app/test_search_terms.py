"""Search matches short words and names with symbols as whole words, and puts fillers last (issue: "R"
returned "Right, right...", "C++" returned every sentence with a "c" word, "go" found "gonna")."""

from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.search.query import exact_matcher, fts5_query, parse, tsquery
from tests.factories import make_project, upload

LANGUAGES = """Interviewer: Which tools does your team use?
Interviewee: Right, right.
Interviewee: The right tool saved us hours of reporting.
Interviewee: We rewrote the pricing engine in C++ last year.
Interviewee: The mobile team can compute clusters in C# now.
Interviewee: I analyse survey data in R every week.
Interviewee: Let's go to the caf\u00e9 after the workshop.
Interviewee: We are gonna migrate everything, it has gone badly before.
Interviewee: Go is what the platform team writes its services in.
Interviewee: There you go.
Interviewee: We moved the backend to .NET and the network got faster.
"""


@pytest.fixture
def search(client: TestClient) -> Any:
    project = make_project(client)
    assert upload(client, project["id"], "tools.txt", LANGUAGES.encode()).status_code == 201
    url = f"/api/projects/{project['id']}/search"

    def run(q: str, **params: Any) -> list[dict[str, Any]]:
        body = client.get(url, params={"q": q, **params}).json()
        assert body["total"] == len(body["items"]), body
        return list(body["items"])

    return run


def texts(hits: list[dict[str, Any]]) -> list[str]:
    return [hit["text"] for hit in hits]


def test_a_single_letter_is_a_whole_word(search: Any) -> None:
    assert texts(search("R")) == ["I analyse survey data in R every week."]


def test_names_with_symbols_match_as_typed(search: Any) -> None:
    assert texts(search("C++")) == ["We rewrote the pricing engine in C++ last year."]
    assert texts(search("c#")) == ["The mobile team can compute clusters in C# now."]
    assert texts(search(".NET")) == ["We moved the backend to .NET and the network got faster."]


def test_a_short_word_is_not_a_prefix(search: Any) -> None:
    found = texts(search("go"))
    assert "Go is what the platform team writes its services in." in found
    assert "Let's go to the caf\u00e9 after the workshop." in found
    assert not [text for text in found if "gonna" in text]


def test_long_words_and_starred_words_are_prefixes(search: Any) -> None:
    assert texts(search("work")) == ["Let's go to the caf\u00e9 after the workshop."]
    assert texts(search("rewr*")) == ["We rewrote the pricing engine in C++ last year."]


def test_accents_fold(search: Any) -> None:
    assert texts(search("cafe")) == ["Let's go to the caf\u00e9 after the workshop."]
    assert texts(search("CAF\u00c9")) == ["Let's go to the caf\u00e9 after the workshop."]


def test_fillers_rank_after_substantive_sentences_or_leave(search: Any) -> None:
    hits = search("right")
    assert texts(hits) == ["The right tool saved us hours of reporting.", "Right, right."]
    assert [hit["content_class"] for hit in hits] == ["substantive", "backchannel"]
    assert search("go")[-1]["text"] == "There you go."
    assert texts(search("right", substantive_only=True)) == ["The right tool saved us hours of reporting."]


def test_the_search_page_offers_substantive_only(client: TestClient) -> None:
    project = make_project(client)
    upload(client, project["id"], "tools.txt", LANGUAGES.encode())
    page = client.get(f"/projects/{project['id']}/search", params={"q": "right", "substantive": "1"}).text
    assert "tool saved us hours" in page
    assert "Right</mark>, <mark>right" not in page
    everything = client.get(f"/projects/{project['id']}/search", params={"q": "right"}).text
    assert everything.index("tool saved us hours") < everything.index("Right</mark>, <mark>right")
    assert 'class="chip muted">backchannel' in everything


def test_queries_become_whole_words_prefixes_and_exact_checks() -> None:
    terms = parse('R go C++ "free trial" forecast* onboard')
    assert fts5_query(terms) == '"R" "go" "C" "free trial" "forecast"* "onboard"*'
    assert tsquery(terms) == "'r' & 'go' & 'c' & 'free' <-> 'trial' & 'forecast':* & 'onboard':*"
    assert tsquery(parse("caf\u00e9")) == "'cafe':*"
    assert parse("*") == []
    matches = exact_matcher(parse("C++"))
    assert matches("I write C++.")
    assert not matches("I write C# and C.")
