"""Journey maps built from a small fixture whose every cell is known in advance."""

from __future__ import annotations

import json
import random
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml

from nlp.aggregate.evidence import Evidence, Quote
from nlp.aggregate.journey import (
    ITEM_ROWS,
    ROW_KEYS,
    ROW_TITLES,
    CellItem,
    JourneyMap,
    Opportunity,
    Stage,
    build_journey_map,
    journey_from_dict,
    journey_to_dict,
    mean_interval,
)
from nlp.aggregate.journey_rows import (
    LEXICON_PATH,
    JourneyLexiconError,
    RowExtractor,
    default_extractor,
    load_lexicon,
)
from nlp.frameworks import load_framework

STAGES = [
    Stage("awareness", "Awareness"),
    Stage("consideration", "Consideration"),
    Stage("decision", "Decision"),
    Stage("onboarding", "Onboarding"),
]


def evidence(
    uid: int,
    who: str | None,
    stage: str | None,
    text: str,
    valence: float | None,
    emotion: str | None,
    **codes: Any,
) -> Evidence:
    """One coded utterance; emotion_score defaults to 0.8 when an emotion is given."""
    codes.setdefault("emotion_score", 0.8 if emotion else 0.0)
    return Evidence(uid, text, participant=who, source=f"interview-{who}", stage=stage, valence=valence,
                    emotion=emotion, **codes)  # fmt: skip


def fixture_evidence() -> list[Evidence]:
    """Three participants (ana, ben, cy); decision stays empty; two utterances are unstaged."""
    return [
        evidence(1, "ana", "awareness", "Our old spreadsheet broke in March, that's when we started looking.",
                 -0.6, "frustration", forces={"push": 0.9}),
        evidence(2, "ben", "awareness", "A colleague mentioned them and I googled them that evening.", 0.2, "curiosity"),
        evidence(3, "cy", "awareness", "I saw a LinkedIn ad for them.", 0.0, "neutral"),
        evidence(4, "ana", "consideration", "I booked a demo on their website.", 0.4, "trust"),
        evidence(5, "ben", "consideration", "We booked a demo with the sales team after reading reviews on G2.",
                 0.3, "neutral"),
        evidence(6, "cy", "consideration", "I was worried the pricing page hid the real cost.", -0.5, "anxiety",
                 pain="pricing", pain_score=0.8),
        evidence(7, "ana", "consideration", "The pricing page was confusing and support never answered my email.",
                 -0.7, "frustration", pain="pricing", pain_score=0.6),
        evidence(8, "ben", "consideration", "Their sales rep kept pushing the annual contract.", -0.4, "frustration",
                 pain="sales pressure", pain_score=0.7),
        evidence(9, "ana", "onboarding", "The onboarding call with customer success was great.", 0.8, "delight"),
        evidence(10, "cy", "onboarding", "Will the data import really take two weeks?", -0.2, "anxiety"),
        evidence(11, "ben", None, "Anyway, that's all.", 0.0, "neutral"),
        evidence(12, "cy", "retention", "We renewed last month.", 0.1, "satisfaction"),
    ]  # fmt: skip


def fixture_map(**kwargs: Any) -> JourneyMap:
    return build_journey_map(STAGES, fixture_evidence(), framework="test-four", **kwargs)


def cell(journey: JourneyMap, row: str, stage: str) -> list[tuple[str, int, int, list[int]]]:
    return [(i.label, i.count, i.participants, i.utterance_ids) for i in journey.rows[row][stage]]


def test_totals_and_unstaged_utterances() -> None:
    journey = fixture_map(persona="Ops lead")

    assert (journey.framework, journey.persona) == ("test-four", "Ops lead")
    # "Anyway, that's all." carries no content: counted as such, not as an utterance of the map.
    assert (journey.participants, journey.utterances, journey.unstaged, journey.no_content) == (3, 11, 1, 1)
    assert [s.id for s in journey.stages] == ["awareness", "consideration", "decision", "onboarding"]


def test_every_stage_has_every_row_even_when_empty() -> None:
    journey = fixture_map()

    assert set(journey.rows) == set(ITEM_ROWS) == set(ROW_KEYS) - {"emotions", "opportunities", "kpis"}
    assert set(ROW_TITLES) == set(ROW_KEYS)
    for row in ITEM_ROWS:
        assert list(journey.rows[row]) == [s.id for s in STAGES]
        assert journey.rows[row]["decision"] == []
    empty = journey.emotions["decision"]
    assert (empty.n, empty.mean_valence, empty.low, empty.high, empty.dominant) == (0, None, None, None, None)
    assert empty.utterance_ids == [] and empty.quotes == []
    assert journey.opportunities["decision"] == [] and journey.kpis["decision"] == []


