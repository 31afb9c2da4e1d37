"""Personas from a folder of transcripts, without the server (what `desirelines personas` runs).

Every respondent speaker of every transcript is one participant; their turns are split into sentences,
coded in one pipeline pass, grouped into personas and summarised as canvases.
"""

from __future__ import annotations

import csv
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Protocol

import numpy as np

from nlp.aggregate.evidence import Evidence
from nlp.aggregate.personas import ParticipantProfile, PersonaGrouping, group_participants
from nlp.aggregate.quotes import sentences_before
from nlp.ingest.folders import folder_files
from nlp.ingest.speakers import same_speaker
from nlp.pipeline import UtteranceCoding
from nlp.prompts import prompting_questions
from nlp.types import CodeKind, CodingInput, SpeakerRole, Transcript

SUPPORTED = (".txt", ".vtt", ".srt", ".docx", ".csv", ".xlsx")
PROFILE_COLUMNS = ("name", "job_title", "company", "sector", "company_size", "revenue_band", "committee_role")
LINK_COLUMNS = ("participant", "key", "file", "source_file", "speaker", "speaker_label")


class Coder(Protocol):
    def code(self, items: Sequence[CodingInput]) -> list[UtteranceCoding]: ...


class RosterError(ValueError):
    """The roster cannot be read; the message names the file and line."""


@dataclass(frozen=True, slots=True)
class FolderParticipant:
    """One respondent speaker of one file."""

    key: str
    file: str
    speaker: str


@dataclass(frozen=True, slots=True)
class Location:
    """Where an utterance stands in its file: the turn's line, turn index and sentence within the turn."""

    file: str
    speaker: str
    line: int | None
    turn: int
    sentence: int


@dataclass
class Study:
    """A folder read and coded: participants, their coded sentences and embeddings, and what went wrong."""

    participants: list[FolderParticipant] = field(default_factory=list)
    profiles: list[ParticipantProfile] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    embeddings: np.ndarray = field(default_factory=lambda: np.zeros((0, 384), dtype=np.float32))
    locations: dict[int, Location] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


@dataclass
class _Sentence:
    participant: FolderParticipant
    text: str
    question: str | None
    position: float
    location: Location
    before: str | None = None  # the sentence before it in the same turn


def load_study(
    folder: Path, coder: Coder, *, roster: Path | None = None, warn: Callable[[str], None] | None = None
) -> Study:
    """Read every supported transcript in `folder` and its subfolders, then code all respondent sentences
    in one pass.

    Args:
        folder: The study folder; a file in a subfolder is named by its path in it ("ml/p01.txt").
        coder: The coding pipeline (or a fake with the same `code` method).
        roster: Optional CSV with profile columns per participant (see `read_roster`).
        warn: Called with each problem (skipped or unreadable file) as it is found.

    Raises:
        RosterError: The roster cannot be read.
    """
    study = Study()
    started = time.perf_counter()
    sentences: list[_Sentence] = []
    for path in folder_files(folder):
        problem = _read_file(path, path.relative_to(folder).as_posix(), study, sentences)
        if problem:
            study.problems.append(problem)
            if warn:
                warn(problem)
    study.profiles = _profiles(study.participants, read_roster(roster) if roster else [])
    study.timings["read"] = time.perf_counter() - started
    started = time.perf_counter()
    _code(study, sentences, coder)
    study.timings["code"] = time.perf_counter() - started
    return study


def _read_file(path: Path, name: str, study: Study, sentences: list[_Sentence]) -> str | None:
    """Read one file of the study, named by its path within the study folder; a problem line, or None."""
    from nlp.ingest import IngestError, read_source

    if path.suffix.lower() not in SUPPORTED:
        return f"skip  {name}: not a transcript format ({', '.join(SUPPORTED)})"
    try:
        source = read_source(name, path.read_bytes())
    except IngestError as err:
        return f"FAIL  {err}"
    except OSError as err:
        return f"FAIL  {name}: {err.strerror}"
    if not isinstance(source, Transcript):
        return f"skip  {name}: a survey export, not an interview transcript"
    found = _transcript_sentences(name, source)
    if not found:
        return f"skip  {name}: no respondent speech found"
    study.participants.extend(dict.fromkeys(s.participant for s in found))
    sentences.extend(found)
    return None


