"""Queries for the Slack adapter: remember event ids, forget them after a day."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.dialect import insert
from storage.models.slack import SlackEvent

# Slack retries a delivery for about an hour at most; a day is plenty.
KEEP = timedelta(days=1)


async def first_sighting(session: AsyncSession, event_id: str, *, now: datetime) -> bool:
    """Record `event_id`; True only for the first caller, in any process."""
    await session.execute(delete(SlackEvent).where(col(SlackEvent.seen_at) < now - KEEP))
    statement = (
        insert(session)(SlackEvent)
        .values(event_id=event_id[:64], seen_at=now)
        .on_conflict_do_nothing(index_elements=["event_id"])
        .returning(col(SlackEvent.event_id))
    )
    result = await session.execute(statement)
    return result.first() is not None
