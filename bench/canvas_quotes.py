"""Every persona-canvas quote built from the tune interviews of nlp/eval, to judge if each fits its field.

Usage (from the repository root):

    .venv/bin/python bench/canvas_quotes.py [--cache /tmp/canvas_study] [--jsonl quotes.jsonl]

The guest turns of nlp/eval/interview_turns.txt (real podcast interviews, CC BY-SA 4.0, see
nlp/eval/SOURCES.md) of the episodes whose rows in interview_dev.jsonl are all split "tune" become one
transcript each (a neutral interviewer line before every guest turn), and go through what `desirelines
personas FOLDER` runs: `load_study` with the shipped coder, `group_participants` with k chosen by the tool,
`build_personas`. Held-out episodes are never written. The script prints every field's value and quotes
(with the lead-in sentence a quote that leans on it is shown after), how many utterances stand under both
"motivations" and "objections", and how many quotes do not stand alone (`nlp.aggregate.quotes`); whether a
quote fits its field is a reader's judgement, recorded with the figures in the change that used them.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from eval_personas import load_cached, save_study  # noqa: E402

EVAL = ROOT / "nlp" / "eval"
_EPISODE = re.compile(r"(Practical AI|Founders Talk) #(\d+)")


def tune_episodes(rows: Path = EVAL / "interview_dev.jsonl") -> set[str]:
    """Episode keys ("practicalai/150") whose labelled rows are all split "tune"."""
    splits: dict[str, set[str]] = defaultdict(set)
    for line in rows.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        match = _EPISODE.match(row["source"])
        if match:
            show = "practicalai" if match.group(1) == "Practical AI" else "founderstalk"
            splits[f"{show}/{match.group(2)}"].add(row["split"])
    return {episode for episode, seen in splits.items() if seen == {"tune"}}


def write_transcripts(folder: Path, episodes: set[str], turns: Path = EVAL / "interview_turns.txt") -> None:
    by_episode: dict[str, list[str]] = defaultdict(list)
    for line in turns.read_text(encoding="utf-8").splitlines():
        parts = line.split("|", 2)
        if len(parts) == 3 and parts[0] in episodes:
            by_episode[parts[0]] += [
                "Interviewer: Can you tell me more about that?",
                f"{parts[1]}: {parts[2]}",
            ]
    for episode, lines in by_episode.items():
        (folder / f"{episode.replace('/', '-')}.txt").write_text("\n\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    from nlp.aggregate.canvas import build_personas
    from nlp.aggregate.personas import group_participants
    from nlp.aggregate.quotes import leans_back, shown_text
    from nlp.personas_batch import load_study

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, help="coded study cache (JSON + npz stem); made when missing")
    parser.add_argument("--jsonl", type=Path, help="also write one JSON line per quote here")
    args = parser.parse_args(argv)
    if args.cache and args.cache.with_suffix(".json").exists():
        study = load_cached(args.cache)
    else:
        from nlp.pipeline import CodingPipeline

        with tempfile.TemporaryDirectory() as folder:
            write_transcripts(Path(folder), tune_episodes())
            study = load_study(Path(folder), CodingPipeline(), warn=lambda m: print(m, file=sys.stderr))
        if args.cache:
            save_study(study, args.cache)
    grouping = group_participants(study.profiles, study.evidence, study.embeddings)
    rows = []
    for canvas in build_personas(grouping, study.profiles, study.evidence):
        print(f"=== persona {canvas.index}: {canvas.name} ({canvas.size} participants)")
        for item in canvas.fields:
            if item.quotes:
                print(f"--- {item.key}: {item.value}")
            for quote in item.quotes:
                shown = shown_text(quote.text, quote.before)
                print(f"  [{quote.utterance_id}] ({quote.participant}) {shown}")
                rows.append({"persona": canvas.index, "field": item.key, "id": quote.utterance_id,
                             "text": quote.text, "before": quote.before})  # fmt: skip
        both = set(canvas.section("motivations").utterance_ids) & set(
            canvas.section("objections").utterance_ids
        )
        print(f"utterances under both motivations and objections: {len(both)}")
    alone = [row for row in rows if row["before"] or not leans_back(row["text"])]
    print(f"{len(rows)} quotes, {len(rows) - len(alone)} that do not stand alone")
    if args.jsonl:
        args.jsonl.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")


if __name__ == "__main__":
    main()
