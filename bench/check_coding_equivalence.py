"""Equivalence gate for coding-speed work: the pipeline must code a fixed corpus exactly as before.

    # dump what the code on PYTHONPATH says (run once per commit, e.g. from a temporary worktree)
    PYTHONPATH=/tmp/base .venv/bin/python bench/check_coding_equivalence.py dump /tmp/base.json
    .venv/bin/python bench/check_coding_equivalence.py dump /tmp/new.json
    .venv/bin/python bench/check_coding_equivalence.py compare /tmp/base.json /tmp/new.json

The corpus: the bench corpus (bench_coding.corpus, 20,000 by default) in batches of 512 as the bench
codes it, then every text of nlp/eval/*.jsonl (with its question, when it has one) and every sentence of
nlp/eval/*turns*.txt (with its position in its file), also in batches of 512, a few of them with a
researcher's content override. Every field of UtteranceCoding is dumped: the codes (coder, version,
kind, label, score, span), the fields read from them, the content class and reason, skip reason and
note, and a digest of the embedding and layer features (their sums and a few entries). `compare` checks
strings, spans and flags exactly and floats to 1e-6, and prints every difference.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT / "nlp" / "eval"
BATCH = 512
TOLERANCE = 1e-6
OVERRIDES = ("substantive", "backchannel", None, None, None, None, None)


def eval_inputs() -> list[Any]:
    from nlp.ingest import split_sentences
    from nlp.types import CodingInput

    items: list[CodingInput] = []
    for path in sorted(EVAL.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                question = row.get("question") if isinstance(row.get("question"), str) else None
                items.append(CodingInput(str(row["text"]), question))
    for path in sorted(EVAL.glob("*turns*.txt")):
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        for row, line in enumerate(lines):
            text = line.split("|", 2)[-1]
            for sentence in split_sentences(text):
                items.append(CodingInput(sentence, position=row / max(len(lines) - 1, 1)))
    # A researcher's override on some: substantive forces coding of a backchannel, and the reverse.
    return [
        CodingInput(item.text, item.question, item.position, OVERRIDES[k % 97 % len(OVERRIDES)])
        if k % 97 < 2
        else item
        for k, item in enumerate(items)
    ]


def bench_inputs(n: int) -> list[Any]:
    sys.path.insert(0, str(ROOT / "bench"))
    from bench_coding import corpus

    from nlp.types import CodingInput

    return [CodingInput(text) for text in corpus(n)]


def _digest(array: np.ndarray | None) -> list[float] | None:
    if array is None:
        return None
    flat = np.asarray(array, dtype=np.float64).reshape(-1)
    return [float(flat.sum()), float(np.abs(flat).sum()), *map(float, flat[:: max(len(flat) // 16, 1)])]


def _record(item: Any, result: Any) -> dict[str, Any]:
    return {
        "text": item.text,
        "skipped": result.skipped,
        "note": result.note,
        "content": result.content,
        "content_reason": result.content_reason,
        "coded_as": result.coded_as,
        "emotion": result.emotion,
        "emotion_score": result.emotion_score,
        "goemotions": [list(pair) for pair in result.goemotions],
        "valence": result.valence,
        "pain_point": result.pain_point,
        "pain_score": result.pain_score,
        "stage": result.stage,
        "stage_score": result.stage_score,
        "forces": result.forces,
        "codes": [
            [c.coder, c.version, c.kind, c.label, c.score, list(c.span) if c.span else None]
            for c in result.codes
        ],
        "embedding": _digest(result.embedding),
        "layers": _digest(result.layers),
    }


def dump(out: Path, n: int) -> None:
    from nlp.pipeline import CodingPipeline

    pipeline = CodingPipeline()
    records: list[dict[str, Any]] = []
    for items in (bench_inputs(n), eval_inputs()):
        for start in range(0, len(items), BATCH):
            batch = items[start : start + BATCH]
            results = pipeline.code(batch)
            records += [_record(item, result) for item, result in zip(batch, results, strict=True)]
    out.write_text(json.dumps(records), encoding="utf-8")
    print(f"{len(records):,} utterances coded, written to {out}")


def differences(a: Any, b: Any, where: str) -> list[str]:
    """Where `a` and `b` differ: floats beyond TOLERANCE, anything else at all."""
    if isinstance(a, float) and isinstance(b, float):
        return [] if abs(a - b) <= TOLERANCE else [f"{where}: {a!r} != {b!r}"]
    if isinstance(a, dict) and isinstance(b, dict):
        if list(a) != list(b):
            return [f"{where}: keys {list(a)} != {list(b)}"]
        return [d for key in a for d in differences(a[key], b[key], f"{where}.{key}")]
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return [f"{where}: {a!r} != {b!r}"]
        pairs = enumerate(zip(a, b, strict=True))
        return [d for k, (x, y) in pairs for d in differences(x, y, f"{where}[{k}]")]
    return [] if type(a) is type(b) and a == b else [f"{where}: {a!r} != {b!r}"]


def compare(first: Path, second: Path) -> int:
    a = json.loads(first.read_text(encoding="utf-8"))
    b = json.loads(second.read_text(encoding="utf-8"))
    found = differences(a, b, "")
    for line in found[:200]:
        print(line)
    print(f"{len(a):,} vs {len(b):,} utterances compared, {len(found)} differences")
    return 1 if found else 0


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    dumping = commands.add_parser("dump")
    dumping.add_argument("out", type=Path)
    dumping.add_argument("--n", type=int, default=20_000)
    comparing = commands.add_parser("compare")
    comparing.add_argument("first", type=Path)
    comparing.add_argument("second", type=Path)
    args = parser.parse_args()
    if args.command == "dump":
        dump(args.out, args.n)
        return 0
    return compare(args.first, args.second)


if __name__ == "__main__":
    sys.exit(main())
