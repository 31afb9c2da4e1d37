"""The warning on an interview where nobody was read as a respondent (only "Interviewer:" lines, say):
nothing in it is coded until someone is marked as one, and then the warning goes."""

from __future__ import annotations

from collections.abc import Mapping

from nlp.types import SpeakerRole

NO_RESPONDENT = "No respondent found: "


def no_respondent_warning(roles: Mapping[str, SpeakerRole]) -> str | None:
    """The warning when no speaker of `roles` (label -> role) is a respondent, else None."""
    if not roles or SpeakerRole.RESPONDENT in roles.values():
        return None
    labels = list(roles)
    named = ", ".join(labels[:5]) + (f" and {len(labels) - 5} more" if len(labels) > 5 else "")
    return (
        f"{NO_RESPONDENT}every speaker was read as an interviewer ({named}), so nothing here is coded. "
        'If someone here is a respondent, mark them as respondent ("Mark as respondent" under Speakers '
        "on the source page)."
    )


def without_no_respondent(warnings: list[str]) -> list[str]:
    """`warnings` less the no-respondent warning (a speaker was just marked as respondent)."""
    return [w for w in warnings if not w.startswith(NO_RESPONDENT)]
