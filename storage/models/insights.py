"""Tables of organizer insights: counts only, never who did what.

A search is kept as its normalized words and the week it happened in; `member_bits` is a
64-bit sketch (one bit per member, chosen by a salted hash) that tells whether at least a
few different members searched the words without storing who they were. Monthly activity
is one count per month and platform; `MemberActivity` holds only the month a member last
used the bot, so they are counted once a month, and /privacy deletes it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.types import utc_column


class SearchCount(SQLModel, table=True):
    __tablename__ = "insight_searches"
    __table_args__ = (UniqueConstraint("week", "words", name="uq_insight_searches_week_words"),)

    id: int | None = Field(default=None, primary_key=True)
    week: str = Field(max_length=10, index=True)
    words: str = Field(max_length=200)
    searches: int = Field(default=0)
    empty: int = Field(default=0)
    member_bits: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))


class MonthlyMembers(SQLModel, table=True):
    __tablename__ = "insight_monthly_members"
    __table_args__ = (
        UniqueConstraint("month", "platform", name="uq_insight_monthly_members_month_platform"),
    )

    id: int | None = Field(default=None, primary_key=True)
    month: str = Field(max_length=7)
    platform: str = Field(max_length=16)
    members: int = Field(default=0)


class MemberActivity(SQLModel, table=True):
    __tablename__ = "member_activity"
    __table_args__ = (UniqueConstraint("platform", "user_id", name="uq_member_activity_member"),)

    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=16)
    user_id: str = Field(max_length=64)
    last_month: str = Field(max_length=7)
    first_seen_at: datetime = Field(sa_column=utc_column(nullable=False))


class InsightSalt(SQLModel, table=True):
    """One random value per deployment for the search sketch's hash."""

    __tablename__ = "insight_salt"

    id: int | None = Field(default=None, primary_key=True)
    salt: str = Field(max_length=64)
