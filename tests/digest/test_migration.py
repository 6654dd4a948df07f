"""Migration 0028: the digest columns on members go on and come off, on both databases,
keeping every other choice of each member."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import inspect, text

from storage import members, migrate
from storage.engine import Database
from storage.identity import Account
from tests.digest.support import local
from tests.storage.migration_helpers import downgrade

DIGEST = {"digest_frequency", "digest_day", "digest_time", "digest_last_sent", "digest_misses"}


async def _columns(db: Database) -> set[str]:
    async with db.engine.connect() as connection:
        found = await connection.run_sync(lambda c: inspect(c).get_columns("members"))
    return {column["name"] for column in found}


async def test_upgrade_and_downgrade_keep_the_other_choices(
    database_url: str, tmp_path: Path
) -> None:
    db = Database(
        f"sqlite+aiosqlite:///{tmp_path / 'm.db'}"
        if database_url.startswith("sqlite")
        else database_url
    )
    try:
        await migrate.upgrade(db)
        now = local("2026-03-01 10:00")
        async with db.session() as session:
            await members.set_chosen_zone(session, Account("slack", "U1"), "Asia/Tokyo", now)
            await members.set_digest(session, Account("slack", "U1"), "weekly", 4, "08:00", now)
        assert await _columns(db) >= DIGEST
        await downgrade(db, "0024")
        assert not DIGEST & await _columns(db)
        async with db.read() as session:
            zone = (await session.execute(text("SELECT timezone FROM members"))).scalar_one()
        assert zone == "Asia/Tokyo"
        await migrate.upgrade(db)
        async with db.read() as session:
            row = await members.row(session, Account("slack", "U1"))
        assert row is not None and row.timezone == "Asia/Tokyo"
        assert (row.digest_frequency, row.digest_misses) == (None, 0)
        await migrate.check(db)
    finally:
        await migrate.upgrade(db)  # the shared PostgreSQL database stays at head
        await db.close()
