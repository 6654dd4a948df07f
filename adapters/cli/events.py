"""`collab-bot events`: import and export the calendar as iCalendar (.ics)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import typer

from adapters.cli.common import ConfigOption, cli_app, fail, open_database, settings_from
from bot.clock import SystemClock
from bot.features.events.calendar_io import export_calendar, import_calendar
from bot.features.events.ics import CalendarError
from bot.features.events.settings import EventsSettings

app = cli_app("Events: import and export the calendar (.ics).")


@app.command("import")
def import_(
    file: Path = typer.Argument(..., help="An iCalendar file (.ics)."),
    config: Path | None = ConfigOption,
) -> None:
    """Add (or update, by UID) the events of an .ics file; reminders follow within the hour."""
    settings = settings_from(config)
    try:
        data = file.read_bytes()
    except OSError as error:
        fail(f"Cannot read {file}: {error.strerror}")

    async def run() -> None:
        db = await open_database(settings)
        try:
            result = await import_calendar(
                db, data, default_zone=settings.bot.timezone, now=SystemClock().now()
            )
        finally:
            await db.close()
        typer.echo(
            f"Imported {file.name}: {result.added} added, {result.updated} updated, "
            f"{result.unchanged} unchanged."
        )

    try:
        asyncio.run(run())
    except CalendarError as error:
        fail(f"{file}: {error}")


@app.command()
def export(
    out: Path | None = typer.Option(None, "--out", "-o", help="Write here instead of stdout."),
    config: Path | None = ConfigOption,
) -> None:
    """Write every published event (cancelled ones marked so) as one .ics calendar."""
    settings = settings_from(config)

    async def run() -> bytes:
        db = await open_database(settings)
        try:
            return await export_calendar(
                db,
                settings.section(EventsSettings).reminder_offsets,
                name=settings.bot.collaborative,
            )
        finally:
            await db.close()

    data = asyncio.run(run())
    if out is None:
        typer.echo(data.decode("utf-8"), nl=False)
    else:
        out.write_bytes(data)
        typer.echo(f"Wrote {out}.", err=True)
