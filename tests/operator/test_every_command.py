"""Every `collab-bot` command, found by walking the Typer app, run as a newcomer would: a
subprocess in an empty directory. None may print a traceback; on SQLite each works (the
database is migrated first); on a PostgreSQL database that was never migrated each says in
one line to run `collab-bot db upgrade`."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from sqlalchemy.engine import make_url

from adapters.cli.main import app

ROOT = Path(__file__).resolve().parents[2]
PG_URL = os.environ.get("COLLAB_BOT_TEST_DATABASE_URL", "")
CSV = "title,url,type,topics\nHousing first,https://example.org/housing,report,housing\n"
ICS = ROOT / "tests" / "events" / "data" / "example.ics"
# Values for required parameters, by command; a new command with one must be added here.
REQUIRED = {
    "db revision": ["nothing new", "--rev-id", "9999"],
    "resources import": ["library.csv"],
    "events import": ["calendar.ics"],
}


def commands() -> list[list[str]]:
    found: list[list[str]] = []

    def walk(command: object, path: list[str]) -> None:
        children = getattr(command, "commands", None)
        if children:
            for name, child in children.items():
                walk(child, [*path, name])
            return
        params = getattr(command, "params", [])
        needed = [p.name for p in params if p.required]
        key = " ".join(path)
        assert not needed or key in REQUIRED, f"{key} needs {needed}: add it to REQUIRED"
        found.append([*path, *REQUIRED.get(key, [])])

    walk(typer.main.get_command(app), [])
    return found


def _empty_dir(tmp_path: Path) -> Path:
    work = tmp_path / "work"
    work.mkdir(parents=True)
    (work / "library.csv").write_text(CSV)
    (work / "calendar.ics").write_bytes(ICS.read_bytes())
    return work


def _run(args: list[str], cwd: Path, database_url: str = "") -> subprocess.CompletedProcess[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SLACK_", "DISCORD_", "COLLAB_BOT_DATABASE"))
    }
    env.update(PYTHONPATH=str(ROOT), HOME=str(cwd))
    if database_url:
        env["COLLAB_BOT_DATABASE_URL"] = database_url
    return subprocess.run(
        [sys.executable, "-m", "adapters.cli.main", *args],
        cwd=cwd,
        input="/help\n",
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )


def test_the_walk_finds_every_group() -> None:
    names = {" ".join(c[:2]) for c in commands()}
    for expected in ("console", "doctor", "events export", "topics export", "journey export"):
        assert any(n.startswith(expected) for n in names), expected


def test_every_command_on_an_empty_directory_with_sqlite(tmp_path: Path) -> None:
    migrations = sorted((ROOT / "storage" / "migrations" / "versions").iterdir())
    for args in commands():
        result = _run(args, _empty_dir(tmp_path / "_".join(args[:2])))
        output = result.stdout + result.stderr
        assert "Traceback" not in output, (args, output[-3000:])
        assert "no such table" not in output, args
        assert result.returncode in (0, 1, 2), (args, result.returncode)
        assert output.strip(), args
    # `db revision` with nothing to write wrote nothing.
    assert sorted((ROOT / "storage" / "migrations" / "versions").iterdir()) == migrations


def test_exports_work_on_an_empty_directory(tmp_path: Path) -> None:
    for args in (["events", "export"], ["topics", "export"], ["journey", "export"]):
        result = _run(args, _empty_dir(tmp_path / args[0]))
        assert result.returncode == 0, result.stderr
    imported = _run(["events", "import", "calendar.ics"], _empty_dir(tmp_path / "import"))
    assert imported.returncode == 0 and "Imported" in imported.stdout, imported.stderr


def test_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    work = _empty_dir(tmp_path)
    assert _run(["resources", "import", "library.csv"], work).returncode == 0
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("COLLAB_BOT_DATABASE_URL", None)
    for fmt in ("csv", "json"):
        result = subprocess.run(
            f"{sys.executable} -m adapters.cli.main resources export --format {fmt} | head -c 5",
            shell=True,
            cwd=work,
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
            check=False,
        )
        assert result.stderr == "", result.stderr
        assert len(result.stdout) == 5


async def _empty_postgres(url: str) -> None:
    import asyncpg

    parsed = make_url(url)
    admin = parsed.set(drivername="postgresql", database="postgres")
    connection = await asyncpg.connect(admin.render_as_string(hide_password=False))
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)')
        await connection.execute(f'CREATE DATABASE "{parsed.database}"')
    finally:
        await connection.close()


@pytest.mark.skipif(not PG_URL, reason="COLLAB_BOT_TEST_DATABASE_URL is not set")
def test_every_command_on_a_postgresql_database_never_migrated(tmp_path: Path) -> None:
    url = make_url(PG_URL)
    empty = url.set(database=f"{url.database}_unmigrated").render_as_string(hide_password=False)
    asyncio.run(_empty_postgres(empty))
    for args in commands():
        if args[0] == "db":
            continue  # these migrate it
        result = _run(args, _empty_dir(tmp_path / "_".join(args[:2])), empty)
        output = result.stdout + result.stderr
        assert "Traceback" not in output, (args, output[-3000:])
        if "not up to date" in output:
            assert result.returncode != 0
            assert result.stderr.strip().count("\n") == 0, (args, result.stderr)
            assert "collab-bot db upgrade" in result.stderr
