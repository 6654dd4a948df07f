"""Calendar files to and from the database: used by the CLI and the HTTP feed.

Imports match events by UID, so importing the same file twice changes nothing and an
exported calendar imported back updates our own events in place. Reminders for imported
events are queued by the bot's hourly planning job (plan.HORIZON ahead).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.features.events import ics, plan
from storage import events as store
from storage.engine import Database
from storage.models.events import Event


@dataclass(frozen=True)
class ImportResult:
    added: int
    updated: int
    unchanged: int


def _same(event: Event, item: ics.Imported) -> bool:
    copy = item.apply(Event(**event.model_dump()))
    return copy.model_dump() == event.model_dump()


async def import_calendar(
    db: Database, data: bytes, *, default_zone: str, now: datetime, actor: str = "import"
) -> ImportResult:
    items = ics.parse(data, default_zone)
    added = updated = unchanged = 0
    async with db.session() as session:
        for item in items:
            event = await store.by_uid(session, item.uid)
            if event is None:
                new = Event(
                    uid=item.uid,
                    created_by=actor,
                    created_at=now,
                    updated_at=now,
                    title="",
                    starts_at=now,
                    ends_at=now,
                )
                await store.add(session, item.apply(new))
                added += 1
            elif _same(event, item):
                unchanged += 1
            else:
                item.apply(event)
                event.revision += 1
                event.updated_at = now
                session.add(event)
                assert event.id is not None
                await plan.withdraw(session, event.id)
                updated += 1
    return ImportResult(added, updated, unchanged)


async def export_calendar(
    db: Database,
    default_offsets: list[str],
    *,
    name: str,
    event_id: int | None = None,
    join_links: bool = True,
) -> bytes:
    """The calendar; `join_links=False` leaves join links out (the public feed, see feed.py)."""
    async with db.read() as session:
        if event_id is None:
            events = list(await store.published(session))
        else:
            one = await store.get(session, event_id)
            events = [one] if one is not None else []
    if not join_links:
        events = [Event(**{**event.model_dump(), "join_url": ""}) for event in events]
    return ics.export(events, default_offsets, name)
