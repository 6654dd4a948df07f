"""Slack event ids already handled, so a redelivered event is heard once across processes."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from storage.types import utc_column


class SlackEvent(SQLModel, table=True):
    __tablename__ = "slack_events"

    event_id: str = Field(primary_key=True, max_length=64)
    seen_at: datetime = Field(sa_column=utc_column(nullable=False, index=True))
