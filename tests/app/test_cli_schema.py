"""Commands that use the database say to run `desirelines db upgrade` when it was never run."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine
from sqlalchemy.engine import Engine

from app.cli import main
from app.migrate import needs_upgrade, upgrade


@pytest.fixture
def bare(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Engine:
    engine = create_engine(f"sqlite:///{tmp_path / 'bare.db'}")
    monkeypatch.setattr("app.db.get_engine", lambda: engine)
    monkeypatch.setattr("app.serving.check_address", lambda host, port: None)
    monkeypatch.setattr("uvicorn.run", lambda *args, **kwargs: pytest.fail("served a database with no tables"))
    return engine


@pytest.mark.parametrize(
    "args",
    [["import", "{file}", "--project", "P"], ["user", "create", "a@example.com", "--password-stdin"],
     ["demo"], ["serve", "--workers", "1"], ["worker"]],
)  # fmt: skip
def test_a_database_never_upgraded_is_one_line_naming_the_fix(
    bare: Engine, tmp_path: Path, args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.config import settings
    from app.jobs.worker import celery_app

    monkeypatch.setattr(settings, "broker_url", "redis://127.0.0.1:6379/0")
    monkeypatch.setattr(celery_app, "worker_main", lambda argv: pytest.fail("a worker started on no tables"))
    transcript = tmp_path / "call.txt"
    transcript.write_text("Interviewer: Why?\nDana: The old tool kept crashing.\n")
    args = [str(transcript) if arg == "{file}" else arg for arg in args]

    result = CliRunner().invoke(main, args, input="a long enough password\n")

    assert result.exit_code == 1, result.output
    assert "is not upgraded to this version: run `desirelines db upgrade` first" in result.output
    assert "Traceback" not in result.output and "no such table" not in result.output


def test_needs_upgrade_is_false_at_head(bare: Engine) -> None:
    assert needs_upgrade(bare)
    upgrade(bare)
    assert not needs_upgrade(bare)
