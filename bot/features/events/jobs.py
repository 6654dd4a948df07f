"""Keeping reminders queued ahead (see plan.HORIZON) and clearing old previews.

The job runs hourly, once at start-up (so events imported from the command line get their
reminders at once), and at every step of a fake clock; it is idempotent.
"""

from __future__ import annotations

from datetime import timedelta

from bot.deps import Deps
from bot.features.events import plan
from bot.features.events.router import router
from storage import events as store

DRAFTS_KEPT = timedelta(days=1)


@router.every("events.plan", seconds=3600)
async def plan_ahead(deps: Deps) -> None:
    now = deps.clock.now()
    async with deps.db.session() as session:
        for event in await store.live(session, ends_after=now):
            await plan.plan_event(session, event, deps)
        await store.delete_stale_drafts(session, older_than=now - DRAFTS_KEPT)


@router.on_start
async def plan_on_start(deps: Deps) -> None:
    await plan_ahead(deps)
