"""What every CLI command shares: loading config, logging to stderr, opening storage."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import NoReturn

import typer

from adapters import logs
from bot.config import ConfigError, Secrets, Settings, load_settings
from storage.engine import Database

ConfigOption = typer.Option(
    None, "--config", "-c", help="Path to config.toml (default ./config.toml)."
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
