"""The scrubbing rules behind erasure: sentences and names out of free text, quotes and evidence out of
saved JSON, claims only the erased participant supported dropped."""

from __future__ import annotations

from app.participants.scrub import ERASED, erased_ids_in, name_forms, scrub_json, scrubber_for

SAID = "The spreadsheet broke every Monday morning."


def test_their_sentences_and_name_are_replaced_in_free_text() -> None:
    scrub = scrubber_for([SAID, "Yes."], name="Daniel Reyes")
    note = f"Daniel Reyes said: {SAID} Ask Daniel again. Yes. Danielle stays."
    assert scrub.clean(note) == f"{ERASED} said: {ERASED} Ask {ERASED} again. Yes. Danielle stays."


def test_name_forms_skip_short_and_lower_case_parts() -> None:
    assert name_forms("Jo van Dyke") == ("Jo van Dyke", "Dyke")
    assert name_forms("Daniel Reyes") == ("Daniel Reyes", "Daniel", "Reyes")


def test_file_names_lose_the_name_in_any_case() -> None:
    scrub = scrubber_for([], name="Daniel Reyes")
    assert scrub.clean_label("01_daniel_reyes_freightline.txt") == "01_erased_erased_freightline.txt"
    assert scrub.clean_label("danielle.txt") == "danielle.txt"


def test_without_a_clear_name_only_sentences_go() -> None:
    scrub = scrubber_for([SAID], name=None)
    assert scrub.names == ()
    assert scrub.clean(f"Participant 1: {SAID}") == f"Participant 1: {ERASED}"


def test_saved_map_loses_their_quotes_and_claims_only_they_supported() -> None:
    data = {
        "participants": 2,
        "rows": {
            "actions": {
                "s1": [
                    {"label": "switch tools", "count": 1, "participants": 1, "utterance_ids": [7],
                     "quotes": [{"utterance_id": 7, "text": SAID, "participant": "3"}]},
                    {"label": "compare prices", "count": 2, "participants": 2, "utterance_ids": [7, 9],
                     "quotes": [{"utterance_id": 7, "text": SAID, "participant": "3"},
                                {"utterance_id": 9, "text": "We compared prices.", "participant": "4"}]},
                ]
            }
        },
        "emotions": {"s1": {"n": 2, "utterance_ids": [7, 9], "quotes": []}},
    }  # fmt: skip
    assert erased_ids_in(data, {7}) == {7}
    out = scrub_json(data, ids={7}, who="3", scrubber=scrubber_for([SAID], name=None))
    items = out["rows"]["actions"]["s1"]
    assert [i["label"] for i in items] == ["compare prices"]
    assert items[0]["utterance_ids"] == [9] and items[0]["count"] == 1 and items[0]["participants"] == 1
    assert [q["utterance_id"] for q in items[0]["quotes"]] == [9]
    assert out["emotions"]["s1"]["utterance_ids"] == [9]
    assert SAID not in str(out)
    assert data["rows"]["actions"]["s1"][0]["label"] == "switch tools"  # the input is not changed
