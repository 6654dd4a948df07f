"""Tables of the topics feature: suggestions, votes, follows, decisions, merges and drafts.

A person is identified by their platform key (``slack:U1``); the platform and user id are
kept beside it so notices can be sent as DMs without parsing the key.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.types import NEVER_REUSED, utc_column

OPEN = "open"
REVIEW = "review"
PLANNED = "planned"
COVERED = "covered"
DECLINED = "declined"
MERGED = "merged"
# Out of every list: hidden by organizers (spam, someone's personal details), or withdrawn
# by its author while it was open. Not a /topics filter; the author still sees theirs.
HIDDEN = "hidden"
WITHDRAWN = "withdrawn"
STATUSES = (OPEN, REVIEW, PLANNED, COVERED, DECLINED, MERGED)
# Members can still vote on these: the idea is alive and a vote still means something.
VOTABLE = (OPEN, REVIEW, PLANNED)
# A decision is proposed (shown to the organizer with who will be told), then applied (its
# notices wait a short moment), or undone within that moment.
PROPOSED = "proposed"
APPLIED = "applied"
UNDONE = "undone"


class Suggestion(SQLModel, table=True):
    __tablename__ = "topic_suggestions"
    __table_args__ = (
        Index("ix_topic_suggestions_status_created", "status", "created_at"),
        Index("ix_topic_suggestions_author_created", "author_key", "created_at"),
        NEVER_REUSED,
    )

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=200)
    details: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    status: str = Field(default=OPEN, max_length=12)
    author_key: str = Field(max_length=90)
    author_platform: str = Field(max_length=16)
    author_user_id: str = Field(max_length=64)
    author_name: str = Field(default="", max_length=200)
    anonymous: bool = Field(default=False)
    link_kind: str = Field(default="", max_length=12)
    link_ref: str = Field(default="", max_length=500)
    reason: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    merged_into_id: int | None = Field(default=None, foreign_key="topic_suggestions.id")
    created_at: datetime = Field(sa_column=utc_column(nullable=False))
    updated_at: datetime = Field(sa_column=utc_column(nullable=False))


class Vote(SQLModel, table=True):
    __tablename__ = "topic_votes"
    __table_args__ = (
        UniqueConstraint("suggestion_id", "voter_key", name="uq_topic_votes_suggestion_voter"),
        Index("ix_topic_votes_voter", "voter_key"),
    )

    id: int | None = Field(default=None, primary_key=True)
    suggestion_id: int = Field(foreign_key="topic_suggestions.id", ondelete="CASCADE")
    voter_key: str = Field(max_length=90)
    platform: str = Field(max_length=16)
    user_id: str = Field(max_length=64)
    created_at: datetime = Field(sa_column=utc_column(nullable=False))


class Follow(SQLModel, table=True):
    """An explicit follow (e.g. moved by a merge) or, with active=False, an unfollow.

    The suggester and the voters follow implicitly; a row here overrides that.
    """

    __tablename__ = "topic_follows"
    __table_args__ = (
        UniqueConstraint("suggestion_id", "member_key", name="uq_topic_follows_suggestion_member"),
    )

    id: int | None = Field(default=None, primary_key=True)
    suggestion_id: int = Field(foreign_key="topic_suggestions.id", ondelete="CASCADE")
    member_key: str = Field(max_length=90)
    platform: str = Field(max_length=16)
    user_id: str = Field(max_length=64)
    active: bool = Field(default=True)
    created_at: datetime = Field(sa_column=utc_column(nullable=False))


class StatusChange(SQLModel, table=True):
    """One decision: what the status became, why, and what it links to. Notices key on it."""

    __tablename__ = "topic_status_changes"
    __table_args__ = NEVER_REUSED

    id: int | None = Field(default=None, primary_key=True)
    suggestion_id: int = Field(foreign_key="topic_suggestions.id", ondelete="CASCADE", index=True)
    status: str = Field(max_length=12)
    reason: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    link_kind: str = Field(default="", max_length=12)
    link_ref: str = Field(default="", max_length=500)
    by_key: str = Field(max_length=90)
    state: str = Field(default=APPLIED, max_length=10, sa_column_kwargs={"server_default": APPLIED})
    created_at: datetime = Field(sa_column=utc_column(nullable=False))


# What a merge kept: the source's votes and follows as they were, and the rows it added to
# the target (so Undo deletes those and nothing else).
SOURCE = "source"
TARGET = "target"
VOTE = "vote"
FOLLOW = "follow"


class MergeMove(SQLModel, table=True):
    """A vote or follow a merge took from its source or added to its target, kept only while
    the merge can be undone (housekeeping deletes older ones; /privacy deletes a member's)."""

    __tablename__ = "topic_merge_moves"
    __table_args__ = (Index("ix_topic_merge_moves_member", "member_key"),)

    id: int | None = Field(default=None, primary_key=True)
    change_id: int = Field(foreign_key="topic_status_changes.id", ondelete="CASCADE", index=True)
    side: str = Field(max_length=6)
    kind: str = Field(max_length=6)
    member_key: str = Field(max_length=90)
    platform: str = Field(max_length=16)
    user_id: str = Field(max_length=64)
    active: bool = Field(default=True)
    created_at: datetime = Field(sa_column=utc_column(nullable=False))


class Draft(SQLModel, table=True):
    """A suggestion waiting for "Post mine anyway": free text is too long for a button id."""

    __tablename__ = "topic_drafts"
    __table_args__ = NEVER_REUSED

    id: int | None = Field(default=None, primary_key=True)
    author_key: str = Field(max_length=90, index=True)
    title: str = Field(max_length=200)
    details: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    anonymous: bool = Field(default=False)
    used: bool = Field(default=False)
    created_at: datetime = Field(sa_column=utc_column(nullable=False))
