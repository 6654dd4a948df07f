"""`collab-bot journey`: command-line tools for the journey feature."""

from __future__ import annotations

import typer

app = typer.Typer(help="journey tools.", no_args_is_help=True)
