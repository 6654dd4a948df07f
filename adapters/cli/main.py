"""The `collab-bot` entry point."""

from __future__ import annotations

import typer

from adapters.cli import db, discord, events, journey, resources, slack, topics
from adapters.cli.common import cli_app
from adapters.cli.console import console
from adapters.cli.doctor import doctor
from adapters.cli.run import run
from bot import __version__

app = cli_app(
    "collab-bot: a Slack and Discord bot for a health-equity collaborative.",
    add_completion=False,
)
app.command()(console)
app.command()(run)
app.command()(doctor)
for name, group in (
    ("db", db),
    ("resources", resources),
    ("events", events),
    ("topics", topics),
    ("journey", journey),
    ("slack", slack),
    ("discord", discord),
):
    app.add_typer(group.app, name=name)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"collab-bot {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """collab-bot: resources, events, topics and the learning journey, on Slack and Discord."""


def main() -> None:
    app()


if __name__ == "__main__":
    main()
