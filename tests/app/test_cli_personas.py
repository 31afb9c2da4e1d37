"""`desirelines personas FOLDER`: every respondent of every transcript gets a persona; bad files are
reported and skipped. The transcripts below are FICTIONAL, written for these tests."""

from __future__ import annotations

import csv
import json
import zlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from app.cli import main
from nlp.pipeline import UtteranceCoding
from nlp.types import CodingInput
from tests.factories import group_interview

QUESTIONS = [
    "Could you tell me a little about yourself?",
    "How does energy come up in your week?",
    "Tell me about the last time something went wrong.",
    "What happened next?",
    "What do you think of the app?",
    "Where do you find out about this kind of thing?",
]
STAFF = {
    "staff_contact_centre.txt": [
        "I work in the contact centre at the utility, on the billing lines. I've been there six years.",
        "Every week our customers ring about their bills. My team takes sixty calls a day each.",
        "The outage in March flooded our queue. We had four hundred calls waiting by lunchtime.",
        "We escalated it to the network team. Our systems could not show the restore time.",
        "We push the app on every call. Our customers like the usage graphs.",
        "Mostly internal briefings from management. I read the regulator updates too.",
    ],
    "staff_field_engineer.txt": [
        "I'm a field engineer, so I'm out on the network most days fixing faults.",
        "Our crews cover the whole patch. My van is my office, honestly.",
        "A cable joint failed underground during the storm. We worked on the overhead lines until three.",
        "We isolated the feeder and restored supply. The control room coordinated the crews.",
        "We use the job app for our work orders. Customers tell us they like the outage map.",
        "Toolbox talks and the engineering bulletin. My colleagues share a lot on the team channel.",
    ],
    "staff_planner.txt": [
        "I work in network planning, forecasting demand on the grid. Our team plans upgrades.",
        "Demand peaks are shifting with heat pumps. We model the network load for ten years.",
        "A substation hit capacity last winter. Our customers on that feeder lost supply twice.",
        "We took the upgrade plan to the regulator. The investment case was approved in June.",
        "The smart meter data helps our planning. The app is for customers, not really for us.",
        "Industry conferences and the regulator's papers. Our engineers share reports internally.",
    ],
}
HOMES = {
    "home_parent.txt": [
        "I've got two kids at primary school and I work part-time from home.",
        "The washing machine is on every day. My husband works nights so I deal with the bills.",
        "The power went off during the storm. The kids did their homework by torchlight.",
        "I phoned them and waited on hold for ages. My neighbour had the same problem.",
        "I check my usage in the app sometimes. It logs me out every time, which drives me mad.",
        "Mostly the school mums' group chat. My sister sends me money saving tips.",
    ],
    "home_retiree.txt": [
        "I'm retired now, I was a teacher for thirty years, and I live with my wife.",
        "At my age the cold really gets to you. We keep the heating low to save money.",
        "Our bill nearly doubled in January. It turned out to be an estimated reading.",
        "I rang them and a nice lady sorted it. My daughter helped me with the letter.",
        "I don't do the internet much. My grandson set the app up on my phone.",
        "The local paper and the radio. My wife hears things at church.",
    ],
    "home_student.txt": [
        "I rent a flat with a friend and I'm in my second year at college.",
        "We split the bill between the two of us. I'm out at lectures most of the day.",
        "The flat has storage heaters that nobody understands. Our first bill was a shock.",
        "My flatmate emailed the landlord. The letting agent wasn't much help.",
        "I use the app to top up. It's fine, a bit slow on my old phone.",
        "TikTok and Reddit, honestly. My mates share tips on the group chat.",
    ],
}


def _transcript(speaker: str, answers: Sequence[str]) -> str:
    lines = ["FICTIONAL test transcript written for the Desirelines test suite", ""]
    for question, answer in zip(QUESTIONS, answers, strict=True):
        lines += [f"Interviewer: {question}", f"{speaker}: {answer}"]
    return "\n".join(lines) + "\n"


@pytest.fixture
def study(tmp_path: Path) -> Path:
    folder = tmp_path / "study"
    folder.mkdir()
    for number, (name, answers) in enumerate({**STAFF, **HOMES}.items()):
        (folder / name).write_text(_transcript(f"Person {number}", answers), encoding="utf-8")
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 this is not really a Word file")
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4 not a transcript")
    return folder


