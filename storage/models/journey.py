"""Tables of the journey feature: prompts posted, replies kept from their threads, skips."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Text, UniqueConstraint
from sqlmodel import Column, Field, SQLModel

from storage.types import utc_column


class JourneyReply(SQLModel, table=True):
    """One reply in a journey prompt's thread, kept unless its author opted out."""

    __tablename__ = "journey_replies"
    __table_args__ = (
        UniqueConstraint("platform", "message_id", name="uq_journey_replies_message"),
    )

    id: int | None = Field(default=None, primary_key=True)
    quarter: str = Field(max_length=10, index=True)
    prompt_id: str = Field(max_length=24)
    platform: str = Field(max_length=16)
    channel_id: str = Field(max_length=64)
    thread_id: str = Field(max_length=100)
    message_id: str = Field(max_length=100)
    author_key: str = Field(max_length=100, index=True)
    author_name: str = Field(default="", max_length=200)
    text: str = Field(sa_column=Column(Text, nullable=False))
    replied_at: datetime = Field(sa_column=utc_column(nullable=False))


class JourneySkip(SQLModel, table=True):
    """A prompt an organizer skipped: the scheduler must not queue it again."""

    __tablename__ = "journey_skips"
    __table_args__ = (UniqueConstraint("quarter", "prompt_id", name="uq_journey_skips_prompt"),)

    id: int | None = Field(default=None, primary_key=True)
    quarter: str = Field(max_length=10)
    prompt_id: str = Field(max_length=24)
    skipped_by: str = Field(max_length=100)
    skipped_at: datetime = Field(sa_column=utc_column(nullable=False))


class JourneyPost(SQLModel, table=True):
    """A prompt that went out, kept after housekeeping forgets its delivery row: it maps a
    thread to its prompt and stops the prompt from ever being queued there again."""

    __tablename__ = "journey_posts"
    __table_args__ = (Index("ix_journey_posts_thread", "platform", "external_id"),)

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=200, unique=True)
    quarter: str = Field(max_length=10)
    prompt_id: str = Field(max_length=24)
    platform: str = Field(max_length=16)
    channel_id: str = Field(max_length=64)
    external_id: str | None = Field(default=None, max_length=100)
    posted_at: datetime = Field(sa_column=utc_column(nullable=False))
