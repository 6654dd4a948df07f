"""`collab-bot resources`: command-line tools for the resources feature."""

from __future__ import annotations

import typer

app = typer.Typer(help="resources tools.", no_args_is_help=True)
