"""`collab-bot resources`: import and export the resource library."""

from __future__ import annotations

import asyncio
import sys
from contextlib import aclosing
from pathlib import Path
from typing import TextIO

import typer
from rich.console import Console
from rich.progress import Progress

from adapters.cli.common import ConfigOption, cli_app, fail, open_database, settings_from
from bot.clock import SystemClock
from bot.features.resources.files import FileError, write_csv, write_json
from bot.features.resources.importer import ImportReport, export_rows, import_items
from bot.features.resources.stream import Source, items, open_source
from storage.engine import Database

app = cli_app("Resource library: import and export.")


@app.command("import")
def import_file(
    file: Path = typer.Argument(..., help="A .csv, .json (list of objects) or .jsonl file."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Check and count; write nothing."),
    config: Path | None = ConfigOption,
) -> None:
    """Add or update resources from FILE (keyed by normalized URL; re-importing is safe).

    CSV columns: title, url, description, type, topics, authors, organization, published,
    audience (topics, authors and audience separated by ";"). Any encoding Excel saves is
    read. Exits 1 when some rows were invalid (the valid ones are still imported).
    """
    try:
        source = open_source(file)
    except OSError as error:
        fail(f"Cannot read {file}: {error.strerror}")
    try:
        report = asyncio.run(_import(source, config, dry_run))
    except (FileError, UnicodeDecodeError) as error:
        fail(f"Cannot read {file}: {error}")
    typer.echo(report.summary())
    if report.invalid:
        raise typer.Exit(1)


async def _import(source: Source, config: Path | None, dry_run: bool) -> ImportReport:
    db = await _open(config)
    report = ImportReport(dry_run=dry_run, note=source.note)
    console = Console(stderr=True)
    try:
        with Progress(console=console, transient=True, disable=not console.is_terminal) as bar:
            task = bar.add_task(f"Importing {source.path.name}", total=source.size or 1)
            await import_items(
                db,
                items(source),
                report,
                now=SystemClock().now(),
                after_batch=lambda: bar.update(task, completed=source.done),
            )
    finally:
        await db.close()
    report.unknown_columns = source.unknown_columns
    return report


async def _open(config: Path | None) -> Database:
    return await open_database(settings_from(config))


@app.command("export")
def export_file(
    fmt: str = typer.Option("csv", "--format", "-f", help="csv or json."),
    out: Path | None = typer.Option(None, "--out", "-o", help="Write here instead of stdout."),
    config: Path | None = ConfigOption,
) -> None:
    """Write the whole library out in the import format (a round trip gives it back equal)."""
    if fmt not in ("csv", "json"):
        fail("--format must be csv or json.")

    async def run(stream: TextIO) -> None:
        db = await _open(config)
        try:
            writer = write_csv if fmt == "csv" else write_json
            # Closed here, not at loop shutdown: a reader that goes away (`| head`) must
            # end the command quietly, not in an asyncio traceback.
            async with aclosing(export_rows(db)) as rows:
                await writer(rows, stream)
        finally:
            await db.close()

    if out is None:
        asyncio.run(run(sys.stdout))
        return
    with out.open("w", encoding="utf-8", newline="") as stream:
        asyncio.run(run(stream))
    typer.echo(f"Wrote {out}.", err=True)
