"""The calendar, as the Discord scheduled-event mirror wants it."""

from __future__ import annotations

from adapters.discord.scheduled_events import MirroredEvent
from bot.deps import Deps
from bot.features.events.api import upcoming_details
from storage import refs


async def upcoming_events(deps: Deps) -> list[MirroredEvent]:
    return [
        MirroredEvent(
            ref=refs.event_mirrored(e.id),
            title=e.title,
            description=e.description,
            start=e.starts_at,
            end=e.ends_at,
            location=e.location,
        )
        for e in await upcoming_details(deps)
    ]
