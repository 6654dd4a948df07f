"""Tables of organizer insights: counts only, never who did what.

A search is kept as its normalized words and the week it happened in, one row per person who
searched them: `who` is an HMAC of (words, person) under a key from the environment
(COLLAB_BOT_INSIGHTS_KEY), so people can be counted exactly and /privacy can find and delete a
person's rows, while the database alone cannot tie a row to anyone, nor one row to another
of the same person. Searches counted without a key keep no words (`words` and `who` empty).
Monthly activity
is one count per month and platform; `MemberActivity` holds only the month a member last
used the bot, so they are counted once a month, and /privacy deletes it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.types import utc_column

WHO_LENGTH = 32  # hex digits of the keyed hash: 128 bits


class SearchCount(SQLModel, table=True):
    __tablename__ = "insight_searches"
    __table_args__ = (
        UniqueConstraint("week", "words", "who", name="uq_insight_searches_week_words_who"),
    )

    id: int | None = Field(default=None, primary_key=True)
    week: str = Field(max_length=10, index=True)
    words: str = Field(max_length=200)
    who: str = Field(default="", max_length=WHO_LENGTH)
    searches: int = Field(default=0)
    empty: int = Field(default=0)


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
