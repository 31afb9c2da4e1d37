"""Personas of real interviews of two populations, through `desirelines personas` as a new user runs it.

Usage (from the repository root):

    .venv/bin/python bench/eval_interview_groups.py [--folder /tmp/interview_groups] [--seed 0]
        [--max-k 6] [--no-noise] [--single-guest] [--second founderstalk|brainscience|afk]
        [--keep-json out.json]

What it measures: issue 10's check "personas from a raw folder of real interviews of two populations, k
chosen by the tool: ARI >= 0.80", on the real interview text this repository holds. The guests' turns of
nlp/eval/interview_turns.txt (`episode|speaker|text`) come from two podcasts (CC BY-SA 4.0, Changelog
Media; nlp/eval/SOURCES.md): Practical AI (ML practitioners; episodes `practicalai/N`) and Founders Talk
(company founders; `founderstalk/N`). The populations are unequal (23 practitioners, 4 founders) and
their topics overlap (founders of developer tools and of a data company against ML practitioners).
`--second brainscience` puts Brain Science (same licence; nlp/eval/interview_turns_brainscience.txt)
in the founders' place: 15 episodes in which the psychologist Mireille Reece explains emotions, habits,
relationships and memory to a host, her turns (about 1,000 words an episode) standing as the interviewee's,
a population whose topic is far from ML, as the two populations of issue 10's check are. It is one
person in 15 files, so it is easier than 15 different people would be. `--second afk` puts 8 different
people in that place: the guests of Away From Keyboard #1-8 (same licence;
nlp/eval/interview_turns_afk.txt), mostly people who work in tech or run a small business, talking about
their lives (family, moving abroad, mental illness, health, money, self-employment), not about ML.

How: one plain-text transcript per episode, `practical-ai-N.txt` or `founders-talk-N.txt`, in
"Speaker: text" lines as a researcher's export shows them: the guests' turns in their order, with an
"Interviewer:" (`--interviewer LABEL`: another label, e.g. a host's name, whose role the tool must infer
from how they talk) asking a generic question (the same pool for both podcasts, so the questions carry no
population) before most guest turns, and noise an export has: greetings and thanks at both ends,
"Interviewer: Mm-hmm." between turns, a guest's short "Yeah." or "Right." turn, "[inaudible]" or
"[crosstalk]" inside some turns, and "Name (External)" (as Teams labels a guest) on some guest turns
(seeded; `--no-noise` writes the guests' turns with questions only).
Episodes with several guests keep them as separate speakers (`--single-guest` leaves those three
episodes out: one respondent per file, 16 practitioners and 4 founders). Then it runs the CLI,
`python -m app.cli personas FOLDER --out personas.json` (roles inferred, k chosen by the tool), and reads
its JSON output back: the ARI of each grouped participant's persona against their podcast, the k chosen
with its silhouette per k, each persona's make-up, and every participant left out with the tool's reason
(`ARI, all` also counts each left-out participant as a persona of their own).

No row of the file is read for errors here: persona grouping was never tuned on these interviews (some
of them are held-out for the pain coder, which this script does not score).
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TURNS = ROOT / "nlp" / "eval" / "interview_turns.txt"
PODCASTS = {
    "practicalai": "practical-ai",
    "founderstalk": "founders-talk",
    "brainscience": "brain-science",
    "afk": "away-from-keyboard",
}
# The second population's turns: founders from the same file (the default), or Brain Science's psychologist
# from nlp/eval/interview_turns_brainscience.txt (a topic far from machine learning).
SECOND = {
    "founderstalk": TURNS,
    "brainscience": ROOT / "nlp" / "eval" / "interview_turns_brainscience.txt",
    # Eight different guests of Away From Keyboard talking about their lives (one file, one guest each).
    "afk": ROOT / "nlp" / "eval" / "interview_turns_afk.txt",
}

QUESTIONS = (
    "Could you tell us a bit about what you work on day to day?",
    "How did you get started with that?",
    "What does that look like in practice?",
    "Can you walk us through an example?",
    "What has been the hardest part of that for you?",
    "How do you think about that trade-off?",
    "What surprised you the most along the way?",
    "And how do people react when you explain that?",
    "What would you do differently if you started again?",
    "Where do you see this going in the next few years?",
    "Can you say more about that?",
    "How does your team approach that?",
    "What advice would you give someone in a similar position?",
    "Why do you think that is?",
)
BACKCHANNELS = ("Mm-hmm.", "Right.", "Okay.", "Yeah.", "Interesting.", "Sure.")
# Teams marks a guest from outside the organisation "Name (External)"; a renamed display name or a
# transcriber's edit leaves the note on some turns only.
AFFIX_SHARE = 0.15
MARKERS = ("[inaudible]", "[crosstalk]", "[laughs]", "[inaudible 00:12:04]")
OPENING = (
    ("HOST", "Hi, and welcome. Thanks so much for joining us today."),
    ("GUEST", "Thanks for having me, happy to be here."),
    ("HOST", "Great. Before we start, can you hear me okay?"),
    ("GUEST", "Yeah, I can hear you fine."),
)
CLOSING = (
    ("HOST", "That's all the questions I had. Thank you so much for your time."),
    ("GUEST", "Thank you, this was fun."),
    ("HOST", "Take care, bye."),
)


def read_episodes(path: Path = TURNS) -> dict[str, list[tuple[str, str]]]:
    """episode id -> the guests' (speaker, text) turns in file order."""
    episodes: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            episode, speaker, text = line.split("|", 2)
            episodes[episode].append((speaker.strip(), text.strip()))
    return dict(episodes)