class WordHashPipeline:
    """A fake coding pipeline: texts that share words get similar embeddings; no model is loaded."""

    def __init__(self, framework: str = "seven-step") -> None:
        self.framework = framework

    def code(self, items: Sequence[CodingInput]) -> list[UtteranceCoding]:
        return [self._one(item.text) for item in items]

    @staticmethod
    def _one(text: str) -> UtteranceCoding:
        vector = np.zeros(384)
        for word in text.lower().split():
            vector += np.random.default_rng(zlib.crc32(word.strip(".,!?").encode())).normal(size=384)
        vector /= max(float(np.linalg.norm(vector)), 1e-9)
        forces = {"pull": 0.9} if "like" in text else {}
        return UtteranceCoding(embedding=vector.astype(np.float32), emotion="neutral", forces=forces)


@pytest.fixture
def fake_pipeline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("nlp.pipeline.CodingPipeline", WordHashPipeline)


def test_real_models_every_file_assigned_and_bad_files_reported(study: Path, tmp_path: Path) -> None:
    out = tmp_path / "personas.json"
    result = CliRunner().invoke(main, ["personas", str(study), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "FAIL  broken.docx" in result.stderr and "skip  notes.pdf" in result.stderr
    assert "time: load models" in result.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert {p["file"] for p in data["participants"]} == set(STAFF) | set(HOMES)
    assert all(p["key"] == p["file"] for p in data["participants"])  # one respondent per file
    assert all(0 <= p["persona"] < data["k"] for p in data["participants"])
    assert len(data["personas"]) == data["k"] and data["chosen_by"] in ("silhouette", "no-structure")
    texts = {name: (study / name).read_text(encoding="utf-8") for name in {**STAFF, **HOMES}}
    for persona in data["personas"]:
        assert len(persona["fields"]) == 11
        for field in persona["fields"]:
            for quote in field["quotes"]:
                assert quote["text"] in texts[quote["source"]]
                assert data["utterances"][str(quote["utterance_id"])]["file"] == quote["source"]
    forced = CliRunner().invoke(main, ["personas", str(study), "--out", str(out), "--k", "2"])
    assert forced.exit_code == 0, forced.output
    split = json.loads(out.read_text(encoding="utf-8"))
    staff = {p["persona"] for p in split["participants"] if p["file"] in STAFF}
    homes = {p["persona"] for p in split["participants"] if p["file"] in HOMES}
    assert len(staff) == len(homes) == 1 and staff != homes  # two personas: the two populations


@pytest.mark.usefixtures("fake_pipeline")
def test_csv_output_has_one_row_per_participant(study: Path, tmp_path: Path) -> None:
    out = tmp_path / "personas.csv"
    result = CliRunner().invoke(main, ["personas", str(study), "--out", str(out), "--k", "2"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["participant"] for r in rows] == sorted({**STAFF, **HOMES})
    assert {r["persona"] for r in rows} == {"0", "1"}
    assert "Wrote 2 personas for 6 participants" in result.stdout


@pytest.mark.usefixtures("fake_pipeline")
def test_roster_profiles_reach_the_canvas_and_k_is_honoured(study: Path, tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "file,job_title,sector,committee_role,age\n"
        "staff_planner.txt,Network Planner,Utilities,influencer,38\n"
        "home_retiree.txt,,,,71\n",
        encoding="utf-8",
    )
    out = tmp_path / "personas.json"
    result = CliRunner().invoke(
        main, ["personas", str(study), "--out", str(out), "--roster", str(roster), "--k", "1"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["k"] == 1 and data["chosen_by"] == "user"
    fields = {f["key"]: f for f in data["personas"][0]["fields"]}
    assert ["Network Planner", 1] in fields["identity"]["details"]
    assert ["age: 71", 1] in fields["background"]["details"]
    assert ["influencer", 1] in fields["committee"]["details"]


@pytest.mark.usefixtures("fake_pipeline")
def test_bad_arguments_say_what_is_wrong(study: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["personas", str(study), "--out", str(tmp_path / "out.txt")])
    assert result.exit_code != 0 and "must end in .json or .csv" in result.output
    empty = tmp_path / "empty"
    empty.mkdir()
    result = CliRunner().invoke(main, ["personas", str(empty), "--out", str(tmp_path / "out.json")])
    assert result.exit_code != 0 and "no transcript with respondent speech" in result.output
    roster = tmp_path / "roster.csv"
    roster.write_text("name,job_title\nDana,CFO\n", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["personas", str(study), "--out", str(tmp_path / "o.json"), "--roster", str(roster)]
    )
    assert result.exit_code != 0 and "needs a 'file' or 'participant' column" in result.output


@pytest.mark.usefixtures("fake_pipeline")
def test_label_variants_are_one_person_and_fragments_are_left_out_with_the_reason(
    study: Path, tmp_path: Path
) -> None:
    variants = [
        "Interviewee",
        "Interviewee.",
        "INTERVIEWEE",
        "Interviewee 1 or Interviewee 2",
        "Interviewee",
        "Interviewee",
    ]
    lines = ["FICTIONAL test transcript written for the Desirelines test suite", ""]
    for question, label, answer in zip(QUESTIONS, variants, HOMES["home_parent.txt"], strict=True):
        lines += [f"Interviewer 1: {question}", f"{label}: {answer}"]
    (study / "variants.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    fragment = [
        "Interviewer: Hello, can you hear me?",
        "Respondent: [REDACTED; Introduction]",
        "Interviewer: Thanks.",
        "Respondent: Yeah.",
    ]
    (study / "fragment.txt").write_text("\n".join(fragment) + "\n", encoding="utf-8")
    out = tmp_path / "personas.csv"

    result = CliRunner().invoke(main, ["personas", str(study), "--out", str(out), "--k", "2"])

    assert result.exit_code == 0, result.output
    rows = {r["participant"]: r for r in csv.DictReader(out.open(encoding="utf-8"))}
    assert "variants.txt" in rows and not any(key.startswith("variants.txt#") for key in rows)
    assert rows["fragment.txt"]["persona"] == "" and "no substantive talk" in rows["fragment.txt"]["left_out"]
    assert rows["variants.txt"]["persona"] in {"0", "1"} and rows["variants.txt"]["left_out"] == ""
    assert "left out of the personas: 1 participant(s)" in result.stderr
    assert "fragment.txt: no substantive talk" in result.stderr


@pytest.mark.usefixtures("fake_pipeline")
def test_a_group_interview_that_stands_apart_at_every_k_joins_the_nearest_persona(
    study: Path, tmp_path: Path
) -> None:
    """Three farmers interviewed together talk among themselves of what nobody else raises: every k
    makes them a persona of their own, but one conversation is no kind of customer. The others are
    grouped without them, they join the persona nearest them, and the output says so."""
    (study / "group_farm.txt").write_text(group_interview(), encoding="utf-8")
    out = tmp_path / "personas.json"
    result = CliRunner().invoke(main, ["personas", str(study), "--out", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["set_aside"] == ["group_farm.txt"]
    (farmers,) = {p["persona"] for p in data["participants"] if p["file"] == "group_farm.txt"}
    joined = [
        p["file"] for p in data["participants"] if p["persona"] == farmers and p["file"] != "group_farm.txt"
    ]
    assert joined  # no persona of the farmers alone: they joined one of the others
    assert "group_farm.txt: its respondents stood apart as a persona of their own at every k" in result.stderr


@pytest.mark.usefixtures("fake_pipeline")
def test_transcripts_in_subfolders_are_read_and_named_by_their_path(tmp_path: Path) -> None:
    """A study kept as one subfolder per population: every file is read, two files of the same name in
    different subfolders are two participants, and hidden files are left alone."""
    folder = tmp_path / "study"
    for population, files in (("staff", STAFF), ("homes", HOMES)):
        (folder / population).mkdir(parents=True)
        for number, (name, answers) in enumerate(files.items()):
            (folder / population / name).write_text(
                _transcript(f"Person {number}", answers), encoding="utf-8"
            )
    (folder / "homes" / "p01.txt").write_text(_transcript("Ann", HOMES["home_parent.txt"]), encoding="utf-8")
    (folder / "staff" / "p01.txt").write_text(
        _transcript("Ann", STAFF["staff_planner.txt"]), encoding="utf-8"
    )
    (folder / ".cache").mkdir()
    (folder / ".cache" / "x.txt").write_text(
        "Interviewee: not part of the study, hidden.\n", encoding="utf-8"
    )
    roster = tmp_path / "roster.csv"
    roster.write_text(  # by path in the study folder, or by name alone
        "file,job_title\nhomes/home_retiree.txt,Retired teacher\nstaff_planner.txt,Network Planner\n",
        encoding="utf-8",
    )
    out = tmp_path / "personas.json"
    result = CliRunner().invoke(
        main, ["personas", str(folder), "--out", str(out), "--k", "2", "--roster", str(roster)]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    files = {p["file"] for p in data["participants"]}
    assert files == {f"staff/{n}" for n in [*STAFF, "p01.txt"]} | {f"homes/{n}" for n in [*HOMES, "p01.txt"]}
    identities = [f for p in data["personas"] for f in p["fields"] if f["key"] == "identity"]
    assert any(["Retired teacher", 1] in f["details"] for f in identities)
    assert any(["Network Planner", 1] in f["details"] for f in identities)
    assert "skip" not in result.stderr
