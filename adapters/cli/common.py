"""What every CLI command shares: loading config, logging to stderr, opening storage."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any, NoReturn

import typer
from sqlalchemy.exc import SQLAlchemyError

from adapters import logs
from adapters.runtime import SchemaOutOfDate, prepare_database
from bot.config import ConfigError, Secrets, Settings
from bot.features import load_settings
from storage.engine import Database

ConfigOption = typer.Option(
    None, "--config", "-c", help="Path to config.toml (default ./config.toml)."
)


def cli_app(help: str, **options: Any) -> typer.Typer:
    """A command group. Tracebacks never show local variables (tokens, the database URL):
    Typer before 0.12 printed them by default, so this is said explicitly."""
    return typer.Typer(
        help=help, no_args_is_help=True, pretty_exceptions_show_locals=False, **options
    )


def fail(message: str, code: int = 2) -> NoReturn:
    typer.echo(message, err=True)
    raise typer.Exit(code)


def settings_from(path: Path | None) -> Settings:
    try:
        return load_settings(path)
    except ConfigError as error:
        fail(f"Config error:\n{error}")


def setup_logging(settings: Settings, *, quiet: bool = False) -> None:
    level = logging.WARNING if quiet else getattr(logging, settings.logging.level)
    logs.configure(
        level, json_lines=settings.logging.json_lines, secrets=Secrets.from_env().values()
    )


def database(settings: Settings) -> Database:
    return Database(settings.database.resolved_url(os.environ), echo=settings.database.echo)


async def open_database(settings: Settings) -> Database:
    """The database, ready for a command: SQLite is migrated first; a PostgreSQL database that
    is out of date or unreachable ends the command with one line saying what to do."""
    db = database(settings)
    try:
        await prepare_database(db, migrate_now=db.is_sqlite)
    except SchemaOutOfDate as error:
        await db.close()
        fail(str(error))
    except (OSError, SQLAlchemyError) as error:
        await db.close()
        fail(f"Cannot open the database: {unreachable(error)}")
    return db


def unreachable(error: BaseException) -> str:
    """One line about a connection failure, without the URL (it may carry a password)."""
    cause = getattr(error, "orig", None) or error
    first = (str(cause).splitlines() or [""])[0]
    return f"{type(cause).__name__}: {first}" if first else type(cause).__name__