def test_touchpoints_are_ranked_by_participants_then_count_then_label() -> None:
    journey = fixture_map()

    assert cell(journey, "touchpoints", "consideration") == [
        ("demo", 2, 2, [4, 5]),
        ("pricing page", 2, 2, [6, 7]),
        ("contract", 1, 1, [8]),
        ("G2", 1, 1, [5]),
        ("review site", 1, 1, [5]),
        ("website", 1, 1, [4]),
    ]
    assert cell(journey, "touchpoints", "awareness") == [("advert", 1, 1, [3]), ("search engine", 1, 1, [2])]
    assert cell(journey, "touchpoints", "onboarding") == [("onboarding", 1, 1, [9])]


def test_teams_channels_actions_thoughts_and_script() -> None:
    journey = fixture_map()

    assert cell(journey, "teams", "consideration") == [("sales", 2, 1, [5, 8]), ("support", 1, 1, [7])]
    assert cell(journey, "teams", "onboarding") == [("customer success", 1, 1, [9])]
    assert cell(journey, "channels", "consideration") == [("email", 1, 1, [7])]
    assert cell(journey, "channels", "awareness") == [("social media", 1, 1, [3])]
    assert cell(journey, "actions", "consideration") == [("book demo", 2, 2, [4, 5])]
    assert cell(journey, "actions", "awareness") == [("google", 1, 1, [2])]
    assert cell(journey, "thoughts", "consideration") == [("worried", 1, 1, [6])]
    assert cell(journey, "thoughts", "onboarding") == [("open question", 1, 1, [10])]
    assert cell(journey, "script", "awareness") == [("old way broke down", 1, 1, [1])]


def test_pain_points_group_by_category_with_mean_score() -> None:
    journey = fixture_map()

    items = journey.rows["pain_points"]["consideration"]
    assert [(i.label, i.count, i.participants, i.utterance_ids) for i in items] == [
        ("pricing", 2, 2, [6, 7]),
        ("sales pressure", 1, 1, [8]),
    ]
    assert items[0].score == pytest.approx(0.7)
    assert [q.utterance_id for q in items[0].quotes] == [6, 7]  # higher pain score first
    assert journey.rows["touchpoints"]["consideration"][0].score is None


def test_pain_groups_relabel_pain_items_and_fall_back_to_the_category() -> None:
    journey = fixture_map(pain_groups={6: "hidden costs", 7: "hidden costs"})

    assert cell(journey, "pain_points", "consideration") == [
        ("hidden costs", 2, 2, [6, 7]),
        ("sales pressure", 1, 1, [8]),
    ]


def test_a_themes_quotes_are_its_members_in_the_stage_that_say_its_label_words_first() -> None:
    # A fake themes run over the pain points labels a theme from all its members; in consideration the
    # theme's stronger pain (30) is an off-centre member that says none of the label's words.
    theme = "pricing page, real cost - 'the pricing page hid the real cost'"
    items = [
        evidence(30, "ana", "consideration", "Excel and Outlook, that was it.", -0.6, "frustration",
                 pain="missing capability", pain_score=0.9),
        evidence(31, "ben", "consideration", "The pricing page hid the real cost.", -0.5, "anxiety",
                 pain="pricing", pain_score=0.5),
        evidence(32, "cy", "awareness", "Pricing pages are vague.", -0.3, "anxiety", pain="pricing", pain_score=0.6),
        evidence(33, "cy", "consideration", "Their rep kept pushing.", -0.4, "frustration",
                 pain="sales pressure", pain_score=0.7),
    ]  # fmt: skip
    groups = {30: theme, 31: theme, 32: theme}
    journey = build_journey_map(STAGES, items, framework="f", pain_groups=groups)

    cells = journey.rows["pain_points"]
    assert cell(journey, "pain_points", "consideration") == [
        (theme, 2, 2, [30, 31]),
        ("sales pressure", 1, 1, [33]),
    ]
    assert [q.utterance_id for q in cells["consideration"][0].quotes] == [31, 30]
    assert cell(journey, "pain_points", "awareness") == [(theme, 1, 1, [32])]
    for stage, stage_items in cells.items():
        for item in stage_items:
            members = {e.utterance_id for e in items if e.stage == stage and groups.get(e.utterance_id) == item.label}
            assert {q.utterance_id for q in item.quotes} <= set(item.utterance_ids)
            assert item.label not in groups.values() or set(item.utterance_ids) == members


