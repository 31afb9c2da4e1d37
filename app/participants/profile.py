"""Survey columns that say who a respondent is fill the participant's profile ("Role" -> job title).

A survey's closed answers stay attributes; the profile fields are what persona canvases, the participants
table and the roster read, so a "Company size" column must reach `company_size` as a roster would.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from app.participants.models import CommitteeRole, Participant

# fmt: off
_FIELD_OF_HEADER = {
    "job title": "job_title", "role": "job_title", "job role": "job_title",
    "job": "job_title", "position": "job_title", "job position": "job_title", "occupation": "job_title",
    "company": "company", "company name": "company", "organisation": "company", "organization": "company",
    "employer": "company",
    "sector": "sector", "industry": "sector",
    "company size": "company_size", "employees": "company_size", "number of employees": "company_size",
    "organisation size": "company_size", "organization size": "company_size",
    "revenue": "revenue_band", "annual revenue": "revenue_band", "revenue band": "revenue_band",
    "committee role": "committee_role", "buying role": "committee_role",
}
# fmt: on
_LIMITS = {"job_title": 200, "company": 200, "sector": 200, "company_size": 100, "revenue_band": 100}
_ASKING = re.compile(r"^(?:what is |what's |what are )?(?:your |the )?")


def fill_profile(participant: Participant, attributes: Mapping[str, str]) -> None:
    """Set the profile fields that `attributes` name and the participant does not have yet.

    A role column whose value is a buying-committee role ("Buyer", "Purchasing manager") fills the
    committee role instead of the job title. Fields already set (a roster, a researcher) are kept.
    """
    for header, value in attributes.items():
        field = _FIELD_OF_HEADER.get(_header_key(header))
        if field is None or not value.strip():
            continue
        role = _committee_role(value)
        if field == "committee_role" or (field == "job_title" and role is not None):
            if participant.committee_role is None and role is not None:
                participant.committee_role = role
        elif getattr(participant, field) is None:
            setattr(participant, field, value.strip()[: _LIMITS[field]])


def _header_key(header: str) -> str:
    """ "What is your role?", "Role:", "Job_Title" -> "role", "role", "job title"."""
    words = " ".join(re.sub(r"[_?:*]", " ", header).lower().split())
    return _ASKING.sub("", words, count=1)


def _committee_role(value: str) -> CommitteeRole | None:
    try:
        return CommitteeRole(" ".join(value.lower().split()).replace(" ", "_"))
    except ValueError:
        return None


def merge_answers(participant: Participant, answers: Mapping[str, str], *, source_label: str) -> int:
    """Add a survey's closed answers to the attributes of a participant who has some already.

    What is stored is never overwritten: a blank or missing attribute takes the answer, the same answer
    changes nothing, and a different one is added beside it as "<column> (<source_label>)" (a second
    wave's "Plan" beside the first's). Returns how many answers were added beside an earlier one.
    """
    merged = dict(participant.attributes or {})
    beside = 0
    for column, value in answers.items():
        earlier = merged.get(column, "")
        if not value.strip() or earlier.strip() == value.strip():
            continue
        if not earlier.strip():
            merged[column] = value
            continue
        key = _free_key(merged, f"{column} ({source_label})", value)
        beside += merged.get(key) != value
        merged[key] = value
    if merged != participant.attributes:
        participant.attributes = merged  # a new dict, so the JSON column is written
    return beside


def _free_key(attributes: Mapping[str, str], key: str, value: str) -> str:
    """`key`, or `key 2`, `key 3`... when `key` holds a different value already."""
    number = 1
    candidate = key
    while attributes.get(candidate, value) != value:
        number += 1
        candidate = f"{key} {number}"
    return candidate
