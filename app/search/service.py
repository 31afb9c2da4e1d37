"""Full-text search over a project's utterances: SQLite FTS5 or PostgreSQL tsvector, one interface."""

from __future__ import annotations

import re

from markupsafe import Markup, escape
from sqlalchemy import text
from sqlmodel import Field, Session, SQLModel

# Match markers that cannot occur in imported text (the importer strips control characters).
_START, _STOP = "\u2402", "\u2403"
_TOKEN = re.compile(r'"([^"]+)"|(\w+)', re.UNICODE)


class SearchHit(SQLModel):
    utterance_id: int
    source_id: int
    participant_id: int | None
    speaker_role: str
    speaker_label: str | None
    turn: int
    text: str
    filename: str
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


def fts5_query(query: str) -> str:
    """Quote each word or "phrase" so user input can never be FTS5 syntax; the last word is a prefix."""
    terms = []
    for phrase, word in _TOKEN.findall(query):
        term = (phrase or word).replace('"', "")
        terms.append(f'"{term}"')
    if terms and not _TOKEN.findall(query)[-1][0]:
        terms[-1] += "*"
    return " ".join(terms)


def search_utterances(
    session: Session,
    *,
    project_id: int,
    query: str,
    page: int,
    page_size: int,
    speaker_role: str | None = None,
) -> SearchPage:
    """Rank a project's utterances by relevance to `query`, with a snippet around the matches."""
    if not _TOKEN.search(query):
        return SearchPage(query=query, items=[], total=0, page=page, page_size=page_size)
    dialect = session.get_bind().dialect.name
    sql = _POSTGRES if dialect == "postgresql" else _SQLITE
    params = {
        "project_id": project_id,
        "q": query if dialect == "postgresql" else fts5_query(query),
        "role": speaker_role,
        "limit": page_size,
        "offset": (page - 1) * page_size,
    }
    total = session.execute(text(sql["count"]), params).scalar_one()
    rows = session.execute(text(sql["page"]), params).mappings().all()
    items = [SearchHit(**{**row, "snippet_html": snippet_html(row["snippet"])}) for row in rows]
    return SearchPage(query=query, items=items, total=total, page=page, page_size=page_size)


_FILTER = "u.project_id = :project_id AND (CAST(:role AS VARCHAR) IS NULL OR u.speaker_role = :role)"
_COLUMNS = (
    "u.id AS utterance_id, u.source_id, u.participant_id, u.speaker_role, u.speaker_label, u.turn, u.text, "
    "s.filename"
)
_SQLITE = {
    "count": f"SELECT count(*) FROM utterance_fts f JOIN utterance u ON u.id = f.rowid "
    f"WHERE utterance_fts MATCH :q AND {_FILTER}",
    "page": f"SELECT {_COLUMNS}, snippet(utterance_fts, 0, '{_START}', '{_STOP}', ' … ', 24) AS snippet "
    f"FROM utterance_fts f JOIN utterance u ON u.id = f.rowid JOIN source s ON s.id = u.source_id "
    f"WHERE utterance_fts MATCH :q AND {_FILTER} "
    "ORDER BY bm25(utterance_fts), u.id LIMIT :limit OFFSET :offset",
}
_TSQUERY = "websearch_to_tsquery('english', :q)"
_TSVECTOR = "to_tsvector('english', u.text)"
_POSTGRES = {
    "count": f"SELECT count(*) FROM utterance u WHERE {_TSVECTOR} @@ {_TSQUERY} AND {_FILTER}",
    "page": f"SELECT {_COLUMNS}, ts_headline('english', u.text, {_TSQUERY}, "
    f"'StartSel={_START}, StopSel={_STOP}, MaxWords=35, MinWords=15') AS snippet "
    f"FROM utterance u JOIN source s ON s.id = u.source_id WHERE {_TSVECTOR} @@ {_TSQUERY} AND {_FILTER} "
    f"ORDER BY ts_rank({_TSVECTOR}, {_TSQUERY}) DESC, u.id LIMIT :limit OFFSET :offset",
}