def _transcript_sentences(filename: str, transcript: Transcript) -> list[_Sentence]:
    from nlp.ingest import infer_roles, sentences_of

    roles = infer_roles(transcript)
    respondents = [s for s in transcript.speakers if roles.get(s) == SpeakerRole.RESPONDENT]
    people = {
        speaker: FolderParticipant(
            filename if len(respondents) == 1 else f"{filename}#{speaker}", filename, speaker
        )
        for speaker in respondents
    }
    questions = prompting_questions(
        (roles.get(turn.speaker) == SpeakerRole.INTERVIEWER, turn.text) for turn in transcript.turns
    )
    last = max(len(transcript.turns) - 1, 1)
    found = []
    sentences = sentences_of(transcript)
    before = dict(sentences_before((index, s.turn, s.text) for index, s in enumerate(sentences)))
    for index, sentence in enumerate(sentences):
        turn = transcript.turns[sentence.turn]
        if turn.speaker in people:
            where = Location(filename, turn.speaker, turn.line, sentence.turn, sentence.sentence)
            found.append(
                _Sentence(
                    people[turn.speaker],
                    sentence.text,
                    questions[sentence.turn],
                    sentence.turn / last,
                    where,
                    before.get(index),
                )
            )
    return found


def _code(study: Study, sentences: list[_Sentence], coder: Coder) -> None:
    results = (
        coder.code([CodingInput(s.text, s.question, s.position) for s in sentences]) if sentences else []
    )
    vectors = []
    for sentence, result in zip(sentences, results, strict=True):
        if result.skipped or result.embedding is None:
            continue
        utterance_id = len(study.evidence) + 1
        study.evidence.append(_evidence(utterance_id, sentence, result))
        study.locations[utterance_id] = sentence.location
        vectors.append(np.asarray(result.embedding, dtype=np.float32))
    if vectors:
        study.embeddings = np.vstack(vectors)


def _evidence(utterance_id: int, sentence: _Sentence, result: UtteranceCoding) -> Evidence:
    pain = next((code.label for code in result.codes if code.kind == CodeKind.PAIN_POINT), None)
    return Evidence(
        utterance_id=utterance_id,
        text=sentence.text,
        participant=sentence.participant.key,
        source=sentence.participant.file,
        position=sentence.position,
        question=sentence.question,
        emotion=result.emotion or None,
        emotion_score=result.emotion_score,
        valence=result.valence,
        pain=(pain or "pain_point") if result.pain_point else None,
        pain_score=result.pain_score if result.pain_point else 0.0,
        stage=result.stage or None,
        forces=dict(result.forces),
        before=sentence.before,
    )


def read_roster(path: Path) -> list[dict[str, str]]:
    """Rows of a roster CSV, column names lower-cased; rows link by `participant` (a key), or by `file`
    (or `source_file`) with `speaker` (or `speaker_label`) when a file has several respondents.

    Raises:
        RosterError: The file is not UTF-8 or has no column to link rows to participants.
    """
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            columns = [(c or "").strip().lower() for c in reader.fieldnames or []]
            if not {"participant", "key", "file", "source_file"} & set(columns):
                raise RosterError(
                    f"{path}, line 1: the roster needs a 'file' or 'participant' column; found {columns}"
                )
            return [
                {(k or "").strip().lower(): (v or "").strip() for k, v in row.items() if isinstance(v, str)}
                for row in reader
            ]
    except UnicodeDecodeError as err:
        raise RosterError(f"{path}: not UTF-8 ({err.reason}); save the roster as UTF-8") from None
    except csv.Error as err:
        raise RosterError(f"{path}: {err}") from None


def _profiles(participants: list[FolderParticipant], rows: list[dict[str, str]]) -> list[ParticipantProfile]:
    return [_profile(person, _roster_row(person, participants, rows)) for person in participants]


def _roster_row(
    person: FolderParticipant, participants: list[FolderParticipant], rows: list[dict[str, str]]
) -> dict[str, str]:
    alone = sum(p.file == person.file for p in participants) == 1
    for row in rows:
        key = row.get("participant") or row.get("key")
        file = row.get("file") or row.get("source_file")
        speaker = row.get("speaker") or row.get("speaker_label")
        named = bool(speaker) and same_speaker(person.speaker, speaker or "")
        in_file = file in (person.file, PurePosixPath(person.file).name)  # "ml/p01.txt" or "p01.txt"
        if key == person.key or (in_file and (named or (alone and not speaker))):
            return row
    return {}


def _profile(person: FolderParticipant, row: dict[str, str]) -> ParticipantProfile:
    fields = {name: row.get(name) or None for name in PROFILE_COLUMNS}
    if fields["committee_role"]:
        fields["committee_role"] = str(fields["committee_role"]).lower().replace(" ", "_")
    extra = {k: v for k, v in row.items() if k not in (*PROFILE_COLUMNS, *LINK_COLUMNS) and v}
    return ParticipantProfile(key=person.key, attributes=extra, **fields)


@dataclass
class PersonasRun:
    """A study and its personas."""

    study: Study
    grouping: PersonaGrouping
    canvases: list[Any]


