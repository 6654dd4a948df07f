"""SQLite reads run on the event loop's thread, read-only: they see what was committed, and a
write through `read()` fails at once instead of waiting for the writer lock."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from storage.engine import Database

TABLE = "insight_monthly_members"  # (id, month, platform, members): any small table will do


async def test_reads_see_committed_writes_and_refuse_to_write(db: Database) -> None:
    async with db.session() as session:
        await session.execute(text(f"INSERT INTO {TABLE} VALUES (1, 'pepper', 'x', 1)"))
    async with db.read() as session:
        salt = (await session.execute(text(f"SELECT month FROM {TABLE}"))).scalar_one()
    assert salt == "pepper"
    if not db.is_sqlite:
        return
    assert db.reader is not db.engine
    with pytest.raises(OperationalError, match=r"readonly|read-only|query_only"):
        async with db.read() as session:
            await session.execute(text(f"DELETE FROM {TABLE}"))
    async with db.read() as session:
        assert (await session.execute(text(f"SELECT count(*) FROM {TABLE}"))).scalar() == 1
