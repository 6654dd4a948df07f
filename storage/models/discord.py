"""Tables of the Discord adapter: which Guild Scheduled Event mirrors which of our events."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.types import utc_column


class DiscordScheduledEvent(SQLModel, table=True):
    """One of our events (by `event_ref`) as a Scheduled Event in one guild."""

    __tablename__ = "discord_scheduled_events"
    __table_args__ = (UniqueConstraint("event_ref", "guild_id"),)

    id: int | None = Field(default=None, primary_key=True)
    event_ref: str = Field(max_length=100, index=True)
    guild_id: str = Field(max_length=32)
    discord_event_id: str = Field(max_length=32)
    fingerprint: str = Field(max_length=64)
    starts_at: datetime = Field(sa_column=utc_column(nullable=False))
    updated_at: datetime = Field(sa_column=utc_column(nullable=False))
