"""Do personas separate known populations? Homogeneity and completeness against a labels CSV.

Usage (from the repository root):

    .venv/bin/python bench/eval_personas.py FOLDER LABELS.csv [--max-k 6] [--cache study]
    .venv/bin/python bench/eval_personas.py --make-proxy DIR [--seed 0] [--per-population 24]

LABELS.csv has a header and the columns `file,population` (one row per transcript file). Every respondent
of a file takes the file's population. The script prints, for the persona grouping with k chosen by the
tool and for k-means on mean utterance embeddings at k=2 and k=4 (the baseline), homogeneity (each
persona holds one population), completeness (each population sits in one persona), V-measure and ARI.

`--make-proxy` writes a FICTIONAL two-population proxy study (utility staff and household customers
answering the same ten questions, mostly with shared talk) from bench/data/personas_proxy.yaml, with
its labels.csv, so the method can be checked where the real interviews are not available. With
`--fragments N` it also writes what broke personas on real exports: the respondent's label varies within
a file ("Participant", "Participant.", "PARTICIPANT", "Participant 1 or Participant 2"), and N files per
population hold a respondent who only says markers and backchannels ("[REDACTED; Introduction]", "Yeah.").

Participants the tool leaves out for too little substantive talk have no persona; the scores are over
the participants it grouped, and `ARI, all` counts every left-out participant as a group of its own.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nlp.aggregate.evidence import Evidence  # noqa: E402
from nlp.aggregate.personas import group_participants  # noqa: E402
from nlp.personas_batch import Study, load_study  # noqa: E402

POOLS = ROOT / "bench" / "data" / "personas_proxy.yaml"
TOWNS = ("Ashby Cross", "Fenwick", "Lower Marsham", "Kellbridge", "Stowe End")
MONTHS = ("January", "February", "March", "October", "November", "December")
DAYS = ("Monday", "Tuesday", "Thursday", "Saturday", "Sunday")
OPENERS = ("So", "And", "I mean,", "Honestly,", "Well,", "Yeah,", "But", "Like,", "Um,", "You know,")
TAGS = ("you know", "I think", "to be honest", "really", "if I'm honest", "basically", "I guess")
RUNS = (("personas, k chosen", None), ("personas, k=2", 2), ("personas, k=4", 4))


def read_labels(path: Path) -> dict[str, str]:
    """file -> population from a `file,population` CSV."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return {row["file"].strip(): row["population"].strip() for row in csv.DictReader(handle)}


def mean_embeddings(study: Study, keys: list[str]) -> np.ndarray:
    """The baseline's features: each participant's mean utterance embedding."""
    rows: dict[str, list[int]] = {key: [] for key in keys}
    for index, item in enumerate(study.evidence):
        if item.participant in rows:
            rows[item.participant].append(index)
    return np.vstack([study.embeddings[rows[key]].mean(axis=0) for key in keys])


def kmeans_labels(features: np.ndarray, k: int) -> list[int]:
    from sklearn.cluster import KMeans

    return KMeans(n_clusters=k, n_init=10, random_state=0).fit_predict(features).tolist()


def scores(truth: list[str], predicted: list[int]) -> dict[str, float]:
    from sklearn import metrics

    return {
        "k": float(len(set(predicted))),
        "homogeneity": metrics.homogeneity_score(truth, predicted),
        "completeness": metrics.completeness_score(truth, predicted),
        "v_measure": metrics.v_measure_score(truth, predicted),
        "ari": metrics.adjusted_rand_score(truth, predicted),
    }


def evaluate(study: Study, labels: dict[str, str], *, max_k: int = 6) -> dict[str, dict[str, float]]:
    """Every method's scores on the participants whose file has a population."""
    people = [
        p
        for p in study.participants
        if p.file in labels and any(e.participant == p.key for e in study.evidence)
    ]
    keys = [p.key for p in people]
    truth = [labels[p.file] for p in people]
    profiles = [profile for profile in study.profiles if profile.key in set(keys)]
    results: dict[str, dict[str, float]] = {}
    for name, k in RUNS:
        grouping = group_participants(profiles, study.evidence, study.embeddings, k=k, max_k=max_k)
        grouped = [i for i, key in enumerate(keys) if key in grouping.labels]
        results[name] = scores([truth[i] for i in grouped], [grouping.labels[keys[i]] for i in grouped])
        everyone = [grouping.labels.get(key, -1 - i) for i, key in enumerate(keys)]
        results[name]["ari_all"] = scores(truth, everyone)["ari"]
        results[name]["left_out"] = float(len(keys) - len(grouped))
        if k is None:
            results[name]["chosen_by"] = grouping.chosen_by  # type: ignore[assignment]
    means = mean_embeddings(study, keys)
    for k in (2, 4):
        results[f"k-means mean embeddings, k={k}"] = scores(truth, kmeans_labels(means, k))
        results[f"k-means mean embeddings, k={k}"].update(
            ari_all=results[f"k-means mean embeddings, k={k}"]["ari"]
        )
    return results


