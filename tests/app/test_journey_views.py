"""The journey page and exports work on a `JourneyMap`, current or read back from a saved version."""

from __future__ import annotations

from app.journeys.views import ShownMap, emotion_curve, rows_of
from nlp.aggregate.journey import Opportunity, journey_from_dict, journey_to_dict
from tests.nlp.aggregate.test_journey import OLDER_SNAPSHOT, fixture_map


def test_rows_of_lists_every_claim_with_its_evidence() -> None:
    ideas = [Opportunity(1, "Show prices up front", "decision", "high", ["pricing"])]
    journey = fixture_map(opportunities=ideas, kpis={"decision": ["Close in 30 days"]})
    rows = rows_of(journey)
    items = [r for r in rows if r["row"] in journey.rows]
    assert len(items) == sum(len(v) for cells in journey.rows.values() for v in cells.values())
    assert items and all(r["utterance_ids"] and r["quotes"] for r in items)
    assert {r["row"] for r in rows} >= {"emotions", "opportunities", "kpis"}
    idea = next(r for r in rows if r["row"] == "opportunities")
    assert (idea["label"], idea["quotes"]) == ("Show prices up front", "feasibility high; answers pricing")
    assert next(r for r in rows if r["row"] == "kpis")["label"] == "Close in 30 days"


def test_a_saved_older_version_shows_and_exports_like_a_current_map() -> None:
    shown = ShownMap(journey_from_dict(OLDER_SNAPSHOT), version={"id": 1, "label": "v1", "saved": None})
    data = shown.as_dict()
    assert data["version"]["label"] == "v1" and data["support"] == {} and data["no_content"] == 0
    assert journey_from_dict({**data, "version": 1}) == shown.journey
    rows = rows_of(shown.journey)
    pains = [r for r in rows if r["row"] == "pains"]
    assert pains == [
        {
            "stage": "Buy",
            "row": "pains",
            "label": "pricing",
            "count": 2,
            "participants": 2,
            "utterance_ids": "4 9",
            "quotes": "\u201cToo pricey.\u201d",
            "said_by": "",
            "support": "",
        }
    ]
    curve = emotion_curve(shown.journey)
    assert [p["n"] for p in curve["points"]] == [0, 1] and curve["points"][0]["y"] is None


def test_to_dict_and_back_is_the_same_map() -> None:
    journey = fixture_map(persona="Ops lead")
    assert journey_from_dict(journey_to_dict(journey)) == journey


def _emotion_row(journey_dict: dict, curve: dict) -> str:
    html = _curve_and_table(journey_dict, curve)
    return html.split('id="row-emotions"', 1)[1].split("</tr>", 1)[0]


def test_a_stage_mostly_neutral_says_so_beside_its_rare_felt_emotion() -> None:
    journey = fixture_map()
    stage = next(iter(journey.emotions))
    cell = journey.emotions[stage]
    cell.dominant, cell.dominant_share = "satisfaction", 0.02
    shown = ShownMap(journey, version=None)
    row = _emotion_row(shown.as_dict(), emotion_curve(journey))
    assert "mostly neutral" in row and "most felt: satisfaction 2%" in row
    cell.dominant_share = 0.6
    row = _emotion_row(ShownMap(journey, version=None).as_dict(), emotion_curve(journey))
    assert "mostly neutral" not in row and "satisfaction" in row and "60%" in row


def test_an_emotion_cell_without_utterances_exports_blank_not_none() -> None:
    journey = fixture_map()
    assert journey.emotions["decision"].mean_valence is None  # no utterance at this stage
    emotions = {r["stage"]: r for r in rows_of(journey) if r["row"] == "emotions"}
    assert emotions["Decision"]["quotes"] == "" and emotions["Decision"]["label"] == ""
    assert all("None" not in str(value) for row in emotions.values() for value in row.values())
    assert emotions["Awareness"]["quotes"].startswith("mean valence ")


def test_the_curve_and_the_csv_use_the_tables_words_for_a_mostly_neutral_stage() -> None:
    journey = fixture_map()
    stage = next(iter(journey.emotions))
    cell = journey.emotions[stage]
    cell.dominant, cell.dominant_share = "satisfaction", 0.06
    curve = emotion_curve(journey)
    html = _curve_and_table(ShownMap(journey, version=None).as_dict(), curve)
    point = next(p for p in curve["points"] if p["n"] and p["dominant"] == "satisfaction")
    assert "; mostly neutral (most felt: satisfaction 6%)</title>" in html
    assert "mostly satisfaction" not in html and str(point["feeling"]).startswith("mostly neutral")
    emotions = next(r for r in rows_of(journey) if r["row"] == "emotions" and r["label"].startswith("mostly"))
    assert emotions["label"] == "mostly neutral (most felt: satisfaction 6%)"
    cell.dominant_share = 0.6
    html = _curve_and_table(ShownMap(journey, version=None).as_dict(), emotion_curve(journey))
    assert "; satisfaction (60%)</title>" in html and "mostly neutral" not in html


def _curve_and_table(journey_dict: dict, curve: dict) -> str:
    from app.web import templates
    from nlp.aggregate.journey import ROW_TITLES

    return templates.env.get_template("_journey.html").render(
        map=journey_dict, curve=curve, row_titles=ROW_TITLES, printing=True
    )


def test_a_claim_from_one_participant_is_low_support_on_the_page_and_in_the_csv() -> None:
    journey = fixture_map()
    kind, item = next(
        (kind, items[0]) for kind, cells in journey.rows.items() for items in cells.values() if items
    )
    item.count, item.participants, item.utterance_ids = 1, 1, item.utterance_ids[:1]
    journey.support = {}  # no stage is low: the claim's own note is all there is
    row = next(r for r in rows_of(journey) if r["row"] == kind and r["label"] == item.label)
    assert row["support"] == "low support: 1 utterance, 1 participant"
    html = _curve_and_table(ShownMap(journey, version=None).as_dict(), emotion_curve(journey))
    cell = html.split(f'id="row-{kind}"', 1)[1].split("</tr>", 1)[0]
    assert (
        '<div class="item low-support">' in cell and "low support: 1 utterance, 1 participant</span>" in cell
    )
    item.participants = 2
    assert next(r for r in rows_of(journey) if r["label"] == item.label)["support"] == ""


def test_a_mean_valence_that_rounds_to_zero_prints_without_a_minus() -> None:
    """walk4: the demo's curve read "Consideration: mean valence -0.00 from 88 utterances"."""
    journey = fixture_map()
    cell = next(c for c in journey.emotions.values() if c.mean_valence is not None)
    cell.mean_valence = -0.003
    html = _curve_and_table(ShownMap(journey, version=None).as_dict(), emotion_curve(journey))
    assert "mean valence 0.00 from" in html and "-0.00" not in html
