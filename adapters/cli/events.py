"""`collab-bot events`: command-line tools for the events feature."""

from __future__ import annotations

import typer

app = typer.Typer(help="events tools.", no_args_is_help=True)
