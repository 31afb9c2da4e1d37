"""`desirelines themes`: files in, the same rows out with theme_id and theme_label, summary on stderr."""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from app.cli import main
from nlp.themes_batch import OUTLIER_LABEL, THEME_COLUMNS

TOPICS = {
    "card": ["My card has not arrived yet.", "When will my new card arrive?", "Card delivery takes forever."],
    "refund": [
        "I want my refund now.",
        "The refund never reached my account.",
        "How long does a refund take?",
    ],
    "app": ["The app keeps logging me out.", "I cannot log in to the app.", "Login fails on the app."],
}


class TopicEncoder:
    """One tight blob per topic word; a text with none of them points somewhere else entirely."""

    calls = 0

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        TopicEncoder.calls += 1
        centres = np.random.default_rng(7).normal(size=(len(TOPICS) + 1, 384))
        rows = []
        for text in texts:
            topic = next((i for i, word in enumerate(TOPICS) if word in text.lower()), len(TOPICS))
            seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "little")
            noise = np.random.default_rng(seed).normal(scale=0.4, size=384)
            rows.append(centres[topic] + noise)
        vectors = np.asarray(rows, dtype=np.float32)
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


@pytest.fixture
def fake_encoder(monkeypatch: pytest.MonkeyPatch) -> None:
    TopicEncoder.calls = 0
    monkeypatch.setattr("nlp.encoder.get_encoder", lambda: TopicEncoder())


def answers(per_topic: int = 8) -> list[tuple[str, str]]:
    """(id, text) rows: topics interleaved, one blank answer, one off-topic answer."""
    rows = [
        (f"r{i}-{topic}", sentences[i % len(sentences)].replace(".", f" ({i}).", 1))
        for i in range(per_topic)
        for topic, sentences in TOPICS.items()
    ]
    return [*rows[:5], ("blank", "   "), *rows[5:], ("odd", "Lovely weather in Lisbon today.")]


def write_csv(path: Path, rows: list[tuple[str, str]]) -> None:
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "answer"])
        writer.writerows(rows)


def test_csv_in_csv_out_every_row_in_order_with_theme_columns(tmp_path: Path, fake_encoder: None) -> None:
    source, target = tmp_path / "survey.csv", tmp_path / "themed.csv"
    rows = answers()
    write_csv(source, rows)
    result = CliRunner().invoke(
        main, ["themes", str(source), "--out", str(target), "--text-column", "answer"]
    )
    assert result.exit_code == 0, result.output
    assert "3 themes" in result.stderr and "outliers" in result.stderr and " s " in result.stderr
    assert TopicEncoder.calls == 1  # embedded once, blank row left out
    out = list(csv.DictReader(target.open()))
    assert list(out[0]) == ["id", "answer", *THEME_COLUMNS]
    assert [r["id"] for r in out] == [i for i, _ in rows]
    by_id = {r["id"]: r for r in out}
    assert by_id["blank"]["theme_id"] == "-1" and by_id["blank"]["theme_label"] == ""
    assert by_id["odd"]["theme_id"] == "-1" and by_id["odd"]["theme_label"] == OUTLIER_LABEL
    for topic in TOPICS:
        themed = {(r["theme_id"], r["theme_label"]) for r in out if r["id"].endswith(topic)}
        assert len(themed) == 1, themed
        theme_id, label = themed.pop()
        assert theme_id in {"0", "1", "2"} and topic in label


def test_jsonl_and_txt_inputs(tmp_path: Path, fake_encoder: None) -> None:
    jsonl, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    rows = answers()
    jsonl.write_text("\n".join(json.dumps({"id": i, "text": t, "score": 3}) for i, t in rows) + "\n")
    result = CliRunner().invoke(main, ["themes", str(jsonl), "--out", str(out), "--seed", "3"])
    assert result.exit_code == 0, result.output
    themed = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in themed] == [i for i, _ in rows]
    assert all(r["score"] == 3 and isinstance(r["theme_id"], int) for r in themed)

    txt, out_csv = tmp_path / "in.txt", tmp_path / "out.csv"
    txt.write_text("\n".join(text for _, text in rows) + "\n")
    result = CliRunner().invoke(main, ["themes", str(txt), "--out", str(out_csv), "--min-theme-size", "5"])
    assert result.exit_code == 0, result.output
    lines = list(csv.DictReader(out_csv.open()))
    assert [r["text"] for r in lines] == [text for _, text in rows]
    assert {r["theme_id"] for r in lines} == {"-1", "0", "1", "2"}