def population_episodes(second: str = "founderstalk") -> dict[str, list[tuple[str, str]]]:
    """Practical AI's episodes and those of the `second` podcast (a key of SECOND)."""
    wanted = ("practicalai/", second + "/")
    # One read when both populations share a file, so the default keeps the file's order (and its noise).
    episodes = read_episodes(TURNS) | (read_episodes(SECOND[second]) if SECOND[second] != TURNS else {})
    return {e: turns for e, turns in episodes.items() if e.startswith(wanted)}


def file_name(episode: str) -> str:
    """`practicalai/150` -> `practical-ai-150.txt`."""
    podcast, number = episode.split("/")
    return f"{PODCASTS[podcast]}-{number}.txt"


def population(name: str) -> str:
    return next(label for label in PODCASTS.values() if name.startswith(label + "-"))


def transcript_lines(
    turns: list[tuple[str, str]], rng: random.Random, *, noise: bool, host: str = "Interviewer"
) -> list[str]:
    """The episode as an export's "Speaker: text" lines, with a generic question before most guest turns.

    Args:
        turns: The guests' (speaker, text) turns.
        rng: Chooses the questions and the noise.
        noise: Add greetings, thanks, backchannels and transcription markers.
        host: The interviewer's speaker label.
    """
    lines: list[str] = []
    names = {"HOST": host, "GUEST": turns[0][0]}
    if noise:
        lines += [f"{names[who]}: {text}" for who, text in OPENING]
    previous = None
    for speaker, text in turns:
        if speaker != previous or rng.random() < 0.7:
            lines.append(f"{host}: {rng.choice(QUESTIONS)}")
        elif noise:
            lines.append(f"{host}: {rng.choice(BACKCHANNELS)}")
        label = f"{speaker} (External)" if noise and rng.random() < AFFIX_SHARE else speaker
        lines.append(f"{label}: {_with_marker(text, rng) if noise else text}")
        if noise and rng.random() < 0.15:
            lines.append(f"{host}: {rng.choice(BACKCHANNELS)}")
            lines.append(f"{speaker}: {rng.choice(BACKCHANNELS)}")
        previous = speaker
    if noise:
        lines += [f"{names[who]}: {text}" for who, text in CLOSING]
    return lines


def _with_marker(text: str, rng: random.Random) -> str:
    """A fifth of the turns get a transcription marker between two sentences (or at the end)."""
    if rng.random() >= 0.2:
        return text
    parts = text.split(". ")
    at = rng.randrange(len(parts))
    parts[at] = f"{parts[at]} {rng.choice(MARKERS)}"
    return ". ".join(parts)


