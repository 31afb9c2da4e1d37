"""Each project's vocabulary, built from its own utterances only, and kept while they do not change.

Neither database can split text into words inside a trigger the same way (SQLite has no tokenizer in SQL,
and the FTS5 index is shared by every project and stemmed), so the words are counted in Python and cached
per process. Triggers (migration 0012) give a project a new random `stamp` in `search_vocabulary_stamp`
whenever one of its utterances is inserted, edited or deleted; a cached vocabulary is used only while its
stamp is the one the database holds, so an erased name disappears from suggestions with the utterance.
"""

from __future__ import annotations

from collections import OrderedDict
from threading import Lock

from sqlalchemy import text
from sqlmodel import Session

from app.search.spelling import Vocabulary

CACHED_PROJECTS = 16
_STAMP = text("SELECT stamp FROM search_vocabulary_stamp WHERE project_id = :project_id")
_TEXTS = text("SELECT text FROM utterance WHERE project_id = :project_id")

_cache: OrderedDict[tuple[str, int], tuple[int | None, Vocabulary]] = OrderedDict()
_lock = Lock()


def project_vocabulary(session: Session, *, project_id: int) -> Vocabulary:
    """The words of the project's utterances, as the session's transaction sees them."""
    stamp = session.execute(_STAMP, {"project_id": project_id}).scalar()
    key = (str(session.get_bind().engine.url), project_id)
    with _lock:
        cached = _cache.get(key)
        if cached is not None and cached[0] == stamp and stamp is not None:
            _cache.move_to_end(key)
            return cached[1]
    vocabulary = Vocabulary.of(session.execute(_TEXTS, {"project_id": project_id}).scalars())
    with _lock:
        _cache[key] = (stamp, vocabulary)
        _cache.move_to_end(key)
        while len(_cache) > CACHED_PROJECTS:
            _cache.popitem(last=False)
    return vocabulary
