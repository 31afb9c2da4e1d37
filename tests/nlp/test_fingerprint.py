from nlp.fingerprint import _normalise_unicode, fingerprint, is_substantive, normalise, text_hash


def test_formats_differences_do_not_change_the_hash() -> None:
    variants = [
        "The import broke twice, so we switched.",
        "the import  broke twice so we switched",
        "[00:03] The IMPORT broke twice \u2014 so we switched!",
        "(00:00:06) The import broke twice; so we switched\u2026",
        "The import broke twice,\nso we switched. 00:01:02.500",
    ]
    assert {normalise(v) for v in variants} == {"the import broke twice so we switched"}
    assert len({text_hash(normalise(v)) for v in variants}) == 1


def test_other_words_give_another_hash() -> None:
    assert text_hash(normalise("We switched in May.")) != text_hash(normalise("We switched in June."))


def test_numbers_that_are_not_timestamps_stay() -> None:
    assert normalise("We pay 12.50 a seat for 3 seats") == "we pay 12 50 a seat for 3 seats"


def test_short_answers_are_not_substantive() -> None:
    assert not is_substantive(normalise("Yes."))
    assert not is_substantive(normalise("Not sure"))
    assert not is_substantive(normalise("N/A"))
    assert is_substantive(normalise("Too expensive for us."))


def test_fingerprint_keeps_distinct_substantive_hashes() -> None:
    hashes = fingerprint(["Too expensive for us.", "too expensive for us", "Yes", "The export is slow."])
    assert len(hashes) == 2
    assert all(-(2**63) <= h < 2**63 for h in hashes)  # a signed BIGINT on both databases


def test_the_ascii_shortcut_agrees_with_the_unicode_path() -> None:
    samples = [
        "[00:03] The IMPORT broke_twice -- so we switched!",
        "It's 12:30, not 1:02:03.5; e-mail me@x.org (urgent)",
        "Tabs\tand\nnew lines,   and ~`^|\\ symbols",
        "",
    ]
    for sample in samples:
        assert normalise(sample) == _normalise_unicode(sample), sample


def test_accented_and_fullwidth_text_is_folded() -> None:
    assert normalise("CAF\u00c9 \uff21\uff22\uff23, na\u00efve!") == "caf\u00e9 abc na\u00efve"
