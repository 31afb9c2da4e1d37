"""The `desirelines` command: serve, db upgrade, import, demo."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from app.config import MAX_WEB_WORKERS, settings

if TYPE_CHECKING:
    from sqlmodel import Session

    from app.accounts.models import User


@click.group()
@click.version_option(package_name="desirelines")
def main() -> None:
    """Desirelines: JTBD interviews and surveys in; coded evidence, personas and journey maps out."""


@main.group()
def db() -> None:
    """Database maintenance."""


@db.command("upgrade")
def db_upgrade() -> None:
    """Bring the database (DESIRELINES_DATABASE_URL, or SQLite under the data dir) to the latest schema."""
    from app.db import get_engine
    from app.migrate import upgrade

    upgrade(get_engine())
    click.echo(f"Database is up to date: {_safe_url()}")


@main.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--project", "project_name", required=True, help="Project name; created if it does not exist.")
@click.option(
    "--roster", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="Participant roster CSV."
)
@click.option("--owner", "owner_email", help="Owner of a new project (default: the first admin).")
@click.option("--code/--no-code", default=True, show_default=True, help="Code the imported sources now.")
def import_command(
    paths: tuple[Path, ...], project_name: str, roster: Path | None, owner_email: str | None, code: bool
) -> None:
    """Import transcript and survey files, or folders of them, into a project."""
    from app.coding.jobs import queue_all
    from app.db import session_scope
    from app.imports import ROSTER_NAMES, import_paths
    from app.projects.service import get_or_create_project
    from app.sources.roster import apply_roster

    _require_schema()
    with session_scope() as session:
        project = get_or_create_project(session, name=project_name, owner=_owner(session, owner_email))
        report = import_paths(session, project=project, paths=paths, max_bytes=settings.max_upload_bytes)
        jobs = queue_all(session, project_id=project.id or 0, only=[r.source.id for _, r in report.imported])
        rosters = (
            [roster]
            if roster
            else [p / n for p in paths if p.is_dir() for n in ROSTER_NAMES if (p / n).exists()]
        )
        for path in rosters:
            result = apply_roster(
                session, project_id=project.id or 0, filename=path.name, data=path.read_bytes()
            )
            click.echo(f"roster {path.name}: {result.created} new, {result.updated} updated participants")
    for path, imported in report.imported:
        click.echo(
            f"ok    {path}: {imported.source.kind}, {imported.turns} turns, {imported.utterances} utterances"
        )
        for warning in imported.warnings:
            click.echo(f"      warning: {warning}")
    for path, message in report.duplicates:
        click.echo(f"skip  {path}: {message}")
    for _path, message in report.failed:
        click.echo(f"FAIL  {message}", err=True)
    click.echo(
        f"{len(report.imported)} imported ({report.utterances} utterances), "
        f"{len(report.duplicates)} duplicates, {len(report.failed)} failed, into project {project_name!r}."
    )
    if code:
        _code_now(jobs)
    if report.failed:
        sys.exit(1)


def _owner(session: Session, email: str | None) -> User:
    from app.accounts.service import find_user, first_admin

    user = find_user(session, email=email) if email else first_admin(session)
    if user is None:
        raise click.ClickException(
            f"No user {email!r}."
            if email
            else "No admin yet: run 'desirelines user create --admin EMAIL' first."
        )
    return user


def _require_schema() -> None:
    """Stop with the fix when the database was never upgraded (or is behind this code)."""
    from sqlalchemy.exc import SQLAlchemyError

    from app.db import get_engine
    from app.migrate import needs_upgrade

    try:
        behind = needs_upgrade(get_engine())
    except SQLAlchemyError:
        return  # unreachable: the command's own first query says why
    if behind:
        raise click.ClickException(
            f"The database {_safe_url()} is not upgraded to this version: run `desirelines db upgrade` first."
        )


@main.group()
def user() -> None:
    """User accounts."""


@user.command("create")
@click.argument("email")
@click.option("--admin", is_flag=True, help="Make the user an administrator.")
@click.option(
    "--password-stdin", is_flag=True, help="Read the password from standard input instead of a prompt."
)
def user_create(email: str, admin: bool, password_stdin: bool) -> None:
    """Create a user; prompts for the password (or reads it from stdin)."""
    from app.accounts.service import create_user
    from app.db import session_scope
    from app.errors import AppError

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    _require_schema()
    try:
        with session_scope() as session:
            created = create_user(session, email=email, password=password, is_admin=admin)
    except AppError as err:
        raise click.ClickException(err.message) from err
    click.echo(f"Created {'admin ' if admin else ''}user {created.email}.")


@main.command()
def demo() -> None:
    """Create the fictional demo project (once)."""
    from app.coding.jobs import queue_all
    from app.db import session_scope
    from app.demo.loader import DEMO_EMAIL, DEMO_PASSWORD, load_demo, queue_demo_analyses, ready_message

    _require_schema()
    with session_scope() as session:
        project, report = load_demo(session, max_bytes=settings.max_upload_bytes)
        jobs = [] if report is None else queue_all(session, project_id=project.id or 0)
        if report is not None:
            queue_demo_analyses(session, project_id=project.id or 0)
    if report is None:
        click.echo(f"The demo project {project.name!r} already exists (id {project.id}).")
    # No URL here: `serve` may be given another host or port, and prints the address it listens on.
    click.echo(
        f"Log in as {DEMO_EMAIL} / {DEMO_PASSWORD} (after `desirelines serve`, at the address it prints)."
    )
    if report is None:
        return
    click.echo(
        f"Created demo project {project.name!r} (id {project.id}): {len(report.imported)} sources, "
        f"{report.utterances} utterances."
    )
    click.echo(ready_message(sources=len(jobs), utterances=report.utterances))
    for _path, message in report.failed:
        click.echo(f"FAIL  {message}", err=True)


@main.command("code")
@click.argument("input_path", metavar="INPUT", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", "output_path", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Output file, .csv or .jsonl.")  # fmt: skip
@click.option("--text-column", default=None, help="Column (CSV) or field (JSONL) holding the text.")
@click.option("--framework", default="seven-step", show_default=True, help="Journey framework for stages.")
def code_command(input_path: Path, output_path: Path, text_column: str | None, framework: str) -> None:
    """Code a CSV, JSONL or TXT file of texts without the server (streams; every row kept in order)."""
    from nlp.batch import BatchInputError, code_file, terminal_progress
    from nlp.frameworks.errors import UnknownFrameworkError
    from nlp.pipeline import CodingPipeline

    try:
        pipeline = CodingPipeline(framework=framework)
    except UnknownFrameworkError as err:
        raise click.BadParameter(str(err), param_hint="'--framework'") from None
    try:
        report = code_file(
            input_path, output_path, pipeline.code, text_column=text_column, progress=terminal_progress()
        )
    except BatchInputError as err:
        raise click.ClickException(str(err)) from err
    rate = report.rows / report.seconds if report.seconds else 0.0
    click.echo(
        f"Coded {report.rows:,} rows into {output_path} in {report.seconds:.1f} s ({rate:,.0f} rows/s)."
    )
    for reason, count in report.skipped.most_common():
        click.echo(f"  {count:,} rows not coded: {reason}")
    for content_class, count in report.no_content.most_common():
        click.echo(f"  {count:,} rows without content ({content_class}): only the content column is filled")


@main.command("themes")
@click.argument("input_path", metavar="INPUT", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", "output_path", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Output file, .csv or .jsonl.")  # fmt: skip
@click.option("--text-column", default=None, help="Column (CSV) or field (JSONL) holding the text.")
@click.option("--min-theme-size", type=click.IntRange(min=2), default=None,
              help="Smallest theme (default: from the number of texts, 5 to 100).")  # fmt: skip
@click.option("--seed", type=int, default=42, show_default=True, help="Random seed; same seed, same themes.")
def themes_command(
    input_path: Path, output_path: Path, text_column: str | None, min_theme_size: int | None, seed: int
) -> None:
    """Find themes in a CSV, JSONL or TXT file: adds theme_id and theme_label (-1 with "(outlier)" or
    "(no content)" for fillers, thanks and markers, which are not themed)."""
    from nlp.aggregate.themes import ThemeSettings
    from nlp.batch import BatchInputError
    from nlp.encoder import get_encoder
    from nlp.themes_batch import theme_file

    settings = ThemeSettings(seed=seed, min_theme_size=min_theme_size)
    try:
        report = theme_file(
            input_path,
            output_path,
            lambda texts: get_encoder().encode(texts),
            text_column=text_column,
            settings=settings,
        )
    except BatchInputError as err:
        raise click.ClickException(str(err)) from err
    click.echo(
        f"Themed {report.rows:,} rows into {output_path}: {report.themes} themes, "
        f'{report.no_content:,} of {report.texts:,} texts left out without content ("(no content)"), '
        f"{report.outlier_share:.1%} of the {report.themed:,} others outliers, {report.seconds:.1f} s "
        f"(embedding {report.embed_seconds:.1f} s, themes {report.theme_seconds:.1f} s).",
        err=True,
    )


@main.command("personas")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--out", "output_path", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Output: .json (personas and canvases) or .csv (participant,persona rows).")  # fmt: skip
@click.option("--k", "k", type=click.IntRange(min=1), default=None,
              help="Number of personas (default: chosen from the data).")  # fmt: skip
@click.option("--max-k", type=click.IntRange(min=2), default=6, show_default=True,
              help="Most personas tried when the number is chosen from the data.")  # fmt: skip
@click.option("--roster", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Profiles CSV: a file or participant column, then job_title, sector, ...")  # fmt: skip
@click.option("--framework", default="seven-step", show_default=True, help="Journey framework for stages.")
def personas_command(
    folder: Path, output_path: Path, k: int | None, max_k: int, roster: Path | None, framework: str
) -> None:
    """Group the respondents of a folder of transcripts into personas and write their canvases."""
    import time

    from nlp.personas_batch import RosterError, run_personas, summary, write_output
    from nlp.pipeline import CodingPipeline

    if output_path.suffix.lower() not in (".json", ".csv"):
        raise click.ClickException(f"{output_path}: the output must end in .json or .csv")
    started = time.perf_counter()
    pipeline = CodingPipeline(framework=framework)
    loaded = time.perf_counter() - started
    try:
        run = run_personas(
            folder, pipeline, k=k, max_k=max_k, roster=roster, warn=lambda text: click.echo(text, err=True)
        )
    except RosterError as err:
        raise click.ClickException(str(err)) from err
    if not run.study.participants:
        raise click.ClickException(f"{folder}: no transcript with respondent speech to group.")
    write_output(run, output_path)
    run.study.timings = {"load models": loaded, **run.study.timings}
    click.echo(summary(run), err=True)
    click.echo(
        f"Wrote {run.grouping.k} personas for {len(run.study.participants)} participants "
        f"({len(run.study.evidence):,} utterances; {len(run.grouping.left_out)} participant(s) left out "
        f"with too little substantive talk) to {output_path}."
    )


@main.command("eval")
def eval_command() -> None:
    """Print each coder's figures on its dev data (in the repo, and GoEmotions dev from ../shared)."""
    from nlp.coders import complaint_eval, interview_eval, spoken_eval
    from nlp.coders.emotion import evaluate as emotion_eval
    from nlp.coders.forces import evaluate as forces_eval
    from nlp.coders.pain import evaluate as pain_eval
    from nlp.coders.stage import evaluate as stage_eval

    click.echo("== emotion ==")
    emotion_eval.main()
    click.echo("== pain points ==")
    pain_eval.main()
    click.echo("== journey stages (seven-step, five classes) ==")
    stage_eval.main(["--split", "test"])
    click.echo("== JTBD forces ==")
    forces_eval.main()
    click.echo("== real speech: held-out meetings, abstention and reliability curves ==")
    spoken_eval.main()
    click.echo("== real interviews: held-out Practical AI guests (pain, emotion, stage abstention) ==")
    interview_eval.main("heldout")
    click.echo("== real written complaints: held-out brand and airline tweets (files not shipped) ==")
    complaint_eval.main("heldout")


