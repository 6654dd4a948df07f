"""Tables of members sharing into the library: proposals, saved items and usefulness marks.

A person is their actor key (``slack:U1``, the key votes use); the platform and user id of
the proposer are kept beside it so the decision's DM needs no parsing. The credit line
("Shared by <name>") lives on the proposal, not on the resource: a member who deletes their
data takes the credit with them and the resource stays.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Index, Integer, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.models.resources import MAX_URL
from storage.types import NEVER_REUSED, utc_column

PENDING = "pending"
ADDED = "added"
DECLINED = "declined"
ALREADY = "already"
STATUSES = (PENDING, ADDED, DECLINED, ALREADY)
DECIDED = (ADDED, DECLINED, ALREADY)


class Proposal(SQLModel, table=True):
    """A resource a member proposed for the library, and what organizers made of it."""

    __tablename__ = "resource_proposals"
    __table_args__ = (
        Index("ix_resource_proposals_status_created", "status", "created_at"),
        Index("ix_resource_proposals_proposer", "proposer_key", "status"),
        Index("ix_resource_proposals_url_key", "url_key"),
        NEVER_REUSED,
    )

    id: int | None = Field(default=None, primary_key=True)
    url: str = Field(max_length=MAX_URL)
    url_key: str = Field(max_length=MAX_URL)
    # The title Slack unfurled for the link, when the message had one.
    title: str = Field(default="", max_length=300)
    why: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    source: str = Field(default="command", max_length=16)
    status: str = Field(default=PENDING, max_length=12)
    proposer_key: str = Field(max_length=90)
    proposer_platform: str = Field(max_length=16)
    proposer_user_id: str = Field(max_length=64)
    proposer_name: str = Field(default="", max_length=200)
    credited: bool = Field(default=True)
    resource_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("resources.id", ondelete="SET NULL"), nullable=True),
    )
    reason: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    decided_by: str = Field(default="", max_length=90)
    decided_by_name: str = Field(default="", max_length=200)
    created_at: datetime = Field(sa_column=utc_column(nullable=False))
    decided_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))


class Save(SQLModel, table=True):
    """A resource on one member's own list (/resources saved)."""

    __tablename__ = "resource_saves"
    __table_args__ = (
        UniqueConstraint("resource_id", "member_key", name="uq_resource_saves_resource_member"),
        Index("ix_resource_saves_member", "member_key", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    resource_id: int = Field(
        sa_column=Column(Integer, ForeignKey("resources.id", ondelete="CASCADE"), nullable=False)
    )
    member_key: str = Field(max_length=90)
    created_at: datetime = Field(sa_column=utc_column(nullable=False))


class Usefulness(SQLModel, table=True):
    """One member's answer to "Was this useful?" about one resource (the latest counts)."""

    __tablename__ = "resource_usefulness"
    __table_args__ = (
        UniqueConstraint(
            "resource_id", "member_key", name="uq_resource_usefulness_resource_member"
        ),
        Index("ix_resource_usefulness_member", "member_key"),
    )

    id: int | None = Field(default=None, primary_key=True)
    resource_id: int = Field(
        sa_column=Column(Integer, ForeignKey("resources.id", ondelete="CASCADE"), nullable=False)
    )
    member_key: str = Field(max_length=90)
    useful: bool
    marked_at: datetime = Field(sa_column=utc_column(nullable=False))
