"""What every CLI command shares: loading config, logging to stderr, opening storage."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import NoReturn

import typer

from bot.config import ConfigError, Settings, load_settings
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
    logging.basicConfig(
        level=level,
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # Third-party debug logs can echo request headers; keep them at INFO or above.
    for noisy in ("aiosqlite", "asyncio", "discord.http", "slack_sdk", "slack_bolt"):
        logging.getLogger(noisy).setLevel(max(level, logging.INFO))


def database(settings: Settings) -> Database:
    return Database(settings.database.resolved_url(os.environ), echo=settings.database.echo)
