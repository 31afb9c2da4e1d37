"""`desirelines code`: files in, the same rows out with exactly the added columns, streamed."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from app.cli import main
from nlp.batch import ADDED_COLUMNS

ANSWERS = [
    ("r1", "Our spreadsheet broke every Monday and we lost track of deals."),
    ("r2", "I love the forecasting view, it is brilliant."),
    ("r3", ""),
    ("r4", "Support never answered and the import failed twice."),
    ("r5", "We bought twenty seats last week."),
]


def test_csv_in_csv_out_keeps_every_row_in_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("nlp.batch.CHUNK", 2)  # several chunks, as a large file would be read
    source = tmp_path / "survey.csv"
    with source.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "answer"])
        writer.writerows(ANSWERS)
    target = tmp_path / "coded.csv"
    result = CliRunner().invoke(main, ["code", str(source), "--out", str(target), "--text-column", "answer"])
    assert result.exit_code == 0, result.output
    assert "Coded 5 rows" in result.output and "1 rows not coded: empty" in result.output
    rows = list(csv.DictReader(target.open()))
    assert list(rows[0]) == ["id", "answer", *ADDED_COLUMNS]
    assert [r["id"] for r in rows] == ["r1", "r2", "r3", "r4", "r5"]
    assert rows[0]["pain_point"] == "1" and rows[3]["pain_point"] == "1"
    assert rows[1]["pain_point"] == "0"
    assert rows[2]["emotion"] == "" and rows[2]["pain_point"] == ""
    assert float(rows[1]["valence"]) > 0 > float(rows[0]["valence"])
    assert rows[4]["stage"] == "purchase"


def test_jsonl_and_txt_inputs(tmp_path: Path) -> None:
    jsonl = tmp_path / "in.jsonl"
    jsonl.write_text("\n".join(json.dumps({"id": i, "text": t}) for i, t in ANSWERS[:2]) + "\n")
    out = tmp_path / "out.jsonl"
    assert CliRunner().invoke(main, ["code", str(jsonl), "--out", str(out)]).exit_code == 0
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in rows] == ["r1", "r2"] and set(ADDED_COLUMNS) <= set(rows[0])

    txt = tmp_path / "in.txt"
    txt.write_text("The export keeps crashing.\nGreat product!\n")
    out_csv = tmp_path / "out.csv"
    assert CliRunner().invoke(main, ["code", str(txt), "--out", str(out_csv)]).exit_code == 0
    assert [r["text"] for r in csv.DictReader(out_csv.open())] == ["The export keeps crashing.", "Great product!"]


def test_bad_inputs_say_what_and_where(tmp_path: Path) -> None:
    no_text = tmp_path / "x.csv"
    no_text.write_text("id,score\n1,5\n")
    result = CliRunner().invoke(main, ["code", str(no_text), "--out", str(tmp_path / "o.csv")])
    assert result.exit_code == 1 and "x.csv, line 1: no text column" in result.output
    assert "line 1" in result.output and "--text-column" in result.output
    broken = tmp_path / "b.jsonl"
    broken.write_text('{"text": "fine"}\n{"text": \n')
    result = CliRunner().invoke(main, ["code", str(broken), "--out", str(tmp_path / "o.jsonl")])
    assert result.exit_code == 1 and "b.jsonl, line 2" in result.output
    result = CliRunner().invoke(main, ["code", str(broken), "--out", str(tmp_path / "o.xlsx")])
    assert result.exit_code == 1 and ".csv or .jsonl" in result.output


def test_no_content_rows_get_only_the_content_column(tmp_path: Path) -> None:
    source = tmp_path / "talk.csv"
    with source.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "text"])
        writer.writerows([("a", "Yeah."), ("b", "The import failed twice and support never answered."),
                          ("c", "[inaudible]"), ("d", "Thanks so much, bye!")])  # fmt: skip
    target = tmp_path / "coded.csv"
    result = CliRunner().invoke(main, ["code", str(source), "--out", str(target)])
    assert result.exit_code == 0, result.output
    assert "rows without content (backchannel)" in result.output
    rows = {r["id"]: r for r in csv.DictReader(target.open())}
    assert [rows[k]["content"] for k in "abcd"] == ["backchannel", "substantive", "marker", "courtesy"]
    for key in "acd":
        assert all(rows[key][column] == "" for column in ADDED_COLUMNS if column != "content")
    assert rows["b"]["emotion"] and rows["b"]["pain_point"] == "1"


def test_an_unknown_framework_is_a_usage_error_naming_the_shipped_ones(tmp_path: Path) -> None:
    source = tmp_path / "answers.txt"
    source.write_text("Our spreadsheet broke every Monday.\n")
    target = tmp_path / "coded.csv"

    result = CliRunner().invoke(main, ["code", str(source), "--out", str(target), "--framework", "nope"])

    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "Invalid value for '--framework': no journey framework 'nope'" in result.output
    assert "seven-step" in result.output and not target.exists()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("zero.txt", b""),
        ("blank.txt", b" \n\n\t\n"),
        ("zero.csv", b""),
        ("blank.jsonl", b"\n\n"),
        ("bom.csv", b"\xef\xbb\xbf\n"),
    ],
)
def test_empty_input_fails_as_an_upload_would(tmp_path: Path, name: str, data: bytes) -> None:
    source = tmp_path / name
    source.write_bytes(data)
    target = tmp_path / "o.csv"

    result = CliRunner().invoke(main, ["code", str(source), "--out", str(target)])

    assert result.exit_code == 1, result.output
    assert result.output.strip() == f"Error: {source}: the file is empty"
    assert "Coded" not in result.output and not target.exists()
