"""`collab-bot resources`: import and export the resource library."""

from __future__ import annotations

import asyncio
import sys
from contextlib import aclosing
from pathlib import Path
from typing import TextIO

import typer
from rich.progress import Progress

from adapters.cli.common import ConfigOption, cli_app, fail, open_database, settings_from
from bot.clock import SystemClock
from bot.features.resources.files import FileError, Parsed, read_path, write_csv, write_json
from bot.features.resources.importer import ImportReport, export_rows, import_parsed
from storage.engine import Database

app = cli_app("Resource library: import and export.")
PROGRESS_FROM = 2000  # rows; smaller files finish before a bar would be worth drawing


@app.command("import")
def import_file(
    file: Path = typer.Argument(..., help="A .csv, .json (list of objects) or .jsonl file."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Check and count; write nothing."),
    config: Path | None = ConfigOption,
) -> None:
    """Add or update resources from FILE (keyed by normalized URL; re-importing is safe).

    Exits 1 when some rows were invalid (the valid ones are still imported).
    """
    try:
        parsed = read_path(file)
    except (OSError, FileError) as error:
        fail(f"Cannot read {file}: {error}")
    report = asyncio.run(_import(parsed, config, dry_run))
    typer.echo(report.summary())
    if report.invalid:
        raise typer.Exit(1)


async def _import(parsed: Parsed, config: Path | None, dry_run: bool) -> ImportReport:
    db = await _open(config)
    try:
        with Progress(transient=True, disable=len(parsed.rows) < PROGRESS_FROM) as progress:
            task = progress.add_task("Importing", total=len(parsed.rows))

            def advance(done: int, _total: int) -> None:
                progress.update(task, completed=done)

            return await import_parsed(
                db, parsed, now=SystemClock().now(), dry_run=dry_run, progress=advance
            )
    finally:
        await db.close()


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
