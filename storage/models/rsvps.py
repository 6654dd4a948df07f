"""Tables of members' answers to events (Going, Maybe, Can't make it) and personal feeds."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.types import utc_column

SERIES = ""  # `session` of an answer for the whole event (every session of a series)


class Rsvp(SQLModel, table=True):
    """One person's answer to an event, under their home account (linked accounts answer once).

    `session` is "" for the event as a whole (every session of a series), else the UTC stamp
    (``20260120T1900Z``) of the one session it is about; a session's own answer wins over the
    series answer. `answered_on` is the platform the answer was given from, `source` whether a
    button or Discord's Interested made it (removing the interest removes only the latter).
    """

    __tablename__ = "event_rsvps"
    __table_args__ = (
        UniqueConstraint("event_id", "platform", "user_id", "session", name="uq_event_rsvps"),
        Index("ix_event_rsvps_person", "platform", "user_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="events.id", index=True)
    platform: str = Field(max_length=16)
    user_id: str = Field(max_length=64)
    session: str = Field(default=SERIES, max_length=16)
    answer: str = Field(max_length=12)
    answered_on: str = Field(default="", max_length=16)
    display_name: str = Field(default="", max_length=100)
    source: str = Field(default="button", max_length=12)
    updated_at: datetime = Field(sa_column=utc_column(nullable=False))


class FeedToken(SQLModel, table=True):
    """A person's personal calendar feed token (reset makes the old link stop working)."""

    __tablename__ = "event_feed_tokens"
    __table_args__ = (UniqueConstraint("platform", "user_id", name="uq_event_feed_tokens_person"),)

    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=16)
    user_id: str = Field(max_length=64)
    token: str = Field(max_length=64, unique=True)
    created_at: datetime = Field(sa_column=utc_column(nullable=False))
