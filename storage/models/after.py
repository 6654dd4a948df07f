"""Tables of what happens after a session: members' feedback and the session's recording.

Feedback is kept under the member's person key only so that one member answers once and
/privacy can list and delete it; organizers see counts and unsigned words, never the key.
Forgetting a member clears the key and their words: the rating stays as an anonymous count.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Index, Integer, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.models.resources import MAX_URL
from storage.types import NEVER_REUSED, utc_column


class SessionFeedback(SQLModel, table=True):
    """One member's answer to "How was <title>?" for one session (start, UTC)."""

    __tablename__ = "event_feedback"
    __table_args__ = (
        UniqueConstraint("event_id", "session_start", "member_key", name="uq_event_feedback"),
        Index("ix_event_feedback_member", "member_key"),
        NEVER_REUSED,
    )

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(
        sa_column=Column(Integer, ForeignKey("events.id", ondelete="CASCADE"), nullable=False)
    )
    session_start: datetime = Field(sa_column=utc_column(nullable=False))
    # None once the member was forgotten: the rating is then an anonymous count.
    member_key: str | None = Field(default=None, max_length=90)
    rating: int = Field(default=0)
    next_topic: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    # The topic suggestion an organizer made of `next_topic`, so it is made once.
    suggestion_id: int | None = Field(default=None)
    answered_at: datetime = Field(sa_column=utc_column(nullable=False))


class SessionRecording(SQLModel, table=True):
    """The recording of one session: its library item and the link as last given."""

    __tablename__ = "event_recordings"
    __table_args__ = (
        UniqueConstraint("event_id", "session_start", name="uq_event_recordings_session"),
        NEVER_REUSED,
    )

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(
        sa_column=Column(Integer, ForeignKey("events.id", ondelete="CASCADE"), nullable=False)
    )
    session_start: datetime = Field(sa_column=utc_column(nullable=False))
    url: str = Field(max_length=MAX_URL)
    resource_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("resources.id", ondelete="SET NULL"), nullable=True),
    )
    added_by: str = Field(default="", max_length=100)
    added_at: datetime = Field(sa_column=utc_column(nullable=False))
    updated_at: datetime = Field(sa_column=utc_column(nullable=False))
