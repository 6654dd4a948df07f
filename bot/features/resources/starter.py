"""Starter content of the resources feature, loaded on first start into an empty database.

Two data files ship inside the package (see STARTER_NOTICE.md for where they come from) and
go in through the same import code as `collab-bot resources import`.
"""

from __future__ import annotations

import logging
from importlib import resources as package_files

from bot.deps import Deps
from bot.features.resources.files import read_text
from bot.features.resources.importer import import_parsed
from storage import resources as store

log = logging.getLogger(__name__)
FILES = ("starter_resources.json", "starter_het_resources.json")


async def load(deps: Deps) -> int:
    """Load the starter content if this feature has none yet; returns how many items."""
    async with deps.db.read() as session:
        if await store.count(session):
            return 0
    loaded = 0
    for name in FILES:
        content = package_files.files(__package__).joinpath(name).read_text(encoding="utf-8")
        report = await import_parsed(
            deps.db, read_text(content, "json"), now=deps.clock.now(), added_by="starter"
        )
        if report.invalid:
            log.warning("starter resources skipped: %s", report.invalid)
        loaded += report.added
    return loaded
