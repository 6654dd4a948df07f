"""`collab-bot db`: apply, check and write migrations."""

from __future__ import annotations

import asyncio
from pathlib import Path

import typer

from adapters.cli.common import ConfigOption, database, settings_from
from storage import migrate

app = typer.Typer(help="Database schema: upgrade, check, new revision.", no_args_is_help=True)


@app.command()
def upgrade(config: Path | None = ConfigOption) -> None:
    """Apply every migration that has not been applied yet."""

    async def run() -> None:
        db = database(settings_from(config))
        try:
            await migrate.upgrade(db)
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
            await migrate.upgrade(db)
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
            await migrate.revision(db, message, rev_id)
        finally:
            await db.close()

    asyncio.run(run())
