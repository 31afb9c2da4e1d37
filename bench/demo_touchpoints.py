"""How many of the demo's sentences holding a touchpoint word keep a touchpoint under the sense rules.

Usage (from the repository root):

    .venv/bin/python bench/demo_touchpoints.py [--lost]

Every sentence of the demo interviews (all speakers) and survey answers (app/demo/data), split as an
upload is. "Holding" is found by the journey lexicon without `respondent_met` (any touchpoint phrase);
"keep" by the shipped lexicon. The demo is customer talk, so a rule that tells a touchpoint's other senses
apart (the speaker's own work, a phrase nobody met) should lose few of these. `--lost` lists the sentences
that hold a word but keep no touchpoint.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def demo_sentences() -> list[str]:
    from demo_texts import demo_sources, survey_answers

    from nlp.ingest.sentences import sentences_of, split_sentences
    from nlp.types import Survey

    texts: list[str] = []
    for source in demo_sources():
        if isinstance(source, Survey):
            texts += [s for answer in survey_answers(source) for s in split_sentences(answer)]
        else:
            texts += [sentence.text for sentence in sentences_of(source)]
    return texts


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--lost", action="store_true", help="List the sentences that keep no touchpoint.")
    args = parser.parse_args(argv)
    import yaml

    from nlp.aggregate.journey_rows import LEXICON_PATH, RowExtractor, default_extractor, load_lexicon

    plain = yaml.safe_load(LEXICON_PATH.read_text(encoding="utf-8"))
    plain.pop("respondent_met")
    loose, shipped = RowExtractor(load_lexicon(plain)), default_extractor()
    texts = demo_sentences()
    holding = [t for t in texts if loose.labels(t)["touchpoints"]]
    lost = [t for t in holding if not shipped.labels(t)["touchpoints"]]
    kept = len(holding) - len(lost)
    print(f"sentences {len(texts)}, holding a touchpoint word {len(holding)}, keep one {kept}")
    if args.lost:
        for text in lost:
            print("lost\t" + text)


if __name__ == "__main__":
    main()
