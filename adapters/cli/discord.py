"""`collab-bot discord`: command-line tools for the discord feature."""

from __future__ import annotations

import typer

app = typer.Typer(help="discord tools.", no_args_is_help=True)