def test_bad_inputs_say_what_and_where(tmp_path: Path, fake_encoder: None) -> None:
    no_text = tmp_path / "x.csv"
    no_text.write_text("id,score\n1,5\n")
    result = CliRunner().invoke(main, ["themes", str(no_text), "--out", str(tmp_path / "o.csv")])
    assert result.exit_code == 1 and "x.csv, line 1: no text column" in result.output
    assert "--text-column" in result.output
    result = CliRunner().invoke(
        main, ["themes", str(no_text), "--out", str(tmp_path / "o.csv"), "--text-column", "comment"]
    )
    assert result.exit_code == 1 and "no column 'comment'" in result.output
    result = CliRunner().invoke(main, ["themes", str(no_text), "--out", str(tmp_path / "o.xlsx")])
    assert result.exit_code == 1 and ".csv or .jsonl" in result.output
    assert TopicEncoder.calls == 0  # nothing embedded for a file that cannot be read


def test_empty_and_tiny_files(tmp_path: Path, fake_encoder: None) -> None:
    empty, out = tmp_path / "empty.txt", tmp_path / "out.csv"
    empty.write_text("")
    result = CliRunner().invoke(main, ["themes", str(empty), "--out", str(out)])
    assert result.exit_code == 0 and "0 themes" in result.stderr
    assert out.read_text().splitlines() == ["text,theme_id,theme_label"]
    tiny = tmp_path / "tiny.txt"
    tiny.write_text("My card has not arrived.\n\nWhere is my card?\n")
    assert CliRunner().invoke(main, ["themes", str(tiny), "--out", str(out)]).exit_code == 0
    assert [r["theme_id"] for r in csv.DictReader(out.open())] == ["0", "-1", "0"]


def test_real_encoder_end_to_end(tmp_path: Path) -> None:
    source, target = tmp_path / "answers.txt", tmp_path / "themes.csv"
    lines = [text for _, text in answers(per_topic=8)]
    source.write_text("\n".join(lines) + "\n")
    result = CliRunner().invoke(main, ["themes", str(source), "--out", str(target)])
    assert result.exit_code == 0, result.output
    out = list(csv.DictReader(target.open()))
    assert len(out) == len(lines)
    ids = {topic: {r["theme_id"] for r in out if topic in r["text"].lower()} for topic in TOPICS}
    assert all(len(found) == 1 and found != {"-1"} for found in ids.values()), ids
    assert len({found.pop() for found in ids.values()}) == 3


def test_texts_without_content_are_counted_and_marked_not_themed(tmp_path: Path, fake_encoder: None) -> None:
    from nlp.themes_batch import NO_CONTENT_LABEL

    source, target = tmp_path / "said.csv", tmp_path / "themed.csv"
    fillers = [
        (f"f{i}", text) for i, text in enumerate(["Yeah.", "Okay.", "Mm-hmm.", "Thank you.", "[REDACTED]."])
    ]
    write_csv(source, [*answers(), *fillers])

    result = CliRunner().invoke(
        main, ["themes", str(source), "--out", str(target), "--text-column", "answer"]
    )

    assert result.exit_code == 0, result.output
    assert "5 of 30 texts left out without content" in result.stderr
    by_id = {r["id"]: r for r in csv.DictReader(target.open())}
    assert all(by_id[key]["theme_label"] == NO_CONTENT_LABEL for key, _ in fillers)
    assert all(by_id[key]["theme_id"] == "-1" for key, _ in fillers)
