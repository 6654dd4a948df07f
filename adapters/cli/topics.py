"""`collab-bot topics`: command-line tools for the topics feature."""

from __future__ import annotations

import typer

app = typer.Typer(help="topics tools.", no_args_is_help=True)