def test_emotion_cell_mean_interval_dominant_and_intense_quotes() -> None:
    journey = fixture_map()

    stage = journey.emotions["consideration"]
    assert stage.n == 5
    assert stage.mean_valence == pytest.approx(-0.18)
    assert stage.low is not None and stage.high is not None and stage.mean_valence is not None
    assert stage.low < stage.mean_valence < stage.high
    assert (stage.dominant, stage.dominant_share) == ("frustration", pytest.approx(2 / 5))
    assert stage.utterance_ids == [4, 5, 6, 7, 8]
    assert [q.utterance_id for q in stage.quotes] == [7, 6, 8]  # most intense, one per participant


def test_dominant_emotion_ignores_neutral_and_breaks_ties_by_name() -> None:
    journey = fixture_map()

    stage = journey.emotions["awareness"]
    assert (stage.dominant, stage.dominant_share) == ("curiosity", pytest.approx(1 / 3))
    assert [q.utterance_id for q in stage.quotes] == [1, 2]  # the neutral, 0-valence one is no quote


def test_only_neutral_emotions_make_neutral_dominant() -> None:
    items = [evidence(1, "a", "awareness", "The setup was fine.", 0.0, "neutral")]

    stage = build_journey_map(STAGES, items, framework="f").emotions["awareness"]
    assert (stage.dominant, stage.dominant_share) == ("neutral", 1.0)
    assert (stage.n, stage.mean_valence, stage.low, stage.high) == (1, 0.0, None, None)


def test_valence_interval_contains_the_mean_and_narrows_with_more_data() -> None:
    values = [0.1, 0.5, -0.3, 0.4, 0.0, -0.2]
    widths = []
    for repeats in (1, 4, 16):
        mean, low, high = mean_interval(values * repeats)
        assert mean is not None and low is not None and high is not None
        assert low < mean < high
        widths.append(high - low)
    assert widths[0] > widths[1] > widths[2]
    assert mean_interval([]) == (None, None, None)
    assert mean_interval([0.4]) == (0.4, None, None)
    assert mean_interval([-0.9, 0.9]) == (0.0, -1.0, 1.0)  # clipped to the valence range


def test_quotes_prefer_distinct_participants_then_strength() -> None:
    items = [
        evidence(1, "ana", "awareness", "I found their website.", -0.9, "frustration"),
        evidence(2, "ana", "awareness", "I visited their website again.", -0.8, "frustration"),
        evidence(3, "ben", "awareness", "We went to the website; slow.", -0.1, "frustration"),
        evidence(4, "cy", "awareness", "I saw a website, fine.", -0.5, "frustration"),
        evidence(5, "ana", "awareness", "I checked their website, website.", -0.7, "frustration"),
    ]

    item = build_journey_map(STAGES, items, framework="f").rows["touchpoints"]["awareness"][0]
    assert (item.label, item.count, item.participants) == ("website", 5, 3)
    assert [q.utterance_id for q in item.quotes] == [1, 4, 3]


def test_every_quote_is_verbatim_evidence() -> None:
    texts = {e.utterance_id: e for e in fixture_evidence()}
    data = journey_to_dict(fixture_map())

    quotes = [
        q for cells in data["rows"].values() for items in cells.values() for i in items for q in i["quotes"]
    ]
    quotes += [q for cell in data["emotions"].values() for q in cell["quotes"]]
    assert quotes
    for quote in quotes:
        source = texts[quote["utterance_id"]]
        assert quote["text"] == source.text
        assert (quote["participant"], quote["source"]) == (source.participant, source.source)
    for cells in data["rows"].values():
        for items in cells.values():
            assert all(len(i["quotes"]) <= 3 and len(i["utterance_ids"]) == i["count"] for i in items)


