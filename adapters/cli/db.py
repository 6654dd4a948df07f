"""`collab-bot db`: apply, check and write migrations."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from pathlib import Path
from typing import TypeVar

import typer
from sqlalchemy.exc import SQLAlchemyError

from adapters.cli.common import ConfigOption, cli_app, database, fail, settings_from, unreachable
from storage import migrate

T = TypeVar("T")

app = cli_app("Database schema: upgrade, check, new revision.")


@app.command()
def upgrade(config: Path | None = ConfigOption) -> None:
    """Apply every migration that has not been applied yet."""

    async def run() -> None:
        db = database(settings_from(config))
        try:
            await _reachable(migrate.upgrade(db))
            typer.echo(f"Database is at {', '.join(await migrate.current(db))}.")
        finally:
            await db.close()

    asyncio.run(run())


@app.command()
def check(config: Path | None = ConfigOption) -> None:
    """Fail if the models and the migrations have drifted apart."""

    async def run() -> None:
        db = database(settings_from(config))
        try:
            await _reachable(migrate.upgrade(db))
            await migrate.check(db)
            typer.echo("Models and migrations agree.")
        finally:
            await db.close()

    asyncio.run(run())


@app.command()
def revision(
    message: str = typer.Argument(..., help="What the migration does."),
    rev_id: str = typer.Option(..., "--rev-id", help="The new revision id, e.g. 0003."),
    config: Path | None = ConfigOption,
) -> None:
    """(Developers) write a migration from the models' difference to the schema."""

    async def run() -> None:
        db = database(settings_from(config))
        try:
            if not await _reachable(migrate.revision(db, message, rev_id)):
                fail("Models and migrations agree: there is nothing to write.", code=1)
        finally:
            await db.close()

    asyncio.run(run())


async def _reachable(step: Awaitable[T]) -> T:
    try:
        return await step
    except (OSError, SQLAlchemyError) as error:
        fail(f"Cannot open the database: {unreachable(error)}")
