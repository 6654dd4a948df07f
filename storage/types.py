"""Column types: datetimes are aware UTC in Python whatever the database keeps."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC in, aware UTC out. SQLite keeps naive UTC text, PostgreSQL timestamptz."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column; attach a time zone")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)  # type: ignore[no-any-return]
        return value.astimezone(UTC)  # type: ignore[no-any-return]


def utc_column(**kwargs: Any) -> Any:
    """An sa_column for a SQLModel field holding an aware UTC datetime."""
    from sqlalchemy import Column

    return Column(UTCDateTime(), **kwargs)


# Table kwargs for tables whose ids people see, press (component ids) or that delivery keys
# carry: on SQLite, AUTOINCREMENT stops a deleted row's id from being given to the next row
# (PostgreSQL sequences never go back). Migration 0009 rebuilds existing tables with it.
NEVER_REUSED: dict[str, Any] = {"sqlite_autoincrement": True}
