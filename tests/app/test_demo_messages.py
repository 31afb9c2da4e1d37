"""What `desirelines demo` and `desirelines serve` tell someone who just ran `make run`."""

from __future__ import annotations

import re
import socket
import sys

import pytest
from click.testing import CliRunner
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.accounts.service import create_user
from app.cli import main
from app.config import AUTO_WEB_WORKERS_CAP, Settings
from app.demo.loader import DEMO_EMAIL, DEMO_PASSWORD, ready_message


def test_ready_message_scales_with_the_work_and_names_what_follows() -> None:
    small = ready_message(sources=2, utterances=300)
    large = ready_message(sources=9, utterances=4_000)
    assert "Coding 9 sources (4,000 utterances)" in large and "themes and personas follow" in large
    minutes = [int(re.search(r"about (\d+) minutes", text).group(1)) for text in (small, large)]  # type: ignore[union-attr]
    assert 1 <= minutes[0] < minutes[1]


def test_demo_says_when_its_analyses_will_be_ready(db: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("app.db.get_engine", lambda: db)
    result = CliRunner().invoke(main, ["demo"])
    assert result.exit_code == 0, result.output
    assert re.search(r"Coding \d+ sources \([\d,]+ utterances\) in the background", result.output)
    assert re.search(r"about \d+ minutes in all", result.output)


def test_demo_gives_the_login_but_no_address_serve_may_not_use(
    db: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("app.db.get_engine", lambda: db)
    result = CliRunner().invoke(main, ["demo"])
    assert result.exit_code == 0, result.output
    assert f"Log in as {DEMO_EMAIL} / {DEMO_PASSWORD}" in result.output
    assert "http://" not in result.output and "desirelines serve" in result.output


def test_serve_prints_the_url_and_the_demo_login_once_the_demo_exists(
    db: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[dict[str, object]] = []
    monkeypatch.setattr("uvicorn.run", lambda *args, **kwargs: calls.append(kwargs))
    monkeypatch.setattr("app.serving.check_address", lambda host, port: None)  # whatever holds 8123 here
    monkeypatch.setattr("sys.warnoptions", [])
    monkeypatch.setattr("app.db.get_engine", lambda: db)
    serve = ["serve", "--host", "0.0.0.0", "--port", "8123", "--workers", "1"]

    before = CliRunner().invoke(main, serve)
    assert before.exit_code == 0, before.output
    assert "http://127.0.0.1:8123/" in before.output
    assert DEMO_PASSWORD not in before.output and "desirelines demo" in before.output
    assert calls and calls[0]["port"] == 8123 and calls[0]["workers"] == 1

    with Session(db) as session:
        create_user(session, email=DEMO_EMAIL, password=DEMO_PASSWORD, is_admin=True)
        session.commit()
    after = CliRunner().invoke(main, serve)
    assert DEMO_EMAIL in after.output and DEMO_PASSWORD in after.output


def test_serve_starts_one_web_process_per_core_unless_told(monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[tuple[str, object]] = []
    monkeypatch.setattr("uvicorn.run", lambda *args, **kwargs: started.append(("uvicorn", kwargs["workers"])))
    monkeypatch.setattr("app.serving.run_processes", lambda options, n: started.append(("sockets", n)))
    monkeypatch.setattr("app.serving.check_address", lambda host, port: None)
    monkeypatch.setattr("app.migrate.needs_upgrade", lambda engine: False)
    monkeypatch.setattr("app.serving.reuse_port_available", lambda: True)
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    monkeypatch.setattr("sys.warnoptions", [])
    assert CliRunner().invoke(main, ["serve"]).exit_code == 0
    assert CliRunner().invoke(main, ["serve", "--workers", "3"]).exit_code == 0
    reload = CliRunner().invoke(main, ["serve", "--reload", "--workers", "3"])
    monkeypatch.setattr("app.serving.reuse_port_available", lambda: False)
    assert CliRunner().invoke(main, ["serve", "--workers", "2"]).exit_code == 0
    assert started == [("sockets", 2), ("sockets", 3), ("uvicorn", None), ("uvicorn", 2)]
    assert "with 1 web process(es)" in reload.output
    assert sys.warnoptions == ["ignore:resource_tracker:UserWarning"] * 3  # the tracker's Ctrl+C warning
    monkeypatch.setattr("os.cpu_count", lambda: 64)
    assert Settings().resolved_web_workers() == AUTO_WEB_WORKERS_CAP
    assert Settings(web_workers=6).resolved_web_workers() == 6


@pytest.mark.parametrize("workers", ["1", "2"])
def test_serve_on_a_taken_port_says_so_in_one_line_before_starting_anything(
    monkeypatch: pytest.MonkeyPatch, workers: str
) -> None:
    started: list[object] = []
    monkeypatch.setattr("uvicorn.run", lambda *args, **kwargs: started.append(kwargs))
    monkeypatch.setattr("app.serving.run_processes", lambda options, n: started.append(n))
    monkeypatch.setattr("sys.warnoptions", [])
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        result = CliRunner().invoke(main, ["serve", "--port", port, "--workers", workers])

    assert result.exit_code == 1 and result.exception is not None and isinstance(result.exception, SystemExit)
    assert f"cannot listen on 127.0.0.1:{port}: address already in use" in result.output
    assert "Traceback" not in result.output and not started


def test_serve_refuses_a_port_out_of_range_and_a_host_that_is_no_address(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("uvicorn.run", lambda *args, **kwargs: pytest.fail("started"))
    out_of_range = CliRunner().invoke(main, ["serve", "--port", "70000", "--workers", "1"])
    no_host = CliRunner().invoke(main, ["serve", "--host", "999.1.1.1", "--workers", "1"])

    assert out_of_range.exit_code == 2 and "70000 is not in the range" in out_of_range.output
    assert no_host.exit_code == 1 and "cannot listen on 999.1.1.1:" in no_host.output
