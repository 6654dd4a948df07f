"""Migrations: they build the schema the models describe, on SQLite and PostgreSQL alike."""

from datetime import UTC, datetime, timedelta, timezone

import pytest

from storage import migrate
from storage.engine import Database
from storage.models.members import Member


async def test_models_and_migrations_do_not_drift(db: Database) -> None:
    await migrate.upgrade(db)  # idempotent on an up-to-date database
    await migrate.check(db)
    assert set(await migrate.current(db)) == set(migrate.head_revisions())


async def test_datetimes_come_back_aware_utc(db: Database) -> None:
    central = timezone(timedelta(hours=-6))
    when = datetime(2026, 3, 19, 13, 0, tzinfo=central)
    async with db.session() as session:
        session.add(Member(platform="slack", user_id="U1", created_at=when))
    async with db.read() as session:
        member = await session.get(Member, 1)
    assert member is not None
    assert member.created_at == when and member.created_at.tzinfo == UTC


async def test_naive_datetimes_are_refused(db: Database) -> None:
    with pytest.raises(Exception, match="naive datetime"):
        async with db.session() as session:
            session.add(Member(platform="slack", user_id="U2", created_at=datetime(2026, 1, 1)))
