"""`collab-bot journey`: command-line tools for the journey feature (export replies)."""

from __future__ import annotations

import asyncio
import csv
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

import typer

from adapters.cli.common import ConfigOption, cli_app, fail, open_database, settings_from
from storage import journey as store
from storage.models.journey import JourneyReply

app = cli_app("Learning journey: export the replies members gave to prompts.")
COLUMNS = (
    "quarter",
    "prompt",
    "platform",
    "channel",
    "thread",
    "author",
    "author_name",
    "replied_at_utc",
    "text",
)
# A spreadsheet runs a cell that starts with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    return f"'{value}" if value.startswith(_FORMULA_START) else value


def write_csv(rows: Sequence[JourneyReply], out: TextIO) -> None:
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for r in rows:
        cells = (
            r.quarter,
            r.prompt_id,
            r.platform,
            r.channel_id,
            r.thread_id,
            r.author_key,
            r.author_name,
            r.replied_at.isoformat(timespec="seconds"),
            r.text,
        )
        writer.writerow([safe_cell(c) for c in cells])


@app.command()
def export(
    format: str = typer.Option("csv", "--format", help="Output format (csv)."),
    out: Path | None = typer.Option(None, "--out", help="Write to this file (default stdout)."),
    quarter: str = typer.Option("", "--quarter", help="Only this quarter, e.g. 2026-Q1."),
    config: Path | None = ConfigOption,
) -> None:
    """Export the kept replies to journey prompts (opted-out members' are never kept)."""
    if format.lower() != "csv":
        fail(f"Unknown format {format!r}; use --format csv.")
    rows = asyncio.run(_replies(config, quarter.strip().upper()))
    if out is None:
        write_csv(rows, sys.stdout)
        return
    with out.open("w", encoding="utf-8", newline="") as handle:
        write_csv(rows, handle)
    typer.echo(f"Wrote {len(rows)} repl{'y' if len(rows) == 1 else 'ies'} to {out}.", err=True)


async def _replies(config: Path | None, quarter: str) -> Sequence[JourneyReply]:
    db = await open_database(settings_from(config))
    try:
        async with db.read() as session:
            return await store.replies(session, quarter=quarter or None)
    finally:
        await db.close()
