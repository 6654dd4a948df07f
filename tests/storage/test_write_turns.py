"""This process's write transactions take the SQLite writer lock in turn, on the event loop:
concurrent writers all commit without meeting SQLite's busy handler, and a write session
opened inside another by the same task does not wait for itself."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import text

from storage import engine
from storage.engine import Database

TABLE = "insight_monthly_members"  # (id, month, platform, members): any small table will do


async def _write(db: Database, n: int) -> None:
    async with db.session() as session:
        await session.execute(text(f"INSERT INTO {TABLE} VALUES ({n}, 'm{n}', 'x', 1)"))
        await asyncio.sleep(0)  # let the other writers ask for the lock meanwhile
        await session.execute(text(f"UPDATE {TABLE} SET members = 2 WHERE id = {n}"))


async def test_concurrent_writers_take_turns(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No busy wait at all: a second writer asking SQLite for the lock would fail at once.
    monkeypatch.setattr(engine, "BUSY_TIMEOUT_MS", 0)
    db = Database(database_url)
    try:
        await asyncio.gather(*(_write(db, n) for n in range(1, 21)))
        async with db.read() as session:
            rows = (await session.execute(text(f"SELECT sum(members) FROM {TABLE}"))).scalar()
        assert rows == 40
    finally:
        await db.close()


async def test_a_session_inside_another_of_the_same_task_goes_on(db: Database) -> None:
    async with db.session() as outer:
        async with db.session() as inner:
            await inner.execute(text(f"INSERT INTO {TABLE} VALUES (1, 'inner', 'x', 1)"))
        await outer.execute(text(f"SELECT count(*) FROM {TABLE}"))
    async with db.read() as session:
        assert (await session.execute(text(f"SELECT count(*) FROM {TABLE}"))).scalar() == 1
