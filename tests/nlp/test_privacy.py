import pytest

from nlp.privacy import Redactor, redact_contacts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mail jo.smith+crm@acme.co.uk today", "mail [email] today"),
        ("call +44 20 7946 0958 or (415) 555-0134.", "call [phone] or [phone]."),
        ("see https://acme.example.com/pricing?x=1, then www.acme.io.", "see [url], then [url]."),
    ],
)
def test_contacts_are_replaced(text: str, expected: str) -> None:
    assert redact_contacts(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "We paid $45 per seat for 12 reps.",
        "From 2019-2024 we closed 10-15 deals a month.",
        "Version 3.2.1 broke.",
    ],
)
def test_ordinary_numbers_are_kept(text: str) -> None:
    assert redact_contacts(text) == text


def test_known_names_and_their_parts_become_pseudonyms_only_when_capitalised() -> None:
    redactor = Redactor({"Daniel Reyes": "[Participant 1]"})
    assert redactor.redact("Daniel said Reyes and Daniel Reyes agree.") == (
        "[Participant 1] said [Participant 1] and [Participant 1] agree."
    )
    assert redactor.redact("the daniel of it") == "the daniel of it"


def test_rules_find_names_after_titles_and_relationships() -> None:
    redactor = Redactor()
    assert (
        redactor.redact("Dr. Okafor and my co-founder Sam agreed.")
        == "Dr. [Person] and my co-founder [Person] agreed."
    )
    assert redactor.redact("My team agreed.") == "My team agreed."
