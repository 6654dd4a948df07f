"""Queries on the Discord scheduled-event mirror table."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.models.discord import DiscordScheduledEvent


async def mirrored(
    session: AsyncSession, event_ref: str, guild_id: str
) -> DiscordScheduledEvent | None:
    result = await session.execute(
        select(DiscordScheduledEvent).where(
            col(DiscordScheduledEvent.event_ref) == event_ref,
            col(DiscordScheduledEvent.guild_id) == guild_id,
        )
    )
    return result.scalar_one_or_none()


async def by_discord_id(
    session: AsyncSession, guild_id: str, discord_event_id: str
) -> DiscordScheduledEvent | None:
    """Which of our events a Discord scheduled event mirrors (None: not one of ours)."""
    result = await session.execute(
        select(DiscordScheduledEvent).where(
            col(DiscordScheduledEvent.guild_id) == guild_id,
            col(DiscordScheduledEvent.discord_event_id) == discord_event_id,
        )
    )
    return result.scalars().first()


async def all_mirrored(session: AsyncSession) -> Sequence[DiscordScheduledEvent]:
    result = await session.execute(
        select(DiscordScheduledEvent).order_by(col(DiscordScheduledEvent.id))
    )
    return result.scalars().all()


async def remember(
    session: AsyncSession,
    *,
    event_ref: str,
    guild_id: str,
    discord_event_id: str,
    fingerprint: str,
    starts_at: datetime,
    now: datetime,
) -> None:
    row = await mirrored(session, event_ref, guild_id)
    if row is None:
        row = DiscordScheduledEvent(
            event_ref=event_ref,
            guild_id=guild_id,
            discord_event_id=discord_event_id,
            fingerprint=fingerprint,
            starts_at=starts_at,
            updated_at=now,
        )
    else:
        row.discord_event_id = discord_event_id
        row.fingerprint = fingerprint
        row.starts_at = starts_at
        row.updated_at = now
    session.add(row)


async def forget(session: AsyncSession, event_ref: str, guild_id: str) -> None:
    await session.execute(
        delete(DiscordScheduledEvent).where(
            col(DiscordScheduledEvent.event_ref) == event_ref,
            col(DiscordScheduledEvent.guild_id) == guild_id,
        )
    )


async def forget_before(session: AsyncSession, cutoff: datetime) -> None:
    """Drop the mapping of events that started before `cutoff`: nothing left to change."""
    await session.execute(
        delete(DiscordScheduledEvent).where(col(DiscordScheduledEvent.starts_at) < cutoff)
    )
