"""Who answered what for one session of an event (TEMPORARY STUB until room rsvp's module).

Stub: today's reminder subscribers count as Going, nobody as anything else. The lead
replaces this file with the real one at merge; callers use only these names.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from storage import events
from storage.identity import Account

GOING, MAYBE, CANT, RECORDING = "going", "maybe", "cant", "recording"


async def people_answering(
    session: AsyncSession, event_id: int, starts_at: datetime, answers: Collection[str]
) -> list[Account]:
    """One account per person whose answer for the session starting at `starts_at` is in
    `answers` (stub: reminder subscribers are Going)."""
    if GOING not in answers:
        return []
    subs = await events.subscriptions(session, event_id)
    return [Account(sub.platform, sub.user_id) for sub in subs]
