"""What a deleted source took with it, in one sentence for the project page it redirects to."""

from __future__ import annotations

from collections.abc import Mapping

from app.sources.models import Source, SourceKind
from app.words import plural


def deletion_note(source: Source, removed: Mapping[str, int]) -> str:
    """ "Deleted survey a.csv: 3 responses, 1 respondent removed; 2 kept because they appear in other
    sources; 1 kept because a researcher edited it; attributes it added taken back from 2." (`removed` is
    what `delete_source` returns)."""
    name = source.title or source.filename
    if source.kind == SourceKind.SURVEY:
        what, who = plural(removed.get("survey_responses", 0), "response"), "respondent"
    else:
        what, who = plural(removed.get("utterances", 0), "utterance"), "participant"
    parts = [f"Deleted {source.kind} {name}: {what}, {plural(removed.get('participants', 0), who)} removed"]
    elsewhere = removed.get("respondents_kept_elsewhere", 0)
    edited = removed.get("respondents_kept_edited", 0)
    before = removed.get("respondents_kept", 0) - elsewhere - edited
    if elsewhere:
        they = "it appears" if elsewhere == 1 else "they appear"
        parts.append(f"{elsewhere} kept because {they} in other sources")
    if edited:
        parts.append(f"{edited} kept because a researcher edited {'it' if edited == 1 else 'them'}")
    if before > 0:
        they = "it was" if before == 1 else "they were"
        parts.append(f"{before} kept because {they} in the project before it")
    if removed.get("attributes_taken_back"):
        parts.append(f"attributes it added taken back from {removed['attributes_taken_back']}")
    return "; ".join(parts) + "."
