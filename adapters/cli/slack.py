"""`collab-bot slack`: command-line tools for the slack feature."""

from __future__ import annotations

import typer

app = typer.Typer(help="slack tools.", no_args_is_help=True)