def print_results(results: dict[str, dict[str, Any]], populations: Counter[str]) -> None:
    print(
        f"participants: {sum(populations.values())} ({', '.join(f'{p} {n}' for p, n in populations.items())})"
    )
    print(
        f"{'method':<34} {'k':>2} {'homog.':>7} {'compl.':>7} {'V':>6} {'ARI':>6} "
        f"{'ARI, all':>8} {'left out':>8}"
    )
    for name, row in results.items():
        note = f"  ({row['chosen_by']})" if "chosen_by" in row else ""
        print(
            f"{name:<34} {int(row['k']):>2} {row['homogeneity']:>7.3f} {row['completeness']:>7.3f} "
            f"{row['v_measure']:>6.3f} {row['ari']:>6.3f} {row['ari_all']:>8.3f} "
            f"{int(row.get('left_out', 0)):>8}{note}"
        )


def save_study(study: Study, stem: Path) -> None:
    """Cache a coded study (JSON + npz) so reruns skip the models."""
    np.savez_compressed(stem.with_suffix(".npz"), embeddings=study.embeddings)
    data = {
        "participants": [[p.key, p.file, p.speaker] for p in study.participants],
        "evidence": [_evidence_dict(e) for e in study.evidence],
    }
    stem.with_suffix(".json").write_text(json.dumps(data), encoding="utf-8")


def load_cached(stem: Path) -> Study:
    from nlp.aggregate.personas import ParticipantProfile
    from nlp.personas_batch import FolderParticipant

    data = json.loads(stem.with_suffix(".json").read_text(encoding="utf-8"))
    study = Study()
    study.participants = [FolderParticipant(*row) for row in data["participants"]]
    study.profiles = [ParticipantProfile(p.key) for p in study.participants]
    study.evidence = [Evidence(**row) for row in data["evidence"]]
    with np.load(stem.with_suffix(".npz")) as archive:
        study.embeddings = archive["embeddings"]
    return study


def _evidence_dict(item: Evidence) -> dict[str, Any]:
    return {name: getattr(item, name) for name in Evidence.__dataclass_fields__}