def run_personas(
    folder: Path,
    coder: Coder,
    *,
    k: int | None = None,
    max_k: int = 6,
    roster: Path | None = None,
    warn: Callable[[str], None] | None = None,
) -> PersonasRun:
    """Read and code a folder, group its participants into personas and build one canvas per persona."""
    from nlp.aggregate.canvas import build_personas

    study = load_study(folder, coder, roster=roster, warn=warn)
    started = time.perf_counter()
    grouping = group_participants(study.profiles, study.evidence, study.embeddings, k=k, max_k=max_k)
    study.timings["group"] = time.perf_counter() - started
    started = time.perf_counter()
    canvases = build_personas(grouping, study.profiles, study.evidence)
    study.timings["canvas"] = time.perf_counter() - started
    return PersonasRun(study, grouping, canvases)


def to_json(run: PersonasRun) -> dict[str, Any]:
    """The run as JSON: k, how it was chosen, scores, participants with their persona, canvases, and
    where each quoted utterance stands in its file."""
    from nlp.aggregate.canvas import canvas_to_dict

    personas = [canvas_to_dict(canvas) for canvas in run.canvases]
    quoted = sorted({q["utterance_id"] for p in personas for f in p["fields"] for q in f["quotes"]})
    return {
        "k": run.grouping.k,
        "chosen_by": run.grouping.chosen_by,
        "scores": {str(k): score for k, score in run.grouping.scores.items()},
        "passed_over": {str(k): source for k, source in run.grouping.passed_over.items()},
        "set_aside": run.grouping.set_aside,
        "participants": [
            {
                "key": p.key,
                "file": p.file,
                "speaker": p.speaker,
                "persona": run.grouping.labels.get(p.key),
                "left_out": run.grouping.left_out.get(p.key),
            }
            for p in run.study.participants
        ],
        "personas": personas,
        "utterances": {str(i): _location_dict(run.study.locations[i]) for i in quoted},
        "problems": run.study.problems,
    }


def _location_dict(location: Location) -> dict[str, Any]:
    return {
        "file": location.file,
        "speaker": location.speaker,
        "line": location.line,
        "turn": location.turn,
        "sentence": location.sentence,
    }


def write_output(run: PersonasRun, target: Path) -> None:
    """JSON (everything) or, for a .csv target, one participant,persona,left_out row per participant
    (persona empty and left_out giving the reason for a participant who said too little to group)."""
    if target.suffix.lower() == ".csv":
        with target.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["participant", "persona", "left_out"])
            for person in run.study.participants:
                key = person.key
                writer.writerow([key, run.grouping.labels.get(key, ""), run.grouping.left_out.get(key, "")])
        return
    target.write_text(json.dumps(to_json(run), ensure_ascii=False, indent=2), encoding="utf-8")


def summary(run: PersonasRun) -> str:
    """A table for the terminal: one line per persona, then how k was chosen and the timings."""
    lines = [f"{'#':>2}  {'persona':<40} {'people':>6} {'utterances':>10}"]
    for canvas in run.canvases:
        members = set(canvas.member_keys)
        count = sum(e.participant in members for e in run.study.evidence)
        lines.append(f"{canvas.index:>2}  {canvas.name[:40]:<40} {canvas.size:>6} {count:>10}")
    scores = ", ".join(f"k={k}: {s:.3f}" for k, s in run.grouping.scores.items())
    lines.append(f"k = {run.grouping.k} ({run.grouping.chosen_by}{'; ' + scores if scores else ''})")
    by_source: dict[str, list[str]] = {}
    for k, source in run.grouping.passed_over.items():
        by_source.setdefault(source, []).append(str(k))
    lines.extend(
        f"k = {', '.join(ks)} passed over: one persona would be only the respondents of {source}"
        for source, ks in by_source.items()
    )
    lines.extend(
        f"{source}: its respondents stood apart as a persona of their own at every k; the others were "
        "grouped without them, and each joined the persona nearest them"
        for source in run.grouping.set_aside
    )
    lines.extend(left_out_lines(run.grouping.left_out))
    lines.append(
        "time: " + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in run.study.timings.items())
    )
    return "\n".join(lines)


MAX_LEFT_OUT_LINES = 20


def left_out_lines(left_out: dict[str, str]) -> list[str]:
    """Who was left out of the grouping and why, for the terminal (at most `MAX_LEFT_OUT_LINES`)."""
    if not left_out:
        return []
    lines = [f"left out of the personas: {len(left_out)} participant(s) with too little substantive talk"]
    lines += [f"  {key}: {reason}" for key, reason in list(left_out.items())[:MAX_LEFT_OUT_LINES]]
    if len(left_out) > MAX_LEFT_OUT_LINES:
        lines.append(f"  ... and {len(left_out) - MAX_LEFT_OUT_LINES} more")
    return lines
