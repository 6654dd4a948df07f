"""Housekeeping: forget old finished deliveries and merges' undo data, one process at a time."""

from __future__ import annotations

import logging
from datetime import timedelta

from bot.deps import Deps
from bot.durations import parse_duration
from bot.features.topics.api import UNDO_SECONDS_MAX
from bot.router import Router
from storage import housekeeping
from storage.topics import merges

log = logging.getLogger(__name__)
router = Router("housekeeping")


@router.every("housekeeping", seconds=3600)
async def tidy(deps: Deps) -> int | None:
    """Returns how many rows went, or None when another process is doing it."""
    now = deps.clock.now()
    before = now - parse_duration(deps.settings.scheduler.retention)
    # Against the longest window any setting allows, so a raised undo_seconds never finds
    # a merge still undoable with its moves forgotten.
    undoable = now - timedelta(seconds=UNDO_SECONDS_MAX)
    async with deps.db.session() as session:
        if not await housekeeping.try_lock(session):
            return None
        purged = await housekeeping.purge_finished_deliveries(session, before=before)
        moves = await merges.forget_old(session, before=undoable)
    if purged:
        log.info("housekeeping: forgot %d finished deliveries older than %s", purged, before)
    if moves:
        log.info("housekeeping: forgot %d votes and follows kept for undoing merges", moves)
    return purged + moves
