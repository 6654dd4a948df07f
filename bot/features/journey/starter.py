"""Starter content of the journey feature: the themes ship as a file, not as rows.

The starter set (starter.toml) is read whenever [journey] content_file is empty, so
there is nothing to copy into the database and a restart can never load it twice.
"""

from __future__ import annotations

from bot.deps import Deps


async def load(deps: Deps) -> int:
    """Nothing to load into the database; returns 0 (see the module docstring)."""
    return 0
