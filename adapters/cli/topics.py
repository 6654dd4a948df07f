"""`collab-bot topics`: command-line tools for the topics feature."""

from __future__ import annotations

import asyncio
from pathlib import Path

import typer

from adapters.cli.common import ConfigOption, cli_app, fail, open_database, settings_from
from bot.features.topics.export import to_csv
from storage import topics as store

app = cli_app("Topic suggestions: export for planning meetings.")


@app.command()
def export(
    format: str = typer.Option("csv", "--format", "-f", help="Output format (csv)."),
    out: Path | None = typer.Option(None, "--out", "-o", help="Write to this file, not stdout."),
    config: Path | None = ConfigOption,
) -> None:
    """Every suggestion with its votes, status and decision, oldest first."""
    if format != "csv":
        fail(f"Unknown format {format!r}; the only one is csv.")

    async def run() -> tuple[str, int]:
        db = await open_database(settings_from(config))
        try:
            async with db.read() as session:
                rows = await store.everything(session)
        finally:
            await db.close()
        return to_csv(rows), len(rows)

    text, count = asyncio.run(run())
    if out is None:
        typer.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
        typer.echo(f"Wrote {count} suggestions to {out}.", err=True)