def test_unknown_participant_counts_once_per_source() -> None:
    items = [
        Evidence(1, "We booked a demo.", source="call-1", stage="awareness"),
        Evidence(2, "Then we watched another demo.", source="call-1", stage="awareness"),
        Evidence(3, "I got a demo too.", stage="awareness"),
    ]

    journey = build_journey_map(STAGES, items, framework="f")
    assert journey.participants == 2
    assert cell(journey, "touchpoints", "awareness") == [("demo", 3, 2, [1, 2, 3])]


def test_script_keeps_at_most_three_groups() -> None:
    items = [
        evidence(1, "a", "awareness", "Our CRM kept crashing.", -0.5, "frustration"),
        evidence(2, "b", "awareness", "That's when we started looking.", 0.0, None),
        evidence(3, "c", "awareness", "Three months ago it began.", 0.0, None),
        evidence(4, "d", "awareness", "Nothing special here.", 0.0, None, forces={"push": 0.8}),
    ]

    journey = build_journey_map(STAGES, items, framework="f")
    assert cell(journey, "script", "awareness") == [
        ("old way broke down", 2, 2, [1, 4]),
        ("timing", 1, 1, [3]),
        ("triggering event", 1, 1, [2]),
    ]
    assert [q.utterance_id for q in journey.rows["script"]["awareness"][0].quotes] == [4, 1]  # push first


def test_opportunities_and_kpis_pass_through_by_stage() -> None:
    ideas = [
        Opportunity(3, "Show total cost on the pricing page", "consideration", "low", ["pricing"]),
        Opportunity(1, "Cap the sales follow-ups", "consideration", "high", ["sales pressure"]),
        Opportunity(2, "An idea for a stage we do not map", "retention", "medium", []),
    ]
    goals = {"consideration": ["Demo to trial above 40%"], "retention": ["Churn below 5%"]}

    journey = fixture_map(opportunities=ideas, kpis=goals)
    assert [o.id for o in journey.opportunities["consideration"]] == [1, 3]
    assert journey.opportunities["consideration"][1].pain_points == ["pricing"]
    assert journey.kpis == {"awareness": [], "consideration": ["Demo to trial above 40%"], "decision": [],
                            "onboarding": []}  # fmt: skip


def test_bad_feasibility_and_duplicate_stages_are_errors() -> None:
    with pytest.raises(ValueError, match="feasibility 'maybe'"):
        fixture_map(opportunities=[Opportunity(1, "x", "decision", "maybe", [])])
    with pytest.raises(ValueError, match="unique"):
        build_journey_map([*STAGES, Stage("decision", "Again")], [], framework="f")


def test_json_round_trip_is_equal() -> None:
    ideas = [Opportunity(1, "Cap the sales follow-ups", "consideration", "high", ["sales pressure"])]
    journey = fixture_map(persona="Ops lead", opportunities=ideas, kpis={"decision": ["Close in 30 days"]})

    data = json.loads(json.dumps(journey_to_dict(journey)))
    assert journey_from_dict(data) == journey
    assert data["version"] == 1
    assert data["rows"]["touchpoints"]["consideration"][0] == {
        "label": "demo",
        "count": 2,
        "participants": 2,
        "utterance_ids": [4, 5],
        "quotes": [
            {"utterance_id": 4, "text": "I booked a demo on their website.", "participant": "ana",
             "source": "interview-ana", "before": None},
            {"utterance_id": 5, "text": "We booked a demo with the sales team after reading reviews on G2.",
             "participant": "ben", "source": "interview-ben", "before": None},
        ],
        "score": None,
        "support": "",
    }  # fmt: skip
    assert set(data["emotions"]["decision"]) == {"n", "mean_valence", "low", "high", "dominant", "dominant_share",
                                                 "utterance_ids", "quotes", "feeling"}  # fmt: skip


def test_from_dict_rejects_other_versions_and_missing_keys() -> None:
    data = journey_to_dict(fixture_map())
    with pytest.raises(ValueError, match="version"):
        journey_from_dict({**data, "version": 99})
    with pytest.raises(ValueError, match="malformed"):
        journey_from_dict({k: v for k, v in data.items() if k != "emotions"})


def test_same_evidence_in_any_order_gives_identical_dicts() -> None:
    shuffled = fixture_evidence()
    random.Random(7).shuffle(shuffled)

    first = journey_to_dict(fixture_map())
    again = journey_to_dict(build_journey_map(STAGES, shuffled, framework="test-four"))
    assert json.dumps(first, sort_keys=False) == json.dumps(again, sort_keys=False)


