"""The hourly job that keeps reminders queued ahead (see plan.HORIZON); safe to run often."""

from __future__ import annotations

from bot.deps import Deps
from bot.features.events import plan
from bot.features.events.router import router
from storage import events as store


@router.every("events.plan", seconds=3600)
async def plan_ahead(deps: Deps) -> None:
    async with deps.db.session() as session:
        for event in await store.live(session, ends_after=deps.clock.now()):
            await plan.plan_event(session, event, deps)
