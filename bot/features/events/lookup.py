"""Finding the event an organizer's command or button names."""

from __future__ import annotations

from bot.deps import Deps
from bot.errors import BadInput, NotFound
from storage import events as store
from storage.models.events import SCHEDULED, Event


def event_number(text: str) -> int:
    cleaned = text.strip().lstrip("#")
    if not (cleaned.isascii() and cleaned.isdigit()) or len(cleaned) > 9:
        raise BadInput("Give the event number shown under it, e.g. /events edit 12")
    return int(cleaned)


async def published_event(deps: Deps, event_id: int) -> Event:
    async with deps.db.read() as session:
        event = await store.get(session, event_id)
    if event is None or event.status != SCHEDULED:
        raise NotFound(f"There is no upcoming event #{event_id}. /events lists them.")
    return event