def test_framework_stages_can_be_passed_as_they_are() -> None:
    framework = load_framework("seven-step")
    items = [replace(e, stage="awareness") for e in fixture_evidence()[:3]]

    journey = build_journey_map(framework.stages, items, framework=framework.id)
    assert [s.id for s in journey.stages] == framework.stage_ids
    assert isinstance(journey.stages[0], Stage) and journey.stages[0].name == "Awareness"
    assert journey.emotions["awareness"].n == 3


def test_cell_item_quote_type() -> None:
    item = fixture_map().rows["actions"]["awareness"][0]
    assert isinstance(item, CellItem) and all(isinstance(q, Quote) for q in item.quotes)


@pytest.mark.parametrize(
    ("text", "row", "labels"),
    [
        ("So we then just signed up for a free trial.", "actions", ["sign up for free trial"]),
        ("We asked for a quote from procurement.", "actions", ["ask for quote"]),
        ("We didn't sign up in the end.", "actions", []),
        ("We were a bit worried that IT would block it.", "teams", ["IT"]),
        ("It was fine, it really was.", "teams", []),
        ("We were a bit worried about it.", "thoughts", ["worried"]),
        ("The onboarding team was helpful.", "touchpoints", []),
        ("I compared reviews on Capterra.", "touchpoints", ["review site", "Capterra"]),
        ("We spoke to their account manager over Zoom.", "channels", ["video call"]),
        ("Back in 2021 we used Excel.", "script", ["timing"]),
    ],
)
def test_lexical_rows(text: str, row: str, labels: list[str]) -> None:
    assert default_extractor().labels(text)[row] == labels


@pytest.mark.parametrize(
    ("text", "row", "kept"),
    [
        ("Google Sheets just couldn't keep up anymore.", "touchpoints", []),
        ("I googled it and found them on Google.", "touchpoints", ["search engine"]),
        ("We did the demo in a conference room with my reps.", "touchpoints", ["demo"]),
        ("We met them at a conference in Austin.", "touchpoints", ["event"]),
        ("It was a lot of trial and error.", "touchpoints", []),
        ("We do code reviews and peer reviews every week.", "touchpoints", []),
        ("I read the reviews on G2.", "touchpoints", ["review site", "G2"]),
        ("Our data management is a mess.", "teams", []),
        ("The commercial negotiation took a day.", "touchpoints", []),
        ("Then the integration with our billing system.", "touchpoints", []),
        ("I'm in agreement with that, and the research community is small.", "touchpoints", []),
        ("I spent eight years at Google.", "touchpoints", []),
        ("As a broad class, they're referred to as the button stories.", "touchpoints", []),
        ("That was not included in the control trial.", "touchpoints", []),
        ("It gives you recommendations from an AI.", "touchpoints", []),
        ("A colleague referred us to them.", "touchpoints", ["referral"]),
        ("We started a trial in May.", "touchpoints", ["free trial"]),
    ],
)
def test_set_phrases_name_something_else(text: str, row: str, kept: list[str]) -> None:
    assert default_extractor().labels(text)[row] == kept


def test_set_phrases_are_optional_and_checked(tmp_path: Path) -> None:
    data = yaml.safe_load(LEXICON_PATH.read_text(encoding="utf-8"))
    data.pop("set_phrases")
    data.pop("respondent_met")  # so that "trial" alone counts, met or not
    assert RowExtractor(load_lexicon(data)).labels("It was trial and error.")["touchpoints"] == ["free trial"]
    with pytest.raises(JourneyLexiconError, match=r"set_phrases\[0\]: expected a non-empty string"):
        load_lexicon(write_lexicon(tmp_path, lambda d: d.update(set_phrases=[3])))


def test_remembered_labels_are_the_same_and_cannot_be_changed_by_a_caller() -> None:
    rows = RowExtractor(load_lexicon())
    text = "I called the sales rep and then I tried the free trial."
    first = rows.labels(text)
    first["touchpoints"].append("made up")
    again = rows.labels(text)
    assert "made up" not in again["touchpoints"]
    assert again == RowExtractor(load_lexicon()).labels(text)
    assert rows.labels(text, push=True) == RowExtractor(load_lexicon()).labels(text, push=True)


