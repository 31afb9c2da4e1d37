"""Journey-map touchpoints and thoughts drawn from real interview and meeting text, listed for judging.

Usage (from the repository root):

    .venv/bin/python bench/audit_touchpoints.py [--study-cache /tmp/touch_study] [--out /tmp/touch.tsv]

The tune episodes and meetings (split "tune" in nlp/eval/interview_dev.jsonl and spoken_dev.jsonl) of
nlp/eval/interview_turns.txt and spoken_turns.txt are written as plain-text transcripts, one per episode
(each guest turn after an "Interviewer:" line holding the host's question from interview_dev.jsonl, so
that the roles and the question-aware stage coder see an interview), then coded and mapped the way
`desirelines personas FOLDER` reads a folder and the journey page draws a map: `load_study` with the
default `CodingPipeline`, then `build_journey_map` over the seven-step framework. `--split heldout`
takes the held-out ones instead: measure them once, at the end, and never write a rule from what they show.

Printed: every touchpoint and thought item of the map with each utterance behind it (`map` rows), and
the labels the row extractor finds in every respondent sentence whether or not it was staged (`all` rows),
as TSV `scope, row, label, stage, source, text`. Judging fit is left to a reader.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

EVAL = ROOT / "nlp" / "eval"
ROWS = ("touchpoints", "thoughts")
FRAMEWORK = "seven-step"
_EPISODE = re.compile(r"^(Practical AI|Founders Talk) #(\d+)")
_SHOWS = {"Practical AI": "practicalai", "Founders Talk": "founderstalk"}


def episode_of(source: str) -> str:
    """The turns file's id of a dev row's source: "Practical AI #150 (...)" -> "practicalai/150"."""
    found = _EPISODE.match(source)
    if found:
        return f"{_SHOWS[found.group(1)]}/{found.group(2)}"
    return source.split()[-1]  # "AMI ES2002a" -> "ES2002a"


def split_rows(split: str) -> list[dict[str, str]]:
    rows = []
    for name in ("interview_dev.jsonl", "spoken_dev.jsonl"):
        for line in (EVAL / name).read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if row["split"] == split:
                rows.append(row)
    return rows


def turns(name: str) -> Iterator[tuple[str, str, str]]:
    path = EVAL / name
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            episode, speaker, text = line.split("|", 2)
            yield episode, speaker, text


def write_folder(folder: Path, split: str = "tune") -> list[str]:
    """One transcript per episode or meeting of `split` that has turns; returns their ids."""
    rows = split_rows(split)
    wanted = {episode_of(r["source"]) for r in rows}
    questions = [(episode_of(r["source"]), r["text"][:40], r.get("question")) for r in rows]
    written: dict[str, list[str]] = {}
    for name, interview in (("interview_turns.txt", True), ("spoken_turns.txt", False)):
        for episode, speaker, text in turns(name):
            if episode not in wanted:
                continue
            lines = written.setdefault(episode, [])
            if interview:
                asked = next((q for e, start, q in questions if e == episode and start in text and q), None)
                lines.append(f"Interviewer: {' '.join((asked or 'And then?').split())}")
            lines.append(f"{speaker}: {text}")
    for episode, lines in written.items():
        (folder / f"{episode.replace('/', '-')}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return sorted(written)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--study-cache", type=Path, help="Reuse (or write) the coded study at this stem.")
    parser.add_argument("--out", type=Path, help="Write the TSV here instead of stdout.")
    parser.add_argument("--split", choices=("tune", "heldout"), default="tune")
    args = parser.parse_args(argv)
    from eval_personas import load_cached, save_study

    from nlp.aggregate.journey import build_journey_map
    from nlp.aggregate.journey_rows import default_extractor
    from nlp.frameworks.loader import load_framework

    if args.study_cache and args.study_cache.with_suffix(".json").exists():
        study = load_cached(args.study_cache)
    else:
        from nlp.personas_batch import load_study
        from nlp.pipeline import CodingPipeline

        with tempfile.TemporaryDirectory() as tmp:
            print("episodes:", ", ".join(write_folder(Path(tmp), args.split)), file=sys.stderr)
            study = load_study(Path(tmp), CodingPipeline(framework=FRAMEWORK), warn=print)
        if args.study_cache:
            save_study(study, args.study_cache)
    journey = build_journey_map(load_framework(FRAMEWORK).stages, study.evidence, framework=FRAMEWORK)
    by_id = {e.utterance_id: e for e in study.evidence}
    out = []
    for row in ROWS:
        for stage, items in journey.rows[row].items():
            for item in items:
                for uid in item.utterance_ids:
                    out.append(("map", row, item.label, stage, by_id[uid].source or "", by_id[uid].text))
    extractor = default_extractor()
    for item in study.evidence:
        found = extractor.labels(item.text)
        for row in ROWS:
            for label in found[row]:
                out.append(("all", row, label, item.stage or "-", item.source or "", item.text))
    text = "".join("\t".join(" ".join(field.split()) for field in line) + "\n" for line in out)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    print(f"evidence {len(study.evidence)}, staged {journey.utterances - journey.unstaged}", file=sys.stderr)


if __name__ == "__main__":
    main()
