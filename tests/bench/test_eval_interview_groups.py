"""bench/eval_interview_groups.py: the folder it writes is read as intended, and the ARI is scored right."""

from __future__ import annotations

import importlib.util
import random
from pathlib import Path
from types import ModuleType

import pytest

from nlp.ingest import infer_roles, read_source
from nlp.types import SpeakerRole, Transcript

SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "eval_interview_groups.py"


@pytest.fixture(scope="module")
def script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("eval_interview_groups", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("host", ["Interviewer", "Chris Benson"])
def test_every_guest_and_only_guests_are_respondents(script: ModuleType, tmp_path: Path, host: str) -> None:
    guests = script.write_folder(tmp_path, seed=3, noise=True, host=host)
    assert len(guests) == len(script.read_episodes())
    assert {script.population(name) for name in guests} == {"practical-ai", "founders-talk"}
    for name, speakers in guests.items():
        transcript = read_source(name, (tmp_path / name).read_bytes())
        assert isinstance(transcript, Transcript)
        roles = infer_roles(transcript)
        respondents = {s for s, role in roles.items() if role == SpeakerRole.RESPONDENT}
        assert respondents == set(speakers), name
        assert roles[host] == SpeakerRole.INTERVIEWER


def test_noise_is_added_around_the_guest_turns(script: ModuleType) -> None:
    turns = [
        ("Ada Lane", "We label the data by hand. It takes weeks."),
        ("Ada Lane", "Then we retrain."),
    ] * 10
    plain = script.transcript_lines(turns, random.Random(0), noise=False)
    noisy = script.transcript_lines(turns, random.Random(0), noise=True, host="Q")
    assert [line for line in plain if line.startswith("Ada Lane:")] == [f"Ada Lane: {t}" for _, t in turns]
    assert noisy[0].startswith("Q: Hi") and noisy[-1] == "Q: Take care, bye."
    assert any(marker in line for line in noisy for marker in script.MARKERS)


def test_report_scores_grouped_participants_and_counts_left_out(script: ModuleType) -> None:
    def person(file: str, persona: int | None, left_out: str | None = None) -> dict[str, object]:
        return {"key": file, "file": file, "speaker": "S", "persona": persona, "left_out": left_out}

    output = {
        "k": 2,
        "chosen_by": "silhouette",
        "scores": {"2": 0.4},
        "participants": [
            person("practical-ai-1.txt", 0),
            person("practical-ai-2.txt", 0),
            person("founders-talk-3.txt", 1),
            person("founders-talk-4.txt", 1),
            person("founders-talk-5.txt", None, "2 substantive utterances (fewer than 5)"),
        ],
    }
    guests = {name: ["S"] for name in ("practical-ai-1.txt", "practical-ai-2.txt", "founders-talk-3.txt")}
    guests |= {"founders-talk-4.txt": ["S"], "founders-talk-5.txt": ["S"]}
    figures = script.report(output, guests)
    assert figures["ari"] == pytest.approx(1.0)
    assert figures["ari_all"] < 1.0
    assert figures["left_out"] == 1.0 and figures["k"] == 2.0


@pytest.mark.parametrize(("second", "label"), [("brainscience", "brain-science"), ("afk", "away-from-keyboard")])
def test_second_population_replaces_the_founders(
    script: ModuleType, tmp_path: Path, second: str, label: str
) -> None:
    guests = script.write_folder(tmp_path, seed=3, noise=True, second=second)
    populations = [script.population(name) for name in guests]
    assert set(populations) == {"practical-ai", label}
    assert populations.count(label) == len(script.read_episodes(script.SECOND[second]))
    for name in (n for n in guests if n.startswith(label + "-")):
        roles = infer_roles(read_source(name, (tmp_path / name).read_bytes()))
        assert {s for s, role in roles.items() if role == SpeakerRole.RESPONDENT} == set(guests[name]), name
        assert roles["Interviewer"] == SpeakerRole.INTERVIEWER


def test_default_second_population_keeps_the_founders_and_file_order(script: ModuleType) -> None:
    assert list(script.population_episodes()) == list(script.read_episodes())
