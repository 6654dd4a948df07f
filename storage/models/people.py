"""One member across platforms: linked accounts and the short-lived codes that link them.

A person is named by the key of their first account (``slack:U1``), the `person_key`:
votes, follows, suggestions and reminders of every linked account are kept under it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.types import utc_column


class MemberLink(SQLModel, table=True):
    """One account of a linked person; the person's DMs go to the row with `receives_dms`."""

    __tablename__ = "member_links"
    __table_args__ = (
        UniqueConstraint("platform", "user_id", name="uq_member_links_platform_user"),
    )

    id: int | None = Field(default=None, primary_key=True)
    person_key: str = Field(max_length=90, index=True)
    platform: str = Field(max_length=16)
    user_id: str = Field(max_length=64)
    receives_dms: bool = Field(default=False)
    linked_at: datetime = Field(sa_column=utc_column(nullable=False))


class LinkCode(SQLModel, table=True):
    """A one-time code from /link, stored as its SHA-256 only."""

    __tablename__ = "link_codes"

    id: int | None = Field(default=None, primary_key=True)
    code_hash: str = Field(max_length=64, unique=True)
    platform: str = Field(max_length=16)
    user_id: str = Field(max_length=64)
    expires_at: datetime = Field(sa_column=utc_column(nullable=False))
    used_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    created_at: datetime = Field(sa_column=utc_column(nullable=False))
