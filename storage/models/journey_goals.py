"""The personal journey: one row per person and quarter (their goal, items, outcome).

A person is their home account (storage/members.py `home()`), so linked accounts share one
goal. The row is made when the kick-off DM is queued, which is also what keeps that DM from
being queued twice after housekeeping forgot its delivery row.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Text, UniqueConstraint
from sqlmodel import Column, Field, SQLModel

from storage.types import utc_column

YES, PARTLY, NOT_YET = "yes", "partly", "not_yet"
OUTCOMES = (YES, PARTLY, NOT_YET)


class JourneyGoal(SQLModel, table=True):
    __tablename__ = "journey_goals"
    __table_args__ = (
        UniqueConstraint("platform", "user_id", "quarter", name="uq_journey_goals_person_quarter"),
        Index("ix_journey_goals_quarter", "quarter"),
    )

    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=16)
    user_id: str = Field(max_length=64)
    quarter: str = Field(max_length=10)
    goal: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    declined: bool = Field(default=False)
    # The three library items matched to the goal, as "12,5,7" (ids of resources).
    items: str = Field(default="", max_length=100)
    outcome: str | None = Field(default=None, max_length=8)
    helped: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    # A DM that the platform refused (left the workspace, DMs blocked): skipped and counted.
    unreachable: bool = Field(default=False)
    asked_at: datetime = Field(sa_column=utc_column(nullable=False))
    answered_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    checked_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    outcome_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
