"""Full-text search over a project's utterances: SQLite FTS5 or PostgreSQL tsvector, one interface."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape
from sqlalchemy import RowMapping, TextClause, bindparam, text
from sqlmodel import Field, Session, SQLModel

from app.coding.content import CONTENT_KIND, ContentView, content_view
from app.coding.models import CodeOrigin
from app.search.folding import tsvector_sql
from app.search.query import Term, exact_matcher, fts5_query, parse, tsquery
from app.search.suggest import FEW, Suggestion, suggest
from app.search.vocabulary import project_vocabulary

# Match markers that cannot occur in imported text (the importer strips control characters).
_START, _STOP = "\u2402", "\u2403"


class SearchHit(SQLModel):
    utterance_id: int
    source_id: int
    participant_id: int | None
    speaker_role: str
    speaker_label: str | None
    participant_name: str | None = Field(
        default=None, description="Who said it, as every other page names them (pseudonym first)."
    )
    turn: int
    text: str
    filename: str
    content_class: str = Field(description='"substantive", or why the utterance carries no content.')
    snippet_html: str = Field(description="Text around the matches, HTML-escaped, matches in <mark>.")


def snippet_html(raw: str) -> Markup:
    """Escape a database snippet for HTML and turn its match markers into <mark> elements."""
    return Markup(str(escape(raw)).replace(_START, "<mark>").replace(_STOP, "</mark>"))


class SearchPage(SQLModel):
    query: str
    items: list[SearchHit]
    total: int
    page: int
    page_size: int
    suggestions: list[Suggestion] = Field(
        default_factory=list,
        description="When the search finds little: corrected queries, from words this project holds, "
        "that find more (each with its total under the same filters).",
    )
    found_apart: bool = Field(
        default=False,
        description="When a search of several terms finds nothing: whether each term alone finds something "
        "(the words are in the project, only never in one utterance).",
    )


def search_utterances(
    session: Session,
    *,
    project_id: int,
    query: str,
    page: int,
    page_size: int,
    speaker_role: str | None = None,
    substantive_only: bool = False,
) -> SearchPage:
    """Rank a project's utterances by relevance to `query`, with a snippet around the matches.

    Substantive sentences come first; fillers, greetings and other no-content utterances (by each
    utterance's effective content class) come after them, or not at all with `substantive_only`.
    """
    terms = parse(query)
    empty = SearchPage(query=query, items=[], total=0, page=page, page_size=page_size)
    if not terms:
        return empty
    backend = _Backend.of(session, terms)
    params = {"project_id": project_id, "q": backend.query, "role": speaker_role}
    ranked = _matches(session, backend, params, terms, substantive_only=substantive_only)
    suggestions = []
    if len(ranked) < FEW:
        suggestions = suggest(
            query,
            project_vocabulary(session, project_id=project_id),
            total=len(ranked),
            count=lambda queries: _count(session, queries, params, substantive_only=substantive_only),
        )
    apart = not ranked and not suggestions and len(terms) > 1
    if apart:
        apart = all(
            _count(session, [_alone(term)], params, substantive_only=substantive_only) for term in terms
        )
    found = empty.model_copy(update={"total": len(ranked), "suggestions": suggestions, "found_apart": apart})
    chosen = ranked[(page - 1) * page_size : page * page_size]
    if not chosen:
        return found
    rows = session.execute(backend.page_sql, {**params, "ids": [hit.id for hit in chosen]}).mappings()
    by_id = {row["utterance_id"]: row for row in rows}
    return found.model_copy(update={"items": [_hit(by_id[hit.id], hit.content) for hit in chosen]})


def _alone(term: Term) -> str:
    """The term as a search of its own: a phrase keeps its quotes, a prefix its star."""
    if len(term.words) > 1:
        return f'"{term.text}"'
    return term.text + ("*" if term.prefix else "")


def _count(
    session: Session, queries: Sequence[str], params: dict[str, object], *, substantive_only: bool
) -> int:
    """How many utterances every one of `queries` finds under the same filters (for suggestions)."""
    terms = [term for query in queries for term in parse(query)]
    backend = _Backend.of(session, terms)
    params = {**params, "q": backend.query}
    if substantive_only or any(term.has_symbols for term in terms):  # needs labels or the text itself
        return len(_matches(session, backend, params, terms, substantive_only=substantive_only))
    return int(session.execute(backend.count_sql, params).scalar_one())


@dataclass(frozen=True, slots=True)
class _Candidate:
    id: int
    score: float
    content: ContentView


def _matches(
    session: Session,
    backend: _Backend,
    params: dict[str, object],
    terms: list[Term],
    *,
    substantive_only: bool,
) -> list[_Candidate]:
    ranked = _ranked(session, backend, params, terms)
    return [hit for hit in ranked if hit.content.substantive] if substantive_only else ranked


def _ranked(
    session: Session, backend: _Backend, params: dict[str, object], terms: list[Term]
) -> list[_Candidate]:
    """Every match, substantive ones first, each group by relevance (lower score is better).

    One statement reads each match's relevance and its content labels (the latest a researcher set, the
    machine's best), so a search whose word thousands of sentences hold builds no code objects.
    """
    matches = exact_matcher(terms)
    found = [
        _Candidate(row.id, row.score, content_view(row.researcher, row.machine, row.text))
        for row in session.execute(backend.candidates_sql, {**params, "researcher": CodeOrigin.RESEARCHER})
        if matches(row.text)
    ]
    return sorted(found, key=lambda hit: (not hit.content.substantive, hit.score, hit.id))


def _hit(row: RowMapping, content: ContentView) -> SearchHit:
    columns = {key: value for key, value in row.items() if key != "snippet"}
    snippet = snippet_html(row["snippet"])
    return SearchHit(**columns, content_class=content.content_class, snippet_html=snippet)


@dataclass(frozen=True, slots=True)
class _Backend:
    """The statements of one search on one database: every match with its content labels, one page, and
    how many match (what a suggestion finds)."""

    query: str
    candidates_sql: TextClause
    page_sql: TextClause
    count_sql: TextClause

    @classmethod
    def of(cls, session: Session, terms: list[Term]) -> _Backend:
        if session.get_bind().dialect.name == "postgresql":
            return cls(tsquery(terms), *_statements(_POSTGRES))
        return cls(fts5_query(terms), *_statements(_SQLITE))


def _statements(sql: dict[str, str]) -> tuple[TextClause, TextClause, TextClause]:
    page = text(sql["page"]).bindparams(bindparam("ids", expanding=True))
    return text(sql["candidates"]), page, text(sql["count"])


# What effective_content reads, per match: the label of the latest researcher content code, and the label
# of the machine's best (highest score, then first stored) content code.
_CONTENT = f"FROM code c WHERE c.utterance_id = u.id AND c.kind = '{CONTENT_KIND}'"
_LABELS = (
    f"(SELECT c.label {_CONTENT} AND c.origin = :researcher ORDER BY c.id DESC LIMIT 1) AS researcher, "
    f"(SELECT c.label {_CONTENT} ORDER BY c.score DESC, c.id LIMIT 1) AS machine"
)
_FILTER = "u.project_id = :project_id AND (CAST(:role AS VARCHAR) IS NULL OR u.speaker_role = :role)"
_COLUMNS = (
    "u.id AS utterance_id, u.source_id, u.participant_id, u.speaker_role, u.speaker_label, u.turn, u.text, "
    "s.filename, COALESCE(p.pseudonym, p.display_name) AS participant_name"
)
# The transcript's label ("Interviewee") is not how the other pages name the person (Priya Natarajan).
_WHO = "LEFT JOIN participant p ON p.id = u.participant_id"
# CROSS JOIN keeps the full-text index as the outer loop: with a plain JOIN SQLite's planner walks the
# project's utterances and runs the MATCH once per row (4,000 matches: 680 ms instead of 8 ms).
_FTS_JOIN = "FROM utterance_fts f CROSS JOIN utterance u ON u.id = f.rowid"
_SQLITE = {
    "candidates": f"SELECT u.id, u.text, bm25(utterance_fts) AS score, {_LABELS} "
    f"{_FTS_JOIN} WHERE utterance_fts MATCH :q AND {_FILTER}",
    "count": f"SELECT count(*) {_FTS_JOIN} WHERE utterance_fts MATCH :q AND {_FILTER}",
    "page": f"SELECT {_COLUMNS}, snippet(utterance_fts, 0, '{_START}', '{_STOP}', ' … ', 24) AS snippet "
    f"{_FTS_JOIN} JOIN source s ON s.id = u.source_id {_WHO} "
    f"WHERE utterance_fts MATCH :q AND u.id IN :ids",
}
_TSQUERY = "to_tsquery('english', :q)"
_TSVECTOR = tsvector_sql("u.text")
_POSTGRES = {
    "candidates": f"SELECT u.id, u.text, -ts_rank({_TSVECTOR}, {_TSQUERY}) AS score, {_LABELS} "
    f"FROM utterance u WHERE {_TSVECTOR} @@ {_TSQUERY} AND {_FILTER}",
    "count": f"SELECT count(*) FROM utterance u WHERE {_TSVECTOR} @@ {_TSQUERY} AND {_FILTER}",
    "page": f"SELECT {_COLUMNS}, ts_headline('english', u.text, {_TSQUERY}, "
    f"'StartSel={_START}, StopSel={_STOP}, MaxWords=35, MinWords=15') AS snippet "
    f"FROM utterance u JOIN source s ON s.id = u.source_id {_WHO} WHERE u.id IN :ids",
}