def write_lexicon(tmp_path: Path, change: Any) -> Path:
    data = yaml.safe_load(LEXICON_PATH.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "lexicon.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (
            lambda d: d["teams"]["sales"].append(True),
            r"lexicon.yaml: teams.sales\[\d+\]: expected a non-empty string",
        ),
        # safe_dump sorts keys, so "demo" is read first and the second "website" is the duplicate.
        (
            lambda d: d["touchpoints"]["demo"].append("website"),
            r"touchpoints.website\[0\]: 'website' is already under 'demo'",
        ),
        (lambda d: d.update(extra=1), r"lexicon.yaml: extra: unknown key"),
        (lambda d: d.pop("channels"), r"channels: missing required key"),
        (lambda d: d["script"].update(push_group="nope"), r"script.push_group: 'nope' is not one of"),
        (
            lambda d: d["thoughts"]["hoped"].append("so <I> hope"),
            r"thoughts.hoped\[\d+\]: .*<I> may only be the first word",
        ),
    ],
)
def test_lexicon_errors_name_the_key_path(tmp_path: Path, change: Any, where: str) -> None:
    with pytest.raises(JourneyLexiconError, match=where):
        load_lexicon(write_lexicon(tmp_path, change))


def test_a_custom_lexicon_with_fillers_inside_a_phrase() -> None:
    data = yaml.safe_load(LEXICON_PATH.read_text(encoding="utf-8"))
    data["thoughts"]["doubted"] = ["it seemed ~ risky|pricey", "<I> doubted"]

    rows = RowExtractor(load_lexicon(data))
    assert rows.labels("It seemed a bit risky to me.")["thoughts"] == ["doubted"]
    assert rows.labels("Honestly we really doubted it.")["thoughts"] == ["doubted"]
    assert rows.labels("It seemed fine.")["thoughts"] == []


def test_shipped_lexicon_loads() -> None:
    lexicon = load_lexicon()
    assert "demo" in lexicon.phrases["touchpoints"] and lexicon.push_group in lexicon.script


# A map as snapshots stored it before stages had support counts, no-content counts or item scores.
OLDER_SNAPSHOT: dict[str, Any] = {
    "version": 1,
    "framework": "test-four",
    "persona": None,
    "participants": 2,
    "utterances": 3,
    "unstaged": 1,
    "stages": [{"id": "discover", "name": "Discover"}, {"id": "buy", "name": "Buy"}],
    "rows": {
        "pains": {
            "buy": [
                {
                    "label": "pricing",
                    "count": 2,
                    "participants": 2,
                    "utterance_ids": [4, 9],
                    "quotes": [{"utterance_id": 4, "text": "Too pricey.", "participant": "1", "source": "7"}],
                }
            ]
        }
    },
    "emotions": {
        "buy": {
            "n": 1,
            "mean_valence": -0.5,
            "low": None,
            "high": None,
            "dominant": "frustration",
            "dominant_share": 1.0,
            "utterance_ids": [4],
            "quotes": [{"utterance_id": 4, "text": "Too pricey."}],
        }
    },
    "opportunities": {
        "buy": [
            {
                "id": 3,
                "text": "Show prices",
                "stage": "buy",
                "feasibility": "high",
                "pain_points": ["pricing"],
            }
        ]
    },
    "kpis": {"buy": ["Fewer drop-outs"]},
}


def test_a_snapshot_saved_by_an_older_release_still_reads() -> None:
    journey = journey_from_dict(OLDER_SNAPSHOT)
    item = journey.rows["pains"]["buy"][0]
    assert [s.name for s in journey.stages] == ["Discover", "Buy"]
    assert (item.label, item.utterance_ids, item.score) == ("pricing", [4, 9], None)
    assert item.quotes[0].text == "Too pricey." and journey.emotions["buy"].quotes[0].participant is None
    assert journey.opportunities["buy"][0].pain_points == ["pricing"]
    assert (journey.support, journey.no_content) == ({}, 0)
    again = journey_to_dict(journey)
    assert journey_from_dict(again) == journey


def test_a_snapshot_with_a_wrong_shape_names_the_field() -> None:
    broken = {**OLDER_SNAPSHOT, "rows": {"pains": {"buy": [{"label": "pricing"}]}}}
    with pytest.raises(ValueError, match=r"CellItem\.count: missing"):
        journey_from_dict(broken)
    with pytest.raises(ValueError, match=r"JourneyMap\.stages: expected a list"):
        journey_from_dict({**OLDER_SNAPSHOT, "stages": "discover"})
