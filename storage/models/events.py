"""Tables of the events feature: events (with their recurrence), organizers' previews of them
and members' reminder choices."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Text, UniqueConstraint
from sqlmodel import Column, Field, SQLModel

from storage.types import NEVER_REUSED, utc_column

# No event has been a draft since migration 0029 (previews are EventDraft rows); the name
# stays so code written before then that checks for it still imports and stays correct.
DRAFT = "draft"
SCHEDULED = "scheduled"
CANCELLED = "cancelled"
KINDS = ("webinar", "workshop", "workshop session", "summit", "festival", "office hours", "other")


class Event(SQLModel, table=True):
    """One event or one recurring series; times are UTC, `zone` is the organizer's zone.

    Only published events are rows here (a preview is an EventDraft), so event numbers
    have no gaps left by previews nobody confirmed.
    `revision` grows on every change so reminders queued for an older version are never sent.
    An all-day event keeps local midnights in `zone` (the end is the day after its last day).
    `overrides` holds single sessions of a series that were skipped or moved, as JSON
    ``{"<original start, UTC ISO>": null | "<new start, UTC ISO>"}`` (see sessions.py).
    """

    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_status_start", "status", "starts_at"),
        NEVER_REUSED,
    )

    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(max_length=255, unique=True)
    title: str = Field(max_length=200)
    kind: str = Field(default="other", max_length=20)
    description: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    # The organizer's Spanish title and description (empty: members read the English ones).
    title_es: str = Field(default="", max_length=200)
    description_es: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    starts_at: datetime = Field(sa_column=utc_column(nullable=False))
    ends_at: datetime = Field(sa_column=utc_column(nullable=False))
    zone: str = Field(default="America/Chicago", max_length=64)
    all_day: bool = Field(default=False)
    location: str = Field(default="", max_length=500)
    join_url: str = Field(default="", max_length=500)
    registration_url: str = Field(default="", max_length=500)
    series: str = Field(default="", max_length=200)
    rrule: str = Field(default="", max_length=500)
    overrides: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    reminder_offsets: str = Field(default="", max_length=200)
    status: str = Field(default=SCHEDULED, max_length=12)
    revision: int = Field(default=1)
    created_by: str = Field(default="", max_length=100)
    created_at: datetime = Field(sa_column=utc_column(nullable=False))
    updated_at: datetime = Field(sa_column=utc_column(nullable=False))


class EventDraft(SQLModel, table=True):
    """An organizer's preview of a new event, or of an edit of event `draft_of`, kept until
    Confirm (or Cancel, or a day passes).

    `fields` is the would-be event as the Event's own JSON: a column added to events needs
    no twin here, and the preview shows exactly what Confirm will save.
    """

    __tablename__ = "event_drafts"
    __table_args__ = (NEVER_REUSED,)

    id: int | None = Field(default=None, primary_key=True)
    draft_of: int | None = Field(default=None, index=True)
    fields: str = Field(sa_column=Column(Text, nullable=False))
    created_by: str = Field(default="", max_length=100)
    updated_at: datetime = Field(sa_column=utc_column(nullable=False))


class ReminderSubscription(SQLModel, table=True):
    """A member asked to be reminded of an event (every occurrence, for a series)."""

    __tablename__ = "event_reminders"
    __table_args__ = (
        UniqueConstraint("event_id", "platform", "user_id", name="uq_event_reminders_member"),
        NEVER_REUSED,
    )

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="events.id", index=True)
    platform: str = Field(max_length=16)
    user_id: str = Field(max_length=64)
    offsets: str = Field(default="", max_length=200)
    generation: int = Field(default=1)
    created_at: datetime = Field(sa_column=utc_column(nullable=False))
