"""Tokens and the database password stay out of tracebacks, logs and the config file; SQL
errors do not carry member text."""

from __future__ import annotations

import io
import logging
import re
from pathlib import Path

import pytest
import typer
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from adapters import logs
from adapters.cli.main import app
from bot.config import ConfigError, Secrets
from bot.features import parse_settings
from storage.engine import Database

ROOT = Path(__file__).resolve().parents[2]


def _typers(group: typer.Typer) -> list[typer.Typer]:
    found = [group]
    for info in group.registered_groups:
        assert info.typer_instance is not None
        found += _typers(info.typer_instance)
    return found


def test_no_command_group_prints_local_variables_in_a_traceback() -> None:
    groups = _typers(app)
    assert len(groups) >= 8
    assert all(g.pretty_exceptions_show_locals is False for g in groups)
    # Said explicitly, not left to the installed Typer's default (older ones printed them).
    for source in (ROOT / "adapters" / "cli").glob("*.py"):
        assert "typer.Typer(" not in source.read_text() or source.name == "common.py", source


def test_the_database_password_is_a_secret_the_logs_redact() -> None:
    env = {"COLLAB_BOT_DATABASE_PASSWORD": "pg-pass-4321"}
    assert "pg-pass-4321" in Secrets.from_env(env).values()
    in_url = {"COLLAB_BOT_DATABASE_URL": "postgresql+asyncpg://bot:url-pass-987@db/bot"}
    assert "url-pass-987" in Secrets.from_env(in_url).values()
    stream = io.StringIO()
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    try:
        logs.configure(logging.INFO, json_lines=False, secrets=["pg-pass-4321"], stream=stream)
        logging.getLogger("test").error("connect failed: %s", "bot:pg-pass-4321@db")
    finally:
        root.handlers[:], root.level = saved
    assert "pg-pass-4321" not in stream.getvalue()
    assert logs.REDACTED in stream.getvalue()


def test_a_password_in_the_config_files_database_url_is_refused() -> None:
    url = "postgresql+asyncpg://bot:hunter2222@db.example.org/collab_bot"
    with pytest.raises(ConfigError) as caught:
        parse_settings({"database": {"url": url}})
    assert "database.url" in str(caught.value)
    assert "COLLAB_BOT_DATABASE_PASSWORD" in str(caught.value)
    assert "hunter2222" not in str(caught.value)
    assert parse_settings({"database": {"url": "postgresql+asyncpg://bot@db/x"}})


async def test_a_failing_statement_does_not_carry_its_parameters(database_url: str) -> None:
    db = Database(database_url)
    try:
        with pytest.raises(SQLAlchemyError) as caught:
            async with db.session() as session:
                await session.execute(
                    text("INSERT INTO no_such_table (x) VALUES (:x)"),
                    {"x": "alice's private words"},
                )
    finally:
        await db.close()
    assert "alice's private words" not in str(caught.value)
    assert re.search(r"parameters hidden", str(caught.value))
