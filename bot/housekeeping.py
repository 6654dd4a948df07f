"""Housekeeping: forget old finished deliveries, on one process at a time."""

from __future__ import annotations

import logging

from bot.deps import Deps
from bot.durations import parse_duration
from bot.router import Router
from storage import housekeeping

log = logging.getLogger(__name__)
router = Router("housekeeping")


@router.every("housekeeping", seconds=3600)
async def tidy(deps: Deps) -> int | None:
    """Returns how many rows went, or None when another process is doing it."""
    before = deps.clock.now() - parse_duration(deps.settings.scheduler.retention)
    async with deps.db.session() as session:
        if not await housekeeping.try_lock(session):
            return None
        purged = await housekeeping.purge_finished_deliveries(session, before=before)
    if purged:
        log.info("housekeeping: forgot %d finished deliveries older than %s", purged, before)
    return purged