def write_folder(
    folder: Path,
    *,
    seed: int,
    noise: bool,
    single_guest: bool = False,
    host: str = "Interviewer",
    second: str = "founderstalk",
) -> dict[str, list[str]]:
    """One transcript per episode in `folder` (only one-guest episodes with `single_guest`); returns
    file -> its guests."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    guests = {}
    for episode, turns in population_episodes(second).items():
        if single_guest and len({speaker for speaker, _ in turns}) > 1:
            continue
        name = file_name(episode)
        (folder / name).write_text(
            "\n".join(transcript_lines(turns, rng, noise=noise, host=host)) + "\n", encoding="utf-8"
        )
        guests[name] = list(dict.fromkeys(speaker for speaker, _ in turns))
    return guests


def run_cli(folder: Path, target: Path, max_k: int) -> dict[str, Any]:
    """`desirelines personas FOLDER --out TARGET` in a fresh process; its JSON output."""
    command = [sys.executable, "-m", "app.cli", "personas", str(folder), "--out", str(target)]
    done = subprocess.run([*command, "--max-k", str(max_k)], cwd=ROOT, capture_output=True, text=True)
    sys.stderr.write(done.stderr)
    print(done.stdout.strip())
    if done.returncode:
        raise SystemExit(f"the CLI failed with exit status {done.returncode}")
    return dict(json.loads(target.read_text(encoding="utf-8")))


def report(output: dict[str, Any], guests: dict[str, list[str]]) -> dict[str, float]:
    """Print the figures and return them: ARI over grouped participants and over everyone, k, left out."""
    from sklearn.metrics import adjusted_rand_score

    people = output["participants"]
    grouped = [p for p in people if p["persona"] is not None]
    truth = [population(p["file"]) for p in grouped]
    ari = adjusted_rand_score(truth, [p["persona"] for p in grouped]) if grouped else 0.0
    everyone = [p["persona"] if p["persona"] is not None else -1 - i for i, p in enumerate(people)]
    ari_all = adjusted_rand_score([population(p["file"]) for p in people], everyone)
    expected = sum(len(names) for names in guests.values())
    print(f"\nparticipants found: {len(people)} of {expected} guests; populations: "
          f"{dict(Counter(population(p['file']) for p in people))}")  # fmt: skip
    scores = ", ".join(f"k={k}: {s:.3f}" for k, s in output["scores"].items())
    print(f"k chosen: {output['k']} ({output['chosen_by']}; silhouette {scores})")
    for persona in range(output["k"]):
        members = Counter(population(p["file"]) for p in grouped if p["persona"] == persona)
        print(f"  persona {persona}: {dict(members)}")
    print(f"ARI (grouped participants): {ari:.3f}   ARI, all (left out as their own): {ari_all:.3f}")
    left_out = [p for p in people if p["left_out"]]
    print(f"left out: {len(left_out)}")
    for person in left_out:
        print(f"  {person['key']}: {person['left_out']}")
    found = {(p["file"], p["speaker"]) for p in people}
    for person in people:
        if person["speaker"] not in guests.get(person["file"], []):
            print(f"  not a guest: {person['key']} (a split guest label, or the interviewer as a respondent)")
    for name, speakers in guests.items():
        for speaker in speakers:
            if (name, speaker) not in found:
                print(f"  not a participant: {name} {speaker} (not taken as a respondent)")
    return {"ari": ari, "ari_all": ari_all, "k": float(output["k"]), "left_out": float(len(left_out))}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--folder", type=Path, help="Write the transcripts here (default: a temp folder).")
    parser.add_argument("--seed", type=int, default=0, help="Seed for the questions and the noise.")
    parser.add_argument("--max-k", type=int, default=6)
    parser.add_argument("--no-noise", action="store_true", help="Questions only: no greetings, markers ...")
    parser.add_argument("--single-guest", action="store_true", help="Leave out episodes with several guests.")
    parser.add_argument("--interviewer", default="Interviewer", help="The host's speaker label.")
    parser.add_argument(
        "--second", choices=sorted(SECOND), default="founderstalk", help="The second population's podcast."
    )
    parser.add_argument("--keep-json", type=Path, help="Keep the CLI's JSON output here.")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.folder or Path(tmp) / "interviews"
        guests = write_folder(
            folder,
            seed=args.seed,
            noise=not args.no_noise,
            single_guest=args.single_guest,
            host=args.interviewer,
            second=args.second,
        )
        target = args.keep_json or Path(tmp) / "personas.json"
        report(run_cli(folder, target, args.max_k), guests)


if __name__ == "__main__":
    main()
