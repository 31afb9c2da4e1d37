"""The teams row holds teams the respondent dealt with, not the speaker's own role or trade."""

from __future__ import annotations

import pytest

from nlp.aggregate.journey_rows import default_extractor


def teams(text: str) -> list[str]:
    return default_extractor().labels(text)["teams"]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # The speaker's own job title or team names their role ...
        ("I'm a sales operations manager.", []),
        ("I'm the sales director at Freightline Analytics.", []),
        ("Karen Whitfield, I'm VP of Sales at Hollis Flow Systems.", []),
        ("I'm the revenue operations manager at Ledgerly.", []),
        ("So I'm Sofia Brandt, sales operations manager at Sunridge Solar.", []),
        ("I'm Nadia Haddad, director of sales at Verano Specialty Foods.", []),
        ("Graham Mitchell, head of sales at Northgate.", []),
        ("I've been the head of support here for six years.", []),
        ("Because I'm ops, the process is my job.", []),
        ("I'm the founder and managing director at Brightfold Studio.", []),
        # ... while a team they dealt with, or someone else's title, still counts.
        ("Their sales team called me twice.", ["sales"]),
        ("I talked to support on Monday.", ["support"]),
        ("Our IT director was worried about the integration.", ["IT"]),
        ("Rick, our VP of Sales, he's the budget owner.", ["sales"]),
        ("And then Dana, the CFO, she pushed back.", ["finance"]),
        ("I was talking to the sales manager about seats.", ["sales"]),
        ("I'm not sure the support team saw it.", ["support"]),
        ("I'm sure sales will hate it.", ["sales"]),
        ("I was the one who called support.", ["support"]),
        ("Their account manager was great.", ["customer success"]),
    ],
)
def test_the_speakers_own_role_is_no_team(text: str, found: list[str]) -> None:
    assert teams(text) == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # A team word that modifies another noun names a trade or a tool, not a team ...
        ("We're a B2B marketing agency, content and paid media mostly.", []),
        ("We do accounts payable automation for mid-market companies.", []),
        ("We need native sync with our billing system and our marketing automation.", []),
        ("They sell IT-software to schools.", []),
        # ... while the team itself still counts.
        ("Their marketing team sent us a deck.", ["marketing"]),
        ("Finance signed off on the automation budget.", ["finance"]),
        ("Our sales development reps called them.", ["sales"]),
    ],
)
def test_a_team_word_modifying_another_noun_is_no_team(text: str, found: list[str]) -> None:
    assert teams(text) == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # A team word inside a company's name (a run of capitalised words) names a firm, not a team ...
        ("We hired Northgate HR Partners to run it.", []),
        ("Northgate HR Partners ran the whole rollout.", []),
        ("Graham Mitchell, head of sales at Northgate HR Partners.", []),
        ("Then Legal Shield Inc reviewed the contract.", []),
        ("We bought leads from Acme Sales Solutions Ltd for a year.", []),
        ("Our payroll went to Smith & Finance Partners.", []),
        # ... while a team still counts: after a sentence's opening word, as an acronym alone, before a
        # lowercase team noun, beside a person's name or a job title, or with only a generic word after.
        ("Our HR team signed off.", ["hr"]),
        ("HR signed off on it.", ["hr"]),
        ("The IT department was slow.", ["IT"]),
        ("Then the Acme IT team set it up.", ["IT"]),
        ("Our CFO Dana Reyes approved it.", ["finance"]),
        ("I spoke to their Revenue Operations Manager.", ["operations"]),
        ("Our HR Business Partner helped.", ["hr"]),
        ("Then IT Solutions came up with a fix.", ["IT"]),
        ("I talked to Sales and Marketing.", ["sales", "marketing"]),
    ],
)
def test_a_team_word_inside_a_company_name_is_no_team(text: str, found: list[str]) -> None:
    assert teams(text) == found