def make_proxy(
    target: Path, *, seed: int = 0, per_population: int = 24, specific: float = 0.8, fragments: int = 0
) -> None:
    """Write a fictional two-population study and its labels.csv into `target`.

    Args:
        target: Folder to write (created).
        seed: Seed of the draw; each seed gives a different study.
        per_population: Participants per population.
        specific: Chance that an answer carries one sentence that says which population the speaker is in;
            at 0.8, k-means on mean embeddings scores about what it scores on the real interviews.
        fragments: Files per population whose respondent only says markers and backchannels; above 0,
            the respondent's label also varies within each file.
    """
    import yaml

    pools = yaml.safe_load(POOLS.read_text(encoding="utf-8"))
    rng = random.Random(seed)
    target.mkdir(parents=True, exist_ok=True)
    used: Counter[str] = Counter()
    topics = list(pools["topics"])
    people = [
        (population, list(spec["roles"])[index % len(spec["roles"])], topics[rng.randrange(len(topics))])
        for population, spec in pools["populations"].items()
        for index in range(per_population)
    ]
    rng.shuffle(people)
    rows = []
    for number, (population, role, topic) in enumerate(people, start=1):
        spec = pools["populations"][population]
        name = f"proxy_{number:02d}.txt"
        text = _interview(rng, pools, spec, role, topic, specific, used)
        (target / name).write_text(_relabel(rng, text) if fragments else text, encoding="utf-8")
        rows.append((name, population))
    for population in pools["populations"]:
        for number in range(fragments):
            name = f"fragment_{population}_{number + 1:02d}.txt"
            (target / name).write_text(_fragment(rng, pools), encoding="utf-8")
            rows.append((name, population))
    with (target / "labels.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "population"])
        writer.writerows(rows)


def _interview(
    rng: random.Random,
    pools: dict[str, Any],
    spec: dict[str, Any],
    role: str,
    topic: str,
    specific: float,
    used: Counter[str],
) -> str:
    lines = ["FICTIONAL proxy interview written for the Desirelines persona evaluation", ""]
    others = [t for t in pools["topics"] if t != topic]
    for question in pools["questions"]:
        answer = [rng.choice(question["generic"])]
        if question["id"] == "intro":
            answer.append(spec["roles"][role]["intro"])
        elif rng.random() < 0.8:
            pool = pools["topics"][topic if rng.random() < 0.75 else rng.choice(others)]
            answer.append(_least_used(rng, pool, used))
        if question["id"] != "intro" and rng.random() < specific:
            pool = spec["roles"][role]["lines"] if rng.random() < 0.5 else spec["common"]
            answer.insert(rng.randrange(len(answer) + 1), _least_used(rng, pool, used))
        if rng.random() < 0.35:
            answer.insert(rng.randrange(len(answer) + 1), rng.choice(pools["fillers"]))
        lines.append(f"Interviewer: {question['text']}")
        lines.append(f"Participant: {_fill(rng, ' '.join(_vary(rng, sentence) for sentence in answer))}")
    return "\n".join(lines) + "\n"


LABEL_VARIANTS = ("Participant.", "PARTICIPANT", "Participant 1 or Participant 2", "participant")
FRAGMENT_LINES = ("[REDACTED; Introduction]", "Yeah.", "Mm-hmm.", "[inaudible]", "Okay, thank you.", "Bye.")


def _relabel(rng: random.Random, text: str) -> str:
    """A third of the respondent's turns carry a variant of their label, as real exports do."""
    lines = [
        f"{rng.choice(LABEL_VARIANTS)}:{line[len('Participant:') :]}"
        if line.startswith("Participant:") and rng.random() < 0.33
        else line
        for line in text.split("\n")
    ]
    return "\n".join(lines)


def _fragment(rng: random.Random, pools: dict[str, Any]) -> str:
    """An interview cut short: the respondent only says markers and backchannels."""
    lines = ["FICTIONAL proxy fragment written for the Desirelines persona evaluation", ""]
    for question in pools["questions"][:3]:
        lines += [f"Interviewer: {question['text']}", f"Participant: {rng.choice(FRAGMENT_LINES)}"]
    return "\n".join(lines) + "\n"


def _vary(rng: random.Random, sentence: str) -> str:
    """Spoken-style variation, so that no two participants say exactly the same sentence."""
    first = sentence.split(maxsplit=1)[0]
    if rng.random() < 0.4:
        keep = first == "I" or first.startswith("I'")
        sentence = f"{rng.choice(OPENERS)} {sentence if keep else sentence[0].lower() + sentence[1:]}"
    if rng.random() < 0.25 and sentence[-1] in ".!":
        sentence = f"{sentence[:-1]}, {rng.choice(TAGS)}{sentence[-1]}"
    return sentence


def _least_used(rng: random.Random, pool: list[str], used: Counter[str]) -> str:
    fewest = min(used[line] for line in pool)
    choice = rng.choice([line for line in pool if used[line] == fewest])
    used[choice] += 1
    return choice


def _fill(rng: random.Random, text: str) -> str:
    return text.format(
        n=rng.randint(2, 25),
        big=rng.randrange(150, 900, 10),
        month=rng.choice(MONTHS),
        day=rng.choice(DAYS),
        town=rng.choice(TOWNS),
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("folder", nargs="?", type=Path, help="Folder of transcripts.")
    parser.add_argument("labels", nargs="?", type=Path, help="CSV with columns file,population.")
    parser.add_argument("--max-k", type=int, default=6)
    parser.add_argument("--cache", type=Path, help="Reuse (or write) the coded study at this path stem.")
    parser.add_argument(
        "--make-proxy", type=Path, metavar="DIR", help="Write the fictional proxy study here."
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--per-population", type=int, default=24)
    parser.add_argument("--specific", type=float, default=0.8, help="Proxy difficulty: lower is harder.")
    parser.add_argument(
        "--fragments", type=int, default=0, help="Proxy: fragment files per population, and label variants."
    )
    args = parser.parse_args(argv)
    if args.make_proxy:
        make_proxy(
            args.make_proxy,
            seed=args.seed,
            per_population=args.per_population,
            specific=args.specific,
            fragments=args.fragments,
        )
        print(f"wrote a fictional proxy study to {args.make_proxy}")
        return
    if args.folder is None or args.labels is None:
        parser.error("give FOLDER and LABELS (or --make-proxy DIR)")
    labels = read_labels(args.labels)
    if args.cache and args.cache.with_suffix(".json").exists():
        study = load_cached(args.cache)
    else:
        from nlp.pipeline import CodingPipeline

        study = load_study(
            args.folder, CodingPipeline(), warn=lambda message: print(message, file=sys.stderr)
        )
        if args.cache:
            save_study(study, args.cache)
    populations = Counter(labels[p.file] for p in study.participants if p.file in labels)
    print_results(evaluate(study, labels, max_k=args.max_k), populations)


if __name__ == "__main__":
    main()