@main.command()
@click.option("--concurrency", default=1, show_default=True, help="Jobs one worker runs at once.")
def worker(concurrency: int) -> None:
    """Run a Celery worker for coding jobs and analyses (needs DESIRELINES_BROKER_URL, e.g. a Redis URL).

    On start it queues again the jobs of workers that stopped, sends every queued job, and keeps
    reaping stale jobs while it runs.
    """
    from app.jobs.worker import celery_app

    if not settings.broker_url:
        raise click.ClickException("Set DESIRELINES_BROKER_URL (e.g. redis://127.0.0.1:6379/0) first.")
    _require_schema()  # a worker on an old schema would fail every job it takes
    celery_app.worker_main(["worker", f"--concurrency={concurrency}", "--loglevel=INFO"])


@main.command()
@click.option("--host", default=None, help="Address to bind (default DESIRELINES_HOST or 127.0.0.1).")
@click.option(
    "--port", default=None, type=click.IntRange(1, 65535), help="Port (default DESIRELINES_PORT or 8000)."
)
@click.option("--reload", is_flag=True, help="Restart on code changes (development; one process).")
@click.option(
    "--workers",
    default=None,
    type=click.IntRange(1, MAX_WEB_WORKERS),
    help="Web processes (default DESIRELINES_WEB_WORKERS, or one per CPU core, at most 4).",
)
@click.option(
    "--log-level",
    default="info",
    show_default=True,
    type=click.Choice(["critical", "error", "warning", "info", "debug"]),
    help="Server log level (info logs every request).",
)
def serve(host: str | None, port: int | None, reload: bool, workers: int | None, log_level: str) -> None:
    """Serve the web app and API."""
    import uvicorn

    from app.demo.loader import DEMO_EMAIL, DEMO_PASSWORD
    from app.serving import AddressUnavailable, check_address, reuse_port_available, run_processes

    try:  # before any process starts: a taken port is one line, not a traceback or a server left hanging
        check_address(host or settings.host, port or settings.port)
    except AddressUnavailable as error:
        raise click.ClickException(f"{error} (--host, --port).") from None
    _require_schema()
    shown_host = host or settings.host
    url = f"http://{'127.0.0.1' if shown_host in ('0.0.0.0', '::') else shown_host}:{port or settings.port}/"
    processes = 1 if reload else workers or settings.resolved_web_workers()
    click.echo(f"Serving Desirelines at {url} with {processes} web process(es) (Ctrl+C stops it).")
    if _demo_account_exists():
        click.echo(f"Demo login: {DEMO_EMAIL} / {DEMO_PASSWORD} (`desirelines user create` makes real ones).")
    else:
        click.echo("Log in with an account from `desirelines user create`; `desirelines demo` adds a demo.")

    options: dict[str, Any] = {
        "app": "app.main:create_app",
        "factory": True,
        "host": host or settings.host,
        "port": port or settings.port,
        "log_level": log_level,
        # The app reads X-Forwarded-For itself, only from DESIRELINES_TRUSTED_PROXIES (app.security).
        "proxy_headers": False,
    }
    if processes > 1:
        # Each web process's job runner and parser pool hold multiprocessing semaphores; the resource
        # tracker the web processes share unlinks them when the last one exits and says so with a
        # warning on every Ctrl+C. Nothing is left behind, so the warning is left out (-W to the tracker).
        sys.warnoptions.append("ignore:resource_tracker:UserWarning")
    if processes > 1 and reuse_port_available():
        run_processes(options, processes)  # a socket per process: connections spread evenly
        return
    uvicorn.run(**options, reload=reload, workers=None if reload else processes)


def _demo_account_exists() -> bool:
    """Whether `desirelines demo` made its account in this database (False when it cannot be read yet)."""
    from sqlalchemy.exc import SQLAlchemyError

    from app.accounts.service import find_user
    from app.db import get_engine, session_scope
    from app.demo.loader import DEMO_EMAIL

    try:
        with session_scope(get_engine()) as session:
            return find_user(session, email=DEMO_EMAIL) is not None
    except SQLAlchemyError:  # not upgraded yet, or the server is down: serving says so on the first request
        return False


def _code_now(job_ids: list[int]) -> None:
    """Code sources in this process, one line of progress per source."""
    from app.coding.jobs import run_job
    from app.db import get_engine

    for number, job_id in enumerate(job_ids, start=1):
        click.echo(f"Coding source {number} of {len(job_ids)}...")
        run_job(get_engine(), job_id)


def _safe_url() -> str:
    from sqlalchemy.engine import make_url

    return make_url(settings.resolved_database_url()).render_as_string(hide_password=True)


if __name__ == "__main__":
    main()
