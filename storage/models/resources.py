"""Tables of the resource library: items, their topics, and the vocabulary for typo fixes.

The full-text index lives outside SQLModel (an FTS5 table kept in sync by triggers on
SQLite, a generated weighted tsvector with a GIN index on PostgreSQL); the migration
creates it and `storage/migrations/ignored.py` keeps `alembic check` quiet about it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, Text
from sqlmodel import Column, Field, SQLModel

from storage.types import NEVER_REUSED, utc_column

MAX_URL = 2000


class Resource(SQLModel, table=True):
    __tablename__ = "resources"
    # (added_at, id): "newest first" reads a page off the index even when an import gave
    # 100,000 rows one added_at (ordering by added_at alone left them all to sort).
    __table_args__ = (Index("ix_resources_added_at_id", "added_at", "id"), NEVER_REUSED)

    id: int | None = Field(default=None, primary_key=True)
    # The normalized URL: the identity a re-import updates in place.
    url_key: str = Field(max_length=MAX_URL, unique=True)
    url: str = Field(max_length=MAX_URL)
    title: str = Field(max_length=300)
    description: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    type: str = Field(default="other", max_length=24, index=True)
    # Multi-valued fields are kept "; "-joined here (searchable, shown as is); topics are
    # also rows in resource_topics for filters and counts.
    topics: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    authors: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    audience: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    organization: str = Field(default="", max_length=200)
    published: str = Field(default="", max_length=10)
    year: int | None = Field(default=None, index=True)
    added_by: str = Field(default="", max_length=100)
    added_at: datetime = Field(sa_column=utc_column(nullable=False))
    updated_at: datetime = Field(sa_column=utc_column(nullable=False))
    verified_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    # ISO 639-1 code ("en", "es"): given by the organizer or guessed from the text.
    language: str = Field(default="en", max_length=8, index=True)
    # A Spanish item's Snowball stems (storage/resources/stems.py), empty for any other:
    # SQLite's index searches them; PostgreSQL stems with its `spanish` configuration.
    title_stems: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    text_stems: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))


class ResourceTopic(SQLModel, table=True):
    """One topic of one resource; `key` is the lowercased name used to filter and count."""

    __tablename__ = "resource_topics"
    __table_args__ = (Index("ix_resource_topics_key", "key", "resource_id"),)

    resource_id: int = Field(
        sa_column=Column(Integer, ForeignKey("resources.id", ondelete="CASCADE"), primary_key=True)
    )
    key: str = Field(max_length=100, primary_key=True)
    name: str = Field(max_length=100)


class ResourceWord(SQLModel, table=True):
    """An unstemmed word of the library and how many resources use it (typos, common words)."""

    __tablename__ = "resource_words"

    word: str = Field(max_length=40, primary_key=True)
    docs: int = Field(default=0)


class ResourceTopicCount(SQLModel, table=True):
    """A topic of the library and how many resources carry it: lists, completion and
    suggestions read this small table instead of counting every topic row."""

    __tablename__ = "resource_topic_counts"

    key: str = Field(max_length=100, primary_key=True)
    name: str = Field(max_length=100)
    docs: int = Field(default=0, index=True)
