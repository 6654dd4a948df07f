"""A member as the bot knows them: one row per person per platform."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.types import utc_column

ZONE_CHOSEN = "chosen"  # the member set it with /timezone: never overwritten
ZONE_PROFILE = "profile"  # read from their platform profile (Slack users.info)


class Member(SQLModel, table=True):
    __tablename__ = "members"
    __table_args__ = (UniqueConstraint("platform", "user_id", name="uq_members_platform_user"),)

    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=16)
    user_id: str = Field(max_length=64)
    display_name: str = Field(default="", max_length=200)
    timezone: str | None = Field(default=None, max_length=64)
    # Where `timezone` came from (ZONE_CHOSEN / ZONE_PROFILE) and when the profile was read.
    timezone_source: str | None = Field(default=None, max_length=16)
    timezone_fetched_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    journey_optout: bool = Field(default=False)
    # The member digest (bot/features/digest): None = the configured default. `digest_day` is
    # a weekday, 0 = Monday; `digest_time` "HH:MM" in the member's own zone.
    digest_frequency: str | None = Field(default=None, max_length=8)
    digest_day: int | None = Field(default=None)
    digest_time: str | None = Field(default=None, max_length=5)
    # The due time of the last digest sent (the next one covers what is new since), and how
    # many in a row could not be delivered (left the workspace, DMs closed): then none are
    # queued until the member chooses again.
    digest_last_sent: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    digest_misses: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    created_at: datetime = Field(sa_column=utc_column(nullable=False))
    # The language the person chose with /language ("es", "en"); None: auto, the platform's.
    language: str | None = Field(default=None, max_length=8)
    # The locale their platform last gave: the Slack profile's (users.info include_locale),
    # a Discord client's; DMs written while they are away use it.
    profile_locale: str | None = Field(default=None, max_length=16)
    # A platform locale the bot has no catalog for, once the person was told (pt-BR).
    language_noted: str | None = Field(default=None, max_length=16)
