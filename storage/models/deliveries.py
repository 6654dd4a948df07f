"""The delivery queue: every post the bot makes on its own is a row here first.

Reminders, announcements, journey prompts, close-the-loop notices and digests are all
deliveries with a due time, a unique `key` (so nothing is queued twice) and a lease
(`claimed_by`, `claim_expires_at`, `attempts`) so that many processes can share the work
and a crashed one loses nothing. `claim_token` fences a claim: only the holder of the
current token may renew it or record the outcome. `attempt_at` is set while a post may be
under way and cleared once its outcome is known, so a row taken over after a crash is
checked against the platform before it is posted again.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Text
from sqlmodel import Column, Field, SQLModel

from storage.types import utc_column

PENDING = "pending"
CLAIMED = "claimed"
SENT = "sent"
FAILED = "failed"
SKIPPED = "skipped"
CANCELLED = "cancelled"
STATUSES = (PENDING, CLAIMED, SENT, FAILED, SKIPPED, CANCELLED)


class Delivery(SQLModel, table=True):
    __tablename__ = "deliveries"
    __table_args__ = (Index("ix_deliveries_status_due", "status", "due_at"),)

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=200, unique=True)
    kind: str = Field(max_length=40, index=True)
    ref: str = Field(default="", max_length=200, index=True)
    payload: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    platform: str = Field(max_length=16)
    target_type: str = Field(max_length=8)
    target_id: str = Field(max_length=64)
    thread_id: str | None = Field(default=None, max_length=64)
    due_at: datetime = Field(sa_column=utc_column(nullable=False))
    expires_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    status: str = Field(default=PENDING, max_length=12)
    claimed_by: str | None = Field(default=None, max_length=100)
    claim_expires_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    claim_token: str | None = Field(default=None, max_length=32)
    attempt_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    attempts: int = Field(default=0)
    late: bool = Field(default=False)
    last_error: str | None = Field(default=None, max_length=500)
    external_id: str | None = Field(default=None, max_length=100)
    sent_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    created_at: datetime = Field(sa_column=utc_column(nullable=False))
